/* gemm_avx512.h - prototypes of the AVX-512 GEMM and convolution kernels
 * (gemm_avx512.c, conv_avx512.c), for the compiler and the kernel tests.
 * The kernels exist only on x86-64 GCC/Clang hosts; callers check the CPU
 * (tests) or the target (emitters) first.
 */
#ifndef KILN_KERNELS_GEMM_AVX512_H
#define KILN_KERNELS_GEMM_AVX512_H

#include "kiln_kernels.h"
#include "gemm.h"
#include "conv.h"

/* Tile of the AVX-512 microkernel: packed A panels have KILN_AVX512_MR rows,
 * packed B panels KILN_AVX512_NR columns. */
#define KILN_AVX512_MR 6
#define KILN_AVX512_NR 64

#if defined(__x86_64__) && defined(__GNUC__)
/* The microkernel and its helpers are static inline, shared by the GEMM and
 * convolution drivers (gemm_avx512.c, conv_avx512.c). */

//@kernel kiln_avx512_defs
#include <immintrin.h>
#define KILN_AVX512_FN __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma")))
#define KILN_AVX512_INLINE static inline __attribute__((always_inline)) KILN_AVX512_FN
//@end

//@kernel kiln_tap_masks__avx512 needs kiln_avx512_defs
/* Lane masks for one tap of a 16-column output chunk of a row kernel
 * (depthwise convolution, max pooling): the tap reads x[iw0 + l], l < 32
 * (stride 2: two loads, then an even-lane permute), and element l is
 * loaded when it lies in [0, w) and feeds an output lane below n. */
static inline void kiln_tap_masks__avx512(int64_t iw0, int64_t w, int64_t n, int64_t sw, __mmask16 *m0,
                                          __mmask16 *m1) {
  unsigned b0 = 0, b1 = 0;
  for (int l = 0; l < 32; l++) {
    const int64_t iw = iw0 + l, o = sw == 1 ? l : l / 2; /* output lane of element l */
    const int ok = iw >= 0 && iw < w && o < n && (sw == 1 ? l < 16 : 1);
    if (ok && l < 16) b0 |= 1u << l;
    if (ok && l >= 16) b1 |= 1u << (l - 16);
  }
  *m0 = (__mmask16)b0;
  *m1 = (__mmask16)b1;
}
//@end

//@kernel kiln_f32_act16__avx512 needs kiln_avx512_defs
/* The fused activation on one vector for the kinds that are cheap in
 * registers; kiln_act_vec() says which (others run scalar after the store). */
static inline int kiln_act_vec(const kiln_act *a) {
#ifndef __OPTIMIZE_SIZE__ /* -Os: Sigmoid/SiLU out of line, not in every tile's epilogue */
  if (a->kind == KILN_ACT_SIGMOID || a->kind == KILN_ACT_SILU) return 1;
#endif
  return a->kind == KILN_ACT_NONE || a->kind == KILN_ACT_RELU || a->kind == KILN_ACT_CLIP ||
         a->kind == KILN_ACT_LEAKY_RELU || a->kind == KILN_ACT_HARD_SIGMOID ||
         a->kind == KILN_ACT_HARD_SWISH;
}

/* e^x for x <= 0 (16 lanes): x = n ln2 + r with |r| <= ln2 / 2, e^r by its
 * degree-6 Taylor polynomial (relative error below 2e-7), times 2^n. */
KILN_AVX512_INLINE __m512 kiln_f32_exp_neg16__avx512(__m512 x) {
  x = _mm512_max_ps(x, _mm512_set1_ps(-104.0f)); /* e^-104 underflows to 0 */
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x); /* ln2 in two parts */
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.0f / 720.0f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
  return _mm512_scalef_ps(p, n);
}

/* Sigmoid (silu 0) or SiLU (silu 1) of 16 lanes with kiln_act_apply's
 * formula: e = e^-|v|; sigmoid = 1 / (1 + e) for v >= 0, e / (1 + e)
 * below; SiLU = v * sigmoid. NaN stays NaN. */
