//===- InitAll.h - register Seqc's dialects and passes ----------*- C++ -*-===//

#ifndef SEQC_INITALL_H
#define SEQC_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace seqc {

/// Registers the seq dialect, the upstream dialects it lowers through and
/// their interface models (bufferization, LLVM translation).
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers Seqc's passes and pipelines plus the upstream ones, for seq-opt.
void registerAllPasses();

} // namespace seqc

#endif // SEQC_INITALL_H
