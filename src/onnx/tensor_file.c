/* tensor_file.c - .npy / TensorProto .pb tensor files. See tensor_file.h. */
#include "tensor_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onnx_import.h"
#include "pb.h"

/* numpy dtype descriptors. '|' marks byte-order-free one-byte types, which
 * is how numpy writes them; '<' is accepted for those too. The first entry
 * of a dtype is the one we write. */
static const struct { const char *descr; ir_dtype dt; } npy_types[] = {
  {"<f4", IR_F32}, {"<f8", IR_F64}, {"<f2", IR_F16}, {"|i1", IR_I8}, {"<i1", IR_I8},
  {"<i2", IR_I16}, {"<i4", IR_I32}, {"<i8", IR_I64}, {"|u1", IR_U8}, {"<u1", IR_U8},
  {"<u2", IR_U16}, {"<u4", IR_U32}, {"<u8", IR_U64}, {"|b1", IR_BOOL}};
#define N_NPY_TYPES (sizeof npy_types / sizeof *npy_types)

static int is_npy(const char *path, kiln_diag *d, int *npy) {
  const char *dot = strrchr(path, '.');
  if (dot && strchr(dot, '/')) dot = NULL;
  if (dot && strcmp(dot, ".npy") == 0) *npy = 1;
  else if (dot && strcmp(dot, ".pb") == 0) *npy = 0;
  else return kiln_fail(d, "unknown tensor file type; expected a .npy or .pb file name");
  return 0;
}

static void tensor_clear(ir_tensor *t) {
  if (t->dtype == IR_STRING && t->owned)
    for (size_t i = 0; i < t->nbytes / sizeof(char *); i++) free(((char **)t->owned)[i]);
  free(t->owned);
  free(t->name);
  for (int i = 0; i < IR_MAX_RANK; i++) free(t->dim_param[i]);
  memset(t, 0, sizeof *t);
}

/* ---- .npy header: a Python dict literal ---------------------------------- */

typedef struct cur {
  const char *p, *end;
} cur;

static void skip_ws(cur *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

static int eat(cur *c, char ch) {
  skip_ws(c);
  if (c->p < c->end && *c->p == ch) {
    c->p++;
    return 1;
  }
  return 0;
}

/* A quoted string without escapes, copied into buf. */
static int get_str(cur *c, char *buf, size_t n) {
  skip_ws(c);
  if (c->p >= c->end || (*c->p != '\'' && *c->p != '"')) return -1;
  char q = *c->p++;
  size_t k = 0;
  while (c->p < c->end && *c->p != q) {
    if (*c->p == '\\' || k + 1 >= n) return -1;
    buf[k++] = *c->p++;
  }
  if (c->p >= c->end) return -1;
  c->p++;
  buf[k] = 0;
  return 0;
}

static int get_word(cur *c, const char *w) {
  size_t n = strlen(w);
  skip_ws(c);
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n)) return 0;
  c->p += n;
  return 1;
}

/* "(2, 3)", "(5,)", "()". */
static int get_shape(cur *c, int *rank, int64_t *dims) {
  *rank = 0;
  if (!eat(c, '(')) return -1;
  while (!eat(c, ')')) {
    skip_ws(c);
    if (*rank == IR_MAX_RANK || c->p >= c->end || *c->p < '0' || *c->p > '9') return -1;
    int64_t v = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
      if (v > (INT64_MAX - 9) / 10) return -1;
      v = v * 10 + (*c->p++ - '0');
    }
    dims[(*rank)++] = v;
    if (!eat(c, ',')) {
      if (!eat(c, ')')) return -1;
      break;
    }
  }
  return 0;
}

