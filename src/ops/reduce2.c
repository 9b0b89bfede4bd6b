/* reduce2.c - ONNX ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd,
 * ReduceL1, ReduceL2, ReduceLogSum, ReduceLogSumExp, ReduceSumSquare, ArgMax,
 * ArgMin, CumSum, CumProd, Hardmax, TopK, LpPool.
 *
 * Version differences:
 *  - Reduce*: axes are an attribute before opset 18 (13 for ReduceSum) and
 *    an optional (constant) input from then on, where noop_with_empty_axes=1
 *    turns empty axes into "reduce nothing" (the op's elementwise part still
 *    applies, as in the ONNX reference: ReduceL1 gives |x|, ReduceSumSquare
 *    x*x). keepdims (default 1) keeps reduced dims as size 1.
 *  - ReduceMax/ReduceMin accept bool (opset 20); all Reduce* accept the
 *    integer dtypes; one any-dtype kernel (kiln_t_reduce2__c) serves them
 *    all, at run time and for constant folding.
 *  - ArgMax/ArgMin: select_last_index from opset 12.
 *  - Hardmax: before opset 13 the input is coerced to 2-D at `axis`
 *    (default 1); from 13 it works along the single dim `axis` (default -1).
 *  - TopK: k is an attribute in opset 1 and a constant 1-D input from 10;
 *    largest/sorted from 11. The output is always sorted (allowed for
 *    sorted=0); equal values keep the lower index first.
 *  - LpPool: p is a float in opset 1 and an int from 2; ceil_mode and
 *    dilations from 18 (op_window validates them).
 * Run time: float32, float64, int32, int64, uint32, uint64 for all but
 * LpPool (float32), plus int8/uint8/int16/uint16 (and bool for Max/Min)
 * for the Reduce* ops; eval calls the same kernels.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/pool.h"
#include "../kernels/reduce2.h"

#include <stdio.h>
#include <string.h>

static const ir_dtype any_num[] = {IR_F32, IR_F64, IR_I32, IR_I64, IR_U32, IR_U64, IR_UNDEFINED};
/* Reduce*: the integer dtypes too; bool for ReduceMax/ReduceMin only. */
static const ir_dtype red_num[] = {IR_F32, IR_F64, IR_F16, IR_BF16, IR_I8, IR_U8, IR_I16, IR_U16,
                                   IR_I32, IR_I64, IR_U32, IR_U64, IR_UNDEFINED};
static const ir_dtype red_ext[] = {IR_F32, IR_F64, IR_F16, IR_BF16, IR_I8, IR_U8, IR_I16, IR_U16,
                                   IR_I32, IR_I64, IR_U32, IR_U64, IR_BOOL, IR_UNDEFINED};
static const ir_dtype float_num[] = {IR_F32, IR_F64, IR_UNDEFINED};
static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};

/* Copies a pointer expression into buf. */
static int r2_ref(emit_ctx *e, int t, char *buf, size_t size) { return op_emit_ref(e, t, buf, size); }

/* ---------------------------------------------------------------- */
/* ReduceL1 / L2 / LogSum / LogSumExp / SumSquare                    */

typedef struct r2_plan {
  int out_rank;
  int64_t out[IR_MAX_RANK];
  kiln_red2_params p;
} r2_plan;

/* Appends (dim, stride) to a list, merging with the previous entry when
 * contiguous; size-1 dims are dropped. */
static void r2_push(int *cnt, int64_t *dims, int64_t *str, int64_t d, int64_t s) {
  if (d == 1) return;
  if (*cnt > 0 && str[*cnt - 1] == d * s) {
    dims[*cnt - 1] *= d;
    str[*cnt - 1] = s;
    return;
  }
  dims[*cnt] = d;
  str[*cnt] = s;
  (*cnt)++;
}

static int r2_plan_make(kiln_diag *d, ir_graph *g, ir_node *n, int op, r2_plan *rp) {
  memset(rp, 0, sizeof *rp);
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, op == KILN_RED2_MAX || op == KILN_RED2_MIN ? red_ext : red_num))
    return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  const int since = op == KILN_RED2_SUM ? 13 : 18; /* axes attribute -> input */
  const int keepdims = ir_attr_int(n, "keepdims", 1) != 0;
  const int r = x->rank;
  int red[IR_MAX_RANK + 1] = {0};
  if (op_reduce_axes(d, g, n, since, r, red)) return -1;
  int64_t str[IR_MAX_RANK], s = 1;
  for (int i = r - 1; i >= 0; i--) {
    str[i] = s;
    s *= x->dims[i];
  }
  kiln_red2_params *p = &rp->p;
  for (int i = 0; i < r; i++) {
    if (!red[i]) rp->out[rp->out_rank++] = x->dims[i];
    else if (keepdims) rp->out[rp->out_rank++] = 1;
    if (red[i]) r2_push(&p->rr, p->rdims, p->rstr, x->dims[i], str[i]);
    else r2_push(&p->kr, p->kdims, p->kstr, x->dims[i], str[i]);
  }
  return 0;
}

