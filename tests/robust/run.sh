#!/bin/bash
# Hostile models: every case of the malformed-model corpus (make_corpus.py)
# through `kiln compile` and `kiln info`. A case passes when kiln
#   - exits 1 with exactly one stderr line `kiln: FILE: ...` naming the file
#     (cases marked ok must exit 0, cases marked any may do either),
#   - dies of no signal and trips no sanitizer,
#   - leaks nothing: the compiler's own ASan leak checker when KILN is an
#     ASan build (make SANITIZE=1), else valgrind on `compile` when installed,
#   - stays within bounded memory: under `ulimit -v` (2 GiB) for a plain build,
#     ASan's max_allocation_size_mb/hard_rss_limit_mb for an ASan build, and
#     a peak RSS under 512 MiB in both (the files are at most a few KB),
#   - answers within ROBUST_TIMEOUT seconds (default 60).
# Cases marked `known` are open bugs outside src/onnx/: SKIP (with what is
# still wrong) until kiln refuses them properly, then PASS. An "out of memory"
# message counts as a failure: no case needs anywhere near the 2 GiB limit.
# usage: tests/robust/run.sh KILN VENV_PYTHON      (ROBUST_VALGRIND=0 skips valgrind)
KILN=${1:-build/kiln}
PY=${2:-build/venv/bin/python}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT

if ! "$PY" -c 'import onnx, numpy' 2>/dev/null; then
    echo "SKIP robust-corpus: $PY has no onnx/numpy (make venv)"
    exit 0
fi
if ! "$PY" tests/robust/make_corpus.py "$D/c" >"$D/gen.log" 2>&1; then
    echo "FAIL robust-corpus: make_corpus.py failed: $(tail -1 "$D/gen.log")"
    exit 0
fi

ASAN=0
if nm -D "$KILN" 2>/dev/null | grep -q __asan_init || nm "$KILN" 2>/dev/null | grep -q __asan_init; then ASAN=1; fi
VG=""
if [ $ASAN = 0 ] && [ "${ROBUST_VALGRIND:-1}" != 0 ] && command -v valgrind >/dev/null; then
    VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
fi
if [ $ASAN = 1 ]; then
    echo "robust: $KILN is an ASan build: leaks and allocations checked by ASan"
elif [ -n "$VG" ]; then
    echo "robust: leaks checked by valgrind on compile; memory under ulimit -v 2 GiB"
else
    echo "robust: no ASan build and valgrind off or missing: leaks are not checked"
fi
export ASAN_OPTIONS=detect_leaks=1:max_allocation_size_mb=1024:hard_rss_limit_mb=1024:allocator_may_return_null=0:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
RSS_MAX_KB=524288

# run_one LABEL PREFIX... : runs kiln with the limits; sets rc, err, rss
run_one() {
    local label=$1
    shift
    (
        [ $ASAN = 0 ] && ulimit -v 2097152
        timeout -s KILL "${ROBUST_TIMEOUT:-60}" /usr/bin/time -f '%M' -o "$D/rss" "$@" >"$D/out" 2>"$D/err"
    )
    rc=$?
    rss=$(tail -1 "$D/rss" 2>/dev/null)
    case $rss in ''|*[!0-9]*) rss=0 ;; esac
}

# check EXPECT FILE: why it is wrong, or nothing
check() {
    local expect=$1 file=$2
    if [ $rc -ge 2 ]; then
        if [ $rc = 137 ] && [ ! -s "$D/rss" ]; then echo "no answer within ${ROBUST_TIMEOUT:-60} s (killed)"
        elif [ $rc = 99 ]; then echo "valgrind: $(grep -m1 -E 'definitely|Invalid|uninitialised' "$D/err")"
        else echo "exit $rc: $(grep -m1 -E 'ERROR|runtime error|Sanitizer|Killed|signal' "$D/err" || tail -1 "$D/err")"; fi
        return
    fi
    if grep -q "out of memory" "$D/err"; then echo "ran out of memory (the limit is 2 GiB): $(head -c 200 "$D/err")"; return; fi
    if [ "$rss" -gt $RSS_MAX_KB ]; then echo "peak RSS $rss KB for a $(stat -c %s "$file")-byte model"; return; fi
    if [ $rc = 0 ]; then
        if [ "$expect" = fail ]; then echo "accepted (exit 0)"; fi
        return
    fi
    if [ "$expect" = ok ]; then echo "refused a valid model: $(head -1 "$D/err")"; return; fi
    local lines
    lines=$(grep -c '' "$D/err")
    if [ "$lines" != 1 ]; then echo "$lines stderr lines, expected 1: $(head -c 300 "$D/err" | tr '\n' '|')"; return; fi
    if ! grep -qF "kiln: $file: " "$D/err"; then echo "message does not start 'kiln: $file: ': $(cat "$D/err")"; fi
}

pass=0
fail=0
while read -r name expect what; do
    [ -n "$name" ] || continue
    f="$D/c/$name.onnx"
    rm -rf "$D/o"
    run_one compile $VG "$KILN" compile "$f" -o "$D/o"
    crc=$rc
    why=$(check "$expect" "$f")
    if [ -z "$why" ]; then
        run_one info "$KILN" info "$f"
        w2=$(check "$expect" "$f")
        [ -n "$w2" ] && why="info: $w2"
        [ -z "$w2" ] && [ $crc != $rc ] && why="compile exited $crc but info $rc"
    else
        why="compile: $why"
    fi
    if [ -n "$why" ] && [ "$expect" = known ]; then
        echo "SKIP robust-$name: known bug: $what: $why"
    elif [ -n "$why" ]; then
        echo "FAIL robust-$name: $why ($what)"
    elif [ "$expect" = known ] && [ $crc = 0 ]; then
        echo "SKIP robust-$name: known bug, still accepted: $what"
    else
        echo "PASS robust-$name"
    fi
done <"$D/c/manifest.txt"
exit 0
