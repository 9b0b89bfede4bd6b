#!/bin/bash
# Two contexts of one model on two threads (tests/robust/threads.c): results
# bit-identical to serial runs. For demo/digits.onnx and a small ResNet-like
# model (make_resnetlet.py, needs the venv), each built plainly and with
# -fsanitize=thread (SKIP when TSan cannot build or run here). resnetlet also
# compiled --target native --threads 2: each context then splits its kernels
# over its own kiln_pool (threads.c -DPOOL), four threads at once.
# usage: tests/robust/threads.sh KILN [VENV_PYTHON]
KILN=${1:-build/kiln}
PY=${2:-build/venv/bin/python}
CC=${CC:-cc}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
models="digits:demo/digits.onnx"
if "$PY" tests/robust/make_resnetlet.py "$D/resnetlet.onnx" >"$D/log" 2>&1; then
    models="$models resnetlet:$D/resnetlet.onnx resnetlet_pool:$D/resnetlet.onnx"
else
    echo "SKIP threads-resnetlet: cannot make the model ($PY: $(tail -1 "$D/log"))"
fi
tsan_ok=1
echo 'int main(void){return 0;}' >"$D/t.c"
if ! $CC -fsanitize=thread -o "$D/t" "$D/t.c" 2>"$D/tsan.log" || ! "$D/t" 2>>"$D/tsan.log"; then
    tsan_ok=0
fi
for m in $models; do
    name=${m%%:*}
    model=${m#*:}
    extra="" pool=""
    case $name in *_pool) extra="--target native --threads 2" pool="-DPOOL $D/$name/kiln_pool.c" ;; esac
    if ! "$KILN" compile "$model" -o "$D/$name" --name "$name" $extra >"$D/log" 2>&1; then
        echo "FAIL threads-$name: compile: $(tail -1 "$D/log")"
        continue
    fi
    for kind in plain tsan; do
        flags="-O2 -g"
        if [ $kind = tsan ]; then
            if [ $tsan_ok = 0 ]; then
                echo "SKIP threads-$name-tsan: ThreadSanitizer unavailable: $(head -1 "$D/tsan.log")"
                continue
            fi
            flags="-O1 -g -fsanitize=thread"
        fi
        exe="$D/$name-$kind"
        if ! $CC -std=c11 $flags -DM="$name" -include "$D/$name/$name.h" -I"$D/$name" -o "$exe" \
            tests/robust/threads.c "$D/$name/$name.c" $pool -lm -lpthread 2>"$D/log"; then
            echo "FAIL threads-$name-$kind: build: $(head -3 "$D/log" | tr '\n' ' ')"
            continue
        fi
        if TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$exe" "$D/$name/$name.weights" 20 >"$D/log" 2>&1; then
            echo "PASS threads-$name-$kind"
        else
            echo "FAIL threads-$name-$kind: exit $?: $(grep -m1 -E 'WARNING|differ|failed|vacuous' "$D/log" || tail -1 "$D/log")"
        fi
    done
done
exit 0
