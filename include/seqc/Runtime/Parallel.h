/*===- Parallel.h - the thread pool behind generated parallel loops -*- C -*-===
 *
 * seq-parallel-to-threads turns outermost scf.parallel loops into calls of
 * seqc_parallel_for. The implementation (lib/Runtime/Parallel.c) needs only
 * libc (pthreads), so AOT objects link with it and libc/libm alone.
 *
 * Threads: seqc_set_num_threads(n) (n <= 0: the default), else the
 * SEQC_NUM_THREADS environment variable, else one per online CPU. The
 * calling thread is one of them.
 *
 * A body that fails (a run-time check, an allocation: EntryGuard.h) on any
 * thread ends the loop: the chunks not started are skipped, and once every
 * thread is out of the loop the failure is the calling thread's, which
 * returns it from its guarded call.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SEQC_RUNTIME_PARALLEL_H
#define SEQC_RUNTIME_PARALLEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Runs iterations [begin, end) of a parallel loop; ctx holds its operands.
typedef void (*seqc_parallel_body)(void *ctx, int64_t begin, int64_t end);

/// Runs body over [0, iterations), split in chunks over the pool's threads,
/// and returns when all are done. Nested calls (from inside a body) and
/// calls made while another thread uses the pool run serially.
void seqc_parallel_for(seqc_parallel_body body, void *ctx, int64_t iterations);

/// Sets the number of threads of later parallel loops; n <= 0 restores the
/// default (SEQC_NUM_THREADS, else the number of online CPUs).
void seqc_set_num_threads(int n);

/// The number of threads a parallel loop uses now.
int seqc_get_num_threads(void);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // SEQC_RUNTIME_PARALLEL_H
