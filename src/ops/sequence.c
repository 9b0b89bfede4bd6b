/* sequence.c - sequence and optional ops, resolved at compile time (see
 * src/passes/lower_control.c): a sequence is a list of IR tensors whose
 * length and element shapes are known when compiling, so these ops only
 * rewire lists; what reaches run time are the tensor ops they lower to
 * (Identity views, Concat, Unsqueeze, Slice, Gather). Positions must be
 * compile-time constants.
 */
#include "op.h"
#include "../passes/lower.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int lowered_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  (void)g;
  return ir_node_fail(d, n, "internal: %s reached shape inference instead of being lowered", n->op_type);
}

static int oom(kiln_diag *d) { return kiln_fail(d, "out of memory"); }

/* Input i must be a sequence. */
static ir_tensor *seq_in(kiln_diag *d, ir_graph *g, int k, int i) {
  ir_node *n = &g->nodes[k];
  ir_tensor *t = i < lower_n_inputs(n) ? ir_in(g, n, i) : NULL;
  if (!t) { ir_node_fail(d, n, "input %d (a sequence) is missing", i); return NULL; }
  if (t->vkind != IR_VAL_SEQ) {
    ir_node_fail(d, n, "input %d '%s' is %s, expected a sequence", i, t->name, lower_kind_name(t));
    return NULL;
  }
  return t;
}

static ir_tensor *tensor_in(kiln_diag *d, ir_graph *g, int k, int i) {
  ir_node *n = &g->nodes[k];
  ir_tensor *t = i < lower_n_inputs(n) ? ir_in(g, n, i) : NULL;
  if (!t) { ir_node_fail(d, n, "input %d is missing", i); return NULL; }
  if (t->vkind != IR_VAL_TENSOR) {
    ir_node_fail(d, n, "input %d '%s' is %s, expected a tensor", i, t->name, lower_kind_name(t));
    return NULL;
  }
  return t;
}

/* Position input i (absent: dflt), checked against [lo, hi] and made >= 0
 * by adding len. */
static int position(kiln_diag *d, ir_graph *g, int k, int i, int64_t dflt, int64_t len, int64_t lo, int64_t hi,
                    int64_t *pos) {
  ir_node *n = &g->nodes[k];
  *pos = dflt;
  if (i < lower_n_inputs(n) && n->inputs[i] >= 0) {
    ir_tensor *p = tensor_in(d, g, k, i);
    if (!p) return -1;
    if ((p->dtype != IR_I32 && p->dtype != IR_I64) || ir_numel(p) != 1)
      return ir_node_fail(d, n, "input %d 'position' must be one int32 or int64 value", i);
    if (!p->data)
      return ir_node_fail(d, n, "input %d 'position' must be a constant (computed at compile time); kiln "
                          "resolves sequences at compile time", i);
    *pos = ir_get_i64(p, 0);
  }
  if (*pos < lo || *pos > hi)
    return ir_node_fail(d, n, "position %lld is out of range [%lld, %lld] for a sequence of %lld tensors",
                        (long long)*pos, (long long)lo, (long long)hi, (long long)len);
  if (*pos < 0) *pos += len;
  return 0;
}

static int out0(const ir_graph *g, int k) { return g->nodes[k].n_outputs > 0 ? g->nodes[k].outputs[0] : -1; }

static int done(kiln_diag *d, ir_graph *g, lower_state *s, int *added) { return lower_finish(d, g, s, added); }

/* ---- SequenceEmpty, SequenceConstruct ---- */

static int empty_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_node *n = &g->nodes[k];
  int64_t dt = ir_attr_int(n, "dtype", IR_F32);
  if (!ir_dtype_size((ir_dtype)dt)) return ir_node_fail(d, n, "attribute 'dtype' %lld is unsupported", (long long)dt);
  lower_state s;
  lower_begin(g, k, &s);
  if (out0(g, k) >= 0 && lower_set_seq(d, g, out0(g, k), NULL, 0, (ir_dtype)dt)) return -1;
  return done(d, g, &s, added);
}

