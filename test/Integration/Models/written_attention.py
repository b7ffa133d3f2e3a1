# RUN: %python %s
# Models as people write them in PyTorch, written the same way in .seq with
# the general tensor ops, against the modules themselves (1e-4 relative):
# the tutorial's hand-written MultiHeadAttention with an int [B, 1, Sq, Sk]
# mask (fully masked rows included), attention from scratch with weights
# used as [in, out], Bahdanau attention, and a small text classifier
# (embedding + learned positions + encoder layer + mean pool + linear).
import math
import os
import sys

import torch

import seqtest_model as M

torch.manual_seed(0)


# The tutorial module, as examples/written_attention has it (its dropout
# is the identity in eval mode, which check() sets).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "examples", "written_attention"))
from model import MultiHeadAttention  # noqa: E402


MHA_SEQ = """
dim d_model = 64
dim h = 4
dim d_k = 16

block attention(q, k, v, mask) {
  bs = q.size(0)
  k = linear(k, weights="k_linear").view(bs, -1, h, d_k).transpose(1, 2)
  q = linear(q, weights="q_linear").view(bs, -1, h, d_k).transpose(1, 2)
  v = linear(v, weights="v_linear").view(bs, -1, h, d_k).transpose(1, 2)
  scores = matmul(q, k.transpose(-2, -1)) / sqrt(d_k)
  scores = scores.masked_fill(mask == 0, -1e9)
  scores = softmax(scores, dim=-1)
  out = matmul(scores, v)
  concat = out.transpose(1, 2).contiguous().view(bs, -1, d_model)
  return linear(concat, weights="out")
}

model mha(x: f32[b, s, 64], mem: f32[b, t, 64], mask: i64[b, 1, s, t]) -> f32[b, s, 64] {
  return attention(x, mem, mem, mask)
}
"""

B, S, T = 3, 7, 9
mha = MultiHeadAttention(4, 64)
x, mem = torch.randn(B, S, 64), torch.randn(B, T, 64)
mask = (torch.rand(B, 1, S, T) > 0.3).long()
mask[1, 0, 2, :] = 0  # a query that sees no key: torch's uniform weights
mask[2, 0, :, :] = 0  # a whole batch entry masked
for mode in ("embedded", "runtime"):
    M.check(f"hand-written MultiHeadAttention [{mode}]", MHA_SEQ, mha,
            [x, mem, mask], outputs_of=lambda m, x, mem, mask: m(x, mem, mem, mask),
            weights=mode)

# The same module's weights through multi_head_attention, with separate
# q/k/v weights and biases named as the module has them.
MHA_KEYWORDS_SEQ = """
model mha(x: f32[b, s, 64], mem: f32[b, t, 64], mask: i64[b, 1, s, t]) -> f32[b, s, 64] {
  return multi_head_attention(x, mem, mem, heads=4, mask=mask != 0,
      q_proj_weight="q_linear.weight", k_proj_weight="k_linear.weight",
      v_proj_weight="v_linear.weight", q_proj_bias="q_linear.bias",
      k_proj_bias="k_linear.bias", v_proj_bias="v_linear.bias",
      out_proj_weight="out.weight", out_proj_bias="out.bias")
}
"""
partial = mask.clone()
partial[partial.sum(-1) == 0] = 1  # seq.sdpa's zeros differ from torch on empty rows
M.check("multi_head_attention with q/k/v weights and biases", MHA_KEYWORDS_SEQ, mha,
        [x, mem, partial], outputs_of=lambda m, x, mem, mask: m(x, mem, mem, mask))


class FromScratch(torch.nn.Module):
    """softmax(Q Kᵀ / √d_k) V with X @ W weights ([in, out])."""

    def __init__(self, d_in, d_k):
        super().__init__()
        self.W_Q = torch.nn.Parameter(torch.randn(d_in, d_k) / 4)
        self.W_K = torch.nn.Parameter(torch.randn(d_in, d_k) / 4)
        self.W_V = torch.nn.Parameter(torch.randn(d_in, d_k) / 4)

    def forward(self, x):
        Q, K, V = x @ self.W_Q, x @ self.W_K, x @ self.W_V
        weights = torch.softmax(Q @ K.transpose(-2, -1) / math.sqrt(Q.size(-1)), dim=-1)
        return weights @ V, weights