static int npy_parse(kiln_diag *d, const uint8_t *buf, size_t len, ir_tensor *out) {
  if (len < 10 || memcmp(buf, "\x93NUMPY", 6) != 0) return kiln_fail(d, "not a .npy file (bad magic)");
  int major = buf[6], minor = buf[7];
  size_t hlen, hstart;
  /* v1 has a 2-byte header length; v2 (big headers) and v3 (utf-8) 4. */
  if (major == 1) {
    hlen = (size_t)buf[8] | (size_t)buf[9] << 8;
    hstart = 10;
  } else if ((major == 2 || major == 3) && len >= 12) {
    hlen = (size_t)buf[8] | (size_t)buf[9] << 8 | (size_t)buf[10] << 16 | (size_t)buf[11] << 24;
    hstart = 12;
  } else {
    return kiln_fail(d, "unsupported .npy version %d.%d (supported: 1.0, 2.0, 3.0)", major, minor);
  }
  if (hlen > len - hstart) return kiln_fail(d, "truncated .npy header");
  cur c = {(const char *)buf + hstart, (const char *)buf + hstart + hlen};
  char key[32], descr[32] = "";
  int have[3] = {0, 0, 0}, fortran = 0, rank = 0;
  int64_t dims[IR_MAX_RANK];
  if (!eat(&c, '{')) goto bad;
  while (!eat(&c, '}')) {
    if (get_str(&c, key, sizeof key) || !eat(&c, ':')) goto bad;
    if (strcmp(key, "descr") == 0 && !have[0]) {
      if (get_str(&c, descr, sizeof descr)) goto bad;
      have[0] = 1;
    } else if (strcmp(key, "fortran_order") == 0 && !have[1]) {
      if (get_word(&c, "True")) fortran = 1;
      else if (!get_word(&c, "False")) goto bad;
      have[1] = 1;
    } else if (strcmp(key, "shape") == 0 && !have[2]) {
      if (get_shape(&c, &rank, dims)) goto bad;
      have[2] = 1;
    } else {
      goto bad;
    }
    if (!eat(&c, ',')) {
      if (!eat(&c, '}')) goto bad;
      break;
    }
  }
  skip_ws(&c);
  if (c.p != c.end || !have[0] || !have[1] || !have[2]) goto bad;
  if (fortran) return kiln_fail(d, ".npy data in Fortran order is unsupported; save it in C order");
  ir_dtype dt = IR_UNDEFINED;
  for (size_t i = 0; i < N_NPY_TYPES; i++)
    if (strcmp(descr, npy_types[i].descr) == 0) dt = npy_types[i].dt;
  if (descr[0] == '>') return kiln_fail(d, "big-endian .npy data ('%s') is unsupported", descr);
  if (dt == IR_UNDEFINED)
    return kiln_fail(d, ".npy dtype '%s' is unsupported; supported: <f4 <f8 <f2 <i1 <i2 <i4 <i8 <u1 <u2 "
                        "<u4 <u8 |b1 |i1 |u1", descr);
  ir_set_shape(out, dt, rank, dims);
  int64_t nb = ir_nbytes(out);
  size_t have_bytes = len - hstart - hlen;
  if (nb < 0 || (uint64_t)nb != have_bytes) {
    char shp[128];
    return kiln_fail(d, ".npy data has %zu bytes, expected %lld for %s %s", have_bytes, (long long)nb,
                     ir_dtype_name(dt), ir_shape_str(out, shp, sizeof shp));
  }
  if (!(out->owned = kiln_malloc(have_bytes))) return kiln_fail(d, "out of memory");
  memcpy(out->owned, buf + hstart + hlen, have_bytes);
  out->data = out->owned;
  out->nbytes = have_bytes;
  return 0;
bad:
  return kiln_fail(d, "malformed .npy header at byte %zu", (size_t)(c.p - (const char *)buf));
}

int tensor_file_read(kiln_diag *d, const char *path, ir_tensor *out) {
  const char *saved = d->file;
  int npy, rc = -1;
  size_t len = 0;
  uint8_t *buf = NULL;
  char *dir = NULL;
  d->file = path;
  memset(out, 0, sizeof *out);
  out->rank = -1;
  if (is_npy(path, d, &npy)) goto done;
  if (!(buf = kiln_read_file(path, &len))) {
    kiln_fail(d, "cannot read: %s", strerror(errno));
    goto done;
  }
  if (npy) {
    rc = npy_parse(d, buf, len, out);
  } else {
    const char *slash = strrchr(path, '/');
    pb_reader r;
    pb_init(&r, buf, len, NULL);
    dir = !slash ? kiln_strdup(".") : kiln_strndup(path, slash == path ? 1 : (size_t)(slash - path));
    if (!dir) kiln_fail(d, "out of memory");
    /* The file buffer is freed below: never alias it (zero_copy = 0). */
    else if (!onnx_parse_tensor(d, &r, dir, /*zero_copy=*/0, "tensor", NULL, out))
      rc = out->dtype == IR_STRING ? kiln_fail(d, "string tensors are unsupported in tensor files") : 0;
  }
done:
  if (rc) tensor_clear(out);
  free(buf);
  free(dir);
  d->file = saved;
  return rc;
}

