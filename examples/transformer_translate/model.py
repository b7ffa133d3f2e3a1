"""The Transformer encoder-decoder of translate.seq, in PyTorch.

nn.Transformer (post-norm, as in the original paper, with its final encoder
and decoder norms), token embeddings scaled by sqrt(d_model), sinusoidal
positions, and a linear generator; the task is the LSTM example's toy task
(reverse a string of digits, examples/seq2seq/model.py).

Two ways to decode greedily, the same tokens:
  - `greedy_full`: every step runs the decoder over the whole prefix (with
    the causal mask), as nn.Transformer is usually called;
  - `greedy_cached`: PyTorch's incremental decoding, one token per step with
    a key/value cache per decoder layer ([L, B, H, S_max, D], written at the
    step's position), the cross-attention keys and values computed once per
    source: the algorithm translate.seq compiles.
"""

import importlib.util
import math
import os
import time

import torch
from torch import nn
import torch.nn.functional as F

# The toy task and its tokens are the LSTM example's.
_spec = importlib.util.spec_from_file_location(
    "seq2seq_model", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                  "..", "seq2seq", "model.py"))
task = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(task)
PAD, BOS, EOS, VOCAB = task.PAD, task.BOS, task.EOS, task.VOCAB

D_MODEL = 64
HEADS = 4
FFN = 128
LAYERS = 2


