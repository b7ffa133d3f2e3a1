//===- MLIRGen.cpp - .seq syntax tree to the seq dialect --------*- C++ -*-===//
//
// Evaluates the syntax tree: names, strings with `{name}` interpolation,
// arithmetic, statements, blocks and loops, weights, and each model's
// function with its ABI attributes. The builtin ops are in Ops.cpp.
//
//===----------------------------------------------------------------------===//

#include "MLIRGen.h"
#include "BuildOp.h"
#include "Parser.h"
#include "Suggest.h"
#include "seq/SeqOps.h"
#include "seqc/Frontend/Frontend.h"
#include "seqc/Support/SafeTensors.h"
#include "seqc/Support/WeightConstants.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <cctype>
#include <cstring>

using namespace mlir;
using namespace seqc;
using namespace seqc::front;

/// More iterations than any model needs; a typo such as 0..40000 would
/// otherwise build a huge module.
static constexpr int64_t kMaxIterations = 4096;
/// Deeper block nesting than this is taken to be recursion.
static constexpr size_t kMaxBlockDepth = 64;
/// Statements run per file, loops unrolled and blocks inlined: nested loops
/// multiply, and a runaway file should fail, not hang.
static constexpr int64_t kMaxStatements = 1 << 16;

//===----------------------------------------------------------------------===//
// Values and messages
//===----------------------------------------------------------------------===//

std::string seqc::front::typeString(Type type) {
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  if (!tensor) {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << type;
    return s;
  }
  std::string s;
  Type element = tensor.getElementType();
  if (element.isF32())
    s = "f32";
  else if (element.isInteger(1))
    s = "bool";
  else if (element.isInteger(32))
    s = "i32";
  else if (element.isInteger(64))
    s = "i64";
  else {
    llvm::raw_string_ostream os(s);
    os << element;
  }
  s += "[";
  for (auto [i, d] : llvm::enumerate(tensor.getShape())) {
    if (i)
      s += ", ";
    s += ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d);
  }
  return s + "]";
}

static std::string formatNumber(double value) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::format("%g", value);
  return os.str();
}

std::string seqc::front::describe(const Val &value) {
  switch (value.kind) {
  case Val::Kind::Poison:
    return "an invalid value";
  case Val::Kind::Tensor:
    return "a tensor " + typeString(value.tensor.getType());
  case Val::Kind::Int:
    return "an integer (" + std::to_string(value.intValue) + ")";
  case Val::Kind::Float:
    return "a number (" + formatNumber(value.floatValue) + ")";
  case Val::Kind::Bool:
    return value.boolValue ? "true" : "false";
  case Val::Kind::String:
    return "a string (\"" + value.str + "\")";
  case Val::Kind::Symbol:
    return "the name '" + value.str + "'";
  case Val::Kind::None:
    return "none";
  case Val::Kind::Dim:
    return value.str.empty() ? std::string("a run-time size")
                             : "the dim '" + value.str + "'";
  case Val::Kind::Tuple:
    return std::to_string(value.elements.size()) + " values";
  }
  return "a value";
}

/// Names that stand for themselves when they are not variables: the values
/// of enum arguments.
static bool isEnumWord(llvm::StringRef name) {
  return llvm::is_contained(
      {"relu", "gelu", "gelu_tanh", "silu", "tanh", "sigmoid", "top_left",
       "bottom_right", "forward", "reverse", "bidirectional"},
      name);
}

std::string seqc::front::joinPrefix(llvm::StringRef a, llvm::StringRef b) {
  if (a.empty())
    return b.str();
  if (b.empty())
    return a.str();
  return (a + "." + b).str();
}

//===----------------------------------------------------------------------===//
// Building ops
//===----------------------------------------------------------------------===//

namespace {
/// Collects the diagnostics emitted while it lives instead of reporting
/// them.
class DiagnosticCapture {
public:
  explicit DiagnosticCapture(MLIRContext *context)
      : handler(context, [this](Diagnostic &diag) {
          diags.push_back(std::move(diag));
          return success();
        }) {}
  std::vector<Diagnostic> take() { return std::move(diags); }

private:
  std::vector<Diagnostic> diags;
  ScopedDiagnosticHandler handler;
};
} // namespace

static bool containsWord(llvm::StringRef text, llvm::StringRef word) {
  auto isWordChar = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  };
  for (size_t at = text.find(word); at != llvm::StringRef::npos;
       at = text.find(word, at + 1)) {
    bool startOk = at == 0 || !isWordChar(text[at - 1]);
    size_t end = at + word.size();
    bool endOk = end == text.size() || !isWordChar(text[end]);
    if (startOk && endOk)
      return true;
  }
  return false;
}

Operation *seqc::front::finishOp(
    MLIRGen &gen, const OpCall &call, OperationState &state,
    llvm::function_ref<LogicalResult(SmallVectorImpl<Type> &)> prepare) {
  Operation *op = nullptr;
  std::vector<Diagnostic> diags;
  {
    DiagnosticCapture capture(gen.getContext());
    SmallVector<Type> types(state.types.begin(), state.types.end());
    if (succeeded(prepare(types))) {
      state.types.assign(types.begin(), types.end());
      op = gen.getBuilder().create(state);
      if (failed(mlir::verify(op))) {
        op->erase();
        op = nullptr;
      }
    }
    diags = capture.take();
  }

  // "'seq.layer_norm' op expects ..." reads "layer_norm expects ..." as the
  // user wrote the call; the weight names behind the operands it mentions
  // follow.
  std::string opPrefix = ("'" + state.name.getStringRef() + "' op ").str();
  for (Diagnostic &diag : diags) {
    std::string text = diag.str();
    llvm::StringRef rest(text);
    std::string message;
    if (rest.consume_front(opPrefix))
      message = rest.starts_with("expects") ? (call.name + " " + rest).str()
                                            : (call.name + ": " + rest).str();
    else
      message = text;
    for (const WeightUse &use : call.weights)
      if (containsWord(rest, use.operand))
        message += " (" + use.operand + " is '" + use.key + "')";
    Diagnostic rewritten(call.loc, diag.getSeverity());
    rewritten << message;
    // The IR of the op ("see current operation: ...") means nothing to the
    // author of the model.
    for (Diagnostic &note : diag.getNotes())
      if (!llvm::StringRef(note.str()).starts_with("see current operation"))
        rewritten.attachNote(note.getLocation()) << note.str();
    gen.getContext()->getDiagEngine().emit(std::move(rewritten));
  }
  return op;
}

//===----------------------------------------------------------------------===//
// MLIRGen
//===----------------------------------------------------------------------===//

MLIRGen::MLIRGen(MLIRContext &context, llvm::StringRef filename,
                 const SafeTensors *weights, const FrontendOptions &options,
                 const File &file)
    : context(context), builder(&context),
      filename(StringAttr::get(&context, filename)), weightsFile(weights),
      options(options), file(file) {}

Location MLIRGen::loc(Pos pos) {
  return FileLineColLoc::get(filename, pos.line, pos.col);
}

InFlightDiagnostic MLIRGen::error(Pos pos) { return mlir::emitError(loc(pos)); }

Value MLIRGen::floatConstant(double value, Location loc) {
  return builder.create<arith::ConstantOp>(loc, builder.getF32FloatAttr(value));
}

