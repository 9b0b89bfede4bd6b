/* dynamic.c - kernels with data-dependent output sizes (see dynamic.h).
 * Portable C; no allocation: sorting uses scratch the caller provides. */
#include "kiln_kernels.h"
#include "dynamic.h"

//@kernel kiln_dyn_half__c
/* IEEE half bits to float (subnormals, inf, NaN included). */
static float kiln_dyn_half__c(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000u) << 16, e = (h >> 10) & 0x1fu, m = h & 0x3ffu, bits;
  float f;
  if (e == 0) {
    f = (float)m * (1.0f / 16777216.0f); /* m * 2^-24 */
    return sign ? -f : f;
  }
  if (e == 31) bits = sign | 0x7f800000u | (m << 13);
  else bits = sign | ((e + 112u) << 23) | (m << 13);
  memcpy(&f, &bits, 4);
  return f;
}
//@end

//@kernel kiln_dyn_is_nonzero__c needs kiln_dyn_kinds
/* 1 when the element at p is not zero (-0.0 is zero, NaN is not). */
KILN_KERNEL int kiln_dyn_is_nonzero__c(int kind, const unsigned char *p) {
  switch (kind) {
  case KILN_DK_F32: { float v; memcpy(&v, p, 4); return v != 0.0f; }
  case KILN_DK_F64: { double v; memcpy(&v, p, 8); return v != 0.0; }
  case KILN_DK_F16: case KILN_DK_BF16: { uint16_t v; memcpy(&v, p, 2); return (v & 0x7fffu) != 0; }
  case KILN_DK_I8: case KILN_DK_U8: return p[0] != 0;
  case KILN_DK_I16: case KILN_DK_U16: { uint16_t v; memcpy(&v, p, 2); return v != 0; }
  case KILN_DK_I32: case KILN_DK_U32: { uint32_t v; memcpy(&v, p, 4); return v != 0; }
  default: { uint64_t v; memcpy(&v, p, 8); return v != 0; }
  }
}
//@end

//@kernel kiln_dyn_fcmp__c
/* A total order on floats for sorting: NaNs after every number and equal
 * to each other (numpy.unique's equal_nan), -0.0 == 0.0. */
static int kiln_dyn_fcmp__c(double x, double y) {
  if (x != x || y != y) return (x != x) - (y != y);
  return (x > y) - (x < y);
}
//@end

//@kernel kiln_dyn_cmp__c needs kiln_dyn_kinds kiln_dyn_half__c kiln_dyn_fcmp__c
/* -1, 0, 1 as a < b, a == b, a > b in the dtype's order. */
KILN_KERNEL int kiln_dyn_cmp__c(int kind, const unsigned char *a, const unsigned char *b) {
  switch (kind) {
  case KILN_DK_F32: { float x, y; memcpy(&x, a, 4); memcpy(&y, b, 4); return kiln_dyn_fcmp__c(x, y); }
  case KILN_DK_F64: { double x, y; memcpy(&x, a, 8); memcpy(&y, b, 8); return kiln_dyn_fcmp__c(x, y); }
  case KILN_DK_F16: case KILN_DK_BF16: {
    uint16_t u, v;
    float x, y;
    memcpy(&u, a, 2);
    memcpy(&v, b, 2);
    if (kind == KILN_DK_F16) {
      x = kiln_dyn_half__c(u);
      y = kiln_dyn_half__c(v);
    } else { /* bfloat16 is the top half of a float32 */
      uint32_t bu = (uint32_t)u << 16, bv = (uint32_t)v << 16;
      memcpy(&x, &bu, 4);
      memcpy(&y, &bv, 4);
    }
    return kiln_dyn_fcmp__c(x, y);
  }
  case KILN_DK_I8: { int8_t x = (int8_t)a[0], y = (int8_t)b[0]; return (x > y) - (x < y); }
  case KILN_DK_I16: { int16_t x, y; memcpy(&x, a, 2); memcpy(&y, b, 2); return (x > y) - (x < y); }
  case KILN_DK_I32: { int32_t x, y; memcpy(&x, a, 4); memcpy(&y, b, 4); return (x > y) - (x < y); }
  case KILN_DK_I64: { int64_t x, y; memcpy(&x, a, 8); memcpy(&y, b, 8); return (x > y) - (x < y); }
  case KILN_DK_U8: return (a[0] > b[0]) - (a[0] < b[0]);
  case KILN_DK_U16: { uint16_t x, y; memcpy(&x, a, 2); memcpy(&y, b, 2); return (x > y) - (x < y); }
  case KILN_DK_U32: { uint32_t x, y; memcpy(&x, a, 4); memcpy(&y, b, 4); return (x > y) - (x < y); }
  default: { uint64_t x, y; memcpy(&x, a, 8); memcpy(&y, b, 8); return (x > y) - (x < y); }
  }
}
//@end

