/* ir.h - kiln's graph IR: tensors, attributes, nodes, graphs.
 *
 * A graph owns an array of tensors and an array of nodes; nodes refer to
 * tensors by index (-1 = an omitted optional input). Tensor data of
 * initializers may point into the mmap'd model file (zero copy); data
 * computed by the compiler (folding, packing) is owned by the graph.
 * Shapes are static once inference has run: every dim is >= 0.
 */
#ifndef KILN_IR_H
#define KILN_IR_H

#include <stddef.h>
#include <stdint.h>
#include "../util/util.h"

/* Values match ONNX TensorProto.DataType so the importer maps 1:1.
 *
 * Low-precision types (17..26): float8 (e4m3fn, e4m3fnuz, e5m2, e5m2fnuz,
 * e8m0) are one byte holding the format's bit pattern. The sub-byte types
 * (uint4, int4, float4e2m1, uint2, int2) are stored UNPACKED inside kiln and
 * in the generated C API: one element per byte (ir_dtype_size = 1), int4 and
 * int2 as sign-extended int8_t values (-8..7, -2..1), uint4 and uint2 as
 * uint8_t values (0..15, 0..3), float4e2m1 as its 4-bit code in the low bits
 * of a uint8_t. ONNX packs them (2 or 4 elements per byte, first element in
 * the low bits); only the edges convert: the ONNX importer (initializers,
 * Constant attributes, raw_data and int32_data) and src/onnx/tensor_file.c
 * (input files are unpacked on reading, .pb outputs packed on writing).
 * ir_dtype_is_float/is_int are false for all of them: kiln has no
 * arithmetic kernels for them, only Cast/CastLike/BitCast (and what other
 * ops add explicitly); ir_dtype_is_lowp says which they are. */
typedef enum ir_dtype {
  IR_UNDEFINED = 0,
  IR_F32 = 1, IR_U8 = 2, IR_I8 = 3, IR_U16 = 4, IR_I16 = 5, IR_I32 = 6,
  IR_I64 = 7, IR_STRING = 8, IR_BOOL = 9, IR_F16 = 10, IR_F64 = 11,
  IR_U32 = 12, IR_U64 = 13, IR_BF16 = 16,
  IR_F8E4M3FN = 17, IR_F8E4M3FNUZ = 18, IR_F8E5M2 = 19, IR_F8E5M2FNUZ = 20,
  IR_U4 = 21, IR_I4 = 22, IR_F4E2M1 = 23, IR_F8E8M0 = 24, IR_U2 = 25, IR_I2 = 26
} ir_dtype;

size_t ir_dtype_size(ir_dtype t);       /* 0 for unsupported/undefined */
const char *ir_dtype_name(ir_dtype t);  /* "float32", "int64", ... */
const char *ir_dtype_ctype(ir_dtype t); /* "float", "int64_t", ... */
int ir_dtype_is_float(ir_dtype t);
int ir_dtype_is_int(ir_dtype t); /* signed or unsigned integer, not bool */
int ir_dtype_is_lowp(ir_dtype t); /* one of IR_F8E4M3FN .. IR_I2 (17..26) */
/* Bits per element in ONNX's packed form: 4 for int4/uint4/float4e2m1, 2 for
 * int2/uint2, else 8 * ir_dtype_size. */
int ir_dtype_packed_bits(ir_dtype t);
/* Bytes of n elements in ONNX's packed form (rounded up to whole bytes). */
size_t ir_packed_nbytes(ir_dtype t, size_t n);
/* ONNX packed bytes -> kiln's unpacked form (n elements, ir_dtype_size each);
 * int4/int2 sign-extend. For other types a copy. */
void ir_unpack_lowp(ir_dtype t, const uint8_t *packed, size_t n, uint8_t *out);
/* kiln's unpacked form -> ONNX packed bytes (ir_packed_nbytes(t, n) of them;
 * unused high bits of the last byte are zero). For other types a copy. */
void ir_pack_lowp(ir_dtype t, const uint8_t *in, size_t n, uint8_t *packed);

#define IR_MAX_RANK 8

/* Where a tensor lives at run time (decided by the planner). */
typedef enum ir_loc {
  IR_LOC_NONE = 0, /* not yet planned / not materialised */
  IR_LOC_ARENA,    /* ctx arena + offset */
  IR_LOC_WEIGHTS,  /* weights blob + offset */
  IR_LOC_INPUT,    /* user input pointer `index` */
  IR_LOC_OUTPUT    /* user output pointer `index` */
} ir_loc;

