/* conv_avx512.c - f32 convolutions on NCHW activations for x86-64 AVX-512.
 *
 * 1x1, stride 1, no padding: per image and group a GEMM
 *     Y[c_out][hw] = W[c_out][c_in] * X[c_in][hw]
 * run by kiln_f32_gemm_batch__avx512 reading X in place (B rows = channel
 * planes). W was packed at compile time into 6-row panels [cog/6][cig][6].
 *
 * KxK (any stride, padding, dilation, groups): implicit GEMM over
 * K = c_in/group * k_h * k_w. For each 64-column block of output pixels and
 * each K block of KC rows, the im2col panel [KC][64] is built in the node's
 * scratch (32..64 KiB, reused at once by every 6-row block of output
 * channels), so no full im2col buffer ever exists. Rows of the panel are
 * copied with 16-wide masked loads (stride 1) or loads + even-lane permutes
 * (stride 2); padding becomes zeros.
 *
 * Depthwise (group == c_in == c_out, dilation 1, stride 1 or 2): vectorised
 * over 16 output columns; taps in the padding are masked-off lanes. Bias,
 * residual and activation are applied in registers.
 */
#include "kiln_kernels.h"
#include "conv.h"
#include "gemm.h"
#include "gemm_avx512.h"

#if defined(__x86_64__) && defined(__GNUC__)

#ifndef KILN_HOST
/* Package-mode compile check of this file alone (never copied into a
 * package): the GEMM driver it calls lives in gemm_avx512.c. */
#include "gemm_avx512.c"
#endif

//@kernel kiln_f32_conv2d_1x1__avx512 needs kiln_conv2d_params kiln_f32_gemm_6x64__avx512
/* 1x1 convolution, stride 1, no padding; w packed [G][ceil(cog/6)][cig][6].
 * One GEMM per image and group, all of them one batch for the threads. */
KILN_KERNEL KILN_AVX512_FN void kiln_f32_conv2d_1x1__avx512(const kiln_conv2d_params *p,
                                                            const float *x, const float *w,
                                                            const float *bias, const float *r,
                                                            float *y, const kiln_par *par) {
  const int64_t G = p->group, cig = p->c_in / G, cog = p->c_out / G;
  const int64_t hw = p->h_in * p->w_in;
  kiln_ugemm_params u;
  kiln_gemm_job j;
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
  kiln_gemm_job_init(&j, &u, w, x, r, y);
  j.a_bs = (cog + 5) / 6 * 6 * cig;
  j.a_mod = G;
  j.bias = bias;
  j.bias_bs = cog;
  j.b_bs = cig * hw; /* image b, group g: x + (b * c_in + g * cig) * hw */
  j.y_bs = cog * hw;
  kiln_f32_gemm_batch__avx512(&j, p->n * G, par);
}
//@end

//@kernel kiln_f32_conv_pack__avx512 needs kiln_conv2d_params kiln_avx512_defs
/* Output positions o in [0, out) whose input tap o * s + off lies in
 * [0, in), as [*lo, *hi). */
static inline void kiln_conv_span(int64_t off, int64_t s, int64_t in, int64_t out, int64_t *lo,
                                  int64_t *hi) {
  int64_t a = off < 0 ? (-off + s - 1) / s : 0;
  int64_t last = in - 1 - off;
  int64_t b = last < 0 ? 0 : last / s + 1;
  if (b > out) b = out;
  if (a > b) a = b;
  *lo = a;
  *hi = b;
}

