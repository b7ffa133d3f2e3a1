#!/usr/bin/env python3
"""bench/attention: fused attention (seq-run --attention=fused) against the
reference lowering (--attention=reference) and PyTorch 1.13's
matmul-softmax-matmul, all measured in the same run at the same thread count,
for B=1, H=8, D=64 and S in {512, 1024, 2048, 4096}, non-causal and causal.

    /usr/bin/python3 bench/attention/bench.py [--seq-run PATH] [--threads 2]
        [--sizes 512,1024,2048,4096] [--rss-size 16384] [--no-reference]

Reported per case: milliseconds per call, the minimum of N calls after a
warm-up (seq-run times its own calls; the fused path is run twice, before
and after the others, and the better run kept; on a shared machine the
minimum is the least disturbed call, the median is printed too), GFLOP/s counting
4·B·H·S²·D (half of it for causal), the fused time relative to PyTorch's
and to the reference's, and the fused GFLOP/s as a percentage of an sgemm
rate measured in the same run the same way (torch.matmul on 4096 x 4096
fp32, OpenBLAS, same thread count).

Peak RSS at S = --rss-size (fused, non-causal, one call): the module is
compiled ahead of time by seqc (next to seq-run) and called from a small C
program that allocates exactly Q, K, V and the output, so its peak resident
set is those bytes plus what the attention itself uses (target: under 2x
the bytes of Q, K, V and the output). For context, seq-run's peak RSS is
shown too, next to seq-run on a module that only adds q and v (same inputs,
an output of the same size): seq-run itself holds the JIT, the .npy inputs,
their bound copies and two copies of the result.

Attention as people write it (--written-size, default 2048): the tutorial's
hand-written MultiHeadAttention (q/k/v/out Linears, view + transpose, matmul,
/ sqrt(d_k), softmax, matmul) at B=1, d_model 512, 8 heads, written in .seq
with the general tensor ops, against the same layer written with
`multi_head_attention` (same weights, passed as q/k/v projections and
biases), both through seq-run, and the PyTorch module; then the peak RSS of
the written layer at S = --rss-size compiled by seqc and called from C (x
and the output allocated by the caller), against the bytes of its Q, K, V
and attention output (target: under 2x; an S x S score matrix per head
would be far above).

The machine may be shared: the load average is printed before and after;
timings are noisy when it is above 0.
"""
import argparse
import math
import os
import re
import shutil
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

B, H, D = 1, 8, 64


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seq-run", default=shutil.which("seq-run") or "build/bin/seq-run")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--sizes", default="512,1024,2048,4096")
    p.add_argument("--rss-size", type=int, default=16384)
    p.add_argument("--written-size", type=int, default=2048,
                   help="S of the hand-written attention rows (0: skip them)")
    p.add_argument("--no-reference", action="store_true",
                   help="skip the (slow, memory-hungry) reference lowering")
    return p.parse_args()


def repeats(s):
    """Calls per measurement: about 2e11 flops' worth, 3 to 50."""
    return max(3, min(50, int(2e11 / (4 * B * H * s * s * D))))


def module(s, causal, body=None):
    t = f"tensor<{B}x{H}x{s}x{D}xf32>"
    if body is None:
        c = " causal(top_left)" if causal else ""
        body = f"%o = seq.sdpa %q, %k, %v{c} : {t}, {t}, {t}"
    return (f"func.func @main(%q: {t}, %k: {t}, %v: {t}) -> {t} {{\n"
            f"  {body}\n  return %o : {t}\n}}\n")


# Runs a command and prints its output, then its peak RSS in KiB on the last
# line. A child forked from this process would count this process's memory
# (torch included) as its own until exec; the small helper process keeps
# that overestimate to the helper's own few MiB.
RSS_HELPER = r"""
import os, sys
read, write = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(read)
    os.dup2(write, 1)
    os.execv(sys.argv[1], sys.argv[1:])
os.close(write)
with os.fdopen(read) as f:
    sys.stdout.write(f.read())
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss)
sys.exit(1 if status else 0)
"""


