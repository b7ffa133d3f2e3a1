"""How long seqc takes to compile real-size models, and how much memory.

    /usr/bin/python3 bench/compile/bench.py [--seqc build/bin/seqc]
        [--seq-run build/bin/seq-run] [--rows 1,6,12,bert,first-run]
        [--repeat 3] [--work DIR]

Rows: TransformerEncoder stacks as users write them (a `for` loop over a
block, every layer with its own weights, embedded): d512 h8 ff2048 with 1,
6 and 12 layers, and 12 layers of d768 h12 ff3072 (BERT-base size); and the
first call of the example 4-layer d256 encoder through `seq-run` (JIT: load,
compile, one call). Each compile runs --repeat times; the table gives the
minimum and median wall time, the peak RSS of the compiler (the maximum
over the runs), the object's .text and the weights' size.

Weights are random (torch.nn.init.normal_ per layer, so that no two layers
share a weight), written once under --work.
"""

import argparse
import os
import statistics
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "examples"))
sys.path.insert(0, os.path.join(ROOT, "bench", "models"))

LAYER = """dim d_model = {d}

block encoder_layer(x) {{
  a = multi_head_attention(x, heads={h}, weights="self_attn")
  x = layer_norm(x + a, weights="norm1")
  x = layer_norm(x + ffn(x, activation=relu, weights=""), weights="norm2")
  return x
}}

model encoder(x: f32[batch, seq, d_model]) -> f32[batch, seq, d_model] {{
  for l in 0..{layers} {{
    x = encoder_layer(x, weights="layers.{{l}}")
  }}
  return x
}}
"""

ROWS = {
    "1": (1, 512, 8, 2048),
    "6": (6, 512, 8, 2048),
    "12": (12, 512, 8, 2048),
    "bert": (12, 768, 12, 3072),
}


def write_model(work, layers, d, h, ff):
    import torch
    import exportlib
    stem = os.path.join(work, f"encoder_{layers}x{d}")
    if not os.path.exists(stem + ".safetensors"):
        torch.manual_seed(0)
        layer = torch.nn.TransformerEncoderLayer(d, h, ff, batch_first=True)
        model = torch.nn.TransformerEncoder(layer, layers,
                                            enable_nested_tensor=False)
        with torch.no_grad():
            for p in model.parameters():
                torch.nn.init.normal_(p, std=0.02)
        exportlib.save_safetensors(stem + ".safetensors", model.state_dict())
    with open(stem + ".seq", "w") as f:
        f.write(LAYER.format(d=d, h=h, layers=layers))
    return stem


def run(args):
    """Wall seconds and peak RSS (MiB) of one run of `args`."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if status != 0:
        sys.exit(f"{' '.join(args)} failed:\n{err}")
    return wall, usage.ru_maxrss / 1024.0


def text_size(path):
    with open(path, "rb") as f:
        data = f.read()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    section = lambda i: struct.unpack_from("<IIQQQQIIQQ", data,
                                           shoff + i * shentsize)
    names = section(shstrndx)[4]
    total = 0
    for i in range(shnum):
        name, _, _, _, _, size, *_ = section(i)
        if data[names + name:].startswith(b".text"):
            total += size
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seqc", default=os.path.join(ROOT, "build/bin/seqc"))
    parser.add_argument("--seq-run",
                        default=os.path.join(ROOT, "build/bin/seq-run"))
    parser.add_argument("--rows", default="1,6,12,bert,first-run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", default=os.path.join(ROOT, "build",
                                                       "bench-compile"))
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    from bench import cpu_info
    name, features = cpu_info()
    print(f"CPU: {name} ({', '.join(features)}), {os.cpu_count()} cores")
    print()
    print("| model | seqc s (min / median) | peak RSS MiB | weights MiB "
          "| RSS / weights | .text KB |")
    print("| --- | --- | --- | --- | --- | --- |")
    texts = {}
    for row in args.rows.split(","):
        if row == "first-run":
            continue
        layers, d, h, ff = ROWS[row]
        stem = write_model(args.work, layers, d, h, ff)
        weights = os.path.getsize(stem + ".safetensors") / 2**20
        walls, rss = [], 0.0
        for _ in range(args.repeat):
            wall, peak = run([args.seqc, stem + ".seq",
                              "--weights=" + stem + ".safetensors",
                              "-o", stem + ".o"])
            walls.append(wall)
            rss = max(rss, peak)
        texts[row] = text_size(stem + ".o")
        print(f"| {layers} layer{'s' if layers > 1 else ''} d{d} h{h} ff{ff} "
              f"| {min(walls):.2f} / {statistics.median(walls):.2f} "
              f"| {rss:.0f} | {weights:.0f} | {rss / weights:.2f} "
              f"| {texts[row] / 1024:.0f} |", flush=True)
    if "1" in texts and "12" in texts:
        print(f"\n.text of 12 layers / 1 layer (d512): "
              f"{texts['12'] / texts['1']:.2f}")

    if "first-run" in args.rows.split(","):
        import numpy as np
        stem = write_model(args.work, 4, 256, 4, 1024)
        x = os.path.join(args.work, "x.npy")
        np.save(x, np.random.default_rng(0).standard_normal(
            (8, 64, 256)).astype(np.float32))
        walls = [run([args.seq_run, stem + ".seq",
                      "--weights", stem + ".safetensors", "--input", x])[0]
                 for _ in range(args.repeat)]
        print(f"\nseq-run, example-size encoder (4 layers d256, B8 S64), "
              f"load + compile + first call: {min(walls):.2f} s min, "
              f"{statistics.median(walls):.2f} s median")


if __name__ == "__main__":
    main()
