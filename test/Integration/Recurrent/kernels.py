# RUN: %python %s
# The vectorised recurrent kernels at shapes that hit every path of
# seq-vectorize-matmul against torch.nn.LSTM/GRU/RNN: 4-row tiles and row
# tails (B = 5, 1), 3-vector column tiles, single-vector and masked column
# tails (G·H = 80, 39, 100), packed recurrent weights (G·H % 8 == 0) and the
# transposed fallback (GRU with H = 13, RNN), lengths, reverse, bidirectional.
import numpy as np
import torch

import seqtest
from seqtest_recurrent import layer_case

torch.manual_seed(0)
S = seqtest.Suite("recurrent-kernels")
i32 = lambda *v: np.array(v, np.int32)
layer_case(S, "lstm", "B=5,I=19,H=20,h0", B=5, T=7, I=19, H=20, h0=True)
layer_case(S, "lstm", "B=1,I=33,H=25,bidirectional,h0", B=1, T=5, I=33, H=25,
           direction="bidirectional", h0=True)
layer_case(S, "gru", "B=5,I=19,H=13,lengths", B=5, T=7, I=19, H=13,
           lengths=i32(7, 3, 1, 6, 5))
layer_case(S, "gru", "B=6,I=40,H=32,reverse,lengths,h0", B=6, T=9, I=40, H=32,
           direction="reverse", lengths=i32(9, 2, 5, 8, 1, 4), h0=True)
layer_case(S, "rnn", "B=5,I=19,H=20,h0", B=5, T=7, I=19, H=20, h0=True)
S.finish()
