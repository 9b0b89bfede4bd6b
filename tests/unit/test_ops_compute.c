/* test_ops_compute.c - unit tests for the compute ops: Conv, Gemm, MatMul,
 * BatchNormalization, the pools, Softmax/LogSoftmax and the reductions.
 *
 * Every case builds a one-node graph by hand, runs infer + eval, and
 * compares eval (which calls the kernels) with a naive reference written
 * here (plain nested loops in double). Error cases check the message text.
 *
 * Package check: for a selection of cases the node is also emitted through
 * the shared stand-in emitter (tests/unit/harness/op_test.c, standing in for src/emit/emit.c). It
 * assembles a standalone C99 program - the kernel library sections the node
 * pulled in (dependencies first), the parameter declarations, the weights
 * and the node's code - compiles it with
 *   cc -std=c99 -O2 -Wall -Wextra -Werror -pedantic -Iruntime
 * runs it, and requires its output to equal eval's. Inputs marked "run
 * time" are hidden from emit (data = NULL) so the non-constant paths
 * (run-time W, B, BN statistics) are the ones compiled.
 * Set KILN_TEST_NO_PACKAGE=1 to skip the package check; KILN_TEST_CC picks
 * the compiler (default cc) and KILN_TEST_CFLAGS (else KILN_RUN_CFLAGS, as
 * exported by `make test SANITIZE=1`) its optimisation flags (default -O2); KILN_TEST_KEEP=1 keeps the generated programs. Run from the
 * repository root.
 *
 * Prints `PASS name` / `FAIL name: why`, then `N passed, N failed`.
 *
 * Build (from the repo root; see tests/unit/harness/op_test.h):
 *   cc -std=c11 -Wall -Wextra -g -DKILN_HOST -Isrc -Iruntime -Isrc/kernels -Itests/unit \
 *      -o /tmp/t tests/unit/test_ops_compute.c tests/unit/harness/op_test.c \
 *      <every compiler object except those of src/emit and cli/main> -lm
 */
#include "ops/op.h"
#include "emit/emit.h"
#include "harness/op_test_case.h"
#include "kernels/conv.h"
#include "kernels/gemm.h"
#include "kernels/pool.h"
#include "kernels/reduce2.h"
#include "kernels/softmax.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const op_def op_Conv, op_Gemm, op_MatMul, op_BatchNormalization, op_MaxPool,
    op_AveragePool, op_GlobalAveragePool, op_GlobalMaxPool, op_Softmax, op_LogSoftmax,
    op_ReduceSum, op_ReduceMean, op_ReduceMax, op_ReduceMin, op_ReduceProd;


/* ------------------------------------------------------------------ */
/* deterministic data                                                  */

static uint32_t rng = 12345;
/* uniform in [-1, 1) times scale */
static float *rand_buf(int64_t n, float scale) { return ot_rand_buf(&rng, n, scale); }
static int64_t prod(const int64_t *d, int r) {
  int64_t p = 1;
  for (int i = 0; i < r; i++) p *= d[i];
  return p;
}

/* ------------------------------------------------------------------ */
/* graph building (tests/unit/harness/op_test_case.h)                  */

static int ftensor(tcase *t, const char *name, int rank, const int64_t *dims, const float *data) {
  return tensor(t, name, IR_F32, rank, dims, data);
}

/* ins[] may carry RT; -1 = omitted. */
static ir_node *node(tcase *t, const char *op, int opset, int nin, const int *ins, int nout,
                     const int *outs) {
  return ot_case_node(t, op, opset, nin, ins, nout, outs);
}

static int package_disabled(void) { return ot_no_cc(); }

/* ------------------------------------------------------------------ */
/* running a case                                                      */

