/* convtranspose.c - ONNX ConvTranspose (float32, NCHW, 1-D to 3-D), with
 * group, strides, dilations, pads, output_padding, output_shape, auto_pad
 * and the optional bias B; also Col2Im and MaxUnpool, the other scatters
 * (see their sections below).
 *
 * Natural output size along an axis:
 *   stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - pad_begin - pad_end.
 * With output_shape (spatial dims, or all N, C, ... dims) or auto_pad SAME_*
 * (output in * stride) the total padding natural - out is split as the spec
 * says: SAME_UPPER puts floor(total / 2) at the beginning, SAME_LOWER and
 * NOTSET put total - floor(total / 2) there; explicit pads with output_shape
 * are kept as given (the ONNX reference). VALID means no padding.
 * W is read at run time as given (c_in, c_out / group, k...); no packing.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/convtranspose.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CT_MAX ((int64_t)1 << 31)

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};

static int64_t floordiv2(int64_t v) { return v >= 0 ? v / 2 : -((-v + 1) / 2); }

static int ct_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_convt_params *p, int64_t *ydims) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *w = ir_in(g, n, 1), *b = ir_in(g, n, 2);
  if (op_check_dtype(d, n, x, 0, f32_only) || op_check_dtype(d, n, w, 1, f32_only)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank < 3 || x->rank > 5)
    return ir_node_fail(d, n, "input 0 'X' has rank %d; ConvTranspose supports 1-D, 2-D and 3-D "
                        "(rank 3 to 5, NCHW)", x->rank);
  const int sp = x->rank - 2;
  if (w->rank != x->rank)
    return ir_node_fail(d, n, "input 1 'W' has rank %d, expected %d", w->rank, x->rank);
  const int64_t group = ir_attr_int(n, "group", 1);
  if (group < 1 || group > CT_MAX)
    return ir_node_fail(d, n, "attribute 'group' = %lld must be >= 1", (long long)group);
  const int64_t cin = x->dims[1];
  if (w->dims[0] != cin)
    return ir_node_fail(d, n, "input 1 'W' has %lld input channels (dim 0) but X has %lld",
                        (long long)w->dims[0], (long long)cin);
  if (cin % group)
    return ir_node_fail(d, n, "X has %lld channels, not divisible by group %lld", (long long)cin,
                        (long long)group);
  if (w->dims[1] > CT_MAX) return ir_node_fail(d, n, "input 1 'W' is too large");
  const int64_t cout = w->dims[1] * group;
  if (b) {
    if (op_check_dtype(d, n, b, 2, f32_only)) return -1;
    if (b->rank != 1 || b->dims[0] != cout)
      return ir_node_fail(d, n, "input 2 'B' must have shape [%lld]", (long long)cout);
  }
  int64_t k[3], s[3], dl[3], op[3], pb[3], pe[3], out[3];
  const int64_t *v;
  int cnt = ir_attr_ints(n, "kernel_shape", &v);
  if (cnt >= 0 && cnt != sp)
    return ir_node_fail(d, n, "attribute 'kernel_shape' has %d values, expected %d", cnt, sp);
  for (int i = 0; i < sp; i++) {
    k[i] = w->dims[2 + i];
    if (cnt >= 0 && v[i] != k[i])
      return ir_node_fail(d, n, "attribute 'kernel_shape' %lld along axis %d disagrees with W's "
                          "%lld", (long long)v[i], i, (long long)k[i]);
    if (k[i] < 1 || k[i] > CT_MAX)
      return ir_node_fail(d, n, "kernel size %lld along spatial axis %d is out of range",
                          (long long)k[i], i);
    s[i] = dl[i] = 1;
    op[i] = pb[i] = pe[i] = 0;
  }
  static const char *const names[3] = {"strides", "dilations", "output_padding"};
  int64_t *dst[3] = {s, dl, op};
  for (int a = 0; a < 3; a++) {
    cnt = ir_attr_ints(n, names[a], &v);
    if (cnt < 0) continue;
    if (cnt != sp)
      return ir_node_fail(d, n, "attribute '%s' has %d values, expected %d", names[a], cnt, sp);
    for (int i = 0; i < sp; i++) {
      if (v[i] < (a == 2 ? 0 : 1) || v[i] > CT_MAX)
        return ir_node_fail(d, n, "attribute '%s' value %lld is out of range", names[a],
                            (long long)v[i]);
      dst[a][i] = v[i];
    }
  }
  const char *ap = ir_attr_str(n, "auto_pad", "NOTSET");
  int mode; /* 0 NOTSET, 1 SAME_UPPER, 2 SAME_LOWER, 3 VALID */
  if (!strcmp(ap, "NOTSET")) mode = 0;
  else if (!strcmp(ap, "SAME_UPPER")) mode = 1;
  else if (!strcmp(ap, "SAME_LOWER")) mode = 2;
  else if (!strcmp(ap, "VALID")) mode = 3;
  else
    return ir_node_fail(d, n, "attribute 'auto_pad' = '%s' is not supported (supported: NOTSET, "
                        "SAME_UPPER, SAME_LOWER, VALID)", ap);
  const int64_t *pv;
  int npads = ir_attr_ints(n, "pads", &pv);
  if (npads >= 0) {
    if (npads != 2 * sp)
      return ir_node_fail(d, n, "attribute 'pads' has %d values, expected %d", npads, 2 * sp);
    for (int i = 0; i < 2 * sp; i++)
      if (pv[i] < 0 || pv[i] > CT_MAX)
        return ir_node_fail(d, n, "attribute 'pads' value %lld is out of range", (long long)pv[i]);
  }
  const int64_t *osv;
  int nos = ir_attr_ints(n, "output_shape", &osv);
  if (nos >= 0) {
    if (nos != sp && nos != sp + 2)
      return ir_node_fail(d, n, "attribute 'output_shape' has %d values, expected %d", nos, sp);
    osv += nos - sp;
  }
  for (int i = 0; i < sp; i++) {
    const int64_t in = x->dims[2 + i];
    if (in > CT_MAX) return ir_node_fail(d, n, "input 0 'X' is too large");
    const int64_t nat = s[i] * (in - 1) + op[i] + (k[i] - 1) * dl[i] + 1;
    if (nos >= 0 || mode == 1 || mode == 2) {
      if (nos >= 0) {
        if (osv[i] < 1 || osv[i] > CT_MAX)
          return ir_node_fail(d, n, "attribute 'output_shape' value %lld is out of range",
                              (long long)osv[i]);
        out[i] = osv[i];
      } else {
        out[i] = in * s[i];
      }
      if (nos >= 0 && npads >= 0 && mode == 0) {
        pb[i] = pv[i];
        pe[i] = pv[sp + i];
      } else {
        const int64_t total = nat - out[i];
        pb[i] = mode == 1 ? floordiv2(total) : total - floordiv2(total);
        pe[i] = total - pb[i];
      }
    } else {
      if (mode == 0 && npads >= 0) {
        pb[i] = pv[i];
        pe[i] = pv[sp + i];
      }
      out[i] = nat - pb[i] - pe[i];
    }
    if (out[i] < 1)
      return ir_node_fail(d, n, "output size %lld along spatial axis %d is not positive",
                          (long long)out[i], i);
  }
  p->n = x->dims[0];
  p->c_in = cin;
  p->c_out = cout;
  p->group = group;
  for (int i = 0; i < 3; i++) {
    const int j = i - (3 - sp);
    p->in[i] = j >= 0 ? x->dims[2 + j] : 1;
    p->out[i] = j >= 0 ? out[j] : 1;
    p->k[i] = j >= 0 ? k[j] : 1;
    p->stride[i] = j >= 0 ? s[j] : 1;
    p->pad[i] = j >= 0 ? pb[j] : 0;
    p->dil[i] = j >= 0 ? dl[j] : 1;
  }
  ydims[0] = x->dims[0];
  ydims[1] = cout;
  for (int i = 0; i < sp; i++) ydims[2 + i] = out[i];
  return 0;
}

