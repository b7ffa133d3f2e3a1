//===- SeqOps.td - seq dialect operations ------------------*- tablegen -*-===//
//
// Every op follows PyTorch's semantics and weight layouts. Ops whose result
// is determined by their operands infer it (InferTypeOpAdaptor); the shape
// rules live in the inference so that builders, the parser and the verifier
// all report the same precise message.
//
//===----------------------------------------------------------------------===//

#ifndef SEQ_OPS_TD
#define SEQ_OPS_TD

include "seq/SeqBase.td"
include "seq/SeqAttrs.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Seq_Op<string mnemonic, list<Trait> traits = []>
    : Op<Seq_Dialect, mnemonic, !listconcat([Pure], traits)>;

//===----------------------------------------------------------------------===//
// Dense layers and elementwise math
//===----------------------------------------------------------------------===//

def Seq_LinearOp : Seq_Op<"linear", [InferTypeOpAdaptor]> {
  let summary = "x·Wᵀ + b, as torch.nn.Linear";
  let description = [{
    Applies `result = input · weightᵀ + bias` over the last dim of `input`.
    `weight` has PyTorch's layout `[out, in]`; `bias` (`[out]`) is optional.
    Leading dims of `input` are batch dims and may be dynamic.

    ```mlir
    %y = seq.linear %x, %w, %b : tensor<?x16x64xf32>, tensor<128x64xf32>, tensor<128xf32>
    // %y : tensor<?x16x128xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$input, Seq_FloatTensor:$weight,
                       Optional<Seq_FloatTensor>:$bias);
  let results = (outs Seq_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` type($input) `,` type($weight) (`,` type($bias)^)?
  }];
}

class Seq_BinaryOp<string mnemonic> : Seq_Op<mnemonic, [InferTypeOpAdaptor]> {
  let arguments = (ins Seq_FloatTensorOrScalar:$lhs, Seq_FloatTensorOrScalar:$rhs);
  let results = (outs Seq_FloatTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
  // One shape rule for every binary op: numpy broadcasting (SeqOps.cpp).
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &results) {
      return inferBinaryOp(loc, getOperationName(), adaptor.getLhs(),
                           adaptor.getRhs(), results);
    }
  }];
}

def Seq_AddOp : Seq_BinaryOp<"add"> {
  let summary = "elementwise sum with numpy broadcasting";
  let description = [{
    `lhs + rhs` with numpy broadcasting. Either operand may be a float scalar
    (but not both); the result is a tensor of the broadcast shape. A dim that
    broadcasts must be a static 1: dynamic dims are taken to be equal.

    ```mlir
    %r = seq.add %x, %pe : tensor<?x?x256xf32>, tensor<?x256xf32>
    %s = seq.add %x, %c : tensor<4x8xf32>, f32
    ```
  }];
}

def Seq_MulOp : Seq_BinaryOp<"mul"> {
  let summary = "elementwise product with numpy broadcasting";
  let description = [{
    `lhs * rhs` with the broadcasting rules of `seq.add`. Scaling by a
    constant (embedding scaling by √d) is a product with a scalar.

    ```mlir
    %c = arith.constant 16.0 : f32
    %s = seq.mul %emb, %c : tensor<?x?x256xf32>, f32
    ```
  }];
}

def Seq_ActivationOp : Seq_Op<"activation", [InferTypeOpAdaptor]> {
  let summary = "pointwise activation function";
  let description = [{
    Applies one of `relu`, `gelu` (exact, erf-based, as
    `torch.nn.GELU()`), `gelu_tanh` (`torch.nn.GELU(approximate="tanh")`),
    `silu`, `tanh` or `sigmoid` to every element.

    ```mlir
    %y = seq.activation gelu %x : tensor<?x512xf32>
    ```
  }];
  let arguments = (ins Seq_ActivationKindAttr:$kind, Seq_FloatTensor:$input);
  let results = (outs Seq_FloatTensor:$result);
  let assemblyFormat = "$kind $input attr-dict `:` type($input)";
}

