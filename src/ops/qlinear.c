/* qlinear.c - integer convolution and matrix products:
 *   ConvInteger(x, w[, x_zero_point, w_zero_point]) -> int32
 *   QLinearConv(x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp[, B])
 *   MatMulInteger(A, B[, a_zero_point, b_zero_point]) -> int32
 *   QLinearMatMul(a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp)
 * x / w / a / b are int8 or uint8. Products accumulate
 * (x - x_zp) * (w - w_zp) in int32; the QLinear ops then requantise:
 * y = saturate(round_half_even(acc * x_scale * w_scale / y_scale) + y_zp).
 * Convolutions: 1-D to 3-D, any pads / strides / dilations / groups /
 * auto_pad (op_window); w_zero_point and w_scale per tensor or per output
 * channel; B (QLinearConv) is int32 per output channel.
 * Matrix products: numpy matmul with broadcast batch dims (1-D operands
 * promoted as MatMul does); a_zero_point per tensor or per row of A (M
 * values), b_zero_point per tensor or per column of B (N values);
 * QLinearMatMul's scales and zero points per tensor. QLinearMatMul's scales
 * are float32 (opset 10) or float32 / float16 / bfloat16 (opset 21); the
 * multiplier a_scale * b_scale / y_scale is rounded in that type, as the
 * reference computes it.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/quant.h"

#include <stdio.h>
#include <string.h>

static const ir_dtype q8[] = {IR_U8, IR_I8, IR_UNDEFINED};
static const ir_dtype i32_only[] = {IR_I32, IR_UNDEFINED};
static const ir_dtype scale_f32[] = {IR_F32, IR_UNDEFINED};
static const ir_dtype scale_any[] = {IR_F32, IR_F16, IR_BF16, IR_UNDEFINED};

/* Input i must be present with `count` elements (1 = per tensor) or,
 * when alt > 0, alt elements. */
static int q_count(kiln_diag *d, ir_graph *g, ir_node *n, int i, const char *what, int64_t alt,
                   int64_t *out) {
  ir_tensor *t = ir_in(g, n, i);
  if (!t) return 0;
  if (t->rank < 0) return ir_node_fail(d, n, "input %d '%s' has an unknown shape", i, what);
  const int64_t c = ir_numel(t);
  if (c == 1 || (alt > 0 && c == alt && t->rank == 1)) {
    *out = c;
    return 0;
  }
  char b[96];
  if (alt > 0)
    return ir_node_fail(d, n, "input %d '%s' has shape [%s]; kiln supports a per-tensor value "
                        "or a 1-D tensor of %lld values", i, what, ir_shape_str(t, b, sizeof b),
                        (long long)alt);
  return ir_node_fail(d, n, "input %d '%s' has shape [%s]; kiln supports per-tensor values only "
                      "(one element)", i, what, ir_shape_str(t, b, sizeof b));
}

/* Input i is optional-or-present of the dtype of input `like`. */
static int q_same_dtype(kiln_diag *d, ir_graph *g, ir_node *n, int i, int like, const char *what) {
  ir_tensor *t = ir_in(g, n, i), *l = ir_in(g, n, like);
  if (t && t->dtype != l->dtype)
    return ir_node_fail(d, n, "input %d '%s' has dtype %s, expected %s", i, what,
                        ir_dtype_name(t->dtype), ir_dtype_name(l->dtype));
  return 0;
}

/* ---- convolutions ---- */

typedef struct qconv_io {
  int x, w, x_zp, w_zp, x_s, w_s, y_s, y_zp, b; /* input indices, -1 = none */
} qconv_io;

static const qconv_io convinteger_io = {0, 1, 2, 3, -1, -1, -1, -1, -1};
static const qconv_io qlinearconv_io = {0, 3, 2, 5, 1, 4, 6, 7, 8};

