/* dynamic.c - ops whose output shape depends on input VALUES: NonZero,
 * Compress, Unique, NonMaxSuppression.
 *
 * kiln plans memory at compile time, so such an output gets a static
 * UPPER BOUND shape (ir_tensor.dynamic = 1):
 *   NonZero            [rank, numel]
 *   Compress           the axis dim becomes min(len(condition), dim)
 *                      (no axis: [min(len(condition), numel)])
 *   Unique             the unique count becomes n (numel, or the axis dim)
 *   NonMaxSuppression  [batches * classes * min(max_output_boxes_per_class, boxes), 3]
 *                      (with max_output_boxes_per_class not constant: boxes)
 * The kernel writes the result dense in its actual shape at the start of
 * the buffer, and the generated code stores the actual dims in the arena
 * (emit_dims) where NAME_output_dims() reads them. A dynamic tensor can
 * only be a graph output (pass_infer rejects consumers). With constant
 * inputs the ops fold to exactly-shaped constants (eval), and Compress
 * with a constant condition has a static shape.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/dynamic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The comparison kind of a dtype, -1 if none. */
static int dyn_kind(ir_dtype t) {
  switch (t) {
  case IR_F32: return KILN_DK_F32;
  case IR_F64: return KILN_DK_F64;
  case IR_F16: return KILN_DK_F16;
  case IR_BF16: return KILN_DK_BF16;
  case IR_I8: return KILN_DK_I8;
  case IR_I16: return KILN_DK_I16;
  case IR_I32: return KILN_DK_I32;
  case IR_I64: return KILN_DK_I64;
  case IR_U8: case IR_BOOL: return KILN_DK_U8;
  case IR_U16: return KILN_DK_U16;
  case IR_U32: return KILN_DK_U32;
  case IR_U64: return KILN_DK_U64;
  default: return -1;
  }
}

static int need_kind(kiln_diag *d, const ir_node *n, const ir_tensor *x, int idx) {
  if (dyn_kind(x->dtype) < 0)
    return ir_node_fail(d, n, "input %d '%s' has dtype %s; kiln supports numeric and bool tensors here",
                        idx, x->name, ir_dtype_name(x->dtype));
  return 0;
}

/* Sets a data-dependent output: upper-bound shape, flagged dynamic. */
static void set_dynamic(ir_tensor *t, ir_dtype dt, int rank, const int64_t *dims) {
  ir_set_shape(t, dt, rank, dims);
  t->dynamic = 1;
}

/* After eval: the folded constant has its actual shape (and bytes). */
static void set_actual(ir_tensor *t, int rank, const int64_t *dims) {
  ir_set_shape(t, t->dtype, rank, dims);
  t->nbytes = (size_t)ir_nbytes(t);
  t->dynamic = 0;
}

/* Aligned copy of constant data (initializers may sit unaligned in the file). */
static void *aligned_copy(const ir_tensor *t) {
  void *p = kiln_malloc(t->nbytes ? t->nbytes : 1);
  if (p && t->nbytes) memcpy(p, t->data, t->nbytes);
  return p;
}

/* emit_code lines storing the actual dims of dynamic tensor t: dims[] with
 * dims[axis] replaced by the C expression `count`. */
static void emit_actual_dims(emit_ctx *e, ir_graph *g, int t, int axis, const char *count) {
  const ir_tensor *x = &g->tensors[t];
  if (!x->dynamic) return;
  char dref[400];
  snprintf(dref, sizeof dref, "%s", emit_dims(e, t));
  for (int i = 0; i < x->rank; i++) {
    if (i == axis) emit_code(e, "  %s[%d] = %s;\n", dref, i, count);
    else emit_code(e, "  %s[%d] = %lld;\n", dref, i, (long long)x->dims[i]);
  }
}

/* ---- NonZero ---- */

static int nonzero_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (need_kind(d, n, x, 0) < 0) return -1;
  if (x->rank < 1)
    return ir_node_fail(d, n, "input 0 '%s' is a scalar; kiln's NonZero needs rank >= 1", x->name);
  int64_t dims[2] = {x->rank, ir_numel(x)};
  set_dynamic(y, IR_I64, 2, dims);
  return 0;
}

static int nonzero_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  int64_t *out = ir_alloc_data(y);
  void *xd = aligned_copy(x);
  if (!out || !xd) { free(xd); return ir_node_fail(d, n, "out of memory"); }
  int64_t c = kiln_nonzero__c(dyn_kind(x->dtype), (int64_t)ir_dtype_size(x->dtype), x->rank, x->dims, xd, out);
  free(xd);
  int64_t dims[2] = {x->rank, c};
  set_actual(y, 2, dims);
  return 0;
}

