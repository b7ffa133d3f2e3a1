"""Cases for the recurrent seq ops (rnn, lstm, gru and their cells) built
from torch.nn modules: the weights are the module's parameters, the
reference is the module run in float64."""

import numpy as np
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

import seqtest

LAYERS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
CELLS = {"rnn_cell": torch.nn.RNNCell, "lstm_cell": torch.nn.LSTMCell,
         "gru_cell": torch.nn.GRUCell}


def flip_within(x, lengths):
    """Reverses x[b, :lengths[b]] along dim 1, for each b."""
    y = x.clone()
    for b, n in enumerate(lengths):
        y[b, :n] = x[b, :n].flip(0)
    return y


def layer_reference(mod, x, h0, c0, lengths, direction):
    """(output, h_n[, c_n]) of `mod` (float64) as seq defines them. reverse:
    torch forward on x flipped within each length, output flipped back."""
    B, T, _ = x.shape
    lens = [T] * B if lengths is None else [int(n) for n in lengths]
    x = x.double()
    if direction == "reverse":
        x = flip_within(x, lens)
    state = None if h0 is None else (h0.double() if c0 is None else (h0.double(), c0.double()))
    with torch.no_grad():
        if lengths is None:
            out, st = mod.double()(x, state)
        else:
            packed = pack_padded_sequence(x, torch.tensor(lens), batch_first=True,
                                          enforce_sorted=False)
            out, st = mod.double()(packed, state)
            out, _ = pad_packed_sequence(out, batch_first=True, total_length=T)
    mod.float()
    if direction == "reverse":
        out = flip_within(out, lens)
    st = st if isinstance(st, tuple) else (st,)
    return [out.numpy()] + [s.numpy() for s in st]


def layer_case(S, op, name, B=3, T=6, I=5, H=8, direction="forward", bias=True,
               h0=False, lengths=None, nonlinearity="tanh"):
    """One seq.<op> case against torch.nn.<RNN|LSTM|GRU>(batch_first=True,
    num_layers=1). lengths: None or an int32/int64 array [B]."""
    kw = {"nonlinearity": nonlinearity} if op == "rnn" else {}
    D = 2 if direction == "bidirectional" else 1
    mod = LAYERS[op](I, H, num_layers=1, bias=bias, batch_first=True,
                     bidirectional=D == 2, **kw)
    x = torch.randn(B, T, I)
    h = torch.randn(D, B, H) if h0 else None
    c = torch.randn(D, B, H) if h0 and op == "lstm" else None
    want = layer_reference(mod, x, h, c, lengths, direction)

    names = ["weight_ih", "weight_hh"] + (["bias_ih", "bias_hh"] if bias else [])
    params = [(n, f"{n}_l0") for n in names]
    if D == 2:
        params += [(f"{n}_reverse", f"{n}_l0_reverse") for n in names]
    operands = [(n, getattr(mod, t).detach().numpy()) for n, t in params]
    operands += [(n, a.numpy()) for n, a in (("h0", h), ("c0", c)) if a is not None]
    x = x.numpy()

    def mlir(T_):
        tx = T_(x, 0, 1)
        types = [(n, T_(a, 1) if n in ("h0", "c0") else T_(a)) for n, a in operands]
        if lengths is not None:
            types.append(("lengths", T_(lengths, 0)))
        args = "".join(f" {n}(%{n} : {t})" for n, t in types)
        attrs = f" direction({direction})"
        if op == "rnn":
            attrs += f" nonlinearity({nonlinearity})"
        res = [("out", T_(want[0], 0, 1))] + [(r, T_(w, 1)) for r, w in zip(("hn", "cn"), want[1:])]
        lhs = ", ".join("%" + r for r, _ in res)
        return seqtest.func([("x", tx)] + types, f"{lhs} = seq.{op} %x{args}{attrs} : {tx}", res)
    S.case(f"{op}/{name}", mlir, [x] + [a for _, a in operands] +
           ([lengths] if lengths is not None else []), want)


