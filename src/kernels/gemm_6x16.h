/* gemm_6x16.h - the GEMM and convolution drivers of every 6 x 16 f32
 * microkernel (AVX2+FMA in gemm_avx2.h, NEON in gemm_neon.h), written once.
 *
 * A microkernel family provides
 *     kiln_f32_ukr_any__ISA(packed, nj, mr, kc, a, a_rs, a_cs, b, b_rs,
 *                           y, ldy, init, bias, r, act)
 * computing one tile of mr <= 6 rows and nj <= 16 columns (see
 * kiln_f32_ukr__avx2). The KILN_DEF_* macros below expand to the drivers
 * around it: KILN_DEF_GEMM_6X16(avx2, KILN_AVX2_FN) defines
 * kiln_f32_gemm_6x16__avx2, and so on. Each ISA file has one section per
 * driver holding one such line, so a package carries only the drivers its
 * model calls. Blocking: 16-column panels of B, K blocks of 256, 6-row
 * blocks of A; KxK convolutions run as implicit GEMM over im2col panels
 * [KILN_CONV_KC][64] built in the node's scratch.
 */
#ifndef KILN_KERNELS_GEMM_6X16_H
#define KILN_KERNELS_GEMM_6X16_H

#include "kiln_kernels.h"
#include "conv.h"
#include "gemm.h"

//@kernel kiln_f32_im2col_panel__c needs kiln_conv2d_params
/* Rows [k0, k0 + kc) of the im2col panel for output pixels [j0, j0 + nj)
 * of one group: panel[(kk - k0) * 64 + (j - j0)] = the input under tap kk
 * of output pixel j, 0 in the padding. Plain loops: the compiler
 * vectorises the stride-1 copies. */
static inline void kiln_f32_im2col_panel__c(const kiln_conv2d_params *p, const float *xg,
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

//@kernel kiln_gemm_6x16_drivers
/* Y = act(A * B + bias_row + R) for one kiln_ugemm_params (MR 6, NR 16). */
#define KILN_DEF_GEMM_6X16(ISA, FN)                                                          \
  KILN_KERNEL FN void kiln_f32_gemm_6x16__##ISA(const kiln_ugemm_params *p, const float *a,  \
                                                const float *b, const float *bias,           \
                                                const float *r, float *y) {                  \
    const int64_t M = p->m, N = p->n, K = p->k, KC = 256, ldy = p->ldy;                      \
    for (int64_t j0 = 0; j0 < N; j0 += 16) {                                                 \
      const int64_t nj = N - j0 < 16 ? N - j0 : 16;                                          \
      const float *bj = p->b_packed ? b + (j0 / 16) * K * 16 : b + j0;                       \
      const int64_t brs = p->b_packed ? 16 : p->b_rs;                                        \
      int64_t k0 = 0;                                                                        \
      do {                                                                                   \
        const int64_t kc = K - k0 < KC ? K - k0 : KC;                                        \
        const int init = k0 == 0 && !p->accumulate, last = k0 + kc >= K;                     \
        for (int64_t i0 = 0; i0 < M; i0 += 6) {                                             \
          const int mr = M - i0 < 6 ? (int)(M - i0) : 6;                                    \
          const float *ab =                                                                  \
              p->a_packed ? a + (i0 / 6) * K * 6 + k0 * 6 : a + i0 * p->a_rs + k0 * p->a_cs; \
          kiln_f32_ukr_any__##ISA(p->a_packed, nj, mr, kc, ab, p->a_rs, p->a_cs,             \
                                  bj + k0 * brs, brs, y + i0 * ldy + j0, ldy, init,          \
                                  bias ? bias + i0 : NULL, r ? r + i0 * ldy + j0 : NULL,     \
                                  last ? &p->act : NULL);                                    \
        }                                                                                    \
        k0 += kc;                                                                            \
      } while (k0 < K);                                                                      \
    }                                                                                        \
  }

/* ONNX Gemm on a B packed in 16-column panels (alpha folded in); u->accumulate
 * when Y starts as beta * C (+ R). */
#define KILN_DEF_GEMM(ISA, FN)                                                                \
  KILN_KERNEL FN void kiln_f32_gemm__##ISA(const kiln_gemm_params *p, const kiln_ugemm_params *u, \
                                           const float *a, const float *b, const float *c,    \
                                           const float *r, float *y, const kiln_par *par) {   \
    (void)par; /* not yet split across threads */                                            \
    if (u->accumulate) {                                                                      \
      for (int64_t i = 0; i < p->m; i++)                                                      \
        for (int64_t j = 0; j < p->n; j++)                                                    \
          y[i * p->n + j] = p->beta * c[i * p->c_rs + j * p->c_cs] + (r ? r[i * p->n + j] : 0.0f); \
      r = NULL;                                                                               \
    }                                                                                         \
    kiln_f32_gemm_6x16__##ISA(u, a, b, NULL, r, y);                                           \
  }

