//===- AotCompiler.cpp - compile models to objects and C headers -*- C++
//-*-===//
//
// See AotCompiler.h for the C ABI. The steps: wrap every model function into
// a function on caller-owned memrefs, lower with the seq-to-llvm pipeline,
// add the C entry points in the LLVM dialect, translate to LLVM IR, optimise
// at O3 for the target CPU and emit.
//
//===----------------------------------------------------------------------===//

#include "seqc/Codegen/AotCompiler.h"
#include "seqc/Codegen/EntryAbi.h"
#include "seqc/Codegen/ModuleSplit.h"
#include "AotRuntime.h"
#include "ObjectWeights.h"
#include "seqc/Support/WeightConstants.h"
#include "seqc/Target/Target.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

#include <mutex>
#include <optional>

using namespace mlir;
using namespace seqc;
using llvm::SmallVector;
using llvm::StringRef;

//===----------------------------------------------------------------------===//
// C declarations
//===----------------------------------------------------------------------===//

const char *seqc::getCTypeName(Type elementType) {
  if (elementType.isF32())
    return "float";
  if (elementType.isSignlessInteger(32))
    return "int32_t";
  if (elementType.isSignlessInteger(64))
    return "int64_t";
  if (elementType.isSignlessInteger(1))
    return "bool";
  return nullptr;
}

static int64_t getElementBytes(Type elementType) {
  return elementType.isSignlessInteger(1)
             ? 1
             : elementType.getIntOrFloatBitWidth() / 8;
}

static bool isCKeyword(StringRef name) {
  static const char *const keywords[] = {
      "auto",     "bool",     "break",    "case",     "char",     "class",
      "const",    "continue", "default",  "delete",   "do",       "double",
      "else",     "enum",     "extern",   "false",    "float",    "for",
      "goto",     "if",       "inline",   "int",      "long",     "new",
      "register", "restrict", "return",   "short",    "signed",   "sizeof",
      "static",   "struct",   "switch",   "template", "this",     "true",
      "typedef",  "union",    "unsigned", "void",     "volatile", "while"};
  return llvm::is_contained(keywords, name);
}

namespace {

/// The C parameter names of one entry point, in parameter order: the dims,
/// then the arguments, then the results.
struct CParameterNames {
  SmallVector<std::string> dims;
  SmallVector<std::string> values;
};

} // namespace

static CParameterNames getCParameterNames(const ModelSignature &signature) {
  CParameterNames names;
  llvm::StringSet<> used;
  auto claim = [&](std::string name, StringRef suffix) {
    if (isCKeyword(name))
      name += "_";
    while (!used.insert(name).second)
      name += suffix;
    return name;
  };
  // Values keep their names; a dim that collides becomes <dim>_dim.
  for (const ModelValue &value : signature.getCValues())
    names.values.push_back(claim(value.name, "_"));
  for (const std::string &dim : signature.dimNames)
    names.dims.push_back(claim(dim, "_dim"));
  return names;
}

/// "[batch, seq, 256]", with the C names of the dynamic dims.
static std::string formatDims(ArrayRef<ModelDim> dims,
                              const ModelSignature &signature,
                              const CParameterNames &names) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(dims, os, [&](const ModelDim &dim) {
    if (!dim.isDynamic()) {
      os << dim.size;
      return;
    }
    const auto *it = llvm::find(signature.dimNames, dim.name);
    os << (it != signature.dimNames.end()
               ? names.dims[it - signature.dimNames.begin()]
               : dim.name);
  });
  os << "]";
  return text;
}

std::string seqc::formatCEntry(const ModelSignature &signature) {
  CParameterNames names = getCParameterNames(signature);
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "/* Model '" << signature.name << "'.\n";
  if (!names.dims.empty()) {
    os << " *   ";
    llvm::interleaveComma(names.dims, os);
    os << (names.dims.size() == 1 ? ": dim, > 0\n" : ": dims, each > 0\n");
  }
  size_t numArguments = signature.arguments.size();
  SmallVector<ModelValue> values = signature.getCValues();
  for (auto [i, value] : llvm::enumerate(values)) {
    os << " *   " << names.values[i] << ": "
       << getCTypeName(value.type.getElementType()) << " "
       << formatDims(value.dims, signature, names);
    if (value.isWeight())
      os << ", weight '" << value.weight << "'";
    if (value.inout)
      os << ", in/out (updated in place)";
    if (i >= numArguments)
      os << ", output (caller-allocated)";
    os << "\n";
  }
  os << " * Returns SEQC_OK, SEQC_BAD_DIM or SEQC_BAD_ARG (and writes "
        "nothing),\n * SEQC_CHECK_FAILED or SEQC_OUT_OF_MEMORY. */\n";

  std::string declaration = "int seqc_" + signature.name + "(";
  SmallVector<std::string> parameters;
  for (const std::string &dim : names.dims)
    parameters.push_back("int64_t " + dim);
  for (auto [i, value] : llvm::enumerate(values))
    parameters.push_back(std::string(i < numArguments && !value.inout
                                         ? "const "
                                         : "") +
                         getCTypeName(value.type.getElementType()) + " *" +
                         names.values[i]);
  if (parameters.empty())
    parameters.push_back("void");
  // Filled to 80 columns, continuation lines aligned after the parenthesis.
  std::string indent(declaration.size(), ' ');
  size_t column = declaration.size();
  os << declaration;
  for (auto [i, parameter] : llvm::enumerate(parameters)) {
    size_t width = parameter.size() + (i + 1 == parameters.size() ? 2 : 1);
    if (i > 0) {
      if (column + 1 + width > 80) {
        os << "\n" << indent;
        column = indent.size();
      } else {
        os << " ";
        ++column;
      }
    }
    os << parameter << (i + 1 == parameters.size() ? ");" : ",");
    column += width;
  }
  os << "\n";
  return text;
}