//@kernel kiln_nonzero__c needs kiln_dyn_is_nonzero__c
/* NonZero: y is [rank, count] (dense for the actual count): y[d*count + j]
 * is coordinate d of the j-th nonzero element in row-major order. Returns
 * count. rank >= 1. */
KILN_KERNEL int64_t kiln_nonzero__c(int kind, int64_t elem, int rank, const int64_t *dims,
                                    const void *x, int64_t *y) {
  const unsigned char *p = (const unsigned char *)x;
  int64_t n = 1, count = 0, i, j = 0;
  int d;
  for (d = 0; d < rank; d++) n *= dims[d];
  for (i = 0; i < n; i++) count += kiln_dyn_is_nonzero__c(kind, p + i * elem);
  for (i = 0; i < n; i++) {
    int64_t r = i;
    if (!kiln_dyn_is_nonzero__c(kind, p + i * elem)) continue;
    for (d = rank - 1; d >= 0; d--) {
      y[d * count + j] = r % dims[d];
      r /= dims[d];
    }
    j++;
  }
  return count;
}
//@end

//@kernel kiln_compress__c needs kiln_compress_params
/* Compress: copies the kept rows; returns how many were kept. */
KILN_KERNEL int64_t kiln_compress__c(const kiln_compress_params *p, const void *x, const unsigned char *cond,
                                     void *y) {
  const unsigned char *src = (const unsigned char *)x;
  unsigned char *dst = (unsigned char *)y;
  int64_t m = p->n_cond < p->axis_dim ? p->n_cond : p->axis_dim, kept = 0, k, o;
  for (k = 0; k < m; k++) kept += cond[k] != 0;
  for (o = 0; o < p->outer; o++)
    for (k = 0; k < m; k++)
      if (cond[k]) {
        memcpy(dst, src + (o * p->axis_dim + k) * p->inner, (size_t)p->inner);
        dst += p->inner;
      }
  return kept;
}
//@end

//@kernel kiln_unique_slice_cmp__c needs kiln_unique_params kiln_dyn_cmp__c
/* Compares slices a and b of x (see kiln_unique_params) lexicographically. */
static int kiln_unique_slice_cmp__c(const kiln_unique_params *p, const unsigned char *x, int64_t a, int64_t b) {
  int64_t o, j;
  for (o = 0; o < p->outer; o++)
    for (j = 0; j < p->inner; j++) {
      int64_t base = o * p->n;
      int c = kiln_dyn_cmp__c(p->kind, x + ((base + a) * p->inner + j) * p->elem,
                              x + ((base + b) * p->inner + j) * p->elem);
      if (c) return c;
    }
  return 0;
}
//@end

//@kernel kiln_unique_sort__c needs kiln_unique_slice_cmp__c
/* Stable bottom-up merge sort of ids[0..m) by slice value (keys == NULL)
 * or by keys[id]; tmp holds m ids. The result ends in ids. */
