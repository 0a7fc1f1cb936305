SHELL := /bin/bash
# A thin wrapper over the CMake presets. `make demo` and `make test` do all the set-up a fresh
# Debian machine needs: missing packages are installed (root or sudo), then the build runs.
.PHONY: all deps build demo test test-unit test-fuzz fuzz test-asan test-tsan release clean

COSTPANEL := build/default/src/costpanel

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake --preset default
	cmake --build --preset default

# The window, on the built-in demo conductor at a pace a person can watch.
demo: build
	$(COSTPANEL) --demo

# Every test: unit, headless panel and live GUI; a minute of fuzzing where clang is present; then the
# unit and headless suites again under ThreadSanitizer and Address+UB sanitizers.
test: build
	ctest --preset default
	$(MAKE) --no-print-directory test-fuzz test-tsan test-asan

test-unit: build
	ctest --preset default -L '^(core|ui)$$'

# libFuzzer over "bytes in -> state changed or lines rejected"; the seed corpus is copied so that
# what the fuzzer finds stays out of the source tree. FUZZ_SECONDS=600 for a long run (make fuzz).
FUZZ_SECONDS ?= 60
test-fuzz: deps
	@if command -v clang++ >/dev/null 2>&1; then \
		cmake --preset fuzz && cmake --build --preset fuzz && \
		mkdir -p build/fuzz/corpus && cp -n tests/fuzz/corpus/* build/fuzz/corpus/ && \
		build/fuzz/costpanel_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -print_final_stats=1 \
			build/fuzz/corpus 2>&1 | grep -E "^(Done|stat::number_of_executed_units|==[0-9]+==ERROR)|SUMMARY" ; \
		test $${PIPESTATUS[0]} -eq 0; \
	else \
		echo "skipped: fuzzing needs clang++ (apt-get install clang)"; \
	fi

fuzz:
	$(MAKE) --no-print-directory test-fuzz FUZZ_SECONDS=600

test-asan: deps
	cmake --preset asan
	cmake --build --preset asan
	ctest --preset asan

test-tsan: deps
	cmake --preset tsan
	cmake --build --preset tsan
	ctest --preset tsan

release: deps
	cmake --preset release
	cmake --build --preset release

clean:
	rm -rf build
