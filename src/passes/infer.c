/* infer.c - resolve operators, validate attributes, infer shapes and fold
 * constants, node by node in topological order.
 *
 * Folding happens here rather than in a later pass because static shapes
 * need it: PyTorch exports compute Reshape targets with
 * Shape->Gather->Unsqueeze->Concat chains, and the Reshape's output shape is
 * only known once that chain has been evaluated.
 */
#include "passes.h"
#include "../ops/op.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rejects attributes the op does not declare: a silently ignored attribute
 * is a silently wrong answer. */
static int check_attrs(kiln_diag *d, ir_node *n) {
  const char *list = n->def->attrs ? n->def->attrs : "";
  for (int i = 0; i < n->n_attrs; i++) {
    const char *a = n->attrs[i].name;
    size_t len = strlen(a);
    const char *p = list;
    int found = 0;
    while (*p) {
      while (*p == ' ') p++;
      const char *e = p;
      while (*e && *e != ' ') e++;
      if ((size_t)(e - p) == len && memcmp(p, a, len) == 0) { found = 1; break; }
      p = e;
    }
    if (!found)
      return ir_node_fail(d, n, "unknown attribute '%s' (%s accepts: %s)", a, n->op_type,
                          *list ? list : "none");
  }
  return 0;
}

/* A binding NAME=DIMS names a whole input (exact name match, tried first:
 * PyTorch names inputs "input.1"), NAME.K=N one dim of it, or SYM=N a
 * symbolic dim_param. */
static int bind_input(kiln_diag *d, ir_tensor *t, pass_shape_binding *b, int nb) {
  for (int k = 0; k < nb; k++) {
    if (strcmp(b[k].name, t->name) != 0) continue;
    if (t->rank >= 0 && t->rank != b[k].rank)
      return kiln_fail(d, "--shape %s: the model declares rank %d, the binding has rank %d",
                       b[k].name, t->rank, b[k].rank);
    for (int i = 0; i < b[k].rank; i++) {
      if (t->rank >= 0 && t->dims[i] >= 0 && t->dims[i] != b[k].dims[i])
        return kiln_fail(d, "--shape %s: dim %d is %lld in the model, not %lld", b[k].name, i,
                         (long long)t->dims[i], (long long)b[k].dims[i]);
      t->dims[i] = b[k].dims[i];
    }
    t->rank = b[k].rank;
    b[k].used = 1;
  }
  size_t len = strlen(t->name);
  for (int i = 0; i < t->rank; i++) {
    if (t->dims[i] >= 0) continue;
    for (int k = 0; k < nb; k++) {
      if (b[k].rank != 1) continue;
      const char *nm = b[k].name;
      int by_index = strncmp(nm, t->name, len) == 0 && nm[len] == '.' && nm[len + 1] &&
                     strtol(nm + len + 1, NULL, 10) == i;
      if (by_index) {
        char *end;
        strtol(nm + len + 1, &end, 10);
        by_index = *end == 0;
      }
      int by_param = t->dim_param[i] && strcmp(nm, t->dim_param[i]) == 0;
      if (by_index || by_param) {
        t->dims[i] = b[k].dims[0];
        b[k].used = 1;
      }
    }
  }
  return 0;
}

static int check_input(kiln_diag *d, ir_tensor *t) {
  char buf[128];
  if (t->vdecl == IR_DECL_SEQ || t->vdecl == IR_DECL_OPT_SEQ) /* a present optional tensor is a tensor */
    return kiln_fail(d, "graph input '%s' is %s: kiln resolves those at compile time and needs its length and "
                     "element shapes; bind them with --seq %s=DIMS:DIMS... (kiln run takes them from the input "
                     "file)", t->name,
                     t->vdecl == IR_DECL_SEQ ? "a sequence" : "an optional sequence", t->name);
  if (t->rank < 0)
    return kiln_fail(d, "graph input '%s' has no shape in the model; give one with --shape %s=1x3x224x224",
                     t->name, t->name);
  for (int i = 0; i < t->rank; i++)
    if (t->dims[i] < 0)
      return kiln_fail(d, "graph input '%s' has shape %s with an unknown dim %d%s%s; bind it with "
                       "--shape %s=DIMS or --shape %s.%d=N",
                       t->name, ir_shape_str(t, buf, sizeof buf), i, t->dim_param[i] ? " named " : "",
                       t->dim_param[i] ? t->dim_param[i] : "", t->name, t->name, i);
  if (ir_dtype_size(t->dtype) == 0 || t->dtype == IR_STRING)
    return kiln_fail(d, "graph input '%s' has dtype %s, which kiln does not support", t->name,
                     ir_dtype_name(t->dtype));
  if (ir_nbytes(t) < 0)
    return kiln_fail(d, "graph input '%s': shape %s is too large", t->name, ir_shape_str(t, buf, sizeof buf));
  return 0;
}

