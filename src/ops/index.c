/* index.c - indexing and rearrangement operators:
 *   GatherElements, ScatterElements, Scatter (opset 9-10 form), ScatterND,
 *   GatherND, Tile, DepthToSpace, SpaceToDepth, OneHot, ReverseSequence,
 *   CenterCropPad, Trilu, EyeLike.
 *
 * Every op here moves elements by size, so any numeric or bool dtype runs;
 * only the scatter reductions (add/mul/max/min) compute, for float32,
 * float64 and the integer types.
 *
 * Index safety. Constant index tensors are range-checked here: an
 * out-of-range constant index is a compile error. Run-time indices (int32
 * or int64) are checked by the kernels (src/kernels/index.h), which never
 * read or write outside a tensor: gathers (GatherElements, GatherND) CLAMP
 * an index to the nearest valid one, scatters (ScatterElements, ScatterND)
 * SKIP an update whose index is out of range, OneHot writes an all-off row
 * (the spec's rule) and ReverseSequence clamps lengths to [0, time].
 *
 * Tile, DepthToSpace and SpaceToDepth are strided copies (kiln_copy_nd__c)
 * and CenterCropPad a constant pad over a cropped region (kiln_pad__c).
 * Inputs that fix the output shape (Tile repeats, OneHot depth,
 * CenterCropPad shape) must be constant.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/copy.h"
#include "../kernels/index.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

static int data_dtype_ok(kiln_diag *d, ir_node *n, const ir_tensor *x, int i) {
  if (x->dtype == IR_STRING || ir_dtype_size(x->dtype) == 0 || ir_dtype_size(x->dtype) > 8)
    return ir_node_fail(d, n, "input %d '%s' has dtype %s; kiln supports numeric and bool tensors "
                        "only", i, x->name, ir_dtype_name(x->dtype));
  return 0;
}

/* The value kind of a dtype (KILN_NUM_*), 0 if none (bool, float16, ...). */
static int num_kind(ir_dtype t) {
  switch (t) {
  case IR_F32: return KILN_NUM_F32;
  case IR_F64: return KILN_NUM_F64;
  case IR_I8: return KILN_NUM_I8;
  case IR_U8: return KILN_NUM_U8;
  case IR_I16: return KILN_NUM_I16;
  case IR_U16: return KILN_NUM_U16;
  case IR_I32: return KILN_NUM_I32;
  case IR_U32: return KILN_NUM_U32;
  case IR_I64: return KILN_NUM_I64;
  case IR_U64: return KILN_NUM_U64;
  default: return 0;
  }
}

/* Enum names for the emitted parameter structs (readable generated code). */
static const char *kind_name(int k) {
  static const char *const names[] = {"0", "KILN_NUM_F32", "KILN_NUM_F64", "KILN_NUM_I8", "KILN_NUM_U8",
                                      "KILN_NUM_I16", "KILN_NUM_U16", "KILN_NUM_I32", "KILN_NUM_U32",
                                      "KILN_NUM_I64", "KILN_NUM_U64"};
  return k >= 0 && k <= KILN_NUM_U64 ? names[k] : "0";
}
static const char *red_name(int r) {
  static const char *const names[] = {"KILN_RED_NONE", "KILN_RED_ADD", "KILN_RED_MUL", "KILN_RED_MAX",
                                      "KILN_RED_MIN"};
  return r >= 0 && r <= KILN_RED_MIN ? names[r] : "KILN_RED_NONE";
}

static const ir_dtype idx_types[] = {IR_I64, IR_I32, IR_UNDEFINED};

/* Row-major strides of dims, times elem. */
static void strides(int rank, const int64_t *dims, int64_t elem, int64_t *st) {
  int64_t s = elem;
  for (int i = rank - 1; i >= 0; i--) {
    st[i] = s;
    s *= dims[i];
  }
}

static int64_t prod(const int64_t *dims, int lo, int hi) {
  int64_t p = 1;
  for (int i = lo; i < hi; i++) p *= dims[i];
  return p;
}

/* "{a, b, ...}" with KILN_MAX_RANK entries (zero-filled after k). */
static const char *list8(char *buf, size_t size, const int64_t *v, int k) {
  size_t off = 0;
  for (int i = 0; i < KILN_MAX_RANK && off < size; i++) {
    int w = snprintf(buf + off, size - off, "%s%lld%s", i ? ", " : "{", (long long)(i < k ? v[i] : 0),
                     i == KILN_MAX_RANK - 1 ? "}" : "");
    if (w < 0) break;
    off += (size_t)w;
  }
  return buf;
}

/* A constant index tensor's data must cover its elements. */
static int const_idx_ok(kiln_diag *d, ir_node *n, const ir_tensor *t, int i) {
  int64_t k = ir_numel(t);
  if (k < 0 || t->nbytes < (size_t)k * ir_dtype_size(t->dtype))
    return ir_node_fail(d, n, "input %d '%s' has no valid data", i, t->name);
  return 0;
}

static int out_ok(kiln_diag *d, ir_node *n, ir_tensor *y) {
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output is too large");
  return 0;
}

/* The `reduction` attribute of ScatterElements / ScatterND: none (any
 * dtype), add/mul (opset 16), max/min (opset 18), on dtypes with a kind. */
static int get_reduction(kiln_diag *d, ir_node *n, ir_dtype dt, int *red) {
  ir_attr *a = ir_attr_find(n, "reduction");
  *red = KILN_RED_NONE;
  if (!a) return 0;
  if (a->type != IR_ATTR_STRING) return ir_node_fail(d, n, "attribute 'reduction' must be a string");
  a->used = 1;
  if (n->opset < 16)
    return ir_node_fail(d, n, "attribute 'reduction' needs opset 16 (this node has opset %d)", n->opset);
  const char *s = a->s;
  if (strcmp(s, "none") == 0) return 0;
  if (strcmp(s, "add") == 0) *red = KILN_RED_ADD;
  else if (strcmp(s, "mul") == 0) *red = KILN_RED_MUL;
  else if (strcmp(s, "max") == 0 || strcmp(s, "min") == 0) {
    if (n->opset < 18)
      return ir_node_fail(d, n, "reduction '%s' needs opset 18 (this node has opset %d)", s, n->opset);
    *red = s[1] == 'a' ? KILN_RED_MAX : KILN_RED_MIN;
  } else {
    return ir_node_fail(d, n, "reduction '%s' is not one of none, add, mul, max, min", s);
  }
  if (!num_kind(dt))
    return ir_node_fail(d, n, "reduction '%s' is not supported for dtype %s (supported: float32, "
                        "float64 and integer types)", s, ir_dtype_name(dt));
  return 0;
}

/* ------------------------------------- GatherElements / ScatterElements */

