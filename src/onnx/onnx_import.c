/* onnx_import.c - ONNX protobuf -> ir_graph. See onnx_import.h.
 *
 * Protobuf writers emit fields in field-number order, so a GraphProto has
 * its nodes (field 1) before its initializers (5) and inputs (11), and a
 * ModelProto its graph (7) before its opset imports (8). We therefore scan
 * messages several times, one concern per pass, instead of assuming order.
 */
#define _POSIX_C_SOURCE 200809L
#include "onnx_import.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Field names from onnx.proto, for error messages only. */
#define MSG(var, nm, arr) static const pb_msg var = {nm, arr, (int)(sizeof arr / sizeof *arr)}
static const char *const model_f[] = {[1] = "ir_version", [2] = "producer_name", [3] = "producer_version",
  [4] = "domain", [5] = "model_version", [6] = "doc_string", [7] = "graph", [8] = "opset_import",
  [14] = "metadata_props", [20] = "training_info", [25] = "functions"};
static const char *const opset_f[] = {[1] = "domain", [2] = "version"};
static const char *const graph_f[] = {[1] = "node", [2] = "name", [5] = "initializer", [10] = "doc_string",
  [11] = "input", [12] = "output", [13] = "value_info", [14] = "quantization_annotation",
  [15] = "sparse_initializer", [16] = "metadata_props"};
static const char *const node_f[] = {[1] = "input", [2] = "output", [3] = "name", [4] = "op_type",
  [5] = "attribute", [6] = "doc_string", [7] = "domain", [8] = "overload", [9] = "metadata_props"};
static const char *const attr_f[] = {[1] = "name", [2] = "f", [3] = "i", [4] = "s", [5] = "t", [6] = "g",
  [7] = "floats", [8] = "ints", [9] = "strings", [10] = "tensors", [11] = "graphs", [13] = "doc_string",
  [14] = "tp", [15] = "type_protos", [20] = "type", [21] = "ref_attr_name", [22] = "sparse_tensor",
  [23] = "sparse_tensors"};
static const char *const tensor_f[] = {[1] = "dims", [2] = "data_type", [3] = "segment", [4] = "float_data",
  [5] = "int32_data", [6] = "string_data", [7] = "int64_data", [8] = "name", [9] = "raw_data",
  [10] = "double_data", [11] = "uint64_data", [12] = "doc_string", [13] = "external_data",
  [14] = "data_location", [16] = "metadata_props"};
static const char *const entry_f[] = {[1] = "key", [2] = "value"};
static const char *const vinfo_f[] = {[1] = "name", [2] = "type", [3] = "doc_string", [4] = "metadata_props"};
static const char *const type_f[] = {[1] = "tensor_type", [4] = "sequence_type", [5] = "map_type",
  [6] = "denotation", [8] = "sparse_tensor_type", [9] = "optional_type"};
static const char *const ttype_f[] = {[1] = "elem_type", [2] = "shape"};
static const char *const stype_f[] = {[1] = "elem_type"};
static const char *const shape_f[] = {[1] = "dim"};
static const char *const dim_f[] = {[1] = "dim_value", [2] = "dim_param", [3] = "denotation"};
MSG(M_MODEL, "ModelProto", model_f);
MSG(M_OPSET, "OperatorSetIdProto", opset_f);
MSG(M_GRAPH, "GraphProto", graph_f);
MSG(M_NODE, "NodeProto", node_f);
MSG(M_ATTR, "AttributeProto", attr_f);
MSG(M_TENSOR, "TensorProto", tensor_f);
MSG(M_ENTRY, "StringStringEntryProto", entry_f);
MSG(M_VINFO, "ValueInfoProto", vinfo_f);
MSG(M_TYPE, "TypeProto", type_f);
MSG(M_TTYPE, "TypeProto.Tensor", ttype_f);
MSG(M_STYPE, "TypeProto.Sequence", stype_f);
MSG(M_OTYPE, "TypeProto.Optional", stype_f);
MSG(M_SHAPE, "TensorShapeProto", shape_f);
MSG(M_DIM, "TensorShapeProto.Dimension", dim_f);

#define MAX_SUBGRAPH_DEPTH 64 /* a crafted file must not exhaust the stack */

static int oom(kiln_diag *d) { return kiln_fail(d, "out of memory"); }

/* ---- element types ---------------------------------------------------- */

static int dtype_supported(int64_t dt) {
  switch (dt) {
  case IR_F32: case IR_U8: case IR_I8: case IR_U16: case IR_I16: case IR_I32: case IR_I64:
  case IR_STRING: case IR_BOOL: case IR_F16: case IR_F64: case IR_U32: case IR_U64: case IR_BF16:
    return 1;
  default: return 0;
  }
}

/* TensorProto.DataType names of the types we refuse, so errors say what. */
static const char *onnx_dtype_name(int64_t dt) {
  static const char *const other[] = {[14] = "complex64", [15] = "complex128", [17] = "float8e4m3fn",
    [18] = "float8e4m3fnuz", [19] = "float8e5m2", [20] = "float8e5m2fnuz", [21] = "uint4", [22] = "int4",
    [23] = "float4e2m1", [24] = "float8e8m0", [25] = "uint2", [26] = "int2", [27] = "float6e2m3",
    [28] = "float6e3m2"};
  if (dtype_supported(dt)) return ir_dtype_name((ir_dtype)dt);
  if (dt >= 0 && dt < (int64_t)(sizeof other / sizeof *other) && other[dt]) return other[dt];
  return dt == 0 ? "undefined" : "unknown";
}

#define SUPPORTED_DTYPES \
  "float32, float16, bfloat16, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool, string"

/* ---- TensorProto ------------------------------------------------------ */

typedef struct tctx {
  kiln_diag *d;
  const ir_node *node;
  const char *what;
  const ir_tensor *t;
} tctx;

/* "WHAT 'NAME': <msg>", against the node when there is one. */
static int tfail(const tctx *c, const char *fmt, ...) KILN_PRINTF(2, 3);
static int tfail(const tctx *c, const char *fmt, ...) {
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const char *name = c->t->name ? c->t->name : "";
  if (c->node) return ir_node_fail(c->d, c->node, "%s '%s': %s", c->what, name, msg);
  return kiln_fail(c->d, "%s '%s': %s", c->what, name, msg);
}

/* Strict decimal for external_data offset/length (no sign, no spaces). */
static int parse_size(const char *s, size_t *out) {
  size_t v = 0;
  if (!*s) return -1;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return -1;
    if (kiln_mul_size(v, 10, &v) || kiln_add_size(v, (size_t)(*s - '0'), &v)) return -1;
  }
  *out = v;
  return 0;
}

/* The location must stay inside the model's folder: relative, and no ".."
 * component (separators '/' and '\\', as writers on Windows use). */
