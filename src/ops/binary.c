/* binary.c - elementwise binary operators with broadcasting: Add Sub Mul Div
 * Pow Mod, Max Min Sum Mean (variadic), Equal Less Greater LessOrEqual
 * GreaterOrEqual (bool output), And Or Xor (bool), BitShift, BitwiseAnd
 * BitwiseOr BitwiseXor, PRelu (slope broadcast to X's shape).
 *
 * Broadcasting: numpy ("multidirectional") from opset 7 (Max/Min: 8; earlier
 * Max/Min required equal shapes, which numpy broadcasting accepts too).
 * Before opset 7 the arithmetic, comparison and logic ops broadcast only with
 * attribute broadcast=1: B's shape must then be a contiguous run of A's shape
 * starting at `axis` (default: aligned to A's end), or B has one element.
 *
 * The compiler turns the shapes into a coalesced kiln_bcast (op_bcast_init),
 * emitted as `static const kiln_bcast nID_b`; kernels in
 * src/kernels/binary.c and math2.c walk it. Variadic ops run as a chain over
 * the output: y = op(x0, x1), then y = op(y, xk); Sum chains Add, Mean chains
 * Add and then divides by the input count (kiln_<t>_div_scalar__c).
 *
 * Run time: every kernel listed in KILN_BINARY_KERNELS (binary.h) and
 * KILN_MATH2_BINARY_KERNELS (math2.h): float16/32/64 and int8..uint64 for the
 * arithmetic, Mod, Max/Min/Sum/Mean and comparisons, integers for the bit
 * ops; Pow for float32 ^ {float32, int32, int64}, float64 ^ float64, int32 ^
 * int32, int64 ^ int64. Folding runs the same kernels; bfloat16 (and float16
 * where there is no float16 kernel) goes through float32, other dtypes
 * without a kernel through int64 (wrapping back).
 */
#include "op.h"
#include "../emit/emit.h"
#include "str_util.h"
#include "../kernels/binary.h"
#include "../kernels/math2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C_ARITH, C_POW, C_VARIADIC, C_CMP, C_LOGIC };
enum { T_FLOAT = 1u, T_SINT = 2u, T_UINT = 4u, T_BOOL = 8u };
#define T_NUM (T_FLOAT | T_SINT | T_UINT)
#define T_INT (T_SINT | T_UINT)

/* Host wrappers with one signature over every kernel (folding and tests). */
typedef void (*bin_fn)(const kiln_bcast *, const void *, const void *, void *);
#define W(nm, TX, TY)                                                          \
  static void w_##nm(const kiln_bcast *b, const void *x0, const void *x1, void *y) { \
    kiln_##nm##__c(b, (const TX *)x0, (const TX *)x1, (TY *)y);               \
  }
KILN_BINARY_KERNELS(W)
KILN_MATH2_BINARY_KERNELS(W)
#undef W
#define E(nm, TX, TY) {"kiln_" #nm "__c", w_##nm},
static const struct { const char *sym; bin_fn fn; } ktab[] = {
  KILN_BINARY_KERNELS(E) KILN_MATH2_BINARY_KERNELS(E)
};
#undef E

static bin_fn find_kernel(const char *sym) {
  for (size_t i = 0; i < sizeof ktab / sizeof ktab[0]; i++)
    if (strcmp(ktab[i].sym, sym) == 0) return ktab[i].fn;
  return NULL;
}

typedef struct bin_kind {
  const char *name, *sym; /* sym NULL: chosen from attributes (sym_of) */
  int cls;
  int legacy;     /* opset < 7 broadcasts with the broadcast/axis attributes */
  unsigned types; /* allowed classes of input 0's dtype */
  unsigned late;  /* classes allowed from opset late_since on */
  int late_since;
  int unidir;     /* PRelu: input 1 broadcasts to input 0's shape */
} bin_kind;

