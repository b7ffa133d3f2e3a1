//===- RuntimeChecks.h - failed run-time checks in JIT tools ----*- C++ -*-===//
//
// Compiled models stop on a failed run-time check (dynamic dims that must
// agree but do not) with puts(message) + abort(). A tool that runs models in
// process turns that into a clean exit instead of a crash report.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_RUNTIME_RUNTIMECHECKS_H
#define SEQC_RUNTIME_RUNTIMECHECKS_H

namespace seqc {

/// From now on, SIGABRT flushes the model's message, prints
/// "<toolName>: error: the model stopped on a failed run-time check" and
/// exits with status 1.
void exitCleanlyOnFailedRuntimeCheck(const char *toolName);

} // namespace seqc

#endif // SEQC_RUNTIME_RUNTIMECHECKS_H
