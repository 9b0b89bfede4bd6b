/* softmax.c - Softmax and LogSoftmax (f32, portable C).
 *
 * Numerically stable: the maximum along the normalised axis is subtracted
 * before exponentiating, so exp never overflows and the largest term is 1.
 * Sums are accumulated in float. When the axis is not innermost
 * (inner > 1), blocks of up to 64 inner positions are processed together
 * with their running max/sum in small stack arrays, so every pass streams
 * contiguous memory. Every element is read before it is written at the same
 * index, so x may be y.
 */
#include "kiln_kernels.h"
#include "softmax.h"

//@kernel kiln_f32_rowmax__c
/* max of x[0..n), n >= 1, in 8 lanes. */
static inline float kiln_f32_rowmax__c(int64_t n, const float *KILN_RESTRICT x) {
  float m[8];
  int64_t i = 0;
  for (int l = 0; l < 8; l++) m[l] = x[0];
  for (i = 0; i < n - n % 8; i += 8)
    for (int l = 0; l < 8; l++) m[l] = x[i + l] > m[l] ? x[i + l] : m[l];
  float t = m[0];
  for (int l = 1; l < 8; l++) t = m[l] > t ? m[l] : t;
  for (i = n - n % 8; i < n; i++) t = x[i] > t ? x[i] : t;
  return t;
}
//@end

//@kernel kiln_f32_softmax_impl__c needs kiln_softmax_params kiln_f32_rowmax__c
/* Shared body; log selects LogSoftmax. */
static inline void kiln_f32_softmax_impl__c(const kiln_softmax_params *p, const float *x,
                                            float *y, int log) {
  const int64_t N = p->n, I = p->inner;
  if (N <= 0 || I <= 0) return;
  for (int64_t o = 0; o < p->outer; o++) {
    const float *xo = x + o * N * I;
    float *yo = y + o * N * I;
    if (I == 1) {
      const float m = kiln_f32_rowmax__c(N, xo);
      float s = 0.0f;
      if (log) {
        for (int64_t j = 0; j < N; j++) s += expf(xo[j] - m);
        const float ls = logf(s);
        for (int64_t j = 0; j < N; j++) yo[j] = (xo[j] - m) - ls;
      } else {
        for (int64_t j = 0; j < N; j++) {
          const float e = expf(xo[j] - m);
          yo[j] = e;
          s += e;
        }
        const float inv = 1.0f / s;
        for (int64_t j = 0; j < N; j++) yo[j] *= inv;
      }
      continue;
    }
    for (int64_t i0 = 0; i0 < I; i0 += 64) {
      const int64_t bl = I - i0 < 64 ? I - i0 : 64;
      float mx[64], sm[64];
      for (int64_t l = 0; l < bl; l++) {
        mx[l] = xo[i0 + l];
        sm[l] = 0.0f;
      }
      for (int64_t j = 1; j < N; j++) {
        const float *xr = xo + j * I + i0;
        for (int64_t l = 0; l < bl; l++) mx[l] = xr[l] > mx[l] ? xr[l] : mx[l];
      }
      for (int64_t j = 0; j < N; j++) {
        const float *xr = xo + j * I + i0;
        float *yr = yo + j * I + i0;
        if (log) {
          for (int64_t l = 0; l < bl; l++) sm[l] += expf(xr[l] - mx[l]);
        } else {
          for (int64_t l = 0; l < bl; l++) {
            const float e = expf(xr[l] - mx[l]);
            yr[l] = e;
            sm[l] += e;
          }
        }
      }
      if (log) {
        for (int64_t l = 0; l < bl; l++) sm[l] = logf(sm[l]);
        for (int64_t j = 0; j < N; j++) {
          const float *xr = xo + j * I + i0;
          float *yr = yo + j * I + i0;
          for (int64_t l = 0; l < bl; l++) yr[l] = (xr[l] - mx[l]) - sm[l];
        }
      } else {
        for (int64_t l = 0; l < bl; l++) sm[l] = 1.0f / sm[l];
        for (int64_t j = 0; j < N; j++) {
          float *yr = yo + j * I + i0;
          for (int64_t l = 0; l < bl; l++) yr[l] *= sm[l];
        }
      }
    }
  }
}
//@end

//@kernel kiln_f32_softmax__c needs kiln_f32_softmax_impl__c
/* y = exp(x - max) / sum(exp(x - max)) along n; x may be y. */
KILN_KERNEL void kiln_f32_softmax__c(const kiln_softmax_params *p, const float *x, float *y) {
  kiln_f32_softmax_impl__c(p, x, y, 0);
}
//@end

//@kernel kiln_f32_logsoftmax__c needs kiln_f32_softmax_impl__c
/* y = (x - max) - log(sum(exp(x - max))) along n; x may be y. */
KILN_KERNEL void kiln_f32_logsoftmax__c(const kiln_softmax_params *p, const float *x, float *y) {
  kiln_f32_softmax_impl__c(p, x, y, 1);
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_softmax_fn_)(void);
extern const kiln_softmax_fn_ kiln_softmax_used_[];
const kiln_softmax_fn_ kiln_softmax_used_[] = {(kiln_softmax_fn_)kiln_f32_softmax__c,
                                               (kiln_softmax_fn_)kiln_f32_logsoftmax__c};
#endif
