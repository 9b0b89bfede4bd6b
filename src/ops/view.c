/* view.c - ops whose output is input 0 reinterpreted: Reshape, Flatten,
 * Squeeze, Unsqueeze, Identity, Dropout (inference).
 *
 * All are OP_VIEW with emit = NULL: the planner aliases the output to input
 * 0's storage, so they cost nothing at run time. eval copies the bytes
 * (used by constant folding, e.g. the Unsqueeze/Reshape steps of exported
 * shape arithmetic). Any numeric or bool dtype works; strings do not.
 */
#include "op.h"

#include <string.h>

static int no_strings(kiln_diag *d, const ir_node *n, const ir_tensor *t, int idx) {
  if (t->dtype != IR_STRING && ir_dtype_size(t->dtype) != 0) return 0;
  return ir_node_fail(d, n, "input %d '%s' has dtype %s; kiln supports numeric and bool tensors "
                      "only", idx, t->name, ir_dtype_name(t->dtype));
}

/* Reads a constant 1-D (or scalar) integer input `what` into v[0..*count). */
static int const_ints(kiln_diag *d, const ir_node *n, const ir_tensor *t, int idx, const char *what,
                      int64_t *v, int cap, int *count) {
  if (t->dtype != IR_I64 && t->dtype != IR_I32)
    return ir_node_fail(d, n, "input %d '%s' has dtype %s; expected int64", idx, what,
                        ir_dtype_name(t->dtype));
  if (!t->data)
    return ir_node_fail(d, n, "input %d '%s' must be a constant (computed at compile time); kiln "
                        "needs static shapes", idx, what);
  if (t->rank > 1)
    return ir_node_fail(d, n, "input %d '%s' must be 1-D, got rank %d", idx, what, t->rank);
  int64_t k = ir_numel(t);
  if (k < 0 || k > cap)
    return ir_node_fail(d, n, "input %d '%s' has %lld elements; at most %d are supported", idx,
                        what, (long long)k, cap);
  if (t->nbytes < (size_t)k * ir_dtype_size(t->dtype))
    return ir_node_fail(d, n, "input %d '%s' has %zu bytes of data, expected %lld", idx, what,
                        t->nbytes, (long long)k * (long long)ir_dtype_size(t->dtype));
  for (int64_t i = 0; i < k; i++) v[i] = ir_get_i64(t, i);
  *count = (int)k;
  return 0;
}

/* Axes list (attribute before `input_since`, optional input 1 from then). Returns
 * 1 if present, 0 if absent, -1 on error. */
static int get_axes(kiln_diag *d, ir_graph *g, ir_node *n, int input_since, int64_t *v, int cap,
                    int *count) {
  ir_attr *a = ir_attr_find(n, "axes");
  if (n->opset >= input_since) {
    if (a)
      return ir_node_fail(d, n, "attribute 'axes' was replaced by input 1 in opset %d", input_since);
    ir_tensor *t = ir_in(g, n, 1);
    if (!t) return 0;
    return const_ints(d, n, t, 1, "axes", v, cap, count) < 0 ? -1 : 1;
  }
  if (ir_has_in(n, 1))
    return ir_node_fail(d, n, "axes is an attribute before opset %d, not an input", input_since);
  if (!a) return 0;
  if (a->type != IR_ATTR_INTS || a->n > cap)
    return ir_node_fail(d, n, "attribute 'axes' must be a list of at most %d ints", cap);
  for (int i = 0; i < a->n; i++) v[i] = a->ints[i];
  *count = a->n;
  return 1;
}

/* Normalises axes against rank r (negatives allowed from opset 11), rejects
 * duplicates; marks them in seen[]. */
