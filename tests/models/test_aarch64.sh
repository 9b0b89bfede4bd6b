#!/bin/bash
# The aarch64 target: zoo models cross-built with aarch64-linux-gnu-gcc and
# run under qemu-aarch64, compared with onnxruntime on the x86 host.
# usage: tests/models/test_aarch64.sh KILN VENV_PY ZOODIR
KILN=$1 VENV_PY=$2 ZOODIR=$3
TOOLS=$(dirname "$0")/../../tools
MODELS="mobilenet_v2 squeezenet1_1 resnet18"
missing=""
command -v aarch64-linux-gnu-gcc >/dev/null || missing="aarch64-linux-gnu-gcc"
command -v qemu-aarch64 >/dev/null || missing="$missing qemu-aarch64"
if [ -n "$missing" ]; then
    for m in $MODELS; do echo "SKIP aarch64-$m: not installed:$missing (apt-get install gcc-aarch64-linux-gnu qemu-user)"; done
    exit 0
fi
for m in $MODELS; do
    if [ ! -f "$ZOODIR/$m.onnx" ]; then
        echo "SKIP aarch64-$m: $ZOODIR/$m.onnx not exported (torch unavailable?)"
        continue
    fi
    "$VENV_PY" "$TOOLS/check_model.py" --kiln "$KILN" --target aarch64 "$ZOODIR/$m.onnx" \
        "$ZOODIR/$m.input.npy" | sed 's/^\(PASS\|FAIL\) /\1 aarch64-/'
done
exit 0
