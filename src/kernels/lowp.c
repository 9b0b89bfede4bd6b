/* lowp.c - low-precision element types: scalar conversions and the bulk
 * Cast kernel between them and every other numeric type. See lowp.h. */
#include "kiln_kernels.h" /* outside any section: packages include it themselves */
#include "lowp.h"

//@kernel kiln_lowp_encode needs kiln_lowp_types
/* x -> code of a small float format, round to nearest even. maxcode is the
 * magnitude code of the largest finite value; sbit the sign's bit. Any
 * float32/float16 value is exact as a double, so this rounds once. */
static inline uint32_t kiln_lowp_encode(double x, int mbits, int bias, uint32_t maxcode,
                                        uint32_t sbit, int kind, int saturate) {
  const uint32_t sign = signbit(x) ? sbit : 0u;
  const int emin = 1 - bias;                          /* exponent of the smallest normal */
  const int emax = (int)(maxcode >> mbits) - bias;    /* exponent of the largest finite */
  double a = fabs(x), m, fl;
  int e, ex;
  uint32_t r, code;
  if (x != x) {
    if (kind == KILN_LOWP_IEEE) return sign | (maxcode + 1u) | (1u << (mbits - 1));
    if (kind == KILN_LOWP_FN) return sign | (maxcode + 1u);
    return sbit; /* FNUZ: the NaN code; NOSPECIAL: -0, as ml_dtypes */
  }
  if (a == 0.0) return kind == KILN_LOWP_FNUZ ? 0u : sign;
  if (a > 1e300) goto overflow; /* also inf */
  (void)frexp(a, &e); /* a = f * 2^e, f in [0.5, 1): leading bit is 2^(e-1) */
  ex = e - 1;
  if (ex > emax + 1) goto overflow;
  if (ex < emin) ex = emin; /* subnormal: the quantum of the smallest binade */
  m = ldexp(a, mbits - ex); /* a in quanta; exact (a power-of-two scaling) */
  fl = floor(m);
  r = (uint32_t)fl;
  if (m - fl > 0.5 || (m - fl == 0.5 && (r & 1u))) r++;
  /* Subnormals are the code r itself (r == 2^mbits is the smallest normal);
   * normals add the biased exponent, and a carry out of the mantissa
   * (r == 2^(mbits+1)) correctly steps into the next binade. */
  code = e - 1 < emin ? r : ((uint32_t)(ex + bias) << mbits) + r - (1u << mbits);
  if (code > maxcode) goto overflow;
  if (code == 0 && kind == KILN_LOWP_FNUZ) return 0u; /* no -0 */
  return sign | code;
overflow:
  if (saturate || kind == KILN_LOWP_NOSPECIAL) return sign | maxcode;
  if (kind == KILN_LOWP_IEEE || kind == KILN_LOWP_FN) return sign | (maxcode + 1u); /* inf / NaN */
  return sbit; /* FNUZ NaN */
}
//@end

//@kernel kiln_lowp_decode needs kiln_lowp_types
/* Code of a small float format -> its value (exact). Parameters as for
 * kiln_lowp_encode. */
static inline double kiln_lowp_decode(uint32_t c, int mbits, int bias, uint32_t maxcode,
                                      uint32_t sbit, int kind) {
  const uint32_t mag = c & (sbit - 1u), e = mag >> mbits, mm = mag & ((1u << mbits) - 1u);
  const int neg = (c & sbit) != 0;
  double v;
  if (kind == KILN_LOWP_FNUZ && c == sbit) return NAN;
  if (mag > maxcode && kind != KILN_LOWP_NOSPECIAL)
    v = kind == KILN_LOWP_IEEE && mag == maxcode + 1u ? HUGE_VAL : NAN;
  else if (e == 0)
    v = ldexp((double)mm, 1 - bias - mbits);
  else
    v = ldexp((double)(mm | (1u << mbits)), (int)e - bias - mbits);
  return neg ? -v : v;
}
//@end

//@kernel kiln_f32_to_f8e4m3fn__c needs kiln_lowp_encode
/* float -> float8e4m3fn (bias 7, max 448 = 0x7e, NaN 0x7f/0xff, no inf) */
KILN_KERNEL uint8_t kiln_f32_to_f8e4m3fn__c(float x, int saturate) {
  return (uint8_t)kiln_lowp_encode(x, 3, 7, 0x7eu, 0x80u, KILN_LOWP_FN, saturate);
}
//@end

