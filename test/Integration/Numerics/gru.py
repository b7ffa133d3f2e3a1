# RUN: %python %s
# seq.gru against torch.nn.GRU(batch_first=True, num_layers=1) in
# float64: initial states, per-batch lengths (pack_padded_sequence), reverse,
# bidirectional, without biases. See seqtest_recurrent.layer_suite.
import torch

import seqtest
from seqtest_recurrent import layer_case, layer_suite

torch.manual_seed(0)
S = seqtest.Suite("gru")
layer_suite(S, "gru")
layer_case(S, "gru", "forward,B=1,T=1", B=1, T=1, h0=True)
# H a multiple of the panel width (16 or 8 lanes): the time loop runs in
# column slices of the gates (runSlicedRecurrence), H=48 in 3 or 6 slices.
layer_case(S, "gru", "sliced,forward,h0,B=5,I=20,H=48", B=5, T=7, I=20, H=48, h0=True)
layer_case(S, "gru", "sliced,forward,B=1,I=24,H=64", B=1, T=5, I=24, H=64)
layer_case(S, "gru", "sliced,bidirectional,lengths,h0,H=32", B=4, T=6, I=9, H=32,
           direction="bidirectional", h0=True, lengths=torch.tensor([2, 6, 5, 1]).int().numpy())
layer_case(S, "gru", "sliced,reverse,no_bias,H=48", B=3, T=5, I=7, H=48,
           direction="reverse", bias=False)
S.finish()
