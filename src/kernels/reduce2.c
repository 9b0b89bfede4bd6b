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
#include "binary.h" /* kiln_half */
#include "unary.h"  /* kiln_bfloat16 */

//@kernel kiln_r2_access__c needs kiln_half kiln_bfloat16
/* dtype codes (ONNX): 1 float32, 11 float64, 10 float16, 16 bfloat16,
 * 2 uint8, 3 int8, 4 uint16, 5 int16, 6 int32, 7 int64, 9 bool, 12 uint32,
 * 13 uint64. float16/bfloat16 are read as float and stored rounded to
 * nearest even once. */
static inline int kiln_r2_isint__c(int dt) { return dt != 1 && dt != 11 && dt != 10 && dt != 16; }

static inline size_t kiln_r2_size__c(int dt) {
  switch (dt) {
  case 2: case 3: case 9: return 1;
  case 4: case 5: case 10: case 16: return 2;
  case 7: case 11: case 13: return 8;
  default: return 4;
  }
}

static inline double kiln_r2_ldf__c(const void *p, int dt, int64_t i) {
  switch (dt) {
  case 11: return ((const double *)p)[i];
  case 10: return (double)kiln_half_to_float(((const uint16_t *)p)[i]);
  case 16: return (double)kiln_bf16_to_float(((const uint16_t *)p)[i]);
  case 2: case 9: return (double)((const uint8_t *)p)[i];
  case 3: return (double)((const int8_t *)p)[i];
  case 4: return (double)((const uint16_t *)p)[i];
  case 5: return (double)((const int16_t *)p)[i];
  case 6: return (double)((const int32_t *)p)[i];
  case 7: return (double)((const int64_t *)p)[i];
  case 12: return (double)((const uint32_t *)p)[i];
  case 13: return (double)((const uint64_t *)p)[i];
  default: return (double)((const float *)p)[i];
  }
}

static inline int64_t kiln_r2_ldi__c(const void *p, int dt, int64_t i) {
  switch (dt) {
  case 2: case 9: return ((const uint8_t *)p)[i];
  case 3: return ((const int8_t *)p)[i];
  case 4: return ((const uint16_t *)p)[i];
  case 5: return ((const int16_t *)p)[i];
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
  case 10: ((uint16_t *)p)[i] = kiln_float_to_half((float)v); break;
  case 16: ((uint16_t *)p)[i] = kiln_float_to_bf16((float)v); break;
  case 2: ((uint8_t *)p)[i] = (uint8_t)v; break;
  case 9: ((uint8_t *)p)[i] = (uint8_t)(v != 0.0); break;
  case 3: ((int8_t *)p)[i] = (int8_t)v; break;
  case 4: ((uint16_t *)p)[i] = (uint16_t)v; break;
  case 5: ((int16_t *)p)[i] = (int16_t)v; break;
  case 6: ((int32_t *)p)[i] = (int32_t)v; break;
  case 7: ((int64_t *)p)[i] = (int64_t)v; break;
  case 12: ((uint32_t *)p)[i] = (uint32_t)v; break;
  case 13: ((uint64_t *)p)[i] = (uint64_t)v; break;
  default: ((float *)p)[i] = (float)v; break;
  }
}

/* Integers wrap to the element width (two's complement), as numpy does. */
static inline void kiln_r2_sti__c(void *p, int dt, int64_t i, int64_t v) {
  switch (dt) {
  case 2: ((uint8_t *)p)[i] = (uint8_t)v; break;
  case 9: ((uint8_t *)p)[i] = (uint8_t)(v != 0); break;
  case 3: ((int8_t *)p)[i] = (int8_t)(uint8_t)v; break;
  case 4: ((uint16_t *)p)[i] = (uint16_t)v; break;
  case 5: ((int16_t *)p)[i] = (int16_t)(uint16_t)v; break;
  case 6: ((int32_t *)p)[i] = (int32_t)(uint32_t)v; break;
  case 7: ((int64_t *)p)[i] = v; break;
  case 12: ((uint32_t *)p)[i] = (uint32_t)v; break;
  case 13: ((uint64_t *)p)[i] = (uint64_t)v; break;
  default: kiln_r2_stf__c(p, dt, i, (double)v); break;
  }
}

/* Copies element i of a to element j of b (same dtype). */
static inline void kiln_r2_mov__c(void *b, int64_t j, const void *a, int64_t i, int dt) {
  const size_t sz = kiln_r2_size__c(dt); /* memcpy: no aliasing issue */
  memcpy((unsigned char *)b + (size_t)j * sz, (const unsigned char *)a + (size_t)i * sz, sz);
}

