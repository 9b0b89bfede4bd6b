/* test_ops_dynamic.c - unit tests for the ops with data-dependent output
 * shapes (src/ops/dynamic.c: NonZero, Compress, Unique, NonMaxSuppression)
 * and for Det, TensorScatter and DeformConv (src/ops/linalg.c), and
 * MaxPool's Indices output and uint8 input (src/kernels/pool_idx.c).
 *
 * Constant inputs fold through eval to exactly-shaped constants, checked
 * against values worked out by hand in the comments; run-time inputs give
 * the static upper-bound shape flagged `dynamic`. Error cases check the
 * message text. Package checks (stand-in emitter, see
 * tests/unit/harness/op_test.h) compile and run the emitted code for the
 * ops that need no arena scratch.
 *
 * Prints `PASS name` / `FAIL name: why` (`SKIP name: why`), then `N passed, N failed`.
 */
#include "ops/op.h"
#include "emit/emit.h"
#include "harness/op_test_g.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const op_def op_NonZero, op_Compress, op_Unique, op_NonMaxSuppression, op_MaxPool, op_Det,
    op_TensorScatter, op_DeformConv;

#define F_(...) ((const float[]){__VA_ARGS__})
static int c_f32(const char *name, int rank, const int64_t *dims, const float *v) {
  return constant(name, IR_F32, rank, dims, v);
}
static int c_bool(const char *name, int rank, const int64_t *dims, const unsigned char *v) {
  return constant(name, IR_BOOL, rank, dims, v);
}
#define B_(...) ((const unsigned char[]){__VA_ARGS__})

static void expect_dynamic(const char *name, const ir_tensor *t, int want) {
  ot_check(t->dynamic == want, name, "dynamic = %d, want %d", t->dynamic, want);
}

static void test_nonzero(void) {
  begin();
  /* [[1, 0], [1, 1]]: nonzeros at (0,0) (1,0) (1,1) -> rows [0 1 1], cols [0 0 1] */
  int nd = node("NonZero", 13, 1, IDS(c_f32("x", 2, L(2, 2), F_(1, 0, 1, 1))), 1);
  if (EXPECT_SHAPE("nonzero const shape", &op_NonZero, nd, 0, IR_I64, 2, 3)) {
    EXPECT_DATA("nonzero const data", out(nd, 0), 0, 1, 1, 0, 0, 1);
    expect_dynamic("nonzero const is static", out(nd, 0), 0);
  }
  package_check("nonzero package", &op_NonZero, nd);
  /* -0.0 is zero, NaN is not: [0, -0, NaN, 2] -> [[2, 3]] */
  nd = node("NonZero", 13, 1, IDS(c_f32("z", 1, L(4), F_(0.0f, -0.0f, NAN, 2.0f))), 1);
  if (EXPECT_SHAPE("nonzero signed zero shape", &op_NonZero, nd, 0, IR_I64, 1, 2))
    EXPECT_DATA("nonzero signed zero data", out(nd, 0), 2, 3);
  /* run-time input: upper bound [rank, numel] */
  nd = node("NonZero", 13, 1, IDS(tensor("r", IR_I32, 3, L(2, 3, 4))), 1);
  if (EXPECT_SHAPE("nonzero runtime upper bound", &op_NonZero, nd, 0, IR_I64, 3, 24))
    expect_dynamic("nonzero runtime is dynamic", out(nd, 0), 1);
  nd = node("NonZero", 13, 1, IDS(tensor("s", IR_F32, 0, NULL)), 1);
  expect_fail("nonzero scalar refused", &op_NonZero, nd, "is a scalar; kiln's NonZero needs rank >= 1");
}