/* dst[o] = src[o * s] for o < n (s = 1 or 2 vectorised, else scalar). */
KILN_AVX512_INLINE void kiln_f32_copy_strided__avx512(int64_t n, int64_t s, const float *src,
                                                      float *dst) {
  int64_t o = 0;
  if (s == 1) {
    for (; o + 16 <= n; o += 16) _mm512_storeu_ps(dst + o, _mm512_loadu_ps(src + o));
    if (o < n) {
      const __mmask16 m = (__mmask16)((1u << (n - o)) - 1u);
      _mm512_mask_storeu_ps(dst + o, m, _mm512_maskz_loadu_ps(m, src + o));
    }
  } else if (s == 2) {
    const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
    for (; o < n; o += 16) {
      const int64_t c = n - o < 16 ? n - o : 16, e = 2 * c - 1; /* elements read */
      const __mmask16 m0 = (__mmask16)(e >= 16 ? 0xFFFFu : (1u << e) - 1u);
      const __mmask16 m1 = (__mmask16)(e <= 16 ? 0u : (1u << (e - 16)) - 1u);
      const __m512 lo = _mm512_maskz_loadu_ps(m0, src + 2 * o);
      const __m512 hi = _mm512_maskz_loadu_ps(m1, src + 2 * o + 16);
      _mm512_mask_storeu_ps(dst + o, (__mmask16)((1u << c) - 1u), _mm512_permutex2var_ps(lo, even, hi));
    }
  } else {
    for (; o < n; o++) dst[o] = src[o * s];
  }
}

/* Builds rows [k0, k0 + kc) of the im2col panel for output pixels
 * [j0, j0 + nj) of one group: panel[(kk - k0) * 64 + (j - j0)] =
 * x[ic][oh * sh - pt + kh * dh][ow * sw - pl + kw * dw] (0 in the padding),
 * with kk = (ic * k_h + kh) * k_w + kw and j = oh * w_out + ow. */
KILN_AVX512_INLINE void kiln_f32_conv_pack__avx512(const kiln_conv2d_params *p, const float *xg,
                                                   int64_t j0, int64_t nj, int64_t k0, int64_t kc,
                                                   float *panel) {
  const int64_t H = p->h_in, Wd = p->w_in, OW = p->w_out, KH = p->k_h, KW = p->k_w;
  for (int64_t kk = k0; kk < k0 + kc; kk++) {
    const int64_t ic = kk / (KH * KW), kh = kk / KW % KH, kw = kk % KW;
    const float *xc = xg + ic * H * Wd;
    const int64_t off = kw * p->dil_w - p->pad_l;
    int64_t lo, hi;
    kiln_conv_span(off, p->stride_w, Wd, OW, &lo, &hi);
    float *dst = panel + (kk - k0) * 64;
    int64_t j = j0;
    while (j < j0 + nj) {
      const int64_t oh = j / OW, ow0 = j - oh * OW;
      const int64_t ow1 = (j0 + nj - oh * OW) < OW ? j0 + nj - oh * OW : OW;
      float *d = dst + (j - j0) - ow0; /* d[ow] for ow in [ow0, ow1) */
      const int64_t ih = oh * p->stride_h - p->pad_t + kh * p->dil_h;
      if (ih < 0 || ih >= H) {
        for (int64_t o = ow0; o < ow1; o++) d[o] = 0.0f;
      } else {
        const int64_t a = lo > ow0 ? lo : ow0, b = hi < ow1 ? hi : ow1;
        if (a >= b) {
          for (int64_t o = ow0; o < ow1; o++) d[o] = 0.0f;
        } else {
          for (int64_t o = ow0; o < a; o++) d[o] = 0.0f;
          kiln_f32_copy_strided__avx512(b - a, p->stride_w, xc + ih * Wd + a * p->stride_w + off,
                                        d + a);
          for (int64_t o = b; o < ow1; o++) d[o] = 0.0f;
        }
      }
      j += ow1 - ow0;
    }
  }
}
//@end

//@kernel kiln_f32_conv2d_gemm__avx512 needs kiln_conv_job kiln_f32_ukr__avx512 kiln_f32_conv_pack__avx512
/* Tasks of kiln_f32_conv2d_gemm__avx512 (kiln_conv_job): each worker
 * builds its panels in its own KILN_CONV_KC x 64 floats of scratch. */