def run_child_rss(cmd):
    """Runs cmd, returns (stdout, peak RSS in bytes) of that command."""
    if os.path.exists("/usr/bin/time"):
        with tempfile.NamedTemporaryFile("r") as rss:
            p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name] + cmd,
                               capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit(f"bench: {' '.join(cmd)} failed:\n{p.stderr.strip()}")
            return p.stdout, int(rss.read().split()[-1]) * 1024
    p = subprocess.run([sys.executable, "-c", RSS_HELPER] + cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{p.stderr.strip()}")
    out, _, rss = p.stdout.rstrip("\n").rpartition("\n")
    return out, int(rss) * 1024


def time_seq_run(args, path, inputs, attention, calls):
    cmd = [args.seq_run, path, "--attention", attention, "--threads", str(args.threads),
           "--repeat", str(calls), "--print-values", "0"]
    for x in inputs:
        cmd += ["--input", x]
    out, rss = run_child_rss(cmd)
    m = re.search(r"median ([0-9.e+-]+) ms, min ([0-9.e+-]+) ms", out)
    if not m:
        sys.exit(f"bench: no timing in seq-run's output:\n{out}")
    return float(m.group(2)), float(m.group(1))


def time_torch(torch, q, k, v, causal, calls):
    s = q.shape[2]
    mask = torch.ones(s, s, dtype=torch.bool).tril() if causal else None

    def attention():
        scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(D))
        if mask is not None:
            scores = scores.masked_fill(~mask, -math.inf)
        return torch.matmul(torch.softmax(scores, dim=-1), v)

    attention()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        attention()
        times.append(time.perf_counter() - start)
    return 1000 * min(times), 1000 * float(np.median(times))


def sgemm_rate(torch, n=4096, calls=7):
    a, b = torch.randn(n, n), torch.randn(n, n)
    torch.matmul(a, b)
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        torch.matmul(a, b)
        times.append(time.perf_counter() - start)
    return 2 * n ** 3 / min(times) / 1e9


