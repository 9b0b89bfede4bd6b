/* unary.h - prototypes of the elementwise unary kernels (unary.c), for the
 * compiler. Packages get the kernel sections themselves, not this header.
 *
 * kiln_<dtype>_<op>__c(n, x, y[, a, b]): y[i] = op(x[i]) for i < n; y may
 * equal x. Parameters: leaky_relu a = alpha; hard_sigmoid a = alpha,
 * b = beta; elu a = alpha; selu a = alpha, b = gamma; clip a = min, b = max.
 * float16 kernels (uint16_t bits, computed in float32) take float a, b.
 *
 * The sections below (the KILN_UNARY* macros, the sigmoid and softplus
 * helpers) are shared with math2.c's kernels, so they live in this header;
 * the prototypes are for the compiler only (KILN_HOST).
 */
#ifndef KILN_KERNELS_UNARY_H
#define KILN_KERNELS_UNARY_H

#include "kiln_kernels.h"
#include "binary.h" /* kiln_half */

//@kernel kiln_unary_macros
/* One loop per kernel shape; EXPR computes y[i] from `v` = x[i] (and the
 * parameters `a`, `b` for KILN_UNARY_AB). */
#define KILN_UNARY(NAME, T, EXPR)                          \
  KILN_KERNEL void NAME(int64_t n, const T *x, T *y) {     \
    int64_t i;                                             \
    for (i = 0; i < n; i++) {                              \
      const T v = x[i];                                    \
      y[i] = (EXPR);                                       \
    }                                                      \
  }
#define KILN_UNARY_AB(NAME, T, EXPR)                           \
  KILN_KERNEL void NAME(int64_t n, const T *x, T *y, T a, T b) { \
    int64_t i;                                                 \
    (void)a;                                                   \
    (void)b;                                                   \
    for (i = 0; i < n; i++) {                                  \
      const T v = x[i];                                        \
      y[i] = (EXPR);                                           \
    }                                                          \
  }
/* KILN_UNARY_XY[_AB](NAME, TX, TY[, TP], EXPR): input and output types differ
 * (IsNaN: float -> bool), parameters of type TP. KILN_UNARY_F16[_AB]: float16
 * (uint16_t bits) computed in float32, `w` the widened x[i], EXPR a float. */
#define KILN_UNARY_XY(NAME, TX, TY, EXPR)                  \
  KILN_KERNEL void NAME(int64_t n, const TX *x, TY *y) {    \
    int64_t i;                                             \
    for (i = 0; i < n; i++) {                              \
      const TX v = x[i];                                   \
      y[i] = (EXPR);                                       \
    }                                                      \
  }
#define KILN_UNARY_XY_AB(NAME, TX, TY, TP, EXPR)                   \
  KILN_KERNEL void NAME(int64_t n, const TX *x, TY *y, TP a, TP b) { \
    int64_t i;                                                     \
    (void)a;                                                       \
    (void)b;                                                       \
    for (i = 0; i < n; i++) {                                      \
      const TX v = x[i];                                           \
      y[i] = (EXPR);                                               \
    }                                                              \
  }
#define KILN_UNARY_F16(NAME, EXPR)                                   \
  KILN_KERNEL void NAME(int64_t n, const uint16_t *x, uint16_t *y) {  \
    int64_t i;                                                       \
    for (i = 0; i < n; i++) {                                        \
      const float w = kiln_half_to_float(x[i]);                      \
      y[i] = kiln_float_to_half(EXPR);                               \
    }                                                                \
  }
/* KILN_UNARY_BF16[_AB]: the same over bfloat16 bits (kiln_bfloat16). */
#define KILN_UNARY_BF16(NAME, EXPR)                                  \
  KILN_KERNEL void NAME(int64_t n, const uint16_t *x, uint16_t *y) {  \
    int64_t i;                                                       \
    for (i = 0; i < n; i++) {                                        \
      const float w = kiln_bf16_to_float(x[i]);                      \
      y[i] = kiln_float_to_bf16(EXPR);                               \
    }                                                                \
  }
#define KILN_UNARY_BF16_AB(NAME, EXPR)                                                \
  KILN_KERNEL void NAME(int64_t n, const uint16_t *x, uint16_t *y, float a, float b) { \
    int64_t i;                                                                        \
    (void)a;                                                                          \
    (void)b;                                                                          \
    for (i = 0; i < n; i++) {                                                         \
      const float w = kiln_bf16_to_float(x[i]);                                       \
      y[i] = kiln_float_to_bf16(EXPR);                                                \
    }                                                                                 \
  }
