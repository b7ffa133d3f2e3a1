# RUN: %python %s
# The general tensor ops (matmul, transpose, reshape, concat, slice,
# index_select, compare, where, cast, unary math, clamp, pow, sub/div/max/min,
# reductions, argmax, log_softmax) against torch, static and dynamic dims,
# including NaN/inf propagation where torch defines it.
import numpy as np
import torch

import seqtest

torch.manual_seed(0)
S = seqtest.Suite("tensor_ops")
f32 = lambda *s: torch.randn(s).numpy()


def t64(a):
    return torch.from_numpy(np.asarray(a)).double() if np.asarray(a).dtype.kind == "f" else torch.from_numpy(np.asarray(a))


def out(r):
    return r.numpy() if isinstance(r, torch.Tensor) else np.asarray(r)


def one(name, args, dyn, op_text, want, odyn, always_dynamic=(), **kw):
    """args: [(name, array)], dyn: per arg the dynamic axes; op_text(T, types)
    returns the body computing %y; always_dynamic: result axes that are `?`
    in both variants (sizes known only at run time)."""
    def mlir(T):
        types = [T(a, *d) for (_, a), d in zip(args, dyn)]
        rtype = (seqtest.ttype(want.shape, seqtest.elt(want), always_dynamic)
                 if always_dynamic else T(want, *odyn))
        return seqtest.func([(n, t) for (n, _), t in zip(args, types)],
                            op_text(T, types), [("y", rtype)])
    S.case(name, mlir, [a for _, a in args], [want], **kw)


# --- matmul: torch.matmul's ranks and broadcasting ---------------------------
def matmul(name, a, b, adyn, bdyn, odyn):
    want = out(torch.matmul(t64(a), t64(b)))
    one(f"matmul/{name}", [("a", a), ("b", b)], [adyn, bdyn],
        lambda T, t: f"%y = seq.matmul %a, %b : {t[0]}, {t[1]}", want, odyn)


matmul("2d", f32(5, 7), f32(7, 3), (0,), (), (0,))
matmul("3d@2d", f32(2, 5, 7), f32(7, 9), (0, 1), (), (0, 1))
matmul("batched4d", f32(2, 3, 5, 8), f32(2, 3, 8, 6), (0, 2), (0, 3), (0, 2, 3))
matmul("broadcast_batch", f32(2, 1, 5, 8), f32(3, 8, 6), (0, 2), (2,), (0, 2, 3))
matmul("vec@mat", f32(7), f32(7, 3), (0,), (), ())
matmul("mat@vec", f32(4, 7), f32(7), (0,), (0,), (0,))
matmul("batched@vec", f32(2, 4, 7), f32(7), (0, 1), (), (0, 1))
matmul("vec@batched", f32(7), f32(2, 7, 3), (), (0,), (0,))
matmul("dot", f32(7), f32(7), (0,), (0,), ())
# ragged sizes that divide no tile
matmul("ragged", f32(37, 19), f32(19, 23), (0,), (), (0,))

# --- transpose / permute ----------------------------------------------------
x4 = f32(2, 3, 4, 5)
for perm in ([0, 1, 3, 2], [0, 2, 1, 3], [3, 2, 1, 0], [0, -1, 1, -2]):
    want = out(t64(x4).permute(*perm))
    pstr = ", ".join(map(str, perm))
    one(f"transpose/{perm}", [("x", x4)], [(0, 2)],
        lambda T, t, pstr=pstr: f"%y = seq.transpose %x, permutation = [{pstr}] : {t[0]}",
        want, [i for i, p in enumerate(perm) if p % 4 in (0, 2)])

# --- reshape: static sizes, -1, and a run-time size ------------------------
x3 = f32(2, 6, 8)
one("reshape/split_heads", [("x", x3)], [(0, 1)],
    lambda T, t: f"%y = seq.reshape %x {{static_sizes = array<i64: 2, -1, 2, 4>}} : {t[0]}",
    out(t64(x3).view(2, -1, 2, 4)), (1,))
one("reshape/merge", [("x", x3)], [(0, 1)],
    lambda T, t: f"%y = seq.reshape %x {{static_sizes = array<i64: -1, 48>}} : {t[0]}",
    out(t64(x3).reshape(-1, 48)), (0,))
one("reshape/runtime_batch", [("x", x3)], [(0, 1)],
    lambda T, t: ("%c0 = arith.constant 0 : index\n"
                  f"%b = tensor.dim %x, %c0 : {t[0]}\n"
                  f"%y = seq.reshape %x [%b] {{static_sizes = array<i64: -9223372036854775808, -1, 16>}} : {t[0]}"),
    out(t64(x3).reshape(2, -1, 16)), (0, 1), always_dynamic=(0, 1))

# --- concat, slice -----------------------------------------------------------
a, b = f32(2, 3, 4), f32(2, 5, 4)
one("concat/axis1", [("a", a), ("b", b)], [(0, 1), (0, 1)],
    lambda T, t: f"%y = seq.concat %a, %b axis = 1 : {t[0]}, {t[1]}",
    out(torch.cat([t64(a), t64(b)], 1)), (0, 1))