static int construct_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  int m = lower_n_inputs(&g->nodes[k]);
  if (m < 1) return ir_node_fail(d, &g->nodes[k], "needs at least one input");
  for (int i = 0; i < m; i++) {
    ir_tensor *t = tensor_in(d, g, k, i);
    if (!t) return -1;
    if (t->dtype != ir_in(g, &g->nodes[k], 0)->dtype)
      return ir_node_fail(d, &g->nodes[k], "input %d is %s, input 0 %s: a sequence holds one dtype", i,
                          ir_dtype_name(t->dtype), ir_dtype_name(ir_in(g, &g->nodes[k], 0)->dtype));
  }
  lower_state s;
  lower_begin(g, k, &s);
  int *ins = kiln_malloc((size_t)m * sizeof(int));
  if (!ins) return oom(d);
  memcpy(ins, g->nodes[k].inputs, (size_t)m * sizeof(int));
  int rc = out0(g, k) >= 0 ? lower_set_seq(d, g, out0(g, k), ins, m, g->tensors[ins[0]].dtype) : 0;
  free(ins);
  return rc ? -1 : done(d, g, &s, added);
}

/* ---- SequenceInsert, SequenceErase, SequenceAt, SequenceLength ---- */

static int insert_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_tensor *sq = seq_in(d, g, k, 0), *t = tensor_in(d, g, k, 1);
  if (!sq || !t) return -1;
  int len = sq->n_elems;
  if ((len || sq->dtype != IR_UNDEFINED) && sq->dtype != t->dtype)
    return ir_node_fail(d, &g->nodes[k], "inserts a %s tensor into a sequence of %s", ir_dtype_name(t->dtype),
                        ir_dtype_name(sq->dtype));
  int64_t pos;
  if (position(d, g, k, 2, len, len, -(int64_t)len, len, &pos)) return -1;
  int *el = kiln_malloc((size_t)(len + 1) * sizeof(int));
  if (!el) return oom(d);
  int m = 0, tid = g->nodes[k].inputs[1];
  for (int i = 0; i <= len; i++) {
    if (i == pos) el[m++] = tid;
    if (i < len) el[m++] = sq->elems[i];
  }
  lower_state s;
  lower_begin(g, k, &s);
  int rc = out0(g, k) >= 0 ? lower_set_seq(d, g, out0(g, k), el, m, g->tensors[tid].dtype) : 0;
  free(el);
  return rc ? -1 : done(d, g, &s, added);
}

static int erase_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_tensor *sq = seq_in(d, g, k, 0);
  if (!sq) return -1;
  int len = sq->n_elems;
  if (len == 0) return ir_node_fail(d, &g->nodes[k], "erases from an empty sequence");
  int64_t pos;
  if (position(d, g, k, 1, -1, len, -(int64_t)len, len - 1, &pos)) return -1;
  int *el = kiln_malloc((size_t)len * sizeof(int));
  if (!el) return oom(d);
  int m = 0;
  for (int i = 0; i < len; i++)
    if (i != pos) el[m++] = sq->elems[i];
  lower_state s;
  lower_begin(g, k, &s);
  int rc = out0(g, k) >= 0 ? lower_set_seq(d, g, out0(g, k), el, m, sq->dtype) : 0;
  free(el);
  return rc ? -1 : done(d, g, &s, added);
}

static int at_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_tensor *sq = seq_in(d, g, k, 0);
  if (!sq) return -1;
  int len = sq->n_elems;
  if (lower_n_inputs(&g->nodes[k]) < 2 || g->nodes[k].inputs[1] < 0)
    return ir_node_fail(d, &g->nodes[k], "input 1 'position' is missing");
  int64_t pos;
  if (position(d, g, k, 1, 0, len, -(int64_t)len, (int64_t)len - 1, &pos)) return -1;
  lower_state s;
  lower_begin(g, k, &s);
  if (lower_connect(d, g, &s, out0(g, k), g->tensors[g->nodes[k].inputs[0]].elems[pos])) return -1;
  return done(d, g, &s, added);
}

