/* einsum.c - ONNX Einsum (opset 12+), float32, float64 and bfloat16.
 *
 * The equation is planned at compile time: every letter and every dim
 * under the ellipsis becomes a label with one size; the output labels come
 * first (explicit "->" order, or implicitly the ellipsis dims followed by
 * the letters used exactly once, in character order), the remaining
 * labels are summed. Each operand gets a stride per label; a letter
 * repeated inside one operand adds its dims' strides (a diagonal), and an
 * ellipsis dim of size 1 broadcasts with stride 0. The kernel is one loop
 * nest over that plan (kernels/einsum.c). Run-time dtypes: float32,
 * float64 and bfloat16 (accumulated in double, rounded once).
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/einsum.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const ir_dtype ok_dtypes[] = {IR_F32, IR_F64, IR_BF16, IR_UNDEFINED};

/* Letter l (0..51) is label id ELL_MAX + l in the parsing space; ellipsis
 * dim j is label id j. */
#define ELL_MAX IR_MAX_RANK
#define SPACE (ELL_MAX + 52)

typedef struct {
  int n;               /* tokens */
  int tok[IR_MAX_RANK + 1]; /* letter index 0..51, or -1 for the ellipsis */
  int has_ell;
} ein_term;

static int letter_index(char c) {
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= 'A' && c <= 'Z') return c - 'A';
  return -1;
}

static int parse_term(kiln_diag *d, const ir_node *n, const char *s, size_t len, ein_term *t) {
  memset(t, 0, sizeof *t);
  for (size_t i = 0; i < len;) {
    if (s[i] == '.') {
      if (i + 3 > len || s[i + 1] != '.' || s[i + 2] != '.')
        return ir_node_fail(d, n, "equation: '.' must be part of an ellipsis '...'");
      if (t->has_ell) return ir_node_fail(d, n, "equation: more than one ellipsis in a term");
      t->has_ell = 1;
      if (t->n > IR_MAX_RANK) return ir_node_fail(d, n, "equation: term too long");
      t->tok[t->n++] = -1;
      i += 3;
      continue;
    }
    int l = letter_index(s[i]);
    if (l < 0) return ir_node_fail(d, n, "equation: unexpected character '%c'", s[i]);
    if (t->n > IR_MAX_RANK) return ir_node_fail(d, n, "equation: term has more than %d subscripts", IR_MAX_RANK);
    t->tok[t->n++] = l;
    i++;
  }
  return 0;
}

