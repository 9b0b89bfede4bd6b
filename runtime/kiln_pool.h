/* kiln_pool.h - a small pthread pool that runs the parallel-for of models
 * compiled with `kiln compile --threads N` (N > 1). Copied into such
 * packages only; single-threaded packages need neither it nor pthreads.
 *
 *   static kiln_pool pool;                          // no allocation
 *   if (kiln_pool_start(&pool, 2) != 0) ...         // 2 threads: the caller + 1 worker
 *   NAME_set_parallel(&ctx, kiln_pool_parallel_for, &pool, 2);
 *   NAME_run(&ctx, in, out);                        // kernels split across both
 *   kiln_pool_stop(&pool);
 *
 * kiln_pool_parallel_for hands tasks [0, n) out in small chunks from a
 * shared counter: the calling thread (worker 0) and every worker that
 * wakes in time take chunks until none are left, so a worker the OS has
 * not scheduled yet delays nothing (the caller cancels its turn and does
 * its share). Between jobs a worker spins briefly (consecutive kernels
 * follow each other within microseconds), then sleeps on a condition
 * variable. One pool serves one run at a time.
 */
#ifndef KILN_POOL_H
#define KILN_POOL_H

#include <pthread.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KILN_POOL_MAX 64

typedef struct kiln_pool kiln_pool;

typedef struct kiln_pool_worker {
  kiln_pool *pool;
  int index;
} kiln_pool_worker;

struct kiln_pool {
  int threads;  /* the caller + threads - 1 workers */
  int started;  /* workers created */
  pthread_t tid[KILN_POOL_MAX];
  kiln_pool_worker self[KILN_POOL_MAX];
  pthread_mutex_t mu;
  pthread_cond_t wake; /* sleeping workers wait here for a new generation */
  void (*fn)(void *arg, int64_t t0, int64_t t1, int worker);
  void *arg;
  int64_t n, chunk;
  int64_t next;      /* first task not yet handed out */
  unsigned long gen; /* job generation: a worker looks for work when it changes */
  int slot[KILN_POOL_MAX]; /* per worker: KILN_POOL_POSTED, _RUNNING, _DONE, _CANCELLED */
  int stop;
};

/* Starts threads - 1 workers (1 <= threads <= KILN_POOL_MAX). Returns 0,
 * or -1 (threads out of range, or a thread could not be created: then
 * nothing is left running). */
int kiln_pool_start(kiln_pool *pool, int threads);

/* Ends the workers; the pool can be started again. */
void kiln_pool_stop(kiln_pool *pool);

/* The parallel-for hook for NAME_set_parallel (pool is a kiln_pool *). */
void kiln_pool_parallel_for(void *pool, void (*fn)(void *arg, int64_t t0, int64_t t1, int worker),
                            void *arg, int64_t n);

#ifdef __cplusplus
}
#endif

#endif
