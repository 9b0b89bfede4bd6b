/* mge_import.c - MegEngine graph dumps (.mge) -> kiln IR. See mge_import.h.
 *
 * Format (MegEngine src/serialization/impl/schema_v2.fbs): the file is a
 * size-prefixed FlatBuffer: uint32 size, then the buffer, whose root offset
 * is followed by the file identifier "mgv2". The root table is a Model:
 *
 *   Model     { mge_version, model_version, oprs:[Operator],
 *               middle_tensors:[MiddleTensor], output_vars_idx:[OutputVar], ... }
 *   Operator  { type:string, type_id, name, param:OperatorParam (union),
 *               additional_params, inputs:[uint], outputs:[uint], comp_node,
 *               output_dtype:DType, tensors:[Tensor], ... }
 *   Tensor    { name, shape:[uint], comp_node, dtype:DType, format, data:[ubyte] }
 *
 * Operators come in topological order. Their inputs/outputs are "compact
 * ids": the n-th output written by the dumper has id n, and middle_tensors[n]
 * (when the dump kept var names) describes it. Graph inputs are
 * Host2DeviceCopy operators carrying a data-less Tensor (name, shape,
 * dtype); weights are ImmutableTensor / MultipleDeviceTensorHolder
 * operators carrying Tensors with data. Param fields equal to the schema
 * default are absent from the file (FlatBuffers drops them) and read back
 * as the default.
 *
 * Each operator becomes one or more ONNX-equivalent IR nodes (ONNX op names
 * and attributes, opset 13), so every op definition and pass applies
 * unchanged; e.g. GetVarShape -> Shape+Cast and Subtensor -> Slice fold away
 * when the shape is static, and ConvBias's nonlinearity becomes a separate
 * Relu that the activation fusion pass puts back into the convolution.
 */
#include "mge_import.h"
#include "fb.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ONNX opset of the emitted nodes: 14 is the first with HardSwish. */
#define MGE_OPSET 14
#define MGE_MAX_NDIM 7 /* MegEngine's TensorShape::MAX_NDIM */

/* Table field ids (schema_v2.fbs; a union takes two ids: type, value). */
enum { MODEL_OPRS = 2, MODEL_MIDDLE = 3, MODEL_OUTPUTS = 4, MODEL_ALIAS = 5 };
enum { OPR_TYPE = 0, OPR_NAME = 2, OPR_PARAM = 4, OPR_INPUTS = 7, OPR_OUTPUTS = 8, OPR_OUT_DTYPE = 10,
       OPR_TENSORS = 11 };
enum { TENSOR_NAME = 0, TENSOR_SHAPE = 1, TENSOR_DTYPE = 3, TENSOR_FORMAT = 5, TENSOR_DATA = 6 };
enum { MIDDLE_NAME = 0, MIDDLE_SHAPE = 1 };

/* OperatorParam union members we read. */
enum {
  P_EMPTY = 1, P_AXIS = 2, P_CONV = 3, P_CONVBIAS = 6, P_POOLING = 9, P_ELEMWISE = 17, P_POWC = 19,
  P_MATMUL = 20, P_REDUCE = 23, P_DTYPE_PARAM = 51, P_OPT_AXIS = 53, P_OPT_AXIS_V1 = 54, P_H2D = 63,
  P_DIMSHUFFLE = 64, P_AXIS_ADD_REMOVE = 65, P_INDEX_DESC = 66, P_DTYPE = 67, P_ADAPTIVE_POOLING = 70,
  P_SOFTMAX = 90
};

/* ---- importer state ------------------------------------------------------ */

typedef struct imp {
  kiln_diag *d;
  ir_graph *g;
  fb_buf b;
  int *var;         /* compact id -> tensor index, -1 = not yet produced */
  uint32_t n_var;
  fb_vec middle;    /* middle_tensors (when the dump kept var names) */
  int have_middle;
  int *slot;        /* open-addressing set of tensor indices by name */
  size_t cap;
  /* the operator being translated, for messages and node names */
  const char *op_name, *op_type;
  int op_nodes;
} imp;

typedef struct opctx {
  fb_table t;
  uint8_t ptype;
  fb_table param; /* all fields absent when the param is absent */
  int n_in, n_out;
  int *in, *out;  /* tensor indices */
  uint32_t *in_id;
} opctx;

static int oom(imp *m) { return kiln_fail(m->d, "out of memory"); }

static int opfail(imp *m, const char *fmt, ...) KILN_PRINTF(2, 3);
static int opfail(imp *m, const char *fmt, ...) {
  char msg[700];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return kiln_fail(m->d, "operator '%s' (%s): %s", m->op_name, m->op_type, msg);
}

/* ---- tensor names (unique: MegEngine allows repeated var names) --------- */

static size_t name_hash(const char *s) { return (size_t)kiln_fnv1a64(s, strlen(s), KILN_FNV_SEED); }

static int name_find(const imp *m, const char *name) {
  if (!m->cap) return -1;
  for (size_t h = name_hash(name) & (m->cap - 1);; h = (h + 1) & (m->cap - 1)) {
    int t = m->slot[h];
    if (t < 0) return -1;
    if (strcmp(m->g->tensors[t].name, name) == 0) return t;
  }
}

static int name_insert(imp *m, int t) {
  if ((size_t)m->g->n_tensors * 2 >= m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 256;
    int *s = kiln_malloc(cap * sizeof *s);
    if (!s) return -1;
    for (size_t i = 0; i < cap; i++) s[i] = -1;
    for (size_t i = 0; i < m->cap; i++) {
      if (m->slot[i] < 0) continue;
      size_t h = name_hash(m->g->tensors[m->slot[i]].name) & (cap - 1);
      while (s[h] >= 0) h = (h + 1) & (cap - 1);
      s[h] = m->slot[i];
    }
    free(m->slot);
    m->slot = s;
    m->cap = cap;
  }
  size_t h = name_hash(m->g->tensors[t].name) & (m->cap - 1);
  while (m->slot[h] >= 0) h = (h + 1) & (m->cap - 1);
  m->slot[h] = t;
  return 0;
}

/* New tensor named `name`, or `name_N` when taken. */
static int new_tensor(imp *m, const char *name) {
  char buf[300];
  const char *nm = name && name[0] ? name : "var";
  snprintf(buf, sizeof buf, "%s", nm);
  for (int k = 1; name_find(m, buf) >= 0; k++) snprintf(buf, sizeof buf, "%.280s_%d", nm, k);
  int t = ir_add_tensor(m->g, buf);
  if (t < 0 || name_insert(m, t)) return oom(m), -1;
  return t;
}

/* An intermediate tensor of the current operator's decomposition. */
static int tmp_tensor(imp *m, const char *what) {
  char buf[300];
  snprintf(buf, sizeof buf, "%.200s/%s", m->op_name, what);
  return new_tensor(m, buf);
}

/* ---- element types --------------------------------------------------------- */

/* mgb.serialization.fbs.DTypeEnum -> ir dtype; names for the rest. */
static const char *const mge_dtype_names[] = {"Float32", "Uint8", "Int8", "Int16", "Int32", "IntB1", "IntB2",
  "IntB4", "Byte", "Float16", "UintB4", "Quantized8Asymm", "QuantizedS32", "QuantizedS8", "Quantized4Asymm",
  "QuantizedS4", "QuantizedS16", "BFloat16", "Bool", "Uint16", "QuantizedS1", "Complex64"};

static ir_dtype mge_dtype(int e) {
  switch (e) {
  case 0: return IR_F32;
  case 1: return IR_U8;
  case 2: return IR_I8;
  case 3: return IR_I16;
  case 4: return IR_I32;
  case 9: return IR_F16;
  case 17: return IR_BF16;
  case 18: return IR_BOOL;
  case 19: return IR_U16;
  default: return IR_UNDEFINED;
  }
}

static const char *mge_dtype_name(int e) {
  return e >= 0 && e < (int)(sizeof mge_dtype_names / sizeof *mge_dtype_names) ? mge_dtype_names[e] : "unknown";
}

#define MGE_DTYPES "Float32, Float16, BFloat16, Int8, Int16, Int32, Uint8, Uint16, Bool"

/* DType table (dtype.fbs): type:DTypeEnum (byte) = Float32, param union. */
static int read_dtype_enum(imp *m, const fb_table *owner, int id, int *e) {
  fb_table dt;
  uint8_t v = 0;
  int rc = fb_sub(owner, id, &dt);
  if (rc < 0) return -1;
  if (rc && fb_u8(&dt, 0, 0, &v)) return -1;
  (void)m;
  *e = (int8_t)v;
  return rc;
}

static int check_dtype(imp *m, int e, const char *what, ir_dtype *out) {
  *out = mge_dtype(e);
  if (*out != IR_UNDEFINED) return 0;
  int quant = (e >= 11 && e <= 16) || e == 20;
  return opfail(m, "%s has %s dtype %s; kiln reads float and integer models (%s)", what,
                quant ? "quantised" : "unsupported", mge_dtype_name(e), MGE_DTYPES);
}

/* ---- nodes -------------------------------------------------------------------- */

/* Adds node OP(in...) -> out (a new intermediate when out < 0). Returns the
 * node index, or -1. */
