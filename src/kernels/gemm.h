/* gemm.h - f32 matrix multiplication kernels (Gemm, MatMul, and the 1x1 Conv
 * path) plus the small inline helpers every compute kernel shares: the
 * contiguous axpy/dot loops and the fused-activation epilogue.
 *
 * Vectorisation note: GCC's -O2 uses the "very cheap" vectoriser cost model,
 * which only vectorises loops whose trip count is a known multiple of the
 * vector width and which need no run-time alias checks. So the hot loops are
 * written as blocks of 8 (a fixed inner loop) over KILN_RESTRICT pointers,
 * followed by a scalar tail; -O2 then emits SSE/AVX code for them.
 *
 * The helpers live in this header as `static inline` sections so that both
 * the compiler (KILN_HOST, one copy per translation unit) and packages (one
 * copy, pulled in through `needs`) can use them without a cross-file link
 * dependency.
 */
#ifndef KILN_KERNELS_GEMM_H
#define KILN_KERNELS_GEMM_H

#include "kiln_kernels.h"

//@kernel kiln_gemm_params
/* Y[m x n] = act(alpha * op(A) * op(B) + beta * C + R).
 * Element (i, k) of op(A) is a[i * a_rs + k * a_cs] and element (k, j) of
 * op(B) is b[k * b_rs + j * b_cs], so transposes (and a B packed at compile
 * time) are just strides. C, when present, is read at c[i * c_rs + j * c_cs]
 * (a zero stride broadcasts). R, when present, has Y's shape. */
typedef struct kiln_gemm_params {
  int64_t m, n, k;
  int64_t a_rs, a_cs, b_rs, b_cs;
  float alpha, beta;
  int64_t c_rs, c_cs;
  kiln_act act;
} kiln_gemm_params;
//@end

//@kernel kiln_matmul_params
/* numpy matmul over a batch: for every batch index, Y_b[m x n] = A_b * B_b
 * (+ R_b), then act. Matrix element strides as in kiln_gemm_params; batch
 * dims[] with per-dim element strides a_bs/b_bs into A and B (0 broadcasts).
 * Y and R are dense: batch b starts at b * m * n. */
typedef struct kiln_matmul_params {
  int64_t m, n, k;
  int64_t a_rs, a_cs, b_rs, b_cs;
  int rank;
  int64_t dims[KILN_MAX_RANK];
  int64_t a_bs[KILN_MAX_RANK];
  int64_t b_bs[KILN_MAX_RANK];
  kiln_act act;
} kiln_matmul_params;
//@end

//@kernel kiln_ugemm_params
/* One GEMM for the x86 microkernels (gemm_avx512.c, gemm_avx2.c):
 *     Y[m x n] = act(A * B + bias_row[i] + R)      (ldy: Y's and R's row stride)
 * A unpacked: a(i, k) = a[i * a_rs + k * a_cs]; a_packed: the compiler stored
 * A as panels of MR rows, [ceil(m / MR)][k][MR], zero-padded (conv weights).
 * B unpacked: b(k, j) = b[k * b_rs + j] (rows contiguous); b_packed: panels
 * of NR columns, [ceil(n / NR)][k][NR], zero-padded (Gemm/MatMul weights).
 * accumulate: Y already holds additive terms (Gemm's beta * C); R is then
 * ignored. MR and NR are the ISA's tile (6 x 64 AVX-512, 6 x 16 AVX2). */
typedef struct kiln_ugemm_params {
  int64_t m, n, k;
  int64_t a_rs, a_cs, b_rs, ldy;
  int a_packed, b_packed, accumulate;
  kiln_act act;
} kiln_ugemm_params;
//@end

//@kernel kiln_gemm_job needs kiln_ugemm_params kiln_matmul_params
/* A batch of GEMMs of one shape for the batched GEMM drivers
 * (kiln_f32_gemm_batch__avx512, kiln_f32_gemm_6x16_batch__ISA), split into
 * tasks for kiln_par_for: per batch index, NR-column panels x ni chunks of
 * mc rows (more than one chunk only when panels alone give too
 * few tasks to keep the threads busy). Operands of batch index i sit at
 * a + (i % a_mod) * a_bs (bias likewise, bias_bs), b + i * b_bs, y and
 * r + i * y_bs; with mm, A and B follow numpy's batch broadcast instead
 * (mm->a_bs, mm->b_bs per batch dim). */
typedef struct kiln_gemm_job {
  const kiln_ugemm_params *u;
  const kiln_matmul_params *mm;
  const float *a, *b, *bias, *r;
  float *y;
  int64_t a_bs, a_mod, b_bs, bias_bs, y_bs;
  int64_t nj, ni, mc;
} kiln_gemm_job;

/* j for Y = A * B (+ R) of u, every batch index at the same A, bias NULL;
 * callers then set the batch strides they need. */
static inline void kiln_gemm_job_init(kiln_gemm_job *j, const kiln_ugemm_params *u, const float *a,
                                      const float *b, const float *r, float *y) {
  memset(j, 0, sizeof *j);
  j->u = u;
  j->a = a;
  j->b = b;
  j->r = r;
  j->y = y;
  j->a_mod = 1;
}

