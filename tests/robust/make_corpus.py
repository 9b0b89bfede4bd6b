"""Writes the malformed-model corpus that tests/robust/run.sh feeds to kiln.
usage: make_corpus.py OUTDIR   (the test venv's python: needs onnx and numpy)

Every case is OUTDIR/NAME.onnx (external-data cases live one folder down,
OUTDIR/ext/, so that a file outside the model's folder exists to escape to).
OUTDIR/manifest.txt has one line per case: `NAME EXPECT what it is`, where
EXPECT is `fail` (kiln must exit 1 with one message) or `any` (exit 0 or 1 is
fine: a flipped bit in weight data is a different but valid model; what
matters is no crash, no leak and bounded memory)."""
import os
import random
import sys

import numpy as np
import onnx
from onnx import TensorProto as TP, helper as h, numpy_helper as nh

out = sys.argv[1]
os.makedirs(os.path.join(out, "ext"), exist_ok=True)
manifest = []
F = TP.FLOAT


def write(name, data, expect, what):
    path = os.path.join(out, name + ".onnx")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    manifest.append("%s %s %s" % (name, expect, what))


def mk(nodes, inputs, outputs, inits=(), opset=13, domain="", ir=8, extra_opsets=()):
    g = h.make_graph(nodes, "g", inputs, outputs, initializer=list(inits))
    ops = [h.make_opsetid(domain, opset)] + [h.make_opsetid(d, v) for d, v in extra_opsets]
    m = h.make_model(g, opset_imports=ops)
    m.ir_version = ir
    return m


def save(name, m, expect, what):
    write(name, m.SerializeToString(), expect, what)


def vi(n, shape, t=F):
    return h.make_tensor_value_info(n, t, shape)


# ---- protobuf wire writer, for what the onnx package refuses to build ----
def varint(v):
    v &= (1 << 64) - 1
    b = bytearray()
    while True:
        c = v & 0x7F
        v >>= 7
        if v:
            b.append(c | 0x80)
        else:
            b.append(c)
            return bytes(b)


def tag(num, wire):
    return varint(num << 3 | wire)


def ld(num, payload):
    return tag(num, 2) + varint(len(payload)) + payload


def vint(num, v):
    return tag(num, 0) + varint(v)


def model_bytes(graph, opset=13, ir=8):
    return vint(1, ir) + ld(7, graph) + ld(8, ld(1, b"") + vint(2, opset))


def node_bytes(op, ins, outs, attrs=b"", name=b"n"):
    b = b"".join(ld(1, i) for i in ins) + b"".join(ld(2, o) for o in outs) + ld(3, name) + ld(4, op)
    return b + attrs


def vinfo_bytes(name, elem, dims):
    shape = b"".join(ld(1, vint(1, d)) for d in dims)
    return ld(1, name) + ld(2, ld(1, vint(1, elem) + ld(2, shape)))


def graph_bytes(nodes, inputs, outputs, inits=b""):
    return (b"".join(ld(1, n) for n in nodes) + ld(2, b"g") + inits + b"".join(ld(11, i) for i in inputs)
            + b"".join(ld(12, o) for o in outputs))


x = vi("x", [1, 3, 8, 8])
y = vi("y", None)
rng = np.random.default_rng(1)
W = nh.from_array(rng.standard_normal((4, 3, 3, 3)).astype(np.float32), "W")
good = mk([h.make_node("Conv", ["x", "W"], ["c"], name="conv", pads=[1, 1, 1, 1]),
           h.make_node("Relu", ["c"], ["y"], name="relu")], [x], [y], [W])
save("good_control", good, "ok", "a valid model: the control case, must compile")
gb = good.SerializeToString()

# ---- bytes ----
write("empty", b"", "fail", "a zero-byte file")
write("garbage", bytes(random.Random(2).randrange(256) for _ in range(1000)), "fail", "1000 random bytes")
for frac in (1, 7, 50, 200, 997):
    n = len(gb) * frac // 1000
    write("truncated_%d" % frac, gb[:n], "fail", "the control model cut to %d of %d bytes" % (n, len(gb)))
