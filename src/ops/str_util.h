/* str_util.h - helpers for operators on string tensors (defined in
 * string.c; used by string.c, regex.c and ml.c). */
#ifndef KILN_OPS_STR_UTIL_H
#define KILN_OPS_STR_UTIL_H

#include "op.h"
#include "../emit/emit.h"
#include "../plan/plan.h"

/* Input idx must be a string tensor. */
int str_check(kiln_diag *d, const ir_node *n, const ir_tensor *t, int idx);
/* Writes `static const char *const NAME[n] = {"...", ...};` to the declarations. */
int str_emit_array(emit_ctx *e, const char *name, const char *const *v, int64_t n);
/* A `const char *const *` expression for string tensor t, input `slot` of
 * n: a static literal array for constants, else its storage. NULL on error. */
const char *str_in_ref(emit_ctx *e, ir_graph *g, const ir_node *n, int t, int slot, char *buf, size_t size);
/* A `const char **` expression for string tensor t's storage. */
const char *str_out_ref(emit_ctx *e, int t, char *buf, size_t size);
/* The string pool's expression and size for node n (an OP_STRINGS op);
 * emits the pool reset before the run's first string-making node. */
int str_pool(emit_ctx *e, ir_graph *g, const ir_node *n, char *buf, size_t size, int64_t *cap);
/* Makes y constant with copies of v[0 .. numel(y)). */
int str_set(kiln_diag *d, const ir_node *n, ir_tensor *y, const char *const *v);
/* Dim `axis` of y's declared shape (rank `rank`), for sizes that depend on
 * the data; an error saying so (why) if the model does not declare it. */
int str_declared_dim(kiln_diag *d, const ir_node *n, const ir_tensor *y, int rank, int axis,
                     const char *why, int64_t *v);

/* Equal on strings (binary.c delegates). */
int str_equal_infer(kiln_diag *d, ir_graph *g, ir_node *n);
int str_equal_eval(kiln_diag *d, ir_graph *g, ir_node *n);
int str_equal_emit(emit_ctx *e, ir_graph *g, ir_node *n);

/* RegexFullMatch's engine, for unit tests (regex.c): compiles pattern and
 * fully matches s: 1 / 0, or -1 with the compile error in err. */
int kiln_regex_test_match(const char *pattern, const char *s, char *err, size_t err_size);

#endif
