"""seqtest: numerics checks of seq ops against PyTorch references.

A test file builds cases, each an MLIR module with `func.func @main`, its
numpy inputs and the expected outputs (computed with torch, usually in
float64), and runs them:

    S = seqtest.Suite("linear")
    def mlir(T):                    # T(x, 0) = x's type, dim 0 maybe `?`
        return seqtest.func([("x", T(x, 0)), ("w", T(w))],
                            f"%y = seq.linear %x, %w : {T(x, 0)}, {T(w)}",
                            [("y", T(ref, 0))])
    S.case("linear/2d", mlir, [x, w], [ref])
    S.finish()                      # `N passed, M failed`, exit status

`make_mlir(T)` returns the MLIR text; it formats every tensor type with
`T(array_or_shape, *axes)`, which marks `axes` as `?` in the dynamic variant
and leaves them static in the static one. `S.case` runs both variants
(`[static]`, `[dynamic]`), so one description checks both lowerings.

Each case writes its inputs as .npy files to a temp dir, runs
`seq-run main.mlir --input in0.npy ... --output-dir out` and loads
out/result<i>.npy. A result passes when it has the expected shape and
dtype (float32), is finite, and every element satisfies
    |got - want| <= atol + rtol * |want|      (rtol = 1e-4, atol = 1e-5)
The line printed per case also shows (each the max over the outputs)
    max_abs = max |got - want|
    max_rel = max |got - want| / max(max |want|, FLT_MIN)
              (the error relative to the reference's scale)
    err/tol = max |got - want| / (atol + rtol * |want|)   (fails above 1)

Environment:
  SEQ_RUN=path       seq-run binary (default: `seq-run` on PATH)
  SEQ_OPT=path       seq-opt binary, for SEQTEST_PARSE_ONLY
  SEQTEST_FILTER=s   run only the cases whose name contains s
  SEQTEST_KEEP=1     keep the temp dir of failing cases (and print it)
  SEQTEST_PARSE_ONLY=1  only check that seq-opt accepts each module
"""

import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

RTOL = 1e-4
ATOL = 1e-5
TIMEOUT_S = 120

_INPUT_DTYPES = [np.dtype(t) for t in (np.float32, np.int32, np.int64, np.bool_)]
_ELT = {np.dtype(np.float32): "f32", np.dtype(np.float64): "f32",
        np.dtype(np.int32): "i32", np.dtype(np.int64): "i64",
        np.dtype(np.bool_): "i1"}


def elt(array):
    """MLIR element type of a numpy array (float64 references map to f32)."""
    return _ELT[np.asarray(array).dtype]


def ttype(shape, element="f32", dynamic=()):
    """`tensor<...>` for `shape`, with the dims at indices `dynamic` as `?`
    (negative indices count from the end)."""
    rank = len(shape)
    dyn = {d % rank for d in dynamic} if rank else set()
    dims = ["?" if i in dyn else str(n) for i, n in enumerate(shape)]
    return "tensor<" + "".join(d + "x" for d in dims) + element + ">"


class Types:
    """The `T` given to make_mlir: T(x, 0, 1) is x's tensor type with dims 0
    and 1 dynamic in the dynamic variant. `x` is an array or a shape tuple
    (then f32, or element=...)."""

    def __init__(self, dynamic):
        self.dynamic = dynamic

    def __call__(self, x, *axes, element=None):
        if isinstance(x, (tuple, list)):
            shape, element = tuple(x), element or "f32"
        else:
            shape, element = np.shape(x), element or elt(x)
        return ttype(shape, element, axes if self.dynamic else ())


def flt(value):
    """MLIR literal of the f32 nearest `value` (`1.000000000e-05`; MLIR
    wants the mantissa's dot). Use float(np.float32(v)) in references."""
    return format(float(np.float32(value)), ".9e")


def func(params, body, results):
    """`func.func @main` text. params: [(name, type)] (names without `%`);
    body: op lines using %name; results: [(value, type)]."""
    args = ", ".join(f"%{n}: {t}" for n, t in params)
    rtypes = ", ".join(t for _, t in results)
    rvals = ", ".join(f"%{v}" for v, _ in results)
    lines = "\n".join("  " + l.strip() for l in body.strip().splitlines())
    return (f"func.func @main({args}) -> ({rtypes}) {{\n{lines}\n"
            f"  return {rvals} : {rtypes}\n}}\n")


