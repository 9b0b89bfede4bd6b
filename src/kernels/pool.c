/* pool.c - pooling kernels (f32, portable C).
 *
 * Same row scheme as the convolutions: each output row is initialised
 * (-inf for max, 0 for average), every window tap then combines a clipped
 * segment of an input row into it, so stride-1 pools run contiguous,
 * vectorisable loops with no per-element bounds checks.
 */
#include "kiln_kernels.h"
#include "pool.h"

//@kernel kiln_pool_range__c
/* Output positions o in [0, out) whose tap o * s + off lies in [0, in):
 * [*lo, *hi). */
static inline void kiln_pool_range__c(int64_t off, int64_t s, int64_t in, int64_t out,
                                      int64_t *lo, int64_t *hi) {
  int64_t a = off < 0 ? (-off + s - 1) / s : 0;
  int64_t last = in - 1 - off;
  int64_t b = last < 0 ? 0 : last / s + 1;
  if (b > out) b = out;
  if (a > b) a = b;
  *lo = a;
  *hi = b;
}
//@end

//@kernel kiln_pool_taps__c
/* Number of taps j < k of a window starting at `start` (dilation dil) that
 * land inside [0, in). */
static inline int64_t kiln_pool_taps__c(int64_t start, int64_t k, int64_t dil, int64_t in) {
  int64_t j0 = start >= 0 ? 0 : (-start + dil - 1) / dil;
  int64_t last = in - 1 - start;
  if (last < 0) return 0;
  int64_t j1 = last / dil + 1;
  if (j1 > k) j1 = k;
  return j1 > j0 ? j1 - j0 : 0;
}
//@end

//@kernel kiln_f32_vmax__c
/* y[o] = max(y[o], x[o * s]) for o < n; x and y must not overlap. */
static inline void kiln_f32_vmax__c(int64_t n, int64_t s, const float *KILN_RESTRICT x,
                                    float *KILN_RESTRICT y) {
  int64_t o = 0;
  if (s == 1) {
    for (o = 0; o < n - n % 8; o += 8)
      for (int l = 0; l < 8; l++) y[o + l] = x[o + l] > y[o + l] ? x[o + l] : y[o + l];
    for (o = n - n % 8; o < n; o++) y[o] = x[o] > y[o] ? x[o] : y[o];
  } else {
    for (o = 0; o < n; o++) y[o] = x[o * s] > y[o] ? x[o * s] : y[o];
  }
}
//@end

//@kernel kiln_f32_vadd__c
/* y[o] += x[o * s] for o < n; x and y must not overlap. */
static inline void kiln_f32_vadd__c(int64_t n, int64_t s, const float *KILN_RESTRICT x,
                                    float *KILN_RESTRICT y) {
  int64_t o = 0;
  if (s == 1) {
    for (o = 0; o < n - n % 8; o += 8)
      for (int l = 0; l < 8; l++) y[o + l] += x[o + l];
    for (o = n - n % 8; o < n; o++) y[o] += x[o];
  } else {
    for (o = 0; o < n; o++) y[o] += x[o * s];
  }
}
//@end

//@kernel kiln_f32_maxpool2d__c needs kiln_pool_params kiln_pool_range__c kiln_f32_vmax__c
/* MaxPool over 1, 2 or 3 spatial dims (see kiln_pool_params). A window with
 * no tap inside the input yields -inf. */
KILN_KERNEL void kiln_f32_maxpool2d__c(const kiln_pool_params *p, const float *x, float *y) {
  const int64_t D = p->in[0], H = p->in[1], W = p->in[2];
  const int64_t OD = p->out[0], OH = p->out[1], OW = p->out[2], SW = p->stride[2];
  for (int64_t pl = 0; pl < p->nc; pl++) {
    const float *xp = x + pl * D * H * W;
    float *yp = y + pl * OD * OH * OW;
    for (int64_t od = 0; od < OD; od++)
      for (int64_t oh = 0; oh < OH; oh++) {
        float *yr = yp + (od * OH + oh) * OW;
        for (int64_t o = 0; o < OW; o++) yr[o] = -INFINITY;
        for (int64_t kd = 0; kd < p->k[0]; kd++) {
          const int64_t id = od * p->stride[0] - p->pad[0] + kd * p->dil[0];
          if (id < 0 || id >= D) continue;
          for (int64_t kh = 0; kh < p->k[1]; kh++) {
            const int64_t ih = oh * p->stride[1] - p->pad[1] + kh * p->dil[1];
            if (ih < 0 || ih >= H) continue;
            for (int64_t kw = 0; kw < p->k[2]; kw++) {
              const int64_t off = kw * p->dil[2] - p->pad[2];
              int64_t lo, hi;
              kiln_pool_range__c(off, SW, W, OW, &lo, &hi);
              if (lo >= hi) continue;
              kiln_f32_vmax__c(hi - lo, SW, xp + (id * H + ih) * W + lo * SW + off, yr + lo);
            }
          }
        }
      }
  }
}
//@end