static int elems_infer(kiln_diag *d, ir_graph *g, ir_node *n, int scatter) {
  if (op_need_inputs(d, g, n, 0, scatter ? 2 : 1) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *ix = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  if (data_dtype_ok(d, n, x, 0) < 0 || op_check_dtype(d, n, ix, 1, idx_types) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank < 1) return ir_node_fail(d, n, "input 0 '%s' is a scalar; rank >= 1 is needed", x->name);
  if (ix->rank != x->rank)
    return ir_node_fail(d, n, "input 1 'indices' has rank %d; expected %d (the rank of input 0)",
                        ix->rank, x->rank);
  int axis;
  if (op_axis(d, n, ir_attr_int(n, "axis", 0), x->rank, &axis) < 0) return -1;
  for (int i = 0; i < x->rank; i++)
    if (i != axis && ix->dims[i] > x->dims[i])
      return ir_node_fail(d, n, "input 1 'indices' dim %d is %lld, larger than input 0's %lld", i,
                          (long long)ix->dims[i], (long long)x->dims[i]);
  if (scatter) {
    ir_tensor *u = ir_in(g, n, 2);
    if (u->dtype != x->dtype)
      return ir_node_fail(d, n, "input 2 'updates' has dtype %s; expected %s (the dtype of input 0)",
                          ir_dtype_name(u->dtype), ir_dtype_name(x->dtype));
    int same = u->rank == ix->rank;
    for (int i = 0; same && i < u->rank; i++) same = u->dims[i] == ix->dims[i];
    if (!same) return ir_node_fail(d, n, "input 2 'updates' must have the shape of input 1 'indices'");
    int red;
    if (get_reduction(d, n, x->dtype, &red) < 0) return -1;
  }
  int64_t dim = x->dims[axis], k = ir_numel(ix);
  if (ix->data) {
    if (const_idx_ok(d, n, ix, 1) < 0) return -1;
    for (int64_t i = 0; i < k; i++) {
      int64_t v = ir_get_i64(ix, i);
      if (v < -dim || v >= dim)
        return ir_node_fail(d, n, "indices[%lld] = %lld is out of range [%lld, %lld] for axis %d "
                            "of size %lld", (long long)i, (long long)v, (long long)-dim,
                            (long long)(dim - 1), axis, (long long)dim);
    }
  } else if (dim == 0 && k > 0) {
    return ir_node_fail(d, n, "axis %d has size 0, so every index is out of range", axis);
  }
  if (scatter) ir_set_shape(y, x->dtype, x->rank, x->dims);
  else ir_set_shape(y, x->dtype, ix->rank, ix->dims);
  return out_ok(d, n, y);
}

static void elems_params(ir_graph *g, ir_node *n, int scatter, kiln_elems_params *p) {
  ir_tensor *x = ir_in(g, n, 0), *ix = ir_in(g, n, 1);
  int axis = 0;
  op_axis(NULL, n, ir_attr_int(n, "axis", 0), x->rank, &axis); /* validated by infer */
  memset(p, 0, sizeof *p);
  p->rank = ix->rank;
  p->kind = ix->dtype == IR_I64 ? KILN_NUM_I64 : KILN_NUM_I32;
  p->num = num_kind(x->dtype);
  p->red = KILN_RED_NONE;
  if (scatter) get_reduction(NULL, n, x->dtype, &p->red);
  p->elem = (int64_t)ir_dtype_size(x->dtype);
  strides(x->rank, x->dims, p->elem, p->xs);
  p->axis_dim = x->dims[axis];
  p->axis_stride = p->xs[axis];
  p->xs[axis] = 0;
  p->total = ir_nbytes(x);
  for (int i = 0; i < ix->rank; i++) p->dims[i] = ix->dims[i];
}

static int elems_eval(kiln_diag *d, ir_graph *g, ir_node *n, int scatter) {
  kiln_elems_params p;
  elems_params(g, n, scatter, &p);
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  const void *x = ir_in(g, n, 0)->data, *ix = ir_in(g, n, 1)->data;
  if (scatter) kiln_scatter_elements__c(&p, x, ix, ir_in(g, n, 2)->data, out);
  else kiln_gather_elements__c(&p, x, ix, out);
  return 0;
}

static int elems_emit(emit_ctx *e, ir_graph *g, ir_node *n, int scatter) {
  kiln_elems_params p;
  elems_params(g, n, scatter, &p);
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  const char *k = scatter ? "kiln_scatter_elements__c" : "kiln_gather_elements__c";
  if (emit_use(e, k) < 0) return -1;
  char id[64], b1[512], b2[512];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_elems_params %s_p = {%d, %s, %s, %s, %lld, %lld, %lld, %lld, %s, %s};\n",
            id, p.rank, kind_name(p.kind), kind_name(p.num), red_name(p.red), (long long)p.elem, (long long)p.axis_dim,
            (long long)p.axis_stride, (long long)p.total, list8(b1, sizeof b1, p.dims, p.rank),
            list8(b2, sizeof b2, p.xs, p.rank));
  if (scatter) {
    char x[128], ix[128], u[128];
    snprintf(x, sizeof x, "%s", emit_bytes(e, n->inputs[0]));
    snprintf(ix, sizeof ix, "%s", emit_bytes(e, n->inputs[1]));
    snprintf(u, sizeof u, "%s", emit_bytes(e, n->inputs[2]));
    emit_code(e, "%s(&%s_p, %s, %s, %s, %s);\n", k, id, x, ix, u, emit_bytes(e, n->outputs[0]));
  } else {
    char x[128], ix[128];
    snprintf(x, sizeof x, "%s", emit_bytes(e, n->inputs[0]));
    snprintf(ix, sizeof ix, "%s", emit_bytes(e, n->inputs[1]));
    emit_code(e, "%s(&%s_p, %s, %s, %s);\n", k, id, x, ix, emit_bytes(e, n->outputs[0]));
  }
  return 0;
}

static int gather_elements_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return elems_infer(d, g, n, 0); }
static int gather_elements_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return elems_eval(d, g, n, 0); }
static int gather_elements_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return elems_emit(e, g, n, 0); }
static int scatter_elements_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return elems_infer(d, g, n, 1); }
static int scatter_elements_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return elems_eval(d, g, n, 1); }
static int scatter_elements_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return elems_emit(e, g, n, 1); }

const op_def op_GatherElements = {
  .name = "GatherElements", .domain = "", .since = 11, .until = 0, .attrs = "axis",
  .infer = gather_elements_infer, .eval = gather_elements_eval, .emit = gather_elements_emit,
};
const op_def op_ScatterElements = {
  .name = "ScatterElements", .domain = "", .since = 11, .until = 0, .attrs = "axis reduction",
  .infer = scatter_elements_infer, .eval = scatter_elements_eval, .emit = scatter_elements_emit,
};
/* Scatter: deprecated in opset 11 in favour of ScatterElements (same
 * semantics, no reduction). */
