/* test_ops_control.c - If, Loop, Scan, sequences and optionals, lowered at
 * compile time (src/passes/lower_control.c, src/ops/control.c,
 * src/ops/sequence.c). Graphs are built by hand and run through pass_infer,
 * which lowers and folds them; expected values are computed by hand from
 * the ONNX spec. */
#include "harness/op_test.h"
#include "onnx/tensor_file.h"
#include "passes/passes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const float one_f = 1.0f, two_f = 2.0f;

/* A node whose outputs know their producer (ot_node leaves that to us). */
static int node(ir_graph *g, const char *name, const char *op, int opset, int n_in, const int *in, int n_out,
                const int *outs) {
  int k = ot_node(g, name, op, opset, n_in, in, n_out, outs);
  for (int i = 0; i < n_out; i++) g->tensors[g->nodes[k].outputs[i]].producer = k;
  return k;
}

static void set_io(ir_graph *g, int n_in, const int *ins, int n_out, const int *outs) {
  g->inputs = kiln_malloc(sizeof(int) * (size_t)(n_in + 1));
  g->outputs = kiln_malloc(sizeof(int) * (size_t)(n_out + 1));
  for (int i = 0; i < n_in; i++) {
    g->inputs[g->n_inputs++] = ins[i];
    g->tensors[ins[i]].is_input = 1;
    g->tensors[ins[i]].io_index = i;
  }
  for (int i = 0; i < n_out; i++) {
    g->outputs[g->n_outputs++] = outs[i];
    g->tensors[outs[i]].is_output = 1;
  }
}

static ir_graph *sub_graph(ir_graph *parent) {
  ir_graph *s = ir_graph_new();
  s->parent = parent;
  return s;
}

static void attr_graph(ir_graph *g, int k, const char *name, ir_graph *sub) {
  ot_attr(&g->nodes[k], name, IR_ATTR_GRAPH)->g = sub;
}

static int infer(ir_graph *g, kiln_diag *d) {
  memset(d, 0, sizeof *d);
  d->file = "test.onnx";
  return pass_infer(d, g, NULL, 0);
}

/* The live node producing tensor t, or NULL. */
static const ir_node *producer(const ir_graph *g, int t) {
  int p = g->tensors[t].producer;
  return p >= 0 && !g->nodes[p].dead ? &g->nodes[p] : NULL;
}

/* ---- If ---- */

/* If(cond) then [1,2,3] else [4,5,6]; cond constant or a graph input. */
static ir_graph *if_graph(int cond_const, int cond_val, int else_len, int *y) {
  ir_graph *g = ir_graph_new();
  unsigned char cv = (unsigned char)cond_val;
  int c = ot_tensor(g, "cond", IR_BOOL, 0, NULL, cond_const ? &cv : NULL);
  *y = ir_add_tensor(g, "y");
  int k = node(g, "if", "If", 13, 1, OT_IDS(c), 1, OT_IDS(*y));
  ir_graph *t = sub_graph(g), *e = sub_graph(g);
  int tc = ot_tensor(t, "tc", IR_F32, 1, OT_I64(3), OT_F32(1, 2, 3));
  set_io(t, 0, NULL, 1, OT_IDS(tc));
  int ec = ot_tensor(e, "ec", IR_F32, 1, OT_I64(else_len), OT_F32(4, 5, 6, 7));
  set_io(e, 0, NULL, 1, OT_IDS(ec));
  attr_graph(g, k, "then_branch", t);
  attr_graph(g, k, "else_branch", e);
  if (cond_const) set_io(g, 0, NULL, 1, OT_IDS(*y));
  else set_io(g, 1, OT_IDS(c), 1, OT_IDS(*y));
  return g;
}

