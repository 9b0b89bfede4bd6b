/* test_ops_resize.c - unit tests for the resampling ops: Resize, Upsample,
 * GridSample, AffineGrid, RoiAlign, ConvTranspose, Col2Im, MaxUnpool.
 *
 * Every case builds a one-node graph by hand, runs infer + eval and compares
 * eval (which calls the kernels) with expected numbers written here by hand
 * or with a naive reference in this file (direct formulas in double, not the
 * kernels' tables). Error cases check the message text.
 *
 * Package check: selected cases are also emitted through the shared stand-in
 * emitter (tests/unit/harness/op_test.c, standing in for src/emit/emit.c) into a standalone C99 program
 * (the kernel sections the node pulled in, its declarations, weights and
 * code), compiled with cc -std=c99 -Wall -Wextra -Werror -pedantic, run, and
 * its output must equal eval's. Inputs marked RT are hidden from emit
 * (run-time inputs). KILN_TEST_NO_PACKAGE=1 skips this; KILN_TEST_CC and
 * KILN_TEST_CFLAGS (else KILN_RUN_CFLAGS) choose the compiler and flags.
 * Run from the repository root. Prints PASS/FAIL lines, then
 * `N passed, N failed`.
 *
 * Build (from the repo root; see tests/unit/harness/op_test.h):
 *   cc -std=c11 -Wall -Wextra -g -DKILN_HOST -Isrc -Iruntime -Isrc/kernels -Itests/unit \
 *      -o /tmp/t tests/unit/test_ops_resize.c tests/unit/harness/op_test.c \
 *      <every compiler object except those of src/emit and cli/main> -lm
 */
#include "ops/op.h"
#include "emit/emit.h"
#include "harness/op_test_case.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const op_def op_Resize, op_Upsample, op_GridSample, op_AffineGrid, op_RoiAlign,
    op_ConvTranspose, op_Col2Im, op_MaxUnpool;

static uint32_t rng = 777;
static float frand(void) { return ot_frand(&rng); } /* uniform in [-1, 1) */

/* ------------------------------------------------------------------ */
/* graph building (tests/unit/harness/op_test_case.h)                  */

/* One output "y"; ins[] may carry RT. */
static ir_node *node(tcase *t, const char *op, int opset, int nin, const int *ins) {
  return ot_case_node(t, op, opset, nin, ins, 1, NULL);
}

static int package_disabled(void) { return ot_no_cc(); }

/* ------------------------------------------------------------------ */
/* running a case                                                      */

/* infer + eval, checks the output shape and compares with ref (doubles);
 * with pkg, the package too. */
static void run_case(const char *name, tcase *t, const op_def *op, int rank, const int64_t *dims,
                     const double *ref, double tol, int pkg) {
  kiln_diag d;
  ir_node *n = N(t);
  /* infer sees run-time inputs as non-constant */
  int rc = ot_case_infer(t, op, &d);
  if (rc) {
    fail(name, "infer failed: %s", d.msg);
    return;
  }
  const ir_tensor *y = &t->g->tensors[n->outputs[0]];
  if (y->rank != rank) {
    fail(name, "output rank %d, expected %d", y->rank, rank);
    return;
  }
  for (int i = 0; i < rank; i++)
    if (y->dims[i] != dims[i]) {
      char b[96];
      fail(name, "output shape %s, dim %d should be %lld", ir_shape_str(y, b, sizeof b), i,
           (long long)dims[i]);
      return;
    }
  if (op->eval(&d, t->g, n)) {
    fail(name, "eval failed: %s", d.msg);
    return;
  }
  const float *got = y->data;
  int64_t cnt = ir_numel(y);
  for (int64_t i = 0; ref && i < cnt; i++) {
    if (!(fabs(got[i] - ref[i]) <= tol * (1.0 + fabs(ref[i])))) {
      fail(name, "element %lld: got %.9g, expected %.9g", (long long)i, (double)got[i], ref[i]);
      return;
    }
  }
  if (pkg && !package_disabled()) {
    char why[1200];
    if (ot_case_package(name, t, op, 1e-6, why, sizeof why)) {
      fail(name, "%s", why);
      return;
    }
  }
  pass(name);
}

/* infer must fail with a message containing `want` (and the node prefix). */
#define expect_error ot_case_expect_error

/* ------------------------------------------------------------------ */
/* Resize / Upsample                                                   */

