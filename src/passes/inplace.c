/* inplace.c - an elementwise op may write its output over an input that
 * dies at this node (same dtype and size), saving a buffer and cache
 * traffic. Conservative: the input must own its storage, have this node as
 * its only reader and no views onto it; graph inputs, outputs and weights
 * are never overwritten. */
#include "passes.h"
#include "../ops/op.h"

#include <stdlib.h>

int pass_inplace(kiln_diag *d, ir_graph *g) {
  ir_recount_uses(g);
  int *n_alias = kiln_calloc((size_t)g->n_tensors + 1, sizeof(int));
  if (!n_alias) return kiln_fail(d, "out of memory");
  for (int i = 0; i < g->n_tensors; i++)
    if (g->tensors[i].alias_of >= 0) n_alias[g->tensors[i].alias_of]++;
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead || !n->def || !(n->def->flags & OP_INPLACE) || !n->def->emit) continue;
    if (n->n_outputs != 1 || n->outputs[0] < 0) continue;
    ir_tensor *o = &g->tensors[n->outputs[0]];
    if (o->is_output || o->alias_of >= 0 || o->data) continue;
    for (int i = 0; i < n->n_inputs && i < 2; i++) {
      int ti = n->inputs[i];
      if (ti < 0) continue;
      ir_tensor *t = &g->tensors[ti];
      if (t->data || t->is_input || t->is_output || t->alias_of >= 0 || n_alias[ti] || t->producer < 0)
        continue;
      if (t->dtype != o->dtype || ir_nbytes(t) != ir_nbytes(o) || t->n_uses != 1) continue;
      int twice = 0; /* x + x: both inputs are the same tensor */
      for (int j = 0; j < n->n_inputs; j++)
        if (j != i && n->inputs[j] == ti) twice = 1;
      if (twice) continue;
      o->alias_of = ti;
      o->alias_offset = 0;
      n_alias[ti]++;
      break;
    }
  }
  free(n_alias);
  return 0;
}
