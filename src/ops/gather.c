/* gather.c - Gather: y = data indexed by `indices` along `axis`.
 *
 * Output shape: data[:axis] + indices.shape + data[axis+1:]. Negative
 * indices count from the end. Constant indices are range-checked here
 * (out of range = compile error). Run-time indices (int32/int64) are
 * CLAMPED by the kernel to the valid range, so a bad index can never read
 * outside `data` (ONNX leaves it undefined; we trade an error for safety).
 * Any data dtype (rows are moved as bytes); scalar-index gathers of shape
 * vectors (PyTorch's x.size(0)) fold at compile time.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int gather_axis(kiln_diag *d, ir_node *n, int rank, int *axis) {
  return op_axis(d, n, ir_attr_int(n, "axis", 0), rank, axis);
}

static int gather_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 1) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *ix = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  if (x->dtype == IR_STRING || ir_dtype_size(x->dtype) == 0)
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s; kiln supports numeric and bool tensors "
                        "only", x->name, ir_dtype_name(x->dtype));
  static const ir_dtype idx_ok[] = {IR_I64, IR_I32, IR_UNDEFINED};
  if (op_check_dtype(d, n, ix, 1, idx_ok) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank < 1) return ir_node_fail(d, n, "input 0 '%s' is a scalar; Gather needs rank >= 1", x->name);
  int axis;
  if (gather_axis(d, n, x->rank, &axis) < 0) return -1;
  int r = x->rank - 1 + ix->rank;
  if (r > IR_MAX_RANK)
    return ir_node_fail(d, n, "output rank %d exceeds kiln's limit of %d", r, IR_MAX_RANK);
  int64_t dims[IR_MAX_RANK], dim = x->dims[axis], k = ir_numel(ix);
  int j = 0;
  for (int i = 0; i < axis; i++) dims[j++] = x->dims[i];
  for (int i = 0; i < ix->rank; i++) dims[j++] = ix->dims[i];
  for (int i = axis + 1; i < x->rank; i++) dims[j++] = x->dims[i];
  if (ix->data) {
    if (k < 0 || ix->nbytes < (size_t)k * ir_dtype_size(ix->dtype))
      return ir_node_fail(d, n, "input 1 'indices' has no valid data");
    for (int64_t i = 0; i < k; i++) {
      int64_t v = ir_get_i64(ix, i);
      if (v < -dim || v >= dim)
        return ir_node_fail(d, n, "indices[%lld] = %lld is out of range [%lld, %lld] for axis %d "
                            "of size %lld", (long long)i, (long long)v, (long long)-dim,
                            (long long)(dim - 1), axis, (long long)dim);
    }
  } else if (dim == 0 && k > 0) {
    return ir_node_fail(d, n, "axis %d has size 0, so every index is out of range", axis);
  }
  ir_set_shape(y, x->dtype, r, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output is too large");
  return 0;
}

static void gather_params(ir_graph *g, ir_node *n, kiln_gather_params *p) {
  ir_tensor *x = ir_in(g, n, 0);
  int axis = 0;
  gather_axis(NULL, n, x->rank, &axis); /* validated by infer */
  p->outer = 1;
  p->inner = (int64_t)ir_dtype_size(x->dtype);
  for (int i = 0; i < axis; i++) p->outer *= x->dims[i];
  for (int i = axis + 1; i < x->rank; i++) p->inner *= x->dims[i];
  p->axis_dim = x->dims[axis];
  p->n_idx = ir_numel(ir_in(g, n, 1));
}

static int gather_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_gather_params p;
  gather_params(g, n, &p);
  ir_tensor *ix = ir_in(g, n, 1);
  size_t isz = ir_dtype_size(ix->dtype), ibytes = (size_t)p.n_idx * isz;
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  /* Initializer data may sit unaligned in the model file: the kernel reads
   * typed indices, so give it an aligned copy then. */
  const void *idx = ix->data;
  void *tmp = NULL;
  if ((uintptr_t)idx % isz != 0) {
    if (!(tmp = kiln_malloc(ibytes))) return ir_node_fail(d, n, "out of memory");
    memcpy(tmp, idx, ibytes);
    idx = tmp;
  }
  if (ix->dtype == IR_I64) kiln_gather_i64__c(&p, ir_in(g, n, 0)->data, idx, out);
  else kiln_gather_i32__c(&p, ir_in(g, n, 0)->data, idx, out);
  free(tmp);
  return 0;
}

static int gather_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_gather_params p;
  gather_params(g, n, &p);
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  const char *k = ir_in(g, n, 1)->dtype == IR_I64 ? "kiln_gather_i64__c" : "kiln_gather_i32__c";
  if (emit_use(e, k) < 0) return -1;
  char id[64];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_gather_params %s_p = {%lld, %lld, %lld, %lld};\n", id,
            (long long)p.outer, (long long)p.axis_dim, (long long)p.n_idx, (long long)p.inner);
  emit_code(e, "%s(&%s_p, %s, %s, %s);\n", k, id, emit_bytes(e, n->inputs[0]),
            emit_ref(e, n->inputs[1]), emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_Gather = {
  .name = "Gather", .domain = "", .since = 1, .until = 0, .attrs = "axis",
  .infer = gather_infer, .eval = gather_eval, .emit = gather_emit, .flags = 0,
};
