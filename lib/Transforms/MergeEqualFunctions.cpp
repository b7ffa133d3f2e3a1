//===- MergeEqualFunctions.cpp - equal layers compiled once --------------===//
//
// seq-merge-equal-functions: private functions equal up to the values of
// their weight constants become one function taking those weights as
// arguments; private functions called once are inlined back. See the pass's
// description in Passes.td.
//
// Two functions are equal when a walk of both visits the same ops in the
// same order with the same operands (under the mapping built so far),
// result types, attributes and regions — except that a non-splat tensor
// `arith.constant` matches another of the same type whatever its values.
// Functions are bucketed by a hash of exactly what the comparison looks at,
// so a model with N layers costs N hashes and N comparisons, not N².
//
//===----------------------------------------------------------------------===//

#include "seqc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace seqc {
#define GEN_PASS_DEF_SEQMERGEEQUALFUNCTIONS
#include "seqc/Transforms/Passes.h.inc"
} // namespace seqc

using namespace mlir;

namespace {

/// The value of a constant that may differ between equal functions: a
/// non-splat tensor constant (a weight); null for any other op.
ElementsAttr getWeightValue(Operation *op) {
  auto constant = llvm::dyn_cast<arith::ConstantOp>(op);
  if (!constant || !llvm::isa<RankedTensorType>(constant.getType()))
    return {};
  auto value = llvm::dyn_cast<ElementsAttr>(constant.getValue());
  if (!value)
    return {};
  if (auto dense = llvm::dyn_cast<DenseElementsAttr>(value);
      dense && dense.isSplat())
    return {};
  return value;
}

/// Constants are left out: the folder hoists them to the top of the
/// function in an order that says nothing about the function (two equal
/// layers can list their weights differently). They are compared at their
/// uses instead.
llvm::hash_code hashFunction(func::FuncOp func) {
  llvm::hash_code hash =
      llvm::hash_value(func.getFunctionType().getAsOpaquePointer());
  func.getBody().walk([&](Operation *op) {
    if (op->hasTrait<OpTrait::ConstantLike>())
      return;
    hash = llvm::hash_combine(hash, op->getName().getAsOpaquePointer(),
                              op->getNumOperands(), op->getNumRegions(),
                              op->getAttrDictionary().getAsOpaquePointer());
    for (Type type : op->getResultTypes())
      hash = llvm::hash_combine(hash, type.getAsOpaquePointer());
  });
  return hash;
}

/// Compares two functions op by op, constants at their uses; `weights`
/// pairs each weight constant of the first with the one of the second
/// used in its place, in the order the first function uses them.
class FunctionMatcher {
public:
  bool match(func::FuncOp a, func::FuncOp b) {
    if (a.getFunctionType() != b.getFunctionType())
      return false;
    return matchRegions(a.getBody(), b.getBody());
  }

  llvm::MapVector<Operation *, Operation *> weights;

private:
  static SmallVector<Operation *> getNonConstantOps(Block &block) {
    SmallVector<Operation *> ops;
    for (Operation &op : block)
      if (!op.hasTrait<OpTrait::ConstantLike>())
        ops.push_back(&op);
    return ops;
  }

  bool matchRegions(Region &a, Region &b) {
    if (a.getBlocks().size() != b.getBlocks().size())
      return false;
    for (auto [blockA, blockB] : llvm::zip(a, b)) {
      if (blockA.getArgumentTypes() != blockB.getArgumentTypes())
        return false;
      for (auto [argA, argB] :
           llvm::zip(blockA.getArguments(), blockB.getArguments()))
        mapping.map(argA, argB);
      SmallVector<Operation *> opsA = getNonConstantOps(blockA);
      SmallVector<Operation *> opsB = getNonConstantOps(blockB);
      if (opsA.size() != opsB.size())
        return false;
      for (auto [opA, opB] : llvm::zip(opsA, opsB))
        if (!matchOps(opA, opB))
          return false;
    }
    return true;
  }

