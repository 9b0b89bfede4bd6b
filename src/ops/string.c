/* string.c - string operators: StringConcat (opset 20), StringNormalizer
 * (10), StringSplit (20), and Equal on string inputs (opset 19; binary.c
 * hands such nodes to str_equal_*). Kernels: src/kernels/strops.c.
 *
 * Run time: a string tensor is an array of `const char *`. Constant string
 * tensors become static arrays of C string literals in the generated code
 * (never the weights blob: it holds no pointers). Strings made at run time
 * go into the arena's string pool (plan.h); those ops carry OP_STRINGS, and
 * a run that outgrows the pool returns NAME_ERR_STRING_POOL.
 *
 * Data-dependent sizes: StringNormalizer's output length (stopwords are
 * removed) and StringSplit's last dim (the most pieces) depend on the
 * values. kiln takes them from the output shape the model declares (graph
 * output or value_info); the run returns NAME_ERR_DATA_SHAPE if the data
 * disagrees. With constant inputs the size is computed.
 */
#include "op.h"
#include "str_util.h"
#include "../emit/emit.h"
#include "../kernels/strops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers shared with regex.c and ml.c (str_util.h) ---- */

int str_check(kiln_diag *d, const ir_node *n, const ir_tensor *t, int idx) {
  if (!t) return ir_node_fail(d, n, "input %d is missing", idx);
  if (t->dtype != IR_STRING)
    return ir_node_fail(d, n, "input %d '%s' has dtype %s, expected string", idx, t->name,
                        ir_dtype_name(t->dtype));
  return 0;
}

static void put_literal(kiln_buf *b, const char *s) {
  kiln_buf_puts(b, "\"");
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') kiln_buf_printf(b, "\\%c", c);
    else if (c == '?') kiln_buf_puts(b, "\\?");
    else if (c < 32 || c > 126) kiln_buf_printf(b, "\\%03o", c);
    else kiln_buf_put(b, s, 1);
  }
  kiln_buf_puts(b, "\"");
}

int str_emit_array(emit_ctx *e, const char *name, const char *const *v, int64_t n) {
  kiln_buf b;
  kiln_buf_init(&b);
  kiln_buf_printf(&b, "static const char *const %s[%lld] = {", name, (long long)(n > 0 ? n : 1));
  for (int64_t i = 0; i < n; i++) {
    kiln_buf_puts(&b, i ? (i % 8 ? ", " : ",\n  ") : "");
    put_literal(&b, v[i]);
  }
  if (n <= 0) kiln_buf_puts(&b, "\"\"");
  kiln_buf_puts(&b, "};\n");
  int rc = b.oom ? kiln_fail(emit_diag(e), "out of memory") : 0;
  if (!rc) emit_decl(e, "%s", b.data);
  kiln_buf_free(&b);
  return rc;
}

const char *str_in_ref(emit_ctx *e, ir_graph *g, const ir_node *n, int t, int slot, char *buf, size_t size) {
  const ir_tensor *x = &g->tensors[t];
  if (x->data) { /* a constant: string literals in the code */
    snprintf(buf, size, "%s_s%d", emit_id(e, n), slot);
    if (str_emit_array(e, buf, x->data, ir_numel(x))) return NULL;
    return buf;
  }
  snprintf(buf, size, "((const char *const *)%s)", emit_bytes(e, t));
  return buf;
}

const char *str_out_ref(emit_ctx *e, int t, char *buf, size_t size) {
  snprintf(buf, size, "((const char **)%s)", emit_bytes(e, t));
  return buf;
}

int str_pool(emit_ctx *e, ir_graph *g, const ir_node *n, char *buf, size_t size, int64_t *cap) {
  int p = ir_find_tensor(g, PLAN_STRING_POOL);
  if (p < 0) return ir_node_fail(emit_diag(e), n, "internal error: no string pool was planned");
  if (emit_use(e, "kiln_str_pool")) return -1;
  snprintf(buf, size, "%s", emit_bytes(e, p));
  *cap = ir_nbytes(&g->tensors[p]);
  /* The first string-making node of the run empties the pool. */
  int first = 1;
  for (const ir_node *m = g->nodes; m < n; m++)
    if (!m->dead && m->def && (m->def->flags & OP_STRINGS)) first = 0;
  if (first) emit_code(e, "kiln_str_pool_reset(%s);\n", buf);
  return 0;
}

