# RUN: %python %s
# seq.activation: every kind against torch (float64 reference).
import torch

import seqtest

torch.manual_seed(0)
S = seqtest.Suite("activation")
F = torch.nn.functional
TORCH = {
    "relu": torch.relu,
    "gelu": torch.nn.GELU(),
    "gelu_tanh": torch.nn.GELU(approximate="tanh"),
    "silu": F.silu,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
}


def case(name, kind, x, dyn):
    want = TORCH[kind](x.double()).numpy()
    x = x.numpy()

    def mlir(T):
        return seqtest.func([("x", T(x, *dyn))],
                            f"%y = seq.activation {kind} %x : {T(x, *dyn)}",
                            [("y", T(want, *dyn))])
    S.case(name, mlir, [x], [want])


x3 = torch.randn(2, 5, 16) * 3
x2 = torch.randn(6, 12)
# Saturated and overflow-prone arguments: exp(±100) overflows f32, so
# formulas such as (e^2x - 1)/(e^2x + 1) give NaN there.
extreme = torch.tensor([-100.0, -88.7, -50.0, -20.0, -9.0, -5.0, -1e-3, -1e-7, 0.0,
                        1e-7, 1e-3, 5.0, 9.0, 20.0, 50.0, 88.7, 100.0]).reshape(1, 17)
for kind in TORCH:
    case(f"activation/{kind}/[B,T,D]", kind, x3, [0, 1])
    case(f"activation/{kind}/[N,D]", kind, x2, [0])
    case(f"activation/{kind}/extreme_values", kind, extreme, [0])

S.finish()
