# RUN: %python %s
# seq.lstm against torch.nn.LSTM(batch_first=True, num_layers=1) in
# float64: initial states, per-batch lengths (pack_padded_sequence), reverse,
# bidirectional, without biases. See seqtest_recurrent.layer_suite.
import torch

import seqtest
from seqtest_recurrent import layer_case, layer_suite, sliced_suite

torch.manual_seed(0)
S = seqtest.Suite("lstm")
layer_suite(S, "lstm")
layer_case(S, "lstm", "forward,B=1,T=1", B=1, T=1, h0=True)
layer_case(S, "lstm", "bidirectional,lengths,h0,I=16,H=12", I=16, H=12,
           direction="bidirectional", h0=True, lengths=torch.tensor([2, 6, 5]).int().numpy())
sliced_suite(S, "lstm")
S.finish()
