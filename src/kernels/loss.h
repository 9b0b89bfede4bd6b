/* loss.h - f32 kernels for NegativeLogLikelihoodLoss and
 * SoftmaxCrossEntropyLoss. */
#ifndef KILN_KERNELS_LOSS_H
#define KILN_KERNELS_LOSS_H

#include "kiln_kernels.h"

//@kernel kiln_loss_params
/* Input viewed as [n][c][d] (d = product of the dims after the class dim),
 * targets as [n][d] (int64, or int32 when t32 is given). A target equal to
 * ignore_index (when has_ignore) contributes 0 with weight 0; other targets
 * are clamped to [0, c) (the compiler checks constant ones). Each element's
 * loss is -w[t] * v with v = x[n][t][d] (NLL) or log_softmax(x)[n][t][d]
 * (SCE) and w[t] = 1 without weights. reduction 0: none (loss has [n][d]
 * elements), 1: sum, 2: mean = sum / (sum of the elements' weights). */
typedef struct kiln_loss_params {
  int64_t n, c, d;
  int reduction;
  int has_ignore;
  int64_t ignore_index;
} kiln_loss_params;
//@end

#ifdef KILN_HOST
/* Kernel prototypes, for the compiler only. Exactly one of t64/t32 is
 * non-NULL; w and log_prob may be NULL. */
KILN_KERNEL void kiln_f32_nllloss__c(const kiln_loss_params *p, const float *x,
                                     const int64_t *t64, const int32_t *t32, const float *w,
                                     float *loss);
KILN_KERNEL void kiln_f32_sce_loss__c(const kiln_loss_params *p, const float *x,
                                      const int64_t *t64, const int32_t *t32, const float *w,
                                      float *loss, float *log_prob);
#endif

#endif
