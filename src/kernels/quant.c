/* quant.c - linear quantisation kernels, portable C (see quant.h).
 *
 * Every kernel reads and writes its operands through kiln_q_load /
 * kiln_q_store, one switch case per element type, so adding a quantised
 * type is one case in each. Semantics follow the ONNX operator spec (and
 * the numpy promotion its reference evaluator implies):
 *  - rounding to integers is round-half-to-even (rint in the default
 *    rounding mode), then the zero point is added and the result clipped to
 *    the type's range; NaN quantises to the zero point.
 *  - QuantizeLinear divides in the "division type" the op chose (the
 *    precision attribute, else the promotion of x's and the scale's types):
 *    both operands are converted to it and the quotient rounded to it.
 *    float16 / bfloat16 quotients are rounded through float32, which is exact
 *    for float16 operands (24 >= 2 * 11 + 2 bits).
 *  - the integer products accumulate in int32 (as the spec says; overflow
 *    wraps like the int32 arithmetic of the reference) and requantise in
 *    double: acc * (x_scale * w_scale / y_scale) + y_zp, where the
 *    multiplier is computed and rounded in the scales' own type.
 */
#include "kiln_kernels.h" /* outside any section: packages include it themselves */
#include "quant.h"
#include "binary.h" /* kiln_half */
#include "unary.h"  /* kiln_bfloat16 */
#include "lowp.h"   /* float8 / float4 encoders and decoders */

//@kernel kiln_quant_elem needs kiln_quant_params kiln_half kiln_bfloat16 kiln_f8e4m3fn_to_f32__c kiln_f8e4m3fnuz_to_f32__c kiln_f8e5m2_to_f32__c kiln_f8e5m2fnuz_to_f32__c kiln_f4e2m1_to_f32__c kiln_f32_to_f8e4m3fn__c kiln_f32_to_f8e4m3fnuz__c kiln_f32_to_f8e5m2__c kiln_f32_to_f8e5m2fnuz__c kiln_f32_to_f4e2m1__c
/* Element i of a buffer of type dt, as a double (exact for every type). */
static inline double kiln_q_load(int dt, const void *p, int64_t i) {
  switch (dt) {
  case KILN_QDT_F32: return ((const float *)p)[i];
  case KILN_QDT_F64: return ((const double *)p)[i];
  case KILN_QDT_F16: return kiln_half_to_float(((const uint16_t *)p)[i]);
  case KILN_QDT_BF16: return kiln_bf16_to_float(((const uint16_t *)p)[i]);
  case KILN_QDT_I32: return ((const int32_t *)p)[i];
  case KILN_QDT_U16: return ((const uint16_t *)p)[i];
  case KILN_QDT_I16: return ((const int16_t *)p)[i];
  case KILN_QDT_U8: case KILN_QDT_U4: case KILN_QDT_U2: return ((const uint8_t *)p)[i];
  case KILN_QDT_I8: case KILN_QDT_I4: case KILN_QDT_I2: return ((const int8_t *)p)[i];
  case KILN_QDT_F8E4M3FN: return kiln_f8e4m3fn_to_f32__c(((const uint8_t *)p)[i]);
  case KILN_QDT_F8E4M3FNUZ: return kiln_f8e4m3fnuz_to_f32__c(((const uint8_t *)p)[i]);
  case KILN_QDT_F8E5M2: return kiln_f8e5m2_to_f32__c(((const uint8_t *)p)[i]);
  case KILN_QDT_F8E5M2FNUZ: return kiln_f8e5m2fnuz_to_f32__c(((const uint8_t *)p)[i]);
  case KILN_QDT_F4E2M1: return kiln_f4e2m1_to_f32__c(((const uint8_t *)p)[i]);
  default: return 0.0;
  }
}

/* v rounded to the precision of float type dt (other types: unchanged). */
static inline double kiln_q_round(int dt, double v) {
  switch (dt) {
  case KILN_QDT_F32: return (float)v;
  case KILN_QDT_F16: return kiln_half_to_float(kiln_float_to_half((float)v));
  case KILN_QDT_BF16: return kiln_bf16_to_float(kiln_float_to_bf16((float)v));
  default: return v;
  }
}

