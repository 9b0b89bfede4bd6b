/* fold.c - constant folding through each op's reference implementation.
 *
 * A node whose inputs are all constant is evaluated at compile time with
 * the op's eval(), which calls the same kernels the package would run.
 */
#include "passes.h"
#include "../ops/op.h"

int pass_fold_node(kiln_diag *d, ir_graph *g, ir_node *n, int *folded) {
  *folded = 0;
  int all_const = 1;
  for (int i = 0; i < n->n_outputs; i++) {
    ir_tensor *t = ir_out(g, n, i);
    if (t && !t->data) all_const = 0;
  }
  if (all_const && n->n_outputs > 0) { /* infer made the outputs constant (Shape, Constant) */
    n->dead = 1;
    *folded = 1;
    return 0;
  }
  if (!n->def->eval || (n->def->flags & OP_NO_FOLD)) return 0;
  for (int i = 0; i < n->n_inputs; i++) {
    ir_tensor *t = ir_in(g, n, i);
    if (t && !t->data) return 0;
  }
  int64_t total = 0;
  for (int i = 0; i < n->n_outputs; i++) {
    ir_tensor *t = ir_out(g, n, i);
    if (t) total += ir_nbytes(t);
  }
  if (total > PASS_FOLD_MAX_BYTES) return 0;
  if (n->def->eval(d, g, n)) {
    if (!d->failed) ir_node_fail(d, n, "constant folding failed");
    return -1;
  }
  for (int i = 0; i < n->n_outputs; i++) {
    ir_tensor *t = ir_out(g, n, i);
    if (t && !t->data) return ir_node_fail(d, n, "internal: eval left output %d unset", i);
  }
  n->dead = 1;
  *folded = 1;
  return 0;
}
