/* rnn.c - ONNX RNN, GRU and LSTM (opsets 7+; layout from 14), float32.
 *
 * Inputs X, W, R, B, sequence_lens, initial_h (+ initial_c, P for LSTM)
 * may all be run-time tensors: the kernel reads them as it goes. Attributes
 * are resolved at compile time into one kiln_rnn_params: cell type,
 * direction, layout, clip, linear_before_reset / input_forget, and the six
 * activation slots (f, g, h per direction). The `activations` list names
 * num_dirs * (1 | 2 | 3) functions; activation_alpha / activation_beta are
 * consumed in order by the functions that take an alpha / a beta, the
 * others take the defaults of the corresponding ONNX ops.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/rnn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};
static const ir_dtype i32_only[] = {IR_I32, IR_UNDEFINED};

static ir_tensor *opt_in(ir_graph *g, const ir_node *n, int i) {
  ir_tensor *t = ir_in(g, n, i);
  return t && t->rank >= 0 ? t : NULL;
}

static int shape_is(const ir_tensor *t, int rank, const int64_t *dims) {
  if (t->rank != rank) return 0;
  for (int i = 0; i < rank; i++)
    if (t->dims[i] != dims[i]) return 0;
  return 1;
}

/* Activation name -> kind and whether it takes alpha / beta, with defaults. */
typedef struct {
  const char *name;
  int kind, has_a, has_b;
  float a, b;
} ract_info;
static const ract_info ract_table[] = {
  {"Relu", KILN_RACT_RELU, 0, 0, 0.0f, 0.0f},
  {"Tanh", KILN_RACT_TANH, 0, 0, 0.0f, 0.0f},
  {"Sigmoid", KILN_RACT_SIGMOID, 0, 0, 0.0f, 0.0f},
  {"Affine", KILN_RACT_AFFINE, 1, 1, 1.0f, 0.0f},
  {"LeakyRelu", KILN_RACT_LEAKY_RELU, 1, 0, 0.01f, 0.0f},
  {"ThresholdedRelu", KILN_RACT_THRESHOLDED_RELU, 1, 0, 1.0f, 0.0f},
  {"ScaledTanh", KILN_RACT_SCALED_TANH, 1, 1, 1.0f, 1.0f},
  {"HardSigmoid", KILN_RACT_HARD_SIGMOID, 1, 1, 0.2f, 0.5f},
  {"Elu", KILN_RACT_ELU, 1, 0, 1.0f, 0.0f},
  {"Softsign", KILN_RACT_SOFTSIGN, 0, 0, 0.0f, 0.0f},
  {"Softplus", KILN_RACT_SOFTPLUS, 0, 0, 0.0f, 0.0f},
};

