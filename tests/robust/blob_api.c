/* blob_api.c - NAME_init/NAME_run edge cases that tests/cli/test_package.sh
 * does not cover, against the digits package (built with ASan when the
 * compiler has it, so a read past the blob is a failure too).
 * usage: blob_api digits.weights   prints PASS/FAIL lines, exit 0 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digits.h"

static unsigned char arena[DIGITS_ARENA_BYTES] __attribute__((aligned(64)));
static int fails;

static void expect(const char *name, int got, int want) {
  if (got == want) printf("PASS blob-api-%s\n", name);
  else printf("FAIL blob-api-%s: got %d (%s), expected %d (%s)\n", name, got, digits_strerror(got), want,
              digits_strerror(want)), fails++;
}

static void put64(unsigned char *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* A fresh copy of the blob in a buffer of exactly n bytes at 64-byte
 * alignment plus `shift`. */
static unsigned char *copy(const unsigned char *blob, size_t len, size_t n, size_t shift, void **base) {
  unsigned char *b = aligned_alloc(64, (n + shift + 63) / 64 * 64);
  memset(b, 0, n + shift);
  memcpy(b + shift, blob, len < n ? len : n);
  *base = b;
  return b + shift;
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  FILE *f = fopen(argv[1], "rb");
  if (!f) return 2;
  static unsigned char blob[1 << 20];
  size_t len = fread(blob, 1, sizeof blob, f);
  fclose(f);
  digits_ctx ctx;
  void *base;
  unsigned char *b;

  b = copy(blob, len, len, 0, &base);
  expect("valid", digits_init(&ctx, arena, sizeof arena, b, len), DIGITS_OK);
  float in[64] = {0}, out[10];
  const void *ins[] = {in};
  void *outs[] = {out};
  expect("run-null-inputs", digits_run(&ctx, NULL, outs), DIGITS_ERR_ARG);
  expect("run-null-outputs", digits_run(&ctx, ins, NULL), DIGITS_ERR_ARG);
  expect("run-ok", digits_run(&ctx, ins, outs), DIGITS_OK);
  /* threads: a single-threaded build (DIGITS_MAX_THREADS 1) takes exactly 1 */
  expect("parallel-null-ctx", digits_set_parallel(NULL, NULL, NULL, 1), DIGITS_ERR_NOT_INIT);
  expect("parallel-zero", digits_set_parallel(&ctx, NULL, NULL, 0), DIGITS_ERR_ARG);
  expect("parallel-over-max", digits_set_parallel(&ctx, NULL, NULL, DIGITS_MAX_THREADS + 1), DIGITS_ERR_ARG);
  expect("parallel-one", digits_set_parallel(&ctx, NULL, NULL, 1), DIGITS_OK);
  expect("run-after-parallel-one", digits_run(&ctx, ins, outs), DIGITS_OK);
  expect("arena-null", digits_init(&ctx, NULL, sizeof arena, b, len), DIGITS_ERR_ARENA_NULL);
  /* a failed init clears the context, so it cannot be run by mistake */
  expect("run-after-failed-init", digits_run(&ctx, ins, outs), DIGITS_ERR_NOT_INIT);
  expect("run-null-ctx", digits_run(NULL, ins, outs), DIGITS_ERR_NOT_INIT);
  expect("parallel-after-failed-init", digits_set_parallel(&ctx, NULL, NULL, 1), DIGITS_ERR_NOT_INIT);
  /* extra bytes after the payload are allowed */
  free(base);
  b = copy(blob, len, len + 100, 0, &base);
  expect("trailing-bytes", digits_init(&ctx, arena, sizeof arena, b, len + 100), DIGITS_OK);
  free(base);
  /* one byte short of the payload */
  b = copy(blob, len, len - 1, 0, &base);
  expect("one-short", digits_init(&ctx, arena, sizeof arena, b, len - 1), DIGITS_ERR_WEIGHTS_SIZE);
  free(base);
  /* a blob at an address that is not 16-byte aligned */
  b = copy(blob, len, len, 8, &base);
  expect("misaligned", digits_init(&ctx, arena, sizeof arena, b, len), DIGITS_ERR_WEIGHTS_ALIGN);
  free(base);
  /* a header whose length field lies: bigger (up to 2^64-1), smaller */
  uint64_t lies[] = {DIGITS_WEIGHTS_PAYLOAD + 64, UINT64_MAX, UINT64_MAX - 63, DIGITS_WEIGHTS_PAYLOAD - 1, 0};
  for (int i = 0; i < 5; i++) {
    char name[64];
    b = copy(blob, len, len, 0, &base);
    put64(b + 24, lies[i]);
    snprintf(name, sizeof name, "length-field-%d", i);
    expect(name, digits_init(&ctx, arena, sizeof arena, b, len), DIGITS_ERR_WEIGHTS_SIZE);
    free(base);
  }
  /* the caller overstates the blob's size: init still reads only the
   * payload the build expects (ASan would see anything more) */
  b = copy(blob, len, len, 0, &base);
  expect("size-overstated", digits_init(&ctx, arena, sizeof arena, b, SIZE_MAX), DIGITS_OK);
  /* the checksum field itself damaged */
  b[33] ^= 0x40;
  expect("checksum-field", digits_init(&ctx, arena, sizeof arena, b, len), DIGITS_ERR_WEIGHTS_CHECKSUM);
  free(base);
  /* first payload byte and last payload byte */
  b = copy(blob, len, len, 0, &base);
  b[64] ^= 1;
  expect("first-payload-byte", digits_init(&ctx, arena, sizeof arena, b, len), DIGITS_ERR_WEIGHTS_CHECKSUM);
  b[64] ^= 1;
  b[len - 1] ^= 0x80;
  expect("last-payload-byte", digits_init(&ctx, arena, sizeof arena, b, len), DIGITS_ERR_WEIGHTS_CHECKSUM);
  free(base);
  /* every code has its own message */
  int distinct = 1;
  for (int c = -15; c <= 0; c++)
    for (int e = c + 1; e <= 0; e++)
      if (!strcmp(digits_strerror(c), digits_strerror(e))) distinct = 0;
  expect("strerror-distinct", distinct, 1);
  expect("strerror-unknown", strcmp(digits_strerror(12345), "unknown error") == 0, 1);
  return 0;
}
