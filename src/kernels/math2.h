/* math2.h - prototypes of the math2 kernels (math2.c), for the compiler.
 * Packages get the kernel sections themselves, not this header.
 *
 * Broadcasting: kiln_<dtype>_<op>__c(bc, x0, x1, y) as in binary.h.
 * Unary: kiln_<dtype>_<op>__c(n, x, y[, a, b]); parameters: celu a = alpha,
 * thresholded_relu a = alpha, shrink a = lambd b = bias, swish a = alpha,
 * isinf a = detect_negative b = detect_positive, div_scalar a = divisor.
 */
#ifndef KILN_KERNELS_MATH2_H
#define KILN_KERNELS_MATH2_H

#include "kiln_kernels.h"
#include "binary.h"
#include "unary.h"

#ifdef KILN_HOST
KILN_KERNEL void kiln_f32_mod__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_mod__c(const kiln_bcast *bc, const double *x0, const double *x1, double *y);
KILN_KERNEL void kiln_f16_mod__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_i8_mod__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_mod__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_mod__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_mod__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_mod__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_mod__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_mod__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_mod__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_f32_fmod__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_fmod__c(const kiln_bcast *bc, const double *x0, const double *x1, double *y);
KILN_KERNEL void kiln_f16_fmod__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_i8_fmod__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_fmod__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_fmod__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_fmod__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_fmod__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_fmod__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_fmod__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_fmod__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_i8_shl__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_shl__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_shl__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_shl__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_shl__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_shl__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_shl__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_shl__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_i8_shr__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_shr__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_shr__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_shr__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_shr__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_shr__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_shr__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_shr__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_i8_bitand__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_bitand__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_bitand__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_bitand__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_bitand__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_bitand__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_bitand__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_bitand__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_i8_bitor__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_bitor__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_bitor__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_bitor__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_bitor__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_bitor__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_bitor__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_bitor__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_i8_bitxor__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_bitxor__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_bitxor__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_bitxor__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_bitxor__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_bitxor__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_bitxor__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_bitxor__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_f32_prelu__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_prelu__c(const kiln_bcast *bc, const double *x0, const double *x1, double *y);
KILN_KERNEL void kiln_f16_prelu__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_i32_prelu__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_prelu__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u32_prelu__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_prelu__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_f32_acos__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_acos__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_acos__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_acosh__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_acosh__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_acosh__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_asin__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_asin__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_asin__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_asinh__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_asinh__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_asinh__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_atan__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_atan__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_atan__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_atanh__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_atanh__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_atanh__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_tan__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_tan__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_tan__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_cosh__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_cosh__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_cosh__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_sinh__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_sinh__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_sinh__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_softsign__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_softsign__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_softsign__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_celu__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f64_celu__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_f16_celu__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_f32_thresholded_relu__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f64_thresholded_relu__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_f16_thresholded_relu__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_f32_shrink__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f64_shrink__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_f16_shrink__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_f32_swish__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f64_swish__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_f16_swish__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_f32_mish__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_mish__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_mish__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_gelu__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_gelu__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_gelu__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_gelu_tanh__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_gelu_tanh__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f16_gelu_tanh__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f32_div_scalar__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f64_div_scalar__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_f16_div_scalar__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_f32_isnan__c(int64_t n, const float *x, uint8_t *y);
KILN_KERNEL void kiln_f64_isnan__c(int64_t n, const double *x, uint8_t *y);
KILN_KERNEL void kiln_f16_isnan__c(int64_t n, const uint16_t *x, uint8_t *y);
KILN_KERNEL void kiln_f32_isinf__c(int64_t n, const float *x, uint8_t *y, float a, float b);
KILN_KERNEL void kiln_f64_isinf__c(int64_t n, const double *x, uint8_t *y, double a, double b);
KILN_KERNEL void kiln_f16_isinf__c(int64_t n, const uint16_t *x, uint8_t *y, float a, float b);
KILN_KERNEL void kiln_i8_bitwise_not__c(int64_t n, const int8_t *x, int8_t *y);
KILN_KERNEL void kiln_i16_bitwise_not__c(int64_t n, const int16_t *x, int16_t *y);
KILN_KERNEL void kiln_i32_bitwise_not__c(int64_t n, const int32_t *x, int32_t *y);
KILN_KERNEL void kiln_i64_bitwise_not__c(int64_t n, const int64_t *x, int64_t *y);
KILN_KERNEL void kiln_u8_bitwise_not__c(int64_t n, const uint8_t *x, uint8_t *y);
KILN_KERNEL void kiln_u16_bitwise_not__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_u32_bitwise_not__c(int64_t n, const uint32_t *x, uint32_t *y);
KILN_KERNEL void kiln_u64_bitwise_not__c(int64_t n, const uint64_t *x, uint64_t *y);
KILN_KERNEL void kiln_bf16_softsign__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_bf16_celu__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_bf16_thresholded_relu__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_bf16_swish__c(int64_t n, const uint16_t *x, uint16_t *y, float a, float b);
KILN_KERNEL void kiln_bf16_mish__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_bf16_gelu__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_bf16_gelu_tanh__c(int64_t n, const uint16_t *x, uint16_t *y);
#endif

