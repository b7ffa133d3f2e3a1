/*===- EntryGuard.c - failed run-time checks in AOT entry points -*- C -*-===
 *
 * setjmp at the entry point, longjmp from the failed check. The model's code
 * between them is plain C-like code with no cleanups to run, and no pool
 * lock is held (checks precede parallel loops).
 *
 *===----------------------------------------------------------------------===*/

#include "seqc/Runtime/EntryGuard.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local jmp_buf *activeGuard;
static _Thread_local const char *lastError;

int seqc_guarded_call(void (*body)(void *frame), void *frame) {
  jmp_buf guard;
  jmp_buf *outer = activeGuard;
  if (setjmp(guard)) {
    activeGuard = outer;
    return SEQC_GUARD_CHECK_FAILED;
  }
  activeGuard = &guard;
  body(frame);
  activeGuard = outer;
  return 0;
}

void seqc_check_failed(const char *message) {
  if (activeGuard) {
    lastError = message;
    longjmp(*activeGuard, 1);
  }
  fputs(message, stderr);
  fputc('\n', stderr);
  abort();
}

const char *seqc_last_error(void) { return lastError ? lastError : ""; }
