# The two commands a newcomer needs: `make run` and `make test`. Both install what is
# missing first (scripts/bootstrap), so they work on a fresh Debian 12 machine.
.PHONY: run test bench fuzz build release asan bootstrap web format clean

JOBS ?= $(shell nproc)

run: release
	mkdir -p var
	build/release/src/cli/tally serve --db sqlite:var/tally.db --demo

test: asan
	scripts/test

bench: release
	bench/run build/release

fuzz: bootstrap
	scripts/fuzz

build: release

bootstrap:
	scripts/bootstrap

# The web app, embedded into the binary: built before it.
web: bootstrap
	scripts/web

release: web
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

asan: web
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build web/dist
