//===- fuzz_safetensors.cpp - the safetensors reader on arbitrary bytes ---===//

#include "seqc/Support/SafeTensors.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(
      llvm::StringRef(reinterpret_cast<const char *>(data), size),
      "fuzz.safetensors");
  auto file = seqc::SafeTensors::fromBuffer(std::move(buffer));
  if (!file) {
    llvm::consumeError(file.takeError());
    return 0;
  }
  // Every accepted tensor's bytes are read, as embedding weights does.
  for (const seqc::TensorView &t : (*file)->tensors()) {
    (void)t.toF32();
    (void)t.toI64();
  }
  return 0;
}
