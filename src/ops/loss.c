/* loss.c - NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (opset 12+).
 *
 * input [N][C][d1..dk] (k >= 0), target [N][d1..dk] of int64/int32 class
 * indices, optional weight [C]. reduction "none" gives a loss of target's
 * shape; "sum" and "mean" a scalar, where mean divides the weighted sum by
 * the sum of the weights of the elements that count (so without weights by
 * their number; elements whose target equals ignore_index count with weight
 * 0 and loss 0). SoftmaxCrossEntropyLoss applies log_softmax over the class
 * dim first and can also output it (log_prob, input's shape).
 * Constant targets outside [0, C) (other than ignore_index) are compile
 * errors; run-time ones are clamped into range by the kernel (ONNX leaves
 * them undefined). float32 run time.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/loss.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};
static const ir_dtype idx_ok[] = {IR_I64, IR_I32, IR_UNDEFINED};

static int loss_plan(kiln_diag *d, ir_graph *g, ir_node *n, int sce, kiln_loss_params *p) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *t = ir_in(g, n, 1), *w = ir_in(g, n, 2);
  if (op_check_dtype(d, n, x, 0, f32_only) || op_check_dtype(d, n, t, 1, idx_ok)) return -1;
  if (n->n_inputs > 3) return ir_node_fail(d, n, "has %d inputs, expected at most 3", n->n_inputs);
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (n->n_outputs > (sce ? 2 : 1))
    return ir_node_fail(d, n, "has %d outputs, expected at most %d", n->n_outputs, sce ? 2 : 1);
  char sb[2][96];
  if (x->rank < 2)
    return ir_node_fail(d, n, "input 0 has rank %d, expected >= 2 ([N, C, d1, ...])", x->rank);
  int ok = t->rank == x->rank - 1 && t->dims[0] == x->dims[0];
  for (int i = 1; ok && i < t->rank; i++) ok = t->dims[i] == x->dims[i + 1];
  if (!ok)
    return ir_node_fail(d, n, "target shape %s does not match input shape %s (expected [N, d1, ...])",
                        ir_shape_str(t, sb[0], 96), ir_shape_str(x, sb[1], 96));
  p->n = x->dims[0];
  p->c = x->dims[1];
  p->d = 1;
  for (int i = 2; i < x->rank; i++) p->d *= x->dims[i];
  if (w) {
    if (w->rank < 0) return ir_node_fail(d, n, "input 2 'weight' has an unknown shape");
    if (op_check_dtype(d, n, w, 2, f32_only)) return -1;
    if (w->rank != 1 || w->dims[0] != p->c)
      return ir_node_fail(d, n, "input 2 'weight' has shape %s, expected [%lld]",
                          ir_shape_str(w, sb[0], 96), (long long)p->c);
  }
  const char *red = ir_attr_str(n, "reduction", "mean");
  if (!strcmp(red, "none")) p->reduction = 0;
  else if (!strcmp(red, "sum")) p->reduction = 1;
  else if (!strcmp(red, "mean")) p->reduction = 2;
  else return ir_node_fail(d, n, "reduction = '%s', expected 'none', 'sum' or 'mean'", red);
  p->has_ignore = ir_attr_find(n, "ignore_index") != NULL;
  p->ignore_index = ir_attr_int(n, "ignore_index", 0);
  if (p->c < 1 && p->n * p->d > 0) return ir_node_fail(d, n, "input 0 has no classes (C = 0)");
  if (t->data) {
    const int64_t k = p->n * p->d;
    for (int64_t i = 0; i < k; i++) {
      int64_t v = ir_get_i64(t, i);
      if (p->has_ignore && v == p->ignore_index) continue;
      if (v < 0 || v >= p->c)
        return ir_node_fail(d, n, "target[%lld] = %lld is outside [0, %lld)", (long long)i,
                            (long long)v, (long long)p->c);
    }
  }
  return 0;
}

static int loss_infer_(kiln_diag *d, ir_graph *g, ir_node *n, int sce) {
  kiln_loss_params p;
  if (loss_plan(d, g, n, sce, &p)) return -1;
  const ir_tensor *x = ir_in(g, n, 0), *t = ir_in(g, n, 1);
  if (p.reduction == 0) ir_set_shape(ir_out(g, n, 0), IR_F32, t->rank, t->dims);
  else ir_set_shape(ir_out(g, n, 0), IR_F32, 0, NULL);
  if (sce && ir_out(g, n, 1)) ir_set_shape(ir_out(g, n, 1), IR_F32, x->rank, x->dims);
  return 0;
}

static const void *aligned_data(const ir_tensor *t, void **tmp) {
  *tmp = NULL;
  if (!t) return NULL;
  size_t sz = ir_dtype_size(t->dtype);
  if (sz <= 1 || (uintptr_t)t->data % sz == 0) return t->data;
  size_t nb = (size_t)ir_numel(t) * sz;
  *tmp = kiln_malloc(nb ? nb : 1);
  if (*tmp) memcpy(*tmp, t->data, nb);
  return *tmp;
}

static int loss_eval_(kiln_diag *d, ir_graph *g, ir_node *n, int sce) {
  kiln_loss_params p;
  if (loss_plan(d, g, n, sce, &p)) return -1;
  void *tmp[3] = {0};
  const void *in[3];
  int rc = 0;
  for (int i = 0; i < 3; i++) {
    in[i] = aligned_data(ir_in(g, n, i), &tmp[i]);
    if (ir_in(g, n, i) && !in[i] && ir_numel(ir_in(g, n, i)) > 0) rc = -1;
  }
  float *loss = rc ? NULL : ir_alloc_data(ir_out(g, n, 0)), *lp = NULL;
  if (!loss) rc = -1;
  if (!rc && sce && ir_out(g, n, 1) && !(lp = ir_alloc_data(ir_out(g, n, 1)))) rc = -1;
  if (!rc) {
    const int i64 = ir_in(g, n, 1)->dtype == IR_I64;
    const int64_t *t64 = i64 ? in[1] : NULL;
    const int32_t *t32 = i64 ? NULL : in[1];
    if (sce) kiln_f32_sce_loss__c(&p, in[0], t64, t32, in[2], loss, lp);
    else kiln_f32_nllloss__c(&p, in[0], t64, t32, in[2], loss);
  }
  for (int i = 0; i < 3; i++) free(tmp[i]);
  return rc ? ir_node_fail(d, n, "out of memory") : 0;
}

static int loss_emit_(emit_ctx *e, ir_graph *g, ir_node *n, int sce) {
  kiln_loss_params p;
  if (loss_plan(emit_diag(e), g, n, sce, &p)) return -1;
  const char *sym = sce ? "kiln_f32_sce_loss__c" : "kiln_f32_nllloss__c";
  if (emit_use(e, sym)) return -1;
  char id[64], a[5][160], ii[48];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (p.ignore_index == INT64_MIN) snprintf(ii, sizeof ii, "(-9223372036854775807LL - 1)");
  else snprintf(ii, sizeof ii, "%lldLL", (long long)p.ignore_index);
  emit_decl(e, "static const kiln_loss_params %s_p = {.n = %lld, .c = %lld, .d = %lld, "
            ".reduction = %d, .has_ignore = %d, .ignore_index = %s};\n", id,
            (long long)p.n, (long long)p.c, (long long)p.d, p.reduction, p.has_ignore, ii);
  const int i64 = ir_in(g, n, 1)->dtype == IR_I64;
  if (op_emit_ref(e, n->inputs[0], a[0], sizeof a[0]) ||
      op_emit_ref(e, n->inputs[1], a[1], sizeof a[1]) ||
      op_emit_ref(e, n->n_inputs > 2 ? n->inputs[2] : -1, a[2], sizeof a[2]) ||
      op_emit_ref(e, n->outputs[0], a[3], sizeof a[3]) ||
      op_emit_ref(e, sce && n->n_outputs > 1 ? n->outputs[1] : -1, a[4], sizeof a[4]))
    return -1;
  if (sce)
    emit_code(e, "%s(&%s_p, %s, %s, %s, %s, %s, %s);\n", sym, id, a[0], i64 ? a[1] : "NULL",
              i64 ? "NULL" : a[1], a[2], a[3], a[4]);
  else
    emit_code(e, "%s(&%s_p, %s, %s, %s, %s, %s);\n", sym, id, a[0], i64 ? a[1] : "NULL",
              i64 ? "NULL" : a[1], a[2], a[3]);
  return 0;
}

static int nll_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return loss_infer_(d, g, n, 0); }
static int nll_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return loss_eval_(d, g, n, 0); }
static int nll_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return loss_emit_(e, g, n, 0); }
static int sce_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return loss_infer_(d, g, n, 1); }
static int sce_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return loss_eval_(d, g, n, 1); }
static int sce_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return loss_emit_(e, g, n, 1); }

const op_def op_NegativeLogLikelihoodLoss = {
  .name = "NegativeLogLikelihoodLoss", .domain = "", .since = 12, .until = 0,
  .attrs = "ignore_index reduction",
  .infer = nll_infer, .eval = nll_eval, .emit = nll_emit, .flags = 0,
};
const op_def op_SoftmaxCrossEntropyLoss = {
  .name = "SoftmaxCrossEntropyLoss", .domain = "", .since = 12, .until = 0,
  .attrs = "ignore_index reduction",
  .infer = sce_infer, .eval = sce_eval, .emit = sce_emit, .flags = 0,
};