static int nonzero_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0);
  if (emit_use(e, "kiln_nonzero__c") < 0) return -1;
  char id[64];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const int64_t %s_dims[%d] = %s;\n", id, x->rank, emit_i64_list(e, x->dims, x->rank));
  emit_code(e, "{\n");
  emit_code(e, "  int64_t count = kiln_nonzero__c(%d, %zu, %d, %s_dims, %s, %s);\n", dyn_kind(x->dtype),
            ir_dtype_size(x->dtype), x->rank, id, emit_bytes(e, n->inputs[0]), emit_ref(e, n->outputs[0]));
  emit_actual_dims(e, g, n->outputs[0], 1, "count");
  emit_code(e, "  (void)count;\n}\n");
  return 0;
}

const op_def op_NonZero = {
  .name = "NonZero", .domain = "", .since = 9, .until = 0, .attrs = "",
  .infer = nonzero_infer, .eval = nonzero_eval, .emit = nonzero_emit,
};

/* ---- Compress ---- */

/* axis (-1 = flattened) and the [outer, axis_dim, inner bytes] view. */
static int compress_params(kiln_diag *d, ir_graph *g, ir_node *n, int *axis, kiln_compress_params *p) {
  ir_tensor *x = ir_in(g, n, 0), *c = ir_in(g, n, 1);
  ir_attr *a = ir_attr_find(n, "axis");
  *axis = -1;
  if (a && op_axis(d, n, ir_attr_int(n, "axis", 0), x->rank, axis) < 0) return -1;
  int64_t elem = (int64_t)ir_dtype_size(x->dtype);
  p->n_cond = ir_numel(c);
  if (*axis < 0) {
    p->outer = 1;
    p->axis_dim = ir_numel(x);
    p->inner = elem;
  } else {
    p->outer = 1;
    p->inner = elem;
    for (int i = 0; i < *axis; i++) p->outer *= x->dims[i];
    for (int i = *axis + 1; i < x->rank; i++) p->inner *= x->dims[i];
    p->axis_dim = x->dims[*axis];
  }
  return 0;
}

static int compress_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 1) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *c = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (need_kind(d, n, x, 0) < 0) return -1;
  static const ir_dtype ok[] = {IR_BOOL, IR_UNDEFINED};
  if (op_check_dtype(d, n, c, 1, ok) < 0) return -1;
  if (c->rank != 1) return ir_node_fail(d, n, "input 1 'condition' has rank %d, expected 1", c->rank);
  int axis;
  kiln_compress_params p;
  if (compress_params(d, g, n, &axis, &p) < 0) return -1;
  if (p.n_cond > p.axis_dim) { /* numpy allows it when the extra entries are false */
    int extra_true = !c->data;
    for (int64_t k = p.axis_dim; k < p.n_cond && !extra_true; k++) extra_true = ((const unsigned char *)c->data)[k] != 0;
    if (extra_true)
      return ir_node_fail(d, n, "input 1 'condition' has %lld entries but the %s has only %lld%s",
                          (long long)p.n_cond, axis < 0 ? "flattened input" : "axis", (long long)p.axis_dim,
                          c->data ? " and selects past its end" : " (a longer condition must be a constant)");
  }
  int64_t dims[IR_MAX_RANK];
  int rank = axis < 0 ? 1 : x->rank;
  for (int i = 0; i < rank; i++) dims[i] = axis < 0 ? 0 : x->dims[i];
  int ax = axis < 0 ? 0 : axis;
  if (c->data) { /* a constant condition: a static shape */
    int64_t kept = 0;
    for (int64_t k = 0; k < p.n_cond && k < p.axis_dim; k++) kept += ((const unsigned char *)c->data)[k] != 0;
    dims[ax] = kept;
    ir_set_shape(y, x->dtype, rank, dims);
    y->dynamic = 0;
  } else {
    dims[ax] = p.n_cond < p.axis_dim ? p.n_cond : p.axis_dim;
    set_dynamic(y, x->dtype, rank, dims);
  }
  return 0;
}

