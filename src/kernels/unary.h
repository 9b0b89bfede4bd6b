/* unary.h - prototypes of the elementwise unary kernels (unary.c), for the
 * compiler. Packages get the kernel sections themselves, not this header.
 *
 * kiln_<dtype>_<op>__c(n, x, y[, a, b]): y[i] = op(x[i]) for i < n; y may
 * equal x. Parameters: leaky_relu a = alpha; hard_sigmoid a = alpha,
 * b = beta; elu a = alpha; selu a = alpha, b = gamma; clip a = min, b = max.
 */
#ifndef KILN_KERNELS_UNARY_H
#define KILN_KERNELS_UNARY_H

#include "kiln_kernels.h"

KILN_KERNEL void kiln_f32_relu__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_sigmoid__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_tanh__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_exp__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_log__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_sqrt__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_neg__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_abs__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_erf__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_reciprocal__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_floor__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_ceil__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_round__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_sign__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_sin__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_cos__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_leaky_relu__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f32_hard_sigmoid__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f32_hard_swish__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f32_elu__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f32_selu__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f32_softplus__c(int64_t n, const float *x, float *y);
KILN_KERNEL void kiln_f64_relu__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_sigmoid__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_tanh__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_exp__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_log__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_sqrt__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_neg__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_abs__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_erf__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_reciprocal__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_floor__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_ceil__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_round__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_sign__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_sin__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_cos__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_leaky_relu__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_f64_hard_sigmoid__c(int64_t n, const double *x, double *y, double a,
                                          double b);
KILN_KERNEL void kiln_f64_hard_swish__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_f64_elu__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_f64_selu__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_f64_softplus__c(int64_t n, const double *x, double *y);
KILN_KERNEL void kiln_i32_relu__c(int64_t n, const int32_t *x, int32_t *y);
KILN_KERNEL void kiln_i32_neg__c(int64_t n, const int32_t *x, int32_t *y);
KILN_KERNEL void kiln_i32_abs__c(int64_t n, const int32_t *x, int32_t *y);
KILN_KERNEL void kiln_i32_sign__c(int64_t n, const int32_t *x, int32_t *y);
KILN_KERNEL void kiln_i64_relu__c(int64_t n, const int64_t *x, int64_t *y);
KILN_KERNEL void kiln_i64_neg__c(int64_t n, const int64_t *x, int64_t *y);
KILN_KERNEL void kiln_i64_abs__c(int64_t n, const int64_t *x, int64_t *y);
KILN_KERNEL void kiln_i64_sign__c(int64_t n, const int64_t *x, int64_t *y);
KILN_KERNEL void kiln_f32_clip__c(int64_t n, const float *x, float *y, float a, float b);
KILN_KERNEL void kiln_f64_clip__c(int64_t n, const double *x, double *y, double a, double b);
KILN_KERNEL void kiln_i32_clip__c(int64_t n, const int32_t *x, int32_t *y, int32_t a, int32_t b);
KILN_KERNEL void kiln_i64_clip__c(int64_t n, const int64_t *x, int64_t *y, int64_t a, int64_t b);
KILN_KERNEL void kiln_bool_not__c(int64_t n, const uint8_t *x, uint8_t *y);

#endif
