/* ml.c - ai.onnx.ml operators: TreeEnsemble (opset 5), Binarizer (1),
 * ArrayFeatureExtractor (1), LabelEncoder (2..4, tensor attributes from 4).
 * Kernels: src/kernels/ml.c. The model's constants (trees, key tables)
 * are flattened and sorted here and emitted as static arrays.
 */
#include "op.h"
#include "str_util.h"
#include "../emit/emit.h"
#include "../kernels/ml.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ML_DOMAIN "ai.onnx.ml"

/* An attribute given as a TENSOR or as FLOATS/INTS, as doubles (malloc'd
 * into *out); count, or -1 when absent, -2 on a bad type / no memory. */
static int attr_f64s(ir_node *n, const char *name, double **out) {
  ir_attr *a = ir_attr_find(n, name);
  *out = NULL;
  if (!a) return -1;
  int64_t cnt;
  if (a->type == IR_ATTR_TENSOR && a->t && a->t->data && a->t->dtype != IR_STRING) cnt = ir_numel(a->t);
  else if (a->type == IR_ATTR_FLOATS || a->type == IR_ATTR_INTS) cnt = a->n;
  else return -2;
  if (cnt < 0 || cnt > (1 << 28)) return -2;
  *out = kiln_malloc(sizeof(double) * (size_t)(cnt + 1));
  if (!*out) return -2;
  for (int64_t i = 0; i < cnt; i++)
    (*out)[i] = a->type == IR_ATTR_TENSOR ? ir_get_f64(a->t, i)
                : a->type == IR_ATTR_FLOATS ? (double)a->floats[i] : (double)a->ints[i];
  return (int)cnt;
}

static int ints_of(ir_node *n, const char *name, const int64_t **v) {
  int c = ir_attr_ints(n, name, v);
  if (c == 0) *v = NULL;
  return c;
}

/* ---- TreeEnsemble ---- */

typedef struct tree_model {
  kiln_tree_ens p;
  int32_t *roots, *feature, *tnext, *fnext, *set_off, *set_len, *leaf_t;
  uint8_t *mode, *nan_true;
  double *split, *set_vals, *leaf_w;
  int n_set_vals;
} tree_model;

static void tree_free(tree_model *m) {
  free(m->roots); free(m->feature); free(m->tnext); free(m->fnext); free(m->set_off); free(m->set_len);
  free(m->leaf_t); free(m->mode); free(m->nan_true); free(m->split); free(m->set_vals); free(m->leaf_w);
  memset(m, 0, sizeof *m);
}

/* Every walk from `at` ends in a leaf within `depth` steps (no cycles). */
static int tree_acyclic(const tree_model *m, int32_t at, int depth) {
  if (at < 0) return 1;
  if (depth > m->p.n_nodes) return 0;
  return tree_acyclic(m, m->tnext[at], depth + 1) && tree_acyclic(m, m->fnext[at], depth + 1);
}

