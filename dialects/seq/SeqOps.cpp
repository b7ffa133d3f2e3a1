//===- SeqOps.cpp - seq dialect operations ----------------------*- C++ -*-===//
//
// Shape rules of the seq ops. They live in result-type inference, which the
// parser, the builders and the verifier all run, so every path reports the
// same message; each message names the dims that disagree and their values.
//
//===----------------------------------------------------------------------===//

#include "seq/SeqOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <string>

using namespace mlir;
using namespace mlir::seq;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

namespace {
/// Emits "'seq.x' op ..." at the op's location, when there is one.
class ShapeError {
public:
  ShapeError(std::optional<Location> loc, StringRef opName)
      : loc(loc), opName(opName) {}
  template <typename... Args>
  LogicalResult operator()(Args &&...args) const {
    return emitOptionalError(loc, "'", opName, "' op ",
                             std::forward<Args>(args)...);
  }

private:
  std::optional<Location> loc;
  StringRef opName;
};
} // namespace

/// An attribute of the op whose result types are being inferred. The custom
/// parser infers before the op exists: attributes written in its attr-dict
/// (epsilon, scale, ...) are then still in the attribute dictionary rather
/// than in the properties, and they are the ones the op ends up with.
template <typename AttrT>
static AttrT parsedOrPropertyAttr(AttrT fromProperties, DictionaryAttr attrs,
                                  StringRef name) {
  if (attrs)
    if (auto attr = llvm::dyn_cast_or_null<AttrT>(attrs.get(name)))
      return attr;
  return fromProperties;
}

static std::string dimStr(int64_t d) {
  return ShapedType::isDynamic(d) ? "?" : std::to_string(d);
}

static bool dimsCompatible(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

/// The more static of two compatible dims.
static int64_t refineDim(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) ? b : a;
}

/// The product of two dims; dynamic if either is, or if it overflows.
static int64_t mulDims(int64_t a, int64_t b) {
  int64_t product;
  if (ShapedType::isDynamic(a) || ShapedType::isDynamic(b) ||
      llvm::MulOverflow(a, b, product))
    return ShapedType::kDynamic;
  return product;
}

/// The ranked tensor type of `v`, or failure with "expects <what> to be a
/// ranked tensor of rank <rank>" (rank < 0: any rank).
static FailureOr<RankedTensorType> getTensor(const ShapeError &err, Value v,
                                             StringRef what, int64_t rank) {
  auto type = llvm::dyn_cast_or_null<RankedTensorType>(v ? v.getType() : Type());
  if (!type)
    return err("expects ", what, " to be a ranked tensor");
  if (rank >= 0 && type.getRank() != rank)
    return err("expects ", what, " of rank ", rank, ", got ", type);
  return type;
}

/// Checks that dim `ai` of `a` can equal dim `bi` of `b`.
static LogicalResult checkDim(const ShapeError &err, StringRef aName,
                              RankedTensorType a, unsigned ai, StringRef bName,
                              RankedTensorType b, unsigned bi) {
  if (dimsCompatible(a.getDimSize(ai), b.getDimSize(bi)))
    return success();
  return err("expects ", aName, " dim ", ai, " (", dimStr(a.getDimSize(ai)),
             ") to equal ", bName, " dim ", bi, " (", dimStr(b.getDimSize(bi)),
             ")");
}

/// Checks that `v` is a 1-D tensor of `expected` elements.
static LogicalResult checkVector(const ShapeError &err, Value v, StringRef name,
                                 int64_t expected, StringRef meaning) {
  if (!v)
    return success();
  auto type = getTensor(err, v, name, 1);
  if (failed(type))
    return failure();
  if (!dimsCompatible(type->getDimSize(0), expected))
    return err("expects ", name, " of shape [", meaning, "] = [",
               dimStr(expected), "], got ", *type);
  return success();
}

/// Checks that `v` is a 1-D tensor of `dim` elements, then refines `dim` with
/// its size.
static LogicalResult checkAndRefineVector(const ShapeError &err, Value v,
                                          StringRef name, int64_t &dim,
                                          StringRef meaning) {
  if (failed(checkVector(err, v, name, dim, meaning)))
    return failure();
  if (v)
    dim = refineDim(dim,
                    llvm::cast<RankedTensorType>(v.getType()).getDimSize(0));
  return success();
}

/// Checks that `v` is a 2-D tensor [rows, cols].
static LogicalResult checkMatrix(const ShapeError &err, Value v, StringRef name,
                                 int64_t rows, int64_t cols,
                                 StringRef meaning) {
  auto type = getTensor(err, v, name, 2);
  if (failed(type))
    return failure();
  if (!dimsCompatible(type->getDimSize(0), rows) ||
      !dimsCompatible(type->getDimSize(1), cols))
    return err("expects ", name, " of shape [", meaning, "] = [", dimStr(rows),
               ", ", dimStr(cols), "], got ", *type);
  return success();
}

/// Checks that all float operands share one element type (they are all f32
/// today; this keeps mixed precision out once f16/bf16 are allowed).
static LogicalResult checkSameFloatType(const ShapeError &err,
                                        ValueRange values) {
  Type elementType;
  for (Value v : values) {
    if (!v)
      continue;
    Type t = getElementTypeOrSelf(v.getType());
    if (!llvm::isa<FloatType>(t))
      continue;
    if (elementType && t != elementType)
      return err("expects all float operands to have one element type, got ",
                 elementType, " and ", t);
    elementType = t;
  }
  return success();
}

FailureOr<SmallVector<int64_t>>
mlir::seq::broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a == 1)
      result[i] = b;
    else if (b == 1)
      result[i] = a;
    else if (dimsCompatible(a, b))
      result[i] = refineDim(a, b);
    else
      return failure();
  }
  return result;
}

/// Checks that a mask broadcasts to `target` ([B, H, Sq, Sk]), then refines
/// `target` with the mask's dims that do not broadcast.
static LogicalResult checkMask(const ShapeError &err, Value mask,
                               MutableArrayRef<int64_t> target) {
  if (!mask)
    return success();
  auto type = getTensor(err, mask, "mask", -1);
  if (failed(type))
    return failure();
  int64_t rank = type->getRank();
  int64_t targetRank = target.size();
  if (rank > targetRank)
    return err("expects mask of rank at most ", targetRank, ", got ", *type);
  for (int64_t i = 0; i < rank; ++i) {
    int64_t d = type->getDimSize(i);
    int64_t t = target[targetRank - rank + i];
    if (d != 1 && !dimsCompatible(d, t))
      return err("expects mask dim ", i, " (", dimStr(d),
                 ") to be 1 or to match attention dim ",
                 targetRank - rank + i, " (", dimStr(t),
                 ") of [batch, heads, query, key]");
  }
  for (int64_t i = 0; i < rank; ++i)
    if (type->getDimSize(i) != 1)
      target[targetRank - rank + i] =
          refineDim(target[targetRank - rank + i], type->getDimSize(i));
  return success();
}

