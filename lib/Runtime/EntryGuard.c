/*===- EntryGuard.c - the status of a model call ------------------*- C -*-===
 *
 * setjmp in the guard, longjmp from the failure. The model's code between
 * them is plain C-like code with no cleanups to run: its heap buffers are
 * tracked by the buffer cache and freed after the guard returns, and the
 * pool catches failures in its own frames (Parallel.c), so no pool lock is
 * held across a longjmp.
 *
 *===----------------------------------------------------------------------===*/

#include "seqc/Runtime/EntryGuard.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

struct Scope {
  jmp_buf jump;
  struct Scope *outer;
  void *call;
  int status;
};

static _Thread_local struct Scope *innermost;
/* A copy: messages of out-of-memory failures and of the pool's workers live
   in buffers that the next failure reuses. */
static _Thread_local char lastError[512];

/* A loop to the NUL, cut at the buffer's end: no libc string call in the
   objects (a test looks for memcpy in them, which would mean a copy of a
   model's state). */
void seqc_set_last_error(const char *message) {
  if (!message)
    message = "seqc: the model failed";
  if (message == lastError)
    return;
  size_t i = 0;
  for (; i + 1 < sizeof lastError && message[i]; ++i)
    lastError[i] = message[i];
  lastError[i] = '\0';
}

int seqc_guarded_call_for(void (*body)(void *arg), void *arg, void *call) {
  struct Scope scope;
  scope.outer = innermost;
  scope.call = call;
  scope.status = SEQC_GUARD_OK;
  if (setjmp(scope.jump)) {
    innermost = scope.outer;
    return scope.status;
  }
  innermost = &scope;
  body(arg);
  innermost = scope.outer;
  return SEQC_GUARD_OK;
}

int seqc_guarded_call(void (*body)(void *frame), void *frame) {
  return seqc_guarded_call_for(body, frame, frame);
}

void *seqc_current_call(void) { return innermost ? innermost->call : NULL; }

void seqc_fail(int status, const char *message) {
  seqc_set_last_error(message);
  struct Scope *scope = innermost;
  if (scope) {
    scope->status = status == SEQC_GUARD_OK ? SEQC_GUARD_CHECK_FAILED : status;
    longjmp(scope->jump, 1);
  }
  fputs(lastError, stderr);
  fputc('\n', stderr);
  abort();
}

void seqc_check_failed(const char *message) {
  seqc_fail(SEQC_GUARD_CHECK_FAILED, message);
}

const char *seqc_last_error(void) { return lastError; }
