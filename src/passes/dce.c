/* dce.c - dead-node removal: a node lives only if a graph output depends
 * on one of its outputs. */
#include "passes.h"

#include <stdlib.h>

int pass_dce(kiln_diag *d, ir_graph *g) {
  char *needed = kiln_calloc((size_t)g->n_tensors + 1, 1);
  if (!needed) return kiln_fail(d, "out of memory");
  for (int i = 0; i < g->n_outputs; i++) needed[g->outputs[i]] = 1;
  for (int k = g->n_nodes - 1; k >= 0; k--) {
    ir_node *n = &g->nodes[k];
    if (n->dead) continue;
    int live = 0;
    for (int i = 0; i < n->n_outputs; i++)
      if (n->outputs[i] >= 0 && needed[n->outputs[i]]) live = 1;
    if (!live) { n->dead = 1; continue; }
    for (int i = 0; i < n->n_inputs; i++)
      if (n->inputs[i] >= 0) needed[n->inputs[i]] = 1;
    if (n->fused_add >= 0) needed[n->fused_add] = 1;
  }
  free(needed);
  ir_recount_uses(g);
  return 0;
}
