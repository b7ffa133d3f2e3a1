# RUN: %python %s
# Streaming: a step model (seq.lstm_cell / seq.gru_cell) takes the recurrent
# state as inputs and returns it as outputs; the caller runs it once per
# timestep, feeding each step's state into the next, as the seq2seq decoder
# does. The states after every step must match torch.nn.LSTMCell/GRUCell run
# the same way, and the final ones torch.nn.LSTM/GRU over the whole sequence.
# Shapes exercise the vectorised kernels' tails (B = 5 rows, G·H not a
# multiple of 24). The same module file is run at every step (one compiled
# step function; only the state inputs change).
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

import seqtest

SEQ_RUN = os.environ.get("SEQ_RUN", "seq-run")
torch.manual_seed(0)
failures = 0


def step_module(op, B, I, H):
    G = 4 if op == "lstm" else 3
    tx, th = f"tensor<{B}x{I}xf32>", f"tensor<{B}x{H}xf32>"
    wi, wh, b = f"tensor<{G*H}x{I}xf32>", f"tensor<{G*H}x{H}xf32>", f"tensor<{G*H}xf32>"
    if op == "lstm":
        return (f"func.func @main(%x: {tx}, %h: {th}, %c: {th}, %wi: {wi}, %wh: {wh}, %bi: {b}, %bh: {b})"
                f" -> ({th}, {th}) {{\n"
                f"  %h1, %c1 = seq.lstm_cell %x h(%h : {th}) c(%c : {th}) weight_ih(%wi : {wi})"
                f" weight_hh(%wh : {wh}) bias_ih(%bi : {b}) bias_hh(%bh : {b}) : {tx}\n"
                f"  return %h1, %c1 : {th}, {th}\n}}\n")
    return (f"func.func @main(%x: {tx}, %h: {th}, %wi: {wi}, %wh: {wh}, %bi: {b}, %bh: {b})"
            f" -> {th} {{\n"
            f"  %h1 = seq.gru_cell %x h(%h : {th}) weight_ih(%wi : {wi})"
            f" weight_hh(%wh : {wh}) bias_ih(%bi : {b}) bias_hh(%bh : {b}) : {tx}\n"
            f"  return %h1 : {th}\n}}\n")


def run_stream(op, B=5, T=6, I=19, H=20):
    global failures
    cell = (torch.nn.LSTMCell if op == "lstm" else torch.nn.GRUCell)(I, H).double()
    layer = (torch.nn.LSTM if op == "lstm" else torch.nn.GRU)(I, H, batch_first=True).double()
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        getattr(layer, name + "_l0").data.copy_(getattr(cell, name).data)
    x = torch.randn(B, T, I, dtype=torch.float64)
    h = torch.randn(B, H, dtype=torch.float64)
    c = torch.randn(B, H, dtype=torch.float64)
    weights = [getattr(cell, n).detach().numpy().astype(np.float32)
               for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    states = [h.numpy().astype(np.float32)] + ([c.numpy().astype(np.float32)] if op == "lstm" else [])
    with torch.no_grad():
        want_final = layer(x, (h[None], c[None]) if op == "lstm" else h[None])[1]
    want_final = [s[0].numpy() for s in (want_final if op == "lstm" else (want_final,))]
    ref = (h, c) if op == "lstm" else h
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "step.mlir")
        with open(path, "w") as f:
            f.write(step_module(op, B, I, H))
        for t in range(T):
            with torch.no_grad():
                ref = cell(x[:, t], ref)
            want = [s.numpy() for s in (ref if op == "lstm" else (ref,))]
            arrays = [x[:, t].numpy().astype(np.float32)] + states + weights
            cmd = [SEQ_RUN, path, "--output-dir", os.path.join(tmp, "out")]
            for i, a in enumerate(arrays):
                p = os.path.join(tmp, f"in{i}.npy")
                np.save(p, a)
                cmd += ["--input", p]
            res = subprocess.run(cmd, capture_output=True, text=True)
            if res.returncode != 0:
                print(f"FAIL  {op}_cell streaming: seq-run failed at step {t}:\n{res.stderr}")
                failures += 1
                return
            states = [np.load(os.path.join(tmp, "out", f"result{i}.npy")) for i in range(len(want))]
            for got, w in zip(states, want):
                tol = seqtest.ATOL + seqtest.RTOL * np.abs(w)
                worst = max(worst, float(np.max(np.abs(got - w) / tol)))
        for got, w in zip(states, want_final):
            tol = seqtest.ATOL + seqtest.RTOL * np.abs(w)
            worst = max(worst, float(np.max(np.abs(got - w) / tol)))
    ok = worst <= 1.0
    failures += not ok
    print(f"{'PASS' if ok else 'FAIL'}  {op}_cell streaming B={B} T={T} I={I} H={H}  err/tol={worst:.3f}")


run_stream("lstm")
run_stream("gru")
run_stream("gru", B=1, T=4, I=8, H=13)
print(f"{3 - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
