//===- ModuleSplit.cpp - an LLVM module in parts for parallel codegen -----===//

#include "seqc/Codegen/ModuleSplit.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <algorithm>
#include <thread>

using namespace llvm;

/// Whether every use of `function` calls it: nothing can reach it but a
/// direct call, so a part may hold a copy of its own.
static bool isOnlyCalled(const Function &function) {
  return llvm::all_of(function.uses(), [](const Use &use) {
    auto *call = dyn_cast<CallBase>(use.getUser());
    return call && call->isCallee(&use);
  });
}

static bool isRoot(const Function &function) {
  return !function.isDeclaration() &&
         (!function.hasLocalLinkage() || !isOnlyCalled(function));
}

/// `root` and the internal functions it reaches by direct calls.
static void addWithCallees(Function *root, SetVector<Function *> &into) {
  SmallVector<Function *> work = {root};
  into.insert(root);
  while (!work.empty()) {
    Function *function = work.pop_back_val();
    for (Instruction &inst : instructions(*function)) {
      auto *call = dyn_cast<CallBase>(&inst);
      Function *callee = call ? call->getCalledFunction() : nullptr;
      if (callee && !callee->isDeclaration() && !isRoot(*callee) &&
          into.insert(callee))
        work.push_back(callee);
    }
  }
}

/// The functions whose instructions use `value`, through constants.
static void addUsingFunctions(Value *value, SmallPtrSetImpl<Function *> &into,
                              SmallPtrSetImpl<Value *> &seen) {
  for (User *user : value->users()) {
    if (auto *inst = dyn_cast<Instruction>(user))
      into.insert(inst->getFunction());
    else if (isa<Constant>(user) && !isa<GlobalValue>(user) &&
             seen.insert(user).second)
      addUsingFunctions(user, into, seen);
  }
}

static void externalize(GlobalValue &value,
                        std::vector<std::string> &externalized) {
  if (!value.hasName())
    value.setName("__seqc_part_value");
  value.setLinkage(GlobalValue::ExternalLinkage);
  value.setVisibility(GlobalValue::HiddenVisibility);
  value.setDSOLocal(true);
  externalized.push_back(value.getName().str());
}

/// Removes what `part` neither defines nor uses.
static void removeUnused(Module &part) {
  for (GlobalVariable &global : llvm::make_early_inc_range(part.globals()))
    if (global.hasAppendingLinkage() && global.isDeclaration())
      global.eraseFromParent();
  bool changed = true;
  while (changed) {
    changed = false;
    for (Function &function : llvm::make_early_inc_range(part))
      if (function.isDeclaration() && function.use_empty() &&
          !function.isIntrinsic()) {
        function.eraseFromParent();
        changed = true;
      }
    for (GlobalVariable &global : llvm::make_early_inc_range(part.globals()))
      if (global.isDeclaration() && global.use_empty()) {
        global.eraseFromParent();
        changed = true;
      }
  }
}

