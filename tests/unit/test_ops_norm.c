/* test_ops_norm.c - unit tests for the normalisation ops (norm.c) and the
 * second reduction family (reduce2.c): LayerNormalization,
 * RMSNormalization, GroupNormalization (18 and 21), InstanceNormalization,
 * LRN, LpNormalization, MeanVarianceNormalization, ReduceL1/L2/LogSum/
 * LogSumExp/SumSquare, ArgMax/ArgMin, CumSum/CumProd, Hardmax, TopK, LpPool.
 *
 * Every case builds a one-node graph by hand, runs infer + eval and compares
 * with a naive reference written here in double (or hand-written numbers).
 * Error cases check the message text. The shared stand-in emitter
 * (tests/unit/harness/op_test.c, standing in for src/emit/emit.c) records
 * what emit writes: the test checks that the
 * kernel sections it pulls exist in the kernel files and that the call
 * names the expected kernel.
 *
 * Prints `PASS name` / `FAIL name: why`, then `N passed, N failed`.
 *
 * Build (from the repo root; see tests/unit/harness/op_test.h):
 *   cc -std=c11 -Wall -Wextra -g -DKILN_HOST -Isrc -Iruntime -Isrc/kernels -Itests/unit \
 *      -o /tmp/t tests/unit/test_ops_norm.c tests/unit/harness/op_test.c \
 *      <every compiler object except those of src/emit and cli/main> -lm
 */
#include "ops/op.h"
#include "emit/emit.h"
#include "harness/op_test_case.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const op_def op_LayerNormalization, op_RMSNormalization, op_GroupNormalization,
    op_InstanceNormalization, op_LRN, op_LpNormalization, op_MeanVarianceNormalization,
    op_ReduceL1, op_ReduceL2, op_ReduceLogSum, op_ReduceLogSumExp, op_ReduceSumSquare, op_ArgMax,
    op_ArgMin, op_CumSum, op_CumProd, op_Hardmax, op_TopK, op_LpPool;

/* ------------------------------------------------------------------ */
/* data                                                                */

static uint32_t rng = 4242;
/* uniform in [-2, 2) */
static float *rand_buf(int64_t n) { return ot_rand_buf(&rng, n, 2.0f); }

/* ------------------------------------------------------------------ */
/* graph building (tests/unit/harness/op_test_case.h)                  */

static int ft(tcase *t, const char *name, int rank, const int64_t *dims, const float *data) {
  return tensor(t, name, IR_F32, rank, dims, data);
}
#define out(t, name) output(t, name)

/* The node of t's op. */
static ir_node *node(tcase *t, int opset, int nin, const int *ins, int nout, const int *outs) {
  return ot_case_node(t, t->op->name, opset, nin, ins, nout, outs);
}

/* ------------------------------------------------------------------ */
/* emit (the stand-in emitter of tests/unit/harness)                   */

/* Emits the node and checks the call names `sym` and its sections exist
 * (emit_use fails on a section the kernel files lack). */
static int check_emit(tcase *t, const char *sym) {
  emit_ctx e;
  ot_emit_begin(&e, t->g);
  int ok = t->op->emit(&e, t->g, N(t)) == 0 && strstr(ot_str(&e.code), sym) != NULL;
  if (e.d.failed) t->d = e.d;
  ot_emit_end(&e);
  return ok;
}


/* ------------------------------------------------------------------ */
/* running                                                             */

/* infer + eval; 0 on success. */
static int run(tcase *t) {
  if (t->op->infer(&t->d, t->g, N(t))) return -1;
  /* eval reads constant inputs: all inputs in these tests are constant */
  if (t->op->eval(&t->d, t->g, N(t))) return -1;
  return 0;
}

static ir_tensor *T(tcase *t, int i) { return &t->g->tensors[i]; }

static int close_f(const char *name, const float *got, const double *want, int64_t n, double tol) {
  for (int64_t i = 0; i < n; i++) {
    double err = fabs((double)got[i] - want[i]);
    if (!(err <= tol * (1.0 + fabs(want[i]))) && !(isinf(want[i]) && got[i] == want[i])) {
      fail(name, "index %lld: got %.7g, want %.7g", (long long)i, (double)got[i], want[i]);
      return 0;
    }
  }
  return 1;
}

static int shape_is(const ir_tensor *x, int rank, const int64_t *dims) {
  if (x->rank != rank) return 0;
  for (int i = 0; i < rank; i++)
    if (x->dims[i] != dims[i]) return 0;
  return 1;
}

/* expects infer to fail with msg containing `text` */
static void expect_error(tcase *t, const char *name, const char *text) {
  int rc = t->op->infer(&t->d, t->g, N(t));
  if (rc == 0) fail(name, "infer succeeded, expected an error containing '%s'", text);
  else if (!strstr(t->d.msg, text)) fail(name, "message '%s' lacks '%s'", t->d.msg, text);
  else pass(name);
}

/* ------------------------------------------------------------------ */
/* normalisation                                                       */