/* numpy MatMul: one GEMM per batch index (batch strides 0 broadcast). */
#define KILN_DEF_MATMUL(ISA, FN)                                                              \
  KILN_KERNEL FN void kiln_f32_matmul__##ISA(const kiln_matmul_params *p,                     \
                                             const kiln_ugemm_params *u, const float *a,      \
                                             const float *b, const float *r, float *y,        \
                                             const kiln_par *par) {                           \
    const int64_t mn = p->m * p->n;                                                           \
    int64_t idx[KILN_MAX_RANK], batch = 1, aoff = 0, boff = 0;                                \
    (void)par;                                                                                \
    for (int d = 0; d < p->rank; d++) {                                                       \
      idx[d] = 0;                                                                             \
      batch *= p->dims[d];                                                                    \
    }                                                                                         \
    for (int64_t bi = 0; bi < batch; bi++) {                                                  \
      kiln_f32_gemm_6x16__##ISA(u, a + aoff, b + boff, NULL, r ? r + bi * mn : NULL, y + bi * mn); \
      for (int d = p->rank - 1; d >= 0; d--) {                                                \
        aoff += p->a_bs[d];                                                                   \
        boff += p->b_bs[d];                                                                   \
        if (++idx[d] < p->dims[d]) break;                                                     \
        aoff -= p->a_bs[d] * p->dims[d];                                                      \
        boff -= p->b_bs[d] * p->dims[d];                                                      \
        idx[d] = 0;                                                                           \
      }                                                                                       \
    }                                                                                         \
  }

/* 1x1 convolution, stride 1, no padding: a GEMM on X in place;
 * w packed [G][ceil(cog/6)][cig][6]. */
#define KILN_DEF_CONV2D_1X1(ISA, FN)                                                          \
  KILN_KERNEL FN void kiln_f32_conv2d_1x1__##ISA(const kiln_conv2d_params *p, const float *x, \
                                                 const float *w, const float *bias,           \
                                                 const float *r, float *y,                    \
                                                 const kiln_par *par) {                       \
    const int64_t G = p->group, cig = p->c_in / G, cog = p->c_out / G;                        \
    const int64_t hw = p->h_in * p->w_in, wg = (cog + 5) / 6 * 6 * cig;                       \
    kiln_ugemm_params u;                                                                      \
    (void)par;                                                                                \
    u.m = cog;                                                                                \
    u.n = hw;                                                                                 \
    u.k = cig;                                                                                \
    u.a_rs = 1;                                                                               \
    u.a_cs = 6;                                                                               \
    u.b_rs = hw;                                                                              \
    u.ldy = hw;                                                                               \
    u.a_packed = 1;                                                                           \
    u.b_packed = 0;                                                                           \
    u.accumulate = 0;                                                                         \
    u.act = p->act;                                                                           \
    for (int64_t b = 0; b < p->n; b++)                                                        \
      for (int64_t g = 0; g < G; g++) {                                                       \
        const int64_t yoff = (b * p->c_out + g * cog) * hw;                                   \
        kiln_f32_gemm_6x16__##ISA(&u, w + g * wg, x + (b * p->c_in + g * cig) * hw,           \
                                  bias ? bias + g * cog : NULL, r ? r + yoff : NULL,          \
                                  y + yoff);                                                  \
      }                                                                                       \
  }

/* KxK convolution as implicit GEMM; w packed [G][ceil(cog/6)][K][6],
 * scratch holds KILN_CONV_KC x 64 floats. */
#define KILN_DEF_CONV2D_GEMM(ISA, FN)                                                         \
  KILN_KERNEL FN void kiln_f32_conv2d_gemm__##ISA(const kiln_conv2d_params *p, const float *x, \
                                                  const float *w, const float *bias,          \
                                                  const float *r, float *y, void *scratch,    \
                                                  const kiln_par *par) {                      \
    const int64_t G = p->group, cig = p->c_in / G, cog = p->c_out / G, KC = 256;              \
    const int64_t N = p->h_out * p->w_out, K = cig * p->k_h * p->k_w;                         \
    const int64_t wg = (cog + 5) / 6 * 6 * K;                                                 \
    float *panel = (float *)scratch;                                                          \
    (void)par;                                                                                \
    for (int64_t b = 0; b < p->n; b++)                                                        \
      for (int64_t g = 0; g < G; g++) {                                                       \
        const float *xg = x + (b * p->c_in + g * cig) * p->h_in * p->w_in;                    \
        const int64_t yoff = (b * p->c_out + g * cog) * N;                                    \
        float *yg = y + yoff;                                                                 \
        const float *rg = r ? r + yoff : NULL, *bg = bias ? bias + g * cog : NULL;            \
        for (int64_t j0 = 0; j0 < N; j0 += 64) {                                              \
          const int64_t nj = N - j0 < 64 ? N - j0 : 64;                                       \
          int64_t k0 = 0;                                                                     \
          do {                                                                                \
            const int64_t kc = K - k0 < KC ? K - k0 : KC;                                     \
            const int init = k0 == 0, last = k0 + kc >= K;                                    \
            kiln_f32_im2col_panel__c(p, xg, j0, nj, k0, kc, panel);                           \
            for (int64_t jj = 0; jj < nj; jj += 16) {                                         \
              const int64_t nc = nj - jj < 16 ? nj - jj : 16;                                 \
              for (int64_t i0 = 0; i0 < cog; i0 += 6) {                                       \
                const int mr = cog - i0 < 6 ? (int)(cog - i0) : 6;                            \
                kiln_f32_ukr_any__##ISA(1, nc, mr, kc, w + g * wg + (i0 / 6) * K * 6 + k0 * 6, \
                                        1, 6, panel + jj, 64, yg + i0 * N + j0 + jj, N, init, \
                                        bg ? bg + i0 : NULL,                                  \
                                        rg ? rg + i0 * N + j0 + jj : NULL,                    \
                                        last ? &p->act : NULL);                               \
              }                                                                               \
            }                                                                                 \
            k0 += kc;                                                                         \
          } while (k0 < K);                                                                   \
        }                                                                                     \
      }                                                                                       \
  }
//@end

#endif
