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

O.finish()
