/* test_ops_data.c - unit tests for the data-movement and shape ops
 * (view.c, transpose.c, concat.c, split.c, slice.c, gather.c, shape.c,
 * constant.c, constantofshape.c, pad.c, expand.c, range.c) and their
 * kernels (src/kernels/copy.c).
 *
 * Each case builds a tiny graph by hand, runs the op's infer (and eval when
 * every input is constant) and compares with expectations written out by
 * hand or computed by a naive loop here (never by the kernels). Error
 * cases check the message text. The shared stand-in emitter
 * (tests/unit/harness/op_test.c; link this test WITHOUT the src/emit
 * objects) checks what emit() writes, and the package checks compile the emitted code with
 * the kernel sections as strict C99 and run it against eval's outputs
 * (needs a C compiler at test time; KILN_TEST_NO_PACKAGE=1 skips them,
 * KILN_TEST_CC picks the compiler, KILN_TEST_SANITIZE=1 adds ASan/UBSan).
 * Run from the repository root.
 *
 * Build (from the repo root; see tests/unit/harness/op_test.h):
 *   cc -std=c11 -Wall -Wextra -g -DKILN_HOST -Isrc -Iruntime -Isrc/kernels -Itests/unit \
 *      -o /tmp/t tests/unit/test_ops_data.c tests/unit/harness/op_test.c \
 *      <every compiler object except those of src/emit and cli/main> -lm
 *
 * Prints `PASS name` / `FAIL name: why` (`SKIP name: why`), then `N passed, N failed`.
 */
#include "ops/op.h"
#include "emit/emit.h"
#include "harness/op_test_g.h"
#include "kernels/copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const op_def op_Reshape, op_Flatten, op_Squeeze, op_Unsqueeze, op_Identity, op_Dropout,
    op_Transpose, op_Concat, op_Split, op_Slice, op_Gather, op_Shape, op_Constant,
    op_ConstantOfShape, op_Pad, op_Expand, op_Range;

/* ------------------------------------------------------------- view ops */

static void test_reshape(void) {
  begin();
  int x = iota_f32("x", 3, L(2, 3, 4));
  int nd = node("Reshape", 14, 2, IDS(x, VEC("s", 0, -1)), 1);
  if (EXPECT_SHAPE("reshape 0,-1 shape", &op_Reshape, nd, 0, IR_F32, 2, 12)) {
    double want[24];
    for (int i = 0; i < 24; i++) want[i] = i;
    expect_data("reshape 0,-1 data", out(nd, 0), 24, want);
  }
  nd = node("Reshape", 14, 2, IDS(x, VEC("s", 4, 0, -1)), 1);
  EXPECT_SHAPE("reshape 4,0,-1 (0 copies dim 1)", &op_Reshape, nd, 0, IR_F32, 4, 3, 2);
  nd = node("Reshape", 13, 2, IDS(x, VEC("s", -1)), 1);
  EXPECT_SHAPE("reshape -1 flattens", &op_Reshape, nd, 0, IR_F32, 24);
  nd = node("Reshape", 4, 1, IDS(x), 1);
  A_INTS(nd, "shape", 6, -1);
  EXPECT_SHAPE("reshape opset 4 shape attribute", &op_Reshape, nd, 0, IR_F32, 6, 4);

  /* allowzero: input [2,0]; shape [0,5] means a real 0 with allowzero=1 */
  int z = tensor("z", IR_F32, 2, L(2, 0));
  nd = node("Reshape", 14, 2, IDS(z, VEC("s", 0, 5)), 1);
  a_int(nd, "allowzero", 1);
  EXPECT_SHAPE("reshape allowzero=1 keeps 0", &op_Reshape, nd, 0, IR_F32, 0, 5);
  nd = node("Reshape", 14, 2, IDS(z, VEC("s", 0, 5)), 1);
  expect_fail("reshape allowzero=0 copies dim (2x5 != 0)", &op_Reshape, nd,
              "cannot reshape input of shape 2x0 (0 elements) to shape 2x5 (10 elements)");
  nd = node("Reshape", 14, 2, IDS(z, VEC("s", 0, -1)), 1);
  a_int(nd, "allowzero", 1);
  expect_fail("reshape allowzero with 0 and -1", &op_Reshape, nd, "both 0 and -1");
  nd = node("Reshape", 13, 2, IDS(x, VEC("s", 0, 5)), 1);
  a_int(nd, "allowzero", 1);
  expect_fail("reshape allowzero before opset 14", &op_Reshape, nd, "'allowzero' needs opset 14");

  nd = node("Reshape", 14, 2, IDS(x, VEC("s", -1, 2, -1)), 1);
  expect_fail("reshape two -1", &op_Reshape, nd, "shape has more than one -1 (dims 0 and 2)");
  nd = node("Reshape", 14, 2, IDS(x, VEC("s", 5, 5)), 1);
  expect_fail("reshape count mismatch", &op_Reshape, nd,
              "node 'Reshape_9' (Reshape, opset 14): cannot reshape input of shape 2x3x4 (24 "
              "elements) to shape 5x5 (25 elements)");
  nd = node("Reshape", 14, 2, IDS(x, VEC("s", 5, -1)), 1);
  expect_fail("reshape -1 not divisible", &op_Reshape, nd, "the -1 at shape[1] cannot be inferred");
  nd = node("Reshape", 14, 2, IDS(x, VEC("s", 2, 3, 4, 0, 1)), 1);
  expect_fail("reshape 0 beyond input rank", &op_Reshape, nd,
              "shape[3] = 0 copies input dim 3, but the input has rank 3");
  int s = tensor("dyn_shape", IR_I64, 1, L(2));
  nd = node("Reshape", 14, 2, IDS(x, s), 1);
  expect_fail("reshape non-constant shape", &op_Reshape, nd,
              "input 1 'shape' must be a constant (computed at compile time); kiln needs static shapes");
  nd = node("Reshape", 14, 2, IDS(x, VEC("s", 4, -2)), 1);
  expect_fail("reshape negative dim", &op_Reshape, nd, "shape[1] = -2 is invalid");
  int str = tensor("strs", IR_STRING, 1, L(3));
  nd = node("Reshape", 14, 2, IDS(str, VEC("s", 3)), 1);
  expect_fail("reshape string rejected", &op_Reshape, nd, "has dtype string; kiln supports numeric");
}

