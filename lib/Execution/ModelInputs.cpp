//===- ModelInputs.cpp - bind named inputs and weights to a model -*- C++
//-*-===//

#include "seqc/Execution/ModelInputs.h"
#include "seqc/Codegen/Model.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <limits>
#include <optional>

using namespace seqc;
using llvm::ArrayRef;
using llvm::StringRef;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static std::string typeString(mlir::Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

/// The runtime weight `view` as an array of `type` (see getWeightAttr for the
/// conversions allowed).
static llvm::Expected<NpyArray> readWeight(const TensorView &view,
                                           mlir::RankedTensorType type,
                                           StringRef file) {
  if (!isWeightCompatible(view, type))
    return makeError("weight '" + view.name + "' is " + dtypeName(view.dtype) +
                     " " + formatShape(view.shape) + " in " + file +
                     ", the model needs " + typeString(type));
  mlir::Type element = type.getElementType();
  DType dtype = element.isF32()                 ? DType::Float32
                : element.isSignlessInteger(32) ? DType::Int32
                : element.isSignlessInteger(64) ? DType::Int64
                                                : DType::Bool;
  NpyArray array(dtype, view.shape);
  if (dtype == DType::Float32) {
    std::vector<float> values = view.toF32();
    std::memcpy(array.data.data(), values.data(), array.data.size());
    return array;
  }
  std::vector<int64_t> values = view.toI64();
  for (auto [i, value] : llvm::enumerate(values)) {
    if (dtype == DType::Int64) {
      std::memcpy(array.data.data() + 8 * i, &value, 8);
    } else if (dtype == DType::Bool) {
      array.data[i] = value != 0;
    } else {
      if (value < std::numeric_limits<int32_t>::min() ||
          value > std::numeric_limits<int32_t>::max())
        return makeError("weight '" + view.name + "' in " + file + " holds " +
                         llvm::Twine(value) +
                         ", which does not fit the model's i32");
      auto narrow = static_cast<int32_t>(value);
      std::memcpy(array.data.data() + 4 * i, &narrow, 4);
    }
  }
  return array;
}

llvm::Expected<BoundArguments>
seqc::bindModelInputs(mlir::func::FuncOp func, ArrayRef<NamedInput> inputs,
                      const SafeTensors *weights) {
  // Without ABI attributes, the inputs are the arguments in order (and
  // checkInputs explains a wrong count).
  bool namesBind = false, hasAbi = false;
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    namesBind |= static_cast<bool>(func.getArgAttr(i, kNameAttrName));
    hasAbi |= func.getArgAttr(i, kNameAttrName) ||
              func.getArgAttr(i, kDimsAttrName) ||
              func.getArgAttr(i, kWeightAttrName);
  }
  if (!hasAbi) {
    BoundArguments result;
    for (const NamedInput &input : inputs) {
      result.arrays.push_back(input.array);
      result.labels.push_back(input.label);
    }
    return result;
  }

  mlir::FailureOr<ModelSignature> signature = getModelSignature(func);
  if (mlir::failed(signature))
    return makeError("cannot read the signature of '" + func.getSymName() +
                     "'");
  ArrayRef<ModelValue> arguments = signature->arguments;
  size_t numInputs = llvm::count_if(
      arguments, [](const ModelValue &arg) { return !arg.isWeight(); });
  auto counts = [&] {
    return ("'" + signature->name + "' takes " + llvm::Twine(numInputs) +
            " input(s), got " + llvm::Twine(inputs.size()))
        .str();
  };

  // Named inputs first, then the others in order.
  llvm::SmallVector<const NamedInput *> bound(arguments.size(), nullptr);
  llvm::SmallVector<const NamedInput *> positional;
  for (const NamedInput &input : inputs) {
    if (input.name.empty() || !namesBind) {
      positional.push_back(&input);
      continue;
    }
    const ModelValue *argument =
        llvm::find_if(arguments, [&](const ModelValue &arg) {
          return arg.name == input.name;
        });
    if (argument == arguments.end() || argument->isWeight()) {
      std::string names;
      for (const ModelValue &arg : arguments)
        if (!arg.isWeight())
          names += (names.empty() ? "" : ", ") + arg.name;
      return makeError("'" + signature->name + "' has no input named '" +
                       input.name + "' (its inputs: " + names + ")");
    }
    size_t index = argument - arguments.begin();
    if (bound[index])
      return makeError("two inputs for '" + input.name + "': '" +
                       bound[index]->label + "' and '" + input.label + "'");
    bound[index] = &input;
  }
  auto nextPositional = positional.begin();
  for (auto [i, argument] : llvm::enumerate(arguments)) {
    if (bound[i] || argument.isWeight())
      continue;
    if (nextPositional == positional.end())
      return makeError("argument " + llvm::Twine(i) + " of '" +
                       signature->name + "' ('" + argument.name + "', " +
                       typeString(argument.type) +
                       ") has no input: " + counts());
    bound[i] = *nextPositional++;
  }
  if (nextPositional != positional.end())
    return makeError("too many inputs: " + counts() + " (first extra: '" +
                     (*nextPositional)->label + "')");

  BoundArguments result;
  // Dim name -> (size, the input that set it).
  llvm::StringMap<std::pair<int64_t, const ModelValue *>> dims;
  for (auto [i, argument] : llvm::enumerate(arguments)) {
    if (argument.isWeight()) {
      if (!weights)
        return makeError("'" + signature->name +
                         "' takes the runtime weight '" + argument.weight +
                         "': give the weights file with --weights");
      const TensorView *view = weights->lookup(argument.weight);
      if (!view)
        return makeError("weight '" + argument.weight + "' is not in " +
                         weights->path());
      llvm::Expected<NpyArray> array =
          readWeight(*view, argument.type, weights->path());
      if (!array)
        return array.takeError();
      result.arrays.push_back(std::move(*array));
      result.labels.push_back("weight '" + argument.weight + "'");
      continue;
    }
    const NpyArray &array = bound[i]->array;
    if (array.getRank() == static_cast<int64_t>(argument.dims.size())) {
      for (auto [d, dim] : llvm::enumerate(argument.dims)) {
        if (!dim.isDynamic())
          continue;
        auto [it, inserted] =
            dims.try_emplace(dim.name, array.shape[d], &argument);
        if (!inserted && it->second.first != array.shape[d])
          return makeError("input '" + argument.name + "' has " + dim.name +
                           " = " + llvm::Twine(array.shape[d]) + " (dim " +
                           llvm::Twine(d) + ") but input '" +
                           it->second.second->name + "' has " + dim.name +
                           " = " + llvm::Twine(it->second.first));
      }
    }
    result.arrays.push_back(array);
    result.labels.push_back(bound[i]->label);
  }
  return result;
}
