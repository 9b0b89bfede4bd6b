/* pool.c - ONNX MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool
 * (float32, NCHW, 1-D to 3-D).
 *
 * Output size with explicit pads: floor or (ceil_mode) ceil of
 * (in + pad_begin + pad_end - ((k - 1) * dilation + 1)) / stride + 1, where
 * with ceil_mode a last window that would start past the input and the
 * leading pad is dropped. auto_pad SAME_* gives ceil(in / stride) and VALID
 * floor((in - window) / stride) + 1 regardless of ceil_mode (see op_window
 * in conv.c).
 * MaxPool: float32 and uint8; the optional Indices output (flat input
 * indices, row-major or with storage_order=1 column-major) and uint8 use
 * the direct kernels of kernels/pool_idx.c.
 * AveragePool: padding is excluded from the average unless
 * count_include_pad=1, in which case the taps in the explicit (or auto) pads
 * count but not those in the ceil_mode overhang past the trailing pad (the
 * rule of onnxruntime, PyTorch and the ONNX backend test data).
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/conv.h"
#include "../kernels/gemm.h"
#include "../kernels/pool.h"
#include "../kernels/pool_idx.h"
#include "../emit/target.h"

#include <stdio.h>
#include <string.h>

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};
static const ir_dtype maxpool_ok[] = {IR_F32, IR_U8, IR_UNDEFINED};

static int pool_x_(kiln_diag *d, ir_graph *g, ir_node *n, ir_tensor **x, const ir_dtype *ok) {
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, *x, 0, ok)) return -1;
  if ((*x)->rank < 3 || (*x)->rank > 5)
    return ir_node_fail(d, n, "input 0 'X' has rank %d; %s supports 1-D, 2-D and 3-D pooling "
                        "(rank 3 to 5, NCHW)", (*x)->rank, n->op_type);
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  return 0;
}
static int pool_x(kiln_diag *d, ir_graph *g, ir_node *n, ir_tensor **x) { return pool_x_(d, g, n, x, f32_only); }

/* MaxPool needs the direct kernel (pool_idx.c) for Indices or uint8. */
static int maxpool_direct(ir_graph *g, ir_node *n) {
  return ir_in(g, n, 0)->dtype != IR_F32 || ir_out(g, n, 1) != NULL;
}

static int pool_plan(kiln_diag *d, ir_graph *g, ir_node *n, int is_max, kiln_pool_params *p,
                     int64_t *out_dims) {
  ir_tensor *x;
  memset(p, 0, sizeof *p);
  if (pool_x_(d, g, n, &x, is_max ? maxpool_ok : f32_only)) return -1;
  const int sp = x->rank - 2;
  if (is_max) {
    int64_t so = ir_attr_int(n, "storage_order", 0);
    if (so != 0 && so != 1)
      return ir_node_fail(d, n, "attribute 'storage_order' is %lld, expected 0 or 1", (long long)so);
    if (n->n_outputs > 2) return ir_node_fail(d, n, "has %d outputs, MaxPool has at most 2", n->n_outputs);
  }
  const int64_t *ks;
  int cnt = ir_attr_ints(n, "kernel_shape", &ks);
  if (cnt < 0) return ir_node_fail(d, n, "attribute 'kernel_shape' is required");
  if (cnt != sp)
    return ir_node_fail(d, n, "attribute 'kernel_shape' has %d values, expected %d", cnt, sp);
  const int ceil_mode = ir_attr_int(n, "ceil_mode", 0) != 0;
  p->count_include_pad = !is_max && ir_attr_int(n, "count_include_pad", 0) != 0;
  int64_t in[3], s[3], dl[3], pb[3], pe[3], out[3];
  for (int i = 0; i < sp; i++) in[i] = x->dims[2 + i];
  if (op_window(d, n, sp, in, ks, ceil_mode, /*use_dilations=*/1, s, dl, pb, pe, out)) return -1;
  p->nc = x->dims[0] * x->dims[1];
  for (int i = 0; i < 3; i++) {
    const int j = i - (3 - sp); /* right-align: 1-D and 2-D get leading 1s */
    p->in[i] = j >= 0 ? in[j] : 1;
    p->out[i] = j >= 0 ? out[j] : 1;
    p->k[i] = j >= 0 ? ks[j] : 1;
    p->stride[i] = j >= 0 ? s[j] : 1;
    p->pad[i] = j >= 0 ? pb[j] : 0;
    p->pad_end[i] = j >= 0 ? pe[j] : 0;
    p->dil[i] = j >= 0 ? dl[j] : 1;
  }
  out_dims[0] = x->dims[0];
  out_dims[1] = x->dims[1];
  for (int i = 0; i < sp; i++) out_dims[2 + i] = out[i];
  return 0;
}

