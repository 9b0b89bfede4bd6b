/* unary.c - elementwise unary kernels (math, activations, Clip, Not), portable C.
 *
 * Every kernel is `void NAME(int64_t n, const T *x, T *y)` or, when the op
 * has parameters, `void NAME(int64_t n, const T *x, T *y, T a, T b)`. All are
 * in-place safe (y == x): each element is read before it is written. The
 * float64 kernels are the same formulas with the double libm functions; they
 * serve float64 models and are the constant-folding path for types without a
 * kernel of their own (integers through Erf, ...). float16 kernels (uint16_t
 * bits) compute the float32 formula and round back once; their a, b are float.
 * The macros and the sigmoid/softplus helpers are sections of unary.h.
 */
#include "kiln_kernels.h" /* outside any section: packages include it themselves */
#include "unary.h"

//@kernel kiln_round_even_f32
/* ONNX Round: halves go to the nearest even integer (like numpy.round). Not
 * rintf: that depends on the caller's floating-point rounding mode. roundf
 * sends halves away from zero; for exact halves (the fraction v - trunc(v) is
 * exact) 2 * round(v / 2) picks the even neighbour instead. */
static inline float kiln_round_even_f32(float v) {
  if (fabsf(v - truncf(v)) == 0.5f) return 2.0f * roundf(0.5f * v);
  return roundf(v);
}
//@end

//@kernel kiln_round_even_f64
static inline double kiln_round_even_f64(double v) {
  if (fabs(v - trunc(v)) == 0.5) return 2.0 * round(0.5 * v);
  return round(v);
}
//@end

//@kernel kiln_clamp01_f32
/* min(max(t, 0), 1), NaN passing through (as kiln_act_apply does). */
static inline float kiln_clamp01_f32(float t) { return t < 0.0f ? 0.0f : (t > 1.0f ? 1.0f : t); }
//@end

//@kernel kiln_clamp01_f64
static inline double kiln_clamp01_f64(double t) { return t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t); }
//@end

/* ---- float32 ---- */

//@kernel kiln_f32_relu__c needs kiln_unary_macros
/* Relu: max(v, 0); NaN maps to 0, as in the fused epilogue (kiln_act_apply). */
KILN_UNARY(kiln_f32_relu__c, float, v > 0.0f ? v : 0.0f)
//@end

//@kernel kiln_f32_sigmoid__c needs kiln_unary_macros kiln_sigmoid_f32
/* Sigmoid: 1 / (1 + e^-v). */
KILN_UNARY(kiln_f32_sigmoid__c, float, kiln_sigmoid_f32(v))
//@end

//@kernel kiln_f32_tanh__c needs kiln_unary_macros
/* Tanh */
KILN_UNARY(kiln_f32_tanh__c, float, tanhf(v))
//@end

//@kernel kiln_f32_exp__c needs kiln_unary_macros
/* Exp */
KILN_UNARY(kiln_f32_exp__c, float, expf(v))
//@end

//@kernel kiln_f32_log__c needs kiln_unary_macros
/* Log (natural); log(0) = -inf, log(<0) = NaN. */
KILN_UNARY(kiln_f32_log__c, float, logf(v))
//@end

//@kernel kiln_f32_sqrt__c needs kiln_unary_macros
/* Sqrt; sqrt(<0) = NaN. */
KILN_UNARY(kiln_f32_sqrt__c, float, sqrtf(v))
//@end

//@kernel kiln_f32_neg__c needs kiln_unary_macros
/* Neg */
KILN_UNARY(kiln_f32_neg__c, float, -v)
//@end

//@kernel kiln_f32_abs__c needs kiln_unary_macros
/* Abs */
KILN_UNARY(kiln_f32_abs__c, float, fabsf(v))
//@end

//@kernel kiln_f32_erf__c needs kiln_unary_macros
/* Erf (the Gauss error function). */
KILN_UNARY(kiln_f32_erf__c, float, erff(v))
//@end

//@kernel kiln_f32_reciprocal__c needs kiln_unary_macros
/* Reciprocal: 1 / v with IEEE semantics (1/0 = inf). */
KILN_UNARY(kiln_f32_reciprocal__c, float, 1.0f / v)
//@end

//@kernel kiln_f32_floor__c needs kiln_unary_macros
/* Floor */
KILN_UNARY(kiln_f32_floor__c, float, floorf(v))
//@end

