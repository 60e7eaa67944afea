# imprint - build, run and test. `make` builds and publishes content/; `make test` runs everything.
.SUFFIXES:
SHELL = /bin/bash

PREFIX  ?= /usr/local
CC      ?= cc
CFLAGS  ?= -O2 -g
BUILD   ?= build
OUT     ?= output
# Dates: SOURCE_DATE_EPOCH if set, else the last commit's time; outside git the
# build falls back to dates from the content.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
export TZ = UTC
export LC_ALL = C.UTF-8

# Debian packages: build dependencies, then what the tests use. The dependency
# step installs the missing ones (as root; otherwise it prints the command).
BUILD_PKGS = gcc make pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev libhpdf-dev libharfbuzz-dev hyphen-en-us libmicrohttpd-dev \
             libpng-dev librsvg2-dev libcairo2-dev libjpeg62-turbo-dev libfribidi-dev
TEST_PKGS  = python3 python3-yaml chromium qpdf poppler-utils fonts-dejavu-core clang-format valgrind curl \
             default-jre-headless hyphen-de hyphen-fr libhyphen-dev fonts-noto-cjk
ENSURE_DEBS ?= bash tests/tools/ensure-debs.sh
PKG_CONFIG  ?= pkg-config

# Compiler flags from pkg-config are asked for on first use inside a recipe,
# never while make reads this file: on a fresh machine the -dev packages that
# pkg-config describes are installed by $(BUILD)/.deps-build, which every object
# waits for. (The eval caches the answer, so pkg-config runs once per make.)
# tests/setup-check.sh fails if a flag is computed before the dependency step.
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell $(PKG_CONFIG) --cflags libcmark-gfm yaml-0.1 harfbuzz harfbuzz-subset libmicrohttpd libpng libjpeg librsvg-2.0 cairo fribidi))$(PKG_CFLAGS)
# the PDF's image decoders (pdf/image.c: libpng, libjpeg) and font subsetter (pdf/font.c:
# HarfBuzz's hb-subset), linked as pkg-config says. librsvg and cairo, for SVG pictures, are
# compiled against but not linked: pdf/svglib.c loads them with dlopen when the first SVG is
# opened, which spares every run the loader's work on their ~50 libraries (docs/performance.md).
PKG_LIBS   = $(eval PKG_LIBS := $$(shell $(PKG_CONFIG) --libs libpng libjpeg harfbuzz-subset fribidi))$(PKG_LIBS)
ALL_CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -Igenerator -I$(BUILD)/gen -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
              -pthread -MMD -MP $(PKG_CFLAGS) $(CFLAGS)
