# RUN: %python %s
# seq.softmax along several axes (negative ones too) against torch.softmax.
import torch

import seqtest

torch.manual_seed(0)
S = seqtest.Suite("softmax")


def case(name, x, axis, dyn):
    want = torch.softmax(x.double(), axis).numpy()
    x = x.numpy()

    def mlir(T):
        return seqtest.func([("x", T(x, *dyn))],
                            f"%y = seq.softmax %x, axis = {axis} : {T(x, *dyn)}",
                            [("y", T(want, *dyn))])
    S.case(name, mlir, [x], [want])


x3 = torch.randn(2, 5, 7)
for axis in (-1, 2, 1, -2, 0, -3):
    case(f"softmax/[B,T,D]/axis={axis}", x3, axis, [0, 1])
x4 = torch.randn(2, 3, 4, 6) * 2
for axis in (-1, 3, 1):
    case(f"softmax/[B,H,Sq,Sk]/axis={axis}", x4, axis, [0, 2, 3])
case("softmax/[N]/axis=0", torch.randn(9), 0, [0])
case("softmax/[B,T,1]/axis=-1", torch.randn(2, 5, 1), -1, [0, 1])
# Logits up to ~±150: exp overflows f32 unless the row max is subtracted.
big = torch.randn(2, 5, 7) * 50
case("softmax/large_logits/axis=-1", big, -1, [0, 1])
case("softmax/large_logits/axis=1", big, 1, [0, 1])

S.finish()
