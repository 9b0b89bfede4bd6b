/* test_ops_index.c - unit tests for the indexing and rearrangement ops of
 * src/ops/index.c (GatherElements, ScatterElements, Scatter, ScatterND,
 * GatherND, Tile, DepthToSpace, SpaceToDepth, OneHot, ReverseSequence,
 * CenterCropPad, Trilu, EyeLike) and their kernels (src/kernels/index.c,
 * plus the copy/pad kernels of src/kernels/copy.c they use).
 *
 * Each case builds a tiny graph by hand, runs the op's infer (and eval when
 * every input is constant) and compares with expectations written out by
 * hand or computed by a naive loop here (never by the kernels). Error
 * cases check the message text. Kernel cases call the kernels directly with
 * out-of-range run-time indices (gathers clamp, scatters skip). The shared
 * stand-in emitter (tests/unit/harness; link WITHOUT the src/emit objects) captures what emit()
 * writes, and the package checks compile the emitted code with the kernel
 * sections as strict C99 and run it against eval's outputs (needs a C
 * compiler at test time; KILN_TEST_NO_PACKAGE=1 skips them, KILN_TEST_CC
 * picks the compiler, KILN_TEST_SANITIZE=1 adds ASan/UBSan). Run from the
 * repository root.
 *
 * Build (from the repo root; see tests/unit/harness/op_test.h):
 *   cc -std=c11 -Wall -Wextra -g -DKILN_HOST -Isrc -Iruntime -Isrc/kernels -Itests/unit \
 *      -o /tmp/t tests/unit/test_ops_index.c tests/unit/harness/op_test.c \
 *      <every compiler object except those of src/emit and cli/main> -lm
 *
 * Prints `PASS name` / `FAIL name: why` (`SKIP name: why`), then `N passed, N failed`.
 */
#include "ops/op.h"
#include "emit/emit.h"
#include "harness/op_test_g.h"
#include "kernels/copy.h"
#include "kernels/index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const op_def op_GatherElements, op_ScatterElements, op_Scatter, op_ScatterND, op_GatherND,
    op_Tile, op_DepthToSpace, op_SpaceToDepth, op_OneHot, op_ReverseSequence, op_CenterCropPad,
    op_Trilu, op_EyeLike;

/* ------------------------------------------------------------ helpers */

static int c_f32(const char *name, int rank, const int64_t *dims, const float *v) {
  return constant(name, IR_F32, rank, dims, v);
}
#define F_(...) ((const float[]){__VA_ARGS__})
static int c_i32(const char *name, int rank, const int64_t *dims, const int32_t *v) {
  return constant(name, IR_I32, rank, dims, v);
}
#define I32_(...) ((const int32_t[]){__VA_ARGS__})
/* float values as the doubles a float32 output holds */
#define FD(x) ((double)(float)(x))

static unsigned rng_state = 777;
static unsigned rnd(void) {
  rng_state = rng_state * 1103515245u + 12345u;
  return rng_state >> 16;
}
static int rand_const(const char *name, ir_dtype dt, int rank, const int64_t *dims) {
  int t = tensor(name, dt, rank, dims);
  unsigned char *p = ir_alloc_data(&G->tensors[t]);
  for (size_t i = 0; i < G->tensors[t].nbytes; i++) {
    p[i] = (unsigned char)rnd();
    if (dt == IR_BOOL) p[i] &= 1;
  }
  return t;
}
/* small float values so reductions stay exact-ish and finite */
static int rand_f32(const char *name, int rank, const int64_t *dims) {
  int t = tensor(name, IR_F32, rank, dims);
  float *p = ir_alloc_data(&G->tensors[t]);
  for (int64_t i = 0; i < ir_numel(&G->tensors[t]); i++) p[i] = (float)((int)(rnd() % 17) - 8);
  return t;
}

static void pkg(const char *name, const op_def *op, int nd) {
  if (run(op, nd) < 0) ot_check(0, name, "infer/eval failed: %s", D.msg);
  else package_check(name, op, nd);
}

/* ------------------------------------------------------ GatherElements */

static void test_gather_elements(void) {
  begin();
  int x = c_f32("x", 2, L(2, 2), F_(1, 2, 3, 4));
  int nd = node("GatherElements", 13, 2, IDS(x, c_i64("i", 2, L(2, 2), L(0, 0, 1, 0))), 1);
  a_int(nd, "axis", 1);
  if (EXPECT_SHAPE("gather_elements axis 1 shape", &op_GatherElements, nd, 0, IR_F32, 2, 2))
    EXPECT_DATA("gather_elements axis 1 data", out(nd, 0), 1, 1, 4, 3);

  int y = c_f32("y", 2, L(3, 3), F_(1, 2, 3, 4, 5, 6, 7, 8, 9));
  nd = node("GatherElements", 13, 2, IDS(y, c_i32("j", 2, L(2, 3), I32_(1, 2, 0, 2, 0, 0))), 1);
  if (EXPECT_SHAPE("gather_elements axis 0 int32 shape", &op_GatherElements, nd, 0, IR_F32, 2, 3))
    EXPECT_DATA("gather_elements axis 0 int32 data", out(nd, 0), 4, 8, 3, 7, 2, 3);
  nd = node("GatherElements", 13, 2, IDS(y, c_i64("j", 2, L(2, 3), L(-1, -2, 0, -2, 0, 0))), 1);
  if (EXPECT_SHAPE("gather_elements negative shape", &op_GatherElements, nd, 0, IR_F32, 2, 3))
    EXPECT_DATA("gather_elements negative data", out(nd, 0), 7, 5, 3, 4, 2, 3);

  /* naive check on a 3-D case with negative axis */
  int z = iota_f32("z", 3, L(3, 4, 5));
  int64_t iv[3 * 2 * 5];
  for (int i = 0; i < 30; i++) iv[i] = (int64_t)(rnd() % 8) - 4;
  nd = node("GatherElements", 13, 2, IDS(z, c_i64("k", 3, L(3, 2, 5), iv)), 1);
  a_int(nd, "axis", -2);
  if (EXPECT_SHAPE("gather_elements 3-D shape", &op_GatherElements, nd, 0, IR_F32, 3, 2, 5)) {
    double want[30];
    for (int a = 0; a < 3; a++)
      for (int b = 0; b < 2; b++)
        for (int c = 0; c < 5; c++) {
          int64_t v = iv[(a * 2 + b) * 5 + c];
          if (v < 0) v += 4;
          want[(a * 2 + b) * 5 + c] = (double)((a * 4 + v) * 5 + c);
        }
    expect_data("gather_elements 3-D data", out(nd, 0), 30, want);
  }

  nd = node("GatherElements", 13, 2, IDS(y, c_i64("j", 2, L(1, 1), L(3))), 1);
  expect_fail("gather_elements constant index out of range", &op_GatherElements, nd,
              "indices[0] = 3 is out of range [-3, 2] for axis 0 of size 3");
  nd = node("GatherElements", 13, 2, IDS(y, VEC("j", 0)), 1);
  expect_fail("gather_elements rank mismatch", &op_GatherElements, nd,
              "input 1 'indices' has rank 1; expected 2");
  nd = node("GatherElements", 13, 2, IDS(y, c_f32("f", 2, L(1, 1), F_(0))), 1);
  expect_fail("gather_elements float indices", &op_GatherElements, nd,
              "input 1 'f' has dtype float32; supported: int64, int32");
  nd = node("GatherElements", 13, 2, IDS(y, c_i64("j", 2, L(1, 4), L(0, 0, 0, 0))), 1);
  expect_fail("gather_elements indices larger than data", &op_GatherElements, nd,
              "input 1 'indices' dim 1 is 4, larger than input 0's 3");
  nd = node("GatherElements", 13, 2, IDS(y, c_i64("j", 2, L(1, 1), L(0))), 1);
  a_int(nd, "axis", 2);
  expect_fail("gather_elements bad axis", &op_GatherElements, nd, "axis 2 is out of range for rank 2");
}

