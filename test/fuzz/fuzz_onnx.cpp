//===- fuzz_onnx.cpp - the ONNX importer on arbitrary bytes ---------------===//

#include "FuzzCommon.h"
#include "seqc/Frontend/OnnxImporter.h"

#include "llvm/Support/MemoryBuffer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  seqc::fuzz::Context c;
  auto buffer = llvm::MemoryBuffer::getMemBuffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.onnx",
      /*RequiresNullTerminator=*/false);
  seqc::OnnxImportOptions options;
  (void)seqc::importOnnxModel("fuzz.onnx", *buffer, c.context, options);
  return 0;
}
