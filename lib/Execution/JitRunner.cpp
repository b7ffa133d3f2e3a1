//===- JitRunner.cpp - JIT-compile and call an entry function ---*- C++ -*-===//
//
// See JitRunner.h for the C interface ABI this file relies on. The lowered
// code runs under the entry guard (Codegen/EntryAbi.h), as AOT entry points
// do, and allocates its result buffers from the buffer cache; a result that is a
// `memref.get_global` constant has the allocated pointer 0xdeadbeef, and a
// result may alias an argument or another result, so buffers are freed with
// care (see CallFrame::releaseResults).
//
//===----------------------------------------------------------------------===//

#include "seqc/Execution/JitRunner.h"
#include "seqc/Codegen/EntryAbi.h"
#include "seqc/Codegen/ModuleSplit.h"
#include "seqc/Support/WeightConstants.h"
#include "seqc/Runtime/BufferCache.h"
#include "seqc/Runtime/EntryGuard.h"
#include "seqc/Runtime/Parallel.h"
#include "seqc/Target/Target.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Support/SmallVectorMemoryBuffer.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>

using namespace mlir;
using namespace seqc;
using llvm::ArrayRef;
using llvm::SmallVector;
using llvm::StringRef;

namespace {

/// Allocated pointer of memref descriptors that point at a memref.global
/// (see the MemRef to LLVM lowering of memref.get_global).
constexpr uintptr_t kGlobalSentinel = 0xdeadbeef;
/// Alignment of the argument buffers handed to compiled code.
constexpr size_t kBufferAlignment = 64;

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string describeArgument(unsigned index, ArrayRef<std::string> labels) {
  std::string text = "argument " + std::to_string(index);
  if (index < labels.size() && !labels[index].empty())
    text += " ('" + labels[index] + "')";
  return text;
}

std::string describeArray(const NpyArray &array) {
  return (getDTypeName(array.dtype) + " of shape " + formatShape(array.shape))
      .str();
}

std::optional<DType> getDType(Type elementType) {
  if (elementType.isF32())
    return DType::Float32;
  if (elementType.isSignlessInteger(32))
    return DType::Int32;
  if (elementType.isSignlessInteger(64))
    return DType::Int64;
  if (elementType.isSignlessInteger(1))
    return DType::Bool;
  return std::nullopt;
}

std::string printType(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

/// Converts `type` to a TensorSpec, or emits an error on `func` naming `what`
/// ("argument 0", "result 1").
FailureOr<TensorSpec> getTensorSpec(func::FuncOp func, Type type,
                                    const llvm::Twine &what) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  std::optional<DType> dtype =
      tensorType ? getDType(tensorType.getElementType()) : std::nullopt;
  if (!dtype)
    return func.emitError() << what << " of '" << func.getSymName()
                            << "' has unsupported type " << type
                            << ": expected a ranked tensor of f32, i32, i64 "
                               "or i1";
  TensorSpec spec;
  spec.dtype = *dtype;
  spec.shape.assign(tensorType.getShape().begin(), tensorType.getShape().end());
  spec.typeString = printType(type);
  return spec;
}

/// Contiguous strides of `sizes` in C order.
SmallVector<int64_t, 4> getContiguousStrides(ArrayRef<int64_t> sizes) {
  SmallVector<int64_t, 4> strides(sizes.size(), 1);
  for (int64_t d = static_cast<int64_t>(sizes.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * std::max<int64_t>(sizes[d + 1], 1);
  return strides;
}

/// The argument buffers, descriptors and result slots of one call of a
/// `_mlir_ciface_` wrapper through its packed form (`void **`: one pointer per
/// wrapper argument, each pointing at that argument's value).
class CallFrame {
public:
  explicit CallFrame(const EntrySignature &signature) : signature(signature) {}
  CallFrame(const CallFrame &) = delete;
  CallFrame &operator=(const CallFrame &) = delete;
  ~CallFrame() {
    if (invoked && !released)
      (void)releaseResults(/*results=*/nullptr);
    for (void *buffer : inputBuffers)
      std::free(buffer);
  }

  /// Copies already checked `inputs` into fresh aligned buffers (compiled
  /// code may update its arguments in place) and builds the packed arguments.
  llvm::Error bind(ArrayRef<NpyArray> inputs) {
    argDescriptors.resize(inputs.size());
    for (auto [i, input] : llvm::enumerate(inputs)) {
      size_t bytes = llvm::alignTo(
          std::max<size_t>(input.data.size(), 1), kBufferAlignment);
      void *buffer = std::aligned_alloc(kBufferAlignment, bytes);
      if (!buffer)
        return makeError("cannot allocate " + llvm::Twine(bytes) +
                         " bytes for argument " + llvm::Twine(i));
      inputBuffers.push_back(buffer);
      if (!input.data.empty())
        std::memcpy(buffer, input.data.data(), input.data.size());

      std::vector<int64_t> &desc = argDescriptors[i];
      desc.push_back(static_cast<int64_t>(reinterpret_cast<uintptr_t>(buffer)));
      desc.push_back(static_cast<int64_t>(reinterpret_cast<uintptr_t>(buffer)));
      desc.push_back(0);
      desc.insert(desc.end(), input.shape.begin(), input.shape.end());
      SmallVector<int64_t, 4> strides = getContiguousStrides(input.shape);
      desc.insert(desc.end(), strides.begin(), strides.end());
    }

    size_t numSlots = 0;
    for (const TensorSpec &result : signature.results)
      numSlots += 3 + 2 * result.shape.size();
    resultSlots.assign(numSlots, 0);
    resultPtr = resultSlots.data();
    argDescriptorPtrs.clear();
    for (std::vector<int64_t> &desc : argDescriptors)
      argDescriptorPtrs.push_back(desc.data());

    packedArgs.clear();
    if (!signature.results.empty())
      packedArgs.push_back(&resultPtr);
    for (void *&descPtr : argDescriptorPtrs)
      packedArgs.push_back(&descPtr);
    return llvm::Error::success();
  }

  /// Calls the packed wrapper under the entry guard; a failed run-time
  /// check or allocation becomes an error with the model's message, and the
  /// buffers the failed call held are freed.
  llvm::Error invoke(void (*packedFn)(void **)) {
    void *call = packedArgs.data();
    int status = seqc_guarded_call(
        reinterpret_cast<void (*)(void *)>(packedFn), call);
    invoked = true;
    if (status == SEQC_GUARD_OK)
      return llvm::Error::success();
    seqc_buffer_cache_release_call(call);
    // The results were never written.
    std::fill(resultSlots.begin(), resultSlots.end(), 0);
    StringRef message = seqc_last_error();
    message.consume_front("seqc: ");
    return makeError(message);
  }

  /// Copies the results into `results` (if not null) and frees the result
  /// buffers the compiled code allocated: every distinct allocated pointer
  /// that is neither the memref.get_global sentinel nor an argument buffer.
  llvm::Error releaseResults(SmallVectorImpl<NpyArray> *results) {
    released = true;
    llvm::Error error = llvm::Error::success();
    llvm::DenseSet<uintptr_t> keep;
    keep.insert(kGlobalSentinel);
    for (void *buffer : inputBuffers)
      keep.insert(reinterpret_cast<uintptr_t>(buffer));

    // Copy every result before freeing anything: results may alias.
    size_t offset = 0;
    for (auto [index, spec] : llvm::enumerate(signature.results)) {
      size_t rank = spec.shape.size();
      ArrayRef<int64_t> slots(resultSlots.data() + offset, 3 + 2 * rank);
      offset += slots.size();
      if (!results || error)
        continue;
      if (llvm::Error err = readResult(index, spec, slots, *results))
        error = std::move(err);
    }

    llvm::DenseSet<uintptr_t> freed;
    offset = 0;
    for (const TensorSpec &spec : signature.results) {
      auto allocated = static_cast<uintptr_t>(resultSlots[offset]);
      offset += 3 + 2 * spec.shape.size();
      if (allocated == 0 || keep.contains(allocated) ||
          !freed.insert(allocated).second)
        continue;
      _mlir_memref_to_llvm_free(reinterpret_cast<void *>(allocated));
    }
    return error;
  }

private:
  const EntrySignature &signature;
  SmallVector<void *> inputBuffers;
  std::vector<std::vector<int64_t>> argDescriptors;
  SmallVector<void *> argDescriptorPtrs;
  std::vector<int64_t> resultSlots;
  void *resultPtr = nullptr;
  SmallVector<void *> packedArgs;
  bool invoked = false;
  bool released = false;

  static llvm::Error readResult(size_t index, const TensorSpec &spec,
                                ArrayRef<int64_t> slots,
                                SmallVectorImpl<NpyArray> &results) {
    size_t rank = spec.shape.size();
    ArrayRef<int64_t> sizes = slots.slice(3, rank);
    ArrayRef<int64_t> strides = slots.slice(3 + rank, rank);
    for (auto [dim, size] : llvm::zip_equal(spec.shape, sizes))
      if (size < 0 || (!ShapedType::isDynamic(dim) && dim != size))
        return makeError("result " + llvm::Twine(index) +
                         ": the compiled code returned shape " +
                         formatShape(sizes) + " for " + spec.typeString);
    llvm::Expected<int64_t> numBytes =
        computeNumBytes(sizes, getDTypeSize(spec.dtype));
    if (!numBytes)
      return makeError("result " + llvm::Twine(index) + ": " +
                       llvm::toString(numBytes.takeError()));

    NpyArray array(spec.dtype, sizes);
    int64_t numElements = array.getNumElements();
    int64_t itemSize = getDTypeSize(spec.dtype);
    const auto *base =
        reinterpret_cast<const uint8_t *>(static_cast<uintptr_t>(slots[1])) +
        slots[2] * itemSize;
    if (numElements > 0 &&
        ArrayRef<int64_t>(getContiguousStrides(sizes)) == strides) {
      std::memcpy(array.data.data(), base, array.data.size());
    } else if (numElements > 0) {
      SmallVector<int64_t, 4> position(rank, 0);
      for (int64_t n = 0; n < numElements; ++n) {
        int64_t element = 0;
        for (size_t d = 0; d < rank; ++d)
          element += position[d] * strides[d];
        std::memcpy(array.data.data() + n * itemSize, base + element * itemSize,
                    itemSize);
        for (size_t d = rank; d-- > 0;) {
          if (++position[d] < sizes[d])
            break;
          position[d] = 0;
        }
      }
    }
    results.push_back(std::move(array));
    return llvm::Error::success();
  }
};

} // namespace

//===----------------------------------------------------------------------===//
// Signatures and input checks
//===----------------------------------------------------------------------===//

std::string TensorSpec::describe() const {
  return (getDTypeName(dtype) + " of shape " + formatShape(shape)).str();
}

FailureOr<func::FuncOp> seqc::findEntryFunction(ModuleOp module,
                                                StringRef name) {
  if (!name.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(name);
    if (!func)
      return module.emitError() << "entry function '" << name
                                << "' not found";
    if (func.isExternal())
      return func.emitError() << "entry function '" << name
                              << "' has no body";
    return func;
  }
  if (auto func = module.lookupSymbol<func::FuncOp>("main");
      func && !func.isExternal())
    return func;
  SmallVector<func::FuncOp> candidates;
  for (auto func : module.getOps<func::FuncOp>())
    if (func.isPublic() && !func.isExternal())
      candidates.push_back(func);
  if (candidates.size() == 1)
    return candidates.front();
  if (candidates.empty())
    return module.emitError()
           << "no entry function: no 'main' and no public function with a "
              "body";
  std::string names;
  llvm::raw_string_ostream os(names);
  llvm::interleaveComma(candidates, os, [&](func::FuncOp func) {
    os << "'" << func.getSymName() << "'";
  });
  return module.emitError() << "no 'main' and several public functions ("
                            << names << "): choose the entry with --entry";
}

FailureOr<EntrySignature> seqc::getEntrySignature(func::FuncOp func) {
  EntrySignature signature;
  signature.name = func.getSymName().str();
  FunctionType type = func.getFunctionType();
  for (auto [i, argType] : llvm::enumerate(type.getInputs())) {
    FailureOr<TensorSpec> spec =
        getTensorSpec(func, argType, "argument " + llvm::Twine(i));
    if (failed(spec))
      return failure();
    signature.arguments.push_back(std::move(*spec));
  }
  for (auto [i, resultType] : llvm::enumerate(type.getResults())) {
    FailureOr<TensorSpec> spec =
        getTensorSpec(func, resultType, "result " + llvm::Twine(i));
    if (failed(spec))
      return failure();
    signature.results.push_back(std::move(*spec));
  }
  return signature;
}

llvm::Error seqc::checkInputs(const EntrySignature &signature,
                              ArrayRef<NpyArray> inputs,
                              ArrayRef<std::string> labels) {
  size_t expected = signature.arguments.size();
  if (inputs.size() < expected) {
    unsigned missing = inputs.size();
    return makeError(
        "argument " + llvm::Twine(missing) + " of '" + signature.name +
        "' (" + signature.arguments[missing].describe() +
        ") has no input: '" + signature.name + "' takes " +
        llvm::Twine(expected) + " input(s), got " +
        llvm::Twine(inputs.size()));
  }
  if (inputs.size() > expected)
    return makeError("too many inputs: '" + signature.name + "' takes " +
                     llvm::Twine(expected) + " input(s), got " +
                     llvm::Twine(inputs.size()) + " (first extra: " +
                     describeArgument(expected, labels) + ")");

  for (auto [i, spec, input] :
       llvm::enumerate(signature.arguments, inputs)) {
    llvm::Expected<int64_t> numBytes =
        computeNumBytes(input.shape, getDTypeSize(input.dtype));
    if (!numBytes)
      return makeError(describeArgument(i, labels) + ": " +
                       llvm::toString(numBytes.takeError()));
    if (*numBytes != input.getNumBytes())
      return makeError(describeArgument(i, labels) + ": the array holds " +
                       llvm::Twine(input.getNumBytes()) +
                       " bytes of data, its shape needs " +
                       llvm::Twine(*numBytes));
    bool matches = input.dtype == spec.dtype && input.getRank() ==
                                                    spec.getRank();
    for (size_t d = 0; matches && d < spec.shape.size(); ++d)
      matches = ShapedType::isDynamic(spec.shape[d]) ||
                spec.shape[d] == input.shape[d];
    if (!matches)
      return makeError(describeArgument(i, labels) + ": expected " +
                       spec.describe() + ", got " + describeArray(input));
  }
  return llvm::Error::success();
}

std::string seqc::formatResult(unsigned index, const TensorSpec &spec,
                               const NpyArray &value, unsigned maxValues) {
  std::string text =
      fmt::format("result{}: {} {} {} = [", index, spec.typeString,
                  getDTypeName(value.dtype).str(), formatShape(value.shape));
  int64_t numElements = value.getNumElements();
  int64_t shown = std::min<int64_t>(numElements, maxValues);
  for (int64_t i = 0; i < shown; ++i) {
    if (i)
      text += ", ";
    switch (value.dtype) {
    case DType::Float32:
      text += fmt::format("{:g}", value.getAsDouble(i));
      break;
    case DType::Int32:
    case DType::Int64:
      text += fmt::format("{}", value.getAsInt64(i));
      break;
    case DType::Bool:
      text += value.getAsInt64(i) ? "true" : "false";
      break;
    }
  }
  if (numElements > shown)
    text += shown ? ", ..." : "...";
  text += "]";
  return text;
}

//===----------------------------------------------------------------------===//
// JitRunner
//===----------------------------------------------------------------------===//

JitRunner::~JitRunner() = default;

/// Defines `void <packed>(void **args)`, which calls `function` with the
/// values args[0], args[1], ... point to (and stores its result, if any,
/// where the next one points): the calling convention CallFrame uses, the
/// one mlir::ExecutionEngine's packed wrappers have.
static llvm::Error addPackedWrapper(llvm::Module &module, StringRef function,
                                    StringRef packed) {
  llvm::Function *callee = module.getFunction(function);
  if (!callee || callee->isDeclaration())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no function '" + function +
                                       "' in the lowered module");
  llvm::LLVMContext &context = module.getContext();
  llvm::Type *ptr = llvm::PointerType::get(context, 0);
  auto *wrapper = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(context), {ptr}, false),
      llvm::GlobalValue::ExternalLinkage, packed, module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", wrapper));
  llvm::Value *argList = wrapper->getArg(0);
  SmallVector<llvm::Value *> args;
  for (auto [i, arg] : llvm::enumerate(callee->args())) {
    llvm::Value *slot = builder.CreateConstGEP1_64(ptr, argList, i);
    llvm::Value *address = builder.CreateLoad(ptr, slot);
    args.push_back(builder.CreateLoad(arg.getType(), address));
  }
  llvm::Value *result = builder.CreateCall(callee, args);
  if (!result->getType()->isVoidTy()) {
    llvm::Value *slot =
        builder.CreateConstGEP1_64(ptr, argList, callee->arg_size());
    builder.CreateStore(result, builder.CreateLoad(ptr, slot));
  }
  builder.CreateRetVoid();
  return llvm::Error::success();
}

