// seq-run on the .seq models of models.seq: inputs bind by name (or in
// order), runtime weights come from the safetensors file, and inputs that
// share a dim name must agree on it.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/aot_seq.py prepare %t

// Named inputs in any order, embedded weights.
// RUN: seq-run %S/models.seq --entry tagger --weights %t/weights.safetensors \
// RUN:   --input c0=%t/c0.npy --input h0=%t/h0.npy --input x=%t/tag_x.npy \
// RUN:   --input lengths=%t/tag_lengths.npy --output-dir %t/tagger > /dev/null
// RUN: %python %S/Inputs/aot_seq.py check-run %t %t/tagger tagger | FileCheck %s --check-prefix=TAGGER
// TAGGER: tagger out: max_abs {{.*}} ok
// TAGGER-NEXT: tagger h_n: max_abs {{.*}} ok
// TAGGER-NEXT: tagger c_n: max_abs {{.*}} ok

// Runtime weights bound from the file; a named and a positional input.
// RUN: seq-run %S/models.seq --entry encoder --weights=runtime \
// RUN:   --weights %t/weights.safetensors --input lengths=%t/enc_lengths.npy \
// RUN:   --input %t/enc_x.npy --output-dir %t/encoder | FileCheck %s --check-prefix=PRINT
// PRINT: result0: tensor<?x?x32xf32> float32 [3, 7, 32] = [
// RUN: %python %S/Inputs/aot_seq.py check-run %t %t/encoder encoder | FileCheck %s --check-prefix=ENCODER
// ENCODER: encoder out: max_abs {{.*}} ok

// RUN: %python -c "import numpy; numpy.save('%t/len2.npy', numpy.array([5, 3]))"
// RUN: not seq-run %S/models.seq --entry tagger --weights %t/weights.safetensors \
// RUN:   --input x=%t/tag_x.npy --input lengths=%t/len2.npy --input %t/h0.npy \
// RUN:   --input %t/c0.npy 2>&1 | FileCheck %s --check-prefix=DIMS
// DIMS: {{^}}seq-run: error: input 'lengths' has batch = 2 (dim 0) but input 'x' has batch = 3{{$}}

// RUN: not seq-run %S/models.seq --entry tagger --weights %t/weights.safetensors \
// RUN:   --input hx=%t/h0.npy 2>&1 | FileCheck %s --check-prefix=NAME
// NAME: {{^}}seq-run: error: 'tagger' has no input named 'hx' (its inputs: x, lengths, h0, c0){{$}}

// RUN: not seq-run %S/models.seq --entry tagger --weights %t/weights.safetensors \
// RUN:   --input x=%t/tag_x.npy --input x=%t/tag_x.npy 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: {{^}}seq-run: error: two inputs for 'x': 'x={{.*}}tag_x.npy' and 'x={{.*}}tag_x.npy'{{$}}

// RUN: not seq-run %S/models.seq --entry tagger --weights %t/weights.safetensors \
// RUN:   --input x=%t/tag_x.npy --input h0=%t/h0.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: {{^}}seq-run: error: argument 1 of 'tagger' ('lengths', tensor<?xi64>) has no input: 'tagger' takes 4 input(s), got 2{{$}}

// A wrong dtype is still reported by argument, with the name.
// RUN: not seq-run %S/models.seq --entry tagger --weights %t/weights.safetensors \
// RUN:   --input x=%t/tag_x.npy --input lengths=%t/tag_x.npy --input %t/h0.npy \
// RUN:   --input %t/c0.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: {{^}}seq-run: error: argument 1 ('lengths={{.*}}tag_x.npy'): expected int64 of shape [?], got float32 of shape [3, 5, 8]{{$}}
