//===- fuzz_npy.cpp - the .npy reader on arbitrary bytes ------------------===//

#include "seqc/Execution/Npy.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.npy");
  auto array = seqc::parseNpy(buffer);
  if (!array)
    llvm::consumeError(array.takeError());
  return 0;
}