static int add_node(imp *m, const char *op, int n_in, const int *in, int out) {
  ir_graph *g = m->g;
  if (out < 0 && (out = tmp_tensor(m, op)) < 0) return -1;
  int idx = ir_add_node(g);
  if (idx < 0) return oom(m);
  ir_node *n = &g->nodes[idx];
  char buf[300];
  if (m->op_nodes++ == 0) snprintf(buf, sizeof buf, "%s", m->op_name);
  else snprintf(buf, sizeof buf, "%.250s/%s", m->op_name, op);
  n->name = kiln_strdup(buf);
  n->op_type = kiln_strdup(op);
  n->domain = kiln_strdup("");
  n->opset = MGE_OPSET;
  n->inputs = kiln_malloc((size_t)(n_in ? n_in : 1) * sizeof(int));
  n->outputs = kiln_malloc(sizeof(int));
  if (!n->name || !n->op_type || !n->domain || !n->inputs || !n->outputs) return oom(m);
  for (int i = 0; i < n_in; i++) n->inputs[i] = in[i];
  n->n_inputs = n_in;
  n->outputs[0] = out;
  n->n_outputs = 1;
  g->tensors[out].producer = idx;
  return idx;
}

static int node_out(imp *m, int idx) { return m->g->nodes[idx].outputs[0]; }

static ir_attr *new_attr(imp *m, int idx, const char *name, ir_attr_type type) {
  ir_node *n = &m->g->nodes[idx];
  ir_attr *a = kiln_realloc(n->attrs, (size_t)(n->n_attrs + 1) * sizeof *a);
  if (!a) return oom(m), NULL;
  n->attrs = a;
  a = &a[n->n_attrs];
  memset(a, 0, sizeof *a);
  if (!(a->name = kiln_strdup(name))) return oom(m), NULL;
  a->type = type;
  n->n_attrs++;
  return a;
}

static int attr_int(imp *m, int idx, const char *name, int64_t v) {
  ir_attr *a = new_attr(m, idx, name, IR_ATTR_INT);
  if (!a) return -1;
  a->i = v;
  return 0;
}

static int attr_ints(imp *m, int idx, const char *name, const int64_t *v, int n) {
  ir_attr *a = new_attr(m, idx, name, IR_ATTR_INTS);
  if (!a) return -1;
  if (!(a->ints = kiln_malloc((size_t)(n ? n : 1) * sizeof *a->ints))) return oom(m);
  memcpy(a->ints, v, (size_t)n * sizeof *v);
  a->n = n;
  return 0;
}

/* Constant tensors made by the importer. */
static int const_tensor(imp *m, const char *what, ir_dtype dt, int rank, const int64_t *dims, const void *v) {
  int t = tmp_tensor(m, what);
  if (t < 0) return -1;
  ir_tensor *x = &m->g->tensors[t];
  ir_set_shape(x, dt, rank, dims);
  void *p = ir_alloc_data(x);
  if (!p) return oom(m);
  memcpy(p, v, x->nbytes);
  x->is_initializer = 1;
  return t;
}

static int const_i64s(imp *m, const char *what, const int64_t *v, int n) {
  int64_t dims[1] = {n};
  return const_tensor(m, what, IR_I64, 1, dims, v);
}

static int const_i64(imp *m, const char *what, int64_t v) { return const_i64s(m, what, &v, 1); }

static int const_f32(imp *m, const char *what, float v) { return const_tensor(m, what, IR_F32, 0, NULL, &v); }

/* Unary / binary helpers returning the output tensor. */
static int un(imp *m, const char *op, int x, int out) {
  int idx = add_node(m, op, 1, &x, out);
  return idx < 0 ? -1 : node_out(m, idx);
}

static int bin(imp *m, const char *op, int a, int b, int out) {
  int in[2] = {a, b};
  int idx = add_node(m, op, 2, in, out);
  return idx < 0 ? -1 : node_out(m, idx);
}

static int cast(imp *m, int x, ir_dtype to, int out) {
  int idx = add_node(m, "Cast", 1, &x, out);
  if (idx < 0 || attr_int(m, idx, "to", to)) return -1;
  return node_out(m, idx);
}

/* Unsqueeze/Squeeze with axes as an input (opset 13). */
static int squeeze_op(imp *m, const char *op, int x, const int64_t *axes, int n, int out) {
  int a = const_i64s(m, "axes", axes, n);
  if (a < 0) return -1;
  return bin(m, op, x, a, out);
}

/* A 1-element int64 view of an index tensor (for Slice/Gather). */
static int index1(imp *m, int x) {
  int shape = const_i64(m, "shape1", 1);
  if (shape < 0) return -1;
  int r = bin(m, "Reshape", x, shape, -1);
  return r < 0 ? -1 : cast(m, r, IR_I64, -1);
}

/* Best-effort dtype of a tensor at import time (before inference): known
 * for inputs and constants, followed through the nodes we emit. */
static ir_dtype guess_dtype(imp *m, int t) {
  for (int depth = 0; t >= 0 && depth < 64; depth++) {
    const ir_tensor *x = &m->g->tensors[t];
    if (x->dtype != IR_UNDEFINED) return x->dtype;
    if (x->producer < 0) return IR_UNDEFINED;
    ir_node *n = &m->g->nodes[x->producer];
    if (!strcmp(n->op_type, "Cast")) return (ir_dtype)n->attrs[0].i;
    if (!strcmp(n->op_type, "Shape")) return IR_I64;
    if (!strcmp(n->op_type, "Equal") || !strcmp(n->op_type, "Less") || !strcmp(n->op_type, "LessOrEqual") ||
        !strcmp(n->op_type, "Not") || !strcmp(n->op_type, "And") || !strcmp(n->op_type, "Or") ||
        !strcmp(n->op_type, "Xor"))
      return IR_BOOL;
    if (!strcmp(n->op_type, "Where")) t = n->inputs[1];
    else t = n->n_inputs ? n->inputs[0] : -1;
  }
  return IR_UNDEFINED;
}

/* Rank of the var with compact id `id` (tensor t) at import time: from
 * the tensor, the dump's middle_tensors, or the nodes emitted for it. */
static int middle_shape(imp *m, uint32_t id, int64_t *dims, int *rank);

static int guess_rank(imp *m, int t, uint32_t id) {
  int64_t dims[MGE_MAX_NDIM];
  int rank = 0, rc;
  const ir_tensor *x = &m->g->tensors[t];
  if (x->rank >= 0) return x->rank;
  if ((rc = middle_shape(m, id, dims, &rank)) < 0) return -1;
  if (rc) return rank;
  /* shape vectors: [Cast] <- [Gather] <- Shape */
  for (int depth = 0; depth < 4 && x->producer >= 0; depth++) {
    const ir_node *n = &m->g->nodes[x->producer];
    if (!strcmp(n->op_type, "Shape")) return 1;
    if (strcmp(n->op_type, "Cast") && strcmp(n->op_type, "Gather")) break;
    x = &m->g->tensors[n->inputs[0]];
  }
  return opfail(m, "needs the rank of its input, which the dump does not record");
}

/* The value of a constant integer tensor, or a message. */
static int const_ints(imp *m, int t, const char *what, int64_t *v, int max, int *n) {
  const ir_tensor *x = &m->g->tensors[t];
  int64_t k = x->data ? ir_numel(x) : -1;
  if (!x->data || !ir_dtype_is_int(x->dtype))
    return opfail(m, "%s must be a constant integer tensor in the dump", what);
  if (k < 0 || k > max) return opfail(m, "%s has %lld values, at most %d supported", what, (long long)k, max);
  for (int64_t i = 0; i < k; i++) v[i] = ir_get_i64(x, i);
  *n = (int)k;
  return 0;
}

/* ---- params ------------------------------------------------------------------- */

static const char *param_name(uint8_t t) {
  switch (t) {
  case P_EMPTY: return "Empty";
  case P_AXIS: return "Axis";
  case P_CONV: return "Convolution";
  case P_CONVBIAS: return "ConvBias";
  case P_POOLING: return "Pooling";
  case P_ELEMWISE: return "Elemwise";
  case P_POWC: return "PowC";
  case P_MATMUL: return "MatrixMul";
  case P_REDUCE: return "Reduce";
  case P_OPT_AXIS: return "OptionalAxis";
  case P_OPT_AXIS_V1: return "OptionalAxisV1";
  case P_DIMSHUFFLE: return "Dimshuffle";
  case P_AXIS_ADD_REMOVE: return "AxisAddRemove";
  case P_INDEX_DESC: return "IndexDescMaskDump";
  case P_ADAPTIVE_POOLING: return "AdaptivePooling";
  case P_SOFTMAX: return "Softmax";
  default: return NULL;
  }
}

/* The param if it has type `want` (absent = all defaults). */
static int want_param(imp *m, const opctx *c, uint8_t want, fb_table *p) {
  if (c->ptype == 0) {
    *p = c->param;
    return 0;
  }
  if (c->ptype != want) {
    const char *got = param_name(c->ptype);
    if (got) return opfail(m, "param is %s, expected %s", got, param_name(want));
    return opfail(m, "param is OperatorParam type %u, expected %s", c->ptype, param_name(want));
  }
  *p = c->param;
  return 0;
}

static int want_inputs(imp *m, const opctx *c, int lo, int hi) {
  if (c->n_in >= lo && c->n_in <= hi) return 0;
  if (lo == hi) return opfail(m, "has %d inputs, expected %d", c->n_in, lo);
  return opfail(m, "has %d inputs, expected %d to %d", c->n_in, lo, hi);
}

