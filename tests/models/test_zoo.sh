#!/bin/bash
# Zoo test: export torchvision models (random weights, non-trivial BN) with Debian's
# torch, then compile and run each with kiln and compare with ONNX Runtime.
# usage: tests/models/test_zoo.sh KILN VENV_PY ZOODIR
# Prints one PASS/FAIL/SKIP line per model; always exits 0 (the runner counts lines).
KILN=$1 VENV_PY=$2 ZOODIR=$3
TOOLS=$(dirname "$0")/../../tools
MODELS="resnet18 mobilenet_v2 squeezenet1_1 shufflenet_v2_x1_0 efficientnet_b0"

# One SKIP line per check, so the counts match those of a real run.
skip_all() {
    for m in $MODELS; do
        echo "SKIP zoo-$m: $1"; echo "SKIP zoo-$m-native: $1"; echo "SKIP zoo-$m-arena: $1"
    done
    echo "SKIP zoo-mobilenet_v2-native-opt-size: $1"; echo "SKIP zoo-resnet18-native-opt-size: $1"
    for m in $MODELS; do echo "SKIP zoo-$m-native-threads-2: $1"; done
    exit 0
}
/usr/bin/python3 -c "import torch, torchvision" 2>/dev/null ||
    skip_all "torch/torchvision not importable by /usr/bin/python3"
"$VENV_PY" -c "import onnxruntime" 2>/dev/null ||
    skip_all "onnxruntime not importable by $VENV_PY"

# Exporting is cached per model, so reruns cost nothing; the log keeps tracer warnings
# out of the test output.
mkdir -p "$ZOODIR"
/usr/bin/python3 "$TOOLS/export_zoo.py" "$ZOODIR" $MODELS >"$ZOODIR/export.log" 2>&1

for m in $MODELS; do
    if [ ! -f "$ZOODIR/$m.onnx" ]; then
        echo "FAIL $m export failed (see $ZOODIR/export.log)"
        continue
    fi
    "$VENV_PY" "$TOOLS/check_model.py" --kiln "$KILN" "$ZOODIR/$m.onnx" \
        "$ZOODIR/$m.input.npy" --ref "$ZOODIR/$m.torch.npy"
    # the build host's SIMD kernels (AVX-512 or AVX2 here)
    "$VENV_PY" "$TOOLS/check_model.py" --kiln "$KILN" --target native "$ZOODIR/$m.onnx" \
        "$ZOODIR/$m.input.npy"
    # two threads through the shipped pthread pool (kiln_pool.c): every kernel
    # that splits its work, with real concurrency
    "$VENV_PY" "$TOOLS/check_model.py" --kiln "$KILN" --target native --threads 2 \
        "$ZOODIR/$m.onnx" "$ZOODIR/$m.input.npy"
    case $m in
    mobilenet_v2 | resnet18) # --opt size: one shared out-of-line tile, no in-place-tap kernel
        "$VENV_PY" "$TOOLS/check_model.py" --kiln "$KILN" --target native --opt size \
            "$ZOODIR/$m.onnx" "$ZOODIR/$m.input.npy" ;;
    esac
    # The memory plan: arena within 1.05x of the lower bound (max live bytes).
    line=$("$KILN" info "$ZOODIR/$m.onnx" 2>&1 | grep '^arena:')
    ratio=$(echo "$line" | sed -n 's/.*(\([0-9.]*\)x).*/\1/p')
    if [ -n "$ratio" ] && awk "BEGIN { exit !($ratio <= 1.05) }"; then
        echo "PASS $m-arena ${ratio}x of the lower bound"
    else
        echo "FAIL $m-arena: ${line:-kiln info failed}"
    fi
done
exit 0
