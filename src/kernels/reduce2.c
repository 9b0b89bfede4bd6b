/* reduce2.c - ReduceL1/L2/LogSum/LogSumExp/SumSquare, ArgMax/ArgMin,
 * CumSum/CumProd, Hardmax, TopK (any numeric dtype by argument) and LpPool
 * (float32), portable C.
 *
 * Elements are read and written through kiln_r2_* accessors switching on the
 * dtype code; generated code passes it as a literal so the switch folds.
 * Floating point accumulates in double (the results are then rounded once),
 * integers in int64 with wrap-around, comparisons are exact in the element
 * type.
 */
#include "kiln_kernels.h"
#include "reduce2.h"

//@kernel kiln_r2_access__c
/* dtype codes (ONNX): 1 float32, 11 float64, 6 int32, 7 int64, 12 uint32,
 * 13 uint64. */
static inline int kiln_r2_isint__c(int dt) { return dt == 6 || dt == 7 || dt == 12 || dt == 13; }

static inline double kiln_r2_ldf__c(const void *p, int dt, int64_t i) {
  switch (dt) {
  case 11: return ((const double *)p)[i];
  case 6: return (double)((const int32_t *)p)[i];
  case 7: return (double)((const int64_t *)p)[i];
  case 12: return (double)((const uint32_t *)p)[i];
  case 13: return (double)((const uint64_t *)p)[i];
  default: return (double)((const float *)p)[i];
  }
}

static inline int64_t kiln_r2_ldi__c(const void *p, int dt, int64_t i) {
  switch (dt) {
  case 6: return ((const int32_t *)p)[i];
  case 7: return ((const int64_t *)p)[i];
  case 12: return ((const uint32_t *)p)[i];
  case 13: return (int64_t)((const uint64_t *)p)[i];
  default: return (int64_t)kiln_r2_ldf__c(p, dt, i);
  }
}

static inline void kiln_r2_stf__c(void *p, int dt, int64_t i, double v) {
  switch (dt) {
  case 11: ((double *)p)[i] = v; break;
  case 6: ((int32_t *)p)[i] = (int32_t)v; break;
  case 7: ((int64_t *)p)[i] = (int64_t)v; break;
  case 12: ((uint32_t *)p)[i] = (uint32_t)v; break;
  case 13: ((uint64_t *)p)[i] = (uint64_t)v; break;
  default: ((float *)p)[i] = (float)v; break;
  }
}

static inline void kiln_r2_sti__c(void *p, int dt, int64_t i, int64_t v) {
  switch (dt) {
  case 6: ((int32_t *)p)[i] = (int32_t)v; break;
  case 7: ((int64_t *)p)[i] = v; break;
  case 12: ((uint32_t *)p)[i] = (uint32_t)v; break;
  case 13: ((uint64_t *)p)[i] = (uint64_t)v; break;
  default: kiln_r2_stf__c(p, dt, i, (double)v); break;
  }
}

/* Copies element i of a to element j of b (same dtype). */
static inline void kiln_r2_mov__c(void *b, int64_t j, const void *a, int64_t i, int dt) {
  const size_t sz = dt == 11 || dt == 7 || dt == 13 ? 8 : 4; /* memcpy: no aliasing issue */
  memcpy((unsigned char *)b + (size_t)j * sz, (const unsigned char *)a + (size_t)i * sz, sz);
}

/* a[i] > a[j]: 1, a[i] < a[j]: -1, else 0 (NaN compares equal). */
static inline int kiln_r2_cmp__c(const void *a, int dt, int64_t i, int64_t j) {
  switch (dt) {
  case 6: case 7: {
    const int64_t u = kiln_r2_ldi__c(a, dt, i), v = kiln_r2_ldi__c(a, dt, j);
    return u > v ? 1 : u < v ? -1 : 0;
  }
  case 12: {
    const uint32_t u = ((const uint32_t *)a)[i], v = ((const uint32_t *)a)[j];
    return u > v ? 1 : u < v ? -1 : 0;
  }
  case 13: {
    const uint64_t u = ((const uint64_t *)a)[i], v = ((const uint64_t *)a)[j];
    return u > v ? 1 : u < v ? -1 : 0;
  }
  default: {
    const double u = kiln_r2_ldf__c(a, dt, i), v = kiln_r2_ldf__c(a, dt, j);
    return u > v ? 1 : u < v ? -1 : 0;
  }
  }
}
//@end

//@kernel kiln_t_reduce2__c needs kiln_red2_params kiln_r2_access__c
/* op: 0 L1, 1 L2, 2 LogSum, 3 LogSumExp, 4 SumSquare. An empty reduction
 * gives 0 (L1, L2, SumSquare) or -inf (LogSum, LogSumExp). */
