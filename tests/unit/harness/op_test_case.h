/* op_test_case.h - the one-node-per-case layer of the op tests
 * (test_ops_compute.c, resize, norm, attention): a tcase holds a graph and
 * its node "node0"; inputs flagged RT are run-time inputs (hidden from
 * infer and emit, fed to the package program). Built on op_test.h;
 * everything here is static inline (one copy per test program). */
#ifndef KILN_OP_TEST_CASE_H
#define KILN_OP_TEST_CASE_H

#include "op_test.h"

#include <string.h>

#define RT OT_RT /* flag on a tensor id: "run-time input" for the package check */
typedef ot_case tcase;

#define INTS(...) ((const int64_t[]){__VA_ARGS__})
#define FLTS(...) ((const float[]){__VA_ARGS__})
#define NI(...) (int)(sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t)), INTS(__VA_ARGS__)
#define IDS(...) ((const int[]){__VA_ARGS__})
#define NIDS(...) (int)(sizeof((const int[]){__VA_ARGS__}) / sizeof(int)), IDS(__VA_ARGS__)
#define INS NIDS

static inline tcase tc_new(void) { return ot_case_new(NULL); }
static inline void tc_free(tcase *t) { ir_graph_free(t->g); }
static inline ir_node *N(tcase *t) { return &t->g->nodes[t->node]; }

/* Adds a tensor; with data (copied) it is constant. Returns its index. */
static inline int tensor(tcase *t, const char *name, ir_dtype dt, int rank, const int64_t *dims,
                         const void *data) {
  return ot_tensor(t->g, name, dt, rank, dims, data);
}
static inline int output(tcase *t, const char *name) { return ir_add_tensor(t->g, name); }

static inline void attr_i(tcase *t, const char *name, int64_t v) { ot_attr_int(N(t), name, v); }
static inline void attr_f(tcase *t, const char *name, float v) { ot_attr_float(N(t), name, v); }
static inline void attr_s(tcase *t, const char *name, const char *v) { ot_attr_str(N(t), name, v); }
static inline void attr_ints(tcase *t, const char *name, int cnt, const int64_t *v) {
  ot_attr_ints(N(t), name, cnt, v);
}
static inline void attr_floats(tcase *t, const char *name, int cnt, const float *v) {
  ot_attr_floats(N(t), name, cnt, v);
}

#define pass ot_pass
#define fail ot_fail

#endif
