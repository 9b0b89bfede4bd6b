/* flex_attention.c - ai.onnx.preview FlexAttention (preview opset 1).
 *
 * Y = Softmax(score_mod((Q * s) @ (K * s)^T)) -> prob_mod -> @ V, with
 * s = sqrt(scale) rounded to the inputs' type (scale defaults to
 * 1/sqrt(head_size)); Q [B][Hq][L][E], K [B][Hkv][S][E], V [B][Hkv][S][Ev],
 * Hq a multiple of Hkv (query head h reads kv head h / (Hq / Hkv)). The
 * scores, the softmax, the modifiers and P @ V are in softmax_precision
 * (default float32, float64 for float64 inputs); Y is cast back.
 *
 * score_mod and prob_mod are subgraphs over the whole [B][Hq][L][S] tensor,
 * so kiln compiles FlexAttention as the decomposition the operator defines
 * (its function body): the node expands, at shape inference, into Mul,
 * Transpose, MatMul, Cast, Softmax and Reshape nodes with the modifier
 * subgraphs' nodes inlined between them; their outer-scope references
 * resolve to the enclosing graph. GQA needs no copies of K and V: the Hq / Hkv
 * query heads of one kv head are contiguous, so Q reshapes to
 * [B][Hkv][G * L][E] and the batched MatMul broadcasts nothing.
 */
#include "op.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The default-domain opset of graph g (the new nodes' version). */
static int default_opset(const ir_graph *g) {
  for (const ir_graph *p = g; p; p = p->parent)
    for (int i = 0; i < p->n_opsets; i++)
      if (!p->opset_domain[i][0] || !strcmp(p->opset_domain[i], "ai.onnx"))
        return p->opset_version[i];
  return 0;
}

/* A new tensor named "<node>/<what>", made unique. -1 on OOM. */
static int new_tensor(ir_graph *g, const char *node, const char *what) {
  char name[256];
  snprintf(name, sizeof name, "%s/%s", node, what);
  for (int i = 2; ir_find_tensor(g, name) >= 0 && i < 1000000; i++)
    snprintf(name, sizeof name, "%s/%s_%d", node, what, i);
  return ir_add_tensor(g, name);
}

/* A constant tensor of the given shape holding data (copied). */
static int new_const(ir_graph *g, const char *node, const char *what, ir_dtype dt, int rank,
                     const int64_t *dims, const void *data) {
  int t = new_tensor(g, node, what);
  if (t < 0) return -1;
  ir_set_shape(&g->tensors[t], dt, rank, dims);
  void *p = ir_alloc_data(&g->tensors[t]);
  if (!p) return -1;
  memcpy(p, data, (size_t)ir_nbytes(&g->tensors[t]));
  return t;
}

/* A default-domain node op(ins) -> out; returns its index, -1 on OOM. */
static int new_node(ir_graph *g, const char *node, const char *op, int opset, int nin,
                    const int *ins, int out) {
  int k = ir_add_node(g);
  if (k < 0) return -1;
  ir_node *n = &g->nodes[k];
  char name[256];
  snprintf(name, sizeof name, "%s/%s_%d", node, op, k);
  n->name = kiln_strdup(name);
  n->op_type = kiln_strdup(op);
  n->domain = kiln_strdup("");
  n->opset = opset;
  n->inputs = kiln_malloc(sizeof(int) * (size_t)(nin ? nin : 1));
  n->outputs = kiln_malloc(sizeof(int));
  if (!n->name || !n->op_type || !n->domain || !n->inputs || !n->outputs) return -1;
  memcpy(n->inputs, ins, sizeof(int) * (size_t)nin);
  n->n_inputs = nin;
  n->outputs[0] = out;
  n->n_outputs = 1;
  return k;
}

/* Adds an INT or INTS attribute to node k. */
static int node_attr(ir_graph *g, int k, const char *name, int nv, const int64_t *v) {
  ir_node *n = &g->nodes[k];
  ir_attr *a = kiln_realloc(n->attrs, sizeof *a * (size_t)(n->n_attrs + 1));
  if (!a) return -1;
  n->attrs = a;
  a = &a[n->n_attrs];
  memset(a, 0, sizeof *a);
  n->n_attrs++;
  if (!(a->name = kiln_strdup(name))) return -1;
  if (nv < 0) {
    a->type = IR_ATTR_INT;
    a->i = v[0];
    return 0;
  }
  a->type = IR_ATTR_INTS;
  if (!(a->ints = kiln_malloc(sizeof(int64_t) * (size_t)(nv ? nv : 1)))) return -1;
  memcpy(a->ints, v, sizeof(int64_t) * (size_t)nv);
  a->n = nv;
  return 0;
}