/* ----------------------------------------------------- ScatterElements */

static void test_scatter_elements(void) {
  begin();
  int x = c_f32("x", 2, L(3, 3), F_(0, 0, 0, 0, 0, 0, 0, 0, 0));
  int i = c_i64("i", 2, L(2, 3), L(1, 0, 2, 0, 2, 1));
  int u = c_f32("u", 2, L(2, 3), F_(1.0f, 1.1f, 1.2f, 2.0f, 2.1f, 2.2f));
  int nd = node("ScatterElements", 11, 3, IDS(x, i, u), 1);
  if (EXPECT_SHAPE("scatter_elements shape", &op_ScatterElements, nd, 0, IR_F32, 3, 3))
    EXPECT_DATA("scatter_elements axis 0 data", out(nd, 0), FD(2.0), FD(1.1), 0, FD(1.0), 0, FD(2.2), 0,
                FD(2.1), FD(1.2));
  nd = node("Scatter", 9, 3, IDS(x, i, u), 1);
  if (EXPECT_SHAPE("scatter (opset 9) shape", &op_Scatter, nd, 0, IR_F32, 3, 3))
    EXPECT_DATA("scatter (opset 9) data", out(nd, 0), FD(2.0), FD(1.1), 0, FD(1.0), 0, FD(2.2), 0,
                FD(2.1), FD(1.2));

  int r = c_f32("r", 2, L(1, 5), F_(1, 2, 3, 4, 5));
  int ri = c_i64("ri", 2, L(1, 2), L(1, 3));
  int ru = c_f32("ru", 2, L(1, 2), F_(1.1f, 2.1f));
  nd = node("ScatterElements", 13, 3, IDS(r, ri, ru), 1);
  a_int(nd, "axis", 1);
  if (EXPECT_SHAPE("scatter_elements axis 1 shape", &op_ScatterElements, nd, 0, IR_F32, 1, 5))
    EXPECT_DATA("scatter_elements axis 1 data", out(nd, 0), 1, FD(1.1), 3, FD(2.1), 5);
  int dup = c_i64("dup", 2, L(1, 2), L(1, -4));
  nd = node("ScatterElements", 18, 3, IDS(r, dup, ru), 1);
  a_int(nd, "axis", 1);
  a_str(nd, "reduction", "add");
  if (EXPECT_SHAPE("scatter_elements add shape", &op_ScatterElements, nd, 0, IR_F32, 1, 5))
    EXPECT_DATA("scatter_elements add duplicates", out(nd, 0), 1, FD(2.0f + 1.1f + 2.1f), 3, 4, 5);
  nd = node("ScatterElements", 16, 3, IDS(r, dup, ru), 1);
  a_int(nd, "axis", 1);
  a_str(nd, "reduction", "mul");
  if (EXPECT_SHAPE("scatter_elements mul shape", &op_ScatterElements, nd, 0, IR_F32, 1, 5))
    EXPECT_DATA("scatter_elements mul duplicates", out(nd, 0), 1, FD(2.0f * 1.1f * 2.1f), 3, 4, 5);
  nd = node("ScatterElements", 18, 3, IDS(r, dup, ru), 1);
  a_int(nd, "axis", 1);
  a_str(nd, "reduction", "max");
  if (EXPECT_SHAPE("scatter_elements max shape", &op_ScatterElements, nd, 0, IR_F32, 1, 5))
    EXPECT_DATA("scatter_elements max duplicates", out(nd, 0), 1, FD(2.1), 3, 4, 5);
  nd = node("ScatterElements", 18, 3, IDS(r, dup, ru), 1);
  a_int(nd, "axis", 1);
  a_str(nd, "reduction", "min");
  if (EXPECT_SHAPE("scatter_elements min shape", &op_ScatterElements, nd, 0, IR_F32, 1, 5))
    EXPECT_DATA("scatter_elements min duplicates", out(nd, 0), 1, FD(1.1), 3, 4, 5);
  /* int32 add wraps instead of overflowing */
  int ix = c_i32("ix", 1, L(2), I32_(2147483647, 5));
  nd = node("ScatterElements", 18, 3, IDS(ix, VEC("k", 0, 0), c_i32("iu", 1, L(2), I32_(1, 2))), 1);
  a_str(nd, "reduction", "add");
  if (EXPECT_SHAPE("scatter_elements int32 add shape", &op_ScatterElements, nd, 0, IR_I32, 2))
    EXPECT_DATA("scatter_elements int32 add wraps", out(nd, 0), -2147483647.0 + 1, 5);

  nd = node("ScatterElements", 16, 3, IDS(r, dup, ru), 1);
  a_int(nd, "axis", 1);
  a_str(nd, "reduction", "max");
  expect_fail("scatter_elements max needs opset 18", &op_ScatterElements, nd,
              "reduction 'max' needs opset 18 (this node has opset 16)");
  nd = node("ScatterElements", 13, 3, IDS(r, dup, ru), 1);
  a_int(nd, "axis", 1);
  a_str(nd, "reduction", "add");
  expect_fail("scatter_elements reduction needs opset 16", &op_ScatterElements, nd,
              "attribute 'reduction' needs opset 16");
  nd = node("ScatterElements", 18, 3, IDS(r, dup, ru), 1);
  a_int(nd, "axis", 1);
  a_str(nd, "reduction", "sum");
  expect_fail("scatter_elements unknown reduction", &op_ScatterElements, nd,
              "reduction 'sum' is not one of none, add, mul, max, min");
  int b = rand_const("b", IR_BOOL, 2, L(1, 5));
  nd = node("ScatterElements", 18, 3, IDS(b, dup, rand_const("bu", IR_BOOL, 2, L(1, 2))), 1);
  a_int(nd, "axis", 1);
  a_str(nd, "reduction", "add");
  expect_fail("scatter_elements bool add", &op_ScatterElements, nd,
              "reduction 'add' is not supported for dtype bool");
  nd = node("ScatterElements", 13, 3, IDS(r, c_i64("bad", 2, L(1, 2), L(1, 5)), ru), 1);
  a_int(nd, "axis", 1);
  expect_fail("scatter_elements constant index out of range", &op_ScatterElements, nd,
              "indices[1] = 5 is out of range [-5, 4] for axis 1 of size 5");
  nd = node("ScatterElements", 13, 3, IDS(r, ri, c_f32("u3", 2, L(1, 3), F_(1, 2, 3))), 1);
  a_int(nd, "axis", 1);
  expect_fail("scatter_elements updates shape", &op_ScatterElements, nd,
              "input 2 'updates' must have the shape of input 1 'indices'");
  nd = node("ScatterElements", 13, 3, IDS(r, ri, c_i32("u4", 2, L(1, 2), I32_(1, 2))), 1);
  a_int(nd, "axis", 1);
  expect_fail("scatter_elements updates dtype", &op_ScatterElements, nd,
              "input 2 'updates' has dtype int32; expected float32");
}

