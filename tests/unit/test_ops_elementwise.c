/* test_ops_elementwise.c - unit tests for the elementwise ops: unary.c,
 * clip.c, binary.c, where.c, cast.c and their kernels.
 *
 * Every op is run through infer + eval on tiny hand-built graphs and compared
 * with expectations computed here independently (hand-written numbers, double
 * libm, naive broadcasting loops, a brute-force float16 rounder), plus error
 * cases with their message text. The shared stand-in emitter
 * (tests/unit/harness/op_test.c) then emits selected
 * nodes; the generated code, with exactly the kernel sections it pulled in
 * (and their `needs`), is compiled as package code (C99, -Wall -Wextra
 * -Werror -pedantic, no KILN_HOST), run, and compared byte for byte with
 * eval. Finally every kernel section is compiled alone with its `needs`
 * closure, and every kernel file standalone. Environment: KILN_TEST_NO_CC=1
 * (or KILN_TEST_NO_PACKAGE=1) skips the parts that run the C compiler; KILN_TEST_SECTIONS=1 also compiles
 * every kernel section alone with its `needs` (slow); KILN_TEST_KEEP=1 keeps
 * the generated programs in /tmp/kiln_ew_* (they are kept on failure anyway).
 *
 * Build (from the repo root; see tests/unit/harness/op_test.h):
 *   cc -std=c11 -Wall -Wextra -g -DKILN_HOST -Isrc -Iruntime -Isrc/kernels -Itests/unit \
 *      -o /tmp/t tests/unit/test_ops_elementwise.c tests/unit/harness/op_test.c \
 *      <every compiler object except those of src/emit and cli/main> -lm
 */
#define _POSIX_C_SOURCE 200809L
#include "ops/op.h"
#include "emit/emit.h"
#include "ir/ir.h"
#include "util/util.h"
#include "harness/op_test_ew.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const op_def op_Relu, op_Sigmoid, op_Tanh, op_Exp, op_Log, op_Sqrt, op_Neg, op_Abs, op_Erf,
    op_Reciprocal, op_Floor, op_Ceil, op_Round, op_Sign, op_Sin, op_Cos, op_LeakyRelu,
    op_HardSigmoid, op_HardSwish, op_Elu, op_Selu, op_Softplus, op_Not, op_Clip, op_Add, op_Sub,
    op_Mul, op_Div, op_Pow, op_Max, op_Min, op_Equal, op_Less, op_Greater, op_LessOrEqual,
    op_GreaterOrEqual, op_And, op_Or, op_Xor, op_Where, op_Cast, op_Mod, op_BitShift,
    op_BitwiseAnd, op_BitwiseNot, op_IsInf, op_IsNaN, op_Gelu, op_Celu, op_Mish, op_Shrink,
    op_Mean, op_PRelu;

/* ---- graph building: tests/unit/harness/op_test_ew.h ----------------------- */

/* infer, then eval when every present input is constant. */
static int run(const op_def *def, ir_graph *g, int ni, kiln_diag *d) {
  return ot_run(def, g, ni, d, "m.onnx");
}

/* ---- comparisons --------------------------------------------------------- */

#define same_real ot_close
/* Output values (read as double) against want[] within tolerances. */
#define expect_reals ot_expect_reals

static void expect_shape(const char *name, const ir_tensor *y, const char *shape) {
  char buf[128];
  ir_shape_str(y, buf, sizeof buf);
  ot_check(strcmp(buf, shape) == 0, name, "shape %s, want %s", buf, shape);
}

/* rc must be -1 and the message must contain want. */
static void expect_error(const char *name, int rc, const kiln_diag *d, const char *want) {
  ot_check(rc == -1 && d->failed && strstr(d->msg, want) != NULL, name, "rc %d, message \"%s\", want \"%s\"",
        rc, d->msg, want);
}

/* ---- emitting through the shared stand-in emitter + package program ---------- */

static char tmpdir[256];

static int use_cc(void) { return !ot_no_cc(); }

/* Every emitted node becomes one job of a single package program, built
 * and run once at the end by package_run_all(), which compares each job's
 * output bytes with eval's. */
static void package_done(const char *name, const char *why) {
  ot_check(!why, name, "%s", why ? why : "");
}

static void package_run_all(void) {
  if (!use_cc()) return;
  char why[1400];
  if (ot_pkg_run(package_done, why, sizeof why)) ot_check(0, "package_program", "build/run failed: %s", why);
  else ot_pass("package_program_builds_and_runs");
}

/* Emits node ni of g and checks the package result against eval's output
 * (computed already). alias_in >= 0: the output shares input alias_in's
 * storage (in place). expect_text: a substring the emitted code must hold. */
static void emit_check(const char *name, const op_def *def, ir_graph *g, int ni, int alias_in,
                       const char *expect_text) {
  emit_ctx e;
  ot_emit_begin(&e, g);
  ir_node *n = &g->nodes[ni];
  int out = n->outputs[0];
  const ir_tensor *y = &g->tensors[out];
  if (!y->data) { ot_check(0, name, "no eval output to compare with"); ot_emit_end(&e); return; }
  size_t nbytes = y->nbytes;
  void *want = malloc(nbytes + 1);
  memcpy(want, y->data, nbytes);
  if (alias_in >= 0) ot_emit_alias(&e, out, n->inputs[alias_in]);
  /* the output is computed at run time: drop its folded value */
  ir_tensor *yt = &g->tensors[out];
  free(yt->owned);
  yt->owned = NULL;
  yt->data = NULL;
  int rc = def->emit(&e, g, n);
  if (rc) {
    ot_check(0, name, "emit failed: %s", e.d.msg);
  } else {
    char tn[160];
    if (expect_text) {
      snprintf(tn, sizeof tn, "%s_text", name);
      int in_code = strstr(ot_str(&e.code), expect_text) != NULL;
      int in_decl = strstr(ot_str(&e.decl), expect_text) != NULL;
      ot_check(in_code || in_decl, tn, "emitted code lacks \"%s\":\n%s%s", expect_text, ot_str(&e.decl),
               ot_str(&e.code));
    }
    char why[600];
    const void *wants[1] = {want};
    if (use_cc() && ot_pkg_add(name, &e, n, wants, 0, why, sizeof why)) ot_check(0, name, "%s", why);
  }
  free(want);
  ot_emit_end(&e);
}

/* ---- naive broadcasting reference ----------------------------------------- */

/* Flat index into t for output multi-index idx (numpy alignment, or t's
 * first dim at output axis off when off >= 0). */
static int64_t bidx(const ir_tensor *t, int out_rank, const int64_t *idx, int off) {
  if (off < 0) off = out_rank - t->rank;
  int64_t flat = 0;
  for (int j = 0; j < t->rank; j++) {
    int64_t i = t->dims[j] == 1 ? 0 : idx[off + j];
    flat = flat * t->dims[j] + i;
  }
  return flat;
}

