/* test_mge.c - unit tests for the FlatBuffers reader (src/mge/fb.c) and the
 * MegEngine importer's refusals. Buffers are laid out by hand, byte by
 * byte, independently of the reader; the malformed ones break one rule
 * each (offsets, vtables, lengths, NULs, nesting) and every prefix of a
 * good buffer is read back too, so ASan/UBSan builds check the bounds.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ir/ir.h"
#include "mge/fb.h"
#include "mge/mge_import.h"

static int n_pass, n_fail;

#define CHECK(cond, ...)       \
  do {                         \
    if (cond) {                \
      n_pass++;                \
      printf("PASS ");         \
    } else {                   \
      n_fail++;                \
      printf("FAIL ");         \
    }                          \
    printf("mge: " __VA_ARGS__); \
    printf("\n");              \
  } while (0)

static void w16(uint8_t *b, size_t pos, unsigned v) {
  b[pos] = (uint8_t)v;
  b[pos + 1] = (uint8_t)(v >> 8);
}
static void w32(uint8_t *b, size_t pos, uint32_t v) {
  for (int i = 0; i < 4; i++) b[pos + (size_t)i] = (uint8_t)(v >> (8 * i));
}

/* A table {u32 f0 = 42; string f1 = "abc"; [uint] f2 = [7, 9];
 * union f3/f4 = (type 5, table {u32 = 11}); [table] f5 = [sub]}:
 *
 *   0  root offset -> 24
 *   4  vtable: len 16, table len 24, offsets 4 8 12 16 17 20 (f3 type is u8 at 16)
 *  24  table: soffset 20, f0 @28, f1 @32 -> 52, f2 @36 -> 60, f3 @40 (u8), f4 @44 -> 80, f5 @48 -> 92
 *  52  string: len 3 "abc\0"
 *  60  vector: len 2, 7, 9
 *  72  vtable of the union member: len 6, table len 8, offset 4
 *  80  member table: soffset 8 (-> 72), u32 11
 *  88  pad
 *  92  vector of tables: len 1, offset -> 100
 * 100  element table: soffset 28 (-> 72), u32 11
 * 108  end
 */
enum { GOOD_LEN = 108 };
static void build_good(uint8_t *b) {
  memset(b, 0, GOOD_LEN);
  w32(b, 0, 24);
  w16(b, 4, 16), w16(b, 6, 28);
  w16(b, 8, 4), w16(b, 10, 8), w16(b, 12, 12), w16(b, 14, 16), w16(b, 16, 20), w16(b, 18, 24);
  w32(b, 24, 20);      /* 24 - 20 = vtable at 4 */
  w32(b, 28, 42);
  w32(b, 32, 52 - 32); /* string */
  w32(b, 36, 60 - 36); /* vector */
  b[40] = 5;           /* union type */
  w32(b, 44, 80 - 44); /* union value */
  w32(b, 48, 92 - 48); /* vector of tables */
  w32(b, 52, 3), memcpy(b + 56, "abc", 4);
  w32(b, 60, 2), w32(b, 64, 7), w32(b, 68, 9);
  w16(b, 72, 6), w16(b, 74, 8), w16(b, 76, 4);
  w32(b, 80, 8), w32(b, 84, 11);
  w32(b, 92, 1), w32(b, 96, 100 - 96);
  w32(b, 100, 28), w32(b, 104, 11);
}

/* Reads everything; 0 when all of it was well-formed. */
static int read_all(const uint8_t *p, size_t n, kiln_diag *d, uint32_t *sum) {
  fb_buf b;
  fb_table t, u;
  fb_vec v;
  const char *s;
  size_t len;
  uint32_t x = 0, y = 0;
  uint8_t type;
  memset(d, 0, sizeof *d);
  fb_init(&b, d, p, n, 0);
  *sum = 0;
  if (fb_root(&b, &t) || fb_u32(&t, 0, 0, &x)) return -1;
  *sum += x;
  if (fb_string(&t, 1, &s, &len) != 1) return -1;
  *sum += (uint32_t)len;
  if (fb_vector(&t, 2, 4, &v) != 1) return -1;
  for (uint32_t i = 0; i < v.len; i++) *sum += fb_vec_u32(&v, i);
  if (fb_union(&t, 4, &type, &u) != 1 || fb_u32(&u, 0, 0, &y)) return -1;
  *sum += type + y;
  if (fb_vector(&t, 5, 4, &v) != 1) return -1;
  for (uint32_t i = 0; i < v.len; i++)
    if (fb_vec_table(&v, i, &u) || fb_u32(&u, 0, 0, &y)) return -1;
  *sum += y;
  return 0;
}

