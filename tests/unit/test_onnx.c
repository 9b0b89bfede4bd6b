/* test_onnx.c - unit tests for the protobuf reader, the ONNX importer and
 * tensor files. Models are assembled byte by byte with a tiny encoder that
 * is independent of src/onnx/pb.c.
 *
 * Build (from the repository root):
 *   cc -std=c11 -Wall -Wextra -g -Isrc -o /tmp/test_onnx tests/unit/test_onnx.c
 *      src/onnx/[all .c files] src/ir/ir.c src/util/util.c -lm
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ir/ir.h"
#include "onnx/onnx_import.h"
#include "onnx/pb.h"
#include "onnx/tensor_file.h"

static int n_pass, n_fail;

#define CHECK(cond, ...)                 \
  do {                                   \
    if (cond) {                          \
      n_pass++;                          \
      printf("ok   - ");                 \
    } else {                             \
      n_fail++;                          \
      printf("FAIL - ");                 \
    }                                    \
    printf(__VA_ARGS__);                 \
    printf("\n");                        \
  } while (0)

/* ---- encoder ------------------------------------------------------------ */

typedef struct msg {
  unsigned char *p;
  size_t n, cap;
} msg;

static void put(msg *m, const void *p, size_t n) {
  if (m->n + n > m->cap) {
    m->cap = (m->n + n) * 2 + 64;
    m->p = realloc(m->p, m->cap);
    if (!m->p) abort();
  }
  if (n) memcpy(m->p + m->n, p, n);
  m->n += n;
}
static void varint(msg *m, uint64_t v) {
  do {
    unsigned char b = (unsigned char)(v & 0x7f);
    v >>= 7;
    if (v) b |= 0x80;
    put(m, &b, 1);
  } while (v);
}
static void tag(msg *m, int f, int w) { varint(m, (uint64_t)f << 3 | (unsigned)w); }
static void fint(msg *m, int f, int64_t v) { tag(m, f, 0), varint(m, (uint64_t)v); }
static void fbytes(msg *m, int f, const void *p, size_t n) { tag(m, f, 2), varint(m, n), put(m, p, n); }
static void fstr(msg *m, int f, const char *s) { fbytes(m, f, s, strlen(s)); }
static void ffloat(msg *m, int f, float x) {
  uint32_t u;
  memcpy(&u, &x, 4);
  unsigned char b[4] = {(unsigned char)u, (unsigned char)(u >> 8), (unsigned char)(u >> 16), (unsigned char)(u >> 24)};
  tag(m, f, 5), put(m, b, 4);
}
/* Embeds sub as field f and frees it. */
static void fmsg(msg *m, int f, msg *sub) {
  fbytes(m, f, sub->p, sub->n);
  free(sub->p);
  memset(sub, 0, sizeof *sub);
}
static void fpacked_floats(msg *m, int f, const float *x, int n) {
  msg s = {0};
  for (int i = 0; i < n; i++) {
    uint32_t u;
    memcpy(&u, &x[i], 4);
    unsigned char b[4] = {(unsigned char)u, (unsigned char)(u >> 8), (unsigned char)(u >> 16), (unsigned char)(u >> 24)};
    put(&s, b, 4);
  }
  fmsg(m, f, &s);
}
static void fpacked_ints(msg *m, int f, const int64_t *x, int n) {
  msg s = {0};
  for (int i = 0; i < n; i++) varint(&s, (uint64_t)x[i]);
  fmsg(m, f, &s);
}

/* TypeProto{tensor_type{elem_type, shape{dim...}}}; dims < 0 use params. */
static void value_info(msg *g, int field, const char *name, int elem, int rank, const int64_t *dims,
                       const char *const *params) {
  msg vi = {0}, tp = {0}, tt = {0}, sh = {0};
  fstr(&vi, 1, name);
  fint(&tt, 1, elem);
  if (rank >= 0) {
    for (int i = 0; i < rank; i++) {
      msg dm = {0};
      if (dims[i] >= 0) fint(&dm, 1, dims[i]);
      else fstr(&dm, 2, params[i]);
      fmsg(&sh, 1, &dm);
    }
    fmsg(&tt, 2, &sh);
  }
  fmsg(&tp, 1, &tt);
  fmsg(&vi, 2, &tp);
  fmsg(g, field, &vi);
}

static void tensor_dims(msg *t, const char *name, int dt, int rank, const int64_t *dims) {
  for (int i = 0; i < rank; i++) fint(t, 1, dims[i]); /* unpacked, as onnx writes */
  fint(t, 2, dt);
  if (name) fstr(t, 8, name);
}

static void node(msg *g, const char *name, const char *op, const char *const *in, int n_in,
                 const char *const *out, int n_out, msg *attrs, int n_attrs) {
  msg n = {0};
  for (int i = 0; i < n_in; i++) fstr(&n, 1, in[i]);
  for (int i = 0; i < n_out; i++) fstr(&n, 2, out[i]);
  if (name) fstr(&n, 3, name);
  fstr(&n, 4, op);
  for (int i = 0; i < n_attrs; i++) fmsg(&n, 5, &attrs[i]);
  fmsg(g, 1, &n);
}

