"""call_decoder.py LIB.so DIR OUT.npy [--batch-dim N]

Calls seqc_decoder of LIB.so (decoder.seq compiled by `seqc --emit=shared`)
through ctypes on DIR/{tgt,memory,tgt_lengths,memory_lengths}.npy, prints
its status and writes the output to OUT.npy. With --batch-dim N the batch
passed is N instead of the inputs' (to check the status of a bad dim).
"""

import ctypes
import os
import sys

import numpy as np

D_MODEL = 256


def main():
    library, directory, output = sys.argv[1:4]
    batch_dim = int(sys.argv[5]) if sys.argv[4:5] == ["--batch-dim"] else None
    load = lambda name: np.ascontiguousarray(
        np.load(os.path.join(directory, name + ".npy")))
    tgt, memory = load("tgt").astype(np.float32), load("memory").astype(np.float32)
    tgt_lengths = load("tgt_lengths").astype(np.int64)
    memory_lengths = load("memory_lengths").astype(np.int64)
    batch, tgt_seq, _ = tgt.shape
    mem_seq = memory.shape[1]
    out = np.full((batch, tgt_seq, D_MODEL), np.nan, np.float32)

    decoder = ctypes.CDLL(os.path.abspath(library)).seqc_decoder
    pointer = lambda array: array.ctypes.data_as(ctypes.c_void_p)
    decoder.restype = ctypes.c_int
    decoder.argtypes = [ctypes.c_int64] * 3 + [ctypes.c_void_p] * 5
    status = decoder(batch if batch_dim is None else batch_dim, tgt_seq,
                     mem_seq, pointer(tgt), pointer(memory),
                     pointer(tgt_lengths), pointer(memory_lengths),
                     pointer(out))
    print(f"seqc_decoder status {status}")
    np.save(output, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
