/* lower.h - the toolkit control-flow and sequence ops use to lower
 * themselves at compile time (lower_control.c; the ops: src/ops/control.c,
 * src/ops/sequence.c).
 *
 * A lowering appends plain nodes at the end of g->nodes, runs inference and
 * folding on them (lower_run) whenever it needs their results (a Loop's
 * condition), and finally lower_finish() kills node k and moves everything
 * appended since `first` right after it. Node pointers go stale whenever a
 * node is added: keep indices.
 */
#ifndef KILN_LOWER_H
#define KILN_LOWER_H

#include "../ir/ir.h"

/* Unrolled or inlined nodes one lowering may create: a bound on compile
 * time and code size for Loop/Scan unrolling. */
#define LOWER_MAX_NODES 20000

typedef struct lower_state {
  int k;      /* the node being lowered */
  int first;  /* first node appended by this lowering */
  int todo;   /* first appended node not yet inferred */
} lower_state;

void lower_begin(ir_graph *g, int k, lower_state *s);
/* Infers and folds (and lowers, recursively) the nodes appended since the
 * last call. */
int lower_run(kiln_diag *d, ir_graph *g, lower_state *s);
/* Finishes: runs what is left, kills node k, places the new nodes. */
int lower_finish(kiln_diag *d, ir_graph *g, lower_state *s, int *added);

/* Number of node k's inputs that are its own (the rest capture outer-scope
 * values its subgraphs use, see lower_control.c). */
int lower_n_inputs(const ir_node *n);

/* Appends a copy of subgraph `sub` of node k, its inputs bound to the
 * tensors ins[0..n_ins) (n_ins must equal sub->n_inputs), and infers it.
 * outs[i] receives the tensor holding sub's output i. `tag` names the copy
 * ("then", "iter3"). */
int lower_inline(kiln_diag *d, ir_graph *g, lower_state *s, ir_graph *sub, const int *ins, int n_ins,
                 int *outs, const char *tag);

/* Appends node `op` (default domain, opset `opset`) with inputs ins and n_out
 * new output tensors (ids to outs). Returns the node index or -1. */
int lower_add_node(kiln_diag *d, ir_graph *g, lower_state *s, const char *op, int opset, const int *ins,
                   int n_in, int n_out, int *outs);
int lower_attr_int(kiln_diag *d, ir_graph *g, int node, const char *name, int64_t v);
/* A new constant int64 tensor (rank 0 or 1 with n values). */
int lower_const_i64(kiln_diag *d, ir_graph *g, lower_state *s, int rank, const int64_t *v, int n);
int lower_const_bool(kiln_diag *d, ir_graph *g, lower_state *s, int v);
/* Tensor y takes src's value: a sequence or absent optional is copied, a
 * tensor flows through an Identity node (a view: no copy at run time). */
int lower_connect(kiln_diag *d, ir_graph *g, lower_state *s, int y, int src);
/* Makes y the sequence elems[0..n) of element dtype dt. */
int lower_set_seq(kiln_diag *d, ir_graph *g, int y, const int *elems, int n, ir_dtype dt);
/* Stacks tensors xs[0..n) (same dtype and shape) along a new axis `axis`:
 * Unsqueeze + Concat nodes. *out receives the result. */
int lower_stack(kiln_diag *d, ir_graph *g, lower_state *s, const int *xs, int n, int axis, int *out);
/* "a sequence", "an absent optional", "a tensor" */
const char *lower_kind_name(const ir_tensor *t);

#endif
