/* seqmix.c - the sequence mixers of Gated DeltaNet / Mamba style models:
 * LinearAttention (opset 27), CausalConvWithState (opset 27) and SwiGLU
 * (opset 28). Kernels: src/kernels/seqmix.c.
 *
 * LinearAttention: Q, K, V packed [B][T][heads * d]; q_num_heads and
 * kv_num_heads required, q heads a multiple of kv heads (query head h uses
 * kv head h / (q / kv)). update_rule linear | gated (decay) | delta (beta)
 * | gated_delta (both); decay [B][T][kv] or [B][T][kv * dk], beta [B][T][kv]
 * or [B][T][1]. The state is [B][kv][dk][dv] in the type of past_state
 * (or of Q without it) and is accumulated in float, as the ONNX reference
 * does; chunk_size is a tuning hint with no effect on the result.
 *
 * CausalConvWithState: depthwise causal conv1d with a carried state of the
 * last k - 1 positions; activation none | silu | swish.
 *
 * SwiGLU: Y = A * Sigmoid(alpha * A) * B, A and B of identical shape.
 *
 * All three run on float32, float16 and bfloat16 (computed in float).
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/seqmix.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ir_dtype fl_ok[] = {IR_F32, IR_F16, IR_BF16, IR_UNDEFINED};

/* Storage code of kiln_attn_ld__c. */
static int et_of(ir_dtype t) { return t == IR_F16 ? 1 : t == IR_BF16 ? 2 : 0; }

static const char *shape_s(const ir_tensor *t, char *buf, size_t size) {
  return ir_shape_str(t, buf, size);
}

/* Input i's constant data, copied when not aligned for its dtype
 * (initializers may sit unaligned in the model file); NULL if omitted. */
static const void *in_data(ir_graph *g, ir_node *n, int i, void **tmp) {
  const ir_tensor *t = ir_in(g, n, i);
  *tmp = NULL;
  if (!t) return NULL;
  size_t sz = ir_dtype_size(t->dtype);
  if (sz <= 1 || (uintptr_t)t->data % sz == 0) return t->data;
  size_t nb = (size_t)ir_numel(t) * sz;
  *tmp = kiln_malloc(nb ? nb : 1);
  if (*tmp) memcpy(*tmp, t->data, nb);
  return *tmp;
}

static int max_inputs(kiln_diag *d, ir_node *n, int k) {
  if (n->n_inputs > k) return ir_node_fail(d, n, "has %d inputs, expected at most %d", n->n_inputs, k);
  return 0;
}

/* ------------------------------------------------------------------ */
/* LinearAttention                                                     */

