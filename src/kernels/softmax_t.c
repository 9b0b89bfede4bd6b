/* softmax_t.c - Softmax / LogSoftmax over float16 / bfloat16 and float64,
 * portable C. One [outer][.][inner] column at a time in three passes (max,
 * sum, write): every element is read before its own index is written, so x
 * may be y.
 *
 * 16-bit storage follows the operators' function bodies (opset 13+), which
 * define Softmax as Div(Exp(Sub(x, ReduceMax)), ReduceSum(Exp(...))) and
 * LogSoftmax as Sub(Sub(x, max), Log(ReduceSum(Exp(...)))), every step in
 * the input type. So each intermediate (x - max, its exp, the sum, its log)
 * is rounded to 16 bits before the next step, and the result is a true
 * quotient, not a product with 1/sum. Computing in float and rounding once
 * moves some outputs by an ulp or two from onnx.reference and the backend
 * suite's expected data (test_attention_4d_causal_fp16_expanded), which
 * round per step. The sum itself accumulates in float and is rounded once,
 * as ReduceSum does. */
#include "kiln_kernels.h"
#include "softmax.h"
#include "attention.h"
#include "softmax_t.h"

//@kernel kiln_h_softmax__c needs kiln_softmax_params kiln_attn_ld__c
/* v rounded to storage type et (1 float16, 2 bfloat16) and back. */
static inline float kiln_h_softmax_rnd__c(float v, int et) {
  uint16_t h;
  kiln_attn_st__c(&h, 0, et, v);
  return kiln_attn_ld__c(&h, 0, et);
}

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
      /* float has more than 2p + 2 bits for both 16-bit types, so the float
       * difference (and quotient, below) rounded to 16 bits is the correctly
       * rounded Sub (Div) of the 16-bit operands. */
      for (int64_t j = 0; j < nn; j++) {
        const float d = kiln_h_softmax_rnd__c(kiln_attn_ld__c(x, base + j * ni, et) - m, et);
        s += kiln_h_softmax_rnd__c(expf(d), et);
      }
      s = kiln_h_softmax_rnd__c(s, et);
      const float ls = kiln_h_softmax_rnd__c(logf(s), et);
      for (int64_t j = 0; j < nn; j++) {
        const float d = kiln_h_softmax_rnd__c(kiln_attn_ld__c(x, base + j * ni, et) - m, et);
        kiln_attn_st__c(y, base + j * ni, et,
                        lg ? d - ls : kiln_h_softmax_rnd__c(expf(d), et) / s);
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
