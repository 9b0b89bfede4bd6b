#!/bin/bash
# The size promise: MobileNetV2 for aarch64 with --opt size, weights
# external, is at most 48 KB of text+data in its static library.
# usage: tests/models/test_size.sh KILN ZOODIR
KILN=$1 ZOODIR=$2
M=$ZOODIR/mobilenet_v2.onnx
if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
    echo "SKIP size-mobilenet_v2-aarch64: aarch64-linux-gnu-gcc not installed"; exit 0
fi
if [ ! -f "$M" ]; then echo "SKIP size-mobilenet_v2-aarch64: $M not exported"; exit 0; fi
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
if "$KILN" compile "$M" -o "$D/p" --name mb2 --target aarch64 --opt size >"$D/log" 2>&1 &&
   make -s -C "$D/p" CC=aarch64-linux-gnu-gcc AR=aarch64-linux-gnu-ar libmb2.a >>"$D/log" 2>&1; then
    bytes=$(aarch64-linux-gnu-size "$D/p/libmb2.a" | awk 'NR > 1 { s += $1 + $2 } END { print s }')
    if [ "$bytes" -le 49152 ]; then
        echo "PASS size-mobilenet_v2-aarch64 $bytes bytes <= 48 KB"
    else
        echo "FAIL size-mobilenet_v2-aarch64: $bytes bytes > 48 KB"
    fi
else
    echo "FAIL size-mobilenet_v2-aarch64: $(tail -2 "$D/log")"
fi
