/* test_ops_attention.c - unit tests for Attention, RotaryEmbedding,
 * NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss.
 *
 * Each case builds a one-node graph, runs infer + eval (which call the
 * kernels) and compares with a naive reference written here in double
 * (full bias matrices, plain softmax, direct loops). Error cases check the
 * message text. Package check: some cases are also emitted through the
 * shared stand-in emitter (tests/unit/harness); the kernel sections the node pulled in (with
 * their dependencies), its declarations and its call are compiled as a
 * standalone C99 program (cc -std=c99 -Wall -Wextra -Werror -pedantic),
 * run on the same inputs, and its outputs must equal eval's bit for bit.
 * KILN_TEST_NO_PACKAGE=1 skips that; KILN_TEST_CC picks the compiler.
 * Run from the repository root. Prints `PASS name` / `FAIL name: why`,
 * then `N passed, N failed`.
 *
 * Build (from the repo root; see tests/unit/harness/op_test.h):
 *   cc -std=c11 -Wall -Wextra -g -DKILN_HOST -Isrc -Iruntime -Isrc/kernels -Itests/unit \
 *      -o /tmp/t tests/unit/test_ops_attention.c tests/unit/harness/op_test.c \
 *      <every compiler object except those of src/emit and cli/main> -lm
 */
#include "ops/op.h"
#include "emit/emit.h"
#include "harness/op_test_case.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const op_def op_Attention, op_RotaryEmbedding, op_NegativeLogLikelihoodLoss,
    op_SoftmaxCrossEntropyLoss;

static uint32_t rng = 777;
static float frand(void) { return ot_frand(&rng); } /* uniform in [-1, 1) */
static float *rand_buf(int64_t n, float scale) { return ot_rand_buf(&rng, n, scale); }

/* ------------------------------------------------------------------ */
/* graph building (tests/unit/harness/op_test_case.h)                  */

#define tc_free_ tc_free
static void node(tcase *t, const char *op, int opset, int nin, const int *ins, int nout,
                 const int *outs) {
  ot_case_node(t, op, opset, nin, ins, nout, outs);
}
#define D(...) ((const int64_t[]){__VA_ARGS__})

static int run_infer(tcase *t, const op_def *op, kiln_diag *d) {
  memset(d, 0, sizeof *d);
  d->file = "test.onnx";
  return op->infer(d, t->g, N(t));
}

/* infer + eval; reports a failure and returns -1 if either fails. */
static int infer_eval(const char *name, tcase *t, const op_def *op) {
  kiln_diag d;
  if (run_infer(t, op, &d)) {
    fail(name, "infer: %s", d.msg);
    return -1;
  }
  if (op->eval(&d, t->g, N(t))) {
    fail(name, "eval: %s", d.msg);
    return -1;
  }
  return 0;
}

static void expect_error(const char *name, tcase *t, const op_def *op, const char *text) {
  kiln_diag d;
  if (run_infer(t, op, &d) == 0) fail(name, "infer accepted the node");
  else if (!strstr(d.msg, text)) fail(name, "message '%s' lacks '%s'", d.msg, text);
  else pass(name);
}

static int close_to(double got, double exp, double tol) {
  if (isnan(exp)) return isnan(got);
  if (isinf(exp)) return got == exp;
  return fabs(got - exp) <= tol * (1.0 + fabs(exp));
}

static void compare(const char *name, const ir_tensor *y, const double *exp, int64_t n,
                    double tol) {
  if (ir_numel(y) != n) {
    fail(name, "output has %lld elements, expected %lld", (long long)ir_numel(y), (long long)n);
    return;
  }
  for (int64_t i = 0; i < n; i++) {
    double got = ir_get_f64(y, i);
    if (!close_to(got, exp[i], tol)) {
      fail(name, "element %lld: got %.9g, expected %.9g", (long long)i, got, exp[i]);
      return;
    }
  }
  pass(name);
}

/* ------------------------------------------------------------------ */
/* package check                                                       */

/* Emits node t (after infer + eval), compiles the package code and runs it
 * on the node's constant inputs; every output must equal eval's bytes. */
static void package_check(const char *name, tcase *t, const op_def *op) {
  char cname[160], why[1200];
  if (ot_no_cc()) return;
  snprintf(cname, sizeof cname, "%s (package)", name);
  if (ot_case_package(cname, t, op, 0, why, sizeof why)) fail(cname, "%s", why);
  else pass(cname);
}

/* ------------------------------------------------------------------ */
/* Attention reference                                                 */

typedef struct attn_case {
  int rank3;                 /* 3-D layouts */
  int64_t B, Hq, Hkv, Sq, L, P, dk, dv;
  int mask;                  /* 0 none, 1 bool, 2 float */
  int mrank;
  int64_t mdims[4];
  int causal, has_scale, mode, qk_out, present, nonpad;
  float scale, softcap;
  int64_t left, right;
  int opset;
  ir_dtype dt;
} attn_case;

/* Element (b, h, s, d) of a logically 4-D [B][H][S][D] tensor stored 4-D or
 * 3-D ([B][S][H * D]). */