static int compress_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *c = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  int axis;
  kiln_compress_params p;
  if (compress_params(d, g, n, &axis, &p) < 0) return -1;
  void *out = ir_alloc_data(y);
  if (!out) return ir_node_fail(d, n, "out of memory");
  int64_t kept = kiln_compress__c(&p, x->data, c->data, out);
  int64_t dims[IR_MAX_RANK];
  memcpy(dims, y->dims, sizeof dims);
  dims[axis < 0 ? 0 : axis] = kept;
  set_actual(y, y->rank, dims);
  return 0;
}

static int compress_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  int axis;
  kiln_compress_params p;
  if (compress_params(emit_diag(e), g, n, &axis, &p) < 0) return -1;
  if (emit_use(e, "kiln_compress__c") < 0) return -1;
  char id[64];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_compress_params %s_p = {%lld, %lld, %lld, %lld};\n", id, (long long)p.outer,
            (long long)p.axis_dim, (long long)p.n_cond, (long long)p.inner);
  emit_code(e, "{\n");
  emit_code(e, "  int64_t count = kiln_compress__c(&%s_p, %s, %s, %s);\n", id, emit_bytes(e, n->inputs[0]),
            emit_bytes(e, n->inputs[1]), emit_bytes(e, n->outputs[0]));
  if (ir_out(g, n, 0)->dynamic) emit_actual_dims(e, g, n->outputs[0], axis < 0 ? 0 : axis, "count");
  else emit_code(e, "  (void)count;\n");
  emit_code(e, "}\n");
  return 0;
}

const op_def op_Compress = {
  .name = "Compress", .domain = "", .since = 9, .until = 0, .attrs = "axis",
  .infer = compress_infer, .eval = compress_eval, .emit = compress_emit,
};

/* ---- Unique ---- */

static int unique_params(kiln_diag *d, ir_graph *g, ir_node *n, int *axis, kiln_unique_params *p) {
  ir_tensor *x = ir_in(g, n, 0);
  memset(p, 0, sizeof *p);
  *axis = -1;
  if (ir_attr_find(n, "axis") && op_axis(d, n, ir_attr_int(n, "axis", 0), x->rank, axis) < 0) return -1;
  int64_t s = ir_attr_int(n, "sorted", 1);
  if (s != 0 && s != 1) return ir_node_fail(d, n, "attribute 'sorted' is %lld, expected 0 or 1", (long long)s);
  p->kind = dyn_kind(x->dtype);
  p->sorted = (int)s;
  p->elem = (int64_t)ir_dtype_size(x->dtype);
  p->outer = 1;
  p->inner = 1;
  if (*axis < 0) {
    p->n = ir_numel(x);
  } else {
    for (int i = 0; i < *axis; i++) p->outer *= x->dims[i];
    for (int i = *axis + 1; i < x->rank; i++) p->inner *= x->dims[i];
    p->n = x->dims[*axis];
  }
  return 0;
}

static int unique_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0);
  if (need_kind(d, n, x, 0) < 0) return -1;
  if (n->n_outputs > 4) return ir_node_fail(d, n, "has %d outputs, Unique has at most 4", n->n_outputs);
  int axis;
  kiln_unique_params p;
  if (unique_params(d, g, n, &axis, &p) < 0) return -1;
  int64_t dims[IR_MAX_RANK];
  int rank = axis < 0 ? 1 : x->rank;
  for (int i = 0; i < rank; i++) dims[i] = axis < 0 ? p.n : x->dims[i];
  ir_tensor *o;
  if ((o = ir_out(g, n, 0))) set_dynamic(o, x->dtype, rank, dims);
  if ((o = ir_out(g, n, 1))) set_dynamic(o, IR_I64, 1, &p.n);
  if ((o = ir_out(g, n, 2))) ir_set_shape(o, IR_I64, 1, &p.n); /* one per input slice: static */
  if ((o = ir_out(g, n, 3))) set_dynamic(o, IR_I64, 1, &p.n);
  return 0;
}

static size_t unique_scratch(const ir_graph *g, const ir_node *n) {
  const ir_tensor *x = &g->tensors[n->inputs[0]];
  int axis = -1;
  ir_attr *a = ir_attr_find((ir_node *)n, "axis");
  if (a) op_axis(NULL, n, a->i, x->rank, &axis); /* validated by infer */
  int64_t m = axis < 0 ? ir_numel(x) : x->dims[axis];
  return (size_t)(5 * m) * sizeof(int64_t);
}

