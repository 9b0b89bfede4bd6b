/* ops_common.c - helpers shared by operator files. */
#include "op.h"
#include "../emit/emit.h"
#include "../emit/target.h"

#include <math.h>
#include <stdlib.h>

#include <stdio.h>
#include <string.h>

int op_broadcast_shape(kiln_diag *d, const ir_node *n, const ir_tensor *const *ins, int n_ins,
                       int *rank, int64_t *dims) {
  int r = 0;
  for (int i = 0; i < n_ins; i++)
    if (ins[i] && ins[i]->rank > r) r = ins[i]->rank;
  if (r > IR_MAX_RANK) return ir_node_fail(d, n, "rank %d exceeds kiln's limit of %d", r, IR_MAX_RANK);
  for (int k = 0; k < r; k++) {
    int64_t dim = 1;
    for (int i = 0; i < n_ins; i++) {
      const ir_tensor *t = ins[i];
      if (!t) continue;
      int j = k - (r - t->rank);
      if (j < 0) continue;
      int64_t v = t->dims[j];
      if (v == dim || v == 1) continue;
      if (dim == 1) { dim = v; continue; }
      char a[96], b[96];
      return ir_node_fail(d, n, "inputs cannot be broadcast together: shape %s vs %s",
                          ir_shape_str(ins[0], a, sizeof a), ir_shape_str(t, b, sizeof b));
    }
    dims[k] = dim;
  }
  *rank = r;
  return 0;
}

int op_axis(kiln_diag *d, const ir_node *n, int64_t axis, int rank, int *out) {
  if (axis < -(int64_t)rank || axis >= (int64_t)(rank ? rank : 1))
    return ir_node_fail(d, n, "axis %lld is out of range for rank %d", (long long)axis, rank);
  *out = (int)(axis < 0 ? axis + rank : axis);
  return 0;
}

int op_check_dtype(kiln_diag *d, const ir_node *n, const ir_tensor *t, int idx, const ir_dtype *ok) {
  char list[256];
  size_t off = 0;
  list[0] = 0;
  for (const ir_dtype *p = ok; *p; p++) {
    if (t->dtype == *p) return 0;
    int k = snprintf(list + off, sizeof list - off, "%s%s", off ? ", " : "", ir_dtype_name(*p));
    if (k > 0 && (size_t)k < sizeof list - off) off += (size_t)k;
  }
  return ir_node_fail(d, n, "input %d '%s' has dtype %s; supported: %s", idx, t->name,
                      ir_dtype_name(t->dtype), list);
}

int op_need_inputs(kiln_diag *d, const ir_graph *g, const ir_node *n, int lo, int hi) {
  for (int i = lo; i <= hi; i++) {
    if (i >= n->n_inputs || n->inputs[i] < 0)
      return ir_node_fail(d, n, "input %d is missing (expected at least %d inputs)", i, hi + 1);
    if (g->tensors[n->inputs[i]].rank < 0)
      return ir_node_fail(d, n, "input %d '%s' has an unknown shape; bind it with --shape",
                          i, g->tensors[n->inputs[i]].name);
  }
  return 0;
}

/* Fills b for an output of shape (rank, dims) and n_in <= 3 operands.
 * Strides are in elements, 0 along broadcast dims. Coalesced: output dims
 * of size 1 are dropped, and a dim merges into the one before it when every
 * operand is contiguous across the pair; rank >= 1. */
