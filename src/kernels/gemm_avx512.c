/* gemm_avx512.c - f32 GEMM microkernels for x86-64 AVX-512 (F/BW/DQ/VL).
 *
 * The microkernel keeps an MR x NR tile of Y in zmm registers: MR = 6 rows,
 * NR = 64 columns (4 zmm), 24 accumulators. Per k step it loads 4 vectors
 * of one B row and broadcasts 6 values of one A column (embedded-broadcast
 * FMAs), i.e. 24 FMAs for 4 loads + 6 broadcasts, which keeps both FMA
 * pipes busy. The bias (per row of Y: conv output channels), the residual
 * and the activation are applied to the tile in registers before the one
 * store. Columns past n use masked loads and stores, so B and Y are never
 * read or written out of bounds.
 *
 * The driver walks 64-column panels of B, splits K into blocks of KC = 512
 * (a 128 KiB B block stays in L2 while all row blocks of A stream past it;
 * measured on Zen 4: 256 and 4096 are 1-5% slower on 1x1 convolutions)
 * and runs the microkernel over the 6-row blocks of A. Y is initialised on
 * the first K block and finished (activation) on the last.
 *
 * Functions carry target attributes so that this file also compiles into
 * the kiln compiler (built for baseline x86-64), where the kernel tests call
 * it after checking the CPU; packages get -mavx512f... from the target.
 */
#include "kiln_kernels.h"
#include "gemm.h"
#include "gemm_avx512.h"

#if defined(__x86_64__) && defined(__GNUC__)

//@kernel kiln_f32_gemm_6x64__avx512 needs kiln_ugemm_params kiln_f32_ukr__avx512
/* Y = act(A * B + bias_row + R) for one kiln_ugemm_params (MR = 6, NR = 64).
 * bias (per row of Y) and r (Y's shape, row stride ldy; may be y) may be
 * NULL. */
KILN_KERNEL KILN_AVX512_FN void kiln_f32_gemm_6x64__avx512(const kiln_ugemm_params *p,
                                                           const float *a, const float *b,
                                                           const float *bias, const float *r,
                                                           float *y) {
  const int64_t M = p->m, N = p->n, K = p->k, KC = 512, ldy = p->ldy;
  for (int64_t j0 = 0; j0 < N; j0 += 64) {
    const int64_t nj = N - j0 < 64 ? N - j0 : 64;
    const int nv = (int)((nj + 15) / 16);
    const __mmask16 ml = (__mmask16)((1u << (nj - (nv - 1) * 16)) - 1u);
    const float *bj = p->b_packed ? b + (j0 / 64) * K * 64 : b + j0;
    const int64_t brs = p->b_packed ? 64 : p->b_rs;
    int64_t k0 = 0;
    do {
      const int64_t kc = K - k0 < KC ? K - k0 : KC;
      const int init = k0 == 0 && !p->accumulate, last = k0 + kc >= K;
      for (int64_t i0 = 0; i0 < M; i0 += 6) {
        const int mr = M - i0 < 6 ? (int)(M - i0) : 6;
        const float *ab = p->a_packed ? a + (i0 / 6) * K * 6 + k0 * 6 : a + i0 * p->a_rs + k0 * p->a_cs;
        kiln_f32_ukr_any__avx512(p->a_packed, nv, mr, ml, kc, ab, p->a_rs, p->a_cs, bj + k0 * brs,
                                 brs, y + i0 * ldy + j0, ldy, init, bias ? bias + i0 : NULL,
                                 r ? r + i0 * ldy + j0 : NULL, last ? &p->act : NULL);
      }
      k0 += kc;
    } while (k0 < K);
  }
}
//@end

//@kernel kiln_f32_gemm__avx512 needs kiln_gemm_params kiln_f32_gemm_6x64__avx512
/* ONNX Gemm: the compiler packed alpha * op(B) into 64-column panels (u has
 * b_packed) and set u->accumulate when beta * C is present; Y is then first
 * set to beta * C + R. */
KILN_KERNEL KILN_AVX512_FN void kiln_f32_gemm__avx512(const kiln_gemm_params *p,
                                                      const kiln_ugemm_params *u, const float *a,
                                                      const float *b, const float *c,
                                                      const float *r, float *y) {
  if (u->accumulate) {
    for (int64_t i = 0; i < p->m; i++)
      for (int64_t j = 0; j < p->n; j++)
        y[i * p->n + j] = p->beta * c[i * p->c_rs + j * p->c_cs] + (r ? r[i * p->n + j] : 0.0f);
    r = NULL;
  }
  kiln_f32_gemm_6x64__avx512(u, a, b, NULL, r, y);
}
//@end

//@kernel kiln_f32_matmul__avx512 needs kiln_matmul_params kiln_f32_gemm_6x64__avx512
/* numpy MatMul: one kiln_f32_gemm_6x64__avx512 per batch index (p gives the
 * batch dims and strides, u the matrix layout; a packed B has b_bs 0). */
KILN_KERNEL KILN_AVX512_FN void kiln_f32_matmul__avx512(const kiln_matmul_params *p,
                                                        const kiln_ugemm_params *u, const float *a,
                                                        const float *b, const float *r, float *y) {
  const int64_t mn = p->m * p->n;
  int64_t idx[KILN_MAX_RANK], batch = 1, aoff = 0, boff = 0;
  for (int d = 0; d < p->rank; d++) {
    idx[d] = 0;
    batch *= p->dims[d];
  }
  for (int64_t bi = 0; bi < batch; bi++) {
    kiln_f32_gemm_6x64__avx512(u, a + aoff, b + boff, NULL, r ? r + bi * mn : NULL, y + bi * mn);
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
typedef void (*kiln_gemm_avx512_fn_)(void);
extern const kiln_gemm_avx512_fn_ kiln_gemm_avx512_used_[];
const kiln_gemm_avx512_fn_ kiln_gemm_avx512_used_[] = {(kiln_gemm_avx512_fn_)kiln_f32_gemm__avx512, (kiln_gemm_avx512_fn_)kiln_f32_matmul__avx512};
#endif

#endif
