/* einsum.h - general Einsum kernel over a compile-time label plan. */
#ifndef KILN_KERNELS_EINSUM_H
#define KILN_KERNELS_EINSUM_H

#include "kiln_kernels.h"

//@kernel kiln_einsum_params
#define KILN_EINSUM_MAX_IN 8
#define KILN_EINSUM_MAX_LABELS 24
/* Labels 0..n_out-1 are the output dims in order (row-major), labels
 * n_out..n_lab-1 are summed. stride[i][l]: element stride of operand i
 * along label l (the sum over its dims carrying l, so repeated labels walk
 * a diagonal; 0 where the operand lacks l or broadcasts it). */
typedef struct kiln_einsum_params {
  int n_in, n_lab, n_out;
  int64_t size[KILN_EINSUM_MAX_LABELS];
  int64_t stride[KILN_EINSUM_MAX_IN][KILN_EINSUM_MAX_LABELS];
} kiln_einsum_params;
//@end

#ifdef KILN_HOST
KILN_KERNEL void kiln_f32_einsum__c(const kiln_einsum_params *p, const float *const *x, float *y);
KILN_KERNEL void kiln_f64_einsum__c(const kiln_einsum_params *p, const double *const *x, double *y);
KILN_KERNEL void kiln_bf16_einsum__c(const kiln_einsum_params *p, const uint16_t *const *x, uint16_t *y);
#endif

#endif
