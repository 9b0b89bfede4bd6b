/* conv.c - convolution and batch-normalisation kernels (f32, portable C).
 *
 * Direct convolution without an im2col buffer. The output is produced one
 * output row (2-D) at a time for a block of up to four output channels: the
 * rows are first set to bias + residual, then every kernel tap adds
 * w * (input row segment) to them, then the fused activation runs over the
 * block while it is still in cache:
 *     y = act(conv(x, w) + bias + residual)
 * The innermost loop runs over contiguous output width (an axpy over four
 * rows sharing one input load). Taps that fall in the padding are skipped
 * by clipping each tap's output range, so there is no per-element bounds
 * check. Strided taps are first gathered into a small stack buffer so that
 * the FMA loop stays contiguous and vectorisable. Short stride-1 rows whose
 * output is as wide as the input (7x7, 14x14, ... maps with "same" padding)
 * run each tap over the whole flattened plane instead (kiln_f32_conv_flat__c);
 * other rows of up to 256 gather chunks of whole rows once for all output
 * channels of the group (kiln_f32_conv_gather__c: strided convs, the stem).
 * Scratch is on the stack only: 1 KiB gather buffers, 2 KiB flat-path buffer.
 * Accumulation is in float; W is read in ONNX's layout (no packing needed,
 * so a run-time W works unchanged).
 */
#include "kiln_kernels.h"
#include "conv.h"
#include "gemm.h"

//@kernel kiln_conv_range__c
/* Output positions o in [0, out) whose input tap o * s + off lies in
 * [0, in), as the half-open range [*lo, *hi). */
static inline void kiln_conv_range__c(int64_t off, int64_t s, int64_t in, int64_t out,
                                      int64_t *lo, int64_t *hi) {
  int64_t a = off < 0 ? (-off + s - 1) / s : 0;
  int64_t last = in - 1 - off; /* o * s <= last */
  int64_t b = last < 0 ? 0 : last / s + 1;
  if (b > out) b = out;
  if (a > b) a = b;
  *lo = a;
  *hi = b;
}
//@end

//@kernel kiln_f32_conv_init__c
/* y[c][i] = bias[c] + r[c][i] over `channels` planes of `plane` floats;
 * bias and r may be NULL; r may be y itself (element-wise in place). */
static inline void kiln_f32_conv_init__c(float *y, const float *bias, const float *r,
                                         int64_t channels, int64_t plane) {
  for (int64_t c = 0; c < channels; c++) {
    float *yc = y + c * plane;
    const float b = bias ? bias[c] : 0.0f;
    if (r) {
      const float *rc = r + c * plane;
      for (int64_t i = 0; i < plane; i++) yc[i] = rc[i] + b;
    } else {
      for (int64_t i = 0; i < plane; i++) yc[i] = b;
    }
  }
}
//@end

//@kernel kiln_f32_conv_taps__c needs kiln_f32_axpy__c kiln_f32_axpy4__c
/* For rows j < nb (nb <= 4) at y + j * ystride:
 *     y_j[o] += w[j * wstride] * x[o * s],   o < len.
 * With s > 1 the input is gathered into a 256-float stack buffer first. */
static inline void kiln_f32_conv_taps__c(int64_t len, int64_t s, const float *x, const float *w,
                                         int64_t wstride, int nb, float *y, int64_t ystride) {
  float tmp[256];
  for (int64_t o0 = 0; o0 < len; o0 += 256) {
    const int64_t cl = len - o0 < 256 ? len - o0 : 256;
    const float *src = x + o0 * s;
    float *yo = y + o0;
    if (s != 1) {
      for (int64_t j = 0; j < cl; j++) tmp[j] = src[j * s];
      src = tmp;
    }
    if (nb == 4) {
      kiln_f32_axpy4__c(cl, w[0], w[wstride], w[2 * wstride], w[3 * wstride], src, yo,
                        yo + ystride, yo + 2 * ystride, yo + 3 * ystride);
    } else {
      for (int j = 0; j < nb; j++) kiln_f32_axpy__c(cl, w[j * wstride], src, yo + j * ystride);
    }
  }
}
//@end

