# RUN: %python %s
# The fused attention (seq-fuse-attention) against a float64 PyTorch
# reference: every mask kind, sizes that do not divide the tiles, Sq = 1,
# Sq != Sk, dynamic shapes (each case runs static and with B, Sq, Sk
# dynamic), odd head dims, and multi-head attention.
#
# Configurations: the default pipeline (`seq-run --attention=fused`, 64 x 64
# tiles, host vector width) on every case, and, on a subset (dynamic shapes
# only), the pass run first by seq-opt with small tiles (many tiles and
# remainders at small sizes), with vectorize=false (the scalar loop nest)
# and with vector-width=16 (the AVX-512 shape, legalised by LLVM on any
# x86).
#
# Tolerance: seqtest's |got - want| <= 1e-5 + 1e-4 |want| (float32 math,
# polynomial exp, a different summation order; reductions of up to 300 keys
# of 64-dim products). Mask bugs give errors of order 1e-1.
import math
import os
import shutil
import stat
import tempfile

import numpy as np
import torch

import seqtest

torch.manual_seed(0)
S = seqtest.Suite("fused_sdpa")
TMP = tempfile.mkdtemp(prefix="fused-sdpa-")
SEQ_RUN = os.environ.get("SEQ_RUN") or shutil.which("seq-run") or "seq-run"
SEQ_OPT = os.environ.get("SEQ_OPT") or shutil.which("seq-opt") or "seq-opt"


def runner(name, pass_options=None):
    """A seq-run stand-in for seqtest: the default fused pipeline, or
    seq-opt --seq-fuse-attention=OPTIONS first (the reference lowering then
    finds no seq.sdpa left)."""
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n")
        if pass_options is None:
            f.write(f'exec "{SEQ_RUN}" --attention=fused "$@"\n')
        else:
            f.write('src="$1"; shift\n'
                    f'"{SEQ_OPT}" "$src" --seq-fuse-attention="{pass_options}" '
                    '-o "$src.fused.mlir" || exit 1\n'
                    f'grep -q "seq.sdpa" "$src.fused.mlir" && exit 3\n'
                    f'exec "{SEQ_RUN}" "$src.fused.mlir" --attention=reference "$@"\n')
    os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)
    return path


CONFIGS = {
    "fused": runner("fused"),
    "tiles16x8": runner("tiles16x8", "tile-q=16 tile-kv=8"),
    "scalar": runner("scalar", "vectorize=false tile-q=8 tile-kv=12"),
    "width16": runner("width16", "vector-width=16 tile-q=32 tile-kv=16"),
}


def reference(q, k, v, keep=None, add=None, scale=None):
    """softmax over the kept keys of q·kᵀ·scale + add, times v, in float64;
    a query row with no kept key gives zeros (Seqc's semantics)."""
    q, k, v = q.double(), k.double(), v.double()
    scale = 1 / math.sqrt(q.shape[-1]) if scale is None else scale
    s = q @ k.transpose(-1, -2) * scale
    if add is not None:
        s = s + add.double()
    if keep is not None:
        s = s.masked_fill(~keep.expand_as(s), -math.inf)
    m = s.amax(-1, keepdim=True)
    e = torch.exp(s - torch.where(torch.isfinite(m), m, torch.zeros_like(m)))
    den = e.sum(-1, keepdim=True)
    p = torch.where(den > 0, e / torch.where(den > 0, den, torch.ones_like(den)),
                    torch.zeros_like(e))
    return (p @ v).numpy()


def qkv(b, h, sq, sk, d=64, dv=None, amp=1.0):
    dv = d if dv is None else dv
    return (torch.randn(b, h, sq, d) * amp, torch.randn(b, h, sk, d) * amp,
            torch.randn(b, h, sk, dv))


def causal_keep(sq, sk, align):
    return torch.ones(sq, sk).tril(0 if align == "top_left" else sk - sq).bool()


def lengths_keep(lengths, sk):
    return (torch.arange(sk)[None, :] < torch.as_tensor(lengths)[:, None])[:, None, None, :]


def case(name, q, k, v, lengths=None, mask=None, causal=None, scale=None,
         keep=None, add=None, configs=("fused",)):
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
            off = 4 - mask.ndim
            tm = T(mask, *[i for i, n in enumerate(mask.shape)
                           if i + off in (0, 2, 3) and n != 1])
            params.append(("mask", tm))
            extra += f" mask(%mask : {tm})"
        if causal:
            extra += f" causal({causal})"
        if scale is not None:
            extra += f" {{scale = {seqtest.flt(scale)} : f32}}"
        return seqtest.func(params, f"%o = seq.sdpa %q, %k, %v{extra} : {tq}, {tk}, {tv}",
                            [("o", T(want, 0, 2))])

    for config in configs:
        S.seq_run = CONFIGS[config]
        # The other configurations run the dynamic variant only.
        variants = ("static", "dynamic") if config == "fused" else ("dynamic",)
        S.case(f"{name} <{config}>", mlir, inputs, [want], variants=variants)


