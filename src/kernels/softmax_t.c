/* softmax_t.c - Softmax / LogSoftmax over float16 / bfloat16 (values
 * converted to float, each result rounded once) and float64, portable C.
 * One [outer][.][inner] column at a time in three passes (max, sum, write):
 * every element is read before its own index is written, so x may be y. */
#include "kiln_kernels.h"
#include "softmax.h"
#include "attention.h"
#include "softmax_t.h"

//@kernel kiln_h_softmax__c needs kiln_softmax_params kiln_attn_ld__c
KILN_KERNEL void kiln_h_softmax__c(const kiln_softmax_params *p, int et, int lg, const void *x,
                                   void *y) {
  const int64_t nn = p->n, ni = p->inner;
  for (int64_t o = 0; o < p->outer; o++)
    for (int64_t i = 0; i < ni; i++) {
      const int64_t base = o * nn * ni + i;
      float m = -INFINITY, s = 0.0f;
      for (int64_t j = 0; j < nn; j++) {
        const float v = kiln_attn_ld__c(x, base + j * ni, et);
        m = v > m ? v : m;
      }
      for (int64_t j = 0; j < nn; j++) s += expf(kiln_attn_ld__c(x, base + j * ni, et) - m);
      const float ls = logf(s), inv = 1.0f / s;
      for (int64_t j = 0; j < nn; j++) {
        const float v = kiln_attn_ld__c(x, base + j * ni, et) - m;
        kiln_attn_st__c(y, base + j * ni, et, lg ? v - ls : expf(v) * inv);
      }
    }
}
//@end

//@kernel kiln_f64_softmax__c needs kiln_softmax_params
KILN_KERNEL void kiln_f64_softmax__c(const kiln_softmax_params *p, int lg, const double *x,
                                     double *y) {
  const int64_t nn = p->n, ni = p->inner;
  for (int64_t o = 0; o < p->outer; o++)
    for (int64_t i = 0; i < ni; i++) {
      const int64_t base = o * nn * ni + i;
      double m = -INFINITY, s = 0.0;
      for (int64_t j = 0; j < nn; j++) m = x[base + j * ni] > m ? x[base + j * ni] : m;
      for (int64_t j = 0; j < nn; j++) s += exp(x[base + j * ni] - m);
      const double ls = log(s), inv = 1.0 / s;
      for (int64_t j = 0; j < nn; j++) {
        const double v = x[base + j * ni] - m;
        y[base + j * ni] = lg ? v - ls : exp(v) * inv;
      }
    }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_smt_fn_)(void);
extern const kiln_smt_fn_ kiln_smt_used_[];
const kiln_smt_fn_ kiln_smt_used_[] = {(kiln_smt_fn_)kiln_h_softmax__c,
                                       (kiln_smt_fn_)kiln_f64_softmax__c};
#endif
