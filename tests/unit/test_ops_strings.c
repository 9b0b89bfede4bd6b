/* test_ops_strings.c - string operators (string.c, regex.c), the ai.onnx.ml
 * LabelEncoder and TfIdfVectorizer: infer + eval (which runs the very
 * kernels the packages run) against hand-computed expectations, the regex
 * engine on patterns whose answers are worked out by hand, and the errors
 * for unsupported syntax and undeclared data-dependent shapes. */
#include "harness/op_test.h"
#include "ops/str_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const op_def op_StringConcat, op_StringNormalizer, op_StringSplit, op_RegexFullMatch, op_LabelEncoder,
    op_TfIdfVectorizer, op_TreeEnsemble;

/* A string tensor; v NULL = a run-time input (no data). */
static int str_tensor(ir_graph *g, const char *name, int rank, const int64_t *dims, const char *const *v) {
  int t = ot_tensor(g, name, IR_STRING, rank, dims, NULL);
  if (v) {
    ir_tensor *x = &g->tensors[t];
    char **p = ir_alloc_data(x);
    for (int64_t i = 0; i < ir_numel(x); i++) p[i] = kiln_strdup(v[i]);
  }
  return t;
}

static void attr_strings(ir_node *n, const char *name, int k, const char *const *v) {
  ir_attr *a = ot_attr(n, name, IR_ATTR_STRINGS);
  a->n = k;
  a->strings = calloc((size_t)k + 1, sizeof(char *));
  a->string_lens = calloc((size_t)k + 1, sizeof(size_t));
  for (int i = 0; i < k; i++) {
    a->strings[i] = kiln_strdup(v[i]);
    a->string_lens[i] = strlen(v[i]);
  }
}

/* Output t holds exactly the strings want[0..k). */
static void expect_strings(const char *name, const ir_tensor *t, int k, const char *const *want) {
  if (t->dtype != IR_STRING || ir_numel(t) != k || !t->data) {
    ot_fail(name, "dtype %s, %lld elements, data %p; expected %d strings", ir_dtype_name(t->dtype),
            (long long)ir_numel(t), t->data, k);
    return;
  }
  const char *const *v = t->data;
  for (int i = 0; i < k; i++)
    if (strcmp(v[i], want[i]) != 0) {
      ot_fail(name, "element %d is \"%s\", expected \"%s\"", i, v[i], want[i]);
      return;
    }
  ot_pass(name);
}