static void test_compress(void) {
  begin();
  /* x = [[1,2],[3,4],[5,6]], cond [0,1,1] along axis 0 -> [[3,4],[5,6]] */
  int x = c_f32("x", 2, L(3, 2), F_(1, 2, 3, 4, 5, 6));
  int nd = node("Compress", 11, 2, IDS(x, c_bool("c", 1, L(3), B_(0, 1, 1))), 1);
  a_int(nd, "axis", 0);
  if (EXPECT_SHAPE("compress axis 0 shape", &op_Compress, nd, 0, IR_F32, 2, 2))
    EXPECT_DATA("compress axis 0 data", out(nd, 0), 3, 4, 5, 6);
  package_check("compress package", &op_Compress, nd);
  /* no axis: flattened [1..6], cond [0,1,0,0,1] (shorter) -> [2, 5] */
  nd = node("Compress", 11, 2, IDS(x, c_bool("c2", 1, L(5), B_(0, 1, 0, 0, 1))), 1);
  if (EXPECT_SHAPE("compress flat shape", &op_Compress, nd, 0, IR_F32, 2)) EXPECT_DATA("compress flat data", out(nd, 0), 2, 5);
  /* axis -1, cond [0, 1] -> [[2],[4],[6]] */
  nd = node("Compress", 11, 2, IDS(x, c_bool("c3", 1, L(2), B_(0, 1))), 1);
  a_int(nd, "axis", -1);
  if (EXPECT_SHAPE("compress axis -1 shape", &op_Compress, nd, 0, IR_F32, 3, 1))
    EXPECT_DATA("compress axis -1 data", out(nd, 0), 2, 4, 6);
  /* run-time condition: upper bound min(len, dim) along the axis */
  int rx = tensor("rx", IR_F32, 2, L(3, 2));
  nd = node("Compress", 11, 2, IDS(rx, tensor("rc", IR_BOOL, 1, L(2))), 1);
  a_int(nd, "axis", 0);
  if (EXPECT_SHAPE("compress runtime upper bound", &op_Compress, nd, 0, IR_F32, 2, 2))
    expect_dynamic("compress runtime is dynamic", out(nd, 0), 1);
  /* a constant condition gives a static shape even with a run-time x */
  nd = node("Compress", 11, 2, IDS(rx, c_bool("c4", 1, L(3), B_(1, 0, 1))), 1);
  a_int(nd, "axis", 0);
  if (EXPECT_SHAPE("compress const cond static shape", &op_Compress, nd, 0, IR_F32, 2, 2))
    expect_dynamic("compress const cond is static", out(nd, 0), 0);
  nd = node("Compress", 11, 2, IDS(rx, tensor("rc5", IR_BOOL, 1, L(4))), 1);
  a_int(nd, "axis", 0);
  expect_fail("compress long condition refused", &op_Compress, nd,
              "has 4 entries but the axis has only 3 (a longer condition must be a constant)");
  /* a longer constant condition whose extra entries are false is fine (numpy) */
  nd = node("Compress", 11, 2, IDS(x, c_bool("c7", 1, L(4), B_(1, 0, 0, 0))), 1);
  a_int(nd, "axis", 0);
  if (EXPECT_SHAPE("compress long false tail shape", &op_Compress, nd, 0, IR_F32, 1, 2))
    EXPECT_DATA("compress long false tail data", out(nd, 0), 1, 2);
  nd = node("Compress", 11, 2, IDS(x, c_bool("c8", 1, L(4), B_(1, 0, 0, 1))), 1);
  a_int(nd, "axis", 0);
  expect_fail("compress long true tail refused", &op_Compress, nd, "and selects past its end");
  nd = node("Compress", 11, 2, IDS(rx, tensor("rc6", IR_I64, 1, L(2))), 1);
  expect_fail("compress int condition refused", &op_Compress, nd, "supported: bool");
}

