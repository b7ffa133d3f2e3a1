//===- SeqDecompose.cpp - composite seq ops into simpler ones ---*- C++ -*-===//

#include "LoweringUtils.h"
#include "seqc/Conversion/Passes.h"

using namespace mlir;

void seqc::populateSeqDecompositionPatterns(RewritePatternSet &patterns) {}