/// Checks lengths: a 1-D integer tensor with one entry per batch, then refines
/// `batch` with its size.
static LogicalResult checkLengths(const ShapeError &err, Value lengths,
                                  StringRef name, int64_t &batch) {
  if (!lengths)
    return success();
  auto type = getTensor(err, lengths, name, 1);
  if (failed(type))
    return failure();
  if (!dimsCompatible(type->getDimSize(0), batch))
    return err("expects ", name, " of shape [batch] = [", dimStr(batch),
               "], got ", *type);
  batch = refineDim(batch, type->getDimSize(0));
  return success();
}

/// Checks that each required operand's segment of operandSegmentSizes holds
/// exactly one value. ODS checks only the optional segments (at most one
/// value) and the total, so the generic form could otherwise give a required
/// operand no value, and the accessors would read past the operand list.
static LogicalResult
verifyRequiredSegments(Operation *op, ArrayRef<int32_t> sizes,
                       ArrayRef<std::pair<unsigned, StringRef>> required) {
  for (auto [index, name] : required)
    if (index >= sizes.size() || sizes[index] != 1)
      return op->emitOpError("expects operandSegmentSizes to give the "
                             "required operand '")
             << name << "' (segment " << index << ") one value, got "
             << (index < sizes.size() ? sizes[index] : 0);
  return success();
}

static RankedTensorType tensorLike(RankedTensorType like,
                                   ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, like.getElementType());
}

//===----------------------------------------------------------------------===//
// LinearOp
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto input = getTensor(err, adaptor.getInput(), "input", -1);
  if (failed(input))
    return failure();
  if (input->getRank() < 1)
    return err("expects input of rank at least 1, got ", *input);
  auto weight = getTensor(err, adaptor.getWeight(), "weight ([out, in])", 2);
  if (failed(weight))
    return failure();
  int64_t last = input->getRank() - 1;
  int64_t out = weight->getDimSize(0);
  if (failed(checkDim(err, "input", *input, last, "weight", *weight, 1)) ||
      failed(checkAndRefineVector(err, adaptor.getBias(), "bias", out,
                                  "out")) ||
      failed(checkSameFloatType(err, adaptor.getOperands())))
    return failure();
  SmallVector<int64_t> shape(input->getShape());
  shape.back() = out;
  results.push_back(tensorLike(*input, shape));
  return success();
}

//===----------------------------------------------------------------------===//
// AddOp, MulOp
//===----------------------------------------------------------------------===//

static LogicalResult inferBinary(const ShapeError &err, Value lhs, Value rhs,
                                 SmallVectorImpl<Type> &results) {
  if (!lhs || !rhs)
    return err("expects two operands");
  auto lhsType = llvm::dyn_cast<RankedTensorType>(lhs.getType());
  auto rhsType = llvm::dyn_cast<RankedTensorType>(rhs.getType());
  if (!lhsType && !rhsType)
    return err("expects at least one ranked tensor operand, got ",
               lhs.getType(), " and ", rhs.getType());
  if (failed(checkSameFloatType(err, {lhs, rhs})))
    return failure();
  ArrayRef<int64_t> lhsShape = lhsType ? lhsType.getShape() : ArrayRef<int64_t>();
  ArrayRef<int64_t> rhsShape = rhsType ? rhsType.getShape() : ArrayRef<int64_t>();
  auto shape = broadcastShapes(lhsShape, rhsShape);
  if (failed(shape))
    return err("expects broadcast-compatible operands, got ", lhs.getType(),
               " and ", rhs.getType());
  results.push_back(tensorLike(lhsType ? lhsType : rhsType, *shape));
  return success();
}

/// The shape rule of every Seq_BinaryOp (called from its ODS definition).
static LogicalResult inferBinaryOp(std::optional<Location> loc,
                                   StringRef opName, Value lhs, Value rhs,
                                   SmallVectorImpl<Type> &results) {
  return inferBinary(ShapeError(loc, opName), lhs, rhs, results);
}

//===----------------------------------------------------------------------===//
// ActivationOp, SoftmaxOp
//===----------------------------------------------------------------------===//

LogicalResult ActivationOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto input = getTensor(err, adaptor.getInput(), "input", -1);
  if (failed(input))
    return failure();
  results.push_back(*input);
  return success();
}

LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto input = getTensor(err, adaptor.getInput(), "input", -1);
  if (failed(input))
    return failure();
  int64_t rank = input->getRank();
  if (rank < 1)
    return err("expects input of rank at least 1, got ", *input);
  IntegerAttr axisAttr = parsedOrPropertyAttr(
      adaptor.getAxisAttr(), adaptor.getAttributes(), "axis");
  if (!axisAttr)
    return err("expects an axis");
  int64_t axis = axisAttr.getValue().getSExtValue();
  if (axis < -rank || axis >= rank)
    return err("expects axis in [", -rank, ", ", rank, ") for ", *input,
               ", got ", axis);
  results.push_back(*input);
  return success();
}

//===----------------------------------------------------------------------===//
// LayerNormOp, RmsNormOp
//===----------------------------------------------------------------------===//

static LogicalResult inferNorm(const ShapeError &err, Value inputValue,
                               ValueRange params, ArrayRef<StringRef> names,
                               FloatAttr epsilon,
                               SmallVectorImpl<Type> &results) {
  auto input = getTensor(err, inputValue, "input", -1);
  if (failed(input))
    return failure();
  if (input->getRank() < 1)
    return err("expects input of rank at least 1, got ", *input);
  // Refined as we go, so that a weight and a bias cannot disagree when the
  // normalized dim is dynamic.
  int64_t dim = input->getShape().back();
  for (auto [param, name] : llvm::zip(params, names))
    if (failed(checkAndRefineVector(err, param, name, dim, "normalized dim")))
      return failure();
  if (epsilon && (!(epsilon.getValueAsDouble() >= 0.0) ||
                  std::isinf(epsilon.getValueAsDouble())))
    return err("expects a finite epsilon >= 0, got ",
               epsilon.getValueAsDouble());
  SmallVector<Value> all{inputValue};
  all.append(params.begin(), params.end());
  if (failed(checkSameFloatType(err, all)))
    return failure();
  results.push_back(*input);
  return success();
}

LogicalResult LayerNormOp::verify() {
  return verifyRequiredSegments(*this, getProperties().operandSegmentSizes,
                                {{0, "input"}});
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return inferNorm(ShapeError(loc, getOperationName()), adaptor.getInput(),
                   {adaptor.getWeight(), adaptor.getBias()}, {"weight", "bias"},
                   parsedOrPropertyAttr(adaptor.getEpsilonAttr(),
                                        adaptor.getAttributes(), "epsilon"),
                   results);
}