static void test_unique(void) {
  begin();
  /* x = [2, 1, 1, 3, 4, 3]: sorted Y [1 2 3 4], first indices [1 0 3 4],
   * inverse [1 0 0 2 3 2], counts [2 1 2 1] */
  int x = c_f32("x", 1, L(6), F_(2, 1, 1, 3, 4, 3));
  int nd = node("Unique", 11, 1, IDS(x), 4);
  if (EXPECT_SHAPE("unique sorted shape", &op_Unique, nd, 0, IR_F32, 4)) {
    EXPECT_DATA("unique sorted Y", out(nd, 0), 1, 2, 3, 4);
    EXPECT_DATA("unique sorted indices", out(nd, 1), 1, 0, 3, 4);
    EXPECT_DATA("unique sorted inverse", out(nd, 2), 1, 0, 0, 2, 3, 2);
    EXPECT_DATA("unique sorted counts", out(nd, 3), 2, 1, 2, 1);
  }
  /* unsorted: order of first occurrence: Y [2 1 3 4], indices [0 1 3 4],
   * inverse [0 1 1 2 3 2], counts [1 2 2 1] */
  nd = node("Unique", 11, 1, IDS(x), 4);
  a_int(nd, "sorted", 0);
  if (EXPECT_SHAPE("unique unsorted shape", &op_Unique, nd, 0, IR_F32, 4)) {
    EXPECT_DATA("unique unsorted Y", out(nd, 0), 2, 1, 3, 4);
    EXPECT_DATA("unique unsorted indices", out(nd, 1), 0, 1, 3, 4);
    EXPECT_DATA("unique unsorted inverse", out(nd, 2), 0, 1, 1, 2, 3, 2);
    EXPECT_DATA("unique unsorted counts", out(nd, 3), 1, 2, 2, 1);
  }
  /* axis 0 rows of [[1,0,0],[1,0,0],[2,3,4]]: Y [[1,0,0],[2,3,4]] */
  nd = node("Unique", 11, 1, IDS(c_f32("r", 2, L(3, 3), F_(1, 0, 0, 1, 0, 0, 2, 3, 4))), 4);
  a_int(nd, "axis", 0);
  if (EXPECT_SHAPE("unique axis 0 shape", &op_Unique, nd, 0, IR_F32, 2, 3)) {
    EXPECT_DATA("unique axis 0 Y", out(nd, 0), 1, 0, 0, 2, 3, 4);
    EXPECT_DATA("unique axis 0 indices", out(nd, 1), 0, 2);
    EXPECT_DATA("unique axis 0 inverse", out(nd, 2), 0, 0, 1);
    EXPECT_DATA("unique axis 0 counts", out(nd, 3), 2, 1);
  }
  /* axis -1 columns of [[1,0,1],[2,5,2]]: (1,2) (0,5) (1,2) -> sorted
   * (0,5) (1,2): Y [[0,1],[5,2]], indices [1 0], inverse [1 0 1], counts [1 2] */
  nd = node("Unique", 11, 1, IDS(c_f32("cl", 2, L(2, 3), F_(1, 0, 1, 2, 5, 2))), 4);
  a_int(nd, "axis", -1);
  if (EXPECT_SHAPE("unique axis -1 shape", &op_Unique, nd, 0, IR_F32, 2, 2)) {
    EXPECT_DATA("unique axis -1 Y", out(nd, 0), 0, 1, 5, 2);
    EXPECT_DATA("unique axis -1 indices", out(nd, 1), 1, 0);
    EXPECT_DATA("unique axis -1 inverse", out(nd, 2), 1, 0, 1);
    EXPECT_DATA("unique axis -1 counts", out(nd, 3), 1, 2);
  }
  /* NaNs sort last and count as one value (numpy's equal_nan); -0 == 0:
   * [NaN, 1, -0, NaN, 0] -> Y [0(-0 first) 1 NaN], counts [2 1 2] */
  nd = node("Unique", 11, 1, IDS(c_f32("nan", 1, L(5), F_(NAN, 1, -0.0f, NAN, 0))), 4);
  if (EXPECT_SHAPE("unique nan shape", &op_Unique, nd, 0, IR_F32, 3)) {
    ot_expect_reals("unique nan Y", out(nd, 0), IR_F32, D_(0, 1, NAN), 3, 0, 0);
    EXPECT_DATA("unique nan indices", out(nd, 1), 2, 1, 0);
    EXPECT_DATA("unique nan counts", out(nd, 3), 2, 1, 2);
  }
  /* int64 negatives sort below positives; only Y requested */
  nd = node("Unique", 11, 1, IDS(c_i64("i", 1, L(4), L(5, -7, 5, 0))), 1);
  if (EXPECT_SHAPE("unique int64 shape", &op_Unique, nd, 0, IR_I64, 3))
    EXPECT_DATA("unique int64 Y", out(nd, 0), -7, 0, 5);
  /* bfloat16 bits: 1.5 = 0x3FC0, -2 = 0xC000 -> sorted [-2, 1.5] */
  nd = node("Unique", 11, 1, IDS(constant("bf", IR_BF16, 1, L(3), (const uint16_t[]){0x3FC0, 0xC000, 0x3FC0})), 1);
  if (EXPECT_SHAPE("unique bf16 shape", &op_Unique, nd, 0, IR_BF16, 2))
    expect_bytes("unique bf16 Y", out(nd, 0), (const uint16_t[]){0xC000, 0x3FC0}, 4);
  /* run-time input: upper bounds, inverse static */
  nd = node("Unique", 11, 1, IDS(tensor("rt", IR_F32, 2, L(4, 5))), 4);
  a_int(nd, "axis", 1);
  if (EXPECT_SHAPE("unique runtime Y upper bound", &op_Unique, nd, 0, IR_F32, 4, 5)) {
    expect_dynamic("unique runtime Y dynamic", out(nd, 0), 1);
    expect_dynamic("unique runtime indices dynamic", out(nd, 1), 1);
    expect_dynamic("unique runtime inverse static", out(nd, 2), 0);
    ot_expect_shape("unique runtime inverse shape", out(nd, 2), IR_I64, 1, L(5));
  }
  nd = node("Unique", 11, 1, IDS(tensor("rt2", IR_F32, 1, L(4))), 1);
  a_int(nd, "sorted", 2);
  expect_fail("unique bad sorted", &op_Unique, nd, "attribute 'sorted' is 2, expected 0 or 1");
}