static int unique_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0);
  int axis;
  kiln_unique_params p;
  if (unique_params(d, g, n, &axis, &p) < 0) return -1;
  void *out[4] = {0};
  for (int i = 0; i < 4; i++)
    if (ir_out(g, n, i) && !(out[i] = ir_alloc_data(ir_out(g, n, i)))) return ir_node_fail(d, n, "out of memory");
  int64_t *scratch = kiln_malloc((size_t)(5 * p.n + 1) * sizeof(int64_t));
  void *xd = aligned_copy(x);
  if (!scratch || !xd) {
    free(scratch);
    free(xd);
    return ir_node_fail(d, n, "out of memory");
  }
  int64_t k = kiln_unique__c(&p, xd, out[0], out[1], out[2], out[3], scratch);
  free(scratch);
  free(xd);
  ir_tensor *o;
  if ((o = ir_out(g, n, 0))) {
    int64_t dims[IR_MAX_RANK];
    memcpy(dims, o->dims, sizeof dims);
    dims[axis < 0 ? 0 : axis] = k;
    set_actual(o, o->rank, dims);
  }
  if ((o = ir_out(g, n, 1))) set_actual(o, 1, &k);
  if ((o = ir_out(g, n, 3))) set_actual(o, 1, &k);
  return 0;
}

static int unique_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  int axis;
  kiln_unique_params p;
  if (unique_params(emit_diag(e), g, n, &axis, &p) < 0) return -1;
  if (emit_use(e, "kiln_unique__c") < 0) return -1;
  char id[64], ref[4][400];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  for (int i = 0; i < 4; i++)
    snprintf(ref[i], sizeof ref[i], "%s", ir_out(g, n, i) ? (i ? emit_ref(e, n->outputs[i]) : emit_bytes(e, n->outputs[0])) : "0");
  emit_decl(e, "static const kiln_unique_params %s_p = {%d, %d, %lld, %lld, %lld, %lld};\n", id, p.kind, p.sorted,
            (long long)p.outer, (long long)p.n, (long long)p.inner, (long long)p.elem);
  emit_code(e, "{\n");
  emit_code(e, "  int64_t count = kiln_unique__c(&%s_p, %s,\n", id, emit_bytes(e, n->inputs[0]));
  emit_code(e, "    %s, %s, %s, %s,\n", ref[0], ref[1], ref[2], ref[3]);
  emit_code(e, "    (int64_t *)%s);\n", emit_scratch(e, n));
  if (ir_out(g, n, 0)) emit_actual_dims(e, g, n->outputs[0], axis < 0 ? 0 : axis, "count");
  if (ir_out(g, n, 1)) emit_actual_dims(e, g, n->outputs[1], 0, "count");
  if (ir_out(g, n, 3)) emit_actual_dims(e, g, n->outputs[3], 0, "count");
  emit_code(e, "  (void)count;\n}\n");
  return 0;
}

const op_def op_Unique = {
  .name = "Unique", .domain = "", .since = 11, .until = 0, .attrs = "axis sorted",
  .infer = unique_infer, .eval = unique_eval, .emit = unique_emit, .scratch = unique_scratch,
};

/* ---- NonMaxSuppression ---- */

static int nms_params(kiln_diag *d, ir_graph *g, ir_node *n, kiln_nms_params *p) {
  ir_tensor *b = ir_in(g, n, 0), *s = ir_in(g, n, 1);
  memset(p, 0, sizeof *p);
  int64_t c = ir_attr_int(n, "center_point_box", 0);
  if (c != 0 && c != 1)
    return ir_node_fail(d, n, "attribute 'center_point_box' is %lld, expected 0 or 1", (long long)c);
  p->center_point_box = (int)c;
  p->batches = b->dims[0];
  p->boxes = b->dims[1];
  p->classes = s->dims[1];
  /* an empty optional tensor counts as absent (the spec's reference does so) */
  p->has_max = ir_in(g, n, 2) && ir_numel(ir_in(g, n, 2)) > 0;
  p->has_iou = ir_in(g, n, 3) && ir_numel(ir_in(g, n, 3)) > 0;
  p->has_score = ir_in(g, n, 4) && ir_numel(ir_in(g, n, 4)) > 0;
  return 0;
}

