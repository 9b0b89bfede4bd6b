#!/usr/bin/env python3
"""Run the official ONNX backend test suite through kiln and write the support table.

Run with the test venv's python (onnx, onnxruntime, numpy; `make venv`):
    conformance.py [--kiln build/kiln] [--kind node,light,...] [--filter REGEX]
                   [--target generic|native] [--limit N] [-j 2] [--timeout 120]
                   [--out docs/onnx-support.md] [--json build/conformance/results.json]

Where the cases come from (onnx 1.23.2; the package ships no data/node folder):
  node               built in memory by onnx.backend.test.loader.load_model_tests("node")
                     from the numpy code in onnx/backend/test/case/node; written out here
                     to build/conformance/cases/node/<case>/ (never committed).
  light              onnx/backend/test/data/light/light_<model>.onnx, the real-model tests
                     (ONNX's runner calls them kind "real": data/real/<case>/data.json
                     points at the light file). The input is ONNX's dummy input
                     arange(n)/n, the expected output the shipped light_<model>_output_0.pb;
                     without one, onnxruntime computes it.
  simple, pytorch-converted, pytorch-operator
                     onnx/backend/test/data/<kind>/<case>/{model.onnx,test_data_set_N/}.

Each data set is one `kiln run`, built with $CC (default cc) plus -Wall -Werror.
Outputs are compared the way onnx/backend/test/runner does: same count, shape and dtype;
floats with assert_allclose semantics (|got-exp| <= atol + rtol*|exp|, NaN equals NaN,
rtol 1e-3 and atol 1e-7 unless the case says otherwise, bfloat16 rtol at least 2^-6).
Integers, bools and strings must match exactly. (ONNX's runner uses allclose for integers
too, which would accept 1001 for 1000; exact is the stricter reading.)

Prints `PASS onnx/<kind>/<case>`, `FAIL onnx/<kind>/<case>: reason` or
`SKIP onnx/<kind>/<case>: reason` per case and `N passed, N failed, N skipped` at the end.
Exits 0 unless the runner itself broke (2 for usage errors). The table it writes
(docs/onnx-support.md) is generated: never edit it by hand.
"""
import argparse
import collections
import concurrent.futures
import datetime
import glob
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings

import numpy as np

import onnx
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KINDS = ("node", "light", "simple", "pytorch-converted", "pytorch-operator")
DATA_DIR = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data")
DEFAULT_RTOL, DEFAULT_ATOL = 1e-3, 1e-7
REASON_MAX = 240  # characters of a reason kept in the table


class Case:
    """One suite case: a model and its data sets, everything on disk."""

    def __init__(self, kind, name, model_path, rtol=DEFAULT_RTOL, atol=DEFAULT_ATOL):
        self.kind, self.name, self.model_path = kind, name, model_path
        self.rtol, self.atol = rtol, atol
        self.data_sets = []      # [(input_paths, output_paths)]
        self.skip = None         # reason the case cannot be run at all
        self.op = None           # node cases: the operator under test, "domain.Op" or "Op"
        self.opset = None        # node cases: the opset of that operator's domain
        self.ops = []            # operators the model uses (sorted, "domain.Op" or "Op")
        self.input_names = []    # graph inputs that are not initializers, in graph order
        self.output_types = []   # TypeProto of each graph output
        self.output_names = []

    @property
    def id(self):
        return f"onnx/{self.kind}/{self.name}"


# ---- collecting the suite ----

def op_key(domain, op_type):
    return op_type if domain in ("", "ai.onnx") else f"{domain}.{op_type}"


def graph_ops(graph, out):
    """Every (domain, op) in a graph, subgraphs included."""
    for n in graph.node:
        out.add(op_key(n.domain, n.op_type))
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                graph_ops(a.g, out)
            elif a.type == onnx.AttributeProto.GRAPHS:
                for g in a.graphs:
                    graph_ops(g, out)
    return out


def describe_model(case, model):
    inits = {t.name for t in model.graph.initializer}
    case.input_names = [i.name for i in model.graph.input if i.name not in inits]
    case.output_types = [o.type for o in model.graph.output]
    case.output_names = [o.name for o in model.graph.output]
    case.ops = sorted(graph_ops(model.graph, set()))


def opset_of(model, domain):
    for o in model.opset_import:
        if o.domain == domain or (domain in ("", "ai.onnx") and o.domain in ("", "ai.onnx")):
            return o.version
    return None


