#!/usr/bin/env python3
"""mge_fixtures.py - MegEngine fixtures for kiln's .mge importer.

Builds small nets plus resnet18-, mobilenet_v2- and shufflenet_v2-style
CNNs with seeded random weights (and non-trivial BatchNorm statistics),
dumps each with trace(symbolic=True, capture_as_const=True) + dump(), and
records MegEngine's own output on a seeded input (computed by loading
and running the dumped file, checked against the traced function):

    OUT/NAME.mge  OUT/NAME.x.npy  OUT/NAME.y.npy

Usage: python mge_fixtures.py OUT_DIR [NAME...]
Needs megengine (1.13) and numpy<2.
"""
import os
import sys

import numpy as np
import megengine as mge
import megengine.functional as F
import megengine.module as M
from megengine.jit import trace


def randomize(net, seed):
    """Seeded weights, and BN stats far from identity so folding is tested."""
    rng = np.random.RandomState(seed)
    for name, p in net.named_parameters():
        fan = max(1, int(np.prod(p.shape[1:]))) if p.ndim > 1 else 4
        p._reset(mge.tensor(rng.uniform(-1, 1, p.shape).astype("float32") * (1.5 / np.sqrt(fan))))
    for m in net.modules():
        if isinstance(m, M.BatchNorm2d):
            c = m.num_features
            m.running_mean._reset(mge.tensor(rng.uniform(-0.5, 0.5, (1, c, 1, 1)).astype("float32")))
            m.running_var._reset(mge.tensor(rng.uniform(0.5, 2.0, (1, c, 1, 1)).astype("float32")))
            m.weight._reset(mge.tensor(rng.uniform(0.5, 1.5, (1, c, 1, 1)).astype("float32")))
            m.bias._reset(mge.tensor(rng.uniform(-0.3, 0.3, (1, c, 1, 1)).astype("float32")))
    return net


def clip(x, lo, hi):
    # Not F.clip: MegEngine 1.13 dumps F.clip(x, a, b) with both bounds
    # pointing at the constant a (the loaded dump computes min(max(x, a), a)).
    return F.minimum(F.maximum(x, lo), hi)


def run_dump(path, x):
    """Runs the dumped file itself in MegEngine (graph_opt_level 0)."""
    from megengine.core.tensor import megbrain_graph as G
    from megengine.utils import comp_graph_tools as tools

    ret = G.load_graph(path)
    graph, outs = ret.graph, ret.output_vars_list
    graph.options.graph_opt_level = 0
    inps = tools.get_dep_vars(outs, "Host2DeviceCopy")
    outs, inp_dict = tools.convert_inputs(outs, inputs=inps)
    outs, out_dict = tools.convert_outputs(outs)
    func = graph.compile(outs)
    for k in inp_dict:
        inp_dict[k].set_value(mge.Tensor(x)._dev_tensor())
    func.execute()
    func.wait()
    return [o.get_value().numpy() for o in out_dict.values()][0]


class ConvBnRelu(M.Module):
    def __init__(self, cin, cout, k=3, s=1, p=1, groups=1, act=True):
        super().__init__()
        self.conv = M.Conv2d(cin, cout, k, s, p, groups=groups, bias=False)
        self.bn = M.BatchNorm2d(cout)
        self.act = act

    def forward(self, x):
        x = self.bn(self.conv(x))
        return F.relu(x) if self.act else x


class Small(M.Module):  # conv+bn+relu+pool+mean+linear
    def __init__(self):
        super().__init__()
        self.c1 = ConvBnRelu(3, 8)
        self.c2 = M.Conv2d(8, 16, 3, stride=2, padding=1)
        self.fc = M.Linear(16, 10)

    def forward(self, x):
        x = self.c1(x)
        x = F.max_pool2d(x, 2, 2)
        x = F.relu(self.c2(x))
        x = F.mean(x, axis=[2, 3])
        return self.fc(x)


class Elem(M.Module):  # elementwise zoo
    def forward(self, x):
        a = F.sigmoid(x) * F.tanh(x) + F.exp(-F.abs(x))
        b = F.log(F.abs(x) + 1.0) - F.maximum(x, 0.1) / (F.minimum(x, 0.5) + 2.0)
        c = F.hswish(x) + x ** 2 + F.pow(F.abs(x) + 0.5, 1.5)
        d = F.relu(a + b) + F.sqrt(F.abs(c)) + F.neg(x) * 0.5
        return clip(d, -3.0, 3.0) + F.leaky_relu(x, 0.1) + F.silu(x) + F.floor(x) + F.ceil(x)


