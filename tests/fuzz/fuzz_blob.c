/* fuzz_blob.c - libFuzzer target: the weights-blob checks of a generated
 * package's NAME_init, and NAME_run over whatever weights get through.
 *
 * mk/fuzz.mk compiles demo/digits.onnx with the freshly built kiln and links
 * the generated digits.c into this target. The first input byte picks how
 * the rest is used:
 *   even  the bytes are the blob, verbatim (in a 16-byte-aligned buffer of
 *         exactly that size, so ASan sees any read past its end). digits_init
 *         must return an error code unless the bytes are a valid blob.
 *   odd   the bytes are a payload: they are cut or zero-padded to
 *         DIGITS_WEIGHTS_PAYLOAD and given a correct header, so digits_init
 *         must accept them, and digits_run then runs on arbitrary weights
 *         (NaN, Inf, denormals): it must stay in bounds and return DIGITS_OK.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "digits.h"

static unsigned char arena[DIGITS_ARENA_BYTES] __attribute__((aligned(64)));

static void put64(unsigned char *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* The blob checksum as documented in src/emit/package.h: FNV-1a over
 * little-endian 64-bit words, then the tail bytes. Written out here
 * independently of the runtime, so the two must agree. */
static uint64_t checksum(const unsigned char *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = 0;
    for (int k = 7; k >= 0; k--) w = (w << 8) | p[i + k];
    h = (h ^ w) * 0x100000001b3ULL;
  }
  for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}

static int run_once(const unsigned char *blob, size_t n, int must_accept) {
  digits_ctx ctx;
  int rc = digits_init(&ctx, arena, sizeof arena, blob, n);
  if (must_accept && rc != DIGITS_OK) abort();
  if (rc != DIGITS_OK) {
    if (rc >= 0 || !digits_strerror(rc)[0]) abort();
    if (digits_run(&ctx, NULL, NULL) != DIGITS_ERR_NOT_INIT) abort();
    return 0;
  }
  static float in[64], out[10];
  for (int i = 0; i < 64; i++) in[i] = (float)(i % 17) / 16.0f;
  const void *ins[] = {in};
  void *outs[] = {out};
  if (digits_run(&ctx, ins, outs) != DIGITS_OK) abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  int mode = data[0] & 1;
  data++, size--;
  if (mode == 0) {
    /* malloc gives 16-byte alignment; size 0 still gets a valid pointer */
    unsigned char *blob = malloc(size ? size : 1);
    if (!blob) return 0;
    if (size) memcpy(blob, data, size);
    run_once(blob, size, 0);
    free(blob);
    return 0;
  }
  size_t n = 64 + DIGITS_WEIGHTS_PAYLOAD;
  unsigned char *blob = aligned_alloc(64, (n + 63) / 64 * 64);
  if (!blob) return 0;
  memset(blob, 0, n);
  memcpy(blob + 64, data, size < DIGITS_WEIGHTS_PAYLOAD ? size : DIGITS_WEIGHTS_PAYLOAD);
  memcpy(blob, "KILNWT01", 8);
  put64(blob + 8, 1);
  put64(blob + 16, DIGITS_MODEL_HASH);
  put64(blob + 24, DIGITS_WEIGHTS_PAYLOAD);
  put64(blob + 32, checksum(blob + 64, DIGITS_WEIGHTS_PAYLOAD));
  run_once(blob, n, 1);
  free(blob);
  return 0;
}
