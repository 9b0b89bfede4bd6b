/* where.c - Where(condition, X, Y): X where condition else Y, with numpy
 * broadcasting of all three inputs (opset 9; opset 16 only added bfloat16).
 *
 * Run time and folding: every fixed-size dtype (src/kernels/where.c). Where
 * only moves elements, so dtypes without a kernel of their own use the
 * kernel of their element size (int8 -> the bool kernel, int16/float16 ->
 * uint16, uint32 -> int32, uint64 -> int64).
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/where.h"

#include <stdio.h>
#include <string.h>

/* The broadcast shape and the coalesced descriptor of the node. */
static int where_layout(kiln_diag *d, ir_graph *g, ir_node *n, kiln_bcast *bc, int *rank,
                        int64_t *dims) {
  const ir_tensor *ins[3] = {ir_in(g, n, 0), ir_in(g, n, 1), ir_in(g, n, 2)};
  if (op_broadcast_shape(d, n, ins, 3, rank, dims)) return -1;
  op_bshape s[3];
  for (int i = 0; i < 3; i++) {
    s[i].rank = ins[i]->rank;
    s[i].off = *rank - ins[i]->rank;
    s[i].dims = ins[i]->dims;
  }
  op_bcast_init(bc, *rank, dims, 3, s);
  return 0;
}

static int where_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (n->n_inputs != 3) return ir_node_fail(d, n, "expected 3 inputs, got %d", n->n_inputs);
  if (op_need_inputs(d, g, n, 0, 2)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  if (n->n_outputs != 1 || !y) return ir_node_fail(d, n, "expected 1 output, got %d", n->n_outputs);
  ir_tensor *c = ir_in(g, n, 0), *a = ir_in(g, n, 1), *b = ir_in(g, n, 2);
  static const ir_dtype cond_ok[] = {IR_BOOL, IR_UNDEFINED};
  if (op_check_dtype(d, n, c, 0, cond_ok)) return -1;
  if (a->dtype != b->dtype)
    return ir_node_fail(d, n, "input 2 '%s' has dtype %s but input 1 '%s' has %s; Where needs "
                        "equal dtypes", b->name, ir_dtype_name(b->dtype), a->name,
                        ir_dtype_name(a->dtype));
  if (ir_dtype_size(a->dtype) == 0 || a->dtype == IR_STRING)
    return ir_node_fail(d, n, "input 1 '%s' has dtype %s, which kiln does not support", a->name,
                        ir_dtype_name(a->dtype));
  kiln_bcast bc;
  int rank;
  int64_t dims[IR_MAX_RANK];
  if (where_layout(d, g, n, &bc, &rank, dims)) return -1;
  ir_set_shape(y, a->dtype, rank, dims);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output has too many elements");
  return 0;
}

static int where_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  ir_tensor *c = ir_in(g, n, 0), *a = ir_in(g, n, 1), *b = ir_in(g, n, 2), *y = ir_out(g, n, 0);
  if (!c || !a || !b || !y || !c->data || !a->data || !b->data)
    return ir_node_fail(d, n, "internal error: cannot fold");
  kiln_bcast bc;
  int rank;
  int64_t dims[IR_MAX_RANK];
  if (where_layout(d, g, n, &bc, &rank, dims)) return -1;
  void *out = ir_alloc_data(y);
  if (!out) return ir_node_fail(d, n, "out of memory folding Where");
  switch (y->dtype) {
  case IR_F32: kiln_f32_where__c(&bc, c->data, a->data, b->data, out); return 0;
  case IR_F64: kiln_f64_where__c(&bc, c->data, a->data, b->data, out); return 0;
  default: break;
  }
  switch (ir_dtype_size(y->dtype)) {
  case 1: kiln_bool_where__c(&bc, c->data, a->data, b->data, out); return 0;
  case 2: kiln_u16_where__c(&bc, c->data, a->data, b->data, out); return 0;
  case 4: kiln_i32_where__c(&bc, c->data, a->data, b->data, out); return 0;
  case 8: kiln_i64_where__c(&bc, c->data, a->data, b->data, out); return 0;
  default: return ir_node_fail(d, n, "dtype %s is not supported", ir_dtype_name(y->dtype));
  }
}

