/* index.c - indexing kernels (GatherElements, ScatterElements, GatherND,
 * ScatterND, OneHot, ReverseSequence, Trilu, EyeLike), portable C.
 * See index.h for the parameter structs and the out-of-range rules
 * (gathers clamp, scatters skip). */
#include "kiln_kernels.h"
#include "index.h"

//@kernel kiln_index_load__c needs kiln_index_kinds
/* Element i of an index array of kind `kind` as int64 in *v. Returns 0 if
 * the value is no integer that int64 holds (NaN, 1.5, 2^64 - 1): callers
 * treat that as out of range. Loads go through memcpy: any alignment. */
KILN_KERNEL int kiln_index_load__c(const void *p, int64_t i, int kind, int64_t *v) {
  const unsigned char *b = (const unsigned char *)p;
  double f;
  switch (kind) {
  case KILN_NUM_I64: { int64_t t; memcpy(&t, b + i * 8, 8); *v = t; return 1; }
  case KILN_NUM_I32: { int32_t t; memcpy(&t, b + i * 4, 4); *v = t; return 1; }
  case KILN_NUM_I16: { int16_t t; memcpy(&t, b + i * 2, 2); *v = t; return 1; }
  case KILN_NUM_U16: { uint16_t t; memcpy(&t, b + i * 2, 2); *v = t; return 1; }
  case KILN_NUM_I8: { int8_t t; memcpy(&t, b + i, 1); *v = t; return 1; }
  case KILN_NUM_U8: *v = b[i]; return 1;
  case KILN_NUM_U32: { uint32_t t; memcpy(&t, b + i * 4, 4); *v = (int64_t)t; return 1; }
  case KILN_NUM_U64: {
    uint64_t t;
    memcpy(&t, b + i * 8, 8);
    if (t > (uint64_t)INT64_MAX) return 0;
    *v = (int64_t)t;
    return 1;
  }
  case KILN_NUM_F32: { float t; memcpy(&t, b + i * 4, 4); f = t; break; }
  case KILN_NUM_F64: { double t; memcpy(&t, b + i * 8, 8); f = t; break; }
  default: return 0;
  }
  /* Floats: only exact integers index (so 1.5 matches nothing). The range
   * test comes first: converting a huge or NaN double is undefined. */
  if (!(f > -9.2e18 && f < 9.2e18)) return 0;
  *v = (int64_t)f;
  return (double)*v == f;
}
//@end

//@kernel kiln_index_move__c
/* Copies one element of e bytes (fixed-size moves for 1, 2, 4, 8). */
KILN_KERNEL void kiln_index_move__c(unsigned char *y, const unsigned char *x, int64_t e) {
  switch (e) {
  case 1: *y = *x; break;
  case 2: memcpy(y, x, 2); break;
  case 4: memcpy(y, x, 4); break;
  case 8: memcpy(y, x, 8); break;
  default: memcpy(y, x, (size_t)e); break;
  }
}
//@end

//@kernel kiln_scatter_apply__c needs kiln_index_kinds
/* y[0..n) = reduce(y, u) elementwise over n elements of elem bytes and
 * kind `num`; KILN_RED_NONE overwrites (any kind). Integer add/mul wrap
 * (computed unsigned, no overflow UB); float max/min propagate NaN like
 * numpy's maximum/minimum. */