//@kernel kiln_f32_ceil__c needs kiln_unary_macros
/* Ceil */
KILN_UNARY(kiln_f32_ceil__c, float, ceilf(v))
//@end

//@kernel kiln_f32_round__c needs kiln_unary_macros kiln_round_even_f32
/* Round: to nearest, halves to even. */
KILN_UNARY(kiln_f32_round__c, float, kiln_round_even_f32(v))
//@end

//@kernel kiln_f32_sign__c needs kiln_unary_macros
/* Sign: -1, 0 or 1; NaN stays NaN. */
KILN_UNARY(kiln_f32_sign__c, float, v > 0.0f ? 1.0f : (v < 0.0f ? -1.0f : v))
//@end

//@kernel kiln_f32_sin__c needs kiln_unary_macros
/* Sin */
KILN_UNARY(kiln_f32_sin__c, float, sinf(v))
//@end

//@kernel kiln_f32_cos__c needs kiln_unary_macros
/* Cos */
KILN_UNARY(kiln_f32_cos__c, float, cosf(v))
//@end

//@kernel kiln_f32_leaky_relu__c needs kiln_unary_macros
/* LeakyRelu: v >= 0 ? v : a * v (a = alpha; b unused). */
KILN_UNARY_AB(kiln_f32_leaky_relu__c, float, v >= 0.0f ? v : v * a)
//@end

//@kernel kiln_f32_hard_sigmoid__c needs kiln_unary_macros kiln_clamp01_f32
/* HardSigmoid: max(0, min(1, a * v + b)) (a = alpha, b = beta). */
KILN_UNARY_AB(kiln_f32_hard_sigmoid__c, float, kiln_clamp01_f32(a * v + b))
//@end

//@kernel kiln_f32_hard_swish__c needs kiln_unary_macros kiln_clamp01_f32
/* HardSwish: v * max(0, min(1, alpha * v + beta)) with alpha = 1/6 (as a
 * float, like the spec's function body HardSigmoid(alpha=1/6) * X), beta = 1/2. */
KILN_UNARY(kiln_f32_hard_swish__c, float, v * kiln_clamp01_f32((1.0f / 6.0f) * v + 0.5f))
//@end

//@kernel kiln_f32_elu__c needs kiln_unary_macros
/* Elu: v < 0 ? a * (e^v - 1) : v (expm1 keeps precision near 0). */
KILN_UNARY_AB(kiln_f32_elu__c, float, v < 0.0f ? a * expm1f(v) : v)
//@end

//@kernel kiln_f32_selu__c needs kiln_unary_macros
/* Selu: b * (v > 0 ? v : a * (e^v - 1)) (a = alpha, b = gamma). */
KILN_UNARY_AB(kiln_f32_selu__c, float, v > 0.0f ? b * v : b * (a * expm1f(v)))
//@end

//@kernel kiln_f32_softplus__c needs kiln_unary_macros kiln_softplus_f32
/* Softplus: ln(e^v + 1). */
KILN_UNARY(kiln_f32_softplus__c, float, kiln_softplus_f32(v))
//@end

/* ---- float64: same formulas ---- */

//@kernel kiln_f64_relu__c needs kiln_unary_macros
/* Relu */
KILN_UNARY(kiln_f64_relu__c, double, v > 0.0 ? v : 0.0)
//@end

//@kernel kiln_f64_sigmoid__c needs kiln_unary_macros kiln_sigmoid_f64
/* Sigmoid */
KILN_UNARY(kiln_f64_sigmoid__c, double, kiln_sigmoid_f64(v))
//@end

//@kernel kiln_f64_tanh__c needs kiln_unary_macros
/* Tanh */
KILN_UNARY(kiln_f64_tanh__c, double, tanh(v))
//@end

//@kernel kiln_f64_exp__c needs kiln_unary_macros
/* Exp */
KILN_UNARY(kiln_f64_exp__c, double, exp(v))
//@end

//@kernel kiln_f64_log__c needs kiln_unary_macros
/* Log */
KILN_UNARY(kiln_f64_log__c, double, log(v))
//@end

//@kernel kiln_f64_sqrt__c needs kiln_unary_macros
/* Sqrt */
KILN_UNARY(kiln_f64_sqrt__c, double, sqrt(v))
//@end

//@kernel kiln_f64_neg__c needs kiln_unary_macros
/* Neg */
KILN_UNARY(kiln_f64_neg__c, double, -v)
//@end

//@kernel kiln_f64_abs__c needs kiln_unary_macros
/* Abs */
KILN_UNARY(kiln_f64_abs__c, double, fabs(v))
//@end