const op_def op_Scatter = {
  .name = "Scatter", .domain = "", .since = 9, .until = 10, .attrs = "axis",
  .infer = scatter_elements_infer, .eval = scatter_elements_eval, .emit = scatter_elements_emit,
};

/* ------------------------------------------------- GatherND / ScatterND */

/* Checks every tuple of a constant indices tensor ([..., k]) against the k
 * data dims starting at `first`. */
static int nd_check_const(kiln_diag *d, ir_node *n, const ir_tensor *ix, const int64_t *ddims,
                          int first, int k) {
  if (const_idx_ok(d, n, ix, 1) < 0) return -1;
  int64_t m = ir_numel(ix);
  for (int64_t i = 0; i < m; i++) {
    int64_t v = ir_get_i64(ix, i), dim = ddims[first + (int)(i % k)];
    if (v < -dim || v >= dim)
      return ir_node_fail(d, n, "indices[%lld] = %lld is out of range [%lld, %lld] for data axis %d "
                          "of size %lld", (long long)i, (long long)v, (long long)-dim,
                          (long long)(dim - 1), first + (int)(i % k), (long long)dim);
  }
  return 0;
}

static int gathernd_batch(ir_node *n) { return (int)ir_attr_int(n, "batch_dims", 0); }

static int gathernd_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 1) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *ix = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  if (data_dtype_ok(d, n, x, 0) < 0 || op_check_dtype(d, n, ix, 1, idx_types) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (ir_attr_find(n, "batch_dims") && n->opset < 12)
    return ir_node_fail(d, n, "attribute 'batch_dims' needs opset 12 (this node has opset %d)", n->opset);
  int64_t b64 = ir_attr_int(n, "batch_dims", 0);
  int r = x->rank, q = ix->rank;
  if (r < 1 || q < 1) return ir_node_fail(d, n, "data and indices must have rank >= 1");
  if (b64 < 0 || b64 >= (r < q ? r : q))
    return ir_node_fail(d, n, "batch_dims %lld must be in [0, %d) (less than both input ranks)",
                        (long long)b64, r < q ? r : q);
  int b = (int)b64;
  for (int i = 0; i < b; i++)
    if (x->dims[i] != ix->dims[i])
      return ir_node_fail(d, n, "batch dim %d differs: data has %lld, indices %lld", i,
                          (long long)x->dims[i], (long long)ix->dims[i]);
  int64_t k = ix->dims[q - 1];
  if (k < 1 || k > r - b)
    return ir_node_fail(d, n, "the last dim of indices is %lld; it must be in [1, %d] (data rank - "
                        "batch_dims)", (long long)k, r - b);
  int orank = q - 1 + r - (int)k - b;
  if (orank > IR_MAX_RANK)
    return ir_node_fail(d, n, "output rank %d exceeds kiln's limit of %d", orank, IR_MAX_RANK);
  for (int i = b; i < b + k; i++)
    if (x->dims[i] == 0 && ir_numel(ix) > 0)
      return ir_node_fail(d, n, "data axis %d has size 0, so every index is out of range", i);
  if (ix->data && nd_check_const(d, n, ix, x->dims, b, (int)k) < 0) return -1;
  int64_t dims[IR_MAX_RANK];
  int j = 0;
  for (int i = 0; i < q - 1; i++) dims[j++] = ix->dims[i];
  for (int i = b + (int)k; i < r; i++) dims[j++] = x->dims[i];
  ir_set_shape(y, x->dtype, orank, dims);
  return out_ok(d, n, y);
}

static void nd_params(ir_graph *g, ir_node *n, int b, int scatter, kiln_nd_params *p) {
  ir_tensor *x = ir_in(g, n, 0), *ix = ir_in(g, n, 1);
  int64_t st[IR_MAX_RANK];
  memset(p, 0, sizeof *p);
  p->elem = (int64_t)ir_dtype_size(x->dtype);
  strides(x->rank, x->dims, p->elem, st);
  p->kind = ix->dtype == IR_I64 ? KILN_NUM_I64 : KILN_NUM_I32;
  p->num = num_kind(x->dtype);
  p->red = KILN_RED_NONE;
  if (scatter) get_reduction(NULL, n, x->dtype, &p->red);
  p->k = (int)ix->dims[ix->rank - 1];
  p->batch = prod(x->dims, 0, b);
  p->n = prod(ix->dims, b, ix->rank - 1);
  p->slice = prod(x->dims, b + p->k, x->rank) * p->elem;
  p->xbatch = prod(x->dims, b, x->rank) * p->elem;
  p->total = ir_nbytes(x);
  for (int c = 0; c < p->k; c++) {
    p->dims[c] = x->dims[b + c];
    p->st[c] = st[b + c];
  }
}

static void nd_decl(emit_ctx *e, const char *id, const kiln_nd_params *p) {
  char b1[512], b2[512];
  emit_decl(e, "static const kiln_nd_params %s_p = {%s, %s, %s, %d, %lld, %lld, %lld, %lld, %lld, "
            "%lld, %s, %s};\n", id, kind_name(p->kind), kind_name(p->num), red_name(p->red), p->k, (long long)p->batch,
            (long long)p->n, (long long)p->slice, (long long)p->xbatch, (long long)p->total,
            (long long)p->elem, list8(b1, sizeof b1, p->dims, p->k), list8(b2, sizeof b2, p->st, p->k));
}

static int gathernd_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_nd_params p;
  nd_params(g, n, gathernd_batch(n), 0, &p);
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_gather_nd__c(&p, ir_in(g, n, 0)->data, ir_in(g, n, 1)->data, out);
  return 0;
}

