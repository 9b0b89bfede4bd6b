/* binary.h - prototypes of the broadcasting binary kernels (binary.c), for
 * the compiler. Packages get the kernel sections themselves, not this header.
 *
 * kiln_<dtype>_<op>[_<exponent dtype>]__c(bc, x0, x1, y): y = op(x0, x1)
 * over the coalesced broadcast `bc` (see KILN_BINARY in binary.c); <dtype> is
 * the inputs' dtype (comparisons write bool = uint8_t 0/1).
 */
#ifndef KILN_KERNELS_BINARY_H
#define KILN_KERNELS_BINARY_H

#include "kiln_kernels.h"

KILN_KERNEL void kiln_f32_add__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_add__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                 double *y);
KILN_KERNEL void kiln_i32_add__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                 int32_t *y);
KILN_KERNEL void kiln_i64_add__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                 int64_t *y);
KILN_KERNEL void kiln_f32_sub__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_sub__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                 double *y);
KILN_KERNEL void kiln_i32_sub__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                 int32_t *y);
KILN_KERNEL void kiln_i64_sub__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                 int64_t *y);
KILN_KERNEL void kiln_f32_mul__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_mul__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                 double *y);
KILN_KERNEL void kiln_i32_mul__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                 int32_t *y);
KILN_KERNEL void kiln_i64_mul__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                 int64_t *y);
KILN_KERNEL void kiln_f32_div__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_div__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                 double *y);
KILN_KERNEL void kiln_i32_div__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                 int32_t *y);
KILN_KERNEL void kiln_i64_div__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                 int64_t *y);
KILN_KERNEL void kiln_f32_pow__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f32_pow_i32__c(const kiln_bcast *bc, const float *x0, const int32_t *x1,
                                     float *y);
KILN_KERNEL void kiln_f32_pow_i64__c(const kiln_bcast *bc, const float *x0, const int64_t *x1,
                                     float *y);
KILN_KERNEL void kiln_f64_pow__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                 double *y);
KILN_KERNEL void kiln_i32_pow__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                 int32_t *y);
KILN_KERNEL void kiln_i64_pow__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                 int64_t *y);
KILN_KERNEL void kiln_f32_max__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f32_min__c(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
KILN_KERNEL void kiln_f64_max__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                 double *y);
KILN_KERNEL void kiln_f64_min__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                 double *y);
KILN_KERNEL void kiln_i32_max__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                 int32_t *y);
KILN_KERNEL void kiln_i32_min__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                 int32_t *y);
KILN_KERNEL void kiln_i64_max__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                 int64_t *y);
KILN_KERNEL void kiln_i64_min__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                 int64_t *y);
KILN_KERNEL void kiln_f32_equal__c(const kiln_bcast *bc, const float *x0, const float *x1,
                                   uint8_t *y);
KILN_KERNEL void kiln_f64_equal__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                   uint8_t *y);
KILN_KERNEL void kiln_i32_equal__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                   uint8_t *y);
KILN_KERNEL void kiln_i64_equal__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                   uint8_t *y);
KILN_KERNEL void kiln_bool_equal__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1,
                                    uint8_t *y);
KILN_KERNEL void kiln_f32_less__c(const kiln_bcast *bc, const float *x0, const float *x1,
                                  uint8_t *y);
KILN_KERNEL void kiln_f64_less__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                  uint8_t *y);
KILN_KERNEL void kiln_i32_less__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                  uint8_t *y);
KILN_KERNEL void kiln_i64_less__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                  uint8_t *y);
KILN_KERNEL void kiln_f32_greater__c(const kiln_bcast *bc, const float *x0, const float *x1,
                                     uint8_t *y);
KILN_KERNEL void kiln_f64_greater__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                     uint8_t *y);
KILN_KERNEL void kiln_i32_greater__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                     uint8_t *y);
KILN_KERNEL void kiln_i64_greater__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                     uint8_t *y);
KILN_KERNEL void kiln_f32_less_or_equal__c(const kiln_bcast *bc, const float *x0, const float *x1,
                                           uint8_t *y);
KILN_KERNEL void kiln_f64_less_or_equal__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                           uint8_t *y);
KILN_KERNEL void kiln_i32_less_or_equal__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                           uint8_t *y);
KILN_KERNEL void kiln_i64_less_or_equal__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                           uint8_t *y);
KILN_KERNEL void kiln_f32_greater_or_equal__c(const kiln_bcast *bc, const float *x0, const float *x1,
                                              uint8_t *y);
KILN_KERNEL void kiln_f64_greater_or_equal__c(const kiln_bcast *bc, const double *x0, const double *x1,
                                              uint8_t *y);
KILN_KERNEL void kiln_i32_greater_or_equal__c(const kiln_bcast *bc, const int32_t *x0, const int32_t *x1,
                                              uint8_t *y);
KILN_KERNEL void kiln_i64_greater_or_equal__c(const kiln_bcast *bc, const int64_t *x0, const int64_t *x1,
                                              uint8_t *y);
KILN_KERNEL void kiln_bool_and__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1,
                                  uint8_t *y);
KILN_KERNEL void kiln_bool_or__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1,
                                 uint8_t *y);
KILN_KERNEL void kiln_bool_xor__c(const kiln_bcast *bc, const uint8_t *x0, const uint8_t *x1,
                                  uint8_t *y);

#endif
