#!/usr/bin/env python3
"""malformed.py SRC.mge OUT_DIR: writes damaged copies of a MegEngine dump
(truncations, bit flips, bad offsets, wrong headers) for the robustness
test. Standard library only; seeded, so the set is reproducible."""
import os
import random
import struct
import sys

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
data = open(src, "rb").read()
cases = {}
n = len(data)
for k in [0, 3, 4, 8, 11, 12, 16, 40, n // 3, n // 2, n - 1]:
    cases[f"trunc{k}"] = data[:k]
# size prefix kept consistent with the truncated buffer
for k in [12, 64, n // 2]:
    cases[f"trunc_fixed{k}"] = struct.pack("<I", k - 4) + data[4:k]
rng = random.Random(1234)
for i in range(60):
    b = bytearray(data)
    for _ in range(1 + i % 4):
        pos = rng.randrange(4, min(n, 4096))  # the tables, not the weights
        b[pos] ^= 1 << rng.randrange(8)
    cases[f"flip{i}"] = bytes(b)
for i, val in enumerate([0, 0xFFFFFFFF, 0x7FFFFFFF, n, 4, 0xFFFFFFFC]):
    b = bytearray(data)
    b[4:8] = struct.pack("<I", val)  # root offset
    cases[f"root{i}"] = bytes(b)
    b = bytearray(data)
    root = struct.unpack_from("<I", data, 4)[0] + 4
    b[root:root + 4] = struct.pack("<I", val)  # root table's vtable soffset
    cases[f"vtable{i}"] = bytes(b)
# every uint32 in the header area set to a huge offset in turn
for pos in range(12, min(n, 400), 4):
    b = bytearray(data)
    b[pos:pos + 4] = struct.pack("<I", 0x7FFFFFF0 + pos % 7)
    cases[f"offset{pos}"] = bytes(b)
cases["v1_mgbc"] = b"MGBC" + b"\0" * 60
cases["v1_mgbs"] = b"MGBS" + b"\0" * 60
cases["ident_only"] = b"\0\0\0\0\0\0\0\0mgv2"
cases["size_huge"] = struct.pack("<I", 0xFFFFFFFF) + data[4:]
for name, b in cases.items():
    open(os.path.join(out, name + ".mge"), "wb").write(b)
print(len(cases))