write("truncated_last_byte", gb[:-1], "fail", "the control model minus its last byte")
r = random.Random(3)
for i in range(12):
    b = bytearray(gb)
    for _ in range(1 + i % 3):
        p = r.randrange(len(b))
        b[p] ^= 1 << r.randrange(8)
    write("bitflip_%02d" % i, bytes(b), "any", "the control model with %d flipped bit(s)" % (1 + i % 3))
# header region flips (structure, not weights): likely fatal, must still be clean
for i in range(6):
    b = bytearray(gb)
    b[r.randrange(min(64, len(b)))] ^= 0xFF
    write("byteflip_head_%d" % i, bytes(b), "any", "a byte of the model's first 64 inverted")

# ---- wire format ----
g0 = graph_bytes([node_bytes(b"Relu", [b"x"], [b"y"])], [vinfo_bytes(b"x", 1, [1, 4])], [vinfo_bytes(b"y", 1, [1, 4])])
write("wire_ok", model_bytes(g0), "ok", "the hand-written Relu model the wire cases start from")
write("wire_graph_as_varint", vint(1, 8) + vint(7, 5) + ld(8, ld(1, b"") + vint(2, 13)), "fail",
      "ModelProto.graph with wire type varint")
write("wire_irversion_as_len", ld(1, b"\x08") + ld(7, g0) + ld(8, ld(1, b"") + vint(2, 13)), "fail",
      "ModelProto.ir_version with wire type LEN")
write("wire_group", vint(1, 8) + tag(7, 3) + g0 + tag(7, 4), "fail", "a deprecated group (wire types 3/4)")
write("wire_type_7", vint(1, 8) + tag(9, 7) + b"\x00", "fail", "wire type 7 (does not exist)")
write("wire_len_huge", vint(1, 8) + tag(7, 2) + varint(1 << 62) + g0, "fail", "a LEN field claiming 2^62 bytes")
write("wire_len_past_end", vint(1, 8) + tag(7, 2) + varint(len(g0) + 1) + g0, "fail",
      "a LEN field one byte longer than the file")
write("wire_varint_11_bytes", vint(1, 8) + tag(5, 0) + b"\xff" * 10 + b"\x01" + ld(7, g0), "fail",
      "a varint of 11 bytes")
write("wire_varint_unterminated", vint(1, 8) + tag(5, 0) + b"\xff" * 5, "fail", "a varint cut off")
write("wire_field_zero", tag(0, 0) + b"\x01" + model_bytes(g0), "fail", "field number 0")
write("wire_node_as_i32", model_bytes(tag(1, 5) + b"\x01\x02\x03\x04" + g0), "fail",
      "GraphProto.node with wire type I32")
write("wire_dims_packed_odd", model_bytes(graph_bytes(
    [node_bytes(b"Relu", [b"x"], [b"y"])], [ld(1, b"x") + ld(2, ld(1, vint(1, 1) + ld(2, ld(1, tag(1, 2) + b"\x01\xff"))))],
    [vinfo_bytes(b"y", 1, [1])])), "fail", "a dim_value field holding a truncated varint")
write("wire_no_graph", vint(1, 8) + ld(8, ld(1, b"") + vint(2, 13)), "fail", "a ModelProto without a graph")
write("wire_unknown_fields_only", vint(99, 1) + ld(100, b"abc"), "fail", "only unknown fields")

# ---- dims ----
def one_init(name, t, what, expect="fail", node=None):
    nodes = [node or h.make_node("Add", ["x", "T"], ["y"], name="add")]
    save(name, mk(nodes, [vi("x", [1, 4])], [y], [t]), expect, what)


def raw_tensor(dims, raw, dtype=F, name="T"):
    t = onnx.TensorProto()
    t.name = name
    t.data_type = dtype
    t.dims.extend(dims)
    t.raw_data = raw
    return t


one_init("init_negative_dim", raw_tensor([-4], b"\0" * 16), "an initializer with dim -4")
one_init("init_huge_dim", raw_tensor([1 << 40], b"\0" * 16), "an initializer with dim 2^40 and 16 bytes")
one_init("init_dims_overflow", raw_tensor([1 << 32, 1 << 32, 16], b"\0" * 16),
         "an initializer whose dims multiply past 2^64")
one_init("init_dims_overflow_bytes", raw_tensor([1 << 31, 1 << 31, 4], b"\0" * 16),
         "an initializer whose element count fits int64 but whose bytes do not")