static int64_t clampi(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

/* Keys cubic kernel at distance s. */
static double keys(double s, double A) {
  s = fabs(s);
  if (s <= 1) return ((A + 2) * s - (A + 3)) * s * s + 1;
  if (s < 2) return ((A * s - 5 * A) * s + 8 * A) * s - 4 * A;
  return 0;
}

/* Naive 1-D sample of row v (length in) at source coordinate xo. */
static double sample1(const double *v, int64_t in, double xo, int mode, double A) {
  if (mode == 0) return v[clampi((int64_t)floor(xo + 0.5), 0, in - 1)]; /* not used */
  const double f = floor(xo);
  if (mode == 1) {
    const double r = xo - f;
    return (1 - r) * v[clampi((int64_t)f, 0, in - 1)] + r * v[clampi((int64_t)f + 1, 0, in - 1)];
  }
  double s = 0;
  for (int64_t i = (int64_t)f - 1; i <= (int64_t)f + 2; i++) s += keys(xo - (double)i, A) * v[clampi(i, 0, in - 1)];
  return s;
}

/* Naive separable 2-D resize of an (h, w) plane: rows first, then columns. */
static void resize2d_ref(const float *x, int64_t h, int64_t w, int64_t oh, int64_t ow, double sh,
                         double sw, int mode, int align, double A, double *out) {
  double *tmp = malloc(sizeof(double) * (size_t)(h * ow)), row[64], col[64];
  for (int64_t i = 0; i < h; i++) {
    for (int64_t j = 0; j < w; j++) row[j] = x[i * w + j];
    for (int64_t o = 0; o < ow; o++) {
      double xo = align ? (ow == 1 ? 0 : (double)o * (double)(w - 1) / (double)(ow - 1))
                        : ((double)o + 0.5) / sw - 0.5;
      tmp[i * ow + o] = sample1(row, w, xo, mode, A);
    }
  }
  for (int64_t j = 0; j < ow; j++) {
    for (int64_t i = 0; i < h; i++) col[i] = tmp[i * ow + j];
    for (int64_t o = 0; o < oh; o++) {
      double xo = align ? (oh == 1 ? 0 : (double)o * (double)(h - 1) / (double)(oh - 1))
                        : ((double)o + 0.5) / sh - 0.5;
      out[o * ow + j] = sample1(col, h, xo, mode, A);
    }
  }
  free(tmp);
}

static int resize_node(tcase *t, int opset, int x, const float *scales, const int64_t *sizes,
                       int nvals) {
  int sc = -1, sz = -1;
  if (scales) sc = tensor(t, "scales", IR_F32, 1, INTS(nvals), scales);
  if (sizes) sz = tensor(t, "sizes", IR_I64, 1, INTS(nvals), sizes);
  node(t, "Resize", opset, INS(x, -1, sc, sz));
  return 0;
}

static void test_resize(void) {
  { /* nearest 2x upsample, asymmetric + floor: every pixel repeated */
    tcase t = tc_new();
    const float xv[] = {1, 2, 3, 4};
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 1, 2, 2), xv);
    resize_node(&t, 13, x | RT, FLTS(1, 1, 2, 2), NULL, 4);
    attr_s(&t, "mode", "nearest");
    attr_s(&t, "coordinate_transformation_mode", "asymmetric");
    attr_s(&t, "nearest_mode", "floor");
    const double want[] = {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4};
    run_case("resize_nearest_2x", &t, &op_Resize, 4, INTS(1, 1, 4, 4), want, 1e-6, 1);
    tc_free(&t);
  }
  { /* nearest round_prefer_ceil half_pixel, 3 -> 4 on the last axis */
    tcase t = tc_new();
    const float xv[] = {10, 20, 30};
    int x = tensor(&t, "x", IR_F32, 2, INTS(1, 3), xv);
    resize_node(&t, 13, x, NULL, INTS(1, 4), 2);
    attr_s(&t, "nearest_mode", "round_prefer_ceil");
    /* x_ori = (o + 0.5) * 0.75 - 0.5 = -0.125, 0.625, 1.375, 2.125 -> 0, 1, 1, 2 */
    const double want[] = {10, 20, 20, 30};
    run_case("resize_nearest_half_pixel", &t, &op_Resize, 2, INTS(1, 4), want, 1e-6, 0);
    tc_free(&t);
  }
  const struct {
    const char *name;
    int mode, align;
    int64_t h, w, oh, ow;
    float A;
  } cases[] = {
      {"resize_linear_up", 1, 0, 3, 4, 7, 9, -0.75f},
      {"resize_linear_down", 1, 0, 6, 5, 4, 3, -0.75f},
      {"resize_linear_align_corners", 1, 1, 3, 5, 5, 8, -0.75f},
      {"resize_cubic_up", 2, 0, 4, 4, 9, 6, -0.75f},
      {"resize_cubic_A_half_down", 2, 0, 8, 7, 5, 3, -0.5f},
      {"resize_cubic_align_corners", 2, 1, 4, 3, 6, 7, -0.75f},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    tcase t = tc_new();
    float xv[2 * 64];
    const int64_t h = cases[c].h, w = cases[c].w, oh = cases[c].oh, ow = cases[c].ow;
    for (int i = 0; i < 2 * h * w; i++) xv[i] = frand() * 4;
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 2, h, w), xv);
    resize_node(&t, 19, x | RT, NULL, INTS(oh, ow), 2);
    attr_ints(&t, "axes", NI(2, 3));
    attr_s(&t, "mode", cases[c].mode == 1 ? "linear" : "cubic");
    if (cases[c].align) attr_s(&t, "coordinate_transformation_mode", "align_corners");
    attr_f(&t, "cubic_coeff_a", cases[c].A);
    double want[2 * 64];
    for (int ch = 0; ch < 2; ch++)
      resize2d_ref(xv + ch * h * w, h, w, oh, ow, (double)oh / (double)h, (double)ow / (double)w,
                   cases[c].mode, cases[c].align, cases[c].A, want + ch * oh * ow);
    run_case(cases[c].name, &t, &op_Resize, 4, INTS(1, 2, oh, ow), want, 1e-5, c % 2 == 0);
    tc_free(&t);
  }
  { /* antialias linear, 1-D downscale by 2: filter 0.125 0.375 0.375 0.125 */
    tcase t = tc_new();
    const float xv[] = {1, 2, 3, 4, 5, 6, 7, 8};
    int x = tensor(&t, "x", IR_F32, 1, INTS(8), xv);
    resize_node(&t, 18, x, FLTS(0.5f), NULL, 1);
    attr_s(&t, "mode", "linear");
    attr_i(&t, "antialias", 1);
    const double want[] = {1.625, 3.5, 5.5, 7.375};
    run_case("resize_linear_antialias", &t, &op_Resize, 1, INTS(4), want, 1e-6, 0);
    tc_free(&t);
  }
  { /* tf_crop_and_resize: sources outside the crop take extrapolation_value */
    tcase t = tc_new();
    const float xv[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    int x = tensor(&t, "x", IR_F32, 2, INTS(3, 3), xv);
    int roi = tensor(&t, "roi", IR_F32, 1, INTS(4), FLTS(0, 0.5f, 1, 1.5f));
    int sz = tensor(&t, "sizes", IR_I64, 1, INTS(2), INTS(3, 3));
    node(&t, "Resize", 13, INS(x | RT, roi, -1, sz));
    attr_s(&t, "mode", "linear");
    attr_s(&t, "coordinate_transformation_mode", "tf_crop_and_resize");
    attr_f(&t, "extrapolation_value", -7);
    /* columns: x_ori = 1 + o -> 1, 2, 3 (3 is outside [0, 2]); rows 0, 1, 2 */
    const double want[] = {2, 3, -7, 5, 6, -7, 8, 9, -7};
    run_case("resize_tf_crop_extrapolation", &t, &op_Resize, 2, INTS(3, 3), want, 1e-6, 1);
    tc_free(&t);
  }
  { /* keep_aspect_ratio_policy not_larger: one scale, min(4/2, 9/3) = 2 */
    tcase t = tc_new();
    float xv[6] = {0, 1, 2, 3, 4, 5};
    int x = tensor(&t, "x", IR_F32, 2, INTS(2, 3), xv);
    resize_node(&t, 18, x, NULL, INTS(4, 9), 2);
    attr_s(&t, "keep_aspect_ratio_policy", "not_larger");
    run_case("resize_keep_aspect_not_larger", &t, &op_Resize, 2, INTS(4, 6), NULL, 0, 0);
    tc_free(&t);
  }
  { /* opset 10: scales is input 1, asymmetric, nearest rounds down when upscaling */
    tcase t = tc_new();
    const float xv[] = {1, 2, 3};
    int x = tensor(&t, "x", IR_F32, 1, INTS(3), xv);
    int sc = tensor(&t, "scales", IR_F32, 1, INTS(1), FLTS(2));
    node(&t, "Resize", 10, INS(x, sc));
    const double want[] = {1, 1, 2, 2, 3, 3};
    run_case("resize_opset10_nearest", &t, &op_Resize, 1, INTS(6), want, 1e-6, 0);
    tc_free(&t);
  }
  { /* Upsample-7: scales attribute, linear asymmetric */
    tcase t = tc_new();
    const float xv[] = {0, 4};
    int x = tensor(&t, "x", IR_F32, 2, INTS(1, 2), xv);
    node(&t, "Upsample", 7, INS(x | RT));
    attr_s(&t, "mode", "linear");
    attr_floats(&t, "scales", 2, FLTS(1, 2));
    const double want[] = {0, 2, 4, 4};
    run_case("upsample7_linear", &t, &op_Upsample, 2, INTS(1, 4), want, 1e-6, 1);
    tc_free(&t);
  }
  { /* Upsample-9: scales input, nearest */
    tcase t = tc_new();
    const float xv[] = {1, 2};
    int x = tensor(&t, "x", IR_F32, 2, INTS(2, 1), xv);
    int sc = tensor(&t, "scales", IR_F32, 1, INTS(2), FLTS(2, 3));
    node(&t, "Upsample", 9, INS(x, sc));
    const double want[] = {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2};
    run_case("upsample9_nearest", &t, &op_Upsample, 2, INTS(4, 3), want, 1e-6, 0);
    tc_free(&t);
  }
  /* errors */
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 2, INTS(2, 2), NULL);
    int sc = tensor(&t, "scales", IR_F32, 1, INTS(2), NULL);
    node(&t, "Resize", 13, INS(x, -1, sc));
    expect_error("resize_err_scales_not_const", &t, &op_Resize,
                 "input 2 'scales' must be a constant");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 2, INTS(2, 2), NULL);
    resize_node(&t, 13, x, FLTS(1, 2), NULL, 2);
    attr_s(&t, "mode", "bilinear");
    expect_error("resize_err_mode", &t, &op_Resize,
                 "attribute 'mode' = 'bilinear' is not supported (supported: nearest, linear, cubic)");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 2, INTS(2, 2), NULL);
    resize_node(&t, 18, x, FLTS(1, 2), NULL, 2);
    attr_i(&t, "antialias", 1);
    expect_error("resize_err_antialias_nearest", &t, &op_Resize, "antialias=1 applies to modes");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 2, INTS(2, 2), NULL);
    resize_node(&t, 13, x, FLTS(1, 2, 3), NULL, 3);
    expect_error("resize_err_scales_count", &t, &op_Resize, "'scales' has 3 values, expected 2");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 2, INTS(2, 2), NULL);
    resize_node(&t, 13, x, FLTS(1, -2), NULL, 2);
    expect_error("resize_err_scales_negative", &t, &op_Resize, "scales must be positive");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 2, INTS(2, 2), NULL);
    int sc = tensor(&t, "scales", IR_F32, 1, INTS(2), FLTS(1, 2));
    int sz = tensor(&t, "sizes", IR_I64, 1, INTS(2), INTS(2, 4));
    node(&t, "Resize", 13, INS(x, -1, sc, sz));
    expect_error("resize_err_scales_and_sizes", &t, &op_Resize, "only one of input 2 'scales'");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_I64, 2, INTS(2, 2), NULL);
    resize_node(&t, 13, x, FLTS(1, 2), NULL, 2);
    expect_error("resize_err_dtype", &t, &op_Resize, "int64");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 2, INTS(2, 2), NULL);
    resize_node(&t, 18, x, FLTS(2), NULL, 1);
    attr_ints(&t, "axes", NI(1, 1));
    expect_error("resize_err_axes", &t, &op_Resize, "attribute 'axes' repeats axis 1");
    tc_free(&t);
  }
}