OwningOpRef<ModuleOp> MLIRGen::build() {
  OwningOpRef<ModuleOp> owned = ModuleOp::create(loc({1, 1}));
  module = *owned;
  genDims();

  for (const BlockDecl &block : file.blocks) {
    if (lookupOpSpec(block.name)) {
      error(block.pos) << "block '" << block.name
                       << "' has the name of a builtin op";
      continue;
    }
    if (!blocks.try_emplace(block.name, &block).second)
      error(block.pos) << "block '" << block.name << "' is defined twice";
  }

  llvm::StringSet<> modelNames;
  for (const ModelDecl &decl : file.models) {
    if (!modelNames.insert(decl.name).second) {
      error(decl.pos) << "model '" << decl.name << "' is defined twice";
      continue;
    }
    genModel(decl);
  }
  if (file.modelsSeen == 0)
    error({1, 1}) << "the file defines no model";
  return owned;
}

void MLIRGen::genDims() {
  Frame frame;
  for (const DimDecl &decl : file.dims) {
    Val value = genExpr(*decl.value, frame);
    if (value.isPoison())
      continue;
    if (!value.is(Val::Kind::Int) || value.intValue < 0) {
      error(decl.value->getPos())
          << "dim '" << decl.name << "' needs a size (an integer >= 0), got "
          << describe(value);
      continue;
    }
    if (!globals.try_emplace(decl.name, value).second)
      error(decl.pos) << "dim '" << decl.name << "' is declared twice";
  }
}

RankedTensorType MLIRGen::genType(const TypeSpec &type, bool isInput,
                                  unsigned inputIndex, ArrayAttr &dimNames) {
  SmallVector<int64_t> shape;
  SmallVector<Attribute> names;
  for (auto [i, dim] : llvm::enumerate(type.dims)) {
    if (dim.name.empty()) {
      shape.push_back(dim.size);
      names.push_back(builder.getStringAttr(std::to_string(dim.size)));
      continue;
    }
    auto global = globals.find(dim.name);
    if (global != globals.end() && global->second.is(Val::Kind::Int)) {
      shape.push_back(global->second.intValue);
      names.push_back(
          builder.getStringAttr(std::to_string(global->second.intValue)));
      continue;
    }
    shape.push_back(ShapedType::kDynamic);
    names.push_back(builder.getStringAttr(dim.name));
    if (isInput)
      model->dims.try_emplace(dim.name, inputIndex, unsigned(i));
  }
  dimNames = builder.getArrayAttr(names);
  Type element;
  switch (type.dtype) {
  case ElemType::F32:
    element = builder.getF32Type();
    break;
  case ElemType::I32:
    element = builder.getI32Type();
    break;
  case ElemType::I64:
    element = builder.getI64Type();
    break;
  case ElemType::Bool:
    element = builder.getI1Type();
    break;
  }
  return RankedTensorType::get(shape, element);
}

/// A declared type as written: `f32[batch, seq, 256]`.
static std::string specString(const TypeSpec &type) {
  static const char *names[] = {"f32", "i32", "i64", "bool"};
  std::string s = names[static_cast<int>(type.dtype)];
  s += "[";
  for (auto [i, dim] : llvm::enumerate(type.dims)) {
    if (i)
      s += ", ";
    s += dim.name.empty() ? std::to_string(dim.size) : dim.name;
  }
  return s + "]";
}

static bool typesCompatible(RankedTensorType a, RankedTensorType b) {
  if (a.getElementType() != b.getElementType() || a.getRank() != b.getRank())
    return false;
  for (auto [x, y] : llvm::zip(a.getShape(), b.getShape()))
    if (!ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y)
      return false;
  return true;
}