//@kernel kiln_f64_erf__c needs kiln_unary_macros
/* Erf */
KILN_UNARY(kiln_f64_erf__c, double, erf(v))
//@end

//@kernel kiln_f64_reciprocal__c needs kiln_unary_macros
/* Reciprocal */
KILN_UNARY(kiln_f64_reciprocal__c, double, 1.0 / v)
//@end

//@kernel kiln_f64_floor__c needs kiln_unary_macros
/* Floor */
KILN_UNARY(kiln_f64_floor__c, double, floor(v))
//@end

//@kernel kiln_f64_ceil__c needs kiln_unary_macros
/* Ceil */
KILN_UNARY(kiln_f64_ceil__c, double, ceil(v))
//@end

//@kernel kiln_f64_round__c needs kiln_unary_macros kiln_round_even_f64
/* Round: halves to even. */
KILN_UNARY(kiln_f64_round__c, double, kiln_round_even_f64(v))
//@end

//@kernel kiln_f64_sign__c needs kiln_unary_macros
/* Sign */
KILN_UNARY(kiln_f64_sign__c, double, v > 0.0 ? 1.0 : (v < 0.0 ? -1.0 : v))
//@end

//@kernel kiln_f64_sin__c needs kiln_unary_macros
/* Sin */
KILN_UNARY(kiln_f64_sin__c, double, sin(v))
//@end

//@kernel kiln_f64_cos__c needs kiln_unary_macros
/* Cos */
KILN_UNARY(kiln_f64_cos__c, double, cos(v))
//@end

//@kernel kiln_f64_leaky_relu__c needs kiln_unary_macros
/* LeakyRelu */
KILN_UNARY_AB(kiln_f64_leaky_relu__c, double, v >= 0.0 ? v : v * a)
//@end

//@kernel kiln_f64_hard_sigmoid__c needs kiln_unary_macros kiln_clamp01_f64
/* HardSigmoid */
KILN_UNARY_AB(kiln_f64_hard_sigmoid__c, double, kiln_clamp01_f64(a * v + b))
//@end

//@kernel kiln_f64_hard_swish__c needs kiln_unary_macros kiln_clamp01_f64
/* HardSwish */
KILN_UNARY(kiln_f64_hard_swish__c, double, v * kiln_clamp01_f64((1.0 / 6.0) * v + 0.5))
//@end

//@kernel kiln_f64_elu__c needs kiln_unary_macros
/* Elu */
KILN_UNARY_AB(kiln_f64_elu__c, double, v < 0.0 ? a * expm1(v) : v)
//@end

//@kernel kiln_f64_selu__c needs kiln_unary_macros
/* Selu */
KILN_UNARY_AB(kiln_f64_selu__c, double, v > 0.0 ? b * v : b * (a * expm1(v)))
//@end

//@kernel kiln_f64_softplus__c needs kiln_unary_macros kiln_softplus_f64
/* Softplus */
KILN_UNARY(kiln_f64_softplus__c, double, kiln_softplus_f64(v))
//@end

/* ---- integers: Relu, Neg, Abs, Sign. Negation goes through the unsigned
 * type so that -INT_MIN wraps (as numpy does) instead of being undefined. ---- */

//@kernel kiln_i32_relu__c needs kiln_unary_macros
/* Relu */
KILN_UNARY(kiln_i32_relu__c, int32_t, v > 0 ? v : 0)
//@end

//@kernel kiln_i32_neg__c needs kiln_unary_macros
/* Neg (wrapping) */
KILN_UNARY(kiln_i32_neg__c, int32_t, (int32_t)(0u - (uint32_t)v))
//@end

//@kernel kiln_i32_abs__c needs kiln_unary_macros
/* Abs (wrapping: abs(INT32_MIN) = INT32_MIN) */
KILN_UNARY(kiln_i32_abs__c, int32_t, v < 0 ? (int32_t)(0u - (uint32_t)v) : v)
//@end

//@kernel kiln_i32_sign__c needs kiln_unary_macros
/* Sign */
KILN_UNARY(kiln_i32_sign__c, int32_t, (int32_t)((v > 0) - (v < 0)))
//@end

//@kernel kiln_i64_relu__c needs kiln_unary_macros
/* Relu */
KILN_UNARY(kiln_i64_relu__c, int64_t, v > 0 ? v : 0)
//@end