static void test_regex_engine(void) {
  static const struct { const char *re, *s; int want; } cases[] = {
    {"abc", "abc", 1}, {"abc", "abcd", 0}, {"abc", "ab", 0}, {"", "", 1}, {"", "a", 0},
    {"a*", "", 1}, {"a*", "aaaa", 1}, {"a+", "", 0}, {"a?b", "b", 1}, {"a?b", "aab", 0},
    {"a{2,3}", "a", 0}, {"a{2,3}", "aa", 1}, {"a{2,3}", "aaa", 1}, {"a{2,3}", "aaaa", 0},
    {"a{2}", "aa", 1}, {"a{2,}", "aaaaaa", 1}, {"x{", "x{", 1}, /* not a repeat: literal */
    {"(ab|cd)+", "abcdab", 1}, {"(ab|cd)+", "abc", 0}, {"(?:x|y)z", "yz", 1},
    {"[a-c]+", "abcabc", 1}, {"[a-c]+", "abd", 0}, {"[^a-c]", "d", 1}, {"[^a-c]", "b", 0},
    {"[^a-c]", "\xc3\xa9", 1}, /* a negated class takes a whole UTF-8 code point */
    {".", "\xe7\x9a\x84", 1},  /* . is one code point, not one byte */
    {"..", "\xe7\x9a\x84", 0},
    {"\\d+", "2024", 1}, {"\\d+", "20x4", 0}, {"\\w+", "a_Z9", 1}, {"\\W", "-", 1}, {"\\W", "a", 0},
    {"\\s", " ", 1}, {"\\S", " ", 0}, {"a\\.b", "a.b", 1}, {"a\\.b", "axb", 0}, {"a.b", "axb", 1},
    {".", "\n", 0}, {"[\\w.-]+", "a.b-c", 1}, {"[\\w.\\-]+", "a-b", 1},
    {"^abc$", "abc", 1}, {"(\\W|^)x", "x", 1}, {"(\\W|^)x", "-x", 1}, {"(\\W|^)x", "ax", 0},
    {"a\\bb", "ab", 0},        /* no word boundary between two word characters */
    {"a\\b-", "a-", 1}, {"a\\B-", "a-", 0}, {"\\bcom\\b", "com", 1},
    {"www\\.[\\w.-]+\\.\\bcom\\b", "www.google.com", 1}, {"www\\.[\\w.-]+\\.\\bcom\\b", "www.bbc.co.uk", 0},
    {"(\\W|^)[\\w.\\-]{0,25}@(yahoo|gmail)\\.com(\\W|$)", "account@gmail.com", 1},
    {"(\\W|^)[\\w.\\-]{0,25}@(yahoo|gmail)\\.com(\\W|$)", "account@hotmail.com", 0},
    {"(a*)*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", 0}, /* no blow-up */
    {"(a|aa)*", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1},
    {"\xe7\x9a\x84+", "\xe7\x9a\x84\xe7\x9a\x84", 1}, /* + repeats the whole code point */
  };
  char name[160], err[256];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int got = kiln_regex_test_match(cases[i].re, cases[i].s, err, sizeof err);
    snprintf(name, sizeof name, "regex_%zu /%s/", i, cases[i].re);
    ot_check(got == cases[i].want, name, "got %d, expected %d (%s)", got, cases[i].want, got < 0 ? err : "");
  }
  static const struct { const char *re, *msg; } bad[] = {
    {"(?i)abc", "group flags"}, {"(a", "missing )"}, {"a)", "unmatched )"}, {"\\1", "unsupported escape"},
    {"\\p{L}", "unsupported escape"}, {"[[:alpha:]]", "POSIX classes"}, {"*a", "repetition without an operand"},
    {"a{1001}", "bad repetition count"}, {"[\xc3\xa9]", "non-ASCII characters in classes"}, {"[abc", "missing ]"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int got = kiln_regex_test_match(bad[i].re, "", err, sizeof err);
    snprintf(name, sizeof name, "regex_rejects /%s/", bad[i].re);
    ot_check(got == -1 && strstr(err, bad[i].msg) != NULL, name, "got %d '%s', expected an error with '%s'", got,
             err, bad[i].msg);
  }
}

static void test_regex_op(void) {
  ir_graph *g = ir_graph_new();
  static const char *const in[] = {"ab12", "ab", "AB12"};
  int x = str_tensor(g, "x", 1, OT_I64(3), in);
  int nd = ot_node(g, "re", "RegexFullMatch", 20, 1, OT_IDS(x), 1, NULL);
  ot_attr_str(&g->nodes[nd], "pattern", "[a-z]+\\d*");
  kiln_diag d;
  int rc = ot_run(&op_RegexFullMatch, g, nd, &d, "t.onnx");
  if (rc) ot_fail("regex_op", "%s", d.msg);
  else ot_expect_ints("regex_op", ir_out(g, &g->nodes[nd], 0), IR_BOOL, OT_I64(1, 1, 0), 3);
  ir_graph_free(g);

  g = ir_graph_new();
  x = str_tensor(g, "x", 1, OT_I64(3), NULL);
  nd = ot_node(g, "re", "RegexFullMatch", 20, 1, OT_IDS(x), 1, NULL);
  ot_attr_str(&g->nodes[nd], "pattern", "(?i)ab");
  rc = ot_run(&op_RegexFullMatch, g, nd, &d, "t.onnx");
  ot_expect_error("regex_op_rejects_flags", rc, &d, "group flags (?...) are not supported");
  ir_graph_free(g);
}