/* infer + eval + compare with ref (n floats); optionally the package. */
static void run_case(const char *name, tcase *t, const op_def *op, const double *ref, int pkg) {
  kiln_diag d;
  ir_node *n = N(t);
  /* infer sees run-time inputs as non-constant */
  int rc = ot_case_infer(t, op, &d);
  if (rc) {
    fail(name, "infer failed: %s", d.msg);
    return;
  }
  if (op->eval(&d, t->g, n)) {
    fail(name, "eval failed: %s", d.msg);
    return;
  }
  const ir_tensor *y = &t->g->tensors[n->outputs[0]];
  const float *got = y->data;
  int64_t cnt = ir_numel(y);
  for (int64_t i = 0; i < cnt; i++) {
    double w = ref[i], g = got[i];
    if (isnan(w) && isnan(g)) continue;
    if (isinf(w) && w == g) continue;
    if (!(fabs(g - w) <= 1e-4 * fabs(w) + 2e-5)) {
      fail(name, "element %lld: got %.9g, expected %.9g", (long long)i, g, w);
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

static int check_shape(const char *name, tcase *t, int rank, const int64_t *dims) {
  const ir_tensor *y = &t->g->tensors[N(t)->outputs[0]];
  if (y->rank != rank) {
    fail(name, "output rank %d, expected %d", y->rank, rank);
    return -1;
  }
  for (int i = 0; i < rank; i++)
    if (y->dims[i] != dims[i]) {
      char b[96];
      fail(name, "output shape %s is wrong (dim %d should be %lld)", ir_shape_str(y, b, sizeof b),
           i, (long long)dims[i]);
      return -1;
    }
  return 0;
}

/* ------------------------------------------------------------------ */
/* reference activations                                               */

typedef struct ref_act {
  ir_act kind;
  float a, b;
} ref_act;

static double act_ref(ref_act a, double v) {
  switch (a.kind) {
  case IR_ACT_RELU: return v > 0 ? v : 0;
  case IR_ACT_CLIP: return v < a.a ? a.a : v > a.b ? a.b : v;
  case IR_ACT_LEAKY_RELU: return v >= 0 ? v : v * a.a;
  case IR_ACT_SIGMOID: return 1 / (1 + exp(-v));
  case IR_ACT_TANH: return tanh(v);
  default: return v;
  }
}
static const ref_act NOACT = {IR_ACT_NONE, 0, 0};

/* ------------------------------------------------------------------ */
/* Conv                                                                */

typedef struct conv_cfg {
  const char *name;
  int sp;                   /* spatial rank 1..3 */
  int64_t n, c, m, group;
  int64_t in[3], k[3], s[3], dil[3], pb[3], pe[3];
  const char *auto_pad;     /* NULL = NOTSET with explicit pads */
  int bias, residual;
  ref_act act;
  int w_runtime, b_runtime;
  int set_strides, set_dil, set_pads, set_kshape;
  const char *expect_sym;
} conv_cfg;

/* Straightforward nested-loop convolution in double over 3 spatial dims
 * (leading 1s for 1-D/2-D); out[] given. */
static double *conv_ref(const conv_cfg *c, const int64_t *out, const float *x, const float *w,
                        const float *b, const float *r) {
  int64_t in3[3], k3[3], s3[3], d3[3], p3[3], o3[3];
  for (int i = 0; i < 3; i++) {
    int j = i - (3 - c->sp);
    in3[i] = j >= 0 ? c->in[j] : 1;
    k3[i] = j >= 0 ? c->k[j] : 1;
    s3[i] = j >= 0 ? c->s[j] : 1;
    d3[i] = j >= 0 ? c->dil[j] : 1;
    p3[i] = j >= 0 ? c->pb[j] : 0;
    o3[i] = j >= 0 ? out[j] : 1;
  }
  const int64_t cig = c->c / c->group, cog = c->m / c->group;
  double *y = calloc((size_t)(c->n * c->m * o3[0] * o3[1] * o3[2] + 1), sizeof(double));
  int64_t idx = 0;
  for (int64_t bn = 0; bn < c->n; bn++)
    for (int64_t oc = 0; oc < c->m; oc++)
      for (int64_t od = 0; od < o3[0]; od++)
        for (int64_t oh = 0; oh < o3[1]; oh++)
          for (int64_t ow = 0; ow < o3[2]; ow++, idx++) {
            const int64_t g = oc / cog;
            double s = b ? b[oc] : 0;
            for (int64_t ic = 0; ic < cig; ic++)
              for (int64_t kd = 0; kd < k3[0]; kd++)
                for (int64_t kh = 0; kh < k3[1]; kh++)
                  for (int64_t kw = 0; kw < k3[2]; kw++) {
                    int64_t id = od * s3[0] - p3[0] + kd * d3[0];
                    int64_t ih = oh * s3[1] - p3[1] + kh * d3[1];
                    int64_t iw = ow * s3[2] - p3[2] + kw * d3[2];
                    if (id < 0 || id >= in3[0] || ih < 0 || ih >= in3[1] || iw < 0 || iw >= in3[2])
                      continue;
                    double xv = x[(((bn * c->c + g * cig + ic) * in3[0] + id) * in3[1] + ih) * in3[2] + iw];
                    double wv = w[(((oc * cig + ic) * k3[0] + kd) * k3[1] + kh) * k3[2] + kw];
                    s += xv * wv;
                  }
            if (r) s += r[idx];
            y[idx] = act_ref(c->act, s);
          }
  return y;
}

static void conv_case(conv_cfg c) {
  tcase t = tc_new();
  int64_t xd[5] = {c.n, c.c}, wd[5] = {c.m, c.c / c.group}, out[3] = {1, 1, 1};
  for (int i = 0; i < c.sp; i++) {
    xd[2 + i] = c.in[i];
    wd[2 + i] = c.k[i];
    if (!c.dil[i]) c.dil[i] = 1;
    if (!c.s[i]) c.s[i] = 1;
  }
  /* expected output size and pads, computed independently of op_window */
  for (int i = 0; i < c.sp; i++) {
    int64_t ek = (c.k[i] - 1) * c.dil[i] + 1;
    if (c.auto_pad && !strncmp(c.auto_pad, "SAME", 4)) {
      out[i] = (int64_t)ceil((double)c.in[i] / (double)c.s[i]);
      int64_t tot = (out[i] - 1) * c.s[i] + ek - c.in[i];
      if (tot < 0) tot = 0;
      c.pb[i] = !strcmp(c.auto_pad, "SAME_UPPER") ? tot / 2 : (tot + 1) / 2;
    } else if (c.auto_pad && !strcmp(c.auto_pad, "VALID")) {
      c.pb[i] = 0;
      out[i] = (c.in[i] - ek) / c.s[i] + 1;
    } else {
      out[i] = (int64_t)floor((double)(c.in[i] + c.pb[i] + c.pe[i] - ek) / (double)c.s[i]) + 1;
    }
  }
  int64_t nx = prod(xd, c.sp + 2), nw = prod(wd, c.sp + 2);
  int64_t yd[5] = {c.n, c.m, out[0], out[1], out[2]};
  int64_t ny = prod(yd, c.sp + 2);
  float *x = rand_buf(nx, 1), *w = rand_buf(nw, 0.5f), *b = rand_buf(c.m, 1),
        *r = rand_buf(ny, 1);
  int xi = ftensor(&t, "X", c.sp + 2, xd, x);
  int wi = ftensor(&t, "W", c.sp + 2, wd, w);
  int bi = c.bias ? ftensor(&t, "B", 1, &c.m, b) : -1;
  int ri = c.residual ? ftensor(&t, "R", c.sp + 2, yd, r) : -1;
  int yi = output(&t, "Y");
  int ins[3] = {xi | RT, c.w_runtime ? wi | RT : wi, bi >= 0 && c.b_runtime ? bi | RT : bi};
  node(&t, "Conv", 11, c.bias ? 3 : 2, ins, 1, &yi);
  if (c.set_strides) attr_ints(&t, "strides", c.sp, c.s);
  if (c.set_dil) attr_ints(&t, "dilations", c.sp, c.dil);
  if (c.set_kshape) attr_ints(&t, "kernel_shape", c.sp, c.k);
  if (c.set_pads) {
    int64_t p[6];
    for (int i = 0; i < c.sp; i++) {
      p[i] = c.pb[i];
      p[i + c.sp] = c.pe[i];
    }
    attr_ints(&t, "pads", 2 * c.sp, p);
  }
  if (c.auto_pad) attr_s(&t, "auto_pad", c.auto_pad);
  if (c.group != 1) attr_i(&t, "group", c.group);
  N(&t)->act = c.act.kind;
  N(&t)->act_alpha = c.act.a;
  N(&t)->act_beta = c.act.b;
  N(&t)->fused_add = ri;
  double *ref = conv_ref(&c, out, x, w, c.bias ? b : NULL, c.residual ? r : NULL);
  run_case(c.name, &t, &op_Conv, ref, 1);
  if (c.expect_sym && !package_disabled()) {
    /* the kernel choice is visible in the emitted code */
    emit_ctx e;
    ot_emit_begin(&e, t.g);
    if (op_Conv.emit(&e, t.g, N(&t)) == 0) {
      char nm[160];
      snprintf(nm, sizeof nm, "%s uses %s", c.name, c.expect_sym);
      if (e.code.data && strstr(e.code.data, c.expect_sym)) pass(nm);
      else fail(nm, "code: %s", e.code.data ? e.code.data : "(none)");
    }
    ot_emit_end(&e);
  }
  check_shape(c.name, &t, c.sp + 2, yd);
  free(ref);
  free(x);
  free(w);
  free(b);
  free(r);
  tc_free(&t);
}

static void test_conv(void) {
  ref_act relu = {IR_ACT_RELU, 0, 0}, clip6 = {IR_ACT_CLIP, 0.0f, 0.6f},
          leaky = {IR_ACT_LEAKY_RELU, 0.1f, 0};
  conv_case((conv_cfg){.name = "conv2d 3x3 pad1 bias", .sp = 2, .n = 2, .c = 3, .m = 5, .group = 1,
                       .in = {7, 9}, .k = {3, 3}, .pb = {1, 1}, .pe = {1, 1}, .bias = 1,
                       .set_pads = 1, .set_kshape = 1, .expect_sym = "kiln_f32_conv2d__c"});
  conv_case((conv_cfg){.name = "conv2d stride2 dil2 asym pads", .sp = 2, .n = 1, .c = 3, .m = 6,
                       .group = 1, .in = {11, 10}, .k = {3, 2}, .s = {2, 3}, .dil = {2, 2},
                       .pb = {1, 0}, .pe = {2, 1}, .set_pads = 1, .set_strides = 1, .set_dil = 1});
  conv_case((conv_cfg){.name = "conv2d 11x11 pad5 (flat path row fallback)", .sp = 2, .n = 1,
                       .c = 2, .m = 5, .group = 1, .in = {40, 63}, .k = {11, 11}, .pb = {5, 5},
                       .pe = {5, 5}, .bias = 1, .set_pads = 1});
  conv_case((conv_cfg){.name = "conv2d 5x5 pad2 14x14 (flat path)", .sp = 2, .n = 1, .c = 6,
                       .m = 7, .group = 1, .in = {14, 14}, .k = {5, 5}, .pb = {2, 2}, .pe = {2, 2},
                       .bias = 1, .residual = 1, .act = relu, .set_pads = 1});
  conv_case((conv_cfg){.name = "conv2d 3x3 pad1 64 wide (row path)", .sp = 2, .n = 1, .c = 3,
                       .m = 4, .group = 1, .in = {5, 64}, .k = {3, 3}, .pb = {1, 1}, .pe = {1, 1},
                       .set_pads = 1});
  conv_case((conv_cfg){.name = "conv2d s2 group2 row chunks (gather path)", .sp = 2, .n = 2,
                       .c = 4, .m = 14, .group = 2, .in = {41, 61}, .k = {3, 3}, .s = {2, 2},
                       .pb = {1, 1}, .pe = {1, 1}, .bias = 1, .residual = 1,
                       .act = (ref_act){IR_ACT_RELU, 0, 0}, .set_pads = 1, .set_strides = 1});
  conv_case((conv_cfg){.name = "conv2d 5x5 no pad stride 1 (gather path)", .sp = 2, .n = 1,
                       .c = 3, .m = 5, .group = 1, .in = {9, 12}, .k = {5, 5}, .bias = 1});
  conv_case((conv_cfg){.name = "conv2d 7x7 s2 wide rows (row path)", .sp = 2, .n = 1, .c = 3,
                       .m = 4, .group = 1, .in = {9, 530}, .k = {7, 7}, .s = {2, 2},
                       .pb = {3, 3}, .pe = {3, 3}, .set_pads = 1, .set_strides = 1});
  conv_case((conv_cfg){.name = "conv2d group2 bias relu", .sp = 2, .n = 2, .c = 4, .m = 6,
                       .group = 2, .in = {6, 5}, .k = {3, 3}, .pb = {1, 1}, .pe = {1, 1},
                       .bias = 1, .act = relu, .set_pads = 1});
  conv_case((conv_cfg){.name = "conv2d oc tail 9 + residual + leaky", .sp = 2, .n = 1, .c = 2,
                       .m = 9, .group = 1, .in = {5, 7}, .k = {2, 3}, .pb = {0, 1}, .pe = {1, 1},
                       .bias = 1, .residual = 1, .act = leaky, .set_pads = 1});
  conv_case((conv_cfg){.name = "dwconv 3x3 s2 pad1 bias relu", .sp = 2, .n = 2, .c = 5, .m = 5,
                       .group = 5, .in = {9, 8}, .k = {3, 3}, .s = {2, 2}, .pb = {1, 1},
                       .pe = {1, 1}, .bias = 1, .act = relu, .set_pads = 1, .set_strides = 1,
                       .expect_sym = "kiln_f32_dwconv2d__c"});
  conv_case((conv_cfg){.name = "dwconv 3x3 dil2 residual clip", .sp = 2, .n = 1, .c = 3, .m = 3,
                       .group = 3, .in = {10, 11}, .k = {3, 3}, .dil = {2, 2}, .pb = {2, 2},
                       .pe = {2, 2}, .residual = 1, .act = clip6, .set_pads = 1, .set_dil = 1});
  conv_case((conv_cfg){.name = "dwconv multiplier 2 (general path)", .sp = 2, .n = 1, .c = 3,
                       .m = 6, .group = 3, .in = {6, 6}, .k = {3, 3}, .pb = {1, 1}, .pe = {1, 1},
                       .set_pads = 1, .expect_sym = "kiln_f32_conv2d__c"});
  conv_case((conv_cfg){.name = "conv 1x1 bias clip", .sp = 2, .n = 2, .c = 7, .m = 9, .group = 1,
                       .in = {5, 6}, .k = {1, 1}, .bias = 1, .act = clip6,
                       .expect_sym = "kiln_f32_conv2d_1x1__c"});
  conv_case((conv_cfg){.name = "conv 1x1 group2 residual relu", .sp = 2, .n = 1, .c = 6, .m = 10,
                       .group = 2, .in = {3, 7}, .k = {1, 1}, .bias = 1, .residual = 1,
                       .act = relu});
  conv_case((conv_cfg){.name = "conv 1x1 large (gemm blocking)", .sp = 2, .n = 1, .c = 300,
                       .m = 13, .group = 1, .in = {23, 25}, .k = {1, 1}, .bias = 1});
  conv_case((conv_cfg){.name = "conv 1x1 stride2 (general path)", .sp = 2, .n = 1, .c = 4, .m = 5,
                       .group = 1, .in = {7, 7}, .k = {1, 1}, .s = {2, 2}, .set_strides = 1,
                       .expect_sym = "kiln_f32_conv2d__c"});
  conv_case((conv_cfg){.name = "conv2d SAME_UPPER s2", .sp = 2, .n = 1, .c = 2, .m = 3, .group = 1,
                       .in = {8, 7}, .k = {3, 4}, .s = {2, 2}, .auto_pad = "SAME_UPPER",
                       .set_strides = 1});
  conv_case((conv_cfg){.name = "conv2d SAME_LOWER", .sp = 2, .n = 1, .c = 2, .m = 3, .group = 1,
                       .in = {6, 7}, .k = {4, 2}, .auto_pad = "SAME_LOWER"});
  conv_case((conv_cfg){.name = "conv2d VALID s2", .sp = 2, .n = 1, .c = 2, .m = 3, .group = 1,
                       .in = {9, 8}, .k = {3, 3}, .s = {2, 2}, .auto_pad = "VALID",
                       .set_strides = 1});
  conv_case((conv_cfg){.name = "conv2d run-time W and B", .sp = 2, .n = 1, .c = 3, .m = 5,
                       .group = 1, .in = {6, 6}, .k = {3, 3}, .pb = {1, 1}, .pe = {1, 1},
                       .bias = 1, .w_runtime = 1, .b_runtime = 1, .set_pads = 1});
  conv_case((conv_cfg){.name = "conv1d stride2 pad dil", .sp = 1, .n = 2, .c = 3, .m = 4,
                       .group = 1, .in = {17}, .k = {3}, .s = {2}, .dil = {2}, .pb = {2},
                       .pe = {1}, .bias = 1, .set_pads = 1, .set_strides = 1, .set_dil = 1});
  conv_case((conv_cfg){.name = "conv1d long row s2 (gather chunks)", .sp = 1, .n = 1, .c = 2,
                       .m = 5, .group = 1, .in = {700}, .k = {5}, .s = {2}, .pb = {2}, .pe = {2},
                       .set_pads = 1, .set_strides = 1});
  conv_case((conv_cfg){.name = "conv1d 1x1 residual", .sp = 1, .n = 1, .c = 3, .m = 4, .group = 1,
                       .in = {9}, .k = {1}, .residual = 1});
  conv_case((conv_cfg){.name = "conv3d pads stride bias relu", .sp = 3, .n = 1, .c = 2, .m = 5,
                       .group = 1, .in = {5, 6, 7}, .k = {3, 2, 3}, .s = {2, 1, 2},
                       .pb = {1, 0, 1}, .pe = {1, 1, 0}, .bias = 1, .act = relu, .set_pads = 1,
                       .set_strides = 1, .expect_sym = "kiln_f32_conv3d__c"});
  conv_case((conv_cfg){.name = "conv3d group2 dil residual", .sp = 3, .n = 1, .c = 4, .m = 2,
                       .group = 2, .in = {6, 5, 6}, .k = {2, 2, 2}, .dil = {2, 1, 2},
                       .residual = 1, .set_dil = 1});
  conv_case((conv_cfg){.name = "conv3d 1x1x1 (gemm)", .sp = 3, .n = 1, .c = 3, .m = 4, .group = 1,
                       .in = {3, 4, 5}, .k = {1, 1, 1}, .bias = 1,
                       .expect_sym = "kiln_f32_conv2d_1x1__c"});

  /* error cases */
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 4, 5, 5), NULL), wi = ftensor(&t, "W", 4, INTS(6, 3, 3, 3), NULL);
    int yi = output(&t, "Y");
    node(&t, "Conv", 11, 2, (int[]){xi, wi}, 1, &yi);
    expect_error("conv error channel mismatch", &t, &op_Conv, "channel mismatch");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 4, 5, 5), NULL), wi = ftensor(&t, "W", 4, INTS(6, 1, 3, 3), NULL);
    int yi = output(&t, "Y");
    node(&t, "Conv", 11, 2, (int[]){xi, wi}, 1, &yi);
    attr_i(&t, "group", 3);
    expect_error("conv error bad group", &t, &op_Conv, "group 3 does not divide the 4 input channels");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 4, 5, 5), NULL), wi = ftensor(&t, "W", 4, INTS(6, 4, 3, 3), NULL);
    int yi = output(&t, "Y");
    node(&t, "Conv", 11, 2, (int[]){xi, wi}, 1, &yi);
    attr_i(&t, "group", 0);
    expect_error("conv error group 0", &t, &op_Conv, "group must be >= 1");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 4, 5, 5), NULL), wi = ftensor(&t, "W", 3, INTS(6, 4, 3), NULL);
    int yi = output(&t, "Y");
    node(&t, "Conv", 11, 2, (int[]){xi, wi}, 1, &yi);
    expect_error("conv error W rank", &t, &op_Conv, "input 1 'W' has rank 3, expected 4");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 4, 5, 5), NULL), wi = ftensor(&t, "W", 4, INTS(6, 4, 3, 3), NULL);
    int bi = ftensor(&t, "B", 1, INTS(5), NULL), yi = output(&t, "Y");
    node(&t, "Conv", 11, 3, (int[]){xi, wi, bi}, 1, &yi);
    expect_error("conv error bias shape", &t, &op_Conv, "input 2 'B' has shape 5, expected [6]");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 4, 5, 5), NULL), wi = ftensor(&t, "W", 4, INTS(6, 4, 3, 3), NULL);
    int yi = output(&t, "Y");
    node(&t, "Conv", 11, 2, (int[]){xi, wi}, 1, &yi);
    attr_s(&t, "auto_pad", "SAME");
    expect_error("conv error auto_pad", &t, &op_Conv, "auto_pad 'SAME' is not supported");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 4, 5, 5), NULL), wi = ftensor(&t, "W", 4, INTS(6, 4, 3, 3), NULL);
    int yi = output(&t, "Y");
    node(&t, "Conv", 11, 2, (int[]){xi, wi}, 1, &yi);
    attr_ints(&t, "pads", NI(1, -1, 1, 1));
    expect_error("conv error negative pads", &t, &op_Conv, "pads must be >= 0");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 4, 2, 5), NULL), wi = ftensor(&t, "W", 4, INTS(6, 4, 3, 3), NULL);
    int yi = output(&t, "Y");
    node(&t, "Conv", 11, 2, (int[]){xi, wi}, 1, &yi);
    expect_error("conv error window too large", &t, &op_Conv, "is larger than the padded input");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 4, 5, 5), NULL), wi = ftensor(&t, "W", 4, INTS(6, 4, 3, 3), NULL);
    int yi = output(&t, "Y");
    node(&t, "Conv", 11, 2, (int[]){xi, wi}, 1, &yi);
    attr_ints(&t, "kernel_shape", NI(3, 2));
    expect_error("conv error kernel_shape", &t, &op_Conv, "attribute 'kernel_shape' does not match");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 4, 5, 5), NULL), wi = ftensor(&t, "W", 4, INTS(6, 4, 3, 3), NULL);
    int yi = output(&t, "Y");
    node(&t, "Conv", 11, 2, (int[]){xi, wi}, 1, &yi);
    attr_ints(&t, "strides", NI(1));
    expect_error("conv error strides count", &t, &op_Conv, "attribute 'strides' has 1 values, expected 2");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = tensor(&t, "X", IR_F64, 4, INTS(1, 4, 5, 5), NULL), wi = ftensor(&t, "W", 4, INTS(6, 4, 3, 3), NULL);
    int yi = output(&t, "Y");
    node(&t, "Conv", 11, 2, (int[]){xi, wi}, 1, &yi);
    expect_error("conv error dtype", &t, &op_Conv, "input 0 'X' has dtype float64; supported: float32");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 4, 5, 5), NULL), wi = ftensor(&t, "W", 4, INTS(6, 4, 3, 3), NULL);
    int yi = output(&t, "Y");
    node(&t, "Conv", 11, 2, (int[]){xi, wi}, 1, &yi);
    attr_s(&t, "auto_pad", "VALID");
    attr_ints(&t, "pads", NI(1, 1, 1, 1));
    expect_error("conv error pads with auto_pad", &t, &op_Conv, "explicit pads cannot be combined");
    tc_free(&t);
  }
}

