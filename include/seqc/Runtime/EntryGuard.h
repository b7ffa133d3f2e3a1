/*===- EntryGuard.h - failed run-time checks in AOT entry points -*- C -*-===
 *
 * Where the shape rules take two dynamic dims to be equal, the lowered code
 * checks it before reading (cf.assert). In an AOT object a failed check must
 * not end the caller's process: seqc AOT entry points run the model under
 * seqc_guarded_call, and the checks call seqc_check_failed, which returns
 * SEQC_CHECK_FAILED from the entry point. The implementation
 * (lib/Runtime/EntryGuard.c) needs only libc, like the thread pool.
 *
 * Checks run on the thread that called the entry point (they precede the
 * loops that the thread pool runs); a check that fails anywhere else, or
 * outside an entry point, prints its message and aborts, as cf.assert does.
 * Temporaries that the model allocated before the failed check are not
 * freed.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SEQC_RUNTIME_ENTRYGUARD_H
#define SEQC_RUNTIME_ENTRYGUARD_H

#ifdef __cplusplus
extern "C" {
#endif

/// The status an entry point returns after a failed check.
enum { SEQC_GUARD_CHECK_FAILED = 2 };

/// Runs the model body; returns 0, or SEQC_GUARD_CHECK_FAILED when one of
/// its checks failed.
int seqc_guarded_call(void (*body)(void *frame), void *frame);

/// Called by a failed check with its message ("seqc: file:line:col: ...").
void seqc_check_failed(const char *message);

/// The message of the last failed check on this thread, or "".
const char *seqc_last_error(void);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // SEQC_RUNTIME_ENTRYGUARD_H
