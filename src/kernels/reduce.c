/* reduce.c - ReduceSum/Mean/Max/Min/Prod (f32, portable C).
 *
 * One pass over the input in memory order. The innermost (merged) dim is
 * either reduced - each row folds into one output with 8 independent lanes -
 * or kept - each row combines element-wise into a contiguous output row. An
 * odometer over the outer dims tracks the output offset. The per-op
 * functions pass a constant `op` to one inline body, so each is specialised.
 * Accumulation is in float; empty reductions give the identity (0, 1, -inf,
 * +inf) and ReduceMean of nothing gives NaN (0/0), as in the ONNX reference.
 */
#include "kiln_kernels.h"
#include "reduce.h"

//@kernel kiln_f32_reduce_impl__c needs kiln_reduce_params
/* op: 0 sum, 1 mean, 2 max, 3 min, 4 prod */
static inline float kiln_reduce_ident__c(int op) {
  return op == 2 ? -INFINITY : op == 3 ? INFINITY : op == 4 ? 1.0f : 0.0f;
}

static inline float kiln_reduce_comb__c(int op, float a, float b) {
  switch (op) {
  case 2: return b > a ? b : a;
  case 3: return b < a ? b : a;
  case 4: return a * b;
  default: return a + b;
  }
}

static inline void kiln_f32_reduce_impl__c(const kiln_reduce_params *p, int op,
                                           const float *KILN_RESTRICT x, float *KILN_RESTRICT y) {
  const int R = p->rank;
  int64_t ostr[KILN_MAX_RANK], idx[KILN_MAX_RANK], onum = 1, total = 1;
  for (int d = R - 1; d >= 0; d--) {
    idx[d] = 0;
    if ((p->mask >> d) & 1u) {
      ostr[d] = 0;
    } else {
      ostr[d] = onum;
      onum *= p->dims[d];
    }
    total *= p->dims[d];
  }
  if (p->mask == 0) {
    memcpy(y, x, (size_t)total * sizeof(float));
    return;
  }
  const float id = kiln_reduce_ident__c(op);
  for (int64_t o = 0; o < onum; o++) y[o] = id;
  if (total > 0) {
    const int64_t inner = p->dims[R - 1], rows = total / inner;
    const int inner_red = (int)((p->mask >> (R - 1)) & 1u);
    int64_t ooff = 0;
    for (int64_t row = 0; row < rows; row++) {
      const float *KILN_RESTRICT xr = x + row * inner;
      int64_t j = 0;
      if (inner_red) {
        float acc[8];
        for (int l = 0; l < 8; l++) acc[l] = id;
        for (j = 0; j < inner - inner % 8; j += 8)
          for (int l = 0; l < 8; l++) acc[l] = kiln_reduce_comb__c(op, acc[l], xr[j + l]);
        float t = y[ooff];
        for (int l = 0; l < 8; l++) t = kiln_reduce_comb__c(op, t, acc[l]);
        for (j = inner - inner % 8; j < inner; j++) t = kiln_reduce_comb__c(op, t, xr[j]);
        y[ooff] = t;
      } else {
        float *KILN_RESTRICT yr = y + ooff;
        for (j = 0; j < inner - inner % 8; j += 8)
          for (int l = 0; l < 8; l++) yr[j + l] = kiln_reduce_comb__c(op, yr[j + l], xr[j + l]);
        for (j = inner - inner % 8; j < inner; j++) yr[j] = kiln_reduce_comb__c(op, yr[j], xr[j]);
      }
      for (int d = R - 2; d >= 0; d--) {
        ooff += ostr[d];
        if (++idx[d] < p->dims[d]) break;
        ooff -= ostr[d] * p->dims[d];
        idx[d] = 0;
      }
    }
  }
  if (op == 1) {
    const float c = (float)p->count;
    for (int64_t o = 0; o < onum; o++) y[o] = y[o] / c;
  }
}
//@end

//@kernel kiln_f32_reduce_sum__c needs kiln_f32_reduce_impl__c
KILN_KERNEL void kiln_f32_reduce_sum__c(const kiln_reduce_params *p, const float *x, float *y) {
  kiln_f32_reduce_impl__c(p, 0, x, y);
}
//@end

//@kernel kiln_f32_reduce_mean__c needs kiln_f32_reduce_impl__c
KILN_KERNEL void kiln_f32_reduce_mean__c(const kiln_reduce_params *p, const float *x, float *y) {
  kiln_f32_reduce_impl__c(p, 1, x, y);
}
//@end

//@kernel kiln_f32_reduce_max__c needs kiln_f32_reduce_impl__c
KILN_KERNEL void kiln_f32_reduce_max__c(const kiln_reduce_params *p, const float *x, float *y) {
  kiln_f32_reduce_impl__c(p, 2, x, y);
}
//@end

//@kernel kiln_f32_reduce_min__c needs kiln_f32_reduce_impl__c
KILN_KERNEL void kiln_f32_reduce_min__c(const kiln_reduce_params *p, const float *x, float *y) {
  kiln_f32_reduce_impl__c(p, 3, x, y);
}
//@end

//@kernel kiln_f32_reduce_prod__c needs kiln_f32_reduce_impl__c
KILN_KERNEL void kiln_f32_reduce_prod__c(const kiln_reduce_params *p, const float *x, float *y) {
  kiln_f32_reduce_impl__c(p, 4, x, y);
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_reduce_fn_)(void);
extern const kiln_reduce_fn_ kiln_reduce_used_[];
const kiln_reduce_fn_ kiln_reduce_used_[] = {
    (kiln_reduce_fn_)kiln_f32_reduce_sum__c, (kiln_reduce_fn_)kiln_f32_reduce_mean__c,
    (kiln_reduce_fn_)kiln_f32_reduce_max__c, (kiln_reduce_fn_)kiln_f32_reduce_min__c,
    (kiln_reduce_fn_)kiln_f32_reduce_prod__c};
#endif