/* direct kernel checks of paths the op never picks in eval */
static void test_conv_kernels(void) {
  /* residual aliasing the output (in-place residual add) */
  kiln_conv2d_params p = {.n = 1, .c_in = 3, .h_in = 6, .w_in = 7, .c_out = 5, .h_out = 6,
                          .w_out = 7, .k_h = 3, .k_w = 3, .stride_h = 1, .stride_w = 1,
                          .pad_t = 1, .pad_l = 1, .dil_h = 1, .dil_w = 1, .group = 1,
                          .act = {KILN_ACT_NONE, 0, 0}};
  float *x = rand_buf(3 * 42, 1), *w = rand_buf(5 * 27, 1), *r = rand_buf(5 * 42, 1);
  float y1[5 * 42], y2[5 * 42];
  kiln_f32_conv2d__c(&p, x, w, NULL, r, y1);
  memcpy(y2, r, sizeof y2);
  kiln_f32_conv2d__c(&p, x, w, NULL, y2, y2);
  if (memcmp(y1, y2, sizeof y1)) fail("conv2d residual == output", "results differ");
  else pass("conv2d residual == output");
  free(x);
  free(w);
  free(r);
}

/* ------------------------------------------------------------------ */
/* Gemm                                                                */

static void gemm_case(const char *name, int opset, int64_t M, int64_t K, int64_t Nn, int ta,
                      int tb, float alpha, float beta, int crank, const int64_t *cdims,
                      int b_runtime, int residual, ref_act act, int pkg) {
  tcase t = tc_new();
  int64_t ad[2] = {ta ? K : M, ta ? M : K}, bd[2] = {tb ? Nn : K, tb ? K : Nn}, yd[2] = {M, Nn};
  float *a = rand_buf(M * K, 1), *b = rand_buf(K * Nn, 1);
  int64_t nc = crank >= 0 ? prod(cdims, crank) : 0;
  float *c = rand_buf(nc, 1), *r = rand_buf(M * Nn, 1);
  int ai = ftensor(&t, "A", 2, ad, a), bi = ftensor(&t, "B", 2, bd, b);
  int ci = crank >= 0 ? ftensor(&t, "C", crank, cdims, c) : -1;
  int ri = residual ? ftensor(&t, "R", 2, yd, r) : -1;
  int yi = output(&t, "Y");
  node(&t, "Gemm", opset, ci >= 0 ? 3 : 2, (int[]){ai | RT, b_runtime ? bi | RT : bi, ci}, 1, &yi);
  if (ta) attr_i(&t, "transA", 1);
  if (tb) attr_i(&t, "transB", 1);
  if (alpha != 1.0f) attr_f(&t, "alpha", alpha);
  if (beta != 1.0f) attr_f(&t, "beta", beta);
  if (opset < 7 && crank >= 0 && !(crank == 2 && cdims[0] == M && cdims[1] == Nn))
    attr_i(&t, "broadcast", 1);
  N(&t)->act = act.kind;
  N(&t)->act_alpha = act.a;
  N(&t)->act_beta = act.b;
  N(&t)->fused_add = ri;
  double *ref = calloc((size_t)(M * Nn + 1), sizeof(double));
  for (int64_t i = 0; i < M; i++)
    for (int64_t j = 0; j < Nn; j++) {
      double s = 0;
      for (int64_t k = 0; k < K; k++)
        s += (double)(ta ? a[k * M + i] : a[i * K + k]) * (tb ? b[j * K + k] : b[k * Nn + j]);
      s *= alpha;
      if (crank >= 0) {
        int64_t ci_ = 0;
        if (crank == 1) ci_ = cdims[0] == 1 ? 0 : j;
        if (crank == 2) ci_ = (cdims[0] == 1 ? 0 : i) * cdims[1] + (cdims[1] == 1 ? 0 : j);
        s += beta * c[ci_];
      }
      if (residual) s += r[i * Nn + j];
      ref[i * Nn + j] = act_ref(act, s);
    }
  run_case(name, &t, &op_Gemm, ref, pkg);
  check_shape(name, &t, 2, yd);
  free(ref);
  free(a);
  free(b);
  free(c);
  free(r);
  tc_free(&t);
}

static void test_gemm(void) {
  static const struct {
    int rank;
    int64_t dims[2];
    const char *what;
  } cs[] = {{-1, {0}, "noC"},     {0, {0}, "C scalar"},  {1, {11}, "C [N]"},  {1, {1}, "C [1]"},
            {2, {1, 11}, "C [1,N]"}, {2, {5, 1}, "C [M,1]"}, {2, {5, 11}, "C [M,N]"}};
  char name[160];
  int k = 0;
  for (int ta = 0; ta < 2; ta++)
    for (int tb = 0; tb < 2; tb++)
      for (size_t ci = 0; ci < sizeof cs / sizeof cs[0]; ci++) {
        float alpha = (k % 3 == 0) ? 1.0f : 0.5f, beta = (k % 2) ? 2.0f : 1.0f;
        snprintf(name, sizeof name, "gemm transA=%d transB=%d %s alpha=%g beta=%g", ta, tb,
                 cs[ci].what, (double)alpha, (double)beta);
        gemm_case(name, 13, 5, 7, 11, ta, tb, alpha, beta, cs[ci].rank, cs[ci].dims, 0, 0, NOACT,
                  ci == 2 || ci == 6);
        k++;
      }
  gemm_case("gemm beta=0 ignores C", 13, 3, 4, 9, 0, 0, 1.0f, 0.0f, 2, INTS(3, 9), 0, 0, NOACT, 0);
  gemm_case("gemm run-time B transB (dot path)", 13, 6, 37, 10, 0, 1, 1.0f, 1.0f, 1, INTS(10), 1,
            0, NOACT, 1);
  gemm_case("gemm run-time B transA transB (scalar path)", 13, 4, 9, 6, 1, 1, 0.5f, 1.0f, -1, NULL,
            1, 0, NOACT, 1);
  gemm_case("gemm run-time B plain", 13, 5, 8, 12, 0, 0, 1.0f, 1.0f, -1, NULL, 1, 0, NOACT, 1);
  gemm_case("gemm N=1 (matrix-vector)", 13, 7, 33, 1, 0, 0, 1.0f, 1.0f, 1, INTS(1), 0, 0, NOACT, 1);
  gemm_case("gemm large (k and n blocking)", 13, 9, 300, 600, 0, 1, 1.0f, 1.0f, 1, INTS(600), 0, 0,
            NOACT, 1);
  gemm_case("gemm fused relu + residual", 13, 6, 10, 13, 0, 1, 1.0f, 1.0f, 1, INTS(13), 0, 1,
            (ref_act){IR_ACT_RELU, 0, 0}, 1);
  gemm_case("gemm fused clip", 13, 4, 10, 9, 0, 0, 1.0f, 1.0f, -1, NULL, 0, 0,
            (ref_act){IR_ACT_CLIP, -0.5f, 0.5f}, 1);
  gemm_case("gemm fused clip [0, inf] (literal INFINITY)", 13, 4, 6, 9, 0, 1, 1.0f, 1.0f, -1, NULL,
            0, 0, (ref_act){IR_ACT_CLIP, 0.0f, INFINITY}, 1);
  gemm_case("gemm opset 11 no C", 11, 3, 5, 8, 0, 0, 1.0f, 1.0f, -1, NULL, 0, 0, NOACT, 0);
  gemm_case("gemm opset 6 broadcast=1", 6, 3, 5, 8, 0, 0, 1.0f, 1.0f, 1, INTS(8), 0, 0, NOACT, 0);
  gemm_case("gemm opset 6 full C", 6, 3, 5, 8, 0, 0, 1.0f, 1.0f, 2, INTS(3, 8), 0, 0, NOACT, 0);

  {
    tcase t = tc_new();
    int ai = ftensor(&t, "A", 2, INTS(3, 4), NULL), bi = ftensor(&t, "B", 2, INTS(5, 6), NULL);
    int yi = output(&t, "Y");
    node(&t, "Gemm", 13, 2, (int[]){ai, bi}, 1, &yi);
    expect_error("gemm error inner dims", &t, &op_Gemm, "inner dimensions differ: op(A) is 3x4 but op(B) is 5x6");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int ai = ftensor(&t, "A", 2, INTS(3, 4), NULL), bi = ftensor(&t, "B", 2, INTS(4, 6), NULL);
    int ci = ftensor(&t, "C", 2, INTS(2, 6), NULL), yi = output(&t, "Y");
    node(&t, "Gemm", 13, 3, (int[]){ai, bi, ci}, 1, &yi);
    expect_error("gemm error C broadcast", &t, &op_Gemm, "does not broadcast to 3x6");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int ai = ftensor(&t, "A", 2, INTS(3, 4), NULL), bi = ftensor(&t, "B", 2, INTS(4, 6), NULL);
    int ci = ftensor(&t, "C", 1, INTS(6), NULL), yi = output(&t, "Y");
    node(&t, "Gemm", 6, 3, (int[]){ai, bi, ci}, 1, &yi);
    expect_error("gemm error opset 6 broadcast=0", &t, &op_Gemm, "must be 3x6 when broadcast=0");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int ai = ftensor(&t, "A", 2, INTS(3, 4), NULL), bi = ftensor(&t, "B", 2, INTS(4, 6), NULL);
    int yi = output(&t, "Y");
    node(&t, "Gemm", 9, 2, (int[]){ai, bi}, 1, &yi);
    expect_error("gemm error C required", &t, &op_Gemm, "input 2 'C' is required before opset 11");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int ai = ftensor(&t, "A", 2, INTS(3, 4), NULL), bi = ftensor(&t, "B", 2, INTS(4, 6), NULL);
    int ci = ftensor(&t, "C", 1, INTS(6), NULL), yi = output(&t, "Y");
    node(&t, "Gemm", 9, 3, (int[]){ai, bi, ci}, 1, &yi);
    attr_i(&t, "broadcast", 1);
    expect_error("gemm error broadcast attr opset 9", &t, &op_Gemm, "'broadcast' was removed in opset 7");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int ai = ftensor(&t, "A", 3, INTS(2, 3, 4), NULL), bi = ftensor(&t, "B", 2, INTS(4, 6), NULL);
    int yi = output(&t, "Y");
    node(&t, "Gemm", 13, 2, (int[]){ai, bi}, 1, &yi);
    expect_error("gemm error rank", &t, &op_Gemm, "input 0 'A' has rank 3, expected 2");
    tc_free(&t);
  }
  /* direct kernel: residual aliasing the output */
  {
    kiln_gemm_params p = {.m = 3, .n = 9, .k = 4, .a_rs = 4, .a_cs = 1, .b_rs = 9, .b_cs = 1,
                          .alpha = 1.0f, .beta = 1.0f, .act = {KILN_ACT_RELU, 0, 0}};
    float *a = rand_buf(12, 1), *b = rand_buf(36, 1), *r = rand_buf(27, 1), y1[27], y2[27];
    kiln_f32_gemm__c(&p, a, b, NULL, r, y1);
    memcpy(y2, r, sizeof y2);
    kiln_f32_gemm__c(&p, a, b, NULL, y2, y2);
    if (memcmp(y1, y2, sizeof y1)) fail("gemm residual == output", "results differ");
    else pass("gemm residual == output");
    free(a);
    free(b);
    free(r);
  }
}

