# RUN: %python %s
# seq-run's --threads N and SEQC_NUM_THREADS: the fused attention gives the
# same bits with 1, 2 and 3 threads (each query tile is computed by one
# thread, in the same order), --attention=reference agrees within the
# numerics tolerance, and a bad --threads is one error line.
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

SEQ_RUN = os.environ.get("SEQ_RUN") or shutil.which("seq-run") or "seq-run"
tmp = tempfile.mkdtemp(prefix="attention-threads-")
failed, passed = [], []


def check(name, ok, detail=""):
    print(f"{'PASS' if ok else 'FAIL'}  {name}  {detail}".rstrip())
    (passed if ok else failed).append(name)


def run(*flags, env=None):
    out = os.path.join(tmp, f"out{len(os.listdir(tmp))}")
    cmd = [SEQ_RUN, model, "--output-dir", out] + inputs + list(flags)
    p = subprocess.run(cmd, capture_output=True, text=True,
                       env=dict(os.environ, **(env or {})))
    if p.returncode != 0:
        return None, p.stderr.strip()
    return np.load(os.path.join(out, "result0.npy")), ""


try:
    rng = np.random.default_rng(0)
    t = "tensor<2x3x200x32xf32>"
    model = os.path.join(tmp, "sdpa.mlir")
    with open(model, "w") as f:
        f.write(f"func.func @main(%q: {t}, %k: {t}, %v: {t}) -> {t} {{\n"
                f"  %o = seq.sdpa %q, %k, %v causal(top_left) : {t}, {t}, {t}\n"
                f"  return %o : {t}\n}}\n")
    inputs = []
    for name in "qkv":
        path = os.path.join(tmp, f"{name}.npy")
        np.save(path, rng.standard_normal((2, 3, 200, 32), dtype=np.float32))
        inputs += ["--input", path]

    one, err = run("--threads", "1")
    check("--threads 1", one is not None, err)
    for flags, env in ((("--threads", "2"), None), (("--threads=3",), None),
                       ((), {"SEQC_NUM_THREADS": "2"})):
        got, err = run(*flags, env=env)
        name = " ".join(flags) or "SEQC_NUM_THREADS=2"
        check(f"{name}: same bits as 1 thread",
              got is not None and one is not None and np.array_equal(got, one), err)
    ref, err = run("--attention=reference")
    ok = ref is not None and one is not None and np.allclose(one, ref, rtol=1e-4, atol=1e-5)
    check("--attention=reference agrees", ok, err)

    for bad in (("--threads", "0"), ("--threads=x",), ("--threads",)):
        got, err = run(*bad)
        check(f"{' '.join(bad)} is an error",
              got is None and err == "seq-run: error: --threads expects a positive "
                                     "number of threads", err)
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print(f"{len(passed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