static int64_t at4(int rank3, int64_t H, int64_t S, int64_t Dd, int64_t b, int64_t h, int64_t s,
                   int64_t d) {
  return rank3 ? ((b * S + s) * H + h) * Dd + d : ((b * H + h) * S + s) * Dd + d;
}

static float to_dt(ir_dtype dt, float v) { /* round v through the storage type */
  unsigned char tmp[4];
  ir_put_f64(tmp, dt, 0, v);
  ir_tensor t;
  memset(&t, 0, sizeof t);
  t.dtype = dt;
  t.data = tmp;
  return (float)ir_get_f64(&t, 0);
}

static void attn_run(const char *name, const attn_case *c, int package) {
  const int64_t T = c->P + c->L;
  const int64_t nq = c->B * c->Hq * c->Sq * c->dk, nk = c->B * c->Hkv * c->L * c->dk,
                nv = c->B * c->Hkv * c->L * c->dv, npk = c->B * c->Hkv * c->P * c->dk,
                npv = c->B * c->Hkv * c->P * c->dv;
  float *q = rand_buf(nq, 1.5f), *k = rand_buf(nk, 1.5f), *v = rand_buf(nv, 1.0f);
  float *pk = rand_buf(npk, 1.5f), *pv = rand_buf(npv, 1.0f);
  int64_t mn = 1;
  for (int i = 0; i < c->mrank; i++) mn *= c->mdims[i];
  float *mf = rand_buf(mn, 1.0f);
  unsigned char *mb = malloc((size_t)mn);
  for (int64_t i = 0; i < mn; i++) {
    mb[i] = frand() > -0.6f;
    if (c->mask == 2 && frand() > 0.7f) mf[i] = -INFINITY;
  }
  int64_t nonpad[8];
  for (int64_t b = 0; b < c->B; b++) nonpad[b] = T - 1 - b;
  /* round inputs through the dtype so the reference sees the same values */
  float *all[6] = {q, k, v, pk, pv, mf};
  int64_t cnt[6] = {nq, nk, nv, npk, npv, mn};
  for (int a = 0; a < 6; a++)
    for (int64_t i = 0; i < cnt[a]; i++) all[a][i] = to_dt(c->dt, all[a][i]);

  tcase t = tc_new();
  const size_t es = ir_dtype_size(c->dt);
  void *st[6];
  for (int a = 0; a < 6; a++) {
    st[a] = malloc((size_t)(cnt[a] ? cnt[a] : 1) * es);
    for (int64_t i = 0; i < cnt[a]; i++) ir_put_f64(st[a], c->dt, i, all[a][i]);
  }
  int ins[7] = {-1, -1, -1, -1, -1, -1, -1}, nin = 3;
  if (c->rank3) {
    ins[0] = tensor(&t, "Q", c->dt, 3, D(c->B, c->Sq, c->Hq * c->dk), st[0]);
    ins[1] = tensor(&t, "K", c->dt, 3, D(c->B, c->L, c->Hkv * c->dk), st[1]);
    ins[2] = tensor(&t, "V", c->dt, 3, D(c->B, c->L, c->Hkv * c->dv), st[2]);
  } else {
    ins[0] = tensor(&t, "Q", c->dt, 4, D(c->B, c->Hq, c->Sq, c->dk), st[0]);
    ins[1] = tensor(&t, "K", c->dt, 4, D(c->B, c->Hkv, c->L, c->dk), st[1]);
    ins[2] = tensor(&t, "V", c->dt, 4, D(c->B, c->Hkv, c->L, c->dv), st[2]);
  }
  if (c->mask) {
    ins[3] = c->mask == 1 ? tensor(&t, "mask", IR_BOOL, c->mrank, c->mdims, mb)
                          : tensor(&t, "mask", c->dt, c->mrank, c->mdims, st[5]);
    nin = 4;
  }
  if (c->P) {
    ins[4] = tensor(&t, "past_key", c->dt, 4, D(c->B, c->Hkv, c->P, c->dk), st[3]);
    ins[5] = tensor(&t, "past_value", c->dt, 4, D(c->B, c->Hkv, c->P, c->dv), st[4]);
    nin = 6;
  }
  if (c->nonpad) {
    ins[6] = tensor(&t, "nonpad", IR_I64, 1, D(c->B), nonpad);
    nin = 7;
  }
  int outs[4] = {output(&t, "Y"), c->present ? output(&t, "pk") : -1,
                 c->present ? output(&t, "pv") : -1, c->qk_out ? output(&t, "qk") : -1};
  node(&t, "Attention", c->opset, nin, ins, c->qk_out ? 4 : (c->present ? 3 : 1), outs);
  if (c->rank3) {
    attr_i(&t, "q_num_heads", c->Hq);
    attr_i(&t, "kv_num_heads", c->Hkv);
  }
  if (c->causal) attr_i(&t, "is_causal", 1);
  if (c->has_scale) attr_f(&t, "scale", c->scale);
  if (c->softcap > 0) attr_f(&t, "softcap", c->softcap);
  if (c->mode) attr_i(&t, "qk_matmul_output_mode", c->mode);
  if (c->left >= 0) attr_i(&t, "left_window_size", c->left);
  if (c->right >= 0) attr_i(&t, "right_window_size", c->right);

  /* reference */
  const int64_t ny = c->B * c->Hq * c->Sq * c->dv, nqk = c->B * c->Hq * c->Sq * T;
  double *ey = calloc((size_t)ny, sizeof(double)), *eqk = calloc((size_t)nqk, sizeof(double));
  double *sc = malloc(sizeof(double) * (size_t)T), *bias = malloc(sizeof(double) * (size_t)T);
  const double scale = c->has_scale ? c->scale : 1.0 / sqrt((double)c->dk);
  for (int64_t b = 0; b < c->B; b++)
    for (int64_t h = 0; h < c->Hq; h++)
      for (int64_t i = 0; i < c->Sq; i++) {
        const int64_t g = h / (c->Hq / c->Hkv);
        const int64_t off = c->nonpad ? nonpad[b] - c->Sq : c->P;
        int all_masked = 1;
        double mx = -INFINITY;
        for (int64_t j = 0; j < T; j++) {
          double s = 0;
          for (int64_t d = 0; d < c->dk; d++) {
            double kv = j < c->P ? pk[((b * c->Hkv + g) * c->P + j) * c->dk + d]
                                 : k[at4(c->rank3, c->Hkv, c->L, c->dk, b, g, j - c->P, d)];
            s += q[at4(c->rank3, c->Hq, c->Sq, c->dk, b, h, i, d)] * kv;
          }
          s *= scale;
          const int64_t qo = ((b * c->Hq + h) * c->Sq + i) * T + j;
          if (c->mode == 0) eqk[qo] = s;
          if (c->softcap > 0) s = c->softcap * tanh(s / c->softcap);
          if (c->mode == 1) eqk[qo] = s;
          double bi = 0;
          if (c->mask) {
            /* right-aligned broadcast of the mask to [B][Hq][Sq][T] */
            const int64_t idx4[4] = {b, h, i, j};
            int64_t mo = 0, inside = j < c->mdims[c->mrank - 1];
            for (int a = 0; a < c->mrank; a++) {
              int64_t dim = c->mdims[a], id = idx4[a + 4 - c->mrank];
              mo = mo * dim + (dim == 1 ? 0 : id);
            }
            if (!inside) bi = -INFINITY;
            else if (c->mask == 1) bi = mb[mo] ? 0 : -INFINITY;
            else bi = mf[mo];
          }
          if (c->causal && j > i + off) bi = -INFINITY;
          if (c->left >= 0 && i + off - j > c->left) bi = -INFINITY;
          if (c->right >= 0 && j - (i + off) > c->right) bi = -INFINITY;
          if (c->nonpad && j >= nonpad[b]) bi = -INFINITY;
          if (bi != -INFINITY) all_masked = 0;
          sc[j] = s + bi;
          bias[j] = bi;
          if (c->mode == 2) eqk[qo] = sc[j];
          if (sc[j] > mx) mx = sc[j];
        }
        double sum = 0;
        for (int64_t j = 0; j < T; j++) sum += (sc[j] = exp(sc[j] - mx));
        for (int64_t j = 0; j < T; j++) {
          const double pj = all_masked ? 0.0 : sc[j] / sum;
          const int64_t qo = ((b * c->Hq + h) * c->Sq + i) * T + j;
          if (c->mode == 3) eqk[qo] = pj;
          for (int64_t d = 0; d < c->dv; d++) {
            double vv = j < c->P ? pv[((b * c->Hkv + g) * c->P + j) * c->dv + d]
                                 : v[at4(c->rank3, c->Hkv, c->L, c->dv, b, g, j - c->P, d)];
            ey[at4(c->rank3, c->Hq, c->Sq, c->dv, b, h, i, d)] += pj * vv;
          }
        }
      }
  if (infer_eval(name, &t, &op_Attention) == 0) {
    const double tol = c->dt == IR_F32 ? 2e-5 : (c->dt == IR_F16 ? 2e-3 : 1.6e-2);
    char nm[160];
    snprintf(nm, sizeof nm, "%s Y", name);
    compare(nm, ir_out(t.g, N(&t), 0), ey, ny, tol);
    if (c->qk_out) {
      snprintf(nm, sizeof nm, "%s qk_matmul_output", name);
      compare(nm, ir_out(t.g, N(&t), 3), eqk, nqk, tol);
    }
    if (c->present) {
      double *ep = malloc(sizeof(double) * (size_t)(c->B * c->Hkv * T * (c->dk + c->dv)));
      double *epv = ep + c->B * c->Hkv * T * c->dk;
      for (int64_t b = 0; b < c->B; b++)
        for (int64_t g = 0; g < c->Hkv; g++)
          for (int64_t j = 0; j < T; j++) {
            for (int64_t d = 0; d < c->dk; d++)
              ep[((b * c->Hkv + g) * T + j) * c->dk + d] =
                  j < c->P ? pk[((b * c->Hkv + g) * c->P + j) * c->dk + d]
                           : k[at4(c->rank3, c->Hkv, c->L, c->dk, b, g, j - c->P, d)];
            for (int64_t d = 0; d < c->dv; d++)
              epv[((b * c->Hkv + g) * T + j) * c->dv + d] =
                  j < c->P ? pv[((b * c->Hkv + g) * c->P + j) * c->dv + d]
                           : v[at4(c->rank3, c->Hkv, c->L, c->dv, b, g, j - c->P, d)];
          }
      snprintf(nm, sizeof nm, "%s present_key", name);
      compare(nm, ir_out(t.g, N(&t), 1), ep, c->B * c->Hkv * T * c->dk, 0);
      snprintf(nm, sizeof nm, "%s present_value", name);
      compare(nm, ir_out(t.g, N(&t), 2), epv, c->B * c->Hkv * T * c->dv, 0);
      free(ep);
    }
    if (package) package_check(name, &t, &op_Attention);
  }
  free(ey);
  free(eqk);
  free(sc);
  free(bias);
  for (int a = 0; a < 6; a++) free(st[a]);
  free(q); free(k); free(v); free(pk); free(pv); free(mf); free(mb);
  tc_free_(&t);
}

