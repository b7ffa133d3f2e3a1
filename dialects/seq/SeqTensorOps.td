//===- SeqTensorOps.td - general tensor ops -----------------*- tablegen -*-===//
//
// The ops people write models with below the layer level: matmul,
// transpose, reshape, concat, slice, gather, comparisons, select,
// elementwise math and reductions, each with PyTorch's semantics. Passes
// recover the fused forms from them (seq-raise-attention finds attention).
// Included from SeqOps.td, which defines Seq_Op and Seq_BinaryOp.
//
//===----------------------------------------------------------------------===//

#ifndef SEQ_TENSOR_OPS_TD
#define SEQ_TENSOR_OPS_TD

//===----------------------------------------------------------------------===//
// Elementwise math
//===----------------------------------------------------------------------===//

def Seq_SubOp : Seq_BinaryOp<"sub"> {
  let summary = "elementwise difference with numpy broadcasting";
  let description = [{
    `lhs - rhs` with the broadcasting rules of `seq.add`.

    ```mlir
    %d = seq.sub %x, %mean : tensor<?x64xf32>, tensor<?x1xf32>
    ```
  }];
}

def Seq_DivOp : Seq_BinaryOp<"div"> {
  let summary = "elementwise quotient with numpy broadcasting";
  let description = [{
    `lhs / rhs` (IEEE division, as `torch.div`) with the broadcasting rules
    of `seq.add`.

    ```mlir
    %s = seq.div %scores, %c8 : tensor<?x8x?x?xf32>, f32
    ```
  }];
}

def Seq_MaximumOp : Seq_BinaryOp<"maximum"> {
  let summary = "elementwise maximum with numpy broadcasting";
  let description = [{
    `torch.maximum(lhs, rhs)`: NaN if either is NaN.

    ```mlir
    %m = seq.maximum %x, %y : tensor<4x8xf32>, tensor<8xf32>
    ```
  }];
}

def Seq_MinimumOp : Seq_BinaryOp<"minimum"> {
  let summary = "elementwise minimum with numpy broadcasting";
  let description = [{
    `torch.minimum(lhs, rhs)`: NaN if either is NaN.

    ```mlir
    %m = seq.minimum %x, %c : tensor<4x8xf32>, f32
    ```
  }];
}

def Seq_PowOp : Seq_BinaryOp<"pow"> {
  let summary = "elementwise power with numpy broadcasting";
  let description = [{
    `torch.pow(lhs, rhs)`. A constant exponent of 2, 1, 0.5 or -1 lowers to a
    product, a copy, a square root or a reciprocal.

    ```mlir
    %sq = seq.pow %x, %c2 : tensor<?x512xf32>, f32
    ```
  }];
}

def Seq_UnaryOp : Seq_Op<"unary", [InferTypeOpAdaptor]> {
  let summary = "elementwise exp, log, sqrt, rsqrt, abs, neg or erf";
  let description = [{
    Applies one of `exp`, `log`, `sqrt`, `rsqrt` (`1/√x`), `abs`, `neg` or
    `erf` to every element, as the `torch` function of that name.

    ```mlir
    %e = seq.unary exp %x : tensor<?x16xf32>
    ```
  }];
  let arguments = (ins Seq_UnaryKindAttr:$kind, Seq_FloatTensor:$input);
  let results = (outs Seq_FloatTensor:$result);
  let assemblyFormat = "$kind $input attr-dict `:` type($input)";
}

