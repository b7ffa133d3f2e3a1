//===- Passes.td - Seqc conversion passes ------------------*- tablegen -*-===//

#ifndef SEQC_CONVERSION_PASSES_TD
#define SEQC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def SeqDecompose : Pass<"seq-decompose"> {
  let summary = "Decompose composite seq ops into simpler seq ops";
  let description = [{
    Rewrites `seq.multi_head_attention` into `seq.linear` projections, head
    split (reshape + transpose), `seq.sdpa`, head merge and the output
    `seq.linear`; and `seq.ffn` into `seq.linear` → `seq.activation` →
    `seq.linear`. Attention passes then see every `seq.sdpa`, including the
    one inside multi-head attention.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def ConvertSeqToLinalg : Pass<"convert-seq-to-linalg"> {
  let summary = "Lower seq ops to linalg, tensor, arith, math and scf on tensors";
  let description = [{
    The reference lowering: every seq op becomes linalg / tensor / arith /
    math / scf ops on tensors with exactly PyTorch's semantics, unfused.
    `seq.sdpa` materialises its [B, H, Sq, Sk] score matrix; composite ops
    are decomposed first (as `seq-decompose`); recurrent layers become an
    `scf.for` over time carrying their states. An LSTM or GRU whose hidden
    size is a multiple of the target's f32 lanes (two slices at least) runs
    each step as one `scf.forall` over column slices of its gates, each
    slice doing its part of the recurrent GEMM and of the gate math;
    `slice-recurrences=false` keeps one GEMM and one gate generic per step.
  }];
  let options = [
    Option<"sliceRecurrences", "slice-recurrences", "bool", /*default=*/"true",
           "Run LSTM/GRU steps in column slices of the gates when H allows">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // SEQC_CONVERSION_PASSES_TD
