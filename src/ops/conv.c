/* conv.c - ONNX Conv (1-D, 2-D, 3-D), float32, NCHW.
 *
 * Attributes: auto_pad (NOTSET, SAME_UPPER, SAME_LOWER, VALID), dilations,
 * group, kernel_shape (optional; must match W), pads, strides. Optional
 * bias B. Fusion: n->act and n->fused_add give
 *     Y = act(Conv(X, W) + B + R)
 * Kernel choice (made once here for both eval and emit):
 *   1x1 kernel, stride 1, no padding (any rank)  -> kiln_f32_conv2d_1x1__c (GEMM)
 *   3-D otherwise                                -> kiln_f32_conv3d__c
 *   group == C_in == C_out                       -> kiln_f32_dwconv2d__c
 *   anything else (1-D runs as 2-D with H = 1)   -> kiln_f32_conv2d__c
 * All portable kernels read W in ONNX's own layout, so a run-time W works
 * unchanged. On x86 targets (emit only; eval folds with the portable code)
 * a constant W selects, per node:
 *   1x1 (2-D or flattened)        -> kiln_f32_conv2d_1x1__avx512 / __avx2 (GEMM on X in place)
 *   other 1-D/2-D                 -> kiln_f32_conv2d_gemm__avx512 / __avx2 (implicit GEMM,
 *                                    im2col panels in the node's scratch)
 *   depthwise, dilation 1, s 1/2  -> kiln_f32_dwconv2d__avx512 / __avx2
 * with W packed at compile time into 6-row panels (kiln_conv_pack_w).
 *
 * Also defines op_window() (declared in src/kernels/conv.h), the auto_pad /
 * pads / strides / dilations resolution shared with the pools.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/conv.h"
#include "../kernels/cast.h"
#include "../kernels/gemm.h"
#include "../kernels/gemm_avx512.h"
#include "../kernels/gemm_avx2.h"
#include "../emit/target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>




static const ir_dtype f32_f16[] = {IR_F32, IR_F16, IR_UNDEFINED};

enum { CONV_GENERAL, CONV_1X1, CONV_DW, CONV_3D };

typedef struct conv_plan {
  int kind;
  int sp;
  kiln_conv2d_params p2;
  kiln_conv3d_params p3;
  int64_t out_dims[IR_MAX_RANK];
} conv_plan;

static const char *const conv_syms[] = {"kiln_f32_conv2d__c", "kiln_f32_conv2d_1x1__c",
                                        "kiln_f32_dwconv2d__c", "kiln_f32_conv3d__c"};

/* Validates the node and works out the output shape and the kernel call. */
static int conv_plan_make(kiln_diag *d, ir_graph *g, ir_node *n, conv_plan *cp) {
  char buf[96], buf2[96];
  memset(cp, 0, sizeof *cp);
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *w = ir_in(g, n, 1), *b = ir_in(g, n, 2);
  if (op_check_dtype(d, n, x, 0, f32_f16) || op_check_dtype(d, n, w, 1, f32_f16)) return -1;
  if (w->dtype != x->dtype)
    return ir_node_fail(d, n, "input 1 'W' has dtype %s, expected X's %s", ir_dtype_name(w->dtype),
                        ir_dtype_name(x->dtype));
  const int r = x->rank;
  if (r < 3 || r > 5)
    return ir_node_fail(d, n, "input 0 'X' has rank %d; Conv supports 1-D, 2-D and 3-D "
                        "convolutions (rank 3 to 5, NCHW)", r);
  if (w->rank != r)
    return ir_node_fail(d, n, "input 1 'W' has rank %d, expected %d (the rank of X)", w->rank, r);
  const int sp = r - 2;
  const int64_t C = x->dims[1], M = w->dims[0];
  const int64_t group = ir_attr_int(n, "group", 1);
  if (group < 1) return ir_node_fail(d, n, "group must be >= 1 (got %lld)", (long long)group);
  if (C % group != 0)
    return ir_node_fail(d, n, "group %lld does not divide the %lld input channels of X",
                        (long long)group, (long long)C);
  if (M % group != 0)
    return ir_node_fail(d, n, "group %lld does not divide the %lld output channels of W",
                        (long long)group, (long long)M);
  if (w->dims[1] * group != C)
    return ir_node_fail(d, n, "channel mismatch: input 0 'X' %s has %lld channels but input 1 "
                        "'W' %s expects %lld per group x group %lld = %lld",
                        ir_shape_str(x, buf, sizeof buf), (long long)C,
                        ir_shape_str(w, buf2, sizeof buf2), (long long)w->dims[1],
                        (long long)group, (long long)(w->dims[1] * group));
  const int64_t *ks;
  int cnt = ir_attr_ints(n, "kernel_shape", &ks);
  if (cnt >= 0) {
    int ok = cnt == sp;
    for (int i = 0; ok && i < sp; i++) ok = ks[i] == w->dims[2 + i];
    if (!ok)
      return ir_node_fail(d, n, "attribute 'kernel_shape' does not match the spatial dims of "
                          "input 1 'W' %s", ir_shape_str(w, buf, sizeof buf));
  }
  if (b) {
    if (op_need_inputs(d, g, n, 2, 2) || op_check_dtype(d, n, b, 2, f32_f16)) return -1;
    if (b->dtype != x->dtype)
      return ir_node_fail(d, n, "input 2 'B' has dtype %s, expected X's %s", ir_dtype_name(b->dtype),
                          ir_dtype_name(x->dtype));
    if (b->rank != 1 || b->dims[0] != M)
      return ir_node_fail(d, n, "input 2 'B' has shape %s, expected [%lld] (one bias per output "
                          "channel)", ir_shape_str(b, buf, sizeof buf), (long long)M);
  }
  int64_t in[3], k[3], s[3], dl[3], pb[3], pe[3], out[3];
  for (int i = 0; i < sp; i++) {
    in[i] = x->dims[2 + i];
    k[i] = w->dims[2 + i];
  }
  if (op_window(d, n, sp, in, k, /*ceil_mode=*/0, /*use_dilations=*/1, s, dl, pb, pe, out))
    return -1;
  cp->sp = sp;
  cp->out_dims[0] = x->dims[0];
  cp->out_dims[1] = M;
  for (int i = 0; i < sp; i++) cp->out_dims[2 + i] = out[i];

  kiln_act act;
  op_act_from_node(n, &act);
  int is1x1 = 1;
  int64_t in_n = 1, out_n = 1;
  for (int i = 0; i < sp; i++) {
    is1x1 = is1x1 && k[i] == 1 && s[i] == 1 && pb[i] == 0 && pe[i] == 0;
    in_n *= in[i];
    out_n *= out[i];
  }
  kiln_conv2d_params *p = &cp->p2;
  p->n = x->dims[0];
  p->c_in = C;
  p->c_out = M;
  p->group = group;
  p->act = act;
  if (is1x1) {
    cp->kind = CONV_1X1;
    p->h_in = p->h_out = 1;
    p->w_in = in_n;
    p->w_out = out_n;
    p->k_h = p->k_w = p->stride_h = p->stride_w = p->dil_h = p->dil_w = 1;
  } else if (sp == 3) {
    kiln_conv3d_params *q = &cp->p3;
    cp->kind = CONV_3D;
    q->n = x->dims[0];
    q->c_in = C;
    q->c_out = M;
    q->group = group;
    q->act = act;
    for (int i = 0; i < 3; i++) {
      q->in[i] = in[i];
      q->out[i] = out[i];
      q->k[i] = k[i];
      q->stride[i] = s[i];
      q->pad[i] = pb[i];
      q->dil[i] = dl[i];
    }
  } else {
    const int o = sp == 1 ? 0 : 1; /* 1-D: h = 1 */
    cp->kind = group == C && M == C ? CONV_DW : CONV_GENERAL;
    p->h_in = o ? in[0] : 1;
    p->w_in = in[o];
    p->h_out = o ? out[0] : 1;
    p->w_out = out[o];
    p->k_h = o ? k[0] : 1;
    p->k_w = k[o];
    p->stride_h = o ? s[0] : 1;
    p->stride_w = s[o];
    p->pad_t = o ? pb[0] : 0;
    p->pad_l = pb[o];
    p->dil_h = o ? dl[0] : 1;
    p->dil_w = dl[o];
  }
  return 0;
}