static void test_good(void) {
  uint8_t b[GOOD_LEN];
  kiln_diag d;
  uint32_t sum;
  build_good(b);
  CHECK(read_all(b, GOOD_LEN, &d, &sum) == 0 && !d.failed, "good buffer reads: %s", d.msg);
  CHECK(sum == 42 + 3 + 7 + 9 + 5 + 11 + 11, "good buffer values (sum %u)", sum);

  fb_buf fb;
  fb_table t;
  uint32_t u = 0;
  int32_t i = 0;
  float f = 0;
  const char *s = NULL;
  size_t len = 0;
  memset(&d, 0, sizeof d);
  fb_init(&fb, &d, b, GOOD_LEN, 0);
  fb_root(&fb, &t);
  CHECK(fb_u32(&t, 7, 123, &u) == 0 && u == 123, "field past the vtable takes its default");
  CHECK(fb_i32(&t, 0, -1, &i) == 0 && i == 42, "i32 read");
  CHECK(fb_f32(&t, 9, 2.5f, &f) == 0 && f == 2.5f, "absent float takes its default");
  CHECK(fb_string(&t, 1, &s, &len) == 1 && len == 3 && strcmp(s, "abc") == 0, "string 'abc'");
  CHECK(fb_string(&t, 9, &s, &len) == 0, "absent string");
  fb_vec v;
  CHECK(fb_vector(&t, 8, 4, &v) == 0, "absent vector");
}

/* Each malformed variant must fail with a message, never crash. */
static void expect_bad(const char *what, const uint8_t *b, size_t n, const char *needle) {
  kiln_diag d;
  uint32_t sum;
  int rc = read_all(b, n, &d, &sum);
  CHECK(rc < 0 && d.failed && (!needle || strstr(d.msg, needle)), "%s -> %s", what, d.msg[0] ? d.msg : "(no error)");
}

static void test_malformed(void) {
  uint8_t b[GOOD_LEN + 8];
  build_good(b);
  w32(b, 0, 5000);
  expect_bad("root offset past the end", b, GOOD_LEN, "outside the buffer");
  build_good(b);
  w32(b, 0, 0);
  expect_bad("zero root offset", b, GOOD_LEN, "outside the buffer");
  build_good(b);
  w32(b, 24, (uint32_t)-2000);
  expect_bad("vtable after the end", b, GOOD_LEN, "vtable outside");
  build_good(b);
  w32(b, 24, 0x7fffffff);
  expect_bad("vtable before the start", b, GOOD_LEN, "vtable outside");
  build_good(b);
  w16(b, 4, 15);
  expect_bad("odd vtable length", b, GOOD_LEN, "bad vtable size");
  build_good(b);
  w16(b, 4, 2);
  expect_bad("vtable shorter than its header", b, GOOD_LEN, "bad vtable size");
  build_good(b);
  w16(b, 6, 5000);
  expect_bad("table longer than the buffer", b, GOOD_LEN, "bad table size");
  build_good(b);
  w16(b, 8, 26);
  expect_bad("field offset past the table", b, GOOD_LEN, "field outside its table");
  build_good(b);
  w16(b, 8, 2);
  expect_bad("field offset inside the soffset", b, GOOD_LEN, "field outside its table");
  build_good(b);
  b[59] = 'x';
  expect_bad("string without NUL", b, GOOD_LEN, "terminating NUL");
  build_good(b);
  b[57] = 0;
  expect_bad("string with embedded NUL", b, GOOD_LEN, "embedded NUL");
  build_good(b);
  w32(b, 52, 0xffffffffu);
  expect_bad("string length overflow", b, GOOD_LEN, "past the end");
  build_good(b);
  w32(b, 60, 0x40000001u);
  expect_bad("vector length * 4 overflows 32 bits", b, GOOD_LEN, "past the end");
  build_good(b);
  w32(b, 36, 0xfffffff0u);
  expect_bad("vector offset wraps", b, GOOD_LEN, "outside the buffer");
  build_good(b);
  w32(b, 44, 0);
  expect_bad("union with a zero offset", b, GOOD_LEN, "outside the buffer");
  build_good(b);
  w16(b, 16, 0);
  expect_bad("union type without value", b, GOOD_LEN, "no value");
  build_good(b);
  w32(b, 96, 1000);
  expect_bad("vector element points outside", b, GOOD_LEN, "outside the buffer");

  /* Every prefix of the good buffer: read or fail cleanly. */
  int clean = 1;
  for (size_t n = 0; n < GOOD_LEN; n++) {
    uint8_t *p = malloc(n ? n : 1); /* exact size so ASan sees overreads */
    kiln_diag d;
    uint32_t sum;
    build_good(b);
    memcpy(p, b, n);
    if (read_all(p, n, &d, &sum) == 0 || !d.failed) clean = 0;
    free(p);
  }
  CHECK(clean, "every truncation of the good buffer fails with a message");
}

