/* regex.c - RegexFullMatch (opset 20): y[i] = 1 when the whole string x[i]
 * matches the RE2 `pattern`.
 *
 * The compiler parses the pattern and compiles it to a Thompson NFA
 * program (re_compile below); the generated code runs it with
 * kiln_str_regex_full_match__c (src/kernels/strops.c), which simulates all
 * threads at once: time O(length x program size), memory a scratch of
 * 5 x program size + 1 int32 reserved by the planner. No backtracking, so
 * no exponential blow-up.
 *
 * Syntax (a subset of RE2, over UTF-8 code points): literals, `.`,
 * classes `[...]` / `[^...]` with ranges and \d \w \s \D \W \S (ASCII
 * members only), the escapes \d \D \w \W \s \S \b \B \A \z \n \t \r \f \v
 * and escaped punctuation, groups `(...)`, `(?:...)`, `(?P<name>...)`,
 * alternation, `* + ? {n} {n,} {n,m}` (lazy forms accepted: for a full
 * match they change nothing), anchors `^ $` (start / end of text). Anything
 * else (flags like (?i), backreferences, Unicode classes \p{..}, POSIX
 * classes) is rejected at compile time naming the construct.
 */
#include "op.h"
#include "str_util.h"
#include "../emit/emit.h"
#include "../kernels/strops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RE_MAX_PROG 8192 /* instructions */
#define RE_MAX_REPEAT 1000

enum { R_CHAR, R_ANY, R_CLASS, R_CAT, R_ALT, R_REP, R_EMPTY, R_ASSERT };

typedef struct re_node {
  int kind, a, b, min, max; /* max -1 = unbounded */
  int32_t v;                /* code point, class index or KILN_RE_* assertion */
} re_node;

typedef struct re_parser {
  const char *s;
  size_t pos, len;
  re_node *nodes;
  int n_nodes, cap_nodes;
  uint8_t *cls;
  int n_cls, cap_cls;
  int32_t *prog;
  int n_prog, cap_prog;
  char err[200];
  int depth;
} re_parser;

static int re_err(re_parser *p, const char *what) {
  if (!p->err[0]) snprintf(p->err, sizeof p->err, "%s at offset %zu of the pattern", what, p->pos);
  return -1;
}

static int re_new(re_parser *p, int kind, int a, int b) {
  if (p->n_nodes == p->cap_nodes) {
    int cap = p->cap_nodes ? p->cap_nodes * 2 : 32;
    re_node *q = kiln_realloc(p->nodes, sizeof *q * (size_t)cap);
    if (!q) return re_err(p, "out of memory");
    p->nodes = q;
    p->cap_nodes = cap;
  }
  re_node *r = &p->nodes[p->n_nodes];
  memset(r, 0, sizeof *r);
  r->kind = kind;
  r->a = a;
  r->b = b;
  return p->n_nodes++;
}

static int re_new_class(re_parser *p) {
  if (p->n_cls == p->cap_cls) {
    int cap = p->cap_cls ? p->cap_cls * 2 : 8;
    uint8_t *q = kiln_realloc(p->cls, (size_t)cap * 33);
    if (!q) return re_err(p, "out of memory");
    p->cls = q;
    p->cap_cls = cap;
  }
  memset(p->cls + 33 * p->n_cls, 0, 33);
  return p->n_cls++;
}

static void cls_add(uint8_t *c, int lo, int hi) {
  for (int i = lo; i <= hi && i < 128; i++) c[i >> 3] |= (uint8_t)(1u << (i & 7));
}

/* \d \w \s (and upper-case negations) into class c. */
static void cls_perl(uint8_t *c, char e) {
  uint8_t t[33];
  memset(t, 0, sizeof t);
  char l = (char)(e | 32);
  if (l == 'd') cls_add(t, '0', '9');
  else if (l == 'w') { cls_add(t, '0', '9'); cls_add(t, 'A', 'Z'); cls_add(t, 'a', 'z'); cls_add(t, '_', '_'); }
  else { cls_add(t, '\t', '\n'); cls_add(t, '\f', '\r'); cls_add(t, ' ', ' '); }
  if (e != l) { /* negated: every other ASCII and all non-ASCII */
    for (int i = 0; i < 16; i++) t[i] = (uint8_t)~t[i];
    t[32] = 1;
  }
  for (int i = 0; i < 33; i++) c[i] |= t[i];
}

