/* fuse_common.c - small helpers shared by the fusion passes, and the driver
 * that runs every pass in order. */
#include "passes.h"

#include <string.h>

void pass_note_fused(ir_node *n, const char *what) {
  size_t len = strlen(n->fused);
  if (len + strlen(what) + 2 >= sizeof n->fused) return;
  if (len) strcat(n->fused, "+");
  strcat(n->fused, what);
}

int pass_sole_consumer(const ir_graph *g, int t) {
  if (g->tensors[t].is_output || g->tensors[t].n_uses != 1) return -1;
  for (int k = 0; k < g->n_nodes; k++) {
    const ir_node *n = &g->nodes[k];
    if (n->dead) continue;
    for (int i = 0; i < n->n_inputs; i++)
      if (n->inputs[i] == t) return k;
    if (n->fused_add == t) return k;
  }
  return -1;
}

int pass_run_all(kiln_diag *d, ir_graph *g, pass_shape_binding *b, int nb) {
  if (pass_infer(d, g, b, nb)) return -1;
  int ng = pass_gradient(d, g);
  if (ng < 0 || (ng > 0 && pass_infer(d, g, b, nb))) return -1;
  if (pass_dce(d, g)) return -1;
  if (pass_fuse_bn(d, g)) return -1;
  if (pass_fuse_add(d, g)) return -1;
  if (pass_fuse_silu(d, g)) return -1;
  if (pass_fuse_act(d, g)) return -1;
  if (pass_dce(d, g)) return -1;
  if (pass_views(d, g)) return -1;
  if (pass_inplace(d, g)) return -1;
  return 0;
}