static void test_normalizer(void) {
  /* Stopwords compared without case; UPPER maps ASCII and Latin-1. */
  ir_graph *g = ir_graph_new();
  static const char *const in[] = {"Monday", "caf\xc3\xa9", "MONDAY", "x1"};
  int x = str_tensor(g, "x", 2, OT_I64(1, 4), in);
  int nd = ot_node(g, "sn", "StringNormalizer", 10, 1, OT_IDS(x), 1, NULL);
  ot_attr_str(&g->nodes[nd], "case_change_action", "UPPER");
  static const char *const stop[] = {"monday"};
  attr_strings(&g->nodes[nd], "stopwords", 1, stop);
  kiln_diag d;
  int rc = ot_run(&op_StringNormalizer, g, nd, &d, "t.onnx");
  static const char *const want[] = {"CAF\xc3\x89", "X1"};
  if (rc) ot_fail("normalizer_upper_nocase", "%s", d.msg);
  else if (ot_expect_shape("normalizer_upper_nocase_shape", ir_out(g, &g->nodes[nd], 0), IR_STRING, 2, OT_I64(1, 2)))
    expect_strings("normalizer_upper_nocase", ir_out(g, &g->nodes[nd], 0), 2, want);
  ir_graph_free(g);

  /* Case-sensitive stopwords keep "MONDAY"; LOWER. */
  g = ir_graph_new();
  x = str_tensor(g, "x", 1, OT_I64(4), in);
  nd = ot_node(g, "sn", "StringNormalizer", 10, 1, OT_IDS(x), 1, NULL);
  ot_attr_str(&g->nodes[nd], "case_change_action", "LOWER");
  ot_attr_int(&g->nodes[nd], "is_case_sensitive", 1);
  attr_strings(&g->nodes[nd], "stopwords", 1, stop);
  rc = ot_run(&op_StringNormalizer, g, nd, &d, "t.onnx");
  static const char *const want2[] = {"monday", "caf\xc3\xa9", "monday", "x1"};
  if (rc) ot_fail("normalizer_lower_sensitive", "%s", d.msg);
  else expect_strings("normalizer_lower_sensitive", ir_out(g, &g->nodes[nd], 0), 4, want2);
  ir_graph_free(g);

  /* Everything removed: one empty string. */
  g = ir_graph_new();
  static const char *const mon[] = {"monday", "Monday"};
  x = str_tensor(g, "x", 1, OT_I64(2), mon);
  nd = ot_node(g, "sn", "StringNormalizer", 10, 1, OT_IDS(x), 1, NULL);
  attr_strings(&g->nodes[nd], "stopwords", 1, stop);
  rc = ot_run(&op_StringNormalizer, g, nd, &d, "t.onnx");
  static const char *const empty[] = {""};
  if (rc) ot_fail("normalizer_all_removed", "%s", d.msg);
  else expect_strings("normalizer_all_removed", ir_out(g, &g->nodes[nd], 0), 1, empty);
  ir_graph_free(g);

  /* A run-time input with stopwords and no declared output shape. */
  g = ir_graph_new();
  x = str_tensor(g, "x", 1, OT_I64(4), NULL);
  nd = ot_node(g, "sn", "StringNormalizer", 10, 1, OT_IDS(x), 1, NULL);
  attr_strings(&g->nodes[nd], "stopwords", 1, stop);
  rc = ot_run(&op_StringNormalizer, g, nd, &d, "t.onnx");
  ot_expect_error("normalizer_needs_declared_shape", rc, &d, "depends on the input values");
  ir_graph_free(g);

  g = ir_graph_new();
  x = str_tensor(g, "x", 1, OT_I64(4), in);
  nd = ot_node(g, "sn", "StringNormalizer", 10, 1, OT_IDS(x), 1, NULL);
  ot_attr_str(&g->nodes[nd], "locale", "tr_TR");
  rc = ot_run(&op_StringNormalizer, g, nd, &d, "t.onnx");
  ot_expect_error("normalizer_rejects_locale", rc, &d, "locale 'tr_TR' is not supported");
  ir_graph_free(g);
}