/* Sets j's split for `batch` GEMMs on `threads` threads with NR-column
 * panels; returns the task count, or 0 when the GEMMs are too small to be
 * worth a hand-off (below ~2^18 multiply-adds: then run tasks [0,
 * batch * nj) on the caller). */
static inline int64_t kiln_gemm_job_split(kiln_gemm_job *j, int64_t batch, int threads, int64_t NR) {
  const int64_t M = j->u->m, N = j->u->n;
  j->nj = (N + NR - 1) / NR;
  j->ni = 1;
  j->mc = M;
  if (threads <= 1 || batch * M * N * (j->u->k + 1) < (1 << 18)) return 0;
  const int64_t base = batch * j->nj, want = 8 * (int64_t)threads;
  if (base < want) { /* few panels: split the rows too */
    int64_t ni = (want + base - 1) / base, mb = (M + 5) / 6;
    if (ni > mb) ni = mb;
    j->mc = ((M + ni - 1) / ni + 5) / 6 * 6;
    j->ni = (M + j->mc - 1) / j->mc;
  }
  return batch * j->nj * j->ni;
}

/* Task t of j: operand offsets (floats) and the tile's row range [i_lo,
 * i_hi) and panel index *jp. */
static inline void kiln_gemm_job_task(const kiln_gemm_job *j, int64_t t, int64_t *ao, int64_t *bo,
                                      int64_t *bi_out, int64_t *jp, int64_t *i_lo, int64_t *i_hi) {
  const int64_t per = j->nj * j->ni, bi = t / per;
  *jp = t % per / j->ni;
  *i_lo = t % j->ni * j->mc;
  *i_hi = *i_lo + j->mc < j->u->m ? *i_lo + j->mc : j->u->m;
  *bi_out = bi;
  *ao = (bi % j->a_mod) * j->a_bs;
  *bo = bi * j->b_bs;
  if (j->mm) { /* numpy batch broadcast */
    int64_t q = bi;
    *ao = *bo = 0;
    for (int d = j->mm->rank - 1; d >= 0; d--) {
      const int64_t id = q % j->mm->dims[d];
      q /= j->mm->dims[d];
      *ao += id * j->mm->a_bs[d];
      *bo += id * j->mm->b_bs[d];
    }
  }
}
//@end

//@kernel kiln_f32_axpy__c
/* y[j] += a * x[j], j < n; x and y must not overlap. */
static inline void kiln_f32_axpy__c(int64_t n, float a, const float *KILN_RESTRICT x,
                                    float *KILN_RESTRICT y) {
  const int64_t n8 = n - n % 8, n4 = n - n % 4;
  int64_t j;
  for (j = 0; j < n8; j += 8)
    for (int l = 0; l < 8; l++) y[j + l] += a * x[j + l];
  for (j = n8; j < n4; j += 4) /* short rows (7x7, 14x14 maps) */
    for (int l = 0; l < 4; l++) y[j + l] += a * x[j + l];
  for (j = n4; j < n; j++) y[j] += a * x[j];
}
//@end

//@kernel kiln_f32_axpy4__c
/* Four rows at once: yr[j] += ar * x[j]. One load of x feeds four FMAs. The
 * four rows must be distinct and must not overlap x. */
static inline void kiln_f32_axpy4__c(int64_t n, float a0, float a1, float a2, float a3,
                                     const float *KILN_RESTRICT x, float *KILN_RESTRICT y0,
                                     float *KILN_RESTRICT y1, float *KILN_RESTRICT y2,
                                     float *KILN_RESTRICT y3) {
  const int64_t n8 = n - n % 8, n4 = n - n % 4;
  int64_t j;
  for (j = 0; j < n8; j += 8)
    for (int l = 0; l < 8; l++) {
      float v = x[j + l];
      y0[j + l] += a0 * v;
      y1[j + l] += a1 * v;
      y2[j + l] += a2 * v;
      y3[j + l] += a3 * v;
    }
  for (j = n8; j < n4; j += 4) /* short rows (7x7, 14x14 maps) */
    for (int l = 0; l < 4; l++) {
      float v = x[j + l];
      y0[j + l] += a0 * v;
      y1[j + l] += a1 * v;
      y2[j + l] += a2 * v;
      y3[j + l] += a3 * v;
    }
  for (j = n4; j < n; j++) {
    float v = x[j];
    y0[j] += a0 * v;
    y1[j] += a1 * v;
    y2[j] += a2 * v;
    y3[j] += a3 * v;
  }
}
//@end

//@kernel kiln_f32_dot__c
/* sum a[i] * b[i] with 8 independent partial sums (vectorisable without
 * -ffast-math; also shortens the dependency chain). */
static inline float kiln_f32_dot__c(int64_t n, const float *KILN_RESTRICT a,
                                    const float *KILN_RESTRICT b) {
  float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t i = 0;
  for (i = 0; i < n - n % 8; i += 8)
    for (int l = 0; l < 8; l++) s[l] += a[i + l] * b[i + l];
  float t = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
  for (i = n - n % 8; i < n; i++) t += a[i] * b[i];
  return t;
}
//@end