//@kernel kiln_f32_conv_flat__c needs kiln_conv2d_params kiln_conv_range__c kiln_f32_conv_taps__c
/* Stride-1 taps for maps whose output rows are as wide as the input rows
 * (w_out == w_in, e.g. 3x3 with pad 1). Then tap (kh, kw) adds a shifted
 * copy of the whole flattened input plane, so it runs as one long axpy over
 * all rows instead of h_out short ones (7x7 and 14x14 maps vectorise). The
 * flattened shift wraps the left/right padding columns into the neighbour
 * row; those output positions are saved before and restored after, so they
 * receive nothing. Per output element the additions happen in the same
 * (kh, kw, ic) order as the row path. x: cig input planes of the group; w:
 * weights of the first of nb output channels (next at + wstride). Falls back
 * to rows when the wrapped positions exceed the 512-float stack buffer. */
static inline void kiln_f32_conv_flat__c(const kiln_conv2d_params *p, const float *x, int64_t cig,
                                         const float *w, int64_t wstride, int nb, float *y) {
  const int64_t H = p->h_in, Wd = p->w_in, OH = p->h_out, OW = p->w_out;
  const int64_t KH = p->k_h, KW = p->k_w, kk = KH * KW, ip = H * Wd, opl = OH * OW;
  float save[512];
  for (int64_t kh = 0; kh < KH; kh++) {
    const int64_t sh = kh * p->dil_h - p->pad_t; /* ih = oh + sh */
    const int64_t r0 = sh < 0 ? -sh : 0, r1 = OH < H - sh ? OH : H - sh;
    if (r0 >= r1) continue;
    for (int64_t kw = 0; kw < KW; kw++) {
      const int64_t off = kw * p->dil_w - p->pad_l;
      int64_t lo, hi;
      kiln_conv_range__c(off, 1, Wd, OW, &lo, &hi);
      if (lo >= hi) continue;
      const int64_t p0 = r0 * OW + lo, len = (r1 - 1) * OW + hi - p0, gap = OW - (hi - lo);
      const float *ws = w + kh * KW + kw;
      if (nb * gap * (r1 - r0 - 1) > 512) {
        for (int64_t r = r0; r < r1; r++)
          for (int64_t ic = 0; ic < cig; ic++)
            kiln_f32_conv_taps__c(hi - lo, 1, x + ic * ip + (r + sh) * Wd + lo + off, ws + ic * kk,
                                  wstride, nb, y + r * OW + lo, opl);
        continue;
      }
      int64_t k = 0;
      for (int j = 0; j < nb; j++)
        for (int64_t r = r0; r + 1 < r1; r++)
          for (int64_t c = 0; c < gap; c++) save[k++] = y[j * opl + r * OW + hi + c];
      for (int64_t ic = 0; ic < cig; ic++)
        kiln_f32_conv_taps__c(len, 1, x + ic * ip + p0 + sh * Wd + off, ws + ic * kk, wstride, nb,
                              y + p0, opl);
      k = 0;
      for (int j = 0; j < nb; j++)
        for (int64_t r = r0; r + 1 < r1; r++)
          for (int64_t c = 0; c < gap; c++) y[j * opl + r * OW + hi + c] = save[k++];
    }
  }
}
//@end

//@kernel kiln_f32_conv_gather__c needs kiln_conv2d_params kiln_conv_range__c kiln_f32_axpy__c kiln_f32_axpy4__c
/* Output rows of up to 256 that the flat path cannot take (strides, or
 * w_out != w_in). For each tap and input channel, the tap's input values
 * for a chunk of whole output rows (at most 256 values, zeros where the tap
 * is in the padding) are gathered once into a stack buffer and then feed
 * all nout output channels (weights w + j * wstride, planes y + j * opl),
 * four at a time, each with one axpy over the whole chunk instead of one per
 * short row. Per output element the additions happen in the same
 * (kh, kw, ic) order as the row path (plus exact zeros for padding taps). */