std::string seqc::formatCHeader(ArrayRef<ModelSignature> signatures,
                                StringRef guard, StringRef sourceName,
                                bool threadPool) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "/* Generated by seqc";
  if (!sourceName.empty())
    os << " from " << sourceName;
  os << "; do not edit.\n"
        " *\n"
        " * Every entry point takes the dynamic dims, then one pointer per "
        "input\n"
        " * (and runtime weight), then one per output. Arrays are dense and\n"
        " * C-ordered; buffers must not overlap; outputs are allocated by the\n"
        " * caller with the documented shapes. Entry points keep no state and\n"
        " * may run concurrently. Link with libc and libm only (-lm). */\n\n";
  if (llvm::any_of(signatures, [](const ModelSignature &signature) {
        return llvm::any_of(signature.arguments,
                            [](const ModelValue &v) { return v.inout; });
      }))
    os << "/* An in/out array is a state the entry point reads and then "
          "updates in\n * place (only the parts the model writes change); "
          "calls that share one\n * must not run at the same time. */\n\n";
  os << "#ifndef " << guard << "\n#define " << guard << "\n\n";
  os << "#include <stdbool.h>\n#include <stdint.h>\n\n";
  os << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  os << "#ifndef SEQC_STATUS_DEFINED\n#define SEQC_STATUS_DEFINED\n"
        "/* Status of an entry point. */\n"
        "enum seqc_status {\n"
        "  SEQC_OK = 0,            /* the outputs are written */\n"
        "  SEQC_BAD_DIM = 1,       /* a dim is <= 0, or an array is larger "
        "than\n"
        "                             SEQC_MAX_ARRAY_BYTES; nothing is "
        "written */\n"
        "  SEQC_CHECK_FAILED = 2,  /* a run-time check failed (dims that must "
        "agree,\n"
        "                             an index out of range; see "
        "seqc_last_error) */\n"
        "  SEQC_BAD_ARG = 3,       /* an input or output pointer is NULL; "
        "nothing is\n"
        "                             written */\n"
        "  SEQC_OUT_OF_MEMORY = 4, /* a buffer of the model could not be "
        "allocated\n"
        "                             (see seqc_last_error) */\n"
        "  SEQC_NULL_POINTER = SEQC_BAD_ARG /* the earlier name */\n"
        "};\n"
        "/* After SEQC_CHECK_FAILED or SEQC_OUT_OF_MEMORY the outputs (and "
        "in/out\n"
        " * arrays) are undefined; the call has freed what it allocated, and "
        "the\n"
        " * next call may succeed. */\n"
        "/* The largest array an entry point takes: 2^47 bytes. */\n"
        "#define SEQC_MAX_ARRAY_BYTES (INT64_C(1) << 47)\n"
        "/* The message of this thread's last SEQC_CHECK_FAILED or "
        "SEQC_OUT_OF_MEMORY:\n * for a check, the model file, line and "
        "column. */\n"
        "const char *seqc_last_error(void);\n#endif\n\n";
  if (threadPool)
    os << "#ifndef SEQC_THREADS_DEFINED\n#define SEQC_THREADS_DEFINED\n"
          "/* Parallel loops run on a pool of pthreads, by default one per\n"
          " * online CPU or SEQC_NUM_THREADS; n <= 0 restores the default. */\n"
          "void seqc_set_num_threads(int n);\n"
          "int seqc_get_num_threads(void);\n"
          "#endif\n\n";
  for (const ModelSignature &signature : signatures)
    os << formatCEntry(signature) << "\n";
  os << "#ifdef __cplusplus\n} /* extern \"C\" */\n#endif\n\n";
  os << "#endif /* " << guard << " */\n";
  return text;
}

/// SEQC_<FILE STEM>_H for `path`.
static std::string getIncludeGuard(StringRef path) {
  std::string guard = "SEQC_";
  for (char c : llvm::sys::path::stem(path))
    guard.push_back(llvm::isAlnum(c) ? llvm::toUpper(c) : '_');
  return guard + "_H";
}