//@kernel kiln_i64_neg__c needs kiln_unary_macros
/* Neg (wrapping) */
KILN_UNARY(kiln_i64_neg__c, int64_t, (int64_t)(0u - (uint64_t)v))
//@end

//@kernel kiln_i64_abs__c needs kiln_unary_macros
/* Abs (wrapping) */
KILN_UNARY(kiln_i64_abs__c, int64_t, v < 0 ? (int64_t)(0u - (uint64_t)v) : v)
//@end

//@kernel kiln_i64_sign__c needs kiln_unary_macros
/* Sign */
KILN_UNARY(kiln_i64_sign__c, int64_t, (int64_t)((v > 0) - (v < 0)))
//@end

/* ---- Clip: a = min, b = max. Per the spec, y = Min(max, Max(x, min)): when
 * min > max every element becomes max; NaN inputs stay NaN. ---- */

//@kernel kiln_f32_clip__c needs kiln_unary_macros
/* Clip */
KILN_UNARY_AB(kiln_f32_clip__c, float, v < a ? (a > b ? b : a) : (v > b ? b : v))
//@end

//@kernel kiln_f64_clip__c needs kiln_unary_macros
/* Clip */
KILN_UNARY_AB(kiln_f64_clip__c, double, v < a ? (a > b ? b : a) : (v > b ? b : v))
//@end

//@kernel kiln_i32_clip__c needs kiln_unary_macros
/* Clip */
KILN_UNARY_AB(kiln_i32_clip__c, int32_t, v < a ? (a > b ? b : a) : (v > b ? b : v))
//@end

//@kernel kiln_i64_clip__c needs kiln_unary_macros
/* Clip */
KILN_UNARY_AB(kiln_i64_clip__c, int64_t, v < a ? (a > b ? b : a) : (v > b ? b : v))
//@end

//@kernel kiln_i8_clip__c needs kiln_unary_macros
/* Clip */
KILN_UNARY_AB(kiln_i8_clip__c, int8_t, v < a ? (a > b ? b : a) : (v > b ? b : v))
//@end

//@kernel kiln_u8_clip__c needs kiln_unary_macros
/* Clip */
KILN_UNARY_AB(kiln_u8_clip__c, uint8_t, v < a ? (a > b ? b : a) : (v > b ? b : v))
//@end

//@kernel kiln_i16_clip__c needs kiln_unary_macros
/* Clip */
KILN_UNARY_AB(kiln_i16_clip__c, int16_t, v < a ? (a > b ? b : a) : (v > b ? b : v))
//@end

//@kernel kiln_u16_clip__c needs kiln_unary_macros
/* Clip */
KILN_UNARY_AB(kiln_u16_clip__c, uint16_t, v < a ? (a > b ? b : a) : (v > b ? b : v))
//@end

//@kernel kiln_u32_clip__c needs kiln_unary_macros
/* Clip */
KILN_UNARY_AB(kiln_u32_clip__c, uint32_t, v < a ? (a > b ? b : a) : (v > b ? b : v))
//@end

//@kernel kiln_u64_clip__c needs kiln_unary_macros
/* Clip */
KILN_UNARY_AB(kiln_u64_clip__c, uint64_t, v < a ? (a > b ? b : a) : (v > b ? b : v))
//@end

/* ---- bool (uint8_t 0/1) ---- */

//@kernel kiln_bool_not__c needs kiln_unary_macros
/* Not: any nonzero byte counts as true. */
KILN_UNARY(kiln_bool_not__c, uint8_t, (uint8_t)(v == 0))
//@end

/* ---- more integer dtypes ---- */

//@kernel kiln_i8_relu__c needs kiln_unary_macros
/* Relu */
KILN_UNARY_XY(kiln_i8_relu__c, int8_t, int8_t, v > 0 ? v : 0)
//@end

//@kernel kiln_i16_relu__c needs kiln_unary_macros
/* Relu */
KILN_UNARY_XY(kiln_i16_relu__c, int16_t, int16_t, v > 0 ? v : 0)
//@end

//@kernel kiln_i8_neg__c needs kiln_unary_macros
/* Neg, wrapping */
KILN_UNARY_XY(kiln_i8_neg__c, int8_t, int8_t, (int8_t)(0u - (uint32_t)v))
//@end

//@kernel kiln_i16_neg__c needs kiln_unary_macros
/* Neg, wrapping */
KILN_UNARY_XY(kiln_i16_neg__c, int16_t, int16_t, (int16_t)(0u - (uint32_t)v))
//@end

