/* cast.c - Cast kernels between float16/32/64, int8..64, uint8..64 and bool,
 * portable C.
 *
 * `void kiln_<from>_to_<to>__c(int64_t n, const TX *x, TY *y)`, one per pair
 * (cast.h lists them). Storage: float16 is uint16_t bits, bool is uint8_t 0/1.
 * Semantics (ONNX Cast; numpy/onnxruntime agree on every in-range value):
 *  - float -> int truncates toward zero. Out-of-range values are undefined
 *    behaviour in C (and differ between numpy, onnxruntime and CPUs), so kiln
 *    defines them: saturate to the target's range, NaN -> 0 (as Rust `as`,
 *    WebAssembly trunc_sat and ARM's fcvtz* do). No finite value traps.
 *  - int -> narrower int wraps modulo 2^N (two's complement), like numpy.
 *    C calls the signed case implementation-defined; every compiler kiln
 *    targets (GCC, Clang, MSVC) defines it as wrapping.
 *  - anything -> bool is v != 0 (NaN is true); bool -> number is 0 or 1.
 *  - -> float16 rounds to nearest even (overflow -> inf), directly from
 *    float64 too (no double rounding through float32); float16 -> float32 is
 *    exact.
 * x and y are distinct buffers (Cast is not an in-place op).
 */
#include "kiln_kernels.h" /* outside any section: packages include it themselves */
#include "cast.h"

//@kernel kiln_cast_macros
/* KILN_CAST(NAME, TX, TY, EXPR): y[i] = EXPR with `v` = x[i].
 * KILN_CAST_SAT(NAME, TX, TF, CVT, TY, LO, HI): float -> integer. v = CVT(x[i])
 * of float type TF; truncates toward zero inside (LO, HI), saturates outside
 * it, NaN -> 0. (TF)HI may round up to 2^N (e.g. (float)INT32_MAX = 2^31), so
 * `v >= (TF)HI` catches every value whose truncation would not fit. */
#define KILN_CAST(NAME, TX, TY, EXPR)                  \
  KILN_KERNEL void NAME(int64_t n, const TX *x, TY *y) { \
    int64_t i;                                         \
    for (i = 0; i < n; i++) {                          \
      const TX v = x[i];                               \
      y[i] = (EXPR);                                   \
    }                                                  \
  }
#define KILN_CAST_SAT(NAME, TX, TF, CVT, TY, LO, HI)                         \
  KILN_KERNEL void NAME(int64_t n, const TX *x, TY *y) {                      \
    int64_t i;                                                              \
    for (i = 0; i < n; i++) {                                               \
      const TF v = CVT(x[i]);                                               \
      y[i] = v != v ? (TY)0                                                 \
           : v <= (TF)(LO) ? (TY)(LO)                                       \
           : v >= (TF)(HI) ? (TY)(HI)                                       \
           : (TY)v;                                                         \
    }                                                                       \
  }
//@end

//@kernel kiln_f16_bits_to_f32
/* IEEE binary16 bits -> float, exact. */
static inline float kiln_f16_bits_to_f32(uint16_t h) {
  const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
  const uint32_t e = (uint32_t)(h >> 10) & 0x1fu, m = h & 0x3ffu;
  uint32_t bits;
  float f;
  if (e == 0) { /* zero or subnormal: m * 2^-24, exact in float */
    f = (float)m * 5.9604644775390625e-8f;
    return sign ? -f : f;
  }
  if (e == 31) bits = sign | 0x7f800000u | (m << 13); /* inf, NaN (payload kept) */
  else bits = sign | ((e + 112u) << 23) | (m << 13); /* rebias 15 -> 127 */
  memcpy(&f, &bits, sizeof f);
  return f;
}
//@end

//@kernel kiln_f32_to_f16_bits
/* float -> IEEE binary16 bits, round to nearest even; |v| >= 65520 -> inf;
 * NaN stays a (quiet) NaN. */
static inline uint16_t kiln_f32_to_f16_bits(float v) {
  uint32_t x, ax, sign, e, m, h, rem, half;
  memcpy(&x, &v, sizeof x);
  sign = (x >> 16) & 0x8000u;
  ax = x & 0x7fffffffu;
  if (ax > 0x7f800000u) return (uint16_t)(sign | 0x7e00u | ((ax >> 13) & 0x3ffu));
  if (ax >= 0x477ff000u) return (uint16_t)(sign | 0x7c00u); /* 65520: halfway to 2^16 */
  if (ax >= 0x38800000u) { /* >= 2^-14: a normal half */
    ax -= 0x38000000u; /* exponent bias 127 -> 15 */
    ax += 0x0fffu + ((ax >> 13) & 1u); /* round the 13 dropped bits, ties to even */
    return (uint16_t)(sign | (ax >> 13)); /* a carry moves into the exponent */
  }
  if (ax <= 0x33000000u) return (uint16_t)sign; /* <= 2^-25: ties to even 0 */
  /* subnormal half: round(v / 2^-24) */
  e = ax >> 23;                       /* 102..112 */
  m = (ax & 0x7fffffu) | 0x800000u;   /* v = m * 2^(e - 150) */
  h = m >> (126u - e);                /* shift 14..24 */
  rem = m & ((1u << (126u - e)) - 1u);
  half = 1u << (125u - e);
  if (rem > half || (rem == half && (h & 1u))) h++;
  return (uint16_t)(sign | h);
}
//@end

