// seqc and seq-run take the pass manager's --mlir-timing (as mlir-opt does)
// and report the time of every pass of the pipeline.

// RUN: rm -rf %t && mkdir -p %t
// RUN: seqc %s -o %t/model.o --mlir-timing 2>&1 | FileCheck %s
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones((2, 4), np.float32))"
// RUN: seq-run %s --input %t/x.npy --mlir-timing 2>&1 | FileCheck %s
// RUN: seq-run %s --input %t/x.npy --mlir-timing --jobs 2 2>&1 | FileCheck %s --check-prefix=JIT
// seq-run's report has its phases around the passes.
// JIT: Execution time report
// JIT-DAG: Loading the model
// JIT-DAG: MLIR pipeline
// JIT-DAG: OneShotBufferize
// JIT-DAG: Translation to LLVM IR
// JIT-DAG: LLVM optimisation (O3) and code generation, up to 2 parts
// JIT-DAG: Linking the objects (ORC)
// JIT: Total
// CHECK: Execution time report
// CHECK: SeqSetTarget
// CHECK: SeqRaiseAttention
// CHECK: OneShotBufferize
// CHECK: Total
func.func @main(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = seq.add %x, %x : tensor<?x4xf32>, tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}
