/* pad.c - Pad: modes constant, edge, reflect (and wrap, opset 19).
 *
 * Versions: pads are the `paddings` attribute in opset 1, `pads` attribute
 * in 2-10 (with float `value`), a constant int64 input from 11 (with an
 * optional constant_value input of the data type) and may address a subset
 * of `axes` from 18. pads = [begin_0, begin_1, ..., end_0, end_1, ...].
 * Negative pads crop. A crop is applied first and the positive pads then
 * pad the cropped region (so reflect/wrap mirror what remains, as ONNX
 * Runtime does). Reflect mirrors without repeating the edge, periodically
 * when a pad is longer than the axis (numpy 'reflect').
 *
 * A constant_value computed at run time (one element) is copied into a
 * local copy of the node's parameters before the call.
 *
 * Kernel kiln_pad__c works row by row; the compiler merges adjacent axes
 * that are not padded (and, in constant mode, an unpadded axis into the
 * padded one before it) so rows are as long as possible.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/copy.h"

#include <stdio.h>
#include <string.h>

typedef struct pad_spec {
  int mode;
  int64_t begin[IR_MAX_RANK], end[IR_MAX_RANK]; /* ONNX pads per axis, may be negative */
  unsigned char value[8];
} pad_spec;

static int pad_spec_get(kiln_diag *d, ir_graph *g, ir_node *n, pad_spec *s) {
  ir_tensor *x = ir_in(g, n, 0);
  int r = x->rank;
  memset(s, 0, sizeof *s);
  const char *mode = ir_attr_str(n, "mode", "constant");
  if (strcmp(mode, "constant") == 0) s->mode = KILN_PAD_CONSTANT;
  else if (strcmp(mode, "edge") == 0) s->mode = KILN_PAD_EDGE;
  else if (strcmp(mode, "reflect") == 0) s->mode = KILN_PAD_REFLECT;
  else if (strcmp(mode, "wrap") == 0 && n->opset >= 19) s->mode = KILN_PAD_WRAP;
  else
    return ir_node_fail(d, n, "mode '%s' is not supported (constant, reflect, edge%s)", mode,
                        n->opset >= 19 ? ", wrap" : "; wrap needs opset 19");

  int64_t pads[2 * IR_MAX_RANK], axes[IR_MAX_RANK];
  int np, na = r;
  for (int i = 0; i < r; i++) axes[i] = i;
  if (n->opset < 11) {
    const char *pname = n->opset < 2 ? "paddings" : "pads";
    ir_attr *a = ir_attr_find(n, pname);
    if (!a || a->type != IR_ATTR_INTS)
      return ir_node_fail(d, n, "attribute '%s' (ints) is required before opset 11", pname);
    if (a->n != 2 * r)
      return ir_node_fail(d, n, "'%s' has %d entries; expected 2 * rank = %d", pname, a->n, 2 * r);
    for (int i = 0; i < a->n; i++) pads[i] = a->ints[i];
    np = a->n;
    ir_put_f64(s->value, x->dtype, 0, ir_attr_float(n, "value", 0.0f));
  } else {
    if (ir_attr_find(n, "pads") || ir_attr_find(n, "value") || ir_attr_find(n, "paddings"))
      return ir_node_fail(d, n, "pads and the constant value are inputs from opset 11, not attributes");
    ir_tensor *p = ir_in(g, n, 1);
    if (!p) return ir_node_fail(d, n, "input 1 'pads' is required");
    if (p->dtype != IR_I64)
      return ir_node_fail(d, n, "input 1 'pads' has dtype %s; expected int64", ir_dtype_name(p->dtype));
    if (!p->data)
      return ir_node_fail(d, n, "input 1 'pads' must be a constant (computed at compile time); kiln "
                          "needs static shapes");
    int64_t k = ir_numel(p);
    if (p->rank != 1 || k > 2 * IR_MAX_RANK || p->nbytes < (size_t)k * 8)
      return ir_node_fail(d, n, "input 1 'pads' must be 1-D with 2 * rank entries");
    np = (int)k;
    for (int i = 0; i < np; i++) pads[i] = ir_get_i64(p, i);
    ir_tensor *cv = ir_in(g, n, 2);
    if (cv) {
      if (cv->dtype != x->dtype)
        return ir_node_fail(d, n, "input 2 'constant_value' has dtype %s but the data is %s",
                            ir_dtype_name(cv->dtype), ir_dtype_name(x->dtype));
      if (ir_numel(cv) != 1)
        return ir_node_fail(d, n, "input 2 'constant_value' must be a scalar (one element)");
      if (cv->data && cv->nbytes < ir_dtype_size(cv->dtype))
        return ir_node_fail(d, n, "input 2 'constant_value' has too few bytes");
      if (cv->data) memcpy(s->value, cv->data, ir_dtype_size(cv->dtype)); /* else: at run time */
    }
    ir_tensor *at = ir_in(g, n, 3);
    if (at) {
      if (n->opset < 18) return ir_node_fail(d, n, "input 3 'axes' needs opset 18");
      if (at->dtype != IR_I64 && at->dtype != IR_I32)
        return ir_node_fail(d, n, "input 3 'axes' has dtype %s; expected int64", ir_dtype_name(at->dtype));
      if (!at->data)
        return ir_node_fail(d, n, "input 3 'axes' must be a constant (computed at compile time); "
                            "kiln needs static shapes");
      int64_t m = ir_numel(at);
      if (at->rank != 1 || m > r || at->nbytes < (size_t)m * ir_dtype_size(at->dtype))
        return ir_node_fail(d, n, "input 3 'axes' must be 1-D with at most rank = %d entries", r);
      na = (int)m;
      int seen[IR_MAX_RANK] = {0};
      for (int i = 0; i < na; i++) {
        int64_t v = ir_get_i64(at, i);
        if (v < -r || v >= r)
          return ir_node_fail(d, n, "axes[%d] = %lld is out of range for rank %d", i, (long long)v, r);
        if (v < 0) v += r;
        if (seen[v]) return ir_node_fail(d, n, "axis %lld appears twice in axes", (long long)v);
        seen[v] = 1;
        axes[i] = v;
      }
    }
    if (np != 2 * na)
      return ir_node_fail(d, n, "input 1 'pads' has %d entries; expected 2 * %d", np, na);
  }
  for (int i = 0; i < na; i++) {
    s->begin[axes[i]] = pads[i];
    s->end[axes[i]] = pads[na + i];
  }
  for (int a = 0; a < r; a++) {
    int64_t pb = s->begin[a], pe = s->end[a], dim = x->dims[a];
    int64_t lim = (int64_t)1 << 48; /* keeps every sum below exact */
    if (pb > lim || pe > lim || pb < -lim || pe < -lim)
      return ir_node_fail(d, n, "pads of axis %d are too large", a);
    int64_t m = dim - (pb < 0 ? -pb : 0) - (pe < 0 ? -pe : 0);
    if (m < 0)
      return ir_node_fail(d, n, "pads %lld, %lld crop more than axis %d has (%lld)", (long long)pb,
                          (long long)pe, a, (long long)dim);
  }
  return 0;
}