/* The SIMD kernel kind for a planned node on `isa`, or X86_NONE (portable
 * C). Shared by the scratch query and emit so both agree. AVX2 and NEON
 * have the 1x1 and implicit-GEMM kinds, NEON also depthwise, AVX-512 all;
 * --opt size leaves out AVX-512's in-place-tap and Winograd kernels (about
 * 20 KB of code each), whose convolutions the implicit-GEMM kernel also
 * runs. Winograd F(4x4, 3x3) takes 3x3 stride-1 convolutions with at least
 * 16 channels in and out and at least 4x4 tiles (a 13x13 output): below
 * that its transforms and narrow GEMMs cost more than they save. */
enum { X86_NONE, X86_1X1, X86_GEMM, X86_DW, X86_S1, X86_WINO };
static int conv_x86_kind(unsigned isa, int opt_size, const conv_plan *cp, const ir_tensor *w) {
  int64_t nr;
  if (!op_gemm_isa(isa, &nr) || !w->data || w->dtype != IR_F32) return X86_NONE;
  const kiln_conv2d_params *p = &cp->p2;
  switch (cp->kind) {
  case CONV_1X1: return X86_1X1;
  case CONV_GENERAL:
    if ((isa & KILN_ISA_AVX512) && !opt_size && p->k_h == 3 && p->k_w == 3 && p->stride_h == 1 &&
        p->stride_w == 1 && p->dil_h == 1 && p->dil_w == 1 && p->group == 1 && p->c_in >= 16 &&
        p->c_out >= 16 && (p->h_out + 3) / 4 * ((p->w_out + 3) / 4) >= 16)
      return X86_WINO;
    /* stride 1 with the output plane the size of the input: taps read X in place */
    if ((isa & KILN_ISA_AVX512) && !opt_size && p->stride_h == 1 && p->stride_w == 1 && p->h_out == p->h_in &&
        p->w_out == p->w_in && p->k_h * p->k_w <= 64)
      return X86_S1;
    return X86_GEMM;
  case CONV_DW:
    if (isa & KILN_ISA_NEON)
      return p->dil_h == 1 && p->dil_w == 1 && (p->stride_w == 1 || p->stride_w == 2) ? X86_DW : X86_NONE;
    return (isa & KILN_ISA_AVX512) && p->k_w <= 16 && p->dil_h == 1 && p->dil_w == 1 && (p->stride_w == 1 || p->stride_w == 2) ? X86_DW
                                                                                    : X86_NONE;
  default: return X86_NONE;
  }
}

