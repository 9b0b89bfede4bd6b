/* gradient.c - expands ai.onnx.preview.training Gradient nodes into plain
 * ONNX nodes (reverse-mode differentiation at compile time).
 *
 * Gradient(xs..., attributes xs = names, y = name) outputs dY/dX for each X
 * in xs, with Y's own gradient seeded as ones (so a tensor Y gives the
 * gradient of sum(Y)). Runs after a first pass_infer, so every forward
 * tensor has its shape: the graph is walked backwards from Y over the
 * nodes that depend on some X (folded nodes included: their definitions
 * still hold), applying one rule per op and summing contributions to a
 * tensor used twice. Broadcast operands get their gradient summed back to
 * their shape (ReduceSum keepdims=1 + Reshape). An X that Y does not depend
 * on gets zeros. The Gradient node dies; the new nodes produce its outputs,
 * and the driver runs pass_infer again over them.
 * Rules: Add, Sub, Mul, Neg, Identity; any other op on the path is an error
 * naming it.
 */
#include "passes.h"
#include "../ops/op.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRAIN_DOMAIN "ai.onnx.preview.training"

typedef struct gctx {
  kiln_diag *d;
  ir_graph *g;
  int gi;      /* the Gradient node */
  int opset;   /* default-domain opset for the new nodes */
  int count;   /* names */
} gctx;

static int g_tensor(gctx *c, const char *what) {
  char name[256];
  snprintf(name, sizeof name, "%s/%s_%d", c->g->nodes[c->gi].name, what, c->count++);
  return ir_add_tensor(c->g, name);
}

/* A new default-domain node op(in...) -> out (a new tensor when out < 0).
 * Returns the output tensor or -1. */
static int g_node(gctx *c, const char *op, int nin, const int *in, int out) {
  if (out < 0 && (out = g_tensor(c, op)) < 0) return -1;
  int k = ir_add_node(c->g);
  if (k < 0) return -1;
  ir_node *n = &c->g->nodes[k];
  char name[256];
  snprintf(name, sizeof name, "%s/%s_%d", c->g->nodes[c->gi].name, op, c->count++);
  n->name = kiln_strdup(name);
  n->op_type = kiln_strdup(op);
  n->domain = kiln_strdup("");
  n->opset = c->opset;
  n->inputs = kiln_malloc(sizeof(int) * (size_t)(nin ? nin : 1));
  n->outputs = kiln_malloc(sizeof(int));
  if (!n->name || !n->op_type || !n->domain || !n->inputs || !n->outputs) return -1;
  for (int i = 0; i < nin; i++) n->inputs[i] = in[i];
  n->n_inputs = nin;
  n->outputs[0] = out;
  n->n_outputs = 1;
  return out;
}

/* A constant tensor of the given shape: every element `v` (dtype dt). */
static int g_const(gctx *c, const char *what, ir_dtype dt, int rank, const int64_t *dims,
                   double v) {
  int t = g_tensor(c, what);
  if (t < 0) return -1;
  ir_tensor *x = &c->g->tensors[t];
  ir_set_shape(x, dt, rank, dims);
  void *p = ir_alloc_data(x);
  if (!p && ir_numel(x) > 0) return -1;
  for (int64_t i = 0; i < ir_numel(x); i++) ir_put_f64(p, dt, i, v);
  return t;
}

static int g_i64_vec(gctx *c, const char *what, int k, const int64_t *v) {
  int64_t len = k;
  int t = g_tensor(c, what);
  if (t < 0) return -1;
  ir_tensor *x = &c->g->tensors[t];
  ir_set_shape(x, IR_I64, 1, &len);
  int64_t *p = ir_alloc_data(x);
  if (!p && k > 0) return -1;
  for (int i = 0; i < k; i++) p[i] = v[i];
  return t;
}

/* gt has shape (R, od); returns a tensor with shape of tensor `to`: sums
 * over the dims `to` was broadcast along. */