/* ModelProto in onnx's field order: ir_version, graph, opset_import. */
static void model(msg *m, int64_t ir_version, msg *graph, int opset) {
  msg os = {0};
  fint(m, 1, ir_version);
  fmsg(m, 7, graph);
  fint(&os, 2, opset);
  fmsg(m, 8, &os);
}

static const float W_DATA[6] = {1, 2, 3, 4, 5, 6};
static const float B_DATA[3] = {0.5f, -1.5f, 2.25f};

/* The reference model:
 *   X[N,3] float input, W[2,3] raw initializer (also listed as an input, as
 *   old exporters do), B[3] float_data initializer, node "add0" Add(X, W)
 *   -> T with attributes, unnamed Add(T, B) -> Y, output Y, value_info T. */
static void build_good(msg *m) {
  msg g = {0}, t = {0}, a[4] = {{0}};
  const char *in0[] = {"X", "W"}, *out0[] = {"T"}, *in1[] = {"T", "B"}, *out1[] = {"Y"};
  fstr(&a[0], 1, "alpha"), ffloat(&a[0], 2, 0.25f), fint(&a[0], 20, IR_ATTR_FLOAT);
  int64_t perm[3] = {2, -1, 0};
  fstr(&a[1], 1, "perm"), fpacked_ints(&a[1], 8, perm, 3), fint(&a[1], 20, IR_ATTR_INTS);
  fstr(&a[2], 1, "mode"), fstr(&a[2], 4, "edge"), fint(&a[2], 20, IR_ATTR_STRING);
  fstr(&a[3], 1, "axes"), fint(&a[3], 8, 5), fint(&a[3], 8, -7), fint(&a[3], 20, IR_ATTR_INTS); /* unpacked */
  node(&g, "add0", "Add", in0, 2, out0, 1, a, 4);
  node(&g, NULL, "Add", in1, 2, out1, 1, NULL, 0);
  fstr(&g, 2, "main");
  int64_t wd[2] = {2, 3}, bd[1] = {3};
  tensor_dims(&t, "W", IR_F32, 2, wd);
  fbytes(&t, 9, W_DATA, sizeof W_DATA);
  fmsg(&g, 5, &t);
  tensor_dims(&t, "B", IR_F32, 1, bd);
  fpacked_floats(&t, 4, B_DATA, 3);
  fmsg(&g, 5, &t);
  int64_t xd[2] = {-1, 3};
  const char *xp[2] = {"N", NULL};
  value_info(&g, 11, "X", IR_F32, 2, xd, xp);
  value_info(&g, 11, "W", IR_F32, 2, wd, NULL);
  value_info(&g, 12, "Y", IR_F32, 2, xd, xp);
  value_info(&g, 13, "T", IR_F32, -1, NULL, NULL);
  model(m, 8, &g, 17);
}

/* ---- helpers -------------------------------------------------------------- */

static char tmpdir[64];

static const char *tmp(const char *name) {
  static char buf[8][256];
  static int k;
  char *p = buf[k++ % 8];
  snprintf(p, 256, "%s/%s", tmpdir, name);
  return p;
}

static void write_file(const char *path, const void *p, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f)) {
    perror(path);
    exit(2);
  }
}

/* Imports bytes as a model file; returns rc, keeps the graph if wanted. */
static int import_bytes(const void *p, size_t n, kiln_diag *d, ir_graph **out) {
  const char *path = tmp("m.onnx");
  ir_graph *g = NULL;
  write_file(path, p, n);
  memset(d, 0, sizeof *d);
  int rc = onnx_import(d, path, &g);
  if (out) *out = g;
  else ir_graph_free(g);
  return rc;
}

/* Wraps one graph into a model and expects import to fail with `want` in
 * the message. */
static void expect_fail(msg *g, const char *what, const char *want) {
  msg m = {0};
  kiln_diag d;
  ir_graph *out = (ir_graph *)1;
  model(&m, 8, g, 17);
  int rc = import_bytes(m.p, m.n, &d, &out);
  CHECK(rc == -1 && out == NULL && d.failed && strstr(d.msg, want), "%s: \"%s\"", what, d.msg);
  free(m.p);
}

static int find(const ir_graph *g, const char *name) { return ir_find_tensor(g, name); }

/* ---- tests ---------------------------------------------------------------- */

