//===- Model.cpp - model modules and their ABI ------------------*- C++ -*-===//

#include "seqc/Codegen/Model.h"
#include "seqc/Frontend/OnnxImporter.h"
#include "seqc/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>
#include <optional>

using namespace mlir;
using namespace seqc;
using llvm::SmallVector;
using llvm::StringRef;

static bool isIdentifier(StringRef name) {
  return !name.empty() &&
         (llvm::isAlpha(name.front()) || name.front() == '_') &&
         llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

//===----------------------------------------------------------------------===//
// Signatures
//===----------------------------------------------------------------------===//

/// Reads the dims of `type` from `dimsAttr` (may be null). Unnamed dynamic
/// dims are named d<counter> when `counter` is given.
static FailureOr<SmallVector<ModelDim>>
readDims(func::FuncOp func, const llvm::Twine &what, RankedTensorType type,
         Attribute dimsAttr, unsigned *counter) {
  SmallVector<ModelDim> dims;
  auto array = dyn_cast_or_null<ArrayAttr>(dimsAttr);
  if (dimsAttr && (!array || array.size() != type.getShape().size() ||
                   !llvm::all_of(array, llvm::IsaPred<StringAttr>)))
    return func.emitError()
           << what << " of '" << func.getSymName() << "': " << kDimsAttrName
           << " must hold one string per dim "
           << "of " << type;
  for (auto [d, size] : llvm::enumerate(type.getShape())) {
    ModelDim dim;
    dim.size = size;
    if (array) {
      StringRef text = cast<StringAttr>(array[d]).getValue();
      uint64_t number;
      bool isNumber = !text.getAsInteger(10, number);
      if (!isNumber && !isIdentifier(text))
        return func.emitError()
               << what << " of '" << func.getSymName() << "': dim " << d
               << " is named '" << text << "', not an identifier or a size";
      if (isNumber && (ShapedType::isDynamic(size) ||
                       number != static_cast<uint64_t>(size)))
        return func.emitError()
               << what << " of '" << func.getSymName() << "': dim " << d
               << " is " << text << " in " << kDimsAttrName << " but "
               << (ShapedType::isDynamic(size) ? "dynamic"
                                               : std::to_string(size))
               << " in " << type;
      if (!isNumber)
        dim.name = text.str();
    } else if (ShapedType::isDynamic(size) && counter) {
      dim.name = "d" + std::to_string((*counter)++);
    }
    dims.push_back(std::move(dim));
  }
  return dims;
}

static FailureOr<ModelValue>
readValue(func::FuncOp func, Type type, DictionaryAttr attrs,
          const llvm::Twine &what, std::string defaultName, unsigned *counter) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType)
    return func.emitError()
           << what << " of '" << func.getSymName() << "' has type " << type
           << ": models take and return ranked tensors";
  ModelValue value;
  value.type = tensorType;
  value.name = std::move(defaultName);
  if (attrs) {
    if (Attribute name = attrs.get(kNameAttrName)) {
      auto text = dyn_cast<StringAttr>(name);
      if (!text || !isIdentifier(text.getValue()))
        return func.emitError()
               << what << " of '" << func.getSymName() << "': " << kNameAttrName
               << " must be an identifier string";
      value.name = text.getValue().str();
    }
    if (Attribute weight = attrs.get(kWeightAttrName)) {
      auto text = dyn_cast<StringAttr>(weight);
      if (!text || text.getValue().empty())
        return func.emitError()
               << what << " of '" << func.getSymName()
               << "': " << kWeightAttrName << " must be a non-empty string";
      value.weight = text.getValue().str();
    }
  }
  FailureOr<SmallVector<ModelDim>> dims =
      readDims(func, what, tensorType,
               attrs ? attrs.get(kDimsAttrName) : Attribute(), counter);
  if (failed(dims))
    return failure();
  value.dims = std::move(*dims);
  return value;
}

