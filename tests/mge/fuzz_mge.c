/* fuzz_mge.c - libFuzzer target: the FlatBuffers reader (src/mge/fb.c) and
 * the MegEngine importer on arbitrary bytes.
 *
 * Contract checked: mge_import_mem() either returns 0 with a graph, or -1
 * with exactly one non-empty message and *out == NULL. ASan/UBSan and the
 * fuzzer's leak and malloc-limit checks catch the rest.
 *
 * Build and run: bash tests/mge/fuzz.sh [SECONDS] */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mge/mge_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kiln_diag d;
  memset(&d, 0, sizeof d);
  d.file = "fuzz.mge";
  ir_graph *g = (ir_graph *)1;
  int rc = mge_import_mem(&d, data, size, &g);
  if (rc == 0) {
    if (!g || d.failed) abort();
    ir_graph_free(g);
  } else {
    if (rc != -1 || g != NULL || !d.failed || !d.msg[0]) abort();
  }
  return 0;
}
