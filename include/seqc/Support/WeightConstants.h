//===- WeightConstants.h - weights as constants, without copies -*- C++ -*-===//
//
// A model's weights are hundreds of MB. As DenseElementsAttr each would be
// hashed in full to be uniqued, and would live as long as the context. Large
// weights are therefore resource blobs (DenseResourceElementsAttr) that the
// context owns, created here, read through getWeightBytes whatever their
// form, and released once the code that embeds them has been translated.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_SUPPORT_WEIGHTCONSTANTS_H
#define SEQC_SUPPORT_WEIGHTCONSTANTS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace seqc {

/// Weights of at least this many bytes become resource blobs; smaller ones
/// stay dense attributes (printed with their values).
inline constexpr int64_t kWeightResourceBytes = 16384;

/// A constant of `type` (static shape, element type of a whole number of
/// bytes) whose bytes `fill` writes.
mlir::ElementsAttr
createWeightAttr(mlir::ShapedType type,
                 llvm::function_ref<void(llvm::MutableArrayRef<char>)> fill);

/// The bytes of a constant that is not a splat: a dense attribute's storage
/// or a resource blob's data; none for other attributes.
std::optional<llvm::ArrayRef<char>> getWeightBytes(mlir::Attribute attr);

/// The same as f32 values, when the element type is f32.
std::optional<llvm::ArrayRef<float>> getWeightF32Values(mlir::Attribute attr);

/// `attr` with the element type and shape of its bytes (tensor<N x i8>),
/// sharing or taking over its storage: a resource made by createWeightAttr
/// hands its blob over; a dense attribute's storage (which lives as long as
/// the context) is referenced. Null when `attr` has no bytes of its own.
mlir::DenseResourceElementsAttr getWeightAsBytes(mlir::ElementsAttr attr);

/// Frees the data of the weight blobs that createWeightAttr and
/// getWeightAsBytes made in `context`, except those of `keep`. The
/// attributes stay but must not be read again: call this only for weights
/// that nothing uses any more, or, with nothing kept, once the module has
/// been translated to LLVM IR.
void releaseWeightBlobs(mlir::MLIRContext *context,
                        llvm::ArrayRef<mlir::DenseResourceElementsAttr> keep = {});

} // namespace seqc

#endif // SEQC_SUPPORT_WEIGHTCONSTANTS_H
