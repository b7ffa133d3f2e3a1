# RUN: %python %s
# seq.embedding against torch.nn.Embedding (an out-of-range id gives a zero
# row in Seqc, torch raises); seq.positional_encoding against the table of
# "Attention Is All You Need", computed in float64.
import numpy as np
import torch

import seqtest

torch.manual_seed(0)
S = seqtest.Suite("embedding")
N, D = 10, 8
emb = torch.nn.Embedding(N, D).double()
table = emb.weight.detach().float().numpy()


def embedding_case(name, ids):
    valid = (ids >= 0) & (ids < N)
    with torch.no_grad():
        want = emb(torch.from_numpy(np.where(valid, ids, 0)).long()).numpy()
    want[~valid] = 0.0
    dyn = range(ids.ndim)

    def mlir(T):
        ti, tt = T(ids, *dyn), T(table)
        return seqtest.func([("ids", ti), ("table", tt)],
                            f"%e = seq.embedding %ids, %table : {ti}, {tt}",
                            [("e", T(want, *dyn))])
    S.case(name, mlir, [ids, table], [want])


for dt in (np.int32, np.int64):
    tag = np.dtype(dt).name
    embedding_case(f"embedding/{tag}/[B,T]", torch.randint(0, N, (2, 6)).numpy().astype(dt))
    embedding_case(f"embedding/{tag}/[T]", torch.randint(0, N, (7,)).numpy().astype(dt))
embedding_case("embedding/int32/out_of_range",
               np.array([[0, -1, N, 3], [2**31 - 1, N - 1, -2**31, 5]], np.int32))
# Ids that alias valid rows if truncated to 32 bits: 2^32 + 1 -> 1, etc.
embedding_case("embedding/int64/out_of_range",
               np.array([[0, -1, N, 2**32 + 1], [2**40, N - 1, -2**32 + 3, 2**63 - 1]], np.int64))


def pe_table(positions, d):
    """pe[p, 2i] = sin(p / 10000^(2i/d)), pe[p, 2i+1] = cos(p / 10000^(2i/d))."""
    p = np.asarray(positions, np.float64)[:, None]
    i2 = np.arange(0, d, 2, dtype=np.float64)
    angle = p / 10000.0 ** (i2 / d)
    pe = np.zeros((len(positions), d))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle[:, : d // 2])
    return pe


# Static length: no operands at all, one variant.
for L, d in ((12, 16), (5, 7)):
    want = pe_table(range(L), d)
    S.case(f"positional_encoding/static/L={L},d={d}",
           lambda T: seqtest.func([], f"%pe = seq.positional_encoding : {T(want)}",
                                  [("pe", T(want))]),
           [], [want], variants=("static",))

# Static offset.
want = pe_table(range(5, 5 + 6), 16)
S.case("positional_encoding/static/offset=5",
       lambda T: seqtest.func([], f"""%o = arith.constant 5 : index
           %pe = seq.positional_encoding offset(%o) : {T(want)}""", [("pe", T(want))]),
       [], [want], variants=("static",))


def pe_from_input(name, x, offset=None):
    """x + pe, where pe's length is x's dim 1 (`length(%n)` in the dynamic
    variant) and its offset the length of a `cache` input's dim 1 (a
    decoder that has already seen `offset` positions)."""
    B, T_, d = x.shape
    want = x.double().numpy() + pe_table(range(offset or 0, (offset or 0) + T_), d)
    x = x.numpy()
    cache = np.zeros((B, offset, d), np.float32) if offset is not None else None

    def mlir(T):
        tx, tpe = T(x, 0, 1), T((T_, d), 0)
        params = [("x", tx)]
        body = "%c1 = arith.constant 1 : index\n"
        args = ""
        if T.dynamic:
            body += f"%n = tensor.dim %x, %c1 : {tx}\n"
            args += " length(%n)"
        if cache is not None:
            params.append(("cache", T(cache, 0, 1)))
            body += f"%o = tensor.dim %cache, %c1 : {T(cache, 0, 1)}\n"
            args += " offset(%o)"
        body += f"""%pe = seq.positional_encoding{args} : {tpe}
                    %y = seq.add %x, %pe : {tx}, {tpe}"""
        return seqtest.func(params, body, [("y", T(want, 0, 1))])
    S.case(name, mlir, [x] + ([cache] if cache is not None else []), [want])


pe_from_input("positional_encoding/x+pe/length_from_x", torch.randn(2, 9, 16))
pe_from_input("positional_encoding/x+pe/length_from_x,offset_from_cache=3",
              torch.randn(2, 4, 16), offset=3)
pe_from_input("positional_encoding/x+pe/one_step,offset_from_cache=100",
              torch.randn(2, 1, 32), offset=100)

S.finish()
