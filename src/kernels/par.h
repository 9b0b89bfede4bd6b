/* par.h - elementwise kernels split across the run's threads.
 *
 * A package compiled with --threads N > 1 runs its large float32 unary and
 * binary elementwise nodes through these wrappers: the output is cut into
 * blocks of about KILN_PAR_GRAIN elements (binary ops: whole slices along
 * the broadcast's outermost dim), and kiln_par_for hands the blocks to the
 * threads. Every element is computed by the same kernel code as in a
 * single-threaded run, so results are the same bits. In place is safe: a
 * block reads and writes only its own elements (a broadcast input is
 * never an output).
 */
#ifndef KILN_KERNELS_PAR_H
#define KILN_KERNELS_PAR_H

#include "kiln_kernels.h"
#include "copy.h"

//@kernel kiln_f32_map_par
#define KILN_PAR_GRAIN 16384

typedef void (*kiln_f32_map_fn)(int64_t n, const float *x, float *y);
typedef struct kiln_f32_map_job {
  kiln_f32_map_fn fn;
  const float *x;
  float *y;
  int64_t n;
} kiln_f32_map_job;

static void kiln_f32_map_task(void *arg, int64_t t0, int64_t t1, int worker) {
  const kiln_f32_map_job *j = (const kiln_f32_map_job *)arg;
  const int64_t lo = t0 * KILN_PAR_GRAIN, hi = t1 * KILN_PAR_GRAIN < j->n ? t1 * KILN_PAR_GRAIN : j->n;
  (void)worker;
  j->fn(hi - lo, j->x + lo, j->y + lo);
}

/* fn(n, x, y) in blocks across par's threads. */
static inline void kiln_f32_map_par(const kiln_par *par, kiln_f32_map_fn fn, int64_t n, const float *x,
                                    float *y) {
  kiln_f32_map_job j;
  j.fn = fn;
  j.x = x;
  j.y = y;
  j.n = n;
  kiln_par_for(par, (n + KILN_PAR_GRAIN - 1) / KILN_PAR_GRAIN, kiln_f32_map_task, &j);
}
//@end

//@kernel kiln_f32_binary_par needs kiln_f32_map_par
typedef void (*kiln_f32_binary_fn)(const kiln_bcast *bc, const float *x0, const float *x1, float *y);
typedef struct kiln_f32_binary_job {
  kiln_f32_binary_fn fn;
  const kiln_bcast *bc;
  const float *x0, *x1;
  float *y;
  int64_t rows; /* slices of the outermost dim per task */
} kiln_f32_binary_job;

static void kiln_f32_binary_task(void *arg, int64_t t0, int64_t t1, int worker) {
  const kiln_f32_binary_job *j = (const kiln_f32_binary_job *)arg;
  const kiln_bcast *bc = j->bc;
  const int64_t d0 = bc->dims[0], per = bc->n / d0; /* elements per slice */
  const int64_t lo = t0 * j->rows, hi = t1 * j->rows < d0 ? t1 * j->rows : d0;
  kiln_bcast sub = *bc;
  (void)worker;
  sub.dims[0] = hi - lo;
  sub.n = (hi - lo) * per;
  j->fn(&sub, j->x0 + lo * bc->stride[0][0], j->x1 + lo * bc->stride[1][0], j->y + lo * per);
}

/* fn(bc, x0, x1, y) split along bc's outermost dim across par's threads. */
static inline void kiln_f32_binary_par(const kiln_par *par, kiln_f32_binary_fn fn, const kiln_bcast *bc,
                                       const float *x0, const float *x1, float *y) {
  kiln_f32_binary_job j;
  const int64_t d0 = bc->rank > 0 ? bc->dims[0] : 1, per = d0 > 0 ? bc->n / d0 : 0;
  j.fn = fn;
  j.bc = bc;
  j.x0 = x0;
  j.x1 = x1;
  j.y = y;
  j.rows = per >= KILN_PAR_GRAIN ? 1 : (KILN_PAR_GRAIN + per - 1) / (per > 0 ? per : 1);
  if (bc->n <= 0 || bc->rank < 1) return;
  kiln_par_for(par, (d0 + j.rows - 1) / j.rows, kiln_f32_binary_task, &j);
}
//@end

//@kernel kiln_copy_nd_par needs kiln_copy_nd__c
/* kiln_copy_nd__c split along the copy's outermost axis (Concat, Transpose):
 * each task copies a slab of whole rows of that axis, ~64 KiB or more. */
typedef struct kiln_copy_job {
  const kiln_copy_params *p;
  const void *x;
  void *y;
  int64_t rows; /* indices of axis 0 per task */
} kiln_copy_job;

static void kiln_copy_task(void *arg, int64_t t0, int64_t t1, int worker) {
  const kiln_copy_job *j = (const kiln_copy_job *)arg;
  kiln_copy_params sub = *j->p;
  const int64_t lo = t0 * j->rows, hi = t1 * j->rows < sub.dims[0] ? t1 * j->rows : sub.dims[0];
  (void)worker;
  sub.dims[0] = hi - lo;
  sub.xoff += lo * sub.xs[0];
  sub.yoff += lo * sub.ys[0];
  kiln_copy_nd__c(&sub, j->x, j->y);
}

static inline void kiln_copy_nd_par(const kiln_par *par, const kiln_copy_params *p, const void *x, void *y) {
  kiln_copy_job j;
  int64_t row = p->elem; /* bytes per index of axis 0 */
  for (int k = 1; k < p->rank; k++) row *= p->dims[k];
  if (p->rank < 1 || p->dims[0] <= 0 || row <= 0) {
    kiln_copy_nd__c(p, x, y);
    return;
  }
  j.p = p;
  j.x = x;
  j.y = y;
  j.rows = row >= 65536 ? 1 : (65536 + row - 1) / row;
  kiln_par_for(par, (p->dims[0] + j.rows - 1) / j.rows, kiln_copy_task, &j);
}
//@end

#endif