ALL = tuple(CONFIGS)

# No mask: tile remainders in both dims, Sq != Sk both ways.
case("nomask/Sq=Sk=200", *qkv(1, 2, 200, 200), configs=ALL)
case("nomask/Sq=77,Sk=300", *qkv(2, 1, 77, 300))
case("nomask/Sq=300,Sk=77", *qkv(1, 2, 300, 77))
case("nomask/Sq=Sk=64", *qkv(1, 2, 64, 64))
case("nomask/small,Sq=5,Sk=7", *qkv(2, 2, 5, 7, d=8), configs=ALL)
# Odd head dims: D = 24, Dv = 20 (not a multiple of the vector width).
case("nomask/D=24,Dv=20", *qkv(2, 2, 70, 90, d=24, dv=20), configs=ALL)
# Scores of magnitude ~30 whose max moves from tile to tile: the running
# max and the accumulator rescaling must be right.
q, k, v = qkv(1, 2, 100, 260, amp=2.5)
k = k * torch.linspace(0.2, 1.5, 260)[None, None, :, None]
case("nomask/large_scores,rising_max", q, k, v, configs=ALL)
case("nomask/scale=0.3", *qkv(1, 2, 90, 130), scale=float(np.float32(0.3)))

# Causal: tiles above the diagonal skipped, below unmasked, diagonal masked.
for sq, sk in ((200, 200), (150, 260), (200, 90), (7, 4)):
    for align in ("top_left", "bottom_right"):
        # bottom_right with Sq > Sk: the first Sq - Sk rows see no key (zeros).
        case(f"causal_{align}/Sq={sq},Sk={sk}", *qkv(1, 2, sq, sk), causal=align,
             keep=causal_keep(sq, sk, align),
             configs=ALL if (sq, sk) in ((200, 200), (200, 90)) else ("fused",))

# key_lengths: zero, inside a tile, on tile boundaries, = Sk, > Sk.
lens = np.array([0, 130, 64, 200, 250], np.int32)
case("key_lengths/i32,Sk=200", *qkv(5, 1, 70, 200), lengths=lens,
     keep=lengths_keep(lens, 200), configs=ALL)
lens = np.array([128, 1], np.int64)
case("key_lengths/i64,Sk=150", *qkv(2, 2, 40, 150), lengths=lens, keep=lengths_keep(lens, 150))

# Decoding: one query row against a padded key/value cache.
lens = np.array([333, 200, 64], np.int32)
case("decode/Sq=1,lengths,causal_bottom_right", *qkv(3, 2, 1, 333), lengths=lens,
     causal="bottom_right", keep=lengths_keep(lens, 333) & causal_keep(1, 333, "bottom_right"),
     configs=ALL)
case("decode/Sq=1,nomask", *qkv(2, 4, 1, 150))
case("decode/Sq=1,causal_top_left", *qkv(1, 2, 1, 100), causal="top_left",
     keep=causal_keep(1, 100, "top_left"))

# Explicit i1 keep-masks (true = attend) at several broadcast shapes, with
# fully masked rows.
m = torch.rand(2, 2, 90, 140) > 0.4
m[0, 1, 5, :] = False
m[1, 0, 80, :] = False
case("mask_i1/[B,H,Sq,Sk],masked_rows", *qkv(2, 2, 90, 140), mask=m.numpy(), keep=m,
     configs=ALL)
m = torch.rand(90, 140) > 0.3
case("mask_i1/[Sq,Sk]", *qkv(2, 2, 90, 140), mask=m.numpy(), keep=m)
m = lengths_keep([100, 30], 140)
case("mask_i1/[B,1,1,Sk]", *qkv(2, 2, 90, 140), mask=m.numpy(), keep=m)

# Additive f32 masks.
a = torch.randn(2, 1, 90, 140)
case("mask_f32/[B,1,Sq,Sk]", *qkv(2, 2, 90, 140), mask=a.numpy(), add=a, configs=ALL)
a = torch.triu(torch.full((100, 100), -math.inf), diagonal=1)
case("mask_f32/[Sq,Sk],-inf_subsequent", *qkv(1, 2, 100, 100), mask=a.numpy(), add=a)