class Pools(M.Module):  # pooling variants, group conv, adaptive pooling, concat
    def __init__(self):
        super().__init__()
        self.g = M.Conv2d(8, 8, 3, padding=1, groups=4)
        self.dw = M.Conv2d(8, 8, 3, stride=2, padding=1, groups=8)

    def forward(self, x):
        a = F.avg_pool2d(x, 3, 1, 1, mode="average")
        b = F.avg_pool2d(x, 3, 1, 1, mode="average_count_exclude_padding")
        c = F.max_pool2d(x, 3, 2, 1)
        y = F.concat([a, b, self.g(x)], axis=1)
        z = F.adaptive_avg_pool2d(self.dw(x) + c, (2, 2))
        w = F.adaptive_max_pool2d(y, (3, 3))
        return F.concat([F.flatten(z, 1), F.flatten(w, 1)], axis=1)


class Shapes(M.Module):  # reshape, transpose, subtensor, reduce, softmax, matmul
    def __init__(self):
        super().__init__()
        self.w = mge.Parameter(np.random.RandomState(7).randn(12, 5).astype("float32"))

    def forward(self, x):  # x: 2x3x4x4
        n = x.shape[0]
        y = x.reshape(n, 3, 16).transpose(0, 2, 1)  # 2x16x3
        y = F.concat([y, y[:, :, :1] * 2.0], axis=2)  # 2x16x4
        y = y[:, 2:14:2, :]  # 2x6x4
        z = F.matmul(y, y.transpose(0, 2, 1))  # batched 2x6x6
        s = F.softmax(z, axis=-1)
        r = F.sum(s, axis=1, keepdims=True) + F.max(z, axis=1, keepdims=True) - F.min(z, axis=1, keepdims=True)
        f = F.flatten(x, 1)[:, :12]
        m = F.matmul(f, self.w)  # 2x5
        q = F.expand_dims(m, 1) + F.mean(r, axis=2, keepdims=True)
        t = x[:, ::-1, 0, 1:2]  # negative step, scalar index (2x3x1)
        return F.broadcast_to(q, (2, 3, 5)) * F.prod(F.abs(x[:, :1, :1, :1]) + 1, axis=(1, 2)).reshape(2, 1, 1) + t


class BasicBlock(M.Module):
    def __init__(self, cin, cout, s):
        super().__init__()
        self.a = ConvBnRelu(cin, cout, 3, s, 1)
        self.b = ConvBnRelu(cout, cout, 3, 1, 1, act=False)
        self.down = ConvBnRelu(cin, cout, 1, s, 0, act=False) if s != 1 or cin != cout else None

    def forward(self, x):
        y = self.b(self.a(x))
        return F.relu(y + (self.down(x) if self.down else x))


