/* training.h - optimizer update kernels (ai.onnx.preview.training Adam,
 * Adagrad, Momentum), float32 tensors with a float32 learning rate R and an
 * int64 iteration count T read at run time. */
#ifndef KILN_KERNELS_TRAINING_H
#define KILN_KERNELS_TRAINING_H

#include "kiln_kernels.h"

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
#endif

#endif
