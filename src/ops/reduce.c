/* reduce.c - ONNX ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd.
 *
 * Version difference: the axes are an attribute until opset 12 (ReduceSum)
 * or 17 (the others) and an optional input from opset 13 / 18, which kiln
 * needs as a constant. From those opsets noop_with_empty_axes=1 makes empty
 * axes an identity; otherwise empty axes reduce every dim. keepdims
 * (default 1) keeps reduced dims as size 1.
 * Run time: float32. Constant folding also handles int32/int64 (shape
 * arithmetic) and float64 through a generic path.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/gemm.h"
#include "../kernels/reduce.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RED_SUM, RED_MEAN, RED_MAX, RED_MIN, RED_PROD };

static const char *const red_syms[] = {"kiln_f32_reduce_sum__c", "kiln_f32_reduce_mean__c",
                                       "kiln_f32_reduce_max__c", "kiln_f32_reduce_min__c",
                                       "kiln_f32_reduce_prod__c"};

typedef struct red_plan {
  int out_rank;
  int64_t out[IR_MAX_RANK];
  kiln_reduce_params p;
} red_plan;

static int red_plan_make(kiln_diag *d, ir_graph *g, ir_node *n, int op, red_plan *rp) {
  static const ir_dtype ok[] = {IR_F32, IR_F64, IR_I32, IR_I64, IR_UNDEFINED};
  memset(rp, 0, sizeof *rp);
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, ok)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  const int since = op == RED_SUM ? 13 : 18; /* axes attribute -> input */
  const int keepdims = ir_attr_int(n, "keepdims", 1) != 0;
  const int r = x->rank;
  int red[IR_MAX_RANK + 1] = {0};
  if (op_reduce_axes(d, g, n, since, r, red)) return -1;
  /* output shape */
  for (int i = 0; i < r; i++) {
    if (!red[i]) rp->out[rp->out_rank++] = x->dims[i];
    else if (keepdims) rp->out[rp->out_rank++] = 1;
  }
  /* kernel view: drop size-1 dims, merge runs of reduced / kept dims */
  kiln_reduce_params *p = &rp->p;
  p->count = 1;
  int prev = -1;
  for (int i = 0; i < r; i++) {
    if (red[i]) p->count *= x->dims[i];
    if (x->dims[i] == 1) continue;
    if (p->rank > 0 && prev == red[i]) {
      p->dims[p->rank - 1] *= x->dims[i];
    } else {
      if (red[i]) p->mask |= 1u << p->rank;
      p->dims[p->rank++] = x->dims[i];
      prev = red[i];
    }
  }
  if (p->rank == 0) { /* every dim has size 1: a copy */
    p->rank = 1;
    p->dims[0] = 1;
    p->mask = 0;
  }
  return 0;
}

static int red_infer(kiln_diag *d, ir_graph *g, ir_node *n, int op) {
  red_plan rp;
  if (red_plan_make(d, g, n, op, &rp)) return -1;
  ir_set_shape(ir_out(g, n, 0), ir_in(g, n, 0)->dtype, rp.out_rank, rp.out);
  return 0;
}

/* Generic fold for int32/int64/float64: same view and traversal as the
 * kernel, accumulating in int64 (wrapping) or double. */
static int red_eval_generic(kiln_diag *d, ir_graph *g, ir_node *n, int op, const red_plan *rp) {
  const ir_tensor *x = ir_in(g, n, 0);
  ir_tensor *y = ir_out(g, n, 0);
  const kiln_reduce_params *p = &rp->p;
  const int is_int = ir_dtype_is_int(x->dtype);
  int64_t ostr[KILN_MAX_RANK], idx[KILN_MAX_RANK], onum = 1, total = 1;
  for (int k = p->rank - 1; k >= 0; k--) {
    idx[k] = 0;
    ostr[k] = (p->mask >> k) & 1u ? 0 : onum;
    if (!((p->mask >> k) & 1u)) onum *= p->dims[k];
    total *= p->dims[k];
  }
  void *out = ir_alloc_data(y);
  int64_t *ai = kiln_calloc((size_t)(onum ? onum : 1), sizeof *ai);
  double *af = kiln_calloc((size_t)(onum ? onum : 1), sizeof *af);
  if (!out || !ai || !af) {
    free(ai);
    free(af);
    return ir_node_fail(d, n, "out of memory");
  }
  const int64_t imax = x->dtype == IR_I32 ? INT32_MAX : INT64_MAX;
  const int64_t imin = x->dtype == IR_I32 ? INT32_MIN : INT64_MIN;
  for (int64_t o = 0; o < onum; o++) {
    ai[o] = op == RED_PROD ? 1 : op == RED_MAX ? imin : op == RED_MIN ? imax : 0;
    af[o] = op == RED_PROD ? 1.0 : op == RED_MAX ? -INFINITY : op == RED_MIN ? INFINITY : 0.0;
  }
  int64_t o = 0;
  for (int64_t i = 0; i < total; i++) {
    if (p->mask == 0) o = i;
    if (is_int) {
      int64_t v = ir_get_i64(x, i), *a = &ai[o];
      switch (op) {
      case RED_MAX: *a = v > *a ? v : *a; break;
      case RED_MIN: *a = v < *a ? v : *a; break;
      case RED_PROD: *a = (int64_t)((uint64_t)*a * (uint64_t)v); break;
      default: *a = (int64_t)((uint64_t)*a + (uint64_t)v); break;
      }
    } else {
      double v = ir_get_f64(x, i), *a = &af[o];
      switch (op) {
      case RED_MAX: *a = v > *a ? v : *a; break;
      case RED_MIN: *a = v < *a ? v : *a; break;
      case RED_PROD: *a *= v; break;
      default: *a += v; break;
      }
    }
    if (p->mask != 0)
      for (int k = p->rank - 1; k >= 0; k--) {
        o += ostr[k];
        if (++idx[k] < p->dims[k]) break;
        o -= ostr[k] * p->dims[k];
        idx[k] = 0;
      }
  }
  for (int64_t q = 0; q < onum; q++) {
    if (is_int) {
      int64_t v = ai[q];
      if (op == RED_MEAN) v = p->count ? v / p->count : 0;
      ir_put_i64(out, y->dtype, q, v);
    } else {
      double v = af[q];
      if (op == RED_MEAN) v = p->count ? v / (double)p->count : NAN;
      ir_put_f64(out, y->dtype, q, v);
    }
  }
  free(ai);
  free(af);
  return 0;
}