static int qconv_plan(kiln_diag *d, ir_graph *g, ir_node *n, const qconv_io *io,
                      kiln_qconv_params *p, int *out_rank, int64_t *out_dims) {
  char b1[96], b2[96];
  memset(p, 0, sizeof *p);
  const int requant = io->y_s >= 0;
  const int max_in = requant ? 9 : 4, min_in = requant ? 8 : 2;
  if (n->n_inputs < min_in || n->n_inputs > max_in)
    return ir_node_fail(d, n, "expected %d to %d inputs, got %d", min_in, max_in, n->n_inputs);
  if (op_need_inputs(d, g, n, io->x, io->x) || op_need_inputs(d, g, n, io->w, io->w)) return -1;
  if (requant)
    for (int i = 0; i < 8; i++)
      if (op_need_inputs(d, g, n, i, i)) return -1;
  ir_tensor *x = ir_in(g, n, io->x), *w = ir_in(g, n, io->w);
  if (op_check_dtype(d, n, x, io->x, q8) || op_check_dtype(d, n, w, io->w, q8)) return -1;
  if (q_same_dtype(d, g, n, io->x_zp, io->x, "x_zero_point") ||
      q_same_dtype(d, g, n, io->w_zp, io->w, "w_zero_point"))
    return -1;
  const int r = x->rank;
  if (r < 3 || r > 5)
    return ir_node_fail(d, n, "input 'x' has rank %d; kiln supports 1-D, 2-D and 3-D "
                        "convolutions (rank 3 to 5, NCHW)", r);
  if (w->rank != r)
    return ir_node_fail(d, n, "input 'w' has rank %d, expected %d (the rank of x)", w->rank, r);
  const int sp = r - 2;
  const int64_t C = x->dims[1], M = w->dims[0];
  const int64_t group = ir_attr_int(n, "group", 1);
  if (group < 1) return ir_node_fail(d, n, "group must be >= 1 (got %lld)", (long long)group);
  if (C % group != 0 || M % group != 0 || w->dims[1] * group != C)
    return ir_node_fail(d, n, "channel mismatch: x %s, w %s, group %lld",
                        ir_shape_str(x, b1, sizeof b1), ir_shape_str(w, b2, sizeof b2),
                        (long long)group);
  const int64_t *ks;
  int cnt = ir_attr_ints(n, "kernel_shape", &ks);
  if (cnt >= 0) {
    int ok = cnt == sp;
    for (int i = 0; ok && i < sp; i++) ok = ks[i] == w->dims[2 + i];
    if (!ok)
      return ir_node_fail(d, n, "attribute 'kernel_shape' does not match the spatial dims of "
                          "w %s", ir_shape_str(w, b1, sizeof b1));
  }
  int64_t in[3], k[3], s[3], dl[3], pb[3], pe[3], out[3];
  for (int i = 0; i < sp; i++) {
    in[i] = x->dims[2 + i];
    k[i] = w->dims[2 + i];
  }
  if (op_window(d, n, sp, in, k, /*ceil_mode=*/0, /*use_dilations=*/1, s, dl, pb, pe, out))
    return -1;
  int64_t cnt1;
  if (q_count(d, g, n, io->x_zp, "x_zero_point", 0, &cnt1)) return -1;
  p->w_zp_n = 1;
  if (q_count(d, g, n, io->w_zp, "w_zero_point", M, &p->w_zp_n)) return -1;
  p->n = x->dims[0];
  p->c_in = C;
  p->c_out = M;
  p->group = group;
  /* spatial dims right-aligned into 3; missing leading ones have size 1 */
  for (int i = 0; i < 3; i++) {
    const int j = i - (3 - sp);
    p->in[i] = j >= 0 ? in[j] : 1;
    p->out[i] = j >= 0 ? out[j] : 1;
    p->k[i] = j >= 0 ? k[j] : 1;
    p->stride[i] = j >= 0 ? s[j] : 1;
    p->pad[i] = j >= 0 ? pb[j] : 0;
    p->dil[i] = j >= 0 ? dl[j] : 1;
  }
  p->x_dt = (int)x->dtype;
  p->w_dt = (int)w->dtype;
  p->y_dt = KILN_QDT_I32;
  p->s_dt = KILN_QDT_F32;
  p->w_scale_n = 1;
  if (requant) {
    ir_tensor *ys = ir_in(g, n, io->y_s), *yz = ir_in(g, n, io->y_zp);
    if (op_check_dtype(d, n, ir_in(g, n, io->x_s), io->x_s, scale_f32) ||
        op_check_dtype(d, n, ir_in(g, n, io->w_s), io->w_s, scale_f32) ||
        op_check_dtype(d, n, ys, io->y_s, scale_f32) || op_check_dtype(d, n, yz, io->y_zp, q8))
      return -1;
    if (q_count(d, g, n, io->x_s, "x_scale", 0, &cnt1) ||
        q_count(d, g, n, io->w_s, "w_scale", M, &p->w_scale_n) ||
        q_count(d, g, n, io->y_s, "y_scale", 0, &cnt1) ||
        q_count(d, g, n, io->y_zp, "y_zero_point", 0, &cnt1))
      return -1;
    p->y_dt = (int)yz->dtype;
    p->requant = 1;
    ir_tensor *b = io->b >= 0 ? ir_in(g, n, io->b) : NULL;
    if (b) {
      if (op_need_inputs(d, g, n, io->b, io->b) || op_check_dtype(d, n, b, io->b, i32_only))
        return -1;
      if (b->rank != 1 || b->dims[0] != M)
        return ir_node_fail(d, n, "input 8 'B' has shape [%s], expected [%lld]",
                            ir_shape_str(b, b1, sizeof b1), (long long)M);
    }
  }
  *out_rank = r;
  out_dims[0] = x->dims[0];
  out_dims[1] = M;
  for (int i = 0; i < sp; i++) out_dims[2 + i] = out[i];
  return 0;
}