static void test_good(void) {
  msg m = {0};
  kiln_diag d;
  ir_graph *g;
  build_good(&m);
  int rc = import_bytes(m.p, m.n, &d, &g);
  CHECK(rc == 0 && g, "minimal model imports (%s)", d.msg);
  if (!g) { free(m.p); return; }
  CHECK(g->ir_version == 8 && g->n_opsets == 1 && strcmp(g->opset_domain[0], "") == 0 &&
        g->opset_version[0] == 17, "ir_version and opset import");
  CHECK(g->name && strcmp(g->name, "main") == 0, "graph name");
  CHECK(g->n_nodes == 2, "two nodes");
  ir_node *n0 = &g->nodes[0], *n1 = &g->nodes[1];
  CHECK(strcmp(n0->name, "add0") == 0 && strcmp(n1->name, "Add_1") == 0, "node names (synthesised '%s')", n1->name);
  CHECK(strcmp(n0->op_type, "Add") == 0 && strcmp(n0->domain, "") == 0 && n0->opset == 17, "op_type, domain, opset");
  int X = find(g, "X"), W = find(g, "W"), B = find(g, "B"), T = find(g, "T"), Y = find(g, "Y");
  CHECK(X >= 0 && W >= 0 && B >= 0 && T >= 0 && Y >= 0, "tensors by name");
  if (X < 0 || W < 0 || B < 0 || T < 0 || Y < 0) { ir_graph_free(g); free(m.p); return; }
  CHECK(n0->n_inputs == 2 && n0->inputs[0] == X && n0->inputs[1] == W && n0->n_outputs == 1 &&
        n0->outputs[0] == T, "node 0 wiring");
  CHECK(n1->inputs[0] == T && n1->inputs[1] == B && n1->outputs[0] == Y, "node 1 wiring");
  CHECK(g->tensors[T].producer == 0 && g->tensors[Y].producer == 1 && g->tensors[X].producer == -1, "producers");
  CHECK(g->n_inputs == 1 && g->inputs[0] == X && g->tensors[X].is_input && g->tensors[X].io_index == 0,
        "initializer listed as input is not a graph input");
  CHECK(!g->tensors[W].is_input && g->tensors[W].is_initializer, "W is an initializer");
  CHECK(g->n_outputs == 1 && g->outputs[0] == Y && g->tensors[Y].is_output && g->tensors[Y].io_index == 0,
        "graph output");
  ir_tensor *x = &g->tensors[X];
  CHECK(x->dtype == IR_F32 && x->rank == 2 && x->dims[0] == -1 && x->dims[1] == 3 && x->dim_param[0] &&
        strcmp(x->dim_param[0], "N") == 0 && !x->dim_param[1], "input shape with dim_param");
  ir_tensor *w = &g->tensors[W];
  CHECK(w->dtype == IR_F32 && w->rank == 2 && w->dims[0] == 2 && w->dims[1] == 3 && w->nbytes == 24 &&
        w->data && memcmp(w->data, W_DATA, 24) == 0, "raw_data initializer");
  CHECK(((uintptr_t)w->data % 4) == 0, "raw_data aligned for float (%s)", w->owned ? "copied" : "zero copy");
  ir_tensor *b = &g->tensors[B];
  CHECK(b->dtype == IR_F32 && b->rank == 1 && b->dims[0] == 3 && b->nbytes == 12 && b->owned &&
        memcmp(b->data, B_DATA, 12) == 0, "float_data initializer");
  CHECK(g->tensors[T].dtype == IR_F32 && g->tensors[T].rank == -1, "value_info type without shape => rank -1");
  CHECK(g->tensors[Y].dtype == IR_F32 && g->tensors[Y].rank == 2, "output type");
  ir_attr *al = ir_attr_find(n0, "alpha"), *pe = ir_attr_find(n0, "perm"), *mo = ir_attr_find(n0, "mode"),
          *ax = ir_attr_find(n0, "axes");
  CHECK(al && al->type == IR_ATTR_FLOAT && al->f == 0.25f, "FLOAT attribute");
  CHECK(pe && pe->type == IR_ATTR_INTS && pe->n == 3 && pe->ints[0] == 2 && pe->ints[1] == -1 && pe->ints[2] == 0,
        "packed INTS attribute (negative values)");
  CHECK(ax && ax->n == 2 && ax->ints[0] == 5 && ax->ints[1] == -7, "unpacked INTS attribute");
  CHECK(mo && mo->type == IR_ATTR_STRING && strcmp(mo->s, "edge") == 0 && mo->s_len == 4, "STRING attribute");
  ir_graph_free(g);

  /* Every strict prefix of the file is an error, never a crash. */
  int bad = 0;
  for (size_t k = 0; k < m.n; k++)
    if (import_bytes(m.p, k, &d, &g) != -1 || g || !d.failed) bad++;
  CHECK(bad == 0, "all %zu truncated prefixes fail cleanly", m.n);
  import_bytes(m.p, m.n / 2, &d, NULL);
  CHECK(strstr(d.msg, "truncated field 7 (ModelProto.graph) at byte") != NULL, "truncation message: \"%s\"", d.msg);

  /* Random corruption: must not crash or leak (run under ASan). */
  unsigned seed = 12345;
  int ok = 0;
  for (int it = 0; it < 3000; it++) {
    unsigned char *c = malloc(m.n);
    memcpy(c, m.p, m.n);
    for (int j = 0; j < 1 + it % 4; j++) {
      seed = seed * 1103515245u + 12345u;
      size_t pos = (seed >> 8) % m.n;
      seed = seed * 1103515245u + 12345u;
      c[pos] = (unsigned char)(seed >> 16);
    }
    ok += import_bytes(c, m.n, &d, NULL) == 0;
    free(c);
  }
  CHECK(1, "3000 corrupted models handled (%d still import)", ok);

  /* Allocation failure at every step: an error, never a crash or leak. */
  int clean = 1, steps = 0;
  for (long k = 0; k < 100000; k++, steps++) {
    kiln_alloc_fail_after(k);
    rc = import_bytes(m.p, m.n, &d, &g);
    kiln_alloc_fail_after(-1);
    if (rc == 0) { ir_graph_free(g); break; }
    if (g || !d.failed) clean = 0;
  }
  CHECK(clean && steps > 10, "allocation failure at each of %d allocations fails cleanly", steps);
  free(m.p);
}