//@kernel kiln_f32_act_inplace__c
/* y[i] = act(y[i]) over n contiguous floats; the switch is hoisted out of
 * the loop so ReLU and Clip vectorise. */
static inline void kiln_f32_act_inplace__c(const kiln_act *act, float *KILN_RESTRICT y, int64_t n) {
  int64_t i = 0;
  switch (act->kind) {
  case KILN_ACT_NONE:
    return;
  case KILN_ACT_RELU:
    for (i = 0; i < n - n % 8; i += 8)
      for (int l = 0; l < 8; l++) {
        float v = y[i + l];
        y[i + l] = v > 0.0f ? v : 0.0f;
      }
    for (i = n - n % 8; i < n; i++) y[i] = y[i] > 0.0f ? y[i] : 0.0f;
    return;
  case KILN_ACT_CLIP: {
    const float lo = act->alpha, hi = act->beta;
    for (i = 0; i < n - n % 8; i += 8)
      for (int l = 0; l < 8; l++) {
        float v = y[i + l];
        v = v < lo ? lo : v;
        y[i + l] = v > hi ? hi : v;
      }
    for (i = n - n % 8; i < n; i++) {
      float v = y[i] < lo ? lo : y[i];
      y[i] = v > hi ? hi : v;
    }
    return;
  }
  default:
    for (i = 0; i < n; i++) y[i] = kiln_act_apply(act, y[i]);
    return;
  }
}
//@end

//@kernel kiln_f32_gemm_acc__c needs kiln_f32_axpy__c kiln_f32_axpy4__c kiln_f32_dot__c
/* y[i * ldy + j] += alpha * sum_k a(i, k) * b(k, j) for i < m, j < n, with
 * a(i, k) = a[i * a_rs + k * a_cs] and b(k, j) = b[k * b_rs + j * b_cs].
 * y must not overlap a or b. Accumulates in float.
 *
 * B rows contiguous (b_cs == 1): "row" form, four rows of Y at a time, each
 * step an axpy of one B row, cache-blocked as 256 (k) x 512 (n) panels of B
 * (512 KiB, L2-sized) that are reused by every block of four rows.
 * B columns contiguous (b_rs == 1) with A rows contiguous: dot products
 * (transB with a run-time B, matrix-vector products). Else scalar. */
static inline void kiln_f32_gemm_acc__c(int64_t m, int64_t n, int64_t k, float alpha,
                                        const float *a, int64_t a_rs, int64_t a_cs,
                                        const float *b, int64_t b_rs, int64_t b_cs,
                                        float *y, int64_t ldy) {
  if (b_cs == 1 && (n >= 8 || !(b_rs == 1 && a_cs == 1))) {
    const int64_t NB = 512, KB = 256;
    for (int64_t j0 = 0; j0 < n; j0 += NB) {
      const int64_t nb = n - j0 < NB ? n - j0 : NB;
      for (int64_t k0 = 0; k0 < k; k0 += KB) {
        const int64_t k1 = k - k0 < KB ? k : k0 + KB;
        int64_t i = 0;
        for (i = 0; i < m - m % 4; i += 4) {
          float *y0 = y + i * ldy + j0;
          for (int64_t kk = k0; kk < k1; kk++) {
            const float *ap = a + i * a_rs + kk * a_cs;
            kiln_f32_axpy4__c(nb, alpha * ap[0], alpha * ap[a_rs], alpha * ap[2 * a_rs],
                              alpha * ap[3 * a_rs], b + kk * b_rs + j0, y0, y0 + ldy,
                              y0 + 2 * ldy, y0 + 3 * ldy);
          }
        }
        for (i = m - m % 4; i < m; i++) {
          float *y0 = y + i * ldy + j0;
          for (int64_t kk = k0; kk < k1; kk++)
            kiln_f32_axpy__c(nb, alpha * a[i * a_rs + kk * a_cs], b + kk * b_rs + j0, y0);
        }
      }
    }
  } else if (b_rs == 1 && a_cs == 1) {
    for (int64_t i = 0; i < m; i++)
      for (int64_t j = 0; j < n; j++)
        y[i * ldy + j] += alpha * kiln_f32_dot__c(k, a + i * a_rs, b + j * b_cs);
  } else {
    for (int64_t i = 0; i < m; i++)
      for (int64_t j = 0; j < n; j++) {
        float s = 0.0f;
        for (int64_t kk = 0; kk < k; kk++) s += a[i * a_rs + kk * a_cs] * b[kk * b_rs + j * b_cs];
        y[i * ldy + j] += alpha * s;
      }
  }
}
//@end

/* Kernel prototypes, for the compiler only (packages get the static
 * definitions from the sections in gemm.c). */
#ifdef KILN_HOST
KILN_KERNEL void kiln_f32_gemm__c(const kiln_gemm_params *p, const float *a, const float *b,
                                  const float *c, const float *r, float *y);
KILN_KERNEL void kiln_f32_matmul__c(const kiln_matmul_params *p, const float *a, const float *b,
                                    const float *r, float *y);


#endif

#endif