void op_bcast_init(kiln_bcast *b, int rank, const int64_t *dims, int n_in, const op_bshape *in) {
  int64_t st[3][IR_MAX_RANK];
  memset(b, 0, sizeof *b);
  for (int i = 0; i < n_in; i++) {
    int64_t s = 1;
    for (int k = 0; k < rank; k++) st[i][k] = 0;
    for (int j = in[i].rank - 1; j >= 0; j--) {
      int k = in[i].off + j;
      if (in[i].dims[j] != 1 && k >= 0 && k < rank) st[i][k] = s;
      s *= in[i].dims[j];
    }
  }
  b->n = 1;
  for (int k = 0; k < rank; k++) {
    b->n *= dims[k];
    if (dims[k] == 1) continue;
    int r = b->rank, merge = r > 0;
    for (int i = 0; i < n_in && merge; i++)
      if (b->stride[i][r - 1] != st[i][k] * dims[k]) merge = 0;
    if (merge) {
      b->dims[r - 1] *= dims[k];
      for (int i = 0; i < n_in; i++) b->stride[i][r - 1] = st[i][k];
    } else {
      b->dims[r] = dims[k];
      for (int i = 0; i < n_in; i++) b->stride[i][r] = st[i][k];
      b->rank++;
    }
  }
  if (b->rank == 0) { /* every dim is 1 (or rank 0): one element */
    b->rank = 1;
    b->dims[0] = 1;
  }
}

/* ---- fused epilogues (Conv, Gemm, MatMul) ---- */

void op_act_from_node(const ir_node *n, kiln_act *a) {
  /* ir_act and the KILN_ACT_* kinds have the same values by construction. */
  a->kind = (int)n->act;
  a->alpha = n->act_alpha;
  a->beta = n->act_beta;
}

const char *op_f32_literal(float v, char *buf, size_t size) {
  if (isnan(v)) {
    snprintf(buf, size, "NAN");
  } else if (isinf(v)) {
    snprintf(buf, size, v > 0 ? "INFINITY" : "(-INFINITY)");
  } else {
    char t[48];
    snprintf(t, sizeof t, "%.9g", (double)v); /* 9 digits round-trip a float */
    snprintf(buf, size, "%s%sf", t, strpbrk(t, ".e") ? "" : ".0");
  }
  return buf;
}

const char *op_act_literal(const kiln_act *a, char *buf, size_t size) {
  static const char *const names[] = {"KILN_ACT_NONE", "KILN_ACT_RELU", "KILN_ACT_CLIP",
                                      "KILN_ACT_SIGMOID", "KILN_ACT_LEAKY_RELU",
                                      "KILN_ACT_HARD_SIGMOID", "KILN_ACT_HARD_SWISH",
                                      "KILN_ACT_TANH", "KILN_ACT_SILU"};
  char x[48], y[48];
  if (a->kind >= 0 && a->kind < (int)(sizeof names / sizeof names[0]))
    snprintf(buf, size, "{%s, %s, %s}", names[a->kind], op_f32_literal(a->alpha, x, sizeof x),
             op_f32_literal(a->beta, y, sizeof y));
  else
    snprintf(buf, size, "{%d, %s, %s}", a->kind, op_f32_literal(a->alpha, x, sizeof x),
             op_f32_literal(a->beta, y, sizeof y));
  return buf;
}

/* The fused residual must be a float32 tensor of exactly the output's shape
 * (the fusion pass guarantees it; checked so a bad graph fails cleanly). */
int op_check_fused_add(kiln_diag *d, ir_graph *g, const ir_node *n, const ir_tensor *y) {
  if (n->fused_add < 0) return 0;
  if (n->fused_add >= g->n_tensors) return ir_node_fail(d, n, "fused residual tensor is invalid");
  const ir_tensor *r = &g->tensors[n->fused_add];
  int same = r->dtype == IR_F32 && r->rank == y->rank;
  for (int i = 0; same && i < y->rank; i++) same = r->dims[i] == y->dims[i];
  if (!same) {
    char a[96], b[96];
    return ir_node_fail(d, n, "fused residual '%s' (%s %s) must be float32 with the output's shape %s",
                        r->name, ir_dtype_name(r->dtype), ir_shape_str(r, a, sizeof a),
                        ir_shape_str(y, b, sizeof b));
  }
  return 0;
}

/* Residual data for eval (NULL when there is none); fails if not constant. */
int op_fused_add_data(kiln_diag *d, ir_graph *g, const ir_node *n, const float **r) {
  *r = NULL;
  if (n->fused_add < 0) return 0;
  const ir_tensor *t = &g->tensors[n->fused_add];
  if (!t->data) return ir_node_fail(d, n, "fused residual '%s' is not constant; cannot fold", t->name);
  *r = t->data;
  return 0;
}