static int la_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_linattn_params *p,
                   ir_dtype *dt, ir_dtype *st) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 2) || max_inputs(d, n, 6)) return -1;
  ir_tensor *q = ir_in(g, n, 0), *k = ir_in(g, n, 1), *v = ir_in(g, n, 2);
  ir_tensor *past = ir_in(g, n, 3), *decay = ir_in(g, n, 4), *beta = ir_in(g, n, 5);
  if (op_check_dtype(d, n, q, 0, fl_ok)) return -1;
  *dt = q->dtype;
  const ir_dtype same[] = {*dt, IR_UNDEFINED};
  if (op_check_dtype(d, n, k, 1, same) || op_check_dtype(d, n, v, 2, same)) return -1;
  if (decay && op_check_dtype(d, n, decay, 4, same)) return -1;
  if (beta && op_check_dtype(d, n, beta, 5, same)) return -1;
  if (past && op_check_dtype(d, n, past, 3, fl_ok)) return -1;
  *st = past ? past->dtype : *dt;
  const char *rule = ir_attr_str(n, "update_rule", "gated_delta");
  if (!strcmp(rule, "linear")) p->gated = 0, p->delta = 0;
  else if (!strcmp(rule, "gated")) p->gated = 1, p->delta = 0;
  else if (!strcmp(rule, "delta")) p->gated = 0, p->delta = 1;
  else if (!strcmp(rule, "gated_delta")) p->gated = 1, p->delta = 1;
  else
    return ir_node_fail(d, n, "update_rule = '%s', expected linear, gated, delta or gated_delta",
                        rule);
  if (p->gated != !!decay)
    return ir_node_fail(d, n, "update_rule '%s' %s input 4 'decay'", rule,
                        p->gated ? "requires" : "forbids");
  if (p->delta != !!beta)
    return ir_node_fail(d, n, "update_rule '%s' %s input 5 'beta'", rule,
                        p->delta ? "requires" : "forbids");
  if (!ir_attr_find(n, "q_num_heads") || !ir_attr_find(n, "kv_num_heads"))
    return ir_node_fail(d, n, "attributes q_num_heads and kv_num_heads are required");
  const int64_t hq = ir_attr_int(n, "q_num_heads", 0), hk = ir_attr_int(n, "kv_num_heads", 0);
  const int64_t chunk = ir_attr_int(n, "chunk_size", 64);
  (void)chunk; /* a tuning hint of chunked implementations; the result is the same */
  if (hq <= 0 || hk <= 0 || hq % hk)
    return ir_node_fail(d, n, "q_num_heads (%lld) must be a positive multiple of kv_num_heads "
                        "(%lld)", (long long)hq, (long long)hk);
  char sb[3][96];
  if (q->rank != 3 || k->rank != 3 || v->rank != 3)
    return ir_node_fail(d, n, "query, key and value must be rank 3 [B, T, heads * d]; got %s, %s, %s",
                        shape_s(q, sb[0], 96), shape_s(k, sb[1], 96), shape_s(v, sb[2], 96));
  const int64_t B = q->dims[0], T = q->dims[1];
  if (k->dims[0] != B || v->dims[0] != B || k->dims[1] != T || v->dims[1] != T)
    return ir_node_fail(d, n, "query %s, key %s and value %s must agree in B and T",
                        shape_s(q, sb[0], 96), shape_s(k, sb[1], 96), shape_s(v, sb[2], 96));
  if (q->dims[2] % hq || k->dims[2] % hk || v->dims[2] % hk)
    return ir_node_fail(d, n, "last dims of query (%lld), key (%lld), value (%lld) must be "
                        "multiples of q_num_heads, kv_num_heads, kv_num_heads (%lld, %lld)",
                        (long long)q->dims[2], (long long)k->dims[2], (long long)v->dims[2],
                        (long long)hq, (long long)hk);
  const int64_t dk = q->dims[2] / hq, dv = v->dims[2] / hk;
  if (k->dims[2] / hk != dk)
    return ir_node_fail(d, n, "query head size %lld differs from key head size %lld",
                        (long long)dk, (long long)(k->dims[2] / hk));
  if (dk > KILN_ATTN_MAXD || dv > KILN_ATTN_MAXD)
    return ir_node_fail(d, n, "head sizes %lld/%lld exceed %d, the limit of kiln's "
                        "LinearAttention kernel", (long long)dk, (long long)dv, KILN_ATTN_MAXD);
  if (past && (past->rank != 4 || past->dims[0] != B || past->dims[1] != hk ||
               past->dims[2] != dk || past->dims[3] != dv))
    return ir_node_fail(d, n, "input 3 'past_state' has shape %s, expected [%lld, %lld, %lld, %lld]",
                        shape_s(past, sb[0], 96), (long long)B, (long long)hk, (long long)dk,
                        (long long)dv);
  if (decay) {
    if (decay->rank != 3 || decay->dims[0] != B || decay->dims[1] != T ||
        (decay->dims[2] != hk && decay->dims[2] != hk * dk))
      return ir_node_fail(d, n, "input 4 'decay' has shape %s, expected [%lld, %lld, %lld] or "
                          "[%lld, %lld, %lld]", shape_s(decay, sb[0], 96), (long long)B,
                          (long long)T, (long long)hk, (long long)B, (long long)T,
                          (long long)(hk * dk));
    p->decay_per_key = decay->dims[2] != hk;
  }
  if (beta) {
    if (beta->rank != 3 || beta->dims[0] != B || beta->dims[1] != T ||
        (beta->dims[2] != hk && beta->dims[2] != 1))
      return ir_node_fail(d, n, "input 5 'beta' has shape %s, expected [%lld, %lld, %lld] or "
                          "[%lld, %lld, 1]", shape_s(beta, sb[0], 96), (long long)B,
                          (long long)T, (long long)hk, (long long)B, (long long)T);
    p->beta_heads = beta->dims[2];
  }
  const float sc = ir_attr_float(n, "scale", 0.0f);
  if (!isfinite(sc)) return ir_node_fail(d, n, "scale = %g must be finite", (double)sc);
  p->scale = sc == 0.0f ? (float)(1.0 / sqrt((double)dk)) : sc;
  p->batch = B; p->len = T; p->q_heads = hq; p->kv_heads = hk; p->dk = dk; p->dv = dv;
  p->et = et_of(*dt);
  p->st_et = et_of(*st);
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 'output' is missing");
  if (n->n_outputs > 2) return ir_node_fail(d, n, "has %d outputs, expected at most 2", n->n_outputs);
  return 0;
}

