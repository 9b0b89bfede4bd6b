/* softmax_t.h - Softmax / LogSoftmax over float16, bfloat16 (computed in
 * float, each step of the function body rounded to 16 bits) and float64
 * (computed in double) storage; float32 is softmax.c. */
#ifndef KILN_KERNELS_SOFTMAX_T_H
#define KILN_KERNELS_SOFTMAX_T_H

#include "kiln_kernels.h"
#include "softmax.h"
#include "attention.h"

#ifdef KILN_HOST
/* et 1 float16 bits, 2 bfloat16 bits; log selects LogSoftmax. x may be y. */
KILN_KERNEL void kiln_h_softmax__c(const kiln_softmax_params *p, int et, int lg, const void *x,
                                   void *y);
KILN_KERNEL void kiln_f64_softmax__c(const kiln_softmax_params *p, int lg, const double *x,
                                     double *y);
#endif

#endif
