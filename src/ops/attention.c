/* attention.c - ONNX Attention (opsets 23-25) and RotaryEmbedding (23).
 *
 * Attention: Q, K, V are 4-D [batch][heads][seq][head_size] or 3-D
 * [batch][seq][heads * head_size] (then q_num_heads and kv_num_heads are
 * required). The kernel addresses both layouts through strides, so the 3-D
 * form needs no transposes. Supported: GQA/MQA (q heads a multiple of kv
 * heads; query head h uses kv head h / (q_heads / kv_heads)), bool or float
 * attn_mask of rank 1..4 broadcast to [batch][q_heads][q_len][total] whose
 * last dim may be shorter than total (the rest is masked), is_causal with
 * the bottom-right offset (past length, or nonpad_kv_seqlen - q_len per
 * batch), scale, softcap, past_key/past_value with present_key/
 * present_value, nonpad_kv_seqlen (opset 24), left/right_window_size
 * (opset 25) and the qk_matmul_output modes 0..3. Mode 0 is the scaled QK
 * product before softcap, as the operator text says. A query row that
 * every key is masked from gives zeros in Y and in mode 3's output.
 * Run time: float32, float16 and bfloat16 (computed in float, head sizes up
 * to KILN_ATTN_MAXD for the 16-bit types). softmax_precision FLOAT, DOUBLE
 * or the inputs' own type is accepted and computed in float; FLOAT16 or
 * BFLOAT16 on float32 inputs is rejected.
 *
 * RotaryEmbedding: X is 4-D [batch][heads][seq][head] or 3-D
 * [batch][seq][heads * head] (num_heads required); position_ids [batch][seq]
 * index the rows of cos/sin caches [max_pos][rot / 2], or without them the
 * caches are [batch][seq][rot / 2]. The first rotary_embedding_dim (default
 * head) dims rotate as halves or, with interleaved, as even/odd pairs.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/attention.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};
static const ir_dtype i64_only[] = {IR_I64, IR_UNDEFINED};

/* An optional input i: NULL when omitted; error when present without shape. */
static int opt_in(kiln_diag *d, ir_graph *g, ir_node *n, int i, ir_tensor **t) {
  *t = ir_in(g, n, i);
  if (*t && (*t)->rank < 0)
    return ir_node_fail(d, n, "input %d '%s' has an unknown shape; bind it with --shape", i,
                        (*t)->name);
  return 0;
}

static const char *dims_str(const ir_tensor *t, char *buf, size_t size) {
  return ir_shape_str(t, buf, size);
}

/* ------------------------------------------------------------------ */
/* Attention                                                           */

typedef struct attn_plan {
  kiln_attention_params p;
  int rank;
  ir_dtype dt;
  int64_t y_dims[4], pk_dims[4], pv_dims[4], qk_dims[4];
} attn_plan;

