//===- AotRuntime.cpp - C helpers linked into AOT objects -------*- C++ -*-===//

#include "AotRuntime.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Support/MemoryBufferRef.h"

using namespace seqc;

namespace {

const unsigned char kParallelBitcode[] = {
#include "ParallelBitcode.inc"
};

const unsigned char kEntryGuardBitcode[] = {
#include "EntryGuardBitcode.inc"
};

const unsigned char kBufferCacheBitcode[] = {
#include "BufferCacheBitcode.inc"
};

/// One embedded C file.
struct RuntimeUnit {
  llvm::StringRef name;
  llvm::ArrayRef<unsigned char> bitcode;
  /// Link everything (the thread pool: its API must be there for the
  /// header's declarations) or only what the module calls.
  bool linkAll;
  /// Symbols that stay visible, with weak linkage; the rest become internal.
  llvm::ArrayRef<llvm::StringLiteral> exported;
};

constexpr llvm::StringLiteral kThreadPoolApi[] = {
    "seqc_parallel_for", "seqc_set_num_threads", "seqc_get_num_threads"};

// All weak, so that the entry points of several objects share one guard.
constexpr llvm::StringLiteral kEntryGuardApi[] = {
    "seqc_guarded_call", "seqc_guarded_call_for", "seqc_current_call",
    "seqc_fail",         "seqc_check_failed",     "seqc_last_error",
    "seqc_set_last_error"};

} // namespace

llvm::Expected<LinkedRuntime> seqc::linkAotRuntime(llvm::Module &module) {
  const RuntimeUnit units[] = {
      {"Parallel.c", kParallelBitcode, /*linkAll=*/true, kThreadPoolApi},
      {"EntryGuard.c", kEntryGuardBitcode, /*linkAll=*/true, kEntryGuardApi},
      // Internal: each object keeps its own cache.
      {"BufferCache.c", kBufferCacheBitcode, /*linkAll=*/true, {}},
  };
  LinkedRuntime linked;
  for (const RuntimeUnit &unit : units) {
    llvm::MemoryBufferRef buffer(
        llvm::StringRef(reinterpret_cast<const char *>(unit.bitcode.data()),
                        unit.bitcode.size()),
        unit.name);
    llvm::Expected<std::unique_ptr<llvm::Module>> runtime =
        llvm::parseBitcodeFile(buffer, module.getContext());
    if (!runtime)
      return runtime.takeError();

    // Needed when the module declares a function the unit defines.
    llvm::StringSet<> defined;
    bool needed = false;
    for (llvm::GlobalValue &value : (*runtime)->global_values()) {
      if (value.isDeclaration() || value.hasLocalLinkage())
        continue;
      defined.insert(value.getName());
      if (llvm::GlobalValue *user = module.getNamedValue(value.getName()))
        needed |= user->isDeclaration();
    }
    if (!needed)
      continue;

    (*runtime)->setDataLayout(module.getDataLayout());
    (*runtime)->setTargetTriple(module.getTargetTriple());
    unsigned flags = unit.linkAll ? llvm::Linker::Flags::None
                                  : llvm::Linker::Flags::LinkOnlyNeeded;
    if (llvm::Linker::linkModules(module, std::move(*runtime), flags))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "cannot link the embedded " + unit.name);
    for (const llvm::StringMapEntry<std::nullopt_t> &entry : defined) {
      llvm::GlobalValue *value = module.getNamedValue(entry.getKey());
      if (!value || value->isDeclaration())
        continue;
      bool exported = llvm::is_contained(unit.exported, entry.getKey());
      value->setLinkage(exported ? llvm::GlobalValue::WeakAnyLinkage
                                 : llvm::GlobalValue::InternalLinkage);
    }
    // The units were compiled for a generic CPU: their attributes go, and
    // TargetDescription::applyToFunctions gives them the target's, as it
    // does the code generated from MLIR.
    for (llvm::Function &function : module) {
      function.removeFnAttr("target-cpu");
      function.removeFnAttr("target-features");
      function.removeFnAttr("tune-cpu");
    }
    if (unit.bitcode.data() == kParallelBitcode)
      linked.threadPool = true;
  }
  return linked;
}