/* The range of integer type dt; 0 if dt is not an integer type. */
static inline int kiln_q_int_range(int dt, double *lo, double *hi) {
  switch (dt) {
  case KILN_QDT_U8: *lo = 0; *hi = 255; return 1;
  case KILN_QDT_I8: *lo = -128; *hi = 127; return 1;
  case KILN_QDT_U16: *lo = 0; *hi = 65535; return 1;
  case KILN_QDT_I16: *lo = -32768; *hi = 32767; return 1;
  case KILN_QDT_I32: *lo = -2147483648.0; *hi = 2147483647.0; return 1;
  case KILN_QDT_U4: *lo = 0; *hi = 15; return 1;
  case KILN_QDT_I4: *lo = -8; *hi = 7; return 1;
  case KILN_QDT_U2: *lo = 0; *hi = 3; return 1;
  case KILN_QDT_I2: *lo = -2; *hi = 1; return 1;
  default: *lo = *hi = 0; return 0;
  }
}

/* Stores v as element i of type dt. Integer types take an integral v
 * already clipped to their range; float types round to nearest even
 * (float8 types saturate to their largest finite value when `saturate`). */
static inline void kiln_q_store(int dt, void *p, int64_t i, double v, int saturate) {
  uint8_t *b = (uint8_t *)p;
  switch (dt) {
  case KILN_QDT_F8E4M3FN: b[i] = kiln_f32_to_f8e4m3fn__c((float)v, saturate); break;
  case KILN_QDT_F8E4M3FNUZ: b[i] = kiln_f32_to_f8e4m3fnuz__c((float)v, saturate); break;
  case KILN_QDT_F8E5M2: b[i] = kiln_f32_to_f8e5m2__c((float)v, saturate); break;
  case KILN_QDT_F8E5M2FNUZ: b[i] = kiln_f32_to_f8e5m2fnuz__c((float)v, saturate); break;
  case KILN_QDT_F4E2M1: b[i] = kiln_f32_to_f4e2m1__c((float)v, saturate); break;
  case KILN_QDT_F32: ((float *)p)[i] = (float)v; break;
  case KILN_QDT_F64: ((double *)p)[i] = v; break;
  case KILN_QDT_F16: ((uint16_t *)p)[i] = kiln_float_to_half((float)v); break;
  case KILN_QDT_BF16: ((uint16_t *)p)[i] = kiln_float_to_bf16((float)v); break;
  case KILN_QDT_I32: ((int32_t *)p)[i] = (int32_t)v; break;
  case KILN_QDT_U16: ((uint16_t *)p)[i] = (uint16_t)v; break;
  case KILN_QDT_I16: ((int16_t *)p)[i] = (int16_t)v; break;
  case KILN_QDT_U8: case KILN_QDT_U4: case KILN_QDT_U2: ((uint8_t *)p)[i] = (uint8_t)v; break;
  case KILN_QDT_I8: case KILN_QDT_I4: case KILN_QDT_I2: ((int8_t *)p)[i] = (int8_t)v; break;
  default: break;
  }
}

/* Quantises q (already divided by the scale): integers clip(rint(q) + z),
 * NaN -> z; float types q + z. */
static inline double kiln_q_quantize(int y_dt, double q, double z) {
  double lo, hi;
  if (!kiln_q_int_range(y_dt, &lo, &hi)) return q + z;
  q = q != q ? z : rint(q) + z;
  return q < lo ? lo : (q > hi ? hi : q);
}

/* Index of the scale / zero point of x's element (o, a, i). */
static inline int64_t kiln_q_sidx(const kiln_quant_params *p, int64_t o, int64_t a, int64_t i) {
  switch (p->mode) {
  case KILN_QUANT_AXIS: return a;
  case KILN_QUANT_BLOCK: return (o * p->s_axis_n + a / p->block) * p->inner + i;
  default: return 0;
  }
}
//@end

//@kernel kiln_quantize_linear__c needs kiln_quant_elem
KILN_KERNEL void kiln_quantize_linear__c(const kiln_quant_params *p, const void *x,
                                         const void *scale, const void *zp, void *y) {
  int64_t o, a, i, idx = 0;
  for (o = 0; o < p->outer; o++)
    for (a = 0; a < p->axis_n; a++)
      for (i = 0; i < p->inner; i++, idx++) {
        const int64_t s = kiln_q_sidx(p, o, a, i);
        const double xv = kiln_q_round(p->div_dt, kiln_q_load(p->x_dt, x, idx));
        const double sv = kiln_q_round(p->div_dt, kiln_q_load(p->s_dt, scale, s));
        const double q = kiln_q_round(p->div_dt, xv / sv);
        const double z = zp ? kiln_q_load(p->zp_dt, zp, s) : 0.0;
        kiln_q_store(p->y_dt, y, idx, kiln_q_quantize(p->y_dt, q, z), p->saturate);
      }
}
//@end