/* ------------------------------------------------------------------ */
/* Attention cases                                                     */

static attn_case base_case(void) {
  attn_case c;
  memset(&c, 0, sizeof c);
  c.B = 2; c.Hq = 4; c.Hkv = 2; c.Sq = 3; c.L = 5; c.dk = 8; c.dv = 6;
  c.left = c.right = -1;
  c.opset = 23;
  c.dt = IR_F32;
  return c;
}

static void test_attention(void) {
  attn_case c = base_case();
  c.mask = 2; c.mrank = 2; c.mdims[0] = 3; c.mdims[1] = 5; c.qk_out = 1;
  attn_run("attention 4d gqa float mask qk mode 0", &c, 1);

  c = base_case();
  c.rank3 = 1; c.P = 2; c.present = 1; c.mask = 1; c.mrank = 4;
  c.mdims[0] = 2; c.mdims[1] = 1; c.mdims[2] = 3; c.mdims[3] = 7;
  c.causal = 1; c.softcap = 2.0f; c.has_scale = 1; c.scale = 0.3f; c.qk_out = 1; c.mode = 3;
  attn_run("attention 3d past bool mask causal softcap mode 3", &c, 1);

  c = base_case();
  c.mask = 2; c.mrank = 3; c.mdims[0] = 4; c.mdims[1] = 3; c.mdims[2] = 3; /* shorter keys */
  c.qk_out = 1; c.mode = 2; c.softcap = 1.5f;
  attn_run("attention short float mask rank 3 mode 2", &c, 0);

  c = base_case();
  c.qk_out = 1; c.mode = 1; c.softcap = 0.5f; c.Hkv = 1;
  attn_run("attention mqa softcap mode 1", &c, 0);

  c = base_case();
  c.Sq = 2; c.L = 300; c.dk = 4; c.dv = 3; c.Hq = 2; c.Hkv = 2; c.B = 1;
  c.causal = 1; c.qk_out = 1; c.mode = 3; c.mask = 2; c.mrank = 1; c.mdims[0] = 290;
  attn_run("attention 300 keys (chunked) mode 3", &c, 1);

  c = base_case();
  c.opset = 24; c.nonpad = 1; c.causal = 1; c.L = 6; c.Sq = 2;
  attn_run("attention nonpad_kv_seqlen causal", &c, 1);

  c = base_case();
  c.opset = 25; c.left = 1; c.right = 0; c.P = 3; c.present = 1;
  attn_run("attention window with past", &c, 0);

  c = base_case();
  c.opset = 25; c.left = 2; c.right = 1; c.causal = 0;
  attn_run("attention bidirectional window", &c, 0);

  c = base_case(); /* many rows fully masked: zeros */
  c.mask = 1; c.mrank = 2; c.mdims[0] = 3; c.mdims[1] = 1; c.qk_out = 1; c.mode = 3;
  c.causal = 1;
  attn_run("attention fully masked rows", &c, 0);

  c = base_case();
  c.dt = IR_F16; c.mask = 2; c.mrank = 2; c.mdims[0] = 3; c.mdims[1] = 5; c.causal = 1;
  c.P = 2; c.present = 1; c.mdims[1] = 7; c.qk_out = 1; c.mode = 3;
  attn_run("attention float16", &c, 1);

  c = base_case();
  c.dt = IR_BF16; c.rank3 = 1; c.causal = 1;
  attn_run("attention bfloat16 3d", &c, 1);
}

