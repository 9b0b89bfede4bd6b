/* linalg.c - Det, TensorScatter and DeformConv (float32 math; TensorScatter
 * moves any dtype). Kernels: src/kernels/linalg.c.
 *
 * Det: [*, M, M] -> [*], LU with partial pivoting carried in double.
 * TensorScatter (opset 24): present = past_cache with `update` written
 *   along `axis` (default -2) starting at write_indices[b] for batch row b
 *   (axis 0 of the cache); mode "circular" wraps positions modulo the axis
 *   size, "linear" positions past the end are skipped at run time.
 * DeformConv (opset 19): 2-D only; bilinear sampling with zeros outside the
 *   input, as GridSample(align_corners=1) in the spec's reference.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/linalg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};

/* ---- Det ---- */

static int det_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (op_check_dtype(d, n, x, 0, f32_only) < 0) return -1;
  if (x->rank < 2 || x->dims[x->rank - 1] != x->dims[x->rank - 2])
    return ir_node_fail(d, n, "input 0 '%s' must be [*, M, M] (square matrices)", x->name);
  ir_set_shape(y, IR_F32, x->rank - 2, x->dims);
  return 0;
}

static size_t det_scratch(const ir_graph *g, const ir_node *n) {
  const ir_tensor *x = &g->tensors[n->inputs[0]];
  int64_t m = x->dims[x->rank - 1];
  return (size_t)(m * m + 1) * sizeof(double);
}

static void det_sizes(const ir_tensor *x, int64_t *batch, int64_t *m) {
  *m = x->dims[x->rank - 1];
  *batch = 1;
  for (int i = 0; i < x->rank - 2; i++) *batch *= x->dims[i];
}

static int det_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0);
  int64_t batch, m;
  det_sizes(x, &batch, &m);
  float *y = ir_alloc_data(ir_out(g, n, 0));
  double *s = kiln_malloc((size_t)(m * m + 1) * sizeof(double));
  float *xd = kiln_malloc(x->nbytes + 1);
  if (!y || !s || !xd) {
    free(s);
    free(xd);
    return ir_node_fail(d, n, "out of memory");
  }
  memcpy(xd, x->data, x->nbytes);
  kiln_f32_det__c(batch, m, xd, y, s);
  free(s);
  free(xd);
  return 0;
}

static int det_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  int64_t batch, m;
  det_sizes(ir_in(g, n, 0), &batch, &m);
  if (emit_use(e, "kiln_f32_det__c") < 0) return -1;
  emit_code(e, "kiln_f32_det__c(/*batch=*/%lld, /*m=*/%lld, %s, %s, (double *)%s);\n", (long long)batch,
            (long long)m, emit_ref(e, n->inputs[0]), emit_ref(e, n->outputs[0]), emit_scratch(e, n));
  return 0;
}

const op_def op_Det = {
  .name = "Det", .domain = "", .since = 11, .until = 0, .attrs = "",
  .infer = det_infer, .eval = det_eval, .emit = det_emit, .scratch = det_scratch,
};

/* ---- TensorScatter ---- */

static int ts_params(kiln_diag *d, ir_graph *g, ir_node *n, kiln_tensorscatter_params *p) {
  ir_tensor *x = ir_in(g, n, 0), *u = ir_in(g, n, 1);
  int axis;
  memset(p, 0, sizeof *p);
  if (op_axis(d, n, ir_attr_int(n, "axis", -2), x->rank, &axis) < 0) return -1;
  if (axis == 0)
    return ir_node_fail(d, n, "axis 0 is the batch axis that write_indices index; TensorScatter needs axis >= 1");
  const char *mode = ir_attr_str(n, "mode", "linear");
  if (strcmp(mode, "linear") && strcmp(mode, "circular"))
    return ir_node_fail(d, n, "attribute 'mode' is '%s', expected 'linear' or 'circular'", mode);
  p->circular = !strcmp(mode, "circular");
  if (u->rank != x->rank || u->dtype != x->dtype)
    return ir_node_fail(d, n, "input 1 'update' must have the dtype and rank of input 0 'past_cache'");
  for (int i = 0; i < x->rank; i++)
    if (i == axis ? u->dims[i] > x->dims[i] : u->dims[i] != x->dims[i])
      return ir_node_fail(d, n, "input 1 'update' dim %d is %lld, incompatible with past_cache's %lld", i,
                          (long long)u->dims[i], (long long)x->dims[i]);
  p->batch = x->dims[0];
  p->mid = 1;
  for (int i = 1; i < axis; i++) p->mid *= x->dims[i];
  p->len = x->dims[axis];
  p->seq = u->dims[axis];
  p->inner = (int64_t)ir_dtype_size(x->dtype);
  for (int i = axis + 1; i < x->rank; i++) p->inner *= x->dims[i];
  if (p->circular && p->len == 0 && p->seq > 0)
    return ir_node_fail(d, n, "circular mode with an empty axis");
  return 0;
}

