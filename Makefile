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

# libFuzzer over "bytes in -> state changed or lines rejected", one target per input format: the
# protocol stream, Claude Code's transcripts, Codex's session files and OTLP's requests in JSON and in
# protobuf. FUZZ_SECONDS is the whole run, shared evenly by the targets (60: 12 s each; make fuzz:
# 600); each seed corpus is copied so that what the fuzzer finds stays out of the source tree. Every
# target runs; a finding in any fails the run.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := stream claude_code codex otlp_json otlp_protobuf
test-fuzz: deps
	@if command -v clang++ >/dev/null 2>&1; then \
		cmake --preset fuzz && cmake --build --preset fuzz || exit 1; \
		seconds=$$(( $(FUZZ_SECONDS) / $(words $(FUZZ_TARGETS)) )); failed=""; \
		for target in $(FUZZ_TARGETS); do \
			if [ $$target = stream ]; then exe=costpanel_fuzz; seeds=corpus; dict=""; \
			else exe=costpanel_fuzz_$$target; seeds=corpus_$$target; dict=-dict=tests/fuzz/$$target.dict; fi; \
			mkdir -p build/fuzz/$$seeds && cp -n tests/fuzz/$$seeds/* build/fuzz/$$seeds/; \
			echo "fuzzing $$target for $$seconds s"; \
			build/fuzz/$$exe -max_total_time=$$seconds -max_len=8192 -print_final_stats=1 $$dict \
				-artifact_prefix=build/fuzz/$$target- build/fuzz/$$seeds 2>&1 | \
				grep -E "^(Done|stat::number_of_executed_units|==[0-9]+==ERROR)|SUMMARY|^artifact_prefix|Test unit written"; \
			test $${PIPESTATUS[0]} -eq 0 || failed="$$failed $$target"; \
		done; \
		if [ -n "$$failed" ]; then echo "fuzzing found a failing input in:$$failed (build/fuzz/<target>-crash-*)"; exit 1; fi; \
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