static int simple_attn(tcase *t, int rank, int64_t hq, int64_t hkv, int opset) {
  int ins[3];
  if (rank == 3) {
    ins[0] = tensor(t, "Q", IR_F32, 3, D(1, 2, hq * 4), NULL);
    ins[1] = tensor(t, "K", IR_F32, 3, D(1, 3, hkv * 4), NULL);
    ins[2] = tensor(t, "V", IR_F32, 3, D(1, 3, hkv * 4), NULL);
  } else {
    ins[0] = tensor(t, "Q", IR_F32, 4, D(1, hq, 2, 4), NULL);
    ins[1] = tensor(t, "K", IR_F32, 4, D(1, hkv, 3, 4), NULL);
    ins[2] = tensor(t, "V", IR_F32, 4, D(1, hkv, 3, 4), NULL);
  }
  int outs[1] = {output(t, "Y")};
  node(t, "Attention", opset, 3, ins, 1, outs);
  return 0;
}

static void test_attention_errors(void) {
  tcase t = tc_new();
  simple_attn(&t, 3, 2, 2, 23);
  expect_error("attention 3d needs num heads", &t, &op_Attention, "q_num_heads and kv_num_heads");
  tc_free_(&t);

  t = tc_new();
  simple_attn(&t, 4, 3, 2, 23);
  expect_error("attention heads not a multiple", &t, &op_Attention, "positive multiple of kv heads");
  tc_free_(&t);

  t = tc_new();
  simple_attn(&t, 4, 2, 2, 23);
  attr_i(&t, "softmax_precision", 10);
  expect_error("attention softmax_precision float16", &t, &op_Attention, "softmax_precision = 10");
  tc_free_(&t);

  t = tc_new();
  simple_attn(&t, 4, 2, 2, 23);
  attr_i(&t, "qk_matmul_output_mode", 4);
  expect_error("attention bad qk mode", &t, &op_Attention, "qk_matmul_output_mode = 4");
  tc_free_(&t);

  t = tc_new();
  simple_attn(&t, 4, 2, 2, 24);
  attr_i(&t, "left_window_size", 2);
  expect_error("attention window before opset 25", &t, &op_Attention, "need opset 25");
  tc_free_(&t);

  t = tc_new();
  simple_attn(&t, 4, 2, 2, 25);
  attr_i(&t, "right_window_size", -3);
  expect_error("attention bad window", &t, &op_Attention, "must be -1 or >= 0");
  tc_free_(&t);

  { /* mask that does not broadcast */
    t = tc_new();
    int ins[4] = {tensor(&t, "Q", IR_F32, 4, D(1, 2, 2, 4), NULL),
                  tensor(&t, "K", IR_F32, 4, D(1, 2, 3, 4), NULL),
                  tensor(&t, "V", IR_F32, 4, D(1, 2, 3, 4), NULL),
                  tensor(&t, "m", IR_F32, 2, D(3, 3), NULL)};
    int outs[1] = {output(&t, "Y")};
    node(&t, "Attention", 23, 4, ins, 1, outs);
    expect_error("attention mask broadcast", &t, &op_Attention, "does not broadcast");
    tc_free_(&t);
  }
  { /* mask longer than the keys */
    t = tc_new();
    int ins[4] = {tensor(&t, "Q", IR_F32, 4, D(1, 2, 2, 4), NULL),
                  tensor(&t, "K", IR_F32, 4, D(1, 2, 3, 4), NULL),
                  tensor(&t, "V", IR_F32, 4, D(1, 2, 3, 4), NULL),
                  tensor(&t, "m", IR_BOOL, 2, D(2, 4), NULL)};
    int outs[1] = {output(&t, "Y")};
    node(&t, "Attention", 23, 4, ins, 1, outs);
    expect_error("attention mask too long", &t, &op_Attention, "more than the total");
    tc_free_(&t);
  }
  { /* past_key without past_value */
    t = tc_new();
    int ins[5] = {tensor(&t, "Q", IR_F32, 4, D(1, 2, 2, 4), NULL),
                  tensor(&t, "K", IR_F32, 4, D(1, 2, 3, 4), NULL),
                  tensor(&t, "V", IR_F32, 4, D(1, 2, 3, 4), NULL), -1,
                  tensor(&t, "pk", IR_F32, 4, D(1, 2, 3, 4), NULL)};
    int outs[1] = {output(&t, "Y")};
    node(&t, "Attention", 23, 5, ins, 1, outs);
    expect_error("attention past_key alone", &t, &op_Attention, "given together");
    tc_free_(&t);
  }
  { /* nonpad_kv_seqlen at opset 23 */
    t = tc_new();
    int ins[7] = {tensor(&t, "Q", IR_F32, 4, D(1, 2, 2, 4), NULL),
                  tensor(&t, "K", IR_F32, 4, D(1, 2, 3, 4), NULL),
                  tensor(&t, "V", IR_F32, 4, D(1, 2, 3, 4), NULL), -1, -1, -1,
                  tensor(&t, "np", IR_I64, 1, D(1), NULL)};
    int outs[1] = {output(&t, "Y")};
    node(&t, "Attention", 23, 7, ins, 1, outs);
    expect_error("attention nonpad at opset 23", &t, &op_Attention, "opset 24");
    tc_free_(&t);
  }
  { /* mixed dtypes */
    t = tc_new();
    int ins[3] = {tensor(&t, "Q", IR_F32, 4, D(1, 2, 2, 4), NULL),
                  tensor(&t, "K", IR_F16, 4, D(1, 2, 3, 4), NULL),
                  tensor(&t, "V", IR_F32, 4, D(1, 2, 3, 4), NULL)};
    int outs[1] = {output(&t, "Y")};
    node(&t, "Attention", 23, 3, ins, 1, outs);
    expect_error("attention mixed dtypes", &t, &op_Attention, "input 1 'K' has dtype float16");
    tc_free_(&t);
  }
  { /* Q rank 2 */
    t = tc_new();
    int ins[3] = {tensor(&t, "Q", IR_F32, 2, D(2, 4), NULL), tensor(&t, "K", IR_F32, 2, D(3, 4), NULL),
                  tensor(&t, "V", IR_F32, 2, D(3, 4), NULL)};
    int outs[1] = {output(&t, "Y")};
    node(&t, "Attention", 23, 3, ins, 1, outs);
    expect_error("attention rank 2", &t, &op_Attention, "expected 3 or 4");
    tc_free_(&t);
  }
}

