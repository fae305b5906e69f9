# negraph - news text to entity graph.
#
#   make          build ./negraph (optimised)
#   make demo     build and run on the bundled sample corpus
#   make test     unit + end-to-end tests, normal build and ASan/UBSan build
#   make bench    throughput and memory against grep -F on Reuters-21578
#   make eval     score against ../shared/eval/dev (needs ../shared)
#   make gazetteers  regenerate gazetteers/ from ../shared/data (offline)
#
# `demo` and `test` first install missing Debian packages (tools/install-deps).

PKGS = igraph yaml-0.1 glib-2.0 json-glib-1.0 cairo sqlite3 zlib nettle
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lm

CC ?= cc
WARN = -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter
DEFS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_66
OPT = -O2 -g
SAN = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

CORE_SRC = $(sort $(filter-out src/main.c src/cli.c src/cmd_%.c,$(wildcard src/*.c)))
CMD_SRC = $(sort src/main.c src/cli.c $(wildcard src/cmd_*.c))
TEST_SRC = $(sort $(wildcard tests/unit/test_*.c tests/e2e/test_*.c))
TESTLIB_SRC = tests/testlib.c
HDRS = $(wildcard src/*.h) tests/testlib.h

# Two build flavours share the rules below: build/rel (optimised) and
# build/asan (AddressSanitizer + UndefinedBehaviorSanitizer).
define flavour
$(1)_CORE_OBJ = $$(patsubst src/%.c,build/$(1)/src/%.o,$$(CORE_SRC))
$(1)_CMD_OBJ = $$(patsubst src/%.c,build/$(1)/src/%.o,$$(CMD_SRC))
$(1)_TESTS = $$(patsubst tests/%.c,build/$(1)/tests/%,$$(TEST_SRC))

build/$(1)/src/%.o: src/%.c $$(HDRS) | build/$(1)/src
	$$(CC) $$(WARN) $$(DEFS) $(2) $$(PKG_CFLAGS) -Isrc -c $$< -o $$@

build/$(1)/libnegraph.a: $$($(1)_CORE_OBJ)
	rm -f $$@ && ar rcs $$@ $$^

build/$(1)/negraph: $$($(1)_CMD_OBJ) build/$(1)/libnegraph.a
	$$(CC) $(2) $$($(1)_CMD_OBJ) build/$(1)/libnegraph.a $$(PKG_LIBS) -o $$@

build/$(1)/tests/%: tests/%.c $$(TESTLIB_SRC) build/$(1)/libnegraph.a $$(HDRS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(WARN) $$(DEFS) $(2) $$(PKG_CFLAGS) -Isrc -Itests $$< $$(TESTLIB_SRC) build/$(1)/libnegraph.a $$(PKG_LIBS) -o $$@

build/$(1)/src:
	mkdir -p $$@
endef

$(eval $(call flavour,rel,$(OPT)))
$(eval $(call flavour,asan,$(SAN)))

.PHONY: all deps demo test test-run bench eval gazetteers clean
.DEFAULT_GOAL := all

all: negraph

negraph: build/rel/negraph
	cp $< $@

deps:
	@tools/install-deps

demo: deps
	@$(MAKE) --no-print-directory negraph
	./negraph build sample/ -o sample-graph.graphml

test: deps
	@$(MAKE) --no-print-directory test-run

test-run: negraph build/rel/negraph build/asan/negraph $(rel_TESTS) $(asan_TESTS)
	@tests/run-tests

bench: negraph
	@bench/run

# Scores on the annotated dev texts, then tags against the Reuters-21578
# labels (both need ../shared).
eval: negraph
	python3 ../shared/eval/score.py --cmd './negraph build {input} -o {output}' ../shared/eval/dev
	@mkdir -p build/bench
	@[ -s build/bench/reuters.jsonl ] || /usr/bin/python3 tools/reuters2jsonl ../shared/data/reuters21578/*.sgm > build/bench/reuters.jsonl
	/usr/bin/python3 tools/reuters-label-eval build/bench/reuters.jsonl

# Regenerate gazetteers/*.yaml from the open data in ../shared (see
# docs/gazetteers.md); the output is committed, so builds never need this.
gazetteers:
	@tools/install-deps wamerican iso-codes
	/usr/bin/python3 tools/gen-gazetteers

clean:
	rm -rf build negraph sample-graph.graphml

# ---------------------------------------------------------------------------
# Hostile input: fuzzing, valgrind, full-size resource bounds
# (docs/robustness.md).
#
#   make fuzz       every libFuzzer target in tests/fuzz/ for FUZZ_SECONDS
#                   seconds each (default 60); fails on a crash, leak,
#                   timeout or broken invariant; figures in build/fuzz/
#   make memcheck   the end-to-end tests with negraph run under valgrind
#   make stress     the resource bounds at full size (1 GB line, ...)
#
# The fuzz targets are also built in build/rel and build/asan with a
# replay main (tests/fuzz/replay.c): `make test` runs their corpora,
# crashes found once included.

FUZZ_SECONDS ?= 60
FUZZ_CC = clang
FUZZ_SAN = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
           -fno-sanitize-recover=all
FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_LIB = tests/fuzz/fuzzlib.c
FUZZ_HDRS = $(HDRS) tests/fuzz/fuzz.h
fuzz_CORE_OBJ = $(patsubst src/%.c,build/fuzz/src/%.o,$(CORE_SRC))

build/fuzz/src/%.o: src/%.c $(HDRS) | build/fuzz/src
	$(FUZZ_CC) $(WARN) $(DEFS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -Isrc -c $< -o $@

build/fuzz/libnegraph.a: $(fuzz_CORE_OBJ)
	rm -f $@ && ar rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB) build/fuzz/libnegraph.a $(FUZZ_HDRS)
	$(FUZZ_CC) $(WARN) $(DEFS) $(FUZZ_SAN) -fsanitize=fuzzer $(PKG_CFLAGS) -Isrc -Itests/fuzz $< $(FUZZ_LIB) build/fuzz/libnegraph.a $(PKG_LIBS) -o $@

build/fuzz/src:
	mkdir -p $@

# The replay builds (a more specific pattern than build/%/tests/%).
define fuzz_replay
build/$(1)/tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_LIB) $(TESTLIB_SRC) build/$(1)/libnegraph.a $(FUZZ_HDRS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(WARN) $$(DEFS) $(2) $$(PKG_CFLAGS) -Isrc -Itests -Itests/fuzz $$< tests/fuzz/replay.c $(FUZZ_LIB) $(TESTLIB_SRC) build/$(1)/libnegraph.a $$(PKG_LIBS) -o $$@
endef
$(eval $(call fuzz_replay,rel,$(OPT)))
$(eval $(call fuzz_replay,asan,$(SAN)))

test-run: $(FUZZ_TARGETS:%=build/rel/tests/fuzz/%) $(FUZZ_TARGETS:%=build/asan/tests/fuzz/%)

.PHONY: fuzz fuzz-run memcheck memcheck-run stress

fuzz:
	@tools/install-deps clang libclang-rt-14-dev
	@$(MAKE) --no-print-directory fuzz-run

fuzz-run: $(FUZZ_TARGETS:%=build/fuzz/%)
	@tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ_TARGETS)

memcheck:
	@tools/install-deps valgrind
	@$(MAKE) --no-print-directory memcheck-run

memcheck-run: build/rel/negraph $(filter build/rel/tests/e2e/%,$(rel_TESTS))
	@tests/memcheck

stress: negraph
	@tests/stress

$(filter %/test_hostile,$(rel_TESTS) $(asan_TESTS)) $(filter %/test_hostile_%,$(rel_TESTS) $(asan_TESTS)): tests/e2e/hostile.h
