/* test_ops_seqmath.c - unit tests of RNN/GRU/LSTM, Einsum, DFT/STFT/windows/
 * MelWeightMatrix, the random ops and the training optimizers: infer + eval
 * (the kernels) against naive reference loops written here, emitted code
 * run as package programs where the op needs no scratch, and error
 * messages.
 *
 * Build (from the repo root):
 *   cc -std=c11 -Wall -Wextra -g -DKILN_HOST -Isrc -Iruntime -Isrc/kernels -Itests/unit \
 *      -o /tmp/t tests/unit/test_ops_seqmath.c tests/unit/harness/op_test.c \
 *      src/ops/rnn.c src/ops/einsum.c src/ops/spectral.c src/ops/random.c src/ops/training.c \
 *      src/ops/ops_common.c src/kernels/rnn.c src/kernels/einsum.c src/kernels/spectral.c \
 *      src/kernels/random.c src/kernels/training.c src/ir/ir.c src/util/util.c -lm
 * Ends with "N passed, N failed"; exit status 1 on any failure.
 */
#include "ops/op.h"
#include "emit/emit.h"
#include "ir/ir.h"
#include "util/util.h"
#include "harness/op_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

extern const op_def op_RNN, op_GRU, op_LSTM, op_Einsum, op_DFT, op_STFT, op_HannWindow,
    op_HammingWindow, op_BlackmanWindow, op_MelWeightMatrix, op_RandomUniform, op_RandomNormal,
    op_RandomUniformLike, op_RandomNormalLike, op_Bernoulli, op_Multinomial, op_Adam, op_Adagrad,
    op_Momentum;

static kiln_diag D;
static uint32_t rng = 12345;
static float frand(void) { /* [-1, 1) */
  rng = rng * 1664525u + 1013904223u;
  return (float)((rng >> 8) & 0xFFFF) / 32768.0f - 1.0f;
}
static float *rvec(int64_t n) {
  float *v = malloc(sizeof(float) * (size_t)(n ? n : 1));
  for (int64_t i = 0; i < n; i++) v[i] = frand();
  return v;
}

static void attr_strings(ir_node *n, const char *name, int k, const char *const *v) {
  ir_attr *a = ot_attr(n, name, IR_ATTR_STRINGS);
  a->n = k;
  a->strings = kiln_malloc(sizeof(char *) * (size_t)k);
  a->string_lens = kiln_malloc(sizeof(size_t) * (size_t)k);
  for (int i = 0; i < k; i++) a->strings[i] = kiln_strdup(v[i]), a->string_lens[i] = strlen(v[i]);
}

static const ir_tensor *outp(ir_graph *g, int nd, int k) { return &g->tensors[g->nodes[nd].outputs[k]]; }

static void expect_close_f32(const char *name, const ir_tensor *t, const double *want, int64_t n, double tol) {
  ot_expect_reals(name, t, IR_F32, want, n, tol, tol);
}

/* ------------------------------------------------------------ recurrent */

static double sigm(double v) { return 1.0 / (1.0 + exp(-v)); }

/* Naive reference: cell 0 RNN (tanh), 1 GRU (sigmoid, tanh), 2 LSTM
 * (sigmoid, tanh, tanh); layout 0; seq may be NULL. */
static void ref_rnn(int cell, int lbr, int D_, int T, int B, int I, int H, const float *X, const float *W,
                    const float *R, const float *Bi, const float *P, const int32_t *seq, const float *h0,
                    const float *c0, double *Y, double *Yh, double *Yc) {
  const int G = cell == 0 ? 1 : cell == 1 ? 3 : 4;
  for (int d = 0; d < D_; d++)
    for (int b = 0; b < B; b++) {
      double h[16], c[16], hn[16];
      for (int j = 0; j < H; j++) {
        h[j] = h0 ? h0[(d * B + b) * H + j] : 0;
        c[j] = c0 ? c0[(d * B + b) * H + j] : 0;
      }
      const int len = seq ? seq[b] : T;
      for (int t = 0; t < T; t++)
        for (int j = 0; j < H; j++) Y[((t * D_ + d) * B + b) * H + j] = 0;
      for (int s = 0; s < len; s++) {
        const int t = d == 1 ? len - 1 - s : s;
        const float *x = X + (t * B + b) * I;
        /* xw[g][j], hr[g][j] */
        double xw[4][16], hr[4][16], rh2[16];
        for (int q = 0; q < G; q++)
          for (int j = 0; j < H; j++) {
            const int row = q * H + j;
            double a = Bi ? Bi[d * 2 * G * H + row] : 0, r = Bi ? Bi[d * 2 * G * H + G * H + row] : 0;
            for (int i = 0; i < I; i++) a += x[i] * W[(d * G * H + row) * I + i];
            for (int i = 0; i < H; i++) r += h[i] * R[(d * G * H + row) * H + i];
            xw[q][j] = a;
            hr[q][j] = r;
          }
        if (cell == 0) {
          for (int j = 0; j < H; j++) hn[j] = tanh(xw[0][j] + hr[0][j]);
        } else if (cell == 1) {
          double z[16], rr[16];
          for (int j = 0; j < H; j++) {
            z[j] = sigm(xw[0][j] + hr[0][j]);
            rr[j] = sigm(xw[1][j] + hr[1][j]);
          }
          for (int j = 0; j < H; j++) {
            double a = Bi ? Bi[d * 2 * G * H + G * H + 2 * H + j] : 0;
            for (int i = 0; i < H; i++) a += rr[i] * h[i] * R[(d * G * H + 2 * H + j) * H + i];
            rh2[j] = lbr ? rr[j] * hr[2][j] : a;
            hn[j] = (1 - z[j]) * tanh(xw[2][j] + rh2[j]) + z[j] * h[j];
          }
        } else {
          for (int j = 0; j < H; j++) {
            const double pi = P ? P[d * 3 * H + j] : 0, po = P ? P[d * 3 * H + H + j] : 0,
                         pf = P ? P[d * 3 * H + 2 * H + j] : 0;
            const double ig = sigm(xw[0][j] + hr[0][j] + pi * c[j]);
            const double fg = sigm(xw[2][j] + hr[2][j] + pf * c[j]);
            const double cc = tanh(xw[3][j] + hr[3][j]);
            c[j] = fg * c[j] + ig * cc;
            const double og = sigm(xw[1][j] + hr[1][j] + po * c[j]);
            hn[j] = og * tanh(c[j]);
          }
        }
        for (int j = 0; j < H; j++) {
          h[j] = hn[j];
          Y[((t * D_ + d) * B + b) * H + j] = h[j];
        }
      }
      for (int j = 0; j < H; j++) {
        Yh[(d * B + b) * H + j] = h[j];
        if (Yc) Yc[(d * B + b) * H + j] = c[j];
      }
    }
}