/* ------------------------------------------------------------------ */
/* RotaryEmbedding                                                     */

static void rotary_run(const char *name, int rank3, int interleaved, int64_t rot, int with_pos,
                       int package) {
  const int64_t B = 2, H = 3, S = 4, Dh = 8, R = rot ? rot : Dh, half = R / 2, MP = 10;
  const int64_t nx = B * H * S * Dh;
  float *x = rand_buf(nx, 1.0f);
  const int64_t ncache = with_pos ? MP * half : B * S * half;
  float *cs = rand_buf(ncache, 1.0f), *sn = rand_buf(ncache, 1.0f);
  int64_t pos[8];
  for (int i = 0; i < B * S; i++) pos[i] = (i * 3 + 1) % MP;
  tcase t = tc_new();
  int ins[4] = {rank3 ? tensor(&t, "X", IR_F32, 3, D(B, S, H * Dh), x)
                      : tensor(&t, "X", IR_F32, 4, D(B, H, S, Dh), x),
                with_pos ? tensor(&t, "cos", IR_F32, 2, D(MP, half), cs)
                         : tensor(&t, "cos", IR_F32, 3, D(B, S, half), cs),
                with_pos ? tensor(&t, "sin", IR_F32, 2, D(MP, half), sn)
                         : tensor(&t, "sin", IR_F32, 3, D(B, S, half), sn),
                with_pos ? tensor(&t, "pos", IR_I64, 2, D(B, S), pos) : -1};
  int outs[1] = {output(&t, "Y")};
  node(&t, "RotaryEmbedding", 23, with_pos ? 4 : 3, ins, 1, outs);
  if (rank3) attr_i(&t, "num_heads", H);
  if (interleaved) attr_i(&t, "interleaved", 1);
  if (rot) attr_i(&t, "rotary_embedding_dim", rot);
  double *e = malloc(sizeof(double) * (size_t)nx);
  for (int64_t b = 0; b < B; b++)
    for (int64_t s = 0; s < S; s++) {
      const int64_t row = with_pos ? pos[b * S + s] : b * S + s;
      for (int64_t h = 0; h < H; h++) {
        const int64_t base = rank3 ? (b * S + s) * H * Dh + h * Dh : ((b * H + h) * S + s) * Dh;
        for (int64_t d = 0; d < Dh; d++) e[base + d] = x[base + d];
        for (int64_t d = 0; d < half; d++) {
          const int64_t i1 = interleaved ? 2 * d : d, i2 = interleaved ? 2 * d + 1 : d + half;
          const double c = cs[row * half + d], sv = sn[row * half + d];
          e[base + i1] = c * x[base + i1] - sv * x[base + i2];
          e[base + i2] = sv * x[base + i1] + c * x[base + i2];
        }
      }
    }
  if (infer_eval(name, &t, &op_RotaryEmbedding) == 0) {
    compare(name, ir_out(t.g, N(&t), 0), e, nx, 1e-6);
    if (package) package_check(name, &t, &op_RotaryEmbedding);
  }
  free(e);
  free(x);
  free(cs);
  free(sn);
  tc_free_(&t);
}

