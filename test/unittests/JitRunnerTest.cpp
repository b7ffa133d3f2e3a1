//===- JitRunnerTest.cpp - compile once, call many times --------*- C++ -*-===//

#include "seqc/InitAll.h"
#include "seqc/Execution/JitRunner.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <thread>

using namespace seqc;

namespace {

constexpr const char *kModule = R"mlir(
#map = affine_map<(d0) -> (d0)>
func.func @scale(%x: tensor<?xf32>, %k: tensor<?xi64>)
    -> (tensor<?xf32>, tensor<?xi64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %m = tensor.dim %k, %c0 : tensor<?xi64>
  %xe = tensor.empty(%n) : tensor<?xf32>
  %ke = tensor.empty(%m) : tensor<?xi64>
  %y = linalg.generic {indexing_maps = [#map, #map],
                       iterator_types = ["parallel"]}
      ins(%x : tensor<?xf32>) outs(%xe : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %two = arith.constant 2.0 : f32
    %b = arith.mulf %a, %two : f32
    linalg.yield %b : f32
  } -> tensor<?xf32>
  %k2 = linalg.add ins(%k, %k : tensor<?xi64>, tensor<?xi64>)
                   outs(%ke : tensor<?xi64>) -> tensor<?xi64>
  return %y, %k2 : tensor<?xf32>, tensor<?xi64>
}
)mlir";

class JitRunnerTest : public ::testing::Test {
protected:
  JitRunnerTest() {
    mlir::DialectRegistry registry;
    seqc::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
  }

  mlir::FailureOr<std::unique_ptr<JitRunner>>
  compile(llvm::StringRef source, llvm::StringRef entry = "") {
    module = mlir::parseSourceString<mlir::ModuleOp>(source, &context);
    if (!module)
      return mlir::failure();
    JitOptions options;
    options.entry = entry.str();
    return JitRunner::create(*module, options);
  }

  static NpyArray floats(std::vector<float> values) {
    NpyArray array(DType::Float32, {static_cast<int64_t>(values.size())});
    std::memcpy(array.data.data(), values.data(), array.data.size());
    return array;
  }

  static NpyArray int64s(std::vector<int64_t> values) {
    NpyArray array(DType::Int64, {static_cast<int64_t>(values.size())});
    std::memcpy(array.data.data(), values.data(), array.data.size());
    return array;
  }

  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

TEST_F(JitRunnerTest, CallsTheOnlyPublicFunction) {
  auto runner = compile(kModule);
  ASSERT_TRUE(mlir::succeeded(runner));
  const EntrySignature &signature = (*runner)->getSignature();
  EXPECT_EQ(signature.name, "scale");
  ASSERT_EQ(signature.arguments.size(), 2u);
  ASSERT_EQ(signature.results.size(), 2u);
  EXPECT_EQ(signature.results[1].typeString, "tensor<?xi64>");

  llvm::SmallVector<NpyArray> inputs = {floats({1, 2.5, -3}),
                                        int64s({1LL << 40, -7})};
  auto results = (*runner)->call(inputs);
  ASSERT_TRUE(static_cast<bool>(results))
      << llvm::toString(results.takeError());
  ASSERT_EQ(results->size(), 2u);
  EXPECT_EQ((*results)[0].getValues<float>(), (std::vector<float>{2, 5, -6}));
  EXPECT_EQ((*results)[1].getValues<int64_t>(),
            (std::vector<int64_t>{1LL << 41, -14}));

  // Inputs are copied per call, so calling again gives the same results.
  auto again = (*runner)->call(inputs);
  ASSERT_TRUE(static_cast<bool>(again)) << llvm::toString(again.takeError());
  EXPECT_EQ((*again)[0].data, (*results)[0].data);

  auto wrong = (*runner)->call({floats({1}), floats({2})}, {"x", "k"});
  ASSERT_FALSE(static_cast<bool>(wrong));
  EXPECT_EQ(llvm::toString(wrong.takeError()),
            "argument 1 ('k'): expected int64 of shape [?], got float32 of "
            "shape [1]");
}

TEST_F(JitRunnerTest, ConcurrentCalls) {
  auto runner = compile(kModule);
  ASSERT_TRUE(mlir::succeeded(runner));
  const JitRunner &jit = **runner;
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        float v = static_cast<float>(t * 1000 + i);
        auto results = jit.call({floats({v, v + 1}), int64s({t, i})});
        if (!results) {
          llvm::consumeError(results.takeError());
          ++failures[t];
          continue;
        }
        if ((*results)[0].getValues<float>() !=
                std::vector<float>{2 * v, 2 * v + 2} ||
            (*results)[1].getValues<int64_t>() !=
                std::vector<int64_t>{2 * t, 2 * i})
          ++failures[t];
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

TEST_F(JitRunnerTest, Benchmark) {
  auto runner = compile(kModule);
  ASSERT_TRUE(mlir::succeeded(runner));
  auto stats = (*runner)->benchmark({floats({1, 2}), int64s({3})}, 5);
  ASSERT_TRUE(static_cast<bool>(stats)) << llvm::toString(stats.takeError());
  EXPECT_EQ(stats->calls, 5u);
  EXPECT_GE(stats->minMs, 0.0);
  EXPECT_LE(stats->minMs, stats->medianMs);
}

TEST_F(JitRunnerTest, EntryErrorsAreDiagnostics) {
  std::string message;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    message = diag.str();
    return mlir::success();
  });
  EXPECT_TRUE(mlir::failed(compile(kModule, "missing")));
  EXPECT_EQ(message, "entry function 'missing' not found");
  EXPECT_TRUE(mlir::failed(compile(
      "func.func @f(%x: tensor<2xf16>) -> tensor<2xf16> { return %x : "
      "tensor<2xf16> }")));
  EXPECT_EQ(message, "argument 0 of 'f' has unsupported type 'tensor<2xf16>': "
                     "expected a ranked tensor of f32, i32, i64 or i1");
}

} // namespace
