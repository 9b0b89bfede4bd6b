/* grid.c - GridSample (f32, portable C).
 *
 * Per output position the taps of every spatial axis are computed once
 * (source index or -1 for a zero pad, and weight); the up to 4^sp
 * combinations are then applied to every channel. The arithmetic follows the
 * ONNX reference (PyTorch's grid_sampler): un-normalise, round half to even
 * for nearest, move out-of-range coordinates by border clamping or
 * reflection (linear and nearest only: cubic applies the padding rule to
 * each of its 4 taps, as PyTorch and onnxruntime do), then fetch taps with
 * the same padding rule. Non-finite grid values never index outside X.
 */
#include "kiln_kernels.h"
#include "grid.h"

//@kernel kiln_gs_reflect__c
/* Reflects x into [lo, hi] off the borders (hi > lo; lo when they meet). */
static inline double kiln_gs_reflect__c(double x, double lo, double hi) {
  const double rng = hi - lo;
  if (!(rng > 0.0)) return lo;
  if (x < lo) {
    const double dx = lo - x, k = floor(dx / rng), r = dx - k * rng;
    return fmod(k, 2.0) == 0.0 ? lo + r : hi - r;
  }
  if (x > hi) {
    const double dx = x - hi, k = floor(dx / rng), r = dx - k * rng;
    return fmod(k, 2.0) == 0.0 ? hi - r : lo + r;
  }
  return x;
}
//@end

//@kernel kiln_gs_taps__c needs kiln_gridsample_params kiln_gs_reflect__c
/* Taps of one axis of size d for the normalised coordinate v: source
 * indices (-1 = zero padding) and weights; returns their count. */
static inline int kiln_gs_taps__c(const kiln_gridsample_params *p, float v, int64_t d,
                                  int64_t *ix, float *w) {
  const double lo = p->align_corners ? 0.0 : -0.5;
  const double hi = p->align_corners ? (double)d - 1.0 : (double)d - 0.5;
  const int nt = p->mode == 1 ? 1 : (p->mode == 2 ? 4 : 2);
  float x = p->align_corners ? (float)(((double)v + 1.0) / 2.0 * (double)(d - 1))
                             : (float)((((double)v + 1.0) * (double)d - 1.0) / 2.0);
  if (p->mode == 1) x = nearbyintf(x);
  if (!(x == x) || x == INFINITY || x == -INFINITY) { /* NaN or inf */
    if (p->padding == 0) {
      for (int t = 0; t < nt; t++) {
        ix[t] = -1;
        w[t] = 0.0f;
      }
      return nt;
    }
    x = p->padding == 1 && x == INFINITY ? (float)(d - 1) : 0.0f;
  }
  if ((double)x < lo || (double)x > hi) {
    /* Cubic moves each tap, not the coordinate (PyTorch, onnxruntime); far
     * outside, clamping or reflecting the coordinate first keeps the index
     * arithmetic in range without changing a border or zeros result. */
    const int far = x < (float)(-d - 8) || x > (float)(2 * d + 8);
    if (p->mode == 2 && !far) {
    } else if (p->padding == 1) {
      x = (double)x < 0.0 ? 0.0f : ((double)x > (double)(d - 1) ? (float)(d - 1) : x);
    } else if (p->padding == 2) {
      x = (float)kiln_gs_reflect__c((double)x, lo, hi);
    } else if (far) {
      x = x < 0.0f ? (float)(-d - 8) : (float)(2 * d + 8); /* every tap is a zero */
    }
  }
  const float x0 = floorf(x), t = x - x0;
  int64_t i0 = (int64_t)x0;
  if (p->mode == 1) {
    i0 = (int64_t)x; /* integral after rounding (and after clamp / reflection) */
    w[0] = 1.0f;
  } else if (p->mode == 0) {
    w[0] = 1.0f - t;
    w[1] = t;
  } else {
    const float A = -0.75f, a = t + 1.0f, b = 1.0f - t, c = 2.0f - t;
    i0 -= 1;
    w[0] = ((A * a - 5.0f * A) * a + 8.0f * A) * a - 4.0f * A;
    w[1] = ((A + 2.0f) * t - (A + 3.0f)) * t * t + 1.0f;
    w[2] = ((A + 2.0f) * b - (A + 3.0f)) * b * b + 1.0f;
    w[3] = ((A * c - 5.0f * A) * c + 8.0f * A) * c - 4.0f * A;
  }
  for (int k = 0; k < nt; k++) {
    int64_t i = i0 + k;
    if (i < 0 || i >= d) {
      if (p->padding == 0) i = -1;
      else if (p->padding == 1) i = i < 0 ? 0 : d - 1;
      else {
        i = (int64_t)kiln_gs_reflect__c((double)i, lo, hi);
        i = i < 0 ? 0 : (i >= d ? d - 1 : i);
      }
    }
    ix[k] = i;
  }
  return nt;
}
//@end