//===----------------------------------------------------------------------===//
// Lowering
//===----------------------------------------------------------------------===//

static std::string getImplName(StringRef model) {
  return ("__seqc_" + model + "_impl").str();
}

/// Turns the model function into `<impl>(memref args..., memref results...)`
/// that computes its results into the result memrefs; the new value of an
/// in/out argument is computed into the argument's own memref (and has no
/// result memref).
static LogicalResult wrapModel(ModuleOp module,
                               const ModelSignature &signature) {
  func::FuncOp func = signature.func;
  if (!func.getBody().hasOneBlock())
    return func.emitError()
           << "model '" << func.getSymName() << "' has more than one block";
  if (!SymbolTable::symbolKnownUseEmpty(func, module))
    return func.emitError() << "model '" << func.getSymName()
                            << "' is called from the module; models must be "
                               "entry points only";
  FunctionType type = func.getFunctionType();
  SmallVector<Type> memrefTypes;
  for (const ModelValue &value : signature.getCValues())
    memrefTypes.push_back(
        MemRefType::get(value.type.getShape(), value.type.getElementType()));

  OpBuilder builder(func);
  auto impl = builder.create<func::FuncOp>(
      func.getLoc(), getImplName(func.getSymName()),
      builder.getFunctionType(memrefTypes, {}));
  Block *entry = impl.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  Block &body = func.getBody().front();
  for (auto [i, argument] : llvm::enumerate(body.getArguments())) {
    // Read-only (no `writable`): the caller's inputs are const; an in/out
    // state is updated in place.
    Value tensor = builder.create<bufferization::ToTensorOp>(
        argument.getLoc(), argument.getType(), entry->getArgument(i),
        /*restrict=*/true, /*writable=*/signature.arguments[i].inout);
    argument.replaceAllUsesWith(tensor);
  }
  entry->getOperations().splice(entry->end(), body.getOperations());
  auto ret = cast<func::ReturnOp>(entry->getTerminator());
  builder.setInsertionPoint(ret);
  unsigned nextOutput = type.getNumInputs();
  for (auto [r, result] : llvm::enumerate(ret.getOperands())) {
    int inoutOf = signature.results[r].inoutOf;
    Value destination = inoutOf >= 0 ? entry->getArgument(inoutOf)
                                     : entry->getArgument(nextOutput++);
    builder.create<bufferization::MaterializeInDestinationOp>(
        ret.getLoc(), /*result=*/Type(), result, destination,
        /*restrict=*/true, /*writable=*/true);
  }
  builder.create<func::ReturnOp>(ret.getLoc());
  ret.erase();
  func.erase();
  return success();
}

/// `void <impl>_body(ptr frame)`: loads the impl's operands from the frame
/// (a struct of type `frameType`) and calls it.
static LLVM::LLVMFuncOp buildGuardedBody(ModuleOp module,
                                         LLVM::LLVMFuncOp impl,
                                         LLVM::LLVMStructType frameType,
                                         Location loc) {
  MLIRContext *context = module.getContext();
  Type ptr = LLVM::LLVMPointerType::get(context);
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto body = builder.create<LLVM::LLVMFuncOp>(
      loc, (impl.getName() + "_body").str(),
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context), {ptr}),
      LLVM::Linkage::Internal);
  Block *entry = body.addEntryBlock(builder);
  builder.setInsertionPointToStart(entry);
  SmallVector<Value> operands;
  for (auto [i, type] : llvm::enumerate(frameType.getBody())) {
    Value slot = builder.create<LLVM::GEPOp>(
        loc, ptr, frameType, entry->getArgument(0),
        ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
    operands.push_back(builder.create<LLVM::LoadOp>(loc, type, slot));
  }
  builder.create<LLVM::CallOp>(loc, impl, operands);
  builder.create<LLVM::ReturnOp>(loc, ValueRange());
  return body;
}

