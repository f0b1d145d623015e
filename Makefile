# certkit - plain GNU make.  See README.
#   make            build every tool into bin/
#   make check      install missing build packages, build, run every test
#   make run        install missing build packages, build, run the main job on a sample
#   make asan       build with ASan+UBSan into build/asan/bin
#   make fuzz       build the libFuzzer harnesses (clang) into build/fuzz
#   make bench      run the benchmarks (ratios against openssl, side by side)
#   make install PREFIX=/usr/local DESTDIR=
VERSION  := 0.1.0
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
OPT      ?= -O2 -g
WARN     := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CPPFLAGS += -I. -D_GNU_SOURCE -DLTM_DESC -DUSE_LTM -DCERTKIT_VERSION='"$(VERSION)"'
CFLAGS   += -std=c11 $(WARN) $(OPT)
# The tools are linked fully statically: no dynamic loader at start-up, and each
# binary can be copied alone to another machine.
LDSTATIC ?= -static
CRYPTO_LIBS := -ltomcrypt -ltommath -lsodium

TOOLS := der2pem pem2der asn1dump certdump csrdump crldump chaincat pfxsplit keyconv keymatch certcheck
TOOLS := $(foreach t,$(TOOLS),$(if $(wildcard tools/$(t).c),$(t)))

