"""check_undefined.py OBJECT: every symbol OBJECT leaves undefined must be
defined by libc, libm or the dynamic loader, i.e. `cc main.c OBJECT -lm`
needs nothing else. Prints the undefined symbols, one per line."""

import subprocess
import sys

LIBRARIES = ["/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
             "/lib64/ld-linux-x86-64.so.2"]


def symbols(args):
    out = subprocess.run(["nm"] + args, check=True, capture_output=True,
                         text=True).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines()
            if line.strip()}


undefined = symbols(["--undefined-only", sys.argv[1]])
provided = set()
for library in LIBRARIES:
    provided |= symbols(["-D", "--defined-only", library])
missing = sorted(undefined - provided)
for name in sorted(undefined):
    print("undefined:", name)
if missing:
    print("not in libc/libm:", " ".join(missing))
    sys.exit(1)
print("only libc/libm")