/* Shape recorded in middle_tensors for the var with this id. */
static int middle_shape(imp *m, uint32_t id, int64_t *dims, int *rank) {
  fb_table mt;
  fb_vec sv;
  int rc;
  if (!m->have_middle || id >= m->middle.len) return 0;
  if (fb_vec_table(&m->middle, id, &mt)) return -1;
  if ((rc = fb_vector(&mt, MIDDLE_SHAPE, 4, &sv)) <= 0) return rc;
  if (sv.len == 0 || sv.len > MGE_MAX_NDIM) return 0;
  for (uint32_t i = 0; i < sv.len; i++) dims[i] = fb_vec_u32(&sv, i);
  *rank = (int)sv.len;
  return 1;
}

/* ---- weights and inputs -------------------------------------------------------- */

/* Fills IR tensor t from a serialized Tensor (shape, dtype, optional data). */
static int read_tensor(imp *m, const fb_table *ft, int t, int need_data) {
  fb_vec sv, dv;
  int e = 0, rc;
  uint8_t fmt = 0;
  ir_dtype dt;
  int64_t dims[IR_MAX_RANK];
  if ((rc = fb_vector(ft, TENSOR_SHAPE, 4, &sv)) < 0) return -1;
  if (rc == 0) sv.len = 0;
  if (sv.len > MGE_MAX_NDIM) return opfail(m, "tensor has %u dims, MegEngine allows %d", sv.len, MGE_MAX_NDIM);
  for (uint32_t i = 0; i < sv.len; i++) dims[i] = fb_vec_u32(&sv, i);
  if (read_dtype_enum(m, ft, TENSOR_DTYPE, &e) < 0 || check_dtype(m, e, "tensor", &dt)) return -1;
  if (fb_u8(ft, TENSOR_FORMAT - 1, 0, &fmt)) return -1;
  if (fmt > 1)
    return opfail(m, "tensor has a %s tensor format; kiln reads the default (contiguous) format",
                  fmt == 2 ? "Image2DPacked" : fmt == 3 ? "LowbitsAligned" : "non-default");
  ir_tensor *x = &m->g->tensors[t];
  ir_set_shape(x, dt, (int)sv.len, dims);
  int64_t nb = ir_nbytes(x);
  if (nb < 0) return opfail(m, "tensor '%s' is too large", x->name);
  if ((rc = fb_vector(ft, TENSOR_DATA, 1, &dv)) < 0) return -1;
  if (!rc) {
    if (need_data) return opfail(m, "tensor '%s' has no data", x->name);
    return 0;
  }
  if ((uint64_t)dv.len != (uint64_t)nb)
    return opfail(m, "tensor '%s' has %u data bytes, expected %lld for %s %s", x->name, dv.len, (long long)nb,
                  ir_dtype_name(dt), ir_shape_str(x, (char[64]){0}, 64));
  const uint8_t *p = fb_vec_ptr(&dv, 0);
  size_t es = ir_dtype_size(dt);
  if (es && ((uintptr_t)p % es) == 0) {
    x->data = p; /* zero copy: the file buffer lives as long as the graph */
    x->nbytes = (size_t)nb;
  } else {
    void *q = ir_alloc_data(x);
    if (!q) return oom(m);
    memcpy(q, p, (size_t)nb);
  }
  x->is_initializer = 1;
  return 0;
}

static int x_const(imp *m, opctx *c) {
  fb_vec tv;
  int rc = fb_vector(&c->t, OPR_TENSORS, 4, &tv);
  if (rc < 0) return -1;
  if (!rc || tv.len != (uint32_t)c->n_out)
    return opfail(m, "has %u tensors for %d outputs", rc ? tv.len : 0, c->n_out);
  if (c->n_in) return opfail(m, "has %d inputs, expected none", c->n_in);
  for (int i = 0; i < c->n_out; i++) {
    fb_table ft;
    if (fb_vec_table(&tv, (uint32_t)i, &ft) || read_tensor(m, &ft, c->out[i], /*need_data=*/1)) return -1;
  }
  return 0;
}

static int x_input(imp *m, opctx *c) {
  fb_vec tv;
  fb_table ft;
  const char *name;
  size_t len;
  int rc = fb_vector(&c->t, OPR_TENSORS, 4, &tv);
  if (rc < 0) return -1;
  if (!rc || tv.len != 1 || c->n_out != 1) return opfail(m, "expected one tensor and one output");
  if (fb_vec_table(&tv, 0, &ft) || read_tensor(m, &ft, c->out[0], /*need_data=*/0)) return -1;
  ir_graph *g = m->g;
  ir_tensor *x = &g->tensors[c->out[0]];
  /* A graph input, even if the dump stored its default value. */
  x->data = NULL;
  x->nbytes = 0;
  free(x->owned);
  x->owned = NULL;
  x->is_initializer = 0;
  if ((rc = fb_string(&ft, TENSOR_NAME, &name, &len)) < 0) return -1;
  if (rc && len && strcmp(name, x->name) != 0 && name_find(m, name) < 0) {
    char *s = kiln_strdup(name);
    if (!s) return oom(m);
    free(x->name);
    x->name = s;
    if (name_insert(m, c->out[0])) return oom(m);
  }
  int *p = kiln_realloc(g->inputs, (size_t)(g->n_inputs + 1) * sizeof *p);
  if (!p) return oom(m);
  g->inputs = p;
  x->is_input = 1;
  x->io_index = g->n_inputs;
  g->inputs[g->n_inputs++] = c->out[0];
  return 0;
}

/* ---- convolution and pooling ------------------------------------------------- */

/* A constant's data under a new shape (no copy: same storage). */
static int const_view(imp *m, int t, int rank, const int64_t *dims) {
  const ir_tensor *x = &m->g->tensors[t];
  int v = tmp_tensor(m, "view");
  if (v < 0) return -1;
  ir_tensor *y = &m->g->tensors[v];
  x = &m->g->tensors[t];
  ir_set_shape(y, x->dtype, rank, dims);
  if (ir_nbytes(y) != (int64_t)x->nbytes) return opfail(m, "cannot view '%s' as %d dims", x->name, rank);
  y->data = x->data;
  y->nbytes = x->nbytes;
  y->is_initializer = 1;
  return v;
}

/* param.ConvolutionFormat (Convolution v2 numbering) */
static const char *format_name(uint32_t f) {
  static const char *const names[] = {"NCHW", "NHWC", "NHWCD4", "NCHW4", "NCHW8", "NCHW32", "NCHW88",
    "NCHW44", "NCHW44_DOT", "NCHW4_NCHW32", "NCHW32_NCHW4", "NCHW4_NCHW", "NHWC_NCHW", "NHWC_NCHW4_IC_SMALL",
    "NCHW_NCHW4_IC_SMALL", "CHWN4", "NCHW64", "NCHW4_NHWC"};
  return f < sizeof names / sizeof *names ? names[f] : "unknown";
}

typedef struct convp {
  uint32_t mode, sparse, format, ph, pw, sh, sw, dh, dw;
} convp;

static int conv_common(imp *m, const opctx *c, const convp *p, int x, int w, int bias, int out) {
  if (p->mode != 0)
    return opfail(m, "mode CONVOLUTION (flipped kernel) is unsupported; kiln reads CROSS_CORRELATION");
  if (p->format != 0)
    return opfail(m, "format %s is unsupported; kiln reads NCHW models (dump without layout transforms such as "
                  "enable_nchw44/enable_nchw88)", format_name(p->format));
  if (p->sparse > 1) return opfail(m, "sparse mode %u is unsupported (DENSE or GROUP)", p->sparse);
  int64_t group = 1;
  if (p->sparse == 1) {
    const ir_tensor *wt = &m->g->tensors[w];
    if (!wt->data || wt->rank != 5)
      return opfail(m, "GROUP convolution needs a constant 5-d filter [group, ocpg, icpg, kh, kw]");
    group = wt->dims[0];
    int64_t dims[4] = {wt->dims[0] * wt->dims[1], wt->dims[2], wt->dims[3], wt->dims[4]};
    if ((w = const_view(m, w, 4, dims)) < 0) return -1;
  }
  /* A per-channel constant bias [1, OC, 1, 1] is Conv's bias; any other
   * (ConvBias allows a bias of the output's full shape) is added after. */
  int add_bias = -1;
  if (bias >= 0) {
    const ir_tensor *bt = &m->g->tensors[bias];
    if (bt->data && bt->rank == 4 && bt->dims[0] == 1 && bt->dims[2] == 1 && bt->dims[3] == 1) {
      int64_t n = bt->dims[1];
      if ((bias = const_view(m, bias, 1, &n)) < 0) return -1;
    } else {
      add_bias = bias;
      bias = -1;
    }
  }
  int final_out = out;
  if (add_bias >= 0 && (out = tmp_tensor(m, "conv")) < 0) return -1;
  int in[3] = {x, w, bias};
  int idx = add_node(m, "Conv", bias >= 0 ? 3 : 2, in, out);
  int64_t pads[4] = {p->ph, p->pw, p->ph, p->pw}, strides[2] = {p->sh, p->sw}, dil[2] = {p->dh, p->dw};
  if (idx < 0 || attr_ints(m, idx, "pads", pads, 4) || attr_ints(m, idx, "strides", strides, 2) ||
      attr_ints(m, idx, "dilations", dil, 2) || attr_int(m, idx, "group", group))
    return -1;
  (void)c;
  if (add_bias >= 0 && bin(m, "Add", out, add_bias, final_out) < 0) return -1;
  return 0;
}

