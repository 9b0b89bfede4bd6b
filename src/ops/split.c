/* split.c - Split: cut the input along `axis` into the outputs.
 *
 * Sizes, by opset: `split` attribute (1-12; Split-1 also takes it as
 * input 1), `split` constant input (13+), or equal parts. Equal parts must
 * divide the axis before opset 18; from 18 `num_outputs` gives chunks of
 * ceil(dim / num_outputs) with a smaller last one. Each output is one
 * strided copy of rows [outer, s_i * inner] (each row one memcpy).
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/copy.h"

#include <stdio.h>
#include <stdlib.h>

#define SPLIT_MAX 65536 /* outputs */

/* Axis and per-output sizes (validated). */
static int split_sizes(kiln_diag *d, ir_graph *g, ir_node *n, int *axis, int64_t *sizes) {
  ir_tensor *x = ir_in(g, n, 0);
  int no = n->n_outputs;
  if (no < 1 || no > SPLIT_MAX)
    return ir_node_fail(d, n, "has %d outputs; kiln supports 1..%d", no, SPLIT_MAX);
  int64_t ax = ir_attr_int(n, "axis", 0);
  /* Negative axes are documented from opset 11 on, but ONNX Runtime (and
   * PyTorch's exports for opset < 11, e.g. GLU) use them earlier too: kiln
   * accepts them in every opset, as for Concat. */
  if (x->rank < 1) return ir_node_fail(d, n, "input 0 '%s' is a scalar; Split needs rank >= 1", x->name);
  if (op_axis(d, n, ax, x->rank, axis) < 0) return -1;
  int64_t dim = x->dims[*axis];

  ir_attr *sa = ir_attr_find(n, "split");
  ir_tensor *st = ir_in(g, n, 1);
  ir_attr *na = ir_attr_find(n, "num_outputs");
  if (na && n->opset < 18) return ir_node_fail(d, n, "attribute 'num_outputs' needs opset 18");
  if (sa && n->opset >= 13)
    return ir_node_fail(d, n, "attribute 'split' was replaced by input 1 in opset 13");
  if (st && n->opset >= 2 && n->opset < 13)
    return ir_node_fail(d, n, "'split' is an attribute in opsets 2..12, not an input");
  int64_t k = -1;
  if (sa) {
    if (sa->type != IR_ATTR_INTS) return ir_node_fail(d, n, "attribute 'split' must be a list of ints");
    k = sa->n;
    if (k == no)
      for (int i = 0; i < k; i++) sizes[i] = sa->ints[i];
  } else if (st) {
    if (st->dtype != IR_I64 && st->dtype != IR_I32)
      return ir_node_fail(d, n, "input 1 'split' has dtype %s; expected int64", ir_dtype_name(st->dtype));
    if (!st->data)
      return ir_node_fail(d, n, "input 1 'split' must be a constant (computed at compile time); "
                          "kiln needs static shapes");
    if (st->rank > 1) return ir_node_fail(d, n, "input 1 'split' must be 1-D, got rank %d", st->rank);
    int64_t m = ir_numel(st);
    if (m < 0 || st->nbytes < (size_t)m * ir_dtype_size(st->dtype))
      return ir_node_fail(d, n, "input 1 'split' has no valid data");
    if (m > 0) { /* an empty split input means "not given" */
      k = m;
      if (k == no)
        for (int i = 0; i < k; i++) sizes[i] = ir_get_i64(st, i);
    }
  }
  if (k >= 0) {
    if (na) return ir_node_fail(d, n, "give either 'split' or 'num_outputs', not both");
    if (k != no)
      return ir_node_fail(d, n, "'split' has %lld entries but the node has %d outputs", (long long)k,
                          no);
    int64_t sum = 0;
    for (int i = 0; i < k; i++) {
      if (sizes[i] < 0 || sizes[i] > dim)
        return ir_node_fail(d, n, "split[%d] = %lld is invalid", i, (long long)sizes[i]);
      sum += sizes[i];
      if (sum > dim) break; /* reported below; also keeps sum from overflowing */
    }
    if (sum != dim)
      return ir_node_fail(d, n, "split sizes sum to %lld but axis %d has size %lld", (long long)sum,
                          *axis, (long long)dim);
    return 0;
  }
  if (na) {
    if (na->type != IR_ATTR_INT || na->i != no)
      return ir_node_fail(d, n, "num_outputs = %lld but the node has %d outputs", (long long)na->i, no);
    /* Opset 18: chunks of ceil(dim / n), the last one smaller. */
    int64_t chunk = dim / no + (dim % no != 0), left = dim;
    for (int i = 0; i < no; i++) {
      sizes[i] = left < chunk ? left : chunk;
      left -= sizes[i];
    }
    return 0;
  }
  if (dim % no != 0)
    return ir_node_fail(d, n, "axis %d of size %lld cannot be split equally into %d outputs "
                        "(give 'split' sizes)", *axis, (long long)dim, no);
  for (int i = 0; i < no; i++) sizes[i] = dim / no;
  return 0;
}