static void rnn_case(const char *name, int cell, int lbr, const char *dir, int with_b, int with_seq,
                     int with_init, int with_p, int layout) {
  const int D_ = !strcmp(dir, "bidirectional") ? 2 : 1, T = 4, B = 3, I = 3, H = 5;
  const int G = cell == 0 ? 1 : cell == 1 ? 3 : 4;
  const op_def *op = cell == 0 ? &op_RNN : cell == 1 ? &op_GRU : &op_LSTM;
  ir_graph *g = ir_graph_new();
  float *X = rvec(T * B * I), *W = rvec(D_ * G * H * I), *R = rvec(D_ * G * H * H), *Bi = rvec(D_ * 2 * G * H);
  float *P = rvec(D_ * 3 * H), *h0 = rvec(D_ * B * H), *c0 = rvec(D_ * B * H);
  int32_t seq[3] = {4, 2, 3};
  /* layout 1 inputs are the transposes */
  float *Xl = malloc(sizeof(float) * T * B * I), *h0l = malloc(sizeof(float) * D_ * B * H),
        *c0l = malloc(sizeof(float) * D_ * B * H);
  for (int t = 0; t < T; t++)
    for (int b = 0; b < B; b++)
      for (int i = 0; i < I; i++) Xl[(b * T + t) * I + i] = X[(t * B + b) * I + i];
  for (int d = 0; d < D_; d++)
    for (int b = 0; b < B; b++)
      for (int j = 0; j < H; j++) {
        h0l[(b * D_ + d) * H + j] = h0[(d * B + b) * H + j];
        c0l[(b * D_ + d) * H + j] = c0[(d * B + b) * H + j];
      }
  int x = layout ? ot_tensor(g, "X", IR_F32, 3, OT_I64(B, T, I), Xl) : ot_tensor(g, "X", IR_F32, 3, OT_I64(T, B, I), X);
  int w = ot_tensor(g, "W", IR_F32, 3, OT_I64(D_, G * H, I), W);
  int r = ot_tensor(g, "R", IR_F32, 3, OT_I64(D_, G * H, H), R);
  int bi = with_b ? ot_tensor(g, "B", IR_F32, 2, OT_I64(D_, 2 * G * H), Bi) : -1;
  int sq = with_seq ? ot_tensor(g, "seq", IR_I32, 1, OT_I64(B), seq) : -1;
  const int64_t *hd = layout ? OT_I64(B, D_, H) : OT_I64(D_, B, H);
  int ih = with_init ? ot_tensor(g, "h0", IR_F32, 3, hd, layout ? h0l : h0) : -1;
  int ic = with_init && cell == 2 ? ot_tensor(g, "c0", IR_F32, 3, hd, layout ? c0l : c0) : -1;
  int pp = with_p ? ot_tensor(g, "P", IR_F32, 2, OT_I64(D_, 3 * H), P) : -1;
  int nd = cell == 2 ? ot_node(g, "node0", "LSTM", 22, 8, OT_IDS(x, w, r, bi, sq, ih, ic, pp), 3, NULL)
                     : ot_node(g, "node0", cell ? "GRU" : "RNN", 22, 6, OT_IDS(x, w, r, bi, sq, ih), 2, NULL);
  ot_attr_int(&g->nodes[nd], "hidden_size", H);
  ot_attr_str(&g->nodes[nd], "direction", dir);
  if (layout) ot_attr_int(&g->nodes[nd], "layout", 1);
  if (cell == 1) ot_attr_int(&g->nodes[nd], "linear_before_reset", lbr);
  int rc = ot_run(op, g, nd, &D, "test.onnx");
  ot_check(rc == 0, name, "%s", D.msg);
  if (rc == 0) {
    double *Y = calloc((size_t)(T * D_ * B * H), sizeof(double)), Yh[2 * 3 * 5], Yc[2 * 3 * 5];
    ref_rnn(cell, lbr, D_, T, B, I, H, X, W, R, with_b ? Bi : NULL, with_p ? P : NULL, with_seq ? seq : NULL,
            with_init ? h0 : NULL, with_init && cell == 2 ? c0 : NULL, Y, Yh, cell == 2 ? Yc : NULL);
    if (!strcmp(dir, "reverse")) { /* the reference's direction 1 is the reverse pass */
      double *Y2 = calloc((size_t)(T * 2 * B * H), sizeof(double)), Yh2[60], Yc2[60];
      float *W2 = malloc(sizeof(float) * 2 * G * H * I), *R2 = malloc(sizeof(float) * 2 * G * H * H),
            *B2 = malloc(sizeof(float) * 4 * G * H), *h02 = malloc(sizeof(float) * 2 * B * H),
            *c02 = malloc(sizeof(float) * 2 * B * H);
      for (int k = 0; k < 2; k++) {
        memcpy(W2 + k * G * H * I, W, sizeof(float) * G * H * I);
        memcpy(R2 + k * G * H * H, R, sizeof(float) * G * H * H);
        memcpy(B2 + k * 2 * G * H, Bi, sizeof(float) * 2 * G * H);
        memcpy(h02 + k * B * H, h0, sizeof(float) * B * H);
        memcpy(c02 + k * B * H, c0, sizeof(float) * B * H);
      }
      float P2[30];
      memcpy(P2, P, sizeof(float) * 15);
      memcpy(P2 + 15, P, sizeof(float) * 15);
      ref_rnn(cell, lbr, 2, T, B, I, H, X, W2, R2, with_b ? B2 : NULL, with_p ? P2 : NULL, with_seq ? seq : NULL,
              with_init ? h02 : NULL, with_init && cell == 2 ? c02 : NULL, Y2, Yh2, cell == 2 ? Yc2 : NULL);
      for (int t = 0; t < T; t++)
        for (int k = 0; k < B * H; k++) Y[t * B * H + k] = Y2[(t * 2 + 1) * B * H + k];
      for (int k = 0; k < B * H; k++) Yh[k] = Yh2[B * H + k], Yc[k] = Yc2[B * H + k];
      free(Y2); free(W2); free(R2); free(B2); free(h02); free(c02);
    }
    if (layout) { /* transpose the reference into layout 1 */
      double *Yt = calloc((size_t)(T * D_ * B * H), sizeof(double)), Yht[30], Yct[30];
      for (int t = 0; t < T; t++)
        for (int d = 0; d < D_; d++)
          for (int b = 0; b < B; b++)
            for (int j = 0; j < H; j++) Yt[((b * T + t) * D_ + d) * H + j] = Y[((t * D_ + d) * B + b) * H + j];
      for (int d = 0; d < D_; d++)
        for (int b = 0; b < B; b++)
          for (int j = 0; j < H; j++) {
            Yht[(b * D_ + d) * H + j] = Yh[(d * B + b) * H + j];
            Yct[(b * D_ + d) * H + j] = Yc[(d * B + b) * H + j];
          }
      memcpy(Y, Yt, sizeof(double) * (size_t)(T * D_ * B * H));
      memcpy(Yh, Yht, sizeof Yht);
      memcpy(Yc, Yct, sizeof Yct);
      free(Yt);
    }
    char nm[160];
    snprintf(nm, sizeof nm, "%s_Y", name);
    expect_close_f32(nm, outp(g, nd, 0), Y, T * D_ * B * H, 1e-5);
    snprintf(nm, sizeof nm, "%s_Y_h", name);
    expect_close_f32(nm, outp(g, nd, 1), Yh, D_ * B * H, 1e-5);
    if (cell == 2) {
      snprintf(nm, sizeof nm, "%s_Y_c", name);
      expect_close_f32(nm, outp(g, nd, 2), Yc, D_ * B * H, 1e-5);
    }
    free(Y);
  }
  free(X); free(W); free(R); free(Bi); free(P); free(h0); free(c0); free(Xl); free(h0l); free(c0l);
  ir_graph_free(g);
}