/* a[i] > a[j]: 1, a[i] < a[j]: -1, else 0 (NaN compares equal). */
static inline int kiln_r2_cmp__c(const void *a, int dt, int64_t i, int64_t j) {
  switch (dt) {
  case 2: case 3: case 4: case 5: case 6: case 7: case 9: {
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
/* The smallest / largest value of an integer dtype (uint64: as int64 bits). */
static inline int64_t kiln_r2_ilo__c(int dt) {
  switch (dt) {
  case 3: return INT8_MIN;
  case 5: return INT16_MIN;
  case 6: return INT32_MIN;
  case 7: return INT64_MIN;
  default: return 0; /* unsigned, bool */
  }
}

static inline int64_t kiln_r2_ihi__c(int dt) {
  switch (dt) {
  case 2: return UINT8_MAX;
  case 3: return INT8_MAX;
  case 4: return UINT16_MAX;
  case 5: return INT16_MAX;
  case 6: return INT32_MAX;
  case 9: return 1;
  case 12: return UINT32_MAX;
  case 13: return -1; /* UINT64_MAX */
  default: return INT64_MAX;
  }
}

/* Integer max (is_min = 0) / min of a and b in dtype dt. */
static inline int64_t kiln_r2_iext__c(int dt, int is_min, int64_t a, int64_t b) {
  const int gt = dt == 13 ? (uint64_t)b > (uint64_t)a : b > a;
  const int lt = dt == 13 ? (uint64_t)b < (uint64_t)a : b < a;
  return (is_min ? lt : gt) ? b : a;
}

/* op: KILN_RED2_* (reduce2.h). An empty reduction gives 0 (L1, L2,
 * SumSquare, Sum), -inf (LogSum, LogSumExp), the dtype's lowest / highest
 * value (Max / Min; -inf / +inf for floats, false / true for bool), 1
 * (Prod) or NaN (Mean of floats; 0 for integers). Floats accumulate in
 * double and are rounded once; integers wrap like numpy; Max/Min propagate
 * NaN. */
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
    double mx = -INFINITY;
    double acc = op == 9 ? 1.0 : op == 7 ? -INFINITY : op == 8 ? INFINITY : 0.0;
    int64_t iacc = op == 9 ? 1 : op == 7 ? kiln_r2_ilo__c(dt) : op == 8 ? kiln_r2_ihi__c(dt) : 0;
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
      if (is_int && op != 1 && op != 2 && op != 3) {
        for (int64_t j = 0; j < inner; j++) {
          const int64_t v = kiln_r2_ldi__c(x, dt, b + j * istr);
          switch (op) {
          case 0: iacc = (int64_t)((uint64_t)iacc + (v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v)); break;
          case 4: iacc = (int64_t)((uint64_t)iacc + (uint64_t)v * (uint64_t)v); break;
          case 7: iacc = kiln_r2_iext__c(dt, 0, iacc, v); break;
          case 8: iacc = kiln_r2_iext__c(dt, 1, iacc, v); break;
          case 9: iacc = (int64_t)((uint64_t)iacc * (uint64_t)v); break;
          default: iacc = (int64_t)((uint64_t)iacc + (uint64_t)v); break; /* sum, mean */
          }
        }
      } else {
        for (int64_t j = 0; j < inner; j++) {
          const double v = kiln_r2_ldf__c(x, dt, b + j * istr);
          switch (op) {
          case 0: acc += fabs(v); break;
          case 2: case 5: case 6: acc += v; break;
          case 3: acc += exp(v - mx); break;
          case 7: if (v > acc || v != v) acc = v; break;
          case 8: if (v < acc || v != v) acc = v; break;
          case 9: acc *= v; break;
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
    if (is_int && op != 1 && op != 2 && op != 3) {
      if (op == 6) /* mean: truncating division in the element's signedness */
        iacc = cnt == 0 ? 0 : dt == 13 ? (int64_t)((uint64_t)iacc / (uint64_t)cnt) : iacc / cnt;
      kiln_r2_sti__c(y, dt, o, iacc);
    } else {
      double v = acc;
      if (op == 1) v = sqrt(acc);
      else if (op == 2) v = log(acc);
      else if (op == 3) v = log(acc) + mx;
      else if (op == 6) v = acc / (double)cnt;
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
