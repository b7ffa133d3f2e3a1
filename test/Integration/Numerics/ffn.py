# RUN: %python %s
# seq.ffn against torch: Linear -> activation -> Linear (float64 reference).
import torch

import seqtest

torch.manual_seed(0)
S = seqtest.Suite("ffn")
ACT = {
    "relu": torch.nn.ReLU(),
    "gelu": torch.nn.GELU(),
    "gelu_tanh": torch.nn.GELU(approximate="tanh"),
    "silu": torch.nn.SiLU(),
    "tanh": torch.nn.Tanh(),
    "sigmoid": torch.nn.Sigmoid(),
}


def case(name, x, act, hidden, out, bias1=True, bias2=True):
    l1 = torch.nn.Linear(x.shape[-1], hidden, bias=bias1)
    l2 = torch.nn.Linear(hidden, out, bias=bias2)
    with torch.no_grad():
        want = torch.nn.Sequential(l1, ACT[act], l2).double()(x.double()).numpy()
    ops = [("weight1", l1.weight), ("bias1", l1.bias), ("weight2", l2.weight), ("bias2", l2.bias)]
    ops = [(n, t.detach().float().numpy()) for n, t in ops if t is not None]
    x = x.numpy()
    dyn = range(x.ndim - 1)  # every batch dim

    def mlir(T):
        tx = T(x, *dyn)
        args = "".join(f" {n}(%{n} : {T(a)})" for n, a in ops)
        return seqtest.func([("x", tx)] + [(n, T(a)) for n, a in ops],
                            f"%y = seq.ffn %x activation({act}){args} : {tx}",
                            [("y", T(want, *dyn))])
    S.case(name, mlir, [x] + [a for _, a in ops], [want])


x = torch.randn(2, 5, 16)
for act in ACT:
    case(f"ffn/{act}/biases", x, act, 32, 16)
case("ffn/relu/no_biases", x, "relu", 32, 16, bias1=False, bias2=False)
case("ffn/gelu/bias1_only", x, "gelu", 32, 16, bias2=False)
case("ffn/silu/bias2_only", x, "silu", 32, 16, bias1=False)
case("ffn/gelu/out!=in,[N,E]", torch.randn(7, 16), "gelu", 24, 10)
# The activation runs in the first product's epilogue (seq-vectorize-matmul):
# sizes that divide no tile (13 or 21 rows, 100 or 144 hidden units).
case("ffn/gelu/epilogue,ragged", torch.randn(13, 40), "gelu", 100, 24)
case("ffn/gelu_tanh/epilogue,ragged", torch.randn(3, 7, 40), "gelu_tanh", 144, 40)
case("ffn/silu/epilogue,ragged", torch.randn(3, 7, 40), "silu", 144, 40, bias1=False)
case("ffn/relu/epilogue,ragged", torch.randn(13, 40), "relu", 100, 24)

S.finish()