static int x_conv(imp *m, opctx *c) {
  fb_table p;
  convp cp;
  if (want_inputs(m, c, 2, 2) || want_param(m, c, P_CONV, &p)) return -1;
  if (fb_u32(&p, 0, 0, &cp.mode) || fb_u32(&p, 1, 0, &cp.ph) || fb_u32(&p, 2, 0, &cp.pw) ||
      fb_u32(&p, 3, 1, &cp.sh) || fb_u32(&p, 4, 1, &cp.sw) || fb_u32(&p, 5, 1, &cp.dh) ||
      fb_u32(&p, 6, 1, &cp.dw) || fb_u32(&p, 7, 0, &cp.sparse) || fb_u32(&p, 8, 0, &cp.format))
    return -1;
  return conv_common(m, c, &cp, c->in[0], c->in[1], -1, c->out[0]);
}

static const char *const nonline_ops[] = {NULL, "Relu", "Sigmoid", "HardSwish"};

static int x_convbias(imp *m, opctx *c) {
  fb_table p;
  convp cp;
  uint32_t nl;
  if (want_inputs(m, c, 2, 4) || want_param(m, c, P_CONVBIAS, &p)) return -1;
  if (fb_u32(&p, 0, 0, &nl) || fb_u32(&p, 1, 0, &cp.mode) || fb_u32(&p, 2, 0, &cp.sparse) ||
      fb_u32(&p, 3, 0, &cp.format) || fb_u32(&p, 4, 0, &cp.ph) || fb_u32(&p, 5, 0, &cp.pw) ||
      fb_u32(&p, 6, 1, &cp.sh) || fb_u32(&p, 7, 1, &cp.sw) || fb_u32(&p, 8, 1, &cp.dh) ||
      fb_u32(&p, 9, 1, &cp.dw))
    return -1;
  if (nl > 3) return opfail(m, "nonlineMode %u is unsupported (IDENTITY, RELU, SIGMOID, H_SWISH)", nl);
  int last = nl == 0 && c->n_in < 4 ? c->out[0] : -1;
  int conv = last;
  if (conv < 0 && (conv = tmp_tensor(m, "conv")) < 0) return -1;
  if (conv_common(m, c, &cp, c->in[0], c->in[1], c->n_in > 2 ? c->in[2] : -1, conv)) return -1;
  int y = conv;
  if (c->n_in == 4 && (y = bin(m, "Add", y, c->in[3], nl ? -1 : c->out[0])) < 0) return -1;
  if (nl && un(m, nonline_ops[nl], y, c->out[0]) < 0) return -1;
  return 0;
}

static int pool_node(imp *m, uint32_t mode, const int64_t *k, const int64_t *s, const int64_t *pads, int x,
                     int out) {
  if (mode > 2) return opfail(m, "pooling mode %u is unsupported (MAX, AVERAGE, AVERAGE_COUNT_EXCLUDE_PADDING)", mode);
  int idx = add_node(m, mode == 0 ? "MaxPool" : "AveragePool", 1, &x, out);
  if (idx < 0 || attr_ints(m, idx, "kernel_shape", k, 2) || attr_ints(m, idx, "strides", s, 2) ||
      attr_ints(m, idx, "pads", pads, 4))
    return -1;
  /* AVERAGE divides by the whole window, padding included. */
  if (mode == 1 && attr_int(m, idx, "count_include_pad", 1)) return -1;
  return 0;
}

static int x_pool(imp *m, opctx *c) {
  fb_table p;
  uint32_t mode, ph, pw, sh, sw, wh, ww, fmt;
  if (want_inputs(m, c, 1, 1) || want_param(m, c, P_POOLING, &p)) return -1;
  if (fb_u32(&p, 0, 0, &mode) || fb_u32(&p, 1, 0, &ph) || fb_u32(&p, 2, 0, &pw) || fb_u32(&p, 3, 2, &sh) ||
      fb_u32(&p, 4, 2, &sw) || fb_u32(&p, 5, 2, &wh) || fb_u32(&p, 6, 2, &ww) || fb_u32(&p, 7, 0, &fmt))
    return -1;
  if (fmt != 0) return opfail(m, "format %s is unsupported; kiln reads NCHW models", format_name(fmt));
  int64_t k[2] = {wh, ww}, s[2] = {sh, sw}, pads[4] = {ph, pw, ph, pw};
  return pool_node(m, mode, k, s, pads, c->in[0], c->out[0]);
}

static int x_adaptive_pool(imp *m, opctx *c) {
  fb_table p;
  uint32_t mode, fmt;
  int64_t osz[2], idims[MGE_MAX_NDIM];
  int n = 0, rank = 0, rc;
  if (want_inputs(m, c, 2, 2) || want_param(m, c, P_ADAPTIVE_POOLING, &p)) return -1;
  if (fb_u32(&p, 0, 0, &mode) || fb_u32(&p, 1, 0, &fmt)) return -1;
  if (fmt != 0) return opfail(m, "format %s is unsupported; kiln reads NCHW models", format_name(fmt));
  if (mode > 2) return opfail(m, "pooling mode %u is unsupported", mode);
  if (const_ints(m, c->in[1], "the output shape", osz, 2, &n)) return -1;
  if (n != 2) return opfail(m, "output shape has %d values, expected 2", n);
  if (osz[0] == 1 && osz[1] == 1)
    return un(m, mode == 0 ? "GlobalMaxPool" : "GlobalAveragePool", c->in[0], c->out[0]) < 0 ? -1 : 0;
  /* megdnn: stride = floor(IH / OH), window = IH - (OH - 1) * stride. */
  const ir_tensor *xt = &m->g->tensors[c->in[0]];
  if (xt->rank == 4) {
    memcpy(idims, xt->dims, 4 * sizeof *idims);
    rank = 4;
  } else if ((rc = middle_shape(m, c->in_id[0], idims, &rank)) < 0) {
    return -1;
  }
  if (rank != 4) return opfail(m, "needs the input's NCHW shape, which the dump does not record");
  if (osz[0] <= 0 || osz[1] <= 0 || osz[0] > idims[2] || osz[1] > idims[3])
    return opfail(m, "output size %lldx%lld does not fit input %lldx%lld", (long long)osz[0], (long long)osz[1],
                  (long long)idims[2], (long long)idims[3]);
  int64_t s[2] = {idims[2] / osz[0], idims[3] / osz[1]};
  int64_t k[2] = {idims[2] - (osz[0] - 1) * s[0], idims[3] - (osz[1] - 1) * s[1]}, pads[4] = {0, 0, 0, 0};
  return pool_node(m, mode, k, s, pads, c->in[0], c->out[0]);
}

/* ---- elementwise ---------------------------------------------------------------- */

enum {
  E_RELU, E_ABS, E_ACOS, E_ASIN, E_CEIL, E_COS, E_EXP, E_EXPM1, E_FLOOR, E_LOG, E_LOG1P, E_NEGATE, E_SIGMOID,
  E_SIN, E_TANH, E_ABS_GRAD, E_ADD, E_FLOOR_DIV, E_MAX, E_MIN, E_MOD, E_MUL, E_POW, E_SIGMOID_GRAD, E_SUB,
  E_SWITCH_GT0, E_TANH_GRAD, E_TRUE_DIV, E_LOG_SUM_EXP, E_LT, E_LEQ, E_EQ, E_SHL, E_SHR, E_COND_LEQ_MOV,
  E_FUSE_MUL_ADD3, E_FUSE_MUL_ADD4, E_FUSE_ADD_RELU, E_FUSE_ADD_SIGMOID, E_FUSE_ADD_TANH, E_FAST_TANH,
  E_FAST_TANH_GRAD, E_ROUND, E_RMULH, E_ATAN2, E_ERF, E_ERFINV, E_ERFC, E_ERFCINV, E_H_SWISH, E_H_SWISH_GRAD,
  E_FUSE_ADD_H_SWISH, E_NOT, E_AND, E_OR, E_XOR, E_SILU, E_SILU_GRAD, E_GELU, E_GELU_GRAD, E_COUNT
};

static const char *const elemwise_names[E_COUNT] = {"RELU", "ABS", "ACOS", "ASIN", "CEIL", "COS", "EXP", "EXPM1",
  "FLOOR", "LOG", "LOG1P", "NEGATE", "SIGMOID", "SIN", "TANH", "ABS_GRAD", "ADD", "FLOOR_DIV", "MAX", "MIN",
  "MOD", "MUL", "POW", "SIGMOID_GRAD", "SUB", "SWITCH_GT0", "TANH_GRAD", "TRUE_DIV", "LOG_SUM_EXP", "LT", "LEQ",
  "EQ", "SHL", "SHR", "COND_LEQ_MOV", "FUSE_MUL_ADD3", "FUSE_MUL_ADD4", "FUSE_ADD_RELU", "FUSE_ADD_SIGMOID",
  "FUSE_ADD_TANH", "FAST_TANH", "FAST_TANH_GRAD", "ROUND", "RMULH", "ATAN2", "ERF", "ERFINV", "ERFC", "ERFCINV",
  "H_SWISH", "H_SWISH_GRAD", "FUSE_ADD_H_SWISH", "NOT", "AND", "OR", "XOR", "SILU", "SILU_GRAD", "GELU",
  "GELU_GRAD"};