static const bin_kind kinds[] = {
  {.name = "Add", .sym = "add", .cls = C_ARITH, .legacy = 1, .types = T_NUM},
  {.name = "Sub", .sym = "sub", .cls = C_ARITH, .legacy = 1, .types = T_NUM},
  {.name = "Mul", .sym = "mul", .cls = C_ARITH, .legacy = 1, .types = T_NUM},
  {.name = "Div", .sym = "div", .cls = C_ARITH, .legacy = 1, .types = T_NUM},
  /* Pow's kernels depend on both dtypes: pow_symbol() */
  {.name = "Pow", .sym = "pow", .cls = C_POW, .legacy = 1, .types = T_FLOAT | T_SINT},
  /* Mod: "mod" (fmod=0, numpy's sign rule) or "fmod" (fmod=1, C's) */
  {.name = "Mod", .sym = NULL, .cls = C_ARITH, .types = T_NUM},
  {.name = "Max", .sym = "max", .cls = C_VARIADIC, .types = T_NUM},
  {.name = "Min", .sym = "min", .cls = C_VARIADIC, .types = T_NUM},
  {.name = "Sum", .sym = "add", .cls = C_VARIADIC, .types = T_FLOAT},
  {.name = "Mean", .sym = "add", .cls = C_VARIADIC, .types = T_FLOAT},
  {.name = "Equal", .sym = "equal", .cls = C_CMP, .legacy = 1, .types = T_NUM | T_BOOL},
  {.name = "Less", .sym = "less", .cls = C_CMP, .legacy = 1, .types = T_NUM},
  {.name = "Greater", .sym = "greater", .cls = C_CMP, .legacy = 1, .types = T_NUM},
  {.name = "LessOrEqual", .sym = "less_or_equal", .cls = C_CMP, .types = T_NUM},
  {.name = "GreaterOrEqual", .sym = "greater_or_equal", .cls = C_CMP, .types = T_NUM},
  {.name = "And", .sym = "and", .cls = C_LOGIC, .legacy = 1, .types = T_BOOL},
  {.name = "Or", .sym = "or", .cls = C_LOGIC, .legacy = 1, .types = T_BOOL},
  {.name = "Xor", .sym = "xor", .cls = C_LOGIC, .legacy = 1, .types = T_BOOL},
  /* BitShift: "shl"/"shr" from `direction`; signed integers from opset 28 */
  {.name = "BitShift", .sym = NULL, .cls = C_ARITH, .types = T_UINT, .late = T_SINT,
   .late_since = 28},
  {.name = "BitwiseAnd", .sym = "bitand", .cls = C_ARITH, .types = T_INT},
  {.name = "BitwiseOr", .sym = "bitor", .cls = C_ARITH, .types = T_INT},
  {.name = "BitwiseXor", .sym = "bitxor", .cls = C_ARITH, .types = T_INT},
  /* PRelu: integers from opset 16 */
  {.name = "PRelu", .sym = "prelu", .cls = C_ARITH, .types = T_FLOAT, .late = T_INT,
   .late_since = 16, .unidir = 1},
};

static const bin_kind *kind_of(const ir_node *n) {
  const char *name = n->def ? n->def->name : n->op_type;
  if (!name) return NULL;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (strcmp(kinds[i].name, name) == 0) return &kinds[i];
  return NULL;
}

static unsigned dtype_class(ir_dtype t) {
  switch (t) {
  case IR_F16: case IR_F32: case IR_F64: case IR_BF16: return T_FLOAT;
  case IR_I8: case IR_I16: case IR_I32: case IR_I64: return T_SINT;
  case IR_U8: case IR_U16: case IR_U32: case IR_U64: return T_UINT;
  case IR_BOOL: return T_BOOL;
  default: return 0;
  }
}

static const char *class_list(unsigned c, char *buf, size_t n) {
  static const char *const names[] = {"float16, float32, float64, bfloat16",
                                       "int8, int16, int32, int64",
                                       "uint8, uint16, uint32, uint64", "bool"};
  buf[0] = 0;
  for (int i = 0; i < 4; i++)
    if (c & (1u << i)) {
      if (buf[0]) strncat(buf, ", ", n - strlen(buf) - 1);
      strncat(buf, names[i], n - strlen(buf) - 1);
    }
  return buf;
}

static const char *abbrev(ir_dtype t) {
  switch (t) {
  case IR_F32: return "f32";
  case IR_F64: return "f64";
  case IR_F16: return "f16";
  case IR_BF16: return "bf16";
  case IR_I8: return "i8";
  case IR_I16: return "i16";
  case IR_I32: return "i32";
  case IR_I64: return "i64";
  case IR_U8: return "u8";
  case IR_U16: return "u16";
  case IR_U32: return "u32";
  case IR_U64: return "u64";
  case IR_BOOL: return "bool";
  default: return "?";
  }
}

static unsigned allowed_classes(const bin_kind *k, int opset) {
  return k->types | (k->late && opset >= k->late_since ? k->late : 0u);
}

/* The kernel name part for this node (Mod and BitShift read attributes;
 * infer has validated them). */
static const char *sym_of(const bin_kind *k, ir_node *n) {
  if (k->sym) return k->sym;
  if (strcmp(k->name, "Mod") == 0) return ir_attr_int(n, "fmod", 0) ? "fmod" : "mod";
  const char *dir = ir_attr_str(n, "direction", "");
  return strcmp(dir, "LEFT") == 0 ? "shl" : "shr";
}

/* The kernel for dtype t, symbol into buf (NULL if none). */
static bin_fn kernel_for(const bin_kind *k, ir_node *n, ir_dtype t, char *buf, size_t size) {
  snprintf(buf, size, "kiln_%s_%s__c", abbrev(t), sym_of(k, n));
  return find_kernel(buf);
}