static void test_errors(void) {
  msg g = {0}, t = {0}, m = {0};
  kiln_diag d;
  const char *in[] = {"X"}, *out[] = {"Y"};
  int64_t d23[2] = {2, 3};

  /* GraphProto.node as a varint. */
  fint(&g, 1, 5);
  expect_fail(&g, "wrong wire type", "field 1 (GraphProto.node) has wire type 0");

  /* Deprecated group. */
  tag(&g, 13, 3);
  expect_fail(&g, "group wire type", "deprecated group");

  /* Varint overflow (11 continuation bytes). */
  tag(&g, 2, 2);
  put(&g, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11);
  expect_fail(&g, "varint overflow", "overflow");

  /* raw_data shorter than the shape. */
  tensor_dims(&t, "W", IR_F32, 2, d23);
  fbytes(&t, 9, W_DATA, 20);
  fmsg(&g, 5, &t);
  expect_fail(&g, "short raw_data", "initializer 'W': raw_data has 20 bytes, expected 24");

  /* Huge dim with tiny data: an error before any allocation. */
  int64_t huge[1] = {(int64_t)1 << 40};
  tensor_dims(&t, "H", IR_F32, 1, huge);
  fbytes(&t, 9, W_DATA, 4);
  fmsg(&g, 5, &t);
  expect_fail(&g, "huge dim, raw_data", "raw_data has 4 bytes, expected 4398046511104");
  tensor_dims(&t, "H", IR_F32, 1, huge);
  fpacked_floats(&t, 4, W_DATA, 1);
  fmsg(&g, 5, &t);
  expect_fail(&g, "huge dim, float_data", "float_data has 1 values, expected 1099511627776");
  int64_t huge3[3] = {(int64_t)1 << 40, (int64_t)1 << 40, (int64_t)1 << 40};
  tensor_dims(&t, "H", IR_F32, 3, huge3);
  fmsg(&g, 5, &t);
  expect_fail(&g, "overflowing shape", "too large");

  /* Negative dim. */
  int64_t neg[2] = {2, -3};
  tensor_dims(&t, "N", IR_F32, 2, neg);
  fmsg(&g, 5, &t);
  expect_fail(&g, "negative dim", "initializer 'N': has a negative dimension");

  /* Unsupported element type. */
  tensor_dims(&t, "C", 14, 1, d23);
  fmsg(&g, 5, &t);
  expect_fail(&g, "complex dtype", "complex64");

  /* Typed field that does not fit the dtype. */
  tensor_dims(&t, "I", IR_I64, 1, d23);
  fpacked_floats(&t, 4, W_DATA, 2);
  fmsg(&g, 5, &t);
  expect_fail(&g, "float_data for int64", "int64 data is in float_data");

  /* External data escaping the model's folder. */
  tensor_dims(&t, "E", IR_F32, 2, d23);
  {
    msg e = {0};
    fstr(&e, 1, "location"), fstr(&e, 2, "../secret.bin");
    fmsg(&t, 13, &e);
    fint(&t, 14, 1);
  }
  fmsg(&g, 5, &t);
  expect_fail(&g, "external data with ..", "must be a relative path inside the model's folder");
  tensor_dims(&t, "E", IR_F32, 2, d23);
  {
    msg e = {0};
    fstr(&e, 1, "location"), fstr(&e, 2, "/etc/passwd");
    fmsg(&t, 13, &e);
    fint(&t, 14, 1);
  }
  fmsg(&g, 5, &t);
  expect_fail(&g, "external data absolute path", "relative path");

  /* Undefined node input. */
  node(&g, NULL, "Relu", in, 1, out, 1, NULL, 0);
  value_info(&g, 12, "Y", IR_F32, -1, NULL, NULL);
  expect_fail(&g, "undefined input", "node 'Relu_0' (Relu, opset 17): input 'X' is not produced by any node");

  /* Two producers of one name. */
  value_info(&g, 11, "X", IR_F32, -1, NULL, NULL);
  node(&g, "a", "Relu", in, 1, out, 1, NULL, 0);
  node(&g, "b", "Relu", in, 1, out, 1, NULL, 0);
  expect_fail(&g, "duplicate producer", "output 'Y' is also produced by node 'a'");

  /* Domain without an opset import. */
  value_info(&g, 11, "X", IR_F32, -1, NULL, NULL);
  {
    msg n = {0};
    fstr(&n, 1, "X"), fstr(&n, 2, "Y"), fstr(&n, 4, "Foo"), fstr(&n, 7, "com.example");
    fmsg(&g, 1, &n);
  }
  expect_fail(&g, "missing opset", "no opset import for domain 'com.example'");

  /* Function attribute reference. */
  value_info(&g, 11, "X", IR_F32, -1, NULL, NULL);
  {
    msg a = {0};
    fstr(&a, 1, "alpha"), fstr(&a, 21, "outer_alpha"), fint(&a, 20, IR_ATTR_FLOAT);
    node(&g, "r", "LeakyRelu", in, 1, out, 1, &a, 1);
  }
  expect_fail(&g, "ref_attr_name", "references a function attribute, unsupported");

  /* The same attribute twice. */
  value_info(&g, 11, "X", IR_F32, -1, NULL, NULL);
  {
    msg at[3] = {{0}};
    fstr(&at[0], 1, "alpha"), fint(&at[0], 20, IR_ATTR_FLOAT);
    fstr(&at[1], 1, "beta"), fint(&at[1], 20, IR_ATTR_FLOAT);
    fstr(&at[2], 1, "alpha"), fint(&at[2], 20, IR_ATTR_FLOAT);
    node(&g, "r", "LeakyRelu", in, 1, out, 1, at, 3);
  }
  expect_fail(&g, "duplicate attribute", "attribute 'alpha' given twice");

  /* sparse_initializer. */
  fbytes(&g, 15, "", 0);
  expect_fail(&g, "sparse initializer", "sparse");

  /* IR version outside ONNX_IR_VERSION_MIN..MAX. */
  model(&m, ONNX_IR_VERSION_MAX + 1, &g, 17);
  import_bytes(m.p, m.n, &d, NULL);
  CHECK(d.failed && strstr(d.msg, "IR version 15 is unsupported"), "ir_version 15: \"%s\"", d.msg);
  free(m.p);
  CHECK(strncmp(d.msg, tmp("m.onnx"), strlen(tmp("m.onnx"))) == 0, "messages start with the file name");
}

