"""A small ResNet-like model (Conv+BN+ReLU stem, one residual block, max
pool, global average pool, Gemm), for tests that want more than the digits
CNN but must stay cheap. usage: make_resnetlet.py OUT.onnx"""
import sys

import numpy as np
import onnx
from onnx import TensorProto as TP, helper as h, numpy_helper as nh

rng = np.random.default_rng(7)


def w(name, *shape, scale=0.2):
    return nh.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)


def bn(prefix, c):
    return [nh.from_array(rng.uniform(0.5, 1.5, c).astype(np.float32), prefix + "_s"),
            nh.from_array((rng.standard_normal(c) * 0.1).astype(np.float32), prefix + "_b"),
            nh.from_array((rng.standard_normal(c) * 0.1).astype(np.float32), prefix + "_m"),
            nh.from_array(rng.uniform(0.5, 1.5, c).astype(np.float32), prefix + "_v")]


def bn_node(prefix, x, y):
    return h.make_node("BatchNormalization", [x] + [prefix + s for s in ("_s", "_b", "_m", "_v")], [y])


inits = [w("w0", 16, 3, 3, 3), w("w1", 16, 16, 3, 3), w("w2", 16, 16, 3, 3), w("fc", 10, 16), w("fcb", 10)]
inits += bn("bn0", 16) + bn("bn1", 16) + bn("bn2", 16)
nodes = [
    h.make_node("Conv", ["x", "w0"], ["c0"], pads=[1, 1, 1, 1], strides=[2, 2]), bn_node("bn0", "c0", "b0"),
    h.make_node("Relu", ["b0"], ["r0"]),
    h.make_node("Conv", ["r0", "w1"], ["c1"], pads=[1, 1, 1, 1]), bn_node("bn1", "c1", "b1"),
    h.make_node("Relu", ["b1"], ["r1"]),
    h.make_node("Conv", ["r1", "w2"], ["c2"], pads=[1, 1, 1, 1]), bn_node("bn2", "c2", "b2"),
    h.make_node("Add", ["b2", "r0"], ["a"]), h.make_node("Relu", ["a"], ["r2"]),
    h.make_node("MaxPool", ["r2"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
    h.make_node("GlobalAveragePool", ["p"], ["g"]), h.make_node("Flatten", ["g"], ["f"]),
    h.make_node("Gemm", ["f", "fc", "fcb"], ["y"], transB=1),
]
g = h.make_graph(nodes, "resnetlet", [h.make_tensor_value_info("x", TP.FLOAT, [2, 3, 32, 32])],
                 [h.make_tensor_value_info("y", TP.FLOAT, [2, 10])], initializer=inits)
m = h.make_model(g, opset_imports=[h.make_opsetid("", 13)])
m.ir_version = 8
onnx.checker.check_model(m)
onnx.save(m, sys.argv[1])