static int norm_axes(kiln_diag *d, const ir_node *n, int64_t *ax, int k, int r, int *seen) {
  for (int i = 0; i < r; i++) seen[i] = 0;
  for (int i = 0; i < k; i++) {
    if (ax[i] < 0 && n->opset < 11)
      return ir_node_fail(d, n, "axes[%d] = %lld: negative axes need opset 11", i, (long long)ax[i]);
    if (ax[i] < -r || ax[i] >= r)
      return ir_node_fail(d, n, "axes[%d] = %lld is out of range for rank %d", i, (long long)ax[i], r);
    if (ax[i] < 0) ax[i] += r;
    if (seen[ax[i]])
      return ir_node_fail(d, n, "axis %lld appears twice in axes", (long long)ax[i]);
    seen[ax[i]] = 1;
  }
  return 0;
}

/* eval shared by every view op: output 0 = bytes of input 0. */
static int view_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!x || !y || !x->data) return ir_node_fail(d, n, "internal error: eval needs a constant input 0");
  int64_t nb = ir_nbytes(y);
  if (nb < 0 || (size_t)nb > x->nbytes || ir_numel(x) != ir_numel(y) || x->dtype != y->dtype)
    return ir_node_fail(d, n, "internal error: output does not match input 0");
  void *p = ir_alloc_data(y);
  if (!p) return ir_node_fail(d, n, "out of memory");
  if (nb) memcpy(p, x->data, (size_t)nb);
  return 0;
}

/* ---- Reshape ---- */

static int reshape_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (no_strings(d, n, x, 0) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  int64_t shape[IR_MAX_RANK + 1];
  int k = 0;
  ir_attr *sa = ir_attr_find(n, "shape");
  ir_attr_find(n, "consumed_inputs"); /* opset 1 legacy hint, no meaning for us */
  if (n->opset < 5) {
    /* Reshape-1/4: the target shape is an attribute. */
    if (!sa || sa->type != IR_ATTR_INTS)
      return ir_node_fail(d, n, "attribute 'shape' (ints) is required before opset 5");
    if (sa->n > IR_MAX_RANK)
      return ir_node_fail(d, n, "target rank %d exceeds kiln's limit of %d", sa->n, IR_MAX_RANK);
    for (int i = 0; i < sa->n; i++) shape[i] = sa->ints[i];
    k = sa->n;
  } else {
    if (sa) return ir_node_fail(d, n, "attribute 'shape' was replaced by input 1 in opset 5");
    ir_tensor *s = ir_in(g, n, 1);
    if (!s) return ir_node_fail(d, n, "input 1 'shape' is missing");
    if (const_ints(d, n, s, 1, "shape", shape, IR_MAX_RANK + 1, &k) < 0) return -1;
    if (k > IR_MAX_RANK)
      return ir_node_fail(d, n, "target rank %d exceeds kiln's limit of %d", k, IR_MAX_RANK);
  }
  int64_t allowzero = ir_attr_int(n, "allowzero", 0);
  if (allowzero && n->opset < 14)
    return ir_node_fail(d, n, "attribute 'allowzero' needs opset 14");
  int64_t dims[IR_MAX_RANK], known = 1;
  int infer_at = -1, has_zero = 0;
  for (int i = 0; i < k; i++) {
    int64_t v = shape[i];
    if (v == -1) {
      if (infer_at >= 0)
        return ir_node_fail(d, n, "shape has more than one -1 (dims %d and %d)", infer_at, i);
      infer_at = i;
      dims[i] = 1;
      continue;
    }
    if (v < -1) return ir_node_fail(d, n, "shape[%d] = %lld is invalid", i, (long long)v);
    if (v == 0) {
      has_zero = 1;
      if (!allowzero) { /* 0 copies the input's dim at the same index */
        if (i >= x->rank)
          return ir_node_fail(d, n, "shape[%d] = 0 copies input dim %d, but the input has rank %d",
                              i, i, x->rank);
        v = x->dims[i];
      }
    }
    dims[i] = v;
    if (v != 0 && known > INT64_MAX / v) return ir_node_fail(d, n, "target shape is too large");
    known *= v;
  }
  if (allowzero && has_zero && infer_at >= 0)
    return ir_node_fail(d, n, "with allowzero=1 the shape cannot contain both 0 and -1");
  int64_t numel = ir_numel(x);
  char buf[128];
  if (infer_at >= 0) {
    if (known == 0 || numel % known != 0)
      return ir_node_fail(d, n, "cannot reshape input of shape %s (%lld elements): the -1 at "
                          "shape[%d] cannot be inferred from the other dims (product %lld)",
                          ir_shape_str(x, buf, sizeof buf), (long long)numel, infer_at,
                          (long long)known);
    dims[infer_at] = numel / known;
  } else if (known != numel) {
    ir_tensor tmp;
    tmp.rank = k;
    for (int i = 0; i < k; i++) { tmp.dims[i] = dims[i]; tmp.dim_param[i] = NULL; }
    char b2[128];
    return ir_node_fail(d, n, "cannot reshape input of shape %s (%lld elements) to shape %s "
                        "(%lld elements)", ir_shape_str(x, buf, sizeof buf), (long long)numel,
                        ir_shape_str(&tmp, b2, sizeof b2), (long long)known);
  }
  ir_set_shape(y, x->dtype, k, dims);
  return 0;
}