static void test_flatten_squeeze(void) {
  begin();
  int x = tensor("x", IR_F32, 4, L(2, 3, 4, 5));
  int nd = node("Flatten", 13, 1, IDS(x), 1);
  a_int(nd, "axis", 2);
  EXPECT_SHAPE("flatten axis 2", &op_Flatten, nd, 0, IR_F32, 6, 20);
  nd = node("Flatten", 13, 1, IDS(x), 1);
  a_int(nd, "axis", -1);
  EXPECT_SHAPE("flatten axis -1", &op_Flatten, nd, 0, IR_F32, 24, 5);
  nd = node("Flatten", 13, 1, IDS(x), 1);
  a_int(nd, "axis", 0);
  EXPECT_SHAPE("flatten axis 0", &op_Flatten, nd, 0, IR_F32, 1, 120);
  nd = node("Flatten", 13, 1, IDS(x), 1);
  EXPECT_SHAPE("flatten default axis 1", &op_Flatten, nd, 0, IR_F32, 2, 60);
  nd = node("Flatten", 9, 1, IDS(x), 1);
  a_int(nd, "axis", -1);
  expect_fail("flatten negative axis before 11", &op_Flatten, nd, "out of range [0, 4]");
  nd = node("Flatten", 13, 1, IDS(x), 1);
  a_int(nd, "axis", 5);
  expect_fail("flatten axis too big", &op_Flatten, nd, "axis 5 is out of range [-4, 4]");

  int y = iota_f32("y", 4, L(1, 3, 1, 2));
  nd = node("Squeeze", 11, 1, IDS(y), 1);
  A_INTS(nd, "axes", -2);
  if (EXPECT_SHAPE("squeeze opset 11 axes attr -2", &op_Squeeze, nd, 0, IR_F32, 1, 3, 2))
    EXPECT_DATA("squeeze data", out(nd, 0), 0, 1, 2, 3, 4, 5);
  nd = node("Squeeze", 13, 2, IDS(y, VEC("axes", 0)), 1);
  EXPECT_SHAPE("squeeze opset 13 axes input", &op_Squeeze, nd, 0, IR_F32, 3, 1, 2);
  nd = node("Squeeze", 13, 1, IDS(y), 1);
  EXPECT_SHAPE("squeeze without axes removes all 1s", &op_Squeeze, nd, 0, IR_F32, 3, 2);
  nd = node("Squeeze", 13, 2, IDS(y, VEC("axes", 1)), 1);
  expect_fail("squeeze non-1 axis", &op_Squeeze, nd, "cannot squeeze axis 1 of size 3 (must be 1)");
  nd = node("Squeeze", 13, 1, IDS(y), 1);
  A_INTS(nd, "axes", 0);
  expect_fail("squeeze axes attr at opset 13", &op_Squeeze, nd, "replaced by input 1 in opset 13");
  nd = node("Squeeze", 13, 2, IDS(y, tensor("dyn_axes", IR_I64, 1, L(1))), 1);
  expect_fail("squeeze non-constant axes", &op_Squeeze, nd, "input 1 'axes' must be a constant");

  int v = iota_f32("v", 2, L(3, 4));
  nd = node("Unsqueeze", 13, 2, IDS(v, VEC("axes", 0, -1)), 1);
  EXPECT_SHAPE("unsqueeze 0,-1 (relative to output rank)", &op_Unsqueeze, nd, 0, IR_F32, 1, 3, 4, 1);
  nd = node("Unsqueeze", 11, 1, IDS(v), 1);
  A_INTS(nd, "axes", 1, 3);
  EXPECT_SHAPE("unsqueeze opset 11 attr 1,3", &op_Unsqueeze, nd, 0, IR_F32, 3, 1, 4, 1);
  nd = node("Unsqueeze", 13, 2, IDS(v, VEC("axes", 1, -3)), 1);
  expect_fail("unsqueeze duplicate axes", &op_Unsqueeze, nd, "axis 1 appears twice in axes");
  nd = node("Unsqueeze", 13, 2, IDS(v, VEC("axes", 4)), 1);
  expect_fail("unsqueeze axis out of range", &op_Unsqueeze, nd, "axes[0] = 4 is out of range for rank 3");
  nd = node("Unsqueeze", 13, 1, IDS(v), 1);
  expect_fail("unsqueeze missing axes", &op_Unsqueeze, nd, "input 1 'axes' is required");

  int sc = c_i64("sc", 0, NULL, L(7));
  nd = node("Unsqueeze", 13, 2, IDS(sc, VEC("axes", 0)), 1);
  if (EXPECT_SHAPE("unsqueeze scalar", &op_Unsqueeze, nd, 0, IR_I64, 1))
    EXPECT_DATA("unsqueeze scalar data", out(nd, 0), 7);

  nd = node("Identity", 13, 1, IDS(v), 1);
  if (EXPECT_SHAPE("identity", &op_Identity, nd, 0, IR_F32, 3, 4))
    ot_check(memcmp(out(nd, 0)->data, G->tensors[v].data, 48) == 0, "identity data", "differs");

  nd = node("Dropout", 13, 1, IDS(v), 2);
  if (EXPECT_SHAPE("dropout output", &op_Dropout, nd, 0, IR_F32, 3, 4) &&
      EXPECT_SHAPE("dropout mask is bool", &op_Dropout, nd, 1, IR_BOOL, 3, 4)) {
    double ones[12];
    for (int i = 0; i < 12; i++) ones[i] = 1;
    expect_data("dropout mask all true", out(nd, 1), 12, ones);
    ot_check(memcmp(out(nd, 0)->data, G->tensors[v].data, 48) == 0, "dropout data = input", "differs");
  }
  nd = node("Dropout", 7, 1, IDS(v), 2);
  EXPECT_SHAPE("dropout opset 7 mask has data type", &op_Dropout, nd, 1, IR_F32, 3, 4);
  uint8_t t1 = 1, t0 = 0;
  nd = node("Dropout", 13, 3,
            IDS(v, constant("ratio", IR_F32, 0, NULL, &(float){0.5f}), constant("tm", IR_BOOL, 0, NULL, &t1)), 1);
  if (EXPECT_SHAPE("dropout training_mode true", &op_Dropout, nd, 0, IR_F32, 3, 4))
    ot_check(G->nodes[nd].def != &op_Dropout && G->nodes[nd].def->emit != NULL,
             "dropout training is not a view", "still the view op");
  /* seed 0: numpy.random.RandomState(0).uniform gives 0.5488135, 0.7151894,
   * 0.6027634 (MT19937); ratio 0.7 keeps only the second, scaled by
   * 1 / (1 - 0.7) */
  static const float dx[3] = {1.0f, 2.0f, -3.0f};
  nd = node("Dropout", 13, 3,
            IDS(constant("dx", IR_F32, 1, L(3), dx), constant("r7", IR_F32, 0, NULL, &(float){0.7f}),
                constant("tm1", IR_BOOL, 0, NULL, &t1)), 2);
  a_int(nd, "seed", 0);
  if (EXPECT_SHAPE("dropout training seed 0", &op_Dropout, nd, 0, IR_F32, 3) &&
      EXPECT_SHAPE("dropout training mask", &op_Dropout, nd, 1, IR_BOOL, 3)) {
    const float sc = 1.0f / (1.0f - 0.7f);
    EXPECT_DATA("dropout training seed 0 data", out(nd, 0), 0.0, (double)(2.0f * sc), 0.0);
    EXPECT_DATA("dropout training seed 0 mask", out(nd, 1), 0, 1, 0);
  }
  nd = node("Dropout", 13, 3, IDS(v, -1, constant("tm0", IR_BOOL, 0, NULL, &t0)), 1);
  EXPECT_SHAPE("dropout training_mode false", &op_Dropout, nd, 0, IR_F32, 3, 4);
  nd = node("Dropout", 13, 3, IDS(v, -1, tensor("tm_dyn", IR_BOOL, 0, NULL)), 1);
  EXPECT_SHAPE("dropout training_mode at run time", &op_Dropout, nd, 0, IR_F32, 3, 4);

  ot_check(op_Reshape.emit == NULL && op_Flatten.emit == NULL && op_Squeeze.emit == NULL &&
        op_Unsqueeze.emit == NULL && op_Identity.emit == NULL && op_Dropout.emit == NULL &&
        (op_Reshape.flags & OP_VIEW) && (op_Dropout.flags & OP_VIEW) && (op_Squeeze.flags & OP_VIEW),
        "view ops: OP_VIEW, emit NULL", "flags/emit wrong");
}

/* ------------------------------------------------------------- Transpose */

static void test_transpose(void) {
  begin();
  /* rank 4 NCHW -> NHWC, float32, sizes that take the blocked path */
  const int64_t N = 2, C = 40, H = 9, W = 33;
  int x = iota_f32("x", 4, L(N, C, H, W));
  int nd = node("Transpose", 13, 1, IDS(x), 1);
  A_INTS(nd, "perm", 0, 2, 3, 1);
  if (EXPECT_SHAPE("transpose 0,2,3,1 shape", &op_Transpose, nd, 0, IR_F32, N, H, W, C)) {
    float *want = malloc(sizeof(float) * (size_t)(N * C * H * W));
    for (int64_t n = 0; n < N; n++)
      for (int64_t h = 0; h < H; h++)
        for (int64_t w = 0; w < W; w++)
          for (int64_t c = 0; c < C; c++)
            want[((n * H + h) * W + w) * C + c] = (float)(((n * C + c) * H + h) * W + w);
    expect_bytes("transpose 0,2,3,1 data (blocked)", out(nd, 0), want, sizeof(float) * (size_t)(N * C * H * W));
    free(want);
  }
  /* small int8 version (unblocked path), and int64, via naive index math */
  int8_t xb[2 * 3 * 4 * 5];
  for (int i = 0; i < 120; i++) xb[i] = (int8_t)(i - 60);
  int x8 = constant("x8", IR_I8, 4, L(2, 3, 4, 5), xb);
  nd = node("Transpose", 13, 1, IDS(x8), 1);
  A_INTS(nd, "perm", 0, 2, 3, 1);
  if (EXPECT_SHAPE("transpose int8 shape", &op_Transpose, nd, 0, IR_I8, 2, 4, 5, 3)) {
    int8_t want[120];
    for (int n = 0; n < 2; n++)
      for (int h = 0; h < 4; h++)
        for (int w = 0; w < 5; w++)
          for (int c = 0; c < 3; c++) want[((n * 4 + h) * 5 + w) * 3 + c] = xb[((n * 3 + c) * 4 + h) * 5 + w];
    expect_bytes("transpose int8 data", out(nd, 0), want, sizeof want);
  }
  /* default perm reverses; int64 rank 3 */
  int64_t xl[24];
  for (int i = 0; i < 24; i++) xl[i] = 1000 + i;
  int x64 = c_i64("x64", 3, L(2, 3, 4), xl);
  nd = node("Transpose", 13, 1, IDS(x64), 1);
  if (EXPECT_SHAPE("transpose default perm shape", &op_Transpose, nd, 0, IR_I64, 4, 3, 2)) {
    int64_t want[24];
    for (int a = 0; a < 2; a++)
      for (int b = 0; b < 3; b++)
        for (int c = 0; c < 4; c++) want[(c * 3 + b) * 2 + a] = xl[(a * 3 + b) * 4 + c];
    expect_bytes("transpose default perm data", out(nd, 0), want, sizeof want);
  }
  /* float16 (2-byte) 2-D transpose, 16x20 to take the blocked path with elem 2 */
  uint16_t h16[16 * 20], w16[16 * 20];
  for (int i = 0; i < 320; i++) h16[i] = (uint16_t)(i * 7 + 1);
  for (int i = 0; i < 16; i++)
    for (int j = 0; j < 20; j++) w16[j * 16 + i] = h16[i * 20 + j];
  int xh = constant("xh", IR_F16, 2, L(16, 20), h16);
  nd = node("Transpose", 13, 1, IDS(xh), 1);
  if (EXPECT_SHAPE("transpose float16 shape", &op_Transpose, nd, 0, IR_F16, 20, 16))
    expect_bytes("transpose float16 data", out(nd, 0), w16, sizeof w16);

  nd = node("Transpose", 13, 1, IDS(x), 1);
  A_INTS(nd, "perm", 0, 1, 1, 3);
  expect_fail("transpose perm duplicate", &op_Transpose, nd, "perm is not a permutation: axis 1 appears twice");
  nd = node("Transpose", 13, 1, IDS(x), 1);
  A_INTS(nd, "perm", 0, 2, 1);
  expect_fail("transpose perm wrong length", &op_Transpose, nd, "perm has 3 entries but the input has rank 4");
  nd = node("Transpose", 13, 1, IDS(x), 1);
  A_INTS(nd, "perm", 0, 2, 4, 1);
  expect_fail("transpose perm out of range", &op_Transpose, nd, "perm[2] = 4 is out of range for rank 4");
}