static void test_rotary(void) {
  rotary_run("rotary 4d positions", 0, 0, 0, 1, 1);
  rotary_run("rotary 4d interleaved partial", 0, 1, 4, 1, 0);
  rotary_run("rotary 3d no positions", 1, 0, 0, 0, 1);
  rotary_run("rotary 3d interleaved partial no positions", 1, 1, 6, 0, 0);

  tcase t = tc_new();
  int ins[3] = {tensor(&t, "X", IR_F32, 3, D(1, 2, 8), NULL),
                tensor(&t, "c", IR_F32, 3, D(1, 2, 4), NULL),
                tensor(&t, "s", IR_F32, 3, D(1, 2, 4), NULL)};
  int outs[1] = {output(&t, "Y")};
  node(&t, "RotaryEmbedding", 23, 3, ins, 1, outs);
  expect_error("rotary 3d needs num_heads", &t, &op_RotaryEmbedding, "num_heads > 0");
  tc_free_(&t);

  t = tc_new();
  int ins2[3] = {tensor(&t, "X", IR_F32, 4, D(1, 1, 2, 8), NULL),
                 tensor(&t, "c", IR_F32, 3, D(1, 2, 4), NULL),
                 tensor(&t, "s", IR_F32, 3, D(1, 2, 4), NULL)};
  node(&t, "RotaryEmbedding", 23, 3, ins2, 1, outs);
  N(&t)->outputs[0] = output(&t, "Y");
  attr_i(&t, "rotary_embedding_dim", 5);
  expect_error("rotary odd dim", &t, &op_RotaryEmbedding, "must be even");
  tc_free_(&t);

  t = tc_new();
  const int64_t pos[2] = {0, 7};
  int ins3[4] = {tensor(&t, "X", IR_F32, 4, D(1, 1, 2, 8), NULL),
                 tensor(&t, "c", IR_F32, 2, D(5, 4), NULL), tensor(&t, "s", IR_F32, 2, D(5, 4), NULL),
                 tensor(&t, "p", IR_I64, 2, D(1, 2), pos)};
  int outs3[1] = {output(&t, "Y")};
  node(&t, "RotaryEmbedding", 23, 4, ins3, 1, outs3);
  expect_error("rotary position out of range", &t, &op_RotaryEmbedding, "position_ids[1] = 7");
  tc_free_(&t);

  t = tc_new();
  int ins4[3] = {tensor(&t, "X", IR_F32, 4, D(1, 1, 2, 8), NULL),
                 tensor(&t, "c", IR_F32, 3, D(1, 2, 3), NULL),
                 tensor(&t, "s", IR_F32, 3, D(1, 2, 3), NULL)};
  int outs4[1] = {output(&t, "Y")};
  node(&t, "RotaryEmbedding", 23, 3, ins4, 1, outs4);
  expect_error("rotary cache shape", &t, &op_RotaryEmbedding, "cos_cache must be [1, 2, 4]");
  tc_free_(&t);
}

