"""Runs a .seq model on weights exported from a PyTorch module and compares
its outputs with PyTorch's.

    torch_e2e.py {encoder,lstm} MODEL.seq WORKDIR

Builds the module (torch.nn.TransformerEncoder or torch.nn.LSTM), writes its
state_dict as safetensors and random inputs as .npy, compiles the model with
`seq-front`, runs it with `seq-run` (both from PATH) and checks every output
against PyTorch within |got - want| <= 1e-4 + 1e-4 |want|. Prints one line
per output and PASS or FAIL.
"""

import os
import subprocess
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "lib"))
import safetensors_writer  # noqa: E402

RTOL = ATOL = 1e-4


def encoder():
    """torch.nn.TransformerEncoder, batch first, with padded sequences."""
    layer = torch.nn.TransformerEncoderLayer(32, 4, 64, batch_first=True)
    module = torch.nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
    module.eval()
    for p in module.parameters():  # larger than the default init, so that
        torch.nn.init.normal_(p, std=0.2)  # mistakes show
    batch, seq = 3, 7
    x = torch.randn(batch, seq, 32)
    lengths = torch.tensor([7, 4, 1], dtype=torch.int64)
    padding = torch.arange(seq)[None, :] >= lengths[:, None]
    with torch.no_grad():
        out = module(x, src_key_padding_mask=padding)
    # Padded positions are not compared: PyTorch attends nothing there.
    valid = ~padding.numpy()
    return module.state_dict(), [x, lengths], [(out, valid)]


def lstm():
    """torch.nn.LSTM, two bidirectional layers, packed sequences."""
    module = torch.nn.LSTM(8, 16, num_layers=2, bidirectional=True,
                           batch_first=True).eval()
    state = {"encoder." + k: v for k, v in module.state_dict().items()}
    batch, time = 3, 5
    x = torch.randn(batch, time, 8)
    lengths = torch.tensor([5, 3, 1])
    h0 = torch.randn(4, batch, 16)
    c0 = torch.randn(4, batch, 16)
    packed = torch.nn.utils.rnn.pack_padded_sequence(
        x, lengths, batch_first=True, enforce_sorted=False)
    with torch.no_grad():
        out, (h, c) = module(packed, (h0, c0))
    out, _ = torch.nn.utils.rnn.pad_packed_sequence(
        out, batch_first=True, total_length=time)
    return state, [x, lengths, h0, c0], [(out, None), (h, None), (c, None)]


def main():
    mode, model, work = sys.argv[1:4]
    torch.manual_seed(0)
    state, inputs, expected = {"encoder": encoder, "lstm": lstm}[mode]()
    os.makedirs(work, exist_ok=True)
    weights = os.path.join(work, "weights.safetensors")
    safetensors_writer.save_state_dict(weights, state)
    module = os.path.join(work, "model.mlir")
    subprocess.check_call(["seq-front", model, "--weights", weights,
                           "-o", module])
    command = ["seq-run", module, "--output-dir", os.path.join(work, "out")]
    for i, value in enumerate(inputs):
        path = os.path.join(work, f"in{i}.npy")
        np.save(path, value.numpy())
        command += ["--input", path]
    subprocess.check_call(command, stdout=subprocess.DEVNULL)

    ok = True
    for i, (want, valid) in enumerate(expected):
        want = want.numpy()
        got = np.load(os.path.join(work, "out", f"result{i}.npy"))
        if got.shape != want.shape:
            print(f"output {i}: shape {got.shape}, expected {want.shape}")
            ok = False
            continue
        if valid is not None:
            got, want = got[valid], want[valid]
        error = np.abs(got - want)
        good = bool(np.all(error <= ATOL + RTOL * np.abs(want)))
        print(f"output {i}: max |error| {error.max():.3g} "
              f"(max |value| {np.abs(want).max():.3g})")
        ok = ok and good
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