# Found by fuzz_tensor: a 0 dim after huge ones made the importer's size
# product 0 (accepted) while the IR's ir_numel() overflows first (-1).
one_init("init_zero_after_huge_dims", raw_tensor([1 << 59, 16, 0], b""),
         "an initializer of shape 2^59 x 16 x 0 (no elements, but the IR cannot size it)")
one_init("init_raw_short", raw_tensor([4], b"\0" * 15), "raw_data of 15 bytes for 4 float32")
one_init("init_raw_long", raw_tensor([4], b"\0" * 17), "raw_data of 17 bytes for 4 float32")
one_init("init_rank_huge", raw_tensor([1] * 40, b"\0" * 4), "an initializer of rank 40")
t = onnx.TensorProto(); t.name = "T"; t.data_type = F; t.dims.extend([4]); t.float_data.extend([1.0, 2.0])
one_init("init_typed_short", t, "float_data with 2 values for 4 elements")
one_init("init_dtype_unknown", raw_tensor([4], b"\0" * 16, dtype=77), "data_type 77 (no such type)")
one_init("init_dtype_complex", raw_tensor([2], b"\0" * 16, dtype=TP.COMPLEX64), "a complex64 initializer")
save("input_negative_dim", mk([h.make_node("Relu", ["x"], ["y"])], [vi("x", [1, -3])], [y]), "fail",
     "a graph input with dim -3")
save("input_huge_dims", mk([h.make_node("Relu", ["x"], ["y"])], [vi("x", [1 << 40, 1 << 40])], [y]), "fail",
     "a graph input of 2^80 elements")
save("input_bytes_overflow", mk([h.make_node("Relu", ["x"], ["y"])], [vi("x", [1 << 31, 1 << 31, 8])], [y]),
     "fail", "a graph input of 2^65 bytes")
save("input_arena_huge", mk([h.make_node("Relu", ["x"], ["a"]), h.make_node("Relu", ["a"], ["y"])],
                            [vi("x", [1 << 20, 1 << 20])], [y]), "any",
     "a 4 TiB intermediate: the plan is only numbers, nothing may be allocated")
save("expand_huge", mk([h.make_node("Expand", ["x", "s"], ["y"])], [vi("x", [1])], [y],
                           [nh.from_array(np.array([1 << 30, 1 << 30], np.int64), "s")]), "any",
     "Expand to 2^60 elements at run time: must not be folded or allocated")
save("const_of_shape_huge", mk([h.make_node("ConstantOfShape", ["s"], ["y"])], [], [y],
                               [nh.from_array(np.array([1 << 62, 4], np.int64), "s")]), "fail",
     "ConstantOfShape to 2^64 elements")
save("const_of_shape_negative", mk([h.make_node("ConstantOfShape", ["s"], ["y"])], [], [y],
                                   [nh.from_array(np.array([-1, 4], np.int64), "s")]), "fail",
     "ConstantOfShape with a negative dim")
save("reshape_overflow", mk([h.make_node("Reshape", ["x", "s"], ["y"])], [vi("x", [4])], [y],
                            [nh.from_array(np.array([1 << 62, 1 << 62, 0], np.int64), "s")]), "fail",
     "Reshape target whose dims overflow before the 0")
save("range_huge", mk([h.make_node("Range", ["a", "b", "c"], ["y"])], [], [y],
                      [nh.from_array(np.array(0, np.int64), "a"), nh.from_array(np.array(1 << 62, np.int64), "b"),
                       nh.from_array(np.array(1, np.int64), "c")]), "fail",
     "Range of 2^62 elements (folded at compile time)")
# Range of constant inputs is computed in its infer step; it is capped at
# PASS_FOLD_MAX_BYTES (found by fuzz_compile: a 243-byte model asked for 64 GiB).
save("range_4g_elements", mk([h.make_node("Range", ["a", "b", "c"], ["y"])], [], [y],
                             [nh.from_array(np.array(0, np.int32), "a"),
                              nh.from_array(np.array(2000000000, np.int32), "b"),
                              nh.from_array(np.array(1, np.int32), "c")]), "fail",
     "Range of 2e9 int32 (8 GB) from 3 scalars")
