/* convtranspose.c - transposed convolution (f32, portable C).
 *
 * Scatter form: every output plane starts at its bias; for each kernel tap
 * and input row, the group's input channels are summed (x[c] * w[c, m, tap])
 * into a contiguous row buffer, which is then added once into the shifted,
 * strided output row. The valid input range of every tap is computed once
 * per row, so the inner loops have no bounds checks.
 */
#include "kiln_kernels.h"
#include "convtranspose.h"

//@kernel kiln_convt_range__c
/* Input positions i in [0, in) whose output i * s + off lies in [0, out):
 * [*lo, *hi). */
static inline void kiln_convt_range__c(int64_t off, int64_t s, int64_t in, int64_t out,
                                       int64_t *lo, int64_t *hi) {
  int64_t a = off < 0 ? (-off + s - 1) / s : 0;
  int64_t last = out - 1 - off;
  int64_t b = last < 0 ? 0 : last / s + 1;
  if (b > in) b = in;
  if (a > b) a = b;
  *lo = a;
  *hi = b;
}
//@end

//@kernel kiln_f32_convtranspose__c needs kiln_convt_params kiln_convt_range__c
KILN_KERNEL void kiln_f32_convtranspose__c(const kiln_convt_params *p, const float *x,
                                           const float *w, const float *b, float *y) {
  const int64_t D = p->in[0], H = p->in[1], W = p->in[2];
  const int64_t OD = p->out[0], OH = p->out[1], OW = p->out[2];
  const int64_t K = p->k[0] * p->k[1] * p->k[2], SW = p->stride[2];
  const int64_t cg = p->c_in / p->group, mg = p->c_out / p->group;
  const int64_t iplane = D * H * W, oplane = OD * OH * OW;
  float acc[256];
  for (int64_t nb = 0; nb < p->n; nb++)
    for (int64_t g = 0; g < p->group; g++)
      for (int64_t m = 0; m < mg; m++) {
        const int64_t co = g * mg + m;
        float *KILN_RESTRICT yp = y + (nb * p->c_out + co) * oplane;
        const float bias = b ? b[co] : 0.0f;
        const float *xg = x + (nb * p->c_in + g * cg) * iplane;
        const float *wg = w + (g * cg * mg + m) * K; /* + c * mg * K for input channel c */
        for (int64_t i = 0; i < oplane; i++) yp[i] = bias;
        for (int64_t kd = 0; kd < p->k[0]; kd++)
          for (int64_t kh = 0; kh < p->k[1]; kh++)
            for (int64_t kw = 0; kw < p->k[2]; kw++) {
              const int64_t tap = (kd * p->k[1] + kh) * p->k[2] + kw;
              const int64_t off = kw * p->dil[2] - p->pad[2];
              int64_t lo, hi;
              kiln_convt_range__c(off, SW, W, OW, &lo, &hi);
              if (lo >= hi) continue;
              for (int64_t id = 0; id < D; id++) {
                const int64_t od = id * p->stride[0] - p->pad[0] + kd * p->dil[0];
                if (od < 0 || od >= OD) continue;
                for (int64_t ih = 0; ih < H; ih++) {
                  const int64_t oh = ih * p->stride[1] - p->pad[1] + kh * p->dil[1];
                  if (oh < 0 || oh >= OH) continue;
                  float *KILN_RESTRICT yr = yp + (od * OH + oh) * OW;
                  const int64_t xoff = (id * H + ih) * W;
                  /* sum the group's input channels in a row buffer, then
                   * add it into the strided output row once */
                  for (int64_t i0 = lo; i0 < hi; i0 += 256) {
                    const int64_t len = hi - i0 < 256 ? hi - i0 : 256;
                    for (int64_t i = 0; i < len; i++) acc[i] = 0.0f;
                    for (int64_t c = 0; c < cg; c++) {
                      const float wv = wg[c * mg * K + tap];
                      const float *KILN_RESTRICT xr = xg + c * iplane + xoff + i0;
                      for (int64_t i = 0; i < len; i++) acc[i] += wv * xr[i];
                    }
                    for (int64_t i = 0; i < len; i++) yr[(i0 + i) * SW + off] += acc[i];
                  }
                }
              }
            }
      }
}
//@end

//@kernel kiln_f32_col2im__c needs kiln_convt_params kiln_convt_range__c
KILN_KERNEL void kiln_f32_col2im__c(const kiln_convt_params *p, const float *x, float *y) {
  const int64_t D = p->in[0], H = p->in[1], W = p->in[2];
  const int64_t OD = p->out[0], OH = p->out[1], OW = p->out[2];
  const int64_t K = p->k[0] * p->k[1] * p->k[2], SW = p->stride[2];
  const int64_t iplane = D * H * W, oplane = OD * OH * OW;
  for (int64_t nc = 0; nc < p->n * p->c_in; nc++) {
    float *KILN_RESTRICT yp = y + nc * oplane;
    for (int64_t i = 0; i < oplane; i++) yp[i] = 0.0f;
    for (int64_t kd = 0; kd < p->k[0]; kd++)
      for (int64_t kh = 0; kh < p->k[1]; kh++)
        for (int64_t kw = 0; kw < p->k[2]; kw++) {
          const float *xp = x + (nc * K + (kd * p->k[1] + kh) * p->k[2] + kw) * iplane;
          const int64_t off = kw * p->dil[2] - p->pad[2];
          int64_t lo, hi;
          kiln_convt_range__c(off, SW, W, OW, &lo, &hi);
          if (lo >= hi) continue;
          for (int64_t id = 0; id < D; id++) {
            const int64_t od = id * p->stride[0] - p->pad[0] + kd * p->dil[0];
            if (od < 0 || od >= OD) continue;
            for (int64_t ih = 0; ih < H; ih++) {
              const int64_t oh = ih * p->stride[1] - p->pad[1] + kh * p->dil[1];
              if (oh < 0 || oh >= OH) continue;
              const float *KILN_RESTRICT xr = xp + (id * H + ih) * W;
              float *KILN_RESTRICT yr = yp + (od * OH + oh) * OW;
              for (int64_t iw = lo; iw < hi; iw++) yr[iw * SW + off] += xr[iw];
            }
          }
        }
  }
}
//@end

//@kernel kiln_f32_maxunpool__c needs kiln_maxunpool_params
KILN_KERNEL void kiln_f32_maxunpool__c(const kiln_maxunpool_params *p, const float *x,
                                       const int64_t *idx, float *y) {
  int64_t total = 1, tot_in = 1;
  for (int a = 0; a < p->rank; a++) {
    total *= p->out[a];
    tot_in *= p->inf[a];
  }
  for (int64_t i = 0; i < total; i++) y[i] = 0.0f;
  for (int64_t i = 0; i < p->n_x; i++) {
    int64_t f = idx[i], o = 0, s = 1;
    if (f < 0 || f >= tot_in) continue;
    for (int a = p->rank - 1; a >= 0; a--) {
      o += (f % p->inf[a]) * s;
      f /= p->inf[a];
      s *= p->out[a];
    }
    y[o] = x[i];
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package). */
typedef void (*kiln_convt_fn_)(void);
extern const kiln_convt_fn_ kiln_convt_used_[];
const kiln_convt_fn_ kiln_convt_used_[] = {(kiln_convt_fn_)kiln_f32_convtranspose__c,
                                           (kiln_convt_fn_)kiln_f32_col2im__c,
                                           (kiln_convt_fn_)kiln_f32_maxunpool__c};
#endif
