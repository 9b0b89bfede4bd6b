/* norm.h - f32 normalisation kernels: LayerNormalization, RMSNormalization,
 * GroupNormalization, InstanceNormalization, LRN, LpNormalization,
 * MeanVarianceNormalization. Statistics accumulate in double. */
#ifndef KILN_KERNELS_NORM_H
#define KILN_KERNELS_NORM_H

#include "kiln_kernels.h"
#include "reduce2.h"

//@kernel kiln_layernorm_params
/* rows independent rows of n contiguous floats. Each row is normalised:
 * (x - mean) / sqrt(var + epsilon), or with rms x / sqrt(mean(x^2) + eps);
 * then multiplied by scale[i % scale_n] and, when bias_n > 0, added
 * bias[i % bias_n] (scale_n and bias_n divide n: broadcast trailing dims). */
typedef struct kiln_layernorm_params {
  int64_t rows, n, scale_n, bias_n;
  float epsilon;
  int rms;
} kiln_layernorm_params;
//@end

//@kernel kiln_groupnorm_params
/* x is [batch, c, spatial]; the c channels form `groups` groups of c/groups
 * consecutive channels, each normalised over its (c/groups) * spatial
 * values. scale/bias are indexed by channel, or by group when per_group
 * (GroupNormalization-18). InstanceNormalization is groups = c. */
typedef struct kiln_groupnorm_params {
  int64_t batch, c, groups, spatial;
  float epsilon;
  int per_group;
} kiln_groupnorm_params;
//@end

//@kernel kiln_lrn_params
/* x is [batch, c, spatial]; y = x / (bias + alpha / size * sum x^2)^beta,
 * the sum over channels [c - (size-1)/2, c + ceil((size-1)/2)] in range. */
typedef struct kiln_lrn_params {
  int64_t batch, c, spatial, size;
  float alpha, beta, bias;
} kiln_lrn_params;
//@end

#ifdef KILN_HOST
/* Kernel prototypes, for the compiler only. x and outputs must not overlap. */
/* mean and invstd (rows values each) may be NULL; bias is ignored when
 * bias_n == 0. */
KILN_KERNEL void kiln_f32_layernorm__c(const kiln_layernorm_params *p, const float *x,
                                       const float *scale, const float *bias, float *y,
                                       float *mean, float *invstd);
KILN_KERNEL void kiln_f32_groupnorm__c(const kiln_groupnorm_params *p, const float *x,
                                       const float *scale, const float *bias, float *y);
KILN_KERNEL void kiln_f32_lrn__c(const kiln_lrn_params *p, const float *x, float *y);
/* x / (sum |x|^pn)^(1/pn) along n (pn 1 or 2); a zero norm gives 0. */
KILN_KERNEL void kiln_f32_lpnorm__c(const kiln_axis_params *p, int pn, const float *x, float *y);
/* (x - mean) / (sqrt(var) + 1e-9) over the reduced dims of p (the ONNX
 * function body of MeanVarianceNormalization). */
KILN_KERNEL void kiln_f32_mvn__c(const kiln_red2_params *p, const float *x, float *y);
#endif

#endif