def write_value(path, value, type_proto, name):
    """Serialise one input/output of an in-memory case as ONNX's generate-data tool does."""
    if type_proto is not None and type_proto.HasField("sequence_type"):
        proto = numpy_helper.from_list(value, name)
    elif type_proto is not None and type_proto.HasField("optional_type"):
        proto = numpy_helper.from_optional(value, name)
    elif type_proto is not None and type_proto.HasField("map_type"):
        proto = numpy_helper.from_dict(value, name)
    elif isinstance(value, onnx.TensorProto):
        proto = value
    else:
        proto = numpy_helper.from_array(np.asarray(value), name)
    with open(path, "wb") as f:
        f.write(proto.SerializeToString())


def load_node_cases(cases_dir):
    from onnx.backend.test.loader import load_model_tests
    # Some generators draw from np.random without a seed of their own: fix the stream
    # so every run (and every machine) writes the same data.
    np.random.seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tests = load_model_tests(kind="node")
    # `<op>_expanded[_verN]` cases run the function body of the op of the case without
    # the suffix: they count towards that op.
    op_of = {}
    for t in tests:
        if "_expanded" not in t.name and len(t.model.graph.node) == 1:
            n = t.model.graph.node[0]
            op_of[t.name] = (n.domain, n.op_type)
    cases = []
    for t in tests:
        case = Case("node", t.name, os.path.join(cases_dir, "node", t.name, "model.onnx"),
                    t.rtol, t.atol)
        describe_model(case, t.model)
        base = re.sub(r"_expanded(_ver\d+)?$", "", t.name)
        if base in op_of:
            domain, op_type = op_of[base]
        else:
            n = t.model.graph.node[0]
            domain, op_type = n.domain, n.op_type
        case.op = op_key(domain, op_type)
        case.opset = opset_of(t.model, domain)
        case._model, case._sets = t.model, t.data_sets
        cases.append(case)
    return cases


def materialise_node_case(case):
    """Write an in-memory node case to build/conformance/cases/node/<case>/."""
    d = os.path.dirname(case.model_path)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    model = case._model
    with open(case.model_path, "wb") as f:
        f.write(model.SerializeToString())
    for k, (inputs, outputs) in enumerate(case._sets):
        sd = os.path.join(d, f"test_data_set_{k}")
        os.makedirs(sd)
        ins, outs = [], []
        for j, v in enumerate(inputs):
            p = os.path.join(sd, f"input_{j}.pb")
            vi = model.graph.input[j] if j < len(model.graph.input) else None
            write_value(p, v, vi.type if vi else None, vi.name if vi else "")
            ins.append(p)
        for j, v in enumerate(outputs):
            p = os.path.join(sd, f"output_{j}.pb")
            vi = model.graph.output[j] if j < len(model.graph.output) else None
            write_value(p, v, vi.type if vi else None, vi.name if vi else "")
            outs.append(p)
        case.data_sets.append((ins, outs))
    del case._model, case._sets


def numbered(folder, prefix):
    files = glob.glob(os.path.join(folder, f"{prefix}_*.pb"))
    return sorted(files, key=lambda p: int(re.search(r"_(\d+)\.pb$", p).group(1)))


def load_dir_cases(kind):
    cases = []
    kind_dir = os.path.join(DATA_DIR, kind)
    for name in sorted(os.listdir(kind_dir)):
        d = os.path.join(kind_dir, name)
        if not os.path.isfile(os.path.join(d, "model.onnx")):
            continue
        rtol, atol = DEFAULT_RTOL, DEFAULT_ATOL
        if os.path.exists(os.path.join(d, "data.json")):
            with open(os.path.join(d, "data.json")) as f:
                meta = json.load(f)
            rtol, atol = meta.get("rtol", rtol), meta.get("atol", atol)
        case = Case(kind, name, os.path.join(d, "model.onnx"), rtol, atol)
        try:
            describe_model(case, onnx.load(case.model_path, load_external_data=False))
        except Exception as e:  # a broken file in the package is the case's problem
            case.skip = f"onnx cannot load the model: {e}"
        for sd in sorted(glob.glob(os.path.join(d, "test_data_set_*"))):
            case.data_sets.append((numbered(sd, "input"), numbered(sd, "output")))
        if not case.data_sets and not case.skip:
            case.skip = "the case ships no test_data_set"
        cases.append(case)
    return cases


def dummy_input(vi):
    """ONNX's Runner.generate_dummy_data(random=False): arange(n)/n, unknown dims = 1."""
    shape = tuple(d.dim_value if d.HasField("dim_value") else 1
                  for d in vi.type.tensor_type.shape.dim)
    n = int(np.prod(shape))
    return (np.arange(n).reshape(shape) / max(n, 1)).astype(np.float32)


