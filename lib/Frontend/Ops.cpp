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
#include "seqc/Support/RunTimeAssert.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
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
      {"softmax",
       {pos("input", K::Tensor), pos("dim", K::Int, false), kw("axis", K::Int)},
       ""},
      {"log_softmax",
       {pos("input", K::Tensor), pos("dim", K::Int, false), kw("axis", K::Int)},
       ""},
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
               kw("q_proj_bias", K::Weight), kw("k_proj_bias", K::Weight),
               kw("v_proj_bias", K::Weight),
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
      {"sqrt", {pos("input", K::TensorOrNumber)}, ""},
      // General tensor ops, with PyTorch's names and argument orders.
      {"matmul", {pos("input", K::Tensor), pos("other", K::Tensor)}, ""},
      {"transpose",
       {pos("x", K::Tensor), pos("dim0", K::Int), pos("dim1", K::Int)}, ""},
      {"t", {pos("x", K::Tensor)}, ""},
      {"permute", {pos("x", K::Tensor), pos("dims", K::Rest)}, ""},
      {"reshape", {pos("x", K::Tensor), pos("shape", K::Rest)}, ""},
      {"view", {pos("x", K::Tensor), pos("shape", K::Rest)}, ""},
      {"contiguous", {pos("x", K::Tensor)}, ""},
      {"clone", {pos("x", K::Tensor)}, ""},
      {"detach", {pos("x", K::Tensor)}, ""},
      {"dropout",
       {pos("x", K::Tensor), pos("p", K::Number, false),
        kw("training", K::Bool), kw("inplace", K::Bool)},
       ""},
      {"cat", {pos("tensors", K::Rest), kw("dim", K::Int)}, ""},
      {"concat", {pos("tensors", K::Rest), kw("dim", K::Int)}, ""},
      {"narrow",
       {pos("x", K::Tensor), pos("dim", K::Int), pos("start", K::Length),
        pos("length", K::Length)},
       ""},
      {"select",
       {pos("x", K::Tensor), pos("dim", K::Int), pos("index", K::Length)}, ""},
      {"slice_scatter",
       {pos("x", K::Tensor), pos("src", K::Tensor), kw("dim", K::IntOrList),
        kw("start", K::Any)},
       ""},
      {"item", {pos("x", K::Tensor)}, ""},
      {"slice",
       {pos("x", K::Tensor), kw("dim", K::Int), kw("start", K::Int),
        kw("end", K::Int), kw("step", K::Int)},
       ""},
      {"split",
       {pos("x", K::Tensor), pos("split_size_or_sections", K::IntOrList),
        pos("dim", K::Int, false)},
       "one tensor per piece"},
      {"chunk",
       {pos("x", K::Tensor), pos("chunks", K::Int), pos("dim", K::Int, false)},
       "one tensor per chunk"},
      {"index_select",
       {pos("x", K::Tensor), pos("dim", K::Int), pos("index", K::Tensor)}, ""},
      {"eq", {pos("a", K::Any), pos("b", K::Any)}, ""},
      {"ne", {pos("a", K::Any), pos("b", K::Any)}, ""},
      {"lt", {pos("a", K::Any), pos("b", K::Any)}, ""},
      {"le", {pos("a", K::Any), pos("b", K::Any)}, ""},
      {"gt", {pos("a", K::Any), pos("b", K::Any)}, ""},
      {"ge", {pos("a", K::Any), pos("b", K::Any)}, ""},
      {"where",
       {pos("condition", K::Tensor), pos("a", K::Any), pos("b", K::Any)}, ""},
      {"masked_fill",
       {pos("x", K::Tensor), pos("mask", K::Tensor), pos("value", K::Number)},
       ""},
      {"sub",
       {pos("lhs", K::TensorOrNumber), pos("rhs", K::TensorOrNumber)}, ""},
      {"div",
       {pos("lhs", K::TensorOrNumber), pos("rhs", K::TensorOrNumber)}, ""},
      {"maximum", {pos("lhs", K::Tensor), pos("rhs", K::TensorOrNumber)}, ""},
      {"minimum", {pos("lhs", K::Tensor), pos("rhs", K::TensorOrNumber)}, ""},
      {"pow",
       {pos("lhs", K::TensorOrNumber), pos("rhs", K::TensorOrNumber)}, ""},
      {"exp", {pos("input", K::Tensor)}, ""},
      {"log", {pos("input", K::Tensor)}, ""},
      {"rsqrt", {pos("input", K::Tensor)}, ""},
      {"abs", {pos("input", K::Tensor)}, ""},
      {"neg", {pos("input", K::Tensor)}, ""},
      {"erf", {pos("input", K::Tensor)}, ""},
      {"clamp",
       {pos("input", K::Tensor), pos("min", K::Any, false),
        pos("max", K::Any, false)},
       ""},
      {"sum",
       {pos("input", K::Tensor), pos("dim", K::IntOrList, false),
        pos("keepdim", K::Bool, false)},
       ""},
      {"mean",
       {pos("input", K::Tensor), pos("dim", K::IntOrList, false),
        pos("keepdim", K::Bool, false)},
       ""},
      {"amax",
       {pos("input", K::Tensor), pos("dim", K::IntOrList, false),
        pos("keepdim", K::Bool, false)},
       ""},
      {"amin",
       {pos("input", K::Tensor), pos("dim", K::IntOrList, false),
        pos("keepdim", K::Bool, false)},
       ""},
      {"max",
       {pos("input", K::Tensor), pos("dim", K::Any, false),
        pos("keepdim", K::Bool, false)},
       "values, indices (with a dim)"},
      {"min",
       {pos("input", K::Tensor), pos("dim", K::Any, false),
        pos("keepdim", K::Bool, false)},
       "values, indices (with a dim)"},
      {"argmax",
       {pos("input", K::Tensor), pos("dim", K::Int), pos("keepdim", K::Bool, false)},
       ""},
      {"float", {pos("x", K::Tensor)}, ""},
      {"long", {pos("x", K::Tensor)}, ""},
      {"int", {pos("x", K::Tensor)}, ""},
      {"bool", {pos("x", K::Tensor)}, ""},
      {"to", {pos("x", K::Tensor), pos("dtype", K::Enum)}, ""},
      {"size", {pos("x", K::Tensor), pos("dim", K::Int)}, ""},
      {"arange", {pos("length", K::Length)}, ""},
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
  case K::Rest:
    return "values";
  case K::IntOrList:
    return "an integer or a list of integers";
  case K::Any:
    return "a value";
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
  case K::Rest:
  case K::Any:
    return true;
  case K::IntOrList:
    return v.is(VK::Int) ||
           (v.is(VK::Tuple) && llvm::all_of(v.elements, [](const Val &e) {
              return e.is(VK::Int);
            }));
  }
  return false;
}

