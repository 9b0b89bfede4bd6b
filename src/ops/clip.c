/* clip.c - Clip: y = Min(max, Max(x, min)).
 *
 * Versions: opset 1-10 take `min`/`max` float attributes whose defaults are
 * the spec's numeric_limits<float>::lowest()/max() (so +-inf inputs clip to
 * +-FLT_MAX, as the ONNX reference and onnxruntime do). From opset 11 they are
 * optional inputs 1 and 2 (an empty name omits one); kiln bakes the bounds
 * into the generated call, so present ones must be constant, and an omitted
 * bound does not clip (the ONNX reference's behaviour). Opset 12 widened T from
 * floats to every numeric type.
 *
 * Run time: float32, float64 and every integer dtype (kernels in
 * src/kernels/unary.c). Folding also covers float16/bfloat16 (through
 * float32: Clip only selects values, so this is exact).
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/unary.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bounds, as double (float types) and int64 (integer types). */
typedef struct clip_bounds {
  double lo, hi;
  int64_t ilo, ihi;
  int has_lo, has_hi; /* given by the model (else: defaults) */
} clip_bounds;

static int is_float_type(ir_dtype t) { return ir_dtype_is_float(t); }

static void int_limits(ir_dtype t, int64_t *lo, int64_t *hi) {
  switch (t) {
  case IR_I8: *lo = INT8_MIN; *hi = INT8_MAX; break;
  case IR_U8: *lo = 0; *hi = UINT8_MAX; break;
  case IR_I16: *lo = INT16_MIN; *hi = INT16_MAX; break;
  case IR_U16: *lo = 0; *hi = UINT16_MAX; break;
  case IR_I32: *lo = INT32_MIN; *hi = INT32_MAX; break;
  case IR_U32: *lo = 0; *hi = UINT32_MAX; break;
  case IR_U64: *lo = 0; *hi = -1; break; /* UINT64_MAX's bits; the u64 kernel compares unsigned */
  default: *lo = INT64_MIN; *hi = INT64_MAX; break; /* int64 and the int64 folding path */
  }
}

/* Validates the bound inputs (opset >= 11) and reads the bounds. With
 * quiet, reports nothing and returns -1 on any problem (for as_act). */
static int get_bounds(kiln_diag *d, ir_graph *g, ir_node *n, const ir_tensor *x, clip_bounds *b,
                      int quiet) {
  memset(b, 0, sizeof *b);
  int_limits(x->dtype, &b->ilo, &b->ihi);
  if (n->opset < 11) {
    ir_attr *amin = ir_attr_find(n, "min"), *amax = ir_attr_find(n, "max");
    b->has_lo = amin != NULL;
    b->has_hi = amax != NULL;
    b->lo = ir_attr_float(n, "min", -FLT_MAX);
    b->hi = ir_attr_float(n, "max", FLT_MAX);
    /* ilo/ihi keep the type limits: Clip < 12 is float-only. */
    return 0;
  }
  b->lo = -INFINITY;
  b->hi = INFINITY;
  static const char *const names[] = {"min", "max"};
  for (int i = 1; i <= 2; i++) {
    const ir_tensor *t = ir_in(g, n, i);
    if (!t) continue;
    if (!t->data) {
      if (quiet) return -1;
      return ir_node_fail(d, n, "input %d '%s' (%s) must be a constant (computed at compile "
                          "time); kiln bakes Clip's bounds into the generated code", i, t->name,
                          names[i - 1]);
    }
    if (t->dtype != x->dtype) {
      if (quiet) return -1;
      return ir_node_fail(d, n, "input %d '%s' (%s) has dtype %s, expected %s like input 0", i,
                          t->name, names[i - 1], ir_dtype_name(t->dtype), ir_dtype_name(x->dtype));
    }
    if (ir_numel(t) != 1) {
      char s[96];
      if (quiet) return -1;
      return ir_node_fail(d, n, "input %d '%s' (%s) must be a scalar, has shape %s", i, t->name,
                          names[i - 1], ir_shape_str(t, s, sizeof s));
    }
    if (i == 1) {
      b->has_lo = 1;
      b->lo = ir_get_f64(t, 0);
      b->ilo = ir_get_i64(t, 0);
    } else {
      b->has_hi = 1;
      b->hi = ir_get_f64(t, 0);
      b->ihi = ir_get_i64(t, 0);
    }
  }
  return 0;
}

