"""What the examples' export.py scripts share: writing a PyTorch state_dict
as safetensors (no safetensors package needed), padding lengths, timing
PyTorch, and comparing a compiled model's output with PyTorch's on the valid
positions.

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    import exportlib
"""

import argparse
import ctypes
import json
import os
import struct
import time

import numpy as np
import torch

# The examples' tolerance: |got - want| <= ATOL + RTOL * |want|.
RTOL = 1e-4
ATOL = 1e-4


def save_safetensors(path, state_dict):
    """Writes float32 tensors in the safetensors format: an 8-byte
    little-endian header length, a JSON header of dtype, shape and byte
    offsets per tensor, then the raw little-endian data."""
    header, blobs, offset = {}, [], 0
    for name, tensor in state_dict.items():
        data = tensor.detach().cpu().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def spread_lengths(batch, length):
    """Lengths from `length` down towards 1, one per batch row: every length
    appears once the batch is large enough."""
    return torch.tensor([max(1, length - (b * length) // max(1, batch))
                         for b in range(batch)], dtype=torch.int64)


def padding_mask(lengths, length):
    """PyTorch's key_padding_mask: True where a position is padding."""
    return torch.arange(length)[None, :] >= lengths[:, None]


def time_per_call(fn, repeat):
    """Median wall time of `repeat` calls after one warm-up call, in ms."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times)) * 1e3


def _openblas():
    """The OpenBLAS that PyTorch's GEMMs run on, if it is loaded: Debian's
    PyTorch calls it for matmuls, and it has its own thread count, which
    torch.set_num_threads leaves alone."""
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "libopenblas" in path and path.endswith((".so", ".so.0")):
                library = ctypes.CDLL(path)
                if hasattr(library, "openblas_set_num_threads"):
                    return library
    return None


def set_torch_threads(threads):
    """PyTorch's intra-op threads and OpenBLAS's, both `threads`."""
    torch.set_num_threads(threads)
    openblas = _openblas()
    if openblas is not None:
        openblas.openblas_set_num_threads(threads)


def print_torch_times(fn, repeat):
    """PyTorch's time per call at 1 thread and at one per CPU (its intra-op
    threads and OpenBLAS's alike)."""
    default = torch.get_num_threads()
    for threads in sorted({1, os.cpu_count() or 1}):
        set_torch_threads(threads)
        ms = time_per_call(fn, repeat)
        print(f"PyTorch {torch.__version__}: {ms:.3f} ms per call (median of "
              f"{repeat}), {threads} thread{'s' if threads > 1 else ''}")
    set_torch_threads(default)


def check_valid(got_path, want, lengths):
    """Compares the array in got_path with `want` [B, T, ...] on the valid
    positions t < lengths[b]; prints one line and returns the exit status."""
    got = np.load(got_path)
    if got.shape != want.shape:
        print(f"{got_path}: shape {got.shape}, expected {want.shape}")
        return 1
    valid = np.arange(want.shape[1])[None, :] < lengths[:, None]
    got, want = got[valid], want[valid]
    error = np.abs(got - want)
    good = bool(np.all(error <= ATOL + RTOL * np.abs(want)))
    relative = float(error.max() / np.abs(want).max())
    print(f"{os.path.basename(got_path)}: {valid.sum()} valid positions, "
          f"max abs error {error.max():.3g} (relative {relative:.3g}) "
          f"{'ok' if good else 'MISMATCH'}")
    return 0 if good else 1


def check_raw(got_path, want_path, width):
    """Compares two raw little-endian float32 files of rows of `width`;
    prints one line and returns the exit status."""
    got = np.fromfile(got_path, dtype="<f4")
    want = np.fromfile(want_path, dtype="<f4")
    if got.size != want.size:
        print(f"{got_path}: {got.size} floats, expected {want.size}")
        return 1
    error = np.abs(got - want)
    good = bool(np.all(error <= ATOL + RTOL * np.abs(want)))
    print(f"{os.path.basename(got_path)}: {got.size // width} positions, max abs "
          f"error {error.max():.3g} (max |value| {np.abs(want).max():.3g}) "
          f"{'ok' if good else 'MISMATCH'}")
    return 0 if good else 1


def parse_args(doc, add_sizes):
    """The command line shared by the Transformer examples' export.py:
    DIR, the model sizes (d_model, heads, ffn; add_sizes(parser) adds the
    example's own), --seed, --time N and --check OUT.npy."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--batch", type=int, default=8)
    add_sizes(parser)
    parser.add_argument("--d-model", type=int, default=256)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--ffn", type=int, default=1024)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time", type=int, default=0, metavar="N",
                        help="time N calls of PyTorch")
    parser.add_argument("--check", metavar="OUT.npy",
                        help="compare OUT.npy with the reference")
    return parser.parse_args()
