/* test_ops_seqmix.c - unit tests for LinearAttention, CausalConvWithState,
 * SwiGLU (src/ops/seqmix.c) and the float16/bfloat16/float64 run-time paths
 * added for the Attention/FlexAttention function bodies: MatMul, Softmax;
 * and FlexAttention's expansion (with modifier subgraphs), folded by
 * pass_infer over constant Q, K, V.
 *
 * Expected values are computed by hand in the comments next to them (small
 * integers and halves, so most are exact; sigmoid/exp values are written
 * with 10 digits from a calculator). Each valid case also runs as a package
 * program (stand-in emitter, tests/unit/harness) whose outputs must match
 * eval's, except LinearAttention: its kernel needs arena scratch (the float
 * state), which the stand-in emitter does not provide (emit_scratch "0");
 * the conformance cases run it through the real emitter.
 * Prints `PASS name` / `FAIL name: why`, then `N passed, N failed`.
 */
#include "ops/op.h"
#include "emit/emit.h"
#include "harness/op_test_case.h"
#include "passes/passes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const op_def op_LinearAttention, op_CausalConvWithState, op_SwiGLU, op_MatMul,
    op_Softmax;

#define D(...) ((const int64_t[]){__VA_ARGS__})

static int infer_eval(const char *name, tcase *t, const op_def *op) {
  kiln_diag d;
  memset(&d, 0, sizeof d);
  d.file = "test.onnx";
  if (op->infer(&d, t->g, N(t))) {
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
  memset(&d, 0, sizeof d);
  d.file = "test.onnx";
  int rc = op->infer(&d, t->g, N(t));
  ot_expect_error(name, rc, &d, text);
}

/* float values as float16 / bfloat16 bits (round to nearest even). */
static const void *half(ir_dtype dt, int n, const float *v) {
  static uint16_t buf[8][64];
  static int ring;
  uint16_t *b = buf[ring++ % 8];
  for (int i = 0; i < n; i++) ir_put_f64(b, dt, i, v[i]);
  return b;
}

/* ------------------------------------------------------------------ */
/* LinearAttention                                                     */

static void test_linear_attention(void) {
  /* linear, B=1 T=2 H=1 dk=2 dv=1, scale 1: q = [1,0],[0,1]; k = [1,2],[3,4];
   * v = 1, 2. t0: S = k0 v0 = [1, 2], o0 = q0.S = 1. t1: S += k1 v1 = [7, 10],
   * o1 = q1.S = 10. present = [7, 10]. */
  {
    tcase t = tc_new();
    int q = tensor(&t, "q", IR_F32, 3, D(1, 2, 2), FLTS(1, 0, 0, 1));
    int k = tensor(&t, "k", IR_F32, 3, D(1, 2, 2), FLTS(1, 2, 3, 4));
    int v = tensor(&t, "v", IR_F32, 3, D(1, 2, 1), FLTS(1, 2));
    int y = output(&t, "y"), s = output(&t, "present");
    ot_case_node(&t, "LinearAttention", 27, INS(q | RT, k | RT, v | RT), NIDS(y, s));
    attr_s(&t, "update_rule", "linear");
    attr_i(&t, "q_num_heads", 1);
    attr_i(&t, "kv_num_heads", 1);
    attr_f(&t, "scale", 1.0f);
    if (!infer_eval("linattn linear", &t, &op_LinearAttention)) {
      ot_expect_reals("linattn linear output", &t.g->tensors[y], IR_F32, (double[]){1, 10}, 2,
                      1e-6, 0);
      ot_expect_reals("linattn linear present", &t.g->tensors[s], IR_F32, (double[]){7, 10}, 2,
                      1e-6, 0);
    }
    tc_free(&t);
  }
  /* gated_delta, T=1 dk=2 dv=1, scale 2: past S = [1, 2], decay ln(0.5) (per
   * head) -> S = [0.5, 1]; beta 0.5, k = [1, 1]: S^T k = 1.5,
   * v' = 0.5 * (3 - 1.5) = 0.75; S += k v' = [1.25, 1.75];
   * o = 2 * (1 * 1.25 - 1 * 1.75) = -1. */
  {
    tcase t = tc_new();
    int q = tensor(&t, "q", IR_F32, 3, D(1, 1, 2), FLTS(1, -1));
    int k = tensor(&t, "k", IR_F32, 3, D(1, 1, 2), FLTS(1, 1));
    int v = tensor(&t, "v", IR_F32, 3, D(1, 1, 1), FLTS(3));
    int p = tensor(&t, "past", IR_F32, 4, D(1, 1, 2, 1), FLTS(1, 2));
    int g = tensor(&t, "decay", IR_F32, 3, D(1, 1, 1), FLTS(-0.69314718f));
    int b = tensor(&t, "beta", IR_F32, 3, D(1, 1, 1), FLTS(0.5f));
    int y = output(&t, "y"), s = output(&t, "present");
    ot_case_node(&t, "LinearAttention", 27, INS(q | RT, k | RT, v | RT, p | RT, g | RT, b | RT),
                 NIDS(y, s));
    attr_i(&t, "q_num_heads", 1);
    attr_i(&t, "kv_num_heads", 1);
    attr_f(&t, "scale", 2.0f);
    if (!infer_eval("linattn gated_delta", &t, &op_LinearAttention)) {
      ot_expect_reals("linattn gated_delta output", &t.g->tensors[y], IR_F32, (double[]){-1}, 1,
                      1e-6, 1e-6);
      ot_expect_reals("linattn gated_delta present", &t.g->tensors[s], IR_F32,
                      (double[]){1.25, 1.75}, 2, 1e-6, 0);
    }
    tc_free(&t);
  }
  /* GQA: 2 query heads share 1 kv head (dk = dv = 1), linear, default
   * scale 1/sqrt(1) = 1: S = k v = 1 * 5; o = [2 * 5, 3 * 5]. Per-key decay
   * [B, T, kv * dk] with gated: S = exp(0) * 0 + 5. */
  {
    tcase t = tc_new();
    int q = tensor(&t, "q", IR_F32, 3, D(1, 1, 2), FLTS(2, 3));
    int k = tensor(&t, "k", IR_F32, 3, D(1, 1, 1), FLTS(1));
    int v = tensor(&t, "v", IR_F32, 3, D(1, 1, 1), FLTS(5));
    int g = tensor(&t, "decay", IR_F32, 3, D(1, 1, 1), FLTS(0));
    int y = output(&t, "y");
    ot_case_node(&t, "LinearAttention", 27, INS(q | RT, k | RT, v | RT, -1, g | RT), NIDS(y));
    attr_s(&t, "update_rule", "gated");
    attr_i(&t, "q_num_heads", 2);
    attr_i(&t, "kv_num_heads", 1);
    if (!infer_eval("linattn gqa", &t, &op_LinearAttention)) {
      ot_expect_reals("linattn gqa output", &t.g->tensors[y], IR_F32, (double[]){10, 15}, 2,
                      1e-6, 0);
    }
    tc_free(&t);
  }
  /* float16 storage: the linear case above, values exact in float16. */
  {
    tcase t = tc_new();
    int q = tensor(&t, "q", IR_F16, 3, D(1, 2, 2), half(IR_F16, 4, FLTS(1, 0, 0, 1)));
    int k = tensor(&t, "k", IR_F16, 3, D(1, 2, 2), half(IR_F16, 4, FLTS(1, 2, 3, 4)));
    int v = tensor(&t, "v", IR_F16, 3, D(1, 2, 1), half(IR_F16, 2, FLTS(1, 2)));
    int y = output(&t, "y"), s = output(&t, "present");
    ot_case_node(&t, "LinearAttention", 27, INS(q | RT, k | RT, v | RT), NIDS(y, s));
    attr_s(&t, "update_rule", "linear");
    attr_i(&t, "q_num_heads", 1);
    attr_i(&t, "kv_num_heads", 1);
    attr_f(&t, "scale", 1.0f);
    if (!infer_eval("linattn f16", &t, &op_LinearAttention)) {
      ot_expect_reals("linattn f16 output", &t.g->tensors[y], IR_F16, (double[]){1, 10}, 2, 0, 0);
      ot_expect_reals("linattn f16 present", &t.g->tensors[s], IR_F16, (double[]){7, 10}, 2, 0, 0);
    }
    tc_free(&t);
  }
  /* errors */
  {
    tcase t = tc_new();
    int q = tensor(&t, "q", IR_F32, 3, D(1, 1, 2), NULL);
    int k = tensor(&t, "k", IR_F32, 3, D(1, 1, 2), NULL);
    int v = tensor(&t, "v", IR_F32, 3, D(1, 1, 1), NULL);
    ot_case_node(&t, "LinearAttention", 27, INS(q, k, v), 1, NULL);
    attr_i(&t, "q_num_heads", 1);
    attr_i(&t, "kv_num_heads", 1);
    expect_error("linattn gated_delta needs decay", &t, &op_LinearAttention,
                 "update_rule 'gated_delta' requires input 4 'decay'");
    attr_s(&t, "update_rule", "fancy");
    expect_error("linattn bad update_rule", &t, &op_LinearAttention, "update_rule = 'fancy'");
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int q = tensor(&t, "q", IR_F32, 3, D(1, 1, 6), NULL);
    int k = tensor(&t, "k", IR_F32, 3, D(1, 1, 4), NULL);
    int v = tensor(&t, "v", IR_F32, 3, D(1, 1, 2), NULL);
    ot_case_node(&t, "LinearAttention", 27, INS(q, k, v), 1, NULL);
    attr_s(&t, "update_rule", "linear");
    attr_i(&t, "q_num_heads", 3);
    attr_i(&t, "kv_num_heads", 2);
    expect_error("linattn heads not a multiple", &t, &op_LinearAttention,
                 "must be a positive multiple of kv_num_heads");
    tc_free(&t);
  }
}

/* ------------------------------------------------------------------ */
/* CausalConvWithState                                                 */

static void test_causal_conv(void) {
  /* k = 2, w = [0.5, 1] (w[0] on the older position), past = [4],
   * x = [1, 2, 3], bias 10: padded = [4, 1, 2, 3];
   * y = [0.5*4 + 1 + 10, 0.5*1 + 2 + 10, 0.5*2 + 3 + 10] = [13, 12.5, 14];
   * present = the last k - 1 = [3]. */
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 3, D(1, 1, 3), FLTS(1, 2, 3));
    int w = tensor(&t, "w", IR_F32, 3, D(1, 1, 2), FLTS(0.5f, 1));
    int b = tensor(&t, "b", IR_F32, 1, D(1), FLTS(10));
    int p = tensor(&t, "past", IR_F32, 3, D(1, 1, 1), FLTS(4));
    int y = output(&t, "y"), s = output(&t, "present");
    ot_case_node(&t, "CausalConvWithState", 27, INS(x | RT, w, b, p | RT), NIDS(y, s));
    if (!infer_eval("causalconv bias past", &t, &op_CausalConvWithState)) {
      ot_expect_reals("causalconv bias past output", &t.g->tensors[y], IR_F32,
                      (double[]){13, 12.5, 14}, 3, 0, 0);
      ot_expect_reals("causalconv bias past present", &t.g->tensors[s], IR_F32, (double[]){3}, 1,
                      0, 0);
      ot_pkg_check("causalconv bias past package", &op_CausalConvWithState, t.g, t.node, 1e-6);
    }
    tc_free(&t);
  }
  /* k = 4 longer than the input (L = 1), no past: padded = [0, 0, 0, 2],
   * w = [1, 1, 1, 1]: y = 2, silu(2) = 2 / (1 + e^-2) = 1.761594156;
   * present = [0, 0, 2]. Two channels, the second x = -1: silu(-1) =
   * -1 / (1 + e) = -0.2689414214, present [0, 0, -1]. */
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 3, D(1, 2, 1), FLTS(2, -1));
    int w = tensor(&t, "w", IR_F32, 3, D(2, 1, 4), FLTS(1, 1, 1, 1, 1, 1, 1, 1));
    int y = output(&t, "y"), s = output(&t, "present");
    ot_case_node(&t, "CausalConvWithState", 27, INS(x | RT, w), NIDS(y, s));
    attr_s(&t, "activation", "silu");
    if (!infer_eval("causalconv silu short", &t, &op_CausalConvWithState)) {
      ot_expect_reals("causalconv silu short output", &t.g->tensors[y], IR_F32,
                      (double[]){1.761594156, -0.2689414214}, 2, 1e-6, 0);
      ot_expect_reals("causalconv silu short present", &t.g->tensors[s], IR_F32,
                      (double[]){0, 0, 2, 0, 0, -1}, 6, 0, 0);
      ot_pkg_check("causalconv silu short package", &op_CausalConvWithState, t.g, t.node, 1e-6);
    }
    tc_free(&t);
  }
  /* errors */
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F32, 3, D(1, 2, 3), NULL);
    int w = tensor(&t, "w", IR_F32, 3, D(2, 1, 3), NULL);
    int p = tensor(&t, "past", IR_F32, 3, D(1, 2, 3), NULL);
    ot_case_node(&t, "CausalConvWithState", 27, INS(x, w, -1, p), 1, NULL);
    expect_error("causalconv past length", &t, &op_CausalConvWithState,
                 "input 3 'past_state' has shape 1x2x3, expected [1, 2, 2]");
    attr_s(&t, "activation", "relu");
    expect_error("causalconv bad activation", &t, &op_CausalConvWithState,
                 "activation = 'relu'");
    tc_free(&t);
  }
}

