#!/usr/bin/env python3
"""bench/models: whole models compiled by Seqc against ONNX Runtime and
PyTorch, all three in the same run at the same thread counts.

    /usr/bin/python3 bench/models/bench.py [--seqc PATH] [--repeat N]
        [--warmup N] [--threads 1,2] [--rows NAME,...] [--work DIR]
        [--quick] [--list]

Rows (--list prints them): torch.nn.TransformerEncoderLayer(512, 8, 2048)
at three (batch, seq); TransformerDecoderLayer(512, 8, 2048) with a causal
self-attention mask; nn.LSTM and nn.GRU at three (B, T, I, H); the 4-layer
encoder of examples/transformer_encoder (d256 h4 ff1024); LayerNorm(x + r)
over 8192 x 1024 (memory bound: its rate is GB/s against a same-run copy).
Every model is a
PyTorch module built with a fixed seed (eval, dropout 0), and

  - Seqc: the .seq file of seq/ (written with dynamic batch and sequence
    dims, as a user writes it) compiled by `seqc --weights W.safetensors`
    (weights embedded in the object) and again with `--weights=runtime`
    (weights are arguments of the entry point), each linked with a C driver
    generated from the header that times calls with clock_gettime;
  - Seqc on ONNX ("onnx" column): `seqc model.onnx`, the very file ONNX
    Runtime runs, through Seqc's ONNX importer (weights embedded);
  - ONNX Runtime: torch.onnx.export (opset 14, dynamic batch and sequence
    axes) run by ort_bench.js on onnxruntime-node (CPU), intraOpNumThreads =
    n, interOpNumThreads = 1, all graph optimisations, sequential;
  - PyTorch: the module itself under torch.no_grad(), torch.set_num_threads(n)
    and the OpenBLAS under it at n threads too.

Each engine is timed in its own process (PyTorch in this one), one after the
other, over --repeat calls after a warm-up; the table shows the minimum and
median in ms. Seqc's and ONNX Runtime's outputs are checked against
PyTorch's (max abs error; a relative error max|err| / max|ref| above 1e-2
fails the row). Speedups are ratios of minima. "% sgemm" compares Seqc's
GFLOP/s (analytic FLOPs, see flops_* below) with torch.mm 1024^3 at the same
thread count, measured in the same run (at the start and before each row;
the best so far). The exit status is 1 when any cell failed.

Exports and compiles are cached in the work dir (default build/bench-models)
by model and row, and redone when the .seq file, the seqc binary, the C
driver or this script's export code changes. ONNX Runtime is installed on
first use by `npm install --ignore-scripts` from package.json into
bench/models/node_modules.
"""
import argparse
import hashlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "examples"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import openblas_core  # noqa: E402

# Before torch loads OpenBLAS.
OPENBLAS_CORE = openblas_core.choose()

import numpy as np  # noqa: E402
import torch  # noqa: E402
import exportlib  # noqa: E402

CLANG = "/usr/lib/llvm-19/bin/clang"
# Bumped when what the exports write changes (the cache keys also hold the
# source of the export and compile code, see code_key).
EXPORT_VERSION = "2"
# A relative error (max |got - want| / max |want|) above this fails a row.
FAIL_RELATIVE = 1e-2
SUBPROCESS_TIMEOUT = 3600


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------

class EncoderLayer(torch.nn.Module):
    def __init__(self, d=512, heads=8, ffn=2048):
        super().__init__()
        self.layer = torch.nn.TransformerEncoderLayer(
            d, heads, ffn, dropout=0.0, batch_first=True)

    def forward(self, x):
        return self.layer(x)

    def weights(self):
        return self.layer.state_dict()


class Encoder4(torch.nn.Module):
    """examples/transformer_encoder's model, without key padding."""

    def __init__(self, d=256, heads=4, ffn=1024, layers=4):
        super().__init__()
        layer = torch.nn.TransformerEncoderLayer(
            d, heads, ffn, dropout=0.0, batch_first=True)
        self.encoder = torch.nn.TransformerEncoder(layer, layers,
                                                   enable_nested_tensor=False)

    def forward(self, x):
        return self.encoder(x)

    def weights(self):
        return self.encoder.state_dict()


class DecoderLayer(torch.nn.Module):
    """The layer with PyTorch's causal tgt_mask, made from the target length
    at each call (also inside the ONNX graph)."""

    def __init__(self, d=512, heads=8, ffn=2048):
        super().__init__()
        self.layer = torch.nn.TransformerDecoderLayer(
            d, heads, ffn, dropout=0.0, batch_first=True)

    def forward(self, tgt, memory):
        t = tgt.shape[1]
        causal = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        return self.layer(tgt, memory, tgt_mask=causal)

    def weights(self):
        return self.layer.state_dict()


class ResidualNorm(torch.nn.Module):
    """LayerNorm(x + r) as `norm`: a Transformer layer's residual and
    post-norm alone, bound by memory bandwidth."""

    def __init__(self, d=1024):
        super().__init__()
        self.norm = torch.nn.LayerNorm(d)

    def forward(self, x, res):
        return self.norm(x + res)

    def weights(self):
        return self.state_dict()


