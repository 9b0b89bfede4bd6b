#!/usr/bin/python3
"""Export torchvision classifiers to ONNX as kiln test models.

Run with Debian's python (torch + torchvision from apt; no network, no `onnx` package:
torch 1.13's TorchScript exporter serialises the protobuf itself):
    /usr/bin/python3 tools/export_zoo.py OUTDIR [NAME ...]     (default: the main five)

For each NAME writes OUTDIR/NAME.onnx (opset 13, input "input" float32 [1,3,224,224],
output "output"), OUTDIR/NAME.input.npy (seeded N(0,1) input) and OUTDIR/NAME.torch.npy
(PyTorch's output for it). Weights are random (weights=None) but seeded, and every
BatchNorm gets non-trivial statistics so that BN folding is really tested.
A model whose .onnx is newer than this script is skipped (cache).
"""
import os
import sys
import time
import zlib

import numpy as np
import torch
import torchvision

MAIN = ["resnet18", "mobilenet_v2", "squeezenet1_1", "shufflenet_v2_x1_0", "efficientnet_b0"]
EXTRA = ["resnet50", "mobilenet_v3_small", "mnasnet1_0", "regnet_x_400mf", "googlenet",
         "densenet121", "convnext_tiny", "vit_b_16"]


def randomise_bn(model, gen):
    # Fresh BN layers have mean 0, var 1, weight 1, bias 0: folding them is a no-op and a
    # wrong fold would go unnoticed. Give each one statistics that change the output.
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            n = m.num_features
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(n, generator=gen) * 0.1)
                m.running_var.copy_(torch.rand(n, generator=gen) * 1.5 + 0.5)
                if m.affine:
                    m.weight.copy_(torch.rand(n, generator=gen) + 0.5)
                    m.bias.copy_(torch.randn(n, generator=gen) * 0.1)


def unzero(model, gen):
    # Some heads start at zero (vit_b_16's classifier): the output would be all zeros
    # and any kernel would "pass". Give such layers small random weights instead.
    for m in model.modules():
        if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d)) and not m.weight.any():
            with torch.no_grad():
                m.weight.copy_(torch.randn(m.weight.shape, generator=gen) * 0.02)


def build(name, seed):
    ctor = getattr(torchvision.models, name)
    kwargs = {"weights": None}
    # googlenet's aux heads only run in training; init_weights=True is what weights=None
    # implies anyway, and saying so silences torchvision's warning about it.
    if name == "googlenet":
        kwargs.update(aux_logits=False, init_weights=True)
    torch.manual_seed(seed)
    model = ctor(**kwargs)
    gen = torch.Generator().manual_seed(seed + 1)
    randomise_bn(model, gen)
    unzero(model, gen)
    return model.eval()


def export(name, outdir):
    # Seed from the name, not the list position, so `export_zoo.py D resnet50` alone
    # gives the same files as exporting everything.
    seed = zlib.crc32(name.encode()) & 0x7FFFFFFF
    model = build(name, seed)
    x = torch.from_numpy(np.random.default_rng(seed).standard_normal(
        (1, 3, 224, 224)).astype(np.float32))
    with torch.no_grad():
        y = model(x)
    onnx_path = os.path.join(outdir, name + ".onnx")
    tmp = onnx_path + ".tmp"
    torch.onnx.export(model, x, tmp, opset_version=13, input_names=["input"],
                      output_names=["output"], do_constant_folding=True)
    np.save(os.path.join(outdir, name + ".input.npy"), x.numpy())
    np.save(os.path.join(outdir, name + ".torch.npy"), y.numpy())
    os.replace(tmp, onnx_path)   # last, so a half-written export is never cached


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    outdir, names = sys.argv[1], sys.argv[2:] or MAIN
    os.makedirs(outdir, exist_ok=True)
    torch.set_num_threads(2)
    script_mtime = os.path.getmtime(__file__)
    status = 0
    for name in names:
        if not hasattr(torchvision.models, name):
            print(f"skip {name}: not in torchvision {torchvision.__version__}")
            continue
        onnx_path = os.path.join(outdir, name + ".onnx")
        if os.path.exists(onnx_path) and os.path.getmtime(onnx_path) > script_mtime:
            print(f"cached {onnx_path}")
            continue
        t0 = time.time()
        try:
            export(name, outdir)
        except Exception as e:   # report and go on: one odd model must not hide the rest
            print(f"error {name}: {type(e).__name__}: {e}")
            status = 1
            continue
        print(f"exported {onnx_path} ({os.path.getsize(onnx_path) / 1e6:.1f} MB) "
              f"in {time.time() - t0:.1f}s")
    return status


if __name__ == "__main__":
    sys.exit(main())
