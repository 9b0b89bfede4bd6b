/* attention.c - Attention and RotaryEmbedding kernels (portable C).
 *
 * Attention works one query row at a time and needs no scratch memory: the
 * scores of up to 256 keys live in a stack block. When the row has more
 * keys than that, the scores are computed twice (pass 1 finds the row
 * maximum, pass 2 exponentiates and accumulates p * V into the output row),
 * which keeps the softmax exact (max-subtracted, like numpy's). Y's row is
 * normalised by the sum at the end. Masked positions carry a bias of -inf
 * and are added literally, so NaN/inf inputs behave as in the ONNX
 * reference; a row whose bias is -inf everywhere yields zeros.
 * Attention also runs over float16/bfloat16 storage: rows are converted to
 * float on the fly (stack buffers of KILN_ATTN_MAXD), all arithmetic is in
 * float, and every output value is rounded once.
 */
#include "kiln_kernels.h"
#include "gemm.h"
#include "attention.h"

//@kernel kiln_attn_scores__c needs kiln_attention_params kiln_attn_ld__c kiln_f32_dot__c
/* Scores of keys [j0, j1) of query row i (batch b, query head h, kv head g)
 * with their bias into s[0 .. j1 - j0); raises *mx to the largest and sets
 * *unmasked when some bias is not -inf. qk (the row of the optional qk
 * output, element offset qko) receives modes 0..2 when not NULL. */
static inline void kiln_attn_scores__c(const kiln_attention_params *p, int et, int64_t b,
                                       int64_t h, int64_t g, int64_t i, int64_t off,
                                       const float *qrow, const void *k, const void *mask,
                                       const void *past_k, const int64_t *nonpad, int64_t j0,
                                       int64_t j1, float *s, float *kbuf, void *qk, int64_t qko,
                                       int *unmasked, float *mx) {
  const int64_t P = p->past_len, pos = i + off;
  const float ninf = -INFINITY;
  for (int64_t j = j0; j < j1; j++) {
    const float *kr =
        j < P ? kiln_attn_row__c(past_k, ((b * p->kv_heads + g) * P + j) * p->dk, p->dk, et, kbuf)
              : kiln_attn_row__c(k, b * p->k_s[0] + g * p->k_s[1] + (j - P) * p->k_s[2], p->dk,
                                 et, kbuf);
    float v = kiln_f32_dot__c(p->dk, qrow, kr) * p->scale;
    if (qk && p->qk_mode == 0) kiln_attn_st__c(qk, qko + j, et, v);
    if (p->softcap > 0.0f) v = p->softcap * tanhf(v / p->softcap);
    if (qk && p->qk_mode == 1) kiln_attn_st__c(qk, qko + j, et, v);
    float bias = 0.0f;
    if (p->mask_kind) {
      if (j < p->mask_len) {
        const int64_t mo = b * p->m_s[0] + h * p->m_s[1] + i * p->m_s[2] + j * p->m_s[3];
        if (p->mask_kind == 1) bias = ((const unsigned char *)mask)[mo] ? 0.0f : ninf;
        else bias = kiln_attn_ld__c(mask, mo, et);
      } else {
        bias = ninf;
      }
    }
    if (p->causal && j > pos) bias += ninf;
    if (p->left >= 0 && pos - j > p->left) bias += ninf;
    if (p->right >= 0 && j - pos > p->right) bias += ninf;
    if (nonpad && j >= nonpad[b]) bias += ninf;
    if (bias != ninf) *unmasked = 1;
    v += bias;
    if (qk && p->qk_mode == 2) kiln_attn_st__c(qk, qko + j, et, v);
    if (v > *mx) *mx = v;
    s[j - j0] = v;
  }
}
//@end

