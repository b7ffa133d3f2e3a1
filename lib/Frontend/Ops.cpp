//===- Ops.cpp - the builtin ops of the .seq language -----------*- C++ -*-===//
//
// Each builtin op is a call with positional data inputs and keyword
// arguments. Its parameters are bound and kind-checked here, its weights are
// resolved by their PyTorch state_dict names under `weights=`, and it
// becomes one seq op (or one per layer for stacked recurrent layers).
//
//===----------------------------------------------------------------------===//

#include "BuildOp.h"
#include "MLIRGen.h"
#include "Suggest.h"
#include "seq/SeqOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>

using namespace mlir;
using namespace seqc::front;

//===----------------------------------------------------------------------===//
// The table of builtin ops
//===----------------------------------------------------------------------===//

namespace {
using K = ParamKind;

ParamSpec pos(const char *name, K kind, bool required = true) {
  return {name, kind, /*positional=*/true, required};
}
ParamSpec kw(const char *name, K kind, bool required = false) {
  return {name, kind, /*positional=*/false, required};
}

std::vector<ParamSpec> concat(std::vector<ParamSpec> a,
                              const std::vector<ParamSpec> &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<ParamSpec> &recurrentWeights() {
  static const std::vector<ParamSpec> params = {
      kw("weight_ih", K::Weight),         kw("weight_hh", K::Weight),
      kw("bias_ih", K::Weight),           kw("bias_hh", K::Weight),
      kw("weight_ih_reverse", K::Weight), kw("weight_hh_reverse", K::Weight),
      kw("bias_ih_reverse", K::Weight),   kw("bias_hh_reverse", K::Weight)};
  return params;
}

const std::vector<ParamSpec> &cellWeights() {
  static const std::vector<ParamSpec> params = {
      kw("weights", K::String), kw("weight_ih", K::Weight),
      kw("weight_hh", K::Weight), kw("bias_ih", K::Weight),
      kw("bias_hh", K::Weight)};
  return params;
}

std::vector<OpSpec> buildOpSpecs() {
  std::vector<ParamSpec> recurrent = {
      pos("input", K::Tensor),   kw("weights", K::String),
      kw("num_layers", K::Int),  kw("direction", K::Enum),
      kw("bidirectional", K::Bool), kw("h0", K::OptTensor),
      kw("lengths", K::OptTensor)};
  std::vector<ParamSpec> attentionMasks = {
      kw("key_lengths", K::OptTensor), kw("mask", K::OptTensor),
      kw("causal", K::Enum), kw("scale", K::Number)};
  std::vector<OpSpec> specs = {
      {"linear",
       {pos("input", K::Tensor), kw("weights", K::String),
        kw("weight", K::Weight), kw("bias", K::Weight)},
       ""},
      {"add",
       {pos("lhs", K::TensorOrNumber), pos("rhs", K::TensorOrNumber)},
       ""},
      {"mul",
       {pos("lhs", K::TensorOrNumber), pos("rhs", K::TensorOrNumber)},
       ""},
      {"activation", {pos("input", K::Tensor), pos("kind", K::Enum)}, ""},
      {"relu", {pos("input", K::Tensor)}, ""},
      {"gelu", {pos("input", K::Tensor)}, ""},
      {"gelu_tanh", {pos("input", K::Tensor)}, ""},
      {"silu", {pos("input", K::Tensor)}, ""},
      {"tanh", {pos("input", K::Tensor)}, ""},
      {"sigmoid", {pos("input", K::Tensor)}, ""},
      {"softmax", {pos("input", K::Tensor), pos("axis", K::Int, false)}, ""},
      {"unsqueeze", {pos("x", K::Tensor), pos("axis", K::Int)}, ""},
      {"squeeze", {pos("x", K::Tensor), pos("axis", K::Int)}, ""},
      {"layer_norm",
       {pos("input", K::Tensor), kw("weights", K::String),
        kw("weight", K::Weight), kw("bias", K::Weight),
        kw("epsilon", K::Number), kw("eps", K::Number)},
       ""},
      {"rms_norm",
       {pos("input", K::Tensor), kw("weights", K::String),
        kw("weight", K::Weight), kw("epsilon", K::Number),
        kw("eps", K::Number)},
       ""},
      {"embedding",
       {pos("indices", K::Tensor), kw("weights", K::String),
        kw("table", K::Weight)},
       ""},
      {"positional_encoding",
       {pos("length", K::Length), pos("dim", K::Int), kw("offset", K::Length)},
       ""},
      {"sdpa",
       concat({pos("query", K::Tensor), pos("key", K::Tensor),
               pos("value", K::Tensor)},
              attentionMasks),
       ""},
      {"multi_head_attention",
       concat({pos("query", K::Tensor), pos("key", K::Tensor, false),
               pos("value", K::Tensor, false), kw("heads", K::Int, true),
               kw("weights", K::String), kw("in_proj_weight", K::Weight),
               kw("in_proj_bias", K::Weight), kw("q_proj_weight", K::Weight),
               kw("k_proj_weight", K::Weight), kw("v_proj_weight", K::Weight),
               kw("out_proj_weight", K::Weight),
               kw("out_proj_bias", K::Weight)},
              attentionMasks),
       ""},
      {"ffn",
       {pos("input", K::Tensor), kw("activation", K::Enum),
        kw("weights", K::String), kw("linear1", K::String),
        kw("linear2", K::String), kw("weight1", K::Weight),
        kw("bias1", K::Weight), kw("weight2", K::Weight),
        kw("bias2", K::Weight)},
       ""},
      {"rnn",
       concat(concat(recurrent, {kw("nonlinearity", K::Enum)}),
              recurrentWeights()),
       "output, h_n"},
      {"lstm", concat(concat(recurrent, {kw("c0", K::OptTensor)}),
                      recurrentWeights()),
       "output, h_n, c_n"},
      {"gru", concat(recurrent, recurrentWeights()), "output, h_n"},
      {"rnn_cell",
       concat({pos("input", K::Tensor), pos("h", K::OptTensor, false),
               kw("nonlinearity", K::Enum)},
              cellWeights()),
       ""},
      {"lstm_cell",
       concat({pos("input", K::Tensor), pos("h", K::OptTensor, false),
               pos("c", K::OptTensor, false)},
              cellWeights()),
       "h, c"},
      {"gru_cell",
       concat({pos("input", K::Tensor), pos("h", K::OptTensor, false)},
              cellWeights()),
       ""},
      {"param", {pos("name", K::String)}, ""},
      {"sqrt", {pos("x", K::Number)}, ""},
  };
  return specs;
}
} // namespace

llvm::ArrayRef<OpSpec> seqc::front::allOpSpecs() {
  static const std::vector<OpSpec> specs = buildOpSpecs();
  return specs;
}

const OpSpec *seqc::front::lookupOpSpec(llvm::StringRef name) {
  for (const OpSpec &spec : allOpSpecs())
    if (name == spec.name)
      return &spec;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Binding arguments
//===----------------------------------------------------------------------===//

static const char *kindDescription(ParamKind kind) {
  switch (kind) {
  case K::Tensor:
    return "a tensor";
  case K::OptTensor:
    return "a tensor or none";
  case K::Weight:
    return "a tensor, a weight name or none";
  case K::TensorOrNumber:
    return "a tensor or a number";
  case K::Int:
    return "an integer";
  case K::Number:
    return "a number";
  case K::Bool:
    return "true or false";
  case K::Enum:
    return "a name";
  case K::String:
    return "a string";
  case K::Length:
    return "a dim name or an integer";
  }
  return "a value";
}

static bool kindAccepts(ParamKind kind, const Val &v) {
  using VK = Val::Kind;
  switch (kind) {
  case K::Tensor:
    return v.is(VK::Tensor);
  case K::OptTensor:
    return v.is(VK::Tensor) || v.is(VK::None);
  case K::Weight:
    return v.is(VK::Tensor) || v.is(VK::String) || v.is(VK::None);
  case K::TensorOrNumber:
    return v.is(VK::Tensor) || v.isNumber();
  case K::Int:
    return v.is(VK::Int);
  case K::Number:
    return v.isNumber();
  case K::Bool:
    return v.is(VK::Bool);
  case K::Enum:
    return v.is(VK::Symbol) || v.is(VK::String) || v.is(VK::Bool);
  case K::String:
    return v.is(VK::String);
  case K::Length:
    return v.is(VK::Int) || v.is(VK::Dim);
  }
  return false;
}

/// The element types a tensor parameter takes: indices and lengths are
/// integers, masks i1 (keep) or f32 (additive), the data of squeeze and
/// unsqueeze anything, everything else f32.
static const char *checkElementType(llvm::StringRef param, Type element) {
  if (param == "x") // squeeze and unsqueeze move no element
    return nullptr;
  if (param == "indices" || param == "lengths" || param == "key_lengths")
    return element.isInteger(32) || element.isInteger(64)
               ? nullptr
               : "an i32 or i64 tensor";
  if (param == "mask")
    return element.isInteger(1) || element.isF32() ? nullptr
                                                    : "a bool or f32 tensor";
  return element.isF32() ? nullptr : "an f32 tensor";
}

namespace {
/// Lowers one op call once its arguments are bound.
class OpLowering {
public:
  OpLowering(MLIRGen &gen, OpCall &call, Frame &frame)
      : gen(gen), call(call), frame(frame), builder(gen.getBuilder()),
        context(gen.getContext()) {}

  Val lower(llvm::StringRef op);

private:
  const Val *arg(llvm::StringRef name) const {
    const EvalArg *a = call.get(name);
    return a ? &a->value : nullptr;
  }
  /// A tensor argument, or null when absent or none.
  Value tensor(llvm::StringRef name) const {
    const Val *v = arg(name);
    return v && v->is(Val::Kind::Tensor) ? v->tensor : Value();
  }
  int64_t intArg(llvm::StringRef name, int64_t otherwise) const {
    const Val *v = arg(name);
    return v ? v->intValue : otherwise;
  }
  /// An enum argument's value: `fallback` when absent, nullopt (reported)
  /// when it is not one of `symbolize`'s names.
  template <typename E>
  std::optional<E> enumArg(llvm::StringRef name, E fallback,
                           std::optional<E> (*symbolize)(llvm::StringRef),
                           llvm::ArrayRef<std::string> valid);
  NamedAttribute attr(llvm::StringRef name, Attribute value) {
    return builder.getNamedAttr(name, value);
  }
  NamedAttribute segments(llvm::ArrayRef<int32_t> sizes) {
    return attr("operandSegmentSizes", builder.getDenseI32ArrayAttr(sizes));
  }
  /// Wraps the results of `op` (null: poison).
  static Val results(Operation *op) {
    if (!op)
      return Val::poison();
    if (op->getNumResults() == 1)
      return Val::ofTensor(op->getResult(0));
    std::vector<Val> values;
    for (Value v : op->getResults())
      values.push_back(Val::ofTensor(v));
    return Val::tuple(std::move(values));
  }

  Val lowerLinear();
  Val lowerActivation(llvm::StringRef kindName);
  Val lowerSoftmax();
  Val lowerUnitDim(bool insert);
  Val lowerNorm(bool rms);
  Val lowerEmbedding();
  Val lowerPositionalEncoding();
  Val lowerSdpa();
  Val lowerMultiHeadAttention();
  Val lowerFfn();
  Val lowerRecurrent(llvm::StringRef op);
  Val lowerCell(llvm::StringRef op);

  /// The attention masks shared by sdpa and multi_head_attention.
  bool attentionAttrs(SmallVectorImpl<NamedAttribute> &attrs);
  Value stateSlice(Value state, int64_t offset, int64_t size);
  Value stackStates(llvm::ArrayRef<Value> states);

  MLIRGen &gen;
  OpCall &call;
  Frame &frame;
  OpBuilder &builder;
  MLIRContext *context;
};
} // namespace

Val MLIRGen::genOpCall(const OpSpec &spec, const CallExpr &expr,
                       std::vector<EvalArg> &args, Frame &frame) {
  OpCall call{spec.name, expr.getPos(), loc(expr.getPos()), {},
              std::nullopt, frame.prefix, {}};
  std::vector<const ParamSpec *> positional;
  for (const ParamSpec &param : spec.params)
    if (param.positional)
      positional.push_back(&param);

  bool ok = true;
  size_t nextPositional = 0;
  for (const EvalArg &arg : args) {
    const ParamSpec *param = nullptr;
    if (arg.name.empty()) {
      if (nextPositional >= positional.size()) {
        auto diag = error(arg.pos);
        diag << spec.name << " takes " << positional.size()
             << " positional argument" << (positional.size() == 1 ? "" : "s")
             << " (";
        for (auto [i, p] : llvm::enumerate(positional))
          diag << (i ? ", " : "") << p->name;
        diag << "); pass the others by keyword";
        ok = false;
        break;
      }
      param = positional[nextPositional++];
    } else {
      auto it = llvm::find_if(spec.params, [&](const ParamSpec &p) {
        return arg.name == p.name;
      });
      if (it == spec.params.end()) {
        std::vector<std::string> names;
        for (const ParamSpec &p : spec.params)
          names.push_back(p.name);
        auto diag = error(arg.namePos);
        diag << "unknown keyword argument '" << arg.name << "' for "
             << spec.name;
        std::vector<std::string> close = closestNames(arg.name, names, 3);
        if (!close.empty())
          diag << didYouMean(close);
        else
          diag << "; it takes " << llvm::join(names, ", ");
        ok = false;
        continue;
      }
      param = &*it;
    }
    if (call.args.count(param->name)) {
      error(arg.pos) << "argument '" << param->name << "' of " << spec.name
                     << " is given twice";
      ok = false;
      continue;
    }
    call.args[param->name] = &arg;
    const Val &value = arg.value;
    if (value.isPoison()) {
      ok = false;
      continue;
    }
    if (param->kind != K::Enum && value.is(Val::Kind::Symbol) &&
        !checkSymbolArg(arg, frame)) {
      ok = false;
      continue;
    }
    if (!kindAccepts(param->kind, value)) {
      error(arg.pos) << spec.name << " expects " << param->name << " to be "
                     << kindDescription(param->kind) << ", got "
                     << describe(value);
      ok = false;
    } else if (value.is(Val::Kind::Tensor)) {
      Type element =
          llvm::cast<RankedTensorType>(value.tensor.getType()).getElementType();
      if (const char *expected = checkElementType(param->name, element)) {
        error(arg.pos) << spec.name << " expects " << param->name << " to be "
                       << expected << ", got " << describe(value);
        ok = false;
      }
    }
  }
  if (!ok)
    return Val::poison();

  for (const ParamSpec &param : spec.params) {
    if (!param.required || call.args.count(param.name))
      continue;
    if (param.positional)
      error(call.pos) << spec.name << " needs its " << param.name;
    else
      error(call.pos) << spec.name << " needs " << param.name << "=";
    ok = false;
  }
  if (call.get("epsilon") && call.get("eps")) {
    error(call.get("eps")->namePos)
        << "eps and epsilon are the same argument; give one";
    ok = false;
  }
  if (!ok)
    return Val::poison();

  if (const EvalArg *weights = call.get("weights")) {
    call.prefix = joinPrefix(frame.prefix, weights->value.str);
    call.base = *call.prefix;
  }
  return OpLowering(*this, call, frame).lower(spec.name);
}

template <typename E>
std::optional<E>
OpLowering::enumArg(llvm::StringRef name, E fallback,
                    std::optional<E> (*symbolize)(llvm::StringRef),
                    llvm::ArrayRef<std::string> valid) {
  const EvalArg *a = call.get(name);
  if (!a)
    return fallback;
  if (!a->value.is(Val::Kind::Bool))
    if (std::optional<E> value = symbolize(a->value.str))
      return value;
  auto diag = gen.error(a->pos);
  diag << call.name << " expects " << name << " to be one of "
       << llvm::join(valid, ", ") << ", got " << describe(a->value);
  if (!a->value.is(Val::Kind::Bool))
    diag << didYouMean(closestNames(a->value.str, valid, 1));
  return std::nullopt;
}

Val OpLowering::lower(llvm::StringRef op) {
  if (op == "linear")
    return lowerLinear();
  if (op == "add" || op == "mul")
    return gen.genArith(op == "add" ? '+' : '*', *arg("lhs"), *arg("rhs"),
                        call.pos, op);
  if (op == "activation")
    return lowerActivation("");
  if (llvm::is_contained({"relu", "gelu", "gelu_tanh", "silu", "tanh",
                          "sigmoid"},
                         op))
    return lowerActivation(op);
  if (op == "softmax")
    return lowerSoftmax();
  if (op == "unsqueeze" || op == "squeeze")
    return lowerUnitDim(op == "unsqueeze");
  if (op == "layer_norm" || op == "rms_norm")
    return lowerNorm(op == "rms_norm");
  if (op == "embedding")
    return lowerEmbedding();
  if (op == "positional_encoding")
    return lowerPositionalEncoding();
  if (op == "sdpa")
    return lowerSdpa();
  if (op == "multi_head_attention")
    return lowerMultiHeadAttention();
  if (op == "ffn")
    return lowerFfn();
  if (op == "rnn" || op == "lstm" || op == "gru")
    return lowerRecurrent(op);
  if (op == "rnn_cell" || op == "lstm_cell" || op == "gru_cell")
    return lowerCell(op);
  if (op == "param") {
    const EvalArg *name = call.get("name");
    return gen.loadWeight(joinPrefix(frame.prefix, name->value.str),
                          name->pos, /*required=*/true);
  }
  if (op == "sqrt") {
    double x = arg("x")->number();
    if (x < 0) {
      gen.error(call.get("x")->pos) << "sqrt of a negative number";
      return Val::poison();
    }
    return Val::ofFloat(std::sqrt(x));
  }
  gen.error(call.pos) << "op '" << op << "' is not implemented";
  return Val::poison();
}

static bool anyPoison(std::initializer_list<const Val *> values) {
  for (const Val *v : values)
    if (v->isPoison())
      return true;
  return false;
}

static Value valueOrNull(const Val &v) {
  return v.is(Val::Kind::Tensor) ? v.tensor : Value();
}

/// Appends the present values to `operands` and returns their count (0 or 1
/// each) for operandSegmentSizes.
static int32_t add(SmallVectorImpl<Value> &operands, Value v) {
  if (!v)
    return 0;
  operands.push_back(v);
  return 1;
}

//===----------------------------------------------------------------------===//
// Dense layers, activations, norms, embeddings
//===----------------------------------------------------------------------===//

Val OpLowering::lowerLinear() {
  Val weight = gen.weightOperand(call, "weight", "weight", true);
  Val bias = gen.weightOperand(call, "bias", "bias", false);
  if (anyPoison({&weight, &bias}))
    return Val::poison();
  SmallVector<Value> operands{tensor("input"), weight.tensor};
  add(operands, valueOrNull(bias));
  return results(buildOp<seq::LinearOp>(gen, call, operands, {}));
}

static const std::vector<std::string> kActivations = {
    "relu", "gelu", "gelu_tanh", "silu", "tanh", "sigmoid"};

Val OpLowering::lowerActivation(llvm::StringRef kindName) {
  std::optional<seq::ActivationKind> kind =
      kindName.empty()
          ? enumArg<seq::ActivationKind>("kind", seq::ActivationKind::relu,
                                         seq::symbolizeActivationKind,
                                         kActivations)
          : seq::symbolizeActivationKind(kindName);
  if (!kind)
    return Val::poison();
  return results(buildOp<seq::ActivationOp>(
      gen, call, {tensor("input")},
      {attr("kind", seq::ActivationKindAttr::get(context, *kind))}));
}

Val OpLowering::lowerSoftmax() {
  return results(buildOp<seq::SoftmaxOp>(
      gen, call, {tensor("input")},
      {attr("axis", builder.getI64IntegerAttr(intArg("axis", -1)))}));
}

/// unsqueeze inserts a dim of size 1 at `axis`, squeeze removes one: a
/// tensor.expand_shape or tensor.collapse_shape, which moves no data (seq
/// ops have no reshape, and attention wants [B, H, S, D]).
Val OpLowering::lowerUnitDim(bool insert) {
  Value input = tensor("x");
  auto type = llvm::cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  // Rank 0 is not a tensor the other ops take.
  if (rank < (insert ? 1 : 2)) {
    gen.error(call.pos) << call.name << " expects a tensor of rank "
                        << (insert ? 1 : 2) << " or more, got " << type;
    return Val::poison();
  }
  // The rank of the tensor with the unit dim, which `axis` indexes.
  int64_t full = insert ? rank + 1 : rank;
  const EvalArg *axisArg = call.get("axis");
  int64_t axis = axisArg->value.intValue;
  if (axis < -full || axis >= full) {
    gen.error(axisArg->pos)
        << call.name << " expects axis in [" << -full << ", " << full
        << ") for " << type << ", got " << axis;
    return Val::poison();
  }
  if (axis < 0)
    axis += full;
  if (!insert && type.getDimSize(axis) != 1) {
    auto diag = gen.error(axisArg->pos);
    diag << "squeeze expects dim " << axis << " of " << type
         << " to be 1, got ";
    if (type.isDynamicDim(axis))
      diag << "a dynamic dim";
    else
      diag << type.getDimSize(axis);
    return Val::poison();
  }
  SmallVector<int64_t> shape(type.getShape());
  if (insert)
    shape.insert(shape.begin() + axis, 1);
  auto fullType = RankedTensorType::get(shape, type.getElementType());
  // The unit dim joins the group of the dim after it (the one before it when
  // it is last).
  SmallVector<ReassociationIndices> groups;
  for (int64_t d = 0; d < full; ++d) {
    if ((d == axis + 1) || (d == axis && axis == full - 1 && d > 0))
      groups.back().push_back(d);
    else
      groups.push_back({d});
  }
  if (insert)
    return Val::ofTensor(builder.create<tensor::ExpandShapeOp>(
        call.loc, fullType, input, groups));
  shape.erase(shape.begin() + axis);
  return Val::ofTensor(builder.create<tensor::CollapseShapeOp>(
      call.loc, RankedTensorType::get(shape, type.getElementType()), input,
      groups));
}

Val OpLowering::lowerNorm(bool rms) {
  // With weights=, the scale is expected (elementwise_affine=True); without,
  // the norm has no parameters unless they are given one by one.
  Val weight =
      gen.weightOperand(call, "weight", "weight", call.prefix.has_value());
  Val bias = rms ? Val::none() : gen.weightOperand(call, "bias", "bias", false);
  if (anyPoison({&weight, &bias}))
    return Val::poison();
  SmallVector<NamedAttribute> attrs;
  const Val *epsilon = arg("epsilon") ? arg("epsilon") : arg("eps");
  if (epsilon)
    attrs.push_back(
        attr("epsilon", builder.getF32FloatAttr(epsilon->number())));
  SmallVector<Value> operands{tensor("input")};
  int32_t hasWeight = add(operands, valueOrNull(weight));
  if (rms)
    return results(buildOp<seq::RmsNormOp>(gen, call, operands, attrs));
  int32_t hasBias = add(operands, valueOrNull(bias));
  attrs.push_back(segments({1, hasWeight, hasBias}));
  return results(buildOp<seq::LayerNormOp>(gen, call, operands, attrs));
}

Val OpLowering::lowerEmbedding() {
  Val table = gen.weightOperand(call, "table", "weight", true);
  if (table.isPoison())
    return table;
  return results(buildOp<seq::EmbeddingOp>(
      gen, call, {tensor("indices"), table.tensor}, {}));
}

Val OpLowering::lowerPositionalEncoding() {
  const EvalArg *lengthArg = call.get("length");
  const EvalArg *dimArg = call.get("dim");
  int64_t dim = dimArg->value.intValue;
  if (dim < 1) {
    gen.error(dimArg->pos) << "positional_encoding expects dim >= 1, got "
                           << dim;
    return Val::poison();
  }
  int64_t length = ShapedType::kDynamic;
  SmallVector<Value> operands;
  if (lengthArg->value.is(Val::Kind::Int)) {
    length = lengthArg->value.intValue;
    if (length < 0) {
      gen.error(lengthArg->pos)
          << "positional_encoding expects length >= 0, got " << length;
      return Val::poison();
    }
  } else {
    operands.push_back(gen.dimValue(lengthArg->value.str, lengthArg->pos));
  }
  int32_t hasOffset = 0;
  if (const EvalArg *offset = call.get("offset")) {
    hasOffset = 1;
    if (offset->value.is(Val::Kind::Int))
      operands.push_back(builder.create<arith::ConstantIndexOp>(
          gen.loc(offset->pos), offset->value.intValue));
    else
      operands.push_back(gen.dimValue(offset->value.str, offset->pos));
  }
  auto type = RankedTensorType::get({length, dim}, builder.getF32Type());
  return results(buildOp<seq::PositionalEncodingOp>(
      gen, call, operands,
      {segments({ShapedType::isDynamic(length) ? 1 : 0, hasOffset})}, {type}));
}

//===----------------------------------------------------------------------===//
// Attention and feed-forward
//===----------------------------------------------------------------------===//

bool OpLowering::attentionAttrs(SmallVectorImpl<NamedAttribute> &attrs) {
  if (const EvalArg *causal = call.get("causal")) {
    if (causal->value.is(Val::Kind::Bool)) {
      if (causal->value.boolValue)
        attrs.push_back(attr("causal", seq::CausalAlignmentAttr::get(
                                           context,
                                           seq::CausalAlignment::top_left)));
    } else {
      std::optional<seq::CausalAlignment> alignment =
          enumArg<seq::CausalAlignment>(
              "causal", seq::CausalAlignment::top_left,
              seq::symbolizeCausalAlignment,
              {"top_left", "bottom_right", "true", "false"});
      if (!alignment)
        return false;
      attrs.push_back(
          attr("causal", seq::CausalAlignmentAttr::get(context, *alignment)));
    }
  }
  if (const Val *scale = arg("scale"))
    attrs.push_back(attr("scale", builder.getF32FloatAttr(scale->number())));
  return true;
}

Val OpLowering::lowerSdpa() {
  SmallVector<NamedAttribute> attrs;
  if (!attentionAttrs(attrs))
    return Val::poison();
  SmallVector<Value> operands{tensor("query"), tensor("key"), tensor("value")};
  int32_t hasLengths = add(operands, tensor("key_lengths"));
  int32_t hasMask = add(operands, tensor("mask"));
  attrs.push_back(segments({1, 1, 1, hasLengths, hasMask}));
  return results(buildOp<seq::SdpaOp>(gen, call, operands, attrs));
}

Val OpLowering::lowerMultiHeadAttention() {
  Value query = tensor("query");
  Value key = tensor("key") ? tensor("key") : query;
  Value value = tensor("value") ? tensor("value") : key;

  // PyTorch packs the q/k/v projections into in_proj_weight unless the
  // key and value dims differ from the embed dim; then it has q_proj_weight,
  // k_proj_weight and v_proj_weight.
  bool explicitSeparate = call.get("q_proj_weight") ||
                          call.get("k_proj_weight") ||
                          call.get("v_proj_weight");
  bool separate =
      !call.get("in_proj_weight") &&
      (explicitSeparate ||
       (call.prefix && !gen.hasWeight(*call.prefix + ".in_proj_weight") &&
        gen.hasWeight(*call.prefix + ".q_proj_weight")));
  Val inProj = Val::none(), qProj = Val::none(), kProj = Val::none(),
      vProj = Val::none();
  if (separate) {
    qProj = gen.weightOperand(call, "q_proj_weight", "q_proj_weight", true);
    kProj = gen.weightOperand(call, "k_proj_weight", "k_proj_weight", true);
    vProj = gen.weightOperand(call, "v_proj_weight", "v_proj_weight", true);
  } else {
    inProj = gen.weightOperand(call, "in_proj_weight", "in_proj_weight", true);
  }
  Val inBias = gen.weightOperand(call, "in_proj_bias", "in_proj_bias", false);
  Val outProj =
      gen.weightOperand(call, "out_proj_weight", "out_proj.weight", true);
  Val outBias =
      gen.weightOperand(call, "out_proj_bias", "out_proj.bias", false);
  if (anyPoison({&inProj, &qProj, &kProj, &vProj, &inBias, &outProj, &outBias}))
    return Val::poison();

  SmallVector<NamedAttribute> attrs{
      attr("heads", builder.getI64IntegerAttr(intArg("heads", 1)))};
  if (!attentionAttrs(attrs))
    return Val::poison();
  SmallVector<Value> operands{query, key, value};
  SmallVector<int32_t> sizes{1, 1, 1};
  for (const Val *v : {&inProj, &inBias, &qProj, &kProj, &vProj})
    sizes.push_back(add(operands, valueOrNull(*v)));
  sizes.push_back(add(operands, outProj.tensor));
  sizes.push_back(add(operands, valueOrNull(outBias)));
  sizes.push_back(add(operands, tensor("key_lengths")));
  sizes.push_back(add(operands, tensor("mask")));
  attrs.push_back(segments(sizes));
  return results(
      buildOp<seq::MultiHeadAttentionOp>(gen, call, operands, attrs));
}

Val OpLowering::lowerFfn() {
  std::optional<seq::ActivationKind> activation =
      enumArg<seq::ActivationKind>("activation", seq::ActivationKind::relu,
                                   seq::symbolizeActivationKind, kActivations);
  if (!activation)
    return Val::poison();
  // Sub-module names, as torch.nn.TransformerEncoderLayer has them.
  std::string linear1 = arg("linear1") ? arg("linear1")->str : "linear1";
  std::string linear2 = arg("linear2") ? arg("linear2")->str : "linear2";
  auto under = [](const std::string &module, const char *name) {
    return module.empty() ? std::string(name) : module + "." + name;
  };
  Val weight1 =
      gen.weightOperand(call, "weight1", under(linear1, "weight"), true);
  Val bias1 = gen.weightOperand(call, "bias1", under(linear1, "bias"), false);
  Val weight2 =
      gen.weightOperand(call, "weight2", under(linear2, "weight"), true);
  Val bias2 = gen.weightOperand(call, "bias2", under(linear2, "bias"), false);
  if (anyPoison({&weight1, &bias1, &weight2, &bias2}))
    return Val::poison();
  SmallVector<Value> operands{tensor("input"), weight1.tensor};
  int32_t hasBias1 = add(operands, valueOrNull(bias1));
  operands.push_back(weight2.tensor);
  int32_t hasBias2 = add(operands, valueOrNull(bias2));
  return results(buildOp<seq::FfnOp>(
      gen, call, operands,
      {attr("activation", seq::ActivationKindAttr::get(context, *activation)),
       segments({1, 1, hasBias1, 1, hasBias2})}));
}

//===----------------------------------------------------------------------===//
// Recurrent layers and cells
//===----------------------------------------------------------------------===//

/// `state[offset : offset + size]` along dim 0.
Value OpLowering::stateSlice(Value state, int64_t offset, int64_t size) {
  auto type = llvm::cast<RankedTensorType>(state.getType());
  SmallVector<OpFoldResult> offsets{builder.getIndexAttr(offset),
                                    builder.getIndexAttr(0),
                                    builder.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes{builder.getIndexAttr(size)};
  for (int64_t d = 1; d < 3; ++d)
    if (type.isDynamicDim(d))
      sizes.push_back(
          builder.create<tensor::DimOp>(call.loc, state, d).getResult());
    else
      sizes.push_back(builder.getIndexAttr(type.getDimSize(d)));
  SmallVector<OpFoldResult> strides(3, builder.getIndexAttr(1));
  return builder.create<tensor::ExtractSliceOp>(call.loc, state, offsets, sizes,
                                                strides);
}

/// Concatenates the per-layer final states [D, B, H] along dim 0, as
/// PyTorch's h_n [num_layers * D, B, H].
Value OpLowering::stackStates(llvm::ArrayRef<Value> states) {
  if (states.size() == 1)
    return states.front();
  auto type = llvm::cast<RankedTensorType>(states.front().getType());
  int64_t dirs = type.getDimSize(0);
  SmallVector<int64_t> shape(type.getShape());
  shape[0] = dirs * int64_t(states.size());
  SmallVector<Value> dynamicSizes;
  SmallVector<OpFoldResult> sizes{builder.getIndexAttr(dirs)};
  for (int64_t d = 1; d < 3; ++d) {
    if (type.isDynamicDim(d)) {
      Value size = builder.create<tensor::DimOp>(call.loc, states.front(), d);
      dynamicSizes.push_back(size);
      sizes.push_back(size);
    } else {
      sizes.push_back(builder.getIndexAttr(type.getDimSize(d)));
    }
  }
  Value result = builder.create<tensor::EmptyOp>(call.loc, shape,
                                                 type.getElementType(),
                                                 dynamicSizes);
  SmallVector<OpFoldResult> strides(3, builder.getIndexAttr(1));
  for (auto [k, state] : llvm::enumerate(states)) {
    SmallVector<OpFoldResult> offsets{builder.getIndexAttr(int64_t(k) * dirs),
                                      builder.getIndexAttr(0),
                                      builder.getIndexAttr(0)};
    result = builder.create<tensor::InsertSliceOp>(call.loc, state, result,
                                                   offsets, sizes, strides);
  }
  return result;
}

Val OpLowering::lowerRecurrent(llvm::StringRef op) {
  int64_t layers = intArg("num_layers", 1);
  if (layers < 1) {
    gen.error(call.get("num_layers")->pos)
        << op << " expects num_layers >= 1, got " << layers;
    return Val::poison();
  }
  std::optional<seq::Direction> direction =
      enumArg<seq::Direction>("direction", seq::Direction::forward,
                              seq::symbolizeDirection,
                              {"forward", "reverse", "bidirectional"});
  if (!direction)
    return Val::poison();
  if (const EvalArg *bidirectional = call.get("bidirectional")) {
    if (call.get("direction")) {
      gen.error(bidirectional->namePos)
          << op << " takes direction= or bidirectional=, not both";
      return Val::poison();
    }
    if (bidirectional->value.boolValue)
      direction = seq::Direction::bidirectional;
  }
  std::optional<seq::RnnNonlinearity> nonlinearity =
      enumArg<seq::RnnNonlinearity>("nonlinearity", seq::RnnNonlinearity::tanh,
                                    seq::symbolizeRnnNonlinearity,
                                    {"tanh", "relu"});
  if (!nonlinearity)
    return Val::poison();

  bool bidirectional = *direction == seq::Direction::bidirectional;
  int64_t dirs = bidirectional ? 2 : 1;
  static const char *operandNames[] = {
      "weight_ih",         "weight_hh",         "bias_ih",
      "bias_hh",           "weight_ih_reverse", "weight_hh_reverse",
      "bias_ih_reverse",   "bias_hh_reverse"};
  if (layers > 1)
    for (const char *name : operandNames)
      if (const EvalArg *given = call.get(name)) {
        gen.error(given->namePos)
            << op << " takes " << name << "= only with num_layers=1; with "
            << layers << " layers, weights= names them all";
        return Val::poison();
      }

  // Stacked layers: layer k reads layer k-1's output and its slice of the
  // initial states.
  bool isLstm = op == "lstm";
  SmallVector<Value> states{tensor("h0")};
  if (isLstm)
    states.push_back(tensor("c0"));
  const char *stateNames[] = {"h0", "c0"};
  for (auto [i, state] : llvm::enumerate(states)) {
    if (!state || layers == 1)
      continue;
    auto type = llvm::cast<RankedTensorType>(state.getType());
    if (type.getRank() != 3 || type.getDimSize(0) != dirs * layers) {
      gen.error(call.get(stateNames[i])->pos)
          << op << " expects " << stateNames[i]
          << " of shape [num_layers * directions, B, H] with dim 0 = "
          << dirs * layers << ", got " << typeString(type);
      return Val::poison();
    }
  }

  Value input = tensor("input");
  Value lengths = tensor("lengths");
  SmallVector<Value> finalH, finalC;
  for (int64_t k = 0; k < layers; ++k) {
    call.weights.clear();
    std::string layer = "_l" + std::to_string(k);
    Val w[8];
    for (int i = 0; i < 8; ++i) {
      bool reverse = i >= 4;
      if (reverse && !bidirectional)
        continue;
      bool required = i % 4 < 2;
      std::string base = llvm::StringRef(operandNames[i % 4]).str();
      std::string suffix = base + layer + (reverse ? "_reverse" : "");
      w[i] = gen.weightOperand(call, operandNames[i], suffix, required);
      if (w[i].isPoison())
        return Val::poison();
    }
    SmallVector<Value> operands{input};
    SmallVector<int32_t> sizes{1};
    for (const Val &weight : w)
      sizes.push_back(add(operands, valueOrNull(weight)));
    for (Value state : states)
      sizes.push_back(add(operands, state && layers > 1
                                        ? stateSlice(state, k * dirs, dirs)
                                        : state));
    sizes.push_back(add(operands, lengths));
    SmallVector<NamedAttribute> attrs{
        segments(sizes),
        attr("direction", seq::DirectionAttr::get(context, *direction))};
    Operation *layerOp;
    if (op == "rnn") {
      attrs.push_back(attr("nonlinearity", seq::RnnNonlinearityAttr::get(
                                               context, *nonlinearity)));
      layerOp = buildOp<seq::RnnOp>(gen, call, operands, attrs);
    } else if (isLstm) {
      layerOp = buildOp<seq::LstmOp>(gen, call, operands, attrs);
    } else {
      layerOp = buildOp<seq::GruOp>(gen, call, operands, attrs);
    }
    if (!layerOp)
      return Val::poison();
    input = layerOp->getResult(0);
    finalH.push_back(layerOp->getResult(1));
    if (isLstm)
      finalC.push_back(layerOp->getResult(2));
  }
  std::vector<Val> values{Val::ofTensor(input),
                          Val::ofTensor(stackStates(finalH))};
  if (isLstm)
    values.push_back(Val::ofTensor(stackStates(finalC)));
  return Val::tuple(std::move(values));
}

Val OpLowering::lowerCell(llvm::StringRef op) {
  std::optional<seq::RnnNonlinearity> nonlinearity =
      enumArg<seq::RnnNonlinearity>("nonlinearity", seq::RnnNonlinearity::tanh,
                                    seq::symbolizeRnnNonlinearity,
                                    {"tanh", "relu"});
  if (!nonlinearity)
    return Val::poison();
  // torch.nn.*Cell names its weights without a layer suffix.
  Val weightIh = gen.weightOperand(call, "weight_ih", "weight_ih", true);
  Val weightHh = gen.weightOperand(call, "weight_hh", "weight_hh", true);
  Val biasIh = gen.weightOperand(call, "bias_ih", "bias_ih", false);
  Val biasHh = gen.weightOperand(call, "bias_hh", "bias_hh", false);
  if (anyPoison({&weightIh, &weightHh, &biasIh, &biasHh}))
    return Val::poison();
  SmallVector<Value> operands{tensor("input")};
  SmallVector<int32_t> sizes{1, add(operands, tensor("h"))};
  if (op == "lstm_cell")
    sizes.push_back(add(operands, tensor("c")));
  for (const Val *v : {&weightIh, &weightHh, &biasIh, &biasHh})
    sizes.push_back(add(operands, valueOrNull(*v)));
  SmallVector<NamedAttribute> attrs{segments(sizes)};
  if (op == "rnn_cell") {
    attrs.push_back(attr(
        "nonlinearity", seq::RnnNonlinearityAttr::get(context, *nonlinearity)));
    return results(buildOp<seq::RnnCellOp>(gen, call, operands, attrs));
  }
  if (op == "lstm_cell")
    return results(buildOp<seq::LstmCellOp>(gen, call, operands, attrs));
  return results(buildOp<seq::GruCellOp>(gen, call, operands, attrs));
}
