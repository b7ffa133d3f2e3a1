# RUN: %python %s
# The vectorised recurrent kernels at shapes that hit every path of
# seq-vectorize-matmul against torch.nn.LSTM/GRU/RNN: 4-row tiles and row
# tails (B = 5, 1), 3-vector column tiles, single-vector and masked column
# tails (G·H = 80, 39, 100), packed recurrent weights (G·H % 8 == 0) and the
# transposed fallback (GRU with H = 13, RNN), lengths, reverse, bidirectional,
# and batches split across threads (B = 16, 24).
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
# B = 16, 24: the batch is split into chunks of 8 rows, each running the
# whole recurrence on its own thread (an scf.forall).
layer_case(S, "lstm", "B=16,I=24,H=16,bidirectional,lengths,h0", B=16, T=6,
           I=24, H=16, direction="bidirectional",
           lengths=i32(6, 1, 3, 6, 2, 5, 4, 6, 1, 2, 3, 4, 5, 6, 6, 2), h0=True)
layer_case(S, "gru", "B=24,I=16,H=24,reverse,h0", B=24, T=5, I=16, H=24,
           direction="reverse", h0=True)
layer_case(S, "rnn", "B=5,I=19,H=20,h0", B=5, T=7, I=19, H=20, h0=True)
S.finish()