/* Modes that are one ONNX op: arity and op name. */
static const struct { int mode, arity; const char *op; } elemwise_direct[] = {
  {E_RELU, 1, "Relu"}, {E_ABS, 1, "Abs"}, {E_ACOS, 1, "Acos"}, {E_ASIN, 1, "Asin"}, {E_CEIL, 1, "Ceil"},
  {E_COS, 1, "Cos"}, {E_EXP, 1, "Exp"}, {E_FLOOR, 1, "Floor"}, {E_LOG, 1, "Log"}, {E_NEGATE, 1, "Neg"},
  {E_SIGMOID, 1, "Sigmoid"}, {E_SIN, 1, "Sin"}, {E_TANH, 1, "Tanh"}, {E_ERF, 1, "Erf"},
  {E_H_SWISH, 1, "HardSwish"}, {E_NOT, 1, "Not"}, {E_ADD, 2, "Add"}, {E_MAX, 2, "Max"}, {E_MIN, 2, "Min"},
  {E_MUL, 2, "Mul"}, {E_POW, 2, "Pow"}, {E_SUB, 2, "Sub"}, {E_TRUE_DIV, 2, "Div"}, {E_LT, 2, "Less"},
  {E_LEQ, 2, "LessOrEqual"}, {E_EQ, 2, "Equal"}, {E_AND, 2, "And"}, {E_OR, 2, "Or"}, {E_XOR, 2, "Xor"},
};

static int elemwise_arity(int mode) {
  switch (mode) {
  case E_EXPM1: case E_LOG1P: case E_ROUND: case E_SILU: case E_GELU: return 1;
  case E_FLOOR_DIV: case E_FUSE_ADD_RELU: case E_FUSE_ADD_SIGMOID: case E_FUSE_ADD_TANH:
  case E_FUSE_ADD_H_SWISH: return 2;
  case E_FUSE_MUL_ADD3: return 3;
  case E_FUSE_MUL_ADD4: return 4;
  }
  for (size_t i = 0; i < sizeof elemwise_direct / sizeof *elemwise_direct; i++)
    if (elemwise_direct[i].mode == mode) return elemwise_direct[i].arity;
  return 0;
}

static int x_elemwise(imp *m, opctx *c) {
  fb_table p;
  uint32_t mode;
  if (want_param(m, c, P_ELEMWISE, &p) || fb_u32(&p, 0, E_RELU, &mode)) return -1;
  const char *mname = mode < E_COUNT ? elemwise_names[mode] : "unknown";
  int arity = mode < E_COUNT ? elemwise_arity((int)mode) : 0;
  if (!arity)
    return opfail(m, "Elemwise mode %s (%u) is unsupported; supported: RELU ABS ACOS ASIN CEIL COS EXP EXPM1 "
                  "FLOOR LOG LOG1P NEGATE SIGMOID SIN TANH ERF ROUND H_SWISH SILU GELU NOT ADD SUB MUL TRUE_DIV "
                  "FLOOR_DIV MAX MIN POW LT LEQ EQ AND OR XOR FUSE_ADD_RELU FUSE_ADD_SIGMOID FUSE_ADD_TANH "
                  "FUSE_ADD_H_SWISH FUSE_MUL_ADD3 FUSE_MUL_ADD4", mname, mode);
  if (c->n_in != arity) return opfail(m, "Elemwise %s has %d inputs, expected %d", mname, c->n_in, arity);
  if (c->n_out != 1) return opfail(m, "has %d outputs, expected 1", c->n_out);
  int *in = c->in, out = c->out[0], t, one;
  for (size_t i = 0; i < sizeof elemwise_direct / sizeof *elemwise_direct; i++)
    if (elemwise_direct[i].mode == (int)mode) return add_node(m, elemwise_direct[i].op, arity, in, out) < 0 ? -1 : 0;
  switch (mode) {
  case E_EXPM1:
    if ((t = un(m, "Exp", in[0], -1)) < 0 || (one = const_f32(m, "one", 1.0f)) < 0) return -1;
    return bin(m, "Sub", t, one, out) < 0 ? -1 : 0;
  case E_LOG1P:
    if ((one = const_f32(m, "one", 1.0f)) < 0 || (t = bin(m, "Add", in[0], one, -1)) < 0) return -1;
    return un(m, "Log", t, out) < 0 ? -1 : 0;
  case E_ROUND: { /* half away from zero (C round), not ONNX Round's half to even */
    int half, a, s;
    if ((half = const_f32(m, "half", 0.5f)) < 0 || (a = un(m, "Abs", in[0], -1)) < 0 ||
        (a = bin(m, "Add", a, half, -1)) < 0 || (a = un(m, "Floor", a, -1)) < 0 || (s = un(m, "Sign", in[0], -1)) < 0)
      return -1;
    return bin(m, "Mul", s, a, out) < 0 ? -1 : 0;
  }
  case E_SILU:
    if ((t = un(m, "Sigmoid", in[0], -1)) < 0) return -1;
    return bin(m, "Mul", in[0], t, out) < 0 ? -1 : 0;
  case E_GELU: { /* exact (erf) GELU: ONNX Gelu, opset 20 */
    int idx = add_node(m, "Gelu", 1, in, out);
    if (idx < 0) return -1;
    m->g->nodes[idx].opset = 20;
    return 0;
  }
  case E_FLOOR_DIV: {
    ir_dtype dt = guess_dtype(m, in[0]);
    if (ir_dtype_is_int(dt)) {
      /* Exact floor division: a - mod(a, b) is a multiple of b, where Mod
       * (fmod=0) takes the divisor's sign like Python's %. */
      int r;
      if ((r = bin(m, "Mod", in[0], in[1], -1)) < 0 || (r = bin(m, "Sub", in[0], r, -1)) < 0) return -1;
      return bin(m, "Div", r, in[1], out) < 0 ? -1 : 0;
    }
    if ((t = bin(m, "Div", in[0], in[1], -1)) < 0) return -1;
    return un(m, "Floor", t, out) < 0 ? -1 : 0;
  }
  case E_FUSE_ADD_RELU: case E_FUSE_ADD_SIGMOID: case E_FUSE_ADD_TANH: case E_FUSE_ADD_H_SWISH: {
    const char *act = mode == E_FUSE_ADD_RELU ? "Relu" : mode == E_FUSE_ADD_SIGMOID ? "Sigmoid"
                      : mode == E_FUSE_ADD_TANH ? "Tanh" : "HardSwish";
    if ((t = bin(m, "Add", in[0], in[1], -1)) < 0) return -1;
    return un(m, act, t, out) < 0 ? -1 : 0;
  }
  case E_FUSE_MUL_ADD3:
    if ((t = bin(m, "Mul", in[0], in[1], -1)) < 0) return -1;
    return bin(m, "Add", t, in[2], out) < 0 ? -1 : 0;
  case E_FUSE_MUL_ADD4: {
    int u;
    if ((t = bin(m, "Mul", in[0], in[1], -1)) < 0 || (u = bin(m, "Mul", in[2], in[3], -1)) < 0) return -1;
    return bin(m, "Add", t, u, out) < 0 ? -1 : 0;
  }
  }
  return opfail(m, "Elemwise mode %s is unsupported", mname);
}

static int x_powc(imp *m, opctx *c) {
  fb_table p;
  float e;
  int k;
  if (want_inputs(m, c, 1, 1) || want_param(m, c, P_POWC, &p) || fb_f32(&p, 0, 0.0f, &e)) return -1;
  if ((k = const_f32(m, "exp", e)) < 0) return -1;
  return bin(m, "Pow", c->in[0], k, c->out[0]) < 0 ? -1 : 0;
}

/* ---- linear algebra ---------------------------------------------------------------- */

static int read_matmul(imp *m, const opctx *c, uint8_t *ta, uint8_t *tb) {
  fb_table p;
  uint32_t fmt;
  if (want_inputs(m, c, 2, 2) || want_param(m, c, P_MATMUL, &p)) return -1;
  if (fb_u8(&p, 0, 0, ta) || fb_u8(&p, 1, 0, tb) || fb_u32(&p, 3, 0, &fmt)) return -1;
  if (fmt != 0) return opfail(m, "format %u is unsupported; kiln reads the DEFAULT (row-major) format", fmt);
  return 0;
}

static int x_matmul(imp *m, opctx *c) {
  uint8_t ta, tb;
  if (read_matmul(m, c, &ta, &tb)) return -1;
  int idx = add_node(m, "Gemm", 2, c->in, c->out[0]);
  if (idx < 0 || (ta && attr_int(m, idx, "transA", 1)) || (tb && attr_int(m, idx, "transB", 1))) return -1;
  return 0;
}

static int transpose_last2(imp *m, int x) {
  static const int64_t perm[3] = {0, 2, 1};
  int idx = add_node(m, "Transpose", 1, &x, -1);
  if (idx < 0 || attr_ints(m, idx, "perm", perm, 3)) return -1;
  return node_out(m, idx);
}

static int x_batched_matmul(imp *m, opctx *c) {
  uint8_t ta, tb;
  int a, b;
  if (read_matmul(m, c, &ta, &tb)) return -1;
  a = c->in[0];
  b = c->in[1];
  if (ta && (a = transpose_last2(m, a)) < 0) return -1;
  if (tb && (b = transpose_last2(m, b)) < 0) return -1;
  return bin(m, "MatMul", a, b, c->out[0]) < 0 ? -1 : 0;
}

/* ---- shapes and data movement ------------------------------------------------------ */

/* OptionalAxis (invalid -1) or OptionalAxisV1 (invalid MAX_NDIM): 1 and
 * *axis when an axis is given. */
static int optional_axis(imp *m, const opctx *c, int32_t *axis) {
  if (c->ptype != 0 && c->ptype != P_OPT_AXIS && c->ptype != P_OPT_AXIS_V1) {
    fb_table p;
    return want_param(m, c, P_OPT_AXIS_V1, &p);
  }
  int32_t invalid = c->ptype == P_OPT_AXIS ? -1 : MGE_MAX_NDIM;
  if (fb_i32(&c->param, 0, invalid, axis)) return -1;
  return *axis != invalid;
}

