/* unary.c - elementwise unary operators: math (Exp, Log, Sqrt, Erf, Round,
 * ...), activations (Relu, Sigmoid, LeakyRelu, HardSwish, ...) and Not.
 *
 * One table row per op says which dtypes ONNX allows, which attributes
 * parameterise it and which kernels (src/kernels/unary.c) compute it; the
 * op_defs at the bottom share one infer/eval/emit.
 *
 * Run time: float32 and float64 for every float op, int32/int64 for Relu,
 * Neg, Abs and Sign, bool for Not. Constant folding covers every dtype ONNX
 * allows by running those same kernels: float16/bfloat16 through float32
 * (exact widening, one rounding back), other integers through the int64
 * kernel (wrapping back) or, for float math on integers (Erf, Sign...),
 * through the float64 kernel.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/unary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* dtype classes */
enum { T_FLOAT = 1u, T_SINT = 2u, T_UINT = 4u, T_BOOL = 8u };

typedef struct unary_kind {
  const char *name; /* ONNX op_type */
  const char *sym;  /* kernel name part: kiln_<dtype>_<sym>__c */
  unsigned types;   /* dtype classes allowed at every opset */
  unsigned late;    /* classes allowed from opset late_since on */
  int late_since;
  const char *pa, *pb; /* attributes passed as the kernel's a, b (NULL: none) */
  float da, db;        /* their defaults */
  ir_act act;          /* fusable activation, IR_ACT_NONE if not */
  void (*f32)(int64_t, const float *, float *);
  void (*f32ab)(int64_t, const float *, float *, float, float);
  void (*f64)(int64_t, const double *, double *);
  void (*f64ab)(int64_t, const double *, double *, double, double);
  void (*i32)(int64_t, const int32_t *, int32_t *);
  void (*i64)(int64_t, const int64_t *, int64_t *);
  void (*b8)(int64_t, const uint8_t *, uint8_t *);
} unary_kind;

#define F(s) .f32 = kiln_f32_##s##__c, .f64 = kiln_f64_##s##__c
#define FAB(s) .f32ab = kiln_f32_##s##__c, .f64ab = kiln_f64_##s##__c
#define I(s) .i32 = kiln_i32_##s##__c, .i64 = kiln_i64_##s##__c

static const unary_kind kinds[] = {
  /* Relu gained int8..int64 in opset 14. */
  {.name = "Relu", .sym = "relu", .types = T_FLOAT, .late = T_SINT, .late_since = 14,
   .act = IR_ACT_RELU, F(relu), I(relu)},
  {.name = "Sigmoid", .sym = "sigmoid", .types = T_FLOAT, .act = IR_ACT_SIGMOID, F(sigmoid)},
  {.name = "Tanh", .sym = "tanh", .types = T_FLOAT, .act = IR_ACT_TANH, F(tanh)},
  {.name = "Exp", .sym = "exp", .types = T_FLOAT, F(exp)},
  {.name = "Log", .sym = "log", .types = T_FLOAT, F(log)},
  {.name = "Sqrt", .sym = "sqrt", .types = T_FLOAT, F(sqrt)},
  /* Neg and Abs gained integers in opset 6 (Neg: signed only). */
  {.name = "Neg", .sym = "neg", .types = T_FLOAT, .late = T_SINT, .late_since = 6, F(neg), I(neg)},
  {.name = "Abs", .sym = "abs", .types = T_FLOAT, .late = T_SINT | T_UINT, .late_since = 6,
   F(abs), I(abs)},
  /* Erf and Sign accept every numeric type (computed in float64 for ints). */
  {.name = "Erf", .sym = "erf", .types = T_FLOAT | T_SINT | T_UINT, F(erf)},
  {.name = "Reciprocal", .sym = "reciprocal", .types = T_FLOAT, F(reciprocal)},
  {.name = "Floor", .sym = "floor", .types = T_FLOAT, F(floor)},
  {.name = "Ceil", .sym = "ceil", .types = T_FLOAT, F(ceil)},
  {.name = "Round", .sym = "round", .types = T_FLOAT, F(round)},
  {.name = "Sign", .sym = "sign", .types = T_FLOAT | T_SINT | T_UINT, F(sign), I(sign)},
  {.name = "Sin", .sym = "sin", .types = T_FLOAT, F(sin)},
  {.name = "Cos", .sym = "cos", .types = T_FLOAT, F(cos)},
  {.name = "LeakyRelu", .sym = "leaky_relu", .types = T_FLOAT, .pa = "alpha", .da = 0.01f,
   .act = IR_ACT_LEAKY_RELU, FAB(leaky_relu)},
  {.name = "HardSigmoid", .sym = "hard_sigmoid", .types = T_FLOAT, .pa = "alpha", .da = 0.2f,
   .pb = "beta", .db = 0.5f, .act = IR_ACT_HARD_SIGMOID, FAB(hard_sigmoid)},
  {.name = "HardSwish", .sym = "hard_swish", .types = T_FLOAT, .act = IR_ACT_HARD_SWISH,
   F(hard_swish)},
  {.name = "Elu", .sym = "elu", .types = T_FLOAT, .pa = "alpha", .da = 1.0f, FAB(elu)},
  /* Selu defaults: the float32 values the spec gives. */
  {.name = "Selu", .sym = "selu", .types = T_FLOAT, .pa = "alpha", .da = 1.67326319217681884765625f,
   .pb = "gamma", .db = 1.05070102214813232421875f, FAB(selu)},
  {.name = "Softplus", .sym = "softplus", .types = T_FLOAT, F(softplus)},
  {.name = "Not", .sym = "not", .types = T_BOOL, .b8 = kiln_bool_not__c},
};

