#!/bin/bash
# tests/mge/run.sh KILN [WORK_DIR]: MegEngine (.mge) import tests.
#
# 1. Fixtures: tools/mge_fixtures.py (run with a Python that has megengine
#    1.13 and numpy<2) dumps small nets and resnet18/mobilenet_v2/
#    shufflenet_v2-style CNNs and records MegEngine's outputs. The Python is
#    $MGE_PYTHON, else WORK_DIR/../mgevenv (created here with a Python 3.10,
#    which megengine 1.13's wheels need). Without one, model cases SKIP with
#    the reason.
# 2. Each model runs through `kiln run` for every target (generic, native,
#    x86-64-avx2, x86-64-avx512, aarch64 under qemu when installed) and
#    must match MegEngine to max abs diff <= 1e-4 * max |ref|.
# 3. Damaged dumps (truncated, bit flips, bad offsets, v1 headers) must give
#    exit status 0 or 1 with one message, never a crash.
# Prints PASS/FAIL/SKIP lines; exits 1 if anything failed.
KILN=${1:-build/kiln}
WORK=${2:-build/mge}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MODELS="small elem pools shapes fused resnet18 mobilenet_v2 shufflenet_v2"
# every target kiln has; aarch64 when the cross toolchain and qemu are here
TARGETS="generic native x86-64-avx2 x86-64-avx512"
if command -v aarch64-linux-gnu-gcc >/dev/null && command -v qemu-aarch64 >/dev/null; then
    TARGETS="$TARGETS aarch64"
else
    echo "SKIP mge --target aarch64: aarch64-linux-gnu-gcc or qemu-aarch64 not installed"
fi
mkdir -p "$WORK"
VENV=$(cd "$WORK/.." && pwd)/mgevenv
fail=0

has_mge() { "$1" -c 'import megengine, numpy' >/dev/null 2>&1; }

find_python() {
    if [ -n "$MGE_PYTHON" ]; then
        has_mge "$MGE_PYTHON" && { PY=$MGE_PYTHON; return 0; }
        SKIP_REASON="MGE_PYTHON=$MGE_PYTHON cannot import megengine and numpy"
        return 1
    fi
    has_mge "$VENV/bin/python" && { PY=$VENV/bin/python; return 0; }
    local py=""
    for c in python3.10 /root/.pyenv/versions/3.10*/bin/python /usr/bin/python3.10; do
        if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
            py=$(command -v "$c")
            break
        fi
    done
    if [ -z "$py" ]; then
        SKIP_REASON="no Python 3.10 found (megengine 1.13 publishes wheels for CPython 3.6-3.10 only); set MGE_PYTHON"
        return 1
    fi
    if ! "$py" -m venv "$VENV" >"$WORK/venv.log" 2>&1; then
        SKIP_REASON="'$py -m venv $VENV' failed (see $WORK/venv.log)"
        return 1
    fi
    if ! "$VENV/bin/pip" install -q megengine==1.13.0 'numpy<2' >>"$WORK/venv.log" 2>&1; then
        SKIP_REASON="pip install megengine==1.13.0 'numpy<2' failed (see $WORK/venv.log)"
        return 1
    fi
    has_mge "$VENV/bin/python" && { PY=$VENV/bin/python; return 0; }
    SKIP_REASON="megengine installed in $VENV but does not import (see $WORK/venv.log)"
    return 1
}

SKIP_REASON=""
PY=""
find_python