//@kernel kiln_f32_gridsample__c needs kiln_gridsample_params kiln_gs_taps__c
KILN_KERNEL void kiln_f32_gridsample__c(const kiln_gridsample_params *p, const float *x,
                                        const float *grid, float *y) {
  const int sp = (int)p->sp;
  int64_t plane = 1, st[3];
  for (int a = sp - 1; a >= 0; a--) {
    st[a] = plane;
    plane *= p->in[a];
  }
  for (int64_t b = 0; b < p->n; b++) {
    const float *xb = x + b * p->c * plane;
    float *yb = y + b * p->c * p->npos;
    for (int64_t q = 0; q < p->npos; q++) {
      const float *gq = grid + (b * p->npos + q) * sp;
      int64_t ix[3][4], off[64];
      float w[3][4], wt[64];
      int nt[3], m = 0;
      for (int a = 0; a < sp; a++) nt[a] = kiln_gs_taps__c(p, gq[sp - 1 - a], p->in[a], ix[a], w[a]);
      for (int a = sp; a < 3; a++) {
        nt[a] = 1;
        ix[a][0] = 0;
        w[a][0] = 1.0f;
        st[a] = 0;
      }
      for (int i = 0; i < nt[0]; i++)
        for (int j = 0; j < nt[1]; j++)
          for (int k = 0; k < nt[2]; k++) {
            if (ix[0][i] < 0 || ix[1][j] < 0 || ix[2][k] < 0) continue;
            const float v = w[0][i] * w[1][j] * w[2][k];
            off[m] = ix[0][i] * st[0] + ix[1][j] * st[1] + ix[2][k] * st[2];
            wt[m++] = v;
          }
      for (int64_t ch = 0; ch < p->c; ch++) {
        const float *xc = xb + ch * plane;
        float s = 0.0f;
        for (int t = 0; t < m; t++) s += wt[t] * xc[off[t]];
        yb[ch * p->npos + q] = s;
      }
    }
  }
}
//@end

//@kernel kiln_f32_affinegrid__c needs kiln_affinegrid_params
/* grid[n, d, h, w] = theta[n] @ (x_w, y_h, z_d, 1), base coordinates evenly
 * spaced in [-1, 1] (align_corners: at the ends; else at pixel centres). */
KILN_KERNEL void kiln_f32_affinegrid__c(const kiln_affinegrid_params *p, const float *theta,
                                        float *y) {
  const int sp = (int)p->sp;
  int64_t sz[3] = {1, 1, 1};
  for (int a = 0; a < sp; a++) sz[3 - sp + a] = p->size[a];
  for (int64_t b = 0; b < p->n; b++) {
    const float *t = theta + b * sp * (sp + 1);
    for (int64_t i = 0; i < sz[0]; i++)
      for (int64_t j = 0; j < sz[1]; j++)
        for (int64_t k = 0; k < sz[2]; k++) {
          const int64_t ix[3] = {k, j, i}, dim[3] = {sz[2], sz[1], sz[0]};
          double base[4];
          for (int a = 0; a < sp; a++) { /* a = 0 is the innermost axis */
            const double s = (double)dim[a], v = (double)ix[a];
            if (p->align_corners) base[a] = s > 1.0 ? -1.0 + v * (2.0 / (s - 1.0)) : 0.0;
            else base[a] = -1.0 + (2.0 / s) / 2.0 + v * (2.0 / s);
          }
          base[sp] = 1.0;
          for (int r = 0; r < sp; r++) {
            double acc = 0.0;
            for (int q = 0; q <= sp; q++) acc += (double)t[r * (sp + 1) + q] * base[q];
            *y++ = (float)acc;
          }
        }
  }
}
//@end

