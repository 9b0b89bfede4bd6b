/* mge_import.c - placeholder until the FlatBuffers reader lands. */
#include "mge_import.h"

#include <string.h>

int mge_sniff(const void *head, size_t n) {
  return n >= 12 && memcmp((const char *)head + 8, "mgv2", 4) == 0;
}

int mge_import(kiln_diag *d, const char *path, ir_graph **out) {
  (void)path;
  *out = NULL;
  return kiln_fail(d, "MegEngine models are not supported yet (kiln reads ONNX)");
}