static const char *attr_type_name(ir_attr_type t) {
  static const char *const names[] = {"UNDEFINED", "FLOAT", "INT", "STRING", "TENSOR", "GRAPH",
                                      "FLOATS", "INTS", "STRINGS", "TENSORS", "GRAPHS",
                                      "SPARSE_TENSOR", "SPARSE_TENSORS", "TYPE_PROTO", "TYPE_PROTOS"};
  return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

/* An op read an attribute as a type it does not have (ir.c's getters). */
static int check_attr_types(kiln_diag *d, const ir_node *n) {
  for (int i = 0; i < n->n_attrs; i++)
    if (n->attrs[i].wanted)
      return ir_node_fail(d, n, "attribute '%s' has type %s, expected %s", n->attrs[i].name,
                          attr_type_name(n->attrs[i].type), attr_type_name(n->attrs[i].wanted));
  return 0;
}

/* The first non-constant graph input that tensor t is computed from (depth
 * first through producers), or -1. */
static int source_input(const ir_graph *g, int t, int depth) {
  const ir_tensor *x = &g->tensors[t];
  if (x->data) return -1;
  if (x->is_input) return t;
  if (x->producer < 0 || depth > 64) return -1;
  const ir_node *p = &g->nodes[x->producer];
  for (int i = 0; i < p->n_inputs; i++) {
    if (p->inputs[i] < 0) continue;
    int s = source_input(g, p->inputs[i], depth + 1);
    if (s >= 0) return s;
  }
  return -1;
}

/* Ops say "input N '...' must be a constant" when they need a value at
 * compile time. If that value comes from a graph input (directly, or
 * computed from one: Shape arithmetic feeding Pad), name the input so the
 * caller can freeze it and retry. */
static void note_need_const(kiln_diag *d, const ir_graph *g, const ir_node *n) {
  const char *m = strstr(d->msg, "): input ");
  if (!m || !strstr(d->msg, "must be a constant")) return;
  int i = atoi(m + 9);
  if (i < 0 || i >= n->n_inputs || n->inputs[i] < 0) return;
  int s = source_input(g, n->inputs[i], 0);
  if (s >= 0) snprintf(d->need_const, sizeof d->need_const, "%s", g->tensors[s].name);
}

int pass_infer(kiln_diag *d, ir_graph *g, pass_shape_binding *b, int nb) {
  for (int i = 0; i < g->n_inputs; i++)
    if (bind_input(d, &g->tensors[g->inputs[i]], b, nb)) return -1;
  /* a typo in --shape explains an unbound dim better than the dim does */
  for (int k = 0; k < nb; k++)
    if (!b[k].used)
      return kiln_fail(d, "--shape %s matches no graph input or symbolic dim with an unknown size", b[k].name);
  for (int i = 0; i < g->n_inputs; i++)
    if (check_input(d, &g->tensors[g->inputs[i]])) return -1;

  /* Every input must be defined before use: inputs, initializers and
   * earlier nodes' outputs. ONNX requires topological order; we check it. */
  char *defined = kiln_calloc((size_t)g->n_tensors + 1, 1);
  if (!defined) return kiln_fail(d, "out of memory");
  for (int i = 0; i < g->n_tensors; i++)
    if (g->tensors[i].producer < 0) defined[i] = 1;
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead) continue;
    for (int i = 0; i < n->n_inputs; i++)
      if (n->inputs[i] >= 0 && !defined[n->inputs[i]]) {
        ir_node_fail(d, n, "input %d '%s' is used before the node that produces it (graph is "
                     "not topologically sorted, or has a cycle)", i, g->tensors[n->inputs[i]].name);
        free(defined);
        return -1;
      }
    for (int i = 0; i < n->n_outputs; i++)
      if (n->outputs[i] >= 0) defined[n->outputs[i]] = 1;
  }
  free(defined);

  if (pass_infer_nodes(d, g, 0)) return -1;
  /* sequence/optional graph outputs become their element tensors */
  return pass_lower_outputs(d, g);
}

int pass_infer_nodes(kiln_diag *d, ir_graph *g, int from) {
  for (int k = from; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead) continue;
    if (ops_resolve(d, n) || check_attrs(d, n)) return -1;
    /* Control flow, sequences and optionals are lowered into plain nodes
     * right here (lower_control.c): they come in already inferred. */
    if (n->def->lower || pass_has_value_input(g, n)) {
      int added = 0;
      if (pass_lower_node(d, g, k, &added)) {
        if (!d->failed) ir_node_fail(d, &g->nodes[k], "lowering failed");
        note_need_const(d, g, &g->nodes[k]);
        return -1;
      }
      if (check_attr_types(d, &g->nodes[k])) return -1;
      k += added;
      continue;
    }
    for (int i = 0; i < n->n_inputs; i++) {
      ir_tensor *t = ir_in(g, n, i);
      if (t && t->rank < 0)
        return ir_node_fail(d, n, "input %d '%s' has an unknown shape", i, t->name);
    }
    /* Data-dependent shapes (ir_tensor.dynamic) are upper bounds: no op
     * could plan or index a consumer statically, so they end the graph. */
    for (int i = 0; i < n->n_inputs; i++) {
      ir_tensor *t = ir_in(g, n, i);
      if (t && t->dynamic && !t->data)
        return ir_node_fail(d, n, "input %d '%s': the output of %s has a data-dependent shape; kiln plans "
                            "static shapes, so it can only be a graph output", i, t->name,
                            t->producer >= 0 ? g->nodes[t->producer].op_type : "?");
    }
    if (n->def->expand) { /* replaced by other nodes, inferred next */
      if (pass_expand_node(d, g, k)) return -1;
      continue;
    }
    int bad = n->def->infer(d, g, n);
    if (!bad) bad = check_attr_types(d, n);
    if (bad) {
      if (!d->failed) ir_node_fail(d, n, "shape inference failed");
      note_need_const(d, g, n);
      return -1;
    }
    for (int i = 0; i < n->n_outputs; i++) {
      ir_tensor *t = ir_out(g, n, i);
      if (!t) continue;
      if (t->rank < 0 || ir_nbytes(t) < 0)
        return ir_node_fail(d, n, "internal: output %d '%s' has no valid shape after inference", i, t->name);
    }
    int folded;
    if (pass_fold_node(d, g, n, &folded)) return -1;
  }
  return 0;
}
