#!/bin/bash
# kiln's test runner: runs every test group, echoes their PASS/FAIL/SKIP lines
# and ends with the totals line `N passed, N failed, N skipped`.
# usage: tests/run_tests.sh BUILD_DIR VENV_PYTHON
BUILD=${1:-build}
VENV_PY=${2:-build/venv/bin/python}
KILN=$BUILD/kiln
LOG=$BUILD/test.log
mkdir -p "$BUILD"
: >"$LOG"

run_group() { # name, command...
    local name=$1
    shift
    echo "== $name" | tee -a "$LOG"
    # Keep only result lines on the console; everything goes to the log.
    "$@" 2>&1 | tee -a "$LOG" | grep -E '^(PASS|FAIL|SKIP) '
    local rc=${PIPESTATUS[0]}
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        # a crash (signal, sanitizer abort) is a failure even if no FAIL line was printed
        echo "FAIL $name: exited with status $rc (see $LOG)" | tee -a "$LOG"
    fi
}

for t in "$BUILD"/tests/*; do
    [ -x "$t" ] && run_group "unit $(basename "$t")" "$t"
done
run_group "kernels -Os" bash tests/unit/kernels_opt_size.sh
run_group "cli errors" bash tests/cli/test_errors.sh "$KILN" "$VENV_PY"
run_group "package" bash tests/cli/test_package.sh "$KILN"
run_group "dynamic shapes" bash tests/cli/test_dynamic.sh "$KILN" "$VENV_PY"
run_group "robust corpus" bash tests/robust/run.sh "$KILN" "$VENV_PY"
run_group "robust blob api" bash tests/robust/blob_api.sh "$KILN"
run_group "valgrind" bash tests/robust/valgrind.sh "$KILN"
run_group "threads" bash tests/robust/threads.sh "$KILN" "$VENV_PY"
run_group "fuzz" bash tests/fuzz/run.sh "$BUILD"
run_group "digits" bash tests/models/test_digits.sh "$KILN" "$VENV_PY"
run_group "zoo" bash tests/models/test_zoo.sh "$KILN" "$VENV_PY" build/zoo
run_group "aarch64" bash tests/models/test_aarch64.sh "$KILN" "$VENV_PY" build/zoo
run_group "size" bash tests/models/test_size.sh "$KILN" build/zoo
# MegEngine fixtures need a Python 3.10 venv with megengine (made once, in build/mgevenv)
run_group "mge" bash tests/mge/run.sh "$KILN" build/mge
run_group "mge fuzz" bash tests/mge/fuzz.sh 20 "$BUILD"
# Cases in the pass baseline must keep passing; the others are reported as
# SKIP with their reason (docs/onnx-support.md lists them all as failures).
run_group "onnx conformance" bash tests/conformance/run.sh "$KILN" "$VENV_PY" \
    --baseline tests/conformance/passing.txt --out - --json "$BUILD/conformance.json" \
    --work-dir "$BUILD/conformance-work"
# The same baseline cross-built for arm64 (NEON kernels) and run under qemu;
# the light (whole-network) models are left to the aarch64 zoo group above,
# as emulating VGG-19 alone takes minutes.
run_group "onnx conformance aarch64" bash tests/conformance/run.sh "$KILN" "$VENV_PY" \
    --target aarch64 --kind node,simple,pytorch-converted,pytorch-operator \
    --baseline tests/conformance/passing.txt --baseline-only --out - \
    --json "$BUILD/conformance-aarch64.json" --work-dir "$BUILD/conformance-work-aarch64" \
    --cases-dir "$BUILD/conformance-cases-aarch64"

pass=$(grep -c '^PASS ' "$LOG")
fail=$(grep -c '^FAIL ' "$LOG")
skip=$(grep -c '^SKIP ' "$LOG")
if [ "$fail" -ne 0 ]; then
    echo "failures:"
    grep '^FAIL ' "$LOG"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
