/* op_test_ew.h - the graph-per-case layer of the elementwise-style op tests
 * (test_ops_elementwise.c, test_ops_math2.c): shapes as text ("2x3", ""
 * scalar, "?" unknown), nodes "n" with one output "y", attributes by node
 * index. Built on op_test.h; everything here is static inline. */
#ifndef KILN_OP_TEST_EW_H
#define KILN_OP_TEST_EW_H

#include "op_test.h"

#include <stdarg.h>

/* Adds a tensor; data (may be NULL) is copied: the tensor becomes a constant. */
static inline int tensor(ir_graph *g, const char *name, ir_dtype dt, const char *shape,
                         const void *data) {
  return ot_tensor_str(g, name, dt, shape, data);
}

/* Adds a node OP (opset) with the given input tensor ids (-1 = omitted) and
 * one new output tensor "y". Returns the node index. */
static inline int node(ir_graph *g, const char *op, int opset, int n_in, ...) {
  int in[16];
  va_list ap;
  va_start(ap, n_in);
  for (int i = 0; i < n_in && i < 16; i++) in[i] = va_arg(ap, int);
  va_end(ap);
  int y = ir_add_tensor(g, "y");
  return ot_node(g, "n", op, opset, n_in < 16 ? n_in : 16, in, 1, &y);
}

static inline void attr_f(ir_graph *g, int ni, const char *name, float v) {
  ot_attr_float(&g->nodes[ni], name, v);
}
static inline void attr_i(ir_graph *g, int ni, const char *name, int64_t v) {
  ot_attr_int(&g->nodes[ni], name, v);
}
static inline void attr_s(ir_graph *g, int ni, const char *name, const char *v) {
  ot_attr_str(&g->nodes[ni], name, v);
}

static inline ir_tensor *out_of(ir_graph *g, int ni) { return &g->tensors[g->nodes[ni].outputs[0]]; }

#define expect_ints ot_expect_ints

#endif