/* cell: 0 RNN, 1 GRU, 2 LSTM */
static int rnn_plan(kiln_diag *d, ir_graph *g, ir_node *n, int cell, kiln_rnn_params *p) {
  memset(p, 0, sizeof *p);
  p->cell = cell;
  const int max_in = cell == 2 ? 8 : 6, G = cell == 0 ? 1 : (cell == 1 ? 3 : 4);
  const int nf = cell == 0 ? 1 : (cell == 1 ? 2 : 3);
  if (op_need_inputs(d, g, n, 0, 2)) return -1;
  if (n->n_inputs > max_in)
    return ir_node_fail(d, n, "has %d inputs, expected at most %d", n->n_inputs, max_in);
  if (n->n_outputs > (cell == 2 ? 3 : 2))
    return ir_node_fail(d, n, "has %d outputs, expected at most %d", n->n_outputs, cell == 2 ? 3 : 2);
  ir_tensor *X = ir_in(g, n, 0), *W = ir_in(g, n, 1), *R = ir_in(g, n, 2);
  for (int i = 0; i < 3; i++)
    if (op_check_dtype(d, n, ir_in(g, n, i), i, f32_only)) return -1;
  const char *dir = ir_attr_str(n, "direction", "forward");
  if (!strcmp(dir, "forward")) p->dir = 0;
  else if (!strcmp(dir, "reverse")) p->dir = 1;
  else if (!strcmp(dir, "bidirectional")) p->dir = 2;
  else return ir_node_fail(d, n, "direction = '%s', expected 'forward', 'reverse' or 'bidirectional'", dir);
  p->num_dirs = p->dir == 2 ? 2 : 1;
  const int64_t D = p->num_dirs;
  p->layout = (int)ir_attr_int(n, "layout", 0);
  if (p->layout != 0 && p->layout != 1)
    return ir_node_fail(d, n, "layout = %d, expected 0 or 1", p->layout);
  if (p->layout && n->opset < 14) return ir_node_fail(d, n, "layout is an opset 14 attribute");
  if (X->rank != 3) return ir_node_fail(d, n, "input 0 'X' has rank %d, expected 3", X->rank);
  p->T = X->dims[p->layout ? 1 : 0];
  p->B = X->dims[p->layout ? 0 : 1];
  p->I = X->dims[2];
  int64_t hs = ir_attr_int(n, "hidden_size", -1);
  if (hs < 0) {
    if (R->rank != 3) return ir_node_fail(d, n, "input 2 'R' has rank %d, expected 3", R->rank);
    hs = R->dims[2];
  }
  if (hs <= 0) return ir_node_fail(d, n, "hidden_size = %lld, expected > 0", (long long)hs);
  p->H = hs;
  const int64_t H = hs;
  char sb[96];
  int64_t wd[3] = {D, G * H, p->I}, rd[3] = {D, G * H, H};
  if (!shape_is(W, 3, wd))
    return ir_node_fail(d, n, "input 1 'W' has shape %s, expected [%lld, %lld, %lld]",
                        ir_shape_str(W, sb, sizeof sb), (long long)D, (long long)(G * H), (long long)p->I);
  if (!shape_is(R, 3, rd))
    return ir_node_fail(d, n, "input 2 'R' has shape %s, expected [%lld, %lld, %lld]",
                        ir_shape_str(R, sb, sizeof sb), (long long)D, (long long)(G * H), (long long)H);
  ir_tensor *B = opt_in(g, n, 3), *S = opt_in(g, n, 4), *h0 = opt_in(g, n, 5);
  int64_t bd[2] = {D, 2 * G * H};
  if (B && (op_check_dtype(d, n, B, 3, f32_only) || !shape_is(B, 2, bd)))
    return d->failed ? -1 : ir_node_fail(d, n, "input 3 'B' has shape %s, expected [%lld, %lld]",
                                         ir_shape_str(B, sb, sizeof sb), (long long)D, (long long)(2 * G * H));
  if (S) {
    if (op_check_dtype(d, n, S, 4, i32_only)) return -1;
    if (S->rank != 1 || S->dims[0] != p->B)
      return ir_node_fail(d, n, "input 4 'sequence_lens' has shape %s, expected [%lld]",
                          ir_shape_str(S, sb, sizeof sb), (long long)p->B);
    if (S->data)
      for (int64_t b = 0; b < p->B; b++) {
        int64_t v = ir_get_i64(S, b);
        if (v < 0 || v > p->T)
          return ir_node_fail(d, n, "sequence_lens[%lld] = %lld is outside [0, %lld]", (long long)b,
                              (long long)v, (long long)p->T);
      }
  }
  int64_t hd[3] = {p->layout ? p->B : D, p->layout ? D : p->B, H};
  for (int i = 5; i <= (cell == 2 ? 6 : 5); i++) {
    ir_tensor *t = opt_in(g, n, i);
    if (!t) continue;
    if (op_check_dtype(d, n, t, i, f32_only)) return -1;
    if (!shape_is(t, 3, hd))
      return ir_node_fail(d, n, "input %d '%s' has shape %s, expected [%lld, %lld, %lld]", i,
                          i == 5 ? "initial_h" : "initial_c", ir_shape_str(t, sb, sizeof sb),
                          (long long)hd[0], (long long)hd[1], (long long)hd[2]);
  }
  (void)h0;
  if (cell == 2) {
    ir_tensor *P = opt_in(g, n, 7);
    int64_t pd[2] = {D, 3 * H};
    if (P && (op_check_dtype(d, n, P, 7, f32_only) || !shape_is(P, 2, pd)))
      return d->failed ? -1 : ir_node_fail(d, n, "input 7 'P' has shape %s, expected [%lld, %lld]",
                                           ir_shape_str(P, sb, sizeof sb), (long long)D, (long long)(3 * H));
    p->input_forget = (int)ir_attr_int(n, "input_forget", 0);
    if (p->input_forget != 0 && p->input_forget != 1)
      return ir_node_fail(d, n, "input_forget = %d, expected 0 or 1", p->input_forget);
  }
  if (cell == 1) {
    p->lbr = (int)ir_attr_int(n, "linear_before_reset", 0);
    if (p->lbr != 0 && p->lbr != 1)
      return ir_node_fail(d, n, "linear_before_reset = %d, expected 0 or 1", p->lbr);
  }
  ir_attr *ca = ir_attr_find(n, "clip");
  if (ca) {
    p->clip = ir_attr_float(n, "clip", 0.0f);
    if (!(p->clip > 0.0f)) return ir_node_fail(d, n, "clip = %g, expected > 0", (double)p->clip);
  }
  /* activations */
  static const char *const defaults[3][3] = {{"Tanh"}, {"Sigmoid", "Tanh"}, {"Sigmoid", "Tanh", "Tanh"}};
  ir_attr *aa = ir_attr_find(n, "activations");
  if (aa) aa->used = 1;
  if (aa && aa->type != IR_ATTR_STRINGS)
    return ir_node_fail(d, n, "attribute 'activations' must be a list of strings");
  if (aa && aa->n != nf * D)
    return ir_node_fail(d, n, "activations has %d entries, expected %d", aa->n, (int)(nf * D));
  const float *alphas = NULL, *betas = NULL;
  int na = ir_attr_floats(n, "activation_alpha", &alphas), nb = ir_attr_floats(n, "activation_beta", &betas);
  int ia = 0, ib = 0;
  for (int dd = 0; dd < D; dd++)
    for (int k = 0; k < nf; k++) {
      const char *name = aa ? aa->strings[dd * nf + k] : defaults[cell][k];
      const ract_info *ri = NULL;
      for (size_t q = 0; q < sizeof ract_table / sizeof ract_table[0]; q++)
        if (!strcasecmp(ract_table[q].name, name)) ri = &ract_table[q];
      if (!ri) return ir_node_fail(d, n, "unsupported activation '%s'", name);
      kiln_ract *a = &p->act[dd * 3 + k];
      a->kind = ri->kind;
      a->alpha = ri->a;
      a->beta = ri->b;
      if (ri->has_a && ia < na) a->alpha = alphas[ia++];
      if (ri->has_b && ib < nb) a->beta = betas[ib++];
    }
  if (cell == 0) /* RNN has only f: copy it where the kernel never looks, harmlessly */
    for (int dd = 0; dd < D; dd++) p->act[dd * 3 + 1] = p->act[dd * 3 + 2] = p->act[dd * 3];
  if (cell == 1)
    for (int dd = 0; dd < D; dd++) p->act[dd * 3 + 2] = p->act[dd * 3 + 1];
  if (p->B * H > ((int64_t)1 << 40) / 7) return ir_node_fail(d, n, "state too large");
  return 0;
}

