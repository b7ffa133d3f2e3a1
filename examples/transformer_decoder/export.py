#!/usr/bin/env python3
"""Weights, inputs and the PyTorch reference for decoder.seq.

    export.py DIR [--batch B] [--tgt T] [--mem S] [--time N]
        builds torch.nn.TransformerDecoderLayer(256, 4, 1024,
        batch_first=True) with a fixed seed and writes
          DIR/decoder.safetensors   its state_dict()
          DIR/tgt.npy               float32 [B, T, 256]
          DIR/memory.npy            float32 [B, S, 256]
          DIR/tgt_lengths.npy       int64 [B]
          DIR/memory_lengths.npy    int64 [B]
          DIR/reference.npy         PyTorch's output, float32 [B, T, 256],
                                    with tgt_mask the causal mask and the
                                    key padding masks from the lengths
        and, with --time N, prints PyTorch's time per call (median of N) at
        one thread and at its default number of threads.

    export.py DIR --check OUT.npy
        compares OUT.npy (from seq-run or a program linking seqc's object)
        with DIR/reference.npy on the valid target positions
        (t < tgt_lengths[b]); exit status 1 if they differ by more than
        1e-4 relative (|got - want| <= 1e-4 + 1e-4 * |want|).

The sizes of the model are those of decoder.seq; --d-model, --heads and
--ffn change them for a model file written to match.
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
    layer = torch.nn.TransformerDecoderLayer(
        args.d_model, args.heads, args.ffn, batch_first=True).eval()
    inputs = {
        "tgt": torch.randn(args.batch, args.tgt, args.d_model),
        "memory": torch.randn(args.batch, args.mem, args.d_model),
        "tgt_lengths": exportlib.spread_lengths(args.batch, args.tgt),
        # The other way round, so that a short target meets a long memory.
        "memory_lengths":
            exportlib.spread_lengths(args.batch, args.mem).flip(0),
    }
    return layer, inputs


def torch_call(layer, inputs):
    """The layer on `inputs`, with PyTorch's masks (True = masked out)."""
    tgt, memory = inputs["tgt"], inputs["memory"]
    causal = torch.nn.Transformer.generate_square_subsequent_mask(
        tgt.shape[1])
    tgt_padding = exportlib.padding_mask(inputs["tgt_lengths"], tgt.shape[1])
    memory_padding = exportlib.padding_mask(inputs["memory_lengths"],
                                            memory.shape[1])
    return lambda: layer(tgt, memory, tgt_mask=causal,
                         tgt_key_padding_mask=tgt_padding,
                         memory_key_padding_mask=memory_padding)


def export(args):
    os.makedirs(args.dir, exist_ok=True)
    layer, inputs = build(args)
    exportlib.save_safetensors(os.path.join(args.dir, "decoder.safetensors"),
                               layer.state_dict())
    for name, value in inputs.items():
        np.save(os.path.join(args.dir, name + ".npy"), value.numpy())
    call = torch_call(layer, inputs)
    with torch.no_grad():
        np.save(os.path.join(args.dir, "reference.npy"), call().numpy())
        if args.time:
            exportlib.print_torch_times(call, args.time)
    return 0


def check(args):
    want = np.load(os.path.join(args.dir, "reference.npy"))
    lengths = np.load(os.path.join(args.dir, "tgt_lengths.npy"))
    return exportlib.check_valid(args.check, want, lengths)


def add_sizes(parser):
    parser.add_argument("--tgt", type=int, default=64)
    parser.add_argument("--mem", type=int, default=128)


def main():
    args = exportlib.parse_args(__doc__, add_sizes)
    return check(args) if args.check else export(args)


if __name__ == "__main__":
    sys.exit(main())
