/* dropout.c - Dropout in training mode (opset 12+: input 2 'training_mode'
 * true or only known at run time).
 *
 * Not a registered op of its own: Dropout's infer (view.c) hands such
 * nodes to op_DropoutTraining, because inference-mode Dropout is a view
 * (output aliases input) and this form computes a new tensor.
 * Inputs: data (float32), ratio (optional scalar, default 0.5; constant or
 * float32 at run time), training_mode (bool scalar, constant or run time).
 * Outputs: output, optional bool mask. The dropped elements follow numpy's
 * RandomState(seed).uniform(0, 1, shape) >= ratio, as in the ONNX reference
 * (kernels/dropout.c); without a `seed` attribute the seed is a hash of the
 * node's name, so a build is reproducible.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/dropout.h"

#include <stdio.h>
#include <string.h>

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};
static const ir_dtype bool_only[] = {IR_BOOL, IR_UNDEFINED};

static uint32_t dt_seed(ir_node *n) {
  if (ir_attr_find(n, "seed")) return (uint32_t)ir_attr_int(n, "seed", 0);
  uint32_t h = 2166136261u; /* FNV-1a of the node name */
  for (const char *c = n->name ? n->name : ""; *c; c++) h = (h ^ (unsigned char)*c) * 16777619u;
  return h;
}

static int dt_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *r = ir_in(g, n, 1), *t = ir_in(g, n, 2);
  ir_tensor *y = ir_out(g, n, 0), *mask = ir_out(g, n, 1);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (op_check_dtype(d, n, x, 0, f32_only)) return -1;
  if (r) {
    if (ir_numel(r) != 1) return ir_node_fail(d, n, "input 1 'ratio' must be a scalar");
    if (!r->data && op_check_dtype(d, n, r, 1, f32_only)) return -1;
    if (r->data && !ir_dtype_is_float(r->dtype))
      return ir_node_fail(d, n, "input 1 'ratio' has dtype %s, expected a float type",
                          ir_dtype_name(r->dtype));
    if (r->data) {
      double v = ir_get_f64(r, 0);
      if (!(v >= 0.0 && v < 1.0))
        return ir_node_fail(d, n, "input 1 'ratio' is %g; expected 0 <= ratio < 1", v);
    }
  }
  if (!t || op_check_dtype(d, n, t, 2, bool_only)) return t ? -1 : ir_node_fail(d, n, "internal error: no training_mode");
  if (ir_numel(t) != 1) return ir_node_fail(d, n, "input 2 'training_mode' must be a scalar");
  (void)ir_attr_int(n, "seed", 0);
  ir_set_shape(y, IR_F32, x->rank, x->dims);
  if (mask) ir_set_shape(mask, IR_BOOL, x->rank, x->dims);
  return 0;
}

static float dt_ratio(const ir_tensor *r) { return r ? (float)ir_get_f64(r, 0) : 0.5f; }

static int dt_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (dt_infer(d, g, n)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *mask = ir_out(g, n, 1);
  float *y = ir_alloc_data(ir_out(g, n, 0));
  uint8_t *m = mask ? ir_alloc_data(mask) : NULL;
  if (!y || (mask && !m)) return ir_node_fail(d, n, "out of memory");
  kiln_f32_dropout__c(ir_numel(x), dt_seed(n), dt_ratio(ir_in(g, n, 1)),
                      ir_get_f64(ir_in(g, n, 2), 0) != 0.0, x->data, y, m);
  return 0;
}

static int dt_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  if (dt_infer(d, g, n)) return -1;
  ir_tensor *r = ir_in(g, n, 1), *t = ir_in(g, n, 2);
  char xs[160], ys[160], ms[160] = "NULL", rs[200], ts[200];
  if (op_emit_ref(e, n->inputs[0], xs, sizeof xs) || op_emit_ref(e, n->outputs[0], ys, sizeof ys))
    return -1;
  if (ir_out(g, n, 1) && op_emit_ref(e, n->outputs[1], ms, sizeof ms)) return -1;
  if (!r || r->data) {
    op_f32_literal(dt_ratio(r), rs, sizeof rs);
  } else {
    char b[160];
    if (op_emit_ref(e, n->inputs[1], b, sizeof b)) return -1;
    snprintf(rs, sizeof rs, "%s[0]", b);
  }
  if (t->data) {
    snprintf(ts, sizeof ts, "%d", ir_get_f64(t, 0) != 0.0);
  } else {
    char b[160];
    if (op_emit_ref(e, n->inputs[2], b, sizeof b)) return -1;
    snprintf(ts, sizeof ts, "%s[0] != 0", b);
  }
  if (emit_use(e, "kiln_f32_dropout__c")) return -1;
  emit_code(e, "kiln_f32_dropout__c(%lld, /*seed=*/%luu, /*ratio=*/%s, /*training=*/%s, %s, %s, "
            "%s);\n", (long long)ir_numel(ir_in(g, n, 0)), (unsigned long)dt_seed(n), rs, ts, xs,
            ys, ms);
  return 0;
}

const op_def op_DropoutTraining = {
  .name = "Dropout", .domain = "", .since = 12, .until = 0, .attrs = "seed",
  .infer = dt_infer, .eval = dt_eval, .emit = dt_emit, .flags = 0,
};