static void test_if(void) {
  kiln_diag d;
  int y;
  for (int v = 0; v <= 1; v++) {
    ir_graph *g = if_graph(1, v, 3, &y);
    int rc = infer(g, &d);
    ot_check(rc == 0, v ? "if_const_true" : "if_const_false", "%s", d.msg);
    if (!rc) ot_expect_reals(v ? "if_const_true_value" : "if_const_false_value", &g->tensors[y], IR_F32,
                             v ? (const double[]){1, 2, 3} : (const double[]){4, 5, 6}, 3, 0, 0);
    ir_graph_free(g);
  }
  /* run-time condition: both branches, then Where(cond, then, else) */
  ir_graph *g = if_graph(0, 0, 3, &y);
  int rc = infer(g, &d);
  ot_check(rc == 0, "if_runtime_select", "%s", d.msg);
  const ir_node *w = rc ? NULL : producer(g, y);
  ot_check(w && !strcmp(w->op_type, "Where") && w->inputs[0] == g->inputs[0], "if_runtime_where",
           "y is produced by %s", w ? w->op_type : "nothing");
  if (w) {
    ot_expect_reals("if_runtime_then", &g->tensors[w->inputs[1]], IR_F32, (const double[]){1, 2, 3}, 3, 0, 0);
    ot_expect_reals("if_runtime_else", &g->tensors[w->inputs[2]], IR_F32, (const double[]){4, 5, 6}, 3, 0, 0);
  }
  ir_graph_free(g);
  /* run-time condition, branches of different shapes: the condition must be
   * known, and kiln run learns which input to freeze */
  g = if_graph(0, 0, 4, &y);
  rc = infer(g, &d);
  ot_expect_error("if_runtime_shapes_differ", rc, &d, "input 0 'cond' must be a constant");
  ot_check(!strcmp(d.need_const, "cond"), "if_runtime_need_const", "need_const '%s'", d.need_const);
  ir_graph_free(g);
}

/* ---- Loop ---- */

/* Loop(M, cond=true, y0=[1]) body: y = y * 2; scan = y; cond_out = iter < stop
 * (stop < 0: cond_out = cond_in). */
static ir_graph *loop_graph(int64_t m, int m_const, int64_t stop, int *yf, int *ys) {
  ir_graph *g = ir_graph_new();
  unsigned char tr = 1;
  int M = ot_tensor(g, "M", IR_I64, 0, NULL, m_const ? &m : NULL);
  int c = ot_tensor(g, "c", IR_BOOL, 0, NULL, &tr);
  int y0 = ot_tensor(g, "y0", IR_F32, 1, OT_I64(1), &one_f);
  *yf = ir_add_tensor(g, "yf");
  *ys = ir_add_tensor(g, "ys");
  int k = node(g, "loop", "Loop", 13, 3, OT_IDS(M, c, y0), 2, OT_IDS(*yf, *ys));
  ir_graph *b = sub_graph(g);
  int it = ot_tensor(b, "it", IR_I64, 0, NULL, NULL), ci = ot_tensor(b, "ci", IR_BOOL, 0, NULL, NULL);
  int yi = ot_tensor(b, "yi", IR_F32, 1, OT_I64(1), NULL);
  int two = ot_tensor(b, "two", IR_F32, 1, OT_I64(1), &two_f);
  int yo = ir_add_tensor(b, "yo"), so = ir_add_tensor(b, "so"), co = ir_add_tensor(b, "co");
  node(b, "mul", "Mul", 13, 2, OT_IDS(yi, two), 1, OT_IDS(yo));
  node(b, "id", "Identity", 13, 1, OT_IDS(yo), 1, OT_IDS(so));
  if (stop < 0) {
    node(b, "cid", "Identity", 13, 1, OT_IDS(ci), 1, OT_IDS(co));
  } else {
    int st = ot_tensor(b, "stop", IR_I64, 0, NULL, &stop);
    node(b, "less", "Less", 13, 2, OT_IDS(it, st), 1, OT_IDS(co));
  }
  set_io(b, 3, OT_IDS(it, ci, yi), 3, OT_IDS(co, yo, so));
  attr_graph(g, k, "body", b);
  if (m_const) set_io(g, 0, NULL, 2, OT_IDS(*yf, *ys));
  else set_io(g, 1, OT_IDS(M), 2, OT_IDS(*yf, *ys));
  return g;
}

