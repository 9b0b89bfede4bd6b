/* grid.c - ONNX GridSample (opsets 16 and 20), float32, 1 to 3 spatial
 * dims; also AffineGrid and RoiAlign (sections below).
 *
 * X is (N, C, D1..Dk), grid (N, H1..Hk, k) with normalised coordinates in
 * [-1, 1], innermost axis first; Y is (N, C, H1..Hk). Modes: opset 16 names
 * bilinear / nearest / bicubic, opset 20 linear / nearest / cubic (both
 * spellings are accepted at either opset). padding_mode zeros, border or
 * reflection; align_corners maps -1 / 1 to the centres (1) or the outer
 * edges (0) of the corner pixels. Nearest rounds half to even, as PyTorch.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/grid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};

static int gs_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_gridsample_params *p,
                   int64_t *ydims) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *gr = ir_in(g, n, 1);
  if (op_check_dtype(d, n, x, 0, f32_only) || op_check_dtype(d, n, gr, 1, f32_only)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank < 3 || x->rank > 5)
    return ir_node_fail(d, n, "input 0 'X' has rank %d; kiln supports 1 to 3 spatial dims "
                        "(rank 3 to 5)", x->rank);
  const int sp = x->rank - 2;
  if (gr->rank != x->rank)
    return ir_node_fail(d, n, "input 1 'grid' has rank %d, expected %d (the rank of X)", gr->rank,
                        x->rank);
  if (gr->dims[0] != x->dims[0])
    return ir_node_fail(d, n, "input 1 'grid' has batch %lld but X has %lld",
                        (long long)gr->dims[0], (long long)x->dims[0]);
  if (gr->dims[gr->rank - 1] != sp)
    return ir_node_fail(d, n, "input 1 'grid' has last dim %lld, expected %d (one coordinate per "
                        "spatial axis)", (long long)gr->dims[gr->rank - 1], sp);
  const char *m = ir_attr_str(n, "mode", n->opset >= 20 ? "linear" : "bilinear");
  if (!strcmp(m, "bilinear") || !strcmp(m, "linear")) p->mode = 0;
  else if (!strcmp(m, "nearest")) p->mode = 1;
  else if (!strcmp(m, "bicubic") || !strcmp(m, "cubic")) p->mode = 2;
  else
    return ir_node_fail(d, n, "attribute 'mode' = '%s' is not supported (supported: %s)", m,
                        n->opset >= 20 ? "linear, nearest, cubic" : "bilinear, nearest, bicubic");
  const char *pm = ir_attr_str(n, "padding_mode", "zeros");
  if (!strcmp(pm, "zeros")) p->padding = 0;
  else if (!strcmp(pm, "border")) p->padding = 1;
  else if (!strcmp(pm, "reflection")) p->padding = 2;
  else
    return ir_node_fail(d, n, "attribute 'padding_mode' = '%s' is not supported (supported: "
                        "zeros, border, reflection)", pm);
  p->align_corners = ir_attr_int(n, "align_corners", 0) != 0;
  p->n = x->dims[0];
  p->c = x->dims[1];
  p->sp = sp;
  p->npos = 1;
  for (int i = 0; i < 3; i++) p->in[i] = i < sp ? x->dims[2 + i] : 1;
  ydims[0] = x->dims[0];
  ydims[1] = x->dims[1];
  for (int i = 0; i < sp; i++) {
    ydims[2 + i] = gr->dims[1 + i];
    p->npos *= gr->dims[1 + i];
  }
  for (int i = 0; i < sp; i++)
    if (p->in[i] == 0 && p->npos > 0 && p->c > 0)
      return ir_node_fail(d, n, "input 0 'X' has an empty spatial axis %d to sample from", i);
  return 0;
}

static int gs_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_gridsample_params p;
  int64_t dims[IR_MAX_RANK];
  if (gs_plan(d, g, n, &p, dims)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  ir_set_shape(y, IR_F32, ir_in(g, n, 0)->rank, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output size overflows");
  return 0;
}

static int gs_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_gridsample_params p;
  int64_t dims[IR_MAX_RANK];
  if (gs_plan(d, g, n, &p, dims)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  float *out = ir_alloc_data(y);
  if (!out && ir_numel(y) > 0) return ir_node_fail(d, n, "out of memory");
  if (ir_numel(y) > 0) kiln_f32_gridsample__c(&p, ir_in(g, n, 0)->data, ir_in(g, n, 1)->data, out);
  return 0;
}

static int gs_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  kiln_gridsample_params p;
  int64_t dims[IR_MAX_RANK];
  char id[64], xs[160], gs[160], ys[160];
  if (gs_plan(d, g, n, &p, dims)) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_f32_gridsample__c") || op_emit_ref(e, n->inputs[0], xs, sizeof xs) ||
      op_emit_ref(e, n->inputs[1], gs, sizeof gs) || op_emit_ref(e, n->outputs[0], ys, sizeof ys))
    return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e,
            "static const kiln_gridsample_params %s_p = {.n = %lld, .c = %lld, .sp = %lld, "
            ".in = {%lld, %lld, %lld}, .npos = %lld, .mode = %d, .padding = %d, "
            ".align_corners = %d};\n",
            id, (long long)p.n, (long long)p.c, (long long)p.sp, (long long)p.in[0],
            (long long)p.in[1], (long long)p.in[2], (long long)p.npos, p.mode, p.padding,
            p.align_corners);
  emit_code(e, "kiln_f32_gridsample__c(&%s_p, %s, %s, %s);\n", id, xs, gs, ys);
  return 0;
}

const op_def op_GridSample = {.name = "GridSample", .domain = "", .since = 16, .until = 0,
                              .attrs = "align_corners mode padding_mode", .infer = gs_infer,
                              .eval = gs_eval, .emit = gs_emit, .flags = 0};

/* ---- AffineGrid (opset 20): theta (N, 2, 3) or (N, 3, 4) applied to an
 * even grid of [-1, 1] coordinates; size (N, C, H, W) or (N, C, D, H, W)
 * must be constant. Output (N, H, W, 2) or (N, D, H, W, 3), x first. ---- */

