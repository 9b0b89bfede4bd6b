/* test_passes.c - shape inference with folding, BN folding, residual-add and
 * activation fusion, views, in-place decisions, --shape binding, and their
 * error messages, on small hand-built graphs using the real operators. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"
#include "ops/op.h"
#include "passes/passes.h"

static int passed, failed;
#define CHECK(name, cond, ...) do { \
  if (cond) { passed++; printf("PASS %s\n", name); } \
  else { failed++; printf("FAIL %s: ", name); printf(__VA_ARGS__); printf("\n"); } } while (0)

static int tensor(ir_graph *g, const char *name, ir_dtype dt, int rank, const int64_t *dims) {
  int t = ir_add_tensor(g, name);
  ir_set_shape(&g->tensors[t], dt, rank, dims);
  return t;
}

static int const_f32(ir_graph *g, const char *name, int rank, const int64_t *dims, const float *v) {
  int t = tensor(g, name, IR_F32, rank, dims);
  float *p = ir_alloc_data(&g->tensors[t]);
  memcpy(p, v, (size_t)ir_nbytes(&g->tensors[t]));
  g->tensors[t].is_initializer = 1;
  return t;
}

static int node(ir_graph *g, const char *op, const char *name, const int *in, int n_in, const int *out, int n_out) {
  int k = ir_add_node(g);
  ir_node *n = &g->nodes[k];
  n->name = kiln_strdup(name);
  n->op_type = kiln_strdup(op);
  n->domain = kiln_strdup("");
  n->opset = 13;
  n->inputs = malloc(sizeof(int) * (size_t)(n_in ? n_in : 1));
  memcpy(n->inputs, in, sizeof(int) * (size_t)n_in);
  n->n_inputs = n_in;
  n->outputs = malloc(sizeof(int) * (size_t)n_out);
  memcpy(n->outputs, out, sizeof(int) * (size_t)n_out);
  n->n_outputs = n_out;
  for (int i = 0; i < n_out; i++) g->tensors[out[i]].producer = k;
  return k;
}

static void attr_ints(ir_graph *g, int k, const char *name, const int64_t *v, int n) {
  ir_node *nd = &g->nodes[k];
  nd->attrs = realloc(nd->attrs, sizeof(ir_attr) * (size_t)(nd->n_attrs + 1));
  ir_attr *a = &nd->attrs[nd->n_attrs++];
  memset(a, 0, sizeof *a);
  a->name = kiln_strdup(name);
  a->type = IR_ATTR_INTS;
  a->n = n;
  a->ints = malloc(sizeof(int64_t) * (size_t)n);
  memcpy(a->ints, v, sizeof(int64_t) * (size_t)n);
}

static void io(ir_graph *g, int in, int out) {
  g->inputs = malloc(sizeof(int));
  g->inputs[0] = in;
  g->n_inputs = 1;
  g->tensors[in].is_input = 1;
  g->outputs = malloc(sizeof(int));
  g->outputs[0] = out;
  g->n_outputs = 1;
  g->tensors[out].is_output = 1;
}

static int live_nodes(const ir_graph *g) {
  int n = 0;
  for (int k = 0; k < g->n_nodes; k++) n += !g->nodes[k].dead;
  return n;
}

/* x -> Conv -> BN -> Add(x) -> Relu -> y : one Conv with BN+Add+Relu fused */
static void test_conv_bn_add_relu(void) {
  ir_graph *g = ir_graph_new();
  int64_t xd[4] = {1, 2, 4, 4}, wd[4] = {2, 2, 1, 1}, cd[1] = {2};
  int x = tensor(g, "x", IR_F32, 4, xd);
  x = ir_find_tensor(g, "x");
  float w[4] = {1, 2, 3, 4}, b[2] = {0.5f, -1}, sc[2] = {2, 3}, bi[2] = {1, 0}, mu[2] = {0.25f, 1},
        va[2] = {4, 0.25f};
  int W = const_f32(g, "W", 4, wd, w), B = const_f32(g, "B", 1, cd, b);
  int S = const_f32(g, "scale", 1, cd, sc), Bi = const_f32(g, "bias", 1, cd, bi);
  int M = const_f32(g, "mean", 1, cd, mu), V = const_f32(g, "var", 1, cd, va);
  int c = ir_add_tensor(g, "c"), bn = ir_add_tensor(g, "bn"), a = ir_add_tensor(g, "a"), y = ir_add_tensor(g, "y");
  int in_conv[3] = {x, W, B}, in_bn[5] = {c, S, Bi, M, V}, in_add[2] = {bn, x}, in_relu[1] = {a};
  node(g, "Conv", "conv", in_conv, 3, &c, 1);
  node(g, "BatchNormalization", "bn", in_bn, 5, &bn, 1);
  node(g, "Add", "add", in_add, 2, &a, 1);
  node(g, "Relu", "relu", in_relu, 1, &y, 1);
  io(g, x, y);
  kiln_diag d = {0};
  int rc = pass_run_all(&d, g, NULL, 0);
  CHECK("fuse-runs", rc == 0, "%s", d.msg);
  if (rc) { ir_graph_free(g); return; }
  ir_node *conv = &g->nodes[0];
  CHECK("fuse-one-node-left", live_nodes(g) == 1 && !conv->dead, "%d live", live_nodes(g));
  CHECK("fuse-describes", strcmp(conv->fused, "BN+Add+Relu") == 0, "fused '%s'", conv->fused);
  CHECK("fuse-act-relu", conv->act == IR_ACT_RELU, "act %d", conv->act);
  CHECK("fuse-residual-is-x", conv->fused_add == x, "fused_add %d", conv->fused_add);
  CHECK("fuse-writes-y", conv->outputs[0] == y, "output %d", conv->outputs[0]);
  /* BN folded: W' = W * s, B' = (B - mean) * s + bias, s = scale / sqrt(var + eps) */
  const float *w2 = g->tensors[conv->inputs[1]].data, *b2 = g->tensors[conv->inputs[2]].data;
  int ok = 1;
  for (int o = 0; o < 2; o++) {
    double s = sc[o] / sqrt((double)va[o] + 1e-5);
    for (int i = 0; i < 2; i++)
      if (fabs(w2[o * 2 + i] - w[o * 2 + i] * s) > 1e-5) ok = 0;
    if (fabs(b2[o] - ((b[o] - mu[o]) * s + bi[o])) > 1e-5) ok = 0;
  }
  CHECK("fuse-bn-weights", ok, "folded values differ");
  ir_graph_free(g);
}

