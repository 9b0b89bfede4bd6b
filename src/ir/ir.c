/* ir.c - graph construction, shapes, attribute access, typed element access. */
#include "ir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t ir_dtype_size(ir_dtype t) {
  switch (t) {
  case IR_F32: case IR_I32: case IR_U32: return 4;
  case IR_U8: case IR_I8: case IR_BOOL: return 1;
  case IR_U16: case IR_I16: case IR_F16: case IR_BF16: return 2;
  case IR_I64: case IR_U64: case IR_F64: return 8;
  case IR_STRING: return sizeof(char *);
  default: return 0;
  }
}

const char *ir_dtype_name(ir_dtype t) {
  switch (t) {
  case IR_F32: return "float32";
  case IR_U8: return "uint8";
  case IR_I8: return "int8";
  case IR_U16: return "uint16";
  case IR_I16: return "int16";
  case IR_I32: return "int32";
  case IR_I64: return "int64";
  case IR_STRING: return "string";
  case IR_BOOL: return "bool";
  case IR_F16: return "float16";
  case IR_F64: return "float64";
  case IR_U32: return "uint32";
  case IR_U64: return "uint64";
  case IR_BF16: return "bfloat16";
  default: return "undefined";
  }
}

const char *ir_dtype_ctype(ir_dtype t) {
  switch (t) {
  case IR_F32: return "float";
  case IR_U8: return "uint8_t";
  case IR_I8: return "int8_t";
  case IR_U16: return "uint16_t";
  case IR_I16: return "int16_t";
  case IR_I32: return "int32_t";
  case IR_I64: return "int64_t";
  case IR_BOOL: return "uint8_t";
  case IR_F16: return "uint16_t";
  case IR_BF16: return "uint16_t";
  case IR_F64: return "double";
  case IR_U32: return "uint32_t";
  case IR_U64: return "uint64_t";
  default: return "unsigned char";
  }
}

int ir_dtype_is_float(ir_dtype t) {
  return t == IR_F32 || t == IR_F64 || t == IR_F16 || t == IR_BF16;
}

int ir_dtype_is_int(ir_dtype t) {
  switch (t) {
  case IR_U8: case IR_I8: case IR_U16: case IR_I16: case IR_I32: case IR_I64:
  case IR_U32: case IR_U64: return 1;
  default: return 0;
  }
}

ir_graph *ir_graph_new(void) {
  ir_graph *g = kiln_calloc(1, sizeof *g);
  return g;
}

static void attr_free(ir_attr *a);

static void tensor_free(ir_tensor *t) {
  free(t->name);
  for (int i = 0; i < IR_MAX_RANK; i++) free(t->dim_param[i]);
  if (t->owned && t->dtype == IR_STRING) {
    char **s = t->owned;
    size_t n = t->nbytes / sizeof(char *);
    for (size_t i = 0; i < n; i++) free(s[i]);
  }
  free(t->owned);
  free(t->elems);
}

static void attr_free(ir_attr *a) {
  free(a->name);
  free(a->s);
  free(a->floats);
  free(a->ints);
  if (a->strings) {
    for (int i = 0; i < a->n; i++) free(a->strings[i]);
    free(a->strings);
  }
  free(a->string_lens);
  if (a->t) { tensor_free(a->t); free(a->t); }
  if (a->tensors) {
    for (int i = 0; i < a->n; i++) tensor_free(&a->tensors[i]);
    free(a->tensors);
  }
  if (a->borrowed) { free(a->graphs); return; }
  if (a->g) ir_graph_free(a->g);
  if (a->graphs) {
    for (int i = 0; i < a->n; i++) ir_graph_free(a->graphs[i]);
    free(a->graphs);
  }
}

void ir_graph_free(ir_graph *g) {
  if (!g) return;
  for (int i = 0; i < g->n_tensors; i++) tensor_free(&g->tensors[i]);
  free(g->tensors);
  for (int i = 0; i < g->n_nodes; i++) {
    ir_node *n = &g->nodes[i];
    free(n->name);
    free(n->op_type);
    free(n->domain);
    free(n->inputs);
    free(n->outputs);
    for (int k = 0; k < n->n_attrs; k++) attr_free(&n->attrs[k]);
    free(n->attrs);
  }
  free(g->nodes);
  free(g->inputs);
  free(g->outputs);
  free(g->decl_outputs);
  free(g->name);
  for (int i = 0; i < g->n_opsets; i++) free(g->opset_domain[i]);
  if (g->on_free) g->on_free(g->on_free_arg);
  free(g);
}