static int ag_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_affinegrid_params *p,
                   int64_t *ydims) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *th = ir_in(g, n, 0), *sz = ir_in(g, n, 1);
  if (op_check_dtype(d, n, th, 0, f32_only)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (sz->dtype != IR_I64)
    return ir_node_fail(d, n, "input 1 'size' has dtype %s, expected int64",
                        ir_dtype_name(sz->dtype));
  if (!sz->data)
    return ir_node_fail(d, n, "input 1 'size' must be a constant (computed at compile time); kiln "
                        "needs static shapes");
  const int64_t cnt = ir_numel(sz);
  if (sz->rank != 1 || (cnt != 4 && cnt != 5) || sz->nbytes < (size_t)cnt * sizeof(int64_t))
    return ir_node_fail(d, n, "input 1 'size' must hold 4 (N, C, H, W) or 5 (N, C, D, H, W) values");
  const int sp = (int)cnt - 2;
  if (th->rank != 3 || th->dims[1] != sp || th->dims[2] != sp + 1)
    return ir_node_fail(d, n, "input 0 'theta' must have shape (N, %d, %d) for a %d-D size", sp,
                        sp + 1, sp);
  if (ir_get_i64(sz, 0) != th->dims[0])
    return ir_node_fail(d, n, "size[0] = %lld differs from theta's batch %lld",
                        (long long)ir_get_i64(sz, 0), (long long)th->dims[0]);
  p->n = th->dims[0];
  p->sp = sp;
  p->align_corners = ir_attr_int(n, "align_corners", 0) != 0;
  ydims[0] = p->n;
  for (int i = 0; i < sp; i++) {
    const int64_t v = ir_get_i64(sz, 2 + i);
    if (v < 1 || v > ((int64_t)1 << 31))
      return ir_node_fail(d, n, "size[%d] = %lld is out of range", 2 + i, (long long)v);
    p->size[i] = v;
    ydims[1 + i] = v;
  }
  ydims[1 + sp] = sp;
  return sp + 2;
}