typedef struct fx {
  kiln_diag *d;
  ir_graph *g;
  int k;          /* the FlexAttention node (re-read g->nodes[k]: the array moves) */
  char name[160]; /* its name, prefix of everything it creates */
  int opset;
} fx;

static int oom(fx *x) { return ir_node_fail(x->d, &x->g->nodes[x->k], "out of memory"); }

/* out = op(a[, b]) with an optional INT/INTS attribute; out a new tensor
 * named what, or `into` when >= 0. Returns the output tensor or -1. */
static int op2(fx *x, const char *op, int a, int b, const char *what, int into,
               const char *attr, int nv, const int64_t *v) {
  int out = into >= 0 ? into : new_tensor(x->g, x->name, what);
  if (out < 0) return oom(x);
  const int ins[2] = {a, b};
  int k = new_node(x->g, x->name, op, x->opset, b >= 0 ? 2 : 1, ins, out);
  if (k < 0 || (attr && node_attr(x->g, k, attr, nv, v))) return oom(x);
  return out;
}

static int reshape(fx *x, int t, const int64_t *dims, const char *what) {
  const int64_t four = 4;
  int s = new_const(x->g, x->name, "shape", IR_I64, 1, &four, dims);
  if (s < 0) return oom(x);
  return op2(x, "Reshape", t, s, what, -1, NULL, 0, NULL);
}

/* Inlines graph attribute `sub` (one input, one output) reading tensor in;
 * *out = the tensor of its output. Its nodes' attributes and owned
 * constants move out of sub, which is not used again. */
static int inline_mod(fx *x, ir_graph *sub, const char *what, int in, int *out) {
  kiln_diag *d = x->d;
  ir_graph *g = x->g;
  if (sub->n_inputs != 1 || sub->n_outputs != 1)
    return ir_node_fail(d, &g->nodes[x->k], "%s must have exactly 1 input and 1 output; it has "
                        "%d and %d", what, sub->n_inputs, sub->n_outputs);
  int *map = kiln_malloc(sizeof(int) * (size_t)(sub->n_tensors + 1));
  if (!map) return oom(x);
  for (int i = 0; i < sub->n_tensors; i++) map[i] = -1;
  map[sub->inputs[0]] = in;
  int rc = 0;
  char nm[256];
  for (int i = 0; i < sub->n_tensors && !rc; i++) { /* constants (initializers) */
    ir_tensor *st = &sub->tensors[i];
    if (!st->data || i == sub->inputs[0]) continue;
    snprintf(nm, sizeof nm, "%s.%s", what, st->name);
    int t = new_tensor(g, x->name, nm);
    if (t < 0) { rc = oom(x); break; }
    st = &sub->tensors[i];
    ir_tensor *gt = &g->tensors[t];
    ir_set_shape(gt, st->dtype, st->rank, st->dims);
    gt->data = st->data;
    gt->nbytes = st->nbytes;
    gt->owned = st->owned; /* moves (NULL when it points into the model file) */
    st->owned = NULL;
    gt->is_initializer = 1;
    map[i] = t;
  }
  for (int j = 0; j < sub->n_nodes && !rc; j++) {
    ir_node *sn = &sub->nodes[j];
    if (sn->dead) continue;
    int *ins = kiln_malloc(sizeof(int) * (size_t)(sn->n_inputs + 1));
    if (!ins) { rc = oom(x); break; }
    for (int i = 0; i < sn->n_inputs && !rc; i++) {
      const int s = sn->inputs[i];
      ins[i] = s < 0 ? -1 : map[s];
      if (s >= 0 && ins[i] < 0) { /* an outer-scope value of the enclosing graph */
        const int t = ir_find_tensor(g, sub->tensors[s].name);
        if (t < 0 || g->tensors[t].producer >= x->k)
          rc = ir_node_fail(d, &g->nodes[x->k], "%s reads '%s', which is neither its input, "
                            "one of its values nor a value of the enclosing graph defined "
                            "before this node", what, sub->tensors[s].name);
        ins[i] = map[s] = t;
      }
    }
    int k = rc ? -1 : ir_add_node(g);
    if (!rc && k < 0) rc = oom(x);
    if (rc) { free(ins); break; }
    ir_node *n = &g->nodes[k];
    snprintf(nm, sizeof nm, "%s/%s.%s", x->name, what, sn->name ? sn->name : sn->op_type);
    n->name = kiln_strdup(nm);
    n->op_type = kiln_strdup(sn->op_type);
    n->domain = kiln_strdup(sn->domain ? sn->domain : "");
    n->opset = sn->opset;
    n->inputs = ins;
    n->n_inputs = sn->n_inputs;
    n->attrs = sn->attrs; /* moved */
    n->n_attrs = sn->n_attrs;
    sn->attrs = NULL;
    sn->n_attrs = 0;
    n->outputs = kiln_malloc(sizeof(int) * (size_t)(sn->n_outputs + 1));
    if (!n->name || !n->op_type || !n->domain || !n->outputs) { rc = oom(x); break; }
    n->n_outputs = sn->n_outputs;
    for (int i = 0; i < sn->n_outputs; i++) {
      const int s = sn->outputs[i];
      n->outputs[i] = -1;
      if (s < 0) continue;
      snprintf(nm, sizeof nm, "%s.%s", what, sub->tensors[s].name);
      const int t = new_tensor(g, x->name, nm);
      if (t < 0) { rc = oom(x); break; }
      g->nodes[k].outputs[i] = map[s] = t;
    }
  }
  if (!rc) {
    const int s = sub->outputs[0];
    *out = map[s];
    if (*out < 0) {
      const int t = ir_find_tensor(g, sub->tensors[s].name);
      if (t < 0 || g->tensors[t].producer >= x->k)
        rc = ir_node_fail(d, &g->nodes[x->k], "%s output '%s' is not computed by it",
                          what, sub->tensors[s].name);
      *out = t;
    }
  }
  free(map);
  return rc;
}