void MLIRGen::genModel(const ModelDecl &decl) {
  ModelState state;
  model = &state;
  state.numInputs = decl.inputs.size();

  SmallVector<Type> inputTypes, outputTypes;
  SmallVector<ArrayAttr> inputDims, outputDims;
  for (auto [i, input] : llvm::enumerate(decl.inputs)) {
    ArrayAttr dims;
    inputTypes.push_back(genType(input.type, true, i, dims));
    inputDims.push_back(dims);
  }
  for (const ModelOutput &output : decl.outputs) {
    ArrayAttr dims;
    outputTypes.push_back(genType(output.type, false, 0, dims));
    outputDims.push_back(dims);
  }
  // After the outputs, one result per in/out input: its final value.
  SmallVector<size_t> inouts;
  for (auto [i, input] : llvm::enumerate(decl.inputs))
    if (input.inout) {
      inouts.push_back(i);
      outputTypes.push_back(inputTypes[i]);
      outputDims.push_back(inputDims[i]);
    }
  auto outputName = [&](size_t i) {
    if (!decl.outputs[i].name.empty())
      return decl.outputs[i].name;
    return decl.outputs.size() == 1 ? std::string("out")
                                    : "out" + std::to_string(i);
  };

  builder.setInsertionPointToEnd(module.getBody());
  auto func = builder.create<func::FuncOp>(
      loc(decl.pos), decl.name,
      builder.getFunctionType(inputTypes, outputTypes));
  state.func = func;
  func->setAttr("seqc.model", builder.getUnitAttr());
  Block *entry = func.addEntryBlock();
  Frame frame;
  // All argument and result attributes at once: attributes live as long as
  // the context, and setting them one at a time builds an array per
  // argument (memory quadratic in the inputs: 1 GB for 8,000).
  SmallVector<Attribute> argAttrs, resultAttrs;
  for (auto [i, input] : llvm::enumerate(decl.inputs)) {
    entry->getArgument(i).setLoc(loc(input.pos));
    SmallVector<NamedAttribute> attrs = {
        builder.getNamedAttr("seqc.dims", inputDims[i]),
        builder.getNamedAttr("seqc.name", builder.getStringAttr(input.name))};
    if (input.inout)
      attrs.push_back(
          builder.getNamedAttr("seqc.inout", builder.getUnitAttr()));
    argAttrs.push_back(builder.getDictionaryAttr(attrs));
    frame.vars[input.name] = Val::ofTensor(entry->getArgument(i));
  }
  for (size_t i = 0; i < decl.outputs.size(); ++i)
    resultAttrs.push_back(builder.getDictionaryAttr(
        {builder.getNamedAttr("seqc.dims", outputDims[i]),
         builder.getNamedAttr("seqc.name",
                              builder.getStringAttr(outputName(i)))}));
  for (size_t i : inouts)
    resultAttrs.push_back(builder.getDictionaryAttr(
        {builder.getNamedAttr("seqc.dims", inputDims[i]),
         builder.getNamedAttr("seqc.name",
                              builder.getStringAttr(decl.inputs[i].name)),
         builder.getNamedAttr("seqc.inout", builder.getI64IntegerAttr(i))}));
  func.setAllArgAttrs(argAttrs);
  func.setAllResultAttrs(resultAttrs);
  builder.setInsertionPointToStart(entry);

  genBody(decl.body, frame);
  if (statementsRun < 0) {
    model = nullptr;
    return;
  }

  if (!frame.returned) {
    error(decl.pos) << "model '" << decl.name
                    << "' ends without 'return' of its outputs";
    model = nullptr;
    return;
  }
  std::vector<Val> &values = *frame.returned;
  if (values.size() != decl.outputs.size()) {
    error(frame.returnPos) << "model '" << decl.name << "' declares "
                           << decl.outputs.size() << " output"
                           << (decl.outputs.size() == 1 ? "" : "s")
                           << " but returns " << values.size() << " value"
                           << (values.size() == 1 ? "" : "s");
    model = nullptr;
    return;
  }
  SmallVector<Value> results;
  bool ok = true;
  for (auto [i, value] : llvm::enumerate(values)) {
    Pos pos = i < frame.returnPositions.size() ? frame.returnPositions[i]
                                               : frame.returnPos;
    if (value.isPoison()) {
      ok = false;
      continue;
    }
    auto declared = llvm::cast<RankedTensorType>(outputTypes[i]);
    if (!value.is(Val::Kind::Tensor)) {
      error(pos) << "output '" << outputName(i) << "' must be a tensor, got "
                 << describe(value);
      ok = false;
      continue;
    }
    auto actual = llvm::cast<RankedTensorType>(value.tensor.getType());
    if (!typesCompatible(declared, actual)) {
      error(pos) << "output '" << outputName(i) << "' is declared "
                 << specString(decl.outputs[i].type)
                 << " but the model returns " << typeString(actual);
      ok = false;
      continue;
    }
    Value result = value.tensor;
    if (actual != declared)
      result = builder.create<tensor::CastOp>(loc(pos), declared, result);
    results.push_back(result);
  }
  // An in/out input's result is what its name holds at the return.
  for (size_t i : inouts) {
    const ModelInput &input = decl.inputs[i];
    const Val &value = frame.vars[input.name];
    if (value.isPoison()) {
      ok = false;
      continue;
    }
    auto declared = llvm::cast<RankedTensorType>(inputTypes[i]);
    if (!value.is(Val::Kind::Tensor) ||
        !typesCompatible(
            declared, llvm::cast<RankedTensorType>(value.tensor.getType()))) {
      error(frame.returnPos)
          << "in/out input '" << input.name << "' is declared "
          << specString(input.type) << " but holds "
          << (value.is(Val::Kind::Tensor) ? typeString(value.tensor.getType())
                                          : describe(value))
          << " at the return";
      ok = false;
      continue;
    }
    Value result = value.tensor;
    if (result.getType() != declared)
      result = builder.create<tensor::CastOp>(loc(frame.returnPos), declared,
                                              result);
    results.push_back(result);
  }
  if (ok)
    builder.create<func::ReturnOp>(loc(frame.returnPos), results);
  // Weights that only outlined block calls use were copied into them.
  for (Operation &op : llvm::make_early_inc_range(func.getBody().front()))
    if (op.hasTrait<OpTrait::ConstantLike>() && op.use_empty())
      op.erase();
  model = nullptr;
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

void MLIRGen::bind(Frame &frame, const Target &target, Val value) {
  if (target.name == "_")
    return;
  frame.vars[target.name] = std::move(value);
}

/// The first return statement in `body`, including those in nested `for`
/// and `with` bodies, or null.
static const ReturnStmt *findReturn(const Body &body) {
  for (const StmtPtr &stmt : body) {
    if (auto *ret = llvm::dyn_cast<ReturnStmt>(stmt.get()))
      return ret;
    const Body *inner = nullptr;
    if (auto *loop = llvm::dyn_cast<ForStmt>(stmt.get()))
      inner = &loop->getBody();
    else if (auto *with = llvm::dyn_cast<WithStmt>(stmt.get()))
      inner = &with->getBody();
    if (inner)
      if (const ReturnStmt *ret = findReturn(*inner))
        return ret;
  }
  return nullptr;
}

void MLIRGen::genBody(const Body &body, Frame &frame) {
  for (const StmtPtr &stmt : body) {
    if (statementsRun < 0)
      return;
    if (++statementsRun > kMaxStatements) {
      error(stmt->getPos()) << "the model unrolls to more than "
                            << kMaxStatements << " statements";
      statementsRun = -1;
      return;
    }
    if (frame.returned) {
      error(stmt->getPos()) << "statement after 'return' is never run";
      return;
    }
    genStmt(*stmt, frame);
  }
}

void MLIRGen::genStmt(const Stmt &stmt, Frame &frame) {
  if (auto *assign = llvm::dyn_cast<AssignStmt>(&stmt)) {
    Val value = genExpr(assign->getValue(), frame);
    const std::vector<Target> &targets = assign->getTargets();
    if (value.isPoison()) {
      for (const Target &target : targets)
        bind(frame, target, Val::poison());
      return;
    }
    size_t count = value.is(Val::Kind::Tuple) ? value.elements.size() : 1;
    if (count != targets.size()) {
      auto diag = error(targets.front().pos);
      diag << "cannot assign " << count << " value" << (count == 1 ? "" : "s")
           << " to " << targets.size() << " name"
           << (targets.size() == 1 ? "" : "s");
      if (auto *call = llvm::dyn_cast<CallExpr>(&assign->getValue()))
        if (const OpSpec *spec = lookupOpSpec(call->getCallee()))
          if (spec->results && *spec->results)
            diag << ": " << spec->name << " returns (" << spec->results
                 << "); use '_' for the ones you do not need";
      for (const Target &target : targets)
        bind(frame, target, Val::poison());
      return;
    }
    if (targets.size() == 1) {
      bind(frame, targets.front(), std::move(value));
      return;
    }
    for (auto [target, element] : llvm::zip(targets, value.elements))
      bind(frame, target, std::move(element));
    return;
  }

  if (auto *loop = llvm::dyn_cast<ForStmt>(&stmt)) {
    Val begin = genExpr(loop->getBegin(), frame);
    Val end = genExpr(loop->getEnd(), frame);
    bool ok = true;
    for (auto [value, expr] :
         {std::pair<Val *, const Expr *>{&begin, &loop->getBegin()},
          {&end, &loop->getEnd()}}) {
      if (value->isPoison()) {
        ok = false;
      } else if (!value->is(Val::Kind::Int)) {
        error(expr->getPos()) << "a loop bound must be an integer, got "
                              << describe(*value);
        ok = false;
      }
    }
    int64_t iterations = 0;
    if (ok && (__builtin_sub_overflow(end.intValue, begin.intValue,
                                      &iterations) ||
               iterations > kMaxIterations)) {
      error(loop->getPos()) << "the loop has "
                            << (iterations > 0 ? std::to_string(iterations)
                                               : std::string("too many"))
                            << " iterations; at most " << kMaxIterations
                            << " are unrolled";
      ok = false;
    }
    // A model or block returns once, after its loops: a return in a loop
    // body would end the unrolling after one iteration.
    if (const ReturnStmt *ret = findReturn(loop->getBody())) {
      error(ret->getPos()) << "'return' inside a 'for' loop; return after "
                           << "the loop";
      ok = false;
    }
    if (!ok) {
      // Still check the body once, with the variable poisoned; a return in
      // it (reported above) does not end the enclosing body.
      bind(frame, loop->getVar(), Val::poison());
      genBody(loop->getBody(), frame);
      frame.returned.reset();
      return;
    }
    for (int64_t i = begin.intValue; i < end.intValue && !frame.returned; ++i) {
      bind(frame, loop->getVar(), Val::ofInt(i));
      genBody(loop->getBody(), frame);
    }
    return;
  }

  if (auto *with = llvm::dyn_cast<WithStmt>(&stmt)) {
    Val prefix = genExpr(with->getPrefix(), frame);
    std::string saved = frame.prefix;
    if (prefix.is(Val::Kind::String))
      frame.prefix = joinPrefix(saved, prefix.str);
    else if (!prefix.isPoison())
      error(with->getPrefix().getPos())
          << "'with' needs a weight name prefix (a string), got "
          << describe(prefix);
    genBody(with->getBody(), frame);
    frame.prefix = saved;
    return;
  }

  if (auto *ret = llvm::dyn_cast<ReturnStmt>(&stmt)) {
    std::vector<Val> values;
    std::vector<Pos> positions;
    for (const ExprPtr &expr : ret->getValues()) {
      values.push_back(genExpr(*expr, frame));
      positions.push_back(expr->getPos());
    }
    frame.returned = std::move(values);
    frame.returnPos = ret->getPos();
    frame.returnPositions = std::move(positions);
    return;
  }

  auto *bad = llvm::cast<ErrorStmt>(&stmt);
  for (const Target &target : bad->getTargets())
    bind(frame, target, Val::poison());
  if (!bad->areTargetsKnown())
    frame.quietUnknownNames = true;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Val MLIRGen::genExpr(const Expr &expr, Frame &frame) {
  switch (expr.getKind()) {
  case Expr::Kind::Int:
    return Val::ofInt(llvm::cast<IntExpr>(expr).getValue());
  case Expr::Kind::Float:
    return Val::ofFloat(llvm::cast<FloatExpr>(expr).getValue());
  case Expr::Kind::Bool:
    return Val::ofBool(llvm::cast<BoolExpr>(expr).getValue());
  case Expr::Kind::None:
    return Val::none();
  case Expr::Kind::String:
    return genString(llvm::cast<StringExpr>(expr), frame);
  case Expr::Kind::Name:
    return genName(llvm::cast<NameExpr>(expr), frame);
  case Expr::Kind::Call:
    return genCall(llvm::cast<CallExpr>(expr), frame);
  case Expr::Kind::Binary:
    return genBinary(llvm::cast<BinaryExpr>(expr), frame);
  case Expr::Kind::Unary:
    return genNegate(llvm::cast<UnaryExpr>(expr), frame);
  case Expr::Kind::List: {
    std::vector<Val> elements;
    for (const ExprPtr &e : llvm::cast<ListExpr>(expr).getElements()) {
      elements.push_back(genExpr(*e, frame));
      if (elements.back().isPoison())
        return Val::poison();
    }
    return Val::tuple(std::move(elements));
  }
  }
  return Val::poison();
}

std::optional<Val> MLIRGen::lookupName(llvm::StringRef name, Frame &frame) {
  auto var = frame.vars.find(name);
  if (var != frame.vars.end())
    return var->second;
  if (model && model->dims.count(name))
    return Val::ofString(Val::Kind::Dim, name.str());
  auto global = globals.find(name);
  if (global != globals.end())
    return global->second;
  return std::nullopt;
}

void MLIRGen::reportUnknownName(llvm::StringRef name, Pos pos, Frame &frame) {
  if (frame.quietUnknownNames)
    return;
  std::vector<std::string> candidates;
  for (auto &entry : frame.vars)
    candidates.push_back(entry.getKey().str());
  if (model)
    for (auto &entry : model->dims)
      candidates.push_back(entry.getKey().str());
  for (auto &entry : globals)
    candidates.push_back(entry.getKey().str());
  llvm::sort(candidates);
  error(pos) << "unknown name '" << name << "'"
             << didYouMean(closestNames(name, candidates, 3));
}

Val MLIRGen::genName(const NameExpr &expr, Frame &frame) {
  if (std::optional<Val> value = lookupName(expr.getName(), frame))
    return *value;
  if (isEnumWord(expr.getName()))
    return Val::ofString(Val::Kind::Symbol, expr.getName().str());
  reportUnknownName(expr.getName(), expr.getPos(), frame);
  return Val::poison();
}

Val MLIRGen::genString(const StringExpr &expr, Frame &frame) {
  llvm::StringRef raw = expr.getRaw();
  std::string result;
  // One mistake, one error: the first bad escape or name ends the string
  // (a string with thousands of them once printed one error each).
  // Positions inside the string: the opening quote is at col.
  auto posAt = [&](size_t i) {
    return Pos{expr.getPos().line, expr.getPos().col + 1 + unsigned(i)};
  };
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      char e = raw[++i];
      switch (e) {
      case 'n':
        result += '\n';
        break;
      case 't':
        result += '\t';
        break;
      case '\\':
      case '"':
      case '{':
      case '}':
        result += e;
        break;
      default:
        error(posAt(i - 1)) << "unknown escape '\\" << e << "' in a string";
        return Val::poison();
      }
      continue;
    }
    if (c == '{') {
      if (i + 1 < raw.size() && raw[i + 1] == '{') {
        result += '{';
        ++i;
        continue;
      }
      size_t close = raw.find('}', i);
      if (close == llvm::StringRef::npos) {
        error(posAt(i)) << "'{' in a string needs a closing '}' (write '{{' "
                           "for a brace)";
        return Val::poison();
      }
      llvm::StringRef name = raw.slice(i + 1, close).trim();
      std::optional<Val> value = lookupName(name, frame);
      if (!value) {
        if (name.empty())
          error(posAt(i)) << "'{}' in a string needs a name inside";
        else
          reportUnknownName(name, posAt(i + 1), frame);
        return Val::poison();
      } else if (value->is(Val::Kind::Int)) {
        result += std::to_string(value->intValue);
      } else if (value->is(Val::Kind::String)) {
        result += value->str;
      } else if (value->isPoison()) {
        return Val::poison();
      } else {
        error(posAt(i + 1)) << "'{" << name
                            << "}' in a string needs an integer or a "
                               "string, got "
                            << describe(*value);
        return Val::poison();
      }
      i = close;
      continue;
    }
    if (c == '}' && i + 1 < raw.size() && raw[i + 1] == '}')
      ++i;
    result += c;
  }
  return Val::ofString(Val::Kind::String, std::move(result));
}

