//===- AotRuntime.h - C helpers linked into AOT objects ---------*- C++ -*-===//

#ifndef SEQC_LIB_CODEGEN_AOTRUNTIME_H
#define SEQC_LIB_CODEGEN_AOTRUNTIME_H

#include "llvm/Support/Error.h"

namespace llvm {
class Module;
} // namespace llvm

namespace seqc {

/// What linkAotRuntime added to a module.
struct LinkedRuntime {
  /// The thread pool of parallel loops (seqc_parallel_for and the exported
  /// seqc_set_num_threads / seqc_get_num_threads).
  bool threadPool = false;
};

/// Links into `module` the embedded C runtime it calls but does not define:
/// the thread pool of lib/Runtime/Parallel.c and the entry guard of
/// lib/Runtime/EntryGuard.c, their APIs weak (so that several model objects
/// share one pool and one guard) and the rest internal.
llvm::Expected<LinkedRuntime> linkAotRuntime(llvm::Module &module);

} // namespace seqc

#endif // SEQC_LIB_CODEGEN_AOTRUNTIME_H
