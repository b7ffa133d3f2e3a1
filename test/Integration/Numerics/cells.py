# RUN: %python %s
# seq.rnn_cell / lstm_cell / gru_cell against torch.nn.RNNCell / LSTMCell /
# GRUCell in float64, with and without given states and biases.
import torch

import seqtest
from seqtest_recurrent import cell_case

torch.manual_seed(0)
S = seqtest.Suite("cells")
for nl in ("tanh", "relu"):
    cell_case(S, "rnn_cell", f"{nl}/h", nonlinearity=nl)
    cell_case(S, "rnn_cell", f"{nl}/no_h", state=False, nonlinearity=nl)
    cell_case(S, "rnn_cell", f"{nl}/h,no_bias", bias=False, nonlinearity=nl)
for op in ("lstm_cell", "gru_cell"):
    st = "h,c" if op == "lstm_cell" else "h"
    cell_case(S, op, st)
    cell_case(S, op, f"no_{st.replace(',', ',no_')}", state=False)
    cell_case(S, op, f"{st},no_bias", bias=False)
    cell_case(S, op, f"{st},B=1,I=16,H=12", B=1, I=16, H=12)
S.finish()