#define KILN_UNARY_F16_AB(NAME, EXPR)                                                 \
  KILN_KERNEL void NAME(int64_t n, const uint16_t *x, uint16_t *y, float a, float b) { \
    int64_t i;                                                                        \
    (void)a;                                                                          \
    (void)b;                                                                          \
    for (i = 0; i < n; i++) {                                                         \
      const float w = kiln_half_to_float(x[i]);                                       \
      y[i] = kiln_float_to_half(EXPR);                                                \
    }                                                                                 \
  }
//@end

//@kernel kiln_bfloat16
/* bfloat16 storage is uint16_t (the high half of a float32). Widening is
 * exact; narrowing rounds to nearest even, NaN stays a (quiet) NaN. */
static inline float kiln_bf16_to_float(uint16_t h) {
  const uint32_t bits = (uint32_t)h << 16;
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}
static inline uint16_t kiln_float_to_bf16(float v) {
  uint32_t x;
  memcpy(&x, &v, sizeof x);
  if ((x & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((x >> 16) | 0x40u);
  x += 0x7fffu + ((x >> 16) & 1u);
  return (uint16_t)(x >> 16);
}
//@end

//@kernel kiln_sigmoid_f32
/* 1 / (1 + e^-v) without overflow: with e = e^-|v| <= 1,
 * sigmoid(v) = 1 / (1 + e) for v >= 0 and e / (1 + e) for v < 0. */
static inline float kiln_sigmoid_f32(float v) {
  const float e = expf(-fabsf(v));
  const float s = 1.0f / (1.0f + e);
  return v >= 0.0f ? s : e * s;
}
//@end

//@kernel kiln_sigmoid_f64
static inline double kiln_sigmoid_f64(double v) {
  const double e = exp(-fabs(v));
  const double s = 1.0 / (1.0 + e);
  return v >= 0.0 ? s : e * s;
}
//@end

//@kernel kiln_softplus_f32
/* ln(1 + e^v) without overflow: v + ln(1 + e^-v) for v > 0. */
static inline float kiln_softplus_f32(float v) {
  return v > 0.0f ? v + log1pf(expf(-v)) : log1pf(expf(v));
}
//@end

//@kernel kiln_softplus_f64
static inline double kiln_softplus_f64(double v) {
  return v > 0.0 ? v + log1p(exp(-v)) : log1p(exp(v));
}
//@end

/* Prototypes: compiler only (packages define the kernels static, in order). */
#ifdef KILN_HOST

#if defined(__x86_64__) && defined(__GNUC__)
/* unary_avx512.c: erf within ~2e-7 relative (not libm's erff bit for bit). */
KILN_KERNEL void kiln_f32_erf__avx512(int64_t n, const float *x, float *y);
#endif
KILN_KERNEL void kiln_f32_relu__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_sigmoid__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_tanh__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_exp__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_log__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_sqrt__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_neg__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_abs__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_erf__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_reciprocal__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_floor__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_ceil__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_round__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_sign__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_sin__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_cos__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_leaky_relu__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f32_hard_sigmoid__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f32_hard_swish__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_elu__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f32_selu__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f32_softplus__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_relu__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_sigmoid__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_tanh__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_exp__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_log__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_sqrt__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_neg__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_abs__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_erf__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_reciprocal__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_floor__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_ceil__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_round__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_sign__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_sin__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_cos__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_leaky_relu__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_f64_hard_sigmoid__c(int64_t n, const double *x, double *y, double a,
                                          double b);
KILN_KERNEL void kiln_f64_hard_swish__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_elu__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_f64_selu__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_f64_softplus__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_i32_relu__c(int64_t n, const int32_t *x, int32_t *y);
KILN_KERNEL void kiln_i32_neg__c(int64_t n, const int32_t *x, int32_t *y);
KILN_KERNEL void kiln_i32_abs__c(int64_t n, const int32_t *x, int32_t *y);
KILN_KERNEL void kiln_i32_sign__c(int64_t n, const int32_t *x, int32_t *y);
KILN_KERNEL void kiln_i64_relu__c(int64_t n, const int64_t *x, int64_t *y);
KILN_KERNEL void kiln_i64_neg__c(int64_t n, const int64_t *x, int64_t *y);
KILN_KERNEL void kiln_i64_abs__c(int64_t n, const int64_t *x, int64_t *y);
KILN_KERNEL void kiln_i64_sign__c(int64_t n, const int64_t *x, int64_t *y);
KILN_KERNEL void kiln_f32_clip__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f64_clip__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_i32_clip__c(int64_t n, const int32_t *x, int32_t *y, int32_t a, int32_t b);
KILN_KERNEL void kiln_i64_clip__c(int64_t n, const int64_t *x, int64_t *y, int64_t a, int64_t b);
KILN_KERNEL void kiln_i8_clip__c(int64_t n, const int8_t *x, int8_t *y, int8_t a, int8_t b);
KILN_KERNEL void kiln_u8_clip__c(int64_t n, const uint8_t *x, uint8_t *y, uint8_t a, uint8_t b);
KILN_KERNEL void kiln_i16_clip__c(int64_t n, const int16_t *x, int16_t *y, int16_t a, int16_t b);
KILN_KERNEL void kiln_u16_clip__c(int64_t n, const uint16_t *x, uint16_t *y, uint16_t a, uint16_t b);
KILN_KERNEL void kiln_u32_clip__c(int64_t n, const uint32_t *x, uint32_t *y, uint32_t a, uint32_t b);
KILN_KERNEL void kiln_u64_clip__c(int64_t n, const uint64_t *x, uint64_t *y, uint64_t a, uint64_t b);
KILN_KERNEL void kiln_bool_not__c(int64_t n, const uint8_t *x, uint8_t *y);

KILN_KERNEL void kiln_i8_relu__c(int64_t n, const int8_t *x, int8_t *y);
KILN_KERNEL void kiln_i16_relu__c(int64_t n, const int16_t *x, int16_t *y);
KILN_KERNEL void kiln_i8_neg__c(int64_t n, const int8_t *x, int8_t *y);
KILN_KERNEL void kiln_i16_neg__c(int64_t n, const int16_t *x, int16_t *y);
KILN_KERNEL void kiln_i8_abs__c(int64_t n, const int8_t *x, int8_t *y);
KILN_KERNEL void kiln_i16_abs__c(int64_t n, const int16_t *x, int16_t *y);
KILN_KERNEL void kiln_u8_abs__c(int64_t n, const uint8_t *x, uint8_t *y);
KILN_KERNEL void kiln_u16_abs__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_u32_abs__c(int64_t n, const uint32_t *x, uint32_t *y);
KILN_KERNEL void kiln_u64_abs__c(int64_t n, const uint64_t *x, uint64_t *y);
KILN_KERNEL void kiln_i8_sign__c(int64_t n, const int8_t *x, int8_t *y);
KILN_KERNEL void kiln_i16_sign__c(int64_t n, const int16_t *x, int16_t *y);
KILN_KERNEL void kiln_u8_sign__c(int64_t n, const uint8_t *x, uint8_t *y);
KILN_KERNEL void kiln_u16_sign__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_u32_sign__c(int64_t n, const uint32_t *x, uint32_t *y);
KILN_KERNEL void kiln_u64_sign__c(int64_t n, const uint64_t *x, uint64_t *y);
KILN_KERNEL void kiln_f16_relu__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_sigmoid__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_tanh__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_exp__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_log__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_sqrt__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_neg__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_abs__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_erf__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_reciprocal__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_floor__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_ceil__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_round__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_sign__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_sin__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_cos__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_leaky_relu__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_f16_hard_sigmoid__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_f16_hard_swish__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_elu__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_f16_selu__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_f16_softplus__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_bf16_relu__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_bf16_sigmoid__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_bf16_tanh__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_bf16_leaky_relu__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_bf16_hard_sigmoid__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_bf16_hard_swish__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_bf16_elu__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_bf16_selu__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_bf16_softplus__c(int64_t n, const uint16_t *x, uint16_t *y);
#endif /* KILN_HOST */


/* X(<dtype>_<op>, x ctype, y ctype[, parameter ctype]) for every kernel above. */

#define KILN_UNARY_KERNELS(X) \
  X(bf16_relu, uint16_t, uint16_t) \
  X(bf16_sigmoid, uint16_t, uint16_t) \
  X(bf16_tanh, uint16_t, uint16_t) \
  X(bf16_hard_swish, uint16_t, uint16_t) \
  X(bf16_softplus, uint16_t, uint16_t) \
  X(f32_relu, float, float) \
  X(f32_sigmoid, float, float) \
  X(f32_tanh, float, float) \
  X(f32_exp, float, float) \
  X(f32_log, float, float) \
  X(f32_sqrt, float, float) \
  X(f32_neg, float, float) \
  X(f32_abs, float, float) \
  X(f32_erf, float, float) \
  X(f32_reciprocal, float, float) \
  X(f32_floor, float, float) \
  X(f32_ceil, float, float) \
  X(f32_round, float, float) \
  X(f32_sign, float, float) \
  X(f32_sin, float, float) \
  X(f32_cos, float, float) \
  X(f32_hard_swish, float, float) \
  X(f32_softplus, float, float) \
  X(f64_relu, double, double) \
  X(f64_sigmoid, double, double) \
  X(f64_tanh, double, double) \
  X(f64_exp, double, double) \
  X(f64_log, double, double) \
  X(f64_sqrt, double, double) \
  X(f64_neg, double, double) \
  X(f64_abs, double, double) \
  X(f64_erf, double, double) \
  X(f64_reciprocal, double, double) \
  X(f64_floor, double, double) \
  X(f64_ceil, double, double) \
  X(f64_round, double, double) \
  X(f64_sign, double, double) \
  X(f64_sin, double, double) \
  X(f64_cos, double, double) \
  X(f64_hard_swish, double, double) \
  X(f64_softplus, double, double) \
  X(i32_relu, int32_t, int32_t) \
  X(i32_neg, int32_t, int32_t) \
  X(i32_abs, int32_t, int32_t) \
  X(i32_sign, int32_t, int32_t) \
  X(i64_relu, int64_t, int64_t) \
  X(i64_neg, int64_t, int64_t) \
  X(i64_abs, int64_t, int64_t) \
  X(i64_sign, int64_t, int64_t) \
  X(bool_not, uint8_t, uint8_t) \
  X(i8_relu, int8_t, int8_t) \
  X(i16_relu, int16_t, int16_t) \
  X(i8_neg, int8_t, int8_t) \
  X(i16_neg, int16_t, int16_t) \
  X(i8_abs, int8_t, int8_t) \
  X(i16_abs, int16_t, int16_t) \
  X(u8_abs, uint8_t, uint8_t) \
  X(u16_abs, uint16_t, uint16_t) \
  X(u32_abs, uint32_t, uint32_t) \
  X(u64_abs, uint64_t, uint64_t) \
  X(i8_sign, int8_t, int8_t) \
  X(i16_sign, int16_t, int16_t) \
  X(u8_sign, uint8_t, uint8_t) \
  X(u16_sign, uint16_t, uint16_t) \
  X(u32_sign, uint32_t, uint32_t) \
  X(u64_sign, uint64_t, uint64_t) \
  X(f16_relu, uint16_t, uint16_t) \
  X(f16_sigmoid, uint16_t, uint16_t) \
  X(f16_tanh, uint16_t, uint16_t) \
  X(f16_exp, uint16_t, uint16_t) \
  X(f16_log, uint16_t, uint16_t) \
  X(f16_sqrt, uint16_t, uint16_t) \
  X(f16_neg, uint16_t, uint16_t) \
  X(f16_abs, uint16_t, uint16_t) \
  X(f16_erf, uint16_t, uint16_t) \
  X(f16_reciprocal, uint16_t, uint16_t) \
  X(f16_floor, uint16_t, uint16_t) \
  X(f16_ceil, uint16_t, uint16_t) \
  X(f16_round, uint16_t, uint16_t) \
  X(f16_sign, uint16_t, uint16_t) \
  X(f16_sin, uint16_t, uint16_t) \
  X(f16_cos, uint16_t, uint16_t) \
  X(f16_hard_swish, uint16_t, uint16_t) \
  X(f16_softplus, uint16_t, uint16_t)
#define KILN_UNARY_AB_KERNELS(X) \
  X(bf16_leaky_relu, uint16_t, uint16_t, float) \
  X(bf16_hard_sigmoid, uint16_t, uint16_t, float) \
  X(bf16_elu, uint16_t, uint16_t, float) \
  X(bf16_selu, uint16_t, uint16_t, float) \
  X(f32_leaky_relu, float, float, float) \
  X(f32_hard_sigmoid, float, float, float) \
  X(f32_elu, float, float, float) \
  X(f32_selu, float, float, float) \
  X(f64_leaky_relu, double, double, double) \
  X(f64_hard_sigmoid, double, double, double) \
  X(f64_elu, double, double, double) \
  X(f64_selu, double, double, double) \
  X(f32_clip, float, float, float) \
  X(f64_clip, double, double, double) \
  X(i32_clip, int32_t, int32_t, int32_t) \
  X(i64_clip, int64_t, int64_t, int64_t) \
  X(i8_clip, int8_t, int8_t, int8_t) \
  X(u8_clip, uint8_t, uint8_t, uint8_t) \
  X(i16_clip, int16_t, int16_t, int16_t) \
  X(u16_clip, uint16_t, uint16_t, uint16_t) \
  X(u32_clip, uint32_t, uint32_t, uint32_t) \
  X(u64_clip, uint64_t, uint64_t, uint64_t) \
  X(f16_leaky_relu, uint16_t, uint16_t, float) \
  X(f16_hard_sigmoid, uint16_t, uint16_t, float) \
  X(f16_elu, uint16_t, uint16_t, float) \
  X(f16_selu, uint16_t, uint16_t, float)

#endif
