/* batchnorm.c - ONNX BatchNormalization, float32.
 *
 *     Y = (X - mean) / sqrt(var + epsilon) * scale + B
 * per channel (dim 1). Inference form: mean/var are the inputs.
 * training_mode=1 (opset 14+): mean/var are X's batch statistics (population
 * variance), computed at run time (kiln_f32_batchnorm_train__c), and the
 * optional outputs 1, 2 are running_mean/var = input * momentum + batch *
 * (1 - momentum). Older training forms (is_test=0 before opset 7, the
 * statistics outputs of opsets 6-13) are rejected. spatial=0 (opset < 9)
 * means one statistic per element of X's dims[1:], handled as that many
 * "channels" with inner size 1.
 * When scale, B, mean and var are constant, the per-channel scale
 * s = scale / sqrt(var + eps) and shift t = B - mean * s are computed at
 * compile time (in double) and the run-time kernel is y = x * s + t.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/conv.h"
#include "../kernels/gemm.h"
#include "../kernels/training.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};
static const char *const in_names[] = {"X", "scale", "B", "input_mean", "input_var"};

static int bn_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_batchnorm_params *p) {
  char buf[96];
  if (op_need_inputs(d, g, n, 0, 4)) return -1;
  for (int i = 0; i < 5; i++)
    if (op_check_dtype(d, n, ir_in(g, n, i), i, f32_only)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (x->rank < 2)
    return ir_node_fail(d, n, "input 0 'X' has rank %d, expected at least 2 (N x C x ...)",
                        x->rank);
  const int training = ir_attr_int(n, "training_mode", 0) != 0;
  if (training && n->opset < 14)
    return ir_node_fail(d, n, "attribute 'training_mode' requires opset 14 or later");
  if (n->opset < 7 && ir_attr_int(n, "is_test", 0) == 0)
    return ir_node_fail(d, n, "is_test=0 (training mode before opset 7) is not supported "
                        "(set is_test=1, or use training_mode of opset 14+)");
  if (training && n->n_outputs > 3)
    return ir_node_fail(d, n, "expected at most 3 outputs in training mode, got %d",
                        n->n_outputs);
  for (int i = training ? 3 : 1; i < n->n_outputs; i++)
    if (n->outputs[i] >= 0)
      return ir_node_fail(d, n, "output %d '%s' (running/saved statistics) is only produced in "
                          "training mode; kiln supports only output 0 'Y'", i,
                          g->tensors[n->outputs[i]].name);
  const int64_t *legacy;
  (void)ir_attr_float(n, "momentum", 0.9f);              /* training only */
  (void)ir_attr_ints(n, "consumed_inputs", &legacy);     /* opset 1 legacy, no effect */
  const int spatial = n->opset < 9 ? (int)ir_attr_int(n, "spatial", 1) : 1;
  int64_t cc = 1, inner = 1;
  if (spatial) {
    cc = x->dims[1];
    for (int i = 2; i < x->rank; i++) inner *= x->dims[i];
  } else {
    for (int i = 1; i < x->rank; i++) cc *= x->dims[i];
  }
  for (int i = 1; i < 5; i++) {
    const ir_tensor *t = ir_in(g, n, i);
    int64_t ne = ir_numel(t);
    int ok = spatial ? t->rank == 1 && t->dims[0] == cc : ne == cc;
    if (!ok)
      return ir_node_fail(d, n, "input %d '%s' has shape %s, expected %lld values (one per %s)",
                          i, in_names[i], ir_shape_str(t, buf, sizeof buf), (long long)cc,
                          spatial ? "channel" : "element of X's dims[1:]");
  }
  p->n = x->dims[0];
  p->c = cc;
  p->inner = inner;
  p->epsilon = ir_attr_float(n, "epsilon", 1e-5f);
  if (training && spatial == 0)
    return ir_node_fail(d, n, "internal error: spatial=0 with training_mode");
  return 0;
}

static int bn_training(ir_node *n) { return ir_attr_int(n, "training_mode", 0) != 0; }

static int bn_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_batchnorm_params p;
  if (bn_plan(d, g, n, &p)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  ir_set_shape(y, IR_F32, x->rank, x->dims);
  for (int i = 1; i < n->n_outputs && i < 3; i++) /* running_mean, running_var */
    if (n->outputs[i] >= 0) ir_set_shape(ir_out(g, n, i), IR_F32, 1, &p.c);
  return 0;
}

static int stats_constant(ir_graph *g, ir_node *n) {
  for (int i = 1; i < 5; i++)
    if (!ir_in(g, n, i)->data) return 0;
  return 1;
}