/// Adds `int seqc_<model>(int64_t dims..., ptr values...)` that checks the
/// dims, builds the memref descriptors and calls the lowered impl under the
/// entry guard.
static LogicalResult
buildCEntry(ModuleOp module, const ModelSignature &signature, Location loc) {
  MLIRContext *context = module.getContext();
  auto impl =
      module.lookupSymbol<LLVM::LLVMFuncOp>(getImplName(signature.name));
  if (!impl)
    return emitError(loc) << "lowering lost the body of '" << signature.name
                          << "'";
  impl.setLinkage(LLVM::Linkage::Internal);

  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  Type i1 = builder.getI1Type();
  Type i32 = builder.getI32Type();
  Type i64 = builder.getI64Type();
  Type ptr = LLVM::LLVMPointerType::get(context);
  SmallVector<ModelValue> values = signature.getCValues();
  SmallVector<Type> parameters(signature.dimNames.size(), i64);
  parameters.append(values.size(), ptr);
  auto entryFunc = builder.create<LLVM::LLVMFuncOp>(
      loc, "seqc_" + signature.name,
      LLVM::LLVMFunctionType::get(i32, parameters));
  Block *entry = entryFunc.addEntryBlock(builder);
  builder.setInsertionPointToStart(entry);

  auto constant = [&](Type type, int64_t value) -> Value {
    return builder.create<LLVM::ConstantOp>(
        loc, type, builder.getIntegerAttr(type, value));
  };
  Value ok = constant(i1, 1);
  Value yes = constant(i1, 1);
  llvm::StringMap<Value> dimValues;
  for (auto [k, name] : llvm::enumerate(signature.dimNames)) {
    Value dim = entry->getArgument(k);
    dimValues[name] = dim;
    Value positive = builder.create<LLVM::ICmpOp>(loc, LLVM::ICmpPredicate::sgt,
                                                  dim, constant(i64, 0));
    ok = builder.create<LLVM::AndOp>(loc, ok, positive);
  }

  // Sizes of every value, and the check that its byte size fits in int64.
  auto overflowType = LLVM::LLVMStructType::getLiteral(context, {i64, i1});
  SmallVector<SmallVector<Value>> sizes;
  for (const ModelValue &value : values) {
    SmallVector<Value> &valueSizes = sizes.emplace_back();
    Value bytes = constant(i64, getElementBytes(value.type.getElementType()));
    for (const ModelDim &dim : value.dims) {
      Value size = dim.isDynamic() ? dimValues.lookup(dim.name)
                                   : constant(i64, dim.size);
      if (!size)
        return emitError(loc) << "dim '" << dim.name << "' of '" << value.name
                              << "' is not an input dim";
      valueSizes.push_back(size);
      auto product = builder.create<LLVM::SMulWithOverflowOp>(loc, overflowType,
                                                              bytes, size);
      bytes = builder.create<LLVM::ExtractValueOp>(loc, product,
                                                   ArrayRef<int64_t>{0});
      Value overflow = builder.create<LLVM::ExtractValueOp>(
          loc, product, ArrayRef<int64_t>{1});
      ok = builder.create<LLVM::AndOp>(
          loc, ok, builder.create<LLVM::XOrOp>(loc, overflow, yes));
    }
    // SEQC_MAX_ARRAY_BYTES of the header: no address space holds more, and
    // the products of such sizes inside the model stay far from overflow.
    ok = builder.create<LLVM::AndOp>(
        loc, ok,
        builder.create<LLVM::ICmpOp>(loc, LLVM::ICmpPredicate::ule, bytes,
                                     constant(i64, kMaxArrayBytes)));
  }

  // Every array pointer must be non-null (a NULL one once segfaulted).
  Value nonNull = yes;
  Value null = builder.create<LLVM::ZeroOp>(loc, ptr);
  for (size_t i = 0; i < values.size(); ++i)
    nonNull = builder.create<LLVM::AndOp>(
        loc, nonNull,
        builder.create<LLVM::ICmpOp>(
            loc, LLVM::ICmpPredicate::ne,
            entry->getArgument(signature.dimNames.size() + i), null));

  Block *pointers = builder.createBlock(&entryFunc.getBody());
  Block *call = builder.createBlock(&entryFunc.getBody());
  Block *bad = builder.createBlock(&entryFunc.getBody());
  Block *nullPointer = builder.createBlock(&entryFunc.getBody());
  builder.setInsertionPointToEnd(entry);
  builder.create<LLVM::CondBrOp>(loc, ok, pointers, bad);
  builder.setInsertionPointToStart(pointers);
  builder.create<LLVM::CondBrOp>(loc, nonNull, call, nullPointer);

  builder.setInsertionPointToStart(bad);
  builder.create<LLVM::ReturnOp>(loc, constant(i32, 1));
  builder.setInsertionPointToStart(nullPointer);
  builder.create<LLVM::ReturnOp>(loc, constant(i32, 3));

  // The expanded memref convention of FuncToLLVM: allocated and aligned
  // pointer, offset, sizes, strides.
  builder.setInsertionPointToStart(call);
  SmallVector<Value> operands;
  Value zero = constant(i64, 0);
  for (auto [i, valueSizes] : llvm::enumerate(sizes)) {
    Value pointer = entry->getArgument(signature.dimNames.size() + i);
    operands.append({pointer, pointer, zero});
    operands.append(valueSizes.begin(), valueSizes.end());
    SmallVector<Value> strides(valueSizes.size());
    Value stride = constant(i64, 1);
    for (size_t d = valueSizes.size(); d-- > 0;) {
      strides[d] = stride;
      stride = builder.create<LLVM::MulOp>(loc, stride, valueSizes[d]);
    }
    operands.append(strides.begin(), strides.end());
  }
  if (impl.getFunctionType().getNumParams() != operands.size())
    return emitError(loc) << "the lowered '" << signature.name << "' takes "
                          << impl.getFunctionType().getNumParams()
                          << " values, expected " << operands.size();

  // The impl runs in `<impl>_body(frame)` under seqc_guarded_call, which
  // returns SEQC_CHECK_FAILED when a run-time check fails; the frame holds
  // the impl's operands.
  auto frameType = LLVM::LLVMStructType::getLiteral(
      context, llvm::to_vector(ValueRange(operands).getTypes()));
  Value frame = builder.create<LLVM::AllocaOp>(loc, ptr, frameType,
                                               constant(i64, 1));
  for (auto [i, operand] : llvm::enumerate(operands)) {
    Value slot = builder.create<LLVM::GEPOp>(
        loc, ptr, frameType, frame,
        ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
    builder.create<LLVM::StoreOp>(loc, operand, slot);
  }
  LLVM::LLVMFuncOp body = buildGuardedBody(module, impl, frameType, loc);
  auto guard = getOrInsertRuntimeFunction(
      module, kGuardedCallName, LLVM::LLVMFunctionType::get(i32, {ptr, ptr}));
  Value bodyAddress = builder.create<LLVM::AddressOfOp>(loc, body);
  Value status =
      builder.create<LLVM::CallOp>(loc, guard, ValueRange{bodyAddress, frame})
          .getResult();
  // A failed call frees the buffers it still held (BufferCache.c).
  Block *failed = builder.createBlock(&entryFunc.getBody());
  Block *done = builder.createBlock(&entryFunc.getBody());
  builder.setInsertionPointAfterValue(status);
  builder.create<LLVM::CondBrOp>(
      loc,
      builder.create<LLVM::ICmpOp>(loc, LLVM::ICmpPredicate::ne, status,
                                   constant(i32, 0)),
      failed, done);
  builder.setInsertionPointToStart(failed);
  auto release = getOrInsertRuntimeFunction(
      module, kReleaseCallName,
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context), {ptr}));
  builder.create<LLVM::CallOp>(loc, release, ValueRange{frame});
  builder.create<LLVM::BrOp>(loc, done);
  builder.setInsertionPointToStart(done);
  builder.create<LLVM::ReturnOp>(loc, status);
  return success();
}