static int is_perl(char c) { return c == 'd' || c == 'D' || c == 'w' || c == 'W' || c == 's' || c == 'S'; }

/* A simple escape's code point, or -1. */
static int32_t simple_escape(char c) {
  switch (c) {
  case 'n': return '\n';
  case 't': return '\t';
  case 'r': return '\r';
  case 'f': return '\f';
  case 'v': return '\v';
  case 'a': return '\a';
  default:
    if ((unsigned char)c < 128 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) && c > ' ')
      return (int32_t)(unsigned char)c;
    return -1;
  }
}

/* One UTF-8 code point at p->pos (advances). */
static int32_t re_cp(re_parser *p) {
  const unsigned char *s = (const unsigned char *)p->s + p->pos;
  unsigned c = s[0];
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || p->pos + (size_t)n > p->len) { p->pos++; return -1; }
  int32_t v = n == 1 ? (int32_t)c : (int32_t)(c & (0x7F >> n));
  for (int i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) { p->pos++; return -1; }
    v = (v << 6) | (s[i] & 0x3F);
  }
  p->pos += (size_t)n;
  return v;
}

static int parse_class(re_parser *p) {
  int k = re_new_class(p);
  if (k < 0) return -1;
  int neg = 0, first = 1;
  uint8_t c[33];
  memset(c, 0, sizeof c);
  if (p->pos < p->len && p->s[p->pos] == '^') { neg = 1; p->pos++; }
  for (;;) {
    if (p->pos >= p->len) return re_err(p, "missing ]");
    char ch = p->s[p->pos];
    if (ch == ']' && !first) { p->pos++; break; }
    first = 0;
    if (ch == '[' && p->pos + 1 < p->len && p->s[p->pos + 1] == ':') return re_err(p, "POSIX classes [:name:] are not supported");
    int32_t lo;
    if (ch == '\\') {
      if (p->pos + 1 >= p->len) return re_err(p, "trailing \\");
      char e = p->s[p->pos + 1];
      p->pos += 2;
      if (is_perl(e)) { cls_perl(c, e); continue; }
      lo = simple_escape(e);
      if (lo < 0) return re_err(p, "unsupported escape in a class");
    } else {
      lo = re_cp(p);
      if (lo < 0) return re_err(p, "invalid UTF-8");
    }
    int32_t hi = lo;
    if (p->pos + 1 < p->len && p->s[p->pos] == '-' && p->s[p->pos + 1] != ']') {
      p->pos++;
      if (p->s[p->pos] == '\\') {
        if (p->pos + 1 >= p->len) return re_err(p, "trailing \\");
        hi = simple_escape(p->s[p->pos + 1]);
        p->pos += 2;
        if (hi < 0) return re_err(p, "unsupported range end in a class");
      } else {
        hi = re_cp(p);
      }
      if (hi < lo) return re_err(p, "bad range in a class");
    }
    if (hi >= 128) return re_err(p, "non-ASCII characters in classes are not supported");
    cls_add(c, lo, hi);
  }
  if (neg) {
    for (int i = 0; i < 16; i++) c[i] = (uint8_t)~c[i];
    c[32] = (uint8_t)!c[32];
  }
  memcpy(p->cls + 33 * k, c, 33);
  int r = re_new(p, R_CLASS, -1, -1);
  if (r >= 0) p->nodes[r].v = k;
  return r;
}

static int parse_alt(re_parser *p);

