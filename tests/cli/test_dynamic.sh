#!/bin/bash
# Data-dependent output shapes (NonZero here): the package sizes the output
# for its upper bound, flags it (upper_bound), and NAME_output_dims()
# returns the actual dims of each context's last run; `kiln run` writes
# the actual shape; a consumer of such a tensor is a compile error.
# usage: tests/cli/test_dynamic.sh KILN VENV_PYTHON
KILN=$1
PY=${2:-build/venv/bin/python}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
ok() { echo "PASS dynamic-$1"; }
bad() { echo "FAIL dynamic-$1: $2"; }

if ! "$PY" - "$D" <<'PY'
import sys, numpy as np, onnx
from onnx import TensorProto, helper
d = sys.argv[1]
def save(name, nodes, out):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])
    y = helper.make_tensor_value_info(out, TensorProto.INT64, None)
    m = helper.make_model(helper.make_graph(nodes, name, [x], [y]),
                          opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.save(m, f"{d}/{name}.onnx")
save("nz", [helper.make_node("NonZero", ["x"], ["y"], name="nz")], "y")
save("nz_used", [helper.make_node("NonZero", ["x"], ["i"], name="nz"),
                 helper.make_node("Transpose", ["i"], ["y"], name="tr")], "y")
np.save(f"{d}/x.npy", np.array([[0, 2, 0], [-1, 0, 3]], np.float32))
PY
then echo "SKIP dynamic: cannot write the test models (needs onnx in $PY)"; exit 0; fi

if "$KILN" compile "$D/nz.onnx" -o "$D/p" --name nz >"$D/log" 2>&1 &&
   make -s -C "$D/p" CFLAGS="-O2 -Wall -Wextra -Werror -pedantic" >>"$D/log" 2>&1; then
    ok compile
else
    bad compile "$(tail -3 "$D/log")"; exit 0
fi

# Two contexts with different inputs: each reports its own actual dims.
cat >"$D/api.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include "nz.h"
static unsigned char a1[NZ_ARENA_BYTES + 1] __attribute__((aligned(64)));
static unsigned char a2[NZ_ARENA_BYTES + 1] __attribute__((aligned(64)));
int main(int argc, char **argv) {
  static unsigned char blob[1 << 16] __attribute__((aligned(64)));
  FILE *f = fopen(argv[argc - 1], "rb");
  size_t n = f ? fread(blob, 1, sizeof blob, f) : 0;
  nz_ctx c1, c2;
  float x1[6] = {0, 2, 0, -1, 0, 3}, x2[6] = {0, 0, 0, 0, -0.0f, 5};
  int64_t y1[12], y2[12], dims[8];
  const void *in1[1] = {x1}, *in2[1] = {x2};
  void *out1[1] = {y1}, *out2[1] = {y2};
  int fails = 0, i;
  const int64_t want1[6] = {0, 1, 1, 1, 0, 2}; /* rows then cols of (0,1) (1,0) (1,2) */
  if (f) fclose(f);
  if (nz_output_dims(NULL, 0, dims) != NZ_ERR_NOT_INIT) fails++, puts("null ctx");
  if (nz_init(&c1, a1, NZ_ARENA_BYTES, blob, n) || nz_init(&c2, a2, NZ_ARENA_BYTES, blob, n)) return 9;
  if (!nz_outputs[0].upper_bound || nz_outputs[0].rank != 2 || nz_outputs[0].dims[0] != 2 ||
      nz_outputs[0].dims[1] != 6 || nz_outputs[0].bytes != 12 * 8) fails++, puts("output info");
  if (nz_output_dims(&c1, 0, dims) != 2 || dims[0] != 2 || dims[1] != 6) fails++, puts("dims before run");
  if (nz_output_dims(&c1, 1, dims) != NZ_ERR_ARG || nz_output_dims(&c1, -1, dims) != NZ_ERR_ARG)
    fails++, puts("bad index");
  if (nz_run(&c1, in1, out1) || nz_run(&c2, in2, out2)) return 8;
  if (nz_output_dims(&c1, 0, dims) != 2 || dims[0] != 2 || dims[1] != 3) fails++, puts("ctx1 dims");
  for (i = 0; i < 6; i++) if (y1[i] != want1[i]) fails++, printf("ctx1 y[%d] = %lld\n", i, (long long)y1[i]);
  if (nz_output_dims(&c2, 0, dims) != 2 || dims[0] != 2 || dims[1] != 1) fails++, puts("ctx2 dims");
  if (y2[0] != 1 || y2[1] != 2) fails++, puts("ctx2 values (-0.0 is zero)");
  return fails;
}
C
if cc -std=c99 -Wall -Werror -I"$D/p" -o "$D/api" "$D/api.c" "$D/p/libnz.a" -lm 2>"$D/log" &&
   "$D/api" "$D/p/nz.weights" >"$D/log" 2>&1; then
    ok output-dims
else
    bad output-dims "$(head -3 "$D/log")"
fi

# kiln run writes the actual shape
if "$KILN" run "$D/nz.onnx" --input "$D/x.npy" --output "$D/y.npy" >"$D/log" 2>&1 &&
   "$PY" -c "import numpy as np, sys; y = np.load(sys.argv[1]); sys.exit(0 if y.shape == (2, 3) and y.tolist() == [[0, 1, 1], [1, 0, 2]] else 1)" "$D/y.npy"; then
    ok run-actual-shape
else
    bad run-actual-shape "$(tail -2 "$D/log")"
fi

# a consumer of a data-dependent tensor: the real limit, named
if "$KILN" compile "$D/nz_used.onnx" -o "$D/q" >"$D/log" 2>&1; then
    bad consumer-refused "compiled"
elif grep -q "data-dependent shape; kiln plans static shapes, so it can only be a graph output" "$D/log"; then
    ok consumer-refused
else
    bad consumer-refused "$(tail -1 "$D/log")"
fi
exit 0
