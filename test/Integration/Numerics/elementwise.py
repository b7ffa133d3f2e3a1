# RUN: %python %s
# seq.add / seq.mul with numpy broadcasting and f32 scalar operands.
import numpy as np
import torch

import seqtest

torch.manual_seed(0)
S = seqtest.Suite("elementwise")
B, T, D = 2, 5, 8


def case(name, op, lhs, rhs, ldyn=(), rdyn=(), odyn=(0, 1)):
    """lhs/rhs: float32 arrays or Python floats (scalar f32 operands, made
    with arith.constant). *dyn: the axes that are `?` in the dynamic variant."""
    val = lambda a: float(np.float32(a)) if isinstance(a, float) else torch.from_numpy(a).double()
    want = getattr(torch, op)(val(lhs), val(rhs))
    want = want.numpy() if isinstance(want, torch.Tensor) else np.float64(want)
    tensors = [(n, a, d) for n, a, d in (("l", lhs, ldyn), ("r", rhs, rdyn))
               if not isinstance(a, float)]

    def mlir(T_):
        consts, names, types = "", [], []
        for n, a, d in (("l", lhs, ldyn), ("r", rhs, rdyn)):
            if isinstance(a, float):
                consts += f"%{n} = arith.constant {seqtest.flt(a)} : f32\n"
                types.append("f32")
            else:
                types.append(T_(a, *d))
            names.append("%" + n)
        body = consts + f"%y = seq.{op} {names[0]}, {names[1]} : {types[0]}, {types[1]}"
        return seqtest.func([(n, T_(a, *d)) for n, a, d in tensors], body,
                            [("y", T_(want, *odyn))])
    S.case(name, mlir, [a for _, a, _ in tensors], [want])


x = lambda *s: torch.randn(s).numpy()
for op in ("add", "mul"):
    case(f"{op}/same_shape", op, x(B, T, D), x(B, T, D), (0, 1), (0, 1))
    case(f"{op}/[B,T,D],[D]", op, x(B, T, D), x(D), (0, 1))
    case(f"{op}/[T,D],[B,T,D]", op, x(T, D), x(B, T, D), (0,), (0, 1))
    # T dynamic in lhs, static in rhs: the result's T is static.
    case(f"{op}/[B,T,D],[T,D]static", op, x(B, T, D), x(T, D), (0, 1), (), odyn=(0,))
    case(f"{op}/[B,1,D],[1,T,1]", op, x(B, 1, D), x(1, T, 1), (0,), (1,))
    case(f"{op}/[B,T,D],[B,T,1]", op, x(B, T, D), x(B, T, 1), (0, 1), (0, 1))
    case(f"{op}/[B,T,D],rank0", op, x(B, T, D), x(), (0, 1))
    case(f"{op}/[B,T,D],scalar", op, x(B, T, D), 2.5, (0, 1))
    case(f"{op}/scalar,[B,T,D]", op, -0.75, x(B, T, D), (), (0, 1))
    case(f"{op}/[N],scalar", op, x(7), 0.1, (0,), odyn=(0,))

S.finish()