class Recurrent(torch.nn.Module):
    """nn.LSTM / nn.GRU (one layer, batch first) as `rnn`; the output
    sequence only."""

    def __init__(self, kind, input_size, hidden):
        super().__init__()
        self.rnn = getattr(torch.nn, kind.upper())(input_size, hidden,
                                                   batch_first=True)

    def forward(self, x):
        return self.rnn(x)[0]

    def weights(self):
        return self.state_dict()


# FLOPs, counted analytically: 2*M*N*K for every GEMM (a batch of them
# counts each), nothing for element-wise ops, norms or softmax.
#   Transformer layer over B x S tokens, width E, feed-forward F:
#     Q, K, V projections 3 * 2*(B*S)*E*E; output projection 2*(B*S)*E*E;
#     QK^T and PV 2 * 2*B*S*S*E (over all heads: H * 2*S*S*(E/H));
#     feed-forward 2 * 2*(B*S)*E*F.
#   Causal self-attention counts half of QK^T and PV (the attended half, as
#   bench/attention does).
#   Decoder layer, target T, memory M: self-attention as above over T
#   (causal), cross-attention Q and output projections 2 * 2*(B*T)*E*E, K
#   and V projections 2 * 2*(B*M)*E*E, QK^T and PV 2 * 2*B*T*M*E; the
#   feed-forward over T.
#   LSTM / GRU with G gates (4 / 3): input projection 2*(B*T)*I*(G*H) and
#   hidden projection 2*(B*T)*H*(G*H).