static void red_kernel(int op, const kiln_reduce_params *p, const float *x, float *y) {
  switch (op) {
  case RED_SUM: kiln_f32_reduce_sum__c(p, x, y); break;
  case RED_MEAN: kiln_f32_reduce_mean__c(p, x, y); break;
  case RED_MAX: kiln_f32_reduce_max__c(p, x, y); break;
  case RED_MIN: kiln_f32_reduce_min__c(p, x, y); break;
  default: kiln_f32_reduce_prod__c(p, x, y); break;
  }
}

static int red_eval(kiln_diag *d, ir_graph *g, ir_node *n, int op) {
  red_plan rp;
  if (red_plan_make(d, g, n, op, &rp)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (x->dtype != IR_F32) return red_eval_generic(d, g, n, op, &rp);
  float *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  red_kernel(op, &rp.p, x->data, out);
  return 0;
}

static int red_emit(emit_ctx *e, ir_graph *g, ir_node *n, int op) {
  kiln_diag *d = emit_diag(e);
  red_plan rp;
  if (red_plan_make(d, g, n, op, &rp)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (x->dtype != IR_F32)
    return ir_node_fail(d, n, "dtype %s is not supported at run time (supported: float32)",
                        ir_dtype_name(x->dtype));
  const kiln_reduce_params *p = &rp.p;
  char id[64], xs[160], ys[160], dims[256];
  size_t off = 0;
  for (int i = 0; i < p->rank; i++)
    off += (size_t)snprintf(dims + off, sizeof dims - off, "%s%lld", i ? ", " : "",
                            (long long)p->dims[i]);
  if (emit_use(e, red_syms[op])) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (op_emit_ref(e, n->inputs[0], xs, sizeof xs) || op_emit_ref(e, n->outputs[0], ys, sizeof ys))
    return -1;
  emit_decl(e, "static const kiln_reduce_params %s_p = {.rank = %d, .dims = {%s}, .mask = %uu, "
            ".count = %lld};\n", id, p->rank, dims, p->mask, (long long)p->count);
  emit_code(e, "%s(&%s_p, %s, %s);\n", red_syms[op], id, xs, ys);
  return 0;
}

#define REDUCE_OP(Name, OPC, ATTRS)                                                           \
  static int Name##_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return red_infer(d, g, n, OPC); } \
  static int Name##_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return red_eval(d, g, n, OPC); }   \
  static int Name##_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return red_emit(e, g, n, OPC); }    \
  const op_def op_##Name = {.name = #Name, .domain = "", .since = 1, .until = 0, .attrs = ATTRS,  \
                            .infer = Name##_infer, .eval = Name##_eval, .emit = Name##_emit,    \
                            .flags = 0};

REDUCE_OP(ReduceSum, RED_SUM, "axes keepdims noop_with_empty_axes")
REDUCE_OP(ReduceMean, RED_MEAN, "axes keepdims noop_with_empty_axes")
REDUCE_OP(ReduceMax, RED_MAX, "axes keepdims noop_with_empty_axes")
REDUCE_OP(ReduceMin, RED_MIN, "axes keepdims noop_with_empty_axes")
REDUCE_OP(ReduceProd, RED_PROD, "axes keepdims noop_with_empty_axes")