static int tree_build(kiln_diag *d, ir_graph *g, ir_node *n, tree_model *m) {
  memset(m, 0, sizeof *m);
  ir_tensor *x = ir_in(g, n, 0);
  const int64_t *feat, *tids, *fids, *tleaf, *fleaf, *ltid, *roots, *mvt = NULL;
  double *modes = NULL, *splits = NULL, *lw = NULL, *mem = NULL;
  int nn = ints_of(n, "nodes_featureids", &feat), nt = ints_of(n, "nodes_truenodeids", &tids),
      nf = ints_of(n, "nodes_falsenodeids", &fids), ntl = ints_of(n, "nodes_trueleafs", &tleaf),
      nfl = ints_of(n, "nodes_falseleafs", &fleaf), nl = ints_of(n, "leaf_targetids", &ltid),
      nr = ints_of(n, "tree_roots", &roots);
  int nmv = ir_attr_find(n, "nodes_missing_value_tracks_true") ? ints_of(n, "nodes_missing_value_tracks_true", &mvt) : -1;
  int nm = attr_f64s(n, "nodes_modes", &modes), ns = attr_f64s(n, "nodes_splits", &splits),
      nw = attr_f64s(n, "leaf_weights", &lw), nmem = attr_f64s(n, "membership_values", &mem);
  int64_t n_targets = ir_attr_int(n, "n_targets", -1), agg = ir_attr_int(n, "aggregate_function", 1);
  int64_t post = ir_attr_int(n, "post_transform", 0);
  ir_attr_find(n, "nodes_hitrates"); /* hit rates only guide ordering: not needed */
  int rc = -1;
  if (nn < 0 || nt != nn || nf != nn || ntl != nn || nfl != nn || nm != nn || ns != nn) {
    ir_node_fail(d, n, "nodes_featureids, nodes_modes, nodes_splits, nodes_truenodeids, "
                 "nodes_falsenodeids, nodes_trueleafs and nodes_falseleafs must all be given with "
                 "one entry per node");
    goto out;
  }
  if (nl < 1 || nw != nl) { ir_node_fail(d, n, "leaf_targetids and leaf_weights must have one entry per leaf"); goto out; }
  if (nr < 1) { ir_node_fail(d, n, "tree_roots is required"); goto out; }
  if (nmv >= 0 && nmv != nn) { ir_node_fail(d, n, "nodes_missing_value_tracks_true needs one entry per node"); goto out; }
  if (n_targets < 1 || n_targets > (1 << 24)) { ir_node_fail(d, n, "n_targets must be >= 1"); goto out; }
  if (agg < 0 || agg > 3) { ir_node_fail(d, n, "aggregate_function %lld is not 0..3", (long long)agg); goto out; }
  if (post < 0 || post > 3) {
    ir_node_fail(d, n, "post_transform %lld is not supported (kiln has 0 NONE, 1 SOFTMAX, 2 LOGISTIC, "
                 "3 SOFTMAX_ZERO; 4 PROBIT is not implemented)", (long long)post);
    goto out;
  }
  if (nmem == -2 || nm == -2 || ns == -2 || nw == -2) { ir_node_fail(d, n, "a tree attribute has the wrong type"); goto out; }
  m->p.n_nodes = nn;
  m->p.n_trees = nr;
  m->p.agg = (int32_t)agg;
  m->p.post = (int32_t)post;
  m->p.n_targets = n_targets;
  m->p.n_features = x->dims[1];
  m->p.rows = x->dims[0];
  size_t N = (size_t)nn + 1, L = (size_t)nl + 1;
  m->roots = kiln_calloc((size_t)nr + 1, 4);
  m->feature = kiln_calloc(N, 4); m->tnext = kiln_calloc(N, 4); m->fnext = kiln_calloc(N, 4);
  m->set_off = kiln_calloc(N, 4); m->set_len = kiln_calloc(N, 4); m->mode = kiln_calloc(N, 1);
  m->nan_true = kiln_calloc(N, 1); m->split = kiln_calloc(N, 8);
  m->leaf_t = kiln_calloc(L, 4); m->leaf_w = kiln_calloc(L, 8);
  m->set_vals = kiln_calloc((size_t)(nmem > 0 ? nmem : 0) + 1, 8);
  if (!m->roots || !m->feature || !m->tnext || !m->fnext || !m->set_off || !m->set_len || !m->mode ||
      !m->nan_true || !m->split || !m->leaf_t || !m->leaf_w || !m->set_vals) {
    ir_node_fail(d, n, "out of memory");
    goto out;
  }
  int mem_at = 0;
  for (int i = 0; i < nn; i++) {
    if (modes[i] < 0 || modes[i] > 6 || modes[i] != floor(modes[i])) {
      ir_node_fail(d, n, "node %d: nodes_modes %g is not 0..6", i, modes[i]);
      goto out;
    }
    if (feat[i] < 0 || feat[i] >= x->dims[1]) {
      ir_node_fail(d, n, "node %d: feature %lld is outside the input's %lld features", i, (long long)feat[i],
                   (long long)x->dims[1]);
      goto out;
    }
    int64_t tn = tids[i], fn = fids[i];
    if ((tleaf[i] ? tn >= nl : tn >= nn) || tn < 0 || (fleaf[i] ? fn >= nl : fn >= nn) || fn < 0) {
      ir_node_fail(d, n, "node %d: a child id is out of range", i);
      goto out;
    }
    m->feature[i] = (int32_t)feat[i];
    m->mode[i] = (uint8_t)modes[i];
    m->split[i] = splits[i];
    m->tnext[i] = tleaf[i] ? (int32_t)(-tn - 1) : (int32_t)tn;
    m->fnext[i] = fleaf[i] ? (int32_t)(-fn - 1) : (int32_t)fn;
    m->nan_true[i] = mvt ? mvt[i] != 0 : 0;
    if (m->mode[i] == 6) { /* the next NaN-terminated run of membership_values */
      m->set_off[i] = mem_at;
      while (mem_at < nmem && !isnan(mem[mem_at])) m->set_vals[mem_at] = mem[mem_at], mem_at++;
      if (mem_at >= nmem) {
        ir_node_fail(d, n, "membership_values has fewer NaN-terminated sets than BRANCH_MEMBER nodes");
        goto out;
      }
      m->set_len[i] = mem_at - m->set_off[i];
      mem_at++;
    }
  }
  for (int i = 0; i < nl; i++) {
    if (ltid[i] < 0 || ltid[i] >= n_targets) { ir_node_fail(d, n, "leaf %d: target %lld is not below n_targets", i, (long long)ltid[i]); goto out; }
    m->leaf_t[i] = (int32_t)ltid[i];
    m->leaf_w[i] = lw[i];
  }
  for (int k = 0; k < nr; k++) {
    int64_t r = roots[k];
    if (r < 0 || r >= nn) { ir_node_fail(d, n, "tree_roots[%d] = %lld is not a node", k, (long long)r); goto out; }
    /* a root whose both branches are the same leaf is that leaf */
    m->roots[k] = (tleaf[r] && fleaf[r] && tids[r] == fids[r]) ? (int32_t)(-tids[r] - 1) : (int32_t)r;
    if (!tree_acyclic(m, m->roots[k], 0)) { ir_node_fail(d, n, "tree %d has a cycle", k); goto out; }
  }
  m->n_set_vals = mem_at;
  m->p.roots = m->roots; m->p.feature = m->feature; m->p.tnext = m->tnext; m->p.fnext = m->fnext;
  m->p.set_off = m->set_off; m->p.set_len = m->set_len; m->p.leaf_t = m->leaf_t; m->p.mode = m->mode;
  m->p.nan_true = m->nan_true; m->p.split = m->split; m->p.set_vals = m->set_vals; m->p.leaf_w = m->leaf_w;
  rc = 0;
out:
  free(modes); free(splits); free(lw); free(mem);
  if (rc) tree_free(m);
  return rc;
}

