#!/usr/bin/env python3
"""Trains the seq2seq model of model.py on the toy task (reverse a string of
1 to 10 digits) and exports it for seq2seq.seq.

    export.py OUT [--steps N] [--seed S] [SOURCE ...]

writes
    OUT/seq2seq.safetensors    the state_dict (names as in seq2seq.seq)
    OUT/src.npy, lengths.npy   the sample batch (int32 [B, S], [B]): the
                               SOURCE digit strings, or a built-in sample
    OUT/torch_tokens.npy       PyTorch's greedy decoding of it (int32
                               [B, steps]), one decoder step per call
and prints the greedy decoding and PyTorch's time per decoder step.

Training is deterministic (fixed seed, one thread); the default 600 steps
take 20-40 s on one core, and 300 already decode the sample without mistakes.
--steps 0 exports the random initial weights.
"""

import argparse
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))

import exportlib  # noqa: E402
import model as m  # noqa: E402

SAMPLE = ["31415", "2718281", "42", "9876543210", "7"]


# The training loop and the sample batch of the toy task (model.py), which
# examples/transformer_translate shares.
train = m.train
sample_batch = m.sample_batch


def build(steps, seed):
    torch.manual_seed(seed)
    net = m.Seq2Seq()
    train(net, steps, seed)
    net.eval()
    return net


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("sources", nargs="*", default=SAMPLE)
    args = parser.parse_args()
    exportlib.set_torch_threads(1)  # training too: deterministic
    for s in args.sources:
        if not s.isdigit():
            parser.error(f"source '{s}' is not a string of digits")

    net = build(args.steps, args.seed)
    os.makedirs(args.out, exist_ok=True)
    exportlib.save_safetensors(os.path.join(args.out, "seq2seq.safetensors"),
                               net.state_dict())
    src, lengths = sample_batch(args.sources)
    np.save(os.path.join(args.out, "src.npy"), src)
    np.save(os.path.join(args.out, "lengths.npy"), lengths)

    src_t = torch.from_numpy(src).long()
    lengths_t = torch.from_numpy(lengths).long()
    tokens, steps = net.greedy(src_t, lengths_t, m.max_steps(src.shape[1]))
    np.save(os.path.join(args.out, "torch_tokens.npy"),
            tokens.numpy().astype(np.int32))
    for source, row in zip(args.sources, tokens.tolist()):
        print(f"{source} -> {m.decode_tokens(row)}")

    # PyTorch's time per decoder step (batch of the sample, one thread).
    with torch.no_grad():
        states, h, c = net.encoder(src_t, lengths_t)
        prev = torch.full((src.shape[0], 1), m.BOS, dtype=torch.long)
        for _ in range(20):
            net.decoder(prev, h, c, states, lengths_t)
        runs = []
        for _ in range(200):
            begin = time.perf_counter()
            net.decoder(prev, h, c, states, lengths_t)
            runs.append(time.perf_counter() - begin)
    print(f"torch decode_step: median {np.median(runs) * 1e6:.1f} us "
          f"(batch {src.shape[0]}, 1 thread)")


if __name__ == "__main__":
    main()