LogicalResult RmsNormOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return inferNorm(ShapeError(loc, getOperationName()), adaptor.getInput(),
                   {adaptor.getWeight()}, {"weight"},
                   parsedOrPropertyAttr(adaptor.getEpsilonAttr(),
                                        adaptor.getAttributes(), "epsilon"),
                   results);
}

//===----------------------------------------------------------------------===//
// EmbeddingOp, PositionalEncodingOp
//===----------------------------------------------------------------------===//

LogicalResult EmbeddingOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto indices = getTensor(err, adaptor.getIndices(), "indices", -1);
  if (failed(indices))
    return failure();
  auto table = getTensor(err, adaptor.getTable(),
                         "table ([num_embeddings, dim])", 2);
  if (failed(table))
    return failure();
  if (!indices->getElementType().isSignlessInteger(32) &&
      !indices->getElementType().isSignlessInteger(64))
    return err("expects i32 or i64 indices, got ", *indices);
  SmallVector<int64_t> shape(indices->getShape());
  shape.push_back(table->getDimSize(1));
  results.push_back(tensorLike(*table, shape));
  return success();
}

LogicalResult PositionalEncodingOp::verify() {
  RankedTensorType type = getResult().getType();
  if (type.getRank() != 2)
    return emitOpError("expects a result of rank 2 ([length, dim]), got ")
           << type;
  if (type.isDynamicDim(1))
    return emitOpError("expects a static model dim (result dim 1), got ")
           << type;
  if (type.getDimSize(1) < 1)
    return emitOpError("expects a model dim of at least 1, got ")
           << type.getDimSize(1);
  if (type.isDynamicDim(0) && !getLength())
    return emitOpError("expects a length operand for the dynamic length of ")
           << type;
  if (!type.isDynamicDim(0) && getLength())
    return emitOpError("expects no length operand: the length of ")
           << type << " is static";
  return success();
}

//===----------------------------------------------------------------------===//
// SdpaOp
//===----------------------------------------------------------------------===//

double SdpaOp::getScaleOrDefault() {
  if (std::optional<APFloat> scale = getScale())
    return scale->convertToDouble();
  return 1.0 / std::sqrt(double(getQuery().getType().getDimSize(3)));
}

static LogicalResult checkScale(const ShapeError &err, FloatAttr scale) {
  if (scale && !std::isfinite(scale.getValueAsDouble()))
    return err("expects a finite scale, got ", scale.getValueAsDouble());
  return success();
}

LogicalResult SdpaOp::verify() {
  if (failed(verifyRequiredSegments(*this, getProperties().operandSegmentSizes,
                                    {{0, "query"}, {1, "key"}, {2, "value"}})))
    return failure();
  if (std::optional<APFloat> value = getMaskedValue()) {
    Value mask = getMask();
    if (!mask ||
        !llvm::cast<ShapedType>(mask.getType()).getElementType().isInteger(1))
      return emitOpError("masked_value needs an i1 mask");
    if (getKeyLengths() || getCausal())
      return emitOpError("masked_value applies to the i1 mask alone: it "
                         "cannot be combined with key_lengths or causal");
    if (!value->isFinite())
      return emitOpError("expects a finite masked_value, got ")
             << value->convertToDouble();
  }
  return success();
}

LogicalResult SdpaOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto q = getTensor(err, adaptor.getQuery(), "query ([B, H, Sq, D])", 4);
  if (failed(q))
    return failure();
  auto k = getTensor(err, adaptor.getKey(), "key ([B, H, Sk, D])", 4);
  if (failed(k))
    return failure();
  auto v = getTensor(err, adaptor.getValue(), "value ([B, H, Sk, Dv])", 4);
  if (failed(v))
    return failure();
  // Key and value are compared too: with a dynamic query dim, they could
  // otherwise disagree with each other.
  if (failed(checkDim(err, "query", *q, 0, "key", *k, 0)) ||
      failed(checkDim(err, "query", *q, 0, "value", *v, 0)) ||
      failed(checkDim(err, "key", *k, 0, "value", *v, 0)) ||
      failed(checkDim(err, "query", *q, 1, "key", *k, 1)) ||
      failed(checkDim(err, "query", *q, 1, "value", *v, 1)) ||
      failed(checkDim(err, "key", *k, 1, "value", *v, 1)) ||
      failed(checkDim(err, "key", *k, 2, "value", *v, 2)) ||
      failed(checkDim(err, "query", *q, 3, "key", *k, 3)))
    return failure();
  if (q->isDynamicDim(3))
    return err("expects a static head dim (query dim 3), got ", *q);
  // The default scale is 1/sqrt(D).
  if (q->getDimSize(3) < 1)
    return err("expects a head dim (query dim 3) of at least 1, got ", *q);
  int64_t batch = refineDim(refineDim(q->getDimSize(0), k->getDimSize(0)),
                            v->getDimSize(0));
  int64_t heads = refineDim(refineDim(q->getDimSize(1), k->getDimSize(1)),
                            v->getDimSize(1));
  int64_t keyLen = refineDim(k->getDimSize(2), v->getDimSize(2));
  // Key lengths and mask refine the dims they must equal, so that they
  // cannot disagree with each other on a dim q, k and v leave dynamic.
  if (failed(checkLengths(err, adaptor.getKeyLengths(), "key_lengths", batch)))
    return failure();
  SmallVector<int64_t, 4> attn{batch, heads, q->getDimSize(2), keyLen};
  FloatAttr scale = parsedOrPropertyAttr(adaptor.getScaleAttr(),
                                         adaptor.getAttributes(), "scale");
  if (failed(checkMask(err, adaptor.getMask(), attn)) ||
      failed(checkScale(err, scale)) ||
      failed(checkSameFloatType(err, {adaptor.getQuery(), adaptor.getKey(),
                                      adaptor.getValue()})))
    return failure();
  results.push_back(
      tensorLike(*q, {attn[0], attn[1], attn[2], v->getDimSize(3)}));
  return success();
}

//===----------------------------------------------------------------------===//
// MultiHeadAttentionOp
//===----------------------------------------------------------------------===//

LogicalResult MultiHeadAttentionOp::verify() {
  return verifyRequiredSegments(
      *this, getProperties().operandSegmentSizes,
      {{0, "query"}, {1, "key"}, {2, "value"}, {8, "out_proj_weight"}});
}