/* ---- writing ------------------------------------------------------------- */

int tensor_file_write(kiln_diag *d, const char *path, const ir_tensor *t) {
  const char *saved = d->file;
  int npy, rc = -1;
  kiln_buf b;
  char shp[128];
  kiln_buf_init(&b);
  d->file = path;
  if (is_npy(path, d, &npy)) goto done;
  int64_t nb = ir_nbytes(t);
  if (t->rank < 0 || t->rank > IR_MAX_RANK || nb < 0) {
    kiln_fail(d, "tensor '%s' has no known shape", t->name ? t->name : "");
    goto done;
  }
  if (t->dtype == IR_STRING || !ir_dtype_size(t->dtype)) {
    kiln_fail(d, "cannot write %s tensors", ir_dtype_name(t->dtype));
    goto done;
  }
  if ((uint64_t)nb != t->nbytes || (!t->data && nb)) {
    kiln_fail(d, "tensor '%s' has %zu bytes of data, expected %lld for %s %s", t->name ? t->name : "",
              t->data ? t->nbytes : 0, (long long)nb, ir_dtype_name(t->dtype), ir_shape_str(t, shp, sizeof shp));
    goto done;
  }
  if (npy) {
    const char *descr = NULL;
    for (size_t i = 0; i < N_NPY_TYPES && !descr; i++)
      if (npy_types[i].dt == t->dtype) descr = npy_types[i].descr;
    if (!descr) {
      kiln_fail(d, ".npy cannot hold %s tensors", ir_dtype_name(t->dtype));
      goto done;
    }
    kiln_buf h;
    kiln_buf_init(&h);
    kiln_buf_printf(&h, "{'descr': '%s', 'fortran_order': False, 'shape': (", descr);
    for (int i = 0; i < t->rank; i++) kiln_buf_printf(&h, "%s%lld", i ? ", " : "", (long long)t->dims[i]);
    kiln_buf_puts(&h, t->rank == 1 ? ",), }" : "), }");
    /* numpy pads the header with spaces and a final '\n' so that the data
     * starts at a multiple of 64 bytes. */
    while ((10 + h.len + 1) % 64) kiln_buf_put(&h, " ", 1);
    kiln_buf_put(&h, "\n", 1);
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(h.len & 0xff),
                             (unsigned char)(h.len >> 8)};
    kiln_buf_put(&b, pre, sizeof pre);
    kiln_buf_put(&b, h.data, h.len);
    b.oom |= h.oom;
    kiln_buf_free(&h);
    if (t->nbytes) kiln_buf_put(&b, t->data, t->nbytes);
  } else {
    /* TensorProto: dims (1, unpacked as onnx writes them), data_type (2),
     * name (8), raw_data (9). */
    for (int i = 0; i < t->rank; i++) {
      pb_put_tag(&b, 1, PB_VARINT);
      pb_put_varint(&b, (uint64_t)t->dims[i]);
    }
    pb_put_tag(&b, 2, PB_VARINT);
    pb_put_varint(&b, (uint64_t)t->dtype);
    if (t->name && t->name[0]) pb_put_bytes(&b, 8, t->name, strlen(t->name));
    pb_put_bytes(&b, 9, t->nbytes ? t->data : "", t->nbytes);
  }
  if (b.oom) {
    kiln_fail(d, "out of memory");
    goto done;
  }
  if (kiln_write_file(path, b.data ? b.data : "", b.len)) {
    kiln_fail(d, "cannot write: %s", strerror(errno));
    goto done;
  }
  rc = 0;
done:
  kiln_buf_free(&b);
  d->file = saved;
  return rc;
}

/* ---- sequences and optionals (.pb only) ------------------------------------ */

void tensor_file_free(ir_tensor *t) { tensor_clear(t); }

