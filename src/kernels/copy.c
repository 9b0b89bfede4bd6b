/* copy.c - data-movement kernels (dtype-agnostic), portable C.
 * Used by Transpose, Slice, Concat, Split, Expand (kiln_copy_nd__c), Pad
 * (kiln_pad__c) and Gather (kiln_gather_*__c). See copy.h for the params. */
#include "kiln_kernels.h"
#include "copy.h"

//@kernel kiln_copy_elems__c
/* Copies n elements of elem bytes from x (byte stride xs, may be 0 or
 * negative) to y (byte stride ys). Fixed-size memcpy compiles to single
 * loads/stores and is alignment-safe. */
KILN_KERNEL void kiln_copy_elems__c(const unsigned char *x, int64_t xs, unsigned char *y, int64_t ys,
                                    int64_t n, int64_t elem) {
  int64_t i;
  switch (elem) {
  case 1: for (i = 0; i < n; i++) y[i * ys] = x[i * xs]; break;
  case 2: for (i = 0; i < n; i++) memcpy(y + i * ys, x + i * xs, 2); break;
  case 4: for (i = 0; i < n; i++) memcpy(y + i * ys, x + i * xs, 4); break;
  case 8: for (i = 0; i < n; i++) memcpy(y + i * ys, x + i * xs, 8); break;
  default: for (i = 0; i < n; i++) memcpy(y + i * ys, x + i * xs, (size_t)elem); break;
  }
}
//@end

//@kernel kiln_copy_nd__c needs kiln_copy_params kiln_copy_elems__c
/* N-D strided copy (see kiln_copy_params). The innermost axis is one
 * memcpy when contiguous in x and y; otherwise an element loop, blocked
 * with the tile axis for transposes. Offsets are kept as integers so no
 * pointer ever leaves its array. */
KILN_KERNEL void kiln_copy_nd__c(const kiln_copy_params *p, const void *x, void *y) {
  const unsigned char *xb = (const unsigned char *)x;
  unsigned char *yb = (unsigned char *)y;
  const int last = p->rank - 1, t = p->tile;
  const int64_t e = p->elem, n = p->dims[last], xsl = p->xs[last], ysl = p->ys[last];
  const int contiguous = xsl == e && ysl == e;
  int64_t idx[KILN_MAX_RANK];
  int64_t xo = p->xoff, yo = p->yoff;
  int k;
  for (k = 0; k <= last; k++) {
    if (p->dims[k] <= 0) return;
    idx[k] = 0;
  }
  for (;;) {
    if (t >= 0) {
      /* Block 32x32 over (t, innermost): reads of x walk t contiguously. */
      const int64_t B = 32, m = p->dims[t], xst = p->xs[t], yst = p->ys[t];
      int64_t i0, j0, i;
      for (i0 = 0; i0 < m; i0 += B) {
        const int64_t i1 = i0 + B < m ? i0 + B : m;
        for (j0 = 0; j0 < n; j0 += B) {
          const int64_t jn = n - j0 < B ? n - j0 : B;
          for (i = i0; i < i1; i++)
            kiln_copy_elems__c(xb + xo + i * xst + j0 * xsl, xsl, yb + yo + i * yst + j0 * ysl, ysl, jn, e);
        }
      }
    } else if (contiguous) {
      memcpy(yb + yo, xb + xo, (size_t)(n * e));
    } else {
      kiln_copy_elems__c(xb + xo, xsl, yb + yo, ysl, n, e);
    }
    /* Odometer over the outer axes (the tile axis is done above). */
    for (k = last - 1; k >= 0; k--) {
      if (k == t) continue;
      xo += p->xs[k];
      yo += p->ys[k];
      if (++idx[k] < p->dims[k]) break;
      xo -= p->xs[k] * p->dims[k];
      yo -= p->ys[k] * p->dims[k];
      idx[k] = 0;
    }
    if (k < 0) return;
  }
}
//@end

//@kernel kiln_fill__c
/* y = n copies of the elem-byte value: one copy, then doubling memcpys. */
KILN_KERNEL void kiln_fill__c(int64_t n, int64_t elem, const void *value, void *y) {
  unsigned char *yb = (unsigned char *)y;
  const int64_t total = n * elem;
  int64_t done = elem;
  if (total <= 0) return;
  memcpy(yb, value, (size_t)elem);
  while (done < total) {
    const int64_t k = done < total - done ? done : total - done;
    memcpy(yb + done, yb, (size_t)k);
    done += k;
  }
}
//@end

//@kernel kiln_pad_src__c needs kiln_pad_params
/* Source index along one axis for output index o (leading pad `pad`, n
 * source elements), or -1 for "use the constant". REFLECT mirrors without
 * repeating the edge (period 2(n-1), numpy's 'reflect'); WRAP is periodic. */