/* ------------------------------------------------ ScatterND / GatherND */

static void test_nd(void) {
  begin();
  int x = c_f32("x", 1, L(8), F_(1, 2, 3, 4, 5, 6, 7, 8));
  int nd = node("ScatterND", 11, 3, IDS(x, c_i64("i", 2, L(4, 1), L(4, 3, 1, 7)), c_f32("u", 1, L(4), F_(9, 10, 11, 12))), 1);
  if (EXPECT_SHAPE("scatternd 1-D shape", &op_ScatterND, nd, 0, IR_F32, 8))
    EXPECT_DATA("scatternd 1-D data", out(nd, 0), 1, 11, 3, 10, 9, 6, 7, 12);

  /* naive: data 3x4x5, k = 2, updates slices of 5, with add and duplicates */
  int d = rand_f32("d", 3, L(3, 4, 5));
  int64_t iv[6 * 2];
  for (int j = 0; j < 6; j++) {
    iv[2 * j] = (int64_t)(rnd() % 6) - 3;
    iv[2 * j + 1] = (int64_t)(rnd() % 8) - 4;
  }
  int ui = rand_f32("ud", 2, L(6, 5));
  static const char *const reds[] = {"none", "add", "mul", "max", "min"};
  for (int rdx = 0; rdx < 5; rdx++) {
    nd = node("ScatterND", 18, 3, IDS(d, c_i64("k", 2, L(6, 2), iv), ui), 1);
    a_str(nd, "reduction", reds[rdx]);
    char lab[96];
    snprintf(lab, sizeof lab, "scatternd 3-D k=2 reduction %s", reds[rdx]);
    if (run(&op_ScatterND, nd) < 0) { ot_check(0, lab, "error: %s", D.msg); continue; }
    float want[60];
    memcpy(want, G->tensors[d].data, sizeof want);
    const float *up = G->tensors[ui].data;
    for (int j = 0; j < 6; j++) {
      int64_t a = iv[2 * j] < 0 ? iv[2 * j] + 3 : iv[2 * j], b = iv[2 * j + 1] < 0 ? iv[2 * j + 1] + 4 : iv[2 * j + 1];
      for (int c = 0; c < 5; c++) {
        float *w = &want[(a * 4 + b) * 5 + c], v = up[j * 5 + c];
        switch (rdx) {
        case 0: *w = v; break;
        case 1: *w += v; break;
        case 2: *w *= v; break;
        case 3: *w = *w > v ? *w : v; break;
        default: *w = *w < v ? *w : v; break;
        }
      }
    }
    expect_bytes(lab, out(nd, 0), want, sizeof want);
  }
  nd = node("ScatterND", 11, 3, IDS(x, c_i64("i", 2, L(1, 1), L(8)), c_f32("u", 1, L(1), F_(9))), 1);
  expect_fail("scatternd constant index out of range", &op_ScatterND, nd,
              "indices[0] = 8 is out of range [-8, 7] for data axis 0 of size 8");
  nd = node("ScatterND", 11, 3, IDS(x, c_i64("i", 2, L(1, 2), L(0, 0)), c_f32("u", 1, L(1), F_(9))), 1);
  expect_fail("scatternd tuple too long", &op_ScatterND, nd, "the last dim of indices is 2; it must be in [1, 1]");
  nd = node("ScatterND", 11, 3, IDS(x, c_i64("i", 2, L(2, 1), L(0, 1)), c_f32("u", 1, L(1), F_(9))), 1);
  expect_fail("scatternd updates shape", &op_ScatterND, nd, "input 2 'updates' must have shape");

  /* GatherND: the spec's examples */
  int g = c_i32("g", 2, L(2, 2), I32_(0, 1, 2, 3));
  nd = node("GatherND", 13, 2, IDS(g, c_i64("i", 2, L(2, 2), L(0, 0, 1, 1))), 1);
  if (EXPECT_SHAPE("gathernd element shape", &op_GatherND, nd, 0, IR_I32, 2))
    EXPECT_DATA("gathernd element data", out(nd, 0), 0, 3);
  nd = node("GatherND", 13, 2, IDS(g, c_i64("i", 2, L(2, 1), L(1, 0))), 1);
  if (EXPECT_SHAPE("gathernd slice shape", &op_GatherND, nd, 0, IR_I32, 2, 2))
    EXPECT_DATA("gathernd slice data", out(nd, 0), 2, 3, 0, 1);
  int g3 = c_f32("g3", 3, L(2, 2, 2), F_(0, 1, 2, 3, 4, 5, 6, 7));
  nd = node("GatherND", 13, 2, IDS(g3, c_i64("i", 3, L(2, 1, 2), L(0, 1, 1, 0))), 1);
  if (EXPECT_SHAPE("gathernd 3-D shape", &op_GatherND, nd, 0, IR_F32, 2, 1, 2))
    EXPECT_DATA("gathernd 3-D data", out(nd, 0), 2, 3, 4, 5);
  nd = node("GatherND", 13, 2, IDS(g3, c_i64("i", 2, L(2, 1), L(1, 0))), 1);
  a_int(nd, "batch_dims", 1);
  if (EXPECT_SHAPE("gathernd batch_dims 1 shape", &op_GatherND, nd, 0, IR_F32, 2, 2))
    EXPECT_DATA("gathernd batch_dims 1 data", out(nd, 0), 2, 3, 4, 5);
  nd = node("GatherND", 13, 2, IDS(g3, c_i64("i", 2, L(2, 2), L(1, -1, 0, 1))), 1);
  a_int(nd, "batch_dims", 1);
  if (EXPECT_SHAPE("gathernd batch_dims 1 k=2 shape", &op_GatherND, nd, 0, IR_F32, 2))
    EXPECT_DATA("gathernd batch_dims 1 k=2 negative", out(nd, 0), 3, 5);
  nd = node("GatherND", 13, 2, IDS(g3, c_i64("i", 2, L(3, 1), L(1, 0, 1))), 1);
  a_int(nd, "batch_dims", 1);
  expect_fail("gathernd batch dims differ", &op_GatherND, nd, "batch dim 0 differs: data has 2, indices 3");
  nd = node("GatherND", 11, 2, IDS(g3, c_i64("i", 2, L(2, 1), L(1, 0))), 1);
  a_int(nd, "batch_dims", 1);
  expect_fail("gathernd batch_dims at opset 11", &op_GatherND, nd, "attribute 'batch_dims' needs opset 12");
  nd = node("GatherND", 13, 2, IDS(g3, c_i64("i", 2, L(1, 4), L(0, 0, 0, 0))), 1);
  expect_fail("gathernd tuple too long", &op_GatherND, nd, "the last dim of indices is 4; it must be in [1, 3]");
  nd = node("GatherND", 13, 2, IDS(g3, c_i64("i", 2, L(1, 2), L(0, 2))), 1);
  expect_fail("gathernd constant index out of range", &op_GatherND, nd,
              "indices[1] = 2 is out of range [-2, 1] for data axis 1 of size 2");
}

