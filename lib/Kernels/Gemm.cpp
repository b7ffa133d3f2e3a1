//===- Gemm.cpp - register-tiled f32 GEMM as MLIR vector code ---*- C++ -*-===//
//
// C [M, N] += A [M, K] · B, the outer-product formulation: the micro-kernel
// keeps a tileRows × tileVectors tile of C in registers (scf.for
// iter_args) while it walks K, with one broadcast of A and tileVectors
// loads of B per row step and one FMA per (row, vector). Around it: column
// blocks of blockN (B's block stays in L2), row blocks of blockRows, row
// tiles, row tails of 4, 2 and 1 rows (so a product of M < tileRows rows
// reads B log2(tileRows) times rather than M times) and column tails of
// single vectors and one masked vector. The blocks are an scf.parallel when
// the product is large enough.
//
//===----------------------------------------------------------------------===//

#include "seqc/Kernels/Gemm.h"
#include "seqc/Kernels/IndexMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace seqc::kernels;

namespace {

struct GemmEmitter {
  Location loc;
  const GemmOperands &ops;
  const GemmConfig &cfg;
  Value k;
  VectorType vecType, maskType;

  /// C[i : i+rows, j : j+vectors·width] += A[i : i+rows, :] · B[:, j : ...];
  /// with `mask`, one vector whose lanes past the mask are neither read nor
  /// written.
  void microKernel(OpBuilder &b, Value i, Value j, int64_t rows,
                   int64_t vectors, Value mask) {
    int64_t width = cfg.width;
    Value pad;
    if (mask)
      pad = b.create<arith::ConstantOp>(
          loc, vecType, DenseElementsAttr::get(vecType, b.getF32FloatAttr(0)));
    auto load = [&](OpBuilder &nb, Value base, ValueRange idx) -> Value {
      if (mask)
        return nb.create<vector::MaskedLoadOp>(loc, vecType, base, idx, mask,
                                               pad);
      return nb.create<vector::LoadOp>(loc, vecType, base, idx);
    };
    SmallVector<Value> rowIdx, colIdx, panelIdx;
    for (int64_t r = 0; r < rows; ++r)
      rowIdx.push_back(addIndex(b, loc, i, r));
    for (int64_t v = 0; v < vectors; ++v) {
      colIdx.push_back(addIndex(b, loc, j, v * width));
      if (ops.packed)
        panelIdx.push_back(b.create<arith::DivUIOp>(loc, colIdx.back(),
                                                    cIndex(b, loc, width)));
    }
    Value zero = cIndex(b, loc, 0);
    SmallVector<Value> acc, biasVec;
    if (ops.bias)
      for (int64_t v = 0; v < vectors; ++v)
        biasVec.push_back(load(b, ops.bias, {colIdx[v]}));
    Value zeros;
    if (ops.zero)
      zeros = b.create<arith::ConstantOp>(
          loc, vecType, DenseElementsAttr::get(vecType, b.getF32FloatAttr(0)));
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t v = 0; v < vectors; ++v)
        acc.push_back(ops.bias   ? biasVec[v]
                      : ops.zero ? zeros
                                 : load(b, ops.c, {rowIdx[r], colIdx[v]}));
    // acc[r·vectors + v] += A[row r, kk] · B[kk, vector v].
    auto step = [&](OpBuilder &nb, Value kk, ValueRange iter) {
      SmallVector<Value> bVec;
      for (int64_t v = 0; v < vectors; ++v)
        bVec.push_back(ops.packed ? nb.create<vector::LoadOp>(
                                        loc, vecType, ops.b,
                                        ValueRange{panelIdx[v], kk, zero})
                                  : load(nb, ops.b, {kk, colIdx[v]}));
      SmallVector<Value> next;
      for (int64_t r = 0; r < rows; ++r) {
        Value scalar =
            nb.create<memref::LoadOp>(loc, ops.a, ValueRange{rowIdx[r], kk});
        Value splat = nb.create<vector::BroadcastOp>(loc, vecType, scalar);
        for (int64_t v = 0; v < vectors; ++v)
          next.push_back(nb.create<vector::FMAOp>(loc, splat, bVec[v],
                                                  iter[r * vectors + v]));
      }
      return next;
    };
    auto kLoop = [&](OpBuilder &nb, Value from, Value to, ValueRange init) {
      return nb
          .create<scf::ForOp>(
              loc, from, to, cIndex(nb, loc, 1), init,
              [&](OpBuilder &lb, Location, Value kk, ValueRange iter) {
                lb.create<scf::YieldOp>(loc, step(lb, kk, iter));
              })
          .getResults();
    };
    // One row of few vectors: K in `parts` interleaved parts, each with
    // its own accumulators (from zero but the first), so that enough FMA
    // chains are in flight; the parts are added before the store.
    int64_t parts = rows == 1 ? (cfg.rowAccumulators + vectors - 1) / vectors
                              : 1;
    SmallVector<Value> results;
    if (parts <= 1) {
      results = kLoop(b, zero, k, acc);
    } else {
      Value zeroVec = b.create<arith::ConstantOp>(
          loc, vecType, DenseElementsAttr::get(vecType, b.getF32FloatAttr(0)));
      SmallVector<Value> init(acc);
      init.append((parts - 1) * vectors, zeroVec);
      Value kMain = roundDown(b, loc, zero, k, parts);
      ValueRange split =
          b.create<scf::ForOp>(
               loc, zero, kMain, cIndex(b, loc, parts), init,
               [&](OpBuilder &lb, Location, Value kk, ValueRange iter) {
                 SmallVector<Value> next;
                 for (int64_t p = 0; p < parts; ++p)
                   llvm::append_range(
                       next, step(lb, addIndex(lb, loc, kk, p),
                                  iter.slice(p * vectors, vectors)));
                 lb.create<scf::YieldOp>(loc, next);
               })
              .getResults();
      SmallVector<Value> sums(split.take_front(vectors));
      for (int64_t p = 1; p < parts; ++p)
        for (int64_t v = 0; v < vectors; ++v)
          sums[v] = b.create<arith::AddFOp>(loc, sums[v],
                                            split[p * vectors + v]);
      results = kLoop(b, kMain, k, sums);
    }
    Value dest = ops.out ? ops.out : ops.c;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t v = 0; v < vectors; ++v) {
        Value value = results[r * vectors + v];
        if (ops.epilogue)
          value = ops.epilogue(b, loc, value);
        if (mask)
          b.create<vector::MaskedStoreOp>(
              loc, dest, ValueRange{rowIdx[r], colIdx[v]}, mask, value);
        else
          b.create<vector::StoreOp>(loc, value, dest,
                                    ValueRange{rowIdx[r], colIdx[v]});
      }
  }

  /// Rows [i, i+rows) times columns [from, to) in tiles of `vectors`
  /// vectors (to - from is a multiple of them).
  void columnRun(OpBuilder &b, Value i, int64_t rows, int64_t vectors,
                 Value from, Value to) {
    b.create<scf::ForOp>(loc, from, to, cIndex(b, loc, vectors * cfg.width),
                         ValueRange{},
                         [&](OpBuilder &nb, Location, Value j, ValueRange) {
                           microKernel(nb, i, j, rows, vectors, Value());
                           nb.create<scf::YieldOp>(loc);
                         });
  }

  /// Rows [i, i+rows) times columns [jBegin, jEnd).
  void columns(OpBuilder &b, Value i, int64_t rows, int64_t vectors,
               Value jBegin, Value jEnd) {
    int64_t width = cfg.width;
    Value extent = b.create<arith::SubIOp>(loc, jEnd, jBegin);
    Value mainEnd = roundDown(b, loc, jBegin, extent, vectors * width);
    columnRun(b, i, rows, vectors, jBegin, mainEnd);
    // One row: the rest of the block in halving widths (each at most once),
    // so a block that is not a multiple of the row kernel's width still
    // loads several vectors of B per step of K.
    if (rows == 1)
      for (int64_t part = vectors / 2; part > 1; part /= 2) {
        Value left = b.create<arith::SubIOp>(loc, jEnd, mainEnd);
        Value end = roundDown(b, loc, mainEnd, left, part * width);
        columnRun(b, i, rows, part, mainEnd, end);
        mainEnd = end;
      }
    Value vecEnd = roundDown(b, loc, jBegin, extent, width);
    if (vectors > 1)
      columnRun(b, i, rows, 1, mainEnd, vecEnd);
    // At most one masked vector.
    b.create<scf::ForOp>(loc, vecEnd, jEnd, cIndex(b, loc, width), ValueRange{},
                         [&](OpBuilder &nb, Location, Value j, ValueRange) {
                           Value left = nb.create<arith::SubIOp>(loc, jEnd, j);
                           Value mask = nb.create<vector::CreateMaskOp>(
                               loc, maskType, ValueRange{left});
                           microKernel(nb, i, j, rows, 1, mask);
                           nb.create<scf::YieldOp>(loc);
                         });
  }

  /// Rows [ic, min(ic + blockRows, M)) times the column block at jc: row
  /// tiles, then tails of 4, 2 and 1 rows (each at most once).
  void block(OpBuilder &b, Value ic, Value jc, Value m, Value n) {
    Value jEnd = b.create<arith::MinUIOp>(loc, addIndex(b, loc, jc, cfg.blockN),
                                          n);
    Value iEnd = b.create<arith::MinUIOp>(
        loc, addIndex(b, loc, ic, cfg.blockRows), m);
    Value rowsEnd = roundDown(b, loc, ic, b.create<arith::SubIOp>(loc, iEnd, ic),
                              cfg.tileRows);
    b.create<scf::ForOp>(
        loc, ic, rowsEnd, cIndex(b, loc, cfg.tileRows), ValueRange{},
        [&](OpBuilder &lb, Location, Value i, ValueRange) {
          columns(lb, i, cfg.tileRows, cfg.tileVectors, jc, jEnd);
          lb.create<scf::YieldOp>(loc);
        });
    Value start = rowsEnd;
    for (int64_t rows : {4, 2, 1}) {
      if (rows >= cfg.tileRows)
        continue;
      // Tail rows are fewer than 2·rows here (the tile has at most 8 rows):
      // at most one tile of `rows`.
      Value left = b.create<arith::SubIOp>(loc, iEnd, start);
      Value end = roundDown(b, loc, start, left, rows);
      int64_t vectors = rows == 1 ? cfg.rowVectors : cfg.tileVectors;
      b.create<scf::ForOp>(loc, start, end, cIndex(b, loc, rows), ValueRange{},
                           [&](OpBuilder &lb, Location, Value i, ValueRange) {
                             columns(lb, i, rows, vectors, jc, jEnd);
                             lb.create<scf::YieldOp>(loc);
                           });
      start = end;
    }
  }
};

} // namespace