/* ------------------------------------------------------------------ */
/* MatMul                                                              */

static void matmul_case(const char *name, int ra, const int64_t *adims, int rb,
                        const int64_t *bdims, int out_rank, const int64_t *odims, int residual,
                        ref_act act, int b_const, int pkg) {
  tcase t = tc_new();
  int64_t na = prod(adims, ra), nb = prod(bdims, rb), ny = prod(odims, out_rank);
  float *a = rand_buf(na, 1), *b = rand_buf(nb, 1), *r = rand_buf(ny, 1);
  int ai = ftensor(&t, "A", ra, adims, a), bi = ftensor(&t, "B", rb, bdims, b);
  int ri = residual ? ftensor(&t, "R", out_rank, odims, r) : -1;
  int yi = output(&t, "Y");
  node(&t, "MatMul", 13, 2, (int[]){ai | RT, b_const ? bi : bi | RT}, 1, &yi);
  N(&t)->act = act.kind;
  N(&t)->act_alpha = act.a;
  N(&t)->act_beta = act.b;
  N(&t)->fused_add = ri;
  /* reference: promote to >= 2-D, broadcast batch dims by hand */
  int64_t A[IR_MAX_RANK + 1], B[IR_MAX_RANK + 1];
  int pa = ra, pb = rb;
  if (ra == 1) { A[0] = 1; A[1] = adims[0]; pa = 2; } else memcpy(A, adims, sizeof(int64_t) * (size_t)ra);
  if (rb == 1) { B[0] = bdims[0]; B[1] = 1; pb = 2; } else memcpy(B, bdims, sizeof(int64_t) * (size_t)rb);
  const int64_t M = A[pa - 2], K = A[pa - 1], Nn = B[pb - 1];
  const int br = (pa > pb ? pa : pb) - 2;
  int64_t bd[IR_MAX_RANK];
  for (int i = 0; i < br; i++) {
    int ia = i - (br - (pa - 2)), ib = i - (br - (pb - 2));
    int64_t da = ia >= 0 ? A[ia] : 1, db = ib >= 0 ? B[ib] : 1;
    bd[i] = da > db ? da : db;
  }
  int64_t batch = prod(bd, br);
  double *ref = calloc((size_t)(batch * M * Nn + 1), sizeof(double));
  for (int64_t q = 0; q < batch; q++) {
    int64_t rem = q, ia_off = 0, ib_off = 0, sa = M * K, sb = K * Nn;
    for (int i = br - 1; i >= 0; i--) {
      int64_t idx = rem % bd[i];
      rem /= bd[i];
      int ja = i - (br - (pa - 2)), jb = i - (br - (pb - 2));
      if (ja >= 0) { ia_off += (A[ja] == 1 ? 0 : idx) * sa; sa *= A[ja]; }
      if (jb >= 0) { ib_off += (B[jb] == 1 ? 0 : idx) * sb; sb *= B[jb]; }
    }
    for (int64_t i = 0; i < M; i++)
      for (int64_t j = 0; j < Nn; j++) {
        double s = 0;
        for (int64_t k = 0; k < K; k++) s += (double)a[ia_off + i * K + k] * b[ib_off + k * Nn + j];
        int64_t o = (q * M + i) * Nn + j;
        if (residual) s += r[o];
        ref[o] = act_ref(act, s);
      }
  }
  run_case(name, &t, &op_MatMul, ref, pkg);
  check_shape(name, &t, out_rank, odims);
  free(ref);
  free(a);
  free(b);
  free(r);
  tc_free(&t);
}

static void test_matmul(void) {
  matmul_case("matmul 1-D x 1-D (dot)", 1, INTS(37), 1, INTS(37), 0, NULL, 0, NOACT, 0, 1);
  matmul_case("matmul 1-D x 2-D", 1, INTS(7), 2, INTS(7, 9), 1, INTS(9), 0, NOACT, 1, 1);
  matmul_case("matmul 2-D x 1-D", 2, INTS(5, 7), 1, INTS(7), 1, INTS(5), 0, NOACT, 1, 1);
  matmul_case("matmul 2-D x 2-D", 2, INTS(5, 7), 2, INTS(7, 11), 2, INTS(5, 11), 0, NOACT, 1, 1);
  matmul_case("matmul 2-D x 2-D N=3", 2, INTS(6, 10), 2, INTS(10, 3), 2, INTS(6, 3), 0, NOACT, 0, 1);
  matmul_case("matmul batched x 2-D (folded)", 4, INTS(2, 3, 4, 5), 2, INTS(5, 6), 4,
              INTS(2, 3, 4, 6), 0, NOACT, 1, 1);
  matmul_case("matmul batch broadcast both", 4, INTS(3, 1, 4, 5), 3, INTS(2, 5, 6), 4,
              INTS(3, 2, 4, 6), 0, NOACT, 0, 1);
  matmul_case("matmul 2-D x batched", 2, INTS(4, 5), 3, INTS(2, 5, 3), 3, INTS(2, 4, 3), 0, NOACT,
              0, 1);
  matmul_case("matmul 1-D x 3-D", 1, INTS(5), 3, INTS(2, 5, 9), 2, INTS(2, 9), 0, NOACT, 0, 1);
  matmul_case("matmul 3-D x 1-D", 3, INTS(2, 4, 5), 1, INTS(5), 2, INTS(2, 4), 0, NOACT, 0, 1);
  matmul_case("matmul batched same dims", 3, INTS(3, 4, 6), 3, INTS(3, 6, 10), 3, INTS(3, 4, 10),
              0, NOACT, 0, 1);
  matmul_case("matmul fused relu + residual", 3, INTS(2, 4, 6), 2, INTS(6, 9), 3, INTS(2, 4, 9), 1,
              (ref_act){IR_ACT_RELU, 0, 0}, 1, 1);
  matmul_case("matmul fused sigmoid", 2, INTS(3, 6), 2, INTS(6, 5), 2, INTS(3, 5), 0,
              (ref_act){IR_ACT_SIGMOID, 0, 0}, 1, 1);
  {
    tcase t = tc_new();
    int ai = ftensor(&t, "A", 2, INTS(3, 4), NULL), bi = ftensor(&t, "B", 2, INTS(5, 6), NULL);
    int yi = output(&t, "Y");
    node(&t, "MatMul", 13, 2, (int[]){ai, bi}, 1, &yi);
    expect_error("matmul error inner dims", &t, &op_MatMul, "inner dimensions differ: A is 3x4 and B is 5x6");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int ai = ftensor(&t, "A", 3, INTS(2, 3, 4), NULL), bi = ftensor(&t, "B", 3, INTS(3, 4, 6), NULL);
    int yi = output(&t, "Y");
    node(&t, "MatMul", 13, 2, (int[]){ai, bi}, 1, &yi);
    expect_error("matmul error batch dims", &t, &op_MatMul, "cannot be broadcast together");
    tc_free(&t);
  }
}

/* ------------------------------------------------------------------ */
/* BatchNormalization                                                  */

static void bn_case(const char *name, int opset, int rank, const int64_t *xd, int spatial_attr,
                    int stats_runtime) {
  tcase t = tc_new();
  int64_t nx = prod(xd, rank);
  int spatial = spatial_attr != 0;
  int64_t cc = spatial ? xd[1] : nx / xd[0];
  int64_t inner = spatial ? nx / (xd[0] * xd[1]) : 1;
  float *x = rand_buf(nx, 2), *sc = rand_buf(cc, 1), *b = rand_buf(cc, 1), *m = rand_buf(cc, 1),
        *v = rand_buf(cc, 1);
  for (int64_t i = 0; i < cc; i++) v[i] = fabsf(v[i]) + 0.1f;
  int64_t sd[IR_MAX_RANK];
  int srank = 1;
  sd[0] = cc;
  if (!spatial) {
    srank = rank - 1;
    memcpy(sd, xd + 1, sizeof(int64_t) * (size_t)srank);
  }
  int xi = ftensor(&t, "X", rank, xd, x);
  int si = ftensor(&t, "scale", srank, sd, sc), bi = ftensor(&t, "B", srank, sd, b);
  int mi = ftensor(&t, "mean", srank, sd, m), vi = ftensor(&t, "var", srank, sd, v);
  int yi = output(&t, "Y");
  int f = stats_runtime ? RT : 0;
  node(&t, "BatchNormalization", opset, 5, (int[]){xi | RT, si | f, bi | f, mi | f, vi | f}, 1, &yi);
  attr_f(&t, "epsilon", 1e-3f);
  attr_f(&t, "momentum", 0.99f);
  if (opset < 7) attr_i(&t, "is_test", 1);
  if (spatial_attr != -1) attr_i(&t, "spatial", spatial_attr);
  double *ref = calloc((size_t)nx, sizeof(double));
  for (int64_t i = 0; i < nx; i++) {
    int64_t c = (i / inner) % cc;
    ref[i] = (x[i] - (double)m[c]) / sqrt((double)v[c] + (double)1e-3f) * sc[c] + b[c];
  }
  run_case(name, &t, &op_BatchNormalization, ref, 1);
  free(ref);
  free(x);
  free(sc);
  free(b);
  free(m);
  free(v);
  tc_free(&t);
}