int ir_add_tensor(ir_graph *g, const char *name) {
  if (g->n_tensors == g->cap_tensors) {
    int cap = g->cap_tensors ? g->cap_tensors * 2 : 64;
    ir_tensor *p = kiln_realloc(g->tensors, (size_t)cap * sizeof *p);
    if (!p) return -1;
    g->tensors = p;
    g->cap_tensors = cap;
  }
  ir_tensor *t = &g->tensors[g->n_tensors];
  memset(t, 0, sizeof *t);
  t->name = kiln_strdup(name ? name : "");
  if (!t->name) return -1;
  t->rank = -1;
  t->producer = -1;
  t->alias_of = -1;
  t->io_index = -1;
  return g->n_tensors++;
}

int ir_find_tensor(const ir_graph *g, const char *name) {
  /* Linear scan from the end: most lookups are of recently added tensors. */
  for (int i = g->n_tensors - 1; i >= 0; i--)
    if (strcmp(g->tensors[i].name, name) == 0) return i;
  return -1;
}

int ir_add_node(ir_graph *g) {
  if (g->n_nodes == g->cap_nodes) {
    int cap = g->cap_nodes ? g->cap_nodes * 2 : 64;
    ir_node *p = kiln_realloc(g->nodes, (size_t)cap * sizeof *p);
    if (!p) return -1;
    g->nodes = p;
    g->cap_nodes = cap;
  }
  ir_node *n = &g->nodes[g->n_nodes];
  memset(n, 0, sizeof *n);
  n->fused_add = -1;
  n->scratch = -1;
  return g->n_nodes++;
}

int64_t ir_numel(const ir_tensor *t) {
  if (t->rank < 0) return -1;
  int64_t n = 1;
  for (int i = 0; i < t->rank; i++) {
    if (t->dims[i] < 0) return -1;
    if (t->dims[i] != 0 && n > INT64_MAX / t->dims[i]) return -1;
    n *= t->dims[i];
  }
  return n;
}

int64_t ir_nbytes(const ir_tensor *t) {
  int64_t n = ir_numel(t);
  int64_t es = (int64_t)ir_dtype_size(t->dtype);
  if (n < 0 || es == 0) return -1;
  if (n > INT64_MAX / es) return -1;
  return n * es;
}

const char *ir_shape_str(const ir_tensor *t, char *buf, size_t n) {
  if (t->rank < 0) { snprintf(buf, n, "?"); return buf; }
  if (t->rank == 0) { snprintf(buf, n, "scalar"); return buf; }
  size_t off = 0;
  buf[0] = 0;
  for (int i = 0; i < t->rank && off < n; i++) {
    int k;
    if (t->dims[i] < 0 && t->dim_param[i])
      k = snprintf(buf + off, n - off, "%s%s", i ? "x" : "", t->dim_param[i]);
    else if (t->dims[i] < 0)
      k = snprintf(buf + off, n - off, "%s?", i ? "x" : "");
    else
      k = snprintf(buf + off, n - off, "%s%lld", i ? "x" : "", (long long)t->dims[i]);
    if (k < 0) break;
    off += (size_t)k;
  }
  return buf;
}

void ir_set_shape(ir_tensor *t, ir_dtype dt, int rank, const int64_t *dims) {
  t->dtype = dt;
  t->rank = rank;
  for (int i = 0; i < rank && i < IR_MAX_RANK; i++) t->dims[i] = dims[i];
}

void *ir_alloc_data(ir_tensor *t) {
  int64_t nb = ir_nbytes(t);
  if (nb < 0) return NULL;
  void *p = kiln_calloc(1, (size_t)(nb ? nb : 1));
  if (!p) return NULL;
  free(t->owned);
  t->owned = p;
  t->data = p;
  t->nbytes = (size_t)nb;
  return p;
}

ir_tensor *ir_in(ir_graph *g, const ir_node *n, int i) {
  if (i < 0 || i >= n->n_inputs || n->inputs[i] < 0) return NULL;
  return &g->tensors[n->inputs[i]];
}

ir_tensor *ir_out(ir_graph *g, const ir_node *n, int i) {
  if (i < 0 || i >= n->n_outputs || n->outputs[i] < 0) return NULL;
  return &g->tensors[n->outputs[i]];
}

int ir_has_in(const ir_node *n, int i) { return i >= 0 && i < n->n_inputs && n->inputs[i] >= 0; }

ir_attr *ir_attr_find(ir_node *n, const char *name) {
  for (int i = 0; i < n->n_attrs; i++)
    if (strcmp(n->attrs[i].name, name) == 0) {
      n->attrs[i].used = 1;
      return &n->attrs[i];
    }
  return NULL;
}

