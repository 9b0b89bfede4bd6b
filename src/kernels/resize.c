/* resize.c - table-driven resampling (Resize, Upsample), f32, portable C.
 *
 * All the geometry is in the tables (see kiln_resize_params): the kernel
 * walks the output row by row (the last axis is the row), enumerates the tap
 * combinations of the outer axes once per row, and for each adds a weighted
 * 1-D filtered row. Axes that are not resized have one tap of weight 1.
 */
#include "kiln_kernels.h"
#include "resize.h"

//@kernel kiln_f32_resize__c needs kiln_resize_params
KILN_KERNEL void kiln_f32_resize__c(const kiln_resize_params *p, const int64_t *idx,
                                    const float *w, const float *x, float *y) {
  const int last = p->rank - 1;
  const int64_t W = p->out[last], KW = p->taps[last];
  const int64_t *il = idx + p->tab[last];
  const float *wl = w + p->tab[last];
  int64_t n_rows = 1, o[KILN_MAX_RANK], k[KILN_MAX_RANK];
  for (int a = 0; a < last; a++) {
    n_rows *= p->out[a];
    o[a] = 0;
  }
  for (int64_t r = 0; r < n_rows; r++) {
    float *KILN_RESTRICT yr = y + r * W;
    int ext = 0, first = 1;
    for (int a = 0; a < last; a++) k[a] = 0;
    for (;;) {
      int64_t base = 0;
      float wt = 1.0f;
      for (int a = 0; a < last; a++) {
        const int64_t e = p->tab[a] + o[a] * p->taps[a] + k[a];
        if (idx[e] < 0) ext = 1;
        base += idx[e];
        wt *= w[e];
      }
      if (ext) break;
      if (wt != 0.0f) {
        /* the first contributing combination assigns, the others add;
         * extrapolated entries (idx < 0) are written after the loop */
        const float *KILN_RESTRICT xb = x + base;
        if (KW == 1) {
          if (first)
            for (int64_t j = 0; j < W; j++) yr[j] = il[j] >= 0 ? wt * wl[j] * xb[il[j]] : 0.0f;
          else
            for (int64_t j = 0; j < W; j++)
              if (il[j] >= 0) yr[j] += wt * wl[j] * xb[il[j]];
        } else {
          for (int64_t j = 0; j < W; j++) {
            const int64_t *ij = il + j * KW;
            const float *wj = wl + j * KW;
            float s = 0.0f;
            if (ij[0] >= 0)
              for (int64_t t = 0; t < KW; t++) s += wj[t] * xb[ij[t]];
            if (first) yr[j] = wt * s;
            else yr[j] += wt * s;
          }
        }
        first = 0;
      }
      int a = last - 1;
      while (a >= 0) {
        if (++k[a] < p->taps[a]) break;
        k[a] = 0;
        a--;
      }
      if (a < 0) break;
    }
    if (ext) {
      for (int64_t j = 0; j < W; j++) yr[j] = p->extrapolation;
    } else {
      if (first) /* every weight was zero */
        for (int64_t j = 0; j < W; j++) yr[j] = 0.0f;
      for (int64_t j = 0; j < W; j++)
        if (il[j * KW] < 0) yr[j] = p->extrapolation;
    }
    for (int a = last - 1; a >= 0; a--) {
      if (++o[a] < p->out[a]) break;
      o[a] = 0;
    }
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package). */
typedef void (*kiln_resize_fn_)(void);
extern const kiln_resize_fn_ kiln_resize_used_[];
const kiln_resize_fn_ kiln_resize_used_[] = {(kiln_resize_fn_)kiln_f32_resize__c};
#endif
