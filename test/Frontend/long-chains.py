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

# 70 distinct blocks calling each other: past the nesting limit, and said
# so (it was once misreported as a block calling itself).
with open(sys.argv[1] + ".blocks.seq", "w") as f:
    for i in range(70):
        f.write(f"block b{i}(x) {{\n  return b{i + 1}(x)\n}}\n")
    f.write("block b70(x) {\n  return relu(x)\n}\n")
    f.write("model m(x: f32[n]) -> f32[n] {\n  return b0(x)\n}\n")
# RUN: not seq-front %t.seq.blocks.seq 2>&1 | FileCheck %s --check-prefix=DEEP
# DEEP: error: block calls nest more than 64 deep here (a call of block 'b64')
# DEEP-NOT: calls itself

# 4,000 unknown names in one weight string: one error, not one per name
# (which once printed 72 MB).
with open(sys.argv[1] + ".string.seq", "w") as f:
    f.write("model m(x: f32[n, 8]) -> f32[n, 8] {\n")
    f.write('  return linear(x, weights="' + "{l}" * 4000 + '")\n}\n')
# RUN: not seq-front %t.seq.string.seq 2>&1 | grep -c "error:" | FileCheck %s --check-prefix=ONE
# ONE: {{^1$}}

# 8,000 inputs and outputs: their attributes are set at once (memory grew
# with the square of their number: 1 GB at 8,000).
with open(sys.argv[1] + ".inputs.seq", "w") as f:
    n = 8000
    f.write("model m(" + ", ".join(f"x{i}: f32[n]" for i in range(n)) + ")\n")
    f.write("    -> (" + ", ".join("f32[n]" for i in range(n)) + ") {\n")
    f.write("  return " + ", ".join(f"x{i}" for i in range(n)) + "\n}\n")
# RUN: seq-front %t.seq.inputs.seq | FileCheck %s --check-prefix=WIDE
# WIDE: func.func @m(%arg0: tensor<?xf32> {seqc.dims = ["n"], seqc.name = "x0"},
# WIDE-SAME: %arg7999: tensor<?xf32> {seqc.dims = ["n"], seqc.name = "x7999"})
# WIDE-SAME: {seqc.dims = ["n"], seqc.name = "out7999"})