/* ------------------------------------------------------------------ */
/* SwiGLU                                                              */

static void test_swiglu(void) {
  /* y = a * sigmoid(a) * b: a = [0, 1, -1], b = [2, 3, 4] ->
   * [0, 3 * 0.7310585786, 4 * -0.2689414214] = [0, 2.193175736, -1.075765686] */
  {
    tcase t = tc_new();
    int a = tensor(&t, "a", IR_F32, 1, D(3), FLTS(0, 1, -1));
    int b = tensor(&t, "b", IR_F32, 1, D(3), FLTS(2, 3, 4));
    ot_case_node(&t, "SwiGLU", 28, INS(a | RT, b | RT), 1, NULL);
    if (!infer_eval("swiglu", &t, &op_SwiGLU)) {
      ot_expect_reals("swiglu values", ir_out(t.g, N(&t), 0), IR_F32,
                      (double[]){0, 2.193175736, -1.075765686}, 3, 1e-6, 0);
      ot_pkg_check("swiglu package", &op_SwiGLU, t.g, t.node, 1e-6);
    }
    tc_free(&t);
  }
  /* alpha 2, float16: 1 * sigmoid(2) * 1 = 0.8807970780 -> float16
   * 0.880859375 (1804 / 2048, the nearest). */
  {
    tcase t = tc_new();
    int a = tensor(&t, "a", IR_F16, 1, D(1), half(IR_F16, 1, FLTS(1)));
    int b = tensor(&t, "b", IR_F16, 1, D(1), half(IR_F16, 1, FLTS(1)));
    ot_case_node(&t, "SwiGLU", 28, INS(a | RT, b | RT), 1, NULL);
    attr_f(&t, "alpha", 2.0f);
    if (!infer_eval("swiglu f16 alpha", &t, &op_SwiGLU)) {
      ot_expect_reals("swiglu f16 alpha value", ir_out(t.g, N(&t), 0), IR_F16,
                      (double[]){0.880859375}, 1, 0, 0);
      ot_pkg_check("swiglu f16 alpha package", &op_SwiGLU, t.g, t.node, 0);
    }
    tc_free(&t);
  }
  {
    tcase t = tc_new();
    int a = tensor(&t, "a", IR_F32, 1, D(3), NULL);
    int b = tensor(&t, "b", IR_F32, 2, D(1, 3), NULL);
    ot_case_node(&t, "SwiGLU", 28, INS(a, b), 1, NULL);
    expect_error("swiglu no broadcast", &t, &op_SwiGLU, "must have identical shapes");
    tc_free(&t);
  }
}