/* ------------------------------------------------------------------ */
/* GridSample / AffineGrid / RoiAlign                                  */

/* Naive 2-D bilinear grid sample with zeros padding. */
static double gs_pix(const float *x, int64_t h, int64_t w, int64_t i, int64_t j) {
  return i < 0 || j < 0 || i >= h || j >= w ? 0.0 : x[i * w + j];
}

static void test_grid(void) {
  { /* bilinear, zeros padding, align_corners 0 and 1 */
    for (int align = 0; align < 2; align++) {
      tcase t = tc_new();
      float xv[2 * 3 * 4], gv[5 * 2 * 2];
      for (int i = 0; i < 24; i++) xv[i] = frand() * 3;
      for (int i = 0; i < 20; i++) gv[i] = frand() * 1.3f;
      int x = tensor(&t, "x", IR_F32, 4, INTS(1, 2, 3, 4), xv);
      int gr = tensor(&t, "grid", IR_F32, 4, INTS(1, 5, 2, 2), gv);
      node(&t, "GridSample", 16, INS(x | RT, gr | RT));
      attr_i(&t, "align_corners", align);
      double want[2 * 10];
      for (int c = 0; c < 2; c++)
        for (int q = 0; q < 10; q++) {
          const double gx = gv[2 * q], gy = gv[2 * q + 1];
          const double px = align ? (gx + 1) / 2 * 3 : ((gx + 1) * 4 - 1) / 2;
          const double py = align ? (gy + 1) / 2 * 2 : ((gy + 1) * 3 - 1) / 2;
          const int64_t x0 = (int64_t)floor(px), y0 = (int64_t)floor(py);
          const double fx = px - (double)x0, fy = py - (double)y0;
          const float *p = xv + c * 12;
          want[c * 10 + q] = (1 - fy) * ((1 - fx) * gs_pix(p, 3, 4, y0, x0) + fx * gs_pix(p, 3, 4, y0, x0 + 1)) +
                             fy * ((1 - fx) * gs_pix(p, 3, 4, y0 + 1, x0) + fx * gs_pix(p, 3, 4, y0 + 1, x0 + 1));
        }
      run_case(align ? "gridsample_bilinear_align" : "gridsample_bilinear", &t, &op_GridSample, 4,
               INTS(1, 2, 5, 2), want, 1e-5, 1);
      tc_free(&t);
    }
  }
  { /* nearest with border and reflection padding, 1 x 4 row */
    const float xv[] = {1, 2, 3, 4};
    /* x = ((g + 1) * 4 - 1) / 2: g = -1.5 -> -1.5, g = 1.2 -> 3.9, g = 0.1 -> 1.7 */
    const float gv[] = {-1.5f, 0, 1.2f, 0, 0.1f, 0, 3.0f, 0};
    const char *modes[] = {"border", "reflection", "zeros"};
    /* rint: -2, 4, 2, 7.5->8; border clamps to 0, 3, 2, 3; reflection off
     * [-0.5, 3.5]: -2 -> 1, 4 -> 3, 2, 8 -> 0 (8 - 3.5 = 4.5 = 1 range + 0.5,
     * odd -> -0.5 + 0.5 = 0); zeros: out, out, 2, out */
    const double want[3][4] = {{1, 4, 3, 4}, {2, 4, 3, 1}, {0, 0, 3, 0}};
    for (int m = 0; m < 3; m++) {
      tcase t = tc_new();
      int x = tensor(&t, "x", IR_F32, 4, INTS(1, 1, 1, 4), xv);
      int gr = tensor(&t, "grid", IR_F32, 4, INTS(1, 1, 4, 2), gv);
      node(&t, "GridSample", 20, INS(x, gr | RT));
      attr_s(&t, "mode", "nearest");
      attr_s(&t, "padding_mode", modes[m]);
      char name[64];
      snprintf(name, sizeof name, "gridsample_nearest_%s", modes[m]);
      run_case(name, &t, &op_GridSample, 4, INTS(1, 1, 1, 4), want[m], 1e-6, m == 1);
      tc_free(&t);
    }
  }
  { /* NaN and huge grid values must not read out of bounds (zeros -> 0) */
    tcase t = tc_new();
    const float xv[] = {1, 2, 3, 4};
    const float gv[] = {NAN, 0, 1e30f, -1e30f};
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 1, 2, 2), xv);
    int gr = tensor(&t, "grid", IR_F32, 4, INTS(1, 1, 2, 2), gv);
    node(&t, "GridSample", 16, INS(x, gr));
    attr_s(&t, "mode", "bicubic");
    const double want[] = {0, 0};
    run_case("gridsample_nonfinite", &t, &op_GridSample, 4, INTS(1, 1, 1, 2), want, 1e-6, 0);
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 1, 2, 2), NULL);
    int gr = tensor(&t, "grid", IR_F32, 4, INTS(1, 3, 3, 3), NULL);
    node(&t, "GridSample", 16, INS(x, gr));
    expect_error("gridsample_err_grid_last", &t, &op_GridSample, "'grid' has last dim 3, expected 2");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 1, 2, 2), NULL);
    int gr = tensor(&t, "grid", IR_F32, 4, INTS(1, 3, 3, 2), NULL);
    node(&t, "GridSample", 16, INS(x, gr));
    attr_s(&t, "padding_mode", "wrap");
    expect_error("gridsample_err_padding", &t, &op_GridSample, "'padding_mode' = 'wrap'");
    tc_free(&t);
  }
  { /* AffineGrid: identity theta gives the base grid */
    for (int align = 0; align < 2; align++) {
      tcase t = tc_new();
      const float th[] = {1, 0, 0, 0, 1, 0};
      int a = tensor(&t, "theta", IR_F32, 3, INTS(1, 2, 3), th);
      int s = tensor(&t, "size", IR_I64, 1, INTS(4), INTS(1, 1, 2, 3));
      node(&t, "AffineGrid", 20, INS(a | RT, s));
      attr_i(&t, "align_corners", align);
      double want[12];
      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++) {
          want[(i * 3 + j) * 2] = align ? -1 + j * 1.0 : -1 + (2 * j + 1) / 3.0;
          want[(i * 3 + j) * 2 + 1] = align ? -1 + i * 2.0 : -1 + (2 * i + 1) / 2.0;
        }
      run_case(align ? "affinegrid_identity_align" : "affinegrid_identity", &t, &op_AffineGrid, 4,
               INTS(1, 2, 3, 2), want, 1e-6, align);
      tc_free(&t);
    }
  }
  {
    tcase t = tc_new();
    int a = tensor(&t, "theta", IR_F32, 3, INTS(1, 2, 3), NULL);
    int s = tensor(&t, "size", IR_I64, 1, INTS(4), NULL);
    node(&t, "AffineGrid", 20, INS(a, s));
    expect_error("affinegrid_err_size_const", &t, &op_AffineGrid, "input 1 'size' must be a constant");
    tc_free(&t);
  }
  { /* RoiAlign avg on a linear ramp: bilinear samples of a ramp average to
     * the ramp at the bin centre */
    tcase t = tc_new();
    float xv[5 * 6];
    for (int i = 0; i < 5; i++)
      for (int j = 0; j < 6; j++) xv[i * 6 + j] = (float)(2 * i + j);
    const float rv[] = {1, 1, 4, 3}; /* x1 y1 x2 y2 */
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 1, 5, 6), xv);
    int r = tensor(&t, "rois", IR_F32, 2, INTS(1, 4), rv);
    int b = tensor(&t, "batch", IR_I64, 1, INTS(1), INTS(0));
    node(&t, "RoiAlign", 16, INS(x | RT, r | RT, b | RT));
    attr_i(&t, "output_height", 2);
    attr_i(&t, "output_width", 3);
    attr_i(&t, "sampling_ratio", 2);
    /* half_pixel: roi [0.5, 3.5] x [0.5, 2.5], bins 1 x 1: centres x = 1, 2, 3; y = 1, 2 */
    const double want[] = {2 * 1 + 1, 2 * 1 + 2, 2 * 1 + 3, 2 * 2 + 1, 2 * 2 + 2, 2 * 2 + 3};
    run_case("roialign_avg_ramp", &t, &op_RoiAlign, 4, INTS(1, 1, 2, 3), want, 1e-5, 1);
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 1, 5, 6), NULL);
    int r = tensor(&t, "rois", IR_F32, 2, INTS(2, 4), NULL);
    int b = tensor(&t, "batch", IR_I64, 1, INTS(3), NULL);
    node(&t, "RoiAlign", 16, INS(x, r, b));
    expect_error("roialign_err_batch", &t, &op_RoiAlign, "'batch_indices' must have shape");
    tc_free(&t);
  }
}

