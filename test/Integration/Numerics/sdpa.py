# RUN: %python %s
# seq.sdpa against a float64 matmul-softmax-matmul reference (torch 1.13 has
# no F.scaled_dot_product_attention), with every kind of mask.
import math

import numpy as np
import torch

import seqtest

torch.manual_seed(0)
S = seqtest.Suite("sdpa")
B, H, D = 2, 2, 8


def qkv(sq, sk, dv=D, b=B, amp=1.0, d=D):
    return (torch.randn(b, H, sq, d) * amp, torch.randn(b, H, sk, d) * amp,
            torch.randn(b, H, sk, dv))


def reference(q, k, v, keep=None, add=None, scale=None):
    """softmax over the kept keys of q·kᵀ·scale + add, times v; a query row
    with no kept key gives zeros (Seqc's semantics; torch would give NaN)."""
    q, k, v = q.double(), k.double(), v.double()
    scale = 1 / math.sqrt(q.shape[-1]) if scale is None else scale
    s = q @ k.transpose(-1, -2) * scale
    if add is not None:
        s = s + add.double()
    keep = torch.ones_like(s, dtype=torch.bool) if keep is None else keep.expand_as(s)
    s = s.masked_fill(~keep, -math.inf)
    m = s.amax(-1, keepdim=True)
    e = torch.exp(s - torch.where(torch.isfinite(m), m, torch.zeros_like(m)))
    den = e.sum(-1, keepdim=True)
    p = torch.where(den > 0, e / torch.where(den > 0, den, torch.ones_like(den)),
                    torch.zeros_like(e))
    return (p @ v).numpy()


def causal_keep(sq, sk, align):
    """top_left: torch.ones(Sq, Sk).tril(); bottom_right: j <= i + Sk - Sq."""
    return torch.ones(sq, sk).tril(0 if align == "top_left" else sk - sq).bool()


def lengths_keep(lengths, sk):
    """[B,1,1,Sk]: key j kept iff j < lengths[b]."""
    return (torch.arange(sk)[None, :] < torch.as_tensor(lengths)[:, None])[:, None, None, :]


def mask_dyn(shape):
    """Dynamic axes of a mask broadcast to [B,H,Sq,Sk]: B, Sq and Sk dims
    that are not a (static) broadcast 1."""
    off = 4 - len(shape)
    return [i for i, n in enumerate(shape) if i + off in (0, 2, 3) and n != 1]


def case(name, q, k, v, lengths=None, mask=None, causal=None, scale=None,
         keep=None, add=None, **tol):
    """`lengths`/`mask` are the seq operands (numpy); `keep`/`add` the
    reference's combined keep-mask and additive mask."""
    want = reference(q, k, v, keep, add, scale)
    q, k, v = q.numpy(), k.numpy(), v.numpy()
    inputs = [q, k, v] + [x for x in (lengths, mask) if x is not None]

    def mlir(T):
        tq, tk, tv = T(q, 0, 2), T(k, 0, 2), T(v, 0, 2)
        params, extra = [("q", tq), ("k", tk), ("v", tv)], ""
        if lengths is not None:
            params.append(("len", T(lengths, 0)))
            extra += f" key_lengths(%len : {T(lengths, 0)})"
        if mask is not None:
            tm = T(mask, *mask_dyn(mask.shape))
            params.append(("mask", tm))
            extra += f" mask(%mask : {tm})"
        if causal:
            extra += f" causal({causal})"
        if scale is not None:
            extra += f" {{scale = {seqtest.flt(scale)} : f32}}"
        return seqtest.func(params, f"%o = seq.sdpa %q, %k, %v{extra} : {tq}, {tk}, {tv}",
                            [("o", T(want, 0, 2))])
    S.case(name, mlir, inputs, [want], **tol)


# No mask.
case("sdpa/nomask/Sq=Sk", *qkv(6, 6))
case("sdpa/nomask/Sq<Sk,Dv!=D", *qkv(3, 7, dv=5))
case("sdpa/nomask/Sq>Sk", *qkv(7, 4))
case("sdpa/nomask/Sq=1", *qkv(1, 6))
# Scores of magnitude ~30: softmax must subtract the row max.
case("sdpa/nomask/large_scores", *qkv(5, 5, amp=4.0))

