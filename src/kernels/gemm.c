/* gemm.c - Gemm and MatMul kernels (f32, portable C).
 *
 * Epilogue order, shared with Conv: Y is first initialised with the additive
 * terms (beta * C, the fused residual R), the products are accumulated on
 * top, and the fused activation is applied last:
 *     Y = act(alpha * op(A) * op(B) + beta * C + R)
 * Initialising Y element by element from R means R may be the very buffer Y
 * (an in-place residual add); A, B and C must not overlap Y.
 */
#include "kiln_kernels.h"
#include "gemm.h"

//@kernel kiln_f32_gemm__c needs kiln_gemm_params kiln_f32_gemm_acc__c kiln_f32_act_inplace__c
/* ONNX Gemm with fused epilogue; see kiln_gemm_params. c (beta * C) and r
 * (residual) may be NULL. */
KILN_KERNEL void kiln_f32_gemm__c(const kiln_gemm_params *p, const float *a, const float *b,
                                  const float *c, const float *r, float *y) {
  const int64_t m = p->m, n = p->n;
  for (int64_t i = 0; i < m; i++) {
    float *yr = y + i * n;
    const float *rr = r ? r + i * n : NULL;
    if (c) {
      const float *cr = c + i * p->c_rs;
      const float beta = p->beta;
      for (int64_t j = 0; j < n; j++) yr[j] = beta * cr[j * p->c_cs] + (rr ? rr[j] : 0.0f);
    } else if (rr) {
      if (rr != yr) memcpy(yr, rr, (size_t)n * sizeof(float));
    } else {
      memset(yr, 0, (size_t)n * sizeof(float));
    }
  }
  kiln_f32_gemm_acc__c(m, n, p->k, p->alpha, a, p->a_rs, p->a_cs, b, p->b_rs, p->b_cs, y, n);
  kiln_f32_act_inplace__c(&p->act, y, m * n);
}
//@end

//@kernel kiln_f32_matmul__c needs kiln_matmul_params kiln_f32_gemm_acc__c kiln_f32_act_inplace__c
/* numpy matmul with broadcast batch dims and fused epilogue; see
 * kiln_matmul_params. r (residual, Y's shape) may be NULL or Y itself. */
KILN_KERNEL void kiln_f32_matmul__c(const kiln_matmul_params *p, const float *a, const float *b,
                                    const float *r, float *y) {
  const int64_t mn = p->m * p->n;
  int64_t idx[KILN_MAX_RANK], batch = 1, aoff = 0, boff = 0;
  for (int d = 0; d < p->rank; d++) {
    idx[d] = 0;
    batch *= p->dims[d];
  }
  for (int64_t bi = 0; bi < batch; bi++) {
    float *yb = y + bi * mn;
    if (!r) memset(yb, 0, (size_t)mn * sizeof(float));
    else if (r + bi * mn != yb) memcpy(yb, r + bi * mn, (size_t)mn * sizeof(float));
    kiln_f32_gemm_acc__c(p->m, p->n, p->k, 1.0f, a + aoff, p->a_rs, p->a_cs, b + boff, p->b_rs,
                         p->b_cs, yb, p->n);
    /* odometer over the batch dims, tracking the A and B offsets */
    for (int d = p->rank - 1; d >= 0; d--) {
      aoff += p->a_bs[d];
      boff += p->b_bs[d];
      if (++idx[d] < p->dims[d]) break;
      aoff -= p->a_bs[d] * p->dims[d];
      boff -= p->b_bs[d] * p->dims[d];
      idx[d] = 0;
    }
  }
  kiln_f32_act_inplace__c(&p->act, y, batch * mn);
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_gemm_fn_)(void);
extern const kiln_gemm_fn_ kiln_gemm_used_[];
const kiln_gemm_fn_ kiln_gemm_used_[] = {(kiln_gemm_fn_)kiln_f32_gemm__c,
                                         (kiln_gemm_fn_)kiln_f32_matmul__c};
#endif
