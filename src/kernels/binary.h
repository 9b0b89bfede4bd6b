/* binary.h - the broadcasting binary kernels (binary.c): prototypes for the
 * compiler, and two sections shared with math2.c's kernels (KILN_BINARY and
 * the float16 helpers). Packages get the sections themselves, not this
 * header.
 *
 * kiln_<dtype>_<op>[_<exponent dtype>]__c(bc, x0, x1, y): y = op(x0, x1)
 * over the coalesced broadcast `bc` (see KILN_BINARY); <dtype> is the inputs'
 * dtype (comparisons write bool = uint8_t 0/1; float16 is uint16_t bits).
 */
#ifndef KILN_KERNELS_BINARY_H
#define KILN_KERNELS_BINARY_H

#include "kiln_kernels.h"

//@kernel kiln_binary_macros
/* KILN_BINARY(NAME, TA, TB, TY, EXPR): y = EXPR(a, b) over a broadcast, with
 * `a` an element of x0 and `b` of x1.
 *
 * The compiler coalesces `bc`: output dims of size 1 are dropped and adjacent
 * dims are merged whenever every input is contiguous across them, so rank >= 1
 * and same-shape inputs become one dim. The last dim is the inner run; it is
 * specialised on the inputs' strides there (1 = contiguous, 0 = broadcast):
 * same shape, tensor-scalar and per-channel bias (NxCxHxW + 1xCx1x1 becomes
 * dims {N, C, H*W}, the bias fixed along each H*W run) are plain vectorisable
 * loops. The outer dims are walked with an odometer that updates the input
 * offsets incrementally.
 *
 * In place: y may alias x0 or x1 when that input has the output's shape
 * (never a broadcast one); each element is read before it is written. */
#define KILN_BINARY(NAME, TA, TB, TY, EXPR)                                     \
  KILN_KERNEL void NAME(const kiln_bcast *bc, const TA *x0, const TB *x1, TY *y) { \
    int64_t idx[KILN_MAX_RANK];                                                 \
    int64_t inner, s0, s1, o0 = 0, o1 = 0, done, i;                             \
    int r = bc->rank, k;                                                        \
    if (bc->n <= 0 || r < 1) return;                                            \
    inner = bc->dims[r - 1];                                                    \
    s0 = bc->stride[0][r - 1];                                                  \
    s1 = bc->stride[1][r - 1];                                                  \
    for (k = 0; k < r; k++) idx[k] = 0;                                         \
    for (done = 0; done < bc->n; done += inner) {                               \
      const TA *p0 = x0 + o0;                                                   \
      const TB *p1 = x1 + o1;                                                   \
      TY *q = y + done;                                                         \
      if (s0 == 1 && s1 == 1) {                                                 \
        for (i = 0; i < inner; i++) {                                           \
          const TA a = p0[i];                                                   \
          const TB b = p1[i];                                                   \
          q[i] = (EXPR);                                                        \
        }                                                                       \
      } else if (s0 == 1 && s1 == 0) {                                          \
        const TB b = p1[0];                                                     \
        for (i = 0; i < inner; i++) {                                           \
          const TA a = p0[i];                                                   \
          q[i] = (EXPR);                                                        \
        }                                                                       \
      } else if (s0 == 0 && s1 == 1) {                                          \
        const TA a = p0[0];                                                     \
        for (i = 0; i < inner; i++) {                                           \
          const TB b = p1[i];                                                   \
          q[i] = (EXPR);                                                        \
        }                                                                       \
      } else {                                                                  \
        for (i = 0; i < inner; i++) {                                           \
          const TA a = p0[i * s0];                                              \
          const TB b = p1[i * s1];                                              \
          q[i] = (EXPR);                                                        \
        }                                                                       \
      }                                                                         \
      for (k = r - 2; k >= 0; k--) {                                            \
        o0 += bc->stride[0][k];                                                 \
        o1 += bc->stride[1][k];                                                 \
        if (++idx[k] < bc->dims[k]) break;                                      \
        o0 -= bc->stride[0][k] * bc->dims[k];                                   \
        o1 -= bc->stride[1][k] * bc->dims[k];                                   \
        idx[k] = 0;                                                             \
      }                                                                         \
    }                                                                           \
  }