static int x_get_var_shape(imp *m, opctx *c) {
  int32_t axis;
  int has_axis, s;
  if (c->n_in < 1) return opfail(m, "has no inputs");
  if ((has_axis = optional_axis(m, c, &axis)) < 0) return -1;
  /* With several inputs it is the shape they broadcast to; ONNX Expand
   * broadcasts both ways, so Expand(a, Shape(b)) has that shape. */
  int x = c->in[0];
  for (int i = 1; i < c->n_in; i++) {
    int sb = un(m, "Shape", c->in[i], -1);
    if (sb < 0 || (x = bin(m, "Expand", x, sb, -1)) < 0) return -1;
  }
  if ((s = un(m, "Shape", x, -1)) < 0) return -1;
  if (has_axis) {
    int i = const_i64(m, "axis", axis), idx;
    int in[2] = {s, i};
    if (i < 0 || (idx = add_node(m, "Gather", 2, in, -1)) < 0) return -1;
    s = node_out(m, idx);
  }
  /* MegEngine shapes are int32 */
  return cast(m, s, IR_I32, c->out[0]) < 0 ? -1 : 0;
}

static int x_reshape(imp *m, opctx *c) {
  int32_t axis;
  int has_axis, s;
  if (want_inputs(m, c, 2, 2) || (has_axis = optional_axis(m, c, &axis)) < 0) return -1;
  if ((s = cast(m, c->in[1], IR_I64, -1)) < 0) return -1;
  if (has_axis) {
    /* The unspecified axis is deduced from the element count: put -1 there.
     * position = CumSum(ones_like(s)) - 1; s = Where(position == axis, -1, s). */
    int zero, one, ax, minus, pos, eq, in3[3];
    if ((zero = const_i64(m, "zero", 0)) < 0 || (one = const_i64(m, "one", 1)) < 0 ||
        (ax = const_i64(m, "axis", (int64_t)axis + 1)) < 0 || (minus = const_i64(m, "minus1", -1)) < 0)
      return -1;
    if ((pos = bin(m, "Mul", s, zero, -1)) < 0 || (pos = bin(m, "Add", pos, one, -1)) < 0) return -1;
    int z0 = const_tensor(m, "cumsum_axis", IR_I64, 0, NULL, &(int64_t){0});
    if (z0 < 0 || (pos = bin(m, "CumSum", pos, z0, -1)) < 0 || (eq = bin(m, "Equal", pos, ax, -1)) < 0) return -1;
    in3[0] = eq;
    in3[1] = minus;
    in3[2] = s;
    int idx = add_node(m, "Where", 3, in3, -1);
    if (idx < 0) return -1;
    s = node_out(m, idx);
  }
  return bin(m, "Reshape", c->in[0], s, c->out[0]) < 0 ? -1 : 0;
}

static int x_broadcast(imp *m, opctx *c) {
  int s;
  if (want_inputs(m, c, 2, 2) || (s = cast(m, c->in[1], IR_I64, -1)) < 0) return -1;
  return bin(m, "Expand", c->in[0], s, c->out[0]) < 0 ? -1 : 0;
}

static int x_concat(imp *m, opctx *c) {
  fb_table p;
  int32_t axis;
  if (c->n_in < 1) return opfail(m, "has no inputs");
  if (want_param(m, c, P_AXIS, &p) || fb_i32(&p, 0, 0, &axis)) return -1;
  int idx = add_node(m, "Concat", c->n_in, c->in, c->out[0]);
  return idx < 0 || attr_int(m, idx, "axis", axis) ? -1 : 0;
}

static int x_dimshuffle(imp *m, opctx *c) {
  fb_table p;
  fb_vec pv;
  uint32_t ndim;
  int64_t perm[MGE_MAX_NDIM], add[MGE_MAX_NDIM];
  int np = 0, na = 0, used = 0, rc;
  if (want_inputs(m, c, 1, 1) || want_param(m, c, P_DIMSHUFFLE, &p)) return -1;
  if ((rc = fb_vector(&p, 0, 4, &pv)) < 0 || fb_u32(&p, 1, 0, &ndim)) return -1;
  if (!rc) pv.len = 0;
  if (pv.len == 0 || pv.len > MGE_MAX_NDIM || ndim > MGE_MAX_NDIM)
    return opfail(m, "pattern of %u entries for %u dims is invalid", pv.len, ndim);
  for (uint32_t i = 0; i < pv.len; i++) {
    int32_t v = fb_vec_i32(&pv, i);
    if (v == -1) {
      add[na++] = i;
    } else if (v < 0 || (uint32_t)v >= ndim || (used >> v & 1)) {
      return opfail(m, "pattern entry %d is invalid for %u dims", v, ndim);
    } else {
      used |= 1 << v;
      perm[np++] = v;
    }
  }
  if ((uint32_t)np != ndim) return opfail(m, "pattern drops input axes, which kiln does not support");
  int x = c->in[0], ident = 1;
  for (int i = 0; i < np; i++) ident &= perm[i] == i;
  if (!ident || na == 0) {
    int idx = add_node(m, "Transpose", 1, &x, na ? -1 : c->out[0]);
    if (idx < 0 || attr_ints(m, idx, "perm", perm, np)) return -1;
    x = node_out(m, idx);
  }
  if (na && squeeze_op(m, "Unsqueeze", x, add, na, c->out[0]) < 0) return -1;
  return 0;
}

static int x_axis_add_remove(imp *m, opctx *c) {
  fb_table p;
  fb_vec dv;
  int rc;
  if (want_inputs(m, c, 1, 1) || want_param(m, c, P_AXIS_ADD_REMOVE, &p)) return -1;
  /* desc: [AxisDesc] structs {method: byte; (3 pad) axis: int} of 8 bytes */
  if ((rc = fb_vector(&p, 0, 8, &dv)) < 0) return -1;
  if (!rc || dv.len == 0) return un(m, "Identity", c->in[0], c->out[0]) < 0 ? -1 : 0;
  if (dv.len > 2 * MGE_MAX_NDIM) return opfail(m, "has %u axis descriptions", dv.len);
  int x = c->in[0];
  for (uint32_t i = 0; i < dv.len; i++) {
    const uint8_t *e = fb_vec_ptr(&dv, i);
    int64_t axis = (int32_t)fb_ld32(e + 4);
    if (e[0] > 1) return opfail(m, "axis description method %u is invalid", e[0]);
    if ((x = squeeze_op(m, e[0] == 0 ? "Unsqueeze" : "Squeeze", x, &axis, 1, i + 1 == dv.len ? c->out[0] : -1)) < 0)
      return -1;
  }
  return 0;
}

/* Subtensor: x[item0, item1, ...]; the inputs after x are, per item in
 * order, its begin, end, step and idx vars for the flags that are set. */
static int x_subtensor(imp *m, opctx *c) {
  fb_table p;
  fb_vec iv;
  int rc, next = 1;
  if (c->n_in < 1) return opfail(m, "has no inputs");
  if (want_param(m, c, P_INDEX_DESC, &p)) return -1;
  /* items: [IndexDescMaskItem] structs {axis: byte, begin, end, step, idx: bool} */
  if ((rc = fb_vector(&p, 0, 5, &iv)) < 0) return -1;
  if (!rc) iv.len = 0;
  if (iv.len > MGE_MAX_NDIM) return opfail(m, "has %u index items", iv.len);
  int x = c->in[0];
  int64_t gather_axis[MGE_MAX_NDIM];
  int gather_in[MGE_MAX_NDIM], ng = 0, n_slices = 0, n_idx = 0, last_slice = -1, n_items = (int)iv.len;
  for (int i = 0; i < n_items; i++) {
    const uint8_t *e = fb_vec_ptr(&iv, (uint32_t)i);
    int need = !!e[1] + !!e[2] + !!e[3] + !!e[4];
    if (next + need > c->n_in) return opfail(m, "index items need more inputs than the %d given", c->n_in);
    if (e[1] || e[2] || e[3]) n_slices++, last_slice = i;
    n_idx += e[4];
    if (e[4] && (e[1] || e[2] || e[3])) return opfail(m, "index item %d has both an index and a slice", i);
    next += need;
  }
  if (next != c->n_in) return opfail(m, "index items use %d inputs of %d", next, c->n_in);
  next = 1;
  for (int i = 0; i < n_items; i++) {
    const uint8_t *e = fb_vec_ptr(&iv, (uint32_t)i);
    int64_t axis = (int8_t)e[0];
    int b = e[1] ? c->in[next++] : -1, en = e[2] ? c->in[next++] : -1, st = e[3] ? c->in[next++] : -1;
    if (e[4]) {
      gather_in[ng] = c->in[next++];
      gather_axis[ng++] = axis;
      continue;
    }
    if (i != last_slice && !(e[1] || e[2] || e[3])) continue; /* ':' takes the whole axis */
    /* Defaults depend on the step's sign (known when it is a constant). */
    int neg = 0;
    if (st >= 0) {
      const ir_tensor *s = &m->g->tensors[st];
      if (s->data && ir_numel(s) == 1 && ir_dtype_is_int(s->dtype)) neg = ir_get_i64(s, 0) < 0;
    }
    int in[5];
    in[0] = x;
    if ((in[1] = b >= 0 ? index1(m, b) : const_i64(m, "start", neg ? INT64_MAX : 0)) < 0 ||
        (in[2] = en >= 0 ? index1(m, en) : const_i64(m, "end", neg ? INT64_MIN : INT64_MAX)) < 0 ||
        (in[3] = const_i64(m, "axes", axis)) < 0 || (in[4] = st >= 0 ? index1(m, st) : const_i64(m, "step", 1)) < 0)
      return -1;
    int out = i == last_slice && n_idx == 0 ? c->out[0] : -1;
    int idx = add_node(m, "Slice", 5, in, out);
    if (idx < 0) return -1;
    x = node_out(m, idx);
  }
  /* Scalar indices remove their axes: highest axis first so the others
   * keep their numbers. MegEngine has no rank-0 vars: indexing every axis
   * leaves shape (1,), so then the last axis stays. */
  int rank = ng ? guess_rank(m, c->in[0], c->in_id[0]) : -1;
  if (ng && rank < 0) return -1;
  int keep_last = ng == rank;
  for (int k = 0; k < ng; k++) {
    int best = k;
    for (int j = k + 1; j < ng; j++)
      if (gather_axis[j] > gather_axis[best]) best = j;
    int64_t ta = gather_axis[k];
    gather_axis[k] = gather_axis[best];
    gather_axis[best] = ta;
    int ti = gather_in[k];
    gather_in[k] = gather_in[best];
    gather_in[best] = ti;
    int in[2] = {x, index1(m, gather_in[k])};
    if (in[1] < 0) return -1;
    int idx = add_node(m, "Gather", 2, in, -1);
    if (idx < 0 || attr_int(m, idx, "axis", gather_axis[k])) return -1;
    if (keep_last && k + 1 == ng) {
      if (un(m, "Identity", node_out(m, idx), c->out[0]) < 0) return -1;
    } else if ((x = squeeze_op(m, "Squeeze", node_out(m, idx), &gather_axis[k], 1,
                               k + 1 == ng ? c->out[0] : -1)) < 0) {
      return -1;
    }
  }
  if (n_slices == 0 && ng == 0) return un(m, "Identity", x, c->out[0]) < 0 ? -1 : 0;
  return 0;
}