int str_set(kiln_diag *d, const ir_node *n, ir_tensor *y, const char *const *v) {
  char **out = ir_alloc_data(y);
  int64_t cnt = ir_numel(y);
  if (!out && cnt > 0) return ir_node_fail(d, n, "out of memory");
  for (int64_t i = 0; i < cnt; i++)
    if (!(out[i] = kiln_strdup(v[i] ? v[i] : ""))) return ir_node_fail(d, n, "out of memory");
  return 0;
}

int str_declared_dim(kiln_diag *d, const ir_node *n, const ir_tensor *y, int rank, int axis,
                     const char *why, int64_t *v) {
  if (y->rank == rank && y->dims[axis] >= 0) {
    *v = y->dims[axis];
    return 0;
  }
  return ir_node_fail(d, n, "output '%s': dim %d depends on the input values (%s) and the model "
                      "does not declare it; kiln needs static shapes: declare the output's shape "
                      "(graph output or value_info)", y->name, axis, why);
}

/* A host pool for folding: room for `bytes` of strings. */
static unsigned char *host_pool(size_t bytes, size_t *cap) {
  *cap = bytes + 16;
  unsigned char *p = kiln_malloc(*cap);
  if (p) {
    uint64_t used = 8;
    memcpy(p, &used, 8);
  }
  return p;
}

static size_t max_len(const ir_tensor *t) {
  size_t m = 0;
  const char *const *v = t->data;
  for (int64_t i = 0; i < ir_numel(t); i++)
    if (v[i] && strlen(v[i]) > m) m = strlen(v[i]);
  return m;
}

/* ---- broadcasting two string inputs (StringConcat, Equal) ---- */

static int str_bcast(kiln_diag *d, ir_graph *g, ir_node *n, kiln_bcast *bc, int *rank, int64_t *dims) {
  const ir_tensor *ins[2] = {ir_in(g, n, 0), ir_in(g, n, 1)};
  if (op_broadcast_shape(d, n, ins, 2, rank, dims)) return -1;
  op_bshape s[2];
  for (int i = 0; i < 2; i++) {
    s[i].rank = ins[i]->rank;
    s[i].off = *rank - ins[i]->rank;
    s[i].dims = ins[i]->dims;
  }
  op_bcast_init(bc, *rank, dims, 2, s);
  return 0;
}

static int str_binary_infer(kiln_diag *d, ir_graph *g, ir_node *n, ir_dtype out) {
  if (n->n_inputs != 2) return ir_node_fail(d, n, "expected 2 inputs, got %d", n->n_inputs);
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output, got %d", n->n_outputs);
  if (str_check(d, n, ir_in(g, n, 0), 0) || str_check(d, n, ir_in(g, n, 1), 1)) return -1;
  kiln_bcast bc;
  int rank;
  int64_t dims[IR_MAX_RANK];
  if (str_bcast(d, g, n, &bc, &rank, dims)) return -1;
  ir_set_shape(y, out, rank, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output has too many elements");
  return 0;
}

static int emit_bcast_decl(emit_ctx *e, ir_graph *g, ir_node *n, char *name, size_t size) {
  kiln_bcast bc;
  int rank;
  int64_t dims[IR_MAX_RANK];
  if (str_bcast(emit_diag(e), g, n, &bc, &rank, dims)) return -1;
  snprintf(name, size, "%s_b", emit_id(e, n));
  char l[3][8 * 24];
  for (int i = 0; i < 3; i++) {
    size_t o = 0;
    l[i][0] = 0;
    for (int k = 0; k < bc.rank; k++)
      o += (size_t)snprintf(l[i] + o, sizeof l[i] - o, "%s%lld", k ? ", " : "",
                            (long long)(i == 0 ? bc.dims[k] : bc.stride[i - 1][k]));
  }
  emit_decl(e, "static const kiln_bcast %s = {%d, %lld, {%s}, {{%s}, {%s}, {0}}};\n", name, bc.rank,
            (long long)bc.n, l[0], l[1], l[2]);
  return 0;
}

/* ---- Equal on strings ---- */

int str_equal_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->opset < 19) return ir_node_fail(d, n, "Equal on strings needs opset 19 or later");
  return str_binary_infer(d, g, n, IR_BOOL);
}

int str_equal_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_bcast bc;
  int rank;
  int64_t dims[IR_MAX_RANK];
  if (str_bcast(d, g, n, &bc, &rank, dims)) return -1;
  uint8_t *y = ir_alloc_data(ir_out(g, n, 0));
  if (!y && bc.n > 0) return ir_node_fail(d, n, "out of memory");
  if (bc.n > 0) kiln_str_equal__c(&bc, ir_in(g, n, 0)->data, ir_in(g, n, 1)->data, y);
  return 0;
}