KILN_AVX512_INLINE __m512 kiln_f32_sigmoid16__avx512(__m512 v, int silu) {
  const __m512 one = _mm512_set1_ps(1.0f);
  const __m512 e = kiln_f32_exp_neg16__avx512(_mm512_min_ps(v, _mm512_sub_ps(_mm512_setzero_ps(), v)));
  const __mmask16 pos = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GE_OQ);
  __m512 s = _mm512_div_ps(_mm512_mask_blend_ps(pos, e, one), _mm512_add_ps(one, e));
  if (silu) s = _mm512_mul_ps(v, s);
  return _mm512_mask_mov_ps(s, _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q), v);
}

/* The activations that are not cheap in registers (Tanh), over one stored
 * row of a tile, kept out of line so the unrolled tiles stay small. */
static __attribute__((noinline, unused)) KILN_AVX512_FN void kiln_f32_act_row__avx512(const kiln_act *a, float *y, int64_t n) {
  if (a->kind == KILN_ACT_SIGMOID || a->kind == KILN_ACT_SILU) {
    for (int64_t j = 0; j < n; j += 16) {
      const __mmask16 m = n - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - j)) - 1u);
      const __m512 v = _mm512_maskz_loadu_ps(m, y + j);
      _mm512_mask_storeu_ps(y + j, m, kiln_f32_sigmoid16__avx512(v, a->kind == KILN_ACT_SILU));
    }
    return;
  }
  for (int64_t j = 0; j < n; j++) y[j] = kiln_act_apply(a, y[j]);
}

KILN_AVX512_INLINE __m512 kiln_f32_act16__avx512(const kiln_act *a, __m512 v) {
  switch (a->kind) {
  case KILN_ACT_RELU: return _mm512_max_ps(v, _mm512_setzero_ps());
  case KILN_ACT_CLIP: /* min first, as the scalar path (min > max gives max) */
    return _mm512_min_ps(_mm512_max_ps(v, _mm512_set1_ps(a->alpha)), _mm512_set1_ps(a->beta));
  case KILN_ACT_LEAKY_RELU: {
    __mmask16 neg = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_LT_OQ);
    return _mm512_mask_mul_ps(v, neg, v, _mm512_set1_ps(a->alpha));
  }
  case KILN_ACT_HARD_SIGMOID: {
    __m512 t = _mm512_fmadd_ps(v, _mm512_set1_ps(a->alpha), _mm512_set1_ps(a->beta));
    return _mm512_min_ps(_mm512_max_ps(t, _mm512_setzero_ps()), _mm512_set1_ps(1.0f));
  }
  case KILN_ACT_HARD_SWISH: {
    __m512 t = _mm512_add_ps(_mm512_mul_ps(v, _mm512_set1_ps(1.0f / 6.0f)), _mm512_set1_ps(0.5f));
    t = _mm512_min_ps(_mm512_max_ps(t, _mm512_setzero_ps()), _mm512_set1_ps(1.0f));
    return _mm512_mul_ps(v, t);
  }
#ifndef __OPTIMIZE_SIZE__
  case KILN_ACT_SIGMOID: return kiln_f32_sigmoid16__avx512(v, 0);
  case KILN_ACT_SILU: return kiln_f32_sigmoid16__avx512(v, 1);
#endif
  default: return v;
  }
}
//@end

//@kernel kiln_f32_ukr__avx512 needs kiln_avx512_defs kiln_f32_act16__avx512
/* The MR x (NV * 16) microkernel (MR <= 6, NV <= 4, both compile-time
 * constants at every call so the tile lives in registers). Rows >= mr are
 * computed on a clamped A row and not stored; of the NV vectors the first
 * nv (<= NV) are live and ml masks the last live one's columns (nv == NV at
 * every --opt speed call; --opt size runs one NV = 4 instance for all). init: Y tile = bias[i] + r tile (either may be NULL); else the
 * tile continues from Y. act: applied before the store (NULL = not the last
 * K block). A element (i, k) is a[i * a_rs + k * a_cs], B element (k, j) is
 * b[k * b_rs + j]. */