static void test_nms(void) {
  begin();
  /* boxes [y1 x1 y2 x2]: b0 [0,0,1,1]; b1 [0,0.1,1,1.1] overlaps b0 with
   * IoU 0.9/1.1 = 0.82; b2 [0,10,1,11] is far away. scores .9 .75 .6 */
  int boxes = c_f32("boxes", 3, L(1, 3, 4), F_(0, 0, 1, 1, 0, 0.1f, 1, 1.1f, 0, 10, 1, 11));
  int scores = c_f32("scores", 3, L(1, 1, 3), F_(0.9f, 0.75f, 0.6f));
  int mx = c_i64("max", 1, L(1), L(3)), iou = c_f32("iou", 1, L(1), F_(0.5f));
  int nd = node("NonMaxSuppression", 11, 4, IDS(boxes, scores, mx, iou), 1);
  /* b1 is suppressed by b0: (0,0,0) (0,0,2) */
  if (EXPECT_SHAPE("nms iou shape", &op_NonMaxSuppression, nd, 0, IR_I64, 2, 3))
    EXPECT_DATA("nms iou data", out(nd, 0), 0, 0, 0, 0, 0, 2);
  /* score threshold 0.7 drops b2 */
  nd = node("NonMaxSuppression", 11, 5, IDS(boxes, scores, mx, iou, c_f32("st", 1, L(1), F_(0.7f))), 1);
  if (EXPECT_SHAPE("nms score threshold shape", &op_NonMaxSuppression, nd, 0, IR_I64, 1, 3))
    EXPECT_DATA("nms score threshold data", out(nd, 0), 0, 0, 0);
  /* IoU threshold 0.9 keeps b1 (0.82 is not above it): score order 0 1 2 */
  nd = node("NonMaxSuppression", 11, 4, IDS(boxes, scores, mx, c_f32("iou9", 1, L(1), F_(0.9f))), 1);
  if (EXPECT_SHAPE("nms high iou shape", &op_NonMaxSuppression, nd, 0, IR_I64, 3, 3))
    EXPECT_DATA("nms high iou data", out(nd, 0), 0, 0, 0, 0, 0, 1, 0, 0, 2);
  /* max 1 per class */
  nd = node("NonMaxSuppression", 11, 4, IDS(boxes, scores, c_i64("m1", 1, L(1), L(1)), iou), 1);
  if (EXPECT_SHAPE("nms max 1 shape", &op_NonMaxSuppression, nd, 0, IR_I64, 1, 3))
    EXPECT_DATA("nms max 1 data", out(nd, 0), 0, 0, 0);
  /* no max_output_boxes_per_class: nothing is selected */
  nd = node("NonMaxSuppression", 11, 2, IDS(boxes, scores), 1);
  EXPECT_SHAPE("nms no max is empty", &op_NonMaxSuppression, nd, 0, IR_I64, 0, 3);
  /* center format [xc yc w h]: the same boxes as above */
  int cb = c_f32("cboxes", 3, L(1, 3, 4), F_(0.5f, 0.5f, 1, 1, 0.6f, 0.5f, 1, 1, 10.5f, 0.5f, 1, 1));
  nd = node("NonMaxSuppression", 11, 4, IDS(cb, scores, mx, iou), 1);
  a_int(nd, "center_point_box", 1);
  if (EXPECT_SHAPE("nms center shape", &op_NonMaxSuppression, nd, 0, IR_I64, 2, 3))
    EXPECT_DATA("nms center data", out(nd, 0), 0, 0, 0, 0, 0, 2);
  /* run-time inputs: upper bound batches * classes * boxes rows */
  nd = node("NonMaxSuppression", 11, 3,
            IDS(tensor("rb", IR_F32, 3, L(2, 5, 4)), tensor("rs", IR_F32, 3, L(2, 3, 5)), tensor("rm", IR_I64, 1, L(1))), 1);
  if (EXPECT_SHAPE("nms runtime upper bound", &op_NonMaxSuppression, nd, 0, IR_I64, 30, 3))
    expect_dynamic("nms runtime dynamic", out(nd, 0), 1);
  /* a constant max tightens the bound: 2 * 3 * min(2, 5) */
  nd = node("NonMaxSuppression", 11, 3,
            IDS(tensor("rb2", IR_F32, 3, L(2, 5, 4)), tensor("rs2", IR_F32, 3, L(2, 3, 5)), c_i64("m2", 1, L(1), L(2))), 1);
  EXPECT_SHAPE("nms constant max bound", &op_NonMaxSuppression, nd, 0, IR_I64, 12, 3);
  nd = node("NonMaxSuppression", 11, 2, IDS(tensor("bb", IR_F32, 3, L(1, 5, 3)), tensor("bs", IR_F32, 3, L(1, 1, 5))), 1);
  expect_fail("nms bad boxes", &op_NonMaxSuppression, nd, "must be [batches, boxes, 4]");
  nd = node("NonMaxSuppression", 11, 2, IDS(tensor("cb2", IR_F32, 3, L(1, 5, 4)), tensor("cs", IR_F32, 3, L(1, 1, 4))), 1);
  expect_fail("nms mismatched scores", &op_NonMaxSuppression, nd, "must be [batches, classes, boxes]");
}