/* ------------------------------------------------------------------ */
/* losses                                                              */

static void loss_run(const char *name, int sce, const char *red, int has_w, int has_ii,
                     int64_t ii, int t32, int log_prob, int package) {
  const int64_t Nn = 3, C = 5, D1 = 2, D2 = 3, Dd = D1 * D2;
  float *x = rand_buf(Nn * C * Dd, 3.0f), *w = rand_buf(C, 1.0f);
  for (int c = 0; c < C; c++) w[c] = fabsf(w[c]) + 0.1f;
  int64_t tg[18];
  int32_t tg32[18];
  for (int i = 0; i < Nn * Dd; i++) tg32[i] = (int32_t)(tg[i] = (i * 7 + 3) % C);
  tcase t = tc_new();
  int ins[3] = {tensor(&t, "x", IR_F32, 4, D(Nn, C, D1, D2), x),
                t32 ? tensor(&t, "t", IR_I32, 3, D(Nn, D1, D2), tg32)
                    : tensor(&t, "t", IR_I64, 3, D(Nn, D1, D2), tg),
                has_w ? tensor(&t, "w", IR_F32, 1, D(C), w) : -1};
  int outs[2] = {output(&t, "loss"), log_prob ? output(&t, "log_prob") : -1};
  node(&t, sce ? "SoftmaxCrossEntropyLoss" : "NegativeLogLikelihoodLoss", 13, has_w ? 3 : 2, ins,
       log_prob ? 2 : 1, outs);
  if (red) attr_s(&t, "reduction", red);
  if (has_ii) attr_i(&t, "ignore_index", ii);
  double *lp = malloc(sizeof(double) * (size_t)(Nn * C * Dd)), *el = malloc(sizeof(double) * 18);
  double sum = 0, wsum = 0;
  for (int64_t n = 0; n < Nn; n++)
    for (int64_t d = 0; d < Dd; d++) {
      double mx = -INFINITY, se = 0;
      for (int64_t c = 0; c < C; c++) mx = fmax(mx, x[(n * C + c) * Dd + d]);
      for (int64_t c = 0; c < C; c++) se += exp(x[(n * C + c) * Dd + d] - mx);
      for (int64_t c = 0; c < C; c++)
        lp[(n * C + c) * Dd + d] = sce ? x[(n * C + c) * Dd + d] - mx - log(se)
                                       : x[(n * C + c) * Dd + d];
      const int64_t tt = tg[n * Dd + d];
      double l = 0, wt = 0;
      if (!(has_ii && tt == ii)) {
        wt = has_w ? w[tt] : 1.0;
        l = -lp[(n * C + tt) * Dd + d] * wt;
      }
      el[n * Dd + d] = l;
      sum += l;
      wsum += wt;
    }
  if (infer_eval(name, &t, sce ? &op_SoftmaxCrossEntropyLoss : &op_NegativeLogLikelihoodLoss) == 0) {
    const ir_tensor *y = ir_out(t.g, N(&t), 0);
    if (red && !strcmp(red, "none")) {
      compare(name, y, el, Nn * Dd, 1e-5);
    } else {
      double r = red && !strcmp(red, "sum") ? sum : sum / wsum;
      if (y->rank != 0) fail(name, "reduced loss has rank %d, expected 0", y->rank);
      else compare(name, y, &r, 1, 1e-5);
    }
    if (log_prob) {
      char nm[160];
      snprintf(nm, sizeof nm, "%s log_prob", name);
      compare(nm, ir_out(t.g, N(&t), 1), lp, Nn * C * Dd, 1e-5);
    }
    if (package)
      package_check(name, &t, sce ? &op_SoftmaxCrossEntropyLoss : &op_NegativeLogLikelihoodLoss);
  }
  free(x);
  free(w);
  free(lp);
  free(el);
  tc_free_(&t);
}

