/* training.c - ai.onnx.preview.training Adam, Adagrad and Momentum (opset 1).
 *
 * Inputs: R (float32 scalar learning rate), T (int64 scalar iteration
 * count), then k tensors X, k gradients G, and k state tensors per state
 * (Momentum and Adagrad: 1, Adam: 2). Outputs: k new X, then k new states
 * per state. Each group of X/G/state must have the same shape. float32.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};
static const ir_dtype i64_only[] = {IR_I64, IR_UNDEFINED};

/* kind: 0 Adagrad, 1 Momentum, 2 Adam. Returns k (tensors optimised) or -1. */
static int opt_plan(kiln_diag *d, ir_graph *g, ir_node *n, int kind, kiln_optim_params *p) {
  memset(p, 0, sizeof *p);
  const int ns = kind == 2 ? 2 : 1; /* states per tensor */
  if ((n->n_inputs - 2) <= 0 || (n->n_inputs - 2) % (2 + ns))
    return ir_node_fail(d, n, "has %d inputs, expected 2 + %d * k (R, T, X..., G..., %s)", n->n_inputs,
                        2 + ns, kind == 2 ? "V..., H..." : (kind == 1 ? "V..." : "H..."));
  const int k = (n->n_inputs - 2) / (2 + ns);
  if (n->n_outputs > (1 + ns) * k)
    return ir_node_fail(d, n, "has %d outputs, expected at most %d", n->n_outputs, (1 + ns) * k);
  if (op_need_inputs(d, g, n, 0, n->n_inputs - 1)) return -1;
  ir_tensor *R = ir_in(g, n, 0), *T = ir_in(g, n, 1);
  if (op_check_dtype(d, n, R, 0, f32_only) || op_check_dtype(d, n, T, 1, i64_only)) return -1;
  if (ir_numel(R) != 1) return ir_node_fail(d, n, "input 0 'R' must be a scalar");
  if (ir_numel(T) != 1) return ir_node_fail(d, n, "input 1 'T' must be a scalar");
  char sb[2][96];
  for (int j = 0; j < k; j++) {
    const ir_tensor *x = ir_in(g, n, 2 + j);
    for (int s = 0; s < 2 + ns; s++) {
      const int idx = 2 + s * k + j;
      const ir_tensor *t = ir_in(g, n, idx);
      if (op_check_dtype(d, n, t, idx, f32_only)) return -1;
      int same = t->rank == x->rank;
      for (int q = 0; same && q < t->rank; q++) same = t->dims[q] == x->dims[q];
      if (!same)
        return ir_node_fail(d, n, "input %d has shape %s, expected %s (the shape of input %d)", idx,
                            ir_shape_str(t, sb[0], 96), ir_shape_str(x, sb[1], 96), 2 + j);
    }
  }
  if (kind == 0) {
    p->decay = ir_attr_float(n, "decay_factor", 0.0f);
    p->epsilon = ir_attr_float(n, "epsilon", 1e-6f);
    p->norm = ir_attr_float(n, "norm_coefficient", 0.0f);
  } else if (kind == 1) {
    const char *req[] = {"alpha", "beta", "mode", "norm_coefficient"};
    for (int i = 0; i < 4; i++)
      if (!ir_attr_find(n, req[i])) return ir_node_fail(d, n, "attribute '%s' is required", req[i]);
    p->alpha = ir_attr_float(n, "alpha", 0.0f);
    p->beta = ir_attr_float(n, "beta", 0.0f);
    p->norm = ir_attr_float(n, "norm_coefficient", 0.0f);
    const char *mode = ir_attr_str(n, "mode", "standard");
    if (!strcmp(mode, "nesterov")) p->nesterov = 1;
    else if (strcmp(mode, "standard"))
      return ir_node_fail(d, n, "mode = '%s', expected 'standard' or 'nesterov'", mode);
  } else {
    p->alpha = ir_attr_float(n, "alpha", 0.9f);
    p->beta = ir_attr_float(n, "beta", 0.999f);
    p->epsilon = ir_attr_float(n, "epsilon", 1e-6f);
    p->norm = ir_attr_float(n, "norm_coefficient", 0.0f);
    p->norm_post = ir_attr_float(n, "norm_coefficient_post", 0.0f);
  }
  return k;
}

static int kind_of(const ir_node *n) {
  return !strcmp(n->op_type, "Adagrad") ? 0 : (!strcmp(n->op_type, "Momentum") ? 1 : 2);
}

static int opt_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_optim_params p;
  const int kind = kind_of(n), k = opt_plan(d, g, n, kind, &p);
  if (k < 0) return -1;
  for (int o = 0; o < n->n_outputs; o++) {
    ir_tensor *y = ir_out(g, n, o);
    if (!y) continue;
    const ir_tensor *x = ir_in(g, n, 2 + o % k);
    ir_set_shape(y, IR_F32, x->rank, x->dims);
  }
  return 0;
}

