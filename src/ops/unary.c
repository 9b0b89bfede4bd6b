/* unary.c - elementwise unary operators: math (Exp, Log, Sqrt, Erf, Round,
 * Acos..Sinh, ...), activations (Relu, Sigmoid, LeakyRelu, HardSwish, Celu,
 * Gelu, Mish, Swish, ...), IsNaN/IsInf (bool output), Not and BitwiseNot.
 *
 * One table row per op says which dtypes ONNX allows, which attributes
 * parameterise it and which kernels (src/kernels/unary.c, math2.c) compute
 * it; the op_defs at the bottom share one infer/eval/emit.
 *
 * Run time: every kernel KILN_UNARY*_KERNELS (unary.h) and
 * KILN_MATH2_UNARY*_KERNELS (math2.h) list: float32 and float64 for every
 * float op (+ float16 for the math2 ones, + bfloat16 for the activations:
 * Relu, Sigmoid, Tanh, LeakyRelu, HardSigmoid, HardSwish, Elu, Selu,
 * Softplus, Softsign, Celu, ThresholdedRelu, Swish, Mish, Gelu), int8..int64 for Relu/Neg/Abs/Sign
 * (+ uint8..uint64 for Abs and Sign), integers for BitwiseNot, bool for Not.
 * Constant folding covers every dtype ONNX allows by running those same
 * kernels: float16/bfloat16 through float32 when there is no kernel (exact
 * widening, one rounding back), other integers through the int64 kernel
 * (wrapping back) or, for float math on integers (Erf, Shrink...), through
 * the float64 kernel.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/unary.h"
#include "../kernels/math2.h"
#include "../emit/target.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* dtype classes */
enum { T_FLOAT = 1u, T_SINT = 2u, T_UINT = 4u, T_BOOL = 8u };

/* Host wrappers with one signature over every kernel (folding and tests). */
typedef void (*un_fn)(int64_t, const void *, void *, double, double);
#define W(nm, TX, TY)                                                                  \
  static void w_##nm(int64_t n, const void *x, void *y, double a, double b) {         \
    (void)a;                                                                         \
    (void)b;                                                                         \
    kiln_##nm##__c(n, (const TX *)x, (TY *)y);                                       \
  }
#define WAB(nm, TX, TY, TP)                                                            \
  static void w_##nm(int64_t n, const void *x, void *y, double a, double b) {         \
    kiln_##nm##__c(n, (const TX *)x, (TY *)y, (TP)a, (TP)b);                         \
  }
KILN_UNARY_KERNELS(W)
KILN_UNARY_AB_KERNELS(WAB)
KILN_MATH2_UNARY_KERNELS(W)
KILN_MATH2_UNARY_AB_KERNELS(WAB)
#undef W
#undef WAB
#define E(nm, TX, TY) {"kiln_" #nm "__c", w_##nm},
#define EAB(nm, TX, TY, TP) {"kiln_" #nm "__c", w_##nm},
static const struct { const char *sym; un_fn fn; } ktab[] = {
  KILN_UNARY_KERNELS(E) KILN_UNARY_AB_KERNELS(EAB)
  KILN_MATH2_UNARY_KERNELS(E) KILN_MATH2_UNARY_AB_KERNELS(EAB)
};
#undef E
#undef EAB

static un_fn find_kernel(const char *sym) {
  for (size_t i = 0; i < sizeof ktab / sizeof ktab[0]; i++)
    if (strcmp(ktab[i].sym, sym) == 0) return ktab[i].fn;
  return NULL;
}

typedef struct unary_kind {
  const char *name; /* ONNX op_type */
  const char *sym;  /* kernel name part: kiln_<dtype>_<sym>__c (Gelu: sym_of) */
  unsigned types;   /* dtype classes allowed at every opset */
  unsigned late;    /* classes allowed from opset late_since on */
  int late_since;
  const char *pa, *pb; /* attributes passed as the kernel's a, b (NULL: none) */
  float da, db;        /* their defaults */
  ir_act act;          /* fusable activation, IR_ACT_NONE if not */
  int params;          /* the kernels take (a, b) */
  int out_bool;        /* output dtype bool (IsNaN, IsInf) */
} unary_kind;

#define P .params = 1