void seqc::kernels::emitGemm(OpBuilder &b, Location loc,
                             const GemmOperands &ops, const GemmConfig &cfg,
                             int64_t parallelThreshold) {
  Value m = b.create<memref::DimOp>(loc, ops.a, 0);
  Value k = b.create<memref::DimOp>(loc, ops.a, 1);
  Value n = ops.packed ? b.create<arith::MulIOp>(
                              loc, b.create<memref::DimOp>(loc, ops.b, 0),
                              cIndex(b, loc, cfg.width))
                              .getResult()
                        : b.create<memref::DimOp>(loc, ops.b, 1).getResult();
  GemmEmitter e{loc, ops, cfg, k,
                VectorType::get({cfg.width}, b.getF32Type()),
                VectorType::get({cfg.width}, b.getI1Type())};

  auto serial = [&](OpBuilder &sb) {
    sb.create<scf::ForOp>(
        loc, cIndex(sb, loc, 0), m, cIndex(sb, loc, cfg.blockRows),
        ValueRange{}, [&](OpBuilder &ob, Location, Value ic, ValueRange) {
          ob.create<scf::ForOp>(
              loc, cIndex(ob, loc, 0), n, cIndex(ob, loc, cfg.blockN),
              ValueRange{}, [&](OpBuilder &fb, Location, Value jc, ValueRange) {
                e.block(fb, ic, jc, m, n);
                fb.create<scf::YieldOp>(loc);
              });
          ob.create<scf::YieldOp>(loc);
        });
  };
  if (parallelThreshold <= 0) {
    serial(b);
    return;
  }
  // Parallel when there is enough work per call; the runtime's thread pool
  // is not free to wake. Below a tile of rows the kernel is bound by loading
  // B (a recurrent step at batch 1 streams W_hh), so such a product costs
  // about as much as one of a full tile.
  Value rows = b.create<arith::MaxUIOp>(loc, m, cIndex(b, loc, cfg.tileRows));
  Value work =
      b.create<arith::MulIOp>(loc, b.create<arith::MulIOp>(loc, rows, n), k);
  Value big = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::uge, work,
                                      cIndex(b, loc, parallelThreshold));
  Value zero = cIndex(b, loc, 0);
  // Blocks of rows × columns: a tall GEMM (the hoisted input projection)
  // has too few column blocks alone to balance the threads.
  b.create<scf::IfOp>(
      loc, big,
      [&](OpBuilder &tb, Location) {
        tb.create<scf::ParallelOp>(
            loc, ValueRange{zero, zero}, ValueRange{m, n},
            ValueRange{cIndex(tb, loc, cfg.blockRows),
                       cIndex(tb, loc, cfg.blockN)},
            [&](OpBuilder &pb, Location, ValueRange ivs) {
              e.block(pb, ivs[0], ivs[1], m, n);
            });
        tb.create<scf::YieldOp>(loc);
      },
      [&](OpBuilder &eb, Location) {
        serial(eb);
        eb.create<scf::YieldOp>(loc);
      });
}
