/* cast.c - Cast: convert every element to the dtype named by `to`.
 *
 * Versions: opset 1-5 name the type as a string ("FLOAT", "INT64", ...),
 * opset 6+ as a TensorProto.DataType number. Opset 19 added `saturate`
 * (float8 targets: clamp to the largest finite value, else inf/NaN) and 24
 * `round_mode` (float8e8m0 targets: "up", "down", "nearest"); for other
 * targets they have no effect, as the spec says.
 *
 * Semantics are those of the kernels in src/kernels/cast.c: float -> int
 * truncates toward zero and saturates (NaN -> 0), int -> int wraps, float16
 * rounds to nearest even; and src/kernels/lowp.c for bfloat16, float8,
 * float4e2m1, int4/uint4 and int2/uint2 (float -> 4/2-bit integers wraps,
 * as ONNX's reference does).
 *
 * Run time: any pair among float16/32/64, int8/16/32/64, uint8/16/32/64 and
 * bool has its own kernel (132 + a copy for same-type casts); every pair
 * involving bfloat16 or a low-precision type goes through the one generic
 * kernel kiln_lowp_cast__c. Strings and complex types are errors.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/cast.h"
#include "../kernels/lowp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

/* Kernel dtype names used in cast.h's pair list. */
enum {
  DT_f16 = IR_F16, DT_f32 = IR_F32, DT_f64 = IR_F64, DT_i8 = IR_I8, DT_i16 = IR_I16,
  DT_i32 = IR_I32, DT_i64 = IR_I64, DT_u8 = IR_U8, DT_u16 = IR_U16, DT_u32 = IR_U32,
  DT_u64 = IR_U64, DT_bool = IR_BOOL
};

#define SUPPORTED "float16, float32, float64, bfloat16, int8, int16, int32, int64, uint8, " \
                  "uint16, uint32, uint64, bool, float8e4m3fn, float8e4m3fnuz, float8e5m2, " \
                  "float8e5m2fnuz, float8e8m0, float4e2m1, int4, uint4, int2, uint2"

static const char *abbrev(ir_dtype t) {
  switch (t) {
  case IR_F16: return "f16";
  case IR_F32: return "f32";
  case IR_F64: return "f64";
  case IR_I8: return "i8";
  case IR_I16: return "i16";
  case IR_I32: return "i32";
  case IR_I64: return "i64";
  case IR_U8: return "u8";
  case IR_U16: return "u16";
  case IR_U32: return "u32";
  case IR_U64: return "u64";
  case IR_BOOL: return "bool";
  default: return NULL; /* no run-time kernels */
  }
}

/* Names of TensorProto.DataType values kiln does not support. */
static const char *unsupported_name(int64_t v) {
  switch (v) {
  case 0: return "undefined";
  case 8: return "string";
  case 14: return "complex64";
  case 15: return "complex128";
  case 17: return "float8e4m3fn";
  case 18: return "float8e4m3fnuz";
  case 19: return "float8e5m2";
  case 20: return "float8e5m2fnuz";
  case 21: return "uint4";
  case 22: return "int4";
  case 23: return "float4e2m1";
  case 24: return "float8e8m0";
  default: return "unknown";
  }
}

/* ASCII case-insensitive equality (strcasecmp is POSIX, not C). */
static int same_name(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
  return *a == *b;
}

/* Cast and CastLike's `saturate` (0 or 1, default 1) and `round_mode`
 * (KILN_E8M0_*, default "up"), validated. */
static int cast_flags(kiln_diag *d, ir_node *n, int *saturate, int *round_mode) {
  int64_t sat = ir_attr_int(n, "saturate", 1);
  const char *rm = ir_attr_str(n, "round_mode", "up");
  if (sat != 0 && sat != 1)
    return ir_node_fail(d, n, "attribute 'saturate' = %lld must be 0 or 1", (long long)sat);
  if (strcmp(rm, "up") == 0) *round_mode = KILN_E8M0_UP;
  else if (strcmp(rm, "down") == 0) *round_mode = KILN_E8M0_DOWN;
  else if (strcmp(rm, "nearest") == 0) *round_mode = KILN_E8M0_NEAREST;
  else
    return ir_node_fail(d, n, "attribute 'round_mode' = \"%s\" is not one of up, down, nearest", rm);
  *saturate = (int)sat;
  return 0;
}

