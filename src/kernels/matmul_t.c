/* matmul_t.c - MatMul over float16 / bfloat16 (computed in float) and
 * float64 (computed in double), portable C. Rows of Y are accumulated in
 * blocks of KILN_MMT_NB columns on the stack, streaming B's rows (i-k-j
 * order); 16-bit values are converted as they are read and each result is
 * rounded once, as numpy does for float16 matmul. */
#include "kiln_kernels.h"
#include "gemm.h"
#include "attention.h"
#include "matmul_t.h"

//@kernel kiln_mmt_half__c needs kiln_matmul_params kiln_attn_ld__c
#define KILN_MMT_NB 256
/* et 1 float16, 2 bfloat16 (see kiln_attn_ld__c). */
static inline void kiln_mmt_half__c(const kiln_matmul_params *p, int et, const void *a,
                                    const void *b, void *y) {
  const int64_t mn = p->m * p->n;
  int64_t idx[KILN_MAX_RANK], batch = 1, aoff = 0, boff = 0;
  float acc[KILN_MMT_NB];
  for (int d = 0; d < p->rank; d++) {
    idx[d] = 0;
    batch *= p->dims[d];
  }
  for (int64_t bi = 0; bi < batch; bi++) {
    for (int64_t i = 0; i < p->m; i++)
      for (int64_t j0 = 0; j0 < p->n; j0 += KILN_MMT_NB) {
        const int64_t nb = p->n - j0 < KILN_MMT_NB ? p->n - j0 : KILN_MMT_NB;
        for (int64_t j = 0; j < nb; j++) acc[j] = 0.0f;
        for (int64_t k = 0; k < p->k; k++) {
          const float av = kiln_attn_ld__c(a, aoff + i * p->a_rs + k * p->a_cs, et);
          const int64_t bo = boff + k * p->b_rs + j0 * p->b_cs;
          for (int64_t j = 0; j < nb; j++) acc[j] += av * kiln_attn_ld__c(b, bo + j * p->b_cs, et);
        }
        for (int64_t j = 0; j < nb; j++) kiln_attn_st__c(y, bi * mn + i * p->n + j0 + j, et, acc[j]);
      }
    for (int d = p->rank - 1; d >= 0; d--) { /* odometer over the batch dims */
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

//@kernel kiln_f16_matmul__c needs kiln_mmt_half__c
KILN_KERNEL void kiln_f16_matmul__c(const kiln_matmul_params *p, const void *a, const void *b,
                                    void *y) {
  kiln_mmt_half__c(p, 1, a, b, y);
}
//@end

//@kernel kiln_bf16_matmul__c needs kiln_mmt_half__c
KILN_KERNEL void kiln_bf16_matmul__c(const kiln_matmul_params *p, const void *a, const void *b,
                                     void *y) {
  kiln_mmt_half__c(p, 2, a, b, y);
}
//@end

//@kernel kiln_f64_matmul__c needs kiln_matmul_params
KILN_KERNEL void kiln_f64_matmul__c(const kiln_matmul_params *p, const double *a,
                                    const double *b, double *y) {
  const int64_t mn = p->m * p->n;
  int64_t idx[KILN_MAX_RANK], batch = 1, aoff = 0, boff = 0;
  for (int d = 0; d < p->rank; d++) {
    idx[d] = 0;
    batch *= p->dims[d];
  }
  for (int64_t bi = 0; bi < batch; bi++) {
    double *yb = y + bi * mn;
    for (int64_t i = 0; i < p->m; i++) {
      double *yr = yb + i * p->n;
      for (int64_t j = 0; j < p->n; j++) yr[j] = 0.0;
      for (int64_t k = 0; k < p->k; k++) {
        const double av = a[aoff + i * p->a_rs + k * p->a_cs];
        const double *br = b + boff + k * p->b_rs;
        for (int64_t j = 0; j < p->n; j++) yr[j] += av * br[j * p->b_cs];
      }
    }
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
typedef void (*kiln_mmt_fn_)(void);
extern const kiln_mmt_fn_ kiln_mmt_used_[];
const kiln_mmt_fn_ kiln_mmt_used_[] = {(kiln_mmt_fn_)kiln_f16_matmul__c,
                                       (kiln_mmt_fn_)kiln_bf16_matmul__c,
                                       (kiln_mmt_fn_)kiln_f64_matmul__c};
#endif
