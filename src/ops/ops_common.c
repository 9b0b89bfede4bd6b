/* ops_common.c - helpers shared by operator files. */
#include "op.h"

#include <stdio.h>
#include <string.h>

int op_broadcast_shape(kiln_diag *d, const ir_node *n, const ir_tensor *const *ins, int n_ins,
                       int *rank, int64_t *dims) {
  int r = 0;
  for (int i = 0; i < n_ins; i++)
    if (ins[i] && ins[i]->rank > r) r = ins[i]->rank;
  if (r > IR_MAX_RANK) return ir_node_fail(d, n, "rank %d exceeds kiln's limit of %d", r, IR_MAX_RANK);
  for (int k = 0; k < r; k++) {
    int64_t dim = 1;
    for (int i = 0; i < n_ins; i++) {
      const ir_tensor *t = ins[i];
      if (!t) continue;
      int j = k - (r - t->rank);
      if (j < 0) continue;
      int64_t v = t->dims[j];
      if (v == dim || v == 1) continue;
      if (dim == 1) { dim = v; continue; }
      char a[96], b[96];
      return ir_node_fail(d, n, "inputs cannot be broadcast together: shape %s vs %s",
                          ir_shape_str(ins[0], a, sizeof a), ir_shape_str(t, b, sizeof b));
    }
    dims[k] = dim;
  }
  *rank = r;
  return 0;
}

int op_axis(kiln_diag *d, const ir_node *n, int64_t axis, int rank, int *out) {
  if (axis < -(int64_t)rank || axis >= (int64_t)(rank ? rank : 1))
    return ir_node_fail(d, n, "axis %lld is out of range for rank %d", (long long)axis, rank);
  *out = (int)(axis < 0 ? axis + rank : axis);
  return 0;
}

int op_check_dtype(kiln_diag *d, const ir_node *n, const ir_tensor *t, int idx, const ir_dtype *ok) {
  char list[256];
  size_t off = 0;
  list[0] = 0;
  for (const ir_dtype *p = ok; *p; p++) {
    if (t->dtype == *p) return 0;
    int k = snprintf(list + off, sizeof list - off, "%s%s", off ? ", " : "", ir_dtype_name(*p));
    if (k > 0 && (size_t)k < sizeof list - off) off += (size_t)k;
  }
  return ir_node_fail(d, n, "input %d '%s' has dtype %s; supported: %s", idx, t->name,
                      ir_dtype_name(t->dtype), list);
}

int op_need_inputs(kiln_diag *d, const ir_graph *g, const ir_node *n, int lo, int hi) {
  for (int i = lo; i <= hi; i++) {
    if (i >= n->n_inputs || n->inputs[i] < 0)
      return ir_node_fail(d, n, "input %d is missing (expected at least %d inputs)", i, hi + 1);
    if (g->tensors[n->inputs[i]].rank < 0)
      return ir_node_fail(d, n, "input %d '%s' has an unknown shape; bind it with --shape",
                          i, g->tensors[n->inputs[i]].name);
  }
  return 0;
}