static int ct_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_convt_params p;
  int64_t dims[IR_MAX_RANK];
  if (ct_plan(d, g, n, &p, dims)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  ir_set_shape(y, IR_F32, ir_in(g, n, 0)->rank, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output size overflows");
  return 0;
}

static int ct_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_convt_params p;
  int64_t dims[IR_MAX_RANK];
  if (ct_plan(d, g, n, &p, dims)) return -1;
  ir_tensor *y = ir_out(g, n, 0), *b = ir_in(g, n, 2);
  float *out = ir_alloc_data(y);
  if (!out && ir_numel(y) > 0) return ir_node_fail(d, n, "out of memory");
  if (ir_numel(y) > 0)
    kiln_f32_convtranspose__c(&p, ir_in(g, n, 0)->data, ir_in(g, n, 1)->data, b ? b->data : NULL,
                              out);
  return 0;
}

static int ct_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  kiln_convt_params p;
  int64_t dims[IR_MAX_RANK];
  char id[64], xs[160], ws[160], bs[160], ys[160];
  if (ct_plan(d, g, n, &p, dims)) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_f32_convtranspose__c") || op_emit_ref(e, n->inputs[0], xs, sizeof xs) ||
      op_emit_ref(e, n->inputs[1], ws, sizeof ws) ||
      op_emit_ref(e, ir_has_in(n, 2) ? n->inputs[2] : -1, bs, sizeof bs) ||
      op_emit_ref(e, n->outputs[0], ys, sizeof ys))
    return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e,
            "static const kiln_convt_params %s_p = {.n = %lld, .c_in = %lld, .c_out = %lld, "
            ".group = %lld, .in = {%lld, %lld, %lld}, .out = {%lld, %lld, %lld}, "
            ".k = {%lld, %lld, %lld}, .stride = {%lld, %lld, %lld}, .pad = {%lld, %lld, %lld}, "
            ".dil = {%lld, %lld, %lld}};\n",
            id, (long long)p.n, (long long)p.c_in, (long long)p.c_out, (long long)p.group,
            (long long)p.in[0], (long long)p.in[1], (long long)p.in[2], (long long)p.out[0],
            (long long)p.out[1], (long long)p.out[2], (long long)p.k[0], (long long)p.k[1],
            (long long)p.k[2], (long long)p.stride[0], (long long)p.stride[1],
            (long long)p.stride[2], (long long)p.pad[0], (long long)p.pad[1], (long long)p.pad[2],
            (long long)p.dil[0], (long long)p.dil[1], (long long)p.dil[2]);
  emit_code(e, "kiln_f32_convtranspose__c(&%s_p, %s, %s, %s, %s);\n", id, xs, ws, bs, ys);
  return 0;
}