/* ---------------------------------------------------------------- Tile */

static void naive_tile(const ir_tensor *x, const ir_tensor *y, float *want) {
  int64_t n = ir_numel(y), st[IR_MAX_RANK], xst[IR_MAX_RANK];
  kiln_copy_strides(y->rank, y->dims, st);
  kiln_copy_strides(x->rank, x->dims, xst);
  const float *xv = x->data;
  for (int64_t i = 0; i < n; i++) {
    int64_t xo = 0;
    for (int a = 0; a < y->rank; a++) xo += ((i / st[a]) % y->dims[a] % x->dims[a]) * xst[a];
    want[i] = xv[xo];
  }
}

static void test_tile(void) {
  begin();
  int x = c_f32("x", 2, L(2, 2), F_(0, 1, 2, 3));
  int nd = node("Tile", 13, 2, IDS(x, VEC("r", 2, 2)), 1);
  if (EXPECT_SHAPE("tile 2x2 shape", &op_Tile, nd, 0, IR_F32, 4, 4))
    EXPECT_DATA("tile 2x2 data", out(nd, 0), 0, 1, 0, 1, 2, 3, 2, 3, 0, 1, 0, 1, 2, 3, 2, 3);
  static const int64_t shapes[3][6] = {{2, 3, 1, 2, 2, 3}, {1, 2, 3, 2, 1, 2}, {3, 1, 2, 2, 2, 1}};
  static const int64_t reps[3][6] = {{2, 2, 3, 2, 2, 2}, {3, 1, 2, 1, 2, 1}, {1, 3, 1, 2, 2, 2}};
  for (int c = 0; c < 3; c++) {
    int t = iota_f32("t", 6, shapes[c]);
    nd = node("Tile", 13, 2, IDS(t, c_i64("r", 1, L(6), reps[c])), 1);
    char lab[64];
    snprintf(lab, sizeof lab, "tile 6-D case %d", c);
    if (run(&op_Tile, nd) < 0) { ot_check(0, lab, "error: %s", D.msg); continue; }
    ir_tensor *y = out(nd, 0);
    float *want = malloc((size_t)ir_nbytes(y));
    naive_tile(&G->tensors[t], y, want);
    expect_bytes(lab, y, want, (size_t)ir_nbytes(y));
    free(want);
  }
  nd = node("Tile", 13, 2, IDS(x, VEC("r", 2, 0)), 1);
  EXPECT_SHAPE("tile zero repeat", &op_Tile, nd, 0, IR_F32, 4, 0);
  nd = node("Tile", 13, 2, IDS(x, VEC("r", 2)), 1);
  expect_fail("tile repeats count", &op_Tile, nd, "input 1 'repeats' must be 1-D with 2 entries");
  nd = node("Tile", 13, 2, IDS(x, VEC("r", 2, -1)), 1);
  expect_fail("tile negative repeat", &op_Tile, nd, "repeats[1] = -1 is negative");
  nd = node("Tile", 13, 2, IDS(x, tensor("rr", IR_I64, 1, L(2))), 1);
  expect_fail("tile run-time repeats", &op_Tile, nd, "input 1 'repeats' must be a constant");
}

/* ----------------------------------------- DepthToSpace / SpaceToDepth */

