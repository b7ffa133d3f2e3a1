//===- LoweringUtils.h - helpers shared by the seq lowerings ----*- C++ -*-===//
//
// Small builders for linalg-on-tensors code: shapes, constants, elementwise
// generics with numpy broadcasting, reductions along one dim, x·Wᵀ + b, and
// the scalar math of activations.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_LIB_CONVERSION_SEQTOLINALG_LOWERINGUTILS_H
#define SEQC_LIB_CONVERSION_SEQTOLINALG_LOWERINGUTILS_H

#include "seq/SeqOps.h"
#include "seqc/Support/RunTimeAssert.h"

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"

namespace seqc::lowering {

using mlir::Location;
using mlir::OpBuilder;
using mlir::Type;
using mlir::Value;
using mlir::ValueRange;

/// Builds the scalar body of a linalg.generic from its block arguments (the
/// inputs' elements, then the output's).
using BodyBuilder =
    llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// Sizes of a ranked tensor, dynamic ones read with tensor.dim.
llvm::SmallVector<mlir::OpFoldResult> getSizes(OpBuilder &b, Location loc,
                                               Value tensor);

/// The size of one dim as an index value.
Value getDimValue(OpBuilder &b, Location loc, Value tensor, int64_t dim);

/// tensor.empty of the given sizes.
Value createEmpty(OpBuilder &b, Location loc,
                  llvm::ArrayRef<mlir::OpFoldResult> sizes, Type elementType);

/// A tensor of the given sizes filled with `value`.
Value createFilled(OpBuilder &b, Location loc,
                   llvm::ArrayRef<mlir::OpFoldResult> sizes, Type elementType,
                   double value);

Value createFloat(OpBuilder &b, Location loc, Type type, double value);
Value createIndex(OpBuilder &b, Location loc, int64_t value);
/// The size of `dim` of `x` as a float scalar of `type`.
Value getDimAsFloat(OpBuilder &b, Location loc, Value x, int64_t dim,
                    Type type);

/// An all-parallel linalg.generic writing a new tensor of `sizes`; `maps`
/// index the inputs (a scalar input takes an empty map).
Value createGeneric(OpBuilder &b, Location loc, ValueRange inputs,
                    llvm::ArrayRef<mlir::AffineMap> inputMaps,
                    llvm::ArrayRef<mlir::OpFoldResult> sizes, Type elementType,
                    BodyBuilder body);

/// Elementwise over tensors (and scalars) broadcast with numpy rules to a
/// result of `resultType`.
Value createBroadcastElementwise(OpBuilder &b, Location loc, ValueRange operands,
                                 mlir::RankedTensorType resultType,
                                 BodyBuilder body);

/// The map from a rank-`targetShape.size()` iteration space onto `operand`,
/// aligned right with numpy broadcasting (static 1 dims read index 0).
mlir::AffineMap getBroadcastMap(mlir::RankedTensorType operand,
                                llvm::ArrayRef<int64_t> targetShape,
                                mlir::MLIRContext *ctx);

/// A dim of a tensor value.
struct TensorDim {
  Value tensor;
  int64_t dim;
};

/// The check of Support/RunTimeAssert.h.
using seqc::assertAtRunTime;
/// Checks at run time that the given dims are equal, where any is dynamic.
/// The shape rules take dynamic dims to agree; when they do not, the compiled
/// code stops with `what` and the op's location (puts + abort, libc only)
/// instead of reading out of bounds.
void assertDimsEqual(OpBuilder &b, Location loc, llvm::ArrayRef<TensorDim> dims,
                     llvm::StringRef what);

/// The run-time checks of seq.sdpa: batch and head dims of query, key, value
/// (and key_lengths, which may be null) agree, and so do the key and value
/// lengths. Both the reference and the fused lowering read K and V by the
/// query's indices.
void assertSdpaDimsEqual(OpBuilder &b, Location loc, Value query, Value key,
                         Value value, Value keyLengths);

/// `value` with type `type`, through tensor.cast when the static info differs.
Value castToType(OpBuilder &b, Location loc, Value value, Type type);

/// `fn` applied to every element of `x`.
Value mapElements(OpBuilder &b, Location loc, Value x, BodyBuilder body);

/// Reduces `x` along `dim` (removed from the result), starting from `init`.
Value reduceDim(OpBuilder &b, Location loc, Value x, int64_t dim, double init,
                BodyBuilder combine);

/// The map of a rank-`rank` iteration space onto a tensor missing `dim`.
mlir::AffineMap dropDimMap(int64_t rank, int64_t dim, mlir::MLIRContext *ctx);

/// `weight` [N, K] transposed to [K, N], so that products with it are plain
/// linalg.matmuls whose B rows are contiguous along N (what
/// seq-vectorize-matmul's outer-product kernel reads). A constant weight is
/// transposed here, at compile time; any other by a linalg.transpose.
Value transposeWeight(OpBuilder &b, Location loc, Value weight);

/// rows [M, K] · weightT [K, N] + bias [N] → [M, N] as a linalg.matmul whose
/// accumulator starts from the broadcast bias (zero when bias is null).
Value createLinearTransposed(OpBuilder &b, Location loc, Value rows,
                             Value weightT, Value bias);

/// Columns per panel of a packed weight: one vector of f32 of the module's
/// target (seqc::getTarget), as seq-vectorize-matmul's kernels read them.
int64_t getPanelWidth(Value weight);

/// Whether `weight` [N, K] can be packed into panels (static f32, N a
/// multiple of the panel width).
bool canPackWeight(Value weight);

/// `weight` [N, K] packed as [N/P, K, P] (P = getPanelWidth): panel p holds
/// columns p·P .. p·P+P-1 of weightᵀ, row after row, so a product reads each
/// panel as one contiguous stream instead of K rows N floats apart (which
/// evict each other from L1). A constant weight is packed here, at compile
/// time; any other by a linalg.transpose, once per use.
Value packWeight(OpBuilder &b, Location loc, Value weight);

/// rows [M, K] · W + bias → [M, N] with W packed by packWeight
/// ([N/P, K, P]): a contraction C[m, p, l] += A[m, k] · W[p, k, l] on the
/// [M, N/P, P] view of the result (seq-vectorize-matmul's packed kernel).
Value createPackedLinear(OpBuilder &b, Location loc, Value rows, Value packed,
                         Value bias);

/// The contraction of createPackedLinear on its own: init [M, N/P, P] +=
/// rows [M, K] · packed [N/P, K, P], for a caller that keeps the [M, N/P, P]
/// view of the result (a slice of a buffer it reuses).
Value createPackedProduct(OpBuilder &b, Location loc, Value rows, Value packed,
                          Value init);

/// x [..., K] folded into rows [M, K] (a 1-D x is one row), no copy.
Value foldRows(OpBuilder &b, Location loc, Value x);
/// The inverse of foldRows for a product [M, N] of the rows of `x`:
/// [..., N] with x's leading dims.
Value unfoldRows(OpBuilder &b, Location loc, Value product, Value x);
/// x [..., K] · weightᵀ (weight [N, K]) + bias [N] → [..., N]: with the
/// weight packed in panels when it can be (createPackedLinear), else as a
/// linalg.matmul with the transposed weight; bias may be null.
Value createLinear(OpBuilder &b, Location loc, Value x, Value weight,
                   Value bias);

/// Scalar activation functions, exactly as PyTorch defines them.
Value createActivation(OpBuilder &b, Location loc, mlir::seq::ActivationKind kind,
                       Value x);
Value createSigmoid(OpBuilder &b, Location loc, Value x);

/// A conversion pattern whose `lower` builds the op's one result; null is a
/// failure to match. The result is cast to the op's (more static) type.
template <typename SeqOp>
struct SeqOpLowering : public mlir::OpConversionPattern<SeqOp> {
  using mlir::OpConversionPattern<SeqOp>::OpConversionPattern;
  using OpAdaptor = typename SeqOp::Adaptor;

  mlir::LogicalResult
  matchAndRewrite(SeqOp op, OpAdaptor adaptor,
                  mlir::ConversionPatternRewriter &rewriter) const override {
    Value result = lower(op, adaptor, rewriter, op.getLoc());
    if (!result)
      return mlir::failure();
    rewriter.replaceOp(op, castToType(rewriter, op.getLoc(), result,
                                      op->getResult(0).getType()));
    return mlir::success();
  }

  virtual Value lower(SeqOp op, OpAdaptor adaptor, OpBuilder &b,
                      Location loc) const = 0;
};

} // namespace seqc::lowering

#endif // SEQC_LIB_CONVERSION_SEQTOLINALG_LOWERINGUTILS_H