LogicalResult MultiHeadAttentionOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto q = getTensor(err, adaptor.getQuery(), "query ([B, Sq, E])", 3);
  if (failed(q))
    return failure();
  auto k = getTensor(err, adaptor.getKey(), "key ([B, Sk, Ek])", 3);
  if (failed(k))
    return failure();
  auto v = getTensor(err, adaptor.getValue(), "value ([B, Sk, Ev])", 3);
  if (failed(v))
    return failure();
  if (failed(checkDim(err, "query", *q, 0, "key", *k, 0)) ||
      failed(checkDim(err, "query", *q, 0, "value", *v, 0)) ||
      failed(checkDim(err, "key", *k, 0, "value", *v, 0)) ||
      failed(checkDim(err, "key", *k, 1, "value", *v, 1)))
    return failure();
  int64_t embed = q->getDimSize(2);
  if (ShapedType::isDynamic(embed))
    return err("expects a static embed dim (query dim 2), got ", *q);
  // The default scale is 1/sqrt(E/heads).
  if (embed < 1)
    return err("expects an embed dim (query dim 2) of at least 1, got ", *q);
  IntegerAttr headsAttr = parsedOrPropertyAttr(
      adaptor.getHeadsAttr(), adaptor.getAttributes(), "heads");
  if (!headsAttr)
    return err("expects a heads attribute");
  int64_t heads = headsAttr.getValue().getSExtValue();
  if (heads < 1)
    return err("expects heads >= 1, got ", heads);
  if (embed % heads != 0)
    return err("expects heads (", heads, ") to divide embed dim ", embed);
  if (k->isDynamicDim(2) || v->isDynamicDim(2))
    return err("expects static key and value feature dims, got ", *k, " and ",
               *v);

  bool packed = adaptor.getInProjWeight() != nullptr;
  bool separate = adaptor.getQProjWeight() || adaptor.getKProjWeight() ||
                  adaptor.getVProjWeight();
  if (packed == separate)
    return err("expects either in_proj_weight or all of q_proj_weight, "
               "k_proj_weight and v_proj_weight");
  if (packed) {
    if (k->getDimSize(2) != embed || v->getDimSize(2) != embed)
      return err("expects key and value feature dims (", k->getDimSize(2),
                 ", ", v->getDimSize(2), ") to equal the embed dim (", embed,
                 ") with a packed in_proj_weight; use separate projections");
    if (failed(checkMatrix(err, adaptor.getInProjWeight(), "in_proj_weight",
                           mulDims(3, embed), embed, "3*E, E")))
      return failure();
  } else {
    if (!adaptor.getQProjWeight() || !adaptor.getKProjWeight() ||
        !adaptor.getVProjWeight())
      return err("expects all of q_proj_weight, k_proj_weight and "
                 "v_proj_weight when any is given");
    if (failed(checkMatrix(err, adaptor.getQProjWeight(), "q_proj_weight",
                           embed, embed, "E, E")) ||
        failed(checkMatrix(err, adaptor.getKProjWeight(), "k_proj_weight",
                           embed, k->getDimSize(2), "E, Ek")) ||
        failed(checkMatrix(err, adaptor.getVProjWeight(), "v_proj_weight",
                           embed, v->getDimSize(2), "E, Ev")))
      return failure();
  }
  int64_t batch = refineDim(refineDim(q->getDimSize(0), k->getDimSize(0)),
                            v->getDimSize(0));
  int64_t keyLen = refineDim(k->getDimSize(1), v->getDimSize(1));
  if (failed(checkVector(err, adaptor.getInProjBias(), "in_proj_bias",
                         mulDims(3, embed), "3*E")) ||
      failed(checkMatrix(err, adaptor.getOutProjWeight(), "out_proj_weight",
                         embed, embed, "E, E")) ||
      failed(checkVector(err, adaptor.getOutProjBias(), "out_proj_bias", embed,
                         "E")) ||
      failed(checkLengths(err, adaptor.getKeyLengths(), "key_lengths", batch)))
    return failure();
  SmallVector<int64_t, 4> attn{batch, heads, q->getDimSize(1), keyLen};
  FloatAttr scale = parsedOrPropertyAttr(adaptor.getScaleAttr(),
                                         adaptor.getAttributes(), "scale");
  if (failed(checkMask(err, adaptor.getMask(), attn)) ||
      failed(checkScale(err, scale)))
    return failure();
  SmallVector<Value> floats{adaptor.getQuery(), adaptor.getKey(),
                            adaptor.getValue(), adaptor.getInProjWeight(),
                            adaptor.getInProjBias(), adaptor.getQProjWeight(),
                            adaptor.getKProjWeight(), adaptor.getVProjWeight(),
                            adaptor.getOutProjWeight(), adaptor.getOutProjBias()};
  if (failed(checkSameFloatType(err, floats)))
    return failure();
  results.push_back(tensorLike(*q, {attn[0], attn[2], embed}));
  return success();
}

//===----------------------------------------------------------------------===//
// FfnOp
//===----------------------------------------------------------------------===//

LogicalResult FfnOp::verify() {
  return verifyRequiredSegments(*this, getProperties().operandSegmentSizes,
                                {{0, "input"}, {1, "weight1"}, {3, "weight2"}});
}

LogicalResult FfnOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto input = getTensor(err, adaptor.getInput(), "input", -1);
  if (failed(input))
    return failure();
  if (input->getRank() < 1)
    return err("expects input of rank at least 1, got ", *input);
  auto w1 = getTensor(err, adaptor.getWeight1(), "weight1 ([F, E])", 2);
  if (failed(w1))
    return failure();
  auto w2 = getTensor(err, adaptor.getWeight2(), "weight2 ([E', F])", 2);
  if (failed(w2))
    return failure();
  int64_t last = input->getRank() - 1;
  if (failed(checkDim(err, "input", *input, last, "weight1", *w1, 1)) ||
      failed(checkDim(err, "weight2", *w2, 1, "weight1", *w1, 0)))
    return failure();
  // The hidden dim F may be given by either weight (or only by bias1).
  int64_t hidden = refineDim(w1->getDimSize(0), w2->getDimSize(1));
  int64_t out = w2->getDimSize(0);
  if (failed(checkAndRefineVector(err, adaptor.getBias1(), "bias1", hidden,
                                  "F")) ||
      failed(checkAndRefineVector(err, adaptor.getBias2(), "bias2", out,
                                  "E'")) ||
      failed(checkSameFloatType(err, adaptor.getOperands())))
    return failure();
  SmallVector<int64_t> shape(input->getShape());
  shape.back() = out;
  results.push_back(tensorLike(*input, shape));
  return success();
}

//===----------------------------------------------------------------------===//
// Recurrent layers and cells
//===----------------------------------------------------------------------===//

int64_t mlir::seq::getGateCount(Operation *op) {
  if (llvm::isa<LstmOp, LstmCellOp>(op))
    return 4;
  if (llvm::isa<GruOp, GruCellOp>(op))
    return 3;
  return 1;
}