static int nms_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 1) < 0) return -1;
  ir_tensor *b = ir_in(g, n, 0), *s = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  static const ir_dtype f32[] = {IR_F32, IR_UNDEFINED}, i64[] = {IR_I64, IR_UNDEFINED};
  if (op_check_dtype(d, n, b, 0, f32) < 0 || op_check_dtype(d, n, s, 1, f32) < 0) return -1;
  if (b->rank != 3 || b->dims[2] != 4)
    return ir_node_fail(d, n, "input 0 'boxes' must be [batches, boxes, 4]");
  if (s->rank != 3 || s->dims[0] != b->dims[0] || s->dims[2] != b->dims[1])
    return ir_node_fail(d, n, "input 1 'scores' must be [batches, classes, boxes] matching 'boxes'");
  static const char *const names[] = {"", "", "max_output_boxes_per_class", "iou_threshold", "score_threshold"};
  for (int i = 2; i < 5; i++) {
    ir_tensor *t = ir_in(g, n, i);
    if (!t) continue;
    if (op_check_dtype(d, n, t, i, i == 2 ? i64 : f32) < 0) return -1;
    if (ir_numel(t) > 1 || t->rank > 1)
      return ir_node_fail(d, n, "input %d '%s' must be a scalar or have one element", i, names[i]);
  }
  kiln_nms_params p;
  if (nms_params(d, g, n, &p) < 0) return -1;
  int64_t per_class = p.boxes;
  ir_tensor *m = ir_in(g, n, 2);
  if (!p.has_max) per_class = 0;
  else if (m->data && ir_get_i64(m, 0) < per_class) per_class = ir_get_i64(m, 0) < 0 ? 0 : ir_get_i64(m, 0);
  int64_t dims[2] = {p.batches * p.classes * per_class, 3};
  set_dynamic(y, IR_I64, 2, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output is too large");
  return 0;
}

static size_t nms_scratch(const ir_graph *g, const ir_node *n) {
  return (size_t)(3 * g->tensors[n->inputs[0]].dims[1] + 1) * sizeof(int64_t);
}

static int nms_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_nms_params p;
  if (nms_params(d, g, n, &p) < 0) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  int64_t *out = ir_alloc_data(y), mx = p.has_max ? ir_get_i64(ir_in(g, n, 2), 0) : 0;
  float iou = p.has_iou ? (float)ir_get_f64(ir_in(g, n, 3), 0) : 0.0f;
  float sc = p.has_score ? (float)ir_get_f64(ir_in(g, n, 4), 0) : 0.0f;
  int64_t *scratch = kiln_malloc((size_t)(3 * p.boxes + 1) * sizeof(int64_t));
  void *bx = aligned_copy(ir_in(g, n, 0)), *sx = aligned_copy(ir_in(g, n, 1));
  int rc = 0;
  if (!out || !scratch || !bx || !sx) {
    rc = ir_node_fail(d, n, "out of memory");
  } else {
    int64_t k = kiln_nms__c(&p, bx, sx, &mx, &iou, &sc, out, scratch);
    int64_t dims[2] = {k, 3};
    set_actual(y, 2, dims);
  }
  free(scratch);
  free(bx);
  free(sx);
  return rc;
}

static int nms_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_nms_params p;
  if (nms_params(emit_diag(e), g, n, &p) < 0) return -1;
  if (emit_use(e, "kiln_nms__c") < 0) return -1;
  char id[64], ref[5][400];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  int has[5] = {1, 1, p.has_max, p.has_iou, p.has_score};
  for (int i = 0; i < 5; i++) snprintf(ref[i], sizeof ref[i], "%s", has[i] ? emit_ref(e, n->inputs[i]) : "0");
  emit_decl(e, "static const kiln_nms_params %s_p = {%lld, %lld, %lld, %d, %d, %d, %d};\n", id,
            (long long)p.batches, (long long)p.classes, (long long)p.boxes, p.center_point_box, p.has_max,
            p.has_iou, p.has_score);
  emit_code(e, "{\n");
  emit_code(e, "  int64_t count = kiln_nms__c(&%s_p, %s, %s,\n", id, ref[0], ref[1]);
  emit_code(e, "    %s, %s, %s,\n", ref[2], ref[3], ref[4]);
  emit_code(e, "    %s, (int64_t *)%s);\n", emit_ref(e, n->outputs[0]), emit_scratch(e, n));
  emit_actual_dims(e, g, n->outputs[0], 0, "count");
  emit_code(e, "  (void)count;\n}\n");
  return 0;
}

const op_def op_NonMaxSuppression = {
  .name = "NonMaxSuppression", .domain = "", .since = 10, .until = 0, .attrs = "center_point_box",
  .infer = nms_infer, .eval = nms_eval, .emit = nms_emit, .scratch = nms_scratch,
};