static void test_maxpool_indices(void) {
  begin();
  /* plane 0 = [[1,5,2],[7,3,7],[0,9,4]], plane 1 = 0..8; 2x2 windows, stride 1.
   * plane 0 maxima: 7 at (1,0), 7 at (1,2), 9 at (2,1) twice -> flat 3 5 7 7
   * (column-major h + 3w: 1 7 5 5); plane 1: bottom-right taps 4 5 7 8, + 9 */
  const float xv[18] = {1, 5, 2, 7, 3, 7, 0, 9, 4, 0, 1, 2, 3, 4, 5, 6, 7, 8};
  int x = c_f32("x", 4, L(1, 2, 3, 3), xv);
  int nd = node("MaxPool", 12, 1, IDS(x), 2);
  A_INTS(nd, "kernel_shape", 2, 2);
  if (EXPECT_SHAPE("maxpool indices shape", &op_MaxPool, nd, 1, IR_I64, 1, 2, 2, 2)) {
    EXPECT_DATA("maxpool indices Y", out(nd, 0), 7, 7, 9, 9, 4, 5, 7, 8);
    EXPECT_DATA("maxpool indices row-major", out(nd, 1), 3, 5, 7, 7, 13, 14, 16, 17);
  }
  package_check("maxpool indices package", &op_MaxPool, nd);
  nd = node("MaxPool", 12, 1, IDS(x), 2);
  A_INTS(nd, "kernel_shape", 2, 2);
  a_int(nd, "storage_order", 1);
  /* plane 1 column-major: (1,1) -> 4, (1,2) -> 7, (2,1) -> 5, (2,2) -> 8 */
  if (EXPECT_SHAPE("maxpool storage_order 1 shape", &op_MaxPool, nd, 1, IR_I64, 1, 2, 2, 2))
    EXPECT_DATA("maxpool storage_order 1", out(nd, 1), 1, 7, 5, 5, 13, 16, 14, 17);
  const uint8_t xu[9] = {1, 5, 2, 7, 3, 7, 0, 200, 4};
  nd = node("MaxPool", 12, 1, IDS(constant("xu", IR_U8, 4, L(1, 1, 3, 3), xu)), 1);
  A_INTS(nd, "kernel_shape", 2, 2);
  if (EXPECT_SHAPE("maxpool uint8 shape", &op_MaxPool, nd, 0, IR_U8, 1, 1, 2, 2))
    EXPECT_DATA("maxpool uint8 Y", out(nd, 0), 7, 7, 200, 200);
  package_check("maxpool uint8 package", &op_MaxPool, nd);
}

