# RUN: %python %s
# Attention written out with matmul / softmax / masks, raised to seq.sdpa by
# seq-raise-attention, against the same PyTorch code (1e-4 relative), with
# both attention lowerings (fused and reference). Torch's answers on rows
# whose keys are all masked are kept: uniform weights for a finite fill
# (-1e9, finfo.min), NaN for -inf fills and all--inf additive masks.
import math

import torch

import seqtest_model as M

torch.manual_seed(0)
B, H, S, T, D = 2, 4, 7, 9, 16


def heads(x):
    return x.view(B, -1, H, D).transpose(1, 2)


def module(forward):
    class Written(torch.nn.Module):
        def forward(self, *args):
            return forward(*args)
    return Written()


def attend(q, k, v, mask, fill):
    q, k, v = heads(q), heads(k), heads(v)
    scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(D)
    scores = scores.masked_fill(mask == 0, fill)
    out = torch.matmul(torch.softmax(scores, dim=-1), v)
    return out.transpose(1, 2).contiguous().view(B, -1, H * D)


def seq_model(body, mask_type="i64[b, 1, s, t]"):
    return f"""
model written(q: f32[b, s, 64], k: f32[b, t, 64], v: f32[b, t, 64], mask: {mask_type})
    -> f32[b, s, 64] {{
  bs = q.size(0)
  q = q.view(bs, -1, 4, 16).transpose(1, 2)
  k = k.view(bs, -1, 4, 16).transpose(1, 2)
  v = v.view(bs, -1, 4, 16).transpose(1, 2)
{body}
  return out.transpose(1, 2).contiguous().view(bs, -1, 64)
}}
"""


q, k, v = torch.randn(B, S, 64), torch.randn(B, T, 64), torch.randn(B, T, 64)
mask = (torch.rand(B, 1, S, T) > 0.3).long()
mask[0, 0, 3, :] = 0   # a query that sees no key
mask[1, 0, :, :] = 0   # a batch entry that sees nothing
fmin = torch.finfo(torch.float32).min

FILL = """
  scores = matmul(q, k.transpose(-2, -1)) / sqrt(16)
  scores = scores.masked_fill(mask == 0, {fill})
  out = matmul(softmax(scores, dim=-1), v)
"""
cases = [
    ("masked_fill -1e9", FILL.format(fill="-1e9"), -1e9, "masked scores -1"),
    ("masked_fill finfo.min", FILL.format(fill="-3.4028234663852886e38"), fmin,
     "masked scores -3.40282"),
    ("masked_fill -inf (NaN rows)", FILL.format(fill="-1e30 * 1e30"),
     float("-inf"), "masked scores -inf"),
]
for mode in ("fused", "reference"):
    for name, body, fill, remark in cases:
        M.check(f"{name} [{mode}]", seq_model(body),
                module(lambda q, k, v, m, fill=fill: attend(q, k, v, m, fill)),
                [q, k, v, mask], args=[f"--attention={mode}"],
                expect_remark=remark)


# Several key and query tiles, a mask computed in the model from an int
# padding mask (its bool buffer must not be vectorised: vector<Nxi1> is
# stored as bits).
q2, k2, v2 = torch.randn(B, 130, 64), torch.randn(B, 140, 64), torch.randn(B, 140, 64)
pad = torch.ones(B, 1, 1, 140, dtype=torch.long)
pad[0, ..., 100:] = 0
for mode in ("fused", "reference"):
    M.check(f"masked_fill -1e9, 130 x 140, [b, 1, 1, t] mask [{mode}]",
            seq_model(FILL.format(fill="-1e9"), "i64[b, 1, 1, t]"),
            module(lambda q, k, v, m: attend(q, k, v, m, -1e9)),
            [q2, k2, v2, pad], args=[f"--attention={mode}"],
            expect_remark="masked scores -1")

# Scale on q before the product, the keep-form where, a later scale.
def scaled_first(q, k, v, keep):
    q, k, v = heads(q), heads(k), heads(v)
    s = torch.matmul(q / 2.0, k.transpose(-2, -1))
    s = torch.where(keep, s, torch.tensor(-1e4)) * 0.5
    out = torch.matmul(torch.softmax(s, dim=-1), v)
    return out.transpose(1, 2).contiguous().view(B, -1, H * D)


keep = torch.rand(B, 1, 1, T) > 0.4
keep[1] = False
SCALED = """
  s = matmul(q / 2.0, k.transpose(-2, -1))
  s = where(mask, s, -1e4) * 0.5
  out = matmul(softmax(s, dim=-1), v)
"""
for mode in ("fused", "reference"):
    M.check(f"scale on q, keep-where, later scale [{mode}]",
            seq_model(SCALED, "bool[b, 1, 1, t]"), module(scaled_first),
            [q, k, v, keep], args=[f"--attention={mode}"],
            expect_remark="scale 2.5")


# An additive float mask (0 / -inf); a row of -inf only is NaN in torch.
def additive(q, k, v, m):
    q, k, v = heads(q), heads(k), heads(v)
    s = torch.matmul(q, k.transpose(-2, -1)) * 0.25 + m
    out = torch.matmul(torch.softmax(s, dim=-1), v)
    return out.transpose(1, 2).contiguous().view(B, -1, H * D)


add_mask = torch.where(torch.rand(S, T) > 0.3, 0.0, float("-inf"))
add_mask[2, :] = float("-inf")
ADDITIVE = """
  s = matmul(q, k.transpose(-2, -1)) * 0.25 + mask
  out = matmul(softmax(s, dim=-1), v)
"""
for mode in ("fused", "reference"):
    M.check(f"additive mask (NaN row) [{mode}]", seq_model(ADDITIVE, "f32[s, t]"),
            module(additive), [q, k, v, add_mask], args=[f"--attention={mode}"],
            expect_remark="additive mask")


# One head as [B, S, D] with a [B, S, T] mask; a near-miss (softmax over
# the queries) stays as written and is still right.
def one_head(q, k, v, m):
    s = torch.bmm(q, k.transpose(1, 2)) / 8.0
    s = s.masked_fill(m == 0, -1e9)
    return torch.bmm(torch.softmax(s, dim=-1), v)


def over_queries(q, k, v, m):
    s = torch.bmm(q, k.transpose(1, 2)) / 8.0
    return torch.bmm(torch.softmax(s, dim=-2).transpose(1, 2), q)


ONE_HEAD = """
model one(q: f32[b, s, 64], k: f32[b, t, 64], v: f32[b, t, 64], mask: i64[b, s, t])
    -> f32[b, s, 64] {
  s = matmul(q, k.transpose(1, 2)) / 8.0
  s = s.masked_fill(mask == 0, -1e9)
  return matmul(softmax(s, dim=-1), v)
}
"""
OVER_QUERIES = """
model over(q: f32[b, s, 64], k: f32[b, t, 64], v: f32[b, t, 64], mask: i64[b, s, t])
    -> f32[b, t, 64] {
  s = matmul(q, k.transpose(1, 2)) / 8.0
  return matmul(softmax(s, dim=-2).transpose(1, 2), q)
}
"""
m3 = (torch.rand(B, S, T) > 0.3).long()
m3[0, 1, :] = 0
for mode in ("fused", "reference"):
    M.check(f"one head [B, S, D] [{mode}]", ONE_HEAD, module(one_head),
            [q, k, v, m3], args=[f"--attention={mode}"],
            expect_remark="rank 3 as one head")
M.check("softmax over the queries (not raised)", OVER_QUERIES,
        module(over_queries), [q, k, v, m3])

M.finish()