//@kernel kiln_f64_to_f16_bits
/* double -> IEEE binary16 bits, rounded once (as kiln_f32_to_f16_bits). */
static inline uint16_t kiln_f64_to_f16_bits(double v) {
  uint64_t x, ax, e, m, h, rem, half;
  uint32_t sign;
  memcpy(&x, &v, sizeof x);
  sign = (uint32_t)(x >> 48) & 0x8000u;
  ax = x & UINT64_C(0x7fffffffffffffff);
  if (ax > UINT64_C(0x7ff0000000000000))
    return (uint16_t)(sign | 0x7e00u | (uint32_t)((ax >> 42) & 0x3ffu));
  if (ax >= UINT64_C(0x40effe0000000000)) return (uint16_t)(sign | 0x7c00u); /* 65520 */
  if (ax >= UINT64_C(0x3f10000000000000)) { /* >= 2^-14 */
    ax -= UINT64_C(0x3f00000000000000); /* exponent bias 1023 -> 15 */
    ax += UINT64_C(0x1ffffffffff) + ((ax >> 42) & 1u);
    return (uint16_t)(sign | (uint32_t)(ax >> 42));
  }
  if (ax <= UINT64_C(0x3e60000000000000)) return (uint16_t)sign; /* <= 2^-25 */
  e = ax >> 52;                                               /* 998..1008 */
  m = (ax & UINT64_C(0xfffffffffffff)) | (UINT64_C(1) << 52); /* v = m * 2^(e - 1075) */
  h = m >> (1051u - e);                                       /* shift 43..53 */
  rem = m & ((UINT64_C(1) << (1051u - e)) - 1u);
  half = UINT64_C(1) << (1050u - e);
  if (rem > half || (rem == half && (h & 1u))) h++;
  return (uint16_t)(sign | (uint32_t)h);
}
//@end

//@kernel kiln_cast_copy__c
/* Cast to the same type: a byte copy. */
KILN_KERNEL void kiln_cast_copy__c(int64_t nbytes, const void *x, void *y) {
  if (x != y && nbytes > 0) memmove(y, x, (size_t)nbytes);
}
//@end


/* ---- from float16 ---- */

//@kernel kiln_f16_to_f32__c needs kiln_cast_macros kiln_f16_bits_to_f32
/* float16 -> float32, exact */
KILN_CAST(kiln_f16_to_f32__c, uint16_t, float, kiln_f16_bits_to_f32(v))
//@end

//@kernel kiln_f16_to_f64__c needs kiln_cast_macros kiln_f16_bits_to_f32
/* float16 -> float64, exact */
KILN_CAST(kiln_f16_to_f64__c, uint16_t, double, (double)kiln_f16_bits_to_f32(v))
//@end

//@kernel kiln_f16_to_i8__c needs kiln_cast_macros kiln_f16_bits_to_f32
/* float16 -> int8: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f16_to_i8__c, uint16_t, float, kiln_f16_bits_to_f32, int8_t,
              INT8_MIN, INT8_MAX)
//@end

//@kernel kiln_f16_to_i16__c needs kiln_cast_macros kiln_f16_bits_to_f32
/* float16 -> int16: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f16_to_i16__c, uint16_t, float, kiln_f16_bits_to_f32, int16_t,
              INT16_MIN, INT16_MAX)
//@end

//@kernel kiln_f16_to_i32__c needs kiln_cast_macros kiln_f16_bits_to_f32
/* float16 -> int32: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f16_to_i32__c, uint16_t, float, kiln_f16_bits_to_f32, int32_t,
              INT32_MIN, INT32_MAX)
//@end

//@kernel kiln_f16_to_i64__c needs kiln_cast_macros kiln_f16_bits_to_f32
/* float16 -> int64: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f16_to_i64__c, uint16_t, float, kiln_f16_bits_to_f32, int64_t,
              INT64_MIN, INT64_MAX)
//@end

//@kernel kiln_f16_to_u8__c needs kiln_cast_macros kiln_f16_bits_to_f32
/* float16 -> uint8: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f16_to_u8__c, uint16_t, float, kiln_f16_bits_to_f32, uint8_t,
              0, UINT8_MAX)
//@end

//@kernel kiln_f16_to_u16__c needs kiln_cast_macros kiln_f16_bits_to_f32
/* float16 -> uint16: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f16_to_u16__c, uint16_t, float, kiln_f16_bits_to_f32, uint16_t,
              0, UINT16_MAX)
//@end

//@kernel kiln_f16_to_u32__c needs kiln_cast_macros kiln_f16_bits_to_f32
/* float16 -> uint32: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f16_to_u32__c, uint16_t, float, kiln_f16_bits_to_f32, uint32_t,
              0, UINT32_MAX)
//@end

//@kernel kiln_f16_to_u64__c needs kiln_cast_macros kiln_f16_bits_to_f32
/* float16 -> uint64: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f16_to_u64__c, uint16_t, float, kiln_f16_bits_to_f32, uint64_t,
              0, UINT64_MAX)
//@end

//@kernel kiln_f16_to_bool__c needs kiln_cast_macros
/* float16 -> bool: v != 0 (-0 is false, NaN true) */
KILN_CAST(kiln_f16_to_bool__c, uint16_t, uint8_t, (uint8_t)((v & 0x7fffu) != 0))
//@end