/* "float32, int8, ..." : the dtypes with a run-time kernel for sym. */
static const char *supported_list(const char *sym, char *buf, size_t size) {
  static const ir_dtype all[] = {IR_F32, IR_F64, IR_F16, IR_BF16, IR_I8, IR_I16, IR_I32, IR_I64,
                                 IR_U8, IR_U16, IR_U32, IR_U64, IR_BOOL};
  char s[64];
  buf[0] = 0;
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    snprintf(s, sizeof s, "kiln_%s_%s__c", abbrev(all[i]), sym);
    if (!find_kernel(s)) continue;
    if (buf[0]) strncat(buf, ", ", size - strlen(buf) - 1);
    strncat(buf, ir_dtype_name(all[i]), size - strlen(buf) - 1);
  }
  return buf;
}

/* ---- broadcasting ------------------------------------------------------ */

static op_bshape shape_of(const ir_tensor *t, int off) {
  op_bshape s = {t->rank, off, t->dims};
  return s;
}

/* Writes `static const kiln_bcast NAME = {...};` with a comment. */
static void emit_bcast(emit_ctx *e, const char *name, const kiln_bcast *b, int n_in,
                       const char *what) {
  char dims[8 * 24], st[3][8 * 24];
  size_t o = 0;
  dims[0] = 0;
  for (int k = 0; k < b->rank; k++)
    o += (size_t)snprintf(dims + o, sizeof dims - o, "%s%lld", k ? ", " : "",
                          (long long)b->dims[k]);
  for (int i = 0; i < 3; i++) {
    o = 0;
    st[i][0] = 0;
    for (int k = 0; k < b->rank; k++)
      o += (size_t)snprintf(st[i] + o, sizeof st[i] - o, "%s%lld", k ? ", " : "",
                            (long long)(i < n_in ? b->stride[i][k] : 0));
  }
  emit_decl(e, "/* %s */\nstatic const kiln_bcast %s = {%d, %lld, {%s}, {{%s}, {%s}, {%s}}};\n",
            what, name, b->rank, (long long)b->n, dims, st[0], st[1], st[2]);
}

/* Output shape, and each input's alignment in it (offs). */
static int layout(kiln_diag *d, ir_graph *g, ir_node *n, const bin_kind *k, int *rank,
                  int64_t *dims, int *offs) {
  const ir_tensor *ins[64];
  int n_in = n->n_inputs;
  if (n_in > 64) return ir_node_fail(d, n, "too many inputs (%d; kiln supports 64)", n_in);
  for (int i = 0; i < n_in; i++) ins[i] = ir_in(g, n, i);
  if (k->legacy && n->opset < 7) {
    const ir_tensor *a = ins[0], *b = ins[1];
    char sa[96], sb[96];
    int64_t bcast = ir_attr_int(n, "broadcast", 0);
    ir_attr *axis_attr = ir_attr_find(n, "axis");
    *rank = a->rank;
    memcpy(dims, a->dims, sizeof(int64_t) * (size_t)a->rank);
    offs[0] = 0;
    if (!bcast) {
      int same = a->rank == b->rank;
      for (int i = 0; same && i < a->rank; i++) same = a->dims[i] == b->dims[i];
      if (!same)
        return ir_node_fail(d, n, "input shapes %s and %s differ and broadcast=0 (before opset 7, "
                            "broadcasting needs broadcast=1)", ir_shape_str(a, sa, sizeof sa),
                            ir_shape_str(b, sb, sizeof sb));
      offs[1] = 0;
      return 0;
    }
    if (b->rank > a->rank)
      return ir_node_fail(d, n, "with broadcast=1, input 1 (shape %s) cannot have more dims than "
                          "input 0 (shape %s)", ir_shape_str(b, sb, sizeof sb),
                          ir_shape_str(a, sa, sizeof sa));
    if (ir_numel(b) == 1) { /* one element: a scalar everywhere */
      offs[1] = a->rank - b->rank;
      return 0;
    }
    int64_t off = a->rank - b->rank;
    if (axis_attr) {
      off = ir_attr_int(n, "axis", 0);
      if (off < 0) off += a->rank;
    }
    if (off < 0 || off + b->rank > a->rank)
      return ir_node_fail(d, n, "axis %lld does not fit input 1 (shape %s) into input 0 (shape %s)",
                          (long long)ir_attr_int(n, "axis", 0), ir_shape_str(b, sb, sizeof sb),
                          ir_shape_str(a, sa, sizeof sa));
    for (int j = 0; j < b->rank; j++)
      if (b->dims[j] != a->dims[off + j] && b->dims[j] != 1)
        return ir_node_fail(d, n, "with broadcast=1, input 1 (shape %s) must match input 0 (shape "
                            "%s) from axis %lld", ir_shape_str(b, sb, sizeof sb),
                            ir_shape_str(a, sa, sizeof sa), (long long)off);
    offs[1] = (int)off;
    return 0;
  }
  if (k->unidir && n->opset < 7 && n_in == 2 && ins[0]->rank >= 2 && ins[1]->rank == 1 &&
      ins[1]->dims[0] == ins[0]->dims[1]) {
    /* PRelu before opset 7: a 1-D slope holds one value per channel (axis 1),
     * as Caffe and PyTorch's opset-6 exports have it. */
    *rank = ins[0]->rank;
    memcpy(dims, ins[0]->dims, sizeof(int64_t) * (size_t)ins[0]->rank);
    offs[0] = 0;
    offs[1] = 1;
    return 0;
  }
  if (op_broadcast_shape(d, n, ins, n_in, rank, dims)) return -1;
  for (int i = 0; i < n_in; i++) offs[i] = *rank - ins[i]->rank;
  return 0;
}

