/* tfidf.c - TfIdfVectorizer (opset 9): n-gram counts of int32, int64 or
 * string input rows [C] or [B, C] against the pool of n-grams the model
 * gives (pool_int64s or pool_strings), with TF, IDF or TFIDF weighting.
 * Output float32 [max(ngram_indexes) + 1] or [B, that].
 *
 * Pool layout (spec): ngram_counts[k] is where the (k+1)-grams start in the
 * pool; ngram_indexes holds one output slot per pool n-gram, in pool order.
 * Kernel: src/kernels/ml.c (KILN_TFIDF).
 */
#include "op.h"
#include "str_util.h"
#include "../emit/emit.h"
#include "../kernels/ml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TFIDF_MAX_N 8

typedef struct tfidf_model {
  kiln_tfidf p;
  const int64_t *pool_i;
  const char *const *pool_s;
  int64_t pool_n;
  const float *weights;
  int n_weights;
} tfidf_model;

static int tfidf_build(kiln_diag *d, ir_graph *g, ir_node *n, tfidf_model *m) {
  memset(m, 0, sizeof *m);
  ir_tensor *x = ir_in(g, n, 0);
  int64_t min_n = ir_attr_int(n, "min_gram_length", -1), max_n = ir_attr_int(n, "max_gram_length", -1);
  int64_t skip = ir_attr_int(n, "max_skip_count", -1);
  const char *mode = ir_attr_str(n, "mode", "");
  const int64_t *counts, *idx;
  int nc = ir_attr_ints(n, "ngram_counts", &counts), ni = ir_attr_ints(n, "ngram_indexes", &idx);
  ir_attr *pi = ir_attr_find(n, "pool_int64s"), *ps = ir_attr_find(n, "pool_strings");
  if (min_n < 1 || max_n < min_n) return ir_node_fail(d, n, "need 1 <= min_gram_length <= max_gram_length");
  if (max_n > TFIDF_MAX_N) return ir_node_fail(d, n, "max_gram_length %lld exceeds kiln's limit of %d", (long long)max_n, TFIDF_MAX_N);
  if (skip < 0) return ir_node_fail(d, n, "max_skip_count must be given and >= 0");
  if (!strcmp(mode, "TF")) m->p.mode = 0;
  else if (!strcmp(mode, "IDF")) m->p.mode = 1;
  else if (!strcmp(mode, "TFIDF")) m->p.mode = 2;
  else return ir_node_fail(d, n, "mode '%s' is not TF, IDF or TFIDF", mode);
  if ((pi != NULL) == (ps != NULL)) return ir_node_fail(d, n, "exactly one of pool_int64s and pool_strings is required");
  if (pi) {
    if (pi->type != IR_ATTR_INTS) return ir_node_fail(d, n, "pool_int64s must be ints");
    if (x->dtype != IR_I32 && x->dtype != IR_I64) return ir_node_fail(d, n, "pool_int64s needs int32 or int64 input, not %s", ir_dtype_name(x->dtype));
    m->pool_i = pi->ints;
    m->pool_n = pi->n;
  } else {
    if (ps->type != IR_ATTR_STRINGS) return ir_node_fail(d, n, "pool_strings must be strings");
    if (x->dtype != IR_STRING) return ir_node_fail(d, n, "pool_strings needs string input, not %s", ir_dtype_name(x->dtype));
    m->pool_s = (const char *const *)ps->strings;
    m->pool_n = ps->n;
  }
  if (nc < 1 || nc > TFIDF_MAX_N) return ir_node_fail(d, n, "ngram_counts must have 1..%d entries", TFIDF_MAX_N);
  if (ni < 1) return ir_node_fail(d, n, "ngram_indexes is required");
  int64_t out = 0, grams = 0;
  for (int i = 0; i < ni; i++) {
    if (idx[i] < 0 || idx[i] > (1 << 24)) return ir_node_fail(d, n, "ngram_indexes[%d] = %lld is out of range", i, (long long)idx[i]);
    if (idx[i] + 1 > out) out = idx[i] + 1;
  }
  for (int k = 0; k < nc; k++) { /* (k+1)-grams: pool elements [counts[k], next) */
    int64_t a = counts[k], b = k + 1 < nc ? counts[k + 1] : m->pool_n, gl = k + 1;
    if (a < 0 || b < a || b > m->pool_n || (b - a) % gl)
      return ir_node_fail(d, n, "ngram_counts[%d] = %lld does not fit the pool of %lld", k, (long long)a, (long long)m->pool_n);
    m->p.pool_off[gl] = a;
    m->p.idx_off[gl] = grams;
    m->p.cnt[gl] = (b - a) / gl;
    grams += m->p.cnt[gl];
  }
  if (grams != ni) return ir_node_fail(d, n, "ngram_indexes has %d entries, the pool %lld n-grams", ni, (long long)grams);
  int nw = ir_attr_floats(n, "weights", &m->weights);
  if (nw >= 0 && nw != out) return ir_node_fail(d, n, "weights has %d entries, the output %lld", nw, (long long)out);
  m->n_weights = nw > 0 ? nw : 0;
  if (nw <= 0) m->weights = NULL;
  if (x->rank != 1 && x->rank != 2) return ir_node_fail(d, n, "input must be [C] or [B, C], has rank %d", x->rank);
  m->p.rows = x->rank == 2 ? x->dims[0] : 1;
  m->p.cols = x->dims[x->rank - 1];
  m->p.out_cols = out;
  m->p.min_n = (int32_t)min_n;
  m->p.max_n = (int32_t)max_n;
  m->p.max_skip = (int32_t)(skip > (1 << 30) ? (1 << 30) : skip);
  m->p.idx = idx;
  m->p.weights = m->weights;
  return 0;
}

