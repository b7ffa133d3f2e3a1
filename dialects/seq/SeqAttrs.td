//===- SeqAttrs.td - seq dialect attributes ----------------*- tablegen -*-===//
//
// Attributes with parameters (the enum attributes live in SeqBase.td).
//
//===----------------------------------------------------------------------===//

#ifndef SEQ_ATTRS_TD
#define SEQ_ATTRS_TD

include "seq/SeqBase.td"

def Seq_TargetAttr : AttrDef<Seq_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "The CPU that a module is compiled for";
  let description = [{
    One description of the target, attached to the module as `seq.target`
    by `seq-set-target` (or the pipeline's `target-cpu`/`target-features`
    options) and read by every pass that picks a vector width, a register
    tile, a cache block or a weight layout, and by the LLVM back end. No
    pass looks at the host on its own: compiling on one machine for another
    gives the other's kernels.

    ```mlir
    module attributes {seq.target = #seq.target<triple = "x86_64-unknown-linux-gnu",
        cpu = "x86-64-v4", features = "", vector_bits = 512,
        vector_registers = 32, l1_bytes = 32768, l2_bytes = 1048576>} {...}
    ```

    - `cpu`, `features`: LLVM's CPU name and feature string (`+avx2,-avx512f`)
      as given on the command line; the features implied by the CPU are not
      repeated.
    - `vector_bits`: the width of the vectors that kernels are built from
      (512 with AVX-512, 256 with AVX/AVX2, 128 otherwise).
    - `vector_registers`: architectural vector registers (32 with AVX-512,
      else 16), which bound a GEMM's register tile.
    - `l1_bytes`, `l2_bytes`: the data caches of one core, which bound the
      cache blocks.
  }];
  let parameters = (ins
    StringRefParameter<"LLVM target triple">:$triple,
    StringRefParameter<"LLVM CPU name">:$cpu,
    StringRefParameter<"LLVM feature string">:$features,
    "int64_t":$vector_bits,
    "int64_t":$vector_registers,
    "int64_t":$l1_bytes,
    "int64_t":$l2_bytes);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // SEQ_ATTRS_TD