def main():
    args = parse_args()
    args.seq_run = os.path.abspath(args.seq_run)
    # OpenBLAS (under torch.matmul) reads its thread count at load time.
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    import torch
    torch.set_num_threads(args.threads)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    tmp = tempfile.mkdtemp(prefix="bench-attention-")
    try:
        load_before = os.getloadavg()
        print(OPENBLAS_CORE)
        print(f"bench/attention: B={B} H={H} D={D}, fp32, {args.threads} threads; "
              f"PyTorch {torch.__version__}; load average {load_before[0]:.2f}")
        gemm = sgemm_rate(torch)
        print(f"sgemm (torch.matmul 4096x4096, same run, best of 7): {gemm:.1f} GFLOP/s\n")

        header = (f"{'S':>6} {'mask':>6} | {'fused ms':>8} {'(median)':>9} {'GFLOP/s':>8} "
                  f"{'%sgemm':>7} | {'ref ms':>9} {'torch ms':>9} {'(median)':>9} | "
                  f"{'torch/fused':>11} {'ref/fused':>9}")
        print(header)
        print("-" * len(header))
        rows = []
        for s in sizes:
            rng = np.random.default_rng(s)
            arrays = [rng.standard_normal((B, H, s, D), dtype=np.float32) for _ in range(3)]
            inputs = []
            for name, a in zip("qkv", arrays):
                inputs.append(os.path.join(tmp, f"{name}{s}.npy"))
                np.save(inputs[-1], a)
            q, k, v = (torch.from_numpy(a) for a in arrays)
            for causal in (False, True):
                path = os.path.join(tmp, f"sdpa{s}{'c' if causal else ''}.mlir")
                with open(path, "w") as f:
                    f.write(module(s, causal))
                calls = repeats(s)
                flops = 4 * B * H * s * s * D / (2 if causal else 1)
                # Fused twice, before and after the others, keeping the better
                # run: a burst of load from other users then spoils one only.
                fused, fused_median = time_seq_run(args, path, inputs, "fused", calls)
                ref = None
                if not args.no_reference:
                    ref, _ = time_seq_run(args, path, inputs, "reference",
                                          max(3, min(10, calls // 4)))
                torch_ms, torch_median = time_torch(torch, q, k, v, causal, calls)
                again = time_seq_run(args, path, inputs, "fused", calls)
                if again[0] < fused:
                    fused, fused_median = again
                rate = flops / fused / 1e6
                rows.append((s, causal, fused, rate, torch_ms, ref))
                ref_text = f"{ref:9.2f}" if ref is not None else f"{'-':>9}"
                ratio_ref = f"{ref / fused:8.1f}x" if ref is not None else f"{'-':>9}"
                print(f"{s:>6} {'causal' if causal else 'none':>6} | {fused:8.2f} "
                      f"{fused_median:9.2f} {rate:8.1f} {100 * rate / gemm:6.1f}% | "
                      f"{ref_text} {torch_ms:9.2f} {torch_median:9.2f} | "
                      f"{torch_ms / fused:10.1f}x {ratio_ref}", flush=True)

        print()
        by = {(s, c): (f, r, t) for s, c, f, r, t, _ in rows}
        for s in sizes:
            if s >= 2048:
                print(f"S={s}: causal / non-causal time = "
                      f"{by[(s, True)][0] / by[(s, False)][0]:.2f} (target <= 0.55)")
        if 2048 in sizes:
            f, r, t = by[(2048, False)]
            print(f"S=2048 non-causal: {100 * r / gemm:.0f}% of sgemm (target >= 60%), "
                  f"{t / f:.1f}x faster than PyTorch (target >= 4x)")

        if args.rss_size:
            measure_rss(args, tmp)
        if args.written_size:
            measure_written(args, tmp, torch)

        load_after = os.getloadavg()
        print(f"\nload average: {load_before[0]:.2f} before, {load_after[0]:.2f} after"
              + ("  (shared machine: timings are noisy)"
                 if max(load_before[0], load_after[0]) > 0.5 else ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


C_DRIVER = r"""
#include "attention.h"
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  size_t n = (size_t)%(elements)d;
  float *q = malloc(n * sizeof(float)), *k = malloc(n * sizeof(float));
  float *v = malloc(n * sizeof(float)), *o = malloc(n * sizeof(float));
  if (!q || !k || !v || !o)
    return 2;
  for (size_t i = 0; i < n; ++i) {
    q[i] = (float)((i * 7919u) %% 1000u) / 1000.0f - 0.5f;
    k[i] = (float)((i * 104729u) %% 997u) / 997.0f - 0.5f;
    v[i] = (float)((i * 1299709u) %% 991u) / 991.0f - 0.5f;
  }
  seqc_set_num_threads(%(threads)d);
  int status = seqc_main(q, k, v, o);
  printf("status %%d out[0] %%g\n", status, o[0]);
  return status;
}
"""


def measure_rss(args, tmp):
    s = args.rss_size
    mib = 1 << 20
    qkvo = 4 * B * H * s * D * 4
    print(f"\npeak RSS at S={s} (fused, non-causal, one call, {args.threads} threads):")
    print(f"  Q, K, V and the output                 {qkvo / mib:8.1f} MiB "
          f"(an Sq x Sk fp32 score matrix: {B * H * s * s * 4 / mib:.0f} MiB)")
    attention = os.path.join(tmp, "rss_sdpa.mlir")
    with open(attention, "w") as f:
        f.write(module(s, False))

    seqc = os.path.join(os.path.dirname(args.seq_run), "seqc")
    cc = shutil.which("cc")
    if os.path.exists(seqc) and cc:
        obj, header = os.path.join(tmp, "attention.o"), os.path.join(tmp, "attention.h")
        driver, exe = os.path.join(tmp, "driver.c"), os.path.join(tmp, "driver")
        subprocess.run([seqc, attention, "-o", obj, "--header", header], check=True)
        with open(driver, "w") as f:
            f.write(C_DRIVER % {"elements": B * H * s * D, "threads": args.threads})
        subprocess.run([cc, "-O2", "-I", tmp, driver, obj, "-lm", "-lpthread", "-o", exe],
                       check=True)
        _, rss = run_child_rss([exe])
        print(f"  C program, seqc object (AOT)           {rss / mib:8.1f} MiB"
              f" = {rss / qkvo:.2f}x Q,K,V,O (target < 2x)")
    else:
        print("  (no seqc next to seq-run or no cc: the AOT measurement is skipped)")

    rng = np.random.default_rng(s)
    inputs = []
    for name in "qkv":
        inputs.append(os.path.join(tmp, f"{name}{s}.npy"))
        np.save(inputs[-1], rng.standard_normal((B, H, s, D), dtype=np.float32))
    t = f"tensor<{B}x{H}x{s}x{D}xf32>"
    floor = os.path.join(tmp, "rss_floor.mlir")
    with open(floor, "w") as f:
        f.write(module(s, False, body=f"%o = seq.add %q, %v : {t}, {t}"))
    flags = ["--threads", str(args.threads), "--print-values", "0"]
    for x in inputs:
        flags += ["--input", x]
    _, rss = run_child_rss([args.seq_run, attention] + flags)
    _, rss_floor = run_child_rss([args.seq_run, floor] + flags)
    print(f"  seq-run, fused attention               {rss / mib:8.1f} MiB")
    print(f"  seq-run, q + v instead (its floor)     {rss_floor / mib:8.1f} MiB")
    print(f"  added by the attention under seq-run   {(rss - rss_floor) / mib:8.1f} MiB")


WRITTEN_SEQ = """
dim d_model = 512
dim h = 8
dim d_k = 64

model written(x: f32[b, s, 512]) -> f32[b, s, 512] {
  bs = x.size(0)
  k = linear(x, weights="k_linear").view(bs, -1, h, d_k).transpose(1, 2)
  q = linear(x, weights="q_linear").view(bs, -1, h, d_k).transpose(1, 2)
  v = linear(x, weights="v_linear").view(bs, -1, h, d_k).transpose(1, 2)
  scores = matmul(q, k.transpose(-2, -1)) / sqrt(d_k)
  scores = softmax(scores, dim=-1)
  out = matmul(scores, v)
  concat = out.transpose(1, 2).contiguous().view(bs, -1, d_model)
  return linear(concat, weights="out")
}
"""

MHA_SEQ = """
model layer(x: f32[b, s, 512]) -> f32[b, s, 512] {
  return multi_head_attention(x, heads=8,
      q_proj_weight="q_linear.weight", k_proj_weight="k_linear.weight",
      v_proj_weight="v_linear.weight", q_proj_bias="q_linear.bias",
      k_proj_bias="k_linear.bias", v_proj_bias="v_linear.bias",
      out_proj_weight="out.weight", out_proj_bias="out.bias")
}
"""

WRITTEN_DRIVER = r"""
#include "written.h"
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  size_t n = (size_t)%(elements)d;
  float *x = malloc(n * sizeof(float)), *o = malloc(n * sizeof(float));
  if (!x || !o)
    return 2;
  for (size_t i = 0; i < n; ++i)
    x[i] = (float)((i * 7919u) %% 1000u) / 1000.0f - 0.5f;
  seqc_set_num_threads(%(threads)d);
  int status = seqc_written(1, %(s)d, x, o);
  printf("status %%d out[0] %%g\n", status, o[0]);
  return status;
}
"""


def measure_written(args, tmp, torch):
    """The tutorial's hand-written attention against multi_head_attention."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "..", "examples"))
    import exportlib
    s, d = args.written_size, 512
    torch.manual_seed(0)
    names = ("q_linear", "k_linear", "v_linear", "out")
    linears = {n: torch.nn.Linear(d, d) for n in names}
    state = {}
    for n, lin in linears.items():
        state[f"{n}.weight"], state[f"{n}.bias"] = lin.weight, lin.bias
    weights = os.path.join(tmp, "written.safetensors")
    exportlib.save_safetensors(weights, state)
    paths = {}
    for name, text in (("written", WRITTEN_SEQ), ("mha", MHA_SEQ)):
        paths[name] = os.path.join(tmp, f"{name}.seq")
        with open(paths[name], "w") as f:
            f.write(text)
    x = torch.randn(1, s, d)
    xin = os.path.join(tmp, "written_x.npy")
    np.save(xin, x.numpy())

    def seq_run(name, calls):
        cmd = [args.seq_run, paths[name], "--weights", weights, "--threads",
               str(args.threads), "--repeat", str(calls), "--print-values", "0",
               "--input", xin]
        out, _ = run_child_rss(cmd)
        m = re.search(r"median ([0-9.e+-]+) ms, min ([0-9.e+-]+) ms", out)
        if not m:
            sys.exit(f"bench: no timing in seq-run's output:\n{out}")
        return float(m.group(2)), float(m.group(1))

    def written_torch():
        h, dk = 8, 64
        q = linears["q_linear"](x).view(1, -1, h, dk).transpose(1, 2)
        k = linears["k_linear"](x).view(1, -1, h, dk).transpose(1, 2)
        v = linears["v_linear"](x).view(1, -1, h, dk).transpose(1, 2)
        scores = torch.softmax(torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(dk), dim=-1)
        out = torch.matmul(scores, v).transpose(1, 2).contiguous().view(1, -1, d)
        return linears["out"](out)

    calls = 10
    print(f"\nattention as written (B=1, S={s}, d_model {d}, 8 heads, {args.threads} threads; "
          f"ms, min and median of {calls}):")
    written = seq_run("written", calls)
    mha = seq_run("mha", calls)
    again = seq_run("written", calls)
    written = min(written, again)
    with torch.no_grad():
        written_torch()
        times = []
        for _ in range(calls):
            start = time.perf_counter()
            written_torch()
            times.append(time.perf_counter() - start)
    torch_ms = (1000 * min(times), 1000 * float(np.median(times)))
    print(f"  {'hand-written (.seq, raised)':34} {written[0]:8.2f} {written[1]:8.2f}")
    print(f"  {'multi_head_attention (.seq)':34} {mha[0]:8.2f} {mha[1]:8.2f}")
    print(f"  {'hand-written (PyTorch)':34} {torch_ms[0]:8.2f} {torch_ms[1]:8.2f}")
    print(f"  hand-written / multi_head_attention: {written[0] / mha[0]:.2f} (target <= 1.15); "
          f"PyTorch / hand-written: {torch_ms[0] / written[0]:.1f}x")

    seqc = os.path.join(os.path.dirname(args.seq_run), "seqc")
    cc = shutil.which("cc")
    if not (args.rss_size and os.path.exists(seqc) and cc):
        return
    s = args.rss_size
    mib = 1 << 20
    obj, header = os.path.join(tmp, "written.o"), os.path.join(tmp, "written.h")
    driver, exe = os.path.join(tmp, "written.c"), os.path.join(tmp, "written")
    subprocess.run([seqc, paths["written"], "--weights", weights, "-o", obj,
                    "--header", header], check=True)
    with open(driver, "w") as f:
        f.write(WRITTEN_DRIVER % {"elements": s * d, "threads": args.threads, "s": s})
    subprocess.run([cc, "-O2", "-I", tmp, driver, obj, "-lm", "-lpthread", "-o", exe],
                   check=True)
    _, rss = run_child_rss([exe])
    qkvo = 4 * s * d * 4
    print(f"  peak RSS at S={s}, C program + seqc object: {rss / mib:.1f} MiB = "
          f"{rss / qkvo:.2f}x its Q, K, V and attention output ({qkvo / mib:.0f} MiB; "
          f"target < 2x; an S x S score matrix per head: {8 * s * s * 4 / mib:.0f} MiB)")


if __name__ == "__main__":
    main()
