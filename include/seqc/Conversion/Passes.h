//===- Passes.h - Seqc conversion passes ------------------------*- C++ -*-===//

#ifndef SEQC_CONVERSION_PASSES_H
#define SEQC_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace seqc {

#define GEN_PASS_DECL
#include "seqc/Conversion/Passes.h.inc"

/// multi_head_attention and ffn → simpler seq ops.
void populateSeqDecompositionPatterns(mlir::RewritePatternSet &patterns);

/// Replaces every seq.slice of a constant under `root` by the constant it
/// computes (a weight sliced in the model, such as the Q rows of
/// in_proj_weight), so that its user packs it at compile time. Part of
/// seq-decompose.
void foldConstantSlices(mlir::Operation *root);

/// Dense ops, norms, embeddings, attention (reference) → linalg on tensors.
void populateSeqLayerToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// General tensor ops (matmul, transpose, reshape, concat, slice,
/// index_select, compare, where, cast, unary math, clamp, pow, reductions,
/// log_softmax) → linalg and tensor ops.
void populateSeqTensorToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// rnn / lstm / gru and their cells → scf.for over time + linalg.
/// With `sliceRecurrences`, LSTM/GRU time steps run in column slices of the
/// gates where the hidden size allows (convert-seq-to-linalg's option).
void populateSeqRecurrentToLinalgPatterns(mlir::RewritePatternSet &patterns,
                                          bool sliceRecurrences = true);

/// Everything convert-seq-to-linalg applies.
void populateSeqToLinalgConversionPatterns(mlir::RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "seqc/Conversion/Passes.h.inc"

} // namespace seqc

#endif // SEQC_CONVERSION_PASSES_H