static int r2_infer(kiln_diag *d, ir_graph *g, ir_node *n, int op) {
  r2_plan rp;
  if (r2_plan_make(d, g, n, op, &rp)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if ((op == KILN_RED2_LOGSUM || op == KILN_RED2_LOGSUMEXP) && !ir_dtype_is_float(x->dtype))
    return ir_node_fail(d, n, "input 0 has dtype %s; %s needs float32 or float64",
                        ir_dtype_name(x->dtype), n->op_type);
  ir_set_shape(ir_out(g, n, 0), x->dtype, rp.out_rank, rp.out);
  return 0;
}

static int r2_eval(kiln_diag *d, ir_graph *g, ir_node *n, int op) {
  r2_plan rp;
  if (r2_infer(d, g, n, op) || r2_plan_make(d, g, n, op, &rp)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_t_reduce2__c(&rp.p, op, (int)x->dtype, x->data, out);
  return 0;
}

static const char *r2_list(emit_ctx *e, const int64_t *v, int cnt) {
  static const int64_t zero = 0;
  return cnt > 0 ? emit_i64_list(e, v, cnt) : emit_i64_list(e, &zero, 1);
}

static int r2_emit(emit_ctx *e, ir_graph *g, ir_node *n, int op) {
  kiln_diag *d = emit_diag(e);
  r2_plan rp;
  if (r2_infer(d, g, n, op) || r2_plan_make(d, g, n, op, &rp)) return -1;
  const kiln_red2_params *p = &rp.p;
  char id[64], xs[160], ys[160], kd[256], ks[256], rd[256], rs[256];
  if (emit_use(e, "kiln_t_reduce2__c")) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (r2_ref(e, n->inputs[0], xs, sizeof xs) || r2_ref(e, n->outputs[0], ys, sizeof ys)) return -1;
  snprintf(kd, sizeof kd, "%s", r2_list(e, p->kdims, p->kr));
  snprintf(ks, sizeof ks, "%s", r2_list(e, p->kstr, p->kr));
  snprintf(rd, sizeof rd, "%s", r2_list(e, p->rdims, p->rr));
  snprintf(rs, sizeof rs, "%s", r2_list(e, p->rstr, p->rr));
  emit_decl(e, "static const kiln_red2_params %s_p = {.kr = %d, .rr = %d, .kdims = %s, .kstr = %s, "
            ".rdims = %s, .rstr = %s};\n", id, p->kr, p->rr, kd, ks, rd, rs);
  emit_code(e, "kiln_t_reduce2__c(&%s_p, /*op=*/%d, /*dtype=*/%d, %s, %s);\n", id, op,
            (int)ir_in(g, n, 0)->dtype, xs, ys);
  return 0;
}

#define R2_OP(Name, OPC)                                                                       \
  static int Name##_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return r2_infer(d, g, n, OPC); } \
  static int Name##_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return r2_eval(d, g, n, OPC); } \
  static int Name##_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return r2_emit(e, g, n, OPC); }  \
  const op_def op_##Name = {.name = #Name, .domain = "", .since = 1, .until = 0,               \
                            .attrs = "axes keepdims noop_with_empty_axes", .infer = Name##_infer, \
                            .eval = Name##_eval, .emit = Name##_emit, .flags = 0};

R2_OP(ReduceSum, KILN_RED2_SUM)
R2_OP(ReduceMean, KILN_RED2_MEAN)
R2_OP(ReduceMax, KILN_RED2_MAX)
R2_OP(ReduceMin, KILN_RED2_MIN)
R2_OP(ReduceProd, KILN_RED2_PROD)
R2_OP(ReduceL1, KILN_RED2_L1)
R2_OP(ReduceL2, KILN_RED2_L2)
R2_OP(ReduceLogSum, KILN_RED2_LOGSUM)
R2_OP(ReduceLogSumExp, KILN_RED2_LOGSUMEXP)
R2_OP(ReduceSumSquare, KILN_RED2_SUMSQUARE)

/* ---------------------------------------------------------------- */
/* single-axis ops: [outer, n, inner] views                          */

static void axis_view(const ir_tensor *x, int ax, int coerce, kiln_axis_params *p) {
  p->outer = 1;
  p->n = 1;
  p->inner = 1;
  for (int i = 0; i < x->rank; i++) {
    if (i < ax) p->outer *= x->dims[i];
    else if (i == ax || coerce) p->n *= x->dims[i];
    else p->inner *= x->dims[i];
  }
}

static void axis_decl(emit_ctx *e, const char *id, const kiln_axis_params *p) {
  emit_decl(e, "static const kiln_axis_params %s_p = {.outer = %lld, .n = %lld, .inner = %lld};\n",
            id, (long long)p->outer, (long long)p->n, (long long)p->inner);
}

/* ---- ArgMax / ArgMin ---- */

static int arg_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_axis_params *p, int *rank,
                    int64_t *dims, int *last) {
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, any_num)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank < 1) return ir_node_fail(d, n, "input 0 'data' is a scalar; expected rank >= 1");
  int ax;
  if (op_axis(d, n, ir_attr_int(n, "axis", 0), x->rank, &ax)) return -1;
  if (x->dims[ax] == 0) return ir_node_fail(d, n, "axis %d has size 0: no index to return", ax);
  const int keepdims = ir_attr_int(n, "keepdims", 1) != 0;
  if (n->opset < 12 && ir_attr_find(n, "select_last_index"))
    return ir_node_fail(d, n, "attribute 'select_last_index' requires opset 12 or later");
  *last = ir_attr_int(n, "select_last_index", 0) != 0;
  *rank = 0;
  for (int i = 0; i < x->rank; i++)
    if (i != ax) dims[(*rank)++] = x->dims[i];
    else if (keepdims) dims[(*rank)++] = 1;
  axis_view(x, ax, 0, p);
  return 0;
}