static void test_layernorm(int rms, int with_bias_stats) {
  const char *name = rms ? "RMSNormalization axis=1 rank 3" : "LayerNormalization axis=1 rank 3";
  tcase t = ot_case_new(rms ? &op_RMSNormalization : &op_LayerNormalization);
  const int64_t xd[] = {2, 3, 4}, sd[] = {3, 4};
  float *x = rand_buf(24), *s = rand_buf(12), *b = rand_buf(12);
  int xi = ft(&t, "X", 3, xd, x), si = ft(&t, "S", 2, sd, s), bi = ft(&t, "B", 2, sd, b);
  int y = out(&t, "Y"), m = out(&t, "M"), is = out(&t, "I");
  if (rms) node(&t, 23, NIDS(xi, si), NIDS(y));
  else if (with_bias_stats) node(&t, 17, NIDS(xi, si, bi), NIDS(y, m, is));
  else node(&t, 17, NIDS(xi, si), NIDS(y));
  attr_i(&t, "axis", 1);
  attr_f(&t, "epsilon", 1e-3f);
  double want[24], wm[2], wi[2];
  for (int r = 0; r < 2; r++) {
    double mean = 0, var = 0;
    if (!rms) {
      for (int i = 0; i < 12; i++) mean += x[r * 12 + i];
      mean /= 12;
    }
    for (int i = 0; i < 12; i++) var += (x[r * 12 + i] - mean) * (x[r * 12 + i] - mean);
    var /= 12;
    wm[r] = mean;
    wi[r] = 1.0 / sqrt(var + 1e-3);
    for (int i = 0; i < 12; i++)
      want[r * 12 + i] = (x[r * 12 + i] - mean) * wi[r] * s[i] + (!rms && with_bias_stats ? b[i] : 0);
  }
  if (run(&t)) fail(name, "%s", t.d.msg);
  else if (!shape_is(T(&t, y), 3, xd)) fail(name, "bad output shape");
  else if (close_f(name, T(&t, y)->data, want, 24, 1e-5) &&
           (rms || !with_bias_stats ||
            (shape_is(T(&t, m), 3, INTS(2, 1, 1)) && close_f(name, T(&t, m)->data, wm, 2, 1e-5) &&
             close_f(name, T(&t, is)->data, wi, 2, 1e-5))))
    pass(name);
  if (check_emit(&t, "kiln_f32_layernorm__c(")) pass("LayerNorm/RMSNorm emit");
  else fail("LayerNorm/RMSNorm emit", "bad emitted code: %s", t.d.msg);
  tc_free(&t);
  free(x);
  free(s);
  free(b);
}

static void test_layernorm_bcast(void) {
  const char *name = "LayerNormalization scale [1,4] broadcast over X[1:] = [3,4]";
  tcase t = ot_case_new(&op_LayerNormalization);
  const int64_t xd[] = {2, 3, 4};
  float *x = rand_buf(24), s[4] = {1, 2, 3, 4};
  int xi = ft(&t, "X", 3, xd, x), si = ft(&t, "S", 2, INTS(1, 4), s), y = out(&t, "Y");
  node(&t, 17, NIDS(xi, si), NIDS(y));
  attr_i(&t, "axis", 1);
  double want[24];
  for (int r = 0; r < 2; r++) {
    double mean = 0, var = 0;
    for (int i = 0; i < 12; i++) mean += x[r * 12 + i];
    mean /= 12;
    for (int i = 0; i < 12; i++) var += (x[r * 12 + i] - mean) * (x[r * 12 + i] - mean);
    var /= 12;
    for (int i = 0; i < 12; i++) want[r * 12 + i] = (x[r * 12 + i] - mean) / sqrt(var + 1e-5) * s[i % 4];
  }
  if (run(&t)) fail(name, "%s", t.d.msg);
  else if (close_f(name, T(&t, y)->data, want, 24, 1e-5)) pass(name);
  tc_free(&t);
  free(x);
}

static void test_layernorm_errors(void) {
  {
    tcase t = ot_case_new(&op_LayerNormalization);
    int xi = ft(&t, "X", 3, INTS(2, 3, 4), NULL), si = ft(&t, "S", 2, INTS(3, 1), NULL);
    node(&t, 17, NIDS(xi, si), NIDS(out(&t, "Y")));
    attr_i(&t, "axis", 1);
    expect_error(&t, "LayerNormalization scale [3,1] rejected", "does not broadcast");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_LayerNormalization);
    int xi = ft(&t, "X", 2, INTS(2, 4), NULL), si = ft(&t, "S", 1, INTS(4), NULL);
    node(&t, 17, NIDS(xi, si), NIDS(out(&t, "Y")));
    attr_i(&t, "stash_type", 11);
    expect_error(&t, "LayerNormalization stash_type=11 rejected", "stash_type 11 is not supported");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_LayerNormalization);
    int xi = ft(&t, "X", 2, INTS(2, 4), NULL), si = ft(&t, "S", 1, INTS(4), NULL);
    node(&t, 17, NIDS(xi, si), NIDS(out(&t, "Y")));
    attr_i(&t, "axis", 2);
    expect_error(&t, "LayerNormalization axis out of range", "axis");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_LayerNormalization);
    int xi = tensor(&t, "X", IR_I32, 2, INTS(2, 4), NULL), si = ft(&t, "S", 1, INTS(4), NULL);
    node(&t, 17, NIDS(xi, si), NIDS(out(&t, "Y")));
    expect_error(&t, "LayerNormalization int32 input rejected", "dtype int32");
    tc_free(&t);
  }
}