static int la_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_linattn_params p;
  ir_dtype dt, st;
  if (la_plan(d, g, n, &p, &dt, &st)) return -1;
  const int64_t yd[3] = {p.batch, p.len, p.q_heads * p.dv};
  const int64_t sd[4] = {p.batch, p.kv_heads, p.dk, p.dv};
  ir_set_shape(ir_out(g, n, 0), dt, 3, yd);
  if (ir_out(g, n, 1)) ir_set_shape(ir_out(g, n, 1), st, 4, sd);
  for (int i = 0; i < 2; i++)
    if (ir_out(g, n, i) && ir_numel(ir_out(g, n, i)) < 0)
      return ir_node_fail(d, n, "output %d is too large", i);
  return 0;
}

static int la_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_linattn_params p;
  ir_dtype dt, st;
  if (la_plan(d, g, n, &p, &dt, &st)) return -1;
  void *tmp[6] = {0};
  const void *in[6];
  int rc = 0;
  for (int i = 0; i < 6; i++) {
    in[i] = in_data(g, n, i, &tmp[i]);
    if (ir_in(g, n, i) && !in[i] && ir_numel(ir_in(g, n, i)) > 0) rc = -1;
  }
  void *y = rc ? NULL : ir_alloc_data(ir_out(g, n, 0));
  void *ps = ir_out(g, n, 1) && y ? ir_alloc_data(ir_out(g, n, 1)) : NULL;
  float *state = kiln_malloc(sizeof(float) * (size_t)(p.batch * p.kv_heads * p.dk * p.dv + 1));
  if (!y || (ir_out(g, n, 1) && !ps) || !state) rc = -1;
  if (!rc) kiln_linear_attention__c(&p, in[0], in[1], in[2], in[3], in[4], in[5], y, ps, state);
  free(state);
  for (int i = 0; i < 6; i++) free(tmp[i]);
  return rc ? ir_node_fail(d, n, "out of memory") : 0;
}

/* The float state: batch * kv_heads * dk * dv = B * (kv * dk) * (kv * dv) / kv. */
static size_t la_scratch(const ir_graph *g, const ir_node *n) {
  const ir_tensor *k = ir_in((ir_graph *)g, n, 1), *v = ir_in((ir_graph *)g, n, 2);
  int64_t hk = 0;
  for (int i = 0; i < n->n_attrs; i++)
    if (!strcmp(n->attrs[i].name, "kv_num_heads")) hk = n->attrs[i].i;
  if (!k || !v || k->rank != 3 || v->rank != 3 || hk <= 0) return 0;
  return sizeof(float) * (size_t)(k->dims[0] * k->dims[2] * v->dims[2] / hk);
}

static int la_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_linattn_params p;
  ir_dtype dt, st;
  if (la_plan(emit_diag(e), g, n, &p, &dt, &st)) return -1;
  if (emit_use(e, "kiln_linear_attention__c")) return -1;
  char id[64], sc[48], a[8][160], scr[160];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_linattn_params %s_p = {.batch = %lld, .len = %lld, "
            ".q_heads = %lld, .kv_heads = %lld, .dk = %lld, .dv = %lld, .beta_heads = %lld, "
            ".gated = %d, .delta = %d, .decay_per_key = %d, .et = %d, .st_et = %d, "
            ".scale = %s};\n", id, (long long)p.batch, (long long)p.len, (long long)p.q_heads,
            (long long)p.kv_heads, (long long)p.dk, (long long)p.dv, (long long)p.beta_heads,
            p.gated, p.delta, p.decay_per_key, p.et, p.st_et,
            op_f32_literal(p.scale, sc, sizeof sc));
  for (int i = 0; i < 6; i++)
    if (op_emit_ref(e, i < n->n_inputs ? n->inputs[i] : -1, a[i], sizeof a[i])) return -1;
  for (int i = 0; i < 2; i++)
    if (op_emit_ref(e, i < n->n_outputs ? n->outputs[i] : -1, a[6 + i], sizeof a[6 + i]))
      return -1;
  snprintf(scr, sizeof scr, "%s", emit_scratch(e, n));
  emit_code(e, "kiln_linear_attention__c(&%s_p, %s, %s, %s, %s, %s, %s, %s, %s, (float *)%s);\n",
            id, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], scr);
  return 0;
}

