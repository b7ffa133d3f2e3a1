//===- ObjectWeights.h - embedded weights written beside the code -*- C++ -*-===//
//
// The weights of a model are most of its object (hundreds of MB for a
// BERT-sized encoder). Through LLVM they would be copied into an LLVM
// constant, then into the assembler's section, then into the file, each
// copy into freshly faulted memory. Instead, seqc declares them to LLVM as
// external hidden constants, lets LLVM emit only the code, and then writes
// the object once more with one read-only section of its own holding every
// weight, straight from the packed buffers: the undefined symbols of the
// weights become local symbols of that section, and the relocations that
// name them are renumbered. Only 64-bit little-endian ELF relocatable
// objects are handled (canAddWeightsToObjects says which triples).
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_LIB_CODEGEN_OBJECTWEIGHTS_H
#define SEQC_LIB_CODEGEN_OBJECTWEIGHTS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace seqc {

struct ObjectWeight {
  /// The symbol the code refers to.
  std::string name;
  llvm::ArrayRef<char> bytes;
  uint64_t alignment = 64;
};

/// Whether objects for `triple` can get their weights so.
bool canAddWeightsToObjects(llvm::StringRef triple);

/// Writes to `outputPath` ("-": stdout) the relocatable object `codePath`
/// with `weights` defined in a new section. Weights the code does not name
/// (LLVM removed their uses) are left out.
llvm::Error addWeightsToObject(llvm::StringRef codePath,
                               llvm::ArrayRef<ObjectWeight> weights,
                               llvm::StringRef outputPath);

} // namespace seqc

#endif // SEQC_LIB_CODEGEN_OBJECTWEIGHTS_H
