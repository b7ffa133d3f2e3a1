#!/usr/bin/env python3
"""Checks translate's --dump against export.py's PyTorch decoding.

    compare.py DIR

DIR holds torch_tokens.npy and torch_logits.npy (export.py) and tokens.bin,
logits.bin and prefix_logits.bin (translate --dump DIR). The tokens must be
equal, every step's logits of decode_step and of decode_prefix within
|got - want| <= 1e-4 + 1e-4 |want| of PyTorch's, and of each other. Exit
status 1 if not.
"""

import os
import sys

import numpy as np

VOCAB = 13


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    want_tokens = np.load(os.path.join(d, "torch_tokens.npy"))
    want_logits = np.load(os.path.join(d, "torch_logits.npy"))
    batch = want_tokens.shape[0]
    tokens = np.fromfile(os.path.join(d, "tokens.bin"),
                         np.int64).reshape(batch, -1)
    ok = True
    if tokens.shape != want_tokens.shape or not (tokens == want_tokens).all():
        print(f"tokens differ: seqc {tokens.tolist()}, "
              f"torch {want_tokens.tolist()}")
        ok = False
    logits = {}
    for name in ("logits", "prefix_logits"):
        got = logits[name] = np.fromfile(os.path.join(d, name + ".bin"),
                                         np.float32).reshape(-1, batch, VOCAB)
        if got.shape != want_logits.shape:
            print(f"{name}: {got.shape[0]} steps, torch {want_logits.shape[0]}")
            ok = False
            continue
        err = np.abs(got - want_logits)
        bad = err > 1e-4 + 1e-4 * np.abs(want_logits)
        print(f"{name}: max abs error {err.max():.2e} over {got.shape[0]} "
              f"steps" + (f", {bad.sum()} beyond tolerance" if bad.any() else ""))
        ok &= not bad.any()
    # decode_step at step t against the full-prefix decoder's position t.
    step, prefix = logits["logits"], logits["prefix_logits"]
    if step.shape == prefix.shape:
        err = np.abs(step - prefix)
        bad = err > 1e-4 + 1e-4 * np.abs(prefix)
        print(f"decode_step against decode_prefix: max abs error "
              f"{err.max():.2e}" + (" MISMATCH" if bad.any() else ""))
        ok &= not bad.any()
    print("tokens and logits match PyTorch" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