# the linker records only the libraries the binary calls (--as-needed) and optimises their hash
# tables (-O1): less work for the dynamic loader on every start
ALL_LDFLAGS = -Wl,--as-needed -Wl,-O1 $(LDFLAGS)
LIBS        = -lcmark-gfm-extensions -lcmark-gfm -lyaml -lhpdf -lharfbuzz -lmicrohttpd $(PKG_LIBS) -lm -pthread
SAN_FLAGS   = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LIB_SRCS  = $(wildcard generator/*/*.c)
LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
SAN_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/san/%.o)
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/san/tests/%)
# libFuzzer targets (tests/fuzz/), built with clang from Debian
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_TARGETS  = yaml template markdown profile rules formula pdf serve image highlight pack hyphen
FUZZ_FLAGS    = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJS     = $(LIB_SRCS:%.c=$(BUILD)/fuzz/%.o)
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)

# `imprint new`'s skeleton, embedded in the binary as C string literals
SKELETON_FILES = $(shell find generator/scaffold/skeleton -type f | LC_ALL=C sort)
SCAFFOLD_OBJS  = $(BUILD)/obj/generator/scaffold/scaffold.o $(BUILD)/san/generator/scaffold/scaffold.o \
                 $(BUILD)/fuzz/generator/scaffold/scaffold.o

# content/'s own needs first: the hyphenation patterns of its languages, the CJK font when a
# page has Chinese, Japanese or Korean text (imprint deps)
all: $(BUILD)/imprint
	@$(ENSURE_DEBS) $$($(BUILD)/imprint deps)
	$(BUILD)/imprint build -o $(OUT) && $(BUILD)/imprint report -o $(OUT)/reports content/profiles

# ---- dependencies: installed with apt-get when root, otherwise the command to run ----
$(BUILD)/.deps-build:
	@$(ENSURE_DEBS) $(BUILD_PKGS)
	@mkdir -p $(BUILD) && touch $@

# The browser and validation tools, and the Node.js runtime they run on, come
# from the npm registry pinned in the lockfiles (tests/tools/node-setup.sh);
# veraPDF's jars from Maven Central, pinned in tests/verapdf/jars.txt.
$(BUILD)/.deps-test: $(BUILD)/.deps-build tests/package.json tests/package-lock.json \
                     tests/typo/package.json tests/typo/package-lock.json tests/verapdf/jars.txt
	@$(ENSURE_DEBS) $(TEST_PKGS)
	@bash tests/tools/node-setup.sh
	@bash tests/tools/verapdf.sh --setup
	@touch $@

# ---- the binary ----
$(BUILD)/gen/skeleton.inc: generator/scaffold/embed.sh $(SKELETON_FILES)
	@mkdir -p $(@D)
	sh generator/scaffold/embed.sh generator/scaffold/skeleton $(SKELETON_FILES) > $@.tmp && mv $@.tmp $@

$(SCAFFOLD_OBJS): $(BUILD)/gen/skeleton.inc

# imprint's English words (layouts/i18n/en.yaml), compiled in under every language (core/i18n.c)
I18N_OBJS = $(BUILD)/obj/generator/core/i18n.o $(BUILD)/san/generator/core/i18n.o \
            $(BUILD)/fuzz/generator/core/i18n.o
$(BUILD)/gen/i18n_en.inc: generator/scaffold/embed.sh layouts/i18n/en.yaml
	@mkdir -p $(@D)
	sh generator/scaffold/embed.sh layouts/i18n layouts/i18n/en.yaml > $@.tmp && mv $@.tmp $@

$(I18N_OBJS): $(BUILD)/gen/i18n_en.inc

# The build cache is valid only for the code that wrote it: a digest of every
# source file, rewritten only when it changes (site/cache.c puts it in the cache's
# first line, so a rebuilt imprint renders every page again).
SOURCE_ID_FILES = $(wildcard generator/*.c generator/*/*.c generator/*/*.h)
CACHE_OBJS      = $(BUILD)/obj/generator/site/cache.o $(BUILD)/san/generator/site/cache.o \
                  $(BUILD)/fuzz/generator/site/cache.o
$(BUILD)/gen/source_id.h: $(SOURCE_ID_FILES)
	@mkdir -p $(@D)
	@printf '#define IMPRINT_SOURCE_ID "%s"\n' "$$(cat $(SOURCE_ID_FILES) | sha1sum | cut -c1-16)" >$@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

$(CACHE_OBJS): $(BUILD)/gen/source_id.h

$(BUILD)/imprint: $(BUILD)/.deps-build $(LIB_OBJS) $(BUILD)/obj/generator/main.o
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(LIB_OBJS) $(BUILD)/obj/generator/main.o $(LIBS)

$(BUILD)/obj/%.o: %.c | $(BUILD)/.deps-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# ---- the same code under AddressSanitizer + UBSan, for the tests ----
$(BUILD)/san/imprint: $(SAN_OBJS) $(BUILD)/san/generator/main.o
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/san/%.o: %.c | $(BUILD)/.deps-build
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(BUILD)/san/tests/%: tests/unit/%.c tests/unit/test.h tests/unit/test_fs.h tests/unit/test_hpdf.h $(SAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(ALL_LDFLAGS) -o $@ $< $(SAN_OBJS) $(LIBS) $(UNIT_LIBS)

# test_hyphen checks imprint's hyphenation against libhyphen's, linked into that test only
# (imprint reads the patterns itself: docs/typography.md); libhyphen-dev is a test package
$(BUILD)/.deps-oracle: $(BUILD)/.deps-build
	@$(ENSURE_DEBS) libhyphen-dev hyphen-de
	@touch $@

$(BUILD)/san/tests/test_hyphen: UNIT_LIBS = -lhyphen
$(BUILD)/san/tests/test_hyphen: | $(BUILD)/.deps-oracle

# ---- tests ----
test: $(BUILD)/.deps-test $(BUILD)/imprint $(BUILD)/san/imprint $(UNIT_BINS) $(FUZZ_BINS)
	@bash tests/run-all.sh $(BUILD)

# ---- fuzzing: libFuzzer targets (clang from Debian) over the same sources ----

$(BUILD)/.deps-fuzz: $(BUILD)/.deps-build
	@$(ENSURE_DEBS) clang-14 libclang-rt-14-dev
	@touch $@

$(BUILD)/fuzz/%.o: %.c | $(BUILD)/.deps-fuzz
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $< $(FUZZ_OBJS) $(LIBS)

# the objects are kept (make would remove them as intermediates of the pattern rule)
.SECONDARY: $(FUZZ_OBJS)

fuzz-build: $(FUZZ_BINS)

# every target for FUZZ_SECONDS (make fuzz FUZZ_SECONDS=600 for a long run)
fuzz: $(FUZZ_BINS)
	bash tests/fuzz/run.sh $(BUILD)/fuzz $(FUZZ_SECONDS)

# realistic bugs put in one at a time; make test must fail on each (tests/mutants.py)
mutants: $(BUILD)/.deps-test
	python3 tests/mutants.py

# veraPDF on the whitepaper and the example reports, for PDF/UA-1 and PDF/A-2a: the rule
# counts (make test validates every fixture too: tests/pdfua-tests.sh)
verapdf: all
	bash tests/tools/verapdf.sh ua1 $(OUT)/*.pdf $(OUT)/reports/*/report.pdf
	bash tests/tools/verapdf.sh 2a $(OUT)/*.pdf $(OUT)/reports/*/report.pdf

golden: $(BUILD)/san/imprint
	bash tests/golden/run.sh $(BUILD)/san/imprint --update

# every C file of generator/ and tests/unit/, formatted by .clang-format (Debian's
# clang-format 14); `make test` fails when the tree is not formatted
FORMAT_SRCS = $(wildcard generator/*.c generator/*/*.c generator/*/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c)
format:
	@$(ENSURE_DEBS) clang-format
	clang-format -i $(FORMAT_SRCS)

# the binary, and the built-in theme it finds beside it (PREFIX/share/imprint:
# layouts/, and assets/ without the README's pictures)
THEME_SHARE = $(DESTDIR)$(PREFIX)/share/imprint
install: $(BUILD)/imprint
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(THEME_SHARE)
	cp $(BUILD)/imprint $(DESTDIR)$(PREFIX)/bin/imprint
	rm -rf $(THEME_SHARE)/layouts $(THEME_SHARE)/assets
	cp -R layouts $(THEME_SHARE)/layouts
	mkdir -p $(THEME_SHARE)/assets
	for d in assets/*; do [ "$$d" = assets/readme ] || cp -R "$$d" $(THEME_SHARE)/assets/; done

clean:
	rm -rf $(BUILD) $(OUT)/site $(OUT)/*.pdf $(OUT)/reports $(OUT)/.imprint-cache $(OUT)/.imprint-pages

.PHONY: all test golden install clean bench format mutants fuzz fuzz-build verapdf

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# highlighting 10,000 lines (tests/bench/bench_highlight.c), built on the release objects
$(BUILD)/bench_highlight: tests/bench/bench_highlight.c $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS)

bench: $(BUILD)/imprint $(BUILD)/bench_highlight
	bash tests/bench/run.sh $(BUILD)/imprint
