"""Inputs and PyTorch references for models.seq.

    aot_seq.py prepare DIR   DIR/weights.safetensors (state_dicts under
                             "encoder." and "tagger."), the inputs as raw
                             little-endian DIR/<name>.bin and, for runtime
                             weights, DIR/w/<weight>.bin
    aot_seq.py check DIR OUT compares OUT/<output>.bin with PyTorch
    aot_seq.py check-run DIR OUT MODEL
                             compares seq-run's OUT/result<i>.npy of MODEL
"""

import os
import sys

import numpy as np
import torch

from safetensors_writer import save

RTOL = 1e-4
ATOL = 1e-4
BATCH, SEQ, TIME = 3, 7, 5


def build():
    torch.manual_seed(0)
    layer = torch.nn.TransformerEncoderLayer(32, 4, 64, batch_first=True)
    encoder = torch.nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
    tagger = torch.nn.LSTM(8, 16, num_layers=2, bidirectional=True,
                           batch_first=True)
    for module in (encoder, tagger):
        module.eval()
        for p in module.parameters():  # larger than the default init
            torch.nn.init.normal_(p, std=0.2)
    inputs = {
        "enc_x": torch.randn(BATCH, SEQ, 32),
        "enc_lengths": torch.tensor([7, 4, 1], dtype=torch.int64),
        "tag_x": torch.randn(BATCH, TIME, 8),
        "tag_lengths": torch.tensor([5, 3, 1], dtype=torch.int64),
        "h0": torch.randn(4, BATCH, 16),
        "c0": torch.randn(4, BATCH, 16),
    }
    return encoder, tagger, inputs


def references(encoder, tagger, inputs):
    """{(model, output): (array, mask of the compared elements or None)}."""
    padding = (torch.arange(SEQ)[None, :] >=
               inputs["enc_lengths"][:, None])
    with torch.no_grad():
        enc = encoder(inputs["enc_x"], src_key_padding_mask=padding)
        packed = torch.nn.utils.rnn.pack_padded_sequence(
            inputs["tag_x"], inputs["tag_lengths"], batch_first=True,
            enforce_sorted=False)
        out, (h, c) = tagger(packed, (inputs["h0"], inputs["c0"]))
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(
            out, batch_first=True, total_length=TIME)
    # PyTorch's padded query rows are not defined the same way: skip them.
    valid = np.broadcast_to((~padding.numpy())[:, :, None], enc.shape)
    return {("encoder", "out"): (enc.numpy(), valid),
            ("tagger", "out"): (out.numpy(), None),
            ("tagger", "h_n"): (h.numpy(), None),
            ("tagger", "c_n"): (c.numpy(), None)}


def prepare(directory):
    encoder, tagger, inputs = build()
    state = {"encoder." + k: v for k, v in encoder.state_dict().items()}
    state.update({"tagger." + k: v for k, v in tagger.state_dict().items()})
    save(os.path.join(directory, "weights.safetensors"), state)
    os.makedirs(os.path.join(directory, "w"), exist_ok=True)
    for name, value in state.items():
        value.numpy().astype("<f4").tofile(
            os.path.join(directory, "w", name + ".bin"))
    for name, value in inputs.items():
        value.numpy().tofile(os.path.join(directory, name + ".bin"))
        np.save(os.path.join(directory, name + ".npy"), value.numpy())


def check(directory, output, model_name=None):
    want = references(*build())
    ok = True
    index = 0
    for (model, name), (value, valid) in want.items():
        if model_name is None:
            got = np.fromfile(os.path.join(output, f"{model}_{name}.bin"),
                              np.float32).reshape(value.shape)
        elif model == model_name:
            got = np.load(os.path.join(output, f"result{index}.npy"))
            index += 1
            if got.shape != value.shape:
                print(f"{model} {name}: shape {got.shape}, expected "
                      f"{value.shape}")
                ok = False
                continue
        else:
            continue
        if valid is not None:
            got, value = got[valid], value[valid]
        error = np.abs(got - value)
        good = bool(np.all(error <= ATOL + RTOL * np.abs(value)))
        print(f"{model} {name}: max_abs {error.max():.3g} "
              f"{'ok' if good else 'MISMATCH'}")
        ok = ok and good
    return 0 if ok else 1


if __name__ == "__main__":
    command = sys.argv[1]
    sys.exit({"prepare": prepare, "check": check,
              "check-run": check}[command](*sys.argv[2:]) or 0)