typedef struct ir_tensor {
  char *name;
  ir_dtype dtype;
  int rank;          /* -1 = shape unknown */
  int64_t dims[IR_MAX_RANK];
  /* dims given symbolically in the model (dim_param), for --shape binding */
  char *dim_param[IR_MAX_RANK];

  /* Constant value (initializer, Constant op, or folded). NULL otherwise. */
  const void *data;
  size_t nbytes;       /* bytes of data when constant */
  void *owned;         /* if non-NULL, freed with the graph (== data) */
  int is_initializer;  /* came from graph.initializer */

  int is_input, is_output; /* graph input (non-initializer) / output */
  int io_index;            /* index among graph inputs or outputs */
  int producer;            /* node index, -1 for inputs/constants */
  int n_uses;              /* live consumers (recomputed by ir_recount_uses) */

  /* View: this tensor shares storage with `alias_of` at byte offset
   * `alias_offset` (Reshape, in-place elementwise, ...). -1 = own storage. */
  int alias_of;
  size_t alias_offset;

  /* Planning results. */
  ir_loc loc;
  int loc_index;    /* input/output index for IR_LOC_INPUT/OUTPUT */
  size_t offset;    /* byte offset in arena / weights / user buffer */
  int first_use, last_use; /* schedule positions (planner) */

  /* Sequences and optionals exist only at compile time (lowered to tensors
   * by src/passes/lower_control.c): vkind says what this value is; for
   * IR_VAL_SEQ, elems[0..n_elems) are the element tensors. A present
   * optional is its element itself; an absent one is IR_VAL_NONE. vdecl is
   * the type a graph input/output declares (IR_DECL_*). */
  int vkind;
  int *elems; int n_elems;
  int vdecl;
  /* Data-dependent shape (NonZero, Unique, Compress, NonMaxSuppression):
   * dims are a static UPPER BOUND that memory is planned for; the kernel
   * writes the result dense in its actual shape at the start of the buffer
   * and records the actual dims (int64[rank]) in the arena at dims_offset
   * (planner), read back through NAME_output_dims(). Such a tensor may only
   * be a graph output (pass_infer rejects consumers). */
  int dynamic;
  size_t dims_offset;
} ir_tensor;

enum { IR_VAL_TENSOR = 0, IR_VAL_SEQ = 1, IR_VAL_NONE = 2 };
enum { IR_DECL_TENSOR = 0, IR_DECL_SEQ = 1, IR_DECL_OPT = 2, IR_DECL_OPT_SEQ = 3 };

/* Values match ONNX AttributeProto.AttributeType. */
typedef enum ir_attr_type {
  IR_ATTR_UNDEFINED = 0, IR_ATTR_FLOAT = 1, IR_ATTR_INT = 2, IR_ATTR_STRING = 3,
  IR_ATTR_TENSOR = 4, IR_ATTR_GRAPH = 5, IR_ATTR_FLOATS = 6, IR_ATTR_INTS = 7,
  IR_ATTR_STRINGS = 8, IR_ATTR_TENSORS = 9, IR_ATTR_GRAPHS = 10,
  IR_ATTR_SPARSE_TENSOR = 11, IR_ATTR_SPARSE_TENSORS = 12, IR_ATTR_TYPE_PROTO = 13,
  IR_ATTR_TYPE_PROTOS = 14
} ir_attr_type;

struct ir_graph;

typedef struct ir_attr {
  char *name;
  ir_attr_type type;
  float f;
  int64_t i;
  char *s; size_t s_len;        /* STRING (may contain NULs; s is NUL-terminated) */
  int n;                        /* count for FLOATS/INTS/STRINGS/TENSORS/GRAPHS */
  float *floats;
  int64_t *ints;
  char **strings; size_t *string_lens;
  struct ir_tensor *t;          /* TENSOR (standalone, not in graph->tensors) */
  struct ir_tensor *tensors;    /* TENSORS */
  struct ir_graph *g;           /* GRAPH */
  struct ir_graph **graphs;     /* GRAPHS */
  int used;                     /* set when an op reads it (unknown-attr check) */
  int borrowed;                 /* g/graphs belong to another node's attribute (a copy made
                                   by lower_control.c when it inlines a subgraph) */
  ir_attr_type wanted;          /* set when an op read it as another type: an error */
} ir_attr;

struct op_def;

/* Activation fused into a producer's epilogue (Conv, Gemm, MatMul, ...). */
typedef enum ir_act {
  IR_ACT_NONE = 0, IR_ACT_RELU, IR_ACT_CLIP, IR_ACT_SIGMOID, IR_ACT_LEAKY_RELU,
  IR_ACT_HARD_SIGMOID, IR_ACT_HARD_SWISH, IR_ACT_TANH, IR_ACT_SILU
} ir_act;

