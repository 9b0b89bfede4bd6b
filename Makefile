# kiln - a deep-learning model pre-compiler.
#
#   make            build build/kiln (C11 compiler + libc/libm only)
#   make demo       compile the bundled digits model, build it, classify the held-out set
#   make test       unit tests, ONNX model tests vs onnxruntime (sets up its own venv)
#   make test SANITIZE=1   the same with the compiler and generated code under ASan+UBSan
#   make conformance       the ONNX backend suite; regenerates docs/onnx-support.md
#   make bench             kiln vs onnxruntime on the torchvision zoo; writes docs/benchmarks.md
#
CC ?= cc
CFLAGS ?= -O2 -g
PYTHON ?= python3
SANITIZE ?= 0

BUILD := build
ifeq ($(SANITIZE),1)
BUILD := build/asan
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# `kiln run` builds the generated code with these, so it runs sanitized too
export KILN_RUN_CFLAGS := -O1 -g $(SAN)
endif

KILN_CFLAGS := -std=c11 -Wall -Wextra -DKILN_HOST -Isrc -Iruntime -Isrc/kernels -MMD -MP $(SAN)
SRCS := $(sort $(wildcard src/*/*.c))
OBJS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRCS))
LIB_OBJS := $(filter-out $(BUILD)/obj/cli/main.o,$(OBJS)) $(BUILD)/obj/kernel_lib.o
EMBED := $(sort $(wildcard src/kernels/*.c src/kernels/*.h)) runtime/kiln_kernels.h runtime/kiln_pool.h runtime/kiln_pool.c $(sort $(wildcard runtime/*.in))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/unit/*.c)))
VENV := build/venv

all: $(BUILD)/kiln

$(BUILD)/kiln: $(LIB_OBJS) $(BUILD)/obj/cli/main.o
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ -lm

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(KILN_CFLAGS) -c $< -o $@

# The kernel library and package templates travel inside the compiler.
$(BUILD)/embed: tools/embed.c
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS) -o $@ $<

$(BUILD)/kernel_lib.c: $(BUILD)/embed $(EMBED)
	$(BUILD)/embed $@ $(EMBED)

$(BUILD)/obj/kernel_lib.o: $(BUILD)/kernel_lib.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) -c $< -o $@

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(KILN_CFLAGS) -o $@ $< $(LIB_OBJS) -lm

# Op tests link the shared harness (tests/unit/harness: graph builders,
# PASS/FAIL reporting and a stand-in for src/emit that compiles and runs the
# emitted code), so they leave out the real emitter's objects.
OP_TEST_OBJS := $(filter-out $(BUILD)/obj/emit/%,$(LIB_OBJS)) $(BUILD)/obj/test_harness/op_test.o
$(BUILD)/obj/test_harness/op_test.o: tests/unit/harness/op_test.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(KILN_CFLAGS) -Itests/unit -c $< -o $@
$(BUILD)/tests/test_ops_%: tests/unit/test_ops_%.c $(wildcard tests/unit/harness/*.h) $(OP_TEST_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(KILN_CFLAGS) -Itests/unit -o $@ $< $(OP_TEST_OBJS) -lm

-include $(OBJS:.o=.d) $(BUILD)/obj/test_harness/op_test.d
# Extra make fragments (fuzzing, cross targets, ...), one concern per file.
-include $(sort $(wildcard mk/*.mk))

# ---- demo: needs nothing but make and a C compiler ----
demo: $(BUILD)/kiln
	@rm -rf $(BUILD)/demo && mkdir -p $(BUILD)/demo
	$(BUILD)/kiln compile demo/digits.onnx -o $(BUILD)/demo/pkg --name digits
	$(MAKE) -s -C $(BUILD)/demo/pkg CC="$(CC)" libdigits.a
	$(CC) -std=c99 -O2 -Wall -Wextra -I$(BUILD)/demo/pkg -o $(BUILD)/demo/digits_app demo/digits_app.c $(BUILD)/demo/pkg/libdigits.a -lm
	@printf 'code size (text+data of libdigits.a): '; size -t $(BUILD)/demo/pkg/libdigits.a 2>/dev/null | awk 'END { print $$1 + $$2 " bytes" }' || echo unknown
	cd $(BUILD)/demo && ./digits_app pkg/digits.weights ../../demo/digits_test.bin ../../demo/digits_torch.txt

# ---- tests ----
$(VENV)/.stamp: tools/requirements.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r tools/requirements.txt
	touch $@

venv: $(VENV)/.stamp

test: $(BUILD)/kiln $(UNIT_TESTS) $(VENV)/.stamp
	bash tools/setup_test_deps.sh
	bash tests/run_tests.sh $(BUILD) $(VENV)/bin/python

# The whole ONNX backend suite; rewrites docs/onnx-support.md and the pass baseline.
conformance: $(BUILD)/kiln $(VENV)/.stamp
	$(VENV)/bin/python tools/conformance.py --kiln $(BUILD)/kiln \
	  --baseline tests/conformance/passing.txt --update-baseline

# kiln vs onnxruntime on the torchvision zoo, one thread each: docs/benchmarks.md.
bench: $(BUILD)/kiln $(VENV)/.stamp
	$(VENV)/bin/python tools/bench.py --kiln $(BUILD)/kiln --zoo build/zoo

# Code size per model, target and --opt mode: docs/size.md.
size: $(BUILD)/kiln
	/usr/bin/python3 tools/export_zoo.py build/zoo mobilenet_v2 resnet18 squeezenet1_1 >/dev/null 2>&1
	$(PYTHON) tools/size_report.py --kiln $(BUILD)/kiln --zoo build/zoo --out docs/size.md

clean:
	rm -rf build

.PHONY: all demo test venv conformance bench size clean
