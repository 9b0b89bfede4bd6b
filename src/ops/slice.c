/* slice.c - Slice: starts/ends/axes as attributes (opsets 1-9), as constant
 * inputs starts, ends, [axes], [steps] from opset 10.
 *
 * Clamping follows the ONNX spec exactly: negative starts/ends count from
 * the end (+dim); for step > 0 both are clamped to [0, dim]; for step < 0
 * start is clamped to [0, dim-1] and end to [-1, dim-1] (so INT64_MIN as end
 * means "through element 0"); the length is ceil((end-start)/step), >= 0.
 * Like ONNX Runtime (kiln's reference), an end of INT32_MAX or INT64_MAX
 * means "slice to the end" in either direction (the spec's recommended
 * sentinel), so with a negative step it reaches element 0. Where numpy
 * differs from the spec text (a start below -dim with a negative step
 * clamps to 0 and copies element 0), kiln follows the spec and ORT.
 * The result is one strided copy: x strides times step (negative steps
 * read backwards) from the byte offset of the starts.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/copy.h"

#include <stdio.h>

typedef struct slice_spec {
  int64_t start[IR_MAX_RANK], step[IR_MAX_RANK], count[IR_MAX_RANK];
} slice_spec;

/* Reads a constant 1-D int32/int64 input into v; returns its length, or -1. */
static int slice_input(kiln_diag *d, ir_graph *g, ir_node *n, int idx, const char *what, int64_t *v) {
  ir_tensor *t = ir_in(g, n, idx);
  if (t->dtype != IR_I64 && t->dtype != IR_I32)
    return ir_node_fail(d, n, "input %d '%s' has dtype %s; expected int32 or int64", idx, what,
                        ir_dtype_name(t->dtype));
  if (!t->data)
    return ir_node_fail(d, n, "input %d '%s' must be a constant (computed at compile time); kiln "
                        "needs static shapes", idx, what);
  int64_t k = ir_numel(t);
  if (t->rank != 1 || k > IR_MAX_RANK || t->nbytes < (size_t)k * ir_dtype_size(t->dtype))
    return ir_node_fail(d, n, "input %d '%s' must be 1-D with at most %d entries", idx, what,
                        IR_MAX_RANK);
  for (int64_t i = 0; i < k; i++) v[i] = ir_get_i64(t, i);
  return (int)k;
}

static int slice_attr(kiln_diag *d, ir_node *n, const char *what, int64_t *v) {
  ir_attr *a = ir_attr_find(n, what);
  if (!a) return -2;
  if (a->type != IR_ATTR_INTS || a->n > IR_MAX_RANK)
    return ir_node_fail(d, n, "attribute '%s' must be a list of at most %d ints", what, IR_MAX_RANK);
  for (int i = 0; i < a->n; i++) v[i] = a->ints[i];
  return a->n;
}

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

