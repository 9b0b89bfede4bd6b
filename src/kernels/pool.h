/* pool.h - f32 pooling kernels (MaxPool, AveragePool, global pools), NCHW. */
#ifndef KILN_KERNELS_POOL_H
#define KILN_KERNELS_POOL_H

#include "kiln_kernels.h"

//@kernel kiln_pool_params
/* A pooling window over up to 3 spatial dims, arrays in (d, h, w) order;
 * 1-D and 2-D pools have leading 1s (in = out = k = stride = dil = 1, pads 0).
 * pad / pad_end are the leading / trailing pads; taps outside the input are
 * skipped. nc = N * C planes. AveragePool divides by the number of taps
 * inside the input, or, with count_include_pad, inside the padded input
 * [-pad, in + pad_end): padding counts, the ceil_mode overhang past the
 * trailing pad does not (as onnxruntime, PyTorch and the ONNX test data). */
typedef struct kiln_pool_params {
  int64_t nc;
  int64_t in[3], out[3];
  int64_t k[3], stride[3], pad[3], pad_end[3], dil[3];
  int count_include_pad;
} kiln_pool_params;
//@end

#ifdef KILN_HOST
/* Kernel prototypes, for the compiler only. x and y must not overlap. */
KILN_KERNEL void kiln_f32_maxpool2d__c(const kiln_pool_params *p, const float *x, float *y);
#if defined(__x86_64__) && defined(__GNUC__)
KILN_KERNEL void kiln_f32_maxpool2d__avx512(const kiln_pool_params *p, const float *x, float *y,
                                           const kiln_par *par);
#endif
KILN_KERNEL void kiln_f32_avgpool2d__c(const kiln_pool_params *p, const float *x, float *y);
/* One output per plane of `size` floats (x may not be y). */
KILN_KERNEL void kiln_f32_globalavgpool__c(int64_t planes, int64_t size, const float *x, float *y);
KILN_KERNEL void kiln_f32_globalmaxpool__c(int64_t planes, int64_t size, const float *x, float *y);
#endif

#endif