#undef F
#undef FAB
#undef I

static const unary_kind *kind_of(const ir_node *n) {
  const char *name = n->def ? n->def->name : n->op_type;
  if (!name) return NULL;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (strcmp(kinds[i].name, name) == 0) return &kinds[i];
  return NULL;
}

static unsigned dtype_class(ir_dtype t) {
  switch (t) {
  case IR_F16: case IR_F32: case IR_F64: case IR_BF16: return T_FLOAT;
  case IR_I8: case IR_I16: case IR_I32: case IR_I64: return T_SINT;
  case IR_U8: case IR_U16: case IR_U32: case IR_U64: return T_UINT;
  case IR_BOOL: return T_BOOL;
  default: return 0;
  }
}

static unsigned allowed_classes(const unary_kind *k, int opset) {
  return k->types | (opset >= k->late_since ? k->late : 0u);
}

/* Kernel parameters from the node's attributes. */
static void params(const unary_kind *k, ir_node *n, float *a, float *b) {
  *a = k->pa ? ir_attr_float(n, k->pa, k->da) : 0.0f;
  *b = k->pb ? ir_attr_float(n, k->pb, k->db) : 0.0f;
}

static const char *abbrev(ir_dtype t) {
  switch (t) {
  case IR_F32: return "f32";
  case IR_F64: return "f64";
  case IR_I32: return "i32";
  case IR_I64: return "i64";
  case IR_BOOL: return "bool";
  default: return NULL;
  }
}

/* Does this op have a kernel for dtype t? */
static int has_kernel(const unary_kind *k, ir_dtype t) {
  switch (t) {
  case IR_F32: return k->f32 || k->f32ab;
  case IR_F64: return k->f64 || k->f64ab;
  case IR_I32: return k->i32 != NULL;
  case IR_I64: return k->i64 != NULL;
  case IR_BOOL: return k->b8 != NULL;
  default: return 0;
  }
}

/* Runs the kernel for dtype t (has_kernel(k, t) must hold). */
static void run_kernel(const unary_kind *k, ir_dtype t, int64_t cnt, const void *x, void *y,
                       float a, float b) {
  switch (t) {
  case IR_F32:
    if (k->f32ab) k->f32ab(cnt, x, y, a, b);
    else k->f32(cnt, x, y);
    break;
  case IR_F64:
    if (k->f64ab) k->f64ab(cnt, x, y, a, b);
    else k->f64(cnt, x, y);
    break;
  case IR_I32: k->i32(cnt, x, y); break;
  case IR_I64: k->i64(cnt, x, y); break;
  case IR_BOOL: k->b8(cnt, x, y); break;
  default: break;
  }
}

static int check_no_fusion(kiln_diag *d, const ir_node *n) {
  if (n->act != IR_ACT_NONE || n->fused_add >= 0)
    return ir_node_fail(d, n, "internal error: a fused activation or residual add was attached "
                        "to %s, which cannot apply it", n->op_type);
  return 0;
}

