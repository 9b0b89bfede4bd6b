/* dropout.h - Dropout in training mode (float32), with the MT19937 generator
 * numpy.random.seed/uniform use, so a given seed drops the same elements as
 * the ONNX reference implementation. */
#ifndef KILN_KERNELS_DROPOUT_H
#define KILN_KERNELS_DROPOUT_H

#include "kiln_kernels.h"

#ifdef KILN_HOST
/* u_i = numpy's legacy RandomState(seed).random_sample() for i < n, in
 * order; keep_i = u_i >= ratio; y_i = keep_i * x_i * (1 / (1 - ratio)) and
 * mask_i = keep_i (mask may be NULL). ratio == 0 or !training: y = x, mask
 * all true. y may be x. */
KILN_KERNEL void kiln_f32_dropout__c(int64_t n, uint32_t seed, float ratio, int training,
                                     const float *x, float *y, uint8_t *mask);
#endif

#endif
