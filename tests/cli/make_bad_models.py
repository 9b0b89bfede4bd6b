"""Writes small ONNX models that kiln must refuse with a clear message.
usage: make_bad_models.py OUTDIR   (run with the test venv's python: needs onnx)"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def save(name, nodes, inputs, outputs, inits=(), opset=13):
    g = helper.make_graph(nodes, name, inputs, outputs, initializer=list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    onnx.save(m, os.path.join(out, name + ".onnx"))


f32 = TensorProto.FLOAT
x4 = helper.make_tensor_value_info("x", f32, [1, 3, 8, 8])
y = helper.make_tensor_value_info("y", f32, None)

# an operator kiln does not have, twice, and another one
save("unsupported", [helper.make_node("FancyOp", ["x"], ["a"], name="fancy1"),
                     helper.make_node("FancyOp", ["a"], ["b"], name="fancy2"),
                     helper.make_node("OtherOp", ["b"], ["y"], name="other")], [x4], [y])
# Conv whose weight has the wrong rank
w = numpy_helper.from_array(np.zeros((4, 3, 3), np.float32), "W")
save("conv_bad_weight", [helper.make_node("Conv", ["x", "W"], ["y"], name="conv_1")], [x4], [y], [w])
# an attribute Relu does not have
save("unknown_attr", [helper.make_node("Relu", ["x"], ["y"], name="relu_1", bogus=3)], [x4], [y])
# a symbolic batch dim that nobody binds
xs = helper.make_tensor_value_info("x", f32, ["N", 3, 8, 8])
save("symbolic", [helper.make_node("Relu", ["x"], ["y"], name="relu_1")], [xs], [y])
# Add of shapes that cannot broadcast
b = numpy_helper.from_array(np.zeros((5,), np.float32), "B")
save("bad_broadcast", [helper.make_node("Add", ["x", "B"], ["y"], name="add_1")], [x4], [y], [b])
# Reshape to a shape computed at run time
xs2 = helper.make_tensor_value_info("s", TensorProto.INT64, [2])
save("dynamic_reshape", [helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape_1")], [x4, xs2], [y])
# a node input that nothing produces
save("dangling", [helper.make_node("Relu", ["nothing"], ["y"], name="relu_1")], [x4], [y])
# a graph that is not topologically sorted
save("unsorted", [helper.make_node("Relu", ["a"], ["y"], name="second"),
                  helper.make_node("Relu", ["x"], ["a"], name="first")], [x4], [y])
# an attribute of the wrong type (strides as a float)
w4 = numpy_helper.from_array(np.zeros((4, 3, 3, 3), np.float32), "W")
save("attr_type", [helper.make_node("Conv", ["x", "W"], ["y"], name="conv_1", strides=1.5)], [x4], [y], [w4])
# a good tiny model, for the usage tests
save("good", [helper.make_node("Relu", ["x"], ["y"], name="relu_1")], [x4], [y])
# StringConcat with strings longer than a tiny --string-pool, and StringSplit
# with an undeclared (data-dependent) output shape
xs3 = helper.make_tensor_value_info("x", TensorProto.STRING, [2])
ys3 = helper.make_tensor_value_info("y", TensorProto.STRING, [2])
save("string_concat", [helper.make_node("StringConcat", ["x", "x"], ["y"], name="cat_1")], [xs3], [ys3], opset=20)
save("string_split", [helper.make_node("StringSplit", ["x"], ["y", "n"], name="split_1")], [xs3],
     [helper.make_tensor_value_info("y", TensorProto.STRING, None),
      helper.make_tensor_value_info("n", TensorProto.INT64, None)], opset=20)
onnx.save_tensor(numpy_helper.from_array(np.array(["a" * 40, "b" * 40], dtype=object), "x"),
                 os.path.join(out, "long_strings.pb"))
# raw bytes that are not protobuf at all
with open(os.path.join(out, "garbage.onnx"), "wb") as f:
    f.write(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x0f" * 10)
# a truncated copy of the good model
with open(os.path.join(out, "good.onnx"), "rb") as f:
    data = f.read()
with open(os.path.join(out, "truncated.onnx"), "wb") as f:
    f.write(data[: len(data) // 2])
