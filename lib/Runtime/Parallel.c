/*===- Parallel.c - the thread pool behind generated parallel loops -*- C -*-===
 *
 * A fixed pool of worker threads, started on first use and grown when more
 * threads are asked for. A parallel loop publishes one job; the caller and
 * the workers run chunks of iterations dealt round-robin (the same thread
 * gets the same blocks on every call, for cache affinity) and then claim
 * whatever chunk is left (balance when chunks differ in cost or a thread is
 * late). Workers spin briefly between jobs before they sleep. Plain C with
 * pthreads: nothing beyond libc.
 *
 *===----------------------------------------------------------------------===*/

#include "seqc/Runtime/Parallel.h"

#include "seqc/Runtime/EntryGuard.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

/* The entry guard (EntryGuard.c): weak, so that a host that links the pool
   alone runs its loops unguarded. */
extern int seqc_guarded_call_for(void (*body)(void *arg), void *arg,
                                 void *call) __attribute__((weak));
extern void *seqc_current_call(void) __attribute__((weak));
extern void seqc_fail(int status, const char *message) __attribute__((weak));
extern const char *seqc_last_error(void) __attribute__((weak));
extern void seqc_set_last_error(const char *message) __attribute__((weak));

enum { kMaxThreads = 256, kChunksPerThread = 16, kMaxChunks = 8192 };
/* Bodies keep their tiles on the stack. */
static const size_t kWorkerStackBytes = 16u << 20;

/* Chunks are dealt round-robin: thread t runs chunks t, t + T, t + 2T, ...
   first, so that a loop called again (a recurrent step's GEMM, the next
   layer's) gives each thread the same blocks as before, whose weights are
   still in its L2; then it takes any chunk not claimed yet, so that a
   thread that was descheduled does not hold the others up. */
struct Job {
  seqc_parallel_body body;
  void *ctx;
  int64_t iterations;
  int64_t chunk;
  int64_t chunks;
  int threads;
  /* The guarded call that submitted the job, and the first failure of a
     chunk (a failed check or allocation): later chunks are skipped and the
     caller fails with it once every thread is out of the job. */
  void *call;
  atomic_int status;
  /* The failing thread's seqc_last_error(): unchanged until that thread
     fails again, which it cannot before the caller has copied it. */
  const char *message;
  atomic_bool claimed[kMaxChunks];
};

static pthread_mutex_t poolLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t workAvailable = PTHREAD_COND_INITIALIZER;
/* Held by the thread whose loop uses the pool. */
static pthread_mutex_t submitLock = PTHREAD_MUTEX_INITIALIZER;

static struct Job job;
/* Bumped (under poolLock) for each job; workers spin on it for a while
   before they sleep on workAvailable, so that the short parallel loops of a
   recurrent time step or a layer norm do not pay a futex wake each. */
static atomic_ullong generation;
static int jobWorkers;          /* workers that take part in the current job */
static atomic_int busyWorkers;  /* of those, the ones not finished yet */
static int sleepingWorkers;     /* waiting on workAvailable; poolLock */
static int startedWorkers;
/* The generation each worker was started at; poolLock. */
static unsigned long long startGeneration[kMaxThreads];
static atomic_int requestedThreads; /* 0: default */
static _Thread_local int insideLoop;

/* About a millisecond of spinning on current x86 cores before a worker
   sleeps, and before a waiting caller yields its core. */
enum { kSpinIterations = 1 << 14 };

static inline void cpuRelax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

static int getDefaultThreads(void) {
  const char *env = getenv("SEQC_NUM_THREADS");
  if (env && atoi(env) > 0)
    return atoi(env);
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  return cpus > 0 ? (int)cpus : 1;
}

int seqc_get_num_threads(void) {
  int n = atomic_load(&requestedThreads);
  if (n <= 0)
    n = getDefaultThreads();
  return n > kMaxThreads ? kMaxThreads : n;
}

void seqc_set_num_threads(int n) { atomic_store(&requestedThreads, n); }

static void runChunk(struct Job *current, int64_t c) {
  if (atomic_exchange_explicit(&current->claimed[c], 1, memory_order_relaxed) ||
      atomic_load_explicit(&current->status, memory_order_relaxed))
    return;
  int64_t begin = c * current->chunk;
  int64_t end = begin + current->chunk;
  if (end > current->iterations)
    end = current->iterations;
  current->body(current->ctx, begin, end);
}

/* Thread `self` of the job's threads: its own chunks, then the rest. */
static void runChunks(struct Job *current, int self) {
  for (int64_t c = self; c < current->chunks; c += current->threads)
    runChunk(current, c);
  for (int64_t c = 0; c < current->chunks; ++c)
    if (!atomic_load_explicit(&current->claimed[c], memory_order_relaxed))
      runChunk(current, c);
}

struct ChunksOf {
  struct Job *job;
  int self;
};

static void runChunksOf(void *arg) {
  struct ChunksOf *of = arg;
  runChunks(of->job, of->self);
}

/* runChunks under the entry guard, on behalf of the job's call: a failure
   in a chunk is recorded in the job (the first one wins) instead of
   unwinding this thread's frames. */