static int length_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_tensor *sq = seq_in(d, g, k, 0);
  if (!sq) return -1;
  int64_t len = sq->n_elems;
  lower_state s;
  lower_begin(g, k, &s);
  int y = out0(g, k);
  if (y >= 0) {
    ir_set_shape(&g->tensors[y], IR_I64, 0, NULL);
    if (!ir_alloc_data(&g->tensors[y])) return oom(d);
    *(int64_t *)g->tensors[y].owned = len;
  }
  return done(d, g, &s, added);
}

/* ---- ConcatFromSequence, SplitToSequence ---- */

static int concat_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_tensor *sq = seq_in(d, g, k, 0);
  if (!sq) return -1;
  ir_node *n = &g->nodes[k];
  ir_attr *ax = ir_attr_find(n, "axis");
  if (!ax) return ir_node_fail(d, n, "attribute 'axis' is missing");
  int64_t axis = ir_attr_int(n, "axis", 0), new_axis = ir_attr_int(n, "new_axis", 0);
  if (new_axis != 0 && new_axis != 1) return ir_node_fail(d, n, "attribute 'new_axis' must be 0 or 1");
  int len = sq->n_elems;
  if (len == 0) return ir_node_fail(d, n, "concatenates an empty sequence: the result's shape is unknown");
  int r = g->tensors[sq->elems[0]].rank;
  if (axis < -(r + new_axis) || axis >= r + new_axis)
    return ir_node_fail(d, n, "axis %lld is out of range for rank %d", (long long)axis, (int)(r + new_axis));
  int *el = kiln_malloc((size_t)len * sizeof(int));
  if (!el) return oom(d);
  memcpy(el, sq->elems, (size_t)len * sizeof(int));
  lower_state s;
  lower_begin(g, k, &s);
  int rc = 0, out = -1;
  if (new_axis) {
    rc = lower_stack(d, g, &s, el, len, (int)axis, &out);
  } else {
    int c = lower_add_node(d, g, &s, "Concat", 13, el, len, 1, &out);
    rc = c < 0 || lower_attr_int(d, g, c, "axis", axis);
  }
  free(el);
  if (rc || lower_connect(d, g, &s, out0(g, k), out)) return -1;
  return done(d, g, &s, added);
}