//@end

//@kernel kiln_half
/* float16 storage is uint16_t (IEEE binary16 bits); kernels compute in float.
 * kiln_half_to_float is exact; kiln_float_to_half rounds to nearest even
 * (|v| >= 65520 -> inf, NaN stays NaN). Rounding a float32 sum, difference,
 * product or quotient of two halves to half gives the correctly rounded half
 * result (float32 has more than 2 * 11 + 2 bits). */
static inline float kiln_half_to_float(uint16_t h) {
  const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
  const uint32_t e = (uint32_t)(h >> 10) & 0x1fu, m = (uint32_t)h & 0x3ffu;
  uint32_t bits;
  float f;
  if (e == 0) { /* zero or subnormal: m * 2^-24, exact */
    f = (float)m * (1.0f / 16777216.0f);
    return sign ? -f : f;
  }
  if (e == 31) bits = sign | 0x7f800000u | (m << 13);
  else bits = sign | ((e + 112u) << 23) | (m << 13);
  memcpy(&f, &bits, sizeof f);
  return f;
}
static inline uint16_t kiln_float_to_half(float v) {
  uint32_t x, ax, sign, r, q;
  float a, t;
  memcpy(&x, &v, sizeof x);
  sign = (x >> 16) & 0x8000u;
  ax = x & 0x7fffffffu;
  if (ax > 0x7f800000u) return (uint16_t)(sign | 0x7e00u); /* NaN */
  if (ax >= 0x477ff000u) return (uint16_t)(sign | 0x7c00u); /* rounds to >= 2^16: inf */
  if (ax >= 0x38800000u) { /* >= 2^-14: normal */
    r = ax - 0x38000000u; /* exponent bias 127 -> 15 */
    r += 0x0fffu + ((r >> 13) & 1u); /* round the 13 dropped bits, ties to even */
    return (uint16_t)(sign | (r >> 13));
  }
  /* subnormal: round(|v| / 2^-24); the scaling and the fraction are exact */
  memcpy(&a, &ax, sizeof a);
  t = a * 16777216.0f;
  q = (uint32_t)t;
  t -= (float)q;
  if (t > 0.5f || (t == 0.5f && (q & 1u))) q++;
  return (uint16_t)(sign | q);
}
//@end

/* Prototypes: compiler only (packages define the kernels static, in order). */
#ifdef KILN_HOST
KILN_KERNEL void kiln_f32_pow__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f32_pow_i32__c(const kiln_bcast *bc, const float *x0, const int32_t *x1,
                                     float *y);
KILN_KERNEL void kiln_f32_pow_i64__c(const kiln_bcast *bc, const float *x0, const int64_t *x1,
                                     float *y);
