"""seqtest_onnx: PyTorch modules exported with torch.onnx.export, imported by
Seqc, against the modules themselves.

    check(name, module, inputs, opset=14, dynamic_axes=None, run_inputs=None,
          outputs_of=None, args=())

exports `module` (eval mode) with the example `inputs` to model.onnx, runs
`seq-run model.onnx` (from SEQ_RUN or PATH) on `run_inputs` (default: the
example inputs; with dynamic axes, give inputs of other sizes here to show
the model is not specialised to the example), and compares every output with
the module's within |got - want| <= ATOL + RTOL |want| (1e-4 each, the
issue's tolerance). Integer outputs must be equal. Prints PASS/FAIL lines;
`finish()` exits with the status.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import torch

RTOL = ATOL = 1e-4
_failed = []
_passed = []


def export(module, inputs, path, opset=14, dynamic_axes=None, input_names=None,
           output_names=None):
    module.eval()
    n_in = len(inputs)
    input_names = input_names or [f"in{i}" for i in range(n_in)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Not under no_grad: there, nn.TransformerEncoderLayer takes its
        # fused fast path, which torch 1.13 cannot export.
        torch.onnx.export(module, tuple(inputs), path, opset_version=opset,
                          input_names=input_names,
                          output_names=output_names,
                          dynamic_axes=dynamic_axes or {})


def check(name, module, inputs, opset=14, dynamic_axes=None, run_inputs=None,
          outputs_of=None, args=(), input_names=None, output_names=None):
    module.eval()
    tmp = tempfile.mkdtemp(prefix="seqonnx-")
    ok, lines = True, []
    try:
        mpath = os.path.join(tmp, "model.onnx")
        export(module, inputs, mpath, opset, dynamic_axes, input_names,
               output_names)
        run_inputs = run_inputs or inputs
        with torch.no_grad():
            want = outputs_of(module, *run_inputs) if outputs_of \
                else module(*run_inputs)
        if isinstance(want, torch.Tensor):
            want = (want,)
        flat = []
        for w in want:  # (output, (h, c)) as ONNX flattens it
            if isinstance(w, (tuple, list)):
                flat.extend(w)
            else:
                flat.append(w)
        seq_run = os.environ.get("SEQ_RUN") or shutil.which("seq-run") or "seq-run"
        cmd = [seq_run, mpath, "--output-dir", os.path.join(tmp, "out")]
        cmd += list(args)
        for i, x in enumerate(run_inputs):
            p = os.path.join(tmp, f"in{i}.npy")
            np.save(p, x.numpy())
            cmd += ["--input", p]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if p.returncode != 0:
            ok = False
            lines = (p.stderr or p.stdout).strip().splitlines()[:8]
        else:
            for i, w in enumerate(flat):
                w = w.numpy()
                got = np.load(os.path.join(tmp, "out", f"result{i}.npy"))
                if got.shape != w.shape:
                    ok = False
                    lines.append(f"output {i}: shape {got.shape}, expected {w.shape}")
                    continue
                if w.dtype.kind in "biu":
                    bad = int((got != w).sum())
                    lines.append(f"output {i}: {bad} of {got.size} differ")
                    ok = ok and bad == 0
                    continue
                g, ww = got.astype(np.float64), w.astype(np.float64)
                err = np.abs(g - ww) if g.size else np.zeros(1)
                good = bool(np.all(err <= ATOL + RTOL * np.abs(ww))) and \
                    bool(np.isfinite(g).all())
                lines.append(f"output {i}: max |error| {err.max():.3g} "
                             f"(max |value| {np.abs(ww).max() if ww.size else 0:.3g})")
                ok = ok and good
    except Exception as ex:  # a harness crash is a failure too
        ok, lines = False, [f"harness error: {ex!r}"]
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


def finish():
    print(f"{len(_passed)} passed, {len(_failed)} failed")
    sys.exit(1 if _failed or not _passed else 0)