static void bn_error(const char *name, int opset, const char *attr, int64_t v, int extra_out,
                     const char *want) {
  tcase t = tc_new();
  int xi = ftensor(&t, "X", 4, INTS(1, 3, 2, 2), NULL);
  int s[4];
  for (int i = 0; i < 4; i++) s[i] = ftensor(&t, "s", 1, INTS(3), NULL);
  int yi = output(&t, "Y"), mo = output(&t, "mean_out");
  node(&t, "BatchNormalization", opset, 5, (int[]){xi, s[0], s[1], s[2], s[3]}, extra_out ? 2 : 1,
       (int[]){yi, mo});
  if (attr) attr_i(&t, attr, v);
  expect_error(name, &t, &op_BatchNormalization, want);
  tc_free(&t);
}

static void test_batchnorm(void) {
  bn_case("batchnorm 4-D constant stats", 15, 4, INTS(2, 3, 4, 5), -1, 0);
  bn_case("batchnorm 4-D run-time stats", 15, 4, INTS(2, 3, 4, 5), -1, 1);
  bn_case("batchnorm rank 2", 9, 2, INTS(4, 3), -1, 0);
  bn_case("batchnorm 3-D odd inner", 14, 3, INTS(2, 5, 13), -1, 0);
  bn_case("batchnorm opset 7 spatial=0", 7, 3, INTS(2, 3, 4), 0, 0);
  bn_case("batchnorm opset 6 is_test=1", 6, 4, INTS(1, 2, 3, 3), 1, 0);
  /* in place (BatchNormalization is OP_INPLACE) */
  {
    kiln_batchnorm_params p = {2, 3, 5, 1e-3f};
    float *x = rand_buf(30, 1), *s = rand_buf(3, 1), *t = rand_buf(3, 1), *v = rand_buf(3, 1);
    float y[30], z[30];
    for (int i = 0; i < 3; i++) v[i] = fabsf(v[i]) + 0.5f;
    kiln_f32_scale_shift__c(&p, x, s, t, y);
    memcpy(z, x, sizeof z);
    kiln_f32_scale_shift__c(&p, z, s, t, z);
    int ok = !memcmp(y, z, sizeof y);
    kiln_f32_batchnorm__c(&p, x, s, t, s, v, y);
    memcpy(z, x, sizeof z);
    kiln_f32_batchnorm__c(&p, z, s, t, s, v, z);
    ok = ok && !memcmp(y, z, sizeof y);
    if (ok) pass("batchnorm kernels in place");
    else fail("batchnorm kernels in place", "results differ");
    free(x);
    free(s);
    free(t);
    free(v);
  }
  bn_error("batchnorm error training_mode before opset 14", 9, "training_mode", 1, 0,
           "attribute 'training_mode' requires opset 14 or later");
  bn_error("batchnorm error extra outputs", 15, NULL, 0, 1, "output 1 'mean_out'");
  bn_error("batchnorm error is_test=0", 6, "is_test", 0, 0, "is_test=0 (training mode before opset 7) is not supported");
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 3, 2, 2), NULL);
    int s = ftensor(&t, "s", 1, INTS(3), NULL), m = ftensor(&t, "m", 1, INTS(4), NULL);
    int yi = output(&t, "Y");
    node(&t, "BatchNormalization", 15, 5, (int[]){xi, s, s, m, s}, 1, &yi);
    expect_error("batchnorm error stat shape", &t, &op_BatchNormalization, "input 3 'input_mean' has shape 4, expected 3 values");
    tc_free(&t);
  }
}

/* ------------------------------------------------------------------ */
/* pools                                                               */

typedef struct pool_cfg {
  const char *name;
  int is_max, sp;
  int64_t n, c, in[3], k[3], s[3], dil[3], pb[3], pe[3];
  int ceil_mode, count_include_pad, set_pads, set_strides, set_dil;
  const char *auto_pad;
  int opset;
} pool_cfg;

static void pool_case(pool_cfg c) {
  tcase t = tc_new();
  int64_t xd[5] = {c.n, c.c}, out[3] = {1, 1, 1};
  for (int i = 0; i < c.sp; i++) {
    xd[2 + i] = c.in[i];
    if (!c.s[i]) c.s[i] = 1;
    if (!c.dil[i]) c.dil[i] = 1;
    int64_t ek = (c.k[i] - 1) * c.dil[i] + 1;
    if (c.auto_pad && !strncmp(c.auto_pad, "SAME", 4)) {
      out[i] = (c.in[i] + c.s[i] - 1) / c.s[i];
      int64_t tot = (out[i] - 1) * c.s[i] + ek - c.in[i];
      if (tot < 0) tot = 0;
      c.pb[i] = !strcmp(c.auto_pad, "SAME_UPPER") ? tot / 2 : tot - tot / 2;
      c.pe[i] = tot - c.pb[i];
    } else {
      double v = (double)(c.in[i] + c.pb[i] + c.pe[i] - ek) / (double)c.s[i] + 1;
      out[i] = c.ceil_mode ? (int64_t)ceil(v) : (int64_t)floor(v);
      if (c.ceil_mode && (out[i] - 1) * c.s[i] >= c.in[i] + c.pb[i]) out[i]--;
    }
  }
  int64_t yd[5] = {c.n, c.c, out[0], out[1], out[2]};
  int64_t nx = prod(xd, c.sp + 2), ny = prod(yd, c.sp + 2);
  float *x = rand_buf(nx, 1);
  int xi = ftensor(&t, "X", c.sp + 2, xd, x), yi = output(&t, "Y");
  node(&t, c.is_max ? "MaxPool" : "AveragePool", c.opset ? c.opset : 19, 1, (int[]){xi | RT}, 1, &yi);
  attr_ints(&t, "kernel_shape", c.sp, c.k);
  if (c.set_strides) attr_ints(&t, "strides", c.sp, c.s);
  if (c.set_dil) attr_ints(&t, "dilations", c.sp, c.dil);
  if (c.set_pads) {
    int64_t p[6];
    for (int i = 0; i < c.sp; i++) {
      p[i] = c.pb[i];
      p[c.sp + i] = c.pe[i];
    }
    attr_ints(&t, "pads", 2 * c.sp, p);
  }
  if (c.ceil_mode) attr_i(&t, "ceil_mode", 1);
  if (c.count_include_pad) attr_i(&t, "count_include_pad", 1);
  if (c.auto_pad) attr_s(&t, "auto_pad", c.auto_pad);
  /* naive reference over a 3-D view */
  int64_t in3[3], k3[3], s3[3], d3[3], p3[3], o3[3];
  for (int i = 0; i < 3; i++) {
    int j = i - (3 - c.sp);
    in3[i] = j >= 0 ? c.in[j] : 1;
    k3[i] = j >= 0 ? c.k[j] : 1;
    s3[i] = j >= 0 ? c.s[j] : 1;
    d3[i] = j >= 0 ? c.dil[j] : 1;
    p3[i] = j >= 0 ? c.pb[j] : 0;
    o3[i] = j >= 0 ? out[j] : 1;
  }
  double *ref = calloc((size_t)(ny + 1), sizeof(double));
  int64_t idx = 0;
  for (int64_t pl = 0; pl < c.n * c.c; pl++)
    for (int64_t od = 0; od < o3[0]; od++)
      for (int64_t oh = 0; oh < o3[1]; oh++)
        for (int64_t ow = 0; ow < o3[2]; ow++, idx++) {
          double acc = c.is_max ? -INFINITY : 0;
          int64_t cnt = 0;
          for (int64_t kd = 0; kd < k3[0]; kd++)
            for (int64_t kh = 0; kh < k3[1]; kh++)
              for (int64_t kw = 0; kw < k3[2]; kw++) {
                int64_t id = od * s3[0] - p3[0] + kd * d3[0], ih = oh * s3[1] - p3[1] + kh * d3[1],
                        iw = ow * s3[2] - p3[2] + kw * d3[2];
                if (id < 0 || id >= in3[0] || ih < 0 || ih >= in3[1] || iw < 0 || iw >= in3[2])
                  continue;
                double v = x[((pl * in3[0] + id) * in3[1] + ih) * in3[2] + iw];
                if (c.is_max) acc = v > acc ? v : acc;
                else acc += v;
                cnt++;
              }
          if (!c.is_max && c.count_include_pad) { /* taps inside [-pad, in + pad_end) */
            cnt = 1;
            for (int i = 0; i < 3; i++) {
              int j = i - (3 - c.sp);
              int64_t o = i == 0 ? od : i == 1 ? oh : ow, e = in3[i] + (j >= 0 ? c.pb[j] + c.pe[j] : 0), t = 0;
              for (int64_t q = 0; q < k3[i]; q++) {
                int64_t pos = o * s3[i] + q * d3[i]; /* from -pad */
                t += pos < e;
              }
              cnt *= t;
            }
          }
          if (!c.is_max) acc /= (double)cnt;
          ref[idx] = acc;
        }
  run_case(c.name, &t, c.is_max ? &op_MaxPool : &op_AveragePool, ref, 1);
  check_shape(c.name, &t, c.sp + 2, yd);
  free(ref);
  free(x);
  tc_free(&t);
}

/* AveragePool/MaxPool against hand-written expected values (ONNX examples). */
static void pool_fixed(const char *name, const op_def *op, int64_t h, int64_t w, const float *x,
                       int64_t oh, int64_t ow, const double *want, void (*attrs)(tcase *)) {
  tcase t = tc_new();
  int xi = ftensor(&t, "X", 4, INTS(1, 1, h, w), x), yi = output(&t, "Y");
  node(&t, op->name, 19, 1, &xi, 1, &yi);
  attrs(&t);
  run_case(name, &t, op, want, 0);
  check_shape(name, &t, 4, INTS(1, 1, oh, ow));
  tc_free(&t);
}
static void a_k5p2cip(tcase *t) {
  attr_ints(t, "kernel_shape", NI(5, 5));
  attr_ints(t, "pads", NI(2, 2, 2, 2));
  attr_i(t, "count_include_pad", 1);
}
static void a_k3s2ceil(tcase *t) {
  attr_ints(t, "kernel_shape", NI(3, 3));
  attr_ints(t, "strides", NI(2, 2));
  attr_i(t, "ceil_mode", 1);
}
static void a_k3s3p1ceil(tcase *t) {
  attr_ints(t, "kernel_shape", NI(3, 3));
  attr_ints(t, "strides", NI(3, 3));
  attr_ints(t, "pads", NI(1, 1, 1, 1));
  attr_i(t, "ceil_mode", 1);
}

