/* cast.h - prototypes of the Cast kernels (cast.c), for the compiler.
 *
 * kiln_<from>_to_<to>__c(n, x, y) for every ordered pair of distinct dtypes
 * among f16 (uint16_t bits), f32, f64, i8, i16, i32, i64, u8, u16, u32, u64 and
 * bool (uint8_t); kiln_cast_copy__c(nbytes, x, y) for same-type casts.
 * KILN_CAST_PAIRS(X) expands X(from, from_ctype, to, to_ctype) once per pair:
 * the one list that the op's dispatch (src/ops/cast.c) is built from.
 */
#ifndef KILN_KERNELS_CAST_H
#define KILN_KERNELS_CAST_H

#include "kiln_kernels.h"

KILN_KERNEL void kiln_cast_copy__c(int64_t nbytes, const void *x, void *y);
KILN_KERNEL void kiln_f16_to_f32__c(int64_t n, const uint16_t *x, float *y);
KILN_KERNEL void kiln_f16_to_f64__c(int64_t n, const uint16_t *x, double *y);
KILN_KERNEL void kiln_f16_to_i8__c(int64_t n, const uint16_t *x, int8_t *y);
KILN_KERNEL void kiln_f16_to_i16__c(int64_t n, const uint16_t *x, int16_t *y);
KILN_KERNEL void kiln_f16_to_i32__c(int64_t n, const uint16_t *x, int32_t *y);
KILN_KERNEL void kiln_f16_to_i64__c(int64_t n, const uint16_t *x, int64_t *y);
KILN_KERNEL void kiln_f16_to_u8__c(int64_t n, const uint16_t *x, uint8_t *y);
KILN_KERNEL void kiln_f16_to_u16__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_f16_to_u32__c(int64_t n, const uint16_t *x, uint32_t *y);
KILN_KERNEL void kiln_f16_to_u64__c(int64_t n, const uint16_t *x, uint64_t *y);
KILN_KERNEL void kiln_f16_to_bool__c(int64_t n, const uint16_t *x, uint8_t *y);
KILN_KERNEL void kiln_f32_to_f16__c(int64_t n, const float *x, uint16_t *y);
KILN_KERNEL void kiln_f32_to_f64__c(int64_t n, const float *x, double *y);
KILN_KERNEL void kiln_f32_to_i8__c(int64_t n, const float *x, int8_t *y);
KILN_KERNEL void kiln_f32_to_i16__c(int64_t n, const float *x, int16_t *y);
KILN_KERNEL void kiln_f32_to_i32__c(int64_t n, const float *x, int32_t *y);
KILN_KERNEL void kiln_f32_to_i64__c(int64_t n, const float *x, int64_t *y);
KILN_KERNEL void kiln_f32_to_u8__c(int64_t n, const float *x, uint8_t *y);
KILN_KERNEL void kiln_f32_to_u16__c(int64_t n, const float *x, uint16_t *y);
KILN_KERNEL void kiln_f32_to_u32__c(int64_t n, const float *x, uint32_t *y);
KILN_KERNEL void kiln_f32_to_u64__c(int64_t n, const float *x, uint64_t *y);
KILN_KERNEL void kiln_f32_to_bool__c(int64_t n, const float *x, uint8_t *y);
KILN_KERNEL void kiln_f64_to_f16__c(int64_t n, const double *x, uint16_t *y);
KILN_KERNEL void kiln_f64_to_f32__c(int64_t n, const double *x, float *y);
KILN_KERNEL void kiln_f64_to_i8__c(int64_t n, const double *x, int8_t *y);
KILN_KERNEL void kiln_f64_to_i16__c(int64_t n, const double *x, int16_t *y);
KILN_KERNEL void kiln_f64_to_i32__c(int64_t n, const double *x, int32_t *y);
KILN_KERNEL void kiln_f64_to_i64__c(int64_t n, const double *x, int64_t *y);
KILN_KERNEL void kiln_f64_to_u8__c(int64_t n, const double *x, uint8_t *y);
KILN_KERNEL void kiln_f64_to_u16__c(int64_t n, const double *x, uint16_t *y);
KILN_KERNEL void kiln_f64_to_u32__c(int64_t n, const double *x, uint32_t *y);
KILN_KERNEL void kiln_f64_to_u64__c(int64_t n, const double *x, uint64_t *y);
KILN_KERNEL void kiln_f64_to_bool__c(int64_t n, const double *x, uint8_t *y);
KILN_KERNEL void kiln_i8_to_f16__c(int64_t n, const int8_t *x, uint16_t *y);
KILN_KERNEL void kiln_i8_to_f32__c(int64_t n, const int8_t *x, float *y);
KILN_KERNEL void kiln_i8_to_f64__c(int64_t n, const int8_t *x, double *y);
KILN_KERNEL void kiln_i8_to_i16__c(int64_t n, const int8_t *x, int16_t *y);
KILN_KERNEL void kiln_i8_to_i32__c(int64_t n, const int8_t *x, int32_t *y);
KILN_KERNEL void kiln_i8_to_i64__c(int64_t n, const int8_t *x, int64_t *y);
KILN_KERNEL void kiln_i8_to_u8__c(int64_t n, const int8_t *x, uint8_t *y);
KILN_KERNEL void kiln_i8_to_u16__c(int64_t n, const int8_t *x, uint16_t *y);
KILN_KERNEL void kiln_i8_to_u32__c(int64_t n, const int8_t *x, uint32_t *y);
KILN_KERNEL void kiln_i8_to_u64__c(int64_t n, const int8_t *x, uint64_t *y);
KILN_KERNEL void kiln_i8_to_bool__c(int64_t n, const int8_t *x, uint8_t *y);
KILN_KERNEL void kiln_i16_to_f16__c(int64_t n, const int16_t *x, uint16_t *y);
KILN_KERNEL void kiln_i16_to_f32__c(int64_t n, const int16_t *x, float *y);
KILN_KERNEL void kiln_i16_to_f64__c(int64_t n, const int16_t *x, double *y);
KILN_KERNEL void kiln_i16_to_i8__c(int64_t n, const int16_t *x, int8_t *y);
KILN_KERNEL void kiln_i16_to_i32__c(int64_t n, const int16_t *x, int32_t *y);
KILN_KERNEL void kiln_i16_to_i64__c(int64_t n, const int16_t *x, int64_t *y);
KILN_KERNEL void kiln_i16_to_u8__c(int64_t n, const int16_t *x, uint8_t *y);
KILN_KERNEL void kiln_i16_to_u16__c(int64_t n, const int16_t *x, uint16_t *y);
KILN_KERNEL void kiln_i16_to_u32__c(int64_t n, const int16_t *x, uint32_t *y);
KILN_KERNEL void kiln_i16_to_u64__c(int64_t n, const int16_t *x, uint64_t *y);
KILN_KERNEL void kiln_i16_to_bool__c(int64_t n, const int16_t *x, uint8_t *y);
KILN_KERNEL void kiln_i32_to_f16__c(int64_t n, const int32_t *x, uint16_t *y);
KILN_KERNEL void kiln_i32_to_f32__c(int64_t n, const int32_t *x, float *y);
KILN_KERNEL void kiln_i32_to_f64__c(int64_t n, const int32_t *x, double *y);
KILN_KERNEL void kiln_i32_to_i8__c(int64_t n, const int32_t *x, int8_t *y);
KILN_KERNEL void kiln_i32_to_i16__c(int64_t n, const int32_t *x, int16_t *y);
KILN_KERNEL void kiln_i32_to_i64__c(int64_t n, const int32_t *x, int64_t *y);
KILN_KERNEL void kiln_i32_to_u8__c(int64_t n, const int32_t *x, uint8_t *y);
KILN_KERNEL void kiln_i32_to_u16__c(int64_t n, const int32_t *x, uint16_t *y);
KILN_KERNEL void kiln_i32_to_u32__c(int64_t n, const int32_t *x, uint32_t *y);
KILN_KERNEL void kiln_i32_to_u64__c(int64_t n, const int32_t *x, uint64_t *y);
KILN_KERNEL void kiln_i32_to_bool__c(int64_t n, const int32_t *x, uint8_t *y);
KILN_KERNEL void kiln_i64_to_f16__c(int64_t n, const int64_t *x, uint16_t *y);
KILN_KERNEL void kiln_i64_to_f32__c(int64_t n, const int64_t *x, float *y);
KILN_KERNEL void kiln_i64_to_f64__c(int64_t n, const int64_t *x, double *y);
KILN_KERNEL void kiln_i64_to_i8__c(int64_t n, const int64_t *x, int8_t *y);
KILN_KERNEL void kiln_i64_to_i16__c(int64_t n, const int64_t *x, int16_t *y);
KILN_KERNEL void kiln_i64_to_i32__c(int64_t n, const int64_t *x, int32_t *y);
KILN_KERNEL void kiln_i64_to_u8__c(int64_t n, const int64_t *x, uint8_t *y);
KILN_KERNEL void kiln_i64_to_u16__c(int64_t n, const int64_t *x, uint16_t *y);
KILN_KERNEL void kiln_i64_to_u32__c(int64_t n, const int64_t *x, uint32_t *y);
KILN_KERNEL void kiln_i64_to_u64__c(int64_t n, const int64_t *x, uint64_t *y);
KILN_KERNEL void kiln_i64_to_bool__c(int64_t n, const int64_t *x, uint8_t *y);
KILN_KERNEL void kiln_u8_to_f16__c(int64_t n, const uint8_t *x, uint16_t *y);
KILN_KERNEL void kiln_u8_to_f32__c(int64_t n, const uint8_t *x, float *y);
KILN_KERNEL void kiln_u8_to_f64__c(int64_t n, const uint8_t *x, double *y);
KILN_KERNEL void kiln_u8_to_i8__c(int64_t n, const uint8_t *x, int8_t *y);
KILN_KERNEL void kiln_u8_to_i16__c(int64_t n, const uint8_t *x, int16_t *y);
KILN_KERNEL void kiln_u8_to_i32__c(int64_t n, const uint8_t *x, int32_t *y);
KILN_KERNEL void kiln_u8_to_i64__c(int64_t n, const uint8_t *x, int64_t *y);
KILN_KERNEL void kiln_u8_to_u16__c(int64_t n, const uint8_t *x, uint16_t *y);
KILN_KERNEL void kiln_u8_to_u32__c(int64_t n, const uint8_t *x, uint32_t *y);
KILN_KERNEL void kiln_u8_to_u64__c(int64_t n, const uint8_t *x, uint64_t *y);
KILN_KERNEL void kiln_u8_to_bool__c(int64_t n, const uint8_t *x, uint8_t *y);
KILN_KERNEL void kiln_u16_to_f16__c(int64_t n, const uint16_t *x, uint16_t *y);
KILN_KERNEL void kiln_u16_to_f32__c(int64_t n, const uint16_t *x, float *y);
KILN_KERNEL void kiln_u16_to_f64__c(int64_t n, const uint16_t *x, double *y);
KILN_KERNEL void kiln_u16_to_i8__c(int64_t n, const uint16_t *x, int8_t *y);
KILN_KERNEL void kiln_u16_to_i16__c(int64_t n, const uint16_t *x, int16_t *y);
KILN_KERNEL void kiln_u16_to_i32__c(int64_t n, const uint16_t *x, int32_t *y);
KILN_KERNEL void kiln_u16_to_i64__c(int64_t n, const uint16_t *x, int64_t *y);
KILN_KERNEL void kiln_u16_to_u8__c(int64_t n, const uint16_t *x, uint8_t *y);
KILN_KERNEL void kiln_u16_to_u32__c(int64_t n, const uint16_t *x, uint32_t *y);
KILN_KERNEL void kiln_u16_to_u64__c(int64_t n, const uint16_t *x, uint64_t *y);
KILN_KERNEL void kiln_u16_to_bool__c(int64_t n, const uint16_t *x, uint8_t *y);
KILN_KERNEL void kiln_u32_to_f16__c(int64_t n, const uint32_t *x, uint16_t *y);
KILN_KERNEL void kiln_u32_to_f32__c(int64_t n, const uint32_t *x, float *y);
KILN_KERNEL void kiln_u32_to_f64__c(int64_t n, const uint32_t *x, double *y);
KILN_KERNEL void kiln_u32_to_i8__c(int64_t n, const uint32_t *x, int8_t *y);
KILN_KERNEL void kiln_u32_to_i16__c(int64_t n, const uint32_t *x, int16_t *y);
KILN_KERNEL void kiln_u32_to_i32__c(int64_t n, const uint32_t *x, int32_t *y);
KILN_KERNEL void kiln_u32_to_i64__c(int64_t n, const uint32_t *x, int64_t *y);
KILN_KERNEL void kiln_u32_to_u8__c(int64_t n, const uint32_t *x, uint8_t *y);
KILN_KERNEL void kiln_u32_to_u16__c(int64_t n, const uint32_t *x, uint16_t *y);
KILN_KERNEL void kiln_u32_to_u64__c(int64_t n, const uint32_t *x, uint64_t *y);
KILN_KERNEL void kiln_u32_to_bool__c(int64_t n, const uint32_t *x, uint8_t *y);
KILN_KERNEL void kiln_u64_to_f16__c(int64_t n, const uint64_t *x, uint16_t *y);
KILN_KERNEL void kiln_u64_to_f32__c(int64_t n, const uint64_t *x, float *y);
KILN_KERNEL void kiln_u64_to_f64__c(int64_t n, const uint64_t *x, double *y);
KILN_KERNEL void kiln_u64_to_i8__c(int64_t n, const uint64_t *x, int8_t *y);
KILN_KERNEL void kiln_u64_to_i16__c(int64_t n, const uint64_t *x, int16_t *y);
KILN_KERNEL void kiln_u64_to_i32__c(int64_t n, const uint64_t *x, int32_t *y);
KILN_KERNEL void kiln_u64_to_i64__c(int64_t n, const uint64_t *x, int64_t *y);
KILN_KERNEL void kiln_u64_to_u8__c(int64_t n, const uint64_t *x, uint8_t *y);
KILN_KERNEL void kiln_u64_to_u16__c(int64_t n, const uint64_t *x, uint16_t *y);
KILN_KERNEL void kiln_u64_to_u32__c(int64_t n, const uint64_t *x, uint32_t *y);
KILN_KERNEL void kiln_u64_to_bool__c(int64_t n, const uint64_t *x, uint8_t *y);
KILN_KERNEL void kiln_bool_to_f16__c(int64_t n, const uint8_t *x, uint16_t *y);
KILN_KERNEL void kiln_bool_to_f32__c(int64_t n, const uint8_t *x, float *y);
KILN_KERNEL void kiln_bool_to_f64__c(int64_t n, const uint8_t *x, double *y);
KILN_KERNEL void kiln_bool_to_i8__c(int64_t n, const uint8_t *x, int8_t *y);
KILN_KERNEL void kiln_bool_to_i16__c(int64_t n, const uint8_t *x, int16_t *y);
KILN_KERNEL void kiln_bool_to_i32__c(int64_t n, const uint8_t *x, int32_t *y);
KILN_KERNEL void kiln_bool_to_i64__c(int64_t n, const uint8_t *x, int64_t *y);
KILN_KERNEL void kiln_bool_to_u8__c(int64_t n, const uint8_t *x, uint8_t *y);
KILN_KERNEL void kiln_bool_to_u16__c(int64_t n, const uint8_t *x, uint16_t *y);
KILN_KERNEL void kiln_bool_to_u32__c(int64_t n, const uint8_t *x, uint32_t *y);
KILN_KERNEL void kiln_bool_to_u64__c(int64_t n, const uint8_t *x, uint64_t *y);

