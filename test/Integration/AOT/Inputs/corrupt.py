"""corrupt.py DIR: writes the broken weight files of errors.mlir into DIR."""

import json
import os
import struct
import sys

import numpy as np

from safetensors_writer import save

directory = sys.argv[1]


def raw(name, header, data=b""):
    text = json.dumps(header).encode()
    with open(os.path.join(directory, name), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


# 12 bytes for an F32 [2, 2].
raw("short.safetensors",
    {"x": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 12]}},
    bytes(12))
# Overlapping tensors.
raw("overlap.safetensors",
    {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
     "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}},
    bytes(12))
# A header length far past the end of the file.
with open(os.path.join(directory, "length.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", 1 << 40) + b"{}")
# Valid files that do not fit Inputs/encoder.mlir.
save(os.path.join(directory, "partial.safetensors"),
     {"embed.weight": np.zeros((50, 16), np.float32)})
save(os.path.join(directory, "shape.safetensors"),
     {"head.weight": np.zeros((16, 4), np.float32)})
save(os.path.join(directory, "dtype.safetensors"),
     {"head.weight": np.zeros((4, 16), np.int32)})
