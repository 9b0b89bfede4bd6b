/* passes.h - graph passes, one per file, run in this order by the driver:
 *   pass_infer     resolve ops, check attributes, infer shapes, fold constants
 *   pass_gradient  expand Gradient nodes (then pass_infer again), if any
 *   pass_dce       drop nodes whose outputs nobody reads
 *   pass_fuse_bn   fold BatchNormalization into the preceding Conv/Gemm weights
 *   pass_fuse_add  fold a residual Add into the producer's epilogue
 *   pass_fuse_silu fold Mul(x, Sigmoid(x)) into x's producer's epilogue
 *   pass_fuse_act  fold an activation into the producer's epilogue
 *   pass_views     make Reshape/Flatten/Squeeze/Unsqueeze/Identity/Dropout views
 *   pass_inplace   let elementwise ops write over a dying input
 * Each returns 0 or -1 with a message in d.
 */
#ifndef KILN_PASSES_H
#define KILN_PASSES_H

#include "../ir/ir.h"

/* A --shape binding: NAME=1x3x224x224 (whole input) or NAME.K=V (one dim)
 * or a symbolic dim_param name SYM=V. */
typedef struct pass_shape_binding {
  const char *name;
  int rank;
  int64_t dims[IR_MAX_RANK];
  int used;
} pass_shape_binding;

/* Folding a huge tensor would bloat the weights blob (e.g. Expand of a
 * scalar to 1x1000x1000): bigger results are computed at run time. */
#define PASS_FOLD_MAX_BYTES ((int64_t)64 << 20)

int pass_infer(kiln_diag *d, ir_graph *g, pass_shape_binding *b, int nb);
/* pass_infer's per-node work (resolve, lower, infer, fold) on nodes [from, n_nodes). */
int pass_infer_nodes(kiln_diag *d, ir_graph *g, int from);

/* lower_control.c: If/Loop/Scan and sequence/optional values, lowered at
 * compile time into plain tensor nodes (see the comment at its top). */
/* Node k has a sequence or absent-optional input. */
int pass_has_value_input(const ir_graph *g, const ir_node *n);
/* Lowers node k (its def->lower, or Identity of a sequence/optional): the
 * node dies, its replacement nodes are inferred and put right after it;
 * *added is their count. */
int pass_lower_node(kiln_diag *d, ir_graph *g, int k, int *added);
/* Replaces sequence/optional graph outputs by their element tensors and
 * keeps the declared outputs in g->decl_outputs. */
int pass_lower_outputs(kiln_diag *d, ir_graph *g);
/* Binds a graph input of sequence/optional type to the value given for it
 * (kiln run's input file): `present` (0 = absent optional) and n element
 * tensors (dtype and shape used). The input is replaced in g->inputs by n
 * new tensor inputs named NAME.0, NAME.1, ...; their ids go to new_ids. */
int pass_bind_value_input(kiln_diag *d, ir_graph *g, int tid, int present, const ir_tensor *elems, int n,
                          int *new_ids);
/* Folds one node whose inputs are all constant (called by pass_infer). */
int pass_fold_node(kiln_diag *d, ir_graph *g, ir_node *n, int *folded);
int pass_dce(kiln_diag *d, ir_graph *g);
int pass_fuse_bn(kiln_diag *d, ir_graph *g);
int pass_fuse_add(kiln_diag *d, ir_graph *g);
int pass_fuse_silu(kiln_diag *d, ir_graph *g);
int pass_fuse_act(kiln_diag *d, ir_graph *g);
int pass_views(kiln_diag *d, ir_graph *g);
int pass_inplace(kiln_diag *d, ir_graph *g);
/* Expands ai.onnx.preview.training Gradient nodes (after pass_infer);
 * returns how many, or -1. */
int pass_gradient(kiln_diag *d, ir_graph *g);

/* Expands node k through its op's expand hook (op.h), called by pass_infer:
 * the nodes it appends move to positions k + 1 .. and node k dies. */
int pass_expand_node(kiln_diag *d, ir_graph *g, int k);

/* Runs all of the above in order. */
int pass_run_all(kiln_diag *d, ir_graph *g, pass_shape_binding *b, int nb);

/* Appends text to n->fused ("BN+Relu"). */
void pass_note_fused(ir_node *n, const char *what);
/* Single consumer node of tensor t among live nodes, or -1. */
int pass_sole_consumer(const ir_graph *g, int t);

#endif
