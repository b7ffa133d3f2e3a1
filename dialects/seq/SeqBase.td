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
