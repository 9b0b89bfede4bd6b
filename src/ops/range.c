/* range.c - Range(start, limit, delta): 1-D sequence start + i*delta of
 * length max(ceil((limit - start) / delta), 0).
 *
 * All three inputs must be constant scalars (kiln needs static shapes), so
 * the output is computed right in infer and Range never reaches emit.
 * Integer types count exactly in integer arithmetic; float types use the
 * spec's ceil((limit - start) / delta), the difference taken in the input
 * type and the division in double (as ONNX Runtime does). Float values are
 * accumulated (v += delta) in the input type like the spec's function body
 * and ONNX Runtime, not computed as start + i*delta (numpy), so rounding
 * matches the reference bit for bit.
 * float16/bfloat16 (opset 27) compute in the stash_type (float32 by
 * default, or float64) as start + i * delta, like numpy.arange in the ONNX
 * reference, and round each value to the output type (nearest even).
 */
#include "op.h"
#include "../passes/passes.h"
#include "../emit/emit.h"

#include <math.h>

static int range_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 2) < 0) return -1;
  ir_tensor *y = ir_out(g, n, 0), *in[3];
  static const char *const names[3] = {"start", "limit", "delta"};
  static const ir_dtype ok[] = {IR_F32, IR_F64, IR_F16, IR_BF16, IR_I16, IR_I32, IR_I64,
                                IR_UNDEFINED};
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  for (int i = 0; i < 3; i++) {
    in[i] = ir_in(g, n, i);
    if (op_check_dtype(d, n, in[i], i, ok) < 0) return -1;
    if (in[i]->dtype != in[0]->dtype)
      return ir_node_fail(d, n, "input %d '%s' has dtype %s but 'start' has %s", i, names[i],
                          ir_dtype_name(in[i]->dtype), ir_dtype_name(in[0]->dtype));
    if (ir_numel(in[i]) != 1)
      return ir_node_fail(d, n, "input %d '%s' must be a scalar", i, names[i]);
    if (!in[i]->data || in[i]->nbytes < ir_dtype_size(in[i]->dtype))
      return ir_node_fail(d, n, "input %d '%s' must be a constant (computed at compile time); kiln "
                          "needs static shapes", i, names[i]);
  }
  ir_dtype dt = in[0]->dtype;
  const int64_t stash = ir_attr_int(n, "stash_type", 1);
  if (n->opset < 27 && ir_attr_find(n, "stash_type"))
    return ir_node_fail(d, n, "attribute 'stash_type' requires opset 27 or later");
  if (stash != 1 && stash != 11)
    return ir_node_fail(d, n, "attribute 'stash_type' is %lld; expected 1 (float) or 11 (double)",
                        (long long)stash);
  const int low = dt == IR_F16 || dt == IR_BF16;
  int64_t len;
  if (ir_dtype_is_int(dt)) {
    int64_t s = ir_get_i64(in[0], 0), l = ir_get_i64(in[1], 0), dl = ir_get_i64(in[2], 0);
    if (dl == 0) return ir_node_fail(d, n, "delta is 0");
    /* ceil((l - s) / dl) without overflow: the distance in uint64. */
    if (dl > 0) len = l > s ? (int64_t)(((uint64_t)l - (uint64_t)s - 1) / (uint64_t)dl) + 1 : 0;
    else len = s > l ? (int64_t)(((uint64_t)s - (uint64_t)l - 1) / (0 - (uint64_t)dl)) + 1 : 0;
  } else {
    double s = ir_get_f64(in[0], 0), l = ir_get_f64(in[1], 0), dl = ir_get_f64(in[2], 0);
    if (dl == 0) return ir_node_fail(d, n, "delta is 0");
    double diff = dt == IR_F32 ? (double)((float)l - (float)s) : l - s; /* low: exact */
    double c = ceil(diff / dl);
    if (!(c == c) || c > 1e12)
      return ir_node_fail(d, n, "Range(%g, %g, %g) has too many elements", s, l, dl);
    len = c > 0 ? (int64_t)c : 0;
  }
  ir_set_shape(y, dt, 1, &len);
  /* Range is always computed here; a huge one would be a huge constant. */
  if (ir_nbytes(y) < 0 || ir_nbytes(y) > PASS_FOLD_MAX_BYTES)
    return ir_node_fail(d, n, "output of %lld elements is larger than kiln computes at compile time "
                        "(%lld bytes at most)", (long long)len, (long long)PASS_FOLD_MAX_BYTES);
  void *p = ir_alloc_data(y);
  if (!p) return ir_node_fail(d, n, "out of memory (output has %lld elements)", (long long)len);
  if (ir_dtype_is_int(dt)) {
    uint64_t s = (uint64_t)ir_get_i64(in[0], 0), dl = (uint64_t)ir_get_i64(in[2], 0);
    for (int64_t i = 0; i < len; i++) ir_put_i64(p, dt, i, (int64_t)(s + (uint64_t)i * dl));
  } else if (low && stash == 1) { /* numpy.arange(dtype=float32), then rounded */
    float s0 = (float)ir_get_f64(in[0], 0), dl = (float)ir_get_f64(in[2], 0);
    for (int64_t i = 0; i < len; i++) ir_put_f64(p, dt, i, (double)(s0 + (float)i * dl));
  } else if (low) {
    double s0 = ir_get_f64(in[0], 0), dl = ir_get_f64(in[2], 0);
    for (int64_t i = 0; i < len; i++) ir_put_f64(p, dt, i, s0 + (double)i * dl);
  } else if (dt == IR_F32) { /* accumulate in the input type, as the spec's function body */
    float v = (float)ir_get_f64(in[0], 0), dl = (float)ir_get_f64(in[2], 0);
    for (int64_t i = 0; i < len; i++, v += dl) ir_put_f64(p, dt, i, v);
  } else {
    double v = ir_get_f64(in[0], 0), dl = ir_get_f64(in[2], 0);
    for (int64_t i = 0; i < len; i++, v += dl) ir_put_f64(p, dt, i, v);
  }
  return 0;
}

static int range_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return range_infer(d, g, n); }

static int range_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  (void)g;
  return ir_node_fail(emit_diag(e), n, "internal error: Range's output should have been folded");
}

const op_def op_Range = {
  .name = "Range", .domain = "", .since = 11, .until = 0, .attrs = "stash_type",
  .infer = range_infer, .eval = range_eval, .emit = range_emit, .flags = 0,
};