static void test_subgraph(void) {
  msg g = {0}, then = {0}, els = {0}, a[2] = {{0}}, m = {0};
  kiln_diag d;
  ir_graph *G;
  const char *cin[] = {"C"}, *out[] = {"Y"}, *xin[] = {"X"}, *tin[] = {"X", "Z"}, *tout[] = {"A"},
             *eout[] = {"Bv"};
  /* then: A = Add(X, Z) with X from the outer graph, Z missing everywhere. */
  node(&then, NULL, "Neg", xin, 1, tout, 1, NULL, 0);
  value_info(&then, 12, "A", IR_F32, -1, NULL, NULL);
  node(&els, NULL, "Abs", xin, 1, eout, 1, NULL, 0);
  value_info(&els, 12, "Bv", IR_F32, -1, NULL, NULL);
  fstr(&a[0], 1, "then_branch"), fint(&a[0], 20, IR_ATTR_GRAPH), fmsg(&a[0], 6, &then);
  fstr(&a[1], 1, "else_branch"), fint(&a[1], 20, IR_ATTR_GRAPH), fmsg(&a[1], 6, &els);
  value_info(&g, 11, "C", IR_BOOL, 0, NULL, NULL);
  value_info(&g, 11, "X", IR_F32, -1, NULL, NULL);
  node(&g, "if", "If", cin, 1, out, 1, a, 2);
  value_info(&g, 12, "Y", IR_F32, -1, NULL, NULL);
  model(&m, 8, &g, 17);
  int rc = import_bytes(m.p, m.n, &d, &G);
  CHECK(rc == 0, "If with subgraphs imports (%s)", d.msg);
  free(m.p);
  if (rc == 0) {
    ir_attr *tb = ir_attr_find(&G->nodes[0], "then_branch");
    ir_graph *s = tb ? tb->g : NULL;
    int x = s ? ir_find_tensor(s, "X") : -1;
    CHECK(s && s->parent == G && s->n_nodes == 1 && x >= 0 && s->tensors[x].producer == -1 &&
          !s->tensors[x].data && !s->tensors[x].is_input && s->nodes[0].inputs[0] == x && s->nodes[0].opset == 17,
          "subgraph refers to the outer-scope X");
    CHECK(G->tensors[ir_find_tensor(G, "C")].rank == 0 && G->tensors[ir_find_tensor(G, "C")].dtype == IR_BOOL,
          "scalar bool input");
    ir_graph_free(G);
  }
  /* A name defined nowhere is an error inside a subgraph too. */
  memset(&then, 0, sizeof then);
  node(&then, NULL, "Add", tin, 2, tout, 1, NULL, 0);
  value_info(&then, 12, "A", IR_F32, -1, NULL, NULL);
  memset(a, 0, sizeof a);
  fstr(&a[0], 1, "then_branch"), fint(&a[0], 20, IR_ATTR_GRAPH), fmsg(&a[0], 6, &then);
  value_info(&g, 11, "C", IR_BOOL, 0, NULL, NULL);
  value_info(&g, 11, "X", IR_F32, -1, NULL, NULL);
  node(&g, "if", "If", cin, 1, out, 1, a, 1);
  value_info(&g, 12, "Y", IR_F32, -1, NULL, NULL);
  expect_fail(&g, "undefined name in subgraph", "node 'Add_0' (Add, opset 17): input 'Z' is not produced");
}