static const char *conv_x86_sym(unsigned isa, int kind) {
  static const char *const avx512[] = {NULL, "kiln_f32_conv2d_1x1__avx512",
                                       "kiln_f32_conv2d_gemm__avx512", "kiln_f32_dwconv2d__avx512",
                                       "kiln_f32_conv2d_s1__avx512", "kiln_f32_conv2d_wino4x4__avx512"};
  static const char *const avx2[] = {NULL, "kiln_f32_conv2d_1x1__avx2", "kiln_f32_conv2d_gemm__avx2",
                                     NULL, NULL, NULL};
  static const char *const neon[] = {NULL, "kiln_f32_conv2d_1x1__neon", "kiln_f32_conv2d_gemm__neon",
                                     "kiln_f32_dwconv2d__neon", NULL, NULL};
  return isa & KILN_ISA_AVX512 ? avx512[kind] : isa & KILN_ISA_AVX2 ? avx2[kind] : neon[kind];
}

/* W [c_out][c_in/g][taps] packed as [g][ceil(cog / 6)][c_in/g * taps][6]
 * (zero rows past cog): the order the SIMD microkernels broadcast it. K runs
 * channel-major (ic, tap) like im2col rows, or tap-major (tap, ic) for
 * kiln_f32_conv2d_s1__avx512. */
static float *kiln_conv_pack_w(const conv_plan *cp, const float *w, int tap_major, size_t *bytes) {
  const kiln_conv2d_params *p = &cp->p2;
  const int64_t G = p->group, cog = p->c_out / G, K = p->c_in / G * p->k_h * p->k_w;
  const int64_t blocks = (cog + 5) / 6;
  *bytes = (size_t)(G * blocks * 6 * K) * sizeof(float);
  float *out = kiln_malloc(*bytes ? *bytes : 1);
  if (!out) return NULL;
  for (int64_t g = 0; g < G; g++)
    for (int64_t bl = 0; bl < blocks; bl++)
      for (int64_t k = 0; k < K; k++)
        for (int64_t i = 0; i < 6; i++) {
          const int64_t oc = bl * 6 + i;
          const int64_t taps = p->k_h * p->k_w, cig = p->c_in / G;
          const int64_t ks = tap_major ? (k % cig) * taps + k / cig : k; /* ONNX index */
          out[((g * blocks + bl) * K + k) * 6 + i] = oc < cog ? w[(g * cog + oc) * K + ks] : 0.0f;
        }
  return out;
}