static int pad_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (x->dtype == IR_STRING || ir_dtype_size(x->dtype) == 0)
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s; kiln supports numeric and bool tensors "
                        "only", x->name, ir_dtype_name(x->dtype));
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  pad_spec s;
  if (pad_spec_get(d, g, n, &s) < 0) return -1;
  int64_t dims[IR_MAX_RANK], empty_src = 0;
  for (int a = 0; a < x->rank; a++) {
    dims[a] = x->dims[a] + s.begin[a] + s.end[a];
    if (x->dims[a] - (s.begin[a] < 0 ? -s.begin[a] : 0) - (s.end[a] < 0 ? -s.end[a] : 0) == 0)
      empty_src = 1;
  }
  ir_set_shape(y, x->dtype, x->rank, dims);
  int64_t numel = ir_numel(y);
  if (numel < 0) return ir_node_fail(d, n, "output is too large");
  if (empty_src && numel > 0 && s.mode != KILN_PAD_CONSTANT)
    return ir_node_fail(d, n, "mode '%s' cannot pad an empty input (use constant mode)",
                        ir_attr_str(n, "mode", "constant"));
  return 0;
}

static int pad_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_pad_params *p) {
  ir_tensor *x = ir_in(g, n, 0);
  pad_spec s;
  if (pad_spec_get(d, g, n, &s) < 0) return -1;
  int64_t e = (int64_t)ir_dtype_size(x->dtype), st[IR_MAX_RANK];
  kiln_copy_strides(x->rank, x->dims, st);
  memset(p, 0, sizeof *p);
  p->mode = s.mode;
  p->elem = e;
  memcpy(p->value, s.value, sizeof p->value);
  int r = 0;
  for (int a = 0; a < x->rank; a++) {
    int64_t pb = s.begin[a], pe = s.end[a], cb = pb < 0 ? -pb : 0, ce = pe < 0 ? -pe : 0;
    int64_t m = x->dims[a] - cb - ce, lead = pb > 0 ? pb : 0, out = m + lead + (pe > 0 ? pe : 0);
    p->xoff += cb * st[a] * e;
    int plain = pb == 0 && pe == 0;
    /* Merge an unpadded axis into the previous one when that keeps the
     * mapping: always if the previous is unpadded too, and in constant mode
     * (where a row is either all source or all fill) also if it is padded. */
    if (r > 0 && plain && (s.mode == KILN_PAD_CONSTANT || (p->xdims[r - 1] == p->ydims[r - 1] &&
                                                           p->pad[r - 1] == 0))) {
      p->xdims[r - 1] *= m;
      p->ydims[r - 1] *= m;
      p->pad[r - 1] *= m;
      p->xs[r - 1] = st[a] * e;
      continue;
    }
    p->xdims[r] = m;
    p->ydims[r] = out;
    p->pad[r] = lead;
    p->xs[r] = st[a] * e;
    r++;
  }
  if (r == 0) { /* scalar */
    p->xdims[0] = p->ydims[0] = 1;
    p->xs[0] = e;
    r = 1;
  }
  p->rank = r;
  return 0;
}

