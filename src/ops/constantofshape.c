/* constantofshape.c - ConstantOfShape: a tensor of the shape given by the
 * constant 1-D int64 input, filled with `value` (a one-element tensor
 * attribute; default float32 0).
 *
 * Outputs up to PASS_FOLD_MAX_BYTES bytes are made constant right in infer (masks
 * and zero states then fold on through their consumers). Larger ones would
 * bloat the weights blob, so, like the fold pass, we leave them to run time:
 * the package fills them with kiln_fill__c.
 */
#include "op.h"
#include "../passes/passes.h"
#include "../emit/emit.h"
#include "../kernels/copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Validates the node; sets the output's dtype/shape and *val to the fill
 * value's bytes (NULL = zero). */
static int cos_check(kiln_diag *d, ir_graph *g, ir_node *n, const void **val) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *s = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (s->dtype != IR_I64)
    return ir_node_fail(d, n, "input 0 'input' has dtype %s; expected int64", ir_dtype_name(s->dtype));
  if (!s->data)
    return ir_node_fail(d, n, "input 0 'input' must be a constant (computed at compile time); kiln "
                        "needs static shapes");
  if (s->rank != 1) return ir_node_fail(d, n, "input 0 'input' must be 1-D, got rank %d", s->rank);
  int64_t k = s->dims[0];
  if (k > IR_MAX_RANK)
    return ir_node_fail(d, n, "output rank %lld exceeds kiln's limit of %d", (long long)k, IR_MAX_RANK);
  if (s->nbytes < (size_t)k * 8) return ir_node_fail(d, n, "input 0 'input' has no valid data");
  int64_t dims[IR_MAX_RANK];
  for (int i = 0; i < k; i++) {
    dims[i] = ir_get_i64(s, i);
    if (dims[i] < 0)
      return ir_node_fail(d, n, "shape[%d] = %lld is negative", i, (long long)dims[i]);
  }
  ir_dtype dt = IR_F32;
  *val = NULL;
  ir_attr *a = ir_attr_find(n, "value");
  if (a) {
    ir_tensor *t = a->t;
    if (a->type != IR_ATTR_TENSOR || !t) return ir_node_fail(d, n, "attribute 'value' must be a tensor");
    if (t->dtype == IR_STRING || ir_dtype_size(t->dtype) == 0)
      return ir_node_fail(d, n, "attribute 'value' has dtype %s; kiln supports numeric and bool "
                          "tensors only", ir_dtype_name(t->dtype));
    if (ir_numel(t) != 1)
      return ir_node_fail(d, n, "attribute 'value' must have exactly one element, got %lld",
                          (long long)ir_numel(t));
    if (!t->data || t->nbytes < ir_dtype_size(t->dtype))
      return ir_node_fail(d, n, "attribute 'value' has no data");
    dt = t->dtype;
    *val = t->data;
  }
  ir_set_shape(y, dt, (int)k, dims);
  if (ir_nbytes(y) < 0) return ir_node_fail(d, n, "output is too large");
  return 0;
}

static int cos_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  const void *val;
  if (cos_check(d, g, n, &val) < 0) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  void *p = ir_alloc_data(y);
  if (!p) return ir_node_fail(d, n, "out of memory (output has %lld elements)", (long long)ir_numel(y));
  if (val) kiln_fill__c(ir_numel(y), (int64_t)ir_dtype_size(y->dtype), val, p); /* else calloc'd zeros */
  return 0;
}

static int cos_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  const void *val;
  if (cos_check(d, g, n, &val) < 0) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  if (ir_nbytes(y) > PASS_FOLD_MAX_BYTES) {
    if (y->data && y->data == y->owned) { /* a previous run made it constant */
      free(y->owned);
      y->owned = NULL;
      y->data = NULL;
      y->nbytes = 0;
    }
    return 0;
  }
  return cos_eval(d, g, n);
}

static int cos_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  const void *val;
  if (cos_check(emit_diag(e), g, n, &val) < 0) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  if (ir_numel(y) == 0) return 0;
  if (emit_use(e, "kiln_fill__c") < 0) return -1;
  unsigned char v[8] = {0};
  size_t es = ir_dtype_size(y->dtype);
  if (val) memcpy(v, val, es);
  char id[64];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const unsigned char %s_v[8] = {%u, %u, %u, %u, %u, %u, %u, %u};\n", id, v[0],
            v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
  emit_code(e, "kiln_fill__c(%lld, %zu, %s_v, %s);\n", (long long)ir_numel(y), es, id,
            emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_ConstantOfShape = {
  .name = "ConstantOfShape", .domain = "", .since = 9, .until = 0, .attrs = "value",
  .infer = cos_infer, .eval = cos_eval, .emit = cos_emit, .flags = 0,
};