FailureOr<ModelSignature> seqc::getModelSignature(func::FuncOp func) {
  ModelSignature signature;
  signature.func = func;
  signature.name = func.getSymName().str();
  if (!isIdentifier(signature.name))
    return func.emitError()
           << "model name '" << signature.name << "' is not a C identifier";
  FunctionType type = func.getFunctionType();
  unsigned counter = 0;
  for (auto [i, argType] : llvm::enumerate(type.getInputs())) {
    FailureOr<ModelValue> value = readValue(
        func, argType, func.getArgAttrDict(i), "argument " + llvm::Twine(i),
        "arg" + std::to_string(i), &counter);
    if (failed(value))
      return failure();
    for (const ModelDim &dim : value->dims)
      if (dim.isDynamic() && !llvm::is_contained(signature.dimNames, dim.name))
        signature.dimNames.push_back(dim.name);
    if (Attribute inout = func.getArgAttr(i, kInoutAttrName)) {
      if (!isa<UnitAttr>(inout) || value->isWeight())
        return func.emitError()
               << "argument " << i << " of '" << func.getSymName() << "': "
               << kInoutAttrName << " must be a unit attribute on an input";
      value->inout = true;
    }
    // A runtime weight without a name is named after the weight.
    if (value->isWeight() && !func.getArgAttr(i, kNameAttrName)) {
      value->name.clear();
      for (char c : value->weight)
        value->name.push_back(llvm::isAlnum(c) ? c : '_');
      if (!isIdentifier(value->name))
        value->name.insert(0, "w_");
    }
    signature.arguments.push_back(std::move(*value));
  }
  unsigned numResults = type.getNumResults();
  for (auto [i, resultType] : llvm::enumerate(type.getResults())) {
    std::string name = numResults == 1 ? "out" : "out" + std::to_string(i);
    FailureOr<ModelValue> value =
        readValue(func, resultType, func.getResultAttrDict(i),
                  "result " + llvm::Twine(i), name, /*counter=*/nullptr);
    if (failed(value))
      return failure();
    if (value->isWeight())
      return func.emitError() << "result " << i << " of '" << func.getSymName()
                              << "' is marked " << kWeightAttrName;
    if (Attribute inout = func.getResultAttr(i, kInoutAttrName)) {
      auto index = dyn_cast<IntegerAttr>(inout);
      int64_t arg = index ? index.getInt() : -1;
      if (arg < 0 || arg >= int64_t(signature.arguments.size()) ||
          !signature.arguments[arg].inout ||
          signature.arguments[arg].type != value->type)
        return func.emitError()
               << "result " << i << " of '" << func.getSymName() << "': "
               << kInoutAttrName
               << " must be the index of an in/out argument of the same type";
      if (llvm::any_of(signature.results, [&](const ModelValue &r) {
            return r.inoutOf == arg;
          }))
        return func.emitError() << "argument " << arg << " of '"
                                << func.getSymName()
                                << "' is updated by two results";
      value->inoutOf = arg;
      // The new value is the argument's: same name, same dims.
      value->name = signature.arguments[arg].name;
      value->dims = signature.arguments[arg].dims;
    }
    signature.results.push_back(std::move(*value));
  }
  for (auto [i, argument] : llvm::enumerate(signature.arguments))
    if (argument.inout && llvm::none_of(signature.results, [&](const ModelValue &r) {
          return r.inoutOf == int(i);
        }))
      return func.emitError() << "in/out argument " << i << " of '"
                              << func.getSymName()
                              << "' has no result with its new value";

  // Names must be unique among the values of one model.
  llvm::StringSet<> names;
  for (const ModelValue &value : signature.getCValues())
    if (!names.insert(value.name).second)
      return func.emitError()
             << "model '" << signature.name << "' has two values named '"
             << value.name << "'";
  return signature;
}

SmallVector<ModelValue> ModelSignature::getCValues() const {
  SmallVector<ModelValue> values(arguments.begin(), arguments.end());
  for (const ModelValue &result : results)
    if (!result.isInoutResult())
      values.push_back(result);
  return values;
}

FailureOr<std::vector<ModelSignature>>
seqc::getModelSignatures(ModuleOp module) {
  SmallVector<func::FuncOp> funcs;
  for (auto func : module.getOps<func::FuncOp>())
    if (func->hasAttr(kModelAttrName))
      funcs.push_back(func);
  if (funcs.empty())
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        funcs.push_back(func);
  if (funcs.empty())
    return module.emitError() << "no model: the module has no public function "
                                 "with a body";
  std::vector<ModelSignature> signatures;
  for (func::FuncOp func : funcs) {
    if (func.isExternal())
      return func.emitError()
             << "model '" << func.getSymName() << "' has no body";
    FailureOr<ModelSignature> signature = getModelSignature(func);
    if (failed(signature))
      return failure();
    signatures.push_back(std::move(*signature));
  }
  return signatures;
}

/// Dim `d` of `value` for the value-bounds analysis, seeing through the
/// tensor.reshape with a tensor.from_elements shape that the lowering uses to
/// restore batch dims (value bounds do not model tensor.reshape).
static ValueBoundsConstraintSet::Variable getDimVariable(Value value,
                                                         int64_t d) {
  while (auto cast = value.getDefiningOp<tensor::CastOp>())
    value = cast.getSource();
  if (auto reshape = value.getDefiningOp<tensor::ReshapeOp>())
    if (auto shape = reshape.getShape().getDefiningOp<tensor::FromElementsOp>())
      if (shape.getElements()[d].getType().isIndex())
        return ValueBoundsConstraintSet::Variable(shape.getElements()[d]);
  return ValueBoundsConstraintSet::Variable(value, d);
}