//@kernel kiln_f32_roialign__c needs kiln_roialign_params
KILN_KERNEL void kiln_f32_roialign__c(const kiln_roialign_params *p, const float *x,
                                      const float *rois, const int64_t *batch, float *y) {
  const int64_t H = p->h, W = p->w;
  const float off = p->half_pixel ? 0.5f : 0.0f;
  for (int64_t r = 0; r < p->n_rois; r++) {
    const float *roi = rois + r * 4;
    int64_t bi = batch[r];
    bi = bi < 0 ? 0 : (bi >= p->n ? p->n - 1 : bi);
    const float sw = roi[0] * p->spatial_scale - off, sh = roi[1] * p->spatial_scale - off;
    const float ew = roi[2] * p->spatial_scale - off, eh = roi[3] * p->spatial_scale - off;
    float rw = ew - sw, rh = eh - sh;
    if (!p->half_pixel) { /* malformed rois become 1x1 */
      rw = rw > 1.0f ? rw : 1.0f;
      rh = rh > 1.0f ? rh : 1.0f;
    }
    const float bh = rh / (float)p->oh, bw = rw / (float)p->ow;
    int64_t gh = p->sampling_ratio, gw = p->sampling_ratio;
    if (gh <= 0) {
      const float ch = ceilf(rh / (float)p->oh), cw = ceilf(rw / (float)p->ow);
      /* bounded so that garbage rois cannot make the loops endless */
      gh = ch > 0.0f ? (ch < 4096.0f ? (int64_t)ch : 4096) : 0;
      gw = cw > 0.0f ? (cw < 4096.0f ? (int64_t)cw : 4096) : 0;
    }
    const int64_t count = gh * gw > 1 ? gh * gw : 1;
    for (int64_t c = 0; c < p->c; c++) {
      const float *xc = x + (bi * p->c + c) * H * W;
      float *yc = y + (r * p->c + c) * p->oh * p->ow;
      for (int64_t ph = 0; ph < p->oh; ph++)
        for (int64_t pw = 0; pw < p->ow; pw++) {
          float acc = 0.0f;
          int any = 0;
          for (int64_t iy = 0; iy < gh; iy++) {
            float yy = sh + (float)ph * bh + ((float)iy + 0.5f) * bh / (float)gh;
            for (int64_t ix = 0; ix < gw; ix++) {
              float xx = sw + (float)pw * bw + ((float)ix + 0.5f) * bw / (float)gw;
              float v1 = 0.0f, v2 = 0.0f, v3 = 0.0f, v4 = 0.0f;
              if (yy >= -1.0f && yy <= (float)H && xx >= -1.0f && xx <= (float)W) {
                float ys = yy > 0.0f ? yy : 0.0f, xs = xx > 0.0f ? xx : 0.0f;
                int64_t yl = (int64_t)ys, xl = (int64_t)xs, yh, xh;
                if (yl >= H - 1) {
                  yh = yl = H - 1;
                  ys = (float)yl;
                } else {
                  yh = yl + 1;
                }
                if (xl >= W - 1) {
                  xh = xl = W - 1;
                  xs = (float)xl;
                } else {
                  xh = xl + 1;
                }
                const float ly = ys - (float)yl, lx = xs - (float)xl;
                const float hy = 1.0f - ly, hx = 1.0f - lx;
                v1 = hy * hx * xc[yl * W + xl];
                v2 = hy * lx * xc[yl * W + xh];
                v3 = ly * hx * xc[yh * W + xl];
                v4 = ly * lx * xc[yh * W + xh];
              } else if (p->mode_max) { /* out of the map: weights 0 on pixel 0 */
                v1 = v2 = v3 = v4 = 0.0f * xc[0];
              }
              if (p->mode_max) {
                float m = v1 > v2 ? v1 : v2;
                m = m > v3 ? m : v3;
                m = m > v4 ? m : v4;
                acc = any ? (m > acc ? m : acc) : m;
                any = 1;
              } else {
                acc += v1 + v2 + v3 + v4;
              }
            }
          }
          yc[ph * p->ow + pw] = p->mode_max ? acc : acc / (float)count;
        }
    }
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package). */
typedef void (*kiln_grid_fn_)(void);
extern const kiln_grid_fn_ kiln_grid_used_[];
const kiln_grid_fn_ kiln_grid_used_[] = {(kiln_grid_fn_)kiln_f32_gridsample__c,
                                         (kiln_grid_fn_)kiln_f32_affinegrid__c,
                                         (kiln_grid_fn_)kiln_f32_roialign__c};
#endif
