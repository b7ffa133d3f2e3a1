"""Writes a small .safetensors file for the front-end tests.

    make_weights.py OUT [SPEC...] [--encoder PREFIX:LAYERS:D:FF]
                    [--rnn PREFIX:KIND:LAYERS:DIRS:I:H] [--cell PREFIX:KIND:I:H]

SPEC is NAME=DIMS[:DTYPE][=V,V,...]: DIMS like 4x16 ("" for a scalar),
DTYPE one of F32 (default), F16, BF16, I32, I64, BOOL; values default to
0, 0.01, 0.02, ... The presets add the state_dict names of
torch.nn.TransformerEncoderLayer (per layer, under PREFIX.LAYER), of
torch.nn.RNN/GRU/LSTM and of the cells; a SPEC replaces a preset's tensor
of the same name.
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "lib"))
import safetensors_writer  # noqa: E402

_GATES = {"rnn": 1, "gru": 3, "lstm": 4}


def _array(dims, dtype, values):
    shape = tuple(int(d) for d in dims.split("x")) if dims else ()
    n = int(np.prod(shape)) if shape else 1
    if values is None:
        data = np.arange(n) * (0.01 if dtype in ("F32", "F16", "BF16") else 1)
    else:
        data = np.array([float(v) for v in values.split(",")])
    return data.reshape(shape)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("specs", nargs="*")
    parser.add_argument("--encoder", action="append", default=[])
    parser.add_argument("--rnn", action="append", default=[])
    parser.add_argument("--cell", action="append", default=[])
    args = parser.parse_intermixed_args()

    tensors = {}  # name -> (array, dtype)
    rng = np.random.default_rng(0)

    def add(name, *shape):
        tensors[name] = (rng.standard_normal(shape) * 0.1, "F32")

    for preset in args.encoder:
        prefix, layers, d, ff = preset.split(":")
        layers, d, ff = int(layers), int(d), int(ff)
        for l in range(layers):
            p = f"{prefix}.{l}" if prefix else str(l)
            add(f"{p}.self_attn.in_proj_weight", 3 * d, d)
            add(f"{p}.self_attn.in_proj_bias", 3 * d)
            add(f"{p}.self_attn.out_proj.weight", d, d)
            add(f"{p}.self_attn.out_proj.bias", d)
            add(f"{p}.linear1.weight", ff, d)
            add(f"{p}.linear1.bias", ff)
            add(f"{p}.linear2.weight", d, ff)
            add(f"{p}.linear2.bias", d)
            for norm in ("norm1", "norm2"):
                add(f"{p}.{norm}.weight", d)
                add(f"{p}.{norm}.bias", d)
    for preset in args.rnn:
        prefix, kind, layers, dirs, i, h = preset.split(":")
        g, layers, dirs, i, h = _GATES[kind], int(layers), int(dirs), int(i), int(h)
        for l in range(layers):
            for suffix in [""] + (["_reverse"] if dirs == 2 else []):
                isize = i if l == 0 else dirs * h
                add(f"{prefix}.weight_ih_l{l}{suffix}", g * h, isize)
                add(f"{prefix}.weight_hh_l{l}{suffix}", g * h, h)
                add(f"{prefix}.bias_ih_l{l}{suffix}", g * h)
                add(f"{prefix}.bias_hh_l{l}{suffix}", g * h)
    for preset in args.cell:
        prefix, kind, i, h = preset.split(":")
        g, i, h = _GATES[kind], int(i), int(h)
        add(f"{prefix}.weight_ih", g * h, i)
        add(f"{prefix}.weight_hh", g * h, h)
        add(f"{prefix}.bias_ih", g * h)
        add(f"{prefix}.bias_hh", g * h)

    # Explicit specs last: they replace preset tensors of the same name.
    for spec in args.specs:
        name, rest = spec.split("=", 1)
        parts = rest.split("=", 1)
        values = parts[1] if len(parts) > 1 else None
        dims, _, dtype = parts[0].partition(":")
        dtype = dtype or "F32"
        tensors[name] = (_array(dims, dtype, values), dtype)
    safetensors_writer.save(args.out, tensors)


if __name__ == "__main__":
    sys.exit(main())