/* ---- from float32 ---- */

//@kernel kiln_f32_to_f16__c needs kiln_cast_macros kiln_f32_to_f16_bits
/* float32 -> float16, nearest even */
KILN_CAST(kiln_f32_to_f16__c, float, uint16_t, kiln_f32_to_f16_bits(v))
//@end

//@kernel kiln_f32_to_f64__c needs kiln_cast_macros
/* float32 -> float64, exact */
KILN_CAST(kiln_f32_to_f64__c, float, double, (double)v)
//@end

//@kernel kiln_f32_to_i8__c needs kiln_cast_macros
/* float32 -> int8: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f32_to_i8__c, float, float, (float), int8_t, INT8_MIN, INT8_MAX)
//@end

//@kernel kiln_f32_to_i16__c needs kiln_cast_macros
/* float32 -> int16: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f32_to_i16__c, float, float, (float), int16_t, INT16_MIN, INT16_MAX)
//@end

//@kernel kiln_f32_to_i32__c needs kiln_cast_macros
/* float32 -> int32: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f32_to_i32__c, float, float, (float), int32_t, INT32_MIN, INT32_MAX)
//@end

//@kernel kiln_f32_to_i64__c needs kiln_cast_macros
/* float32 -> int64: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f32_to_i64__c, float, float, (float), int64_t, INT64_MIN, INT64_MAX)
//@end

//@kernel kiln_f32_to_u8__c needs kiln_cast_macros
/* float32 -> uint8: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f32_to_u8__c, float, float, (float), uint8_t, 0, UINT8_MAX)
//@end

//@kernel kiln_f32_to_u16__c needs kiln_cast_macros
/* float32 -> uint16: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f32_to_u16__c, float, float, (float), uint16_t, 0, UINT16_MAX)
//@end

//@kernel kiln_f32_to_u32__c needs kiln_cast_macros
/* float32 -> uint32: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f32_to_u32__c, float, float, (float), uint32_t, 0, UINT32_MAX)
//@end

//@kernel kiln_f32_to_u64__c needs kiln_cast_macros
/* float32 -> uint64: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f32_to_u64__c, float, float, (float), uint64_t, 0, UINT64_MAX)
//@end

//@kernel kiln_f32_to_bool__c needs kiln_cast_macros
/* float32 -> bool: v != 0 */
KILN_CAST(kiln_f32_to_bool__c, float, uint8_t, (uint8_t)(v != 0))
//@end


/* ---- from float64 ---- */

//@kernel kiln_f64_to_f16__c needs kiln_cast_macros kiln_f64_to_f16_bits
/* float64 -> float16, nearest even */
KILN_CAST(kiln_f64_to_f16__c, double, uint16_t, kiln_f64_to_f16_bits(v))
//@end

//@kernel kiln_f64_to_f32__c needs kiln_cast_macros
/* float64 -> float32, nearest (overflow -> inf) */
KILN_CAST(kiln_f64_to_f32__c, double, float, (float)v)
//@end

//@kernel kiln_f64_to_i8__c needs kiln_cast_macros
/* float64 -> int8: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f64_to_i8__c, double, double, (double), int8_t, INT8_MIN, INT8_MAX)
//@end

//@kernel kiln_f64_to_i16__c needs kiln_cast_macros
/* float64 -> int16: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f64_to_i16__c, double, double, (double), int16_t, INT16_MIN, INT16_MAX)
//@end

//@kernel kiln_f64_to_i32__c needs kiln_cast_macros
/* float64 -> int32: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f64_to_i32__c, double, double, (double), int32_t, INT32_MIN, INT32_MAX)
//@end

//@kernel kiln_f64_to_i64__c needs kiln_cast_macros
/* float64 -> int64: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f64_to_i64__c, double, double, (double), int64_t, INT64_MIN, INT64_MAX)
//@end

//@kernel kiln_f64_to_u8__c needs kiln_cast_macros
/* float64 -> uint8: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f64_to_u8__c, double, double, (double), uint8_t, 0, UINT8_MAX)
//@end

//@kernel kiln_f64_to_u16__c needs kiln_cast_macros
/* float64 -> uint16: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f64_to_u16__c, double, double, (double), uint16_t, 0, UINT16_MAX)
//@end

//@kernel kiln_f64_to_u32__c needs kiln_cast_macros
/* float64 -> uint32: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f64_to_u32__c, double, double, (double), uint32_t, 0, UINT32_MAX)
//@end

//@kernel kiln_f64_to_u64__c needs kiln_cast_macros
/* float64 -> uint64: truncate, saturate, NaN -> 0 */
KILN_CAST_SAT(kiln_f64_to_u64__c, double, double, (double), uint64_t, 0, UINT64_MAX)
//@end

