//===- EntryAbi.h - how compiled model code is called -----------*- C++ -*-===//
//
// The one calling convention of model code, for AOT objects and the JIT
// alike: the model runs under the entry guard (seqc/Runtime/EntryGuard.h),
// a failed run-time check calls seqc_check_failed instead of abort(), and a
// failed call's buffers are released by the buffer cache afterwards. AOT
// entry points (AotCompiler.cpp) and JitRunner both build on this.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_CODEGEN_ENTRYABI_H
#define SEQC_CODEGEN_ENTRYABI_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

#include <cstdint>

namespace seqc {

/// The functions of lib/Runtime/EntryGuard.c and BufferCache.c that
/// compiled code and its callers use.
inline constexpr llvm::StringLiteral kGuardedCallName = "seqc_guarded_call";
inline constexpr llvm::StringLiteral kCheckFailedName = "seqc_check_failed";
inline constexpr llvm::StringLiteral kReleaseCallName =
    "seqc_buffer_cache_release_call";

/// SEQC_MAX_ARRAY_BYTES of the generated headers: entry points reject a
/// larger array with SEQC_BAD_DIM.
inline constexpr int64_t kMaxArrayBytes = int64_t(1) << 47;

/// The declaration of `name` in `module`, added with `type` if missing.
mlir::LLVM::LLVMFuncOp getOrInsertRuntimeFunction(mlir::ModuleOp module,
                                                  llvm::StringRef name,
                                                  mlir::LLVM::LLVMFunctionType type);

/// cf.assert lowers to `puts(message); abort()`; this makes every failed
/// check of the (LLVM dialect) module call seqc_check_failed(message)
/// instead, which ends the guarded call with SEQC_CHECK_FAILED.
void redirectFailedChecks(mlir::ModuleOp module);

} // namespace seqc

#endif // SEQC_CODEGEN_ENTRYABI_H
