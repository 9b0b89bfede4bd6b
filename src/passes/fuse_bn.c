/* fuse_bn.c - fold an inference BatchNormalization into the Conv before it.
 *
 * BN(y) = (y - mean) * s + bias with s = scale / sqrt(var + eps), per
 * output channel. For y = conv(x, W) + B this is conv(x, W * s) +
 * ((B - mean) * s + bias): new constant W and B replace the old ones.
 */
#include "passes.h"
#include "../ops/op.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int is_const_f32(const ir_tensor *t) { return t && t->data && t->dtype == IR_F32; }

static int fuse_one(kiln_diag *d, ir_graph *g, int bn_idx) {
  ir_node *bn = &g->nodes[bn_idx];
  if (bn->n_inputs < 5 || bn->n_outputs < 1 || bn->inputs[0] < 0) return 0;
  for (int i = 1; i < bn->n_outputs; i++)
    if (bn->outputs[i] >= 0) return 0; /* training outputs requested */
  if (ir_attr_int(bn, "training_mode", 0) != 0) return 0; /* batch statistics: not foldable */
  int x = bn->inputs[0];
  int p_idx = g->tensors[x].producer;
  if (p_idx < 0 || pass_sole_consumer(g, x) != bn_idx) return 0;
  ir_node *p = &g->nodes[p_idx];
  if (p->dead || strcmp(p->op_type, "Conv") != 0 || p->act != IR_ACT_NONE || p->fused_add >= 0)
    return 0;
  ir_tensor *w = ir_in(g, p, 1), *b = ir_in(g, p, 2);
  if (!is_const_f32(w) || (b && !is_const_f32(b)) || w->rank < 3) return 0;
  int64_t m = w->dims[0];
  ir_tensor *sc = ir_in(g, bn, 1), *bi = ir_in(g, bn, 2), *mu = ir_in(g, bn, 3), *va = ir_in(g, bn, 4);
  ir_tensor *ps[4] = {sc, bi, mu, va};
  for (int i = 0; i < 4; i++)
    if (!is_const_f32(ps[i]) || ir_numel(ps[i]) != m) return 0;
  float eps = 1e-5f;
  for (int i = 0; i < bn->n_attrs; i++)
    if (strcmp(bn->attrs[i].name, "epsilon") == 0) eps = bn->attrs[i].f;

  /* New tensors may move g->tensors: work with indices from here on. */
  int wi = p->inputs[1], bi_old = p->n_inputs > 2 ? p->inputs[2] : -1;
  char name[512];
  snprintf(name, sizeof name, "%s/W_bn", p->name);
  int nw = ir_add_tensor(g, name);
  snprintf(name, sizeof name, "%s/B_bn", p->name);
  int nb = ir_add_tensor(g, name);
  if (nw < 0 || nb < 0) return kiln_fail(d, "out of memory");
  p = &g->nodes[p_idx];
  bn = &g->nodes[bn_idx];
  ir_tensor *W = &g->tensors[wi], *NW = &g->tensors[nw], *NB = &g->tensors[nb];
  ir_set_shape(NW, IR_F32, W->rank, W->dims);
  int64_t mdim[1] = {m};
  ir_set_shape(NB, IR_F32, 1, mdim);
  float *wd = ir_alloc_data(NW), *bd = ir_alloc_data(NB);
  if (!wd || !bd) return kiln_fail(d, "out of memory");
  const float *w0 = W->data;
  int64_t per = ir_numel(W) / (m ? m : 1);
  const ir_tensor *B = bi_old >= 0 ? &g->tensors[bi_old] : NULL;
  sc = ir_in(g, bn, 1); bi = ir_in(g, bn, 2); mu = ir_in(g, bn, 3); va = ir_in(g, bn, 4);
  for (int64_t o = 0; o < m; o++) {
    /* float math in double: the fold should not add rounding of its own */
    double s = ir_get_f64(sc, o) / sqrt(ir_get_f64(va, o) + (double)eps);
    for (int64_t k = 0; k < per; k++) wd[o * per + k] = (float)((double)w0[o * per + k] * s);
    double b0 = B ? ir_get_f64(B, o) : 0.0;
    bd[o] = (float)((b0 - ir_get_f64(mu, o)) * s + ir_get_f64(bi, o));
  }
  if (p->n_inputs < 3) {
    int *ins = kiln_realloc(p->inputs, 3 * sizeof(int));
    if (!ins) return kiln_fail(d, "out of memory");
    p->inputs = ins;
    p->n_inputs = 3;
  }
  p->inputs[1] = nw;
  p->inputs[2] = nb;
  p->outputs[0] = bn->outputs[0];
  bn->dead = 1;
  pass_note_fused(p, "BN");
  return 1;
}

int pass_fuse_bn(kiln_diag *d, ir_graph *g) {
  ir_recount_uses(g);
  for (int k = 0; k < g->n_nodes; k++) {
    if (g->nodes[k].dead || strcmp(g->nodes[k].op_type, "BatchNormalization") != 0) continue;
    int r = fuse_one(d, g, k);
    if (r < 0) return -1;
    if (r) ir_recount_uses(g);
  }
  return 0;
}