static int parse_atom(re_parser *p) {
  char ch = p->s[p->pos];
  int r;
  if (ch == '(') {
    if (++p->depth > 200) return re_err(p, "groups nested too deeply");
    p->pos++;
    if (p->pos < p->len && p->s[p->pos] == '?') {
      if (p->pos + 1 < p->len && p->s[p->pos + 1] == ':') p->pos += 2;
      else if (p->pos + 2 < p->len && p->s[p->pos + 1] == 'P' && p->s[p->pos + 2] == '<') {
        const char *e = memchr(p->s + p->pos, '>', p->len - p->pos);
        if (!e) return re_err(p, "unterminated group name");
        p->pos = (size_t)(e - p->s) + 1;
      } else {
        return re_err(p, "group flags (?...) are not supported");
      }
    }
    r = parse_alt(p);
    if (r < 0) return -1;
    if (p->pos >= p->len || p->s[p->pos] != ')') return re_err(p, "missing )");
    p->pos++;
    p->depth--;
    return r;
  }
  if (ch == '[') { p->pos++; return parse_class(p); }
  if (ch == '.') { p->pos++; return re_new(p, R_ANY, -1, -1); }
  if (ch == '^' || ch == '$') {
    p->pos++;
    r = re_new(p, R_ASSERT, -1, -1);
    if (r >= 0) p->nodes[r].v = ch == '^' ? KILN_RE_BOL : KILN_RE_EOL;
    return r;
  }
  if (ch == '\\') {
    if (p->pos + 1 >= p->len) return re_err(p, "trailing \\");
    char e = p->s[p->pos + 1];
    p->pos += 2;
    if (is_perl(e)) {
      int k = re_new_class(p);
      if (k < 0) return -1;
      cls_perl(p->cls + 33 * k, e);
      r = re_new(p, R_CLASS, -1, -1);
      if (r >= 0) p->nodes[r].v = k;
      return r;
    }
    if (e == 'b' || e == 'B' || e == 'A' || e == 'z') {
      r = re_new(p, R_ASSERT, -1, -1);
      if (r >= 0) p->nodes[r].v = e == 'b' ? KILN_RE_WORDB : e == 'B' ? KILN_RE_NWORDB : e == 'A' ? KILN_RE_BOL : KILN_RE_EOL;
      return r;
    }
    int32_t v = simple_escape(e);
    if (v < 0) {
      p->pos -= 2;
      return re_err(p, "unsupported escape (kiln's regex supports \\d \\D \\w \\W \\s \\S \\b \\B \\A \\z "
                       "\\n \\t \\r \\f \\v and escaped punctuation)");
    }
    r = re_new(p, R_CHAR, -1, -1);
    if (r >= 0) p->nodes[r].v = v;
    return r;
  }
  int32_t v = re_cp(p);
  if (v < 0) return re_err(p, "invalid UTF-8");
  r = re_new(p, R_CHAR, -1, -1);
  if (r >= 0) p->nodes[r].v = v;
  return r;
}

/* "{n}", "{n,}", "{n,m}" at pos: 1 and the bounds, 0 if not a repeat. */
static int parse_braces(re_parser *p, int *min, int *max) {
  size_t q = p->pos + 1;
  long a = 0, b;
  if (q >= p->len || p->s[q] < '0' || p->s[q] > '9') return 0;
  while (q < p->len && p->s[q] >= '0' && p->s[q] <= '9' && a <= RE_MAX_REPEAT) a = a * 10 + (p->s[q++] - '0');
  b = a;
  if (q < p->len && p->s[q] == ',') {
    q++;
    if (q < p->len && p->s[q] >= '0' && p->s[q] <= '9') {
      b = 0;
      while (q < p->len && p->s[q] >= '0' && p->s[q] <= '9' && b <= RE_MAX_REPEAT) b = b * 10 + (p->s[q++] - '0');
    } else {
      b = -1;
    }
  }
  if (q >= p->len || p->s[q] != '}') return 0;
  p->pos = q + 1;
  *min = (int)a;
  *max = (int)b;
  return 1;
}

