# Inputs fuzz_onnx (test/fuzz) found crashes on, each now a located error.
#
# A Transpose whose perm names a dim the input does not have (the layout
# rewrites read the groups of a merge at that index: a use after free).
# RUN: not seq-front %S/Inputs/fuzz-transpose-perm.onnx 2>&1 | FileCheck %s --check-prefix=PERM
# PERM: fuzz-transpose-perm.onnx: node 10 '' (Transpose, opset 14): error: 'seq.transpose' op expects permutation entries in [-3, 3) for 'tensor<?x?x4xf32>', got 8
#
# A Softmax axis far out of range (the merge rewrite indexed its groups
# with it: UBSan's pointer overflow).
# RUN: not seq-front %S/Inputs/fuzz-softmax-axis.onnx 2>&1 | FileCheck %s --check-prefix=AXIS
# AXIS: fuzz-softmax-axis.onnx: node 16 '' (Softmax, opset 14): error: 'seq.softmax' op expects axis in [-3, 3) for 'tensor<?x?x?xf32>', got -134217726
