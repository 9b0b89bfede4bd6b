/* pb.h - a bounds-checked reader (and a tiny writer) for the protobuf wire
 * format, just enough for ONNX.
 *
 * A message is a sequence of fields, each a varint tag (field << 3 | wire
 * type) followed by its payload. Readers are plain values over [pos, end)
 * of one buffer: copy a reader to scan the same message twice, pb_sub() to
 * descend into a length-delimited sub-message. Nothing ever reads outside
 * the buffer, and every error names the field and its byte offset from the
 * start of the buffer (the file), e.g.
 *   "truncated field 5 (GraphProto.initializer) at byte 1234".
 * Unknown fields of every valid wire type are consumed by pb_next() and
 * simply ignored by callers; deprecated groups (wire types 3/4) are errors.
 */
#ifndef KILN_PB_H
#define KILN_PB_H

#include <stddef.h>
#include <stdint.h>
#include "../util/util.h"

enum { PB_VARINT = 0, PB_I64 = 1, PB_LEN = 2, PB_SGROUP = 3, PB_EGROUP = 4, PB_I32 = 5 };

/* A message type's name and field names (indexed by field number, gaps
 * NULL), only used to make error messages readable. */
typedef struct pb_msg {
  const char *name;
  const char *const *fields;
  int n_fields;
} pb_msg;

typedef struct pb_reader {
  const uint8_t *base; /* start of the buffer; offsets count from here */
  size_t pos, end;     /* unread part of this message */
  const pb_msg *msg;
} pb_reader;

typedef struct pb_field {
  uint32_t num;      /* field number */
  int wire;          /* PB_VARINT, PB_I64, PB_LEN or PB_I32 */
  size_t off;        /* offset of the tag */
  uint64_t u;        /* value of VARINT / I32 / I64 fields (raw bits) */
  size_t data, len;  /* LEN fields: payload offset and length */
} pb_field;

/* Reader over a whole buffer holding one message of type msg. */
void pb_init(pb_reader *r, const void *buf, size_t len, const pb_msg *msg);
/* Reads the next field: 1 = got one, 0 = end of message, -1 = error. */
int pb_next(kiln_diag *d, pb_reader *r, pb_field *f);
/* Checks that f has wire type `wire`; records an error otherwise. */
int pb_want(kiln_diag *d, const pb_reader *r, const pb_field *f, int wire);
/* Reader over the payload of LEN field f, holding a message of type msg. */
void pb_sub(const pb_reader *r, const pb_field *f, const pb_msg *msg, pb_reader *sub);
/* "GraphProto.initializer" or "GraphProto field 99" into buf. */
const char *pb_field_name(const pb_reader *r, uint32_t num, char *buf, size_t n);
/* Copies a LEN field's payload as a NUL-terminated string (may hold NULs;
 * *len receives the length when non-NULL). Checks the wire type. */
char *pb_string(kiln_diag *d, const pb_reader *r, const pb_field *f, size_t *len);
/* Payload pointer of a LEN field. */
static inline const uint8_t *pb_bytes(const pb_reader *r, const pb_field *f) { return r->base + f->data; }

/* The values of one occurrence of a repeated scalar field. `elem` is the
 * element's wire type (PB_VARINT, PB_I32, PB_I64). Writers may emit such
 * a field unpacked (one value per occurrence, wire type elem) or packed
 * (one LEN payload of concatenated values); both are accepted, and a field
 * may occur many times. pb_iter_init validates the occurrence and returns
 * its element count, which is bounded by the bytes actually present. */
typedef struct pb_iter {
  const uint8_t *base;
  size_t pos, end;
  int elem;
  int single;          /* unpacked: the one value is in `u` */
  uint64_t u;
  uint32_t num;
  const pb_msg *msg;
} pb_iter;

int pb_iter_init(kiln_diag *d, const pb_reader *r, const pb_field *f, int elem, pb_iter *it,
                 size_t *count);
/* 1 = *v set, 0 = no more values, -1 = error. */
int pb_iter_next(kiln_diag *d, pb_iter *it, uint64_t *v);

/* Writer: appends wire-format pieces to a kiln_buf. */
void pb_put_varint(kiln_buf *b, uint64_t v);
void pb_put_tag(kiln_buf *b, uint32_t num, int wire);
void pb_put_bytes(kiln_buf *b, uint32_t num, const void *p, size_t n);

#endif