/* ---- inference ----------------------------------------------------------- */

static int bin_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  const bin_kind *k = kind_of(n);
  if (!k) return ir_node_fail(d, n, "internal error: %s is not a binary op", n->op_type);
  if (k->cls == C_VARIADIC) {
    if (n->n_inputs < 1) return ir_node_fail(d, n, "expected at least 1 input, got 0");
  } else if (n->n_inputs != 2) {
    return ir_node_fail(d, n, "expected 2 inputs, got %d", n->n_inputs);
  }
  if (op_need_inputs(d, g, n, 0, n->n_inputs - 1)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output, got %d", n->n_outputs);
  if (n->opset >= 6 && ir_attr_find(n, "consumed_inputs"))
    return ir_node_fail(d, n, "attribute 'consumed_inputs' exists only before opset 6");
  if (n->opset >= 7 && (ir_attr_find(n, "broadcast") || ir_attr_find(n, "axis")))
    return ir_node_fail(d, n, "attributes 'broadcast'/'axis' exist only before opset 7 (numpy "
                        "broadcasting since)");

  if (strcmp(k->name, "Mod") == 0) {
    ir_attr *fm = ir_attr_find(n, "fmod");
    if (fm && (fm->type != IR_ATTR_INT || (fm->i != 0 && fm->i != 1)))
      return ir_node_fail(d, n, "attribute 'fmod' must be 0 or 1");
  }
  if (strcmp(k->name, "BitShift") == 0) {
    ir_attr *dir = ir_attr_find(n, "direction");
    if (!dir) return ir_node_fail(d, n, "attribute 'direction' is required (\"LEFT\" or \"RIGHT\")");
    if (dir->type != IR_ATTR_STRING || !dir->s ||
        (strcmp(dir->s, "LEFT") != 0 && strcmp(dir->s, "RIGHT") != 0))
      return ir_node_fail(d, n, "attribute 'direction' must be \"LEFT\" or \"RIGHT\"");
  }

  ir_tensor *x0 = ir_in(g, n, 0);
  unsigned types = allowed_classes(k, n->opset);
  char list[160];
  if (k->cls == C_POW && n->opset < 12) types = T_FLOAT; /* integer bases from opset 12 */
  int ok = (dtype_class(x0->dtype) & types) != 0;
  if (k->cls == C_POW && ok && dtype_class(x0->dtype) == T_SINT)
    ok = x0->dtype == IR_I32 || x0->dtype == IR_I64;
  if (!ok) {
    if (k->cls == C_POW && n->opset >= 12)
      snprintf(list, sizeof list, "float16, float32, float64, bfloat16, int32, int64");
    else
      class_list(types, list, sizeof list);
    if (k->late && n->opset < k->late_since)
      return ir_node_fail(d, n, "input 0 '%s' has dtype %s; %s at opset %d supports: %s (more "
                          "types from opset %d)", x0->name, ir_dtype_name(x0->dtype), k->name,
                          n->opset, list, k->late_since);
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s; %s supports: %s", x0->name,
                        ir_dtype_name(x0->dtype), k->name, list);
  }
  for (int i = 1; i < n->n_inputs; i++) {
    ir_tensor *xi = ir_in(g, n, i);
    if (k->cls == C_POW && n->opset >= 12) { /* exponent: any numeric type */
      if (!(dtype_class(xi->dtype) & T_NUM))
        return ir_node_fail(d, n, "input 1 '%s' (exponent) has dtype %s; supported: %s", xi->name,
                            ir_dtype_name(xi->dtype), class_list(T_NUM, list, sizeof list));
    } else if (xi->dtype != x0->dtype) {
      return ir_node_fail(d, n, "input %d '%s' has dtype %s but input 0 '%s' has %s; %s needs "
                          "equal dtypes", i, xi->name, ir_dtype_name(xi->dtype), x0->name,
                          ir_dtype_name(x0->dtype), k->name);
    }
  }
  int rank, offs[64];
  int64_t dims[IR_MAX_RANK];
  if (layout(d, g, n, k, &rank, dims, offs)) return -1;
  if (k->unidir) { /* the slope must broadcast to X's shape, not grow it */
    int same = rank == x0->rank;
    for (int i = 0; same && i < rank; i++) same = dims[i] == x0->dims[i];
    if (!same) {
      char sa[96], sb[96];
      return ir_node_fail(d, n, "input 1 '%s' (slope, shape %s) must broadcast to input 0 '%s' "
                          "(shape %s)", ir_in(g, n, 1)->name, ir_shape_str(ir_in(g, n, 1), sb, sizeof sb),
                          x0->name, ir_shape_str(x0, sa, sizeof sa));
    }
  }
  ir_dtype out = (k->cls == C_CMP) ? IR_BOOL : x0->dtype;
  ir_set_shape(y, out, rank, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output has too many elements");
  return 0;
}

