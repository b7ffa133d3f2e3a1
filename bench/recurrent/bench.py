#!/usr/bin/env python3
"""bench/recurrent: seq.lstm / seq.gru (seq-run, JIT) against torch.nn.LSTM /
torch.nn.GRU (batch_first=True, PyTorch's CPU kernels, same run, same
thread count) at the shapes of issue 6.

    /usr/bin/python3 bench/recurrent/bench.py [--seq-run PATH] [--repeat N]
        [--threads 2] [--ops lstm,gru] [--shapes 16x128x256x256,...]

Weights are function arguments (bound from .npy files, as a deployed model
without embedded weights would get them). Each side is timed over N calls
after a warm-up (seq-run reports its own median and minimum); the speedup
compares minima. The machine may be shared: timings are noisy (PyTorch's
OpenMP threads suffer most from a loaded machine), re-run before trusting
a ratio.

PyTorch's threads are two settings: its intra-op (OpenMP) threads and the
threads of the OpenBLAS it runs its GEMMs on, which torch.set_num_threads
leaves alone. The issue's comparison sets both to --threads; the bench also
times every mix of 1 and --threads and reports PyTorch's best as well, the
figure a user who tunes PyTorch would get.
"""
import argparse
import ctypes
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
import openblas_core  # noqa: E402

# Before torch loads OpenBLAS.
OPENBLAS_CORE = openblas_core.choose()

import numpy as np  # noqa: E402
import torch  # noqa: E402

SHAPES = [(16, 128, 256, 256), (1, 512, 512, 512), (64, 64, 128, 128)]
GATES = {"lstm": 4, "gru": 3}


def mlir_text(op, B, T, I, H):
    G = GATES[op]
    x = f"tensor<{B}x{T}x{I}xf32>"
    wi, wh, b = f"tensor<{G*H}x{I}xf32>", f"tensor<{G*H}x{H}xf32>", f"tensor<{G*H}xf32>"
    out, st = f"tensor<{B}x{T}x{H}xf32>", f"tensor<1x{B}x{H}xf32>"
    states = [st, st] if op == "lstm" else [st]
    names = ["%hn", "%cn"][:len(states)]
    return (f"func.func @main(%x: {x}, %wi: {wi}, %wh: {wh}, %bi: {b}, %bh: {b})"
            f" -> ({out}, {', '.join(states)}) {{\n"
            f"  %out, {', '.join(names)} = seq.{op} %x weight_ih(%wi : {wi}) weight_hh(%wh : {wh})"
            f" bias_ih(%bi : {b}) bias_hh(%bh : {b}) direction(forward) : {x}\n"
            f"  return %out, {', '.join(names)} : {out}, {', '.join(states)}\n}}\n")


def time_seqc(seq_run, op, shape, repeat, tmp):
    B, T, I, H = shape
    torch.manual_seed(0)
    mod = getattr(torch.nn, op.upper())(I, H, batch_first=True)
    x = torch.randn(B, T, I)
    d = os.path.join(tmp, f"{op}_{B}_{T}_{I}_{H}")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "model.mlir")
    with open(path, "w") as f:
        f.write(mlir_text(op, B, T, I, H))
    arrays = [x.numpy()] + [getattr(mod, n).detach().numpy() for n in
                            ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")]
    cmd = [seq_run, path, "--output-dir", os.path.join(d, "out"), "--repeat", str(repeat)]
    for i, a in enumerate(arrays):
        p = os.path.join(d, f"in{i}.npy")
        np.save(p, np.ascontiguousarray(a, dtype=np.float32))
        cmd += ["--input", p]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"seq-run failed on {op} {shape}:\n{res.stderr}")
    m = re.search(r"median ([0-9.e+-]+) ms, min ([0-9.e+-]+) ms", res.stdout)
    if not m:
        sys.exit(f"no timing in seq-run output:\n{res.stdout}")
    # Correctness check against torch (float32, loose: this is a benchmark).
    with torch.no_grad():
        want = mod(x)[0].numpy()
    got = np.load(os.path.join(d, "out", "result0.npy"))
    err = float(np.max(np.abs(got - want)))
    return float(m.group(1)), float(m.group(2)), err