static int tfidf_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 1 || op_need_inputs(d, g, n, 0, 0)) return ir_node_fail(d, n, "expected 1 input");
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output");
  static const ir_dtype ok[] = {IR_I32, IR_I64, IR_STRING, IR_UNDEFINED};
  if (op_check_dtype(d, n, x, 0, ok)) return -1;
  tfidf_model m;
  if (tfidf_build(d, g, n, &m)) return -1;
  int64_t dims[2] = {x->dims[0], m.p.out_cols};
  if (x->rank == 2) ir_set_shape(y, IR_F32, 2, dims);
  else ir_set_shape(y, IR_F32, 1, dims + 1);
  return 0;
}

static int tfidf_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  tfidf_model m;
  if (tfidf_build(d, g, n, &m)) return -1;
  float *out = ir_alloc_data(y);
  if (!out && ir_numel(y) > 0) return ir_node_fail(d, n, "out of memory");
  if (x->dtype == IR_I32) kiln_i32_tfidf__c(&m.p, x->data, m.pool_i, out);
  else if (x->dtype == IR_I64) kiln_i64_tfidf__c(&m.p, x->data, m.pool_i, out);
  else kiln_str_tfidf__c(&m.p, x->data, m.pool_s, out);
  return 0;
}

static int tfidf_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  tfidf_model m;
  if (tfidf_build(emit_diag(e), g, n, &m)) return -1;
  if (ir_numel(y) == 0) return 0;
  const char *sym = x->dtype == IR_I32 ? "kiln_i32_tfidf__c" : x->dtype == IR_I64 ? "kiln_i64_tfidf__c" : "kiln_str_tfidf__c";
  if (emit_use(e, sym)) return -1;
  char id[64], pool[96], rx[256], w[96], lit[64];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  snprintf(pool, sizeof pool, "%s_pool", id);
  if (m.pool_s) {
    if (str_emit_array(e, pool, m.pool_s, m.pool_n)) return -1;
  } else {
    emit_decl(e, "static const int64_t %s[%lld] = {", pool, (long long)(m.pool_n > 0 ? m.pool_n : 1));
    for (int64_t i = 0; i < m.pool_n; i++) emit_decl(e, "%s%lldLL", i ? (i % 12 ? ", " : ",\n  ") : "", (long long)m.pool_i[i]);
    emit_decl(e, "%s};\n", m.pool_n > 0 ? "" : "0");
  }
  int64_t n_idx = m.p.idx_off[m.p.max_n] + m.p.cnt[m.p.max_n];
  for (int k = 1; k <= TFIDF_MAX_N; k++)
    if (m.p.idx_off[k] + m.p.cnt[k] > n_idx) n_idx = m.p.idx_off[k] + m.p.cnt[k];
  emit_decl(e, "static const int64_t %s_idx[%lld] = {", id, (long long)(n_idx > 0 ? n_idx : 1));
  for (int64_t i = 0; i < n_idx; i++) emit_decl(e, "%s%lld", i ? (i % 16 ? ", " : ",\n  ") : "", (long long)m.p.idx[i]);
  emit_decl(e, "%s};\n", n_idx > 0 ? "" : "0");
  snprintf(w, sizeof w, "0");
  if (m.weights) {
    snprintf(w, sizeof w, "%s_w", id);
    emit_decl(e, "static const float %s[%d] = {", w, m.n_weights);
    for (int i = 0; i < m.n_weights; i++) emit_decl(e, "%s%s", i ? ", " : "", op_f32_literal(m.weights[i], lit, sizeof lit));
    emit_decl(e, "};\n");
  }
  char l[3][9 * 24];
  const int64_t *arr[3] = {m.p.pool_off, m.p.idx_off, m.p.cnt};
  for (int a = 0; a < 3; a++) {
    size_t o = 0;
    for (int k = 0; k <= TFIDF_MAX_N; k++) o += (size_t)snprintf(l[a] + o, sizeof l[a] - o, "%s%lld", k ? ", " : "", (long long)arr[a][k]);
  }
  emit_decl(e, "static const kiln_tfidf %s_p = {%lld, %lld, %lld, %d, %d, %d, %d, {%s}, {%s}, {%s}, %s_idx, %s};\n", id,
            (long long)m.p.rows, (long long)m.p.cols, (long long)m.p.out_cols, m.p.min_n, m.p.max_n, m.p.max_skip,
            m.p.mode, l[0], l[1], l[2], id, w);
  if (x->dtype == IR_STRING) {
    if (!str_in_ref(e, g, n, n->inputs[0], 0, rx, sizeof rx)) return -1;
  } else {
    snprintf(rx, sizeof rx, "%s", emit_ref(e, n->inputs[0]));
  }
  emit_code(e, "%s(&%s_p, %s, %s, %s);\n", sym, id, rx, pool, emit_ref(e, n->outputs[0]));
  return 0;
}

const op_def op_TfIdfVectorizer = {.name = "TfIdfVectorizer", .domain = "", .since = 9, .until = 0,
                                   .attrs = "max_gram_length max_skip_count min_gram_length mode ngram_counts "
                                            "ngram_indexes pool_int64s pool_strings weights",
                                   .infer = tfidf_infer, .eval = tfidf_eval, .emit = tfidf_emit, .flags = 0,
                                   .as_act = NULL};
