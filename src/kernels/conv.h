/* conv.h - f32 convolution kernels (NCHW / NCDHW) and BatchNormalization.
 *
 * 1-D convolutions run as 2-D with h = 1; 1x1 convolutions with stride 1 and
 * no padding (any rank) run as a GEMM over the flattened spatial size.
 */
#ifndef KILN_KERNELS_CONV_H
#define KILN_KERNELS_CONV_H

#include "kiln_kernels.h"

//@kernel kiln_conv2d_params
/* One 2-D convolution, NCHW. Weights are ONNX's [c_out][c_in/group][k_h][k_w].
 * Pads are the leading (top/left) pads; the trailing pads are implied by the
 * output size (taps past the input are skipped, i.e. read as zero).
 *   y = act(conv(x, w) + bias + residual) */
typedef struct kiln_conv2d_params {
  int64_t n, c_in, h_in, w_in;
  int64_t c_out, h_out, w_out;
  int64_t k_h, k_w;
  int64_t stride_h, stride_w;
  int64_t pad_t, pad_l;
  int64_t dil_h, dil_w;
  int64_t group;
  kiln_act act;
} kiln_conv2d_params;
//@end

//@kernel kiln_conv3d_params
/* One 3-D convolution, NCDHW; spatial arrays are (d, h, w). Otherwise as
 * kiln_conv2d_params. */
typedef struct kiln_conv3d_params {
  int64_t n, c_in, c_out, group;
  int64_t in[3], out[3], k[3], stride[3], pad[3], dil[3];
  kiln_act act;
} kiln_conv3d_params;
//@end

//@kernel kiln_batchnorm_params
/* x viewed as [n][c][inner]; one (scale, shift) pair per c. */
typedef struct kiln_batchnorm_params {
  int64_t n, c, inner;
  float epsilon;
} kiln_batchnorm_params;
//@end

/* Rows (K block) of the im2col panel [KILN_CONV_KC][64] that the x86
 * implicit-GEMM convolutions build in the node's scratch. */
#define KILN_CONV_KC 256

#ifdef KILN_HOST
/* Kernel prototypes, for the compiler only. x, w, y must not overlap; bias
 * and r (residual, y's shape) may be NULL; r may be y itself. */
KILN_KERNEL void kiln_f32_conv2d__c(const kiln_conv2d_params *p, const float *x, const float *w,
                                    const float *bias, const float *r, float *y);
KILN_KERNEL void kiln_f32_conv2d_1x1__c(const kiln_conv2d_params *p, const float *x,
                                        const float *w, const float *bias, const float *r,
                                        float *y);
KILN_KERNEL void kiln_f32_dwconv2d__c(const kiln_conv2d_params *p, const float *x, const float *w,
                                      const float *bias, const float *r, float *y);
KILN_KERNEL void kiln_f32_conv3d__c(const kiln_conv3d_params *p, const float *x, const float *w,
                                    const float *bias, const float *r, float *y);
/* y = x * s[c] + t[c] (x may be y). */
KILN_KERNEL void kiln_f32_scale_shift__c(const kiln_batchnorm_params *p, const float *x,
                                         const float *s, const float *t, float *y);
/* y = (x - mean[c]) / sqrt(var[c] + eps) * scale[c] + bias[c] (x may be y). */
KILN_KERNEL void kiln_f32_batchnorm__c(const kiln_batchnorm_params *p, const float *x,
                                       const float *scale, const float *bias, const float *mean,
                                       const float *var, float *y);


#endif

#endif
