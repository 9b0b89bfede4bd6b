/* training.h - optimizer update kernels (ai.onnx.preview.training Adam,
 * Adagrad, Momentum), float32 tensors with a float32 learning rate R and an
 * int64 iteration count T read at run time; BatchNormalization in training
 * mode (batch statistics). */
#ifndef KILN_KERNELS_TRAINING_H
#define KILN_KERNELS_TRAINING_H

#include "kiln_kernels.h"
#include "conv.h" /* kiln_batchnorm_params */

//@kernel kiln_optim_params
/* Attributes of the optimizer node. nesterov: Momentum mode. */
typedef struct kiln_optim_params {
  double alpha, beta, epsilon, norm, norm_post, decay;
  int nesterov;
} kiln_optim_params;
//@end

#ifdef KILN_HOST
KILN_KERNEL void kiln_f32_adagrad__c(const kiln_optim_params *p, int64_t n, const float *R,
                                     const int64_t *T, const float *X, const float *G,
                                     const float *H, float *Xn, float *Hn);
KILN_KERNEL void kiln_f32_momentum__c(const kiln_optim_params *p, int64_t n, const float *R,
                                      const int64_t *T, const float *X, const float *G,
                                      const float *V, float *Xn, float *Vn);
KILN_KERNEL void kiln_f32_adam__c(const kiln_optim_params *p, int64_t n, const float *R,
                                  const int64_t *T, const float *X, const float *G, const float *V,
                                  const float *H, float *Xn, float *Vn, float *Hn);
/* BatchNormalization, training_mode=1: per channel c the batch mean m and
 * population variance v of x over n and inner; y = (x - m) / sqrt(v + eps)
 * * scale + bias; run_mean = mean * momentum + m * (1 - momentum), run_var
 * likewise (each may be NULL). y may be x. */
KILN_KERNEL void kiln_f32_batchnorm_train__c(const kiln_batchnorm_params *p, float momentum,
                                             const float *x, const float *scale,
                                             const float *bias, const float *mean,
                                             const float *var, float *y, float *run_mean,
                                             float *run_var);
#endif

#endif