static int cell_of(const ir_node *n) {
  return !strcmp(n->op_type, "RNN") ? 0 : (!strcmp(n->op_type, "GRU") ? 1 : 2);
}

static int rnn_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_rnn_params p;
  const int cell = cell_of(n);
  if (rnn_plan(d, g, n, cell, &p)) return -1;
  const int64_t D = p.num_dirs;
  int64_t yd[4] = {p.T, D, p.B, p.H}, hd[3] = {D, p.B, p.H};
  if (p.layout) {
    yd[0] = p.B; yd[1] = p.T; yd[2] = D;
    hd[0] = p.B; hd[1] = D;
  }
  if (ir_out(g, n, 0)) ir_set_shape(ir_out(g, n, 0), IR_F32, 4, yd);
  if (ir_out(g, n, 1)) ir_set_shape(ir_out(g, n, 1), IR_F32, 3, hd);
  if (cell == 2 && ir_out(g, n, 2)) ir_set_shape(ir_out(g, n, 2), IR_F32, 3, hd);
  return 0;
}

static const void *in_data(ir_graph *g, const ir_node *n, int i) {
  ir_tensor *t = opt_in(g, n, i);
  return t ? t->data : NULL;
}

static int rnn_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_rnn_params p;
  const int cell = cell_of(n);
  if (rnn_plan(d, g, n, cell, &p)) return -1;
  float *o[3] = {NULL, NULL, NULL};
  for (int i = 0; i < (cell == 2 ? 3 : 2); i++)
    if (ir_out(g, n, i) && !(o[i] = ir_alloc_data(ir_out(g, n, i)))) return ir_node_fail(d, n, "out of memory");
  float *scr = kiln_malloc(sizeof(float) * (size_t)(7 * p.B * p.H + 1));
  if (!scr) return ir_node_fail(d, n, "out of memory");
  kiln_f32_rnn__c(&p, in_data(g, n, 0), in_data(g, n, 1), in_data(g, n, 2), in_data(g, n, 3),
                  in_data(g, n, 4), in_data(g, n, 5), cell == 2 ? in_data(g, n, 6) : NULL,
                  cell == 2 ? in_data(g, n, 7) : NULL, o[0], o[1], o[2], scr);
  free(scr);
  return 0;
}

