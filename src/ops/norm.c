/* norm.c - ONNX LayerNormalization, RMSNormalization, GroupNormalization,
 * InstanceNormalization, LRN, LpNormalization, MeanVarianceNormalization
 * (float32).
 *
 * LayerNormalization (17) / RMSNormalization (23): every row of the trailing
 * dims X[axis:] is normalised; Scale (and LayerNorm's optional B) must
 * broadcast to X[axis:] as trailing dims (leading 1s allowed, any size-1 dim
 * after the first real one is not supported). stash_type must be 1 (float);
 * kiln accumulates the statistics in double either way. LayerNorm's
 * optional outputs Mean and InvStdDev have shape X[:axis] + 1s.
 * GroupNormalization: scale/bias have num_groups values in opset 18 and C
 * values from opset 21 (the semantics changed, not just the shape).
 * LRN: the sum of squares runs over channels [c - floor((size-1)/2),
 * c + ceil((size-1)/2)]. LpNormalization: p is 1 or 2; a zero norm gives 0
 * (as the ONNX reference). MeanVarianceNormalization: axes (default
 * [0, 2, 3]); Y = (X - mean) / (sqrt(var) + 1e-9), its function body.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/norm.h"

#include <stdio.h>
#include <string.h>

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};

static int nm_ref(emit_ctx *e, const ir_node *n, int out, int i, char *buf, size_t size) {
  const int cnt = out ? n->n_outputs : n->n_inputs;
  const int t = i < cnt ? (out ? n->outputs[i] : n->inputs[i]) : -1;
  return op_emit_ref(e, t, buf, size);
}

/* ---------------------------------------------------------------- */
/* LayerNormalization / RMSNormalization                             */

/* Elements of t, if its shape broadcasts to the trailing dims tail[0..tr)
 * in the supported way (right-aligned, leading 1s, then equal dims); else
 * -1. */
static int64_t ln_bcast_count(const ir_tensor *t, int tr, const int64_t *tail) {
  if (t->rank > tr) return -1;
  int first = -1;
  for (int i = 0; i < t->rank; i++)
    if (t->dims[i] != 1) {
      first = i;
      break;
    }
  int64_t cnt = 1;
  if (first < 0) return 1;
  for (int i = first; i < t->rank; i++) {
    const int64_t want = tail[tr - t->rank + i];
    if (t->dims[i] != want) return -1;
    cnt *= want;
  }
  return cnt;
}

static int ln_plan(kiln_diag *d, ir_graph *g, ir_node *n, int rms, kiln_layernorm_params *p,
                   int *axis) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  const ir_tensor *x = ir_in(g, n, 0), *s = ir_in(g, n, 1), *b = rms ? NULL : ir_in(g, n, 2);
  if (op_check_dtype(d, n, x, 0, f32_only) || op_check_dtype(d, n, s, 1, f32_only)) return -1;
  if (b && b->rank < 0)
    return ir_node_fail(d, n, "input 2 'B' has an unknown shape; bind it with --shape");
  if (b && op_check_dtype(d, n, b, 2, f32_only)) return -1;
  if (rms && ir_has_in(n, 2)) return ir_node_fail(d, n, "RMSNormalization takes 2 inputs, not 3");
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (rms && n->n_outputs > 1)
    return ir_node_fail(d, n, "RMSNormalization has one output, got %d", n->n_outputs);
  if (x->rank < 1) return ir_node_fail(d, n, "input 0 'X' is a scalar; expected rank >= 1");
  if (op_axis(d, n, ir_attr_int(n, "axis", -1), x->rank, axis)) return -1;
  const int64_t st = ir_attr_int(n, "stash_type", 1);
  if (st != 1)
    return ir_node_fail(d, n, "stash_type %lld is not supported (supported: 1, float32)",
                        (long long)st);
  p->epsilon = ir_attr_float(n, "epsilon", 1e-5f);
  if (!(p->epsilon >= 0.0f)) return ir_node_fail(d, n, "attribute 'epsilon' must be >= 0");
  p->rms = rms;
  p->rows = 1;
  p->n = 1;
  for (int i = 0; i < x->rank; i++) {
    if (i < *axis) p->rows *= x->dims[i];
    else p->n *= x->dims[i];
  }
  const int tr = x->rank - *axis;
  const int64_t *tail = x->dims + *axis;
  p->scale_n = ln_bcast_count(s, tr, tail);
  if (p->scale_n < 0)
    return ir_node_fail(d, n, "input 1 'Scale' (rank %d) does not broadcast to X[axis:] as "
                        "trailing dims; kiln supports shapes like X[axis:] with leading 1s", s->rank);
  if (b) {
    p->bias_n = ln_bcast_count(b, tr, tail);
    if (p->bias_n < 0)
      return ir_node_fail(d, n, "input 2 'B' (rank %d) does not broadcast to X[axis:] as "
                          "trailing dims; kiln supports shapes like X[axis:] with leading 1s",
                          b->rank);
  }
  return 0;
}