/* ------------------------------------------------------------------ */
/* ConvTranspose / Col2Im / MaxUnpool                                  */

typedef struct ct_cfg {
  const char *name;
  int sp;
  int64_t n, c, m, group;
  int64_t in[3], k[3], s[3], dil[3], pb[3], pe[3], op[3];
  int bias, pkg;
} ct_cfg;

static void ct_case(const ct_cfg *cf) {
  tcase t = tc_new();
  const int sp = cf->sp;
  int64_t xd[5] = {cf->n, cf->c}, wd[5] = {cf->c, cf->m / cf->group}, yd[5] = {cf->n, cf->m};
  int64_t xn = cf->n * cf->c, wn = cf->c * (cf->m / cf->group), yn = cf->n * cf->m, out[3];
  for (int i = 0; i < sp; i++) {
    xd[2 + i] = cf->in[i];
    wd[2 + i] = cf->k[i];
    out[i] = cf->s[i] * (cf->in[i] - 1) + cf->op[i] + (cf->k[i] - 1) * cf->dil[i] + 1 - cf->pb[i] - cf->pe[i];
    yd[2 + i] = out[i];
    xn *= cf->in[i];
    wn *= cf->k[i];
    yn *= out[i];
  }
  float *xv = malloc(sizeof(float) * (size_t)xn), *wv = malloc(sizeof(float) * (size_t)wn);
  float bv[16];
  for (int64_t i = 0; i < xn; i++) xv[i] = frand();
  for (int64_t i = 0; i < wn; i++) wv[i] = frand();
  for (int i = 0; i < 16; i++) bv[i] = frand();
  int x = tensor(&t, "x", IR_F32, sp + 2, xd, xv);
  int w = tensor(&t, "w", IR_F32, sp + 2, wd, wv);
  int b = cf->bias ? tensor(&t, "b", IR_F32, 1, INTS(cf->m), bv) : -1;
  node(&t, "ConvTranspose", 11, INS(x | RT, w | RT, b));
  if (cf->group != 1) attr_i(&t, "group", cf->group);
  attr_ints(&t, "strides", sp, cf->s);
  attr_ints(&t, "dilations", sp, cf->dil);
  int64_t pads[6];
  for (int i = 0; i < sp; i++) {
    pads[i] = cf->pb[i];
    pads[sp + i] = cf->pe[i];
  }
  attr_ints(&t, "pads", 2 * sp, pads);
  attr_ints(&t, "output_padding", sp, cf->op);
  /* naive gather form: y[o] = b + sum over (ci, tap) with i * s - pb + tap * dil == o */
  double *want = calloc((size_t)yn, sizeof(double));
  const int64_t cg = cf->c / cf->group, mg = cf->m / cf->group;
  int64_t K = 1, I = 1, O = 1;
  for (int i = 0; i < sp; i++) {
    K *= cf->k[i];
    I *= cf->in[i];
    O *= out[i];
  }
  for (int64_t nb = 0; nb < cf->n; nb++)
    for (int64_t co = 0; co < cf->m; co++)
      for (int64_t o = 0; o < O; o++) {
        int64_t oc[3], r = o;
        for (int i = sp - 1; i >= 0; i--) {
          oc[i] = r % out[i];
          r /= out[i];
        }
        double acc = cf->bias ? bv[co] : 0;
        const int64_t g = co / mg;
        for (int64_t c = g * cg; c < (g + 1) * cg; c++)
          for (int64_t ii = 0; ii < I; ii++)
            for (int64_t kk = 0; kk < K; kk++) {
              int64_t ic[3], kc[3], a = ii, q = kk, ok = 1;
              for (int i = sp - 1; i >= 0; i--) {
                ic[i] = a % cf->in[i];
                a /= cf->in[i];
                kc[i] = q % cf->k[i];
                q /= cf->k[i];
              }
              for (int i = 0; i < sp; i++)
                ok &= ic[i] * cf->s[i] - cf->pb[i] + kc[i] * cf->dil[i] == oc[i];
              if (ok) acc += (double)xv[(nb * cf->c + c) * I + ii] * wv[(c * mg + co % mg) * K + kk];
            }
        want[(nb * cf->m + co) * O + o] = acc;
      }
  run_case(cf->name, &t, &op_ConvTranspose, sp + 2, yd, want, 1e-5, cf->pkg);
  free(want);
  free(xv);
  free(wv);
  tc_free(&t);
}