const op_def op_LinearAttention = {
  .name = "LinearAttention", .domain = "", .since = 27, .until = 0,
  .attrs = "update_rule scale q_num_heads kv_num_heads chunk_size",
  .infer = la_infer, .eval = la_eval, .emit = la_emit, .flags = 0, .scratch = la_scratch,
};

/* ------------------------------------------------------------------ */
/* CausalConvWithState                                                 */

static int cc_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_causal_conv_params *p,
                   ir_dtype *dt) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 1) || max_inputs(d, n, 4)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *w = ir_in(g, n, 1), *bias = ir_in(g, n, 2),
            *past = ir_in(g, n, 3);
  if (op_check_dtype(d, n, x, 0, fl_ok)) return -1;
  *dt = x->dtype;
  const ir_dtype same[] = {*dt, IR_UNDEFINED};
  if (op_check_dtype(d, n, w, 1, same)) return -1;
  if (bias && op_check_dtype(d, n, bias, 2, same)) return -1;
  if (past && op_check_dtype(d, n, past, 3, same)) return -1;
  const char *act = ir_attr_str(n, "activation", "none");
  if (!strcmp(act, "none")) p->act = 0;
  else if (!strcmp(act, "silu") || !strcmp(act, "swish")) p->act = 1;
  else return ir_node_fail(d, n, "activation = '%s', expected none, silu or swish", act);
  char sb[2][96];
  if (x->rank != 3)
    return ir_node_fail(d, n, "input 0 'input' has shape %s, expected rank 3 [batch, channels, "
                        "length]", shape_s(x, sb[0], 96));
  const int64_t B = x->dims[0], C = x->dims[1], L = x->dims[2];
  if (w->rank != 3 || w->dims[0] != C || w->dims[1] != 1 || w->dims[2] < 1)
    return ir_node_fail(d, n, "input 1 'weight' has shape %s, expected [%lld, 1, k] with k >= 1",
                        shape_s(w, sb[0], 96), (long long)C);
  const int64_t K = w->dims[2];
  if (bias && (bias->rank != 1 || bias->dims[0] != C))
    return ir_node_fail(d, n, "input 2 'bias' has shape %s, expected [%lld]",
                        shape_s(bias, sb[0], 96), (long long)C);
  if (past && (past->rank != 3 || past->dims[0] != B || past->dims[1] != C ||
               past->dims[2] != K - 1))
    return ir_node_fail(d, n, "input 3 'past_state' has shape %s, expected [%lld, %lld, %lld]",
                        shape_s(past, sb[0], 96), (long long)B, (long long)C, (long long)(K - 1));
  p->batch = B; p->ch = C; p->len = L; p->k = K;
  p->et = et_of(*dt);
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 'output' is missing");
  if (n->n_outputs > 2) return ir_node_fail(d, n, "has %d outputs, expected at most 2", n->n_outputs);
  return 0;
}

static int cc_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_causal_conv_params p;
  ir_dtype dt;
  if (cc_plan(d, g, n, &p, &dt)) return -1;
  const int64_t sd[3] = {p.batch, p.ch, p.k - 1};
  ir_set_shape(ir_out(g, n, 0), dt, 3, ir_in(g, n, 0)->dims);
  if (ir_out(g, n, 1)) ir_set_shape(ir_out(g, n, 1), dt, 3, sd);
  return 0;
}

static int cc_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_causal_conv_params p;
  ir_dtype dt;
  if (cc_plan(d, g, n, &p, &dt)) return -1;
  void *tmp[4] = {0};
  const void *in[4];
  int rc = 0;
  for (int i = 0; i < 4; i++) {
    in[i] = in_data(g, n, i, &tmp[i]);
    if (ir_in(g, n, i) && !in[i] && ir_numel(ir_in(g, n, i)) > 0) rc = -1;
  }
  void *y = rc ? NULL : ir_alloc_data(ir_out(g, n, 0));
  void *ps = ir_out(g, n, 1) && y ? ir_alloc_data(ir_out(g, n, 1)) : NULL;
  if (!y || (ir_out(g, n, 1) && !ps)) rc = -1;
  if (!rc) kiln_causal_conv__c(&p, in[0], in[1], in[2], in[3], y, ps);
  for (int i = 0; i < 4; i++) free(tmp[i]);
  return rc ? ir_node_fail(d, n, "out of memory") : 0;
}

