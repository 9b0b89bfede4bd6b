/* bitcast.c - BitCast (opset 26): the input's bytes reinterpreted as the
 * dtype named by `to` (a TensorProto.DataType), shape unchanged. Both types
 * must have the same bit width; strings are not allowed.
 *
 * OP_VIEW with emit = NULL: the planner aliases the output to the input's
 * storage, so it costs nothing at run time (when the input is a graph input
 * and the output a graph output, the package copies the bytes). eval copies
 * the bytes for constant folding.
 *
 * kiln stores int4/uint4/float4e2m1 and int2/uint2 unpacked, one element
 * per byte (ir.h), with int4/int2 sign-extended: reinterpreting those bytes
 * between two DIFFERENT sub-byte types would not give the 4-bit (2-bit)
 * reinterpretation, so such pairs are refused.
 */
#include "op.h"

#include <string.h>

static int bitcast_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 1) return ir_node_fail(d, n, "expected 1 input, got %d", n->n_inputs);
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output, got %d", n->n_outputs);
  ir_attr *a = ir_attr_find(n, "to");
  if (!a) return ir_node_fail(d, n, "attribute 'to' is required");
  if (a->type != IR_ATTR_INT)
    return ir_node_fail(d, n, "attribute 'to' must be an int (a TensorProto.DataType)");
  int64_t v = a->i;
  ir_dtype to = (ir_dtype)v;
  if (v < 1 || v > IR_I2 || to == IR_STRING || ir_dtype_size(to) == 0)
    return ir_node_fail(d, n, "BitCast to TensorProto.DataType %lld is not supported (numeric and "
                        "bool types only; complex and string are not)", (long long)v);
  if (x->dtype == IR_STRING || ir_dtype_size(x->dtype) == 0)
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s; BitCast needs a numeric or bool tensor",
                        x->name, ir_dtype_name(x->dtype));
  int bx = ir_dtype_packed_bits(x->dtype), by = ir_dtype_packed_bits(to);
  if (bx != by)
    return ir_node_fail(d, n, "cannot bitcast %s (%d bits) to %s (%d bits): the widths must be "
                        "equal", ir_dtype_name(x->dtype), bx, ir_dtype_name(to), by);
  if (bx < 8 && x->dtype != to)
    return ir_node_fail(d, n, "BitCast from %s to %s is not supported: kiln stores %d-bit "
                        "elements unpacked, one per byte", ir_dtype_name(x->dtype),
                        ir_dtype_name(to), bx);
  ir_set_shape(y, to, x->rank, x->dims);
  return 0;
}

static int bitcast_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!x || !y || !x->data) return ir_node_fail(d, n, "internal error: eval needs a constant input");
  int64_t nb = ir_nbytes(y);
  if (nb < 0 || nb != ir_nbytes(x) || (size_t)nb > x->nbytes)
    return ir_node_fail(d, n, "internal error: output size does not match the input's");
  void *p = ir_alloc_data(y);
  if (!p) return ir_node_fail(d, n, "out of memory");
  if (nb) memcpy(p, x->data, (size_t)nb);
  return 0;
}

const op_def op_BitCast = {
  .name = "BitCast", .domain = "", .since = 26, .until = 0, .attrs = "to",
  .infer = bitcast_infer, .eval = bitcast_eval, .emit = NULL, .flags = OP_VIEW,
};
