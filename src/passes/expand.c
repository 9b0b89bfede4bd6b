/* expand.c - replace a node by the nodes its op decomposes into.
 *
 * Called by pass_infer when it reaches a node whose op has an expand hook
 * (op.h): the inputs' shapes and dtypes are known by then, so the hook can
 * build shape-specific nodes. The hook appends its nodes at the end of the
 * node array; here they are rotated into positions k + 1 .. so the graph
 * stays topologically ordered, node k is marked dead and producers are
 * recounted. pass_infer then infers the new nodes like any other.
 */
#include "passes.h"
#include "../ops/op.h"

#include <stdlib.h>
#include <string.h>

int pass_expand_node(kiln_diag *d, ir_graph *g, int k) {
  const int before = g->n_nodes;
  if (g->nodes[k].def->expand(d, g, k)) {
    if (!d->failed) ir_node_fail(d, &g->nodes[k], "expansion failed");
    return -1;
  }
  const int m = g->n_nodes - before;
  if (m > 0 && k + 1 < before) { /* rotate [k+1, before) and [before, n) */
    ir_node *tmp = kiln_malloc((size_t)m * sizeof *tmp);
    if (!tmp) return kiln_fail(d, "out of memory");
    memcpy(tmp, g->nodes + before, (size_t)m * sizeof *tmp);
    memmove(g->nodes + k + 1 + m, g->nodes + k + 1, (size_t)(before - k - 1) * sizeof *tmp);
    memcpy(g->nodes + k + 1, tmp, (size_t)m * sizeof *tmp);
    free(tmp);
  }
  g->nodes[k].dead = 1;
  ir_recount_uses(g);
  return 0;
}