KILN_KERNEL void kiln_t_reduce2__c(const kiln_red2_params *p, int op, int dt, const void *x,
                                   void *y) {
  int64_t kidx[KILN_MAX_RANK], ridx[KILN_MAX_RANK], onum = 1, cnt = 1, inner = 1, istr = 0;
  for (int d = 0; d < p->kr; d++) {
    kidx[d] = 0;
    onum *= p->kdims[d];
  }
  for (int d = 0; d < p->rr; d++) {
    ridx[d] = 0;
    cnt *= p->rdims[d];
  }
  if (p->rr > 0) {
    inner = p->rdims[p->rr - 1];
    istr = p->rstr[p->rr - 1];
  }
  const int64_t outer_r = inner > 0 ? cnt / inner : 0;
  const int is_int = kiln_r2_isint__c(dt);
  int64_t base = 0;
  for (int64_t o = 0; o < onum; o++) {
    double mx = -INFINITY, acc = 0.0;
    int64_t iacc = 0;
    if (op == 3) { /* LogSumExp: the maximum first, for stability */
      int64_t roff = 0;
      for (int d = 0; d < p->rr; d++) ridx[d] = 0;
      for (int64_t r = 0; r < outer_r; r++) {
        for (int64_t j = 0; j < inner; j++) {
          const double v = kiln_r2_ldf__c(x, dt, base + roff + j * istr);
          if (v > mx) mx = v;
        }
        for (int d = p->rr - 2; d >= 0; d--) {
          roff += p->rstr[d];
          if (++ridx[d] < p->rdims[d]) break;
          roff -= p->rstr[d] * p->rdims[d];
          ridx[d] = 0;
        }
      }
      if (!isfinite(mx)) mx = 0.0; /* all -inf / empty: plain sum below */
    }
    int64_t roff = 0;
    for (int d = 0; d < p->rr; d++) ridx[d] = 0;
    for (int64_t r = 0; r < outer_r; r++) {
      const int64_t b = base + roff;
      if (is_int && (op == 0 || op == 4)) {
        for (int64_t j = 0; j < inner; j++) {
          const int64_t v = kiln_r2_ldi__c(x, dt, b + j * istr);
          iacc = (int64_t)((uint64_t)iacc +
                           (op == 0 ? (v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v)
                                   : (uint64_t)v * (uint64_t)v));
        }
      } else {
        for (int64_t j = 0; j < inner; j++) {
          const double v = kiln_r2_ldf__c(x, dt, b + j * istr);
          switch (op) {
          case 0: acc += fabs(v); break;
          case 2: acc += v; break;
          case 3: acc += exp(v - mx); break;
          default: acc += v * v; break;
          }
        }
      }
      for (int d = p->rr - 2; d >= 0; d--) {
        roff += p->rstr[d];
        if (++ridx[d] < p->rdims[d]) break;
        roff -= p->rstr[d] * p->rdims[d];
        ridx[d] = 0;
      }
    }
    if (is_int && (op == 0 || op == 4)) {
      kiln_r2_sti__c(y, dt, o, iacc);
    } else {
      double v = acc;
      if (op == 1) v = sqrt(acc);
      else if (op == 2) v = log(acc);
      else if (op == 3) v = log(acc) + mx;
      kiln_r2_stf__c(y, dt, o, v);
    }
    for (int d = p->kr - 1; d >= 0; d--) {
      base += p->kstr[d];
      if (++kidx[d] < p->kdims[d]) break;
      base -= p->kstr[d] * p->kdims[d];
      kidx[d] = 0;
    }
  }
}
//@end

//@kernel kiln_t_argext__c needs kiln_axis_params kiln_r2_access__c
KILN_KERNEL void kiln_t_argext__c(const kiln_axis_params *p, int is_min, int select_last, int dt,
                                  const void *x, int64_t *y) {
  const int64_t N = p->n, I = p->inner;
  for (int64_t o = 0; o < p->outer; o++)
    for (int64_t i = 0; i < I; i++) {
      const int64_t b = o * N * I + i;
      int64_t best = 0;
      for (int64_t j = 1; j < N; j++) {
        int c = kiln_r2_cmp__c(x, dt, b + j * I, b + best * I);
        if (is_min) c = -c;
        if (c > 0 || (c == 0 && select_last)) best = j;
      }
      y[o * I + i] = best;
    }
}
//@end

//@kernel kiln_t_cumulative__c needs kiln_axis_params kiln_r2_access__c
KILN_KERNEL void kiln_t_cumulative__c(const kiln_axis_params *p, int is_prod, int exclusive,
                                      int reverse, int dt, const void *x, void *y) {
  const int64_t N = p->n, I = p->inner;
  const int is_int = kiln_r2_isint__c(dt);
  for (int64_t o = 0; o < p->outer; o++)
    for (int64_t i = 0; i < I; i++) {
      const int64_t b = o * N * I + i;
      double acc = is_prod ? 1.0 : 0.0;
      int64_t iacc = is_prod ? 1 : 0;
      for (int64_t s = 0; s < N; s++) {
        const int64_t j = b + (reverse ? N - 1 - s : s) * I;
        if (is_int) {
          const uint64_t v = (uint64_t)kiln_r2_ldi__c(x, dt, j);
          const int64_t nx = (int64_t)(is_prod ? (uint64_t)iacc * v : (uint64_t)iacc + v);
          kiln_r2_sti__c(y, dt, j, exclusive ? iacc : nx);
          iacc = nx;
        } else {
          const double v = kiln_r2_ldf__c(x, dt, j);
          const double nx = is_prod ? acc * v : acc + v;
          kiln_r2_stf__c(y, dt, j, exclusive ? acc : nx);
          acc = nx;
        }
      }
    }
}
//@end

