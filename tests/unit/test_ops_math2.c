/* test_ops_math2.c - unit tests of the math2 family (Mod, BitShift,
 * Bitwise*, IsNaN/IsInf, Acos..Sinh, Softsign, Celu, ThresholdedRelu, Shrink,
 * Swish, Mish, Gelu, Sum, Mean, PRelu, Size, CastLike) and of the integer and
 * float16 dtypes added to the unary/binary kernels: infer + eval (the
 * kernels) against values computed here by hand or with plain libm, the
 * emitted calls through the shared stand-in emitter (tests/unit/harness),
 * and error messages.
 *
 * Build (from the repo root; see tests/unit/harness/op_test.h):
 *   cc -std=c11 -Wall -Wextra -g -DKILN_HOST -Isrc -Iruntime -Isrc/kernels -Itests/unit \
 *      -o /tmp/t tests/unit/test_ops_math2.c tests/unit/harness/op_test.c \
 *      <every compiler object except those of src/emit and cli/main> -lm
 * Ends with "N passed, N failed"; exit status 1 on any failure.
 */
#include "ops/op.h"
#include "emit/emit.h"
#include "ir/ir.h"
#include "util/util.h"
#include "harness/op_test_ew.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const op_def op_Mod, op_BitShift, op_BitwiseAnd, op_BitwiseOr, op_BitwiseXor,
    op_BitwiseNot, op_IsInf, op_IsNaN, op_Acos, op_Acosh, op_Asin, op_Asinh, op_Atan, op_Atanh,
    op_Tan, op_Cosh, op_Sinh, op_Softsign, op_Celu, op_ThresholdedRelu, op_Shrink, op_Swish,
    op_Mish, op_Gelu, op_Sum, op_Mean, op_PRelu, op_Size, op_CastLike, op_Add, op_Sub, op_Mul,
    op_Div, op_Max, op_Min, op_Less, op_Equal, op_GreaterOrEqual, op_Neg, op_Abs, op_Sign,
    op_Relu;

/* ---- graph building: tests/unit/harness/op_test_ew.h ----------------------- */

static kiln_diag diag;

/* infer, then eval when every input is constant. */
static int run(const op_def *def, ir_graph *g, int ni) {
  memset(&diag, 0, sizeof diag);
  diag.file = "m.onnx";
  ir_node *n = &g->nodes[ni];
  n->def = def;
  if (def->infer(&diag, g, n)) return -1;
  for (int i = 0; i < n->n_inputs; i++)
    if (n->inputs[i] >= 0 && !g->tensors[n->inputs[i]].data) return 0;
  return def->eval(&diag, g, n);
}

static void expect_reals(const char *name, const ir_tensor *y, ir_dtype dt, const double *want,
                         int64_t n, double tol) {
  ot_expect_reals(name, y, dt, want, n, tol, tol);
}

static void expect_error(const char *name, int rc, const char *text) {
  ot_check(rc != 0 && strstr(diag.msg, text) != NULL, name, "rc %d, message '%s', want '%s'", rc,
        diag.msg, text);
}

/* emit node ni (through the shared stand-in emitter); its code must contain `want` */
static void expect_emit(const char *name, const op_def *def, ir_graph *g, int ni, const char *want) {
  emit_ctx e;
  ot_emit_begin(&e, g);
  e.d.file = "m.onnx";
  int rc = def->emit(&e, g, &g->nodes[ni]);
  ot_check(rc == 0 && strstr(ot_str(&e.code), want) != NULL, name, "rc %d (%s), code '%s', want '%s'", rc,
           e.d.msg, ot_str(&e.code), want);
  ot_emit_end(&e);
}

/* float16 bits of a few exact values */
#define H_1 0x3c00u
#define H_2 0x4000u
#define H_3 0x4200u
#define H_NAN 0x7e00u
#define H_INF 0x7c00u

/* ---- Mod ------------------------------------------------------------------ */

