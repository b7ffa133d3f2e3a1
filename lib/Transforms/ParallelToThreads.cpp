//===- ParallelToThreads.cpp - scf.parallel on Seqc's threads ---*- C++ -*-===//
//
// seq-parallel-to-threads: the body of an outermost scf.parallel becomes a
// function `void body(void *ctx, int64_t begin, int64_t end)` over the
// linearised iterations, and the loop a call of seqc_parallel_for (a small
// pthread pool in lib/Runtime/Parallel.c). Generated code thus needs only
// libc, unlike OpenMP.
//
// Captured values travel through an array of 64-bit slots: a scalar in one
// slot, a memref as aligned pointer, offset, sizes and strides. The body
// rebuilds the memref descriptor (an LLVM struct) and casts it back with
// builtin.unrealized_conversion_cast, which the memref-to-LLVM conversion
// folds away.
//
//===----------------------------------------------------------------------===//

#include "seqc/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"

namespace seqc {
#define GEN_PASS_DEF_SEQPARALLELTOTHREADS
#include "seqc/Transforms/Passes.h.inc"
} // namespace seqc

using namespace mlir;

namespace {

/// The memref types whose descriptor the body can rebuild.
bool isPassableMemRef(MemRefType type) {
  if (type.getMemorySpace() || !isStrided(type))
    return false;
  return true;
}

/// Number of 64-bit slots of a captured value; 0 if it cannot be passed.
int64_t getSlotCount(Type type) {
  if (type.isIndex())
    return 1;
  if (auto integer = llvm::dyn_cast<IntegerType>(type))
    return integer.getWidth() <= 64 ? 1 : 0;
  if (auto fp = llvm::dyn_cast<FloatType>(type))
    return fp.getWidth() <= 64 ? 1 : 0;
  if (auto memref = llvm::dyn_cast<MemRefType>(type))
    return isPassableMemRef(memref) ? 2 + 2 * memref.getRank() : 0;
  return 0;
}

/// Writes the slots of captured values into `ctx` (caller side).
class SlotWriter {
public:
  SlotWriter(OpBuilder &b, Location loc, Value ctx)
      : b(b), loc(loc), ctx(ctx) {}

  void write(Value value) {
    Type type = value.getType();
    if (auto memref = llvm::dyn_cast<MemRefType>(type)) {
      Value pointer =
          b.create<memref::ExtractAlignedPointerAsIndexOp>(loc, value);
      writeIndex(pointer);
      auto metadata =
          b.create<memref::ExtractStridedMetadataOp>(loc, value);
      writeIndex(metadata.getOffset());
      for (Value size : metadata.getSizes())
        writeIndex(size);
      for (Value stride : metadata.getStrides())
        writeIndex(stride);
      return;
    }
    if (type.isIndex())
      return writeIndex(value);
    if (auto fp = llvm::dyn_cast<FloatType>(type))
      value = b.create<arith::BitcastOp>(
          loc, b.getIntegerType(fp.getWidth()), value);
    if (value.getType().getIntOrFloatBitWidth() < 64)
      value = b.create<arith::ExtUIOp>(loc, b.getI64Type(), value);
    writeSlot(value);
  }

private:
  void writeIndex(Value value) {
    writeSlot(b.create<arith::IndexCastOp>(loc, b.getI64Type(), value));
  }
  void writeSlot(Value value) {
    Value address = b.create<LLVM::GEPOp>(
        loc, LLVM::LLVMPointerType::get(b.getContext()), b.getI64Type(), ctx,
        ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(next++)});
    b.create<LLVM::StoreOp>(loc, value, address);
  }

  OpBuilder &b;
  Location loc;
  Value ctx;
  int64_t next = 0;
};

/// Reads captured values back from `ctx` (body side).
class SlotReader {
public:
  SlotReader(OpBuilder &b, Location loc, Value ctx)
      : b(b), loc(loc), ctx(ctx) {}