/* Copies emit_ref's ring-buffer string into buf; "NULL" for t < 0. */
int op_emit_ref(emit_ctx *e, int t, char *buf, size_t size) {
  if (t < 0) {
    snprintf(buf, size, "NULL");
    return 0;
  }
  const char *s = emit_ref(e, t);
  if (!s) return -1;
  snprintf(buf, size, "%s", s);
  return 0;
}

/* ---- windows (Conv and the pools) ---- */

/* Bound attribute values so window arithmetic cannot overflow int64. */
#define WINDOW_MAX ((int64_t)1 << 31)

int op_window(kiln_diag *d, ir_node *n, int sp, const int64_t *in, const int64_t *k,
              int ceil_mode, int use_dilations, int64_t *stride, int64_t *dil, int64_t *pad_b,
              int64_t *pad_e, int64_t *out) {
  const int64_t *v;
  int cnt;
  for (int i = 0; i < sp; i++) {
    stride[i] = dil[i] = 1;
    pad_b[i] = pad_e[i] = 0;
    if (k[i] < 1 || k[i] > WINDOW_MAX)
      return ir_node_fail(d, n, "kernel size %lld along spatial axis %d is out of range",
                          (long long)k[i], i);
  }
  cnt = ir_attr_ints(n, "strides", &v);
  if (cnt >= 0) {
    if (cnt != sp)
      return ir_node_fail(d, n, "attribute 'strides' has %d values, expected %d", cnt, sp);
    for (int i = 0; i < sp; i++) {
      if (v[i] < 1 || v[i] > WINDOW_MAX)
        return ir_node_fail(d, n, "strides must be >= 1 (got %lld)", (long long)v[i]);
      stride[i] = v[i];
    }
  }
  if (use_dilations) {
    cnt = ir_attr_ints(n, "dilations", &v);
    if (cnt >= 0) {
      if (cnt != sp)
        return ir_node_fail(d, n, "attribute 'dilations' has %d values, expected %d", cnt, sp);
      for (int i = 0; i < sp; i++) {
        if (v[i] < 1 || v[i] > WINDOW_MAX)
          return ir_node_fail(d, n, "dilations must be >= 1 (got %lld)", (long long)v[i]);
        dil[i] = v[i];
      }
    }
  }
  const char *ap = ir_attr_str(n, "auto_pad", "NOTSET");
  enum { NOTSET, SAME_UPPER, SAME_LOWER, VALID } mode;
  if (!strcmp(ap, "NOTSET") || !*ap) mode = NOTSET;
  else if (!strcmp(ap, "SAME_UPPER")) mode = SAME_UPPER;
  else if (!strcmp(ap, "SAME_LOWER")) mode = SAME_LOWER;
  else if (!strcmp(ap, "VALID")) mode = VALID;
  else
    return ir_node_fail(d, n, "auto_pad '%s' is not supported (expected NOTSET, SAME_UPPER, "
                        "SAME_LOWER or VALID)", ap);
  cnt = ir_attr_ints(n, "pads", &v);
  if (cnt >= 0) {
    if (cnt != 2 * sp)
      return ir_node_fail(d, n, "attribute 'pads' has %d values, expected %d", cnt, 2 * sp);
    for (int i = 0; i < 2 * sp; i++) {
      if (v[i] < 0 || v[i] > WINDOW_MAX)
        return ir_node_fail(d, n, "pads must be >= 0 (got %lld)", (long long)v[i]);
      if (mode != NOTSET && v[i] != 0)
        return ir_node_fail(d, n, "explicit pads cannot be combined with auto_pad=%s", ap);
    }
    if (mode == NOTSET)
      for (int i = 0; i < sp; i++) {
        pad_b[i] = v[i];
        pad_e[i] = v[i + sp];
      }
  }
  for (int i = 0; i < sp; i++) {
    const int64_t s = stride[i], ek = (k[i] - 1) * dil[i] + 1;
    if (mode == SAME_UPPER || mode == SAME_LOWER) {
      /* output = ceil(in / stride); the total pad is split evenly, the odd
       * one going to the end (UPPER) or the beginning (LOWER) */
      out[i] = (in[i] + s - 1) / s;
      int64_t total = (out[i] - 1) * s + ek - in[i];
      if (total < 0) total = 0;
      pad_b[i] = mode == SAME_UPPER ? total / 2 : total - total / 2;
      pad_e[i] = total - pad_b[i];
    } else {
      const int64_t span = in[i] + pad_b[i] + pad_e[i] - ek;
      if (span < 0)
        return ir_node_fail(d, n, "the window (%lld with dilation) is larger than the padded "
                            "input (%lld) along spatial axis %d", (long long)ek,
                            (long long)(in[i] + pad_b[i] + pad_e[i]), i);
      out[i] = span / s + 1;
      if (ceil_mode && span % s != 0) {
        out[i]++;
        /* the last window must start inside the input or the leading pad */
        if ((out[i] - 1) * s >= in[i] + pad_b[i]) out[i]--;
      }
    }
  }
  return 0;
}