/* ------------------------------------------------------------------ */
/* float16 / bfloat16 / float64 paths of MatMul and Softmax              */

static void test_typed(void) {
  /* [[1, 2], [3, 4]] @ [[0.5, 0], [0, 2]] = [[0.5, 4], [1.5, 8]], exact */
  static const ir_dtype h[] = {IR_F16, IR_BF16};
  for (int i = 0; i < 2; i++) {
    char nm[64];
    snprintf(nm, sizeof nm, "matmul %s", ir_dtype_name(h[i]));
    tcase t = tc_new();
    int a = tensor(&t, "a", h[i], 2, D(2, 2), half(h[i], 4, FLTS(1, 2, 3, 4)));
    int b = tensor(&t, "b", h[i], 2, D(2, 2), half(h[i], 4, FLTS(0.5f, 0, 0, 2)));
    ot_case_node(&t, "MatMul", 13, INS(a | RT, b | RT), 1, NULL);
    if (!infer_eval(nm, &t, &op_MatMul)) {
      ot_expect_reals(nm, ir_out(t.g, N(&t), 0), h[i], (double[]){0.5, 4, 1.5, 8}, 4, 0, 0);
      ot_pkg_check(nm, &op_MatMul, t.g, t.node, 0);
    }
    tc_free(&t);
  }
  /* float64, batch broadcast: A [2][1][2] = [1, 2], [3, 4]; B [2][1] = [1, 1]:
   * [3], [7] */
  {
    tcase t = tc_new();
    int a = tensor(&t, "a", IR_F64, 3, D(2, 1, 2), (const double[]){1, 2, 3, 4});
    int b = tensor(&t, "b", IR_F64, 2, D(2, 1), (const double[]){1, 1});
    ot_case_node(&t, "MatMul", 13, INS(a | RT, b | RT), 1, NULL);
    if (!infer_eval("matmul f64 batch", &t, &op_MatMul)) {
      ot_expect_reals("matmul f64 batch", ir_out(t.g, N(&t), 0), IR_F64, (double[]){3, 7}, 2, 0, 0);
      ot_pkg_check("matmul f64 batch package", &op_MatMul, t.g, t.node, 0);
    }
    tc_free(&t);
  }
  /* softmax over [0, ln 3] = [1/4, 3/4] in float64 */
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F64, 2, D(1, 2), (const double[]){0, 1.0986122886681098});
    ot_case_node(&t, "Softmax", 13, INS(x | RT), 1, NULL);
    if (!infer_eval("softmax f64", &t, &op_Softmax)) {
      ot_expect_reals("softmax f64", ir_out(t.g, N(&t), 0), IR_F64, (double[]){0.25, 0.75}, 2,
                      1e-14, 0);
      ot_pkg_check("softmax f64 package", &op_Softmax, t.g, t.node, 0);
    }
    tc_free(&t);
  }
  /* softmax float16 along axis 0 of [2][2] (inner 2): [[0, 0], [ln 3, 0]] ->
   * [[0.25, 0.5], [0.75, 0.5]] */
  {
    tcase t = tc_new();
    int x = tensor(&t, "x", IR_F16, 2, D(2, 2), half(IR_F16, 4, FLTS(0, 0, 1.0986123f, 0)));
    ot_case_node(&t, "Softmax", 13, INS(x | RT), 1, NULL);
    attr_i(&t, "axis", 0);
    if (!infer_eval("softmax f16 axis 0", &t, &op_Softmax)) {
      ot_expect_reals("softmax f16 axis 0", ir_out(t.g, N(&t), 0), IR_F16,
                      (double[]){0.25, 0.5, 0.75, 0.5}, 4, 1e-3, 0);
      ot_pkg_check("softmax f16 axis 0 package", &op_Softmax, t.g, t.node, 0);
    }
    tc_free(&t);
  }
}

