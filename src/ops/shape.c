/* shape.c - Shape: the input's dims as a 1-D int64 tensor.
 *
 * Shapes are static in kiln, so the output is made constant right in
 * infer: downstream shape arithmetic (Gather/Unsqueeze/Concat/Reshape as
 * exported by PyTorch) then folds away and Shape never reaches emit.
 * Opset 15 adds start/end (negative from the back, clamped to [0, rank]).
 */
#include "op.h"
#include "../emit/emit.h"

static int shape_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  int64_t r = x->rank, start = 0, end = r;
  if (n->opset >= 15) {
    start = ir_attr_int(n, "start", 0);
    end = ir_attr_int(n, "end", r);
  } else if (ir_attr_find(n, "start") || ir_attr_find(n, "end")) {
    return ir_node_fail(d, n, "attributes 'start'/'end' need opset 15");
  }
  if (start < 0) start += r;
  if (end < 0) end += r;
  start = start < 0 ? 0 : (start > r ? r : start);
  end = end < 0 ? 0 : (end > r ? r : end);
  int64_t len = end > start ? end - start : 0;
  ir_set_shape(y, IR_I64, 1, &len);
  void *p = ir_alloc_data(y);
  if (!p) return ir_node_fail(d, n, "out of memory");
  for (int64_t i = 0; i < len; i++) ir_put_i64(p, IR_I64, i, x->dims[start + i]);
  return 0;
}

/* infer already made the output constant; eval just recomputes it. */
static int shape_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return shape_infer(d, g, n); }

static int shape_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  (void)g;
  return ir_node_fail(emit_diag(e), n, "internal error: Shape's output is a compile-time constant "
                      "and should have been folded");
}

const op_def op_Shape = {
  .name = "Shape", .domain = "", .since = 1, .until = 0, .attrs = "start end",
  .infer = shape_infer, .eval = shape_eval, .emit = shape_emit, .flags = 0,
};
