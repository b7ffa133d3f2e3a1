# RUN: %python %s
# seq.rnn (tanh, relu) against torch.nn.RNN(batch_first=True, num_layers=1) in
# float64: initial states, per-batch lengths (pack_padded_sequence), reverse,
# bidirectional, without biases. See seqtest_recurrent.layer_suite.
import numpy as np
import torch

import seqtest
from seqtest_recurrent import layer_case, layer_suite

torch.manual_seed(0)
S = seqtest.Suite("rnn")
layer_suite(S, "rnn", "tanh")
# relu shares everything but the nonlinearity: a few configurations suffice.
layer_case(S, "rnn", "relu/forward,h0", h0=True, nonlinearity="relu")
layer_case(S, "rnn", "relu/reverse,lengths", direction="reverse", nonlinearity="relu",
           lengths=np.array([2, 6, 4], np.int32))
layer_case(S, "rnn", "relu/bidirectional,lengths,h0,no_bias", direction="bidirectional",
           nonlinearity="relu", bias=False, h0=True, lengths=np.array([6, 3, 1], np.int64))
layer_case(S, "rnn", "tanh/forward,B=1,T=1", B=1, T=1, h0=True)
S.finish()