KILN_KERNEL int64_t kiln_pad_src__c(int64_t o, int64_t pad, int64_t n, int mode) {
  int64_t i = o - pad, m;
  if (i >= 0 && i < n) return i;
  switch (mode) {
  case KILN_PAD_EDGE: return i < 0 ? 0 : n - 1;
  case KILN_PAD_REFLECT:
    if (n == 1) return 0;
    m = 2 * (n - 1);
    i %= m;
    if (i < 0) i += m;
    return i < n ? i : m - i;
  case KILN_PAD_WRAP:
    i %= n;
    return i < 0 ? i + n : i;
  default: return -1;
  }
}
//@end

//@kernel kiln_pad__c needs kiln_pad_params kiln_pad_src__c kiln_fill__c
/* Row by row over y's outer axes: a row whose source is outside x
 * (constant mode) is filled; otherwise the row's interior is one memcpy
 * and only its padded ends are mapped element by element. */
KILN_KERNEL void kiln_pad__c(const kiln_pad_params *p, const void *x, void *y) {
  const unsigned char *xb = (const unsigned char *)x + p->xoff;
  unsigned char *yr = (unsigned char *)y;
  const int last = p->rank - 1, mode = p->mode;
  const int64_t e = p->elem, w = p->ydims[last], n = p->xdims[last], pb = p->pad[last];
  const int64_t lo = pb < w ? pb : w, hi = pb + n < w ? pb + n : w;
  int64_t o[KILN_MAX_RANK], rows = 1, r, j, s;
  int d;
  for (d = 0; d <= last; d++) {
    if (p->ydims[d] <= 0) return;
    if (d < last) rows *= p->ydims[d];
    o[d] = 0;
  }
  for (r = 0; r < rows; r++, yr += w * e) {
    int64_t xo = 0;
    for (d = 0; d < last; d++) {
      s = kiln_pad_src__c(o[d], p->pad[d], p->xdims[d], mode);
      if (s < 0) break;
      xo += s * p->xs[d];
    }
    if (d < last) {
      kiln_fill__c(w, e, p->value, yr);
    } else {
      const unsigned char *xr = xb + xo;
      for (j = 0; j < lo; j++) {
        s = kiln_pad_src__c(j, pb, n, mode);
        memcpy(yr + j * e, s < 0 ? p->value : xr + s * e, (size_t)e);
      }
      if (hi > lo) memcpy(yr + lo * e, xr + (lo - pb) * e, (size_t)((hi - lo) * e));
      for (j = hi > lo ? hi : lo; j < w; j++) {
        s = kiln_pad_src__c(j, pb, n, mode);
        memcpy(yr + j * e, s < 0 ? p->value : xr + s * e, (size_t)e);
      }
    }
    for (d = last - 1; d >= 0; d--) {
      if (++o[d] < p->ydims[d]) break;
      o[d] = 0;
    }
  }
}
//@end

//@kernel kiln_gather_row__c needs kiln_gather_params
/* Copies one gathered row of `inner` bytes (fixed-size fast paths for
 * scalar rows, the common shape-arithmetic case). */
KILN_KERNEL void kiln_gather_row__c(unsigned char *y, const unsigned char *x, int64_t inner) {
  switch (inner) {
  case 1: *y = *x; break;
  case 2: memcpy(y, x, 2); break;
  case 4: memcpy(y, x, 4); break;
  case 8: memcpy(y, x, 8); break;
  default: memcpy(y, x, (size_t)inner); break;
  }
}
//@end

//@kernel kiln_gather_i64__c needs kiln_gather_params kiln_gather_row__c
/* y[o, k, :] = x[o, idx[k], :]. Negative indices count from the end (ONNX).
 * Run-time indices outside [-axis_dim, axis_dim) are CLAMPED to the nearest
 * valid row instead of reading out of bounds (ONNX leaves them undefined;
 * constant indices are range-checked by the compiler). */
KILN_KERNEL void kiln_gather_i64__c(const kiln_gather_params *p, const void *x, const int64_t *idx,
                                    void *y) {
  const unsigned char *xb = (const unsigned char *)x;
  unsigned char *yb = (unsigned char *)y;
  const int64_t d = p->axis_dim, inner = p->inner;
  int64_t o, k;
  if (d <= 0) return;
  for (o = 0; o < p->outer; o++) {
    const unsigned char *xo = xb + o * d * inner;
    for (k = 0; k < p->n_idx; k++, yb += inner) {
      int64_t i = idx[k];
      if (i < 0) i += d;
      i = i < 0 ? 0 : (i >= d ? d - 1 : i);
      kiln_gather_row__c(yb, xo + i * inner, inner);
    }
  }
}
//@end