//@kernel kiln_f32_to_f8e4m3fnuz__c needs kiln_lowp_encode
/* float -> float8e4m3fnuz (bias 8, max 240 = 0x7f, NaN 0x80, no -0) */
KILN_KERNEL uint8_t kiln_f32_to_f8e4m3fnuz__c(float x, int saturate) {
  return (uint8_t)kiln_lowp_encode(x, 3, 8, 0x7fu, 0x80u, KILN_LOWP_FNUZ, saturate);
}
//@end

//@kernel kiln_f32_to_f8e5m2__c needs kiln_lowp_encode
/* float -> float8e5m2 (bias 15, max 57344 = 0x7b, inf 0x7c, NaN 0x7e) */
KILN_KERNEL uint8_t kiln_f32_to_f8e5m2__c(float x, int saturate) {
  return (uint8_t)kiln_lowp_encode(x, 2, 15, 0x7bu, 0x80u, KILN_LOWP_IEEE, saturate);
}
//@end

//@kernel kiln_f32_to_f8e5m2fnuz__c needs kiln_lowp_encode
/* float -> float8e5m2fnuz (bias 16, max 57344 = 0x7f, NaN 0x80, no -0) */
KILN_KERNEL uint8_t kiln_f32_to_f8e5m2fnuz__c(float x, int saturate) {
  return (uint8_t)kiln_lowp_encode(x, 2, 16, 0x7fu, 0x80u, KILN_LOWP_FNUZ, saturate);
}
//@end

//@kernel kiln_f32_to_f4e2m1__c needs kiln_lowp_encode
/* float -> float4e2m1 code in the low 4 bits (bias 1, max 6 = 0x7; always
 * saturates: no inf, no NaN) */
KILN_KERNEL uint8_t kiln_f32_to_f4e2m1__c(float x, int saturate) {
  (void)saturate;
  return (uint8_t)kiln_lowp_encode(x, 1, 1, 0x7u, 0x8u, KILN_LOWP_NOSPECIAL, 1);
}
//@end

//@kernel kiln_f32_to_f8e8m0__c needs kiln_lowp_types
/* float -> float8e8m0: the biased exponent of |x|, rounded per round_mode
 * (see lowp.h). Works on float32's bits: e is float32's exponent field,
 * which is exactly e8m0's code. */
KILN_KERNEL uint8_t kiln_f32_to_f8e8m0__c(float x, int saturate, int round_mode) {
  uint32_t b, e, frac;
  int up = 0;
  memcpy(&b, &x, sizeof b);
  e = (b >> 23) & 0xffu;
  frac = b & 0x7fffffu;
  if (e == 0xffu) return (uint8_t)(frac == 0 && saturate ? 0xfeu : 0xffu); /* inf / NaN */
  if (e == 0) {
    /* zero or a float32 subnormal frac * 2^-149: below 2^-126, where e8m0
     * has only 0x00 (2^-127 = frac 0x400000) and 0x01 (2^-126). Below the
     * smallest value: 0x00 when saturating, else NaN (the spec's table). */
    if (frac < 0x400000u && !(round_mode == KILN_E8M0_UP && frac != 0)) return saturate ? 0x00u : 0xffu;
    if (round_mode == KILN_E8M0_UP) return frac > 0x400000u ? 0x01u : 0x00u;
    if (round_mode == KILN_E8M0_NEAREST) return frac >= 0x600000u ? 0x01u : 0x00u; /* 1.5 * 2^-127 */
    return 0x00u;
  }
  if (round_mode == KILN_E8M0_UP) {
    up = frac != 0;
  } else if (round_mode == KILN_E8M0_NEAREST) {
    /* first fraction bit set: |x| >= 1.5 * 2^k rounds up to 2^(k+1) */
    up = (frac >> 22) & 1u;
  }
  if (up && !(saturate && e == 0xfeu)) e++; /* 0xfe + 1 = 0xff: NaN when not saturating */
  return (uint8_t)e;
}
//@end

