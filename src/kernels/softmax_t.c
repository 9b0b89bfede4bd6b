/* softmax_t.c - Softmax / LogSoftmax over float16 / bfloat16 (values
 * converted to float, each result rounded once) and float64, portable C.
 * One [outer][.][inner] column at a time in three passes (max, sum, write):
 * every element is read before its own index is written, so x may be y. */
#include "kiln_kernels.h"
#include "softmax.h"
#include "attention.h"
#include "softmax_t.h"

//@kernel kiln_h_softmax__c needs kiln_softmax_params kiln_attn_elem__c
KILN_KERNEL void kiln_h_softmax__c(const kiln_softmax_params *p, int et, int lg, const void *x,
                                   void *y) {
  const int64_t N = p->n, I = p->inner;
  for (int64_t o = 0; o < p->outer; o++)
    for (int64_t i = 0; i < I; i++) {
      const int64_t base = o * N * I + i;
      float m = -INFINITY, s = 0.0f;
      for (int64_t j = 0; j < N; j++) {
        const float v = kiln_attn_ld__c(x, base + j * I, et);
        m = v > m ? v : m;
      }
      for (int64_t j = 0; j < N; j++) s += expf(kiln_attn_ld__c(x, base + j * I, et) - m);
      const float ls = logf(s), inv = 1.0f / s;
      for (int64_t j = 0; j < N; j++) {
        const float v = kiln_attn_ld__c(x, base + j * I, et) - m;
        kiln_attn_st__c(y, base + j * I, et, lg ? v - ls : expf(v) * inv);
      }
    }
}
//@end

//@kernel kiln_f64_softmax__c needs kiln_softmax_params
KILN_KERNEL void kiln_f64_softmax__c(const kiln_softmax_params *p, int lg, const double *x,
                                     double *y) {
  const int64_t N = p->n, I = p->inner;
  for (int64_t o = 0; o < p->outer; o++)
    for (int64_t i = 0; i < I; i++) {
      const int64_t base = o * N * I + i;
      double m = -INFINITY, s = 0.0;
      for (int64_t j = 0; j < N; j++) m = x[base + j * I] > m ? x[base + j * I] : m;
      for (int64_t j = 0; j < N; j++) s += exp(x[base + j * I] - m);
      const double ls = log(s), inv = 1.0 / s;
      for (int64_t j = 0; j < N; j++) {
        const double v = x[base + j * I] - m;
        y[base + j * I] = lg ? v - ls : exp(v) * inv;
      }
    }
}
//@end
