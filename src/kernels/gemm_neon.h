/* gemm_neon.h - the ARMv8.0 NEON f32 GEMM microkernel (static inline,
 * shared by gemm_neon.c and conv_neon.c) and the prototypes of the NEON
 * GEMM and convolution kernels.
 *
 * Tile: MR = 6 rows x NR = 16 columns (4 q registers): 24 accumulators +
 * 4 B vectors + 1 broadcast of the 32 q registers. Packed A panels (conv
 * weights, 6 rows) and packed B panels (Gemm/MatMul weights, 16 columns)
 * are the AVX2 formats, so the compiler packs weights once for both.
 * NEON has no masked loads: a partial last vector (nj % 4 != 0 on an
 * unpacked B) goes through a zero-padded copy.
 */
#ifndef KILN_KERNELS_GEMM_NEON_H
#define KILN_KERNELS_GEMM_NEON_H

#include "kiln_kernels.h"
#include "gemm.h"
#include "conv.h"

#define KILN_NEON_MR 6
#define KILN_NEON_NR 16

#if defined(__aarch64__)

//@kernel kiln_neon_defs
#include <arm_neon.h>
#define KILN_NEON_FN
#define KILN_NEON_INLINE static inline __attribute__((always_inline))
/* Under -Os (--opt size) the tile dispatcher is one out-of-line copy with
 * one tile width shared by every driver; otherwise it is inlined into each
 * driver with one unrolled instance per width. */
#if defined(__OPTIMIZE_SIZE__)
#define KILN_NEON_UKR_ANY static __attribute__((noinline, unused))
#else
#define KILN_NEON_UKR_ANY KILN_NEON_INLINE
#endif
//@end

//@kernel kiln_f32_ukr__neon needs kiln_neon_defs
/* Lanes [0, n) of p (n <= 4), zeros above (all zero for n <= 0). */
KILN_NEON_INLINE float32x4_t kiln_f32_load_n__neon(const float *p, int64_t n) {
  if (n >= 4) return vld1q_f32(p);
  if (n <= 0) return vdupq_n_f32(0.0f);
  float t[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  for (int l = 0; l < 4; l++)
    if (l < n) t[l] = p[l];
  return vld1q_f32(t);
}

/* Lanes [0, n) of v to p (n <= 4). */
KILN_NEON_INLINE void kiln_f32_store_n__neon(float *p, float32x4_t v, int64_t n) {
  if (n >= 4) {
    vst1q_f32(p, v);
    return;
  }
  float t[4];
  vst1q_f32(t, v);
  for (int l = 0; l < 4; l++)
    if (l < n) p[l] = t[l];
}

/* Fused activation in registers for NONE/RELU/CLIP; returns 0 for kinds
 * that must run scalar after the store. */
static inline int kiln_act_vec4(const kiln_act *a) {
  return a->kind == KILN_ACT_NONE || a->kind == KILN_ACT_RELU || a->kind == KILN_ACT_CLIP;
}

KILN_NEON_INLINE float32x4_t kiln_f32_act4__neon(const kiln_act *a, float32x4_t v) {
  if (a->kind == KILN_ACT_RELU) return vmaxq_f32(v, vdupq_n_f32(0.0f));
  if (a->kind == KILN_ACT_CLIP) /* min first, as the scalar path (min > max gives max) */
    return vminq_f32(vmaxq_f32(v, vdupq_n_f32(a->alpha)), vdupq_n_f32(a->beta));
  return v;
}

/* MR x (NV * 4) tile, NV <= 4, as kiln_f32_ukr__avx2 (gemm_avx2.h); the
 * first nj (1..NV * 4) columns are live. bfull: B rows can be read whole
 * (NV * 4 columns) even past nj. */
KILN_NEON_INLINE void kiln_f32_ukr__neon(const int MR, const int NV, int mr, int64_t nj, int bfull,
                                         int64_t kc, const float *a, int64_t a_rs, int64_t a_cs,
                                         const float *b, int64_t b_rs, float *y, int64_t ldy,
                                         int init, const float *bias, const float *r,
                                         const kiln_act *act) {
  float32x4_t c[6][4];
  const float *ap[6];
#pragma GCC unroll 6
  for (int i = 0; i < MR; i++) {
    const int ii = i < mr ? i : mr - 1;
    ap[i] = a + ii * a_rs;
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) {
      const int64_t n = nj - v * 4; /* live lanes of vector v */
      if (init) {
        c[i][v] = vdupq_n_f32(bias ? bias[ii] : 0.0f);
        if (r && i < mr) c[i][v] = vaddq_f32(c[i][v], kiln_f32_load_n__neon(r + i * ldy + v * 4, n));
      } else {
        c[i][v] = i < mr ? kiln_f32_load_n__neon(y + i * ldy + v * 4, n) : vdupq_n_f32(0.0f);
      }
    }
  }
  const int64_t bl = bfull ? NV * 4 : nj; /* B columns readable */
  for (int64_t k = 0; k < kc; k++) {
    float32x4_t bv[4];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++)
      bv[v] = bl - v * 4 < 4 ? kiln_f32_load_n__neon(b + v * 4, bl - v * 4) : vld1q_f32(b + v * 4);
#pragma GCC unroll 6
    for (int i = 0; i < MR; i++) {
      const float32x4_t av = vdupq_n_f32(ap[i][k * a_cs]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) c[i][v] = vfmaq_f32(c[i][v], av, bv[v]);
    }
    b += b_rs;
  }
  const int vec = act ? kiln_act_vec4(act) : 1;