def _tool(env, name):
    return os.environ.get(env) or shutil.which(name) or name


def _failure_summary(p):
    """A few lines saying why seq-run failed: its error lines, or for a crash
    the signal and the innermost mlir/seqc stack frame."""
    lines = (p.stderr or p.stdout or "").strip().splitlines()
    errors = [l for l in lines if "error" in l or "Assertion" in l][:3]
    if p.returncode >= 0:
        return [f"seq-run exited with {p.returncode}"] + (errors or lines[-3:])
    frames = [l.strip() for l in lines if l.lstrip().startswith("#") and
              ("mlir::" in l or "seqc::" in l)][:1]
    return [f"seq-run crashed (signal {-p.returncode})"] + errors + frames


def compare(got, want, rtol, atol):
    """(ok, max_abs, max_rel, tol_ratio, message) for one output; tol_ratio is
    max |got - want| / (atol + rtol |want|), > 1 on failure."""
    if got.shape != want.shape:
        return False, np.inf, np.inf, np.inf, f"shape {list(got.shape)} != expected {list(want.shape)}"
    if want.dtype.kind in "biu":
        # Indices, masks: exact, and of the same kind (bool stays bool).
        if got.dtype.kind != want.dtype.kind:
            return False, np.inf, np.inf, np.inf, f"dtype {got.dtype} != {want.dtype}"
        wrong = got.astype(np.int64) != want.astype(np.int64)
        if wrong.any():
            idx = tuple(int(i) for i in np.argwhere(wrong)[0])
            return False, np.inf, np.inf, np.inf, (
                f"{int(wrong.sum())}/{want.size} elements differ, first at {idx}: "
                f"got {got[idx]}, expected {want[idx]}")
        return True, 0.0, 0.0, 0.0, ""
    if got.dtype != np.float32:
        return False, np.inf, np.inf, np.inf, f"dtype {got.dtype} != float32"
    # Where the reference is NaN or infinite (a case that checks them), the
    # result must be the same; everywhere else finite.
    special = ~np.isfinite(want)
    if special.any():
        same = np.where(np.isnan(want), np.isnan(got), got == want)
        if not same[special].all():
            idx = tuple(int(i) for i in np.argwhere(special & ~same)[0])
            return False, np.inf, np.inf, np.inf, f"got {got[idx]} at {idx}, expected {want[idx]}"
        got = np.where(special, 0, got).astype(np.float32)
        want = np.where(special, 0, want)
    bad = ~np.isfinite(got)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        return False, np.inf, np.inf, np.inf, f"{int(bad.sum())} non-finite values, first at {idx}: {got[idx]}"
    g, w = got.astype(np.float64), want.astype(np.float64)
    err = np.abs(g - w)
    max_abs = float(err.max()) if err.size else 0.0
    scale = float(np.abs(w).max()) if w.size else 0.0
    max_rel = max_abs / max(scale, float(np.finfo(np.float32).tiny))
    ratio = err / (atol + rtol * np.abs(w))
    tol_ratio = float(ratio.max()) if err.size else 0.0
    if tol_ratio > 1:
        idx = tuple(int(i) for i in np.unravel_index(np.argmax(ratio), err.shape))
        n = int((ratio > 1).sum())
        return False, max_abs, max_rel, tol_ratio, (
            f"{n}/{err.size} elements out of tolerance, worst at {idx}: "
            f"got {g[idx]:.7g}, expected {w[idx]:.7g}")
    return True, max_abs, max_rel, tol_ratio, ""