static void test_loop(void) {
  kiln_diag d;
  int yf, ys;
  /* 4 iterations: y = 2, 4, 8, 16 */
  ir_graph *g = loop_graph(4, 1, -1, &yf, &ys);
  int rc = infer(g, &d);
  ot_check(rc == 0, "loop_unrolled", "%s", d.msg);
  if (!rc) {
    ot_expect_reals("loop_final", &g->tensors[yf], IR_F32, (const double[]){16}, 1, 0, 0);
    ot_expect_shape("loop_scan_shape", &g->tensors[ys], IR_F32, 2, OT_I64(4, 1));
    ot_expect_reals("loop_scan", &g->tensors[ys], IR_F32, (const double[]){2, 4, 8, 16}, 4, 0, 0);
  }
  ir_graph_free(g);
  /* the body stops it: cond_out = iter < 1 is true after iteration 0 and
   * false after iteration 1, so two iterations run: y = 2, 4 */
  g = loop_graph(10, 1, 1, &yf, &ys);
  rc = infer(g, &d);
  ot_check(rc == 0, "loop_early_exit", "%s", d.msg);
  if (!rc) {
    ot_expect_reals("loop_early_final", &g->tensors[yf], IR_F32, (const double[]){4}, 1, 0, 0);
    ot_expect_reals("loop_early_scan", &g->tensors[ys], IR_F32, (const double[]){2, 4}, 2, 0, 0);
  }
  ir_graph_free(g);
  /* a run-time trip count: named, so kiln run can compile its value in */
  g = loop_graph(4, 0, -1, &yf, &ys);
  rc = infer(g, &d);
  ot_expect_error("loop_runtime_trip_count", rc, &d, "input 0 'M' (the trip count) must be a constant");
  ot_check(!strcmp(d.need_const, "M"), "loop_need_const", "need_const '%s'", d.need_const);
  ir_graph_free(g);
  /* unrolling has a limit */
  g = loop_graph(1000000, 1, -1, &yf, &ys);
  rc = infer(g, &d);
  ot_expect_error("loop_too_many_iterations", rc, &d, "kiln unrolls");
  ir_graph_free(g);
}

/* Evaluates the lowered graph for a value of run-time input `in`: makes it
 * constant and folds every live node in order (the ops' eval runs the
 * kernels the package would). */
static int eval_lowered(ir_graph *g, int in, const void *val, kiln_diag *d) {
  ir_tensor *t = &g->tensors[in];
  void *p = ir_alloc_data(t);
  if (!p) return -1;
  memcpy(p, val, t->nbytes);
  for (int k = 0; k < g->n_nodes; k++) {
    int folded;
    if (!g->nodes[k].dead && pass_fold_node(d, g, &g->nodes[k], &folded)) return -1;
  }
  return 0;
}

/* Loop(M=5, cond=true, y0=[1]) body: y = y * 2; cond_out = y < limit, where
 * limit is a run-time input: the condition is data-dependent, but with a
 * trip count and no scan output the shapes stay static, so every iteration
 * is unrolled and masked. with_scan adds a scan output: then it must fail. */
static ir_graph *masked_loop_graph(int with_scan, int *limit, int *yf) {
  ir_graph *g = ir_graph_new();
  int64_t m = 5;
  unsigned char tr = 1;
  int M = ot_tensor(g, "M", IR_I64, 0, NULL, &m), c = ot_tensor(g, "c", IR_BOOL, 0, NULL, &tr);
  int y0 = ot_tensor(g, "y0", IR_F32, 1, OT_I64(1), &one_f);
  *limit = ot_tensor(g, "limit", IR_F32, 1, OT_I64(1), NULL);
  *yf = ir_add_tensor(g, "yf");
  int ys = ir_add_tensor(g, "ys");
  int k = node(g, "loop", "Loop", 13, 3, OT_IDS(M, c, y0), 1 + with_scan, OT_IDS(*yf, ys));
  ir_graph *b = sub_graph(g);
  int it = ot_tensor(b, "it", IR_I64, 0, NULL, NULL), ci = ot_tensor(b, "ci", IR_BOOL, 0, NULL, NULL);
  int yi = ot_tensor(b, "yi", IR_F32, 1, OT_I64(1), NULL);
  int two = ot_tensor(b, "two", IR_F32, 1, OT_I64(1), &two_f);
  int lim = ot_tensor(b, "limit", IR_F32, 1, OT_I64(1), NULL); /* outer-scope reference */
  int yo = ir_add_tensor(b, "yo"), co = ir_add_tensor(b, "co");
  node(b, "mul", "Mul", 13, 2, OT_IDS(yi, two), 1, OT_IDS(yo));
  node(b, "less", "Less", 13, 2, OT_IDS(yo, lim), 1, OT_IDS(co));
  set_io(b, 3, OT_IDS(it, ci, yi), 2 + with_scan, OT_IDS(co, yo, yo));
  attr_graph(g, k, "body", b);
  set_io(g, 1, OT_IDS(*limit), 1, OT_IDS(*yf));
  return g;
}