/* GroupNorm (inst = 0) or InstanceNorm (inst = 1). */
static void test_groupnorm(int inst, int opset) {
  char name[96];
  snprintf(name, sizeof name, "%s opset %d", inst ? "InstanceNormalization" : "GroupNormalization",
           opset);
  tcase t = ot_case_new(inst ? &op_InstanceNormalization : &op_GroupNormalization);
  const int64_t B = 2, C = 4, S = 3, G = inst ? 4 : 2, cg = C / G;
  const int per_group = !inst && opset < 21;
  const int64_t ns = per_group ? G : C;
  float *x = rand_buf(B * C * S), *s = rand_buf(ns), *b = rand_buf(ns);
  int xi = ft(&t, "X", 3, INTS(B, C, S), x), si = ft(&t, "S", 1, INTS(ns), s),
      bi = ft(&t, "B", 1, INTS(ns), b), y = out(&t, "Y");
  node(&t, opset, NIDS(xi, si, bi), NIDS(y));
  if (!inst) attr_i(&t, "num_groups", G);
  attr_f(&t, "epsilon", 1e-2f);
  double want[24];
  for (int64_t n = 0; n < B; n++)
    for (int64_t g = 0; g < G; g++) {
      double mean = 0, var = 0;
      const float *xg = x + (n * C + g * cg) * S;
      for (int64_t i = 0; i < cg * S; i++) mean += xg[i];
      mean /= (double)(cg * S);
      for (int64_t i = 0; i < cg * S; i++) var += (xg[i] - mean) * (xg[i] - mean);
      var /= (double)(cg * S);
      for (int64_t c = 0; c < cg; c++)
        for (int64_t i = 0; i < S; i++) {
          const int64_t ch = g * cg + c, k = per_group ? g : ch;
          want[(n * C + ch) * S + i] = (xg[c * S + i] - mean) / sqrt(var + 1e-2) * s[k] + b[k];
        }
    }
  if (run(&t)) fail(name, "%s", t.d.msg);
  else if (close_f(name, T(&t, y)->data, want, B * C * S, 1e-5)) pass(name);
  if (check_emit(&t, "kiln_f32_groupnorm__c(")) pass("GroupNorm/InstanceNorm emit");
  else fail("GroupNorm/InstanceNorm emit", "bad emitted code: %s", t.d.msg);
  tc_free(&t);
  free(x);
  free(s);
  free(b);
}

static void test_groupnorm_errors(void) {
  {
    tcase t = ot_case_new(&op_GroupNormalization);
    int xi = ft(&t, "X", 3, INTS(1, 4, 2), NULL), si = ft(&t, "S", 1, INTS(4), NULL),
        bi = ft(&t, "B", 1, INTS(4), NULL);
    node(&t, 21, NIDS(xi, si, bi), NIDS(out(&t, "Y")));
    attr_i(&t, "num_groups", 3);
    expect_error(&t, "GroupNormalization num_groups not dividing C", "divide the 4 channels");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_GroupNormalization);
    int xi = ft(&t, "X", 3, INTS(1, 4, 2), NULL), si = ft(&t, "S", 1, INTS(4), NULL),
        bi = ft(&t, "B", 1, INTS(4), NULL);
    node(&t, 18, NIDS(xi, si, bi), NIDS(out(&t, "Y")));
    attr_i(&t, "num_groups", 2);
    expect_error(&t, "GroupNormalization-18 wants num_groups scale values", "num_groups, opset 18");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_GroupNormalization);
    int xi = ft(&t, "X", 3, INTS(1, 4, 2), NULL), si = ft(&t, "S", 1, INTS(4), NULL),
        bi = ft(&t, "B", 1, INTS(4), NULL);
    node(&t, 21, NIDS(xi, si, bi), NIDS(out(&t, "Y")));
    expect_error(&t, "GroupNormalization num_groups required", "'num_groups' is required");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_InstanceNormalization);
    int xi = ft(&t, "X", 2, INTS(1, 4), NULL), si = ft(&t, "S", 1, INTS(4), NULL),
        bi = ft(&t, "B", 1, INTS(4), NULL);
    node(&t, 6, NIDS(xi, si, bi), NIDS(out(&t, "Y")));
    expect_error(&t, "InstanceNormalization rank 2 rejected", "expected at least 3");
    tc_free(&t);
  }
}

static void test_lrn(void) {
  const char *name = "LRN size 3";
  tcase t = ot_case_new(&op_LRN);
  const int64_t B = 2, C = 5, S = 3;
  float *x = rand_buf(B * C * S);
  int xi = ft(&t, "X", 4, INTS(B, C, S, 1), x), y = out(&t, "Y");
  node(&t, 13, NIDS(xi), NIDS(y));
  attr_i(&t, "size", 3);
  attr_f(&t, "alpha", 0.5f);
  attr_f(&t, "beta", 0.6f);
  attr_f(&t, "bias", 2.0f);
  double want[30];
  for (int64_t n = 0; n < B; n++)
    for (int64_t c = 0; c < C; c++)
      for (int64_t i = 0; i < S; i++) {
        double sq = 0;
        for (int64_t k = c - 1; k <= c + 1; k++)
          if (k >= 0 && k < C) sq += (double)x[(n * C + k) * S + i] * x[(n * C + k) * S + i];
        want[(n * C + c) * S + i] = x[(n * C + c) * S + i] / pow(2.0 + 0.5 / 3 * sq, 0.6);
      }
  if (run(&t)) fail(name, "%s", t.d.msg);
  else if (close_f(name, T(&t, y)->data, want, 30, 1e-5)) pass(name);
  if (check_emit(&t, "kiln_f32_lrn__c(")) pass("LRN emit");
  else fail("LRN emit", "bad emitted code: %s", t.d.msg);
  tc_free(&t);
  free(x);
  tcase e = ot_case_new(&op_LRN);
  node(&e, 13, NIDS(ft(&e, "X", 4, INTS(1, 2, 2, 2), NULL)), NIDS(out(&e, "Y")));
  expect_error(&e, "LRN size required", "'size' is required");
  tc_free(&e);
}