static void rnn_error(const char *name, const char *op, const char *attr, const char *sval, int64_t ival,
                      int wrong_w, const char *want) {
  const op_def *def = !strcmp(op, "RNN") ? &op_RNN : !strcmp(op, "GRU") ? &op_GRU : &op_LSTM;
  const int G = !strcmp(op, "RNN") ? 1 : !strcmp(op, "GRU") ? 3 : 4;
  ir_graph *g = ir_graph_new();
  int x = ot_tensor(g, "X", IR_F32, 3, OT_I64(2, 1, 3), NULL);
  int w = ot_tensor(g, "W", IR_F32, 3, OT_I64(1, G * 4 + wrong_w, 3), NULL);
  int r = ot_tensor(g, "R", IR_F32, 3, OT_I64(1, G * 4, 4), NULL);
  int nd = ot_node(g, "node0", op, 22, 3, OT_IDS(x, w, r), 2, NULL);
  ot_attr_int(&g->nodes[nd], "hidden_size", 4);
  if (attr && sval) ot_attr_str(&g->nodes[nd], attr, sval);
  else if (attr) ot_attr_int(&g->nodes[nd], attr, ival);
  ot_expect_error(name, ot_run(def, g, nd, &D, "test.onnx"), &D, want);
  ir_graph_free(g);
}

static void test_rnn(void) {
  rnn_case("rnn_forward", 0, 0, "forward", 1, 0, 1, 0, 0);
  rnn_case("rnn_reverse_seq", 0, 0, "reverse", 1, 1, 0, 0, 0);
  rnn_case("rnn_bidirectional_layout1", 0, 0, "bidirectional", 1, 1, 1, 0, 1);
  rnn_case("gru_forward", 1, 0, "forward", 1, 0, 1, 0, 0);
  rnn_case("gru_linear_before_reset", 1, 1, "forward", 1, 1, 1, 0, 0);
  rnn_case("gru_bidirectional_seq", 1, 0, "bidirectional", 1, 1, 1, 0, 0);
  rnn_case("gru_reverse_lbr_layout1", 1, 1, "reverse", 1, 1, 1, 0, 1);
  rnn_case("lstm_forward_nobias", 2, 0, "forward", 0, 0, 0, 0, 0);
  rnn_case("lstm_peepholes_seq", 2, 0, "forward", 1, 1, 1, 1, 0);
  rnn_case("lstm_bidirectional_layout1", 2, 0, "bidirectional", 1, 1, 1, 1, 1);
  rnn_case("lstm_reverse", 2, 0, "reverse", 1, 1, 1, 1, 0);
  rnn_error("rnn_bad_direction", "RNN", "direction", "sideways", 0, 0, "direction = 'sideways'");
  rnn_error("gru_bad_W", "GRU", NULL, NULL, 0, 1, "input 1 'W' has shape 1x13x3, expected [1, 12, 3]");
  rnn_error("lstm_bad_layout", "LSTM", "layout", NULL, 2, 0, "layout = 2, expected 0 or 1");
  rnn_error("gru_bad_lbr", "GRU", "linear_before_reset", NULL, 3, 0, "linear_before_reset = 3");
  /* activations: RNN with Relu; count checked */
  {
    ir_graph *g = ir_graph_new();
    float X[2] = {1.0f, -2.0f}, W[2] = {1.0f, 1.0f}, R[4] = {0.5f, 0, 0, 0.5f};
    int x = ot_tensor(g, "X", IR_F32, 3, OT_I64(2, 1, 1), X);
    int w = ot_tensor(g, "W", IR_F32, 3, OT_I64(1, 2, 1), W);
    int r = ot_tensor(g, "R", IR_F32, 3, OT_I64(1, 2, 2), R);
    int nd = ot_node(g, "node0", "RNN", 14, 3, OT_IDS(x, w, r), 2, NULL);
    ot_attr_int(&g->nodes[nd], "hidden_size", 2);
    attr_strings(&g->nodes[nd], "activations", 1, (const char *const[]){"LeakyRelu"});
    ot_attr_floats(&g->nodes[nd], "activation_alpha", 1, OT_F32(0.25f));
    int rc = ot_run(&op_RNN, g, nd, &D, "test.onnx");
    ot_check(rc == 0, "rnn_activations_leakyrelu_runs", "%s", D.msg);
    /* t0: h = [1, 1]; t1: -2 + 0.5 = -1.5 -> leaky 0.25: -0.375 */
    if (rc == 0) expect_close_f32("rnn_activations_leakyrelu", outp(g, nd, 1), (const double[]){-0.375, -0.375}, 2, 1e-6);
    ir_graph_free(g);
    g = ir_graph_new();
    x = ot_tensor(g, "X", IR_F32, 3, OT_I64(2, 1, 1), NULL);
    w = ot_tensor(g, "W", IR_F32, 3, OT_I64(1, 2, 1), NULL);
    r = ot_tensor(g, "R", IR_F32, 3, OT_I64(1, 2, 2), NULL);
    nd = ot_node(g, "node0", "RNN", 14, 3, OT_IDS(x, w, r), 2, NULL);
    attr_strings(&g->nodes[nd], "activations", 1, (const char *const[]){"Gelu"});
    ot_expect_error("rnn_unknown_activation", ot_run(&op_RNN, g, nd, &D, "test.onnx"), &D,
                    "unsupported activation 'Gelu'");
    ir_graph_free(g);
  }
}