const op_def op_ConvTranspose = {.name = "ConvTranspose", .domain = "", .since = 1, .until = 0,
                                 .attrs = "auto_pad dilations group kernel_shape output_padding "
                                          "output_shape pads strides",
                                 .infer = ct_infer, .eval = ct_eval, .emit = ct_emit,
                                 .flags = 0};

/* ---- Col2Im (opset 18): column blocks back into an image, overlaps summed ----
 * input (N, C * prod(block_shape), L), image_shape and block_shape constant
 * int64 vectors of the spatial rank (1 to 3), L = the number of sliding
 * blocks prod((image + pad_begin + pad_end - (dilation * (block - 1) + 1)) /
 * stride + 1). Output (N, C, image_shape...). */

static int read_shape_input(kiln_diag *d, ir_graph *g, ir_node *n, int i, const char *what,
                            int64_t *v, int max, int *count) {
  ir_tensor *t = ir_in(g, n, i);
  if (!t || t->rank < 0) return ir_node_fail(d, n, "input %d '%s' is missing", i, what);
  if (t->dtype != IR_I64)
    return ir_node_fail(d, n, "input %d '%s' has dtype %s, expected int64", i, what,
                        ir_dtype_name(t->dtype));
  if (!t->data)
    return ir_node_fail(d, n, "input %d '%s' must be a constant (computed at compile time); kiln "
                        "needs static shapes", i, what);
  const int64_t cnt = ir_numel(t);
  if (t->rank != 1 || cnt < 1 || cnt > max)
    return ir_node_fail(d, n, "input %d '%s' must be a 1-D vector of 1 to %d values", i, what, max);
  if (t->nbytes < (size_t)cnt * sizeof(int64_t))
    return ir_node_fail(d, n, "input %d '%s' has no valid data", i, what);
  for (int64_t j = 0; j < cnt; j++) v[j] = ir_get_i64(t, j);
  *count = (int)cnt;
  return 0;
}