/* ---------------------------------------------------------- Concat/Split */

static void test_concat(void) {
  begin();
  int a = iota_f32("a", 2, L(2, 3));
  float bv[4] = {10, 11, 12, 13};
  int b = constant("b", IR_F32, 2, L(2, 2), bv);
  int e = tensor("e", IR_F32, 2, L(2, 0));
  ir_alloc_data(&G->tensors[e]);
  int nd = node("Concat", 13, 3, IDS(a, e, b), 1);
  a_int(nd, "axis", -1);
  if (EXPECT_SHAPE("concat axis -1 with empty input", &op_Concat, nd, 0, IR_F32, 2, 5))
    EXPECT_DATA("concat axis -1 data", out(nd, 0), 0, 1, 2, 10, 11, 3, 4, 5, 12, 13);
  int c = iota_f32("c", 2, L(1, 3));
  nd = node("Concat", 4, 2, IDS(c, a), 1);
  a_int(nd, "axis", 0);
  if (EXPECT_SHAPE("concat axis 0", &op_Concat, nd, 0, IR_F32, 3, 3))
    EXPECT_DATA("concat axis 0 data", out(nd, 0), 0, 1, 2, 0, 1, 2, 3, 4, 5);
  /* int8 middle axis */
  int8_t p[8] = {1, 2, 3, 4, 5, 6, 7, 8}, q[4] = {-1, -2, -3, -4};
  int xp = constant("p", IR_I8, 3, L(2, 2, 2), p), xq = constant("q", IR_I8, 3, L(2, 1, 2), q);
  nd = node("Concat", 13, 2, IDS(xp, xq), 1);
  a_int(nd, "axis", 1);
  if (EXPECT_SHAPE("concat int8 axis 1", &op_Concat, nd, 0, IR_I8, 2, 3, 2))
    EXPECT_DATA("concat int8 data", out(nd, 0), 1, 2, 3, 4, -1, -2, 5, 6, 7, 8, -3, -4);

  nd = node("Concat", 13, 2, IDS(a, c), 1);
  a_int(nd, "axis", 1);
  expect_fail("concat mismatched dims", &op_Concat, nd, "input 1 'c' has shape 1x3, which does not match input 0's 2x3 outside axis 1");
  nd = node("Concat", 13, 2, IDS(a, xp), 1);
  a_int(nd, "axis", 0);
  expect_fail("concat mixed dtypes", &op_Concat, nd, "input 1 'p' has dtype int8 but input 0 has float32");
  nd = node("Concat", 13, 2, IDS(a, b), 1);
  expect_fail("concat without axis", &op_Concat, nd, "attribute 'axis' (int) is required");
  nd = node("Concat", 13, 2, IDS(a, b), 1);
  a_int(nd, "axis", 2);
  expect_fail("concat axis out of range", &op_Concat, nd, "axis 2 is out of range for rank 2");
}

static void test_split(void) {
  begin();
  int x = iota_f32("x", 2, L(2, 7));
  int nd = node("Split", 18, 1, IDS(x), 3);
  a_int(nd, "axis", 1);
  a_int(nd, "num_outputs", 3);
  if (EXPECT_SHAPE("split 18 uneven out0", &op_Split, nd, 0, IR_F32, 2, 3) &&
      EXPECT_SHAPE("split 18 uneven out1", &op_Split, nd, 1, IR_F32, 2, 3) &&
      EXPECT_SHAPE("split 18 uneven out2 (smaller last chunk)", &op_Split, nd, 2, IR_F32, 2, 1)) {
    EXPECT_DATA("split 18 uneven data0", out(nd, 0), 0, 1, 2, 7, 8, 9);
    EXPECT_DATA("split 18 uneven data1", out(nd, 1), 3, 4, 5, 10, 11, 12);
    EXPECT_DATA("split 18 uneven data2", out(nd, 2), 6, 13);
  }
  nd = node("Split", 13, 2, IDS(x, VEC("split", 2, 5)), 2);
  a_int(nd, "axis", -1);
  if (EXPECT_SHAPE("split 13 sizes input", &op_Split, nd, 1, IR_F32, 2, 5)) {
    EXPECT_DATA("split 13 data0", out(nd, 0), 0, 1, 7, 8);
    EXPECT_DATA("split 13 data1", out(nd, 1), 2, 3, 4, 5, 6, 9, 10, 11, 12, 13);
  }
  nd = node("Split", 11, 1, IDS(x), 2);
  A_INTS(nd, "split", 1, 1);
  if (EXPECT_SHAPE("split 11 attr axis 0", &op_Split, nd, 0, IR_F32, 1, 7))
    EXPECT_DATA("split 11 data1", out(nd, 1), 7, 8, 9, 10, 11, 12, 13);
  int y = iota_f32("y", 1, L(6));
  nd = node("Split", 13, 1, IDS(y), 3);
  if (EXPECT_SHAPE("split equal", &op_Split, nd, 2, IR_F32, 2))
    EXPECT_DATA("split equal data2", out(nd, 2), 4, 5);
  nd = node("Split", 18, 1, IDS(y), 4);
  a_int(nd, "num_outputs", 4);
  if (EXPECT_SHAPE("split 18 6 into 4: 2,2,2,0", &op_Split, nd, 3, IR_F32, 0))
    EXPECT_SHAPE("split 18 6 into 4 out2", &op_Split, nd, 2, IR_F32, 2);

  nd = node("Split", 13, 1, IDS(x), 2);
  a_int(nd, "axis", 1);
  expect_fail("split not divisible", &op_Split, nd, "axis 1 of size 7 cannot be split equally into 2 outputs");
  nd = node("Split", 13, 2, IDS(x, VEC("split", 3, 3)), 2);
  a_int(nd, "axis", 1);
  expect_fail("split sizes wrong sum", &op_Split, nd, "split sizes sum to 6 but axis 1 has size 7");
  nd = node("Split", 13, 2, IDS(x, VEC("split", 7)), 2);
  a_int(nd, "axis", 1);
  expect_fail("split sizes wrong count", &op_Split, nd, "'split' has 1 entries but the node has 2 outputs");
  nd = node("Split", 18, 1, IDS(x), 2);
  a_int(nd, "num_outputs", 3);
  expect_fail("split num_outputs mismatch", &op_Split, nd, "num_outputs = 3 but the node has 2 outputs");
  nd = node("Split", 13, 2, IDS(x, tensor("dyn", IR_I64, 1, L(2))), 2);
  expect_fail("split non-constant sizes", &op_Split, nd, "input 1 'split' must be a constant");
}

/* ----------------------------------------------------------------- Slice */

