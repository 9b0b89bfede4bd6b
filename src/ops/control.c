/* control.c - If, Loop and Scan, lowered at compile time (the machinery and
 * the reasons: src/passes/lower_control.c).
 *
 * If: a constant condition inlines the taken branch; a run-time condition
 * inlines both and selects every output with Where, which needs both
 * branches to give the same kinds, dtypes and shapes.
 * Loop: unrolled; the trip count M and the initial condition must be
 * constants, and the condition the body computes must fold to a constant
 * after every iteration (else the number of iterations, and the shapes of
 * the scan outputs, would depend on run-time data). Scan outputs are the
 * per-iteration values stacked along a new axis 0.
 * Scan (opset 8 with its batch axis, and 9+): unrolled over the scan axis;
 * scan inputs are sliced with Gather, scan outputs stacked, each in its
 * direction and along its axis.
 */
#include "op.h"
#include "../passes/lower.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOWER_MAX_ITERS 10000

static int lowered_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  (void)g;
  return ir_node_fail(d, n, "internal: %s reached shape inference instead of being lowered", n->op_type);
}

static ir_graph *graph_attr(kiln_diag *d, ir_node *n, const char *name) {
  ir_attr *a = ir_attr_find(n, name);
  if (!a) { ir_node_fail(d, n, "attribute '%s' is missing", name); return NULL; }
  if (a->type != IR_ATTR_GRAPH || !a->g) {
    ir_node_fail(d, n, "attribute '%s' must be a graph", name);
    return NULL;
  }
  return a->g;
}

/* Constant scalar (one element) of input i, or an error that names it. */
static int const_scalar(kiln_diag *d, ir_graph *g, int k, int i, const char *what, const char *why,
                        int64_t *v) {
  ir_node *n = &g->nodes[k];
  ir_tensor *t = ir_in(g, n, i);
  if (t->vkind != IR_VAL_TENSOR)
    return ir_node_fail(d, n, "input %d '%s' is %s, expected a tensor", i, t->name, lower_kind_name(t));
  if (ir_numel(t) != 1)
    return ir_node_fail(d, n, "input %d '%s' must hold one value, it has %lld", i, t->name,
                        (long long)ir_numel(t));
  if (!t->data)
    return ir_node_fail(d, n, "input %d %s must be a constant (computed at compile time); %s", i, what, why);
  *v = ir_dtype_is_float(t->dtype) ? (int64_t)(ir_get_f64(t, 0) != 0.0) : ir_get_i64(t, 0);
  return 0;
}

/* Appends node op with inputs ins whose single output is tensor y. */
static int node_into(kiln_diag *d, ir_graph *g, lower_state *s, const char *op, int opset, const int *ins,
                     int n_in, int y) {
  int idx = lower_add_node(d, g, s, op, opset, ins, n_in, 0, NULL);
  if (idx < 0) return -1;
  g->nodes[idx].outputs[0] = y;
  g->nodes[idx].n_outputs = 1;
  g->tensors[y].producer = idx;
  return idx;
}

static int same_tensor_type(const ir_tensor *a, const ir_tensor *b) {
  if (a->dtype != b->dtype || a->rank != b->rank) return 0;
  for (int i = 0; i < a->rank; i++)
    if (a->dims[i] != b->dims[i]) return 0;
  return 1;
}

/* ---- If ---- */

/* x (one bool value) as a rank-0 tensor: Where would broadcast a [1]
 * condition into rank-0 values. */
static int to_scalar(kiln_diag *d, ir_graph *g, lower_state *s, int x, int *out) {
  if (g->tensors[x].rank == 0) {
    *out = x;
    return 0;
  }
  int64_t none = 0;
  int shape = lower_const_i64(d, g, s, 1, &none, 0);
  int ins[2] = {x, shape};
  if (shape < 0 || lower_add_node(d, g, s, "Reshape", 14, ins, 2, 1, out) < 0) return -1;
  return lower_run(d, g, s);
}