static void test_pool(void) {
  pool_case((pool_cfg){.name = "maxpool 3x3 s2 p1", .is_max = 1, .sp = 2, .n = 2, .c = 3,
                       .in = {9, 8}, .k = {3, 3}, .s = {2, 2}, .pb = {1, 1}, .pe = {1, 1},
                       .set_pads = 1, .set_strides = 1});
  pool_case((pool_cfg){.name = "maxpool 2x2 s1 (contiguous)", .is_max = 1, .sp = 2, .n = 1, .c = 2,
                       .in = {7, 21}, .k = {2, 2}});
  pool_case((pool_cfg){.name = "maxpool ceil_mode", .is_max = 1, .sp = 2, .n = 1, .c = 2,
                       .in = {8, 7}, .k = {3, 2}, .s = {2, 2}, .ceil_mode = 1, .set_strides = 1});
  pool_case((pool_cfg){.name = "maxpool ceil_mode last window on pad dropped", .is_max = 1,
                       .sp = 2, .n = 1, .c = 1, .in = {2, 2}, .k = {3, 3}, .s = {3, 3},
                       .pb = {1, 1}, .pe = {1, 1}, .ceil_mode = 1, .set_pads = 1,
                       .set_strides = 1});
  pool_case((pool_cfg){.name = "maxpool dilations asym pads", .is_max = 1, .sp = 2, .n = 1, .c = 2,
                       .in = {10, 9}, .k = {2, 3}, .dil = {2, 2}, .pb = {1, 0}, .pe = {0, 2},
                       .set_pads = 1, .set_dil = 1, .opset = 12});
  pool_case((pool_cfg){.name = "maxpool SAME_UPPER s2", .is_max = 1, .sp = 2, .n = 1, .c = 2,
                       .in = {7, 6}, .k = {3, 3}, .s = {2, 2}, .auto_pad = "SAME_UPPER",
                       .set_strides = 1});
  pool_case((pool_cfg){.name = "maxpool SAME_LOWER", .is_max = 1, .sp = 2, .n = 1, .c = 2,
                       .in = {5, 6}, .k = {2, 4}, .auto_pad = "SAME_LOWER"});
  pool_case((pool_cfg){.name = "maxpool VALID", .is_max = 1, .sp = 2, .n = 1, .c = 2,
                       .in = {7, 6}, .k = {3, 2}, .s = {2, 2}, .auto_pad = "VALID",
                       .set_strides = 1});
  pool_case((pool_cfg){.name = "maxpool 1-D", .is_max = 1, .sp = 1, .n = 2, .c = 3, .in = {19},
                       .k = {4}, .s = {3}, .pb = {1}, .pe = {2}, .set_pads = 1, .set_strides = 1,
                       .ceil_mode = 1});
  pool_case((pool_cfg){.name = "maxpool 3-D", .is_max = 1, .sp = 3, .n = 1, .c = 2,
                       .in = {5, 6, 7}, .k = {2, 3, 2}, .s = {2, 2, 1}, .pb = {0, 1, 1},
                       .pe = {1, 1, 0}, .set_pads = 1, .set_strides = 1});
  pool_case((pool_cfg){.name = "avgpool pads exclude", .sp = 2, .n = 2, .c = 2, .in = {7, 9},
                       .k = {3, 3}, .s = {2, 2}, .pb = {1, 1}, .pe = {1, 1}, .set_pads = 1,
                       .set_strides = 1});
  pool_case((pool_cfg){.name = "avgpool pads count_include_pad", .sp = 2, .n = 1, .c = 2,
                       .in = {7, 9}, .k = {3, 3}, .s = {2, 2}, .pb = {1, 1}, .pe = {1, 1},
                       .count_include_pad = 1, .set_pads = 1, .set_strides = 1});
  pool_case((pool_cfg){.name = "avgpool ceil_mode exclude", .sp = 2, .n = 1, .c = 2, .in = {8, 7},
                       .k = {3, 3}, .s = {2, 2}, .pb = {1, 0}, .pe = {0, 1}, .ceil_mode = 1,
                       .set_pads = 1, .set_strides = 1});
  pool_case((pool_cfg){.name = "avgpool ceil_mode count_include_pad", .sp = 2, .n = 1, .c = 2,
                       .in = {8, 7}, .k = {3, 3}, .s = {2, 2}, .pb = {1, 0}, .pe = {0, 1},
                       .ceil_mode = 1, .count_include_pad = 1, .set_pads = 1, .set_strides = 1});
  pool_case((pool_cfg){.name = "avgpool dilations opset 19", .sp = 2, .n = 1, .c = 1,
                       .in = {9, 10}, .k = {2, 3}, .dil = {2, 3}, .pb = {1, 2}, .pe = {1, 2},
                       .set_pads = 1, .set_dil = 1});
  pool_case((pool_cfg){.name = "avgpool 1-D s1 contiguous", .sp = 1, .n = 1, .c = 3, .in = {30},
                       .k = {3}, .pb = {1}, .pe = {1}, .set_pads = 1});
  pool_case((pool_cfg){.name = "avgpool 3-D ceil dil count_include_pad", .sp = 3, .n = 1, .c = 1,
                       .in = {9, 9, 9}, .k = {3, 3, 3}, .s = {3, 3, 3}, .dil = {2, 2, 2},
                       .ceil_mode = 1, .count_include_pad = 1, .set_strides = 1, .set_dil = 1});
  pool_case((pool_cfg){.name = "avgpool SAME_UPPER", .sp = 2, .n = 1, .c = 2, .in = {5, 5},
                       .k = {3, 3}, .s = {2, 2}, .auto_pad = "SAME_UPPER", .set_strides = 1});

  /* ONNX's own examples, expected values written out */
  static const float x5[25] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                               14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25};
  static const double w5[25] = {2.52, 3.6, 4.8, 4.08, 3.24, 4.56, 6.4, 8.4, 7.04, 5.52,
                                7.2, 10, 13, 10.8, 8.4, 6.96, 9.6, 12.4, 10.24, 7.92,
                                6.12, 8.4, 10.8, 8.88, 6.84};
  pool_fixed("avgpool ONNX precomputed_pads_count_include_pad", &op_AveragePool, 5, 5, x5, 5, 5,
             w5, a_k5p2cip);
  static const float x4[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  static const double w4[4] = {6, 7.5, 12, 13.5};
  pool_fixed("avgpool ONNX 2d_ceil", &op_AveragePool, 4, 4, x4, 2, 2, w4, a_k3s2ceil);
  static const double w4m[4] = {11, 12, 15, 16};
  pool_fixed("maxpool ONNX 2d_ceil", &op_MaxPool, 4, 4, x4, 2, 2, w4m, a_k3s2ceil);
  static const float x2[4] = {0.8580f, 0.0786f, 0.2692f, 0.1537f};
  static const double w2[1] = {(0.8580 + 0.0786 + 0.2692 + 0.1537) / 4};
  pool_fixed("avgpool ONNX ceil_last_window_starts_on_pad", &op_AveragePool, 2, 2, x2, 1, 1, w2,
             a_k3s3p1ceil);

  /* global pools */
  for (int is_max = 0; is_max < 2; is_max++)
    for (int r = 3; r <= 5; r++) {
      tcase t = tc_new();
      int64_t xd[5] = {2, 3, 5, 7, 3}, yd[5] = {2, 3, 1, 1, 1};
      int64_t nx = prod(xd, r), size = nx / 6;
      float *x = rand_buf(nx, 1);
      int xi = ftensor(&t, "X", r, xd, x), yi = output(&t, "Y");
      const op_def *op = is_max ? &op_GlobalMaxPool : &op_GlobalAveragePool;
      node(&t, op->name, 1, 1, (int[]){xi | RT}, 1, &yi);
      double ref[6];
      for (int p = 0; p < 6; p++) {
        double acc = is_max ? -INFINITY : 0;
        for (int64_t i = 0; i < size; i++) {
          double v = x[p * size + i];
          acc = is_max ? (v > acc ? v : acc) : acc + v;
        }
        ref[p] = is_max ? acc : acc / (double)size;
      }
      char name[96];
      snprintf(name, sizeof name, "%s rank %d", op->name, r);
      run_case(name, &t, op, ref, 1);
      check_shape(name, &t, r, yd);
      free(x);
      tc_free(&t);
    }

  /* errors */
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 1, 4, 4), NULL), yi = output(&t, "Y");
    node(&t, "MaxPool", 12, 1, &xi, 1, &yi);
    attr_ints(&t, "kernel_shape", NI(2, 2));
    attr_i(&t, "storage_order", 2);
    expect_error("maxpool error storage_order", &t, &op_MaxPool, "'storage_order' is 2, expected 0 or 1");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 1, 4, 4), NULL), yi = output(&t, "Y"), ii = output(&t, "I"),
        zi = output(&t, "Z");
    node(&t, "MaxPool", 12, 1, &xi, 3, (int[]){yi, ii, zi});
    attr_ints(&t, "kernel_shape", NI(2, 2));
    expect_error("maxpool error outputs", &t, &op_MaxPool, "has 3 outputs, MaxPool has at most 2");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 4, INTS(1, 1, 4, 4), NULL), yi = output(&t, "Y");
    node(&t, "AveragePool", 11, 1, &xi, 1, &yi);
    expect_error("avgpool error kernel_shape", &t, &op_AveragePool, "attribute 'kernel_shape' is required");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 2, INTS(1, 4), NULL), yi = output(&t, "Y");
    node(&t, "GlobalAveragePool", 1, 1, &xi, 1, &yi);
    expect_error("globalavgpool error rank", &t, &op_GlobalAveragePool, "has rank 2");
    tc_free(&t);
  }
}

/* ------------------------------------------------------------------ */
/* Softmax / LogSoftmax                                                */

static void softmax_case(const char *name, int is_log, int opset, int rank, const int64_t *dims,
                         int has_axis, int64_t axis, float scale) {
  tcase t = tc_new();
  int64_t nx = prod(dims, rank);
  float *x = rand_buf(nx, scale);
  int xi = ftensor(&t, "X", rank, dims, x), yi = output(&t, "Y");
  node(&t, is_log ? "LogSoftmax" : "Softmax", opset, 1, (int[]){xi | RT}, 1, &yi);
  if (has_axis) attr_i(&t, "axis", axis);
  int64_t ax = has_axis ? axis : (opset < 13 ? 1 : -1);
  if (ax < 0) ax += rank;
  /* reference: groups of elements normalised together */
  int64_t outer = prod(dims, (int)ax), n, inner;
  if (opset < 13) {
    n = prod(dims + ax, rank - (int)ax);
    inner = 1;
  } else {
    n = dims[ax];
    inner = prod(dims + ax + 1, rank - (int)ax - 1);
  }
  double *ref = calloc((size_t)nx, sizeof(double));
  for (int64_t o = 0; o < outer; o++)
    for (int64_t i = 0; i < inner; i++) {
      double m = -INFINITY, s = 0;
      for (int64_t j = 0; j < n; j++) m = fmax(m, x[(o * n + j) * inner + i]);
      for (int64_t j = 0; j < n; j++) s += exp(x[(o * n + j) * inner + i] - m);
      for (int64_t j = 0; j < n; j++) {
        double v = x[(o * n + j) * inner + i] - m;
        ref[(o * n + j) * inner + i] = is_log ? v - log(s) : exp(v) / s;
      }
    }
  run_case(name, &t, is_log ? &op_LogSoftmax : &op_Softmax, ref, 1);
  check_shape(name, &t, rank, dims);
  free(ref);
  free(x);
  tc_free(&t);
}

static void test_softmax(void) {
  const int64_t *d3 = INTS(2, 3, 4);
  softmax_case("softmax opset 11 axis=1 (flattened 3x4)", 0, 11, 3, d3, 1, 1, 3);
  softmax_case("softmax opset 13 axis=1 (one axis, inner 4)", 0, 13, 3, d3, 1, 1, 3);
  softmax_case("softmax opset 11 default axis", 0, 11, 3, d3, 0, 0, 3);
  softmax_case("softmax opset 13 default axis", 0, 13, 3, d3, 0, 0, 3);
  softmax_case("softmax opset 13 axis=-2", 0, 13, 4, INTS(2, 3, 5, 70), 1, -2, 3);
  softmax_case("softmax opset 13 axis=0 inner 150", 0, 13, 3, INTS(4, 3, 50), 1, 0, 3);
  softmax_case("softmax opset 1 axis=0", 0, 1, 2, INTS(3, 5), 1, 0, 3);
  softmax_case("softmax large values (stable)", 0, 13, 2, INTS(3, 19), 0, 0, 1000);
  softmax_case("logsoftmax opset 11 axis=1", 1, 11, 3, d3, 1, 1, 3);
  softmax_case("logsoftmax opset 13 axis=1", 1, 13, 3, d3, 1, 1, 3);
  softmax_case("logsoftmax opset 13 default", 1, 13, 2, INTS(5, 33), 0, 0, 3);
  softmax_case("logsoftmax large values (stable)", 1, 13, 2, INTS(2, 9), 0, 0, 1000);
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 2, INTS(2, 3), NULL), yi = output(&t, "Y");
    node(&t, "Softmax", 13, 1, &xi, 1, &yi);
    attr_i(&t, "axis", 2);
    expect_error("softmax error axis", &t, &op_Softmax, "axis 2 is out of range for rank 2");
    tc_free(&t);
  }
  /* in place */
  {
    kiln_softmax_params p = {2, 7, 3};
    float *x = rand_buf(42, 3), y[42], z[42];
    kiln_f32_softmax__c(&p, x, y);
    memcpy(z, x, sizeof z);
    kiln_f32_softmax__c(&p, z, z);
    if (memcmp(y, z, sizeof y)) fail("softmax in place", "results differ");
    else pass("softmax in place");
    kiln_f32_logsoftmax__c(&p, x, y);
    memcpy(z, x, sizeof z);
    kiln_f32_logsoftmax__c(&p, z, z);
    if (memcmp(y, z, sizeof y)) fail("logsoftmax in place", "results differ");
    else pass("logsoftmax in place");
    free(x);
  }
}

