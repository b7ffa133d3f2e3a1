# RUN: %python %s %t.seq
# RUN: seq-front %t.seq | grep -c "seq.add" | FileCheck %s --check-prefix=ADDS
# RUN: seq-front %t.seq | grep -c "seq.mul" | FileCheck %s --check-prefix=MULS
# ADDS: 100000
# MULS: 100000
#
# Left-associative chains of 100,000 terms, as generated files have them:
# evaluated and freed in loops, not one stack frame per term (they once
# overflowed the stack of the front end).
import sys

n = 100000
with open(sys.argv[1], "w") as f:
    f.write("model m(x: f32[n]) -> f32[n] {\n")
    f.write("  y = x" + " + x" * n + "\n")
    f.write("  return y * 2.0" + " * 3.0" * (n - 1) + "\n}\n")