KILN_KERNEL void kiln_f64_pow__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                 double *y);
KILN_KERNEL void kiln_i32_pow__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                 int32_t *y);
KILN_KERNEL void kiln_i64_pow__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                 int64_t *y);
KILN_KERNEL void kiln_f32_pow_u32__c(const kiln_bcast *bc, const float *x0, const uint32_t *x1, float *y);
KILN_KERNEL void kiln_f32_pow_u64__c(const kiln_bcast *bc, const float *x0, const uint64_t *x1, float *y);
KILN_KERNEL void kiln_i32_pow_f32__c(const kiln_bcast *bc, const int32_t *x0, const float *x1, int32_t *y);
KILN_KERNEL void kiln_i64_pow_f32__c(const kiln_bcast *bc, const int64_t *x0, const float *x1, int64_t *y);
KILN_KERNEL void kiln_f32_add__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_add__c(const kiln_bcast *bc, const double *x0, const double *x1, double *y);
KILN_KERNEL void kiln_f16_add__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_bf16_add__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_i8_add__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_add__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_add__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_add__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_add__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_add__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_add__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_add__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_f32_sub__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_sub__c(const kiln_bcast *bc, const double *x0, const double *x1, double *y);
KILN_KERNEL void kiln_f16_sub__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_bf16_sub__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_i8_sub__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_sub__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_sub__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_sub__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_sub__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_sub__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_sub__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_sub__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_f32_mul__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_mul__c(const kiln_bcast *bc, const double *x0, const double *x1, double *y);
KILN_KERNEL void kiln_f16_mul__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_bf16_mul__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_i8_mul__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_mul__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_mul__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_mul__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_mul__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_mul__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_mul__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_mul__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_f32_div__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_div__c(const kiln_bcast *bc, const double *x0, const double *x1, double *y);
KILN_KERNEL void kiln_f16_div__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_bf16_div__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_i8_div__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_div__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_div__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_div__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_div__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_div__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_div__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_div__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_f32_max__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_max__c(const kiln_bcast *bc, const double *x0, const double *x1, double *y);
KILN_KERNEL void kiln_f16_max__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_bf16_max__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_i8_max__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_max__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_max__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_max__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_max__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_max__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_max__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_max__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_f32_min__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_min__c(const kiln_bcast *bc, const double *x0, const double *x1, double *y);
KILN_KERNEL void kiln_f16_min__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_bf16_min__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_i8_min__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, int8_t *y);
KILN_KERNEL void kiln_i16_min__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, int16_t *y);
KILN_KERNEL void kiln_i32_min__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_min__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_u8_min__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_min__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint16_t *y);
KILN_KERNEL void kiln_u32_min__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint32_t *y);
KILN_KERNEL void kiln_u64_min__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint64_t *y);
KILN_KERNEL void kiln_f32_equal__c(const kiln_bcast *bc, const float *x0, const float *x1, uint8_t *y);
KILN_KERNEL void kiln_f64_equal__c(const kiln_bcast *bc, const double *x0, const double *x1, uint8_t *y);
KILN_KERNEL void kiln_f16_equal__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_bf16_equal__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i8_equal__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i16_equal__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i32_equal__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i64_equal__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u8_equal__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_equal__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u32_equal__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u64_equal__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint8_t *y);
KILN_KERNEL void kiln_bool_equal__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_f32_less__c(const kiln_bcast *bc, const float *x0, const float *x1, uint8_t *y);
KILN_KERNEL void kiln_f64_less__c(const kiln_bcast *bc, const double *x0, const double *x1, uint8_t *y);
KILN_KERNEL void kiln_f16_less__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_bf16_less__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i8_less__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i16_less__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i32_less__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i64_less__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u8_less__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_less__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u32_less__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u64_less__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint8_t *y);
KILN_KERNEL void kiln_f32_greater__c(const kiln_bcast *bc, const float *x0, const float *x1, uint8_t *y);
KILN_KERNEL void kiln_f64_greater__c(const kiln_bcast *bc, const double *x0, const double *x1, uint8_t *y);
KILN_KERNEL void kiln_f16_greater__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_bf16_greater__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i8_greater__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i16_greater__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i32_greater__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i64_greater__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u8_greater__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_greater__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u32_greater__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u64_greater__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint8_t *y);
KILN_KERNEL void kiln_f32_less_or_equal__c(const kiln_bcast *bc, const float *x0, const float *x1, uint8_t *y);
KILN_KERNEL void kiln_f64_less_or_equal__c(const kiln_bcast *bc, const double *x0, const double *x1, uint8_t *y);
KILN_KERNEL void kiln_f16_less_or_equal__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_bf16_less_or_equal__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i8_less_or_equal__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i16_less_or_equal__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i32_less_or_equal__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i64_less_or_equal__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u8_less_or_equal__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_less_or_equal__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u32_less_or_equal__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u64_less_or_equal__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint8_t *y);
KILN_KERNEL void kiln_f32_greater_or_equal__c(const kiln_bcast *bc, const float *x0, const float *x1, uint8_t *y);
KILN_KERNEL void kiln_f64_greater_or_equal__c(const kiln_bcast *bc, const double *x0, const double *x1, uint8_t *y);
KILN_KERNEL void kiln_f16_greater_or_equal__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_bf16_greater_or_equal__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i8_greater_or_equal__c(const kiln_bcast *bc, const int8_t *x0, const int8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i16_greater_or_equal__c(const kiln_bcast *bc, const int16_t *x0, const int16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i32_greater_or_equal__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1, uint8_t *y);
KILN_KERNEL void kiln_i64_greater_or_equal__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u8_greater_or_equal__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_greater_or_equal__c(const kiln_bcast *bc, const uint16_t *x0, const uint16_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u32_greater_or_equal__c(const kiln_bcast *bc, const uint32_t *x0, const uint32_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u64_greater_or_equal__c(const kiln_bcast *bc, const uint64_t *x0, const uint64_t *x1, uint8_t *y);
KILN_KERNEL void kiln_bool_and__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_bool_or__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_bool_xor__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1, uint8_t *y);
#endif

/* X(<dtype>_<op>, input ctype, output ctype) for every kernel above but Pow. */
#define KILN_BINARY_KERNELS(X) \
  X(f32_add, float, float) \
  X(f64_add, double, double) \
  X(f16_add, uint16_t, uint16_t) \
  X(bf16_add, uint16_t, uint16_t) \
  X(i8_add, int8_t, int8_t) \
  X(i16_add, int16_t, int16_t) \
  X(i32_add, int32_t, int32_t) \
  X(i64_add, int64_t, int64_t) \
  X(u8_add, uint8_t, uint8_t) \
  X(u16_add, uint16_t, uint16_t) \
  X(u32_add, uint32_t, uint32_t) \
  X(u64_add, uint64_t, uint64_t) \
  X(f32_sub, float, float) \
  X(f64_sub, double, double) \
  X(f16_sub, uint16_t, uint16_t) \
  X(bf16_sub, uint16_t, uint16_t) \
  X(i8_sub, int8_t, int8_t) \
  X(i16_sub, int16_t, int16_t) \
  X(i32_sub, int32_t, int32_t) \
  X(i64_sub, int64_t, int64_t) \
  X(u8_sub, uint8_t, uint8_t) \
  X(u16_sub, uint16_t, uint16_t) \
  X(u32_sub, uint32_t, uint32_t) \
  X(u64_sub, uint64_t, uint64_t) \
  X(f32_mul, float, float) \
  X(f64_mul, double, double) \
  X(f16_mul, uint16_t, uint16_t) \
  X(bf16_mul, uint16_t, uint16_t) \
  X(i8_mul, int8_t, int8_t) \
  X(i16_mul, int16_t, int16_t) \
  X(i32_mul, int32_t, int32_t) \
  X(i64_mul, int64_t, int64_t) \
  X(u8_mul, uint8_t, uint8_t) \
  X(u16_mul, uint16_t, uint16_t) \
  X(u32_mul, uint32_t, uint32_t) \
  X(u64_mul, uint64_t, uint64_t) \
  X(f32_div, float, float) \
  X(f64_div, double, double) \
  X(f16_div, uint16_t, uint16_t) \
  X(bf16_div, uint16_t, uint16_t) \
  X(i8_div, int8_t, int8_t) \
  X(i16_div, int16_t, int16_t) \
  X(i32_div, int32_t, int32_t) \
  X(i64_div, int64_t, int64_t) \
  X(u8_div, uint8_t, uint8_t) \
  X(u16_div, uint16_t, uint16_t) \
  X(u32_div, uint32_t, uint32_t) \
  X(u64_div, uint64_t, uint64_t) \
  X(f32_max, float, float) \
  X(f64_max, double, double) \
  X(f16_max, uint16_t, uint16_t) \
  X(bf16_max, uint16_t, uint16_t) \
  X(i8_max, int8_t, int8_t) \
  X(i16_max, int16_t, int16_t) \
  X(i32_max, int32_t, int32_t) \
  X(i64_max, int64_t, int64_t) \
  X(u8_max, uint8_t, uint8_t) \
  X(u16_max, uint16_t, uint16_t) \
  X(u32_max, uint32_t, uint32_t) \
  X(u64_max, uint64_t, uint64_t) \
  X(f32_min, float, float) \
  X(f64_min, double, double) \
  X(f16_min, uint16_t, uint16_t) \
  X(bf16_min, uint16_t, uint16_t) \
  X(i8_min, int8_t, int8_t) \
  X(i16_min, int16_t, int16_t) \
  X(i32_min, int32_t, int32_t) \
  X(i64_min, int64_t, int64_t) \
  X(u8_min, uint8_t, uint8_t) \
  X(u16_min, uint16_t, uint16_t) \
  X(u32_min, uint32_t, uint32_t) \
  X(u64_min, uint64_t, uint64_t) \
  X(f32_equal, float, uint8_t) \
  X(f64_equal, double, uint8_t) \
  X(f16_equal, uint16_t, uint8_t) \
  X(bf16_equal, uint16_t, uint8_t) \
  X(i8_equal, int8_t, uint8_t) \
  X(i16_equal, int16_t, uint8_t) \
  X(i32_equal, int32_t, uint8_t) \
  X(i64_equal, int64_t, uint8_t) \
  X(u8_equal, uint8_t, uint8_t) \
  X(u16_equal, uint16_t, uint8_t) \
  X(u32_equal, uint32_t, uint8_t) \
  X(u64_equal, uint64_t, uint8_t) \
  X(bool_equal, uint8_t, uint8_t) \
  X(f32_less, float, uint8_t) \
  X(f64_less, double, uint8_t) \
  X(f16_less, uint16_t, uint8_t) \
  X(bf16_less, uint16_t, uint8_t) \
  X(i8_less, int8_t, uint8_t) \
  X(i16_less, int16_t, uint8_t) \
  X(i32_less, int32_t, uint8_t) \
  X(i64_less, int64_t, uint8_t) \
  X(u8_less, uint8_t, uint8_t) \
  X(u16_less, uint16_t, uint8_t) \
  X(u32_less, uint32_t, uint8_t) \
  X(u64_less, uint64_t, uint8_t) \
  X(f32_greater, float, uint8_t) \
  X(f64_greater, double, uint8_t) \
  X(f16_greater, uint16_t, uint8_t) \
  X(bf16_greater, uint16_t, uint8_t) \
  X(i8_greater, int8_t, uint8_t) \
  X(i16_greater, int16_t, uint8_t) \
  X(i32_greater, int32_t, uint8_t) \
  X(i64_greater, int64_t, uint8_t) \
  X(u8_greater, uint8_t, uint8_t) \
  X(u16_greater, uint16_t, uint8_t) \
  X(u32_greater, uint32_t, uint8_t) \
  X(u64_greater, uint64_t, uint8_t) \
  X(f32_less_or_equal, float, uint8_t) \
  X(f64_less_or_equal, double, uint8_t) \
  X(f16_less_or_equal, uint16_t, uint8_t) \
  X(bf16_less_or_equal, uint16_t, uint8_t) \
  X(i8_less_or_equal, int8_t, uint8_t) \
  X(i16_less_or_equal, int16_t, uint8_t) \
  X(i32_less_or_equal, int32_t, uint8_t) \
  X(i64_less_or_equal, int64_t, uint8_t) \
  X(u8_less_or_equal, uint8_t, uint8_t) \
  X(u16_less_or_equal, uint16_t, uint8_t) \
  X(u32_less_or_equal, uint32_t, uint8_t) \
  X(u64_less_or_equal, uint64_t, uint8_t) \
  X(f32_greater_or_equal, float, uint8_t) \
  X(f64_greater_or_equal, double, uint8_t) \
  X(f16_greater_or_equal, uint16_t, uint8_t) \
  X(bf16_greater_or_equal, uint16_t, uint8_t) \
  X(i8_greater_or_equal, int8_t, uint8_t) \
  X(i16_greater_or_equal, int16_t, uint8_t) \
  X(i32_greater_or_equal, int32_t, uint8_t) \
  X(i64_greater_or_equal, int64_t, uint8_t) \
  X(u8_greater_or_equal, uint8_t, uint8_t) \
  X(u16_greater_or_equal, uint16_t, uint8_t) \
  X(u32_greater_or_equal, uint32_t, uint8_t) \
  X(u64_greater_or_equal, uint64_t, uint8_t) \
  X(bool_and, uint8_t, uint8_t) \
  X(bool_or, uint8_t, uint8_t) \
  X(bool_xor, uint8_t, uint8_t)

#endif
