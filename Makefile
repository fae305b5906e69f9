# negraph - news text to entity graph.
#
#   make          build ./negraph (optimised)
#   make demo     build and run on the bundled sample corpus
#   make test     unit + end-to-end tests, normal build and ASan/UBSan build
#   make bench    throughput and memory against grep -F on Reuters-21578
#   make eval     score against ../shared/eval/dev (needs ../shared)
#
# `demo` and `test` first install missing Debian packages (tools/install-deps).

PKGS = igraph yaml-0.1 glib-2.0 json-glib-1.0 cairo zlib
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

.PHONY: all deps demo test test-run check-build bench eval clean
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

eval: negraph
	python3 ../shared/eval/score.py --cmd './negraph build {input} -o {output}' ../shared/eval/dev

clean:
	rm -rf build negraph sample-graph.graphml