//@kernel kiln_gather_i32__c needs kiln_gather_params kiln_gather_row__c
/* As kiln_gather_i64__c with int32 indices (same clamping). */
KILN_KERNEL void kiln_gather_i32__c(const kiln_gather_params *p, const void *x, const int32_t *idx,
                                    void *y) {
  const unsigned char *xb = (const unsigned char *)x;
  unsigned char *yb = (unsigned char *)y;
  const int64_t d = p->axis_dim, inner = p->inner;
  int64_t o, k;
  if (d <= 0) return;
  for (o = 0; o < p->outer; o++) {
    const unsigned char *xo = xb + o * d * inner;
    for (k = 0; k < p->n_idx; k++, yb += inner) {
      int64_t i = idx[k];
      if (i < 0) i += d;
      i = i < 0 ? 0 : (i >= d ? d - 1 : i);
      kiln_gather_row__c(yb, xo + i * inner, inner);
    }
  }
}
//@end

#ifdef KILN_HOST
/* ---- Compiler-side helpers (outside every section: never in packages). ---- */
#include <stdio.h>

void kiln_copy_strides(int rank, const int64_t *dims, int64_t *st) {
  int64_t s = 1;
  for (int i = rank - 1; i >= 0; i--) {
    st[i] = s;
    s *= dims[i];
  }
}

int kiln_copy_plan(kiln_copy_params *p, int rank, const int64_t *dims, const int64_t *xs,
                   const int64_t *ys, int64_t xoff, int64_t yoff, int64_t elem) {
  if (rank < 0 || rank > KILN_MAX_RANK) return -1;
  memset(p, 0, sizeof *p);
  p->tile = -1;
  p->elem = elem;
  p->xoff = xoff * elem;
  p->yoff = yoff * elem;
  int r = 0;
  for (int i = 0; i < rank; i++) {
    if (dims[i] == 0) { /* empty copy: keep one zero dim so the kernel returns at once */
      p->rank = 1;
      p->dims[0] = 0;
      p->xs[0] = p->ys[0] = elem;
      return 0;
    }
    if (dims[i] == 1) continue; /* its stride never matters */
    if (r > 0 && p->xs[r - 1] == xs[i] * elem * dims[i] && p->ys[r - 1] == ys[i] * elem * dims[i]) {
      /* previous axis steps exactly over this one in x and in y: merge */
      p->dims[r - 1] *= dims[i];
      p->xs[r - 1] = xs[i] * elem;
      p->ys[r - 1] = ys[i] * elem;
      continue;
    }
    p->dims[r] = dims[i];
    p->xs[r] = xs[i] * elem;
    p->ys[r] = ys[i] * elem;
    r++;
  }
  if (r == 0) { /* one element */
    p->dims[0] = 1;
    p->xs[0] = p->ys[0] = elem;
    r = 1;
  }
  p->rank = r;
  /* Transpose-like: innermost reads strided, writes contiguous, and some
   * outer axis contiguous in x -> block over that axis and the innermost. */
  int last = r - 1;
  if (p->xs[last] != elem && p->ys[last] == elem && p->dims[last] >= 8)
    for (int i = 0; i < last; i++)
      if (p->xs[i] == elem && p->dims[i] >= 8) p->tile = i;
  return 0;
}

static size_t put_list(char *buf, size_t n, size_t off, const int64_t *v, int k) {
  for (int i = 0; i < KILN_MAX_RANK && off < n; i++) {
    int w = snprintf(buf + off, n - off, "%s%lld%s", i ? ", " : "{", (long long)(i < k ? v[i] : 0),
                     i == KILN_MAX_RANK - 1 ? "}" : "");
    if (w < 0) break;
    off += (size_t)w;
  }
  return off;
}

const char *kiln_copy_params_init(const kiln_copy_params *p, char *buf, size_t n) {
  size_t off = 0;
  int w = snprintf(buf, n, "{%d, %d, %lld, ", p->rank, p->tile, (long long)p->elem);
  off = w > 0 ? (size_t)w : 0;
  off = put_list(buf, n, off, p->dims, p->rank);
  if (off < n) off += (size_t)snprintf(buf + off, n - off, ", ");
  off = put_list(buf, n, off, p->xs, p->rank);
  if (off < n) off += (size_t)snprintf(buf + off, n - off, ", ");
  off = put_list(buf, n, off, p->ys, p->rank);
  if (off < n) snprintf(buf + off, n - off, ", %lld, %lld}", (long long)p->xoff, (long long)p->yoff);
  return buf;
}
#else
/* Package-mode compile check of this file only (`cc -c` without KILN_HOST):
 * every kernel is static there, so reference them all to keep
 * -Wunused-function quiet. Outside every section: never in packages. */
void kiln_copy_package_check_(void);
void kiln_copy_package_check_(void) {
  (void)kiln_copy_nd__c;
  (void)kiln_pad__c;
  (void)kiln_fill__c;
  (void)kiln_gather_i64__c;
  (void)kiln_gather_i32__c;
}
#endif
