#!/usr/bin/env python3
"""Benchmark kiln against ONNX Runtime, one and two threads, and write docs/benchmarks.md.

Run with the test venv's python (onnx, onnxruntime, numpy):
    build/venv/bin/python tools/bench.py [--kiln build/kiln] [--zoo build/zoo]
        [--models resnet18,mobilenet_v2,...] [--target native] [--rounds 6] [--per-round 4]
        [--out docs/benchmarks.md]

Per model:
  1. Correctness: `kiln run --target T --keep DIR` on the model's input (ZOO/NAME.input.npy)
     and ORT on the same input; kiln passes when max|kiln - ORT| <= 1e-3 * max|ORT|.
  2. Timing, interleaved in one run so that background load hits both alike: ROUNDS rounds,
     each runs the kept kiln build (compiled with --threads 2, the very binary `kiln bench`
     runs: -O3 with the target's flags; one process, one warm-up run, then PER_ROUND + 1
     timed runs of which the first is dropped) on one thread, PER_ROUND timed ORT runs (intra-op threads 1, inter-op 1, all graph
     optimisations, after warm-up), then both again on two threads (kiln -t 2, ORT intra-op
     threads 2). Every timed run is recorded; the tables give the median over all of them
     (ROUNDS x PER_ROUND >= 20 per side).
Models missing from ZOO are exported with `/usr/bin/python3 tools/export_zoo.py ZOO NAME`.
GFLOP/s counts 2 * multiply-adds of Conv, Gemm and MatMul (from ONNX shape inference).
"""
import argparse
import datetime
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper, shape_inference

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The torchvision zoo of issue #4, smallest first.
DEFAULT_MODELS = ("squeezenet1_1,mobilenet_v3_small,shufflenet_v2_x1_0,mobilenet_v2,mnasnet1_0,"
                  "regnet_x_400mf,efficientnet_b0,resnet18,googlenet,densenet121,resnet50,"
                  "convnext_tiny,vit_b_16")


def model_flops(path):
    """2 x multiply-adds of Conv / Gemm / MatMul, from inferred static shapes."""
    m = shape_inference.infer_shapes(onnx.load(path))
    g = m.graph
    shapes = {}
    for v in list(g.input) + list(g.output) + list(g.value_info):
        dims = [d.dim_value for d in v.type.tensor_type.shape.dim]
        shapes[v.name] = dims
    for t in g.initializer:
        shapes[t.name] = list(t.dims)
    total = 0
    for n in g.node:
        try:
            if n.op_type == "Conv":
                w, y = shapes[n.input[1]], shapes[n.output[0]]
                total += 2 * math.prod(y) * math.prod(w[1:])
            elif n.op_type == "Gemm":
                a, y = shapes[n.input[0]], shapes[n.output[0]]
                trans_a = any(at.name == "transA" and at.i for at in n.attribute)
                total += 2 * math.prod(y) * (a[0] if trans_a else a[1])
            elif n.op_type == "MatMul":
                a, y = shapes[n.input[0]], shapes[n.output[0]]
                total += 2 * math.prod(y) * a[-1]
        except (KeyError, IndexError):
            pass  # a shape ONNX could not infer: leave the node out
    return total


def ort_session(path, threads=1):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])


def ensure_model(zoo, name):
    onnx_path = os.path.join(zoo, name + ".onnx")
    inp = os.path.join(zoo, name + ".input.npy")
    if not (os.path.exists(onnx_path) and os.path.exists(inp)):
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tools", "export_zoo.py"), zoo, name],
                       check=True)
    return onnx_path, inp


