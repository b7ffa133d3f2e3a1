//===- SeqLayerToLinalg.cpp - dense, norm, attention to linalg --*- C++ -*-===//

#include "LoweringUtils.h"
#include "seqc/Conversion/Passes.h"

using namespace mlir;

void seqc::populateSeqLayerToLinalgPatterns(RewritePatternSet &patterns) {}