# Everything at once.
lens = np.array([150, 70], np.int32)
m = torch.rand(2, 1, 120, 160) > 0.2
case("combined/lengths,causal_bottom_right,i1,scale", *qkv(2, 2, 120, 160), lengths=lens,
     mask=m.numpy(), causal="bottom_right", scale=0.2,
     keep=lengths_keep(lens, 160) & causal_keep(120, 160, "bottom_right") & m, configs=ALL)
lens = np.array([160, 90], np.int64)
a = torch.randn(120, 160)
case("combined/lengths,causal_top_left,f32", *qkv(2, 2, 120, 160), lengths=lens,
     mask=a.numpy(), causal="top_left", add=a,
     keep=lengths_keep(lens, 160) & causal_keep(120, 160, "top_left"))


# Multi-head attention: its seq.sdpa is fused too.
def mha_case(name, sq, sk, heads=4, embed=64, causal=None, lengths=None):
    mha = torch.nn.MultiheadAttention(embed, heads, batch_first=True, dropout=0.0)
    with torch.no_grad():
        mha.in_proj_bias.normal_()
        mha.out_proj.bias.normal_()
    x, y = torch.randn(2, sq, embed), torch.randn(2, sk, embed)
    kw = {}
    if causal:
        kw["attn_mask"] = ~causal_keep(sq, sk, "top_left")
    if lengths is not None:
        kw["key_padding_mask"] = ~lengths_keep(lengths, sk)[:, 0, 0, :]
    m64 = mha.double().train()
    with torch.no_grad():
        want, _ = m64(x.double(), y.double(), y.double(), need_weights=False, **kw)
    want = want.numpy()
    mha.float()
    p = {n: t.detach().numpy() for n, t in mha.named_parameters()}
    weights = [("in_proj_weight", p["in_proj_weight"]), ("in_proj_bias", p["in_proj_bias"]),
               ("out_proj_weight", p["out_proj.weight"]), ("out_proj_bias", p["out_proj.bias"])]
    inputs = [x.numpy(), y.numpy()] + [w for _, w in weights]
    if lengths is not None:
        inputs.append(lengths)

    def mlir(T):
        tx, ty = T(x, 0, 1), T(y, 0, 1)
        params = [("x", tx), ("y", ty)] + [(n, T(w)) for n, w in weights]
        ops = "".join(f" {n}(%{n} : {T(w)})" for n, w in weights)
        if lengths is not None:
            params.append(("len", T(lengths, 0)))
            ops += f" key_lengths(%len : {T(lengths, 0)})"
        if causal:
            ops += " causal(top_left)"
        return seqtest.func(params, f"%o = seq.multi_head_attention %x, %y, %y heads({heads})"
                            f"{ops} : {tx}, {ty}, {ty}", [("o", T(want, 0, 1))])

    for config in ("fused", "tiles16x8"):
        S.seq_run = CONFIGS[config]
        S.case(f"{name} <{config}>", mlir, inputs, [want])


mha_case("mha/Sq=Sk=100", 100, 100)
mha_case("mha/Sq=70,Sk=130,lengths,causal", 70, 130, causal=True,
         lengths=np.array([130, 80], np.int32))

# NaN and infinities in q or k: the rows they reach are NaN, as in torch
# (the polynomial exp once clamped a NaN to 0 and gave zeros or finite
# rows). No mask, so torch's own softmax is the reference.
q, k, v = qkv(1, 2, 70, 90, d=16)
q[0, 0, 3, 2] = math.nan
q[0, 1, 5, 0] = math.inf
q[0, 1, 6, :] = -math.inf
k[0, 0, 40, 7] = math.nan
with torch.no_grad():
    want = (torch.softmax(q.double() @ k.double().transpose(-1, -2) / 4.0, dim=-1)
            @ v.double()).numpy()
assert np.isnan(want).any() and np.isfinite(want[0, 1, :5]).all()
for config in ALL:
    S.seq_run = CONFIGS[config]
    variants = ("static", "dynamic") if config == "fused" else ("dynamic",)
    S.case(f"nan_inf_in_q_k <{config}>",
           lambda T: seqtest.func(
               [("q", T(q.numpy(), 0, 2)), ("k", T(k.numpy(), 0, 2)),
                ("v", T(v.numpy(), 0, 2))],
               f"%o = seq.sdpa %q, %k, %v : {T(q.numpy(), 0, 2)}, "
               f"{T(k.numpy(), 0, 2)}, {T(v.numpy(), 0, 2)}",
               [("o", T(want, 0, 2))]),
           [q.numpy(), k.numpy(), v.numpy()], [want], variants=variants,
           nonfinite=True)

shutil.rmtree(TMP, ignore_errors=True)
S.finish()