static int unary_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  const unary_kind *k = kind_of(n);
  if (!k) return ir_node_fail(d, n, "internal error: %s is not a unary op", n->op_type);
  if (n->n_inputs != 1) return ir_node_fail(d, n, "expected 1 input, got %d", n->n_inputs);
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output, got %d", n->n_outputs);
  /* Opset 1 versions had a `consumed_inputs` memory hint, removed in opset 6. */
  if (n->opset >= 6 && ir_attr_find(n, "consumed_inputs"))
    return ir_node_fail(d, n, "attribute 'consumed_inputs' exists only before opset 6");
  ir_tensor *x = ir_in(g, n, 0);
  unsigned ok = allowed_classes(k, n->opset);
  if (!(dtype_class(x->dtype) & ok)) {
    char list[160] = "";
    static const char *const names[] = {"float16, float32, float64, bfloat16",
                                         "int8, int16, int32, int64",
                                         "uint8, uint16, uint32, uint64", "bool"};
    for (int c = 0; c < 4; c++)
      if (ok & (1u << c)) {
        if (list[0]) strncat(list, ", ", sizeof list - strlen(list) - 1);
        strncat(list, names[c], sizeof list - strlen(list) - 1);
      }
    if (k->late && n->opset < k->late_since)
      return ir_node_fail(d, n, "input 0 '%s' has dtype %s; %s at opset %d supports: %s (more "
                          "types from opset %d)", x->name, ir_dtype_name(x->dtype), k->name,
                          n->opset, list, k->late_since);
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s; %s supports: %s", x->name,
                        ir_dtype_name(x->dtype), k->name, list);
  }
  const char *pn[2] = {k->pa, k->pb};
  for (int i = 0; i < 2; i++) {
    ir_attr *at = pn[i] ? ir_attr_find(n, pn[i]) : NULL; /* marks it used */
    if (at && at->type != IR_ATTR_FLOAT && at->type != IR_ATTR_INT)
      return ir_node_fail(d, n, "attribute '%s' must be a float", pn[i]);
  }
  ir_set_shape(y, x->dtype, x->rank, x->dims);
  return 0;
}

static int unary_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  const unary_kind *k = kind_of(n);
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!k || !x || !y || !x->data) return ir_node_fail(d, n, "internal error: cannot fold");
  if (check_no_fusion(d, n)) return -1;
  int64_t cnt = ir_numel(x);
  if (cnt < 0) return ir_node_fail(d, n, "input shape is unknown or too large");
  float a, b;
  params(k, n, &a, &b);
  void *out = ir_alloc_data(y);
  if (!out) return ir_node_fail(d, n, "out of memory folding %lld elements", (long long)cnt);
  ir_dtype t = x->dtype;
  if (has_kernel(k, t)) {
    run_kernel(k, t, cnt, x->data, out, a, b);
    return 0;
  }
  if (dtype_class(t) == T_UINT && (strcmp(k->name, "Abs") == 0 || strcmp(k->name, "Sign") == 0)) {
    /* Unsigned: Abs is the identity and Sign is 0 or 1 (no int64 detour,
     * which would misread uint64 values above 2^63 as negative). */
    int is_abs = k->name[0] == 'A';
    for (int64_t i = 0; i < cnt; i++) {
      uint64_t v = (uint64_t)ir_get_i64(x, i);
      ir_put_i64(out, t, i, is_abs ? (int64_t)v : (int64_t)(v != 0));
    }
    return 0;
  }
  /* Through a wider type that has a kernel, in a temporary. */
  ir_dtype via = (t == IR_F16 || t == IR_BF16) ? IR_F32 : (k->i64 ? IR_I64 : IR_F64);
  void *tmp = kiln_malloc((size_t)cnt * ir_dtype_size(via) + 1);
  if (!tmp) return ir_node_fail(d, n, "out of memory folding %lld elements", (long long)cnt);
  for (int64_t i = 0; i < cnt; i++) {
    if (via == IR_I64) ((int64_t *)tmp)[i] = ir_get_i64(x, i);
    else if (via == IR_F32) ((float *)tmp)[i] = (float)ir_get_f64(x, i); /* exact */
    else ((double *)tmp)[i] = ir_get_f64(x, i);
  }
  run_kernel(k, via, cnt, tmp, tmp, a, b); /* in place */
  for (int64_t i = 0; i < cnt; i++) {
    if (via == IR_I64) ir_put_i64(out, t, i, ((int64_t *)tmp)[i]); /* wraps to t */
    else if (via == IR_F32) ir_put_f64(out, t, i, ((float *)tmp)[i]);
    else ir_put_f64(out, t, i, ((double *)tmp)[i]); /* ints: truncated (ir_put_f64) */
  }
  free(tmp);
  return 0;
}

/* A C literal for v: %.9g round-trips a float, %.17g a double. */
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

