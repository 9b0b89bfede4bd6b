#!/bin/bash
# The x86-64 SIMD kernels as `--opt size` packages build them (-Os: one
# out-of-line NV = 4 AVX-512 tile for every width) against the portable
# reference; the unit test binary links the -O2 objects of the compiler.
# usage: tests/unit/kernels_opt_size.sh
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case "$(uname -m)" in
x86_64) ;;
*) echo "SKIP kernels-Os: not an x86-64 host"; exit 0 ;;
esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
K="$ROOT/src/kernels"
if ! ${CC:-cc} -std=c11 -Os -Wall -Wextra -Werror -DKILN_HOST -I"$ROOT/src" -I"$ROOT/runtime" -I"$K" \
        -o "$T/t" "$ROOT/tests/unit/test_kernels_simd.c" "$K/gemm.c" "$K/conv.c" "$K/gemm_avx2.c" \
        "$K/conv_avx2.c" "$K/gemm_avx512.c" "$K/conv_avx512.c" "$K/wino_avx512.c" "$K/pool.c" \
        "$K/pool_avx512.c" "$K/unary.c" "$K/unary_avx512.c" "$K/binary.c" "$K/copy.c" -lm >"$T/cc.log" 2>&1; then
    echo "FAIL kernels-Os: build failed: $(head -c 400 "$T/cc.log")"
    exit 0
fi
"$T/t" >"$T/run.log" 2>&1
rc=$?
grep -E '^(FAIL|SKIP) ' "$T/run.log" | sed -E 's/^(FAIL|SKIP) /\1 kernels-Os /' | head -20
summary=$(tail -n 1 "$T/run.log")
case "$rc:$summary" in
"0:"*" passed, 0 failed") echo "PASS kernels-Os: x86 SIMD kernels at -Os vs portable C ($summary)" ;;
*) echo "FAIL kernels-Os: exit $rc, $summary" ;;
esac
