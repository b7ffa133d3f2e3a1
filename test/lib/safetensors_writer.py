"""Writes .safetensors files for tests, without the safetensors package.

The format: an 8-byte little-endian header length, a JSON header
{name: {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative
to the end of the header) and the tensor bytes, in header order.

    from safetensors_writer import save, save_state_dict
    save("w.safetensors", {"fc.weight": np.zeros((4, 3), np.float32)})
    save_state_dict("w.safetensors", torch_module.state_dict())

Values may be numpy arrays (float32, float16, int32, int64, bool) or torch
tensors (bfloat16 is kept as BF16). `dtype="F16"` or `dtype="BF16"` converts
float arrays on the way out; a value `(array, "F16")` sets one tensor's dtype.
"""

import json
import struct

import numpy as np

_NP_DTYPES = {
    np.dtype(np.float32): "F32",
    np.dtype(np.float16): "F16",
    np.dtype(np.float64): "F64",
    np.dtype(np.int32): "I32",
    np.dtype(np.int64): "I64",
    np.dtype(np.bool_): "BOOL",
}


def _bf16_bytes(array):
    """float32 array -> BF16 bytes (round to nearest even)."""
    bits = np.ascontiguousarray(array, dtype=np.float32).view(np.uint32)
    rounded = bits + 0x7FFF + ((bits >> 16) & 1)
    return (rounded >> 16).astype("<u2").tobytes()


def _encode(value, dtype=None):
    """(dtype name, shape, bytes) of a numpy array or torch tensor."""
    if hasattr(value, "detach"):  # a torch tensor
        import torch
        value = value.detach().cpu()
        if value.dtype == torch.bfloat16:
            array = value.float().numpy()
            return "BF16", list(array.shape), _bf16_bytes(array)
        value = value.numpy()
    array = np.asarray(value)
    if dtype == "BF16":
        return "BF16", list(array.shape), _bf16_bytes(array)
    if dtype == "F16":
        array = array.astype(np.float16)
    elif dtype is not None:
        inverse = {v: k for k, v in _NP_DTYPES.items()}
        array = array.astype(inverse[dtype])
    name = _NP_DTYPES[array.dtype]
    data = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"))
    return name, list(array.shape), data.tobytes()


def save(path, tensors, dtype=None, metadata=None):
    """Writes `tensors` ({name: array}) to `path`."""
    header = {}
    blobs = []
    offset = 0
    for name, value in tensors.items():
        if isinstance(value, tuple):
            kind, shape, data = _encode(*value)
        else:
            kind, shape, data = _encode(value, dtype)
        header[name] = {"dtype": kind, "shape": shape,
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)  # align the data, as safetensors does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def save_state_dict(path, state_dict, dtype=None):
    """Writes a torch state_dict under its own names."""
    save(path, dict(state_dict.items()), dtype)


def random_weights(shapes, seed=0, dtype=None):
    """{name: float32 array} with the given shapes, for tests that only
    check shapes and names."""
    rng = np.random.default_rng(seed)
    return {name: rng.standard_normal(shape).astype(np.float32)
            for name, shape in shapes.items()}
