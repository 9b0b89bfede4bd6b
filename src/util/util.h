/* util.h - small shared helpers for the kiln compiler: errors as values,
 * growable string buffers, checked allocation.
 *
 * Error convention (after Lua/XNNPACK): every fallible function returns int,
 * 0 on success and -1 on failure, after recording one message with
 * kiln_fail()/ir_node_fail(). The first message wins: callers up the stack
 * just return -1. Nothing in the compiler aborts on bad input.
 */
#ifndef KILN_UTIL_H
#define KILN_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#if defined(__GNUC__)
#define KILN_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define KILN_PRINTF(a, b)
#endif

/* Per-compilation diagnostic state. `file` prefixes every message. */
typedef struct kiln_diag {
  const char *file;   /* model path as given by the user */
  char msg[1024];     /* first error message, without the "kiln: " prefix */
  int failed;
  /* Set when the failure is a graph input that an op needs at compile time
   * (Reshape's shape, Reduce axes, ...): `kiln run` can freeze it to the
   * value it was given and retry. */
  char need_const[256];
} kiln_diag;

/* Record "FILE: <fmt>" unless an error is already recorded. Returns -1. */
int kiln_fail(kiln_diag *d, const char *fmt, ...) KILN_PRINTF(2, 3);
int kiln_vfail(kiln_diag *d, const char *fmt, va_list ap);

/* Checked allocation. Returns NULL on overflow/failure (callers report). A
 * test hook can make the Nth allocation fail to walk error paths. */
void *kiln_malloc(size_t n);
void *kiln_calloc(size_t count, size_t size);
void *kiln_realloc(void *p, size_t n);
char *kiln_strdup(const char *s);
char *kiln_strndup(const char *s, size_t n);
void kiln_alloc_fail_after(long n); /* -1 disables */

/* Overflow-checked size arithmetic: return 0 on success, -1 on overflow. */
int kiln_mul_size(size_t a, size_t b, size_t *out);
int kiln_add_size(size_t a, size_t b, size_t *out);

/* Growable string buffer. On allocation failure `oom` is set and further
 * appends are ignored; check it once at the end. */
typedef struct kiln_buf {
  char *data;
  size_t len, cap;
  int oom;
} kiln_buf;

void kiln_buf_init(kiln_buf *b);
void kiln_buf_free(kiln_buf *b);
void kiln_buf_put(kiln_buf *b, const void *p, size_t n);
void kiln_buf_puts(kiln_buf *b, const char *s);
void kiln_buf_printf(kiln_buf *b, const char *fmt, ...) KILN_PRINTF(2, 3);
void kiln_buf_vprintf(kiln_buf *b, const char *fmt, va_list ap);

/* Whole-file helpers. kiln_write_file returns 0/-1 (errno preserved). */
int kiln_write_file(const char *path, const void *data, size_t n);
/* Reads a whole file into malloc'd memory (NUL-terminated). */
void *kiln_read_file(const char *path, size_t *len);

/* FNV-1a 64-bit, used for the weights checksum and model hash. */
uint64_t kiln_fnv1a64(const void *data, size_t n, uint64_t seed);
#define KILN_FNV_SEED 0xcbf29ce484222325ULL
/* The weights-blob checksum: FNV-1a over little-endian 64-bit words (then
 * the tail bytes), 8x faster than bytewise; the generated NAME_init
 * computes the same function. */
uint64_t kiln_checksum64(const void *data, size_t n);

#endif