Val MLIRGen::genArith(char op, const Val &lhs, const Val &rhs, Pos pos,
                      llvm::StringRef name) {
  if (lhs.isPoison() || rhs.isPoison())
    return Val::poison();
  std::string opName = name.empty()
                           ? std::string("'") + binaryOpSpelling(op) + "'"
                           : name.str();
  if (lhs.isNumber() && rhs.isNumber()) {
    bool ints = lhs.is(Val::Kind::Int) && rhs.is(Val::Kind::Int);
    double a = lhs.number(), b = rhs.number();
    if (ints && op != '/') {
      // Integers (sizes, dims, loop bounds) fold exactly or not at all.
      int64_t x = lhs.intValue, y = rhs.intValue, result;
      bool overflow = op == '+'   ? __builtin_add_overflow(x, y, &result)
                      : op == '-' ? __builtin_sub_overflow(x, y, &result)
                                  : __builtin_mul_overflow(x, y, &result);
      if (overflow) {
        error(pos) << opName << " overflows 64-bit integers: " << x << " "
                   << binaryOpSpelling(op) << " " << y;
        return Val::poison();
      }
      return Val::ofInt(result);
    }
    switch (op) {
    case '+':
      return Val::ofFloat(a + b);
    case '-':
      return Val::ofFloat(a - b);
    case '*':
      return Val::ofFloat(a * b);
    default:
      if (b == 0.0) {
        error(pos) << "division by zero";
        return Val::poison();
      }
      return Val::ofFloat(a / b);
    }
  }
  for (const Val *v : {&lhs, &rhs}) {
    bool ok = v->isNumber() ||
              (v->is(Val::Kind::Tensor) &&
               llvm::cast<RankedTensorType>(v->tensor.getType())
                   .getElementType()
                   .isF32());
    if (!ok) {
      error(pos) << opName << " needs f32 tensors or numbers, got "
                 << describe(*v);
      return Val::poison();
    }
  }
  OpCall call{opName, pos, loc(pos), {}, std::nullopt, "", {}};
  auto operand = [&](const Val &v) {
    return v.is(Val::Kind::Tensor) ? v.tensor
                                   : floatConstant(v.number(), call.loc);
  };
  Value a = operand(lhs), b = operand(rhs);
  Operation *result = nullptr;
  switch (op) {
  case '+':
    result = buildOp<seq::AddOp>(*this, call, {a, b}, {});
    break;
  case '-':
    result = buildOp<seq::SubOp>(*this, call, {a, b}, {});
    break;
  case '*':
    result = buildOp<seq::MulOp>(*this, call, {a, b}, {});
    break;
  default:
    result = buildOp<seq::DivOp>(*this, call, {a, b}, {});
    break;
  }
  return result ? Val::ofTensor(result->getResult(0)) : Val::poison();
}