  /// Two operands that constants define: equal small constants, or weights
  /// of one type that correspond one to one.
  bool matchConstants(Operation *a, Operation *b) {
    if (!b || !b->hasTrait<OpTrait::ConstantLike>() ||
        a->getName() != b->getName() ||
        a->getResultTypes() != b->getResultTypes())
      return false;
    if (!getWeightValue(a) || !getWeightValue(b))
      return a->getAttrDictionary() == b->getAttrDictionary();
    auto [it, inserted] = weights.insert({a, b});
    if (!inserted)
      return it->second == b;
    return pairedB.insert(b).second;
  }

  bool matchOps(Operation *a, Operation *b) {
    if (a->getName() != b->getName() ||
        a->getNumOperands() != b->getNumOperands() ||
        a->getNumRegions() != b->getNumRegions() ||
        a->getNumSuccessors() != 0 || b->getNumSuccessors() != 0 ||
        a->getResultTypes() != b->getResultTypes() ||
        a->getAttrDictionary() != b->getAttrDictionary())
      return false;
    for (auto [operandA, operandB] :
         llvm::zip(a->getOperands(), b->getOperands())) {
      Operation *defA = operandA.getDefiningOp();
      if (defA && defA->hasTrait<OpTrait::ConstantLike>()) {
        if (!matchConstants(defA, operandB.getDefiningOp()))
          return false;
        continue;
      }
      if (mapping.lookupOrNull(operandA) != operandB)
        return false;
    }
    for (auto [regionA, regionB] : llvm::zip(a->getRegions(), b->getRegions()))
      if (!matchRegions(regionA, regionB))
        return false;
    mapping.map(a->getResults(), b->getResults());
    return true;
  }

  IRMapping mapping;
  llvm::SmallPtrSet<Operation *, 16> pairedB;
};

struct MergeEqualFunctionsPass
    : public seqc::impl::SeqMergeEqualFunctionsBase<MergeEqualFunctionsPass> {
  using SeqMergeEqualFunctionsBase::SeqMergeEqualFunctionsBase;

  void runOnOperation() override {
    // Merging functions makes the functions that call them equal in turn
    // (a block that calls another block): repeat until nothing merges.
    while (mergeOnce()) {
    }
    if (inlineSingleCalls)
      inlineFunctionsCalledOnce();
  }

  /// The calls of `func`, or nothing if it has another kind of use.
  std::optional<SmallVector<func::CallOp>> getCalls(func::FuncOp func) {
    std::optional<SymbolTable::UseRange> uses =
        SymbolTable::getSymbolUses(func, getOperation());
    if (!uses)
      return std::nullopt;
    SmallVector<func::CallOp> calls;
    for (const SymbolTable::SymbolUse &use : *uses) {
      auto call = llvm::dyn_cast<func::CallOp>(use.getUser());
      if (!call)
        return std::nullopt;
      calls.push_back(call);
    }
    return calls;
  }

  bool mergeOnce() {
    llvm::MapVector<llvm::hash_code, SmallVector<func::FuncOp>> buckets;
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func.isPrivate() && !func.isExternal())
        buckets[hashFunction(func)].push_back(func);

    bool merged = false;
    for (auto &bucket : buckets) {
      SmallVector<func::FuncOp> &funcs = bucket.second;
      // Groups within the bucket: each function joins the first group
      // whose representative it matches.
      SmallVector<SmallVector<func::FuncOp>> groups;
      SmallVector<SmallVector<llvm::MapVector<Operation *, Operation *>>>
          groupWeights;
      for (func::FuncOp func : funcs) {
        bool placed = false;
        for (auto [group, weights] : llvm::zip(groups, groupWeights)) {
          FunctionMatcher matcher;
          if (!matcher.match(group.front(), func))
            continue;
          group.push_back(func);
          weights.push_back(std::move(matcher.weights));
          placed = true;
          break;
        }
        if (!placed) {
          groups.push_back({func});
          groupWeights.emplace_back();
        }
      }
      for (auto [group, weights] : llvm::zip(groups, groupWeights))
        if (group.size() > 1 && mergeGroup(group, weights))
          merged = true;
    }
    return merged;
  }