/* Shape -> Gather -> Unsqueeze -> Concat -> Reshape folds to a constant
 * shape, and the Reshape becomes a view. */
static void test_shape_chain_folds(void) {
  ir_graph *g = ir_graph_new();
  int64_t xd[4] = {2, 3, 4, 5}, sd[1] = {0}, one[1] = {1};
  int x = tensor(g, "x", IR_F32, 4, xd);
  int s = ir_add_tensor(g, "s"), s0 = ir_add_tensor(g, "s0"), u = ir_add_tensor(g, "u"),
      cat = ir_add_tensor(g, "cat"), y = ir_add_tensor(g, "y"), r = ir_add_tensor(g, "r");
  int idx = tensor(g, "idx", IR_I64, 0, sd);
  *(int64_t *)ir_alloc_data(&g->tensors[idx]) = 0;
  int m1 = tensor(g, "m1", IR_I64, 1, one);
  *(int64_t *)ir_alloc_data(&g->tensors[m1]) = -1;
  int ax = tensor(g, "axes", IR_I64, 1, one);
  *(int64_t *)ir_alloc_data(&g->tensors[ax]) = 0;
  node(g, "Shape", "shape", &x, 1, &s, 1);
  int gi[2] = {s, idx};
  node(g, "Gather", "gather", gi, 2, &s0, 1);
  int ui[2] = {s0, ax};
  node(g, "Unsqueeze", "unsq", ui, 2, &u, 1);
  int ci[2] = {u, m1};
  int kc = node(g, "Concat", "concat", ci, 2, &cat, 1);
  ir_node *cn = &g->nodes[kc];
  cn->attrs = calloc(1, sizeof(ir_attr));
  cn->attrs[0].name = kiln_strdup("axis");
  cn->attrs[0].type = IR_ATTR_INT;
  cn->attrs[0].i = 0;
  cn->n_attrs = 1;
  int ri[2] = {x, cat};
  node(g, "Reshape", "reshape", ri, 2, &r, 1);
  node(g, "Relu", "relu", &r, 1, &y, 1);
  io(g, x, y);
  kiln_diag d = {0};
  int rc = pass_run_all(&d, g, NULL, 0);
  CHECK("shape-chain-runs", rc == 0, "%s", d.msg);
  if (!rc) {
    ir_tensor *rt = &g->tensors[r];
    CHECK("shape-chain-reshape-shape", rt->rank == 2 && rt->dims[0] == 2 && rt->dims[1] == 60,
          "rank %d dims %lld %lld", rt->rank, (long long)rt->dims[0], (long long)rt->dims[1]);
    CHECK("shape-chain-folded", live_nodes(g) == 2, "%d live nodes", live_nodes(g));
    CHECK("shape-chain-view", rt->alias_of == x, "alias_of %d", rt->alias_of);
  }
  ir_graph_free(g);
}