//@kernel kiln_f64_to_bool__c needs kiln_cast_macros
/* float64 -> bool: v != 0 */
KILN_CAST(kiln_f64_to_bool__c, double, uint8_t, (uint8_t)(v != 0))
//@end


/* ---- from int8 ---- */

//@kernel kiln_i8_to_f16__c needs kiln_cast_macros kiln_f64_to_f16_bits
/* int8 -> float16, exact */
KILN_CAST(kiln_i8_to_f16__c, int8_t, uint16_t, kiln_f64_to_f16_bits((double)v))
//@end

//@kernel kiln_i8_to_f32__c needs kiln_cast_macros
/* int8 -> float32, exact */
KILN_CAST(kiln_i8_to_f32__c, int8_t, float, (float)v)
//@end

//@kernel kiln_i8_to_f64__c needs kiln_cast_macros
/* int8 -> float64, exact */
KILN_CAST(kiln_i8_to_f64__c, int8_t, double, (double)v)
//@end

//@kernel kiln_i8_to_i16__c needs kiln_cast_macros
/* int8 -> int16: exact */
KILN_CAST(kiln_i8_to_i16__c, int8_t, int16_t, (int16_t)v)
//@end

//@kernel kiln_i8_to_i32__c needs kiln_cast_macros
/* int8 -> int32: exact */
KILN_CAST(kiln_i8_to_i32__c, int8_t, int32_t, (int32_t)v)
//@end

//@kernel kiln_i8_to_i64__c needs kiln_cast_macros
/* int8 -> int64: exact */
KILN_CAST(kiln_i8_to_i64__c, int8_t, int64_t, (int64_t)v)
//@end

//@kernel kiln_i8_to_u8__c needs kiln_cast_macros
/* int8 -> uint8: modulo 2^8 */
KILN_CAST(kiln_i8_to_u8__c, int8_t, uint8_t, (uint8_t)v)
//@end

//@kernel kiln_i8_to_u16__c needs kiln_cast_macros
/* int8 -> uint16: modulo 2^16 */
KILN_CAST(kiln_i8_to_u16__c, int8_t, uint16_t, (uint16_t)v)
//@end

//@kernel kiln_i8_to_u32__c needs kiln_cast_macros
/* int8 -> uint32: modulo 2^32 */
KILN_CAST(kiln_i8_to_u32__c, int8_t, uint32_t, (uint32_t)v)
//@end

//@kernel kiln_i8_to_u64__c needs kiln_cast_macros
/* int8 -> uint64: modulo 2^64 */
KILN_CAST(kiln_i8_to_u64__c, int8_t, uint64_t, (uint64_t)v)
//@end

//@kernel kiln_i8_to_bool__c needs kiln_cast_macros
/* int8 -> bool: v != 0 */
KILN_CAST(kiln_i8_to_bool__c, int8_t, uint8_t, (uint8_t)(v != 0))
//@end


/* ---- from int16 ---- */

//@kernel kiln_i16_to_f16__c needs kiln_cast_macros kiln_f64_to_f16_bits
/* int16 -> float16, nearest even, via double (exact) */
KILN_CAST(kiln_i16_to_f16__c, int16_t, uint16_t, kiln_f64_to_f16_bits((double)v))
//@end

//@kernel kiln_i16_to_f32__c needs kiln_cast_macros
/* int16 -> float32, exact */
KILN_CAST(kiln_i16_to_f32__c, int16_t, float, (float)v)
//@end

//@kernel kiln_i16_to_f64__c needs kiln_cast_macros
/* int16 -> float64, exact */
KILN_CAST(kiln_i16_to_f64__c, int16_t, double, (double)v)
//@end

//@kernel kiln_i16_to_i8__c needs kiln_cast_macros
/* int16 -> int8: modulo 2^8 */
KILN_CAST(kiln_i16_to_i8__c, int16_t, int8_t, (int8_t)v)
//@end

//@kernel kiln_i16_to_i32__c needs kiln_cast_macros
/* int16 -> int32: exact */
KILN_CAST(kiln_i16_to_i32__c, int16_t, int32_t, (int32_t)v)
//@end

//@kernel kiln_i16_to_i64__c needs kiln_cast_macros
/* int16 -> int64: exact */
KILN_CAST(kiln_i16_to_i64__c, int16_t, int64_t, (int64_t)v)
//@end

//@kernel kiln_i16_to_u8__c needs kiln_cast_macros
/* int16 -> uint8: modulo 2^8 */
KILN_CAST(kiln_i16_to_u8__c, int16_t, uint8_t, (uint8_t)v)
//@end

//@kernel kiln_i16_to_u16__c needs kiln_cast_macros
/* int16 -> uint16: modulo 2^16 */
KILN_CAST(kiln_i16_to_u16__c, int16_t, uint16_t, (uint16_t)v)
//@end