if [ -n "$PY" ]; then
    stale=0
    for m in $MODELS nchw44; do
        [ "$WORK/$m.mge" -nt "$ROOT/tools/mge_fixtures.py" ] && [ -f "$WORK/$m.y.npy" ] || stale=1
    done
    if [ $stale = 1 ] && ! "$PY" "$ROOT/tools/mge_fixtures.py" "$WORK" >"$WORK/fixtures.log" 2>&1; then
        echo "FAIL mge fixtures: tools/mge_fixtures.py failed (see $WORK/fixtures.log)"
        fail=1
    fi
    for m in $MODELS; do
        for target in $TARGETS; do
            name="mge $m --target $target"
            if [ ! -f "$WORK/$m.mge" ]; then
                echo "FAIL $name: fixture missing"; fail=1; continue
            fi
            out="$WORK/$m.$target.out.npy"
            rm -f "$out"
            if ! "$KILN" run "$WORK/$m.mge" --target $target --input "$WORK/$m.x.npy" --output "$out" \
                    >"$WORK/$m.$target.log" 2>&1; then
                echo "FAIL $name: kiln run failed: $(grep -m1 'kiln:' "$WORK/$m.$target.log")"
                fail=1
                continue
            fi
            "$PY" "$HERE/compare.py" "$out" "$WORK/$m.y.npy" "$name" || fail=1
        done
    done
    # fused.mge is dumped with output_names=["prob"] and operator names kept.
    if "$KILN" info "$WORK/fused.mge" 2>&1 | grep -q "^output 0 'prob'"; then
        echo "PASS mge fused: output named 'prob' from the dump"
    else
        echo "FAIL mge fused: output is not named 'prob': $("$KILN" info "$WORK/fused.mge" 2>&1 | grep -m1 '^output')"
        fail=1
    fi
    # An NCHW44 dump must be refused with a message naming the layout.
    "$KILN" info "$WORK/nchw44.mge" >/dev/null 2>"$WORK/nchw44.err"
    rc=$?
    if [ $rc -eq 1 ] && [ "$(wc -l <"$WORK/nchw44.err")" -eq 1 ] && grep -q "format NCHW44 is unsupported" "$WORK/nchw44.err"; then
        echo "PASS mge nchw44 refused: $(cut -c1-140 "$WORK/nchw44.err")"
    else
        echo "FAIL mge nchw44: exit $rc: $(head -c 300 "$WORK/nchw44.err")"
        fail=1
    fi
else
    for m in $MODELS nchw44; do echo "SKIP mge $m: $SKIP_REASON"; done
fi

# Damaged files: need one valid dump (a fixture, else the bundled sample).
SRC="$WORK/small.mge"
[ -f "$SRC" ] || SRC="$HERE/sample.mge"
if [ -f "$SRC" ] && command -v python3 >/dev/null; then
    BAD="$WORK/malformed"
    rm -rf "$BAD"
    python3 "$HERE/malformed.py" "$SRC" "$BAD" >/dev/null
    nbad=0 badfail=0
    for f in "$BAD"/*.mge; do
        nbad=$((nbad + 1))
        "$KILN" info "$f" >/dev/null 2>"$BAD/err.txt"
        rc=$?
        lines=$(wc -l <"$BAD/err.txt")
        if [ $rc -eq 0 ] || { [ $rc -eq 1 ] && [ "$lines" -eq 1 ] && grep -q "^kiln: $f: " "$BAD/err.txt"; }; then
            :
        else
            echo "FAIL mge malformed $(basename "$f"): exit $rc, $lines stderr lines: $(head -c 300 "$BAD/err.txt")"
            badfail=1
        fi
    done
    # specific messages
    for c in trunc40:"size prefix" v1_mgbc:"v1 (FLATBUFFERS)" root1:"malformed FlatBuffer"; do
        f="$BAD/${c%%:*}.mge"
        "$KILN" info "$f" >/dev/null 2>"$BAD/err.txt"
        grep -q "${c#*:}" "$BAD/err.txt" || { echo "FAIL mge malformed ${c%%:*}: message lacks '${c#*:}': $(cat "$BAD/err.txt")"; badfail=1; }
    done
    [ $badfail = 0 ] && echo "PASS mge malformed: $nbad damaged dumps give one message or load, no crash"
    [ $badfail = 0 ] || fail=1
else
    echo "SKIP mge malformed: no valid .mge to damage (needs the fixtures) or no python3"
fi
exit $fail