/* ---- kernels ------------------------------------------------------------- */

/* The dtype a folding computation runs in: t itself when it has a kernel,
 * else float32 (float16, bfloat16) or int64. */
static ir_dtype compute_dtype(const bin_kind *k, ir_node *n, ir_dtype t) {
  char sym[64];
  if (kernel_for(k, n, t, sym, sizeof sym)) return t;
  if (t == IR_F16 || t == IR_BF16) return IR_F32;
  return IR_I64;
}

/* The run-time Pow kernel for (base, exponent), or NULL. */
static const char *pow_symbol(ir_dtype base, ir_dtype exp) {
  if (base == IR_F32 && exp == IR_F32) return "kiln_f32_pow__c";
  if (base == IR_F32 && exp == IR_I32) return "kiln_f32_pow_i32__c";
  if (base == IR_F32 && exp == IR_I64) return "kiln_f32_pow_i64__c";
  if (base == IR_F32 && exp == IR_U32) return "kiln_f32_pow_u32__c";
  if (base == IR_F32 && exp == IR_U64) return "kiln_f32_pow_u64__c";
  if (base == IR_I32 && exp == IR_F32) return "kiln_i32_pow_f32__c";
  if (base == IR_I64 && exp == IR_F32) return "kiln_i64_pow_f32__c";
  if (base == IR_F64 && exp == IR_F64) return "kiln_f64_pow__c";
  if (base == IR_I32 && exp == IR_I32) return "kiln_i32_pow__c";
  if (base == IR_I64 && exp == IR_I64) return "kiln_i64_pow__c";
  return NULL;
}

static void run_pow(ir_dtype base, ir_dtype exp, const kiln_bcast *b, const void *x0,
                    const void *x1, void *y) {
  if (base == IR_F32 && exp == IR_F32) kiln_f32_pow__c(b, x0, x1, y);
  else if (base == IR_F32 && exp == IR_I32) kiln_f32_pow_i32__c(b, x0, x1, y);
  else if (base == IR_F32 && exp == IR_I64) kiln_f32_pow_i64__c(b, x0, x1, y);
  else if (base == IR_F32 && exp == IR_U32) kiln_f32_pow_u32__c(b, x0, x1, y);
  else if (base == IR_F32 && exp == IR_U64) kiln_f32_pow_u64__c(b, x0, x1, y);
  else if (base == IR_I32 && exp == IR_F32) kiln_i32_pow_f32__c(b, x0, x1, y);
  else if (base == IR_I64 && exp == IR_F32) kiln_i64_pow_f32__c(b, x0, x1, y);
  else if (base == IR_F64 && exp == IR_F64) kiln_f64_pow__c(b, x0, x1, y);
  else if (base == IR_I32 && exp == IR_I32) kiln_i32_pow__c(b, x0, x1, y);
  else if (base == IR_I64 && exp == IR_I64) kiln_i64_pow__c(b, x0, x1, y);
}

/* Folding dtypes for Pow(base, exp): a pair pow_symbol() knows. */
static void pow_compute_dtypes(ir_dtype base, ir_dtype exp, ir_dtype *cb, ir_dtype *ce) {
  if (pow_symbol(base, exp)) { *cb = base; *ce = exp; return; }
  int bint = base == IR_I32 || base == IR_I64;
  if (bint && ir_dtype_is_int(exp)) { *cb = *ce = IR_I64; return; }
  if (bint || base == IR_F64 || exp == IR_F64) { *cb = *ce = IR_F64; return; }
  /* float16/bfloat16/float32 base: float32 (int exponents up to 2^24 are exact) */
  *cb = IR_F32;
  *ce = (exp == IR_I32 || exp == IR_I64) ? exp : IR_F32;
}

/* ---- folding ------------------------------------------------------------- */

/* Input data in dtype ct: t's own buffer, or a converted copy in *tmp. */
static const void *data_as(const ir_tensor *t, ir_dtype ct, void **tmp) {
  *tmp = NULL;
  if (t->dtype == ct) return t->data;
  int64_t cnt = ir_numel(t);
  void *p = kiln_malloc((size_t)cnt * ir_dtype_size(ct) + 1);
  if (!p) return NULL;
  for (int64_t i = 0; i < cnt; i++) {
    if (ct == IR_I64) ((int64_t *)p)[i] = ir_get_i64(t, i);
    else if (ct == IR_I32) ((int32_t *)p)[i] = (int32_t)ir_get_i64(t, i);
    else if (ct == IR_F32) ((float *)p)[i] = (float)ir_get_f64(t, i);
    else ((double *)p)[i] = ir_get_f64(t, i);
  }
  *tmp = p;
  return p;
}