def load_light_cases(cases_dir):
    """The real-model tests: ONNX's kind "real", whose data.json names a light model."""
    cases = []
    real_dir = os.path.join(DATA_DIR, "real")
    for name in sorted(os.listdir(real_dir)):
        meta_path = os.path.join(real_dir, name, "data.json")
        if not os.path.isfile(meta_path):
            continue
        with open(meta_path) as f:
            meta = json.load(f)
        url = meta.get("url") or ""
        if not url.startswith("onnx/backend/test/data/light/"):
            continue  # a model that would be downloaded: no network here
        src = os.path.join(DATA_DIR, "light", os.path.basename(url))
        case = Case("light", name, src, meta.get("rtol", DEFAULT_RTOL), meta.get("atol", DEFAULT_ATOL))
        cases.append(case)
        if not os.path.isfile(src):
            case.skip = f"{os.path.basename(url)} is not in the installed onnx package"
            continue
        model = onnx.load(src)
        describe_model(case, model)
        sd = os.path.join(cases_dir, "light", name, "test_data_set_0")
        shutil.rmtree(os.path.dirname(sd), ignore_errors=True)
        os.makedirs(sd)
        inits = {t.name for t in model.graph.initializer}
        feeds, ins = {}, []
        for vi in model.graph.input:
            if vi.name in inits:
                continue
            if vi.type.tensor_type.elem_type != onnx.TensorProto.FLOAT:
                case.skip = f"input '{vi.name}' is not float: ONNX's dummy data is float only"
                break
            feeds[vi.name] = dummy_input(vi)
            p = os.path.join(sd, f"input_{len(ins)}.pb")
            write_value(p, feeds[vi.name], None, vi.name)
            ins.append(p)
        if case.skip:
            continue
        prefix = os.path.splitext(src)[0]
        shipped = [f"{prefix}_output_{i}.pb" for i in range(len(model.graph.output))]
        outs = [os.path.join(sd, f"output_{i}.pb") for i in range(len(shipped))]
        if all(os.path.exists(p) for p in shipped):
            for s, o in zip(shipped, outs):
                shutil.copy(s, o)
        else:
            try:
                import onnxruntime as ort
                opts = ort.SessionOptions()
                opts.intra_op_num_threads = opts.inter_op_num_threads = 1
                opts.log_severity_level = 3
                sess = ort.InferenceSession(src, opts, providers=["CPUExecutionProvider"])
                for o, v in zip(outs, sess.run(None, feeds)):
                    write_value(o, v, None, "")
            except Exception as e:
                case.skip = ("no reference outputs shipped and onnxruntime cannot run it: "
                             + one_line(str(e)))
                continue
        case.data_sets.append((ins, outs))
    return cases


def collect(kinds, cases_dir, regex, limit):
    cases = []
    for kind in kinds:
        if kind == "node":
            found = load_node_cases(cases_dir)
        elif kind == "light":
            found = load_light_cases(cases_dir)
        else:
            found = load_dir_cases(kind)
        found = [c for c in found if not regex or regex.search(c.id)]
        found.sort(key=lambda c: c.name)
        cases += found
    if limit:
        cases = cases[:limit]
    for c in cases:
        if c.kind == "node":
            try:
                materialise_node_case(c)
            except Exception as e:
                c.skip = f"cannot serialise the data set: {one_line(str(e))}"
    return cases


# ---- reading tensors and comparing ----

def load_value(path, type_proto):
    """A .pb as ONNX's runner reads it: by the graph's declared type."""
    with open(path, "rb") as f:
        data = f.read()
    if type_proto is not None and type_proto.HasField("sequence_type"):
        p = onnx.SequenceProto()
        p.ParseFromString(data)
        return numpy_helper.to_list(p)
    if type_proto is not None and type_proto.HasField("optional_type"):
        p = onnx.OptionalProto()
        p.ParseFromString(data)
        return numpy_helper.to_optional(p)
    p = onnx.TensorProto()
    p.ParseFromString(data)
    return numpy_helper.to_array(p)


FLOAT_BITS = {2: np.int16, 4: np.int32, 8: np.int64}


def is_float(dt):
    return dt.kind in "fc" or dt.name.startswith(("float", "bfloat"))


def ulp_max(got, exp):
    """Largest distance in units in the last place, for float16/32/64; NaN vs NaN is 0."""
    if got.dtype.kind != "f" or got.dtype.itemsize not in FLOAT_BITS or got.size == 0:
        return None
    it = FLOAT_BITS[got.dtype.itemsize]
    sign = np.array(1, it) << np.array(got.dtype.itemsize * 8 - 1, it)

    def ordered(a):  # sign-magnitude -> a monotonic integer line
        i = a.view(it).astype(np.int64)
        return np.where(i < 0, -(i & ~np.int64(sign)), i)

    oa, ob = ordered(got), ordered(exp)
    with np.errstate(over="ignore"):
        # same sign: the exact integer distance; opposite signs could overflow int64
        d = np.where((oa < 0) == (ob < 0), np.abs(oa - ob).astype(np.float64),
                     np.abs(oa.astype(np.float64)) + np.abs(ob.astype(np.float64)))
    gn, en = np.isnan(got), np.isnan(exp)
    d = np.where(gn & en, 0, np.where(gn | en, np.inf, d))
    return float(d.max())