//@kernel kiln_attention_impl__c needs kiln_attention_params kiln_attn_ld__c kiln_attn_scores__c kiln_f32_axpy__c
/* The attention kernels' body over storage type et (see kiln_attn_ld__c). */
static inline void kiln_attention_impl__c(const kiln_attention_params *p, int et, const void *q,
                                          const void *k, const void *v, const void *mask,
                                          const void *past_k, const void *past_v,
                                          const int64_t *nonpad, void *y, void *present_k,
                                          void *present_v, void *qk) {
  enum { CH = 256 };
  const int64_t P = p->past_len, L = p->kv_len, T = P + L, dk = p->dk, dv = p->dv;
  const int64_t rep = p->q_heads / p->kv_heads;
  const size_t esz = et ? 2 : 4;
  float s[CH], qb[KILN_ATTN_MAXD], kb[KILN_ATTN_MAXD], vb[KILN_ATTN_MAXD], yb[KILN_ATTN_MAXD];
  if (et && (dk > KILN_ATTN_MAXD || dv > KILN_ATTN_MAXD)) return; /* refused by the compiler */
  for (int64_t b = 0; b < p->batch; b++)
    for (int64_t g = 0; g < p->kv_heads; g++) {
      const int64_t bg = b * p->kv_heads + g;
      if (present_k) {
        unsigned char *dst = (unsigned char *)present_k + (size_t)(bg * T * dk) * esz;
        if (P > 0)
          memcpy(dst, (const unsigned char *)past_k + (size_t)(bg * P * dk) * esz,
                 (size_t)(P * dk) * esz);
        for (int64_t j = 0; j < L; j++)
          memcpy(dst + (size_t)((P + j) * dk) * esz,
                 (const unsigned char *)k +
                     (size_t)(b * p->k_s[0] + g * p->k_s[1] + j * p->k_s[2]) * esz,
                 (size_t)dk * esz);
      }
      if (present_v) {
        unsigned char *dst = (unsigned char *)present_v + (size_t)(bg * T * dv) * esz;
        if (P > 0)
          memcpy(dst, (const unsigned char *)past_v + (size_t)(bg * P * dv) * esz,
                 (size_t)(P * dv) * esz);
        for (int64_t j = 0; j < L; j++)
          memcpy(dst + (size_t)((P + j) * dv) * esz,
                 (const unsigned char *)v +
                     (size_t)(b * p->v_s[0] + g * p->v_s[1] + j * p->v_s[2]) * esz,
                 (size_t)dv * esz);
      }
    }
  for (int64_t b = 0; b < p->batch; b++) {
    const int64_t off = nonpad && P == 0 ? nonpad[b] - p->q_len : P;
    for (int64_t h = 0; h < p->q_heads; h++) {
      const int64_t g = h / rep;
      for (int64_t i = 0; i < p->q_len; i++) {
        const float *qrow =
            kiln_attn_row__c(q, b * p->q_s[0] + h * p->q_s[1] + i * p->q_s[2], dk, et, qb);
        const int64_t yo = b * p->y_s[0] + h * p->y_s[1] + i * p->y_s[2];
        float *yrow = et ? yb : (float *)y + yo;
        const int64_t qko = ((b * p->q_heads + h) * p->q_len + i) * T;
        const int mode3 = qk && p->qk_mode == 3;
        int unmasked = 0;
        float mx = -INFINITY, sum = 0.0f, inv;
        for (int64_t c = 0; c < dv; c++) yrow[c] = 0.0f;
        for (int64_t j0 = 0; j0 < T; j0 += CH) {
          const int64_t j1 = T - j0 < CH ? T : j0 + CH;
          kiln_attn_scores__c(p, et, b, h, g, i, off, qrow, k, mask, past_k, nonpad, j0, j1, s,
                              kb, qk, qko, &unmasked, &mx);
        }
        if (!unmasked) { /* no key may be attended: zeros */
          for (int64_t c = 0; c < dv && et; c++) kiln_attn_st__c(y, yo + c, et, 0.0f);
          for (int64_t j = 0; j < T && mode3; j++) kiln_attn_st__c(qk, qko + j, et, 0.0f);
          continue;
        }
        if (mx == -INFINITY) mx = 0.0f;
        for (int64_t j0 = 0; j0 < T; j0 += CH) {
          const int64_t j1 = T - j0 < CH ? T : j0 + CH;
          if (T > CH) {
            int um = 0;
            float m2 = -INFINITY;
            kiln_attn_scores__c(p, et, b, h, g, i, off, qrow, k, mask, past_k, nonpad, j0, j1,
                                s, kb, NULL, 0, &um, &m2);
          }
          for (int64_t j = j0; j < j1; j++) {
            const float e = expf(s[j - j0] - mx);
            const float *vr =
                j < P ? kiln_attn_row__c(past_v, ((b * p->kv_heads + g) * P + j) * dv, dv, et, vb)
                      : kiln_attn_row__c(v, b * p->v_s[0] + g * p->v_s[1] + (j - P) * p->v_s[2],
                                         dv, et, vb);
            sum += e;
            kiln_f32_axpy__c(dv, e, vr, yrow);
          }
        }
        if (sum == 0.0f) sum = 1.0f;
        inv = 1.0f / sum;
        if (et)
          for (int64_t c = 0; c < dv; c++) kiln_attn_st__c(y, yo + c, et, yrow[c] * inv);
        else
          for (int64_t c = 0; c < dv; c++) yrow[c] *= inv;
        if (mode3) /* the probabilities, rounded once */
          for (int64_t j0 = 0; j0 < T; j0 += CH) {
            const int64_t j1 = T - j0 < CH ? T : j0 + CH;
            if (T > CH) {
              int um = 0;
              float m2 = -INFINITY;
              kiln_attn_scores__c(p, et, b, h, g, i, off, qrow, k, mask, past_k, nonpad, j0,
                                  j1, s, kb, NULL, 0, &um, &m2);
            }
            for (int64_t j = j0; j < j1; j++)
              kiln_attn_st__c(qk, qko + j, et, expf(s[j - j0] - mx) * inv);
          }
      }
    }
  }
}
//@end

