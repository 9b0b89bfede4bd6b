/* quant.c - QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear.
 *
 * QuantizeLinear(x, y_scale[, y_zero_point]) -> y = saturate(rint(x / y_scale) + zp)
 * DequantizeLinear(x, x_scale[, x_zero_point]) -> y = (x - zp) * x_scale
 * Granularity from the scale's shape: one element = per tensor; 1-D of
 * x.shape[axis] = per axis; x's rank with ceil(D / block_size) along axis =
 * blocked (opset 21+). The zero point has the scale's shape.
 * Versions: axis from 13; saturate (float8 only) from 19; block_size and
 * QuantizeLinear's output_dtype from 21; QuantizeLinear's precision and
 * DequantizeLinear's output_dtype from 23.
 * Quantize's output type: the zero point's, else output_dtype, else uint8.
 * Its division runs in `precision` if set, else in the numpy promotion of
 * x's and the scale's types (float16 / float16 stays float16, int32 x with
 * a float scale is float64), as the reference does.
 * Dequantize's output type: output_dtype, else the scale's.
 * DynamicQuantizeLinear(x float32) -> (y uint8, y_scale float32, y_zero_point uint8).
 *
 * One kernel each (src/kernels/quant.c), dtype-generic through KILN_QDT_*
 * codes; eval runs the same kernels.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/quant.h"

#include <stdio.h>
#include <string.h>

/* ---- element types ---- */

static const char *qdt_name(int dt) {
  switch (dt) {
  case KILN_QDT_F8E4M3FN: return "float8e4m3fn";
  case KILN_QDT_F8E4M3FNUZ: return "float8e4m3fnuz";
  case KILN_QDT_F8E5M2: return "float8e5m2";
  case KILN_QDT_F8E5M2FNUZ: return "float8e5m2fnuz";
  case KILN_QDT_U4: return "uint4";
  case KILN_QDT_I4: return "int4";
  case KILN_QDT_F4E2M1: return "float4e2m1";
  case KILN_QDT_F8E8M0: return "float8e8m0";
  case KILN_QDT_U2: return "uint2";
  case KILN_QDT_I2: return "int2";
  default: return ir_dtype_name((ir_dtype)dt);
  }
}

/* Types kiln can hold and the kernels can load/store. */
static int q_has_type(int dt) {
  switch (dt) {
  case KILN_QDT_F32: case KILN_QDT_F16: case KILN_QDT_BF16: case KILN_QDT_I32:
  case KILN_QDT_U8: case KILN_QDT_I8: case KILN_QDT_U16: case KILN_QDT_I16:
  case KILN_QDT_U4: case KILN_QDT_I4: case KILN_QDT_U2: case KILN_QDT_I2:
  case KILN_QDT_F8E4M3FN: case KILN_QDT_F8E4M3FNUZ: case KILN_QDT_F8E5M2:
  case KILN_QDT_F8E5M2FNUZ: case KILN_QDT_F4E2M1:
    return 1;
  default: return 0;
  }
}

/* Quantised (integer / low-precision) types of the spec. */
static int q_is_quant_type(int dt) {
  switch (dt) {
  case KILN_QDT_U8: case KILN_QDT_I8: case KILN_QDT_U16: case KILN_QDT_I16:
  case KILN_QDT_U4: case KILN_QDT_I4: case KILN_QDT_U2: case KILN_QDT_I2:
  case KILN_QDT_F8E4M3FN: case KILN_QDT_F8E4M3FNUZ: case KILN_QDT_F8E5M2:
  case KILN_QDT_F8E5M2FNUZ: case KILN_QDT_F4E2M1:
    return 1;
  default: return 0;
  }
}

static int q_is_float(int dt) {
  return dt == KILN_QDT_F32 || dt == KILN_QDT_F16 || dt == KILN_QDT_BF16 || dt == KILN_QDT_F64;
}

#define Q_SUPPORTED "int8, uint8, int16, uint16, int4, uint4, int2, uint2, float8, float4e2m1"

/* ---- shared shape logic ---- */