static const qconv_io *qconv_io_of(const ir_node *n) {
  return strcmp(n->op_type, "QLinearConv") == 0 ? &qlinearconv_io : &convinteger_io;
}

static int qconv_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_qconv_params p;
  int64_t dims[IR_MAX_RANK];
  int rank;
  if (qconv_plan(d, g, n, qconv_io_of(n), &p, &rank, dims)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output");
  ir_set_shape(y, (ir_dtype)p.y_dt, rank, dims);
  return 0;
}

static const void *q_data(ir_graph *g, const ir_node *n, int i) {
  ir_tensor *t = i >= 0 ? ir_in(g, n, i) : NULL;
  return t ? t->data : NULL;
}

static int qconv_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_qconv_params p;
  int64_t dims[IR_MAX_RANK];
  int rank;
  const qconv_io *io = qconv_io_of(n);
  if (qconv_plan(d, g, n, io, &p, &rank, dims)) return -1;
  ir_tensor *yt = ir_out(g, n, 0);
  void *y = ir_alloc_data(yt);
  if (!y && ir_numel(yt) > 0) return ir_node_fail(d, n, "out of memory folding %s", n->op_type);
  if (ir_numel(yt) == 0) return 0;
  kiln_qconv__c(&p, q_data(g, n, io->x), q_data(g, n, io->x_zp), q_data(g, n, io->w),
                q_data(g, n, io->w_zp), q_data(g, n, io->b), q_data(g, n, io->x_s),
                q_data(g, n, io->w_s), q_data(g, n, io->y_s), q_data(g, n, io->y_zp), y);
  return 0;
}

/* emit_bytes of input i into buf, "0" when absent. */
static const char *q_ref(emit_ctx *e, const ir_node *n, int i, char *buf, size_t size) {
  if (i < 0 || i >= n->n_inputs || n->inputs[i] < 0) snprintf(buf, size, "0");
  else snprintf(buf, size, "%s", emit_bytes(e, n->inputs[i]));
  return buf;
}