KILN_KERNEL void kiln_scatter_apply__c(unsigned char *y, const unsigned char *u, int64_t n,
                                       int64_t elem, int num, int red) {
  int64_t i;
  if (red == KILN_RED_NONE) {
    memcpy(y, u, (size_t)(n * elem));
    return;
  }
#define KILN_SCAT_INT_(K, T, UT)                                                   \
  case K:                                                                          \
    for (i = 0; i < n; i++) {                                                      \
      T a, b;                                                                      \
      memcpy(&a, y + i * (int64_t)sizeof(T), sizeof(T));                           \
      memcpy(&b, u + i * (int64_t)sizeof(T), sizeof(T));                           \
      switch (red) {                                                               \
      case KILN_RED_ADD: a = (T)(UT)((UT)a + (UT)b); break;                        \
      case KILN_RED_MUL: a = (T)(UT)((UT)a * (UT)b); break;                        \
      case KILN_RED_MAX: if (b > a) a = b; break;                                  \
      default: if (b < a) a = b; break;                                            \
      }                                                                            \
      memcpy(y + i * (int64_t)sizeof(T), &a, sizeof(T));                           \
    }                                                                              \
    break;
#define KILN_SCAT_FLT_(K, T)                                                       \
  case K:                                                                          \
    for (i = 0; i < n; i++) {                                                      \
      T a, b;                                                                      \
      memcpy(&a, y + i * (int64_t)sizeof(T), sizeof(T));                           \
      memcpy(&b, u + i * (int64_t)sizeof(T), sizeof(T));                           \
      switch (red) {                                                               \
      case KILN_RED_ADD: a = a + b; break;                                         \
      case KILN_RED_MUL: a = a * b; break;                                         \
      case KILN_RED_MAX: if (b > a || b != b) a = b; break;                        \
      default: if (b < a || b != b) a = b; break;                                  \
      }                                                                            \
      memcpy(y + i * (int64_t)sizeof(T), &a, sizeof(T));                           \
    }                                                                              \
    break;
  switch (num) {
    KILN_SCAT_FLT_(KILN_NUM_F32, float)
    KILN_SCAT_FLT_(KILN_NUM_F64, double)
    KILN_SCAT_INT_(KILN_NUM_I8, int8_t, unsigned)
    KILN_SCAT_INT_(KILN_NUM_U8, uint8_t, unsigned)
    KILN_SCAT_INT_(KILN_NUM_I16, int16_t, unsigned)
    KILN_SCAT_INT_(KILN_NUM_U16, uint16_t, unsigned)
    KILN_SCAT_INT_(KILN_NUM_I32, int32_t, uint32_t)
    KILN_SCAT_INT_(KILN_NUM_U32, uint32_t, uint32_t)
    KILN_SCAT_INT_(KILN_NUM_I64, int64_t, uint64_t)
    KILN_SCAT_INT_(KILN_NUM_U64, uint64_t, uint64_t)
  default: break;
  }
#undef KILN_SCAT_INT_
#undef KILN_SCAT_FLT_
}
//@end

//@kernel kiln_gather_elements__c needs kiln_elems_params kiln_index_load__c kiln_index_move__c
/* y[i] = x[i with axis coordinate replaced by idx[i]] over the indices'
 * shape. Negative indices count from the end; run-time indices outside
 * [-axis_dim, axis_dim) are CLAMPED to the nearest valid one. */
KILN_KERNEL void kiln_gather_elements__c(const kiln_elems_params *p, const void *x, const void *idx,
                                         void *y) {
  const unsigned char *xb = (const unsigned char *)x;
  unsigned char *yb = (unsigned char *)y;
  const int last = p->rank - 1;
  const int64_t e = p->elem, n = p->dims[last], xsl = p->xs[last], d = p->axis_dim;
  const int64_t as = p->axis_stride;
  int64_t cnt[KILN_MAX_RANK], xo = 0, k = 0, j;
  int r;
  if (d <= 0) return;
  for (r = 0; r <= last; r++) {
    if (p->dims[r] <= 0) return;
    cnt[r] = 0;
  }
  for (;;) {
    for (j = 0; j < n; j++, k++) {
      int64_t i;
      if (!kiln_index_load__c(idx, k, p->kind, &i)) i = 0;
      if (i < 0) i += d;
      i = i < 0 ? 0 : (i >= d ? d - 1 : i);
      kiln_index_move__c(yb + k * e, xb + xo + j * xsl + i * as, e);
    }
    for (r = last - 1; r >= 0; r--) {
      xo += p->xs[r];
      if (++cnt[r] < p->dims[r]) break;
      xo -= p->xs[r] * p->dims[r];
      cnt[r] = 0;
    }
    if (r < 0) return;
  }
}
//@end

//@kernel kiln_scatter_elements__c needs kiln_elems_params kiln_index_load__c kiln_scatter_apply__c
/* y = x, then y[i with axis coordinate idx[i]] = reduce(., upd[i]) in
 * index order (later duplicates win for reduction none). x may equal y.
 * Run-time indices outside [-axis_dim, axis_dim) are SKIPPED. */