SCRATCH_SEQ = """
model scratch(x: f32[b, s, 24]) -> (out: f32[b, s, 16], weights: f32[b, s, s]) {
  Q = x @ param("W_Q")
  K = x @ param("W_K")
  V = x @ param("W_V")
  weights = softmax(Q @ K.transpose(-2, -1) / sqrt(Q.size(-1)), dim=-1)
  return weights @ V, weights
}
"""
M.check("attention from scratch", SCRATCH_SEQ, FromScratch(24, 16),
        [torch.randn(2, 11, 24)])


# nn.Linear written out, x @ W.t() + b (seq-raise-linear makes it a linear).
LINEAR_SEQ = """
model fc(x: f32[b, s, 24]) -> f32[b, s, 16] {
  return x @ param("weight").t() + param("bias")
}
"""
M.check("x @ W.t() + b", LINEAR_SEQ, torch.nn.Linear(24, 16),
        [torch.randn(3, 5, 24)])


class Bahdanau(torch.nn.Module):
    """Additive attention: score = vᵀ tanh(W₁ h + W₂ s)."""

    def __init__(self, hidden, attn):
        super().__init__()
        self.W1 = torch.nn.Linear(hidden, attn, bias=False)
        self.W2 = torch.nn.Linear(hidden, attn)
        self.v = torch.nn.Linear(attn, 1, bias=False)

    def forward(self, h, s, lengths):
        energy = self.v(torch.tanh(self.W1(h) + self.W2(s).unsqueeze(1))).squeeze(-1)
        pad = torch.arange(h.size(1))[None, :] >= lengths[:, None]
        weights = torch.softmax(energy.masked_fill(pad, float("-inf")), dim=1)
        context = torch.bmm(weights.unsqueeze(1), h).squeeze(1)
        return context, weights


BAHDANAU_SEQ = """
model additive(h: f32[b, t, 32], s: f32[b, 32], lengths: i64[b])
    -> (context: f32[b, 32], weights: f32[b, t]) {
  energy = linear(tanh(linear(h, weights="W1") + unsqueeze(linear(s, weights="W2"), 1)),
                  weights="v").squeeze(-1)
  pad = unsqueeze(arange(t), 0) >= unsqueeze(lengths, 1)
  weights = softmax(energy.masked_fill(pad, -1e30 * 1e30), dim=1)
  context = matmul(weights.unsqueeze(1), h).squeeze(1)
  return context, weights
}
"""
M.check("Bahdanau attention", BAHDANAU_SEQ, Bahdanau(32, 20),
        [torch.randn(3, 6, 32), torch.randn(3, 32), torch.tensor([6, 2, 4])])


class Classifier(torch.nn.Module):
    def __init__(self, vocab=50, d=32, max_len=16, classes=5):
        super().__init__()
        self.tok = torch.nn.Embedding(vocab, d)
        self.pos = torch.nn.Embedding(max_len, d)
        self.encoder = torch.nn.TransformerEncoderLayer(d, 4, 64, batch_first=True)
        self.head = torch.nn.Linear(d, classes)

    def forward(self, ids):
        positions = torch.arange(ids.size(1))
        x = self.tok(ids) + self.pos(positions)
        x = self.encoder(x)
        return self.head(x.mean(dim=1)).log_softmax(-1)


CLASSIFIER_SEQ = """
model classify(ids: i64[b, s]) -> f32[b, 5] {
  x = embedding(ids, weights="tok") + embedding(arange(s), weights="pos")
  with "encoder" {
    x = layer_norm(x + multi_head_attention(x, heads=4, weights="self_attn"), weights="norm1")
    x = layer_norm(x + ffn(x, weights=""), weights="norm2")
  }
  return linear(x.mean(dim=1), weights="head").log_softmax(-1)
}
"""
clf = Classifier()
clf.eval()
M.check("text classifier", CLASSIFIER_SEQ, clf, [torch.randint(0, 50, (4, 12))])

M.finish()
