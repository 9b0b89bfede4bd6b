/* softmax.c - ONNX Softmax and LogSoftmax, float32; float16/bfloat16
 * (each step of the function body rounded to 16 bits) and float64 run
 * softmax_t.c's kernels.
 *
 * Version difference: before opset 13 the input is coerced to 2-D at `axis`
 * (default 1) and each row of the flattened tail dims[axis:] is normalised;
 * from opset 13 the normalisation is along the single dim `axis` (default
 * -1). The kernel subtracts the maximum first (numerically stable).
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/gemm.h"
#include "../kernels/softmax.h"
#include "../kernels/softmax_t.h"

#include <stdlib.h>
#include <string.h>

#include <stdio.h>

static const ir_dtype sm_types[] = {IR_F32, IR_F16, IR_BF16, IR_F64, IR_UNDEFINED};

static int sm_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_softmax_params *p) {
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, sm_types)) return -1;
  if (x->rank < 1) return ir_node_fail(d, n, "input 0 'input' is a scalar; expected rank >= 1");
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  const int coerce = n->opset < 13;
  int ax;
  if (op_axis(d, n, ir_attr_int(n, "axis", coerce ? 1 : -1), x->rank, &ax)) return -1;
  p->outer = 1;
  p->n = 1;
  p->inner = 1;
  for (int i = 0; i < x->rank; i++) {
    if (i < ax) p->outer *= x->dims[i];
    else if (i == ax || coerce) p->n *= x->dims[i];
    else p->inner *= x->dims[i];
  }
  return 0;
}

static int sm_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_softmax_params p;
  if (sm_plan(d, g, n, &p)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  ir_set_shape(ir_out(g, n, 0), x->dtype, x->rank, x->dims);
  return 0;
}

static int sm_eval_(kiln_diag *d, ir_graph *g, ir_node *n, int log) {
  kiln_softmax_params p;
  if (sm_plan(d, g, n, &p)) return -1;
  const ir_tensor *x = ir_in(g, n, 0);
  if (x->dtype != IR_F32) { /* 16-bit / double storage; copy if unaligned */
    const size_t sz = ir_dtype_size(x->dtype), nb = (size_t)ir_numel(x) * sz;
    void *tmp = (uintptr_t)x->data % sz ? kiln_malloc(nb ? nb : 1) : NULL;
    const void *xd = tmp ? memcpy(tmp, x->data, nb) : x->data;
    void *o = ir_alloc_data(ir_out(g, n, 0));
    if (o && x->dtype == IR_F64) kiln_f64_softmax__c(&p, log, xd, o);
    else if (o) kiln_h_softmax__c(&p, x->dtype == IR_F16 ? 1 : 2, log, xd, o);
    free(tmp);
    return o ? 0 : ir_node_fail(d, n, "out of memory");
  }
  float *out = ir_alloc_data(ir_out(g, n, 0));
  if (!out) return ir_node_fail(d, n, "out of memory");
  if (log) kiln_f32_logsoftmax__c(&p, ir_in(g, n, 0)->data, out);
  else kiln_f32_softmax__c(&p, ir_in(g, n, 0)->data, out);
  return 0;
}

static int sm_emit_(emit_ctx *e, ir_graph *g, ir_node *n, int log) {
  kiln_softmax_params p;
  if (sm_plan(emit_diag(e), g, n, &p)) return -1;
  const ir_dtype dt = ir_in(g, n, 0)->dtype;
  const char *sym = dt == IR_F64 ? "kiln_f64_softmax__c"
                  : dt != IR_F32 ? "kiln_h_softmax__c"
                  : log ? "kiln_f32_logsoftmax__c" : "kiln_f32_softmax__c";
  char id[64], x[160], y[160], extra[32] = "";
  if (emit_use(e, sym)) return -1;
  if (dt == IR_F64) snprintf(extra, sizeof extra, "%d, ", log);
  else if (dt != IR_F32) snprintf(extra, sizeof extra, "%d, %d, ", dt == IR_F16 ? 1 : 2, log);
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (op_emit_ref(e, n->inputs[0], x, sizeof x) || op_emit_ref(e, n->outputs[0], y, sizeof y))
    return -1;
  emit_decl(e, "static const kiln_softmax_params %s_p = {.outer = %lld, .n = %lld, .inner = %lld};\n",
            id, (long long)p.outer, (long long)p.n, (long long)p.inner);
  emit_code(e, "%s(&%s_p, %s%s, %s);\n", sym, id, extra, x, y);
  return 0;
}

static int softmax_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return sm_eval_(d, g, n, 0); }
static int softmax_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return sm_emit_(e, g, n, 0); }
static int logsoftmax_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return sm_eval_(d, g, n, 1); }
static int logsoftmax_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return sm_emit_(e, g, n, 1); }

const op_def op_Softmax = {.name = "Softmax", .domain = "", .since = 1, .until = 0,
                           .attrs = "axis", .infer = sm_infer, .eval = softmax_eval,
                           .emit = softmax_emit, .flags = OP_INPLACE};
const op_def op_LogSoftmax = {.name = "LogSoftmax", .domain = "", .since = 1, .until = 0,
                              .attrs = "axis", .infer = sm_infer, .eval = logsoftmax_eval,
                              .emit = logsoftmax_emit, .flags = OP_INPLACE};
