/* kiln_pool.c - the pthread pool of kiln_pool.h. Build with -pthread.
 *
 * A job: the caller stores fn, arg, n, resets the task counter, marks
 * every worker's slot POSTED and bumps the generation. A worker that sees
 * the new generation claims its slot (POSTED -> RUNNING), takes chunks of
 * tasks until the counter passes n, and marks the slot DONE. The caller
 * takes chunks too; when none are left it cancels the slots still POSTED
 * (workers that have not started: they will skip this job) and waits only
 * for the RUNNING ones, each finishing the chunk it holds.
 */
#define _POSIX_C_SOURCE 200809L
#include "kiln_pool.h"

#include <sched.h>
#include <string.h>

enum { KILN_POOL_POSTED = 1, KILN_POOL_RUNNING, KILN_POOL_DONE, KILN_POOL_CANCELLED };

/* Spin iterations before a waiting worker sleeps (a few milliseconds),
 * longer than the gap between two kernels of one run. Past the first
 * KILN_POOL_SPIN_HOT a spin also yields the core, so that on a machine
 * with more runnable threads than cores the others get to run. */
#define KILN_POOL_SPIN 6000
#define KILN_POOL_SPIN_HOT 2000

static void kiln_pool_relax(int s) {
  if (s >= KILN_POOL_SPIN_HOT) {
    sched_yield();
    return;
  }
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/* Takes chunks of the current job until none are left. */
static void kiln_pool_work(kiln_pool *p, int w) {
  for (;;) {
    const int64_t t0 = __atomic_fetch_add(&p->next, p->chunk, __ATOMIC_RELAXED);
    if (t0 >= p->n) return;
    p->fn(p->arg, t0, t0 + p->chunk < p->n ? t0 + p->chunk : p->n, w);
  }
}

static void *kiln_pool_main(void *arg) {
  kiln_pool_worker *me = (kiln_pool_worker *)arg;
  kiln_pool *p = me->pool;
  unsigned long seen = 0;
  for (;;) {
    unsigned long g = __atomic_load_n(&p->gen, __ATOMIC_ACQUIRE);
    for (int s = 0; g == seen && s < KILN_POOL_SPIN; s++) {
      kiln_pool_relax(s);
      g = __atomic_load_n(&p->gen, __ATOMIC_ACQUIRE);
    }
    if (g == seen) {
      pthread_mutex_lock(&p->mu);
      while (__atomic_load_n(&p->gen, __ATOMIC_ACQUIRE) == seen) pthread_cond_wait(&p->wake, &p->mu);
      g = __atomic_load_n(&p->gen, __ATOMIC_ACQUIRE);
      pthread_mutex_unlock(&p->mu);
    }
    seen = g;
    if (__atomic_load_n(&p->stop, __ATOMIC_ACQUIRE)) return NULL;
    int expect = KILN_POOL_POSTED; /* fails if the caller cancelled this turn */
    if (__atomic_compare_exchange_n(&p->slot[me->index], &expect, KILN_POOL_RUNNING, 0, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
      kiln_pool_work(p, me->index);
      __atomic_store_n(&p->slot[me->index], KILN_POOL_DONE, __ATOMIC_RELEASE);
    }
  }
}

int kiln_pool_start(kiln_pool *p, int threads) {
  if (!p || threads < 1 || threads > KILN_POOL_MAX) return -1;
  memset(p, 0, sizeof *p);
  p->threads = threads;
  if (pthread_mutex_init(&p->mu, NULL) != 0) return -1;
  if (pthread_cond_init(&p->wake, NULL) != 0) {
    pthread_mutex_destroy(&p->mu);
    return -1;
  }
  for (int w = 1; w < threads; w++) {
    p->self[w].pool = p;
    p->self[w].index = w;
    if (pthread_create(&p->tid[w], NULL, kiln_pool_main, &p->self[w]) != 0) {
      kiln_pool_stop(p);
      return -1;
    }
    p->started = w;
  }
  return 0;
}

static void kiln_pool_post(kiln_pool *p) {
  pthread_mutex_lock(&p->mu);
  __atomic_add_fetch(&p->gen, 1, __ATOMIC_ACQ_REL);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->mu);
}

void kiln_pool_stop(kiln_pool *p) {
  if (!p || p->threads < 1) return;
  __atomic_store_n(&p->stop, 1, __ATOMIC_RELEASE);
  kiln_pool_post(p);
  for (int w = 1; w <= p->started; w++) pthread_join(p->tid[w], NULL);
  pthread_cond_destroy(&p->wake);
  pthread_mutex_destroy(&p->mu);
  p->threads = 0;
  p->started = 0;
}

void kiln_pool_parallel_for(void *pool, void (*fn)(void *arg, int64_t t0, int64_t t1, int worker),
                            void *arg, int64_t n) {
  kiln_pool *p = (kiln_pool *)pool;
  if (n <= 0) return;
  if (!p || p->threads <= 1 || n == 1) {
    fn(arg, 0, n, 0);
    return;
  }
  p->fn = fn;
  p->arg = arg;
  p->n = n;
  p->chunk = n / (4 * (int64_t)p->threads); /* a few chunks per thread evens out the load */
  if (p->chunk < 1) p->chunk = 1;
  __atomic_store_n(&p->next, 0, __ATOMIC_RELAXED);
  for (int w = 1; w < p->threads; w++) __atomic_store_n(&p->slot[w], KILN_POOL_POSTED, __ATOMIC_RELEASE);
  kiln_pool_post(p);
  kiln_pool_work(p, 0);
  for (int w = 1; w < p->threads; w++) {
    int expect = KILN_POOL_POSTED;
    if (__atomic_compare_exchange_n(&p->slot[w], &expect, KILN_POOL_CANCELLED, 0, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
      continue; /* not started: it will skip this job */
    for (int s = 0; __atomic_load_n(&p->slot[w], __ATOMIC_ACQUIRE) != KILN_POOL_DONE; s++)
      kiln_pool_relax(s < KILN_POOL_SPIN_HOT ? s : KILN_POOL_SPIN_HOT); /* it holds one chunk */
  }
}