static int ln_infer_(kiln_diag *d, ir_graph *g, ir_node *n, int rms) {
  kiln_layernorm_params p;
  int axis;
  if (ln_plan(d, g, n, rms, &p, &axis)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  ir_set_shape(ir_out(g, n, 0), IR_F32, x->rank, x->dims);
  int64_t sd[IR_MAX_RANK];
  for (int i = 0; i < x->rank; i++) sd[i] = i < axis ? x->dims[i] : 1;
  for (int o = 1; o < 3; o++)
    if (ir_out(g, n, o)) ir_set_shape(ir_out(g, n, o), IR_F32, x->rank, sd);
  return 0;
}

static int ln_eval_(kiln_diag *d, ir_graph *g, ir_node *n, int rms) {
  kiln_layernorm_params p;
  int axis;
  if (ln_plan(d, g, n, rms, &p, &axis)) return -1;
  const ir_tensor *b = rms ? NULL : ir_in(g, n, 2);
  float *y = ir_alloc_data(ir_out(g, n, 0)), *m = NULL, *is = NULL;
  if (!y) return ir_node_fail(d, n, "out of memory");
  if (ir_out(g, n, 1) && !(m = ir_alloc_data(ir_out(g, n, 1))))
    return ir_node_fail(d, n, "out of memory");
  if (ir_out(g, n, 2) && !(is = ir_alloc_data(ir_out(g, n, 2))))
    return ir_node_fail(d, n, "out of memory");
  kiln_f32_layernorm__c(&p, ir_in(g, n, 0)->data, ir_in(g, n, 1)->data, b ? b->data : NULL, y, m,
                        is);
  return 0;
}

static int ln_emit_(emit_ctx *e, ir_graph *g, ir_node *n, int rms) {
  kiln_layernorm_params p;
  int axis;
  if (ln_plan(emit_diag(e), g, n, rms, &p, &axis)) return -1;
  char id[64], xs[160], ss[160], bs[160], ys[160], ms[160], is[160], eps[48];
  if (emit_use(e, "kiln_f32_layernorm__c")) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (nm_ref(e, n, 0, 0, xs, sizeof xs) || nm_ref(e, n, 0, 1, ss, sizeof ss) ||
      (rms ? (snprintf(bs, sizeof bs, "NULL"), 0) : nm_ref(e, n, 0, 2, bs, sizeof bs)) ||
      nm_ref(e, n, 1, 0, ys, sizeof ys) || nm_ref(e, n, 1, 1, ms, sizeof ms) ||
      nm_ref(e, n, 1, 2, is, sizeof is))
    return -1;
  emit_decl(e, "static const kiln_layernorm_params %s_p = {.rows = %lld, .n = %lld, .scale_n = %lld, "
            ".bias_n = %lld, .epsilon = %s, .rms = %d};\n", id, (long long)p.rows, (long long)p.n,
            (long long)p.scale_n, (long long)p.bias_n, op_f32_literal(p.epsilon, eps, sizeof eps),
            p.rms);
  emit_code(e, "kiln_f32_layernorm__c(&%s_p, %s, %s, %s, %s, %s, %s);\n", id, xs, ss, bs, ys, ms, is);
  return 0;
}

static int layernorm_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return ln_infer_(d, g, n, 0); }
static int layernorm_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return ln_eval_(d, g, n, 0); }
static int layernorm_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return ln_emit_(e, g, n, 0); }
static int rmsnorm_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return ln_infer_(d, g, n, 1); }
static int rmsnorm_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return ln_eval_(d, g, n, 1); }
static int rmsnorm_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return ln_emit_(e, g, n, 1); }