/* ------------------------------------------------------------------ */
/* FlexAttention: expanded by pass_infer; constant inputs fold it all   */

/* A one-node modifier subgraph x -> op(x, c) with c a constant [1] float. */
static ir_graph *mod_graph(const char *op, float c) {
  ir_graph *s = ir_graph_new();
  s->opset_domain[0] = kiln_strdup("");
  s->opset_version[0] = 26;
  s->n_opsets = 1;
  int x = ot_tensor(s, "x", IR_F32, 4, D(1, 1, 1, 2), NULL);
  int ct = ot_tensor(s, "c", IR_F32, 1, D(1), FLTS(c));
  int o = ir_add_tensor(s, "o");
  ot_node(s, "m", op, 26, 2, IDS(x, ct), 1, IDS(o));
  s->inputs = kiln_malloc(sizeof(int));
  s->outputs = kiln_malloc(sizeof(int));
  s->inputs[0] = x;
  s->outputs[0] = o;
  s->n_inputs = s->n_outputs = 1;
  return s;
}

/* Q [1][hq][1][2], K = [[1, 0], [0, 0]], V = [1, 3] (one kv head), scale 1.
 * Query [1, 0]: scores [1, 0], probs [e / (1 + e), 1 / (1 + e)] =
 * [0.7310585786, 0.2689414214], y = 0.7310585786 + 3 * 0.2689414214 =
 * 1.537882843. Query [0, 0]: probs [0.5, 0.5], y = 2. */