LIB_SRC  := $(filter-out asn1/oidgen.c,$(wildcard asn1/*.c pem/*.c x509/*.c pkcs12/*.c)) \
            $(filter-out $(TOOLS:%=tools/%.c),$(wildcard tools/*.c))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)

B        ?= build/rel
BIN      ?= bin
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
GEN      := build/gen
DEPFLAGS  = -MMD -MP

# keep intermediate objects: nothing may print after the test summary that closes `make check`
.SECONDARY:

.PHONY: all check run asan fuzz bench install uninstall clean deps unit cli-tests corpus-tests fuzz-replay dist man-lint

all: deps-quiet $(TOOLS:%=$(BIN)/%)

# ---------------------------------------------------------------- generated
$(GEN)/oid_table.h: asn1/oidgen.c asn1/oid.def
	@mkdir -p $(GEN)
	$(CC) -std=c11 -O1 -Wall -Wextra -Werror -Iasn1 -o $(GEN)/oidgen asn1/oidgen.c
	$(GEN)/oidgen > $@.tmp && mv $@.tmp $@

$(B)/%.o: %.c $(GEN)/oid_table.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -I$(GEN) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(B)/libcertkit.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN)/%: $(B)/tools/%.o $(B)/libcertkit.a
	@mkdir -p $(BIN)
	$(CC) $(CFLAGS) $(LDSTATIC) -o $@ $< $(B)/libcertkit.a $(CRYPTO_LIBS) $(LDFLAGS)

-include $(LIB_OBJ:.o=.d) $(TOOLS:%=$(B)/tools/%.d)

# -------------------------------------------------------------------- deps
# Installs the Debian packages the build and the tests need when they are missing.
deps:
	@sh scripts/deps.sh
deps-quiet:
	@sh scripts/deps.sh --build-only

# ------------------------------------------------------------------- tests
$(GEN)/unit_suites.h: $(UNIT_SRC)
	@mkdir -p $(GEN)
	@{ for f in $(notdir $(basename $(UNIT_SRC))); do echo "SUITE($${f#test_})"; done; } > $@.tmp
	@cmp -s $@.tmp $@ 2>/dev/null && rm -f $@.tmp || mv $@.tmp $@

$(B)/unit-tests: tests/unit/main.c $(UNIT_SRC) $(B)/libcertkit.a $(GEN)/unit_suites.h
	$(CC) $(CPPFLAGS) -I$(GEN) $(CFLAGS) -Wno-error=shadow -o $@ tests/unit/main.c $(UNIT_SRC) \
	    $(B)/libcertkit.a $(CRYPTO_LIBS) $$(pkg-config --libs check) $(LDFLAGS)

unit: all $(B)/unit-tests
	@mkdir -p build/results
	$(B)/unit-tests | tee build/results/unit.log

cli-tests: all
	@mkdir -p build/results
	@sh tests/run-cli.sh $(BIN) | tee build/results/cli.log

check: deps all $(B)/unit-tests fuzz-replay
	@mkdir -p build/results
	@rm -f build/results/*.log
	@status=0; \
	$(B)/unit-tests > build/results/unit.log 2>&1 || status=1; \
	grep -E '^[0-9]+%: Checks|:[FE]:' build/results/unit.log | head -n 40; tail -n 1 build/results/unit.log; \
	sh tests/run-cli.sh $(BIN) > build/results/cli.log 2>&1 || status=1; \
	grep '^not ok' build/results/cli.log | head -n 40; tail -n 1 build/results/cli.log; \
	sh tests/run-fuzz-replay.sh $(B)/fuzz-replay > build/results/fuzz.log 2>&1 || status=1; \
	grep '^not ok' build/results/fuzz.log; tail -n 1 build/results/fuzz.log; \
	build/asan/unit-tests > build/results/unit-asan.log 2>&1 || status=1; \
	sed -i 's/^unit: /unit-asan: /' build/results/unit-asan.log; \
	grep -E ':[FE]:|ERROR: AddressSanitizer|runtime error' build/results/unit-asan.log | head -n 20; \
	tail -n 1 build/results/unit-asan.log; \
	sh tests/run-fuzz-replay.sh build/asan/fuzz-replay > build/results/fuzz-asan.log 2>&1 || status=1; \
	sed -i 's/^fuzz-replay: /fuzz-replay-asan: /' build/results/fuzz-asan.log; \
	grep '^not ok' build/results/fuzz-asan.log; tail -n 1 build/results/fuzz-asan.log; \
	sh tests/summary.sh build/results || status=1; \
	exit $$status

run: deps all
	@sh scripts/run-sample.sh $(BIN)

# ------------------------------------------------------------- sanitizers
asan:
	$(MAKE) B=build/asan BIN=build/asan/bin LDSTATIC= \
	    OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	    LDFLAGS="-fsanitize=address,undefined" all build/asan/unit-tests fuzz-replay

# `make check` builds the ASan+UBSan tools (tests/cli/t_hostile.sh runs every hostile case
# under them) and build/dyn/bin: the tools linked dynamically, without sanitizers, for the
# tests that interpose malloc/free (tests/secrets/wipecheck.c, tests/cli/t_secrets.sh) or
# run valgrind, which cannot follow malloc in the static release binaries.
.PHONY: hostile-asan dyn
hostile-asan: all ; $(MAKE) asan
dyn: all ; $(MAKE) B=build/dyn BIN=build/dyn/bin LDSTATIC= all
check: hostile-asan dyn

# ----------------------------------------------------------------- fuzzing
FUZZ_CC ?= clang
fuzz: $(GEN)/oid_table.h
	$(MAKE) B=build/fuzzlib BIN=build/fuzzlib/bin CC=$(FUZZ_CC) LDSTATIC= \
	    OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
	    build/fuzzlib/libcertkit.a
	@mkdir -p build/fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  echo "  FUZZ $$n"; \
	  $(FUZZ_CC) $(CPPFLAGS) -I$(GEN) -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o build/fuzz/$$n $$f build/fuzzlib/libcertkit.a $(CRYPTO_LIBS) || exit 1; \
	done

# Replays the kept fuzz corpora and crashers through the harnesses without libFuzzer.
$(B)/fuzz-replay/%: fuzz/%.c fuzz/replay_main.c $(wildcard fuzz/*.h) $(B)/libcertkit.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -I$(GEN) $(CFLAGS) -o $@ $< fuzz/replay_main.c $(B)/libcertkit.a $(CRYPTO_LIBS)

fuzz-replay: $(FUZZ_SRC:fuzz/%.c=$(B)/fuzz-replay/%)

# -------------------------------------------------------------------- bench
bench: deps all
	@sh bench/run.sh $(BIN)

# ------------------------------------------------------------------ install
COMPDIR = $(PREFIX)/share/bash-completion/completions
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(COMPDIR)
	for t in $(TOOLS); do install -m 0755 $(BIN)/$$t $(DESTDIR)$(PREFIX)/bin/$$t; done
	for t in $(TOOLS); do [ ! -f man/$$t.1 ] || install -m 0644 man/$$t.1 $(DESTDIR)$(PREFIX)/share/man/man1/; done
	install -m 0644 completions/certkit.bash $(DESTDIR)$(COMPDIR)/certkit
	for t in $(TOOLS); do ln -sf certkit $(DESTDIR)$(COMPDIR)/$$t; done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(PREFIX)/bin/$$t $(DESTDIR)$(PREFIX)/share/man/man1/$$t.1 \
	    $(DESTDIR)$(COMPDIR)/$$t; done
	rm -f $(DESTDIR)$(COMPDIR)/certkit

# A release tarball of the tracked files; its own `make check` passes from the unpacked
# tree (the corpus is read from ../shared/corpus when present, else the tests say so).
dist:
	@mkdir -p build
	git archive --format=tar --prefix=certkit-$(VERSION)/ HEAD | gzip -9 > build/certkit-$(VERSION).tar.gz
	@echo "build/certkit-$(VERSION).tar.gz"

man-lint:
	@for m in man/*.1; do mandoc -Tlint -W warning $$m || exit 1; done

clean:
	rm -rf build bin