static const unary_kind kinds[] = {
  /* Relu gained int8..int64 in opset 14. */
  {.name = "Relu", .sym = "relu", .types = T_FLOAT, .late = T_SINT, .late_since = 14,
   .act = IR_ACT_RELU},
  {.name = "Sigmoid", .sym = "sigmoid", .types = T_FLOAT, .act = IR_ACT_SIGMOID},
  {.name = "Tanh", .sym = "tanh", .types = T_FLOAT, .act = IR_ACT_TANH},
  {.name = "Exp", .sym = "exp", .types = T_FLOAT},
  {.name = "Log", .sym = "log", .types = T_FLOAT},
  {.name = "Sqrt", .sym = "sqrt", .types = T_FLOAT},
  /* Neg and Abs gained integers in opset 6 (Neg: signed only). */
  {.name = "Neg", .sym = "neg", .types = T_FLOAT, .late = T_SINT, .late_since = 6},
  {.name = "Abs", .sym = "abs", .types = T_FLOAT, .late = T_SINT | T_UINT, .late_since = 6},
  /* Erf and Sign accept every numeric type (computed in float64 for ints). */
  {.name = "Erf", .sym = "erf", .types = T_FLOAT | T_SINT | T_UINT},
  {.name = "Reciprocal", .sym = "reciprocal", .types = T_FLOAT},
  {.name = "Floor", .sym = "floor", .types = T_FLOAT},
  {.name = "Ceil", .sym = "ceil", .types = T_FLOAT},
  {.name = "Round", .sym = "round", .types = T_FLOAT},
  {.name = "Sign", .sym = "sign", .types = T_FLOAT | T_SINT | T_UINT},
  {.name = "Sin", .sym = "sin", .types = T_FLOAT},
  {.name = "Cos", .sym = "cos", .types = T_FLOAT},
  {.name = "LeakyRelu", .sym = "leaky_relu", .types = T_FLOAT, .pa = "alpha", .da = 0.01f,
   .act = IR_ACT_LEAKY_RELU, P},
  {.name = "HardSigmoid", .sym = "hard_sigmoid", .types = T_FLOAT, .pa = "alpha", .da = 0.2f,
   .pb = "beta", .db = 0.5f, .act = IR_ACT_HARD_SIGMOID, P},
  {.name = "HardSwish", .sym = "hard_swish", .types = T_FLOAT, .act = IR_ACT_HARD_SWISH},
  {.name = "Elu", .sym = "elu", .types = T_FLOAT, .pa = "alpha", .da = 1.0f, P},
  /* Selu defaults: the float32 values the spec gives. */
  {.name = "Selu", .sym = "selu", .types = T_FLOAT, .pa = "alpha", .da = 1.67326319217681884765625f,
   .pb = "gamma", .db = 1.05070102214813232421875f, P},
  {.name = "Softplus", .sym = "softplus", .types = T_FLOAT},
  {.name = "Not", .sym = "not", .types = T_BOOL},
  /* math2 kernels */
  {.name = "Acos", .sym = "acos", .types = T_FLOAT},
  {.name = "Acosh", .sym = "acosh", .types = T_FLOAT},
  {.name = "Asin", .sym = "asin", .types = T_FLOAT},
  {.name = "Asinh", .sym = "asinh", .types = T_FLOAT},
  {.name = "Atan", .sym = "atan", .types = T_FLOAT},
  {.name = "Atanh", .sym = "atanh", .types = T_FLOAT},
  {.name = "Tan", .sym = "tan", .types = T_FLOAT},
  {.name = "Cosh", .sym = "cosh", .types = T_FLOAT},
  {.name = "Sinh", .sym = "sinh", .types = T_FLOAT},
  {.name = "Softsign", .sym = "softsign", .types = T_FLOAT},
  {.name = "Celu", .sym = "celu", .types = T_FLOAT, .pa = "alpha", .da = 1.0f, P},
  {.name = "ThresholdedRelu", .sym = "thresholded_relu", .types = T_FLOAT, .pa = "alpha",
   .da = 1.0f, P},
  /* Shrink takes every numeric type (integers fold through float64). */
  {.name = "Shrink", .sym = "shrink", .types = T_FLOAT | T_SINT | T_UINT, .pa = "lambd",
   .da = 0.5f, .pb = "bias", .db = 0.0f, P},
  {.name = "Swish", .sym = "swish", .types = T_FLOAT, .pa = "alpha", .da = 1.0f, P},
  {.name = "Mish", .sym = "mish", .types = T_FLOAT},
  {.name = "Gelu", .sym = NULL, .types = T_FLOAT},
  {.name = "IsNaN", .sym = "isnan", .types = T_FLOAT, .out_bool = 1},
  {.name = "IsInf", .sym = "isinf", .types = T_FLOAT, .pa = "detect_negative", .da = 1.0f,
   .pb = "detect_positive", .db = 1.0f, .out_bool = 1, P},
  {.name = "BitwiseNot", .sym = "bitwise_not", .types = T_SINT | T_UINT},
};

#undef P

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
  case IR_F16: return "f16";
  case IR_BF16: return "bf16";
  case IR_I8: return "i8";
  case IR_I16: return "i16";
  case IR_I32: return "i32";
  case IR_I64: return "i64";
  case IR_U8: return "u8";
  case IR_U16: return "u16";
  case IR_U32: return "u32";
  case IR_U64: return "u64";
  case IR_BOOL: return "bool";
  default: return "?";
  }
}