static int split_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_tensor *x = tensor_in(d, g, k, 0);
  if (!x) return -1;
  ir_node *n = &g->nodes[k];
  int64_t axis = ir_attr_int(n, "axis", 0), keep = ir_attr_int(n, "keepdims", 1);
  int ax;
  if (op_axis(d, n, axis, x->rank, &ax)) return -1;
  int64_t dim = x->dims[ax];
  int64_t sizes_buf[1] = {1};
  const int64_t *sizes = NULL;
  int64_t count = 0, chunk = 1;
  int has_split = lower_n_inputs(n) > 1 && n->inputs[1] >= 0;
  int64_t *sz = NULL;
  if (has_split) {
    ir_tensor *sp = tensor_in(d, g, k, 1);
    if (!sp) return -1;
    if ((sp->dtype != IR_I32 && sp->dtype != IR_I64) || sp->rank > 1)
      return ir_node_fail(d, n, "input 1 'split' must be an int32 or int64 scalar or 1-D tensor");
    if (!sp->data)
      return ir_node_fail(d, n, "input 1 'split' must be a constant (computed at compile time); kiln needs "
                          "static shapes");
    if (sp->rank == 0) {
      chunk = ir_get_i64(sp, 0);
      if (chunk <= 0) return ir_node_fail(d, n, "split size %lld must be positive", (long long)chunk);
      count = dim == 0 ? 0 : (dim + chunk - 1) / chunk;
    } else {
      count = sp->dims[0];
      if (!(sz = kiln_malloc((size_t)(count + 1) * sizeof(int64_t)))) return oom(d);
      int64_t sum = 0;
      for (int64_t i = 0; i < count; i++) {
        sz[i] = ir_get_i64(sp, i);
        if (sz[i] < 0) { free(sz); return ir_node_fail(d, n, "split sizes must be >= 0"); }
        sum += sz[i];
      }
      if (sum != dim) {
        free(sz);
        return ir_node_fail(d, n, "split sizes sum to %lld, but axis %d has %lld", (long long)sum, ax,
                            (long long)dim);
      }
      sizes = sz;
    }
  } else {
    count = dim;
    sizes = NULL;
  }
  (void)sizes_buf;
  if (count > LOWER_MAX_NODES) { free(sz); return ir_node_fail(d, n, "splits into %lld tensors, too many", (long long)count); }
  int *el = kiln_malloc((size_t)(count + 1) * sizeof(int));
  if (!el) { free(sz); return oom(d); }
  lower_state s;
  lower_begin(g, k, &s);
  int rc = 0, xid = g->nodes[k].inputs[0];
  int64_t start = 0;
  for (int64_t i = 0; i < count && !rc; i++) {
    int64_t len = sizes ? sizes[i] : has_split ? (start + chunk > dim ? dim - start : chunk) : 1;
    if (!has_split && !keep) { /* one slice along axis, the axis dropped */
      int idx = lower_const_i64(d, g, &s, 0, &start, 1);
      int ins[2] = {xid, idx};
      int nd = idx < 0 ? -1 : lower_add_node(d, g, &s, "Gather", 13, ins, 2, 1, &el[i]);
      rc = nd < 0 || lower_attr_int(d, g, nd, "axis", ax);
    } else {
      int64_t st = start, en = start + len, a = ax;
      int ins[4] = {xid, lower_const_i64(d, g, &s, 1, &st, 1), lower_const_i64(d, g, &s, 1, &en, 1),
                    lower_const_i64(d, g, &s, 1, &a, 1)};
      rc = ins[1] < 0 || ins[2] < 0 || ins[3] < 0 || lower_add_node(d, g, &s, "Slice", 13, ins, 4, 1, &el[i]) < 0;
    }
    start += len;
  }
  if (!rc && out0(g, k) >= 0) rc = lower_set_seq(d, g, out0(g, k), el, (int)count, g->tensors[xid].dtype);
  free(el);
  free(sz);
  return rc ? -1 : done(d, g, &s, added);
}

/* ---- SequenceMap ---- */

static int map_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_node *n = &g->nodes[k];
  ir_attr *ba = ir_attr_find(n, "body");
  if (!ba || ba->type != IR_ATTR_GRAPH || !ba->g) return ir_node_fail(d, n, "attribute 'body' must be a graph");
  ir_graph *body = ba->g;
  int m = lower_n_inputs(n), nout = n->n_outputs;
  if (!seq_in(d, g, k, 0)) return -1;
  if (body->n_inputs != m || body->n_outputs != nout)
    return ir_node_fail(d, n, "body has %d inputs and %d outputs, expected %d and %d", body->n_inputs,
                        body->n_outputs, m, nout);
  int len = g->tensors[n->inputs[0]].n_elems;
  for (int i = 0; i < m; i++) {
    ir_tensor *t = ir_in(g, n, i);
    if (!t) return ir_node_fail(d, n, "input %d is missing", i);
    if (t->vkind == IR_VAL_NONE) return ir_node_fail(d, n, "input %d is an absent optional", i);
    if (t->vkind == IR_VAL_SEQ && t->n_elems != len)
      return ir_node_fail(d, n, "input %d is a sequence of %d tensors, input 0 of %d", i, t->n_elems, len);
  }
  lower_state s;
  lower_begin(g, k, &s);
  int *ins = kiln_malloc((size_t)(m + 1) * sizeof(int)), *outs = kiln_malloc((size_t)(nout + 1) * sizeof(int));
  int *col = kiln_malloc(((size_t)nout * (size_t)len + 1) * sizeof(int));
  int rc = !ins || !outs || !col ? oom(d) : 0;
  for (int e = 0; e < len && !rc; e++) {
    for (int i = 0; i < m; i++) {
      const ir_tensor *t = &g->tensors[g->nodes[k].inputs[i]];
      ins[i] = t->vkind == IR_VAL_SEQ ? t->elems[e] : g->nodes[k].inputs[i];
    }
    char tag[32];
    snprintf(tag, sizeof tag, "elem%d", e);
    if ((rc = lower_inline(d, g, &s, body, ins, m, outs, tag))) break;
    for (int o = 0; o < nout && !rc; o++) {
      if (g->tensors[outs[o]].vkind != IR_VAL_TENSOR)
        rc = ir_node_fail(d, &g->nodes[k], "body output %d is %s; kiln supports sequences of tensors only", o,
                          lower_kind_name(&g->tensors[outs[o]]));
      col[o * len + e] = outs[o];
    }
  }
  for (int o = 0; o < nout && !rc; o++) {
    int y = g->nodes[k].outputs[o];
    ir_dtype dt = len ? g->tensors[col[o * len]].dtype : body->tensors[body->outputs[o]].dtype;
    if (y >= 0) rc = lower_set_seq(d, g, y, col + (size_t)o * (size_t)len, len, dt);
  }
  free(ins);
  free(outs);
  free(col);
  return rc ? -1 : done(d, g, &s, added);
}