/// Whether 1/c is exactly representable in f32 (c a power of two), so that
/// x / c may be computed as x * (1/c) with the same result.
static bool hasExactReciprocal(double c) {
  int exponent;
  double mantissa = std::frexp(c, &exponent);
  return std::abs(mantissa) == 0.5 && exponent > -125 && exponent < 127;
}

Val MLIRGen::genBinary(const BinaryExpr &expr, Frame &frame) {
  // A left-associative chain (x + x + ... + x, tens of thousands of terms
  // in a generated file) is walked down its left spine and evaluated
  // bottom-up in a loop, not by one recursion per term.
  SmallVector<const BinaryExpr *> spine{&expr};
  while (auto *inner = llvm::dyn_cast<BinaryExpr>(&spine.back()->getLhs()))
    spine.push_back(inner);
  Val lhs = genExpr(spine.back()->getLhs(), frame);
  for (const BinaryExpr *step : llvm::reverse(spine)) {
    if (lhs.isPoison())
      return lhs;
    Val rhs = genExpr(step->getRhs(), frame);
    lhs = combineBinary(*step, lhs, rhs);
  }
  return lhs;
}

Val MLIRGen::combineBinary(const BinaryExpr &expr, const Val &lhs,
                           const Val &rhs) {
  if (lhs.isPoison() || rhs.isPoison())
    return Val::poison();
  Pos pos = expr.getPos();
  char op = expr.getOp();
  std::string opName = std::string("'") + binaryOpSpelling(op) + "'";
  // Sizes: a dim or a run-time size with an integer or another size, for
  // positions such as `item(step) + 1`.
  auto isSize = [](const Val &v) {
    return v.is(Val::Kind::Dim) || v.is(Val::Kind::Int);
  };
  if ((lhs.is(Val::Kind::Dim) || rhs.is(Val::Kind::Dim)) && isSize(lhs) &&
      isSize(rhs) && llvm::StringRef("+-*").contains(op)) {
    Value a = sizeValue(lhs, pos), b = sizeValue(rhs, pos);
    Location l = loc(pos);
    Value r = op == '+'   ? builder.create<arith::AddIOp>(l, a, b).getResult()
              : op == '-' ? builder.create<arith::SubIOp>(l, a, b).getResult()
                          : builder.create<arith::MulIOp>(l, a, b).getResult();
    return Val::ofSize(r);
  }
  for (const Val *v : {&lhs, &rhs})
    if (!v->isNumber() && !v->is(Val::Kind::Tensor) &&
        !(v->is(Val::Kind::Bool) && llvm::StringRef("=!").contains(op))) {
      error(pos) << opName << " needs tensors or numbers, got "
                 << describe(*v);
      return Val::poison();
    }

  switch (op) {
  case '+':
  case '*':
  case '-':
    return genArith(op, lhs, rhs, pos);
  case '/':
    // x / c is a product when 1/c is exact (the same result, cheaper).
    if (lhs.is(Val::Kind::Tensor) && rhs.isNumber() &&
        hasExactReciprocal(rhs.number()))
      return genArith('*', lhs, Val::ofFloat(1.0 / rhs.number()), pos);
    return genArith('/', lhs, rhs, pos);
  case '@': {
    if (!lhs.is(Val::Kind::Tensor) || !rhs.is(Val::Kind::Tensor)) {
      error(pos) << "'@' needs two tensors, got "
                 << describe(lhs.is(Val::Kind::Tensor) ? rhs : lhs);
      return Val::poison();
    }
    OpCall call{"'@'", pos, loc(pos), {}, std::nullopt, "", {}};
    Operation *result =
        buildOp<seq::MatmulOp>(*this, call, {lhs.tensor, rhs.tensor}, {});
    return result ? Val::ofTensor(result->getResult(0)) : Val::poison();
  }
  default:
    return genCompare(op, lhs, rhs, pos, opName);
  }
}

Val MLIRGen::genCompare(char op, const Val &lhs, const Val &rhs, Pos pos,
                        llvm::StringRef opName) {
  if (lhs.isPoison() || rhs.isPoison())
    return Val::poison();
  if (!lhs.is(Val::Kind::Tensor) && !rhs.is(Val::Kind::Tensor)) {
    if (lhs.is(Val::Kind::Bool) || rhs.is(Val::Kind::Bool)) {
      if (!lhs.is(Val::Kind::Bool) || !rhs.is(Val::Kind::Bool)) {
        error(pos) << opName << " compares true/false with a number";
        return Val::poison();
      }
      return Val::ofBool(op == '=' ? lhs.boolValue == rhs.boolValue
                                   : lhs.boolValue != rhs.boolValue);
    }
    double a = lhs.number(), b = rhs.number();
    switch (op) {
    case '=': return Val::ofBool(a == b);
    case '!': return Val::ofBool(a != b);
    case '<': return Val::ofBool(a < b);
    case 'l': return Val::ofBool(a <= b);
    case '>': return Val::ofBool(a > b);
    default: return Val::ofBool(a >= b);
    }
  }
  seq::ComparePredicate predicate =
      op == '='   ? seq::ComparePredicate::eq
      : op == '!' ? seq::ComparePredicate::ne
      : op == '<' ? seq::ComparePredicate::lt
      : op == 'l' ? seq::ComparePredicate::le
      : op == '>' ? seq::ComparePredicate::gt
                  : seq::ComparePredicate::ge;
  OpCall call{opName, pos, loc(pos), {}, std::nullopt, "", {}};
  auto [a, b] = promoteOperands(lhs, rhs, call.loc);
  if (!a || !b) {
    error(pos) << opName << " needs tensors, numbers or true/false, got "
               << describe(lhs) << " and " << describe(rhs);
    return Val::poison();
  }
  Operation *result = buildOp<seq::CompareOp>(
      *this, call, {a, b},
      {builder.getNamedAttr("predicate", seq::ComparePredicateAttr::get(
                                             &context, predicate))});
  return result ? Val::ofTensor(result->getResult(0)) : Val::poison();
}