def layer_suite(S, op, nonlinearity="tanh"):
    """The standard configurations of a whole-sequence layer."""
    tag = f"{nonlinearity}/" if op == "rnn" else ""
    nl = {"nonlinearity": nonlinearity} if op == "rnn" else {}
    i32 = lambda *v: np.array(v, np.int32)
    i64 = lambda *v: np.array(v, np.int64)
    layer_case(S, op, f"{tag}forward", **nl)
    layer_case(S, op, f"{tag}forward,h0", h0=True, **nl)
    layer_case(S, op, f"{tag}forward,no_bias,h0", bias=False, h0=True, **nl)
    # Unsorted lengths (enforce_sorted=False); the second set is all < T.
    layer_case(S, op, f"{tag}forward,lengths_i32,h0", lengths=i32(3, 6, 1), h0=True, **nl)
    layer_case(S, op, f"{tag}forward,lengths_i64(max<T)", lengths=i64(4, 2, 5), **nl)
    layer_case(S, op, f"{tag}reverse", direction="reverse", **nl)
    layer_case(S, op, f"{tag}reverse,lengths,h0", direction="reverse", lengths=i32(2, 6, 4),
               h0=True, **nl)
    layer_case(S, op, f"{tag}bidirectional,h0", direction="bidirectional", h0=True, **nl)
    layer_case(S, op, f"{tag}bidirectional,lengths,no_bias", direction="bidirectional",
               bias=False, lengths=i64(5, 1, 3), **nl)
    layer_case(S, op, f"{tag}bidirectional,lengths,h0", direction="bidirectional",
               lengths=i32(6, 3, 4), h0=True, **nl)


def sliced_suite(S, op):
    """H a multiple of the panel width (16 or 8 lanes): the time loop runs
    in column slices of the gates (runSlicedRecurrence); H=48 is 3 or 6
    slices."""
    layer_case(S, op, "sliced,forward,h0,B=5,I=20,H=48", B=5, T=7, I=20, H=48, h0=True)
    layer_case(S, op, "sliced,forward,B=1,I=24,H=64", B=1, T=5, I=24, H=64)
    layer_case(S, op, "sliced,bidirectional,lengths,h0,H=32", B=4, T=6, I=9, H=32,
               direction="bidirectional", h0=True,
               lengths=np.array([2, 6, 5, 1], np.int32))
    layer_case(S, op, "sliced,reverse,no_bias,H=48", B=3, T=5, I=7, H=48,
               direction="reverse", bias=False)


def cell_case(S, op, name, B=3, I=5, H=8, bias=True, state=True, nonlinearity="tanh"):
    """One seq.<op> case against torch.nn.<RNN|LSTM|GRU>Cell; state=False
    omits h (and c), which then default to zeros."""
    kw = {"nonlinearity": nonlinearity} if op == "rnn_cell" else {}
    mod = CELLS[op](I, H, bias=bias, **kw)
    x = torch.randn(B, I)
    st = None
    if state:
        st = (torch.randn(B, H), torch.randn(B, H)) if op == "lstm_cell" else torch.randn(B, H)
    with torch.no_grad():
        dst = None if st is None else (tuple(s.double() for s in st) if op == "lstm_cell"
                                       else st.double())
        want = mod.double()(x.double(), dst)
    mod.float()
    want = [w.numpy() for w in (want if isinstance(want, tuple) else (want,))]
    states = [] if st is None else list(zip(("h", "c"), st if op == "lstm_cell" else (st,)))
    states = [(n, s.numpy()) for n, s in states]
    weights = [(n, getattr(mod, n).detach().numpy())
               for n in ["weight_ih", "weight_hh"] + (["bias_ih", "bias_hh"] if bias else [])]
    x = x.numpy()

    def mlir(T):
        tx = T(x, 0)
        types = [(n, T(a, 0)) for n, a in states] + [(n, T(a)) for n, a in weights]
        args = "".join(f" {n}(%{n} : {t})" for n, t in types)
        if op == "rnn_cell":
            args += f" nonlinearity({nonlinearity})"
        res = [(r, T(w, 0)) for r, w in zip(("h1", "c1"), want)]
        lhs = ", ".join("%" + r for r, _ in res)
        return seqtest.func([("x", tx)] + types, f"{lhs} = seq.{op} %x{args} : {tx}", res)
    S.case(f"{op}/{name}", mlir, [x] + [a for _, a in states] + [a for _, a in weights], want)
