"""Seed corpora for the kiln fuzzers.
usage: make_seeds.py OUTDIR BLOB
Writes OUTDIR/import, OUTDIR/compile (ONNX models) and OUTDIR/blob (weights
blobs, one leading mode byte: see fuzz_blob.c). Needs numpy + onnx for the
small generated models (the test venv has them); without them the seeds are
demo/digits.onnx and, when present, the ONNX suite's node cases."""
import glob
import os
import shutil
import sys

out, blob = sys.argv[1], sys.argv[2]
for t in ("import", "compile", "blob", "tensor"):
    os.makedirs(os.path.join(out, t), exist_ok=True)


def add(name, data):
    for t in ("import", "compile"):
        with open(os.path.join(out, t, name), "wb") as f:
            f.write(data)


with open("demo/digits.onnx", "rb") as f:
    add("digits.onnx", f.read())

# the ONNX backend suite's node cases, when the conformance run fetched them:
# small ones only, they make the fuzzer's inner loop slow otherwise
cases = sorted(glob.glob("build/conformance/cases/*/model.onnx"))
for p in cases:
    if os.path.getsize(p) <= 8192:
        with open(p, "rb") as f:
            add("node_" + os.path.basename(os.path.dirname(p)) + ".onnx", f.read())

# inputs that once broke a contract, fixed since: tests/fuzz/regress/TARGET-*
for p in sorted(glob.glob("tests/fuzz/regress/*")):
    target = os.path.basename(p).split("-")[0]
    if os.path.isdir(os.path.join(out, target)):
        shutil.copy(p, os.path.join(out, target, "regress-" + os.path.basename(p)))

with open(blob, "rb") as f:
    b = f.read()
with open(os.path.join(out, "blob", "verbatim"), "wb") as f:
    f.write(b"\x00" + b)
with open(os.path.join(out, "blob", "payload"), "wb") as f:
    f.write(b"\x01" + b[64:])
with open(os.path.join(out, "blob", "short"), "wb") as f:
    f.write(b"\x00" + b[:64])

try:
    import numpy as np
    import onnx
    from onnx import TensorProto as TP, helper as h, numpy_helper as nh
except ImportError:
    print("make_seeds.py: no onnx/numpy; seeds are digits.onnx and the suite's cases only")
    sys.exit(0)

rng = np.random.default_rng(0)
F = TP.FLOAT


def model(name, nodes, inputs, outputs, inits=(), opset=13):
    g = h.make_graph(nodes, name, inputs, outputs, initializer=list(inits))
    m = h.make_model(g, opset_imports=[h.make_opsetid("", opset)])
    m.ir_version = 8
    add(name + ".onnx", m.SerializeToString())


def vi(n, shape, t=F):
    return h.make_tensor_value_info(n, t, shape)


def init(n, a):
    return nh.from_array(np.asarray(a), n)


def w(*shape):
    return rng.standard_normal(shape).astype(np.float32)


x4 = vi("x", [1, 2, 5, 5])
y = vi("y", None)
model("conv_bn_relu", [h.make_node("Conv", ["x", "W", "B"], ["c"], pads=[1, 1, 1, 1], strides=[2, 2]),
                       h.make_node("BatchNormalization", ["c", "s", "b", "m", "v"], ["n"]),
                       h.make_node("Relu", ["n"], ["y"])], [x4], [y],
      [init("W", w(3, 2, 3, 3)), init("B", w(3)), init("s", w(3)), init("b", w(3)), init("m", w(3)),
       init("v", np.ones(3, np.float32))])
model("pool_gemm", [h.make_node("MaxPool", ["x"], ["p"], kernel_shape=[2, 2]),
                    h.make_node("GlobalAveragePool", ["p"], ["g"]),
                    h.make_node("Flatten", ["g"], ["f"]),
                    h.make_node("Gemm", ["f", "W", "B"], ["y"], transB=1)], [x4], [y],
      [init("W", w(4, 2)), init("B", w(4))])
model("shape_chain", [h.make_node("Shape", ["x"], ["s"]),
                      h.make_node("Gather", ["s", "i"], ["g"], axis=0),
                      h.make_node("Unsqueeze", ["g", "ax"], ["u"]),
                      h.make_node("Concat", ["u", "m1"], ["t"], axis=0),
                      h.make_node("Reshape", ["x", "t"], ["y"])], [x4], [y],
      [init("i", np.array(0, np.int64)), init("ax", np.array([0], np.int64)),
       init("m1", np.array([-1], np.int64))])
model("residual", [h.make_node("MatMul", ["x", "W"], ["a"]), h.make_node("Add", ["a", "x"], ["b"]),
                   h.make_node("Sigmoid", ["b"], ["y"])], [vi("x", [2, 4])], [y], [init("W", w(4, 4))])