/* Writes cnt results computed in dtype ct into out of dtype ot. */
static void store_as(void *out, ir_dtype ot, const void *res, ir_dtype ct, int64_t cnt) {
  for (int64_t i = 0; i < cnt; i++) {
    switch (ct) {
    case IR_I64: ir_put_i64(out, ot, i, ((const int64_t *)res)[i]); break;
    case IR_I32: ir_put_i64(out, ot, i, ((const int32_t *)res)[i]); break;
    case IR_F32: ir_put_f64(out, ot, i, ((const float *)res)[i]); break;
    default: ir_put_f64(out, ot, i, ((const double *)res)[i]); break;
    }
  }
}

static int check_no_fusion(kiln_diag *d, const ir_node *n) {
  if (n->act != IR_ACT_NONE || n->fused_add >= 0)
    return ir_node_fail(d, n, "internal error: a fused activation or residual add was attached "
                        "to %s, which cannot apply it", n->op_type);
  return 0;
}

static int bin_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  const bin_kind *k = kind_of(n);
  ir_tensor *y = ir_out(g, n, 0);
  if (!k || !y || n->n_inputs < 1) return ir_node_fail(d, n, "internal error: cannot fold");
  if (check_no_fusion(d, n)) return -1;
  int n_in = n->n_inputs, rank, offs[64];
  int64_t dims[IR_MAX_RANK];
  for (int i = 0; i < n_in; i++)
    if (!ir_in(g, n, i) || !ir_in(g, n, i)->data)
      return ir_node_fail(d, n, "internal error: folding with a non-constant input");
  if (layout(d, g, n, k, &rank, dims, offs)) return -1;
  int64_t cnt = ir_numel(y);
  void *out = cnt < 0 ? NULL : ir_alloc_data(y);
  if (!out) return ir_node_fail(d, n, "out of memory folding %s", n->op_type);

  ir_tensor *x0 = ir_in(g, n, 0);
  ir_dtype c0, c1; /* compute dtypes of the operands */
  if (k->cls == C_POW) pow_compute_dtypes(x0->dtype, ir_in(g, n, 1)->dtype, &c0, &c1);
  else c0 = c1 = compute_dtype(k, n, x0->dtype);
  char sym[64];
  bin_fn fn = k->cls == C_POW ? NULL : kernel_for(k, n, c0, sym, sizeof sym);
  if (k->cls != C_POW && !fn) return ir_node_fail(d, n, "internal error: no kernel %s", sym);
  ir_dtype cy = k->cls == C_CMP ? IR_BOOL : c0;
  void *ybuf = y->dtype == cy ? out : kiln_malloc((size_t)cnt * ir_dtype_size(cy) + 1);
  void *t0 = NULL, *t1 = NULL;
  int rc = 0;
  if (!ybuf) return ir_node_fail(d, n, "out of memory folding %s", n->op_type);
  const void *a = data_as(x0, c0, &t0);
  if (!a) { rc = ir_node_fail(d, n, "out of memory folding %s", n->op_type); goto done; }
  if (n_in == 1) { /* Max/Min/Sum/Mean of one input: a copy */
    memcpy(ybuf, a, (size_t)cnt * ir_dtype_size(cy));
    goto store;
  }
  for (int i = 1; i < n_in; i++) {
    const ir_tensor *xi = ir_in(g, n, i);
    const void *b = data_as(xi, c1, &t1);
    if (!b) { rc = ir_node_fail(d, n, "out of memory folding %s", n->op_type); goto done; }
    kiln_bcast bc;
    op_bshape s[2];
    if (i == 1) s[0] = shape_of(x0, offs[0]);
    else { s[0].rank = rank; s[0].off = 0; s[0].dims = dims; } /* the accumulator y */
    s[1] = shape_of(xi, offs[i]);
    op_bcast_init(&bc, rank, dims, 2, s);
    if (k->cls == C_POW) run_pow(c0, c1, &bc, a, b, ybuf);
    else fn(&bc, i == 1 ? a : ybuf, b, ybuf);
    free(t1);
    t1 = NULL;
  }
  if (strcmp(k->name, "Mean") == 0) { /* the sum over the input count */
    if (cy == IR_F32) kiln_f32_div_scalar__c(cnt, ybuf, ybuf, (float)n_in, 0.0f);
    else if (cy == IR_F64) kiln_f64_div_scalar__c(cnt, ybuf, ybuf, (double)n_in, 0.0);
    else if (cy == IR_F16) kiln_f16_div_scalar__c(cnt, ybuf, ybuf, (float)n_in, 0.0f);
  }
store:
  if (ybuf != out) store_as(out, y->dtype, ybuf, cy, cnt);