/* Fills p's layout (outer, axis_n, inner, mode, block) from x and the scale
 * (input 1) and checks the zero point (input 2, may be absent). */
static int q_layout(kiln_diag *d, ir_graph *g, ir_node *n, kiln_quant_params *p) {
  char b1[96], b2[96];
  ir_tensor *x = ir_in(g, n, 0), *s = ir_in(g, n, 1), *z = ir_in(g, n, 2);
  if (n->opset < 13 && ir_attr_find(n, "axis"))
    return ir_node_fail(d, n, "attribute 'axis' exists only from opset 13");
  if (n->opset < 21 && ir_attr_find(n, "block_size"))
    return ir_node_fail(d, n, "attribute 'block_size' exists only from opset 21");
  const int64_t axis_attr = ir_attr_int(n, "axis", 1);
  const int64_t block = ir_attr_int(n, "block_size", 0);
  if (block < 0) return ir_node_fail(d, n, "block_size must be >= 0 (got %lld)", (long long)block);
  const int64_t sn = ir_numel(s);
  if (sn < 0) return ir_node_fail(d, n, "input 1 (scale) has an unknown shape");
  memset(p, 0, sizeof *p);
  p->outer = 1;
  p->axis_n = ir_numel(x);
  p->inner = 1;
  p->mode = KILN_QUANT_TENSOR;
  if (p->axis_n < 0) return ir_node_fail(d, n, "input 0 'x' has an unknown shape");
  if (n->opset < 13 && sn != 1)
    return ir_node_fail(d, n, "the scale has %lld elements; before opset 13 it must be a scalar "
                        "(per-tensor quantisation)", (long long)sn);
  if (sn == 1 && s->rank <= 1) {
    /* per tensor (a 1-element scale is a scalar, with or without block_size) */
  } else {
    int axis;
    if (op_axis(d, n, axis_attr, x->rank, &axis)) return -1;
    p->outer = 1;
    for (int i = 0; i < axis; i++) p->outer *= x->dims[i];
    p->axis_n = x->dims[axis];
    p->inner = 1;
    for (int i = axis + 1; i < x->rank; i++) p->inner *= x->dims[i];
    if (block == 0) {
      if (s->rank != 1 || s->dims[0] != x->dims[axis])
        return ir_node_fail(d, n, "scale has shape [%s]; per-axis quantisation along axis %d of "
                            "x [%s] needs a 1-D scale of %lld elements (or set block_size)",
                            ir_shape_str(s, b1, sizeof b1), axis, ir_shape_str(x, b2, sizeof b2),
                            (long long)x->dims[axis]);
      p->mode = KILN_QUANT_AXIS;
    } else {
      int ok = s->rank == x->rank;
      for (int i = 0; ok && i < x->rank; i++)
        ok = i == axis ? s->dims[i] == (x->dims[i] + block - 1) / block : s->dims[i] == x->dims[i];
      if (!ok)
        return ir_node_fail(d, n, "scale has shape [%s]; blocked quantisation of x [%s] with "
                            "block_size %lld along axis %d needs x's shape with ceil(%lld / %lld) "
                            "along that axis", ir_shape_str(s, b1, sizeof b1),
                            ir_shape_str(x, b2, sizeof b2), (long long)block, axis,
                            (long long)x->dims[axis], (long long)block);
      p->mode = KILN_QUANT_BLOCK;
      p->block = block;
      p->s_axis_n = s->dims[axis];
    }
  }
  if (z) {
    int same = z->rank == s->rank;
    for (int i = 0; same && i < s->rank; i++) same = z->dims[i] == s->dims[i];
    if (!same && !(ir_numel(z) == 1 && sn == 1))
      return ir_node_fail(d, n, "zero point has shape [%s], expected the scale's [%s]",
                          ir_shape_str(z, b1, sizeof b1), ir_shape_str(s, b2, sizeof b2));
  }
  return 0;
}

/* ---- QuantizeLinear ---- */