static int pad_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_pad_params p;
  if (pad_plan(d, g, n, &p) < 0) return -1;
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_pad__c(&p, ir_in(g, n, 0)->data, out);
  return 0;
}

static const char *i64s(char *buf, size_t n, const int64_t *v) {
  size_t off = 0;
  for (int i = 0; i < IR_MAX_RANK && off < n; i++) {
    int w = snprintf(buf + off, n - off, "%s%lld%s", i ? ", " : "{", (long long)v[i],
                     i == IR_MAX_RANK - 1 ? "}" : "");
    if (w < 0) break;
    off += (size_t)w;
  }
  return buf;
}

static int pad_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_pad_params p;
  if (pad_plan(emit_diag(e), g, n, &p) < 0) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_pad__c") < 0) return -1;
  char id[64], a[256], b[256], c[256], s[256];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_pad_params %s_p = {%d, %d, %lld, %s, %s, %s, %s, %lld, "
            "{%u, %u, %u, %u, %u, %u, %u, %u}};\n", id, p.rank, p.mode, (long long)p.elem,
            i64s(a, sizeof a, p.xdims), i64s(b, sizeof b, p.ydims), i64s(c, sizeof c, p.pad),
            i64s(s, sizeof s, p.xs), (long long)p.xoff, p.value[0], p.value[1], p.value[2],
            p.value[3], p.value[4], p.value[5], p.value[6], p.value[7]);
  const ir_tensor *cv = n->opset >= 11 ? ir_in(g, n, 2) : NULL;
  if (cv && !cv->data) { /* constant_value computed at run time */
    char v[160];
    snprintf(v, sizeof v, "%s", emit_bytes(e, n->inputs[2]));
    emit_code(e, "{\n  kiln_pad_params p_ = %s_p;\n  memcpy(p_.value, %s, %lld);\n", id, v,
              (long long)p.elem);
    emit_code(e, "  kiln_pad__c(&p_, %s, %s);\n}\n", emit_bytes(e, n->inputs[0]),
              emit_bytes(e, n->outputs[0]));
    return 0;
  }
  emit_code(e, "kiln_pad__c(&%s_p, %s, %s);\n", id, emit_bytes(e, n->inputs[0]),
            emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_Pad = {
  .name = "Pad", .domain = "", .since = 1, .until = 0, .attrs = "mode pads value paddings",
  .infer = pad_infer, .eval = pad_eval, .emit = pad_emit, .flags = 0,
};