static KILN_AVX512_FN void kiln_f32_conv2d_gemm_task__avx512(void *arg, int64_t t0, int64_t t1, int worker) {
  const kiln_conv_job *jb = (const kiln_conv_job *)arg;
  const kiln_conv2d_params *p = jb->p;
  const int64_t G = p->group, cig = p->c_in / G, cog = p->c_out / G, KC = 256; /* KILN_CONV_KC */
  const int64_t N = p->h_out * p->w_out, K = cig * p->k_h * p->k_w, wg = (cog + 5) / 6 * 6 * K;
  float *panel = jb->scratch + (int64_t)worker * KC * 64;
  for (int64_t t = t0; t < t1; t++) {
    const int64_t bg = t / (jb->nj * jb->ni), jp = t / jb->ni % jb->nj, ic = t % jb->ni;
    const int64_t b = bg / G, g = bg % G;
    const float *xg = jb->x + (b * p->c_in + g * cig) * p->h_in * p->w_in;
    const int64_t yoff = (b * p->c_out + g * cog) * N;
    float *yg = jb->y + yoff;
    const float *rg = jb->r ? jb->r + yoff : NULL, *bgp = jb->bias ? jb->bias + g * cog : NULL;
    const int64_t j0 = jp * 64, nj = N - j0 < 64 ? N - j0 : 64;
    const int64_t i_lo = ic * jb->mc, i_hi = i_lo + jb->mc < cog ? i_lo + jb->mc : cog;
    const int nv = (int)((nj + 15) / 16);
    const __mmask16 ml = (__mmask16)((1u << (nj - (nv - 1) * 16)) - 1u);
    int64_t k0 = 0;
    do {
      const int64_t kc = K - k0 < KC ? K - k0 : KC;
      const int init = k0 == 0, last = k0 + kc >= K;
      kiln_f32_conv_pack__avx512(p, xg, j0, nj, k0, kc, panel);
      for (int64_t i0 = i_lo; i0 < i_hi; i0 += 6) {
        const int mr = i_hi - i0 < 6 ? (int)(i_hi - i0) : 6;
        kiln_f32_ukr_any__avx512(1, nv, mr, ml, kc, jb->w + g * wg + (i0 / 6) * K * 6 + k0 * 6, 1, 6,
                                 panel, 64, yg + i0 * N + j0, N, init, bgp ? bgp + i0 : NULL,
                                 rg ? rg + i0 * N + j0 : NULL, last ? &p->act : NULL);
      }
      k0 += kc;
    } while (k0 < K);
  }
}

/* KxK convolution as implicit GEMM (see the file comment). w packed
 * [G][ceil(cog/6)][cig * k_h * k_w][6]; scratch holds KILN_CONV_KC x 64
 * floats per worker. */
KILN_KERNEL KILN_AVX512_FN void kiln_f32_conv2d_gemm__avx512(const kiln_conv2d_params *p,
                                                             const float *x, const float *w,
                                                             const float *bias, const float *r,
                                                             float *y, void *scratch,
                                                             const kiln_par *par) {
  kiln_conv_job jb;
  kiln_conv_job_init(&jb, p, x, w, bias, r, y, scratch);
  kiln_par_for(par, kiln_conv_job_split(&jb, kiln_par_threads(par)), kiln_f32_conv2d_gemm_task__avx512, &jb);
}
//@end

//@kernel kiln_f32_conv2d_s1__avx512 needs kiln_conv_job kiln_f32_ukr__avx512
/* The tap loop of kiln_f32_conv2d_s1__avx512: an MR x (NV * 16) tile
 * summed over ntap taps x kc input channels, entirely in registers. Tap t
 * reads B rows at b + toff[t] (row stride b_rs) with lane masks tm[t][v]
 * (0 where the tap falls in the padding); A is [tap][kc][6]. */
KILN_AVX512_INLINE void kiln_f32_ukr_taps__avx512(const int NV, int mr, int ntap,
                                                  const int64_t *toff, const __mmask16 *tm,
                                                  int64_t kc, const float *a, const float *b,
                                                  int64_t b_rs, float *y, int64_t ldy,
                                                  __mmask16 ml, const float *bias, const float *r,
                                                  const kiln_act *act) {
  __m512 c[6][4];
#pragma GCC unroll 6
  for (int i = 0; i < 6; i++) {
    const int ii = i < mr ? i : mr - 1;
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) {
      const __mmask16 m = v == NV - 1 ? ml : (__mmask16)0xFFFF;
      c[i][v] = bias ? _mm512_set1_ps(bias[ii]) : _mm512_setzero_ps();
      if (r && i < mr) c[i][v] = _mm512_add_ps(c[i][v], _mm512_maskz_loadu_ps(m, r + i * ldy + v * 16));
    }
  }
  for (int t = 0; t < ntap; t++) {
    const float *bt = b + toff[t];
    __mmask16 m[4];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) m[v] = tm[t * 4 + v];
    for (int64_t k = 0; k < kc; k++) {
      __m512 bv[4];
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) bv[v] = _mm512_maskz_loadu_ps(m[v], bt + v * 16);
#pragma GCC unroll 6
      for (int i = 0; i < 6; i++) {
        const __m512 av = _mm512_set1_ps(a[i]);
#pragma GCC unroll 4
        for (int v = 0; v < NV; v++) c[i][v] = _mm512_fmadd_ps(av, bv[v], c[i][v]);
      }
      a += 6;
      bt += b_rs;
    }
  }
  const int vec = kiln_act_vec(act);