/* The numpy result type of x / scale (both float, or int32). */
static int q_promote(int a, int b) {
  if (a == b) return a == KILN_QDT_I32 ? KILN_QDT_F64 : a;
  if (a == KILN_QDT_I32 || b == KILN_QDT_I32) return KILN_QDT_F64;
  if (a == KILN_QDT_F64 || b == KILN_QDT_F64) return KILN_QDT_F64;
  return KILN_QDT_F32; /* float32 with a 16-bit float, or float16 with bfloat16 */
}

static int quantize_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_quant_params *p) {
  if (n->n_inputs < 2 || n->n_inputs > 3)
    return ir_node_fail(d, n, "expected 2 or 3 inputs, got %d", n->n_inputs);
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *s = ir_in(g, n, 1), *z = ir_in(g, n, 2);
  if (z && z->rank < 0) return ir_node_fail(d, n, "input 2 'y_zero_point' has an unknown shape");
  if (n->opset < 19 && ir_attr_find(n, "saturate"))
    return ir_node_fail(d, n, "attribute 'saturate' exists only from opset 19");
  if (n->opset < 21 && ir_attr_find(n, "output_dtype"))
    return ir_node_fail(d, n, "attribute 'output_dtype' exists only from opset 21");
  if (n->opset < 23 && ir_attr_find(n, "precision"))
    return ir_node_fail(d, n, "attribute 'precision' exists only from opset 23");
  if (q_layout(d, g, n, p)) return -1;
  const int xd = (int)x->dtype, sd = (int)s->dtype;
  if (!q_is_float(xd) && xd != KILN_QDT_I32)
    return ir_node_fail(d, n, "input 0 'x' has dtype %s; QuantizeLinear takes float32, float16, "
                        "bfloat16 or int32", qdt_name(xd));
  if (!q_is_float(sd) && sd != KILN_QDT_I32)
    return ir_node_fail(d, n, "input 1 'y_scale' has dtype %s; kiln supports float32, float16, "
                        "bfloat16 and int32 scales", qdt_name(sd));
  const int64_t od = ir_attr_int(n, "output_dtype", 0);
  int yd = KILN_QDT_U8;
  if (z) {
    yd = (int)z->dtype;
    if (od != 0 && od != yd)
      return ir_node_fail(d, n, "output_dtype %s differs from the zero point's dtype %s",
                          qdt_name((int)od), qdt_name(yd));
  } else if (od != 0) {
    yd = (int)od;
  }
  if (!q_is_quant_type(yd))
    return ir_node_fail(d, n, "output type %s is not a quantised type (int8, uint8, int16, "
                        "uint16, int4, uint4, int2, uint2, float8, float4e2m1)", qdt_name(yd));
  if (!q_has_type(yd))
    return ir_node_fail(d, n, "quantising to %s is not supported (supported: " Q_SUPPORTED ")",
                        qdt_name(yd));
  const int64_t prec = ir_attr_int(n, "precision", 0);
  if (prec != 0 && !q_is_float((int)prec))
    return ir_node_fail(d, n, "precision %s is not supported (float32, float16, bfloat16)",
                        qdt_name((int)prec));
  p->saturate = (int)ir_attr_int(n, "saturate", 1);
  p->x_dt = xd;
  p->s_dt = sd;
  p->zp_dt = yd;
  p->y_dt = yd;
  p->div_dt = prec ? (int)prec : q_promote(xd, sd);
  return 0;
}

static int quantize_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_quant_params p;
  if (quantize_plan(d, g, n, &p)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output");
  ir_set_shape(y, (ir_dtype)p.y_dt, x->rank, x->dims);
  return 0;
}

static int quantize_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_quant_params p;
  if (quantize_plan(d, g, n, &p)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *s = ir_in(g, n, 1), *z = ir_in(g, n, 2);
  void *y = ir_alloc_data(ir_out(g, n, 0));
  if (!y) return ir_node_fail(d, n, "out of memory folding %s", n->op_type);
  kiln_quantize_linear__c(&p, x->data, s->data, z ? z->data : NULL, y);
  return 0;
}

