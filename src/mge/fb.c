/* fb.c - bounds-checked FlatBuffers reader. See fb.h. */
#include "fb.h"

#include <string.h>

void fb_init(fb_buf *b, kiln_diag *d, const void *p, size_t n, size_t base) {
  b->p = p;
  b->n = n;
  b->base = base;
  b->d = d;
  b->what = NULL;
}

uint16_t fb_ld16(const uint8_t *p) { return (uint16_t)(p[0] | (unsigned)p[1] << 8); }
uint32_t fb_ld32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
uint64_t fb_ld64(const uint8_t *p) { return (uint64_t)fb_ld32(p) | (uint64_t)fb_ld32(p + 4) << 32; }

static int bad(const fb_buf *b, size_t at, const char *what) {
  return kiln_fail(b->d, "%s%smalformed FlatBuffer: %s at byte %zu (buffer ends at byte %zu)",
                   b->what ? b->what : "", b->what ? ": " : "", what, b->base + at, b->base + b->n);
}

/* [pos, pos+len) inside the buffer, without overflow. */
static int fits(const fb_buf *b, size_t pos, size_t len) { return pos <= b->n && len <= b->n - pos; }

/* Follows the uint32 forward offset stored at `at`. */
static int follow(const fb_buf *b, size_t at, size_t *to) {
  if (!fits(b, at, 4)) return bad(b, at, "offset outside the buffer");
  uint32_t off = fb_ld32(b->p + at);
  if (off == 0 || off > b->n - at) return bad(b, at, "offset points outside the buffer");
  *to = at + off;
  return 0;
}

int fb_table_at(const fb_buf *b, size_t pos, int depth, fb_table *t) {
  if (depth > FB_MAX_DEPTH) return bad(b, pos, "tables nested too deeply");
  if (!fits(b, pos, 4)) return bad(b, pos, "table outside the buffer");
  int32_t so = (int32_t)fb_ld32(b->p + pos);
  /* vtable = pos - so, computed in 64 bits so no value can wrap. */
  int64_t vt = (int64_t)pos - (int64_t)so;
  if (vt < 0 || (uint64_t)vt > b->n || !fits(b, (size_t)vt, 4)) return bad(b, pos, "vtable outside the buffer");
  uint16_t vt_len = fb_ld16(b->p + vt), len = fb_ld16(b->p + vt + 2);
  if (vt_len < 4 || (vt_len & 1) || !fits(b, (size_t)vt, vt_len)) return bad(b, (size_t)vt, "bad vtable size");
  if (len < 4 || !fits(b, pos, len)) return bad(b, pos, "bad table size");
  t->b = b;
  t->pos = pos;
  t->vt = (size_t)vt;
  t->vt_len = vt_len;
  t->len = len;
  t->depth = depth;
  return 0;
}

int fb_root(const fb_buf *b, fb_table *t) {
  size_t pos = 0;
  if (follow(b, 0, &pos)) return -1;
  return fb_table_at(b, pos, 0, t);
}

int fb_field(const fb_table *t, int id, size_t size, size_t *pos) {
  if (id < 0) return 0;
  size_t slot = 4 + 2 * (size_t)id;
  if (slot + 2 > t->vt_len) return 0; /* vtable shorter: field from a newer schema, absent */
  uint16_t off = fb_ld16(t->b->p + t->vt + slot);
  if (off == 0) return 0;
  if (off < 4 || off > t->len || size > (size_t)(t->len - off)) return bad(t->b, t->pos, "field outside its table");
  *pos = t->pos + off;
  return 1;
}

#define SCALAR(fn, type, size, load)                                  \
  int fn(const fb_table *t, int id, type dflt, type *out) {           \
    size_t pos = 0;                                                   \
    int rc = fb_field(t, id, size, &pos);                             \
    if (rc < 0) return -1;                                            \
    *out = rc ? (type)(load) : dflt;                                  \
    return 0;                                                         \
  }
SCALAR(fb_u8, uint8_t, 1, t->b->p[pos])
SCALAR(fb_u32, uint32_t, 4, fb_ld32(t->b->p + pos))
SCALAR(fb_i32, int32_t, 4, (int32_t)fb_ld32(t->b->p + pos))
SCALAR(fb_u64, uint64_t, 8, fb_ld64(t->b->p + pos))

int fb_f32(const fb_table *t, int id, float dflt, float *out) {
  uint32_t u;
  size_t pos = 0;
  int rc = fb_field(t, id, 4, &pos);
  if (rc < 0) return -1;
  if (!rc) {
    *out = dflt;
    return 0;
  }
  u = fb_ld32(t->b->p + pos);
  memcpy(out, &u, 4);
  return 0;
}

int fb_sub(const fb_table *t, int id, fb_table *out) {
  size_t pos = 0, to = 0;
  int rc = fb_field(t, id, 4, &pos);
  if (rc <= 0) return rc;
  if (follow(t->b, pos, &to) || fb_table_at(t->b, to, t->depth + 1, out)) return -1;
  return 1;
}

int fb_vector(const fb_table *t, int id, size_t elem, fb_vec *out) {
  size_t pos = 0, to = 0;
  int rc = fb_field(t, id, 4, &pos);
  if (rc <= 0) return rc;
  if (follow(t->b, pos, &to)) return -1;
  if (!fits(t->b, to, 4)) return bad(t->b, to, "vector length outside the buffer");
  uint32_t len = fb_ld32(t->b->p + to);
  size_t bytes;
  if (kiln_mul_size(len, elem, &bytes) || !fits(t->b, to + 4, bytes))
    return bad(t->b, to, "vector runs past the end of the buffer");
  out->b = t->b;
  out->pos = to + 4;
  out->len = len;
  out->elem = elem;
  out->depth = t->depth;
  return 1;
}

int fb_string(const fb_table *t, int id, const char **s, size_t *len) {
  fb_vec v;
  int rc = fb_vector(t, id, 1, &v);
  if (rc <= 0) return rc;
  /* The terminating NUL is part of the format; require it so callers may
   * treat the bytes as a C string. */
  if (!fits(t->b, v.pos + v.len, 1) || t->b->p[v.pos + v.len] != 0)
    return bad(t->b, v.pos, "string without its terminating NUL");
  if (memchr(t->b->p + v.pos, 0, v.len)) return bad(t->b, v.pos, "string with an embedded NUL");
  *s = (const char *)t->b->p + v.pos;
  *len = v.len;
  return 1;
}

int fb_union(const fb_table *t, int id, uint8_t *type, fb_table *out) {
  if (id < 1) return 0;
  if (fb_u8(t, id - 1, 0, type)) return -1;
  if (*type == 0) return 0;
  int rc = fb_sub(t, id, out);
  if (rc == 0) return bad(t->b, t->pos, "union with a type but no value");
  return rc;
}

uint32_t fb_vec_u32(const fb_vec *v, uint32_t i) { return fb_ld32(v->b->p + v->pos + (size_t)i * v->elem); }
int32_t fb_vec_i32(const fb_vec *v, uint32_t i) { return (int32_t)fb_vec_u32(v, i); }
const uint8_t *fb_vec_ptr(const fb_vec *v, uint32_t i) { return v->b->p + v->pos + (size_t)i * v->elem; }

int fb_vec_table(const fb_vec *v, uint32_t i, fb_table *out) {
  size_t at = v->pos + (size_t)i * 4, to;
  if (v->elem != 4 || i >= v->len) return bad(v->b, v->pos, "vector element out of range");
  if (follow(v->b, at, &to)) return -1;
  return fb_table_at(v->b, to, v->depth + 1, out);
}