static int x_reduce(imp *m, opctx *c) {
  static const char *const ops[] = {"ReduceSum", "ReduceSumSquare", "ReduceProd", "ReduceMin", "ReduceMax",
                                    "ReduceMean"};
  fb_table p;
  uint32_t mode, dtm;
  int32_t axis;
  if (want_inputs(m, c, 1, 2) || want_param(m, c, P_REDUCE, &p)) return -1;
  if (fb_u32(&p, 0, 0, &mode) || fb_i32(&p, 1, INT32_MAX, &axis) || fb_u32(&p, 2, 0, &dtm)) return -1;
  if (mode > 5) return opfail(m, "Reduce mode %u is unsupported (SUM, SUM_SQR, PRODUCT, MIN, MAX, MEAN)", mode);
  if (axis == INT32_MAX || c->n_in == 2)
    return opfail(m, "reduction to a target shape is unsupported; kiln reads reductions along one axis");
  if (dtm > 1) return opfail(m, "Reduce data_type %u is unsupported (DEFAULT or FLOAT_IO16xC32)", dtm);
  int64_t ax = axis;
  int idx;
  /* MegEngine keeps the reduced axis (size 1). */
  if (mode == 0) {
    int a = const_i64(m, "axes", ax);
    int in[2] = {c->in[0], a};
    if (a < 0 || (idx = add_node(m, ops[mode], 2, in, c->out[0])) < 0) return -1;
  } else {
    if ((idx = add_node(m, ops[mode], 1, c->in, c->out[0])) < 0 || attr_ints(m, idx, "axes", &ax, 1)) return -1;
  }
  return attr_int(m, idx, "keepdims", 1);
}

static int x_softmax(imp *m, opctx *c) {
  fb_table p;
  int32_t axis;
  if (want_inputs(m, c, 1, 1) || want_param(m, c, P_SOFTMAX, &p) || fb_i32(&p, 0, -1, &axis)) return -1;
  int idx = add_node(m, "Softmax", 1, c->in, c->out[0]);
  return idx < 0 || attr_int(m, idx, "axis", axis) ? -1 : 0;
}

static int x_typecvt(imp *m, opctx *c) {
  int e = 0, rc;
  ir_dtype dt;
  if (want_inputs(m, c, 1, 1)) return -1;
  if (c->ptype == P_DTYPE_PARAM) {
    uint8_t v;
    if (fb_u8(&c->param, 0, 8, &v)) return -1;
    e = (int8_t)v;
  } else if (c->ptype == P_DTYPE) {
    uint8_t v;
    if (fb_u8(&c->param, 0, 0, &v)) return -1;
    e = (int8_t)v;
  } else {
    if ((rc = read_dtype_enum(m, &c->t, OPR_OUT_DTYPE, &e)) < 0) return -1;
    if (!rc) return opfail(m, "has no target dtype");
  }
  if (check_dtype(m, e, "target", &dt)) return -1;
  return cast(m, c->in[0], dt, c->out[0]) < 0 ? -1 : 0;
}

static int x_identity(imp *m, opctx *c) {
  if (want_inputs(m, c, 1, 1)) return -1;
  return un(m, "Identity", c->in[0], c->out[0]) < 0 ? -1 : 0;
}

typedef int (*xlate_fn)(imp *m, opctx *c);

static const struct { const char *type; xlate_fn fn; } translators[] = {
  {"Host2DeviceCopy", x_input},
  {"ImmutableTensor", x_const},
  {"SharedDeviceTensor", x_const},
  {"VolatileSharedDeviceTensor", x_const},
  {"MultipleDeviceTensorHolder", x_const},
  {"ConvolutionForward", x_conv},
  {"Convolution", x_conv},
  {"ConvBiasForward", x_convbias},
  {"ConvBias", x_convbias},
  {"PoolingForward", x_pool},
  {"Pooling", x_pool},
  {"AdaptivePoolingForward", x_adaptive_pool},
  {"AdaptivePooling", x_adaptive_pool},
  {"Elemwise", x_elemwise},
  {"PowC", x_powc},
  {"MatrixMul", x_matmul},
  {"BatchedMatrixMul", x_batched_matmul},
  {"GetVarShape", x_get_var_shape},
  {"Reshape", x_reshape},
  {"Broadcast", x_broadcast},
  {"Concat", x_concat},
  {"Dimshuffle", x_dimshuffle},
  {"AxisAddRemove", x_axis_add_remove},
  {"Subtensor", x_subtensor},
  {"Reduce", x_reduce},
  {"SoftmaxForward", x_softmax},
  {"Softmax", x_softmax},
  {"TypeCvt", x_typecvt},
  {"Identity", x_identity},
  {"MarkNoBroadcastElemwise", x_identity},
};

#define MGE_SUPPORTED                                                                                      \
  "Host2DeviceCopy, ImmutableTensor, MultipleDeviceTensorHolder, SharedDeviceTensor, ConvolutionForward, " \
  "ConvBiasForward, PoolingForward, AdaptivePoolingForward, Elemwise, PowC, MatrixMul, BatchedMatrixMul, " \
  "GetVarShape, Reshape, Broadcast, Concat, Dimshuffle, AxisAddRemove, Subtensor, Reduce, SoftmaxForward, "  \
  "TypeCvt, Identity"

/* ---- Model ------------------------------------------------------------------------ */

static int var_name(imp *m, uint32_t id, char *buf, size_t n) {
  fb_table mt;
  const char *s;
  size_t len;
  int rc = 0;
  if (m->have_middle && id < m->middle.len) {
    if (fb_vec_table(&m->middle, id, &mt)) return -1;
    if ((rc = fb_string(&mt, MIDDLE_NAME, &s, &len)) < 0) return -1;
  }
  if (rc && len) snprintf(buf, n, "%s", s);
  else snprintf(buf, n, "var%u", id);
  return 0;
}

