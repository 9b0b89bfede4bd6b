/* conv_avx2.c - f32 convolutions on NCHW activations for x86-64 AVX2+FMA.
 *
 * The AVX-512 scheme (conv_avx512.c) on the 6 x 16 microkernel: 1x1 as a
 * GEMM on X in place, KxK as implicit GEMM over im2col panels
 * [KILN_CONV_KC][64] built in the node's scratch. Depthwise stays portable.
 */
#include "kiln_kernels.h"
#include "conv.h"
#include "gemm.h"
#include "gemm_avx2.h"

#if defined(__x86_64__) && defined(__GNUC__)

#ifndef KILN_HOST
/* Package-mode compile check of this file alone (never copied into a
 * package): the GEMM driver it calls lives in gemm_avx2.c. */
#include "gemm_avx2.c"
#endif

//@kernel kiln_f32_conv2d_1x1__avx2 needs kiln_conv2d_params kiln_f32_gemm_6x16__avx2
/* 1x1 convolution, stride 1, no padding; w packed [G][ceil(cog/6)][cig][6]. */
KILN_KERNEL KILN_AVX2_FN void kiln_f32_conv2d_1x1__avx2(const kiln_conv2d_params *p,
                                                        const float *x, const float *w,
                                                        const float *bias, const float *r,
                                                        float *y) {
  const int64_t G = p->group, cig = p->c_in / G, cog = p->c_out / G;
  const int64_t hw = p->h_in * p->w_in, wg = (cog + 5) / 6 * 6 * cig;
  kiln_ugemm_params u;
  u.m = cog;
  u.n = hw;
  u.k = cig;
  u.a_rs = 1;
  u.a_cs = 6;
  u.b_rs = hw;
  u.ldy = hw;
  u.a_packed = 1;
  u.b_packed = 0;
  u.accumulate = 0;
  u.act = p->act;
  for (int64_t b = 0; b < p->n; b++)
    for (int64_t g = 0; g < G; g++) {
      const int64_t yoff = (b * p->c_out + g * cog) * hw;
      kiln_f32_gemm_6x16__avx2(&u, w + g * wg, x + (b * p->c_in + g * cig) * hw,
                               bias ? bias + g * cog : NULL, r ? r + yoff : NULL, y + yoff);
    }
}
//@end

//@kernel kiln_f32_conv_pack__avx2 needs kiln_conv2d_params kiln_avx2_defs
/* Rows [k0, k0 + kc) of the im2col panel for output pixels [j0, j0 + nj),
 * as kiln_f32_conv_pack__avx512 (plain loops; the compiler vectorises the
 * stride-1 copies). */
KILN_AVX2_INLINE void kiln_f32_conv_pack__avx2(const kiln_conv2d_params *p, const float *xg,
                                               int64_t j0, int64_t nj, int64_t k0, int64_t kc,
                                               float *panel) {
  const int64_t H = p->h_in, Wd = p->w_in, OW = p->w_out, KH = p->k_h, KW = p->k_w;
  const int64_t SW = p->stride_w;
  for (int64_t kk = k0; kk < k0 + kc; kk++) {
    const int64_t ic = kk / (KH * KW), kh = kk / KW % KH, kw = kk % KW;
    const float *xc = xg + ic * H * Wd;
    const int64_t off = kw * p->dil_w - p->pad_l;
    /* output columns whose tap lies inside the row */
    int64_t lo = off < 0 ? (-off + SW - 1) / SW : 0;
    int64_t hi = Wd - 1 - off < 0 ? 0 : (Wd - 1 - off) / SW + 1;
    if (hi > OW) hi = OW;
    if (lo > hi) lo = hi;
    float *dst = panel + (kk - k0) * 64;
    int64_t j = j0;
    while (j < j0 + nj) {
      const int64_t oh = j / OW, ow0 = j - oh * OW;
      const int64_t ow1 = (j0 + nj - oh * OW) < OW ? j0 + nj - oh * OW : OW;
      float *d = dst + (j - j0) - ow0;
      const int64_t ih = oh * p->stride_h - p->pad_t + kh * p->dil_h;
      if (ih < 0 || ih >= H) {
        for (int64_t o = ow0; o < ow1; o++) d[o] = 0.0f;
      } else {
        const float *xr = xc + ih * Wd + off;
        for (int64_t o = ow0; o < ow1; o++) d[o] = o >= lo && o < hi ? xr[o * SW] : 0.0f;
      }
      j += ow1 - ow0;
    }
  }
}
//@end

//@kernel kiln_f32_conv2d_gemm__avx2 needs kiln_conv2d_params kiln_f32_ukr__avx2 kiln_f32_conv_pack__avx2
/* KxK convolution as implicit GEMM; w packed [G][ceil(cog/6)][K][6],
 * scratch holds KILN_CONV_KC x 64 floats. */
KILN_KERNEL KILN_AVX2_FN void kiln_f32_conv2d_gemm__avx2(const kiln_conv2d_params *p,
                                                         const float *x, const float *w,
                                                         const float *bias, const float *r,
                                                         float *y, void *scratch) {
  const int64_t G = p->group, cig = p->c_in / G, cog = p->c_out / G, KC = 256;
  const int64_t N = p->h_out * p->w_out, K = cig * p->k_h * p->k_w, wg = (cog + 5) / 6 * 6 * K;
  float *panel = (float *)scratch;
  for (int64_t b = 0; b < p->n; b++)
    for (int64_t g = 0; g < G; g++) {
      const float *xg = x + (b * p->c_in + g * cig) * p->h_in * p->w_in;
      const int64_t yoff = (b * p->c_out + g * cog) * N;
      float *yg = y + yoff;
      const float *rg = r ? r + yoff : NULL, *bg = bias ? bias + g * cog : NULL;
      for (int64_t j0 = 0; j0 < N; j0 += 64) {
        const int64_t nj = N - j0 < 64 ? N - j0 : 64;
        int64_t k0 = 0;
        do {
          const int64_t kc = K - k0 < KC ? K - k0 : KC;
          const int init = k0 == 0, last = k0 + kc >= K;
          kiln_f32_conv_pack__avx2(p, xg, j0, nj, k0, kc, panel);
          for (int64_t jj = 0; jj < nj; jj += 16) {
            const int64_t nc = nj - jj < 16 ? nj - jj : 16;
            for (int64_t i0 = 0; i0 < cog; i0 += 6) {
              const int mr = cog - i0 < 6 ? (int)(cog - i0) : 6;
              kiln_f32_ukr_any__avx2(1, nc, mr, kc, w + g * wg + (i0 / 6) * K * 6 + k0 * 6, 1, 6,
                                     panel + jj, 64, yg + i0 * N + j0 + jj, N, init,
                                     bg ? bg + i0 : NULL, rg ? rg + i0 * N + j0 + jj : NULL,
                                     last ? &p->act : NULL);
            }
          }
          k0 += kc;
        } while (k0 < K);
      }
    }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_conv_avx2_fn_)(void);
extern const kiln_conv_avx2_fn_ kiln_conv_avx2_used_[];
const kiln_conv_avx2_fn_ kiln_conv_avx2_used_[] = {(kiln_conv_avx2_fn_)kiln_f32_conv2d_1x1__avx2, (kiln_conv_avx2_fn_)kiln_f32_conv2d_gemm__avx2};
#endif

#endif