def flops_attention_block(b, sq, sk, e, causal=False):
    scores = 2 * 2 * b * sq * sk * e
    return 2 * b * sq * e * e * 2 + 2 * b * sk * e * e * 2 + \
        (scores // 2 if causal else scores)


def flops_encoder_layer(b, s, e, f):
    return flops_attention_block(b, s, s, e) + 2 * 2 * b * s * e * f


def flops_decoder_layer(b, t, m, e, f):
    return (flops_attention_block(b, t, t, e, causal=True) +
            flops_attention_block(b, t, m, e) + 2 * 2 * b * t * e * f)


def flops_recurrent(gates, b, t, i, h):
    return 2 * b * t * gates * h * (i + h)


class Row:
    """One benchmark row: a model (shared by rows that differ only in their
    dynamic dims), its inputs and its FLOPs."""

    def __init__(self, name, model_key, seq_file, seq_dims, build, inputs,
                 dims, flops, axes, describe, bytes_moved=None):
        self.name = name
        self.model_key = model_key    # the cache key of weights and objects
        self.seq_file = seq_file      # in seq/
        self.seq_dims = seq_dims      # `dim NAME = N` values set in the file
        self.build = build            # () -> the module (seeded here)
        self.inputs = inputs          # [(name, shape)], float32 randn
        self.dims = dims              # values of the dynamic dims, by name
        self.flops = flops
        self.axes = axes              # ONNX dynamic axes per input/output
        self.describe = describe
        # Memory-bound rows: bytes read and written per call; the rate
        # column is then GB/s against a same-run copy of as many bytes.
        self.bytes_moved = bytes_moved


def make_rows():
    rows = []
    enc_axes = {"x": {0: "batch", 1: "seq"}, "out": {0: "batch", 1: "seq"}}
    for b, s in [(8, 128), (8, 512), (1, 2048)]:
        rows.append(Row(
            f"enc512_b{b}_s{s}", "encoder_layer512", "encoder_layer.seq", {},
            lambda: EncoderLayer(), [("x", (b, s, 512))],
            {"batch": b, "seq": s}, flops_encoder_layer(b, s, 512, 2048),
            enc_axes, f"TransformerEncoderLayer(512, 8, 2048) B={b} S={s}"))
    b, t, m = 8, 128, 128
    rows.append(Row(
        f"dec512_b{b}_t{t}_m{m}", "decoder_layer512", "decoder_layer.seq", {},
        lambda: DecoderLayer(), [("tgt", (b, t, 512)), ("memory", (b, m, 512))],
        {"batch": b, "tgt_seq": t, "mem_seq": m},
        flops_decoder_layer(b, t, m, 512, 2048),
        {"tgt": {0: "batch", 1: "tgt_seq"}, "memory": {0: "batch", 1: "mem_seq"},
         "out": {0: "batch", 1: "tgt_seq"}},
        f"TransformerDecoderLayer(512, 8, 2048) B={b} T={t} M={m}, causal"))
    rnn_axes = {"x": {0: "batch", 1: "seq"}, "out": {0: "batch", 1: "seq"}}
    for kind, gates in [("lstm", 4), ("gru", 3)]:
        for b, t, i, h in [(16, 128, 256, 256), (1, 512, 512, 512),
                           (64, 64, 128, 128)]:
            rows.append(Row(
                f"{kind}_b{b}_t{t}_i{i}_h{h}", f"{kind}_i{i}_h{h}",
                f"{kind}.seq", {"input": i, "hidden": h},
                (lambda kind=kind, i=i, h=h: Recurrent(kind, i, h)),
                [("x", (b, t, i))], {"batch": b, "seq": t},
                flops_recurrent(gates, b, t, i, h), rnn_axes,
                f"nn.{kind.upper()}({i}, {h}) B={b} T={t}"))
    b, s = 8, 64
    rows.append(Row(
        f"enc4x256_b{b}_s{s}", "encoder4x256", "encoder4.seq", {},
        lambda: Encoder4(), [("x", (b, s, 256))], {"batch": b, "seq": s},
        4 * flops_encoder_layer(b, s, 256, 1024), enc_axes,
        f"examples/transformer_encoder: 4 x TransformerEncoderLayer(256, 4, "
        f"1024) B={b} S={s}"))
    rows_, d = 8192, 1024
    rows.append(Row(
        f"resnorm_{rows_}x{d}", "residual_norm1024", "residual_norm.seq", {},
        lambda: ResidualNorm(d), [("x", (rows_, d)), ("res", (rows_, d))],
        {"rows": rows_}, 0,
        {"x": {0: "rows"}, "res": {0: "rows"}, "out": {0: "rows"}},
        f"LayerNorm({d})(x + r) over {rows_} rows; reads 2, writes 1 x "
        f"{rows_ * d * 4 >> 20} MiB", bytes_moved=3 * rows_ * d * 4))
    return rows


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

class EngineError(Exception):
    """An engine failed on a row; the message goes into the table."""


def digest(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def file_stamp(path):
    st = os.stat(path)
    return f"{os.path.realpath(path)}:{st.st_size}:{st.st_mtime_ns}"


def cached(directory, key):
    """True when `directory` holds a finished step with this key."""
    try:
        with open(os.path.join(directory, "stamp")) as f:
            return f.read() == key
    except OSError:
        return False


def mark_done(directory, key):
    with open(os.path.join(directory, "stamp"), "w") as f:
        f.write(key)


def run(cmd, what, cwd=None):
    """Runs cmd; raises EngineError with the first lines of its stderr."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd,
                           timeout=SUBPROCESS_TIMEOUT)
    except FileNotFoundError as e:
        raise EngineError(f"{what}: {e}")
    except subprocess.TimeoutExpired:
        raise EngineError(f"{what}: timed out after {SUBPROCESS_TIMEOUT} s")
    if p.returncode != 0:
        text = (p.stderr.strip() or p.stdout.strip()).splitlines()
        raise EngineError(f"{what} failed (exit {p.returncode}): " +
                          " | ".join(text[:6]))
    return p.stdout


def compare(got, want):
    """(max abs error, relative error max|err| / max|want|)."""
    if got.shape != want.shape:
        raise EngineError(f"output shape {got.shape}, expected {want.shape}")
    err = float(np.max(np.abs(got.astype(np.float64) - want)))
    return err, err / max(float(np.max(np.abs(want))), 1e-30)


def check_output(got, want, engine):
    err, rel = compare(got, want)
    if not np.isfinite(err) or rel > FAIL_RELATIVE:
        raise EngineError(f"{engine} output differs from PyTorch: max abs "
                          f"error {err:.3g}, relative {rel:.3g} > "
                          f"{FAIL_RELATIVE:g}")
    return err


def cpu_info():
    name, flags = "unknown CPU", []
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip()
                if key == "model name" and name == "unknown CPU":
                    name = value.strip()
                elif key == "flags" and not flags:
                    flags = value.split()
    except OSError:
        pass
    wanted = ["sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw",
              "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16",
              "avxvnni", "amx_tile", "amx_bf16", "amx_int8"]
    return name, [f for f in wanted if f in flags]


# ---------------------------------------------------------------------------
# PyTorch threads and sgemm
# ---------------------------------------------------------------------------

def set_torch_threads(n):
    """PyTorch's intra-op threads and its OpenBLAS's, both n
    (torch.set_num_threads leaves OpenBLAS alone). Returns how OpenBLAS's
    were set."""
    torch.set_num_threads(n)
    try:
        import threadpoolctl
        threadpoolctl.threadpool_limits(limits=n, user_api="blas")
        return "threadpoolctl"
    except ImportError:
        pass
    openblas = exportlib._openblas()
    if openblas is not None:
        openblas.openblas_set_num_threads(n)
        return "openblas_set_num_threads"
    return "not found"


def time_calls(fn, repeat, warmup):
    for _ in range(max(1, warmup)):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return min(times), float(np.median(times))


def copy_gbps(n_threads, calls, nbytes):
    """A same-run copy of nbytes / 2 bytes (nbytes read and written) with
    torch's copy_ at n threads: the bandwidth a memory-bound row is
    compared with."""
    set_torch_threads(n_threads)
    src = torch.ones(nbytes // 8)
    dst = torch.empty_like(src)
    best, _ = time_calls(lambda: dst.copy_(src), calls, 2)
    return nbytes / best / 1e6


def sgemm_gflops(n_threads, calls, size=1024):
    set_torch_threads(n_threads)
    torch.manual_seed(1)
    a, b = torch.randn(size, size), torch.randn(size, size)
    best, _ = time_calls(lambda: torch.mm(a, b), calls, 2)
    return 2 * size ** 3 / best / 1e6


# ---------------------------------------------------------------------------
# Exports: weights, ONNX, inputs, reference
# ---------------------------------------------------------------------------

def build_module(row):
    torch.manual_seed(0)
    return row.build().eval()


def seq_source(row):
    with open(os.path.join(HERE, "seq", row.seq_file)) as f:
        text = f.read()
    for name, value in row.seq_dims.items():
        text, count = re.subn(rf"^dim {name} = \d+$", f"dim {name} = {value}",
                              text, flags=re.M)
        if count != 1:
            sys.exit(f"bench: seq/{row.seq_file} has no line 'dim {name} = N'")
    return text


def code_key(*objects):
    """A digest of the source of functions and classes: cached exports and
    compiles are redone when the code that made them changes."""
    return digest(*(inspect.getsource(o) for o in objects))


def export_model(row, work):
    """work/models/KEY: model.seq, weights.safetensors, weights/*.bin (raw,
    for --weights=runtime) and model.onnx. Returns the directory."""
    d = os.path.join(work, "models", row.model_key)
    text = seq_source(row)
    key = digest(EXPORT_VERSION, torch.__version__, row.model_key, text,
                 sorted(row.axes.items()),
                 code_key(export_model, build_module, EncoderLayer, Encoder4,
                          DecoderLayer, Recurrent, exportlib.save_safetensors))
    if cached(d, key):
        return d
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "weights"))
    with open(os.path.join(d, "model.seq"), "w") as f:
        f.write(text)
    module = build_module(row)
    state = module.weights()
    exportlib.save_safetensors(os.path.join(d, "weights.safetensors"), state)
    for name, tensor in state.items():
        tensor.detach().contiguous().numpy().astype("<f4").tofile(
            os.path.join(d, "weights", name + ".bin"))
    # The ONNX graph, traced on a small sample; the dynamic dims (the leading
    # ones of row.axes) are small.
    small = (2, 7)
    sample = tuple(
        torch.randn(*(tuple(small[i] if i in row.axes.get(name, {}) else n
                            for i, n in enumerate(shape))))
        for name, shape in row.inputs)
    onnx_error = None
    try:
        # Not under no_grad: PyTorch's inference fast path of the encoder
        # layer (aten::_transformer_encoder_layer_fwd) has no ONNX export.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the exporter's tracer warnings
            torch.onnx.export(module, sample, os.path.join(d, "model.onnx"),
                              opset_version=14,
                              input_names=[n for n, _ in row.inputs],
                              output_names=["out"], dynamic_axes=row.axes)
    except Exception as e:  # noqa: BLE001 - reported in the ORT cells
        onnx_error = f"torch.onnx.export: {type(e).__name__}: {e}"
        with open(os.path.join(d, "onnx_error.txt"), "w") as f:
            f.write(onnx_error)
    mark_done(d, key)
    return d


def export_row(row, work, model_dir):
    """work/rows/NAME: inputs as raw .bin files and PyTorch's output
    (reference.bin). Returns (directory, {input: array}, reference)."""
    d = os.path.join(work, "rows", row.name)
    key = digest(EXPORT_VERSION, torch.__version__, row.name, row.inputs,
                 open(os.path.join(model_dir, "stamp")).read(),
                 code_key(export_row))
    arrays = {}
    if cached(d, key):
        for name, shape in row.inputs:
            arrays[name] = np.fromfile(os.path.join(d, name + ".bin"),
                                       np.float32).reshape(shape)
        ref = np.load(os.path.join(d, "reference.npy"))
        return d, arrays, ref
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    module = build_module(row)
    torch.manual_seed(1)
    for name, shape in row.inputs:
        arrays[name] = torch.randn(*shape).numpy()
        arrays[name].astype("<f4").tofile(os.path.join(d, name + ".bin"))
    with torch.no_grad():
        ref = module(*(torch.from_numpy(a) for a in arrays.values())).numpy()
    np.save(os.path.join(d, "reference.npy"), ref)
    mark_done(d, key)
    return d, arrays, ref


# ---------------------------------------------------------------------------
# Seqc: compile, generate the C driver from the header, run it
# ---------------------------------------------------------------------------

C_TYPES = {"float": "float", "int32_t": "int32_t", "int64_t": "int64_t",
           "bool": "bool"}


def parse_header(text, model):
    """The entry point seqc_<model> of a generated header: (dim names,
    [(c name, c type, shape [int or dim name], weight name or None,
    is output)]) in the order of its parameters."""
    m = re.search(r"/\* Model '%s'\.\n(.*?)\*/\s*int seqc_%s\((.*?)\);"
                  % (re.escape(model), re.escape(model)), text, re.S)
    if not m:
        raise EngineError(f"no entry point seqc_{model} in the header")
    comment, params = m.group(1), m.group(2)
    documented = {}
    for line in comment.splitlines():
        d = re.match(r"\s*\*\s+(\w+): ([\w]+) \[(.*?)\](.*)$", line)
        if not d:
            continue
        name, ctype, shape, rest = d.groups()
        dims = [int(s) if s.strip().isdigit() else s.strip()
                for s in shape.split(",") if s.strip()]
        weight = re.search(r"weight '([^']*)'", rest)
        documented[name] = (ctype, dims, weight.group(1) if weight else None,
                            "output" in rest)
    dims, arrays = [], []
    for p in (p.strip() for p in params.split(",")):
        if "*" not in p:
            dims.append(p.split()[-1])
            continue
        name = p.split("*")[-1].strip()
        if name not in documented:
            raise EngineError(f"header: parameter {name} is not documented")
        ctype, shape, weight, output = documented[name]
        arrays.append((name, ctype, shape, weight, output))
    return dims, arrays


def driver_source(header_name, model, dims, arrays):
    """A C program that loads the inputs (and runtime weights) from raw
    files, times `repeat` calls at each thread count and writes the
    outputs:  driver INDIR WDIR OUTDIR REPEAT WARMUP THREADS,... DIM..."""
    lines = [f'#include "{header_name}"', r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void *load(const char *dir, const char *name, size_t bytes) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "driver: cannot open %s\n", path); exit(1); }
  void *data = malloc(bytes ? bytes : 1);
  if (!data) { fprintf(stderr, "driver: out of memory\n"); exit(1); }
  if (fread(data, 1, bytes, f) != bytes || fgetc(f) != EOF) {
    fprintf(stderr, "driver: %s does not hold %zu bytes\n", path, bytes);
    exit(1);
  }
  fclose(f);
  return data;
}