//@kernel kiln_i8_abs__c needs kiln_unary_macros
/* Abs, wrapping */
KILN_UNARY_XY(kiln_i8_abs__c, int8_t, int8_t, v < 0 ? (int8_t)(0u - (uint32_t)v) : v)
//@end

//@kernel kiln_i16_abs__c needs kiln_unary_macros
/* Abs, wrapping */
KILN_UNARY_XY(kiln_i16_abs__c, int16_t, int16_t, v < 0 ? (int16_t)(0u - (uint32_t)v) : v)
//@end

//@kernel kiln_u8_abs__c needs kiln_unary_macros
/* Abs of an unsigned value */
KILN_UNARY_XY(kiln_u8_abs__c, uint8_t, uint8_t, v)
//@end

//@kernel kiln_u16_abs__c needs kiln_unary_macros
/* Abs of an unsigned value */
KILN_UNARY_XY(kiln_u16_abs__c, uint16_t, uint16_t, v)
//@end

//@kernel kiln_u32_abs__c needs kiln_unary_macros
/* Abs of an unsigned value */
KILN_UNARY_XY(kiln_u32_abs__c, uint32_t, uint32_t, v)
//@end

//@kernel kiln_u64_abs__c needs kiln_unary_macros
/* Abs of an unsigned value */
KILN_UNARY_XY(kiln_u64_abs__c, uint64_t, uint64_t, v)
//@end

//@kernel kiln_i8_sign__c needs kiln_unary_macros
/* Sign */
KILN_UNARY_XY(kiln_i8_sign__c, int8_t, int8_t, (int8_t)((v > 0) - (v < 0)))
//@end

//@kernel kiln_i16_sign__c needs kiln_unary_macros
/* Sign */
KILN_UNARY_XY(kiln_i16_sign__c, int16_t, int16_t, (int16_t)((v > 0) - (v < 0)))
//@end

//@kernel kiln_u8_sign__c needs kiln_unary_macros
/* Sign of an unsigned value */
KILN_UNARY_XY(kiln_u8_sign__c, uint8_t, uint8_t, (uint8_t)(v != 0))
//@end

//@kernel kiln_u16_sign__c needs kiln_unary_macros
/* Sign of an unsigned value */
KILN_UNARY_XY(kiln_u16_sign__c, uint16_t, uint16_t, (uint16_t)(v != 0))
//@end

//@kernel kiln_u32_sign__c needs kiln_unary_macros
/* Sign of an unsigned value */
KILN_UNARY_XY(kiln_u32_sign__c, uint32_t, uint32_t, (uint32_t)(v != 0))
//@end

//@kernel kiln_u64_sign__c needs kiln_unary_macros
/* Sign of an unsigned value */
KILN_UNARY_XY(kiln_u64_sign__c, uint64_t, uint64_t, (uint64_t)(v != 0))
//@end

/* ---- float16 (uint16_t bits), computed in float32 ---- */

//@kernel kiln_f16_relu__c needs kiln_unary_macros kiln_half
/* relu; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_relu__c, w > 0.0f ? w : 0.0f)
//@end

//@kernel kiln_f16_sigmoid__c needs kiln_unary_macros kiln_sigmoid_f32 kiln_half
/* sigmoid; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_sigmoid__c, kiln_sigmoid_f32(w))
//@end

//@kernel kiln_f16_tanh__c needs kiln_unary_macros kiln_half
/* tanh; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_tanh__c, tanhf(w))
//@end

//@kernel kiln_f16_exp__c needs kiln_unary_macros kiln_half
/* exp; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_exp__c, expf(w))
//@end

//@kernel kiln_f16_log__c needs kiln_unary_macros kiln_half
/* log; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_log__c, logf(w))
//@end

//@kernel kiln_f16_sqrt__c needs kiln_unary_macros kiln_half
/* sqrt; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_sqrt__c, sqrtf(w))
//@end

//@kernel kiln_f16_neg__c needs kiln_unary_macros kiln_half
/* neg; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_neg__c, -w)
//@end

//@kernel kiln_f16_abs__c needs kiln_unary_macros kiln_half
/* abs; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_abs__c, fabsf(w))
//@end

//@kernel kiln_f16_erf__c needs kiln_unary_macros kiln_half
/* erf; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_erf__c, erff(w))
//@end

//@kernel kiln_f16_reciprocal__c needs kiln_unary_macros kiln_half
/* reciprocal; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_reciprocal__c, 1.0f / w)
//@end

//@kernel kiln_f16_floor__c needs kiln_unary_macros kiln_half
/* floor; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_floor__c, floorf(w))
//@end

//@kernel kiln_f16_ceil__c needs kiln_unary_macros kiln_half
/* ceil; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_ceil__c, ceilf(w))
//@end

//@kernel kiln_f16_round__c needs kiln_unary_macros kiln_round_even_f32 kiln_half
/* round; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_round__c, kiln_round_even_f32(w))
//@end

//@kernel kiln_f16_sign__c needs kiln_unary_macros kiln_half
/* sign; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_sign__c, w > 0.0f ? 1.0f : (w < 0.0f ? -1.0f : w))
//@end

//@kernel kiln_f16_sin__c needs kiln_unary_macros kiln_half
/* sin; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_sin__c, sinf(w))
//@end

//@kernel kiln_f16_cos__c needs kiln_unary_macros kiln_half
/* cos; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_cos__c, cosf(w))
//@end

//@kernel kiln_f16_leaky_relu__c needs kiln_unary_macros kiln_half
/* leaky_relu; float16 computed in float32 */
KILN_UNARY_F16_AB(kiln_f16_leaky_relu__c, w >= 0.0f ? w : w * a)
//@end

