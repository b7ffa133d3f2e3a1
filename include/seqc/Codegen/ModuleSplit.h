//===- ModuleSplit.h - an LLVM module in parts for parallel codegen -*- C++ -*-===//
//
// LLVM optimises and generates code for one module on one thread. To use
// every core, seqc cuts the module into parts that are optimised and
// emitted concurrently, each in its own LLVMContext, and links the objects
// back into one relocatable object (seqc), or hands them to ORC, which links
// them in process (seq-run).
//
// The cut is made along the functions that nothing inlines anyway: the
// roots, which are the functions with external linkage (entry points, the
// runtime's weak API) and those whose address is taken (the bodies of
// parallel loops, thread entry points). Each part gets some roots, chosen to
// balance their instruction counts, and its own local copy of every
// internal function they call directly, so inlining within a root is as
// without the cut. All global variables (the weights, the runtime's state)
// stay in part 0, defined once; the parts that use them declare them.
// Internal roots and globals used across parts get external linkage with
// hidden visibility and are listed, so that the linked object can make them
// local again.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_CODEGEN_MODULESPLIT_H
#define SEQC_CODEGEN_MODULESPLIT_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class Module;
class TargetMachine;
class raw_pwrite_stream;
} // namespace llvm

namespace seqc {

struct ModuleSplit {
  /// Parts 1 to N-1 as bitcode, for a parser in another context (part 0 is
  /// what remains of the module itself).
  std::vector<llvm::SmallVector<char, 0>> otherParts;
  /// Symbols that were internal before the cut.
  std::vector<std::string> externalized;
};

/// Cuts `module` into at most `parts` parts as described above; `module`
/// becomes part 0. Nothing is cut (no other part) when the module has
/// fewer than two roots with bodies, or holds what the cut does not handle
/// (aliases, ifuncs, comdats).
ModuleSplit splitModuleForCodegen(llvm::Module &module, unsigned parts);

/// Optimises and generates code for `module`, cut as `split` says (part 0
/// is `module` itself, with the global variables), all parts at once:
/// `compile` turns one part into an object file on a thread and LLVMContext
/// of its own, so it must make its own TargetMachine. Returns the objects,
/// part 0 first; `split`'s bitcode is consumed.
llvm::Expected<std::vector<llvm::SmallVector<char, 0>>> compileParts(
    llvm::Module &module, ModuleSplit &split,
    llvm::function_ref<llvm::Error(llvm::Module &, llvm::SmallVectorImpl<char> &)>
        compile);

/// splitModuleForCodegen into up to `parts` parts, then compileParts: for an
/// in-process JIT that links the objects together (seq-run), where the
/// internal symbols that the cut made hidden stay within its library.
llvm::Expected<std::vector<llvm::SmallVector<char, 0>>> compileInParts(
    llvm::Module &module, unsigned parts,
    llvm::function_ref<llvm::Error(llvm::Module &, llvm::SmallVectorImpl<char> &)>
        compile);

/// Code generation of `module` into an object file written to `os`.
llvm::Error emitObjectFile(llvm::Module &module, llvm::TargetMachine &machine,
                           llvm::raw_pwrite_stream &os);

} // namespace seqc

#endif // SEQC_CODEGEN_MODULESPLIT_H