static void test_mod(void) {
  ir_graph *g = ir_graph_new();
  int64_t a[] = {-4, 7, 5, 4, -7, 8}, b[] = {2, -3, 8, -2, 3, 5};
  int x = tensor(g, "x", IR_I64, "6", a), y = tensor(g, "y", IR_I64, "6", b);
  int n = node(g, "Mod", 13, 2, x, y);
  run(&op_Mod, g, n);
  int64_t w0[] = {0, -2, 5, 0, 2, 3}; /* sign of the divisor */
  expect_ints("Mod_int64_fmod0", out_of(g, n), IR_I64, w0, 6);
  expect_emit("Mod_int64_emit", &op_Mod, g, n, "kiln_i64_mod__c(&n0_b");

  int32_t a32[] = {-4, 7, 5, 4, -7, 8, 9, INT32_MIN}, b32[] = {2, -3, 8, -2, 3, 5, 0, -1};
  x = tensor(g, "x32", IR_I32, "8", a32);
  y = tensor(g, "y32", IR_I32, "8", b32);
  n = node(g, "Mod", 13, 2, x, y);
  attr_i(g, n, "fmod", 1);
  run(&op_Mod, g, n);
  int64_t w1[] = {0, 1, 5, 0, -1, 3, 0, 0}; /* C's sign rule; x mod 0 = 0 */
  expect_ints("Mod_int32_fmod1", out_of(g, n), IR_I32, w1, 8);

  int8_t a8[] = {-128, -7, 7, 100}, b8[] = {-1, 0, -3, 7};
  x = tensor(g, "x8", IR_I8, "4", a8);
  y = tensor(g, "y8", IR_I8, "4", b8);
  n = node(g, "Mod", 13, 2, x, y);
  run(&op_Mod, g, n);
  int64_t w2[] = {0, 0, -2, 2};
  expect_ints("Mod_int8_edges", out_of(g, n), IR_I8, w2, 4);

  uint64_t au[] = {UINT64_MAX, 10}, bu[] = {10, 3};
  x = tensor(g, "xu", IR_U64, "2", au);
  y = tensor(g, "yu", IR_U64, "2", bu);
  n = node(g, "Mod", 13, 2, x, y);
  run(&op_Mod, g, n);
  const ir_tensor *o = out_of(g, n);
  ot_check(o->data && ((const uint64_t *)o->data)[0] == UINT64_MAX % 10 &&
        ((const uint64_t *)o->data)[1] == 1, "Mod_uint64_exact", "wrong");

  float af[] = {-4.3f, 7.2f, 0.0f, -0.0f, -3.0f, 1.0f, INFINITY, 1.0f, 5.0f};
  float bf[] = {2.1f, -3.4f, -2.0f, 2.0f, INFINITY, -INFINITY, 2.0f, 0.0f, 3.0f};
  x = tensor(g, "xf", IR_F32, "9", af);
  y = tensor(g, "yf", IR_F32, "9", bf);
  n = node(g, "Mod", 13, 2, x, y);
  run(&op_Mod, g, n);
  double wf[9];
  for (int i = 0; i < 9; i++) { /* numpy.mod, written out */
    double r = fmod(af[i], bf[i]);
    if (r != 0 && ((r < 0) != (bf[i] < 0))) r += bf[i];
    wf[i] = r;
  }
  wf[4] = INFINITY; /* -3 mod inf */
  wf[5] = -INFINITY; /* 1 mod -inf */
  expect_reals("Mod_float32_fmod0", out_of(g, n), IR_F32, wf, 9, 1e-6);
  o = out_of(g, n);
  ot_check(o->data && signbit(((const float *)o->data)[2]) && !signbit(((const float *)o->data)[3]),
        "Mod_float32_zero_takes_divisor_sign", "wrong zero signs");
  expect_emit("Mod_float32_emit", &op_Mod, g, n, "kiln_f32_mod__c(&n4_b");

  n = node(g, "Mod", 13, 2, x, y);
  attr_i(g, n, "fmod", 1);
  run(&op_Mod, g, n);
  for (int i = 0; i < 9; i++) wf[i] = fmodf(af[i], bf[i]);
  expect_reals("Mod_float32_fmod1", out_of(g, n), IR_F32, wf, 9, 1e-6);
  expect_emit("Mod_float32_fmod1_emit", &op_Mod, g, n, "kiln_f32_fmod__c(&n5_b");

  uint16_t ah[] = {0x4500 /* 5 */, 0xc500 /* -5 */}, bh[] = {0x4200 /* 3 */, 0x4200};
  x = tensor(g, "xh", IR_F16, "2", ah);
  y = tensor(g, "yh", IR_F16, "2", bh);
  n = node(g, "Mod", 13, 2, x, y);
  run(&op_Mod, g, n);
  double wh[] = {2.0, 1.0};
  expect_reals("Mod_float16", out_of(g, n), IR_F16, wh, 2, 0);

  n = node(g, "Mod", 13, 2, x, y);
  attr_i(g, n, "fmod", 2);
  expect_error("Mod_bad_fmod", run(&op_Mod, g, n), "attribute 'fmod' must be 0 or 1");
  int bs = tensor(g, "bool", IR_BOOL, "2", NULL);
  n = node(g, "Mod", 13, 2, bs, bs);
  expect_error("Mod_bool_rejected", run(&op_Mod, g, n), "Mod supports:");
  ir_graph_free(g);
}

/* ---- BitShift and bitwise ops ---------------------------------------------- */

