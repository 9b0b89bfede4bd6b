/* op.h - how an operator is defined.
 *
 * Each operator lives in one file under src/ops/ and defines one op_def:
 * its ONNX name and opset range, its attributes, shape/dtype inference, a
 * reference implementation (used for constant folding and as the test
 * oracle) and code emission. ops.def lists every op once; no other file
 * switches on the op type.
 *
 * Contract:
 *  - infer(): validate attributes and input dtypes/ranks, set every output's
 *    dtype and shape. Inputs' shapes are known; inputs may be constant
 *    (t->data != NULL), and infer may read them (Reshape's shape input).
 *    An op may also make an output constant right away (Shape does).
 *  - eval(): all non-omitted inputs are constant; allocate outputs with
 *    ir_alloc_data() and compute them. NULL = cannot fold.
 *  - emit(): write the run-time code for the node through the emit API.
 *    NULL is allowed only for OP_VIEW ops (their outputs alias inputs).
 */
#ifndef KILN_OP_H
#define KILN_OP_H

#include "../ir/ir.h"
#include "kiln_kernels.h"

struct emit_ctx;

enum {
  OP_ELEMENTWISE = 1u << 0, /* output[i] depends on input[i] only (after broadcast) */
  OP_INPLACE     = 1u << 1, /* output may reuse input 0's storage */
  OP_VIEW        = 1u << 2, /* output is input 0 reinterpreted (Reshape, ...) */
  OP_ACTIVATION  = 1u << 3, /* unary activation that producers can fuse */
  OP_NO_FOLD     = 1u << 4, /* never constant-fold (random ops) */
  OP_EPILOGUE    = 1u << 5  /* emit/eval honour n->act and n->fused_add */
};

typedef struct op_def {
  const char *name;      /* ONNX op_type */
  const char *domain;    /* "" = ai.onnx */
  int since, until;      /* supported opset range, inclusive (until 0 = open) */
  const char *attrs;     /* space-separated list of attributes it accepts */
  int (*infer)(kiln_diag *d, ir_graph *g, ir_node *n);
  int (*eval)(kiln_diag *d, ir_graph *g, ir_node *n);
  int (*emit)(struct emit_ctx *e, ir_graph *g, ir_node *n);
  unsigned flags;
  /* For OP_ACTIVATION ops: which fused activation this node is, with its
   * parameters; returns 0 if it cannot be expressed as an ir_act. */
  int (*as_act)(ir_graph *g, ir_node *n, ir_act *act, float *alpha, float *beta);
  /* Bytes of arena scratch the run-time kernel needs for this node on
   * g->isa (packing buffers, ...); NULL or 0 = none. The planner reserves
   * it for the node's step only; emit_scratch() names it. */
  size_t (*scratch)(const ir_graph *g, const ir_node *n);
  /* Control flow and sequence/optional ops (If, Loop, Scan, Sequence*,
   * Optional*): replace node k at compile time by plain nodes (appended,
   * then placed with lower_finish(), see src/passes/lower.h); infer, eval
   * and emit are then never called. */
  int (*lower)(kiln_diag *d, ir_graph *g, int k, int *added);
  /* Ops defined by a decomposition into other ops (FlexAttention with its
   * modifier subgraphs): called by pass_infer, once node `k`'s inputs are
   * inferred, instead of infer. It appends the replacement nodes (they
   * write the node's outputs) with ir_add_node and returns 0;
   * pass_expand_node moves them into the node's place and marks it dead. */
  int (*expand)(kiln_diag *d, ir_graph *g, int k);
} op_def;

/* The registry (ops.c, built from ops.def). */
const op_def *ops_find(const char *domain, const char *name);
/* Resolves n->def; records an error naming the op if unsupported. */
int ops_resolve(kiln_diag *d, ir_node *n);
/* All registered ops, for `kiln info` and docs. */
const op_def *const *ops_all(int *count);

/* Shared helpers for op files (ops_common.c). */
/* numpy broadcasting of inputs' shapes into out. */
int op_broadcast_shape(kiln_diag *d, const ir_node *n, const ir_tensor *const *ins, int n_ins,
                       int *rank, int64_t *dims);
/* Normalises a possibly-negative axis against rank; error if out of range. */
int op_axis(kiln_diag *d, const ir_node *n, int64_t axis, int rank, int *out);
/* Requires input i to be present and of one of the listed dtypes (0-terminated). */
int op_check_dtype(kiln_diag *d, const ir_node *n, const ir_tensor *t, int idx, const ir_dtype *ok);
/* Requires inputs [lo, hi] present and shaped. */
int op_need_inputs(kiln_diag *d, const ir_graph *g, const ir_node *n, int lo, int hi);

/* An operand of a broadcast: its shape and the output axis its first dim
 * is aligned to. */
typedef struct op_bshape {
  int rank, off;
  const int64_t *dims;
} op_bshape;
/* Fills b for an output of shape (rank, dims) and n_in <= 3 operands:
 * element strides, 0 along broadcast dims, coalesced (size-1 dims dropped,
 * contiguous neighbours merged, rank >= 1). */
void op_bcast_init(kiln_bcast *b, int rank, const int64_t *dims, int n_in, const op_bshape *in);

/* Fused epilogues (Conv, Gemm, MatMul). */
/* The node's fused activation (n->act, act_alpha, act_beta) as a kiln_act. */
void op_act_from_node(const ir_node *n, kiln_act *a);
/* A float as a C99 literal that round-trips ("0.5f", "6.0f", "INFINITY"). */
const char *op_f32_literal(float v, char *buf, size_t size);
/* "{KILN_ACT_CLIP, 0.0f, 6.0f}" */
const char *op_act_literal(const kiln_act *a, char *buf, size_t size);
/* n->fused_add (if any) must be float32 with exactly y's shape. */
int op_check_fused_add(kiln_diag *d, ir_graph *g, const ir_node *n, const ir_tensor *y);
/* The residual's constant data for eval, NULL if none; fails if not constant. */
int op_fused_add_data(kiln_diag *d, ir_graph *g, const ir_node *n, const float **r);
/* The register-tiled f32 GEMM family a target has (KILN_ISA_* bits of
 * emit_isa): the kernel symbol suffix ("avx512", "avx2", "neon") and the
 * width of its packed B panels (64, 16, 16); NULL and 0 for portable C.
 * AVX2 and NEON share the 6 x 16 drivers and weight formats. */
const char *op_gemm_isa(unsigned isa, int64_t *nr);
/* emit_ref(t) copied into buf ("NULL" when t < 0). */
int op_emit_ref(struct emit_ctx *e, int t, char *buf, size_t size);

/* The axes a reduction reduces over, as flags red[0..r-1]: the 'axes'
 * attribute before opset `since`, a constant input 1 from then on (with
 * noop_with_empty_axes); no axes = all. Rejects duplicates and misuse. */
int op_reduce_axes(kiln_diag *d, ir_graph *g, ir_node *n, int since, int r, int *red);

/* Resolves a Conv/pool window along `sp` spatial dims from the node's
 * auto_pad, pads, strides and dilations attributes. `in` and `k` are the
 * input and kernel sizes; fills stride, dil, pad_b (leading), pad_e
 * (trailing) and out. ceil_mode applies to explicit pads only (pools).
 * Reads "dilations" only when use_dilations. */
int op_window(kiln_diag *d, ir_node *n, int sp, const int64_t *in, const int64_t *k,
              int ceil_mode, int use_dilations, int64_t *stride, int64_t *dil, int64_t *pad_b,
              int64_t *pad_e, int64_t *out);

#endif