static void test_lpnorm(void) {
  for (int pn = 1; pn <= 2; pn++) {
    char name[64];
    snprintf(name, sizeof name, "LpNormalization p=%d axis=0 with a zero column", pn);
    tcase t = ot_case_new(&op_LpNormalization);
    float x[6] = {3, 0, 1, -4, 0, 2}; /* [2,3]; column 1 is all zero */
    int xi = ft(&t, "X", 2, INTS(2, 3), x), y = out(&t, "Y");
    node(&t, 22, NIDS(xi), NIDS(y));
    attr_i(&t, "axis", 0);
    attr_i(&t, "p", pn);
    double want[6];
    for (int c = 0; c < 3; c++) {
      double s = pn == 1 ? fabs(x[c]) + fabs(x[3 + c]) : sqrt(x[c] * x[c] + x[3 + c] * x[3 + c]);
      want[c] = s == 0 ? 0 : x[c] / s;
      want[3 + c] = s == 0 ? 0 : x[3 + c] / s;
    }
    if (run(&t)) fail(name, "%s", t.d.msg);
    else if (close_f(name, T(&t, y)->data, want, 6, 1e-6)) pass(name);
    tc_free(&t);
  }
  tcase e = ot_case_new(&op_LpNormalization);
  node(&e, 22, NIDS(ft(&e, "X", 2, INTS(2, 2), NULL)), NIDS(out(&e, "Y")));
  attr_i(&e, "p", 3);
  expect_error(&e, "LpNormalization p=3 rejected", "must be 1 or 2");
  tc_free(&e);
}

static void test_mvn(const int64_t *axes, int n_axes) {
  char name[96];
  snprintf(name, sizeof name, "MeanVarianceNormalization %d axes", n_axes);
  tcase t = ot_case_new(&op_MeanVarianceNormalization);
  const int64_t d[] = {2, 3, 2, 2};
  float *x = rand_buf(24);
  int xi = ft(&t, "X", 4, d, x), y = out(&t, "Y");
  node(&t, 13, NIDS(xi), NIDS(y));
  int red[4] = {1, 0, 1, 1};
  if (axes) {
    attr_ints(&t, "axes", n_axes, axes);
    memset(red, 0, sizeof red);
    for (int i = 0; i < n_axes; i++) red[axes[i] < 0 ? axes[i] + 4 : axes[i]] = 1;
  }
  double want[24];
  /* naive: for every element, mean/var over elements sharing its kept coords */
  for (int i = 0; i < 24; i++) {
    int ci[4] = {i / 12, i / 4 % 3, i / 2 % 2, i % 2};
    double m = 0, v = 0;
    int cnt = 0;
    for (int j = 0; j < 24; j++) {
      int cj[4] = {j / 12, j / 4 % 3, j / 2 % 2, j % 2}, same = 1;
      for (int k = 0; k < 4; k++)
        if (!red[k] && ci[k] != cj[k]) same = 0;
      if (same) {
        m += x[j];
        cnt++;
      }
    }
    m /= cnt;
    for (int j = 0; j < 24; j++) {
      int cj[4] = {j / 12, j / 4 % 3, j / 2 % 2, j % 2}, same = 1;
      for (int k = 0; k < 4; k++)
        if (!red[k] && ci[k] != cj[k]) same = 0;
      if (same) v += (x[j] - m) * (x[j] - m);
    }
    v /= cnt;
    want[i] = (x[i] - m) / (sqrt(v) + 1e-9);
  }
  if (run(&t)) fail(name, "%s", t.d.msg);
  else if (close_f(name, T(&t, y)->data, want, 24, 1e-5)) pass(name);
  if (check_emit(&t, "kiln_f32_mvn__c(")) pass("MVN emit");
  else fail("MVN emit", "bad emitted code: %s", t.d.msg);
  tc_free(&t);
  free(x);
}

/* ------------------------------------------------------------------ */
/* reductions                                                          */

