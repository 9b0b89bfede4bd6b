/* concat.c - Concat: join inputs along `axis` (negative from opset 11).
 *
 * Seen as 2-D, input i is [outer, a_i * inner] and lands at column offset
 * off_i * inner of the [outer, A * inner] output: one strided copy per
 * input, each row a single memcpy. Any dtype (by element size); int64
 * concats of shape vectors fold at compile time through the same kernel.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/copy.h"

#include <stdio.h>

static int concat_axis(kiln_diag *d, ir_node *n, int rank, int *axis) {
  ir_attr *a = ir_attr_find(n, "axis");
  int64_t ax;
  if (a && a->type == IR_ATTR_INT) ax = a->i;
  else if (!a && n->opset < 4) ax = 1; /* Concat-1: axis defaults to 1 */
  else return ir_node_fail(d, n, "attribute 'axis' (int) is required");
  /* negative axes: documented from opset 11, accepted in all (as ONNX Runtime does) */
  if (ax < -rank || ax >= rank)
    return ir_node_fail(d, n, "axis %lld is out of range for rank %d", (long long)ax, rank);
  *axis = (int)(ax < 0 ? ax + rank : ax);
  return 0;
}

static int concat_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs < 1) return ir_node_fail(d, n, "needs at least one input");
  if (op_need_inputs(d, g, n, 0, n->n_inputs - 1) < 0) return -1;
  ir_tensor *x0 = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (x0->dtype == IR_STRING || ir_dtype_size(x0->dtype) == 0)
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s; kiln supports numeric and bool tensors "
                        "only", x0->name, ir_dtype_name(x0->dtype));
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (x0->rank < 1) return ir_node_fail(d, n, "input 0 '%s' is a scalar; Concat needs rank >= 1", x0->name);
  int axis;
  if (concat_axis(d, n, x0->rank, &axis) < 0) return -1;
  int64_t dims[IR_MAX_RANK];
  for (int k = 0; k < x0->rank; k++) dims[k] = x0->dims[k];
  dims[axis] = 0;
  char b0[128], b1[128];
  for (int i = 0; i < n->n_inputs; i++) {
    ir_tensor *x = ir_in(g, n, i);
    if (x->dtype != x0->dtype)
      return ir_node_fail(d, n, "input %d '%s' has dtype %s but input 0 has %s", i, x->name,
                          ir_dtype_name(x->dtype), ir_dtype_name(x0->dtype));
    int same = x->rank == x0->rank;
    for (int k = 0; same && k < x->rank; k++)
      if (k != axis && x->dims[k] != x0->dims[k]) same = 0;
    if (!same)
      return ir_node_fail(d, n, "input %d '%s' has shape %s, which does not match input 0's %s "
                          "outside axis %d", i, x->name, ir_shape_str(x, b0, sizeof b0),
                          ir_shape_str(x0, b1, sizeof b1), axis);
    if (x->dims[axis] > INT64_MAX - dims[axis]) return ir_node_fail(d, n, "output is too large");
    dims[axis] += x->dims[axis];
  }
  ir_set_shape(y, x0->dtype, x0->rank, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output is too large");
  return 0;
}

/* Copy for input i; returns 0 if it is empty (nothing to copy), 1 otherwise. */
static int concat_plan(ir_graph *g, ir_node *n, int i, kiln_copy_params *p) {
  ir_tensor *y = ir_out(g, n, 0);
  int axis = 0;
  concat_axis(NULL, n, y->rank, &axis); /* validated by infer */
  int64_t outer = 1, inner = 1, off = 0;
  for (int k = 0; k < axis; k++) outer *= y->dims[k];
  for (int k = axis + 1; k < y->rank; k++) inner *= y->dims[k];
  for (int j = 0; j < i; j++) off += ir_in(g, n, j)->dims[axis];
  ir_tensor *x = ir_in(g, n, i);
  if (ir_numel(x) == 0) return 0;
  int64_t cols = x->dims[axis] * inner;
  int64_t dims[2] = {outer, cols}, xs[2] = {cols, 1}, ys[2] = {y->dims[axis] * inner, 1};
  kiln_copy_plan(p, 2, dims, xs, ys, 0, off * inner, (int64_t)ir_dtype_size(y->dtype));
  return 1;
}

static int concat_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  for (int i = 0; i < n->n_inputs; i++) {
    kiln_copy_params p;
    if (concat_plan(g, n, i, &p)) kiln_copy_nd__c(&p, ir_in(g, n, i)->data, out);
  }
  return 0;
}

static int concat_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  char id[64], buf[1024];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  for (int i = 0; i < n->n_inputs; i++) {
    kiln_copy_params p;
    if (!concat_plan(g, n, i, &p)) continue;
    if (emit_use(e, "kiln_copy_nd__c") < 0) return -1;
    emit_decl(e, "static const kiln_copy_params %s_p%d = %s;\n", id, i,
              kiln_copy_params_init(&p, buf, sizeof buf));
    if (emit_threads(e) > 1 && ir_nbytes(ir_in(g, n, i)) >= 262144) { /* kernels/par.h */
      if (emit_use(e, "kiln_copy_nd_par") < 0) return -1;
      emit_code(e, "kiln_copy_nd_par(&P, &%s_p%d, %s, %s);\n", id, i, emit_bytes(e, n->inputs[i]),
                emit_bytes(e, n->outputs[0]));
    } else {
      emit_code(e, "kiln_copy_nd__c(&%s_p%d, %s, %s);\n", id, i, emit_bytes(e, n->inputs[i]),
                emit_bytes(e, n->outputs[0]));
    }
  }
  return 0;
}

const op_def op_Concat = {
  .name = "Concat", .domain = "", .since = 1, .until = 0, .attrs = "axis",
  .infer = concat_infer, .eval = concat_eval, .emit = concat_emit, .flags = 0,
};