/* The target dtype from `to` (int since opset 6, string before). */
static int cast_target(kiln_diag *d, ir_node *n, ir_dtype *out) {
  ir_attr *a = ir_attr_find(n, "to");
  if (!a) return ir_node_fail(d, n, "attribute 'to' is required");
  int64_t v;
  if (a->type == IR_ATTR_STRING) {
    static const struct { const char *name; int v; } names[] = {
      {"FLOAT", 1}, {"UINT8", 2}, {"INT8", 3}, {"UINT16", 4}, {"INT16", 5}, {"INT32", 6},
      {"INT64", 7}, {"STRING", 8}, {"BOOL", 9}, {"FLOAT16", 10}, {"DOUBLE", 11}, {"UINT32", 12},
      {"UINT64", 13}, {"COMPLEX64", 14}, {"COMPLEX128", 15}, {"BFLOAT16", 16}};
    v = -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
      if (same_name(a->s ? a->s : "", names[i].name)) v = names[i].v;
    if (v < 0) return ir_node_fail(d, n, "attribute 'to' = \"%s\" is not a type name", a->s);
  } else if (a->type == IR_ATTR_INT) {
    v = a->i;
  } else {
    return ir_node_fail(d, n, "attribute 'to' must be an int (a TensorProto.DataType)");
  }
  ir_dtype t = (ir_dtype)v;
  int ok = v >= 1 && v <= IR_I2 && v != IR_STRING && ir_dtype_size(t) != 0;
  if (!ok)
    return ir_node_fail(d, n, "cast to %s (to=%lld) is not supported (supported: " SUPPORTED ")",
                        unsupported_name(v), (long long)v);
  *out = t;
  return 0;
}

static int cast_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 1) return ir_node_fail(d, n, "expected 1 input, got %d", n->n_inputs);
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output, got %d", n->n_outputs);
  if (n->opset < 19 && ir_attr_find(n, "saturate"))
    return ir_node_fail(d, n, "attribute 'saturate' exists only from opset 19");
  if (n->opset < 24 && ir_attr_find(n, "round_mode"))
    return ir_node_fail(d, n, "attribute 'round_mode' exists only from opset 24");
  ir_dtype to = IR_UNDEFINED;
  int sat, rm;
  if (cast_target(d, n, &to) || cast_flags(d, n, &sat, &rm)) return -1;
  if (x->dtype == IR_STRING || ir_dtype_size(x->dtype) == 0)
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s; Cast supports: " SUPPORTED, x->name,
                        ir_dtype_name(x->dtype));
  ir_set_shape(y, to, x->rank, x->dims);
  return 0;
}

/* Runs the kernel from -> to (both with kernels, from != to); 0 if none. */
static int run_cast(ir_dtype from, ir_dtype to, int64_t cnt, const void *x, void *y) {
#define CAST_CASE(A, TA, B, TB)                              \
  if (from == (ir_dtype)DT_##A && to == (ir_dtype)DT_##B) {  \
    kiln_##A##_to_##B##__c(cnt, (const TA *)x, (TB *)y);      \
    return 1;                                                \
  }
  KILN_CAST_PAIRS(CAST_CASE)
#undef CAST_CASE
  return 0;
}

static int cast_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!x || !y || !x->data) return ir_node_fail(d, n, "internal error: cannot fold");
  int64_t cnt = ir_numel(x);
  void *out = cnt < 0 ? NULL : ir_alloc_data(y);
  if (!out) return ir_node_fail(d, n, "out of memory folding %s", n->op_type);
  ir_dtype from = x->dtype, to = y->dtype;
  if (from == to) {
    kiln_cast_copy__c(ir_nbytes(x), x->data, out);
    return 0;
  }
  if (run_cast(from, to, cnt, x->data, out)) return 0;
  /* bfloat16 and the low-precision types: the generic kernel */
  int sat, rm;
  if (cast_flags(d, n, &sat, &rm)) return -1;
  kiln_lowp_cast__c(cnt, x->data, (int)from, out, (int)to, sat, rm);
  return 0;
}