  Value read(Type type) {
    MLIRContext *context = b.getContext();
    if (auto memref = llvm::dyn_cast<MemRefType>(type)) {
      auto ptrType = LLVM::LLVMPointerType::get(context);
      Type i64 = b.getI64Type();
      int64_t rank = memref.getRank();
      SmallVector<Type> fields{ptrType, ptrType, i64};
      if (rank > 0) {
        fields.push_back(LLVM::LLVMArrayType::get(i64, rank));
        fields.push_back(LLVM::LLVMArrayType::get(i64, rank));
      }
      auto descriptorType = LLVM::LLVMStructType::getLiteral(context, fields);
      Value pointer = b.create<LLVM::IntToPtrOp>(loc, ptrType, readSlot());
      Value descriptor = b.create<LLVM::UndefOp>(loc, descriptorType);
      descriptor = b.create<LLVM::InsertValueOp>(loc, descriptor, pointer,
                                                 ArrayRef<int64_t>{0});
      descriptor = b.create<LLVM::InsertValueOp>(loc, descriptor, pointer,
                                                 ArrayRef<int64_t>{1});
      descriptor = b.create<LLVM::InsertValueOp>(loc, descriptor, readSlot(),
                                                 ArrayRef<int64_t>{2});
      for (int64_t field : {3, 4})
        for (int64_t d = 0; d < rank; ++d)
          descriptor = b.create<LLVM::InsertValueOp>(
              loc, descriptor, readSlot(), ArrayRef<int64_t>{field, d});
      return b
          .create<UnrealizedConversionCastOp>(loc, TypeRange{type},
                                              ValueRange{descriptor})
          .getResult(0);
    }
    Value slot = readSlot();
    if (type.isIndex())
      return b.create<arith::IndexCastOp>(loc, type, slot);
    unsigned width = type.getIntOrFloatBitWidth();
    if (width < 64)
      slot = b.create<arith::TruncIOp>(loc, b.getIntegerType(width), slot);
    if (llvm::isa<FloatType>(type))
      slot = b.create<arith::BitcastOp>(loc, type, slot);
    return slot;
  }

private:
  Value readSlot() {
    Value address = b.create<LLVM::GEPOp>(
        loc, LLVM::LLVMPointerType::get(b.getContext()), b.getI64Type(), ctx,
        ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(next++)});
    return b.create<LLVM::LoadOp>(loc, b.getI64Type(), address);
  }

  OpBuilder &b;
  Location loc;
  Value ctx;
  int64_t next = 0;
};

/// The runtime's seqc_parallel_for, declared once per module.
func::FuncOp getOrDeclareParallelFor(ModuleOp module, FunctionType bodyType) {
  if (auto existing =
          module.lookupSymbol<func::FuncOp>(seqc::kParallelForFunction))
    return existing;
  MLIRContext *context = module.getContext();
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto type = FunctionType::get(
      context,
      {bodyType, LLVM::LLVMPointerType::get(context), b.getI64Type()}, {});
  auto decl = b.create<func::FuncOp>(module.getLoc(),
                                     seqc::kParallelForFunction, type);
  decl.setPrivate();
  return decl;
}