static void test_slice(void) {
  begin();
  int x = iota_f32("x", 1, L(10));
  int nd = node("Slice", 13, 4, IDS(x, VEC("st", -1), VEC("en", INT64_MIN), VEC("ax", 0)), 1);
  /* steps as input 4 */
  G->nodes[nd].inputs = kiln_realloc(G->nodes[nd].inputs, 5 * sizeof(int));
  G->nodes[nd].inputs[4] = VEC("sp", -1);
  G->nodes[nd].n_inputs = 5;
  if (EXPECT_SHAPE("slice reverse with INT64_MIN end", &op_Slice, nd, 0, IR_F32, 10))
    EXPECT_DATA("slice reverse data", out(nd, 0), 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  nd = node("Slice", 13, 5, IDS(x, VEC("st", 0), VEC("en", INT64_MAX), -1, VEC("sp", 3)), 1);
  if (EXPECT_SHAPE("slice step 3 to INT64_MAX", &op_Slice, nd, 0, IR_F32, 4))
    EXPECT_DATA("slice step 3 data", out(nd, 0), 0, 3, 6, 9);
  nd = node("Slice", 13, 5, IDS(x, VEC("st", 8), VEC("en", 1), VEC("ax", -1), VEC("sp", -3)), 1);
  if (EXPECT_SHAPE("slice 8:1:-3", &op_Slice, nd, 0, IR_F32, 3))
    EXPECT_DATA("slice 8:1:-3 data", out(nd, 0), 8, 5, 2);
  nd = node("Slice", 13, 5, IDS(x, VEC("st", 20), VEC("en", -20), VEC("ax", 0), VEC("sp", -1)), 1);
  if (EXPECT_SHAPE("slice 20:-20:-1 clamps to all", &op_Slice, nd, 0, IR_F32, 10))
    EXPECT_DATA("slice 20:-20:-1 data", out(nd, 0), 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  nd = node("Slice", 13, 5, IDS(x, VEC("st", 3), VEC("en", 3), VEC("ax", 0), VEC("sp", 1)), 1);
  EXPECT_SHAPE("slice empty", &op_Slice, nd, 0, IR_F32, 0);
  nd = node("Slice", 13, 5, IDS(x, VEC("st", 2), VEC("en", 5), VEC("ax", 0), VEC("sp", -1)), 1);
  EXPECT_SHAPE("slice backwards with start < end is empty", &op_Slice, nd, 0, IR_F32, 0);
  nd = node("Slice", 13, 5, IDS(x, VEC("st", -3), VEC("en", INT64_MAX), VEC("ax", 0), VEC("sp", INT64_MAX)), 1);
  if (EXPECT_SHAPE("slice huge step", &op_Slice, nd, 0, IR_F32, 1))
    EXPECT_DATA("slice huge step data", out(nd, 0), 7);
  nd = node("Slice", 13, 5, IDS(x, VEC("st", 9), VEC("en", INT64_MIN), VEC("ax", 0), VEC("sp", INT64_MIN)), 1);
  if (EXPECT_SHAPE("slice step INT64_MIN", &op_Slice, nd, 0, IR_F32, 1))
    EXPECT_DATA("slice step INT64_MIN data", out(nd, 0), 9);

  /* INT64_MAX as end means "to the end" in both directions (as ONNX Runtime) */
  nd = node("Slice", 13, 5, IDS(x, VEC("st", 5), VEC("en", INT64_MAX), VEC("ax", 0), VEC("sp", -2)), 1);
  if (EXPECT_SHAPE("slice negative step to INT64_MAX end", &op_Slice, nd, 0, IR_F32, 3))
    EXPECT_DATA("slice negative step to INT64_MAX end data", out(nd, 0), 5, 3, 1);
  /* a start below -dim with a negative step clamps to 0 (spec text and ORT, not numpy) */
  nd = node("Slice", 13, 5, IDS(x, VEC("st", -14), VEC("en", -18), VEC("ax", 0), VEC("sp", -5)), 1);
  if (EXPECT_SHAPE("slice start below -dim, negative step", &op_Slice, nd, 0, IR_F32, 1))
    EXPECT_DATA("slice start below -dim data", out(nd, 0), 0);
  /* 2-D: axes (1, 0), columns reversed by 2, rows 1.. ; int32 starts/ends */
  int y = iota_f32("y", 2, L(4, 5));
  int32_t st[2] = {-1, 1}, en[2] = {-100, 100};
  nd = node("Slice", 13, 5,
            IDS(y, constant("st32", IR_I32, 1, L(2), st), constant("en32", IR_I32, 1, L(2), en), VEC("ax", 1, 0),
                VEC("sp", -2, 1)),
            1);
  if (EXPECT_SHAPE("slice 2-D axes 1,0", &op_Slice, nd, 0, IR_F32, 3, 3))
    EXPECT_DATA("slice 2-D data", out(nd, 0), 9, 7, 5, 14, 12, 10, 19, 17, 15);
  /* opset 9 attributes */
  nd = node("Slice", 9, 1, IDS(y), 1);
  A_INTS(nd, "starts", 1, 2);
  A_INTS(nd, "ends", 1000, -1);
  if (EXPECT_SHAPE("slice opset 9 attrs", &op_Slice, nd, 0, IR_F32, 3, 2))
    EXPECT_DATA("slice opset 9 data", out(nd, 0), 7, 8, 12, 13, 17, 18);
  nd = node("Slice", 1, 1, IDS(y), 1);
  A_INTS(nd, "starts", 1);
  A_INTS(nd, "ends", 3);
  A_INTS(nd, "axes", 1);
  if (EXPECT_SHAPE("slice opset 1 axes attr", &op_Slice, nd, 0, IR_F32, 4, 2))
    EXPECT_DATA("slice opset 1 data", out(nd, 0), 1, 2, 6, 7, 11, 12, 16, 17);
  /* 3-D naive comparison: x[::-1, 1:, ::2] on 3x4x5 int16 */
  int16_t z[60], want[3 * 3 * 3];
  for (int i = 0; i < 60; i++) z[i] = (int16_t)(i * 3 - 50);
  int k = 0;
  for (int a = 2; a >= 0; a--)
    for (int b = 1; b < 4; b++)
      for (int c = 0; c < 5; c += 2) want[k++] = z[(a * 4 + b) * 5 + c];
  int zt = constant("z", IR_I16, 3, L(3, 4, 5), z);
  nd = node("Slice", 13, 5, IDS(zt, VEC("st", -1, 1, 0), VEC("en", INT64_MIN, 4, 5), -1, VEC("sp", -1, 1, 2)), 1);
  if (EXPECT_SHAPE("slice 3-D int16", &op_Slice, nd, 0, IR_I16, 3, 3, 3))
    expect_bytes("slice 3-D int16 data", out(nd, 0), want, sizeof want);

  nd = node("Slice", 13, 5, IDS(x, VEC("st", 0), VEC("en", 5), VEC("ax", 0), VEC("sp", 0)), 1);
  expect_fail("slice step 0", &op_Slice, nd, "steps[0] is 0; slice steps cannot be 0");
  nd = node("Slice", 13, 3, IDS(x, tensor("dst", IR_I64, 1, L(1)), VEC("en", 5)), 1);
  expect_fail("slice non-constant starts", &op_Slice, nd, "input 1 'starts' must be a constant");
  nd = node("Slice", 13, 4, IDS(y, VEC("st", 0, 0), VEC("en", 1, 1), VEC("ax", 1, -1)), 1);
  expect_fail("slice duplicate axes", &op_Slice, nd, "axis 1 appears twice in axes");
  nd = node("Slice", 13, 3, IDS(y, VEC("st", 0, 0), VEC("en", 1)), 1);
  expect_fail("slice starts/ends length", &op_Slice, nd, "starts has 2 entries but ends has 1");
  nd = node("Slice", 13, 4, IDS(y, VEC("st", 0), VEC("en", 1), VEC("ax", 2)), 1);
  expect_fail("slice axis out of range", &op_Slice, nd, "axes[0] = 2 is out of range for rank 2");
}

/* ---------------------------------------------------------------- Gather */

static void test_gather(void) {
  begin();
  int x = iota_f32("x", 2, L(3, 4));
  int nd = node("Gather", 13, 2, IDS(x, c_i64("idx", 2, L(2, 2), L(-1, 0, 2, -4))), 1);
  a_int(nd, "axis", 1);
  if (EXPECT_SHAPE("gather axis 1 negative indices", &op_Gather, nd, 0, IR_F32, 3, 2, 2))
    EXPECT_DATA("gather axis 1 data", out(nd, 0), 3, 0, 2, 0, 7, 4, 6, 4, 11, 8, 10, 8);
  int32_t i32[3] = {2, -3, 1};
  nd = node("Gather", 13, 2, IDS(x, constant("i32", IR_I32, 1, L(3), i32)), 1);
  if (EXPECT_SHAPE("gather axis 0 int32 indices", &op_Gather, nd, 0, IR_F32, 3, 4))
    EXPECT_DATA("gather axis 0 data", out(nd, 0), 8, 9, 10, 11, 0, 1, 2, 3, 4, 5, 6, 7);
  nd = node("Gather", 13, 2, IDS(x, c_i64("s", 0, NULL, L(-1))), 1);
  a_int(nd, "axis", -1);
  if (EXPECT_SHAPE("gather scalar index axis -1", &op_Gather, nd, 0, IR_F32, 3))
    EXPECT_DATA("gather scalar index data", out(nd, 0), 3, 7, 11);
  /* run-time indices: shape only */
  nd = node("Gather", 13, 2, IDS(x, tensor("dyn", IR_I64, 1, L(5))), 1);
  EXPECT_SHAPE("gather run-time indices shape", &op_Gather, nd, 0, IR_F32, 5, 4);

  nd = node("Gather", 13, 2, IDS(x, c_i64("bad", 1, L(2), L(1, 4))), 1);
  a_int(nd, "axis", 1);
  expect_fail("gather constant index out of range", &op_Gather, nd,
              "indices[1] = 4 is out of range [-4, 3] for axis 1 of size 4");
  nd = node("Gather", 13, 2, IDS(x, c_i64("bad2", 1, L(1), L(-4))), 1);
  expect_fail("gather constant index too negative", &op_Gather, nd, "indices[0] = -4 is out of range [-3, 2]");
  nd = node("Gather", 13, 2, IDS(x, iota_f32("fidx", 1, L(1))), 1);
  expect_fail("gather float indices", &op_Gather, nd, "input 1 'fidx' has dtype float32; supported: int64, int32");
  nd = node("Gather", 13, 2, IDS(x, c_i64("i", 1, L(1), L(0))), 1);
  a_int(nd, "axis", 2);
  expect_fail("gather axis out of range", &op_Gather, nd, "axis 2 is out of range for rank 2");

  /* The kernel clamps run-time indices instead of reading out of bounds. */
  float data[6] = {1, 2, 3, 4, 5, 6}, got[10];
  const int64_t idx[5] = {7, -1, -9, 0, 2};
  kiln_gather_params p = {2, 3, 5, 4};
  kiln_gather_i64__c(&p, data, idx, got);
  const float want[10] = {3, 3, 1, 1, 3, 6, 6, 4, 4, 6};
  ot_check(memcmp(got, want, sizeof want) == 0, "gather kernel clamps bad run-time indices", "differs");
  const int32_t idx32[2] = {100, -100};
  kiln_gather_params p2 = {1, 6, 2, 4};
  kiln_gather_i32__c(&p2, data, idx32, got);
  ot_check(got[0] == 6 && got[1] == 1, "gather int32 kernel clamps", "got %g %g", got[0], got[1]);
}

/* ------------------------------------------------------------------ Pad */

static void test_pad(void) {
  begin();
  float v[6] = {1.0f, 1.2f, 2.3f, 3.4f, 4.5f, 5.7f};
  int x = constant("x", IR_F32, 2, L(3, 2), v);
  int nd = node("Pad", 13, 2, IDS(x, VEC("pads", 0, 2, 0, 0)), 1);
  a_str(nd, "mode", "reflect");
  if (EXPECT_SHAPE("pad reflect shape", &op_Pad, nd, 0, IR_F32, 3, 4)) {
    const float w[12] = {1.0f, 1.2f, 1.0f, 1.2f, 2.3f, 3.4f, 2.3f, 3.4f, 4.5f, 5.7f, 4.5f, 5.7f};
    expect_bytes("pad reflect data (ONNX example)", out(nd, 0), w, sizeof w);
  }
  nd = node("Pad", 13, 2, IDS(x, VEC("pads", 0, 2, 0, 0)), 1);
  a_str(nd, "mode", "edge");
  if (EXPECT_SHAPE("pad edge shape", &op_Pad, nd, 0, IR_F32, 3, 4)) {
    const float w[12] = {1.0f, 1.0f, 1.0f, 1.2f, 2.3f, 2.3f, 2.3f, 3.4f, 4.5f, 4.5f, 4.5f, 5.7f};
    expect_bytes("pad edge data (ONNX example)", out(nd, 0), w, sizeof w);
  }
  nd = node("Pad", 13, 2, IDS(x, VEC("pads", 0, 2, 0, 0)), 1);
  if (EXPECT_SHAPE("pad constant default shape", &op_Pad, nd, 0, IR_F32, 3, 4)) {
    const float w[12] = {0, 0, 1.0f, 1.2f, 0, 0, 2.3f, 3.4f, 0, 0, 4.5f, 5.7f};
    expect_bytes("pad constant data (ONNX example)", out(nd, 0), w, sizeof w);
  }
  nd = node("Pad", 19, 2, IDS(x, VEC("pads", 2, 1, 1, 1)), 1);
  a_str(nd, "mode", "wrap");
  if (EXPECT_SHAPE("pad wrap shape", &op_Pad, nd, 0, IR_F32, 6, 4)) {
    const float w[24] = {3.4f, 2.3f, 3.4f, 2.3f, 5.7f, 4.5f, 5.7f, 4.5f, 1.2f, 1.0f, 1.2f, 1.0f,
                         3.4f, 2.3f, 3.4f, 2.3f, 5.7f, 4.5f, 5.7f, 4.5f, 1.2f, 1.0f, 1.2f, 1.0f};
    expect_bytes("pad wrap data (ONNX example)", out(nd, 0), w, sizeof w);
  }
  int64_t a[3] = {1, 2, 3};
  int xa = c_i64("xa", 1, L(3), a);
  nd = node("Pad", 13, 2, IDS(xa, VEC("pads", 2, 2)), 1);
  a_str(nd, "mode", "reflect");
  if (EXPECT_SHAPE("pad 1-D reflect", &op_Pad, nd, 0, IR_I64, 7))
    EXPECT_DATA("pad 1-D reflect data", out(nd, 0), 3, 2, 1, 2, 3, 2, 1);
  nd = node("Pad", 13, 2, IDS(xa, VEC("pads", 5, 0)), 1);
  a_str(nd, "mode", "reflect");
  if (EXPECT_SHAPE("pad reflect longer than axis", &op_Pad, nd, 0, IR_I64, 8))
    EXPECT_DATA("pad reflect longer than axis data (numpy)", out(nd, 0), 2, 1, 2, 3, 2, 1, 2, 3);
  nd = node("Pad", 13, 2, IDS(xa, VEC("pads", 2, 3)), 1);
  a_str(nd, "mode", "edge");
  if (EXPECT_SHAPE("pad 1-D edge", &op_Pad, nd, 0, IR_I64, 8))
    EXPECT_DATA("pad 1-D edge data", out(nd, 0), 1, 1, 1, 2, 3, 3, 3, 3);
  nd = node("Pad", 19, 2, IDS(xa, VEC("pads", 2, 1)), 1);
  a_str(nd, "mode", "wrap");
  if (EXPECT_SHAPE("pad 1-D wrap (opset 19)", &op_Pad, nd, 0, IR_I64, 6))
    EXPECT_DATA("pad 1-D wrap data", out(nd, 0), 2, 3, 1, 2, 3, 1);
  /* negative pads crop; constant_value input */
  int64_t b[5] = {1, 2, 3, 4, 5};
  int xb = c_i64("xb", 1, L(5), b);
  nd = node("Pad", 13, 3, IDS(xb, VEC("pads", -1, 2), c_i64("cv", 0, NULL, L(9))), 1);
  if (EXPECT_SHAPE("pad negative (crop) + constant_value", &op_Pad, nd, 0, IR_I64, 6))
    EXPECT_DATA("pad crop data", out(nd, 0), 2, 3, 4, 5, 9, 9);
  nd = node("Pad", 13, 2, IDS(xb, VEC("pads", -2, 2)), 1);
  a_str(nd, "mode", "reflect");
  if (EXPECT_SHAPE("pad crop then reflect", &op_Pad, nd, 0, IR_I64, 5))
    EXPECT_DATA("pad crop then reflect data", out(nd, 0), 3, 4, 5, 4, 3);
  /* opset 2 attributes with value */
  nd = node("Pad", 2, 1, IDS(xa), 1);
  A_INTS(nd, "pads", 1, 1);
  a_float(nd, "value", -7.0f);
  if (EXPECT_SHAPE("pad opset 2 attrs", &op_Pad, nd, 0, IR_I64, 5))
    EXPECT_DATA("pad opset 2 data", out(nd, 0), -7, 1, 2, 3, -7);
  /* opset 18 axes: pad only axis -1 of 3x2 */
  nd = node("Pad", 18, 4, IDS(x, VEC("pads", 1, 0), -1, VEC("axes", -1)), 1);
  a_str(nd, "mode", "edge");
  if (EXPECT_SHAPE("pad opset 18 axes", &op_Pad, nd, 0, IR_F32, 3, 3)) {
    const float w[9] = {1.0f, 1.0f, 1.2f, 2.3f, 2.3f, 3.4f, 4.5f, 4.5f, 5.7f};
    expect_bytes("pad opset 18 axes data", out(nd, 0), w, sizeof w);
  }
  /* 3-D naive comparisons (constant with merged axes; reflect on all axes) */
  uint8_t z[2 * 3 * 4];
  for (int i = 0; i < 24; i++) z[i] = (uint8_t)(i + 1);
  int xz = constant("z", IR_U8, 3, L(2, 3, 4), z);
  nd = node("Pad", 13, 3, IDS(xz, VEC("pads", 0, 2, 0, 1, -1, 0), constant("cv8", IR_U8, 0, NULL, &(uint8_t){200})), 1);
  if (EXPECT_SHAPE("pad 3-D constant", &op_Pad, nd, 0, IR_U8, 3, 4, 4)) {
    uint8_t w[3 * 4 * 4];
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 4; j++)
        for (int k = 0; k < 4; k++) {
          int si = i, sj = j - 2, sk = k;
          w[(i * 4 + j) * 4 + k] = si < 2 && sj >= 0 && sj < 2 ? z[(si * 3 + sj) * 4 + sk] : 200;
        }
    expect_bytes("pad 3-D constant data", out(nd, 0), w, sizeof w);
  }
  nd = node("Pad", 13, 2, IDS(xz, VEC("pads", 1, 2, 3, 1, 2, 3)), 1);
  a_str(nd, "mode", "reflect");
  if (EXPECT_SHAPE("pad 3-D reflect", &op_Pad, nd, 0, IR_U8, 4, 7, 10)) {
    uint8_t w[4 * 7 * 10];
    const int dims[3] = {2, 3, 4}, pb[3] = {1, 2, 3};
    for (int i = 0; i < 4; i++)
      for (int j = 0; j < 7; j++)
        for (int k = 0; k < 10; k++) {
          int o[3] = {i, j, k}, s[3];
          for (int a2 = 0; a2 < 3; a2++) { /* mirror step by step, like numpy */
            int t = o[a2] - pb[a2], n = dims[a2];
            while (t < 0 || t >= n) t = t < 0 ? -t : 2 * (n - 1) - t;
            s[a2] = t;
          }
          w[(i * 7 + j) * 10 + k] = z[(s[0] * 3 + s[1]) * 4 + s[2]];
        }
    expect_bytes("pad 3-D reflect data", out(nd, 0), w, sizeof w);
  }

  nd = node("Pad", 13, 2, IDS(xa, VEC("pads", 1)), 1);
  expect_fail("pad wrong pads count", &op_Pad, nd, "input 1 'pads' has 1 entries; expected 2 * 1");
  nd = node("Pad", 13, 2, IDS(xa, VEC("pads", -2, -2)), 1);
  expect_fail("pad crop too much", &op_Pad, nd, "pads -2, -2 crop more than axis 0 has (3)");
  nd = node("Pad", 13, 2, IDS(xa, VEC("pads", 1, 1)), 1);
  a_str(nd, "mode", "symmetric");
  expect_fail("pad bad mode", &op_Pad, nd, "mode 'symmetric' is not supported");
  nd = node("Pad", 13, 2, IDS(xa, VEC("pads", 1, 1)), 1);
  a_str(nd, "mode", "wrap");
  expect_fail("pad wrap before 19", &op_Pad, nd, "wrap needs opset 19");
  nd = node("Pad", 13, 2, IDS(xa, tensor("dp", IR_I64, 1, L(2))), 1);
  expect_fail("pad non-constant pads", &op_Pad, nd, "input 1 'pads' must be a constant");
  nd = node("Pad", 13, 2, IDS(tensor("empty", IR_F32, 1, L(0)), VEC("pads", 1, 1)), 1);
  a_str(nd, "mode", "edge");
  expect_fail("pad edge of empty axis", &op_Pad, nd, "mode 'edge' cannot pad an empty input");
}

/* ------------------------------------------------------- Expand / Range */

static void test_expand_range(void) {
  begin();
  int x = iota_f32("x", 2, L(3, 1));
  int nd = node("Expand", 13, 2, IDS(x, VEC("shape", 2, 1, 4)), 1);
  if (EXPECT_SHAPE("expand 3x1 to 2x1x4 -> 2x3x4", &op_Expand, nd, 0, IR_F32, 2, 3, 4)) {
    double w[24];
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 3; j++)
        for (int k = 0; k < 4; k++) w[(i * 3 + j) * 4 + k] = j;
    expect_data("expand data", out(nd, 0), 24, w);
  }
  int y = iota_f32("y", 2, L(1, 4));
  nd = node("Expand", 13, 2, IDS(y, VEC("shape", 3, 1)), 1);
  if (EXPECT_SHAPE("expand bidirectional 1x4 with 3x1", &op_Expand, nd, 0, IR_F32, 3, 4))
    EXPECT_DATA("expand bidirectional data", out(nd, 0), 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
  nd = node("Expand", 13, 2, IDS(c_i64("s", 0, NULL, L(5)), VEC("shape", 3)), 1);
  if (EXPECT_SHAPE("expand scalar", &op_Expand, nd, 0, IR_I64, 3))
    EXPECT_DATA("expand scalar data", out(nd, 0), 5, 5, 5);
  nd = node("Expand", 13, 2, IDS(x, VEC("shape", 2, 4)), 1);
  expect_fail("expand incompatible", &op_Expand, nd, "cannot be broadcast");
  nd = node("Expand", 13, 2, IDS(x, tensor("ds", IR_I64, 1, L(2))), 1);
  expect_fail("expand non-constant shape", &op_Expand, nd, "input 1 'shape' must be a constant");

  nd = node("Range", 11, 3, IDS(c_i64("a", 0, NULL, L(0)), c_i64("b", 0, NULL, L(10)), c_i64("c", 0, NULL, L(3))), 1);
  if (EXPECT_SHAPE("range int64 0,10,3", &op_Range, nd, 0, IR_I64, 4))
    EXPECT_DATA("range int64 data", out(nd, 0), 0, 3, 6, 9);
  nd = node("Range", 11, 3, IDS(c_i64("a", 0, NULL, L(10)), c_i64("b", 0, NULL, L(0)), c_i64("c", 0, NULL, L(-3))), 1);
  if (EXPECT_SHAPE("range int64 10,0,-3", &op_Range, nd, 0, IR_I64, 4))
    EXPECT_DATA("range negative delta data", out(nd, 0), 10, 7, 4, 1);
  nd = node("Range", 11, 3, IDS(c_i64("a", 0, NULL, L(5)), c_i64("b", 0, NULL, L(1)), c_i64("c", 0, NULL, L(2))), 1);
  EXPECT_SHAPE("range empty", &op_Range, nd, 0, IR_I64, 0);
  float f1 = 1, f0 = 0, fd = -0.25f;
  nd = node("Range", 11, 3,
            IDS(constant("fa", IR_F32, 0, NULL, &f1), constant("fb", IR_F32, 0, NULL, &f0), constant("fc", IR_F32, 0, NULL, &fd)),
            1);
  if (EXPECT_SHAPE("range float 1,0,-0.25", &op_Range, nd, 0, IR_F32, 4))
    EXPECT_DATA("range float data", out(nd, 0), 1, 0.75, 0.5, 0.25);
  /* 0..1 by 0.1f: 10 elements, accumulated in float like ONNX Runtime */
  float g0 = 0, g1 = 1, gd = 0.1f;
  nd = node("Range", 11, 3,
            IDS(constant("ga", IR_F32, 0, NULL, &g0), constant("gb", IR_F32, 0, NULL, &g1), constant("gc", IR_F32, 0, NULL, &gd)),
            1);
  if (EXPECT_SHAPE("range float 0,1,0.1", &op_Range, nd, 0, IR_F32, 10)) {
    float w[10], acc = 0;
    for (int i = 0; i < 10; i++, acc += 0.1f) w[i] = acc;
    expect_bytes("range float accumulates in float", out(nd, 0), w, sizeof w);
  }
  /* bfloat16 0.5 .. 2.5 by 0.75: 0.5, 1.25, 2.0 (bits 0x3f00, 0x3fa0, 0x4000) */
  const uint16_t b0 = 0x3f00, b1 = 0x4020, bd = 0x3f40;
  nd = node("Range", 27, 3,
            IDS(constant("ba", IR_BF16, 0, NULL, &b0), constant("bb", IR_BF16, 0, NULL, &b1), constant("bc", IR_BF16, 0, NULL, &bd)),
            1);
  if (EXPECT_SHAPE("range bfloat16 0.5,2.5,0.75", &op_Range, nd, 0, IR_BF16, 3)) {
    const uint16_t w[3] = {0x3f00, 0x3fa0, 0x4000};
    expect_bytes("range bfloat16 data", out(nd, 0), w, sizeof w);
  }
  /* float16 1 .. 5 by 2: 1, 3 (bits 0x3c00, 0x4200) */
  const uint16_t h0 = 0x3c00, h1 = 0x4500, hd = 0x4000;
  nd = node("Range", 27, 3,
            IDS(constant("ha", IR_F16, 0, NULL, &h0), constant("hb", IR_F16, 0, NULL, &h1), constant("hc", IR_F16, 0, NULL, &hd)),
            1);
  if (EXPECT_SHAPE("range float16 1,5,2", &op_Range, nd, 0, IR_F16, 2)) {
    const uint16_t w[2] = {0x3c00, 0x4200};
    expect_bytes("range float16 data", out(nd, 0), w, sizeof w);
  }
  int32_t i0 = 0, i7 = 7, i2 = 2;
  nd = node("Range", 11, 3,
            IDS(constant("ia", IR_I32, 0, NULL, &i0), constant("ib", IR_I32, 0, NULL, &i7), constant("ic", IR_I32, 0, NULL, &i2)),
            1);
  if (EXPECT_SHAPE("range int32 0,7,2", &op_Range, nd, 0, IR_I32, 4))
    EXPECT_DATA("range int32 data", out(nd, 0), 0, 2, 4, 6);
  nd = node("Range", 11, 3, IDS(c_i64("a", 0, NULL, L(0)), c_i64("b", 0, NULL, L(10)), c_i64("c", 0, NULL, L(0))), 1);
  expect_fail("range delta 0", &op_Range, nd, "delta is 0");
  nd = node("Range", 11, 3, IDS(c_i64("a", 0, NULL, L(0)), tensor("lim", IR_I64, 0, NULL), c_i64("c", 0, NULL, L(1))), 1);
  expect_fail("range non-constant", &op_Range, nd, "input 1 'limit' must be a constant");
  nd = node("Range", 11, 3, IDS(c_i64("a", 0, NULL, L(0)), constant("fb2", IR_F32, 0, NULL, &f1), c_i64("c", 0, NULL, L(1))), 1);
  expect_fail("range mixed dtypes", &op_Range, nd, "input 1 'limit' has dtype float32 but 'start' has int64");
}

/* ------------------------------------------- Shape / Constant / ConstantOfShape */

static void test_constants(void) {
  begin();
  int x = tensor("x", IR_F32, 4, L(2, 3, 4, 5));
  int nd = node("Shape", 13, 1, IDS(x), 1);
  if (EXPECT_SHAPE("shape", &op_Shape, nd, 0, IR_I64, 4))
    EXPECT_DATA("shape is constant after infer", out(nd, 0), 2, 3, 4, 5);
  nd = node("Shape", 15, 1, IDS(x), 1);
  a_int(nd, "start", 1);
  a_int(nd, "end", -1);
  if (EXPECT_SHAPE("shape start 1 end -1", &op_Shape, nd, 0, IR_I64, 2))
    EXPECT_DATA("shape start/end data", out(nd, 0), 3, 4);
  nd = node("Shape", 15, 1, IDS(x), 1);
  a_int(nd, "start", -10);
  a_int(nd, "end", 100);
  if (EXPECT_SHAPE("shape start/end clamp", &op_Shape, nd, 0, IR_I64, 4))
    EXPECT_DATA("shape clamp data", out(nd, 0), 2, 3, 4, 5);
  nd = node("Shape", 15, 1, IDS(x), 1);
  a_int(nd, "start", 3);
  a_int(nd, "end", 1);
  EXPECT_SHAPE("shape start > end is empty", &op_Shape, nd, 0, IR_I64, 0);
  nd = node("Shape", 13, 1, IDS(x), 1);
  a_int(nd, "start", 1);
  expect_fail("shape start before 15", &op_Shape, nd, "need opset 15");

  float cv[6] = {1, 2, 3, 4, 5, 6};
  nd = node("Constant", 13, 0, NULL, 1);
  a_tensor(nd, "value", IR_F32, 2, L(2, 3), cv);
  if (EXPECT_SHAPE("constant value tensor", &op_Constant, nd, 0, IR_F32, 2, 3))
    EXPECT_DATA("constant value data", out(nd, 0), 1, 2, 3, 4, 5, 6);
  nd = node("Constant", 13, 0, NULL, 1);
  A_INTS(nd, "value_ints", 4, -5);
  if (EXPECT_SHAPE("constant value_ints", &op_Constant, nd, 0, IR_I64, 2))
    EXPECT_DATA("constant value_ints data", out(nd, 0), 4, -5);
  nd = node("Constant", 13, 0, NULL, 1);
  a_float(nd, "value_float", 2.5f);
  if (SCALAR_SHAPE("constant value_float is a scalar", &op_Constant, nd, 0, IR_F32))
    EXPECT_DATA("constant value_float data", out(nd, 0), 2.5);
  nd = node("Constant", 13, 0, NULL, 1);
  a_int(nd, "value_int", -3);
  if (SCALAR_SHAPE("constant value_int", &op_Constant, nd, 0, IR_I64))
    EXPECT_DATA("constant value_int data", out(nd, 0), -3);
  nd = node("Constant", 13, 0, NULL, 1);
  a_floats(nd, "value_floats", 3, (const float[]){0.5f, 1.5f, -2});
  if (EXPECT_SHAPE("constant value_floats", &op_Constant, nd, 0, IR_F32, 3))
    EXPECT_DATA("constant value_floats data", out(nd, 0), 0.5, 1.5, -2);
  nd = node("Constant", 13, 0, NULL, 1);
  attr(nd, "sparse_value", IR_ATTR_SPARSE_TENSOR);
  expect_fail("constant sparse_value", &op_Constant, nd, "'sparse_value' (a sparse tensor) is not supported");
  nd = node("Constant", 13, 0, NULL, 1);
  a_str(nd, "value_string", "hi");
  expect_fail("constant value_string", &op_Constant, nd, "string constants are not supported");
  nd = node("Constant", 11, 0, NULL, 1);
  a_int(nd, "value_int", 1);
  expect_fail("constant value_int before 12", &op_Constant, nd, "'value_int' needs opset 12");
  nd = node("Constant", 13, 0, NULL, 1);
  a_int(nd, "value_int", 1);
  a_float(nd, "value_float", 1);
  expect_fail("constant two values", &op_Constant, nd, "needs exactly one of the attributes");

  nd = node("ConstantOfShape", 13, 1, IDS(VEC("s", 2, 3)), 1);
  a_tensor(nd, "value", IR_I64, 1, L(1), L(7));
  if (EXPECT_SHAPE("constantofshape int64 7", &op_ConstantOfShape, nd, 0, IR_I64, 2, 3))
    EXPECT_DATA("constantofshape data", out(nd, 0), 7, 7, 7, 7, 7, 7);
  nd = node("ConstantOfShape", 13, 1, IDS(VEC("s", 3)), 1);
  if (EXPECT_SHAPE("constantofshape default float 0", &op_ConstantOfShape, nd, 0, IR_F32, 3))
    EXPECT_DATA("constantofshape default data", out(nd, 0), 0, 0, 0);
  nd = node("ConstantOfShape", 13, 1, IDS(c_i64("e", 1, L(0), L(0))), 1);
  a_tensor(nd, "value", IR_F32, 1, L(1), &(float){1.5f});
  if (SCALAR_SHAPE("constantofshape empty shape is a scalar", &op_ConstantOfShape, nd, 0, IR_F32))
    EXPECT_DATA("constantofshape scalar data", out(nd, 0), 1.5);
  nd = node("ConstantOfShape", 13, 1, IDS(tensor("ds", IR_I64, 1, L(2))), 1);
  expect_fail("constantofshape non-constant shape", &op_ConstantOfShape, nd,
              "input 0 'input' must be a constant (computed at compile time); kiln needs static shapes");
  nd = node("ConstantOfShape", 13, 1, IDS(VEC("s", 2, -1)), 1);
  expect_fail("constantofshape negative dim", &op_ConstantOfShape, nd, "shape[1] = -1 is negative");
  nd = node("ConstantOfShape", 13, 1, IDS(VEC("s", 2)), 1);
  a_tensor(nd, "value", IR_F32, 1, L(2), (const float[]){1, 2});
  expect_fail("constantofshape value with 2 elements", &op_ConstantOfShape, nd, "must have exactly one element");
}

/* PyTorch's x.view(x.size(0), -1) exports as
 * Shape -> Gather(axis 0, scalar index 0) -> Unsqueeze(0) -> Concat([.., [-1]]) -> Reshape.
 * Run infer (+eval when inputs are constant) per node, in order: everything
 * up to Reshape's shape input must fold. */
static void test_shape_chain(void) {
  begin();
  int x = tensor("x", IR_F32, 4, L(2, 3, 4, 5));
  int sh = node("Shape", 13, 1, IDS(x), 1);
  int ga = node("Gather", 13, 2, IDS(G->nodes[sh].outputs[0], c_i64("zero", 0, NULL, L(0))), 1);
  a_int(ga, "axis", 0);
  int un = node("Unsqueeze", 13, 2, IDS(G->nodes[ga].outputs[0], VEC("axes", 0)), 1);
  int co = node("Concat", 13, 2, IDS(G->nodes[un].outputs[0], VEC("minus1", -1)), 1);
  a_int(co, "axis", 0);
  int re = node("Reshape", 13, 2, IDS(x, G->nodes[co].outputs[0]), 1);
  const op_def *ops[5] = {&op_Shape, &op_Gather, &op_Unsqueeze, &op_Concat, &op_Reshape};
  const int nds[5] = {sh, ga, un, co, re};
  int ok = 1;
  for (int i = 0; i < 5 && ok; i++)
    if (run(ops[i], nds[i]) < 0) {
      ot_check(0, "shape chain", "node %d failed: %s", i, D.msg);
      ok = 0;
    }
  if (!ok) return;
  ot_check(out(ga, 0)->rank == 0 && out(ga, 0)->data && ir_get_i64(out(ga, 0), 0) == 2,
        "shape chain: Gather folds to scalar 2", "rank %d", out(ga, 0)->rank);
  EXPECT_DATA("shape chain: Concat folds to [2, -1]", out(co, 0), 2, -1);
  ir_tensor *y = out(re, 0);
  ot_check(shape_is(y, 2, L(2, 60)) && !y->data, "shape chain: Reshape gives 2x60 (not constant)",
        "got %s", shp(y));
}

/* ------------------------------------------------------------ emission */

static void test_emit(void) {
  begin();
  emit_ctx e;
  int x = tensor("x", IR_F32, 4, L(2, 3, 4, 5));
  int nd = node("Transpose", 13, 1, IDS(x), 1);
  A_INTS(nd, "perm", 0, 2, 3, 1);
  run(&op_Transpose, nd);
  emit_begin(&e);
  int r = op_Transpose.emit(&e, G, &G->nodes[nd]);
  /* NCHW->NHWC merges H,W: a 3-D copy N x HW x C, x strides (60, 1, 20) */
  ot_check(r == 0 && strcmp(str(&e.decl), "static const kiln_copy_params n0_p = {3, -1, 4, "
                                        "{2, 20, 3, 0, 0, 0, 0, 0}, {240, 4, 80, 0, 0, 0, 0, 0}, "
                                        "{240, 12, 4, 0, 0, 0, 0, 0}, 0, 0};\n") == 0 &&
            strcmp(str(&e.code), "kiln_copy_nd__c(&n0_p, ((unsigned char *)(T0)), ((unsigned char *)(T1)));\n") == 0 &&
            strcmp(str(&e.uses), "kiln_copy_nd__c;") == 0,
        "emit transpose", "r=%d decl=%s code=%s", r, str(&e.decl), str(&e.code));
  emit_end(&e);

  int ix = tensor("ix", IR_I32, 1, L(3));
  nd = node("Gather", 13, 2, IDS(x, ix), 1);
  a_int(nd, "axis", 1);
  run(&op_Gather, nd);
  emit_begin(&e);
  r = op_Gather.emit(&e, G, &G->nodes[nd]);
  ot_check(r == 0 && strcmp(str(&e.decl), "static const kiln_gather_params n1_p = {2, 3, 3, 80};\n") == 0 &&
            strcmp(str(&e.code), "kiln_gather_i32__c(&n1_p, ((unsigned char *)(T0)), ((const int32_t *)(T2)), ((unsigned char *)(T3)));\n") == 0,
        "emit gather int32 run-time indices", "r=%d decl=%s code=%s", r, str(&e.decl), str(&e.code));
  emit_end(&e);

  int a = tensor("a", IR_F32, 2, L(2, 3)), b = tensor("b", IR_F32, 2, L(2, 0)), c = tensor("c", IR_F32, 2, L(2, 1));
  nd = node("Concat", 13, 3, IDS(a, b, c), 1);
  a_int(nd, "axis", 1);
  run(&op_Concat, nd);
  emit_begin(&e);
  r = op_Concat.emit(&e, G, &G->nodes[nd]);
  /* rows of 3 floats at column 0, then single floats (stride 16) at byte 12 */
  ot_check(r == 0 && strcmp(str(&e.code), "kiln_copy_nd__c(&n2_p0, ((unsigned char *)(T4)), ((unsigned char *)(T7)));\nkiln_copy_nd__c(&n2_p2, ((unsigned char *)(T6)), ((unsigned char *)(T7)));\n") == 0 &&
            strstr(str(&e.decl), "n2_p2 = {1, -1, 4, {2, 0, 0, 0, 0, 0, 0, 0}, {4, 0, 0, 0, 0, 0, 0, 0}, "
                                 "{16, 0, 0, 0, 0, 0, 0, 0}, 0, 12};\n"),
        "emit concat skips the empty input", "r=%d decl=%s code=%s", r, str(&e.decl), str(&e.code));
  emit_end(&e);

  nd = node("Pad", 13, 2, IDS(a, VEC("pads", 0, 1, 0, 2)), 1);
  a_str(nd, "mode", "edge");
  run(&op_Pad, nd);
  emit_begin(&e);
  r = op_Pad.emit(&e, G, &G->nodes[nd]);
  ot_check(r == 0 && strcmp(str(&e.decl), "static const kiln_pad_params n3_p = {2, 1, 4, {2, 3, 0, 0, 0, 0, 0, 0}, "
                                       "{2, 6, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 0, 0}, "
                                       "{12, 4, 0, 0, 0, 0, 0, 0}, 0, {0, 0, 0, 0, 0, 0, 0, 0}};\n") == 0 &&
            strcmp(str(&e.code), "kiln_pad__c(&n3_p, ((unsigned char *)(T4)), ((unsigned char *)(T9)));\n") == 0,
        "emit pad", "r=%d decl=%s code=%s", r, str(&e.decl), str(&e.code));
  emit_end(&e);

  /* ConstantOfShape beyond the fold limit stays a run-time fill */
  nd = node("ConstantOfShape", 13, 1, IDS(VEC("s", 5000, 4000)), 1);
  a_tensor(nd, "value", IR_F32, 1, L(1), &(float){1.0f});
  /* infer only: the fold pass does not call eval beyond its size limit either */
  memset(&D, 0, sizeof D);
  if (op_ConstantOfShape.infer(&D, G, &G->nodes[nd]) < 0 || out(nd, 0)->data) {
    ot_check(0, "constantofshape 80 MB is left to run time", "%s", out(nd, 0)->data ? "constant" : D.msg);
  } else {
    emit_begin(&e);
    r = op_ConstantOfShape.emit(&e, G, &G->nodes[nd]);
    ot_check(r == 0 && strcmp(str(&e.decl), "static const unsigned char n4_v[8] = {0, 0, 128, 63, 0, 0, 0, 0};\n") == 0 &&
              strcmp(str(&e.code), "kiln_fill__c(20000000, 4, n4_v, ((unsigned char *)(T11)));\n") == 0,
          "constantofshape 80 MB is left to run time (kiln_fill__c)", "r=%d decl=%s code=%s", r,
          str(&e.decl), str(&e.code));
    emit_end(&e);
  }

  nd = node("Shape", 13, 1, IDS(x), 1);
  run(&op_Shape, nd);
  emit_begin(&e);
  r = op_Shape.emit(&e, G, &G->nodes[nd]);
  ot_check(r < 0 && strstr(e.d.msg, "should have been folded"), "emit of folded Shape is an error", "%s", e.d.msg);
  emit_end(&e);
}

/* Random bytes (bool: 0/1) for package checks. */
static unsigned rng_state = 12345;
static int rand_const(const char *name, ir_dtype dt, int rank, const int64_t *dims) {
  int t = tensor(name, dt, rank, dims);
  unsigned char *p = ir_alloc_data(&G->tensors[t]);
  for (size_t i = 0; i < G->tensors[t].nbytes; i++) {
    rng_state = rng_state * 1103515245u + 12345u;
    p[i] = (unsigned char)(rng_state >> 16);
    if (dt == IR_BOOL) p[i] &= 1;
  }
  return t;
}

/* run (infer + eval), then the package check. */
static void pkg(const char *name, const op_def *op, int nd) {
  if (run(op, nd) < 0) ot_check(0, name, "infer/eval failed: %s", D.msg);
  else package_check(name, op, nd);
}

/* Emitted code, compiled as package C and run, equals eval for every
 * emitting op, over element sizes 1, 2, 4 and 8. */
static void test_packages(void) {
  static const ir_dtype dts[] = {IR_F32, IR_I8, IR_F16, IR_I64, IR_BOOL};
  char lab[128];
  for (size_t di = 0; di < sizeof dts / sizeof dts[0]; di++) {
    ir_dtype dt = dts[di];
    const char *dn = ir_dtype_name(dt);
    begin();
    int x = rand_const("x", dt, 4, L(2, 9, 5, 11));
    static const int64_t perms[4][4] = {{0, 2, 3, 1}, {0, 3, 1, 2}, {3, 2, 1, 0}, {1, 0, 2, 3}};
    for (int p = 0; p < 4; p++) {
      int nd = node("Transpose", 13, 1, IDS(x), 1);
      a_ints(nd, "perm", 4, perms[p]);
      snprintf(lab, sizeof lab, "package transpose %s perm %lld%lld%lld%lld", dn, (long long)perms[p][0],
               (long long)perms[p][1], (long long)perms[p][2], (long long)perms[p][3]);
      pkg(lab, &op_Transpose, nd);
    }
    int nd = node("Slice", 13, 5, IDS(x, VEC("st", -1, 2, 0), VEC("en", INT64_MIN, 100, 11), VEC("ax", 1, 2, 3), VEC("sp", -2, 3, 1)), 1);
    snprintf(lab, sizeof lab, "package slice %s", dn);
    pkg(lab, &op_Slice, nd);
    int y = rand_const("y", dt, 4, L(2, 3, 5, 11));
    nd = node("Concat", 13, 3, IDS(x, y, x), 1);
    a_int(nd, "axis", 1);
    snprintf(lab, sizeof lab, "package concat %s", dn);
    pkg(lab, &op_Concat, nd);
    nd = node("Split", 18, 1, IDS(x), 3);
    a_int(nd, "axis", 2);
    a_int(nd, "num_outputs", 3);
    snprintf(lab, sizeof lab, "package split %s", dn);
    pkg(lab, &op_Split, nd);
    int s = rand_const("s", dt, 3, L(1, 9, 1));
    nd = node("Expand", 13, 2, IDS(s, VEC("shape", 4, 1, 9, 5)), 1);
    snprintf(lab, sizeof lab, "package expand %s", dn);
    pkg(lab, &op_Expand, nd);
    static const char *const modes[4] = {"constant", "edge", "reflect", "wrap"};
    for (int m = 0; m < 4; m++) {
      nd = node("Pad", 19, 3, IDS(x, VEC("pads", 0, 2, -1, 3, 1, 1, 2, 4), rand_const("cv", dt, 0, NULL)), 1);
      a_str(nd, "mode", modes[m]);
      snprintf(lab, sizeof lab, "package pad %s %s", modes[m], dn);
      pkg(lab, &op_Pad, nd);
    }
    nd = node("Gather", 13, 2, IDS(x, c_i64("gi", 2, L(2, 3), L(4, -1, 0, 8, -9, 7))), 1);
    a_int(nd, "axis", 1);
    snprintf(lab, sizeof lab, "package gather int64 indices %s", dn);
    pkg(lab, &op_Gather, nd);
    int32_t iv32[3] = {10, -11, 3};
    nd = node("Gather", 13, 2, IDS(x, constant("gi32", IR_I32, 1, L(3), iv32)), 1);
    a_int(nd, "axis", -1);
    snprintf(lab, sizeof lab, "package gather int32 indices %s", dn);
    pkg(lab, &op_Gather, nd);
  }
  /* a run-time fill (ConstantOfShape) of a small tensor, via emit */
  begin();
  int nd = node("ConstantOfShape", 13, 1, IDS(VEC("s", 3, 7)), 1);
  a_tensor(nd, "value", IR_I16, 1, L(1), &(int16_t){-2});
  pkg("package constantofshape fill int16", &op_ConstantOfShape, nd);
}

/* ----------------------------------------------- kernels, directly */

static void test_kernels(void) {
  /* plan: empty copies, scalars, broadcast strides, merging */
  kiln_copy_params p;
  kiln_copy_plan(&p, 3, L(2, 0, 3), L(0, 0, 0), L(0, 0, 0), 0, 0, 4);
  float src[4] = {1, 2, 3, 4}, dst[8] = {0};
  kiln_copy_nd__c(&p, src, dst);
  ot_check(p.rank == 1 && p.dims[0] == 0 && dst[0] == 0, "copy plan: empty copy does nothing", "rank %d", p.rank);
  kiln_copy_plan(&p, 0, NULL, NULL, NULL, 3, 1, 4);
  kiln_copy_nd__c(&p, src, dst);
  ot_check(dst[1] == 4 && dst[0] == 0 && dst[2] == 0, "copy plan: scalar with offsets", "dst %g %g", dst[0], dst[1]);
  /* a reversed broadcast: y[i][j] = x[3 - j] */
  kiln_copy_plan(&p, 2, L(2, 4), L(0, -1), L(4, 1), 3, 0, 4);
  kiln_copy_nd__c(&p, src, dst);
  const float w[8] = {4, 3, 2, 1, 4, 3, 2, 1};
  ot_check(memcmp(dst, w, sizeof w) == 0, "copy kernel: negative and zero strides", "differs");
  /* 3-byte elements take the generic path */
  unsigned char b3[6] = {1, 2, 3, 4, 5, 6}, o3[6];
  kiln_copy_plan(&p, 1, L(2), L(-1), L(1), 1, 0, 3);
  kiln_copy_nd__c(&p, b3, o3);
  ot_check(memcmp(o3, (const unsigned char[]){4, 5, 6, 1, 2, 3}, 6) == 0, "copy kernel: odd element size", "differs");
  /* rank beyond the limit is refused */
  int64_t nine[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  ot_check(kiln_copy_plan(&p, 9, nine, nine, nine, 0, 0, 4) == -1, "copy plan: rank 9 refused", "accepted");
}

int main(void) {
  static const char *const kernels[] = {"src/kernels/copy.h", "src/kernels/copy.c"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  test_reshape();
  test_flatten_squeeze();
  test_transpose();
  test_concat();
  test_split();
  test_slice();
  test_gather();
  test_pad();
  test_expand_range();
  test_constants();
  test_shape_chain();
  test_emit();
  test_packages();
  test_kernels();
  ir_graph_free(G);
  return ot_report();
}