static int location_ok(const char *loc, size_t len) {
  if (len == 0 || strlen(loc) != len || loc[0] == '/' || loc[0] == '\\') return 0;
  for (const char *p = loc; *p;) {
    size_t n = strcspn(p, "/\\");
    if (n == 2 && p[0] == '.' && p[1] == '.') return 0;
    p += n;
    if (*p) p++;
  }
  return 1;
}

/* External data (data_location = EXTERNAL): key/value pairs "location",
 * "offset", "length" ("checksum" and others are ignored). The bytes are
 * read into owned memory after checking the file really holds them. */
static int read_external(const tctx *c, const char *dir, char **kv, size_t loc_len, size_t nbytes,
                         ir_tensor *t) {
  const char *loc = kv[0], *soff = kv[1], *slen = kv[2];
  size_t off = 0, len = nbytes;
  if (!dir) return tfail(c, "external data is not supported here");
  if (!loc) return tfail(c, "external data without a 'location'");
  if (!location_ok(loc, loc_len))
    return tfail(c, "external data location '%s' must be a relative path inside the model's folder", loc);
  if (soff && parse_size(soff, &off)) return tfail(c, "external data offset '%s' is not a number", soff);
  if (slen && parse_size(slen, &len)) return tfail(c, "external data length '%s' is not a number", slen);
  if (len != nbytes)
    return tfail(c, "external data length is %zu bytes, expected %zu for its type and shape", len, nbytes);
  char *path = kiln_malloc(strlen(dir) + strlen(loc) + 2);
  if (!path) return oom(c->d);
  sprintf(path, "%s/%s", dir, loc);
  int fd = open(path, O_RDONLY);
  struct stat st;
  int rc = -1;
  if (fd < 0 || fstat(fd, &st) != 0) {
    tfail(c, "cannot open external data '%s': %s", path, strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    tfail(c, "external data '%s' is not a regular file", path);
  } else if ((uint64_t)st.st_size < (uint64_t)off || (uint64_t)st.st_size - off < len) {
    tfail(c, "external data '%s' has %lld bytes, too short for offset %zu + length %zu", path,
          (long long)st.st_size, off, len);
  } else if (!(t->owned = kiln_malloc(len))) {
    oom(c->d);
  } else {
    size_t got = 0;
    while (got < len) {
      ssize_t k = pread(fd, (char *)t->owned + got, len - got, (off_t)(off + got));
      if (k <= 0) break;
      got += (size_t)k;
    }
    if (got == len) {
      t->data = t->owned;
      t->nbytes = len;
      rc = 0;
    } else {
      tfail(c, "cannot read external data '%s'", path);
    }
  }
  if (fd >= 0) close(fd);
  free(path);
  return rc;
}

/* Reads one StringStringEntryProto of external_data into kv[0..2]. */
static int read_entry(kiln_diag *d, const pb_reader *r, const pb_field *ef, char **kv, size_t *loc_len) {
  static const char *const keys[] = {"location", "offset", "length"};
  pb_reader e;
  pb_field f;
  int rc;
  const pb_field *key = NULL;
  pb_field kf, vf = {0};
  if (pb_want(d, r, ef, PB_LEN)) return -1;
  pb_sub(r, ef, &M_ENTRY, &e);
  while ((rc = pb_next(d, &e, &f)) > 0) {
    if ((f.num == 1 || f.num == 2) && pb_want(d, &e, &f, PB_LEN)) return -1;
    if (f.num == 1) kf = f, key = &kf;
    if (f.num == 2) vf = f;
  }
  if (rc < 0) return -1;
  if (!key) return 0;
  for (int i = 0; i < 3; i++) {
    if (key->len != strlen(keys[i]) || memcmp(pb_bytes(&e, key), keys[i], key->len)) continue;
    free(kv[i]);
    if (!(kv[i] = kiln_strndup((const char *)pb_bytes(&e, &vf), vf.len))) return oom(d);
    if (i == 0) *loc_len = vf.len;
  }
  return 0;
}

/* Which dtypes each typed repeated field may carry (onnx.proto comments):
 * int32_data holds every type narrower than 32 bits, float16/bfloat16 as
 * their bit patterns; uint64_data holds uint32 and uint64. */
static int field_fits(uint32_t num, int64_t dt) {
  switch (num) {
  case 4: return dt == IR_F32;
  case 5: return dt == IR_I32 || dt == IR_I16 || dt == IR_I8 || dt == IR_U16 || dt == IR_U8 ||
                 dt == IR_BOOL || dt == IR_F16 || dt == IR_BF16;
  case 6: return dt == IR_STRING;
  case 7: return dt == IR_I64;
  case 10: return dt == IR_F64;
  case 11: return dt == IR_U32 || dt == IR_U64;
  default: return 0;
  }
}

static int typed_elem(uint32_t num) {
  return num == 4 ? PB_I32 : num == 10 ? PB_I64 : num == 6 ? PB_LEN : PB_VARINT;
}

/* Fills owned storage from the typed repeated field `num` (count checked). */
static int fill_typed(kiln_diag *d, const pb_reader *r, uint32_t num, ir_tensor *t, size_t n) {
  pb_reader it = *r;
  pb_field f;
  size_t k = 0, es = ir_dtype_size(t->dtype);
  unsigned char *out = t->owned;
  int rc;
  while ((rc = pb_next(d, &it, &f)) > 0) {
    if (f.num != num) continue;
    if (num == 6) {
      char *s = pb_string(d, &it, &f, NULL);
      if (!s) return -1;
      if (k < n) ((char **)t->owned)[k++] = s;
      else free(s);
      continue;
    }
    pb_iter vi;
    size_t cnt;
    uint64_t v;
    if (pb_iter_init(d, &it, &f, typed_elem(num), &vi, &cnt)) return -1;
    while ((rc = pb_iter_next(d, &vi, &v)) > 0 && k < n) {
      /* Values are stored truncated to the element width: float bits from
       * fixed32, int32/float16 patterns from varints. Little-endian host. */
      if (t->dtype == IR_BOOL) v = v != 0;
      uint8_t b1 = (uint8_t)v;
      uint16_t b2 = (uint16_t)v;
      uint32_t b4 = (uint32_t)v;
      memcpy(out + k * es, es == 1 ? (void *)&b1 : es == 2 ? (void *)&b2 : es == 4 ? (void *)&b4 : (void *)&v, es);
      k++;
    }
    if (rc < 0) return -1;
  }
  return rc;
}

int onnx_parse_tensor(kiln_diag *d, const pb_reader *r, const char *dir, int zero_copy,
                      const char *what, const ir_node *node, ir_tensor *t) {
  tctx c = {d, node, what, t};
  pb_reader tr = *r, it;
  tr.msg = &M_TENSOR; /* callers outside this file have no message table */
  r = &tr;
  it = tr;
  pb_field f, raw = {0};
  int rc, rank = 0, too_deep = 0, neg = 0, have_raw = 0;
  int64_t dt = 0, loc = 0, dims[IR_MAX_RANK];
  uint32_t typed = 0;
  size_t n_typed = 0, loc_len = 0;
  char *kv[3] = {NULL, NULL, NULL};

  /* Pass 1: the name, so that every later message can say which tensor. */
  while ((rc = pb_next(d, &it, &f)) > 0) {
    if (f.num != 8) continue;
    free(t->name);
    if (!(t->name = pb_string(d, &it, &f, NULL))) return -1;
  }
  if (rc < 0) return -1;
  /* Pass 2: shape, type, and where the data is. */
  it = *r;
  while (rc >= 0 && (rc = pb_next(d, &it, &f)) > 0) {
    pb_iter vi;
    size_t cnt = 0;
    uint64_t v;
    switch (f.num) {
    case 1:
      if (pb_iter_init(d, &it, &f, PB_VARINT, &vi, &cnt)) { rc = -1; break; }
      while ((rc = pb_iter_next(d, &vi, &v)) > 0) {
        if ((int64_t)v < 0) neg = 1;
        if (rank < IR_MAX_RANK) dims[rank] = (int64_t)v;
        else too_deep = 1;
        rank += rank < INT_MAX;
      }
      break;
    case 2:
      rc = pb_want(d, &it, &f, PB_VARINT);
      dt = (int64_t)f.u;
      break;
    case 3:
      rc = tfail(&c, "segmented tensors (TensorProto.segment) are unsupported");
      break;
    case 4: case 5: case 6: case 7: case 10: case 11:
      if (typed && typed != f.num) {
        rc = tfail(&c, "has both %s and %s", tensor_f[typed], tensor_f[f.num]);
        break;
      }
      typed = f.num;
      if (f.num == 6) rc = pb_want(d, &it, &f, PB_LEN), cnt = 1;
      else rc = pb_iter_init(d, &it, &f, typed_elem(f.num), &vi, &cnt);
      n_typed += cnt; /* bounded by the file size, cannot overflow */
      break;
    case 9:
      rc = pb_want(d, &it, &f, PB_LEN);
      raw = f;
      have_raw = 1;
      break;
    case 13:
      rc = read_entry(d, &it, &f, kv, &loc_len);
      break;
    case 14:
      rc = pb_want(d, &it, &f, PB_VARINT);
      loc = (int64_t)f.u;
      break;
    }
  }
  if (rc < 0) goto fail;
  rc = -1;

  if (too_deep) { tfail(&c, "rank %d exceeds the maximum %d", rank, IR_MAX_RANK); goto fail; }
  if (neg) { tfail(&c, "has a negative dimension"); goto fail; }
  if (!dtype_supported(dt)) {
    tfail(&c, "element type %s (%lld) is unsupported; supported: " SUPPORTED_DTYPES, onnx_dtype_name(dt),
          (long long)dt);
    goto fail;
  }
  ir_set_shape(t, (ir_dtype)dt, rank, dims);
  /* Overflow-checked element count and size; nothing is allocated before
   * they have been compared with the bytes actually present. */
  size_t n = 1, es = ir_dtype_size(t->dtype), nbytes = 0;
  int big = 0;
  char shp[128];
  for (int i = 0; i < rank; i++) big |= kiln_mul_size(n, (size_t)dims[i], &n) != 0;
  /* ir_nbytes() as well: it multiplies in int64 from the left, so with a 0
   * dim after huge ones (2^59 x 16 x 0) the product here is 0 but the IR
   * calls the shape invalid (-1), and every later pass would trip on it. */
  if (big || kiln_mul_size(n, es, &nbytes) || nbytes > (size_t)INT64_MAX || ir_nbytes(t) < 0) {
    tfail(&c, "shape %s is too large", ir_shape_str(t, shp, sizeof shp));
    goto fail;
  }
  if (loc == 1) { /* EXTERNAL */
    if (have_raw || typed) { tfail(&c, "has both external data and inline data"); goto fail; }
    if (dt == IR_STRING) { tfail(&c, "string tensors cannot use external data"); goto fail; }
    rc = read_external(&c, dir, kv, loc_len, nbytes, t);
    goto fail; /* frees kv; rc tells */
  }
  if (loc != 0) { tfail(&c, "invalid data_location %lld", (long long)loc); goto fail; }
  if (have_raw && typed) { tfail(&c, "has both raw_data and %s", tensor_f[typed]); goto fail; }
  if (have_raw) {
    const uint8_t *p = pb_bytes(r, &raw);
    if (dt == IR_STRING) { tfail(&c, "string tensors cannot use raw_data"); goto fail; }
    if (raw.len != nbytes) {
      tfail(&c, "raw_data has %zu bytes, expected %zu (%s, shape %s)", raw.len, nbytes, ir_dtype_name(t->dtype),
            ir_shape_str(t, shp, sizeof shp));
      goto fail;
    }
    /* Kernels read constants as float*, int64_t*, ...: only point into
     * the file when that is properly aligned, else copy. */
    if (zero_copy && (uintptr_t)p % es == 0) {
      t->data = p;
    } else {
      if (!(t->owned = kiln_malloc(nbytes))) { oom(d); goto fail; }
      memcpy(t->owned, p, nbytes);
      t->data = t->owned;
    }
    t->nbytes = nbytes;
  } else if (typed) {
    if (!field_fits(typed, dt)) {
      tfail(&c, "%s data is in %s, which cannot hold it", ir_dtype_name(t->dtype), tensor_f[typed]);
      goto fail;
    }
    if (n_typed != n) {
      tfail(&c, "%s has %zu values, expected %zu (shape %s)", tensor_f[typed], n_typed, n,
            ir_shape_str(t, shp, sizeof shp));
      goto fail;
    }
    if (!(t->owned = kiln_calloc(n, es))) { oom(d); goto fail; }
    t->data = t->owned;
    t->nbytes = nbytes; /* set now: a string array is freed up to nbytes */
    if (fill_typed(d, r, typed, t, n)) goto fail;
  } else {
    if (n != 0) { tfail(&c, "has no data (shape %s)", ir_shape_str(t, shp, sizeof shp)); goto fail; }
    /* Empty but constant: data must still be non-NULL. */
    if (!(t->owned = kiln_malloc(1))) { oom(d); goto fail; }
    t->data = t->owned;
    t->nbytes = 0;
  }
  rc = 0;
fail:
  for (int i = 0; i < 3; i++) free(kv[i]);
  return rc < 0 ? -1 : 0;
}

/* ---- name scopes -------------------------------------------------------- */

/* Name -> tensor index for one graph (open addressing, power-of-two
 * capacity, at most half full). Models have 10^4-10^5 tensors; a linear
 * ir_find_tensor per reference would be quadratic. */
typedef struct scope {
  ir_graph *g;
  int *slot;
  size_t cap, used;
  struct scope *up; /* enclosing graph's scope, NULL at the top */
} scope;

static size_t name_hash(const char *s) { return (size_t)kiln_fnv1a64(s, strlen(s), KILN_FNV_SEED); }

static int scope_find(const scope *s, const char *name) {
  if (!s->cap) return -1;
  for (size_t i = name_hash(name) & (s->cap - 1); s->slot[i] >= 0; i = (i + 1) & (s->cap - 1))
    if (strcmp(s->g->tensors[s->slot[i]].name, name) == 0) return s->slot[i];
  return -1;
}

static int scope_outer(const scope *s, const char *name) {
  for (s = s->up; s; s = s->up)
    if (scope_find(s, name) >= 0) return 1;
  return 0;
}

static int scope_insert(scope *s, int idx) {
  if ((s->used + 1) * 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    int *slot = kiln_malloc(cap * sizeof *slot);
    if (!slot) return -1;
    for (size_t i = 0; i < cap; i++) slot[i] = -1;
    for (size_t i = 0; i < s->cap; i++) {
      if (s->slot[i] < 0) continue;
      size_t j = name_hash(s->g->tensors[s->slot[i]].name) & (cap - 1);
      while (slot[j] >= 0) j = (j + 1) & (cap - 1);
      slot[j] = s->slot[i];
    }
    free(s->slot);
    s->slot = slot;
    s->cap = cap;
  }
  size_t j = name_hash(s->g->tensors[idx].name) & (s->cap - 1);
  while (s->slot[j] >= 0) j = (j + 1) & (s->cap - 1);
  s->slot[j] = idx;
  s->used++;
  return 0;
}

/* New tensor `name` in the scope's graph. -1 after recording OOM. */
static int scope_add(kiln_diag *d, scope *s, const char *name) {
  int idx = ir_add_tensor(s->g, name);
  if (idx < 0 || scope_insert(s, idx)) return oom(d);
  return idx;
}

/* ---- importer state ----------------------------------------------------- */

typedef struct imp {
  kiln_diag *d;
  char *dir;  /* model folder, for external data */
  ir_graph *root;
  int depth;
} imp;

static int parse_graph(imp *m, const pb_reader *r, ir_graph *g, scope *up);

/* Name of a ValueInfoProto (field 1); "" if absent. */
static char *vinfo_name(kiln_diag *d, const pb_reader *r) {
  pb_reader it = *r;
  pb_field f;
  int rc;
  char *name = NULL;
  while ((rc = pb_next(d, &it, &f)) > 0) {
    if (f.num != 1) continue;
    free(name);
    if (!(name = pb_string(d, &it, &f, NULL))) return NULL;
  }
  if (rc < 0) { free(name); return NULL; }
  if (!name && !(name = kiln_strdup(""))) oom(d);
  return name;
}

/* TypeProto.sequence_type (4) / optional_type (9) in field g of `ty`:
 * seq(tensor), optional(tensor) and optional(seq(tensor)) are what kiln
 * lowers; anything else sets *bad. *elem receives the tensor element type. */
static int seq_opt_type(kiln_diag *d, const pb_reader *ty, const pb_field *g, int *decl, int64_t *elem,
                        const char **bad) {
  pb_reader st, inner, tt;
  pb_field f, h, e;
  int rc, kind = g->num == 4 ? IR_DECL_SEQ : IR_DECL_OPT;
  if (pb_want(d, ty, g, PB_LEN)) return -1;
  pb_sub(ty, g, g->num == 4 ? &M_STYPE : &M_OTYPE, &st);
  while ((rc = pb_next(d, &st, &f)) > 0) {
    if (f.num != 1) continue;
    if (pb_want(d, &st, &f, PB_LEN)) return -1;
    pb_sub(&st, &f, &M_TYPE, &inner);
    while ((rc = pb_next(d, &inner, &h)) > 0) {
      if (h.num == 4 && kind == IR_DECL_OPT) {
        int sub = 0;
        if (seq_opt_type(d, &inner, &h, &sub, elem, bad)) return -1;
        kind = IR_DECL_OPT_SEQ;
      } else if (h.num == 4 || h.num == 9) {
        *bad = kind == IR_DECL_SEQ ? "a sequence of sequences or optionals" : "an optional of an optional";
      } else if (h.num == 5 || h.num == 8) {
        *bad = "a sequence or optional of maps or sparse tensors";
      } else if (h.num == 1) {
        if (pb_want(d, &inner, &h, PB_LEN)) return -1;
        pb_sub(&inner, &h, &M_TTYPE, &tt);
        while ((rc = pb_next(d, &tt, &e)) > 0)
          if (e.num == 1) {
            if (pb_want(d, &tt, &e, PB_VARINT)) return -1;
            *elem = (int64_t)e.u;
          }
        if (rc < 0) return -1;
      }
    }
    if (rc < 0) return -1;
  }
  if (rc < 0) return -1;
  *decl = kind;
  return 0;
}

/* Applies a ValueInfoProto's tensor type to t. For graph inputs/outputs
 * (strict) a type we cannot represent is an error; value_info entries are
 * only hints, and such types are skipped. */
static int parse_vtype(imp *m, const pb_reader *r, ir_tensor *t, const char *what, int strict) {
  kiln_diag *d = m->d;
  pb_reader it = *r, ty, tt, sh, dm;
  pb_field f, g, h, k, e;
  int rc, rank = -1, have_type = 0;
  int64_t elem = 0, dims[IR_MAX_RANK];
  char *params[IR_MAX_RANK] = {0};
  const char *bad = NULL;

  while ((rc = pb_next(d, &it, &f)) > 0) {
    if (f.num != 2) continue;
    if (pb_want(d, &it, &f, PB_LEN)) return -1;
    pb_sub(&it, &f, &M_TYPE, &ty);
    have_type = 1;
    while ((rc = pb_next(d, &ty, &g)) > 0) {
      if (g.num == 4 || g.num == 9) { /* lowered at compile time: lower_control.c */
        if (seq_opt_type(d, &ty, &g, &t->vdecl, &elem, &bad)) goto fail;
        continue;
      }
      if (g.num == 5) bad = "a map";
      else if (g.num == 8) bad = "a sparse tensor";
      if (g.num != 1) continue;
      if (pb_want(d, &ty, &g, PB_LEN)) goto fail;
      pb_sub(&ty, &g, &M_TTYPE, &tt);
      while ((rc = pb_next(d, &tt, &h)) > 0) {
        if (h.num == 1) {
          if (pb_want(d, &tt, &h, PB_VARINT)) goto fail;
          elem = (int64_t)h.u;
        }
        if (h.num != 2) continue;
        if (pb_want(d, &tt, &h, PB_LEN)) goto fail;
        pb_sub(&tt, &h, &M_SHAPE, &sh);
        for (int i = 0; i < IR_MAX_RANK; i++) free(params[i]), params[i] = NULL;
        rank = 0;
        while ((rc = pb_next(d, &sh, &k)) > 0) {
          if (k.num != 1) continue;
          if (pb_want(d, &sh, &k, PB_LEN)) goto fail;
          if (rank == IR_MAX_RANK) {
            if (strict) { kiln_fail(d, "%s '%s' has rank above the maximum %d", what, t->name, IR_MAX_RANK); goto fail; }
            rank = -2;
          }
          if (rank < 0) continue;
          pb_sub(&sh, &k, &M_DIM, &dm);
          dims[rank] = -1;
          while ((rc = pb_next(d, &dm, &e)) > 0) {
            if (e.num == 1) {
              if (pb_want(d, &dm, &e, PB_VARINT)) goto fail;
              dims[rank] = (int64_t)e.u;
              if (dims[rank] < 0) {
                if (strict) { kiln_fail(d, "%s '%s' has a negative dimension", what, t->name); goto fail; }
                dims[rank] = -1;
              }
              free(params[rank]);
              params[rank] = NULL;
            } else if (e.num == 2) {
              free(params[rank]);
              if (!(params[rank] = pb_string(d, &dm, &e, NULL))) goto fail;
              dims[rank] = -1;
            }
          }
          if (rc < 0) goto fail;
          rank++;
        }
        if (rc < 0) goto fail;
      }
      if (rc < 0) goto fail;
    }
    if (rc < 0) goto fail;
  }
  if (rc < 0) goto fail;
  if (!have_type) return 0;
  if (t->vdecl && !bad) { /* element shapes come from the values (kiln run's input files) */
    if (elem && dtype_supported(elem)) t->dtype = (ir_dtype)elem;
    goto done;
  }
  if (bad || !dtype_supported(elem) || rank < -1) {
    if (!strict) goto done;
    if (bad) kiln_fail(d, "%s '%s' has %s type; only tensors are supported", what, t->name, bad);
    else if (rank < -1) kiln_fail(d, "%s '%s' has rank above the maximum %d", what, t->name, IR_MAX_RANK);
    else
      kiln_fail(d, "%s '%s' has element type %s (%lld), unsupported; supported: " SUPPORTED_DTYPES, what,
                t->name, onnx_dtype_name(elem), (long long)elem);
    goto fail;
  }
  t->dtype = (ir_dtype)elem;
  t->rank = rank; /* no shape field: rank unknown */
  for (int i = 0; i < rank; i++) {
    t->dims[i] = dims[i];
    free(t->dim_param[i]);
    t->dim_param[i] = params[i];
    params[i] = NULL;
  }
done:
  for (int i = 0; i < IR_MAX_RANK; i++) free(params[i]);
  return 0;
fail:
  for (int i = 0; i < IR_MAX_RANK; i++) free(params[i]);
  return -1;
}

static int import_subgraph(imp *m, scope *sc, const ir_node *n, const pb_reader *r, const pb_field *f,
                           ir_graph **out) {
  pb_reader sub;
  if (pb_want(m->d, r, f, PB_LEN)) return -1;
  if (m->depth >= MAX_SUBGRAPH_DEPTH)
    return ir_node_fail(m->d, n, "subgraphs nested deeper than %d levels", MAX_SUBGRAPH_DEPTH);
  ir_graph *c = ir_graph_new();
  if (!c) return oom(m->d);
  *out = c; /* owned by the attribute from here on */
  c->parent = sc->g;
  c->ir_version = m->root->ir_version;
  for (int i = 0; i < m->root->n_opsets; i++) {
    if (!(c->opset_domain[i] = kiln_strdup(m->root->opset_domain[i]))) return oom(m->d);
    c->opset_version[i] = m->root->opset_version[i];
    c->n_opsets++;
  }
  pb_sub(r, f, &M_GRAPH, &sub);
  m->depth++;
  int rc = parse_graph(m, &sub, c, sc);
  m->depth--;
  return rc;
}

/* ---- AttributeProto ----------------------------------------------------- */

static const char *attr_type_name(int64_t t) {
  static const char *const names[] = {"UNDEFINED", "FLOAT", "INT", "STRING", "TENSOR", "GRAPH", "FLOATS",
    "INTS", "STRINGS", "TENSORS", "GRAPHS", "SPARSE_TENSOR", "SPARSE_TENSORS", "TYPE_PROTO", "TYPE_PROTOS"};
  return t >= 0 && t <= 14 ? names[t] : "unknown";
}

static int parse_attr(imp *m, scope *sc, int node_idx, const pb_reader *r, ir_attr *a) {
  kiln_diag *d = m->d;
  const ir_node *n = &sc->g->nodes[node_idx]; /* stable: only child graphs grow below */
  pb_reader it = *r;
  pb_field f, fs = {0}, ft = {0}, fg = {0};
  int rc, has_ref = 0, has_s = 0, has_t = 0, has_g = 0;
  int64_t type = 0;
  size_t cnt[12] = {0}; /* element counts of fields 7..11 */

  while ((rc = pb_next(d, &it, &f)) > 0) {
    size_t k;
    pb_iter vi;
    switch (f.num) {
    case 1:
      free(a->name);
      if (!(a->name = pb_string(d, &it, &f, NULL))) return -1;
      break;
    case 2:
      if (pb_want(d, &it, &f, PB_I32)) return -1;
      {
        uint32_t bits = (uint32_t)f.u;
        memcpy(&a->f, &bits, 4);
      }
      break;
    case 3:
      if (pb_want(d, &it, &f, PB_VARINT)) return -1;
      a->i = (int64_t)f.u;
      break;
    case 4: fs = f, has_s = 1; break;
    case 5: ft = f, has_t = 1; break;
    case 6: fg = f, has_g = 1; break;
    case 7: case 8:
      if (pb_iter_init(d, &it, &f, f.num == 7 ? PB_I32 : PB_VARINT, &vi, &k)) return -1;
      cnt[f.num] += k;
      break;
    case 9: case 10: case 11:
      if (pb_want(d, &it, &f, PB_LEN)) return -1;
      cnt[f.num]++;
      break;
    case 20:
      if (pb_want(d, &it, &f, PB_VARINT)) return -1;
      type = (int64_t)f.u;
      break;
    case 21: has_ref = 1; break;
    }
  }
  if (rc < 0) return -1;
  if (!a->name || !a->name[0]) return ir_node_fail(d, n, "attribute without a name");
  if (!strcmp(a->name, "__captures")) /* lower_control.c's record of what an inlined subgraph uses */
    return ir_node_fail(d, n, "attribute name '__captures' is reserved by kiln");
  if (has_ref)
    return ir_node_fail(d, n, "attribute '%s' references a function attribute, unsupported", a->name);
  a->type = type >= 0 && type <= 14 ? (ir_attr_type)type : IR_ATTR_UNDEFINED;
  uint32_t list = 0;
  switch (type) {
  case IR_ATTR_FLOAT: case IR_ATTR_INT: return 0;
  case IR_ATTR_TYPE_PROTO: return 0; /* Optional's 'type': kiln takes types from the values */
  case IR_ATTR_STRING:
    if (!has_s) return (a->s = kiln_strdup("")) ? 0 : oom(d);
    return (a->s = pb_string(d, &it, &fs, &a->s_len)) ? 0 : -1;
  case IR_ATTR_TENSOR:
    if (!has_t) return ir_node_fail(d, n, "attribute '%s' of type TENSOR has no tensor", a->name);
    if (pb_want(d, &it, &ft, PB_LEN)) return -1;
    if (!(a->t = kiln_calloc(1, sizeof *a->t))) return oom(d);
    pb_reader sub;
    pb_sub(&it, &ft, &M_TENSOR, &sub);
    return onnx_parse_tensor(d, &sub, m->dir, /*zero_copy=*/1, "attribute tensor", n, a->t);
  case IR_ATTR_GRAPH:
    if (!has_g) return ir_node_fail(d, n, "attribute '%s' of type GRAPH has no graph", a->name);
    return import_subgraph(m, sc, n, &it, &fg, &a->g);
  case IR_ATTR_FLOATS: list = 7; break;
  case IR_ATTR_INTS: list = 8; break;
  case IR_ATTR_STRINGS: list = 9; break;
  case IR_ATTR_TENSORS: list = 10; break;
  case IR_ATTR_GRAPHS: list = 11; break;
  case IR_ATTR_UNDEFINED: return ir_node_fail(d, n, "attribute '%s' has no type", a->name);
  default:
    return ir_node_fail(d, n,
                        "attribute '%s' has type %s (%lld), unsupported; supported: FLOAT, INT, STRING, "
                        "TENSOR, GRAPH, FLOATS, INTS, STRINGS, TENSORS, GRAPHS",
                        a->name, attr_type_name(type), (long long)type);
  }
  size_t total = cnt[list];
  if (total > INT_MAX) return ir_node_fail(d, n, "attribute '%s' has too many values", a->name);
  /* Arrays are zeroed and a->n set before filling so ir_graph_free can
   * release a partially filled attribute. */
  int ok = list == 7 ? !!(a->floats = kiln_calloc(total, sizeof(float)))
         : list == 8 ? !!(a->ints = kiln_calloc(total, sizeof(int64_t)))
         : list == 9 ? (a->strings = kiln_calloc(total, sizeof(char *))) &&
                       (a->string_lens = kiln_calloc(total, sizeof(size_t)))
         : list == 10 ? !!(a->tensors = kiln_calloc(total, sizeof(ir_tensor)))
         : !!(a->graphs = kiln_calloc(total, sizeof(ir_graph *)));
  a->n = (int)total;
  if (!ok) return oom(d);
  size_t k = 0;
  it = *r;
  while ((rc = pb_next(d, &it, &f)) > 0 && k < total) {
    if (f.num != list) continue;
    if (list == 7 || list == 8) {
      pb_iter vi;
      size_t c;
      uint64_t v;
      if (pb_iter_init(d, &it, &f, list == 7 ? PB_I32 : PB_VARINT, &vi, &c)) return -1;
      while ((rc = pb_iter_next(d, &vi, &v)) > 0 && k < total) {
        if (list == 7) {
          uint32_t bits = (uint32_t)v;
          memcpy(&a->floats[k++], &bits, 4);
        } else {
          a->ints[k++] = (int64_t)v;
        }
      }
      if (rc < 0) return -1;
    } else if (list == 9) {
      if (!(a->strings[k] = pb_string(d, &it, &f, &a->string_lens[k]))) return -1;
      k++;
    } else if (list == 10) {
      pb_reader sub;
      pb_sub(&it, &f, &M_TENSOR, &sub);
      if (onnx_parse_tensor(d, &sub, m->dir, 1, "attribute tensor", n, &a->tensors[k++])) return -1;
    } else {
      if (import_subgraph(m, sc, n, &it, &f, &a->graphs[k++])) return -1;
    }
  }
  return rc < 0 ? -1 : 0;
}

/* ---- NodeProto ---------------------------------------------------------- */

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static int parse_node(imp *m, scope *sc, const pb_reader *r) {
  kiln_diag *d = m->d;
  ir_graph *g = sc->g;
  pb_reader it = *r;
  pb_field f;
  int rc, n_in = 0, n_out = 0, n_attr = 0;
  int idx = ir_add_node(g);
  if (idx < 0) return oom(d);
  ir_node *n = &g->nodes[idx];

  /* Pass 1: identity and counts; the node is filled in place so that
   * ir_graph_free releases whatever an error leaves behind. */
  while ((rc = pb_next(d, &it, &f)) > 0) {
    char **dst = f.num == 3 ? &n->name : f.num == 4 ? &n->op_type : f.num == 7 ? &n->domain : NULL;
    if (f.num == 1 || f.num == 2 || f.num == 5) {
      if (pb_want(d, &it, &f, PB_LEN)) return -1;
      if (f.num == 1) n_in++;
      else if (f.num == 2) n_out++;
      else n_attr++;
    } else if (dst) {
      free(*dst);
      if (!(*dst = pb_string(d, &it, &f, NULL))) return -1;
    }
  }
  if (rc < 0) return -1;
  if (!n->op_type || !n->op_type[0])
    return kiln_fail(d, "node %d ('%s') has no op_type", idx, n->name ? n->name : "");
  if (!n->name || !n->name[0]) {
    char buf[64];
    snprintf(buf, sizeof buf, "_%d", idx);
    free(n->name);
    if (!(n->name = kiln_malloc(strlen(n->op_type) + strlen(buf) + 1))) return oom(d);
    sprintf(n->name, "%s%s", n->op_type, buf);
  }
  /* "ai.onnx" is an alias of the default domain. */
  if (!n->domain || strcmp(n->domain, "ai.onnx") == 0) {
    free(n->domain);
    if (!(n->domain = kiln_strdup(""))) return oom(d);
  }
  for (int i = 0; i < g->n_opsets; i++)
    if (strcmp(g->opset_domain[i], n->domain) == 0) n->opset = g->opset_version[i];
  if (!n->opset) return ir_node_fail(d, n, "no opset import for domain '%s'", n->domain);
  if (!(n->inputs = kiln_malloc((size_t)n_in * sizeof(int))) ||
      !(n->outputs = kiln_malloc((size_t)n_out * sizeof(int))) ||
      !(n->attrs = kiln_calloc((size_t)n_attr, sizeof(ir_attr))))
    return oom(d);
  n->n_attrs = n_attr;

  /* Inputs, then attributes (subgraphs see what precedes the node), then
   * outputs. An empty name is an omitted optional input/output. */
  it = *r;
  while ((rc = pb_next(d, &it, &f)) > 0) {
    if (f.num != 1) continue;
    char *s = pb_string(d, &it, &f, NULL);
    if (!s) return -1;
    int t = -1;
    if (s[0]) {
      t = scope_find(sc, s);
      if (t < 0 && scope_outer(sc, s)) t = scope_add(d, sc, s); /* outer-scope reference */
      else if (t < 0) ir_node_fail(d, n, "input '%s' is not produced by any node, initializer or graph input", s);
    }
    free(s);
    if (d->failed) return -1;
    n = &g->nodes[idx];
    n->inputs[n->n_inputs++] = t;
  }
  if (rc < 0) return -1;
  it = *r;
  for (int k = 0; (rc = pb_next(d, &it, &f)) > 0;) {
    if (f.num != 5) continue;
    pb_reader sub;
    pb_sub(&it, &f, &M_ATTR, &sub);
    if (parse_attr(m, sc, idx, &sub, &g->nodes[idx].attrs[k++])) return -1;
  }
  if (rc < 0) return -1;
  n = &g->nodes[idx];
  if (n_attr > 1) { /* sorted, so that a crafted node with 10^5 attributes stays fast */
    const char **names = kiln_malloc((size_t)n_attr * sizeof *names);
    if (!names) return oom(d);
    for (int k = 0; k < n_attr; k++) names[k] = n->attrs[k].name;
    qsort(names, (size_t)n_attr, sizeof *names, cmp_str);
    for (int k = 1; k < n_attr && !d->failed; k++)
      if (strcmp(names[k - 1], names[k]) == 0) ir_node_fail(d, n, "attribute '%s' given twice", names[k]);
    free(names);
    if (d->failed) return -1;
  }
  it = *r;
  while ((rc = pb_next(d, &it, &f)) > 0) {
    if (f.num != 2) continue;
    char *s = pb_string(d, &it, &f, NULL);
    if (!s) return -1;
    int t = -1;
    if (s[0]) {
      int old = scope_find(sc, s);
      if (old >= 0) {
        const ir_tensor *o = &g->tensors[old];
        if (o->producer >= 0)
          ir_node_fail(d, n, "output '%s' is also produced by node '%s'", s, g->nodes[o->producer].name);
        else if (o->is_initializer || o->is_input)
          ir_node_fail(d, n, "output '%s' redefines %s", s, o->is_input ? "a graph input" : "an initializer");
        else
          ir_node_fail(d, n, "output '%s' redefines an outer-scope value used earlier in this graph", s);
      } else if ((t = scope_add(d, sc, s)) >= 0) {
        g->tensors[t].producer = idx;
      }
    }
    free(s);
    if (d->failed) return -1;
    n = &g->nodes[idx];
    n->outputs[n->n_outputs++] = t;
  }
  return rc < 0 ? -1 : 0;
}

/* ---- GraphProto --------------------------------------------------------- */

static int graph_body(imp *m, const pb_reader *r, ir_graph *g, scope *sc) {
  kiln_diag *d = m->d;
  pb_reader it = *r, sub;
  pb_field f;
  int rc, n_in = 0, n_out = 0;

  /* Pass 1: name, initializers, counts. */
  while ((rc = pb_next(d, &it, &f)) > 0) {
    switch (f.num) {
    case 2:
      free(g->name);
      if (!(g->name = pb_string(d, &it, &f, NULL))) return -1;
      break;
    case 5: {
      if (pb_want(d, &it, &f, PB_LEN)) return -1;
      int t = ir_add_tensor(g, "");
      if (t < 0) return oom(d);
      pb_sub(&it, &f, &M_TENSOR, &sub);
      if (onnx_parse_tensor(d, &sub, m->dir, /*zero_copy=*/1, "initializer", NULL, &g->tensors[t])) return -1;
      const char *name = g->tensors[t].name;
      g->tensors[t].is_initializer = 1;
      if (!name[0]) return kiln_fail(d, "initializer without a name at byte %zu", f.off);
      if (scope_find(sc, name) >= 0) return kiln_fail(d, "duplicate initializer '%s'", name);
      if (scope_insert(sc, t)) return oom(d);
      break;
    }
    case 11: case 12: case 13:
      if (pb_want(d, &it, &f, PB_LEN)) return -1;
      n_in += f.num == 11;
      n_out += f.num == 12;
      break;
    case 15:
      return kiln_fail(d, "sparse_initializer at byte %zu: sparse tensors are unsupported", f.off);
    }
  }
  if (rc < 0) return -1;
  if (!(g->inputs = kiln_malloc((size_t)n_in * sizeof(int))) ||
      !(g->outputs = kiln_malloc((size_t)n_out * sizeof(int))))
    return oom(d);

  /* Pass 2: inputs. Old IR versions list initializers as inputs too; those
   * are constants here. */
  it = *r;
  while ((rc = pb_next(d, &it, &f)) > 0) {
    if (f.num != 11) continue;
    pb_sub(&it, &f, &M_VINFO, &sub);
    char *name = vinfo_name(d, &sub);
    if (!name) return -1;
    int t = scope_find(sc, name);
    if (!name[0]) kiln_fail(d, "graph input without a name at byte %zu", f.off);
    else if (t >= 0 && g->tensors[t].is_input) kiln_fail(d, "graph input '%s' listed twice", name);
    else if (t < 0 && (t = scope_add(d, sc, name)) >= 0) {
      ir_tensor *x = &g->tensors[t];
      x->is_input = 1;
      x->io_index = g->n_inputs;
      g->inputs[g->n_inputs++] = t;
      parse_vtype(m, &sub, x, "graph input", /*strict=*/1);
    }
    free(name);
    if (d->failed) return -1;
  }
  if (rc < 0) return -1;

  /* Pass 3: nodes, in order (ONNX requires a topological order). */
  it = *r;
  while ((rc = pb_next(d, &it, &f)) > 0) {
    if (f.num != 1) continue;
    if (pb_want(d, &it, &f, PB_LEN)) return -1;
    pb_sub(&it, &f, &M_NODE, &sub);
    if (parse_node(m, sc, &sub)) return -1;
  }
  if (rc < 0) return -1;

  /* Pass 4: outputs; then value_info types for tensors still untyped. */
  it = *r;
  while ((rc = pb_next(d, &it, &f)) > 0) {
    if (f.num != 12 && f.num != 13) continue;
    pb_sub(&it, &f, &M_VINFO, &sub);
    char *name = vinfo_name(d, &sub);
    if (!name) return -1;
    int t = scope_find(sc, name);
    if (f.num == 13) {
      if (t >= 0 && g->tensors[t].dtype == IR_UNDEFINED && !g->tensors[t].data)
        parse_vtype(m, &sub, &g->tensors[t], "value_info", /*strict=*/0);
    } else if (!name[0]) {
      kiln_fail(d, "graph output without a name at byte %zu", f.off);
    } else if (t < 0 && !scope_outer(sc, name)) {
      kiln_fail(d, "graph output '%s' is not produced by any node, initializer or graph input", name);
    } else if (t >= 0 && g->tensors[t].is_output) {
      kiln_fail(d, "graph output '%s' listed twice", name);
    } else if (t >= 0 || (t = scope_add(d, sc, name)) >= 0) {
      ir_tensor *x = &g->tensors[t];
      x->is_output = 1;
      if (!x->is_input) x->io_index = g->n_outputs;
      g->outputs[g->n_outputs++] = t;
      if (x->dtype == IR_UNDEFINED && !x->data) parse_vtype(m, &sub, x, "graph output", /*strict=*/1);
    }
    free(name);
    if (d->failed) return -1;
  }
  return rc < 0 ? -1 : 0;
}

static int parse_graph(imp *m, const pb_reader *r, ir_graph *g, scope *up) {
  scope sc = {g, NULL, 0, 0, up};
  int rc = graph_body(m, r, g, &sc);
  free(sc.slot);
  return rc;
}

/* ---- ModelProto --------------------------------------------------------- */

static int parse_opset(kiln_diag *d, const pb_reader *r, const pb_field *of, ir_graph *g) {
  pb_reader it;
  pb_field f;
  int rc;
  char *dom = NULL;
  int64_t ver = 0;
  if (pb_want(d, r, of, PB_LEN)) return -1;
  pb_sub(r, of, &M_OPSET, &it);
  while ((rc = pb_next(d, &it, &f)) > 0) {
    if (f.num == 1) {
      free(dom);
      if (!(dom = pb_string(d, &it, &f, NULL))) return -1;
    } else if (f.num == 2) {
      if (pb_want(d, &it, &f, PB_VARINT)) break;
      ver = (int64_t)f.u;
    }
  }
  if (rc >= 0 && !d->failed) {
    const char *dn = !dom || strcmp(dom, "ai.onnx") == 0 ? "" : dom;
    for (int i = 0; i < g->n_opsets; i++)
      if (strcmp(g->opset_domain[i], dn) == 0) kiln_fail(d, "opset for domain '%s' imported twice", dn);
    if (ver < 1 || ver > INT_MAX) kiln_fail(d, "invalid opset version %lld for domain '%s'", (long long)ver, dn);
    else if (!dn[0] && ver > ONNX_OPSET_MAX)
      kiln_fail(d, "opset %lld of the default domain is newer than kiln knows (supported: 1..%d)", (long long)ver,
                ONNX_OPSET_MAX);
    else if (g->n_opsets == (int)(sizeof g->opset_domain / sizeof *g->opset_domain))
      kiln_fail(d, "more than %d opset imports", g->n_opsets);
    else if (!d->failed) {
      if (!(g->opset_domain[g->n_opsets] = kiln_strdup(dn))) oom(d);
      else g->opset_version[g->n_opsets++] = (int)ver;
    }
  }
  free(dom);
  return d->failed ? -1 : 0;
}

static int parse_model(imp *m, const uint8_t *buf, size_t len, ir_graph *g) {
  kiln_diag *d = m->d;
  pb_reader r, sub;
  pb_field f, gf = {0};
  int rc, have_graph = 0;
  pb_init(&r, buf, len, &M_MODEL);
  while ((rc = pb_next(d, &r, &f)) > 0) {
    if (f.num == 1) {
      if (pb_want(d, &r, &f, PB_VARINT)) return -1;
      g->ir_version = (int64_t)f.u;
    } else if (f.num == 7) {
      if (pb_want(d, &r, &f, PB_LEN)) return -1;
      if (have_graph) return kiln_fail(d, "model has more than one graph (second at byte %zu)", f.off);
      gf = f;
      have_graph = 1;
    } else if (f.num == 8) {
      if (parse_opset(d, &r, &f, g)) return -1;
    }
  }
  if (rc < 0) return -1;
  if (g->ir_version < ONNX_IR_VERSION_MIN || g->ir_version > ONNX_IR_VERSION_MAX)
    return kiln_fail(d, "IR version %lld is unsupported (supported: %d..%d)", (long long)g->ir_version,
                     ONNX_IR_VERSION_MIN, ONNX_IR_VERSION_MAX);
  if (!have_graph) return kiln_fail(d, "model has no graph");
  pb_sub(&r, &gf, &M_GRAPH, &sub);
  if (parse_graph(m, &sub, g, NULL)) return -1;
  if (g->n_outputs == 0) return kiln_fail(d, "graph has no outputs");
  return 0;
}

typedef struct mapping {
  void *addr;
  size_t len;
} mapping;

static void unmap(void *arg) {
  mapping *mp = arg;
  if (mp->addr) munmap(mp->addr, mp->len);
  free(mp);
}

int onnx_import(kiln_diag *d, const char *path, ir_graph **out) {
  const char *saved_file = d->file;
  imp m = {d, NULL, NULL, 0};
  struct stat st;
  ir_graph *g = NULL;
  mapping *mp = NULL;
  int rc = -1;
  *out = NULL;
  if (!d->file) d->file = path;

  int fd = open(path, O_RDONLY);
  if (fd < 0 || fstat(fd, &st) != 0) {
    kiln_fail(d, "cannot open: %s", strerror(errno));
    goto done;
  }
  if (!S_ISREG(st.st_mode)) { kiln_fail(d, "not a regular file"); goto done; }
  if ((uint64_t)st.st_size > (uint64_t)SIZE_MAX / 2) { kiln_fail(d, "file too large"); goto done; }
  if (!(mp = kiln_calloc(1, sizeof *mp))) { oom(d); goto done; }
  mp->len = (size_t)st.st_size;
  if (mp->len) {
    void *p = mmap(NULL, mp->len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      kiln_fail(d, "cannot map: %s", strerror(errno));
      free(mp);
      goto done;
    }
    mp->addr = p;
  }
  if (!(g = ir_graph_new())) {
    unmap(mp);
    oom(d);
    goto done;
  }
  g->on_free = unmap; /* the mapping now lives exactly as long as the graph */
  g->on_free_arg = mp;
  m.root = g;
  const char *slash = strrchr(path, '/');
  m.dir = !slash ? kiln_strdup(".") : kiln_strndup(path, slash == path ? 1 : (size_t)(slash - path));
  if (!m.dir) { oom(d); goto done; }
  rc = parse_model(&m, mp->addr ? mp->addr : (const void *)"", mp->len, g);
done:
  if (fd >= 0) close(fd);
  free(m.dir);
  if (rc == 0) *out = g;
  else ir_graph_free(g);
  d->file = saved_file;
  return rc;
}
