#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, from the tests and examples.

    seeds.py ROOT OUT    writes OUT/<target>/... for every target of
                         test/fuzz (ROOT is the source tree)
"""
import glob
import os
import subprocess
import sys

import numpy as np


def write(d, name, data):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def main(root, out):
    # .seq: every test and example model.
    for i, p in enumerate(sorted(glob.glob(f"{root}/test/**/*.seq", recursive=True) +
                                 glob.glob(f"{root}/examples/**/*.seq", recursive=True) +
                                 glob.glob(f"{root}/bench/**/*.seq", recursive=True))):
        write(f"{out}/fuzz_seq_frontend", f"{i}.seq", open(p, "rb").read())
    # seq dialect: the dialect tests, split where the tests split them.
    n = 0
    for p in sorted(glob.glob(f"{root}/test/Dialect/**/*.mlir", recursive=True)):
        for part in open(p).read().split("// -----"):
            write(f"{out}/fuzz_seq_dialect", f"{n}.mlir", part)
            n += 1
    # ONNX: the hand-made models of the importer's tests.
    onnx_dir = f"{out}/fuzz_onnx"
    os.makedirs(onnx_dir, exist_ok=True)
    for script in ("import.py", "errors.py"):
        subprocess.run([sys.executable, f"{root}/test/Frontend/Onnx/{script}",
                        onnx_dir], check=True)
    for p in glob.glob(f"{onnx_dir}/*.bin"):
        os.remove(p)  # external data, not a model
    # safetensors and .npy: small files of every dtype.
    sys.path.insert(0, f"{root}/test/lib")
    import safetensors_writer
    arrays = {"f32": np.arange(6, dtype=np.float32).reshape(2, 3),
              "f16": np.ones(4, np.float16), "i64": np.arange(3, dtype=np.int64),
              "i32": np.zeros((1, 2), np.int32), "b": np.array([True, False])}
    for i, (k, a) in enumerate(arrays.items()):
        p = f"{out}/fuzz_safetensors/{i}.safetensors"
        os.makedirs(os.path.dirname(p), exist_ok=True)
        safetensors_writer.save(p, {k: a, "w.x": np.ones((2, 2), np.float32)})
        q = f"{out}/fuzz_npy/{i}.npy"
        os.makedirs(os.path.dirname(q), exist_ok=True)
        np.save(q, a)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