namespace {
/// The weights of one direction of a recurrent op.
struct GateWeights {
  Value weightIh, weightHh, biasIh, biasHh;
};
} // namespace

/// Checks one direction's weights and returns the hidden size.
static FailureOr<int64_t> checkGateWeights(const ShapeError &err,
                                           const GateWeights &w, int64_t gates,
                                           int64_t inputSize, StringRef suffix) {
  std::string wih = ("weight_ih" + suffix).str();
  std::string whh = ("weight_hh" + suffix).str();
  std::string bih = ("bias_ih" + suffix).str();
  std::string bhh = ("bias_hh" + suffix).str();
  auto weightHh = getTensor(err, w.weightHh, whh, 2);
  if (failed(weightHh))
    return failure();
  int64_t hidden = weightHh->getDimSize(1);
  // With a dynamic H in weight_hh, H follows from the first static gate row
  // count (G*H), which must then be a multiple of G.
  if (ShapedType::isDynamic(hidden)) {
    std::tuple<Value, StringRef, int64_t> rowSources[] = {{w.weightHh, whh, 2},
                                                          {w.weightIh, wih, 2},
                                                          {w.biasIh, bih, 1},
                                                          {w.biasHh, bhh, 1}};
    for (auto [value, name, rank] : rowSources) {
      auto type = llvm::dyn_cast_or_null<RankedTensorType>(
          value ? value.getType() : Type());
      // Operands of the wrong rank are reported below.
      if (!type || type.getRank() != rank || type.isDynamicDim(0))
        continue;
      if (type.getDimSize(0) % gates != 0)
        return err("expects ", name, " dim 0 (", type.getDimSize(0),
                   ") to be a multiple of the gate count (", gates, ")");
      hidden = type.getDimSize(0) / gates;
      break;
    }
  }
  int64_t rows = mulDims(gates, hidden);
  std::string meaning = gates == 1 ? "H" : std::to_string(gates) + "*H";
  if (failed(checkMatrix(err, w.weightHh, whh, rows, hidden, meaning + ", H")) ||
      failed(checkMatrix(err, w.weightIh, wih, rows, inputSize,
                         meaning + ", I")) ||
      failed(checkVector(err, w.biasIh, bih, rows, meaning)) ||
      failed(checkVector(err, w.biasHh, bhh, rows, meaning)))
    return failure();
  return hidden;
}

/// Checks a state [dirs, B, H] (layers) or [B, H] (cells), then refines
/// `expected` with its dims, so that two states cannot disagree on a dim
/// that the input leaves dynamic.
static LogicalResult checkState(const ShapeError &err, Value state,
                                StringRef name,
                                MutableArrayRef<int64_t> expected,
                                StringRef meaning) {
  if (!state)
    return success();
  auto type = getTensor(err, state, name, expected.size());
  if (failed(type))
    return failure();
  for (auto [i, d] : llvm::enumerate(expected))
    if (!dimsCompatible(type->getDimSize(i), d)) {
      std::string dims;
      for (auto [j, e] : llvm::enumerate(expected))
        dims += (j ? ", " : "") + dimStr(e);
      return err("expects ", name, " of shape [", meaning, "] = [", dims,
                 "], got ", *type);
    }
  for (auto [i, d] : llvm::enumerate(expected))
    d = refineDim(d, type->getDimSize(i));
  return success();
}

template <typename OpAdaptor>
static LogicalResult
inferRecurrentLayer(const ShapeError &err, OpAdaptor adaptor, int64_t gates,
                    ArrayRef<Value> states, ArrayRef<StringRef> stateNames,
                    SmallVectorImpl<Type> &results) {
  auto input = getTensor(err, adaptor.getInput(), "input ([B, T, I])", 3);
  if (failed(input))
    return failure();
  auto directionAttr = parsedOrPropertyAttr(
      adaptor.getDirectionAttr(), adaptor.getAttributes(), "direction");
  if (!directionAttr)
    return err("expects a direction");
  bool bidirectional = directionAttr.getValue() == Direction::bidirectional;
  GateWeights fwd{adaptor.getWeightIh(), adaptor.getWeightHh(),
                  adaptor.getBiasIh(), adaptor.getBiasHh()};
  GateWeights rev{adaptor.getWeightIhReverse(), adaptor.getWeightHhReverse(),
                  adaptor.getBiasIhReverse(), adaptor.getBiasHhReverse()};
  bool anyReverse = rev.weightIh || rev.weightHh || rev.biasIh || rev.biasHh;
  if (!bidirectional && anyReverse)
    return err("expects *_reverse weights only with direction(bidirectional)");
  if (bidirectional && (!rev.weightIh || !rev.weightHh))
    return err("expects weight_ih_reverse and weight_hh_reverse with "
               "direction(bidirectional)");
  if (bidirectional && (bool(fwd.biasIh) != bool(rev.biasIh) ||
                        bool(fwd.biasHh) != bool(rev.biasHh)))
    return err("expects the reverse direction to have the same biases as "
               "the forward direction");
  int64_t inputSize = input->getDimSize(2);
  auto hidden = checkGateWeights(err, fwd, gates, inputSize, "");
  if (failed(hidden))
    return failure();
  if (bidirectional) {
    auto hiddenRev = checkGateWeights(err, rev, gates, inputSize, "_reverse");
    if (failed(hiddenRev))
      return failure();
    if (!dimsCompatible(*hidden, *hiddenRev))
      return err("expects both directions to have one hidden size, got ",
                 dimStr(*hidden), " and ", dimStr(*hiddenRev));
    *hidden = refineDim(*hidden, *hiddenRev);
  }
  int64_t dirs = bidirectional ? 2 : 1;
  SmallVector<int64_t, 3> stateShape{dirs, input->getDimSize(0), *hidden};
  for (auto [state, name] : llvm::zip(states, stateNames))
    if (failed(checkState(err, state, name, stateShape, "directions, B, H")))
      return failure();
  if (failed(checkLengths(err, adaptor.getLengths(), "lengths",
                          stateShape[1])) ||
      failed(checkSameFloatType(err, adaptor.getOperands())))
    return failure();
  results.push_back(tensorLike(*input, {stateShape[1], input->getDimSize(1),
                                        mulDims(dirs, stateShape[2])}));
  for (size_t i = 0; i < states.size(); ++i)
    results.push_back(tensorLike(*input, stateShape));
  return success();
}

/// The required operands of the recurrent layers and of rnn_cell/gru_cell,
/// and of lstm_cell, by operand segment.
static constexpr std::pair<unsigned, StringRef> kLayerRequired[] = {
    {0, "input"}, {1, "weight_ih"}, {2, "weight_hh"}};
static constexpr std::pair<unsigned, StringRef> kCellRequired[] = {
    {0, "input"}, {2, "weight_ih"}, {3, "weight_hh"}};
