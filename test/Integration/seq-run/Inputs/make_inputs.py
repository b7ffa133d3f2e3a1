"""Writes the .npy inputs of the seq-run tests, well-formed and malformed,
into the directory given as the only argument."""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def save(name, array):
    np.save(os.path.join(out, name), array)


def raw(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


a23 = np.arange(6, dtype=np.float32).reshape(2, 3) / 10
save("a23.npy", a23)
save("b23.npy", np.ones((2, 3), dtype=np.float32))
save("a43.npy", np.arange(12, dtype=np.float32).reshape(4, 3))
save("a13.npy", np.array([[1.5, -2.0, 3.25]], dtype=np.float32))
save("a03.npy", np.zeros((0, 3), dtype=np.float32))
save("a24.npy", np.arange(8, dtype=np.float32).reshape(2, 4))
save("a4.npy", np.array([1, 2, 3, 4], dtype=np.float32))
save("a34.npy", np.arange(12, dtype=np.float32).reshape(3, 4))
save("bias3.npy", np.array([10, 20, 30], dtype=np.float32))
save("scalar.npy", np.array(2.5, dtype=np.float32))
save("i32.npy", np.array([5, -6, 7], dtype=np.int32))
save("i32x2.npy", np.array([3, 1], dtype=np.int32))
save("i64.npy", np.array([1, 2**40, -3], dtype=np.int64))
save("i64x2.npy", np.array([3, 1], dtype=np.int64))
save("bool.npy", np.array([True, False, True, True]))
save("f64.npy", np.ones((2, 3), dtype=np.float64))
save("fortran.npy", np.asfortranarray(a23))
save("bigendian.npy", a23.astype(">f4"))

good = open(os.path.join(out, "a23.npy"), "rb").read()
raw("empty.npy", b"")
raw("truncated.npy", good[:30])
raw("badmagic.npy", b"\x93NUMPZ" + good[6:])
header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (2 3), }"
header += b" " * (64 - 10 - len(header) - 1) + b"\n"
raw("badheader.npy",
    b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header +
    good[128:])
raw("short.npy", good[:-4])
raw("long.npy", good + b"\0\0\0\0")