const op_def op_Reshape = {
  .name = "Reshape", .domain = "", .since = 1, .until = 0,
  .attrs = "shape allowzero consumed_inputs",
  .infer = reshape_infer, .eval = view_eval, .emit = NULL, .flags = OP_VIEW,
};

/* ---- Flatten ---- */

static int flatten_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (no_strings(d, n, x, 0) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  int64_t axis = ir_attr_int(n, "axis", 1);
  int64_t lo = n->opset >= 11 ? -(int64_t)x->rank : 0; /* negative axis from opset 11 */
  if (axis < lo || axis > x->rank)
    return ir_node_fail(d, n, "axis %lld is out of range [%lld, %d] for rank %d", (long long)axis,
                        (long long)lo, x->rank, x->rank);
  if (axis < 0) axis += x->rank;
  if (ir_numel(x) < 0) return ir_node_fail(d, n, "input shape is too large");
  int64_t dims[2] = {1, 1};
  for (int i = 0; i < x->rank; i++) dims[i >= axis] *= x->dims[i];
  ir_set_shape(y, x->dtype, 2, dims);
  return 0;
}

const op_def op_Flatten = {
  .name = "Flatten", .domain = "", .since = 1, .until = 0, .attrs = "axis",
  .infer = flatten_infer, .eval = view_eval, .emit = NULL, .flags = OP_VIEW,
};

/* ---- Squeeze ---- */

static int squeeze_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (no_strings(d, n, x, 0) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  int64_t ax[IR_MAX_RANK];
  int k = 0, seen[IR_MAX_RANK];
  int has = get_axes(d, g, n, /*input_since=*/13, ax, IR_MAX_RANK, &k);
  if (has < 0) return -1;
  if (has && k > 0) { /* an empty axes list means "all", as in ONNX Runtime */
    if (norm_axes(d, n, ax, k, x->rank, seen) < 0) return -1;
    for (int i = 0; i < k; i++)
      if (x->dims[ax[i]] != 1)
        return ir_node_fail(d, n, "cannot squeeze axis %lld of size %lld (must be 1)",
                            (long long)ax[i], (long long)x->dims[ax[i]]);
  } else { /* no axes: remove every 1-dim */
    for (int i = 0; i < x->rank; i++) seen[i] = x->dims[i] == 1;
  }
  int64_t dims[IR_MAX_RANK];
  int r = 0;
  for (int i = 0; i < x->rank; i++)
    if (!seen[i]) dims[r++] = x->dims[i];
  ir_set_shape(y, x->dtype, r, dims);
  return 0;
}

const op_def op_Squeeze = {
  .name = "Squeeze", .domain = "", .since = 1, .until = 0, .attrs = "axes",
  .infer = squeeze_infer, .eval = view_eval, .emit = NULL, .flags = OP_VIEW,
};

/* ---- Unsqueeze ---- */