/* Where(cond, a, b) into a new tensor (or into y when y >= 0). */
static int select_tensor(kiln_diag *d, ir_graph *g, lower_state *s, int cond, int a, int b, int y, int *out) {
  int ins[3] = {cond, a, b};
  if (y >= 0) {
    *out = y;
    return node_into(d, g, s, "Where", 16, ins, 3, y) < 0 ? -1 : 0;
  }
  return lower_add_node(d, g, s, "Where", 16, ins, 3, 1, out) < 0 ? -1 : 0;
}

static int if_select(kiln_diag *d, ir_graph *g, lower_state *s, int cond, int i, int a, int b, int y) {
  const ir_tensor *ta = &g->tensors[a], *tb = &g->tensors[b];
  char why[200];
  snprintf(why, sizeof why, "for a run-time condition kiln computes both branches and selects, but output %d "
           "is %s in one branch and %s in the other", i, lower_kind_name(ta), lower_kind_name(tb));
  if (ta->vkind != tb->vkind) goto differ;
  if (ta->vkind == IR_VAL_NONE) return lower_connect(d, g, s, y, a);
  if (ta->vkind == IR_VAL_TENSOR) {
    if (!same_tensor_type(ta, tb)) {
      snprintf(why, sizeof why, "for a run-time condition kiln computes both branches and selects, but output "
               "%d has different dtypes or shapes in the two branches", i);
      goto differ;
    }
    if (y < 0) return 0;
    int out;
    return select_tensor(d, g, s, cond, a, b, y, &out);
  }
  if (ta->n_elems != tb->n_elems) {
    snprintf(why, sizeof why, "for a run-time condition kiln computes both branches and selects, but output %d "
             "is a sequence of %d tensors in one branch and of %d in the other", i, ta->n_elems, tb->n_elems);
    goto differ;
  }
  int n = ta->n_elems;
  int *el = kiln_malloc((size_t)(n + 1) * sizeof(int));
  if (!el) return kiln_fail(d, "out of memory");
  for (int e = 0; e < n; e++) {
    int ea = g->tensors[a].elems[e], eb = g->tensors[b].elems[e];
    if (!same_tensor_type(&g->tensors[ea], &g->tensors[eb])) {
      free(el);
      snprintf(why, sizeof why, "for a run-time condition kiln computes both branches and selects, but element "
               "%d of output %d has different dtypes or shapes in the two branches", e, i);
      goto differ;
    }
    if (select_tensor(d, g, s, cond, ea, eb, -1, &el[e])) { free(el); return -1; }
  }
  int rc = y >= 0 ? lower_set_seq(d, g, y, el, n, g->tensors[a].dtype) : 0;
  free(el);
  return rc;
differ:
  return ir_node_fail(d, &g->nodes[s->k], "input 0 'cond' must be a constant (computed at compile time); %s",
                      why);
}

static int if_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_node *n = &g->nodes[k];
  if (lower_n_inputs(n) != 1) return ir_node_fail(d, n, "expects 1 input (cond), got %d", lower_n_inputs(n));
  ir_graph *br[2] = {graph_attr(d, n, "then_branch"), graph_attr(d, n, "else_branch")};
  if (!br[0] || !br[1]) return -1;
  int nout = n->n_outputs;
  for (int b = 0; b < 2; b++)
    if (br[b]->n_outputs != nout || br[b]->n_inputs != 0)
      return ir_node_fail(d, n, "%s has %d inputs and %d outputs, expected 0 and %d (the node's outputs)",
                          b ? "else_branch" : "then_branch", br[b]->n_inputs, br[b]->n_outputs, nout);
  ir_tensor *c = ir_in(g, n, 0);
  if (!c) return ir_node_fail(d, n, "input 0 'cond' is missing");
  if (c->vkind != IR_VAL_TENSOR || c->dtype != IR_BOOL || ir_numel(c) != 1)
    return ir_node_fail(d, n, "input 0 'cond' must be one bool value");
  lower_state s;
  lower_begin(g, k, &s);
  int *outs = kiln_malloc((size_t)(2 * nout + 1) * sizeof(int));
  if (!outs) return kiln_fail(d, "out of memory");
  int rc = 0;
  if (c->data) {
    int take = ir_get_i64(c, 0) ? 0 : 1;
    rc = lower_inline(d, g, &s, br[take], NULL, 0, outs, take ? "else" : "then");
    for (int i = 0; i < nout && !rc; i++) rc = lower_connect(d, g, &s, g->nodes[k].outputs[i], outs[i]);
  } else {
    int cond = g->nodes[k].inputs[0];
    rc = lower_inline(d, g, &s, br[0], NULL, 0, outs, "then");
    if (!rc) rc = lower_inline(d, g, &s, br[1], NULL, 0, outs + nout, "else");
    if (!rc) rc = to_scalar(d, g, &s, cond, &cond);
    for (int i = 0; i < nout && !rc; i++)
      rc = if_select(d, g, &s, cond, i, outs[i], outs[nout + i], g->nodes[k].outputs[i]);
  }
  free(outs);
  if (rc) return -1;
  return lower_finish(d, g, &s, added);
}