static int tree_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 1 || op_need_inputs(d, g, n, 0, 0)) return ir_node_fail(d, n, "expected 1 input");
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output");
  static const ir_dtype ok[] = {IR_F32, IR_F64, IR_UNDEFINED};
  if (op_check_dtype(d, n, x, 0, ok)) return -1;
  if (x->rank != 2) return ir_node_fail(d, n, "input 0 must have rank 2 [N, F], has rank %d", x->rank);
  tree_model m;
  if (tree_build(d, g, n, &m)) return -1;
  int64_t dims[2] = {x->dims[0], m.p.n_targets};
  tree_free(&m);
  ir_set_shape(y, x->dtype, 2, dims);
  return 0;
}

static int tree_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  tree_model m;
  if (tree_build(d, g, n, &m)) return -1;
  void *out = ir_alloc_data(y);
  if (!out && ir_numel(y) > 0) { tree_free(&m); return ir_node_fail(d, n, "out of memory"); }
  if (x->dtype == IR_F32) kiln_f32_tree_ensemble__c(&m.p, x->data, out);
  else kiln_f64_tree_ensemble__c(&m.p, x->data, out);
  tree_free(&m);
  return 0;
}

static void emit_i32s(emit_ctx *e, const char *id, const char *what, const int32_t *v, int n) {
  emit_decl(e, "static const int32_t %s_%s[%d] = {", id, what, n > 0 ? n : 1);
  for (int i = 0; i < n; i++) emit_decl(e, "%s%d", i ? (i % 16 ? ", " : ",\n  ") : "", (int)v[i]);
  emit_decl(e, "%s};\n", n > 0 ? "" : "0");
}

static void emit_u8s(emit_ctx *e, const char *id, const char *what, const uint8_t *v, int n) {
  emit_decl(e, "static const uint8_t %s_%s[%d] = {", id, what, n > 0 ? n : 1);
  for (int i = 0; i < n; i++) emit_decl(e, "%s%d", i ? (i % 16 ? ", " : ",\n  ") : "", (int)v[i]);
  emit_decl(e, "%s};\n", n > 0 ? "" : "0");
}

static void emit_f64s(emit_ctx *e, const char *id, const char *what, const double *v, int n) {
  emit_decl(e, "static const double %s_%s[%d] = {", id, what, n > 0 ? n : 1);
  for (int i = 0; i < n; i++) {
    emit_decl(e, "%s", i ? (i % 6 ? ", " : ",\n  ") : "");
    if (isnan(v[i])) emit_decl(e, "NAN");
    else if (isinf(v[i])) emit_decl(e, "%sHUGE_VAL", v[i] < 0 ? "-" : "");
    else emit_decl(e, "%.17g", v[i]);
  }
  emit_decl(e, "%s};\n", n > 0 ? "" : "0");
}

