/* transpose.c - Transpose: y = x with axes permuted (perm, default reversed).
 *
 * One strided copy (kiln_copy_nd__c): y is written contiguously, x is read
 * with its strides permuted. The compiler merges axes that stay adjacent
 * (perm (0,2,3,1) on NCHW becomes a 3-D copy N x HW x C) and blocks the
 * copy when x's contiguous axis is not innermost in y. Any dtype of 1, 2,
 * 4 or 8 bytes.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/copy.h"

#include <stdio.h>
#include <string.h>

static int get_perm(kiln_diag *d, ir_node *n, int rank, int *perm) {
  ir_attr *a = ir_attr_find(n, "perm");
  if (!a) { /* default: reverse the axes */
    for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
    return 0;
  }
  if (a->type != IR_ATTR_INTS) return ir_node_fail(d, n, "attribute 'perm' must be a list of ints");
  if (a->n != rank)
    return ir_node_fail(d, n, "perm has %d entries but the input has rank %d", a->n, rank);
  int seen[IR_MAX_RANK] = {0};
  for (int i = 0; i < rank; i++) {
    int64_t p = a->ints[i];
    if (p < 0 || p >= rank)
      return ir_node_fail(d, n, "perm[%d] = %lld is out of range for rank %d", i, (long long)p, rank);
    if (seen[p])
      return ir_node_fail(d, n, "perm is not a permutation: axis %lld appears twice", (long long)p);
    seen[p] = 1;
    perm[i] = (int)p;
  }
  return 0;
}

static int transpose_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (x->dtype == IR_STRING || ir_dtype_size(x->dtype) == 0)
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s; kiln supports numeric and bool tensors "
                        "only", x->name, ir_dtype_name(x->dtype));
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  int perm[IR_MAX_RANK];
  if (get_perm(d, n, x->rank, perm) < 0) return -1;
  int64_t dims[IR_MAX_RANK];
  for (int i = 0; i < x->rank; i++) dims[i] = x->dims[perm[i]];
  ir_set_shape(y, x->dtype, x->rank, dims);
  return 0;
}

/* The copy: iterate y's dims; x's stride for y axis i is x's stride of perm[i]. */
static int transpose_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_copy_params *p) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  int perm[IR_MAX_RANK];
  if (get_perm(d, n, x->rank, perm) < 0) return -1;
  int64_t xst[IR_MAX_RANK], xs[IR_MAX_RANK], ys[IR_MAX_RANK];
  kiln_copy_strides(x->rank, x->dims, xst);
  kiln_copy_strides(y->rank, y->dims, ys);
  for (int i = 0; i < x->rank; i++) xs[i] = xst[perm[i]];
  kiln_copy_plan(p, y->rank, y->dims, xs, ys, 0, 0, (int64_t)ir_dtype_size(x->dtype));
  return 0;
}

static int transpose_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_copy_params p;
  if (transpose_plan(d, g, n, &p) < 0) return -1;
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_copy_nd__c(&p, ir_in(g, n, 0)->data, out);
  return 0;
}

static int transpose_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_copy_params p;
  if (transpose_plan(emit_diag(e), g, n, &p) < 0) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0; /* nothing to move */
  if (emit_use(e, "kiln_copy_nd__c") < 0) return -1;
  char id[64], buf[1024];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_copy_params %s_p = %s;\n", id,
            kiln_copy_params_init(&p, buf, sizeof buf));
  if (emit_threads(e) > 1 && ir_nbytes(ir_out(g, n, 0)) >= 262144) { /* kernels/par.h */
    if (emit_use(e, "kiln_copy_nd_par") < 0) return -1;
    emit_code(e, "kiln_copy_nd_par(&P, &%s_p, %s, %s);\n", id, emit_bytes(e, n->inputs[0]),
              emit_bytes(e, n->outputs[0]));
  } else {
    emit_code(e, "kiln_copy_nd__c(&%s_p, %s, %s);\n", id, emit_bytes(e, n->inputs[0]),
              emit_bytes(e, n->outputs[0]));
  }
  return 0;
}

const op_def op_Transpose = {
  .name = "Transpose", .domain = "", .since = 1, .until = 0, .attrs = "perm",
  .infer = transpose_infer, .eval = transpose_eval, .emit = transpose_emit, .flags = 0,
};