/* Folds the statistics into st[0..c) = scale and st[c..2c) = shift. */
static float *bn_fold(ir_graph *g, ir_node *n, const kiln_batchnorm_params *p) {
  size_t bytes;
  if (kiln_mul_size((size_t)(p->c ? p->c : 1) * 2, sizeof(float), &bytes)) return NULL;
  float *st = kiln_malloc(bytes);
  if (!st) return NULL;
  const ir_tensor *sc = ir_in(g, n, 1), *b = ir_in(g, n, 2), *m = ir_in(g, n, 3),
                  *v = ir_in(g, n, 4);
  for (int64_t c = 0; c < p->c; c++) {
    double s = ir_get_f64(sc, c) / sqrt(ir_get_f64(v, c) + (double)p->epsilon);
    st[c] = (float)s;
    st[p->c + c] = (float)(ir_get_f64(b, c) - ir_get_f64(m, c) * s);
  }
  return st;
}

static int bn_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_batchnorm_params p;
  if (bn_plan(d, g, n, &p)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  if (bn_training(n)) {
    float *o[3] = {ir_alloc_data(y), NULL, NULL};
    for (int i = 1; i < 3 && i < n->n_outputs; i++)
      if (n->outputs[i] >= 0 && !(o[i] = ir_alloc_data(ir_out(g, n, i))))
        return ir_node_fail(d, n, "out of memory");
    if (!o[0]) return ir_node_fail(d, n, "out of memory");
    kiln_f32_batchnorm_train__c(&p, ir_attr_float(n, "momentum", 0.9f), ir_in(g, n, 0)->data,
                                ir_in(g, n, 1)->data, ir_in(g, n, 2)->data, ir_in(g, n, 3)->data,
                                ir_in(g, n, 4)->data, o[0], o[1], o[2]);
    return 0;
  }
  float *out = ir_alloc_data(y);
  float *st = bn_fold(g, n, &p);
  if (!out || !st) {
    free(st);
    return ir_node_fail(d, n, "out of memory");
  }
  kiln_f32_scale_shift__c(&p, ir_in(g, n, 0)->data, st, st + p.c, out);
  free(st);
  return 0;
}

static int bn_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  kiln_batchnorm_params p;
  if (bn_plan(d, g, n, &p)) return -1;
  char id[64], x[160], y[160], eps[48], a[5][160];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (op_emit_ref(e, n->inputs[0], x, sizeof x) || op_emit_ref(e, n->outputs[0], y, sizeof y))
    return -1;
  emit_decl(e, "static const kiln_batchnorm_params %s_p = {.n = %lld, .c = %lld, .inner = %lld, "
            ".epsilon = %s};\n", id, (long long)p.n, (long long)p.c, (long long)p.inner,
            op_f32_literal(p.epsilon, eps, sizeof eps));
  if (bn_training(n)) {
    char mo[48], r[2][160] = {"NULL", "NULL"};
    for (int i = 1; i < 5; i++)
      if (op_emit_ref(e, n->inputs[i], a[i], sizeof a[i])) return -1;
    for (int i = 1; i < 3 && i < n->n_outputs; i++)
      if (n->outputs[i] >= 0 && op_emit_ref(e, n->outputs[i], r[i - 1], sizeof r[i - 1])) return -1;
    if (emit_use(e, "kiln_f32_batchnorm_train__c")) return -1;
    emit_code(e, "kiln_f32_batchnorm_train__c(&%s_p, /*momentum=*/%s, %s, %s, %s, %s, %s, %s, %s, "
              "%s);\n", id, op_f32_literal(ir_attr_float(n, "momentum", 0.9f), mo, sizeof mo), x,
              a[1], a[2], a[3], a[4], y, r[0], r[1]);
    return 0;
  }
  if (stats_constant(g, n)) {
    float *st = bn_fold(g, n, &p);
    if (!st) return ir_node_fail(d, n, "out of memory");
    const char *w = emit_weight(e, st, (size_t)p.c * 2 * sizeof(float), "float");
    if (w) snprintf(a[0], sizeof a[0], "%s", w);
    free(st);
    if (!w || emit_use(e, "kiln_f32_scale_shift__c")) return -1;
    emit_code(e, "kiln_f32_scale_shift__c(&%s_p, %s, %s, %s + %lld, %s);\n", id, x, a[0], a[0],
              (long long)p.c, y);
    return 0;
  }
  for (int i = 1; i < 5; i++)
    if (op_emit_ref(e, n->inputs[i], a[i], sizeof a[i])) return -1;
  if (emit_use(e, "kiln_f32_batchnorm__c")) return -1;
  emit_code(e, "kiln_f32_batchnorm__c(&%s_p, %s, %s, %s, %s, %s, %s);\n", id, x, a[1], a[2], a[3],
            a[4], y);
  return 0;
}

const op_def op_BatchNormalization = {
    .name = "BatchNormalization", .domain = "", .since = 1, .until = 0,
    .attrs = "epsilon momentum training_mode is_test spatial consumed_inputs",
    .infer = bn_infer, .eval = bn_eval, .emit = bn_emit, .flags = OP_INPLACE};
