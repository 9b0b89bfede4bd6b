/* norm.c - normalisation kernels (f32, portable C). Statistics are two-pass
 * (mean, then the mean of squared deviations) and accumulate in double; the
 * normalised values are computed in float. */
#include "kiln_kernels.h"
#include "norm.h"

//@kernel kiln_f32_layernorm__c needs kiln_layernorm_params
KILN_KERNEL void kiln_f32_layernorm__c(const kiln_layernorm_params *p, const float *x,
                                       const float *scale, const float *bias, float *y,
                                       float *mean, float *invstd) {
  const int64_t N = p->n;
  for (int64_t r = 0; r < p->rows; r++) {
    const float *KILN_RESTRICT xr = x + r * N;
    float *KILN_RESTRICT yr = y + r * N;
    double m = 0.0, v = 0.0;
    if (!p->rms) {
      for (int64_t i = 0; i < N; i++) m += xr[i];
      m = N > 0 ? m / (double)N : 0.0;
    }
    for (int64_t i = 0; i < N; i++) {
      const double t = (double)xr[i] - m;
      v += t * t;
    }
    v = N > 0 ? v / (double)N : 0.0;
    const float fm = (float)m, inv = (float)(1.0 / sqrt(v + (double)p->epsilon));
    if (mean) mean[r] = fm;
    if (invstd) invstd[r] = inv;
    if (p->scale_n == N && (p->bias_n == N || p->bias_n == 0)) {
      if (p->bias_n)
        for (int64_t i = 0; i < N; i++) yr[i] = (xr[i] - fm) * inv * scale[i] + bias[i];
      else
        for (int64_t i = 0; i < N; i++) yr[i] = (xr[i] - fm) * inv * scale[i];
    } else {
      for (int64_t i = 0; i < N; i++) {
        float t = (xr[i] - fm) * inv * scale[i % p->scale_n];
        if (p->bias_n) t += bias[i % p->bias_n];
        yr[i] = t;
      }
    }
  }
}
//@end

//@kernel kiln_f32_groupnorm__c needs kiln_groupnorm_params
KILN_KERNEL void kiln_f32_groupnorm__c(const kiln_groupnorm_params *p, const float *x,
                                       const float *scale, const float *bias, float *y) {
  const int64_t cg = p->c / p->groups, S = p->spatial, len = cg * S;
  for (int64_t b = 0; b < p->batch; b++)
    for (int64_t g = 0; g < p->groups; g++) {
      const int64_t off = (b * p->c + g * cg) * S;
      const float *KILN_RESTRICT xg = x + off;
      float *KILN_RESTRICT yg = y + off;
      double m = 0.0, v = 0.0;
      for (int64_t i = 0; i < len; i++) m += xg[i];
      m = len > 0 ? m / (double)len : 0.0;
      for (int64_t i = 0; i < len; i++) {
        const double t = (double)xg[i] - m;
        v += t * t;
      }
      v = len > 0 ? v / (double)len : 0.0;
      const float fm = (float)m, inv = (float)(1.0 / sqrt(v + (double)p->epsilon));
      for (int64_t c = 0; c < cg; c++) {
        const int64_t si = p->per_group ? g : g * cg + c;
        const float a = inv * scale[si], bb = bias[si];
        const float *KILN_RESTRICT xc = xg + c * S;
        float *KILN_RESTRICT yc = yg + c * S;
        for (int64_t i = 0; i < S; i++) yc[i] = (xc[i] - fm) * a + bb;
      }
    }
}
//@end

//@kernel kiln_f32_lrn__c needs kiln_lrn_params
KILN_KERNEL void kiln_f32_lrn__c(const kiln_lrn_params *p, const float *x, float *y) {
  const int64_t C = p->c, S = p->spatial, lo = (p->size - 1) / 2, hi = p->size / 2;
  const float a = p->alpha / (float)p->size;
  for (int64_t b = 0; b < p->batch; b++)
    for (int64_t c = 0; c < C; c++) {
      const int64_t c0 = c - lo < 0 ? 0 : c - lo, c1 = c + hi >= C ? C - 1 : c + hi;
      const float *KILN_RESTRICT xc = x + (b * C + c) * S;
      float *KILN_RESTRICT yc = y + (b * C + c) * S;
      for (int64_t i = 0; i < S; i++) {
        float s = 0.0f;
        for (int64_t k = c0; k <= c1; k++) {
          const float t = x[(b * C + k) * S + i];
          s += t * t;
        }
        yc[i] = xc[i] / powf(p->bias + a * s, p->beta);
      }
    }
}
//@end