static int c2i_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_convt_params *p, int64_t *ydims) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 2)) return -1;
  ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, f32_only)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank != 3)
    return ir_node_fail(d, n, "input 0 'input' has rank %d, expected 3 (N, C * prod(block_shape), "
                        "L)", x->rank);
  int64_t img[3], blk[3], s[3], dl[3], pb[3], pe[3], nb[3];
  int ni, nbk;
  if (read_shape_input(d, g, n, 1, "image_shape", img, 3, &ni) ||
      read_shape_input(d, g, n, 2, "block_shape", blk, 3, &nbk))
    return -1;
  if (ni != nbk)
    return ir_node_fail(d, n, "image_shape has %d values but block_shape has %d", ni, nbk);
  const int sp = ni;
  int64_t kprod = 1, lprod = 1;
  for (int i = 0; i < sp; i++) {
    if (img[i] < 1 || img[i] > CT_MAX || blk[i] < 1 || blk[i] > CT_MAX)
      return ir_node_fail(d, n, "image_shape and block_shape values must be in [1, 2^31]");
    s[i] = dl[i] = 1;
    pb[i] = pe[i] = 0;
    kprod *= blk[i];
  }
  static const char *const names[2] = {"strides", "dilations"};
  int64_t *dst[2] = {s, dl};
  const int64_t *v;
  for (int a = 0; a < 2; a++) {
    int cnt = ir_attr_ints(n, names[a], &v);
    if (cnt < 0) continue;
    if (cnt != sp)
      return ir_node_fail(d, n, "attribute '%s' has %d values, expected %d", names[a], cnt, sp);
    for (int i = 0; i < sp; i++) {
      if (v[i] < 1 || v[i] > CT_MAX)
        return ir_node_fail(d, n, "attribute '%s' value %lld is out of range", names[a],
                            (long long)v[i]);
      dst[a][i] = v[i];
    }
  }
  int cnt = ir_attr_ints(n, "pads", &v);
  if (cnt >= 0) {
    if (cnt != 2 * sp)
      return ir_node_fail(d, n, "attribute 'pads' has %d values, expected %d", cnt, 2 * sp);
    for (int i = 0; i < sp; i++) {
      if (v[i] < 0 || v[i] > CT_MAX || v[sp + i] < 0 || v[sp + i] > CT_MAX)
        return ir_node_fail(d, n, "attribute 'pads' values must be in [0, 2^31]");
      pb[i] = v[i];
      pe[i] = v[sp + i];
    }
  }
  for (int i = 0; i < sp; i++) {
    const int64_t span = img[i] + pb[i] + pe[i] - (dl[i] * (blk[i] - 1) + 1);
    if (span < 0)
      return ir_node_fail(d, n, "the block along axis %d (%lld with dilation %lld) does not fit "
                          "the padded image (%lld)", i, (long long)blk[i], (long long)dl[i],
                          (long long)(img[i] + pb[i] + pe[i]));
    nb[i] = span / s[i] + 1;
    lprod *= nb[i];
  }
  if (x->dims[1] % kprod)
    return ir_node_fail(d, n, "input dim 1 (%lld) is not divisible by prod(block_shape) = %lld",
                        (long long)x->dims[1], (long long)kprod);
  if (x->dims[2] != lprod)
    return ir_node_fail(d, n, "input dim 2 (%lld) must equal the number of sliding blocks %lld",
                        (long long)x->dims[2], (long long)lprod);
  p->n = x->dims[0];
  p->c_in = x->dims[1] / kprod;
  p->c_out = p->c_in;
  p->group = 1;
  for (int i = 0; i < 3; i++) {
    const int j = i - (3 - sp);
    p->in[i] = j >= 0 ? nb[j] : 1;
    p->out[i] = j >= 0 ? img[j] : 1;
    p->k[i] = j >= 0 ? blk[j] : 1;
    p->stride[i] = j >= 0 ? s[j] : 1;
    p->pad[i] = j >= 0 ? pb[j] : 0;
    p->dil[i] = j >= 0 ? dl[j] : 1;
  }
  ydims[0] = p->n;
  ydims[1] = p->c_in;
  for (int i = 0; i < sp; i++) ydims[2 + i] = img[i];
  return sp + 2;
}

static int c2i_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_convt_params p;
  int64_t dims[IR_MAX_RANK];
  int r = c2i_plan(d, g, n, &p, dims);
  if (r < 0) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  ir_set_shape(y, IR_F32, r, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output size overflows");
  return 0;
}