static inline void kiln_f32_conv_gather__c(const kiln_conv2d_params *p, const float *x,
                                           int64_t cig, const float *w, int64_t wstride,
                                           int64_t nout, float *y) {
  const int64_t H = p->h_in, Wd = p->w_in, OH = p->h_out, OW = p->w_out;
  const int64_t SH = p->stride_h, SW = p->stride_w, KH = p->k_h, KW = p->k_w;
  const int64_t kk = KH * KW, ip = H * Wd, opl = OH * OW, rows = 256 / OW;
  float tmp[256];
  for (int64_t r0 = 0; r0 < OH; r0 += rows) {
    const int64_t r1 = OH - r0 < rows ? OH : r0 + rows, len = (r1 - r0) * OW;
    float *yc = y + r0 * OW;
    for (int64_t kh = 0; kh < KH; kh++) {
      const int64_t sh = kh * p->dil_h - p->pad_t; /* ih = oh * SH + sh */
      int any = 0;
      for (int64_t r = r0; r < r1; r++) any |= r * SH + sh >= 0 && r * SH + sh < H;
      if (!any) continue;
      for (int64_t kw = 0; kw < KW; kw++) {
        const int64_t off = kw * p->dil_w - p->pad_l;
        int64_t lo, hi;
        kiln_conv_range__c(off, SW, Wd, OW, &lo, &hi);
        if (lo >= hi) continue;
        const float *ws = w + kh * KW + kw;
        for (int64_t ic = 0; ic < cig; ic++) {
          const float *xc = x + ic * ip;
          for (int64_t r = r0; r < r1; r++) {
            const int64_t ih = r * SH + sh;
            float *t = tmp + (r - r0) * OW;
            int64_t o = 0;
            if (ih < 0 || ih >= H) {
              for (o = 0; o < OW; o++) t[o] = 0.0f;
              continue;
            }
            const float *xr = xc + ih * Wd + off;
            for (o = 0; o < lo; o++) t[o] = 0.0f;
            for (o = lo; o < hi; o++) t[o] = xr[o * SW];
            for (o = hi; o < OW; o++) t[o] = 0.0f;
          }
          const float *wi = ws + ic * kk;
          int64_t j = 0;
          for (j = 0; j + 4 <= nout; j += 4)
            kiln_f32_axpy4__c(len, wi[j * wstride], wi[(j + 1) * wstride], wi[(j + 2) * wstride],
                              wi[(j + 3) * wstride], tmp, yc + j * opl, yc + (j + 1) * opl,
                              yc + (j + 2) * opl, yc + (j + 3) * opl);
          for (; j < nout; j++) kiln_f32_axpy__c(len, wi[j * wstride], tmp, yc + j * opl);
        }
      }
    }
  }
}
//@end

//@kernel kiln_f32_conv2d__c needs kiln_conv2d_params kiln_conv_range__c kiln_f32_conv_init__c kiln_f32_conv_taps__c kiln_f32_conv_flat__c kiln_f32_conv_gather__c kiln_f32_act_inplace__c
/* General 2-D convolution: any kernel size, stride, dilation, padding and
 * group count. Blocks of four output channels share each input load. Short
 * stride-1 rows with w_out == w_in take the flattened-plane path. */
