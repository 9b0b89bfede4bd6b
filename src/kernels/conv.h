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

//@kernel kiln_conv_job needs kiln_conv2d_params
/* One SIMD 2-D convolution split into tasks for kiln_par_for. The GEMM-like
 * kernels (implicit GEMM, in-place taps) make (image x group) x nj blocks
 * of 64 output pixels x ni chunks of mc output channels; more than one
 * chunk only when the pixel blocks alone give too few tasks to keep the
 * threads busy. Depthwise kernels take one task per plane. scratch: one
 * im2col panel per worker, where the kernel needs one. */
typedef struct kiln_conv_job {
  const kiln_conv2d_params *p;
  const float *x, *w, *bias, *r;
  float *y, *scratch;
  int64_t nj, ni, mc;
} kiln_conv_job;

static inline void kiln_conv_job_init(kiln_conv_job *jb, const kiln_conv2d_params *p, const float *x,
                                      const float *w, const float *bias, const float *r, float *y,
                                      void *scratch) {
  jb->p = p;
  jb->x = x;
  jb->w = w;
  jb->bias = bias;
  jb->r = r;
  jb->y = y;
  jb->scratch = (float *)scratch;
  jb->nj = jb->ni = 1;
  jb->mc = 0;
}

/* Sets jb's GEMM-like split for `threads`; returns the task count (0: no
 * output channels or pixels). */
static inline int64_t kiln_conv_job_split(kiln_conv_job *jb, int threads) {
  const kiln_conv2d_params *p = jb->p;
  const int64_t cog = p->c_out / p->group, N = p->h_out * p->w_out;
  const int64_t base = p->n * p->group * ((N + 63) / 64);
  jb->nj = (N + 63) / 64;
  jb->ni = 1;
  jb->mc = cog;
  if (base <= 0 || cog <= 0) return 0;
  if (threads > 1 && base < 8 * (int64_t)threads) { /* few pixel blocks: split the channels too */
    int64_t ni = (8 * (int64_t)threads + base - 1) / base, mb = (cog + 5) / 6;
    if (ni > mb) ni = mb;
    jb->mc = ((cog + ni - 1) / ni + 5) / 6 * 6;
    jb->ni = (cog + jb->mc - 1) / jb->mc;
  }
  return base * jb->ni;
}
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