static int flex_expand(kiln_diag *d, ir_graph *g, int k) {
  ir_node *n = &g->nodes[k];
  static const ir_dtype fl[] = {IR_F32, IR_F16, IR_BF16, IR_F64, IR_UNDEFINED};
  if (n->n_inputs != 3 || op_need_inputs(d, g, n, 0, 2))
    return ir_node_fail(d, n, "expected the 3 inputs Q, K, V; got %d", n->n_inputs);
  if (n->n_outputs != 1 || !ir_out(g, n, 0))
    return ir_node_fail(d, n, "expected 1 output, got %d", n->n_outputs);
  ir_tensor *q = ir_in(g, n, 0), *kt = ir_in(g, n, 1), *v = ir_in(g, n, 2);
  if (op_check_dtype(d, n, q, 0, fl)) return -1;
  const ir_dtype T = q->dtype, same[] = {T, IR_UNDEFINED};
  if (op_check_dtype(d, n, kt, 1, same) || op_check_dtype(d, n, v, 2, same)) return -1;
  char sb[3][96];
  if (q->rank != 4 || kt->rank != 4 || v->rank != 4)
    return ir_node_fail(d, n, "Q %s, K %s and V %s must be rank 4", ir_shape_str(q, sb[0], 96),
                        ir_shape_str(kt, sb[1], 96), ir_shape_str(v, sb[2], 96));
  const int64_t B = q->dims[0], Hq = q->dims[1], L = q->dims[2], E = q->dims[3];
  const int64_t Hkv = kt->dims[1], S = kt->dims[2], Ev = v->dims[3];
  if (kt->dims[0] != B || v->dims[0] != B || v->dims[1] != Hkv || v->dims[2] != S ||
      kt->dims[3] != E)
    return ir_node_fail(d, n, "shapes Q %s, K %s, V %s do not fit [B, Hq, L, E], [B, Hkv, S, E], "
                        "[B, Hkv, S, Ev]", ir_shape_str(q, sb[0], 96),
                        ir_shape_str(kt, sb[1], 96), ir_shape_str(v, sb[2], 96));
  if (Hkv <= 0 || Hq % Hkv)
    return ir_node_fail(d, n, "q heads (%lld) must be a multiple of kv heads (%lld)",
                        (long long)Hq, (long long)Hkv);
  /* attributes */
  ir_attr *sa = ir_attr_find(n, "scale"), *pa = ir_attr_find(n, "softmax_precision");
  ir_attr *sm = ir_attr_find(n, "score_mod"), *pm = ir_attr_find(n, "prob_mod");
  if (sa && sa->type != IR_ATTR_FLOAT) return ir_node_fail(d, n, "attribute 'scale' must be a float");
  if (pa && pa->type != IR_ATTR_INT)
    return ir_node_fail(d, n, "attribute 'softmax_precision' must be an int");
  if ((sm && (sm->type != IR_ATTR_GRAPH || !sm->g)) || (pm && (pm->type != IR_ATTR_GRAPH || !pm->g)))
    return ir_node_fail(d, n, "attributes 'score_mod' and 'prob_mod' must be graphs");
  const ir_dtype P = pa ? (ir_dtype)pa->i : T == IR_F64 ? IR_F64 : IR_F32;
  if (P != IR_F32 && P != IR_F16 && P != IR_BF16 && P != IR_F64)
    return ir_node_fail(d, n, "softmax_precision = %lld, expected 1 (float), 10 (float16), 16 "
                        "(bfloat16) or 11 (double)", (long long)(pa ? pa->i : 0));
  if (sa) sa->used = 1;
  if (pa) pa->used = 1;
  if (sm) sm->used = 1;
  if (pm) pm->used = 1;
  const double scale = sa ? (double)sa->f : 1.0 / sqrt((double)E);
  if (!(scale >= 0.0) || isinf(scale))
    return ir_node_fail(d, n, "scale = %g must be finite and >= 0", scale);
  fx x = {d, g, k, "", default_opset(g)};
  snprintf(x.name, sizeof x.name, "%s", n->name ? n->name : "FlexAttention");
  if (x.opset < 13)
    return ir_node_fail(d, n, "the model imports default-domain opset %d; kiln expands "
                        "FlexAttention into opset >= 13 operators", x.opset);
  const int iq = n->inputs[0], ik = n->inputs[1], iv = n->inputs[2], y = n->outputs[0];
  ir_graph *smg = sm ? sm->g : NULL, *pmg = pm ? pm->g : NULL;
  n = NULL; /* g->nodes moves from here on */
  /* s = sqrt(float(scale)), in the inputs' type */
  unsigned char sbuf[8];
  ir_put_f64(sbuf, T, 0, (double)sqrtf((float)scale));
  const int sc = new_const(g, x.name, "sqrt_scale", T, 0, NULL, sbuf);
  if (sc < 0) return oom(&x);
  const int64_t G = Hq / Hkv, perm[4] = {0, 1, 3, 2}, to_p = P, to_t = T;
  int qs, ks, ktr, s, t;
  if ((qs = op2(&x, "Mul", iq, sc, "q_scaled", -1, NULL, 0, NULL)) < 0) return -1;
  if ((ks = op2(&x, "Mul", ik, sc, "k_scaled", -1, NULL, 0, NULL)) < 0) return -1;
  if ((ktr = op2(&x, "Transpose", ks, -1, "k_t", -1, "perm", 4, perm)) < 0) return -1;
  if (G > 1) {
    const int64_t qg[4] = {B, Hkv, G * L, E};
    if ((qs = reshape(&x, qs, qg, "q_grouped")) < 0) return -1;
  }
  if ((s = op2(&x, "MatMul", qs, ktr, "scores", -1, NULL, 0, NULL)) < 0) return -1;
  if (G > 1) {
    const int64_t sd[4] = {B, Hq, L, S};
    if ((s = reshape(&x, s, sd, "scores_heads")) < 0) return -1;
  }
  if (P != T && (s = op2(&x, "Cast", s, -1, "scores_p", -1, "to", -1, &to_p)) < 0) return -1;
  if (smg && inline_mod(&x, smg, "score_mod", s, &s)) return -1;
  const int64_t ax = 3;
  if ((s = op2(&x, "Softmax", s, -1, "probs", -1, "axis", -1, &ax)) < 0) return -1;
  if (pmg && inline_mod(&x, pmg, "prob_mod", s, &s)) return -1;
  int vp = iv;
  if (P != T && (vp = op2(&x, "Cast", iv, -1, "v_p", -1, "to", -1, &to_p)) < 0) return -1;
  if (G > 1) {
    const int64_t pg[4] = {B, Hkv, G * L, S};
    if ((s = reshape(&x, s, pg, "probs_grouped")) < 0) return -1;
  }
  const int direct = G == 1 && P == T; /* the MatMul writes Y itself */
  if ((t = op2(&x, "MatMul", s, vp, "y_p", direct ? y : -1, NULL, 0, NULL)) < 0) return -1;
  if (direct) return 0;
  if (G > 1) {
    const int64_t yd[4] = {B, Hq, L, Ev};
    if (P == T) {
      const int64_t four = 4;
      int sh = new_const(g, x.name, "shape", IR_I64, 1, &four, yd);
      if (sh < 0) return oom(&x);
      return op2(&x, "Reshape", t, sh, NULL, y, NULL, 0, NULL) < 0 ? -1 : 0;
    }
    if ((t = reshape(&x, t, yd, "y_heads")) < 0) return -1;
  }
  return op2(&x, "Cast", t, -1, NULL, y, "to", -1, &to_t) < 0 ? -1 : 0;
}

static int flex_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  (void)g;
  return ir_node_fail(d, n, "internal: FlexAttention is expanded before inference");
}

static int flex_emit(struct emit_ctx *e, ir_graph *g, ir_node *n) {
  (void)e;
  (void)g;
  (void)n;
  return -1; /* never reached: the node is replaced by its expansion */
}

const op_def op_FlexAttention = {
  .name = "FlexAttention", .domain = "ai.onnx.preview", .since = 1, .until = 0,
  .attrs = "scale softmax_precision score_mod prob_mod",
  .infer = flex_infer, .eval = NULL, .emit = flex_emit, .flags = 0, .expand = flex_expand,
};