/* --shape binding of a symbolic dim and its errors */
static void test_shape_binding(void) {
  for (int variant = 0; variant < 4; variant++) {
    ir_graph *g = ir_graph_new();
    int64_t xd[2] = {-1, 3};
    int x = tensor(g, "input.1", IR_F32, 2, xd);
    g->tensors[x].dim_param[0] = kiln_strdup("N");
    int y = ir_add_tensor(g, "y");
    node(g, "Relu", "relu", &x, 1, &y, 1);
    io(g, x, y);
    pass_shape_binding b[1];
    memset(b, 0, sizeof b);
    int nb = 1;
    const char *name = variant == 0 ? "input.1" : variant == 1 ? "input.1.0" : variant == 2 ? "N" : "nope";
    b[0].name = name;
    if (variant == 0) { b[0].rank = 2; b[0].dims[0] = 5; b[0].dims[1] = 3; }
    else { b[0].rank = 1; b[0].dims[0] = 5; }
    kiln_diag d = {0};
    int rc = pass_infer(&d, g, b, nb);
    char nm[64];
    snprintf(nm, sizeof nm, "shape-binding-%s", name);
    if (variant < 3)
      CHECK(nm, rc == 0 && g->tensors[y].dims[0] == 5, "rc %d %s", rc, d.msg);
    else
      CHECK(nm, rc == -1 && strstr(d.msg, "--shape nope matches no graph input"), "%s", d.msg);
    ir_graph_free(g);
  }
  ir_graph *g = ir_graph_new();
  int64_t xd[2] = {-1, 3};
  int x = tensor(g, "x", IR_F32, 2, xd);
  int y = ir_add_tensor(g, "y");
  node(g, "Relu", "relu", &x, 1, &y, 1);
  io(g, x, y);
  kiln_diag d = {0};
  CHECK("shape-binding-missing", pass_infer(&d, g, NULL, 0) == -1 && strstr(d.msg, "--shape x=DIMS"), "%s", d.msg);
  ir_graph_free(g);
}

/* Relu after a Relu: the second runs in place; a graph output never does. */
static void test_inplace(void) {
  ir_graph *g = ir_graph_new();
  int64_t xd[1] = {16};
  int x = tensor(g, "x", IR_F32, 1, xd);
  int a = ir_add_tensor(g, "a"), b = ir_add_tensor(g, "b"), y = ir_add_tensor(g, "y");
  node(g, "Sigmoid", "s1", &x, 1, &a, 1);
  node(g, "Tanh", "t1", &a, 1, &b, 1);
  node(g, "Exp", "e1", &b, 1, &y, 1);
  io(g, x, y);
  kiln_diag d = {0};
  int rc = pass_run_all(&d, g, NULL, 0);
  CHECK("inplace-runs", rc == 0, "%s", d.msg);
  CHECK("inplace-not-on-input", g->tensors[a].alias_of == -1, "a aliases %d", g->tensors[a].alias_of);
  CHECK("inplace-chain", g->tensors[b].alias_of == a, "b aliases %d", g->tensors[b].alias_of);
  CHECK("inplace-not-output", g->tensors[y].alias_of == -1, "y aliases %d", g->tensors[y].alias_of);
  ir_graph_free(g);
}

