// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of #seq.target: a width kernels cannot be built from, a
// register count or cache sizes that make no sense, no CPU name.

// expected-error @+1 {{vector_bits must be 128, 256 or 512, not 300}}
module attributes {seq.target = #seq.target<triple = "x86_64-pc-linux-gnu", cpu = "x86-64-v3", features = "", vector_bits = 300, vector_registers = 16, l1_bytes = 32768, l2_bytes = 262144>} {}

// -----

// expected-error @+1 {{vector_registers must be in [8, 64], not 4}}
module attributes {seq.target = #seq.target<triple = "x86_64-pc-linux-gnu", cpu = "x86-64-v3", features = "", vector_bits = 256, vector_registers = 4, l1_bytes = 32768, l2_bytes = 262144>} {}

// -----

// expected-error @+1 {{cache sizes must satisfy 1024 <= l1_bytes <= l2_bytes, not 65536 and 32768}}
module attributes {seq.target = #seq.target<triple = "x86_64-pc-linux-gnu", cpu = "x86-64-v3", features = "", vector_bits = 256, vector_registers = 16, l1_bytes = 65536, l2_bytes = 32768>} {}

// -----

// expected-error @+1 {{cpu must not be empty}}
module attributes {seq.target = #seq.target<triple = "x86_64-pc-linux-gnu", cpu = "", features = "", vector_bits = 256, vector_registers = 16, l1_bytes = 32768, l2_bytes = 262144>} {}

// seq-set-target names the CPU or feature it does not know.
// RUN: echo 'module {}' | not seq-opt --seq-set-target=cpu=nocpu 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: error: unknown --target-cpu 'nocpu' for x86_64
// RUN: echo 'module {}' | not seq-opt --seq-set-target="cpu=x86-64-v3 features=+nofeature" 2>&1 | FileCheck %s --check-prefix=FEATURE
// FEATURE: error: --target-features: unknown feature 'nofeature' for x86_64
