"""Compares the .text sizes of two ELF objects: prints
'.text ratio R: within M' when size(second) <= M * size(first), and exits
non-zero otherwise."""

import argparse
import struct
import sys


def text_size(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        sys.exit(f"{path}: not a 64-bit ELF object")
    endian = "<" if data[5] == 1 else ">"
    shoff, = struct.unpack_from(endian + "Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from(endian + "HHH", data, 0x3A)
    def section(i):
        return struct.unpack_from(endian + "IIQQQQIIQQ", data, shoff + i * shentsize)
    names = section(shstrndx)
    total = 0
    for i in range(shnum):
        name, _, flags, _, _, size, *_ = section(i)
        end = data.index(b"\0", names[4] + name)
        if data[names[4] + name:end].startswith(b".text"):
            total += size
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--max-ratio", type=float, required=True)
    args = parser.parse_args()
    a, b = text_size(args.first), text_size(args.second)
    ratio = b / a
    print(f"{args.first}: {a} bytes, {args.second}: {b} bytes")
    if ratio > args.max_ratio:
        sys.exit(f".text ratio {ratio:.3f}: over {args.max_ratio}")
    print(f".text ratio {ratio:.3f}: within {args.max_ratio}")


if __name__ == "__main__":
    main()
