/* dynamic.h - kernels of ops whose output shape depends on the input
 * VALUES (NonZero, Compress, Unique, NonMaxSuppression).
 *
 * kiln plans memory statically, so each such output gets a buffer of its
 * upper-bound size; the kernel writes the result dense in its ACTUAL shape
 * at the start of that buffer and returns the data-dependent count, which
 * the generated code stores as the output's actual dims (see ir_tensor's
 * `dynamic`). Elements are compared and tested by a dtype kind so one
 * kernel serves every dtype; 16-bit floats are converted to float.
 */
#ifndef KILN_DYNAMIC_H
#define KILN_DYNAMIC_H

#include "kiln_kernels.h"

//@kernel kiln_dyn_kinds
/* How elements of a dtype compare and test against zero. */
enum {
  KILN_DK_F32 = 0, KILN_DK_F64, KILN_DK_F16, KILN_DK_BF16,
  KILN_DK_I8, KILN_DK_I16, KILN_DK_I32, KILN_DK_I64,
  KILN_DK_U8, KILN_DK_U16, KILN_DK_U32, KILN_DK_U64 /* U8 also bool */
};
//@end

//@kernel kiln_compress_params
/* Compress along one axis of x viewed as [outer, axis_dim, inner]: keeps
 * the rows k < n_cond with cond[k] != 0; each row is `inner` bytes. */
typedef struct kiln_compress_params {
  int64_t outer, axis_dim, n_cond, inner;
} kiln_compress_params;
//@end

//@kernel kiln_unique_params
/* Unique over the slices of x viewed as [outer, n, inner] along the middle
 * axis (without an axis: outer = inner = 1, n = numel). */
typedef struct kiln_unique_params {
  int kind;        /* KILN_DK_* */
  int sorted;      /* 1: ascending slices; 0: order of first occurrence */
  int64_t outer, n, inner;
  int64_t elem;    /* bytes per element */
} kiln_unique_params;
//@end

//@kernel kiln_nms_params
typedef struct kiln_nms_params {
  int64_t batches, classes, boxes;
  int center_point_box;  /* 1: [x_c, y_c, w, h]; 0: [y1, x1, y2, x2] */
  int has_max, has_iou, has_score; /* optional inputs present */
} kiln_nms_params;
//@end

/* Prototypes (compiler side; packages get the definitions). */
KILN_KERNEL int kiln_dyn_is_nonzero__c(int kind, const unsigned char *p);
KILN_KERNEL int kiln_dyn_cmp__c(int kind, const unsigned char *a, const unsigned char *b);
KILN_KERNEL int64_t kiln_nonzero__c(int kind, int64_t elem, int rank, const int64_t *dims,
                                    const void *x, int64_t *y);
KILN_KERNEL int64_t kiln_compress__c(const kiln_compress_params *p, const void *x, const unsigned char *cond,
                                     void *y);
KILN_KERNEL int64_t kiln_unique__c(const kiln_unique_params *p, const void *x, void *y, int64_t *indices,
                                   int64_t *inverse, int64_t *counts, int64_t *scratch);
KILN_KERNEL int64_t kiln_nms__c(const kiln_nms_params *p, const float *boxes, const float *scores,
                                const int64_t *max_out, const float *iou, const float *score_thr,
                                int64_t *y, int64_t *scratch);

#endif