static void runChunksGuarded(struct Job *current, int self) {
  if (!seqc_guarded_call_for) {
    runChunks(current, self);
    return;
  }
  struct ChunksOf of = {current, self};
  int status = seqc_guarded_call_for(runChunksOf, &of, current->call);
  if (status == 0)
    return;
  int expected = 0;
  if (atomic_compare_exchange_strong(&current->status, &expected, status))
    current->message = seqc_last_error();
}

/* The generation after `seen`: spins first, then sleeps. */
static unsigned long long waitForJob(unsigned long long seen) {
  for (int spin = 0; spin < kSpinIterations; ++spin) {
    unsigned long long now = atomic_load_explicit(&generation,
                                                  memory_order_acquire);
    if (now != seen)
      return now;
    cpuRelax();
  }
  pthread_mutex_lock(&poolLock);
  ++sleepingWorkers;
  while (atomic_load_explicit(&generation, memory_order_acquire) == seen)
    pthread_cond_wait(&workAvailable, &poolLock);
  --sleepingWorkers;
  unsigned long long now = atomic_load(&generation);
  pthread_mutex_unlock(&poolLock);
  return now;
}

static void *workerMain(void *arg) {
  int id = (int)(intptr_t)arg;
  insideLoop = 1; /* nested loops in a body run serially */
  /* Workers are started right before a job is published, under poolLock:
     the first generation they see is that job's. */
  pthread_mutex_lock(&poolLock);
  unsigned long long seen = startGeneration[id];
  pthread_mutex_unlock(&poolLock);
  for (;;) {
    seen = waitForJob(seen);
    if (id >= jobWorkers)
      continue;
    runChunksGuarded(&job, id + 1);
    atomic_fetch_sub_explicit(&busyWorkers, 1, memory_order_release);
  }
  return NULL;
}

/* A forked child has none of the parent's workers: start afresh. */
static void resetAfterFork(void) {
  pthread_mutex_init(&poolLock, NULL);
  pthread_mutex_init(&submitLock, NULL);
  pthread_cond_init(&workAvailable, NULL);
  startedWorkers = 0;
  jobWorkers = 0;
  sleepingWorkers = 0;
  atomic_store(&busyWorkers, 0);
  atomic_store(&generation, 0);
  insideLoop = 0;
}

/* Starts workers up to `count`; returns how many exist. Pool lock held. */
static int startWorkers(int count) {
  static int forkHandlerInstalled;
  if (!forkHandlerInstalled && count > startedWorkers) {
    pthread_atfork(NULL, NULL, resetAfterFork);
    forkHandlerInstalled = 1;
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kWorkerStackBytes);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  while (startedWorkers < count) {
    pthread_t thread;
    startGeneration[startedWorkers] = atomic_load(&generation);
    if (pthread_create(&thread, &attr, workerMain,
                       (void *)(intptr_t)startedWorkers) != 0)
      break;
    ++startedWorkers;
  }
  pthread_attr_destroy(&attr);
  return startedWorkers;
}

void seqc_parallel_for(seqc_parallel_body body, void *ctx,
                       int64_t iterations) {
  if (iterations <= 0)
    return;
  int threads = seqc_get_num_threads();
  if (threads > iterations)
    threads = (int)iterations;
  if (threads <= 1 || insideLoop || pthread_mutex_trylock(&submitLock) != 0) {
    body(ctx, 0, iterations);
    return;
  }

  pthread_mutex_lock(&poolLock);
  int workers = startWorkers(threads - 1);
  if (workers > threads - 1)
    workers = threads - 1;
  job.body = body;
  job.ctx = ctx;
  job.iterations = iterations;
  int64_t chunk = iterations / ((int64_t)(workers + 1) * kChunksPerThread);
  if (chunk < 1)
    chunk = 1;
  if ((iterations + chunk - 1) / chunk > kMaxChunks)
    chunk = (iterations + kMaxChunks - 1) / kMaxChunks;
  job.chunk = chunk;
  job.chunks = (iterations + chunk - 1) / chunk;
  job.threads = workers + 1;
  job.call = seqc_current_call ? seqc_current_call() : NULL;
  atomic_store_explicit(&job.status, 0, memory_order_relaxed);
  for (int64_t c = 0; c < job.chunks; ++c)
    atomic_store_explicit(&job.claimed[c], 0, memory_order_relaxed);
  jobWorkers = workers;
  atomic_store(&busyWorkers, workers);
  atomic_fetch_add_explicit(&generation, 1, memory_order_release);
  if (sleepingWorkers > 0)
    pthread_cond_broadcast(&workAvailable);
  pthread_mutex_unlock(&poolLock);

  insideLoop = 1;
  runChunksGuarded(&job, 0);
  insideLoop = 0;

  /* The workers finish their last chunks: spin, then give the core away. */
  for (int spin = 0;
       atomic_load_explicit(&busyWorkers, memory_order_acquire) > 0; ++spin) {
    if (spin < kSpinIterations)
      cpuRelax();
    else
      sched_yield();
  }
  /* The job's failure is the caller's, now that no thread is in the job:
     its message becomes this thread's before the pool is free again. */
  int status = atomic_load(&job.status);
  if (status != 0) {
    seqc_set_last_error(job.message);
    pthread_mutex_unlock(&submitLock);
    seqc_fail(status, seqc_last_error());
  }
  pthread_mutex_unlock(&submitLock);
}