def Seq_SoftmaxOp : Seq_Op<"softmax", [InferTypeOpAdaptor]> {
  let summary = "softmax along one axis";
  let description = [{
    `exp(x - max) / sum(exp(x - max))` along `axis`, which may be negative
    (counted from the last dim) as in `torch.softmax(x, dim)`.

    ```mlir
    %p = seq.softmax %s, axis = -1 : tensor<2x8x16x16xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Seq_FloatTensor:$result);
  let assemblyFormat = "$input `,` `axis` `=` $axis attr-dict `:` type($input)";
}

include "seq/SeqTensorOps.td"

//===----------------------------------------------------------------------===//
// Normalisation
//===----------------------------------------------------------------------===//

def Seq_LayerNormOp : Seq_Op<"layer_norm", [InferTypeOpAdaptor, AttrSizedOperandSegments]> {
  let summary = "layer normalisation over the last dim, as torch.nn.LayerNorm";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) * weight + bias` over the last dim,
    with the biased variance. `weight` and `bias` (`[D]`) are optional
    (`elementwise_affine=False`); `epsilon` defaults to 1e-5.

    ```mlir
    %y = seq.layer_norm %x weight(%g : tensor<256xf32>) bias(%b : tensor<256xf32>)
           {epsilon = 1.0e-05 : f32} : tensor<?x?x256xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$input,
                       Optional<Seq_FloatTensor>:$weight,
                       Optional<Seq_FloatTensor>:$bias,
                       DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs Seq_FloatTensor:$result);
  // Checks the operandSegmentSizes of the generic form: ODS leaves a
  // required operand's segment unchecked.
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input (`weight` `(` $weight^ `:` type($weight) `)`)?
           (`bias` `(` $bias^ `:` type($bias) `)`)? attr-dict `:` type($input)
  }];
}

def Seq_RmsNormOp : Seq_Op<"rms_norm", [InferTypeOpAdaptor]> {
  let summary = "root-mean-square normalisation over the last dim";
  let description = [{
    `x / sqrt(mean(x²) + epsilon) * weight` over the last dim, as
    `torch.nn.RMSNorm` (and LLaMA). `weight` (`[D]`) is optional; `epsilon`
    defaults to 1e-6.

    ```mlir
    %y = seq.rms_norm %x weight(%g : tensor<256xf32>) : tensor<?x?x256xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$input,
                       Optional<Seq_FloatTensor>:$weight,
                       DefaultValuedAttr<F32Attr, "1.0e-6f">:$epsilon);
  let results = (outs Seq_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`weight` `(` $weight^ `:` type($weight) `)`)? attr-dict `:` type($input)
  }];
}

//===----------------------------------------------------------------------===//
// Embeddings
//===----------------------------------------------------------------------===//

def Seq_EmbeddingOp : Seq_Op<"embedding", [InferTypeOpAdaptor]> {
  let summary = "looks up rows of a table, as torch.nn.Embedding";
  let description = [{
    `result[..., :] = table[indices[...], :]`. `indices` are i32 or i64 of
    any rank; `table` is `[num_embeddings, dim]`. An index outside
    `[0, num_embeddings)` yields a row of zeros (PyTorch raises an error; a
    compiled model cannot, and must not read out of bounds).

    ```mlir
    %e = seq.embedding %tokens, %table : tensor<?x?xi32>, tensor<32000x256xf32>
    // %e : tensor<?x?x256xf32>
    ```
  }];
  let arguments = (ins Seq_IndexTensor:$indices, Seq_FloatTensor:$table);
  let results = (outs Seq_FloatTensor:$result);
  let assemblyFormat = "$indices `,` $table attr-dict `:` type($indices) `,` type($table)";
}