c = f32(2, 3, 7)
one("concat/last3", [("a", a), ("c", c), ("a2", a)], [(0,), (0,), (0,)],
    lambda T, t: f"%y = seq.concat %a, %c, %a2 axis = -1 : {t[0]}, {t[1]}, {t[2]}",
    out(torch.cat([t64(a), t64(c), t64(a)], -1)), (0,))
xs = f32(3, 10, 4)
for (s_, e_, st) in ((2, 7, 1), (0, 10, 3), (-4, 100, 1), (-100, -2, 2), (5, 3, 1), (1, 9, 4)):
    want = out(t64(xs)[:, s_:e_:st])
    one(f"slice/{s_}:{e_}:{st}", [("x", xs)], [(0, 1)],
        lambda T, t, s_=s_, e_=e_, st=st: (
            f"%y = seq.slice %x {{axis = 1 : i64, start = {s_} : i64, end = {e_} : i64, step = {st} : i64}} : {t[0]}"),
        want, (0, 1) if want.shape[1] else (0,))

# --- index_select -----------------------------------------------------------
tbl = f32(4, 6, 3)
idx = np.array([5, 0, 2, 2], dtype=np.int64)
one("index_select/axis1", [("x", tbl), ("i", idx)], [(0,), (0,)],
    lambda T, t: f"%y = seq.index_select %x, %i axis = 1 : {t[0]}, {t[1]}",
    out(torch.index_select(t64(tbl), 1, torch.from_numpy(idx))), (0, 1))

# --- compare, where, masked_fill, cast ---------------------------------------
m = np.array([[1, 0, 1, 1, 0], [0, 0, 1, 0, 1]], dtype=np.int64)
for pred, fn in (("eq", torch.eq), ("ne", torch.ne), ("lt", torch.lt),
                 ("le", torch.le), ("gt", torch.gt), ("ge", torch.ge)):
    want = out(fn(torch.from_numpy(m), 0))
    one(f"compare/{pred}_i64_scalar", [("m", m)], [(0, 1)],
        lambda T, t, pred=pred: ("%z = arith.constant 0 : i64\n"
                                 f"%y = seq.compare {pred} %m, %z : {t[0]}, i64"),
        want, (0, 1))
fa, fb = f32(3, 4), f32(4)
fa[0, 0] = np.nan
for pred, fn in (("eq", torch.eq), ("ne", torch.ne), ("lt", torch.lt), ("ge", torch.ge)):
    one(f"compare/{pred}_f32_broadcast", [("a", fa), ("b", fb)], [(0,), ()],
        lambda T, t, pred=pred: f"%y = seq.compare {pred} %a, %b : {t[0]}, {t[1]}",
        out(fn(torch.from_numpy(fa), torch.from_numpy(fb))), (0,))
scores = f32(2, 2, 3, 5)
mask = np.array([[1, 1, 0, 1, 0], [0, 0, 0, 0, 0]], dtype=np.int64).reshape(2, 1, 1, 5)
want = out(t64(scores).masked_fill(torch.from_numpy(mask) == 0, -1e9))
one("where/masked_fill", [("s", scores), ("m", mask)], [(0, 2), (0,)],
    lambda T, t: ("%z = arith.constant 0 : i64\n"
                  f"%c = seq.compare eq %m, %z : {t[1]}, i64\n"
                  "%f = arith.constant -1.000000000e+09 : f32\n"
                  f"%y = seq.where %c, %f, %s : {T(mask, 0, element='i1')}, f32, {t[0]}"),
    want, (0, 2))
cond = np.array([True, False, True, False])
one("where/tensors", [("c", cond), ("a", fa), ("b", fb)], [(), (0,), ()],
    lambda T, t: f"%y = seq.where %c, %a, %b : {t[0]}, {t[1]}, {t[2]}",
    out(torch.where(torch.from_numpy(cond), torch.from_numpy(fa), torch.from_numpy(fb))),
    (0,), nonfinite=True)
fc = np.array([[-2.7, -0.5, 0.0, 0.4, 3.9]], dtype=np.float32)
for to, elt, dt in (("i64", "i64", torch.int64), ("i1", "i1", torch.bool), ("i32", "i32", torch.int32)):
    one(f"cast/f32_to_{to}", [("x", fc)], [(1,)],
        lambda T, t, elt=elt: f"%y = seq.cast %x : {t[0]} to {T(fc, 1, element=elt)}",
        out(torch.from_numpy(fc).to(dt)), (1,))
one("cast/i1_to_f32", [("m", cond)], [(0,)],
    lambda T, t: f"%y = seq.cast %m : {t[0]} to {T(cond, 0, element='f32')}",
    out(torch.from_numpy(cond).to(torch.float32)), (0,))
one("cast/i64_to_f32", [("m", m)], [(0,)],
    lambda T, t: f"%y = seq.cast %m : {t[0]} to {T(m, 0, element='f32')}",
    out(torch.from_numpy(m).to(torch.float32)), (0,))