static void test_d2s(void) {
  begin();
  const int64_t N = 2, C = 8, H = 3, W = 2, b = 2, Cp = C / (b * b);
  int x = iota_f32("x", 4, L(N, C, H, W));
  const float *xv = G->tensors[x].data;
  for (int mode = 0; mode < 2; mode++) {
    int nd = node("DepthToSpace", 13, 1, IDS(x), 1);
    a_int(nd, "blocksize", b);
    if (mode) a_str(nd, "mode", "CRD");
    char lab[64];
    snprintf(lab, sizeof lab, "depthtospace %s", mode ? "CRD" : "DCR");
    if (!EXPECT_SHAPE(lab, &op_DepthToSpace, nd, 0, IR_F32, N, Cp, H * b, W * b)) continue;
    float want[2 * 2 * 6 * 4];
    for (int64_t n = 0; n < N; n++)
      for (int64_t c = 0; c < Cp; c++)
        for (int64_t h = 0; h < H * b; h++)
          for (int64_t w = 0; w < W * b; w++) {
            int64_t blk = (h % b) * b + w % b;
            int64_t xc = mode ? c * b * b + blk : blk * Cp + c;
            want[((n * Cp + c) * H * b + h) * W * b + w] = xv[((n * C + xc) * H + h / b) * W + w / b];
          }
    snprintf(lab, sizeof lab, "depthtospace %s data", mode ? "CRD" : "DCR");
    expect_bytes(lab, out(nd, 0), want, sizeof want);
  }
  int s = iota_f32("s", 4, L(2, 3, 4, 6));
  xv = G->tensors[s].data;
  for (int mode = 0; mode < 2; mode++) {
    int nd = node("SpaceToDepth", 28, 1, IDS(s), 1);
    a_int(nd, "blocksize", 2);
    a_str(nd, "mode", mode ? "CRD" : "DCR");
    char lab[64];
    snprintf(lab, sizeof lab, "spacetodepth %s", mode ? "CRD" : "DCR");
    if (!EXPECT_SHAPE(lab, &op_SpaceToDepth, nd, 0, IR_F32, 2, 12, 2, 3)) continue;
    float want[2 * 12 * 2 * 3];
    for (int64_t n = 0; n < 2; n++)
      for (int64_t c = 0; c < 3; c++)
        for (int64_t h = 0; h < 4; h++)
          for (int64_t w = 0; w < 6; w++) {
            int64_t blk = (h % 2) * 2 + w % 2;
            int64_t yc = mode ? c * 4 + blk : blk * 3 + c;
            want[((n * 12 + yc) * 2 + h / 2) * 3 + w / 2] = xv[((n * 3 + c) * 4 + h) * 6 + w];
          }
    snprintf(lab, sizeof lab, "spacetodepth %s data", mode ? "CRD" : "DCR");
    expect_bytes(lab, out(nd, 0), want, sizeof want);
  }
  int nd = node("SpaceToDepth", 13, 1, IDS(s), 1);
  a_int(nd, "blocksize", 2);
  a_str(nd, "mode", "CRD");
  expect_fail("spacetodepth mode before opset 28", &op_SpaceToDepth, nd, "attribute 'mode' needs opset 28");
  nd = node("SpaceToDepth", 13, 1, IDS(s), 1);
  a_int(nd, "blocksize", 4);
  expect_fail("spacetodepth indivisible", &op_SpaceToDepth, nd,
              "height 4 and width 6 must be multiples of blocksize 4");
  nd = node("DepthToSpace", 13, 1, IDS(s), 1);
  a_int(nd, "blocksize", 2);
  expect_fail("depthtospace indivisible", &op_DepthToSpace, nd, "channels 3 must be a multiple of blocksize^2 = 4");
  nd = node("DepthToSpace", 13, 1, IDS(s), 1);
  expect_fail("depthtospace no blocksize", &op_DepthToSpace, nd, "attribute 'blocksize' (int) is required");
  nd = node("DepthToSpace", 13, 1, IDS(x), 1);
  a_int(nd, "blocksize", 2);
  a_str(nd, "mode", "XYZ");
  expect_fail("depthtospace bad mode", &op_DepthToSpace, nd, "mode 'XYZ' is not DCR or CRD");
  nd = node("DepthToSpace", 13, 1, IDS(c_f32("v", 1, L(2), F_(1, 2))), 1);
  a_int(nd, "blocksize", 2);
  expect_fail("depthtospace rank", &op_DepthToSpace, nd, "input 0 has rank 1, expected 4");
}

/* -------------------------------------------------------------- OneHot */

static void test_onehot(void) {
  begin();
  int i = c_i64("i", 1, L(5), L(1, 9, -1, 12, -11));
  int v = c_f32("v", 1, L(2), F_(2, 5));
  int nd = node("OneHot", 11, 3, IDS(i, VEC("d", 10), v), 1);
  if (EXPECT_SHAPE("onehot shape", &op_OneHot, nd, 0, IR_F32, 5, 10))
    EXPECT_DATA("onehot data (negative, out of range)", out(nd, 0),
                2, 5, 2, 2, 2, 2, 2, 2, 2, 2,  2, 2, 2, 2, 2, 2, 2, 2, 2, 5,
                2, 2, 2, 2, 2, 2, 2, 2, 2, 5,  2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
                2, 2, 2, 2, 2, 2, 2, 2, 2, 2);
  int fi = c_f32("fi", 2, L(2, 2), F_(0, 2, 1.5f, -1));
  int d0 = constant("d0", IR_F32, 0, NULL, F_(3));
  nd = node("OneHot", 11, 3, IDS(fi, d0, c_i32("iv", 1, L(2), I32_(0, 7))), 1);
  a_int(nd, "axis", 1);
  if (EXPECT_SHAPE("onehot axis 1 shape", &op_OneHot, nd, 0, IR_I32, 2, 3, 2))
    EXPECT_DATA("onehot axis 1 float indices", out(nd, 0), 7, 0, 0, 0, 0, 7,  0, 0, 0, 0, 0, 7);
  nd = node("OneHot", 11, 3, IDS(i, VEC("d", 0), v), 1);
  expect_fail("onehot depth 0", &op_OneHot, nd, "depth 0 must be >= 1");
  nd = node("OneHot", 11, 3, IDS(i, VEC("d", 3), c_f32("v3", 1, L(3), F_(0, 1, 2))), 1);
  expect_fail("onehot values count", &op_OneHot, nd, "input 2 'values' must be 1-D with 2 elements");
  nd = node("OneHot", 11, 3, IDS(i, VEC("d", 3), v), 1);
  a_int(nd, "axis", 2);
  expect_fail("onehot axis range", &op_OneHot, nd, "axis 2 is out of range [-2, 1]");
  nd = node("OneHot", 11, 3, IDS(i, tensor("dd", IR_I64, 0, NULL), v), 1);
  expect_fail("onehot run-time depth", &op_OneHot, nd, "input 1 'depth' must be a constant");
}

/* ----------------------------------------------------- ReverseSequence */