/* W [c_out][c_in][3][3] as U = G g G^T per channel pair, packed as the 36
 * GEMM A operands of kiln_f32_conv2d_wino4x4__avx512:
 * [36][ceil(c_out / 6)][c_in][6] (zero rows past c_out). G is F(4x4, 3x3)'s
 * weight transform (rows 1/4 (1, 0, 0); -1/6 (1, 1, 1); -1/6 (1, -1, 1);
 * 1/24 (1, 2, 4); 1/24 (1, -2, 4); (0, 0, 1)), applied in double. */
static float *kiln_conv_wino_pack_w(const conv_plan *cp, const float *w, size_t *bytes) {
  static const double G[6][3] = {{0.25, 0, 0},
                                 {-1.0 / 6, -1.0 / 6, -1.0 / 6},
                                 {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                                 {1.0 / 24, 1.0 / 12, 1.0 / 6},
                                 {1.0 / 24, -1.0 / 12, 1.0 / 6},
                                 {0, 0, 1}};
  const int64_t OC = cp->p2.c_out, IC = cp->p2.c_in, blocks = (OC + 5) / 6;
  const int64_t wxi = blocks * 6 * IC;
  *bytes = (size_t)(36 * wxi) * sizeof(float);
  float *out = kiln_malloc(*bytes ? *bytes : 1);
  if (!out) return NULL;
  memset(out, 0, *bytes);
  for (int64_t oc = 0; oc < OC; oc++)
    for (int64_t ic = 0; ic < IC; ic++) {
      const float *g = w + (oc * IC + ic) * 9;
      double t[6][3]; /* G g */
      for (int i = 0; i < 6; i++)
        for (int j = 0; j < 3; j++)
          t[i][j] = G[i][0] * g[0 * 3 + j] + G[i][1] * g[1 * 3 + j] + G[i][2] * g[2 * 3 + j];
      for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++) { /* (G g) G^T */
          const double u = t[i][0] * G[j][0] + t[i][1] * G[j][1] + t[i][2] * G[j][2];
          out[(i * 6 + j) * wxi + ((oc / 6) * IC + ic) * 6 + oc % 6] = (float)u;
        }
    }
  return out;
}

static size_t conv_scratch(const ir_graph *g, const ir_node *n) {
  kiln_diag d;
  conv_plan cp;
  memset(&d, 0, sizeof d);
  if (conv_plan_make(&d, (ir_graph *)g, (ir_node *)n, &cp)) return 0;
  const ir_tensor *x = ir_in((ir_graph *)g, n, 0), *y = ir_out((ir_graph *)g, n, 0);
  if (x->dtype == IR_F16) { /* float32 copies of X, W, B and Y (conv_emit_f16) */
    const ir_tensor *w = ir_in((ir_graph *)g, n, 1), *b = ir_in((ir_graph *)g, n, 2);
    return (size_t)(ir_numel(x) + ir_numel(w) + (b ? ir_numel(b) : 0) + ir_numel(y)) * sizeof(float);
  }
  const int k = conv_x86_kind(g->isa, g->opt_size, &cp, ir_in((ir_graph *)g, n, 1));
  if (k == X86_WINO) { /* V [36][c_in][tb] and M [36][c_out][tb], tb tiles per block */
    const kiln_conv2d_params *p = &cp.p2;
    int64_t tb = (p->h_out + 3) / 4 * ((p->w_out + 3) / 4);
    if (tb > 64) tb = 64;
    return (size_t)(36 * (p->c_in + p->c_out) * tb) * sizeof(float);
  }
  if (k != X86_GEMM) return 0; /* one panel per worker thread */
  return (size_t)KILN_CONV_KC * 64 * sizeof(float) * (size_t)(g->threads > 1 ? g->threads : 1);
}