/* A getter that finds the attribute with another type returns the default
 * and records what it wanted; pass_infer turns that into an error, so a
 * mistyped attribute never silently becomes its default. */
static ir_attr *typed(ir_node *n, const char *name, ir_attr_type t) {
  ir_attr *a = ir_attr_find(n, name);
  if (a && a->type != t && !(t == IR_ATTR_FLOAT && a->type == IR_ATTR_INT)) {
    a->wanted = t;
    return NULL;
  }
  return a;
}

int64_t ir_attr_int(ir_node *n, const char *name, int64_t dflt) {
  ir_attr *a = typed(n, name, IR_ATTR_INT);
  return a ? a->i : dflt;
}

float ir_attr_float(ir_node *n, const char *name, float dflt) {
  ir_attr *a = typed(n, name, IR_ATTR_FLOAT);
  if (!a) return dflt;
  return a->type == IR_ATTR_FLOAT ? a->f : (float)a->i; /* an INT where a FLOAT is due is exact enough */
}

const char *ir_attr_str(ir_node *n, const char *name, const char *dflt) {
  ir_attr *a = typed(n, name, IR_ATTR_STRING);
  if (!a) return dflt;
  return a->s ? a->s : "";
}

int ir_attr_ints(ir_node *n, const char *name, const int64_t **vals) {
  ir_attr *a = typed(n, name, IR_ATTR_INTS);
  if (!a) return -1;
  *vals = a->ints;
  return a->n;
}

int ir_attr_floats(ir_node *n, const char *name, const float **vals) {
  ir_attr *a = typed(n, name, IR_ATTR_FLOATS);
  if (!a) return -1;
  *vals = a->floats;
  return a->n;
}

int ir_node_fail(kiln_diag *d, const ir_node *n, const char *fmt, ...) {
  if (!d || d->failed) return -1;
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return kiln_fail(d, "node '%s' (%s, opset %d): %s", n->name ? n->name : "?",
                   n->op_type ? n->op_type : "?", n->opset, msg);
}

/* Half-precision conversions (IEEE 754 binary16 / bfloat16). */
static float half_to_float(uint16_t h) {
  uint32_t sign = (uint32_t)(h >> 15) << 31, exp = (h >> 10) & 0x1f, man = h & 0x3ff, bits;
  if (exp == 0) {
    if (man == 0) bits = sign;
    else { /* subnormal: renormalise */
      int e = -1;
      do { e++; man <<= 1; } while (!(man & 0x400));
      bits = sign | ((uint32_t)(127 - 15 - e) << 23) | ((man & 0x3ff) << 13);
    }
  } else if (exp == 31) bits = sign | 0x7f800000u | (man << 13);
  else bits = sign | ((exp + 127 - 15) << 23) | (man << 13);
  float f;
  memcpy(&f, &bits, 4);
  return f;
}

static uint16_t float_to_half(float f) {
  uint32_t x;
  memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000;
  int32_t exp = (int32_t)((x >> 23) & 0xff) - 127 + 15;
  uint32_t man = x & 0x7fffff;
  if (((x >> 23) & 0xff) == 0xff) return (uint16_t)(sign | 0x7c00 | (man ? 0x200 : 0));
  if (exp >= 31) return (uint16_t)(sign | 0x7c00);
  if (exp <= 0) {
    if (exp < -10) return (uint16_t)sign;
    man |= 0x800000;
    int shift = 14 - exp;
    uint32_t h = man >> shift, rem = man & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1))) h++;
    return (uint16_t)(sign | h);
  }
  uint32_t h = sign | ((uint32_t)exp << 10) | (man >> 13);
  uint32_t rem = man & 0x1fff;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) h++; /* round to nearest even */
  return (uint16_t)h;
}

#define LOAD(T) do { T v; memcpy(&v, p + (size_t)i * sizeof(T), sizeof(T)); return v; } while (0)

double ir_get_f64(const ir_tensor *t, int64_t i) {
  const unsigned char *p = t->data;
  switch (t->dtype) {
  case IR_F32: LOAD(float);
  case IR_F64: LOAD(double);
  case IR_I8: LOAD(int8_t);
  case IR_U8: case IR_BOOL: LOAD(uint8_t);
  case IR_I16: LOAD(int16_t);
  case IR_U16: LOAD(uint16_t);
  case IR_I32: LOAD(int32_t);
  case IR_U32: LOAD(uint32_t);
  case IR_I64: LOAD(int64_t);
  case IR_U64: LOAD(uint64_t);
  case IR_F16: { uint16_t h; memcpy(&h, p + (size_t)i * 2, 2); return half_to_float(h); }
  case IR_BF16: {
    uint16_t h; memcpy(&h, p + (size_t)i * 2, 2);
    uint32_t b = (uint32_t)h << 16; float f; memcpy(&f, &b, 4); return f;
  }
  default: return 0;
  }
}

