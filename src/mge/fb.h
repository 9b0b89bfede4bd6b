/* fb.h - a bounds-checked FlatBuffers reader.
 *
 * FlatBuffers is a little-endian format of offsets: a table starts with an
 * int32 back-offset to its vtable (vtable = table - soffset); the vtable is
 * uint16 {vtable bytes, table bytes, field offsets...}; a field offset of 0
 * means "absent, take the schema default". References to tables, vectors
 * and strings are uint32 forward offsets from where the offset is stored.
 * A vector is a uint32 count followed by its elements; a string is a byte
 * vector followed by a NUL. A union is two fields: a uint8 type (id N-1)
 * and a table reference (id N).
 *
 * The bytes come from an untrusted file, so every offset is checked against
 * the buffer before it is followed, all reads go through memcpy (no
 * alignment is assumed), and table nesting is limited to FB_MAX_DEPTH so a
 * crafted self-referencing file cannot loop or exhaust the stack. Each
 * failure records one message through kiln_fail naming the byte offset
 * (relative to the file: `base` is the buffer's position in it).
 */
#ifndef KILN_FB_H
#define KILN_FB_H

#include <stddef.h>
#include <stdint.h>
#include "../util/util.h"

#define FB_MAX_DEPTH 32

typedef struct fb_buf {
  const uint8_t *p;
  size_t n;
  size_t base; /* file offset of p[0], for messages */
  kiln_diag *d;
  const char *what; /* message prefix, e.g. "MegEngine model" (may be NULL) */
} fb_buf;

typedef struct fb_table {
  const fb_buf *b;
  size_t pos;      /* table start */
  size_t vt;       /* vtable start */
  uint16_t vt_len; /* vtable bytes */
  uint16_t len;    /* table bytes (inline part) */
  int depth;
} fb_table;

typedef struct fb_vec {
  const fb_buf *b;
  size_t pos;   /* first element */
  uint32_t len; /* element count */
  size_t elem;  /* element size */
  int depth;    /* depth of the table holding the vector */
} fb_vec;

void fb_init(fb_buf *b, kiln_diag *d, const void *p, size_t n, size_t base);

/* Raw little-endian loads; the caller guarantees bounds. */
uint16_t fb_ld16(const uint8_t *p);
uint32_t fb_ld32(const uint8_t *p);
uint64_t fb_ld64(const uint8_t *p);

/* Root table: uint32 offset at byte 0. */
int fb_root(const fb_buf *b, fb_table *t);
/* Table at absolute buffer position pos (checks its vtable). */
int fb_table_at(const fb_buf *b, size_t pos, int depth, fb_table *t);

/* Position of field `id` if present with `size` bytes inside the table:
 * returns 1 (and *pos), 0 when absent, -1 when it does not fit. */
int fb_field(const fb_table *t, int id, size_t size, size_t *pos);

/* Scalars: absent fields take `dflt`. 0 or -1. */
int fb_u8(const fb_table *t, int id, uint8_t dflt, uint8_t *out);
int fb_u32(const fb_table *t, int id, uint32_t dflt, uint32_t *out);
int fb_i32(const fb_table *t, int id, int32_t dflt, int32_t *out);
int fb_u64(const fb_table *t, int id, uint64_t dflt, uint64_t *out);
int fb_f32(const fb_table *t, int id, float dflt, float *out);

/* Sub-table / vector / string: 1 present, 0 absent, -1 malformed. */
int fb_sub(const fb_table *t, int id, fb_table *out);
int fb_vector(const fb_table *t, int id, size_t elem, fb_vec *out);
int fb_string(const fb_table *t, int id, const char **s, size_t *len);
/* Union with type field id-1 and value id: 1 with *type != 0 and *out,
 * 0 when NONE/absent, -1 malformed. */
int fb_union(const fb_table *t, int id, uint8_t *type, fb_table *out);

/* Elements (i < v->len is the caller's check). */
uint32_t fb_vec_u32(const fb_vec *v, uint32_t i);
int32_t fb_vec_i32(const fb_vec *v, uint32_t i);
const uint8_t *fb_vec_ptr(const fb_vec *v, uint32_t i);
/* Element i of a vector of tables (elem must be 4). */
int fb_vec_table(const fb_vec *v, uint32_t i, fb_table *out);

#endif