static int tree_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0);
  tree_model m;
  if (tree_build(emit_diag(e), g, n, &m)) return -1;
  const char *sym = x->dtype == IR_F32 ? "kiln_f32_tree_ensemble__c" : "kiln_f64_tree_ensemble__c";
  if (emit_use(e, sym)) { tree_free(&m); return -1; }
  char id[64], rx[256];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  int nn = m.p.n_nodes, nl = 0;
  for (int i = 0; i < nn; i++) {
    if (-m.tnext[i] > nl) nl = -m.tnext[i];
    if (-m.fnext[i] > nl) nl = -m.fnext[i];
  }
  for (int k = 0; k < m.p.n_trees; k++)
    if (-m.roots[k] > nl) nl = -m.roots[k];
  emit_i32s(e, id, "roots", m.roots, m.p.n_trees);
  emit_i32s(e, id, "feature", m.feature, nn);
  emit_i32s(e, id, "tnext", m.tnext, nn);
  emit_i32s(e, id, "fnext", m.fnext, nn);
  emit_i32s(e, id, "set_off", m.set_off, nn);
  emit_i32s(e, id, "set_len", m.set_len, nn);
  emit_i32s(e, id, "leaf_t", m.leaf_t, nl);
  emit_u8s(e, id, "mode", m.mode, nn);
  emit_u8s(e, id, "nan_true", m.nan_true, nn);
  emit_f64s(e, id, "split", m.split, nn);
  emit_f64s(e, id, "set_vals", m.set_vals, m.n_set_vals);
  emit_f64s(e, id, "leaf_w", m.leaf_w, nl);
  emit_decl(e, "static const kiln_tree_ens %s_p = {%lld, %lld, %lld, %d, %d, %d, %d, %s_roots, %s_feature, "
            "%s_tnext, %s_fnext, %s_set_off, %s_set_len, %s_leaf_t, %s_mode, %s_nan_true, %s_split, "
            "%s_set_vals, %s_leaf_w};\n", id, (long long)m.p.rows, (long long)m.p.n_features,
            (long long)m.p.n_targets, m.p.n_trees, m.p.n_nodes, m.p.agg, m.p.post, id, id, id, id, id, id, id, id,
            id, id, id, id);
  tree_free(&m);
  snprintf(rx, sizeof rx, "%s", emit_ref(e, n->inputs[0]));
  emit_code(e, "%s(&%s_p, %s, %s);\n", sym, id, rx, emit_ref(e, n->outputs[0]));
  return 0;
}

const op_def op_TreeEnsemble = {.name = "TreeEnsemble", .domain = ML_DOMAIN, .since = 5, .until = 0,
                                .attrs = "aggregate_function leaf_targetids leaf_weights membership_values "
                                         "n_targets nodes_falseleafs nodes_falsenodeids nodes_featureids "
                                         "nodes_hitrates nodes_missing_value_tracks_true nodes_modes "
                                         "nodes_splits nodes_trueleafs nodes_truenodeids post_transform "
                                         "tree_roots",
                                .infer = tree_infer, .eval = tree_eval, .emit = tree_emit, .flags = 0,
                                .as_act = NULL};

/* ---- Binarizer ---- */

static const char *bin_sym(ir_dtype t) {
  switch (t) {
  case IR_F32: return "kiln_f32_binarizer__c";
  case IR_F64: return "kiln_f64_binarizer__c";
  case IR_I64: return "kiln_i64_binarizer__c";
  case IR_I32: return "kiln_i32_binarizer__c";
  default: return NULL;
  }
}

static int binarizer_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 1 || op_need_inputs(d, g, n, 0, 0)) return ir_node_fail(d, n, "expected 1 input");
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output");
  static const ir_dtype ok[] = {IR_F32, IR_F64, IR_I64, IR_I32, IR_UNDEFINED};
  if (op_check_dtype(d, n, x, 0, ok)) return -1;
  ir_attr_float(n, "threshold", 0.0f);
  ir_set_shape(y, x->dtype, x->rank, x->dims);
  return 0;
}

static int binarizer_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  float t = ir_attr_float(n, "threshold", 0.0f);
  void *out = ir_alloc_data(y);
  int64_t cnt = ir_numel(x);
  if (!out && cnt > 0) return ir_node_fail(d, n, "out of memory");
  switch (x->dtype) {
  case IR_F32: kiln_f32_binarizer__c(cnt, x->data, t, out); break;
  case IR_F64: kiln_f64_binarizer__c(cnt, x->data, (double)t, out); break;
  case IR_I64: kiln_i64_binarizer__c(cnt, x->data, (int64_t)floorf(t), out); break;
  default: kiln_i32_binarizer__c(cnt, x->data, (int32_t)floorf(t), out); break;
  }
  return 0;
}

static int binarizer_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0);
  const char *sym = bin_sym(x->dtype);
  float t = ir_attr_float(n, "threshold", 0.0f);
  char lit[64], rx[256];
  if (!sym || emit_use(e, sym)) return -1;
  if (ir_numel(x) == 0) return 0;
  if (x->dtype == IR_F32) op_f32_literal(t, lit, sizeof lit);
  else if (x->dtype == IR_F64) snprintf(lit, sizeof lit, "%.17g", (double)t);
  else snprintf(lit, sizeof lit, "%lld", (long long)floorf(t)); /* x > t == x > floor(t) for integers */
  snprintf(rx, sizeof rx, "%s", emit_ref(e, n->inputs[0]));
  emit_code(e, "%s(%lld, %s, %s, %s);\n", sym, (long long)ir_numel(x), rx, lit, emit_ref(e, n->outputs[0]));
  return 0;
}