static int import_opr(imp *m, const fb_table *ot, uint32_t index) {
  opctx c;
  fb_vec iv, ov;
  const char *type = NULL, *name = NULL;
  size_t len;
  int rc;
  char namebuf[64], typebuf[32];
  memset(&c, 0, sizeof c);
  c.t = *ot;
  if ((rc = fb_string(ot, OPR_TYPE, &type, &len)) < 0) return -1;
  if (!rc || !len) {
    snprintf(typebuf, sizeof typebuf, "operator #%u", index);
    type = typebuf;
  }
  if ((rc = fb_string(ot, OPR_NAME, &name, &len)) < 0) return -1;
  if (!rc || !len) {
    snprintf(namebuf, sizeof namebuf, "%.40s_%u", type, index);
    name = namebuf;
  }
  m->op_name = name;
  m->op_type = type;
  m->op_nodes = 0;
  if (type == typebuf) return opfail(m, "has no type");
  if ((rc = fb_union(ot, OPR_PARAM, &c.ptype, &c.param)) < 0) return -1;
  if (!rc) {
    c.ptype = 0;
    /* An empty table: every field absent, i.e. every field its default. */
    c.param.b = &m->b;
    c.param.pos = 0;
    c.param.vt = 0;
    c.param.vt_len = 4;
    c.param.len = 4;
    c.param.depth = ot->depth + 1;
  }
  if ((rc = fb_vector(ot, OPR_INPUTS, 4, &iv)) < 0) return -1;
  if (!rc) iv.len = 0;
  if ((rc = fb_vector(ot, OPR_OUTPUTS, 4, &ov)) < 0) return -1;
  if (!rc) ov.len = 0;
  if (iv.len > 4096 || ov.len > 4096) return opfail(m, "has %u inputs and %u outputs", iv.len, ov.len);
  if (ov.len == 0) return opfail(m, "has no outputs");
  c.n_in = (int)iv.len;
  c.n_out = (int)ov.len;
  c.in = kiln_malloc((iv.len + 1) * sizeof *c.in);
  c.in_id = kiln_malloc((iv.len + 1) * sizeof *c.in_id);
  c.out = kiln_malloc((ov.len + 1) * sizeof *c.out);
  rc = -1;
  if (!c.in || !c.in_id || !c.out) {
    oom(m);
    goto done;
  }
  for (uint32_t i = 0; i < iv.len; i++) {
    uint32_t id = fb_vec_u32(&iv, i);
    if (id >= m->n_var || m->var[id] < 0) {
      opfail(m, "input %u refers to var %u, which no earlier operator produces", i, id);
      goto done;
    }
    c.in_id[i] = id;
    c.in[i] = m->var[id];
  }
  for (uint32_t i = 0; i < ov.len; i++) {
    uint32_t id = fb_vec_u32(&ov, i);
    char buf[300];
    if (id >= m->n_var || m->var[id] >= 0) {
      opfail(m, "output %u has var id %u, which is %s", i, id, id >= m->n_var ? "out of range" : "already defined");
      goto done;
    }
    if (var_name(m, id, buf, sizeof buf)) goto done;
    if ((c.out[i] = new_tensor(m, buf)) < 0) goto done;
    m->var[id] = c.out[i];
  }
  /* Registry names carry a version suffix ("PoolingV1", "ReduceV2"): the
   * param union says which param table it is, so the suffix is dropped. */
  size_t tl = strlen(type), base = tl;
  while (base > 0 && type[base - 1] >= '0' && type[base - 1] <= '9') base--;
  if (base < tl && base > 1 && type[base - 1] == 'V') base--;
  else base = tl;
  for (size_t k = 0; k < sizeof translators / sizeof *translators; k++) {
    if (strlen(translators[k].type) == base && strncmp(type, translators[k].type, base) == 0) {
      rc = translators[k].fn(m, &c);
      goto done;
    }
  }
  opfail(m, "operator type is unsupported; kiln reads %s", MGE_SUPPORTED);
done:
  for (int i = 0; rc == 0 && i < c.n_out; i++) {
    const ir_tensor *x = &m->g->tensors[c.out[i]];
    if (x->producer < 0 && !x->data && !x->is_input) rc = opfail(m, "output %d is unsupported", i);
  }
  free(c.in);
  free(c.in_id);
  free(c.out);
  return m->d->failed ? -1 : rc;
}

/* output_alias: [OutputAlias {id, name}] names outputs by their original
 * var id (OutputVar.original_id); the alias becomes the tensor's name. */
static int output_alias(imp *m, const fb_table *root, const fb_table *ovar, int t) {
  fb_vec av;
  fb_table at;
  uint32_t orig, id;
  const char *name;
  size_t len;
  int rc;
  if ((rc = fb_vector(root, MODEL_ALIAS, 4, &av)) <= 0) return rc;
  if (fb_u32(ovar, 1, 0, &orig)) return -1;
  for (uint32_t i = 0; i < av.len; i++) {
    if (fb_vec_table(&av, i, &at) || fb_u32(&at, 0, 0, &id)) return -1;
    if (id != orig || (rc = fb_string(&at, 1, &name, &len)) < 0) {
      if (id == orig) return -1;
      continue;
    }
    if (!rc || !len || name_find(m, name) >= 0) return 0;
    char *s = kiln_strdup(name);
    if (!s) return oom(m);
    free(m->g->tensors[t].name);
    m->g->tensors[t].name = s;
    return name_insert(m, t) ? oom(m) : 0;
  }
  return 0;
}

static int import_model(imp *m, const uint8_t *file, size_t n) {
  kiln_diag *d = m->d;
  fb_table root, ot;
  fb_vec oprs, outs;
  int rc;
  if (n < 12) return kiln_fail(d, "file too short for a MegEngine model (%zu bytes)", n);
  uint32_t size = fb_ld32(file);
  if (size < 8 || size > n - 4)
    return kiln_fail(d, "MegEngine model: size prefix %u does not match the file's %zu bytes", size, n);
  fb_init(&m->b, d, file + 4, size, 4);
  m->b.what = "MegEngine model";
  if (memcmp(file + 8, "mgv2", 4) != 0) return kiln_fail(d, "not a MegEngine FLATBUFFERS_V2 model (no 'mgv2' identifier)");
  if (fb_root(&m->b, &root)) return -1;
  if ((rc = fb_vector(&root, MODEL_OPRS, 4, &oprs)) < 0) return -1;
  if (!rc || oprs.len == 0) return kiln_fail(d, "MegEngine model has no operators");
  if ((rc = fb_vector(&root, MODEL_MIDDLE, 4, &m->middle)) < 0) return -1;
  m->have_middle = rc;
  /* Var ids are dense: bounded by the number of outputs written. */
  uint64_t total = 0;
  for (uint32_t i = 0; i < oprs.len; i++) {
    fb_vec ov;
    if (fb_vec_table(&oprs, i, &ot) || (rc = fb_vector(&ot, OPR_OUTPUTS, 4, &ov)) < 0) return -1;
    if (rc) total += ov.len;
  }
  if (m->have_middle && m->middle.len > total) total = m->middle.len;
  if (total > (uint64_t)INT_MAX / 4) return kiln_fail(d, "MegEngine model has too many vars (%llu)", (unsigned long long)total);
  m->n_var = (uint32_t)total;
  if (!(m->var = kiln_malloc(((size_t)total + 1) * sizeof *m->var))) return oom(m);
  for (uint32_t i = 0; i < m->n_var; i++) m->var[i] = -1;
  ir_graph *g = m->g;
  if (!(g->opset_domain[0] = kiln_strdup(""))) return oom(m);
  g->opset_version[0] = MGE_OPSET;
  g->n_opsets = 1;
  g->ir_version = 8;
  if (!(g->name = kiln_strdup("mge"))) return oom(m);
  for (uint32_t i = 0; i < oprs.len; i++)
    if (fb_vec_table(&oprs, i, &ot) || import_opr(m, &ot, i)) return -1;
  /* output_vars_idx: [OutputVar {compact_id, original_id}] */
  if ((rc = fb_vector(&root, MODEL_OUTPUTS, 4, &outs)) < 0) return -1;
  if (!rc || outs.len == 0) return kiln_fail(d, "MegEngine model has no output vars");
  if (!(g->outputs = kiln_malloc((size_t)outs.len * sizeof *g->outputs))) return oom(m);
  for (uint32_t i = 0; i < outs.len; i++) {
    uint32_t id;
    if (fb_vec_table(&outs, i, &ot) || fb_u32(&ot, 0, 0, &id)) return -1;
    if (id >= m->n_var || m->var[id] < 0)
      return kiln_fail(d, "output var %u (#%u) is not produced by any operator", id, i);
    ir_tensor *x = &g->tensors[m->var[id]];
    if (x->is_output) continue;
    if (output_alias(m, &root, &ot, m->var[id])) return -1;
    x = &g->tensors[m->var[id]];
    x->is_output = 1;
    if (!x->is_input) x->io_index = g->n_outputs;
    g->outputs[g->n_outputs++] = m->var[id];
  }
  if (g->n_inputs == 0) return kiln_fail(d, "MegEngine model has no inputs (Host2DeviceCopy operators)");
  return 0;
}

int mge_sniff(const void *head, size_t n) {
  const char *h = head;
  if (n >= 12 && memcmp(h + 8, "mgv2", 4) == 0) return 1;
  /* v1 (FLATBUFFERS) dumps start with the magic "MGBC" (or "MGBS" before). */
  return n >= 4 && (memcmp(h, "MGBC", 4) == 0 || memcmp(h, "MGBS", 4) == 0);
}

/* Imports from `file` (n bytes, malloc'd), which the graph takes over. */
static int import_owned(kiln_diag *d, uint8_t *file, size_t n, ir_graph **out) {
  imp m;
  int rc = -1;
  memset(&m, 0, sizeof m);
  m.d = d;
  if (n >= 4 && (memcmp(file, "MGBC", 4) == 0 || memcmp(file, "MGBS", 4) == 0)) {
    kiln_fail(d, "this is a MegEngine v1 (FLATBUFFERS) dump; kiln reads MegEngine FLATBUFFERS_V2 dumps "
              "(\"mgv2\", what MegEngine 1.13 dump() writes) and ONNX; re-dump the model with a current MegEngine");
    free(file);
    return -1;
  }
  if (!(m.g = ir_graph_new())) {
    free(file);
    return oom(&m);
  }
  m.g->on_free = free; /* tensor data points into the file buffer */
  m.g->on_free_arg = file;
  rc = import_model(&m, file, n);
  free(m.var);
  free(m.slot);
  if (rc == 0) *out = m.g;
  else ir_graph_free(m.g);
  return rc;
}

int mge_import_mem(kiln_diag *d, const void *data, size_t n, ir_graph **out) {
  *out = NULL;
  uint8_t *copy = kiln_malloc(n ? n : 1);
  if (!copy) return kiln_fail(d, "out of memory");
  if (n) memcpy(copy, data, n);
  return import_owned(d, copy, n, out);
}

int mge_import(kiln_diag *d, const char *path, ir_graph **out) {
  const char *saved_file = d->file;
  size_t n = 0;
  int rc = -1;
  *out = NULL;
  if (!d->file) d->file = path;
  uint8_t *file = kiln_read_file(path, &n);
  if (!file) kiln_fail(d, "cannot read the file");
  else rc = import_owned(d, file, n, out);
  d->file = saved_file;
  return rc;
}
