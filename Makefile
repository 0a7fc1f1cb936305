# A thin wrapper over the CMake presets. `make demo` and `make test` do all the set-up a fresh
# Debian machine needs: missing packages are installed (root or sudo), then the build runs.
.PHONY: all deps build demo test test-unit test-asan test-tsan release clean

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

# Every test: the unit suite, then the same suite under ThreadSanitizer and Address+UB sanitizers.
test: build
	ctest --preset default
	$(MAKE) --no-print-directory test-tsan test-asan

test-unit: build
	ctest --preset default -L unit

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