static void flex_case(const char *name, int hq, const char *smod, float sc, const char *pmod,
                      float pc, const double *want) {
  ir_graph *g = ir_graph_new();
  g->opset_domain[0] = kiln_strdup("");
  g->opset_version[0] = 26;
  g->opset_domain[1] = kiln_strdup("ai.onnx.preview");
  g->opset_version[1] = 1;
  g->n_opsets = 2;
  int q = ot_tensor(g, "q", IR_F32, 4, D(1, hq, 1, 2), FLTS(1, 0, 0, 0));
  int k = ot_tensor(g, "k", IR_F32, 4, D(1, 1, 2, 2), FLTS(1, 0, 0, 0));
  int v = ot_tensor(g, "v", IR_F32, 4, D(1, 1, 2, 1), FLTS(1, 3));
  int y = ir_add_tensor(g, "y");
  int nd = ot_node(g, "flex", "FlexAttention", 1, 3, IDS(q, k, v), 1, IDS(y));
  ir_node *n = &g->nodes[nd];
  free(n->domain);
  n->domain = kiln_strdup("ai.onnx.preview");
  ot_attr_float(n, "scale", 1.0f);
  if (smod) ot_attr(n, "score_mod", IR_ATTR_GRAPH)->g = mod_graph(smod, sc);
  if (pmod) ot_attr(n, "prob_mod", IR_ATTR_GRAPH)->g = mod_graph(pmod, pc);
  g->outputs = kiln_malloc(sizeof(int));
  g->outputs[0] = y;
  g->n_outputs = 1;
  g->tensors[y].is_output = 1;
  kiln_diag d;
  memset(&d, 0, sizeof d);
  d.file = "test.onnx";
  if (pass_infer(&d, g, NULL, 0)) fail(name, "pass_infer: %s", d.msg);
  else if (!g->tensors[y].data) fail(name, "y was not folded");
  else ot_expect_reals(name, &g->tensors[y], IR_F32, want, hq, 1e-6, 0);
  ir_graph_free(g);
}