static int conv_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  conv_plan cp;
  if (conv_plan_make(d, g, n, &cp)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  ir_set_shape(y, ir_in(g, n, 0)->dtype, cp.sp + 2, cp.out_dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output size overflows");
  return 0;
}

static void conv_run(const conv_plan *cp, const float *x, const float *w, const float *b,
                     const float *r, float *y) {
  switch (cp->kind) {
  case CONV_1X1: kiln_f32_conv2d_1x1__c(&cp->p2, x, w, b, r, y); break;
  case CONV_DW: kiln_f32_dwconv2d__c(&cp->p2, x, w, b, r, y); break;
  case CONV_3D: kiln_f32_conv3d__c(&cp->p3, x, w, b, r, y); break;
  default: kiln_f32_conv2d__c(&cp->p2, x, w, b, r, y); break;
  }
}

static int conv_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  conv_plan cp;
  const float *r;
  ir_tensor *y = ir_out(g, n, 0);
  if (conv_plan_make(d, g, n, &cp) || op_check_fused_add(d, g, n, y) ||
      op_fused_add_data(d, g, n, &r))
    return -1;
  const ir_tensor *b = ir_in(g, n, 2);
  if (y->dtype == IR_F16) { /* as the package: float32 copies, one rounding at the end */
    const ir_tensor *x = ir_in(g, n, 0), *w = ir_in(g, n, 1);
    const int64_t nx = ir_numel(x), nw = ir_numel(w), nb = b ? ir_numel(b) : 0, ny = ir_numel(y);
    float *f = kiln_malloc((size_t)(nx + nw + nb + ny + 1) * sizeof(float));
    void *out = ir_alloc_data(y);
    if (!f || !out) {
      free(f);
      return ir_node_fail(d, n, "out of memory");
    }
    kiln_f16_to_f32__c(nx, x->data, f);
    kiln_f16_to_f32__c(nw, w->data, f + nx);
    if (b) kiln_f16_to_f32__c(nb, b->data, f + nx + nw);
    conv_run(&cp, f, f + nx, b ? f + nx + nw : NULL, NULL, f + nx + nw + nb);
    kiln_f32_to_f16__c(ny, f + nx + nw + nb, out);
    free(f);
    return 0;
  }
  float *out = ir_alloc_data(y);
  if (!out) return ir_node_fail(d, n, "out of memory");
  conv_run(&cp, ir_in(g, n, 0)->data, ir_in(g, n, 1)->data, b ? b->data : NULL, r, out);
  return 0;
}