static int ts_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 1) < 0) return -1;
  ir_tensor *x = ir_in(g, n, 0), *w = ir_in(g, n, 2), *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  if (x->dtype == IR_STRING || ir_dtype_size(x->dtype) == 0)
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s, which kiln does not support", x->name,
                        ir_dtype_name(x->dtype));
  if (x->rank < 2) return ir_node_fail(d, n, "input 0 'past_cache' has rank %d, expected >= 2", x->rank);
  kiln_tensorscatter_params p;
  if (ts_params(d, g, n, &p) < 0) return -1;
  if (w) {
    static const ir_dtype i64[] = {IR_I64, IR_UNDEFINED};
    if (op_check_dtype(d, n, w, 2, i64) < 0) return -1;
    if (w->rank != 1 || w->dims[0] != p.batch)
      return ir_node_fail(d, n, "input 2 'write_indices' must be [%lld] (one per batch row)", (long long)p.batch);
  }
  ir_set_shape(y, x->dtype, x->rank, x->dims);
  return 0;
}

static int ts_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_tensorscatter_params p;
  if (ts_params(d, g, n, &p) < 0) return -1;
  ir_tensor *w = ir_in(g, n, 2);
  void *y = ir_alloc_data(ir_out(g, n, 0));
  int64_t *wi = NULL;
  if (!y || (w && !(wi = kiln_malloc(w->nbytes + 1)))) return ir_node_fail(d, n, "out of memory");
  if (w) memcpy(wi, w->data, w->nbytes);
  kiln_tensorscatter__c(&p, ir_in(g, n, 0)->data, ir_in(g, n, 1)->data, wi, y);
  free(wi);
  return 0;
}

static int ts_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_tensorscatter_params p;
  if (ts_params(emit_diag(e), g, n, &p) < 0) return -1;
  if (emit_use(e, "kiln_tensorscatter__c") < 0) return -1;
  char id[64];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_tensorscatter_params %s_p = {%lld, %lld, %lld, %lld, %lld, %d};\n", id,
            (long long)p.batch, (long long)p.mid, (long long)p.len, (long long)p.seq, (long long)p.inner,
            p.circular);
  emit_code(e, "kiln_tensorscatter__c(&%s_p, %s, %s, %s, %s);\n", id, emit_bytes(e, n->inputs[0]),
            emit_bytes(e, n->inputs[1]), ir_in(g, n, 2) ? emit_ref(e, n->inputs[2]) : "0",
            emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_TensorScatter = {
  .name = "TensorScatter", .domain = "", .since = 24, .until = 0, .attrs = "axis mode",
  .infer = ts_infer, .eval = ts_eval, .emit = ts_emit,
};

/* ---- DeformConv ---- */

static int dc_params(kiln_diag *d, ir_graph *g, ir_node *n, kiln_deform_conv2d_params *p) {
  ir_tensor *x = ir_in(g, n, 0), *w = ir_in(g, n, 1), *off = ir_in(g, n, 2), *b = ir_in(g, n, 3),
            *m = ir_in(g, n, 4);
  memset(p, 0, sizeof *p);
  for (int i = 0; i < 5; i++) {
    ir_tensor *t = ir_in(g, n, i);
    if (t && op_check_dtype(d, n, t, i, f32_only) < 0) return -1;
  }
  if (x->rank != 4)
    return ir_node_fail(d, n, "input 0 'X' has rank %d; kiln's DeformConv supports 2-D (rank 4, NCHW) only",
                        x->rank);
  if (w->rank != 4) return ir_node_fail(d, n, "input 1 'W' has rank %d, expected 4", w->rank);
  int64_t grp = ir_attr_int(n, "group", 1), og = ir_attr_int(n, "offset_group", 1);
  if (grp < 1 || og < 1) return ir_node_fail(d, n, "'group' and 'offset_group' must be >= 1");
  if (x->dims[1] != w->dims[1] * grp || w->dims[0] % grp != 0)
    return ir_node_fail(d, n, "X has %lld channels, W is %lldx%lld: inconsistent with group %lld",
                        (long long)x->dims[1], (long long)w->dims[0], (long long)w->dims[1], (long long)grp);
  if (x->dims[1] % og != 0)
    return ir_node_fail(d, n, "X's %lld channels are not divisible by offset_group %lld", (long long)x->dims[1],
                        (long long)og);
  const int64_t *ks;
  int nk = ir_attr_ints(n, "kernel_shape", &ks);
  int64_t k[2] = {w->dims[2], w->dims[3]};
  if (nk >= 0) {
    if (nk != 2 || ks[0] != k[0] || ks[1] != k[1])
      return ir_node_fail(d, n, "attribute 'kernel_shape' does not match W's spatial dims");
  }
  int64_t in[2] = {x->dims[2], x->dims[3]}, s[2], dl[2], pb[2], pe[2], out[2];
  if (op_window(d, n, 2, in, k, 0, 1, s, dl, pb, pe, out) < 0) return -1;
  p->n = x->dims[0];
  p->c = x->dims[1];
  p->h = in[0];
  p->w = in[1];
  p->oc = w->dims[0];
  p->oh = out[0];
  p->ow = out[1];
  p->kh = k[0];
  p->kw = k[1];
  p->sh = s[0];
  p->sw = s[1];
  p->ph = pb[0];
  p->pw = pb[1];
  p->dh = dl[0];
  p->dw = dl[1];
  p->group = grp;
  p->offset_group = og;
  if (off->rank != 4 || off->dims[0] != p->n || off->dims[1] != og * k[0] * k[1] * 2 || off->dims[2] != p->oh ||
      off->dims[3] != p->ow)
    return ir_node_fail(d, n, "input 2 'offset' must be [%lld, %lld, %lld, %lld]", (long long)p->n,
                        (long long)(og * k[0] * k[1] * 2), (long long)p->oh, (long long)p->ow);
  if (b && (b->rank != 1 || b->dims[0] != p->oc))
    return ir_node_fail(d, n, "input 3 'B' must be [%lld]", (long long)p->oc);
  if (m && (m->rank != 4 || m->dims[0] != p->n || m->dims[1] != og * k[0] * k[1] || m->dims[2] != p->oh ||
            m->dims[3] != p->ow))
    return ir_node_fail(d, n, "input 4 'mask' must be [%lld, %lld, %lld, %lld]", (long long)p->n,
                        (long long)(og * k[0] * k[1]), (long long)p->oh, (long long)p->ow);
  return 0;
}

static int dc_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 2) < 0) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  kiln_deform_conv2d_params p;
  if (dc_params(d, g, n, &p) < 0) return -1;
  int64_t dims[4] = {p.n, p.oc, p.oh, p.ow};
  ir_set_shape(ir_out(g, n, 0), IR_F32, 4, dims);
  if (ir_numel(ir_out(g, n, 0)) < 0) return ir_node_fail(d, n, "output is too large");
  return 0;
}

