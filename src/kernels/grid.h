/* grid.h - GridSample kernel (f32, NC + 1-3 spatial dims). */
#ifndef KILN_KERNELS_GRID_H
#define KILN_KERNELS_GRID_H

#include "kiln_kernels.h"

//@kernel kiln_gridsample_params
/* X is (n, c, in[0..sp)), the grid (n, positions..., sp) with the
 * coordinate of the LAST spatial axis first (x, y, z), normalised to
 * [-1, 1]; y is (n, c, positions...). mode: 0 linear, 1 nearest, 2 cubic
 * (A = -0.75); padding: 0 zeros, 1 border, 2 reflection. */
typedef struct kiln_gridsample_params {
  int64_t n, c, sp;
  int64_t in[3];
  int64_t npos;
  int mode, padding, align_corners;
} kiln_gridsample_params;
//@end

//@kernel kiln_affinegrid_params
/* AffineGrid: theta (n, sp, sp + 1), y (n, size[0..sp), sp) with the
 * innermost coordinate first; sp is 2 or 3. */
typedef struct kiln_affinegrid_params {
  int64_t n, sp;
  int64_t size[3];
  int align_corners;
} kiln_affinegrid_params;
//@end

//@kernel kiln_roialign_params
/* RoiAlign: X (n, c, h, w), rois (n_rois, 4) as x1, y1, x2, y2, batch
 * indices (n_rois), y (n_rois, c, oh, ow). mode_max: 0 average, 1 max (of
 * the weighted corner values, as onnxruntime); half_pixel: 1 shifts the
 * roi by -0.5 pixel (coordinate_transformation_mode half_pixel). */
typedef struct kiln_roialign_params {
  int64_t n, c, h, w, n_rois, oh, ow;
  int64_t sampling_ratio;
  float spatial_scale;
  int mode_max, half_pixel;
} kiln_roialign_params;
//@end

#ifdef KILN_HOST
KILN_KERNEL void kiln_f32_affinegrid__c(const kiln_affinegrid_params *p, const float *theta,
                                        float *y);
/* Batch indices are clamped into [0, n). */
KILN_KERNEL void kiln_f32_roialign__c(const kiln_roialign_params *p, const float *x,
                                      const float *rois, const int64_t *batch, float *y);
/* x, grid and y must not overlap. */
KILN_KERNEL void kiln_f32_gridsample__c(const kiln_gridsample_params *p, const float *x,
                                        const float *grid, float *y);
#endif

#endif
