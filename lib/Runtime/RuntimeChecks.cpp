//===- RuntimeChecks.cpp - failed run-time checks in JIT tools --*- C++ -*-===//

#include "seqc/Runtime/RuntimeChecks.h"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <unistd.h>

static const char *checkingTool = "seqc";

static void onAbort(int) {
  // The process is ending: flushing stdio here is fine in practice, and the
  // model's own message (from puts) is still in stdout's buffer.
  std::fflush(stdout);
  const char *tail = ": error: the model stopped on a failed run-time check\n";
  (void)!write(STDERR_FILENO, checkingTool, std::strlen(checkingTool));
  (void)!write(STDERR_FILENO, tail, std::strlen(tail));
  _exit(1);
}

void seqc::exitCleanlyOnFailedRuntimeCheck(const char *toolName) {
  checkingTool = toolName;
  struct sigaction action;
  std::memset(&action, 0, sizeof(action));
  action.sa_handler = onAbort;
  sigemptyset(&action.sa_mask);
  sigaction(SIGABRT, &action, nullptr);
}