/* Sizes for the node's outputs in a fresh array (free it), or NULL. */
static int64_t *split_alloc_sizes(kiln_diag *d, ir_graph *g, ir_node *n, int *axis) {
  int64_t *sizes = kiln_calloc((size_t)(n->n_outputs > 0 ? n->n_outputs : 1), sizeof *sizes);
  if (!sizes) {
    ir_node_fail(d, n, "out of memory");
    return NULL;
  }
  if (split_sizes(d, g, n, axis, sizes) < 0) {
    free(sizes);
    return NULL;
  }
  return sizes;
}

static int split_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0);
  if (x->dtype == IR_STRING || ir_dtype_size(x->dtype) == 0)
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s; kiln supports numeric and bool tensors "
                        "only", x->name, ir_dtype_name(x->dtype));
  int axis;
  int64_t *sizes = split_alloc_sizes(d, g, n, &axis);
  if (!sizes) return -1;
  for (int i = 0; i < n->n_outputs; i++) {
    ir_tensor *y = ir_out(g, n, i);
    if (!y) continue;
    int64_t dims[IR_MAX_RANK];
    for (int k = 0; k < x->rank; k++) dims[k] = x->dims[k];
    dims[axis] = sizes[i];
    ir_set_shape(y, x->dtype, x->rank, dims);
  }
  free(sizes);
  return 0;
}

/* The copy for output i, which starts at `off` along the axis; returns 0
 * when there is nothing to copy. */
static int split_plan(ir_graph *g, ir_node *n, int axis, int i, int64_t off, kiln_copy_params *p) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, i);
  if (!y || ir_numel(y) == 0) return 0;
  int64_t outer = 1, inner = 1;
  for (int k = 0; k < axis; k++) outer *= x->dims[k];
  for (int k = axis + 1; k < x->rank; k++) inner *= x->dims[k];
  int64_t cols = y->dims[axis] * inner;
  int64_t dims[2] = {outer, cols}, xs[2] = {x->dims[axis] * inner, 1}, ys[2] = {cols, 1};
  kiln_copy_plan(p, 2, dims, xs, ys, off * inner, 0, (int64_t)ir_dtype_size(x->dtype));
  return 1;
}

static int split_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  int axis;
  int64_t *sizes = split_alloc_sizes(d, g, n, &axis), off = 0;
  if (!sizes) return -1;
  for (int i = 0; i < n->n_outputs; off += sizes[i], i++) {
    ir_tensor *y = ir_out(g, n, i);
    if (!y) continue;
    void *out = ir_alloc_data(y);
    if (!out) {
      free(sizes);
      return ir_node_fail(d, n, "out of memory");
    }
    kiln_copy_params p;
    if (split_plan(g, n, axis, i, off, &p)) kiln_copy_nd__c(&p, ir_in(g, n, 0)->data, out);
  }
  free(sizes);
  return 0;
}

static int split_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  int axis;
  int64_t *sizes = split_alloc_sizes(emit_diag(e), g, n, &axis), off = 0;
  if (!sizes) return -1;
  char id[64], buf[1024];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  for (int i = 0; i < n->n_outputs; off += sizes[i], i++) {
    kiln_copy_params p;
    if (!split_plan(g, n, axis, i, off, &p)) continue;
    if (emit_use(e, "kiln_copy_nd__c") < 0) {
      free(sizes);
      return -1;
    }
    emit_decl(e, "static const kiln_copy_params %s_p%d = %s;\n", id, i,
              kiln_copy_params_init(&p, buf, sizeof buf));
    emit_code(e, "kiln_copy_nd__c(&%s_p%d, %s, %s);\n", id, i, emit_bytes(e, n->inputs[0]),
              emit_bytes(e, n->outputs[i]));
  }
  free(sizes);
  return 0;
}

const op_def op_Split = {
  .name = "Split", .domain = "", .since = 1, .until = 0, .attrs = "axis split num_outputs",
  .infer = split_infer, .eval = split_eval, .emit = split_emit, .flags = 0,
};