const op_def op_If = {
  .name = "If", .domain = "", .since = 1, .until = 0, .attrs = "then_branch else_branch __captures",
  .infer = lowered_infer, .lower = if_lower,
};

/* ---- Loop ---- */

typedef struct idlist {
  int *v;
  int n, cap;
} idlist;

static int idlist_add(kiln_diag *d, idlist *l, int x) {
  if (l->n == l->cap) {
    int cap = l->cap ? l->cap * 2 : 16;
    int *v = kiln_realloc(l->v, (size_t)cap * sizeof(int));
    if (!v) return kiln_fail(d, "out of memory");
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = x;
  return 0;
}

/* Stacks scan output values (tensors) along `axis` into y. */
static int stack_into(kiln_diag *d, ir_graph *g, lower_state *s, const idlist *l, int axis, int reverse, int y,
                      int out_index, int *res) {
  ir_node *n = &g->nodes[s->k];
  if (l->n == 0)
    return ir_node_fail(d, n, "runs no iteration, so the shape of scan output %d is unknown at compile time",
                        out_index);
  for (int i = 0; i < l->n; i++)
    if (g->tensors[l->v[i]].vkind != IR_VAL_TENSOR)
      return ir_node_fail(d, n, "scan output %d is %s; scan outputs must be tensors", out_index,
                          lower_kind_name(&g->tensors[l->v[i]]));
  int *xs = kiln_malloc((size_t)l->n * sizeof(int));
  if (!xs) return kiln_fail(d, "out of memory");
  for (int i = 0; i < l->n; i++) xs[i] = l->v[reverse ? l->n - 1 - i : i];
  int r = g->tensors[xs[0]].rank;
  int rc = 0, out = -1;
  if (axis < -(r + 1) || axis > r) rc = ir_node_fail(d, n, "scan output axis %d is out of range for rank %d", axis, r + 1);
  if (!rc) rc = lower_stack(d, g, s, xs, l->n, axis < 0 ? axis + r + 1 : axis, &out);
  free(xs);
  if (!rc && y >= 0) rc = lower_connect(d, g, s, y, out);
  if (res) *res = out;
  return rc;
}

static int loop_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_node *n = &g->nodes[k];
  int n_in = lower_n_inputs(n);
  if (n_in < 2) return ir_node_fail(d, n, "expects at least 2 inputs (M, cond), got %d", n_in);
  ir_graph *body = graph_attr(d, n, "body");
  if (!body) return -1;
  int N = n_in - 2, K = body->n_outputs - 1 - N;
  if (body->n_inputs != N + 2 || K < 0 || n->n_outputs > N + K)
    return ir_node_fail(d, n, "body has %d inputs and %d outputs; with %d loop-carried values it needs %d inputs "
                        "and at least %d outputs", body->n_inputs, body->n_outputs, N, N + 2, N + 1);
  for (int j = 0; j < N; j++)
    if (n->inputs[2 + j] < 0) return ir_node_fail(d, n, "input %d (loop-carried value %d) is missing", 2 + j, j);
  const char *why = "kiln unrolls Loop at compile time and needs its trip count and condition";
  int64_t trip = INT64_MAX, cv = 1;
  int has_m = n->inputs[0] >= 0, has_c = n->inputs[1] >= 0;
  if (has_m && const_scalar(d, g, k, 0, "'M' (the trip count)", why, &trip)) return -1;
  /* A run-time condition keeps shapes static when there is a trip count and
   * no scan output: every iteration is unrolled and masked (below). */
  int masked_ok = has_m && K == 0;
  const ir_tensor *c0 = has_c ? ir_in(g, n, 1) : NULL;
  int rt_cond = c0 && !c0->data && masked_ok;
  if (rt_cond && (c0->vkind != IR_VAL_TENSOR || c0->dtype != IR_BOOL || ir_numel(c0) != 1))
    return ir_node_fail(d, n, "input 1 'cond' must be one bool value");
  if (has_c && !rt_cond && const_scalar(d, g, k, 1, "'cond'", why, &cv)) return -1;
  if (!has_m && !has_c) return ir_node_fail(d, n, "has neither a trip count nor a condition: it never ends");
  lower_state s;
  lower_begin(g, k, &s);
  /* alive: the run-time "still looping" flag once the condition depends on
   * run-time data (-1 before). From then on each unrolled iteration's
   * results are taken only where alive: v = Where(alive, body(v), v), and
   * alive = And(alive, cond_out). */
  int alive = -1;
  if (rt_cond && to_scalar(d, g, &s, g->nodes[k].inputs[1], &alive)) return -1;
  int *cur = kiln_malloc((size_t)(N + 1) * sizeof(int)), *ins = kiln_malloc((size_t)(N + 3) * sizeof(int)),
      *outs = kiln_malloc((size_t)(N + K + 2) * sizeof(int));
  idlist *scans = kiln_calloc((size_t)K + 1, sizeof(idlist));
  int rc = !cur || !ins || !outs || !scans ? kiln_fail(d, "out of memory") : 0;
  for (int j = 0; j < N && !rc; j++) cur[j] = g->nodes[k].inputs[2 + j];
  int64_t it = 0;
  for (; !rc && it < trip && cv; it++) {
    if (it >= LOWER_MAX_ITERS) {
      rc = ir_node_fail(d, &g->nodes[k], "runs more than %d iterations; kiln unrolls loops at compile time and "
                        "stops there", LOWER_MAX_ITERS);
      break;
    }
    char tag[32];
    snprintf(tag, sizeof tag, "iter%lld", (long long)it);
    ins[0] = lower_const_i64(d, g, &s, 0, &it, 1);
    ins[1] = alive >= 0 ? alive : lower_const_bool(d, g, &s, 1);
    if (ins[0] < 0 || ins[1] < 0) { rc = -1; break; }
    for (int j = 0; j < N; j++) ins[2 + j] = cur[j];
    if ((rc = lower_inline(d, g, &s, body, ins, N + 2, outs, tag))) break;
    const ir_tensor *co = &g->tensors[outs[0]];
    if (co->vkind != IR_VAL_TENSOR || ir_numel(co) != 1) {
      rc = ir_node_fail(d, &g->nodes[k], "the body's condition output must be one bool value");
      break;
    }
    if (alive >= 0 || !co->data) {
      if (!masked_ok) {
        rc = ir_node_fail(d, &g->nodes[k], "the condition the body computes ('%s') is not a compile-time constant: "
                          "the number of iterations would depend on run-time data%s, and kiln needs static shapes",
                          body->tensors[body->outputs[0]].name,
                          K ? ", and so would the shapes of the scan outputs" : " with no trip count to bound it");
        break;
      }
      int cs;
      if ((rc = to_scalar(d, g, &s, outs[0], &cs))) break;
      if (alive < 0) { /* this iteration ran for sure; the next ones maybe not */
        alive = cs;
        for (int j = 0; j < N; j++) cur[j] = outs[1 + j];
        continue;
      }
      for (int j = 0; j < N && !rc; j++) {
        const ir_tensor *a = &g->tensors[outs[1 + j]], *b = &g->tensors[cur[j]];
        if (a->vkind != IR_VAL_TENSOR || b->vkind != IR_VAL_TENSOR || !same_tensor_type(a, b)) {
          /* with a run-time initial condition, name it: kiln run can compile its value in */
          rc = ir_node_fail(d, &g->nodes[k], "%sloop-carried value %d changes its kind, dtype or shape between "
                            "iterations while the condition is only known at run time",
                            rt_cond ? "input 1 'cond' must be a constant (computed at compile time): " : "", j);
          break;
        }
        int wi[3] = {alive, outs[1 + j], cur[j]};
        rc = lower_add_node(d, g, &s, "Where", 16, wi, 3, 1, &cur[j]) < 0;
      }
      int ai[2] = {alive, cs};
      if (!rc) rc = lower_add_node(d, g, &s, "And", 7, ai, 2, 1, &alive) < 0;
      if (!rc) rc = lower_run(d, g, &s);
      continue;
    }
    cv = ir_get_i64(co, 0) != 0;
    for (int j = 0; j < N; j++) cur[j] = outs[1 + j];
    for (int j = 0; j < K && !rc; j++) rc = idlist_add(d, &scans[j], outs[1 + N + j]);
  }
  for (int j = 0; j < N && !rc; j++)
    if (j < g->nodes[k].n_outputs) rc = lower_connect(d, g, &s, g->nodes[k].outputs[j], cur[j]);
  for (int j = 0; j < K && !rc; j++)
    if (N + j < g->nodes[k].n_outputs && g->nodes[k].outputs[N + j] >= 0)
      rc = stack_into(d, g, &s, &scans[j], 0, 0, g->nodes[k].outputs[N + j], N + j, NULL);
  for (int j = 0; scans && j < K; j++) free(scans[j].v);
  free(scans);
  free(cur);
  free(ins);
  free(outs);
  if (rc) return -1;
  return lower_finish(d, g, &s, added);
}