static void test_loop_masked(void) {
  /* y doubles while y < limit, at most 5 times: limit 10 -> 2 4 8 16 (stop);
   * limit 3 -> 2 4 (stop); limit 100 -> 2 4 8 16 32 (trip count) */
  const float limits[3] = {10, 3, 100};
  const double want[3] = {16, 4, 32};
  for (int i = 0; i < 3; i++) {
    int limit, yf;
    ir_graph *g = masked_loop_graph(0, &limit, &yf);
    kiln_diag d;
    int rc = infer(g, &d);
    ot_check(rc == 0, "loop_runtime_condition_masked", "%s", d.msg);
    ot_check(!rc && !g->tensors[yf].data, "loop_runtime_condition_not_folded", "yf is constant");
    if (!rc) {
      rc = eval_lowered(g, limit, &limits[i], &d);
      ot_check(rc == 0, "loop_runtime_condition_eval", "%s", d.msg);
      if (!rc) ot_expect_reals("loop_runtime_condition_value", &g->tensors[yf], IR_F32, &want[i], 1, 0, 0);
    }
    ir_graph_free(g);
  }
  int limit, yf;
  ir_graph *g = masked_loop_graph(1, &limit, &yf);
  kiln_diag d;
  int rc = infer(g, &d);
  ot_expect_error("loop_runtime_condition_scan_outputs", rc, &d, "and so would the shapes of the scan outputs");
  ir_graph_free(g);
}

/* ---- Scan ---- */

static void test_scan(void) {
  for (int rev = 0; rev <= 1; rev++) {
    ir_graph *g = ir_graph_new();
    int s0 = ot_tensor(g, "s0", IR_F32, 1, OT_I64(2), OT_F32(0, 0));
    int x = ot_tensor(g, "x", IR_F32, 2, OT_I64(3, 2), NULL);
    int y = ir_add_tensor(g, "y"), z = ir_add_tensor(g, "z");
    int k = node(g, "scan", "Scan", 11, 2, OT_IDS(s0, x), 2, OT_IDS(y, z));
    ot_attr_int(&g->nodes[k], "num_scan_inputs", 1);
    if (rev) ot_attr_ints(&g->nodes[k], "scan_input_directions", 1, OT_I64(1));
    ir_graph *b = sub_graph(g);
    int si = ot_tensor(b, "si", IR_F32, 1, OT_I64(2), NULL), xi = ot_tensor(b, "xi", IR_F32, 1, OT_I64(2), NULL);
    int so = ir_add_tensor(b, "so"), sc = ir_add_tensor(b, "sc");
    node(b, "add", "Add", 13, 2, OT_IDS(si, xi), 1, OT_IDS(so));
    node(b, "id", "Identity", 13, 1, OT_IDS(so), 1, OT_IDS(sc));
    set_io(b, 2, OT_IDS(si, xi), 2, OT_IDS(so, sc));
    attr_graph(g, k, "body", b);
    set_io(g, 1, OT_IDS(x), 2, OT_IDS(y, z));
    /* make x constant after wiring so the whole scan folds: rows [1,2] [3,4] [5,6] */
    ir_tensor *xt = &g->tensors[x];
    float *p = ir_alloc_data(xt);
    for (int i = 0; i < 6; i++) p[i] = (float)(i + 1);
    xt->is_input = 0;
    g->n_inputs = 0;
    kiln_diag d;
    int rc = infer(g, &d);
    ot_check(rc == 0, rev ? "scan_reverse" : "scan_forward", "%s", d.msg);
    if (rc) { ir_graph_free(g); continue; }
    ot_expect_reals(rev ? "scan_reverse_state" : "scan_forward_state", &g->tensors[y], IR_F32,
                    (const double[]){9, 12}, 2, 0, 0);
    /* running sums in iteration order: from the first row, or from the last */
    ot_expect_reals(rev ? "scan_reverse_outputs" : "scan_forward_outputs", &g->tensors[z], IR_F32,
                    rev ? (const double[]){5, 6, 8, 10, 9, 12} : (const double[]){1, 2, 4, 6, 9, 12}, 6, 0, 0);
    ir_graph_free(g);
  }
}

/* ---- sequences and optionals ---- */