static int qconv_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_qconv_params p;
  int64_t dims[IR_MAX_RANK];
  int rank;
  const qconv_io *io = qconv_io_of(n);
  if (qconv_plan(emit_diag(e), g, n, io, &p, &rank, dims)) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_qconv__c")) return -1;
  char id[64], r[9][256], l[6][160];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  snprintf(l[0], sizeof l[0], "%s", emit_i64_list(e, p.in, 3));
  snprintf(l[1], sizeof l[1], "%s", emit_i64_list(e, p.out, 3));
  snprintf(l[2], sizeof l[2], "%s", emit_i64_list(e, p.k, 3));
  snprintf(l[3], sizeof l[3], "%s", emit_i64_list(e, p.stride, 3));
  snprintf(l[4], sizeof l[4], "%s", emit_i64_list(e, p.pad, 3));
  snprintf(l[5], sizeof l[5], "%s", emit_i64_list(e, p.dil, 3));
  emit_decl(e, "static const kiln_qconv_params %s_p = {%lld, %lld, %lld, %lld, %s, %s, %s, %s, "
            "%s, %s, %d, %d, %d, %d, %lld, %lld, %d};\n", id, (long long)p.n,
            (long long)p.c_in, (long long)p.c_out, (long long)p.group, l[0], l[1], l[2], l[3],
            l[4], l[5], p.x_dt, p.w_dt, p.y_dt, p.s_dt, (long long)p.w_zp_n,
            (long long)p.w_scale_n, p.requant);
  q_ref(e, n, io->x, r[0], sizeof r[0]);
  q_ref(e, n, io->x_zp, r[1], sizeof r[1]);
  q_ref(e, n, io->w, r[2], sizeof r[2]);
  q_ref(e, n, io->w_zp, r[3], sizeof r[3]);
  if (io->b >= 0 && io->b < n->n_inputs && n->inputs[io->b] >= 0)
    snprintf(r[4], sizeof r[4], "%s", emit_ref(e, n->inputs[io->b]));
  else
    snprintf(r[4], sizeof r[4], "0");
  q_ref(e, n, io->x_s, r[5], sizeof r[5]);
  q_ref(e, n, io->w_s, r[6], sizeof r[6]);
  q_ref(e, n, io->y_s, r[7], sizeof r[7]);
  q_ref(e, n, io->y_zp, r[8], sizeof r[8]);
  emit_code(e, "kiln_qconv__c(&%s_p, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s);\n", id, r[0], r[1],
            r[2], r[3], r[4], r[5], r[6], r[7], r[8], emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_ConvInteger = {.name = "ConvInteger", .domain = "", .since = 10, .until = 0,
                               .attrs = "auto_pad dilations group kernel_shape pads strides",
                               .infer = qconv_infer, .eval = qconv_eval, .emit = qconv_emit,
                               .flags = 0};

const op_def op_QLinearConv = {.name = "QLinearConv", .domain = "", .since = 10, .until = 0,
                               .attrs = "auto_pad dilations group kernel_shape pads strides",
                               .infer = qconv_infer, .eval = qconv_eval, .emit = qconv_emit,
                               .flags = 0};

/* ---- matrix products ---- */

typedef struct qmm_io {
  int a, b, a_zp, b_zp, a_s, b_s, y_s, y_zp;
} qmm_io;

static const qmm_io matmulinteger_io = {0, 1, 2, 3, -1, -1, -1, -1};
static const qmm_io qlinearmatmul_io = {0, 3, 2, 5, 1, 4, 6, 7};

static const qmm_io *qmm_io_of(const ir_node *n) {
  return strcmp(n->op_type, "QLinearMatMul") == 0 ? &qlinearmatmul_io : &matmulinteger_io;
}

static int qmm_plan(kiln_diag *d, ir_graph *g, ir_node *n, const qmm_io *io,
                    kiln_qmatmul_params *p, int *out_rank, int64_t *out) {
  char b1[96], b2[96];
  memset(p, 0, sizeof *p);
  const int requant = io->y_s >= 0;
  const int max_in = requant ? 8 : 4, min_in = requant ? 8 : 2;
  if (n->n_inputs < min_in || n->n_inputs > max_in)
    return ir_node_fail(d, n, "expected %d to %d inputs, got %d", min_in, max_in, n->n_inputs);
  if (op_need_inputs(d, g, n, 0, requant ? 7 : 1)) return -1;
  ir_tensor *a = ir_in(g, n, io->a), *b = ir_in(g, n, io->b);
  if (op_check_dtype(d, n, a, io->a, q8) || op_check_dtype(d, n, b, io->b, q8)) return -1;
  if (q_same_dtype(d, g, n, io->a_zp, io->a, "a_zero_point") ||
      q_same_dtype(d, g, n, io->b_zp, io->b, "b_zero_point"))
    return -1;
  if (a->rank < 1 || b->rank < 1) return ir_node_fail(d, n, "matrix inputs must have rank >= 1");
  const int ra = a->rank, rb = b->rank;
  p->k = a->dims[ra - 1];
  p->m = ra >= 2 ? a->dims[ra - 2] : 1;
  const int64_t kb = rb >= 2 ? b->dims[rb - 2] : b->dims[0];
  p->n = rb >= 2 ? b->dims[rb - 1] : 1;
  if (p->k != kb)
    return ir_node_fail(d, n, "inner dimensions differ: A is %s and B is %s",
                        ir_shape_str(a, b1, sizeof b1), ir_shape_str(b, b2, sizeof b2));
  const int ba = ra > 2 ? ra - 2 : 0, bb = rb > 2 ? rb - 2 : 0;
  p->rank = ba > bb ? ba : bb;
  int64_t sa = p->m * p->k, sb = p->k * p->n;
  for (int i = p->rank - 1; i >= 0; i--) {
    const int ia = i - (p->rank - ba), ib = i - (p->rank - bb);
    const int64_t da = ia >= 0 ? a->dims[ia] : 1, db = ib >= 0 ? b->dims[ib] : 1;
    if (da != db && da != 1 && db != 1)
      return ir_node_fail(d, n, "batch dims of A %s and B %s do not broadcast",
                          ir_shape_str(a, b1, sizeof b1), ir_shape_str(b, b2, sizeof b2));
    p->bd[i] = da > db ? da : db;
    p->as_[i] = da == 1 ? 0 : sa;
    p->bs[i] = db == 1 ? 0 : sb;
    sa *= da;
    sb *= db;
  }
  int o = 0;
  for (int i = 0; i < p->rank; i++) out[o++] = p->bd[i];
  if (ra >= 2) out[o++] = p->m;
  if (rb >= 2) out[o++] = p->n;
  *out_rank = o;
  p->a_dt = (int)a->dtype;
  p->b_dt = (int)b->dtype;
  p->y_dt = KILN_QDT_I32;
  p->s_dt = KILN_QDT_F32;
  p->a_zp_n = p->b_zp_n = 1;
  if (!requant) {
    if (q_count(d, g, n, io->a_zp, "a_zero_point", p->m, &p->a_zp_n) ||
        q_count(d, g, n, io->b_zp, "b_zero_point", p->n, &p->b_zp_n))
      return -1;
    return 0;
  }
  int64_t c;
  ir_tensor *as = ir_in(g, n, io->a_s), *yz = ir_in(g, n, io->y_zp);
  const ir_dtype *sc = n->opset >= 21 ? scale_any : scale_f32;
  if (op_check_dtype(d, n, as, io->a_s, sc) || op_check_dtype(d, n, yz, io->y_zp, q8)) return -1;
  if (ir_in(g, n, io->b_s)->dtype != as->dtype || ir_in(g, n, io->y_s)->dtype != as->dtype)
    return ir_node_fail(d, n, "a_scale, b_scale and y_scale must have the same dtype");
  if (q_count(d, g, n, io->a_s, "a_scale", 0, &c) || q_count(d, g, n, io->b_s, "b_scale", 0, &c) ||
      q_count(d, g, n, io->y_s, "y_scale", 0, &c) ||
      q_count(d, g, n, io->a_zp, "a_zero_point", 0, &c) ||
      q_count(d, g, n, io->b_zp, "b_zero_point", 0, &c) ||
      q_count(d, g, n, io->y_zp, "y_zero_point", 0, &c))
    return -1;
  p->s_dt = (int)as->dtype;
  p->y_dt = (int)yz->dtype;
  p->requant = 1;
  return 0;
}

static int qmm_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_qmatmul_params p;
  int64_t dims[IR_MAX_RANK];
  int rank;
  if (qmm_plan(d, g, n, qmm_io_of(n), &p, &rank, dims)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output");
  ir_set_shape(y, (ir_dtype)p.y_dt, rank, dims);
  return 0;
}

static int qmm_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_qmatmul_params p;
  int64_t dims[IR_MAX_RANK];
  int rank;
  const qmm_io *io = qmm_io_of(n);
  if (qmm_plan(d, g, n, io, &p, &rank, dims)) return -1;
  ir_tensor *yt = ir_out(g, n, 0);
  if (ir_numel(yt) == 0) return ir_alloc_data(yt), 0;
  void *y = ir_alloc_data(yt);
  if (!y) return ir_node_fail(d, n, "out of memory folding %s", n->op_type);
  kiln_qmatmul__c(&p, q_data(g, n, io->a), q_data(g, n, io->a_zp), q_data(g, n, io->b),
                  q_data(g, n, io->b_zp), q_data(g, n, io->a_s), q_data(g, n, io->b_s),
                  q_data(g, n, io->y_s), q_data(g, n, io->y_zp), y);
  return 0;
}