static void q_emit_params(emit_ctx *e, const char *id, const kiln_quant_params *p) {
  emit_decl(e, "static const kiln_quant_params %s_p = {%lld, %lld, %lld, %lld, %lld, %d, %d, %d, "
            "%d, %d, %d, %d};\n", id, (long long)p->outer, (long long)p->axis_n,
            (long long)p->inner, (long long)p->block, (long long)p->s_axis_n, p->mode, p->x_dt,
            p->s_dt, p->zp_dt, p->y_dt, p->div_dt, p->saturate);
}

/* emit_bytes of input i, or "0" when it is omitted. */
static const char *q_ref(emit_ctx *e, const ir_node *n, int i, char *buf, size_t size) {
  if (i >= n->n_inputs || n->inputs[i] < 0) snprintf(buf, size, "0");
  else snprintf(buf, size, "%s", emit_bytes(e, n->inputs[i]));
  return buf;
}

static int q_emit_common(emit_ctx *e, ir_graph *g, ir_node *n, const kiln_quant_params *p,
                         const char *sym) {
  (void)g;
  if (p->outer * p->axis_n * p->inner == 0) return 0;
  if (emit_use(e, sym)) return -1;
  char id[64], xr[256], sr[256], zr[256];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  q_emit_params(e, id, p);
  q_ref(e, n, 0, xr, sizeof xr);
  q_ref(e, n, 1, sr, sizeof sr);
  q_ref(e, n, 2, zr, sizeof zr);
  emit_code(e, "%s(&%s_p, %s, %s, %s, %s);\n", sym, id, xr, sr, zr, emit_bytes(e, n->outputs[0]));
  return 0;
}

static int quantize_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_quant_params p;
  if (quantize_plan(emit_diag(e), g, n, &p)) return -1;
  return q_emit_common(e, g, n, &p, "kiln_quantize_linear__c");
}

const op_def op_QuantizeLinear = {.name = "QuantizeLinear", .domain = "", .since = 10, .until = 0,
                                  .attrs = "axis saturate block_size output_dtype precision",
                                  .infer = quantize_infer, .eval = quantize_eval,
                                  .emit = quantize_emit, .flags = 0};

/* ---- DequantizeLinear ---- */

static int dequantize_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_quant_params *p) {
  if (n->n_inputs < 2 || n->n_inputs > 3)
    return ir_node_fail(d, n, "expected 2 or 3 inputs, got %d", n->n_inputs);
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *s = ir_in(g, n, 1), *z = ir_in(g, n, 2);
  if (z && z->rank < 0) return ir_node_fail(d, n, "input 2 'x_zero_point' has an unknown shape");
  if (n->opset < 23 && ir_attr_find(n, "output_dtype"))
    return ir_node_fail(d, n, "attribute 'output_dtype' exists only from opset 23");
  if (q_layout(d, g, n, p)) return -1;
  const int xd = (int)x->dtype, sd = (int)s->dtype;
  if (!q_is_quant_type(xd) && xd != KILN_QDT_I32)
    return ir_node_fail(d, n, "input 0 'x' has dtype %s; DequantizeLinear takes a quantised type "
                        "or int32", qdt_name(xd));
  if (!q_has_type(xd))
    return ir_node_fail(d, n, "dequantising %s is not supported (supported: " Q_SUPPORTED
                        ", int32)", qdt_name(xd));
  if (z && (int)z->dtype != xd)
    return ir_node_fail(d, n, "zero point has dtype %s, expected x's %s", qdt_name((int)z->dtype),
                        qdt_name(xd));
  if (!q_is_float(sd) || sd == KILN_QDT_F64)
    return ir_node_fail(d, n, "input 1 'x_scale' has dtype %s; kiln supports float32, float16 "
                        "and bfloat16 scales", qdt_name(sd));
  const int64_t od = ir_attr_int(n, "output_dtype", 0);
  const int yd = od ? (int)od : sd;
  if (yd != KILN_QDT_F32 && yd != KILN_QDT_F16 && yd != KILN_QDT_BF16)
    return ir_node_fail(d, n, "output_dtype %s is not float32, float16 or bfloat16", qdt_name(yd));
  p->x_dt = xd;
  p->s_dt = sd;
  p->zp_dt = xd;
  p->y_dt = yd;
  p->div_dt = KILN_QDT_F32;
  return 0;
}