static int gathernd_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_nd_params p;
  nd_params(g, n, gathernd_batch(n), 0, &p);
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_gather_nd__c") < 0) return -1;
  char id[64], x[128], ix[128];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  nd_decl(e, id, &p);
  snprintf(x, sizeof x, "%s", emit_bytes(e, n->inputs[0]));
  snprintf(ix, sizeof ix, "%s", emit_bytes(e, n->inputs[1]));
  emit_code(e, "kiln_gather_nd__c(&%s_p, %s, %s, %s);\n", id, x, ix, emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_GatherND = {
  .name = "GatherND", .domain = "", .since = 11, .until = 0, .attrs = "batch_dims",
  .infer = gathernd_infer, .eval = gathernd_eval, .emit = gathernd_emit,
};

static int scatternd_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 2) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *ix = ir_in(g, n, 1), *u = ir_in(g, n, 2), *y = ir_out(g, n, 0);
  if (data_dtype_ok(d, n, x, 0) < 0 || op_check_dtype(d, n, ix, 1, idx_types) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (u->dtype != x->dtype)
    return ir_node_fail(d, n, "input 2 'updates' has dtype %s; expected %s (the dtype of input 0)",
                        ir_dtype_name(u->dtype), ir_dtype_name(x->dtype));
  int r = x->rank, q = ix->rank;
  if (r < 1 || q < 1) return ir_node_fail(d, n, "data and indices must have rank >= 1");
  int64_t k = ix->dims[q - 1];
  if (k < 1 || k > r)
    return ir_node_fail(d, n, "the last dim of indices is %lld; it must be in [1, %d] (data rank)",
                        (long long)k, r);
  /* updates: indices.shape[:-1] + data.shape[k:] */
  int64_t want[2 * IR_MAX_RANK];
  int m = 0;
  for (int i = 0; i < q - 1; i++) want[m++] = ix->dims[i];
  for (int i = (int)k; i < r; i++) want[m++] = x->dims[i];
  int same = u->rank == m;
  for (int i = 0; same && i < m; i++) same = u->dims[i] == want[i];
  if (!same)
    return ir_node_fail(d, n, "input 2 'updates' must have shape indices.shape[:-1] + "
                        "data.shape[%lld:] (rank %d)", (long long)k, m);
  int red;
  if (get_reduction(d, n, x->dtype, &red) < 0) return -1;
  for (int i = 0; i < k; i++)
    if (x->dims[i] == 0 && ir_numel(ix) > 0)
      return ir_node_fail(d, n, "data axis %d has size 0, so every index is out of range", i);
  if (ix->data && nd_check_const(d, n, ix, x->dims, 0, (int)k) < 0) return -1;
  ir_set_shape(y, x->dtype, x->rank, x->dims);
  return out_ok(d, n, y);
}

static int scatternd_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_nd_params p;
  nd_params(g, n, 0, 1, &p);
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_scatter_nd__c(&p, ir_in(g, n, 0)->data, ir_in(g, n, 1)->data, ir_in(g, n, 2)->data, out);
  return 0;
}

static int scatternd_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_nd_params p;
  nd_params(g, n, 0, 1, &p);
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_scatter_nd__c") < 0) return -1;
  char id[64], x[128], ix[128], u[128];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  nd_decl(e, id, &p);
  snprintf(x, sizeof x, "%s", emit_bytes(e, n->inputs[0]));
  snprintf(ix, sizeof ix, "%s", emit_bytes(e, n->inputs[1]));
  snprintf(u, sizeof u, "%s", emit_bytes(e, n->inputs[2]));
  emit_code(e, "kiln_scatter_nd__c(&%s_p, %s, %s, %s, %s);\n", id, x, ix, u,
            emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_ScatterND = {
  .name = "ScatterND", .domain = "", .since = 11, .until = 0, .attrs = "reduction",
  .infer = scatternd_infer, .eval = scatternd_eval, .emit = scatternd_emit,
};

/* ------------------------------------------------ copy-based: emit/eval */

/* A sequence of strided copies; step 0 reads input 0, later steps read y. */
typedef struct copy_steps {
  int n;
  kiln_copy_params p[KILN_MAX_RANK + 1];
} copy_steps;

static int steps_eval(kiln_diag *d, ir_graph *g, ir_node *n, const copy_steps *s) {
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  for (int i = 0; i < s->n; i++) kiln_copy_nd__c(&s->p[i], i ? out : ir_in(g, n, 0)->data, out);
  return 0;
}

static int steps_emit(emit_ctx *e, ir_graph *g, ir_node *n, const copy_steps *s) {
  if (ir_numel(ir_out(g, n, 0)) == 0 || s->n == 0) return 0;
  if (emit_use(e, "kiln_copy_nd__c") < 0) return -1;
  char id[64], buf[1024], x[128], y[128];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  snprintf(x, sizeof x, "%s", emit_bytes(e, n->inputs[0]));
  snprintf(y, sizeof y, "%s", emit_bytes(e, n->outputs[0]));
  for (int i = 0; i < s->n; i++) {
    emit_decl(e, "static const kiln_copy_params %s_p%d = %s;\n", id, i,
              kiln_copy_params_init(&s->p[i], buf, sizeof buf));
    emit_code(e, "kiln_copy_nd__c(&%s_p%d, %s, %s);\n", id, i, i ? y : x, y);
  }
  return 0;
}

/* --------------------------------------------------------------- Tile */

static int tile_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 1) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *rp = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  if (data_dtype_ok(d, n, x, 0) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (rp->dtype != IR_I64)
    return ir_node_fail(d, n, "input 1 'repeats' has dtype %s; expected int64", ir_dtype_name(rp->dtype));
  if (!rp->data)
    return ir_node_fail(d, n, "input 1 'repeats' must be a constant (computed at compile time); kiln "
                        "needs static shapes");
  if (rp->rank != 1 || rp->dims[0] != x->rank || const_idx_ok(d, n, rp, 1) < 0)
    return ir_node_fail(d, n, "input 1 'repeats' must be 1-D with %d entries (the rank of input 0)",
                        x->rank);
  int64_t dims[IR_MAX_RANK];
  for (int i = 0; i < x->rank; i++) {
    int64_t r = ir_get_i64(rp, i);
    if (r < 0) return ir_node_fail(d, n, "repeats[%d] = %lld is negative", i, (long long)r);
    if (r > 0 && x->dims[i] > INT64_MAX / r) return ir_node_fail(d, n, "output is too large");
    dims[i] = x->dims[i] * r;
  }
  ir_set_shape(y, x->dtype, x->rank, dims);
  return out_ok(d, n, y);
}

/* One copy over interleaved (repeat, dim) axes when at most KILN_MAX_RANK
 * of them are left after dropping 1s and merging; otherwise copy x into
 * y's corner, then replicate the filled block along each axis, innermost
 * first (each step reads y's finished part and writes a disjoint part). */
