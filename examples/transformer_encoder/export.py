#!/usr/bin/env python3
"""Weights, inputs and the PyTorch reference for encoder.seq.

    export.py DIR [--batch B] [--seq S] [--time N]
        builds torch.nn.TransformerEncoder(TransformerEncoderLayer(256, 4,
        1024, batch_first=True), 4) with a fixed seed and writes
          DIR/encoder.safetensors   its state_dict()
          DIR/x.npy                 float32 [B, S, 256]
          DIR/lengths.npy           int64 [B], the valid length of each row
          DIR/reference.npy         PyTorch's output, float32 [B, S, 256]
        and, with --time N, prints PyTorch's time per call (median of N) at
        one thread and at its default number of threads.

    export.py DIR --check OUT.npy
        compares OUT.npy (from seq-run or main.cpp) with DIR/reference.npy on
        the valid positions (t < lengths[b]); exit status 1 if they differ by
        more than 1e-4 relative (|got - want| <= 1e-4 + 1e-4 * |want|).

The sizes of the model are those of encoder.seq; --d-model, --heads, --ffn
and --layers change them for a model file written to match.
"""

import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import exportlib  # noqa: E402


def build(args):
    torch.manual_seed(args.seed)
    layer = torch.nn.TransformerEncoderLayer(
        args.d_model, args.heads, args.ffn, batch_first=True)
    encoder = torch.nn.TransformerEncoder(layer, args.layers,
                                          enable_nested_tensor=False).eval()
    x = torch.randn(args.batch, args.seq, args.d_model)
    return encoder, x, exportlib.spread_lengths(args.batch, args.seq)


def export(args):
    os.makedirs(args.dir, exist_ok=True)
    encoder, x, lengths = build(args)
    mask = exportlib.padding_mask(lengths, args.seq)
    exportlib.save_safetensors(os.path.join(args.dir, "encoder.safetensors"),
                               encoder.state_dict())
    np.save(os.path.join(args.dir, "x.npy"), x.numpy())
    np.save(os.path.join(args.dir, "lengths.npy"), lengths.numpy())
    with torch.no_grad():
        reference = encoder(x, src_key_padding_mask=mask)
        np.save(os.path.join(args.dir, "reference.npy"), reference.numpy())
        if args.time:
            exportlib.print_torch_times(
                lambda: encoder(x, src_key_padding_mask=mask), args.time)
    return 0


def check(args):
    want = np.load(os.path.join(args.dir, "reference.npy"))
    lengths = np.load(os.path.join(args.dir, "lengths.npy"))
    return exportlib.check_valid(args.check, want, lengths)


def add_sizes(parser):
    parser.add_argument("--seq", type=int, default=128)
    parser.add_argument("--layers", type=int, default=4)


def main():
    args = exportlib.parse_args(__doc__, add_sizes)
    return check(args) if args.check else export(args)


if __name__ == "__main__":
    sys.exit(main())