static void test_sequences(void) {
  ir_graph *g = ir_graph_new();
  int a = ot_tensor(g, "a", IR_F32, 1, OT_I64(2), OT_F32(1, 2));
  int b = ot_tensor(g, "b", IR_F32, 1, OT_I64(2), OT_F32(3, 4));
  int c = ot_tensor(g, "c", IR_F32, 1, OT_I64(2), OT_F32(5, 6));
  int64_t one = 1, m1 = -1, two = 2;
  int p1 = ot_tensor(g, "p1", IR_I64, 0, NULL, &one), pm1 = ot_tensor(g, "pm1", IR_I64, 0, NULL, &m1);
  int p2 = ot_tensor(g, "p2", IR_I64, 0, NULL, &two);
  int s1 = ir_add_tensor(g, "s1"), s2 = ir_add_tensor(g, "s2"), s3 = ir_add_tensor(g, "s3");
  int at = ir_add_tensor(g, "at"), len = ir_add_tensor(g, "len"), cat = ir_add_tensor(g, "cat");
  node(g, "construct", "SequenceConstruct", 11, 2, OT_IDS(a, b), 1, OT_IDS(s1));
  node(g, "insert", "SequenceInsert", 11, 3, OT_IDS(s1, c, p1), 1, OT_IDS(s2)); /* a c b */
  node(g, "erase", "SequenceErase", 11, 2, OT_IDS(s2, pm1), 1, OT_IDS(s3));     /* a c */
  node(g, "at", "SequenceAt", 11, 2, OT_IDS(s2, p2), 1, OT_IDS(at));            /* b */
  node(g, "len", "SequenceLength", 11, 1, OT_IDS(s3), 1, OT_IDS(len));          /* 2 */
  int k = node(g, "cat", "ConcatFromSequence", 11, 1, OT_IDS(s3), 1, OT_IDS(cat));
  ot_attr_int(&g->nodes[k], "axis", 0);
  ot_attr_int(&g->nodes[k], "new_axis", 1); /* stack: [[1,2],[5,6]] */
  set_io(g, 0, NULL, 4, OT_IDS(at, len, cat, s2));
  g->tensors[s2].vdecl = IR_DECL_SEQ;
  kiln_diag d;
  int rc = infer(g, &d);
  ot_check(rc == 0, "sequence_ops", "%s", d.msg);
  if (!rc) {
    ot_expect_reals("sequence_at", &g->tensors[at], IR_F32, (const double[]){3, 4}, 2, 0, 0);
    ot_expect_ints("sequence_length", &g->tensors[len], IR_I64, OT_I64(2), 1);
    ot_expect_shape("concat_from_sequence_shape", &g->tensors[cat], IR_F32, 2, OT_I64(2, 2));
    ot_expect_reals("concat_from_sequence", &g->tensors[cat], IR_F32, (const double[]){1, 2, 5, 6}, 4, 0, 0);
    /* the sequence output became its three element tensors, in order */
    int ok = g->n_decl_outputs == 4 && g->n_outputs == 6 && g->outputs[3] == a && g->outputs[4] == c &&
             g->outputs[5] == b;
    ot_check(ok, "sequence_output_elements", "%d outputs", g->n_outputs);
  }
  ir_graph_free(g);

  /* SplitToSequence: sizes [1, 2] of a [3]; no split, keepdims 0 on [2,2]
   * axis 1 gives the columns */
  g = ir_graph_new();
  int x = ot_tensor(g, "x", IR_F32, 1, OT_I64(3), OT_F32(7, 8, 9));
  int sp = ot_tensor(g, "sp", IR_I64, 1, OT_I64(2), OT_I64(1, 2));
  int m = ot_tensor(g, "m", IR_F32, 2, OT_I64(2, 2), OT_F32(1, 2, 3, 4));
  p1 = ot_tensor(g, "p1", IR_I64, 0, NULL, &one);
  int q1 = ir_add_tensor(g, "q1"), q2 = ir_add_tensor(g, "q2");
  int e1 = ir_add_tensor(g, "e1"), e2 = ir_add_tensor(g, "e2");
  node(g, "split", "SplitToSequence", 11, 2, OT_IDS(x, sp), 1, OT_IDS(q1));
  k = node(g, "cols", "SplitToSequence", 11, 1, OT_IDS(m), 1, OT_IDS(q2));
  ot_attr_int(&g->nodes[k], "axis", 1);
  ot_attr_int(&g->nodes[k], "keepdims", 0);
  node(g, "at1", "SequenceAt", 11, 2, OT_IDS(q1, p1), 1, OT_IDS(e1));
  node(g, "at2", "SequenceAt", 11, 2, OT_IDS(q2, p1), 1, OT_IDS(e2));
  set_io(g, 0, NULL, 2, OT_IDS(e1, e2));
  rc = infer(g, &d);
  ot_check(rc == 0, "split_to_sequence", "%s", d.msg);
  if (!rc) {
    ot_expect_reals("split_to_sequence_sizes", &g->tensors[e1], IR_F32, (const double[]){8, 9}, 2, 0, 0);
    ot_expect_shape("split_to_sequence_nokeepdims_shape", &g->tensors[e2], IR_F32, 1, OT_I64(2));
    ot_expect_reals("split_to_sequence_nokeepdims", &g->tensors[e2], IR_F32, (const double[]){2, 4}, 2, 0, 0);
  }
  ir_graph_free(g);

  /* positions must be compile-time constants and in range */
  g = ir_graph_new();
  a = ot_tensor(g, "a", IR_F32, 1, OT_I64(2), OT_F32(1, 2));
  int pos = ot_tensor(g, "pos", IR_I64, 0, NULL, NULL);
  s1 = ir_add_tensor(g, "s1");
  at = ir_add_tensor(g, "at");
  node(g, "construct", "SequenceConstruct", 11, 1, OT_IDS(a), 1, OT_IDS(s1));
  node(g, "at", "SequenceAt", 11, 2, OT_IDS(s1, pos), 1, OT_IDS(at));
  set_io(g, 1, OT_IDS(pos), 1, OT_IDS(at));
  rc = infer(g, &d);
  ot_expect_error("sequence_at_runtime_position", rc, &d, "input 1 'position' must be a constant");
  ir_graph_free(g);
  g = ir_graph_new();
  a = ot_tensor(g, "a", IR_F32, 1, OT_I64(2), OT_F32(1, 2));
  pos = ot_tensor(g, "pos", IR_I64, 0, NULL, &two);
  s1 = ir_add_tensor(g, "s1");
  at = ir_add_tensor(g, "at");
  node(g, "construct", "SequenceConstruct", 11, 1, OT_IDS(a), 1, OT_IDS(s1));
  node(g, "at", "SequenceAt", 11, 2, OT_IDS(s1, pos), 1, OT_IDS(at));
  set_io(g, 0, NULL, 1, OT_IDS(at));
  rc = infer(g, &d);
  ot_expect_error("sequence_at_out_of_range", rc, &d, "position 2 is out of range [-1, 0]");
  ir_graph_free(g);
}

