// seqc --jobs N optimises and generates code in up to N parts at once and
// joins them into one object: the same defined symbols as one job, no
// symbol of the parts left global (so that two objects still link into one
// program),
// only libc/libm needed, and the same outputs, bit for bit, as one job.
// A shared library is linked from the parts directly.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/aot_encoder.py weights %t
// RUN: seqc %S/Inputs/encoder.mlir --weights %t/w.safetensors -o %t/one.o --header %t/model.h --jobs 1 --mlir-timing 2>&1 | FileCheck %s --check-prefix=ONE
// RUN: seqc %S/Inputs/encoder.mlir --weights %t/w.safetensors -o %t/two.o --jobs 2 --mlir-timing 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: seqc %S/Inputs/encoder.mlir --weights %t/w.safetensors -o %t/four.o -j 4
// RUN: nm --defined-only --extern-only %t/one.o | awk '{print $2, $3}' | sort > %t/one.sym
// RUN: nm --defined-only --extern-only %t/two.o | awk '{print $2, $3}' | sort > %t/two.sym
// RUN: nm --defined-only --extern-only %t/four.o | awk '{print $2, $3}' | sort > %t/four.sym
// RUN: diff %t/one.sym %t/two.sym
// RUN: diff %t/one.sym %t/four.sym
// RUN: FileCheck %s --check-prefix=SYMS < %t/two.sym
// The weights are in a section of their own, as local symbols, in either.
// RUN: readelf -SW %t/one.o | FileCheck %s --check-prefix=SECTION
// RUN: readelf -SW %t/two.o | FileCheck %s --check-prefix=SECTION
// RUN: readelf -sW %t/two.o | FileCheck %s --check-prefix=WEIGHTSYM
// RUN: %python %S/Inputs/check_undefined.py %t/two.o | FileCheck %s --check-prefix=NM
// RUN: cc -std=c11 -Wall -Werror -I%t %S/Inputs/encoder_main.c %t/one.o -lm -o %t/main1
// RUN: cc -std=c11 -Wall -Werror -I%t %S/Inputs/encoder_main.c %t/two.o -lm -o %t/main2
// RUN: cc -std=c11 -Wall -Werror -I%t %S/Inputs/encoder_main.c %t/four.o -lm -o %t/main4
// RUN: %t/main1 > %t/out1.txt
// RUN: %t/main2 > %t/out2.txt
// RUN: %t/main4 > %t/out4.txt
// RUN: diff %t/out1.txt %t/out2.txt
// RUN: diff %t/out1.txt %t/out4.txt
// RUN: %python %S/Inputs/aot_encoder.py check %t %t/out2.txt | FileCheck %s --check-prefix=NUM

// RUN: seqc %S/Inputs/encoder.mlir --weights %t/w.safetensors -o %t/model.so --emit shared --jobs 2
// RUN: nm -D --defined-only %t/model.so | FileCheck %s --check-prefix=SO

// ONE: LLVM optimisation (O3)
// ONE: LLVM code generation
// TWO: LLVM optimisation (O3) and code generation, 2 parts
// TWO-NOT: LLVM code generation

// SECTION: .rodata.seqc_weights PROGBITS
// WEIGHTSYM: OBJECT LOCAL DEFAULT {{[0-9]+}} __constant_
// WEIGHTSYM-NOT: UND __constant_
// SYMS: T seqc_
// NM: only libc/libm
// NUM: out: shape [2, 5, 8] max_abs {{.*}} ok
// NUM: probs: shape [3, 4] max_abs {{.*}} ok
// SO: seqc_
// SO-NOT: __seqc