static int attn_plan_make(kiln_diag *d, ir_graph *g, ir_node *n, attn_plan *ap) {
  kiln_attention_params *p = &ap->p;
  memset(ap, 0, sizeof *ap);
  if (op_need_inputs(d, g, n, 0, 2)) return -1;
  ir_tensor *q = ir_in(g, n, 0), *k = ir_in(g, n, 1), *v = ir_in(g, n, 2);
  ir_tensor *mask, *pk, *pv, *np = NULL;
  static const ir_dtype fl_ok[] = {IR_F32, IR_F16, IR_BF16, IR_UNDEFINED};
  if (op_check_dtype(d, n, q, 0, fl_ok)) return -1;
  const ir_dtype dt = q->dtype;
  const ir_dtype same[] = {dt, IR_UNDEFINED};
  if (op_check_dtype(d, n, k, 1, same) || op_check_dtype(d, n, v, 2, same)) return -1;
  if (opt_in(d, g, n, 3, &mask) || opt_in(d, g, n, 4, &pk) || opt_in(d, g, n, 5, &pv)) return -1;
  if (n->n_inputs > 7) return ir_node_fail(d, n, "has %d inputs, expected at most 7", n->n_inputs);
  if (n->opset < 24 && n->n_inputs > 6)
    return ir_node_fail(d, n, "has %d inputs; opset %d allows at most 6 (nonpad_kv_seqlen is "
                        "opset 24)", n->n_inputs, n->opset);
  if (opt_in(d, g, n, 6, &np)) return -1;
  char sb[3][96];
  const int r = q->rank;
  if (r != 3 && r != 4)
    return ir_node_fail(d, n, "input 0 'Q' has rank %d, expected 3 or 4", r);
  if (k->rank != r || v->rank != r)
    return ir_node_fail(d, n, "Q, K and V must have the same rank (3 or 4); got %d, %d and %d",
                        r, k->rank, v->rank);
  ir_attr *aq = ir_attr_find(n, "q_num_heads"), *akv = ir_attr_find(n, "kv_num_heads");
  const int64_t qn = ir_attr_int(n, "q_num_heads", 0), kvn = ir_attr_int(n, "kv_num_heads", 0);
  const int64_t B = q->dims[0];
  if (k->dims[0] != B || v->dims[0] != B)
    return ir_node_fail(d, n, "Q, K and V must have the same batch size; shapes %s, %s, %s",
                        dims_str(q, sb[0], 96), dims_str(k, sb[1], 96), dims_str(v, sb[2], 96));
  int64_t qh, kvh, Sq, L, dk, dv;
  if (r == 3) {
    if (!aq || !akv || qn <= 0 || kvn <= 0)
      return ir_node_fail(d, n, "3-D inputs need attributes q_num_heads and kv_num_heads > 0");
    qh = qn;
    kvh = kvn;
    Sq = q->dims[1];
    L = k->dims[1];
    if (q->dims[2] % qh || k->dims[2] % kvh || v->dims[2] % kvh)
      return ir_node_fail(d, n, "hidden sizes of Q (%lld), K (%lld) and V (%lld) must be "
                          "multiples of q_num_heads (%lld), kv_num_heads (%lld), kv_num_heads",
                          (long long)q->dims[2], (long long)k->dims[2], (long long)v->dims[2],
                          (long long)qh, (long long)kvh);
    dk = q->dims[2] / qh;
    if (k->dims[2] / kvh != dk)
      return ir_node_fail(d, n, "Q head size %lld differs from K head size %lld", (long long)dk,
                          (long long)(k->dims[2] / kvh));
    dv = v->dims[2] / kvh;
    p->q_s[0] = Sq * q->dims[2]; p->q_s[1] = dk; p->q_s[2] = q->dims[2];
    p->k_s[0] = L * k->dims[2]; p->k_s[1] = dk; p->k_s[2] = k->dims[2];
    p->v_s[0] = L * v->dims[2]; p->v_s[1] = dv; p->v_s[2] = v->dims[2];
  } else {
    qh = q->dims[1];
    kvh = k->dims[1];
    Sq = q->dims[2];
    L = k->dims[2];
    dk = q->dims[3];
    dv = v->dims[3];
    if (v->dims[1] != kvh)
      return ir_node_fail(d, n, "K has %lld heads but V has %lld", (long long)kvh,
                          (long long)v->dims[1]);
    if (k->dims[3] != dk)
      return ir_node_fail(d, n, "Q head size %lld differs from K head size %lld", (long long)dk,
                          (long long)k->dims[3]);
    if ((aq && qn != qh) || (akv && kvn != kvh))
      return ir_node_fail(d, n, "q_num_heads/kv_num_heads (%lld/%lld) contradict the 4-D "
                          "inputs' heads (%lld/%lld)", (long long)qn, (long long)kvn,
                          (long long)qh, (long long)kvh);
    p->q_s[0] = qh * Sq * dk; p->q_s[1] = Sq * dk; p->q_s[2] = dk;
    p->k_s[0] = kvh * L * dk; p->k_s[1] = L * dk; p->k_s[2] = dk;
    p->v_s[0] = kvh * L * dv; p->v_s[1] = L * dv; p->v_s[2] = dv;
  }
  if (r == 3 ? v->dims[1] != L : v->dims[2] != L)
    return ir_node_fail(d, n, "K and V must have the same sequence length; shapes %s and %s",
                        dims_str(k, sb[0], 96), dims_str(v, sb[1], 96));
  if (kvh <= 0 || qh <= 0 || qh % kvh)
    return ir_node_fail(d, n, "q heads (%lld) must be a positive multiple of kv heads (%lld)",
                        (long long)qh, (long long)kvh);
  if (dk <= 0) return ir_node_fail(d, n, "head size must be positive");
  if (dt != IR_F32 && (dk > KILN_ATTN_MAXD || dv > KILN_ATTN_MAXD))
    return ir_node_fail(d, n, "head sizes %lld/%lld exceed %d, the limit for %s inputs",
                        (long long)dk, (long long)dv, KILN_ATTN_MAXD, ir_dtype_name(dt));
  /* past / present */
  int64_t P = 0;
  if (!pk != !pv) return ir_node_fail(d, n, "past_key and past_value must be given together");
  if (pk) {
    if (op_check_dtype(d, n, pk, 4, same) || op_check_dtype(d, n, pv, 5, same)) return -1;
    if (pk->rank != 4 || pv->rank != 4)
      return ir_node_fail(d, n, "past_key and past_value must have rank 4");
    P = pk->dims[2];
    if (pk->dims[0] != B || pk->dims[1] != kvh || pk->dims[3] != dk || pv->dims[0] != B ||
        pv->dims[1] != kvh || pv->dims[2] != P || pv->dims[3] != dv)
      return ir_node_fail(d, n, "past_key %s / past_value %s must be [%lld, %lld, P, %lld] / "
                          "[%lld, %lld, P, %lld]", dims_str(pk, sb[0], 96),
                          dims_str(pv, sb[1], 96), (long long)B, (long long)kvh, (long long)dk,
                          (long long)B, (long long)kvh, (long long)dv);
  }
  const int64_t T = P + L;
  if (np) {
    if (op_check_dtype(d, n, np, 6, i64_only)) return -1;
    if (pk) return ir_node_fail(d, n, "nonpad_kv_seqlen cannot be combined with past_key/past_value");
    if (np->rank != 1 || np->dims[0] != B)
      return ir_node_fail(d, n, "input 6 'nonpad_kv_seqlen' has shape %s, expected [%lld]",
                          dims_str(np, sb[0], 96), (long long)B);
  }
  /* mask */
  if (mask) {
    if (mask->dtype == IR_BOOL) p->mask_kind = 1;
    else if (mask->dtype == dt) p->mask_kind = 2;
    else
      return ir_node_fail(d, n, "input 3 'attn_mask' has dtype %s; supported: bool, %s",
                          ir_dtype_name(mask->dtype), ir_dtype_name(dt));
    const int mr = mask->rank;
    if (mr < 1 || mr > 4)
      return ir_node_fail(d, n, "input 3 'attn_mask' has rank %d, expected 1 to 4", mr);
    const int64_t want[4] = {B, qh, Sq, T};
    int64_t st = 1;
    for (int a = mr - 1; a >= 0; a--) {
      const int o = a + 4 - mr;
      const int64_t m = mask->dims[a];
      if (o == 3) {
        if (m > T)
          return ir_node_fail(d, n, "input 3 'attn_mask' has %lld keys, more than the total "
                              "sequence length %lld", (long long)m, (long long)T);
        p->mask_len = m;
        p->m_s[3] = 1;
      } else {
        if (m != 1 && m != want[o])
          return ir_node_fail(d, n, "input 3 'attn_mask' shape %s does not broadcast to "
                              "[%lld, %lld, %lld, %lld]", dims_str(mask, sb[0], 96),
                              (long long)B, (long long)qh, (long long)Sq, (long long)T);
        p->m_s[o] = m == 1 ? 0 : st;
      }
      st *= m;
    }
  }
  /* attributes */
  const int64_t mode = ir_attr_int(n, "qk_matmul_output_mode", 0);
  if (mode < 0 || mode > 3)
    return ir_node_fail(d, n, "qk_matmul_output_mode = %lld, expected 0, 1, 2 or 3", (long long)mode);
  ir_attr *sp = ir_attr_find(n, "softmax_precision");
  if (sp) {
    const int64_t prec = sp->i;
    if (prec != IR_F32 && prec != IR_F64 && prec != dt)
      return ir_node_fail(d, n, "softmax_precision = %lld is not supported for %s inputs "
                          "(supported: 1 (float), 11 (double) and the inputs' type; computed "
                          "in float)", (long long)prec, ir_dtype_name(dt));
  }
  const int64_t causal = ir_attr_int(n, "is_causal", 0);
  if (causal != 0 && causal != 1)
    return ir_node_fail(d, n, "is_causal = %lld, expected 0 or 1", (long long)causal);
  int64_t left = -1, right = -1;
  if (n->opset >= 25) {
    left = ir_attr_int(n, "left_window_size", -1);
    right = ir_attr_int(n, "right_window_size", -1);
    if (left < -1 || right < -1)
      return ir_node_fail(d, n, "left_window_size (%lld) and right_window_size (%lld) must be "
                          "-1 or >= 0", (long long)left, (long long)right);
  } else if (ir_attr_find(n, "left_window_size") || ir_attr_find(n, "right_window_size")) {
    return ir_node_fail(d, n, "left_window_size/right_window_size need opset 25");
  }
  ir_attr *sa = ir_attr_find(n, "scale");
  const double scale = sa ? (double)ir_attr_float(n, "scale", 1.0f) : 1.0 / sqrt((double)dk);
  const float sq = (float)sqrt(scale);
  if (!(scale > 0.0) || !isfinite(sq))
    return ir_node_fail(d, n, "scale = %g must be positive and finite", scale);
  const float softcap = ir_attr_float(n, "softcap", 0.0f);
  if (!(softcap >= 0.0f) || isinf(softcap))
    return ir_node_fail(d, n, "softcap = %g must be >= 0 and finite", (double)softcap);
  p->batch = B; p->q_heads = qh; p->kv_heads = kvh; p->q_len = Sq; p->kv_len = L;
  p->past_len = P; p->dk = dk; p->dv = dv;
  p->scale = sq * sq;
  p->softcap = softcap;
  p->causal = (int)causal;
  p->left = left;
  p->right = right;
  p->qk_mode = (int)mode;
  ap->rank = r;
  ap->dt = dt;
  if (r == 3) {
    ap->y_dims[0] = B; ap->y_dims[1] = Sq; ap->y_dims[2] = qh * dv;
    p->y_s[0] = Sq * qh * dv; p->y_s[1] = dv; p->y_s[2] = qh * dv;
  } else {
    ap->y_dims[0] = B; ap->y_dims[1] = qh; ap->y_dims[2] = Sq; ap->y_dims[3] = dv;
    p->y_s[0] = qh * Sq * dv; p->y_s[1] = Sq * dv; p->y_s[2] = dv;
  }
  const int64_t pkd[4] = {B, kvh, T, dk}, pvd[4] = {B, kvh, T, dv}, qkd[4] = {B, qh, Sq, T};
  memcpy(ap->pk_dims, pkd, sizeof pkd);
  memcpy(ap->pv_dims, pvd, sizeof pvd);
  memcpy(ap->qk_dims, qkd, sizeof qkd);
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 'Y' is missing");
  if (n->n_outputs > 4) return ir_node_fail(d, n, "has %d outputs, expected at most 4", n->n_outputs);
  return 0;
}