/* Appends the TensorProto of t (dims, data_type, raw_data) to b. */
static void put_tensor(kiln_buf *b, const ir_tensor *t) {
  for (int i = 0; i < t->rank; i++) {
    pb_put_tag(b, 1, PB_VARINT);
    pb_put_varint(b, (uint64_t)t->dims[i]);
  }
  pb_put_tag(b, 2, PB_VARINT);
  pb_put_varint(b, (uint64_t)t->dtype);
  pb_put_bytes(b, 9, t->nbytes ? t->data : "", t->nbytes);
}

/* Elements (field `num`, TensorProtos) of the message r into a growing array. */
static int read_elems(kiln_diag *d, const pb_reader *r, uint32_t num, const char *dir, ir_tensor **elems, int *n) {
  pb_reader it = *r, sub;
  pb_field f;
  int rc;
  while ((rc = pb_next(d, &it, &f)) > 0) {
    if (f.num != num) continue;
    if (pb_want(d, &it, &f, PB_LEN)) return -1;
    if (*n >= 4096) return kiln_fail(d, "more than 4096 sequence elements");
    ir_tensor *p = kiln_realloc(*elems, (size_t)(*n + 1) * sizeof *p);
    if (!p) return kiln_fail(d, "out of memory");
    *elems = p;
    memset(&p[*n], 0, sizeof *p);
    (*n)++;
    pb_sub(&it, &f, NULL, &sub);
    if (onnx_parse_tensor(d, &sub, dir, /*zero_copy=*/0, "sequence element", NULL, &p[*n - 1])) return -1;
    if (p[*n - 1].dtype == IR_STRING) return kiln_fail(d, "string tensors are unsupported in tensor files");
  }
  return rc < 0 ? -1 : 0;
}

/* elem_type (field 2) of a SequenceProto/OptionalProto, and the LEN field
 * `want` if present. */
static int proto_kind(kiln_diag *d, const pb_reader *r, uint32_t want, int64_t *elem_type, pb_field *wf, int *has) {
  pb_reader it = *r;
  pb_field f;
  int rc;
  *elem_type = 0;
  *has = 0;
  while ((rc = pb_next(d, &it, &f)) > 0) {
    if (f.num == 2) {
      if (pb_want(d, &it, &f, PB_VARINT)) return -1;
      *elem_type = (int64_t)f.u;
    } else if (f.num == want) {
      if (pb_want(d, &it, &f, PB_LEN)) return -1;
      *wf = f;
      *has = 1;
    }
  }
  return rc < 0 ? -1 : 0;
}

int tensor_file_read_value(kiln_diag *d, const char *path, int decl, int *present, ir_tensor **elems, int *n) {
  const char *saved = d->file;
  size_t len = 0;
  uint8_t *buf = NULL;
  char *dir = NULL;
  int rc = -1, npy;
  *present = 0;
  *elems = NULL;
  *n = 0;
  d->file = path;
  if (is_npy(path, d, &npy)) goto done;
  if (npy) {
    kiln_fail(d, "a sequence or optional value needs a .pb file (SequenceProto / OptionalProto)");
    goto done;
  }
  if (!(buf = kiln_read_file(path, &len))) {
    kiln_fail(d, "cannot read: %s", strerror(errno));
    goto done;
  }
  const char *slash = strrchr(path, '/');
  if (!(dir = !slash ? kiln_strdup(".") : kiln_strndup(path, slash == path ? 1 : (size_t)(slash - path)))) {
    kiln_fail(d, "out of memory");
    goto done;
  }
  pb_reader r, sub;
  pb_init(&r, buf, len, NULL);
  int64_t et;
  pb_field f;
  int has;
  if (decl == IR_DECL_SEQ) {
    /* SequenceProto: elem_type 1 (TENSOR), tensor_values = field 3 */
    if (proto_kind(d, &r, 3, &et, &f, &has)) goto done;
    if (et != 1 && et != 0) { kiln_fail(d, "only sequences of tensors are supported (elem_type %lld)", (long long)et); goto done; }
    *present = 1;
    rc = read_elems(d, &r, 3, dir, elems, n);
    goto done;
  }
  /* OptionalProto: elem_type 0 (empty), 1 tensor_value (3), 3 sequence_value (5) */
  if (proto_kind(d, &r, decl == IR_DECL_OPT ? 3 : 5, &et, &f, &has)) goto done;
  if (et == 0) { rc = 0; goto done; }
  if ((decl == IR_DECL_OPT && et != 1) || (decl == IR_DECL_OPT_SEQ && et != 3) || !has) {
    kiln_fail(d, "the optional holds element type %lld, not the %s the model declares", (long long)et,
              decl == IR_DECL_OPT ? "tensor" : "sequence of tensors");
    goto done;
  }
  *present = 1;
  pb_sub(&r, &f, NULL, &sub);
  if (decl == IR_DECL_OPT) {
    ir_tensor *p = kiln_calloc(1, sizeof *p);
    if (!p) { kiln_fail(d, "out of memory"); goto done; }
    *elems = p;
    *n = 1;
    if (onnx_parse_tensor(d, &sub, dir, 0, "optional element", NULL, p)) goto done;
    rc = 0;
  } else {
    int64_t et2;
    pb_field f2;
    if (proto_kind(d, &sub, 3, &et2, &f2, &has)) goto done;
    if (et2 != 1 && et2 != 0) { kiln_fail(d, "only sequences of tensors are supported"); goto done; }
    rc = read_elems(d, &sub, 3, dir, elems, n);
  }
done:
  if (rc) {
    for (int i = 0; i < *n; i++) tensor_clear(&(*elems)[i]);
    free(*elems);
    *elems = NULL;
    *n = 0;
  }
  free(buf);
  free(dir);
  d->file = saved;
  return rc;
}

