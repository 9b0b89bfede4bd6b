#!/bin/bash
# Every bad input gets one clear message naming the file (and the node and
# op where there is one) and a non-zero exit; usage errors exit 2.
# usage: tests/cli/test_errors.sh KILN VENV_PY
KILN=$1 VENV_PY=${2:-build/venv/bin/python}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
if ! "$VENV_PY" "$(dirname "$0")/make_bad_models.py" "$D" >"$D/gen.log" 2>&1; then
    echo "SKIP errors: cannot generate models with $VENV_PY ($(tail -1 "$D/gen.log"))"
    exit 0
fi

# expect NAME EXIT_CODE 'substring' -- kiln args...
expect() {
    local name=$1 want=$2 text=$3
    shift 4
    "$KILN" "$@" >"$D/out" 2>"$D/err"
    local rc=$?
    if [ "$rc" -ne "$want" ]; then
        echo "FAIL error-$name: exit $rc, want $want: $(head -c 300 "$D/err")"
    elif [ -n "$text" ] && ! grep -qF -- "$text" "$D/err"; then
        echo "FAIL error-$name: message lacks '$text': $(head -c 300 "$D/err")"
    elif [ "$want" -eq 1 ] && [ "$(grep -c '^kiln: ' "$D/err")" -ne 1 ]; then
        echo "FAIL error-$name: want exactly one 'kiln: ' line: $(head -c 300 "$D/err")"
    else
        echo "PASS error-$name"
    fi
}

expect missing-file 1 "$D/nope.onnx: cannot open" -- compile "$D/nope.onnx" -o "$D/o"
expect garbage 1 "$D/garbage.onnx: " -- compile "$D/garbage.onnx" -o "$D/o"
expect truncated 1 "$D/truncated.onnx: " -- compile "$D/truncated.onnx" -o "$D/o"
expect unsupported 1 "2 unsupported operators" -- compile "$D/unsupported.onnx" -o "$D/o"
expect unsupported-lists-all 1 "OtherOp (1 node, first 'other')" -- compile "$D/unsupported.onnx" -o "$D/o"
expect unsupported-count 1 "FancyOp (2 nodes, first 'fancy1')" -- compile "$D/unsupported.onnx" -o "$D/o"
expect info-unsupported 1 "unsupported operators" -- info "$D/unsupported.onnx"
expect conv-weight-rank 1 "node 'conv_1' (Conv, opset 13)" -- compile "$D/conv_bad_weight.onnx" -o "$D/o"
expect attr-wrong-type 1 "node 'conv_1' (Conv, opset 13): attribute 'strides' has type FLOAT, expected INTS" -- compile "$D/attr_type.onnx" -o "$D/o"
expect unknown-attr 1 "node 'relu_1' (Relu, opset 13): unknown attribute 'bogus'" -- compile "$D/unknown_attr.onnx" -o "$D/o"
expect symbolic-dim 1 "--shape x=DIMS" -- compile "$D/symbolic.onnx" -o "$D/o"
expect bad-broadcast 1 "node 'add_1' (Add, opset 13)" -- compile "$D/bad_broadcast.onnx" -o "$D/o"
expect dynamic-reshape 1 "node 'reshape_1' (Reshape, opset 13)" -- compile "$D/dynamic_reshape.onnx" -o "$D/o"
expect dangling 1 "nothing" -- compile "$D/dangling.onnx" -o "$D/o"
expect unsorted 1 "node 'second' (Relu, opset 13)" -- compile "$D/unsorted.onnx" -o "$D/o"
expect unused-shape 1 "--shape zz matches no graph input" -- compile "$D/good.onnx" -o "$D/o" --shape zz=1
expect usage-bad-string-pool 2 "bad --string-pool 'x'" -- compile "$D/good.onnx" -o "$D/o" --string-pool x
expect string-pool-full 1 "do not fit the string pool" -- run "$D/string_concat.onnx" --string-pool 64 \
    --input "$D/long_strings.pb" --output "$D/s.pb"
expect string-split-undeclared 1 "node 'split_1' (StringSplit, opset 20): output 'y': dim 1 depends on the input values" \
    -- compile "$D/string_split.onnx" -o "$D/o"
expect usage-no-args 2 "usage" --
expect usage-bad-command 2 "unknown command 'frobnicate'" -- frobnicate
expect usage-no-out 2 "needs -o OUT" -- compile "$D/good.onnx"
expect usage-bad-target 2 "unknown --target 'sparc'" -- compile "$D/good.onnx" -o "$D/o" --target sparc
expect usage-bad-shape 2 "bad --shape 'x=1xq'" -- compile "$D/good.onnx" -o "$D/o" --shape x=1xq
expect usage-bad-opt 2 "unknown --opt 'fast'" -- compile "$D/good.onnx" -o "$D/o" --opt fast
expect usage-bad-threads 2 "bad --threads '0' (1 .. 64)" -- compile "$D/good.onnx" -o "$D/o" --threads 0
expect usage-bad-threads-text 2 "bad --threads 'two'" -- compile "$D/good.onnx" -o "$D/o" --threads two
expect usage-threads-too-many 2 "bad --threads '65'" -- run "$D/good.onnx" --threads 65 --output "$D/x.npy"
expect usage-bad-runs 2 "--runs must be between 1 and 1000000" -- bench "$D/good.onnx" --runs -3
expect bench-no-files 1 "bench makes its own seeded random inputs" -- bench "$D/good.onnx" --input "$D/x.npy"
expect usage-bad-name 2 "is not a C identifier" -- compile "$D/good.onnx" -o "$D/o" --name 9lives
expect run-wrong-count 1 "the model has 1 input, 0 --input given" -- run "$D/good.onnx" --output "$D/y.npy"
expect good-compiles 0 "" -- compile "$D/good.onnx" -o "$D/o"
"$VENV_PY" -c "import numpy as np; np.save('$D/shape.npy', np.array([3, 64], dtype=np.int64)); np.save('$D/shape32.npy', np.array([3, 64], dtype=np.int32))"
expect const-freezes 0 "" -- compile "$D/dynamic_reshape.onnx" -o "$D/o" --const s="$D/shape.npy"
expect const-unknown-input 1 "--const q: the model has no graph input of that name" -- compile "$D/dynamic_reshape.onnx" -o "$D/o" --const q="$D/shape.npy"
expect const-wrong-dtype 1 "input 's' is int64, the value given for it is int32" -- compile "$D/dynamic_reshape.onnx" -o "$D/o" --const s="$D/shape32.npy"
expect const-bad-syntax 2 "bad --const" -- compile "$D/dynamic_reshape.onnx" -o "$D/o" --const s
exit 0
