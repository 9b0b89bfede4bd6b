/* op_test_g.h - the one-graph-at-a-time layer of the op tests that build
 * many small nodes into one graph G (test_ops_data.c, test_ops_index.c):
 * node "<Op>_<index>", constants, VEC(...), run + expect helpers. Built on
 * op_test.h; everything here is static (one copy per test program). */
#ifndef KILN_OP_TEST_G_H
#define KILN_OP_TEST_G_H

#include "op_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define L OT_I64
#define NL OT_NI64
#define IDS OT_IDS
#define NIDS OT_NIDS

static ir_graph *G;
static kiln_diag D;

static inline void begin(void) {
  ir_graph_free(G);
  G = ir_graph_new();
  if (!G) { fprintf(stderr, "out of memory\n"); exit(2); }
}

/* A non-constant tensor with a known shape. */
static inline int tensor(const char *name, ir_dtype dt, int rank, const int64_t *dims) {
  return ot_tensor(G, name, dt, rank, dims, NULL);
}

/* A constant tensor; data holds numel values of the dtype's C type. */
static inline int constant(const char *name, ir_dtype dt, int rank, const int64_t *dims, const void *data) {
  return ot_tensor(G, name, dt, rank, dims, data);
}

static inline int c_i64(const char *name, int rank, const int64_t *dims, const int64_t *v) {
  return constant(name, IR_I64, rank, dims, v);
}

/* 1-D int64 constant. */
#define VEC(name, ...) c_i64(name, 1, L(NL(__VA_ARGS__)), L(__VA_ARGS__))

/* A constant float32 tensor holding 0, 1, 2, ... */
static inline int iota_f32(const char *name, int rank, const int64_t *dims) {
  int t = tensor(name, IR_F32, rank, dims);
  float *p = ir_alloc_data(&G->tensors[t]);
  for (int64_t i = 0; i < ir_numel(&G->tensors[t]); i++) p[i] = (float)i;
  return t;
}

/* Node "<Op>_<index>" with outputs "<Op>_<index>_out<i>". */
static inline int node(const char *op, int opset, int n_in, const int *in, int n_out) {
  char name[32];
  snprintf(name, sizeof name, "%s_%d", op, G->n_nodes);
  return ot_node(G, name, op, opset, n_in, in, n_out, NULL);
}

static inline ir_attr *attr(int nd, const char *name, ir_attr_type type) {
  return ot_attr(&G->nodes[nd], name, type);
}
static inline void a_int(int nd, const char *name, int64_t v) { ot_attr_int(&G->nodes[nd], name, v); }
static inline void a_float(int nd, const char *name, float v) { ot_attr_float(&G->nodes[nd], name, v); }
static inline void a_str(int nd, const char *name, const char *s) { ot_attr_str(&G->nodes[nd], name, s); }
static inline void a_ints(int nd, const char *name, int k, const int64_t *v) {
  ot_attr_ints(&G->nodes[nd], name, k, v);
}
#define A_INTS(nd, name, ...) a_ints(nd, name, NL(__VA_ARGS__), L(__VA_ARGS__))
static inline void a_floats(int nd, const char *name, int k, const float *v) {
  ot_attr_floats(&G->nodes[nd], name, k, v);
}
static inline void a_tensor(int nd, const char *name, ir_dtype dt, int rank, const int64_t *dims,
                     const void *data) {
  ot_attr_tensor(&G->nodes[nd], name, dt, rank, dims, data);
}

static inline ir_tensor *out(int nd, int i) { return ir_out(G, &G->nodes[nd], i); }

#define shape_is ot_shape_is
/* shape text; four calls' results stay valid at once */
static inline const char *shp(const ir_tensor *t) {
  static char buf[4][128];
  static int k;
  k = (k + 1) % 4;
  return ir_shape_str(t, buf[k], sizeof buf[k]);
}

/* infer, then eval if every present input is constant. 0 / -1 (D.msg). */
static inline int run(const op_def *op, int nd) { return ot_run(op, G, nd, &D, "test.onnx"); }

/* Runs op on node nd and checks success, output i's dtype/shape. */
static inline int expect_shape(const char *name, const op_def *op, int nd, int i, ir_dtype dt, int rank,
                        const int64_t *dims) {
  if (run(op, nd) < 0) {
    ot_check(0, name, "unexpected error: %s", D.msg);
    return 0;
  }
  return ot_expect_shape(name, out(nd, i), dt, rank, dims);
}
#define EXPECT_SHAPE(name, op, nd, i, dt, ...) \
  expect_shape(name, op, nd, i, dt, NL(__VA_ARGS__), L(__VA_ARGS__))
#define SCALAR_SHAPE(name, op, nd, i, dt) expect_shape(name, op, nd, i, dt, 0, NULL)

static inline void expect_fail(const char *name, const op_def *op, int nd, const char *text) {
  ot_expect_error(name, run(op, nd), &D, text);
}

/* Compares output data with expected values (as doubles; exact). */
#define expect_data ot_expect_data
#define D_(...) ((const double[]){__VA_ARGS__})
#define ND(...) ((int64_t)(sizeof((const double[]){__VA_ARGS__}) / sizeof(double)))
#define EXPECT_DATA(name, t, ...) expect_data(name, t, ND(__VA_ARGS__), D_(__VA_ARGS__))

/* Compares output bytes with a buffer computed by a naive loop. */
#define expect_bytes ot_expect_bytes

/* Package check of node nd (after run): its emitted code, compiled as
 * package code and run, must reproduce eval's outputs byte for byte. */
static inline void package_check(const char *name, const op_def *op, int nd) {
  ot_pkg_check(name, op, G, nd, 0);
}

static inline const char *str(const kiln_buf *b) { return ot_str(b); }
static inline void emit_begin(emit_ctx *e) { ot_emit_begin(e, G); }
static inline void emit_end(emit_ctx *e) { ot_emit_end(e); }

#endif