static void test_split_concat(void) {
  ir_graph *g = ir_graph_new();
  static const char *const in[] = {"  a bb  c ", "x", ""};
  int x = str_tensor(g, "x", 1, OT_I64(3), in);
  int nd = ot_node(g, "sp", "StringSplit", 20, 1, OT_IDS(x), 2, NULL);
  kiln_diag d;
  int rc = ot_run(&op_StringSplit, g, nd, &d, "t.onnx");
  static const char *const want[] = {"a", "bb", "c", "x", "", "", "", "", ""};
  if (rc) ot_fail("split_whitespace", "%s", d.msg);
  else {
    if (ot_expect_shape("split_whitespace_shape", ir_out(g, &g->nodes[nd], 0), IR_STRING, 2, OT_I64(3, 3)))
      expect_strings("split_whitespace", ir_out(g, &g->nodes[nd], 0), 9, want);
    ot_expect_ints("split_whitespace_len", ir_out(g, &g->nodes[nd], 1), IR_I64, OT_I64(3, 1, 0), 3);
  }
  ir_graph_free(g);

  g = ir_graph_new();
  static const char *const in2[] = {"a,,b,c", ""};
  x = str_tensor(g, "x", 1, OT_I64(2), in2);
  nd = ot_node(g, "sp", "StringSplit", 20, 1, OT_IDS(x), 2, NULL);
  ot_attr_str(&g->nodes[nd], "delimiter", ",");
  ot_attr_int(&g->nodes[nd], "maxsplit", 2);
  rc = ot_run(&op_StringSplit, g, nd, &d, "t.onnx");
  static const char *const want2[] = {"a", "", "b,c", "", "", ""}; /* "".split(",") == [""] */
  if (rc) ot_fail("split_delim_maxsplit", "%s", d.msg);
  else {
    expect_strings("split_delim_maxsplit", ir_out(g, &g->nodes[nd], 0), 6, want2);
    ot_expect_ints("split_delim_maxsplit_len", ir_out(g, &g->nodes[nd], 1), IR_I64, OT_I64(3, 1), 2);
  }
  ir_graph_free(g);

  g = ir_graph_new();
  static const char *const a[] = {"x", "yy"}, *const b[] = {"1", "\xe7\x9a\x84"};
  int ta = str_tensor(g, "a", 2, OT_I64(2, 1), a), tb = str_tensor(g, "b", 1, OT_I64(2), b);
  nd = ot_node(g, "c", "StringConcat", 20, 2, OT_IDS(ta, tb), 1, NULL);
  rc = ot_run(&op_StringConcat, g, nd, &d, "t.onnx");
  static const char *const want3[] = {"x1", "x\xe7\x9a\x84", "yy1", "yy\xe7\x9a\x84"};
  if (rc) ot_fail("concat_broadcast", "%s", d.msg);
  else expect_strings("concat_broadcast", ir_out(g, &g->nodes[nd], 0), 4, want3);
  ir_graph_free(g);
}

static void test_label_tfidf(void) {
  ir_graph *g = ir_graph_new();
  int x = ot_tensor(g, "x", IR_I64, 1, OT_I64(4), OT_I64(7, -3, 5, 7));
  int nd = ot_node(g, "le", "LabelEncoder", 2, 1, OT_IDS(x), 1, NULL);
  ot_attr_ints(&g->nodes[nd], "keys_int64s", 2, OT_I64(7, -3));
  static const char *const vals[] = {"seven", "minus three"};
  attr_strings(&g->nodes[nd], "values_strings", 2, vals);
  kiln_diag d;
  int rc = ot_run(&op_LabelEncoder, g, nd, &d, "t.onnx");
  static const char *const want[] = {"seven", "minus three", "_Unused", "seven"};
  if (rc) ot_fail("label_encoder_int_to_string", "%s", d.msg);
  else expect_strings("label_encoder_int_to_string", ir_out(g, &g->nodes[nd], 0), 4, want);
  ir_graph_free(g);

  /* Unigrams 1, 2 and the bigram (1, 2) with skips up to 1 in [1 2 1 3 2]:
   * 1 x2, 2 x2; (1,2) at skip 0: pos 0; skip 1: pos 2 (1 _ 2) -> 2. */
  g = ir_graph_new();
  x = ot_tensor(g, "x", IR_I64, 1, OT_I64(5), OT_I64(1, 2, 1, 3, 2));
  nd = ot_node(g, "tf", "TfIdfVectorizer", 9, 1, OT_IDS(x), 1, NULL);
  ir_node *n = &g->nodes[nd];
  ot_attr_int(n, "min_gram_length", 1);
  ot_attr_int(n, "max_gram_length", 2);
  ot_attr_int(n, "max_skip_count", 1);
  ot_attr_str(n, "mode", "TFIDF");
  ot_attr_ints(n, "ngram_counts", 2, OT_I64(0, 2));
  ot_attr_ints(n, "ngram_indexes", 3, OT_I64(2, 0, 1));
  ot_attr_ints(n, "pool_int64s", 4, OT_I64(1, 2, 1, 2));
  ot_attr_floats(n, "weights", 3, OT_F32(0.5f, 1.0f, 2.0f));
  rc = ot_run(&op_TfIdfVectorizer, g, nd, &d, "t.onnx");
  /* slots: 0 <- unigram 2 (2 x 0.5), 1 <- bigram (1,2) (2 x 1), 2 <- unigram 1 (2 x 2) */
  if (rc) ot_fail("tfidf_tfidf_weights", "%s", d.msg);
  else ot_expect_reals("tfidf_tfidf_weights", ir_out(g, &g->nodes[nd], 0), IR_F32, (const double[]){1.0, 2.0, 4.0}, 3, 0, 0);
  if (!rc) ot_pkg_check("tfidf_tfidf_weights_package", &op_TfIdfVectorizer, g, nd, 0);
  ir_graph_free(g);
}

