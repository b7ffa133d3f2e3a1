//===- seq-opt.cpp - Seqc's pass driver -------------------------*- C++ -*-===//

#include "seqc/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  seqc::registerAllPasses();
  mlir::DialectRegistry registry;
  seqc::registerAllDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Seqc pass driver\n", registry));
}