static int tile_plan(kiln_diag *d, ir_graph *g, ir_node *n, copy_steps *s) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  const int r = x->rank;
  const int64_t elem = (int64_t)ir_dtype_size(x->dtype);
  int64_t xst[IR_MAX_RANK], yst[IR_MAX_RANK], dd[2 * IR_MAX_RANK], xs[2 * IR_MAX_RANK],
      ys[2 * IR_MAX_RANK];
  s->n = 0;
  if (ir_numel(y) == 0) return 0;
  strides(r, x->dims, 1, xst);
  strides(r, y->dims, 1, yst);
  int m = 0;
  for (int a = 0; a < r; a++)
    for (int h = 0; h < 2; h++) {
      int64_t sz = h ? x->dims[a] : y->dims[a] / x->dims[a];
      int64_t sx = h ? xst[a] : 0, sy = h ? yst[a] : x->dims[a] * yst[a];
      if (sz == 1) continue;
      if (m > 0 && xs[m - 1] == sx * sz && ys[m - 1] == sy * sz) {
        dd[m - 1] *= sz;
        xs[m - 1] = sx;
        ys[m - 1] = sy;
        continue;
      }
      dd[m] = sz;
      xs[m] = sx;
      ys[m] = sy;
      m++;
    }
  if (m <= KILN_MAX_RANK) {
    kiln_copy_plan(&s->p[0], m, dd, xs, ys, 0, 0, elem);
    s->n = 1;
    return 0;
  }
  kiln_copy_plan(&s->p[s->n++], r, x->dims, xst, yst, 0, 0, elem);
  for (int a = r - 1; a >= 0; a--) {
    int64_t rep = y->dims[a] / x->dims[a];
    if (rep <= 1) continue;
    m = 0;
    for (int b = 0; b < a; b++)
      if (x->dims[b] != 1) {
        dd[m] = x->dims[b];
        xs[m] = ys[m] = yst[b];
        m++;
      }
    dd[m] = rep - 1, xs[m] = 0, ys[m] = x->dims[a] * yst[a], m++;
    dd[m] = x->dims[a] * yst[a], xs[m] = ys[m] = 1, m++;
    if (m > KILN_MAX_RANK)
      return ir_node_fail(d, n, "Tile of a %d-D tensor with these repeats needs a %d-D copy; kiln's "
                          "limit is %d", r, m, KILN_MAX_RANK);
    kiln_copy_plan(&s->p[s->n++], m, dd, xs, ys, 0, x->dims[a] * yst[a], elem);
  }
  return 0;
}

static int tile_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  copy_steps s;
  if (tile_plan(d, g, n, &s) < 0) return -1;
  return steps_eval(d, g, n, &s);
}

static int tile_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  copy_steps s;
  if (tile_plan(emit_diag(e), g, n, &s) < 0) return -1;
  return steps_emit(e, g, n, &s);
}

const op_def op_Tile = {
  .name = "Tile", .domain = "", .since = 6, .until = 0, .attrs = "",
  .infer = tile_infer, .eval = tile_eval, .emit = tile_emit,
};

/* ------------------------------------------ DepthToSpace / SpaceToDepth */

/* mode: 0 = DCR, 1 = CRD. DepthToSpace has `mode` since opset 11,
 * SpaceToDepth since opset 28. */
static int d2s_attrs(kiln_diag *d, ir_node *n, int s2d, int64_t *bs, int *mode) {
  ir_attr *a = ir_attr_find(n, "blocksize");
  if (!a || a->type != IR_ATTR_INT) return ir_node_fail(d, n, "attribute 'blocksize' (int) is required");
  *bs = ir_attr_int(n, "blocksize", 0);
  if (*bs < 1 || *bs > 3037000499LL)
    return ir_node_fail(d, n, "blocksize %lld must be positive", (long long)*bs);
  ir_attr *m = ir_attr_find(n, "mode");
  *mode = 0;
  if (m) {
    int since = s2d ? 28 : 11;
    if (n->opset < since)
      return ir_node_fail(d, n, "attribute 'mode' needs opset %d (this node has opset %d)", since,
                          n->opset);
    const char *s = ir_attr_str(n, "mode", "DCR");
    if (strcmp(s, "CRD") == 0) *mode = 1;
    else if (strcmp(s, "DCR") != 0) return ir_node_fail(d, n, "mode '%s' is not DCR or CRD", s);
  }
  return 0;
}

static int d2s_infer_impl(kiln_diag *d, ir_graph *g, ir_node *n, int s2d) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (data_dtype_ok(d, n, x, 0) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  int64_t b;
  int mode;
  if (d2s_attrs(d, n, s2d, &b, &mode) < 0) return -1;
  if (x->rank != 4) return ir_node_fail(d, n, "input 0 has rank %d, expected 4 (NCHW)", x->rank);
  int64_t dims[4] = {x->dims[0], x->dims[1], x->dims[2], x->dims[3]};
  if (s2d) {
    if (dims[2] % b || dims[3] % b)
      return ir_node_fail(d, n, "height %lld and width %lld must be multiples of blocksize %lld",
                          (long long)dims[2], (long long)dims[3], (long long)b);
    if (dims[1] > INT64_MAX / (b * b)) return ir_node_fail(d, n, "output is too large");
    dims[1] *= b * b;
    dims[2] /= b;
    dims[3] /= b;
  } else {
    if (dims[1] % (b * b))
      return ir_node_fail(d, n, "channels %lld must be a multiple of blocksize^2 = %lld",
                          (long long)dims[1], (long long)(b * b));
    if (dims[2] > INT64_MAX / b || dims[3] > INT64_MAX / b)
      return ir_node_fail(d, n, "output is too large");
    dims[1] /= b * b;
    dims[2] *= b;
    dims[3] *= b;
  }
  ir_set_shape(y, x->dtype, 4, dims);
  return out_ok(d, n, y);
}

/* x viewed as 6-D, read through a permutation; y written contiguously. */
static int d2s_plan(kiln_diag *d, ir_graph *g, ir_node *n, int s2d, copy_steps *s) {
  ir_tensor *x = ir_in(g, n, 0);
  int64_t b;
  int mode;
  if (d2s_attrs(d, n, s2d, &b, &mode) < 0) return -1;
  const int64_t N = x->dims[0], C = x->dims[1], H = x->dims[2], W = x->dims[3];
  int64_t v[6];
  int perm[6];
  static const int p_d2s_dcr[6] = {0, 3, 4, 1, 5, 2}, p_d2s_crd[6] = {0, 1, 4, 2, 5, 3};
  static const int p_s2d_dcr[6] = {0, 3, 5, 1, 2, 4}, p_s2d_crd[6] = {0, 1, 3, 5, 2, 4};
  if (s2d) {
    int64_t t[6] = {N, C, H / b, b, W / b, b};
    memcpy(v, t, sizeof v);
    memcpy(perm, mode ? p_s2d_crd : p_s2d_dcr, sizeof perm);
  } else if (mode == 0) {
    int64_t t[6] = {N, b, b, C / (b * b), H, W};
    memcpy(v, t, sizeof v);
    memcpy(perm, p_d2s_dcr, sizeof perm);
  } else {
    int64_t t[6] = {N, C / (b * b), b, b, H, W};
    memcpy(v, t, sizeof v);
    memcpy(perm, p_d2s_crd, sizeof perm);
  }
  int64_t vst[6], dims[6], xs[6], ys[6];
  strides(6, v, 1, vst);
  for (int i = 0; i < 6; i++) {
    dims[i] = v[perm[i]];
    xs[i] = vst[perm[i]];
  }
  strides(6, dims, 1, ys);
  kiln_copy_plan(&s->p[0], 6, dims, xs, ys, 0, 0, (int64_t)ir_dtype_size(x->dtype));
  s->n = 1;
  return 0;
}

