# RUN: %python %s
# seq.gru against torch.nn.GRU(batch_first=True, num_layers=1) in
# float64: initial states, per-batch lengths (pack_padded_sequence), reverse,
# bidirectional, without biases. See seqtest_recurrent.layer_suite.
import torch

import seqtest
from seqtest_recurrent import layer_case, layer_suite, sliced_suite

torch.manual_seed(0)
S = seqtest.Suite("gru")
layer_suite(S, "gru")
layer_case(S, "gru", "forward,B=1,T=1", B=1, T=1, h0=True)
sliced_suite(S, "gru")
S.finish()
