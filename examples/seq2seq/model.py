"""The PyTorch reference of seq2seq.seq: an LSTM encoder-decoder with Luong
attention over the encoder states, on a toy task (reverse a digit string).

Every parameter is one tensor of seq2seq.seq under its state_dict name:

    encoder.embedding.weight            embedding(src, weights="embedding")
    encoder.rnn.*_l0                    lstm(x, weights="rnn", lengths=...)
    decoder.embedding.weight
    decoder.rnn.*_l0                    one step of lstm(x, h0=h, c0=c)
    decoder.attention.weight            W of the score (Luong's W_a, transposed)
    decoder.combine_context.{weight,bias}  \\ W_c [context; h] + b, with W_c
    decoder.combine_hidden.weight          / split by columns into two Linears
    decoder.out.{weight,bias}           logits

The attention is Luong's "general" score (Luong et al. 2015),
score(h, e) = e·(W h) = hᵀ Wᵀ e over the encoder states e, softmax over the
valid source positions, context = Σ softmax · e. The attentional hidden state
is tanh(W_c [context; h] + b); W_c is stored as two Linears because a .seq
file names whole tensors and does not slice them, and a concat followed by
one Linear is the sum of the two halves.
"""

import time

import numpy as np
import torch
from torch import nn

PAD, BOS, EOS = 0, 1, 2
DIGIT0 = 3           # token of the digit 0; digits are 3..12
VOCAB = 13
EMBED = 32
HIDDEN = 64


def encode_digits(text):
    return [DIGIT0 + int(ch) for ch in text]


def decode_tokens(tokens):
    out = []
    for t in tokens:
        if t == EOS:
            break
        out.append(str(t - DIGIT0) if DIGIT0 <= t < DIGIT0 + 10 else f"<{t}>")
    return "".join(out)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, EMBED)
        self.rnn = nn.LSTM(EMBED, HIDDEN, batch_first=True)

    def forward(self, src, lengths):
        """src [B, S] (long), lengths [B] -> states [B, S, H], h, c [1, B, H];
        states past a sequence's length are zero."""
        x = self.embedding(src)
        packed = nn.utils.rnn.pack_padded_sequence(
            x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, (h, c) = self.rnn(packed)
        states, _ = nn.utils.rnn.pad_packed_sequence(
            out, batch_first=True, total_length=src.shape[1])
        return states, h, c


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, EMBED)
        self.rnn = nn.LSTM(EMBED, HIDDEN, batch_first=True)
        self.attention = nn.Linear(HIDDEN, HIDDEN, bias=False)
        self.combine_context = nn.Linear(HIDDEN, HIDDEN)
        self.combine_hidden = nn.Linear(HIDDEN, HIDDEN, bias=False)
        self.out = nn.Linear(HIDDEN, VOCAB)

    def forward(self, prev, h, c, states, lengths):
        """prev [B, T] tokens (T = 1 for one step; T > 1 runs the steps of
        teacher forcing at once), h, c [1, B, H], states [B, S, H] ->
        logits [B, T, V], h', c'."""
        x = self.embedding(prev)
        out, (h, c) = self.rnn(x, (h, c))
        padding = (torch.arange(states.shape[1], device=states.device)[None, :]
                   >= lengths[:, None])
        scores = self.attention(out) @ states.transpose(1, 2)   # [B, T, S]
        scores = scores.masked_fill(padding[:, None, :], float("-inf"))
        context = torch.softmax(scores, -1) @ states             # [B, T, H]
        attentional = torch.tanh(self.combine_context(context) +
                                 self.combine_hidden(out))
        return self.out(attentional), h, c


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder()

    def forward(self, src, lengths, tgt_in):
        states, h, c = self.encoder(src, lengths)
        logits, _, _ = self.decoder(tgt_in, h, c, states, lengths)
        return logits

    @torch.no_grad()
    def greedy(self, src, lengths, max_steps):
        """Greedy decoding one step at a time, as translate.c does: the
        previous token starts as BOS, then is the argmax of the logits. Stops
        when every sequence has produced EOS, or after max_steps.
        Returns tokens [B, steps] and a list of (logits, h, c) per step."""
        states, h, c = self.encoder(src, lengths)
        prev = torch.full((src.shape[0], 1), BOS, dtype=torch.long)
        done = torch.zeros(src.shape[0], dtype=torch.bool)
        tokens, steps = [], []
        for _ in range(max_steps):
            logits, h, c = self.decoder(prev, h, c, states, lengths)
            prev = logits.argmax(-1)
            tokens.append(prev[:, 0])
            steps.append((logits, h, c))
            done |= prev[:, 0] == EOS
            if bool(done.all()):
                break
        return torch.stack(tokens, 1), steps


def max_steps(src_len):
    """The decoding budget for sources of at most src_len tokens."""
    return 2 * src_len + 2


def reverse_batch(generator, batch, min_len, max_len):
    """A batch of the toy task: random digit strings and their reversal.
    Returns src [B, S], lengths [B], tgt_in [B, S+1] (BOS + reversed),
    tgt_out [B, S+1] (reversed + EOS, PAD after)."""
    lengths = torch.randint(min_len, max_len + 1, (batch,), generator=generator)
    width = int(lengths.max())
    digits = torch.randint(DIGIT0, DIGIT0 + 10, (batch, width),
                           generator=generator)
    src = torch.full((batch, width), PAD, dtype=torch.long)
    tgt_in = torch.full((batch, width + 1), PAD, dtype=torch.long)
    tgt_out = torch.full((batch, width + 1), PAD, dtype=torch.long)
    for b in range(batch):
        n = int(lengths[b])
        src[b, :n] = digits[b, :n]
        rev = digits[b, :n].flip(0)
        tgt_in[b, 0] = BOS
        tgt_in[b, 1:n + 1] = rev
        tgt_out[b, :n] = rev
        tgt_out[b, n] = EOS
    return src, lengths, tgt_in, tgt_out


def train(net, steps, seed, log=True, lr=5e-3, warmup=False, log_every=250):
    """Trains `net` (called as net(src, lengths, tgt_in) -> logits) on
    batches of 64 reversals of 1 to 10 digits: Adam at `lr`, gradients
    clipped to norm 1; with `warmup`, the rate rises linearly over the first
    tenth of the steps and then falls linearly to zero. Deterministic for
    one seed (and one thread)."""
    generator = torch.Generator().manual_seed(seed + 1)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    schedule = None
    if warmup:
        rise = max(1, steps // 10)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda s: min((s + 1) / rise,
                                     max(0.0, (steps - s) / (steps - rise + 1))))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=PAD)
    start = time.perf_counter()
    net.train()
    for step in range(1, steps + 1):
        src, lengths, tgt_in, tgt_out = reverse_batch(generator, 64, 1, 10)
        logits = net(src, lengths, tgt_in)
        loss = loss_fn(logits.reshape(-1, VOCAB), tgt_out.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        optimizer.step()
        if schedule is not None:
            schedule.step()
        if log and (step % log_every == 0 or step == steps):
            print(f"step {step}: loss {loss.item():.4f} "
                  f"({time.perf_counter() - start:.1f} s)", flush=True)
    net.eval()


def sample_batch(sources, dtype=np.int32):
    """Digit strings as a zero-padded token batch [B, S] and lengths [B]."""
    tokens = [encode_digits(s) for s in sources]
    width = max(len(t) for t in tokens)
    src = np.full((len(tokens), width), PAD, dtype)
    for b, t in enumerate(tokens):
        src[b, :len(t)] = t
    return src, np.array([len(t) for t in tokens], dtype)