Value MLIRGen::castTensor(Value tensor, Type element, Location at) {
  auto type = llvm::cast<RankedTensorType>(tensor.getType());
  if (type.getElementType() == element)
    return tensor;
  return builder.create<seq::CastOp>(at, type.clone(element), tensor);
}

std::pair<Value, Value> MLIRGen::promoteOperands(const Val &lhs,
                                                 const Val &rhs, Location at) {
  // PyTorch's promotion, for the types the language has: a float anywhere
  // makes f32; integers of two widths make i64; bool meets a number as that
  // number's type. A scalar takes the tensor's type when it fits it.
  auto elementOf = [](const Val &v) -> Type {
    return v.is(Val::Kind::Tensor)
               ? llvm::cast<RankedTensorType>(v.tensor.getType())
                     .getElementType()
               : Type();
  };
  Type lt = elementOf(lhs), rt = elementOf(rhs);
  Type f32 = builder.getF32Type(), i64 = builder.getI64Type();
  auto isFloatScalar = [](const Val &v) { return v.is(Val::Kind::Float); };
  auto isIntScalar = [](const Val &v) { return v.is(Val::Kind::Int); };
  Type common;
  if ((lt && llvm::isa<FloatType>(lt)) || (rt && llvm::isa<FloatType>(rt)) ||
      isFloatScalar(lhs) || isFloatScalar(rhs))
    common = f32;
  else if (lt && rt)
    common = lt == rt ? lt
             : lt.isInteger(1) ? rt
             : rt.isInteger(1) ? lt
                               : i64;
  else {
    Type t = lt ? lt : rt;
    const Val &scalar = lt ? rhs : lhs;
    if (isIntScalar(scalar))
      common = t.isInteger(1) ? i64 : t;
    else if (scalar.is(Val::Kind::Bool))
      common = t;
    else
      return {Value(), Value()};
  }
  auto operand = [&](const Val &v) -> Value {
    if (v.is(Val::Kind::Tensor))
      return castTensor(v.tensor, common, at);
    if (llvm::isa<FloatType>(common))
      return v.isNumber() ? floatConstant(v.number(), at) : Value();
    int64_t value = v.is(Val::Kind::Bool) ? v.boolValue
                    : v.is(Val::Kind::Int) ? v.intValue
                                           : 0;
    if (!v.is(Val::Kind::Bool) && !v.is(Val::Kind::Int))
      return Value();
    return builder.create<arith::ConstantOp>(
        at, builder.getIntegerAttr(common, common.isInteger(1) ? value != 0
                                                                : value));
  };
  return {operand(lhs), operand(rhs)};
}

Val MLIRGen::genNegate(const UnaryExpr &expr, Frame &frame) {
  Val operand = genExpr(expr.getOperand(), frame);
  if (operand.isPoison())
    return operand;
  if (operand.is(Val::Kind::Int)) {
    if (operand.intValue == std::numeric_limits<int64_t>::min()) {
      error(expr.getPos()) << "'-' overflows 64-bit integers: -("
                           << operand.intValue << ")";
      return Val::poison();
    }
    return Val::ofInt(-operand.intValue);
  }
  if (operand.is(Val::Kind::Float))
    return Val::ofFloat(-operand.floatValue);
  if (operand.is(Val::Kind::Tensor))
    return genArith('*', Val::ofFloat(-1.0), operand, expr.getPos());
  error(expr.getPos()) << "'-' needs a tensor or a number, got "
                       << describe(operand);
  return Val::poison();
}

Val MLIRGen::genCall(const CallExpr &expr, Frame &frame) {
  std::vector<EvalArg> args;
  for (const Arg &arg : expr.getArgs()) {
    EvalArg evaluated;
    evaluated.name = arg.name;
    evaluated.namePos = arg.namePos;
    evaluated.pos = arg.value->getPos();
    // A bare unknown name may be an enum value (`activation=gelu`); the
    // parameter it binds to decides.
    auto *name = llvm::dyn_cast<NameExpr>(arg.value.get());
    if (name && !lookupName(name->getName(), frame))
      evaluated.value = Val::ofString(Val::Kind::Symbol, name->getName().str());
    else
      evaluated.value = genExpr(*arg.value, frame);
    args.push_back(std::move(evaluated));
  }

  auto block = blocks.find(expr.getCallee());
  if (block != blocks.end())
    return genBlockCall(*block->second, expr, args, frame);
  if (const OpSpec *spec = lookupOpSpec(expr.getCallee()))
    return genOpCall(*spec, expr, args, frame);

  std::vector<std::string> candidates;
  for (const OpSpec &spec : allOpSpecs())
    candidates.push_back(spec.name);
  for (auto &entry : blocks)
    candidates.push_back(entry.getKey().str());
  error(expr.getPos()) << "unknown op '" << expr.getCallee() << "'"
                       << didYouMean(closestNames(expr.getCallee(),
                                                  candidates, 3));
  return Val::poison();
}

bool MLIRGen::checkSymbolArg(const EvalArg &arg, Frame &frame) {
  if (!arg.value.is(Val::Kind::Symbol) || isEnumWord(arg.value.str))
    return true;
  reportUnknownName(arg.value.str, arg.pos, frame);
  return false;
}

Val MLIRGen::genBlockCall(const BlockDecl &block, const CallExpr &call,
                          std::vector<EvalArg> &args, Frame &frame) {
  if (llvm::is_contained(blockStack, llvm::StringRef(block.name))) {
    error(call.getPos()) << "block '" << block.name
                         << "' calls itself; blocks cannot be recursive";
    return Val::poison();
  }
  if (blockStack.size() >= kMaxBlockDepth) {
    error(call.getPos()) << "block calls nest more than " << kMaxBlockDepth
                         << " deep here (a call of block '" << block.name
                         << "')";
    return Val::poison();
  }
  // The block is on the stack while its defaults are evaluated too: a
  // default that calls the block is recursion like a body that does.
  blockStack.push_back(block.name);
  auto popBlock = llvm::make_scope_exit([&] { blockStack.pop_back(); });

  Frame inner;
  inner.prefix = frame.prefix;
  bool ok = true;
  std::vector<const EvalArg *> bound(block.params.size(), nullptr);
  size_t positional = 0;
  for (const EvalArg &arg : args) {
    if (!checkSymbolArg(arg, frame)) {
      ok = false;
      continue;
    }
    if (arg.name.empty()) {
      if (positional >= block.params.size()) {
        error(arg.pos) << "block '" << block.name << "' takes "
                       << block.params.size() << " argument"
                       << (block.params.size() == 1 ? "" : "s") << ", got more";
        ok = false;
        break;
      }
      bound[positional++] = &arg;
      continue;
    }
    if (arg.name == "weights") {
      if (arg.value.is(Val::Kind::String))
        inner.prefix = joinPrefix(frame.prefix, arg.value.str);
      else if (!arg.value.isPoison()) {
        error(arg.pos) << "weights= needs a weight name prefix (a string), got "
                       << describe(arg.value);
        ok = false;
      } else {
        ok = false;
      }
      continue;
    }
    auto it = llvm::find_if(block.params, [&](const BlockParam &p) {
      return p.name == arg.name;
    });
    if (it == block.params.end()) {
      std::vector<std::string> names{"weights"};
      for (const BlockParam &p : block.params)
        names.push_back(p.name);
      error(arg.namePos) << "unknown keyword argument '" << arg.name
                         << "' for block '" << block.name << "'"
                         << didYouMean(closestNames(arg.name, names, 3));
      ok = false;
      continue;
    }
    size_t index = it - block.params.begin();
    if (bound[index]) {
      error(arg.namePos) << "argument '" << arg.name << "' of block '"
                         << block.name << "' is given twice";
      ok = false;
      continue;
    }
    bound[index] = &arg;
  }

  for (auto [param, arg] : llvm::zip(block.params, bound)) {
    if (arg) {
      if (arg->value.isPoison())
        ok = false;
      inner.vars[param.name] = arg->value;
      continue;
    }
    if (param.defaultValue) {
      inner.vars[param.name] = genExpr(*param.defaultValue, inner);
      continue;
    }
    error(call.getPos()) << "block '" << block.name << "' needs argument '"
                         << param.name << "'";
    ok = false;
  }
  if (!ok)
    return Val::poison();

  callStack.push_back({block.name, loc(call.getPos())});
  // The ops of this call are those the body appends after a marker (weights
  // and dims go to the top of the model, before it).
  Block *body = builder.getInsertionBlock();
  bool atEnd = builder.getInsertionPoint() == body->end();
  Operation *before = builder.create<arith::ConstantIndexOp>(loc(call.getPos()), 0);
  auto eraseMarker = llvm::make_scope_exit([&] { before->erase(); });
  genBody(block.body, inner);
  if (!inner.returned && statementsRun >= 0)
    error(block.pos) << "block '" << block.name << "' ends without 'return'";
  callStack.pop_back();
  if (!inner.returned)
    return Val::poison();
  std::vector<Val> &values = *inner.returned;
  for (const Val &value : values)
    if (value.isPoison())
      return Val::poison();
  if (atEnd && options.outlineBlocks)
    outlineBlockCall(block, loc(call.getPos()), body, before, values);
  if (values.size() == 1)
    return values.front();
  return Val::tuple(std::move(values));
}