save("const_of_shape_8g", mk([h.make_node("ConstantOfShape", ["s"], ["y"])], [], [y],
                             [nh.from_array(np.array([1 << 31], np.int64), "s")]), "ok",
     "ConstantOfShape of 2^31 float32 (8 GB): too big to fold, computed at run time")
save("range_zero_step", mk([h.make_node("Range", ["a", "b", "c"], ["y"])], [], [y],
                           [nh.from_array(np.array(0, np.int64), "a"), nh.from_array(np.array(5, np.int64), "b"),
                            nh.from_array(np.array(0, np.int64), "c")]), "fail", "Range with step 0")

# ---- graph structure ----
save("cycle", mk([h.make_node("Relu", ["b"], ["a"], name="r1"), h.make_node("Relu", ["a"], ["b"], name="r2"),
                  h.make_node("Add", ["a", "x"], ["y"], name="add")], [vi("x", [1, 4])], [y]), "fail",
     "two nodes feeding each other")
save("self_loop", mk([h.make_node("Relu", ["y"], ["y"], name="r")], [vi("x", [1, 4])], [y]), "fail",
     "a node reading its own output")
save("dangling_input", mk([h.make_node("Relu", ["nowhere"], ["y"], name="r")], [vi("x", [1, 4])], [y]), "fail",
     "a node input nothing defines")
save("missing_initializer", mk([h.make_node("Conv", ["x", "W"], ["y"], name="conv")], [x], [y]), "fail",
     "Conv weight W named but not in the initializers")
save("duplicate_output", mk([h.make_node("Relu", ["x"], ["y"], name="r1"), h.make_node("Neg", ["x"], ["y"], name="r2")],
                            [vi("x", [1, 4])], [y]), "fail", "two nodes writing the same tensor")
save("output_is_initializer_dup", mk([h.make_node("Relu", ["x"], ["T"], name="r")], [vi("x", [4])], [vi("T", [4])],
                                     [nh.from_array(np.zeros(4, np.float32), "T")]), "fail",
     "a node writing over an initializer")
save("duplicate_input", mk([h.make_node("Relu", ["x"], ["y"])], [vi("x", [1, 4]), vi("x", [1, 4])], [y]), "fail",
     "a graph input declared twice")
save("output_undefined", mk([h.make_node("Relu", ["x"], ["a"])], [vi("x", [1, 4])], [vi("zzz", [1, 4])]), "fail",
     "a graph output nothing produces")
save("no_outputs", mk([h.make_node("Relu", ["x"], ["a"])], [vi("x", [1, 4])], []), "fail", "a graph without outputs")
save("node_no_op_type", mk([h.make_node("", ["x"], ["y"])], [vi("x", [1, 4])], [y]), "fail", "a node with an empty op_type")
save("relu_two_inputs", mk([h.make_node("Relu", ["x", "x"], ["y"])], [vi("x", [1, 4])], [y]), "fail",
     "Relu given two inputs")
save("conv_no_inputs", mk([h.make_node("Conv", [], ["y"])], [vi("x", [1, 4])], [y]), "fail", "Conv with no inputs")
save("input_no_type", mk([h.make_node("Relu", ["x"], ["y"])], [h.make_empty_tensor_value_info("x")], [y]), "fail",
     "a graph input without a type")
save("input_sequence_type", mk([h.make_node("Relu", ["x"], ["y"])],
                               [h.make_tensor_sequence_value_info("x", F, [4])], [y]), "fail",
     "a graph input of sequence type")
save("input_string", mk([h.make_node("Relu", ["x"], ["y"])], [vi("x", [4], TP.STRING)], [y]), "fail",
     "Relu on a string input")

# Many distinct unknown operators: the unsupported-operator report must not
# take quadratic time with a linear operator lookup inside (it did: 20 000
# such nodes took minutes). 1000 nodes stay well inside run.sh's timeout,
# even under valgrind.
nodes = [h.make_node("NoSuchOp%d" % i, ["x"], ["t%d" % i], name="n%d" % i) for i in range(1000)]
save("many_unknown_ops", mk(nodes, [vi("x", [1, 4])], [vi("t0", [1, 4])]), "fail",
     "1000 nodes of 1000 different unknown operators")
nodes = [h.make_node("Relu", ["x" if i == 0 else "t%d" % (i - 1)], ["t%d" % i], name="r%d" % i) for i in range(3000)]
save("long_chain", mk(nodes, [vi("x", [1, 4])], [vi("t2999", [1, 4])]), "ok", "a chain of 3000 Relu nodes")

