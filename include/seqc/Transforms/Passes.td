//===- Passes.td - Seqc optimisation passes ----------------*- tablegen -*-===//

#ifndef SEQC_TRANSFORMS_PASSES_TD
#define SEQC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def SeqFuseAttention : Pass<"seq-fuse-attention"> {
  let summary = "Rewrite seq.sdpa into tiled, fused attention (online softmax)";
  let description = [{
    Every `seq.sdpa` (and the one inside `seq.multi_head_attention`, which
    is decomposed first as by `seq-decompose`) becomes a flash-attention
    style loop nest on tensors:

    - an `scf.forall` over (batch, head, query tile), run in parallel;
    - per query tile, Qᵀ·scale packed into a `[D, tile-q]` scratch buffer;
    - an inner `scf.for` over key/value tiles computing Sᵀ = K·(Qᵀ·scale)
      in a `[tile-kv, tile-q]` scratch buffer with register-tiled FMAs, the
      mask applied inside the tile, the running row max and row sum updated
      (online softmax), the `[tile-q, Dv]` accumulator rescaled and P·V
      added to it;
    - one division per output row at the end.

    No `[Sq, Sk]` buffer is allocated: the scratch memory of a query tile is
    `tile-q × (tile-kv + D + Dv)` floats, on the stack.

    Masks are classified per key/value tile. `key_lengths` and `causal`
    bound the key loop (keys past the batch's length and tiles wholly above
    the diagonal are never visited). Key/value tiles wholly below the
    diagonal and inside the length run in a first loop with no mask work;
    the remaining tiles (the diagonal ones and the last, partial one) run in
    a second loop that bounds the tile at the last valid key and applies
    the causal mask; inside a diagonal tile, the register blocks wholly
    above the diagonal are skipped. An explicit mask is applied in every
    tile. A query row with no attended key gives zeros.

    Query rows are the vector lanes of Sᵀ, so the softmax statistics are
    plain vector operations. The scores are kept in the log2 domain (Q is
    scaled by scale·log2(e)), and the weights 2^x are computed inline: a
    degree-6 polynomial of the fraction, the integer part in the exponent
    bits (scalars: `math.exp2`). The S micro-kernel keeps 4 keys × 2
    vectors of query rows in registers, each key a `[D]` slice of K (a
    base pointer in the loop over D), the P·V one 4 rows × 2 vectors of Dv
    (8 accumulators each, enough to hide the FMA latency on AVX2); with 32
    vector registers (AVX-512) 8 keys and 8 rows (16 accumulators). With a
    causal mask, the parallel loop runs the query tiles from the last (the
    costliest) to the first, so that the threads finish together.

    Tile defaults: 64 × 64 with 16 vector registers (measured on an AMD
    EPYC Zen 3: 32 KiB L1d and 512 KiB L2 per core), 128 × 64 with 32
    (an Emerald Rapids Xeon, 2 MiB L2: 11% faster at S = 2048 than 64 × 64
    with the 4-key kernel). A key/value step touches five 16 KiB
    tiles for D = 64 (Qᵀ, Sᵀ and the accumulator on the stack, K and V read
    in place): 80 KiB, well inside L2; the S micro-kernel's operands (a
    16-row strip of Qᵀ, 4 KiB, and 4 rows of K, 1 KiB) stay in L1. Tiles
    from 32 × 64 to 128 × 128 measured within 10% of each other at S = 2048,
    64 × 64 the fastest. `tile-q` is rounded up to a multiple of twice the
    vector width, `tile-kv` to a multiple of 4.

    Not fused (a remark, and the op is left for the reference lowering):
    a dynamic value head dim Dv (and, defensively, anything but f32, which
    the verifier already rejects).
  }];
  let options = [
    Option<"tileQ", "tile-q", "int64_t", /*default=*/"0",
           "Query rows per tile (rounded up to 2 x vector width); 0 = from "
           "the target (128 with 32 vector registers, else 64)">,
    Option<"tileKV", "tile-kv", "int64_t", /*default=*/"64",
           "Keys/values per tile (rounded up to a multiple of 4)">,
    Option<"vectorize", "vectorize", "bool", /*default=*/"true",
           "Emit vector code (off: the same loop nest on scalars)">,
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"0",
           "f32 lanes per vector; 0 = the module's seq.target (16 with "
           "AVX-512, else 8)">,
    ListOption<"microKernel", "micro-kernel", "int64_t",
           "Register tiles, for tuning: keys,vectors of the S micro-kernel "
           "and rows,vectors of the P·V one (default: 8,2,8,2 with 32 "
           "vector registers, else 4,2,4,2)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect"];
}

