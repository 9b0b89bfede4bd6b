/* kiln_pool.c - the pthread pool of kiln_pool.h. Build with -pthread. */
#define _POSIX_C_SOURCE 200809L
#include "kiln_pool.h"

#include <sched.h>
#include <string.h>

/* Spin iterations before a waiting thread sleeps (a few milliseconds),
 * longer than the gap between two kernels of one run. Past the first
 * KILN_POOL_SPIN_HOT a spin also yields the core, so that on a machine
 * with more runnable threads than cores the thread being waited for gets
 * to run. */
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

/* Range w of `threads` contiguous ranges over [0, n). */
static void kiln_pool_range(int64_t n, int threads, int w, int64_t *lo, int64_t *hi) {
  *lo = n * w / threads;
  *hi = n * (w + 1) / threads;
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
    int64_t lo, hi;
    kiln_pool_range(p->n, p->threads, me->index, &lo, &hi);
    if (lo < hi) p->fn(p->arg, lo, hi, me->index);
    if (__atomic_sub_fetch(&p->pending, 1, __ATOMIC_ACQ_REL) == 0) {
      pthread_mutex_lock(&p->mu);
      pthread_cond_signal(&p->done);
      pthread_mutex_unlock(&p->mu);
    }
  }
}

/* Publishes a new generation and wakes the sleepers. */
static void kiln_pool_post(kiln_pool *p) {
  pthread_mutex_lock(&p->mu);
  __atomic_add_fetch(&p->gen, 1, __ATOMIC_ACQ_REL);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->mu);
}

static void kiln_pool_wait(kiln_pool *p) {
  for (int s = 0; __atomic_load_n(&p->pending, __ATOMIC_ACQUIRE) != 0 && s < KILN_POOL_SPIN; s++)
    kiln_pool_relax(s);
  if (__atomic_load_n(&p->pending, __ATOMIC_ACQUIRE) != 0) {
    pthread_mutex_lock(&p->mu);
    while (__atomic_load_n(&p->pending, __ATOMIC_ACQUIRE) != 0) pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
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
  if (pthread_cond_init(&p->done, NULL) != 0) {
    pthread_cond_destroy(&p->wake);
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

void kiln_pool_stop(kiln_pool *p) {
  if (!p || p->threads < 1) return;
  __atomic_store_n(&p->stop, 1, __ATOMIC_RELEASE);
  kiln_pool_post(p);
  for (int w = 1; w <= p->started; w++) pthread_join(p->tid[w], NULL);
  pthread_cond_destroy(&p->done);
  pthread_cond_destroy(&p->wake);
  pthread_mutex_destroy(&p->mu);
  p->threads = 0;
  p->started = 0;
}

void kiln_pool_parallel_for(void *pool, void (*fn)(void *arg, int64_t t0, int64_t t1, int worker),
                            void *arg, int64_t n) {
  kiln_pool *p = (kiln_pool *)pool;
  int64_t lo, hi;
  if (n <= 0) return;
  if (!p || p->threads <= 1 || n == 1) {
    fn(arg, 0, n, 0);
    return;
  }
  p->fn = fn;
  p->arg = arg;
  p->n = n;
  __atomic_store_n(&p->pending, p->threads - 1, __ATOMIC_RELEASE);
  kiln_pool_post(p);
  kiln_pool_range(n, p->threads, 0, &lo, &hi);
  if (lo < hi) fn(arg, lo, hi, 0);
  kiln_pool_wait(p);
}
