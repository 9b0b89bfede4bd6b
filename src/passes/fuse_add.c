/* fuse_add.c - fold a residual Add into its producer's epilogue:
 * y = conv(x) ; z = y + r   becomes   z = conv(x) + r  (one pass over z).
 * Legal when y has no other reader, r has z's exact shape and dtype (no
 * broadcasting) and r is computed before the producer runs. */
#include "passes.h"
#include "../ops/op.h"

#include <string.h>

static int same_shape(const ir_tensor *a, const ir_tensor *b) {
  if (a->rank != b->rank || a->dtype != b->dtype) return 0;
  for (int i = 0; i < a->rank; i++)
    if (a->dims[i] != b->dims[i]) return 0;
  return 1;
}

static int try_fuse(ir_graph *g, int add_idx, int y, int r) {
  ir_node *add = &g->nodes[add_idx];
  int p_idx = g->tensors[y].producer;
  if (p_idx < 0 || pass_sole_consumer(g, y) != add_idx) return 0;
  ir_node *p = &g->nodes[p_idx];
  if (p->dead || !p->def || !(p->def->flags & OP_EPILOGUE)) return 0;
  if (p->act != IR_ACT_NONE || p->fused_add >= 0 || p->n_outputs < 1 || p->outputs[0] != y) return 0;
  const ir_tensor *z = &g->tensors[add->outputs[0]];
  if (z->dtype != IR_F32 || !same_shape(&g->tensors[y], z) || !same_shape(&g->tensors[r], z)) return 0;
  if (g->tensors[r].producer >= p_idx) return 0;
  p->fused_add = r;
  p->outputs[0] = add->outputs[0];
  add->dead = 1;
  pass_note_fused(p, "Add");
  return 1;
}

int pass_fuse_add(kiln_diag *d, ir_graph *g) {
  (void)d;
  ir_recount_uses(g);
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead || strcmp(n->op_type, "Add") != 0 || n->n_inputs != 2 || n->inputs[0] < 0 ||
        n->inputs[1] < 0 || n->n_outputs != 1)
      continue;
    int a = n->inputs[0], b = n->inputs[1];
    /* Prefer fusing into the later producer: the other operand must be ready. */
    int first = g->tensors[a].producer >= g->tensors[b].producer ? a : b;
    int second = first == a ? b : a;
    if (try_fuse(g, k, first, second) || try_fuse(g, k, second, first)) ir_recount_uses(g);
  }
  return 0;
}