static int cast_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (!x || !y) return ir_node_fail(d, n, "internal error: cannot emit");
  const char *fa = abbrev(x->dtype), *ta = abbrev(y->dtype);
  int64_t cnt = ir_numel(x);
  if (cnt < 0) return ir_node_fail(d, n, "input shape is unknown or too large");
  if (cnt == 0) {
    emit_code(e, "/* empty tensor: nothing to do */\n");
    return 0;
  }
  char sym[48], xr[256];
  const char *r;
  if (x->dtype == y->dtype) {
    if (emit_use(e, "kiln_cast_copy__c")) return -1;
    r = emit_ref(e, n->inputs[0]);
    if (!r) return ir_node_fail(d, n, "internal error: input 0 has no storage");
    snprintf(xr, sizeof xr, "%s", r);
    r = emit_ref(e, n->outputs[0]);
    if (!r) return ir_node_fail(d, n, "internal error: output 0 has no storage");
    emit_code(e, "kiln_cast_copy__c(%lld, %s, %s);\n", (long long)ir_nbytes(x), xr, r);
    return 0;
  }
  if (!fa || !ta) { /* bfloat16 / low-precision on a side: the generic kernel */
    int sat, rm;
    if (cast_flags(d, n, &sat, &rm)) return -1;
    if (emit_use(e, "kiln_lowp_cast__c")) return -1;
    r = emit_ref(e, n->inputs[0]);
    if (!r) return ir_node_fail(d, n, "internal error: input 0 has no storage");
    snprintf(xr, sizeof xr, "%s", r);
    r = emit_ref(e, n->outputs[0]);
    if (!r) return ir_node_fail(d, n, "internal error: output 0 has no storage");
    emit_code(e, "kiln_lowp_cast__c(%lld, %s, /*from=%s*/ %d, %s, /*to=%s*/ %d, /*saturate=*/%d, "
              "/*round_mode=*/%d);\n", (long long)cnt, xr, ir_dtype_name(x->dtype), (int)x->dtype, r,
              ir_dtype_name(y->dtype), (int)y->dtype, sat, rm);
    return 0;
  }
  snprintf(sym, sizeof sym, "kiln_%s_to_%s__c", fa, ta);
  if (emit_use(e, sym)) return -1;
  r = emit_ref(e, n->inputs[0]);
  if (!r) return ir_node_fail(d, n, "internal error: input 0 has no storage");
  snprintf(xr, sizeof xr, "%s", r);
  r = emit_ref(e, n->outputs[0]);
  if (!r) return ir_node_fail(d, n, "internal error: output 0 has no storage");
  emit_code(e, "%s(%lld, %s, %s);\n", sym, (long long)cnt, xr, r);
  return 0;
}

/* Not OP_INPLACE: input and output element sizes usually differ. */
const op_def op_Cast = {.name = "Cast", .domain = "", .since = 1, .until = 0,
                        .attrs = "to saturate round_mode", .infer = cast_infer,
                        .eval = cast_eval, .emit = cast_emit, .flags = OP_ELEMENTWISE,
                        .as_act = NULL};

/* CastLike(input, target_type) is Cast with `to` = target_type's dtype
 * (opset 15+): the same eval and emit; target_type's values are never read. */
static int castable(ir_dtype t) { return t != IR_STRING && ir_dtype_size(t) != 0; }

static int castlike_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 2) return ir_node_fail(d, n, "expected 2 inputs, got %d", n->n_inputs);
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *like = ir_in(g, n, 1), *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output, got %d", n->n_outputs);
  if (n->opset < 19 && ir_attr_find(n, "saturate"))
    return ir_node_fail(d, n, "attribute 'saturate' exists only from opset 19");
  if (n->opset < 24 && ir_attr_find(n, "round_mode"))
    return ir_node_fail(d, n, "attribute 'round_mode' exists only from opset 24");
  int sat, rm;
  if (cast_flags(d, n, &sat, &rm)) return -1;
  if (!castable(x->dtype))
    return ir_node_fail(d, n, "input 0 '%s' has dtype %s; CastLike supports: " SUPPORTED,
                        x->name, ir_dtype_name(x->dtype));
  if (!castable(like->dtype))
    return ir_node_fail(d, n, "input 1 '%s' (target_type) has dtype %s; CastLike supports: "
                        SUPPORTED, like->name, ir_dtype_name(like->dtype));
  ir_set_shape(y, like->dtype, x->rank, x->dims);
  return 0;
}

/* Not OP_INPLACE: input and output element sizes usually differ. */
const op_def op_CastLike = {.name = "CastLike", .domain = "", .since = 15, .until = 0,
                            .attrs = "saturate round_mode", .infer = castlike_infer,
                            .eval = cast_eval, .emit = cast_emit, .flags = OP_ELEMENTWISE,
                            .as_act = NULL};