def SeqRaiseAttention : Pass<"seq-raise-attention"> {
  let summary = "Find attention written with general tensor ops and rewrite "
                "it to seq.sdpa";
  let description = [{
    `matmul(softmax(mask(scale(matmul(q, transpose(k)))), axis = -1), v)`
    becomes `seq.sdpa`, so that attention written as a tutorial writes it
    takes the fused, tiled path. The scale is any product of constants
    (multiplications or divisions, on the scores or on q or k); the mask is
    `where`/`masked_fill` with a constant value (kept as the op's
    `masked_value`, so that a wholly masked row gets torch's uniform
    weights) or an additive f32 tensor (with `nan_if_empty`, as torch's
    softmax of -infs). Operands of rank 2 or 3 are taken as one head. The
    head split/merge transposes around the op are read through by
    seq-fuse-attention. Near-misses (softmax over another axis, two masks,
    a mask that does not broadcast, a scale computed from data, a dynamic
    head dim) are left as written; with `report=true` a remark says what
    was raised, and why a softmax·v product was not.
  }];
  let options = [
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark for every raised attention and every near-miss">,
  ];
  let statistics = [
    Statistic<"numRaised", "raised", "attentions raised to seq.sdpa">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

def SeqRaiseLinear : Pass<"seq-raise-linear"> {
  let summary = "x @ W.t() and its bias add as seq.linear";
  let description = [{
    `seq.matmul` of an input of rank 2 or more by `seq.transpose` of a 2-D
    weight with permutation [1, 0] becomes `seq.linear` of the untransposed
    weight; a `seq.add` of a [N] vector to a `seq.linear` without a bias
    (and no other use) becomes its bias. The GEMM kernel then reads the
    weight packed once, with the bias in its epilogue, instead of a
    transposed copy made on every call and a separate add.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def SeqRaiseNorm : Pass<"seq-raise-norm"> {
  let summary = "Layer and RMS norms written with general ops as "
                "seq.layer_norm / seq.rms_norm";
  let description = [{
    `(x - mean(x)) / sqrt(mean((x - mean(x))²) + eps) * w + b` over the last
    dim (as torch.onnx.export writes nn.LayerNorm before opset 17) becomes
    `seq.layer_norm`, and `x / sqrt(mean(x²) + eps) * w` (or with `rsqrt`)
    `seq.rms_norm`, so that seq-fuse-norm gives them one pass per row. The
    square is `pow(d, 2)` or `d * d`; eps must be a constant; the weight and
    bias are `[D]` vectors, taken only when the normalised value has no
    other use.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def SeqFuseNorm : Pass<"seq-fuse-norm"> {
  let summary = "layer_norm / rms_norm as one vectorised pass over each row, "
                "with the residual add folded in";
  let description = [{
    Every `seq.layer_norm` and `seq.rms_norm` with a static f32 last dim
    becomes the row-norm kernel of lib/Kernels (seqc::kernels::emitRowNorm):
    an `scf.forall` over blocks of rows that reads each row once, keeps it
    in a stack row while four vector accumulators sum it, and writes the
    normalised, scaled and shifted row. When the input is a `seq.add` of
    two tensors of its own type (the residual connection of a Transformer
    block), the add is folded into the first pass and the sum is never
    written to memory. The vector width is the module's target's.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"0",
           "f32 lanes per vector (0: the module's seq.target)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect"];
}

def SeqMergeEqualFunctions : Pass<"seq-merge-equal-functions", "::mlir::ModuleOp"> {
  let summary = "Compile structurally equal functions once, their weights as arguments";
  let description = [{
    The front end makes each call of a block (each layer of a `for` loop,
    each repeated block call) a private function holding its ops and its
    weights as constants. After lowering to linalg on tensors — when the
    weights have been packed at compile time into the layouts the kernels
    read — this pass finds private functions that are equal up to the
    values of their non-splat tensor constants: same ops in the same order,
    same operands, same types and attributes, same constant types. Each
    group becomes one function that takes the constants whose values differ
    as extra arguments (after the original ones); every call passes its own
    layer's constants. Bufferization, the loop and vector passes and LLVM
    then see each distinct layer once, so compile time and code size do not
    grow with depth.

    Afterwards a private function called once is inlined back into its
    caller, so a block called once compiles as if it had been written
    inline. Locations are not compared.
  }];
  let options = [
    Option<"inlineSingleCalls", "inline-single-calls", "bool",
           /*default=*/"true",
           "Inline private functions that have exactly one call">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect"];
}

def SeqSetTarget : Pass<"seq-set-target", "::mlir::ModuleOp"> {
  let summary = "Attach the target description (#seq.target) to the module";
  let description = [{
    Describes the CPU to compile for — LLVM triple, CPU name, features,
    vector width, vector registers, per-core L1 and L2 — and attaches it to
    the module as `seq.target`. Every pass that picks a width, a register
    tile, a cache block or a weight layout reads it (`seqc::getTarget`);
    none looks at the host itself. `cpu=host` (the default) describes this
    machine, with its cache sizes read from sysfs; a CPU name describes that
    CPU as LLVM knows it.
  }];
  let options = [
    Option<"cpu", "cpu", "std::string", /*default=*/"\"host\"",
           "LLVM CPU name, or 'host'">,
    Option<"features", "features", "std::string", /*default=*/"\"\"",
           "Extra LLVM features, e.g. '-avx512f'">,
    Option<"keepExisting", "keep-existing", "bool", /*default=*/"false",
           "Leave a seq.target the module already has">,
  ];
  let dependentDialects = ["::mlir::seq::SeqDialect"];
}

def SeqApproximateVectorMath : Pass<"seq-approximate-vector-math"> {
  let summary = "Polynomial approximations for math ops on vectors";
  let description = [{
    Replaces `math.exp` (and the other ops MLIR approximates: tanh, erf,
    log, ...) on vector operands by MLIR's polynomial approximations
    (`populateMathPolynomialApproximationPatterns`), so that they stay
    vectorised instead of becoming one libm call per lane. Scalar math ops
    are left alone: they keep their exact libm/intrinsic lowering.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def SeqParallelToThreads : Pass<"seq-parallel-to-threads", "::mlir::ModuleOp"> {
  let summary = "Run outermost scf.parallel loops on Seqc's thread pool";
  let description = [{
    Outlines the body of every outermost `scf.parallel` (on buffers, without
    reductions) into a function `void f(void *ctx, int64_t begin, int64_t
    end)` that runs the linearised iterations [begin, end), and replaces the
    loop by a call of the runtime's

        void seqc_parallel_for(void (*f)(void *, int64_t, int64_t),
                               void *ctx, int64_t iterations);

    The values the body uses are passed in `ctx`, an array of 64-bit slots
    on the caller's stack (a memref as its aligned pointer, offset, sizes
    and strides). The runtime (lib/Runtime/Parallel.c, libc and pthreads
    only) splits the iterations over its threads: `SEQC_NUM_THREADS` or
    `seqc_set_num_threads(n)`, default one per online CPU. Loops whose body
    uses a value that cannot be passed stay serial.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def SeqCheckAllocationSizes : Pass<"seq-check-allocation-sizes", "::mlir::ModuleOp"> {
  let summary = "Check the byte size of every dynamic heap buffer before it is allocated";
  let description = [{
    The lowering of `memref.alloc` multiplies the dynamic sizes and the
    element size in 64-bit arithmetic that wraps: dims within range whose
    product passes 2^63 (an `[n, n]` f32 temporary with n >= 2^31) would
    give malloc a small size for a huge buffer. Before every `memref.alloc`
    with dynamic sizes this pass computes the byte size with overflow
    detection (`arith.mului_extended`) and, when it passes 2^62 bytes
    (beyond any address space, and far enough from 2^63 for the alignment
    padding), calls the runtime's `seqc_buffer_too_large()`
    (lib/Runtime/BufferCache.c), which fails the call with
    SEQC_OUT_OF_MEMORY. Static sizes are checked at compile time by the
    memref type itself.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect"];
}

def SeqVectorizeMatmul : Pass<"seq-vectorize-matmul"> {
  let summary = "Register-tiled vector GEMMs and vector elementwise loops on buffers";
  let description = [{
    Runs after bufferization. Every f32 `linalg.matmul` on buffers with a
    unit innermost stride becomes a register-tiled loop nest: column blocks
    of `block-n`, 4-row tiles, and a micro-kernel holding a 4 x 3-vector
    tile of C in registers while it walks K with broadcast-A x B-row FMAs
    (outer products); row tails use a 1 x 4-vector kernel, column tails one
    vector and a masked last vector. Blocks of 128 rows x `block-n` columns
    run as an `scf.parallel` (seq-parallel-to-threads) when
    max(M, 4)·N·K >= `parallel-threshold`. The recurrent lowering's products
    on weights packed in [N/8, K, 8] panels (a linalg.generic, possibly with
    several M loops) get the same kernel; when a bias row broadcast fills C
    right before a product, the accumulators start from the bias and the
    broadcast is dropped.

    Every all-parallel `linalg.generic` on buffers whose body is arith/math
    on scalars and whose operands are contiguous or constant along the
    innermost loop becomes scalar outer loops around a vector loop (masked
    last vector); its math ops on vectors are then approximated by
    seq-approximate-vector-math. The recurrent layers' fused gate math is
    such a generic.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"0",
           "f32 lanes per vector (0: the module's seq.target)">,
    Option<"blockN", "block-n", "int64_t", /*default=*/"0",
           "Columns per block of B, rounded to the register tile's columns "
           "(0: from the target's L2 and K)">,
    Option<"parallelThreshold", "parallel-threshold", "int64_t",
           /*default=*/"0",
           "Run column blocks in parallel when M·N·K reaches this (0: never)">,
    Option<"elementwise", "elementwise", "bool", /*default=*/"true",
           "Also vectorise elementwise generics">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // SEQC_TRANSFORMS_PASSES_TD