static void save(const char *dir, const char *name, const void *data,
                 size_t bytes) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, bytes, f) != bytes || fclose(f) != 0) {
    fprintf(stderr, "driver: cannot write %s\n", path);
    exit(1);
  }
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
"""]
    call_args = list(dims)
    body = []
    body.append(f"  if (argc != {7 + len(dims)}) {{\n"
                f'    fprintf(stderr, "usage: %s INDIR WDIR OUTDIR REPEAT WARMUP '
                f'THREADS,...{"".join(" " + d.upper() for d in dims)}\\n", argv[0]);\n'
                f"    return 2;\n  }}")
    body.append("  const char *indir = argv[1], *wdir = argv[2], *outdir = argv[3];")
    body.append("  int repeat = atoi(argv[4]), warmup = atoi(argv[5]);")
    for i, d in enumerate(dims):
        body.append(f"  int64_t {d} = atoll(argv[{7 + i}]);")
    for name, ctype, shape, weight, output in arrays:
        count = " * ".join(f"(size_t){s}" for s in shape) or "(size_t)1"
        ct = C_TYPES.get(ctype, ctype)
        body.append(f"  size_t {name}_bytes = {count} * sizeof({ct});")
        if output:
            body.append(f"  {ct} *{name} = malloc({name}_bytes ? {name}_bytes : 1);")
        else:
            directory = "wdir" if weight else "indir"
            file = (weight if weight else name) + ".bin"
            body.append(f'  const {ct} *{name} = load({directory}, "{file}", '
                        f"{name}_bytes);")
        call_args.append(name)
    call = f"seqc_{model}({', '.join(call_args)})"
    body.append(r"""  double *times = malloc((repeat > 0 ? repeat : 1) * sizeof(double));
  char *list = strdup(argv[6]);
  for (char *item = strtok(list, ","); item; item = strtok(NULL, ",")) {
    int threads = atoi(item);
#ifdef SEQC_THREADS_DEFINED
    seqc_set_num_threads(threads);
#endif
    for (int r = -(warmup > 0 ? warmup : 1); r < repeat; ++r) {
      double start = now_ms();
      int status = CALL;
      double end = now_ms();
      if (status != SEQC_OK) {
        fprintf(stderr, "driver: seqc_MODEL returned %d%s%s\n", status,
                status == SEQC_CHECK_FAILED ? ": " : "",
                status == SEQC_CHECK_FAILED ? seqc_last_error() : "");
        return 1;
      }
      if (r >= 0)
        times[r] = end - start;
    }
    qsort(times, repeat, sizeof(double), by_value);
    double median = repeat % 2 ? times[repeat / 2]
                               : (times[repeat / 2 - 1] + times[repeat / 2]) / 2;
    printf("{\"threads\": %d, \"min_ms\": %.6f, \"median_ms\": %.6f}\n",
           threads, times[0], median);
    fflush(stdout);
  }