static void test_bits(void) {
  ir_graph *g = ir_graph_new();
  uint8_t xu[] = {16, 4, 1, 200}, su[] = {1, 2, 3, 9};
  int x = tensor(g, "x", IR_U8, "4", xu), s = tensor(g, "s", IR_U8, "4", su);
  int n = node(g, "BitShift", 11, 2, x, s);
  attr_s(g, n, "direction", "LEFT");
  run(&op_BitShift, g, n);
  int64_t w0[] = {32, 16, 8, 0}; /* wraps to 8 bits; shift >= 8 gives 0 */
  expect_ints("BitShift_uint8_left", out_of(g, n), IR_U8, w0, 4);
  expect_emit("BitShift_uint8_left_emit", &op_BitShift, g, n, "kiln_u8_shl__c(&n0_b");

  int8_t xi[] = {-8, -1, -128, 64, -8, 4, -1}, si[] = {1, 1, 1, 1, 8, -1, 127};
  x = tensor(g, "xi", IR_I8, "7", xi);
  s = tensor(g, "si", IR_I8, "7", si);
  n = node(g, "BitShift", 28, 2, x, s);
  attr_s(g, n, "direction", "RIGHT");
  run(&op_BitShift, g, n);
  int64_t w1[] = {-4, -1, -64, 32, -1, 0, -1}; /* arithmetic; out of range: 0 or -1 */
  expect_ints("BitShift_int8_right", out_of(g, n), IR_I8, w1, 7);
  n = node(g, "BitShift", 28, 2, x, s);
  attr_s(g, n, "direction", "LEFT");
  run(&op_BitShift, g, n);
  int64_t w2[] = {-16, -2, 0, -128, 0, 0, 0};
  expect_ints("BitShift_int8_left", out_of(g, n), IR_I8, w2, 7);

  uint64_t x64[] = {1, UINT64_MAX}, s64[] = {63, 64};
  x = tensor(g, "x64", IR_U64, "2", x64);
  s = tensor(g, "s64", IR_U64, "2", s64);
  n = node(g, "BitShift", 11, 2, x, s);
  attr_s(g, n, "direction", "LEFT");
  run(&op_BitShift, g, n);
  const ir_tensor *o = out_of(g, n);
  ot_check(o->data && ((const uint64_t *)o->data)[0] == (UINT64_C(1) << 63) &&
        ((const uint64_t *)o->data)[1] == 0, "BitShift_uint64_edges", "wrong");

  n = node(g, "BitShift", 11, 2, x, s);
  expect_error("BitShift_needs_direction", run(&op_BitShift, g, n),
               "attribute 'direction' is required");
  n = node(g, "BitShift", 11, 2, x, s);
  attr_s(g, n, "direction", "UP");
  expect_error("BitShift_bad_direction", run(&op_BitShift, g, n),
               "attribute 'direction' must be \"LEFT\" or \"RIGHT\"");
  x = tensor(g, "xi2", IR_I8, "7", xi);
  n = node(g, "BitShift", 11, 2, x, x);
  attr_s(g, n, "direction", "LEFT");
  expect_error("BitShift_signed_before_28", run(&op_BitShift, g, n), "more types from opset 28");

  /* bitwise with broadcasting: 2x3 op 3 */
  int16_t a[] = {1, 2, 3, -1, 0x0f0f, 7}, b[] = {3, 6, -4};
  x = tensor(g, "a", IR_I16, "2x3", a);
  s = tensor(g, "b", IR_I16, "3", b);
  const op_def *defs[] = {&op_BitwiseAnd, &op_BitwiseOr, &op_BitwiseXor};
  const char *names[] = {"BitwiseAnd", "BitwiseOr", "BitwiseXor"};
  for (int k = 0; k < 3; k++) {
    n = node(g, names[k], 18, 2, x, s);
    run(defs[k], g, n);
    int64_t w[6];
    for (int i = 0; i < 6; i++) {
      int va = a[i], vb = b[i % 3];
      w[i] = k == 0 ? (va & vb) : k == 1 ? (va | vb) : (va ^ vb);
    }
    char nm[64];
    snprintf(nm, sizeof nm, "%s_int16_broadcast", names[k]);
    expect_ints(nm, out_of(g, n), IR_I16, w, 6);
  }
  int f = tensor(g, "f", IR_F32, "3", NULL);
  n = node(g, "BitwiseAnd", 18, 2, f, f);
  expect_error("BitwiseAnd_float_rejected", run(&op_BitwiseAnd, g, n),
               "BitwiseAnd supports: int8, int16, int32, int64, uint8");

  uint8_t nu[] = {0, 255, 1};
  x = tensor(g, "nu", IR_U8, "3", nu);
  n = node(g, "BitwiseNot", 18, 1, x);
  run(&op_BitwiseNot, g, n);
  int64_t wn[] = {255, 0, 254};
  expect_ints("BitwiseNot_uint8", out_of(g, n), IR_U8, wn, 3);
  expect_emit("BitwiseNot_uint8_emit", &op_BitwiseNot, g, n, "kiln_u8_bitwise_not__c(3, ((const uint8_t *)(T");
  int32_t ni32[] = {0, -1, 5};
  x = tensor(g, "ni", IR_I32, "3", ni32);
  n = node(g, "BitwiseNot", 18, 1, x);
  run(&op_BitwiseNot, g, n);
  int64_t wn2[] = {-1, 0, -6};
  expect_ints("BitwiseNot_int32", out_of(g, n), IR_I32, wn2, 3);
  ir_graph_free(g);
}

/* ---- IsNaN, IsInf --------------------------------------------------------- */

