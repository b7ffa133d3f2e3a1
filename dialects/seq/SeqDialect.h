//===- SeqDialect.h - seq dialect -------------------------------*- C++ -*-===//

#ifndef SEQC_DIALECT_SEQ_SEQDIALECT_H
#define SEQC_DIALECT_SEQ_SEQDIALECT_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Dialect.h"

#include "seq/SeqDialect.h.inc"

#define GET_ATTRDEF_CLASSES
#include "seq/SeqAttrs.h.inc"

#endif // SEQC_DIALECT_SEQ_SEQDIALECT_H
