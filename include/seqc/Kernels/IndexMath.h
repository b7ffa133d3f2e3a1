//===- IndexMath.h - index arithmetic of the loop nests kernels build ----===//

#ifndef SEQC_KERNELS_INDEXMATH_H
#define SEQC_KERNELS_INDEXMATH_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

namespace seqc::kernels {

inline mlir::Value cIndex(mlir::OpBuilder &b, mlir::Location loc, int64_t v) {
  return b.create<mlir::arith::ConstantIndexOp>(loc, v);
}

/// `v + c`, or `v` when c is 0.
inline mlir::Value addIndex(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value v, int64_t c) {
  if (c == 0)
    return v;
  return b.create<mlir::arith::AddIOp>(loc, v, cIndex(b, loc, c));
}

/// `base + extent - extent % m`: the end of the whole multiples of `m` in
/// [base, base + extent).
inline mlir::Value roundDown(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::Value base, mlir::Value extent, int64_t m) {
  mlir::Value rem =
      b.create<mlir::arith::RemUIOp>(loc, extent, cIndex(b, loc, m));
  mlir::Value whole = b.create<mlir::arith::SubIOp>(loc, extent, rem);
  return b.create<mlir::arith::AddIOp>(loc, base, whole);
}

} // namespace seqc::kernels

#endif // SEQC_KERNELS_INDEXMATH_H