//@kernel kiln_f8e4m3fn_to_f32__c needs kiln_lowp_decode
/* float8e4m3fn -> float, exact */
KILN_KERNEL float kiln_f8e4m3fn_to_f32__c(uint8_t c) {
  return (float)kiln_lowp_decode(c, 3, 7, 0x7eu, 0x80u, KILN_LOWP_FN);
}
//@end

//@kernel kiln_f8e4m3fnuz_to_f32__c needs kiln_lowp_decode
/* float8e4m3fnuz -> float, exact */
KILN_KERNEL float kiln_f8e4m3fnuz_to_f32__c(uint8_t c) {
  return (float)kiln_lowp_decode(c, 3, 8, 0x7fu, 0x80u, KILN_LOWP_FNUZ);
}
//@end

//@kernel kiln_f8e5m2_to_f32__c needs kiln_lowp_decode
/* float8e5m2 -> float, exact */
KILN_KERNEL float kiln_f8e5m2_to_f32__c(uint8_t c) {
  return (float)kiln_lowp_decode(c, 2, 15, 0x7bu, 0x80u, KILN_LOWP_IEEE);
}
//@end

//@kernel kiln_f8e5m2fnuz_to_f32__c needs kiln_lowp_decode
/* float8e5m2fnuz -> float, exact */
KILN_KERNEL float kiln_f8e5m2fnuz_to_f32__c(uint8_t c) {
  return (float)kiln_lowp_decode(c, 2, 16, 0x7fu, 0x80u, KILN_LOWP_FNUZ);
}
//@end

//@kernel kiln_f4e2m1_to_f32__c needs kiln_lowp_decode
/* float4e2m1 (low 4 bits) -> float, exact */
KILN_KERNEL float kiln_f4e2m1_to_f32__c(uint8_t c) {
  return (float)kiln_lowp_decode(c & 0xfu, 1, 1, 0x7u, 0x8u, KILN_LOWP_NOSPECIAL);
}
//@end

//@kernel kiln_f8e8m0_to_f32__c
/* float8e8m0 -> float: 2^(c-127), exact (0x00 is float's subnormal 2^-127);
 * 0xff is NaN */
KILN_KERNEL float kiln_f8e8m0_to_f32__c(uint8_t c) {
  return c == 0xffu ? (float)NAN : (float)ldexp(1.0, (int)c - 127);
}
//@end

//@kernel kiln_lowp_cast__c needs kiln_lowp_types kiln_lowp_encode kiln_lowp_decode kiln_f32_to_f8e8m0__c kiln_f8e8m0_to_f32__c
/* y[i] = x[i] converted from ONNX dtype `from` to `to` (see lowp.h). One
 * loop with a switch per element: every pair, including the float8, 4-bit
 * and 2-bit types and bfloat16, shares this code. */