static int ag_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_affinegrid_params p;
  int64_t dims[IR_MAX_RANK];
  int r = ag_plan(d, g, n, &p, dims);
  if (r < 0) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  ir_set_shape(y, IR_F32, r, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output size overflows");
  return 0;
}

static int ag_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_affinegrid_params p;
  int64_t dims[IR_MAX_RANK];
  if (ag_plan(d, g, n, &p, dims) < 0) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  float *out = ir_alloc_data(y);
  if (!out && ir_numel(y) > 0) return ir_node_fail(d, n, "out of memory");
  if (ir_numel(y) > 0) kiln_f32_affinegrid__c(&p, ir_in(g, n, 0)->data, out);
  return 0;
}

static int ag_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  kiln_affinegrid_params p;
  int64_t dims[IR_MAX_RANK];
  char id[64], ts[160], ys[160];
  if (ag_plan(d, g, n, &p, dims) < 0) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_f32_affinegrid__c") || op_emit_ref(e, n->inputs[0], ts, sizeof ts) ||
      op_emit_ref(e, n->outputs[0], ys, sizeof ys))
    return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e,
            "static const kiln_affinegrid_params %s_p = {.n = %lld, .sp = %lld, "
            ".size = {%lld, %lld, %lld}, .align_corners = %d};\n",
            id, (long long)p.n, (long long)p.sp, (long long)p.size[0], (long long)p.size[1],
            (long long)p.size[2], p.align_corners);
  emit_code(e, "kiln_f32_affinegrid__c(&%s_p, %s, %s);\n", id, ts, ys);
  return 0;
}

const op_def op_AffineGrid = {.name = "AffineGrid", .domain = "", .since = 20, .until = 0,
                              .attrs = "align_corners", .infer = ag_infer, .eval = ag_eval,
                              .emit = ag_emit, .flags = 0};

/* ---- RoiAlign (opsets 10, 16): X (N, C, H, W), rois (R, 4) as x1, y1,
 * x2, y2 in input coordinates times spatial_scale, batch_indices (R) int64;
 * Y (R, C, output_height, output_width). Each bin averages (or, mode max,
 * takes the max of the weighted corner values, as onnxruntime) a
 * sampling_ratio^2 grid of bilinear samples (adaptive ceil(roi / bin) when
 * 0). coordinate_transformation_mode half_pixel (default from 16) shifts by
 * -0.5; output_half_pixel (opset 10) does not and forces rois >= 1x1. ---- */

static int ra_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_roialign_params *p) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 2)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *r = ir_in(g, n, 1), *bi = ir_in(g, n, 2);
  static const ir_dtype i64_only[] = {IR_I64, IR_UNDEFINED};
  if (op_check_dtype(d, n, x, 0, f32_only) || op_check_dtype(d, n, r, 1, f32_only) ||
      op_check_dtype(d, n, bi, 2, i64_only))
    return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank != 4) return ir_node_fail(d, n, "input 0 'X' has rank %d, expected 4", x->rank);
  if (r->rank != 2 || r->dims[1] != 4)
    return ir_node_fail(d, n, "input 1 'rois' must have shape (num_rois, 4)");
  if (bi->rank != 1 || bi->dims[0] != r->dims[0])
    return ir_node_fail(d, n, "input 2 'batch_indices' must have shape (num_rois) = (%lld)",
                        (long long)r->dims[0]);
  if (x->dims[0] < 1 || x->dims[2] < 1 || x->dims[3] < 1)
    return ir_node_fail(d, n, "input 0 'X' has an empty batch or spatial dim");
  const char *m = ir_attr_str(n, "mode", "avg");
  if (!strcmp(m, "avg")) p->mode_max = 0;
  else if (!strcmp(m, "max")) p->mode_max = 1;
  else return ir_node_fail(d, n, "attribute 'mode' = '%s' is not supported (supported: avg, max)", m);
  const char *ct = ir_attr_str(n, "coordinate_transformation_mode",
                               n->opset >= 16 ? "half_pixel" : "output_half_pixel");
  if (!strcmp(ct, "half_pixel")) p->half_pixel = 1;
  else if (!strcmp(ct, "output_half_pixel")) p->half_pixel = 0;
  else
    return ir_node_fail(d, n, "attribute 'coordinate_transformation_mode' = '%s' is not supported "
                        "(supported: half_pixel, output_half_pixel)", ct);
  p->oh = ir_attr_int(n, "output_height", 1);
  p->ow = ir_attr_int(n, "output_width", 1);
  p->sampling_ratio = ir_attr_int(n, "sampling_ratio", 0);
  p->spatial_scale = ir_attr_float(n, "spatial_scale", 1.0f);
  if (p->oh < 1 || p->ow < 1 || p->oh > ((int64_t)1 << 31) || p->ow > ((int64_t)1 << 31))
    return ir_node_fail(d, n, "output_height and output_width must be positive");
  if (p->sampling_ratio < 0 || p->sampling_ratio > 4096)
    return ir_node_fail(d, n, "attribute 'sampling_ratio' = %lld must be in [0, 4096]",
                        (long long)p->sampling_ratio);
  p->n = x->dims[0];
  p->c = x->dims[1];
  p->h = x->dims[2];
  p->w = x->dims[3];
  p->n_rois = r->dims[0];
  return 0;
}