def abs_err_max(got, exp):
    if got.size == 0:
        return 0.0
    g = got.astype(np.complex128 if got.dtype.kind == "c" else np.float64)
    e = exp.astype(g.dtype)
    with np.errstate(invalid="ignore", over="ignore"):
        d = np.abs(g - e)
    same = (g == e) | (np.isnan(g) & np.isnan(e))
    d = np.where(same, 0.0, np.where(np.isnan(d), np.inf, d))
    return float(d.max())


def fmt_value(v):
    if isinstance(v, (np.floating, float)):
        return f"{float(v):.9g}"
    return repr(v.item() if hasattr(v, "item") else v)


# Random-number ops: the expected values come from numpy's generator, which
# no other implementation reproduces; what the suite can check is the shape
# and dtype (ONNX Runtime's own test list excludes these cases' values too).
# Why a case that still fails cannot pass today, where the runner's reason alone does not
# say so. Facts about kiln and the suite's reference data only; judging never reads this.
LIMIT_NOTES = [
    (r"^test_dft_inverse", "The expected data is the less accurate side. Against a float64 inverse "
     "DFT of the same input, kiln (computing in double) is off by at most 4.4e-7 (mean 7.3e-8, the "
     "float32 rounding of the exact result), the expected data by up to 1.5e-6 (mean 3.7e-7); kiln is "
     "as close or closer on all 200 values. The 10 failing values are imaginary parts that are exactly "
     "0: kiln gives ~3e-15, the expected data 1.9e-7 (numpy's float32 pocketfft round-off), beyond "
     "atol 1e-7. Matching them needs pocketfft's float32 radix order, not implemented."),
]

RANDOM_OPS = {"Bernoulli", "RandomUniform", "RandomNormal", "RandomUniformLike", "RandomNormalLike",
              "Multinomial"}


def compare(i, name, got, exp, rtol, atol, stats, shape_only=False):
    """None if output i matches, else a one-line reason. Updates stats (max err, ULP)."""
    what = f"output {i} '{name}'"
    if shape_only:
        got, exp = np.asarray(got), np.asarray(exp)
        if got.shape != exp.shape:
            return f"{what}: shape {list(got.shape)}, expected {list(exp.shape)}"
        if got.dtype != exp.dtype:
            return f"{what}: dtype {got.dtype}, expected {exp.dtype}"
        return None
    if isinstance(exp, list) or exp is None:
        if not isinstance(got, list):
            return f"{what}: expected a {'sequence' if isinstance(exp, list) else 'None'}, got a tensor"
        if len(got) != len(exp):
            return f"{what}: sequence of {len(got)}, expected {len(exp)}"
        for k, (g, e) in enumerate(zip(got, exp)):
            r = compare(i, f"{name}[{k}]", g, e, rtol, atol, stats)
            if r:
                return r
        return None
    got, exp = np.asarray(got), np.asarray(exp)
    if got.shape != exp.shape:
        return f"{what}: shape {list(got.shape)}, expected {list(exp.shape)}"
    if exp.dtype == object or exp.dtype.kind in "SU":
        bad = got != exp
        tol_rtol = None
    else:
        if got.dtype != exp.dtype:
            return f"{what}: dtype {got.dtype}, expected {exp.dtype}"
        if is_float(exp.dtype):
            tol_rtol = rtol
            g, e = got, exp
            if exp.dtype.kind not in "fc":  # ml_dtypes (bfloat16, float8, float4)
                if exp.dtype.name == "bfloat16":
                    tol_rtol = max(rtol, 2 ** -6)  # two bfloat16 ULPs, as ONNX's runner
                g, e = got.astype(np.float32), exp.astype(np.float32)
            stats["max_abs_err"] = max(stats["max_abs_err"] or 0.0, abs_err_max(g, e))
            u = ulp_max(got, exp)
            if u is not None:
                stats["max_ulp"] = max(stats["max_ulp"] or 0.0, u)
            with np.errstate(invalid="ignore", over="ignore"):
                bad = ~np.isclose(g, e, rtol=tol_rtol, atol=atol, equal_nan=True)
        else:
            tol_rtol = None
            g, e = got, exp
            if exp.dtype.kind not in "biu":  # int4/uint4 from ml_dtypes
                g, e = got.astype(np.int64), exp.astype(np.int64)
            bad = g != e
            if exp.dtype.kind in "iu" and exp.size:
                d = float(np.abs(g.astype(np.float64) - e.astype(np.float64)).max())
                stats["max_abs_err"] = max(stats["max_abs_err"] or 0.0, d)
    bad = np.asarray(bad)
    if not bad.any():
        return None
    idx = tuple(int(x) for x in np.argwhere(bad)[0]) if bad.ndim else ()
    tol = f", rtol {tol_rtol:g} atol {atol:g}" if tol_rtol is not None else ", exact"
    return (f"{what}: {int(bad.sum())}/{bad.size} values differ{tol}; first at {list(idx)}: "
            f"got {fmt_value(got[idx])}, expected {fmt_value(exp[idx])}")


