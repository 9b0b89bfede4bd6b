/* constant.c - Constant: the output is the attribute's value.
 *
 * `value` (tensor) in every opset; value_float(s)/value_int(s) from opset
 * 12 (float32 / int64, scalar or 1-D). Exactly one must be given.
 * sparse_value and string values are rejected with a clear error. The
 * output is made constant in infer, so Constant never reaches emit.
 */
#include "op.h"
#include "../emit/emit.h"

#include <string.h>

static int constant_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  static const char *const names[] = {"value", "value_float", "value_floats", "value_int",
                                      "value_ints", "value_string", "value_strings", "sparse_value"};
  ir_attr *a = NULL;
  int count = 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    ir_attr *f = ir_attr_find(n, names[i]);
    if (f) { a = f; count++; }
  }
  if (count != 1)
    return ir_node_fail(d, n, "needs exactly one of the attributes value, value_float, "
                        "value_floats, value_int, value_ints (got %d)", count);
  if (strcmp(a->name, "sparse_value") == 0)
    return ir_node_fail(d, n, "attribute 'sparse_value' (a sparse tensor) is not supported by kiln");
  if (strcmp(a->name, "value_string") == 0 || strcmp(a->name, "value_strings") == 0)
    return ir_node_fail(d, n, "attribute '%s': string constants are not supported by kiln "
                        "(kiln supports numeric and bool tensors only)", a->name);
  if (strcmp(a->name, "value") != 0 && n->opset < 12)
    return ir_node_fail(d, n, "attribute '%s' needs opset 12", a->name);

  if (strcmp(a->name, "value") == 0) {
    ir_tensor *t = a->t;
    if (a->type != IR_ATTR_TENSOR || !t)
      return ir_node_fail(d, n, "attribute 'value' must be a tensor");
    if (t->dtype == IR_STRING)
      return ir_node_fail(d, n, "attribute 'value' is a string tensor; kiln supports numeric and "
                          "bool tensors only");
    if (ir_dtype_size(t->dtype) == 0)
      return ir_node_fail(d, n, "attribute 'value' has unsupported dtype %s", ir_dtype_name(t->dtype));
    if (t->rank < 0 || t->rank > IR_MAX_RANK)
      return ir_node_fail(d, n, "attribute 'value' has rank %d; kiln supports 0..%d", t->rank,
                          IR_MAX_RANK);
    int64_t nb = ir_nbytes(t);
    if (nb < 0 || (nb > 0 && (!t->data || t->nbytes < (size_t)nb)))
      return ir_node_fail(d, n, "attribute 'value' has %zu bytes of data, expected %lld",
                          t->data ? t->nbytes : 0, (long long)nb);
    ir_set_shape(y, t->dtype, t->rank, t->dims);
    void *p = ir_alloc_data(y);
    if (!p) return ir_node_fail(d, n, "out of memory");
    if (nb) memcpy(p, t->data, (size_t)nb);
    return 0;
  }

  /* value_float / value_int: float32 / int64 scalar; value_floats / value_ints: 1-D. */
  int is_float = strncmp(a->name, "value_float", 11) == 0;
  int is_list = a->name[strlen(a->name) - 1] == 's';
  ir_attr_type want = is_list ? (is_float ? IR_ATTR_FLOATS : IR_ATTR_INTS)
                              : (is_float ? IR_ATTR_FLOAT : IR_ATTR_INT);
  if (a->type != want) return ir_node_fail(d, n, "attribute '%s' has the wrong type", a->name);
  int64_t len = is_list ? a->n : 1;
  ir_set_shape(y, is_float ? IR_F32 : IR_I64, is_list ? 1 : 0, &len);
  void *p = ir_alloc_data(y);
  if (!p) return ir_node_fail(d, n, "out of memory");
  const void *src = is_list ? (is_float ? (const void *)a->floats : (const void *)a->ints)
                            : (is_float ? (const void *)&a->f : (const void *)&a->i);
  if (len) memcpy(p, src, (size_t)len * (is_float ? sizeof(float) : sizeof(int64_t)));
  return 0;
}

static int constant_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return constant_infer(d, g, n); }

static int constant_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  (void)g;
  return ir_node_fail(emit_diag(e), n, "internal error: Constant's output should have been "
                      "folded into the weights");
}

const op_def op_Constant = {
  .name = "Constant", .domain = "", .since = 1, .until = 0,
  .attrs = "value value_float value_floats value_int value_ints value_string value_strings "
           "sparse_value",
  .infer = constant_infer, .eval = constant_eval, .emit = constant_emit, .flags = 0,
};
