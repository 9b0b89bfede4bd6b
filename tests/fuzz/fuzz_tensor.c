/* fuzz_tensor.c - libFuzzer target: tensor files, the inputs of `kiln run`
 * and `--const` (src/onnx/tensor_file.c): the .npy header parser and the
 * TensorProto .pb reader. An even first byte makes the rest a .npy file, an
 * odd one a .pb file.
 *
 * Contract checked: tensor_file_read() returns 0 with data for exactly
 * numel * element-size bytes, or -1 with a message and *out zeroed. */
#include "fuzz_file.h"
#include "onnx/tensor_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const char *path = fuzz_file_write_as(data[0] & 1 ? "tensor.pb" : "tensor.npy", data + 1, size - 1);
  kiln_diag d;
  memset(&d, 0, sizeof d);
  ir_tensor t;
  memset(&t, 0, sizeof t);
  if (tensor_file_read(&d, path, &t) == 0) {
    if (d.failed || t.rank < 0 || ir_nbytes(&t) != (int64_t)t.nbytes || (t.nbytes && !t.data)) abort();
    /* touch every byte: ASan checks the buffer really is that long */
    volatile uint8_t sum = 0;
    for (size_t i = 0; i < t.nbytes; i++) sum ^= ((const uint8_t *)t.data)[i];
    (void)sum;
    tensor_file_free(&t); /* a string tensor owns each of its strings too */
  } else {
    if (!d.failed || !d.msg[0] || t.owned || t.name || t.data) abort();
  }
  return 0;
}