/* ---------------------------------------------------------------- Einsum */

static void einsum_case(const char *name, const char *eq, int nin, const int64_t *const *shapes,
                        const int *ranks, const double *want, int64_t nwant, const int64_t *odims, int orank) {
  ir_graph *g = ir_graph_new();
  int ids[4];
  float *bufs[4];
  for (int i = 0; i < nin; i++) {
    int64_t c = 1;
    for (int k = 0; k < ranks[i]; k++) c *= shapes[i][k];
    bufs[i] = malloc(sizeof(float) * (size_t)(c ? c : 1));
    for (int64_t k = 0; k < c; k++) bufs[i][k] = (float)(k + 1 + i);
    char tn[16];
    snprintf(tn, sizeof tn, "x%d", i);
    ids[i] = ot_tensor(g, tn, IR_F32, ranks[i], shapes[i], bufs[i]);
  }
  int nd = ot_node(g, "node0", "Einsum", 12, nin, ids, 1, NULL);
  ot_attr_str(&g->nodes[nd], "equation", eq);
  int rc = ot_run(&op_Einsum, g, nd, &D, "test.onnx");
  ot_check(rc == 0, name, "%s", D.msg);
  if (rc == 0 && ot_expect_shape(name, outp(g, nd, 0), IR_F32, orank, odims)) {
    expect_close_f32(name, outp(g, nd, 0), want, nwant, 1e-6);
    char nm[160];
    snprintf(nm, sizeof nm, "%s_package", name);
    ot_pkg_check(nm, &op_Einsum, g, nd, 1e-6);
  }
  for (int i = 0; i < nin; i++) free(bufs[i]);
  ir_graph_free(g);
}

static void einsum_error(const char *name, const char *eq, int nin, const char *want) {
  ir_graph *g = ir_graph_new();
  int a = ot_tensor(g, "a", IR_F32, 2, OT_I64(2, 3), NULL), b = ot_tensor(g, "b", IR_F32, 2, OT_I64(2, 3), NULL);
  int nd = ot_node(g, "node0", "Einsum", 12, nin, OT_IDS(a, b), 1, NULL);
  ot_attr_str(&g->nodes[nd], "equation", eq);
  ot_expect_error(name, ot_run(&op_Einsum, g, nd, &D, "test.onnx"), &D, want);
  ir_graph_free(g);
}

static void test_einsum(void) {
  /* a = [[1,2,3],[4,5,6]] (2x3), b = [[2,3],[4,5],[6,7]] (3x2): a@b */
  {
    double want[4];
    const float a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {2, 3, 4, 5, 6, 7};
    for (int i = 0; i < 2; i++)
      for (int k = 0; k < 2; k++) {
        double s = 0;
        for (int j = 0; j < 3; j++) s += a[i * 3 + j] * b[j * 2 + k];
        want[i * 2 + k] = s;
      }
    einsum_case("einsum_matmul", "ij,jk->ik", 2, (const int64_t *const[]){OT_I64(2, 3), OT_I64(3, 2)},
                (const int[]){2, 2}, want, 4, OT_I64(2, 2), 2);
    einsum_case("einsum_matmul_implicit", "ij,jk", 2, (const int64_t *const[]){OT_I64(2, 3), OT_I64(3, 2)},
                (const int[]){2, 2}, want, 4, OT_I64(2, 2), 2);
  }
  /* x = 1..9 (3x3): diagonal [1,5,9], trace 15, transpose */
  einsum_case("einsum_diagonal", "ii->i", 1, (const int64_t *const[]){OT_I64(3, 3)}, (const int[]){2},
              (const double[]){1, 5, 9}, 3, OT_I64(3), 1);
  einsum_case("einsum_trace", "ii", 1, (const int64_t *const[]){OT_I64(3, 3)}, (const int[]){2},
              (const double[]){15}, 1, NULL, 0);
  einsum_case("einsum_transpose_implicit", "ji", 1, (const int64_t *const[]){OT_I64(2, 3)}, (const int[]){2},
              (const double[]){1, 4, 2, 5, 3, 6}, 6, OT_I64(3, 2), 2);
  einsum_case("einsum_sum_all", "ij->", 1, (const int64_t *const[]){OT_I64(2, 3)}, (const int[]){2},
              (const double[]){21}, 1, NULL, 0);
  /* ellipsis with broadcasting: a [2,1,2] (1..4), b [3,2] (2..7): "...j,...j->..." -> [2,3] */
  {
    const float a[4] = {1, 2, 3, 4}, b[6] = {2, 3, 4, 5, 6, 7};
    double want[6];
    for (int p = 0; p < 2; p++)
      for (int q = 0; q < 3; q++) want[p * 3 + q] = a[p * 2] * b[q * 2] + a[p * 2 + 1] * b[q * 2 + 1];
    einsum_case("einsum_ellipsis_broadcast", "...j, ...j -> ...", 2,
                (const int64_t *const[]){OT_I64(2, 1, 2), OT_I64(3, 2)}, (const int[]){3, 2}, want, 6,
                OT_I64(2, 3), 2);
  }
  /* batch diagonal "...ii->...i" on [2,2,2] (1..8) */
  einsum_case("einsum_batch_diagonal", "...ii->...i", 1, (const int64_t *const[]){OT_I64(2, 2, 2)},
              (const int[]){3}, (const double[]){1, 4, 5, 8}, 4, OT_I64(2, 2), 2);
  einsum_error("einsum_bad_char", "i$,ij", 2, "unexpected character '$'");
  einsum_error("einsum_rank_mismatch", "ijk,ij", 2, "input 0 has rank 2, but its equation term has 3 subscripts");
  einsum_error("einsum_size_mismatch", "ij,ji->i", 2, "subscript 'j' has size 2 in input 1 but 3 elsewhere");
  einsum_error("einsum_term_count", "ij", 2, "equation has 1 input terms, but the node has 2 inputs");
  einsum_error("einsum_unknown_output", "ij,ij->k", 2, "output subscript 'k' does not appear");
}