static int unary_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  const unary_kind *k = kind_of(n);
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!k || !x || !y) return ir_node_fail(d, n, "internal error: cannot emit");
  if (check_no_fusion(d, n)) return -1;
  if (!has_kernel(k, x->dtype)) {
    const char *sup = k->b8    ? "bool"
                    : k->i32 ? "float32, float64, int32, int64"
                             : "float32, float64";
    return ir_node_fail(d, n, "dtype %s is not supported at run time (supported: %s)",
                        ir_dtype_name(x->dtype), sup);
  }
  int64_t cnt = ir_numel(x);
  if (cnt < 0) return ir_node_fail(d, n, "input shape is unknown or too large");
  if (cnt == 0) {
    emit_code(e, "/* empty tensor: nothing to do */\n");
    return 0;
  }
  char sym[64], xr[256], yr[256];
  snprintf(sym, sizeof sym, "kiln_%s_%s__c", abbrev(x->dtype), k->sym);
  if (emit_use(e, sym)) return -1;
  const char *r = emit_ref(e, n->inputs[0]);
  if (!r) return ir_node_fail(d, n, "internal error: input 0 has no storage");
  snprintf(xr, sizeof xr, "%s", r);
  r = emit_ref(e, n->outputs[0]);
  if (!r) return ir_node_fail(d, n, "internal error: output 0 has no storage");
  snprintf(yr, sizeof yr, "%s", r);
  if (k->pa) {
    float a, b;
    char as[48], bs[48];
    int f = x->dtype == IR_F32;
    params(k, n, &a, &b);
    emit_code(e, "%s(%lld, %s, %s, %s, %s);\n", sym, (long long)cnt, xr, yr,
              fmt_real(as, sizeof as, a, f), fmt_real(bs, sizeof bs, b, f));
  } else {
    emit_code(e, "%s(%lld, %s, %s);\n", sym, (long long)cnt, xr, yr);
  }
  return 0;
}

/* OP_ACTIVATION: producers (Conv, Gemm, MatMul) apply float32 activations in
 * their epilogue through kiln_act_apply. */
static int unary_as_act(ir_graph *g, ir_node *n, ir_act *act, float *alpha, float *beta) {
  const unary_kind *k = kind_of(n);
  ir_tensor *x = ir_in(g, n, 0);
  if (!k || k->act == IR_ACT_NONE || !x || x->dtype != IR_F32) return 0;
  *act = k->act;
  params(k, n, alpha, beta);
  if (k->act == IR_ACT_HARD_SWISH) { /* fixed by the spec; recorded for readers */
    *alpha = 1.0f / 6.0f;
    *beta = 0.5f;
  }
  return 1;
}

#define UNARY_OP(Name, Since, Attrs, Flags, AsAct)                                           \
  const op_def op_##Name = {.name = #Name, .domain = "", .since = Since, .until = 0,          \
                            .attrs = Attrs, .infer = unary_infer, .eval = unary_eval,         \
                            .emit = unary_emit, .flags = OP_ELEMENTWISE | OP_INPLACE | Flags, \
                            .as_act = AsAct};

UNARY_OP(Relu, 1, "consumed_inputs", OP_ACTIVATION, unary_as_act)
UNARY_OP(Sigmoid, 1, "consumed_inputs", OP_ACTIVATION, unary_as_act)
UNARY_OP(Tanh, 1, "consumed_inputs", OP_ACTIVATION, unary_as_act)
UNARY_OP(Exp, 1, "consumed_inputs", 0, NULL)
UNARY_OP(Log, 1, "consumed_inputs", 0, NULL)
UNARY_OP(Sqrt, 1, "consumed_inputs", 0, NULL)
UNARY_OP(Neg, 1, "consumed_inputs", 0, NULL)
UNARY_OP(Abs, 1, "consumed_inputs", 0, NULL)
UNARY_OP(Erf, 9, "", 0, NULL)
UNARY_OP(Reciprocal, 1, "consumed_inputs", 0, NULL)
UNARY_OP(Floor, 1, "consumed_inputs", 0, NULL)
UNARY_OP(Ceil, 1, "consumed_inputs", 0, NULL)
UNARY_OP(Round, 11, "", 0, NULL)
UNARY_OP(Sign, 9, "", 0, NULL)
UNARY_OP(Sin, 7, "", 0, NULL)
UNARY_OP(Cos, 7, "", 0, NULL)
UNARY_OP(LeakyRelu, 1, "alpha consumed_inputs", OP_ACTIVATION, unary_as_act)
UNARY_OP(HardSigmoid, 1, "alpha beta consumed_inputs", OP_ACTIVATION, unary_as_act)
UNARY_OP(HardSwish, 14, "", OP_ACTIVATION, unary_as_act)
UNARY_OP(Elu, 1, "alpha consumed_inputs", 0, NULL)
UNARY_OP(Selu, 1, "alpha gamma consumed_inputs", 0, NULL)
UNARY_OP(Softplus, 1, "", 0, NULL)
UNARY_OP(Not, 1, "", 0, NULL)