static int where_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  ir_tensor *y = ir_out(g, n, 0);
  if (!y || n->n_inputs != 3) return ir_node_fail(d, n, "internal error: cannot emit");
  const char *sym;
  int by_size = 0; /* a kernel of the same element size: pass untyped pointers */
  switch (y->dtype) {
  case IR_F32: sym = "kiln_f32_where__c"; break;
  case IR_F64: sym = "kiln_f64_where__c"; break;
  case IR_I32: sym = "kiln_i32_where__c"; break;
  case IR_I64: sym = "kiln_i64_where__c"; break;
  case IR_BOOL: sym = "kiln_bool_where__c"; break;
  default:
    by_size = 1;
    switch (ir_dtype_size(y->dtype)) {
    case 1: sym = "kiln_bool_where__c"; break;
    case 2: sym = "kiln_u16_where__c"; break;
    case 4: sym = "kiln_i32_where__c"; break;
    case 8: sym = "kiln_i64_where__c"; break;
    default:
      return ir_node_fail(d, n, "dtype %s is not supported at run time", ir_dtype_name(y->dtype));
    }
  }
  kiln_bcast bc;
  int rank;
  int64_t dims[IR_MAX_RANK];
  if (where_layout(d, g, n, &bc, &rank, dims)) return -1;
  if (bc.n == 0) {
    emit_code(e, "/* empty tensor: nothing to do */\n");
    return 0;
  }
  if (emit_use(e, sym)) return -1;
  char name[96], ref[4][256], list[4][8 * 24], shp[4][96];
  snprintf(name, sizeof name, "%s_b", emit_id(e, n));
  for (int i = 0; i < 4; i++) {
    int t = i < 3 ? n->inputs[i] : n->outputs[0];
    const char *r = by_size && i > 0 ? emit_bytes(e, t) : emit_ref(e, t);
    if (!r) return ir_node_fail(d, n, "internal error: tensor '%s' has no storage",
                                g->tensors[t].name);
    if (by_size && i > 0) snprintf(ref[i], sizeof ref[i], "(%svoid *)%s", i < 3 ? "const " : "", r);
    else snprintf(ref[i], sizeof ref[i], "%s", r);
    ir_shape_str(&g->tensors[t], shp[i], sizeof shp[i]);
  }
  for (int i = 0; i < 4; i++) { /* list[0] = dims, list[1..3] = strides */
    size_t o = 0;
    list[i][0] = 0;
    for (int k = 0; k < bc.rank; k++)
      o += (size_t)snprintf(list[i] + o, sizeof list[i] - o, "%s%lld", k ? ", " : "",
                            (long long)(i == 0 ? bc.dims[k] : bc.stride[i - 1][k]));
  }
  emit_decl(e, "/* Where: %s ? %s : %s -> %s */\nstatic const kiln_bcast %s = {%d, %lld, {%s}, "
            "{{%s}, {%s}, {%s}}};\n", shp[0], shp[1], shp[2], shp[3], name, bc.rank,
            (long long)bc.n, list[0], list[1], list[2], list[3]);
  emit_code(e, "%s(&%s, %s, %s, %s, %s);\n", sym, name, ref[0], ref[1], ref[2], ref[3]);
  return 0;
}

/* Not OP_INPLACE: the output may be larger than any input, and input 0 is
 * the bool condition. */
const op_def op_Where = {.name = "Where", .domain = "", .since = 9, .until = 0, .attrs = "",
                         .infer = where_infer, .eval = where_eval, .emit = where_emit,
                         .flags = OP_ELEMENTWISE, .as_act = NULL};