//@kernel kiln_i16_to_u32__c needs kiln_cast_macros
/* int16 -> uint32: modulo 2^32 */
KILN_CAST(kiln_i16_to_u32__c, int16_t, uint32_t, (uint32_t)v)
//@end

//@kernel kiln_i16_to_u64__c needs kiln_cast_macros
/* int16 -> uint64: modulo 2^64 */
KILN_CAST(kiln_i16_to_u64__c, int16_t, uint64_t, (uint64_t)v)
//@end

//@kernel kiln_i16_to_bool__c needs kiln_cast_macros
/* int16 -> bool: v != 0 */
KILN_CAST(kiln_i16_to_bool__c, int16_t, uint8_t, (uint8_t)(v != 0))
//@end


/* ---- from int32 ---- */

//@kernel kiln_i32_to_f16__c needs kiln_cast_macros kiln_f64_to_f16_bits
/* int32 -> float16, nearest even, via double (exact) */
KILN_CAST(kiln_i32_to_f16__c, int32_t, uint16_t, kiln_f64_to_f16_bits((double)v))
//@end

//@kernel kiln_i32_to_f32__c needs kiln_cast_macros
/* int32 -> float32, nearest */
KILN_CAST(kiln_i32_to_f32__c, int32_t, float, (float)v)
//@end

//@kernel kiln_i32_to_f64__c needs kiln_cast_macros
/* int32 -> float64, exact */
KILN_CAST(kiln_i32_to_f64__c, int32_t, double, (double)v)
//@end

//@kernel kiln_i32_to_i8__c needs kiln_cast_macros
/* int32 -> int8: modulo 2^8 */
KILN_CAST(kiln_i32_to_i8__c, int32_t, int8_t, (int8_t)v)
//@end

//@kernel kiln_i32_to_i16__c needs kiln_cast_macros
/* int32 -> int16: modulo 2^16 */
KILN_CAST(kiln_i32_to_i16__c, int32_t, int16_t, (int16_t)v)
//@end

//@kernel kiln_i32_to_i64__c needs kiln_cast_macros
/* int32 -> int64: exact */
KILN_CAST(kiln_i32_to_i64__c, int32_t, int64_t, (int64_t)v)
//@end

//@kernel kiln_i32_to_u8__c needs kiln_cast_macros
/* int32 -> uint8: modulo 2^8 */
KILN_CAST(kiln_i32_to_u8__c, int32_t, uint8_t, (uint8_t)v)
//@end

//@kernel kiln_i32_to_u16__c needs kiln_cast_macros
/* int32 -> uint16: modulo 2^16 */
KILN_CAST(kiln_i32_to_u16__c, int32_t, uint16_t, (uint16_t)v)
//@end

//@kernel kiln_i32_to_u32__c needs kiln_cast_macros
/* int32 -> uint32: modulo 2^32 */
KILN_CAST(kiln_i32_to_u32__c, int32_t, uint32_t, (uint32_t)v)
//@end

//@kernel kiln_i32_to_u64__c needs kiln_cast_macros
/* int32 -> uint64: modulo 2^64 */
KILN_CAST(kiln_i32_to_u64__c, int32_t, uint64_t, (uint64_t)v)
//@end

//@kernel kiln_i32_to_bool__c needs kiln_cast_macros
/* int32 -> bool: v != 0 */
KILN_CAST(kiln_i32_to_bool__c, int32_t, uint8_t, (uint8_t)(v != 0))
//@end


/* ---- from int64 ---- */

//@kernel kiln_i64_to_f16__c needs kiln_cast_macros kiln_f64_to_f16_bits
/* int64 -> float16, nearest even, via double (exact below 2^53; beyond: inf) */
KILN_CAST(kiln_i64_to_f16__c, int64_t, uint16_t, kiln_f64_to_f16_bits((double)v))
//@end

//@kernel kiln_i64_to_f32__c needs kiln_cast_macros
/* int64 -> float32, nearest */
KILN_CAST(kiln_i64_to_f32__c, int64_t, float, (float)v)
//@end

//@kernel kiln_i64_to_f64__c needs kiln_cast_macros
/* int64 -> float64, nearest */
KILN_CAST(kiln_i64_to_f64__c, int64_t, double, (double)v)
//@end

//@kernel kiln_i64_to_i8__c needs kiln_cast_macros
/* int64 -> int8: modulo 2^8 */
KILN_CAST(kiln_i64_to_i8__c, int64_t, int8_t, (int8_t)v)
//@end

//@kernel kiln_i64_to_i16__c needs kiln_cast_macros
/* int64 -> int16: modulo 2^16 */
KILN_CAST(kiln_i64_to_i16__c, int64_t, int16_t, (int16_t)v)
//@end

//@kernel kiln_i64_to_i32__c needs kiln_cast_macros
/* int64 -> int32: modulo 2^32 */
KILN_CAST(kiln_i64_to_i32__c, int64_t, int32_t, (int32_t)v)
//@end

//@kernel kiln_i64_to_u8__c needs kiln_cast_macros
/* int64 -> uint8: modulo 2^8 */
KILN_CAST(kiln_i64_to_u8__c, int64_t, uint8_t, (uint8_t)v)
//@end

