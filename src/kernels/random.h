/* random.h - counter-based random kernels (RandomUniform/Normal[Like],
 * Bernoulli, Multinomial). Element i of a node's output is a pure function
 * of the node's compile-time key and i: no mutable state anywhere. */
#ifndef KILN_KERNELS_RANDOM_H
#define KILN_KERNELS_RANDOM_H

#include "kiln_kernels.h"

//@kernel kiln_random_params
/* kind: 0 uniform in [a, b), 1 normal with mean a and scale b.
 * out: output dtype code 0 float, 1 double, 2 int32, 3 int64, 4 one byte
 * (bool/uint8/int8), 5 int16/uint16. batch, classes, samples: Multinomial. */
typedef struct kiln_random_params {
  uint64_t key;
  int kind, out;
  double a, b;
  int64_t batch, classes, samples;
} kiln_random_params;
//@end

#ifdef KILN_HOST
KILN_KERNEL void kiln_random_fill__c(const kiln_random_params *p, int64_t n, void *y);
KILN_KERNEL void kiln_f32_bernoulli__c(const kiln_random_params *p, int64_t n, const float *x, void *y);
KILN_KERNEL void kiln_f64_bernoulli__c(const kiln_random_params *p, int64_t n, const double *x, void *y);
KILN_KERNEL void kiln_f32_multinomial__c(const kiln_random_params *p, const float *x, void *y);
KILN_KERNEL void kiln_f64_multinomial__c(const kiln_random_params *p, const double *x, void *y);
#endif

#endif