/* A table whose field 0 refers to itself: following it must stop at the
 * depth limit. */
static void test_depth(void) {
  uint8_t b[32] = {0};
  kiln_diag d;
  fb_buf fb;
  fb_table t;
  memset(&d, 0, sizeof d);
  w32(b, 0, 12);
  w16(b, 4, 6), w16(b, 6, 8), w16(b, 8, 4);
  w32(b, 12, 8);           /* vtable at 4 */
  w32(b, 16, (uint32_t)-4); /* offset at 16 -> 12: wraps below, must be refused */
  fb_init(&fb, &d, b, sizeof b, 0);
  CHECK(fb_root(&fb, &t) == 0, "self-referencing buffer root");
  CHECK(fb_sub(&t, 0, &t) < 0 && d.failed, "backward uoffset refused: %s", d.msg);

  /* A genuine cycle needs forward offsets only; build a chain of tables
   * deeper than the limit instead: table k's field 0 -> table k+1. */
  enum { DEPTH = FB_MAX_DEPTH + 4, SZ = 8 + 12 * DEPTH + 8 };
  uint8_t *c = calloc(1, SZ);
  w16(c, 4, 6), w16(c, 6, 8), w16(c, 8, 4);
  w32(c, 0, 12);
  for (int k = 0; k < DEPTH; k++) {
    size_t pos = 12 + 12 * (size_t)k;
    w32(c, pos, (uint32_t)(pos - 4));
    w32(c, pos + 4, 8); /* -> pos + 12 */
  }
  memset(&d, 0, sizeof d);
  fb_init(&fb, &d, c, SZ, 0);
  int rc = fb_root(&fb, &t), steps = 0;
  while (rc == 0 && steps < 1000) {
    rc = fb_sub(&t, 0, &t);
    if (rc == 1) rc = 0, steps++;
    else break;
  }
  CHECK(rc < 0 && steps == FB_MAX_DEPTH && strstr(d.msg, "nested too deeply"), "nesting limit after %d levels: %s",
        steps, d.msg);
  free(c);
}

static int write_tmp(const char *path, const void *p, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  fwrite(p, 1, n, f);
  return fclose(f);
}

static void expect_import_fail(const char *what, const void *p, size_t n, const char *needle) {
  char path[] = "/tmp/kiln_test_mge_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    CHECK(0, "%s: mkstemp", what);
    return;
  }
  close(fd);
  write_tmp(path, p, n);
  kiln_diag d;
  memset(&d, 0, sizeof d);
  ir_graph *g = NULL;
  int rc = mge_import(&d, path, &g);
  CHECK(rc < 0 && !g && strstr(d.msg, needle), "%s -> %s", what, d.msg);
  ir_graph_free(g);
  unlink(path);
}

static void test_import(void) {
  uint8_t v1[64] = "MGBC";
  CHECK(mge_sniff(v1, sizeof v1), "sniff v1 MGBC");
  CHECK(mge_sniff("\x10\0\0\0\x0c\0\0\0mgv2", 12), "sniff mgv2");
  CHECK(!mge_sniff("\x08\x07\x12\x00", 4), "not an ONNX file");
  expect_import_fail("v1 dump", v1, sizeof v1, "v1 (FLATBUFFERS) dump; kiln reads MegEngine FLATBUFFERS_V2");
  uint8_t h[16] = {0x0c, 0, 0, 0, 0x08, 0, 0, 0, 'm', 'g', 'v', '2', 0, 0, 0, 0};
  expect_import_fail("size prefix past the end", h, 10, "too short");
  w32(h, 0, 100);
  expect_import_fail("size prefix larger than the file", h, 16, "size prefix");
  w32(h, 0, 12);
  w32(h, 4, 8);
  expect_import_fail("root table with garbage vtable", h, 16, "malformed FlatBuffer");

  /* A real dump (conv+bn+relu+mean+linear), when run from the repo root. */
  kiln_diag d;
  memset(&d, 0, sizeof d);
  ir_graph *g = NULL;
  if (access("tests/mge/sample.mge", R_OK) == 0) {
    int rc = mge_import(&d, "tests/mge/sample.mge", &g);
    CHECK(rc == 0 && g && g->n_inputs == 1 && g->n_outputs == 1, "sample.mge imports: %s", d.msg);
    if (g) {
      const ir_tensor *x = &g->tensors[g->inputs[0]];
      CHECK(x->rank == 4 && x->dtype == IR_F32, "sample.mge input is a float32 4-d tensor");
    }
    ir_graph_free(g);
  }
}

int main(void) {
  test_good();
  test_malformed();
  test_depth();
  test_import();
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail ? 1 : 0;
}
