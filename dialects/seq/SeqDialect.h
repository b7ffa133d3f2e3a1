//===- SeqDialect.h - seq dialect -------------------------------*- C++ -*-===//

#ifndef SEQC_DIALECT_SEQ_SEQDIALECT_H
#define SEQC_DIALECT_SEQ_SEQDIALECT_H

#include "mlir/IR/Dialect.h"

#include "seq/SeqDialect.h.inc"

#endif // SEQC_DIALECT_SEQ_SEQDIALECT_H