/* Softmax / LogSoftmax over float16 and bfloat16. The opset-13 function
 * bodies are ReduceMax, Sub, Exp, ReduceSum, Div (LogSoftmax: ..., Log, Sub)
 * in the input type, so every step is rounded to 16 bits. The float16 rows
 * are the scores of test_attention_4d_causal_fp16_expanded (ONNX backend
 * suite), where computing in float and rounding once (1/sum as a product)
 * gave 0.5586 for 0.559, 0.398 for 0.3982, 0.2976 for 0.2979, ... */

/* v rounded to nearest even with p significand bits; quanta below 2^qmin
 * are not representable (subnormals). Exact in double for these formats. */
static double round_bits(double v, int p, int qmin) {
  if (v == 0 || !isfinite(v)) return v;
  int e;
  frexp(v, &e);
  const int q = e - p > qmin ? e - p : qmin;
  return ldexp(nearbyint(ldexp(v, -q)), q);
}
static double lowp_round(int bf16, double v) { return bf16 ? round_bits(v, 8, -133) : round_bits(v, 11, -24); }
static double lowp_value(int bf16, uint16_t h) {
  if (bf16) {
    const uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
  }
  const int e = (h >> 10) & 31, m = h & 1023;
  const double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(1024 + m, e - 25);
  return (h & 0x8000) ? -v : v;
}
static uint16_t lowp_bits(int bf16, double v) { /* v already representable */
  if (bf16) {
    const float f = (float)v;
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return (uint16_t)(u >> 16);
  }
  for (uint32_t h = 0; h < 0x10000u; h++)
    if (lowp_value(0, (uint16_t)h) == v && (signbit(v) != 0) == ((h & 0x8000u) != 0)) return (uint16_t)h;
  return 0x7e00;
}

static void softmax_lowp_case(const char *name, int bf16, int is_log, int rows, int n,
                              const uint16_t *x) {
  tcase t = tc_new();
  const ir_dtype dt = bf16 ? IR_BF16 : IR_F16;
  int xi = tensor(&t, "X", dt, 2, INTS(rows, n), x), yi = output(&t, "Y");
  node(&t, is_log ? "LogSoftmax" : "Softmax", 13, 1, (int[]){xi | RT}, 1, &yi);
  const op_def *op = is_log ? &op_LogSoftmax : &op_Softmax;
  kiln_diag d;
  if (ot_case_infer(&t, op, &d) || op->eval(&d, t.g, N(&t))) {
    fail(name, "infer/eval failed: %s", d.msg);
    tc_free(&t);
    return;
  }
  const uint16_t *got = t.g->tensors[N(&t)->outputs[0]].data;
  for (int r = 0; r < rows; r++) {
    const uint16_t *xr = x + r * n;
    double m = -INFINITY, s = 0;
    for (int j = 0; j < n; j++) m = fmax(m, lowp_value(bf16, xr[j]));
    for (int j = 0; j < n; j++) s += lowp_round(bf16, exp(lowp_round(bf16, lowp_value(bf16, xr[j]) - m)));
    s = lowp_round(bf16, s);
    const double ls = lowp_round(bf16, log(s));
    for (int j = 0; j < n; j++) {
      const double dj = lowp_round(bf16, lowp_value(bf16, xr[j]) - m);
      const double w = lowp_round(bf16, is_log ? dj - ls : lowp_round(bf16, exp(dj)) / s);
      const uint16_t g = got[r * n + j];
      if (g != lowp_bits(bf16, w)) {
        fail(name, "row %d element %d: got %.6g (0x%04x), expected %.6g (0x%04x)", r, j,
             lowp_value(bf16, g), g, w, lowp_bits(bf16, w));
        tc_free(&t);
        return;
      }
    }
  }
  if (!package_disabled()) { /* the emitted kernel, byte for byte against eval */
    char why[1200];
    if (ot_case_package(name, &t, op, /*f32_tol=*/0, why, sizeof why)) {
      fail(name, "%s", why);
      tc_free(&t);
      return;
    }
  }
  pass(name);
  tc_free(&t);
}

static void test_softmax_lowp(void) {
  static const uint16_t h[4 * 6] = {
      0x3913, 0x365f, 0xfc00, 0xfc00, 0xfc00, 0xfc00, /* 0.6343 0.3982 -inf ... */
      0x3b50, 0x390b, 0x3c7f, 0xfc00, 0xfc00, 0xfc00, /* 0.914  0.6304 1.124 */
      0x379e, 0x39b5, 0x363d, 0xfc00, 0xfc00, 0xfc00, /* 0.476  0.7134 0.39 */
      0x3941, 0x3b18, 0x3a05, 0xfc00, 0xfc00, 0xfc00  /* 0.6567 0.8867 0.7524 */};
  softmax_lowp_case("softmax float16 rounds every step (attention scores)", 0, 0, 4, 6, h);
  softmax_lowp_case("logsoftmax float16 rounds every step", 0, 1, 4, 6, h);
  uint16_t b[4 * 6]; /* the same rows times 3, in bfloat16 */
  for (int i = 0; i < 4 * 6; i++) b[i] = lowp_bits(1, lowp_round(1, 3 * lowp_value(0, h[i])));
  softmax_lowp_case("softmax bfloat16 rounds every step", 1, 0, 4, 6, b);
  softmax_lowp_case("logsoftmax bfloat16 rounds every step", 1, 1, 4, 6, b);
}

/* BatchNormalization training_mode=1: x = [1, 2, 3, 4] as 2x1x2 (one
 * channel): batch mean 2.5, population variance 1.25; eps 0, scale 1,
 * bias 0 -> y = (x - 2.5) / sqrt(1.25); running mean 0 * 0.9 + 2.5 * 0.1 =
 * 0.25, running var 1 * 0.9 + 1.25 * 0.1 = 1.025. */
static void test_batchnorm_training(void) {
  static const float xv[4] = {1, 2, 3, 4}, one = 1, zero = 0;
  tcase t = tc_new();
  int xi = ftensor(&t, "X", 3, INTS(2, 1, 2), xv);
  int si = ftensor(&t, "s", 1, INTS(1), &one), bi = ftensor(&t, "b", 1, INTS(1), &zero);
  int mi = ftensor(&t, "m", 1, INTS(1), &zero), vi = ftensor(&t, "v", 1, INTS(1), &one);
  int outs[3] = {output(&t, "Y"), output(&t, "rm"), output(&t, "rv")};
  node(&t, "BatchNormalization", 15, 5, (int[]){xi | RT, si, bi, mi | RT, vi | RT}, 3, outs);
  attr_i(&t, "training_mode", 1);
  attr_f(&t, "epsilon", 0.0f);
  kiln_diag d;
  char why[1200];
  if (ot_case_infer(&t, &op_BatchNormalization, &d) ||
      op_BatchNormalization.eval(&d, t.g, N(&t))) {
    fail("batchnorm training", "%s", d.msg);
  } else {
    const double r = 1.0 / sqrt(1.25);
    ot_expect_reals("batchnorm training y", &t.g->tensors[outs[0]], IR_F32,
                    (double[]){-1.5 * r, -0.5 * r, 0.5 * r, 1.5 * r}, 4, 1e-6, 0);
    ot_expect_reals("batchnorm training running mean", &t.g->tensors[outs[1]], IR_F32,
                    (double[]){0.25}, 1, 1e-6, 0);
    ot_expect_reals("batchnorm training running var", &t.g->tensors[outs[2]], IR_F32,
                    (double[]){1.025}, 1, 1e-6, 0);
    if (!package_disabled() &&
        ot_case_package("batchnorm training", &t, &op_BatchNormalization, 1e-6, why, sizeof why))
      fail("batchnorm training package", "%s", why);
  }
  tc_free(&t);
}

/* ------------------------------------------------------------------ */
/* reductions                                                          */

static const op_def *const red_ops[5] = {&op_ReduceSum, &op_ReduceMean, &op_ReduceMax,
                                          &op_ReduceMin, &op_ReduceProd};

/* axes: NULL = none given. axes_mode: 0 attribute, 1 constant input */
static void reduce_case(const char *name, int which, int opset, int rank, const int64_t *dims,
                        int naxes, const int64_t *axes, int axes_mode, int keepdims, int noop,
                        ir_dtype dt) {
  tcase t = tc_new();
  int64_t nx = prod(dims, rank);
  float *x = rand_buf(nx, which == 4 ? 1.5f : 1.0f);
  int64_t *xi64 = malloc(sizeof(int64_t) * (size_t)(nx ? nx : 1));
  int32_t *xi32 = malloc(sizeof(int32_t) * (size_t)(nx ? nx : 1));
  for (int64_t i = 0; i < nx; i++) {
    xi64[i] = (int64_t)(x[i] * 5);
    xi32[i] = (int32_t)(x[i] * 5);
    if (dt != IR_F32) x[i] = (float)xi64[i];
  }
  const void *data = dt == IR_I64 ? (const void *)xi64 : dt == IR_I32 ? (const void *)xi32 : x;
  int xin = tensor(&t, "X", dt, rank, dims, data);
  int ai = -1;
  if (axes && axes_mode == 1) ai = tensor(&t, "axes", IR_I64, 1, (int64_t[]){naxes}, axes);
  int yi = output(&t, "Y");
  node(&t, red_ops[which]->name, opset, ai >= 0 ? 2 : 1, (int[]){dt == IR_F32 ? xin | RT : xin, ai},
       1, &yi);
  if (axes && axes_mode == 0) attr_ints(&t, "axes", naxes, axes);
  if (keepdims != 1) attr_i(&t, "keepdims", keepdims);
  if (noop) attr_i(&t, "noop_with_empty_axes", 1);
  /* reference */
  int red[IR_MAX_RANK] = {0};
  if (!axes || naxes == 0) {
    for (int i = 0; i < rank; i++) red[i] = !noop;
  } else {
    for (int i = 0; i < naxes; i++) red[axes[i] < 0 ? axes[i] + rank : axes[i]] = 1;
  }
  int64_t od[IR_MAX_RANK], kd[IR_MAX_RANK];
  int orank = 0;
  for (int i = 0; i < rank; i++) {
    kd[i] = red[i] ? 1 : dims[i];
    if (!red[i] || keepdims) od[orank++] = kd[i];
  }
  int64_t no = prod(kd, rank), cnt = no ? nx / no : 0;
  double *ref = malloc(sizeof(double) * (size_t)(no ? no : 1));
  for (int64_t o = 0; o < no; o++) ref[o] = which == 2 ? -INFINITY : which == 3 ? INFINITY : which == 4 ? 1 : 0;
  for (int64_t i = 0; i < nx; i++) {
    int64_t rem = i, o = 0, mul = 1;
    for (int d = rank - 1; d >= 0; d--) {
      int64_t c = rem % dims[d];
      rem /= dims[d];
      if (!red[d]) o += c * mul;
      mul *= kd[d];
    }
    double v = x[i];
    switch (which) {
    case 2: ref[o] = v > ref[o] ? v : ref[o]; break;
    case 3: ref[o] = v < ref[o] ? v : ref[o]; break;
    case 4: ref[o] *= v; break;
    default: ref[o] += v; break;
    }
  }
  if (which == 1)
    for (int64_t o = 0; o < no; o++) ref[o] = dt == IR_F32 ? ref[o] / (double)cnt : (double)((int64_t)ref[o] / cnt);
  if (dt == IR_F32) {
    run_case(name, &t, red_ops[which], ref, 1);
  } else {
    kiln_diag d;
    memset(&d, 0, sizeof d);
    if (red_ops[which]->infer(&d, t.g, N(&t)) || red_ops[which]->eval(&d, t.g, N(&t))) {
      fail(name, "%s", d.msg);
    } else {
      const ir_tensor *y = &t.g->tensors[yi];
      int ok = y->dtype == dt;
      for (int64_t o = 0; ok && o < no; o++) ok = ir_get_i64(y, o) == (int64_t)ref[o];
      if (ok) pass(name);
      else fail(name, "integer result differs");
    }
  }
  check_shape(name, &t, orank, od);
  free(ref);
  free(x);
  free(xi64);
  free(xi32);
  tc_free(&t);
}