static int ein_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_einsum_params *p, int *out_rank,
                    int64_t *out_dims, ir_dtype *dt) {
  memset(p, 0, sizeof *p);
  const char *eq0 = ir_attr_str(n, "equation", NULL);
  if (!eq0) return ir_node_fail(d, n, "attribute 'equation' is required");
  if (n->n_inputs < 1 || n->n_inputs > KILN_EINSUM_MAX_IN)
    return ir_node_fail(d, n, "has %d inputs, expected 1..%d", n->n_inputs, KILN_EINSUM_MAX_IN);
  if (op_need_inputs(d, g, n, 0, n->n_inputs - 1)) return -1;
  *dt = ir_in(g, n, 0)->dtype;
  for (int i = 0; i < n->n_inputs; i++) {
    if (op_check_dtype(d, n, ir_in(g, n, i), i, ok_dtypes)) return -1;
    if (ir_in(g, n, i)->dtype != *dt) return ir_node_fail(d, n, "input %d has a different dtype from input 0", i);
  }
  char eq[512];
  size_t m = 0;
  for (const char *c = eq0; *c; c++)
    if (!isspace((unsigned char)*c)) {
      if (m + 1 >= sizeof eq) return ir_node_fail(d, n, "equation is too long");
      eq[m++] = *c;
    }
  eq[m] = 0;
  const char *arrow = strstr(eq, "->");
  const size_t lhs_len = arrow ? (size_t)(arrow - eq) : m;
  ein_term terms[KILN_EINSUM_MAX_IN], outt;
  int nt = 0;
  size_t start = 0;
  for (size_t i = 0; i <= lhs_len; i++) {
    if (i == lhs_len || eq[i] == ',') {
      if (nt >= n->n_inputs)
        return ir_node_fail(d, n, "equation has more terms than the %d inputs", n->n_inputs);
      if (parse_term(d, n, eq + start, i - start, &terms[nt])) return -1;
      nt++;
      start = i + 1;
    }
  }
  if (nt != n->n_inputs)
    return ir_node_fail(d, n, "equation has %d input terms, but the node has %d inputs", nt, n->n_inputs);
  /* sizes in the parsing space; -1 = unseen */
  int64_t size[SPACE];
  int count[SPACE];
  for (int l = 0; l < SPACE; l++) size[l] = -1, count[l] = 0;
  int E = 0, any_ell = 0;
  int ell_rank[KILN_EINSUM_MAX_IN];
  for (int i = 0; i < nt; i++) {
    const ir_tensor *x = ir_in(g, n, i);
    const int letters = terms[i].n - terms[i].has_ell;
    ell_rank[i] = terms[i].has_ell ? x->rank - letters : 0;
    if ((!terms[i].has_ell && x->rank != letters) || ell_rank[i] < 0)
      return ir_node_fail(d, n, "input %d has rank %d, but its equation term has %d subscripts%s", i, x->rank,
                          letters, terms[i].has_ell ? " plus an ellipsis" : "");
    if (ell_rank[i] > E) E = ell_rank[i];
    any_ell |= terms[i].has_ell;
  }
  /* label of each dim of each operand */
  int dimlab[KILN_EINSUM_MAX_IN][IR_MAX_RANK];
  for (int i = 0; i < nt; i++) {
    const ir_tensor *x = ir_in(g, n, i);
    int dd = 0;
    for (int k = 0; k < terms[i].n; k++) {
      if (terms[i].tok[k] < 0) {
        for (int j = 0; j < ell_rank[i]; j++) dimlab[i][dd++] = E - ell_rank[i] + j;
      } else {
        dimlab[i][dd++] = ELL_MAX + terms[i].tok[k];
      }
    }
    for (int k = 0; k < x->rank; k++) {
      const int l = dimlab[i][k];
      const int64_t s = x->dims[k];
      if (l < ELL_MAX) { /* ellipsis dims broadcast */
        if (size[l] < 0 || size[l] == 1) size[l] = s;
        else if (s != 1 && s != size[l])
          return ir_node_fail(d, n, "ellipsis dims of input %d do not broadcast (%lld vs %lld)", i,
                              (long long)s, (long long)size[l]);
      } else {
        if (size[l] >= 0 && size[l] != s)
          return ir_node_fail(d, n, "subscript '%c' has size %lld in input %d but %lld elsewhere",
                              l - ELL_MAX < 26 ? 'A' + l - ELL_MAX : 'a' + l - ELL_MAX - 26, (long long)s, i,
                              (long long)size[l]);
        size[l] = s;
      }
      count[l]++;
    }
  }
  /* output labels */
  int outlab[SPACE], n_out = 0, is_out[SPACE];
  memset(is_out, 0, sizeof is_out);
  if (arrow) {
    if (parse_term(d, n, arrow + 2, strlen(arrow + 2), &outt)) return -1;
    for (int k = 0; k < outt.n; k++) {
      if (outt.tok[k] < 0) {
        if (!any_ell && E == 0) { /* "...": nothing to place */ }
        for (int j = 0; j < E; j++) outlab[n_out++] = j, is_out[j] = 1;
        continue;
      }
      const int l = ELL_MAX + outt.tok[k];
      if (size[l] < 0) return ir_node_fail(d, n, "output subscript '%c' does not appear in the inputs",
                                           outt.tok[k] < 26 ? 'A' + outt.tok[k] : 'a' + outt.tok[k] - 26);
      if (is_out[l]) return ir_node_fail(d, n, "output subscript repeated in the equation");
      outlab[n_out++] = l;
      is_out[l] = 1;
    }
  } else {
    for (int j = 0; j < E; j++) outlab[n_out++] = j, is_out[j] = 1;
    for (int l = ELL_MAX; l < SPACE; l++)
      if (count[l] == 1) outlab[n_out++] = l, is_out[l] = 1;
  }
  if (n_out > IR_MAX_RANK) return ir_node_fail(d, n, "output rank %d exceeds %d", n_out, IR_MAX_RANK);
  /* final label order: outputs, then summed */
  int order[SPACE], nl = 0;
  for (int k = 0; k < n_out; k++) order[nl++] = outlab[k];
  for (int l = 0; l < SPACE; l++)
    if (size[l] >= 0 && !is_out[l] && (l >= ELL_MAX || l < E)) order[nl++] = l;
  if (nl > KILN_EINSUM_MAX_LABELS)
    return ir_node_fail(d, n, "equation uses %d distinct subscripts; kiln supports %d", nl, KILN_EINSUM_MAX_LABELS);
  p->n_in = nt;
  p->n_lab = nl;
  p->n_out = n_out;
  for (int k = 0; k < nl; k++) p->size[k] = size[order[k]] < 0 ? 1 : size[order[k]];
  for (int i = 0; i < nt; i++) {
    const ir_tensor *x = ir_in(g, n, i);
    int64_t st = 1;
    for (int k = x->rank - 1; k >= 0; k--) {
      const int l = dimlab[i][k];
      for (int q = 0; q < nl; q++)
        if (order[q] == l && !(x->dims[k] == 1 && p->size[q] != 1)) p->stride[i][q] += st;
      st *= x->dims[k];
    }
  }
  *out_rank = n_out;
  for (int k = 0; k < n_out; k++) out_dims[k] = p->size[k];
  return 0;
}