const op_def op_Binarizer = {.name = "Binarizer", .domain = ML_DOMAIN, .since = 1, .until = 0,
                             .attrs = "threshold", .infer = binarizer_infer, .eval = binarizer_eval,
                             .emit = binarizer_emit, .flags = OP_ELEMENTWISE, .as_act = NULL};

/* ---- ArrayFeatureExtractor ---- */

static int afe_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 2 || op_need_inputs(d, g, n, 0, 1)) return ir_node_fail(d, n, "expected 2 inputs (X, Y)");
  ir_tensor *x = ir_in(g, n, 0), *idx = ir_in(g, n, 1), *z = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !z) return ir_node_fail(d, n, "expected 1 output");
  static const ir_dtype ok[] = {IR_F32, IR_F64, IR_I64, IR_I32, IR_STRING, IR_UNDEFINED};
  static const ir_dtype iok[] = {IR_I64, IR_UNDEFINED};
  if (op_check_dtype(d, n, x, 0, ok) || op_check_dtype(d, n, idx, 1, iok)) return -1;
  if (x->rank < 1) return ir_node_fail(d, n, "input 0 must have rank >= 1");
  int64_t dims[IR_MAX_RANK];
  int r = x->rank;
  memcpy(dims, x->dims, sizeof(int64_t) * (size_t)r);
  if (r == 1) { /* a vector gives [1, k] */
    dims[0] = 1;
    r = 2;
  }
  dims[r - 1] = ir_numel(idx);
  if (idx->data)
    for (int64_t j = 0; j < ir_numel(idx); j++) {
      int64_t v = ((const int64_t *)idx->data)[j], lim = x->dims[x->rank - 1];
      if (v < -lim || v >= lim)
        return ir_node_fail(d, n, "index %lld is outside the last dim (%lld)", (long long)v, (long long)lim);
    }
  ir_set_shape(z, x->dtype, r, dims);
  return 0;
}

static int afe_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *idx = ir_in(g, n, 1), *z = ir_out(g, n, 0);
  int64_t last = x->dims[x->rank - 1], rows = last ? ir_numel(x) / last : 0, k = ir_numel(idx);
  void *out = ir_alloc_data(z);
  if (!out && ir_numel(z) > 0) return ir_node_fail(d, n, "out of memory");
  const char **tmp = NULL;
  if (x->dtype == IR_STRING && !(tmp = kiln_calloc((size_t)ir_numel(z) + 1, sizeof *tmp)))
    return ir_node_fail(d, n, "out of memory");
  if (kiln_array_feature__c(rows, last, ir_dtype_size(x->dtype), x->data, k, idx->data, tmp ? (void *)tmp : out)) {
    free(tmp);
    return ir_node_fail(d, n, "an index is outside the last dim (%lld)", (long long)last);
  }
  int rc = tmp ? str_set(d, n, z, tmp) : 0;
  free(tmp);
  return rc;
}

static int afe_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *idx = ir_in(g, n, 1), *z = ir_out(g, n, 0);
  if (ir_numel(z) == 0) return 0;
  int64_t last = x->dims[x->rank - 1], rows = ir_numel(x) / last;
  char rx[256], ri[256];
  if (emit_use(e, "kiln_array_feature__c")) return -1;
  if (x->dtype == IR_STRING) {
    if (!str_in_ref(e, g, n, n->inputs[0], 0, rx, sizeof rx)) return -1;
  } else {
    snprintf(rx, sizeof rx, "%s", emit_ref(e, n->inputs[0]));
  }
  snprintf(ri, sizeof ri, "%s", emit_ref(e, n->inputs[1]));
  emit_code(e, "if (kiln_array_feature__c(%lld, %lld, %zu, %s, %lld, %s, %s) != 0) return ${UP}_ERR_INDEX;\n",
            (long long)rows, (long long)last, ir_dtype_size(x->dtype), rx, (long long)ir_numel(idx), ri,
            emit_bytes(e, n->outputs[0]));
  return 0;
}

const op_def op_ArrayFeatureExtractor = {.name = "ArrayFeatureExtractor", .domain = ML_DOMAIN, .since = 1,
                                         .until = 0, .attrs = "", .infer = afe_infer, .eval = afe_eval,
                                         .emit = afe_emit, .flags = 0, .as_act = NULL};

/* ---- LabelEncoder ---- */

/* The node's mapping: keys (one of string / int64 / float32, sorted) and
 * values (es bytes each, in key order), the default, the output dtype. */
typedef struct label_map {
  ir_dtype key_t, val_t;
  int n;
  const char **skeys;   /* string keys (pointers into the attributes) */
  int64_t *ikeys;
  float *fkeys;
  unsigned char *vals;  /* n * es bytes; string values: const char * */
  unsigned char dflt[8];
  size_t es;
} label_map;

static void label_free(label_map *m) {
  free(m->skeys); free(m->ikeys); free(m->fkeys); free(m->vals);
  memset(m, 0, sizeof *m);
}

