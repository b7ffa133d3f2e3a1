"""Weights and PyTorch references for the AOT tests of Inputs/encoder.mlir.

    aot_encoder.py weights DIR [F32|F16|BF16]
        DIR/w.safetensors (in that dtype) and DIR/<name>.bin (raw float32 of
        the same values, for entry points that take runtime weights)
    aot_encoder.py check DIR OUTPUT.txt
        compares the output of encoder_main.c with PyTorch
    aot_encoder.py shared DIR LIB.so
        calls the shared library through ctypes and compares with PyTorch

Inputs are those of encoder_main.c: batch 2, seq 5, tokens (7i + 3) % 50,
lengths [5, 3]; head: n 3, x[i] = sin(0.37 i).
"""

import ctypes
import json
import os
import struct
import sys

import numpy as np
import torch

from safetensors_writer import save

RTOL = 1e-4
ATOL = 1e-5
BATCH, SEQ, N = 2, 5, 3


def make_modules():
    torch.manual_seed(0)
    modules = {
        "embed": torch.nn.Embedding(50, 16),
        "attn": torch.nn.MultiheadAttention(16, 2, batch_first=True),
        "norm": torch.nn.LayerNorm(16),
        "fc": torch.nn.Linear(16, 8),
        "head": torch.nn.Linear(16, 4, bias=False),
    }
    # Every parameter random (biases and norms start as 0 and 1).
    with torch.no_grad():
        for module in modules.values():
            for parameter in module.parameters():
                parameter.copy_(0.5 * torch.randn_like(parameter))
    return modules


def state(modules):
    return {f"{prefix}.{name}": value.detach().numpy().copy()
            for prefix, module in modules.items()
            for name, value in module.state_dict().items()}


def read_safetensors(path):
    """{name: float32 array} of a safetensors file (F32, F16 or BF16)."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        raw = body[begin:end]
        if entry["dtype"] == "F32":
            values = np.frombuffer(raw, "<f4")
        elif entry["dtype"] == "F16":
            values = np.frombuffer(raw, "<f2").astype(np.float32)
        elif entry["dtype"] == "BF16":
            bits = np.frombuffer(raw, "<u2").astype(np.uint32) << 16
            values = bits.view(np.float32)
        tensors[name] = values.reshape(entry["shape"]).astype(np.float32)
    return tensors


def inputs():
    tokens = ((7 * np.arange(BATCH * SEQ) + 3) % 50).astype(np.int32)
    tokens = tokens.reshape(BATCH, SEQ)
    lengths = np.array([5, 3], np.int32)
    x = np.sin(0.37 * np.arange(N * 16)).astype(np.float32).reshape(N, 16)
    return tokens, lengths, x


def reference(weights):
    """{"out": ..., "probs": ..., "copy": ...} in float64."""
    modules = make_modules()
    for prefix, module in modules.items():
        module.load_state_dict({
            name: torch.from_numpy(weights[f"{prefix}.{name}"])
            for name in module.state_dict()})
        module.double().eval()
    tokens, lengths, x = inputs()
    with torch.no_grad():
        e = modules["embed"](torch.from_numpy(tokens).long())
        pad = torch.arange(SEQ)[None, :] >= torch.from_numpy(lengths)[:, None]
        a, _ = modules["attn"](e, e, e, key_padding_mask=pad,
                               need_weights=False)
        n = modules["norm"](e + a)
        out = torch.nn.functional.gelu(modules["fc"](n))
        xt = torch.from_numpy(x).double()
        probs = torch.softmax(modules["head"](xt), dim=-1)
    return {"out": out.numpy(), "probs": probs.numpy(), "copy": x}


def compare(name, got, want):
    got = np.asarray(got, np.float64).reshape(want.shape)
    err = np.abs(got - want)
    ok = np.all(err <= ATOL + RTOL * np.abs(want)) and np.all(np.isfinite(got))
    print(f"{name}: shape {list(want.shape)} max_abs {err.max():.3g} "
          f"{'ok' if ok else 'MISMATCH'}")
    return ok


def cmd_weights(directory, dtype="F32"):
    weights = state(make_modules())
    save(os.path.join(directory, "w.safetensors"), weights,
         dtype=None if dtype == "F32" else dtype)
    # The values as stored (rounded for F16/BF16), for runtime weights.
    stored = read_safetensors(os.path.join(directory, "w.safetensors"))
    for name, value in stored.items():
        value.astype("<f4").tofile(os.path.join(directory, name + ".bin"))


def cmd_check(directory, output):
    want = reference(read_safetensors(os.path.join(directory, "w.safetensors")))
    got = {}
    lines = open(output).read().split("\n")
    for line in lines:
        words = line.split()
        if words and words[0] in want:
            got[words[0]] = [float(v) for v in words[1:]]
    for line in lines:
        if line.startswith(("status", "bad", "past", "null")):
            print(line)
    ok = all([compare(name, got[name], want[name]) for name in want])
    return 0 if ok else 1


def cmd_shared(directory, library):
    lib = ctypes.CDLL(os.path.abspath(library))
    want = reference(read_safetensors(os.path.join(directory, "w.safetensors")))
    tokens, lengths, x = inputs()
    ptr = lambda a: a.ctypes.data_as(ctypes.c_void_p)
    i64 = ctypes.c_int64
    out = np.full((BATCH, SEQ, 8), np.nan, np.float32)
    lib.seqc_encoder.restype = ctypes.c_int
    status = lib.seqc_encoder(i64(BATCH), i64(SEQ), ptr(tokens), ptr(lengths),
                              ptr(out))
    probs = np.full((N, 4), np.nan, np.float32)
    copy = np.full((N, 16), np.nan, np.float32)
    status2 = lib.seqc_head(i64(N), ptr(x), ptr(probs), ptr(copy))
    bad = lib.seqc_head(i64(-3), ptr(x), ptr(probs), ptr(copy))
    print(f"status {status} {status2} bad {bad}")
    ok = all([compare("out", out, want["out"]),
              compare("probs", probs, want["probs"]),
              compare("copy", copy, want["copy"])])
    return 0 if ok else 1


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    sys.exit({"weights": cmd_weights, "check": cmd_check,
              "shared": cmd_shared}[command](*args) or 0)
