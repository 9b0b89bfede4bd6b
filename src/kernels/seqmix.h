/* seqmix.h - kernels of the recurrent sequence mixers of ONNX opsets 27/28:
 * LinearAttention, CausalConvWithState, SwiGLU. Storage types are given as
 * `et` codes of kiln_attn_ld__c (0 float, 1 float16 bits, 2 bfloat16 bits);
 * arithmetic is float. */
#ifndef KILN_KERNELS_SEQMIX_H
#define KILN_KERNELS_SEQMIX_H

#include "kiln_kernels.h"
#include "attention.h"

//@kernel kiln_linattn_params
/* LinearAttention over Q [batch][len][q_heads * dk], K [batch][len][kv_heads
 * * dk], V [batch][len][kv_heads * dv] with a state S [batch][kv_heads][dk]
 * [dv] (from past, else zeros). Per token t and kv head g:
 *   gated:  S *= exp(decay) (decay [batch][len][kv_heads] per head, or
 *           [batch][len][kv_heads * dk] per key row when decay_per_key);
 *   delta:  v' = beta * (v - S^T k) (beta [batch][len][beta_heads], 1 or
 *           kv_heads), else v' = v;
 *   S += k (x) v';
 *   y[h] = scale * q[h]^T S for the q_heads / kv_heads query heads of g.
 * Y is [batch][len][q_heads * dv]; present (if not NULL) gets the final S.
 * dk, dv <= KILN_ATTN_MAXD. */
typedef struct kiln_linattn_params {
  int64_t batch, len, q_heads, kv_heads, dk, dv, beta_heads;
  int gated, delta, decay_per_key;
  int et;       /* storage of Q, K, V, decay, beta, Y */
  int st_et;    /* storage of past and present */
  float scale;
} kiln_linattn_params;
//@end

//@kernel kiln_causal_conv_params
/* CausalConvWithState: depthwise causal conv1d of X [batch][ch][len] with W
 * [ch][1][k] over the sequence past (or zeros) [batch][ch][k - 1] followed by
 * X; optional bias [ch]; act 1 = SiLU applied to the conv result rounded to
 * the storage type. present [batch][ch][k - 1] = the last k - 1 positions of
 * that sequence. */
typedef struct kiln_causal_conv_params {
  int64_t batch, ch, len, k;
  int act, et;
} kiln_causal_conv_params;
//@end

#ifdef KILN_HOST
/* Kernel prototypes, for the compiler only. */
/* state: float scratch of batch * kv_heads * dk * dv. past, decay, beta,
 * present may be NULL as the params say. */
KILN_KERNEL void kiln_linear_attention__c(const kiln_linattn_params *p, const void *q,
                                          const void *k, const void *v, const void *past,
                                          const void *decay, const void *beta, void *y,
                                          void *present, float *state);
/* bias, past and present may be NULL. */
KILN_KERNEL void kiln_causal_conv__c(const kiln_causal_conv_params *p, const void *x,
                                     const void *w, const void *bias, const void *past, void *y,
                                     void *present);
/* y = a * sigmoid(alpha * a) * b over n elements of storage et; y may be a or b. */
KILN_KERNEL void kiln_swiglu__c(int64_t n, int et, float alpha, const void *a, const void *b,
                                void *y);
#endif

#endif
