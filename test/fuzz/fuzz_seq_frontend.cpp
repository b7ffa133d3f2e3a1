//===- fuzz_seq_frontend.cpp - the .seq front end on arbitrary text -------===//
//
// Lexer, parser, MLIRGen and the verifiers of what it builds (no weights
// file: models that name weights get their located error).

#include "FuzzCommon.h"
#include "seqc/Frontend/Frontend.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  seqc::fuzz::Context c;
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz.seq"),
      llvm::SMLoc());
  seqc::FrontendOptions options;
  (void)seqc::buildModelModule(sourceMgr, c.context, nullptr, options);
  return 0;
}