static int g_reduce_to(gctx *c, int gt, int R, const int64_t *od, int to) {
  const ir_tensor *x = &c->g->tensors[to];
  const int r = x->rank;
  int64_t xd[IR_MAX_RANK], axes[IR_MAX_RANK];
  memcpy(xd, x->dims, sizeof xd);
  int na = 0;
  for (int i = 0; i < R; i++) {
    int j = i - (R - r);
    if (j < 0 || (xd[j] == 1 && od[i] != 1)) axes[na++] = i;
  }
  if (na == 0 && R == r) return gt;
  int cur = gt;
  if (na > 0) {
    if (c->opset >= 13) {
      int ax = g_i64_vec(c, "axes", na, axes);
      if (ax < 0) return -1;
      cur = g_node(c, "ReduceSum", 2, (int[]){cur, ax}, -1);
    } else {
      cur = g_node(c, "ReduceSum", 1, &cur, -1);
      if (cur >= 0) {
        ir_node *n = &c->g->nodes[c->g->n_nodes - 1];
        n->attrs = kiln_calloc(1, sizeof(ir_attr));
        if (!n->attrs) return -1;
        n->n_attrs = 1;
        n->attrs[0].name = kiln_strdup("axes");
        n->attrs[0].type = IR_ATTR_INTS;
        n->attrs[0].n = na;
        n->attrs[0].ints = kiln_malloc(sizeof(int64_t) * (size_t)na);
        if (!n->attrs[0].name || !n->attrs[0].ints) return -1;
        memcpy(n->attrs[0].ints, axes, sizeof(int64_t) * (size_t)na);
      }
    }
    if (cur < 0) return -1;
  }
  int sh = g_i64_vec(c, "shape", r, xd);
  if (sh < 0) return -1;
  return g_node(c, "Reshape", 2, (int[]){cur, sh}, -1);
}

/* grad[t] += v */
static int g_accum(gctx *c, int *grad, int t, int v) {
  if (v < 0) return -1;
  if (grad[t] < 0) {
    grad[t] = v;
    return 0;
  }
  int s = g_node(c, "Add", 2, (int[]){grad[t], v}, -1);
  if (s < 0) return -1;
  grad[t] = s;
  return 0;
}