static int parse_repeat(re_parser *p) {
  int r = parse_atom(p);
  while (r >= 0 && p->pos < p->len) {
    char ch = p->s[p->pos];
    int min, max;
    if (ch == '*') { min = 0; max = -1; p->pos++; }
    else if (ch == '+') { min = 1; max = -1; p->pos++; }
    else if (ch == '?') { min = 0; max = 1; p->pos++; }
    else if (ch == '{') {
      if (!parse_braces(p, &min, &max)) break;
      if (min > RE_MAX_REPEAT || max > RE_MAX_REPEAT || (max >= 0 && max < min))
        return re_err(p, "bad repetition count (at most 1000)");
    } else break;
    if (p->nodes[r].kind == R_ASSERT) return re_err(p, "a repetition of an anchor is not supported");
    if (p->pos < p->len && p->s[p->pos] == '?') p->pos++; /* lazy: same set of full matches */
    int q = re_new(p, R_REP, r, -1);
    if (q < 0) return -1;
    p->nodes[q].min = min;
    p->nodes[q].max = max;
    r = q;
  }
  return r;
}

static int parse_cat(re_parser *p) {
  int r = -1;
  while (p->pos < p->len && p->s[p->pos] != '|' && p->s[p->pos] != ')') {
    char ch = p->s[p->pos];
    if (ch == '*' || ch == '+' || ch == '?') return re_err(p, "repetition without an operand");
    int a = parse_repeat(p);
    if (a < 0) return -1;
    r = r < 0 ? a : re_new(p, R_CAT, r, a);
    if (r < 0) return -1;
  }
  return r < 0 ? re_new(p, R_EMPTY, -1, -1) : r;
}

static int parse_alt(re_parser *p) {
  int r = parse_cat(p);
  while (r >= 0 && p->pos < p->len && p->s[p->pos] == '|') {
    p->pos++;
    int b = parse_cat(p);
    if (b < 0) return -1;
    r = re_new(p, R_ALT, r, b);
  }
  return r;
}

/* ---- compiling to the NFA program ---- */

static int emit_ins(re_parser *p, int32_t op, int32_t a, int32_t b) {
  if (p->n_prog >= RE_MAX_PROG) return re_err(p, "the pattern compiles to too many NFA states (kiln's limit: 8192)");
  if (p->n_prog == p->cap_prog) {
    int cap = p->cap_prog ? p->cap_prog * 2 : 64;
    int32_t *q = kiln_realloc(p->prog, sizeof *q * 3 * (size_t)cap);
    if (!q) return re_err(p, "out of memory");
    p->prog = q;
    p->cap_prog = cap;
  }
  p->prog[3 * p->n_prog] = op;
  p->prog[3 * p->n_prog + 1] = a;
  p->prog[3 * p->n_prog + 2] = b;
  return p->n_prog++;
}

