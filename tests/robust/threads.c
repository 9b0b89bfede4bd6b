/* threads.c - two contexts of one generated model, run at the same time on
 * two threads with different inputs, must give bit-identical results to the
 * same runs done one after the other (no hidden shared state in NAME_run).
 *
 * With -DPOOL (a package compiled with --threads 2) each of the two
 * concurrent contexts also splits its kernels over its own kiln_pool of
 * two threads, four threads in all; the serial runs stay on one thread.
 *
 * Built by threads.sh against any package: -DM=prefix -include M.h.
 * usage: threads BLOB [ITERS]   exit 0 = identical, 1 = differ, 2 = error */
#include <pthread.h>
#ifdef POOL
#include "kiln_pool.h"
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define FN(x) CAT(M, x)
typedef FN(_ctx) model_ctx;

static unsigned char *blob;
static size_t blob_len;
static int iters = 20;

typedef struct job {
  model_ctx ctx;
  void *arena;
  void *in[16];
  void *out[16];   /* results of the last iteration */
  int seed, rc;
#ifdef POOL
  kiln_pool pool;
  int pooled;
#endif
} job;

/* Deterministic inputs from a seed: small floats, or small non-negative
 * integers (valid indices) for integer inputs. */
static void fill(void *p, const FN(_tensor_info) *t, int seed) {
  size_t n = t->bytes;
  uint32_t s = 2463534242u + (uint32_t)seed * 7919u;
  unsigned char *b = p;
  if (t->dtype == 1) {
    for (size_t i = 0; i + 4 <= n; i += 4) {
      s ^= s << 13, s ^= s >> 17, s ^= s << 5;
      float v = (float)(s % 2001) / 1000.0f - 1.0f;
      memcpy(b + i, &v, 4);
    }
  } else {
    memset(b, 0, n);
  }
}

static int setup(job *j, int seed) {
  memset(j, 0, sizeof *j);
  j->seed = seed;
  size_t ab = FN(_arena_bytes)();
  j->arena = aligned_alloc(64, ab ? (ab + 63) / 64 * 64 : 64);
  if (!j->arena) return -1;
  if (FN(_init)(&j->ctx, j->arena, ab, blob, blob_len) != 0) return -1;
  for (int i = 0; FN(_inputs)[i].name; i++) {
    j->in[i] = malloc(FN(_inputs)[i].bytes + 1);
    fill(j->in[i], &FN(_inputs)[i], seed + i);
  }
  for (int i = 0; FN(_outputs)[i].name; i++) j->out[i] = calloc(1, FN(_outputs)[i].bytes + 1);
  return 0;
}

static void *work(void *arg) {
  job *j = arg;
  for (int k = 0; k < iters && j->rc == 0; k++)
    j->rc = FN(_run)(&j->ctx, (const void *const *)j->in, j->out);
  return NULL;
}

static int same(const job *a, const job *b) {
  for (int i = 0; FN(_outputs)[i].name; i++)
    if (memcmp(a->out[i], b->out[i], FN(_outputs)[i].bytes)) return 0;
  return 1;
}

static void release(job *j) {
  for (int i = 0; i < 16; i++) free(j->in[i]), free(j->out[i]);
  free(j->arena);
#ifdef POOL
  if (j->pooled) kiln_pool_stop(&j->pool);
#endif
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  if (argc > 2) iters = atoi(argv[2]);
  FILE *f = fopen(argv[1], "rb");
  if (!f) return 2;
  fseek(f, 0, SEEK_END);
  blob_len = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  blob = aligned_alloc(64, (blob_len + 63) / 64 * 64);
  if (!blob || fread(blob, 1, blob_len, f) != blob_len) return 2;
  fclose(f);

  job serial[2], par[2];
  for (int t = 0; t < 2; t++) {
    if (setup(&serial[t], 100 * t + 1) || setup(&par[t], 100 * t + 1)) { puts("init failed"); return 2; }
    work(&serial[t]); /* one after the other */
  }
#ifdef POOL
  for (int t = 0; t < 2; t++) {
    if (kiln_pool_start(&par[t].pool, 2) != 0) { puts("pool start failed"); return 2; }
    par[t].pooled = 1;
    if (FN(_set_parallel)(&par[t].ctx, kiln_pool_parallel_for, &par[t].pool, 2) != 0) {
      puts("set_parallel failed");
      return 2;
    }
  }
#endif
  pthread_t th[2];
  for (int t = 0; t < 2; t++)
    if (pthread_create(&th[t], NULL, work, &par[t])) return 2;
  for (int t = 0; t < 2; t++) pthread_join(th[t], NULL);
  int ok = 1;
  for (int t = 0; t < 2; t++) {
    if (serial[t].rc || par[t].rc) { printf("run failed: %d %d\n", serial[t].rc, par[t].rc); return 2; }
    if (!same(&serial[t], &par[t])) { printf("thread %d: outputs differ from the serial run\n", t); ok = 0; }
  }
  /* the two inputs differ, so the two outputs should too (else the test
   * proves nothing) */
  if (same(&serial[0], &serial[1])) { puts("the two inputs gave the same outputs: test is vacuous"); return 2; }
  for (int t = 0; t < 2; t++) release(&serial[t]), release(&par[t]);
  free(blob);
  return ok ? 0 : 1;
}
