/* passes.h - graph passes, one per file, run in this order by the driver:
 *   pass_infer     resolve ops, check attributes, infer shapes, fold constants
 *   pass_gradient  expand Gradient nodes (then pass_infer again), if any
 *   pass_dce       drop nodes whose outputs nobody reads
 *   pass_fuse_bn   fold BatchNormalization into the preceding Conv/Gemm weights
 *   pass_fuse_add  fold a residual Add into the producer's epilogue
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
/* Folds one node whose inputs are all constant (called by pass_infer). */
int pass_fold_node(kiln_diag *d, ir_graph *g, ir_node *n, int *folded);
int pass_dce(kiln_diag *d, ir_graph *g);
int pass_fuse_bn(kiln_diag *d, ir_graph *g);
int pass_fuse_add(kiln_diag *d, ir_graph *g);
int pass_fuse_act(kiln_diag *d, ir_graph *g);
int pass_views(kiln_diag *d, ir_graph *g);
int pass_inplace(kiln_diag *d, ir_graph *g);
/* Expands ai.onnx.preview.training Gradient nodes (after pass_infer);
 * returns how many, or -1. */
int pass_gradient(kiln_diag *d, ir_graph *g);

/* Runs all of the above in order. */
int pass_run_all(kiln_diag *d, ir_graph *g, pass_shape_binding *b, int nb);

/* Appends text to n->fused ("BN+Relu"). */
void pass_note_fused(ir_node *n, const char *what);
/* Single consumer node of tensor t among live nodes, or -1. */
int pass_sole_consumer(const ir_graph *g, int t);

#endif