KILN_KERNEL void kiln_f32_conv2d__c(const kiln_conv2d_params *p, const float *x, const float *w,
                                    const float *bias, const float *r, float *y) {
  const int64_t G = p->group, cig = p->c_in / G, cog = p->c_out / G;
  const int64_t H = p->h_in, Wd = p->w_in, OH = p->h_out, OW = p->w_out;
  const int64_t KH = p->k_h, KW = p->k_w, SW = p->stride_w;
  const int64_t ip = H * Wd, opl = OH * OW, kk = KH * KW, wk = cig * kk;
  const int flat = p->stride_h == 1 && SW == 1 && OW == Wd && OW < 64;
  const int gather = !flat && OW > 0 && OW <= 256;
  for (int64_t b = 0; b < p->n; b++) {
    for (int64_t g = 0; g < G; g++) {
      const float *xg = x + (b * p->c_in + g * cig) * ip;
      if (gather) { /* one gather feeds every output channel of the group */
        const int64_t yoff = (b * p->c_out + g * cog) * opl;
        kiln_f32_conv_init__c(y + yoff, bias ? bias + g * cog : NULL, r ? r + yoff : NULL, cog, opl);
        kiln_f32_conv_gather__c(p, xg, cig, w + g * cog * wk, wk, cog, y + yoff);
        kiln_f32_act_inplace__c(&p->act, y + yoff, cog * opl);
        continue;
      }
      for (int64_t oc = 0; oc < cog; oc += 4) {
        const int nb = cog - oc < 4 ? (int)(cog - oc) : 4;
        const int64_t yoff = (b * p->c_out + g * cog + oc) * opl;
        float *yb = y + yoff;
        const float *wb = w + (g * cog + oc) * wk;
        kiln_f32_conv_init__c(yb, bias ? bias + g * cog + oc : NULL, r ? r + yoff : NULL, nb, opl);
        if (flat) {
          kiln_f32_conv_flat__c(p, xg, cig, wb, wk, nb, yb);
        } else {
          for (int64_t oh = 0; oh < OH; oh++) {
            float *yr = yb + oh * OW;
            for (int64_t kh = 0; kh < KH; kh++) {
              const int64_t ih = oh * p->stride_h - p->pad_t + kh * p->dil_h;
              if (ih < 0 || ih >= H) continue;
              for (int64_t kw = 0; kw < KW; kw++) {
                const int64_t off = kw * p->dil_w - p->pad_l;
                int64_t lo, hi;
                kiln_conv_range__c(off, SW, Wd, OW, &lo, &hi);
                if (lo >= hi) continue;
                const float *xr = xg + ih * Wd + lo * SW + off;
                const float *wr = wb + kh * KW + kw;
                for (int64_t ic = 0; ic < cig; ic++)
                  kiln_f32_conv_taps__c(hi - lo, SW, xr + ic * ip, wr + ic * kk, wk, nb, yr + lo,
                                        opl);
              }
            }
          }
        }
        kiln_f32_act_inplace__c(&p->act, yb, nb * opl);
      }
    }
  }
}
//@end

//@kernel kiln_f32_conv2d_1x1__c needs kiln_conv2d_params kiln_f32_conv_init__c kiln_f32_gemm_acc__c kiln_f32_act_inplace__c
/* 1x1 convolution, stride 1, no padding (h_out == h_in, w_out == w_in):
 * per image and group, Y[c_out/g][hw] += W[c_out/g][c_in/g] * X[c_in/g][hw].
 * Also serves 1-D and 3-D 1x1 convolutions with h_in * w_in = spatial size. */
KILN_KERNEL void kiln_f32_conv2d_1x1__c(const kiln_conv2d_params *p, const float *x,
                                        const float *w, const float *bias, const float *r,
                                        float *y) {
  const int64_t G = p->group, cig = p->c_in / G, cog = p->c_out / G;
  const int64_t hw = p->h_in * p->w_in;
  for (int64_t b = 0; b < p->n; b++) {
    for (int64_t g = 0; g < G; g++) {
      const int64_t yoff = (b * p->c_out + g * cog) * hw;
      kiln_f32_conv_init__c(y + yoff, bias ? bias + g * cog : NULL, r ? r + yoff : NULL, cog, hw);
      kiln_f32_gemm_acc__c(cog, hw, cig, 1.0f, w + g * cog * cig, cig, 1,
                           x + (b * p->c_in + g * cig) * hw, hw, 1, y + yoff, hw);
      kiln_f32_act_inplace__c(&p->act, y + yoff, cog * hw);
    }
  }
}
//@end

//@kernel kiln_f32_dwconv2d__c needs kiln_conv2d_params kiln_conv_range__c kiln_f32_conv_init__c kiln_f32_conv_taps__c kiln_f32_conv_flat__c kiln_f32_act_inplace__c
/* Depthwise 2-D convolution: group == c_in == c_out, one k_h x k_w filter
 * per channel. */