static void test_optionals(void) {
  ir_graph *g = ir_graph_new();
  int a = ot_tensor(g, "a", IR_F32, 1, OT_I64(2), OT_F32(1, 2));
  int none = ir_add_tensor(g, "none"), some = ir_add_tensor(g, "some");
  int h0 = ir_add_tensor(g, "h0"), h1 = ir_add_tensor(g, "h1"), v = ir_add_tensor(g, "v");
  node(g, "empty", "Optional", 15, 0, NULL, 1, OT_IDS(none));
  node(g, "wrap", "Optional", 15, 1, OT_IDS(a), 1, OT_IDS(some));
  node(g, "has0", "OptionalHasElement", 18, 1, OT_IDS(none), 1, OT_IDS(h0));
  node(g, "has1", "OptionalHasElement", 18, 1, OT_IDS(some), 1, OT_IDS(h1));
  node(g, "get", "OptionalGetElement", 18, 1, OT_IDS(some), 1, OT_IDS(v));
  set_io(g, 0, NULL, 4, OT_IDS(h0, h1, v, none));
  g->tensors[none].vdecl = IR_DECL_OPT;
  kiln_diag d;
  int rc = infer(g, &d);
  ot_check(rc == 0, "optional_ops", "%s", d.msg);
  if (!rc) {
    ot_expect_ints("optional_has_element_empty", &g->tensors[h0], IR_BOOL, OT_I64(0), 1);
    ot_expect_ints("optional_has_element_present", &g->tensors[h1], IR_BOOL, OT_I64(1), 1);
    ot_expect_reals("optional_get_element", &g->tensors[v], IR_F32, (const double[]){1, 2}, 2, 0, 0);
    ot_check(g->n_outputs == 3 && g->n_decl_outputs == 4, "optional_absent_output_dropped", "%d outputs",
             g->n_outputs);
  }
  ir_graph_free(g);
  g = ir_graph_new();
  none = ir_add_tensor(g, "none");
  v = ir_add_tensor(g, "v");
  node(g, "empty", "Optional", 15, 0, NULL, 1, OT_IDS(none));
  node(g, "get", "OptionalGetElement", 18, 1, OT_IDS(none), 1, OT_IDS(v));
  set_io(g, 0, NULL, 1, OT_IDS(v));
  rc = infer(g, &d);
  ot_expect_error("optional_get_element_empty", rc, &d, "is an empty optional");
  ir_graph_free(g);
  /* a plain op given a sequence says so */
  g = ir_graph_new();
  a = ot_tensor(g, "a", IR_F32, 1, OT_I64(2), OT_F32(1, 2));
  int s = ir_add_tensor(g, "s"), r = ir_add_tensor(g, "r");
  node(g, "construct", "SequenceConstruct", 11, 1, OT_IDS(a), 1, OT_IDS(s));
  node(g, "relu", "Relu", 14, 1, OT_IDS(s), 1, OT_IDS(r));
  set_io(g, 0, NULL, 1, OT_IDS(r));
  rc = infer(g, &d);
  ot_expect_error("relu_of_sequence", rc, &d, "input 0 's' is a sequence; Relu takes tensors");
  ir_graph_free(g);
}