static int re_gen(re_parser *p, int r, int depth) {
  const re_node nd = p->nodes[r];
  if (depth > 2000) return re_err(p, "the pattern is nested too deeply");
  switch (nd.kind) {
  case R_CHAR: return emit_ins(p, KILN_RE_CHAR, nd.v, 0) < 0 ? -1 : 0;
  case R_ANY: return emit_ins(p, KILN_RE_ANY, 0, 0) < 0 ? -1 : 0;
  case R_CLASS: return emit_ins(p, KILN_RE_CLASS, nd.v, 0) < 0 ? -1 : 0;
  case R_ASSERT: return emit_ins(p, nd.v, 0, 0) < 0 ? -1 : 0;
  case R_EMPTY: return 0;
  case R_CAT: return re_gen(p, nd.a, depth + 1) || re_gen(p, nd.b, depth + 1) ? -1 : 0;
  case R_ALT: {
    int s = emit_ins(p, KILN_RE_SPLIT, 0, 0);
    if (s < 0) return -1;
    p->prog[3 * s + 1] = p->n_prog;
    if (re_gen(p, nd.a, depth + 1)) return -1;
    int j = emit_ins(p, KILN_RE_JMP, 0, 0);
    if (j < 0) return -1;
    p->prog[3 * s + 2] = p->n_prog;
    if (re_gen(p, nd.b, depth + 1)) return -1;
    p->prog[3 * j + 1] = p->n_prog;
    return 0;
  }
  default: { /* R_REP: min copies, then a loop or (max - min) nested optionals */
    for (int i = 0; i < nd.min; i++)
      if (re_gen(p, nd.a, depth + 1)) return -1;
    if (nd.max < 0) {
      int s = emit_ins(p, KILN_RE_SPLIT, 0, 0);
      if (s < 0) return -1;
      p->prog[3 * s + 1] = p->n_prog;
      if (re_gen(p, nd.a, depth + 1) || emit_ins(p, KILN_RE_JMP, s, 0) < 0) return -1;
      p->prog[3 * s + 2] = p->n_prog;
      return 0;
    }
    int opt = nd.max - nd.min, first = p->n_prog;
    int *splits = kiln_calloc((size_t)opt + 1, sizeof(int));
    if (!splits) return re_err(p, "out of memory");
    for (int i = 0; i < opt; i++) {
      int s = emit_ins(p, KILN_RE_SPLIT, 0, 0);
      if (s < 0 || re_gen(p, nd.a, depth + 1)) { free(splits); return -1; }
      splits[i] = s;
      p->prog[3 * s + 1] = s + 1;
    }
    for (int i = 0; i < opt; i++) p->prog[3 * splits[i] + 2] = p->n_prog;
    (void)first;
    free(splits);
    return 0;
  }
  }
}

typedef struct re_prog {
  int32_t *prog;
  int n;
  uint8_t *cls;
  int n_cls;
} re_prog;

/* Parses and compiles pattern; on error returns -1 with the reason in err. */
static int re_compile(const char *pattern, size_t len, re_prog *out, char *err, size_t err_size) {
  re_parser p;
  memset(&p, 0, sizeof p);
  memset(out, 0, sizeof *out);
  p.s = pattern;
  p.len = len;
  int rc = -1;
  if (memchr(pattern, 0, len)) {
    re_err(&p, "a NUL byte in the pattern is not supported");
    goto done;
  }
  int r = parse_alt(&p);
  if (r >= 0 && p.pos < p.len) { re_err(&p, "unmatched )"); r = -1; }
  if (r >= 0 && re_gen(&p, r, 0) == 0 && emit_ins(&p, KILN_RE_MATCH, 0, 0) >= 0) rc = 0;
done:
  if (rc) {
    snprintf(err, err_size, "%s", p.err[0] ? p.err : "invalid pattern");
    free(p.prog);
    free(p.cls);
  } else {
    out->prog = p.prog;
    out->n = p.n_prog;
    out->cls = p.cls;
    out->n_cls = p.n_cls;
  }
  free(p.nodes);
  return rc;
}

/* ---- the operator ---- */

static int regex_get(kiln_diag *d, ir_node *n, re_prog *re) {
  ir_attr *a = ir_attr_find(n, "pattern");
  if (!a || a->type != IR_ATTR_STRING) return ir_node_fail(d, n, "attribute 'pattern' (a string) is required");
  char err[256];
  if (re_compile(a->s ? a->s : "", a->s ? a->s_len : 0, re, err, sizeof err))
    return ir_node_fail(d, n, "pattern '%s': %s", a->s ? a->s : "", err);
  return 0;
}

static int regex_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 1 || op_need_inputs(d, g, n, 0, 0)) return ir_node_fail(d, n, "expected 1 input");
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output");
  if (str_check(d, n, x, 0)) return -1;
  re_prog re;
  if (regex_get(d, n, &re)) return -1;
  free(re.prog);
  free(re.cls);
  ir_set_shape(y, IR_BOOL, x->rank, x->dims);
  return 0;
}