/* The keys or values of a LabelEncoder: `*_strings`, `*_int64s`, `*_floats`
 * or `*_tensor`. Returns the count and fills dtype + one of the arrays. */
static int label_list(kiln_diag *d, ir_node *n, const char *what, ir_dtype *dt, const char *const **s,
                      const int64_t **i, const float **f, const ir_tensor **t) {
  char name[32];
  int found = 0, cnt = -1;
  *s = NULL; *i = NULL; *f = NULL; *t = NULL;
  snprintf(name, sizeof name, "%s_strings", what);
  ir_attr *a = ir_attr_find(n, name);
  if (a) { found++; if (a->type != IR_ATTR_STRINGS) return ir_node_fail(d, n, "%s must be strings", name);
           *dt = IR_STRING; *s = (const char *const *)a->strings; cnt = a->n; }
  snprintf(name, sizeof name, "%s_int64s", what);
  if ((a = ir_attr_find(n, name))) { found++; if (a->type != IR_ATTR_INTS) return ir_node_fail(d, n, "%s must be ints", name);
           *dt = IR_I64; *i = a->ints; cnt = a->n; }
  snprintf(name, sizeof name, "%s_floats", what);
  if ((a = ir_attr_find(n, name))) { found++; if (a->type != IR_ATTR_FLOATS) return ir_node_fail(d, n, "%s must be floats", name);
           *dt = IR_F32; *f = a->floats; cnt = a->n; }
  snprintf(name, sizeof name, "%s_tensor", what);
  if ((a = ir_attr_find(n, name))) {
    found++;
    if (n->opset < 4) return ir_node_fail(d, n, "%s needs ai.onnx.ml opset 4", name);
    if (a->type != IR_ATTR_TENSOR || !a->t || !a->t->data) return ir_node_fail(d, n, "%s must be a tensor", name);
    *dt = a->t->dtype;
    *t = a->t;
    cnt = (int)ir_numel(a->t);
  }
  if (found != 1)
    return ir_node_fail(d, n, "exactly one of %s_strings, %s_int64s, %s_floats, %s_tensor is required", what, what,
                        what, what);
  return cnt;
}

static ir_dtype key_class(ir_dtype t) {
  if (t == IR_STRING) return IR_STRING;
  if (t == IR_F32 || t == IR_F64) return IR_F32;
  if (ir_dtype_is_int(t)) return IR_I64;
  return IR_UNDEFINED;
}

static label_map *sort_map; /* qsort has no context in C11 */
static int cmp_key(const void *pa, const void *pb) {
  int a = *(const int *)pa, b = *(const int *)pb;
  const label_map *m = sort_map;
  if (m->key_t == IR_STRING) return strcmp(m->skeys[a], m->skeys[b]);
  if (m->key_t == IR_I64) return m->ikeys[a] < m->ikeys[b] ? -1 : m->ikeys[a] > m->ikeys[b];
  float x = m->fkeys[a], y = m->fkeys[b];
  if (isnan(x) || isnan(y)) return isnan(x) - isnan(y);
  return x < y ? -1 : x > y;
}