# ---- opsets and domains ----
save("opset_future", mk([h.make_node("Relu", ["x"], ["y"])], [vi("x", [1, 4])], [y], opset=999), "fail",
     "default-domain opset 999")
save("opset_zero", mk([h.make_node("Relu", ["x"], ["y"])], [vi("x", [1, 4])], [y], opset=0), "fail", "opset 0")
save("opset_missing", mk([h.make_node("Relu", ["x"], ["y"], domain="com.example")], [vi("x", [1, 4])], [y]), "fail",
     "a node whose domain has no opset import")
save("unknown_domain", mk([h.make_node("Relu", ["x"], ["y"], domain="com.example")], [vi("x", [1, 4])], [y],
                          extra_opsets=[("com.example", 1)]), "fail", "Relu in domain com.example")
save("ir_version_future", mk([h.make_node("Relu", ["x"], ["y"])], [vi("x", [1, 4])], [y], ir=99), "fail",
     "ir_version 99")
save("ir_version_zero", mk([h.make_node("Relu", ["x"], ["y"])], [vi("x", [1, 4])], [y], ir=0), "fail", "ir_version 0")

# ---- attributes ----
def conv_attr(name, attr, what, expect="fail"):
    n = h.make_node("Conv", ["x", "W"], ["y"], name="conv")
    n.attribute.append(attr)
    save(name, mk([n], [x], [y], [W]), expect, what)


# Known bug (src/ir/ir.c, not the importer): ir_attr_ints() treats an
# attribute of another type as absent and ir_attr_int() converts a FLOAT, so
# these compile with the defaults instead of being refused.


conv_attr("attr_wrong_type", h.make_attribute("strides", 1.5), "Conv strides as a float")
conv_attr("attr_string_for_ints", h.make_attribute("pads", "wide"), "Conv pads as a string")
conv_attr("attr_negative_stride", h.make_attribute("strides", [-1, 1]), "Conv strides -1")
conv_attr("attr_zero_stride", h.make_attribute("strides", [0, 0]), "Conv strides 0")
conv_attr("attr_huge_pads", h.make_attribute("pads", [1 << 40] * 4), "Conv pads 2^40")
conv_attr("attr_negative_pads", h.make_attribute("pads", [-9, -9, -9, -9]), "Conv pads -9")
conv_attr("attr_huge_dilation", h.make_attribute("dilations", [1 << 62, 1 << 62]), "Conv dilations 2^62")
conv_attr("attr_group_zero", h.make_attribute("group", 0), "Conv group 0")
conv_attr("attr_group_huge", h.make_attribute("group", 1 << 62), "Conv group 2^62")
a = h.make_attribute("strides", [1, 1]); a.type = onnx.AttributeProto.FLOAT
conv_attr("attr_type_mismatch", a, "ints payload declared as type FLOAT")
conv_attr("attr_unknown", h.make_attribute("bogus", 1), "an attribute Conv does not have")
n = h.make_node("Conv", ["x", "W"], ["y"], name="conv", group=1, kernel_shape=[3, 3])
n.attribute.append(h.make_attribute("group", 1))
save("attr_duplicate", mk([n], [x], [y], [W]), "fail", "Conv group given twice")
save("transpose_bad_perm", mk([h.make_node("Transpose", ["x"], ["y"], perm=[0, 0, 1, 9])], [x], [y]), "fail",
     "Transpose perm with a repeat and an out-of-range axis")
save("softmax_bad_axis", mk([h.make_node("Softmax", ["x"], ["y"], axis=1 << 40)], [x], [y]), "fail",
     "Softmax axis 2^40")
save("gather_bad_axis", mk([h.make_node("Gather", ["x", "i"], ["y"], axis=-99)], [x], [y],
                           [nh.from_array(np.array([0], np.int64), "i")]), "fail", "Gather axis -99")
save("gather_const_index_oob", mk([h.make_node("Gather", ["T", "i"], ["y"], axis=0)], [], [y],
                                  [nh.from_array(np.arange(4, dtype=np.float32), "T"),
                                   nh.from_array(np.array([1 << 40], np.int64), "i")]), "fail",
     "Gather of a constant at index 2^40 (folded)")
