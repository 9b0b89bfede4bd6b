/* views.c - Reshape, Flatten, Squeeze, Unsqueeze, Identity and Dropout
 * change only the shape: their output shares its input's storage and the
 * node emits no code. */
#include "passes.h"
#include "../ops/op.h"

int pass_views(kiln_diag *d, ir_graph *g) {
  (void)d;
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead || !n->def || !(n->def->flags & OP_VIEW)) continue;
    ir_tensor *o = ir_out(g, n, 0);
    if (!o || n->inputs[0] < 0) continue;
    o->alias_of = n->inputs[0];
    o->alias_offset = 0;
  }
  return 0;
}