static int dequantize_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_quant_params p;
  if (dequantize_plan(d, g, n, &p)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output");
  ir_set_shape(y, (ir_dtype)p.y_dt, x->rank, x->dims);
  return 0;
}

static int dequantize_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_quant_params p;
  if (dequantize_plan(d, g, n, &p)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *s = ir_in(g, n, 1), *z = ir_in(g, n, 2);
  void *y = ir_alloc_data(ir_out(g, n, 0));
  if (!y) return ir_node_fail(d, n, "out of memory folding %s", n->op_type);
  kiln_dequantize_linear__c(&p, x->data, s->data, z ? z->data : NULL, y);
  return 0;
}

static int dequantize_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_quant_params p;
  if (dequantize_plan(emit_diag(e), g, n, &p)) return -1;
  return q_emit_common(e, g, n, &p, "kiln_dequantize_linear__c");
}

const op_def op_DequantizeLinear = {.name = "DequantizeLinear", .domain = "", .since = 10,
                                    .until = 0, .attrs = "axis block_size output_dtype",
                                    .infer = dequantize_infer, .eval = dequantize_eval,
                                    .emit = dequantize_emit, .flags = 0};

/* ---- DynamicQuantizeLinear ---- */

static int dynq_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};
  if (n->n_inputs != 1) return ir_node_fail(d, n, "expected 1 input, got %d", n->n_inputs);
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, f32_only)) return -1;
  if (n->n_outputs != 3) return ir_node_fail(d, n, "expected 3 outputs, got %d", n->n_outputs);
  ir_tensor *y = ir_out(g, n, 0), *s = ir_out(g, n, 1), *z = ir_out(g, n, 2);
  if (y) ir_set_shape(y, IR_U8, x->rank, x->dims);
  if (s) ir_set_shape(s, IR_F32, 0, NULL);
  if (z) ir_set_shape(z, IR_U8, 0, NULL);
  return 0;
}

static int dynq_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0);
  ir_tensor *yt = ir_out(g, n, 0), *st = ir_out(g, n, 1), *zt = ir_out(g, n, 2);
  uint8_t tmp_z;
  float tmp_s;
  const int64_t cnt = ir_numel(x);
  if (!yt || !st || !zt) return ir_node_fail(d, n, "cannot fold with an omitted output");
  uint8_t *y = ir_alloc_data(yt);
  float *s = ir_alloc_data(st);
  uint8_t *z = ir_alloc_data(zt);
  if ((!y && cnt > 0) || !s || !z) return ir_node_fail(d, n, "out of memory folding %s", n->op_type);
  kiln_f32_dynamic_quantize_linear__c(cnt, x->data, y, &tmp_s, &tmp_z);
  *s = tmp_s;
  *z = tmp_z;
  return 0;
}

static int dynq_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  if (n->n_outputs != 3 || n->outputs[0] < 0 || n->outputs[1] < 0 || n->outputs[2] < 0)
    return ir_node_fail(d, n, "all three outputs must be present (kiln writes them together)");
  if (emit_use(e, "kiln_f32_dynamic_quantize_linear__c")) return -1;
  char xr[256], yr[256], sr[256];
  snprintf(xr, sizeof xr, "%s", emit_ref(e, n->inputs[0]));
  snprintf(yr, sizeof yr, "%s", emit_ref(e, n->outputs[0]));
  snprintf(sr, sizeof sr, "%s", emit_ref(e, n->outputs[1]));
  emit_code(e, "kiln_f32_dynamic_quantize_linear__c(%lld, %s, %s, %s, %s);\n",
            (long long)ir_numel(ir_in(g, n, 0)), xr, yr, sr, emit_ref(e, n->outputs[2]));
  return 0;
}

const op_def op_DynamicQuantizeLinear = {.name = "DynamicQuantizeLinear", .domain = "",
                                         .since = 11, .until = 0, .attrs = "",
                                         .infer = dynq_infer, .eval = dynq_eval,
                                         .emit = dynq_emit, .flags = 0};
