#!/bin/bash
# tests/mge/fuzz.sh [SECONDS] [BUILD_DIR]: builds tests/mge/fuzz_mge.c with
# clang -fsanitize=fuzzer,address,undefined and fuzzes the .mge reader for
# SECONDS (default 60), seeded with the bundled sample and any fixtures in
# BUILD_DIR/mge. Prints PASS/FAIL/SKIP.
SECS=${1:-60}
BUILD=${2:-build}
OUT=$BUILD/mge-fuzz
command -v clang >/dev/null || { echo "SKIP mge fuzz: clang not found"; exit 0; }
mkdir -p "$OUT/corpus"
if ! clang -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -DKILN_HOST -Isrc -Iruntime -Isrc/kernels \
        -o "$OUT/fuzz_mge" tests/mge/fuzz_mge.c src/mge/*.c src/ir/ir.c src/util/util.c src/kernels/lowp.c -lm \
        >"$OUT/build.log" 2>&1; then
    echo "FAIL mge fuzz: build failed (see $OUT/build.log)"
    exit 1
fi
cp tests/mge/sample.mge "$OUT/corpus/" 2>/dev/null
for f in "$BUILD"/mge/*.mge; do
    [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 65536 ] && cp "$f" "$OUT/corpus/"
done
if "$OUT/fuzz_mge" -max_total_time="$SECS" -max_len=65536 -rss_limit_mb=2048 -artifact_prefix="$OUT/" \
        "$OUT/corpus" >"$OUT/fuzz.log" 2>&1; then
    echo "PASS mge fuzz: $(grep -o 'Done [0-9]* runs' "$OUT/fuzz.log" | tail -1) in ${SECS}s, no crash"
else
    echo "FAIL mge fuzz: see $OUT/fuzz.log and $OUT/crash-*"
    exit 1
fi