/// Every tensor of `value` (a tensor or a tuple of them).
static void collectTensors(Val &value, SmallVectorImpl<Val *> &tensors) {
  if (value.is(Val::Kind::Tensor))
    tensors.push_back(&value);
  for (Val &element : value.elements)
    collectTensors(element, tensors);
}

void MLIRGen::outlineBlockCall(const BlockDecl &block, Location callLoc,
                               Block *body, Operation *before,
                               std::vector<Val> &values) {
  auto first = std::next(before->getIterator());
  if (first == body->end())
    return;
  SmallVector<Operation *> ops;
  for (Operation &op : llvm::make_range(first, body->end()))
    ops.push_back(&op);
  llvm::SmallPtrSet<Operation *, 32> inRange(ops.begin(), ops.end());
  auto isInside = [&](Value v) {
    Operation *def = v.getDefiningOp();
    if (!def)
      def = v.getParentBlock()->getParentOp();
    for (; def; def = def->getParentOp())
      if (inRange.contains(def))
        return true;
    return false;
  };

  // Results: the returned tensors computed here; operands: the values from
  // outside that the ops read, except constants (the weights), which are
  // copied in so that each function is self-contained and its weights can
  // be packed at compile time.
  SmallVector<Val *> returned;
  for (Val &value : values)
    collectTensors(value, returned);
  SmallVector<Value> results;
  for (Val *value : returned)
    if (isInside(value->tensor) && !llvm::is_contained(results, value->tensor))
      results.push_back(value->tensor);
  if (results.empty())
    return;
  llvm::SetVector<Value> inputs;
  llvm::SetVector<Operation *> constants;
  for (Operation *op : ops)
    op->walk([&](Operation *nested) {
      for (Value operand : nested->getOperands()) {
        if (isInside(operand))
          continue;
        if (Operation *def = operand.getDefiningOp();
            def && def->hasTrait<OpTrait::ConstantLike>())
          constants.insert(def);
        else
          inputs.insert(operand);
      }
    });

  SmallVector<Type> inputTypes, resultTypes;
  for (Value input : inputs)
    inputTypes.push_back(input.getType());
  for (Value result : results)
    resultTypes.push_back(result.getType());
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(model->func);
  // `<model>.<block>`, then `<model>.<block>.1`, ...: no name of the
  // language has a dot, so these cannot clash with a model's.
  std::string name = model->func.getSymName().str() + "." + block.name;
  if (unsigned n = outlinedNames[name]++)
    name += "." + std::to_string(n);
  auto func = builder.create<func::FuncOp>(
      loc(block.pos), name, builder.getFunctionType(inputTypes, resultTypes));
  func.setPrivate();
  Block *entry = func.addEntryBlock();

  // Constants first, then the ops moved in, then the uses of outside values
  // redirected to the arguments and copies.
  builder.setInsertionPointToStart(entry);
  IRMapping mapping;
  for (auto [input, arg] : llvm::zip(inputs, entry->getArguments()))
    mapping.map(input, arg);
  for (Operation *constant : constants)
    mapping.map(constant->getResults(),
                builder.clone(*constant)->getResults());
  for (Operation *op : ops)
    op->moveBefore(entry, entry->end());
  for (Operation *op : ops)
    op->walk([&](Operation *nested) {
      for (OpOperand &operand : nested->getOpOperands())
        if (Value mapped = mapping.lookupOrNull(operand.get()))
          operand.set(mapped);
    });
  builder.setInsertionPointToEnd(entry);
  builder.create<func::ReturnOp>(callLoc, results);

  builder.setInsertionPointToEnd(body);
  auto callOp = builder.create<func::CallOp>(callLoc, func, inputs.getArrayRef());
  for (Val *value : returned)
    for (auto [result, replacement] : llvm::zip(results, callOp.getResults()))
      if (value->tensor == result)
        value->tensor = replacement;
}

//===----------------------------------------------------------------------===//
// Weights and dims
//===----------------------------------------------------------------------===//

bool MLIRGen::hasWeight(llvm::StringRef key) const {
  return weightsFile && weightsFile->lookup(key);
}

void MLIRGen::reportMissingWeight(llvm::StringRef key, Pos pos) {
  if (!weightsFile) {
    if (model && model->reportedNoWeightsFile)
      return;
    if (model)
      model->reportedNoWeightsFile = true;
    error(pos) << "weight '" << key
               << "' is needed but no weights file was given";
    return;
  }
  llvm::StringRef fileName = llvm::sys::path::filename(weightsFile->path());
  std::vector<std::string> names;
  for (const TensorView &tensor : weightsFile->tensors())
    names.push_back(tensor.name);
  std::vector<std::string> close = closestNames(key, names, 3);
  auto diag = error(pos);
  diag << "weight '" << key << "' is not in " << fileName << didYouMean(close);
  if (!close.empty())
    return;
  // Without a close match, show what the file has under the longest prefix
  // of the name that it has anything under.
  llvm::StringRef parent = key.rsplit('.').first;
  if (parent == key)
    return;
  llvm::StringRef missing = parent;
  std::vector<std::string> siblings;
  while (true) {
    for (const std::string &name : names)
      if (llvm::StringRef(name).starts_with((parent + ".").str()))
        siblings.push_back(name.substr(parent.size() + 1));
    llvm::StringRef up = parent.rsplit('.').first;
    if (!siblings.empty() || up == parent)
      break;
    parent = up;
  }
  if (siblings.empty()) {
    diag.attachNote() << fileName << " has no weight under '" << missing
                      << "'";
    return;
  }
  std::string list;
  for (auto [i, name] : llvm::enumerate(siblings)) {
    if (i == 8) {
      list += ", ...";
      break;
    }
    list += (i ? ", " : "") + name;
  }
  diag.attachNote() << fileName << " has under '" << parent << "': " << list;
}