KILN_AVX512_INLINE void kiln_f32_ukr__avx512(const int MR, const int NV, int nv, int mr, __mmask16 ml,
                                             int64_t kc, const float *a, int64_t a_rs,
                                             int64_t a_cs, const float *b, int64_t b_rs,
                                             float *y, int64_t ldy, int init, const float *bias,
                                             const float *r, const kiln_act *act) {
  __m512 c[6][4];
  const float *ap[6];
#pragma GCC unroll 6
  for (int i = 0; i < MR; i++) {
    const int ii = i < mr ? i : mr - 1;
    ap[i] = a + ii * a_rs;
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) {
      const __mmask16 m = v < nv - 1 ? (__mmask16)0xFFFF : v == nv - 1 ? ml : (__mmask16)0;
      if (init) {
        c[i][v] = bias ? _mm512_set1_ps(bias[ii]) : _mm512_setzero_ps();
        if (r && i < mr) c[i][v] = _mm512_add_ps(c[i][v], _mm512_maskz_loadu_ps(m, r + i * ldy + v * 16));
      } else {
        c[i][v] = i < mr ? _mm512_maskz_loadu_ps(m, y + i * ldy + v * 16) : _mm512_setzero_ps();
      }
    }
  }
  for (int64_t k = 0; k < kc; k++) {
    __m512 bv[4];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++)
      bv[v] = v < nv - 1 ? _mm512_loadu_ps(b + v * 16)
              : _mm512_maskz_loadu_ps(v == nv - 1 ? ml : (__mmask16)0, b + v * 16);
#pragma GCC unroll 6
    for (int i = 0; i < MR; i++) {
      const __m512 av = _mm512_set1_ps(ap[i][k * a_cs]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) c[i][v] = _mm512_fmadd_ps(av, bv[v], c[i][v]);
    }
    b += b_rs;
  }
  const int vec = act ? kiln_act_vec(act) : 1;
#pragma GCC unroll 6
  for (int i = 0; i < MR; i++) {
    if (i >= mr) break;
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) {
      const __mmask16 m = v < nv - 1 ? (__mmask16)0xFFFF : v == nv - 1 ? ml : (__mmask16)0;
      __m512 t = c[i][v];
      if (act && vec) t = kiln_f32_act16__avx512(act, t);
      _mm512_mask_storeu_ps(y + i * ldy + v * 16, m, t);
    }
    if (act && !vec)
      kiln_f32_act_row__avx512(act, y + i * ldy, (nv - 1) * 16 + __builtin_popcount((unsigned)ml));
  }
}

/* One call for a tile of nv (1..4) vectors; the switch picks the unrolled
 * instance. Packed A (a_rs = 1, a_cs = 6) gets its own instances so the
 * row offsets are constants. Under -Os (--opt size) it is one out-of-line
 * NV = 4 instance for every tile width instead. */
