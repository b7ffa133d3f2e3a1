//===- JitRunner.h - JIT-compile and call an entry function -----*- C++ -*-===//
//
// JitRunner lowers a module holding seq and/or upstream tensor-level code to
// the LLVM dialect, JIT-compiles it (the target's CPU and features, O3; the
// LLVM module cut into parts that are optimised and compiled to objects at
// once, then linked in process by ORC's LLJIT) and calls the entry
// function's C interface
// (`_mlir_ciface_<entry>`) with .npy arrays bound to its tensor arguments.
//
// C interface ABI (MLIR 19, FuncToLLVM with `llvm.emit_c_interface`): every
// memref argument is passed as a pointer to its descriptor
//   { T *allocated; T *aligned; int64_t offset; int64_t sizes[R];
//     int64_t strides[R]; }
// and, when the function has results, the wrapper takes a pointer to the
// result as an extra FIRST argument: one descriptor for a single result, an
// LLVM struct of descriptors for several. Every field is 8 bytes, so the
// result is a packed array of int64 slots (3 + 2 * rank per result).
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_EXECUTION_JITRUNNER_H
#define SEQC_EXECUTION_JITRUNNER_H

#include "seqc/Pipeline/Pipeline.h"
#include "seqc/Execution/Npy.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace mlir {
class TimingScope;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace seqc {

/// Type of one tensor argument or result of an entry function.
struct TensorSpec {
  DType dtype = DType::Float32;
  /// Dimensions; mlir::ShapedType::kDynamic (negative) for `?`.
  llvm::SmallVector<int64_t, 4> shape;
  /// The MLIR type as written, e.g. "tensor<?x4xf32>".
  std::string typeString;

  int64_t getRank() const { return static_cast<int64_t>(shape.size()); }
  /// "int32 of shape [?, 4]".
  std::string describe() const;
};

/// The tensor signature of an entry function, recorded before lowering.
struct EntrySignature {
  std::string name;
  llvm::SmallVector<TensorSpec> arguments;
  llvm::SmallVector<TensorSpec> results;
};

/// Median and minimum wall-clock time of one call, in milliseconds.
struct TimingStats {
  unsigned calls = 0;
  double medianMs = 0.0;
  double minMs = 0.0;
};

/// Options of JitRunner::create.
struct JitOptions {
  /// Entry function; empty picks `main`, else the only public function with
  /// a body.
  std::string entry;
  /// LLVM IR optimisation level (0-3); code generation uses the matching
  /// CodeGenOptLevel.
  unsigned optLevel = 3;
  /// LLVM's optimisation and code generation run in up to this many parts
  /// at once (seqc::compileInParts).
  unsigned jobs = 1;
  /// Where --mlir-timing reports the phases (the MLIR pipeline's passes,
  /// the translation to LLVM IR, LLVM, linking), or null: then the pass
  /// manager takes the timing options of the command line on its own.
  mlir::TimingScope *timing = nullptr;
  /// Shared libraries the JIT links against for symbol resolution. The MLIR C
  /// runner utilities (memrefCopy, ...) are always added when installed.
  llvm::SmallVector<std::string> sharedLibPaths;
};

/// Finds the entry function of `module`: `name` if given, else `main`, else
/// the only public function with a body. Emits an error and fails otherwise.
mlir::FailureOr<mlir::func::FuncOp> findEntryFunction(mlir::ModuleOp module,
                                                      llvm::StringRef name);

/// Records the tensor signature of `func`. Arguments and results must be
/// ranked tensors of f32, i32, i64 or i1; emits an error naming the first
/// offending one otherwise.
mlir::FailureOr<EntrySignature> getEntrySignature(mlir::func::FuncOp func);

/// Checks `inputs` against `signature.arguments`: count, dtype, rank and
/// static dimensions (dynamic ones bind to the input's size). The error is one
/// line naming the argument by index and `labels[i]` (if given), e.g.
/// "argument 1 ('lengths.npy'): expected int32 of shape [?], got int64 of
/// shape [2]".
llvm::Error checkInputs(const EntrySignature &signature,
                        llvm::ArrayRef<NpyArray> inputs,
                        llvm::ArrayRef<std::string> labels = {});

/// Formats a result for humans:
/// "result0: tensor<2x3xf32> float32 [2, 3] = [0.1, 0.2, ...]", showing at
/// most `maxValues` values.
std::string formatResult(unsigned index, const TensorSpec &spec,
                         const NpyArray &value, unsigned maxValues = 8);

/// A JIT-compiled entry function. Compile once with create(), then call() as
/// often as needed; call() and benchmark() are const and may run concurrently
/// from several threads (each call binds its own copies of the inputs, and the
/// compiled code keeps no mutable global state).
class JitRunner {
public:
  /// Marks the entry `llvm.emit_c_interface`, lowers `module` IN PLACE with
  /// buildSeqToLLVMPipeline and JIT-compiles it. Errors are emitted as
  /// diagnostics on the module's context.
  static mlir::FailureOr<std::unique_ptr<JitRunner>>
  create(mlir::ModuleOp module, const JitOptions &options,
         const PipelineOptions &pipelineOptions = PipelineOptions());

  ~JitRunner();
  JitRunner(const JitRunner &) = delete;
  JitRunner &operator=(const JitRunner &) = delete;

  const EntrySignature &getSignature() const { return signature; }

  /// Binds `inputs` to the entry's arguments (see checkInputs; `labels` name
  /// them in errors), calls it once and returns its results as dense arrays.
  /// Result buffers allocated by the compiled code are freed.
  llvm::Expected<llvm::SmallVector<NpyArray>>
  call(llvm::ArrayRef<NpyArray> inputs,
       llvm::ArrayRef<std::string> labels = {}) const;

  /// Calls the entry `calls` times and reports the median and minimum time
  /// per call (binding the inputs and freeing results are not timed).
  llvm::Expected<TimingStats>
  benchmark(llvm::ArrayRef<NpyArray> inputs, unsigned calls,
            llvm::ArrayRef<std::string> labels = {}) const;

private:
  JitRunner() = default;

  EntrySignature signature;
  /// ORC, holding the compiled code.
  std::unique_ptr<llvm::orc::LLJIT> jit;
  /// The packed wrapper of `_mlir_ciface_<entry>`.
  void (*packedFn)(void **) = nullptr;
};

} // namespace seqc

#endif // SEQC_EXECUTION_JITRUNNER_H