static int arg_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_axis_params p;
  int rank, last;
  int64_t dims[IR_MAX_RANK];
  if (arg_plan(d, g, n, &p, &rank, dims, &last)) return -1;
  ir_set_shape(ir_out(g, n, 0), IR_I64, rank, dims);
  return 0;
}

static int arg_eval_(kiln_diag *d, ir_graph *g, ir_node *n, int is_min) {
  kiln_axis_params p;
  int rank, last;
  int64_t dims[IR_MAX_RANK];
  if (arg_plan(d, g, n, &p, &rank, dims, &last)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  int64_t *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_t_argext__c(&p, is_min, last, (int)x->dtype, x->data, out);
  return 0;
}

static int arg_emit_(emit_ctx *e, ir_graph *g, ir_node *n, int is_min) {
  kiln_axis_params p;
  int rank, last;
  int64_t dims[IR_MAX_RANK];
  if (arg_plan(emit_diag(e), g, n, &p, &rank, dims, &last)) return -1;
  char id[64], xs[160], ys[160];
  if (emit_use(e, "kiln_t_argext__c")) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (r2_ref(e, n->inputs[0], xs, sizeof xs) || r2_ref(e, n->outputs[0], ys, sizeof ys)) return -1;
  axis_decl(e, id, &p);
  emit_code(e, "kiln_t_argext__c(&%s_p, /*is_min=*/%d, /*select_last=*/%d, /*dtype=*/%d, %s, %s);\n",
            id, is_min, last, (int)ir_in(g, n, 0)->dtype, xs, ys);
  return 0;
}

static int argmax_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return arg_eval_(d, g, n, 0); }
static int argmax_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return arg_emit_(e, g, n, 0); }
static int argmin_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return arg_eval_(d, g, n, 1); }
static int argmin_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return arg_emit_(e, g, n, 1); }

const op_def op_ArgMax = {.name = "ArgMax", .domain = "", .since = 1, .until = 0,
                          .attrs = "axis keepdims select_last_index", .infer = arg_infer,
                          .eval = argmax_eval, .emit = argmax_emit, .flags = 0};
const op_def op_ArgMin = {.name = "ArgMin", .domain = "", .since = 1, .until = 0,
                          .attrs = "axis keepdims select_last_index", .infer = arg_infer,
                          .eval = argmin_eval, .emit = argmin_emit, .flags = 0};

/* ---- CumSum / CumProd ---- */