/* A Conv feeding two readers is not fused with either. */
static void test_no_fuse_shared(void) {
  ir_graph *g = ir_graph_new();
  int64_t xd[4] = {1, 1, 2, 2}, wd[4] = {1, 1, 1, 1};
  float w = 2;
  int x = tensor(g, "x", IR_F32, 4, xd);
  int W = const_f32(g, "W", 4, wd, &w);
  int c = ir_add_tensor(g, "c"), r = ir_add_tensor(g, "r"), y = ir_add_tensor(g, "y");
  int ci[2] = {x, W};
  int kc = node(g, "Conv", "conv", ci, 2, &c, 1);
  int64_t k1[2] = {1, 1};
  attr_ints(g, kc, "kernel_shape", k1, 2);
  node(g, "Relu", "relu", &c, 1, &r, 1);
  int ai[2] = {r, c};
  node(g, "Add", "add", ai, 2, &y, 1);
  io(g, x, y);
  kiln_diag d = {0};
  int rc = pass_run_all(&d, g, NULL, 0);
  CHECK("no-fuse-shared-runs", rc == 0, "%s", d.msg);
  CHECK("no-fuse-shared", g->nodes[0].act == IR_ACT_NONE && live_nodes(g) == 3, "act %d live %d",
        g->nodes[0].act, live_nodes(g));
  ir_graph_free(g);
}

/* Conv -> Sigmoid -> Mul(conv, sigmoid): one Conv with a SiLU epilogue; with
 * the Conv output also read elsewhere (here: a graph output), nothing fuses. */
static void test_fuse_silu(void) {
  for (int shared = 0; shared < 2; shared++) {
    ir_graph *g = ir_graph_new();
    int64_t xd[4] = {1, 1, 2, 2}, wd[4] = {1, 1, 1, 1};
    float w = 2;
    int x = tensor(g, "x", IR_F32, 4, xd);
    int W = const_f32(g, "W", 4, wd, &w);
    int c = ir_add_tensor(g, "c"), s = ir_add_tensor(g, "s"), y = ir_add_tensor(g, "y");
    int ci[2] = {x, W};
    int kc = node(g, "Conv", "conv", ci, 2, &c, 1);
    int64_t k1[2] = {1, 1};
    attr_ints(g, kc, "kernel_shape", k1, 2);
    node(g, "Sigmoid", "sig", &c, 1, &s, 1);
    int mi[2] = {s, c}; /* Sigmoid first: either operand order is matched */
    node(g, "Mul", "mul", mi, 2, &y, 1);
    io(g, x, y);
    if (shared) { /* c is also a graph output */
      g->outputs = realloc(g->outputs, 2 * sizeof(int));
      g->outputs[1] = c;
      g->n_outputs = 2;
      g->tensors[c].is_output = 1;
    }
    kiln_diag d = {0};
    int rc = pass_run_all(&d, g, NULL, 0);
    CHECK(shared ? "silu-shared-runs" : "silu-runs", rc == 0, "%s", d.msg);
    if (!shared)
      CHECK("silu-fused", g->nodes[0].act == IR_ACT_SILU && live_nodes(g) == 1 &&
                              g->nodes[0].outputs[0] == y && strcmp(g->nodes[0].fused, "SiLU") == 0,
            "act %d live %d fused '%s'", g->nodes[0].act, live_nodes(g), g->nodes[0].fused);
    else
      CHECK("silu-not-fused-when-shared", g->nodes[0].act == IR_ACT_NONE && live_nodes(g) == 3,
            "act %d live %d", g->nodes[0].act, live_nodes(g));
    ir_graph_free(g);
  }
}