#pragma GCC unroll 6
  for (int i = 0; i < MR; i++) {
    if (i >= mr) break;
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) {
      float32x4_t t = c[i][v];
      if (act && vec) t = kiln_f32_act4__neon(act, t);
      kiln_f32_store_n__neon(y + i * ldy + v * 4, t, nj - v * 4);
    }
    if (act && !vec) {
      for (int64_t j = 0; j < nj; j++) y[i * ldy + j] = kiln_act_apply(act, y[i * ldy + j]);
    }
  }
}

/* nj (1..16) columns: picks the unrolled instance; packed A has a_rs = 1,
 * a_cs = 6. Whole B vectors are read past nj only where that stays inside
 * the buffer: a packed B panel (b_rs 16) and the im2col panel (b_rs 64);
 * an unpacked B row of 16 or 64 columns never has nj < 16. Lanes past nj
 * are computed but never stored. */
KILN_NEON_UKR_ANY void kiln_f32_ukr_any__neon(int packed, int64_t nj, int mr, int64_t kc,
                                             const float *a, int64_t a_rs, int64_t a_cs,
                                             const float *b, int64_t b_rs, float *y, int64_t ldy,
                                             int init, const float *bias, const float *r,
                                             const kiln_act *act) {
  const int bfull = b_rs == 16 || b_rs == 64;
  if (packed) a_rs = 1, a_cs = 6;
#if defined(__OPTIMIZE_SIZE__)
  kiln_f32_ukr__neon(6, 4, mr, nj, bfull, kc, a, a_rs, a_cs, b, b_rs, y, ldy, init, bias, r, act);
#else
  switch ((nj + 3) / 4) {
  case 4: kiln_f32_ukr__neon(6, 4, mr, nj, bfull, kc, a, a_rs, a_cs, b, b_rs, y, ldy, init, bias, r, act); break;
  case 3: kiln_f32_ukr__neon(6, 3, mr, nj, bfull, kc, a, a_rs, a_cs, b, b_rs, y, ldy, init, bias, r, act); break;
  case 2: kiln_f32_ukr__neon(6, 2, mr, nj, bfull, kc, a, a_rs, a_cs, b, b_rs, y, ldy, init, bias, r, act); break;
  default: kiln_f32_ukr__neon(6, 1, mr, nj, bfull, kc, a, a_rs, a_cs, b, b_rs, y, ldy, init, bias, r, act); break;
  }
#endif
}
//@end

#endif

#if defined(KILN_HOST) && defined(__aarch64__)
#define KILN_HAVE_NEON_KERNELS 1
KILN_KERNEL void kiln_f32_gemm_6x16__neon(const kiln_ugemm_params *p, const float *a,
                                          const float *b, const float *bias, const float *r,
                                          float *y);
KILN_KERNEL void kiln_f32_gemm_6x16_batch__neon(kiln_gemm_job *j, int64_t batch, const kiln_par *par);
KILN_KERNEL void kiln_f32_gemm__neon(const kiln_gemm_params *p, const kiln_ugemm_params *u,
                                     const float *a, const float *b, const float *c,
                                     const float *r, float *y, const kiln_par *par);
KILN_KERNEL void kiln_f32_matmul__neon(const kiln_matmul_params *p, const kiln_ugemm_params *u,
                                       const float *a, const float *b, const float *r, float *y,
                                       const kiln_par *par);
KILN_KERNEL void kiln_f32_conv2d_1x1__neon(const kiln_conv2d_params *p, const float *x,
                                           const float *w, const float *bias, const float *r,
                                           float *y, const kiln_par *par);
KILN_KERNEL void kiln_f32_conv2d_gemm__neon(const kiln_conv2d_params *p, const float *x,
                                            const float *w, const float *bias, const float *r,
                                            float *y, void *scratch, const kiln_par *par);
KILN_KERNEL void kiln_f32_dwconv2d__neon(const kiln_conv2d_params *p, const float *x,
                                         const float *w, const float *bias, const float *r,
                                         float *y, const kiln_par *par);
#endif

#endif
