#!/usr/bin/python3
"""Train the small digits CNN used by kiln's demo and export it to ONNX.

Run from the repo root with Debian's python (torch, sklearn, numpy from apt):
    /usr/bin/python3 tools/train_digits.py [OUTDIR]      (OUTDIR defaults to demo/)

Deterministic: same seeds, same split, same weights on the same torch build.
Writes three files into OUTDIR:

  digits.onnx       opset 13, input "input" float32 [1,1,8,8], output "logits" [1,10].
                    Input pixels are sklearn's 0..16 values divided by 16.
  digits_test.bin   the held-out set, all little-endian:
                      char     magic[8] = "KDIGITS1"
                      uint32   count
                      float32  pixels[count][64]   row-major 8x8, already divided by 16
                      uint8    labels[count]       0..9
  digits_torch.txt  two lines:
                      torch_accuracy=0.xxxx
                      torch_predictions=DDDD...   one digit per held-out sample, in order
"""
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
EPOCHS = 30
BATCH = 32


def conv_bn_relu(cin, cout):
    # bias=False: BN's shift makes a conv bias redundant; the exporter folds BN into
    # the conv anyway, so the ONNX graph sees Conv(+bias) -> Relu.
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


def make_model():
    return nn.Sequential(
        *conv_bn_relu(1, 16),
        *conv_bn_relu(16, 32),
        nn.MaxPool2d(2),                 # 8x8 -> 4x4
        *conv_bn_relu(32, 32),
        nn.AdaptiveAvgPool2d(1),         # exported as GlobalAveragePool
        nn.Flatten(),
        nn.Linear(32, 10),
    )


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else "demo"
    os.makedirs(outdir, exist_ok=True)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.use_deterministic_algorithms(True)
    # A fixed thread count keeps float reduction order, hence the weights, reproducible.
    torch.set_num_threads(1)

    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[:, None, :, :]   # N,1,8,8 in [0,1]
    y = digits.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(
        x, y, test_size=0.2, stratify=y, random_state=SEED)

    model = make_model()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=EPOCHS)
    xt, yt = torch.from_numpy(x_tr), torch.from_numpy(y_tr)
    gen = torch.Generator().manual_seed(SEED)
    t0 = time.time()
    for epoch in range(EPOCHS):
        model.train()
        perm = torch.randperm(len(xt), generator=gen)
        for i in range(0, len(xt), BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
        sched.step()
    train_s = time.time() - t0

    model.eval()
    with torch.no_grad():
        pred = model(torch.from_numpy(x_te)).argmax(1).numpy()
    acc = float((pred == y_te).mean())
    print(f"trained {EPOCHS} epochs in {train_s:.1f}s; held-out accuracy {acc:.4f} "
          f"({int((pred == y_te).sum())}/{len(y_te)})")

    onnx_path = os.path.join(outdir, "digits.onnx")
    torch.onnx.export(model, torch.zeros(1, 1, 8, 8), onnx_path, opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      do_constant_folding=True)

    with open(os.path.join(outdir, "digits_test.bin"), "wb") as f:
        f.write(b"KDIGITS1")
        f.write(struct.pack("<I", len(y_te)))
        f.write(x_te.reshape(len(y_te), 64).astype("<f4").tobytes())
        f.write(y_te.astype(np.uint8).tobytes())

    with open(os.path.join(outdir, "digits_torch.txt"), "w") as f:
        f.write(f"torch_accuracy={acc:.4f}\n")
        f.write("torch_predictions=" + "".join(str(int(p)) for p in pred) + "\n")

    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path)} bytes), "
          f"digits_test.bin, digits_torch.txt in {outdir}/")
    return 0 if acc >= 0.97 else 1


if __name__ == "__main__":
    sys.exit(main())