static int pool_infer_(kiln_diag *d, ir_graph *g, ir_node *n, int is_max) {
  kiln_pool_params p;
  int64_t dims[IR_MAX_RANK];
  if (pool_plan(d, g, n, is_max, &p, dims)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  ir_set_shape(y, x->dtype, x->rank, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output size overflows");
  if (is_max && ir_out(g, n, 1)) ir_set_shape(ir_out(g, n, 1), IR_I64, x->rank, dims);
  return 0;
}

static int pool_eval_(kiln_diag *d, ir_graph *g, ir_node *n, int is_max) {
  kiln_pool_params p;
  int64_t dims[IR_MAX_RANK];
  if (pool_plan(d, g, n, is_max, &p, dims)) return -1;
  if (is_max && maxpool_direct(g, n)) {
    void *y = ir_alloc_data(ir_out(g, n, 0));
    int64_t *ix = ir_out(g, n, 1) ? ir_alloc_data(ir_out(g, n, 1)) : NULL;
    if (!y || (ir_out(g, n, 1) && !ix)) return ir_node_fail(d, n, "out of memory");
    int so = (int)ir_attr_int(n, "storage_order", 0);
    if (ir_in(g, n, 0)->dtype == IR_U8) kiln_u8_maxpool_idx__c(&p, so, ir_in(g, n, 0)->data, y, ix);
    else kiln_f32_maxpool_idx__c(&p, so, ir_in(g, n, 0)->data, y, ix);
    return 0;
  }
  float *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  if (is_max) kiln_f32_maxpool2d__c(&p, ir_in(g, n, 0)->data, out);
  else kiln_f32_avgpool2d__c(&p, ir_in(g, n, 0)->data, out);
  return 0;
}

static int pool_emit_(emit_ctx *e, ir_graph *g, ir_node *n, int is_max) {
  kiln_diag *d = emit_diag(e);
  kiln_pool_params p;
  int64_t dims[IR_MAX_RANK];
  if (pool_plan(d, g, n, is_max, &p, dims)) return -1;
  const char *sym = is_max ? "kiln_f32_maxpool2d__c" : "kiln_f32_avgpool2d__c";
  int direct = is_max && maxpool_direct(g, n);
  /* AVX-512: 2-D, dilation 1, stride_w 1 or 2, k_w <= 16, out_w <= 256 */
  const int simd = is_max && !direct && (emit_isa(e) & KILN_ISA_AVX512) && ir_in(g, n, 0)->dtype == IR_F32 &&
                   p.in[0] == 1 && p.out[0] == 1 && p.k[0] == 1 && p.dil[1] == 1 && p.dil[2] == 1 &&
                   (p.stride[2] == 1 || p.stride[2] == 2) && p.k[2] <= 16 && p.out[2] <= 256;
  if (simd) sym = "kiln_f32_maxpool2d__avx512";
  if (direct) sym = ir_in(g, n, 0)->dtype == IR_U8 ? "kiln_u8_maxpool_idx__c" : "kiln_f32_maxpool_idx__c";
  char id[64], x[160], y[160], ix[160] = "0";
  if (emit_use(e, sym)) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (op_emit_ref(e, n->inputs[0], x, sizeof x) || op_emit_ref(e, n->outputs[0], y, sizeof y))
    return -1;
  emit_decl(e,
            "static const kiln_pool_params %s_p = {.nc = %lld, .in = {%lld, %lld, %lld}, "
            ".out = {%lld, %lld, %lld}, .k = {%lld, %lld, %lld}, .stride = {%lld, %lld, %lld}, "
            ".pad = {%lld, %lld, %lld}, .pad_end = {%lld, %lld, %lld}, .dil = {%lld, %lld, %lld}, "
            ".count_include_pad = %d};\n",
            id, (long long)p.nc, (long long)p.in[0], (long long)p.in[1], (long long)p.in[2],
            (long long)p.out[0], (long long)p.out[1], (long long)p.out[2], (long long)p.k[0],
            (long long)p.k[1], (long long)p.k[2], (long long)p.stride[0], (long long)p.stride[1],
            (long long)p.stride[2], (long long)p.pad[0], (long long)p.pad[1], (long long)p.pad[2],
            (long long)p.pad_end[0], (long long)p.pad_end[1], (long long)p.pad_end[2],
            (long long)p.dil[0], (long long)p.dil[1], (long long)p.dil[2], p.count_include_pad);
  if (direct) {
    if (ir_out(g, n, 1) && op_emit_ref(e, n->outputs[1], ix, sizeof ix)) return -1;
    emit_code(e, "%s(&%s_p, /*storage_order=*/%d, %s, %s, %s);\n", sym, id,
              (int)ir_attr_int(n, "storage_order", 0), x, y, ix);
    return 0;
  }
  emit_code(e, "%s(&%s_p, %s, %s%s);\n", sym, id, x, y, simd ? ", &P" : "");
  return 0;
}

static int maxpool_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return pool_infer_(d, g, n, 1); }
static int maxpool_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return pool_eval_(d, g, n, 1); }
static int maxpool_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return pool_emit_(e, g, n, 1); }
static int avgpool_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return pool_infer_(d, g, n, 0); }
static int avgpool_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return pool_eval_(d, g, n, 0); }
static int avgpool_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return pool_emit_(e, g, n, 0); }