#define KILN_MATH2_BINARY_KERNELS(X) \
  X(f32_mod, float, float) \
  X(f64_mod, double, double) \
  X(f16_mod, uint16_t, uint16_t) \
  X(i8_mod, int8_t, int8_t) \
  X(i16_mod, int16_t, int16_t) \
  X(i32_mod, int32_t, int32_t) \
  X(i64_mod, int64_t, int64_t) \
  X(u8_mod, uint8_t, uint8_t) \
  X(u16_mod, uint16_t, uint16_t) \
  X(u32_mod, uint32_t, uint32_t) \
  X(u64_mod, uint64_t, uint64_t) \
  X(f32_fmod, float, float) \
  X(f64_fmod, double, double) \
  X(f16_fmod, uint16_t, uint16_t) \
  X(i8_fmod, int8_t, int8_t) \
  X(i16_fmod, int16_t, int16_t) \
  X(i32_fmod, int32_t, int32_t) \
  X(i64_fmod, int64_t, int64_t) \
  X(u8_fmod, uint8_t, uint8_t) \
  X(u16_fmod, uint16_t, uint16_t) \
  X(u32_fmod, uint32_t, uint32_t) \
  X(u64_fmod, uint64_t, uint64_t) \
  X(i8_shl, int8_t, int8_t) \
  X(i16_shl, int16_t, int16_t) \
  X(i32_shl, int32_t, int32_t) \
  X(i64_shl, int64_t, int64_t) \
  X(u8_shl, uint8_t, uint8_t) \
  X(u16_shl, uint16_t, uint16_t) \
  X(u32_shl, uint32_t, uint32_t) \
  X(u64_shl, uint64_t, uint64_t) \
  X(i8_shr, int8_t, int8_t) \
  X(i16_shr, int16_t, int16_t) \
  X(i32_shr, int32_t, int32_t) \
  X(i64_shr, int64_t, int64_t) \
  X(u8_shr, uint8_t, uint8_t) \
  X(u16_shr, uint16_t, uint16_t) \
  X(u32_shr, uint32_t, uint32_t) \
  X(u64_shr, uint64_t, uint64_t) \
  X(i8_bitand, int8_t, int8_t) \
  X(i16_bitand, int16_t, int16_t) \
  X(i32_bitand, int32_t, int32_t) \
  X(i64_bitand, int64_t, int64_t) \
  X(u8_bitand, uint8_t, uint8_t) \
  X(u16_bitand, uint16_t, uint16_t) \
  X(u32_bitand, uint32_t, uint32_t) \
  X(u64_bitand, uint64_t, uint64_t) \
  X(i8_bitor, int8_t, int8_t) \
  X(i16_bitor, int16_t, int16_t) \
  X(i32_bitor, int32_t, int32_t) \
  X(i64_bitor, int64_t, int64_t) \
  X(u8_bitor, uint8_t, uint8_t) \
  X(u16_bitor, uint16_t, uint16_t) \
  X(u32_bitor, uint32_t, uint32_t) \
  X(u64_bitor, uint64_t, uint64_t) \
  X(i8_bitxor, int8_t, int8_t) \
  X(i16_bitxor, int16_t, int16_t) \
  X(i32_bitxor, int32_t, int32_t) \
  X(i64_bitxor, int64_t, int64_t) \
  X(u8_bitxor, uint8_t, uint8_t) \
  X(u16_bitxor, uint16_t, uint16_t) \
  X(u32_bitxor, uint32_t, uint32_t) \
  X(u64_bitxor, uint64_t, uint64_t) \
  X(f32_prelu, float, float) \
  X(f64_prelu, double, double) \
  X(f16_prelu, uint16_t, uint16_t) \
  X(i32_prelu, int32_t, int32_t) \
  X(i64_prelu, int64_t, int64_t) \
  X(u32_prelu, uint32_t, uint32_t) \
  X(u64_prelu, uint64_t, uint64_t)