const op_def op_Loop = {
  .name = "Loop", .domain = "", .since = 1, .until = 0, .attrs = "body __captures",
  .infer = lowered_infer, .lower = loop_lower,
};

/* ---- Scan ---- */

/* An INTS attribute of exactly `count` values in [lo, hi], default 0. */
static int ints_attr(kiln_diag *d, ir_node *n, const char *name, int count, int64_t lo, int64_t hi, int64_t *out) {
  const int64_t *v;
  int c = ir_attr_ints(n, name, &v);
  for (int i = 0; i < count; i++) out[i] = 0;
  if (c < 0) return 0;
  if (c != count) return ir_node_fail(d, n, "attribute '%s' has %d values, expected %d", name, c, count);
  for (int i = 0; i < count; i++) {
    if (v[i] < lo || v[i] > hi)
      return ir_node_fail(d, n, "attribute '%s' value %lld is out of range [%lld, %lld]", name, (long long)v[i],
                          (long long)lo, (long long)hi);
    out[i] = v[i];
  }
  return 0;
}

/* Gather(x, pos) along axis: the slice at `pos`, the axis removed. */
static int take(kiln_diag *d, ir_graph *g, lower_state *s, int x, int64_t pos, int axis, int *out) {
  int idx = lower_const_i64(d, g, s, 0, &pos, 1);
  int ins[2] = {x, idx};
  int nd = idx < 0 ? -1 : lower_add_node(d, g, s, "Gather", 13, ins, 2, 1, out);
  return nd < 0 || lower_attr_int(d, g, nd, "axis", axis) ? -1 : 0;
}