/* Gradient of c = a * b - a (b broadcast along a's rows): dc/da = b - 1
 * per row, dc/db = column sums of a; with Relu on the path: an error. */
static void grad_case(int with_relu) {
  ir_graph *g = ir_graph_new();
  g->n_opsets = 1;
  g->opset_domain[0] = kiln_strdup("");
  g->opset_version[0] = 13;
  int64_t ad[2] = {2, 3}, bd[1] = {3};
  const float av[6] = {0, 1, 2, 3, 4, 5}, bv[3] = {1, 2, 3};
  int a = const_f32(g, "a", 2, ad, av), b = const_f32(g, "b", 1, bd, bv);
  int m = ir_add_tensor(g, "m"), c = ir_add_tensor(g, "c"), ga = ir_add_tensor(g, "ga"),
      gb = ir_add_tensor(g, "gb"), r = ir_add_tensor(g, "r");
  node(g, "Mul", "mul", (int[]){a, b}, 2, &m, 1);
  if (with_relu) {
    node(g, "Relu", "relu", &m, 1, &r, 1);
    node(g, "Sub", "sub", (int[]){r, a}, 2, &c, 1);
  } else {
    node(g, "Sub", "sub", (int[]){m, a}, 2, &c, 1);
  }
  int k = node(g, "Gradient", "grad", (int[]){a, b}, 2, (int[]){ga, gb}, 2);
  ir_node *gn = &g->nodes[k];
  free(gn->domain);
  gn->domain = kiln_strdup("ai.onnx.preview.training");
  gn->opset = 1;
  gn->attrs = calloc(2, sizeof(ir_attr));
  gn->n_attrs = 2;
  gn->attrs[0].name = kiln_strdup("xs");
  gn->attrs[0].type = IR_ATTR_STRINGS;
  gn->attrs[0].n = 2;
  gn->attrs[0].strings = calloc(2, sizeof(char *));
  gn->attrs[0].string_lens = calloc(2, sizeof(size_t));
  gn->attrs[0].strings[0] = kiln_strdup("a");
  gn->attrs[0].strings[1] = kiln_strdup("b");
  gn->attrs[0].string_lens[0] = gn->attrs[0].string_lens[1] = 1;
  gn->attrs[1].name = kiln_strdup("y");
  gn->attrs[1].type = IR_ATTR_STRING;
  gn->attrs[1].s = kiln_strdup("c");
  gn->attrs[1].s_len = 1;
  g->outputs = malloc(2 * sizeof(int));
  g->outputs[0] = ga;
  g->outputs[1] = gb;
  g->n_outputs = 2;
  g->tensors[ga].is_output = g->tensors[gb].is_output = 1;
  kiln_diag d = {0};
  int rc = pass_run_all(&d, g, NULL, 0);
  if (with_relu) {
    CHECK("gradient-no-rule", rc != 0 && strstr(d.msg, "no gradient rule for Relu (node 'relu')"),
          "rc %d msg %s", rc, d.msg);
  } else {
    CHECK("gradient-runs", rc == 0, "%s", d.msg);
    if (!rc) {
      const ir_tensor *ta = &g->tensors[ga], *tb = &g->tensors[gb];
      const float wa[6] = {0, 1, 2, 0, 1, 2}, wb[3] = {3, 5, 7};
      CHECK("gradient-da", ta->data && ta->rank == 2 && !memcmp(ta->data, wa, sizeof wa), "dc/da differs");
      CHECK("gradient-db", tb->data && tb->rank == 1 && !memcmp(tb->data, wb, sizeof wb), "dc/db differs");
    }
  }
  ir_graph_free(g);
}

static void test_gradient(void) {
  grad_case(0);
  grad_case(1);
}

int main(void) {
  test_fuse_silu();
  test_gradient();
  test_conv_bn_add_relu();
  test_shape_chain_folds();
  test_shape_binding();
  test_inplace();
  test_no_fuse_shared();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