static int opt_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_optim_params p;
  const int kind = kind_of(n), k = opt_plan(d, g, n, kind, &p);
  if (k < 0) return -1;
  const int ns = kind == 2 ? 2 : 1;
  float *tmp[3];
  for (int j = 0; j < k; j++) {
    const ir_tensor *x = ir_in(g, n, 2 + j);
    const int64_t cnt = ir_numel(x);
    float *buf = kiln_calloc((size_t)(cnt > 0 ? cnt : 1), 3 * sizeof(float));
    if (!buf) return ir_node_fail(d, n, "out of memory");
    for (int s = 0; s < 3; s++) tmp[s] = buf + s * cnt;
    const float *R = ir_in(g, n, 0)->data, *X = x->data, *G = ir_in(g, n, 2 + k + j)->data;
    const float *S1 = ir_in(g, n, 2 + 2 * k + j)->data;
    const int64_t *T = ir_in(g, n, 1)->data;
    if (kind == 0) kiln_f32_adagrad__c(&p, cnt, R, T, X, G, S1, tmp[0], tmp[1]);
    else if (kind == 1) kiln_f32_momentum__c(&p, cnt, R, T, X, G, S1, tmp[0], tmp[1]);
    else kiln_f32_adam__c(&p, cnt, R, T, X, G, S1, ir_in(g, n, 2 + 3 * k + j)->data, tmp[0], tmp[1], tmp[2]);
    for (int s = 0; s <= ns; s++) {
      ir_tensor *y = ir_out(g, n, s * k + j);
      if (!y) continue;
      float *o = ir_alloc_data(y);
      if (!o && cnt > 0) {
        free(buf);
        return ir_node_fail(d, n, "out of memory");
      }
      if (cnt > 0) memcpy(o, tmp[s], (size_t)cnt * sizeof(float));
    }
    free(buf);
  }
  return 0;
}

static size_t opt_scratch(const ir_graph *g, const ir_node *n) {
  /* room for every output of the largest group, so omitted outputs have a home */
  size_t best = 0;
  for (int i = 2; i < n->n_inputs; i++) {
    const ir_tensor *t = n->inputs[i] >= 0 ? &g->tensors[n->inputs[i]] : NULL;
    int64_t c = t ? ir_numel(t) : 0;
    if (c > 0 && (size_t)c > best) best = (size_t)c;
  }
  return best * 3 * sizeof(float);
}

static int opt_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_optim_params p;
  const int kind = kind_of(n), k = opt_plan(emit_diag(e), g, n, kind, &p);
  if (k < 0) return -1;
  const int ns = kind == 2 ? 2 : 1;
  static const char *const syms[3] = {"kiln_f32_adagrad__c", "kiln_f32_momentum__c", "kiln_f32_adam__c"};
  if (emit_use(e, syms[kind])) return -1;
  char id[64], scr[160], in[6][160], out[3][200];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  snprintf(scr, sizeof scr, "%s", emit_scratch(e, n));
  emit_decl(e, "static const kiln_optim_params %s_p = {%.17g, %.17g, %.17g, %.17g, %.17g, %.17g, %d};\n",
            id, p.alpha, p.beta, p.epsilon, p.norm, p.norm_post, p.decay, p.nesterov);
  if (op_emit_ref(e, n->inputs[0], in[0], sizeof in[0]) || op_emit_ref(e, n->inputs[1], in[1], sizeof in[1]))
    return -1;
  for (int j = 0; j < k; j++) {
    const int64_t cnt = ir_numel(ir_in(g, n, 2 + j));
    for (int s = 0; s < 2 + ns; s++)
      if (op_emit_ref(e, n->inputs[2 + s * k + j], in[2 + s], sizeof in[2 + s])) return -1;
    for (int s = 0; s <= ns; s++) {
      const int oi = s * k + j;
      const int t = oi < n->n_outputs ? n->outputs[oi] : -1;
      if (t >= 0) {
        if (op_emit_ref(e, t, out[s], sizeof out[s])) return -1;
      } else {
        snprintf(out[s], sizeof out[s], "((float *)%s + %lld)", scr, (long long)(s * cnt));
      }
    }
    if (kind == 2)
      emit_code(e, "%s(&%s_p, %lld, %s, %s, %s, %s, %s, %s, %s, %s, %s);\n", syms[kind], id, (long long)cnt,
                in[0], in[1], in[2], in[3], in[4], in[5], out[0], out[1], out[2]);
    else
      emit_code(e, "%s(&%s_p, %lld, %s, %s, %s, %s, %s, %s, %s);\n", syms[kind], id, (long long)cnt, in[0],
                in[1], in[2], in[3], in[4], out[0], out[1]);
  }
  return 0;
}

#define TRAIN_DOMAIN "ai.onnx.preview.training"
const op_def op_Adagrad = {.name = "Adagrad", .domain = TRAIN_DOMAIN, .since = 1, .until = 0,
                           .attrs = "decay_factor epsilon norm_coefficient", .infer = opt_infer,
                           .eval = opt_eval, .emit = opt_emit, .scratch = opt_scratch};
const op_def op_Momentum = {.name = "Momentum", .domain = TRAIN_DOMAIN, .since = 1, .until = 0,
                            .attrs = "alpha beta mode norm_coefficient", .infer = opt_infer,
                            .eval = opt_eval, .emit = opt_emit, .scratch = opt_scratch};
const op_def op_Adam = {.name = "Adam", .domain = TRAIN_DOMAIN, .since = 1, .until = 0,
                        .attrs = "alpha beta epsilon norm_coefficient norm_coefficient_post",
                        .infer = opt_infer, .eval = opt_eval, .emit = opt_emit, .scratch = opt_scratch};