/* ---------------------------------------------------------------- spectral */

static void test_dft(void) {
  const int N = 7;
  float x[7];
  for (int i = 0; i < N; i++) x[i] = frand();
  double re[7], im[7];
  for (int k = 0; k < N; k++) {
    re[k] = im[k] = 0;
    for (int t = 0; t < N; t++) {
      re[k] += x[t] * cos(2 * M_PI * k * t / N);
      im[k] -= x[t] * sin(2 * M_PI * k * t / N);
    }
  }
  /* forward, real input [1, 7, 1], opset 17 axis 1 */
  ir_graph *g = ir_graph_new();
  int xi = ot_tensor(g, "x", IR_F32, 3, OT_I64(1, N, 1), x);
  int nd = ot_node(g, "node0", "DFT", 17, 1, OT_IDS(xi), 1, NULL);
  int rc = ot_run(&op_DFT, g, nd, &D, "test.onnx");
  ot_check(rc == 0, "dft_forward_runs", "%s", D.msg);
  double want[14];
  for (int k = 0; k < N; k++) want[2 * k] = re[k], want[2 * k + 1] = im[k];
  if (rc == 0) {
    expect_close_f32("dft_forward", outp(g, nd, 0), want, 2 * N, 1e-5);
    ot_pkg_check("dft_forward_package", &op_DFT, g, nd, 1e-5);
  }
  /* onesided, opset 20 with axis input -2, dft_length 5 (truncate) */
  int64_t ax = -2, len = 5;
  int axt = ot_tensor(g, "axis", IR_I64, 0, NULL, &ax), lt = ot_tensor(g, "len", IR_I64, 0, NULL, &len);
  nd = ot_node(g, "node1", "DFT", 20, 3, OT_IDS(xi, lt, axt), 1, NULL);
  ot_attr_int(&g->nodes[nd], "onesided", 1);
  rc = ot_run(&op_DFT, g, nd, &D, "test.onnx");
  ot_check(rc == 0 && ot_shape_is(outp(g, nd, 0), 3, OT_I64(1, 3, 2)), "dft_onesided_length_shape", "%s", D.msg);
  if (rc == 0) {
    double w5[6];
    for (int k = 0; k < 3; k++) {
      w5[2 * k] = w5[2 * k + 1] = 0;
      for (int t = 0; t < 5; t++) {
        w5[2 * k] += x[t] * cos(2 * M_PI * k * t / 5);
        w5[2 * k + 1] -= x[t] * sin(2 * M_PI * k * t / 5);
      }
    }
    expect_close_f32("dft_onesided_length", outp(g, nd, 0), w5, 6, 1e-5);
  }
  /* inverse of the full spectrum gives x back (imag 0) */
  float spec[14];
  for (int k = 0; k < 2 * N; k++) spec[k] = (float)want[k];
  int st = ot_tensor(g, "spec", IR_F32, 3, OT_I64(1, N, 2), spec);
  nd = ot_node(g, "node2", "DFT", 17, 1, OT_IDS(st), 1, NULL);
  ot_attr_int(&g->nodes[nd], "inverse", 1);
  rc = ot_run(&op_DFT, g, nd, &D, "test.onnx");
  if (rc == 0) {
    double back[14];
    for (int t = 0; t < N; t++) back[2 * t] = x[t], back[2 * t + 1] = 0;
    ot_expect_reals("dft_inverse_roundtrip", outp(g, nd, 0), IR_F32, back, 2 * N, 1e-4, 1e-5);
  } else ot_fail("dft_inverse_roundtrip", "%s", D.msg);
  /* irfft: onesided half spectrum of a length-8 real signal */
  float x8[8], half[10];
  for (int i = 0; i < 8; i++) x8[i] = frand();
  for (int k = 0; k < 5; k++) {
    double r = 0, m = 0;
    for (int t = 0; t < 8; t++) r += x8[t] * cos(2 * M_PI * k * t / 8), m -= x8[t] * sin(2 * M_PI * k * t / 8);
    half[2 * k] = (float)r;
    half[2 * k + 1] = (float)m;
  }
  int ht = ot_tensor(g, "half", IR_F32, 3, OT_I64(1, 5, 2), half);
  nd = ot_node(g, "node3", "DFT", 17, 1, OT_IDS(ht), 1, NULL);
  ot_attr_int(&g->nodes[nd], "inverse", 1);
  ot_attr_int(&g->nodes[nd], "onesided", 1);
  rc = ot_run(&op_DFT, g, nd, &D, "test.onnx");
  if (rc == 0 && ot_shape_is(outp(g, nd, 0), 3, OT_I64(1, 8, 1))) {
    double back[8];
    for (int t = 0; t < 8; t++) back[t] = x8[t];
    ot_expect_reals("dft_irfft_roundtrip", outp(g, nd, 0), IR_F32, back, 8, 1e-4, 1e-5);
    ot_pkg_check("dft_irfft_package", &op_DFT, g, nd, 1e-5);
  } else ot_fail("dft_irfft_roundtrip", "%s", D.msg);
  /* errors */
  nd = ot_node(g, "node4", "DFT", 17, 1, OT_IDS(xi), 1, NULL);
  ot_attr_int(&g->nodes[nd], "axis", 2);
  ot_expect_error("dft_axis_last", ot_run(&op_DFT, g, nd, &D, "test.onnx"), &D, "is the real/imaginary dim");
  int bad = ot_tensor(g, "bad", IR_F32, 2, OT_I64(4, 3), NULL);
  nd = ot_node(g, "node5", "DFT", 17, 1, OT_IDS(bad), 1, NULL);
  ot_expect_error("dft_bad_last_dim", ot_run(&op_DFT, g, nd, &D, "test.onnx"), &D,
                  "has last dim 3, expected 1 (real) or 2 (complex)");
  int rt_axis = ot_tensor(g, "rt_axis", IR_I64, 0, NULL, NULL);
  nd = ot_node(g, "node6", "DFT", 20, 3, OT_IDS(xi, -1, rt_axis), 1, NULL);
  ot_expect_error("dft_axis_not_constant", ot_run(&op_DFT, g, nd, &D, "test.onnx"), &D,
                  "input 2 'axis' must be a constant");
  ir_graph_free(g);
}