static void test_det(void) {
  begin();
  /* det [[1,2],[3,4]] = -2; det [[2,0],[0,5]] = 10 */
  int nd = node("Det", 11, 1, IDS(c_f32("x", 3, L(2, 2, 2), F_(1, 2, 3, 4, 2, 0, 0, 5))), 1);
  if (EXPECT_SHAPE("det batch shape", &op_Det, nd, 0, IR_F32, 2)) EXPECT_DATA("det batch", out(nd, 0), -2, 10);
  /* a zero first pivot: rows swapped once, det [[0,1,0],[1,0,0],[0,0,3]] = -3 */
  nd = node("Det", 11, 1, IDS(c_f32("p", 2, L(3, 3), F_(0, 1, 0, 1, 0, 0, 0, 0, 3))), 1);
  if (SCALAR_SHAPE("det pivot shape", &op_Det, nd, 0, IR_F32)) EXPECT_DATA("det pivot", out(nd, 0), -3);
  nd = node("Det", 11, 1, IDS(c_f32("s", 2, L(2, 2), F_(1, 2, 2, 4))), 1);
  if (SCALAR_SHAPE("det singular shape", &op_Det, nd, 0, IR_F32)) EXPECT_DATA("det singular", out(nd, 0), 0);
  nd = node("Det", 11, 1, IDS(tensor("r", IR_F32, 2, L(2, 3))), 1);
  expect_fail("det non-square refused", &op_Det, nd, "must be [*, M, M]");
}

static void test_tensorscatter(void) {
  begin();
  /* cache [1, 4, 2] of zeros, update rows [1,2] [3,4] written from index 3
   * along axis -2: linear drops the row past the end, circular wraps it to 0 */
  int past = c_f32("past", 3, L(1, 4, 2), F_(0, 0, 0, 0, 0, 0, 0, 0));
  int upd = c_f32("upd", 3, L(1, 2, 2), F_(1, 2, 3, 4));
  int wi = c_i64("wi", 1, L(1), L(3));
  int nd = node("TensorScatter", 24, 3, IDS(past, upd, wi), 1);
  if (EXPECT_SHAPE("tensorscatter linear shape", &op_TensorScatter, nd, 0, IR_F32, 1, 4, 2))
    EXPECT_DATA("tensorscatter linear", out(nd, 0), 0, 0, 0, 0, 0, 0, 1, 2);
  package_check("tensorscatter package", &op_TensorScatter, nd);
  nd = node("TensorScatter", 24, 3, IDS(past, upd, wi), 1);
  a_str(nd, "mode", "circular");
  if (EXPECT_SHAPE("tensorscatter circular shape", &op_TensorScatter, nd, 0, IR_F32, 1, 4, 2))
    EXPECT_DATA("tensorscatter circular", out(nd, 0), 3, 4, 0, 0, 0, 0, 1, 2);
  /* no write_indices: from 0 */
  nd = node("TensorScatter", 24, 2, IDS(past, upd), 1);
  if (EXPECT_SHAPE("tensorscatter default shape", &op_TensorScatter, nd, 0, IR_F32, 1, 4, 2))
    EXPECT_DATA("tensorscatter default", out(nd, 0), 1, 2, 3, 4, 0, 0, 0, 0);
  nd = node("TensorScatter", 24, 2, IDS(past, upd), 1);
  a_int(nd, "axis", 0);
  expect_fail("tensorscatter axis 0 refused", &op_TensorScatter, nd, "TensorScatter needs axis >= 1");
  nd = node("TensorScatter", 24, 2, IDS(past, upd), 1);
  a_str(nd, "mode", "ring");
  expect_fail("tensorscatter bad mode", &op_TensorScatter, nd, "expected 'linear' or 'circular'");
}