def bench_model(args, name, workdir):
    path, inp = ensure_model(args.zoo, name)
    x = np.load(inp)
    sess = ort_session(path)
    feed = {sess.get_inputs()[0].name: x}
    ref = sess.run(None, feed)
    keep = os.path.join(workdir, name)
    outs = [os.path.join(workdir, f"{name}.out{i}.npy") for i in range(len(ref))]
    cmd = [args.kiln, "run", path, "--target", args.target, "--threads", "2", "--keep", keep,
           "--input", inp]
    for o in outs:
        cmd += ["--output", o]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return {"name": name, "error": (p.stderr.strip().splitlines() or ["kiln failed"])[-1]}
    maxdiff, ok = 0.0, True
    for o, r in zip(outs, ref):
        got = np.load(o).astype(np.float64)
        want = r.astype(np.float64)
        d = float(np.abs(got - want).max()) if want.size else 0.0
        tol = 1e-3 * float(np.abs(want).max()) if want.size else 0.0
        maxdiff = max(maxdiff, d)
        ok = ok and got.shape == want.shape and d <= tol
    exe = [os.path.join(keep, "model_example"), "-w", os.path.join(keep, "model.weights"),
           "-i", os.path.join(keep, "in0.bin"), "-n"]

    arena = 0
    with open(os.path.join(keep, "model.h")) as f:
        for l in f:
            if l.startswith("#define MODEL_ARENA_BYTES"):
                arena = int(l.split()[2].rstrip("u"))

    def run_exe(n, threads=1):
        """Runs the kiln build with n timed runs (after its warm-up run) in one process;
        returns (every run's wall ms, child CPU s)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        q = subprocess.run(exe + [str(n), "-t", str(threads)], capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        line = [l for l in q.stdout.splitlines() if l.startswith("runs_ms=")]
        if q.returncode != 0 or not line:
            raise RuntimeError("model_example failed: " + q.stderr.strip())
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        return [float(v) for v in line[0].split("=", 1)[1].split(",")], cpu

    kiln_ms, ort_ms, kiln_cpu, ort_cpu, kiln2_ms, ort2_ms = [], [], [], [], [], []
    sess2 = ort_session(path, 2)
    for _ in range(args.per_round):  # ORT warm-up
        sess.run(None, feed)
        sess2.run(None, feed)
    try:
        for _ in range(args.rounds):
            # kiln: PER_ROUND timed runs in one process after its warm-up run, like ORT's
            # in one session, every run recorded; CPU time per run = CPU(-n 1 + P runs) -
            # CPU(-n 1), over P.
            _, c1 = run_exe(1)
            ms, cp = run_exe(args.per_round + 1)
            kiln_ms += ms[1:]
            kiln_cpu.append(max(cp - c1, 0.0) / args.per_round * 1e3)
            for _ in range(args.per_round):
                t0, c0 = time.perf_counter(), time.thread_time()
                sess.run(None, feed)
                ort_ms.append((time.perf_counter() - t0) * 1e3)
                ort_cpu.append((time.thread_time() - c0) * 1e3)
            kiln2_ms += run_exe(args.per_round + 1, 2)[0][1:]  # two threads, wall time
            for _ in range(args.per_round):
                t0 = time.perf_counter()
                sess2.run(None, feed)
                ort2_ms.append((time.perf_counter() - t0) * 1e3)
    except RuntimeError as e:
        return {"name": name, "error": str(e)}
    flops = model_flops(path)
    k, o = statistics.median(kiln_ms), statistics.median(ort_ms)
    kc, oc = statistics.median(kiln_cpu), statistics.median(ort_cpu)
    k2, o2 = statistics.median(kiln2_ms), statistics.median(ort2_ms)
    return {"name": name, "kiln": k, "ort": o, "ratio": k / o, "gflop": flops / 1e9,
            "kiln_cpu": kc, "ort_cpu": oc, "cpu_ratio": kc / oc,
            "kiln_gflops": flops / kc / 1e6, "ort_gflops": flops / oc / 1e6, "maxdiff": maxdiff,
            "kiln2": k2, "ort2": o2, "ratio2": k2 / o2, "kiln_speedup": k / k2, "ort_speedup": o / o2,
            "arena_mb": arena / 2**20, "ok": ok, "n": len(kiln_ms)}


def machine():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for l in out.splitlines():
            if l.startswith("Model name:"):
                return l.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def write_md(args, rows):
    ok_rows = [r for r in rows if "error" not in r]
    def gmean(key):
        return math.exp(sum(math.log(r[key]) for r in ok_rows) / len(ok_rows)) if ok_rows else float("nan")
    geo, geo_cpu = gmean("ratio"), gmean("cpu_ratio")
    geo2, geo_ks, geo_os = gmean("ratio2"), gmean("kiln_speedup"), gmean("ort_speedup")
    worst = max(ok_rows, key=lambda r: r["cpu_ratio"]) if ok_rows else None
    lines = [
        "# Benchmarks: kiln vs ONNX Runtime, one and two threads",
        "",
        "Generated by `tools/bench.py`; do not edit by hand.",
        "",
        f"- machine: {machine()}",
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- kiln: `--target {args.target}`, generated C built with -O3 and the target's flags",
        f"- onnxruntime {ort.__version__}: intra-op threads 1, inter-op threads 1, all graph optimisations",
        f"- timing: {args.rounds} interleaved rounds x {args.per_round} runs per side after warm-up; "
        "medians over all timed runs. Both sides share the machine's background load, so compare "
        "the ratio, not absolute times.",
        "- check: kiln's outputs vs ORT's on the model's input, max abs diff <= 1e-3 x max |ORT|",
        "- CPU ms: CPU time per run (kiln: getrusage of the child over extra runs; ORT: thread "
        "time), which other jobs on the machine do not inflate; GFLOP/s use the CPU times",
        "- GFLOP: 2 x multiply-adds of Conv, Gemm and MatMul",
        "- arena: kiln's whole run-time memory besides the weights (`NAME_ARENA_BYTES`, compiled "
        "with --threads 2)",
        "",
        "## One thread",
        "",
        "| model | GFLOP | kiln ms | ORT ms | kiln / ORT | kiln CPU ms | ORT CPU ms | kiln / ORT (CPU) "
        "| kiln GFLOP/s | ORT GFLOP/s | max abs diff | check |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['name']} | | | | | | | | | | | error: {r['error']} |")
            continue
        lines.append(f"| {r['name']} | {r['gflop']:.2f} | {r['kiln']:.2f} | {r['ort']:.2f} | "
                     f"{r['ratio']:.2f} | {r['kiln_cpu']:.2f} | {r['ort_cpu']:.2f} | {r['cpu_ratio']:.2f} | "
                     f"{r['kiln_gflops']:.1f} | {r['ort_gflops']:.1f} | "
                     f"{r['maxdiff']:.2e} | {'pass' if r['ok'] else 'FAIL'} |")
    lines += ["", f"Geometric mean of kiln / ORT: **{geo:.2f}** wall, **{geo_cpu:.2f}** CPU time "
              "(below 1 means kiln is faster)."]
    if worst:
        lines.append(f"Slowest relative to ORT: {worst['name']} at {worst['cpu_ratio']:.2f} (CPU time).")
    lines += [
        "",
        "## Two threads",
        "",
        "kiln with `-t 2` (kiln_pool.c, the pthread pool it ships), ORT with intra-op threads 2; "
        "wall-clock medians, in the same rounds as the table above. Speedup = one-thread wall "
        "median / two-thread wall median of the same runtime.",
        "",
        "| model | kiln ms | ORT ms | kiln / ORT | kiln speedup | ORT speedup | kiln arena MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in ok_rows:
        lines.append(f"| {r['name']} | {r['kiln2']:.2f} | {r['ort2']:.2f} | {r['ratio2']:.2f} | "
                     f"{r['kiln_speedup']:.2f} | {r['ort_speedup']:.2f} | {r['arena_mb']:.1f} |")
    lines += ["", f"Geometric means: kiln / ORT **{geo2:.2f}**; speedup from two threads: kiln "
              f"**{geo_ks:.2f}x**, ORT **{geo_os:.2f}x**.", ""]
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
    return geo


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kiln", default=os.path.join(ROOT, "build", "kiln"))
    ap.add_argument("--zoo", default=os.path.join(ROOT, "build", "zoo"))
    ap.add_argument("--models", default=DEFAULT_MODELS)
    ap.add_argument("--target", default="native")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--per-round", type=int, default=4)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    args = ap.parse_args()
    if args.rounds * args.per_round < 20:
        ap.error("need at least 20 timed runs per side (rounds x per-round)")
    os.makedirs(args.zoo, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kiln-bench-") as work:
        for name in [m for m in args.models.split(",") if m]:
            r = bench_model(args, name, work)
            rows.append(r)
            if "error" in r:
                print(f"{name}: ERROR {r['error']}", flush=True)
            else:
                print(f"{name}: kiln {r['kiln']:.2f} ms  ORT {r['ort']:.2f} ms  ratio {r['ratio']:.2f}  "
                      f"CPU kiln {r['kiln_cpu']:.2f} ms ORT {r['ort_cpu']:.2f} ms ratio {r['cpu_ratio']:.2f}  "
                      f"kiln {r['kiln_gflops']:.0f} GFLOP/s  2 threads: kiln {r['kiln2']:.2f} ms "
                      f"(x{r['kiln_speedup']:.2f}) ORT {r['ort2']:.2f} ms (x{r['ort_speedup']:.2f})  "
                      f"maxdiff {r['maxdiff']:.2e} "
                      f"{'pass' if r['ok'] else 'FAIL'}", flush=True)
    geo = write_md(args, rows)
    print(f"geomean kiln/ORT {geo:.2f}; wrote {args.out}")
    return 0 if all("error" not in r and r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
