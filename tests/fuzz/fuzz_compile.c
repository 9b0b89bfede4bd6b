/* fuzz_compile.c - libFuzzer target: what `kiln compile` does before it
 * writes files. Import, the unsupported-operator check, every pass
 * (pass_run_all: shape inference, constant folding, fusion, views, in-place)
 * and memory planning, then the plan checker.
 *
 * Contract checked: every stage returns 0, or -1 with a message; a graph
 * that gets through is planned without overlapping live buffers. */
#include "fuzz_file.h"
#include "onnx/onnx_import.h"
#include "ops/op.h"
#include "passes/passes.h"
#include "plan/plan.h"

static int failed_with_message(const kiln_diag *d) { return d->failed && d->msg[0]; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file_write(data, size);
  kiln_diag d;
  memset(&d, 0, sizeof d);
  ir_graph *g = NULL;
  if (onnx_import(&d, path, &g)) {
    if (!failed_with_message(&d)) abort();
    return 0;
  }
  /* kiln compile refuses unknown operators before running any pass */
  for (int k = 0; k < g->n_nodes; k++)
    if (!ops_find(g->nodes[k].domain, g->nodes[k].op_type)) {
      ir_graph_free(g);
      return 0;
    }
  plan_result plan;
  if (pass_run_all(&d, g, NULL, 0) || plan_memory(&d, g, &plan)) {
    if (!failed_with_message(&d)) abort();
  } else {
    if (d.failed) abort();
    if (plan_check(&d, g)) {
      fprintf(stderr, "plan_check: %s\n", d.msg);
      abort();
    }
  }
  ir_graph_free(g);
  return 0;
}