/* op: 0 L1, 1 L2, 2 LogSum, 3 LogSumExp, 4 SumSquare over axes of [2,3,4]. */
static void test_reduce2(int op, int opset, const int64_t *axes, int n_axes, int keepdims) {
  static const op_def *ops[] = {&op_ReduceL1, &op_ReduceL2, &op_ReduceLogSum, &op_ReduceLogSumExp,
                                &op_ReduceSumSquare};
  char name[128];
  snprintf(name, sizeof name, "%s opset %d, %d axes, keepdims %d", ops[op]->name, opset, n_axes,
           keepdims);
  tcase t = ot_case_new(ops[op]);
  const int64_t d[] = {2, 3, 4};
  float *x = rand_buf(24);
  if (op == 2)
    for (int i = 0; i < 24; i++) x[i] = fabsf(x[i]) + 0.1f;
  int xi = ft(&t, "X", 3, d, x), y = out(&t, "Y");
  if (opset >= 18) {
    int ai = tensor(&t, "axes", IR_I64, 1, INTS(n_axes), axes);
    node(&t, opset, NIDS(xi, ai), NIDS(y));
  } else {
    node(&t, opset, NIDS(xi), NIDS(y));
    attr_ints(&t, "axes", n_axes, axes);
  }
  attr_i(&t, "keepdims", keepdims);
  int red[3] = {0};
  for (int i = 0; i < n_axes; i++) red[axes[i] < 0 ? axes[i] + 3 : axes[i]] = 1;
  int64_t od[3], orank = 0, ostr[3], s = 1;
  for (int i = 0; i < 3; i++)
    if (!red[i]) od[orank++] = d[i];
    else if (keepdims) od[orank++] = 1;
  /* output strides over the kept dims */
  int64_t kstr[3] = {0, 0, 0};
  for (int i = 2; i >= 0; i--)
    if (!red[i]) {
      kstr[i] = s;
      s *= d[i];
    }
  (void)ostr;
  double acc[24], mx[24];
  for (int i = 0; i < 24; i++) {
    acc[i] = 0;
    mx[i] = -INFINITY;
  }
  for (int i = 0; i < 24; i++) {
    int c[3] = {i / 12, i / 4 % 3, i % 4};
    int64_t o = 0;
    for (int k = 0; k < 3; k++) o += c[k] * kstr[k];
    if (x[i] > mx[o]) mx[o] = x[i];
  }
  for (int i = 0; i < 24; i++) {
    int c[3] = {i / 12, i / 4 % 3, i % 4};
    int64_t o = 0;
    for (int k = 0; k < 3; k++) o += c[k] * kstr[k];
    double v = x[i];
    acc[o] += op == 0 ? fabs(v) : op == 2 ? v : op == 3 ? exp(v - mx[o]) : v * v;
  }
  for (int64_t o = 0; o < s; o++)
    acc[o] = op == 1 ? sqrt(acc[o]) : op == 2 ? log(acc[o]) : op == 3 ? log(acc[o]) + mx[o] : acc[o];
  if (run(&t)) fail(name, "%s", t.d.msg);
  else if (!shape_is(T(&t, y), (int)orank, od)) fail(name, "bad output shape");
  else if (close_f(name, T(&t, y)->data, acc, s, 1e-6)) pass(name);
  if (check_emit(&t, "kiln_t_reduce2__c(")) pass("Reduce* emit");
  else fail("Reduce* emit", "bad emitted code: %s", t.d.msg);
  tc_free(&t);
  free(x);
}

static void test_reduce2_misc(void) {
  { /* noop_with_empty_axes: elementwise part only */
    tcase t = ot_case_new(&op_ReduceSumSquare);
    float x[3] = {1, -2, 3};
    int xi = ft(&t, "X", 1, INTS(3), x), y = out(&t, "Y");
    node(&t, 18, NIDS(xi), NIDS(y));
    attr_i(&t, "noop_with_empty_axes", 1);
    double want[3] = {1, 4, 9};
    if (run(&t)) fail("ReduceSumSquare noop", "%s", t.d.msg);
    else if (close_f("ReduceSumSquare noop", T(&t, y)->data, want, 3, 0)) pass("ReduceSumSquare noop");
    tc_free(&t);
  }
  { /* all axes by default; int32 exact */
    tcase t = ot_case_new(&op_ReduceL1);
    int32_t x[4] = {1, -2, 3, -40000};
    int xi = tensor(&t, "X", IR_I32, 2, INTS(2, 2), x), y = out(&t, "Y");
    node(&t, 18, NIDS(xi), NIDS(y));
    attr_i(&t, "keepdims", 0);
    if (run(&t)) fail("ReduceL1 int32 all axes", "%s", t.d.msg);
    else if (T(&t, y)->rank != 0 || *(const int32_t *)T(&t, y)->data != 40006)
      fail("ReduceL1 int32 all axes", "got rank %d value %d", T(&t, y)->rank,
           *(const int32_t *)T(&t, y)->data);
    else pass("ReduceL1 int32 all axes");
    tc_free(&t);
  }
  { /* empty reduction */
    tcase t = ot_case_new(&op_ReduceLogSumExp);
    int xi = ft(&t, "X", 3, INTS(2, 0, 3), NULL), ai = tensor(&t, "a", IR_I64, 1, INTS(1), INTS(1)),
        y = out(&t, "Y");
    T(&t, xi)->data = ""; /* a constant of zero elements */
    node(&t, 18, NIDS(xi, ai), NIDS(y));
    double want[6];
    for (int i = 0; i < 6; i++) want[i] = -INFINITY;
    if (run(&t)) fail("ReduceLogSumExp empty set", "%s", t.d.msg);
    else if (!shape_is(T(&t, y), 3, INTS(2, 1, 3))) fail("ReduceLogSumExp empty set", "bad shape");
    else if (close_f("ReduceLogSumExp empty set", T(&t, y)->data, want, 6, 0))
      pass("ReduceLogSumExp empty set");
    T(&t, xi)->data = NULL;
    tc_free(&t);
  }
  { /* float64 */
    tcase t = ot_case_new(&op_ReduceL2);
    double x[4] = {3, 4, 6, 8};
    int xi = tensor(&t, "X", IR_F64, 2, INTS(2, 2), x), y = out(&t, "Y");
    node(&t, 13, NIDS(xi), NIDS(y));
    attr_ints(&t, "axes", NI(1));
    const double *r = NULL;
    if (run(&t)) fail("ReduceL2 float64", "%s", t.d.msg);
    else if (r = T(&t, y)->data, r[0] != 5.0 || r[1] != 10.0)
      fail("ReduceL2 float64", "got %g %g", r[0], r[1]);
    else pass("ReduceL2 float64");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_ReduceL1);
    int xi = ft(&t, "X", 2, INTS(2, 2), NULL), ai = tensor(&t, "a", IR_I64, 1, INTS(1), NULL);
    node(&t, 18, NIDS(xi, ai), NIDS(out(&t, "Y")));
    expect_error(&t, "ReduceL1 run-time axes rejected", "must be a constant");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_ReduceL1);
    int xi = ft(&t, "X", 2, INTS(2, 2), NULL);
    node(&t, 13, NIDS(xi), NIDS(out(&t, "Y")));
    attr_ints(&t, "axes", NI(1, -1));
    expect_error(&t, "ReduceL1 duplicate axes rejected", "appears twice");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_ReduceSumSquare);
    int xi = ft(&t, "X", 2, INTS(2, 2), NULL);
    node(&t, 18, NIDS(xi), NIDS(out(&t, "Y")));
    attr_ints(&t, "axes", NI(1));
    expect_error(&t, "ReduceSumSquare-18 axes attribute rejected", "became input 1");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_ReduceLogSum);
    int xi = tensor(&t, "X", IR_I64, 2, INTS(2, 2), NULL);
    node(&t, 18, NIDS(xi), NIDS(out(&t, "Y")));
    expect_error(&t, "ReduceLogSum int64 rejected", "needs float32 or float64");
    tc_free(&t);
  }
}

