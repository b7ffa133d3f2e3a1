# RUN: %python %s
# nn.LSTM / nn.GRU / nn.RNN exported by torch.onnx.export (ONNX's own LSTM,
# GRU and RNN ops, gate orders iofc / zrh, linear_before_reset = 1) at
# opsets 13, 14 and 17, one and two layers, both directions, with and
# without initial states, imported by `seq-run model.onnx`, against the
# modules (1e-4 relative); exported on one batch and length, run on others.
# ONNX LSTM/GRU nodes with sequence_lens are written by hand (below).
import os

import numpy as np
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


# ONNX's own LSTM/GRU with sequence_lens (torch does not export it): written
# with onnx.helper from a torch module's weights in ONNX's gate order, and
# compared with the module on a packed sequence (outputs past a sequence's
# length are zeros, the final state is the one at its last step).
def onnx_recurrent(kind, m, direction):
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    H, I = m.hidden_size, m.input_size
    order = [0, 3, 1, 2] if kind == "LSTM" else [1, 0, 2]  # torch -> ONNX
    g = len(order)

    def gates(w):
        a = w.detach().numpy()
        blocks = a.reshape((g, H) + a.shape[1:])
        return blocks[order].reshape(a.shape)

    sfx = ["", "_reverse"][: 2 if direction == "bidirectional" else 1]
    W = np.stack([gates(getattr(m, "weight_ih_l0" + s)) for s in sfx])
    R = np.stack([gates(getattr(m, "weight_hh_l0" + s)) for s in sfx])
    B = np.stack([np.concatenate([gates(getattr(m, "bias_ih_l0" + s)),
                                  gates(getattr(m, "bias_hh_l0" + s))]) for s in sfx])
    outs = ["Y", "Y_h"] + (["Y_c"] if kind == "LSTM" else [])
    attrs = {"hidden_size": H, "direction": direction}
    if kind == "GRU":
        attrs["linear_before_reset"] = 1
    node = helper.make_node(kind, ["X", "W", "R", "B", "lens"], outs, **attrs)
    graph = helper.make_graph(
        [node], "r",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["t", "b", I]),
         helper.make_tensor_value_info("lens", TensorProto.INT32, ["b"])],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outs],
        [numpy_helper.from_array(a.astype(np.float32), n)
         for n, a in (("W", W), ("R", R), ("B", B))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    return lambda path: onnx.save(model, path)



for kind in ("LSTM", "GRU"):
    for direction in ("forward", "bidirectional"):
        m = getattr(torch.nn, kind)(6, 8, bidirectional=direction != "forward",
                                    batch_first=True).eval()
        x = torch.randn(3, 7, 6)
        lens = torch.tensor([7, 4, 1])
        with torch.no_grad():
            packed = torch.nn.utils.rnn.pack_padded_sequence(
                x, lens, batch_first=True, enforce_sorted=False)
            out, st = m(packed)
            out, _ = torch.nn.utils.rnn.pad_packed_sequence(
                out, batch_first=True, total_length=7)
        d = 2 if direction != "forward" else 1
        y = out.numpy().reshape(3, 7, d, 8).transpose(1, 2, 0, 3)
        states = list(st) if isinstance(st, tuple) else [st]
        name = f"onnx_{kind.lower()}_{direction}_sequence_lens"
        if only in name:
            O.check_file(name, onnx_recurrent(kind, m, direction),
                         [x.numpy().transpose(1, 0, 2).copy(),
                          lens.numpy().astype(np.int32)],
                         [y] + [s.numpy() for s in states])

O.finish()