done:
  free(t0);
  free(t1);
  if (ybuf != out) free(ybuf);
  return rc;
}

/* ---- emission ------------------------------------------------------------ */

/* Conservatively: may tensors a and b share bytes at run time? */
static int may_overlap(const ir_graph *g, int a, int b) {
  size_t oa, ob;
  int ra = ir_storage_root(g, a, &oa), rb = ir_storage_root(g, b, &ob);
  if (ra == rb) return 1;
  const ir_tensor *A = &g->tensors[ra], *B = &g->tensors[rb];
  if (A->loc == IR_LOC_NONE || A->loc != B->loc || A->loc_index != B->loc_index) return 0;
  int64_t na = ir_nbytes(&g->tensors[a]), nb = ir_nbytes(&g->tensors[b]);
  size_t sa = A->offset + oa, sb = B->offset + ob;
  return na > 0 && nb > 0 && sa < sb + (size_t)nb && sb < sa + (size_t)na;
}

static int bin_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  const bin_kind *k = kind_of(n);
  ir_tensor *y = ir_out(g, n, 0);
  if (!k || !y || n->n_inputs < 1) return ir_node_fail(d, n, "internal error: cannot emit");
  if (check_no_fusion(d, n)) return -1;
  int n_in = n->n_inputs, rank, offs[64];
  int64_t dims[IR_MAX_RANK];
  ir_tensor *x0 = ir_in(g, n, 0);
  const char *sym = NULL;
  char symbuf[64];
  if (k->cls == C_POW) {
    ir_tensor *x1 = ir_in(g, n, 1);
    sym = x1 ? pow_symbol(x0->dtype, x1->dtype) : NULL;
    if (!sym)
      return ir_node_fail(d, n, "Pow of %s by %s is not supported at run time (supported: "
                          "float32 by float32/int32/int64/uint32/uint64, float64 by float64, int32 "
                          "by int32/float32, int64 by int64/float32)", ir_dtype_name(x0->dtype),
                          x1 ? ir_dtype_name(x1->dtype) : "?");
  } else {
    if (!kernel_for(k, n, x0->dtype, symbuf, sizeof symbuf)) {
      char list[200];
      return ir_node_fail(d, n, "dtype %s is not supported at run time (supported: %s)",
                          ir_dtype_name(x0->dtype), supported_list(sym_of(k, n), list, sizeof list));
    }
    sym = symbuf;
  }
  if (layout(d, g, n, k, &rank, dims, offs)) return -1;
  int64_t cnt = ir_numel(y);
  if (cnt < 0) return ir_node_fail(d, n, "output shape is unknown or too large");
  if (cnt == 0) {
    emit_code(e, "/* empty tensor: nothing to do */\n");
    return 0;
  }
  char yr[256], ar[256], br[256], id[64], name[96], what[320], sa[96], sb[96], sy[96];
  const char *r = emit_ref(e, n->outputs[0]);
  if (!r) return ir_node_fail(d, n, "internal error: output 0 has no storage");
  snprintf(yr, sizeof yr, "%s", r);
  snprintf(id, sizeof id, "%s", emit_id(e, n));

  if (n_in == 1) { /* Max/Min/Sum/Mean of one input: a copy (memmove: the planner may alias) */
    r = emit_ref(e, n->inputs[0]);
    if (!r) return ir_node_fail(d, n, "internal error: input 0 has no storage");
    emit_code(e, "memmove(%s, %s, %lld);\n", yr, r, (long long)ir_nbytes(y));
    return 0;
  }
  if (emit_use(e, sym)) return -1;

  /* Variadic Max/Min: y = op(x0, x1); y = op(y, xi)... Step i >= 2 overwrites
   * y before reading xi, so an input the planner placed in y's storage must
   * go into the first step (Max and Min are commutative). */
  int order[64];
  for (int i = 0; i < n_in; i++) order[i] = i;
  for (int i = 2; i < n_in; i++)
    if (may_overlap(g, n->outputs[0], n->inputs[i])) {
      order[i] = 1;
      order[1] = i;
      break;
    }
  for (int step = 1; step < n_in; step++) {
    int i0 = order[0], i1 = order[step];
    const ir_tensor *xa = ir_in(g, n, i0), *xb = ir_in(g, n, i1);
    kiln_bcast bc;
    op_bshape s[2];
    if (step == 1) s[0] = shape_of(xa, offs[i0]);
    else { s[0].rank = rank; s[0].off = 0; s[0].dims = dims; }
    s[1] = shape_of(xb, offs[i1]);
    op_bcast_init(&bc, rank, dims, 2, s);
    if (n_in > 2) snprintf(name, sizeof name, "%s_b%d", id, step);
    else snprintf(name, sizeof name, "%s_b", id);
    snprintf(what, sizeof what, "%s: %s %s %s -> %s", n->op_type,
             step == 1 ? ir_shape_str(xa, sa, sizeof sa) : ir_shape_str(y, sa, sizeof sa),
             k->sym, ir_shape_str(xb, sb, sizeof sb), ir_shape_str(y, sy, sizeof sy));
    emit_bcast(e, name, &bc, 2, what);
    if (step == 1) {
      r = emit_ref(e, n->inputs[i0]);
      if (!r) return ir_node_fail(d, n, "internal error: input %d has no storage", i0);
      snprintf(ar, sizeof ar, "%s", r);
    } else {
      snprintf(ar, sizeof ar, "%s", yr);
    }
    r = emit_ref(e, n->inputs[i1]);
    if (!r) return ir_node_fail(d, n, "internal error: input %d has no storage", i1);
    snprintf(br, sizeof br, "%s", r);
    if (emit_threads(e) > 1 && xa->dtype == IR_F32 && xb->dtype == IR_F32 && y->dtype == IR_F32 &&
        cnt >= 2 * 16384) { /* split across the run's threads (kernels/par.h) */
      if (emit_use(e, "kiln_f32_binary_par")) return -1;
      emit_code(e, "kiln_f32_binary_par(&P, %s, &%s, %s, %s, %s);\n", sym, name, ar, br, yr);
    } else {
      emit_code(e, "%s(&%s, %s, %s, %s);\n", sym, name, ar, br, yr);
    }
  }
  if (strcmp(k->name, "Mean") == 0) { /* the sum over the input count */
    char dsym[64];
    snprintf(dsym, sizeof dsym, "kiln_%s_div_scalar__c", abbrev(x0->dtype));
    if (emit_use(e, dsym)) return -1;
    if (x0->dtype == IR_F64)
      emit_code(e, "%s(%lld, %s, %s, %d.0, 0.0);\n", dsym, (long long)cnt, yr, yr, n_in);
    else
      emit_code(e, "%s(%lld, %s, %s, %d.0f, 0.0f);\n", dsym, (long long)cnt, yr, yr, n_in);
  }
  return 0;
}