//@kernel kiln_i64_to_u16__c needs kiln_cast_macros
/* int64 -> uint16: modulo 2^16 */
KILN_CAST(kiln_i64_to_u16__c, int64_t, uint16_t, (uint16_t)v)
//@end

//@kernel kiln_i64_to_u32__c needs kiln_cast_macros
/* int64 -> uint32: modulo 2^32 */
KILN_CAST(kiln_i64_to_u32__c, int64_t, uint32_t, (uint32_t)v)
//@end

//@kernel kiln_i64_to_u64__c needs kiln_cast_macros
/* int64 -> uint64: modulo 2^64 */
KILN_CAST(kiln_i64_to_u64__c, int64_t, uint64_t, (uint64_t)v)
//@end

//@kernel kiln_i64_to_bool__c needs kiln_cast_macros
/* int64 -> bool: v != 0 */
KILN_CAST(kiln_i64_to_bool__c, int64_t, uint8_t, (uint8_t)(v != 0))
//@end


/* ---- from uint8 ---- */

//@kernel kiln_u8_to_f16__c needs kiln_cast_macros kiln_f64_to_f16_bits
/* uint8 -> float16, exact */
KILN_CAST(kiln_u8_to_f16__c, uint8_t, uint16_t, kiln_f64_to_f16_bits((double)v))
//@end

//@kernel kiln_u8_to_f32__c needs kiln_cast_macros
/* uint8 -> float32, exact */
KILN_CAST(kiln_u8_to_f32__c, uint8_t, float, (float)v)
//@end

//@kernel kiln_u8_to_f64__c needs kiln_cast_macros
/* uint8 -> float64, exact */
KILN_CAST(kiln_u8_to_f64__c, uint8_t, double, (double)v)
//@end

//@kernel kiln_u8_to_i8__c needs kiln_cast_macros
/* uint8 -> int8: modulo 2^8 */
KILN_CAST(kiln_u8_to_i8__c, uint8_t, int8_t, (int8_t)v)
//@end

//@kernel kiln_u8_to_i16__c needs kiln_cast_macros
/* uint8 -> int16: exact */
KILN_CAST(kiln_u8_to_i16__c, uint8_t, int16_t, (int16_t)v)
//@end

//@kernel kiln_u8_to_i32__c needs kiln_cast_macros
/* uint8 -> int32: exact */
KILN_CAST(kiln_u8_to_i32__c, uint8_t, int32_t, (int32_t)v)
//@end

//@kernel kiln_u8_to_i64__c needs kiln_cast_macros
/* uint8 -> int64: exact */
KILN_CAST(kiln_u8_to_i64__c, uint8_t, int64_t, (int64_t)v)
//@end

//@kernel kiln_u8_to_u16__c needs kiln_cast_macros
/* uint8 -> uint16: exact */
KILN_CAST(kiln_u8_to_u16__c, uint8_t, uint16_t, (uint16_t)v)
//@end

//@kernel kiln_u8_to_u32__c needs kiln_cast_macros
/* uint8 -> uint32: exact */
KILN_CAST(kiln_u8_to_u32__c, uint8_t, uint32_t, (uint32_t)v)
//@end

//@kernel kiln_u8_to_u64__c needs kiln_cast_macros
/* uint8 -> uint64: exact */
KILN_CAST(kiln_u8_to_u64__c, uint8_t, uint64_t, (uint64_t)v)
//@end

//@kernel kiln_u8_to_bool__c needs kiln_cast_macros
/* uint8 -> bool: v != 0 */
KILN_CAST(kiln_u8_to_bool__c, uint8_t, uint8_t, (uint8_t)(v != 0))
//@end


/* ---- from uint16 ---- */

//@kernel kiln_u16_to_f16__c needs kiln_cast_macros kiln_f64_to_f16_bits
/* uint16 -> float16, nearest even, via double (exact) */
KILN_CAST(kiln_u16_to_f16__c, uint16_t, uint16_t, kiln_f64_to_f16_bits((double)v))
//@end

//@kernel kiln_u16_to_f32__c needs kiln_cast_macros
/* uint16 -> float32, exact */
KILN_CAST(kiln_u16_to_f32__c, uint16_t, float, (float)v)
//@end

//@kernel kiln_u16_to_f64__c needs kiln_cast_macros
/* uint16 -> float64, exact */
KILN_CAST(kiln_u16_to_f64__c, uint16_t, double, (double)v)
//@end

//@kernel kiln_u16_to_i8__c needs kiln_cast_macros
/* uint16 -> int8: modulo 2^8 */
KILN_CAST(kiln_u16_to_i8__c, uint16_t, int8_t, (int8_t)v)
//@end

//@kernel kiln_u16_to_i16__c needs kiln_cast_macros
/* uint16 -> int16: modulo 2^16 */
KILN_CAST(kiln_u16_to_i16__c, uint16_t, int16_t, (int16_t)v)
//@end

//@kernel kiln_u16_to_i32__c needs kiln_cast_macros
/* uint16 -> int32: exact */
KILN_CAST(kiln_u16_to_i32__c, uint16_t, int32_t, (int32_t)v)
//@end