static int d2s_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return d2s_infer_impl(d, g, n, 0); }
static int s2d_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return d2s_infer_impl(d, g, n, 1); }
static int d2s_eval_impl(kiln_diag *d, ir_graph *g, ir_node *n, int s2d) {
  copy_steps s;
  if (d2s_plan(d, g, n, s2d, &s) < 0) return -1;
  return steps_eval(d, g, n, &s);
}
static int d2s_emit_impl(emit_ctx *e, ir_graph *g, ir_node *n, int s2d) {
  copy_steps s;
  if (d2s_plan(emit_diag(e), g, n, s2d, &s) < 0) return -1;
  return steps_emit(e, g, n, &s);
}
static int d2s_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return d2s_eval_impl(d, g, n, 0); }
static int s2d_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return d2s_eval_impl(d, g, n, 1); }
static int d2s_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return d2s_emit_impl(e, g, n, 0); }
static int s2d_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return d2s_emit_impl(e, g, n, 1); }

const op_def op_DepthToSpace = {
  .name = "DepthToSpace", .domain = "", .since = 1, .until = 0, .attrs = "blocksize mode",
  .infer = d2s_infer, .eval = d2s_eval, .emit = d2s_emit,
};
const op_def op_SpaceToDepth = {
  .name = "SpaceToDepth", .domain = "", .since = 1, .until = 0, .attrs = "blocksize mode",
  .infer = s2d_infer, .eval = s2d_eval, .emit = s2d_emit,
};

/* -------------------------------------------------------------- OneHot */

static int onehot_kind(ir_dtype t) { return num_kind(t); }

static int onehot_axis(kiln_diag *d, ir_node *n, int rank, int *axis) {
  int64_t a = ir_attr_int(n, "axis", -1);
  if (a < -(int64_t)rank - 1 || a > rank)
    return ir_node_fail(d, n, "axis %lld is out of range [%d, %d]", (long long)a, -rank - 1, rank);
  *axis = (int)(a < 0 ? a + rank + 1 : a);
  return 0;
}

static int onehot_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 2) < 0) return -1;
  ir_tensor *ix = ir_in(g, n, 0), *dp = ir_in(g, n, 1), *v = ir_in(g, n, 2), *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (!onehot_kind(ix->dtype))
    return ir_node_fail(d, n, "input 0 'indices' has dtype %s; supported: float32, float64 and integer "
                        "types", ir_dtype_name(ix->dtype));
  if (!num_kind(dp->dtype) && dp->dtype != IR_F16)
    return ir_node_fail(d, n, "input 1 'depth' has dtype %s; expected a number", ir_dtype_name(dp->dtype));
  if (!dp->data)
    return ir_node_fail(d, n, "input 1 'depth' must be a constant (computed at compile time); kiln "
                        "needs static shapes");
  if (ir_numel(dp) != 1 || dp->rank > 1 || const_idx_ok(d, n, dp, 1) < 0)
    return ir_node_fail(d, n, "input 1 'depth' must be a scalar or hold exactly one element");
  if (data_dtype_ok(d, n, v, 2) < 0) return -1;
  if (v->rank != 1 || v->dims[0] != 2)
    return ir_node_fail(d, n, "input 2 'values' must be 1-D with 2 elements [off_value, on_value]");
  double df = ir_get_f64(dp, 0);
  if (!(df >= 1 && df < 9.2e18))
    return ir_node_fail(d, n, "depth %g must be >= 1", df);
  int64_t depth = (int64_t)df;
  if (ix->rank + 1 > IR_MAX_RANK)
    return ir_node_fail(d, n, "output rank %d exceeds kiln's limit of %d", ix->rank + 1, IR_MAX_RANK);
  int axis;
  if (onehot_axis(d, n, ix->rank, &axis) < 0) return -1;
  int64_t dims[IR_MAX_RANK];
  int j = 0;
  for (int i = 0; i < axis; i++) dims[j++] = ix->dims[i];
  dims[j++] = depth;
  for (int i = axis; i < ix->rank; i++) dims[j++] = ix->dims[i];
  ir_set_shape(y, v->dtype, ix->rank + 1, dims);
  return out_ok(d, n, y);
}

static void onehot_params(ir_graph *g, ir_node *n, kiln_onehot_params *p) {
  ir_tensor *ix = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  int axis = 0;
  onehot_axis(NULL, n, ix->rank, &axis);
  memset(p, 0, sizeof *p);
  p->kind = onehot_kind(ix->dtype);
  p->outer = prod(ix->dims, 0, axis);
  p->inner = prod(ix->dims, axis, ix->rank);
  p->depth = y->dims[axis];
  p->elem = (int64_t)ir_dtype_size(y->dtype);
}

static int onehot_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_onehot_params p;
  onehot_params(g, n, &p);
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_onehot__c(&p, ir_in(g, n, 0)->data, ir_in(g, n, 2)->data, out);
  return 0;
}

static int onehot_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_onehot_params p;
  onehot_params(g, n, &p);
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_onehot__c") < 0) return -1;
  char id[64], ix[128], v[128];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_onehot_params %s_p = {%s, %lld, %lld, %lld, %lld};\n", id,
            kind_name(p.kind),
            (long long)p.outer, (long long)p.depth, (long long)p.inner, (long long)p.elem);
  snprintf(ix, sizeof ix, "%s", emit_bytes(e, n->inputs[0]));
  snprintf(v, sizeof v, "%s", emit_bytes(e, n->inputs[2]));
  emit_code(e, "kiln_onehot__c(&%s_p, %s, %s, %s);\n", id, ix, v, emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_OneHot = {
  .name = "OneHot", .domain = "", .since = 9, .until = 0, .attrs = "axis",
  .infer = onehot_infer, .eval = onehot_eval, .emit = onehot_emit,
};

/* ----------------------------------------------------- ReverseSequence */

static int revseq_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 1) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *l = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  if (data_dtype_ok(d, n, x, 0) < 0 || op_check_dtype(d, n, l, 1, idx_types) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  int64_t ta = ir_attr_int(n, "time_axis", 0), ba = ir_attr_int(n, "batch_axis", 1);
  if ((ta != 0 && ta != 1) || (ba != 0 && ba != 1) || ta == ba)
    return ir_node_fail(d, n, "time_axis %lld and batch_axis %lld must be 0 and 1 in some order",
                        (long long)ta, (long long)ba);
  if (x->rank < 2) return ir_node_fail(d, n, "input 0 has rank %d; expected >= 2", x->rank);
  if (l->rank != 1 || l->dims[0] != x->dims[ba])
    return ir_node_fail(d, n, "input 1 'sequence_lens' must be 1-D with %lld entries (the batch size)",
                        (long long)x->dims[ba]);
  if (l->data) {
    if (const_idx_ok(d, n, l, 1) < 0) return -1;
    for (int64_t i = 0; i < l->dims[0]; i++) {
      int64_t v = ir_get_i64(l, i);
      if (v < 0 || v > x->dims[ta])
        return ir_node_fail(d, n, "sequence_lens[%lld] = %lld is out of range [0, %lld]", (long long)i,
                            (long long)v, (long long)x->dims[ta]);
    }
  }
  ir_set_shape(y, x->dtype, x->rank, x->dims);
  return out_ok(d, n, y);
}

