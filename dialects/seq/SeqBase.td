//===- SeqBase.td - seq dialect, types and attributes ------*- tablegen -*-===//
//
// The dialect definition, the type constraints shared by its ops, and its
// enum attributes.
//
//===----------------------------------------------------------------------===//

#ifndef SEQ_BASE_TD
#define SEQ_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Seq_Dialect : Dialect {
  let name = "seq";
  let cppNamespace = "::mlir::seq";
  let useDefaultAttributePrinterParser = 1;
  let summary = "Building blocks of sequence models: attention, norms, recurrent cells";
  let description = [{
    The `seq` dialect expresses the building blocks of Transformers and
    recurrent networks over builtin ranked tensors: linear layers, elementwise
    arithmetic with broadcasting, activations, softmax, layer and RMS norm,
    embeddings, sinusoidal positional encoding, scaled-dot-product attention
    with masks, multi-head attention, feed-forward networks and RNN / LSTM /
    GRU layers and cells.

    Semantics follow PyTorch exactly (weight layouts, gate order, mask
    meaning), so a `state_dict` exported from PyTorch maps onto the operands
    without any reshuffling. Batch and sequence dims may be static or dynamic
    (`?`); feature dims are usually static. Ops are f32 today; the type
    constraints are written so that f16 and bf16 can be added in one place.

    Broadcasting (in `seq.add`, `seq.mul` and attention masks) follows numpy,
    with one restriction: a dynamic dim never broadcasts at run time. A dim
    that broadcasts must be a static `1`; two dynamic dims are taken to be
    equal.
  }];
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// Adding F16/BF16 here is the first step towards reduced-precision ops.
def Seq_Float : AnyTypeOf<[F32], "32-bit float">;
def Seq_FloatTensor : RankedTensorOf<[F32]>;
def Seq_FloatTensorOrScalar : AnyTypeOf<[Seq_FloatTensor, Seq_Float],
    "ranked float tensor or float scalar">;
def Seq_IndexTensor : RankedTensorOf<[I32, I64]>;
def Seq_LengthTensor : RankedTensorOf<[I32, I64]>;
def Seq_MaskTensor : RankedTensorOf<[I1, F32]>;
// The element types that data-movement ops (transpose, reshape, concat,
// slice, index_select, where) and comparisons take.
def Seq_AnyTensor : RankedTensorOf<[F32, I1, I32, I64]>;
def Seq_AnyTensorOrScalar : AnyTypeOf<[Seq_AnyTensor, F32, I1, I32, I64],
    "ranked tensor or scalar of f32, i1, i32 or i64">;
def Seq_BoolTensor : RankedTensorOf<[I1]>;

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Seq_ActivationKindAttr : I32EnumAttr<"ActivationKind", "activation function", [
    I32EnumAttrCase<"relu", 0>,
    I32EnumAttrCase<"gelu", 1>,
    I32EnumAttrCase<"gelu_tanh", 2>,
    I32EnumAttrCase<"silu", 3>,
    I32EnumAttrCase<"tanh", 4>,
    I32EnumAttrCase<"sigmoid", 5>]> {
  let cppNamespace = "::mlir::seq";
}

def Seq_UnaryKindAttr : I32EnumAttr<"UnaryKind", "elementwise function", [
    I32EnumAttrCase<"exp", 0>,
    I32EnumAttrCase<"log", 1>,
    I32EnumAttrCase<"sqrt", 2>,
    I32EnumAttrCase<"rsqrt", 3>,
    I32EnumAttrCase<"abs", 4>,
    I32EnumAttrCase<"neg", 5>,
    I32EnumAttrCase<"erf", 6>]> {
  let cppNamespace = "::mlir::seq";
}

def Seq_ComparePredicateAttr : I32EnumAttr<"ComparePredicate",
    "elementwise comparison", [
    I32EnumAttrCase<"eq", 0>,
    I32EnumAttrCase<"ne", 1>,
    I32EnumAttrCase<"lt", 2>,
    I32EnumAttrCase<"le", 3>,
    I32EnumAttrCase<"gt", 4>,
    I32EnumAttrCase<"ge", 5>]> {
  let cppNamespace = "::mlir::seq";
}

def Seq_ReduceKindAttr : I32EnumAttr<"ReduceKind", "reduction over axes", [
    I32EnumAttrCase<"sum", 0>,
    I32EnumAttrCase<"mean", 1>,
    I32EnumAttrCase<"max", 2>,
    I32EnumAttrCase<"min", 3>]> {
  let cppNamespace = "::mlir::seq";
}

def Seq_CausalAlignmentAttr : I32EnumAttr<"CausalAlignment",
    "how a causal mask lines up queries with keys", [
    I32EnumAttrCase<"top_left", 0>,
    I32EnumAttrCase<"bottom_right", 1>]> {
  let cppNamespace = "::mlir::seq";
}

def Seq_DirectionAttr : I32EnumAttr<"Direction", "direction of a recurrent layer", [
    I32EnumAttrCase<"forward", 0>,
    I32EnumAttrCase<"reverse", 1>,
    I32EnumAttrCase<"bidirectional", 2>]> {
  let cppNamespace = "::mlir::seq";
}

def Seq_RnnNonlinearityAttr : I32EnumAttr<"RnnNonlinearity",
    "nonlinearity of an Elman RNN", [
    I32EnumAttrCase<"tanh", 0>,
    I32EnumAttrCase<"relu", 1>]> {
  let cppNamespace = "::mlir::seq";
}

#endif // SEQ_BASE_TD
