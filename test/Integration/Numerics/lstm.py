# RUN: %python %s
# seq.lstm against torch.nn.LSTM(batch_first=True, num_layers=1) in
# float64: initial states, per-batch lengths (pack_padded_sequence), reverse,
# bidirectional, without biases. See seqtest_recurrent.layer_suite.
import torch

import seqtest
from seqtest_recurrent import layer_case, layer_suite

torch.manual_seed(0)
S = seqtest.Suite("lstm")
layer_suite(S, "lstm")
layer_case(S, "lstm", "forward,B=1,T=1", B=1, T=1, h0=True)
layer_case(S, "lstm", "bidirectional,lengths,h0,I=16,H=12", I=16, H=12,
           direction="bidirectional", h0=True, lengths=torch.tensor([2, 6, 5]).int().numpy())
# H a multiple of the panel width (16 or 8 lanes): the time loop runs in
# column slices of the gates (runSlicedRecurrence), H=48 in 3 or 6 slices.
layer_case(S, "lstm", "sliced,forward,h0,B=5,I=20,H=48", B=5, T=7, I=20, H=48, h0=True)
layer_case(S, "lstm", "sliced,forward,B=1,I=24,H=64", B=1, T=5, I=24, H=64)
layer_case(S, "lstm", "sliced,bidirectional,lengths,h0,H=32", B=4, T=6, I=9, H=32,
           direction="bidirectional", h0=True, lengths=torch.tensor([2, 6, 5, 1]).int().numpy())
layer_case(S, "lstm", "sliced,reverse,no_bias,H=48", B=3, T=5, I=7, H=48,
           direction="reverse", bias=False)
S.finish()