static void test_revseq(void) {
  begin();
  int x = c_f32("x", 2, L(4, 4), F_(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
  int nd = node("ReverseSequence", 10, 2, IDS(x, VEC("l", 4, 3, 2, 1)), 1);
  a_int(nd, "time_axis", 0);
  a_int(nd, "batch_axis", 1);
  if (EXPECT_SHAPE("reversesequence time 0 shape", &op_ReverseSequence, nd, 0, IR_F32, 4, 4))
    EXPECT_DATA("reversesequence time 0 data", out(nd, 0), 3, 6, 9, 12, 2, 5, 8, 13, 1, 4, 10, 14, 0, 7,
                11, 15);
  int y = iota_f32("y", 2, L(4, 4));
  nd = node("ReverseSequence", 10, 2, IDS(y, VEC("l", 1, 2, 3, 4)), 1);
  a_int(nd, "time_axis", 1);
  a_int(nd, "batch_axis", 0);
  if (EXPECT_SHAPE("reversesequence time 1 shape", &op_ReverseSequence, nd, 0, IR_F32, 4, 4))
    EXPECT_DATA("reversesequence time 1 data", out(nd, 0), 0, 1, 2, 3, 5, 4, 6, 7, 10, 9, 8, 11, 15, 14,
                13, 12);
  nd = node("ReverseSequence", 10, 2, IDS(y, VEC("l", 1, 2, 3, 5)), 1);
  expect_fail("reversesequence length too long", &op_ReverseSequence, nd,
              "sequence_lens[3] = 5 is out of range [0, 4]");
  nd = node("ReverseSequence", 10, 2, IDS(y, VEC("l", 1, 2, 3)), 1);
  expect_fail("reversesequence lens count", &op_ReverseSequence, nd,
              "input 1 'sequence_lens' must be 1-D with 4 entries");
  nd = node("ReverseSequence", 10, 2, IDS(y, VEC("l", 1, 2, 3, 4)), 1);
  a_int(nd, "time_axis", 1);
  expect_fail("reversesequence same axes", &op_ReverseSequence, nd,
              "time_axis 1 and batch_axis 1 must be 0 and 1 in some order");
}

/* ------------------------------------------------------- CenterCropPad */

static void test_ccp(void) {
  begin();
  int x = iota_f32("x", 3, L(5, 4, 3));
  const float *xv = G->tensors[x].data;
  int nd = node("CenterCropPad", 18, 2, IDS(x, VEC("s", 2, 7, 3)), 1);
  if (EXPECT_SHAPE("centercroppad shape", &op_CenterCropPad, nd, 0, IR_F32, 2, 7, 3)) {
    /* rows: crop 5 -> 2 from (5-2)/2 = 1; cols: pad 4 -> 7 with (7-4)/2 = 1 leading */
    float want[2 * 7 * 3];
    for (int a = 0; a < 2; a++)
      for (int b = 0; b < 7; b++)
        for (int c = 0; c < 3; c++)
          want[(a * 7 + b) * 3 + c] = (b >= 1 && b < 5) ? xv[((a + 1) * 4 + (b - 1)) * 3 + c] : 0.0f;
    expect_bytes("centercroppad crop and pad data", out(nd, 0), want, sizeof want);
  }
  nd = node("CenterCropPad", 18, 2, IDS(x, c_i32("s", 1, L(2), I32_(2, 6))), 1);
  A_INTS(nd, "axes", -3, 1);
  if (EXPECT_SHAPE("centercroppad axes shape", &op_CenterCropPad, nd, 0, IR_F32, 2, 6, 3)) {
    float want[2 * 6 * 3];
    for (int a = 0; a < 2; a++)
      for (int b = 0; b < 6; b++)
        for (int c = 0; c < 3; c++)
          want[(a * 6 + b) * 3 + c] = (b >= 1 && b < 5) ? xv[((a + 1) * 4 + (b - 1)) * 3 + c] : 0.0f;
    expect_bytes("centercroppad axes data", out(nd, 0), want, sizeof want);
  }
  nd = node("CenterCropPad", 18, 2, IDS(x, VEC("s", 2, 7)), 1);
  expect_fail("centercroppad shape count", &op_CenterCropPad, nd, "input 1 'shape' must be 1-D with 3 entries");
  nd = node("CenterCropPad", 18, 2, IDS(x, VEC("s", 2, 7)), 1);
  A_INTS(nd, "axes", 0, -3);
  expect_fail("centercroppad duplicate axes", &op_CenterCropPad, nd, "axes has axis 0 twice");
  nd = node("CenterCropPad", 18, 2, IDS(x, tensor("ss", IR_I64, 1, L(3))), 1);
  expect_fail("centercroppad run-time shape", &op_CenterCropPad, nd, "input 1 'shape' must be a constant");
}

/* --------------------------------------------------- Trilu and EyeLike */

static void test_trilu_eyelike(void) {
  begin();
  int x = iota_f32("x", 3, L(2, 3, 4));
  const float *xv = G->tensors[x].data;
  static const int64_t ks[] = {0, 1, -1, 3, -5, 100, -100};
  for (int up = 0; up < 2; up++)
    for (size_t ki = 0; ki < sizeof ks / sizeof ks[0]; ki++) {
      int nd = node("Trilu", 14, 2, IDS(x, c_i64("k", 0, NULL, &ks[ki])), 1);
      a_int(nd, "upper", up);
      char lab[64];
      snprintf(lab, sizeof lab, "trilu upper=%d k=%lld", up, (long long)ks[ki]);
      if (run(&op_Trilu, nd) < 0) { ot_check(0, lab, "error: %s", D.msg); continue; }
      float want[24];
      for (int i = 0; i < 24; i++) {
        int64_t r = (i / 4) % 3, c = i % 4;
        int keep = up ? c - r >= ks[ki] : c - r <= ks[ki];
        want[i] = keep ? xv[i] : 0.0f;
      }
      expect_bytes(lab, out(nd, 0), want, sizeof want);
    }
  int nd = node("Trilu", 14, 1, IDS(x), 1);
  if (EXPECT_SHAPE("trilu no k shape", &op_Trilu, nd, 0, IR_F32, 2, 3, 4))
    EXPECT_DATA("trilu no k (upper, k=0)", out(nd, 0), 0, 1, 2, 3, 0, 5, 6, 7, 0, 0, 10, 11, 12, 13, 14,
                15, 0, 17, 18, 19, 0, 0, 22, 23);
  nd = node("Trilu", 14, 1, IDS(c_f32("v", 1, L(3), F_(1, 2, 3))), 1);
  expect_fail("trilu rank 1", &op_Trilu, nd, "input 0 has rank 1; expected >= 2");
  nd = node("Trilu", 14, 2, IDS(x, VEC("k", 1, 2)), 1);
  expect_fail("trilu k not scalar", &op_Trilu, nd, "input 1 'k' must be a scalar");
  nd = node("Trilu", 14, 1, IDS(x), 1);
  a_int(nd, "upper", 2);
  expect_fail("trilu bad upper", &op_Trilu, nd, "upper 2 must be 0 or 1");

  int e = rand_const("e", IR_F32, 2, L(3, 4));
  nd = node("EyeLike", 9, 1, IDS(e), 1);
  a_int(nd, "k", 1);
  a_int(nd, "dtype", IR_I32);
  if (EXPECT_SHAPE("eyelike int32 k=1 shape", &op_EyeLike, nd, 0, IR_I32, 3, 4))
    EXPECT_DATA("eyelike int32 k=1 data", out(nd, 0), 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
  nd = node("EyeLike", 9, 1, IDS(e), 1);
  a_int(nd, "k", -1);
  if (EXPECT_SHAPE("eyelike default dtype shape", &op_EyeLike, nd, 0, IR_F32, 3, 4))
    EXPECT_DATA("eyelike default dtype k=-1", out(nd, 0), 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0);
  nd = node("EyeLike", 9, 1, IDS(e), 1);
  a_int(nd, "k", 1000);
  if (EXPECT_SHAPE("eyelike huge k shape", &op_EyeLike, nd, 0, IR_F32, 3, 4))
    EXPECT_DATA("eyelike huge k", out(nd, 0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  nd = node("EyeLike", 9, 1, IDS(x), 1);
  expect_fail("eyelike rank 3", &op_EyeLike, nd, "input 0 has rank 3; expected 2");
  nd = node("EyeLike", 9, 1, IDS(e), 1);
  a_int(nd, "dtype", IR_STRING);
  expect_fail("eyelike string dtype", &op_EyeLike, nd, "dtype 8 is not a numeric or bool dtype");
}

/* ------------------------------------- kernels: bad run-time indices */

static void test_kernels(void) {
  /* GatherElements clamps: x = [10, 11, 12, 13], idx = [-10, 7, 1, -1] */
  {
    kiln_elems_params p = {1, KILN_NUM_I64, KILN_NUM_F32, KILN_RED_NONE, 4, 4, 4, 16, {4}, {0}};
    const float x[4] = {10, 11, 12, 13};
    const int64_t idx[4] = {-10, 7, 1, -1};
    float y[4];
    kiln_gather_elements__c(&p, x, idx, y);
    ot_check(y[0] == 10 && y[1] == 13 && y[2] == 11 && y[3] == 13, "kernel gather_elements clamps", "got %g %g %g %g",
          y[0], y[1], y[2], y[3]);
  }
  /* ScatterElements skips: int32 indices with INT32_MIN and 4 */
  {
    kiln_elems_params p = {1, KILN_NUM_I32, KILN_NUM_F32, KILN_RED_ADD, 4, 4, 4, 16, {4}, {0}};
    const float x[4] = {1, 2, 3, 4}, u[4] = {100, 200, 300, 400};
    const int32_t idx[4] = {INT32_MIN, 4, -1, 0};
    float y[4];
    kiln_scatter_elements__c(&p, x, idx, u, y);
    ot_check(y[0] == 401 && y[1] == 2 && y[2] == 3 && y[3] == 304, "kernel scatter_elements skips", "got %g %g %g %g",
          y[0], y[1], y[2], y[3]);
  }
  /* GatherND clamps per component; ScatterND skips the whole tuple */
  {
    kiln_nd_params p = {KILN_NUM_I64, KILN_NUM_F32, KILN_RED_NONE, 2, 1, 3, 4, 24, 24, 4, {2, 3}, {12, 4}};
    const float x[6] = {0, 1, 2, 3, 4, 5};
    const int64_t idx[6] = {5, -9, INT64_MIN, 1, 1, 2};
    float y[3];
    kiln_gather_nd__c(&p, x, idx, y);
    ot_check(y[0] == 3 && y[1] == 1 && y[2] == 5, "kernel gather_nd clamps", "got %g %g %g", y[0], y[1], y[2]);
    const float u[3] = {7, 8, 9};
    float z[6];
    kiln_scatter_nd__c(&p, x, idx, u, z);
    ot_check(z[0] == 0 && z[1] == 1 && z[2] == 2 && z[3] == 3 && z[4] == 4 && z[5] == 9,
          "kernel scatter_nd skips", "got %g %g %g %g %g %g", z[0], z[1], z[2], z[3], z[4], z[5]);
    /* in place (x == y) */
    float w[6] = {0, 1, 2, 3, 4, 5};
    kiln_scatter_nd__c(&p, w, idx, u, w);
    ot_check(w[5] == 9 && w[0] == 0, "kernel scatter_nd in place", "got %g", w[5]);
  }
  /* OneHot: uint64 huge and NaN indices give all-off rows */
  {
    kiln_onehot_params p = {KILN_NUM_F64, 1, 3, 3, 1};
    const double idx[3] = {NAN, 1e300, 2};
    const unsigned char v[2] = {0, 1};
    unsigned char y[9];
    kiln_onehot__c(&p, idx, v, y);
    static const unsigned char want[9] = {0, 0, 0, 0, 0, 0, 0, 0, 1};
    ot_check(memcmp(y, want, 9) == 0, "kernel onehot NaN/huge indices", "mismatch");
  }
  /* ReverseSequence clamps lengths: 4 time steps, lens [-3, 99] */
  {
    kiln_revseq_params p = {KILN_NUM_I64, 0, 4, 2, 4};
    const float x[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    const int64_t lens[2] = {-3, 99};
    float y[8];
    kiln_reverse_sequence__c(&p, x, lens, y);
    static const float want[8] = {0, 7, 2, 5, 4, 3, 6, 1};
    ot_check(memcmp(y, want, sizeof want) == 0, "kernel reverse_sequence clamps lengths", "mismatch");
  }
  /* Trilu in place, and with an extreme run-time k */
  {
    kiln_trilu_params p = {0, 1, 2, 3, 4};
    float a[6] = {1, 2, 3, 4, 5, 6};
    kiln_trilu__c(&p, 0, a, a);
    ot_check(a[0] == 1 && a[1] == 0 && a[2] == 0 && a[3] == 4 && a[4] == 5 && a[5] == 0, "kernel trilu in place",
          "mismatch");
    float b[6] = {1, 2, 3, 4, 5, 6}, c[6];
    kiln_trilu__c(&p, INT64_MIN, b, c);
    ot_check(c[0] == 0 && c[5] == 0, "kernel trilu k = INT64_MIN", "mismatch");
    kiln_trilu__c(&p, INT64_MAX, b, c);
    ot_check(memcmp(b, c, sizeof b) == 0, "kernel trilu k = INT64_MAX", "mismatch");
  }
}

/* ------------------------------------------------------------ packages */

/* Emitted code, compiled as package C and run, equals eval for every op,
 * over element sizes 1, 2, 4 and 8. */
static void test_packages(void) {
  static const ir_dtype dts[] = {IR_F32, IR_I8, IR_F16, IR_I64};
  char lab[128];
  for (size_t di = 0; di < sizeof dts / sizeof dts[0]; di++) {
    ir_dtype dt = dts[di];
    const char *dn = ir_dtype_name(dt);
    begin();
    int x = rand_const("x", dt, 4, L(2, 8, 4, 6));
    int64_t iv[2 * 3 * 4 * 6];
    for (int i = 0; i < 144; i++) iv[i] = (int64_t)(rnd() % 16) - 8;
    int nd = node("GatherElements", 13, 2, IDS(x, c_i64("gi", 4, L(2, 3, 4, 6), iv)), 1);
    a_int(nd, "axis", 1);
    snprintf(lab, sizeof lab, "package gather_elements %s", dn);
    pkg(lab, &op_GatherElements, nd);
    nd = node("ScatterElements", 18, 3, IDS(x, c_i64("si", 4, L(2, 3, 4, 6), iv), rand_const("su", dt, 4, L(2, 3, 4, 6))), 1);
    a_int(nd, "axis", 1);
    if (dt != IR_F16) a_str(nd, "reduction", "add");
    snprintf(lab, sizeof lab, "package scatter_elements %s", dn);
    pkg(lab, &op_ScatterElements, nd);
    int64_t tv[5 * 2];
    for (int i = 0; i < 10; i++) tv[i] = (int64_t)(rnd() % (i % 2 ? 8 : 2));
    nd = node("GatherND", 13, 2, IDS(x, c_i64("ni", 2, L(5, 2), tv)), 1);
    snprintf(lab, sizeof lab, "package gathernd %s", dn);
    pkg(lab, &op_GatherND, nd);
    nd = node("ScatterND", 18, 3, IDS(x, c_i64("ni", 2, L(5, 2), tv), rand_const("nu", dt, 3, L(5, 4, 6))), 1);
    if (dt != IR_F16) a_str(nd, "reduction", "max");
    snprintf(lab, sizeof lab, "package scatternd %s", dn);
    pkg(lab, &op_ScatterND, nd);
    nd = node("Tile", 13, 2, IDS(x, VEC("r", 2, 1, 3, 2)), 1);
    snprintf(lab, sizeof lab, "package tile %s", dn);
    pkg(lab, &op_Tile, nd);
    int t6 = rand_const("t6", dt, 6, L(2, 3, 2, 2, 3, 2));
    nd = node("Tile", 13, 2, IDS(t6, VEC("r", 2, 2, 2, 2, 2, 2)), 1);
    snprintf(lab, sizeof lab, "package tile multi-step %s", dn);
    pkg(lab, &op_Tile, nd);
    for (int mode = 0; mode < 2; mode++) {
      nd = node("DepthToSpace", 13, 1, IDS(x), 1);
      a_int(nd, "blocksize", 2);
      a_str(nd, "mode", mode ? "CRD" : "DCR");
      snprintf(lab, sizeof lab, "package depthtospace %s %s", mode ? "CRD" : "DCR", dn);
      pkg(lab, &op_DepthToSpace, nd);
      nd = node("SpaceToDepth", 28, 1, IDS(x), 1);
      a_int(nd, "blocksize", 2);
      a_str(nd, "mode", mode ? "CRD" : "DCR");
      snprintf(lab, sizeof lab, "package spacetodepth %s %s", mode ? "CRD" : "DCR", dn);
      pkg(lab, &op_SpaceToDepth, nd);
    }
    nd = node("OneHot", 11, 3, IDS(c_i64("oi", 2, L(3, 4), iv), VEC("d", 5), rand_const("ov", dt, 1, L(2))), 1);
    a_int(nd, "axis", 1);
    snprintf(lab, sizeof lab, "package onehot %s", dn);
    pkg(lab, &op_OneHot, nd);
    nd = node("ReverseSequence", 10, 2, IDS(x, VEC("l", 1, 2, 0, 2, 1, 1, 2, 0)), 1);
    snprintf(lab, sizeof lab, "package reversesequence time 0 %s", dn);
    pkg(lab, &op_ReverseSequence, nd);
    nd = node("ReverseSequence", 10, 2, IDS(x, VEC("l", 5, 8)), 1);
    a_int(nd, "time_axis", 1);
    a_int(nd, "batch_axis", 0);
    snprintf(lab, sizeof lab, "package reversesequence time 1 %s", dn);
    pkg(lab, &op_ReverseSequence, nd);
    nd = node("CenterCropPad", 18, 2, IDS(x, VEC("s", 3, 5, 7, 1)), 1);
    snprintf(lab, sizeof lab, "package centercroppad %s", dn);
    pkg(lab, &op_CenterCropPad, nd);
    nd = node("Trilu", 14, 2, IDS(x, c_i64("k", 0, NULL, L(-1))), 1);
    a_int(nd, "upper", 0);
    snprintf(lab, sizeof lab, "package trilu %s", dn);
    pkg(lab, &op_Trilu, nd);
    nd = node("EyeLike", 9, 1, IDS(rand_const("e", IR_F32, 2, L(5, 7))), 1);
    a_int(nd, "dtype", dt);
    a_int(nd, "k", 2);
    snprintf(lab, sizeof lab, "package eyelike %s", dn);
    pkg(lab, &op_EyeLike, nd);
  }
}

int main(void) {
  static const char *const kernels[] = {"src/kernels/copy.h", "src/kernels/copy.c", "src/kernels/index.h", "src/kernels/index.c"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  test_gather_elements();
  test_scatter_elements();
  test_nd();
  test_tile();
  test_d2s();
  test_onehot();
  test_revseq();
  test_ccp();
  test_trilu_eyelike();
  test_kernels();
  test_packages();
  ir_graph_free(G);
  return ot_report();
}