static void test_argext(void) {
  /* [2,3] with ties; axis 1 */
  float x[6] = {1, 5, 5, -2, -2, 0};
  for (int is_min = 0; is_min < 2; is_min++)
    for (int last = 0; last < 2; last++) {
      char name[96];
      snprintf(name, sizeof name, "%s axis=1 select_last_index=%d keepdims=0", is_min ? "ArgMin" : "ArgMax",
               last);
      tcase t = ot_case_new(is_min ? &op_ArgMin : &op_ArgMax);
      int xi = ft(&t, "X", 2, INTS(2, 3), x), y = out(&t, "Y");
      node(&t, 13, NIDS(xi), NIDS(y));
      attr_i(&t, "axis", 1);
      attr_i(&t, "keepdims", 0);
      attr_i(&t, "select_last_index", last);
      int64_t want[2];
      if (!is_min) {
        want[0] = last ? 2 : 1;
        want[1] = 2;
      } else {
        want[0] = 0;
        want[1] = last ? 1 : 0;
      }
      if (run(&t)) fail(name, "%s", t.d.msg);
      else if (T(&t, y)->dtype != IR_I64 || !shape_is(T(&t, y), 1, INTS(2))) fail(name, "bad output");
      else if (((const int64_t *)T(&t, y)->data)[0] != want[0] ||
               ((const int64_t *)T(&t, y)->data)[1] != want[1])
        fail(name, "got %lld %lld", (long long)((const int64_t *)T(&t, y)->data)[0],
             (long long)((const int64_t *)T(&t, y)->data)[1]);
      else pass(name);
      if (!check_emit(&t, "kiln_t_argext__c(")) fail("ArgMax/ArgMin emit", "%s", t.d.msg);
      tc_free(&t);
    }
  { /* axis 0 keepdims on int64 */
    tcase t = ot_case_new(&op_ArgMax);
    int64_t x2[6] = {1, 9, 3, 4, 2, 3};
    int xi = tensor(&t, "X", IR_I64, 2, INTS(2, 3), x2), y = out(&t, "Y");
    node(&t, 13, NIDS(xi), NIDS(y));
    const int64_t *r;
    if (run(&t)) fail("ArgMax int64 axis 0", "%s", t.d.msg);
    else if (!shape_is(T(&t, y), 2, INTS(1, 3))) fail("ArgMax int64 axis 0", "bad shape");
    else if (r = T(&t, y)->data, r[0] != 1 || r[1] != 0 || r[2] != 0)
      fail("ArgMax int64 axis 0", "got %lld %lld %lld", (long long)r[0], (long long)r[1],
           (long long)r[2]);
    else pass("ArgMax int64 axis 0");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_ArgMax);
    node(&t, 11, NIDS(ft(&t, "X", 1, INTS(3), NULL)), NIDS(out(&t, "Y")));
    attr_i(&t, "select_last_index", 1);
    expect_error(&t, "ArgMax-11 select_last_index rejected", "requires opset 12");
    tc_free(&t);
  }
}

