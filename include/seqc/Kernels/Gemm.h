//===- Gemm.h - register-tiled f32 GEMM kernels for CPUs --------*- C++ -*-===//
//
// The GEMM that seq-vectorize-matmul emits for every f32 product on
// buffers (linear layers, the recurrent layers' projections): a loop nest of
// cache blocks around a register-tiled micro-kernel, built as MLIR vector
// code. Its shapes — vector width, register tile, row tails, cache blocks —
// come from the target (GemmConfig::select), one variant per ISA:
//
//   AVX-512 (32 zmm, 16 lanes): an 8 × 3-vector tile (8 × 48 columns): 24
//     accumulators, 3 B vectors and a broadcast of A live in 28 registers;
//   AVX2 (16 ymm, 8 lanes): a 4 × 3-vector tile (4 × 24), 12 accumulators
//     in 16 registers;
//   SSE (16 xmm, 4 lanes): the AVX2 shape on 4 lanes.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_KERNELS_GEMM_H
#define SEQC_KERNELS_GEMM_H

#include "mlir/IR/Builders.h"

#include <functional>
#include <optional>
#include <string>

namespace seqc {
struct TargetDescription;
} // namespace seqc

namespace seqc::kernels {

/// The shape of one target's GEMM.
struct GemmConfig {
  /// f32 lanes per vector.
  int64_t width = 8;
  /// The main register tile: `tileRows` rows × `tileVectors` vectors of C.
  int64_t tileRows = 4;
  int64_t tileVectors = 3;
  /// Vectors of C per row of the one-row kernel (M = 1, a recurrent step at
  /// batch 1), which streams B at cache bandwidth.
  int64_t rowVectors = 4;
  /// FMA chains the one-row kernel keeps in flight: with fewer vectors than
  /// this, it splits K into rowAccumulators / vectors interleaved parts
  /// whose sums are added at the end (one chain is latency bound).
  int64_t rowAccumulators = 4;
  /// Rows per block; with a column block, the unit of parallel work.
  int64_t blockRows = 128;
  /// Columns per block: B's [K, blockN] block stays in half of L2.
  int64_t blockN = 192;

  /// The GEMM for `target`, with cache blocks sized for `k` and `n` (when
  /// static).
  static GemmConfig select(const TargetDescription &target,
                           std::optional<int64_t> k,
                           std::optional<int64_t> n = std::nullopt);
  /// "avx512-8x3" and friends, for remarks and tests.
  std::string name() const;
  /// Columns of the main tile.
  int64_t tileColumns() const { return width * tileVectors; }
};

/// Operands of one product on buffers: C [M, N] += A [M, K] · B with B
/// stored [K, N], or packed in panels [N/width, K, width] (`packed`). With
/// `bias` ([N]), C's old contents are that row broadcast, with `zero`, zeros:
/// the accumulators start from it and C is only written.
struct GemmOperands {
  mlir::Value a, b, c;
  bool packed = false;
  mlir::Value bias;
  bool zero = false;
  /// An elementwise epilogue (an activation) applied to each finished
  /// vector of C before it is stored, into `out` [M, N] when given (else
  /// into C): C is then never written.
  std::function<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::Value)>
      epilogue;
  mlir::Value out;
};

/// Emits the GEMM at `builder`'s insertion point. Products with
/// max(M, tile rows)·N·K >= `parallelThreshold` (> 0) run their blocks as
/// an scf.parallel, for seq-parallel-to-threads.
void emitGemm(mlir::OpBuilder &builder, mlir::Location loc,
              const GemmOperands &operands, const GemmConfig &config,
              int64_t parallelThreshold);

} // namespace seqc::kernels

#endif // SEQC_KERNELS_GEMM_H