//===----------------------------------------------------------------------===//
// LLVM
//===----------------------------------------------------------------------===//

static void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine) {
  llvm::LoopAnalysisManager loopAM;
  llvm::FunctionAnalysisManager functionAM;
  llvm::CGSCCAnalysisManager cgsccAM;
  llvm::ModuleAnalysisManager moduleAM;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;
  llvm::PassBuilder passBuilder(&machine, tuning);
  passBuilder.registerModuleAnalyses(moduleAM);
  passBuilder.registerCGSCCAnalyses(cgsccAM);
  passBuilder.registerFunctionAnalyses(functionAM);
  passBuilder.registerLoopAnalyses(loopAM);
  passBuilder.crossRegisterProxies(loopAM, functionAM, cgsccAM, moduleAM);
  llvm::ModulePassManager passes =
      passBuilder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  passes.run(module, moduleAM);
}

/// Writes `path` ("-": stdout) with `write`, which may fail (having emitted
/// its error); the file is kept only when everything succeeded.
static LogicalResult
writeOutputFile(MLIRContext *context, StringRef path,
                llvm::function_ref<LogicalResult(llvm::raw_fd_ostream &)> write) {
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(path, &error);
  if (!file)
    return emitError(UnknownLoc::get(context)) << error;
  if (failed(write(file->os())))
    return failure();
  file->os().flush();
  if (file->os().has_error())
    return emitError(UnknownLoc::get(context))
           << "cannot write '" << path << "': " << file->os().error().message();
  file->keep();
  return success();
}

static LogicalResult
writeOutput(MLIRContext *context, StringRef path,
            llvm::function_ref<void(llvm::raw_ostream &)> write) {
  return writeOutputFile(context, path, [&](llvm::raw_fd_ostream &os) {
    write(os);
    return success();
  });
}

static LogicalResult emitObject(MLIRContext *context, llvm::Module &module,
                                llvm::TargetMachine &machine, StringRef path) {
  // Straight into the file (the weights make objects of hundreds of MB;
  // a buffer would hold them twice); stdout is not seekable, so "-" goes
  // through a buffer.
  auto emit = [&](llvm::raw_pwrite_stream &os) -> LogicalResult {
    if (llvm::Error err = emitObjectFile(module, machine, os))
      return emitError(UnknownLoc::get(context)) << llvm::toString(std::move(err));
    return success();
  };
  if (path == "-") {
    SmallVector<char, 0> object;
    llvm::raw_svector_ostream os(object);
    if (failed(emit(os)))
      return failure();
    return writeOutput(context, path, [&](llvm::raw_ostream &out) {
      out.write(object.data(), object.size());
    });
  }
  return writeOutputFile(context, path, emit);
}

