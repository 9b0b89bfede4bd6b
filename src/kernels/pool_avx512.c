/* pool_avx512.c - 2-D max pooling for x86-64 AVX-512.
 *
 * 16 output columns per vector, the running max in a register. Stride 1
 * reads each tap's 16 inputs with one masked load, stride 2 with two and
 * an even-lane permute (as the depthwise convolution does); taps in the
 * padding or past the row are masked-off lanes, which the max ignores
 * (they hold -inf). The lane masks depend only on the column chunk and kw,
 * so they are computed once per task. Planes (image x channel) are split
 * across the run's threads.
 */
#include "kiln_kernels.h"
#include "pool.h"
#include "gemm_avx512.h"

#if defined(__x86_64__) && defined(__GNUC__)

//@kernel kiln_f32_maxpool2d__avx512 needs kiln_pool_params kiln_tap_masks__avx512
typedef struct kiln_maxpool_job__avx512 {
  const kiln_pool_params *p;
  const float *x;
  float *y;
} kiln_maxpool_job__avx512;

static KILN_AVX512_FN void kiln_f32_maxpool2d_task__avx512(void *arg, int64_t t0, int64_t t1, int worker) {
  const kiln_maxpool_job__avx512 *jb = (const kiln_maxpool_job__avx512 *)arg;
  const kiln_pool_params *p = jb->p;
  const int64_t H = p->in[1], W = p->in[2], OH = p->out[1], OW = p->out[2];
  const int64_t KH = p->k[1], KW = p->k[2], SH = p->stride[1], SW = p->stride[2];
  const int64_t nchunk = (OW + 15) / 16;
  const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512 ninf = _mm512_set1_ps(-INFINITY);
  __mmask16 mk0[16][16], mk1[16][16];
  (void)worker;
  for (int64_t ci = 0; ci < nchunk; ci++) { /* lanes whose tap lies inside the row */
    const int64_t ow0 = ci * 16, n = OW - ow0 < 16 ? OW - ow0 : 16;
    for (int64_t kw = 0; kw < KW; kw++)
      kiln_tap_masks__avx512(ow0 * SW - p->pad[2] + kw, W, n, SW, &mk0[ci][kw], &mk1[ci][kw]);
  }
  for (int64_t pl = t0; pl < t1; pl++) {
    const float *xp = jb->x + pl * H * W;
    float *yp = jb->y + pl * OH * OW;
    for (int64_t oh = 0; oh < OH; oh++) {
      int64_t kh0 = 0, kh1 = KH;
      const int64_t ih0 = oh * SH - p->pad[1];
      if (ih0 < 0) kh0 = -ih0;
      if (ih0 + kh1 > H) kh1 = H - ih0;
      for (int64_t ci = 0; ci < nchunk; ci++) {
        const int64_t ow0 = ci * 16, n = OW - ow0 < 16 ? OW - ow0 : 16;
        __m512 acc = ninf;
        for (int64_t kh = kh0; kh < kh1; kh++) {
          const float *xr = xp + (ih0 + kh) * W + ow0 * SW - p->pad[2];
          if (SW == 1) {
            for (int64_t kw = 0; kw < KW; kw++)
              acc = _mm512_max_ps(_mm512_mask_loadu_ps(ninf, mk0[ci][kw], xr + kw), acc);
          } else {
            for (int64_t kw = 0; kw < KW; kw++) {
              const __m512 lo = _mm512_mask_loadu_ps(ninf, mk0[ci][kw], xr + kw);
              const __m512 hi = _mm512_mask_loadu_ps(ninf, mk1[ci][kw], xr + kw + 16);
              acc = _mm512_max_ps(_mm512_permutex2var_ps(lo, even, hi), acc);
            }
          }
        }
        _mm512_mask_storeu_ps(yp + oh * OW + ow0, (__mmask16)((1u << n) - 1u), acc);
      }
    }
  }
}

/* 2-D MaxPool (in[0] == k[0] == 1), dilation 1, stride_w 1 or 2,
 * k_w <= 16, out_w <= 256 (src/ops/pool.c checks). A window with no tap
 * inside the input yields -inf. Each step is max_ps(tap, max) = tap > max ?
 * tap : max, the portable kernel's rule, so NaN taps are skipped alike. */
KILN_KERNEL KILN_AVX512_FN void kiln_f32_maxpool2d__avx512(const kiln_pool_params *p, const float *x,
                                                           float *y, const kiln_par *par) {
  kiln_maxpool_job__avx512 jb;
  jb.p = p;
  jb.x = x;
  jb.y = y;
  kiln_par_for(par, p->nc, kiln_f32_maxpool2d_task__avx512, &jb);
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package). */
typedef void (*kiln_pool_avx512_fn_)(void);
extern const kiln_pool_avx512_fn_ kiln_pool_avx512_used_[];
const kiln_pool_avx512_fn_ kiln_pool_avx512_used_[] = {(kiln_pool_avx512_fn_)kiln_f32_maxpool2d__avx512};
#endif

#endif
