/* pool_idx.h - MaxPool kernels that also produce the optional Indices
 * output (and serve dtypes other than float32: uint8). */
#ifndef KILN_KERNELS_POOL_IDX_H
#define KILN_KERNELS_POOL_IDX_H

#include "kiln_kernels.h"
#include "pool.h"

#ifdef KILN_HOST
/* MaxPool with kiln_pool_params (see pool.h). idx (may be NULL) gets, per
 * output, the flat index of the first maximal tap in the input tensor:
 * plane * in_size + the position in the plane, row-major (storage_order
 * 0) or column-major (1: i0 + i1 * in0 + i2 * in0 * in1). A window with
 * no tap inside the input yields the dtype's lowest value and index -1. */
KILN_KERNEL void kiln_f32_maxpool_idx__c(const kiln_pool_params *p, int storage_order, const float *x, float *y,
                                         int64_t *idx);
KILN_KERNEL void kiln_u8_maxpool_idx__c(const kiln_pool_params *p, int storage_order, const uint8_t *x, uint8_t *y,
                                        int64_t *idx);
#endif

#endif