static int conv_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  conv_plan cp;
  ir_tensor *y = ir_out(g, n, 0);
  if (conv_plan_make(d, g, n, &cp) || op_check_fused_add(d, g, n, y)) return -1;
  if (y->dtype != IR_F32 && y->dtype != IR_F16)
    return ir_node_fail(d, n, "dtype %s is not supported at run time (supported: float32, float16)",
                        ir_dtype_name(y->dtype));
  const int xk = conv_x86_kind(emit_isa(e), emit_opt_size(e), &cp, ir_in(g, n, 1));
  const char *sym = xk ? conv_x86_sym(emit_isa(e), xk) : conv_syms[cp.kind];
  char id[64], x[160], w[160], b[160], r[160], out[160], act[160], scr[160];
  if (emit_use(e, sym)) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (xk == X86_1X1 || xk == X86_GEMM || xk == X86_S1 || xk == X86_WINO) {
    size_t bytes;
    float *pw = xk == X86_WINO ? kiln_conv_wino_pack_w(&cp, ir_in(g, n, 1)->data, &bytes)
                               : kiln_conv_pack_w(&cp, ir_in(g, n, 1)->data, xk == X86_S1, &bytes);
    if (!pw) return ir_node_fail(d, n, "out of memory packing W");
    const char *ref = emit_weight(e, pw, bytes, "float");
    free(pw);
    if (!ref) return -1;
    snprintf(w, sizeof w, "%s", ref);
  } else if (op_emit_ref(e, n->inputs[1], w, sizeof w)) {
    return -1;
  }
  snprintf(scr, sizeof scr, "%s", emit_scratch(e, n));
  if (op_emit_ref(e, n->inputs[0], x, sizeof x) ||
      op_emit_ref(e, ir_has_in(n, 2) ? n->inputs[2] : -1, b, sizeof b) ||
      op_emit_ref(e, n->fused_add, r, sizeof r) || op_emit_ref(e, n->outputs[0], out, sizeof out))
    return -1;
  if (cp.kind == CONV_3D) {
    const kiln_conv3d_params *q = &cp.p3;
    emit_decl(e,
              "static const kiln_conv3d_params %s_p = {.n = %lld, .c_in = %lld, .c_out = %lld, "
              ".group = %lld, .in = {%lld, %lld, %lld}, .out = {%lld, %lld, %lld}, "
              ".k = {%lld, %lld, %lld}, .stride = {%lld, %lld, %lld}, .pad = {%lld, %lld, %lld}, "
              ".dil = {%lld, %lld, %lld}, .act = %s};\n",
              id, (long long)q->n, (long long)q->c_in, (long long)q->c_out, (long long)q->group,
              (long long)q->in[0], (long long)q->in[1], (long long)q->in[2], (long long)q->out[0],
              (long long)q->out[1], (long long)q->out[2], (long long)q->k[0], (long long)q->k[1],
              (long long)q->k[2], (long long)q->stride[0], (long long)q->stride[1],
              (long long)q->stride[2], (long long)q->pad[0], (long long)q->pad[1],
              (long long)q->pad[2], (long long)q->dil[0], (long long)q->dil[1],
              (long long)q->dil[2], op_act_literal(&q->act, act, sizeof act));
  } else {
    const kiln_conv2d_params *p = &cp.p2;
    emit_decl(e,
              "static const kiln_conv2d_params %s_p = {.n = %lld, .c_in = %lld, .h_in = %lld, "
              ".w_in = %lld, .c_out = %lld, .h_out = %lld, .w_out = %lld, .k_h = %lld, "
              ".k_w = %lld, .stride_h = %lld, .stride_w = %lld, .pad_t = %lld, .pad_l = %lld, "
              ".dil_h = %lld, .dil_w = %lld, .group = %lld, .act = %s};\n",
              id, (long long)p->n, (long long)p->c_in, (long long)p->h_in, (long long)p->w_in,
              (long long)p->c_out, (long long)p->h_out, (long long)p->w_out, (long long)p->k_h,
              (long long)p->k_w, (long long)p->stride_h, (long long)p->stride_w,
              (long long)p->pad_t, (long long)p->pad_l, (long long)p->dil_h, (long long)p->dil_w,
              (long long)p->group, op_act_literal(&p->act, act, sizeof act));
  }
  if (y->dtype == IR_F16) { /* float16: the float32 kernel on float32 copies, rounded once */
    const ir_tensor *tb = ir_in(g, n, 2);
    const long long nx = (long long)ir_numel(ir_in(g, n, 0)), nw = (long long)ir_numel(ir_in(g, n, 1));
    const long long nb = tb ? (long long)ir_numel(tb) : 0, ny = (long long)ir_numel(y);
    if (emit_use(e, "kiln_f16_to_f32__c") || emit_use(e, "kiln_f32_to_f16__c")) return -1;
    emit_code(e, "{\n  float *xs = (float *)(%s), *ws = xs + %lld, *bs = ws + %lld, *ys = bs + %lld;\n", scr,
              nx, nw, nb);
    emit_code(e, "  kiln_f16_to_f32__c(%lld, %s, xs);\n  kiln_f16_to_f32__c(%lld, %s, ws);\n", nx, x, nw, w);
    if (tb) emit_code(e, "  kiln_f16_to_f32__c(%lld, %s, bs);\n", nb, b);
    emit_code(e, "  %s(&%s_p, xs, ws, %s, NULL, ys%s);\n  kiln_f32_to_f16__c(%lld, ys, %s);\n}\n", sym, id,
              tb ? "bs" : "NULL", xk ? ", &P" : "", ny, out);
  } else if (xk == X86_GEMM || xk == X86_WINO)
    emit_code(e, "%s(&%s_p, %s, %s, %s, %s, %s, %s, &P);\n", sym, id, x, w, b, r, out, scr);
  else
    emit_code(e, "%s(&%s_p, %s, %s, %s, %s, %s%s);\n", sym, id, x, w, b, r, out, xk ? ", &P" : "");
  return 0;
}

const op_def op_Conv = {.name = "Conv", .domain = "", .since = 1, .until = 0,
                        .attrs = "auto_pad dilations group kernel_shape pads strides",
                        .infer = conv_infer, .eval = conv_eval, .emit = conv_emit, .flags = OP_EPILOGUE,
                        .scratch = conv_scratch};