static void test_stft_windows(void) {
  ir_graph *g = ir_graph_new();
  float sig[20], win[8];
  for (int i = 0; i < 20; i++) sig[i] = frand();
  for (int i = 0; i < 8; i++) win[i] = 0.5f + 0.05f * (float)i;
  int st = ot_tensor(g, "sig", IR_F32, 3, OT_I64(1, 20, 1), sig);
  int64_t step = 4;
  int sp = ot_tensor(g, "step", IR_I64, 0, NULL, &step);
  int wt = ot_tensor(g, "win", IR_F32, 1, OT_I64(8), win);
  int nd = ot_node(g, "node0", "STFT", 17, 3, OT_IDS(st, sp, wt), 1, NULL);
  int rc = ot_run(&op_STFT, g, nd, &D, "test.onnx");
  /* frames = 1 + (20 - 8) / 4 = 4, bins 5 */
  if (rc == 0 && ot_shape_is(outp(g, nd, 0), 4, OT_I64(1, 4, 5, 2))) {
    double want[40];
    for (int f = 0; f < 4; f++)
      for (int k = 0; k < 5; k++) {
        double r = 0, m = 0;
        for (int t = 0; t < 8; t++) {
          r += sig[f * 4 + t] * win[t] * cos(2 * M_PI * k * t / 8);
          m -= sig[f * 4 + t] * win[t] * sin(2 * M_PI * k * t / 8);
        }
        want[(f * 5 + k) * 2] = r, want[(f * 5 + k) * 2 + 1] = m;
      }
    expect_close_f32("stft_window", outp(g, nd, 0), want, 40, 1e-5);
    ot_pkg_check("stft_window_package", &op_STFT, g, nd, 1e-5);
  } else ot_fail("stft_window", "rc %d: %s", rc, D.msg);
  int64_t flen = 9;
  int fl = ot_tensor(g, "flen", IR_I64, 0, NULL, &flen);
  nd = ot_node(g, "node1", "STFT", 17, 4, OT_IDS(st, sp, wt, fl), 1, NULL);
  ot_expect_error("stft_length_mismatch", ot_run(&op_STFT, g, nd, &D, "test.onnx"), &D,
                  "frame_length 9 differs from the window length 8");
  nd = ot_node(g, "node2", "STFT", 17, 2, OT_IDS(st, sp), 1, NULL);
  ot_expect_error("stft_no_window", ot_run(&op_STFT, g, nd, &D, "test.onnx"), &D, "needs a window or a frame_length");

  /* windows */
  int32_t four = 4;
  int sz = ot_tensor(g, "size", IR_I32, 0, NULL, &four);
  nd = ot_node(g, "node3", "HannWindow", 17, 1, OT_IDS(sz), 1, NULL);
  rc = ot_run(&op_HannWindow, g, nd, &D, "test.onnx");
  if (rc == 0) expect_close_f32("hann_periodic", outp(g, nd, 0), (const double[]){0, 0.5, 1, 0.5}, 4, 1e-6);
  else ot_fail("hann_periodic", "%s", D.msg);
  nd = ot_node(g, "node4", "HammingWindow", 17, 1, OT_IDS(sz), 1, NULL);
  ot_attr_int(&g->nodes[nd], "periodic", 0);
  ot_attr_int(&g->nodes[nd], "output_datatype", IR_F64);
  rc = ot_run(&op_HammingWindow, g, nd, &D, "test.onnx");
  {
    const double a = 25.0 / 46.0, want[4] = {a - (1 - a), a - (1 - a) * cos(2 * M_PI / 3),
                                              a - (1 - a) * cos(4 * M_PI / 3), a - (1 - a)};
    if (rc == 0) ot_expect_reals("hamming_symmetric_f64", outp(g, nd, 0), IR_F64, want, 4, 1e-12, 1e-12);
    else ot_fail("hamming_symmetric_f64", "%s", D.msg);
  }
  nd = ot_node(g, "node5", "BlackmanWindow", 17, 1, OT_IDS(sz), 1, NULL);
  rc = ot_run(&op_BlackmanWindow, g, nd, &D, "test.onnx");
  if (rc == 0) {
    double want[4];
    for (int i = 0; i < 4; i++) want[i] = 0.42 - 0.5 * cos(2 * M_PI * i / 4) + 0.08 * cos(4 * M_PI * i / 4);
    expect_close_f32("blackman_periodic", outp(g, nd, 0), want, 4, 1e-6);
    ot_pkg_check("blackman_package", &op_BlackmanWindow, g, nd, 0);
  } else ot_fail("blackman_periodic", "%s", D.msg);
  int rsz = ot_tensor(g, "rsize", IR_I32, 0, NULL, NULL);
  nd = ot_node(g, "node6", "HannWindow", 17, 1, OT_IDS(rsz), 1, NULL);
  ot_expect_error("hann_size_not_constant", ot_run(&op_HannWindow, g, nd, &D, "test.onnx"), &D,
                  "input 0 'size' must be a constant");
  nd = ot_node(g, "node7", "HannWindow", 17, 1, OT_IDS(sz), 1, NULL);
  ot_attr_int(&g->nodes[nd], "output_datatype", IR_STRING);
  ot_expect_error("hann_bad_dtype", ot_run(&op_HannWindow, g, nd, &D, "test.onnx"), &D,
                  "output_datatype = 8 is not a supported numeric dtype");
  /* Mel: 8 bins, dft 16, 8 kHz, 0..4 kHz: shape [9, 8], triangles in [0, 1] */
  int32_t nm = 8, dl = 16, sr = 8000;
  float lo = 0.0f, hi = 4000.0f;
  int a0 = ot_tensor(g, "nm", IR_I32, 0, NULL, &nm), a1 = ot_tensor(g, "dl", IR_I32, 0, NULL, &dl),
      a2 = ot_tensor(g, "sr", IR_I32, 0, NULL, &sr), a3 = ot_tensor(g, "lo", IR_F32, 0, NULL, &lo),
      a4 = ot_tensor(g, "hi", IR_F32, 0, NULL, &hi);
  nd = ot_node(g, "node8", "MelWeightMatrix", 17, 5, OT_IDS(a0, a1, a2, a3, a4), 1, NULL);
  rc = ot_run(&op_MelWeightMatrix, g, nd, &D, "test.onnx");
  if (rc == 0 && ot_expect_shape("mel_shape", outp(g, nd, 0), IR_F32, 2, OT_I64(9, 8))) {
    const float *m = outp(g, nd, 0)->data;
    int ok = 1, peaks = 0;
    for (int i = 0; i < 72; i++) ok &= m[i] >= 0.0f && m[i] <= 1.0f, peaks += m[i] == 1.0f;
    ot_check(ok && peaks >= 8, "mel_values", "values outside [0, 1] or %d peaks", peaks);
  } else if (rc) ot_fail("mel_shape", "%s", D.msg);
  nd = ot_node(g, "node9", "MelWeightMatrix", 17, 5, OT_IDS(a0, a1, a2, a4, a3), 1, NULL);
  ot_expect_error("mel_bad_edges", ot_run(&op_MelWeightMatrix, g, nd, &D, "test.onnx"), &D,
                  "expected 0 <= lower_edge_hertz < upper_edge_hertz");
  ir_graph_free(g);
}