int str_equal_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  char b[96], ra[256], rb[256];
  if (emit_bcast_decl(e, g, n, b, sizeof b) || emit_use(e, "kiln_str_equal__c")) return -1;
  if (!str_in_ref(e, g, n, n->inputs[0], 0, ra, sizeof ra) || !str_in_ref(e, g, n, n->inputs[1], 1, rb, sizeof rb))
    return -1;
  emit_code(e, "kiln_str_equal__c(&%s, %s, %s, %s);\n", b, ra, rb, emit_ref(e, n->outputs[0]));
  return 0;
}

/* ---- StringConcat ---- */

static int concat_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return str_binary_infer(d, g, n, IR_STRING); }

static int concat_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *a = ir_in(g, n, 0), *b = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  kiln_bcast bc;
  int rank;
  int64_t dims[IR_MAX_RANK];
  if (str_bcast(d, g, n, &bc, &rank, dims)) return -1;
  size_t cap;
  unsigned char *pool = host_pool((size_t)bc.n * (max_len(a) + max_len(b) + 1), &cap);
  const char **v = kiln_calloc((size_t)bc.n + 1, sizeof *v);
  int rc = -1;
  if (!pool || !v) ir_node_fail(d, n, "out of memory");
  else if (bc.n > 0 && kiln_str_concat__c(&bc, a->data, b->data, v, pool, cap))
    ir_node_fail(d, n, "internal error: folding pool too small");
  else rc = str_set(d, n, y, v);
  free(pool);
  free(v);
  return rc;
}

static int concat_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  char b[96], ra[256], rb[256], ry[256], pool[256];
  int64_t cap;
  if (str_pool(e, g, n, pool, sizeof pool, &cap)) return -1; /* first: it may reset the pool */
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (emit_bcast_decl(e, g, n, b, sizeof b) || emit_use(e, "kiln_str_concat__c")) return -1;
  if (!str_in_ref(e, g, n, n->inputs[0], 0, ra, sizeof ra) || !str_in_ref(e, g, n, n->inputs[1], 1, rb, sizeof rb))
    return -1;
  str_out_ref(e, n->outputs[0], ry, sizeof ry);
  emit_code(e, "if (kiln_str_concat__c(&%s, %s, %s, %s, %s, %lld) != 0) return ${UP}_ERR_STRING_POOL;\n", b,
            ra, rb, ry, pool, (long long)cap);
  return 0;
}

const op_def op_StringConcat = {.name = "StringConcat", .domain = "", .since = 20, .until = 0, .attrs = "",
                                .infer = concat_infer, .eval = concat_eval, .emit = concat_emit,
                                .flags = OP_STRINGS, .as_act = NULL};

/* ---- StringNormalizer ---- */

typedef struct norm_attrs {
  int action, case_sensitive;
  int n_stop;
  const char *const *stop;
} norm_attrs;

static int norm_attrs_get(kiln_diag *d, ir_node *n, norm_attrs *a) {
  const char *act = ir_attr_str(n, "case_change_action", "NONE");
  if (!strcmp(act, "NONE")) a->action = 0;
  else if (!strcmp(act, "LOWER")) a->action = 1;
  else if (!strcmp(act, "UPPER")) a->action = 2;
  else return ir_node_fail(d, n, "case_change_action '%s' is not NONE, LOWER or UPPER", act);
  a->case_sensitive = ir_attr_int(n, "is_case_sensitive", 0) != 0;
  const char *loc = ir_attr_str(n, "locale", "");
  if (loc[0] && strcmp(loc, "en_US") && strcmp(loc, "en_US.UTF-8") && strcmp(loc, "en_US.utf8") &&
      strcmp(loc, "C") && strcmp(loc, "POSIX"))
    return ir_node_fail(d, n, "locale '%s' is not supported: kiln maps case for ASCII and Latin-1 "
                        "letters only (locales: en_US, C)", loc);
  ir_attr *s = ir_attr_find(n, "stopwords");
  a->n_stop = 0;
  a->stop = NULL;
  if (s) {
    s->used = 1;
    if (s->type != IR_ATTR_STRINGS) return ir_node_fail(d, n, "attribute 'stopwords' must be a list of strings");
    a->n_stop = s->n;
    a->stop = (const char *const *)s->strings;
  }
  return 0;
}