  /// Makes `group.front()` take the weights that differ across `group` as
  /// arguments and calls it in place of the others. `weights[i]` pairs the
  /// representative's weight constants with those of `group[i + 1]`.
  bool mergeGroup(ArrayRef<func::FuncOp> group,
                  ArrayRef<llvm::MapVector<Operation *, Operation *>> weights) {
    SmallVector<std::optional<SmallVector<func::CallOp>>> calls;
    for (func::FuncOp func : group) {
      calls.push_back(getCalls(func));
      if (!calls.back())
        return false;
    }
    func::FuncOp merged = group.front();
    // The representative's weight constants, in walk order.
    SmallVector<Operation *> own;
    if (!weights.empty())
      for (auto [mine, theirs] : weights.front())
        own.push_back(mine);
    // values[f][i]: weight i of group[f].
    SmallVector<SmallVector<Attribute>> values(group.size());
    for (Operation *op : own)
      values[0].push_back(getWeightValue(op));
    for (auto [f, pairs] : llvm::enumerate(weights)) {
      // Every comparison walked the representative in the same order.
      if (pairs.size() != own.size())
        return false;
      for (auto [i, pair] : llvm::enumerate(pairs)) {
        if (pair.first != own[i])
          return false;
        values[f + 1].push_back(getWeightValue(pair.second));
      }
    }
    SmallVector<unsigned> differing;
    for (unsigned i = 0; i < own.size(); ++i)
      if (llvm::any_of(values,
                       [&](ArrayRef<Attribute> v) { return v[i] != values[0][i]; }))
        differing.push_back(i);

    // The differing weights become trailing arguments.
    for (unsigned i : differing) {
      unsigned index = merged.getNumArguments();
      merged.insertArgument(index, own[i]->getResult(0).getType(), {},
                            own[i]->getLoc());
      own[i]->getResult(0).replaceAllUsesWith(merged.getArgument(index));
      own[i]->erase();
    }
    // Every call passes its function's weights.
    for (auto [f, funcCalls] : llvm::enumerate(calls)) {
      for (func::CallOp call : *funcCalls) {
        OpBuilder b(call);
        SmallVector<Value> operands(call.getOperands());
        for (unsigned i : differing)
          operands.push_back(b.create<arith::ConstantOp>(
              call.getLoc(), llvm::cast<TypedAttr>(values[f][i])));
        auto replacement =
            b.create<func::CallOp>(call.getLoc(), merged, operands);
        call.replaceAllUsesWith(replacement.getResults());
        call.erase();
      }
    }
    for (func::FuncOp func : group.drop_front())
      func.erase();
    return true;
  }

  void inlineFunctionsCalledOnce() {
    SmallVector<func::FuncOp> funcs(getOperation().getOps<func::FuncOp>());
    for (func::FuncOp func : funcs) {
      if (!func.isPrivate() || func.isExternal() ||
          !func.getBody().hasOneBlock())
        continue;
      std::optional<SmallVector<func::CallOp>> calls = getCalls(func);
      if (!calls || calls->size() != 1)
        continue;
      func::CallOp call = calls->front();
      if (call->getParentOfType<func::FuncOp>() == func)
        continue;
      OpBuilder b(call);
      IRMapping mapping;
      Block &body = func.getBody().front();
      mapping.map(body.getArguments(), call.getOperands());
      for (Operation &op : body.without_terminator())
        b.clone(op, mapping);
      for (auto [result, returned] :
           llvm::zip(call.getResults(), body.getTerminator()->getOperands()))
        result.replaceAllUsesWith(mapping.lookupOrDefault(returned));
      call.erase();
      func.erase();
    }
  }
};

} // namespace
