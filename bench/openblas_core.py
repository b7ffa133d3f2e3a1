"""OpenBLAS kernels for the CPU the benchmarks run on.

Debian's OpenBLAS (a DYNAMIC_ARCH build, which PyTorch's matmuls run on)
picks its kernels by CPU model. On a CPU newer than it knows (the Emerald
Rapids Xeon of these machines, family 6 model 207) it falls back to its
Prescott (SSE3) kernels: torch.mm runs 4x below what the CPU does, and every
PyTorch figure with it. Before torch is imported, choose() asks OpenBLAS
which kernels it would pick and, if that is a fallback while the CPU has
AVX-512 (or AVX2), sets OPENBLAS_CORETYPE to SkylakeX (or Haswell) for this
process, so that PyTorch is measured at its best. An OPENBLAS_CORETYPE set
by the user is left alone.
"""

import os
import subprocess
import sys

_FALLBACKS = {"prescott", "core2", "penryn", "dunnington", "nehalem",
              "atom", "katmai", "coppermine", "northwood", "banias"}

_PROBE = ("import ctypes\n"
          "lib = ctypes.CDLL('libopenblas.so.0')\n"
          "lib.openblas_get_corename.restype = ctypes.c_char_p\n"
          "print(lib.openblas_get_corename().decode())\n")


def _cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def choose():
    """Sets OPENBLAS_CORETYPE when OpenBLAS would fall back; returns a line
    saying which kernels PyTorch's OpenBLAS uses, for the tables."""
    if "OPENBLAS_CORETYPE" in os.environ:
        return f"OpenBLAS core {os.environ['OPENBLAS_CORETYPE']} " \
               f"(OPENBLAS_CORETYPE set by the caller)"
    try:
        core = subprocess.run([sys.executable, "-c", _PROBE], check=True,
                              capture_output=True, text=True,
                              timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "OpenBLAS core unknown (libopenblas.so.0 not found)"
    if core.lower() not in _FALLBACKS:
        return f"OpenBLAS core {core}"
    flags = _cpu_flags()
    wanted = ("SkylakeX" if "avx512f" in flags else
              "Haswell" if "avx2" in flags else None)
    if wanted is None:
        return f"OpenBLAS core {core}"
    os.environ["OPENBLAS_CORETYPE"] = wanted
    return (f"OpenBLAS core {wanted} (it picked {core}, a fallback for a CPU "
            f"it does not know; set OPENBLAS_CORETYPE={wanted})")
