/* gemm_avx2.c - f32 GEMM kernels for x86-64 AVX2 + FMA3.
 *
 * Same scheme as gemm_avx512.c with the 6 x 16 microkernel of gemm_avx2.h:
 * 16-column panels of B, K blocks of 256, 6-row blocks of A; bias, residual
 * and ReLU/Clip applied to the tile in registers.
 */
#include "kiln_kernels.h"
#include "gemm.h"
#include "gemm_avx2.h"

#if defined(__x86_64__) && defined(__GNUC__)

//@kernel kiln_f32_gemm_6x16__avx2 needs kiln_ugemm_params kiln_f32_ukr__avx2
/* Y = act(A * B + bias_row + R) for one kiln_ugemm_params (MR 6, NR 16). */
KILN_KERNEL KILN_AVX2_FN void kiln_f32_gemm_6x16__avx2(const kiln_ugemm_params *p, const float *a,
                                                       const float *b, const float *bias,
                                                       const float *r, float *y) {
  const int64_t M = p->m, N = p->n, K = p->k, KC = 256, ldy = p->ldy;
  for (int64_t j0 = 0; j0 < N; j0 += 16) {
    const int64_t nj = N - j0 < 16 ? N - j0 : 16;
    const float *bj = p->b_packed ? b + (j0 / 16) * K * 16 : b + j0;
    const int64_t brs = p->b_packed ? 16 : p->b_rs;
    int64_t k0 = 0;
    do {
      const int64_t kc = K - k0 < KC ? K - k0 : KC;
      const int init = k0 == 0 && !p->accumulate, last = k0 + kc >= K;
      for (int64_t i0 = 0; i0 < M; i0 += 6) {
        const int mr = M - i0 < 6 ? (int)(M - i0) : 6;
        const float *ab = p->a_packed ? a + (i0 / 6) * K * 6 + k0 * 6 : a + i0 * p->a_rs + k0 * p->a_cs;
        kiln_f32_ukr_any__avx2(p->a_packed, nj, mr, kc, ab, p->a_rs, p->a_cs, bj + k0 * brs, brs,
                               y + i0 * ldy + j0, ldy, init, bias ? bias + i0 : NULL,
                               r ? r + i0 * ldy + j0 : NULL, last ? &p->act : NULL);
      }
      k0 += kc;
    } while (k0 < K);
  }
}
//@end

//@kernel kiln_f32_gemm__avx2 needs kiln_gemm_params kiln_f32_gemm_6x16__avx2
/* ONNX Gemm, as kiln_f32_gemm__avx512 with 16-column B panels. */
KILN_KERNEL KILN_AVX2_FN void kiln_f32_gemm__avx2(const kiln_gemm_params *p,
                                                  const kiln_ugemm_params *u, const float *a,
                                                  const float *b, const float *c, const float *r,
                                                  float *y) {
  if (u->accumulate) {
    for (int64_t i = 0; i < p->m; i++)
      for (int64_t j = 0; j < p->n; j++)
        y[i * p->n + j] = p->beta * c[i * p->c_rs + j * p->c_cs] + (r ? r[i * p->n + j] : 0.0f);
    r = NULL;
  }
  kiln_f32_gemm_6x16__avx2(u, a, b, NULL, r, y);
}
//@end

//@kernel kiln_f32_matmul__avx2 needs kiln_matmul_params kiln_f32_gemm_6x16__avx2
/* numpy MatMul, as kiln_f32_matmul__avx512. */
KILN_KERNEL KILN_AVX2_FN void kiln_f32_matmul__avx2(const kiln_matmul_params *p,
                                                    const kiln_ugemm_params *u, const float *a,
                                                    const float *b, const float *r, float *y) {
  const int64_t mn = p->m * p->n;
  int64_t idx[KILN_MAX_RANK], batch = 1, aoff = 0, boff = 0;
  for (int d = 0; d < p->rank; d++) {
    idx[d] = 0;
    batch *= p->dims[d];
  }
  for (int64_t bi = 0; bi < batch; bi++) {
    kiln_f32_gemm_6x16__avx2(u, a + aoff, b + boff, NULL, r ? r + bi * mn : NULL, y + bi * mn);
    for (int d = p->rank - 1; d >= 0; d--) {
      aoff += p->a_bs[d];
      boff += p->b_bs[d];
      if (++idx[d] < p->dims[d]) break;
      aoff -= p->a_bs[d] * p->dims[d];
      boff -= p->b_bs[d] * p->dims[d];
      idx[d] = 0;
    }
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_gemm_avx2_fn_)(void);
extern const kiln_gemm_avx2_fn_ kiln_gemm_avx2_used_[];
const kiln_gemm_avx2_fn_ kiln_gemm_avx2_used_[] = {(kiln_gemm_avx2_fn_)kiln_f32_gemm__avx2, (kiln_gemm_avx2_fn_)kiln_f32_matmul__avx2};
#endif

#endif