""".replace("CALL", call).replace("MODEL", model))
    for name, ctype, shape, weight, output in arrays:
        if output:
            body.append(f'  save(outdir, "{name}.bin", {name}, {name}_bytes);')
    body.append("  return 0;")
    return "\n".join(lines) + "\nint main(int argc, char **argv) {\n" + \
        "\n".join(body) + "\n}\n"


def model_name(seq_text):
    m = re.search(r"^model (\w+)\(", seq_text, re.M)
    return m.group(1)


def compile_seqc(args, row, model_dir, mode):
    """work/models/KEY/MODE: the object, header and timing driver of
    seqc --weights W [--weights=runtime]. Returns the driver's path."""
    d = os.path.join(model_dir, mode)
    if not os.path.exists(args.seqc):
        raise EngineError(f"no seqc at {args.seqc}")
    if mode == "onnx":
        # The model.onnx that ONNX Runtime runs, through Seqc's importer.
        seq = os.path.join(model_dir, "model.onnx")
        if not os.path.exists(seq):
            raise EngineError("no model.onnx (torch.onnx.export failed)")
        text, name = file_stamp(seq), "model"
    else:
        seq = os.path.join(model_dir, "model.seq")
        with open(seq) as f:
            text = f.read()
        name = model_name(text)
    key = digest(text, file_stamp(args.seqc),
                 open(os.path.join(model_dir, "stamp")).read(), mode,
                 args.target_cpu or "host", " ".join(args.seqc_flag),
                 code_key(compile_seqc, parse_header, driver_source))
    exe = os.path.join(d, "driver")
    if cached(d, key) and os.path.exists(exe):
        return exe
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    weights = ["--weights", os.path.join(model_dir, "weights.safetensors")]
    if mode == "runtime":
        weights.append("--weights=runtime")
    if mode == "onnx":
        weights = []
    if args.target_cpu:
        weights.append(f"--target-cpu={args.target_cpu}")
    weights += args.seqc_flag
    obj, header = os.path.join(d, "model.o"), os.path.join(d, "model.h")
    start = time.perf_counter()
    run([args.seqc, seq] + weights + ["-o", obj, "--header", header],
        f"seqc ({mode} weights)")
    seconds = time.perf_counter() - start
    with open(header) as f:
        dims, arrays = parse_header(f.read(), name)
    source = os.path.join(d, "driver.c")
    with open(source, "w") as f:
        f.write(driver_source("model.h", name, dims, arrays))
    run([CLANG, "-O2", "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-I", d,
         source, obj, "-o", exe, "-lm", "-lpthread"], "clang (driver)")
    with open(os.path.join(d, "signature.json"), "w") as f:
        json.dump({"dims": dims, "arrays": arrays, "compile_s": seconds}, f)
    mark_done(d, key)
    return exe