KILN_KERNEL void kiln_scatter_elements__c(const kiln_elems_params *p, const void *x, const void *idx,
                                          const void *upd, void *y) {
  const unsigned char *ub = (const unsigned char *)upd;
  unsigned char *yb = (unsigned char *)y;
  const int last = p->rank - 1;
  const int64_t e = p->elem, n = p->dims[last], xsl = p->xs[last], d = p->axis_dim;
  const int64_t as = p->axis_stride;
  int64_t cnt[KILN_MAX_RANK], xo = 0, k = 0, j;
  int r;
  if (x != y) memcpy(y, x, (size_t)p->total);
  if (d <= 0) return;
  for (r = 0; r <= last; r++) {
    if (p->dims[r] <= 0) return;
    cnt[r] = 0;
  }
  for (;;) {
    for (j = 0; j < n; j++, k++) {
      int64_t i;
      if (!kiln_index_load__c(idx, k, p->kind, &i)) continue;
      if (i < 0) i += d;
      if (i < 0 || i >= d) continue;
      kiln_scatter_apply__c(yb + xo + j * xsl + i * as, ub + k * e, 1, e, p->num, p->red);
    }
    for (r = last - 1; r >= 0; r--) {
      xo += p->xs[r];
      if (++cnt[r] < p->dims[r]) break;
      xo -= p->xs[r] * p->dims[r];
      cnt[r] = 0;
    }
    if (r < 0) return;
  }
}
//@end

//@kernel kiln_gather_nd__c needs kiln_nd_params kiln_index_load__c
/* y[b, j, :] = x[b, idx[b, j, 0..k), :]. Negative indices count from the
 * end; run-time indices out of range are CLAMPED per component. */
KILN_KERNEL void kiln_gather_nd__c(const kiln_nd_params *p, const void *x, const void *idx, void *y) {
  const unsigned char *xb = (const unsigned char *)x;
  unsigned char *yb = (unsigned char *)y;
  int64_t b, j, t = 0;
  int c;
  for (c = 0; c < p->k; c++)
    if (p->dims[c] <= 0) return;
  for (b = 0; b < p->batch; b++)
    for (j = 0; j < p->n; j++, yb += p->slice) {
      int64_t off = b * p->xbatch;
      for (c = 0; c < p->k; c++, t++) {
        const int64_t d = p->dims[c];
        int64_t i;
        if (!kiln_index_load__c(idx, t, p->kind, &i)) i = 0;
        if (i < 0) i += d;
        i = i < 0 ? 0 : (i >= d ? d - 1 : i);
        off += i * p->st[c];
      }
      memcpy(yb, xb + off, (size_t)p->slice);
    }
}
//@end

//@kernel kiln_scatter_nd__c needs kiln_nd_params kiln_index_load__c kiln_scatter_apply__c
/* y = x, then for each tuple j in order: y[idx[j, 0..k), :] =
 * reduce(., upd[j, :]). x may equal y. A run-time tuple with any component
 * out of range is SKIPPED. */
KILN_KERNEL void kiln_scatter_nd__c(const kiln_nd_params *p, const void *x, const void *idx,
                                    const void *upd, void *y) {
  const unsigned char *ub = (const unsigned char *)upd;
  unsigned char *yb = (unsigned char *)y;
  const int64_t cnt = p->slice / p->elem;
  int64_t j;
  int c;
  if (x != y) memcpy(y, x, (size_t)p->total);
  for (j = 0; j < p->n; j++) {
    int64_t off = 0;
    for (c = 0; c < p->k; c++) {
      const int64_t d = p->dims[c];
      int64_t i;
      if (!kiln_index_load__c(idx, j * p->k + c, p->kind, &i)) break;
      if (i < 0) i += d;
      if (i < 0 || i >= d) break;
      off += i * p->st[c];
    }
    if (c < p->k) continue;
    kiln_scatter_apply__c(yb + off, ub + j * p->slice, cnt, p->elem, p->num, p->red);
  }
}
//@end

//@kernel kiln_onehot__c needs kiln_onehot_params kiln_index_load__c kiln_index_move__c
/* y[o, v, i] = values[1] (on) where v is idx[o, i] (negative counts from
 * the end), values[0] (off) elsewhere. Indices outside [-depth, depth) or
 * not integral give an all-off row (the spec's rule). */
KILN_KERNEL void kiln_onehot__c(const kiln_onehot_params *p, const void *idx, const void *values,
                                void *y) {
  unsigned char *yb = (unsigned char *)y;
  const unsigned char *on = (const unsigned char *)values + p->elem;
  const int64_t e = p->elem, dp = p->depth, in = p->inner;
  const int64_t total = p->outer * dp * in;
  int64_t o, i, k = 0;
  for (k = 0; k < total; k++) kiln_index_move__c(yb + k * e, (const unsigned char *)values, e);
  k = 0;
  for (o = 0; o < p->outer; o++)
    for (i = 0; i < in; i++, k++) {
      int64_t v;
      if (!kiln_index_load__c(idx, k, p->kind, &v)) continue;
      if (v < 0) v += dp;
      if (v < 0 || v >= dp) continue;
      kiln_index_move__c(yb + ((o * dp + v) * in + i) * e, on, e);
    }
}
//@end

