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
# The NEON GEMM/conv kernels against the portable reference, every tile edge,
# as --opt speed (-O2: one unrolled tile per width) and --opt size (-Os: one
# shared out-of-line tile) build them.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
KT=$(mktemp -d)
for O in -O2 -Os; do
    if aarch64-linux-gnu-gcc -std=c11 $O -Wall -Wextra -Werror -DKILN_HOST -I"$ROOT/src" \
            -I"$ROOT/runtime" -I"$ROOT/src/kernels" -o "$KT/test_kernels_simd" \
            "$ROOT/tests/unit/test_kernels_simd.c" "$ROOT/src/kernels/gemm.c" \
            "$ROOT/src/kernels/conv.c" "$ROOT/src/kernels/gemm_neon.c" \
            "$ROOT/src/kernels/conv_neon.c" "$ROOT/src/kernels/pool.c" "$ROOT/src/kernels/unary.c" \
            "$ROOT/src/kernels/binary.c" "$ROOT/src/kernels/copy.c" -lm >"$KT/cc.log" 2>&1; then
        qemu-aarch64 -L /usr/aarch64-linux-gnu "$KT/test_kernels_simd" >"$KT/run.log" 2>&1
        rc=$?
        grep '^FAIL ' "$KT/run.log" | head -20 | sed "s/^FAIL /FAIL aarch64-kernels$O /"
        summary=$(tail -n 1 "$KT/run.log")
        case "$rc:$summary" in
            "0:"*" passed, 0 failed") echo "PASS aarch64-kernels$O: NEON GEMM/conv vs portable C ($summary)" ;;
            *) echo "FAIL aarch64-kernels$O: exit $rc, $summary" ;;
        esac
    else
        echo "FAIL aarch64-kernels$O: cross build failed: $(head -c 400 "$KT/cc.log")"
    fi
done
rm -rf "$KT"
for m in $MODELS; do
    if [ ! -f "$ZOODIR/$m.onnx" ]; then
        echo "SKIP aarch64-$m: $ZOODIR/$m.onnx not exported (torch unavailable?)"
        continue
    fi
    "$VENV_PY" "$TOOLS/check_model.py" --kiln "$KILN" --target aarch64 "$ZOODIR/$m.onnx" \
        "$ZOODIR/$m.input.npy"
done
# --opt size (one shared out-of-line NEON tile) on a real network too
if [ -f "$ZOODIR/mobilenet_v2.onnx" ]; then
    "$VENV_PY" "$TOOLS/check_model.py" --kiln "$KILN" --target aarch64 --opt size \
        "$ZOODIR/mobilenet_v2.onnx" "$ZOODIR/mobilenet_v2.input.npy"
fi
exit 0