//@kernel kiln_f16_hard_sigmoid__c needs kiln_unary_macros kiln_clamp01_f32 kiln_half
/* hard_sigmoid; float16 computed in float32 */
KILN_UNARY_F16_AB(kiln_f16_hard_sigmoid__c, kiln_clamp01_f32(a * w + b))
//@end

//@kernel kiln_f16_hard_swish__c needs kiln_unary_macros kiln_clamp01_f32 kiln_half
/* hard_swish; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_hard_swish__c, w * kiln_clamp01_f32((1.0f / 6.0f) * w + 0.5f))
//@end

//@kernel kiln_f16_elu__c needs kiln_unary_macros kiln_half
/* elu; float16 computed in float32 */
KILN_UNARY_F16_AB(kiln_f16_elu__c, w < 0.0f ? a * expm1f(w) : w)
//@end

//@kernel kiln_f16_selu__c needs kiln_unary_macros kiln_half
/* selu; float16 computed in float32 */
KILN_UNARY_F16_AB(kiln_f16_selu__c, w > 0.0f ? b * w : b * (a * expm1f(w)))
//@end

//@kernel kiln_f16_softplus__c needs kiln_unary_macros kiln_softplus_f32 kiln_half
/* softplus; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_softplus__c, kiln_softplus_f32(w))
//@end

/* ---- bfloat16 activations (uint16_t bits; computed in float32, rounded
 * to nearest even once) ---- */

//@kernel kiln_bf16_relu__c needs kiln_unary_macros kiln_bfloat16
/* relu, bfloat16 computed in float32 */
KILN_UNARY_BF16(kiln_bf16_relu__c, w > 0.0f ? w : 0.0f)
//@end

//@kernel kiln_bf16_sigmoid__c needs kiln_unary_macros kiln_sigmoid_f32 kiln_bfloat16
/* sigmoid, bfloat16 computed in float32 */
KILN_UNARY_BF16(kiln_bf16_sigmoid__c, kiln_sigmoid_f32(w))
//@end

//@kernel kiln_bf16_tanh__c needs kiln_unary_macros kiln_bfloat16
/* tanh, bfloat16 computed in float32 */
KILN_UNARY_BF16(kiln_bf16_tanh__c, tanhf(w))
//@end

//@kernel kiln_bf16_leaky_relu__c needs kiln_unary_macros kiln_bfloat16
/* leaky_relu, bfloat16 computed in float32 */
KILN_UNARY_BF16_AB(kiln_bf16_leaky_relu__c, w >= 0.0f ? w : w * a)
//@end

//@kernel kiln_bf16_hard_sigmoid__c needs kiln_unary_macros kiln_clamp01_f32 kiln_bfloat16
/* hard_sigmoid, bfloat16 computed in float32 */
KILN_UNARY_BF16_AB(kiln_bf16_hard_sigmoid__c, kiln_clamp01_f32(a * w + b))
//@end

//@kernel kiln_bf16_hard_swish__c needs kiln_unary_macros kiln_clamp01_f32 kiln_bfloat16
/* hard_swish, bfloat16 computed in float32 */
KILN_UNARY_BF16(kiln_bf16_hard_swish__c, w * kiln_clamp01_f32((1.0f / 6.0f) * w + 0.5f))
//@end

