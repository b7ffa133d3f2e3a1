//===- SeqOpsTest.cpp - seq op shape inference ------------------*- C++ -*-===//

#include "seq/SeqOps.h"
#include "seqc/InitAll.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::seq;

namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

TEST(BroadcastShapes, NumpyRules) {
  auto r = broadcastShapes({2, 1, 4}, {3, 1});
  ASSERT_TRUE(succeeded(r));
  EXPECT_EQ(*r, (SmallVector<int64_t>{2, 3, 4}));
  EXPECT_TRUE(failed(broadcastShapes({2, 3}, {4})));
  // A dynamic dim never broadcasts: against a static dim it takes its value.
  auto d = broadcastShapes({kDyn, 8}, {5, 8});
  ASSERT_TRUE(succeeded(d));
  EXPECT_EQ(*d, (SmallVector<int64_t>{5, 8}));
  auto s = broadcastShapes({}, {kDyn, 3});
  ASSERT_TRUE(succeeded(s));
  EXPECT_EQ(*s, (SmallVector<int64_t>{kDyn, 3}));
}

class SeqOpsTest : public ::testing::Test {
protected:
  SeqOpsTest() {
    DialectRegistry registry;
    seqc::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadDialect<SeqDialect, func::FuncDialect>();
  }

  /// Block arguments of the given types, to use as operands.
  SmallVector<Value> makeValues(ArrayRef<Type> types) {
    SmallVector<Location> locs(types.size(), UnknownLoc::get(&context));
    Block *block = builder.createBlock(&region, {}, types, locs);
    return SmallVector<Value>(block->getArguments());
  }

  RankedTensorType tensor(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  MLIRContext context;
  OpBuilder builder{&context};
  Region region;
};

TEST_F(SeqOpsTest, LinearInfersResult) {
  auto v = makeValues({tensor({kDyn, 7, 16}), tensor({32, 16})});
  auto op = builder.create<LinearOp>(UnknownLoc::get(&context), v[0], v[1],
                                     Value());
  EXPECT_EQ(op.getType(), tensor({kDyn, 7, 32}));
  op->erase();
}

TEST_F(SeqOpsTest, SdpaRefinesDynamicDims) {
  auto v = makeValues({tensor({kDyn, 4, kDyn, 8}), tensor({2, 4, 10, 8}),
                       tensor({2, kDyn, 10, 6})});
  auto op = builder.create<SdpaOp>(UnknownLoc::get(&context), v[0], v[1], v[2],
                                   Value(), Value(), nullptr, nullptr, nullptr,
                                   nullptr);
  EXPECT_EQ(op.getType(), tensor({2, 4, kDyn, 6}));
  EXPECT_DOUBLE_EQ(op.getScaleOrDefault(), 1.0 / std::sqrt(8.0));
  op->erase();
}

TEST_F(SeqOpsTest, InferenceReportsWhichDimsDisagree) {
  auto v = makeValues({tensor({3, 16}), tensor({32, 15})});
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  SmallVector<Type> results;
  LinearOp::Adaptor adaptor({v[0], v[1]});
  EXPECT_TRUE(failed(LinearOp::inferReturnTypes(
      &context, UnknownLoc::get(&context), adaptor, results)));
  EXPECT_EQ(message, "'seq.linear' op expects input dim 1 (16) to equal "
                     "weight dim 1 (15)");
}

TEST_F(SeqOpsTest, LstmResultsFollowDirections) {
  auto v = makeValues({tensor({kDyn, kDyn, 5}), tensor({24, 5}),
                       tensor({24, 6}), tensor({24, 5}), tensor({24, 6})});
  auto op = builder.create<LstmOp>(
      UnknownLoc::get(&context), v[0], v[1], v[2], Value(), Value(), v[3],
      v[4], Value(), Value(), Value(), Value(), Value(),
      Direction::bidirectional);
  EXPECT_EQ(op.getOutput().getType(), tensor({kDyn, kDyn, 12}));
  EXPECT_EQ(op.getHN().getType(), tensor({2, kDyn, 6}));
  EXPECT_EQ(op.getCN().getType(), tensor({2, kDyn, 6}));
  EXPECT_EQ(getGateCount(op), 4);
  op->erase();
}

} // namespace