/* The kernel name part (Gelu: by `approximate`, validated by infer). */
static const char *sym_of(const unary_kind *k, ir_node *n) {
  if (k->sym) return k->sym;
  return strcmp(ir_attr_str(n, "approximate", "none"), "tanh") == 0 ? "gelu_tanh" : "gelu";
}

/* The kernel for dtype t, its symbol into buf (NULL if none). */
static un_fn kernel_for(const unary_kind *k, ir_node *n, ir_dtype t, char *buf, size_t size) {
  snprintf(buf, size, "kiln_%s_%s__c", abbrev(t), sym_of(k, n));
  return find_kernel(buf);
}

/* "float32, int8, ...": the dtypes with a run-time kernel for sym. */
static const char *supported_list(const char *sym, char *buf, size_t size) {
  static const ir_dtype all[] = {IR_F32, IR_F64, IR_F16, IR_BF16, IR_I8, IR_I16, IR_I32, IR_I64,
                                 IR_U8, IR_U16, IR_U32, IR_U64, IR_BOOL};
  char s[64];
  buf[0] = 0;
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    snprintf(s, sizeof s, "kiln_%s_%s__c", abbrev(all[i]), sym);
    if (!find_kernel(s)) continue;
    if (buf[0]) strncat(buf, ", ", size - strlen(buf) - 1);
    strncat(buf, ir_dtype_name(all[i]), size - strlen(buf) - 1);
  }
  return buf;
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
  if (strcmp(k->name, "Gelu") == 0) {
    const char *ap = ir_attr_str(n, "approximate", "none");
    if (strcmp(ap, "none") != 0 && strcmp(ap, "tanh") != 0)
      return ir_node_fail(d, n, "attribute 'approximate' is \"%s\"; expected \"none\" or \"tanh\"",
                          ap);
  }
  if (strcmp(k->name, "Celu") == 0 && ir_attr_float(n, "alpha", 1.0f) == 0.0f)
    return ir_node_fail(d, n, "attribute 'alpha' must not be 0 (Celu divides by it)");
  ir_set_shape(y, k->out_bool ? IR_BOOL : x->dtype, x->rank, x->dims);
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
  char sym[64];
  un_fn fn = kernel_for(k, n, t, sym, sizeof sym);
  if (fn) {
    fn(cnt, x->data, out, a, b);
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
  ir_dtype via = (t == IR_F16 || t == IR_BF16) ? IR_F32
               : kernel_for(k, n, IR_I64, sym, sizeof sym) ? IR_I64 : IR_F64;
  fn = kernel_for(k, n, via, sym, sizeof sym);
  if (!fn) return ir_node_fail(d, n, "internal error: no kernel %s to fold with", sym);
  void *tmp = kiln_malloc((size_t)cnt * ir_dtype_size(via) + 1);
  if (!tmp) return ir_node_fail(d, n, "out of memory folding %lld elements", (long long)cnt);
  for (int64_t i = 0; i < cnt; i++) {
    if (via == IR_I64) ((int64_t *)tmp)[i] = ir_get_i64(x, i);
    else if (via == IR_F32) ((float *)tmp)[i] = (float)ir_get_f64(x, i); /* exact */
    else ((double *)tmp)[i] = ir_get_f64(x, i);
  }
  if (k->out_bool) { /* bool results straight into out */
    fn(cnt, tmp, out, a, b);
    free(tmp);
    return 0;
  }
  fn(cnt, tmp, tmp, a, b); /* in place */
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
  char sym[64];
  if (!kernel_for(k, n, x->dtype, sym, sizeof sym)) {
    char list[200];
    return ir_node_fail(d, n, "dtype %s is not supported at run time (supported: %s)",
                        ir_dtype_name(x->dtype), supported_list(sym_of(k, n), list, sizeof list));
  }
  int64_t cnt = ir_numel(x);
  if (cnt < 0) return ir_node_fail(d, n, "input shape is unknown or too large");
  if (cnt == 0) {
    emit_code(e, "/* empty tensor: nothing to do */\n");
    return 0;
  }
  char xr[256], yr[256];
  /* AVX-512: Erf (GELU) vectorised, a few ulp from libm's erff */
  if (!strcmp(sym, "kiln_f32_erf__c") && (emit_isa(e) & KILN_ISA_AVX512))
    snprintf(sym, sizeof sym, "kiln_f32_erf__avx512");
  if (emit_use(e, sym)) return -1;
  const char *r = emit_ref(e, n->inputs[0]);
  if (!r) return ir_node_fail(d, n, "internal error: input 0 has no storage");
  snprintf(xr, sizeof xr, "%s", r);
  r = emit_ref(e, n->outputs[0]);
  if (!r) return ir_node_fail(d, n, "internal error: output 0 has no storage");
  snprintf(yr, sizeof yr, "%s", r);
  if (k->params) {
    float a, b;
    char as[48], bs[48];
    int f = x->dtype != IR_F64; /* float16 kernels take float parameters */
    params(k, n, &a, &b);
    emit_code(e, "%s(%lld, %s, %s, %s, %s);\n", sym, (long long)cnt, xr, yr,
              fmt_real(as, sizeof as, a, f), fmt_real(bs, sizeof bs, b, f));
  } else if (emit_threads(e) > 1 && x->dtype == IR_F32 && y->dtype == IR_F32 && cnt >= 2 * 16384) {
    /* split across the run's threads (kernels/par.h) */
    if (emit_use(e, "kiln_f32_map_par")) return -1;
    emit_code(e, "kiln_f32_map_par(&P, %s, %lld, %s, %s);\n", sym, (long long)cnt, xr, yr);
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

#define UNARY_OP(Name, Since, Attrs, Flags, AsAct)                                  \
  const op_def op_##Name = {.name = #Name, .domain = "", .since = Since, .until = 0, \
                            .attrs = Attrs, .infer = unary_infer, .eval = unary_eval, \
                            .emit = unary_emit, .flags = OP_ELEMENTWISE | Flags,     \
                            .as_act = AsAct};
#define IP OP_INPLACE

UNARY_OP(Relu, 1, "consumed_inputs", IP | OP_ACTIVATION, unary_as_act)
UNARY_OP(Sigmoid, 1, "consumed_inputs", IP | OP_ACTIVATION, unary_as_act)
UNARY_OP(Tanh, 1, "consumed_inputs", IP | OP_ACTIVATION, unary_as_act)
UNARY_OP(Exp, 1, "consumed_inputs", IP, NULL)
UNARY_OP(Log, 1, "consumed_inputs", IP, NULL)
UNARY_OP(Sqrt, 1, "consumed_inputs", IP, NULL)
UNARY_OP(Neg, 1, "consumed_inputs", IP, NULL)
UNARY_OP(Abs, 1, "consumed_inputs", IP, NULL)
UNARY_OP(Erf, 9, "", IP, NULL)
UNARY_OP(Reciprocal, 1, "consumed_inputs", IP, NULL)
UNARY_OP(Floor, 1, "consumed_inputs", IP, NULL)
UNARY_OP(Ceil, 1, "consumed_inputs", IP, NULL)
UNARY_OP(Round, 11, "", IP, NULL)
UNARY_OP(Sign, 9, "", IP, NULL)
UNARY_OP(Sin, 7, "", IP, NULL)
UNARY_OP(Cos, 7, "", IP, NULL)
UNARY_OP(LeakyRelu, 1, "alpha consumed_inputs", IP | OP_ACTIVATION, unary_as_act)
UNARY_OP(HardSigmoid, 1, "alpha beta consumed_inputs", IP | OP_ACTIVATION, unary_as_act)
UNARY_OP(HardSwish, 14, "", IP | OP_ACTIVATION, unary_as_act)
UNARY_OP(Elu, 1, "alpha consumed_inputs", IP, NULL)
UNARY_OP(Selu, 1, "alpha gamma consumed_inputs", IP, NULL)
UNARY_OP(Softplus, 1, "", IP, NULL)
UNARY_OP(Not, 1, "", IP, NULL)
UNARY_OP(Acos, 7, "", IP, NULL)
UNARY_OP(Acosh, 9, "", IP, NULL)
UNARY_OP(Asin, 7, "", IP, NULL)
UNARY_OP(Asinh, 9, "", IP, NULL)
UNARY_OP(Atan, 7, "", IP, NULL)
UNARY_OP(Atanh, 9, "", IP, NULL)
UNARY_OP(Tan, 7, "", IP, NULL)
UNARY_OP(Cosh, 9, "", IP, NULL)
UNARY_OP(Sinh, 9, "", IP, NULL)
UNARY_OP(Softsign, 1, "", IP, NULL)
UNARY_OP(Celu, 12, "alpha", IP, NULL)
UNARY_OP(ThresholdedRelu, 10, "alpha", IP, NULL)
UNARY_OP(Shrink, 9, "bias lambd", IP, NULL)
UNARY_OP(Swish, 24, "alpha", IP, NULL)
UNARY_OP(Mish, 18, "", IP, NULL)
UNARY_OP(Gelu, 20, "approximate", IP, NULL)
/* bool output: never in place over a float input */
UNARY_OP(IsNaN, 9, "", 0, NULL)
UNARY_OP(IsInf, 10, "detect_negative detect_positive", 0, NULL)
UNARY_OP(BitwiseNot, 18, "", IP, NULL)
