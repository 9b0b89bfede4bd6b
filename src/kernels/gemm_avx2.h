/* gemm_avx2.h - the AVX2+FMA f32 GEMM microkernel (static inline, shared by
 * gemm_avx2.c and conv_avx2.c) and the prototypes of the AVX2 GEMM and
 * convolution kernels, for the compiler and the kernel tests.
 *
 * Tile: MR = 6 rows x NR = 16 columns (2 ymm), 12 accumulators + 2 B
 * vectors + 1 broadcast of the 16 ymm registers. Packed A panels (conv
 * weights) are the same 6-row panels as AVX-512's; packed B panels (Gemm,
 * MatMul weights) are 16 columns wide.
 */
#ifndef KILN_KERNELS_GEMM_AVX2_H
#define KILN_KERNELS_GEMM_AVX2_H

#include "kiln_kernels.h"
#include "gemm.h"
#include "conv.h"

#define KILN_AVX2_MR 6
#define KILN_AVX2_NR 16

#if defined(__x86_64__) && defined(__GNUC__)

//@kernel kiln_avx2_defs
#include <immintrin.h>
#define KILN_AVX2_FN __attribute__((target("avx2,fma")))
#define KILN_AVX2_INLINE static inline __attribute__((always_inline)) KILN_AVX2_FN
//@end

//@kernel kiln_f32_ukr__avx2 needs kiln_avx2_defs
/* Lanes [0, n) of a ymm mask (n <= 8). */
KILN_AVX2_INLINE __m256i kiln_mask8__avx2(int64_t n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0));
}

/* Fused activation in registers for NONE/RELU/CLIP; returns 0 for kinds
 * that must run scalar after the store. */
static inline int kiln_act_vec8(const kiln_act *a) {
  return a->kind == KILN_ACT_NONE || a->kind == KILN_ACT_RELU || a->kind == KILN_ACT_CLIP;
}

KILN_AVX2_INLINE __m256 kiln_f32_act8__avx2(const kiln_act *a, __m256 v) {
  if (a->kind == KILN_ACT_RELU) return _mm256_max_ps(v, _mm256_setzero_ps());
  if (a->kind == KILN_ACT_CLIP)
    return _mm256_min_ps(_mm256_max_ps(v, _mm256_set1_ps(a->alpha)), _mm256_set1_ps(a->beta));
  return v;
}

/* MR x (NV * 8) tile, NV <= 2; as kiln_f32_ukr__avx512 (gemm_avx512.h) with
 * ml the lane mask of the last vector. */
KILN_AVX2_INLINE void kiln_f32_ukr__avx2(const int MR, const int NV, int mr, __m256i ml, int64_t nl,
                                         int64_t kc, const float *a, int64_t a_rs, int64_t a_cs,
                                         const float *b, int64_t b_rs, float *y, int64_t ldy,
                                         int init, const float *bias, const float *r,
                                         const kiln_act *act) {
  __m256 c[6][2];
  const float *ap[6];
  const __m256i all = _mm256_set1_epi32(-1);
#pragma GCC unroll 6
  for (int i = 0; i < MR; i++) {
    const int ii = i < mr ? i : mr - 1;
    ap[i] = a + ii * a_rs;
#pragma GCC unroll 2
    for (int v = 0; v < NV; v++) {
      const __m256i m = v == NV - 1 ? ml : all;
      if (init) {
        c[i][v] = bias ? _mm256_set1_ps(bias[ii]) : _mm256_setzero_ps();
        if (r && i < mr) c[i][v] = _mm256_add_ps(c[i][v], _mm256_maskload_ps(r + i * ldy + v * 8, m));
      } else {
        c[i][v] = i < mr ? _mm256_maskload_ps(y + i * ldy + v * 8, m) : _mm256_setzero_ps();
      }
    }
  }
  for (int64_t k = 0; k < kc; k++) {
    __m256 bv[2];
#pragma GCC unroll 2
    for (int v = 0; v < NV; v++)
      bv[v] = v == NV - 1 ? _mm256_maskload_ps(b + v * 8, ml) : _mm256_loadu_ps(b + v * 8);
#pragma GCC unroll 6
    for (int i = 0; i < MR; i++) {
      const __m256 av = _mm256_broadcast_ss(ap[i] + k * a_cs);
#pragma GCC unroll 2
      for (int v = 0; v < NV; v++) c[i][v] = _mm256_fmadd_ps(av, bv[v], c[i][v]);
    }
    b += b_rs;
  }
  const int vec = act ? kiln_act_vec8(act) : 1;
#pragma GCC unroll 6
  for (int i = 0; i < MR; i++) {
    if (i >= mr) break;
#pragma GCC unroll 2
    for (int v = 0; v < NV; v++) {
      const __m256i m = v == NV - 1 ? ml : all;
      __m256 t = c[i][v];
      if (act && vec) t = kiln_f32_act8__avx2(act, t);
      _mm256_maskstore_ps(y + i * ldy + v * 8, m, t);
    }
    if (act && !vec) {
      const int64_t n = (NV - 1) * 8 + nl;
      for (int64_t j = 0; j < n; j++) y[i * ldy + j] = kiln_act_apply(act, y[i * ldy + j]);
    }
  }
}