static int attn_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  attn_plan ap;
  if (attn_plan_make(d, g, n, &ap)) return -1;
  ir_set_shape(ir_out(g, n, 0), ap.dt, ap.rank, ap.y_dims);
  if (ir_out(g, n, 1)) ir_set_shape(ir_out(g, n, 1), ap.dt, 4, ap.pk_dims);
  if (ir_out(g, n, 2)) ir_set_shape(ir_out(g, n, 2), ap.dt, 4, ap.pv_dims);
  if (ir_out(g, n, 3)) ir_set_shape(ir_out(g, n, 3), ap.dt, 4, ap.qk_dims);
  for (int i = 0; i < n->n_outputs; i++)
    if (ir_out(g, n, i) && ir_numel(ir_out(g, n, i)) < 0)
      return ir_node_fail(d, n, "output %d is too large", i);
  return 0;
}

/* Input i's constant data, copied when it is not aligned for its dtype
 * (initializers may sit unaligned in the model file). */
static const void *aligned_data(ir_graph *g, ir_node *n, int i, void **tmp) {
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

static int attn_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  attn_plan ap;
  if (attn_plan_make(d, g, n, &ap)) return -1;
  void *tmp[7] = {0};
  const void *in[7];
  int rc = 0;
  for (int i = 0; i < 7; i++) {
    in[i] = aligned_data(g, n, i, &tmp[i]);
    if (ir_in(g, n, i) && !in[i] && ir_numel(ir_in(g, n, i)) > 0) rc = -1;
  }
  void *out[4] = {0};
  for (int i = 0; i < 4 && !rc; i++)
    if (ir_out(g, n, i) && !(out[i] = ir_alloc_data(ir_out(g, n, i)))) rc = -1;
  if (!rc && ap.dt == IR_F32)
    kiln_f32_attention__c(&ap.p, in[0], in[1], in[2], in[3], in[4], in[5], in[6], out[0], out[1],
                          out[2], out[3]);
  else if (!rc && ap.dt == IR_F16)
    kiln_f16_attention__c(&ap.p, in[0], in[1], in[2], in[3], in[4], in[5], in[6], out[0], out[1],
                          out[2], out[3]);
  else if (!rc)
    kiln_bf16_attention__c(&ap.p, in[0], in[1], in[2], in[3], in[4], in[5], in[6], out[0],
                           out[1], out[2], out[3]);
  for (int i = 0; i < 7; i++) free(tmp[i]);
  return rc ? ir_node_fail(d, n, "out of memory") : 0;
}