static int unsqueeze_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (no_strings(d, n, x, 0) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  int64_t ax[IR_MAX_RANK + 1];
  int k = 0, seen[IR_MAX_RANK];
  int has = get_axes(d, g, n, /*input_since=*/13, ax, IR_MAX_RANK + 1, &k);
  if (has < 0) return -1;
  if (!has) return ir_node_fail(d, n, n->opset >= 13 ? "input 1 'axes' is required"
                                                     : "attribute 'axes' is required");
  int r = x->rank + k;
  if (r > IR_MAX_RANK)
    return ir_node_fail(d, n, "output rank %d exceeds kiln's limit of %d", r, IR_MAX_RANK);
  /* Axes index the OUTPUT (negative ones count from its end). */
  if (norm_axes(d, n, ax, k, r, seen) < 0) return -1;
  int64_t dims[IR_MAX_RANK];
  for (int i = 0, j = 0; i < r; i++) dims[i] = seen[i] ? 1 : x->dims[j++];
  ir_set_shape(y, x->dtype, r, dims);
  return 0;
}

const op_def op_Unsqueeze = {
  .name = "Unsqueeze", .domain = "", .since = 1, .until = 0, .attrs = "axes",
  .infer = unsqueeze_infer, .eval = view_eval, .emit = NULL, .flags = OP_VIEW,
};

/* ---- Identity ---- */

static int identity_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (no_strings(d, n, x, 0) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  ir_set_shape(y, x->dtype, x->rank, x->dims);
  return 0;
}

const op_def op_Identity = {
  .name = "Identity", .domain = "", .since = 1, .until = 0, .attrs = "",
  .infer = identity_infer, .eval = view_eval, .emit = NULL, .flags = OP_VIEW,
};

/* ---- Dropout (inference: output = input) ----
 * Opsets 1-6 carry is_test; kiln compiles for inference and treats every
 * Dropout as in test mode, like ONNX Runtime's inference sessions. From
 * opset 12 training_mode is an input: when it is not a constant false the
 * node becomes op_DropoutTraining (dropout.c), which is no view. The
 * optional mask output is a constant of ones (nothing is dropped): bool
 * from opset 10, the data type before. */

static int fill_mask(kiln_diag *d, const ir_node *n, ir_tensor *m) {
  int64_t k = ir_numel(m);
  void *p = ir_alloc_data(m);
  if (!p) return ir_node_fail(d, n, "out of memory");
  for (int64_t i = 0; i < k; i++) ir_put_f64(p, m->dtype, i, 1.0);
  return 0;
}

static int dropout_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0), *mask = ir_out(g, n, 1);
  if (no_strings(d, n, x, 0) < 0) return -1;
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  ir_attr_find(n, "ratio");
  ir_attr_find(n, "is_test");
  ir_attr_find(n, "seed");
  ir_attr_find(n, "consumed_inputs");
  ir_tensor *tm = ir_in(g, n, 2);
  if (tm && (!tm->data || ir_numel(tm) != 1 || tm->nbytes < ir_dtype_size(tm->dtype) ||
             ir_get_f64(tm, 0) != 0)) {
    /* training mode (or decided at run time): not a view; src/ops/dropout.c */
    extern const op_def op_DropoutTraining;
    n->def = &op_DropoutTraining;
    return op_DropoutTraining.infer(d, g, n);
  }
  ir_set_shape(y, x->dtype, x->rank, x->dims);
  if (mask) {
    ir_set_shape(mask, n->opset >= 10 ? IR_BOOL : x->dtype, x->rank, x->dims);
    if (fill_mask(d, n, mask) < 0) return -1;
  }
  return 0;
}

static int dropout_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (view_eval(d, g, n) < 0) return -1;
  ir_tensor *mask = ir_out(g, n, 1);
  return mask ? fill_mask(d, n, mask) : 0;
}

const op_def op_Dropout = {
  .name = "Dropout", .domain = "", .since = 1, .until = 0,
  .attrs = "ratio is_test seed consumed_inputs",
  .infer = dropout_infer, .eval = dropout_eval, .emit = NULL, .flags = OP_VIEW,
};
