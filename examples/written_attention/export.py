#!/usr/bin/env python3
"""Weights, inputs and the PyTorch reference for encoder_layer.seq.

    export.py DIR [--batch B] [--seq S] [--time N]
        builds model.EncoderLayer (the tutorial's hand-written layer,
        d_model 256, 8 heads, d_ff 1024) with a fixed seed and writes
          DIR/encoder_layer.safetensors  its state_dict(), names as they are
          DIR/x.bin      float32 [B, S, 256], raw little-endian
          DIR/mask.bin   int64 [B, 1, 1, S]: 1 for a token, 0 for padding
                         (lengths from S down), one row wholly padded
          DIR/want.bin   PyTorch's output, float32 [B, S, 256]
        and, with --time N, prints PyTorch's time per call (median of N).

    export.py DIR --check OUT.bin [--batch B] [--seq S]
        compares OUT.bin (written by main.c) with DIR/want.bin at every
        position; exit status 1 if |got - want| > 1e-4 + 1e-4 |want|
        anywhere.
"""
import argparse
import os
import sys

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
sys.path.insert(0, here)
import exportlib  # noqa: E402
from model import EncoderLayer  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--seq", type=int, default=128)
    parser.add_argument("--time", type=int, default=0, metavar="N")
    parser.add_argument("--check", metavar="OUT.bin")
    args = parser.parse_args()
    want_path = os.path.join(args.dir, "want.bin")
    shape = (args.batch, args.seq, 256)
    if args.check:
        return exportlib.check_raw(args.check, want_path, 256)

    os.makedirs(args.dir, exist_ok=True)
    torch.manual_seed(0)
    layer = EncoderLayer().eval()
    x = torch.randn(*shape)
    lengths = exportlib.spread_lengths(args.batch, args.seq)
    mask = (~exportlib.padding_mask(lengths, args.seq)).long()[:, None, None, :]
    if args.batch > 1:
        mask[-1] = 0  # a sequence of padding only: torch's uniform weights
    exportlib.save_safetensors(os.path.join(args.dir, "encoder_layer.safetensors"),
                               layer.state_dict())
    x.numpy().astype("<f4").tofile(os.path.join(args.dir, "x.bin"))
    mask.numpy().astype("<i8").tofile(os.path.join(args.dir, "mask.bin"))
    with torch.no_grad():
        layer(x, mask).numpy().astype("<f4").tofile(want_path)
        if args.time:
            exportlib.print_torch_times(lambda: layer(x, mask), args.time)
    return 0


if __name__ == "__main__":
    sys.exit(main())