static int ra_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_roialign_params p;
  if (ra_plan(d, g, n, &p)) return -1;
  const int64_t dims[4] = {p.n_rois, p.c, p.oh, p.ow};
  ir_tensor *y = ir_out(g, n, 0);
  ir_set_shape(y, IR_F32, 4, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output size overflows");
  return 0;
}

static int ra_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_roialign_params p;
  if (ra_plan(d, g, n, &p)) return -1;
  ir_tensor *y = ir_out(g, n, 0), *bi = ir_in(g, n, 2);
  float *out = ir_alloc_data(y);
  if (!out && ir_numel(y) > 0) return ir_node_fail(d, n, "out of memory");
  if (ir_numel(y) == 0) return 0;
  int64_t *iv = malloc((size_t)p.n_rois * sizeof *iv); /* data may be unaligned */
  if (!iv) return ir_node_fail(d, n, "out of memory");
  for (int64_t i = 0; i < p.n_rois; i++) iv[i] = ir_get_i64(bi, i);
  kiln_f32_roialign__c(&p, ir_in(g, n, 0)->data, ir_in(g, n, 1)->data, iv, out);
  free(iv);
  return 0;
}

static int ra_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  kiln_roialign_params p;
  char id[64], xs[160], rs[160], bs[160], ys[160], sc[48];
  if (ra_plan(d, g, n, &p)) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_f32_roialign__c") || op_emit_ref(e, n->inputs[0], xs, sizeof xs) ||
      op_emit_ref(e, n->inputs[1], rs, sizeof rs) || op_emit_ref(e, n->inputs[2], bs, sizeof bs) ||
      op_emit_ref(e, n->outputs[0], ys, sizeof ys))
    return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e,
            "static const kiln_roialign_params %s_p = {.n = %lld, .c = %lld, .h = %lld, "
            ".w = %lld, .n_rois = %lld, .oh = %lld, .ow = %lld, .sampling_ratio = %lld, "
            ".spatial_scale = %s, .mode_max = %d, .half_pixel = %d};\n",
            id, (long long)p.n, (long long)p.c, (long long)p.h, (long long)p.w,
            (long long)p.n_rois, (long long)p.oh, (long long)p.ow, (long long)p.sampling_ratio,
            op_f32_literal(p.spatial_scale, sc, sizeof sc), p.mode_max, p.half_pixel);
  emit_code(e, "kiln_f32_roialign__c(&%s_p, %s, %s, %s, %s);\n", id, xs, rs, bs, ys);
  return 0;
}

const op_def op_RoiAlign = {.name = "RoiAlign", .domain = "", .since = 10, .until = 0,
                            .attrs = "coordinate_transformation_mode mode output_height "
                                     "output_width sampling_ratio spatial_scale",
                            .infer = ra_infer, .eval = ra_eval, .emit = ra_emit, .flags = 0};