static int norm_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 1 || op_need_inputs(d, g, n, 0, 0)) return ir_node_fail(d, n, "expected 1 input");
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output, got %d", n->n_outputs);
  if (str_check(d, n, x, 0)) return -1;
  norm_attrs a;
  if (norm_attrs_get(d, n, &a)) return -1;
  if (!(x->rank == 1 || (x->rank == 2 && x->dims[0] == 1))) {
    char s[96];
    return ir_node_fail(d, n, "input 0 has shape %s; StringNormalizer takes [C] or [1, C]",
                        ir_shape_str(x, s, sizeof s));
  }
  int64_t c = x->dims[x->rank - 1];
  if (a.n_stop > 0) {
    if (x->data) { /* count what stays */
      const char **tmp = kiln_calloc((size_t)c + 1, sizeof *tmp);
      if (!tmp) return ir_node_fail(d, n, "out of memory");
      kiln_str_normalize__c(c, x->data, tmp, c, a.stop, a.n_stop, a.case_sensitive, 0, NULL, 0, &c);
      free(tmp);
    } else if (str_declared_dim(d, n, y, x->rank, x->rank - 1, "stopwords are removed", &c)) {
      return -1;
    }
  } else if (c == 0) {
    c = 1; /* an empty input gives [""] */
  }
  int64_t dims[2] = {1, c};
  ir_set_shape(y, IR_STRING, x->rank, x->rank == 1 ? dims + 1 : dims);
  return 0;
}

static int norm_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  norm_attrs a;
  if (norm_attrs_get(d, n, &a)) return -1;
  int64_t c = x->dims[x->rank - 1], ny = y->dims[y->rank - 1], got;
  size_t cap;
  unsigned char *pool = host_pool((size_t)c * (max_len(x) * 2 + 1), &cap);
  const char **v = kiln_calloc((size_t)ny + 1, sizeof *v);
  int rc = -1;
  if (!pool || !v) ir_node_fail(d, n, "out of memory");
  else if (kiln_str_normalize__c(c, x->data, v, ny, a.stop, a.n_stop, a.case_sensitive, a.action, pool, cap, &got))
    ir_node_fail(d, n, "the output has %lld strings, not the %lld of its shape", (long long)got, (long long)ny);
  else rc = str_set(d, n, y, v);
  free(pool);
  free(v);
  return rc;
}

static int norm_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  norm_attrs a;
  if (norm_attrs_get(emit_diag(e), n, &a)) return -1;
  char rx[256], ry[256], pool[256], stop[96];
  int64_t cap = 0;
  if (emit_use(e, "kiln_str_normalize__c")) return -1;
  /* Always: with NONE the pool stays unused, but a later string node relies
   * on the run's first OP_STRINGS node to reset it. */
  if (str_pool(e, g, n, pool, sizeof pool, &cap)) return -1;
  if (!str_in_ref(e, g, n, n->inputs[0], 0, rx, sizeof rx)) return -1;
  str_out_ref(e, n->outputs[0], ry, sizeof ry);
  snprintf(stop, sizeof stop, "%s_stop", emit_id(e, n));
  if (str_emit_array(e, stop, a.stop, a.n_stop)) return -1;
  emit_code(e, "{\n    int64_t cnt;\n    int rc = kiln_str_normalize__c(%lld, %s, %s, %lld, %s, %d, %d, %d, %s, %lld, &cnt);\n"
            "    if (rc) return rc == -1 ? ${UP}_ERR_STRING_POOL : ${UP}_ERR_DATA_SHAPE;\n  }\n",
            (long long)x->dims[x->rank - 1], rx, ry, (long long)y->dims[y->rank - 1], stop, a.n_stop,
            a.case_sensitive, a.action, pool, (long long)cap);
  return 0;
}

/* OP_STRINGS for case mapping; a NONE node only resets the pool (the flag
 * is per op, so the pool is reserved either way). */
const op_def op_StringNormalizer = {.name = "StringNormalizer", .domain = "", .since = 10, .until = 0,
                                    .attrs = "case_change_action is_case_sensitive locale stopwords",
                                    .infer = norm_infer, .eval = norm_eval, .emit = norm_emit,
                                    .flags = OP_STRINGS, .as_act = NULL};

/* ---- StringSplit ---- */

static int split_attrs(kiln_diag *d, ir_node *n, const char **delim, int64_t *maxsplit) {
  *delim = ir_attr_str(n, "delimiter", "");
  ir_attr *m = ir_attr_find(n, "maxsplit");
  *maxsplit = m ? ir_attr_int(n, "maxsplit", -1) : -1;
  if (m && *maxsplit < 0) return ir_node_fail(d, n, "attribute 'maxsplit' must be >= 0, got %lld", (long long)*maxsplit);
  return 0;
}