//@kernel kiln_f32_avgpool2d__c needs kiln_pool_params kiln_pool_range__c kiln_pool_taps__c kiln_f32_vadd__c
/* AveragePool over 1, 2 or 3 spatial dims (see kiln_pool_params for the
 * divisor). */
KILN_KERNEL void kiln_f32_avgpool2d__c(const kiln_pool_params *p, const float *x, float *y) {
  const int64_t D = p->in[0], H = p->in[1], W = p->in[2];
  const int64_t OD = p->out[0], OH = p->out[1], OW = p->out[2], SW = p->stride[2];
  /* divisor: the taps inside the input, or with count_include_pad inside
   * the padded input [-pad, in + pad_end) (window start measured from -pad) */
  int64_t ext[3], sh[3];
  for (int i = 0; i < 3; i++) {
    ext[i] = p->in[i] + (p->count_include_pad ? p->pad[i] + p->pad_end[i] : 0);
    sh[i] = p->count_include_pad ? 0 : p->pad[i];
  }
  for (int64_t pl = 0; pl < p->nc; pl++) {
    const float *xp = x + pl * D * H * W;
    float *yp = y + pl * OD * OH * OW;
    for (int64_t od = 0; od < OD; od++)
      for (int64_t oh = 0; oh < OH; oh++) {
        float *yr = yp + (od * OH + oh) * OW;
        for (int64_t o = 0; o < OW; o++) yr[o] = 0.0f;
        for (int64_t kd = 0; kd < p->k[0]; kd++) {
          const int64_t id = od * p->stride[0] - p->pad[0] + kd * p->dil[0];
          if (id < 0 || id >= D) continue;
          for (int64_t kh = 0; kh < p->k[1]; kh++) {
            const int64_t ih = oh * p->stride[1] - p->pad[1] + kh * p->dil[1];
            if (ih < 0 || ih >= H) continue;
            for (int64_t kw = 0; kw < p->k[2]; kw++) {
              const int64_t off = kw * p->dil[2] - p->pad[2];
              int64_t lo, hi;
              kiln_pool_range__c(off, SW, W, OW, &lo, &hi);
              if (lo >= hi) continue;
              kiln_f32_vadd__c(hi - lo, SW, xp + (id * H + ih) * W + lo * SW + off, yr + lo);
            }
          }
        }
        const int64_t cdh =
            kiln_pool_taps__c(od * p->stride[0] - sh[0], p->k[0], p->dil[0], ext[0]) *
            kiln_pool_taps__c(oh * p->stride[1] - sh[1], p->k[1], p->dil[1], ext[1]);
        for (int64_t o = 0; o < OW; o++)
          yr[o] /= (float)(cdh * kiln_pool_taps__c(o * SW - sh[2], p->k[2], p->dil[2], ext[2]));
      }
  }
}
//@end

//@kernel kiln_f32_globalavgpool__c
/* y[p] = mean of plane p (size floats), summed in 8 float lanes. */
KILN_KERNEL void kiln_f32_globalavgpool__c(int64_t planes, int64_t size, const float *x, float *y) {
  for (int64_t p = 0; p < planes; p++) {
    const float *KILN_RESTRICT xp = x + p * size;
    float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = 0;
    for (i = 0; i < size - size % 8; i += 8)
      for (int l = 0; l < 8; l++) s[l] += xp[i + l];
    float t = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
    for (i = size - size % 8; i < size; i++) t += xp[i];
    y[p] = t / (float)size;
  }
}
//@end

//@kernel kiln_f32_globalmaxpool__c
/* y[p] = max of plane p (size floats); -inf for an empty plane. */
KILN_KERNEL void kiln_f32_globalmaxpool__c(int64_t planes, int64_t size, const float *x, float *y) {
  for (int64_t p = 0; p < planes; p++) {
    const float *KILN_RESTRICT xp = x + p * size;
    float m[8];
    int64_t i = 0;
    for (int l = 0; l < 8; l++) m[l] = -INFINITY;
    for (i = 0; i < size - size % 8; i += 8)
      for (int l = 0; l < 8; l++) m[l] = xp[i + l] > m[l] ? xp[i + l] : m[l];
    float t = m[0];
    for (int l = 1; l < 8; l++) t = m[l] > t ? m[l] : t;
    for (i = size - size % 8; i < size; i++) t = xp[i] > t ? xp[i] : t;
    y[p] = t;
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_pool_fn_)(void);
extern const kiln_pool_fn_ kiln_pool_used_[];
const kiln_pool_fn_ kiln_pool_used_[] = {
    (kiln_pool_fn_)kiln_f32_maxpool2d__c, (kiln_pool_fn_)kiln_f32_avgpool2d__c,
    (kiln_pool_fn_)kiln_f32_globalavgpool__c, (kiln_pool_fn_)kiln_f32_globalmaxpool__c};
#endif
