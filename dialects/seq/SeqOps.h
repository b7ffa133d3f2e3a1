//===- SeqOps.h - seq dialect operations ------------------------*- C++ -*-===//

#ifndef SEQC_DIALECT_SEQ_SEQOPS_H
#define SEQC_DIALECT_SEQ_SEQOPS_H

#include "seq/SeqDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "seq/SeqEnums.h.inc"

#define GET_OP_CLASSES
#include "seq/SeqOps.h.inc"

namespace mlir::seq {

/// Number of gates of a recurrent op: 1 (RNN), 3 (GRU) or 4 (LSTM).
int64_t getGateCount(Operation *op);

/// Broadcasts two shapes with numpy rules; a dynamic dim never broadcasts at
/// run time. Returns failure when a pair of static dims disagree.
FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> lhs,
                                                ArrayRef<int64_t> rhs);

/// `axis` in [0, rank) when it is in [-rank, rank) (negative counts from
/// the end, as in PyTorch).
FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// The length of `start:end:step` over a dim of `dim` elements, with
/// Python's clamping of negative and out-of-range bounds.
int64_t sliceLength(int64_t dim, int64_t start, int64_t end, int64_t step);

} // namespace mlir::seq

#endif // SEQC_DIALECT_SEQ_SEQOPS_H