/* ---- global pools: one value per (n, c) plane ---- */

static int global_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x;
  if (pool_x(d, g, n, &x)) return -1;
  int64_t dims[IR_MAX_RANK];
  dims[0] = x->dims[0];
  dims[1] = x->dims[1];
  for (int i = 2; i < x->rank; i++) dims[i] = 1;
  ir_set_shape(ir_out(g, n, 0), IR_F32, x->rank, dims);
  return 0;
}

static void global_sizes(const ir_tensor *x, int64_t *planes, int64_t *size) {
  *planes = x->dims[0] * x->dims[1];
  *size = 1;
  for (int i = 2; i < x->rank; i++) *size *= x->dims[i];
}

static int global_eval_(kiln_diag *d, ir_graph *g, ir_node *n, int is_max) {
  ir_tensor *x;
  int64_t planes, size;
  if (pool_x(d, g, n, &x)) return -1;
  global_sizes(x, &planes, &size);
  float *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  if (is_max) kiln_f32_globalmaxpool__c(planes, size, x->data, out);
  else kiln_f32_globalavgpool__c(planes, size, x->data, out);
  return 0;
}

static int global_emit_(emit_ctx *e, ir_graph *g, ir_node *n, int is_max) {
  kiln_diag *d = emit_diag(e);
  ir_tensor *x;
  int64_t planes, size;
  char xs[160], ys[160];
  if (pool_x(d, g, n, &x)) return -1;
  global_sizes(x, &planes, &size);
  const char *sym = is_max ? "kiln_f32_globalmaxpool__c" : "kiln_f32_globalavgpool__c";
  if (emit_use(e, sym) || op_emit_ref(e, n->inputs[0], xs, sizeof xs) ||
      op_emit_ref(e, n->outputs[0], ys, sizeof ys))
    return -1;
  emit_code(e, "%s(/*planes=*/%lld, /*size=*/%lld, %s, %s);\n", sym, (long long)planes,
            (long long)size, xs, ys);
  return 0;
}

static int gap_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return global_eval_(d, g, n, 0); }
static int gap_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return global_emit_(e, g, n, 0); }
static int gmp_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return global_eval_(d, g, n, 1); }
static int gmp_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return global_emit_(e, g, n, 1); }

const op_def op_MaxPool = {.name = "MaxPool", .domain = "", .since = 1, .until = 0,
                           .attrs = "auto_pad ceil_mode dilations kernel_shape pads storage_order "
                                    "strides",
                           .infer = maxpool_infer, .eval = maxpool_eval, .emit = maxpool_emit,
                           .flags = 0};
const op_def op_AveragePool = {.name = "AveragePool", .domain = "", .since = 1, .until = 0,
                               .attrs = "auto_pad ceil_mode count_include_pad dilations "
                                        "kernel_shape pads strides",
                               .infer = avgpool_infer, .eval = avgpool_eval,
                               .emit = avgpool_emit, .flags = 0};
const op_def op_GlobalAveragePool = {.name = "GlobalAveragePool", .domain = "", .since = 1,
                                     .until = 0, .attrs = "", .infer = global_infer,
                                     .eval = gap_eval, .emit = gap_emit, .flags = 0};
const op_def op_GlobalMaxPool = {.name = "GlobalMaxPool", .domain = "", .since = 1, .until = 0,
                                 .attrs = "", .infer = global_infer, .eval = gmp_eval,
                                 .emit = gmp_emit, .flags = 0};