FailureOr<std::unique_ptr<JitRunner>>
JitRunner::create(ModuleOp module, const JitOptions &options,
                  const PipelineOptions &pipelineOptions) {
  MLIRContext *context = module.getContext();
  FailureOr<func::FuncOp> entry = findEntryFunction(module, options.entry);
  if (failed(entry))
    return failure();
  FailureOr<EntrySignature> signature = getEntrySignature(*entry);
  if (failed(signature))
    return failure();
  if (options.optLevel > 3)
    return module.emitError() << "optimisation level " << options.optLevel
                              << " is not in 0-3";

  // The C wrapper gives a stable ABI; a private entry would be internalised.
  entry->setPublic();
  (*entry)->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    UnitAttr::get(context));

  // The target every pass reads.
  if (llvm::Error err = attachTarget(module, pipelineOptions.targetCpu,
                                     pipelineOptions.targetFeatures))
    return module.emitError() << llvm::toString(std::move(err));
  TargetDescription target = getTarget(module);

  PassManager pm(context, module.getOperationName());
  // Honours --mlir-print-ir-* and friends when the tool registered them.
  (void)applyPassManagerCLOptions(pm);
  // --mlir-timing: in the caller's report, or when the tool registered it.
  TimingScope noTiming;
  TimingScope &timing = options.timing ? *options.timing : noTiming;
  TimingScope pipelineTiming = timing.nest("MLIR pipeline");
  if (options.timing)
    pm.enableTiming(pipelineTiming);
  else
    (void)applyDefaultTimingPassManagerCLOptions(pm);
  buildSeqToLLVMPipeline(pm, pipelineOptions);
  if (failed(pm.run(module)))
    return module.emitError() << "failed to lower '" << signature->name
                              << "' to the LLVM dialect";
  pipelineTiming.stop();
  redirectFailedChecks(module);

  DialectRegistry registry;
  registerAllToLLVMIRTranslations(registry);
  context->appendDialectRegistry(registry);

  // Described to LLVM below; the translation has no use for it.
  module->removeAttr(kTargetAttrName);
  static constexpr llvm::CodeGenOptLevel kCodeGenLevels[] = {
      llvm::CodeGenOptLevel::None, llvm::CodeGenOptLevel::Less,
      llvm::CodeGenOptLevel::Default, llvm::CodeGenOptLevel::Aggressive};
  llvm::CodeGenOptLevel codeGenLevel = kCodeGenLevels[options.optLevel];
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      target.createTargetMachine(codeGenLevel, /*forJit=*/true);
  if (!machine)
    return module.emitError() << "cannot create a target machine for "
                              << target.cpu << ": "
                              << llvm::toString(machine.takeError());

  SmallVector<StringRef> sharedLibs;
  for (const std::string &path : options.sharedLibPaths)
    sharedLibs.push_back(path);
