/* reduce2.h - ReduceL1/L2/LogSum/LogSumExp/SumSquare, ArgMax/ArgMin,
 * CumSum/CumProd, Hardmax, TopK and LpPool kernels.
 *
 * Except LpPool (float32 only) these kernels take the element dtype as an
 * argument `dt` (ONNX TensorProto codes: 1 float32, 11 float64, 2 uint8,
 * 3 int8, 4 uint16, 5 int16, 6 int32, 7 int64, 9 bool, 12 uint32, 13 uint64); generated code passes a literal, so the
 * compiler specialises the inlined loads and stores. Floating point is
 * computed in double, integers in int64.
 */
#ifndef KILN_KERNELS_REDUCE2_H
#define KILN_KERNELS_REDUCE2_H

#include "kiln_kernels.h"
#include "pool.h"

//@kernel kiln_red2_params
/* A reduction as a strided view, built at compile time: the kept dims
 * (kdims, element strides kstr into x, size-1 dims dropped, contiguous
 * neighbours merged) enumerate the dense output in order; for each output
 * the reduced dims (rdims, rstr) enumerate its count = prod(rdims) inputs.
 * kr or rr may be 0 (one output / one element per output). */
typedef struct kiln_red2_params {
  int kr, rr;
  int64_t kdims[KILN_MAX_RANK], kstr[KILN_MAX_RANK];
  int64_t rdims[KILN_MAX_RANK], rstr[KILN_MAX_RANK];
} kiln_red2_params;
//@end

//@kernel kiln_axis_params
/* A tensor seen as [outer, n, inner] around one axis (row-major). */
typedef struct kiln_axis_params {
  int64_t outer, n, inner;
} kiln_axis_params;
//@end

enum { KILN_RED2_L1 = 0, KILN_RED2_L2, KILN_RED2_LOGSUM, KILN_RED2_LOGSUMEXP, KILN_RED2_SUMSQUARE,
       KILN_RED2_SUM, KILN_RED2_MEAN, KILN_RED2_MAX, KILN_RED2_MIN, KILN_RED2_PROD };

#ifdef KILN_HOST
/* Kernel prototypes, for the compiler only. x and outputs must not overlap. */
/* op: KILN_RED2_*. */
KILN_KERNEL void kiln_t_reduce2__c(const kiln_red2_params *p, int op, int dt, const void *x,
                                   void *y);
/* int64 indices of the max (is_min = 0) or min along n; first occurrence
 * unless select_last. y has outer * inner elements. */
KILN_KERNEL void kiln_t_argext__c(const kiln_axis_params *p, int is_min, int select_last, int dt,
                                  const void *x, int64_t *y);
/* Cumulative sum (is_prod = 0) or product along n. */
KILN_KERNEL void kiln_t_cumulative__c(const kiln_axis_params *p, int is_prod, int exclusive,
                                      int reverse, int dt, const void *x, void *y);
/* 1 at the first maximum along n, 0 elsewhere. */
KILN_KERNEL void kiln_t_hardmax__c(const kiln_axis_params *p, int dt, const void *x, void *y);
/* The k largest (smallest) along n, sorted, ties by lower index; values
 * and int64 indices are [outer, k, inner]. */
KILN_KERNEL void kiln_t_topk__c(const kiln_axis_params *p, int64_t k, int largest, int dt,
                                const void *x, void *vals, int64_t *idx);
/* (sum over the window of |x|^pn)^(1/pn); padding taps contribute 0. */
KILN_KERNEL void kiln_f32_lppool__c(const kiln_pool_params *p, float pn, const float *x,
                                    float *y);
#endif

#endif