def find_openblas():
    """The loaded OpenBLAS, to set its threads, or None."""
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "libopenblas" in path and path.endswith((".so", ".so.0")):
                library = ctypes.CDLL(path)
                if hasattr(library, "openblas_set_num_threads"):
                    return library
    return None


def time_torch_settings(op, shape, repeat, threads, openblas):
    """{(intra-op threads, OpenBLAS threads): (median, min)} for every mix
    of 1 and `threads`, the issue's (threads, threads) first."""
    settings = [(threads, threads)] + [
        (intra, blas) for intra in sorted({1, threads})
        for blas in sorted({1, threads}) if (intra, blas) != (threads, threads)]
    if openblas is None:
        settings = [s for s in settings if s[1] == threads]
    results = {}
    for intra, blas in settings:
        torch.set_num_threads(intra)
        if openblas is not None:
            openblas.openblas_set_num_threads(blas)
        results[(intra, blas)] = time_torch(op, shape, repeat)
    torch.set_num_threads(threads)
    if openblas is not None:
        openblas.openblas_set_num_threads(threads)
    return results


def time_torch(op, shape, repeat):
    B, T, I, H = shape
    mod = getattr(torch.nn, op.upper())(I, H, batch_first=True)
    x = torch.randn(B, T, I)
    times = []
    with torch.no_grad():
        mod(x)
        for _ in range(repeat):
            t0 = time.perf_counter()
            mod(x)
            times.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(times)), float(np.min(times))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seq-run", default=os.environ.get(
        "SEQ_RUN", os.path.join(here, "..", "..", "build", "bin", "seq-run")))
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ops", default="lstm,gru")
    ap.add_argument("--shapes", default=None,
                    help="comma-separated BxTxIxH (default: the issue's three)")
    args = ap.parse_args()
    shapes = SHAPES if not args.shapes else [
        tuple(int(v) for v in s.split("x")) for s in args.shapes.split(",")]
    torch.set_num_threads(args.threads)
    os.environ.setdefault("SEQC_NUM_THREADS", str(args.threads))
    openblas = find_openblas()
    n = args.threads
    print(OPENBLAS_CORE)
    print(f"torch {torch.__version__}, {n} threads (intra-op and OpenBLAS); "
          f"seq-run {args.seq_run}; median of {args.repeat} calls")
    print("times: median / min ms; speedup = torch min / seqc min (the least "
          "disturbed run of each, on a possibly shared machine)")
    print(f"'torch best': PyTorch's fastest mix of 1 and {n} intra-op / OpenBLAS "
          f"threads{'' if openblas else ' (OpenBLAS not found: intra-op only)'}")
    print(f"{'op':5} {'B,T,I,H':16} {f'torch {n}/{n} ms':>17} {'seqc ms':>17} "
          f"{'speedup':>8} | {'torch best':>16} {'speedup':>8} | {'max|err|':>9}")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for op in args.ops.split(","):
            for shape in shapes:
                torch_times = time_torch_settings(op, shape, args.repeat, n, openblas)
                tt, tt_min = torch_times[(n, n)]
                best = min(torch_times, key=lambda s: torch_times[s][1])
                best_min = torch_times[best][1]
                ts, ts_min, err = time_seqc(args.seq_run, op, shape, args.repeat, tmp)
                ok &= err < 1e-3
                print(f"{op:5} {','.join(map(str, shape)):16} {tt:8.2f} /{tt_min:7.2f} "
                      f"{ts:8.2f} /{ts_min:7.2f} {tt_min / ts_min:7.2f}x | "
                      f"{best_min:7.2f} ({best[0]}/{best[1]}) {best_min / ts_min:7.2f}x | "
                      f"{err:9.1e}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