static int attn_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  attn_plan ap;
  if (attn_plan_make(emit_diag(e), g, n, &ap)) return -1;
  const kiln_attention_params *p = &ap.p;
  const char *sym = ap.dt == IR_F32 ? "kiln_f32_attention__c"
                  : ap.dt == IR_F16 ? "kiln_f16_attention__c" : "kiln_bf16_attention__c";
  if (emit_use(e, sym)) return -1;
  char id[64], sc[48], cap[48];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e,
            "static const kiln_attention_params %s_p = {.batch = %lld, .q_heads = %lld, "
            ".kv_heads = %lld, .q_len = %lld, .kv_len = %lld, .past_len = %lld, .dk = %lld, "
            ".dv = %lld, .q_s = {%lld, %lld, %lld}, .k_s = {%lld, %lld, %lld}, "
            ".v_s = {%lld, %lld, %lld}, .y_s = {%lld, %lld, %lld}, .scale = %s, .softcap = %s, "
            ".causal = %d, .left = %lld, .right = %lld, .mask_kind = %d, .mask_len = %lld, "
            ".m_s = {%lld, %lld, %lld, %lld}, .qk_mode = %d};\n",
            id, (long long)p->batch, (long long)p->q_heads, (long long)p->kv_heads,
            (long long)p->q_len, (long long)p->kv_len, (long long)p->past_len, (long long)p->dk,
            (long long)p->dv, (long long)p->q_s[0], (long long)p->q_s[1], (long long)p->q_s[2],
            (long long)p->k_s[0], (long long)p->k_s[1], (long long)p->k_s[2],
            (long long)p->v_s[0], (long long)p->v_s[1], (long long)p->v_s[2],
            (long long)p->y_s[0], (long long)p->y_s[1], (long long)p->y_s[2],
            op_f32_literal(p->scale, sc, sizeof sc), op_f32_literal(p->softcap, cap, sizeof cap),
            p->causal, (long long)p->left, (long long)p->right, p->mask_kind,
            (long long)p->mask_len, (long long)p->m_s[0], (long long)p->m_s[1],
            (long long)p->m_s[2], (long long)p->m_s[3], p->qk_mode);
  char a[11][160];
  for (int i = 0; i < 7; i++) {
    int t = i < n->n_inputs ? n->inputs[i] : -1;
    if (i == 3 && t >= 0) {
      const char *b = emit_bytes(e, t);
      if (!b) return -1;
      snprintf(a[i], sizeof a[i], "%s", b);
    } else if (op_emit_ref(e, t, a[i], sizeof a[i])) {
      return -1;
    }
  }
  for (int i = 0; i < 4; i++)
    if (op_emit_ref(e, i < n->n_outputs ? n->outputs[i] : -1, a[7 + i], sizeof a[7 + i]))
      return -1;
  emit_code(e, "%s(&%s_p, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s);\n", sym, id, a[0], a[1],
            a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10]);
  return 0;
}