static int slice_compute(kiln_diag *d, ir_graph *g, ir_node *n, slice_spec *s) {
  ir_tensor *x = ir_in(g, n, 0);
  int r = x->rank;
  int64_t starts[IR_MAX_RANK], ends[IR_MAX_RANK], axes[IR_MAX_RANK], steps[IR_MAX_RANK];
  int ns, ne, na = -2, nst = -2;
  if (n->opset < 10) {
    if (n->n_inputs > 1) return ir_node_fail(d, n, "starts/ends are attributes before opset 10");
    if ((ns = slice_attr(d, n, "starts", starts)) == -1 || (ne = slice_attr(d, n, "ends", ends)) == -1 ||
        (na = slice_attr(d, n, "axes", axes)) == -1)
      return -1;
    if (ns == -2 || ne == -2) return ir_node_fail(d, n, "attributes 'starts' and 'ends' are required");
  } else {
    if (ir_attr_find(n, "starts") || ir_attr_find(n, "ends") || ir_attr_find(n, "axes"))
      return ir_node_fail(d, n, "starts/ends/axes are inputs from opset 10, not attributes");
    if (!ir_has_in(n, 1) || !ir_has_in(n, 2))
      return ir_node_fail(d, n, "inputs 1 'starts' and 2 'ends' are required");
    if ((ns = slice_input(d, g, n, 1, "starts", starts)) < 0 ||
        (ne = slice_input(d, g, n, 2, "ends", ends)) < 0)
      return -1;
    if (ir_has_in(n, 3) && (na = slice_input(d, g, n, 3, "axes", axes)) < 0) return -1;
    if (ir_has_in(n, 4) && (nst = slice_input(d, g, n, 4, "steps", steps)) < 0) return -1;
  }
  if (ne != ns) return ir_node_fail(d, n, "starts has %d entries but ends has %d", ns, ne);
  if (na != -2 && na != ns) return ir_node_fail(d, n, "axes has %d entries but starts has %d", na, ns);
  if (nst != -2 && nst != ns)
    return ir_node_fail(d, n, "steps has %d entries but starts has %d", nst, ns);
  if (na == -2) {
    if (ns > r) return ir_node_fail(d, n, "starts has %d entries but the input has rank %d", ns, r);
    for (int i = 0; i < ns; i++) axes[i] = i;
  }
  for (int a = 0; a < r; a++) {
    s->start[a] = 0;
    s->step[a] = 1;
    s->count[a] = x->dims[a];
  }
  int seen[IR_MAX_RANK] = {0};
  for (int i = 0; i < ns; i++) {
    int64_t a = axes[i];
    if (a < -r || a >= r)
      return ir_node_fail(d, n, "axes[%d] = %lld is out of range for rank %d", i, (long long)a, r);
    if (a < 0) a += r;
    if (seen[a]) return ir_node_fail(d, n, "axis %lld appears twice in axes", (long long)a);
    seen[a] = 1;
    int64_t step = nst == -2 ? 1 : steps[i], dim = x->dims[a], st = starts[i], en = ends[i], cnt;
    if (step == 0) return ir_node_fail(d, n, "steps[%d] is 0; slice steps cannot be 0", i);
    if (st < 0) st += dim; /* no overflow: dim >= 0 */
    if (en == INT64_MAX || en == INT32_MAX) en = step < 0 ? -1 : dim; /* "to the end" (as ORT) */
    else if (en < 0) en += dim;
    if (step > 0) {
      st = clamp64(st, 0, dim);
      en = clamp64(en, 0, dim);
      cnt = en > st ? (en - st - 1) / step + 1 : 0;
    } else {
      st = clamp64(st, 0, dim - 1);
      en = clamp64(en, -1, dim - 1);
      /* -step as unsigned: step may be INT64_MIN */
      cnt = st > en ? (int64_t)((uint64_t)(st - en - 1) / (0 - (uint64_t)step)) + 1 : 0;
    }
    if (dim == 0) cnt = 0;
    s->start[a] = cnt ? st : 0;
    s->step[a] = cnt > 1 ? step : 1; /* |step| < dim when it matters: strides cannot overflow */
    s->count[a] = cnt;
  }
  return 0;
}

static int slice_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (x->dtype == IR_STRING || ir_dtype_size(x->dtype) == 0)
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s; kiln supports numeric and bool tensors "
                        "only", x->name, ir_dtype_name(x->dtype));
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  slice_spec s;
  if (slice_compute(d, g, n, &s) < 0) return -1;
  ir_set_shape(y, x->dtype, x->rank, s.count);
  return 0;
}

static int slice_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_copy_params *p) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  slice_spec s;
  if (slice_compute(d, g, n, &s) < 0) return -1;
  int64_t xst[IR_MAX_RANK], xs[IR_MAX_RANK], ys[IR_MAX_RANK], xoff = 0;
  kiln_copy_strides(x->rank, x->dims, xst);
  kiln_copy_strides(y->rank, y->dims, ys);
  for (int a = 0; a < x->rank; a++) {
    xs[a] = xst[a] * s.step[a];
    xoff += s.start[a] * xst[a];
  }
  kiln_copy_plan(p, y->rank, y->dims, xs, ys, xoff, 0, (int64_t)ir_dtype_size(x->dtype));
  return 0;
}

static int slice_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_copy_params p;
  if (slice_plan(d, g, n, &p) < 0) return -1;
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_copy_nd__c(&p, ir_in(g, n, 0)->data, out);
  return 0;
}

static int slice_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_copy_params p;
  if (slice_plan(emit_diag(e), g, n, &p) < 0) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_copy_nd__c") < 0) return -1;
  char id[64], buf[1024];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_copy_params %s_p = %s;\n", id,
            kiln_copy_params_init(&p, buf, sizeof buf));
  emit_code(e, "kiln_copy_nd__c(&%s_p, %s, %s);\n", id, emit_bytes(e, n->inputs[0]),
            emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_Slice = {
  .name = "Slice", .domain = "", .since = 1, .until = 0, .attrs = "starts ends axes",
  .infer = slice_infer, .eval = slice_eval, .emit = slice_emit, .flags = 0,
};