/* ----------------------------------------------------------------- random */

static void test_random(void) {
  ir_graph *g = ir_graph_new();
  int nd = ot_node(g, "node0", "RandomUniform", 22, 0, NULL, 1, NULL);
  ot_attr_ints(&g->nodes[nd], "shape", 2, OT_I64(50, 4));
  ot_attr_float(&g->nodes[nd], "low", -2.0f);
  ot_attr_float(&g->nodes[nd], "high", 3.0f);
  ot_attr_float(&g->nodes[nd], "seed", 7.0f);
  int rc = ot_run(&op_RandomUniform, g, nd, &D, "test.onnx");
  if (rc == 0 && ot_expect_shape("uniform_shape", outp(g, nd, 0), IR_F32, 2, OT_I64(50, 4))) {
    ot_check(op_RandomUniform.flags & OP_NO_FOLD, "uniform_no_fold", "OP_NO_FOLD not set");
    rc = op_RandomUniform.eval(&D, g, &g->nodes[nd]);
    const float *v = outp(g, nd, 0)->data;
    double mean = 0;
    int ok = 1;
    for (int i = 0; i < 200; i++) ok &= v[i] >= -2.0f && v[i] < 3.0f, mean += v[i] / 200.0;
    ot_check(ok && fabs(mean - 0.5) < 0.4, "uniform_range", "mean %g", mean);
    ot_pkg_check("uniform_package", &op_RandomUniform, g, nd, 0);
  } else if (rc) ot_fail("uniform_shape", "%s", D.msg);
  nd = ot_node(g, "node1", "RandomNormal", 22, 0, NULL, 1, NULL);
  ot_attr_ints(&g->nodes[nd], "shape", 1, OT_I64(4000));
  ot_attr_float(&g->nodes[nd], "mean", 1.0f);
  ot_attr_float(&g->nodes[nd], "scale", 2.0f);
  ot_attr_int(&g->nodes[nd], "dtype", IR_F64);
  rc = ot_run(&op_RandomNormal, g, nd, &D, "test.onnx");
  if (rc == 0) {
    const double *v = outp(g, nd, 0)->data;
    double m = 0, s = 0;
    for (int i = 0; i < 4000; i++) m += v[i] / 4000.0;
    for (int i = 0; i < 4000; i++) s += (v[i] - m) * (v[i] - m) / 4000.0;
    ot_check(outp(g, nd, 0)->dtype == IR_F64 && fabs(m - 1.0) < 0.15 && fabs(sqrt(s) - 2.0) < 0.15,
             "normal_moments_f64", "mean %g sd %g", m, sqrt(s));
  } else ot_fail("normal_moments_f64", "%s", D.msg);
  float probs[6] = {0, 1, 0, 1, 1, 0};
  int pt = ot_tensor(g, "p", IR_F32, 1, OT_I64(6), probs);
  nd = ot_node(g, "node2", "Bernoulli", 15, 1, OT_IDS(pt), 1, NULL);
  ot_attr_int(&g->nodes[nd], "dtype", IR_BOOL);
  rc = ot_run(&op_Bernoulli, g, nd, &D, "test.onnx");
  if (rc == 0) rc = op_Bernoulli.eval(&D, g, &g->nodes[nd]);
  if (rc == 0) ot_expect_ints("bernoulli_certain", outp(g, nd, 0), IR_BOOL, OT_I64(0, 1, 0, 1, 1, 0), 6);
  else ot_fail("bernoulli_certain", "%s", D.msg);
  float logits[6] = {-100, 5, -100, -100, -100, 7};
  int lt = ot_tensor(g, "l", IR_F32, 2, OT_I64(2, 3), logits);
  nd = ot_node(g, "node3", "Multinomial", 7, 1, OT_IDS(lt), 1, NULL);
  ot_attr_int(&g->nodes[nd], "sample_size", 3);
  ot_attr_int(&g->nodes[nd], "dtype", IR_I64);
  rc = ot_run(&op_Multinomial, g, nd, &D, "test.onnx");
  if (rc == 0) rc = op_Multinomial.eval(&D, g, &g->nodes[nd]);
  if (rc == 0) ot_expect_ints("multinomial_dominant", outp(g, nd, 0), IR_I64, OT_I64(1, 1, 1, 2, 2, 2), 6);
  else ot_fail("multinomial_dominant", "%s", D.msg);
  int xt = ot_tensor(g, "xl", IR_I64, 2, OT_I64(2, 5), NULL);
  nd = ot_node(g, "node4", "RandomNormalLike", 22, 1, OT_IDS(xt), 1, NULL);
  ot_expect_error("normal_like_int_dtype", ot_run(&op_RandomNormalLike, g, nd, &D, "test.onnx"), &D,
                  "dtype int64 is not supported at run time (supported: float32, float64)");
  nd = ot_node(g, "node5", "RandomUniformLike", 22, 1, OT_IDS(xt), 1, NULL);
  ot_attr_int(&g->nodes[nd], "dtype", IR_F32);
  rc = ot_run(&op_RandomUniformLike, g, nd, &D, "test.onnx");
  ot_check(rc == 0 && ot_shape_is(outp(g, nd, 0), 2, OT_I64(2, 5)) && outp(g, nd, 0)->dtype == IR_F32,
           "uniform_like_shape", "%s", D.msg);
  nd = ot_node(g, "node6", "RandomUniform", 22, 0, NULL, 1, NULL);
  ot_expect_error("uniform_no_shape", ot_run(&op_RandomUniform, g, nd, &D, "test.onnx"), &D,
                  "attribute 'shape' is required");
  ir_graph_free(g);
}