KILN_KERNEL void kiln_f32_dwconv2d__c(const kiln_conv2d_params *p, const float *x, const float *w,
                                      const float *bias, const float *r, float *y) {
  const int64_t C = p->c_out, H = p->h_in, Wd = p->w_in, OH = p->h_out, OW = p->w_out;
  const int64_t KH = p->k_h, KW = p->k_w, SW = p->stride_w;
  const int64_t ip = H * Wd, opl = OH * OW;
  const int flat = p->stride_h == 1 && SW == 1 && OW == Wd && OW < 64;
  for (int64_t b = 0; b < p->n; b++) {
    for (int64_t c = 0; c < C; c++) {
      const int64_t yoff = (b * C + c) * opl;
      const float *xc = x + (b * C + c) * ip;
      const float *wc = w + c * KH * KW;
      float *yc = y + yoff;
      kiln_f32_conv_init__c(yc, bias ? bias + c : NULL, r ? r + yoff : NULL, 1, opl);
      if (flat) {
        kiln_f32_conv_flat__c(p, xc, 1, wc, 0, 1, yc);
        kiln_f32_act_inplace__c(&p->act, yc, opl);
        continue;
      }
      for (int64_t oh = 0; oh < OH; oh++) {
        float *yr = yc + oh * OW;
        for (int64_t kh = 0; kh < KH; kh++) {
          const int64_t ih = oh * p->stride_h - p->pad_t + kh * p->dil_h;
          if (ih < 0 || ih >= H) continue;
          for (int64_t kw = 0; kw < KW; kw++) {
            const int64_t off = kw * p->dil_w - p->pad_l;
            int64_t lo, hi;
            kiln_conv_range__c(off, SW, Wd, OW, &lo, &hi);
            if (lo >= hi) continue;
            kiln_f32_conv_taps__c(hi - lo, SW, xc + ih * Wd + lo * SW + off, wc + kh * KW + kw, 0,
                                  1, yr + lo, 0);
          }
        }
      }
      kiln_f32_act_inplace__c(&p->act, yc, opl);
    }
  }
}
//@end

//@kernel kiln_f32_conv3d__c needs kiln_conv3d_params kiln_conv_range__c kiln_f32_conv_init__c kiln_f32_conv_taps__c kiln_f32_act_inplace__c
/* General 3-D convolution (NCDHW), same scheme as kiln_f32_conv2d__c. */
KILN_KERNEL void kiln_f32_conv3d__c(const kiln_conv3d_params *p, const float *x, const float *w,
                                    const float *bias, const float *r, float *y) {
  const int64_t G = p->group, cig = p->c_in / G, cog = p->c_out / G;
  const int64_t D = p->in[0], H = p->in[1], Wd = p->in[2];
  const int64_t OD = p->out[0], OH = p->out[1], OW = p->out[2];
  const int64_t KD = p->k[0], KH = p->k[1], KW = p->k[2], SW = p->stride[2];
  const int64_t ip = D * H * Wd, opl = OD * OH * OW, kvol = KD * KH * KW, wk = cig * kvol;
  for (int64_t b = 0; b < p->n; b++) {
    for (int64_t g = 0; g < G; g++) {
      const float *xg = x + (b * p->c_in + g * cig) * ip;
      for (int64_t oc = 0; oc < cog; oc += 4) {
        const int nb = cog - oc < 4 ? (int)(cog - oc) : 4;
        const int64_t yoff = (b * p->c_out + g * cog + oc) * opl;
        float *yb = y + yoff;
        const float *wb = w + (g * cog + oc) * wk;
        kiln_f32_conv_init__c(yb, bias ? bias + g * cog + oc : NULL, r ? r + yoff : NULL, nb, opl);
        for (int64_t od = 0; od < OD; od++) {
          for (int64_t oh = 0; oh < OH; oh++) {
            float *yr = yb + (od * OH + oh) * OW;
            for (int64_t kd = 0; kd < KD; kd++) {
              const int64_t id = od * p->stride[0] - p->pad[0] + kd * p->dil[0];
              if (id < 0 || id >= D) continue;
              for (int64_t kh = 0; kh < KH; kh++) {
                const int64_t ih = oh * p->stride[1] - p->pad[1] + kh * p->dil[1];
                if (ih < 0 || ih >= H) continue;
                for (int64_t kw = 0; kw < KW; kw++) {
                  const int64_t off = kw * p->dil[2] - p->pad[2];
                  int64_t lo, hi;
                  kiln_conv_range__c(off, SW, Wd, OW, &lo, &hi);
                  if (lo >= hi) continue;
                  const float *xr = xg + (id * H + ih) * Wd + lo * SW + off;
                  const float *wr = wb + (kd * KH + kh) * KW + kw;
                  for (int64_t ic = 0; ic < cig; ic++)
                    kiln_f32_conv_taps__c(hi - lo, SW, xr + ic * ip, wr + ic * kvol, wk, nb,
                                          yr + lo, opl);
                }
              }
            }
          }
        }
        kiln_f32_act_inplace__c(&p->act, yb, nb * opl);
      }
    }
  }
}
//@end