static int expand_one(kiln_diag *d, ir_graph *g, int gi) {
  gctx c = {.d = d, .g = g, .gi = gi, .opset = 0, .count = 0};
  for (int i = 0; i < g->n_opsets; i++)
    if (!g->opset_domain[i][0] || !strcmp(g->opset_domain[i], "ai.onnx")) c.opset = g->opset_version[i];
  ir_node *gn = &g->nodes[gi];
  if (c.opset <= 0) return ir_node_fail(d, gn, "the model imports no default-domain opset");
  const char *yname = ir_attr_str(gn, "y", NULL);
  int nx = gn->n_outputs;
  int yt = yname ? ir_find_tensor(g, yname) : -1;
  if (yt < 0) return ir_node_fail(d, gn, "attribute 'y' names no tensor");
  const int nt0 = g->n_tensors, nn0 = g->n_nodes;
  int *grad = kiln_malloc(sizeof(int) * (size_t)(nt0 + 1));
  char *dep = kiln_calloc((size_t)nt0 + 1, 1);
  int *xs = kiln_malloc(sizeof(int) * (size_t)(nx + 1));
  int rc = -1;
  if (!grad || !dep || !xs) {
    ir_node_fail(d, gn, "out of memory");
    goto done;
  }
  for (int t = 0; t < nt0; t++) grad[t] = -1;
  for (int j = 0; j < nx; j++) {
    xs[j] = gn->inputs[j];
    dep[xs[j]] = 1;
  }
  /* forward: which tensors depend on some x (node order is topological) */
  for (int k = 0; k < nn0; k++) {
    const ir_node *n = &g->nodes[k];
    if (k == gi || !n->def || !strcmp(n->domain, TRAIN_DOMAIN)) continue;
    int any = 0;
    for (int i = 0; i < n->n_inputs; i++) any |= n->inputs[i] >= 0 && dep[n->inputs[i]];
    for (int i = 0; any && i < n->n_outputs; i++)
      if (n->outputs[i] >= 0) dep[n->outputs[i]] = 1;
  }
  {
    const ir_tensor *y = &g->tensors[yt];
    int64_t yd[IR_MAX_RANK];
    memcpy(yd, y->dims, sizeof yd);
    grad[yt] = g_const(&c, "dY", y->dtype, y->rank, yd, 1.0);
    if (grad[yt] < 0) {
      ir_node_fail(d, &g->nodes[gi], "out of memory");
      goto done;
    }
  }
  /* backward */
  for (int k = nn0 - 1; k >= 0; k--) {
    if (k == gi || !g->nodes[k].def || !strcmp(g->nodes[k].domain, TRAIN_DOMAIN)) continue;
    if (g->nodes[k].n_outputs < 1 || g->nodes[k].outputs[0] < 0) continue;
    const int out = g->nodes[k].outputs[0];
    if (grad[out] < 0) continue;
    int any = 0;
    for (int i = 0; i < g->nodes[k].n_inputs; i++)
      any |= g->nodes[k].inputs[i] >= 0 && dep[g->nodes[k].inputs[i]];
    if (!any) continue;
    const char *op = g->nodes[k].op_type;
    int in[2] = {g->nodes[k].inputs[0], g->nodes[k].n_inputs > 1 ? g->nodes[k].inputs[1] : -1};
    int go = grad[out], R = g->tensors[out].rank;
    int64_t od[IR_MAX_RANK];
    memcpy(od, g->tensors[out].dims, sizeof od);
    int bad = 0;
    if (!strcmp(op, "Add") || !strcmp(op, "Sub")) {
      for (int i = 0; i < 2 && !bad; i++) {
        if (!dep[in[i]]) continue;
        int v = g_reduce_to(&c, go, R, od, in[i]);
        if (v >= 0 && i == 1 && op[0] == 'S') v = g_node(&c, "Neg", 1, &v, -1);
        bad = g_accum(&c, grad, in[i], v);
      }
    } else if (!strcmp(op, "Mul")) {
      for (int i = 0; i < 2 && !bad; i++) {
        if (!dep[in[i]]) continue;
        int v = g_node(&c, "Mul", 2, (int[]){go, in[1 - i]}, -1);
        if (v >= 0) v = g_reduce_to(&c, v, R, od, in[i]);
        bad = g_accum(&c, grad, in[i], v);
      }
    } else if (!strcmp(op, "Neg")) {
      bad = g_accum(&c, grad, in[0], g_node(&c, "Neg", 1, &go, -1));
    } else if (!strcmp(op, "Identity")) {
      bad = g_accum(&c, grad, in[0], go);
    } else {
      ir_node_fail(d, &g->nodes[gi], "no gradient rule for %s (node '%s') on the path from xs "
                   "to y; kiln differentiates Add, Sub, Mul, Neg and Identity", op,
                   g->nodes[k].name);
      goto done;
    }
    if (bad) {
      ir_node_fail(d, &g->nodes[gi], "out of memory");
      goto done;
    }
  }
  /* the Gradient node's outputs */
  for (int j = 0; j < nx; j++) {
    int o = g->nodes[gi].outputs[j], x = xs[j];
    if (o < 0) continue;
    int src = grad[x];
    if (src < 0) { /* y does not depend on x */
      int64_t xd[IR_MAX_RANK];
      memcpy(xd, g->tensors[x].dims, sizeof xd);
      src = g_const(&c, "zeros", g->tensors[x].dtype, g->tensors[x].rank, xd, 0.0);
    }
    if (src < 0 || g_node(&c, "Identity", 1, &src, o) < 0) {
      ir_node_fail(d, &g->nodes[gi], "out of memory");
      goto done;
    }
    g->tensors[o].rank = -1; /* re-inferred from its new producer */
  }
  g->nodes[gi].dead = 1;
  rc = 0;
done:
  free(grad);
  free(dep);
  free(xs);
  return rc;
}

int pass_gradient(kiln_diag *d, ir_graph *g) {
  int expanded = 0;
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead || strcmp(n->op_type, "Gradient") != 0 || strcmp(n->domain, TRAIN_DOMAIN) != 0)
      continue;
    if (expand_one(d, g, k)) return -1;
    expanded++;
  }
  if (expanded) ir_recount_uses(g);
  return expanded;
}
