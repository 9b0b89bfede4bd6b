/* util.c - errors, checked allocation, string buffers, files, hashing. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kiln_vfail(kiln_diag *d, const char *fmt, va_list ap) {
  if (d && !d->failed) {
    size_t off = 0;
    if (d->file) {
      int k = snprintf(d->msg, sizeof d->msg, "%s: ", d->file);
      off = k > 0 ? (size_t)k : 0;
      if (off >= sizeof d->msg) off = sizeof d->msg - 1;
    }
    vsnprintf(d->msg + off, sizeof d->msg - off, fmt, ap);
    d->failed = 1;
  }
  return -1;
}

int kiln_fail(kiln_diag *d, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kiln_vfail(d, fmt, ap);
  va_end(ap);
  return -1;
}

/* Fault injection for tests: the Nth allocation from now fails. */
static long alloc_countdown = -1;

void kiln_alloc_fail_after(long n) { alloc_countdown = n; }

static int alloc_should_fail(void) {
  if (alloc_countdown < 0) return 0;
  if (alloc_countdown == 0) return 1;
  alloc_countdown--;
  return 0;
}

void *kiln_malloc(size_t n) {
  if (alloc_should_fail()) return NULL;
  return malloc(n ? n : 1);
}

void *kiln_calloc(size_t count, size_t size) {
  if (alloc_should_fail()) return NULL;
  if (count == 0 || size == 0) return calloc(1, 1);
  return calloc(count, size);
}

void *kiln_realloc(void *p, size_t n) {
  if (alloc_should_fail()) return NULL;
  return realloc(p, n ? n : 1);
}

char *kiln_strndup(const char *s, size_t n) {
  char *r = kiln_malloc(n + 1);
  if (!r) return NULL;
  memcpy(r, s, n);
  r[n] = 0;
  return r;
}

char *kiln_strdup(const char *s) { return kiln_strndup(s, strlen(s)); }

int kiln_mul_size(size_t a, size_t b, size_t *out) {
  if (a != 0 && b > (size_t)-1 / a) return -1;
  *out = a * b;
  return 0;
}

int kiln_add_size(size_t a, size_t b, size_t *out) {
  if (a > (size_t)-1 - b) return -1;
  *out = a + b;
  return 0;
}

void kiln_buf_init(kiln_buf *b) { memset(b, 0, sizeof *b); }

void kiln_buf_free(kiln_buf *b) {
  free(b->data);
  memset(b, 0, sizeof *b);
}

static int buf_reserve(kiln_buf *b, size_t extra) {
  if (b->oom) return -1;
  size_t need;
  if (kiln_add_size(b->len, extra + 1, &need)) { b->oom = 1; return -1; }
  if (need <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) {
    if (cap > (size_t)-1 / 2) { cap = need; break; }
    cap *= 2;
  }
  char *p = kiln_realloc(b->data, cap);
  if (!p) { b->oom = 1; return -1; }
  b->data = p;
  b->cap = cap;
  return 0;
}

void kiln_buf_put(kiln_buf *b, const void *p, size_t n) {
  if (buf_reserve(b, n)) return;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = 0;
}

void kiln_buf_puts(kiln_buf *b, const char *s) { kiln_buf_put(b, s, strlen(s)); }

void kiln_buf_vprintf(kiln_buf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) { b->oom = 1; return; }
  if (buf_reserve(b, (size_t)n)) return;
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void kiln_buf_printf(kiln_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kiln_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

int kiln_write_file(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  size_t w = n ? fwrite(data, 1, n, f) : 0;
  int err = ferror(f);
  if (fclose(f) != 0 || w != n || err) return -1;
  return 0;
}

void *kiln_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  kiln_buf b;
  kiln_buf_init(&b);
  char tmp[65536];
  size_t k;
  while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) kiln_buf_put(&b, tmp, k);
  int err = ferror(f);
  fclose(f);
  if (err || b.oom) {
    kiln_buf_free(&b);
    if (!err) errno = ENOMEM;
    return NULL;
  }
  if (!b.data) kiln_buf_put(&b, "", 0);
  if (b.oom) { kiln_buf_free(&b); return NULL; }
  *len = b.len;
  return b.data;
}

uint64_t kiln_fnv1a64(const void *data, size_t n, uint64_t h) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t kiln_checksum64(const void *data, size_t n) {
  const unsigned char *p = data;
  uint64_t h = KILN_FNV_SEED;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = 0;
    for (int k = 7; k >= 0; k--) w = (w << 8) | p[i + (size_t)k];
    h = (h ^ w) * 0x100000001b3ULL;
  }
  for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}
