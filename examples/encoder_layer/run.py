#!/usr/bin/env python3
"""make demo: runs examples/encoder_layer/encoder_layer.mlir with seq-run on
the weights of a torch.nn.TransformerEncoderLayer and compares with PyTorch.

Usage: run.py SEQ_RUN WORKDIR
"""
import os
import re
import subprocess
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ORDER = ["self_attn.in_proj_weight", "self_attn.in_proj_bias",
         "self_attn.out_proj.weight", "self_attn.out_proj.bias",
         "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias",
         "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"]


def main():
    seq_run, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    layer = torch.nn.TransformerEncoderLayer(64, 4, 256, dropout=0.0,
                                             batch_first=True).eval()
    batch, seq = 4, 48
    x = torch.randn(batch, seq, 64)
    lengths = torch.tensor([48, 40, 17, 5], dtype=torch.int32)
    padding = torch.arange(seq)[None, :] >= lengths[:, None].long()

    inputs = [x.numpy(), lengths.numpy()]
    state = layer.state_dict()
    inputs += [state[name].numpy() for name in ORDER]
    paths = []
    for i, array in enumerate(inputs):
        paths.append(os.path.join(work, f"arg{i}.npy"))
        np.save(paths[-1], array)

    cmd = [seq_run, os.path.join(HERE, "encoder_layer.mlir"),
           "--output-dir", work, "--repeat", "50"]
    for p in paths:
        cmd += ["--input", p]
    print(f"$ seq-run encoder_layer.mlir --repeat 50 --output-dir {work} "
          f"--input x.npy --input lengths.npy ... ({len(paths)} inputs)")
    run = subprocess.run(cmd, capture_output=True, text=True)
    print(run.stdout, end="")
    if run.returncode != 0:
        print(run.stderr, end="", file=sys.stderr)
        return 1
    got = np.load(os.path.join(work, "result0.npy"))

    with torch.no_grad():
        want = layer(x, src_key_padding_mask=padding).numpy()
        start = time.perf_counter()
        for _ in range(50):
            layer(x, src_key_padding_mask=padding)
        torch_ms = (time.perf_counter() - start) / 50 * 1e3
    valid = ~padding.numpy()
    err = np.abs(got - want)[valid].max()
    scale = np.abs(want[valid]).max()
    print(f"PyTorch {torch.__version__} TransformerEncoderLayer: "
          f"{torch_ms:.3f} ms per call (1 thread)")
    print(f"max abs error on valid positions: {err:.2e} "
          f"(relative {err / scale:.2e})")
    return 0 if err / scale < 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