static void test_isnan_isinf(void) {
  ir_graph *g = ir_graph_new();
  float v[] = {-INFINITY, INFINITY, NAN, 1.0f, -0.0f};
  int x = tensor(g, "x", IR_F32, "5", v);
  int n = node(g, "IsNaN", 13, 1, x);
  run(&op_IsNaN, g, n);
  int64_t w0[] = {0, 0, 1, 0, 0};
  expect_ints("IsNaN_float32", out_of(g, n), IR_BOOL, w0, 5);
  ot_check(!(op_IsNaN.flags & OP_INPLACE), "IsNaN_not_inplace", "flags %u", op_IsNaN.flags);
  n = node(g, "IsInf", 20, 1, x);
  run(&op_IsInf, g, n);
  int64_t w1[] = {1, 1, 0, 0, 0};
  expect_ints("IsInf_default", out_of(g, n), IR_BOOL, w1, 5);
  n = node(g, "IsInf", 20, 1, x);
  attr_i(g, n, "detect_negative", 0);
  run(&op_IsInf, g, n);
  int64_t w2[] = {0, 1, 0, 0, 0};
  expect_ints("IsInf_positive_only", out_of(g, n), IR_BOOL, w2, 5);
  expect_emit("IsInf_emit_params", &op_IsInf, g, n, "kiln_f32_isinf__c(5, ((const float *)(T0)), ((uint8_t *)(T");
  n = node(g, "IsInf", 20, 1, x);
  attr_i(g, n, "detect_positive", 0);
  run(&op_IsInf, g, n);
  int64_t w3[] = {1, 0, 0, 0, 0};
  expect_ints("IsInf_negative_only", out_of(g, n), IR_BOOL, w3, 5);

  uint16_t h[] = {H_NAN, H_INF, 0xfc00u, H_1, 0xfe01u};
  x = tensor(g, "h", IR_F16, "5", h);
  n = node(g, "IsNaN", 13, 1, x);
  run(&op_IsNaN, g, n);
  int64_t w4[] = {1, 0, 0, 0, 1};
  expect_ints("IsNaN_float16", out_of(g, n), IR_BOOL, w4, 5);
  n = node(g, "IsInf", 20, 1, x);
  run(&op_IsInf, g, n);
  int64_t w5[] = {0, 1, 1, 0, 0};
  expect_ints("IsInf_float16", out_of(g, n), IR_BOOL, w5, 5);
  int i = tensor(g, "i", IR_I32, "2", NULL);
  n = node(g, "IsNaN", 13, 1, i);
  expect_error("IsNaN_int_rejected", run(&op_IsNaN, g, n), "IsNaN supports: float16");
  ir_graph_free(g);
}

/* ---- float math and activations ------------------------------------------- */

typedef double (*dfn)(double);

static double softsign(double v) { return v / (1 + fabs(v)); }
static double mish(double v) { return v * tanh(log1p(exp(v))); }
static double gelu(double v) { return 0.5 * v * (1 + erf(v / sqrt(2.0))); }
static double gelu_tanh(double v) {
  return 0.5 * v * (1 + tanh(sqrt(2 / 3.14159265358979323846) * (v + 0.044715 * v * v * v)));
}