KILN_KERNEL void kiln_lowp_cast__c(int64_t n, const void *x, int from, void *y, int to,
                                   int saturate, int round_mode) {
  const unsigned char *px = (const unsigned char *)x;
  unsigned char *py = (unsigned char *)y;
  int64_t i;
  for (i = 0; i < n; i++) {
    /* Load: integers exactly (kind 1 signed in si, 2 unsigned in ui), every
     * float exactly as a double (kind 0). */
    int kind = 1;
    int64_t si = 0;
    uint64_t ui = 0;
    double d = 0.0;
    switch (from) {
    case KILN_DT_F32: { float v; memcpy(&v, px + i * 4, 4); d = v; kind = 0; break; }
    case KILN_DT_F64: memcpy(&d, px + i * 8, 8); kind = 0; break;
    case KILN_DT_F16: case KILN_DT_BF16: {
      uint16_t h;
      memcpy(&h, px + i * 2, 2);
      d = from == KILN_DT_F16 ? kiln_lowp_decode(h, 10, 15, 0x7bffu, 0x8000u, KILN_LOWP_IEEE)
                              : kiln_lowp_decode(h, 7, 127, 0x7f7fu, 0x8000u, KILN_LOWP_IEEE);
      kind = 0;
      break;
    }
    case KILN_DT_F8E4M3FN: d = kiln_lowp_decode(px[i], 3, 7, 0x7eu, 0x80u, KILN_LOWP_FN); kind = 0; break;
    case KILN_DT_F8E4M3FNUZ: d = kiln_lowp_decode(px[i], 3, 8, 0x7fu, 0x80u, KILN_LOWP_FNUZ); kind = 0; break;
    case KILN_DT_F8E5M2: d = kiln_lowp_decode(px[i], 2, 15, 0x7bu, 0x80u, KILN_LOWP_IEEE); kind = 0; break;
    case KILN_DT_F8E5M2FNUZ: d = kiln_lowp_decode(px[i], 2, 16, 0x7fu, 0x80u, KILN_LOWP_FNUZ); kind = 0; break;
    case KILN_DT_F4E2M1: d = kiln_lowp_decode(px[i] & 0xfu, 1, 1, 0x7u, 0x8u, KILN_LOWP_NOSPECIAL); kind = 0; break;
    case KILN_DT_F8E8M0: d = kiln_f8e8m0_to_f32__c(px[i]); kind = 0; break;
    case KILN_DT_I8: case KILN_DT_I4: case KILN_DT_I2: si = (int8_t)px[i]; break;
    case KILN_DT_U8: case KILN_DT_U4: case KILN_DT_U2: case KILN_DT_BOOL: si = px[i]; break;
    case KILN_DT_I16: { int16_t v; memcpy(&v, px + i * 2, 2); si = v; break; }
    case KILN_DT_U16: { uint16_t v; memcpy(&v, px + i * 2, 2); si = v; break; }
    case KILN_DT_I32: { int32_t v; memcpy(&v, px + i * 4, 4); si = v; break; }
    case KILN_DT_U32: { uint32_t v; memcpy(&v, px + i * 4, 4); si = v; break; }
    case KILN_DT_I64: memcpy(&si, px + i * 8, 8); break;
    case KILN_DT_U64: memcpy(&ui, px + i * 8, 8); kind = 2; break;
    default: return; /* the compiler only emits known types */
    }
    if (kind == 1) { ui = (uint64_t)si; d = (double)si; }
    else if (kind == 2) { si = (int64_t)ui; d = (double)ui; }
    else if (to == KILN_DT_I4 || to == KILN_DT_U4 || to == KILN_DT_I2 || to == KILN_DT_U2) {
      /* truncate toward zero, then wrap below; NaN, inf and |d| >= 2^63
       * (whose low bits are all zero anyway) give 0 */
      si = d == d && fabs(d) < 9.2233720368547758e18 ? (int64_t)d : 0;
      ui = (uint64_t)si;
    } else if (to != KILN_DT_BOOL) {
      /* 8..64-bit integer targets saturate (NaN -> 0), as kiln's Cast */
      const int64_t lo = to == KILN_DT_I8 ? INT8_MIN : to == KILN_DT_I16 ? INT16_MIN
                       : to == KILN_DT_I32 ? INT32_MIN : to == KILN_DT_I64 ? INT64_MIN : 0;
      const uint64_t hi = to == KILN_DT_I8 ? INT8_MAX : to == KILN_DT_I16 ? INT16_MAX
                        : to == KILN_DT_I32 ? INT32_MAX : to == KILN_DT_I64 ? INT64_MAX
                        : to == KILN_DT_U8 ? UINT8_MAX : to == KILN_DT_U16 ? UINT16_MAX
                        : to == KILN_DT_U32 ? UINT32_MAX : UINT64_MAX;
      if (d != d) ui = 0;
      else if (d <= (double)lo) ui = (uint64_t)lo;
      else if (d >= (double)hi) ui = hi;
      else if (d < 0) ui = (uint64_t)(int64_t)d;
      else ui = (uint64_t)d;
      si = (int64_t)ui;
    }
    switch (to) {
    case KILN_DT_F32: { float v = (float)d; memcpy(py + i * 4, &v, 4); break; }
    case KILN_DT_F64: memcpy(py + i * 8, &d, 8); break;
    case KILN_DT_F16: case KILN_DT_BF16: {
      uint16_t h = (uint16_t)(to == KILN_DT_F16
                   ? kiln_lowp_encode(d, 10, 15, 0x7bffu, 0x8000u, KILN_LOWP_IEEE, 0)
                   : kiln_lowp_encode(d, 7, 127, 0x7f7fu, 0x8000u, KILN_LOWP_IEEE, 0));
      memcpy(py + i * 2, &h, 2);
      break;
    }
    case KILN_DT_F8E4M3FN: py[i] = (uint8_t)kiln_lowp_encode(d, 3, 7, 0x7eu, 0x80u, KILN_LOWP_FN, saturate); break;
    case KILN_DT_F8E4M3FNUZ: py[i] = (uint8_t)kiln_lowp_encode(d, 3, 8, 0x7fu, 0x80u, KILN_LOWP_FNUZ, saturate); break;
    case KILN_DT_F8E5M2: py[i] = (uint8_t)kiln_lowp_encode(d, 2, 15, 0x7bu, 0x80u, KILN_LOWP_IEEE, saturate); break;
    case KILN_DT_F8E5M2FNUZ: py[i] = (uint8_t)kiln_lowp_encode(d, 2, 16, 0x7fu, 0x80u, KILN_LOWP_FNUZ, saturate); break;
    case KILN_DT_F4E2M1: py[i] = (uint8_t)kiln_lowp_encode(d, 1, 1, 0x7u, 0x8u, KILN_LOWP_NOSPECIAL, 1); break;
    /* e8m0 rounds float32's bits: a float64 source is rounded to float first */
    case KILN_DT_F8E8M0: py[i] = kiln_f32_to_f8e8m0__c((float)d, saturate, round_mode); break;
    case KILN_DT_BOOL: py[i] = (uint8_t)(kind == 0 ? d != 0.0 : ui != 0); break;
    case KILN_DT_I8: case KILN_DT_U8: py[i] = (uint8_t)ui; break;
    case KILN_DT_I4: py[i] = (uint8_t)(((ui & 0xfu) ^ 0x8u) - 0x8u); break; /* sign-extend */
    case KILN_DT_U4: py[i] = (uint8_t)(ui & 0xfu); break;
    case KILN_DT_I2: py[i] = (uint8_t)(((ui & 0x3u) ^ 0x2u) - 0x2u); break;
    case KILN_DT_U2: py[i] = (uint8_t)(ui & 0x3u); break;
    case KILN_DT_I16: case KILN_DT_U16: { uint16_t v = (uint16_t)ui; memcpy(py + i * 2, &v, 2); break; }
    case KILN_DT_I32: case KILN_DT_U32: { uint32_t v = (uint32_t)ui; memcpy(py + i * 4, &v, 4); break; }
    case KILN_DT_I64: case KILN_DT_U64: memcpy(py + i * 8, &ui, 8); break;
    default: return;
    }
  }
}
//@end