#ifdef SEQC_MLIR_C_RUNNER_UTILS
  if (llvm::sys::fs::exists(SEQC_MLIR_C_RUNNER_UTILS))
    sharedLibs.push_back(SEQC_MLIR_C_RUNNER_UTILS);
#endif

  // The LLVM module, cut into parts that are optimised (O3) and compiled to
  // objects at once (ModuleSplit.h), then linked in process by ORC.
  TimingScope translateTiming = timing.nest("Translation to LLVM IR");
  auto llvmContext = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, *llvmContext);
  translateTiming.stop();
  if (!llvmModule)
    return module.emitError() << "cannot translate '" << signature->name
                              << "' to LLVM IR";
  // The LLVM module has its own copy of the weights.
  releaseWeightBlobs(context);
  llvmModule->setDataLayout((*machine)->createDataLayout());
  llvmModule->setTargetTriple((*machine)->getTargetTriple().str());
  target.applyToFunctions(*llvmModule);
  std::string wrapper = "_mlir_ciface_" + signature->name;
  std::string packedName = "_mlir_" + wrapper;
  if (llvm::Error err = addPackedWrapper(*llvmModule, wrapper, packedName))
    return module.emitError() << llvm::toString(std::move(err));

  auto compilePart = [&](llvm::Module &part,
                         llvm::SmallVectorImpl<char> &object) -> llvm::Error {
    llvm::Expected<std::unique_ptr<llvm::TargetMachine>> partMachine =
        target.createTargetMachine(codeGenLevel, /*forJit=*/true);
    if (!partMachine)
      return partMachine.takeError();
    if (llvm::Error err = makeOptimizingTransformer(
            options.optLevel, /*sizeLevel=*/0, partMachine->get())(&part))
      return err;
    llvm::raw_svector_ostream os(object);
    return emitObjectFile(part, **partMachine, os);
  };
  TimingScope llvmTiming = timing.nest(
      "LLVM optimisation (O" + std::to_string(options.optLevel) +
      ") and code generation, up to " + std::to_string(options.jobs) +
      " parts");
  llvm::Expected<std::vector<llvm::SmallVector<char, 0>>> objects =
      compileInParts(*llvmModule, std::max(1u, options.jobs), compilePart);
  llvmTiming.stop();
  if (!objects)
    return module.emitError() << "JIT compilation failed: "
                              << llvm::toString(objects.takeError());
  llvmModule.reset();
  llvmContext.reset();

  TimingScope linkTiming = timing.nest("Linking the objects (ORC)");
  llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>> jit =
      llvm::orc::LLJITBuilder()
          .setJITTargetMachineBuilder(
              target.getJITTargetMachineBuilder(codeGenLevel))
          .create();
  if (!jit)
    return module.emitError() << "cannot create the JIT: "
                              << llvm::toString(jit.takeError());
  llvm::orc::JITDylib &library = (*jit)->getMainJITDylib();
  char prefix = (*jit)->getDataLayout().getGlobalPrefix();
  // libc and libm from this process, then the shared libraries asked for.
  auto processSymbols =
      llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(prefix);
  if (!processSymbols)
    return module.emitError() << llvm::toString(processSymbols.takeError());
  library.addGenerator(std::move(*processSymbols));
  for (StringRef path : sharedLibs) {
    auto libSymbols =
        llvm::orc::DynamicLibrarySearchGenerator::Load(path.str().c_str(),
                                                       prefix);
    if (!libSymbols)
      return module.emitError() << "cannot load '" << path
                                << "': " << llvm::toString(libSymbols.takeError());
    library.addGenerator(std::move(*libSymbols));
  }
  // The thread pool that seq-parallel-to-threads calls into, and the heap
  // buffers of the lowered code.
  llvm::orc::MangleAndInterner interner((*jit)->getExecutionSession(),
                                        (*jit)->getDataLayout());
  llvm::orc::SymbolMap runtimeSymbols;
  auto define = [&](StringRef name, auto *address) {
    runtimeSymbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                      llvm::JITSymbolFlags::Exported};
  };
  define("seqc_parallel_for", &seqc_parallel_for);
  define(kCheckFailedName, &seqc_check_failed);
  define("seqc_buffer_too_large", &seqc_buffer_too_large);
  define("_mlir_memref_to_llvm_alloc", &_mlir_memref_to_llvm_alloc);
  define("_mlir_memref_to_llvm_free", &_mlir_memref_to_llvm_free);
  if (llvm::Error err =
          library.define(llvm::orc::absoluteSymbols(std::move(runtimeSymbols))))
    return module.emitError() << llvm::toString(std::move(err));
  for (auto [i, object] : llvm::enumerate(*objects)) {
    auto buffer = std::make_unique<llvm::SmallVectorMemoryBuffer>(
        std::move(object), "seqc-jit-part-" + std::to_string(i),
        /*RequiresNullTerminator=*/false);
    if (llvm::Error err = (*jit)->addObjectFile(std::move(buffer)))
      return module.emitError() << "JIT compilation failed: "
                                << llvm::toString(std::move(err));
  }
  llvm::Expected<llvm::orc::ExecutorAddr> packedFn =
      (*jit)->lookup(packedName);
  linkTiming.stop();
  if (!packedFn)
    return module.emitError() << "cannot find '" << wrapper
                              << "' in the JIT-compiled code: "
                              << llvm::toString(packedFn.takeError());

  std::unique_ptr<JitRunner> runner(new JitRunner());
  runner->signature = std::move(*signature);
  runner->jit = std::move(*jit);
  runner->packedFn = packedFn->toPtr<void (*)(void **)>();
  return runner;
}

