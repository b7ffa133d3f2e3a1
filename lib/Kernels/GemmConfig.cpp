//===- GemmConfig.cpp - the GEMM's shape for each ISA -----------*- C++ -*-===//
//
// The register tile fills the target's vector register file: `tileRows`
// rows × `tileVectors` vectors of accumulators, plus the `tileVectors`
// vectors of B loaded at each step of K and one broadcast of A. Three
// vectors of B per step keep the loads (3 of B, `tileRows` broadcasts of
// A) under the FMAs on every x86 core since Haswell:
//
//   registers   lanes   tile          accumulators  live registers
//   32 (AVX-512)  16    8 × 3 (8×48)  24            28
//   16 (AVX2)      8    4 × 3 (4×24)  12            16
//   16 (SSE)       4    4 × 3 (4×12)  12            16
//
// Cache blocks: B's [K, blockN] block takes at most half of one core's L2,
// so the row tiles of a block reread it from L2 while A's rows stream; N is
// cut in at least four blocks, the parallel work of a one-row-block product.
//
//===----------------------------------------------------------------------===//

#include "seqc/Kernels/Gemm.h"
#include "seqc/Target/Target.h"

#include <algorithm>

using namespace seqc;
using namespace seqc::kernels;

GemmConfig GemmConfig::select(const TargetDescription &target,
                              std::optional<int64_t> k,
                              std::optional<int64_t> n) {
  GemmConfig config;
  config.width = target.f32Lanes();
  config.tileVectors = 3;
  // Accumulators + B's vectors + one broadcast of A fit the registers; more
  // than 8 rows adds A streams without making the tile any more efficient.
  config.tileRows = std::clamp<int64_t>(
      (target.vectorRegisters - config.tileVectors - 1) / config.tileVectors,
      1, 8);
  // The one-row kernel: as many vectors as leave room for B's.
  config.rowVectors = std::clamp<int64_t>(target.vectorRegisters / 4, 2, 8);
  config.rowAccumulators = config.rowVectors;
  // A narrow product (a column slice of a recurrent step: 2 to 4 vectors)
  // would leave most of it to the single-vector tail. Tiles that divide N
  // instead: the row tile with the most accumulators among the widths that
  // divide it, and a one-row kernel as wide as N allows (which then splits
  // K to keep rowAccumulators FMA chains in flight).
  bool narrow = n && *n % config.tileColumns() != 0 &&
                *n < 4 * config.tileColumns();
  if (narrow) {
    int64_t bestAccumulators = 0;
    for (int64_t vectors : {3, 4, 2}) {
      if (*n % (vectors * config.width) != 0)
        continue;
      int64_t rows = std::clamp<int64_t>(
          (target.vectorRegisters - vectors - 1) / vectors, 1, 8);
      if (rows * vectors > bestAccumulators) {
        bestAccumulators = rows * vectors;
        config.tileVectors = vectors;
        config.tileRows = rows;
      }
    }
  }
  if (n && *n % config.width == 0)
    while (*n % (config.rowVectors * config.width) != 0)
      --config.rowVectors;
  config.blockRows = std::max<int64_t>(128, 16 * config.tileRows);

  // Half of L2 for B's block; K of a dynamic product is guessed as 512.
  int64_t kBytes = std::max<int64_t>(k.value_or(512), 1) * 4;
  int64_t columns = target.l2Bytes / 2 / kBytes;
  int64_t tile = config.tileColumns();
  columns = std::clamp<int64_t>(columns / tile * tile, tile, 16 * tile);
  // At least four column blocks when N allows: a small-batch product (a
  // recurrent step) has one row block, and its column blocks are all the
  // parallel work there is.
  if (n && *n >= 4 * tile && !narrow)
    columns = std::min(columns, ((*n + 3) / 4 + tile - 1) / tile * tile);
  config.blockN = columns;
  return config;
}

std::string GemmConfig::name() const {
  const char *isa = width >= 16 ? "avx512" : width >= 8 ? "avx2" : "sse";
  return std::string(isa) + "-" + std::to_string(tileRows) + "x" +
         std::to_string(tileVectors);
}
