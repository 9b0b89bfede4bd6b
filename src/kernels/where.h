/* where.h - prototypes of the Where kernels (where.c), for the compiler.
 *
 * kiln_<dtype>_where__c(bc, c, x0, x1, y): y = c ? x0 : x1 over the coalesced
 * 3-input broadcast `bc` (stride[0] = condition, [1] = X, [2] = Y).
 */
#ifndef KILN_KERNELS_WHERE_H
#define KILN_KERNELS_WHERE_H

#include "kiln_kernels.h"

KILN_KERNEL void kiln_f32_where__c(const kiln_bcast *bc, const uint8_t *c, const float *x0,
                                   const float *x1, float *y);
KILN_KERNEL void kiln_f64_where__c(const kiln_bcast *bc, const uint8_t *c, const double *x0,
                                   const double *x1, double *y);
KILN_KERNEL void kiln_i32_where__c(const kiln_bcast *bc, const uint8_t *c, const int32_t *x0,
                                   const int32_t *x1, int32_t *y);
KILN_KERNEL void kiln_i64_where__c(const kiln_bcast *bc, const uint8_t *c, const int64_t *x0,
                                   const int64_t *x1, int64_t *y);
KILN_KERNEL void kiln_bool_where__c(const kiln_bcast *bc, const uint8_t *c, const uint8_t *x0,
                                    const uint8_t *x1, uint8_t *y);
KILN_KERNEL void kiln_u16_where__c(const kiln_bcast *bc, const uint8_t *c, const uint16_t *x0,
                                   const uint16_t *x1, uint16_t *y);

#endif