//@kernel kiln_reverse_sequence__c needs kiln_revseq_params kiln_index_load__c
/* For each batch b, the first lens[b] steps along the time axis are
 * reversed and the rest copied. Run-time lengths are CLAMPED to [0, time]. */
KILN_KERNEL void kiln_reverse_sequence__c(const kiln_revseq_params *p, const void *x, const void *lens,
                                          void *y) {
  const unsigned char *xb = (const unsigned char *)x;
  unsigned char *yb = (unsigned char *)y;
  const int64_t d0 = p->d0, d1 = p->d1, row = p->row;
  const int64_t T = p->time_axis == 0 ? d0 : d1;
  int64_t i0, i1;
  for (i0 = 0; i0 < d0; i0++)
    for (i1 = 0; i1 < d1; i1++) {
      const int64_t b = p->time_axis == 0 ? i1 : i0, t = p->time_axis == 0 ? i0 : i1;
      int64_t L, s;
      if (!kiln_index_load__c(lens, b, p->kind, &L)) L = 0;
      L = L < 0 ? 0 : (L > T ? T : L);
      s = t < L ? L - 1 - t : t;
      memcpy(yb + (i0 * d1 + i1) * row,
             xb + (p->time_axis == 0 ? s * d1 + i1 : i0 * d1 + s) * row, (size_t)row);
    }
}
//@end

//@kernel kiln_trilu__c needs kiln_trilu_params
/* Keeps the upper (j - i >= k) or lower (j - i <= k) triangle of each
 * [rows, cols] matrix and zeroes the rest (all-zero bytes are 0 in every
 * dtype). x may equal y (in place). */
KILN_KERNEL void kiln_trilu__c(const kiln_trilu_params *p, int64_t k, const void *x, void *y) {
  const unsigned char *xb = (const unsigned char *)x;
  unsigned char *yb = (unsigned char *)y;
  const int64_t R = p->rows, C = p->cols, e = p->elem, m = p->batch * R;
  int64_t q;
  /* any k beyond +-(R + C) acts the same; clamping keeps r + k in range */
  if (k > R + C) k = R + C;
  if (k < -(R + C)) k = -(R + C);
  for (q = 0; q < m; q++) {
    const int64_t r = q % R, base = q * C * e;
    int64_t lo, hi;
    if (p->upper) { lo = r + k; hi = C; }
    else { lo = 0; hi = r + k + 1; }
    lo = lo < 0 ? 0 : (lo > C ? C : lo);
    hi = hi < 0 ? 0 : (hi > C ? C : hi);
    if (hi < lo) hi = lo;
    if (lo > 0) memset(yb + base, 0, (size_t)(lo * e));
    if (hi > lo && xb != yb) memcpy(yb + base + lo * e, xb + base + lo * e, (size_t)((hi - lo) * e));
    if (C > hi) memset(yb + base + hi * e, 0, (size_t)((C - hi) * e));
  }
}
//@end

//@kernel kiln_eyelike__c
/* y = [rows, cols] zeros with `one` (elem bytes) at (i, i + k). */
KILN_KERNEL void kiln_eyelike__c(int64_t rows, int64_t cols, int64_t k, int64_t elem, const void *one,
                                 void *y) {
  unsigned char *yb = (unsigned char *)y;
  int64_t r;
  if (rows <= 0 || cols <= 0) return;
  memset(yb, 0, (size_t)(rows * cols * elem));
  if (k > cols) k = cols;
  if (k < -rows) k = -rows;
  for (r = 0; r < rows; r++) {
    const int64_t c = r + k;
    if (c >= 0 && c < cols) memcpy(yb + (r * cols + c) * elem, one, (size_t)elem);
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check of this file only (`cc -c` without KILN_HOST):
 * every kernel is static there, so reference them all to keep
 * -Wunused-function quiet. Outside every section: never in packages. */
void kiln_index_package_check_(void);
void kiln_index_package_check_(void) {
  (void)kiln_gather_elements__c;
  (void)kiln_scatter_elements__c;
  (void)kiln_gather_nd__c;
  (void)kiln_scatter_nd__c;
  (void)kiln_onehot__c;
  (void)kiln_reverse_sequence__c;
  (void)kiln_trilu__c;
  (void)kiln_eyelike__c;
}
#endif