static void test_reduce(void) {
  static const char *const nm[5] = {"sum", "mean", "max", "min", "prod"};
  char name[160];
  const int64_t *d4 = INTS(2, 3, 4, 5);
  for (int w = 0; w < 5; w++) {
    const int in_since = w == 0 ? 13 : 18;
    for (int keep = 0; keep < 2; keep++) {
      snprintf(name, sizeof name, "reduce%s axes attr [1,3] keepdims=%d", nm[w], keep);
      reduce_case(name, w, 11, 4, d4, 2, INTS(1, 3), 0, keep, 0, IR_F32);
      snprintf(name, sizeof name, "reduce%s axes input [-1] keepdims=%d", nm[w], keep);
      reduce_case(name, w, in_since, 4, d4, 1, INTS(-1), 1, keep, 0, IR_F32);
      snprintf(name, sizeof name, "reduce%s all (no axes) keepdims=%d", nm[w], keep);
      reduce_case(name, w, in_since, 4, d4, 0, NULL, 1, keep, 0, IR_F32);
    }
    snprintf(name, sizeof name, "reduce%s axes [0,-2] (outer+middle)", nm[w]);
    reduce_case(name, w, in_since, 4, d4, 2, INTS(0, -2), 1, 1, 0, IR_F32);
    snprintf(name, sizeof name, "reduce%s axes [-3,-4] on long rows", nm[w]);
    reduce_case(name, w, in_since, 4, INTS(2, 3, 1, 37), 2, INTS(-3, -4), 1, 0, 0, IR_F32);
    snprintf(name, sizeof name, "reduce%s noop_with_empty_axes", nm[w]);
    reduce_case(name, w, in_since, 3, INTS(2, 3, 4), 0, NULL, 1, 1, 1, IR_F32);
    snprintf(name, sizeof name, "reduce%s empty axes input reduces all", nm[w]);
    reduce_case(name, w, in_since, 3, INTS(2, 3, 4), 0, INTS(0), 1, 0, 0, IR_F32);
    snprintf(name, sizeof name, "reduce%s int64 eval", nm[w]);
    reduce_case(name, w, 11, 3, INTS(2, 3, 4), 1, INTS(1), 0, 1, 0, IR_I64);
    snprintf(name, sizeof name, "reduce%s int32 eval", nm[w]);
    reduce_case(name, w, 11, 2, INTS(3, 4), 0, NULL, 0, 0, 0, IR_I32);
  }
  reduce_case("reducesum size-1 dims only", 0, 11, 3, INTS(1, 1, 1), 1, INTS(1), 0, 0, 0, IR_F32);
  reduce_case("reducemean rank 0", 1, 11, 0, NULL, 0, NULL, 0, 1, 0, IR_F32);
  /* ReduceProd of a shape (shape arithmetic) */
  {
    tcase t = tc_new();
    int xi = tensor(&t, "shape", IR_I64, 1, INTS(3), INTS(2, 3, 4)), yi = output(&t, "n");
    node(&t, "ReduceProd", 13, 1, &xi, 1, &yi);
    attr_i(&t, "keepdims", 0);
    kiln_diag d;
    memset(&d, 0, sizeof d);
    if (op_ReduceProd.infer(&d, t.g, N(&t)) || op_ReduceProd.eval(&d, t.g, N(&t)))
      fail("reduceprod of a shape", "%s", d.msg);
    else if (t.g->tensors[yi].rank != 0 || ir_get_i64(&t.g->tensors[yi], 0) != 24)
      fail("reduceprod of a shape", "expected scalar 24");
    else pass("reduceprod of a shape");
    tc_free(&t);
  }
  /* errors */
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 2, INTS(2, 3), NULL), ai = tensor(&t, "axes", IR_I64, 1, INTS(1), NULL);
    int yi = output(&t, "Y");
    node(&t, "ReduceMean", 18, 2, (int[]){xi, ai}, 1, &yi);
    expect_error("reduce error non-constant axes", &t, &op_ReduceMean,
                 "input 1 'axes' must be a constant (computed at compile time); kiln needs static shapes");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 2, INTS(2, 3), NULL), yi = output(&t, "Y");
    node(&t, "ReduceMax", 18, 1, &xi, 1, &yi);
    attr_ints(&t, "axes", NI(1));
    expect_error("reduce error axes attr at opset 18", &t, &op_ReduceMax, "attribute 'axes' became input 1 in opset 18");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 2, INTS(2, 3), NULL), ai = tensor(&t, "axes", IR_I64, 1, INTS(1), INTS(1));
    int yi = output(&t, "Y");
    node(&t, "ReduceSum", 11, 2, (int[]){xi, ai}, 1, &yi);
    expect_error("reduce error axes input before opset 13", &t, &op_ReduceSum, "input 1 'axes' is not accepted before opset 13");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 2, INTS(2, 3), NULL), yi = output(&t, "Y");
    node(&t, "ReduceMin", 11, 1, &xi, 1, &yi);
    attr_ints(&t, "axes", NI(1, -1));
    expect_error("reduce error repeated axis", &t, &op_ReduceMin, "axis -1 appears twice");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = ftensor(&t, "X", 2, INTS(2, 3), NULL), yi = output(&t, "Y");
    node(&t, "ReduceSum", 11, 1, &xi, 1, &yi);
    attr_ints(&t, "axes", NI(2));
    expect_error("reduce error axis range", &t, &op_ReduceSum, "axis 2 is out of range for rank 2");
    tc_free(&t);
  }
  /* bool ReduceMax/ReduceMin (opset 20; axes attribute form): any / all along axis 1 */
  for (int w = 2; w <= 3; w++) {
    tcase t = tc_new();
    static const uint8_t xb[6] = {1, 0, 0, 0, 0, 0};
    int xi = tensor(&t, "X", IR_BOOL, 2, INTS(2, 3), xb), yi = output(&t, "Y");
    node(&t, red_ops[w]->name, 17, 1, (int[]){xi | RT}, 1, &yi);
    attr_ints(&t, "axes", NI(1));
    attr_i(&t, "keepdims", 0);
    const char *name = w == 2 ? "reducemax bool" : "reducemin bool";
    kiln_diag d;
    char why[1200];
    if (ot_case_infer(&t, red_ops[w], &d) || red_ops[w]->eval(&d, t.g, N(&t))) {
      fail(name, "%s", d.msg);
    } else {
      const int64_t want[2][2] = {{1, 0}, {0, 0}};
      ot_expect_ints(name, &t.g->tensors[yi], IR_BOOL, want[w - 2], 2);
      if (!package_disabled() && ot_case_package(name, &t, red_ops[w], 0, why, sizeof why))
        fail(name, "package: %s", why);
    }
    tc_free(&t);
  }
  /* empty bool ReduceMax gives false, int8 ReduceMin of nothing gives 127 */
  {
    tcase t = tc_new();
    int xi = tensor(&t, "X", IR_BOOL, 2, INTS(2, 0), NULL), yi = output(&t, "Y");
    node(&t, "ReduceMax", 17, 1, (int[]){xi}, 1, &yi);
    attr_ints(&t, "axes", NI(1));
    kiln_diag d;
    if (ot_case_infer(&t, &op_ReduceMax, &d) || op_ReduceMax.eval(&d, t.g, N(&t)))
      fail("reducemax empty bool", "%s", d.msg);
    else ot_expect_ints("reducemax empty bool", &t.g->tensors[yi], IR_BOOL, (int64_t[]){0, 0}, 2);
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int xi = tensor(&t, "X", IR_I8, 2, INTS(2, 0), NULL), yi = output(&t, "Y");
    node(&t, "ReduceMin", 18, 1, (int[]){xi}, 1, &yi);
    kiln_diag d;
    if (ot_case_infer(&t, &op_ReduceMin, &d) || op_ReduceMin.eval(&d, t.g, N(&t)))
      fail("reducemin empty int8", "%s", d.msg);
    else ot_expect_ints("reducemin empty int8", &t.g->tensors[yi], IR_I8, (int64_t[]){127}, 1);
    tc_free(&t);
  }
  /* float64 and int8 (wrapping) sums at run time */
  {
    tcase t = tc_new();
    static const double xd[6] = {0.5, 1.25, -2.0, 1e-17, 1.0, 3.0};
    int xi = tensor(&t, "X", IR_F64, 2, INTS(2, 3), xd), yi = output(&t, "Y");
    node(&t, "ReduceSum", 13, 1, (int[]){xi | RT}, 1, &yi);
    attr_i(&t, "keepdims", 0);
    kiln_diag d;
    char why[1200];
    if (ot_case_infer(&t, &op_ReduceSum, &d) || op_ReduceSum.eval(&d, t.g, N(&t))) {
      fail("reducesum float64", "%s", d.msg);
    } else {
      ot_expect_reals("reducesum float64", &t.g->tensors[yi], IR_F64, (double[]){3.75 + 1e-17}, 1,
                      1e-15, 0);
      if (!package_disabled() && ot_case_package("reducesum float64", &t, &op_ReduceSum, 0, why,
                                                 sizeof why))
        fail("reducesum float64", "package: %s", why);
    }
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    static const int8_t xq[4] = {100, 100, -100, 27};
    int xi = tensor(&t, "X", IR_I8, 2, INTS(2, 2), xq), yi = output(&t, "Y");
    node(&t, "ReduceSum", 13, 1, (int[]){xi | RT}, 1, &yi);
    attr_i(&t, "keepdims", 0);
    kiln_diag d;
    if (ot_case_infer(&t, &op_ReduceSum, &d) || op_ReduceSum.eval(&d, t.g, N(&t)))
      fail("reducesum int8 wraps", "%s", d.msg);
    else ot_expect_ints("reducesum int8 wraps", &t.g->tensors[yi], IR_I8, (int64_t[]){127}, 1);
    tc_free(&t);
  }
  /* bool is only for Max/Min */
  {
    tcase t = tc_new();
    int xi = tensor(&t, "X", IR_BOOL, 1, INTS(3), NULL), yi = output(&t, "Y");
    node(&t, "ReduceSum", 13, 1, (int[]){xi | RT}, 1, &yi);
    expect_error("reducesum rejects bool", &t, &op_ReduceSum, "input 0 'X' has dtype bool");
    tc_free(&t);
  }
}

/* ------------------------------------------------------------------ */

int main(void) {
  static const char *const kernels[] = {"src/kernels/binary.h", "src/kernels/unary.h",
                                        "src/kernels/gemm.h",    "src/kernels/conv.h",
                                        "src/kernels/pool.h",    "src/kernels/softmax.h",
                                        "src/kernels/reduce2.h", "src/kernels/gemm.c",
                                        "src/kernels/conv.c",    "src/kernels/pool.c",
                                        "src/kernels/softmax.c", "src/kernels/reduce2.c",
                                        "src/kernels/training.h", "src/kernels/training.c",
                                        "src/kernels/attention.h", "src/kernels/softmax_t.h",
                                        "src/kernels/softmax_t.c"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  test_conv();
  test_conv_kernels();
  test_gemm();
  test_matmul();
  test_batchnorm();
  test_batchnorm_training();
  test_pool();
  test_softmax();
  test_softmax_lowp();
  test_reduce();
  return ot_report();
}