/* One Scan over states[0..N) and scan inputs xs[0..M) (already without a
 * batch axis); finals[N] and the stacked scan outputs ys[K] are new tensors. */
static int scan_core(kiln_diag *d, ir_graph *g, lower_state *s, ir_graph *body, int N, int M, int K,
                     const int *states, const int *xs, const int64_t *in_dir, const int64_t *in_axis,
                     const int64_t *out_dir, const int64_t *out_axis, int *finals, int *ys, const char *tag) {
  if (lower_run(d, g, s)) return -1; /* Scan-8's per-batch slices need their shapes */
  ir_node *n = &g->nodes[s->k];
  int64_t L = -1;
  int ax[64];
  for (int j = 0; j < M; j++) {
    const ir_tensor *x = &g->tensors[xs[j]];
    int64_t a = in_axis[j];
    if (a < -x->rank || a >= x->rank || x->vkind != IR_VAL_TENSOR)
      return ir_node_fail(d, n, "scan input %d: axis %lld is out of range for rank %d", j, (long long)a, x->rank);
    ax[j] = (int)(a < 0 ? a + x->rank : a);
    if (L >= 0 && x->dims[ax[j]] != L)
      return ir_node_fail(d, n, "scan inputs have different sequence lengths (%lld and %lld)", (long long)L,
                          (long long)x->dims[ax[j]]);
    L = x->dims[ax[j]];
  }
  if (L > LOWER_MAX_ITERS)
    return ir_node_fail(d, n, "scans %lld steps; kiln unrolls Scan at compile time and stops at %d", (long long)L,
                        LOWER_MAX_ITERS);
  int *cur = kiln_malloc((size_t)(N + M + 1) * sizeof(int)), *outs = kiln_malloc((size_t)(N + K + 1) * sizeof(int));
  idlist *sc = kiln_calloc((size_t)K + 1, sizeof(idlist));
  int rc = !cur || !outs || !sc ? kiln_fail(d, "out of memory") : 0;
  for (int j = 0; j < N && !rc; j++) cur[j] = states[j];
  for (int64_t t = 0; t < L && !rc; t++) {
    for (int j = 0; j < M && !rc; j++)
      rc = take(d, g, s, xs[j], in_dir[j] ? L - 1 - t : t, ax[j], &cur[N + j]);
    if (rc) break;
    char it[64];
    snprintf(it, sizeof it, "%s%lld", tag, (long long)t);
    if ((rc = lower_inline(d, g, s, body, cur, N + M, outs, it))) break;
    for (int j = 0; j < N; j++) cur[j] = outs[j];
    for (int j = 0; j < K && !rc; j++) rc = idlist_add(d, &sc[j], outs[N + j]);
  }
  for (int j = 0; j < N && !rc; j++) finals[j] = cur[j];
  for (int j = 0; j < K && !rc; j++) {
    rc = stack_into(d, g, s, &sc[j], (int)out_axis[j], (int)out_dir[j], -1, N + j, &ys[j]);
  }
  for (int j = 0; sc && j < K; j++) free(sc[j].v);
  free(sc);
  free(cur);
  free(outs);
  return rc;
}