//@kernel kiln_f32_affine__c
/* y[i] = x[i] * s + t for i < n; x and y must not overlap. */
static inline void kiln_f32_affine__c(int64_t n, float s, float t, const float *KILN_RESTRICT x,
                                      float *KILN_RESTRICT y) {
  int64_t i = 0;
  for (i = 0; i < n - n % 8; i += 8)
    for (int l = 0; l < 8; l++) y[i + l] = x[i + l] * s + t;
  for (i = n - n % 8; i < n; i++) y[i] = x[i] * s + t;
}

/* In place: y[i] = y[i] * s + t. */
static inline void kiln_f32_affine_inplace__c(int64_t n, float s, float t, float *KILN_RESTRICT y) {
  int64_t i = 0;
  for (i = 0; i < n - n % 8; i += 8)
    for (int l = 0; l < 8; l++) y[i + l] = y[i + l] * s + t;
  for (i = n - n % 8; i < n; i++) y[i] = y[i] * s + t;
}
//@end

//@kernel kiln_f32_scale_shift__c needs kiln_batchnorm_params kiln_f32_affine__c
/* Inference BatchNormalization with per-channel scale s and shift t folded
 * at compile time: y = x * s[c] + t[c]. x may be y. */
KILN_KERNEL void kiln_f32_scale_shift__c(const kiln_batchnorm_params *p, const float *x,
                                         const float *s, const float *t, float *y) {
  for (int64_t b = 0; b < p->n; b++)
    for (int64_t c = 0; c < p->c; c++) {
      const int64_t off = (b * p->c + c) * p->inner;
      if (x == y) kiln_f32_affine_inplace__c(p->inner, s[c], t[c], y + off);
      else kiln_f32_affine__c(p->inner, s[c], t[c], x + off, y + off);
    }
}
//@end

//@kernel kiln_f32_batchnorm__c needs kiln_batchnorm_params kiln_f32_affine__c
/* Inference BatchNormalization with run-time statistics:
 * y = (x - mean[c]) / sqrt(var[c] + epsilon) * scale[c] + bias[c]. x may be y. */
KILN_KERNEL void kiln_f32_batchnorm__c(const kiln_batchnorm_params *p, const float *x,
                                       const float *scale, const float *bias, const float *mean,
                                       const float *var, float *y) {
  for (int64_t c = 0; c < p->c; c++) {
    const float s = scale[c] / sqrtf(var[c] + p->epsilon);
    const float t = bias[c] - mean[c] * s;
    for (int64_t b = 0; b < p->n; b++) {
      const int64_t off = (b * p->c + c) * p->inner;
      if (x == y) kiln_f32_affine_inplace__c(p->inner, s, t, y + off);
      else kiln_f32_affine__c(p->inner, s, t, x + off, y + off);
    }
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_conv_fn_)(void);
extern const kiln_conv_fn_ kiln_conv_used_[];
const kiln_conv_fn_ kiln_conv_used_[] = {
    (kiln_conv_fn_)kiln_f32_conv2d__c,     (kiln_conv_fn_)kiln_f32_conv2d_1x1__c,
    (kiln_conv_fn_)kiln_f32_dwconv2d__c,   (kiln_conv_fn_)kiln_f32_conv3d__c,
    (kiln_conv_fn_)kiln_f32_scale_shift__c, (kiln_conv_fn_)kiln_f32_batchnorm__c};
#endif
