# RUN: %python %s
# nn.LSTM / nn.GRU / nn.RNN exported by torch.onnx.export (ONNX's own LSTM,
# GRU and RNN ops, gate orders iofc / zrh, linear_before_reset = 1) at
# opsets 13, 14 and 17, one and two layers, both directions, with and
# without initial states, imported by `seq-run model.onnx`, against the
# modules (1e-4 relative); exported on one batch and length, run on others.
import os

import torch

import seqtest_onnx as O

torch.manual_seed(0)
only = os.environ.get("SEQTEST_FILTER", "")


def case(name, *a, **k):
    if only in name:
        O.check(name, *a, **k)


class WithState(torch.nn.Module):
    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x, *state):
        out, st = self.rnn(x, state[0] if len(state) == 1 else tuple(state))
        return (out,) + (tuple(st) if isinstance(st, tuple) else (st,))


for opset in (13, 14, 17):
    for kind in ("LSTM", "GRU", "RNN"):
        for layers, bi in ((1, False), (2, False), (1, True)):
            cls = getattr(torch.nn, kind)
            m = cls(12, 16, num_layers=layers, bidirectional=bi,
                    batch_first=True)
            name = f"{kind.lower()}_l{layers}{'_bi' if bi else ''}_opset{opset}"
            dyn = {"in0": {0: "batch", 1: "seq"}, "out": {0: "batch", 1: "seq"}}
            case(name, m, (torch.randn(3, 5, 12),), opset=opset,
                 dynamic_axes=dyn, output_names=["out", "h_n"] +
                 (["c_n"] if kind == "LSTM" else []),
                 run_inputs=(torch.randn(2, 9, 12),))
        d = 2
        m = WithState(getattr(torch.nn, kind)(12, 16, bidirectional=True,
                                               batch_first=True))
        states = [torch.randn(d, 3, 16)] * (2 if kind == "LSTM" else 1)
        names = ["x", "h0"] + (["c0"] if kind == "LSTM" else [])
        dyn = {n: ({0: "batch", 1: "seq"} if n == "x" else {1: "batch"})
               for n in names}
        case(f"{kind.lower()}_bi_initial_state_opset{opset}", m,
             (torch.randn(3, 5, 12), *states), opset=opset, dynamic_axes=dyn,
             input_names=names,
             run_inputs=(torch.randn(4, 6, 12),
                         *[torch.randn(d, 4, 16) for _ in states]))

O.finish()