/* One stump: x[0] <= 0 -> leaf 0 (target 0, 2), else leaf 1 (target 0, 5);
 * MAX aggregation over 2 targets, target 1 reached by no leaf keeps the
 * lowest float. A second tree, a single leaf (target 0, 3). */
static void test_tree_ensemble(void) {
  ir_graph *g = ir_graph_new();
  int x = ot_tensor(g, "x", IR_F32, 2, OT_I64(2, 1), OT_F32(-1.0f, 1.0f));
  int nd = ot_node(g, "te", "TreeEnsemble", 5, 1, OT_IDS(x), 1, NULL);
  ir_node *n = &g->nodes[nd];
  ot_attr_ints(n, "nodes_featureids", 2, OT_I64(0, 0));
  ot_attr_tensor(n, "nodes_modes", IR_U8, 1, OT_I64(2), (const uint8_t[]){0, 0});
  ot_attr_tensor(n, "nodes_splits", IR_F32, 1, OT_I64(2), OT_F32(0.0f, 0.0f));
  ot_attr_ints(n, "nodes_truenodeids", 2, OT_I64(0, 2));
  ot_attr_ints(n, "nodes_falsenodeids", 2, OT_I64(1, 2));
  ot_attr_ints(n, "nodes_trueleafs", 2, OT_I64(1, 1));
  ot_attr_ints(n, "nodes_falseleafs", 2, OT_I64(1, 1));
  ot_attr_ints(n, "leaf_targetids", 3, OT_I64(0, 0, 0));
  ot_attr_tensor(n, "leaf_weights", IR_F32, 1, OT_I64(3), OT_F32(2.0f, 5.0f, 3.0f));
  ot_attr_ints(n, "tree_roots", 2, OT_I64(0, 1));
  ot_attr_int(n, "n_targets", 2);
  ot_attr_int(n, "aggregate_function", 3);
  kiln_diag d;
  int rc = ot_run(&op_TreeEnsemble, g, nd, &d, "t.onnx");
  if (rc) ot_fail("tree_ensemble_max", "%s", d.msg);
  else ot_expect_reals("tree_ensemble_max", ir_out(g, &g->nodes[nd], 0), IR_F32,
                       (const double[]){3.0, -3.4028234663852886e38, 5.0, -3.4028234663852886e38}, 4, 0, 0);
  if (!rc) ot_pkg_check("tree_ensemble_max_package", &op_TreeEnsemble, g, nd, 0);
  ir_graph_free(g);
}