static constexpr std::pair<unsigned, StringRef> kLstmCellRequired[] = {
    {0, "input"}, {3, "weight_ih"}, {4, "weight_hh"}};

LogicalResult RnnOp::verify() {
  return verifyRequiredSegments(*this, getProperties().operandSegmentSizes,
                                kLayerRequired);
}

LogicalResult LstmOp::verify() {
  return verifyRequiredSegments(*this, getProperties().operandSegmentSizes,
                                kLayerRequired);
}

LogicalResult GruOp::verify() {
  return verifyRequiredSegments(*this, getProperties().operandSegmentSizes,
                                kLayerRequired);
}

LogicalResult RnnCellOp::verify() {
  return verifyRequiredSegments(*this, getProperties().operandSegmentSizes,
                                kCellRequired);
}

LogicalResult LstmCellOp::verify() {
  return verifyRequiredSegments(*this, getProperties().operandSegmentSizes,
                                kLstmCellRequired);
}

LogicalResult GruCellOp::verify() {
  return verifyRequiredSegments(*this, getProperties().operandSegmentSizes,
                                kCellRequired);
}

LogicalResult RnnOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &results) {
  return inferRecurrentLayer(ShapeError(loc, getOperationName()), adaptor, 1,
                             {adaptor.getH0()}, {"h0"}, results);
}

LogicalResult LstmOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &results) {
  return inferRecurrentLayer(ShapeError(loc, getOperationName()), adaptor, 4,
                             {adaptor.getH0(), adaptor.getC0()}, {"h0", "c0"},
                             results);
}

LogicalResult GruOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &results) {
  return inferRecurrentLayer(ShapeError(loc, getOperationName()), adaptor, 3,
                             {adaptor.getH0()}, {"h0"}, results);
}

template <typename OpAdaptor>
static LogicalResult inferCell(const ShapeError &err, OpAdaptor adaptor,
                               int64_t gates, ArrayRef<Value> states,
                               ArrayRef<StringRef> stateNames,
                               SmallVectorImpl<Type> &results) {
  auto input = getTensor(err, adaptor.getInput(), "input ([B, I])", 2);
  if (failed(input))
    return failure();
  GateWeights w{adaptor.getWeightIh(), adaptor.getWeightHh(),
                adaptor.getBiasIh(), adaptor.getBiasHh()};
  auto hidden = checkGateWeights(err, w, gates, input->getDimSize(1), "");
  if (failed(hidden))
    return failure();
  SmallVector<int64_t, 2> stateShape{input->getDimSize(0), *hidden};
  for (auto [state, name] : llvm::zip(states, stateNames))
    if (failed(checkState(err, state, name, stateShape, "B, H")))
      return failure();
  if (failed(checkSameFloatType(err, adaptor.getOperands())))
    return failure();
  for (size_t i = 0; i < states.size(); ++i)
    results.push_back(tensorLike(*input, stateShape));
  return success();
}

LogicalResult RnnCellOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return inferCell(ShapeError(loc, getOperationName()), adaptor, 1,
                   {adaptor.getH()}, {"h"}, results);
}

LogicalResult LstmCellOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  if (bool(adaptor.getH()) != bool(adaptor.getC()))
    return err("expects both h and c, or neither");
  return inferCell(err, adaptor, 4, {adaptor.getH(), adaptor.getC()},
                   {"h", "c"}, results);
}

LogicalResult GruCellOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return inferCell(ShapeError(loc, getOperationName()), adaptor, 3,
                   {adaptor.getH()}, {"h"}, results);
}

//===----------------------------------------------------------------------===//
// General tensor ops: elementwise math, comparisons, select, cast
//===----------------------------------------------------------------------===//

LogicalResult UnaryOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  auto input = getTensor(ShapeError(loc, getOperationName()),
                         adaptor.getInput(), "input", -1);
  if (failed(input))
    return failure();
  results.push_back(*input);
  return success();
}

LogicalResult ClampOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  auto input = getTensor(ShapeError(loc, getOperationName()),
                         adaptor.getInput(), "input", -1);
  if (failed(input))
    return failure();
  results.push_back(*input);
  return success();
}

/// The broadcast shape of `values` (tensors or scalars, at least one
/// tensor), or an error naming them.
static FailureOr<SmallVector<int64_t>>
broadcastAll(const ShapeError &err, ValueRange values) {
  SmallVector<int64_t> shape;
  bool anyTensor = false;
  for (Value v : values) {
    if (!v)
      return err("expects ", values.size(), " operands");
    auto type = llvm::dyn_cast<RankedTensorType>(v.getType());
    if (!type)
      continue;
    auto next = broadcastShapes(shape, type.getShape());
    if (failed(next)) {
      std::string types;
      llvm::raw_string_ostream os(types);
      llvm::interleaveComma(values, os, [&](Value x) { os << x.getType(); });
      return err("expects broadcast-compatible operands, got ", os.str());
    }
    shape = *next;
    anyTensor = true;
  }
  if (!anyTensor)
    return err("expects at least one ranked tensor operand");
  return shape;
}

/// Checks that `values` share one element type.
static LogicalResult checkSameElementType(const ShapeError &err,
                                          ValueRange values, StringRef what) {
  Type first = getElementTypeOrSelf(values.front().getType());
  for (Value v : values.drop_front())
    if (getElementTypeOrSelf(v.getType()) != first)
      return err("expects ", what, " to have one element type, got ", first,
                 " and ", getElementTypeOrSelf(v.getType()));
  return success();
}

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto shape = broadcastAll(err, {adaptor.getLhs(), adaptor.getRhs()});
  if (failed(shape) ||
      failed(checkSameElementType(err, {adaptor.getLhs(), adaptor.getRhs()},
                                  "lhs and rhs")))
    return failure();
  results.push_back(RankedTensorType::get(*shape, IntegerType::get(context, 1)));
  return success();
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto shape = broadcastAll(
      err, {adaptor.getCondition(), adaptor.getLhs(), adaptor.getRhs()});
  if (failed(shape) ||
      failed(checkSameElementType(err, {adaptor.getLhs(), adaptor.getRhs()},
                                  "lhs and rhs")))
    return failure();
  results.push_back(RankedTensorType::get(
      *shape, getElementTypeOrSelf(adaptor.getLhs().getType())));
  return success();
}