static void test_losses(void) {
  loss_run("nll mean default", 0, NULL, 0, 0, 0, 0, 0, 1);
  loss_run("nll none weights", 0, "none", 1, 0, 0, 0, 0, 0);
  loss_run("nll sum weights ignore", 0, "sum", 1, 1, 3, 0, 0, 0);
  loss_run("nll mean weights ignore int32", 0, "mean", 1, 1, 1, 1, 0, 1);
  loss_run("nll mean ignore no weights", 0, "mean", 0, 1, 2, 0, 0, 0);
  loss_run("sce mean", 1, "mean", 0, 0, 0, 0, 0, 0);
  loss_run("sce none log_prob", 1, "none", 0, 1, -1, 0, 1, 1);
  loss_run("sce mean weights ignore log_prob", 1, "mean", 1, 1, 4, 0, 1, 1);
  loss_run("sce sum int32", 1, "sum", 1, 0, 0, 1, 0, 0);

  tcase t = tc_new();
  int ins[2] = {tensor(&t, "x", IR_F32, 2, D(3, 5), NULL), tensor(&t, "t", IR_I64, 1, D(3), NULL)};
  int outs[1] = {output(&t, "l")};
  node(&t, "NegativeLogLikelihoodLoss", 13, 2, ins, 1, outs);
  attr_s(&t, "reduction", "avg");
  expect_error("nll bad reduction", &t, &op_NegativeLogLikelihoodLoss, "reduction = 'avg'");
  tc_free_(&t);

  t = tc_new();
  int ins2[2] = {tensor(&t, "x", IR_F32, 3, D(3, 5, 2), NULL),
                 tensor(&t, "t", IR_I64, 2, D(3, 3), NULL)};
  int outs2[1] = {output(&t, "l")};
  node(&t, "SoftmaxCrossEntropyLoss", 13, 2, ins2, 1, outs2);
  expect_error("sce target shape", &t, &op_SoftmaxCrossEntropyLoss, "does not match input shape");
  tc_free_(&t);

  t = tc_new();
  const int64_t tg[3] = {0, 5, 1};
  int ins3[2] = {tensor(&t, "x", IR_F32, 2, D(3, 5), NULL), tensor(&t, "t", IR_I64, 1, D(3), tg)};
  int outs3[1] = {output(&t, "l")};
  node(&t, "NegativeLogLikelihoodLoss", 13, 2, ins3, 1, outs3);
  expect_error("nll constant target out of range", &t, &op_NegativeLogLikelihoodLoss,
               "target[1] = 5 is outside [0, 5)");
  tc_free_(&t);

  t = tc_new();
  int ins4[3] = {tensor(&t, "x", IR_F32, 2, D(3, 5), NULL), tensor(&t, "t", IR_I64, 1, D(3), NULL),
                 tensor(&t, "w", IR_F32, 1, D(4), NULL)};
  int outs4[1] = {output(&t, "l")};
  node(&t, "NegativeLogLikelihoodLoss", 13, 3, ins4, 1, outs4);
  expect_error("nll weight shape", &t, &op_NegativeLogLikelihoodLoss, "expected [5]");
  tc_free_(&t);

  t = tc_new();
  int ins5[2] = {tensor(&t, "x", IR_F64, 2, D(3, 5), NULL), tensor(&t, "t", IR_I64, 1, D(3), NULL)};
  int outs5[1] = {output(&t, "l")};
  node(&t, "SoftmaxCrossEntropyLoss", 13, 2, ins5, 1, outs5);
  expect_error("sce float64 rejected", &t, &op_SoftmaxCrossEntropyLoss, "supported: float32");
  tc_free_(&t);
}

int main(void) {
  static const char *const kernels[] = {"src/kernels/gemm.h", "src/kernels/attention.h",
                                        "src/kernels/attention.c", "src/kernels/loss.h",
                                        "src/kernels/loss.c"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  test_attention();
  test_attention_errors();
  test_rotary();
  test_losses();
  return ot_report();
}