static int split_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 1 || op_need_inputs(d, g, n, 0, 0)) return ir_node_fail(d, n, "expected 1 input");
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0), *len = ir_out(g, n, 1);
  if (n->n_outputs != 2 || !y || !len) return ir_node_fail(d, n, "expected 2 outputs (substrings, length)");
  if (str_check(d, n, x, 0)) return -1;
  if (x->rank >= IR_MAX_RANK) return ir_node_fail(d, n, "input rank %d: the output would exceed rank %d", x->rank, IR_MAX_RANK);
  const char *delim;
  int64_t maxsplit, k = 0, cnt = ir_numel(x);
  if (split_attrs(d, n, &delim, &maxsplit)) return -1;
  if (x->data) { /* the most pieces, counted (k = 0 stores none) */
    int64_t *lens = kiln_calloc((size_t)cnt + 1, sizeof *lens);
    if (!lens) return ir_node_fail(d, n, "out of memory");
    kiln_str_split__c(cnt, x->data, delim, maxsplit, NULL, 0, lens, NULL, 0, &k);
    free(lens);
  } else if (cnt == 0) {
    k = 0;
  } else if (str_declared_dim(d, n, y, x->rank + 1, x->rank, "the most pieces of any string", &k)) {
    return -1;
  }
  int64_t dims[IR_MAX_RANK];
  memcpy(dims, x->dims, sizeof(int64_t) * (size_t)x->rank);
  dims[x->rank] = k;
  ir_set_shape(y, IR_STRING, x->rank + 1, dims);
  ir_set_shape(len, IR_I64, x->rank, x->dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output has too many elements");
  return 0;
}

static int split_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0), *len = ir_out(g, n, 1);
  const char *delim;
  int64_t maxsplit, most, cnt = ir_numel(x), k = y->dims[y->rank - 1];
  if (split_attrs(d, n, &delim, &maxsplit)) return -1;
  size_t cap;
  unsigned char *pool = host_pool((size_t)cnt * (max_len(x) + 1) + (size_t)ir_numel(y) + 1, &cap);
  const char **v = kiln_calloc((size_t)ir_numel(y) + 1, sizeof *v);
  int64_t *l = ir_alloc_data(len);
  int rc = -1;
  if (!pool || !v || (!l && cnt > 0)) ir_node_fail(d, n, "out of memory");
  else if (cnt > 0 && kiln_str_split__c(cnt, x->data, delim, maxsplit, v, k, l, pool, cap, &most))
    ir_node_fail(d, n, "the most pieces are %lld, not the %lld of the output shape", (long long)most, (long long)k);
  else rc = str_set(d, n, y, v);
  free(pool);
  free(v);
  return rc;
}

static int split_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  const char *delim;
  int64_t maxsplit, cap;
  if (split_attrs(emit_diag(e), n, &delim, &maxsplit)) return -1;
  char rx[256], ry[256], pool[256], dl[96];
  if (str_pool(e, g, n, pool, sizeof pool, &cap)) return -1; /* first: it may reset the pool */
  if (ir_numel(x) == 0) return 0;
  if (emit_use(e, "kiln_str_split__c")) return -1;
  if (!str_in_ref(e, g, n, n->inputs[0], 0, rx, sizeof rx)) return -1;
  str_out_ref(e, n->outputs[0], ry, sizeof ry);
  snprintf(dl, sizeof dl, "%s_delim", emit_id(e, n));
  if (str_emit_array(e, dl, &delim, 1)) return -1;
  emit_code(e, "{\n    int64_t most;\n    int rc = kiln_str_split__c(%lld, %s, %s[0], %lld, %s, %lld, %s, %s, %lld, &most);\n"
            "    if (rc) return rc == -1 ? ${UP}_ERR_STRING_POOL : ${UP}_ERR_DATA_SHAPE;\n  }\n",
            (long long)ir_numel(x), rx, dl, (long long)maxsplit, ry, (long long)y->dims[y->rank - 1],
            emit_ref(e, n->outputs[1]), pool, (long long)cap);
  return 0;
}

const op_def op_StringSplit = {.name = "StringSplit", .domain = "", .since = 20, .until = 0,
                               .attrs = "delimiter maxsplit", .infer = split_infer, .eval = split_eval,
                               .emit = split_emit, .flags = OP_STRINGS, .as_act = NULL};
