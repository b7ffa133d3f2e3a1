//===- CheckAllocationSizes.cpp - no wrapped buffer sizes -------*- C++ -*-===//
//
// seq-check-allocation-sizes: before each memref.alloc with dynamic sizes,
// the buffer's byte size computed with overflow detection, and a call of
// seqc_buffer_too_large() (which fails the model call with
// SEQC_OUT_OF_MEMORY) when it passes kMaxBufferBytes.
//
//===----------------------------------------------------------------------===//

#include "seqc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace seqc {
#define GEN_PASS_DEF_SEQCHECKALLOCATIONSIZES
#include "seqc/Transforms/Passes.h.inc"
} // namespace seqc

using namespace mlir;

namespace {

/// Larger buffers fail the call: no address space holds them, and the
/// lowering's alignment padding cannot wrap below 2^63.
constexpr int64_t kMaxBufferBytes = int64_t(1) << 62;
constexpr llvm::StringLiteral kTooLarge = "seqc_buffer_too_large";

struct SeqCheckAllocationSizes
    : public seqc::impl::SeqCheckAllocationSizesBase<SeqCheckAllocationSizes> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<memref::AllocOp> allocs;
    module.walk([&](memref::AllocOp alloc) {
      if (!alloc.getDynamicSizes().empty())
        allocs.push_back(alloc);
    });
    if (allocs.empty())
      return;

    auto tooLarge = module.lookupSymbol<func::FuncOp>(kTooLarge);
    if (!tooLarge) {
      OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
      tooLarge = b.create<func::FuncOp>(module.getLoc(), kTooLarge,
                                        b.getFunctionType({}, {}));
      tooLarge.setPrivate();
    }

    for (memref::AllocOp alloc : allocs) {
      MemRefType type = alloc.getType();
      Location loc = alloc.getLoc();
      OpBuilder b(alloc);
      Type i64 = b.getI64Type();
      // The static part: element bytes times the static sizes (the type's
      // verifier keeps it small next to 2^62 for any type that exists).
      int64_t elementBits = type.getElementTypeBitWidth();
      int64_t staticBytes = std::max<int64_t>((elementBits + 7) / 8, 1);
      for (int64_t size : type.getShape()) {
        if (ShapedType::isDynamic(size))
          continue;
        if (size == 0)
          staticBytes = 0; // an empty buffer, whatever the dynamic sizes
        else if (staticBytes > kMaxBufferBytes / size)
          staticBytes = kMaxBufferBytes + 1; // fails for any dynamic size
        else
          staticBytes *= size;
      }
      Value bytes = b.create<arith::ConstantIntOp>(loc, staticBytes, 64);
      Value zero = b.create<arith::ConstantIntOp>(loc, 0, 64);
      Value overflow = b.create<arith::ConstantIntOp>(loc, 0, 1);
      for (Value size : alloc.getDynamicSizes()) {
        Value n = b.create<arith::IndexCastOp>(loc, i64, size);
        auto product = b.create<arith::MulUIExtendedOp>(loc, bytes, n);
        bytes = product.getLow();
        overflow = b.create<arith::OrIOp>(
            loc, overflow,
            b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne,
                                    product.getHigh(), zero));
      }
      Value limit = b.create<arith::ConstantIntOp>(loc, kMaxBufferBytes, 64);
      overflow = b.create<arith::OrIOp>(
          loc, overflow,
          b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ugt, bytes,
                                  limit));
      b.create<scf::IfOp>(loc, overflow, [&](OpBuilder &then, Location l) {
        then.create<func::CallOp>(l, tooLarge, ValueRange());
        then.create<scf::YieldOp>(l);
      });
    }
  }
};

} // namespace