#if defined(__OPTIMIZE_SIZE__)
static __attribute__((noinline, unused)) KILN_AVX512_FN void
#else
KILN_AVX512_INLINE void
#endif
kiln_f32_ukr_any__avx512(int packed, int nv, int mr, __mmask16 ml, int64_t kc, const float *a,
                         int64_t a_rs, int64_t a_cs, const float *b, int64_t b_rs, float *y,
                         int64_t ldy, int init, const float *bias, const float *r,
                         const kiln_act *act) {
#if defined(__OPTIMIZE_SIZE__)
  if (packed) a_rs = 1, a_cs = 6;
  kiln_f32_ukr__avx512(6, 4, nv, mr, ml, kc, a, a_rs, a_cs, b, b_rs, y, ldy, init, bias, r, act);
#else
  if (packed) {
    switch (nv) {
    case 4: kiln_f32_ukr__avx512(6, 4, 4, mr, ml, kc, a, 1, 6, b, b_rs, y, ldy, init, bias, r, act); break;
    case 3: kiln_f32_ukr__avx512(6, 3, 3, mr, ml, kc, a, 1, 6, b, b_rs, y, ldy, init, bias, r, act); break;
    case 2: kiln_f32_ukr__avx512(6, 2, 2, mr, ml, kc, a, 1, 6, b, b_rs, y, ldy, init, bias, r, act); break;
    default: kiln_f32_ukr__avx512(6, 1, 1, mr, ml, kc, a, 1, 6, b, b_rs, y, ldy, init, bias, r, act); break;
    }
  } else {
    switch (nv) {
    case 4: kiln_f32_ukr__avx512(6, 4, 4, mr, ml, kc, a, a_rs, a_cs, b, b_rs, y, ldy, init, bias, r, act); break;
    case 3: kiln_f32_ukr__avx512(6, 3, 3, mr, ml, kc, a, a_rs, a_cs, b, b_rs, y, ldy, init, bias, r, act); break;
    case 2: kiln_f32_ukr__avx512(6, 2, 2, mr, ml, kc, a, a_rs, a_cs, b, b_rs, y, ldy, init, bias, r, act); break;
    default: kiln_f32_ukr__avx512(6, 1, 1, mr, ml, kc, a, a_rs, a_cs, b, b_rs, y, ldy, init, bias, r, act); break;
    }
  }
#endif
}
//@end

#endif

#if defined(KILN_HOST) && defined(__x86_64__) && defined(__GNUC__)
#define KILN_HAVE_AVX512_KERNELS 1
KILN_KERNEL void kiln_f32_gemm_6x64__avx512(const kiln_ugemm_params *p, const float *a,
                                            const float *b, const float *bias, const float *r,
                                            float *y);
/* Runs `batch` GEMMs of j (which it completes with its split) on par's threads. */
KILN_KERNEL void kiln_f32_gemm_batch__avx512(kiln_gemm_job *j, int64_t batch, const kiln_par *par);
KILN_KERNEL void kiln_f32_gemm__avx512(const kiln_gemm_params *p, const kiln_ugemm_params *u,
                                       const float *a, const float *b, const float *c,
                                       const float *r, float *y, const kiln_par *par);
KILN_KERNEL void kiln_f32_matmul__avx512(const kiln_matmul_params *p, const kiln_ugemm_params *u,
                                         const float *a, const float *b, const float *r, float *y,
                                         const kiln_par *par);
/* Convolutions; w is packed by kiln_conv_pack_w (src/ops/conv.c order):
 * [group][ceil(c_out/group / 6)][c_in/group * k_h * k_w][6]. */
KILN_KERNEL void kiln_f32_conv2d_1x1__avx512(const kiln_conv2d_params *p, const float *x,
                                             const float *w, const float *bias, const float *r,
                                             float *y, const kiln_par *par);
/* scratch: KILN_CONV_KC x 64 floats (conv.h). */
/* Stride 1, output plane == input plane, <= 64 taps; w packed tap-major
 * [G][ceil(cog/6)][k_h * k_w][cig][6]. */
KILN_KERNEL void kiln_f32_conv2d_wino4x4__avx512(const kiln_conv2d_params *p, const float *x,
                                                const float *w, const float *bias, const float *r,
                                                float *y, void *scratch, const kiln_par *par);
KILN_KERNEL void kiln_f32_conv2d_s1__avx512(const kiln_conv2d_params *p, const float *x,
                                            const float *w, const float *bias, const float *r,
                                            float *y, const kiln_par *par);
/* scratch: KILN_CONV_KC x 64 floats per worker (par->threads of them). */
KILN_KERNEL void kiln_f32_conv2d_gemm__avx512(const kiln_conv2d_params *p, const float *x,
                                              const float *w, const float *bias, const float *r,
                                              float *y, void *scratch, const kiln_par *par);
/* Depthwise, w in ONNX layout [c][1][k_h][k_w]; dilation 1, stride 1 or 2, k_w <= 16. */
KILN_KERNEL void kiln_f32_dwconv2d__avx512(const kiln_conv2d_params *p, const float *x,
                                           const float *w, const float *bias, const float *r,
                                           float *y, const kiln_par *par);
#endif

#endif