int64_t ir_get_i64(const ir_tensor *t, int64_t i) {
  const unsigned char *p = t->data;
  switch (t->dtype) {
  case IR_I64: LOAD(int64_t);
  case IR_U64: LOAD(uint64_t);
  case IR_I32: LOAD(int32_t);
  case IR_U32: LOAD(uint32_t);
  case IR_I16: LOAD(int16_t);
  case IR_U16: LOAD(uint16_t);
  case IR_I8: LOAD(int8_t);
  case IR_U8: case IR_BOOL: LOAD(uint8_t);
  default: {
    double v = ir_get_f64(t, i);
    if (!(v == v)) return 0;
    if (v >= 9.2e18) return INT64_MAX;
    if (v <= -9.2e18) return INT64_MIN;
    return (int64_t)v;
  }
  }
}

#define STORE(T, v) do { T x = (T)(v); memcpy(p + (size_t)i * sizeof(T), &x, sizeof(T)); } while (0)

void ir_put_f64(void *buf, ir_dtype dt, int64_t i, double v) {
  unsigned char *p = buf;
  switch (dt) {
  case IR_F32: STORE(float, v); break;
  case IR_F64: STORE(double, v); break;
  case IR_F16: { uint16_t h = float_to_half((float)v); memcpy(p + (size_t)i * 2, &h, 2); break; }
  case IR_BF16: {
    float f = (float)v; uint32_t b; memcpy(&b, &f, 4);
    b += 0x7fff + ((b >> 16) & 1); /* round to nearest even */
    uint16_t h = (uint16_t)(b >> 16); memcpy(p + (size_t)i * 2, &h, 2); break;
  }
  case IR_BOOL: STORE(uint8_t, v != 0); break;
  default: {
    /* Float -> int conversion of out-of-range values is UB in C: clamp. */
    int64_t k;
    if (!(v == v)) k = 0;
    else if (v >= 9.2e18) k = INT64_MAX;
    else if (v <= -9.2e18) k = INT64_MIN;
    else k = (int64_t)v;
    ir_put_i64(buf, dt, i, k);
  }
  }
}

void ir_put_i64(void *buf, ir_dtype dt, int64_t i, int64_t v) {
  unsigned char *p = buf;
  switch (dt) {
  case IR_I64: STORE(int64_t, v); break;
  case IR_U64: STORE(uint64_t, (uint64_t)v); break;
  case IR_I32: STORE(int32_t, (int32_t)(uint32_t)(uint64_t)v); break;
  case IR_U32: STORE(uint32_t, (uint32_t)(uint64_t)v); break;
  case IR_I16: STORE(int16_t, (int16_t)(uint16_t)(uint64_t)v); break;
  case IR_U16: STORE(uint16_t, (uint16_t)(uint64_t)v); break;
  case IR_I8: STORE(int8_t, (int8_t)(uint8_t)(uint64_t)v); break;
  case IR_U8: STORE(uint8_t, (uint8_t)(uint64_t)v); break;
  case IR_BOOL: STORE(uint8_t, v != 0); break;
  default: ir_put_f64(buf, dt, i, (double)v); break;
  }
}

void ir_recount_uses(ir_graph *g) {
  for (int i = 0; i < g->n_tensors; i++) {
    g->tensors[i].n_uses = 0;
    g->tensors[i].producer = -1;
  }
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead) continue;
    for (int i = 0; i < n->n_inputs; i++)
      if (n->inputs[i] >= 0) g->tensors[n->inputs[i]].n_uses++;
    if (n->fused_add >= 0) g->tensors[n->fused_add].n_uses++;
    for (int i = 0; i < n->n_outputs; i++)
      if (n->outputs[i] >= 0) g->tensors[n->outputs[i]].producer = k;
  }
  for (int i = 0; i < g->n_outputs; i++) g->tensors[g->outputs[i]].n_uses++;
}

int ir_storage_root(const ir_graph *g, int t, size_t *offset) {
  size_t off = 0;
  int guard = 0;
  while (g->tensors[t].alias_of >= 0 && guard++ < g->n_tensors) {
    off += g->tensors[t].alias_offset;
    t = g->tensors[t].alias_of;
  }
  if (offset) *offset = off;
  return t;
}