static void test_float_math(void) {
  static const struct { const op_def *def; const char *name; dfn f; float lo, hi; } ops[] = {
    {&op_Acos, "Acos", acos, -0.9f, 0.9f},     {&op_Acosh, "Acosh", acosh, 1.1f, 5.0f},
    {&op_Asin, "Asin", asin, -0.9f, 0.9f},     {&op_Asinh, "Asinh", asinh, -3.0f, 3.0f},
    {&op_Atan, "Atan", atan, -3.0f, 3.0f},     {&op_Atanh, "Atanh", atanh, -0.9f, 0.9f},
    {&op_Tan, "Tan", tan, -1.2f, 1.2f},        {&op_Cosh, "Cosh", cosh, -3.0f, 3.0f},
    {&op_Sinh, "Sinh", sinh, -3.0f, 3.0f},     {&op_Softsign, "Softsign", softsign, -5.0f, 5.0f},
    {&op_Mish, "Mish", mish, -5.0f, 5.0f},     {&op_Gelu, "Gelu", gelu, -4.0f, 4.0f},
  };
  for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
    ir_graph *g = ir_graph_new();
    float v[7];
    double w[7], v64[7];
    for (int i = 0; i < 7; i++) {
      v[i] = ops[k].lo + (ops[k].hi - ops[k].lo) * (float)i / 6.0f;
      v64[i] = v[i];
      w[i] = ops[k].f(v[i]);
    }
    int x = tensor(g, "x", IR_F32, "7", v);
    int n = node(g, ops[k].name, 20, 1, x);
    run(ops[k].def, g, n);
    char nm[64];
    snprintf(nm, sizeof nm, "%s_float32", ops[k].name);
    expect_reals(nm, out_of(g, n), IR_F32, w, 7, 2e-6);
    x = tensor(g, "x64", IR_F64, "7", v64);
    n = node(g, ops[k].name, 20, 1, x);
    run(ops[k].def, g, n);
    snprintf(nm, sizeof nm, "%s_float64", ops[k].name);
    expect_reals(nm, out_of(g, n), IR_F64, w, 7, 1e-14);
    ir_graph_free(g);
  }

  ir_graph *g = ir_graph_new();
  float v[] = {-3.0f, -1.0f, -0.25f, 0.0f, 0.5f, 1.0f, 2.5f};
  int x = tensor(g, "x", IR_F32, "7", v);
  double w[7];

  int n = node(g, "Gelu", 20, 1, x);
  attr_s(g, n, "approximate", "tanh");
  run(&op_Gelu, g, n);
  for (int i = 0; i < 7; i++) w[i] = gelu_tanh(v[i]);
  expect_reals("Gelu_tanh", out_of(g, n), IR_F32, w, 7, 2e-6);
  expect_emit("Gelu_tanh_emit", &op_Gelu, g, n, "kiln_f32_gelu_tanh__c(7, ((const float *)(T0)), ((float *)(T");
  n = node(g, "Gelu", 20, 1, x);
  attr_s(g, n, "approximate", "fast");
  expect_error("Gelu_bad_approximate", run(&op_Gelu, g, n),
               "attribute 'approximate' is \"fast\"; expected \"none\" or \"tanh\"");

  n = node(g, "Celu", 12, 1, x);
  attr_f(g, n, "alpha", 2.0f);
  run(&op_Celu, g, n);
  for (int i = 0; i < 7; i++) w[i] = v[i] > 0 ? v[i] : 2.0 * (exp(v[i] / 2.0) - 1);
  expect_reals("Celu_alpha2", out_of(g, n), IR_F32, w, 7, 2e-6);
  expect_emit("Celu_emit_alpha", &op_Celu, g, n, ", 2.0f, 0.0f);");
  n = node(g, "Celu", 12, 1, x);
  attr_f(g, n, "alpha", 0.0f);
  expect_error("Celu_alpha0", run(&op_Celu, g, n), "attribute 'alpha' must not be 0");

  n = node(g, "ThresholdedRelu", 10, 1, x);
  run(&op_ThresholdedRelu, g, n);
  double wt[] = {0, 0, 0, 0, 0, 0, 2.5}; /* alpha = 1: strictly greater */
  expect_reals("ThresholdedRelu_default", out_of(g, n), IR_F32, wt, 7, 0);

  n = node(g, "Shrink", 9, 1, x);
  attr_f(g, n, "lambd", 0.75f);
  attr_f(g, n, "bias", 0.5f);
  run(&op_Shrink, g, n);
  double ws[] = {-2.5, -0.5, 0, 0, 0, 0.5, 2.0};
  expect_reals("Shrink_lambd_bias", out_of(g, n), IR_F32, ws, 7, 1e-7);
  int32_t iv[] = {-3, -1, 0, 2, 5};
  int xi = tensor(g, "xi", IR_I32, "5", iv);
  n = node(g, "Shrink", 9, 1, xi);
  attr_f(g, n, "lambd", 1.5f);
  attr_f(g, n, "bias", 1.0f);
  run(&op_Shrink, g, n);
  int64_t wsi[] = {-2, 0, 0, 1, 4};
  expect_ints("Shrink_int32_folds", out_of(g, n), IR_I32, wsi, 5);

  n = node(g, "Swish", 24, 1, x);
  attr_f(g, n, "alpha", 0.5f);
  run(&op_Swish, g, n);
  for (int i = 0; i < 7; i++) w[i] = v[i] / (1 + exp(-0.5 * v[i]));
  expect_reals("Swish_alpha", out_of(g, n), IR_F32, w, 7, 2e-6);

  /* float16 run-time kernels: computed in float, rounded once */
  uint16_t h[] = {0xbc00u /* -1 */, 0x0000u, H_2};
  int xh = tensor(g, "xh", IR_F16, "3", h);
  n = node(g, "Celu", 12, 1, xh);
  run(&op_Celu, g, n);
  double wh[] = {expm1(-1.0), 0, 2};
  expect_reals("Celu_float16", out_of(g, n), IR_F16, wh, 3, 1e-3);
  expect_emit("Celu_float16_emit", &op_Celu, g, n, "kiln_f16_celu__c(3, ((const uint16_t *)(T");
  /* bfloat16: expm1(-1) = -0.63212 rounds to nearest even bf16 0xbf22
   * (-0.6328125); 0 and 2 are exact; alpha 1.5: 1.5 * expm1(-2 / 1.5)
   * = -1.10419 -> 0xbf8d (-1.1015625) */
  uint16_t hb[] = {0xbf80u /* -1 */, 0x0000u, 0x4000u /* 2 */};
  int xb = tensor(g, "xb", IR_BF16, "3", hb);
  n = node(g, "Celu", 12, 1, xb);
  run(&op_Celu, g, n);
  const uint16_t wb[] = {0xbf22u, 0x0000u, 0x4000u};
  ot_expect_bytes("Celu_bfloat16", out_of(g, n), wb, sizeof wb);
  expect_emit("Celu_bfloat16_emit", &op_Celu, g, n, "kiln_bf16_celu__c(3, ((const uint16_t *)(T");
  uint16_t hb2[] = {0xc000u /* -2 */};
  xb = tensor(g, "xb2", IR_BF16, "1", hb2);
  n = node(g, "Celu", 12, 1, xb);
  attr_f(g, n, "alpha", 1.5f);
  run(&op_Celu, g, n);
  ot_expect_bytes("Celu_bfloat16_alpha", out_of(g, n), (const uint16_t[]){0xbf8du}, 2);
  int xq = tensor(g, "xi8", IR_I8, "3", NULL);
  n = node(g, "Celu", 12, 1, xq);
  expect_error("Celu_int8_rejected", run(&op_Celu, g, n), "Celu supports: float16");
  ir_graph_free(g);
}

/* ---- Sum, Mean, PRelu ----------------------------------------------------- */