//@kernel kiln_f32_lpnorm__c needs kiln_axis_params
KILN_KERNEL void kiln_f32_lpnorm__c(const kiln_axis_params *p, int pn, const float *x, float *y) {
  const int64_t N = p->n, I = p->inner;
  for (int64_t o = 0; o < p->outer; o++)
    for (int64_t i = 0; i < I; i++) {
      const int64_t b = o * N * I + i;
      double s = 0.0;
      for (int64_t j = 0; j < N; j++) {
        const double t = x[b + j * I];
        s += pn == 1 ? fabs(t) : t * t;
      }
      const float nrm = (float)(pn == 1 ? s : sqrt(s));
      for (int64_t j = 0; j < N; j++) y[b + j * I] = nrm == 0.0f ? 0.0f : x[b + j * I] / nrm;
    }
}
//@end

//@kernel kiln_f32_mvn__c needs kiln_red2_params
KILN_KERNEL void kiln_f32_mvn__c(const kiln_red2_params *p, const float *x, float *y) {
  int64_t kidx[KILN_MAX_RANK], ridx[KILN_MAX_RANK], onum = 1, cnt = 1, inner = 1, istr = 0;
  for (int d = 0; d < p->kr; d++) {
    kidx[d] = 0;
    onum *= p->kdims[d];
  }
  for (int d = 0; d < p->rr; d++) cnt *= p->rdims[d];
  if (p->rr > 0) {
    inner = p->rdims[p->rr - 1];
    istr = p->rstr[p->rr - 1];
  }
  const int64_t outer_r = inner > 0 ? cnt / inner : 0;
  int64_t base = 0;
  for (int64_t o = 0; o < onum; o++) {
    double m = 0.0, v = 0.0;
    for (int pass = 0; pass < 3; pass++) {
      int64_t roff = 0;
      for (int d = 0; d < p->rr; d++) ridx[d] = 0;
      const float fm = (float)m, den = (float)(sqrt(v) + 1e-9);
      for (int64_t r = 0; r < outer_r; r++) {
        const int64_t b = base + roff;
        if (pass == 0)
          for (int64_t j = 0; j < inner; j++) m += x[b + j * istr];
        else if (pass == 1)
          for (int64_t j = 0; j < inner; j++) {
            const double t = (double)x[b + j * istr] - m;
            v += t * t;
          }
        else
          for (int64_t j = 0; j < inner; j++) y[b + j * istr] = (x[b + j * istr] - fm) / den;
        for (int d = p->rr - 2; d >= 0; d--) {
          roff += p->rstr[d];
          if (++ridx[d] < p->rdims[d]) break;
          roff -= p->rstr[d] * p->rdims[d];
          ridx[d] = 0;
        }
      }
      if (pass == 0) m = cnt > 0 ? m / (double)cnt : 0.0;
      if (pass == 1) v = cnt > 0 ? v / (double)cnt : 0.0;
    }
    for (int d = p->kr - 1; d >= 0; d--) {
      base += p->kstr[d];
      if (++kidx[d] < p->kdims[d]) break;
      base -= p->kstr[d] * p->kdims[d];
      kidx[d] = 0;
    }
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_norm_fn_)(void);
extern const kiln_norm_fn_ kiln_norm_used_[];
const kiln_norm_fn_ kiln_norm_used_[] = {
    (kiln_norm_fn_)kiln_f32_layernorm__c, (kiln_norm_fn_)kiln_f32_groupnorm__c,
    (kiln_norm_fn_)kiln_f32_lrn__c, (kiln_norm_fn_)kiln_f32_lpnorm__c,
    (kiln_norm_fn_)kiln_f32_mvn__c};
#endif