#define KILN_MATH2_UNARY_KERNELS(X) \
  X(bf16_softsign, uint16_t, uint16_t) \
  X(bf16_mish, uint16_t, uint16_t) \
  X(bf16_gelu, uint16_t, uint16_t) \
  X(bf16_gelu_tanh, uint16_t, uint16_t) \
  X(f32_acos, float, float) \
  X(f64_acos, double, double) \
  X(f16_acos, uint16_t, uint16_t) \
  X(f32_acosh, float, float) \
  X(f64_acosh, double, double) \
  X(f16_acosh, uint16_t, uint16_t) \
  X(f32_asin, float, float) \
  X(f64_asin, double, double) \
  X(f16_asin, uint16_t, uint16_t) \
  X(f32_asinh, float, float) \
  X(f64_asinh, double, double) \
  X(f16_asinh, uint16_t, uint16_t) \
  X(f32_atan, float, float) \
  X(f64_atan, double, double) \
  X(f16_atan, uint16_t, uint16_t) \
  X(f32_atanh, float, float) \
  X(f64_atanh, double, double) \
  X(f16_atanh, uint16_t, uint16_t) \
  X(f32_tan, float, float) \
  X(f64_tan, double, double) \
  X(f16_tan, uint16_t, uint16_t) \
  X(f32_cosh, float, float) \
  X(f64_cosh, double, double) \
  X(f16_cosh, uint16_t, uint16_t) \
  X(f32_sinh, float, float) \
  X(f64_sinh, double, double) \
  X(f16_sinh, uint16_t, uint16_t) \
  X(f32_softsign, float, float) \
  X(f64_softsign, double, double) \
  X(f16_softsign, uint16_t, uint16_t) \
  X(f32_mish, float, float) \
  X(f64_mish, double, double) \
  X(f16_mish, uint16_t, uint16_t) \
  X(f32_gelu, float, float) \
  X(f64_gelu, double, double) \
  X(f16_gelu, uint16_t, uint16_t) \
  X(f32_gelu_tanh, float, float) \
  X(f64_gelu_tanh, double, double) \
  X(f16_gelu_tanh, uint16_t, uint16_t) \
  X(f32_isnan, float, uint8_t) \
  X(f64_isnan, double, uint8_t) \
  X(f16_isnan, uint16_t, uint8_t) \
  X(i8_bitwise_not, int8_t, int8_t) \
  X(i16_bitwise_not, int16_t, int16_t) \
  X(i32_bitwise_not, int32_t, int32_t) \
  X(i64_bitwise_not, int64_t, int64_t) \
  X(u8_bitwise_not, uint8_t, uint8_t) \
  X(u16_bitwise_not, uint16_t, uint16_t) \
  X(u32_bitwise_not, uint32_t, uint32_t) \
  X(u64_bitwise_not, uint64_t, uint64_t)
#define KILN_MATH2_UNARY_AB_KERNELS(X) \
  X(bf16_celu, uint16_t, uint16_t, float) \
  X(bf16_thresholded_relu, uint16_t, uint16_t, float) \
  X(bf16_swish, uint16_t, uint16_t, float) \
  X(f32_celu, float, float, float) \
  X(f64_celu, double, double, double) \
  X(f16_celu, uint16_t, uint16_t, float) \
  X(f32_thresholded_relu, float, float, float) \
  X(f64_thresholded_relu, double, double, double) \
  X(f16_thresholded_relu, uint16_t, uint16_t, float) \
  X(f32_shrink, float, float, float) \
  X(f64_shrink, double, double, double) \
  X(f16_shrink, uint16_t, uint16_t, float) \
  X(f32_swish, float, float, float) \
  X(f64_swish, double, double, double) \
  X(f16_swish, uint16_t, uint16_t, float) \
  X(f32_div_scalar, float, float, float) \
  X(f64_div_scalar, double, double, double) \
  X(f16_div_scalar, uint16_t, uint16_t, float) \
  X(f32_isinf, float, uint8_t, float) \
  X(f64_isinf, double, uint8_t, double) \
  X(f16_isinf, uint16_t, uint8_t, float)

#endif