/* An If inside a Loop body reads the body's carried value and an outer
 * constant by name: the copies must keep resolving both (captures). */
static void test_nested_capture(void) {
  ir_graph *g = ir_graph_new();
  int64_t m = 3;
  unsigned char tr = 1;
  int M = ot_tensor(g, "M", IR_I64, 0, NULL, &m), c = ot_tensor(g, "c", IR_BOOL, 0, NULL, &tr);
  int y0 = ot_tensor(g, "y0", IR_F32, 0, NULL, &one_f);
  int ten = ot_tensor(g, "ten", IR_F32, 0, NULL, OT_F32(10));
  int yf = ir_add_tensor(g, "yf");
  int k = node(g, "loop", "Loop", 13, 3, OT_IDS(M, c, y0), 1, OT_IDS(yf));
  ir_graph *b = sub_graph(g);
  int it = ot_tensor(b, "it", IR_I64, 0, NULL, NULL), ci = ot_tensor(b, "ci", IR_BOOL, 0, NULL, NULL);
  int yi = ot_tensor(b, "yi", IR_F32, 0, NULL, NULL);
  int64_t zero = 0;
  int z = ot_tensor(b, "zero", IR_I64, 0, NULL, &zero);
  int first = ir_add_tensor(b, "first"), yo = ir_add_tensor(b, "yo");
  node(b, "eq", "Equal", 13, 2, OT_IDS(it, z), 1, OT_IDS(first));
  int kf = node(b, "if", "If", 13, 1, OT_IDS(first), 1, OT_IDS(yo));
  /* then: yi + ten (outer of the body); else: yi * yi */
  ir_graph *t = sub_graph(b), *e = sub_graph(b);
  int t_yi = ot_tensor(t, "yi", IR_F32, 0, NULL, NULL), t_ten = ot_tensor(t, "ten", IR_F32, 0, NULL, NULL);
  int t_o = ir_add_tensor(t, "to");
  node(t, "add", "Add", 13, 2, OT_IDS(t_yi, t_ten), 1, OT_IDS(t_o));
  set_io(t, 0, NULL, 1, OT_IDS(t_o));
  int e_yi = ot_tensor(e, "yi", IR_F32, 0, NULL, NULL), e_o = ir_add_tensor(e, "eo");
  node(e, "sq", "Mul", 13, 2, OT_IDS(e_yi, e_yi), 1, OT_IDS(e_o));
  set_io(e, 0, NULL, 1, OT_IDS(e_o));
  attr_graph(b, kf, "then_branch", t);
  attr_graph(b, kf, "else_branch", e);
  set_io(b, 3, OT_IDS(it, ci, yi), 2, OT_IDS(ci, yo));
  attr_graph(g, k, "body", b);
  set_io(g, 0, NULL, 1, OT_IDS(yf));
  (void)ten;
  kiln_diag d;
  int rc = infer(g, &d);
  ot_check(rc == 0, "nested_if_in_loop", "%s", d.msg);
  /* iteration 0: 1 + 10 = 11; 1: 121; 2: 14641 */
  if (!rc) ot_expect_reals("nested_if_in_loop_value", &g->tensors[yf], IR_F32, (const double[]){14641}, 1, 0, 0);
  ir_graph_free(g);
}