/* String n-grams, IDF: [a b a c] against unigram "c" and bigram (a, b). */
static void test_tfidf_strings(void) {
  ir_graph *g = ir_graph_new();
  static const char *const in[] = {"a", "b", "a", "c", "x", "x", "x", "x"};
  int x = str_tensor(g, "x", 2, OT_I64(2, 4), in);
  int nd = ot_node(g, "tf", "TfIdfVectorizer", 9, 1, OT_IDS(x), 1, NULL);
  ir_node *n = &g->nodes[nd];
  ot_attr_int(n, "min_gram_length", 1);
  ot_attr_int(n, "max_gram_length", 2);
  ot_attr_int(n, "max_skip_count", 0);
  ot_attr_str(n, "mode", "IDF");
  ot_attr_ints(n, "ngram_counts", 2, OT_I64(0, 1));
  ot_attr_ints(n, "ngram_indexes", 2, OT_I64(1, 0));
  static const char *const pool[] = {"c", "a", "b"};
  attr_strings(n, "pool_strings", 3, pool);
  kiln_diag d;
  int rc = ot_run(&op_TfIdfVectorizer, g, nd, &d, "t.onnx");
  /* row 0: (a,b) once -> slot 0 = 1, "c" once -> slot 1 = 1; row 1: none */
  if (rc) ot_fail("tfidf_strings_idf", "%s", d.msg);
  else ot_expect_reals("tfidf_strings_idf", ir_out(g, &g->nodes[nd], 0), IR_F32, (const double[]){1, 1, 0, 0}, 4, 0, 0);
  ir_graph_free(g);
}

/* The same stump, SUM over 2 targets (leaf 1 -> target 1), then a
 * post_transform: rows score [5, 0] and [3, 5]. */
static void test_tree_post(int post, const char *name, const double *want) {
  ir_graph *g = ir_graph_new();
  int x = ot_tensor(g, "x", IR_F32, 2, OT_I64(2, 1), OT_F32(-1.0f, 1.0f));
  int nd = ot_node(g, "te", "TreeEnsemble", 5, 1, OT_IDS(x), 1, NULL);
  ir_node *n = &g->nodes[nd];
  ot_attr_ints(n, "nodes_featureids", 2, OT_I64(0, 0));
  ot_attr_tensor(n, "nodes_modes", IR_U8, 1, OT_I64(2), (const uint8_t[]){0, 0});
  ot_attr_tensor(n, "nodes_splits", IR_F32, 1, OT_I64(2), OT_F32(0.0f, 0.0f));
  ot_attr_ints(n, "nodes_truenodeids", 2, OT_I64(0, 2));
  ot_attr_ints(n, "nodes_falsenodeids", 2, OT_I64(1, 2));
  ot_attr_ints(n, "nodes_trueleafs", 2, OT_I64(1, 1));
  ot_attr_ints(n, "nodes_falseleafs", 2, OT_I64(1, 1));
  ot_attr_ints(n, "leaf_targetids", 3, OT_I64(0, 1, 0));
  ot_attr_tensor(n, "leaf_weights", IR_F32, 1, OT_I64(3), OT_F32(2.0f, 5.0f, 3.0f));
  ot_attr_ints(n, "tree_roots", 2, OT_I64(0, 1));
  ot_attr_int(n, "n_targets", 2);
  ot_attr_int(n, "post_transform", post);
  kiln_diag d;
  int rc = ot_run(&op_TreeEnsemble, g, nd, &d, "t.onnx");
  if (rc) ot_fail(name, "%s", d.msg);
  else ot_expect_reals(name, ir_out(g, &g->nodes[nd], 0), IR_F32, want, 4, 1e-6, 0);
  ir_graph_free(g);
}

int main(void) {
  test_tree_post(0, "tree_ensemble_sum", (const double[]){5, 0, 3, 5});
  test_tree_post(2, "tree_ensemble_logistic",
                 (const double[]){0.9933071490757153, 0.5, 0.9525741268224334, 0.9933071490757153});
  test_tree_post(1, "tree_ensemble_softmax",
                 (const double[]){0.9933071490757153, 0.0066928509242848554, 0.11920292202211755, 0.8807970779778823});
  test_tree_post(3, "tree_ensemble_softmax_zero", (const double[]){1, 0, 0.11920292202211755, 0.8807970779778823});
  static const char *const kernels[] = {"src/kernels/ml.h", "src/kernels/strops.h", "src/kernels/ml.c",
                                        "src/kernels/strops.c"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  ot_check_library();
  test_tfidf_strings();
  test_tree_ensemble();
  test_regex_engine();
  test_regex_op();
  test_normalizer();
  test_split_concat();
  test_label_tfidf();
  return ot_report();
}
