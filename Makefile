# Thin wrapper around CMake. See README.md.
BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_FUZZ ?= build-fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all setup build run check check-fast test sanitize fuzz bench format clean

all: build

setup:
	@scripts/setup

$(BUILD)/Makefile: CMakeLists.txt
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS)

run: setup build
	@scripts/run-demo

# Everything: source checks, the normal build and its tests, the sanitizer
# build and its tests, and a short fuzzing run of every parser.
check: setup
	@scripts/check-src
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory sanitize
	@scripts/fuzz-smoke
	@scripts/test-env ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

check-fast: build
	@scripts/test-env ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test: check-fast

sanitize:
	@cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DSV_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD_SAN) -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  scripts/test-env ctest --test-dir $(BUILD_SAN) --output-on-failure -j $(JOBS) -LE nosan

fuzz: setup
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-60} scripts/fuzz-smoke

bench: setup build
	@scripts/bench

format:
	@scripts/format

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)
