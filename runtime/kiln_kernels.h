/* kiln_kernels.h - shared types for kiln kernels.
 *
 * Copied verbatim into every generated package, and included by the kiln
 * compiler itself (with KILN_HOST defined), so the kernels that constant
 * folding runs at compile time are the very ones the package runs.
 * C99, no allocation, only <stddef.h>, <stdint.h>, <string.h>, <math.h>.
 */
#ifndef KILN_KERNELS_H
#define KILN_KERNELS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

#ifndef KILN_KERNEL
#ifdef KILN_HOST
#define KILN_KERNEL
#else
#define KILN_KERNEL static
#endif
#endif

#if defined(__GNUC__)
#define KILN_RESTRICT __restrict__
#else
#define KILN_RESTRICT
#endif

#define KILN_MAX_RANK 8

/* Fused activation, applied in producers' epilogues. Kinds mirror ir_act. */
enum {
  KILN_ACT_NONE = 0, KILN_ACT_RELU, KILN_ACT_CLIP, KILN_ACT_SIGMOID, KILN_ACT_LEAKY_RELU,
  KILN_ACT_HARD_SIGMOID, KILN_ACT_HARD_SWISH, KILN_ACT_TANH,
  KILN_ACT_SILU /* x * sigmoid(x): a Sigmoid and a Mul fused by pass_fuse_silu */
};

typedef struct kiln_act {
  int kind;
  float alpha, beta; /* CLIP: min, max; LEAKY_RELU: alpha; HARD_SIGMOID: alpha, beta */
} kiln_act;

static inline float kiln_act_apply(const kiln_act *a, float v) {
  switch (a->kind) {
  case KILN_ACT_RELU: return v > 0.0f ? v : 0.0f;
  case KILN_ACT_CLIP: { /* min first: with min > max the spec gives max */
    float y = v < a->alpha ? a->alpha : v;
    return y > a->beta ? a->beta : y;
  }
  case KILN_ACT_SIGMOID: /* never exponentiate a large positive number */
    if (v >= 0.0f) return 1.0f / (1.0f + expf(-v));
    else { float e = expf(v); return e / (1.0f + e); }
  case KILN_ACT_LEAKY_RELU: return v >= 0.0f ? v : v * a->alpha;
  case KILN_ACT_HARD_SIGMOID: {
    float y = a->alpha * v + a->beta;
    return y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y);
  }
  case KILN_ACT_HARD_SWISH: {
    float y = (1.0f / 6.0f) * v + 0.5f; /* the spec's alpha = 1/6, beta = 0.5 */
    return v * (y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y));
  }
  case KILN_ACT_TANH: return tanhf(v);
  case KILN_ACT_SILU: /* as Mul(x, Sigmoid(x)): the sigmoid rounded to float first */
    if (v >= 0.0f) return v * (1.0f / (1.0f + expf(-v)));
    else { float e = expf(v); return v * (e / (1.0f + e)); }
  default: return v;
  }
}

/* Parallel-for hook. A kernel that splits its work into n independent
 * tasks calls kiln_par_for(par, n, fn, arg): fn(arg, t0, t1, worker) then
 * runs tasks [t0, t1). par->run (the app's parallel-for, given to
 * NAME_set_parallel) must call fn over disjoint ranges that together cover
 * [0, n), with worker ids in [0, par->threads) of which no two run at once,
 * and return when all calls have returned. The worker id picks a slice of
 * per-worker scratch. par NULL, run NULL or threads 1: fn(arg, 0, n, 0) on
 * the calling thread, so a single-threaded build needs no pool. Tasks
 * never split a reduction, so results do not depend on the thread count. */
typedef void (*kiln_task_fn)(void *arg, int64_t t0, int64_t t1, int worker);
typedef struct kiln_par {
  void (*run)(void *pool, kiln_task_fn fn, void *arg, int64_t n);
  void *pool;
  int threads;
} kiln_par;

static inline int kiln_par_threads(const kiln_par *par) {
  return par && par->run && par->threads > 1 ? par->threads : 1;
}

static inline void kiln_par_for(const kiln_par *par, int64_t n, kiln_task_fn fn, void *arg) {
  if (n <= 0) return;
  if (n > 1 && kiln_par_threads(par) > 1) par->run(par->pool, fn, arg, n);
  else fn(arg, 0, n, 0);
}

/* Broadcast iteration descriptor for elementwise ops: output shape plus,
 * per input, element strides (0 on broadcast dims). The compiler coalesces
 * it (drops size-1 dims, merges contiguous ones), so 1 <= rank <= KILN_MAX_RANK. */
typedef struct kiln_bcast {
  int rank;
  int64_t n;                       /* output element count */
  int64_t dims[KILN_MAX_RANK];
  int64_t stride[3][KILN_MAX_RANK]; /* up to 3 inputs (Where) */
} kiln_bcast;

#endif