static void revseq_params(ir_graph *g, ir_node *n, kiln_revseq_params *p) {
  ir_tensor *x = ir_in(g, n, 0), *l = ir_in(g, n, 1);
  memset(p, 0, sizeof *p);
  p->kind = l->dtype == IR_I64 ? KILN_NUM_I64 : KILN_NUM_I32;
  p->time_axis = (int)ir_attr_int(n, "time_axis", 0);
  ir_attr_int(n, "batch_axis", 1);
  p->d0 = x->dims[0];
  p->d1 = x->dims[1];
  p->row = prod(x->dims, 2, x->rank) * (int64_t)ir_dtype_size(x->dtype);
}

static int revseq_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_revseq_params p;
  revseq_params(g, n, &p);
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_reverse_sequence__c(&p, ir_in(g, n, 0)->data, ir_in(g, n, 1)->data, out);
  return 0;
}

static int revseq_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_revseq_params p;
  revseq_params(g, n, &p);
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_reverse_sequence__c") < 0) return -1;
  char id[64], x[128], l[128];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_revseq_params %s_p = {%s, %d, %lld, %lld, %lld};\n", id,
            kind_name(p.kind),
            p.time_axis, (long long)p.d0, (long long)p.d1, (long long)p.row);
  snprintf(x, sizeof x, "%s", emit_bytes(e, n->inputs[0]));
  snprintf(l, sizeof l, "%s", emit_bytes(e, n->inputs[1]));
  emit_code(e, "kiln_reverse_sequence__c(&%s_p, %s, %s, %s);\n", id, x, l, emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_ReverseSequence = {
  .name = "ReverseSequence", .domain = "", .since = 10, .until = 0, .attrs = "batch_axis time_axis",
  .infer = revseq_infer, .eval = revseq_eval, .emit = revseq_emit,
};

/* ------------------------------------------------------- CenterCropPad */

/* Output dims; crop[] = leading elements dropped, pad[] = leading zeros. */
static int ccp_shape(kiln_diag *d, ir_graph *g, ir_node *n, int64_t *dims, int64_t *crop, int64_t *pad) {
  ir_tensor *x = ir_in(g, n, 0), *s = ir_in(g, n, 1);
  const int r = x->rank;
  int axes[IR_MAX_RANK], na;
  const int64_t *av;
  int k = ir_attr_ints(n, "axes", &av);
  if (k < 0) {
    na = r;
    for (int i = 0; i < r; i++) axes[i] = i;
  } else {
    if (k > r) return ir_node_fail(d, n, "axes has %d entries; the input has rank %d", k, r);
    int seen[IR_MAX_RANK] = {0};
    na = k;
    for (int i = 0; i < k; i++) {
      if (op_axis(d, n, av[i], r, &axes[i]) < 0) return -1;
      if (seen[axes[i]]++) return ir_node_fail(d, n, "axes has axis %d twice", axes[i]);
    }
  }
  if (s->rank != 1 || s->dims[0] != na || const_idx_ok(d, n, s, 1) < 0)
    return ir_node_fail(d, n, "input 1 'shape' must be 1-D with %d entries (one per axis)", na);
  for (int i = 0; i < r; i++) {
    dims[i] = x->dims[i];
    crop[i] = pad[i] = 0;
  }
  for (int i = 0; i < na; i++) {
    int a = axes[i];
    int64_t want = ir_get_i64(s, i), in = x->dims[a];
    if (want < 0) return ir_node_fail(d, n, "shape[%d] = %lld is negative", i, (long long)want);
    dims[a] = want;
    if (want < in) crop[a] = (in - want) / 2;
    else pad[a] = (want - in) / 2;
  }
  return 0;
}

static int ccp_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 1) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *s = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  if (data_dtype_ok(d, n, x, 0) < 0 || op_check_dtype(d, n, s, 1, idx_types) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (!s->data)
    return ir_node_fail(d, n, "input 1 'shape' must be a constant (computed at compile time); kiln "
                        "needs static shapes");
  int64_t dims[IR_MAX_RANK], crop[IR_MAX_RANK], pad[IR_MAX_RANK];
  if (ccp_shape(d, g, n, dims, crop, pad) < 0) return -1;
  ir_set_shape(y, x->dtype, x->rank, dims);
  return out_ok(d, n, y);
}

static int ccp_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_pad_params *p) {
  ir_tensor *x = ir_in(g, n, 0);
  int64_t dims[IR_MAX_RANK], crop[IR_MAX_RANK], pad[IR_MAX_RANK], xs[IR_MAX_RANK];
  if (ccp_shape(d, g, n, dims, crop, pad) < 0) return -1;
  memset(p, 0, sizeof *p);
  p->mode = KILN_PAD_CONSTANT;
  p->elem = (int64_t)ir_dtype_size(x->dtype);
  if (x->rank == 0) { /* one element, copied */
    p->rank = 1;
    p->xdims[0] = p->ydims[0] = 1;
    p->xs[0] = p->elem;
    return 0;
  }
  p->rank = x->rank;
  strides(x->rank, x->dims, p->elem, xs);
  for (int i = 0; i < x->rank; i++) {
    p->xdims[i] = dims[i] < x->dims[i] ? dims[i] : x->dims[i];
    p->ydims[i] = dims[i];
    p->pad[i] = pad[i];
    p->xs[i] = xs[i];
    p->xoff += crop[i] * xs[i];
  }
  return 0;
}

static int ccp_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_pad_params p;
  if (ccp_plan(d, g, n, &p) < 0) return -1;
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_pad__c(&p, ir_in(g, n, 0)->data, out);
  return 0;
}

