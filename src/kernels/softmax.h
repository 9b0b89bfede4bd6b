/* softmax.h - f32 Softmax / LogSoftmax kernels. */
#ifndef KILN_KERNELS_SOFTMAX_H
#define KILN_KERNELS_SOFTMAX_H

#include "kiln_kernels.h"

//@kernel kiln_softmax_params
/* x viewed as [outer][n][inner]; normalise over n. ONNX Softmax before opset
 * 13 flattens the tail (n = prod(dims[axis:]), inner = 1); from opset 13 it
 * is one axis (n = dims[axis], inner = prod(dims[axis+1:])). */
typedef struct kiln_softmax_params {
  int64_t outer, n, inner;
} kiln_softmax_params;
//@end

#ifdef KILN_HOST
/* Kernel prototypes, for the compiler only. x may be y (in place). */
KILN_KERNEL void kiln_f32_softmax__c(const kiln_softmax_params *p, const float *x, float *y);
KILN_KERNEL void kiln_f32_logsoftmax__c(const kiln_softmax_params *p, const float *x, float *y);
#endif

#endif