# ---- running kiln ----

def one_line(s):
    s = " ".join(s.split())
    return s if len(s) <= REASON_MAX else s[:REASON_MAX - 3] + "..."


def strip_paths(line, case_dir, tmp):
    """Drop the runner's own folders from a message: they differ per machine and run."""
    line = re.sub(r"\S*kiln-run-[^/\s]+/", "", line)
    for p in (tmp, case_dir, ROOT):
        line = line.replace(p + "/", "")
    return line


def kiln_reason(rc, stderr, model_path, tmp):
    """The one-line reason of a failed `kiln run`: kiln's last line, plus the compiler's
    first error when the generated C did not build."""
    lines = [l for l in stderr.splitlines() if l.strip()]
    klines = [l for l in lines if l.startswith("kiln: ")]
    case_dir = os.path.dirname(model_path)
    if rc < 0:
        try:
            sig = signal.Signals(-rc).name
        except ValueError:
            sig = f"signal {-rc}"
        last = lines[-1] if lines else "(no stderr)"
        return one_line(f"kiln crashed ({sig}): {strip_paths(last, case_dir, tmp)}")
    msg = klines[-1][len("kiln: "):] if klines else (lines[-1] if lines else f"kiln exited {rc}, no stderr")
    for p in (model_path, os.path.relpath(model_path, ROOT)):
        if msg.startswith(p + ": "):
            msg = msg[len(p) + 2:]
    msg = re.sub(r";? ?kept in \S+", "", msg)
    if "building the generated code failed" in msg:
        err = next((l for l in lines if re.search(r"\berror\b", l, re.I) and not l.startswith("kiln: ")), None)
        if err:
            msg = f"C build failed: {err.strip()}"
    elif "the compiled model failed" in msg:
        prog = [l for l in lines if not l.startswith("kiln: ")]
        if prog:
            msg += ": " + prog[-1].strip()
    if rc not in (1, 2):
        msg = f"kiln exited {rc}: {msg}"
    return one_line(strip_paths(msg, case_dir, tmp))


