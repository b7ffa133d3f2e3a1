# Seqc: `make demo` and `make check` work on a fresh Debian machine; both
# install what they need first.

# `make check SANITIZE=address,undefined` builds and tests an instrumented
# copy in its own build dir (build-address-undefined).
SANITIZE ?=
comma    := ,
ifneq ($(SANITIZE),)
BUILD    ?= build-$(subst $(comma),-,$(SANITIZE))
SANITIZE_FLAGS := -DSEQC_SANITIZE=$(SANITIZE)
# LLVM's and MLIR's process-lifetime allocations are not leaks of a model;
# the poisoning of LLVM's allocators by inline code in instrumented files
# is read by uninstrumented libMLIR as misuse (false positives). Models
# handle a failed allocation (SEQC_OUT_OF_MEMORY), so malloc may return NULL.
export ASAN_OPTIONS  ?= detect_leaks=0:allow_user_poisoning=0:allocator_may_return_null=1
export UBSAN_OPTIONS ?= print_stacktrace=1
endif
BUILD    ?= build
LLVM     := /usr/lib/llvm-19
PYTHON   := /usr/bin/python3
SUDO     := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
DEBS     := llvm-19-dev libmlir-19-dev mlir-19-tools llvm-19-tools clang-19 \
            libfmt-dev ninja-build cmake libgtest-dev \
            python3-numpy python3-torch libopenblas0-pthread \
            libonnx-dev libprotobuf-dev protobuf-compiler python3-onnx
ifneq ($(SANITIZE),)
DEBS     += libclang-rt-19-dev
endif

.PHONY: all deps configure build check demo bench fuzz clean

all: build

# Installs the Debian packages that are missing; quiet when all are present.
deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(BUILD)/build.ninja:
	@$(MAKE) --no-print-directory deps
	cmake -G Ninja -S . -B $(BUILD) \
	  -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_C_COMPILER=$(LLVM)/bin/clang -DCMAKE_CXX_COMPILER=$(LLVM)/bin/clang++ \
	  -DMLIR_DIR=$(LLVM)/lib/cmake/mlir -DLLVM_DIR=$(LLVM)/lib/cmake/llvm \
	  -DLLVM_EXTERNAL_LIT=$(LLVM)/build/utils/lit/lit.py \
	  -DPython3_EXECUTABLE=$(PYTHON) $(SANITIZE_FLAGS)

configure: $(BUILD)/build.ninja

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

check: build
	ninja -C $(BUILD) check-seqc

# The examples on weights exported from PyTorch, each checked against it and
# timed next to it: a TransformerEncoder compiled by seqc into a C++ program,
# a TransformerDecoderLayer run by seq-run, and an LSTM encoder-decoder with
# attention decoded step by step from C (examples/demo.sh, examples/README.md).
demo: build
	PYTHON=$(PYTHON) examples/demo.sh $(BUILD) $(BUILD)/demo

bench: build
	$(PYTHON) bench/models/bench.py --seqc $(BUILD)/bin/seqc
	$(PYTHON) bench/decode/bench.py --seqc $(BUILD)/bin/seqc
	$(PYTHON) bench/recurrent/bench.py --seq-run $(BUILD)/bin/seq-run
	$(PYTHON) bench/attention/bench.py --seq-run $(BUILD)/bin/seq-run
	$(PYTHON) bench/compile/bench.py --seqc $(BUILD)/bin/seqc --seq-run $(BUILD)/bin/seq-run

# The libFuzzer targets of test/fuzz (front end, seq dialect, ONNX importer,
# safetensors and .npy readers) in an instrumented build of their own, each
# run FUZZ_SECONDS on a corpus seeded from the tests (test/fuzz/run.sh).
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz:
	@$(MAKE) --no-print-directory deps DEBS="$(DEBS) libclang-rt-19-dev"
	cmake -G Ninja -S . -B $(FUZZ_BUILD) -DSEQC_FUZZ=ON \
	  -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_C_COMPILER=$(LLVM)/bin/clang -DCMAKE_CXX_COMPILER=$(LLVM)/bin/clang++ \
	  -DMLIR_DIR=$(LLVM)/lib/cmake/mlir -DLLVM_DIR=$(LLVM)/lib/cmake/llvm
	ninja -C $(FUZZ_BUILD) seqc-fuzzers
	PYTHON=$(PYTHON) test/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD)
