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

//@kernel kiln_f32_gemm_6x64__avx512 needs kiln_ugemm_params kiln_gemm_job kiln_f32_ukr__avx512
/* Rows [i_lo, i_hi) and columns [j_lo, j_hi) of Y = act(A * B + bias_row +
 * R) for one kiln_ugemm_params (MR = 6, NR = 64); i_lo is a multiple of 6,
 * j_lo of 64. bias (per row of Y) and r (Y's shape, row stride ldy; may be
 * y) may be NULL. */
static __attribute__((unused)) KILN_AVX512_FN void
kiln_f32_gemm_6x64_part__avx512(const kiln_ugemm_params *p, const float *a, const float *b,
                                const float *bias, const float *r, float *y, int64_t i_lo,
                                int64_t i_hi, int64_t j_lo, int64_t j_hi) {
  const int64_t K = p->k, KC = 512, ldy = p->ldy;
  for (int64_t j0 = j_lo; j0 < j_hi; j0 += 64) {
    const int64_t nj = j_hi - j0 < 64 ? j_hi - j0 : 64;
    const int nv = (int)((nj + 15) / 16);
    const __mmask16 ml = (__mmask16)((1u << (nj - (nv - 1) * 16)) - 1u);
    const float *bj = p->b_packed ? b + (j0 / 64) * K * 64 : b + j0;
    const int64_t brs = p->b_packed ? 64 : p->b_rs;
    int64_t k0 = 0;
    do {
      const int64_t kc = K - k0 < KC ? K - k0 : KC;
      const int init = k0 == 0 && !p->accumulate, last = k0 + kc >= K;
      for (int64_t i0 = i_lo; i0 < i_hi; i0 += 6) {
        const int mr = i_hi - i0 < 6 ? (int)(i_hi - i0) : 6;
        const float *ab = p->a_packed ? a + (i0 / 6) * K * 6 + k0 * 6 : a + i0 * p->a_rs + k0 * p->a_cs;
        kiln_f32_ukr_any__avx512(p->a_packed, nv, mr, ml, kc, ab, p->a_rs, p->a_cs, bj + k0 * brs,
                                 brs, y + i0 * ldy + j0, ldy, init, bias ? bias + i0 : NULL,
                                 r ? r + i0 * ldy + j0 : NULL, last ? &p->act : NULL);
      }
      k0 += kc;
    } while (k0 < K);
  }
}

/* The whole of Y on the calling thread. */
KILN_KERNEL __attribute__((unused)) KILN_AVX512_FN void
kiln_f32_gemm_6x64__avx512(const kiln_ugemm_params *p, const float *a, const float *b,
                           const float *bias, const float *r, float *y) {
  kiln_f32_gemm_6x64_part__avx512(p, a, b, bias, r, y, 0, p->m, 0, p->n);
}

static KILN_AVX512_FN void kiln_f32_gemm_task__avx512(void *arg, int64_t t0, int64_t t1, int worker) {
  const kiln_gemm_job *j = (const kiln_gemm_job *)arg;
  (void)worker;
  for (int64_t t = t0; t < t1; t++) {
    int64_t ao, bo, bi, jp, i_lo, i_hi;
    kiln_gemm_job_task(j, t, &ao, &bo, &bi, &jp, &i_lo, &i_hi);
    const int64_t j_lo = jp * 64, j_hi = j_lo + 64 < j->u->n ? j_lo + 64 : j->u->n;
    kiln_f32_gemm_6x64_part__avx512(j->u, j->a + ao, j->b + bo,
                                    j->bias ? j->bias + (bi % j->a_mod) * j->bias_bs : NULL,
                                    j->r ? j->r + bi * j->y_bs : NULL, j->y + bi * j->y_bs, i_lo, i_hi,
                                    j_lo, j_hi);
  }
}

/* Runs `batch` GEMMs of job j (its nj, ni, mc are set here) on par. */
KILN_KERNEL __attribute__((unused)) KILN_AVX512_FN void
kiln_f32_gemm_batch__avx512(kiln_gemm_job *j, int64_t batch, const kiln_par *par) {
  if (batch <= 0 || j->u->m <= 0 || j->u->n <= 0) return;
  const int64_t tasks = kiln_gemm_job_split(j, batch, kiln_par_threads(par), 64);
  if (tasks) kiln_par_for(par, tasks, kiln_f32_gemm_task__avx512, j);
  else kiln_f32_gemm_task__avx512(j, 0, batch * j->nj, 0);
}
//@end

//@kernel kiln_f32_gemm__avx512 needs kiln_gemm_params kiln_f32_gemm_6x64__avx512
/* ONNX Gemm: the compiler packed alpha * op(B) into 64-column panels (u has
 * b_packed) and set u->accumulate when beta * C is present; Y is then first
 * set to beta * C + R. */
KILN_KERNEL KILN_AVX512_FN void kiln_f32_gemm__avx512(const kiln_gemm_params *p,
                                                      const kiln_ugemm_params *u, const float *a,
                                                      const float *b, const float *c,
                                                      const float *r, float *y, const kiln_par *par) {
  kiln_gemm_job j;
  if (u->accumulate) {
    for (int64_t i = 0; i < p->m; i++)
      for (int64_t k = 0; k < p->n; k++)
        y[i * p->n + k] = p->beta * c[i * p->c_rs + k * p->c_cs] + (r ? r[i * p->n + k] : 0.0f);
    r = NULL;
  }
  kiln_gemm_job_init(&j, u, a, b, r, y);
  kiln_f32_gemm_batch__avx512(&j, 1, par);
}
//@end

//@kernel kiln_f32_matmul__avx512 needs kiln_matmul_params kiln_f32_gemm_6x64__avx512
/* numpy MatMul: one GEMM per batch index (p gives the batch dims and
 * strides, u the matrix layout; a packed B has b_bs 0), batch indices and
 * tiles spread over par's threads. */
KILN_KERNEL KILN_AVX512_FN void kiln_f32_matmul__avx512(const kiln_matmul_params *p,
                                                        const kiln_ugemm_params *u, const float *a,
                                                        const float *b, const float *r, float *y,
                                                        const kiln_par *par) {
  kiln_gemm_job j;
  int64_t batch = 1;
  for (int d = 0; d < p->rank; d++) batch *= p->dims[d];
  kiln_gemm_job_init(&j, u, a, b, r, y);
  j.mm = p;
  j.y_bs = p->m * p->n;
  kiln_f32_gemm_batch__avx512(&j, batch, par);
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