const op_def op_LayerNormalization = {.name = "LayerNormalization", .domain = "", .since = 17,
                                      .until = 0, .attrs = "axis epsilon stash_type",
                                      .infer = layernorm_infer, .eval = layernorm_eval,
                                      .emit = layernorm_emit, .flags = 0};
const op_def op_RMSNormalization = {.name = "RMSNormalization", .domain = "", .since = 23,
                                    .until = 0, .attrs = "axis epsilon stash_type",
                                    .infer = rmsnorm_infer, .eval = rmsnorm_eval,
                                    .emit = rmsnorm_emit, .flags = 0};

/* ---------------------------------------------------------------- */
/* GroupNormalization / InstanceNormalization                        */

static int gn_plan(kiln_diag *d, ir_graph *g, ir_node *n, int inst, kiln_groupnorm_params *p) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 2)) return -1;
  const ir_tensor *x = ir_in(g, n, 0), *s = ir_in(g, n, 1), *b = ir_in(g, n, 2);
  if (op_check_dtype(d, n, x, 0, f32_only) || op_check_dtype(d, n, s, 1, f32_only) ||
      op_check_dtype(d, n, b, 2, f32_only))
    return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank < (inst ? 3 : 2))
    return ir_node_fail(d, n, "input 0 has rank %d, expected at least %d (N x C x ...)", x->rank,
                        inst ? 3 : 2);
  p->batch = x->dims[0];
  p->c = x->dims[1];
  p->spatial = 1;
  for (int i = 2; i < x->rank; i++) p->spatial *= x->dims[i];
  p->epsilon = ir_attr_float(n, "epsilon", 1e-5f);
  if (!(p->epsilon >= 0.0f)) return ir_node_fail(d, n, "attribute 'epsilon' must be >= 0");
  int64_t want;
  if (inst) {
    p->groups = p->c;
    want = p->c;
  } else {
    if (!ir_attr_find(n, "num_groups")) return ir_node_fail(d, n, "attribute 'num_groups' is required");
    p->groups = ir_attr_int(n, "num_groups", 1);
    if (p->groups < 1 || p->c % p->groups != 0)
      return ir_node_fail(d, n, "num_groups = %lld must be >= 1 and divide the %lld channels",
                          (long long)p->groups, (long long)p->c);
    if (n->opset >= 21) {
      const int64_t st = ir_attr_int(n, "stash_type", 1);
      if (st != 1)
        return ir_node_fail(d, n, "stash_type %lld is not supported (supported: 1, float32)",
                            (long long)st);
    } else if (ir_attr_find(n, "stash_type")) {
      return ir_node_fail(d, n, "attribute 'stash_type' requires opset 21 or later");
    }
    p->per_group = n->opset < 21;
    want = p->per_group ? p->groups : p->c;
  }
  if (s->rank != 1 || s->dims[0] != want)
    return ir_node_fail(d, n, "input 1 'scale' must have shape [%lld]%s", (long long)want,
                        inst ? " (channels)" : p->per_group ? " (num_groups, opset 18)"
                                                            : " (channels, opset 21)");
  if (b->rank != 1 || b->dims[0] != want)
    return ir_node_fail(d, n, "input 2 'bias' must have shape [%lld]%s", (long long)want,
                        inst ? " (channels)" : p->per_group ? " (num_groups, opset 18)"
                                                            : " (channels, opset 21)");
  return 0;
}

