/* resize.h - table-driven resampling kernel (Resize, Upsample), f32. */
#ifndef KILN_KERNELS_RESIZE_H
#define KILN_KERNELS_RESIZE_H

#include "kiln_kernels.h"

//@kernel kiln_resize_params
/* A separable N-D resampling described by per-axis tap tables that the
 * compiler prepares (coordinate transform, nearest rounding, linear/cubic
 * coefficients, antialias, edge clamping and exclude_outside are all folded
 * into them). Along axis a, output index o reads taps[a] entries starting at
 * entry tab[a] + o * taps[a] of idx / w: idx is the input element offset
 * along that axis (index times the input stride of the axis), w its weight.
 * idx = -1 marks an output index whose source lies outside the crop
 * (tf_crop_and_resize): every output element that uses it becomes
 * `extrapolation`. y = sum over all tap combinations of
 * prod(w) * x[sum(idx)]. */
typedef struct kiln_resize_params {
  int rank;
  int64_t out[KILN_MAX_RANK];
  int64_t taps[KILN_MAX_RANK];
  int64_t tab[KILN_MAX_RANK];
  float extrapolation;
} kiln_resize_params;
//@end

#ifdef KILN_HOST
/* x and y must not overlap. */
KILN_KERNEL void kiln_f32_resize__c(const kiln_resize_params *p, const int64_t *idx,
                                    const float *w, const float *x, float *y);
#endif

#endif
