/* convtranspose.h - transposed convolution kernel (f32, NCHW, 1-3 spatial dims). */
#ifndef KILN_KERNELS_CONVTRANSPOSE_H
#define KILN_KERNELS_CONVTRANSPOSE_H

#include "kiln_kernels.h"

//@kernel kiln_convt_params
/* X (n, c_in, in...), W (c_in, c_out / group, k...), optional B (c_out),
 * Y (n, c_out, out...). Spatial arrays in (d, h, w) order; 1-D and 2-D have
 * leading 1s (in = out = k = stride = dil = 1, pad 0). Input position i and
 * tap j land on output i * stride - pad + j * dil; positions outside
 * [0, out) are dropped (pad may be negative: output_shape larger than the
 * natural size). */
typedef struct kiln_convt_params {
  int64_t n, c_in, c_out, group;
  int64_t in[3], out[3], k[3], stride[3], pad[3], dil[3];
} kiln_convt_params;
//@end

//@kernel kiln_maxunpool_params
/* MaxUnpool: n_x values scattered to flat indices of the inferred output
 * shape `inf` (rank dims); the result is placed in the corner of the
 * (possibly larger) output shape `out` (the ONNX reference); indices out of
 * range are ignored. */
typedef struct kiln_maxunpool_params {
  int rank;
  int64_t n_x;
  int64_t inf[KILN_MAX_RANK], out[KILN_MAX_RANK];
} kiln_maxunpool_params;
//@end

#ifdef KILN_HOST
/* Col2Im with the ConvTranspose geometry: x (n, c_in * k..., in...) as
 * column blocks (in = number of blocks along each axis), y (n, c_in, out...);
 * c_out and group are unused. x and y must not overlap. */
KILN_KERNEL void kiln_f32_col2im__c(const kiln_convt_params *p, const float *x, float *y);
KILN_KERNEL void kiln_f32_maxunpool__c(const kiln_maxunpool_params *p, const float *x,
                                       const int64_t *idx, float *y);
/* x, w, b and y must not overlap y; b may be NULL. */
KILN_KERNEL void kiln_f32_convtranspose__c(const kiln_convt_params *p, const float *x,
                                           const float *w, const float *b, float *y);
#endif

#endif