const op_def op_Attention = {
  .name = "Attention", .domain = "", .since = 23, .until = 0,
  .attrs = "is_causal kv_num_heads q_num_heads qk_matmul_output_mode scale softcap "
           "softmax_precision left_window_size right_window_size",
  .infer = attn_infer, .eval = attn_eval, .emit = attn_emit, .flags = 0,
};

/* ------------------------------------------------------------------ */
/* RotaryEmbedding                                                     */

static int rot_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_rotary_params *p) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 2)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *cs = ir_in(g, n, 1), *sn = ir_in(g, n, 2), *pos;
  for (int i = 0; i < 3; i++)
    if (op_check_dtype(d, n, ir_in(g, n, i), i, f32_only)) return -1;
  if (opt_in(d, g, n, 3, &pos)) return -1;
  if (n->n_inputs > 4) return ir_node_fail(d, n, "has %d inputs, expected at most 4", n->n_inputs);
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  char sb[2][96];
  const int64_t nh = ir_attr_int(n, "num_heads", 0);
  const int64_t inter = ir_attr_int(n, "interleaved", 0);
  const int64_t rd = ir_attr_int(n, "rotary_embedding_dim", 0);
  if (inter != 0 && inter != 1)
    return ir_node_fail(d, n, "interleaved = %lld, expected 0 or 1", (long long)inter);
  if (x->rank == 4) {
    p->batch = x->dims[0];
    p->heads = x->dims[1];
    p->seq = x->dims[2];
    p->head = x->dims[3];
    if (nh != 0 && nh != p->heads)
      return ir_node_fail(d, n, "num_heads = %lld contradicts the input's %lld heads",
                          (long long)nh, (long long)p->heads);
    p->x_s[0] = p->heads * p->seq * p->head;
    p->x_s[1] = p->head;
    p->x_s[2] = p->seq * p->head;
  } else if (x->rank == 3) {
    if (nh <= 0) return ir_node_fail(d, n, "3-D input needs attribute num_heads > 0");
    if (x->dims[2] % nh)
      return ir_node_fail(d, n, "hidden size %lld is not a multiple of num_heads %lld",
                          (long long)x->dims[2], (long long)nh);
    p->batch = x->dims[0];
    p->seq = x->dims[1];
    p->heads = nh;
    p->head = x->dims[2] / nh;
    p->x_s[0] = p->seq * x->dims[2];
    p->x_s[1] = x->dims[2];
    p->x_s[2] = p->head;
  } else {
    return ir_node_fail(d, n, "input 0 'X' has rank %d, expected 3 or 4", x->rank);
  }
  p->rot = rd == 0 ? p->head : rd;
  if (p->rot < 0 || p->rot > p->head || p->rot % 2)
    return ir_node_fail(d, n, "rotary_embedding_dim = %lld must be even and at most the head "
                        "size %lld", (long long)rd, (long long)p->head);
  p->interleaved = (int)inter;
  const int64_t half = p->rot / 2;
  if (cs->rank != sn->rank || memcmp(cs->dims, sn->dims, sizeof(int64_t) * (size_t)cs->rank))
    return ir_node_fail(d, n, "cos_cache %s and sin_cache %s must have the same shape",
                        dims_str(cs, sb[0], 96), dims_str(sn, sb[1], 96));
  if (pos) {
    if (op_check_dtype(d, n, pos, 3, i64_only)) return -1;
    if (pos->rank != 2 || pos->dims[0] != p->batch || pos->dims[1] != p->seq)
      return ir_node_fail(d, n, "input 3 'position_ids' has shape %s, expected [%lld, %lld]",
                          dims_str(pos, sb[0], 96), (long long)p->batch, (long long)p->seq);
    if (cs->rank != 2 || cs->dims[1] != half || cs->dims[0] < 1)
      return ir_node_fail(d, n, "cos_cache has shape %s, expected [max_position, %lld]",
                          dims_str(cs, sb[0], 96), (long long)half);
    p->max_pos = cs->dims[0];
    if (pos->data) {
      for (int64_t i = 0; i < p->batch * p->seq; i++) {
        int64_t v = ir_get_i64(pos, i);
        if (v < 0 || v >= p->max_pos)
          return ir_node_fail(d, n, "position_ids[%lld] = %lld is outside the caches' %lld rows",
                              (long long)i, (long long)v, (long long)p->max_pos);
      }
    }
  } else {
    if (cs->rank != 3 || cs->dims[0] != p->batch || cs->dims[1] != p->seq || cs->dims[2] != half)
      return ir_node_fail(d, n, "without position_ids cos_cache must be [%lld, %lld, %lld]; got %s",
                          (long long)p->batch, (long long)p->seq, (long long)half,
                          dims_str(cs, sb[0], 96));
    p->max_pos = p->batch * p->seq;
  }
  return 0;
}

