/* pool_idx.c - MaxPool with Indices, and MaxPool for uint8 (see pool_idx.h).
 * A direct loop per output: the first tap in scan order that is strictly
 * greater than the running maximum wins, as the ONNX reference scans. */
#include "kiln_kernels.h"
#include "pool_idx.h"

//@kernel kiln_maxpool_idx_body needs kiln_pool_params
/* The loop shared by every dtype: T is the element type, LOWEST its
 * smallest value. */
#define KILN_MAXPOOL_IDX_BODY(T, LOWEST)                                                          \
  const int64_t D = p->in[0], H = p->in[1], W = p->in[2], plane = D * H * W;                        \
  const int64_t OD = p->out[0], OH = p->out[1], OW = p->out[2];                                     \
  int64_t pl, o0, o1, o2, k0, k1, k2;                                                               \
  for (pl = 0; pl < p->nc; pl++) {                                                                  \
    const T *xp = x + pl * plane;                                                                   \
    for (o0 = 0; o0 < OD; o0++)                                                                     \
      for (o1 = 0; o1 < OH; o1++)                                                                   \
        for (o2 = 0; o2 < OW; o2++) {                                                               \
          T best = LOWEST;                                                                          \
          int64_t at = -1, o = ((pl * OD + o0) * OH + o1) * OW + o2;                                \
          for (k0 = 0; k0 < p->k[0]; k0++) {                                                        \
            const int64_t i0 = o0 * p->stride[0] - p->pad[0] + k0 * p->dil[0];                      \
            if (i0 < 0 || i0 >= D) continue;                                                        \
            for (k1 = 0; k1 < p->k[1]; k1++) {                                                      \
              const int64_t i1 = o1 * p->stride[1] - p->pad[1] + k1 * p->dil[1];                    \
              if (i1 < 0 || i1 >= H) continue;                                                      \
              for (k2 = 0; k2 < p->k[2]; k2++) {                                                    \
                const int64_t i2 = o2 * p->stride[2] - p->pad[2] + k2 * p->dil[2];                  \
                T v;                                                                                \
                if (i2 < 0 || i2 >= W) continue;                                                    \
                v = xp[(i0 * H + i1) * W + i2];                                                     \
                if (at < 0 || v > best) {                                                           \
                  best = v;                                                                         \
                  at = storage_order ? i0 + i1 * D + i2 * D * H : (i0 * H + i1) * W + i2;           \
                }                                                                                   \
              }                                                                                     \
            }                                                                                       \
          }                                                                                         \
          y[o] = best;                                                                              \
          if (idx) idx[o] = at < 0 ? -1 : pl * plane + at;                                          \
        }                                                                                           \
  }
//@end

//@kernel kiln_f32_maxpool_idx__c needs kiln_maxpool_idx_body
KILN_KERNEL void kiln_f32_maxpool_idx__c(const kiln_pool_params *p, int storage_order, const float *x, float *y,
                                         int64_t *idx) {
  KILN_MAXPOOL_IDX_BODY(float, -INFINITY)
}
//@end

//@kernel kiln_u8_maxpool_idx__c needs kiln_maxpool_idx_body
KILN_KERNEL void kiln_u8_maxpool_idx__c(const kiln_pool_params *p, int storage_order, const uint8_t *x, uint8_t *y,
                                        int64_t *idx) {
  KILN_MAXPOOL_IDX_BODY(uint8_t, 0)
}
//@end
