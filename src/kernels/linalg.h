/* linalg.h - kernels for Det, TensorScatter and DeformConv (float32). */
#ifndef KILN_LINALG_H
#define KILN_LINALG_H

#include "kiln_kernels.h"

//@kernel kiln_tensorscatter_params
/* TensorScatter on x viewed as [batch, mid, len, inner bytes] (len = the
 * axis dim, mid = dims between the batch axis 0 and the axis); the update
 * is [batch, mid, seq, inner]. mode 0 linear, 1 circular. */
typedef struct kiln_tensorscatter_params {
  int64_t batch, mid, len, seq, inner;
  int circular;
} kiln_tensorscatter_params;
//@end

//@kernel kiln_deform_conv2d_params
/* DeformConv, 2-D, NCHW. offset is [n, offset_group * kh * kw * 2, oh, ow]
 * ((dy, dx) per tap), mask [n, offset_group * kh * kw, oh, ow]. */
typedef struct kiln_deform_conv2d_params {
  int64_t n, c, h, w;        /* input */
  int64_t oc, oh, ow;        /* output */
  int64_t kh, kw, sh, sw, ph, pw, dh, dw;
  int64_t group, offset_group;
} kiln_deform_conv2d_params;
//@end

/* Prototypes (compiler side; packages get the definitions). */
KILN_KERNEL void kiln_f32_det__c(int64_t batch, int64_t m, const float *x, float *y, double *scratch);
KILN_KERNEL void kiln_tensorscatter__c(const kiln_tensorscatter_params *p, const void *x, const void *update,
                                       const int64_t *write_indices, void *y);
KILN_KERNEL void kiln_f32_deform_conv2d__c(const kiln_deform_conv2d_params *p, const float *x, const float *w,
                                           const float *offset, const float *bias, const float *mask, float *y);

#endif