static void test_cum(void) {
  /* [2,3], axis 1 */
  float x[6] = {1, 2, 3, 4, 5, 6};
  for (int prod_ = 0; prod_ < 2; prod_++)
    for (int mode = 0; mode < 4; mode++) {
      const int excl = mode & 1, rev = mode >> 1;
      char name[96];
      snprintf(name, sizeof name, "%s axis=1 exclusive=%d reverse=%d", prod_ ? "CumProd" : "CumSum",
               excl, rev);
      tcase t = ot_case_new(prod_ ? &op_CumProd : &op_CumSum);
      int32_t ax = 1;
      int xi = ft(&t, "X", 2, INTS(2, 3), x), ai = tensor(&t, "axis", IR_I32, 0, NULL, &ax),
          y = out(&t, "Y");
      node(&t, prod_ ? 26 : 14, NIDS(xi, ai), NIDS(y));
      attr_i(&t, "exclusive", excl);
      attr_i(&t, "reverse", rev);
      double want[6];
      for (int r = 0; r < 2; r++) {
        double acc = prod_ ? 1 : 0;
        for (int s = 0; s < 3; s++) {
          int j = rev ? 2 - s : s;
          double v = x[r * 3 + j], nx = prod_ ? acc * v : acc + v;
          want[r * 3 + j] = excl ? acc : nx;
          acc = nx;
        }
      }
      if (run(&t)) fail(name, "%s", t.d.msg);
      else if (close_f(name, T(&t, y)->data, want, 6, 0)) pass(name);
      if (!check_emit(&t, "kiln_t_cumulative__c(")) fail("CumSum emit", "%s", t.d.msg);
      tc_free(&t);
    }
  { /* int64 exact past 2^53 */
    tcase t = ot_case_new(&op_CumSum);
    int64_t x2[2] = {(int64_t)1 << 60, 1}, ax = 0;
    int xi = tensor(&t, "X", IR_I64, 1, INTS(2), x2), ai = tensor(&t, "axis", IR_I64, 0, NULL, &ax),
        y = out(&t, "Y");
    node(&t, 14, NIDS(xi, ai), NIDS(y));
    if (run(&t)) fail("CumSum int64 exact", "%s", t.d.msg);
    else if (((const int64_t *)T(&t, y)->data)[1] != ((int64_t)1 << 60) + 1)
      fail("CumSum int64 exact", "lost precision");
    else pass("CumSum int64 exact");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_CumSum);
    int xi = ft(&t, "X", 1, INTS(2), NULL), ai = tensor(&t, "axis", IR_I64, 0, NULL, NULL);
    node(&t, 14, NIDS(xi, ai), NIDS(out(&t, "Y")));
    expect_error(&t, "CumSum run-time axis rejected", "must be a constant");
    tc_free(&t);
  }
}

static void test_hardmax(int opset) {
  char name[64];
  snprintf(name, sizeof name, "Hardmax opset %d axis 1 on [2,2,3]", opset);
  tcase t = ot_case_new(&op_Hardmax);
  float x[12] = {1, 7, 3, 7, 0, 0, /**/ 5, 1, 1, 2, 5, 9};
  int xi = ft(&t, "X", 3, INTS(2, 2, 3), x), y = out(&t, "Y");
  node(&t, opset, NIDS(xi), NIDS(y));
  attr_i(&t, "axis", 1);
  double want[12] = {0};
  if (opset < 13) { /* rows of 6: first max */
    want[1] = 1;
    want[6 + 5] = 1;
  } else { /* along dim 1 (size 2) for each of 3 columns */
    for (int b = 0; b < 2; b++)
      for (int c = 0; c < 3; c++) {
        int j = x[b * 6 + 3 + c] > x[b * 6 + c] ? 1 : 0;
        want[b * 6 + j * 3 + c] = 1;
      }
  }
  if (run(&t)) fail(name, "%s", t.d.msg);
  else if (close_f(name, T(&t, y)->data, want, 12, 0)) pass(name);
  if (!check_emit(&t, "kiln_t_hardmax__c(")) fail("Hardmax emit", "%s", t.d.msg);
  tc_free(&t);
}

static void test_topk(void) {
  for (int largest = 0; largest < 2; largest++) {
    char name[64];
    snprintf(name, sizeof name, "TopK k=3 axis 0 largest=%d with ties", largest);
    tcase t = ot_case_new(&op_TopK);
    /* [5, 2]: column 0 has ties */
    float x[10] = {2, 0, 5, 1, 2, 9, 5, 3, 1, 8};
    int64_t k = 3;
    int xi = ft(&t, "X", 2, INTS(5, 2), x), ki = tensor(&t, "K", IR_I64, 1, INTS(1), &k),
        v = out(&t, "V"), ix = out(&t, "I");
    node(&t, 11, NIDS(xi, ki), NIDS(v, ix));
    attr_i(&t, "axis", 0);
    attr_i(&t, "largest", largest);
    /* naive: stable selection */
    int64_t wi[6];
    double wv[6];
    for (int c = 0; c < 2; c++) {
      int used[5] = {0};
      for (int r = 0; r < 3; r++) {
        int best = -1;
        for (int j = 0; j < 5; j++) {
          if (used[j]) continue;
          if (best < 0 || (largest ? x[j * 2 + c] > x[best * 2 + c] : x[j * 2 + c] < x[best * 2 + c]))
            best = j;
        }
        used[best] = 1;
        wi[r * 2 + c] = best;
        wv[r * 2 + c] = x[best * 2 + c];
      }
    }
    if (run(&t)) fail(name, "%s", t.d.msg);
    else if (!shape_is(T(&t, v), 2, INTS(3, 2)) || T(&t, ix)->dtype != IR_I64)
      fail(name, "bad output shape/dtype");
    else if (memcmp(T(&t, ix)->data, wi, sizeof wi)) fail(name, "indices differ");
    else if (close_f(name, T(&t, v)->data, wv, 6, 0)) pass(name);
    if (!check_emit(&t, "kiln_t_topk__c(")) fail("TopK emit", "%s", t.d.msg);
    tc_free(&t);
  }
  { /* uint64 above 2^63, opset 1 attribute k */
    tcase t = ot_case_new(&op_TopK);
    uint64_t x[4] = {1, UINT64_MAX, 7, (uint64_t)1 << 63};
    int xi = tensor(&t, "X", IR_U64, 1, INTS(4), x), v = out(&t, "V"), ix = out(&t, "I");
    node(&t, 1, NIDS(xi), NIDS(v, ix));
    attr_i(&t, "k", 2);
    const uint64_t *r;
    if (run(&t)) fail("TopK uint64 opset 1", "%s", t.d.msg);
    else if (r = T(&t, v)->data, r[0] != UINT64_MAX || r[1] != (uint64_t)1 << 63)
      fail("TopK uint64 opset 1", "wrong values");
    else pass("TopK uint64 opset 1");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_TopK);
    int64_t k = 5;
    int xi = ft(&t, "X", 1, INTS(4), NULL), ki = tensor(&t, "K", IR_I64, 1, INTS(1), &k);
    node(&t, 11, NIDS(xi, ki), NIDS(out(&t, "V"), out(&t, "I")));
    expect_error(&t, "TopK k > n rejected", "out of range");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_TopK);
    int xi = ft(&t, "X", 1, INTS(4), NULL), ki = tensor(&t, "K", IR_I64, 1, INTS(1), NULL);
    node(&t, 11, NIDS(xi, ki), NIDS(out(&t, "V"), out(&t, "I")));
    expect_error(&t, "TopK run-time K rejected", "must be a constant");
    tc_free(&t);
  }
}