LogicalResult seqc::inferResultDims(ModelSignature &signature) {
  func::FuncOp func = signature.func;
  auto needsInference = [](const ModelValue &value) {
    return llvm::any_of(value.dims, [](const ModelDim &dim) {
      return dim.isDynamic() && dim.name.empty();
    });
  };
  if (llvm::any_of(signature.results, needsInference)) {
    // Value bounds see through linalg, tensor and arith ops, not seq ops:
    // analyse the reference lowering of a copy of the function.
    OpBuilder builder(func.getContext());
    OwningOpRef<ModuleOp> scratch = ModuleOp::create(func.getLoc());
    builder.setInsertionPointToEnd(scratch->getBody());
    auto copy = cast<func::FuncOp>(builder.clone(*func));
    // Callees of the model, if any, keep the copy valid.
    for (auto other : func->getParentOfType<ModuleOp>().getOps<func::FuncOp>())
      if (other != func)
        builder.clone(*other);
    PassManager pm(func.getContext(), ModuleOp::getOperationName());
    pm.addPass(createConvertSeqToLinalg());
    pm.addPass(createCanonicalizerPass());
    if (failed(pm.run(*scratch)))
      return func.emitError() << "cannot lower '" << signature.name
                              << "' to infer its result dims";
    auto ret = cast<func::ReturnOp>(copy.getBody().back().getTerminator());
    for (auto [r, result] : llvm::enumerate(signature.results)) {
      for (auto [d, dim] : llvm::enumerate(result.dims)) {
        if (!dim.isDynamic() || !dim.name.empty())
          continue;
        for (auto [a, argument] : llvm::enumerate(signature.arguments)) {
          for (auto [k, argDim] : llvm::enumerate(argument.dims)) {
            if (!argDim.isDynamic())
              continue;
            FailureOr<bool> equal = ValueBoundsConstraintSet::areEqual(
                getDimVariable(ret.getOperand(r), d),
                {copy.getArgument(a), static_cast<int64_t>(k)});
            if (succeeded(equal) && *equal) {
              dim.name = argDim.name;
              break;
            }
          }
          if (!dim.name.empty())
            break;
        }
        if (dim.name.empty())
          return func.emitError()
                 << "result '" << result.name << "' of '" << signature.name
                 << "': cannot tell which input dim its dim " << d
                 << " equals; name it with " << kDimsAttrName;
      }
    }
  }
  for (const ModelValue &result : signature.results)
    for (auto [d, dim] : llvm::enumerate(result.dims))
      if (dim.isDynamic() && !llvm::is_contained(signature.dimNames, dim.name))
        return func.emitError()
               << "result '" << result.name << "' of '" << signature.name
               << "': its dim " << d << " ('" << dim.name
               << "') is not a dim of any input, so the caller cannot size "
                  "the output";
  return success();
}

//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

bool seqc::isWeightCompatible(const TensorView &view, RankedTensorType type) {
  Type element = type.getElementType();
  bool isFloat = view.dtype == WeightDType::F32 ||
                 view.dtype == WeightDType::F16 ||
                 view.dtype == WeightDType::BF16;
  bool isInt = view.dtype == WeightDType::I32 || view.dtype == WeightDType::I64;
  bool compatible =
      (element.isF32() && isFloat) ||
      ((element.isSignlessInteger(32) || element.isSignlessInteger(64)) &&
       isInt) ||
      (element.isSignlessInteger(1) && view.dtype == WeightDType::Bool);
  return compatible && ArrayRef<int64_t>(view.shape) == type.getShape();
}

FailureOr<DenseElementsAttr> seqc::getWeightAttr(const TensorView &view,
                                                 RankedTensorType type,
                                                 Location loc, StringRef file) {
  Type element = type.getElementType();
  if (!isWeightCompatible(view, type))
    return emitError(loc) << "weight '" << view.name << "' is "
                          << dtypeName(view.dtype) << " "
                          << shapeString(view.shape) << " in " << file
                          << ", the model needs " << type;
  if (element.isF32()) {
    std::vector<float> values = view.toF32();
    return DenseElementsAttr::get(type, ArrayRef<float>(values));
  }
  std::vector<int64_t> values = view.toI64();
  if (element.isSignlessInteger(64))
    return DenseElementsAttr::get(type, ArrayRef<int64_t>(values));
  if (element.isSignlessInteger(1)) {
    SmallVector<bool> bits(values.begin(), values.end());
    return DenseElementsAttr::get(type, ArrayRef<bool>(bits));
  }
  SmallVector<int32_t> narrow;
  narrow.reserve(values.size());
  for (int64_t value : values) {
    if (value < std::numeric_limits<int32_t>::min() ||
        value > std::numeric_limits<int32_t>::max())
      return emitError(loc)
             << "weight '" << view.name << "' in " << file << " holds " << value
             << ", which does not fit the model's i32";
    narrow.push_back(static_cast<int32_t>(value));
  }
  return DenseElementsAttr::get(type, ArrayRef<int32_t>(narrow));
}

