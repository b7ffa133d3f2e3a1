//===- Norm.h - row normalisation kernels for CPUs --------------*- C++ -*-===//
//
// layer_norm and rms_norm over the last dim, with an optional residual add
// folded in, as one parallel loop over blocks of rows. Each row is read
// once from memory: the residual sum goes to a row of stack scratch (in L1)
// while its sum (or sum of squares) accumulates in four vector accumulators;
// the centred second moment and the normalised, scaled output are computed
// from that row. Built on tensors (scf.forall, vector transfers), so that
// bufferization writes the rows in place.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_KERNELS_NORM_H
#define SEQC_KERNELS_NORM_H

#include "mlir/IR/Builders.h"

namespace seqc::kernels {

struct RowNorm {
  /// [..., D] with a static D, f32.
  mlir::Value input;
  /// Added to `input` first (same type), or null.
  mlir::Value residual;
  /// [D] scale and shift, each optional.
  mlir::Value weight, bias;
  float epsilon = 1e-5f;
  /// rms_norm (no centring, no bias) rather than layer_norm.
  bool rms = false;
};

/// Whether emitRowNorm handles `input`'s type.
bool canEmitRowNorm(mlir::Type inputType);

/// The normalised rows, of `norm.input`'s type; `width` f32 lanes per
/// vector (the target's).
mlir::Value emitRowNorm(mlir::OpBuilder &b, mlir::Location loc,
                        const RowNorm &norm, int64_t width);

} // namespace seqc::kernels

#endif // SEQC_KERNELS_NORM_H