static int clip_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  int max_in = n->opset >= 11 ? 3 : 1;
  if (n->n_inputs < 1 || n->n_inputs > max_in)
    return ir_node_fail(d, n, "expected %s input%s, got %d", max_in == 1 ? "1" : "1 to 3",
                        max_in == 1 ? "" : "s", n->n_inputs);
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output, got %d", n->n_outputs);
  if (n->opset >= 11 && (ir_attr_find(n, "min") || ir_attr_find(n, "max")))
    return ir_node_fail(d, n, "attributes 'min'/'max' became inputs 1 and 2 in opset 11");
  if (n->opset >= 6 && ir_attr_find(n, "consumed_inputs"))
    return ir_node_fail(d, n, "attribute 'consumed_inputs' exists only before opset 6");
  static const char *const bound_attrs[] = {"min", "max"};
  for (int i = 0; i < 2; i++) {
    ir_attr *at = ir_attr_find(n, bound_attrs[i]);
    if (at && at->type != IR_ATTR_FLOAT && at->type != IR_ATTR_INT)
      return ir_node_fail(d, n, "attribute '%s' must be a float", bound_attrs[i]);
  }
  if (n->opset < 12) {
    static const ir_dtype ok[] = {IR_F16, IR_F32, IR_F64, IR_BF16, IR_UNDEFINED};
    if (op_check_dtype(d, n, x, 0, ok)) return -1;
  } else {
    static const ir_dtype ok[] = {IR_F16, IR_F32, IR_F64, IR_BF16, IR_I8, IR_I16, IR_I32, IR_I64,
                                  IR_U8, IR_U16, IR_U32, IR_U64, IR_UNDEFINED};
    if (op_check_dtype(d, n, x, 0, ok)) return -1;
  }
  clip_bounds b;
  if (get_bounds(d, g, n, x, &b, 0)) return -1;
  ir_set_shape(y, x->dtype, x->rank, x->dims);
  return 0;
}

static int check_no_fusion(kiln_diag *d, const ir_node *n) {
  if (n->act != IR_ACT_NONE || n->fused_add >= 0)
    return ir_node_fail(d, n, "internal error: a fused activation or residual add was attached "
                        "to Clip, which cannot apply it");
  return 0;
}

static int clip_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!x || !y || !x->data) return ir_node_fail(d, n, "internal error: cannot fold");
  if (check_no_fusion(d, n)) return -1;
  clip_bounds b;
  if (get_bounds(d, g, n, x, &b, 0)) return -1;
  int64_t cnt = ir_numel(x);
  void *out = cnt < 0 ? NULL : ir_alloc_data(y);
  if (!out) return ir_node_fail(d, n, "out of memory folding Clip");
  switch (x->dtype) {
  case IR_F32: kiln_f32_clip__c(cnt, x->data, out, (float)b.lo, (float)b.hi); return 0;
  case IR_F64: kiln_f64_clip__c(cnt, x->data, out, b.lo, b.hi); return 0;
  case IR_I32: kiln_i32_clip__c(cnt, x->data, out, (int32_t)b.ilo, (int32_t)b.ihi); return 0;
  case IR_I64: kiln_i64_clip__c(cnt, x->data, out, b.ilo, b.ihi); return 0;
  case IR_I8: kiln_i8_clip__c(cnt, x->data, out, (int8_t)b.ilo, (int8_t)b.ihi); return 0;
  case IR_U8: kiln_u8_clip__c(cnt, x->data, out, (uint8_t)b.ilo, (uint8_t)b.ihi); return 0;
  case IR_I16: kiln_i16_clip__c(cnt, x->data, out, (int16_t)b.ilo, (int16_t)b.ihi); return 0;
  case IR_U16: kiln_u16_clip__c(cnt, x->data, out, (uint16_t)b.ilo, (uint16_t)b.ihi); return 0;
  case IR_U32: kiln_u32_clip__c(cnt, x->data, out, (uint32_t)b.ilo, (uint32_t)b.ihi); return 0;
  case IR_U64: kiln_u64_clip__c(cnt, x->data, out, (uint64_t)b.ilo, (uint64_t)b.ihi); return 0;
  default: break;
  }
  int fl = is_float_type(x->dtype);
  void *tmp = kiln_malloc((size_t)cnt * (fl ? sizeof(float) : sizeof(int64_t)) + 1);
  if (!tmp) return ir_node_fail(d, n, "out of memory folding Clip");
  if (fl) { /* float16, bfloat16: exact in float32 */
    float *t = tmp;
    for (int64_t i = 0; i < cnt; i++) t[i] = (float)ir_get_f64(x, i);
    kiln_f32_clip__c(cnt, t, t, (float)b.lo, (float)b.hi);
    for (int64_t i = 0; i < cnt; i++) ir_put_f64(out, x->dtype, i, t[i]);
  } else { /* the other integers */
    int64_t *t = tmp;
    for (int64_t i = 0; i < cnt; i++) t[i] = ir_get_i64(x, i);
    kiln_i64_clip__c(cnt, t, t, b.ilo, b.ihi);
    for (int64_t i = 0; i < cnt; i++) ir_put_i64(out, x->dtype, i, t[i]);
  }
  free(tmp);
  return 0;
}