static int qmm_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_qmatmul_params p;
  int64_t dims[IR_MAX_RANK];
  int rank;
  const qmm_io *io = qmm_io_of(n);
  if (qmm_plan(emit_diag(e), g, n, io, &p, &rank, dims)) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_use(e, "kiln_qmatmul__c")) return -1;
  char id[64], r[8][256], l[3][200];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  /* arrays of KILN_MAX_RANK; a rank-0 batch still needs one initialiser */
  int64_t zero[1] = {0};
  snprintf(l[0], sizeof l[0], "%s", emit_i64_list(e, p.rank ? p.bd : zero, p.rank ? p.rank : 1));
  snprintf(l[1], sizeof l[1], "%s", emit_i64_list(e, p.rank ? p.as_ : zero, p.rank ? p.rank : 1));
  snprintf(l[2], sizeof l[2], "%s", emit_i64_list(e, p.rank ? p.bs : zero, p.rank ? p.rank : 1));
  emit_decl(e, "static const kiln_qmatmul_params %s_p = {%lld, %lld, %lld, %d, %s, %s, %s, %d, "
            "%d, %d, %d, %lld, %lld, %d};\n", id, (long long)p.m, (long long)p.n,
            (long long)p.k, p.rank, l[0], l[1], l[2], p.a_dt, p.b_dt, p.y_dt, p.s_dt,
            (long long)p.a_zp_n, (long long)p.b_zp_n, p.requant);
  q_ref(e, n, io->a, r[0], sizeof r[0]);
  q_ref(e, n, io->a_zp, r[1], sizeof r[1]);
  q_ref(e, n, io->b, r[2], sizeof r[2]);
  q_ref(e, n, io->b_zp, r[3], sizeof r[3]);
  q_ref(e, n, io->a_s, r[4], sizeof r[4]);
  q_ref(e, n, io->b_s, r[5], sizeof r[5]);
  q_ref(e, n, io->y_s, r[6], sizeof r[6]);
  q_ref(e, n, io->y_zp, r[7], sizeof r[7]);
  emit_code(e, "kiln_qmatmul__c(&%s_p, %s, %s, %s, %s, %s, %s, %s, %s, %s);\n", id, r[0], r[1],
            r[2], r[3], r[4], r[5], r[6], r[7], emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_MatMulInteger = {.name = "MatMulInteger", .domain = "", .since = 10, .until = 0,
                                 .attrs = "", .infer = qmm_infer, .eval = qmm_eval,
                                 .emit = qmm_emit, .flags = 0};

const op_def op_QLinearMatMul = {.name = "QLinearMatMul", .domain = "", .since = 10, .until = 0,
                                 .attrs = "", .infer = qmm_infer, .eval = qmm_eval,
                                 .emit = qmm_emit, .flags = 0};