/* ---- Optional, OptionalHasElement, OptionalGetElement ---- */

static int optional_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_node *n = &g->nodes[k];
  ir_attr_find(n, "type"); /* the element type of an empty optional: nothing to check at compile time */
  lower_state s;
  lower_begin(g, k, &s);
  int y = out0(g, k);
  if (lower_n_inputs(n) > 0 && n->inputs[0] >= 0) {
    if (g->tensors[n->inputs[0]].vkind == IR_VAL_NONE)
      return ir_node_fail(d, n, "input 0 is already an optional");
    if (lower_connect(d, g, &s, y, n->inputs[0])) return -1;
  } else if (y >= 0) {
    g->tensors[y].vkind = IR_VAL_NONE;
  }
  return done(d, g, &s, added);
}

static int has_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_node *n = &g->nodes[k];
  int has = lower_n_inputs(n) > 0 && n->inputs[0] >= 0 && g->tensors[n->inputs[0]].vkind != IR_VAL_NONE;
  lower_state s;
  lower_begin(g, k, &s);
  int y = out0(g, k);
  if (y >= 0) {
    ir_set_shape(&g->tensors[y], IR_BOOL, 0, NULL);
    if (!ir_alloc_data(&g->tensors[y])) return oom(d);
    *(unsigned char *)g->tensors[y].owned = (unsigned char)has;
  }
  return done(d, g, &s, added);
}

static int get_lower(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_node *n = &g->nodes[k];
  if (lower_n_inputs(n) < 1 || n->inputs[0] < 0) return ir_node_fail(d, n, "input 0 is missing");
  if (g->tensors[n->inputs[0]].vkind == IR_VAL_NONE)
    return ir_node_fail(d, n, "input 0 '%s' is an empty optional, which has no element to get",
                        g->tensors[n->inputs[0]].name);
  lower_state s;
  lower_begin(g, k, &s);
  if (lower_connect(d, g, &s, out0(g, k), g->nodes[k].inputs[0])) return -1;
  return done(d, g, &s, added);
}

#define SEQ_OP(id, sv, attrs_, fn) \
  const op_def op_##id = {.name = #id, .domain = "", .since = sv, .until = 0, .attrs = attrs_, \
                          .infer = lowered_infer, .lower = fn}

SEQ_OP(SequenceEmpty, 11, "dtype", empty_lower);
SEQ_OP(SequenceConstruct, 11, "", construct_lower);
SEQ_OP(SequenceInsert, 11, "", insert_lower);
SEQ_OP(SequenceErase, 11, "", erase_lower);
SEQ_OP(SequenceAt, 11, "", at_lower);
SEQ_OP(SequenceLength, 11, "", length_lower);
SEQ_OP(ConcatFromSequence, 11, "axis new_axis", concat_lower);
SEQ_OP(SplitToSequence, 11, "axis keepdims", split_lower);
SEQ_OP(SequenceMap, 17, "body __captures", map_lower);
SEQ_OP(Optional, 15, "type", optional_lower);
SEQ_OP(OptionalHasElement, 15, "", has_lower);
SEQ_OP(OptionalGetElement, 15, "", get_lower);
