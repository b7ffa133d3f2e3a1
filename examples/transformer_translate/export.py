#!/usr/bin/env python3
"""Trains the Transformer of model.py on the toy task (reverse a string of 1
to 10 digits) and exports it for translate.seq.

    export.py OUT [--steps N] [--seed S] [SOURCE ...]

writes
    OUT/translate.safetensors  the state_dict (names as in translate.seq)
    OUT/torch_tokens.npy       PyTorch's greedy decoding of the SOURCE digit
                               strings (or a built-in sample), int64
                               [B, steps], with its key/value cache
    OUT/torch_logits.npy       the logits of every step, float32 [steps, B, V]
and prints the decoding and PyTorch's time per token: incremental decoding
with the cache (the algorithm translate.seq compiles) and the decoder rerun
over the prefix, both at one thread.

Training is deterministic (fixed seed, one thread); the default 700 steps
take well under a minute on one core. --steps 0 exports the random initial
weights.
"""

import argparse
import os
import sys
import warnings

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))

import exportlib  # noqa: E402
import model as m  # noqa: E402

SAMPLE = ["31415", "2718281", "42", "9876543210", "7"]


def per_token_time(function, src, lengths, max_steps, repeat=5):
    """Median time of one decoder step of greedy decoding with `function`
    (the encoder not included)."""
    times = []
    for _ in range(repeat):
        function(src, lengths, max_steps, times=times)
    return float(np.median(times))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--steps", type=int, default=700)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("sources", nargs="*", default=SAMPLE)
    args = parser.parse_intermixed_args()
    exportlib.set_torch_threads(1)  # training too: deterministic
    # nn.TransformerEncoder's fast path with a padding mask says it is new.
    warnings.filterwarnings("ignore", message=".*nested tensors.*")
    for s in args.sources:
        if not s.isdigit():
            parser.error(f"source '{s}' is not a string of digits")

    torch.manual_seed(args.seed)
    net = m.Translator()
    m.task.train(net, args.steps, args.seed, lr=4e-3, warmup=True,
                 log_every=100)
    os.makedirs(args.out, exist_ok=True)
    exportlib.save_safetensors(
        os.path.join(args.out, "translate.safetensors"), net.state_dict())

    src, lengths = m.task.sample_batch(args.sources, np.int64)
    src_t, lengths_t = torch.from_numpy(src), torch.from_numpy(lengths)
    max_steps = m.task.max_steps(src.shape[1])
    record = []
    tokens = net.greedy_cached(src_t, lengths_t, max_steps, record)
    full = net.greedy_full(src_t, lengths_t, max_steps)
    if not torch.equal(tokens, full):
        sys.exit("export.py: incremental and full decoding disagree")
    np.save(os.path.join(args.out, "torch_tokens.npy"), tokens.numpy())
    np.save(os.path.join(args.out, "torch_logits.npy"),
            torch.stack(record).numpy())
    for source, row in zip(args.sources, tokens.tolist()):
        print(f"{source} -> {m.task.decode_tokens(row)}")

    cached = per_token_time(net.greedy_cached, src_t, lengths_t, max_steps)
    prefix = per_token_time(net.greedy_full, src_t, lengths_t, max_steps)
    print(f"torch per token (batch {src.shape[0]}, 1 thread, {tokens.shape[1]} "
          f"steps): incremental with the cache median {cached * 1e6:.1f} us, "
          f"recomputing the prefix median {prefix * 1e6:.1f} us")


if __name__ == "__main__":
    main()