#pragma GCC unroll 6
  for (int i = 0; i < 6; i++) {
    if (i >= mr) break;
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) {
      const __mmask16 m = v == NV - 1 ? ml : (__mmask16)0xFFFF;
      __m512 t = c[i][v];
      if (vec) t = kiln_f32_act16__avx512(act, t);
      _mm512_mask_storeu_ps(y + i * ldy + v * 16, m, t);
    }
    if (!vec) kiln_f32_act_row__avx512(act, y + i * ldy, (NV - 1) * 16 + __builtin_popcount((unsigned)ml));
  }
}

/* Stride-1 convolution whose output plane has the input's size ("same"
 * padding: 3x3 p1, 5x5 p2, ...), at most 64 taps, any dilation and groups.
 * Output pixel j = oh * w + ow reads x[ic][j + dy * w + dx] for tap (dy,
 * dx), so every tap is a GEMM over the input planes read in place with a
 * shifted base and lane masks for the padding: no packing, no scratch, and
 * the whole K (taps x channels) accumulates in registers. w is packed
 * [G][ceil(cog/6)][k_h * k_w][cig][6] (tap-major). */
/* Tasks: (64-pixel block, image x group, chunk of mc output channels). */
static KILN_AVX512_FN void kiln_f32_conv2d_s1_task__avx512(void *arg, int64_t t0, int64_t t1, int worker) {
  const kiln_conv_job *jb = (const kiln_conv_job *)arg;
  const kiln_conv2d_params *p = jb->p;
  const int64_t G = p->group, cig = p->c_in / G, cog = p->c_out / G;
  const int64_t H = p->h_in, Wd = p->w_in, N = H * Wd, KW = p->k_w;
  const int ntap = (int)(p->k_h * KW);
  const int64_t wg = (cog + 5) / 6 * 6 * cig * ntap, per = p->n * G * jb->ni;
  int64_t toff[64], cur = -1;
  __mmask16 tm[64 * 4];
  (void)worker;
  for (int64_t t = t0; t < t1; t++) {
    const int64_t jp = t / per, bg = t / jb->ni % (p->n * G), ic = t % jb->ni;
    const int64_t j0 = jp * 64, nj = N - j0 < 64 ? N - j0 : 64;
    const int nv = (int)((nj + 15) / 16);
    const __mmask16 ml = (__mmask16)((1u << (nj - (nv - 1) * 16)) - 1u);
    if (jp != cur) { /* tap offsets and padding masks of this pixel block */
      cur = jp;
      for (int tp = 0; tp < ntap; tp++) {
        const int64_t dy = tp / KW * p->dil_h - p->pad_t, dx = tp % KW * p->dil_w - p->pad_l;
        toff[tp] = dy * Wd + dx;
        for (int v = 0; v < 4; v++) {
          unsigned bits = 0;
          for (int l = 0; l < 16; l++) {
            const int64_t j = j0 + v * 16 + l, oh = j / Wd, ow = j - oh * Wd;
            if (j < j0 + nj && oh + dy >= 0 && oh + dy < H && ow + dx >= 0 && ow + dx < Wd) bits |= 1u << l;
          }
          tm[tp * 4 + v] = (__mmask16)bits;
        }
      }
    }
    const int64_t b = bg / G, g = bg % G;
    const float *xg = jb->x + (b * p->c_in + g * cig) * N + j0;
    const int64_t yoff = (b * p->c_out + g * cog) * N + j0;
    const int64_t i_lo = ic * jb->mc, i_hi = i_lo + jb->mc < cog ? i_lo + jb->mc : cog;
    for (int64_t i0 = i_lo; i0 < i_hi; i0 += 6) {
      const int mr = i_hi - i0 < 6 ? (int)(i_hi - i0) : 6;
      const float *a = jb->w + g * wg + (i0 / 6) * 6 * cig * ntap;
      const float *bi = jb->bias ? jb->bias + g * cog + i0 : NULL;
      const float *ri = jb->r ? jb->r + yoff + i0 * N : NULL;
      float *yi = jb->y + yoff + i0 * N;
      switch (nv) {
      case 4: kiln_f32_ukr_taps__avx512(4, mr, ntap, toff, tm, cig, a, xg, N, yi, N, ml, bi, ri, &p->act); break;
      case 3: kiln_f32_ukr_taps__avx512(3, mr, ntap, toff, tm, cig, a, xg, N, yi, N, ml, bi, ri, &p->act); break;
      case 2: kiln_f32_ukr_taps__avx512(2, mr, ntap, toff, tm, cig, a, xg, N, yi, N, ml, bi, ri, &p->act); break;
      default: kiln_f32_ukr_taps__avx512(1, mr, ntap, toff, tm, cig, a, xg, N, yi, N, ml, bi, ri, &p->act); break;
      }
    }
  }
}