def Seq_ClampOp : Seq_Op<"clamp", [InferTypeOpAdaptor]> {
  let summary = "elementwise clamp to [min, max]";
  let description = [{
    `torch.clamp(input, min, max)`; either bound may be absent. NaN stays
    NaN. With `min > max` every element is `max`, as in PyTorch.

    ```mlir
    %c = seq.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<?x64xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$input, OptionalAttr<F64Attr>:$min,
                       OptionalAttr<F64Attr>:$max);
  let results = (outs Seq_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Seq_CompareOp : Seq_Op<"compare", [InferTypeOpAdaptor]> {
  let summary = "elementwise comparison with numpy broadcasting, giving i1";
  let description = [{
    `lhs <predicate> rhs` for `eq ne lt le gt ge`, with the broadcasting of
    `seq.add`. Both operands have one element type (f32, i1, i32 or i64);
    either may be a scalar. Floats compare as IEEE ordered comparisons
    (`ne` is unordered: NaN ≠ NaN), as in PyTorch.

    ```mlir
    %keep = seq.compare ne %mask, %c0 : tensor<?x1x1x?xi64>, i64
    ```
  }];
  let arguments = (ins Seq_ComparePredicateAttr:$predicate,
                       Seq_AnyTensorOrScalar:$lhs, Seq_AnyTensorOrScalar:$rhs);
  let results = (outs Seq_BoolTensor:$result);
  let assemblyFormat =
      "$predicate $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
}

def Seq_WhereOp : Seq_Op<"where", [InferTypeOpAdaptor]> {
  let summary = "elementwise select with numpy broadcasting";
  let description = [{
    `torch.where(condition, lhs, rhs)`: `lhs` where `condition` is true,
    else `rhs`. The three operands broadcast together; `lhs` and `rhs` have
    one element type and either may be a scalar. `x.masked_fill(mask, v)`
    is `where(mask, v, x)`.

    ```mlir
    %s = seq.where %masked, %neg, %scores
           : tensor<?x1x1x?xi1>, f32, tensor<?x8x?x?xf32>
    ```
  }];
  let arguments = (ins Seq_BoolTensor:$condition, Seq_AnyTensorOrScalar:$lhs,
                       Seq_AnyTensorOrScalar:$rhs);
  let results = (outs Seq_AnyTensor:$result);
  let assemblyFormat = [{
    $condition `,` $lhs `,` $rhs attr-dict `:` type($condition) `,` type($lhs)
      `,` type($rhs)
  }];
}

def Seq_CastOp : Seq_Op<"cast"> {
  let summary = "element type conversion, as Tensor.to(dtype)";
  let description = [{
    Converts every element to the result's element type with PyTorch's
    rules: floats to integers round toward zero, anything to i1 is `≠ 0`,
    i1 to a number is 0 or 1. The shape does not change.

    ```mlir
    %f = seq.cast %mask : tensor<?x?xi1> to tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Seq_AnyTensor:$input);
  let results = (outs Seq_AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Contraction and data movement
//===----------------------------------------------------------------------===//

def Seq_MatmulOp : Seq_Op<"matmul", [InferTypeOpAdaptor]> {
  let summary = "matrix product with torch.matmul's batching and broadcasting";
  let description = [{
    `torch.matmul(lhs, rhs)`: 1-D · 1-D is a dot product (rank 0), 2-D · 2-D
    a matrix product, a 1-D operand gets a unit dim prepended (lhs) or
    appended (rhs) that the result drops, and the leading (batch) dims of
    higher ranks broadcast with numpy rules.

    ```mlir
    %s = seq.matmul %q, %kt : tensor<?x8x?x64xf32>, tensor<?x8x64x?xf32>
    %y = seq.matmul %x, %w : tensor<?x?x512xf32>, tensor<512x2048xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$lhs, Seq_FloatTensor:$rhs);
  let results = (outs Seq_FloatTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
}

def Seq_TransposeOp : Seq_Op<"transpose", [InferTypeOpAdaptor]> {
  let summary = "permutation of the dims, as Tensor.permute";
  let description = [{
    Result dim `i` is input dim `permutation[i]`; entries may be negative
    (counted from the end). `x.transpose(a, b)` is the permutation that
    swaps `a` and `b`.

    ```mlir
    %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<?x8x?x64xf32>
    ```
  }];
  let arguments = (ins Seq_AnyTensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs Seq_AnyTensor:$result);
  let assemblyFormat =
      "$input `,` `permutation` `=` $permutation attr-dict `:` type($input)";
}

def Seq_ReshapeOp : Seq_Op<"reshape", [InferTypeOpAdaptor]> {
  let summary = "a new shape for the same elements, as Tensor.reshape/view";
  let description = [{
    The elements of `input` in row-major order, in the shape
    `static_sizes`: an entry `≥ 0` is that size, `-1` (at most one) is
    inferred from the element count, and `ShapedType::kDynamic`
    (-9223372036854775808, printed as such) takes the next `sizes` operand
    (a run-time size, e.g. the batch). The element count must not change;
    it is checked at compile time where the sizes are static and at run
    time otherwise.

    ```mlir
    %h = seq.reshape %x[%b] {static_sizes = array<i64: -9223372036854775808, -1, 8, 64>}
           : tensor<?x?x512xf32>
    ```
  }];
  let arguments = (ins Seq_AnyTensor:$input, Variadic<Index>:$sizes,
                       DenseI64ArrayAttr:$static_sizes);
  let results = (outs Seq_AnyTensor:$result);
  let assemblyFormat =
      "$input (`[` $sizes^ `]`)? attr-dict `:` type($input)";
}

def Seq_ConcatOp : Seq_Op<"concat", [InferTypeOpAdaptor]> {
  let summary = "concatenation along one axis, as torch.cat";
  let description = [{
    The inputs (one element type, one rank) joined along `axis` (negative
    counts from the end); the other dims must agree.

    ```mlir
    %c = seq.concat %a, %b axis = -1 : tensor<?x16xf32>, tensor<?x8xf32>
    ```
  }];
  let arguments = (ins Variadic<Seq_AnyTensor>:$inputs, I64Attr:$axis);
  let results = (outs Seq_AnyTensor:$result);
  let assemblyFormat = "$inputs `axis` `=` $axis attr-dict `:` type($inputs)";
}

def Seq_SliceOp : Seq_Op<"slice", [InferTypeOpAdaptor]> {
  let summary = "a strided range of one axis, as x[..., start:end:step]";
  let description = [{
    Elements `start, start + step, ...` below `end` of `axis`, with Python's
    rules: negative `start`/`end` count from the end, both are clamped to the
    dim, an empty range gives a dim of 0. `step` is positive.
    `torch.narrow(x, axis, start, length)` is `start:start+length`.

    ```mlir
    %h = seq.slice %x {axis = 2 : i64, start = 0 : i64, end = 64 : i64, step = 1 : i64}
           : tensor<?x?x192xf32>
    ```
  }];
  let arguments = (ins Seq_AnyTensor:$input, I64Attr:$axis, I64Attr:$start,
                       I64Attr:$end, I64Attr:$step);
  let results = (outs Seq_AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Seq_IndexSelectOp : Seq_Op<"index_select", [InferTypeOpAdaptor]> {
  let summary = "gathers entries of one axis, as torch.index_select";
  let description = [{
    Result dim `axis` has one entry per element of the 1-D `indices`
    (i32/i64, each in `[0, dim)`, checked at run time); the other dims are
    the input's.

    ```mlir
    %r = seq.index_select %table, %ids axis = 0 : tensor<100x64xf32>, tensor<?xi64>
    ```
  }];
  let arguments = (ins Seq_AnyTensor:$input, Seq_IndexTensor:$indices,
                       I64Attr:$axis);
  let results = (outs Seq_AnyTensor:$result);
  let assemblyFormat = [{
    $input `,` $indices `axis` `=` $axis attr-dict `:` type($input) `,`
      type($indices)
  }];
}

def Seq_ArangeOp : Seq_Op<"arange"> {
  let summary = "0, 1, ..., length - 1, as torch.arange(length)";
  let description = [{
    A 1-D i32/i64 tensor of the integers below its length: static in the
    result type, or the `length` operand when the result's dim is dynamic.
    Learned position embeddings look up `embedding(arange(seq))`.

    ```mlir
    %pos = seq.arange length(%s) : tensor<?xi64>
    ```
  }];
  let arguments = (ins Optional<Index>:$length);
  let results = (outs Seq_IndexTensor:$result);
  let assemblyFormat = "(`length` `(` $length^ `)`)? attr-dict `:` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

def Seq_ReduceOp : Seq_Op<"reduce", [InferTypeOpAdaptor]> {
  let summary = "sum, mean, max or min over axes";
  let description = [{
    `torch.sum/mean/amax/amin(input, axes, keepdim)`: the reduced dims are
    removed, or kept as 1 with `keepdim`. Axes may be negative and must be
    distinct. `max` and `min` propagate NaN.

    ```mlir
    %m = seq.reduce mean %x {axes = array<i64: 1>, keepdim = false} : tensor<?x?x256xf32>
    ```
  }];
  let arguments = (ins Seq_ReduceKindAttr:$kind, Seq_FloatTensor:$input,
                       DenseI64ArrayAttr:$axes, BoolAttr:$keepdim);
  let results = (outs Seq_FloatTensor:$result);
  let assemblyFormat = "$kind $input attr-dict `:` type($input)";
}

def Seq_ArgmaxOp : Seq_Op<"argmax", [InferTypeOpAdaptor]> {
  let summary = "index of the largest element along an axis, as torch.argmax";
  let description = [{
    The i64 index of the first largest element along `axis` (a NaN counts
    as the largest, as in PyTorch); `keepdim` keeps the axis as 1.

    ```mlir
    %t = seq.argmax %logits {axis = -1 : i64, keepdim = false} : tensor<?x1000xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$input, I64Attr:$axis,
                       BoolAttr:$keepdim);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Seq_LogSoftmaxOp : Seq_Op<"log_softmax", [InferTypeOpAdaptor]> {
  let summary = "log of softmax along one axis";
  let description = [{
    `x - max - log(sum(exp(x - max)))` along `axis`, as
    `torch.log_softmax(x, dim)`.

    ```mlir
    %l = seq.log_softmax %x, axis = -1 : tensor<?x1000xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Seq_FloatTensor:$result);
  let assemblyFormat = "$input `,` `axis` `=` $axis attr-dict `:` type($input)";
}

#endif // SEQ_TENSOR_OPS_TD
