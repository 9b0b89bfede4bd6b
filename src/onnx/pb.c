/* pb.c - protobuf wire format, bounds-checked. See pb.h. */
#include "pb.h"

#include <stdio.h>
#include <string.h>

enum { VARINT_OK = 0, VARINT_TRUNCATED = -1, VARINT_OVERFLOW = -2 };

/* A varint is at most 10 bytes of 7 bits; the 10th byte may only carry
 * bit 63, so anything above 1 there (or an 11th byte) overflows uint64. */
static int get_varint(const uint8_t *base, size_t *pos, size_t end, uint64_t *v) {
  uint64_t x = 0;
  size_t p = *pos;
  for (int shift = 0;; shift += 7) {
    if (p >= end) return VARINT_TRUNCATED;
    uint8_t b = base[p++];
    if (shift == 63 && b > 1) return VARINT_OVERFLOW;
    x |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  *pos = p;
  *v = x;
  return VARINT_OK;
}

static const char *wire_name(int w) {
  static const char *const names[] = {"varint", "fixed64", "length-delimited", "start-group",
                                      "end-group", "fixed32"};
  return w >= 0 && w <= 5 ? names[w] : "invalid";
}

static const char *msg_field_name(const pb_msg *m, uint32_t num, char *buf, size_t n) {
  const char *mn = m ? m->name : "message";
  if (m && num < (uint32_t)m->n_fields && m->fields[num])
    snprintf(buf, n, "%s.%s", mn, m->fields[num]);
  else
    snprintf(buf, n, "%s field %u", mn, (unsigned)num);
  return buf;
}

const char *pb_field_name(const pb_reader *r, uint32_t num, char *buf, size_t n) {
  return msg_field_name(r->msg, num, buf, n);
}

void pb_init(pb_reader *r, const void *buf, size_t len, const pb_msg *msg) {
  r->base = buf;
  r->pos = 0;
  r->end = len;
  r->msg = msg;
}

void pb_sub(const pb_reader *r, const pb_field *f, const pb_msg *msg, pb_reader *sub) {
  sub->base = r->base;
  sub->pos = f->data;
  sub->end = f->data + f->len;
  sub->msg = msg;
}

/* "<what> in field N (Msg.name) at byte K", named only when failing. */
static int field_fail(kiln_diag *d, const pb_reader *r, const pb_field *f, const char *what) {
  char nm[96];
  return kiln_fail(d, "%s field %u (%s) at byte %zu", what, f->num, pb_field_name(r, f->num, nm, sizeof nm), f->off);
}

int pb_next(kiln_diag *d, pb_reader *r, pb_field *f) {
  if (r->pos >= r->end) return 0;
  memset(f, 0, sizeof *f);
  f->off = r->pos;
  uint64_t tag;
  int rc = get_varint(r->base, &r->pos, r->end, &tag);
  if (rc == VARINT_TRUNCATED)
    return kiln_fail(d, "truncated tag in %s at byte %zu", r->msg ? r->msg->name : "message", f->off);
  if (rc == VARINT_OVERFLOW || tag > 0xffffffffu || (tag >> 3) == 0)
    return kiln_fail(d, "invalid tag in %s at byte %zu", r->msg ? r->msg->name : "message", f->off);
  f->num = (uint32_t)(tag >> 3);
  f->wire = (int)(tag & 7);
  switch (f->wire) {
  case PB_VARINT:
    rc = get_varint(r->base, &r->pos, r->end, &f->u);
    if (rc == VARINT_OVERFLOW) return field_fail(d, r, f, "varint overflow in");
    if (rc != VARINT_OK) break;
    return 1;
  case PB_I64:
  case PB_I32: {
    size_t n = f->wire == PB_I64 ? 8 : 4;
    if (r->end - r->pos < n) break;
    /* Fixed-width fields are little-endian on the wire. */
    f->u = 0;
    for (size_t i = 0; i < n; i++) f->u |= (uint64_t)r->base[r->pos + i] << (8 * i);
    r->pos += n;
    return 1;
  }
  case PB_LEN: {
    uint64_t len;
    rc = get_varint(r->base, &r->pos, r->end, &len);
    if (rc == VARINT_OVERFLOW) return field_fail(d, r, f, "varint overflow in");
    if (rc != VARINT_OK || len > r->end - r->pos) break;
    f->data = r->pos;
    f->len = (size_t)len;
    r->pos += (size_t)len;
    return 1;
  }
  case PB_SGROUP:
  case PB_EGROUP: /* proto2 groups: ONNX never uses them */
    return field_fail(d, r, f, "deprecated group (wire type 3/4), unsupported, in");
  default:
    return field_fail(d, r, f, f->wire == 6 ? "invalid wire type 6 in" : "invalid wire type 7 in");
  }
  return field_fail(d, r, f, "truncated");
}

int pb_want(kiln_diag *d, const pb_reader *r, const pb_field *f, int wire) {
  char nm[96];
  if (f->wire == wire) return 0;
  return kiln_fail(d, "field %u (%s) has wire type %d (%s), expected %d (%s) at byte %zu", f->num,
                   pb_field_name(r, f->num, nm, sizeof nm), f->wire, wire_name(f->wire), wire,
                   wire_name(wire), f->off);
}

char *pb_string(kiln_diag *d, const pb_reader *r, const pb_field *f, size_t *len) {
  if (pb_want(d, r, f, PB_LEN)) return NULL;
  char *s = kiln_malloc(f->len + 1);
  if (!s) {
    kiln_fail(d, "out of memory");
    return NULL;
  }
  memcpy(s, r->base + f->data, f->len);
  s[f->len] = 0;
  if (len) *len = f->len;
  return s;
}

int pb_iter_init(kiln_diag *d, const pb_reader *r, const pb_field *f, int elem, pb_iter *it,
                 size_t *count) {
  char nm[96];
  memset(it, 0, sizeof *it);
  it->base = r->base;
  it->elem = elem;
  it->num = f->num;
  it->msg = r->msg;
  if (f->wire == elem) {
    it->single = 1;
    it->u = f->u;
    *count = 1;
    return 0;
  }
  if (pb_want(d, r, f, PB_LEN)) return -1; /* neither unpacked nor packed */
  it->pos = f->data;
  it->end = f->data + f->len;
  const uint8_t *p = r->base + f->data;
  if (elem == PB_VARINT) {
    /* Every varint ends with exactly one byte below 0x80. */
    size_t n = 0;
    for (size_t i = 0; i < f->len; i++) n += p[i] < 0x80;
    if (f->len && p[f->len - 1] >= 0x80)
      return kiln_fail(d, "truncated packed field %u (%s) at byte %zu", f->num,
                       pb_field_name(r, f->num, nm, sizeof nm), f->off);
    *count = n;
    return 0;
  }
  size_t w = elem == PB_I64 ? 8 : 4;
  if (f->len % w)
    return kiln_fail(d, "packed field %u (%s) has %zu bytes, not a multiple of %zu, at byte %zu", f->num,
                     pb_field_name(r, f->num, nm, sizeof nm), f->len, w, f->off);
  *count = f->len / w;
  return 0;
}

int pb_iter_next(kiln_diag *d, pb_iter *it, uint64_t *v) {
  char nm[96];
  if (it->single) {
    if (it->single == 2) return 0;
    it->single = 2;
    *v = it->u;
    return 1;
  }
  if (it->pos >= it->end) return 0;
  if (it->elem == PB_VARINT) {
    size_t at = it->pos;
    int rc = get_varint(it->base, &it->pos, it->end, v);
    if (rc == VARINT_OK) return 1;
    return kiln_fail(d, "%s varint in packed field %u (%s) at byte %zu",
                     rc == VARINT_OVERFLOW ? "overflowing" : "truncated", it->num,
                     msg_field_name(it->msg, it->num, nm, sizeof nm), at);
  }
  size_t w = it->elem == PB_I64 ? 8 : 4;
  if (it->end - it->pos < w) /* pb_iter_init checked the length; stay safe anyway */
    return kiln_fail(d, "truncated packed field %u at byte %zu", it->num, it->pos);
  *v = 0;
  for (size_t i = 0; i < w; i++) *v |= (uint64_t)it->base[it->pos + i] << (8 * i);
  it->pos += w;
  return 1;
}

void pb_put_varint(kiln_buf *b, uint64_t v) {
  uint8_t tmp[10];
  size_t n = 0;
  do {
    tmp[n] = (uint8_t)(v & 0x7f);
    v >>= 7;
    if (v) tmp[n] |= 0x80;
    n++;
  } while (v);
  kiln_buf_put(b, tmp, n);
}

void pb_put_tag(kiln_buf *b, uint32_t num, int wire) { pb_put_varint(b, (uint64_t)num << 3 | (unsigned)wire); }

void pb_put_bytes(kiln_buf *b, uint32_t num, const void *p, size_t n) {
  pb_put_tag(b, num, PB_LEN);
  pb_put_varint(b, n);
  kiln_buf_put(b, p, n);
}