LogicalResult CastOp::verify() {
  auto input = llvm::cast<RankedTensorType>(getInput().getType());
  auto result = llvm::cast<RankedTensorType>(getResult().getType());
  if (input.getRank() != result.getRank() ||
      llvm::any_of(llvm::zip(input.getShape(), result.getShape()),
                   [](auto dims) {
                     return !dimsCompatible(std::get<0>(dims),
                                            std::get<1>(dims));
                   }))
    return emitOpError("expects the result to have the input's shape, got ")
           << input << " to " << result;
  return success();
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto lhs = getTensor(err, adaptor.getLhs(), "lhs", -1);
  auto rhs = getTensor(err, adaptor.getRhs(), "rhs", -1);
  if (failed(lhs) || failed(rhs) ||
      failed(checkSameFloatType(err, adaptor.getOperands())))
    return failure();
  if (lhs->getRank() < 1 || rhs->getRank() < 1)
    return err("expects operands of rank at least 1, got ", *lhs, " and ",
               *rhs);
  // 1-D operands become matrices: [K] -> [1, K] on the left, [K, 1] on the
  // right; those unit dims are dropped from the result.
  SmallVector<int64_t> a(lhs->getShape()), b(rhs->getShape());
  bool vecLhs = a.size() == 1, vecRhs = b.size() == 1;
  if (vecLhs)
    a.insert(a.begin(), 1);
  if (vecRhs)
    b.push_back(1);
  int64_t k = a.back(), kb = b[b.size() - 2];
  if (!dimsCompatible(k, kb))
    return err("expects the contracted dims to agree: lhs ", *lhs,
               " has K = ", dimStr(k), ", rhs ", *rhs, " has K = ",
               dimStr(kb));
  auto batch = broadcastShapes(ArrayRef<int64_t>(a).drop_back(2),
                               ArrayRef<int64_t>(b).drop_back(2));
  if (failed(batch))
    return err("expects broadcast-compatible batch dims, got ", *lhs, " and ",
               *rhs);
  SmallVector<int64_t> shape(*batch);
  if (!vecLhs)
    shape.push_back(a[a.size() - 2]);
  if (!vecRhs)
    shape.push_back(b.back());
  results.push_back(tensorLike(*lhs, shape));
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement: transpose, reshape, concat, slice, index_select
//===----------------------------------------------------------------------===//

/// `axis` of a rank-`rank` tensor in [0, rank), or failure naming `what`.
static FailureOr<int64_t> normalizeAxis(const ShapeError &err, int64_t axis,
                                        int64_t rank, StringRef what,
                                        RankedTensorType type) {
  if (axis < -rank || axis >= rank)
    return err("expects ", what, " in [", -rank, ", ", rank, ") for ", type,
               ", got ", axis);
  return axis < 0 ? axis + rank : axis;
}

FailureOr<int64_t> mlir::seq::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return failure();
  return axis < 0 ? axis + rank : axis;
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto input = getTensor(err, adaptor.getInput(), "input", -1);
  if (failed(input))
    return failure();
  DenseI64ArrayAttr perm = parsedOrPropertyAttr(
      adaptor.getPermutationAttr(), adaptor.getAttributes(), "permutation");
  if (!perm)
    return err("expects a permutation");
  int64_t rank = input->getRank();
  if (int64_t(perm.size()) != rank)
    return err("expects a permutation of ", rank, " dims for ", *input,
               ", got ", perm.size());
  SmallVector<int64_t> shape;
  SmallVector<bool> seen(rank, false);
  for (int64_t p : perm.asArrayRef()) {
    auto axis = ::normalizeAxis(err, p, rank, "permutation entries", *input);
    if (failed(axis))
      return failure();
    if (seen[*axis])
      return err("expects a permutation, got dim ", p, " twice");
    seen[*axis] = true;
    shape.push_back(input->getDimSize(*axis));
  }
  results.push_back(tensorLike(*input, shape));
  return success();
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto input = getTensor(err, adaptor.getInput(), "input", -1);
  if (failed(input))
    return failure();
  DenseI64ArrayAttr sizesAttr = parsedOrPropertyAttr(
      adaptor.getStaticSizesAttr(), adaptor.getAttributes(), "static_sizes");
  if (!sizesAttr)
    return err("expects static_sizes");
  int64_t dynamicCount = 0, inferred = -1, known = 1;
  bool knownStatic = true;
  SmallVector<int64_t> shape;
  for (auto [i, s] : llvm::enumerate(sizesAttr.asArrayRef())) {
    if (ShapedType::isDynamic(s)) {
      ++dynamicCount;
      knownStatic = false;
    } else if (s == -1) {
      if (inferred >= 0)
        return err("expects at most one -1 in static_sizes, got dims ",
                   inferred, " and ", i);
      inferred = i;
    } else if (s < 0) {
      return err("expects sizes >= 0 or -1, got ", s, " at dim ", i);
    } else {
      known = mulDims(known, s);
    }
    shape.push_back(ShapedType::isDynamic(s) || s == -1 ? ShapedType::kDynamic
                                                        : s);
  }
  if (dynamicCount != int64_t(adaptor.getSizes().size()))
    return err("expects one size operand per '?' in static_sizes (",
               dynamicCount, "), got ", adaptor.getSizes().size());
  int64_t total = 1;
  for (int64_t d : input->getShape())
    total = mulDims(total, d);
  if (knownStatic && !ShapedType::isDynamic(total) &&
      ShapedType::isDynamic(known)) {
    // mulDims gave ?: the static sizes multiply past int64, so their product
    // is 0 if one of them is, else more than any static element count.
    if (llvm::is_contained(sizesAttr.asArrayRef(), 0))
      known = 0;
    else if (inferred < 0 || total != 0)
      return err("expects ", total, " elements as in ", *input,
                 ", got more than ", std::numeric_limits<int64_t>::max());
    else
      shape[inferred] = 0;
  }
  if (knownStatic && !ShapedType::isDynamic(total) &&
      !ShapedType::isDynamic(known)) {
    if (inferred >= 0) {
      if (known == 0 || total % known != 0)
        return err("cannot infer dim ", inferred, ": ", total,
                   " elements of ", *input, " are not a multiple of ", known);
      shape[inferred] = total / known;
    } else if (known != total) {
      return err("expects ", total, " elements as in ", *input, ", got ",
                 known);
    }
  }
  results.push_back(tensorLike(*input, shape));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  if (adaptor.getInputs().empty())
    return err("expects at least one input");
  auto first = getTensor(err, adaptor.getInputs().front(), "inputs", -1);
  if (failed(first))
    return failure();
  int64_t rank = first->getRank();
  IntegerAttr axisAttr = parsedOrPropertyAttr(
      adaptor.getAxisAttr(), adaptor.getAttributes(), "axis");
  if (!axisAttr)
    return err("expects an axis");
  auto axis = ::normalizeAxis(err, axisAttr.getValue().getSExtValue(), rank,
                              "axis", *first);
  if (failed(axis) ||
      failed(checkSameElementType(err, adaptor.getInputs(), "inputs")))
    return failure();
  SmallVector<int64_t> shape(first->getShape());
  for (auto [n, v] : llvm::enumerate(adaptor.getInputs().drop_front())) {
    auto type = getTensor(err, v, "inputs", rank);
    if (failed(type))
      return failure();
    for (int64_t i = 0; i < rank; ++i) {
      int64_t d = type->getDimSize(i);
      if (i == *axis) {
        shape[i] = ShapedType::isDynamic(shape[i]) || ShapedType::isDynamic(d)
                       ? ShapedType::kDynamic
                       : shape[i] + d;
      } else if (!dimsCompatible(shape[i], d)) {
        return err("expects input ", n + 1, " dim ", i, " (", dimStr(d),
                   ") to equal input 0's (", dimStr(shape[i]), ")");
      } else {
        shape[i] = refineDim(shape[i], d);
      }
    }
  }
  results.push_back(tensorLike(*first, shape));
  return success();
}