static int scan_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_node *n = &g->nodes[k];
  ir_graph *body = graph_attr(d, n, "body");
  if (!body) return -1;
  int v8 = n->opset < 9;
  int n_in = lower_n_inputs(n) - v8; /* opset 8: input 0 is sequence_lens */
  int64_t M = ir_attr_int(n, "num_scan_inputs", -1);
  if (M < 1 || M > n_in || M > 64) return ir_node_fail(d, n, "attribute 'num_scan_inputs' must be in [1, %d]", n_in < 64 ? n_in : 64);
  int N = n_in - (int)M, K = body->n_outputs - N;
  if (body->n_inputs != n_in || K < 0 || n->n_outputs != N + K)
    return ir_node_fail(d, n, "body has %d inputs and %d outputs, which does not fit %d inputs, %d of them "
                        "scanned, and %d outputs", body->n_inputs, body->n_outputs, n_in, (int)M, n->n_outputs);
  if (K > 64 || N > 64) return ir_node_fail(d, n, "more than 64 state values or scan outputs are unsupported");
  int64_t in_dir[64], in_axis[64], out_dir[64], out_axis[64];
  if (ints_attr(d, n, v8 ? "directions" : "scan_input_directions", (int)M, 0, 1, in_dir) ||
      (!v8 && (ints_attr(d, n, "scan_input_axes", (int)M, -IR_MAX_RANK, IR_MAX_RANK - 1, in_axis) ||
               ints_attr(d, n, "scan_output_directions", K, 0, 1, out_dir) ||
               ints_attr(d, n, "scan_output_axes", K, -IR_MAX_RANK - 1, IR_MAX_RANK, out_axis))))
    return -1;
  if (v8)
    for (int j = 0; j < 64; j++) in_axis[j] = 0, out_dir[j] = 0, out_axis[j] = 0;
  for (int i = v8; i < v8 + n_in; i++)
    if (!ir_in(g, n, i) || ir_in(g, n, i)->vkind != IR_VAL_TENSOR)
      return ir_node_fail(d, n, "input %d must be a tensor", i);
  lower_state s;
  lower_begin(g, k, &s);
  int ids[130], fin[130], ys[130];
  for (int i = 0; i < n_in; i++) ids[i] = g->nodes[k].inputs[v8 + i];
  int rc = 0;
  if (!v8) {
    rc = scan_core(d, g, &s, body, N, (int)M, K, ids, ids + N, in_dir, in_axis, out_dir, out_axis, fin, ys, "t");
    for (int j = 0; j < N + K && !rc; j++) rc = lower_connect(d, g, &s, g->nodes[k].outputs[j], j < N ? fin[j] : ys[j - N]);
    return rc ? -1 : lower_finish(d, g, &s, added);
  }
  /* Scan-8: axis 0 of every input and output is a batch axis; the scan
   * axis is 1. sequence_lens, if given, must be constant and full. */
  const ir_tensor *x0 = ir_in(g, n, 1 + N);
  if (x0->rank < 2) return ir_node_fail(d, n, "scan input 0 must have a batch and a sequence axis");
  int64_t B = x0->dims[0];
  const ir_tensor *sl = ir_in(g, n, 0);
  if (sl) {
    if (!sl->data)
      return ir_node_fail(d, n, "input 0 'sequence_lens' must be a constant (computed at compile time); kiln "
                          "unrolls Scan and needs every sequence's length");
    for (int64_t b = 0; b < ir_numel(sl); b++)
      if (ir_get_i64(sl, b) != x0->dims[1])
        return ir_node_fail(d, n, "sequence_lens[%lld] is %lld: only full-length sequences (%lld) are supported",
                            (long long)b, (long long)ir_get_i64(sl, b), (long long)x0->dims[1]);
  }
  if (B < 1 || B > 1024) return ir_node_fail(d, n, "batch size %lld is unsupported (1..1024)", (long long)B);
  idlist *col = kiln_calloc((size_t)(N + K) + 1, sizeof(idlist));
  if (!col) return kiln_fail(d, "out of memory");
  for (int64_t b = 0; b < B && !rc; b++) {
    int per[130];
    for (int i = 0; i < n_in && !rc; i++) rc = take(d, g, &s, ids[i], b, 0, &per[i]);
    char tag[48];
    snprintf(tag, sizeof tag, "b%lldt", (long long)b);
    if (!rc) rc = scan_core(d, g, &s, body, N, (int)M, K, per, per + N, in_dir, in_axis, out_dir, out_axis, fin, ys, tag);
    for (int j = 0; j < N + K && !rc; j++) rc = idlist_add(d, &col[j], j < N ? fin[j] : ys[j - N]);
  }
  for (int j = 0; j < N + K && !rc; j++) {
    int out;
    rc = lower_stack(d, g, &s, col[j].v, col[j].n, 0, &out);
    if (!rc) rc = lower_connect(d, g, &s, g->nodes[k].outputs[j], out);
  }
  for (int j = 0; j < N + K; j++) free(col[j].v);
  free(col);
  return rc ? -1 : lower_finish(d, g, &s, added);
}

const op_def op_Scan = {
  .name = "Scan", .domain = "", .since = 8, .until = 0,
  .attrs = "body num_scan_inputs directions scan_input_directions scan_input_axes scan_output_directions "
           "scan_output_axes __captures",
  .infer = lowered_infer, .lower = scan_lower,
};