static int ccp_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_pad_params p;
  if (ccp_plan(emit_diag(e), g, n, &p) < 0) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_pad__c") < 0) return -1;
  char id[64], b1[512], b2[512], b3[512], b4[512], x[128];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_pad_params %s_p = {%d, KILN_PAD_CONSTANT, %lld, %s, %s, %s, %s, %lld, "
            "{0}};\n", id, p.rank, (long long)p.elem, list8(b1, sizeof b1, p.xdims, p.rank),
            list8(b2, sizeof b2, p.ydims, p.rank), list8(b3, sizeof b3, p.pad, p.rank),
            list8(b4, sizeof b4, p.xs, p.rank), (long long)p.xoff);
  snprintf(x, sizeof x, "%s", emit_bytes(e, n->inputs[0]));
  emit_code(e, "kiln_pad__c(&%s_p, %s, %s);\n", id, x, emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_CenterCropPad = {
  .name = "CenterCropPad", .domain = "", .since = 18, .until = 0, .attrs = "axes",
  .infer = ccp_infer, .eval = ccp_eval, .emit = ccp_emit,
};

/* --------------------------------------------------------------- Trilu */

static int trilu_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *k = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  if (data_dtype_ok(d, n, x, 0) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank < 2) return ir_node_fail(d, n, "input 0 has rank %d; expected >= 2", x->rank);
  int64_t up = ir_attr_int(n, "upper", 1);
  if (up != 0 && up != 1) return ir_node_fail(d, n, "upper %lld must be 0 or 1", (long long)up);
  if (k) {
    if (k->rank < 0)
      return ir_node_fail(d, n, "input 1 'k' has an unknown shape; bind it with --shape");
    if (k->dtype != IR_I64)
      return ir_node_fail(d, n, "input 1 'k' has dtype %s; expected int64", ir_dtype_name(k->dtype));
    if (ir_numel(k) != 1 || k->rank > 1)
      return ir_node_fail(d, n, "input 1 'k' must be a scalar");
    if (k->data && const_idx_ok(d, n, k, 1) < 0) return -1;
  }
  ir_set_shape(y, x->dtype, x->rank, x->dims);
  return out_ok(d, n, y);
}

static void trilu_params(ir_graph *g, ir_node *n, kiln_trilu_params *p) {
  ir_tensor *x = ir_in(g, n, 0);
  memset(p, 0, sizeof *p);
  p->upper = ir_attr_int(n, "upper", 1) != 0;
  p->rows = x->dims[x->rank - 2];
  p->cols = x->dims[x->rank - 1];
  p->batch = prod(x->dims, 0, x->rank - 2);
  p->elem = (int64_t)ir_dtype_size(x->dtype);
}

/* k clamped to +-(rows + cols): beyond that every k acts the same. */
static int64_t trilu_k(ir_graph *g, ir_node *n, const kiln_trilu_params *p) {
  ir_tensor *k = ir_in(g, n, 1);
  int64_t v = k && k->data ? ir_get_i64(k, 0) : 0, lim = p->rows + p->cols;
  return v > lim ? lim : (v < -lim ? -lim : v);
}

static int trilu_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_trilu_params p;
  trilu_params(g, n, &p);
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_trilu__c(&p, trilu_k(g, n, &p), ir_in(g, n, 0)->data, out);
  return 0;
}

static int trilu_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_trilu_params p;
  trilu_params(g, n, &p);
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_trilu__c") < 0) return -1;
  char id[64], kx[160], x[128];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_trilu_params %s_p = {%d, %lld, %lld, %lld, %lld};\n", id, p.upper,
            (long long)p.batch, (long long)p.rows, (long long)p.cols, (long long)p.elem);
  ir_tensor *k = ir_in(g, n, 1);
  if (k && !k->data) /* run-time k: the kernel clamps it */
    snprintf(kx, sizeof kx, "(%s)[0]", emit_ref(e, n->inputs[1]));
  else
    snprintf(kx, sizeof kx, "(int64_t)%lld", (long long)trilu_k(g, n, &p));
  snprintf(x, sizeof x, "%s", emit_bytes(e, n->inputs[0]));
  emit_code(e, "kiln_trilu__c(&%s_p, %s, %s, %s);\n", id, kx, x, emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_Trilu = {
  .name = "Trilu", .domain = "", .since = 14, .until = 0, .attrs = "upper",
  .infer = trilu_infer, .eval = trilu_eval, .emit = trilu_emit, .flags = OP_INPLACE,
};

/* ------------------------------------------------------------- EyeLike */

static int eyelike_dtype(kiln_diag *d, ir_node *n, ir_dtype in, ir_dtype *out) {
  int64_t dt = ir_attr_int(n, "dtype", 0);
  *out = dt ? (ir_dtype)dt : in;
  if (dt < 0 || dt > IR_BF16 || *out == IR_STRING || ir_dtype_size(*out) == 0)
    return ir_node_fail(d, n, "dtype %lld is not a numeric or bool dtype kiln supports", (long long)dt);
  return 0;
}

static int eyelike_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank != 2) return ir_node_fail(d, n, "input 0 has rank %d; expected 2", x->rank);
  ir_dtype dt;
  if (eyelike_dtype(d, n, x->dtype, &dt) < 0) return -1;
  ir_attr_int(n, "k", 0);
  ir_set_shape(y, dt, 2, x->dims);
  return out_ok(d, n, y);
}

/* The value 1 in the output dtype, as bytes. */
static void eyelike_one(const ir_tensor *y, unsigned char one[8]) {
  memset(one, 0, 8);
  ir_put_f64(one, y->dtype, 0, 1.0);
}

static int eyelike_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *y = ir_out(g, n, 0);
  unsigned char one[8];
  eyelike_one(y, one);
  void *out = ir_alloc_data(y);
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_eyelike__c(y->dims[0], y->dims[1], ir_attr_int(n, "k", 0), (int64_t)ir_dtype_size(y->dtype), one,
                  out);
  return 0;
}

static int eyelike_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  ir_tensor *y = ir_out(g, n, 0);
  if (ir_numel(y) == 0) return 0;
  if (emit_use(e, "kiln_eyelike__c") < 0) return -1;
  unsigned char one[8];
  eyelike_one(y, one);
  char id[64];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const unsigned char %s_one[8] = {%u, %u, %u, %u, %u, %u, %u, %u};\n", id, one[0],
            one[1], one[2], one[3], one[4], one[5], one[6], one[7]);
  int64_t k = ir_attr_int(n, "k", 0), lim = y->dims[0] + y->dims[1];
  k = k > lim ? lim : (k < -lim ? -lim : k);
  emit_code(e, "kiln_eyelike__c(%lld, %lld, %lld, %lld, %s_one, %s);\n", (long long)y->dims[0],
            (long long)y->dims[1], (long long)k, (long long)ir_dtype_size(y->dtype), id,
            emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_EyeLike = {
  .name = "EyeLike", .domain = "", .since = 9, .until = 0, .attrs = "dtype k",
  .infer = eyelike_infer, .eval = eyelike_eval, .emit = eyelike_emit,
};