static int cum_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_axis_params *p, int *excl,
                    int *rev) {
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  const ir_tensor *x = ir_in(g, n, 0), *a = ir_in(g, n, 1);
  if (op_check_dtype(d, n, x, 0, any_num)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank < 1) return ir_node_fail(d, n, "input 0 'x' is a scalar; expected rank >= 1");
  if (!a->data)
    return ir_node_fail(d, n, "input 1 'axis' must be a constant (computed at compile time); "
                        "kiln needs static shapes");
  if ((a->dtype != IR_I32 && a->dtype != IR_I64) || ir_numel(a) != 1 || a->rank > 1)
    return ir_node_fail(d, n, "input 1 'axis' must be an int32 or int64 scalar");
  int ax;
  if (op_axis(d, n, ir_get_i64(a, 0), x->rank, &ax)) return -1;
  *excl = ir_attr_int(n, "exclusive", 0) != 0;
  *rev = ir_attr_int(n, "reverse", 0) != 0;
  axis_view(x, ax, 0, p);
  return 0;
}

static int cum_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_axis_params p;
  int ex, rv;
  if (cum_plan(d, g, n, &p, &ex, &rv)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  ir_set_shape(ir_out(g, n, 0), x->dtype, x->rank, x->dims);
  return 0;
}

static int cum_eval_(kiln_diag *d, ir_graph *g, ir_node *n, int is_prod) {
  kiln_axis_params p;
  int ex, rv;
  if (cum_plan(d, g, n, &p, &ex, &rv)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_t_cumulative__c(&p, is_prod, ex, rv, (int)x->dtype, x->data, out);
  return 0;
}

static int cum_emit_(emit_ctx *e, ir_graph *g, ir_node *n, int is_prod) {
  kiln_axis_params p;
  int ex, rv;
  if (cum_plan(emit_diag(e), g, n, &p, &ex, &rv)) return -1;
  char id[64], xs[160], ys[160];
  if (emit_use(e, "kiln_t_cumulative__c")) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (r2_ref(e, n->inputs[0], xs, sizeof xs) || r2_ref(e, n->outputs[0], ys, sizeof ys)) return -1;
  axis_decl(e, id, &p);
  emit_code(e, "kiln_t_cumulative__c(&%s_p, /*is_prod=*/%d, /*exclusive=*/%d, /*reverse=*/%d, "
            "/*dtype=*/%d, %s, %s);\n", id, is_prod, ex, rv, (int)ir_in(g, n, 0)->dtype, xs, ys);
  return 0;
}

static int cumsum_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return cum_eval_(d, g, n, 0); }
static int cumsum_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return cum_emit_(e, g, n, 0); }
static int cumprod_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return cum_eval_(d, g, n, 1); }
static int cumprod_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return cum_emit_(e, g, n, 1); }

const op_def op_CumSum = {.name = "CumSum", .domain = "", .since = 11, .until = 0,
                          .attrs = "exclusive reverse", .infer = cum_infer, .eval = cumsum_eval,
                          .emit = cumsum_emit, .flags = 0};
const op_def op_CumProd = {.name = "CumProd", .domain = "", .since = 26, .until = 0,
                           .attrs = "exclusive reverse", .infer = cum_infer, .eval = cumprod_eval,
                           .emit = cumprod_emit, .flags = 0};

/* ---- Hardmax ---- */

static int hm_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_axis_params *p) {
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, float_num)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank < 1) return ir_node_fail(d, n, "input 0 'input' is a scalar; expected rank >= 1");
  const int coerce = n->opset < 13;
  int ax;
  if (op_axis(d, n, ir_attr_int(n, "axis", coerce ? 1 : -1), x->rank, &ax)) return -1;
  axis_view(x, ax, coerce, p);
  return 0;
}

static int hm_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_axis_params p;
  if (hm_plan(d, g, n, &p)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  ir_set_shape(ir_out(g, n, 0), x->dtype, x->rank, x->dims);
  return 0;
}

static int hm_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_axis_params p;
  if (hm_plan(d, g, n, &p)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  void *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_t_hardmax__c(&p, (int)x->dtype, x->data, out);
  return 0;
}

static int hm_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_axis_params p;
  if (hm_plan(emit_diag(e), g, n, &p)) return -1;
  char id[64], xs[160], ys[160];
  if (emit_use(e, "kiln_t_hardmax__c")) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (r2_ref(e, n->inputs[0], xs, sizeof xs) || r2_ref(e, n->outputs[0], ys, sizeof ys)) return -1;
  axis_decl(e, id, &p);
  emit_code(e, "kiln_t_hardmax__c(&%s_p, /*dtype=*/%d, %s, %s);\n", id, (int)ir_in(g, n, 0)->dtype,
            xs, ys);
  return 0;
}

