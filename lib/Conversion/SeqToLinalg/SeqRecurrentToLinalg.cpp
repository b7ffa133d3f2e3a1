//===- SeqRecurrentToLinalg.cpp - rnn/lstm/gru to scf + linalg --*- C++ -*-===//

#include "LoweringUtils.h"
#include "seqc/Conversion/Passes.h"

using namespace mlir;

void seqc::populateSeqRecurrentToLinalgPatterns(RewritePatternSet &patterns) {}
