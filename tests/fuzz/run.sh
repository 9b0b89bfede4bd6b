#!/bin/bash
# The fuzzers, briefly: builds them (make fuzz-build, into build/fuzz/) and
# runs each for FUZZ_SECONDS (default 20) on its seeds plus the corpus that
# earlier runs grew in build/fuzz/corpus/. Prints one line per target:
#   PASS fuzz-TARGET N execs  /  FAIL fuzz-TARGET: what crashed (reproducer path)
# SKIP when clang or libFuzzer is unavailable. Targets: see mk/fuzz.mk. `make fuzz` is the long run.
# usage: tests/fuzz/run.sh [BUILD_DIR]     (BUILD_DIR holds the kiln to use, as for make;
#        for an ASan BUILD_DIR set SANITIZE=1 as `make test SANITIZE=1` does, so the
#        sub-make agrees with the one that built it)
BUILD=${1:-build}
SECONDS_EACH=${FUZZ_SECONDS:-20}
FUZZ=build/fuzz
CLANG=${FUZZ_CC:-clang}
TARGETS="import compile blob tensor"
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT

skip_all() {
    for t in $TARGETS; do echo "SKIP fuzz-$t: $1"; done
    exit 0
}
command -v "$CLANG" >/dev/null || skip_all "$CLANG not installed"
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' >"$D/t.c"
"$CLANG" -fsanitize=fuzzer,address,undefined -o "$D/t" "$D/t.c" >"$D/log" 2>&1 ||
    skip_all "$CLANG cannot build libFuzzer targets: $(head -1 "$D/log")"

if ! make -s BUILD="$BUILD" fuzz-build >"$D/build.log" 2>&1; then
    for t in $TARGETS; do echo "FAIL fuzz-$t: make fuzz-build failed: $(grep -m1 -E 'error|Error' "$D/build.log")"; done
    exit 0
fi
mkdir -p "$FUZZ/crashes" "$FUZZ/logs"
total=0
for t in $TARGETS; do
    mkdir -p "$FUZZ/corpus/$t"
    log="$FUZZ/logs/$t-test.log"
    # shellcheck disable=SC2046
    "$FUZZ/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
        -error_exitcode=77 -timeout_exitcode=78 -print_final_stats=1 \
        -artifact_prefix="$FUZZ/crashes/$t-" $(cat "tests/fuzz/$t.options" 2>/dev/null) \
        "$FUZZ/corpus/$t" "$FUZZ/seeds/$t" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
    if [ $rc = 0 ] && [ -n "$runs" ]; then
        echo "PASS fuzz-$t $runs execs"
        total=$((total + runs))
    else
        what=$(grep -m1 -E 'ERROR|runtime error|ALARM|out-of-memory|malloc\(' "$log" || tail -1 "$log")
        art=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -1)
        echo "FAIL fuzz-$t: exit $rc: $what${art:+ (reproducer: $art, log: $log)}"
    fi
done
echo "fuzz: $total execs in total"
exit 0