#define BIN_OP(Name, Since, Attrs, Flags)                                                  \
  const op_def op_##Name = {.name = #Name, .domain = "", .since = Since, .until = 0,        \
                            .attrs = Attrs, .infer = bin_infer, .eval = bin_eval,           \
                            .emit = bin_emit, .flags = OP_ELEMENTWISE | Flags, .as_act = NULL};

/* OP_INPLACE only where the output has input 0's dtype (not comparisons). */
BIN_OP(Add, 1, "broadcast axis consumed_inputs", OP_INPLACE)
BIN_OP(Sub, 1, "broadcast axis consumed_inputs", OP_INPLACE)
BIN_OP(Mul, 1, "broadcast axis consumed_inputs", OP_INPLACE)
BIN_OP(Div, 1, "broadcast axis consumed_inputs", OP_INPLACE)
BIN_OP(Pow, 1, "broadcast axis", OP_INPLACE)
BIN_OP(Max, 1, "consumed_inputs", OP_INPLACE)
BIN_OP(Min, 1, "consumed_inputs", OP_INPLACE)
/* Equal: string inputs (opset 19) go to string.c. */
static int equal_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0);
  return x && x->dtype == IR_STRING ? str_equal_infer(d, g, n) : bin_infer(d, g, n);
}
static int equal_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0);
  return x && x->dtype == IR_STRING ? str_equal_eval(d, g, n) : bin_eval(d, g, n);
}
static int equal_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0);
  return x && x->dtype == IR_STRING ? str_equal_emit(e, g, n) : bin_emit(e, g, n);
}
const op_def op_Equal = {.name = "Equal", .domain = "", .since = 1, .until = 0, .attrs = "broadcast axis",
                         .infer = equal_infer, .eval = equal_eval, .emit = equal_emit,
                         .flags = OP_ELEMENTWISE, .as_act = NULL};
BIN_OP(Less, 1, "broadcast axis", 0)
BIN_OP(Greater, 1, "broadcast axis", 0)
BIN_OP(LessOrEqual, 12, "", 0)
BIN_OP(GreaterOrEqual, 12, "", 0)
BIN_OP(And, 1, "broadcast axis", OP_INPLACE)
BIN_OP(Or, 1, "broadcast axis", OP_INPLACE)
BIN_OP(Xor, 1, "broadcast axis", OP_INPLACE)
BIN_OP(Mod, 10, "fmod", OP_INPLACE)
BIN_OP(Sum, 1, "consumed_inputs", OP_INPLACE)
BIN_OP(Mean, 1, "consumed_inputs", OP_INPLACE)
BIN_OP(BitShift, 11, "direction", OP_INPLACE)
BIN_OP(BitwiseAnd, 18, "", OP_INPLACE)
BIN_OP(BitwiseOr, 18, "", OP_INPLACE)
BIN_OP(BitwiseXor, 18, "", OP_INPLACE)
/* PRelu: in place on X (the slope never has the output's shape unless X's). */
BIN_OP(PRelu, 1, "consumed_inputs", OP_INPLACE)
