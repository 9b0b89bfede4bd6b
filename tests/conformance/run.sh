#!/bin/bash
# ONNX backend test suite through kiln: one PASS/FAIL/SKIP line per case, then
# `N passed, N failed, N skipped`. Extra arguments go to tools/conformance.py
# (--kind, --filter, --target, --limit, -j, --out, --json, ...).
# usage: tests/conformance/run.sh KILN VENV_PY [args]
# Exits 0 unless the runner itself broke (the caller counts the lines).
KILN=${1:?usage: run.sh KILN VENV_PY [args]}
VENV_PY=${2:?usage: run.sh KILN VENV_PY [args]}
shift 2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if ! "$VENV_PY" -c "import onnx, onnxruntime, numpy" 2>/dev/null; then
    echo "SKIP onnx/conformance: onnx, onnxruntime or numpy not importable by $VENV_PY (make venv)"
    exit 0
fi
case " $* " in
*" --target aarch64 "*)
    if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null; then
        echo "SKIP onnx/conformance [aarch64]: aarch64-linux-gnu-gcc or qemu-aarch64 not installed (apt-get install gcc-aarch64-linux-gnu qemu-user)"
        exit 0
    fi ;;
esac
exec "$VENV_PY" "$ROOT/tools/conformance.py" --kiln "$KILN" "$@"