# --- elementwise math --------------------------------------------------------
pos = np.abs(f32(3, 9)) + 0.1
anyx = f32(3, 9)
for kind, fn, x in (("exp", torch.exp, anyx), ("log", torch.log, pos),
                    ("sqrt", torch.sqrt, pos), ("rsqrt", torch.rsqrt, pos),
                    ("abs", torch.abs, anyx), ("neg", torch.neg, anyx),
                    ("erf", torch.erf, 3 * anyx)):
    one(f"unary/{kind}", [("x", x)], [(0,)],
        lambda T, t, kind=kind: f"%y = seq.unary {kind} %x : {t[0]}",
        out(fn(t64(x))), (0,))
special = np.array([[np.nan, np.inf, -np.inf, 0.0, -1.0]], dtype=np.float32)
for kind, fn in (("exp", torch.exp), ("log", torch.log), ("sqrt", torch.sqrt),
                 ("erf", torch.erf)):
    one(f"unary/{kind}_special", [("x", special)], [(0,)],
        lambda T, t, kind=kind: f"%y = seq.unary {kind} %x : {t[0]}",
        out(fn(torch.from_numpy(special))), (0,), nonfinite=True)
cl = np.concatenate([anyx, special[:, :1].repeat(9, 1)], 0)
one("clamp/both", [("x", cl)], [(0,)],
    lambda T, t: f"%y = seq.clamp %x {{min = -0.5 : f64, max = 0.75 : f64}} : {t[0]}",
    out(torch.clamp(torch.from_numpy(cl), -0.5, 0.75)), (0,), nonfinite=True)
one("clamp/min_only", [("x", anyx)], [(0,)],
    lambda T, t: f"%y = seq.clamp %x {{min = 0.0 : f64}} : {t[0]}",
    out(torch.clamp(t64(anyx), min=0.0)), (0,))
for e in (2.0, 0.5, -1.0, 3.0, 1.7):
    one(f"pow/scalar_{e}", [("x", pos)], [(0,)],
        lambda T, t, e=e: f"%e = arith.constant {seqtest.flt(e)} : f32\n%y = seq.pow %x, %e : {t[0]}, f32",
        out(torch.pow(t64(pos), e)), (0,))
for op in ("sub", "div", "maximum", "minimum"):
    one(f"{op}/broadcast", [("a", fa[1:]), ("b", pos[:1, :4])], [(0,), ()],
        lambda T, t, op=op: f"%y = seq.{op} %a, %b : {t[0]}, {t[1]}",
        out(getattr(torch, op)(t64(fa[1:]), t64(pos[:1, :4]))), (0,))
one("maximum/nan", [("a", fa), ("b", fb)], [(0,), ()],
    lambda T, t: f"%y = seq.maximum %a, %b : {t[0]}, {t[1]}",
    out(torch.maximum(torch.from_numpy(fa), torch.from_numpy(fb))), (0,), nonfinite=True)

# --- reductions, argmax, log_softmax -----------------------------------------
r = f32(3, 5, 7)
for kind, fn in (("sum", torch.sum), ("mean", torch.mean), ("max", torch.amax), ("min", torch.amin)):
    for axes, keep in (([1], False), ([-1], True), ([0, 2], False), ([1, 2], True)):
        want = out(fn(t64(r), dim=tuple(axes), keepdim=keep))
        astr = ", ".join(map(str, axes))
        kept = [i for i in range(3) if keep or i not in [a % 3 for a in axes]]
        odyn = [j for j, i in enumerate(kept) if i in (0, 1) and (i not in [a % 3 for a in axes])]
        one(f"reduce/{kind}{axes}{'keep' if keep else ''}", [("x", r)], [(0, 1)],
            lambda T, t, kind=kind, astr=astr, keep=keep: (
                f"%y = seq.reduce {kind} %x {{axes = array<i64: {astr}>, keepdim = {str(keep).lower()}}} : {t[0]}"),
            want, odyn)
ties = np.array([[1.0, 3.0, 3.0, -2.0], [np.nan, 5.0, np.nan, 1.0], [-np.inf] * 4], dtype=np.float32)
for keep in (False, True):
    one(f"argmax/ties_nan{'_keep' if keep else ''}", [("x", ties)], [(0,)],
        lambda T, t, keep=keep: f"%y = seq.argmax %x {{axis = -1 : i64, keepdim = {str(keep).lower()}}} : {t[0]}",
        out(torch.argmax(torch.from_numpy(ties), -1, keepdim=keep)), (0,))
one("argmax/axis0", [("x", r)], [(1,)],
    lambda T, t: f"%y = seq.argmax %x {{axis = 0 : i64, keepdim = false}} : {t[0]}",
    out(torch.argmax(t64(r), 0)), (0,))
for axis in (-1, 1):
    one(f"log_softmax/axis{axis}", [("x", r * 4)], [(0, 1)],
        lambda T, t, axis=axis: f"%y = seq.log_softmax %x, axis = {axis} : {t[0]}",
        out(torch.log_softmax(t64(r * 4), axis)), (0, 1))

S.finish()
