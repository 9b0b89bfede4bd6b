/* expand.c - Expand(input, shape): broadcast input to shape, where the rule
 * is bidirectional numpy broadcasting (a 1 in `shape` keeps the input's dim,
 * so the output may be larger than `shape`). The shape input must be
 * constant. One strided copy with x stride 0 on broadcast axes.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/copy.h"

#include <stdio.h>

static int expand_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 1) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *s = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  if (x->dtype == IR_STRING || ir_dtype_size(x->dtype) == 0)
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s; kiln supports numeric and bool tensors "
                        "only", x->name, ir_dtype_name(x->dtype));
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (s->dtype != IR_I64)
    return ir_node_fail(d, n, "input 1 'shape' has dtype %s; expected int64", ir_dtype_name(s->dtype));
  if (!s->data)
    return ir_node_fail(d, n, "input 1 'shape' must be a constant (computed at compile time); kiln "
                        "needs static shapes");
  int64_t k = ir_numel(s);
  if (s->rank != 1 || k > IR_MAX_RANK || s->nbytes < (size_t)k * 8)
    return ir_node_fail(d, n, "input 1 'shape' must be 1-D with at most %d entries", IR_MAX_RANK);
  ir_tensor shp; /* the requested shape as a tensor, for op_broadcast_shape */
  shp.rank = (int)k;
  shp.name = s->name;
  for (int i = 0; i < k; i++) {
    shp.dims[i] = ir_get_i64(s, i);
    shp.dim_param[i] = NULL;
    if (shp.dims[i] < 0)
      return ir_node_fail(d, n, "shape[%d] = %lld is negative", i, (long long)shp.dims[i]);
  }
  const ir_tensor *ins[2] = {x, &shp};
  int r;
  int64_t dims[IR_MAX_RANK];
  if (op_broadcast_shape(d, n, ins, 2, &r, dims) < 0) return -1;
  ir_set_shape(y, x->dtype, r, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output is too large");
  return 0;
}

static void expand_plan(ir_graph *g, ir_node *n, kiln_copy_params *p) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  int64_t xst[IR_MAX_RANK], xs[IR_MAX_RANK], ys[IR_MAX_RANK];
  kiln_copy_strides(x->rank, x->dims, xst);
  kiln_copy_strides(y->rank, y->dims, ys);
  int lead = y->rank - x->rank;
  for (int i = 0; i < y->rank; i++) {
    int j = i - lead; /* input axis aligned from the right */
    xs[i] = j < 0 || x->dims[j] == 1 ? 0 : xst[j];
  }
  kiln_copy_plan(p, y->rank, y->dims, xs, ys, 0, 0, (int64_t)ir_dtype_size(x->dtype));
}

static int expand_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_copy_params p;
  expand_plan(g, n, &p);
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_copy_nd__c(&p, ir_in(g, n, 0)->data, out);
  return 0;
}

static int expand_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_copy_params p;
  expand_plan(g, n, &p);
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_copy_nd__c") < 0) return -1;
  char id[64], buf[1024];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_copy_params %s_p = %s;\n", id,
            kiln_copy_params_init(&p, buf, sizeof buf));
  emit_code(e, "kiln_copy_nd__c(&%s_p, %s, %s);\n", id, emit_bytes(e, n->inputs[0]),
            emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_Expand = {
  .name = "Expand", .domain = "", .since = 8, .until = 0, .attrs = "",
  .infer = expand_infer, .eval = expand_eval, .emit = expand_emit, .flags = 0,
};