model("slice_split", [h.make_node("Slice", ["x", "st", "en", "ax"], ["s"]),
                      h.make_node("Split", ["s", "sp"], ["a", "b"], axis=1),
                      h.make_node("Mul", ["a", "b"], ["y"])], [vi("x", [3, 8])], [y],
      [init("st", np.array([1, 0], np.int64)), init("en", np.array([3, 8], np.int64)),
       init("ax", np.array([0, 1], np.int64)), init("sp", np.array([4, 4], np.int64))])
model("transpose_softmax", [h.make_node("Transpose", ["x"], ["t"], perm=[1, 0]),
                            h.make_node("Softmax", ["t"], ["y"], axis=-1)], [vi("x", [3, 5])], [y])
model("reduce_where", [h.make_node("ReduceMean", ["x"], ["r"], axes=[1], keepdims=1),
                       h.make_node("Greater", ["x", "r"], ["c"]),
                       h.make_node("Where", ["c", "x", "r"], ["y"])], [vi("x", [2, 6])], [y], opset=13)
model("pad_clip_cast", [h.make_node("Pad", ["x", "p"], ["a"], mode="reflect"),
                        h.make_node("Clip", ["a", "lo", "hi"], ["b"]),
                        h.make_node("Cast", ["b"], ["y"], to=TP.INT32)], [vi("x", [1, 4])], [y],
      [init("p", np.array([0, 2, 0, 1], np.int64)), init("lo", np.array(-0.5, np.float32)),
       init("hi", np.array(0.5, np.float32))])
model("const_expand", [h.make_node("ConstantOfShape", ["s"], ["c"], value=h.make_tensor("v", F, [1], [2.0])),
                       h.make_node("Expand", ["c", "e"], ["d"]),
                       h.make_node("Range", ["r0", "r1", "r2"], ["r"]),
                       h.make_node("Add", ["d", "r"], ["y"])], [], [y],
      [init("s", np.array([3, 1], np.int64)), init("e", np.array([3, 4], np.int64)),
       init("r0", np.array(0.0, np.float32)), init("r1", np.array(4.0, np.float32)),
       init("r2", np.array(1.0, np.float32))])
model("layernorm_gelu", [h.make_node("LayerNormalization", ["x", "g", "b"], ["n"], axis=-1),
                         h.make_node("Erf", ["n"], ["e"]), h.make_node("Mul", ["n", "e"], ["y"])],
      [vi("x", [2, 3, 4])], [y], [init("g", w(4)), init("b", w(4))], opset=17)
model("symbolic", [h.make_node("Relu", ["x"], ["y"])], [vi("x", ["N", 3])], [y])
model("int_ops", [h.make_node("Add", ["x", "k"], ["a"]), h.make_node("Equal", ["a", "k"], ["e"]),
                  h.make_node("Not", ["e"], ["y"])], [vi("x", [4], TP.INT64)], [y],
      [init("k", np.array([1, 2, 3, 4], np.int64))])
# typed (not raw) initializer fields, external-ish data fields and strings
t = h.make_tensor("W", F, [2, 2], [1.0, 2.0, 3.0, 4.0])
model("typed_init", [h.make_node("MatMul", ["x", "W"], ["y"])], [vi("x", [1, 2])], [y], [t])
# a subgraph attribute (If) and a node in a foreign domain
then_g = h.make_graph([h.make_node("Relu", ["x"], ["t"])], "then", [], [vi("t", [1, 2])])
else_g = h.make_graph([h.make_node("Neg", ["x"], ["e"])], "else", [], [vi("e", [1, 2])])
model("subgraph", [h.make_node("If", ["c"], ["y"], then_branch=then_g, else_branch=else_g)],
      [vi("x", [1, 2]), vi("c", [], TP.BOOL)], [y])
# tensor files: a mode byte (0 = .npy, 1 = .pb), then the file
import io
arrays = [np.arange(6, dtype=np.float32).reshape(2, 3), np.array(3, np.int64), np.zeros((0, 4), np.float16),
          np.array([True, False]), np.arange(4, dtype=np.uint8), np.ones((1, 2, 1, 2), np.float64)]
for i, a in enumerate(arrays):
    f = io.BytesIO()
    np.save(f, a)
    with open(os.path.join(out, "tensor", "npy_%d" % i), "wb") as fh:
        fh.write(b"\x00" + f.getvalue())
    with open(os.path.join(out, "tensor", "pb_%d" % i), "wb") as fh:
        fh.write(b"\x01" + nh.from_array(a, "t%d" % i).SerializeToString())
with open(os.path.join(out, "tensor", "pb_typed"), "wb") as fh:
    fh.write(b"\x01" + h.make_tensor("t", F, [2, 2], [1.0, 2.0, 3.0, 4.0]).SerializeToString())
print("make_seeds.py: wrote %d model seeds" % len(os.listdir(os.path.join(out, "import"))))