static void test_deform_conv(void) {
  begin();
  /* X = 0..8 as 3x3, W = 2x2 of ones. Zero offsets: a plain convolution,
   * window sums 8 12 20 24. */
  int x = c_f32("x", 4, L(1, 1, 3, 3), F_(0, 1, 2, 3, 4, 5, 6, 7, 8));
  int w = c_f32("w", 4, L(1, 1, 2, 2), F_(1, 1, 1, 1));
  float zero[32] = {0}, dy[32] = {0};
  for (int k = 0; k < 4; k++)
    for (int o = 0; o < 4; o++) dy[(2 * k) * 4 + o] = 0.5f; /* every tap moves down half a row */
  int nd = node("DeformConv", 19, 3, IDS(x, w, c_f32("o0", 4, L(1, 8, 2, 2), zero)), 1);
  if (EXPECT_SHAPE("deform_conv zero offset shape", &op_DeformConv, nd, 0, IR_F32, 1, 1, 2, 2))
    EXPECT_DATA("deform_conv zero offset", out(nd, 0), 8, 12, 20, 24);
  /* dy = 0.5: each tap averages two rows, row 3 is outside (0):
   * (0,0) 1.5+2.5+4.5+5.5 = 14, (0,1) 2.5+3.5+5.5+6.5 = 18,
   * (1,0) 4.5+5.5+3+3.5 = 16.5, (1,1) 5.5+6.5+3.5+4 = 19.5;
   * with mask 0.5 and bias 1: 8 10 9.25 10.75 */
  float half[16];
  for (int i = 0; i < 16; i++) half[i] = 0.5f;
  int off = c_f32("o1", 4, L(1, 8, 2, 2), dy);
  nd = node("DeformConv", 19, 3, IDS(x, w, off), 1);
  if (EXPECT_SHAPE("deform_conv offset shape", &op_DeformConv, nd, 0, IR_F32, 1, 1, 2, 2))
    EXPECT_DATA("deform_conv offset", out(nd, 0), 14, 18, 16.5, 19.5);
  nd = node("DeformConv", 19, 5, IDS(x, w, off, c_f32("b", 1, L(1), F_(1)), c_f32("m", 4, L(1, 4, 2, 2), half)), 1);
  if (EXPECT_SHAPE("deform_conv mask bias shape", &op_DeformConv, nd, 0, IR_F32, 1, 1, 2, 2))
    EXPECT_DATA("deform_conv mask bias", out(nd, 0), 8, 10, 9.25, 10.75);
  package_check("deform_conv package", &op_DeformConv, nd);
  nd = node("DeformConv", 19, 3, IDS(x, w, c_f32("o2", 4, L(1, 4, 2, 2), zero)), 1);
  expect_fail("deform_conv bad offset shape", &op_DeformConv, nd, "input 2 'offset' must be [1, 8, 2, 2]");
  nd = node("DeformConv", 19, 3, IDS(tensor("x3", IR_F32, 3, L(1, 1, 3)), w, off), 1);
  expect_fail("deform_conv 1-D refused", &op_DeformConv, nd, "supports 2-D (rank 4, NCHW) only");
}

int main(void) {
  static const char *const kernels[] = {"src/kernels/dynamic.h", "src/kernels/dynamic.c", "src/kernels/pool.h",
                                        "src/kernels/pool.c", "src/kernels/pool_idx.h", "src/kernels/pool_idx.c",
                                        "src/kernels/linalg.h", "src/kernels/linalg.c"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  ot_check_library();
  test_nonzero();
  test_compress();
  test_unique();
  test_nms();
  test_maxpool_indices();
  test_det();
  test_tensorscatter();
  test_deform_conv();
  ir_graph_free(G);
  return ot_report();
}
