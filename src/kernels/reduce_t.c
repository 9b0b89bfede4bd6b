/* reduce_t.c - reductions over float16 / bfloat16 / float64 storage,
 * portable C. Output-major: for each output element (odometer over the kept
 * dims) the reduced dims are walked with their element strides and the
 * values accumulated in double; each result is rounded once. */
#include "kiln_kernels.h"
#include "reduce.h"
#include "attention.h"
#include "reduce_t.h"

//@kernel kiln_t_reduce__c needs kiln_reduce_params kiln_attn_elem__c
KILN_KERNEL void kiln_t_reduce__c(const kiln_reduce_params *p, int op, int et, const void *x,
                                  void *y) {
  int64_t st[KILN_MAX_RANK], kd[KILN_MAX_RANK], ks[KILN_MAX_RANK], rd[KILN_MAX_RANK],
      rs[KILN_MAX_RANK];
  int nk = 0, nr = 0;
  int64_t s = 1, onum = 1, rnum = 1;
  for (int k = p->rank - 1; k >= 0; k--) {
    st[k] = s;
    s *= p->dims[k];
  }
  for (int k = 0; k < p->rank; k++) {
    if ((p->mask >> k) & 1u) {
      rd[nr] = p->dims[k];
      rs[nr++] = st[k];
      rnum *= p->dims[k];
    } else {
      kd[nk] = p->dims[k];
      ks[nk++] = st[k];
      onum *= p->dims[k];
    }
  }
  for (int64_t o = 0; o < onum; o++) {
    int64_t base = 0, q = o;
    for (int k = nk - 1; k >= 0; k--) {
      base += (q % kd[k]) * ks[k];
      q /= kd[k];
    }
    double acc = op == 4 ? 1.0 : op == 2 ? -INFINITY : op == 3 ? INFINITY : 0.0;
    for (int64_t r = 0; r < rnum; r++) {
      int64_t off = base, t = r;
      for (int k = nr - 1; k >= 0; k--) {
        off += (t % rd[k]) * rs[k];
        t /= rd[k];
      }
      const double v = et == 3 ? ((const double *)x)[off] : (double)kiln_attn_ld__c(x, off, et);
      if (op == 2) acc = v > acc || v != v ? v : acc;
      else if (op == 3) acc = v < acc || v != v ? v : acc;
      else if (op == 4) acc *= v;
      else acc += v;
    }
    if (op == 1) acc = p->count ? acc / (double)p->count : NAN;
    if (et == 3) ((double *)y)[o] = acc;
    else kiln_attn_st__c(y, o, et, (float)acc);
  }
}
//@end
