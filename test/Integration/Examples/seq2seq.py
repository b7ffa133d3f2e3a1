# The seq2seq example (examples/seq2seq): an LSTM encoder-decoder with
# attention, two models in one .seq file, decoded greedily one step per call
# with the recurrent state passed in and out.
#  - seq-run (JIT) runs `encode` and then `decode_step` step by step, each
#    step fed with seq-run's own h, c of the step before: the encoder states,
#    and every step's logits, h and c match PyTorch's greedy decoding.
#  - seqc compiles both models into one object; translate.c links it and
#    decodes greedily: its tokens equal PyTorch's, and its logits, h and c of
#    every step match PyTorch's.
# The model is trained for a few steps only (the weights are not random, but
# the decoding is not the reversal yet); sources of lengths 1 to 10.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: %python %s prepare %t
# RUN: %python %s check-seq-run %t | FileCheck %s --check-prefix=JIT
# RUN: seqc %seqc_src/examples/seq2seq/seq2seq.seq --weights %t/seq2seq.safetensors -o %t/model.o --header %t/model.h
# RUN: FileCheck %s --check-prefix=HEADER < %t/model.h
# RUN: cc -std=c11 -Wall -Werror -O2 -I%t %seqc_src/examples/seq2seq/translate.c %t/model.o -lm -o %t/translate
# RUN: %t/translate --dump %t 31415 2718281 42 9876543210 7 100 | FileCheck %s --check-prefix=TRANSLATE
# RUN: %python %s check-aot %t | FileCheck %s --check-prefix=AOT

# JIT: encode states: max_abs {{.*}} ok
# JIT-NEXT: encode h: max_abs {{.*}} ok
# JIT-NEXT: encode c: max_abs {{.*}} ok
# JIT-NEXT: step 0 logits: max_abs {{.*}} ok
# JIT-NEXT: step 0 h: max_abs {{.*}} ok
# JIT-NEXT: step 0 c: max_abs {{.*}} ok
# JIT: step 3 c: max_abs {{.*}} ok
# JIT-NEXT: seq-run: all ok

# HEADER: int seqc_encode(int64_t batch, int64_t src_len, const int32_t *src,
# HEADER-NEXT:    const int32_t *lengths, float *states, float *h, float *c);
# HEADER: int seqc_decode_step(int64_t batch, int64_t src_len, const int32_t *prev,
# HEADER-NEXT:    const float *h, const float *c, const float *states,
# HEADER-NEXT:    const int32_t *lengths, float *logits, float *h_next,
# HEADER-NEXT:    float *c_next);

# TRANSLATE: 31415 ->
# TRANSLATE: 100 ->
# TRANSLATE-NEXT: seqc encode: median {{.*}} us; decode_step: median {{.*}} us over {{[0-9]+}} steps (batch 6, 1 thread)

# AOT: tokens: {{[0-9]+}} steps, equal
# AOT-NEXT: logits: max_abs {{.*}} ok
# AOT-NEXT: h: max_abs {{.*}} ok
# AOT-NEXT: c: max_abs {{.*}} ok
# AOT-NEXT: aot: all ok

import os
import subprocess
import sys

import numpy as np
import torch

EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                       "..", "examples", "seq2seq")
sys.path.insert(0, EXAMPLE)

import export  # noqa: E402
import model as m  # noqa: E402

RTOL = 1e-4
ATOL = 1e-4
TRAIN_STEPS = 40
SOURCES = ["31415", "2718281", "42", "9876543210", "7", "100"]
JIT_STEPS = 4
SEQ_RUN = os.environ.get("SEQ_RUN", "seq-run")
SEQ_FILE = os.path.join(EXAMPLE, "seq2seq.seq")


def reference():
    """The trained model, the sample batch and PyTorch's greedy decoding."""
    torch.set_num_threads(1)
    torch.manual_seed(0)
    net = m.Seq2Seq()
    export.train(net, TRAIN_STEPS, 0, log=False)
    net.eval()
    src, lengths = export.sample_batch(SOURCES)
    src_t, lengths_t = torch.from_numpy(src).long(), torch.from_numpy(lengths).long()
    with torch.no_grad():
        encoded = [t.numpy() for t in net.encoder(src_t, lengths_t)]
    tokens, steps = net.greedy(src_t, lengths_t, m.max_steps(src.shape[1]))
    steps = [[t.numpy() for t in step] for step in steps]
    return net, src, lengths, encoded, tokens.numpy(), steps


def compare(label, got, want):
    if got.shape != want.shape:
        print(f"{label}: shape {got.shape}, expected {want.shape} MISMATCH")
        return False
    error = np.abs(got - want)
    good = bool(np.all(error <= ATOL + RTOL * np.abs(want)))
    # of_tolerance <= 1 passes: the worst error / (ATOL + RTOL * |want|).
    print(f"{label}: max_abs {error.max():.3g} of_tolerance "
          f"{(error / (ATOL + RTOL * np.abs(want))).max():.3g} "
          f"{'ok' if good else 'MISMATCH'}")
    return good


