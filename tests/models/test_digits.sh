#!/bin/bash
# Digits test: compile demo/digits.onnx with kiln and compare with ONNX Runtime on one
# held-out sample taken from demo/digits_test.bin (format in tools/train_digits.py).
# usage: tests/models/test_digits.sh KILN VENV_PY
# Prints one PASS/FAIL/SKIP line; always exits 0 (the runner counts lines).
KILN=$1 VENV_PY=$2
ROOT=$(dirname "$0")/../..
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$VENV_PY" -c "import onnxruntime" 2>/dev/null ||
    { echo "SKIP digits: onnxruntime not importable by $VENV_PY"; exit 0; }

"$VENV_PY" - "$ROOT/demo/digits_test.bin" "$TMP/digit.npy" <<'PY' || { echo "FAIL digits cannot read demo/digits_test.bin"; exit 0; }
import sys, numpy as np
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"KDIGITS1", "bad magic"
# Sample 0: header is magic + uint32 count, then float32 pixels, already normalised.
np.save(sys.argv[2], np.frombuffer(data, "<f4", 64, 12).reshape(1, 1, 8, 8))
PY
"$VENV_PY" "$ROOT/tools/check_model.py" --kiln "$KILN" "$ROOT/demo/digits.onnx" "$TMP/digit.npy"
exit 0
