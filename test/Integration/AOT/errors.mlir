// seqc's errors: one line naming the file, and no crash.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/corrupt.py %t
// RUN: split-file %s %t

// RUN: not seqc %S/Inputs/encoder.mlir --weights %t/missing.safetensors -o %t/x.o 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: seqc: error: {{.*}}missing.safetensors: cannot open: No such file or directory

// RUN: not seqc %S/Inputs/encoder.mlir --weights %t/short.safetensors -o %t/x.o 2>&1 | FileCheck %s --check-prefix=SHORT
// SHORT: seqc: error: {{.*}}short.safetensors: tensor 'x': data_offsets [0, 12] hold 12 bytes but F32 [2, 2] needs 16

// RUN: not seqc %S/Inputs/encoder.mlir --weights %t/overlap.safetensors -o %t/x.o 2>&1 | FileCheck %s --check-prefix=OVERLAP
// OVERLAP: seqc: error: {{.*}}overlap.safetensors: tensor 'b': data_offsets [4, 12] overlap tensor 'a' at [0, 8]

// RUN: not seqc %S/Inputs/encoder.mlir --weights %t/length.safetensors -o %t/x.o 2>&1 | FileCheck %s --check-prefix=LENGTH
// LENGTH: seqc: error: {{.*}}length.safetensors: the header length 1099511627776 exceeds the limit of 104857600 bytes

// RUN: printf 'junk' > %t/junk.safetensors
// RUN: not seqc %S/Inputs/encoder.mlir --weights %t/junk.safetensors -o %t/x.o 2>&1 | FileCheck %s --check-prefix=JUNK
// JUNK: seqc: error: {{.*}}junk.safetensors: the file is 4 bytes long, too short for the 8-byte header length

// RUN: not seqc %S/Inputs/encoder.mlir --weights %t/partial.safetensors -o %t/x.o 2>&1 | FileCheck %s --check-prefix=PARTIAL
// PARTIAL: encoder.mlir:7:5: error: weight 'attn.in_proj_weight' is not in {{.*}}partial.safetensors

// RUN: not seqc %t/head.mlir --weights %t/shape.safetensors -o %t/x.o 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: head.mlir:2:3: error: weight 'head.weight' is F32 [16, 4] in {{.*}}shape.safetensors, the model needs 'tensor<4x16xf32>'

// RUN: not seqc %t/head.mlir --weights %t/dtype.safetensors -o %t/x.o 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: head.mlir:2:3: error: weight 'head.weight' is I32 [4, 16] in {{.*}}dtype.safetensors, the model needs 'tensor<4x16xf32>'

// RUN: not seqc %t/head.mlir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=NOWEIGHTS
// NOWEIGHTS: head.mlir:2:3: error: 'head' takes the weight 'head.weight': give the weights file with --weights

// RUN: not seqc %t/head.mlir --weights=runtime --emit=bogus 2>&1 | FileCheck %s --check-prefix=EMIT
// EMIT: seqc: for the --emit option: Cannot find option named 'bogus'!

// RUN: not seqc %t/head.mlir --weights=runtime --target-cpu=nocpu -o %t/x.o 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: seqc: error: unknown --target-cpu 'nocpu' for x86_64{{.*}}
// CPU-NOT: not a recognized processor

// RUN: not seqc %t/nothing.mlir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: seqc: error: cannot open input file '{{.*}}nothing.mlir': No such file or directory

// RUN: not seqc %t/syntax.mlir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: syntax.mlir:1:{{[0-9]+}}: error:

// RUN: not seqc %t/uninferable.mlir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=INFER
// INFER: uninferable.mlir:1:1: error: result 'out' of 'pad': its dim 0 ('k') is not a dim of any input, so the caller cannot size the output

// RUN: not seqc %t/f16.mlir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=F16
// F16: f16.mlir:1:1: error: 'arg0' of 'half' has element type 'f16': the C interface supports f32, i32, i64 and i1

// RUN: not seqc %t/index.mlir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=INDEX
// INDEX: index.mlir:1:1: error: argument 0 of 'dims' has type 'index': models take and return ranked tensors

// RUN: not seqc %t/head.mlir --weights=runtime --weights=embedded -o %t/x.o 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: seqc: error: --weights gives the weight mode twice

// RUN: not seqc %t/empty.mlir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=NOMODEL
// NOMODEL: {{^}}{{.*}}empty.mlir: error: no model: the module has no public function with a body{{$}}

// RUN: not seqc %t/head.mlir --weights=runtime -o %t/nodir/x.o 2>&1 | FileCheck %s --check-prefix=OUTPUT
// OUTPUT: seqc: error: cannot open output file '{{.*}}nodir/x.o': No such file or directory

// The in/out ABI: a result marked seqc.inout must name an in/out argument
// of its type, once; an in/out argument needs its result.
// RUN: not seqc %t/inout-index.mlir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=INOUT-INDEX
// INOUT-INDEX: inout-index.mlir:1:1: error: result 1 of 'step': seqc.inout must be the index of an in/out argument of the same type
// RUN: not seqc %t/inout-twice.mlir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=INOUT-TWICE
// INOUT-TWICE: inout-twice.mlir:1:1: error: argument 0 of 'step' is updated by two results
// RUN: not seqc %t/inout-missing.mlir -o %t/x.o 2>&1 | FileCheck %s --check-prefix=INOUT-MISSING
// INOUT-MISSING: inout-missing.mlir:1:1: error: in/out argument 0 of 'step' has no result with its new value

//--- empty.mlir
//--- head.mlir
func.func @head(%x: tensor<?x16xf32>,
  %w: tensor<4x16xf32> {seqc.weight = "head.weight"}) -> tensor<?x4xf32> {
  %y = seq.linear %x, %w : tensor<?x16xf32>, tensor<4x16xf32>
  return %y : tensor<?x4xf32>
}
//--- syntax.mlir
func.func @broken(%x: tensor<?xf32>) -> tensor<?xf32> { return %y : tensor<?xf32> }
//--- uninferable.mlir
func.func @pad(%x: tensor<?xf32>) -> (tensor<?xf32> {seqc.dims = ["k"]}) {
  return %x : tensor<?xf32>
}
//--- f16.mlir
func.func @half(%x: tensor<4xf16>) -> tensor<4xf16> {
  return %x : tensor<4xf16>
}
//--- index.mlir
func.func @dims(%n: index) -> index {
  return %n : index
}
//--- inout-index.mlir
func.func @step(%c: tensor<4xf32> {seqc.inout}) -> (tensor<4xf32>, tensor<4xf32> {seqc.inout = 1 : i64}) {
  return %c, %c : tensor<4xf32>, tensor<4xf32>
}
//--- inout-twice.mlir
func.func @step(%c: tensor<4xf32> {seqc.inout}) -> (tensor<4xf32> {seqc.inout = 0 : i64}, tensor<4xf32> {seqc.inout = 0 : i64}) {
  return %c, %c : tensor<4xf32>, tensor<4xf32>
}
//--- inout-missing.mlir
func.func @step(%c: tensor<4xf32> {seqc.inout}) -> tensor<4xf32> {
  return %c : tensor<4xf32>
}