/// The element types a tensor parameter takes: indices and lengths are
/// integers, masks i1 (keep) or f32 (additive), the data of squeeze and
/// unsqueeze anything, everything else f32.
static const char *checkElementType(llvm::StringRef param, Type element) {
  // Data movement (squeeze, transpose, reshape, ...) and comparisons take
  // any element type.
  if (param == "x" || param == "a" || param == "b" || param == "src")
    return nullptr;
  if (param == "condition")
    return element.isInteger(1) ? nullptr : "a bool tensor";
  if (param == "indices" || param == "lengths" || param == "key_lengths" ||
      param == "index")
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
  Val packBiases(std::initializer_list<const Val *> biases);
  Val lowerFfn();
  Val lowerRecurrent(llvm::StringRef op);
  Val lowerCell(llvm::StringRef op);
  // General tensor ops (TensorOps section).
  /// nullopt when `op` is not one of them.
  std::optional<Val> lowerTensorOp(llvm::StringRef op);
  Val lowerMatmul();
  Val lowerTranspose(llvm::StringRef op);
  Val lowerReshape();
  Val lowerConcat();
  Val lowerSlice(llvm::StringRef op);
  Val lowerSplit(llvm::StringRef op);
  Val lowerIndexSelect();
  Val lowerWhere(bool maskedFill);
  Val lowerUnary(seq::UnaryKind kind);
  Val lowerClamp();
  Val lowerReduce(llvm::StringRef op);
  Val lowerMaxMin(bool max);
  Val lowerArgmax();
  Val lowerCast(llvm::StringRef op);
  Val lowerSize();
  Val lowerItem();
  Val lowerSelect();
  Val lowerSliceScatter();
  /// `narrow` with a run-time start or length: a view of `x`.
  Val lowerDynamicNarrow(int64_t axis);
  /// The view of `x` at [start, start + size) along `axis` (without that
  /// axis when `dropAxis`, for a size of 1).
  Value view(Value x, int64_t axis, Value start, OpFoldResult size,
             bool dropAxis);
  /// The index value of a Length argument (an integer, a dim or a size).
  Value indexArg(llvm::StringRef name) {
    const EvalArg *a = call.get(name);
    return gen.sizeValue(a->value, a->pos);
  }
  /// Aborts the call (SEQC_CHECK_FAILED in an AOT object) unless `ok`,
  /// with the call's location in the message.
  void checkAtRunTime(Value ok, const llvm::Twine &what);
  /// `ok` and a run-time check of `lhs <= rhs` (index values).
  void checkLessEqual(Value lhs, Value rhs, const llvm::Twine &what);
  /// A seq op of the general family from its operands and attributes.
  template <typename OpT>
  Val build(ValueRange operands, ArrayRef<NamedAttribute> attrs = {},
            TypeRange types = {}) {
    return results(buildOp<OpT>(gen, call, operands, attrs, types));
  }
  /// An integer argument as an axis of a rank-`rank` tensor (negative
  /// counts from the end); reported and nullopt when out of range.
  std::optional<int64_t> axisArg(llvm::StringRef name, int64_t rank,
                                 int64_t otherwise);
  /// The tensor ranked `rank` or more that `name` holds; reported if not.
  RankedTensorType tensorType(llvm::StringRef name) {
    return llvm::cast<RankedTensorType>(tensor(name).getType());
  }
  Value slice(Value x, int64_t axis, int64_t start, int64_t end);

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
  bool restTaken = false;
  for (const EvalArg &arg : args) {
    const ParamSpec *param = nullptr;
    if (arg.name.empty() && restTaken)
      continue; // in the Rest tuple already
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
      param = positional[nextPositional];
      if (param->kind == K::Rest) {
        // This and every later positional argument, as one tuple; a single
        // list is the tuple itself.
        size_t first = &arg - args.data();
        auto rest = std::make_unique<EvalArg>(arg);
        std::vector<Val> values;
        for (size_t i = first; i < args.size() && args[i].name.empty(); ++i)
          values.push_back(args[i].value);
        if (values.size() == 1 && values[0].is(Val::Kind::Tuple))
          rest->value = values[0];
        else
          rest->value = Val::tuple(std::move(values));
        bool anyPoison = llvm::any_of(rest->value.elements, [](const Val &v) {
          return v.isPoison();
        });
        call.args[param->name] = rest.get();
        call.made.push_back(std::move(rest));
        ++nextPositional;
        if (anyPoison)
          ok = false;
        restTaken = true;
        continue;
      }
      ++nextPositional;
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
  if (op == "sqrt" && arg("input")->isNumber()) {
    double x = arg("input")->number();
    if (x < 0) {
      gen.error(call.get("input")->pos) << "sqrt of a negative number";
      return Val::poison();
    }
    return Val::ofFloat(std::sqrt(x));
  }
  if (op == "log_softmax")
    return lowerSoftmax();
  if (std::optional<Val> general = lowerTensorOp(op))
    return *general;
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
  if (call.get("dim") && call.get("axis")) {
    gen.error(call.get("axis")->namePos)
        << "dim and axis are the same argument; give one";
    return Val::poison();
  }
  int64_t axis = intArg("dim", intArg("axis", -1));
  NamedAttribute axisAttr = attr("axis", builder.getI64IntegerAttr(axis));
  if (call.name == "log_softmax")
    return build<seq::LogSoftmaxOp>({tensor("input")}, {axisAttr});
  return build<seq::SoftmaxOp>({tensor("input")}, {axisAttr});
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
    operands.push_back(gen.sizeValue(lengthArg->value, lengthArg->pos));
  }
  int32_t hasOffset = 0;
  if (const EvalArg *offset = call.get("offset")) {
    hasOffset = 1;
    if (offset->value.is(Val::Kind::Int))
      operands.push_back(builder.create<arith::ConstantIndexOp>(
          gen.loc(offset->pos), offset->value.intValue));
    else
      operands.push_back(gen.sizeValue(offset->value, offset->pos));
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

/// Joins the q/k/v biases into one [3E] vector; a missing one is zeros of
/// the given ones' size.
Val OpLowering::packBiases(std::initializer_list<const Val *> biases) {
  RankedTensorType type;
  for (const Val *bias : biases) {
    if (!bias->is(Val::Kind::Tensor))
      continue;
    auto biasType = llvm::dyn_cast<RankedTensorType>(bias->tensor.getType());
    if (!biasType || biasType.getRank() != 1 || !biasType.hasStaticShape() ||
        !biasType.getElementType().isF32()) {
      gen.error(call.pos) << call.name << " needs q/k/v biases as f32[E] "
                          << "vectors of a known size, got " << describe(*bias);
      return Val::poison();
    }
    if (type && type != biasType) {
      gen.error(call.pos) << call.name << " needs q/k/v biases of one size, "
                          << "got " << describe(*bias) << " besides f32["
                          << type.getDimSize(0) << "]";
      return Val::poison();
    }
    type = biasType;
  }
  SmallVector<Value> parts;
  for (const Val *bias : biases) {
    if (bias->is(Val::Kind::Tensor)) {
      parts.push_back(bias->tensor);
      continue;
    }
    parts.push_back(builder.create<arith::ConstantOp>(
        call.loc, DenseElementsAttr::get(type, builder.getF32FloatAttr(0.0f))));
  }
  return build<seq::ConcatOp>(
      parts, {attr("axis", builder.getI64IntegerAttr(0))});
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
  if (inBias.isPoison())
    return Val::poison();
  // Separate q/k/v biases, as a module with three nn.Linear has them, are
  // packed into the [3E] in_proj_bias the op takes; a missing one is zero.
  if (call.get("q_proj_bias") || call.get("k_proj_bias") ||
      call.get("v_proj_bias")) {
    if (call.get("in_proj_bias") || !inBias.is(Val::Kind::None)) {
      gen.error(call.pos) << call.name << " takes in_proj_bias or "
                          << "q_proj_bias/k_proj_bias/v_proj_bias, not both";
      return Val::poison();
    }
    auto given = [&](llvm::StringRef name) {
      return call.get(name) ? gen.weightOperand(call, name, "", false)
                            : Val::none();
    };
    Val qBias = given("q_proj_bias"), kBias = given("k_proj_bias"),
        vBias = given("v_proj_bias");
    if (anyPoison({&qBias, &kBias, &vBias}))
      return Val::poison();
    inBias = packBiases({&qBias, &kBias, &vBias});
  }
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

//===----------------------------------------------------------------------===//
// General tensor ops
//===----------------------------------------------------------------------===//

std::optional<Val> OpLowering::lowerTensorOp(llvm::StringRef op) {
  if (op == "matmul")
    return lowerMatmul();
  if (op == "transpose" || op == "t" || op == "permute")
    return lowerTranspose(op);
  if (op == "reshape" || op == "view")
    return lowerReshape();
  if (op == "contiguous" || op == "clone" || op == "detach" ||
      op == "dropout")
    // Values are immutable and dropout is the identity at inference.
    return *arg("x");
  if (op == "cat" || op == "concat")
    return lowerConcat();
  if (op == "narrow" || op == "slice")
    return lowerSlice(op);
  if (op == "split" || op == "chunk")
    return lowerSplit(op);
  if (op == "index_select")
    return lowerIndexSelect();
  if (llvm::is_contained({"eq", "ne", "lt", "le", "gt", "ge"}, op)) {
    char c = op == "eq"   ? '='
             : op == "ne" ? '!'
             : op == "lt" ? '<'
             : op == "le" ? 'l'
             : op == "gt" ? '>'
                          : 'g';
    return gen.genCompare(c, *arg("a"), *arg("b"), call.pos, op);
  }
  if (op == "where" || op == "masked_fill")
    return lowerWhere(op == "masked_fill");
  if (op == "sub" || op == "div")
    return gen.genArith(op == "sub" ? '-' : '/', *arg("lhs"), *arg("rhs"),
                        call.pos, op);
  if (op == "maximum" || op == "minimum" || op == "pow") {
    const Val &lhs = *arg("lhs"), &rhs = *arg("rhs");
    auto operand = [&](const Val &v) {
      return v.is(Val::Kind::Tensor) ? v.tensor
                                     : gen.floatConstant(v.number(), call.loc);
    };
    if (!lhs.is(Val::Kind::Tensor) && !rhs.is(Val::Kind::Tensor)) {
      gen.error(call.pos) << op << " needs a tensor";
      return Val::poison();
    }
    SmallVector<Value> operands{operand(lhs), operand(rhs)};
    if (op == "maximum")
      return build<seq::MaximumOp>(operands);
    if (op == "minimum")
      return build<seq::MinimumOp>(operands);
    return build<seq::PowOp>(operands);
  }
  if (op == "exp" || op == "log" || op == "sqrt" || op == "rsqrt" ||
      op == "abs" || op == "neg" || op == "erf")
    return lowerUnary(*seq::symbolizeUnaryKind(op));
  if (op == "clamp")
    return lowerClamp();
  if (op == "sum" || op == "mean" || op == "amax" || op == "amin")
    return lowerReduce(op);
  if (op == "max" || op == "min")
    return lowerMaxMin(op == "max");
  if (op == "argmax")
    return lowerArgmax();
  if (op == "float" || op == "long" || op == "int" || op == "bool" ||
      op == "to")
    return lowerCast(op);
  if (op == "size")
    return lowerSize();
  if (op == "item")
    return lowerItem();
  if (op == "select")
    return lowerSelect();
  if (op == "slice_scatter")
    return lowerSliceScatter();
  if (op == "arange") {
    const Val &length = *arg("length");
    if (length.is(Val::Kind::Int) && length.intValue < 0) {
      gen.error(call.get("length")->pos)
          << "arange expects a length >= 0, got " << length.intValue;
      return Val::poison();
    }
    int64_t n = length.is(Val::Kind::Int) ? length.intValue
                                          : ShapedType::kDynamic;
    SmallVector<Value> operands;
    if (ShapedType::isDynamic(n))
      operands.push_back(gen.sizeValue(length, call.get("length")->pos));
    return build<seq::ArangeOp>(
        operands, {}, {RankedTensorType::get({n}, builder.getI64Type())});
  }
  return std::nullopt;
}

std::optional<int64_t> OpLowering::axisArg(llvm::StringRef name, int64_t rank,
                                           int64_t otherwise) {
  const EvalArg *a = call.get(name);
  if (!a)
    return otherwise < 0 ? otherwise + rank : otherwise;
  FailureOr<int64_t> axis = seq::normalizeAxis(a->value.intValue, rank);
  if (failed(axis)) {
    gen.error(a->pos) << call.name << " expects " << name << " in [" << -rank
                      << ", " << rank << ") for a tensor of rank " << rank
                      << ", got " << a->value.intValue;
    return std::nullopt;
  }
  return *axis;
}

Val OpLowering::lowerMatmul() {
  return build<seq::MatmulOp>({tensor("input"), tensor("other")});
}

Val OpLowering::lowerTranspose(llvm::StringRef op) {
  Value x = tensor("x");
  int64_t rank = tensorType("x").getRank();
  SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  if (op == "t") {
    if (rank > 2) {
      gen.error(call.pos) << "t expects a tensor of rank 2 or less, got "
                          << describe(*arg("x"));
      return Val::poison();
    }
    std::reverse(perm.begin(), perm.end());
  } else if (op == "transpose") {
    std::optional<int64_t> a = axisArg("dim0", rank, 0);
    std::optional<int64_t> b = axisArg("dim1", rank, 0);
    if (!a || !b)
      return Val::poison();
    std::swap(perm[*a], perm[*b]);
  } else {
    const EvalArg *dims = call.get("dims");
    perm.clear();
    for (const Val &d : dims->value.elements) {
      if (!d.is(Val::Kind::Int)) {
        gen.error(dims->pos) << "permute expects integer dims, got "
                             << describe(d);
        return Val::poison();
      }
      perm.push_back(d.intValue);
    }
  }
  return build<seq::TransposeOp>(
      {x}, {attr("permutation", builder.getDenseI64ArrayAttr(perm))});
}

Val OpLowering::lowerReshape() {
  const EvalArg *shape = call.get("shape");
  SmallVector<int64_t> sizes;
  SmallVector<Value> dynamic;
  for (const Val &d : shape->value.elements) {
    if (d.is(Val::Kind::Int)) {
      if (d.intValue < -1) {
        gen.error(shape->pos) << call.name << " expects sizes >= 0 or -1, got "
                              << d.intValue;
        return Val::poison();
      }
      sizes.push_back(d.intValue);
    } else if (d.is(Val::Kind::Dim)) {
      sizes.push_back(ShapedType::kDynamic);
      dynamic.push_back(gen.sizeValue(d, shape->pos));
    } else {
      gen.error(shape->pos) << call.name
                            << " expects integers, dim names or sizes, got "
                            << describe(d);
      return Val::poison();
    }
  }
  if (llvm::count(sizes, -1) > 1) {
    gen.error(shape->pos) << call.name << " takes at most one -1";
    return Val::poison();
  }
  SmallVector<Value> operands{tensor("x")};
  operands.append(dynamic);
  return build<seq::ReshapeOp>(
      operands, {attr("static_sizes", builder.getDenseI64ArrayAttr(sizes))});
}

Val OpLowering::lowerConcat() {
  const EvalArg *tensors = call.get("tensors");
  SmallVector<Value> inputs;
  for (const Val &t : tensors->value.elements) {
    if (!t.is(Val::Kind::Tensor)) {
      gen.error(tensors->pos) << call.name << " expects tensors, got "
                              << describe(t);
      return Val::poison();
    }
    inputs.push_back(t.tensor);
  }
  if (inputs.empty()) {
    gen.error(call.pos) << call.name << " needs at least one tensor";
    return Val::poison();
  }
  return build<seq::ConcatOp>(
      inputs, {attr("axis", builder.getI64IntegerAttr(intArg("dim", 0)))});
}

Value OpLowering::slice(Value x, int64_t axis, int64_t start, int64_t end) {
  Operation *op = buildOp<seq::SliceOp>(
      gen, call, {x},
      {attr("axis", builder.getI64IntegerAttr(axis)),
       attr("start", builder.getI64IntegerAttr(start)),
       attr("end", builder.getI64IntegerAttr(end)),
       attr("step", builder.getI64IntegerAttr(1))});
  return op ? op->getResult(0) : Value();
}

Val OpLowering::lowerSlice(llvm::StringRef op) {
  Value x = tensor("x");
  RankedTensorType type = tensorType("x");
  std::optional<int64_t> axis = axisArg("dim", type.getRank(), 0);
  if (!axis)
    return Val::poison();
  if (op == "narrow" && (!arg("start")->is(Val::Kind::Int) ||
                         !arg("length")->is(Val::Kind::Int)))
    return lowerDynamicNarrow(*axis);
  int64_t start = intArg("start", 0);
  if (op == "narrow") {
    // torch.narrow: start in [-dim, dim], length >= 0 and within the dim.
    int64_t length = intArg("length", 0);
    if (length < 0) {
      gen.error(call.get("length")->pos)
          << "narrow expects a length >= 0, got " << length;
      return Val::poison();
    }
    int64_t dim = type.getDimSize(*axis);
    if (start < 0) {
      if (ShapedType::isDynamic(dim)) {
        gen.error(call.get("start")->pos)
            << "narrow of a dynamic dim needs a start >= 0";
        return Val::poison();
      }
      start += dim;
    }
    if (!ShapedType::isDynamic(dim) && (start < 0 || start + length > dim)) {
      gen.error(call.pos) << "narrow: start " << start << " + length "
                          << length << " exceeds dim " << *axis << " ("
                          << dim << ")";
      return Val::poison();
    }
    Value r = slice(x, *axis, start, start + length);
    return r ? Val::ofTensor(r) : Val::poison();
  }
  int64_t step = intArg("step", 1);
  if (step <= 0) {
    gen.error(call.get("step")->pos)
        << "slice expects a step >= 1, got " << step;
    return Val::poison();
  }
  return build<seq::SliceOp>(
      {x}, {attr("axis", builder.getI64IntegerAttr(*axis)),
            attr("start", builder.getI64IntegerAttr(start)),
            attr("end", builder.getI64IntegerAttr(
                            intArg("end", std::numeric_limits<int64_t>::max()))),
            attr("step", builder.getI64IntegerAttr(step))});
}

Val OpLowering::lowerSplit(llvm::StringRef op) {
  Value x = tensor("x");
  RankedTensorType type = tensorType("x");
  std::optional<int64_t> axis = axisArg("dim", type.getRank(), 0);
  if (!axis)
    return Val::poison();
  int64_t dim = type.getDimSize(*axis);
  SmallVector<int64_t> sizes;
  const EvalArg *how =
      op == "split" ? call.get("split_size_or_sections") : call.get("chunks");
  if (how->value.is(Val::Kind::Tuple)) {
    int64_t total = 0;
    for (const Val &v : how->value.elements) {
      if (v.intValue < 0) {
        gen.error(how->pos) << "split expects sizes >= 0";
        return Val::poison();
      }
      sizes.push_back(v.intValue);
      total += v.intValue;
    }
    if (!ShapedType::isDynamic(dim) && total != dim) {
      gen.error(how->pos) << "split sizes add up to " << total << ", but dim "
                          << *axis << " has " << dim;
      return Val::poison();
    }
  } else {
    int64_t n = how->value.intValue;
    if (n <= 0) {
      gen.error(how->pos) << op << " expects a positive "
                          << (op == "split" ? "size" : "number of chunks")
                          << ", got " << n;
      return Val::poison();
    }
    if (ShapedType::isDynamic(dim)) {
      gen.error(call.pos) << op << " of a dynamic dim needs the sizes of "
                          << "the pieces as a list";
      return Val::poison();
    }
    // torch.chunk: pieces of ceil(dim / n); torch.split: pieces of n.
    int64_t piece = op == "split" ? n : (dim + n - 1) / n;
    for (int64_t at = 0; at < dim || (dim == 0 && sizes.empty()); at += piece)
      sizes.push_back(std::min(piece, dim - at));
  }
  std::vector<Val> pieces;
  int64_t at = 0;
  for (int64_t size : sizes) {
    Value piece = slice(x, *axis, at, at + size);
    if (!piece)
      return Val::poison();
    pieces.push_back(Val::ofTensor(piece));
    at += size;
  }
  return Val::tuple(std::move(pieces));
}

Val OpLowering::lowerIndexSelect() {
  RankedTensorType type = tensorType("x");
  std::optional<int64_t> axis = axisArg("dim", type.getRank(), 0);
  if (!axis)
    return Val::poison();
  return build<seq::IndexSelectOp>(
      {tensor("x"), tensor("index")},
      {attr("axis", builder.getI64IntegerAttr(*axis))});
}

Val OpLowering::lowerWhere(bool maskedFill) {
  Value condition = maskedFill ? tensor("mask") : tensor("condition");
  auto condType = llvm::cast<RankedTensorType>(condition.getType());
  if (!condType.getElementType().isInteger(1)) {
    gen.error(call.get(maskedFill ? "mask" : "condition")->pos)
        << call.name << " expects a bool "
        << (maskedFill ? "mask" : "condition") << " (compare it: mask == 0), "
        << "got " << describe(*arg(maskedFill ? "mask" : "condition"));
    return Val::poison();
  }
  const Val &a = maskedFill ? *arg("value") : *arg("a");
  const Val &b = maskedFill ? *arg("x") : *arg("b");
  auto [lhs, rhs] = gen.promoteOperands(a, b, call.loc);
  if (!lhs || !rhs) {
    gen.error(call.pos) << call.name << " needs tensors or numbers, got "
                        << describe(a) << " and " << describe(b);
    return Val::poison();
  }
  return build<seq::WhereOp>({condition, lhs, rhs});
}

Val OpLowering::lowerUnary(seq::UnaryKind kind) {
  return build<seq::UnaryOp>(
      {tensor("input")}, {attr("kind", seq::UnaryKindAttr::get(context, kind))});
}

Val OpLowering::lowerClamp() {
  SmallVector<NamedAttribute> attrs;
  for (const char *bound : {"min", "max"}) {
    const EvalArg *a = call.get(bound);
    if (!a || a->value.is(Val::Kind::None))
      continue;
    if (!a->value.isNumber()) {
      gen.error(a->pos) << "clamp expects " << bound
                        << " to be a number or none, got "
                        << describe(a->value);
      return Val::poison();
    }
    attrs.push_back(attr(bound, builder.getF64FloatAttr(a->value.number())));
  }
  if (attrs.empty()) {
    gen.error(call.pos) << "clamp needs min or max";
    return Val::poison();
  }
  return build<seq::ClampOp>({tensor("input")}, attrs);
}

Val OpLowering::lowerReduce(llvm::StringRef op) {
  RankedTensorType type = tensorType("input");
  int64_t rank = type.getRank();
  SmallVector<int64_t> axes;
  if (const EvalArg *dim = call.get("dim")) {
    if (dim->value.is(Val::Kind::Int))
      axes.push_back(dim->value.intValue);
    else
      for (const Val &v : dim->value.elements)
        axes.push_back(v.intValue);
  }
  // No dim, or an empty list (torch.sum(x, dim=[])): every dim.
  if (axes.empty())
    axes.append(llvm::to_vector(llvm::seq<int64_t>(0, rank)));
  seq::ReduceKind kind = op == "sum"    ? seq::ReduceKind::sum
                         : op == "mean" ? seq::ReduceKind::mean
                         : op == "amax" ? seq::ReduceKind::max
                                        : seq::ReduceKind::min;
  bool keepdim = call.get("keepdim") && arg("keepdim")->boolValue;
  return build<seq::ReduceOp>(
      {tensor("input")},
      {attr("kind", seq::ReduceKindAttr::get(context, kind)),
       attr("axes", builder.getDenseI64ArrayAttr(axes)),
       attr("keepdim", builder.getBoolAttr(keepdim))});
}

Val OpLowering::lowerMaxMin(bool max) {
  // torch.max(x): over everything; torch.max(x, other): elementwise;
  // torch.max(x, dim, keepdim): (values, indices).
  const EvalArg *dim = call.get("dim");
  if (!dim)
    return lowerReduce(max ? "amax" : "amin");
  if (dim->value.is(Val::Kind::Tensor) || dim->value.is(Val::Kind::Float)) {
    Value other = dim->value.is(Val::Kind::Tensor)
                      ? dim->value.tensor
                      : gen.floatConstant(dim->value.number(), call.loc);
    if (max)
      return build<seq::MaximumOp>({tensor("input"), other});
    return build<seq::MinimumOp>({tensor("input"), other});
  }
  if (!dim->value.is(Val::Kind::Int)) {
    gen.error(dim->pos) << call.name
                        << " expects a dim (an integer) or a tensor, got "
                        << describe(dim->value);
    return Val::poison();
  }
  Val values = lowerReduce(max ? "amax" : "amin");
  if (values.isPoison())
    return values;
  if (!max) {
    // argmin(x) = argmax(-x) also for ties (first) and NaN (propagates).
    Val negated = gen.genArith('*', Val::ofFloat(-1.0), *arg("input"),
                               call.pos);
    if (negated.isPoison())
      return negated;
    Operation *indices = buildOp<seq::ArgmaxOp>(
        gen, call, {negated.tensor},
        {attr("axis", builder.getI64IntegerAttr(dim->value.intValue)),
         attr("keepdim", builder.getBoolAttr(call.get("keepdim") &&
                                             arg("keepdim")->boolValue))});
    if (!indices)
      return Val::poison();
    return Val::tuple({values, Val::ofTensor(indices->getResult(0))});
  }
  Val indices = lowerArgmax();
  if (indices.isPoison())
    return indices;
  return Val::tuple({values, indices});
}

Val OpLowering::lowerArgmax() {
  return build<seq::ArgmaxOp>(
      {tensor("input")},
      {attr("axis", builder.getI64IntegerAttr(intArg("dim", 0))),
       attr("keepdim", builder.getBoolAttr(call.get("keepdim") &&
                                           arg("keepdim")->boolValue))});
}

Val OpLowering::lowerCast(llvm::StringRef op) {
  std::string dtype = op.str();
  if (op == "to") {
    const EvalArg *d = call.get("dtype");
    dtype = d->value.str;
  }
  Type element = llvm::StringSwitch<Type>(dtype)
                     .Cases("float", "f32", "float32", builder.getF32Type())
                     .Cases("long", "i64", "int64", builder.getI64Type())
                     .Cases("int", "i32", "int32", builder.getI32Type())
                     .Cases("bool", "i1", builder.getI1Type())
                     .Default(Type());
  if (!element) {
    gen.error(call.get("dtype")->pos)
        << "to expects a dtype (float32, int64, int32, bool), got "
        << describe(arg("dtype") ? *arg("dtype") : Val::none());
    return Val::poison();
  }
  Value x = tensor("x");
  return Val::ofTensor(gen.castTensor(x, element, call.loc));
}

Val OpLowering::lowerSize() {
  RankedTensorType type = tensorType("x");
  std::optional<int64_t> axis = axisArg("dim", type.getRank(), 0);
  if (!axis)
    return Val::poison();
  if (!type.isDynamicDim(*axis))
    return Val::ofInt(type.getDimSize(*axis));
  Value index = builder.create<arith::ConstantIndexOp>(call.loc, *axis);
  return Val::ofSize(builder.create<tensor::DimOp>(call.loc, tensor("x"), index));
}

//===----------------------------------------------------------------------===//
// Run-time sizes, views and in-place updates (decoder caches)
//===----------------------------------------------------------------------===//

void OpLowering::checkAtRunTime(Value ok, const llvm::Twine &what) {
  seqc::assertAtRunTime(builder, call.loc, ok, what.str());
}

void OpLowering::checkLessEqual(Value lhs, Value rhs, const llvm::Twine &what) {
  auto lhsConst = getConstantIntValue(lhs), rhsConst = getConstantIntValue(rhs);
  if (lhsConst && rhsConst && *lhsConst <= *rhsConst)
    return;
  checkAtRunTime(builder.create<arith::CmpIOp>(
                     call.loc, arith::CmpIPredicate::sle, lhs, rhs),
                 what);
}

/// `item(t)`: the value of a one-element integer tensor as a run-time size.
Val OpLowering::lowerItem() {
  RankedTensorType type = tensorType("x");
  if (!llvm::isa<IntegerType>(type.getElementType()) ||
      type.getElementType().isInteger(1) ||
      llvm::any_of(type.getShape(), [](int64_t d) { return d != 1; })) {
    gen.error(call.get("x")->pos)
        << "item expects an i32 or i64 tensor of one element (such as "
           "i64[] or i64[1]), got "
        << typeString(type);
    return Val::poison();
  }
  Value zero = builder.create<arith::ConstantIndexOp>(call.loc, 0);
  SmallVector<Value> indices(type.getRank(), zero);
  Value element =
      builder.create<tensor::ExtractOp>(call.loc, tensor("x"), indices);
  Value index = builder.create<arith::IndexCastOp>(
      call.loc, builder.getIndexType(), element);
  checkAtRunTime(builder.create<arith::CmpIOp>(
                     call.loc, arith::CmpIPredicate::sge, index, zero),
                 "item: the value is negative; sizes and positions are >= 0");
  return Val::ofSize(index);
}

Value OpLowering::view(Value x, int64_t axis, Value start, OpFoldResult size,
                       bool dropAxis) {
  auto type = llvm::cast<RankedTensorType>(x.getType());
  SmallVector<OpFoldResult> offsets(type.getRank(), builder.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes =
      tensor::getMixedSizes(builder, call.loc, x);
  SmallVector<OpFoldResult> strides(type.getRank(), builder.getIndexAttr(1));
  offsets[axis] = getAsOpFoldResult(start);
  sizes[axis] = size;
  if (!dropAxis)
    return builder.create<tensor::ExtractSliceOp>(call.loc, x, offsets, sizes,
                                                  strides);
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + axis);
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  return builder.create<tensor::ExtractSliceOp>(call.loc, resultType, x,
                                                offsets, sizes, strides);
}

Val OpLowering::lowerDynamicNarrow(int64_t axis) {
  Value x = tensor("x");
  for (const char *name : {"start", "length"})
    if (arg(name)->is(Val::Kind::Int) && arg(name)->intValue < 0) {
      gen.error(call.get(name)->pos)
          << "narrow with a run-time size expects a " << name << " >= 0, got "
          << arg(name)->intValue;
      return Val::poison();
    }
  Value start = indexArg("start"), length = indexArg("length");
  Value zero = builder.create<arith::ConstantIndexOp>(call.loc, 0);
  checkLessEqual(zero, start, "narrow: the start is negative");
  checkLessEqual(zero, length, "narrow: the length is negative");
  Value end = builder.createOrFold<arith::AddIOp>(call.loc, length, start);
  Value dim = builder.create<tensor::DimOp>(call.loc, x, axis);
  checkLessEqual(end, dim, "narrow: start + length exceeds dim " +
                               llvm::Twine(axis));
  return Val::ofTensor(view(x, axis, start, getAsOpFoldResult(length),
                            /*dropAxis=*/false));
}

/// `select(x, dim, index)`: torch.select, a view without dim `dim`.
Val OpLowering::lowerSelect() {
  Value x = tensor("x");
  RankedTensorType type = tensorType("x");
  std::optional<int64_t> axis = axisArg("dim", type.getRank(), 0);
  if (!axis)
    return Val::poison();
  const Val &index = *arg("index");
  if (index.is(Val::Kind::Int) &&
      (index.intValue < 0 || (!type.isDynamicDim(*axis) &&
                              index.intValue >= type.getDimSize(*axis)))) {
    gen.error(call.get("index")->pos)
        << "select: index " << index.intValue << " is out of range for dim "
        << *axis << " of " << typeString(type);
    return Val::poison();
  }
  Value position = indexArg("index");
  if (!index.is(Val::Kind::Int) || type.isDynamicDim(*axis)) {
    Value one = builder.create<arith::ConstantIndexOp>(call.loc, 1);
    Value next = builder.createOrFold<arith::AddIOp>(call.loc, position, one);
    checkLessEqual(next, builder.create<tensor::DimOp>(call.loc, x, *axis),
                   "select: the index is out of range for dim " +
                       llvm::Twine(*axis));
  }
  return Val::ofTensor(
      view(x, *axis, position, builder.getIndexAttr(1), /*dropAxis=*/true));
}

/// `slice_scatter(x, src, dim=, start=)`: torch.slice_scatter with the end
/// given by src's size, along one dim or several (`dim=[0, 3],
/// start=[l, step]`). Lowered to tensor.insert_slice, which bufferizes in
/// place when `x` is not used afterwards (an in/out cache).
Val OpLowering::lowerSliceScatter() {
  Value x = tensor("x"), src = tensor("src");
  RankedTensorType type = tensorType("x"), srcType = tensorType("src");
  if (srcType.getRank() != type.getRank() ||
      srcType.getElementType() != type.getElementType()) {
    gen.error(call.get("src")->pos)
        << "slice_scatter: src " << typeString(srcType)
        << " must have the rank and element type of " << typeString(type);
    return Val::poison();
  }
  // The dims and their starts, as lists.
  std::vector<Val> dimList, startList;
  const Val *dimArg = arg("dim");
  const Val *startArg = arg("start");
  if (!dimArg)
    dimList.push_back(Val::ofInt(0));
  else if (dimArg->is(Val::Kind::Tuple))
    dimList = dimArg->elements;
  else
    dimList.push_back(*dimArg);
  if (!startArg)
    startList.assign(dimList.size(), Val::ofInt(0));
  else if (startArg->is(Val::Kind::Tuple))
    startList = startArg->elements;
  else
    startList.push_back(*startArg);
  Pos startPos = startArg ? call.get("start")->pos : call.pos;
  if (startList.size() != dimList.size()) {
    gen.error(startPos) << "slice_scatter: " << dimList.size()
                        << " dim(s) but " << startList.size() << " start(s)";
    return Val::poison();
  }
  SmallVector<OpFoldResult> offsets(type.getRank(), builder.getIndexAttr(0));
  SmallVector<bool> scattered(type.getRank(), false);
  for (auto [d, s] : llvm::zip(dimList, startList)) {
    int64_t axis = d.intValue;
    if (axis < 0)
      axis += type.getRank();
    if (axis < 0 || axis >= type.getRank() || scattered[axis]) {
      gen.error(call.get("dim")->pos)
          << "slice_scatter: dim " << d.intValue
          << " is out of range or repeated for " << typeString(type);
      return Val::poison();
    }
    if (!s.is(Val::Kind::Int) && !s.is(Val::Kind::Dim)) {
      gen.error(startPos) << "slice_scatter: a start must be an integer, a "
                             "dim or a size, got "
                          << describe(s);
      return Val::poison();
    }
    if (s.is(Val::Kind::Int) && s.intValue < 0) {
      gen.error(startPos) << "slice_scatter expects starts >= 0, got "
                          << s.intValue;
      return Val::poison();
    }
    scattered[axis] = true;
    offsets[axis] = getAsOpFoldResult(gen.sizeValue(s, startPos));
  }
  SmallVector<OpFoldResult> sizes =
      tensor::getMixedSizes(builder, call.loc, src);
  for (int64_t d = 0; d < type.getRank(); ++d) {
    int64_t size = type.getDimSize(d), srcSize = srcType.getDimSize(d);
    bool dynamic = ShapedType::isDynamic(size) || ShapedType::isDynamic(srcSize);
    if (!scattered[d]) {
      if (!dynamic && size != srcSize) {
        gen.error(call.get("src")->pos)
            << "slice_scatter: dim " << d << " of src is " << srcSize
            << " but " << size << " in x, and it is not scattered";
        return Val::poison();
      }
      if (dynamic)
        checkAtRunTime(
            builder.create<arith::CmpIOp>(
                call.loc, arith::CmpIPredicate::eq,
                builder.create<tensor::DimOp>(call.loc, x, d),
                builder.create<tensor::DimOp>(call.loc, src, d)),
            "slice_scatter: dim " + llvm::Twine(d) +
                " of src and x differ at run time");
      continue;
    }
    Value start = getValueOrCreateConstantIndexOp(builder, call.loc, offsets[d]);
    Value end = builder.createOrFold<arith::AddIOp>(
        call.loc, start,
        getValueOrCreateConstantIndexOp(builder, call.loc, sizes[d]));
    checkLessEqual(end,
                   getValueOrCreateConstantIndexOp(
                       builder, call.loc,
                       tensor::getMixedSize(builder, call.loc, x, d)),
                   "slice_scatter: start + size of src exceeds dim " +
                       llvm::Twine(d) + " of x");
  }
  SmallVector<OpFoldResult> strides(type.getRank(), builder.getIndexAttr(1));
  return Val::ofTensor(builder.create<tensor::InsertSliceOp>(
      call.loc, src, x, offsets, sizes, strides));
}