def prepare(directory):
    net, src, lengths, encoded, tokens, steps = reference()
    export.exportlib.save_safetensors(
        os.path.join(directory, "seq2seq.safetensors"), net.state_dict())
    np.save(os.path.join(directory, "src.npy"), src)
    np.save(os.path.join(directory, "lengths.npy"), lengths)
    arrays = {f"encoded{i}": a for i, a in enumerate(encoded)}
    arrays.update({f"step{k}_{i}": a for k, step in enumerate(steps)
                   for i, a in enumerate(step)})
    np.savez(os.path.join(directory, "reference.npz"), tokens=tokens,
             **arrays)


def load_reference(directory):
    """PyTorch's results as prepare() saved them: encoder outputs, greedy
    tokens [B, steps] and (logits, h, c) per step."""
    with np.load(os.path.join(directory, "reference.npz")) as z:
        tokens = z["tokens"]
        encoded = [z[f"encoded{i}"] for i in range(3)]
        steps = [[z[f"step{k}_{i}"] for i in range(3)]
                 for k in range(tokens.shape[1])]
    return encoded, tokens, steps


def seq_run(directory, entry, inputs, out):
    command = [SEQ_RUN, SEQ_FILE, "--weights",
               os.path.join(directory, "seq2seq.safetensors"),
               f"--entry={entry}", "--output-dir", out, "--print-values", "0"]
    command += [f"--input={name}={path}" for name, path in inputs]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return [np.load(os.path.join(out, f"result{i}.npy")) for i in range(3)]


def check_seq_run(directory):
    encoded, tokens, steps = load_reference(directory)
    ok = True
    out = os.path.join(directory, "jit", "encode")
    os.makedirs(out, exist_ok=True)
    lengths = os.path.join(directory, "lengths.npy")
    got = seq_run(directory, "encode",
                  [("src", os.path.join(directory, "src.npy")),
                   ("lengths", lengths)], out)
    for name, g, w in zip(("states", "h", "c"), got, encoded):
        ok &= compare(f"encode {name}", g, w)
    states = os.path.join(out, "result0.npy")
    h, c = os.path.join(out, "result1.npy"), os.path.join(out, "result2.npy")
    prev = np.full((len(SOURCES), 1), m.BOS, np.int32)
    for k in range(min(JIT_STEPS, len(steps))):
        out = os.path.join(directory, "jit", f"step{k}")
        os.makedirs(out, exist_ok=True)
        prev_path = os.path.join(out, "prev.npy")
        np.save(prev_path, prev)
        got = seq_run(directory, "decode_step",
                      [("prev", prev_path), ("h", h), ("c", c),
                       ("states", states), ("lengths", lengths)], out)
        for name, g, w in zip(("logits", "h", "c"), got, steps[k]):
            ok &= compare(f"step {k} {name}", g, w)
        # The next step is fed with seq-run's own state and argmax.
        h, c = os.path.join(out, "result1.npy"), os.path.join(out, "result2.npy")
        prev = got[0].argmax(-1).astype(np.int32)
        if not np.array_equal(prev[:, 0], tokens[:, k]):
            print(f"step {k} argmax {prev[:, 0]}, expected {tokens[:, k]} "
                  "MISMATCH")
            ok = False
    print("seq-run: all ok" if ok else "seq-run: FAILED")
    return 0 if ok else 1


def check_aot(directory):
    _, tokens, steps = load_reference(directory)
    batch, count = tokens.shape
    ok = True
    got_tokens = np.fromfile(os.path.join(directory, "tokens.bin"), np.int32)
    if got_tokens.size != tokens.size:
        print(f"tokens: {got_tokens.size // batch} steps, expected {count} "
              "MISMATCH")
        return 1
    got_tokens = got_tokens.reshape(tokens.shape)
    equal = np.array_equal(got_tokens, tokens)
    print(f"tokens: {count} steps, {'equal' if equal else 'MISMATCH'}")
    if not equal:
        print(f"  seqc  {got_tokens.tolist()}\n  torch {tokens.tolist()}")
    ok &= equal
    for i, name in enumerate(("logits", "h", "c")):
        want = np.stack([step[i] for step in steps])
        got = np.fromfile(os.path.join(directory, f"{name}.bin"), np.float32)
        ok &= compare(name, got.reshape(want.shape) if got.size == want.size
                      else got, want)
    print("aot: all ok" if ok else "aot: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit({"prepare": prepare, "check-seq-run": check_seq_run,
              "check-aot": check_aot}[sys.argv[1]](*sys.argv[2:]) or 0)