static int c2i_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_convt_params p;
  int64_t dims[IR_MAX_RANK];
  if (c2i_plan(d, g, n, &p, dims) < 0) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  float *out = ir_alloc_data(y);
  if (!out && ir_numel(y) > 0) return ir_node_fail(d, n, "out of memory");
  if (ir_numel(y) > 0) kiln_f32_col2im__c(&p, ir_in(g, n, 0)->data, out);
  return 0;
}

static int c2i_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  kiln_convt_params p;
  int64_t dims[IR_MAX_RANK];
  char id[64], xs[160], ys[160];
  if (c2i_plan(d, g, n, &p, dims) < 0) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_f32_col2im__c") || op_emit_ref(e, n->inputs[0], xs, sizeof xs) ||
      op_emit_ref(e, n->outputs[0], ys, sizeof ys))
    return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e,
            "static const kiln_convt_params %s_p = {.n = %lld, .c_in = %lld, .c_out = %lld, "
            ".group = 1, .in = {%lld, %lld, %lld}, .out = {%lld, %lld, %lld}, "
            ".k = {%lld, %lld, %lld}, .stride = {%lld, %lld, %lld}, .pad = {%lld, %lld, %lld}, "
            ".dil = {%lld, %lld, %lld}};\n",
            id, (long long)p.n, (long long)p.c_in, (long long)p.c_out, (long long)p.in[0],
            (long long)p.in[1], (long long)p.in[2], (long long)p.out[0], (long long)p.out[1],
            (long long)p.out[2], (long long)p.k[0], (long long)p.k[1], (long long)p.k[2],
            (long long)p.stride[0], (long long)p.stride[1], (long long)p.stride[2],
            (long long)p.pad[0], (long long)p.pad[1], (long long)p.pad[2], (long long)p.dil[0],
            (long long)p.dil[1], (long long)p.dil[2]);
  emit_code(e, "kiln_f32_col2im__c(&%s_p, %s, %s);\n", id, xs, ys);
  return 0;
}

const op_def op_Col2Im = {.name = "Col2Im", .domain = "", .since = 18, .until = 0,
                          .attrs = "dilations pads strides", .infer = c2i_infer,
                          .eval = c2i_eval, .emit = c2i_emit, .flags = 0};

/* ---- MaxUnpool (opsets 9, 11): values scattered to the flat indices of
 * MaxPool's Indices output ----
 * Inferred shape per spatial axis: (in - 1) * stride - pad_begin - pad_end +
 * kernel. Indices are flat offsets into that inferred (N, C, ...) tensor; an
 * optional constant output_shape (at least as large along every axis) puts
 * the result in its leading corner, as the ONNX reference and test data do.
 * Run-time indices out of range are ignored. */