#ifdef KILN_HOST
double kiln_lowp_get_f64(int dt, const void *buf, int64_t i) {
  double d = 0.0;
  const unsigned char *p = (const unsigned char *)buf;
  size_t es = dt == KILN_DT_F64 || dt == KILN_DT_I64 || dt == KILN_DT_U64 ? 8
            : dt == KILN_DT_F32 || dt == KILN_DT_I32 || dt == KILN_DT_U32 ? 4
            : dt == KILN_DT_F16 || dt == KILN_DT_BF16 || dt == KILN_DT_I16 || dt == KILN_DT_U16 ? 2 : 1;
  kiln_lowp_cast__c(1, p + (size_t)i * es, dt, &d, KILN_DT_F64, 1, KILN_E8M0_UP);
  return d;
}

void kiln_lowp_put_f64(int dt, void *buf, int64_t i, double v) {
  unsigned char *p = (unsigned char *)buf;
  size_t es = dt == KILN_DT_F64 || dt == KILN_DT_I64 || dt == KILN_DT_U64 ? 8
            : dt == KILN_DT_F32 || dt == KILN_DT_I32 || dt == KILN_DT_U32 ? 4
            : dt == KILN_DT_F16 || dt == KILN_DT_BF16 || dt == KILN_DT_I16 || dt == KILN_DT_U16 ? 2 : 1;
  kiln_lowp_cast__c(1, &v, KILN_DT_F64, p + (size_t)i * es, dt, 1, KILN_E8M0_UP);
}
#endif