def Seq_PositionalEncodingOp : Seq_Op<"positional_encoding", [AttrSizedOperandSegments]> {
  let summary = "sinusoidal positional encoding of 'Attention Is All You Need'";
  let description = [{
    Produces the `[length, dim]` table
    `pe[p, 2i] = sin(p / 10000^(2i/dim))`, `pe[p, 2i+1] = cos(p / 10000^(2i/dim))`
    for positions `p = offset, offset+1, …`. The result type fixes `dim`
    (static) and `length`: a dynamic length is given by the `length`
    operand, which must be present exactly when the length dim is `?`.
    `offset` (default 0) shifts the positions, for decoders that run one
    step at a time.

    ```mlir
    %pe = seq.positional_encoding length(%n) : tensor<?x256xf32>
    %pe16 = seq.positional_encoding : tensor<16x256xf32>
    ```
  }];
  let arguments = (ins Optional<Index>:$length, Optional<Index>:$offset);
  let results = (outs Seq_FloatTensor:$result);
  let assemblyFormat = [{
    (`length` `(` $length^ `)`)? (`offset` `(` $offset^ `)`)? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

def Seq_SdpaOp : Seq_Op<"sdpa", [InferTypeOpAdaptor, AttrSizedOperandSegments]> {
  let summary = "scaled-dot-product attention with masks";
  let description = [{
    `softmax(q·kᵀ·scale + mask) · v` for `q [B,H,Sq,D]`, `k [B,H,Sk,D]`,
    `v [B,H,Sk,Dv]`, giving `[B,H,Sq,Dv]`. `scale` defaults to `1/√D`.

    Masks combine (a key is attended only if every mask keeps it):
    - `key_lengths` (i32/i64 `[B]`): keys at positions `≥ key_lengths[b]`
      are masked (padding);
    - `causal(top_left)`: query `i` sees keys `j ≤ i`, as
      `torch.ones(Sq, Sk).tril()`; `causal(bottom_right)`: query `i` sees
      keys `j ≤ i + Sk - Sq`, which is what a decoder with a key/value cache
      needs;
    - `mask`: an explicit mask broadcastable to `[B,H,Sq,Sk]`, either an i1
      keep-mask (true = attend, as PyTorch's boolean `attn_mask` in
      `scaled_dot_product_attention`) or an additive f32 mask.

    A query row whose keys are all masked produces zeros, never NaN, unless
    one of two attributes asks for PyTorch's answer to attention written
    with `masked_fill`/`where` and `softmax` (what `seq-raise-attention`
    rewrites into this op):
    - `masked_value = c` (with an i1 `mask`, no `key_lengths`, no `causal`):
      a masked score is `c` instead of being removed, as
      `scores.masked_fill(~keep, c)` before `softmax`; a row whose keys are
      all masked then weighs every key equally;
    - `nan_if_empty`: a row with no kept key (all masked, or all scores
      `-inf` after an additive mask) is NaN, as `softmax` of `-inf`s is.

    ```mlir
    %o = seq.sdpa %q, %k, %v key_lengths(%len : tensor<?xi32>) causal(top_left)
           : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$query, Seq_FloatTensor:$key,
                       Seq_FloatTensor:$value,
                       Optional<Seq_LengthTensor>:$key_lengths,
                       Optional<Seq_MaskTensor>:$mask,
                       OptionalAttr<Seq_CausalAlignmentAttr>:$causal,
                       OptionalAttr<F32Attr>:$scale,
                       OptionalAttr<F32Attr>:$masked_value,
                       UnitAttr:$nan_if_empty);
  let results = (outs Seq_FloatTensor:$result);
  // Checks the operandSegmentSizes of the generic form (ODS leaves a
  // required operand's segment unchecked) and what masked_value needs.
  let hasVerifier = 1;
  let assemblyFormat = [{
    $query `,` $key `,` $value
      (`key_lengths` `(` $key_lengths^ `:` type($key_lengths) `)`)?
      (`mask` `(` $mask^ `:` type($mask) `)`)?
      (`causal` `(` $causal^ `)`)?
      attr-dict `:` type($query) `,` type($key) `,` type($value)
  }];
  let extraClassDeclaration = [{
    /// The scale applied to q·kᵀ: the attribute, or 1/√D.
    double getScaleOrDefault();
  }];
}

def Seq_MultiHeadAttentionOp : Seq_Op<"multi_head_attention",
    [InferTypeOpAdaptor, AttrSizedOperandSegments]> {
  let summary = "multi-head attention, as torch.nn.MultiheadAttention";
  let description = [{
    `query [B,Sq,E]`, `key [B,Sk,Ek]`, `value [B,Sk,Ev]` (batch first) are
    projected, split into `heads` heads of size `E/heads`, attended with
    `seq.sdpa` semantics (same masks), merged and projected by
    `out_proj_weight [E,E]` (+ `out_proj_bias`).

    Projections follow `torch.nn.MultiheadAttention`: either packed
    `in_proj_weight [3E,E]`, or separate `q_proj_weight [E,E]`,
    `k_proj_weight [E,Ek]`, `v_proj_weight [E,Ev]`; `in_proj_bias [3E]` is
    used in both cases when present. `mask` broadcasts to `[B,heads,Sq,Sk]`;
    PyTorch's `key_padding_mask` is either `key_lengths` or an i1 keep-mask
    `[B,1,1,Sk]` (the negation of PyTorch's).

    ```mlir
    %o = seq.multi_head_attention %x, %x, %x heads(4)
           in_proj_weight(%w : tensor<768x256xf32>) in_proj_bias(%b : tensor<768xf32>)
           out_proj_weight(%ow : tensor<256x256xf32>) out_proj_bias(%ob : tensor<256xf32>)
           key_lengths(%len : tensor<?xi32>)
           : tensor<?x?x256xf32>, tensor<?x?x256xf32>, tensor<?x?x256xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$query, Seq_FloatTensor:$key,
                       Seq_FloatTensor:$value,
                       Optional<Seq_FloatTensor>:$in_proj_weight,
                       Optional<Seq_FloatTensor>:$in_proj_bias,
                       Optional<Seq_FloatTensor>:$q_proj_weight,
                       Optional<Seq_FloatTensor>:$k_proj_weight,
                       Optional<Seq_FloatTensor>:$v_proj_weight,
                       Seq_FloatTensor:$out_proj_weight,
                       Optional<Seq_FloatTensor>:$out_proj_bias,
                       Optional<Seq_LengthTensor>:$key_lengths,
                       Optional<Seq_MaskTensor>:$mask,
                       I64Attr:$heads,
                       OptionalAttr<Seq_CausalAlignmentAttr>:$causal,
                       OptionalAttr<F32Attr>:$scale);
  let results = (outs Seq_FloatTensor:$result);
  // Checks the operandSegmentSizes of the generic form: ODS leaves a
  // required operand's segment unchecked.
  let hasVerifier = 1;
  let assemblyFormat = [{
    $query `,` $key `,` $value `heads` `(` $heads `)`
      (`in_proj_weight` `(` $in_proj_weight^ `:` type($in_proj_weight) `)`)?
      (`in_proj_bias` `(` $in_proj_bias^ `:` type($in_proj_bias) `)`)?
      (`q_proj_weight` `(` $q_proj_weight^ `:` type($q_proj_weight) `)`)?
      (`k_proj_weight` `(` $k_proj_weight^ `:` type($k_proj_weight) `)`)?
      (`v_proj_weight` `(` $v_proj_weight^ `:` type($v_proj_weight) `)`)?
      `out_proj_weight` `(` $out_proj_weight `:` type($out_proj_weight) `)`
      (`out_proj_bias` `(` $out_proj_bias^ `:` type($out_proj_bias) `)`)?
      (`key_lengths` `(` $key_lengths^ `:` type($key_lengths) `)`)?
      (`mask` `(` $mask^ `:` type($mask) `)`)?
      (`causal` `(` $causal^ `)`)?
      attr-dict `:` type($query) `,` type($key) `,` type($value)
  }];
}

def Seq_FfnOp : Seq_Op<"ffn", [InferTypeOpAdaptor, AttrSizedOperandSegments]> {
  let summary = "feed-forward network: linear → activation → linear";
  let description = [{
    `linear2(activation(linear1(x)))` with PyTorch layouts:
    `weight1 [F,E]`, `bias1 [F]`, `weight2 [E',F]`, `bias2 [E']` (biases
    optional). This is the feed-forward block of
    `torch.nn.TransformerEncoderLayer` (dropout is the identity at
    inference).

    ```mlir
    %y = seq.ffn %x activation(relu)
           weight1(%w1 : tensor<1024x256xf32>) bias1(%b1 : tensor<1024xf32>)
           weight2(%w2 : tensor<256x1024xf32>) bias2(%b2 : tensor<256xf32>)
           : tensor<?x?x256xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$input,
                       Seq_FloatTensor:$weight1, Optional<Seq_FloatTensor>:$bias1,
                       Seq_FloatTensor:$weight2, Optional<Seq_FloatTensor>:$bias2,
                       Seq_ActivationKindAttr:$activation);
  let results = (outs Seq_FloatTensor:$result);
  // Checks the operandSegmentSizes of the generic form: ODS leaves a
  // required operand's segment unchecked.
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input `activation` `(` $activation `)`
      `weight1` `(` $weight1 `:` type($weight1) `)`
      (`bias1` `(` $bias1^ `:` type($bias1) `)`)?
      `weight2` `(` $weight2 `:` type($weight2) `)`
      (`bias2` `(` $bias2^ `:` type($bias2) `)`)?
      attr-dict `:` type($input)
  }];
}

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

// Operands shared by the whole-sequence layers, named as PyTorch's
// state_dict names them (weight_ih_l0, weight_ih_l0_reverse, ...).
class Seq_RecurrentLayerOp<string mnemonic, string gates, string extraDoc>
    : Seq_Op<mnemonic, [InferTypeOpAdaptor, AttrSizedOperandSegments]> {
  // Checks the operandSegmentSizes of the generic form: ODS leaves a
  // required operand's segment unchecked.
  let hasVerifier = 1;
  let description = [{
    Runs the layer over `input [B,T,I]` (batch first). Weights use
    PyTorch's gate order and layout: `weight_ih [G·H,I]`,
    `weight_hh [G·H,H]`, `bias_ih`, `bias_hh [G·H]` (biases optional), with
    }] # gates # [{. `direction` is `forward`, `reverse` or `bidirectional`;
    the reverse direction of a bidirectional layer has its own
    `*_reverse` weights.

    Initial states are `[D,B,H]` (`D` = 2 when bidirectional, else 1) and
    default to zeros. `lengths` (i32/i64 `[B]`) gives each sequence's valid
    length as `pack_padded_sequence` defines it: outputs past a sequence's
    end are zero, and the final state is the one after its last valid step
    (for the reverse direction, the sequence is reversed within its length).

    Results: `output [B,T,D·H]` (directions concatenated along the last dim)
    and the final states `[D,B,H]`.
  }] # extraDoc;
}

def Seq_RnnOp : Seq_RecurrentLayerOp<"rnn", "G = 1",
    [{
    `nonlinearity` is `tanh` (default) or `relu`, as `torch.nn.RNN`.

    ```mlir
    %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>)
                  direction(forward) nonlinearity(tanh) : tensor<?x?x16xf32>
    ```
  }]> {
  let summary = "Elman RNN layer over a whole sequence, as torch.nn.RNN";
  let arguments = (ins Seq_FloatTensor:$input,
      Seq_FloatTensor:$weight_ih, Seq_FloatTensor:$weight_hh,
      Optional<Seq_FloatTensor>:$bias_ih, Optional<Seq_FloatTensor>:$bias_hh,
      Optional<Seq_FloatTensor>:$weight_ih_reverse, Optional<Seq_FloatTensor>:$weight_hh_reverse,
      Optional<Seq_FloatTensor>:$bias_ih_reverse, Optional<Seq_FloatTensor>:$bias_hh_reverse,
      Optional<Seq_FloatTensor>:$h0,
      Optional<Seq_LengthTensor>:$lengths,
      Seq_DirectionAttr:$direction,
      Seq_RnnNonlinearityAttr:$nonlinearity);
  let results = (outs Seq_FloatTensor:$output, Seq_FloatTensor:$h_n);
  let assemblyFormat = [{
    $input `weight_ih` `(` $weight_ih `:` type($weight_ih) `)`
      `weight_hh` `(` $weight_hh `:` type($weight_hh) `)`
      (`bias_ih` `(` $bias_ih^ `:` type($bias_ih) `)`)?
      (`bias_hh` `(` $bias_hh^ `:` type($bias_hh) `)`)?
      (`weight_ih_reverse` `(` $weight_ih_reverse^ `:` type($weight_ih_reverse) `)`)?
      (`weight_hh_reverse` `(` $weight_hh_reverse^ `:` type($weight_hh_reverse) `)`)?
      (`bias_ih_reverse` `(` $bias_ih_reverse^ `:` type($bias_ih_reverse) `)`)?
      (`bias_hh_reverse` `(` $bias_hh_reverse^ `:` type($bias_hh_reverse) `)`)?
      (`h0` `(` $h0^ `:` type($h0) `)`)?
      (`lengths` `(` $lengths^ `:` type($lengths) `)`)?
      `direction` `(` $direction `)` `nonlinearity` `(` $nonlinearity `)`
      attr-dict `:` type($input)
  }];
}

def Seq_LstmOp : Seq_RecurrentLayerOp<"lstm", "G = 4 and gate order (i, f, g, o)",
    [{
    An LSTM also takes `c0 [D,B,H]` and returns `c_n [D,B,H]`, as
    `torch.nn.LSTM`.

    ```mlir
    %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>)
                       bias_ih(%bi : tensor<128xf32>) bias_hh(%bh : tensor<128xf32>)
                       direction(forward) : tensor<?x?x16xf32>
    ```
  }]> {
  let summary = "LSTM layer over a whole sequence, as torch.nn.LSTM";
  let arguments = (ins Seq_FloatTensor:$input,
      Seq_FloatTensor:$weight_ih, Seq_FloatTensor:$weight_hh,
      Optional<Seq_FloatTensor>:$bias_ih, Optional<Seq_FloatTensor>:$bias_hh,
      Optional<Seq_FloatTensor>:$weight_ih_reverse, Optional<Seq_FloatTensor>:$weight_hh_reverse,
      Optional<Seq_FloatTensor>:$bias_ih_reverse, Optional<Seq_FloatTensor>:$bias_hh_reverse,
      Optional<Seq_FloatTensor>:$h0, Optional<Seq_FloatTensor>:$c0,
      Optional<Seq_LengthTensor>:$lengths,
      Seq_DirectionAttr:$direction);
  let results = (outs Seq_FloatTensor:$output, Seq_FloatTensor:$h_n,
                      Seq_FloatTensor:$c_n);
  let assemblyFormat = [{
    $input `weight_ih` `(` $weight_ih `:` type($weight_ih) `)`
      `weight_hh` `(` $weight_hh `:` type($weight_hh) `)`
      (`bias_ih` `(` $bias_ih^ `:` type($bias_ih) `)`)?
      (`bias_hh` `(` $bias_hh^ `:` type($bias_hh) `)`)?
      (`weight_ih_reverse` `(` $weight_ih_reverse^ `:` type($weight_ih_reverse) `)`)?
      (`weight_hh_reverse` `(` $weight_hh_reverse^ `:` type($weight_hh_reverse) `)`)?
      (`bias_ih_reverse` `(` $bias_ih_reverse^ `:` type($bias_ih_reverse) `)`)?
      (`bias_hh_reverse` `(` $bias_hh_reverse^ `:` type($bias_hh_reverse) `)`)?
      (`h0` `(` $h0^ `:` type($h0) `)`)?
      (`c0` `(` $c0^ `:` type($c0) `)`)?
      (`lengths` `(` $lengths^ `:` type($lengths) `)`)?
      `direction` `(` $direction `)`
      attr-dict `:` type($input)
  }];
}

def Seq_GruOp : Seq_RecurrentLayerOp<"gru", "G = 3 and gate order (r, z, n)",
    [{
    The new gate is `n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn))` and
    `h' = (1 - z) ⊙ n + z ⊙ h`, as `torch.nn.GRU`.

    ```mlir
    %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>)
                  direction(bidirectional) ... : tensor<?x?x16xf32>
    ```
  }]> {
  let summary = "GRU layer over a whole sequence, as torch.nn.GRU";
  let arguments = (ins Seq_FloatTensor:$input,
      Seq_FloatTensor:$weight_ih, Seq_FloatTensor:$weight_hh,
      Optional<Seq_FloatTensor>:$bias_ih, Optional<Seq_FloatTensor>:$bias_hh,
      Optional<Seq_FloatTensor>:$weight_ih_reverse, Optional<Seq_FloatTensor>:$weight_hh_reverse,
      Optional<Seq_FloatTensor>:$bias_ih_reverse, Optional<Seq_FloatTensor>:$bias_hh_reverse,
      Optional<Seq_FloatTensor>:$h0,
      Optional<Seq_LengthTensor>:$lengths,
      Seq_DirectionAttr:$direction);
  let results = (outs Seq_FloatTensor:$output, Seq_FloatTensor:$h_n);
  let assemblyFormat = [{
    $input `weight_ih` `(` $weight_ih `:` type($weight_ih) `)`
      `weight_hh` `(` $weight_hh `:` type($weight_hh) `)`
      (`bias_ih` `(` $bias_ih^ `:` type($bias_ih) `)`)?
      (`bias_hh` `(` $bias_hh^ `:` type($bias_hh) `)`)?
      (`weight_ih_reverse` `(` $weight_ih_reverse^ `:` type($weight_ih_reverse) `)`)?
      (`weight_hh_reverse` `(` $weight_hh_reverse^ `:` type($weight_hh_reverse) `)`)?
      (`bias_ih_reverse` `(` $bias_ih_reverse^ `:` type($bias_ih_reverse) `)`)?
      (`bias_hh_reverse` `(` $bias_hh_reverse^ `:` type($bias_hh_reverse) `)`)?
      (`h0` `(` $h0^ `:` type($h0) `)`)?
      (`lengths` `(` $lengths^ `:` type($lengths) `)`)?
      `direction` `(` $direction `)`
      attr-dict `:` type($input)
  }];
}

//===----------------------------------------------------------------------===//
// Recurrent cells (one step)
//===----------------------------------------------------------------------===//

def Seq_RnnCellOp : Seq_Op<"rnn_cell", [InferTypeOpAdaptor, AttrSizedOperandSegments]> {
  let summary = "one Elman RNN step, as torch.nn.RNNCell";
  let description = [{
    `h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)` for `input [B,I]` and
    `h [B,H]` (zeros when absent); `weight_ih [H,I]`, `weight_hh [H,H]`.

    ```mlir
    %h1 = seq.rnn_cell %x h(%h : tensor<?x32xf32>) weight_ih(%wi : tensor<32x16xf32>)
            weight_hh(%wh : tensor<32x32xf32>) nonlinearity(tanh) : tensor<?x16xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$input, Optional<Seq_FloatTensor>:$h,
      Seq_FloatTensor:$weight_ih, Seq_FloatTensor:$weight_hh,
      Optional<Seq_FloatTensor>:$bias_ih, Optional<Seq_FloatTensor>:$bias_hh,
      Seq_RnnNonlinearityAttr:$nonlinearity);
  let results = (outs Seq_FloatTensor:$h_next);
  // Checks the operandSegmentSizes of the generic form: ODS leaves a
  // required operand's segment unchecked.
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input (`h` `(` $h^ `:` type($h) `)`)?
      `weight_ih` `(` $weight_ih `:` type($weight_ih) `)`
      `weight_hh` `(` $weight_hh `:` type($weight_hh) `)`
      (`bias_ih` `(` $bias_ih^ `:` type($bias_ih) `)`)?
      (`bias_hh` `(` $bias_hh^ `:` type($bias_hh) `)`)?
      `nonlinearity` `(` $nonlinearity `)`
      attr-dict `:` type($input)
  }];
}

def Seq_LstmCellOp : Seq_Op<"lstm_cell", [InferTypeOpAdaptor, AttrSizedOperandSegments]> {
  let summary = "one LSTM step, as torch.nn.LSTMCell";
  let description = [{
    Gates `(i, f, g, o)` from `x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh`;
    `c' = σ(f)⊙c + σ(i)⊙tanh(g)`, `h' = σ(o)⊙tanh(c')`. `input [B,I]`,
    `h`, `c [B,H]` (both or neither; zeros when absent),
    `weight_ih [4H,I]`, `weight_hh [4H,H]`. Results `(h', c')`.

    ```mlir
    %h1, %c1 = seq.lstm_cell %x h(%h : tensor<?x32xf32>) c(%c : tensor<?x32xf32>)
                 weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>)
                 : tensor<?x16xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$input,
      Optional<Seq_FloatTensor>:$h, Optional<Seq_FloatTensor>:$c,
      Seq_FloatTensor:$weight_ih, Seq_FloatTensor:$weight_hh,
      Optional<Seq_FloatTensor>:$bias_ih, Optional<Seq_FloatTensor>:$bias_hh);
  let results = (outs Seq_FloatTensor:$h_next, Seq_FloatTensor:$c_next);
  // Checks the operandSegmentSizes of the generic form: ODS leaves a
  // required operand's segment unchecked.
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input (`h` `(` $h^ `:` type($h) `)`)? (`c` `(` $c^ `:` type($c) `)`)?
      `weight_ih` `(` $weight_ih `:` type($weight_ih) `)`
      `weight_hh` `(` $weight_hh `:` type($weight_hh) `)`
      (`bias_ih` `(` $bias_ih^ `:` type($bias_ih) `)`)?
      (`bias_hh` `(` $bias_hh^ `:` type($bias_hh) `)`)?
      attr-dict `:` type($input)
  }];
}

def Seq_GruCellOp : Seq_Op<"gru_cell", [InferTypeOpAdaptor, AttrSizedOperandSegments]> {
  let summary = "one GRU step, as torch.nn.GRUCell";
  let description = [{
    Gates `(r, z, n)`: `r = σ(W_ir·x + b_ir + W_hr·h + b_hr)`,
    `z = σ(W_iz·x + b_iz + W_hz·h + b_hz)`,
    `n = tanh(W_in·x + b_in + r⊙(W_hn·h + b_hn))`, `h' = (1-z)⊙n + z⊙h`.
    `weight_ih [3H,I]`, `weight_hh [3H,H]`; `h` defaults to zeros.

    ```mlir
    %h1 = seq.gru_cell %x h(%h : tensor<?x32xf32>) weight_ih(%wi : tensor<96x16xf32>)
            weight_hh(%wh : tensor<96x32xf32>) : tensor<?x16xf32>
    ```
  }];
  let arguments = (ins Seq_FloatTensor:$input, Optional<Seq_FloatTensor>:$h,
      Seq_FloatTensor:$weight_ih, Seq_FloatTensor:$weight_hh,
      Optional<Seq_FloatTensor>:$bias_ih, Optional<Seq_FloatTensor>:$bias_hh);
  let results = (outs Seq_FloatTensor:$h_next);
  // Checks the operandSegmentSizes of the generic form: ODS leaves a
  // required operand's segment unchecked.
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input (`h` `(` $h^ `:` type($h) `)`)?
      `weight_ih` `(` $weight_ih `:` type($weight_ih) `)`
      `weight_hh` `(` $weight_hh `:` type($weight_hh) `)`
      (`bias_ih` `(` $bias_ih^ `:` type($bias_ih) `)`)?
      (`bias_hh` `(` $bias_hh^ `:` type($bias_hh) `)`)?
      attr-dict `:` type($input)
  }];
}

#endif // SEQ_OPS_TD