const op_def op_Hardmax = {.name = "Hardmax", .domain = "", .since = 1, .until = 0,
                           .attrs = "axis", .infer = hm_infer, .eval = hm_eval, .emit = hm_emit,
                           .flags = 0};

/* ---- TopK ---- */

static int topk_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_axis_params *p, int64_t *k,
                     int *largest, int *ax) {
  if (op_need_inputs(d, g, n, 0, n->opset >= 10 ? 1 : 0)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, any_num)) return -1;
  if (!ir_out(g, n, 0) || !ir_out(g, n, 1))
    return ir_node_fail(d, n, "outputs 0 'Values' and 1 'Indices' are required");
  if (x->rank < 1) return ir_node_fail(d, n, "input 0 'X' is a scalar; expected rank >= 1");
  if (op_axis(d, n, ir_attr_int(n, "axis", -1), x->rank, ax)) return -1;
  if (n->opset < 10) {
    if (!ir_attr_find(n, "k")) return ir_node_fail(d, n, "attribute 'k' is required");
    *k = ir_attr_int(n, "k", 0);
  } else {
    if (ir_attr_find(n, "k")) return ir_node_fail(d, n, "attribute 'k' became input 1 in opset 10");
    const ir_tensor *kt = ir_in(g, n, 1);
    if (!kt->data)
      return ir_node_fail(d, n, "input 1 'K' must be a constant (computed at compile time); "
                          "kiln needs static shapes");
    if (kt->dtype != IR_I64 || ir_numel(kt) != 1 || kt->rank > 1)
      return ir_node_fail(d, n, "input 1 'K' must be a 1-D int64 tensor of one element");
    *k = ir_get_i64(kt, 0);
  }
  if (n->opset < 11 && (ir_attr_find(n, "largest") || ir_attr_find(n, "sorted")))
    return ir_node_fail(d, n, "attributes 'largest' and 'sorted' require opset 11 or later");
  *largest = ir_attr_int(n, "largest", 1) != 0;
  (void)ir_attr_int(n, "sorted", 1); /* always sorted */
  if (*k < 0 || *k > x->dims[*ax])
    return ir_node_fail(d, n, "k = %lld is out of range [0, %lld] (the size of axis %d)",
                        (long long)*k, (long long)x->dims[*ax], *ax);
  axis_view(x, *ax, 0, p);
  return 0;
}

static int topk_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_axis_params p;
  int64_t k;
  int largest, ax;
  if (topk_plan(d, g, n, &p, &k, &largest, &ax)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  int64_t dims[IR_MAX_RANK];
  memcpy(dims, x->dims, sizeof dims);
  dims[ax] = k;
  ir_set_shape(ir_out(g, n, 0), x->dtype, x->rank, dims);
  ir_set_shape(ir_out(g, n, 1), IR_I64, x->rank, dims);
  return 0;
}

static int topk_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_axis_params p;
  int64_t k;
  int largest, ax;
  if (topk_plan(d, g, n, &p, &k, &largest, &ax)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  void *v = ir_alloc_data(ir_out(g, n, 0));
  int64_t *ix = ir_alloc_data(ir_out(g, n, 1));
  if (!v || !ix) return ir_node_fail(d, n, "out of memory");
  kiln_t_topk__c(&p, k, largest, (int)x->dtype, x->data, v, ix);
  return 0;
}

static int topk_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_axis_params p;
  int64_t k;
  int largest, ax;
  if (topk_plan(emit_diag(e), g, n, &p, &k, &largest, &ax)) return -1;
  char id[64], xs[160], vs[160], is[160];
  if (emit_use(e, "kiln_t_topk__c")) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (r2_ref(e, n->inputs[0], xs, sizeof xs) || r2_ref(e, n->outputs[0], vs, sizeof vs) ||
      r2_ref(e, n->outputs[1], is, sizeof is))
    return -1;
  axis_decl(e, id, &p);
  emit_code(e, "kiln_t_topk__c(&%s_p, /*k=*/%lld, /*largest=*/%d, /*dtype=*/%d, %s, %s, %s);\n", id,
            (long long)k, largest, (int)ir_in(g, n, 0)->dtype, xs, vs, is);
  return 0;
}

const op_def op_TopK = {.name = "TopK", .domain = "", .since = 1, .until = 0,
                        .attrs = "axis k largest sorted", .infer = topk_infer, .eval = topk_eval,
                        .emit = topk_emit, .flags = 0};