# Causal masks.
for sq, sk in ((6, 6), (3, 7), (7, 4)):
    for align in ("top_left", "bottom_right"):
        # bottom_right with Sq > Sk leaves the first Sq-Sk query rows with no
        # key at all: they must be zeros.
        case(f"sdpa/causal_{align}/Sq={sq},Sk={sk}", *qkv(sq, sk), causal=align,
             keep=causal_keep(sq, sk, align))

# key_lengths (i32 and i64); a zero length masks every key of that batch.
lens = np.array([7, 3], np.int32)
case("sdpa/key_lengths/i32", *qkv(4, 7), lengths=lens, keep=lengths_keep(lens, 7))
lens = np.array([0, 5], np.int64)
case("sdpa/key_lengths/i64,zero_length", *qkv(4, 5), lengths=lens, keep=lengths_keep(lens, 5))

# Explicit i1 keep-masks (true = attend), at several broadcast shapes.
m = torch.rand(B, H, 5, 6) > 0.4
m[0, 1, 2, :] = False  # a fully masked row -> zeros
m[1, 0, 4, :] = False
case("sdpa/mask_i1/[B,H,Sq,Sk],masked_rows", *qkv(5, 6), mask=m.numpy(), keep=m)
m = torch.rand(5, 6) > 0.3
m[:, 0] = True
case("sdpa/mask_i1/[Sq,Sk]", *qkv(5, 6), mask=m.numpy(), keep=m)
m = lengths_keep([4, 6], 6)
case("sdpa/mask_i1/[B,1,1,Sk]", *qkv(5, 6), mask=m.numpy(), keep=m)
m = torch.rand(1, H, 5, 6) > 0.5
m[..., 1] = True
case("sdpa/mask_i1/[1,H,Sq,Sk]", *qkv(5, 6), mask=m.numpy(), keep=m)

# Additive f32 masks.
a = torch.randn(B, H, 4, 6)
case("sdpa/mask_f32/[B,H,Sq,Sk]", *qkv(4, 6), mask=a.numpy(), add=a)
a = torch.randn(B, 1, 1, 6) * 3
case("sdpa/mask_f32/[B,1,1,Sk]", *qkv(4, 6), mask=a.numpy(), add=a)
# -inf above the diagonal, as nn.Transformer.generate_square_subsequent_mask.
a = torch.triu(torch.full((5, 5), -math.inf), diagonal=1)
case("sdpa/mask_f32/[Sq,Sk],-inf_subsequent", *qkv(5, 5), mask=a.numpy(), add=a)

# Explicit scale.
case("sdpa/scale=0.3", *qkv(4, 6), scale=float(np.float32(0.3)))
case("sdpa/scale=1.0,causal_bottom_right", *qkv(3, 5), scale=1.0, causal="bottom_right",
     keep=causal_keep(3, 5, "bottom_right"))

# Every mask at once: key_lengths & causal & i1 mask, with a scale.
lens = np.array([5, 2], np.int32)
m = torch.rand(B, 1, 4, 6) > 0.3
case("sdpa/combined/lengths,causal_top_left,i1,scale", *qkv(4, 6), lengths=lens,
     mask=m.numpy(), causal="top_left", scale=0.25,
     keep=lengths_keep(lens, 6) & causal_keep(4, 6, "top_left") & m)
lens = np.array([6, 3], np.int64)
a = torch.randn(5, 6)
case("sdpa/combined/lengths,causal_bottom_right,f32", *qkv(5, 6), lengths=lens,
     mask=a.numpy(), causal="bottom_right", add=a,
     keep=lengths_keep(lens, 6) & causal_keep(5, 6, "bottom_right"))
# Decoder step: one query against a cache of 7 keys, padded per batch.
lens = np.array([7, 4], np.int32)
case("sdpa/decode_step/Sq=1,lengths,causal_bottom_right", *qkv(1, 7), lengths=lens,
     causal="bottom_right", keep=lengths_keep(lens, 7) & causal_keep(1, 7, "bottom_right"))
# Sizes that are not multiples of any vector width.
lens = np.array([37, 20], np.int64)
case("sdpa/odd_sizes/Sq=9,Sk=37,D=12,Dv=20,lengths,causal_bottom_right",
     *qkv(9, 37, dv=20, d=12), lengths=lens, causal="bottom_right",
     keep=lengths_keep(lens, 37) & causal_keep(9, 37, "bottom_right"))

S.finish()