def run_seqc(args, row, model_dir, row_dir, mode, reference):
    """{threads: (min, median)} and the max abs error of the output."""
    exe = compile_seqc(args, row, model_dir, mode)
    d = os.path.dirname(exe)
    with open(os.path.join(d, "signature.json")) as f:
        signature = json.load(f)
    dims = signature["dims"]
    outputs = [a[0] for a in signature["arrays"] if a[4]]
    missing = [x for x in dims if x not in row.dims]
    if missing:
        raise EngineError(f"the entry point has dims {dims}; the row gives "
                          f"{sorted(row.dims)}")
    out = os.path.join(row_dir, f"out_seqc_{mode}")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    stdout = run([exe, row_dir, os.path.join(model_dir, "weights"), out,
                  str(args.repeat), str(args.warmup),
                  ",".join(map(str, args.threads))] +
                 [str(row.dims[x]) for x in dims], f"seqc driver ({mode})")
    times = {}
    for line in stdout.splitlines():
        r = json.loads(line)
        times[r["threads"]] = (r["min_ms"], r["median_ms"])
    got = np.fromfile(os.path.join(out, outputs[0] + ".bin"), np.float32)
    got = got.reshape(reference.shape) if got.size == reference.size else got
    return times, check_output(got, reference, f"Seqc ({mode})")


# ---------------------------------------------------------------------------
# ONNX Runtime
# ---------------------------------------------------------------------------

