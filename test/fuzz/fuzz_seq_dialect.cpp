//===- fuzz_seq_dialect.cpp - the seq dialect's parser and verifiers ------===//

#include "FuzzCommon.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  seqc::fuzz::Context c;
  // MLIR's lexer reads up to a NUL terminator: give it one.
  std::string text(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, &c.context);
  if (module)
    (void)mlir::verify(*module);
  return 0;
}