static void test_flex(void) {
  flex_case("flex plain", 1, NULL, 0, NULL, 0, (double[]){1.537882843});
  flex_case("flex gqa", 2, NULL, 0, NULL, 0, (double[]){1.537882843, 2});
  /* score_mod x - 1 everywhere: softmax is shift-invariant, same y */
  flex_case("flex score_mod shift", 1, "Sub", 1, NULL, 0, (double[]){1.537882843});
  /* score_mod x * 0: probs [0.5, 0.5], y = 2; prob_mod p * 2: y = 4 */
  flex_case("flex score_mod zero", 1, "Mul", 0, NULL, 0, (double[]){2});
  flex_case("flex prob_mod", 1, "Mul", 0, "Mul", 2, (double[]){4});
}

int main(void) {
  static const char *const kernels[] = {
      "src/kernels/gemm.h",      "src/kernels/attention.h", "src/kernels/seqmix.h",
      "src/kernels/matmul_t.h",  "src/kernels/softmax.h",   "src/kernels/softmax_t.h",
      "src/kernels/gemm.c",
      "src/kernels/attention.c", "src/kernels/seqmix.c",    "src/kernels/matmul_t.c",
      "src/kernels/softmax.c",   "src/kernels/softmax_t.c"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  ot_check_library();
  test_linear_attention();
  test_causal_conv();
  test_swiglu();
  test_typed();
  test_flex();
  return ot_report();
}