KILN_KERNEL KILN_AVX512_FN void kiln_f32_conv2d_s1__avx512(const kiln_conv2d_params *p,
                                                           const float *x, const float *w,
                                                           const float *bias, const float *r,
                                                           float *y, const kiln_par *par) {
  kiln_conv_job jb; /* output plane == input plane here */
  kiln_conv_job_init(&jb, p, x, w, bias, r, y, NULL);
  kiln_par_for(par, kiln_conv_job_split(&jb, kiln_par_threads(par)), kiln_f32_conv2d_s1_task__avx512, &jb);
}
//@end

//@kernel kiln_f32_dwconv2d__avx512 needs kiln_conv_job kiln_f32_act16__avx512 kiln_tap_masks__avx512
/* Depthwise convolution (group == c_in == c_out), dilation 1, stride 1 or
 * 2, at most 16 taps per row (k_w <= 16); w in ONNX layout. 16 output
 * columns per vector. The lane masks of the taps (padding columns) depend
 * only on the column chunk and kw, so they are computed once per chunk and
 * channel; each tap is then one masked load (stride 2: two and an even-lane
 * permute) and one FMA with the weight broadcast from memory. */
/* Tasks: the planes (image, channel) [t0, t1). */
static KILN_AVX512_FN void kiln_f32_dwconv2d_task__avx512(void *arg, int64_t t0, int64_t t1, int worker) {
  const kiln_conv_job *jb = (const kiln_conv_job *)arg;
  const kiln_conv2d_params *p = jb->p;
  const float *x = jb->x, *w = jb->w, *bias = jb->bias, *r = jb->r;
  float *y = jb->y;
  const int64_t C = p->c_out, H = p->h_in, Wd = p->w_in, OH = p->h_out, OW = p->w_out;
  const int64_t KH = p->k_h, KW = p->k_w, SH = p->stride_h, SW = p->stride_w;
  const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const int vec = kiln_act_vec(&p->act);
  /* masks of up to 16 column chunks (w_out <= 256) are computed once;
   * wider rows recompute them per chunk */
  __mmask16 mk0[16][16], mk1[16][16];
  const int64_t nchunk = (OW + 15) / 16;
  for (int64_t ci = 0; ci < nchunk; ci++) {
    const int64_t ow0 = ci * 16, n = OW - ow0 < 16 ? OW - ow0 : 16;
    if (ci >= 16) break;
    for (int64_t kw = 0; kw < KW; kw++) /* lanes reading inside the row */
      kiln_tap_masks__avx512(ow0 * SW - p->pad_l + kw, Wd, n, SW, &mk0[ci][kw], &mk1[ci][kw]);
  }
  (void)worker;
  for (int64_t t = t0; t < t1; t++) {
    const int64_t b = t / C, c = t % C;
      for (int64_t ci = 0; ci < nchunk; ci++) {
        const int64_t ow0 = ci * 16, n = OW - ow0 < 16 ? OW - ow0 : 16;
        const __mmask16 m = (__mmask16)((1u << n) - 1u);
        __mmask16 t0[16], t1[16];
        const __mmask16 *m0 = mk0[ci < 16 ? ci : 0], *m1 = mk1[ci < 16 ? ci : 0];
        if (ci >= 16) {
          for (int64_t kw = 0; kw < KW; kw++)
            kiln_tap_masks__avx512(ow0 * SW - p->pad_l + kw, Wd, n, SW, &t0[kw], &t1[kw]);
          m0 = t0;
          m1 = t1;
        }
        const float *xc = x + (b * C + c) * H * Wd, *wc = w + c * KH * KW;
        const int64_t yoff = (b * C + c) * OH * OW;
        float *yc = y + yoff + ow0;
        const float *rc = r ? r + yoff + ow0 : NULL;
        const __m512 bv = _mm512_set1_ps(bias ? bias[c] : 0.0f);
        const float *xw = xc + ow0 * SW - p->pad_l;
        /* four output rows at a time: four independent FMA chains */
        for (int64_t oh0 = 0; oh0 < OH; oh0 += 4) {
          const int rows = OH - oh0 < 4 ? (int)(OH - oh0) : 4;
          __m512 acc[4];
#pragma GCC unroll 4
          for (int q = 0; q < 4; q++) {
            acc[q] = bv;
            if (rc && q < rows) acc[q] = _mm512_add_ps(acc[q], _mm512_maskz_loadu_ps(m, rc + (oh0 + q) * OW));
          }
          for (int64_t kh = 0; kh < KH; kh++) {
            const float *wr = wc + kh * KW;
#pragma GCC unroll 4
            for (int q = 0; q < 4; q++) {
              const int64_t ih = (oh0 + q) * SH - p->pad_t + kh;
              if (q >= rows || ih < 0 || ih >= H) continue;
              const float *xr = xw + ih * Wd;
              if (SW == 1) {
                for (int64_t kw = 0; kw < KW; kw++)
                  acc[q] = _mm512_fmadd_ps(_mm512_set1_ps(wr[kw]), _mm512_maskz_loadu_ps(m0[kw], xr + kw), acc[q]);
              } else {
                for (int64_t kw = 0; kw < KW; kw++) {
                  const __m512 lo = _mm512_maskz_loadu_ps(m0[kw], xr + kw);
                  const __m512 hi = _mm512_maskz_loadu_ps(m1[kw], xr + kw + 16);
                  acc[q] = _mm512_fmadd_ps(_mm512_set1_ps(wr[kw]), _mm512_permutex2var_ps(lo, even, hi), acc[q]);
                }
              }
            }
          }
#pragma GCC unroll 4
          for (int q = 0; q < 4; q++) {
            if (q >= rows) break;
            float *yr = yc + (oh0 + q) * OW;
            _mm512_mask_storeu_ps(yr, m, vec ? kiln_f32_act16__avx512(&p->act, acc[q]) : acc[q]);
            if (!vec) kiln_f32_act_row__avx512(&p->act, yr, n);
          }
        }
      }
  }
}

KILN_KERNEL KILN_AVX512_FN void kiln_f32_dwconv2d__avx512(const kiln_conv2d_params *p,
                                                          const float *x, const float *w,
                                                          const float *bias, const float *r,
                                                          float *y, const kiln_par *par) {
  kiln_conv_job jb;
  kiln_conv_job_init(&jb, p, x, w, bias, r, y, NULL);
  kiln_par_for(par, p->n * p->c_out, kiln_f32_dwconv2d_task__avx512, &jb);
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_conv_avx512_fn_)(void);
extern const kiln_conv_avx512_fn_ kiln_conv_avx512_used_[];
const kiln_conv_avx512_fn_ kiln_conv_avx512_used_[] = {(kiln_conv_avx512_fn_)kiln_f32_conv2d_1x1__avx512, (kiln_conv_avx512_fn_)kiln_f32_conv2d_s1__avx512, (kiln_conv_avx512_fn_)kiln_f32_conv2d_gemm__avx512, (kiln_conv_avx512_fn_)kiln_f32_dwconv2d__avx512};
#endif

#endif