static int gn_infer_(kiln_diag *d, ir_graph *g, ir_node *n, int inst) {
  kiln_groupnorm_params p;
  if (gn_plan(d, g, n, inst, &p)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  ir_set_shape(ir_out(g, n, 0), IR_F32, x->rank, x->dims);
  return 0;
}

static int gn_eval_(kiln_diag *d, ir_graph *g, ir_node *n, int inst) {
  kiln_groupnorm_params p;
  if (gn_plan(d, g, n, inst, &p)) return -1;
  float *y = ir_alloc_data(ir_out(g, n, 0));
  if (!y) return ir_node_fail(d, n, "out of memory");
  kiln_f32_groupnorm__c(&p, ir_in(g, n, 0)->data, ir_in(g, n, 1)->data, ir_in(g, n, 2)->data, y);
  return 0;
}

static int gn_emit_(emit_ctx *e, ir_graph *g, ir_node *n, int inst) {
  kiln_groupnorm_params p;
  if (gn_plan(emit_diag(e), g, n, inst, &p)) return -1;
  char id[64], xs[160], ss[160], bs[160], ys[160], eps[48];
  if (emit_use(e, "kiln_f32_groupnorm__c")) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (nm_ref(e, n, 0, 0, xs, sizeof xs) || nm_ref(e, n, 0, 1, ss, sizeof ss) ||
      nm_ref(e, n, 0, 2, bs, sizeof bs) || nm_ref(e, n, 1, 0, ys, sizeof ys))
    return -1;
  emit_decl(e, "static const kiln_groupnorm_params %s_p = {.batch = %lld, .c = %lld, .groups = %lld, "
            ".spatial = %lld, .epsilon = %s, .per_group = %d};\n", id, (long long)p.batch,
            (long long)p.c, (long long)p.groups, (long long)p.spatial,
            op_f32_literal(p.epsilon, eps, sizeof eps), p.per_group);
  emit_code(e, "kiln_f32_groupnorm__c(&%s_p, %s, %s, %s, %s);\n", id, xs, ss, bs, ys);
  return 0;
}

static int groupnorm_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return gn_infer_(d, g, n, 0); }
static int groupnorm_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return gn_eval_(d, g, n, 0); }
static int groupnorm_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return gn_emit_(e, g, n, 0); }
static int instnorm_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return gn_infer_(d, g, n, 1); }
static int instnorm_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return gn_eval_(d, g, n, 1); }
static int instnorm_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return gn_emit_(e, g, n, 1); }

const op_def op_GroupNormalization = {.name = "GroupNormalization", .domain = "", .since = 18,
                                      .until = 0, .attrs = "epsilon num_groups stash_type",
                                      .infer = groupnorm_infer, .eval = groupnorm_eval,
                                      .emit = groupnorm_emit, .flags = 0};
const op_def op_InstanceNormalization = {.name = "InstanceNormalization", .domain = "", .since = 1,
                                         .until = 0, .attrs = "epsilon", .infer = instnorm_infer,
                                         .eval = instnorm_eval, .emit = instnorm_emit, .flags = 0};

/* ---------------------------------------------------------------- */
/* LRN                                                               */

static int lrn_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_lrn_params *p) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, f32_only)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank < 2)
    return ir_node_fail(d, n, "input 0 'X' has rank %d, expected at least 2 (N x C x ...)", x->rank);
  if (!ir_attr_find(n, "size")) return ir_node_fail(d, n, "attribute 'size' is required");
  p->size = ir_attr_int(n, "size", 1);
  if (p->size < 1) return ir_node_fail(d, n, "attribute 'size' must be >= 1 (got %lld)",
                                       (long long)p->size);
  p->alpha = ir_attr_float(n, "alpha", 1e-4f);
  p->beta = ir_attr_float(n, "beta", 0.75f);
  p->bias = ir_attr_float(n, "bias", 1.0f);
  p->batch = x->dims[0];
  p->c = x->dims[1];
  p->spatial = 1;
  for (int i = 2; i < x->rank; i++) p->spatial *= x->dims[i];
  return 0;
}