/* nj (1..16) columns: picks the unrolled instance; packed A has a_rs = 1,
 * a_cs = 6. */
KILN_AVX2_INLINE void kiln_f32_ukr_any__avx2(int packed, int64_t nj, int mr, int64_t kc,
                                             const float *a, int64_t a_rs, int64_t a_cs,
                                             const float *b, int64_t b_rs, float *y, int64_t ldy,
                                             int init, const float *bias, const float *r,
                                             const kiln_act *act) {
  const int nv = nj > 8 ? 2 : 1;
  const int64_t nl = nj - (nv - 1) * 8;
  const __m256i ml = kiln_mask8__avx2(nl);
  if (packed) {
    if (nv == 2) kiln_f32_ukr__avx2(6, 2, mr, ml, nl, kc, a, 1, 6, b, b_rs, y, ldy, init, bias, r, act);
    else kiln_f32_ukr__avx2(6, 1, mr, ml, nl, kc, a, 1, 6, b, b_rs, y, ldy, init, bias, r, act);
  } else {
    if (nv == 2) kiln_f32_ukr__avx2(6, 2, mr, ml, nl, kc, a, a_rs, a_cs, b, b_rs, y, ldy, init, bias, r, act);
    else kiln_f32_ukr__avx2(6, 1, mr, ml, nl, kc, a, a_rs, a_cs, b, b_rs, y, ldy, init, bias, r, act);
  }
}
//@end

#endif

#if defined(KILN_HOST) && defined(__x86_64__) && defined(__GNUC__)
#define KILN_HAVE_AVX2_KERNELS 1
KILN_KERNEL void kiln_f32_gemm_6x16__avx2(const kiln_ugemm_params *p, const float *a,
                                          const float *b, const float *bias, const float *r,
                                          float *y);
KILN_KERNEL void kiln_f32_gemm_6x16_batch__avx2(kiln_gemm_job *j, int64_t batch, const kiln_par *par);
KILN_KERNEL void kiln_f32_gemm__avx2(const kiln_gemm_params *p, const kiln_ugemm_params *u,
                                     const float *a, const float *b, const float *c,
                                     const float *r, float *y, const kiln_par *par);
KILN_KERNEL void kiln_f32_matmul__avx2(const kiln_matmul_params *p, const kiln_ugemm_params *u,
                                       const float *a, const float *b, const float *r, float *y,
                                       const kiln_par *par);
KILN_KERNEL void kiln_f32_conv2d_1x1__avx2(const kiln_conv2d_params *p, const float *x,
                                           const float *w, const float *bias, const float *r,
                                           float *y, const kiln_par *par);
KILN_KERNEL void kiln_f32_conv2d_gemm__avx2(const kiln_conv2d_params *p, const float *x,
                                            const float *w, const float *bias, const float *r,
                                            float *y, void *scratch, const kiln_par *par);
#endif

#endif