typedef struct ir_node {
  char *name;        /* ONNX node name, or synthesised "<OpType>_<index>" */
  char *op_type;
  char *domain;      /* "" for the default ONNX domain */
  int opset;         /* opset version in force for this node's domain */
  int *inputs;  int n_inputs;   /* tensor indices, -1 = omitted */
  int *outputs; int n_outputs;  /* tensor indices, -1 = omitted */
  ir_attr *attrs; int n_attrs;
  const struct op_def *def;     /* resolved by ops_resolve() */
  int dead;                     /* removed by a pass */

  /* Fusion results, read by the op's emit/eval. */
  ir_act act;
  float act_alpha, act_beta;    /* Clip min/max, LeakyRelu alpha, HardSigmoid a/b */
  int fused_add;                /* tensor added in the epilogue (residual), -1 none */
  char fused[160];              /* human-readable: "BN+ReLU" */
  int scratch;                  /* arena scratch tensor of this node (planner), -1 none */
} ir_node;

typedef struct ir_graph {
  char *name;
  ir_tensor *tensors; int n_tensors, cap_tensors;
  ir_node *nodes; int n_nodes, cap_nodes;
  int *inputs;  int n_inputs;   /* graph inputs (non-initializer), tensor ids */
  int *outputs; int n_outputs;  /* graph outputs, tensor ids */
  /* The outputs as the model declares them when some are sequences or
   * optionals: lower_control.c expands those into `outputs` (their element
   * tensors) and keeps the declared ones here; NULL/0 otherwise. */
  int *decl_outputs; int n_decl_outputs;
  struct ir_graph *parent;      /* enclosing graph for subgraphs */
  /* opset imports of the model: domain -> version */
  int n_opsets;
  char *opset_domain[16];
  int opset_version[16];
  int64_t ir_version;
  unsigned isa;                 /* target ISA features (KILN_ISA_*), set before planning */
  int opt_size;                 /* --opt size: share kernels, no unrolled variants */
  int threads;                  /* --threads: most worker threads a run may use (per-worker scratch) */
  size_t string_pool_bytes;     /* --string-pool: run-time string pool size, 0 = default (plan.h) */
  /* Called by ir_graph_free (the importer's mmap lives as long as the graph). */
  void (*on_free)(void *arg);
  void *on_free_arg;
} ir_graph;

ir_graph *ir_graph_new(void);
void ir_graph_free(ir_graph *g);

/* Adds a tensor with the given name (copied) and returns its index, or -1
 * on allocation failure. Does not check for duplicates. */
int ir_add_tensor(ir_graph *g, const char *name);
/* Finds a tensor by name, -1 if absent. */
int ir_find_tensor(const ir_graph *g, const char *name);
/* Adds a node (fields zeroed, fused_add = -1), returns index or -1. */
int ir_add_node(ir_graph *g);

/* Element count and byte size of a tensor with known shape. Return -1 on
 * unknown shape or overflow. */
int64_t ir_numel(const ir_tensor *t);
int64_t ir_nbytes(const ir_tensor *t);
/* "1x3x224x224" into buf. */
const char *ir_shape_str(const ir_tensor *t, char *buf, size_t n);

/* Sets a tensor's dtype and shape. */
void ir_set_shape(ir_tensor *t, ir_dtype dt, int rank, const int64_t *dims);
/* Makes `t` constant with freshly allocated zeroed storage of its shape;
 * returns the buffer or NULL on failure. */
void *ir_alloc_data(ir_tensor *t);

/* Input/output accessors: NULL when omitted or out of range. */
ir_tensor *ir_in(ir_graph *g, const ir_node *n, int i);
ir_tensor *ir_out(ir_graph *g, const ir_node *n, int i);
int ir_has_in(const ir_node *n, int i);

/* Attributes. Getters mark the attribute as used. */
ir_attr *ir_attr_find(ir_node *n, const char *name);
int64_t ir_attr_int(ir_node *n, const char *name, int64_t dflt);
float ir_attr_float(ir_node *n, const char *name, float dflt);
const char *ir_attr_str(ir_node *n, const char *name, const char *dflt);
/* Returns count (or -1 if absent) and sets *vals to the array. */
int ir_attr_ints(ir_node *n, const char *name, const int64_t **vals);
int ir_attr_floats(ir_node *n, const char *name, const float **vals);

/* Record "FILE: node 'NAME' (OP, opset N): <fmt>". Returns -1. */
int ir_node_fail(kiln_diag *d, const ir_node *n, const char *fmt, ...) KILN_PRINTF(3, 4);

/* Reads element i of a constant integer/float tensor as int64 / double. */
int64_t ir_get_i64(const ir_tensor *t, int64_t i);
double ir_get_f64(const ir_tensor *t, int64_t i);
/* Writes element i of a tensor buffer of dtype dt from double/int64. */
void ir_put_f64(void *buf, ir_dtype dt, int64_t i, double v);
void ir_put_i64(void *buf, ir_dtype dt, int64_t i, int64_t v);

/* Recomputes n_uses/producer over live nodes. */
void ir_recount_uses(ir_graph *g);

/* Resolves a tensor to the one that owns its storage (follows alias_of). */
int ir_storage_root(const ir_graph *g, int t, size_t *offset);

#endif
