#!/bin/bash
# The generated code under valgrind: compiles demo/digits.onnx, builds the
# package's example (-O1 -g) and runs it on zeros and on real digits under
# `valgrind --error-exitcode=1 --leak-check=full`: no invalid read or
# write, no use of uninitialised memory, no leak.
# usage: tests/robust/valgrind.sh KILN
KILN=${1:-build/kiln}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
if ! command -v valgrind >/dev/null; then
    echo "SKIP valgrind-digits: valgrind not installed"
    exit 0
fi
VG="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all --track-origins=yes"
if ! "$KILN" compile demo/digits.onnx -o "$D/p" --name digits >"$D/log" 2>&1 ||
   ! make -s -C "$D/p" CFLAGS="-O1 -g" >>"$D/log" 2>&1; then
    echo "FAIL valgrind-build: $(tail -3 "$D/log" | tr '\n' ' ')"
    exit 0
fi
# one real digit: the demo's held-out set is "KDIGITS1", a u32 count, then
# per sample 64 float32 pixels and a label byte
tail -c +13 demo/digits_test.bin | head -c 256 >"$D/digit.bin"
run() { # name, args...
    local name=$1
    shift
    if (cd "$D/p" && $VG ./digits_example "$@" >"$D/out" 2>"$D/err"); then
        echo "PASS valgrind-$name"
    else
        echo "FAIL valgrind-$name: $(grep -m3 -E 'Invalid|uninitialised|definitely|ERROR' "$D/err" | tr '\n' ' ' || tail -2 "$D/err")"
    fi
}
run zeros
run digit -n 3 -i "$D/digit.bin"
# the embedded-weights build takes another path through digits_init
if "$KILN" compile demo/digits.onnx -o "$D/e" --name digits --embed-weights >"$D/log" 2>&1 &&
   make -s -C "$D/e" CFLAGS="-O1 -g" >>"$D/log" 2>&1; then
    if (cd "$D/e" && $VG ./digits_example >"$D/out" 2>"$D/err"); then echo "PASS valgrind-embedded"
    else echo "FAIL valgrind-embedded: $(grep -m3 -E 'Invalid|uninitialised|definitely' "$D/err" | tr '\n' ' ')"; fi
else
    echo "FAIL valgrind-embedded: build: $(tail -2 "$D/log" | tr '\n' ' ')"
fi
exit 0
