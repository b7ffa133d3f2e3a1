"""The Transformer encoder layer as the tutorials write it: a hand-written
MultiHeadAttention (q_linear / k_linear / v_linear / out, heads split with
view + transpose, scores.masked_fill(mask == 0, -1e9), softmax, matmul),
a FeedForward of two Linears, and post-norm LayerNorms. The state_dict
names are the module's own (attn.q_linear.weight, ff.linear_1.bias,
norm_1.weight, ...); encoder_layer.seq reads them as they are."""
import math

import torch
import torch.nn.functional as F


class MultiHeadAttention(torch.nn.Module):
    def __init__(self, heads, d_model, dropout=0.1):
        super().__init__()
        self.d_model, self.d_k, self.h = d_model, d_model // heads, heads
        self.q_linear = torch.nn.Linear(d_model, d_model)
        self.v_linear = torch.nn.Linear(d_model, d_model)
        self.k_linear = torch.nn.Linear(d_model, d_model)
        self.dropout = torch.nn.Dropout(dropout)
        self.out = torch.nn.Linear(d_model, d_model)

    def forward(self, q, k, v, mask):
        bs = q.size(0)
        k = self.k_linear(k).view(bs, -1, self.h, self.d_k).transpose(1, 2)
        q = self.q_linear(q).view(bs, -1, self.h, self.d_k).transpose(1, 2)
        v = self.v_linear(v).view(bs, -1, self.h, self.d_k).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(self.d_k)
        scores = scores.masked_fill(mask == 0, -1e9)
        scores = self.dropout(F.softmax(scores, dim=-1))
        out = torch.matmul(scores, v)
        concat = out.transpose(1, 2).contiguous().view(bs, -1, self.d_model)
        return self.out(concat)


class FeedForward(torch.nn.Module):
    def __init__(self, d_model, d_ff=1024, dropout=0.1):
        super().__init__()
        self.linear_1 = torch.nn.Linear(d_model, d_ff)
        self.dropout = torch.nn.Dropout(dropout)
        self.linear_2 = torch.nn.Linear(d_ff, d_model)

    def forward(self, x):
        return self.linear_2(self.dropout(F.relu(self.linear_1(x))))


class EncoderLayer(torch.nn.Module):
    def __init__(self, d_model=256, heads=8, d_ff=1024, dropout=0.1):
        super().__init__()
        self.attn = MultiHeadAttention(heads, d_model, dropout)
        self.ff = FeedForward(d_model, d_ff, dropout)
        self.norm_1 = torch.nn.LayerNorm(d_model)
        self.norm_2 = torch.nn.LayerNorm(d_model)
        self.dropout_1 = torch.nn.Dropout(dropout)
        self.dropout_2 = torch.nn.Dropout(dropout)

    def forward(self, x, mask):
        x = self.norm_1(x + self.dropout_1(self.attn(x, x, x, mask)))
        return self.norm_2(x + self.dropout_2(self.ff(x)))