static int lrn_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_lrn_params p;
  if (lrn_plan(d, g, n, &p)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  ir_set_shape(ir_out(g, n, 0), IR_F32, x->rank, x->dims);
  return 0;
}

static int lrn_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_lrn_params p;
  if (lrn_plan(d, g, n, &p)) return -1;
  float *y = ir_alloc_data(ir_out(g, n, 0));
  if (!y) return ir_node_fail(d, n, "out of memory");
  kiln_f32_lrn__c(&p, ir_in(g, n, 0)->data, y);
  return 0;
}

static int lrn_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_lrn_params p;
  if (lrn_plan(emit_diag(e), g, n, &p)) return -1;
  char id[64], xs[160], ys[160], a[48], b[48], c[48];
  if (emit_use(e, "kiln_f32_lrn__c")) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (nm_ref(e, n, 0, 0, xs, sizeof xs) || nm_ref(e, n, 1, 0, ys, sizeof ys)) return -1;
  emit_decl(e, "static const kiln_lrn_params %s_p = {.batch = %lld, .c = %lld, .spatial = %lld, "
            ".size = %lld, .alpha = %s, .beta = %s, .bias = %s};\n", id, (long long)p.batch,
            (long long)p.c, (long long)p.spatial, (long long)p.size,
            op_f32_literal(p.alpha, a, sizeof a), op_f32_literal(p.beta, b, sizeof b),
            op_f32_literal(p.bias, c, sizeof c));
  emit_code(e, "kiln_f32_lrn__c(&%s_p, %s, %s);\n", id, xs, ys);
  return 0;
}

const op_def op_LRN = {.name = "LRN", .domain = "", .since = 1, .until = 0,
                       .attrs = "alpha beta bias size", .infer = lrn_infer, .eval = lrn_eval,
                       .emit = lrn_emit, .flags = 0};

/* ---------------------------------------------------------------- */
/* LpNormalization                                                   */

static int lpn_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_axis_params *p, int *pn) {
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, f32_only)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  if (x->rank < 1) return ir_node_fail(d, n, "input 0 'input' is a scalar; expected rank >= 1");
  int ax;
  if (op_axis(d, n, ir_attr_int(n, "axis", -1), x->rank, &ax)) return -1;
  const int64_t v = ir_attr_int(n, "p", 2);
  if (v != 1 && v != 2) return ir_node_fail(d, n, "attribute 'p' must be 1 or 2 (got %lld)", (long long)v);
  *pn = (int)v;
  p->outer = 1;
  p->n = x->dims[ax];
  p->inner = 1;
  for (int i = 0; i < x->rank; i++) {
    if (i < ax) p->outer *= x->dims[i];
    else if (i > ax) p->inner *= x->dims[i];
  }
  return 0;
}

static int lpn_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_axis_params p;
  int pn;
  if (lpn_plan(d, g, n, &p, &pn)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  ir_set_shape(ir_out(g, n, 0), IR_F32, x->rank, x->dims);
  return 0;
}

static int lpn_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_axis_params p;
  int pn;
  if (lpn_plan(d, g, n, &p, &pn)) return -1;
  float *y = ir_alloc_data(ir_out(g, n, 0));
  if (!y) return ir_node_fail(d, n, "out of memory");
  kiln_f32_lpnorm__c(&p, pn, ir_in(g, n, 0)->data, y);
  return 0;
}

static int lpn_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_axis_params p;
  int pn;
  if (lpn_plan(emit_diag(e), g, n, &p, &pn)) return -1;
  char id[64], xs[160], ys[160];
  if (emit_use(e, "kiln_f32_lpnorm__c")) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (nm_ref(e, n, 0, 0, xs, sizeof xs) || nm_ref(e, n, 1, 0, ys, sizeof ys)) return -1;
  emit_decl(e, "static const kiln_axis_params %s_p = {.outer = %lld, .n = %lld, .inner = %lld};\n",
            id, (long long)p.outer, (long long)p.n, (long long)p.inner);
  emit_code(e, "kiln_f32_lpnorm__c(&%s_p, /*p=*/%d, %s, %s);\n", id, pn, xs, ys);
  return 0;
}