/* Typed repeated fields: int32_data carries narrow types (sign-extended
 * varints, float16 bit patterns), uint64_data, double_data, int64_data. */
static void test_typed(void) {
  msg g = {0}, t = {0}, m = {0}, p = {0};
  kiln_diag d;
  ir_graph *G;
  int64_t d3[1] = {3}, d1[1] = {1};
  const char *in[] = {"A"}, *out[] = {"Y"};
  tensor_dims(&t, "i8", IR_I8, 1, d3);
  int64_t i8v[3] = {-1, 127, -128};
  fpacked_ints(&t, 5, i8v, 3);
  fmsg(&g, 5, &t);
  tensor_dims(&t, "f16", IR_F16, 1, d1);
  fint(&t, 5, 0x3c00); /* 1.0 */
  fmsg(&g, 5, &t);
  tensor_dims(&t, "u64", IR_U64, 1, d1);
  fint(&t, 11, -1); /* 2^64-1 */
  fmsg(&g, 5, &t);
  tensor_dims(&t, "b", IR_BOOL, 1, d3);
  int64_t bv[3] = {0, 1, 2};
  fpacked_ints(&t, 5, bv, 3);
  fmsg(&g, 5, &t);
  tensor_dims(&t, "f64", IR_F64, 1, d1);
  double dv = -2.5;
  unsigned char db[8];
  memcpy(db, &dv, 8);
  fbytes(&p, 10, db, 8); /* packed double_data with one element */
  put(&t, p.p, p.n), free(p.p);
  fmsg(&g, 5, &t);
  tensor_dims(&t, "i64", IR_I64, 1, d3);
  fint(&t, 7, -5), fint(&t, 7, 1LL << 40), fint(&t, 7, 0); /* unpacked */
  fmsg(&g, 5, &t);
  value_info(&g, 11, "A", IR_F32, -1, NULL, NULL);
  node(&g, NULL, "Relu", in, 1, out, 1, NULL, 0);
  value_info(&g, 12, "Y", IR_F32, -1, NULL, NULL);
  model(&m, 8, &g, 17);
  int rc = import_bytes(m.p, m.n, &d, &G);
  free(m.p);
  CHECK(rc == 0, "typed initializers import (%s)", d.msg);
  if (rc) return;
  const ir_tensor *x;
  x = &G->tensors[find(G, "i8")];
  CHECK(x->nbytes == 3 && ((const int8_t *)x->data)[0] == -1 && ((const int8_t *)x->data)[1] == 127 &&
        ((const int8_t *)x->data)[2] == -128, "int8 from int32_data");
  x = &G->tensors[find(G, "f16")];
  CHECK(x->nbytes == 2 && ((const uint16_t *)x->data)[0] == 0x3c00 && ir_get_f64(x, 0) == 1.0, "float16 bits from int32_data");
  x = &G->tensors[find(G, "u64")];
  CHECK(x->nbytes == 8 && ((const uint64_t *)x->data)[0] == UINT64_MAX, "uint64 from uint64_data");
  x = &G->tensors[find(G, "b")];
  CHECK(x->nbytes == 3 && !memcmp(x->data, "\0\1\1", 3), "bool from int32_data");
  x = &G->tensors[find(G, "f64")];
  CHECK(x->nbytes == 8 && ((const double *)x->data)[0] == -2.5, "float64 from double_data");
  x = &G->tensors[find(G, "i64")];
  CHECK(x->nbytes == 24 && ((const int64_t *)x->data)[0] == -5 && ((const int64_t *)x->data)[1] == 1LL << 40,
        "int64 from unpacked int64_data");
  ir_graph_free(G);
}

/* An empty input/output name is an omitted optional one: index -1. */
static void test_optional(void) {
  msg g = {0}, m = {0};
  kiln_diag d;
  ir_graph *G;
  const char *in[] = {"X", "", "H"}, *out[] = {"Y", ""};
  value_info(&g, 11, "X", IR_F32, -1, NULL, NULL);
  value_info(&g, 11, "H", IR_F32, -1, NULL, NULL);
  node(&g, "c", "Clip", in, 3, out, 2, NULL, 0);
  value_info(&g, 12, "Y", IR_F32, -1, NULL, NULL);
  model(&m, 8, &g, 17);
  int rc = import_bytes(m.p, m.n, &d, &G);
  free(m.p);
  CHECK(rc == 0 && G->nodes[0].n_inputs == 3 && G->nodes[0].inputs[1] == -1 && G->nodes[0].inputs[2] >= 0 &&
        G->nodes[0].n_outputs == 2 && G->nodes[0].outputs[1] == -1 && !ir_has_in(&G->nodes[0], 1),
        "omitted optional input/output (%s)", d.msg);
  if (rc == 0) ir_graph_free(G);
}