static void test_variadic_prelu(void) {
  ir_graph *g = ir_graph_new();
  float a[] = {1, 2, 3, 4, 5, 6}, b[] = {10, 20, 30}, c[] = {100};
  int x0 = tensor(g, "a", IR_F32, "2x3", a), x1 = tensor(g, "b", IR_F32, "3", b);
  int x2 = tensor(g, "c", IR_F32, "1", c);
  int n = node(g, "Sum", 13, 3, x0, x1, x2);
  run(&op_Sum, g, n);
  double ws[6], wm[6];
  for (int i = 0; i < 6; i++) {
    ws[i] = a[i] + b[i % 3] + c[0];
    wm[i] = ws[i] / 3;
  }
  expect_reals("Sum_three_broadcast", out_of(g, n), IR_F32, ws, 6, 0);
  n = node(g, "Mean", 13, 3, x0, x1, x2);
  run(&op_Mean, g, n);
  expect_reals("Mean_three_broadcast", out_of(g, n), IR_F32, wm, 6, 1e-7);
  expect_emit("Mean_emit_divides", &op_Mean, g, n, "kiln_f32_div_scalar__c(6, ((float *)(T");
  n = node(g, "Mean", 13, 1, x0);
  run(&op_Mean, g, n);
  double w1[] = {1, 2, 3, 4, 5, 6};
  expect_reals("Mean_one_input", out_of(g, n), IR_F32, w1, 6, 0);
  int xi = tensor(g, "i", IR_I32, "2", NULL);
  n = node(g, "Sum", 13, 2, xi, xi);
  expect_error("Sum_int_rejected", run(&op_Sum, g, n), "Sum supports: float16, float32");

  double a64[] = {1, 2}, b64[] = {4, 8};
  x0 = tensor(g, "a64", IR_F64, "2", a64);
  x1 = tensor(g, "b64", IR_F64, "2", b64);
  n = node(g, "Mean", 13, 2, x0, x1);
  run(&op_Mean, g, n);
  double w64[] = {2.5, 5};
  expect_reals("Mean_float64", out_of(g, n), IR_F64, w64, 2, 0);

  float px[] = {-2, -1, 0, 1, -4, 3}, sl[] = {0.5f, 2, 3};
  x0 = tensor(g, "px", IR_F32, "2x3", px);
  x1 = tensor(g, "sl", IR_F32, "3", sl);
  n = node(g, "PRelu", 16, 2, x0, x1);
  run(&op_PRelu, g, n);
  double wp[] = {-1, -2, 0, 1, -8, 3};
  expect_reals("PRelu_broadcast_slope", out_of(g, n), IR_F32, wp, 6, 0);
  expect_emit("PRelu_emit", &op_PRelu, g, n, "kiln_f32_prelu__c(&n5_b");
  int big = tensor(g, "big", IR_F32, "4x2x3", NULL);
  n = node(g, "PRelu", 16, 2, x0, big);
  expect_error("PRelu_slope_must_broadcast_to_x", run(&op_PRelu, g, n),
               "(slope, shape 4x2x3) must broadcast to input 0 'px' (shape 2x3)");
  int64_t pi[] = {-3, 4}, si[] = {2, 2};
  x0 = tensor(g, "pi", IR_I64, "2", pi);
  x1 = tensor(g, "si", IR_I64, "2", si);
  n = node(g, "PRelu", 16, 2, x0, x1);
  run(&op_PRelu, g, n);
  int64_t wpi[] = {-6, 4};
  expect_ints("PRelu_int64", out_of(g, n), IR_I64, wpi, 2);
  n = node(g, "PRelu", 9, 2, x0, x1);
  expect_error("PRelu_int_before_16", run(&op_PRelu, g, n), "more types from opset 16");
  /* opset 6: a 1-D slope is per channel (axis 1), not numpy-aligned */
  float cx[] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, cs[] = {1, 2, 3};
  x0 = tensor(g, "cx", IR_F32, "2x3x2", cx);
  x1 = tensor(g, "cs", IR_F32, "3", cs);
  n = node(g, "PRelu", 6, 2, x0, x1);
  run(&op_PRelu, g, n);
  double wc[] = {-1, -1, -2, -2, -3, -3, -1, -1, -2, -2, -3, -3};
  expect_reals("PRelu_opset6_per_channel", out_of(g, n), IR_F32, wc, 12, 0);
  ir_graph_free(g);
}

/* ---- Size, CastLike ------------------------------------------------------- */

static void test_size_castlike(void) {
  ir_graph *g = ir_graph_new();
  int x = tensor(g, "x", IR_F32, "2x3x4", NULL); /* not constant: Size still folds */
  int n = node(g, "Size", 21, 1, x);
  memset(&diag, 0, sizeof diag);
  int rc = op_Size.infer(&diag, g, &g->nodes[n]);
  const ir_tensor *o = out_of(g, n);
  int64_t w[] = {24};
  ot_check(rc == 0 && o->rank == 0 && o->data != NULL, "Size_constant_after_infer", "rc %d rank %d",
        rc, o->rank);
  expect_ints("Size_value", o, IR_I64, w, 1);

  float v[] = {1.7f, -2.5f, 300.0f, 0.0f};
  x = tensor(g, "v", IR_F32, "4", v);
  /* target_type's values are never read; constant here only so that run() folds */
  int32_t l32[] = {0};
  uint16_t l16[] = {0};
  int like = tensor(g, "like", IR_I32, "1", l32);
  n = node(g, "CastLike", 19, 2, x, like);
  run(&op_CastLike, g, n);
  int64_t wi[] = {1, -2, 300, 0};
  expect_ints("CastLike_float32_to_int32", out_of(g, n), IR_I32, wi, 4);
  expect_emit("CastLike_emit", &op_CastLike, g, n, "kiln_f32_to_i32__c(4, ((const float *)(T");
  like = tensor(g, "likeh", IR_F16, "1", l16);
  n = node(g, "CastLike", 19, 2, x, like);
  run(&op_CastLike, g, n);
  o = out_of(g, n);
  ot_check(o->dtype == IR_F16 && o->data && ((const uint16_t *)o->data)[3] == 0 &&
        fabs(ir_get_f64(o, 0) - 1.7) < 1e-3, "CastLike_float32_to_float16", "wrong");
  like = tensor(g, "likebf", IR_BF16, "1", l16);
  n = node(g, "CastLike", 19, 2, x, like);
  run(&op_CastLike, g, n);
  o = out_of(g, n);
  ot_check(o->dtype == IR_BF16 && o->data && ir_get_f64(o, 2) == 300.0, "CastLike_to_bfloat16_folds",
        "wrong");
  expect_emit("CastLike_bfloat16_generic_kernel", &op_CastLike, g, n, "kiln_lowp_cast__c(4, ((const float *)(T");
  like = tensor(g, "likes", IR_STRING, "1", NULL);
  n = node(g, "CastLike", 19, 2, x, like);
  expect_error("CastLike_string_rejected", run(&op_CastLike, g, n),
               "input 1 'likes' (target_type) has dtype string");
  n = node(g, "CastLike", 19, 1, x);
  expect_error("CastLike_needs_two_inputs", run(&op_CastLike, g, n), "expected 2 inputs, got 1");
  ir_graph_free(g);
}