static int rot_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_rotary_params p;
  if (rot_plan(d, g, n, &p)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  ir_set_shape(ir_out(g, n, 0), IR_F32, x->rank, x->dims);
  return 0;
}

static int rot_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_rotary_params p;
  if (rot_plan(d, g, n, &p)) return -1;
  void *tmp[4] = {0};
  const void *in[4];
  int rc = 0;
  for (int i = 0; i < 4; i++) {
    in[i] = aligned_data(g, n, i, &tmp[i]);
    if (ir_in(g, n, i) && !in[i] && ir_numel(ir_in(g, n, i)) > 0) rc = -1;
  }
  float *y = rc ? NULL : ir_alloc_data(ir_out(g, n, 0));
  if (y) kiln_f32_rotary__c(&p, in[0], in[1], in[2], in[3], y);
  for (int i = 0; i < 4; i++) free(tmp[i]);
  return y ? 0 : ir_node_fail(d, n, "out of memory");
}

static int rot_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_rotary_params p;
  if (rot_plan(emit_diag(e), g, n, &p)) return -1;
  if (emit_use(e, "kiln_f32_rotary__c")) return -1;
  char id[64], a[5][160];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_rotary_params %s_p = {.batch = %lld, .seq = %lld, "
            ".heads = %lld, .head = %lld, .rot = %lld, .x_s = {%lld, %lld, %lld}, "
            ".interleaved = %d, .max_pos = %lld};\n", id, (long long)p.batch, (long long)p.seq,
            (long long)p.heads, (long long)p.head, (long long)p.rot, (long long)p.x_s[0],
            (long long)p.x_s[1], (long long)p.x_s[2], p.interleaved, (long long)p.max_pos);
  for (int i = 0; i < 4; i++)
    if (op_emit_ref(e, i < n->n_inputs ? n->inputs[i] : -1, a[i], sizeof a[i])) return -1;
  if (op_emit_ref(e, n->outputs[0], a[4], sizeof a[4])) return -1;
  emit_code(e, "kiln_f32_rotary__c(&%s_p, %s, %s, %s, %s, %s);\n", id, a[0], a[1], a[2], a[3],
            a[4]);
  return 0;
}

const op_def op_RotaryEmbedding = {
  .name = "RotaryEmbedding", .domain = "", .since = 23, .until = 0,
  .attrs = "interleaved num_heads rotary_embedding_dim",
  .infer = rot_infer, .eval = rot_eval, .emit = rot_emit, .flags = OP_INPLACE,
};