static size_t rnn_scratch(const ir_graph *g, const ir_node *n) {
  ir_tensor *x = ir_in((ir_graph *)g, n, 0);
  if (!x || x->rank != 3) return 0;
  int layout = 0;
  for (int i = 0; i < n->n_attrs; i++)
    if (!strcmp(n->attrs[i].name, "layout")) layout = (int)n->attrs[i].i;
  int64_t B = x->dims[layout ? 0 : 1], H = 0;
  for (int i = 0; i < n->n_attrs; i++)
    if (!strcmp(n->attrs[i].name, "hidden_size")) H = n->attrs[i].i;
  if (H <= 0) {
    ir_tensor *r = ir_in((ir_graph *)g, n, 2);
    if (r && r->rank == 3) H = r->dims[2];
  }
  return sizeof(float) * (size_t)(7 * B * H + 1);
}

static int rnn_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_rnn_params p;
  const int cell = cell_of(n);
  if (rnn_plan(emit_diag(e), g, n, cell, &p)) return -1;
  if (emit_use(e, "kiln_f32_rnn__c")) return -1;
  char id[64], r[11][160], scr[160], acts[6][160], fa[32], fb[32], fc[32];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  for (int i = 0; i < 8; i++) {
    int t = i < n->n_inputs ? n->inputs[i] : -1;
    if (cell != 2 && i >= 6) t = -1;
    if (t >= 0 && ir_numel(&g->tensors[t]) < 0) t = -1;
    if (op_emit_ref(e, t, r[i], sizeof r[i])) return -1;
  }
  for (int i = 0; i < 3; i++) {
    int t = i < n->n_outputs && (cell == 2 || i < 2) ? n->outputs[i] : -1;
    if (op_emit_ref(e, t, r[8 + i], sizeof r[8 + i])) return -1;
  }
  snprintf(scr, sizeof scr, "%s", emit_scratch(e, n));
  for (int i = 0; i < 6; i++)
    snprintf(acts[i], sizeof acts[i], "{%d, %s, %s}", p.act[i].kind,
             op_f32_literal(p.act[i].alpha, fa, sizeof fa), op_f32_literal(p.act[i].beta, fb, sizeof fb));
  emit_decl(e, "static const kiln_rnn_params %s_p = {%d, %d, %d, %d, %d, %d, %lld, %lld, %lld, %lld, %s, "
            "{%s, %s, %s, %s, %s, %s}};\n", id, p.cell, p.dir, p.num_dirs, p.layout, p.lbr,
            p.input_forget, (long long)p.T, (long long)p.B, (long long)p.I, (long long)p.H,
            op_f32_literal(p.clip, fc, sizeof fc), acts[0], acts[1], acts[2], acts[3], acts[4], acts[5]);
  emit_code(e, "kiln_f32_rnn__c(&%s_p, %s, %s, %s, %s, (const int32_t *)%s, %s, %s, %s, %s, %s, %s, (float *)%s);\n",
            id, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], scr);
  return 0;
}

#define RNN_ATTRS "activation_alpha activation_beta activations clip direction hidden_size layout"
const op_def op_RNN = {.name = "RNN", .domain = "", .since = 7, .until = 0, .attrs = RNN_ATTRS,
                       .infer = rnn_infer, .eval = rnn_eval, .emit = rnn_emit, .scratch = rnn_scratch};
const op_def op_GRU = {.name = "GRU", .domain = "", .since = 7, .until = 0,
                       .attrs = RNN_ATTRS " linear_before_reset", .infer = rnn_infer,
                       .eval = rnn_eval, .emit = rnn_emit, .scratch = rnn_scratch};
const op_def op_LSTM = {.name = "LSTM", .domain = "", .since = 7, .until = 0,
                        .attrs = RNN_ATTRS " input_forget", .infer = rnn_infer, .eval = rnn_eval,
                        .emit = rnn_emit, .scratch = rnn_scratch};
