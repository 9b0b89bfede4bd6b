/* digits_app.c - the kiln demo: classify the held-out digits with the
 * library kiln generated from demo/digits.onnx, and compare with PyTorch.
 *
 *   digits_app digits.weights digits_test.bin digits_torch.txt
 *
 * Prints accuracy, agreement with PyTorch's predictions on the same
 * samples, median per-inference latency and the arena size. Uses only the
 * generated C API (digits.h): no allocation inside the model. */
#define _POSIX_C_SOURCE 200112L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "digits.h"

static void *load(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  long n;
  void *p = NULL;
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
      posix_memalign(&p, 64, (size_t)n + 1) == 0) {
    if (n > 0 && fread(p, 1, (size_t)n, f) != (size_t)n) { free(p); p = NULL; }
    else { ((char *)p)[n] = 0; *len = (size_t)n; }
  }
  fclose(f);
  return p;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  static unsigned char arena[DIGITS_ARENA_BYTES + 1] __attribute__((aligned(64)));
  size_t wlen = 0, tlen = 0, plen = 0;
  unsigned char *w, *t;
  char *torch, *preds;
  unsigned count, i, correct = 0, agree = 0;
  digits_ctx ctx;
  double *ms;
  int rc;
  if (argc != 4) {
    fprintf(stderr, "usage: %s digits.weights digits_test.bin digits_torch.txt\n", argv[0]);
    return 2;
  }
  w = load(argv[1], &wlen);
  t = load(argv[2], &tlen);
  torch = load(argv[3], &plen);
  if (!w || !t || !torch) { fprintf(stderr, "cannot read the demo files\n"); return 1; }
  if (tlen < 12 || memcmp(t, "KDIGITS1", 8) != 0) { fprintf(stderr, "%s: not a KDIGITS1 file\n", argv[2]); return 1; }
  count = (unsigned)t[8] | (unsigned)t[9] << 8 | (unsigned)t[10] << 16 | (unsigned)t[11] << 24;
  if (count == 0 || tlen != 12 + (size_t)count * (64 * 4 + 1)) { fprintf(stderr, "%s: bad length\n", argv[2]); return 1; }
  preds = strstr(torch, "torch_predictions=");
  if (!preds || strlen(preds + 18) < count) { fprintf(stderr, "%s: no predictions\n", argv[3]); return 1; }
  preds += 18;

  rc = digits_init(&ctx, arena, DIGITS_ARENA_BYTES, w, wlen);
  if (rc != DIGITS_OK) { fprintf(stderr, "digits_init: %s\n", digits_strerror(rc)); return 1; }
  ms = malloc(sizeof(double) * count);
  if (!ms) return 1;
  for (i = 0; i < count; i++) {
    float x[64], logits[10];
    const void *in[1];
    void *out[1];
    unsigned k, best = 0;
    double t0;
    memcpy(x, t + 12 + (size_t)i * 64 * 4, sizeof x);
    in[0] = x;
    out[0] = logits;
    t0 = now_ms();
    rc = digits_run(&ctx, in, out);
    ms[i] = now_ms() - t0;
    if (rc != DIGITS_OK) { fprintf(stderr, "digits_run: %s\n", digits_strerror(rc)); return 1; }
    for (k = 1; k < 10; k++)
      if (logits[k] > logits[best]) best = k;
    if (best == t[12 + (size_t)count * 64 * 4 + i]) correct++;
    if ((char)('0' + best) == preds[i]) agree++;
  }
  qsort(ms, count, sizeof(double), cmp_double);
  printf("held-out digits: %u\n", count);
  printf("kiln accuracy:    %.4f (%u/%u)\n", (double)correct / count, correct, count);
  {
    const char *ta = strstr(torch, "torch_accuracy=");
    int len = 0;
    if (ta) {
      ta += 15;
      while (ta[len] && ta[len] != '\n') len++;
    }
    printf("PyTorch accuracy: %.*s (same held-out set)\n", len, ta ? ta : "");
  }
  printf("agreement with PyTorch predictions: %u/%u\n", agree, count);
  printf("median latency per inference: %.4f ms (min %.4f ms)\n", ms[count / 2], ms[0]);
  printf("arena: %u bytes, weights: %lu bytes\n", (unsigned)DIGITS_ARENA_BYTES, (unsigned long)wlen);
  free(ms);
  free(w);
  free(t);
  free(torch);
  return agree == count ? 0 : 1;
}
