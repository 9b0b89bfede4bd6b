/* copy.h - data-movement kernels: N-D strided copy (Transpose, Slice,
 * Concat, Split, Expand), padding (Pad), gathering (Gather) and filling
 * (ConstantOfShape outputs too large to fold).
 *
 * Every kernel here is dtype-agnostic: it moves elements of `elem` bytes
 * (1, 2, 4 and 8 get fixed-size moves, anything else a memcpy) and
 * contiguous runs with one memcpy. All strides and offsets are in BYTES.
 * The compiler computes the parameter structs (shapes, strides, offsets)
 * and emits them as `static const` data; the kernels are loops over them.
 */
#ifndef KILN_COPY_H
#define KILN_COPY_H

#include "kiln_kernels.h"

//@kernel kiln_copy_params
/* N-D strided copy: for every index i in dims (row-major, dims[rank-1]
 * innermost), y[yoff + sum(i*ys)] = x[xoff + sum(i*xs)], elem bytes each.
 * x strides may be 0 (broadcast) or negative (reversed slices).
 * tile >= 0 names an outer axis along which x is contiguous while its
 * innermost reads are strided (a transpose): the kernel then copies
 * (tile, innermost) in square blocks so strided reads stay in cache. */
typedef struct kiln_copy_params {
  int rank;                     /* 1..KILN_MAX_RANK */
  int tile;                     /* -1, or the blocked outer axis */
  int64_t elem;                 /* bytes per element */
  int64_t dims[KILN_MAX_RANK];  /* all >= 0 */
  int64_t xs[KILN_MAX_RANK];    /* x byte strides */
  int64_t ys[KILN_MAX_RANK];    /* y byte strides */
  int64_t xoff, yoff;           /* byte offsets of element 0 in x, y */
} kiln_copy_params;
//@end

//@kernel kiln_pad_params
/* Pad modes (ONNX Pad `mode`). */
enum { KILN_PAD_CONSTANT = 0, KILN_PAD_EDGE = 1, KILN_PAD_REFLECT = 2, KILN_PAD_WRAP = 3 };

/* Pads a region of a contiguous x into contiguous y. Negative ONNX pads
 * (crops) are applied by the compiler: xoff/xdims describe the cropped
 * region, pad[] holds the non-negative leading pads, and y's dims are
 * ydims = xdims + leading + trailing pads. Innermost x stride is elem. */
typedef struct kiln_pad_params {
  int rank;                     /* 1..KILN_MAX_RANK */
  int mode;                     /* KILN_PAD_* */
  int64_t elem;                 /* bytes per element, 1..8 */
  int64_t xdims[KILN_MAX_RANK]; /* region of x being padded */
  int64_t ydims[KILN_MAX_RANK];
  int64_t pad[KILN_MAX_RANK];   /* leading pad per axis, >= 0 */
  int64_t xs[KILN_MAX_RANK];    /* x byte strides */
  int64_t xoff;                 /* byte offset of the region in x */
  unsigned char value[8];       /* constant mode: the pad value's bytes */
} kiln_pad_params;
//@end

//@kernel kiln_gather_params
/* Gather along one axis of x viewed as [outer, axis_dim, inner]:
 * y[o, k, :] = x[o, idx[k], :] for k < n_idx; each row is `inner` bytes. */
typedef struct kiln_gather_params {
  int64_t outer;     /* product of x dims before the axis */
  int64_t axis_dim;  /* x dim at the axis (> 0 when n_idx > 0) */
  int64_t n_idx;     /* number of indices */
  int64_t inner;     /* bytes per gathered row: product of dims after the axis * elem */
} kiln_gather_params;
//@end

/* Prototypes (compiler side; packages get the definitions). */
KILN_KERNEL void kiln_copy_elems__c(const unsigned char *x, int64_t xs, unsigned char *y, int64_t ys,
                                    int64_t n, int64_t elem);
KILN_KERNEL void kiln_copy_nd__c(const kiln_copy_params *p, const void *x, void *y);
KILN_KERNEL void kiln_fill__c(int64_t n, int64_t elem, const void *value, void *y);
KILN_KERNEL int64_t kiln_pad_src__c(int64_t o, int64_t pad, int64_t n, int mode);
KILN_KERNEL void kiln_pad__c(const kiln_pad_params *p, const void *x, void *y);
KILN_KERNEL void kiln_gather_row__c(unsigned char *y, const unsigned char *x, int64_t inner);
KILN_KERNEL void kiln_gather_i64__c(const kiln_gather_params *p, const void *x, const int64_t *idx,
                                    void *y);
KILN_KERNEL void kiln_gather_i32__c(const kiln_gather_params *p, const void *x, const int32_t *idx,
                                    void *y);

#ifdef KILN_HOST
/* Compiler-side planning helpers, in copy.c outside every kernel section
 * (never copied into packages).
 *
 * kiln_copy_plan fills p for a copy over `rank` dims (rank 0 = one element)
 * with ELEMENT strides/offsets xs, ys, xoff, yoff (converted to bytes):
 * drops size-1 dims, merges dims that are contiguous in both x and y and
 * picks a tile axis. Returns -1 if rank > KILN_MAX_RANK. */
int kiln_copy_plan(kiln_copy_params *p, int rank, const int64_t *dims, const int64_t *xs,
                   const int64_t *ys, int64_t xoff, int64_t yoff, int64_t elem);
/* Row-major element strides of dims into st. */
void kiln_copy_strides(int rank, const int64_t *dims, int64_t *st);
/* C initialiser of p, "{1, -1, 4, {...}, ...}", into buf (>= 1024 bytes
 * is always enough); returns buf. */
const char *kiln_copy_params_init(const kiln_copy_params *p, char *buf, size_t n);
#endif

#endif