def ensure_ort():
    """None when onnxruntime-node loads, else the reason it does not."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node:
        return "node is not installed"
    with open(os.path.join(HERE, "package.json")) as f:
        pinned = json.load(f)["dependencies"]["onnxruntime-node"]
    installed = os.path.join(HERE, "node_modules", "onnxruntime-node",
                             "package.json")
    try:
        with open(installed) as f:
            version = json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        version = None
    if version != pinned:
        if not npm:
            return "npm is not installed"
        print("bench: npm install --ignore-scripts (onnxruntime-node, "
              "bench/models/package.json)", flush=True)
        try:
            run([npm, "install", "--ignore-scripts", "--no-audit", "--no-fund"],
                "npm install", cwd=HERE)
        except EngineError as e:
            return str(e)
    try:
        run([node, "-e", "require('onnxruntime-node')"],
            "require('onnxruntime-node')", cwd=HERE)
    except EngineError as e:
        return str(e)
    return None


def run_ort(args, row, model_dir, row_dir, reference, ort_problem):
    if ort_problem:
        raise EngineError(ort_problem)
    error = os.path.join(model_dir, "onnx_error.txt")
    if os.path.exists(error):
        raise EngineError(open(error).read())
    out = os.path.join(row_dir, "out_ort")
    times, err = {}, None
    for n in args.threads:
        spec = {"model": os.path.join(model_dir, "model.onnx"), "threads": n,
                "repeat": args.repeat, "warmup": args.warmup,
                "inputs": [{"name": name, "file": os.path.join(row_dir, name + ".bin"),
                            "dtype": "float32", "shape": list(shape)}
                           for name, shape in row.inputs],
                "output_dir": out}
        path = os.path.join(row_dir, f"ort_spec_{n}.json")
        with open(path, "w") as f:
            json.dump(spec, f)
        shutil.rmtree(out, ignore_errors=True)
        result = json.loads(run(["node", os.path.join(HERE, "ort_bench.js"), path],
                                f"ort_bench.js ({n} threads)", cwd=HERE))
        times[n] = (result["min_ms"], result["median_ms"])
        got = np.fromfile(os.path.join(out, "out.bin"), np.float32)
        got = got.reshape(reference.shape) if got.size == reference.size else got
        err = check_output(got, reference, "ONNX Runtime")
    return times, err


# ---------------------------------------------------------------------------
# PyTorch
# ---------------------------------------------------------------------------

def run_torch(args, row, arrays):
    module = build_module(row)
    inputs = tuple(torch.from_numpy(a) for a in arrays.values())
    times = {}
    with torch.no_grad():
        for n in args.threads:
            set_torch_threads(n)
            times[n] = time_calls(lambda: module(*inputs), args.repeat,
                                  args.warmup)
    return times


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------

ENGINES = ["seqc", "seqc_rt", "seqc_onnx", "ort", "torch"]


def fmt(value, width, spec=".2f"):
    return f"{value:{width}{spec}}" if value is not None else f"{'-':>{width}}"


def header_line():
    h = (f"{'row':24} {'thr':>3} | {'seqc min':>8} {'med':>8} | {'rt min':>8} "
         f"{'onnx min':>8} | "
         f"{'ort min':>8} {'med':>8} | {'torch min':>9} {'med':>8} | "
         f"{'GFLOP/s':>7} {'%sgemm':>6} | {'x ort':>6} {'x torch':>7} | "
         f"{'err seqc':>8} {'err ort':>8}")
    return h


def row_lines(row, n, res, gemm, copy=None):
    def cell(engine, i=0):
        r = res.get(engine)
        if isinstance(r, EngineError):
            return None
        return r[0][n][i] if r else None

    s_min, s_med = cell("seqc"), cell("seqc", 1)
    rate = row.flops / s_min / 1e6 if s_min else None
    # Memory-bound rows: GB/s and % of the same-run copy's (marked "m").
    reference, mark = gemm[n], "%"
    if row.bytes_moved:
        rate = row.bytes_moved / s_min / 1e6 if s_min else None
        reference, mark = copy[n], "m"
    o_min = cell("ort")
    t_min = cell("torch")

    def ratio(a, b):
        return f"{b / a:5.2f}x" if a and b else None

    def failed(engine, width):
        return f"{'FAIL':>{width}}" if isinstance(res.get(engine), EngineError) \
            else None

    def errcell(engine):
        r = res.get(engine)
        if isinstance(r, EngineError) or not r:
            return f"{'-':>8}"
        return f"{r[1]:8.1e}"

    line = (f"{row.name:24} {n:>3} | "
            f"{failed('seqc', 8) or fmt(s_min, 8)} {failed('seqc', 8) or fmt(s_med, 8)} | "
            f"{failed('seqc_rt', 8) or fmt(cell('seqc_rt'), 8)} "
            f"{failed('seqc_onnx', 8) or fmt(cell('seqc_onnx'), 8)} | "
            f"{failed('ort', 8) or fmt(o_min, 8)} {failed('ort', 8) or fmt(cell('ort', 1), 8)} | "
            f"{failed('torch', 9) or fmt(t_min, 9)} {failed('torch', 8) or fmt(cell('torch', 1), 8)} | "
            f"{fmt(rate, 7, '.1f')} {fmt(100 * rate / reference if rate else None, 5, '.0f')}{mark} | "
            f"{(ratio(s_min, o_min) or '-'):>6} {(ratio(s_min, t_min) or '-'):>7} | "
            f"{errcell('seqc')} {errcell('ort')}")
    return line


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seqc", default=os.path.join(ROOT, "build", "bin", "seqc"))
    ap.add_argument("--repeat", type=int, default=None,
                    help="timed calls per engine, row and thread count "
                         "(default 10, 3 with --quick)")
    ap.add_argument("--warmup", type=int, default=None,
                    help="untimed calls first (default 2, 1 with --quick)")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--seqc-flag", action="append", default=[],
                    help="one more option for seqc (repeatable), e.g. an "
                    "LLVM option to compare code generation choices")
    ap.add_argument("--target-cpu", default=None,
                    help="compile Seqc's objects for this LLVM CPU (e.g. "
                    "x86-64-v3 to measure the AVX2 kernels on an AVX-512 "
                    "host; with OPENBLAS_CORETYPE=Haswell for PyTorch's); "
                    "default: the host")
    ap.add_argument("--rows", default=None, help="comma-separated row names "
                    "or prefixes (--list prints them)")
    ap.add_argument("--work", default=os.path.join(ROOT, "build", "bench-models"))
    ap.add_argument("--quick", action="store_true",
                    help="fewer calls: a smoke test, not a measurement")
    ap.add_argument("--list", action="store_true", help="print the rows")
    args = ap.parse_args()
    args.repeat = args.repeat or (3 if args.quick else 10)
    args.warmup = args.warmup if args.warmup is not None else (1 if args.quick else 2)
    args.threads = [int(t) for t in args.threads.split(",") if t]
    args.seqc = os.path.abspath(args.seqc)
    args.work = os.path.abspath(args.work)
    return args


def main():
    args = parse_args()
    rows = make_rows()
    if args.list:
        for r in rows:
            print(f"{r.name:24} {r.describe}; {r.flops / 1e9:.2f} GFLOP")
        return 0
    if args.rows:
        wanted = [w for w in args.rows.split(",") if w]
        unknown = [w for w in wanted if not any(r.name.startswith(w) for r in rows)]
        if unknown:
            sys.exit(f"bench: unknown rows {unknown}; --list prints them")
        rows = [r for r in rows if any(r.name.startswith(w) for w in wanted)]
    os.makedirs(args.work, exist_ok=True)

    cpu, features = cpu_info()
    blas = set_torch_threads(args.threads[0])
    print(f"bench/models: Seqc vs ONNX Runtime vs PyTorch, fp32; CPU: {cpu} "
          f"({os.cpu_count()} CPUs), {' '.join(features) or 'no vector features'}")
    print(f"threads {','.join(map(str, args.threads))}; {args.repeat} timed calls "
          f"after {args.warmup} warm-up{'s' if args.warmup != 1 else ''} per "
          f"engine{' (--quick: a smoke test)' if args.quick else ''}; "
          f"load average {os.getloadavg()[0]:.2f}")
    ort_problem = ensure_ort()
    ort_version = "unavailable"
    if not ort_problem:
        with open(os.path.join(HERE, "node_modules", "onnxruntime-node",
                               "package.json")) as f:
            ort_version = json.load(f)["version"]
    print(f"seqc {args.seqc} {' '.join(args.seqc_flag)}(target: {args.target_cpu or 'the host'}); onnxruntime-node {ort_version}; PyTorch "
          f"{torch.__version__} (OpenBLAS threads via {blas}; "
          f"{OPENBLAS_CORE}); work dir {args.work}")
    gemm_calls = 3 if args.quick else 7
    gemm = {n: sgemm_gflops(n, gemm_calls) for n in args.threads}
    print(f"sgemm (torch.mm 1024^3 fp32, OpenBLAS, best of {gemm_calls}; "
          "measured again before each row, %sgemm uses the best so far): " +
          ", ".join(f"{gemm[n]:.1f} GFLOP/s at {n} thread{'s' if n > 1 else ''}"
                    for n in args.threads))
    print("times in ms; rt = Seqc with --weights=runtime; onnx = Seqc compiling "
          "the model.onnx that ONNX Runtime runs; x ort, x torch = their "
          "min / Seqc's min; err = max abs error against PyTorch\n")
    print(header_line())
    print("-" * len(header_line()), flush=True)

    failures = []
    for row in rows:
        res = {}
        for n in args.threads:
            gemm[n] = max(gemm[n], sgemm_gflops(n, gemm_calls))
        try:
            model_dir = export_model(row, args.work)
            row_dir, arrays, reference = export_row(row, args.work, model_dir)
        except Exception as e:  # noqa: BLE001
            failures.append((row.name, "export", f"{type(e).__name__}: {e}"))
            print(f"{row.name:24} export failed: {type(e).__name__}: {e}", flush=True)
            continue
        steps = [
            ("seqc", lambda: run_seqc(args, row, model_dir, row_dir, "embedded", reference)),
            ("seqc_rt", lambda: run_seqc(args, row, model_dir, row_dir, "runtime", reference)),
            ("seqc_onnx", lambda: run_seqc(args, row, model_dir, row_dir, "onnx", reference)),
            ("ort", lambda: run_ort(args, row, model_dir, row_dir, reference, ort_problem)),
            ("torch", lambda: (run_torch(args, row, arrays), 0.0)),
        ]
        for engine, step in steps:
            try:
                res[engine] = step()
            except Exception as e:  # noqa: BLE001 - one cell, not the run
                if not isinstance(e, EngineError):
                    e = EngineError(f"{type(e).__name__}: {e}")
                res[engine] = e
                failures.append((row.name, engine, str(e)))
        copy = None
        if row.bytes_moved:
            copy = {n: copy_gbps(n, gemm_calls, row.bytes_moved)
                    for n in args.threads}
            print(f"{'':24} copy_ of {row.bytes_moved >> 21} MiB (read + write "
                  f"{row.bytes_moved >> 20} MiB): " +
                  ", ".join(f"{copy[n]:.1f} GB/s at {n} thread{'s' if n > 1 else ''}"
                            for n in args.threads) +
                  "; this row's rate column is GB/s, 'm' = % of that copy")
        for n in args.threads:
            print(row_lines(row, n, res, gemm, copy))
        for engine in ENGINES:
            if isinstance(res.get(engine), EngineError):
                print(f"    {engine}: {res[engine]}")
        sys.stdout.flush()

    print("\nsgemm, best of the run: " + ", ".join(
        f"{gemm[n]:.1f} GFLOP/s at {n} thread{'s' if n > 1 else ''}"
        for n in args.threads))
    print(f"load average {os.getloadavg()[0]:.2f} at the end"
          + ("  (a shared machine: timings are noisy)"
             if os.getloadavg()[0] > 0.5 else ""))
    if failures:
        print(f"\n{len(failures)} failure{'s' if len(failures) > 1 else ''}:")
        for name, engine, message in failures:
            print(f"  {name} [{engine}]: {message}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