static size_t regex_scratch(const ir_graph *g, const ir_node *n) {
  (void)g;
  re_prog re;
  kiln_diag d = {0};
  if (ir_numel(&g->tensors[n->outputs[0]]) == 0 || regex_get(&d, (ir_node *)n, &re)) return 0;
  size_t bytes = (5 * (size_t)re.n + 1) * sizeof(int32_t);
  free(re.prog);
  free(re.cls);
  return bytes;
}

static int regex_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  re_prog re;
  if (regex_get(d, n, &re)) return -1;
  int32_t *scratch = kiln_calloc(5 * (size_t)re.n + 1, sizeof(int32_t));
  uint8_t *out = ir_alloc_data(y);
  int rc = 0;
  if (!scratch || (!out && ir_numel(y) > 0)) rc = ir_node_fail(d, n, "out of memory");
  else {
    kiln_regex k = {re.n, re.prog, re.cls};
    kiln_str_regex_full_match__c(&k, ir_numel(x), x->data, out, scratch);
  }
  free(scratch);
  free(re.prog);
  free(re.cls);
  return rc;
}

static int regex_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0);
  if (ir_numel(x) == 0) return 0;
  re_prog re;
  if (regex_get(emit_diag(e), n, &re)) return -1;
  char id[64], rx[256];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  int rc = emit_use(e, "kiln_str_regex_full_match__c");
  if (!rc) {
    ir_attr *a = ir_attr_find(n, "pattern");
    kiln_buf b;
    kiln_buf_init(&b);
    kiln_buf_printf(&b, "/* RegexFullMatch: NFA of %d states for the pattern (op, a, b) */\n"
                        "static const int32_t %s_prog[%d] = {", re.n, id, 3 * re.n);
    for (int i = 0; i < 3 * re.n; i++) kiln_buf_printf(&b, "%s%d", i ? (i % 3 ? ", " : (i % 24 ? ",  " : ",\n  ")) : "", (int)re.prog[i]);
    kiln_buf_printf(&b, "};\nstatic const uint8_t %s_cls[%d] = {", id, re.n_cls > 0 ? 33 * re.n_cls : 1);
    for (int i = 0; i < 33 * re.n_cls; i++) kiln_buf_printf(&b, "%s%u", i ? (i % 33 ? "," : ",\n  ") : "", re.cls[i]);
    kiln_buf_printf(&b, "%s};\nstatic const kiln_regex %s_re = {%d, %s_prog, %s_cls};\n", re.n_cls ? "" : "0", id, re.n, id, id);
    (void)a;
    if (b.oom) rc = kiln_fail(emit_diag(e), "out of memory");
    else emit_decl(e, "%s", b.data);
    kiln_buf_free(&b);
  }
  if (!rc && !str_in_ref(e, g, n, n->inputs[0], 0, rx, sizeof rx)) rc = -1;
  if (!rc)
    emit_code(e, "kiln_str_regex_full_match__c(&%s_re, %lld, %s, %s, (int32_t *)%s);\n", id, (long long)ir_numel(x), rx,
              emit_ref(e, n->outputs[0]), emit_scratch(e, n));
  free(re.prog);
  free(re.cls);
  return rc;
}

const op_def op_RegexFullMatch = {.name = "RegexFullMatch", .domain = "", .since = 20, .until = 0,
                                  .attrs = "pattern", .infer = regex_infer, .eval = regex_eval, .emit = regex_emit,
                                  .flags = 0, .as_act = NULL, .scratch = regex_scratch};

/* For unit tests: compile pattern and match s (1/0), or -1 with err. */
int kiln_regex_test_match(const char *pattern, const char *s, char *err, size_t err_size) {
  re_prog re;
  if (re_compile(pattern, strlen(pattern), &re, err, err_size)) return -1;
  int32_t *scratch = kiln_calloc(5 * (size_t)re.n + 1, sizeof(int32_t));
  uint8_t y = 0;
  if (scratch) {
    kiln_regex k = {re.n, re.prog, re.cls};
    kiln_str_regex_full_match__c(&k, 1, &s, &y, scratch);
  }
  free(scratch);
  free(re.prog);
  free(re.cls);
  return scratch ? y : -1;
}