//@kernel kiln_bf16_elu__c needs kiln_unary_macros kiln_bfloat16
/* elu, bfloat16 computed in float32 */
KILN_UNARY_BF16_AB(kiln_bf16_elu__c, w < 0.0f ? a * expm1f(w) : w)
//@end

//@kernel kiln_bf16_selu__c needs kiln_unary_macros kiln_bfloat16
/* selu, bfloat16 computed in float32 */
KILN_UNARY_BF16_AB(kiln_bf16_selu__c, w > 0.0f ? b * w : b * (a * expm1f(w)))
//@end

//@kernel kiln_bf16_softplus__c needs kiln_unary_macros kiln_softplus_f32 kiln_bfloat16
/* softplus, bfloat16 computed in float32 */
KILN_UNARY_BF16(kiln_bf16_softplus__c, kiln_softplus_f32(w))
//@end

#ifndef KILN_HOST
/* Package-mode self-check: compiled alone without KILN_HOST (see
 * docs/writing-an-op.md) every kernel is static, so reference each one or
 * -Wunused-function fires. Outside any section: never copied into packages. */
typedef void (*kiln_unary_any_fn)(void);
const kiln_unary_any_fn kiln_unary_c_all[] = {
  (kiln_unary_any_fn)kiln_f32_relu__c, (kiln_unary_any_fn)kiln_f32_sigmoid__c,
  (kiln_unary_any_fn)kiln_f32_tanh__c, (kiln_unary_any_fn)kiln_f32_exp__c,
  (kiln_unary_any_fn)kiln_f32_log__c, (kiln_unary_any_fn)kiln_f32_sqrt__c,
  (kiln_unary_any_fn)kiln_f32_neg__c, (kiln_unary_any_fn)kiln_f32_abs__c,
  (kiln_unary_any_fn)kiln_f32_erf__c, (kiln_unary_any_fn)kiln_f32_reciprocal__c,
  (kiln_unary_any_fn)kiln_f32_floor__c, (kiln_unary_any_fn)kiln_f32_ceil__c,
  (kiln_unary_any_fn)kiln_f32_round__c, (kiln_unary_any_fn)kiln_f32_sign__c,
  (kiln_unary_any_fn)kiln_f32_sin__c, (kiln_unary_any_fn)kiln_f32_cos__c,
  (kiln_unary_any_fn)kiln_f32_leaky_relu__c, (kiln_unary_any_fn)kiln_f32_hard_sigmoid__c,
  (kiln_unary_any_fn)kiln_f32_hard_swish__c, (kiln_unary_any_fn)kiln_f32_elu__c,
  (kiln_unary_any_fn)kiln_f32_selu__c, (kiln_unary_any_fn)kiln_f32_softplus__c,
  (kiln_unary_any_fn)kiln_f64_relu__c, (kiln_unary_any_fn)kiln_f64_sigmoid__c,
  (kiln_unary_any_fn)kiln_f64_tanh__c, (kiln_unary_any_fn)kiln_f64_exp__c,
  (kiln_unary_any_fn)kiln_f64_log__c, (kiln_unary_any_fn)kiln_f64_sqrt__c,
  (kiln_unary_any_fn)kiln_f64_neg__c, (kiln_unary_any_fn)kiln_f64_abs__c,
  (kiln_unary_any_fn)kiln_f64_erf__c, (kiln_unary_any_fn)kiln_f64_reciprocal__c,
  (kiln_unary_any_fn)kiln_f64_floor__c, (kiln_unary_any_fn)kiln_f64_ceil__c,
  (kiln_unary_any_fn)kiln_f64_round__c, (kiln_unary_any_fn)kiln_f64_sign__c,
  (kiln_unary_any_fn)kiln_f64_sin__c, (kiln_unary_any_fn)kiln_f64_cos__c,
  (kiln_unary_any_fn)kiln_f64_leaky_relu__c, (kiln_unary_any_fn)kiln_f64_hard_sigmoid__c,
  (kiln_unary_any_fn)kiln_f64_hard_swish__c, (kiln_unary_any_fn)kiln_f64_elu__c,
  (kiln_unary_any_fn)kiln_f64_selu__c, (kiln_unary_any_fn)kiln_f64_softplus__c,
  (kiln_unary_any_fn)kiln_i32_relu__c, (kiln_unary_any_fn)kiln_i32_neg__c,
  (kiln_unary_any_fn)kiln_i32_abs__c, (kiln_unary_any_fn)kiln_i32_sign__c,
  (kiln_unary_any_fn)kiln_i64_relu__c, (kiln_unary_any_fn)kiln_i64_neg__c,
  (kiln_unary_any_fn)kiln_i64_abs__c, (kiln_unary_any_fn)kiln_i64_sign__c,
  (kiln_unary_any_fn)kiln_f32_clip__c, (kiln_unary_any_fn)kiln_f64_clip__c,
  (kiln_unary_any_fn)kiln_i32_clip__c, (kiln_unary_any_fn)kiln_i64_clip__c,
  (kiln_unary_any_fn)kiln_i8_clip__c,
  (kiln_unary_any_fn)kiln_u8_clip__c,
  (kiln_unary_any_fn)kiln_i16_clip__c,
  (kiln_unary_any_fn)kiln_u16_clip__c,
  (kiln_unary_any_fn)kiln_u32_clip__c,
  (kiln_unary_any_fn)kiln_u64_clip__c,
  (kiln_unary_any_fn)kiln_bool_not__c,
  (kiln_unary_any_fn)kiln_i8_relu__c,
  (kiln_unary_any_fn)kiln_i16_relu__c,
  (kiln_unary_any_fn)kiln_i8_neg__c,
  (kiln_unary_any_fn)kiln_i16_neg__c,
  (kiln_unary_any_fn)kiln_i8_abs__c,
  (kiln_unary_any_fn)kiln_i16_abs__c,
  (kiln_unary_any_fn)kiln_u8_abs__c,
  (kiln_unary_any_fn)kiln_u16_abs__c,
  (kiln_unary_any_fn)kiln_u32_abs__c,
  (kiln_unary_any_fn)kiln_u64_abs__c,
  (kiln_unary_any_fn)kiln_i8_sign__c,
  (kiln_unary_any_fn)kiln_i16_sign__c,
  (kiln_unary_any_fn)kiln_u8_sign__c,
  (kiln_unary_any_fn)kiln_u16_sign__c,
  (kiln_unary_any_fn)kiln_u32_sign__c,
  (kiln_unary_any_fn)kiln_u64_sign__c,
  (kiln_unary_any_fn)kiln_bf16_relu__c,
  (kiln_unary_any_fn)kiln_bf16_sigmoid__c,
  (kiln_unary_any_fn)kiln_bf16_tanh__c,
  (kiln_unary_any_fn)kiln_bf16_leaky_relu__c,
  (kiln_unary_any_fn)kiln_bf16_hard_sigmoid__c,
  (kiln_unary_any_fn)kiln_bf16_hard_swish__c,
  (kiln_unary_any_fn)kiln_bf16_elu__c,
  (kiln_unary_any_fn)kiln_bf16_selu__c,
  (kiln_unary_any_fn)kiln_bf16_softplus__c,
  (kiln_unary_any_fn)kiln_f16_relu__c,
  (kiln_unary_any_fn)kiln_f16_sigmoid__c,
  (kiln_unary_any_fn)kiln_f16_tanh__c,
  (kiln_unary_any_fn)kiln_f16_exp__c,
  (kiln_unary_any_fn)kiln_f16_log__c,
  (kiln_unary_any_fn)kiln_f16_sqrt__c,
  (kiln_unary_any_fn)kiln_f16_neg__c,
  (kiln_unary_any_fn)kiln_f16_abs__c,
  (kiln_unary_any_fn)kiln_f16_erf__c,
  (kiln_unary_any_fn)kiln_f16_reciprocal__c,
  (kiln_unary_any_fn)kiln_f16_floor__c,
  (kiln_unary_any_fn)kiln_f16_ceil__c,
  (kiln_unary_any_fn)kiln_f16_round__c,
  (kiln_unary_any_fn)kiln_f16_sign__c,
  (kiln_unary_any_fn)kiln_f16_sin__c,
  (kiln_unary_any_fn)kiln_f16_cos__c,
  (kiln_unary_any_fn)kiln_f16_hard_swish__c,
  (kiln_unary_any_fn)kiln_f16_softplus__c,
  (kiln_unary_any_fn)kiln_f16_leaky_relu__c,
  (kiln_unary_any_fn)kiln_f16_hard_sigmoid__c,
  (kiln_unary_any_fn)kiln_f16_elu__c,
  (kiln_unary_any_fn)kiln_f16_selu__c,
};
#endif