/* ---- integer and float16 dtypes of the existing elementwise ops ------------ */

static void test_more_dtypes(void) {
  ir_graph *g = ir_graph_new();
  uint8_t a8[] = {250, 3, 200}, b8[] = {10, 5, 0};
  int x = tensor(g, "a8", IR_U8, "3", a8), y = tensor(g, "b8", IR_U8, "3", b8);
  int n = node(g, "Add", 14, 2, x, y);
  run(&op_Add, g, n);
  int64_t w0[] = {4, 8, 200};
  expect_ints("Add_uint8_wraps", out_of(g, n), IR_U8, w0, 3);
  expect_emit("Add_uint8_emit", &op_Add, g, n, "kiln_u8_add__c(&n0_b");
  n = node(g, "Mul", 14, 2, x, x);
  run(&op_Mul, g, n);
  int64_t w1[] = {(250 * 250) % 256, 9, (200 * 200) % 256};
  expect_ints("Mul_uint8_wraps", out_of(g, n), IR_U8, w1, 3);
  n = node(g, "Div", 14, 2, x, y);
  run(&op_Div, g, n);
  int64_t w2[] = {25, 0, 0};
  expect_ints("Div_uint8_by_zero_is_0", out_of(g, n), IR_U8, w2, 3);
  n = node(g, "Sub", 14, 2, y, x);
  run(&op_Sub, g, n);
  int64_t w3[] = {16, 2, 56};
  expect_ints("Sub_uint8_wraps", out_of(g, n), IR_U8, w3, 3);

  int8_t i8a[] = {-128, 100, -7}, i8b[] = {-1, 100, 2};
  x = tensor(g, "i8a", IR_I8, "3", i8a);
  y = tensor(g, "i8b", IR_I8, "3", i8b);
  n = node(g, "Div", 14, 2, x, y);
  run(&op_Div, g, n);
  int64_t w4[] = {-128, 1, -3}; /* wraps; truncates toward zero */
  expect_ints("Div_int8", out_of(g, n), IR_I8, w4, 3);
  n = node(g, "Add", 14, 2, x, y);
  run(&op_Add, g, n);
  int64_t w5[] = {127, -56, -5};
  expect_ints("Add_int8_wraps", out_of(g, n), IR_I8, w5, 3);
  n = node(g, "Neg", 13, 1, x);
  run(&op_Neg, g, n);
  int64_t w6[] = {-128, -100, 7};
  expect_ints("Neg_int8", out_of(g, n), IR_I8, w6, 3);
  expect_emit("Neg_int8_emit", &op_Neg, g, n, "kiln_i8_neg__c(3, ((const int8_t *)(T");
  n = node(g, "Abs", 13, 1, x);
  run(&op_Abs, g, n);
  int64_t w7[] = {-128, 100, 7};
  expect_ints("Abs_int8", out_of(g, n), IR_I8, w7, 3);
  n = node(g, "Relu", 14, 1, x);
  run(&op_Relu, g, n);
  int64_t w8[] = {0, 100, 0};
  expect_ints("Relu_int8", out_of(g, n), IR_I8, w8, 3);

  uint64_t u64a[] = {UINT64_MAX, 5}, u64b[] = {UINT64_MAX - 1, 7};
  x = tensor(g, "u64a", IR_U64, "2", u64a);
  y = tensor(g, "u64b", IR_U64, "2", u64b);
  n = node(g, "Max", 13, 2, x, y);
  run(&op_Max, g, n);
  const ir_tensor *o = out_of(g, n);
  ot_check(o->data && ((const uint64_t *)o->data)[0] == UINT64_MAX &&
        ((const uint64_t *)o->data)[1] == 7, "Max_uint64_above_2^63", "wrong");
  n = node(g, "Less", 13, 2, x, y);
  run(&op_Less, g, n);
  int64_t w9[] = {0, 1};
  expect_ints("Less_uint64_above_2^63", out_of(g, n), IR_BOOL, w9, 2);
  n = node(g, "Div", 14, 2, x, y);
  run(&op_Div, g, n);
  o = out_of(g, n);
  ot_check(o->data && ((const uint64_t *)o->data)[0] == 1 && ((const uint64_t *)o->data)[1] == 0,
        "Div_uint64_above_2^63", "wrong");
  n = node(g, "Sign", 13, 1, x);
  run(&op_Sign, g, n);
  int64_t w10[] = {1, 1};
  expect_ints("Sign_uint64", out_of(g, n), IR_U64, w10, 2);
  expect_emit("Sign_uint64_emit", &op_Sign, g, n, "kiln_u64_sign__c(2, ((const uint64_t *)(T");

  uint16_t ua[] = {1, 65535}, ub[] = {2, 65535};
  x = tensor(g, "ua", IR_U16, "2", ua);
  y = tensor(g, "ub", IR_U16, "2", ub);
  n = node(g, "GreaterOrEqual", 16, 2, x, y);
  run(&op_GreaterOrEqual, g, n);
  int64_t w11[] = {0, 1};
  expect_ints("GreaterOrEqual_uint16", out_of(g, n), IR_BOOL, w11, 2);
  n = node(g, "Mul", 14, 2, x, y);
  run(&op_Mul, g, n);
  int64_t w12[] = {2, 1}; /* 65535^2 mod 2^16 = 1, no int overflow on the way */
  expect_ints("Mul_uint16_wraps", out_of(g, n), IR_U16, w12, 2);

  int16_t sa[] = {-5, 7};
  x = tensor(g, "sa", IR_I16, "2", sa);
  n = node(g, "Equal", 19, 2, x, x);
  run(&op_Equal, g, n);
  int64_t w13[] = {1, 1};
  expect_ints("Equal_int16", out_of(g, n), IR_BOOL, w13, 2);

  uint16_t ha[] = {H_1, H_NAN, H_2}, hb[] = {H_2, H_1, H_1};
  x = tensor(g, "ha", IR_F16, "3", ha);
  y = tensor(g, "hb", IR_F16, "3", hb);
  n = node(g, "Add", 14, 2, x, y);
  run(&op_Add, g, n);
  double w14[] = {3, NAN, 3};
  expect_reals("Add_float16", out_of(g, n), IR_F16, w14, 3, 0);
  o = out_of(g, n);
  ot_check(o->data && ((const uint16_t *)o->data)[0] == H_3, "Add_float16_bits", "got %04x",
        o->data ? ((const uint16_t *)o->data)[0] : 0);
  expect_emit("Add_float16_emit", &op_Add, g, n, "kiln_f16_add__c(&n16_b");
  n = node(g, "Max", 13, 2, x, y);
  run(&op_Max, g, n);
  double w15[] = {2, NAN, 2};
  expect_reals("Max_float16_nan_propagates", out_of(g, n), IR_F16, w15, 3, 0);
  n = node(g, "Min", 13, 2, y, x);
  run(&op_Min, g, n);
  double w16[] = {1, NAN, 1};
  expect_reals("Min_float16_nan_propagates", out_of(g, n), IR_F16, w16, 3, 0);
  n = node(g, "Div", 14, 2, x, y);
  run(&op_Div, g, n);
  double w17[] = {0.5, NAN, 2};
  expect_reals("Div_float16", out_of(g, n), IR_F16, w17, 3, 0);
  uint16_t hs[] = {0x0001u /* 2^-24 */, 0x7bffu /* 65504 */};
  x = tensor(g, "hs", IR_F16, "2", hs);
  n = node(g, "Add", 14, 2, x, x);
  run(&op_Add, g, n);
  double w18[] = {ldexp(1, -23), INFINITY}; /* subnormal doubles exactly; overflow */
  expect_reals("Add_float16_subnormal_and_overflow", out_of(g, n), IR_F16, w18, 2, 0);

  /* bfloat16: float math, rounded to nearest even once. 1.5 + 1.5 = 3 and
   * 1.0078125 + 1.0078125 = 2.015625 (exact); 1.0078125 * 3 = 3.0234375 is
   * halfway between 3.015625 and 3.03125 -> even mantissa 3.03125. */
  uint16_t bfa[] = {0x3fc0u /* 1.5 */, 0x3f81u /* 1.0078125 */}, bfb[] = {0x3fc0u, 0x4040u /* 3 */};
  int xb = tensor(g, "bf", IR_BF16, "2", bfa), yb = tensor(g, "bg", IR_BF16, "2", bfb);
  n = node(g, "Add", 14, 2, xb, xb);
  run(&op_Add, g, n);
  double w19[] = {3, 2.015625};
  expect_reals("Add_bfloat16", out_of(g, n), IR_BF16, w19, 2, 0);
  expect_emit("Add_bfloat16_emit", &op_Add, g, n, "kiln_bf16_add__c(&");
  n = node(g, "Mul", 14, 2, xb, yb);
  run(&op_Mul, g, n);
  double w20[] = {2.25, 3.03125};
  expect_reals("Mul_bfloat16_ties_to_even", out_of(g, n), IR_BF16, w20, 2, 0);
  ir_graph_free(g);
}

int main(void) {
  static const char *const kernels[] = {
      "src/kernels/binary.h", "src/kernels/unary.h", "src/kernels/cast.h",  "src/kernels/where.h",
      "src/kernels/math2.h",  "src/kernels/lowp.h", "src/kernels/binary.c", "src/kernels/cast.c",
      "src/kernels/lowp.c", "src/kernels/unary.c",
      "src/kernels/where.c",  "src/kernels/math2.c"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  test_mod();
  test_bits();
  test_isnan_isinf();
  test_float_math();
  test_variadic_prelu();
  test_size_castlike();
  test_more_dtypes();
  return ot_report();
}