static void test_convtranspose(void) {
  const ct_cfg cases[] = {
      {"convtranspose_2d_basic", 2, 1, 2, 3, 1, {3, 3}, {3, 3}, {1, 1}, {1, 1}, {0, 0}, {0, 0}, {0, 0}, 0, 1},
      {"convtranspose_2d_stride_pad_bias", 2, 2, 2, 4, 1, {3, 4}, {3, 2}, {2, 3}, {1, 1}, {1, 0}, {0, 1}, {1, 0}, 1, 1},
      {"convtranspose_2d_group_dil", 2, 1, 4, 6, 2, {4, 3}, {2, 3}, {2, 1}, {2, 2}, {0, 1}, {1, 0}, {0, 0}, 1, 0},
      {"convtranspose_1d", 1, 1, 3, 2, 1, {5}, {4}, {3}, {1}, {2}, {1}, {2}, 1, 0},
      {"convtranspose_3d", 3, 1, 2, 2, 2, {2, 3, 2}, {2, 2, 3}, {2, 1, 2}, {1, 2, 1}, {0, 1, 1}, {1, 0, 0}, {0, 0, 1}, 1, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) ct_case(&cases[i]);
  { /* output_shape: total padding 9 - 10 = -1, NOTSET puts it at the end */
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 1, 3, 3), NULL);
    int w = tensor(&t, "w", IR_F32, 4, INTS(1, 2, 3, 3), NULL);
    node(&t, "ConvTranspose", 11, INS(x, w));
    attr_ints(&t, "strides", NI(3, 2));
    attr_ints(&t, "output_shape", NI(10, 8));
    kiln_diag d;
    memset(&d, 0, sizeof d);
    if (op_ConvTranspose.infer(&d, t.g, N(&t))) fail("convtranspose_output_shape", "%s", d.msg);
    else {
      const ir_tensor *y = &t.g->tensors[N(&t)->outputs[0]];
      if (y->rank == 4 && y->dims[1] == 2 && y->dims[2] == 10 && y->dims[3] == 8)
        pass("convtranspose_output_shape");
      else fail("convtranspose_output_shape", "wrong output shape");
    }
    tc_free(&t);
  }
  { /* auto_pad SAME_UPPER: output = in * stride */
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 1, 3, 3), NULL);
    int w = tensor(&t, "w", IR_F32, 4, INTS(1, 2, 3, 3), NULL);
    node(&t, "ConvTranspose", 11, INS(x, w));
    attr_ints(&t, "strides", NI(2, 2));
    attr_s(&t, "auto_pad", "SAME_UPPER");
    kiln_diag d;
    memset(&d, 0, sizeof d);
    if (op_ConvTranspose.infer(&d, t.g, N(&t))) fail("convtranspose_same_upper", "%s", d.msg);
    else {
      const ir_tensor *y = &t.g->tensors[N(&t)->outputs[0]];
      if (y->dims[2] == 6 && y->dims[3] == 6) pass("convtranspose_same_upper");
      else fail("convtranspose_same_upper", "wrong output shape");
    }
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 3, 3, 3), NULL);
    int w = tensor(&t, "w", IR_F32, 4, INTS(2, 2, 3, 3), NULL);
    node(&t, "ConvTranspose", 11, INS(x, w));
    expect_error("convtranspose_err_channels", &t, &op_ConvTranspose,
                 "'W' has 2 input channels (dim 0) but X has 3");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 2, 3, 3), NULL);
    int w = tensor(&t, "w", IR_F32, 4, INTS(2, 2, 3, 3), NULL);
    node(&t, "ConvTranspose", 11, INS(x, w));
    attr_ints(&t, "pads", NI(1, 1));
    expect_error("convtranspose_err_pads", &t, &op_ConvTranspose, "'pads' has 2 values, expected 4");
    tc_free(&t);
  }
  { /* Col2Im: 1 channel, image 3x3, block 2x2, stride 1: overlaps are summed */
    tcase t = tc_new();
    float xv[4 * 4];
    for (int i = 0; i < 16; i++) xv[i] = 1;
    int x = tensor(&t, "x", IR_F32, 3, INTS(1, 4, 4), xv);
    int im = tensor(&t, "image_shape", IR_I64, 1, INTS(2), INTS(3, 3));
    int bl = tensor(&t, "block_shape", IR_I64, 1, INTS(2), INTS(2, 2));
    node(&t, "Col2Im", 18, INS(x | RT, im, bl));
    const double want[] = {1, 2, 1, 2, 4, 2, 1, 2, 1};
    run_case("col2im_overlap_count", &t, &op_Col2Im, 4, INTS(1, 1, 3, 3), want, 1e-6, 1);
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 3, INTS(1, 4, 5), NULL);
    int im = tensor(&t, "image_shape", IR_I64, 1, INTS(2), INTS(3, 3));
    int bl = tensor(&t, "block_shape", IR_I64, 1, INTS(2), INTS(2, 2));
    node(&t, "Col2Im", 18, INS(x, im, bl));
    expect_error("col2im_err_blocks", &t, &op_Col2Im, "must equal the number of sliding blocks 4");
    tc_free(&t);
  }
  { /* MaxUnpool with output_shape: indices address the inferred 4x4 tensor,
     * placed in the corner of the 5x5 output (ONNX test data) */
    tcase t = tc_new();
    const float xv[] = {5, 6, 7, 8};
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 1, 2, 2), xv);
    int ix = tensor(&t, "i", IR_I64, 4, INTS(1, 1, 2, 2), INTS(5, 7, 13, 99));
    int os = tensor(&t, "output_shape", IR_I64, 1, INTS(4), INTS(1, 1, 5, 5));
    node(&t, "MaxUnpool", 11, INS(x | RT, ix | RT, os));
    attr_ints(&t, "kernel_shape", NI(2, 2));
    attr_ints(&t, "strides", NI(2, 2));
    double want[25] = {0};
    want[6] = 5;  /* 5 = (1, 1) */
    want[8] = 6;  /* 7 = (1, 3) */
    want[16] = 7; /* 13 = (3, 1); 99 is out of range and ignored */
    run_case("maxunpool_output_shape", &t, &op_MaxUnpool, 4, INTS(1, 1, 5, 5), want, 1e-6, 1);
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 4, INTS(1, 1, 2, 2), NULL);
    int ix = tensor(&t, "i", IR_I64, 4, INTS(1, 1, 2, 2), NULL);
    node(&t, "MaxUnpool", 11, INS(x, ix));
    expect_error("maxunpool_err_kernel", &t, &op_MaxUnpool, "'kernel_shape' is required");
    tc_free(&t);
  }
}

int main(void) {
  static const char *const kernels[] = {"src/kernels/resize.h",        "src/kernels/grid.h",
                                        "src/kernels/convtranspose.h", "src/kernels/resize.c",
                                        "src/kernels/grid.c",          "src/kernels/convtranspose.c"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  test_resize();
  test_grid();
  test_convtranspose();
  return ot_report();
}