def run_kiln(cmd, env, timeout):
    """(returncode, stderr); the whole process group dies on timeout."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                         start_new_session=True, text=True, errors="replace")
    try:
        _, err = p.communicate(timeout=timeout)
        return p.returncode, err
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return None, ""


def run_case(case, args):
    res = {"kind": case.kind, "case": case.name, "status": "pass", "reason": "",
           "op": case.op, "opset": case.opset, "ops": case.ops,
           "max_abs_err": None, "max_ulp": None, "data_sets": len(case.data_sets), "seconds": 0.0}
    if case.skip:
        res.update(status="skip", reason=case.skip)
        return res
    t0 = time.time()
    work = os.path.join(args.work_dir, case.kind, case.name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    env = dict(os.environ)
    env["CC"] = args.cc
    if args.target == "aarch64":  # kiln cross-builds with its own compiler: pass the flags
        env["KILN_TARGET_CFLAGS"] = "-O2 -Wall -Werror"
    env["TMPDIR"] = work  # kiln's build folder, kept by kiln on failure, removed below
    stats = {"max_abs_err": None, "max_ulp": None}
    try:
        for k, (ins, outs) in enumerate(case.data_sets):
            tag = f"data set {k}: " if len(case.data_sets) > 1 else ""
            if len(ins) != len(case.input_names):
                # e.g. an optional input left out: bind in order and let kiln judge
                bind = list(ins)
            else:
                bind = [f"{n}={p}" if n and "=" not in n else p for n, p in zip(case.input_names, ins)]
            got_paths = [os.path.join(work, f"out{k}_{j}.pb") for j in range(len(case.output_types))]
            cmd = [args.kiln, "run", case.model_path, "--target", args.target]
            for b in bind:
                cmd += ["--input", b]
            for p in got_paths:
                cmd += ["--output", p]
            rc, err = run_kiln(cmd, env, args.timeout)
            if rc is None:
                res.update(status="fail", reason=f"{tag}timeout after {args.timeout:g} s")
                break
            if rc != 0:
                res.update(status="fail", reason=tag + kiln_reason(rc, err, case.model_path, work))
                break
            if len(outs) != len(got_paths):
                res.update(status="fail", reason=f"{tag}the data set has {len(outs)} outputs, "
                                                 f"the model {len(got_paths)}")
                break
            reason = None
            for j, (gp, ep) in enumerate(zip(got_paths, outs)):
                t = case.output_types[j]
                try:
                    exp = load_value(ep, t)
                except Exception as e:
                    reason = f"cannot read the expected {os.path.basename(ep)}: {e}"
                    break
                try:
                    got = load_value(gp, t)  # sequences and optionals: kiln writes SequenceProto/OptionalProto
                except Exception as e:
                    reason = f"cannot read kiln's output {j}: {e}"
                    break
                reason = compare(j, case.output_names[j], got, exp, case.rtol, case.atol, stats,
                                 shape_only=bool(set(case.ops) & RANDOM_OPS))
                if reason:
                    break
            if reason:
                res.update(status="fail", reason=one_line(tag + reason))
                break
    except Exception as e:  # a bug here must cost one case, not the run
        res.update(status="fail", reason=one_line(f"runner error: {type(e).__name__}: {e}"))
    res.update(stats)
    res["seconds"] = round(time.time() - t0, 3)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return res


# ---- the report ----

def git_commit():
    try:
        h = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "runtime", "include"],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return h + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.+)$", f.read(), re.M)
            if m:
                cpu = m.group(1).strip()
    except OSError:
        pass
    cc = "cc"
    try:
        cc = subprocess.run(os.environ.get("CC", "cc").split() + ["--version"], capture_output=True,
                            text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        pass
    return f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores; {cc}"


def reason_keys(r):
    """Group failure reasons for planning: one key per unsupported op, else the reason
    with names, indices and values blanked out."""
    m = re.search(r"\d+ unsupported operators?: (.*)", r["reason"])
    if m:
        return [f"unsupported operator {op}" for op in re.findall(r"([\w.]+) \(\d+ nodes?, first", m.group(1))]
    k = re.sub(r"^data set \d+: ", "", r["reason"])
    k = re.sub(r"^node '[^']*' \(([^,]+), opset \d+\)", r"node (\1)", k)
    k = re.sub(r"'[^']*'|‘[^’]*’", "'*'", k)
    k = re.sub(r"^(output|input) \d+", r"\1 N", k)
    k = re.sub(r"model\.c:\d+:\d+", "model.c", k)
    k = re.sub(r"\d+/\d+ values differ", "values differ", k)
    k = re.sub(r"; first at .*", "", k)
    k = re.sub(r"^(output N '\*'): (shape|dtype) .*", r"\1: \2 differs", k)
    k = re.sub(r"\S+\.pb\b", "FILE.pb", k)
    return [k.strip()]


def top_reasons(results, n=None):
    c = collections.Counter()
    for r in results:
        if r["status"] == "fail":
            for k in reason_keys(r):
                c[k] += 1
    return c.most_common(n)


def md(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def fmt_num(v, ulp=False):
    if v is None:
        return ""
    if v == float("inf"):
        return "inf"
    return f"{int(v)}" if ulp else f"{v:.3g}"


def summary_rows(results, kinds):
    rows = []
    tot = collections.Counter()
    for kind in kinds:
        rs = [r for r in results if r["kind"] == kind]
        c = collections.Counter(r["status"] for r in rs)
        c["total"] = len(rs)
        tot.update(c)
        rows.append((kind, c))
    rows.append(("all", tot))
    return rows


def pct(c):
    return f"{100.0 * c['pass'] / c['total']:.1f}" if c["total"] else "-"


def write_markdown(path, results, args, kinds, wall):
    L = []
    L.append("# ONNX backend test suite: kiln conformance")
    L.append("")
    L.append("<!-- Generated by tools/conformance.py; never edit by hand. Regenerate with:")
    L.append("     build/venv/bin/python tools/conformance.py --out docs/onnx-support.md -->")
    L.append("")
    L.append("Generated by `tools/conformance.py` from the official ONNX backend test suite; do not edit")
    L.append("by hand.")
    L.append("")
    L.append(f"- onnx: {onnx.__version__} (suite), numpy {np.__version__}")
    L.append(f"- kiln: commit {git_commit()}, target `{args.target}`, built with `{args.cc}`")
    L.append(f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
    L.append(f"- machine: {machine()}")
    sel = []
    if args.filter:
        sel.append(f"filter `{args.filter}`")
    if args.limit:
        sel.append(f"limit {args.limit}")
    L.append(f"- run: {len(results)} cases, kinds {', '.join(kinds)}"
             + (f", {', '.join(sel)}" if sel else "") + f", {args.jobs} jobs, {wall:.0f} s wall")
    L.append("")
    L.append("A case passes when every output of every data set has the expected shape and dtype and")
    L.append("matches as ONNX's backend runner checks it (floats: |got-exp| <= atol + rtol*|exp|, rtol 1e-3")
    L.append("and atol 1e-7 unless the case sets its own; integers, bools and strings exactly). The")
    L.append("generated C is built with `-Wall -Werror`. Node cases are generated from onnx's Python")
    L.append("test definitions; light cases run ONNX's dummy input against the shipped reference output.")
    L.append("")
    L.append("## Summary")
    L.append("")
    L.append("| kind | total | pass | fail | skip | pass % |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind, c in summary_rows(results, kinds):
        name = f"**{kind}**" if kind == "all" else kind
        L.append(f"| {name} | {c['total']} | {c['pass']} | {c['fail']} | {c['skip']} | {pct(c)} |")
    L.append("")
    top = top_reasons(results, 25)
    if top:
        L.append("## Most frequent failure reasons")
        L.append("")
        L.append("Unsupported operators are counted once per case that uses them.")
        L.append("")
        L.append("| cases | reason |")
        L.append("| ---: | --- |")
        for k, n in top:
            L.append(f"| {n} | {md(k)} |")
        L.append("")
    failing = sorted((r for r in results if r["status"] != "pass"), key=lambda r: (r["kind"], r["case"]))
    if failing:
        L.append("## Every case that does not pass, and why")
        L.append("")
        L.append("The reason is the runner's; where it alone does not say why this is a limit of kiln")
        L.append("rather than unfinished work, the note (from `LIMIT_NOTES` in tools/conformance.py) does.")
        L.append("")
        L.append("| case | reason | note |")
        L.append("| --- | --- | --- |")
        for r in failing:
            note = next((t for pat, t in LIMIT_NOTES if re.search(pat, r["case"])), "")
            L.append(f"| {r['kind']}/{r['case']} | {md(r['reason'][:200])} | {md(note)} |")
        L.append("")
    node = [r for r in results if r["kind"] == "node"]
    if node:
        L.append("## Operators (node cases)")
        L.append("")
        L.append("One row per operator under test; `_expanded` cases (the op's function body) count")
        L.append("towards their op. `first failure` is the reason of the first failing case.")
        L.append("")
        L.append("| op | opsets | pass / total | first failure |")
        L.append("| --- | --- | ---: | --- |")
        by_op = collections.defaultdict(list)
        for r in node:
            by_op[r["op"]].append(r)
        for op in sorted(by_op, key=lambda o: (o.count("."), o.lower())):
            rs = by_op[op]
            opsets = sorted({r["opset"] for r in rs if r["opset"] is not None})
            n_pass = sum(r["status"] == "pass" for r in rs)
            n_run = sum(r["status"] != "skip" for r in rs)
            first = next((r for r in sorted(rs, key=lambda r: r["case"]) if r["status"] == "fail"), None)
            why = f"{first['case']}: {first['reason']}" if first else ""
            mark = " ✓" if n_pass == n_run and n_run else ""
            L.append(f"| {md(op)} | {', '.join(map(str, opsets))} | {n_pass} / {len(rs)}{mark} | "
                     f"{md(why[:160] + ('...' if len(why) > 160 else ''))} |")
        L.append("")
    L.append("## Cases")
    for kind in kinds:
        rs = [r for r in results if r["kind"] == kind]
        if not rs:
            continue
        L.append("")
        L.append(f"### {kind}")
        L.append("")
        L.append("| case | status | max abs err | max ULP | reason |")
        L.append("| --- | --- | ---: | ---: | --- |")
        for r in rs:
            L.append(f"| {md(r['case'])} | {r['status']} | {fmt_num(r['max_abs_err'])} | "
                     f"{fmt_num(r['max_ulp'], ulp=True)} | {md(r['reason'])} |")
    L.append("")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(L))


# ---- main ----

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kiln", default=os.path.join(ROOT, "build", "kiln"))
    ap.add_argument("--kind", default=",".join(KINDS), help=f"comma list of {', '.join(KINDS)}")
    ap.add_argument("--filter", help="run only cases whose onnx/<kind>/<case> matches REGEX")
    ap.add_argument("--target", default="generic", choices=("generic", "native", "aarch64"),
                    help="aarch64: cross-built with aarch64-linux-gnu-gcc, run under qemu-aarch64")
    ap.add_argument("--limit", type=int, default=0, help="run only the first N selected cases")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per kiln run")
    ap.add_argument("--cc", default=None,
                    help="compiler for the generated C (default: $CC or cc, plus -Wall -Werror)")
    ap.add_argument("--out", default=None,
                    help="markdown table to write (default docs/onnx-support.md for a full run; "
                         "'-' for none)")
    ap.add_argument("--json", default=os.path.join(ROOT, "build", "conformance", "results.json"))
    ap.add_argument("--cases-dir", default=os.path.join(ROOT, "build", "conformance", "cases"))
    ap.add_argument("--work-dir", default=os.path.join(ROOT, "build", "conformance", "work"))
    ap.add_argument("--keep", action="store_true", help="keep each case's kiln build folder")
    ap.add_argument("--list", action="store_true", help="list the selected cases and exit")
    ap.add_argument("--baseline", default=None,
                    help="file of case ids that passed before: a failure of one of them prints FAIL "
                         "(a regression); other failures print SKIP with the reason, so make test "
                         "fails only on regressions while docs/onnx-support.md lists every failure")
    ap.add_argument("--baseline-only", action="store_true",
                    help="run only the cases listed in --baseline (e.g. the aarch64 run of make test)")
    ap.add_argument("--update-baseline", action="store_true",
                    help="rewrite --baseline with the cases that pass in this run")
    args = ap.parse_args()
    baseline = None
    if args.baseline and os.path.exists(args.baseline) and not args.update_baseline:
        with open(args.baseline) as f:
            baseline = {l.strip() for l in f if l.strip() and not l.startswith("#")}

    kinds = [k.strip() for k in args.kind.split(",") if k.strip()]
    bad = [k for k in kinds if k not in KINDS]
    if bad or not kinds:
        ap.error(f"unknown kind {', '.join(bad) or '(none)'}; kinds are {', '.join(KINDS)}")
    try:
        regex = re.compile(args.filter) if args.filter else None
    except re.error as e:
        ap.error(f"--filter: {e}")
    if args.cc is None:
        args.cc = f"{os.environ.get('CC') or 'cc'} -Wall -Werror"
    full = not args.filter and not args.limit and kinds == list(KINDS)
    if args.out is None:
        args.out = os.path.join(ROOT, "docs", "onnx-support.md") if full else "-"
    args.kiln = os.path.abspath(args.kiln)
    if not args.list and not os.access(args.kiln, os.X_OK):
        print(f"conformance: {args.kiln} is not an executable (run make)", file=sys.stderr)
        return 2

    t0 = time.time()
    cases = collect(kinds, args.cases_dir, regex, args.limit)
    if args.baseline_only:
        if baseline is None:
            ap.error("--baseline-only needs an existing --baseline file")
        cases = [c for c in cases if c.id in baseline]
    if args.list:
        for c in cases:
            print(c.id + (f"  (skip: {c.skip})" if c.skip else ""))
        print(f"{len(cases)} cases", file=sys.stderr)
        return 0
    t_collect = time.time() - t0

    results = [None] * len(cases)
    lock = threading.Lock()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futs = {pool.submit(run_case, c, args): i for i, c in enumerate(cases)}
        for fut in concurrent.futures.as_completed(futs):
            i = futs[fut]
            r = fut.result()
            results[i] = r
            status = r["status"].upper()
            reason = r["reason"]
            if baseline is not None and status == "FAIL" and cases[i].id not in baseline:
                status, reason = "SKIP", f"known failure (not in {os.path.basename(args.baseline)}): {reason}"
            tag = "" if args.target == "generic" else f"[{args.target}] "
            line = f"{status} {tag}{cases[i].id}" + (f": {reason}" if reason else "")
            with lock:
                print(line, flush=True)
    wall = time.time() - t0

    if args.json and args.json != "-":
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump({"onnx": onnx.__version__, "kiln_commit": git_commit(), "target": args.target,
                       "cc": args.cc, "wall_seconds": round(wall, 1),
                       "collect_seconds": round(t_collect, 1), "results": results}, f, indent=1)
    if args.out and args.out != "-":
        write_markdown(args.out, results, args, kinds, wall)
    if args.baseline and args.update_baseline:
        with open(args.baseline, "w") as f:
            f.write("# Cases that pass; generated by tools/conformance.py --update-baseline.\n"
                    "# make test fails if one of them stops passing.\n")
            for i, c in enumerate(cases):
                if results[i]["status"] == "pass":
                    f.write(c.id + "\n")

    print("---")
    for kind, c in summary_rows(results, kinds):
        print(f"{kind:18} {c['total']:5} cases: {c['pass']:5} pass {c['fail']:5} fail "
              f"{c['skip']:4} skip ({pct(c)}% pass)")
    top = top_reasons(results, 10)
    if top:
        print("top failure reasons:")
        for k, n in top:
            print(f"  {n:5}  {k}")
    print(f"wall time {wall:.0f} s ({t_collect:.0f} s collecting), {args.jobs} jobs")
    c = collections.Counter(r["status"] for r in results)
    print(f"{c['pass']} passed, {c['fail']} failed, {c['skip']} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