seqc::ModuleSplit seqc::splitModuleForCodegen(Module &module, unsigned parts) {
  ModuleSplit split;
  if (parts < 2 || !module.alias_empty() || !module.ifunc_empty() ||
      !module.getComdatSymbolTable().empty())
    return split;

  // The roots, largest first, each to the least loaded part.
  SmallVector<Function *> roots;
  for (Function &function : module)
    if (isRoot(function))
      roots.push_back(&function);
  if (roots.size() < 2)
    return split;
  parts = std::min<unsigned>(parts, roots.size());
  DenseMap<Function *, size_t> size;
  for (Function *root : roots) {
    SetVector<Function *> reached;
    addWithCallees(root, reached);
    size_t count = 0;
    for (Function *function : reached)
      count += function->getInstructionCount();
    size[root] = count;
  }
  DenseMap<Function *, size_t> order;
  for (auto [index, root] : llvm::enumerate(roots))
    order[root] = index;
  std::sort(roots.begin(), roots.end(), [&](Function *a, Function *b) {
    return std::make_pair(size[b], order[a]) < std::make_pair(size[a], order[b]);
  });
  std::vector<size_t> load(parts, 0);
  std::vector<SetVector<Function *>> defined(parts);
  for (Function *root : roots) {
    unsigned part = std::min_element(load.begin(), load.end()) - load.begin();
    load[part] += size[root];
    addWithCallees(root, defined[part]);
  }

  // Internal roots, and internal globals used in other parts, become
  // hidden symbols of the object.
  DenseSet<Function *> inOtherParts;
  for (unsigned part = 1; part < parts; ++part)
    inOtherParts.insert(defined[part].begin(), defined[part].end());
  for (Function *root : roots)
    if (root->hasLocalLinkage())
      externalize(*root, split.externalized);
  for (GlobalVariable &global : module.globals()) {
    if (!global.hasLocalLinkage())
      continue;
    SmallPtrSet<Function *, 8> users;
    SmallPtrSet<Value *, 8> seen;
    addUsingFunctions(&global, users, seen);
    if (llvm::any_of(users,
                     [&](Function *user) { return inOtherParts.contains(user); }))
      externalize(global, split.externalized);
  }

  // Parts 1 to N-1: their functions, declarations of the rest.
  for (unsigned part = 1; part < parts; ++part) {
    ValueToValueMapTy map;
    std::unique_ptr<Module> clone =
        CloneModule(module, map, [&](const GlobalValue *value) {
          auto *function = dyn_cast<Function>(value);
          return function && defined[part].contains(
                                 const_cast<Function *>(function));
        });
    removeUnused(*clone);
    SmallVector<char, 0> &bitcode = split.otherParts.emplace_back();
    raw_svector_ostream os(bitcode);
    WriteBitcodeToFile(*clone, os);
  }

  // Part 0: what is left.
  SmallVector<Function *> moved;
  for (Function &function : module)
    if (!function.isDeclaration() && !defined[0].contains(&function))
      moved.push_back(&function);
  for (Function *function : moved)
    function->deleteBody();
  for (Function *function : moved)
    if (function->use_empty())
      function->eraseFromParent();
  return split;
}

static Expected<std::unique_ptr<Module>> parsePart(ArrayRef<char> bitcode,
                                                   LLVMContext &context) {
  return parseBitcodeFile(
      MemoryBufferRef(StringRef(bitcode.data(), bitcode.size()), "part"),
      context);
}

Expected<std::vector<SmallVector<char, 0>>> seqc::compileParts(
    Module &module, ModuleSplit &split,
    function_ref<Error(Module &, SmallVectorImpl<char> &)> compile) {
  size_t count = split.otherParts.size();
  std::vector<SmallVector<char, 0>> objects(count + 1);
  std::vector<std::string> errors(count + 1);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < count; ++i)
    threads.emplace_back([&, i] {
      LLVMContext context;
      Expected<std::unique_ptr<Module>> part =
          parsePart(split.otherParts[i], context);
      Error error = part ? compile(**part, objects[i + 1]) : part.takeError();
      if (error)
        errors[i + 1] = toString(std::move(error));
      split.otherParts[i] = {};
    });
  if (Error error = compile(module, objects[0]))
    errors[0] = toString(std::move(error));
  for (std::thread &thread : threads)
    thread.join();
  for (std::string &error : errors)
    if (!error.empty())
      return createStringError(inconvertibleErrorCode(), error);
  return objects;
}

Expected<std::vector<SmallVector<char, 0>>> seqc::compileInParts(
    Module &module, unsigned parts,
    function_ref<Error(Module &, SmallVectorImpl<char> &)> compile) {
  ModuleSplit split = splitModuleForCodegen(module, parts);
  return compileParts(module, split, compile);
}

Error seqc::emitObjectFile(Module &module, TargetMachine &machine,
                           raw_pwrite_stream &os) {
  legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, os, nullptr,
                                  CodeGenFileType::ObjectFile))
    return createStringError(inconvertibleErrorCode(),
                             "the target cannot emit object files");
  passes.run(module);
  return Error::success();
}