//@kernel kiln_u16_to_i64__c needs kiln_cast_macros
/* uint16 -> int64: exact */
KILN_CAST(kiln_u16_to_i64__c, uint16_t, int64_t, (int64_t)v)
//@end

//@kernel kiln_u16_to_u8__c needs kiln_cast_macros
/* uint16 -> uint8: modulo 2^8 */
KILN_CAST(kiln_u16_to_u8__c, uint16_t, uint8_t, (uint8_t)v)
//@end

//@kernel kiln_u16_to_u32__c needs kiln_cast_macros
/* uint16 -> uint32: exact */
KILN_CAST(kiln_u16_to_u32__c, uint16_t, uint32_t, (uint32_t)v)
//@end

//@kernel kiln_u16_to_u64__c needs kiln_cast_macros
/* uint16 -> uint64: exact */
KILN_CAST(kiln_u16_to_u64__c, uint16_t, uint64_t, (uint64_t)v)
//@end

//@kernel kiln_u16_to_bool__c needs kiln_cast_macros
/* uint16 -> bool: v != 0 */
KILN_CAST(kiln_u16_to_bool__c, uint16_t, uint8_t, (uint8_t)(v != 0))
//@end


/* ---- from uint32 ---- */

//@kernel kiln_u32_to_f16__c needs kiln_cast_macros kiln_f64_to_f16_bits
/* uint32 -> float16, nearest even, via double (exact) */
KILN_CAST(kiln_u32_to_f16__c, uint32_t, uint16_t, kiln_f64_to_f16_bits((double)v))
//@end

//@kernel kiln_u32_to_f32__c needs kiln_cast_macros
/* uint32 -> float32, nearest */
KILN_CAST(kiln_u32_to_f32__c, uint32_t, float, (float)v)
//@end

//@kernel kiln_u32_to_f64__c needs kiln_cast_macros
/* uint32 -> float64, exact */
KILN_CAST(kiln_u32_to_f64__c, uint32_t, double, (double)v)
//@end

//@kernel kiln_u32_to_i8__c needs kiln_cast_macros
/* uint32 -> int8: modulo 2^8 */
KILN_CAST(kiln_u32_to_i8__c, uint32_t, int8_t, (int8_t)v)
//@end

//@kernel kiln_u32_to_i16__c needs kiln_cast_macros
/* uint32 -> int16: modulo 2^16 */
KILN_CAST(kiln_u32_to_i16__c, uint32_t, int16_t, (int16_t)v)
//@end

//@kernel kiln_u32_to_i32__c needs kiln_cast_macros
/* uint32 -> int32: modulo 2^32 */
KILN_CAST(kiln_u32_to_i32__c, uint32_t, int32_t, (int32_t)v)
//@end

//@kernel kiln_u32_to_i64__c needs kiln_cast_macros
/* uint32 -> int64: exact */
KILN_CAST(kiln_u32_to_i64__c, uint32_t, int64_t, (int64_t)v)
//@end

//@kernel kiln_u32_to_u8__c needs kiln_cast_macros
/* uint32 -> uint8: modulo 2^8 */
KILN_CAST(kiln_u32_to_u8__c, uint32_t, uint8_t, (uint8_t)v)
//@end

//@kernel kiln_u32_to_u16__c needs kiln_cast_macros
/* uint32 -> uint16: modulo 2^16 */
KILN_CAST(kiln_u32_to_u16__c, uint32_t, uint16_t, (uint16_t)v)
//@end

//@kernel kiln_u32_to_u64__c needs kiln_cast_macros
/* uint32 -> uint64: exact */
KILN_CAST(kiln_u32_to_u64__c, uint32_t, uint64_t, (uint64_t)v)
//@end

//@kernel kiln_u32_to_bool__c needs kiln_cast_macros
/* uint32 -> bool: v != 0 */
KILN_CAST(kiln_u32_to_bool__c, uint32_t, uint8_t, (uint8_t)(v != 0))
//@end


/* ---- from uint64 ---- */

//@kernel kiln_u64_to_f16__c needs kiln_cast_macros kiln_f64_to_f16_bits
/* uint64 -> float16, nearest even, via double (exact below 2^53; beyond: inf) */
KILN_CAST(kiln_u64_to_f16__c, uint64_t, uint16_t, kiln_f64_to_f16_bits((double)v))
//@end

//@kernel kiln_u64_to_f32__c needs kiln_cast_macros
/* uint64 -> float32, nearest */
KILN_CAST(kiln_u64_to_f32__c, uint64_t, float, (float)v)
//@end

//@kernel kiln_u64_to_f64__c needs kiln_cast_macros
/* uint64 -> float64, nearest */
KILN_CAST(kiln_u64_to_f64__c, uint64_t, double, (double)v)
//@end

//@kernel kiln_u64_to_i8__c needs kiln_cast_macros
/* uint64 -> int8: modulo 2^8 */
KILN_CAST(kiln_u64_to_i8__c, uint64_t, int8_t, (int8_t)v)
//@end