//@kernel kiln_dequantize_linear__c needs kiln_quant_elem
/* The zero point applies to integer x only (float8 / float4 zero points
 * are zero by the spec). */
KILN_KERNEL void kiln_dequantize_linear__c(const kiln_quant_params *p, const void *x,
                                           const void *scale, const void *zp, void *y) {
  double lo, hi;
  const int int_x = kiln_q_int_range(p->x_dt, &lo, &hi);
  int64_t o, a, i, idx = 0;
  for (o = 0; o < p->outer; o++)
    for (a = 0; a < p->axis_n; a++)
      for (i = 0; i < p->inner; i++, idx++) {
        const int64_t s = kiln_q_sidx(p, o, a, i);
        const float xv = (float)kiln_q_load(p->x_dt, x, idx);
        const float sv = (float)kiln_q_load(p->s_dt, scale, s);
        double v;
        if (zp && int_x) {
          const double d = (double)xv - kiln_q_load(p->zp_dt, zp, s);
          /* int32 - int32 zero point promotes to float64 */
          v = p->x_dt == KILN_QDT_I32 ? d * (double)sv : (double)((float)d * sv);
        } else {
          v = (double)(xv * sv);
        }
        kiln_q_store(p->y_dt, y, idx, v, 0);
      }
}
//@end

//@kernel kiln_f32_dynamic_quantize_linear__c
/* uint8 quantisation over the range [min(x, 0), max(x, 0)], in float32:
 * scale = (max - min) / 255 (1 / 255 when max == min), zero point =
 * rint(clip(-min / scale, 0, 255)), y = clip(rint(x / scale) + zp, 0, 255),
 * rint rounding half to even. NaNs are skipped by the min/max. */
KILN_KERNEL void kiln_f32_dynamic_quantize_linear__c(int64_t n, const float *x, uint8_t *y,
                                                     float *scale, uint8_t *zp) {
  float mx = 0.0f, mn = 0.0f, s, z, q;
  int64_t i;
  for (i = 0; i < n; i++) {
    if (x[i] > mx) mx = x[i];
    if (x[i] < mn) mn = x[i];
  }
  s = (mx == mn ? 1.0f : mx - mn) / 255.0f;
  z = 0.0f - mn / s;
  z = z < 0.0f ? 0.0f : (z > 255.0f ? 255.0f : z);
  z = rintf(z);
  for (i = 0; i < n; i++) {
    q = rintf(x[i] / s) + z;
    y[i] = (uint8_t)(q != q ? z : (q < 0.0f ? 0.0f : (q > 255.0f ? 255.0f : q)));
  }
  *scale = s;
  *zp = (uint8_t)z;
}
//@end

//@kernel kiln_qconv__c needs kiln_quant_elem
KILN_KERNEL void kiln_qconv__c(const kiln_qconv_params *p, const void *x, const void *x_zp,
                               const void *w, const void *w_zp, const int32_t *bias,
                               const void *x_scale, const void *w_scale, const void *y_scale,
                               const void *y_zp, void *y) {
  const int64_t cig = p->c_in / p->group, cog = p->c_out / p->group;
  const int64_t isz = p->in[0] * p->in[1] * p->in[2];
  const int64_t ksz = p->k[0] * p->k[1] * p->k[2];
  const int32_t xz = x_zp ? (int32_t)kiln_q_load(p->x_dt, x_zp, 0) : 0;
  double lo, hi, yz = 0.0, xs = 0.0, ys = 1.0;
  int64_t b, m, c, o0, o1, o2, k0, k1, k2, yi = 0;
  kiln_q_int_range(p->y_dt, &lo, &hi);
  if (p->requant) {
    xs = kiln_q_load(p->s_dt, x_scale, 0);
    ys = kiln_q_load(p->s_dt, y_scale, 0);
    yz = y_zp ? kiln_q_load(p->y_dt, y_zp, 0) : 0.0;
  }
  for (b = 0; b < p->n; b++)
    for (m = 0; m < p->c_out; m++) {
      const int64_t g = m / cog;
      const int32_t wz = w_zp ? (int32_t)kiln_q_load(p->w_dt, w_zp, p->w_zp_n == p->c_out ? m : 0) : 0;
      double mult = 0.0;
      if (p->requant) {
        const double ws = kiln_q_load(p->s_dt, w_scale, p->w_scale_n == p->c_out ? m : 0);
        mult = kiln_q_round(p->s_dt, kiln_q_round(p->s_dt, xs * ws) / ys);
      }
      for (o0 = 0; o0 < p->out[0]; o0++)
        for (o1 = 0; o1 < p->out[1]; o1++)
          for (o2 = 0; o2 < p->out[2]; o2++, yi++) {
            int32_t acc = bias ? bias[m] : 0;
            for (c = 0; c < cig; c++) {
              const int64_t xb = (b * p->c_in + g * cig + c) * isz;
              const int64_t wb = (m * cig + c) * ksz;
              for (k0 = 0; k0 < p->k[0]; k0++) {
                const int64_t i0 = o0 * p->stride[0] - p->pad[0] + k0 * p->dil[0];
                if (i0 < 0 || i0 >= p->in[0]) continue;
                for (k1 = 0; k1 < p->k[1]; k1++) {
                  const int64_t i1 = o1 * p->stride[1] - p->pad[1] + k1 * p->dil[1];
                  if (i1 < 0 || i1 >= p->in[1]) continue;
                  for (k2 = 0; k2 < p->k[2]; k2++) {
                    const int64_t i2 = o2 * p->stride[2] - p->pad[2] + k2 * p->dil[2];
                    int32_t xv, wv;
                    if (i2 < 0 || i2 >= p->in[2]) continue;
                    xv = (int32_t)kiln_q_load(p->x_dt, x, xb + (i0 * p->in[1] + i1) * p->in[2] + i2);
                    wv = (int32_t)kiln_q_load(p->w_dt, w, wb + (k0 * p->k[1] + k1) * p->k[2] + k2);
                    acc = (int32_t)((uint32_t)acc + (uint32_t)((xv - xz) * (wv - wz)));
                  }
                }
              }
            }
            if (p->requant) {
              double r = rint((double)acc * mult + yz);
              r = r < lo ? lo : (r > hi ? hi : r);
              kiln_q_store(p->y_dt, y, yi, r, 1);
            } else {
              ((int32_t *)y)[yi] = acc;
            }
          }
    }
}
//@end

