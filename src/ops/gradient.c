/* gradient.c - ai.onnx.preview.training Gradient (opset 1): dY/dX for each
 * X named in attribute xs, Y named by attribute y.
 *
 * Only checked and shaped here (each output has its X's dtype and shape);
 * src/passes/gradient.c then replaces the node with the gradient nodes it
 * derives from the forward graph, so Gradient never reaches eval or emit.
 */
#include "op.h"
#include "../emit/emit.h"

#include <string.h>

static int grad_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_attr *xs = ir_attr_find(n, "xs");
  const char *y = ir_attr_str(n, "y", NULL);
  (void)ir_attr_find(n, "zs");
  if (!xs || xs->type != IR_ATTR_STRINGS) return ir_node_fail(d, n, "attribute 'xs' (strings) is required");
  xs->used = 1;
  if (!y || ir_find_tensor(g, y) < 0) return ir_node_fail(d, n, "attribute 'y' must name a tensor of the graph");
  const ir_tensor *yt = &g->tensors[ir_find_tensor(g, y)];
  if (!ir_dtype_is_float(yt->dtype))
    return ir_node_fail(d, n, "y '%s' has dtype %s; gradients need a float type", y, ir_dtype_name(yt->dtype));
  if (n->n_outputs != xs->n)
    return ir_node_fail(d, n, "%d outputs for %d names in 'xs'; expected one gradient per x",
                        n->n_outputs, xs->n);
  if (n->n_inputs < xs->n)
    return ir_node_fail(d, n, "expected the %d tensors of 'xs' as its first inputs", xs->n);
  for (int j = 0; j < xs->n; j++) {
    const ir_tensor *x = ir_in(g, n, j);
    if (!x || strcmp(x->name, xs->strings[j]) != 0)
      return ir_node_fail(d, n, "input %d is not xs[%d] '%s'", j, j, xs->strings[j]);
    if (x->dtype != yt->dtype)
      return ir_node_fail(d, n, "x '%s' has dtype %s but y has %s", x->name, ir_dtype_name(x->dtype),
                          ir_dtype_name(yt->dtype));
    ir_tensor *o = ir_out(g, n, j);
    if (o) ir_set_shape(o, x->dtype, x->rank, x->dims);
  }
  return 0;
}

static int grad_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  (void)g;
  return ir_node_fail(emit_diag(e), n, "internal error: Gradient should have been expanded by the "
                      "gradient pass");
}

const op_def op_Gradient = {.name = "Gradient", .domain = "ai.onnx.preview.training", .since = 1,
                            .until = 0, .attrs = "xs y zs", .infer = grad_infer, .eval = NULL,
                            .emit = grad_emit, .flags = OP_NO_FOLD};
