# RUN: %python %s
# seq.multi_head_attention against torch.nn.MultiheadAttention(batch_first=True),
# weights taken from the module's parameters, reference in float64.
import numpy as np
import torch

import seqtest

torch.manual_seed(0)
S = seqtest.Suite("multi_head_attention")
B, E, HEADS = 2, 16, 4


def module(bias=True, kdim=None, vdim=None):
    m = torch.nn.MultiheadAttention(E, HEADS, bias=bias, kdim=kdim, vdim=vdim,
                                    batch_first=True, dropout=0.0)
    if bias:  # torch initialises the biases to zero; make them matter
        with torch.no_grad():
            m.in_proj_bias.normal_()
            m.out_proj.bias.normal_()
    return m


def reference(m, q, k, v, **kw):
    # Training mode (dropout is 0) keeps torch 1.13 on its reference path: the
    # inference fast path may turn padded inputs into nested tensors and
    # return zeros at padded query positions.
    m = m.double().train()
    with torch.no_grad():
        out, _ = m(q.double(), k.double(), v.double(), need_weights=False,
                   **{n: (x.double() if x.is_floating_point() else x) for n, x in kw.items()})
    m.float()
    return out.numpy()


def padding(lengths, sk):
    """torch's key_padding_mask [B,Sk]: True = padding (ignored)."""
    return torch.arange(sk)[None, :] >= torch.as_tensor(lengths)[:, None]


def case(name, m, q, k, v, split=False, self_attn=False, lengths=None, mask=None,
         causal=None, **torch_kw):
    """Seq operands: the module's weights (`split`: the packed in_proj_weight
    passed as q/k/v_proj_weight), `lengths`, `mask` (numpy), `causal`;
    torch_kw: the masks given to torch."""
    want = reference(m, q, k, v, **torch_kw)
    p = {n: t.detach().numpy() for n, t in m.named_parameters()}
    named = {"out_proj_weight": p["out_proj.weight"], "out_proj_bias": p.get("out_proj.bias"),
             "in_proj_bias": p.get("in_proj_bias")}
    if "in_proj_weight" in p and not split:
        named["in_proj_weight"] = p["in_proj_weight"]
    elif "in_proj_weight" in p:
        named.update(zip(("q_proj_weight", "k_proj_weight", "v_proj_weight"),
                         np.split(p["in_proj_weight"], 3)))
    else:
        named.update((n, p[n]) for n in ("q_proj_weight", "k_proj_weight", "v_proj_weight"))
    # (seq operand name, array) in the order of the assembly format.
    weights = [(n, named[n]) for n in ("in_proj_weight", "in_proj_bias", "q_proj_weight",
                                       "k_proj_weight", "v_proj_weight", "out_proj_weight",
                                       "out_proj_bias") if named.get(n) is not None]
    acts = [q.numpy()] if self_attn else [q.numpy(), k.numpy(), v.numpy()]
    extra = [x for x in (lengths, mask) if x is not None]
    inputs = acts + [a for _, a in weights] + extra

    def mlir(T):
        tq, tk, tv = T(q, 0, 1), T(k, 0, 1), T(v, 0, 1)
        params = [("q", tq)] if self_attn else [("q", tq), ("k", tk), ("v", tv)]
        ops = "".join(f" {n}(%{n} : {T(a)})" for n, a in weights)
        params += [(n, T(a)) for n, a in weights]
        if lengths is not None:
            params.append(("len", T(lengths, 0)))
            ops += f" key_lengths(%len : {T(lengths, 0)})"
        if mask is not None:
            # [B,1,1,Sk] / [Sq,Sk] / [B,heads,Sq,Sk]: B, Sq, Sk dims dynamic.
            off = 4 - mask.ndim
            tm = T(mask, *[i for i, n in enumerate(mask.shape) if i + off in (0, 2, 3) and n != 1])
            params.append(("mask", tm))
            ops += f" mask(%mask : {tm})"
        if causal:
            ops += f" causal({causal})"
        kv = "%q, %q" if self_attn else "%k, %v"
        body = f"%o = seq.multi_head_attention %q, {kv} heads({HEADS}){ops} : {tq}, {tk}, {tv}"
        return seqtest.func(params, body, [("o", T(want, 0, 1))])
    S.case(name, mlir, inputs, [want])


x = torch.randn(B, 5, E)
q, k, v = torch.randn(B, 4, E), torch.randn(B, 6, E), torch.randn(B, 6, E)
kx, vx = torch.randn(B, 6, 12), torch.randn(B, 6, 10)

# Projections.
case("mha/packed,bias/self", module(), x, x, x, self_attn=True)
case("mha/packed,bias/cross,Sq!=Sk", module(), q, k, v)
case("mha/packed,no_bias/cross", module(bias=False), q, k, v)
case("mha/packed_as_separate_qkv,bias", module(), q, k, v, split=True)
case("mha/separate,kdim=12,vdim=10,bias", module(kdim=12, vdim=10), q, kx, vx)
case("mha/separate,kdim=12,vdim=10,no_bias", module(bias=False, kdim=12, vdim=10), q, kx, vx)

# key_padding_mask as key_lengths and as an i1 keep-mask [B,1,1,Sk].
lens = [6, 3]
kpm = padding(lens, 6)
case("mha/key_padding/key_lengths_i32", module(), q, k, v,
     lengths=np.array(lens, np.int32), key_padding_mask=kpm)
case("mha/key_padding/key_lengths_i64,self", module(), x, x, x, self_attn=True,
     lengths=np.array([2, 5], np.int64), key_padding_mask=padding([2, 5], 5))
case("mha/key_padding/i1_mask[B,1,1,Sk]", module(kdim=12, vdim=10), q, kx, vx,
     mask=(~kpm)[:, None, None, :].numpy(), key_padding_mask=kpm)

# attn_mask: causal (bool, True = not allowed), as causal(top_left) and as
# an explicit keep-mask; additive float masks, shared and per head.
causal = torch.ones(5, 5).triu(1).bool()
case("mha/attn_mask_causal/causal(top_left),self", module(), x, x, x, self_attn=True,
     causal="top_left", attn_mask=causal)
case("mha/attn_mask_causal/i1_mask[Sq,Sk],self", module(bias=False), x, x, x, self_attn=True,
     mask=(~causal).numpy(), attn_mask=causal)
add = torch.randn(4, 6)
case("mha/attn_mask_f32[Sq,Sk]", module(), q, k, v, mask=add.numpy(), attn_mask=add)
add = torch.randn(B * HEADS, 4, 6)  # torch's [B*heads, Sq, Sk] is seq's [B,heads,Sq,Sk]
case("mha/attn_mask_f32_per_head[B,heads,Sq,Sk]", module(), q, k, v,
     mask=add.reshape(B, HEADS, 4, 6).numpy(), attn_mask=add)

# Padding and causal together.
case("mha/key_lengths+causal,self", module(), x, x, x, self_attn=True,
     lengths=np.array([5, 3], np.int32), causal="top_left",
     key_padding_mask=padding([5, 3], 5), attn_mask=causal)

S.finish()