/* ---- LpPool ---- */

static int lp_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_pool_params *p, float *pn,
                   int64_t *out_dims) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, f32_only)) return -1;
  if (x->rank < 3 || x->rank > 5)
    return ir_node_fail(d, n, "input 0 'X' has rank %d; LpPool supports 1-D, 2-D and 3-D pooling "
                        "(rank 3 to 5, NCHW)", x->rank);
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  const int sp = x->rank - 2;
  if (n->opset < 2) {
    *pn = ir_attr_float(n, "p", 2.0f);
  } else {
    const ir_attr *a = ir_attr_find(n, "p");
    if (a && a->type != IR_ATTR_INT) return ir_node_fail(d, n, "attribute 'p' must be an int");
    *pn = (float)ir_attr_int(n, "p", 2);
  }
  if (!(*pn > 0.0f) || !isfinite(*pn))
    return ir_node_fail(d, n, "attribute 'p' must be > 0 (got %g)", (double)*pn);
  const int64_t *ks;
  int cnt = ir_attr_ints(n, "kernel_shape", &ks);
  if (cnt < 0) return ir_node_fail(d, n, "attribute 'kernel_shape' is required");
  if (cnt != sp)
    return ir_node_fail(d, n, "attribute 'kernel_shape' has %d values, expected %d", cnt, sp);
  const int ceil_mode = ir_attr_int(n, "ceil_mode", 0) != 0;
  int64_t in[3], s[3], dl[3], pb[3], pe[3], out[3];
  for (int i = 0; i < sp; i++) in[i] = x->dims[2 + i];
  if (op_window(d, n, sp, in, ks, ceil_mode, /*use_dilations=*/1, s, dl, pb, pe, out)) return -1;
  p->nc = x->dims[0] * x->dims[1];
  for (int i = 0; i < 3; i++) {
    const int j = i - (3 - sp);
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

static int lp_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_pool_params p;
  float pn;
  int64_t dims[IR_MAX_RANK];
  if (lp_plan(d, g, n, &p, &pn, dims)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  ir_set_shape(y, IR_F32, ir_in(g, n, 0)->rank, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output size overflows");
  return 0;
}

static int lp_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_pool_params p;
  float pn;
  int64_t dims[IR_MAX_RANK];
  if (lp_plan(d, g, n, &p, &pn, dims)) return -1;
  float *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_f32_lppool__c(&p, pn, ir_in(g, n, 0)->data, out);
  return 0;
}

static int lp_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_pool_params p;
  float pn;
  int64_t dims[IR_MAX_RANK];
  if (lp_plan(emit_diag(e), g, n, &p, &pn, dims)) return -1;
  char id[64], xs[160], ys[160], pl[48];
  if (emit_use(e, "kiln_f32_lppool__c")) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (r2_ref(e, n->inputs[0], xs, sizeof xs) || r2_ref(e, n->outputs[0], ys, sizeof ys)) return -1;
  emit_decl(e,
            "static const kiln_pool_params %s_p = {.nc = %lld, .in = {%lld, %lld, %lld}, "
            ".out = {%lld, %lld, %lld}, .k = {%lld, %lld, %lld}, .stride = {%lld, %lld, %lld}, "
            ".pad = {%lld, %lld, %lld}, .pad_end = {%lld, %lld, %lld}, .dil = {%lld, %lld, %lld}, "
            ".count_include_pad = 0};\n",
            id, (long long)p.nc, (long long)p.in[0], (long long)p.in[1], (long long)p.in[2],
            (long long)p.out[0], (long long)p.out[1], (long long)p.out[2], (long long)p.k[0],
            (long long)p.k[1], (long long)p.k[2], (long long)p.stride[0], (long long)p.stride[1],
            (long long)p.stride[2], (long long)p.pad[0], (long long)p.pad[1], (long long)p.pad[2],
            (long long)p.pad_end[0], (long long)p.pad_end[1], (long long)p.pad_end[2],
            (long long)p.dil[0], (long long)p.dil[1], (long long)p.dil[2]);
  emit_code(e, "kiln_f32_lppool__c(&%s_p, /*p=*/%s, %s, %s);\n", id, op_f32_literal(pn, pl, sizeof pl),
            xs, ys);
  return 0;
}

const op_def op_LpPool = {.name = "LpPool", .domain = "", .since = 1, .until = 0,
                          .attrs = "auto_pad ceil_mode dilations kernel_shape p pads strides",
                          .infer = lp_infer, .eval = lp_eval, .emit = lp_emit, .flags = 0};