static void test_external(void) {
  msg g = {0}, t = {0}, e = {0}, m = {0};
  kiln_diag d;
  ir_graph *G;
  int64_t d23[2] = {2, 3};
  unsigned char blob[64 + 24];
  memset(blob, 0x7f, 64);
  memcpy(blob + 64, W_DATA, 24);
  write_file(tmp("w.bin"), blob, sizeof blob);
  const char *in[] = {"W"}, *out[] = {"Y"};
  for (int pass = 0; pass < 2; pass++) {
    tensor_dims(&t, "W", IR_F32, 2, d23);
    fstr(&e, 1, "location"), fstr(&e, 2, "w.bin"), fmsg(&t, 13, &e);
    fstr(&e, 1, "offset"), fstr(&e, 2, pass ? "72" : "64"), fmsg(&t, 13, &e);
    fstr(&e, 1, "length"), fstr(&e, 2, "24"), fmsg(&t, 13, &e);
    fint(&t, 14, 1);
    fmsg(&g, 5, &t);
    node(&g, NULL, "Relu", in, 1, out, 1, NULL, 0);
    value_info(&g, 12, "Y", IR_F32, -1, NULL, NULL);
    if (pass == 1) {
      expect_fail(&g, "external data file too short", "too short");
      break;
    }
    model(&m, 8, &g, 17);
    int rc = import_bytes(m.p, m.n, &d, &G);
    free(m.p);
    int w = rc == 0 ? ir_find_tensor(G, "W") : -1;
    CHECK(w >= 0 && G->tensors[w].nbytes == 24 && memcmp(G->tensors[w].data, W_DATA, 24) == 0,
          "external data read (%s)", d.msg);
    if (rc == 0) ir_graph_free(G);
  }
  unlink(tmp("w.bin"));
}

static void test_tensor_files(void) {
  kiln_diag d = {0};
  ir_tensor t = {0}, r = {0};
  static const int64_t I64[4] = {-1, 0, 1LL << 40, 7};
  const char *names[] = {"t.npy", "t.pb"};
  for (int f = 0; f < 2; f++) {
    for (int k = 0; k < 2; k++) {
      memset(&t, 0, sizeof t);
      t.name = "the_tensor";
      if (k == 0) {
        int64_t dims[2] = {2, 3};
        ir_set_shape(&t, IR_F32, 2, dims);
        t.data = W_DATA, t.nbytes = 24;
      } else {
        int64_t dims[1] = {4};
        ir_set_shape(&t, IR_I64, 1, dims);
        t.data = I64, t.nbytes = 32;
      }
      memset(&d, 0, sizeof d);
      int rc = tensor_file_write(&d, tmp(names[f]), &t);
      CHECK(rc == 0, "write %s %s (%s)", ir_dtype_name(t.dtype), names[f], d.msg);
      rc = tensor_file_read(&d, tmp(names[f]), &r);
      CHECK(rc == 0 && r.dtype == t.dtype && r.rank == t.rank && r.dims[0] == t.dims[0] &&
            (t.rank < 2 || r.dims[1] == t.dims[1]) && r.nbytes == t.nbytes && r.data == r.owned &&
            memcmp(r.data, t.data, t.nbytes) == 0 && (f == 0 || (r.name && strcmp(r.name, "the_tensor") == 0)),
            "round trip %s %s (%s)", ir_dtype_name(t.dtype), names[f], d.msg);
      free(r.owned);
      free(r.name);
      memset(&r, 0, sizeof r);
    }
  }
  /* The .npy header is padded to 64 bytes, as numpy does. */
  size_t len;
  unsigned char *raw = kiln_read_file(tmp("t.npy"), &len);
  size_t hl = raw && len > 10 ? (size_t)raw[8] | (size_t)raw[9] << 8 : 0;
  CHECK(raw && raw[6] == 1 && (10 + hl) % 64 == 0 && raw[10 + hl - 1] == '\n' && len == 10 + hl + 32,
        ".npy layout: header padded to 64 bytes");
  free(raw);

  static const char *bad[] = {
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, }",
    "{'descr': '<f4', 'fortran_order': False}",
    "{'descr': '<f4', 'fortran_order': Nope, 'shape': (2,), }",
    "{'descr': '<f4' 'fortran_order': False, 'shape': (2,), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}",
    "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }",
    "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
    "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }",
  };
  static const char *want[] = {"malformed", "malformed", "malformed", "malformed", "malformed", "Fortran",
                               "big-endian", "unsupported", "expected 12", "malformed"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    msg m = {0};
    size_t bl = strlen(bad[i]);
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)bl, (unsigned char)(bl >> 8)};
    put(&m, pre, 10), put(&m, bad[i], bl), put(&m, W_DATA, 8);
    write_file(tmp("bad.npy"), m.p, m.n);
    free(m.p);
    memset(&d, 0, sizeof d);
    int rc = tensor_file_read(&d, tmp("bad.npy"), &r);
    CHECK(rc == -1 && !r.owned && strstr(d.msg, want[i]), "bad .npy %zu: \"%s\"", i, d.msg);
  }
  write_file(tmp("bad.npy"), "\x93NUMPY\x01\x00\xff\x00{", 11);
  memset(&d, 0, sizeof d);
  CHECK(tensor_file_read(&d, tmp("bad.npy"), &r) == -1 && strstr(d.msg, "truncated"), "truncated .npy: \"%s\"", d.msg);
  memset(&d, 0, sizeof d);
  CHECK(tensor_file_read(&d, tmp("t.txt"), &r) == -1 && strstr(d.msg, ".npy or .pb"), "unknown extension");
  /* Every prefix of a valid .pb tensor either fails or is a shorter valid
   * message; none crashes. */
  raw = kiln_read_file(tmp("t.pb"), &len);
  int full = 0;
  for (size_t k = 0; raw && k < len; k++) {
    write_file(tmp("p.pb"), raw, k);
    memset(&d, 0, sizeof d);
    if (tensor_file_read(&d, tmp("p.pb"), &r) == 0) full += r.nbytes == 32; /* all the data can't be there */
    free(r.owned), free(r.name), memset(&r, 0, sizeof r);
  }
  CHECK(raw && full == 0, ".pb prefixes handled");
  free(raw);
  unlink(tmp("t.npy")), unlink(tmp("t.pb")), unlink(tmp("p.pb")), unlink(tmp("bad.npy"));
}