def positional_encoding(length, dim, offset=0):
    """pe[p, 2i] = sin(p / 10000^(2i/dim)), pe[p, 2i+1] = cos(...), for
    p = offset .. offset + length - 1 (computed in float64)."""
    pos = torch.arange(offset, offset + length, dtype=torch.float64)[:, None]
    pair = (torch.arange(dim) // 2 * 2).to(torch.float64)
    angle = pos * torch.exp(pair * (-math.log(10000.0) / dim))
    pe = torch.where(torch.arange(dim) % 2 == 0, torch.sin(angle),
                     torch.cos(angle))
    return pe.to(torch.float32)


class Translator(nn.Module):
    def __init__(self):
        super().__init__()
        self.src_embed = nn.Embedding(VOCAB, D_MODEL)
        self.tgt_embed = nn.Embedding(VOCAB, D_MODEL)
        self.transformer = nn.Transformer(
            D_MODEL, HEADS, LAYERS, LAYERS, FFN, dropout=0.0,
            batch_first=True)
        self.generator = nn.Linear(D_MODEL, VOCAB)

    def embed(self, table, tokens, offset=0):
        return (table(tokens) * math.sqrt(D_MODEL) +
                positional_encoding(tokens.shape[1], D_MODEL, offset))

    def encode(self, src, lengths):
        padding = torch.arange(src.shape[1])[None, :] >= lengths[:, None]
        memory = self.transformer.encoder(self.embed(self.src_embed, src),
                                          src_key_padding_mask=padding)
        return memory, padding

    def decode(self, tgt, memory, padding):
        """Logits [B, T, V] of every prefix position (causal)."""
        causal = nn.Transformer.generate_square_subsequent_mask(tgt.shape[1])
        x = self.transformer.decoder(self.embed(self.tgt_embed, tgt), memory,
                                     tgt_mask=causal,
                                     memory_key_padding_mask=padding)
        return self.generator(x)

    def forward(self, src, lengths, tgt_in):
        memory, padding = self.encode(src, lengths)
        return self.decode(tgt_in, memory, padding)

    # -- incremental decoding with a key/value cache -------------------------

    def cross_kv(self, memory):
        """The cross-attention keys and values of every decoder layer,
        [L, B, H, S, D] each."""
        return cross_kv(self.transformer.decoder.layers, memory)

    def decode_step(self, prev, step, padding, memory_k, memory_v, k_cache,
                    v_cache):
        """One token: prev [B, 1] at position `step`; writes this step's keys
        and values into k_cache, v_cache [L, B, H, S_max, D] at `step` and
        attends over positions 0..step. Returns logits [B, 1, V]."""
        x = self.embed(self.tgt_embed, prev, offset=step)
        x = decoder_step(self.transformer.decoder.layers, x, step, padding,
                         memory_k, memory_v, k_cache, v_cache)
        return self.generator(self.transformer.decoder.norm(x))

    @torch.no_grad()
    def greedy_cached(self, src, lengths, max_steps, record=None, times=None):
        """Greedy tokens [B, steps], one decode_step per token, until every
        sequence has produced EOS or after max_steps; `record` (a list)
        receives each step's logits [B, V], `times` each step's seconds."""
        memory, padding = self.encode(src, lengths)
        memory_k, memory_v = self.cross_kv(memory)
        shape = (LAYERS, src.shape[0], HEADS, max_steps, D_MODEL // HEADS)
        k_cache, v_cache = torch.zeros(shape), torch.zeros(shape)
        prev = torch.full((src.shape[0], 1), BOS, dtype=torch.long)
        done = torch.zeros(src.shape[0], dtype=torch.bool)
        tokens = []
        for step in range(max_steps):
            begin = time.perf_counter()
            logits = self.decode_step(prev, step, padding, memory_k, memory_v,
                                      k_cache, v_cache)
            if times is not None:
                times.append(time.perf_counter() - begin)
            if record is not None:
                record.append(logits[:, 0].clone())
            prev = logits.argmax(-1)
            tokens.append(prev[:, 0])
            done |= prev[:, 0] == EOS
            if done.all():
                break
        return torch.stack(tokens, 1)

    @torch.no_grad()
    def greedy_full(self, src, lengths, max_steps, times=None):
        """greedy_cached's tokens with the decoder rerun over the prefix;
        `times` receives each step's seconds."""
        memory, padding = self.encode(src, lengths)
        tgt = torch.full((src.shape[0], 1), BOS, dtype=torch.long)
        done = torch.zeros(src.shape[0], dtype=torch.bool)
        for _ in range(max_steps):
            begin = time.perf_counter()
            logits = self.decode(tgt, memory, padding)
            if times is not None:
                times.append(time.perf_counter() - begin)
            tgt = torch.cat([tgt, logits[:, -1:].argmax(-1)], 1)
            done |= tgt[:, -1] == EOS
            if done.all():
                break
        return tgt[:, 1:]


def cross_kv(layers, memory):
    """The cross-attention keys and values of every nn.TransformerDecoderLayer
    of `layers` for memory [B, S, E]: [L, B, H, S, E / H] each."""
    ks, vs = [], []
    for layer in layers:
        attn = layer.multihead_attn
        e = attn.embed_dim
        w, b = attn.in_proj_weight, attn.in_proj_bias
        ks.append(split_heads(F.linear(memory, w[e:2 * e], b[e:2 * e]),
                              attn.num_heads))
        vs.append(split_heads(F.linear(memory, w[2 * e:], b[2 * e:]),
                              attn.num_heads))
    return torch.stack(ks), torch.stack(vs)


def decoder_step(layers, x, step, padding, memory_k, memory_v, k_cache,
                 v_cache):
    """Incremental decoding through post-norm nn.TransformerDecoderLayers
    (ReLU feed-forward): x [B, 1, E] at position `step`. Writes the step's
    self-attention keys and values into k_cache, v_cache [L, B, H, S_max, D]
    at `step`, attends over positions 0..step, and to memory_k, memory_v
    [L, B, H, S, D] with the source padding mask (True = padded, or None).
    Returns the last layer's output [B, 1, E]."""
    for l, layer in enumerate(layers):
        attn = layer.self_attn
        heads = attn.num_heads
        q, k, v = F.linear(x, attn.in_proj_weight,
                           attn.in_proj_bias).chunk(3, dim=-1)
        k_cache[l, :, :, step] = split_heads(k, heads)[:, :, 0]
        v_cache[l, :, :, step] = split_heads(v, heads)[:, :, 0]
        a = attention(split_heads(q, heads), k_cache[l, :, :, :step + 1],
                      v_cache[l, :, :, :step + 1])
        x = layer.norm1(x + attn.out_proj(merge_heads(a)))
        cross = layer.multihead_attn
        e = cross.embed_dim
        q = F.linear(x, cross.in_proj_weight[:e], cross.in_proj_bias[:e])
        c = attention(split_heads(q, heads), memory_k[l], memory_v[l],
                      padding)
        x = layer.norm2(x + cross.out_proj(merge_heads(c)))
        x = layer.norm3(x + layer.linear2(F.relu(layer.linear1(x))))
    return x


def split_heads(x, heads=HEADS):
    """[B, T, E] -> [B, H, T, E / H]."""
    return x.reshape(x.shape[0], x.shape[1], heads, -1).transpose(1, 2)


def merge_heads(x):
    """[B, H, T, D] -> [B, T, H * D]."""
    return x.transpose(1, 2).reshape(x.shape[0], x.shape[2], -1)


def attention(q, k, v, padding=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if padding is not None:
        scores = scores.masked_fill(padding[:, None, None, :], float("-inf"))
    return scores.softmax(-1) @ v
