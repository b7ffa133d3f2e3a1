#!/usr/bin/env python3
"""An nn.TransformerEncoder exported to ONNX, for seqc to compile.

    export.py DIR [--batch B] [--seq S] [--time N]
        builds torch.nn.TransformerEncoder (2 post-norm layers, d_model 256,
        4 heads, d_ff 1024, GELU, batch_first) with a fixed seed, exports it
        with torch.onnx.export (opset 14; batch and sequence dynamic) and
        writes
          DIR/encoder.onnx  the model, weights as initializers
          DIR/x.bin         float32 [B, S, 256], raw little-endian
          DIR/want.bin      PyTorch's output, float32 [B, S, 256]
        and, with --time N, prints PyTorch's time per call (median of N).

    export.py DIR --check OUT.bin
        compares OUT.bin (written by main.c) with DIR/want.bin; exit status 1
        if |got - want| > 1e-4 + 1e-4 |want| anywhere.
"""
import argparse
import os
import sys
import warnings

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
import exportlib  # noqa: E402

D = 256


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--seq", type=int, default=64)
    parser.add_argument("--time", type=int, default=0, metavar="N")
    parser.add_argument("--check", metavar="OUT.bin")
    args = parser.parse_args()
    want_path = os.path.join(args.dir, "want.bin")
    if args.check:
        return exportlib.check_raw(args.check, want_path, D)

    os.makedirs(args.dir, exist_ok=True)
    torch.manual_seed(0)
    layer = torch.nn.TransformerEncoderLayer(D, 4, 1024, dropout=0.0,
                                             activation="gelu",
                                             batch_first=True)
    encoder = torch.nn.TransformerEncoder(layer, 2).eval()
    # Traced on a small example; batch and sequence stay dynamic. Not under
    # no_grad: there torch takes a fused fast path it cannot export.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(encoder, (torch.randn(2, 5, D),),
                          os.path.join(args.dir, "encoder.onnx"),
                          opset_version=14, input_names=["x"],
                          output_names=["out"],
                          dynamic_axes={"x": {0: "batch", 1: "seq"},
                                        "out": {0: "batch", 1: "seq"}})
    x = torch.randn(args.batch, args.seq, D)
    x.numpy().astype("<f4").tofile(os.path.join(args.dir, "x.bin"))
    with torch.no_grad():
        encoder(x).numpy().astype("<f4").tofile(want_path)
        if args.time:
            exportlib.print_torch_times(lambda: encoder(x), args.time)
    return 0


if __name__ == "__main__":
    sys.exit(main())