static void test_pb(void) {
  kiln_diag d = {0};
  pb_reader r;
  pb_field f;
  /* field 1 varint 2^64-1 (10 bytes), field 2 fixed64, field 3 fixed32. */
  static const unsigned char buf[] = {0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
                                      0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1d, 1, 2, 3, 4};
  pb_init(&r, buf, sizeof buf, NULL);
  int ok = pb_next(&d, &r, &f) == 1 && f.num == 1 && f.wire == PB_VARINT && f.u == UINT64_MAX;
  ok = ok && pb_next(&d, &r, &f) == 1 && f.num == 2 && f.u == 0x0807060504030201ull;
  ok = ok && pb_next(&d, &r, &f) == 1 && f.num == 3 && f.u == 0x04030201u && pb_next(&d, &r, &f) == 0;
  CHECK(ok && !d.failed, "pb: varint max, fixed64, fixed32");
  static const unsigned char ovf[] = {0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
  pb_init(&r, ovf, sizeof ovf, NULL);
  CHECK(pb_next(&d, &r, &f) == -1 && strstr(d.msg, "overflow"), "pb: 10th byte > 1 overflows");
  memset(&d, 0, sizeof d);
  static const unsigned char zero[] = {0x00, 0x01};
  pb_init(&r, zero, sizeof zero, NULL);
  CHECK(pb_next(&d, &r, &f) == -1 && strstr(d.msg, "invalid tag"), "pb: field number 0");
  memset(&d, 0, sizeof d);
  static const unsigned char w7[] = {0x0f};
  pb_init(&r, w7, sizeof w7, NULL);
  CHECK(pb_next(&d, &r, &f) == -1 && strstr(d.msg, "wire type 7"), "pb: wire type 7");
  memset(&d, 0, sizeof d);
  static const unsigned char pk[] = {0x0a, 0x04, 0x01, 0x96, 0x01, 0x7f};
  pb_init(&r, pk, sizeof pk, NULL);
  pb_iter it;
  size_t n;
  uint64_t v[3] = {0};
  ok = pb_next(&d, &r, &f) == 1 && pb_iter_init(&d, &r, &f, PB_VARINT, &it, &n) == 0 && n == 3;
  for (int i = 0; ok && i < 3; i++) ok = pb_iter_next(&d, &it, &v[i]) == 1;
  CHECK(ok && v[0] == 1 && v[1] == 150 && v[2] == 127 && pb_iter_next(&d, &it, &v[0]) == 0, "pb: packed varints");
  static const unsigned char pk2[] = {0x0a, 0x02, 0x01, 0x96};
  pb_init(&r, pk2, sizeof pk2, NULL);
  CHECK(pb_next(&d, &r, &f) == 1 && pb_iter_init(&d, &r, &f, PB_VARINT, &it, &n) == -1 && strstr(d.msg, "truncated"),
        "pb: truncated packed varint");
  memset(&d, 0, sizeof d);
  static const unsigned char pk3[] = {0x0a, 0x03, 0, 0, 0};
  pb_init(&r, pk3, sizeof pk3, NULL);
  CHECK(pb_next(&d, &r, &f) == 1 && pb_iter_init(&d, &r, &f, PB_I32, &it, &n) == -1, "pb: packed fixed32 length");
}

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/kiln_test_onnx_XXXXXX");
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 2;
  }
  test_pb();
  test_good();
  test_errors();
  test_subgraph();
  test_typed();
  test_optional();
  test_external();
  test_tensor_files();
  unlink(tmp("m.onnx"));
  rmdir(tmpdir);
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail != 0;
}