#define KILN_CAST_PAIRS(X) \
  X(f16, uint16_t, f32, float) \
  X(f16, uint16_t, f64, double) \
  X(f16, uint16_t, i8, int8_t) \
  X(f16, uint16_t, i16, int16_t) \
  X(f16, uint16_t, i32, int32_t) \
  X(f16, uint16_t, i64, int64_t) \
  X(f16, uint16_t, u8, uint8_t) \
  X(f16, uint16_t, u16, uint16_t) \
  X(f16, uint16_t, u32, uint32_t) \
  X(f16, uint16_t, u64, uint64_t) \
  X(f16, uint16_t, bool, uint8_t) \
  X(f32, float, f16, uint16_t) \
  X(f32, float, f64, double) \
  X(f32, float, i8, int8_t) \
  X(f32, float, i16, int16_t) \
  X(f32, float, i32, int32_t) \
  X(f32, float, i64, int64_t) \
  X(f32, float, u8, uint8_t) \
  X(f32, float, u16, uint16_t) \
  X(f32, float, u32, uint32_t) \
  X(f32, float, u64, uint64_t) \
  X(f32, float, bool, uint8_t) \
  X(f64, double, f16, uint16_t) \
  X(f64, double, f32, float) \
  X(f64, double, i8, int8_t) \
  X(f64, double, i16, int16_t) \
  X(f64, double, i32, int32_t) \
  X(f64, double, i64, int64_t) \
  X(f64, double, u8, uint8_t) \
  X(f64, double, u16, uint16_t) \
  X(f64, double, u32, uint32_t) \
  X(f64, double, u64, uint64_t) \
  X(f64, double, bool, uint8_t) \
  X(i8, int8_t, f16, uint16_t) \
  X(i8, int8_t, f32, float) \
  X(i8, int8_t, f64, double) \
  X(i8, int8_t, i16, int16_t) \
  X(i8, int8_t, i32, int32_t) \
  X(i8, int8_t, i64, int64_t) \
  X(i8, int8_t, u8, uint8_t) \
  X(i8, int8_t, u16, uint16_t) \
  X(i8, int8_t, u32, uint32_t) \
  X(i8, int8_t, u64, uint64_t) \
  X(i8, int8_t, bool, uint8_t) \
  X(i16, int16_t, f16, uint16_t) \
  X(i16, int16_t, f32, float) \
  X(i16, int16_t, f64, double) \
  X(i16, int16_t, i8, int8_t) \
  X(i16, int16_t, i32, int32_t) \
  X(i16, int16_t, i64, int64_t) \
  X(i16, int16_t, u8, uint8_t) \
  X(i16, int16_t, u16, uint16_t) \
  X(i16, int16_t, u32, uint32_t) \
  X(i16, int16_t, u64, uint64_t) \
  X(i16, int16_t, bool, uint8_t) \
  X(i32, int32_t, f16, uint16_t) \
  X(i32, int32_t, f32, float) \
  X(i32, int32_t, f64, double) \
  X(i32, int32_t, i8, int8_t) \
  X(i32, int32_t, i16, int16_t) \
  X(i32, int32_t, i64, int64_t) \
  X(i32, int32_t, u8, uint8_t) \
  X(i32, int32_t, u16, uint16_t) \
  X(i32, int32_t, u32, uint32_t) \
  X(i32, int32_t, u64, uint64_t) \
  X(i32, int32_t, bool, uint8_t) \
  X(i64, int64_t, f16, uint16_t) \
  X(i64, int64_t, f32, float) \
  X(i64, int64_t, f64, double) \
  X(i64, int64_t, i8, int8_t) \
  X(i64, int64_t, i16, int16_t) \
  X(i64, int64_t, i32, int32_t) \
  X(i64, int64_t, u8, uint8_t) \
  X(i64, int64_t, u16, uint16_t) \
  X(i64, int64_t, u32, uint32_t) \
  X(i64, int64_t, u64, uint64_t) \
  X(i64, int64_t, bool, uint8_t) \
  X(u8, uint8_t, f16, uint16_t) \
  X(u8, uint8_t, f32, float) \
  X(u8, uint8_t, f64, double) \
  X(u8, uint8_t, i8, int8_t) \
  X(u8, uint8_t, i16, int16_t) \
  X(u8, uint8_t, i32, int32_t) \
  X(u8, uint8_t, i64, int64_t) \
  X(u8, uint8_t, u16, uint16_t) \
  X(u8, uint8_t, u32, uint32_t) \
  X(u8, uint8_t, u64, uint64_t) \
  X(u8, uint8_t, bool, uint8_t) \
  X(u16, uint16_t, f16, uint16_t) \
  X(u16, uint16_t, f32, float) \
  X(u16, uint16_t, f64, double) \
  X(u16, uint16_t, i8, int8_t) \
  X(u16, uint16_t, i16, int16_t) \
  X(u16, uint16_t, i32, int32_t) \
  X(u16, uint16_t, i64, int64_t) \
  X(u16, uint16_t, u8, uint8_t) \
  X(u16, uint16_t, u32, uint32_t) \
  X(u16, uint16_t, u64, uint64_t) \
  X(u16, uint16_t, bool, uint8_t) \
  X(u32, uint32_t, f16, uint16_t) \
  X(u32, uint32_t, f32, float) \
  X(u32, uint32_t, f64, double) \
  X(u32, uint32_t, i8, int8_t) \
  X(u32, uint32_t, i16, int16_t) \
  X(u32, uint32_t, i32, int32_t) \
  X(u32, uint32_t, i64, int64_t) \
  X(u32, uint32_t, u8, uint8_t) \
  X(u32, uint32_t, u16, uint16_t) \
  X(u32, uint32_t, u64, uint64_t) \
  X(u32, uint32_t, bool, uint8_t) \
  X(u64, uint64_t, f16, uint16_t) \
  X(u64, uint64_t, f32, float) \
  X(u64, uint64_t, f64, double) \
  X(u64, uint64_t, i8, int8_t) \
  X(u64, uint64_t, i16, int16_t) \
  X(u64, uint64_t, i32, int32_t) \
  X(u64, uint64_t, i64, int64_t) \
  X(u64, uint64_t, u8, uint8_t) \
  X(u64, uint64_t, u16, uint16_t) \
  X(u64, uint64_t, u32, uint32_t) \
  X(u64, uint64_t, bool, uint8_t) \
  X(bool, uint8_t, f16, uint16_t) \
  X(bool, uint8_t, f32, float) \
  X(bool, uint8_t, f64, double) \
  X(bool, uint8_t, i8, int8_t) \
  X(bool, uint8_t, i16, int16_t) \
  X(bool, uint8_t, i32, int32_t) \
  X(bool, uint8_t, i64, int64_t) \
  X(bool, uint8_t, u8, uint8_t) \
  X(bool, uint8_t, u16, uint16_t) \
  X(bool, uint8_t, u32, uint32_t) \
  X(bool, uint8_t, u64, uint64_t)

#endif
