"""decode_step with a key/value cache: Seqc against PyTorch's incremental
decoding, same machine, same run.

    /usr/bin/python3 bench/decode/bench.py [--seqc build/bin/seqc]
        [--batches 1,8] [--cache 16,128,512] [--threads 1,2] [--src 128]
        [--repeat 20] [--warmup 3] [--work DIR]

The model is one step of a 6-layer nn.TransformerDecoder
(TransformerDecoderLayer(512, 8, 2048, batch_first=True), post-norm, ReLU;
random weights, seed 0) as examples/transformer_translate decodes: the new
token's self-attention keys and values are written into [6, B, 8, S_max, 64]
caches at its position, it attends to the CACHE_LEN tokens before it and
itself, and to a memory of --src tokens through cross-attention keys and
values computed once per source. Seqc: decode_step.seq compiled by seqc
(embedded weights), called from C (driver.c) with the caches as in/out
arrays. PyTorch: the same algorithm on the same tensors
(decoder_step of examples/transformer_translate/model.py: in-place writes
into the caches, attention over the prefix), under torch.no_grad, with its
and OpenBLAS's threads set. Every row checks Seqc's output and updated caches
against PyTorch's (1e-4 relative). Times in ms, min and median of --repeat
calls after --warmup; the last column is PyTorch's min / Seqc's min.
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "examples"))
sys.path.insert(0, os.path.join(ROOT, "examples", "transformer_translate"))
sys.path.insert(0, os.path.join(ROOT, "bench", "models"))

# bench/models/bench.py first: it chooses OpenBLAS's kernels before torch
# loads it.
from bench import (OPENBLAS_CORE, cpu_info, set_torch_threads,  # noqa: E402
                   time_calls)
import exportlib  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import model as translate  # noqa: E402

E, HEADS, FFN, LAYERS = 512, 8, 2048, 6


def parse_list(text):
    return [int(v) for v in text.split(",") if v]


def build_decoder():
    torch.manual_seed(0)
    layer = torch.nn.TransformerDecoderLayer(E, HEADS, FFN, dropout=0.0,
                                             batch_first=True)
    return torch.nn.TransformerDecoder(layer, LAYERS).eval()


def compile_seqc(args, decoder):
    weights = os.path.join(args.work, "decoder.safetensors")
    exportlib.save_safetensors(weights, decoder.state_dict())
    obj = os.path.join(args.work, "model.o")
    subprocess.run([args.seqc, os.path.join(HERE, "decode_step.seq"),
                    "--weights", weights, "-o", obj, "--header",
                    os.path.join(args.work, "model.h")], check=True)
    driver = os.path.join(args.work, "driver")
    subprocess.run([os.environ.get("CC", "cc"), "-std=c11", "-O2",
                    "-I" + args.work, os.path.join(HERE, "driver.c"), obj,
                    "-lm", "-o", driver], check=True)
    return driver


def make_inputs(batch, cache_len, src_len):
    g = torch.Generator().manual_seed(1000 * batch + cache_len)
    x = torch.randn(batch, 1, E, generator=g)
    memory_k = torch.randn(LAYERS, batch, HEADS, src_len, E // HEADS,
                           generator=g)
    memory_v = torch.randn(LAYERS, batch, HEADS, src_len, E // HEADS,
                           generator=g)
    shape = (LAYERS, batch, HEADS, cache_len + 1, E // HEADS)
    k_cache = torch.randn(shape, generator=g)
    v_cache = torch.randn(shape, generator=g)
    k_cache[:, :, :, cache_len] = 0
    v_cache[:, :, :, cache_len] = 0
    return x, memory_k, memory_v, k_cache, v_cache


def close(got, want):
    return bool(np.all(np.abs(got - want) <= 1e-4 + 1e-4 * np.abs(want)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seqc", default=os.path.join(ROOT, "build", "bin",
                                                       "seqc"))
    parser.add_argument("--batches", type=parse_list, default=[1, 8])
    parser.add_argument("--cache", type=parse_list, default=[16, 128, 512])
    parser.add_argument("--threads", type=parse_list, default=[1, 2])
    parser.add_argument("--src", type=int, default=128)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--work", default="/tmp/seqc-bench-decode")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    name, features = cpu_info()
    print(f"bench/decode: decode_step with a key/value cache, 6 x "
          f"TransformerDecoderLayer(512, 8, 2048), memory {args.src} tokens; "
          f"CPU: {name} ({os.cpu_count()} CPUs), {' '.join(features)}")
    print(f"PyTorch {torch.__version__} ({OPENBLAS_CORE}); {args.repeat} "
          f"timed calls after "
          f"{args.warmup} warm-ups; times in ms; x torch = PyTorch's min / "
          f"Seqc's min; err = max abs error of Seqc's output against "
          f"PyTorch's")
    decoder = build_decoder()
    driver = compile_seqc(args, decoder)
    print()
    print(f"{'batch':>5} {'cache':>5} {'thr':>3} | {'seqc min':>9} "
          f"{'med':>8} | {'torch min':>9} {'med':>8} | {'x torch':>7} | "
          f"{'err':>8}")
    print("-" * 75)
    failed = False
    for batch in args.batches:
        for cache_len in args.cache:
            x, memory_k, memory_v, k_cache, v_cache = make_inputs(
                batch, cache_len, args.src)
            inputs = os.path.join(args.work, "inputs.bin")
            with open(inputs, "wb") as f:
                for t in (x, memory_k, memory_v, k_cache, v_cache):
                    f.write(t.numpy().astype(np.float32).tobytes())
            # PyTorch's step on copies of the caches: the reference.
            kc, vc = k_cache.clone(), v_cache.clone()
            with torch.no_grad():
                want = translate.decoder_step(decoder.layers, x, cache_len,
                                              None, memory_k, memory_v, kc,
                                              vc).numpy()
            for threads in args.threads:
                out = os.path.join(args.work, "out.bin")
                run = subprocess.run(
                    [driver, str(batch), str(cache_len), str(args.src),
                     str(threads), str(args.repeat), str(args.warmup),
                     inputs, out], check=True, capture_output=True, text=True)
                seqc_min, seqc_med = (float(v) for v in run.stdout.split())
                got = np.fromfile(out, np.float32)
                n = x.numel()
                ok = (close(got[:n].reshape(want.shape), want) and
                      close(got[n:n + kc.numel()], kc.numpy().ravel()) and
                      close(got[n + kc.numel():], vc.numpy().ravel()))
                err = float(np.abs(got[:n] - want.ravel()).max())
                failed |= not ok

                set_torch_threads(threads)
                kt, vt = k_cache.clone(), v_cache.clone()

                def step():
                    with torch.no_grad():
                        translate.decoder_step(decoder.layers, x, cache_len,
                                               None, memory_k, memory_v, kt,
                                               vt)
                torch_min, torch_med = time_calls(step, args.repeat,
                                                  args.warmup)
                print(f"{batch:>5} {cache_len:>5} {threads:>3} | "
                      f"{seqc_min:>9.3f} {seqc_med:>8.3f} | {torch_min:>9.3f} "
                      f"{torch_med:>8.3f} | {torch_min / seqc_min:>6.2f}x | "
                      f"{err:>8.1e}" + ("" if ok else "  MISMATCH"),
                      flush=True)
    if failed:
        sys.exit("bench/decode: Seqc's step differs from PyTorch's")


if __name__ == "__main__":
    main()