/* ---- reductions (ReduceX, ReduceL1..SumSquare) ---- */

int op_reduce_axes(kiln_diag *d, ir_graph *g, ir_node *n, int since, int r, int *red) {
  int noop = 0, cnt = 0;
  int64_t axes[IR_MAX_RANK];
  if (n->opset < since) {
    const int64_t *v;
    if (ir_has_in(n, 1))
      return ir_node_fail(d, n, "input 1 'axes' is not accepted before opset %d (use the 'axes' "
                          "attribute)", since);
    if (ir_attr_find(n, "noop_with_empty_axes"))
      return ir_node_fail(d, n, "attribute 'noop_with_empty_axes' requires opset %d or later",
                          since);
    cnt = ir_attr_ints(n, "axes", &v);
    if (cnt > IR_MAX_RANK) return ir_node_fail(d, n, "too many axes (%d)", cnt);
    for (int i = 0; i < cnt; i++) axes[i] = v[i];
  } else {
    if (ir_attr_find(n, "axes"))
      return ir_node_fail(d, n, "attribute 'axes' became input 1 in opset %d", since);
    noop = ir_attr_int(n, "noop_with_empty_axes", 0) != 0;
    const ir_tensor *t = ir_in(g, n, 1);
    if (t) {
      if (!t->data)
        return ir_node_fail(d, n, "input 1 'axes' must be a constant (computed at compile time); "
                            "kiln needs static shapes");
      if (!ir_dtype_is_int(t->dtype) || t->rank > 1)
        return ir_node_fail(d, n, "input 1 'axes' must be a 1-D int64 tensor");
      int64_t ne = ir_numel(t);
      if (ne < 0 || ne > IR_MAX_RANK) return ir_node_fail(d, n, "input 1 'axes' has too many values");
      cnt = (int)ne;
      for (int i = 0; i < cnt; i++) axes[i] = ir_get_i64(t, i);
    }
  }
  if (cnt <= 0) {
    for (int i = 0; i < r; i++) red[i] = !noop;
  } else {
    for (int i = 0; i < cnt; i++) {
      int a = 0;
      if (op_axis(d, n, axes[i], r, &a)) return -1;
      if (red[a]) return ir_node_fail(d, n, "axis %lld appears twice in axes", (long long)axes[i]);
      red[a] = 1;
    }
  }
  return 0;
}

const char *op_gemm_isa(unsigned isa, int64_t *nr) {
  if (isa & KILN_ISA_AVX512) return *nr = 64, "avx512";
  if (isa & KILN_ISA_AVX2) return *nr = 16, "avx2";
  if (isa & KILN_ISA_NEON) return *nr = 16, "neon";
  return *nr = 0, NULL;
}
