#!/bin/bash
# NAME_init/NAME_run edge cases beyond tests/cli/test_package.sh
# (tests/robust/blob_api.c): misaligned blob, lying length fields, trailing
# bytes, an overstated size, NULL buffers, a failed init clearing the context,
# NAME_set_parallel's argument checks.
# Built with ASan+UBSan when the compiler can, so reading past the blob fails.
# usage: tests/robust/blob_api.sh KILN
KILN=${1:-build/kiln}
CC=${CC:-cc}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
if ! "$KILN" compile demo/digits.onnx -o "$D/p" --name digits >"$D/log" 2>&1; then
    echo "FAIL blob-api-compile: $(tail -1 "$D/log")"
    exit 0
fi
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
echo 'int main(void){return 0;}' >"$D/t.c"
$CC $san -o "$D/t" "$D/t.c" 2>/dev/null && "$D/t" 2>/dev/null || san=""
if ! $CC -std=c11 -O1 -g $san -I"$D/p" -o "$D/api" tests/robust/blob_api.c "$D/p/digits.c" -lm 2>"$D/log"; then
    echo "FAIL blob-api-build: $(head -3 "$D/log" | tr '\n' ' ')"
    exit 0
fi
"$D/api" "$D/p/digits.weights" 2>"$D/err"
rc=$?
[ $rc = 0 ] || echo "FAIL blob-api: exit $rc: $(grep -m1 -E 'ERROR|runtime error' "$D/err" || tail -1 "$D/err")"
exit 0