//@kernel kiln_f32_attention__c needs kiln_attention_impl__c
KILN_KERNEL void kiln_f32_attention__c(const kiln_attention_params *p, const float *q,
                                       const float *k, const float *v, const void *mask,
                                       const float *past_k, const float *past_v,
                                       const int64_t *nonpad, float *y, float *present_k,
                                       float *present_v, float *qk) {
  kiln_attention_impl__c(p, 0, q, k, v, mask, past_k, past_v, nonpad, y, present_k, present_v, qk);
}
//@end

//@kernel kiln_f16_attention__c needs kiln_attention_impl__c
KILN_KERNEL void kiln_f16_attention__c(const kiln_attention_params *p, const void *q,
                                       const void *k, const void *v, const void *mask,
                                       const void *past_k, const void *past_v,
                                       const int64_t *nonpad, void *y, void *present_k,
                                       void *present_v, void *qk) {
  kiln_attention_impl__c(p, 1, q, k, v, mask, past_k, past_v, nonpad, y, present_k, present_v, qk);
}
//@end

//@kernel kiln_bf16_attention__c needs kiln_attention_impl__c
KILN_KERNEL void kiln_bf16_attention__c(const kiln_attention_params *p, const void *q,
                                        const void *k, const void *v, const void *mask,
                                        const void *past_k, const void *past_v,
                                        const int64_t *nonpad, void *y, void *present_k,
                                        void *present_v, void *qk) {
  kiln_attention_impl__c(p, 2, q, k, v, mask, past_k, past_v, nonpad, y, present_k, present_v, qk);
}
//@end

//@kernel kiln_f32_rotary__c needs kiln_rotary_params
/* x may be y: each pair is read before it is written. */
KILN_KERNEL void kiln_f32_rotary__c(const kiln_rotary_params *p, const float *x,
                                    const float *cos_c, const float *sin_c, const int64_t *pos,
                                    float *y) {
  const int64_t half = p->rot / 2;
  for (int64_t b = 0; b < p->batch; b++)
    for (int64_t s = 0; s < p->seq; s++) {
      int64_t row = b * p->seq + s;
      if (pos) {
        row = pos[row];
        row = row < 0 ? 0 : (row >= p->max_pos ? p->max_pos - 1 : row);
      }
      const float *cr = cos_c + row * half, *sr = sin_c + row * half;
      for (int64_t h = 0; h < p->heads; h++) {
        const int64_t o = b * p->x_s[0] + s * p->x_s[1] + h * p->x_s[2];
        const float *xr = x + o;
        float *yr = y + o;
        for (int64_t d = 0; d < half; d++) {
          const int64_t i1 = p->interleaved ? 2 * d : d, i2 = p->interleaved ? 2 * d + 1 : d + half;
          const float x1 = xr[i1], x2 = xr[i2];
          yr[i1] = cr[d] * x1 - sr[d] * x2;
          yr[i2] = sr[d] * x1 + cr[d] * x2;
        }
        if (xr != yr)
          for (int64_t d = p->rot; d < p->head; d++) yr[d] = xr[d];
      }
    }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_attn_fn_)(void);
extern const kiln_attn_fn_ kiln_attn_used_[];
const kiln_attn_fn_ kiln_attn_used_[] = {
    (kiln_attn_fn_)kiln_f32_attention__c, (kiln_attn_fn_)kiln_f16_attention__c,
    (kiln_attn_fn_)kiln_bf16_attention__c, (kiln_attn_fn_)kiln_f32_rotary__c};
#endif
