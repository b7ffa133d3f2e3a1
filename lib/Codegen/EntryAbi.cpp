//===- EntryAbi.cpp - how compiled model code is called ---------*- C++ -*-===//

#include "seqc/Codegen/EntryAbi.h"

#include "mlir/IR/Builders.h"

using namespace mlir;

LLVM::LLVMFuncOp seqc::getOrInsertRuntimeFunction(ModuleOp module,
                                                  StringRef name,
                                                  LLVM::LLVMFunctionType type) {
  if (auto existing = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
    return existing;
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  return builder.create<LLVM::LLVMFuncOp>(module.getLoc(), name, type);
}

void seqc::redirectFailedChecks(ModuleOp module) {
  SmallVector<LLVM::CallOp> messages;
  module.walk([&](LLVM::CallOp abortCall) {
    if (abortCall.getCallee() != StringRef("abort"))
      return;
    auto puts = dyn_cast_or_null<LLVM::CallOp>(abortCall->getPrevNode());
    if (puts && puts.getCallee() == StringRef("puts") &&
        puts.getNumOperands() == 1 && puts.getNumResults() == 0)
      messages.push_back(puts);
  });
  if (messages.empty())
    return;
  MLIRContext *context = module.getContext();
  getOrInsertRuntimeFunction(
      module, kCheckFailedName,
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context),
                                  {LLVM::LLVMPointerType::get(context)}));
  for (LLVM::CallOp puts : messages)
    puts.setCallee(kCheckFailedName);
}