llvm::Expected<SmallVector<NpyArray>>
JitRunner::call(ArrayRef<NpyArray> inputs,
                ArrayRef<std::string> labels) const {
  if (llvm::Error err = checkInputs(signature, inputs, labels))
    return std::move(err);
  CallFrame frame(signature);
  if (llvm::Error err = frame.bind(inputs))
    return std::move(err);
  if (llvm::Error err = frame.invoke(packedFn))
    return std::move(err);
  SmallVector<NpyArray> results;
  if (llvm::Error err = frame.releaseResults(&results))
    return std::move(err);
  return std::move(results);
}

llvm::Expected<TimingStats>
JitRunner::benchmark(ArrayRef<NpyArray> inputs, unsigned calls,
                     ArrayRef<std::string> labels) const {
  if (llvm::Error err = checkInputs(signature, inputs, labels))
    return std::move(err);
  std::vector<double> times;
  times.reserve(calls);
  for (unsigned i = 0; i < calls; ++i) {
    CallFrame frame(signature);
    if (llvm::Error err = frame.bind(inputs))
      return std::move(err);
    auto start = std::chrono::steady_clock::now();
    if (llvm::Error err = frame.invoke(packedFn))
      return std::move(err);
    auto stop = std::chrono::steady_clock::now();
    times.push_back(
        std::chrono::duration<double, std::milli>(stop - start).count());
    if (llvm::Error err = frame.releaseResults(/*results=*/nullptr))
      return std::move(err);
  }
  TimingStats stats;
  stats.calls = calls;
  if (times.empty())
    return stats;
  std::sort(times.begin(), times.end());
  size_t mid = times.size() / 2;
  stats.medianMs = times.size() % 2 ? times[mid]
                                    : (times[mid - 1] + times[mid]) / 2.0;
  stats.minMs = times.front();
  return stats;
}