int tensor_file_write_value(kiln_diag *d, const char *path, int decl, const char *name, int present,
                            const ir_tensor *elems, int n) {
  const char *saved = d->file;
  int rc = -1, npy;
  kiln_buf b, seq, el;
  kiln_buf_init(&b);
  kiln_buf_init(&seq);
  kiln_buf_init(&el);
  d->file = path;
  if (is_npy(path, d, &npy)) goto done;
  if (npy) { kiln_fail(d, "a sequence or optional value is written as .pb only"); goto done; }
  for (int i = 0; i < n; i++)
    if (elems[i].dtype == IR_STRING || (uint64_t)ir_nbytes(&elems[i]) != elems[i].nbytes) {
      kiln_fail(d, "element %d cannot be written", i);
      goto done;
    }
  /* SequenceProto: name 1, elem_type 2 = TENSOR, tensor_values 3 */
  if (decl == IR_DECL_SEQ || decl == IR_DECL_OPT_SEQ) {
    if (name && name[0] && decl == IR_DECL_SEQ) pb_put_bytes(&seq, 1, name, strlen(name));
    pb_put_tag(&seq, 2, PB_VARINT);
    pb_put_varint(&seq, 1);
    for (int i = 0; i < n; i++) {
      el.len = 0;
      put_tensor(&el, &elems[i]);
      pb_put_bytes(&seq, 3, el.data ? el.data : "", el.len);
    }
  }
  if (decl == IR_DECL_SEQ) {
    kiln_buf_put(&b, seq.data ? seq.data : "", seq.len);
  } else { /* OptionalProto: name 1, elem_type 2, tensor_value 3, sequence_value 5 */
    if (name && name[0]) pb_put_bytes(&b, 1, name, strlen(name));
    if (present) {
      pb_put_tag(&b, 2, PB_VARINT);
      pb_put_varint(&b, decl == IR_DECL_OPT ? 1 : 3);
      if (decl == IR_DECL_OPT) {
        if (n != 1) { kiln_fail(d, "internal: optional tensor with %d values", n); goto done; }
        put_tensor(&el, &elems[0]);
        pb_put_bytes(&b, 3, el.data ? el.data : "", el.len);
      } else {
        pb_put_bytes(&b, 5, seq.data ? seq.data : "", seq.len);
      }
    }
  }
  if (b.oom || seq.oom || el.oom) { kiln_fail(d, "out of memory"); goto done; }
  if (kiln_write_file(path, b.data ? b.data : "", b.len)) {
    kiln_fail(d, "cannot write: %s", strerror(errno));
    goto done;
  }
  rc = 0;
done:
  kiln_buf_free(&b);
  kiln_buf_free(&seq);
  kiln_buf_free(&el);
  d->file = saved;
  return rc;
}