static int ein_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_einsum_params p;
  int rank;
  int64_t dims[IR_MAX_RANK];
  ir_dtype dt;
  if (ein_plan(d, g, n, &p, &rank, dims, &dt)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  ir_set_shape(ir_out(g, n, 0), dt, rank, dims);
  return 0;
}

static int ein_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_einsum_params p;
  int rank;
  int64_t dims[IR_MAX_RANK];
  ir_dtype dt;
  if (ein_plan(d, g, n, &p, &rank, dims, &dt)) return -1;
  void *y = ir_alloc_data(ir_out(g, n, 0));
  if (!y && ir_numel(ir_out(g, n, 0)) > 0) return ir_node_fail(d, n, "out of memory");
  const void *xs[KILN_EINSUM_MAX_IN];
  for (int i = 0; i < p.n_in; i++) xs[i] = ir_in(g, n, i)->data;
  if (dt == IR_F32) kiln_f32_einsum__c(&p, (const float *const *)xs, y);
  else if (dt == IR_F64) kiln_f64_einsum__c(&p, (const double *const *)xs, y);
  else kiln_bf16_einsum__c(&p, (const uint16_t *const *)xs, y);
  return 0;
}

/* "{a, b, c}" ("{0}" when empty) into the declarations, any length. */
static void emit_list(emit_ctx *e, const int64_t *v, int n) {
  emit_decl(e, "{");
  for (int i = 0; i < n; i++) emit_decl(e, "%s%lld", i ? ", " : "", (long long)v[i]);
  emit_decl(e, "%s}", n ? "" : "0");
}

static int ein_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_einsum_params p;
  int rank;
  int64_t dims[IR_MAX_RANK];
  ir_dtype dt;
  if (ein_plan(emit_diag(e), g, n, &p, &rank, dims, &dt)) return -1;
  const char *sym = dt == IR_F32 ? "kiln_f32_einsum__c" : dt == IR_F64 ? "kiln_f64_einsum__c" : "kiln_bf16_einsum__c";
  const char *ct = dt == IR_F32 ? "float" : dt == IR_F64 ? "double" : "uint16_t";
  if (emit_use(e, sym)) return -1;
  char id[64], y[160];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_einsum_params %s_p = {%d, %d, %d, ", id, p.n_in, p.n_lab, p.n_out);
  emit_list(e, p.size, p.n_lab);
  emit_decl(e, ", {");
  for (int i = 0; i < p.n_in; i++) {
    if (i) emit_decl(e, ", ");
    emit_list(e, p.stride[i], p.n_lab);
  }
  emit_decl(e, "}};\n");
  if (op_emit_ref(e, n->outputs[0], y, sizeof y)) return -1;
  emit_code(e, "{\n  const %s *const %s_x[%d] = {", ct, id, p.n_in);
  for (int i = 0; i < p.n_in; i++) {
    char x[160];
    if (op_emit_ref(e, n->inputs[i], x, sizeof x)) return -1;
    emit_code(e, "%s%s", i ? ", " : "", x);
  }
  emit_code(e, "};\n  %s(&%s_p, %s_x, %s);\n}\n", sym, id, id, y);
  return 0;
}

const op_def op_Einsum = {.name = "Einsum", .domain = "", .since = 12, .until = 0, .attrs = "equation",
                          .infer = ein_infer, .eval = ein_eval, .emit = ein_emit};
