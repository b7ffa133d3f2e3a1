/*===- EntryGuard.h - the status of a model call -----------------*- C -*-===
 *
 * Every call of compiled model code, from an AOT entry point or from the
 * JIT, runs under seqc_guarded_call. A failed run-time check (dims that must
 * agree, an index out of range) calls seqc_check_failed and a buffer that
 * cannot be allocated calls seqc_fail(SEQC_GUARD_OUT_OF_MEMORY, ...): both
 * return to the guard, which returns the status, on whichever thread of the
 * pool the failure happened (the pool carries it to the calling thread).
 * The buffers the failed call had allocated are then freed by the caller of
 * the guard (seqc_buffer_cache_release_call of BufferCache.h). The
 * implementation (lib/Runtime/EntryGuard.c) needs only libc, like the pool.
 *
 * A failure outside any guarded call prints its message and aborts, as
 * cf.assert does.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SEQC_RUNTIME_ENTRYGUARD_H
#define SEQC_RUNTIME_ENTRYGUARD_H

#ifdef __cplusplus
extern "C" {
#endif

/// Statuses of a guarded call; the same numbers as the seqc_status of the
/// generated C headers.
enum {
  SEQC_GUARD_OK = 0,
  SEQC_GUARD_CHECK_FAILED = 2,
  SEQC_GUARD_OUT_OF_MEMORY = 4,
};

/// Runs body(frame); returns SEQC_GUARD_OK, or the status of the failure
/// that ended it. The call is identified by `frame` (seqc_current_call).
int seqc_guarded_call(void (*body)(void *frame), void *frame);

/// The same, for a thread working on behalf of the call `call` (a worker of
/// the pool running chunks of that call's loop).
int seqc_guarded_call_for(void (*body)(void *arg), void *arg, void *call);

/// The call this thread works for, or NULL outside any guarded call.
void *seqc_current_call(void);

/// Ends the innermost guarded call of this thread with `status` and
/// `message`; outside one, prints the message and aborts.
void seqc_fail(int status, const char *message);

/// A failed check ("seqc: file:line:col: ..."): seqc_fail with
/// SEQC_GUARD_CHECK_FAILED.
void seqc_check_failed(const char *message);

/// The message of this thread's last failed call, or "".
const char *seqc_last_error(void);

/// Makes a copy of `message` this thread's last error (the pool passes a
/// worker's failure on to the calling thread so).
void seqc_set_last_error(const char *message);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // SEQC_RUNTIME_ENTRYGUARD_H
