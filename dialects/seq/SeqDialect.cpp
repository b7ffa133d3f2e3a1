//===- SeqDialect.cpp - seq dialect registration ----------------*- C++ -*-===//

#include "seq/SeqDialect.h"
#include "seq/SeqOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::seq;

#include "seq/SeqDialect.cpp.inc"
#include "seq/SeqEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "seq/SeqAttrs.cpp.inc"

void SeqDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "seq/SeqOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "seq/SeqAttrs.cpp.inc"
      >();
}

LogicalResult
TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                   StringRef triple, StringRef cpu, StringRef features,
                   int64_t vectorBits, int64_t vectorRegisters, int64_t l1Bytes,
                   int64_t l2Bytes) {
  if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512)
    return emitError() << "vector_bits must be 128, 256 or 512, not "
                       << vectorBits;
  if (vectorRegisters < 8 || vectorRegisters > 64)
    return emitError() << "vector_registers must be in [8, 64], not "
                       << vectorRegisters;
  if (l1Bytes < 1024 || l2Bytes < l1Bytes)
    return emitError() << "cache sizes must satisfy 1024 <= l1_bytes <= "
                          "l2_bytes, not "
                       << l1Bytes << " and " << l2Bytes;
  if (cpu.empty())
    return emitError() << "cpu must not be empty";
  return success();
}
