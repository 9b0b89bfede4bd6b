/* fuse_act.c - fold an activation (Relu, Clip, Sigmoid, HardSwish, ...)
 * into the epilogue of the Conv/Gemm/MatMul that feeds it. */
#include "passes.h"
#include "../ops/op.h"

int pass_fuse_act(kiln_diag *d, ir_graph *g) {
  (void)d;
  ir_recount_uses(g);
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead || !n->def || !(n->def->flags & OP_ACTIVATION) || !n->def->as_act) continue;
    if (n->n_inputs < 1 || n->inputs[0] < 0 || n->n_outputs < 1 || n->outputs[0] < 0) continue;
    int x = n->inputs[0];
    int p_idx = g->tensors[x].producer;
    if (p_idx < 0 || pass_sole_consumer(g, x) != k) continue;
    ir_node *p = &g->nodes[p_idx];
    if (p->dead || !p->def || !(p->def->flags & OP_EPILOGUE) || p->act != IR_ACT_NONE) continue;
    if (g->tensors[x].dtype != IR_F32 || p->outputs[0] != x) continue;
    ir_act act;
    float alpha = 0, beta = 0;
    if (!n->def->as_act(g, n, &act, &alpha, &beta)) continue;
    p->act = act;
    p->act_alpha = alpha;
    p->act_beta = beta;
    p->outputs[0] = n->outputs[0];
    n->dead = 1;
    pass_note_fused(p, n->op_type);
    ir_recount_uses(g);
  }
  return 0;
}