static int label_build(kiln_diag *d, ir_graph *g, ir_node *n, label_map *m) {
  memset(m, 0, sizeof *m);
  ir_tensor *x = ir_in(g, n, 0);
  const char *const *ks, *const *vs;
  const int64_t *ki, *vi;
  const float *kf, *vf;
  const ir_tensor *kt, *vt;
  ir_dtype kdt = IR_UNDEFINED, vdt = IR_UNDEFINED;
  int nk = label_list(d, n, "keys", &kdt, &ks, &ki, &kf, &kt);
  if (nk < 0) return -1;
  int nv = label_list(d, n, "values", &vdt, &vs, &vi, &vf, &vt);
  if (nv < 0) return -1;
  if (nk != nv) return ir_node_fail(d, n, "%d keys but %d values", nk, nv);
  if (key_class(kdt) == IR_UNDEFINED || (vdt != IR_STRING && !ir_dtype_size(vdt)) || vdt == IR_BOOL ||
      (kt && kdt != IR_STRING && kdt != IR_I64 && kdt != IR_F32 && kdt != IR_F64 && kdt != IR_I32 && kdt != IR_I16))
    return ir_node_fail(d, n, "keys of dtype %s / values of dtype %s are not supported", ir_dtype_name(kdt),
                        ir_dtype_name(vdt));
  if (key_class(x->dtype) != key_class(kdt))
    return ir_node_fail(d, n, "input 0 has dtype %s but the keys are %s", ir_dtype_name(x->dtype), ir_dtype_name(kdt));
  if (x->dtype != IR_STRING && x->dtype != IR_I64 && x->dtype != IR_F32)
    return ir_node_fail(d, n, "input dtype %s is not supported at run time (supported: string, int64, float32)",
                        ir_dtype_name(x->dtype));
  m->key_t = key_class(kdt);
  m->val_t = vdt;
  m->n = nk;
  m->es = vdt == IR_STRING ? sizeof(char *) : ir_dtype_size(vdt);
  if (m->es > 8) return ir_node_fail(d, n, "value dtype %s is not supported", ir_dtype_name(vdt));
  int *perm = kiln_calloc((size_t)nk + 1, sizeof(int));
  m->skeys = kiln_calloc((size_t)nk + 1, sizeof(char *));
  m->ikeys = kiln_calloc((size_t)nk + 1, sizeof(int64_t));
  m->fkeys = kiln_calloc((size_t)nk + 1, sizeof(float));
  m->vals = kiln_calloc((size_t)nk + 1, m->es);
  if (!perm || !m->skeys || !m->ikeys || !m->fkeys || !m->vals) {
    free(perm);
    label_free(m);
    return ir_node_fail(d, n, "out of memory");
  }
  for (int i = 0; i < nk; i++) {
    perm[i] = i;
    if (kt) {
      if (kdt == IR_STRING) m->skeys[i] = ((char *const *)kt->data)[i];
      else if (m->key_t == IR_I64) m->ikeys[i] = ir_get_i64(kt, i);
      else m->fkeys[i] = (float)ir_get_f64(kt, i);
    } else if (ks) m->skeys[i] = ks[i];
    else if (ki) m->ikeys[i] = ki[i];
    else m->fkeys[i] = kf[i];
  }
  sort_map = m;
  qsort(perm, (size_t)nk, sizeof(int), cmp_key);
  for (int i = 1; i < nk; i++)
    if (cmp_key(&perm[i - 1], &perm[i]) == 0) {
      free(perm);
      label_free(m);
      return ir_node_fail(d, n, "the keys contain a duplicate");
    }
  /* keys and values in sorted order */
  const char **sk = kiln_calloc((size_t)nk + 1, sizeof(char *));
  int64_t *ik = kiln_calloc((size_t)nk + 1, sizeof(int64_t));
  float *fk = kiln_calloc((size_t)nk + 1, sizeof(float));
  if (!sk || !ik || !fk) {
    free(sk); free(ik); free(fk); free(perm); label_free(m);
    return ir_node_fail(d, n, "out of memory");
  }
  for (int j = 0; j < nk; j++) {
    int i = perm[j];
    sk[j] = m->skeys[i];
    ik[j] = m->ikeys[i];
    fk[j] = m->fkeys[i];
    unsigned char *v = m->vals + (size_t)j * m->es;
    if (vt) {
      if (vdt == IR_STRING) memcpy(v, &((char *const *)vt->data)[i], sizeof(char *));
      else memcpy(v, (const unsigned char *)vt->data + (size_t)i * m->es, m->es);
    } else if (vs) memcpy(v, &vs[i], sizeof(char *));
    else if (vi) memcpy(v, &vi[i], 8);
    else memcpy(v, &vf[i], 4);
  }
  free(m->skeys); free(m->ikeys); free(m->fkeys); free(perm);
  m->skeys = sk; m->ikeys = ik; m->fkeys = fk;
  /* the default: default_tensor (opset 4) or default_<type> */
  ir_attr *dt = ir_attr_find(n, "default_tensor");
  ir_attr_find(n, "default_string"); ir_attr_find(n, "default_int64"); ir_attr_find(n, "default_float");
  memset(m->dflt, 0, sizeof m->dflt);
  if (dt) {
    if (dt->type != IR_ATTR_TENSOR || !dt->t || !dt->t->data || ir_numel(dt->t) != 1 || dt->t->dtype != vdt) {
      label_free(m);
      return ir_node_fail(d, n, "default_tensor must be a one-element tensor of the values' dtype %s", ir_dtype_name(vdt));
    }
    memcpy(m->dflt, dt->t->data, m->es);
  } else if (vdt == IR_STRING) {
    const char *s = ir_attr_str(n, "default_string", "_Unused");
    memcpy(m->dflt, &s, sizeof s);
  } else if (vdt == IR_I64) {
    int64_t v = ir_attr_int(n, "default_int64", -1);
    memcpy(m->dflt, &v, 8);
  } else if (vdt == IR_F32) {
    float v = ir_attr_float(n, "default_float", -0.0f);
    memcpy(m->dflt, &v, 4);
  } else {
    ir_put_i64(m->dflt, vdt, 0, 0); /* other dtypes come from tensors: the spec's default is 0 */
  }
  return 0;
}

static int label_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 1 || op_need_inputs(d, g, n, 0, 0)) return ir_node_fail(d, n, "expected 1 input");
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output");
  label_map m;
  if (label_build(d, g, n, &m)) return -1;
  ir_set_shape(y, m.val_t, x->rank, x->dims);
  label_free(&m);
  return 0;
}

