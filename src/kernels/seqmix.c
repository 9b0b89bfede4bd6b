/* seqmix.c - LinearAttention, CausalConvWithState and SwiGLU kernels
 * (portable C). Values are loaded from float / float16 / bfloat16 storage
 * with kiln_attn_ld__c, computed in float and rounded once when stored,
 * except where a step of the ONNX definition rounds to the storage type
 * itself (CausalConvWithState rounds the convolution before its SiLU).
 */
#include "kiln_kernels.h"
#include "attention.h"
#include "seqmix.h"

//@kernel kiln_linear_attention__c needs kiln_linattn_params kiln_attention_params kiln_attn_ld__c
/* One (batch, kv head) state at a time, token after token: the recurrence
 * is sequential in t, and the state (dk x dv floats) stays hot in cache. */
KILN_KERNEL void kiln_linear_attention__c(const kiln_linattn_params *p, const void *q,
                                          const void *k, const void *v, const void *past,
                                          const void *decay, const void *beta, void *y,
                                          void *present, float *state) {
  const int64_t tl = p->len, hq = p->q_heads, hk = p->kv_heads, dk = p->dk, dv = p->dv;
  const int64_t rep = hq / hk, ns = dk * dv;
  const int et = p->et;
  float kb[KILN_ATTN_MAXD], qb[KILN_ATTN_MAXD], vb[KILN_ATTN_MAXD], ob[KILN_ATTN_MAXD];
  if (dk > KILN_ATTN_MAXD || dv > KILN_ATTN_MAXD) return; /* refused by the compiler */
  for (int64_t b = 0; b < p->batch; b++)
    for (int64_t g = 0; g < hk; g++) {
      float *s = state + (b * hk + g) * ns;
      for (int64_t i = 0; i < ns; i++)
        s[i] = past ? kiln_attn_ld__c(past, (b * hk + g) * ns + i, p->st_et) : 0.0f;
      for (int64_t t = 0; t < tl; t++) {
        const int64_t row = b * tl + t;
        const float *kr = kiln_attn_row__c(k, (row * hk + g) * dk, dk, et, kb);
        for (int64_t m = 0; m < dv; m++) vb[m] = kiln_attn_ld__c(v, (row * hk + g) * dv + m, et);
        if (p->gated) {
          float f = p->decay_per_key ? 0.0f : expf(kiln_attn_ld__c(decay, row * hk + g, et));
          for (int64_t d = 0; d < dk; d++) {
            float *sr = s + d * dv;
            if (p->decay_per_key) f = expf(kiln_attn_ld__c(decay, (row * hk + g) * dk + d, et));
            for (int64_t m = 0; m < dv; m++) sr[m] *= f;
          }
        }
        if (p->delta) { /* v' = beta * (v - S^tl k) */
          const float bt =
              kiln_attn_ld__c(beta, row * p->beta_heads + (p->beta_heads == 1 ? 0 : g), et);
          for (int64_t m = 0; m < dv; m++) ob[m] = 0.0f;
          for (int64_t d = 0; d < dk; d++) {
            const float kd = kr[d], *sr = s + d * dv;
            for (int64_t m = 0; m < dv; m++) ob[m] += sr[m] * kd;
          }
          for (int64_t m = 0; m < dv; m++) vb[m] = bt * (vb[m] - ob[m]);
        }
        for (int64_t d = 0; d < dk; d++) { /* S += k (x) v' */
          const float kd = kr[d];
          float *sr = s + d * dv;
          for (int64_t m = 0; m < dv; m++) sr[m] += kd * vb[m];
        }
        for (int64_t h = g * rep; h < (g + 1) * rep; h++) { /* y = scale * q^tl S */
          const float *qr = kiln_attn_row__c(q, (row * hq + h) * dk, dk, et, qb);
          for (int64_t m = 0; m < dv; m++) ob[m] = 0.0f;
          for (int64_t d = 0; d < dk; d++) {
            const float qd = qr[d], *sr = s + d * dv;
            for (int64_t m = 0; m < dv; m++) ob[m] += qd * sr[m];
          }
          for (int64_t m = 0; m < dv; m++)
            kiln_attn_st__c(y, (row * hq + h) * dv + m, et, p->scale * ob[m]);
        }
      }
      if (present)
        for (int64_t i = 0; i < ns; i++)
          kiln_attn_st__c(present, (b * hk + g) * ns + i, p->st_et, s[i]);
    }
}
//@end

//@kernel kiln_causal_conv__c needs kiln_causal_conv_params kiln_attn_ld__c
/* Position j of the padded sequence is past[j] (or 0) for j < k - 1, else
 * x[j - (k - 1)]; y[t] = bias + sum_i w[i] * padded[t + i]. y must not
 * overlap x. */
KILN_KERNEL void kiln_causal_conv__c(const kiln_causal_conv_params *p, const void *x,
                                     const void *w, const void *bias, const void *past, void *y,
                                     void *present) {
  const int64_t kw = p->k, np = p->k - 1, len = p->len;
  const int et = p->et;
  for (int64_t b = 0; b < p->batch; b++)
    for (int64_t c = 0; c < p->ch; c++) {
      const int64_t xo = (b * p->ch + c) * len, po = (b * p->ch + c) * np;
      const float bv = bias ? kiln_attn_ld__c(bias, c, et) : 0.0f;
      for (int64_t t = 0; t < len; t++) {
        float acc = 0.0f;
        for (int64_t i = 0; i < kw; i++) {
          const int64_t j = t + i;
          const float xv = j >= np ? kiln_attn_ld__c(x, xo + j - np, et)
                                  : past ? kiln_attn_ld__c(past, po + j, et) : 0.0f;
          acc += kiln_attn_ld__c(w, c * kw + i, et) * xv;
        }
        acc += bv;
        if (p->act) {
          if (et) { /* the definition rounds the convolution before the SiLU */
            uint16_t r;
            kiln_attn_st__c(&r, 0, et, acc);
            acc = kiln_attn_ld__c(&r, 0, et);
          }
          acc = acc * (1.0f / (1.0f + expf(-acc)));
        }
        kiln_attn_st__c(y, xo + t, et, acc);
      }
      if (present)
        for (int64_t j = 0; j < np; j++) { /* padded positions len .. len + k - 2 */
          const int64_t pj = len + j;
          const float v = pj >= np ? kiln_attn_ld__c(x, xo + pj - np, et)
                                  : past ? kiln_attn_ld__c(past, po + pj, et) : 0.0f;
          kiln_attn_st__c(present, po + j, et, v); /* exact: same storage type */
        }
    }
}
//@end

//@kernel kiln_swiglu__c needs kiln_attn_ld__c
KILN_KERNEL void kiln_swiglu__c(int64_t n, int et, float alpha, const void *a, const void *b,
                                void *y) {
  for (int64_t i = 0; i < n; i++) {
    const float av = kiln_attn_ld__c(a, i, et), bv = kiln_attn_ld__c(b, i, et);
    kiln_attn_st__c(y, i, et, av * (1.0f / (1.0f + expf(-alpha * av))) * bv);
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_seqmix_fn_)(void);
extern const kiln_seqmix_fn_ kiln_seqmix_used_[];
const kiln_seqmix_fn_ kiln_seqmix_used_[] = {(kiln_seqmix_fn_)kiln_linear_attention__c,
                                             (kiln_seqmix_fn_)kiln_causal_conv__c,
                                             (kiln_seqmix_fn_)kiln_swiglu__c};
#endif
