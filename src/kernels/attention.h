/* attention.h - f32 kernels for ONNX Attention (opsets 23-25) and
 * RotaryEmbedding (opset 23). */
#ifndef KILN_KERNELS_ATTENTION_H
#define KILN_KERNELS_ATTENTION_H

#include "kiln_kernels.h"

//@kernel kiln_attention_params
/* Scaled dot-product attention over Q [batch][q_heads][q_len][dk],
 * K [batch][kv_heads][kv_len][dk], V [batch][kv_heads][kv_len][dv] (the
 * new tokens) preceded by an optional cache past_k/past_v
 * [batch][kv_heads][past_len][dk|dv] (dense). Q, K, V and Y are addressed
 * with element strides (batch, head, seq) and a contiguous last dim, so
 * ONNX's 3-D layout [batch][seq][heads * d] needs no transpose. Query head
 * h reads kv head h / (q_heads / kv_heads) (GQA).
 * Additive bias per (b, h, i, j), j < total = past_len + kv_len:
 *   mask: bool (false = -inf) or float value, at m_s strides (0 broadcasts);
 *         positions j >= mask_len are -inf;
 *   causal: -inf where j > i + offset;
 *   window: -inf where (i + offset) - j > left (left >= 0) or
 *           j - (i + offset) > right (right >= 0);
 *   nonpad: -inf where j >= nonpad[b].
 * offset = past_len, or nonpad[b] - q_len when nonpad lengths are given.
 * Scores = scale * q.k, then softcap * tanh(s / softcap) if softcap > 0,
 * then + bias, softmax over j; a row whose bias is -inf everywhere gives
 * zeros. qk (optional, [batch][q_heads][q_len][total]) receives mode 0:
 * scaled scores, 1: after softcap, 2: plus bias, 3: the probabilities. */
typedef struct kiln_attention_params {
  int64_t batch, q_heads, kv_heads, q_len, kv_len, past_len, dk, dv;
  int64_t q_s[3], k_s[3], v_s[3], y_s[3];
  float scale, softcap;
  int causal;
  int64_t left, right;
  int mask_kind; /* 0 none, 1 bool (unsigned char), 2 float */
  int64_t mask_len;
  int64_t m_s[4];
  int qk_mode;
} kiln_attention_params;
/* Largest head size (dk, dv) of the float16/bfloat16 kernels, whose rows
 * are converted into float stack buffers. */
#define KILN_ATTN_MAXD 512
//@end

//@kernel kiln_rotary_params
/* RotaryEmbedding on X [batch][seq][heads][head] addressed with element
 * strides x_s (batch, seq, head index) and a contiguous last dim; Y has the
 * same layout. The first rot dims rotate (halves, or even/odd pairs when
 * interleaved), the rest are copied. cos/sin rows of rot/2 values: row
 * pos[b * seq + s] (clamped to [0, max_pos)) when positions are given, else
 * row b * seq + s. */
typedef struct kiln_rotary_params {
  int64_t batch, seq, heads, head, rot;
  int64_t x_s[3];
  int interleaved;
  int64_t max_pos;
} kiln_rotary_params;
//@end

//@kernel kiln_attn_ld__c
/* Element access for the storage types of the attention kernels:
 * et 0 = float, 1 = float16 bits, 2 = bfloat16 bits. Conversions to float
 * are exact; to 16 bits round to nearest even (NaN stays NaN, overflow
 * gives inf). */
static inline float kiln_attn_ld__c(const void *b, int64_t i, int et) {
  uint16_t h;
  uint32_t u;
  float f;
  if (et == 0) return ((const float *)b)[i];
  h = ((const uint16_t *)b)[i];
  if (et == 2) {
    u = (uint32_t)h << 16;
  } else {
    const uint32_t sign = (uint32_t)(h & 0x8000u) << 16, e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
    if (e == 0) {
      f = (float)m * 5.9604644775390625e-8f; /* m * 2^-24 */
      return sign ? -f : f;
    }
    u = sign | (e == 31 ? 0x7f800000u : (e + 112u) << 23) | (m << 13);
  }
  memcpy(&f, &u, sizeof f);
  return f;
}

static inline void kiln_attn_st__c(void *b, int64_t i, int et, float v) {
  uint32_t x, ax, sign;
  uint16_t h;
  if (et == 0) {
    ((float *)b)[i] = v;
    return;
  }
  memcpy(&x, &v, sizeof x);
  sign = (x >> 16) & 0x8000u;
  ax = x & 0x7fffffffu;
  if (et == 2) {
    if (ax > 0x7f800000u) h = (uint16_t)((x >> 16) | 0x40u);
    else h = (uint16_t)((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
  } else if (ax > 0x7f800000u) {
    h = (uint16_t)(sign | 0x7e00u);
  } else if (ax >= 0x477ff000u) { /* >= 65520 rounds to inf */
    h = (uint16_t)(sign | 0x7c00u);
  } else if (ax < 0x38800000u) { /* below 2^-14: subnormal, in units of 2^-24 */
    h = (uint16_t)(sign | (uint32_t)nearbyintf(fabsf(v) * 16777216.0f));
  } else {
    ax -= 0x38000000u; /* rebias the exponent 127 -> 15 */
    h = (uint16_t)(sign | ((ax + 0xfffu + ((ax >> 13) & 1u)) >> 13));
  }
  ((uint16_t *)b)[i] = h;
}

/* Row of n elements at element offset off as floats: a pointer into b for
 * float storage, else converted into buf. */
static inline const float *kiln_attn_row__c(const void *b, int64_t off, int64_t n, int et,
                                            float *buf) {
  if (et == 0) return (const float *)b + off;
  for (int64_t i = 0; i < n; i++) buf[i] = kiln_attn_ld__c(b, off + i, et);
  return buf;
}
//@end

#ifdef KILN_HOST
/* Kernel prototypes, for the compiler only. */
KILN_KERNEL void kiln_f32_attention__c(const kiln_attention_params *p, const float *q,
                                       const float *k, const float *v, const void *mask,
                                       const float *past_k, const float *past_v,
                                       const int64_t *nonpad, float *y, float *present_k,
                                       float *present_v, float *qk);
/* The same over float16 / bfloat16 storage (uint16_t bits; the mask, when
 * float, has that type too), computed in float; dk, dv <= KILN_ATTN_MAXD. */
KILN_KERNEL void kiln_f16_attention__c(const kiln_attention_params *p, const void *q,
                                       const void *k, const void *v, const void *mask,
                                       const void *past_k, const void *past_v,
                                       const int64_t *nonpad, void *y, void *present_k,
                                       void *present_v, void *qk);
KILN_KERNEL void kiln_bf16_attention__c(const kiln_attention_params *p, const void *q,
                                        const void *k, const void *v, const void *mask,
                                        const void *past_k, const void *past_v,
                                        const int64_t *nonpad, void *y, void *present_k,
                                        void *present_v, void *qk);
/* x may be y. pos may be NULL. */
KILN_KERNEL void kiln_f32_rotary__c(const kiln_rotary_params *p, const float *x,
                                    const float *cos_c, const float *sin_c, const int64_t *pos,
                                    float *y);
#endif

#endif
