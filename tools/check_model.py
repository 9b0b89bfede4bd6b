#!/usr/bin/env python3
"""Run one ONNX model through kiln and through ONNX Runtime, and compare the outputs.

Run with the test venv's python (onnxruntime, numpy):
    check_model.py --kiln build/kiln MODEL.onnx INPUT.npy [INPUT.npy ...]
                   [--rtol-max 1e-4] [--target T] [--ref REF.npy] [--timeout S]

Inputs are given in the order of the model's graph inputs. A model passes when, for every
output, max|kiln - ort| <= rtol_max * max|ort|: a tolerance relative to the output's scale,
so one threshold suits logits of 0.01 and of 100 alike.
Prints exactly one line, `PASS <model> maxdiff=... tol=...` or `FAIL <model> <reason>`,
and exits 0 or 1. --ref (e.g. PyTorch's output) is compared with ORT's first output for
information only; it shows how far apart two trusted runtimes already are.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnxruntime as ort


def run_ort(model, inputs):
    opts = ort.SessionOptions()
    # One thread: the reference must not depend on the machine's core count.
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
    names = [i.name for i in sess.get_inputs()]
    if len(names) != len(inputs):
        raise ValueError(f"model has {len(names)} inputs {names}, got {len(inputs)} .npy files")
    return sess.run(None, dict(zip(names, inputs)))


def run_kiln(args, outdir, n_outputs):
    outs = [os.path.join(outdir, f"out{i}.npy") for i in range(n_outputs)]
    cmd = [args.kiln, "run", args.model]
    if args.target:
        cmd += ["--target", args.target]
    if args.opt:
        cmd += ["--opt", args.opt]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    for f in args.inputs:
        cmd += ["--input", f]
    for f in outs:
        cmd += ["--output", f]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    except OSError as e:   # missing or not executable
        raise RuntimeError(f"cannot run kiln {args.kiln}: {e.strerror}")
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"kiln timed out after {args.timeout}s")
    if p.returncode != 0:
        lines = [l for l in p.stderr.splitlines() if l.strip()]
        last = lines[-1].strip() if lines else "(no stderr)"
        raise RuntimeError(f"kiln exited {p.returncode}: {last}")
    missing = [f for f in outs if not os.path.exists(f)]
    if missing:
        raise RuntimeError(f"kiln wrote no {os.path.basename(missing[0])}")
    return [np.load(f) for f in outs]


def compare(i, got, want, rtol):
    """Returns (ok, maxdiff, tol, detail) for output number i."""
    if got.shape != want.shape:
        return False, None, None, f"output {i}: shape {got.shape}, expected {want.shape}"
    g, w = got.astype(np.float64), want.astype(np.float64)
    diff = np.abs(g - w)
    # NaN where ORT has a number fails (inf diff); NaN in both places agrees.
    diff[np.isnan(g) != np.isnan(w)] = np.inf
    diff[np.isnan(g) & np.isnan(w)] = 0.0
    tol = rtol * float(np.nanmax(np.abs(w))) if w.size else 0.0
    maxdiff = float(diff.max()) if diff.size else 0.0
    if maxdiff <= tol:
        return True, maxdiff, tol, ""
    bad = np.unravel_index(int(np.argmax(diff)), diff.shape)
    detail = (f"output {i}: maxdiff={maxdiff:.3g} > tol={tol:.3g} at {tuple(map(int, bad))}: "
              f"got {g[bad]:.7g} expected {w[bad]:.7g}")
    return False, maxdiff, tol, detail


def check(args):
    try:
        inputs = [np.load(f) for f in args.inputs]
    except (OSError, ValueError) as e:
        return False, f"cannot read input: {e}"
    try:
        want = run_ort(args.model, inputs)
    except Exception as e:   # an ORT failure means a broken test, not a kiln bug
        return False, "onnxruntime failed: " + " ".join(str(e).split())[:300]
    ref = ""
    if args.ref:
        r = np.load(args.ref).astype(np.float64)
        w = want[0].astype(np.float64)
        ref = (f" ort_vs_ref={np.abs(r - w).max():.3g}" if r.shape == w.shape
               else f" ort_vs_ref=shape {r.shape} vs {w.shape}")
    with tempfile.TemporaryDirectory(prefix="kiln-check-") as tmp:
        try:
            got = run_kiln(args, tmp, len(want))
        except RuntimeError as e:
            return False, str(e)
    # Report the output closest to failing (largest maxdiff/tol).
    worst = None
    for i, (g, w) in enumerate(zip(got, want)):
        ok, maxdiff, tol, detail = compare(i, g, w, args.rtol_max)
        if not ok:
            return False, detail + ref
        ratio = maxdiff / tol if tol > 0 else (0.0 if maxdiff == 0 else np.inf)
        if worst is None or ratio > worst[0]:
            worst = (ratio, maxdiff, tol)
    return True, f"maxdiff={worst[1]:.3g} tol={worst[2]:.3g}{ref}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kiln", required=True, help="path to the kiln compiler")
    ap.add_argument("model")
    ap.add_argument("inputs", nargs="+", metavar="INPUT.npy")
    ap.add_argument("--rtol-max", type=float, default=1e-4,
                    help="tolerance relative to max|ort output| (default 1e-4)")
    ap.add_argument("--target", help="passed to kiln run --target")
    ap.add_argument("--opt", choices=("size", "speed"), help="passed to kiln run --opt")
    ap.add_argument("--threads", type=int, help="passed to kiln run --threads")
    ap.add_argument("--ref", help="another runtime's output (.npy), compared with ORT for info")
    ap.add_argument("--timeout", type=float, default=1200, help="seconds for kiln run")
    args = ap.parse_args()
    name = os.path.splitext(os.path.basename(args.model))[0]
    if args.target:
        name += f"-{args.target}"
    if args.opt:
        name += f"-opt-{args.opt}"
    if args.threads:
        name += f"-threads-{args.threads}"
    ok, msg = check(args)
    print(f"{'PASS' if ok else 'FAIL'} {name} {msg}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