/* --------------------------------------------------------------- training */

static void test_training(void) {
  ir_graph *g = ir_graph_new();
  float R = 0.1f, X[2] = {1.0f, -2.0f}, G[2] = {0.5f, 0.25f}, H[2] = {0.1f, 0.2f}, V[2] = {0.3f, -0.1f};
  int64_t T = 2;
  int r = ot_tensor(g, "R", IR_F32, 0, NULL, &R), t = ot_tensor(g, "T", IR_I64, 0, NULL, &T);
  int x = ot_tensor(g, "X", IR_F32, 1, OT_I64(2), X), gg = ot_tensor(g, "G", IR_F32, 1, OT_I64(2), G);
  int h = ot_tensor(g, "H", IR_F32, 1, OT_I64(2), H), v = ot_tensor(g, "V", IR_F32, 1, OT_I64(2), V);
  /* Adagrad */
  int nd = ot_node(g, "node0", "Adagrad", 1, 5, OT_IDS(r, t, x, gg, h), 2, NULL);
  ot_attr_float(&g->nodes[nd], "decay_factor", 0.1f);
  ot_attr_float(&g->nodes[nd], "epsilon", 1e-5f);
  ot_attr_float(&g->nodes[nd], "norm_coefficient", 0.01f);
  int rc = ot_run(&op_Adagrad, g, nd, &D, "test.onnx");
  if (rc == 0) {
    double xn[2], hn[2];
    const double rr = 0.1 / (1 + 2 * (double)0.1f);
    for (int i = 0; i < 2; i++) {
      const double gr = (double)0.01f * X[i] + G[i];
      hn[i] = H[i] + gr * gr;
      xn[i] = X[i] - rr * gr / (sqrt(hn[i]) + (double)1e-5f);
    }
    expect_close_f32("adagrad_X", outp(g, nd, 0), xn, 2, 1e-6);
    expect_close_f32("adagrad_H", outp(g, nd, 1), hn, 2, 1e-6);
  } else ot_fail("adagrad", "%s", D.msg);
  /* Momentum nesterov */
  nd = ot_node(g, "node1", "Momentum", 1, 5, OT_IDS(r, t, x, gg, v), 2, NULL);
  ot_attr_float(&g->nodes[nd], "alpha", 0.9f);
  ot_attr_float(&g->nodes[nd], "beta", 0.5f);
  ot_attr_float(&g->nodes[nd], "norm_coefficient", 0.0f);
  ot_attr_str(&g->nodes[nd], "mode", "nesterov");
  rc = ot_run(&op_Momentum, g, nd, &D, "test.onnx");
  if (rc == 0) {
    double xn[2], vn[2];
    for (int i = 0; i < 2; i++) {
      vn[i] = (double)0.9f * V[i] + 0.5 * G[i];
      xn[i] = X[i] - (double)0.1f * (G[i] + (double)0.9f * vn[i]);
    }
    expect_close_f32("momentum_nesterov_X", outp(g, nd, 0), xn, 2, 1e-6);
    expect_close_f32("momentum_nesterov_V", outp(g, nd, 1), vn, 2, 1e-6);
  } else ot_fail("momentum_nesterov", "%s", D.msg);
  /* Adam */
  nd = ot_node(g, "node2", "Adam", 1, 6, OT_IDS(r, t, x, gg, v, h), 3, NULL);
  ot_attr_float(&g->nodes[nd], "alpha", 0.9f);
  ot_attr_float(&g->nodes[nd], "beta", 0.99f);
  rc = ot_run(&op_Adam, g, nd, &D, "test.onnx");
  if (rc == 0) {
    double xn[2], vn[2], hn[2];
    const double a = 0.9f, b = 0.99f, ra = (double)0.1f * sqrt(1 - b * b) / (1 - a * a);
    for (int i = 0; i < 2; i++) {
      vn[i] = a * V[i] + (1 - a) * G[i];
      hn[i] = b * H[i] + (1 - b) * G[i] * G[i];
      xn[i] = X[i] - ra * vn[i] / (sqrt(hn[i]) + (double)1e-6f);
    }
    expect_close_f32("adam_X", outp(g, nd, 0), xn, 2, 1e-6);
    expect_close_f32("adam_V", outp(g, nd, 1), vn, 2, 1e-6);
    expect_close_f32("adam_H", outp(g, nd, 2), hn, 2, 1e-6);
    ot_pkg_check("adam_package", &op_Adam, g, nd, 1e-6);
  } else ot_fail("adam", "%s", D.msg);
  nd = ot_node(g, "node3", "Momentum", 1, 5, OT_IDS(r, t, x, gg, v), 2, NULL);
  ot_attr_float(&g->nodes[nd], "alpha", 0.9f);
  ot_expect_error("momentum_missing_attr", ot_run(&op_Momentum, g, nd, &D, "test.onnx"), &D,
                  "attribute 'beta' is required");
  nd = ot_node(g, "node4", "Adagrad", 1, 4, OT_IDS(r, t, x, gg), 2, NULL);
  ot_expect_error("adagrad_input_count", ot_run(&op_Adagrad, g, nd, &D, "test.onnx"), &D,
                  "has 4 inputs, expected 2 + 3 * k");
  int x3 = ot_tensor(g, "X3", IR_F32, 1, OT_I64(3), NULL);
  nd = ot_node(g, "node5", "Adagrad", 1, 5, OT_IDS(r, t, x3, gg, h), 2, NULL);
  ot_expect_error("adagrad_shape_mismatch", ot_run(&op_Adagrad, g, nd, &D, "test.onnx"), &D,
                  "input 3 has shape 2, expected 3");
  ir_graph_free(g);
}

int main(void) {
  static const char *const kernels[] = {"src/kernels/conv.h", "src/kernels/rnn.h", "src/kernels/einsum.h", "src/kernels/spectral.h",
                                        "src/kernels/random.h", "src/kernels/training.h", "src/kernels/rnn.c",
                                        "src/kernels/einsum.c", "src/kernels/spectral.c", "src/kernels/random.c",
                                        "src/kernels/training.c"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  ot_check_library();
  test_rnn();
  test_einsum();
  test_dft();
  test_stft_windows();
  test_random();
  test_training();
  return ot_report();
}