static int cc_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_causal_conv_params p;
  ir_dtype dt;
  if (cc_plan(emit_diag(e), g, n, &p, &dt)) return -1;
  if (emit_use(e, "kiln_causal_conv__c")) return -1;
  char id[64], a[6][160];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_causal_conv_params %s_p = {.batch = %lld, .ch = %lld, "
            ".len = %lld, .k = %lld, .act = %d, .et = %d};\n", id, (long long)p.batch,
            (long long)p.ch, (long long)p.len, (long long)p.k, p.act, p.et);
  for (int i = 0; i < 4; i++)
    if (op_emit_ref(e, i < n->n_inputs ? n->inputs[i] : -1, a[i], sizeof a[i])) return -1;
  for (int i = 0; i < 2; i++)
    if (op_emit_ref(e, i < n->n_outputs ? n->outputs[i] : -1, a[4 + i], sizeof a[4 + i]))
      return -1;
  emit_code(e, "kiln_causal_conv__c(&%s_p, %s, %s, %s, %s, %s, %s);\n", id, a[0], a[1], a[2],
            a[3], a[4], a[5]);
  return 0;
}

const op_def op_CausalConvWithState = {
  .name = "CausalConvWithState", .domain = "", .since = 27, .until = 0, .attrs = "activation",
  .infer = cc_infer, .eval = cc_eval, .emit = cc_emit, .flags = 0,
};

/* ------------------------------------------------------------------ */
/* SwiGLU                                                              */

static int sw_plan(kiln_diag *d, ir_graph *g, ir_node *n, float *alpha) {
  if (n->n_inputs != 2) return ir_node_fail(d, n, "has %d inputs, expected 2", n->n_inputs);
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *a = ir_in(g, n, 0), *b = ir_in(g, n, 1);
  if (op_check_dtype(d, n, a, 0, fl_ok)) return -1;
  const ir_dtype same[] = {a->dtype, IR_UNDEFINED};
  if (op_check_dtype(d, n, b, 1, same)) return -1;
  char sb[2][96];
  if (a->rank != b->rank || memcmp(a->dims, b->dims, sizeof(int64_t) * (size_t)a->rank))
    return ir_node_fail(d, n, "A %s and B %s must have identical shapes (SwiGLU does not "
                        "broadcast)", shape_s(a, sb[0], 96), shape_s(b, sb[1], 96));
  *alpha = ir_attr_float(n, "alpha", 1.0f);
  if (!ir_out(g, n, 0) || n->n_outputs != 1)
    return ir_node_fail(d, n, "expected 1 output, got %d", n->n_outputs);
  return 0;
}

static int sw_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  float alpha;
  if (sw_plan(d, g, n, &alpha)) return -1;
  const ir_tensor *a = ir_in(g, n, 0);
  ir_set_shape(ir_out(g, n, 0), a->dtype, a->rank, a->dims);
  return 0;
}

static int sw_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  float alpha;
  if (sw_plan(d, g, n, &alpha)) return -1;
  void *tmp[2] = {0};
  const void *a = in_data(g, n, 0, &tmp[0]), *b = in_data(g, n, 1, &tmp[1]);
  const int64_t cnt = ir_numel(ir_in(g, n, 0));
  void *y = (a && b) || cnt == 0 ? ir_alloc_data(ir_out(g, n, 0)) : NULL;
  if (y) kiln_swiglu__c(cnt, et_of(ir_in(g, n, 0)->dtype), alpha, a, b, y);
  free(tmp[0]);
  free(tmp[1]);
  return y ? 0 : ir_node_fail(d, n, "out of memory");
}

static int sw_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  float alpha;
  if (sw_plan(emit_diag(e), g, n, &alpha)) return -1;
  if (emit_use(e, "kiln_swiglu__c")) return -1;
  char a[3][160], al[48];
  for (int i = 0; i < 2; i++)
    if (op_emit_ref(e, n->inputs[i], a[i], sizeof a[i])) return -1;
  if (op_emit_ref(e, n->outputs[0], a[2], sizeof a[2])) return -1;
  emit_code(e, "kiln_swiglu__c(%lld, %d, %s, %s, %s, %s);\n",
            (long long)ir_numel(ir_in(g, n, 0)), et_of(ir_in(g, n, 0)->dtype),
            op_f32_literal(alpha, al, sizeof al), a[0], a[1], a[2]);
  return 0;
}

const op_def op_SwiGLU = {
  .name = "SwiGLU", .domain = "", .since = 28, .until = 0, .attrs = "alpha",
  .infer = sw_infer, .eval = sw_eval, .emit = sw_emit, .flags = OP_ELEMENTWISE | OP_INPLACE,
};
