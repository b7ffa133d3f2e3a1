# RUN: %python %s
# PyTorch modules exported with torch.onnx.export (Debian's torch 1.13) at
# opsets 13 to 17, imported by `seq-run model.onnx`, against the modules
# (1e-4 relative). Dynamic batch and sequence: each model is exported with
# one example and run on inputs of other sizes.
import os

import torch

import seqtest_onnx as O

torch.manual_seed(0)
only = os.environ.get("SEQTEST_FILTER", "")
OPSETS = (13, 14, 17)


def case(name, *a, **k):
    if only in name:
        O.check(name, *a, **k)


dyn = {"in0": {0: "batch", 1: "seq"}, "output": {0: "batch", 1: "seq"}}

for opset in OPSETS:
    enc = torch.nn.TransformerEncoderLayer(64, 4, 128, dropout=0.0,
                                           batch_first=True)
    case(f"encoder_layer_relu_opset{opset}", enc, (torch.randn(2, 10, 64),),
         opset=opset, dynamic_axes=dyn, output_names=["output"],
         run_inputs=(torch.randn(3, 7, 64),))
    gelu = torch.nn.TransformerEncoderLayer(64, 4, 128, dropout=0.0,
                                            activation="gelu",
                                            batch_first=True)
    case(f"encoder_layer_gelu_opset{opset}", gelu, (torch.randn(2, 10, 64),),
         opset=opset, dynamic_axes=dyn, output_names=["output"],
         run_inputs=(torch.randn(3, 7, 64),))
    prenorm = torch.nn.TransformerEncoderLayer(64, 4, 128, dropout=0.0,
                                               norm_first=True,
                                               batch_first=True)
    case(f"encoder_layer_prenorm_opset{opset}", prenorm,
         (torch.randn(2, 10, 64),), opset=opset, dynamic_axes=dyn,
         output_names=["output"], run_inputs=(torch.randn(1, 5, 64),))
    stack = torch.nn.TransformerEncoder(
        torch.nn.TransformerEncoderLayer(32, 2, 64, dropout=0.0,
                                         batch_first=True), 2)
    case(f"encoder_2_layers_opset{opset}", stack, (torch.randn(2, 6, 32),),
         opset=opset, dynamic_axes=dyn, output_names=["output"],
         run_inputs=(torch.randn(2, 9, 32),))
    norm = torch.nn.LayerNorm(48)
    case(f"layer_norm_opset{opset}", norm, (torch.randn(3, 5, 48),),
         opset=opset, dynamic_axes=dyn, output_names=["output"],
         run_inputs=(torch.randn(2, 4, 48),))


class Embed(torch.nn.Module):
    # Token embeddings scaled by sqrt(d), as translation models start.
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(50, 32)

    def forward(self, ids):
        return self.emb(ids) * 32 ** 0.5


class MhaPadding(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.mha = torch.nn.MultiheadAttention(32, 4, batch_first=True)

    def forward(self, x, pad):
        return self.mha(x, x, x, key_padding_mask=pad, need_weights=False)[0]


class CrossAttention(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.mha = torch.nn.MultiheadAttention(32, 4, batch_first=True)

    def forward(self, q, mem):
        return self.mha(q, mem, mem, need_weights=False)[0]


class Decoder(torch.nn.Module):
    # nn.TransformerDecoder with a causal self-attention mask.
    def __init__(self):
        super().__init__()
        layer = torch.nn.TransformerDecoderLayer(32, 4, 64, dropout=0.0,
                                                 batch_first=True)
        self.dec = torch.nn.TransformerDecoder(layer, 2)

    def forward(self, tgt, mem):
        t = tgt.shape[1]
        mask = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        return self.dec(tgt, mem, tgt_mask=mask)


class GeluTanh(torch.nn.Module):
    def forward(self, x):
        return torch.nn.functional.gelu(x, approximate="tanh")


for opset in OPSETS:
    ids_dyn = {"in0": {0: "batch", 1: "seq"}}
    case(f"embedding_opset{opset}", Embed(),
         (torch.randint(0, 50, (2, 7)),), opset=opset, dynamic_axes=ids_dyn,
         run_inputs=(torch.randint(0, 50, (3, 4)),))
    x = torch.randn(2, 6, 32)
    pad = torch.zeros(2, 6, dtype=torch.bool)
    pad[1, 4:] = True
    x2 = torch.randn(3, 5, 32)
    pad2 = torch.zeros(3, 5, dtype=torch.bool)
    pad2[0, 2:] = True
    case(f"mha_key_padding_opset{opset}", MhaPadding(), (x, pad),
         opset=opset, input_names=["x", "pad"],
         dynamic_axes={"x": {0: "batch", 1: "seq"},
                       "pad": {0: "batch", 1: "seq"}},
         run_inputs=(x2, pad2))
    case(f"mha_cross_opset{opset}", CrossAttention(),
         (torch.randn(2, 4, 32), torch.randn(2, 7, 32)), opset=opset,
         input_names=["q", "mem"],
         dynamic_axes={"q": {0: "batch", 1: "tq"}, "mem": {0: "batch", 1: "tm"}},
         run_inputs=(torch.randn(3, 5, 32), torch.randn(3, 9, 32)))
    # torch 1.13 exports triu (the causal mask) from opset 14 only.
    if opset >= 14:
        case(f"decoder_2_layers_causal_opset{opset}", Decoder(),
             (torch.randn(2, 5, 32), torch.randn(2, 7, 32)), opset=opset,
             input_names=["tgt", "mem"],
             dynamic_axes={"tgt": {0: "batch", 1: "tq"},
                           "mem": {0: "batch", 1: "tm"}},
             run_inputs=(torch.randn(3, 6, 32), torch.randn(3, 8, 32)))
    case(f"gelu_tanh_opset{opset}", GeluTanh(), (torch.randn(4, 33),),
         opset=opset, dynamic_axes={"in0": {0: "rows"}},
         run_inputs=(torch.randn(5, 33),))

O.finish()