/* kiln run's SequenceProto / OptionalProto files: written, read back. */
static void test_value_files(void) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/kiln_test_seq_%d.pb", (int)getpid());
  ir_graph *g = ir_graph_new();
  int a = ot_tensor(g, "a", IR_F32, 2, OT_I64(1, 2), OT_F32(1, 2));
  int b = ot_tensor(g, "b", IR_I32, 1, OT_I64(3), ((const int32_t[]){7, 8, 9}));
  ir_tensor el[2] = {g->tensors[a], g->tensors[b]};
  kiln_diag d = {0};
  int present = -1, n = -1;
  ir_tensor *got = NULL;
  int rc = tensor_file_write_value(&d, path, IR_DECL_SEQ, "s", 1, el, 2);
  if (!rc) rc = tensor_file_read_value(&d, path, IR_DECL_SEQ, &present, &got, &n);
  ot_check(rc == 0 && present == 1 && n == 2, "sequence_file_roundtrip", "%s (n %d)", d.msg, n);
  if (!rc && n == 2) {
    ot_expect_reals("sequence_file_elem0", &got[0], IR_F32, (const double[]){1, 2}, 2, 0, 0);
    ot_expect_shape("sequence_file_elem0_shape", &got[0], IR_F32, 2, OT_I64(1, 2));
    ot_expect_ints("sequence_file_elem1", &got[1], IR_I32, OT_I64(7, 8, 9), 3);
  }
  for (int i = 0; i < n; i++) tensor_file_free(&got[i]);
  free(got);
  /* an empty optional, and an optional holding a sequence */
  rc = tensor_file_write_value(&d, path, IR_DECL_OPT_SEQ, "o", 0, NULL, 0);
  if (!rc) rc = tensor_file_read_value(&d, path, IR_DECL_OPT_SEQ, &present, &got, &n);
  ot_check(rc == 0 && present == 0 && n == 0, "optional_file_empty", "%s", d.msg);
  free(got);
  rc = tensor_file_write_value(&d, path, IR_DECL_OPT_SEQ, "o", 1, el, 1);
  if (!rc) rc = tensor_file_read_value(&d, path, IR_DECL_OPT_SEQ, &present, &got, &n);
  ot_check(rc == 0 && present == 1 && n == 1, "optional_file_sequence", "%s", d.msg);
  if (!rc && n == 1) ot_expect_reals("optional_file_sequence_elem", &got[0], IR_F32, (const double[]){1, 2}, 2, 0, 0);
  for (int i = 0; i < n; i++) tensor_file_free(&got[i]);
  free(got);
  /* the wrong kind of value for the declared type */
  rc = tensor_file_read_value(&d, path, IR_DECL_OPT, &present, &got, &n);
  ot_expect_error("optional_file_kind_mismatch", rc, &d, "not the tensor the model declares");
  remove(path);
  ir_graph_free(g);
}

/* Malformed control flow: clear errors, no crash. */
static void test_malformed(void) {
  kiln_diag d;
  int yf, ys;
  /* Loop with its loop-carried input omitted */
  ir_graph *g = loop_graph(2, 1, -1, &yf, &ys);
  g->nodes[0].inputs[2] = -1;
  int rc = infer(g, &d);
  ot_expect_error("loop_missing_carried_input", rc, &d, "input 2 (loop-carried value 0) is missing");
  ir_graph_free(g);
  /* If whose branches give different output counts */
  int y;
  g = if_graph(1, 1, 3, &y);
  ir_attr *e = ir_attr_find(&g->nodes[0], "else_branch");
  e->g->n_outputs = 0;
  rc = infer(g, &d);
  ot_expect_error("if_branch_output_count", rc, &d, "else_branch has 0 inputs and 0 outputs, expected 0 and 1");
  ir_graph_free(g);
  /* Scan inputs of different lengths */
  g = ir_graph_new();
  int x1 = ot_tensor(g, "x1", IR_F32, 1, OT_I64(3), OT_F32(1, 2, 3));
  int x2 = ot_tensor(g, "x2", IR_F32, 1, OT_I64(2), OT_F32(1, 2));
  int z1 = ir_add_tensor(g, "z1");
  int k = node(g, "scan", "Scan", 11, 2, OT_IDS(x1, x2), 1, OT_IDS(z1));
  ot_attr_int(&g->nodes[k], "num_scan_inputs", 2);
  ir_graph *b = sub_graph(g);
  int a1 = ot_tensor(b, "a1", IR_F32, 0, NULL, NULL), a2 = ot_tensor(b, "a2", IR_F32, 0, NULL, NULL);
  int o = ir_add_tensor(b, "o");
  node(b, "add", "Add", 13, 2, OT_IDS(a1, a2), 1, OT_IDS(o));
  set_io(b, 2, OT_IDS(a1, a2), 1, OT_IDS(o));
  attr_graph(g, k, "body", b);
  set_io(g, 0, NULL, 1, OT_IDS(z1));
  rc = infer(g, &d);
  ot_expect_error("scan_lengths_differ", rc, &d, "different sequence lengths (3 and 2)");
  ir_graph_free(g);
}

int main(void) {
  test_malformed();
  test_value_files();
  test_if();
  test_loop();
  test_loop_masked();
  test_scan();
  test_sequences();
  test_optionals();
  test_nested_capture();
  return ot_report();
}