/// Replaces `loop` by a call of seqc_parallel_for on an outlined body.
/// Returns failure (and leaves the loop serial) if a captured value has no
/// slot encoding.
LogicalResult outlineParallelLoop(scf::ParallelOp loop, func::FuncOp parent,
                                  StringRef name) {
  if (!loop.getInitVals().empty())
    return failure();
  MLIRContext *context = loop.getContext();
  Location loc = loop.getLoc();
  Type i64 = IntegerType::get(context, 64);
  auto ptrType = LLVM::LLVMPointerType::get(context);
  auto bodyType = FunctionType::get(context, {ptrType, i64, i64}, {});

  // Iterations per dim and in all (folded when the bounds are constants).
  OpBuilder b(loop);
  Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
  SmallVector<Value> counts;
  Value total = b.create<arith::ConstantIndexOp>(loc, 1);
  for (auto [lb, ub, step] : llvm::zip_equal(
           loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    Value count = b.createOrFold<arith::CeilDivSIOp>(
        loc, b.createOrFold<arith::SubIOp>(loc, ub, lb), step);
    count = b.createOrFold<arith::MaxSIOp>(loc, count, zero);
    counts.push_back(count);
    total = b.createOrFold<arith::MulIOp>(loc, count, total);
  }

  // What the body needs: the values it uses plus the bounds to delinearise
  // its index. Constants (vector splats too) are rematerialised in the
  // body; the rest is passed.
  SetVector<Value> needed;
  getUsedValuesDefinedAbove(loop.getRegion(), needed);
  needed.insert(loop.getLowerBound().begin(), loop.getLowerBound().end());
  needed.insert(loop.getStep().begin(), loop.getStep().end());
  needed.insert(counts.begin(), counts.end());
  SmallVector<Operation *> constants;
  SmallVector<Value> captures;
  for (Value value : needed) {
    Operation *def = value.getDefiningOp();
    if (def && def->hasTrait<OpTrait::ConstantLike>() &&
        def->getNumOperands() == 0 && def->getNumRegions() == 0) {
      constants.push_back(def);
      continue;
    }
    if (getSlotCount(value.getType()) == 0)
      return failure();
    captures.push_back(value);
  }
  int64_t slots = 0;
  for (Value value : captures)
    slots += getSlotCount(value.getType());

  // The body: func.func @name(%ctx, %begin, %end).
  auto module = parent->getParentOfType<ModuleOp>();
  OpBuilder moduleBuilder(parent);
  auto body = moduleBuilder.create<func::FuncOp>(loc, name, bodyType);
  body.setPrivate();
  body->setAttr("llvm.linkage", LLVM::LinkageAttr::get(
                                    context, LLVM::Linkage::Internal));
  {
    OpBuilder fb = OpBuilder::atBlockBegin(body.addEntryBlock());
    Value ctx = body.getArgument(0);
    SlotReader reader(fb, loc, ctx);
    IRMapping mapping;
    SmallVector<Value> decoded;
    for (Value value : captures)
      decoded.push_back(reader.read(value.getType()));
    for (auto [value, local] : llvm::zip_equal(captures, decoded))
      mapping.map(value, local);
    for (Operation *constant : constants)
      fb.clone(*constant, mapping);
    size_t dims = counts.size();

    Value begin = fb.create<arith::IndexCastOp>(loc, fb.getIndexType(),
                                                body.getArgument(1));
    Value end = fb.create<arith::IndexCastOp>(loc, fb.getIndexType(),
                                              body.getArgument(2));
    Value one = fb.create<arith::ConstantIndexOp>(loc, 1);
    // Fixed-size scratch of the body is allocated once per call: the
    // iterations of one call run one after the other.
    llvm::SmallPtrSet<Operation *, 8> hoisted;
    for (Operation &op : loop.getBody()->without_terminator())
      if (llvm::isa<memref::AllocaOp>(op) && op.getNumOperands() == 0) {
        fb.clone(op, mapping);
        hoisted.insert(&op);
      }
    auto forOp = fb.create<scf::ForOp>(loc, begin, end, one);
    fb.setInsertionPoint(forOp.getBody()->getTerminator());
    // Other stack allocations of an iteration are released after it.
    bool dynamicAllocas = false;
    loop.getBody()->walk([&](memref::AllocaOp alloca) {
      dynamicAllocas |= !hoisted.contains(alloca);
    });
    Value stack;
    if (dynamicAllocas)
      stack = fb.create<LLVM::StackSaveOp>(loc, ptrType);
    Value rest = forOp.getInductionVar();
    SmallVector<Value> ivs(dims);
    for (size_t d = dims; d-- > 0;) {
      Value position = rest;
      if (d > 0) {
        Value count = mapping.lookup(counts[d]);
        position = fb.create<arith::RemSIOp>(loc, rest, count);
        rest = fb.create<arith::DivSIOp>(loc, rest, count);
      }
      Value step = mapping.lookup(loop.getStep()[d]);
      Value lb = mapping.lookup(loop.getLowerBound()[d]);
      ivs[d] = fb.createOrFold<arith::AddIOp>(
          loc, fb.createOrFold<arith::MulIOp>(loc, position, step), lb);
    }
    for (auto [iv, local] : llvm::zip_equal(loop.getInductionVars(), ivs))
      mapping.map(iv, local);
    for (Operation &op : loop.getBody()->without_terminator())
      if (!hoisted.contains(&op))
        fb.clone(op, mapping);
    if (stack)
      fb.create<LLVM::StackRestoreOp>(loc, stack);
    fb.setInsertionPointAfter(forOp);
    fb.create<func::ReturnOp>(loc);
  }

  // The call, with the slots in a stack array of the parent's entry block.
  func::FuncOp parallelFor = getOrDeclareParallelFor(module, bodyType);
  Value ctx;
  {
    OpBuilder eb = OpBuilder::atBlockBegin(&parent.getBody().front());
    Value size = eb.create<LLVM::ConstantOp>(loc, i64,
                                             eb.getI64IntegerAttr(slots));
    ctx = eb.create<LLVM::AllocaOp>(loc, ptrType, i64, size,
                                    /*alignment=*/8);
  }
  SlotWriter writer(b, loc, ctx);
  for (Value value : captures)
    writer.write(value);
  Value function = b.create<func::ConstantOp>(
      loc, bodyType, SymbolRefAttr::get(context, name));
  Value iterations = b.create<arith::IndexCastOp>(loc, i64, total);
  b.create<func::CallOp>(loc, parallelFor,
                         ValueRange{function, ctx, iterations});
  loop.erase();
  return success();
}

struct SeqParallelToThreadsPass
    : public seqc::impl::SeqParallelToThreadsBase<SeqParallelToThreadsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<std::pair<scf::ParallelOp, func::FuncOp>> loops;
    module.walk([&](scf::ParallelOp loop) {
      auto parent = loop->getParentOfType<func::FuncOp>();
      if (parent && !loop->getParentOfType<scf::ParallelOp>())
        loops.emplace_back(loop, parent);
    });
    SymbolTable symbols(module);
    unsigned counter = 0;
    for (auto [loop, parent] : loops) {
      std::string name;
      do {
        name = ("__seqc_" + parent.getSymName() + "_parallel" +
                llvm::Twine(counter++))
                   .str();
      } while (symbols.lookup(name));
      // A loop that cannot be outlined simply stays serial.
      (void)outlineParallelLoop(loop, parent, name);
    }
  }
};

} // namespace
