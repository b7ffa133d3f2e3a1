"""seqtest_onnx: PyTorch modules exported with torch.onnx.export, imported by
Seqc, against the modules themselves.

    check(name, module, inputs, opset=14, dynamic_axes=None, run_inputs=None,
          outputs_of=None, args=())

exports `module` (eval mode) with the example `inputs` to model.onnx, runs
`seq-run model.onnx` (from SEQ_RUN or PATH) on `run_inputs` (default: the
example inputs; with dynamic axes, give inputs of other sizes here to show
the model is not specialised to the example), and compares every output with
the module's as seqtest_model.compare does (1e-4 relative and absolute;
integer outputs equal, NaN where torch has NaN). Prints PASS/FAIL lines;
`finish()` exits with the status.
"""

import os
import shutil
import subprocess
import tempfile
import warnings

import numpy as np
import torch

import seqtest_model

RTOL, ATOL = seqtest_model.RTOL, seqtest_model.ATOL


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


def run_and_compare(tmp, mpath, inputs, want, args=()):
    """Runs `seq-run mpath` on the numpy `inputs` and compares its results
    with the numpy arrays `want`: (ok, lines)."""
    seq_run = os.environ.get("SEQ_RUN") or shutil.which("seq-run") or "seq-run"
    cmd = [seq_run, mpath, "--output-dir", os.path.join(tmp, "out")]
    cmd += list(args)
    for i, x in enumerate(inputs):
        p = os.path.join(tmp, f"in{i}.npy")
        np.save(p, x)
        cmd += ["--input", p]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        return False, (p.stderr or p.stdout).strip().splitlines()[:8]
    ok, lines = True, []
    for i, w in enumerate(want):
        got = np.load(os.path.join(tmp, "out", f"result{i}.npy"))
        good, line = seqtest_model.compare(i, got, w)
        lines.append(line)
        ok = ok and good
    return ok, lines


def check_file(name, write_model, inputs, want, args=()):
    """Like check, for a model written by `write_model(path)` (e.g. with
    onnx.helper) and expected numpy outputs `want`."""
    tmp = tempfile.mkdtemp(prefix="seqonnx-")
    try:
        mpath = os.path.join(tmp, "model.onnx")
        write_model(mpath)
        ok, lines = run_and_compare(tmp, mpath, inputs, want, args)
    except Exception as ex:  # a harness crash is a failure too
        ok, lines = False, [f"harness error: {ex!r}"]
    return seqtest_model.report(name, ok, lines, tmp)


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
        ok, lines = run_and_compare(tmp, mpath, [x.numpy() for x in run_inputs],
                                    [w.numpy() for w in flat], args)
    except Exception as ex:  # a harness crash is a failure too
        ok, lines = False, [f"harness error: {ex!r}"]
    return seqtest_model.report(name, ok, lines, tmp)


finish = seqtest_model.finish