/* Aligned float copy of a constant (NULL for an omitted input). */
static float *f32_copy(const ir_tensor *t, int *oom) {
  if (!t) return NULL;
  float *p = kiln_malloc(t->nbytes + 1);
  if (!p) { *oom = 1; return NULL; }
  memcpy(p, t->data, t->nbytes);
  return p;
}

static int dc_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_deform_conv2d_params p;
  if (dc_params(d, g, n, &p) < 0) return -1;
  int oom = 0;
  float *in[5];
  for (int i = 0; i < 5; i++) in[i] = f32_copy(ir_in(g, n, i), &oom);
  float *y = ir_alloc_data(ir_out(g, n, 0));
  if (!y || oom) {
    for (int i = 0; i < 5; i++) free(in[i]);
    return ir_node_fail(d, n, "out of memory");
  }
  kiln_f32_deform_conv2d__c(&p, in[0], in[1], in[2], in[3], in[4], y);
  for (int i = 0; i < 5; i++) free(in[i]);
  return 0;
}

static int dc_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_deform_conv2d_params p;
  if (dc_params(emit_diag(e), g, n, &p) < 0) return -1;
  if (emit_use(e, "kiln_f32_deform_conv2d__c") < 0) return -1;
  char id[64], ref[5][400];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  for (int i = 0; i < 5; i++) snprintf(ref[i], sizeof ref[i], "%s", ir_in(g, n, i) ? emit_ref(e, n->inputs[i]) : "0");
  emit_decl(e,
            "static const kiln_deform_conv2d_params %s_p = {%lld, %lld, %lld, %lld, %lld, %lld, %lld, "
            "%lld, %lld, %lld, %lld, %lld, %lld, %lld, %lld, %lld, %lld};\n",
            id, (long long)p.n, (long long)p.c, (long long)p.h, (long long)p.w, (long long)p.oc, (long long)p.oh,
            (long long)p.ow, (long long)p.kh, (long long)p.kw, (long long)p.sh, (long long)p.sw, (long long)p.ph,
            (long long)p.pw, (long long)p.dh, (long long)p.dw, (long long)p.group, (long long)p.offset_group);
  emit_code(e, "kiln_f32_deform_conv2d__c(&%s_p, %s, %s, %s,\n", id, ref[0], ref[1], ref[2]);
  emit_code(e, "  %s, %s, %s);\n", ref[3], ref[4], emit_ref(e, n->outputs[0]));
  return 0;
}

const op_def op_DeformConv = {
  .name = "DeformConv", .domain = "", .since = 19, .until = 0,
  .attrs = "dilations group kernel_shape offset_group pads strides",
  .infer = dc_infer, .eval = dc_eval, .emit = dc_emit,
};