static int mu_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_maxunpool_params *p) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *ix = ir_in(g, n, 1);
  static const ir_dtype i64_only[] = {IR_I64, IR_UNDEFINED};
  if (op_check_dtype(d, n, x, 0, f32_only) || op_check_dtype(d, n, ix, 1, i64_only)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank < 3 || x->rank > 5)
    return ir_node_fail(d, n, "input 0 'X' has rank %d; MaxUnpool supports 1 to 3 spatial dims "
                        "(rank 3 to 5)", x->rank);
  const int sp = x->rank - 2;
  if (ix->rank != x->rank) return ir_node_fail(d, n, "input 1 'I' must have the shape of X");
  for (int i = 0; i < x->rank; i++)
    if (ix->dims[i] != x->dims[i]) return ir_node_fail(d, n, "input 1 'I' must have the shape of X");
  const int64_t *ks, *v;
  int cnt = ir_attr_ints(n, "kernel_shape", &ks);
  if (cnt < 0) return ir_node_fail(d, n, "attribute 'kernel_shape' is required");
  if (cnt != sp)
    return ir_node_fail(d, n, "attribute 'kernel_shape' has %d values, expected %d", cnt, sp);
  int64_t s[3] = {1, 1, 1}, pads[6] = {0, 0, 0, 0, 0, 0};
  cnt = ir_attr_ints(n, "strides", &v);
  if (cnt >= 0) {
    if (cnt != sp) return ir_node_fail(d, n, "attribute 'strides' has %d values, expected %d", cnt, sp);
    for (int i = 0; i < sp; i++) s[i] = v[i];
  }
  cnt = ir_attr_ints(n, "pads", &v);
  if (cnt >= 0) {
    if (cnt != 2 * sp)
      return ir_node_fail(d, n, "attribute 'pads' has %d values, expected %d", cnt, 2 * sp);
    for (int i = 0; i < 2 * sp; i++) pads[i] = v[i];
  }
  p->rank = x->rank;
  p->n_x = ir_numel(x);
  p->inf[0] = p->out[0] = x->dims[0];
  p->inf[1] = p->out[1] = x->dims[1];
  for (int i = 0; i < sp; i++) {
    if (ks[i] < 1 || ks[i] > CT_MAX || s[i] < 1 || s[i] > CT_MAX || pads[i] < 0 ||
        pads[i] > CT_MAX || pads[sp + i] < 0 || pads[sp + i] > CT_MAX)
      return ir_node_fail(d, n, "kernel_shape, strides and pads must be positive (pads >= 0) "
                          "and at most 2^31");
    const int64_t o = (x->dims[2 + i] - 1) * s[i] - (pads[i] + pads[sp + i]) + ks[i];
    if (o < 1)
      return ir_node_fail(d, n, "output size %lld along spatial axis %d is not positive",
                          (long long)o, i);
    p->inf[2 + i] = p->out[2 + i] = o;
  }
  ir_tensor *os = ir_in(g, n, 2);
  if (os && os->rank >= 0 && ir_numel(os) > 0) {
    int64_t ov[IR_MAX_RANK];
    int no;
    if (read_shape_input(d, g, n, 2, "output_shape", ov, IR_MAX_RANK, &no)) return -1;
    if (no != x->rank)
      return ir_node_fail(d, n, "input 2 'output_shape' has %d values, expected %d", no, x->rank);
    for (int i = 0; i < x->rank; i++) {
      if (ov[i] < p->inf[i] || (i < 2 && ov[i] != p->inf[i]) || ov[i] > CT_MAX)
        return ir_node_fail(d, n, "output_shape[%d] = %lld is smaller than the unpooled size "
                            "%lld (or changes N or C)", i, (long long)ov[i], (long long)p->inf[i]);
      p->out[i] = ov[i];
    }
  }
  return 0;
}

static int mu_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_maxunpool_params p;
  if (mu_plan(d, g, n, &p)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  ir_set_shape(y, IR_F32, p.rank, p.out);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output size overflows");
  return 0;
}

static int mu_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_maxunpool_params p;
  if (mu_plan(d, g, n, &p)) return -1;
  ir_tensor *y = ir_out(g, n, 0), *ix = ir_in(g, n, 1);
  float *out = ir_alloc_data(y);
  if (!out && ir_numel(y) > 0) return ir_node_fail(d, n, "out of memory");
  if (ir_numel(y) == 0) return 0;
  /* initializer data may be unaligned in the model file */
  int64_t *iv = malloc((size_t)(p.n_x ? p.n_x : 1) * sizeof *iv);
  if (!iv) return ir_node_fail(d, n, "out of memory");
  for (int64_t i = 0; i < p.n_x; i++) iv[i] = ir_get_i64(ix, i);
  kiln_f32_maxunpool__c(&p, ir_in(g, n, 0)->data, iv, out);
  free(iv);
  return 0;
}

static int mu_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  kiln_maxunpool_params p;
  char id[64], xs[160], is[160], ys[160];
  if (mu_plan(d, g, n, &p)) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_f32_maxunpool__c") || op_emit_ref(e, n->inputs[0], xs, sizeof xs) ||
      op_emit_ref(e, n->inputs[1], is, sizeof is) || op_emit_ref(e, n->outputs[0], ys, sizeof ys))
    return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_maxunpool_params %s_p = {.rank = %d, .n_x = %lld, .inf = %s, ",
            id, p.rank, (long long)p.n_x, emit_i64_list(e, p.inf, p.rank));
  emit_decl(e, ".out = %s};\n", emit_i64_list(e, p.out, p.rank));
  emit_code(e, "kiln_f32_maxunpool__c(&%s_p, %s, %s, %s);\n", id, xs, is, ys);
  return 0;
}

const op_def op_MaxUnpool = {.name = "MaxUnpool", .domain = "", .since = 9, .until = 0,
                             .attrs = "kernel_shape pads strides", .infer = mu_infer,
                             .eval = mu_eval, .emit = mu_emit, .flags = 0};