//@kernel kiln_t_hardmax__c needs kiln_axis_params kiln_r2_access__c
KILN_KERNEL void kiln_t_hardmax__c(const kiln_axis_params *p, int dt, const void *x, void *y) {
  const int64_t N = p->n, I = p->inner;
  for (int64_t o = 0; o < p->outer; o++)
    for (int64_t i = 0; i < I; i++) {
      const int64_t b = o * N * I + i;
      int64_t best = 0;
      for (int64_t j = 1; j < N; j++)
        if (kiln_r2_cmp__c(x, dt, b + j * I, b + best * I) > 0) best = j;
      for (int64_t j = 0; j < N; j++) kiln_r2_stf__c(y, dt, b + j * I, j == best ? 1.0 : 0.0);
    }
}
//@end

//@kernel kiln_t_topk__c needs kiln_axis_params kiln_r2_access__c
/* Insertion into the (strided) output rows: O(n * k) per line, no scratch.
 * Scanning j upwards and inserting after equal values keeps ties in index
 * order. */
KILN_KERNEL void kiln_t_topk__c(const kiln_axis_params *p, int64_t k, int largest, int dt,
                                const void *x, void *vals, int64_t *idx) {
  const int64_t N = p->n, I = p->inner;
  for (int64_t o = 0; o < p->outer; o++)
    for (int64_t i = 0; i < I; i++) {
      const int64_t b = o * N * I + i;
      int64_t *ix = idx + o * k * I + i;
      int64_t m = 0; /* entries held */
      for (int64_t j = 0; j < N; j++) {
        /* position: after every held entry at least as good as j */
        int64_t pos = m;
        while (pos > 0) {
          int c = kiln_r2_cmp__c(x, dt, b + j * I, b + ix[(pos - 1) * I] * I);
          if (!largest) c = -c;
          if (c <= 0) break;
          pos--;
        }
        if (pos >= k) continue;
        int64_t last = m < k ? m : k - 1;
        for (int64_t q = last; q > pos; q--) ix[q * I] = ix[(q - 1) * I];
        ix[pos * I] = j;
        if (m < k) m++;
      }
      for (int64_t q = 0; q < k; q++)
        kiln_r2_mov__c(vals, o * k * I + i + q * I, x, b + ix[q * I] * I, dt);
    }
}
//@end

//@kernel kiln_f32_lppool__c needs kiln_pool_params
/* LpPool over 1, 2 or 3 spatial dims (see kiln_pool_params): taps outside
 * the input are zero padding and add nothing. pn == 1 and 2 avoid pow. */
KILN_KERNEL void kiln_f32_lppool__c(const kiln_pool_params *p, float pn, const float *x,
                                    float *y) {
  const int64_t D = p->in[0], H = p->in[1], W = p->in[2];
  const int64_t OD = p->out[0], OH = p->out[1], OW = p->out[2];
  for (int64_t pl = 0; pl < p->nc; pl++) {
    const float *xp = x + pl * D * H * W;
    float *yp = y + pl * OD * OH * OW;
    for (int64_t od = 0; od < OD; od++)
      for (int64_t oh = 0; oh < OH; oh++)
        for (int64_t ow = 0; ow < OW; ow++) {
          float acc = 0.0f;
          for (int64_t kd = 0; kd < p->k[0]; kd++) {
            const int64_t id = od * p->stride[0] - p->pad[0] + kd * p->dil[0];
            if (id < 0 || id >= D) continue;
            for (int64_t kh = 0; kh < p->k[1]; kh++) {
              const int64_t ih = oh * p->stride[1] - p->pad[1] + kh * p->dil[1];
              if (ih < 0 || ih >= H) continue;
              const float *xr = xp + (id * H + ih) * W;
              for (int64_t kw = 0; kw < p->k[2]; kw++) {
                const int64_t iw = ow * p->stride[2] - p->pad[2] + kw * p->dil[2];
                if (iw < 0 || iw >= W) continue;
                const float v = fabsf(xr[iw]);
                acc += pn == 1.0f ? v : pn == 2.0f ? v * v : powf(v, pn);
              }
            }
          }
          yp[(od * OH + oh) * OW + ow] =
              pn == 1.0f ? acc : pn == 2.0f ? sqrtf(acc) : powf(acc, 1.0f / pn);
        }
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_reduce2_fn_)(void);
extern const kiln_reduce2_fn_ kiln_reduce2_used_[];
const kiln_reduce2_fn_ kiln_reduce2_used_[] = {
    (kiln_reduce2_fn_)kiln_t_reduce2__c, (kiln_reduce2_fn_)kiln_t_argext__c,
    (kiln_reduce2_fn_)kiln_t_cumulative__c, (kiln_reduce2_fn_)kiln_t_hardmax__c,
    (kiln_reduce2_fn_)kiln_t_topk__c, (kiln_reduce2_fn_)kiln_f32_lppool__c};
#endif