static void label_run(const label_map *m, const ir_tensor *x, const void *xd, void *y) {
  int64_t cnt = ir_numel(x);
  if (m->key_t == IR_STRING) kiln_str_label_encode__c(cnt, xd, m->n, m->skeys, m->vals, m->dflt, m->es, y);
  else if (m->key_t == IR_I64) kiln_i64_label_encode__c(cnt, xd, m->n, m->ikeys, m->vals, m->dflt, m->es, y);
  else kiln_f32_label_encode__c(cnt, xd, m->n, m->fkeys, m->vals, m->dflt, m->es, y);
}

static int label_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  label_map m;
  if (label_build(d, g, n, &m)) return -1;
  int rc = 0;
  if (m.val_t == IR_STRING) {
    const char **tmp = kiln_calloc((size_t)ir_numel(y) + 1, sizeof *tmp);
    if (!tmp) rc = ir_node_fail(d, n, "out of memory");
    else {
      label_run(&m, x, x->data, tmp);
      rc = str_set(d, n, y, tmp);
    }
    free(tmp);
  } else {
    void *out = ir_alloc_data(y);
    if (!out && ir_numel(y) > 0) rc = ir_node_fail(d, n, "out of memory");
    else label_run(&m, x, x->data, out);
  }
  label_free(&m);
  return rc;
}

static int label_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0);
  label_map m;
  if (label_build(emit_diag(e), g, n, &m)) return -1;
  char id[64], keys[96], vals[96], dflt[96], rx[256];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  snprintf(keys, sizeof keys, "%s_keys", id);
  snprintf(vals, sizeof vals, "%s_vals", id);
  snprintf(dflt, sizeof dflt, "%s_dflt", id);
  const char *sym = m.key_t == IR_STRING ? "kiln_str_label_encode__c"
                  : m.key_t == IR_I64 ? "kiln_i64_label_encode__c" : "kiln_f32_label_encode__c";
  int rc = emit_use(e, sym);
  if (!rc && m.key_t == IR_STRING) rc = str_emit_array(e, keys, m.skeys, m.n);
  else if (!rc && m.key_t == IR_I64) {
    emit_decl(e, "static const int64_t %s[%d] = {", keys, m.n > 0 ? m.n : 1);
    for (int i = 0; i < m.n; i++) emit_decl(e, "%s%lldLL", i ? ", " : "", (long long)m.ikeys[i]);
    emit_decl(e, "%s};\n", m.n > 0 ? "" : "0");
  } else if (!rc) {
    char lit[64];
    emit_decl(e, "static const float %s[%d] = {", keys, m.n > 0 ? m.n : 1);
    for (int i = 0; i < m.n; i++) emit_decl(e, "%s%s", i ? ", " : "", op_f32_literal(m.fkeys[i], lit, sizeof lit));
    emit_decl(e, "%s};\n", m.n > 0 ? "" : "0");
  }
  if (!rc && m.val_t == IR_STRING) {
    rc = str_emit_array(e, vals, (const char *const *)m.vals, m.n);
    const char *dv;
    memcpy(&dv, m.dflt, sizeof dv);
    if (!rc) rc = str_emit_array(e, dflt, &dv, 1);
  } else if (!rc) { /* raw bytes of the values and default */
    emit_decl(e, "static const unsigned char %s[%zu] = {", vals, m.n > 0 ? (size_t)m.n * m.es : 1);
    for (size_t i = 0; i < (size_t)m.n * m.es; i++) emit_decl(e, "%s%u", i ? (i % 24 ? "," : ",\n  ") : "", m.vals[i]);
    emit_decl(e, "%s};\nstatic const unsigned char %s[8] = {", m.n > 0 ? "" : "0", dflt);
    for (int i = 0; i < 8; i++) emit_decl(e, "%s%u", i ? "," : "", m.dflt[i]);
    emit_decl(e, "};\n");
  }
  if (!rc && ir_numel(x) > 0) {
    if (x->dtype == IR_STRING) {
      if (!str_in_ref(e, g, n, n->inputs[0], 0, rx, sizeof rx)) rc = -1;
    } else {
      snprintf(rx, sizeof rx, "%s", emit_ref(e, n->inputs[0]));
    }
    if (!rc)
      emit_code(e, "%s(%lld, %s, %d, %s, %s, %s, %zu, %s);\n", sym, (long long)ir_numel(x), rx, m.n, keys, vals,
                dflt, m.es, emit_bytes(e, n->outputs[0]));
  }
  label_free(&m);
  return rc;
}

const op_def op_LabelEncoder = {.name = "LabelEncoder", .domain = ML_DOMAIN, .since = 2, .until = 0,
                                .attrs = "default_float default_int64 default_string default_tensor keys_floats "
                                         "keys_int64s keys_strings keys_tensor values_floats values_int64s "
                                         "values_strings values_tensor",
                                .infer = label_infer, .eval = label_eval, .emit = label_emit, .flags = 0,
                                .as_act = NULL};