class Suite:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0
        self.filter = os.environ.get("SEQTEST_FILTER", "")
        self.keep = bool(os.environ.get("SEQTEST_KEEP"))
        self.parse_only = bool(os.environ.get("SEQTEST_PARSE_ONLY"))
        self.seq_run = _tool("SEQ_RUN", "seq-run")
        self.seq_opt = _tool("SEQ_OPT", "seq-opt")

    def case(self, name, make_mlir, inputs, expected, rtol=RTOL, atol=ATOL,
             variants=("static", "dynamic"), nonfinite=False):
        """Checks `make_mlir(T)` in each variant: T formats `?` dims only in
        the dynamic one. Pass a looser rtol/atol only with a comment saying
        why."""
        for v in variants:
            self.run(f"{name} [{v}]", make_mlir(Types(v == "dynamic")),
                     inputs, expected, rtol, atol, nonfinite)

    def run(self, name, mlir, inputs, expected, rtol=RTOL, atol=ATOL,
            nonfinite=False):
        """Runs one module and prints one line: PASS/FAIL, name, shapes, errors."""
        if self.filter not in name:
            return
        for x in inputs:
            assert np.asarray(x).dtype in _INPUT_DTYPES, f"{name}: input dtype {np.asarray(x).dtype}"
        for e in expected:
            # nonfinite: the case checks NaN/inf propagation on purpose.
            assert nonfinite or np.isfinite(e).all(), f"{name}: reference is not finite (test bug)"
        tmp = tempfile.mkdtemp(prefix="seqtest-")
        try:
            ok, info, detail = self._run(tmp, mlir, inputs, expected, rtol, atol)
        except Exception as ex:  # a crash of the harness is a failure too
            ok, info, detail = False, "", [f"harness error: {ex!r}"]
        shapes = ",".join("x".join(map(str, e.shape)) or "scalar" for e in expected)
        print(f"{'PASS' if ok else 'FAIL'}  {name}  [{shapes}]  {info}".rstrip())
        for d in detail:
            print("      " + d)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            if self.keep:
                print(f"      kept {tmp}")
        if ok or not self.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        sys.stdout.flush()

    def _run(self, tmp, mlir, inputs, expected, rtol, atol):
        path = os.path.join(tmp, "main.mlir")
        with open(path, "w") as f:
            f.write(mlir)
        if self.parse_only:
            p = subprocess.run([self.seq_opt, path], capture_output=True, text=True)
            return p.returncode == 0, "parsed", p.stderr.strip().splitlines()[:5]
        cmd = [self.seq_run, path, "--output-dir", os.path.join(tmp, "out")]
        for i, x in enumerate(inputs):
            np.save(os.path.join(tmp, f"in{i}.npy"), np.asarray(x))
            cmd += ["--input", os.path.join(tmp, f"in{i}.npy")]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except FileNotFoundError:
            return False, "", [f"cannot run {self.seq_run} (set SEQ_RUN or PATH)"]
        except subprocess.TimeoutExpired:
            return False, "", [f"seq-run timed out after {TIMEOUT_S}s"]
        if p.returncode != 0:
            return False, "", _failure_summary(p)
        worst, ok, detail = [0.0, 0.0, 0.0], True, []
        for i, want in enumerate(expected):
            out = os.path.join(tmp, "out", f"result{i}.npy")
            if not os.path.exists(out):
                ok = False
                detail.append(f"result{i}.npy missing")
                continue
            good, *errs, msg = compare(np.load(out), np.asarray(want), rtol, atol)
            worst = [max(a, b) for a, b in zip(worst, errs)]
            if not good:
                ok = False
                detail.append(f"result{i}: {msg}")
        extra = os.path.join(tmp, "out", f"result{len(expected)}.npy")
        if os.path.exists(extra):
            ok = False
            detail.append(f"more results than the {len(expected)} expected")
        tol = "" if (rtol, atol) == (RTOL, ATOL) else f"  (rtol={rtol:g} atol={atol:g})"
        return ok, ("max_abs={:.2e} max_rel={:.2e} err/tol={:.3f}".format(*worst) + tol), detail

    def finish(self):
        """Prints `N passed, M failed` and exits non-zero if any failed."""
        print(f"{self.passed} passed, {self.failed} failed")
        if self.passed + self.failed == 0:
            print(f"{self.name}: no case ran (SEQTEST_FILTER={self.filter!r})")
        sys.exit(1 if self.failed or not self.passed else 0)
