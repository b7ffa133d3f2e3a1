# RUN: %python %s
# seq.layer_norm against torch.nn.LayerNorm; seq.rms_norm against
# x / sqrt(mean(x^2, -1) + eps) * w (torch 1.13 has no RMSNorm). float64.
import numpy as np
import torch

import seqtest

torch.manual_seed(0)
S = seqtest.Suite("norms")


def case(name, op, x, weight=None, bias=None, eps=None):
    """eps=None: the op's default (attribute omitted)."""
    xd = x.double()
    if op == "layer_norm":
        e = float(np.float32(1e-5 if eps is None else eps))
        ln = torch.nn.LayerNorm(x.shape[-1], eps=e,
                                elementwise_affine=weight is not None).double()
        if weight is not None:
            with torch.no_grad():
                ln.weight.copy_(weight)
                ln.bias.copy_(bias)
        with torch.no_grad():
            want = ln(xd).numpy()
    else:
        e = float(np.float32(1e-6 if eps is None else eps))
        want = xd / torch.sqrt(xd.pow(2).mean(-1, keepdim=True) + e)
        want = (want * weight.double() if weight is not None else want).numpy()
    operands = [(n, t.numpy()) for n, t in (("weight", weight), ("bias", bias)) if t is not None]
    x = x.numpy()
    dyn = range(x.ndim - 1)

    def mlir(T):
        tx = T(x, *dyn)
        args = "".join(f" {n}(%{n} : {T(a)})" for n, a in operands)
        attr = "" if eps is None else f" {{epsilon = {seqtest.flt(eps)} : f32}}"
        return seqtest.func([("x", tx)] + [(n, T(a)) for n, a in operands],
                            f"%y = seq.{op} %x{args}{attr} : {tx}", [("y", T(want, *dyn))])
    S.case(name, mlir, [x] + [a for _, a in operands], [want])


D = 32
x = torch.randn(2, 5, D)
g, b = torch.randn(D), torch.randn(D)
case("layer_norm/affine", "layer_norm", x, g, b)
case("layer_norm/no_affine", "layer_norm", x)
case("layer_norm/affine,[N,D]", "layer_norm", torch.randn(6, D) * 4, g, b)
# Small variance so that epsilon matters: eps=1e-2 vs var ~2.5e-3.
small = torch.randn(2, 5, D) * 0.05
case("layer_norm/eps=1e-2,small_var", "layer_norm", small, g, b, eps=1e-2)
case("layer_norm/eps=1e-5_explicit,no_affine", "layer_norm", x, eps=1e-5)
# Mean 20, std 1: a variance computed as E[x^2] - E[x]^2 loses digits here.
case("layer_norm/mean_offset=20", "layer_norm", x + 20, g, b)
case("layer_norm/constant_rows", "layer_norm", torch.full((2, 3, D), 1.5), g, b)

case("rms_norm/weight", "rms_norm", x, g)
case("rms_norm/no_weight", "rms_norm", x)
case("rms_norm/weight,[N,D]", "rms_norm", torch.randn(6, D) * 4, g)
case("rms_norm/eps=1e-2,small_values", "rms_norm", small, g, eps=1e-2)
case("rms_norm/zero_rows", "rms_norm", torch.zeros(2, 3, D), g)


# The residual add folded into the norm (seq-fuse-norm): layer_norm(x + r).
def residual_case(name, op, x, r, weight=None, bias=None):
    xd = (x.double() + r.double())
    if op == "layer_norm":
        want = torch.nn.functional.layer_norm(
            xd, (x.shape[-1],), None if weight is None else weight.double(),
            None if bias is None else bias.double(), eps=float(np.float32(1e-5)))
    else:
        want = xd / torch.sqrt(xd.pow(2).mean(-1, keepdim=True) + float(np.float32(1e-6)))
        if weight is not None:
            want = want * weight.double()
    want = want.numpy()
    operands = [(n, t.numpy()) for n, t in (("weight", weight), ("bias", bias)) if t is not None]
    x, r = x.numpy(), r.numpy()
    dyn = range(x.ndim - 1)

    def mlir(T):
        tx = T(x, *dyn)
        args = "".join(f" {n}(%{n} : {T(a)})" for n, a in operands)
        body = (f"%s = seq.add %x, %r : {tx}, {tx}\n"
                f"  %y = seq.{op} %s{args} : {tx}")
        return seqtest.func([("x", tx), ("r", tx)] + [(n, T(a)) for n, a in operands],
                            body, [("y", T(want, *dyn))])
    S.case(name, mlir, [x, r] + [a for _, a in operands], [want])


# Row lengths that do not divide the vector width (8 or 16 lanes) nor the
# four-accumulator groups, rows that do not fill a block of 8, and long rows.
for Dr in (1, 7, 19, 40, 100, 257, 1000):
    gr, br = torch.randn(Dr), torch.randn(Dr)
    rows = torch.randn(3, 11, Dr) * 3 + 1
    case(f"layer_norm/ragged,D={Dr}", "layer_norm", rows, gr, br)
    case(f"rms_norm/ragged,D={Dr}", "rms_norm", rows, gr)
    residual_case(f"layer_norm/residual,D={Dr}", "layer_norm", rows,
                  torch.randn(3, 11, Dr), gr, br)
residual_case("layer_norm/residual,no_affine", "layer_norm", x, torch.randn(2, 5, D))
residual_case("rms_norm/residual", "rms_norm", x, torch.randn(2, 5, D), g)
residual_case("layer_norm/residual,[N,D]", "layer_norm", torch.randn(13, 512),
              torch.randn(13, 512), torch.randn(512), torch.randn(512))

S.finish()
