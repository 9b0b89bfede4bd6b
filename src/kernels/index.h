/* index.h - indexing kernels: GatherElements / ScatterElements (one index
 * per element, along one axis), GatherND / ScatterND (index tuples address
 * slices), OneHot, ReverseSequence, Trilu and EyeLike. (Tile, DepthToSpace,
 * SpaceToDepth and CenterCropPad use the copy/pad kernels of copy.h.)
 *
 * Data is moved as elements of `elem` bytes, so every dtype works; only the
 * scatter reductions (add/mul/max/min) look at values, for the kinds below.
 * Index arrays are read through memcpy (no alignment needed) and converted
 * to int64 whatever their dtype.
 *
 * Run-time indices are never trusted: GATHERS CLAMP an out-of-range index
 * to the nearest valid one (like Gather), SCATTERS SKIP it (the update is
 * dropped), OneHot writes an all-off row (as the spec says), and
 * ReverseSequence clamps lengths to [0, time]. The compiler rejects
 * constant out-of-range indices, so these rules only matter for bad input.
 * All byte offsets and strides are computed by the compiler.
 */
#ifndef KILN_INDEX_H
#define KILN_INDEX_H

#include "kiln_kernels.h"

//@kernel kiln_index_kinds
/* Value kinds: how an index array is read, and what a scatter reduction
 * computes on. */
enum {
  KILN_NUM_F32 = 1, KILN_NUM_F64, KILN_NUM_I8, KILN_NUM_U8, KILN_NUM_I16, KILN_NUM_U16,
  KILN_NUM_I32, KILN_NUM_U32, KILN_NUM_I64, KILN_NUM_U64
};
/* Scatter reductions (ONNX `reduction`). */
enum { KILN_RED_NONE = 0, KILN_RED_ADD, KILN_RED_MUL, KILN_RED_MAX, KILN_RED_MIN };
//@end

//@kernel kiln_elems_params needs kiln_index_kinds
/* GatherElements / ScatterElements. Iterates the indices' shape dims
 * (= updates' shape = GatherElements' output shape, row-major). The data
 * element for index position (i_0..i_r) with index value v is at byte
 * sum_{d != axis} i_d * xs[d] + v * axis_stride (xs[axis] is 0). */
typedef struct kiln_elems_params {
  int rank;                     /* 1..KILN_MAX_RANK */
  int kind;                     /* index kind, KILN_NUM_I32 or KILN_NUM_I64 */
  int num;                      /* scatter reductions: element kind (KILN_NUM_*) */
  int red;                      /* KILN_RED_* (scatter) */
  int64_t elem;                 /* bytes per data element */
  int64_t axis_dim;             /* data dim along the axis */
  int64_t axis_stride;          /* data byte stride along the axis */
  int64_t total;                /* data bytes (scatter copies data to y first) */
  int64_t dims[KILN_MAX_RANK];  /* indices dims */
  int64_t xs[KILN_MAX_RANK];    /* data byte strides, 0 at the axis */
} kiln_elems_params;
//@end

//@kernel kiln_nd_params needs kiln_index_kinds
/* GatherND / ScatterND. Data is [batch, D_0..D_{k-1}, slice...]; indices
 * are [batch, n, k]; tuple (v_0..v_{k-1}) of batch b addresses the slice
 * at byte b * xbatch + sum v_c * st[c]. GatherND writes the slices in
 * order; ScatterND (batch 1) applies the updates' slices there. */
typedef struct kiln_nd_params {
  int kind;                     /* index kind */
  int num, red;                 /* ScatterND: element kind, KILN_RED_* */
  int k;                        /* tuple length, 1..KILN_MAX_RANK */
  int64_t batch;                /* product of the batch dims */
  int64_t n;                    /* tuples per batch */
  int64_t slice;                /* bytes per slice */
  int64_t xbatch;               /* data bytes per batch */
  int64_t total;                /* data bytes (ScatterND copies data to y first) */
  int64_t elem;                 /* bytes per element */
  int64_t dims[KILN_MAX_RANK];  /* data dims addressed by a tuple */
  int64_t st[KILN_MAX_RANK];    /* their byte strides */
} kiln_nd_params;
//@end

//@kernel kiln_onehot_params needs kiln_index_kinds
/* OneHot: indices viewed as [outer, inner], y as [outer, depth, inner]. */
typedef struct kiln_onehot_params {
  int kind;                     /* index kind (any KILN_NUM_*) */
  int64_t outer, depth, inner;
  int64_t elem;                 /* bytes per output element */
} kiln_onehot_params;
//@end

//@kernel kiln_revseq_params needs kiln_index_kinds
/* ReverseSequence: x viewed as [d0, d1, row bytes]; the time axis is 0 or
 * 1 and the batch axis the other one. */
typedef struct kiln_revseq_params {
  int kind;                     /* sequence_lens kind */
  int time_axis;                /* 0 or 1 */
  int64_t d0, d1, row;
} kiln_revseq_params;
//@end

//@kernel kiln_trilu_params
/* Trilu: x viewed as [batch, rows, cols] of elem-byte elements. */
typedef struct kiln_trilu_params {
  int upper;                    /* 1: keep j - i >= k, 0: keep j - i <= k */
  int64_t batch, rows, cols, elem;
} kiln_trilu_params;
//@end

/* Prototypes (compiler side; packages get the definitions). */
KILN_KERNEL void kiln_index_move__c(unsigned char *y, const unsigned char *x, int64_t e);
KILN_KERNEL int kiln_index_load__c(const void *p, int64_t i, int kind, int64_t *v);
KILN_KERNEL void kiln_scatter_apply__c(unsigned char *y, const unsigned char *u, int64_t n,
                                       int64_t elem, int num, int red);
KILN_KERNEL void kiln_gather_elements__c(const kiln_elems_params *p, const void *x, const void *idx,
                                         void *y);
KILN_KERNEL void kiln_scatter_elements__c(const kiln_elems_params *p, const void *x, const void *idx,
                                          const void *upd, void *y);
KILN_KERNEL void kiln_gather_nd__c(const kiln_nd_params *p, const void *x, const void *idx, void *y);
KILN_KERNEL void kiln_scatter_nd__c(const kiln_nd_params *p, const void *x, const void *idx,
                                    const void *upd, void *y);
KILN_KERNEL void kiln_onehot__c(const kiln_onehot_params *p, const void *idx, const void *values,
                                void *y);
KILN_KERNEL void kiln_reverse_sequence__c(const kiln_revseq_params *p, const void *x, const void *lens,
                                          void *y);
KILN_KERNEL void kiln_trilu__c(const kiln_trilu_params *p, int64_t k, const void *x, void *y);
KILN_KERNEL void kiln_eyelike__c(int64_t rows, int64_t cols, int64_t k, int64_t elem, const void *one,
                                 void *y);

#endif
