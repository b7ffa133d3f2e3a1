# RUN: %python %s
# seq.linear against torch.nn.Linear (float64 reference).
import torch

import seqtest

torch.manual_seed(0)
S = seqtest.Suite("linear")


def case(name, x, out_features, bias, dyn):
    """x's dims `dyn` (its batch dims) are dynamic in the dynamic variant."""
    lin = torch.nn.Linear(x.shape[-1], out_features, bias=bias)
    with torch.no_grad():
        want = lin.double()(x.double()).numpy()
    w = lin.weight.detach().float().numpy()
    b = lin.bias.detach().float().numpy() if bias else None
    x = x.numpy()

    def mlir(T):
        tx, tw = T(x, *dyn), T(w)
        if b is None:
            return seqtest.func([("x", tx), ("w", tw)], f"%y = seq.linear %x, %w : {tx}, {tw}",
                                [("y", T(want, *dyn))])
        return seqtest.func([("x", tx), ("w", tw), ("b", T(b))],
                            f"%y = seq.linear %x, %w, %b : {tx}, {tw}, {T(b)}",
                            [("y", T(want, *dyn))])
    S.case(name, mlir, [x, w] + ([b] if b is not None else []), [want])


for bias in (True, False):
    tag = "bias" if bias else "no_bias"
    case(f"linear/2d/{tag}", torch.randn(6, 24), 12, bias, [0])
    case(f"linear/3d/{tag}", torch.randn(2, 5, 24), 12, bias, [0, 1])
case("linear/4d/bias", torch.randn(2, 3, 4, 16), 8, True, [0, 2])
case("linear/3d/out=1", torch.randn(2, 5, 16), 1, True, [0, 1])
case("linear/3d/wide,in=96", torch.randn(2, 3, 96), 40, True, [0, 1])

S.finish()
