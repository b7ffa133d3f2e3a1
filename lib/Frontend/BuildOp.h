//===- BuildOp.h - build a seq op with diagnostics --------------*- C++ -*-===//

#ifndef SEQC_LIB_FRONTEND_BUILDOP_H
#define SEQC_LIB_FRONTEND_BUILDOP_H

#include "MLIRGen.h"

#include "mlir/IR/OperationSupport.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace seqc::front {

/// Creates the op of `state` after `prepare` has filled in its result types,
/// and verifies it. Diagnostics name the call as the user wrote it and the
/// weight names behind the operands they mention. Null on error.
mlir::Operation *
finishOp(MLIRGen &gen, const OpCall &call, mlir::OperationState &state,
         llvm::function_ref<mlir::LogicalResult(
             llvm::SmallVectorImpl<mlir::Type> &)>
             prepare);

/// Builds OpT at the call's location. Its result types are inferred before
/// it exists, so that a shape error becomes a diagnostic rather than the
/// fatal error of the generated builders; `resultTypes` are for ops that do
/// not infer them.
template <typename OpT>
mlir::Operation *buildOp(MLIRGen &gen, const OpCall &call,
                         mlir::ValueRange operands,
                         llvm::ArrayRef<mlir::NamedAttribute> attributes,
                         mlir::TypeRange resultTypes = {}) {
  mlir::MLIRContext *context = gen.getContext();
  mlir::OperationState state(call.loc, OpT::getOperationName());
  state.addOperands(operands);
  state.addTypes(resultTypes);
  auto dict = mlir::DictionaryAttr::get(context, attributes);
  auto prepare = [&](llvm::SmallVectorImpl<mlir::Type> &types) {
    if constexpr (OpT::hasProperties()) {
      auto &props = state.getOrAddProperties<typename OpT::Properties>();
      if (mlir::failed(OpT::setPropertiesFromAttr(
              props, dict, [&] { return mlir::emitError(call.loc); })))
        return mlir::failure();
    } else {
      state.addAttributes(attributes);
    }
    if constexpr (OpT::template hasTrait<mlir::InferTypeOpInterface::Trait>()) {
      types.clear();
      return OpT::inferReturnTypes(context, call.loc, state.operands, dict,
                                   state.getRawProperties(), {}, types);
    }
    return mlir::success();
  };
  return finishOp(gen, call, state, prepare);
}

} // namespace seqc::front

#endif // SEQC_LIB_FRONTEND_BUILDOP_H
