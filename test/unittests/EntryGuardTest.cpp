//===- EntryGuardTest.cpp - failures under the entry guard and the pool ---===//
//
// The statuses of lib/Runtime/EntryGuard.c when a check or an allocation
// fails on the calling thread or on a worker of the pool (Parallel.c), and
// the release of the failed call's buffers (BufferCache.c).
//
//===----------------------------------------------------------------------===//

#include "seqc/Runtime/BufferCache.h"
#include "seqc/Runtime/EntryGuard.h"
#include "seqc/Runtime/Parallel.h"

#include <gtest/gtest.h>

#include <malloc.h>
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

namespace {

/// What one call does: a parallel loop whose chunks each allocate a buffer
/// and keep it, and fail (a check, or an allocation too large for any heap)
/// when they run on a thread other than the caller.
struct LoopCall {
  enum Failure { None, Check, Allocation } failure = None;
  pthread_t caller;
  std::atomic<int> chunksOnWorkers{0};
  std::atomic<int> buffers{0};
};

void loopBody(void *ctx, int64_t begin, int64_t end) {
  auto *call = static_cast<LoopCall *>(ctx);
  for (int64_t i = begin; i < end; ++i) {
    // Held past the call: only the release of a failed call frees it.
    (void)_mlir_memref_to_llvm_alloc(4096);
    ++call->buffers;
    // Long enough that the worker takes chunks of its own.
    auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
    while (std::chrono::steady_clock::now() < until) {
    }
    if (pthread_equal(pthread_self(), call->caller))
      continue;
    ++call->chunksOnWorkers;
    if (call->failure == LoopCall::Check)
      seqc_check_failed("seqc: model.seq:3:7: a check failed on a worker");
    if (call->failure == LoopCall::Allocation)
      (void)_mlir_memref_to_llvm_alloc(SIZE_MAX / 2);
  }
}

void runLoop(void *frame) {
  seqc_parallel_for(loopBody, frame, 64);
}

size_t heapInUse() { return mallinfo2().uordblks; }

class EntryGuardTest : public ::testing::Test {
protected:
  void SetUp() override { seqc_set_num_threads(2); }
  void TearDown() override { seqc_set_num_threads(0); }
};

TEST_F(EntryGuardTest, CheckOnTheCallingThread) {
  auto body = [](void *) {
    seqc_check_failed("seqc: model.seq:1:2: dims differ at run time");
  };
  int frame = 0;
  EXPECT_EQ(seqc_guarded_call(body, &frame), SEQC_GUARD_CHECK_FAILED);
  EXPECT_EQ(std::string(seqc_last_error()),
            "seqc: model.seq:1:2: dims differ at run time");
  EXPECT_EQ(seqc_current_call(), nullptr);
  auto fine = [](void *frame) { EXPECT_EQ(seqc_current_call(), frame); };
  EXPECT_EQ(seqc_guarded_call(fine, &frame), SEQC_GUARD_OK);
}

TEST_F(EntryGuardTest, FailureOnAWorkerReachesTheCaller) {
  if (std::thread::hardware_concurrency() < 2)
    GTEST_SKIP() << "one CPU: the pool has no worker";
  for (LoopCall::Failure failure : {LoopCall::Check, LoopCall::Allocation}) {
    // Warm the cache's classes, so that the heap's count compares.
    LoopCall warm;
    warm.caller = pthread_self();
    ASSERT_EQ(seqc_guarded_call(runLoop, &warm), SEQC_GUARD_OK);
    seqc_buffer_cache_release_call(&warm);
    size_t before = heapInUse();

    LoopCall call;
    call.failure = failure;
    call.caller = pthread_self();
    int status = seqc_guarded_call(runLoop, &call);
    if (call.chunksOnWorkers == 0)
      GTEST_SKIP() << "the worker took no chunk";
    EXPECT_EQ(status, failure == LoopCall::Check ? SEQC_GUARD_CHECK_FAILED
                                                 : SEQC_GUARD_OUT_OF_MEMORY);
    std::string message = seqc_last_error();
    EXPECT_EQ(message, failure == LoopCall::Check
                           ? "seqc: model.seq:3:7: a check failed on a worker"
                           : "seqc: out of memory (a buffer of " +
                                 std::to_string(SIZE_MAX / 2) + " bytes)");
    // The buffers of both threads' chunks go back to the cache (which the
    // failed allocation emptied first): nothing more in use than before.
    EXPECT_GT(call.buffers.load(), 0);
    seqc_buffer_cache_release_call(&call);
    EXPECT_LE(heapInUse(), before);

    // The pool is free again and the next call works.
    LoopCall next;
    next.caller = pthread_self();
    EXPECT_EQ(seqc_guarded_call(runLoop, &next), SEQC_GUARD_OK);
    EXPECT_EQ(next.buffers.load(), 64);
    seqc_buffer_cache_release_call(&next);
  }
}

TEST_F(EntryGuardTest, ReleaseFreesOnlyTheFailedCallsBuffers) {
  void *outside = _mlir_memref_to_llvm_alloc(1000);
  int frame = 0;
  auto body = [](void *) {
    (void)_mlir_memref_to_llvm_alloc(100000);
    (void)_mlir_memref_to_llvm_alloc(100);
    seqc_check_failed("seqc: model.seq:9:1: stop");
  };
  size_t before = heapInUse();
  EXPECT_EQ(seqc_guarded_call(body, &frame), SEQC_GUARD_CHECK_FAILED);
  seqc_buffer_cache_release_call(&frame);
  // Back in the cache or freed: the heap holds no more than before, plus
  // what the cache keeps.
  EXPECT_LE(heapInUse(), before + 100000 + 4096 + 2 * 64);
  // The buffer allocated outside any call is untouched and still usable.
  static_cast<char *>(outside)[999] = 1;
  _mlir_memref_to_llvm_free(outside);
}

} // namespace