class ResNet18(M.Module):
    def __init__(self, w=16, classes=10):
        super().__init__()
        self.stem = ConvBnRelu(3, w, 7, 2, 3)
        layers, cin = [], w
        for i, c in enumerate([w, 2 * w, 4 * w, 8 * w]):
            layers += [BasicBlock(cin, c, 1 if i == 0 else 2), BasicBlock(c, c, 1)]
            cin = c
        self.layers = M.Sequential(*layers)
        self.fc = M.Linear(cin, classes)

    def forward(self, x):
        x = F.max_pool2d(self.stem(x), 3, 2, 1)
        x = self.layers(x)
        return self.fc(F.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class InvRes(M.Module):
    def __init__(self, cin, cout, s, t):
        super().__init__()
        h = cin * t
        self.use_res = s == 1 and cin == cout
        self.pw = ConvBnRelu(cin, h, 1, 1, 0) if t != 1 else None
        self.dw = ConvBnRelu(h, h, 3, s, 1, groups=h)
        self.pl = ConvBnRelu(h, cout, 1, 1, 0, act=False)

    def forward(self, x):
        y = self.pw(x) if self.pw else x
        y = self.dw(y)
        y = clip(y, 0.0, 6.0)  # relu6 after the depthwise conv
        y = self.pl(y)
        return x + y if self.use_res else y


class MobileNetV2(M.Module):
    def __init__(self, classes=10):
        super().__init__()
        cfg = [(1, 8, 1, 1), (6, 12, 2, 2), (6, 16, 2, 2), (6, 24, 2, 2), (6, 32, 1, 1)]
        self.stem = ConvBnRelu(3, 8, 3, 2, 1)
        blocks, cin = [], 8
        for t, c, n, s in cfg:
            for i in range(n):
                blocks.append(InvRes(cin, c, s if i == 0 else 1, t))
                cin = c
        self.blocks = M.Sequential(*blocks)
        self.head = ConvBnRelu(cin, 64, 1, 1, 0)
        self.fc = M.Linear(64, classes)

    def forward(self, x):
        x = self.head(self.blocks(self.stem(x)))
        return self.fc(F.mean(x, axis=[2, 3]))


def channel_shuffle(x, groups):
    n, c, h, w = x.shape
    x = x.reshape(n, groups, c // groups, h, w).transpose(0, 2, 1, 3, 4)
    return x.reshape(n, c, h, w)


class ShuffleUnit(M.Module):
    def __init__(self, cin, cout, s):
        super().__init__()
        self.s = s
        b = cout // 2
        if s == 2:
            self.left = M.Sequential(ConvBnRelu(cin, cin, 3, 2, 1, groups=cin, act=False),
                                     ConvBnRelu(cin, b, 1, 1, 0))
            rin = cin
        else:
            rin = b
        self.right = M.Sequential(ConvBnRelu(rin, b, 1, 1, 0), ConvBnRelu(b, b, 3, s, 1, groups=b, act=False),
                                  ConvBnRelu(b, b, 1, 1, 0))

    def forward(self, x):
        if self.s == 1:
            c = x.shape[1] // 2
            l, r = x[:, :c], x[:, c:]
            out = F.concat([l, self.right(r)], axis=1)
        else:
            out = F.concat([self.left(x), self.right(x)], axis=1)
        return channel_shuffle(out, 2)


class ShuffleNetV2(M.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.stem = ConvBnRelu(3, 16, 3, 2, 1)
        units, cin = [], 16
        for c, n in [(32, 2), (64, 3), (128, 2)]:
            for i in range(n):
                units.append(ShuffleUnit(cin, c, 2 if i == 0 else 1))
                cin = c
        self.units = M.Sequential(*units)
        self.head = ConvBnRelu(cin, 128, 1, 1, 0)
        self.fc = M.Linear(128, classes)

    def forward(self, x):
        x = F.max_pool2d(self.stem(x), 3, 2, 1)
        x = self.head(self.units(x))
        return self.fc(F.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class Fused(M.Module):  # for dumps with conv-bias fusion: ConvBias (+z), softmax, powc, typecvt
    def __init__(self):
        super().__init__()
        self.a = ConvBnRelu(3, 8)
        self.b = ConvBnRelu(8, 8, act=False)
        self.c = M.Conv2d(8, 8, 3, padding=1, groups=2)
        self.fc = M.Linear(8, 6)

    def forward(self, x):
        y = self.a(x)
        y = F.relu(self.b(y) + y)
        y = F.sigmoid(self.c(y))
        z = F.mean(y ** 3, axis=[2, 3])
        z = z + (z * 4).astype("int32").astype("float32")
        return F.softmax(self.fc(z), axis=1)


FUSE = dict(enable_fuse_conv_bias_nonlinearity=True, enable_fuse_conv_bias_with_z=True, output_names=["prob"],
            keep_opr_name=True)

MODELS = {
    "small": (Small, (1, 3, 16, 16)),
    "fused": (Fused, (2, 3, 8, 8), FUSE),
    "elem": (None, (2, 3, 5, 7)),
    "pools": (Pools, (1, 8, 9, 9)),
    "shapes": (Shapes, (2, 3, 4, 4)),
    "resnet18": (ResNet18, (1, 3, 64, 64)),
    "mobilenet_v2": (MobileNetV2, (1, 3, 64, 64)),
    "shufflenet_v2": (ShuffleNetV2, (1, 3, 64, 64)),
    # refused by kiln (NCHW44 layout): tests the message
    "nchw44": (Small, (1, 3, 16, 16), dict(enable_nchw44=True)),
}


def build(name, out_dir, seed):
    cls, shape, *opts = MODELS[name]
    dump_kwargs = opts[0] if opts else {}
    net = randomize(cls() if cls else Elem(), seed)
    net.eval()
    x = np.random.RandomState(seed + 1000).uniform(-2, 2, shape).astype("float32")

    @trace(symbolic=True, capture_as_const=True)
    def fn(data):
        return net(data)

    y = fn(mge.tensor(x)).numpy()
    path = os.path.join(out_dir, name + ".mge")
    fn.dump(path, arg_names=["data"], **dump_kwargs)
    # The reference is what MegEngine computes from the file; it must agree
    # with the traced function, or the dump itself is wrong.
    z = run_dump(path, x)
    if z.shape != y.shape or np.max(np.abs(z - y)) > 1e-5 * max(1.0, float(np.max(np.abs(y)))):
        sys.exit(f"{name}: MegEngine's loaded dump disagrees with the traced function")
    y = z
    np.save(os.path.join(out_dir, name + ".x.npy"), x)
    np.save(os.path.join(out_dir, name + ".y.npy"), y.astype("float32"))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    names = sys.argv[2:] or list(MODELS)
    for i, name in enumerate(names):
        build(name, out_dir, seed=100 + i * 7)
        print("fixture", name)


if __name__ == "__main__":
    main()
