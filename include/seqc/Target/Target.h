//===- Target.h - the one description of the CPU compiled for ---*- C++ -*-===//
//
// Every choice that depends on the CPU — vector width, a GEMM's register
// tile, cache blocks, weight panel layouts, the LLVM target machine and its
// function attributes — is made from a TargetDescription. It is made once,
// from --target-cpu/--target-features or the host, attached to the module
// as `seq.target = #seq.target<...>`, and read back by each pass. Nothing
// else in Seqc looks at the host CPU.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_TARGET_TARGET_H
#define SEQC_TARGET_TARGET_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace mlir::seq {
class TargetAttr;
} // namespace mlir::seq

namespace llvm::orc {
class JITTargetMachineBuilder;
} // namespace llvm::orc

namespace seqc {

/// The name of the module attribute that holds a #seq.target.
inline constexpr llvm::StringLiteral kTargetAttrName = "seq.target";

struct TargetDescription {
  std::string triple;
  /// LLVM's CPU name, and the feature string given with it ("+a,-b"; for
  /// the host, every feature the host reports).
  std::string cpu;
  std::string features;
  /// Width of the vectors kernels are built from: 512, 256 or 128.
  int64_t vectorBits = 256;
  /// Architectural vector registers: 32 with AVX-512, else 16.
  int64_t vectorRegisters = 16;
  /// Data caches of one core.
  int64_t l1Bytes = 32 * 1024;
  int64_t l2Bytes = 256 * 1024;

  /// f32 lanes of one vector.
  int64_t f32Lanes() const { return vectorBits / 32; }

  /// The description of `cpu` ("host" or empty: this machine) with extra
  /// `features`; fails with a message for a CPU or feature LLVM does not
  /// know.
  static llvm::Expected<TargetDescription> get(llvm::StringRef cpu,
                                               llvm::StringRef features);
  /// This machine: its CPU name, features and cache sizes.
  static TargetDescription host();
  /// What passes assume for a module without `seq.target` (a pass run on
  /// its own by seq-opt): x86-64-v3, AVX2.
  static TargetDescription fallback();

  mlir::seq::TargetAttr toAttr(mlir::MLIRContext *context) const;
  static TargetDescription fromAttr(mlir::seq::TargetAttr attr);

  /// An LLVM target machine for this target: position-independent code for
  /// an object file, or (`forJit`) what ORC expects (emulated TLS).
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
  createTargetMachine(llvm::CodeGenOptLevel level, bool forJit = false) const;
  /// What ORC builds the JIT's target machines from.
  llvm::orc::JITTargetMachineBuilder
  getJITTargetMachineBuilder(llvm::CodeGenOptLevel level) const;
  /// Gives every function defined in `module` this target's CPU, features
  /// and vector width (prefer-vector-width, min-legal-vector-width), so that
  /// LLVM's vectorisers and instruction selection use the full width.
  void applyToFunctions(llvm::Module &module) const;
};

/// The target of the module that holds `op`: its `seq.target`, else the
/// fallback.
TargetDescription getTarget(mlir::Operation *op);

/// Attaches `target` to `module` as `seq.target`.
void setTarget(mlir::ModuleOp module, const TargetDescription &target);

/// The one rule for which target a module is compiled for: `cpu` and
/// `features` when either is given, else the module's `seq.target`, else
/// the host. Attaches it; fails for a CPU or feature LLVM does not know.
llvm::Error attachTarget(mlir::ModuleOp module, llvm::StringRef cpu,
                         llvm::StringRef features);

/// Registers the LLVM target of this machine once (target info, MC, code
/// generation, asm printer).
void initializeNativeTarget();

} // namespace seqc

#endif // SEQC_TARGET_TARGET_H