/* C literals: %.9g round-trips a float, %.17g a double. */
static const char *fmt_real(char *buf, size_t n, double v, int is_float) {
  if (v != v) snprintf(buf, n, "NAN");
  else if (isinf(v))
    snprintf(buf, n, "%s%s", v < 0 ? "-" : "", is_float ? "HUGE_VALF" : "HUGE_VAL");
  else {
    snprintf(buf, n, is_float ? "%.9g" : "%.17g", v);
    if (!strpbrk(buf, ".en")) strncat(buf, ".0", n - strlen(buf) - 1);
    if (is_float) strncat(buf, "f", n - strlen(buf) - 1);
  }
  return buf;
}

static const char *fmt_int(char *buf, size_t n, int64_t v) {
  if (v == INT64_MIN) snprintf(buf, n, "INT64_MIN"); /* -9223372036854775808 is not a literal */
  else if (v == INT32_MIN) snprintf(buf, n, "INT32_MIN");
  else snprintf(buf, n, "%lld", (long long)v);
  return buf;
}

static int clip_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!x || !y) return ir_node_fail(d, n, "internal error: cannot emit");
  if (check_no_fusion(d, n)) return -1;
  const char *abbrev;
  switch (x->dtype) {
  case IR_F32: abbrev = "f32"; break;
  case IR_F64: abbrev = "f64"; break;
  case IR_I32: abbrev = "i32"; break;
  case IR_I64: abbrev = "i64"; break;
  case IR_I8: abbrev = "i8"; break;
  case IR_U8: abbrev = "u8"; break;
  case IR_I16: abbrev = "i16"; break;
  case IR_U16: abbrev = "u16"; break;
  case IR_U32: abbrev = "u32"; break;
  case IR_U64: abbrev = "u64"; break;
  default:
    return ir_node_fail(d, n, "dtype %s is not supported at run time (supported: float32, "
                        "float64 and the integer types)", ir_dtype_name(x->dtype));
  }
  clip_bounds b;
  if (get_bounds(d, g, n, x, &b, 0)) return -1;
  int64_t cnt = ir_numel(x);
  if (cnt < 0) return ir_node_fail(d, n, "input shape is unknown or too large");
  if (cnt == 0) {
    emit_code(e, "/* empty tensor: nothing to do */\n");
    return 0;
  }
  char sym[32], xr[256], yr[256], lo[48], hi[48];
  snprintf(sym, sizeof sym, "kiln_%s_clip__c", abbrev);
  if (emit_use(e, sym)) return -1;
  const char *r = emit_ref(e, n->inputs[0]);
  if (!r) return ir_node_fail(d, n, "internal error: input 0 has no storage");
  snprintf(xr, sizeof xr, "%s", r);
  r = emit_ref(e, n->outputs[0]);
  if (!r) return ir_node_fail(d, n, "internal error: output 0 has no storage");
  snprintf(yr, sizeof yr, "%s", r);
  if (is_float_type(x->dtype)) {
    int f = x->dtype == IR_F32;
    fmt_real(lo, sizeof lo, f ? (double)(float)b.lo : b.lo, f);
    fmt_real(hi, sizeof hi, f ? (double)(float)b.hi : b.hi, f);
  } else {
    if (x->dtype == IR_U64) { /* the full unsigned range */
      snprintf(lo, sizeof lo, "UINT64_C(%llu)", (unsigned long long)(uint64_t)b.ilo);
      snprintf(hi, sizeof hi, "UINT64_C(%llu)", (unsigned long long)(uint64_t)b.ihi);
    } else { /* bounds have x's dtype (checked), so they fit its range */
      fmt_int(lo, sizeof lo, b.ilo);
      fmt_int(hi, sizeof hi, b.ihi);
    }
  }
  emit_code(e, "%s(%lld, %s, %s, %s, %s);\n", sym, (long long)cnt, xr, yr, lo, hi);
  return 0;
}

/* Fusable as IR_ACT_CLIP when float32 with known bounds and min <= max
 * (kiln_act_apply does not implement the min > max rule). */
static int clip_as_act(ir_graph *g, ir_node *n, ir_act *act, float *alpha, float *beta) {
  ir_tensor *x = ir_in(g, n, 0);
  clip_bounds b;
  if (!x || x->dtype != IR_F32 || get_bounds(NULL, g, n, x, &b, 1)) return 0;
  float lo = (float)b.lo, hi = (float)b.hi;
  if (!(lo <= hi)) return 0;
  *act = IR_ACT_CLIP;
  *alpha = lo;
  *beta = hi;
  return 1;
}

const op_def op_Clip = {.name = "Clip", .domain = "", .since = 1, .until = 0,
                        .attrs = "min max consumed_inputs", .infer = clip_infer,
                        .eval = clip_eval, .emit = clip_emit,
                        .flags = OP_ELEMENTWISE | OP_INPLACE | OP_ACTIVATION,
                        .as_act = clip_as_act};