/// The type of argument `i` of `func` if it is a runtime weight (marked
/// seqc.weight), with the weight's name.
static std::optional<std::pair<StringRef, RankedTensorType>>
getWeightArgument(func::FuncOp func, unsigned i) {
  auto name = func.getArgAttrOfType<StringAttr>(i, kWeightAttrName);
  if (!name)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(func.getArgument(i).getType());
  if (!type)
    return std::nullopt;
  return std::make_pair(name.getValue(), type);
}

/// Replaces every seqc.weight argument by a constant from `weights` (with
/// `replace`), or only checks that `weights` holds it.
static LogicalResult
bindWeightArguments(ModuleOp module, const SafeTensors *weights, bool replace) {
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    llvm::BitVector erase(func.getNumArguments());
    OpBuilder builder = OpBuilder::atBlockBegin(&func.getBody().front());
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
      auto weight = getWeightArgument(func, i);
      if (!weight)
        continue;
      auto [name, type] = *weight;
      BlockArgument blockArg = func.getArgument(i);
      if (!weights)
        return emitError(blockArg.getLoc())
               << "'" << func.getSymName() << "' takes the weight '" << name
               << "': give the weights file with --weights";
      const TensorView *view = weights->lookup(name);
      if (!view)
        return emitError(blockArg.getLoc())
               << "weight '" << name << "' is not in " << weights->path();
      FailureOr<DenseElementsAttr> attr =
          getWeightAttr(*view, type, blockArg.getLoc(), weights->path());
      if (failed(attr))
        return failure();
      if (!replace)
        continue;
      Value constant =
          builder.create<arith::ConstantOp>(blockArg.getLoc(), *attr);
      blockArg.replaceAllUsesWith(constant);
      erase.set(i);
    }
    func.eraseArguments(erase);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

llvm::Error seqc::parseWeightsOption(ArrayRef<std::string> values,
                                     ModelLoadOptions &options) {
  bool modeGiven = false;
  for (const std::string &value : values) {
    if (value == "embedded" || value == "runtime") {
      if (modeGiven)
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "--weights gives the weight mode twice");
      modeGiven = true;
      options.weightMode =
          value == "runtime" ? WeightMode::Runtime : WeightMode::Embedded;
      continue;
    }
    if (!options.weightsPath.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "--weights gives two weights files ('" +
                                         options.weightsPath + "' and '" +
                                         value + "')");
    options.weightsPath = value;
  }
  return llvm::Error::success();
}

FailureOr<LoadedModel> seqc::loadModel(StringRef path,
                                       const ModelLoadOptions &options,
                                       MLIRContext &context,
                                       llvm::SourceMgr &sourceMgr) {
  LoadedModel model;
  Location unknown = UnknownLoc::get(&context);
  if (!options.weightsPath.empty()) {
    llvm::Expected<std::unique_ptr<SafeTensors>> weights =
        SafeTensors::open(options.weightsPath);
    if (!weights)
      return emitError(unknown) << llvm::toString(weights.takeError());
    model.weights = std::move(*weights);
  }

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &errorMessage);
  if (!file)
    return emitError(unknown) << errorMessage;

  // An ONNX model carries its weights; it is binary, so the buffer stays
  // out of the source manager (diagnostics name the file and the node).
  if (path.ends_with(".onnx")) {
    if (model.weights)
      return emitError(unknown)
             << "--weights gives a weights file, but the ONNX model '" << path
             << "' carries its own (its initializers)";
    OnnxImportOptions onnxOptions;
    onnxOptions.weights = options.weightMode;
    model.module = importOnnxModel(path, *file, context, onnxOptions);
    if (!model.module)
      return failure();
    return model;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());

  if (path.ends_with(".seq")) {
    FrontendOptions frontendOptions;
    frontendOptions.weights = options.weightMode;
    frontendOptions.outlineBlocks = options.outlineBlocks;
    model.module = buildModelModule(sourceMgr, context, model.weights.get(),
                                    frontendOptions);
    if (!model.module)
      return failure();
    return model;
  }

  model.module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!model.module)
    return failure();
  // Runtime weights are only checked, and only against a given file.
  bool embed = options.weightMode == WeightMode::Embedded;
  if ((embed || model.weights) &&
      failed(bindWeightArguments(*model.module, model.weights.get(), embed)))
    return failure();
  return model;
}