int64_t mlir::seq::sliceLength(int64_t dim, int64_t start, int64_t end,
                               int64_t step) {
  auto clampIndex = [&](int64_t i) {
    if (i < 0)
      i = i < -dim ? 0 : i + dim;
    return std::min(i, dim);
  };
  int64_t s = clampIndex(start), e = clampIndex(end);
  // ceil((e - s) / step), without overflowing for a step near INT64_MAX.
  return e <= s ? 0 : (e - s - 1) / step + 1;
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto input = getTensor(err, adaptor.getInput(), "input", -1);
  if (failed(input))
    return failure();
  DictionaryAttr attrs = adaptor.getAttributes();
  IntegerAttr axisAttr =
      parsedOrPropertyAttr(adaptor.getAxisAttr(), attrs, "axis");
  IntegerAttr startAttr =
      parsedOrPropertyAttr(adaptor.getStartAttr(), attrs, "start");
  IntegerAttr endAttr = parsedOrPropertyAttr(adaptor.getEndAttr(), attrs, "end");
  IntegerAttr stepAttr =
      parsedOrPropertyAttr(adaptor.getStepAttr(), attrs, "step");
  if (!axisAttr || !startAttr || !endAttr || !stepAttr)
    return err("expects axis, start, end and step");
  auto axis = ::normalizeAxis(err, axisAttr.getValue().getSExtValue(),
                              input->getRank(), "axis", *input);
  if (failed(axis))
    return failure();
  int64_t step = stepAttr.getValue().getSExtValue();
  if (step <= 0)
    return err("expects a positive step, got ", step);
  int64_t start = startAttr.getValue().getSExtValue();
  int64_t end = endAttr.getValue().getSExtValue();
  SmallVector<int64_t> shape(input->getShape());
  int64_t dim = shape[*axis];
  if (!ShapedType::isDynamic(dim))
    shape[*axis] = sliceLength(dim, start, end, step);
  else if (start >= 0 && end >= 0 && end <= start)
    // Empty whatever the dim: its length is known.
    shape[*axis] = 0;
  results.push_back(tensorLike(*input, shape));
  return success();
}

LogicalResult IndexSelectOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto input = getTensor(err, adaptor.getInput(), "input", -1);
  auto indices = getTensor(err, adaptor.getIndices(), "indices", 1);
  if (failed(input) || failed(indices))
    return failure();
  IntegerAttr axisAttr = parsedOrPropertyAttr(
      adaptor.getAxisAttr(), adaptor.getAttributes(), "axis");
  if (!axisAttr)
    return err("expects an axis");
  if (input->getRank() < 1)
    return err("expects input of rank at least 1");
  auto axis = ::normalizeAxis(err, axisAttr.getValue().getSExtValue(),
                              input->getRank(), "axis", *input);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(input->getShape());
  shape[*axis] = indices->getDimSize(0);
  results.push_back(tensorLike(*input, shape));
  return success();
}

LogicalResult ArangeOp::verify() {
  RankedTensorType type = getResult().getType();
  if (type.getRank() != 1)
    return emitOpError("expects a 1-D result, got ") << type;
  if (type.isDynamicDim(0) != bool(getLength()))
    return emitOpError("expects a length operand exactly when the length of ")
           << type << " is dynamic";
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

LogicalResult ReduceOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto input = getTensor(err, adaptor.getInput(), "input", -1);
  if (failed(input))
    return failure();
  DictionaryAttr attrs = adaptor.getAttributes();
  DenseI64ArrayAttr axes =
      parsedOrPropertyAttr(adaptor.getAxesAttr(), attrs, "axes");
  BoolAttr keepdim =
      parsedOrPropertyAttr(adaptor.getKeepdimAttr(), attrs, "keepdim");
  if (!axes || !keepdim)
    return err("expects axes and keepdim");
  int64_t rank = input->getRank();
  SmallVector<bool> reduced(rank, false);
  for (int64_t a : axes.asArrayRef()) {
    auto axis = ::normalizeAxis(err, a, rank, "axes", *input);
    if (failed(axis))
      return failure();
    if (reduced[*axis])
      return err("expects distinct axes, got dim ", a, " twice");
    reduced[*axis] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced[i])
      shape.push_back(input->getDimSize(i));
    else if (keepdim.getValue())
      shape.push_back(1);
  }
  results.push_back(tensorLike(*input, shape));
  return success();
}

LogicalResult ArgmaxOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto input = getTensor(err, adaptor.getInput(), "input", -1);
  if (failed(input))
    return failure();
  DictionaryAttr attrs = adaptor.getAttributes();
  IntegerAttr axisAttr =
      parsedOrPropertyAttr(adaptor.getAxisAttr(), attrs, "axis");
  BoolAttr keepdim =
      parsedOrPropertyAttr(adaptor.getKeepdimAttr(), attrs, "keepdim");
  if (!axisAttr || !keepdim)
    return err("expects axis and keepdim");
  if (input->getRank() < 1)
    return err("expects input of rank at least 1");
  auto axis = ::normalizeAxis(err, axisAttr.getValue().getSExtValue(),
                              input->getRank(), "axis", *input);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(input->getShape());
  if (keepdim.getValue())
    shape[*axis] = 1;
  else
    shape.erase(shape.begin() + *axis);
  results.push_back(RankedTensorType::get(shape, IntegerType::get(context, 64)));
  return success();
}

LogicalResult LogSoftmaxOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &results) {
  ShapeError err(loc, getOperationName());
  auto input = getTensor(err, adaptor.getInput(), "input", -1);
  if (failed(input))
    return failure();
  IntegerAttr axisAttr = parsedOrPropertyAttr(
      adaptor.getAxisAttr(), adaptor.getAttributes(), "axis");
  if (!axisAttr)
    return err("expects an axis");
  if (failed(::normalizeAxis(err, axisAttr.getValue().getSExtValue(),
                             input->getRank(), "axis", *input)))
    return failure();
  results.push_back(*input);
  return success();
}

#define GET_OP_CLASSES
#include "seq/SeqOps.cpp.inc"
