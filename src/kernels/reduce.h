/* reduce.h - f32 ReduceSum/Mean/Max/Min/Prod kernels. */
#ifndef KILN_KERNELS_REDUCE_H
#define KILN_KERNELS_REDUCE_H

#include "kiln_kernels.h"

//@kernel kiln_reduce_params
/* The input viewed with adjacent dims of the same kind (reduced or kept)
 * merged and size-1 dims dropped (done at compile time): rank >= 1 dims, bit
 * d of mask set when dims[d] is reduced. The output is the kept dims in
 * order (dense). count = elements folded into each output (ReduceMean's
 * divisor). mask == 0 is a plain copy (noop_with_empty_axes). */
typedef struct kiln_reduce_params {
  int rank;
  int64_t dims[KILN_MAX_RANK];
  unsigned mask;
  int64_t count;
} kiln_reduce_params;
//@end

#ifdef KILN_HOST
/* Kernel prototypes, for the compiler only. x and y must not overlap. */
KILN_KERNEL void kiln_f32_reduce_sum__c(const kiln_reduce_params *p, const float *x, float *y);
KILN_KERNEL void kiln_f32_reduce_mean__c(const kiln_reduce_params *p, const float *x, float *y);
KILN_KERNEL void kiln_f32_reduce_max__c(const kiln_reduce_params *p, const float *x, float *y);
KILN_KERNEL void kiln_f32_reduce_min__c(const kiln_reduce_params *p, const float *x, float *y);
KILN_KERNEL void kiln_f32_reduce_prod__c(const kiln_reduce_params *p, const float *x, float *y);
#endif

#endif