Val MLIRGen::loadWeight(llvm::StringRef key, Pos pos, bool required) {
  auto cached = model->weights.find(key);
  if (cached != model->weights.end())
    return cached->second;
  const TensorView *view = weightsFile ? weightsFile->lookup(key) : nullptr;
  if (!view) {
    if (!required)
      return Val::none();
    reportMissingWeight(key, pos);
    return model->weights[key] = Val::poison();
  }
  if (view->dtype != WeightDType::F32 && view->dtype != WeightDType::F16 &&
      view->dtype != WeightDType::BF16) {
    error(pos) << "weight '" << key << "' has dtype " << dtypeName(view->dtype)
               << "; weights must be F32, F16 or BF16";
    return model->weights[key] = Val::poison();
  }

  auto type = RankedTensorType::get(view->shape, builder.getF32Type());
  Value value;
  if (options.weights == WeightMode::Runtime) {
    func::FuncOp func = model->func;
    unsigned index = func.getNumArguments();
    func.insertArgument(
        index, type,
        builder.getDictionaryAttr(builder.getNamedAttr(
            "seqc.weight", builder.getStringAttr(key))),
        loc(pos));
    value = func.getArgument(index);
  } else {
    // The file's little-endian F32 bytes are the constant's storage as
    // they are (a blob for large weights: seqc::createWeightAttr); F16 and
    // BF16 are widened first.
    ElementsAttr data =
        createWeightAttr(type, [&](llvm::MutableArrayRef<char> out) {
          if (view->dtype == WeightDType::F32) {
            std::memcpy(out.data(), view->bytes.data(), out.size());
            return;
          }
          std::vector<float> values = view->toF32();
          std::memcpy(out.data(), values.data(), out.size());
        });
    // At the top of the model, where every use can see it: a weight may
    // be loaded inside one block call and used again after it, and block
    // calls become functions (outlineBlockCall).
    OpBuilder::InsertionGuard guard(builder);
    if (model->lastWeight)
      builder.setInsertionPointAfter(model->lastWeight);
    else
      builder.setInsertionPointToStart(&model->func.getBody().front());
    value = builder.create<arith::ConstantOp>(loc(pos), llvm::cast<TypedAttr>(data));
    model->lastWeight = value.getDefiningOp();
  }
  return model->weights[key] = Val::ofTensor(value);
}

Val MLIRGen::weightOperand(OpCall &call, llvm::StringRef operand,
                           llvm::StringRef suffix, bool required) {
  Val result = Val::none();
  std::string key;
  if (const EvalArg *arg = call.get(operand)) {
    switch (arg->value.kind) {
    case Val::Kind::Tensor:
    case Val::Kind::Poison:
      return arg->value;
    case Val::Kind::None:
      if (required) {
        error(arg->pos) << call.name << " needs " << operand
                        << "; it cannot be none";
        return Val::poison();
      }
      return Val::none();
    case Val::Kind::String:
      key = joinPrefix(call.base, arg->value.str);
      result = loadWeight(key, arg->pos, /*required=*/true);
      break;
    default:
      return Val::poison(); // rejected when the arguments were bound
    }
  } else if (call.prefix) {
    key = joinPrefix(*call.prefix, suffix);
    if (required && !hasWeight(key) && call.reportedMissing)
      return Val::poison();
    call.reportedMissing |= required && !hasWeight(key);
    result = loadWeight(key, call.pos, required);
  } else if (required) {
    error(call.pos) << call.name << " needs its weights: weights=\"prefix\" "
                    << "or " << operand << "=";
    return Val::poison();
  }
  if (result.is(Val::Kind::Tensor))
    call.weights.push_back({operand.str(), key});
  return result;
}

Value MLIRGen::sizeValue(const Val &size, Pos pos) {
  if (size.is(Val::Kind::Int))
    return builder.create<arith::ConstantIndexOp>(loc(pos), size.intValue);
  if (size.tensor)
    return size.tensor;
  return dimValue(size.str, pos);
}

Value MLIRGen::dimValue(llvm::StringRef name, Pos pos) {
  auto cached = model->dimValues.find(name);
  if (cached != model->dimValues.end())
    return cached->second;
  auto [input, dim] = model->dims.lookup(name);
  Block &entry = model->func.getBody().front();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(&entry);
  Value value = builder.create<tensor::DimOp>(
      loc(pos), entry.getArgument(input), int64_t(dim));
  model->dimValues[name] = value;
  return value;
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp>
seqc::buildModelModule(llvm::SourceMgr &sourceMgr, MLIRContext &context,
                       const SafeTensors *weights,
                       const FrontendOptions &options) {
  context.loadDialect<seq::SeqDialect, func::FuncDialect, arith::ArithDialect,
                      tensor::TensorDialect, cf::ControlFlowDialect>();
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  llvm::StringRef filename = buffer->getBufferIdentifier();

  // Errors are held back, repeats dropped (a bad line in a loop body or a
  // block fails the same way at every iteration), and then reported in the
  // order of the file, so that syntax and semantic errors interleave as the
  // user reads them. Errors inside a block get a note at each call on the
  // way there.
  std::vector<Diagnostic> errors;
  OwningOpRef<ModuleOp> module;
  {
    llvm::StringSet<> seen;
    MLIRGen *generator = nullptr;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      if (diag.getSeverity() != DiagnosticSeverity::Error)
        return failure();
      std::string key;
      llvm::raw_string_ostream os(key);
      os << diag.getLocation() << ": " << diag.str();
      if (!seen.insert(os.str()).second)
        return success();
      if (generator)
        for (auto it = generator->callStack.rbegin(),
                  end = generator->callStack.rend();
             it != end; ++it)
          diag.attachNote(it->second)
              << "in block '" << it->first << "' called from here";
      errors.push_back(std::move(diag));
      return success();
    });

    auto reportSyntaxError = [&](Pos pos, const llvm::Twine &message) {
      mlir::emitError(
          FileLineColLoc::get(&context, filename, pos.line, pos.col), message);
    };
    Parser parser(buffer->getBuffer(), reportSyntaxError);
    File file = parser.parseFile();

    MLIRGen gen(context, filename, weights, options, file);
    generator = &gen;
    module = gen.build();
    generator = nullptr;
  }

  auto position = [](const Diagnostic &diag) {
    if (auto loc = llvm::dyn_cast<FileLineColLoc>(diag.getLocation()))
      return std::make_pair(loc.getLine(), loc.getColumn());
    return std::make_pair(~0u, ~0u);
  };
  std::vector<size_t> order(errors.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  llvm::sort(order, [&](size_t a, size_t b) {
    return std::make_pair(position(errors[a]), a) <
           std::make_pair(position(errors[b]), b);
  });
  for (size_t i : order)
    context.getDiagEngine().emit(std::move(errors[i]));
  if (!errors.empty())
    return nullptr;
  if (failed(mlir::verify(*module)))
    return nullptr;
  return module;
}