save("cast_bad_to", mk([h.make_node("Cast", ["x"], ["y"], to=12345)], [x], [y]), "fail", "Cast to type 12345")

# ---- subgraphs ----
def nested(depth):
    g = graph_bytes([node_bytes(b"Relu", [b"x"], [b"y"])], [], [vinfo_bytes(b"y", 1, [1])])
    for _ in range(depth):
        attr = ld(1, b"then_branch") + ld(6, g) + vint(20, 5)
        g = graph_bytes([node_bytes(b"If", [b"c"], [b"y"], ld(5, attr))], [], [vinfo_bytes(b"y", 1, [1])])
    return model_bytes(graph_bytes([node_bytes(b"If", [b"c"], [b"y"], ld(5, ld(1, b"then_branch") + ld(6, g) + vint(20, 5)))],
                                   [vinfo_bytes(b"c", 9, [])], [vinfo_bytes(b"y", 1, [1])]))


write("subgraph_deep_100", nested(100), "fail", "If nested 100 deep")
write("subgraph_deep_20000", nested(20000), "fail", "If nested 20000 deep (stack exhaustion attempt)")

# ---- external data ----
secret = np.arange(16, dtype=np.float32)
with open(os.path.join(out, "secret.bin"), "wb") as f:
    f.write(secret.tobytes())
with open(os.path.join(out, "ext", "inside.bin"), "wb") as f:
    f.write(secret.tobytes())


def ext_model(name, loc, what, expect="fail", offset=None, length=None):
    t = onnx.TensorProto()
    t.name = "T"
    t.data_type = F
    t.dims.extend([16])
    t.data_location = TP.EXTERNAL
    for k, v in (("location", loc), ("offset", offset), ("length", length)):
        if v is not None:
            e = t.external_data.add()
            e.key, e.value = k, v
    m = mk([h.make_node("Add", ["x", "T"], ["y"], name="add")], [vi("x", [16])], [y], [t])
    save("ext/" + name, m, expect, what)


ext_model("ok", "inside.bin", "external data in the model's folder (control)", expect="ok")
ext_model("dotdot", "../secret.bin", "location ../secret.bin")
ext_model("dotdot_deep", "sub/../../secret.bin", "location sub/../../secret.bin")
ext_model("absolute", os.path.abspath(os.path.join(out, "secret.bin")), "an absolute location")
ext_model("backslash", "..\\secret.bin", "location ..\\secret.bin")
ext_model("dir", ".", "location '.' (a folder)")
ext_model("devzero", "/dev/zero", "location /dev/zero")
ext_model("missing", "nope.bin", "a location that does not exist")
ext_model("short", "inside.bin", "offset 8 leaves 56 of 64 bytes", offset="8")
ext_model("offset_huge", "inside.bin", "offset 2^64-1", offset=str((1 << 64) - 1))
ext_model("offset_text", "inside.bin", "offset '12abc'", offset="12abc")
ext_model("length_wrong", "inside.bin", "length 60 for 64 bytes", length="60")
ext_model("no_location", None, "external data without a location")
try:
    os.symlink("../secret.bin", os.path.join(out, "ext", "link.bin"))
    # The check is on the location's text: a hostile model file cannot make
    # symlinks, and whoever owns the folder may (Hugging Face caches link
    # every file of a snapshot into a blob store outside it). So: accepted.
    ext_model("symlink_out", "link.bin", "a symlink in the model's folder pointing out of it", expect="ok")
except OSError:
    pass
# a NUL inside the location: the bytes after it must not be ignored
t = onnx.TensorProto(); t.name = "T"; t.data_type = F; t.dims.extend([16]); t.data_location = TP.EXTERNAL
e = t.external_data.add(); e.key = "location"; e.value = "inside.bin"
m = mk([h.make_node("Add", ["x", "T"], ["y"], name="add")], [vi("x", [16])], [y], [t])
b = m.SerializeToString().replace(b"inside.bin", b"ins\0de.bin")
write("ext/nul_in_location", b, "fail", "a NUL byte inside the location")

with open(os.path.join(out, "manifest.txt"), "w") as f:
    f.write("\n".join(manifest) + "\n")
print("make_corpus.py: %d cases in %s" % (len(manifest), out))