static void next_index(int64_t *idx, const ir_tensor *y) {
  for (int k = y->rank - 1; k >= 0; k--) {
    if (++idx[k] < y->dims[k]) return;
    idx[k] = 0;
  }
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t rnd(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}
static float rndf(float lo, float hi) { return lo + (hi - lo) * (float)((rnd() >> 11) * (1.0 / 9007199254740992.0)); }

/* Independent float16 model: decode with ldexp, round by searching the
 * nearest representable value (ties to the even significand). */
static double half_value(uint16_t h) {
  int e = (h >> 10) & 31, m = h & 1023;
  double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(1024 + m, e - 25);
  return (h & 0x8000) ? -v : v;
}

static uint16_t half_nearest(double v) {
  uint16_t sign = signbit(v) ? 0x8000 : 0;
  double a = fabs(v);
  if (isnan(v)) return 0x7e00;
  if (a >= 65520.0) return sign | 0x7c00;
  unsigned lo = 0, hi = 0x7bff; /* largest h with half_value(h) <= a */
  while (lo < hi) {
    unsigned mid = (lo + hi + 1) / 2;
    if (half_value((uint16_t)mid) <= a) lo = mid;
    else hi = mid - 1;
  }
  if (lo == 0x7bff) return sign | 0x7bff;
  double d0 = a - half_value((uint16_t)lo), d1 = half_value((uint16_t)(lo + 1)) - a;
  unsigned h = d0 < d1 ? lo : d1 < d0 ? lo + 1 : ((lo & 1) ? lo + 1 : lo);
  return (uint16_t)(sign | h);
}

/* ---- unary ----------------------------------------------------------------- */

typedef double (*ref1)(double x, double a, double b);
static double r_relu(double x, double a, double b) { (void)a; (void)b; return x > 0 ? x : 0; }
static double r_sigmoid(double x, double a, double b) { (void)a; (void)b; return 1 / (1 + exp(-x)); }
static double r_tanh(double x, double a, double b) { (void)a; (void)b; return tanh(x); }
static double r_exp(double x, double a, double b) { (void)a; (void)b; return exp(x); }
static double r_log(double x, double a, double b) { (void)a; (void)b; return log(x); }
static double r_sqrt(double x, double a, double b) { (void)a; (void)b; return sqrt(x); }
static double r_neg(double x, double a, double b) { (void)a; (void)b; return -x; }
static double r_abs(double x, double a, double b) { (void)a; (void)b; return fabs(x); }
static double r_erf(double x, double a, double b) { (void)a; (void)b; return erf(x); }
static double r_recip(double x, double a, double b) { (void)a; (void)b; return 1 / x; }
static double r_floor(double x, double a, double b) { (void)a; (void)b; return floor(x); }
static double r_ceil(double x, double a, double b) { (void)a; (void)b; return ceil(x); }
static double r_sign(double x, double a, double b) { (void)a; (void)b; return x > 0 ? 1 : x < 0 ? -1 : 0; }
static double r_sin(double x, double a, double b) { (void)a; (void)b; return sin(x); }
static double r_cos(double x, double a, double b) { (void)a; (void)b; return cos(x); }
static double r_leaky(double x, double a, double b) { (void)b; return x >= 0 ? x : a * x; }
static double r_hsig(double x, double a, double b) { return fmax(0, fmin(1, a * x + b)); }
static double r_hswish(double x, double a, double b) { (void)a; (void)b; return x * fmax(0, fmin(1, x / 6 + 0.5)); }
static double r_elu(double x, double a, double b) { (void)b; return x < 0 ? a * (exp(x) - 1) : x; }
static double r_selu(double x, double a, double b) { return x > 0 ? b * x : b * (a * exp(x) - a); }
static double r_softplus(double x, double a, double b) { (void)a; (void)b; return log(exp(x) + 1); }

typedef struct unary_case {
  const op_def *def;
  ref1 ref;
  float lo, hi; /* input range */
  const char *pa, *pb; float a, b; /* attributes to set (NULL: defaults) */
  double da, db; /* the values the reference uses */
} unary_case;

static void test_unary_float(void) {
  const unary_case cases[] = {
    {&op_Relu, r_relu, -3, 3, NULL, NULL, 0, 0, 0, 0},
    {&op_Sigmoid, r_sigmoid, -30, 30, NULL, NULL, 0, 0, 0, 0},
    {&op_Tanh, r_tanh, -5, 5, NULL, NULL, 0, 0, 0, 0},
    {&op_Exp, r_exp, -20, 20, NULL, NULL, 0, 0, 0, 0},
    {&op_Log, r_log, 0.001f, 100, NULL, NULL, 0, 0, 0, 0},
    {&op_Sqrt, r_sqrt, 0, 100, NULL, NULL, 0, 0, 0, 0},
    {&op_Neg, r_neg, -3, 3, NULL, NULL, 0, 0, 0, 0},
    {&op_Abs, r_abs, -3, 3, NULL, NULL, 0, 0, 0, 0},
    {&op_Erf, r_erf, -3, 3, NULL, NULL, 0, 0, 0, 0},
    {&op_Reciprocal, r_recip, 0.1f, 10, NULL, NULL, 0, 0, 0, 0},
    {&op_Floor, r_floor, -5, 5, NULL, NULL, 0, 0, 0, 0},
    {&op_Ceil, r_ceil, -5, 5, NULL, NULL, 0, 0, 0, 0},
    {&op_Sign, r_sign, -2, 2, NULL, NULL, 0, 0, 0, 0},
    {&op_Sin, r_sin, -6, 6, NULL, NULL, 0, 0, 0, 0},
    {&op_Cos, r_cos, -6, 6, NULL, NULL, 0, 0, 0, 0},
    {&op_LeakyRelu, r_leaky, -3, 3, NULL, NULL, 0, 0, 0.01f, 0},
    {&op_LeakyRelu, r_leaky, -3, 3, "alpha", NULL, 0.25f, 0, 0.25, 0},
    {&op_HardSigmoid, r_hsig, -5, 5, NULL, NULL, 0, 0, 0.2f, 0.5f},
    {&op_HardSigmoid, r_hsig, -5, 5, "alpha", "beta", 0.5f, 0.25f, 0.5, 0.25},
    {&op_HardSwish, r_hswish, -5, 5, NULL, NULL, 0, 0, 0, 0},
    {&op_Elu, r_elu, -4, 4, NULL, NULL, 0, 0, 1.0, 0},
    {&op_Elu, r_elu, -4, 4, "alpha", NULL, 0.5f, 0, 0.5, 0},
    {&op_Selu, r_selu, -4, 4, NULL, NULL, 0, 0, 1.67326319217681884765625, 1.05070102214813232421875},
    {&op_Selu, r_selu, -4, 4, "alpha", "gamma", 2, 3, 2, 3},
    {&op_Softplus, r_softplus, -20, 20, NULL, NULL, 0, 0, 0, 0},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    const unary_case *uc = &cases[c];
    for (int wide = 0; wide < 2; wide++) { /* float32, float64 */
      enum { N = 37 };
      float xf[N];
      double xd[N], want[N];
      for (int i = 0; i < N; i++) {
        xf[i] = i == 0 ? 0.0f : rndf(uc->lo, uc->hi);
        if (uc->def == &op_Sign && i == 1) xf[i] = -0.0f;
        xd[i] = xf[i];
        want[i] = uc->ref(xd[i], uc->da, uc->db);
      }
      ir_graph *g = ir_graph_new();
      int x = wide ? tensor(g, "x", IR_F64, "37", xd) : tensor(g, "x", IR_F32, "37", xf);
      int ni = node(g, uc->def->name, 13, 1, x);
      if (uc->pa) attr_f(g, ni, uc->pa, uc->a);
      if (uc->pb) attr_f(g, ni, uc->pb, uc->b);
      kiln_diag d;
      char name[96];
      snprintf(name, sizeof name, "%s_%s%s", uc->def->name, wide ? "f64" : "f32", uc->pa ? "_attrs" : "");
      int rc = run(uc->def, g, ni, &d);
      if (rc) ot_check(0, name, "%s", d.msg);
      else expect_reals(name, out_of(g, ni), wide ? IR_F64 : IR_F32, want, N, wide ? 1e-13 : 3e-6,
                        wide ? 1e-15 : 1e-6);
      if (!rc) {
        snprintf(name, sizeof name, "%s_%s%s_package", uc->def->name, wide ? "f64" : "f32",
                 uc->pa ? "_attrs" : "");
        emit_check(name, uc->def, g, ni, c % 2 ? 0 : -1, NULL); /* every other one in place */
      }
      ir_graph_free(g);
    }
  }
}

/* A one-op graph on float32 data; returns eval's output values in got[]. */
static int unary_f32(const op_def *def, int opset, const float *x, int n, float *got, kiln_diag *d) {
  ir_graph *g = ir_graph_new();
  char shape[32];
  snprintf(shape, sizeof shape, "%d", n);
  int xi = tensor(g, "x", IR_F32, shape, x);
  int ni = node(g, def->name, opset, 1, xi);
  int rc = run(def, g, ni, d);
  if (!rc) memcpy(got, out_of(g, ni)->data, sizeof(float) * (size_t)n);
  ir_graph_free(g);
  return rc;
}

static void test_unary_exact(void) {
  kiln_diag d;
  /* Round: halves to even */
  {
    const float x[] = {0.5f, 1.5f, 2.5f, 3.5f, -0.5f, -1.5f, -2.5f, 2.4f, 2.6f, -2.6f, 0.49999997f,
                       8388609.0f, 1e30f, -0.0f};
    const float want[] = {0, 2, 2, 4, -0.0f, -2, -2, 2, 3, -3, 0, 8388609.0f, 1e30f, -0.0f};
    float got[14];
    int rc = unary_f32(&op_Round, 11, x, 14, got, &d);
    int ok = rc == 0, bad = -1;
    for (int i = 0; ok && i < 14; i++)
      if (got[i] != want[i] || !signbit(got[i]) != !signbit(want[i])) { ok = 0; bad = i; }
    ot_check(ok, "Round_half_to_even", "rc %d, element %d: got %g want %g", rc, bad,
          bad >= 0 ? got[bad] : 0.0, bad >= 0 ? want[bad] : 0.0);
  }
  /* HardSwish: exactly x * max(0, min(1, alpha * x + beta)), alpha = 1/6 as float */
  {
    const float x[] = {-4, -3, -2.5f, -1, 0, 0.1f, 1, 2.5f, 3, 4, 100, -100};
    float got[12];
    int rc = unary_f32(&op_HardSwish, 14, x, 12, got, &d);
    int ok = rc == 0, bad = -1;
    for (int i = 0; ok && i < 12; i++) {
      float t = (1.0f / 6.0f) * x[i] + 0.5f;
      float w = x[i] * (t < 0 ? 0 : t > 1 ? 1 : t);
      if (got[i] != w) { ok = 0; bad = i; }
    }
    ot_check(ok, "HardSwish_exact_formula", "rc %d, bad element %d", rc, bad);
    ot_check(got[0] == 0 && got[1] == 0 && got[8] == 3 && got[9] == 4 && got[4] == 0,
          "HardSwish_saturation", "got %g %g %g %g", got[0], got[1], got[8], got[9]);
  }
  /* HardSigmoid defaults: exactly max(0, min(1, 0.2f * x + 0.5f)) */
  {
    const float x[] = {-3, -2.5f, -1, 0, 1, 2.5f, 3, 0.3f};
    float got[8];
    int rc = unary_f32(&op_HardSigmoid, 6, x, 8, got, &d);
    int ok = rc == 0;
    for (int i = 0; ok && i < 8; i++) {
      float t = 0.2f * x[i] + 0.5f;
      ok = got[i] == (t < 0 ? 0 : t > 1 ? 1 : t);
    }
    ot_check(ok && got[0] == 0 && got[6] == 1 && got[3] == 0.5f, "HardSigmoid_exact_formula", "rc %d", rc);
  }
  /* special values */
  {
    const float x[] = {-INFINITY, INFINITY, 0.0f, -0.0f, 1e-45f, -1000.0f, 1000.0f};
    float got[7];
    unary_f32(&op_Sigmoid, 13, x, 7, got, &d);
    ot_check(got[0] == 0 && got[1] == 1 && got[2] == 0.5f && got[5] == 0 && got[6] == 1,
          "Sigmoid_extremes", "%g %g %g %g %g", got[0], got[1], got[2], got[5], got[6]);
    unary_f32(&op_Softplus, 1, x, 7, got, &d);
    ot_check(got[0] == 0 && isinf(got[1]) && got[6] == 1000.0f && fabsf(got[2] - 0.69314718f) < 1e-7f,
          "Softplus_extremes", "%g %g %g %g", got[0], got[1], got[2], got[6]);
    unary_f32(&op_Reciprocal, 13, x, 7, got, &d);
    ot_check(got[0] == -0.0f && signbit(got[0]) && isinf(got[2]) && got[2] > 0 && isinf(got[3]) && got[3] < 0,
          "Reciprocal_ieee", "%g %g %g", got[0], got[2], got[3]);
    unary_f32(&op_Log, 13, x, 7, got, &d);
    ot_check(isnan(got[0]) && isinf(got[2]) && got[2] < 0, "Log_ieee", "%g %g", got[0], got[2]);
    unary_f32(&op_Relu, 13, x, 7, got, &d);
    ot_check(got[0] == 0 && isinf(got[1]) && got[3] == 0 && got[4] == 1e-45f, "Relu_special", " ");
    const float nanx[] = {NAN};
    unary_f32(&op_Sign, 13, nanx, 1, got, &d);
    ot_check(isnan(got[0]), "Sign_nan", "%g", got[0]);
  }
  /* rank 0 */
  {
    ir_graph *g = ir_graph_new();
    float v = -2.0f;
    int x = tensor(g, "x", IR_F32, "", &v);
    int ni = node(g, "Abs", 13, 1, x);
    int rc = run(&op_Abs, g, ni, &d);
    const ir_tensor *y = out_of(g, ni);
    ot_check(rc == 0 && y->rank == 0 && ((const float *)y->data)[0] == 2.0f, "Abs_rank0", "rc %d rank %d", rc, y->rank);
    emit_check("Abs_rank0_package", &op_Abs, g, ni, 0, "kiln_f32_abs__c(1, ");
    ir_graph_free(g);
  }
}

static void test_unary_int_bool(void) {
  kiln_diag d;
  /* int32 / int64: Neg Abs Sign Relu, INT_MIN wraps like numpy */
  const int32_t x32[] = {5, -7, 0, INT32_MIN, INT32_MAX};
  const int64_t x64[] = {5, -7, 0, INT64_MIN, INT64_MAX};
  struct { const op_def *def; int64_t w32[5], w64[5]; } cases[] = {
    {&op_Neg, {-5, 7, 0, INT32_MIN, -INT32_MAX}, {-5, 7, 0, INT64_MIN, -INT64_MAX}},
    {&op_Abs, {5, 7, 0, INT32_MIN, INT32_MAX}, {5, 7, 0, INT64_MIN, INT64_MAX}},
    {&op_Sign, {1, -1, 0, -1, 1}, {1, -1, 0, -1, 1}},
    {&op_Relu, {5, 0, 0, 0, INT32_MAX}, {5, 0, 0, 0, INT64_MAX}},
  };
  for (size_t c = 0; c < 4; c++)
    for (int w = 0; w < 2; w++) {
      ir_graph *g = ir_graph_new();
      int x = w ? tensor(g, "x", IR_I64, "5", x64) : tensor(g, "x", IR_I32, "5", x32);
      int ni = node(g, cases[c].def->name, 14, 1, x);
      char name[64];
      snprintf(name, sizeof name, "%s_%s", cases[c].def->name, w ? "i64" : "i32");
      int rc = run(cases[c].def, g, ni, &d);
      if (rc) ot_check(0, name, "%s", d.msg);
      else {
        expect_ints(name, out_of(g, ni), w ? IR_I64 : IR_I32, w ? cases[c].w64 : cases[c].w32, 5);
        snprintf(name, sizeof name, "%s_%s_package", cases[c].def->name, w ? "i64" : "i32");
        emit_check(name, cases[c].def, g, ni, -1, NULL);
      }
      ir_graph_free(g);
    }
  /* other integer types: generic folding paths */
  {
    ir_graph *g = ir_graph_new();
    const int8_t v[] = {-128, 127, -3, 0};
    int ni = node(g, "Neg", 13, 1, tensor(g, "x", IR_I8, "4", v));
    const int64_t want[] = {-128, -127, 3, 0};
    if (run(&op_Neg, g, ni, &d)) ot_check(0, "Neg_i8", "%s", d.msg);
    else expect_ints("Neg_i8", out_of(g, ni), IR_I8, want, 4);
    emit_check("Neg_i8_emit", &op_Neg, g, ni, 0, "kiln_i8_neg__c(4, ");
    ir_graph_free(g);
  }
  {
    ir_graph *g = ir_graph_new();
    const uint64_t v[] = {0, 1, UINT64_MAX, 1ULL << 63};
    int ni = node(g, "Sign", 13, 1, tensor(g, "x", IR_U64, "4", v));
    const int64_t want[] = {0, 1, 1, 1};
    if (run(&op_Sign, g, ni, &d)) ot_check(0, "Sign_u64", "%s", d.msg);
    else expect_ints("Sign_u64", out_of(g, ni), IR_U64, want, 4);
    ir_graph_free(g);
    g = ir_graph_new();
    ni = node(g, "Abs", 13, 1, tensor(g, "x", IR_U64, "4", v));
    const int64_t want_abs[] = {0, 1, -1 /* UINT64_MAX */, INT64_MIN /* 2^63 */};
    if (run(&op_Abs, g, ni, &d)) ot_check(0, "Abs_u64", "%s", d.msg);
    else expect_ints("Abs_u64", out_of(g, ni), IR_U64, want_abs, 4);
    ir_graph_free(g);
  }
  {
    ir_graph *g = ir_graph_new();
    const int64_t v[] = {-3, 0, 1, 7};
    int ni = node(g, "Erf", 13, 1, tensor(g, "x", IR_I64, "4", v));
    const int64_t want[] = {0, 0, 0, 1}; /* erf truncated toward zero (erf(7) rounds to 1.0) */
    if (run(&op_Erf, g, ni, &d)) ot_check(0, "Erf_i64", "%s", d.msg);
    else expect_ints("Erf_i64", out_of(g, ni), IR_I64, want, 4);
    ir_graph_free(g);
  }
  {
    ir_graph *g = ir_graph_new();
    const int16_t v[] = {-3, 0, 9};
    int ni = node(g, "Relu", 14, 1, tensor(g, "x", IR_I16, "3", v));
    const int64_t want[] = {0, 0, 9};
    if (run(&op_Relu, g, ni, &d)) ot_check(0, "Relu_i16_opset14", "%s", d.msg);
    else expect_ints("Relu_i16_opset14", out_of(g, ni), IR_I16, want, 3);
    ir_graph_free(g);
  }
  /* float16: through float32 */
  {
    ir_graph *g = ir_graph_new();
    const uint16_t h[] = {0x3c00 /* 1 */, 0xc000 /* -2 */, 0x3800 /* 0.5 */, 0x7c00 /* inf */};
    int ni = node(g, "Exp", 13, 1, tensor(g, "x", IR_F16, "4", h));
    const double want[] = {half_value(half_nearest(exp(1.0))), half_value(half_nearest(exp(-2.0))),
                           half_value(half_nearest(exp(0.5))), INFINITY};
    if (run(&op_Exp, g, ni, &d)) ot_check(0, "Exp_f16", "%s", d.msg);
    else expect_reals("Exp_f16", out_of(g, ni), IR_F16, want, 4, 0, 1e-9);
    emit_check("Exp_f16_emit", &op_Exp, g, ni, 0, "kiln_f16_exp__c(4, ");
    ir_graph_free(g);
  }
  /* Not */
  {
    ir_graph *g = ir_graph_new();
    const uint8_t b[] = {0, 1, 1, 0, 2};
    int ni = node(g, "Not", 1, 1, tensor(g, "x", IR_BOOL, "5", b));
    const int64_t want[] = {1, 0, 0, 1, 0};
    if (run(&op_Not, g, ni, &d)) ot_check(0, "Not_bool", "%s", d.msg);
    else {
      expect_ints("Not_bool", out_of(g, ni), IR_BOOL, want, 5);
      emit_check("Not_bool_package", &op_Not, g, ni, 0, "kiln_bool_not__c(5, ");
    }
    ir_graph_free(g);
  }
}

static void test_unary_errors(void) {
  kiln_diag d;
  ir_graph *g = ir_graph_new();
  int xi = tensor(g, "x", IR_I64, "3", NULL);
  int ni = node(g, "Exp", 13, 1, xi);
  expect_error("Exp_int64_rejected", run(&op_Exp, g, ni, &d), &d,
               "m.onnx: node 'n' (Exp, opset 13): input 0 'x' has dtype int64; Exp supports: "
               "float16, float32, float64, bfloat16");
  ni = node(g, "Relu", 13, 1, tensor(g, "x32", IR_I32, "3", NULL));
  expect_error("Relu_int32_opset13_rejected", run(&op_Relu, g, ni, &d), &d,
               "input 0 'x32' has dtype int32; Relu at opset 13 supports: float16, float32, float64, "
               "bfloat16 (more types from opset 14)");
  ni = node(g, "Not", 1, 1, tensor(g, "f", IR_F32, "3", NULL));
  expect_error("Not_float_rejected", run(&op_Not, g, ni, &d), &d, "Not supports: bool");
  ni = node(g, "Neg", 13, 1, tensor(g, "u", IR_U8, "3", NULL));
  expect_error("Neg_uint8_rejected", run(&op_Neg, g, ni, &d), &d, "input 0 'u' has dtype uint8");
  ni = node(g, "Relu", 13, 2, xi, xi);
  expect_error("Relu_two_inputs", run(&op_Relu, g, ni, &d), &d, "expected 1 input, got 2");
  ni = node(g, "Relu", 13, 1, -1);
  expect_error("Relu_missing_input", run(&op_Relu, g, ni, &d), &d, "input 0 is missing");
  ni = node(g, "Relu", 13, 1, tensor(g, "unk", IR_F32, "?", NULL));
  expect_error("Relu_unknown_shape", run(&op_Relu, g, ni, &d), &d, "input 0 'unk' has an unknown shape");
  ni = node(g, "Relu", 13, 1, tensor(g, "ok", IR_F32, "3", NULL));
  attr_i(g, ni, "consumed_inputs", 0);
  expect_error("Relu_consumed_inputs_opset13", run(&op_Relu, g, ni, &d), &d,
               "attribute 'consumed_inputs' exists only before opset 6");
  ni = node(g, "LeakyRelu", 16, 1, tensor(g, "lr", IR_F32, "3", NULL));
  attr_s(g, ni, "alpha", "0.1");
  expect_error("LeakyRelu_string_alpha", run(&op_LeakyRelu, g, ni, &d), &d, "attribute 'alpha' must be a float");
  ni = node(g, "Relu", 1, 1, tensor(g, "ok1", IR_F32, "3", NULL));
  attr_i(g, ni, "consumed_inputs", 0);
  ot_check(run(&op_Relu, g, ni, &d) == 0, "Relu_consumed_inputs_opset1_accepted", "%s", d.msg);
  ir_graph_free(g);
}

static void test_unary_as_act(void) {
  kiln_diag d;
  ir_graph *g = ir_graph_new();
  int x = tensor(g, "x", IR_F32, "2x3", NULL);
  ir_act act = IR_ACT_NONE;
  float a = -1, b = -1;
  int ni = node(g, "Relu", 13, 1, x);
  run(&op_Relu, g, ni, &d);
  ot_check(op_Relu.as_act && op_Relu.as_act(g, &g->nodes[ni], &act, &a, &b) && act == IR_ACT_RELU &&
        (op_Relu.flags & OP_ACTIVATION), "Relu_as_act", "act %d", (int)act);
  ni = node(g, "LeakyRelu", 6, 1, x);
  attr_f(g, ni, "alpha", 0.2f);
  run(&op_LeakyRelu, g, ni, &d);
  ot_check(op_LeakyRelu.as_act(g, &g->nodes[ni], &act, &a, &b) && act == IR_ACT_LEAKY_RELU && a == 0.2f,
        "LeakyRelu_as_act", "act %d alpha %g", (int)act, a);
  ni = node(g, "LeakyRelu", 6, 1, x);
  run(&op_LeakyRelu, g, ni, &d);
  ot_check(op_LeakyRelu.as_act(g, &g->nodes[ni], &act, &a, &b) && a == 0.01f, "LeakyRelu_as_act_default", "alpha %g", a);
  ni = node(g, "HardSigmoid", 6, 1, x);
  attr_f(g, ni, "beta", 0.25f);
  run(&op_HardSigmoid, g, ni, &d);
  ot_check(op_HardSigmoid.as_act(g, &g->nodes[ni], &act, &a, &b) && act == IR_ACT_HARD_SIGMOID &&
        a == 0.2f && b == 0.25f, "HardSigmoid_as_act", "act %d %g %g", (int)act, a, b);
  ni = node(g, "HardSwish", 14, 1, x);
  ot_check(op_HardSwish.as_act(g, &g->nodes[ni], &act, &a, &b) && act == IR_ACT_HARD_SWISH,
        "HardSwish_as_act", "act %d", (int)act);
  ni = node(g, "Sigmoid", 13, 1, x);
  ot_check(op_Sigmoid.as_act(g, &g->nodes[ni], &act, &a, &b) && act == IR_ACT_SIGMOID, "Sigmoid_as_act", " ");
  ni = node(g, "Tanh", 13, 1, x);
  ot_check(op_Tanh.as_act(g, &g->nodes[ni], &act, &a, &b) && act == IR_ACT_TANH, "Tanh_as_act", " ");
  ot_check(!(op_Exp.flags & OP_ACTIVATION) && op_Exp.as_act == NULL && !(op_Elu.flags & OP_ACTIVATION),
        "Exp_Elu_not_activations", " ");
  int xd = tensor(g, "xd", IR_F64, "2", NULL);
  ni = node(g, "Relu", 13, 1, xd);
  ot_check(!op_Relu.as_act(g, &g->nodes[ni], &act, &a, &b), "Relu_f64_not_fusable", " ");
  ir_graph_free(g);
}

/* ---- Clip ---------------------------------------------------------------- */

static void test_clip(void) {
  kiln_diag d;
  const float x[] = {-5, -1, -0.5f, 0, 0.5f, 1, 5, INFINITY, -INFINITY};
  /* opset 6: attributes */
  {
    ir_graph *g = ir_graph_new();
    int ni = node(g, "Clip", 6, 1, tensor(g, "x", IR_F32, "9", x));
    attr_f(g, ni, "min", -1);
    attr_f(g, ni, "max", 1);
    const double want[] = {-1, -1, -0.5, 0, 0.5, 1, 1, 1, -1};
    if (run(&op_Clip, g, ni, &d)) ot_check(0, "Clip_opset6_attrs", "%s", d.msg);
    else {
      expect_reals("Clip_opset6_attrs", out_of(g, ni), IR_F32, want, 9, 0, 0);
      emit_check("Clip_opset6_package", &op_Clip, g, ni, 0, "kiln_f32_clip__c(9, ((float *)(T0)), ((float *)(T0)), -1.0f, 1.0f);");
    }
    ir_graph_free(g);
  }
  /* opset 6 defaults: numeric_limits<float>::lowest()/max(), so inf clips */
  {
    ir_graph *g = ir_graph_new();
    int ni = node(g, "Clip", 6, 1, tensor(g, "x", IR_F32, "9", x));
    attr_f(g, ni, "max", 0.5f);
    const double want[] = {-5, -1, -0.5, 0, 0.5, 0.5, 0.5, 0.5, -FLT_MAX};
    if (run(&op_Clip, g, ni, &d)) ot_check(0, "Clip_opset6_default_min", "%s", d.msg);
    else {
      expect_reals("Clip_opset6_default_min", out_of(g, ni), IR_F32, want, 9, 0, 0);
      emit_check("Clip_opset6_default_package", &op_Clip, g, ni, -1, "-3.40282347e+38f, 0.5f);");
    }
    ir_graph_free(g);
  }
  /* opset 11: constant inputs; empty-name inputs omitted; omitted = no bound */
  {
    ir_graph *g = ir_graph_new();
    float lo = -0.5f, hi = 2;
    int xi = tensor(g, "x", IR_F32, "9", x);
    int loi = tensor(g, "lo", IR_F32, "", &lo), hii = tensor(g, "hi", IR_F32, "", &hi);
    int ni = node(g, "Clip", 11, 3, xi, loi, hii);
    const double want[] = {-0.5, -0.5, -0.5, 0, 0.5, 1, 2, 2, -0.5};
    if (run(&op_Clip, g, ni, &d)) ot_check(0, "Clip_opset11_inputs", "%s", d.msg);
    else expect_reals("Clip_opset11_inputs", out_of(g, ni), IR_F32, want, 9, 0, 0);
    ni = node(g, "Clip", 13, 3, xi, -1, hii);
    const double want_max[] = {-5, -1, -0.5, 0, 0.5, 1, 2, 2, -INFINITY};
    if (run(&op_Clip, g, ni, &d)) ot_check(0, "Clip_opset13_max_only", "%s", d.msg);
    else {
      expect_reals("Clip_opset13_max_only", out_of(g, ni), IR_F32, want_max, 9, 0, 0);
      emit_check("Clip_opset13_max_only_package", &op_Clip, g, ni, -1, "-HUGE_VALF, 2.0f);");
    }
    ni = node(g, "Clip", 13, 1, xi);
    const double want_none[] = {-5, -1, -0.5, 0, 0.5, 1, 5, INFINITY, -INFINITY};
    if (run(&op_Clip, g, ni, &d)) ot_check(0, "Clip_opset13_no_bounds", "%s", d.msg);
    else expect_reals("Clip_opset13_no_bounds", out_of(g, ni), IR_F32, want_none, 9, 0, 0);
    /* min > max: everything becomes max */
    float big = 3;
    ni = node(g, "Clip", 13, 3, xi, tensor(g, "big", IR_F32, "1", &big), hii);
    const double want_swap[] = {2, 2, 2, 2, 2, 2, 2, 2, 2};
    if (run(&op_Clip, g, ni, &d)) ot_check(0, "Clip_min_gt_max", "%s", d.msg);
    else expect_reals("Clip_min_gt_max", out_of(g, ni), IR_F32, want_swap, 9, 0, 0);
    ir_act act;
    float a, b;
    ot_check(!op_Clip.as_act(g, &g->nodes[ni], &act, &a, &b), "Clip_min_gt_max_not_fusable", " ");
    ot_check(op_Clip.as_act(g, &g->nodes[0], &act, &a, &b) && act == IR_ACT_CLIP && a == -0.5f && b == 2,
          "Clip_as_act", "act %d %g %g", (int)act, a, b);
    ot_check(op_Clip.as_act(g, &g->nodes[2], &act, &a, &b) && act == IR_ACT_CLIP && a == -INFINITY,
          "Clip_as_act_no_bounds", "%g %g", a, b);
    ir_graph_free(g);
  }
  /* integers (opset 12+) */
  {
    ir_graph *g = ir_graph_new();
    const int32_t xi32[] = {-100, -3, 0, 3, 100, INT32_MIN, INT32_MAX};
    const int64_t xi64[] = {-100, -3, 0, 3, 100, INT64_MIN, INT64_MAX};
    int32_t lo32 = -3;
    int64_t lo64 = -3, hi64 = 50;
    int ni = node(g, "Clip", 12, 2, tensor(g, "x", IR_I32, "7", xi32), tensor(g, "lo", IR_I32, "", &lo32));
    const int64_t w32[] = {-3, -3, 0, 3, 100, -3, INT32_MAX};
    if (run(&op_Clip, g, ni, &d)) ot_check(0, "Clip_i32", "%s", d.msg);
    else {
      expect_ints("Clip_i32", out_of(g, ni), IR_I32, w32, 7);
      emit_check("Clip_i32_package", &op_Clip, g, ni, -1, "-3, 2147483647);");
    }
    ni = node(g, "Clip", 13, 3, tensor(g, "x64", IR_I64, "7", xi64), tensor(g, "lo64", IR_I64, "", &lo64),
              tensor(g, "hi64", IR_I64, "", &hi64));
    const int64_t w64[] = {-3, -3, 0, 3, 50, -3, 50};
    if (run(&op_Clip, g, ni, &d)) ot_check(0, "Clip_i64", "%s", d.msg);
    else {
      expect_ints("Clip_i64", out_of(g, ni), IR_I64, w64, 7);
      emit_check("Clip_i64_package", &op_Clip, g, ni, -1, NULL);
    }
    const uint8_t xu8[] = {0, 10, 200, 255};
    uint8_t hu8 = 100;
    ni = node(g, "Clip", 13, 3, tensor(g, "xu8", IR_U8, "4", xu8), -1, tensor(g, "hu8", IR_U8, "", &hu8));
    const int64_t wu8[] = {0, 10, 100, 100};
    if (run(&op_Clip, g, ni, &d)) ot_check(0, "Clip_u8", "%s", d.msg);
    else {
      expect_ints("Clip_u8", out_of(g, ni), IR_U8, wu8, 4);
      emit_check("Clip_u8_package", &op_Clip, g, ni, -1, NULL);
    }
    const int8_t xi8[] = {-128, -5, 0, 7, 127};
    int8_t li8 = -4, hi8 = 6;
    ni = node(g, "Clip", 13, 3, tensor(g, "xi8", IR_I8, "5", xi8), tensor(g, "li8", IR_I8, "", &li8),
              tensor(g, "hi8", IR_I8, "", &hi8));
    const int64_t wi8[] = {-4, -4, 0, 6, 6};
    if (run(&op_Clip, g, ni, &d)) ot_check(0, "Clip_i8", "%s", d.msg);
    else {
      expect_ints("Clip_i8", out_of(g, ni), IR_I8, wi8, 5);
      emit_check("Clip_i8_package", &op_Clip, g, ni, -1, "-4, 6);");
    }
    const uint64_t xu64[] = {0, 5, UINT64_MAX};
    uint64_t lu64 = 3;
    ni = node(g, "Clip", 13, 2, tensor(g, "xu64", IR_U64, "3", xu64), tensor(g, "lu64", IR_U64, "", &lu64));
    if (run(&op_Clip, g, ni, &d)) ot_check(0, "Clip_u64", "%s", d.msg);
    else {
      const uint64_t *yu = out_of(g, ni)->data;
      ot_check(yu[0] == 3 && yu[1] == 5 && yu[2] == UINT64_MAX, "Clip_u64", "got %llu %llu %llu",
               (unsigned long long)yu[0], (unsigned long long)yu[1], (unsigned long long)yu[2]);
      emit_check("Clip_u64_package", &op_Clip, g, ni, -1, NULL);
    }
    ir_graph_free(g);
  }
  /* errors */
  {
    ir_graph *g = ir_graph_new();
    int xi = tensor(g, "x", IR_F32, "9", NULL);
    int lo = tensor(g, "lo", IR_F32, "", NULL); /* not constant */
    int ni = node(g, "Clip", 11, 2, xi, lo);
    expect_error("Clip_opset11_nonconstant_min", run(&op_Clip, g, ni, &d), &d,
                 "input 1 'lo' (min) must be a constant (computed at compile time)");
    float two[2] = {1, 2};
    ni = node(g, "Clip", 11, 2, xi, tensor(g, "v2", IR_F32, "2", two));
    expect_error("Clip_nonscalar_min", run(&op_Clip, g, ni, &d), &d, "input 1 'v2' (min) must be a scalar, has shape 2");
    double dmin = 0;
    ni = node(g, "Clip", 11, 2, xi, tensor(g, "dmin", IR_F64, "", &dmin));
    expect_error("Clip_min_dtype", run(&op_Clip, g, ni, &d), &d, "input 1 'dmin' (min) has dtype float64, expected float32");
    ni = node(g, "Clip", 11, 1, xi);
    attr_f(g, ni, "min", 0);
    expect_error("Clip_opset11_min_attr", run(&op_Clip, g, ni, &d), &d,
                 "attributes 'min'/'max' became inputs 1 and 2 in opset 11");
    float z = 0;
    ni = node(g, "Clip", 6, 2, xi, tensor(g, "z", IR_F32, "", &z));
    expect_error("Clip_opset6_two_inputs", run(&op_Clip, g, ni, &d), &d, "expected 1 input, got 2");
    int32_t zi = 0;
    ni = node(g, "Clip", 11, 2, tensor(g, "xi", IR_I32, "3", NULL), tensor(g, "zi", IR_I32, "", &zi));
    expect_error("Clip_int_opset11", run(&op_Clip, g, ni, &d), &d, "input 0 'xi' has dtype int32; supported: float16");
    ir_graph_free(g);
  }
}

/* ---- binary ---------------------------------------------------------------- */

/* expected op(a, b) in double for the float ops, int64 for ints */
static double fref(const char *op, double a, double b) {
  if (!strcmp(op, "Add")) return a + b;
  if (!strcmp(op, "Sub")) return a - b;
  if (!strcmp(op, "Mul")) return a * b;
  if (!strcmp(op, "Div")) return a / b;
  if (!strcmp(op, "Pow")) return pow(a, b);
  if (!strcmp(op, "Max")) return a > b ? a : b;
  if (!strcmp(op, "Min")) return a < b ? a : b;
  if (!strcmp(op, "Equal")) return a == b;
  if (!strcmp(op, "Less")) return a < b;
  if (!strcmp(op, "Greater")) return a > b;
  if (!strcmp(op, "LessOrEqual")) return a <= b;
  if (!strcmp(op, "GreaterOrEqual")) return a >= b;
  return NAN;
}

static int64_t iref(const char *op, int64_t a, int64_t b) {
  if (!strcmp(op, "Add")) return a + b;
  if (!strcmp(op, "Sub")) return a - b;
  if (!strcmp(op, "Mul")) return a * b;
  if (!strcmp(op, "Div")) return b == 0 ? 0 : a / b;
  return (int64_t)fref(op, (double)a, (double)b);
}

static const op_def *op_named(const char *name) {
  static const op_def *const all[] = {&op_Add, &op_Sub, &op_Mul, &op_Div, &op_Pow, &op_Max, &op_Min,
                                      &op_Equal, &op_Less, &op_Greater, &op_LessOrEqual,
                                      &op_GreaterOrEqual, &op_And, &op_Or, &op_Xor};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (!strcmp(all[i]->name, name)) return all[i];
  return NULL;
}

/* Runs op on a, b (constants) and compares with the naive broadcast loop.
 * off_b >= 0: legacy placement of b in a's shape (opset < 7). */
static int bin_case(const char *name, const char *op, int opset, ir_dtype dt, const char *sa,
                    const char *sb, const char *sy, int off_b, int package) {
  ir_graph *g = ir_graph_new();
  int a = tensor(g, "a", dt, sa, NULL), b = tensor(g, "b", dt, sb, NULL);
  for (int t = a; t <= b; t++) { /* fill with values */
    ir_tensor *x = &g->tensors[t];
    void *p = ir_alloc_data(x);
    for (int64_t i = 0; i < ir_numel(x); i++) {
      if (ir_dtype_is_float(dt)) {
        float v = (float)(int)(rnd() % 17) - 8.0f;
        if (!strcmp(op, "Div") && t == b && v == 0) v = 3;
        if (!strcmp(op, "Pow") && t == a) v = fabsf(v) + 0.5f;
        if (!strcmp(op, "Pow") && t == b) v = v / 4;
        ir_put_f64(p, dt, i, (i % 3) ? v : v + 0.25f);
      } else {
        int64_t v = (int64_t)(rnd() % 41) - 20;
        if (!strcmp(op, "Pow") && t == b) v = (int64_t)(rnd() % 6);
        ir_put_i64(p, dt, i, v);
      }
    }
  }
  const op_def *def = op_named(op);
  int ni = node(g, op, opset, 2, a, b);
  if (off_b >= 0) attr_i(g, ni, "broadcast", 1);
  if (off_b >= 0 && off_b != g->tensors[a].rank - g->tensors[b].rank) attr_i(g, ni, "axis", off_b);
  kiln_diag d;
  int rc = run(def, g, ni, &d);
  if (rc) { ot_check(0, name, "%s", d.msg); ir_graph_free(g); return 0; }
  ir_tensor *y = out_of(g, ni), *A = &g->tensors[a], *B = &g->tensors[b];
  char shape[64];
  ir_shape_str(y, shape, sizeof shape);
  if (strcmp(shape, sy)) { ot_check(0, name, "shape %s, want %s", shape, sy); ir_graph_free(g); return 0; }
  int64_t idx[IR_MAX_RANK] = {0}, n = ir_numel(y);
  int cmp = !strcmp(op, "Equal") || !strcmp(op, "Less") || !strcmp(op, "Greater") ||
            !strcmp(op, "LessOrEqual") || !strcmp(op, "GreaterOrEqual");
  for (int64_t i = 0; i < n; i++, next_index(idx, y)) {
    int64_t ia = bidx(A, y->rank, idx, off_b >= 0 ? 0 : -1), ib = bidx(B, y->rank, idx, off_b);
    int ok;
    double got = ir_get_f64(y, i), want;
    if (ir_dtype_is_float(dt)) {
      want = fref(op, ir_get_f64(A, ia), ir_get_f64(B, ib));
      if (dt == IR_F32 && !cmp) want = (float)want;
      ok = same_real(got, want, dt == IR_F16 ? 1e-3 : 1e-6, 0);
    } else {
      int64_t w = iref(op, ir_get_i64(A, ia), ir_get_i64(B, ib));
      if (!cmp) { /* wrap to the dtype, as the op does */
        unsigned char tmpb[8];
        ir_put_i64(tmpb, dt, 0, w);
        w = ir_get_i64(&(ir_tensor){.dtype = dt, .data = tmpb}, 0);
      }
      want = (double)w;
      ok = cmp ? got == want : ir_get_i64(y, i) == w;
    }
    if (!ok) {
      ot_check(0, name, "element %lld (a[%lld]=%g, b[%lld]=%g): got %g, want %g", (long long)i,
            (long long)ia, ir_get_f64(A, ia), (long long)ib, ir_get_f64(B, ib), got, want);
      ir_graph_free(g);
      return 0;
    }
  }
  ot_check(1, name, " ");
  if (package && n > 0) {
    char pn[128];
    snprintf(pn, sizeof pn, "%s_package", name);
    emit_check(pn, def, g, ni, package == 2 ? 0 : package == 3 ? 1 : -1, NULL);
  }
  ir_graph_free(g);
  return 1;
}

static void test_binary_broadcast(void) {
  /* hand-picked shapes */
  bin_case("Add_same_shape_f32", "Add", 14, IR_F32, "2x3", "2x3", "2x3", -1, 2);
  bin_case("Add_bias_1xCx1x1_f32", "Add", 14, IR_F32, "2x3x4x5", "1x3x1x1", "2x3x4x5", -1, 2);
  bin_case("Mul_bias_Cx1x1_f32", "Mul", 14, IR_F32, "2x3x4x5", "3x1x1", "2x3x4x5", -1, 1);
  bin_case("Add_bias_rev_f32", "Add", 14, IR_F32, "1x3x1x1", "2x3x4x5", "2x3x4x5", -1, 3);
  bin_case("Sub_scalar_rank0_rhs", "Sub", 14, IR_F32, "2x3", "", "2x3", -1, 1);
  bin_case("Sub_scalar_rank0_lhs", "Sub", 14, IR_F32, "", "2x3", "2x3", -1, 1);
  bin_case("Mul_rank0_both", "Mul", 14, IR_F32, "", "", "scalar", -1, 1);
  bin_case("Div_outer_3x1_1x4", "Div", 14, IR_F32, "3x1", "1x4", "3x4", -1, 1);
  bin_case("Add_suffix_4_2x3x4", "Add", 14, IR_F32, "4", "2x3x4", "2x3x4", -1, 1);
  bin_case("Max_mixed_2x1x4_3x1", "Max", 13, IR_F32, "2x1x4", "3x1", "2x3x4", -1, 1);
  bin_case("Add_zero_dim", "Add", 14, IR_F32, "0x3", "1x3", "0x3", -1, 1);
  bin_case("Add_f64", "Add", 14, IR_F64, "2x3", "3", "2x3", -1, 1);
  bin_case("Add_f16_fold", "Add", 14, IR_F16, "2x3", "3", "2x3", -1, 0);
  bin_case("Less_bias_f32", "Less", 13, IR_F32, "2x3x2x2", "1x3x1x1", "2x3x2x2", -1, 1);
  bin_case("GreaterOrEqual_i64", "GreaterOrEqual", 16, IR_I64, "4x1", "5", "4x5", -1, 1);
  bin_case("Equal_i32", "Equal", 13, IR_I32, "3x4", "4", "3x4", -1, 1);
  bin_case("Mul_i64_shapes", "Mul", 14, IR_I64, "4", "", "4", -1, 1);
  bin_case("Div_i32_bcast", "Div", 14, IR_I32, "3x4", "3x1", "3x4", -1, 2);
  bin_case("Add_u8_fold", "Add", 14, IR_U8, "5", "5", "5", -1, 0);
  bin_case("Pow_f32", "Pow", 15, IR_F32, "2x3", "3", "2x3", -1, 1);
  bin_case("Pow_i64", "Pow", 15, IR_I64, "6", "6", "6", -1, 1);
  /* legacy (opset < 7) broadcast=1 with axis */
  bin_case("Add_opset6_axis1", "Add", 6, IR_F32, "2x3x4x5", "3x4", "2x3x4x5", 1, 1);
  bin_case("Mul_opset6_suffix", "Mul", 6, IR_F32, "2x3x4x5", "4x5", "2x3x4x5", 2, 1);
  bin_case("Sub_opset6_axis0", "Sub", 6, IR_F32, "2x3x4x5", "2", "2x3x4x5", 0, 1);
  bin_case("Add_opset6_one_element", "Add", 6, IR_F32, "2x3x4x5", "1x1", "2x3x4x5", 2, 1);
  bin_case("Div_opset1_same", "Div", 1, IR_F32, "2x3", "2x3", "2x3", -1, 0);

  /* random sweep: numpy broadcasting, ranks 0..4, dims 1..3 */
  static const char *const ops[] = {"Add", "Sub", "Mul", "Div", "Max", "Min", "Equal", "Less",
                                    "Greater", "LessOrEqual", "GreaterOrEqual"};
  int bad = 0, total = 0;
  for (int iter = 0; iter < 400; iter++) {
    int ry = (int)(rnd() % 5);
    int64_t dy[4];
    char sa[64] = "", sb[64] = "", sy[64] = "";
    int ra = (int)(rnd() % (unsigned)(ry + 1)), rb = ry;
    if (rnd() & 1) { int t = ra; ra = rb; rb = t; }
    for (int k = 0; k < ry; k++) dy[k] = 1 + (int64_t)(rnd() % 3);
    size_t oa = 0, ob = 0, oy = 0;
    for (int k = 0; k < ry; k++) oy += (size_t)snprintf(sy + oy, sizeof sy - oy, "%s%lld", k ? "x" : "", (long long)dy[k]);
    for (int k = ry - ra; k < ry; k++)
      oa += (size_t)snprintf(sa + oa, sizeof sa - oa, "%s%lld", k > ry - ra ? "x" : "", (long long)((rnd() % 3) ? dy[k] : 1));
    for (int k = ry - rb; k < ry; k++)
      ob += (size_t)snprintf(sb + ob, sizeof sb - ob, "%s%lld", k > ry - rb ? "x" : "", (long long)((rnd() % 3) ? dy[k] : 1));
    /* the output is the broadcast of a and b, which may be smaller than dy */
    ir_graph *g = ir_graph_new();
    int a = tensor(g, "a", IR_F32, sa, NULL), b = tensor(g, "b", IR_F32, sb, NULL);
    const ir_tensor *ins[2] = {&g->tensors[a], &g->tensors[b]};
    int rr;
    int64_t dd[IR_MAX_RANK];
    kiln_diag d = {0};
    ir_node tmp = {0};
    op_broadcast_shape(&d, &tmp, ins, 2, &rr, dd);
    ir_tensor yt = {0};
    yt.rank = rr;
    memcpy(yt.dims, dd, sizeof dd);
    ir_shape_str(&yt, sy, sizeof sy);
    ir_graph_free(g);
    const char *op = ops[rnd() % (sizeof ops / sizeof ops[0])];
    ir_dtype dt = (rnd() % 3 == 0) ? IR_I64 : (rnd() % 2 ? IR_F32 : IR_I32);
    char name[160];
    snprintf(name, sizeof name, "sweep_%d_%s_%s_[%s]_[%s]", iter, op, ir_dtype_name(dt), sa, sb);
    total++;
    ot_quiet = 1;
    if (!bin_case(name, op, 16, dt, sa, sb, sy, -1, iter % 40 == 0)) bad++;
    ot_quiet = 0;
  }
  ot_check(bad == 0, "binary_random_broadcast_sweep", "%d of %d cases failed", bad, total);
}

static void test_binary_exact(void) {
  kiln_diag d;
  /* integer Div truncates toward zero; /0 = 0; INT_MIN / -1 wraps */
  {
    ir_graph *g = ir_graph_new();
    const int64_t a[] = {7, -7, 7, -7, 5, INT64_MIN, 0};
    const int64_t b[] = {2, 2, -2, -2, 0, -1, 3};
    int ni = node(g, "Div", 14, 2, tensor(g, "a", IR_I64, "7", a), tensor(g, "b", IR_I64, "7", b));
    const int64_t want[] = {3, -3, -3, 3, 0, INT64_MIN, 0};
    if (run(&op_Div, g, ni, &d)) ot_check(0, "Div_i64_truncation", "%s", d.msg);
    else {
      expect_ints("Div_i64_truncation", out_of(g, ni), IR_I64, want, 7);
      emit_check("Div_i64_inplace_package", &op_Div, g, ni, 0, "kiln_i64_div__c(&n0_b, ");
    }
    ir_graph_free(g);
    g = ir_graph_new();
    const int32_t a32[] = {7, -7, 7, -7, 5, INT32_MIN, 0};
    const int32_t b32[] = {2, 2, -2, -2, 0, -1, 3};
    ni = node(g, "Div", 14, 2, tensor(g, "a", IR_I32, "7", a32), tensor(g, "b", IR_I32, "7", b32));
    const int64_t want32[] = {3, -3, -3, 3, 0, INT32_MIN, 0};
    if (run(&op_Div, g, ni, &d)) ot_check(0, "Div_i32_truncation", "%s", d.msg);
    else {
      expect_ints("Div_i32_truncation", out_of(g, ni), IR_I32, want32, 7);
      emit_check("Div_i32_inplace_rhs_package", &op_Div, g, ni, 1, NULL);
    }
    ir_graph_free(g);
  }
  /* int64 shape arithmetic as exporters write it: Shape -> Gather -> Mul/Add/Div/Sub */
  {
    ir_graph *g = ir_graph_new();
    const int64_t shape[] = {1, 3, 224, 224};
    int64_t two = 2, neg1 = -1;
    int s = tensor(g, "shape", IR_I64, "4", shape);
    int ni = node(g, "Div", 13, 2, s, tensor(g, "two", IR_I64, "", &two));
    const int64_t want[] = {0, 1, 112, 112};
    if (run(&op_Div, g, ni, &d)) ot_check(0, "Div_i64_shape_by_scalar", "%s", d.msg);
    else expect_ints("Div_i64_shape_by_scalar", out_of(g, ni), IR_I64, want, 4);
    int h = g->nodes[ni].outputs[0];
    ni = node(g, "Mul", 13, 2, h, tensor(g, "m1", IR_I64, "1", &neg1));
    const int64_t want2[] = {0, -1, -112, -112};
    if (run(&op_Mul, g, ni, &d)) ot_check(0, "Mul_i64_shape_chain", "%s", d.msg);
    else expect_ints("Mul_i64_shape_chain", out_of(g, ni), IR_I64, want2, 4);
    const int64_t big[] = {INT64_MAX, INT64_MIN};
    const int64_t one[] = {1, 1};
    ni = node(g, "Add", 13, 2, tensor(g, "big", IR_I64, "2", big), tensor(g, "one", IR_I64, "2", one));
    const int64_t wrap[] = {INT64_MIN, INT64_MIN + 1};
    if (run(&op_Add, g, ni, &d)) ot_check(0, "Add_i64_wraps", "%s", d.msg);
    else expect_ints("Add_i64_wraps", out_of(g, ni), IR_I64, wrap, 2);
    ni = node(g, "Sub", 13, 2, tensor(g, "big2", IR_I64, "2", big), tensor(g, "one2", IR_I64, "2", one));
    const int64_t wrap2[] = {INT64_MAX - 1, INT64_MAX};
    if (run(&op_Sub, g, ni, &d)) ot_check(0, "Sub_i64_wraps", "%s", d.msg);
    else expect_ints("Sub_i64_wraps", out_of(g, ni), IR_I64, wrap2, 2);
    ir_graph_free(g);
  }
  /* uint8 wraps; int8 Div */
  {
    ir_graph *g = ir_graph_new();
    const uint8_t a[] = {200, 10}, b[] = {100, 20};
    int ni = node(g, "Add", 14, 2, tensor(g, "a", IR_U8, "2", a), tensor(g, "b", IR_U8, "2", b));
    const int64_t want[] = {44, 30};
    if (run(&op_Add, g, ni, &d)) ot_check(0, "Add_u8_wraps", "%s", d.msg);
    else expect_ints("Add_u8_wraps", out_of(g, ni), IR_U8, want, 2);
    ni = node(g, "Sub", 14, 2, tensor(g, "c", IR_U8, "2", b), tensor(g, "e", IR_U8, "2", a));
    const int64_t want2[] = {156, 10};
    if (run(&op_Sub, g, ni, &d)) ot_check(0, "Sub_u8_wraps", "%s", d.msg);
    else expect_ints("Sub_u8_wraps", out_of(g, ni), IR_U8, want2, 2);
    emit_check("Sub_u8_emit", &op_Sub, g, ni, -1, "kiln_u8_sub__c(&");
    ir_graph_free(g);
  }
  /* float Div: IEEE */
  {
    ir_graph *g = ir_graph_new();
    const float a[] = {1, -1, 0, 6}, b[] = {0, 0, 0, 4};
    int ni = node(g, "Div", 14, 2, tensor(g, "a", IR_F32, "4", a), tensor(g, "b", IR_F32, "4", b));
    const double want[] = {INFINITY, -INFINITY, NAN, 1.5};
    if (run(&op_Div, g, ni, &d)) ot_check(0, "Div_f32_ieee", "%s", d.msg);
    else expect_reals("Div_f32_ieee", out_of(g, ni), IR_F32, want, 4, 0, 0);
    ir_graph_free(g);
  }
  /* Pow: float base with int64 exponent; integer powers */
  {
    ir_graph *g = ir_graph_new();
    const float a[] = {2, -2, 0.5f, 10, 0};
    const int64_t e[] = {3, 3, -2, 0, -1};
    int ni = node(g, "Pow", 15, 2, tensor(g, "a", IR_F32, "5", a), tensor(g, "e", IR_I64, "5", e));
    const double want[] = {8, -8, 4, 1, INFINITY};
    if (run(&op_Pow, g, ni, &d)) ot_check(0, "Pow_f32_i64", "%s", d.msg);
    else {
      expect_reals("Pow_f32_i64", out_of(g, ni), IR_F32, want, 5, 0, 0);
      emit_check("Pow_f32_i64_package", &op_Pow, g, ni, -1, "kiln_f32_pow_i64__c(&n0_b, ");
    }
    const int64_t ib[] = {2, 3, -1, 1, 0, 2, 7};
    const int64_t ie[] = {10, -1, -3, -5, 0, 63, 2};
    ni = node(g, "Pow", 15, 2, tensor(g, "ib", IR_I64, "7", ib), tensor(g, "ie", IR_I64, "7", ie));
    const int64_t iw[] = {1024, 0, -1, 1, 1, INT64_MIN, 49};
    if (run(&op_Pow, g, ni, &d)) ot_check(0, "Pow_i64_exact", "%s", d.msg);
    else expect_ints("Pow_i64_exact", out_of(g, ni), IR_I64, iw, 7);
    const float fe[] = {0.5f, 2};
    const int32_t i32b[] = {16, -3};
    ni = node(g, "Pow", 15, 2, tensor(g, "i32b", IR_I32, "2", i32b), tensor(g, "fe", IR_F32, "2", fe));
    const int64_t w32[] = {4, 9};
    if (run(&op_Pow, g, ni, &d)) ot_check(0, "Pow_i32_by_f32_fold", "%s", d.msg);
    else expect_ints("Pow_i32_by_f32_fold", out_of(g, ni), IR_I32, w32, 2);
    emit_check("Pow_i32_by_f32_emit", &op_Pow, g, ni, -1, "kiln_i32_pow_f32__c(&");
    const uint16_t hb[] = {0x4000 /* 2 */, 0x3c00 /* 1 */};
    const int8_t he[] = {3, 100};
    ni = node(g, "Pow", 15, 2, tensor(g, "hb", IR_F16, "2", hb), tensor(g, "he", IR_I8, "2", he));
    const double hw[] = {8, 1};
    if (run(&op_Pow, g, ni, &d)) ot_check(0, "Pow_f16_by_i8_fold", "%s", d.msg);
    else expect_reals("Pow_f16_by_i8_fold", out_of(g, ni), IR_F16, hw, 2, 0, 0);
    ir_graph_free(g);
  }
  /* variadic Max/Min */
  {
    ir_graph *g = ir_graph_new();
    const float a[] = {1, 5}, b[] = {2, 0, 7}, c = 3;
    int ta = tensor(g, "a", IR_F32, "2x1", a), tb = tensor(g, "b", IR_F32, "3", b);
    int tc = tensor(g, "c", IR_F32, "", &c);
    int ni = node(g, "Max", 13, 3, ta, tb, tc);
    const double want[] = {3, 3, 7, 5, 5, 7};
    if (run(&op_Max, g, ni, &d)) ot_check(0, "Max_3_inputs_bcast", "%s", d.msg);
    else {
      expect_reals("Max_3_inputs_bcast", out_of(g, ni), IR_F32, want, 6, 0, 0);
      emit_check("Max_3_inputs_package", &op_Max, g, ni, -1, "kiln_f32_max__c(&n0_b2, ");
    }
    ni = node(g, "Min", 13, 3, ta, tb, tc);
    const double wmin[] = {1, 0, 1, 2, 0, 3};
    if (run(&op_Min, g, ni, &d)) ot_check(0, "Min_3_inputs_bcast", "%s", d.msg);
    else expect_reals("Min_3_inputs_bcast", out_of(g, ni), IR_F32, wmin, 6, 0, 0);
    ni = node(g, "Min", 13, 1, tb);
    const double w1[] = {2, 0, 7};
    if (run(&op_Min, g, ni, &d)) ot_check(0, "Min_1_input", "%s", d.msg);
    else {
      expect_reals("Min_1_input", out_of(g, ni), IR_F32, w1, 3, 0, 0);
      emit_check("Min_1_input_package", &op_Min, g, ni, -1, "memmove(");
    }
    const float n1[] = {NAN, 1}, n2[] = {1, NAN};
    ni = node(g, "Max", 13, 2, tensor(g, "n1", IR_F32, "2", n1), tensor(g, "n2", IR_F32, "2", n2));
    const double wn[] = {NAN, NAN};
    if (run(&op_Max, g, ni, &d)) ot_check(0, "Max_nan_propagates", "%s", d.msg);
    else expect_reals("Max_nan_propagates", out_of(g, ni), IR_F32, wn, 2, 0, 0);
    const int64_t i1[] = {3, -9}, i2[] = {-4, 8};
    ni = node(g, "Max", 12, 2, tensor(g, "i1", IR_I64, "2", i1), tensor(g, "i2", IR_I64, "2", i2));
    const int64_t wi[] = {3, 8};
    if (run(&op_Max, g, ni, &d)) ot_check(0, "Max_i64", "%s", d.msg);
    else expect_ints("Max_i64", out_of(g, ni), IR_I64, wi, 2);
    ir_graph_free(g);
  }
  /* logic on bools and Equal on bools, with broadcasting */
  {
    ir_graph *g = ir_graph_new();
    const uint8_t a[] = {0, 0, 1, 1}, b[] = {0, 1};
    int ta = tensor(g, "a", IR_BOOL, "2x2", a), tb = tensor(g, "b", IR_BOOL, "2", b);
    struct { const op_def *def; int64_t w[4]; } lc[] = {
      {&op_And, {0, 0, 0, 1}}, {&op_Or, {0, 1, 1, 1}}, {&op_Xor, {0, 1, 1, 0}}, {&op_Equal, {1, 0, 0, 1}}};
    for (int i = 0; i < 4; i++) {
      int ni = node(g, lc[i].def->name, 13, 2, ta, tb);
      char name[64];
      snprintf(name, sizeof name, "%s_bool", lc[i].def->name);
      if (run(lc[i].def, g, ni, &d)) ot_check(0, name, "%s", d.msg);
      else {
        expect_ints(name, out_of(g, ni), IR_BOOL, lc[i].w, 4);
        snprintf(name, sizeof name, "%s_bool_package", lc[i].def->name);
        emit_check(name, lc[i].def, g, ni, -1, NULL);
      }
    }
    ir_graph_free(g);
  }
  /* the per-channel bias descriptor is coalesced as documented */
  {
    ir_graph *g = ir_graph_new();
    float x[24], bias[3] = {1, 2, 3};
    for (int i = 0; i < 24; i++) x[i] = (float)i;
    int ni = node(g, "Add", 14, 2, tensor(g, "x", IR_F32, "2x3x2x2", x), tensor(g, "b", IR_F32, "1x3x1x1", bias));
    if (run(&op_Add, g, ni, &d)) ot_check(0, "Add_bias_descriptor", "%s", d.msg);
    else emit_check("Add_bias_descriptor", &op_Add, g, ni, 0,
                    "static const kiln_bcast n0_b = {3, 24, {2, 3, 4}, {{12, 4, 1}, {0, 1, 0}, {0, 0, 0}}};");
    ir_graph_free(g);
  }
}

static void test_binary_errors(void) {
  kiln_diag d;
  ir_graph *g = ir_graph_new();
  int a = tensor(g, "a", IR_F32, "2x3", NULL), b = tensor(g, "b", IR_F32, "4", NULL);
  int ni = node(g, "Add", 14, 2, a, b);
  expect_error("Add_not_broadcastable", run(&op_Add, g, ni, &d), &d,
               "m.onnx: node 'n' (Add, opset 14): inputs cannot be broadcast together: shape 2x3 vs 4");
  int c = tensor(g, "c", IR_I64, "2x3", NULL);
  ni = node(g, "Add", 14, 2, a, c);
  expect_error("Add_dtype_mismatch", run(&op_Add, g, ni, &d), &d,
               "input 1 'c' has dtype int64 but input 0 'a' has float32; Add needs equal dtypes");
  ni = node(g, "Add", 14, 1, a);
  expect_error("Add_one_input", run(&op_Add, g, ni, &d), &d, "expected 2 inputs, got 1");
  ni = node(g, "Mul", 14, 2, a, -1);
  expect_error("Mul_missing_input", run(&op_Mul, g, ni, &d), &d, "input 1 is missing");
  ni = node(g, "And", 7, 2, a, a);
  expect_error("And_float_rejected", run(&op_And, g, ni, &d), &d,
               "input 0 'a' has dtype float32; And supports: bool");
  int bl = tensor(g, "bl", IR_BOOL, "2x3", NULL);
  ni = node(g, "Add", 14, 2, bl, bl);
  expect_error("Add_bool_rejected", run(&op_Add, g, ni, &d), &d, "input 0 'bl' has dtype bool; Add supports:");
  ni = node(g, "Less", 13, 2, bl, bl);
  expect_error("Less_bool_rejected", run(&op_Less, g, ni, &d), &d, "dtype bool; Less supports:");
  int i8 = tensor(g, "i8", IR_I8, "3", NULL);
  ni = node(g, "Pow", 15, 2, i8, i8);
  expect_error("Pow_int8_base_rejected", run(&op_Pow, g, ni, &d), &d,
               "input 0 'i8' has dtype int8; Pow supports: float16, float32, float64, bfloat16, int32, int64");
  ni = node(g, "Pow", 7, 2, a, c);
  expect_error("Pow_opset7_mixed_dtypes", run(&op_Pow, g, ni, &d), &d, "Pow needs equal dtypes");
  ni = node(g, "Add", 14, 2, a, a);
  attr_i(g, ni, "broadcast", 1);
  expect_error("Add_broadcast_attr_opset14", run(&op_Add, g, ni, &d), &d,
               "attributes 'broadcast'/'axis' exist only before opset 7");
  int a4 = tensor(g, "a4", IR_F32, "2x3x4x5", NULL), b2 = tensor(g, "b2", IR_F32, "3x4", NULL);
  ni = node(g, "Add", 6, 2, a4, b2);
  expect_error("Add_opset6_broadcast0_mismatch", run(&op_Add, g, ni, &d), &d,
               "input shapes 2x3x4x5 and 3x4 differ and broadcast=0");
  ni = node(g, "Add", 6, 2, a4, b2);
  attr_i(g, ni, "broadcast", 1);
  expect_error("Add_opset6_suffix_mismatch", run(&op_Add, g, ni, &d), &d,
               "with broadcast=1, input 1 (shape 3x4) must match input 0 (shape 2x3x4x5) from axis 2");
  ni = node(g, "Add", 6, 2, a4, b2);
  attr_i(g, ni, "broadcast", 1);
  attr_i(g, ni, "axis", 3);
  expect_error("Add_opset6_axis_out_of_range", run(&op_Add, g, ni, &d), &d, "axis 3 does not fit input 1");
  ni = node(g, "Max", 13, 0);
  expect_error("Max_no_inputs", run(&op_Max, g, ni, &d), &d, "expected at least 1 input, got 0");
  ni = node(g, "Max", 13, 3, a, a, tensor(g, "a64", IR_F64, "2x3", NULL));
  expect_error("Max_dtype_mismatch", run(&op_Max, g, ni, &d), &d, "input 2 'a64' has dtype float64 but input 0 'a' has float32");
  ni = node(g, "Max", 13, 3, a, a, b);
  expect_error("Max_not_broadcastable", run(&op_Max, g, ni, &d), &d, "inputs cannot be broadcast together");
  ot_check(!(op_Less.flags & OP_INPLACE) && (op_Add.flags & OP_INPLACE) && (op_Add.flags & OP_ELEMENTWISE),
        "binary_flags", " ");
  ir_graph_free(g);
}

/* ---- Where ----------------------------------------------------------------- */

static void test_where(void) {
  kiln_diag d;
  {
    ir_graph *g = ir_graph_new();
    const uint8_t c[] = {1, 0};
    const float x[] = {10, 20, 30}, y = -1;
    int ni = node(g, "Where", 9, 3, tensor(g, "c", IR_BOOL, "2x1", c), tensor(g, "x", IR_F32, "1x3", x),
                  tensor(g, "yv", IR_F32, "", &y));
    const double want[] = {10, 20, 30, -1, -1, -1};
    if (run(&op_Where, g, ni, &d)) ot_check(0, "Where_3way_bcast_f32", "%s", d.msg);
    else {
      expect_shape("Where_3way_bcast_shape", out_of(g, ni), "2x3");
      expect_reals("Where_3way_bcast_f32", out_of(g, ni), IR_F32, want, 6, 0, 0);
      emit_check("Where_3way_bcast_package", &op_Where, g, ni, -1,
                 "static const kiln_bcast n0_b = {2, 6, {2, 3}, {{1, 0}, {0, 1}, {0, 0}}};");
    }
    ir_graph_free(g);
  }
  /* every dtype, with a random 3-way broadcast checked naively */
  static const ir_dtype dts[] = {IR_F32, IR_F64, IR_I32, IR_I64, IR_BOOL, IR_F16, IR_I8, IR_U16, IR_U64};
  for (size_t k = 0; k < sizeof dts / sizeof dts[0]; k++) {
    ir_graph *g = ir_graph_new();
    int tc = tensor(g, "c", IR_BOOL, "2x1x4", NULL), tx = tensor(g, "x", dts[k], "3x1", NULL),
        ty = tensor(g, "y", dts[k], "1x3x4", NULL);
    for (int t = tc; t <= ty; t++) {
      ir_tensor *v = &g->tensors[t];
      void *p = ir_alloc_data(v);
      for (int64_t i = 0; i < ir_numel(v); i++) ir_put_i64(p, v->dtype, i, t == tc ? (int64_t)(rnd() & 1) : (int64_t)(rnd() % 100) + (t == ty ? 100 : 0));
    }
    int ni = node(g, "Where", 16, 3, tc, tx, ty);
    char name[64];
    snprintf(name, sizeof name, "Where_%s", ir_dtype_name(dts[k]));
    if (run(&op_Where, g, ni, &d)) { ot_check(0, name, "%s", d.msg); ir_graph_free(g); continue; }
    ir_tensor *o = out_of(g, ni);
    int64_t idx[IR_MAX_RANK] = {0}, n = ir_numel(o);
    int ok = o->rank == 3 && o->dims[0] == 2 && o->dims[1] == 3 && o->dims[2] == 4 && o->dtype == dts[k];
    for (int64_t i = 0; ok && i < n; i++, next_index(idx, o)) {
      const ir_tensor *C = &g->tensors[tc], *X = &g->tensors[tx], *Y = &g->tensors[ty];
      int64_t want = ir_get_i64(C, bidx(C, 3, idx, -1)) ? ir_get_i64(X, bidx(X, 3, idx, -1)) : ir_get_i64(Y, bidx(Y, 3, idx, -1));
      if (dts[k] == IR_BOOL) want = want != 0;
      ok = ir_get_i64(o, i) == want;
    }
    ot_check(ok, name, "mismatch");
    snprintf(name, sizeof name, "Where_%s_package", ir_dtype_name(dts[k]));
    emit_check(name, &op_Where, g, ni, -1, NULL);
    ir_graph_free(g);
  }
  {
    ir_graph *g = ir_graph_new();
    int cf = tensor(g, "cf", IR_F32, "3", NULL), x = tensor(g, "x", IR_F32, "3", NULL);
    int c = tensor(g, "c", IR_BOOL, "3", NULL), xi = tensor(g, "xi", IR_I64, "3", NULL);
    int ni = node(g, "Where", 9, 3, cf, x, x);
    expect_error("Where_float_condition", run(&op_Where, g, ni, &d), &d, "input 0 'cf' has dtype float32; supported: bool");
    ni = node(g, "Where", 9, 3, c, x, xi);
    expect_error("Where_dtype_mismatch", run(&op_Where, g, ni, &d), &d,
                 "input 2 'xi' has dtype int64 but input 1 'x' has float32; Where needs equal dtypes");
    ni = node(g, "Where", 9, 3, c, x, tensor(g, "x4", IR_F32, "4", NULL));
    expect_error("Where_not_broadcastable", run(&op_Where, g, ni, &d), &d, "inputs cannot be broadcast together");
    ni = node(g, "Where", 9, 2, c, x);
    expect_error("Where_two_inputs", run(&op_Where, g, ni, &d), &d, "expected 3 inputs, got 2");
    ir_graph_free(g);
  }
}

/* ---- Cast ------------------------------------------------------------------ */

/* Casts data (n elements of from) with opset 13 and returns the output tensor copy. */
static int cast_run(ir_dtype from, ir_dtype to, const void *data, int n, void *out, kiln_diag *d,
                    int package, const char *pname) {
  ir_graph *g = ir_graph_new();
  char shape[32];
  snprintf(shape, sizeof shape, "%d", n);
  int ni = node(g, "Cast", 13, 1, tensor(g, "x", from, shape, data));
  attr_i(g, ni, "to", to);
  int rc = run(&op_Cast, g, ni, d);
  if (!rc) {
    memcpy(out, out_of(g, ni)->data, out_of(g, ni)->nbytes);
    if (package) emit_check(pname, &op_Cast, g, ni, -1, NULL);
  }
  ir_graph_free(g);
  return rc;
}

static void test_cast_f16(void) {
  kiln_diag d;
  /* f32 -> f16 -> f32 on chosen values */
  {
    const float x[] = {1.0f, 65504.0f, 65519.99f, 65520.0f, 0.1f, 1.0f / 3, 1.00048828125f /* 1+2^-11: tie -> 1 */,
                       1.00146484375f /* 1+3*2^-11: tie -> 1+2^-9 */, 5.9604644775390625e-8f /* 2^-24 */,
                       2.98023223876953125e-8f /* 2^-25: tie -> 0 */, 2.98023259e-8f /* just above -> 2^-24 */,
                       6.097555160522461e-05f /* largest subnormal + half ulp region */, -2.5f, 1e-10f,
                       -0.0f, INFINITY, -INFINITY, 6.1035156e-05f /* 2^-14 */};
    enum { N = sizeof x / sizeof x[0] };
    uint16_t h[N];
    float back[N];
    int rc = cast_run(IR_F32, IR_F16, x, N, h, &d, 1, "Cast_f32_f16_package");
    int ok = rc == 0, bad = -1;
    for (int i = 0; ok && i < N; i++)
      if (h[i] != half_nearest(x[i])) { ok = 0; bad = i; }
    ot_check(ok, "Cast_f32_to_f16_rounding", "rc %d, element %d (%.9g): got 0x%04x want 0x%04x", rc, bad,
          bad >= 0 ? x[bad] : 0.0, bad >= 0 ? h[bad] : 0, bad >= 0 ? half_nearest(x[bad]) : 0);
    ot_check(h[0] == 0x3c00 && h[1] == 0x7bff && h[2] == 0x7bff && h[3] == 0x7c00 && h[6] == 0x3c00 &&
          h[7] == 0x3c02 && h[8] == 0x0001 && h[9] == 0x0000 && h[10] == 0x0001 && h[14] == 0x8000,
          "Cast_f32_to_f16_known_bits", "%04x %04x %04x %04x %04x %04x", h[0], h[1], h[3], h[6], h[7], h[9]);
    rc = cast_run(IR_F16, IR_F32, h, N, back, &d, 1, "Cast_f16_f32_package");
    ok = rc == 0;
    for (int i = 0; ok && i < N; i++) ok = back[i] == (float)half_value(h[i]);
    ot_check(ok && back[4] == 0.0999755859375f && back[5] == 0.333251953125f && back[1] == 65504.0f,
          "Cast_f32_f16_f32_roundtrip", "rc %d: %.9g %.9g", rc, back[4], back[5]);
  }
  /* float16 -> float32 for every bit pattern */
  {
    static uint16_t all[65536];
    static float got[65536];
    for (int i = 0; i < 65536; i++) all[i] = (uint16_t)i;
    int rc = cast_run(IR_F16, IR_F32, all, 65536, got, &d, 0, NULL);
    int ok = rc == 0, bad = -1;
    for (int i = 0; ok && i < 65536; i++) {
      double w = half_value((uint16_t)i);
      if (isnan(w) ? !isnan(got[i]) : (got[i] != w || !signbit(got[i]) != !signbit(w))) { ok = 0; bad = i; }
    }
    ot_check(ok, "Cast_f16_to_f32_all_65536", "rc %d, bits 0x%04x", rc, bad);
  }
  /* float32 -> float16: 200k random floats against the brute-force rounder */
  {
    enum { N = 200000 };
    float *x = malloc(sizeof(float) * N);
    uint16_t *h = malloc(sizeof(uint16_t) * N);
    for (int i = 0; i < N; i++) {
      uint32_t bits = (uint32_t)rnd();
      /* mostly in and around float16's range: exponents 100..145 */
      bits = (bits & 0x807fffffu) | ((100u + (uint32_t)(rnd() % 46)) << 23);
      if (i % 1000 == 0) bits = (uint32_t)rnd();
      memcpy(&x[i], &bits, 4);
    }
    int rc = cast_run(IR_F32, IR_F16, x, N, h, &d, 0, NULL);
    int ok = rc == 0, bad = -1;
    for (int i = 0; ok && i < N; i++) {
      uint16_t w = half_nearest(x[i]);
      if (isnan(x[i]) ? (h[i] & 0x7c00) != 0x7c00 || !(h[i] & 0x3ff) : h[i] != w) { ok = 0; bad = i; }
    }
    ot_check(ok, "Cast_f32_to_f16_random_200k", "rc %d, x=%.9g (0x%08x): got 0x%04x want 0x%04x", rc,
          bad >= 0 ? x[bad] : 0.0, 0u, bad >= 0 ? h[bad] : 0, bad >= 0 ? half_nearest(x[bad]) : 0);
    free(x);
    free(h);
  }
  /* float64 -> float16 rounds once (no double rounding through float32) */
  {
    enum { N = 50000 };
    double *x = malloc(sizeof(double) * N);
    uint16_t *h = malloc(sizeof(uint16_t) * N);
    x[0] = 1.0 + ldexp(1, -11) + ldexp(1, -40); /* float32 would round it to the tie 1+2^-11 */
    x[1] = -(1.0 + ldexp(1, -11) + ldexp(1, -40));
    x[2] = ldexp(1, -25) + ldexp(1, -60);       /* just above half the smallest subnormal */
    for (int i = 3; i < N; i++) {
      uint64_t bits = rnd();
      bits = (bits & 0x800fffffffffffffULL) | ((uint64_t)(1023 - 27 + rnd() % 46) << 52);
      memcpy(&x[i], &bits, 8);
    }
    int rc = cast_run(IR_F64, IR_F16, x, N, h, &d, 0, NULL);
    int ok = rc == 0, bad = -1;
    for (int i = 0; ok && i < N; i++)
      if (h[i] != half_nearest(x[i])) { ok = 0; bad = i; }
    ot_check(ok && h[0] == 0x3c01 && h[1] == 0xbc01 && h[2] == 0x0001, "Cast_f64_to_f16_single_rounding",
          "rc %d, element %d: got 0x%04x want 0x%04x", rc, bad, bad >= 0 ? h[bad] : h[0],
          bad >= 0 ? half_nearest(x[bad]) : 0x3c01);
    free(x);
    free(h);
  }
  /* integers <-> float16 */
  {
    const int64_t x[] = {0, 1, -1, 2049, 2051, 65504, 65519, 65520, 70000, -70000};
    uint16_t h[10];
    int rc = cast_run(IR_I64, IR_F16, x, 10, h, &d, 1, "Cast_i64_f16_package");
    const uint16_t want[] = {0x0000, 0x3c00, 0xbc00, 0x6800 /* 2048: tie to even */, 0x6802 /* 2052 */,
                             0x7bff, 0x7bff, 0x7c00, 0x7c00, 0xfc00};
    ot_check(rc == 0 && !memcmp(h, want, sizeof want), "Cast_i64_to_f16", "rc %d: %04x %04x %04x", rc, h[3], h[4], h[7]);
    const uint16_t hx[] = {0x5bd0 /* 250 */, 0x7c00 /* inf */, 0xfc00, 0x7e00 /* nan */, 0xc500 /* -5 */,
                           0xb800 /* -0.5 */};
    int8_t i8[6];
    uint8_t u8[6];
    rc = cast_run(IR_F16, IR_I8, hx, 6, i8, &d, 1, "Cast_f16_i8_package");
    ot_check(rc == 0 && i8[0] == 127 && i8[1] == 127 && i8[2] == -128 && i8[3] == 0 && i8[4] == -5 && i8[5] == 0,
          "Cast_f16_to_i8_saturates", "%d %d %d %d %d", i8[0], i8[1], i8[2], i8[3], i8[4]);
    rc = cast_run(IR_F16, IR_U8, hx, 6, u8, &d, 0, NULL);
    ot_check(rc == 0 && u8[0] == 250 && u8[1] == 255 && u8[2] == 0 && u8[3] == 0 && u8[4] == 0,
          "Cast_f16_to_u8_saturates", "%d %d %d %d %d", u8[0], u8[1], u8[2], u8[3], u8[4]);
    uint8_t b[6];
    rc = cast_run(IR_F16, IR_BOOL, hx, 6, b, &d, 0, NULL);
    const uint16_t z[] = {0x8000, 0x0000};
    uint8_t bz[2];
    cast_run(IR_F16, IR_BOOL, z, 2, bz, &d, 0, NULL);
    ot_check(rc == 0 && b[0] == 1 && b[3] == 1 && bz[0] == 0 && bz[1] == 0, "Cast_f16_to_bool", " ");
  }
}

static void test_cast_other(void) {
  kiln_diag d;
  /* float -> int: truncation toward zero in range, saturation outside, NaN -> 0 */
  {
    const float x[] = {1.7f, -1.7f, 2.5f, -2.5f, 1e10f, -1e10f, NAN, INFINITY, -INFINITY, 2147483520.0f,
                       -2147483648.0f, 0.99999994f};
    int32_t y[12];
    int rc = cast_run(IR_F32, IR_I32, x, 12, y, &d, 1, "Cast_f32_i32_package");
    const int32_t want[] = {1, -1, 2, -2, INT32_MAX, INT32_MIN, 0, INT32_MAX, INT32_MIN, 2147483520, INT32_MIN, 0};
    ot_check(rc == 0 && !memcmp(y, want, sizeof want), "Cast_f32_to_i32", "rc %d: %d %d %d %d %d %d", rc, y[0],
          y[1], y[4], y[5], y[6], y[9]);
    uint8_t u[12];
    rc = cast_run(IR_F32, IR_U8, x, 12, u, &d, 0, NULL);
    const uint8_t wu[] = {1, 0, 2, 0, 255, 0, 0, 255, 0, 255, 0, 0};
    ot_check(rc == 0 && !memcmp(u, wu, sizeof wu), "Cast_f32_to_u8_saturates", "%d %d %d", u[1], u[4], u[5]);
    const double dx[] = {9.3e18, -9.3e18, 9223372036854774784.0, -9223372036854775808.0, 1.8e19, -0.9, 2e19};
    int64_t l[7];
    uint64_t ul[7];
    rc = cast_run(IR_F64, IR_I64, dx, 7, l, &d, 1, "Cast_f64_i64_package");
    ot_check(rc == 0 && l[0] == INT64_MAX && l[1] == INT64_MIN && l[2] == 9223372036854774784LL && l[3] == INT64_MIN &&
          l[4] == INT64_MAX && l[5] == 0, "Cast_f64_to_i64_saturates", "%lld %lld %lld", (long long)l[0],
          (long long)l[1], (long long)l[2]);
    rc = cast_run(IR_F64, IR_U64, dx, 7, ul, &d, 0, NULL);
    ot_check(rc == 0 && ul[0] == 9300000000000000000ULL && ul[1] == 0 && ul[4] == 18000000000000000000ULL &&
          ul[5] == 0 && ul[6] == UINT64_MAX, "Cast_f64_to_u64_saturates", "%llu %llu", (unsigned long long)ul[4],
          (unsigned long long)ul[6]);
    const float fx[] = {1.8e19f, 2e19f, -5};
    rc = cast_run(IR_F32, IR_U64, fx, 3, ul, &d, 0, NULL);
    ot_check(rc == 0 && ul[0] == (uint64_t)1.8e19f && ul[1] == UINT64_MAX && ul[2] == 0, "Cast_f32_to_u64", " ");
  }
  /* integer <-> integer wraps; bool */
  {
    const int64_t x[] = {(1LL << 32) + 5, -1, 300, INT64_MIN, 0};
    int32_t y[5];
    uint8_t u[5], b[5];
    int rc = cast_run(IR_I64, IR_I32, x, 5, y, &d, 1, "Cast_i64_i32_package");
    ot_check(rc == 0 && y[0] == 5 && y[1] == -1 && y[2] == 300 && y[3] == 0 && y[4] == 0, "Cast_i64_to_i32_wraps",
          "%d %d %d", y[0], y[1], y[3]);
    rc = cast_run(IR_I64, IR_U8, x, 5, u, &d, 0, NULL);
    ot_check(rc == 0 && u[0] == 5 && u[1] == 255 && u[2] == 44 && u[3] == 0, "Cast_i64_to_u8_wraps", "%d %d %d", u[0], u[1], u[2]);
    rc = cast_run(IR_I64, IR_BOOL, x, 5, b, &d, 1, "Cast_i64_bool_package");
    ot_check(rc == 0 && b[0] == 1 && b[1] == 1 && b[3] == 1 && b[4] == 0, "Cast_i64_to_bool", " ");
    const uint8_t bb[] = {0, 1};
    float f[2];
    rc = cast_run(IR_BOOL, IR_F32, bb, 2, f, &d, 1, "Cast_bool_f32_package");
    ot_check(rc == 0 && f[0] == 0 && f[1] == 1, "Cast_bool_to_f32", " ");
    const float fz[] = {0.0f, -0.0f, NAN, 0.5f};
    rc = cast_run(IR_F32, IR_BOOL, fz, 4, b, &d, 0, NULL);
    ot_check(rc == 0 && b[0] == 0 && b[1] == 0 && b[2] == 1 && b[3] == 1, "Cast_f32_to_bool", " ");
    const int64_t big[] = {(1LL << 53) + 1, 16777217};
    float bf[2];
    rc = cast_run(IR_I64, IR_F32, big, 2, bf, &d, 1, "Cast_i64_f32_package");
    ot_check(rc == 0 && bf[0] == 9007199254740992.0f && bf[1] == 16777216.0f, "Cast_i64_to_f32_nearest", " ");
    const uint32_t u32[] = {4294967295u, 7};
    int64_t l[2];
    rc = cast_run(IR_U32, IR_I64, u32, 2, l, &d, 1, "Cast_u32_i64_package");
    ot_check(rc == 0 && l[0] == 4294967295LL && l[1] == 7, "Cast_u32_to_i64", " ");
  }
  /* same type: a copy; bfloat16 through the generic low-precision kernel */
  {
    const float x[] = {1.5f, -2, 3.14159274f};
    float y[3];
    int rc = cast_run(IR_F32, IR_F32, x, 3, y, &d, 1, "Cast_same_type_package");
    ot_check(rc == 0 && !memcmp(x, y, sizeof x), "Cast_same_type", " ");
    uint16_t bf[3];
    rc = cast_run(IR_F32, IR_BF16, x, 3, bf, &d, 1, "Cast_f32_to_bf16_package");
    ot_check(rc == 0 && bf[0] == 0x3fc0 && bf[1] == 0xc000 && bf[2] == 0x4049, "Cast_f32_to_bf16", "%04x %04x %04x",
          bf[0], bf[1], bf[2]);
    int32_t i[3];
    rc = cast_run(IR_BF16, IR_I32, bf, 3, i, &d, 1, "Cast_bf16_to_i32_package");
    ot_check(rc == 0 && i[0] == 1 && i[1] == -2 && i[2] == 3, "Cast_bf16_to_i32", " ");
  }
  /* attribute forms and errors */
  {
    ir_graph *g = ir_graph_new();
    const int64_t v[] = {1, 2};
    int x = tensor(g, "x", IR_I64, "2", v);
    int ni = node(g, "Cast", 1, 1, x);
    attr_s(g, ni, "to", "FLOAT");
    int rc = run(&op_Cast, g, ni, &d);
    ot_check(rc == 0 && out_of(g, ni)->dtype == IR_F32 && ((const float *)out_of(g, ni)->data)[1] == 2.0f,
          "Cast_opset1_string_to", "rc %d %s", rc, d.msg);
    ni = node(g, "Cast", 1, 1, x);
    attr_s(g, ni, "to", "FLOATY");
    expect_error("Cast_opset1_bad_name", run(&op_Cast, g, ni, &d), &d, "attribute 'to' = \"FLOATY\" is not a type name");
    ni = node(g, "Cast", 19, 1, x);
    attr_i(g, ni, "to", 17);
    attr_i(g, ni, "saturate", 1);
    rc = run(&op_Cast, g, ni, &d);
    /* 1.0 and 2.0 in float8e4m3fn (bias 7): 0x38, 0x40 */
    ot_check(rc == 0 && out_of(g, ni)->dtype == IR_F8E4M3FN && ((const uint8_t *)out_of(g, ni)->data)[0] == 0x38 &&
             ((const uint8_t *)out_of(g, ni)->data)[1] == 0x40, "Cast_int64_to_float8_saturate", "rc %d %s", rc, d.msg);
    ni = node(g, "Cast", 19, 1, x);
    attr_i(g, ni, "to", IR_F32);
    attr_i(g, ni, "saturate", 0);
    ot_check(run(&op_Cast, g, ni, &d) == 0, "Cast_saturate_ignored_for_float32", "%s", d.msg);
    ni = node(g, "Cast", 13, 1, x);
    attr_i(g, ni, "to", IR_F32);
    attr_i(g, ni, "saturate", 0);
    expect_error("Cast_saturate_before_19", run(&op_Cast, g, ni, &d), &d, "attribute 'saturate' exists only from opset 19");
    ni = node(g, "Cast", 13, 1, x);
    attr_i(g, ni, "to", 8);
    expect_error("Cast_to_string", run(&op_Cast, g, ni, &d), &d, "cast to string (to=8) is not supported (supported: float16");
    ni = node(g, "Cast", 13, 1, x);
    attr_i(g, ni, "to", 99);
    expect_error("Cast_to_unknown", run(&op_Cast, g, ni, &d), &d, "cast to unknown (to=99) is not supported");
    ni = node(g, "Cast", 13, 1, x);
    expect_error("Cast_missing_to", run(&op_Cast, g, ni, &d), &d, "attribute 'to' is required");
    ni = node(g, "Cast", 13, 1, tensor(g, "s", IR_STRING, "2", NULL));
    attr_i(g, ni, "to", IR_F32);
    expect_error("Cast_from_string", run(&op_Cast, g, ni, &d), &d, "input 0 's' has dtype string; Cast supports:");
    ni = node(g, "Cast", 13, 0);
    attr_i(g, ni, "to", IR_F32);
    expect_error("Cast_no_input", run(&op_Cast, g, ni, &d), &d, "expected 1 input, got 0");
    ir_graph_free(g);
  }
}

/* ---- every dtype pair through eval == every kernel run once ------------------ */

static void test_cast_all_pairs(void) {
  static const ir_dtype dts[] = {IR_F16, IR_F32, IR_F64, IR_I8, IR_I16, IR_I32, IR_I64, IR_U8,
                                 IR_U16, IR_U32, IR_U64, IR_BOOL};
  const double vals[] = {0, 1, -1, 2.75, -2.75, 100, 127, -128, 255, 1000.5};
  int bad = 0;
  char first[200] = "";
  for (size_t a = 0; a < 12; a++)
    for (size_t b = 0; b < 12; b++) {
      unsigned char in[80], out[80];
      kiln_diag d;
      double src[10];
      int64_t srci[10];
      for (int i = 0; i < 10; i++) {
        ir_put_f64(in, dts[a], i, vals[i]);
        src[i] = ir_get_f64(&(ir_tensor){.dtype = dts[a], .data = in}, i); /* value as stored */
        srci[i] = ir_get_i64(&(ir_tensor){.dtype = dts[a], .data = in}, i);
      }
      if (cast_run(dts[a], dts[b], in, 10, out, &d, 0, NULL)) { bad++; continue; }
      for (int i = 0; i < 10; i++) {
        double v = src[i], w;
        if (dts[b] == IR_BOOL) w = v != 0;
        else if (dts[b] == IR_F16) w = half_value(half_nearest(v));
        else if (dts[b] == IR_F32) w = (float)v;
        else if (ir_dtype_is_float(dts[b])) w = v;
        else if (ir_dtype_is_float(dts[a])) { /* truncate, saturate */
          double t = trunc(v), lo = 0, hi = 0;
          switch (dts[b]) {
          case IR_I8: lo = -128; hi = 127; break;
          case IR_I16: lo = -32768; hi = 32767; break;
          case IR_I32: lo = -2147483648.0; hi = 2147483647.0; break;
          case IR_I64: lo = -9.3e18; hi = 9.3e18; break;
          case IR_U8: hi = 255; break;
          case IR_U16: hi = 65535; break;
          case IR_U32: hi = 4294967295.0; break;
          default: hi = 1.9e19; break;
          }
          w = t < lo ? lo : t > hi ? hi : t;
        } else { /* int -> int: modulo 2^bits, then as signed or unsigned */
          int bits = (int)ir_dtype_size(dts[b]) * 8;
          int64_t iv = srci[i];
          uint64_t m = bits == 64 ? (uint64_t)iv : (uint64_t)iv & ((1ULL << bits) - 1);
          int sgn = dts[b] == IR_I8 || dts[b] == IR_I16 || dts[b] == IR_I32 || dts[b] == IR_I64;
          if (sgn && bits < 64 && (m >> (bits - 1))) w = (double)(int64_t)(m | ~((1ULL << bits) - 1));
          else if (sgn) w = (double)(int64_t)m;
          else w = (double)m;
        }
        double got = ir_get_f64(&(ir_tensor){.dtype = dts[b], .data = out}, i);
        if (got != w) {
          if (!bad++)
            snprintf(first, sizeof first, "%s -> %s: %g gave %g, want %g", ir_dtype_name(dts[a]),
                     ir_dtype_name(dts[b]), v, got, w);
          break;
        }
      }
    }
  ot_check(bad == 0, "Cast_all_144_pairs", "%d pairs wrong; first: %s", bad, first);
}

/* ---- kernel library checks (package mode) ------------------------------------- */

static void test_kernel_files(void) {
  if (!use_cc()) return;
  static const char *const files[] = {"unary.c", "binary.c", "where.c", "cast.c", "math2.c"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char cmd[1400], name[64];
    snprintf(cmd, sizeof cmd, "cd %s && cc -std=c99 -Wall -Wextra -Werror -pedantic -Iruntime -Isrc/kernels "
             "-c src/kernels/%s -o %s/kfile.o > %s/kfile.txt 2>&1", ot_root(), files[i], tmpdir, tmpdir);
    snprintf(name, sizeof name, "kernel_file_%s_package_mode", files[i]);
    ot_check(system(cmd) == 0, name, "see %s/kfile.txt", tmpdir);
  }
  ot_check_library();
}

/* ---- math2 kernels and the added dtypes, run as package code ---------------- */

/* Each node is folded by eval (host kernels) and emitted into the package
 * program, whose output must match byte for byte: the same kernel text
 * compiled both ways. Values are checked against hand-computed results in
 * tests/unit/test_ops_math2.c. */
static void test_math2_package(void) {
  kiln_diag d;
  ir_graph *g = ir_graph_new();
  const int8_t i8a[] = {-128, -7, 7, 100, -8, 4, -1, 64};
  const int8_t i8b[] = {-1, 0, -3, 7, 8, -1, 127, 1};
  int a = tensor(g, "a", IR_I8, "2x4", i8a), b = tensor(g, "b", IR_I8, "2x4", i8b);
  int ni = node(g, "Mod", 13, 2, a, b);
  if (run(&op_Mod, g, ni, &d)) ot_check(0, "pkg_Mod_i8", "%s", d.msg);
  else emit_check("pkg_Mod_i8", &op_Mod, g, ni, -1, "kiln_i8_mod__c(&");
  ni = node(g, "BitShift", 28, 2, a, b);
  attr_s(g, ni, "direction", "RIGHT");
  if (run(&op_BitShift, g, ni, &d)) ot_check(0, "pkg_BitShift_i8", "%s", d.msg);
  else emit_check("pkg_BitShift_i8", &op_BitShift, g, ni, -1, "kiln_i8_shr__c(&");
  ni = node(g, "BitShift", 28, 2, a, b);
  attr_s(g, ni, "direction", "LEFT");
  if (run(&op_BitShift, g, ni, &d)) ot_check(0, "pkg_BitShift_i8_left", "%s", d.msg);
  else emit_check("pkg_BitShift_i8_left", &op_BitShift, g, ni, -1, "kiln_i8_shl__c(&");
  const uint64_t u64[] = {UINT64_MAX, 12345, 0, 1ull << 63};
  const uint64_t u64s[] = {3};
  int u = tensor(g, "u", IR_U64, "4", u64), us = tensor(g, "us", IR_U64, "1", u64s);
  ni = node(g, "BitwiseAnd", 18, 2, u, us);
  if (run(&op_BitwiseAnd, g, ni, &d)) ot_check(0, "pkg_BitwiseAnd_u64", "%s", d.msg);
  else emit_check("pkg_BitwiseAnd_u64", &op_BitwiseAnd, g, ni, -1, "kiln_u64_bitand__c(&");
  ni = node(g, "BitwiseNot", 18, 1, u);
  if (run(&op_BitwiseNot, g, ni, &d)) ot_check(0, "pkg_BitwiseNot_u64", "%s", d.msg);
  else emit_check("pkg_BitwiseNot_u64", &op_BitwiseNot, g, ni, 0, "kiln_u64_bitwise_not__c(4, ");
  ni = node(g, "Div", 14, 2, u, us);
  if (run(&op_Div, g, ni, &d)) ot_check(0, "pkg_Div_u64", "%s", d.msg);
  else emit_check("pkg_Div_u64", &op_Div, g, ni, -1, "kiln_u64_div__c(&");

  const float f[] = {-4.3f, 7.2f, 0.0f, -0.0f, -3.0f, 1.0f, INFINITY, NAN};
  const float fb[] = {2.1f, -3.4f, -2.0f, 2.0f, INFINITY, -INFINITY, 2.0f, 1.0f};
  int x = tensor(g, "x", IR_F32, "8", f), y = tensor(g, "y", IR_F32, "8", fb);
  ni = node(g, "Mod", 13, 2, x, y);
  if (run(&op_Mod, g, ni, &d)) ot_check(0, "pkg_Mod_f32", "%s", d.msg);
  else emit_check("pkg_Mod_f32", &op_Mod, g, ni, -1, "kiln_f32_mod__c(&");
  ni = node(g, "IsInf", 20, 1, x);
  attr_i(g, ni, "detect_positive", 0);
  if (run(&op_IsInf, g, ni, &d)) ot_check(0, "pkg_IsInf_f32", "%s", d.msg);
  else emit_check("pkg_IsInf_f32", &op_IsInf, g, ni, -1, "kiln_f32_isinf__c(8, ");
  ni = node(g, "IsNaN", 13, 1, x);
  if (run(&op_IsNaN, g, ni, &d)) ot_check(0, "pkg_IsNaN_f32", "%s", d.msg);
  else emit_check("pkg_IsNaN_f32", &op_IsNaN, g, ni, -1, "kiln_f32_isnan__c(8, ");
  const float v[] = {-3.0f, -1.0f, -0.25f, 0.0f, 0.5f, 1.0f, 2.5f, 6.0f};
  int xv = tensor(g, "v", IR_F32, "8", v);
  ni = node(g, "Gelu", 20, 1, xv);
  attr_s(g, ni, "approximate", "tanh");
  if (run(&op_Gelu, g, ni, &d)) ot_check(0, "pkg_Gelu_tanh_f32", "%s", d.msg);
  else emit_check("pkg_Gelu_tanh_f32", &op_Gelu, g, ni, 0, "kiln_f32_gelu_tanh__c(8, ");
  ni = node(g, "Mish", 18, 1, xv);
  if (run(&op_Mish, g, ni, &d)) ot_check(0, "pkg_Mish_f32", "%s", d.msg);
  else emit_check("pkg_Mish_f32", &op_Mish, g, ni, 0, "kiln_f32_mish__c(8, ");
  ni = node(g, "Shrink", 9, 1, xv);
  attr_f(g, ni, "lambd", 0.75f);
  attr_f(g, ni, "bias", 0.5f);
  if (run(&op_Shrink, g, ni, &d)) ot_check(0, "pkg_Shrink_f32", "%s", d.msg);
  else emit_check("pkg_Shrink_f32", &op_Shrink, g, ni, 0, "kiln_f32_shrink__c(8, ");
  const float sl[] = {0.25f, 2.0f};
  int xs = tensor(g, "xs", IR_F32, "4x2", v), s2 = tensor(g, "sl", IR_F32, "2", sl);
  ni = node(g, "PRelu", 16, 2, xs, s2);
  if (run(&op_PRelu, g, ni, &d)) ot_check(0, "pkg_PRelu_f32", "%s", d.msg);
  else emit_check("pkg_PRelu_f32", &op_PRelu, g, ni, 0, "kiln_f32_prelu__c(&");
  ni = node(g, "Mean", 13, 3, xs, s2, xs);
  if (run(&op_Mean, g, ni, &d)) ot_check(0, "pkg_Mean_f32", "%s", d.msg);
  else emit_check("pkg_Mean_f32", &op_Mean, g, ni, -1, "kiln_f32_div_scalar__c(8, ");

  /* float16: 1, NaN, 2^-24, 65504, -1, 0.1, -0, 3 */
  const uint16_t h[] = {0x3c00, 0x7e00, 0x0001, 0x7bff, 0xbc00, 0x2e66, 0x8000, 0x4200};
  const uint16_t h2[] = {0x4000, 0x3c00, 0x0001, 0x3c00, 0x3c00, 0x4200, 0x3c00, 0xbc00};
  int xh = tensor(g, "h", IR_F16, "8", h), yh = tensor(g, "h2", IR_F16, "8", h2);
  static const struct { const char *op; const op_def *def; const char *sym; } f16ops[] = {
    {"Add", &op_Add, "kiln_f16_add__c(&"}, {"Mul", &op_Mul, "kiln_f16_mul__c(&"},
    {"Div", &op_Div, "kiln_f16_div__c(&"}, {"Max", &op_Max, "kiln_f16_max__c(&"},
    {"Mod", &op_Mod, "kiln_f16_mod__c(&"}, {"Less", &op_Less, "kiln_f16_less__c(&"}};
  for (size_t k = 0; k < sizeof f16ops / sizeof f16ops[0]; k++) {
    char nm[64];
    snprintf(nm, sizeof nm, "pkg_%s_f16", f16ops[k].op);
    ni = node(g, f16ops[k].op, 14, 2, xh, yh);
    if (run(f16ops[k].def, g, ni, &d)) ot_check(0, nm, "%s", d.msg);
    else emit_check(nm, f16ops[k].def, g, ni, -1, f16ops[k].sym);
  }
  ni = node(g, "Celu", 12, 1, xh);
  if (run(&op_Celu, g, ni, &d)) ot_check(0, "pkg_Celu_f16", "%s", d.msg);
  else emit_check("pkg_Celu_f16", &op_Celu, g, ni, 0, "kiln_f16_celu__c(8, ");
  ni = node(g, "IsNaN", 13, 1, xh);
  if (run(&op_IsNaN, g, ni, &d)) ot_check(0, "pkg_IsNaN_f16", "%s", d.msg);
  else emit_check("pkg_IsNaN_f16", &op_IsNaN, g, ni, -1, "kiln_f16_isnan__c(8, ");
  ir_graph_free(g);
}

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/kiln_ew_XXXXXX");
  if (!mkdtemp(tmpdir)) { perror("mkdtemp"); return 1; }
  /* headers first: their sections (macros, helpers) are needed by the .c files' */
  static const char *const kernels[] = {
      "src/kernels/binary.h", "src/kernels/unary.h", "src/kernels/cast.h",  "src/kernels/where.h",
      "src/kernels/math2.h",  "src/kernels/lowp.h", "src/kernels/binary.c", "src/kernels/cast.c",
      "src/kernels/lowp.c", "src/kernels/unary.c",
      "src/kernels/where.c",  "src/kernels/math2.c"};
  int n_lib = ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  ot_check(n_lib > 250, "kernel_library_loaded", "%d sections", n_lib);

  test_unary_float();
  test_unary_exact();
  test_unary_int_bool();
  test_unary_errors();
  test_unary_as_act();
  test_clip();
  test_binary_broadcast();
  test_binary_exact();
  test_binary_errors();
  test_where();
  test_cast_f16();
  test_cast_other();
  test_cast_all_pairs();
  test_math2_package();
  package_run_all();
  test_kernel_files();

  const char *keep = getenv("KILN_TEST_KEEP");
  if (ot_failures() == 0 && !(keep && *keep && strcmp(keep, "0"))) { /* kept on failure, for inspection */
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
  }
  return ot_report();
}