static void kiln_unique_sort__c(const kiln_unique_params *p, const unsigned char *x, const int64_t *keys,
                                int64_t *ids, int64_t *tmp, int64_t m) {
  int64_t *src = ids, *dst = tmp, w, lo;
  for (w = 1; w < m; w *= 2) {
    int64_t *t;
    for (lo = 0; lo < m; lo += 2 * w) {
      int64_t mid = lo + w < m ? lo + w : m, hi = lo + 2 * w < m ? lo + 2 * w : m;
      int64_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        int c = keys ? (keys[src[j]] < keys[src[i]] ? -1 : 0) : kiln_unique_slice_cmp__c(p, x, src[j], src[i]);
        dst[k++] = c < 0 ? src[j++] : src[i++]; /* ties keep the left run first: stable */
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    t = src;
    src = dst;
    dst = t;
  }
  if (src != ids) memcpy(ids, src, (size_t)m * sizeof *ids);
}
//@end

//@kernel kiln_unique__c needs kiln_unique_sort__c
/* Unique: y holds the unique slices ([outer, count, inner]), indices the
 * first occurrence of each, inverse (n) the unique index of every slice,
 * counts how often each occurs; any of them may be NULL. scratch holds
 * 5 * n int64. Returns count. */
KILN_KERNEL int64_t kiln_unique__c(const kiln_unique_params *p, const void *x, void *y, int64_t *indices,
                                   int64_t *inverse, int64_t *counts, int64_t *scratch) {
  const unsigned char *xs = (const unsigned char *)x;
  int64_t n = p->n, *perm = scratch, *tmp = scratch + n, *gfirst = scratch + 2 * n;
  int64_t *gcount = scratch + 3 * n, *ginv = scratch + 4 * n, k = 0, i, r, o;
  size_t row = (size_t)(p->inner * p->elem);
  if (n <= 0) return 0;
  for (i = 0; i < n; i++) perm[i] = i;
  kiln_unique_sort__c(p, xs, 0, perm, tmp, n);
  /* runs of equal slices; stability puts each run's first occurrence first */
  for (i = 0; i < n; i++) {
    if (i == 0 || kiln_unique_slice_cmp__c(p, xs, perm[i - 1], perm[i]) != 0) {
      gfirst[k] = perm[i];
      gcount[k] = 0;
      k++;
    }
    gcount[k - 1]++;
    ginv[perm[i]] = k - 1;
  }
  /* perm[r] = the group in output position r, tmp[g] = its position */
  for (r = 0; r < k; r++) perm[r] = r;
  if (!p->sorted) kiln_unique_sort__c(p, xs, gfirst, perm, tmp, k);
  for (r = 0; r < k; r++) tmp[perm[r]] = r;
  if (y)
    for (o = 0; o < p->outer; o++)
      for (r = 0; r < k; r++)
        memcpy((unsigned char *)y + (size_t)(o * k + r) * row, xs + (size_t)(o * n + gfirst[perm[r]]) * row, row);
  for (r = 0; r < k; r++) {
    if (indices) indices[r] = gfirst[perm[r]];
    if (counts) counts[r] = gcount[perm[r]];
  }
  if (inverse)
    for (i = 0; i < n; i++) inverse[i] = tmp[ginv[i]];
  return k;
}
//@end

//@kernel kiln_nms_suppress__c
/* 1 when boxes a and b overlap with IoU > thr (the spec's rule; empty or
 * degenerate boxes never suppress). */
static int kiln_nms_suppress__c(const float *a, const float *b, int center, float thr) {
  float ax0, ax1, ay0, ay1, bx0, bx1, by0, by1, ix0, ix1, iy0, iy1, inter, ua;
  if (center) {
    ax0 = a[0] - a[2] / 2; ax1 = a[0] + a[2] / 2; ay0 = a[1] - a[3] / 2; ay1 = a[1] + a[3] / 2;
    bx0 = b[0] - b[2] / 2; bx1 = b[0] + b[2] / 2; by0 = b[1] - b[3] / 2; by1 = b[1] + b[3] / 2;
  } else { /* [y1, x1, y2, x2], corners in either order */
    ax0 = a[1] < a[3] ? a[1] : a[3]; ax1 = a[1] < a[3] ? a[3] : a[1];
    ay0 = a[0] < a[2] ? a[0] : a[2]; ay1 = a[0] < a[2] ? a[2] : a[0];
    bx0 = b[1] < b[3] ? b[1] : b[3]; bx1 = b[1] < b[3] ? b[3] : b[1];
    by0 = b[0] < b[2] ? b[0] : b[2]; by1 = b[0] < b[2] ? b[2] : b[0];
  }
  ix0 = ax0 > bx0 ? ax0 : bx0; ix1 = ax1 < bx1 ? ax1 : bx1;
  if (ix1 <= ix0) return 0;
  iy0 = ay0 > by0 ? ay0 : by0; iy1 = ay1 < by1 ? ay1 : by1;
  if (iy1 <= iy0) return 0;
  inter = (ix1 - ix0) * (iy1 - iy0);
  if (inter <= 0) return 0;
  {
    float area_a = (ax1 - ax0) * (ay1 - ay0), area_b = (bx1 - bx0) * (by1 - by0);
    ua = area_a + area_b - inter;
    if (area_a <= 0 || area_b <= 0 || ua <= 0) return 0;
  }
  return inter / ua > thr;
}
//@end

//@kernel kiln_nms__c needs kiln_nms_params kiln_nms_suppress__c
/* NonMaxSuppression: per batch and class, boxes above the score threshold
 * by descending score (ties: lower index first); a box is selected unless
 * it overlaps an already selected one by more than the IoU threshold, up
 * to max_out per class. y gets [count, 3] rows (batch, class, box); returns
 * count. scratch holds 3 * boxes int64. */
KILN_KERNEL int64_t kiln_nms__c(const kiln_nms_params *p, const float *boxes, const float *scores,
                                const int64_t *max_out, const float *iou, const float *score_thr,
                                int64_t *y, int64_t *scratch) {
  int64_t S = p->boxes, *order = scratch, *tmp = scratch + S, *sel = scratch + 2 * S, count = 0, b, c;
  int64_t max_sel = p->has_max ? max_out[0] : 0;
  float thr = p->has_iou ? iou[0] : 0.0f, sthr = p->has_score ? score_thr[0] : 0.0f;
  if (max_sel <= 0) return 0;
  for (b = 0; b < p->batches; b++)
    for (c = 0; c < p->classes; c++) {
      const float *sc = scores + (b * p->classes + c) * S, *bx = boxes + b * S * 4;
      int64_t m = 0, nsel = 0, i, w, q;
      for (i = 0; i < S; i++)
        if (!p->has_score || sc[i] > sthr) order[m++] = i;
      /* stable merge sort by descending score */
      {
        int64_t *src = order, *dst = tmp;
        for (w = 1; w < m; w *= 2) {
          int64_t lo, *t;
          for (lo = 0; lo < m; lo += 2 * w) {
            int64_t mid = lo + w < m ? lo + w : m, hi = lo + 2 * w < m ? lo + 2 * w : m;
            int64_t x = lo, z = mid, k = lo;
            while (x < mid && z < hi) dst[k++] = sc[src[z]] > sc[src[x]] ? src[z++] : src[x++];
            while (x < mid) dst[k++] = src[x++];
            while (z < hi) dst[k++] = src[z++];
          }
          t = src;
          src = dst;
          dst = t;
        }
        if (src != order) memcpy(order, src, (size_t)m * sizeof *order);
      }
      for (q = 0; q < m && nsel < max_sel; q++) {
        int keep = 1;
        for (i = 0; i < nsel && keep; i++)
          if (kiln_nms_suppress__c(bx + order[q] * 4, bx + sel[i] * 4, p->center_point_box, thr)) keep = 0;
        if (!keep) continue;
        sel[nsel++] = order[q];
        y[count * 3] = b;
        y[count * 3 + 1] = c;
        y[count * 3 + 2] = order[q];
        count++;
      }
    }
  return count;
}
//@end
