//===- AotCompiler.h - compile models to objects and C headers --*- C++ -*-===//
//
// Ahead-of-time compilation of a model module (see Codegen/Model.h) into a
// native object with one C entry point per model, and the C header that
// declares them.
//
// C ABI of the model `m` with dynamic dims d..., arguments a... (inputs, then
// runtime weights) and results r...:
//
//   int seqc_m(int64_t d..., const T *a..., U *r...);
//
// Buffers are dense, C-ordered, must not overlap, and the result buffers are
// allocated by the caller with the sizes the header documents (every result
// dim is a static size or a dim of the inputs). The status is SEQC_OK (0);
// SEQC_BAD_DIM (1) when a dim is <= 0 or an argument's or result's byte size
// is past SEQC_MAX_ARRAY_BYTES (2^47), and then nothing is written;
// SEQC_CHECK_FAILED (2) when a run-time check fails (seqc_last_error() names
// the op's location); SEQC_BAD_ARG (3) when an array pointer is NULL
// (nothing is written); SEQC_OUT_OF_MEMORY (4) when a buffer cannot be
// allocated. Element types: float, int32_t, int64_t, bool.
//
// Implementation: before bufferization each model function becomes a
// function on memrefs (inputs through `bufferization.to_tensor restrict`,
// results through `bufferization.materialize_in_destination ... restrict
// writable`), so the result is computed straight into the caller's buffer;
// after lowering, `seqc_m` checks the dims, builds the memref descriptors and
// calls it under the entry guard of Runtime/EntryGuard.h (EntryAbi.h); a
// failed call's buffers are released before it returns. The object needs
// nothing beyond libc and libm.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_CODEGEN_AOTCOMPILER_H
#define SEQC_CODEGEN_AOTCOMPILER_H

#include "seqc/Codegen/Model.h"
#include "seqc/Pipeline/Pipeline.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "mlir/Support/Timing.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <string>

namespace seqc {

/// What seqc writes.
enum class EmitKind {
  /// The model module as loaded (seq dialect), before any lowering.
  Mlir,
  /// Optimised LLVM IR (.ll).
  Llvm,
  /// A relocatable, position-independent object file.
  Object,
  /// A shared library, linked by the system `cc -shared`.
  Shared,
};

struct AotOptions {
  EmitKind emit = EmitKind::Object;
  /// Output file ("-" is stdout for the text forms).
  std::string outputPath;
  /// C header to write, or empty.
  std::string headerPath;
  /// LLVM CPU name and extra features; an empty CPU is the host CPU with
  /// its features (seqc::TargetDescription).
  std::string targetCpu;
  std::string targetFeatures;
  /// The model file, named in the header.
  std::string sourceName;
  /// Where the phases' times go (--mlir-timing): the MLIR pipeline's passes,
  /// the translation to LLVM IR, LLVM's optimisation and code generation.
  /// Null: not timed.
  mlir::TimingScope *timing = nullptr;
  /// LLVM's optimisation and code generation run in this many parts at
  /// once (a module with fewer independent functions runs in fewer); 1 is
  /// one part on the calling thread. More than one needs the system `cc`
  /// and an objcopy to join the parts; without them, one.
  unsigned jobs = 1;
  /// Called as each phase starts, with its name (seqc prints these on a
  /// terminal); may be empty.
  std::function<void(llvm::StringRef)> onPhase;
};

/// Element types the C ABI supports, as C type names; null for others.
const char *getCTypeName(mlir::Type elementType);

/// The C declaration of the entry point of `signature`, with its comment.
/// `signature` must have every result dim named (see inferResultDims).
std::string formatCEntry(const ModelSignature &signature);

/// The whole C header for `signatures`; `guard` is the include guard. With
/// `threadPool`, it also declares the thread pool's API (the object holds
/// it when the models have parallel loops).
std::string formatCHeader(llvm::ArrayRef<ModelSignature> signatures,
                          llvm::StringRef guard, llvm::StringRef sourceName,
                          bool threadPool);

/// Compiles the models of `module` (modified in place) and writes what
/// `options` asks for. Errors are emitted as diagnostics on the module's
/// context.
mlir::LogicalResult
compileModels(mlir::ModuleOp module, const AotOptions &options,
              const PipelineOptions &pipelineOptions = PipelineOptions());

} // namespace seqc

#endif // SEQC_CODEGEN_AOTCOMPILER_H