//@kernel kiln_qmatmul__c needs kiln_quant_elem
KILN_KERNEL void kiln_qmatmul__c(const kiln_qmatmul_params *p, const void *a, const void *a_zp,
                                 const void *b, const void *b_zp, const void *a_scale,
                                 const void *b_scale, const void *y_scale, const void *y_zp,
                                 void *y) {
  int64_t idx[KILN_MAX_RANK], nb = 1, t, i, j, k, yi = 0;
  double lo, hi, mult = 0.0, yz = 0.0;
  int d;
  kiln_q_int_range(p->y_dt, &lo, &hi);
  if (p->requant) {
    const double as = kiln_q_load(p->s_dt, a_scale, 0), bs = kiln_q_load(p->s_dt, b_scale, 0);
    mult = kiln_q_round(p->s_dt, kiln_q_round(p->s_dt, as * bs) / kiln_q_load(p->s_dt, y_scale, 0));
    yz = y_zp ? kiln_q_load(p->y_dt, y_zp, 0) : 0.0;
  }
  for (d = 0; d < p->rank; d++) {
    idx[d] = 0;
    nb *= p->bd[d];
  }
  for (t = 0; t < nb; t++) {
    int64_t ao = 0, bo = 0;
    for (d = 0; d < p->rank; d++) {
      ao += idx[d] * p->as_[d];
      bo += idx[d] * p->bs[d];
    }
    for (i = 0; i < p->m; i++) {
      const int32_t az = a_zp ? (int32_t)kiln_q_load(p->a_dt, a_zp, p->a_zp_n == p->m ? i : 0) : 0;
      for (j = 0; j < p->n; j++, yi++) {
        const int32_t bz = b_zp ? (int32_t)kiln_q_load(p->b_dt, b_zp, p->b_zp_n == p->n ? j : 0) : 0;
        int32_t acc = 0;
        for (k = 0; k < p->k; k++) {
          const int32_t av = (int32_t)kiln_q_load(p->a_dt, a, ao + i * p->k + k);
          const int32_t bv = (int32_t)kiln_q_load(p->b_dt, b, bo + k * p->n + j);
          acc = (int32_t)((uint32_t)acc + (uint32_t)((av - az) * (bv - bz)));
        }
        if (p->requant) {
          double r = rint((double)acc * mult + yz);
          r = r < lo ? lo : (r > hi ? hi : r);
          kiln_q_store(p->y_dt, y, yi, r, 1);
        } else {
          ((int32_t *)y)[yi] = acc;
        }
      }
    }
    for (d = p->rank - 1; d >= 0; d--) {
      if (++idx[d] < p->bd[d]) break;
      idx[d] = 0;
    }
  }
}
//@end
