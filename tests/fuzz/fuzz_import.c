/* fuzz_import.c - libFuzzer target: the protobuf wire reader and the ONNX
 * importer (src/onnx/) on arbitrary bytes.
 *
 * Contract checked: onnx_import() either returns 0 with a graph, or -1 with
 * exactly one non-empty message and *out == NULL. ASan/UBSan and the
 * fuzzer's leak and malloc-limit checks catch the rest. */
#include "fuzz_file.h"
#include "onnx/onnx_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file_write(data, size);
  kiln_diag d;
  memset(&d, 0, sizeof d);
  ir_graph *g = (ir_graph *)1;
  int rc = onnx_import(&d, path, &g);
  if (rc == 0) {
    if (!g || d.failed) abort();
    ir_graph_free(g);
  } else {
    if (rc != -1 || g != NULL || !d.failed || !d.msg[0]) abort();
  }
  return 0;
}