static LogicalResult runTool(MLIRContext *context, ArrayRef<StringRef> args) {
  std::string error;
  int status = llvm::sys::ExecuteAndWait(args.front(), args, std::nullopt, {},
                                         0, 0, &error);
  if (status != 0)
    return emitError(UnknownLoc::get(context))
           << "'" << llvm::join(args, " ") << "' failed"
           << (error.empty() ? "" : ": ") << error;
  return success();
}

/// A temporary file, removed when `removers` goes.
static FailureOr<std::string>
createTemporary(MLIRContext *context, StringRef prefix, StringRef suffix,
                std::vector<std::unique_ptr<llvm::FileRemover>> &removers) {
  llvm::SmallString<128> path;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile(prefix, suffix, path))
    return emitError(UnknownLoc::get(context))
           << "cannot create a temporary file: " << ec.message();
  removers.push_back(std::make_unique<llvm::FileRemover>(path));
  return path.str().str();
}

/// Links `objectPath` into the shared library `path` with the system C
/// compiler.
static LogicalResult linkShared(MLIRContext *context, StringRef objectPath,
                                StringRef path) {
  llvm::ErrorOr<std::string> cc = llvm::sys::findProgramByName("cc");
  if (!cc)
    return emitError(UnknownLoc::get(context))
           << "cannot find 'cc' on PATH to link " << path;
  return runTool(context, {*cc, "-shared", "-o", path, objectPath, "-lm"});
}

//===----------------------------------------------------------------------===//
// Parallel back end
//===----------------------------------------------------------------------===//

namespace {
/// The programs that join the parts of a module into one object: the system
/// C compiler (`cc -r`), and an objcopy to make the parts' shared internal
/// symbols local again.
struct PartLinker {
  std::string cc;
  std::string objcopy;
};
} // namespace

static std::optional<PartLinker> findPartLinker() {
  llvm::ErrorOr<std::string> cc = llvm::sys::findProgramByName("cc");
  if (!cc)
    return std::nullopt;
  PartLinker linker{*cc, ""};
  for (StringRef name : {"llvm-objcopy-" SEQC_LLVM_MAJOR,
                         "llvm-objcopy", "objcopy"}) {
    llvm::ErrorOr<std::string> objcopy = llvm::sys::findProgramByName(
        name, {SEQC_LLVM_TOOLS_DIR});
    if (!objcopy)
      objcopy = llvm::sys::findProgramByName(name);
    if (objcopy) {
      linker.objcopy = *objcopy;
      return linker;
    }
  }
  return std::nullopt;
}

static void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine);

/// Optimises and emits `module`, cut into `parts` (see ModuleSplit.h), all
/// parts at once, then links them into the relocatable object `path`.
static LogicalResult emitInParts(MLIRContext *context, llvm::Module &module,
                                 ModuleSplit &parts,
                                 const TargetDescription &target,
                                 const PartLinker &linker, StringRef path) {
  size_t count = parts.otherParts.size() + 1;
  std::vector<std::unique_ptr<llvm::FileRemover>> removers;
  std::vector<std::string> objectPaths;
  for (size_t i = 0; i < count; ++i) {
    FailureOr<std::string> objectPath =
        createTemporary(context, "seqc-part", "o", removers);
    if (failed(objectPath))
      return failure();
    objectPaths.push_back(*objectPath);
  }

  // Each part with a target machine of its own, all at once (part 0, which
  // holds the global variables, in the module's own context).
  auto compilePart = [&](llvm::Module &part,
                         llvm::SmallVectorImpl<char> &object) -> llvm::Error {
    llvm::Expected<std::unique_ptr<llvm::TargetMachine>> partMachine =
        target.createTargetMachine(llvm::CodeGenOptLevel::Aggressive);
    if (!partMachine)
      return partMachine.takeError();
    optimizeModule(part, **partMachine);
    llvm::raw_svector_ostream os(object);
    return emitObjectFile(part, **partMachine, os);
  };
  llvm::Expected<std::vector<llvm::SmallVector<char, 0>>> objects =
      compileParts(module, parts, compilePart);
  if (!objects)
    return emitError(UnknownLoc::get(context))
           << llvm::toString(objects.takeError());
  for (size_t i = 0; i < count; ++i)
    if (failed(writeOutput(context, objectPaths[i], [&](llvm::raw_ostream &os) {
          os.write((*objects)[i].data(), (*objects)[i].size());
        })))
      return failure();

  // One relocatable object, whose symbols that were internal before the cut
  // are local again.
  llvm::SmallString<128> linkedPath;
  int linkedFd;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(
          path + "-%%%%%%.o", linkedFd, linkedPath))
    return emitError(UnknownLoc::get(context))
           << "cannot create a file beside '" << path << "': " << ec.message();
  llvm::sys::Process::SafelyCloseFileDescriptor(linkedFd);
  llvm::FileRemover linkedRemover(linkedPath);
  FailureOr<std::string> symbolsPath =
      createTemporary(context, "seqc-local", "txt", removers);
  if (failed(symbolsPath) ||
      failed(writeOutput(context, *symbolsPath, [&](llvm::raw_ostream &os) {
        for (const std::string &name : parts.externalized)
          os << name << "\n";
      })))
    return failure();
  SmallVector<StringRef> linkArgs = {linker.cc, "-r", "-nostdlib", "-o",
                                     linkedPath};
  linkArgs.append(objectPaths.begin(), objectPaths.end());
  if (failed(runTool(context, linkArgs)))
    return failure();
  std::string localize = "--localize-symbols=" + *symbolsPath;
  if (failed(runTool(context, {linker.objcopy, localize, linkedPath})))
    return failure();
  if (std::error_code ec = llvm::sys::fs::rename(linkedPath, path))
    return emitError(UnknownLoc::get(context))
           << "cannot write '" << path << "': " << ec.message();
  return success();
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

