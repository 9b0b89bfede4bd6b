/* fuse_silu.c - fold SiLU written as Mul(x, Sigmoid(x)) (how PyTorch
 * exports nn.SiLU before opset 22's Swish) into the epilogue of the
 * Conv/Gemm/MatMul that produces x:
 *     x = conv(..) ; s = Sigmoid(x) ; y = Mul(x, s)   becomes   y = silu(conv(..))
 * Legal when x and s have no other readers, all three are float32 with one
 * shape, and the producer has no activation yet. One pass over y instead of
 * three over x. */
#include "passes.h"
#include "../ops/op.h"

#include <string.h>

static int is_op(const ir_node *n, const char *type) {
  return !n->dead && n->def && strcmp(n->op_type, type) == 0 && (!n->domain || !n->domain[0]);
}

/* 1 when t is no graph output and nodes a and b are its only readers. */
static int readers_are(const ir_graph *g, int t, int a, int b) {
  if (g->tensors[t].is_output || g->tensors[t].n_uses != 2) return 0;
  for (int k = 0; k < g->n_nodes; k++) {
    const ir_node *n = &g->nodes[k];
    if (n->dead || k == a || k == b) continue;
    for (int i = 0; i < n->n_inputs; i++)
      if (n->inputs[i] == t) return 0;
    if (n->fused_add == t) return 0;
  }
  return 1;
}

int pass_fuse_silu(kiln_diag *d, ir_graph *g) {
  (void)d;
  ir_recount_uses(g);
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *mul = &g->nodes[k];
    if (!is_op(mul, "Mul") || mul->n_inputs != 2 || mul->n_outputs < 1 || mul->outputs[0] < 0) continue;
    for (int side = 0; side < 2; side++) {
      const int x = mul->inputs[side], s = mul->inputs[1 - side];
      if (x < 0 || s < 0 || x == s) continue;
      const int si = g->tensors[s].producer, pi = g->tensors[x].producer;
      if (si < 0 || pi < 0 || !is_op(&g->nodes[si], "Sigmoid")) continue;
      ir_node *sig = &g->nodes[si], *p = &g->nodes[pi];
      if (sig->n_inputs != 1 || sig->inputs[0] != x || pass_sole_consumer(g, s) != k) continue;
      if (p->dead || !p->def || !(p->def->flags & OP_EPILOGUE) || p->act != IR_ACT_NONE ||
          p->n_outputs < 1 || p->outputs[0] != x || !readers_are(g, x, si, k))
        continue;
      const ir_tensor *tx = &g->tensors[x], *ty = &g->tensors[mul->outputs[0]];
      if (tx->dtype != IR_F32 || ty->dtype != IR_F32 || tx->rank != ty->rank) continue;
      int same = 1;
      for (int i = 0; i < tx->rank; i++) same &= tx->dims[i] == ty->dims[i];
      if (!same) continue;
      p->act = IR_ACT_SILU;
      p->act_alpha = p->act_beta = 0.0f;
      p->outputs[0] = mul->outputs[0];
      sig->dead = mul->dead = 1;
      pass_note_fused(p, "SiLU");
      ir_recount_uses(g);
      break;
    }
  }
  return 0;
}
