"""seqtest_model: whole .seq models against the PyTorch modules they copy.

    check(name, seq_text, module, inputs, outputs_of=None, valid=None,
          weights="embedded")

writes the module's state_dict as safetensors and the inputs as .npy, runs
`seq-run model.seq --weights W` (from SEQ_RUN or PATH), and compares every
output with the module's (torch.no_grad, eval mode) within
|got - want| <= ATOL + RTOL |want| (RTOL = ATOL = 1e-4, the issue's
tolerance). `outputs_of(module, *inputs)` computes the expected outputs
(default: module(*inputs)); `valid` masks positions that are not compared;
where torch's output is NaN ours must be NaN too. `args` go to seq-run;
with `expect_remark`, seq-raise-attention's report must contain it.
Prints `PASS name ...` or `FAIL name ...` and returns True/False; `finish()`
exits with the status.
"""

import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import torch

import safetensors_writer

RTOL = ATOL = 1e-4
_failed = []
_passed = []


def _run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def check(name, seq_text, module, inputs, outputs_of=None, valid=None,
          weights="embedded", state_dict=None, args=(), expect_remark=None):
    module.eval()
    tmp = tempfile.mkdtemp(prefix="seqmodel-")
    ok, lines = True, []
    try:
        with torch.no_grad():
            want = outputs_of(module, *inputs) if outputs_of else module(*inputs)
        if isinstance(want, torch.Tensor):
            want = (want,)
        wpath = os.path.join(tmp, "w.safetensors")
        safetensors_writer.save_state_dict(wpath, state_dict or module.state_dict())
        mpath = os.path.join(tmp, "model.seq")
        with open(mpath, "w") as f:
            f.write(seq_text)
        seq_run = os.environ.get("SEQ_RUN") or shutil.which("seq-run") or "seq-run"
        cmd = [seq_run, mpath, "--weights", wpath, "--output-dir",
               os.path.join(tmp, "out")]
        if weights == "runtime":
            cmd += ["--weights=runtime"]
        cmd += list(args)
        if expect_remark:
            cmd += ["--seq-raise-attention-report"]
        for i, x in enumerate(inputs):
            p = os.path.join(tmp, f"in{i}.npy")
            np.save(p, x.numpy())
            cmd += ["--input", p]
        p = _run(cmd)
        if p.returncode != 0:
            ok = False
            lines = (p.stderr or p.stdout).strip().splitlines()[:6]
        elif expect_remark and expect_remark not in p.stderr:
            ok = False
            lines = [f"expected the remark '{expect_remark}', got:"] + \
                p.stderr.strip().splitlines()[:4]
        else:
            for i, w in enumerate(want):
                got = np.load(os.path.join(tmp, "out", f"result{i}.npy"))
                good, line = compare(i, got, w.numpy(),
                                     None if valid is None else valid[i])
                lines.append(line)
                ok = ok and good
    except Exception as ex:  # a harness crash is a failure too
        ok, lines = False, [f"harness error: {ex!r}"]
    return report(name, ok, lines, tmp)


def report(name, ok, lines, tmp):
    """Prints the PASS/FAIL line of a case and its details, counts it for
    finish(), and removes its work dir (kept on failure with SEQTEST_KEEP)."""
    print(("PASS" if ok else "FAIL") + "  " + name)
    for l in lines:
        print("      " + l)
    sys.stdout.flush()
    (_passed if ok else _failed).append(name)
    if ok or not os.environ.get("SEQTEST_KEEP"):
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"      kept {tmp}")
    return ok


def compare(i, got, w, valid=None):
    """(ok, line) for output i: integers equal; floats within ATOL + RTOL
    |want| where torch's are finite, NaN where torch's are NaN; `valid`
    masks the positions that are compared."""
    if got.shape != w.shape:
        return False, f"output {i}: shape {got.shape}, expected {w.shape}"
    g, ww = got.astype(np.float64), w.astype(np.float64)
    if valid is not None:
        g, ww = g[valid], ww[valid]
    if w.dtype.kind in "biu":
        bad = int((g != ww).sum())
        return bad == 0, f"output {i}: {bad} of {g.size} differ"
    # Where torch gives NaN, so must we; elsewhere finite and close.
    nan = np.isnan(ww)
    if (np.isnan(g) != nan).any():
        return False, (f"output {i}: NaN at {int(np.isnan(g).sum())} "
                       f"positions, torch at {int(nan.sum())}")
    g, ww = g[~nan], ww[~nan]
    err = np.abs(g - ww) if g.size else np.zeros(1)
    good = bool(np.all(err <= ATOL + RTOL * np.abs(ww))) and bool(np.isfinite(g).all())
    return good, (f"output {i}: max |error| {err.max():.3g} "
                  f"(max |value| {np.abs(ww).max() if ww.size else 0:.3g})"
                  + (f", {int(nan.sum())} NaN as torch" if nan.any() else ""))


def finish():
    print(f"{len(_passed)} passed, {len(_failed)} failed")
    sys.exit(1 if _failed or not _passed else 0)