static void test_lppool(int pn) {
  char name[96];
  snprintf(name, sizeof name, "LpPool p=%d 2-D k=3 s=2 pads=1", pn);
  tcase t = ot_case_new(&op_LpPool);
  const int64_t C = 2, H = 5, W = 6, K = 3, S = 2, P = 1;
  const int64_t OH = (H + 2 * P - K) / S + 1, OW = (W + 2 * P - K) / S + 1;
  float *x = rand_buf(C * H * W);
  int xi = ft(&t, "X", 4, INTS(1, C, H, W), x), y = out(&t, "Y");
  node(&t, 18, NIDS(xi), NIDS(y));
  attr_ints(&t, "kernel_shape", NI(K, K));
  attr_ints(&t, "strides", NI(S, S));
  attr_ints(&t, "pads", NI(P, P, P, P));
  attr_i(&t, "p", pn);
  double want[2 * 3 * 3];
  for (int64_t c = 0; c < C; c++)
    for (int64_t oh = 0; oh < OH; oh++)
      for (int64_t ow = 0; ow < OW; ow++) {
        double s = 0;
        for (int64_t kh = 0; kh < K; kh++)
          for (int64_t kw = 0; kw < K; kw++) {
            int64_t ih = oh * S - P + kh, iw = ow * S - P + kw;
            if (ih >= 0 && ih < H && iw >= 0 && iw < W) s += pow(fabs(x[(c * H + ih) * W + iw]), pn);
          }
        want[(c * OH + oh) * OW + ow] = pow(s, 1.0 / pn);
      }
  if (run(&t)) fail(name, "%s", t.d.msg);
  else if (!shape_is(T(&t, y), 4, INTS(1, C, OH, OW))) fail(name, "bad shape");
  else if (close_f(name, T(&t, y)->data, want, C * OH * OW, 1e-5)) pass(name);
  if (!check_emit(&t, "kiln_f32_lppool__c(")) fail("LpPool emit", "%s", t.d.msg);
  tc_free(&t);
  free(x);
}

static void test_lppool_errors(void) {
  {
    tcase t = ot_case_new(&op_LpPool);
    node(&t, 18, NIDS(ft(&t, "X", 4, INTS(1, 1, 4, 4), NULL)), NIDS(out(&t, "Y")));
    expect_error(&t, "LpPool kernel_shape required", "'kernel_shape' is required");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_LpPool);
    node(&t, 18, NIDS(ft(&t, "X", 4, INTS(1, 1, 4, 4), NULL)), NIDS(out(&t, "Y")));
    attr_ints(&t, "kernel_shape", NI(2));
    expect_error(&t, "LpPool kernel_shape count", "has 1 values, expected 2");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_LpPool);
    node(&t, 18, NIDS(ft(&t, "X", 2, INTS(4, 4), NULL)), NIDS(out(&t, "Y")));
    attr_ints(&t, "kernel_shape", NI(2));
    expect_error(&t, "LpPool rank 2 rejected", "rank 3 to 5");
    tc_free(&t);
  }
  {
    tcase t = ot_case_new(&op_LpPool);
    node(&t, 18, NIDS(ft(&t, "X", 3, INTS(1, 1, 4), NULL)), NIDS(out(&t, "Y")));
    attr_ints(&t, "kernel_shape", NI(2));
    attr_i(&t, "p", 0);
    expect_error(&t, "LpPool p=0 rejected", "must be > 0");
    tc_free(&t);
  }
}

int main(void) {
  static const char *const kernels[] = {"src/kernels/norm.c", "src/kernels/norm.h",
                                        "src/kernels/reduce2.c", "src/kernels/reduce2.h",
                                        "src/kernels/pool.h"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  test_layernorm(0, 1);
  test_layernorm(0, 0);
  test_layernorm(1, 0);
  test_layernorm_bcast();
  test_layernorm_errors();
  test_groupnorm(0, 18);
  test_groupnorm(0, 21);
  test_groupnorm(1, 6);
  test_groupnorm_errors();
  test_lrn();
  test_lpnorm();
  test_mvn(NULL, 3);
  test_mvn(INTS(1), 1);
  test_mvn(INTS(1, 3), 2);
  for (int op = 0; op < 5; op++) {
    test_reduce2(op, 18, INTS(1), 1, 1);
    test_reduce2(op, 13, INTS(0, 2), 2, 0);
    test_reduce2(op, 18, INTS(-1, 0, 1), 3, 0);
  }
  test_reduce2_misc();
  test_argext();
  test_cum();
  test_hardmax(11);
  test_hardmax(13);
  test_topk();
  test_lppool(2);
  test_lppool(3);
  test_lppool(1);
  test_lppool_errors();
  return ot_report();
}
