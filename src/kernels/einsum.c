/* einsum.c - Einsum as one loop nest over the labels, portable C.
 *
 * The compiler resolves the equation into sizes and per-operand strides
 * for every label (kiln_einsum_params). The kernel walks the output labels
 * in row-major order and, for each output element, the summed labels with
 * an odometer, updating every operand's offset incrementally; products are
 * accumulated in double.
 */
#include "kiln_kernels.h"
#include "einsum.h"

//@kernel kiln_einsum_body__c needs kiln_einsum_params
/* The loop nest for every dtype: mode 0 float, 1 double, 2 bfloat16 (raw
 * uint16 bits, rounded to nearest even on store). Called with a constant
 * mode, so the compiler specialises it. */
static inline double kiln_einsum_load__c(const void *x, int64_t i, int mode) {
  if (mode == 0) return (double)((const float *)x)[i];
  if (mode == 1) return ((const double *)x)[i];
  {
    uint32_t u = (uint32_t)((const uint16_t *)x)[i] << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return (double)f;
  }
}
static inline void kiln_einsum_body__c(const kiln_einsum_params *p, const void *const *x, void *y,
                                       int mode) {
  int64_t idx[KILN_EINSUM_MAX_LABELS], off[KILN_EINSUM_MAX_IN], base[KILN_EINSUM_MAX_IN];
  int64_t total = 1, red = 1;
  for (int l = 0; l < p->n_lab; l++) {
    idx[l] = 0;
    if (l < p->n_out) total *= p->size[l];
    else red *= p->size[l];
  }
  for (int i = 0; i < p->n_in; i++) base[i] = 0;
  for (int64_t o = 0; o < total; o++) {
    double acc = 0.0;
    for (int i = 0; i < p->n_in; i++) off[i] = base[i];
    for (int64_t r = 0; r < red; r++) {
      double v = 1.0;
      for (int i = 0; i < p->n_in; i++) v *= kiln_einsum_load__c(x[i], off[i], mode);
      acc += v;
      for (int l = p->n_lab - 1; l >= p->n_out; l--) { /* odometer over summed labels */
        for (int i = 0; i < p->n_in; i++) off[i] += p->stride[i][l];
        if (++idx[l] < p->size[l]) break;
        for (int i = 0; i < p->n_in; i++) off[i] -= p->stride[i][l] * p->size[l];
        idx[l] = 0;
      }
    }
    if (mode == 0) ((float *)y)[o] = (float)acc;
    else if (mode == 1) ((double *)y)[o] = acc;
    else {
      float f = (float)acc;
      uint32_t u;
      memcpy(&u, &f, sizeof u);
      if ((u & 0x7F800000u) == 0x7F800000u && (u & 0x007FFFFFu)) u |= 0x00400000u; /* quiet NaN */
      else u += 0x7FFFu + ((u >> 16) & 1u);
      ((uint16_t *)y)[o] = (uint16_t)(u >> 16);
    }
    for (int l = p->n_out - 1; l >= 0; l--) { /* odometer over output labels */
      for (int i = 0; i < p->n_in; i++) base[i] += p->stride[i][l];
      if (++idx[l] < p->size[l]) break;
      for (int i = 0; i < p->n_in; i++) base[i] -= p->stride[i][l] * p->size[l];
      idx[l] = 0;
    }
  }
}
//@end

//@kernel kiln_f32_einsum__c needs kiln_einsum_body__c
KILN_KERNEL void kiln_f32_einsum__c(const kiln_einsum_params *p, const float *const *x, float *y) {
  kiln_einsum_body__c(p, (const void *const *)x, y, 0);
}
//@end

//@kernel kiln_f64_einsum__c needs kiln_einsum_body__c
KILN_KERNEL void kiln_f64_einsum__c(const kiln_einsum_params *p, const double *const *x, double *y) {
  kiln_einsum_body__c(p, (const void *const *)x, y, 1);
}
//@end

//@kernel kiln_bf16_einsum__c needs kiln_einsum_body__c
/* bfloat16 as raw uint16 bits; accumulates in double. */
KILN_KERNEL void kiln_bf16_einsum__c(const kiln_einsum_params *p, const uint16_t *const *x, uint16_t *y) {
  kiln_einsum_body__c(p, (const void *const *)x, y, 2);
}
//@end