//@kernel kiln_u64_to_i16__c needs kiln_cast_macros
/* uint64 -> int16: modulo 2^16 */
KILN_CAST(kiln_u64_to_i16__c, uint64_t, int16_t, (int16_t)v)
//@end

//@kernel kiln_u64_to_i32__c needs kiln_cast_macros
/* uint64 -> int32: modulo 2^32 */
KILN_CAST(kiln_u64_to_i32__c, uint64_t, int32_t, (int32_t)v)
//@end

//@kernel kiln_u64_to_i64__c needs kiln_cast_macros
/* uint64 -> int64: modulo 2^64 */
KILN_CAST(kiln_u64_to_i64__c, uint64_t, int64_t, (int64_t)v)
//@end

//@kernel kiln_u64_to_u8__c needs kiln_cast_macros
/* uint64 -> uint8: modulo 2^8 */
KILN_CAST(kiln_u64_to_u8__c, uint64_t, uint8_t, (uint8_t)v)
//@end

//@kernel kiln_u64_to_u16__c needs kiln_cast_macros
/* uint64 -> uint16: modulo 2^16 */
KILN_CAST(kiln_u64_to_u16__c, uint64_t, uint16_t, (uint16_t)v)
//@end

//@kernel kiln_u64_to_u32__c needs kiln_cast_macros
/* uint64 -> uint32: modulo 2^32 */
KILN_CAST(kiln_u64_to_u32__c, uint64_t, uint32_t, (uint32_t)v)
//@end

//@kernel kiln_u64_to_bool__c needs kiln_cast_macros
/* uint64 -> bool: v != 0 */
KILN_CAST(kiln_u64_to_bool__c, uint64_t, uint8_t, (uint8_t)(v != 0))
//@end


/* ---- from bool ---- */

//@kernel kiln_bool_to_f16__c needs kiln_cast_macros
/* bool -> float16: 0 or 1 */
KILN_CAST(kiln_bool_to_f16__c, uint8_t, uint16_t, (uint16_t)(v ? 0x3c00u : 0u))
//@end

//@kernel kiln_bool_to_f32__c needs kiln_cast_macros
/* bool -> float32: 0 or 1 */
KILN_CAST(kiln_bool_to_f32__c, uint8_t, float, (float)(v != 0))
//@end

//@kernel kiln_bool_to_f64__c needs kiln_cast_macros
/* bool -> float64: 0 or 1 */
KILN_CAST(kiln_bool_to_f64__c, uint8_t, double, (double)(v != 0))
//@end

//@kernel kiln_bool_to_i8__c needs kiln_cast_macros
/* bool -> int8: 0 or 1 */
KILN_CAST(kiln_bool_to_i8__c, uint8_t, int8_t, (int8_t)(v != 0))
//@end

//@kernel kiln_bool_to_i16__c needs kiln_cast_macros
/* bool -> int16: 0 or 1 */
KILN_CAST(kiln_bool_to_i16__c, uint8_t, int16_t, (int16_t)(v != 0))
//@end

//@kernel kiln_bool_to_i32__c needs kiln_cast_macros
/* bool -> int32: 0 or 1 */
KILN_CAST(kiln_bool_to_i32__c, uint8_t, int32_t, (int32_t)(v != 0))
//@end

//@kernel kiln_bool_to_i64__c needs kiln_cast_macros
/* bool -> int64: 0 or 1 */
KILN_CAST(kiln_bool_to_i64__c, uint8_t, int64_t, (int64_t)(v != 0))
//@end

//@kernel kiln_bool_to_u8__c needs kiln_cast_macros
/* bool -> uint8: 0 or 1 */
KILN_CAST(kiln_bool_to_u8__c, uint8_t, uint8_t, (uint8_t)(v != 0))
//@end

//@kernel kiln_bool_to_u16__c needs kiln_cast_macros
/* bool -> uint16: 0 or 1 */
KILN_CAST(kiln_bool_to_u16__c, uint8_t, uint16_t, (uint16_t)(v != 0))
//@end

//@kernel kiln_bool_to_u32__c needs kiln_cast_macros
/* bool -> uint32: 0 or 1 */
KILN_CAST(kiln_bool_to_u32__c, uint8_t, uint32_t, (uint32_t)(v != 0))
//@end

//@kernel kiln_bool_to_u64__c needs kiln_cast_macros
/* bool -> uint64: 0 or 1 */
KILN_CAST(kiln_bool_to_u64__c, uint8_t, uint64_t, (uint64_t)(v != 0))
//@end

#ifndef KILN_HOST
/* Package-mode self-check: compiled alone without KILN_HOST (see
 * docs/writing-an-op.md) every kernel is static, so reference each one or
 * -Wunused-function fires. Outside any section: never copied into packages. */
typedef void (*kiln_cast_any_fn)(void);
const kiln_cast_any_fn kiln_cast_c_all[] = {
  (kiln_cast_any_fn)kiln_cast_copy__c,
#define KILN_CAST_REF(A, TA, B, TB) (kiln_cast_any_fn)kiln_##A##_to_##B##__c,
  KILN_CAST_PAIRS(KILN_CAST_REF)
#undef KILN_CAST_REF
};
#endif
