/* math2.c - Size.
 *
 * The other ops of the math2 family share the elementwise tables: Acos..Sinh,
 * Softsign, Celu, ThresholdedRelu, Shrink, Swish, Mish, Gelu, IsNaN, IsInf
 * and BitwiseNot are rows of src/ops/unary.c; Mod, BitShift, BitwiseAnd/Or/
 * Xor, Sum, Mean and PRelu rows of src/ops/binary.c. Their kernels live in
 * src/kernels/math2.c.
 *
 * CastLike lives with Cast in src/ops/cast.c.
 *
 * Size: the input's element count as an int64 scalar. Shapes are static, so
 * infer makes the output constant (as Shape does) and it always folds.
 */
#include "op.h"
#include "../emit/emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Size ---------------------------------------------------------------- */

static int size_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 1) return ir_node_fail(d, n, "expected 1 input, got %d", n->n_inputs);
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output, got %d", n->n_outputs);
  int64_t cnt = ir_numel(x);
  if (cnt < 0) return ir_node_fail(d, n, "input shape is unknown or too large");
  ir_set_shape(y, IR_I64, 0, NULL);
  void *p = ir_alloc_data(y);
  if (!p) return ir_node_fail(d, n, "out of memory");
  ir_put_i64(p, IR_I64, 0, cnt);
  return 0;
}

/* infer already made the output constant; eval just recomputes it. */
static int size_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return size_infer(d, g, n); }

static int size_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  (void)g;
  return ir_node_fail(emit_diag(e), n, "internal error: Size's output is a compile-time constant "
                      "and should have been folded");
}

const op_def op_Size = {.name = "Size", .domain = "", .since = 1, .until = 0, .attrs = "",
                        .infer = size_infer, .eval = size_eval, .emit = size_emit, .flags = 0,
                        .as_act = NULL};