const op_def op_LpNormalization = {.name = "LpNormalization", .domain = "", .since = 1, .until = 0,
                                   .attrs = "axis p", .infer = lpn_infer, .eval = lpn_eval,
                                   .emit = lpn_emit, .flags = 0};

/* ---------------------------------------------------------------- */
/* MeanVarianceNormalization                                         */

static void mvn_push(int *cnt, int64_t *dims, int64_t *str, int64_t d, int64_t s) {
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

static int mvn_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_red2_params *p) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, f32_only)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  static const int64_t dflt[] = {0, 2, 3};
  const int64_t *axes;
  int cnt = ir_attr_ints(n, "axes", &axes);
  if (cnt < 0) {
    axes = dflt;
    cnt = 3;
  }
  if (cnt > IR_MAX_RANK) return ir_node_fail(d, n, "too many axes (%d)", cnt);
  int red[IR_MAX_RANK] = {0};
  for (int i = 0; i < cnt; i++) {
    int a;
    if (op_axis(d, n, axes[i], x->rank, &a)) return -1;
    if (red[a]) return ir_node_fail(d, n, "axis %lld appears twice in axes", (long long)axes[i]);
    red[a] = 1;
  }
  int64_t str[IR_MAX_RANK], s = 1;
  for (int i = x->rank - 1; i >= 0; i--) {
    str[i] = s;
    s *= x->dims[i];
  }
  for (int i = 0; i < x->rank; i++) {
    if (red[i]) mvn_push(&p->rr, p->rdims, p->rstr, x->dims[i], str[i]);
    else mvn_push(&p->kr, p->kdims, p->kstr, x->dims[i], str[i]);
  }
  return 0;
}

static int mvn_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_red2_params p;
  if (mvn_plan(d, g, n, &p)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  ir_set_shape(ir_out(g, n, 0), IR_F32, x->rank, x->dims);
  return 0;
}

static int mvn_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_red2_params p;
  if (mvn_plan(d, g, n, &p)) return -1;
  float *y = ir_alloc_data(ir_out(g, n, 0));
  if (!y) return ir_node_fail(d, n, "out of memory");
  kiln_f32_mvn__c(&p, ir_in(g, n, 0)->data, y);
  return 0;
}

static const char *mvn_list(emit_ctx *e, const int64_t *v, int cnt) {
  static const int64_t zero = 0;
  return cnt > 0 ? emit_i64_list(e, v, cnt) : emit_i64_list(e, &zero, 1);
}

static int mvn_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_red2_params p;
  if (mvn_plan(emit_diag(e), g, n, &p)) return -1;
  char id[64], xs[160], ys[160], kd[256], ks[256], rd[256], rs[256];
  if (emit_use(e, "kiln_f32_mvn__c")) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (nm_ref(e, n, 0, 0, xs, sizeof xs) || nm_ref(e, n, 1, 0, ys, sizeof ys)) return -1;
  snprintf(kd, sizeof kd, "%s", mvn_list(e, p.kdims, p.kr));
  snprintf(ks, sizeof ks, "%s", mvn_list(e, p.kstr, p.kr));
  snprintf(rd, sizeof rd, "%s", mvn_list(e, p.rdims, p.rr));
  snprintf(rs, sizeof rs, "%s", mvn_list(e, p.rstr, p.rr));
  emit_decl(e, "static const kiln_red2_params %s_p = {.kr = %d, .rr = %d, .kdims = %s, .kstr = %s, "
            ".rdims = %s, .rstr = %s};\n", id, p.kr, p.rr, kd, ks, rd, rs);
  emit_code(e, "kiln_f32_mvn__c(&%s_p, %s, %s);\n", id, xs, ys);
  return 0;
}

const op_def op_MeanVarianceNormalization = {.name = "MeanVarianceNormalization", .domain = "",
                                             .since = 9, .until = 0, .attrs = "axes",
                                             .infer = mvn_infer, .eval = mvn_eval,
                                             .emit = mvn_emit, .flags = 0};