LogicalResult seqc::compileModels(ModuleOp module, const AotOptions &options,
                                  const PipelineOptions &pipelineOptions) {
  MLIRContext *context = module.getContext();
  // The model as loaded, for reading; no ABI check needed.
  if (options.emit == EmitKind::Mlir && options.headerPath.empty())
    return writeOutput(context, options.outputPath,
                       [&](llvm::raw_ostream &os) { module.print(os); });

  FailureOr<std::vector<ModelSignature>> signatures =
      getModelSignatures(module);
  if (failed(signatures))
    return failure();
  SmallVector<Location> locations;
  for (ModelSignature &signature : *signatures) {
    if (failed(inferResultDims(signature)))
      return failure();
    for (const ModelValue &value :
         llvm::concat<const ModelValue>(signature.arguments, signature.results))
      if (!getCTypeName(value.type.getElementType()))
        return signature.func.emitError()
               << "'" << value.name << "' of '" << signature.name
               << "' has element type " << value.type.getElementType()
               << ": the C interface supports f32, i32, i64 and i1";
    locations.push_back(signature.func.getLoc());
  }

  // The header is written last, once the code exists.
  auto writeHeader = [&](bool threadPool) -> LogicalResult {
    if (options.headerPath.empty())
      return success();
    std::string header =
        formatCHeader(*signatures, getIncludeGuard(options.headerPath),
                      options.sourceName, threadPool);
    return writeOutput(context, options.headerPath,
                       [&](llvm::raw_ostream &os) { os << header; });
  };
  if (options.emit == EmitKind::Mlir) {
    if (failed(writeOutput(context, options.outputPath,
                           [&](llvm::raw_ostream &os) { module.print(os); })))
      return failure();
    return writeHeader(/*threadPool=*/false);
  }

  // The target, checked before any work: every pass reads it.
  if (llvm::Error err =
          attachTarget(module, options.targetCpu, options.targetFeatures))
    return emitError(UnknownLoc::get(context))
           << llvm::toString(std::move(err));
  TargetDescription target = getTarget(module);

  // Tensor-level wrappers, the pipeline, then the C entry points.
  context
      ->loadDialect<bufferization::BufferizationDialect, LLVM::LLVMDialect>();
  for (ModelSignature &signature : *signatures) {
    if (failed(wrapModel(module, signature)))
      return failure();
    signature.func = nullptr;
  }
  TimingScope noTiming;
  TimingScope &timing = options.timing ? *options.timing : noTiming;
  auto phase = [&](StringRef name) {
    if (options.onPhase)
      options.onPhase(name);
    return timing.nest(name);
  };
  PassManager pm(context, module.getOperationName());
  (void)applyPassManagerCLOptions(pm);
  TimingScope mlirTiming = phase("MLIR pipeline");
  pm.enableTiming(mlirTiming);
  buildSeqToLLVMPipeline(pm, pipelineOptions);
  if (failed(pm.run(module)))
    return module.emitError() << "failed to lower the models to LLVM";
  mlirTiming.stop();
  // Only the weights of the final globals are needed from here on: the
  // others (weights before packing, say) are freed before LLVM copies these.
  // Object files get the weights beside the code (ObjectWeights.h): LLVM
  // sees external declarations, and the blobs stay until they are written.
  SmallVector<DenseResourceElementsAttr> live;
  std::vector<ObjectWeight> objectWeights;
  SmallVector<DenseResourceElementsAttr> objectWeightAttrs;
  bool weightsBesideCode =
      (options.emit == EmitKind::Object || options.emit == EmitKind::Shared) &&
      canAddWeightsToObjects(target.triple);
  for (auto global : module.getOps<LLVM::GlobalOp>()) {
    auto value = llvm::dyn_cast_or_null<DenseResourceElementsAttr>(
        global.getValueOrNull());
    if (!value)
      continue;
    live.push_back(value);
    std::optional<ArrayRef<char>> bytes = getWeightBytes(value);
    if (!weightsBesideCode || !global.getConstant() || !bytes ||
        global.getThreadLocal_() || global.getSection())
      continue;
    objectWeights.push_back({global.getSymName().str(), *bytes,
                             uint64_t(global.getAlignment().value_or(1))});
    objectWeightAttrs.push_back(value);
    global.removeValueAttr();
    global.setLinkage(LLVM::Linkage::External);
    global.setVisibility_(LLVM::Visibility::Hidden);
    global.setDsoLocal(true);
  }
  releaseWeightBlobs(context, live);
  redirectFailedChecks(module);
  // Described to LLVM below; the translation has no use for it.
  module->removeAttr(kTargetAttrName);
  for (auto [signature, loc] : llvm::zip_equal(*signatures, locations))
    if (failed(buildCEntry(module, signature, loc)))
      return failure();

  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  context->appendDialectRegistry(registry);
  llvm::LLVMContext llvmContext;
  TimingScope translateTiming = phase("Translation to LLVM IR");
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, options.sourceName);
  translateTiming.stop();
  // LLVM has its own copy of the weights now, but for those written beside
  // the code.
  releaseWeightBlobs(context, objectWeightAttrs);
  if (!llvmModule)
    return module.emitError() << "cannot translate the models to LLVM IR";

  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      target.createTargetMachine(llvm::CodeGenOptLevel::Aggressive);
  if (!machine)
    return emitError(UnknownLoc::get(context))
           << "cannot create a target machine for " << target.triple << ": "
           << llvm::toString(machine.takeError());
  llvmModule->setDataLayout((*machine)->createDataLayout());
  llvmModule->setTargetTriple((*machine)->getTargetTriple().getTriple());
  llvm::Expected<LinkedRuntime> runtime = linkAotRuntime(*llvmModule);
  if (!runtime)
    return emitError(UnknownLoc::get(context))
           << llvm::toString(runtime.takeError());
  target.applyToFunctions(*llvmModule);
  if (options.emit == EmitKind::Llvm) {
    {
      TimingScope optimizeTiming = phase("LLVM optimisation (O3)");
      optimizeModule(*llvmModule, **machine);
    }
    if (failed(writeOutput(context, options.outputPath,
                           [&](llvm::raw_ostream &os) {
                             llvmModule->print(os, nullptr);
                           })))
      return failure();
    return writeHeader(runtime->threadPool);
  }

  // A relocatable object of the code, in parts at once where it can be.
  auto emitCode = [&](StringRef path) -> LogicalResult {
    if (options.jobs > 1 && path != "-") {
      if (std::optional<PartLinker> linker = findPartLinker()) {
        ModuleSplit parts = splitModuleForCodegen(*llvmModule, options.jobs);
        if (!parts.otherParts.empty()) {
          TimingScope partsTiming =
              phase("LLVM optimisation (O3) and code generation, " +
                    std::to_string(parts.otherParts.size() + 1) + " parts");
          return emitInParts(context, *llvmModule, parts, target,
                             *linker, path);
        }
      }
    }
    {
      TimingScope optimizeTiming = phase("LLVM optimisation (O3)");
      optimizeModule(*llvmModule, **machine);
    }
    TimingScope emitTiming = phase("LLVM code generation");
    return emitObject(context, *llvmModule, **machine, path);
  };
  std::vector<std::unique_ptr<llvm::FileRemover>> removers;
  auto temporaryObject = [&](StringRef prefix) {
    return createTemporary(context, prefix, "o", removers);
  };

  // The relocatable object: the output itself (checked before the work), or
  // the input of `cc -shared`.
  std::string objectPath = options.outputPath;
  if (options.emit == EmitKind::Object && objectPath != "-") {
    std::string error;
    if (!openOutputFile(objectPath, &error))
      return emitError(UnknownLoc::get(context)) << error;
  }
  if (options.emit == EmitKind::Shared) {
    FailureOr<std::string> path = temporaryObject("seqc");
    if (failed(path))
      return failure();
    objectPath = *path;
  }
  if (objectWeights.empty()) {
    if (failed(emitCode(objectPath)))
      return failure();
  } else {
    FailureOr<std::string> codePath = temporaryObject("seqc-code");
    if (failed(codePath) || failed(emitCode(*codePath)))
      return failure();
    TimingScope weightsTiming = phase("Writing the weights");
    if (llvm::Error err =
            addWeightsToObject(*codePath, objectWeights, objectPath))
      return emitError(UnknownLoc::get(context))
             << llvm::toString(std::move(err));
  }
  releaseWeightBlobs(context);
  if (options.emit == EmitKind::Shared &&
      failed(linkShared(context, objectPath, options.outputPath)))
    return failure();
  return writeHeader(runtime->threadPool);
}
