# verio - GNU Makefile. `make help` lists the targets and knobs.
#
# Objects go to build/ (mirroring the source tree); ./verio and the unit
# test binaries (tests/unit/test-*) are linked from build/libverio.a.

all:

# ---- configuration -------------------------------------------------------

# Cleaning must not (re)configure; everything else needs config-host.mak.
# A plain include (not -include) so that a failing configure stops make.
NOCONFIG_GOALS := clean distclean help check-layers
ifneq ($(filter-out $(NOCONFIG_GOALS),$(or $(MAKECMDGOALS),all)),)
include config-host.mak
endif

# make remakes an included makefile that is missing or older than its
# prerequisites, then restarts: so a fresh tree or an edited configure
# re-runs configure with the arguments it was last given.
config-host.mak: configure
	$(Q)scripts/bootstrap
	$(Q)./configure $(CONFIGURE_ARGS)

# configure rewrites config-host.h only when its content changes, so the
# header depends on nothing: it is made here only when it is missing.
config-host.h:
	$(Q)./configure $(CONFIGURE_ARGS)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man

# ---- flags ---------------------------------------------------------------

# CFLAGS is the user's knob (make CFLAGS=-O0); the rest is not optional.
CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wvla -Wformat=2 -Wwrite-strings -Wundef
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -I. $(WARNINGS) -fno-common -pthread

# -Werror by default when CI is set (CI=true); WERROR=0/1 overrides.
WERROR ?= $(if $(filter true 1 yes,$(CI)),1,0)
ifeq ($(WERROR),1)
BASE_CFLAGS += -Werror
endif

# SANITIZE=address,undefined. No recovery: the first report fails the run.
ifneq ($(SANITIZE),)
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

ALL_CFLAGS = $(BASE_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS) $(SAN_FLAGS)
ALL_LDFLAGS = -pthread $(LDFLAGS) $(EXTRA_LDFLAGS) $(SAN_FLAGS)
# Unit tests reach private headers of every module.
TEST_CFLAGS = $(ALL_CFLAGS) -Isrc -Iengines -Icrc -Ilib -Wno-missing-prototypes

# Quiet output unless V=1.
ifneq ($(V),1)
Q := @
QUIET_CC   = @echo '  CC      $@';
QUIET_AR   = @echo '  AR      $@';
QUIET_LINK = @echo '  LINK    $@';
endif

# ---- sources -------------------------------------------------------------

# src/mpi/ is verio-mpi's alone: built with MPI's flags, never in the library.
SRCS := $(filter-out src/mpi/%,$(wildcard src/*.c src/*/*.c engines/*.c crc/*.c lib/*.c))
MPI_SRCS := $(wildcard src/mpi/*.c)
MPI_OBJS := $(patsubst %.c,build/%.o,$(MPI_SRCS))
MAIN_OBJ := build/src/main.o
LIB_OBJS := $(patsubst %.c,build/%.o,$(filter-out src/main.c,$(SRCS)))
UNIT_SRCS := $(wildcard tests/unit/test-*.c)
UNIT_OBJS := $(patsubst %.c,build/%.o,$(UNIT_SRCS))
UNIT_BINS := $(UNIT_SRCS:.c=)
HEADERS := $(wildcard include/*.h src/*/*.h engines/*.h crc/*.h lib/*.h)
LIBVERIO := build/libverio.a

# ---- build ---------------------------------------------------------------

# build/FLAGS holds the compile and link flags of the last build. It is
# rewritten (and so everything rebuilt) only when they change: switching
# SANITIZE, WERROR or CFLAGS never mixes objects built two ways.
sq = $(subst ','\'',$(1))
BUILD_FLAGS = $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)
build/FLAGS: FORCE
	@mkdir -p build
	@if [ '$(call sq,$(BUILD_FLAGS))' != "$$(cat $@ 2>/dev/null)" ]; then \
		[ ! -f $@ ] || echo '  FLAGS   changed, rebuilding'; \
		printf '%s\n' '$(call sq,$(BUILD_FLAGS))' >$@; \
	fi

all: verio $(if $(CONFIG_MPI),verio-mpi)

# Per-file instruction sets: only crc/*-avx2.c, crc/*-avx512.c and the
# lib/ ones hold AVX2 / AVX-512 code, and it runs only after a runtime CPU
# check (__builtin_cpu_supports), so nothing else may be built with these
# flags.  x86 only; on other targets those files compile to nothing.
ifneq ($(filter x86_64-% i386-% i486-% i586-% i686-%,$(shell $(CC) -dumpmachine 2>/dev/null)),)
build/crc/%-avx2.o build/lib/%-avx2.o: ISA_CFLAGS := -mavx2
build/crc/%-avx512.o build/lib/%-avx512.o: ISA_CFLAGS := -mavx512f -mavx512dq
build-fuzz/crc/%-avx2.o build-fuzz/lib/%-avx2.o: ISA_CFLAGS := -mavx2
build-fuzz/crc/%-avx512.o build-fuzz/lib/%-avx512.o: ISA_CFLAGS := -mavx512f -mavx512dq
endif

build/%.o: %.c build/FLAGS config-host.h
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) $(ISA_CFLAGS) -MMD -MP -c -o $@ $<

$(UNIT_OBJS): build/%.o: %.c build/FLAGS config-host.h
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(TEST_CFLAGS) -MMD -MP -c -o $@ $<

# Rebuilt from scratch so objects of deleted sources do not linger.
$(LIBVERIO): $(LIB_OBJS)
	$(QUIET_AR)rm -f $@ && $(AR) rcs $@ $(LIB_OBJS)

verio: $(MAIN_OBJ) $(LIBVERIO) build/FLAGS config-host.mak
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(LIBVERIO) $(LIBS)

# verio-mpi (./configure found MPI, or --with-mpi; docs/mpi.md): the
# library and src/mpi/, linked with MPI.
$(MPI_OBJS): build/%.o: %.c build/FLAGS config-host.h config-host.mak
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) $(MPI_CFLAGS) -MMD -MP -c -o $@ $<

verio-mpi: $(MPI_OBJS) $(LIBVERIO) build/FLAGS config-host.mak
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $(MPI_OBJS) $(LIBVERIO) $(LIBS) $(MPI_LIBS)

-include $(MPI_OBJS:.o=.d)

# A test build with a deliberately broken verifier check (VERIO_TEST_HOOKS,
# see src/verify/verifier.c): only verifier.c is compiled again; its object
# comes first, so the library's copy is not linked. t0969 proves that
# `verio selftest` fails with it. Never installed.
HOOKS_OBJ := build/hooks/verifier.o
$(HOOKS_OBJ): src/verify/verifier.c build/FLAGS config-host.h
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -DVERIO_TEST_HOOKS -MMD -MP -c -o $@ $<

build/hooks/verio: $(MAIN_OBJ) $(HOOKS_OBJ) $(LIBVERIO) build/FLAGS config-host.mak
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(HOOKS_OBJ) $(LIBVERIO) $(LIBS)

-include $(HOOKS_OBJ:.o=.d)

$(UNIT_BINS): tests/unit/%: build/tests/unit/%.o $(LIBVERIO) build/FLAGS config-host.mak | need-cmocka
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBVERIO) $(LIBS) $(CMOCKA_LIBS)

need-cmocka:
	@if [ '$(CONFIG_CMOCKA)' != y ]; then \
		echo 'error: unit tests need cmocka: apt-get install libcmocka-dev, then ./configure' >&2; \
		exit 1; \
	fi

-include $(MAIN_OBJ:.o=.d) $(LIB_OBJS:.o=.d) $(UNIT_OBJS:.o=.d)

# ---- run and test --------------------------------------------------------

# make run: RUN_JOB in a fresh .run/ (the last run's scratch is removed
# first), then, when that left the quick-start file, a verification
# failure shown on a copy of it (examples/show-failure.sh).
RUN_JOB ?= examples/quick-start.fio
run: all
	@rm -rf .run && mkdir -p .run
	@echo '==> ./verio $(RUN_JOB)   (in .run/)'
	@cd .run && $(CURDIR)/verio $(abspath $(RUN_JOB))
	@if [ -f .run/verio-quick-start.dat ]; then \
		examples/show-failure.sh $(CURDIR)/verio .run; \
	fi

# Runs every unit test binary (cmocka prints its own report) and ends with
# the line "unit: N passed, N failed, 0 skipped"; fails if any failed.
UNIT_TIMEOUT ?= 120
RUN_UNIT = pass=0; fail=0; \
	for t in $(UNIT_BINS); do \
		echo "--- $$t"; \
		if timeout $(UNIT_TIMEOUT) ./$$t; then pass=$$((pass + 1)); \
		else echo "FAIL $$t (exit $$?)"; fail=$$((fail + 1)); fi; \
	done; \
	echo "unit: $$pass passed, $$fail failed, 0 skipped"; \
	[ $$fail -eq 0 ]

unit-test: $(UNIT_BINS)
	@$(RUN_UNIT)

# T=t0010 runs only the e2e tests whose names start with t0010.
e2e-test: all build/hooks/verio
	@tests/e2e/run.sh $(T)

# Both suites always run; the total is summed from the last line of each
# ("unit: ..." / "e2e: ..."). A suite that dies before its summary counts
# as a failure.
test: all build/hooks/verio $(UNIT_BINS)
	@{ $(RUN_UNIT); } 2>&1 | tee build/unit.log; \
	tests/e2e/run.sh 2>&1 | tee build/e2e.log; \
	tail -q -n 1 build/unit.log build/e2e.log | awk ' \
		/^(unit|e2e): [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$$/ \
			{ p += $$2; f += $$4; s += $$6; n++ } \
		END { if (n < 2) { f += 2 - n; print "a test suite ended without its summary" } \
		      printf "%d passed, %d failed, %d skipped\n", p, f, s; exit f > 0 }'

# make conformance: verio's own tests of the pass conditions of fio's test
# scripts (tests/e2e/t08NN), the async engines' depth matrix (t0400) and
# verify_overlap's 60 s four-clone run (t1320) with their full matrices
# (CONFORMANCE=1); then,
# when FIO_SRC names a fio source checkout, fio's own scripts (its t/)
# against ./verio, one "SCRIPT: N passed, N failed, N skipped" line each
# (tests/conformance/run-fio-scripts.sh; FIO_SCRIPTS= picks some). fio's
# run-fio-tests.py needs python3-statsmodels. docs/conformance.md has the
# figures measured.
CONFORMANCE_TIMEOUT ?= 1800
FIO_SCRIPTS ?=
conformance: all
	@rc=0; \
	CONFORMANCE=1 E2E_TIMEOUT=$(CONFORMANCE_TIMEOUT) tests/e2e/run.sh t0400 t08 t1320 || rc=1; \
	if [ -n '$(FIO_SRC)' ]; then \
		echo '==> fio'"'"'s scripts in $(FIO_SRC)/t against ./verio'; \
		tests/conformance/run-fio-scripts.sh $(CURDIR)/verio '$(FIO_SRC)' $(FIO_SCRIPTS) || rc=1; \
	else \
		echo 'make conformance: set FIO_SRC=<fio source checkout> to run fio'"'"'s own scripts too'; \
	fi; \
	exit $$rc

bench: all
	@if [ -f tests/bench/run.sh ]; then \
		VERIO=$(CURDIR)/verio SRCDIR=$(CURDIR) tests/bench/run.sh; \
	else \
		echo 'make bench: no benchmark exists yet (tests/bench/run.sh)'; \
	fi

# Every header must compile on its own, after compat.h (which itself must
# compile alone).
check-headers: config-host.h
	@fail=0; for h in $(HEADERS); do \
		if [ $$h = include/compat.h ]; then src='#include "compat.h"'; \
		else src="#include \"compat.h\"\n#include \"$$h\""; fi; \
		if [ '$(V)' = 1 ]; then echo "$$h: $(CC) $(call sq,$(ALL_CFLAGS)) -fsyntax-only -x c -"; \
		else echo "  HDR     $$h"; fi; \
		printf "$$src\n" | $(CC) $(ALL_CFLAGS) -fsyntax-only -x c - || \
			{ echo "error: $$h does not compile on its own" >&2; fail=1; }; \
	done; exit $$fail

# No #include may point up the layers (the rules: scripts/check-layers).
check-layers:
	@scripts/check-layers

# ---- fuzzing -------------------------------------------------------------

# libFuzzer targets: tests/fuzz/fuzz-NAME.c, one file each (see
# tests/fuzz/fuzz.h). `make fuzz` builds every one with clang into
# build-fuzz/ (the library compiled again there, with the same
# sanitizers), seeds build-fuzz/corpus/NAME/ (tests/fuzz/seed.sh: real
# state files and dumps from ./verio, the example job files, then
# tests/fuzz/corpus/NAME/) and runs each target for FUZZ_TIME seconds,
# one after the other (make -j3 fuzz runs them side by side). Logs:
# build-fuzz/log/NAME.log; a crash leaves build-fuzz/crash/NAME-* and
# fails the target. FUZZ_ARGS= passes more libFuzzer flags.
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_ARGS ?=
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz-*.c)
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz-%.c,%,$(FUZZ_SRCS))
FUZZ_BINS := $(addprefix build-fuzz/fuzz-,$(FUZZ_NAMES))
FUZZ_LIB_OBJS := $(patsubst %.c,build-fuzz/%.o,$(filter-out src/main.c,$(SRCS)))
FUZZ_LIB := build-fuzz/libverio.a
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -I. $(WARNINGS) -fno-common -pthread \
	-O1 -g $(FUZZ_SAN)

# Checked on every make fuzz (one tiny compile): says what is missing and
# fails when clang or its libFuzzer runtime is not there. The stamp holds
# the compiler and flags, and is rewritten (so everything rebuilt) only
# when they change, as build/FLAGS is.
FUZZ_FLAGS = $(FUZZ_CC) $(FUZZ_CFLAGS)
build-fuzz/.toolchain: FORCE
	@mkdir -p build-fuzz
	@if ! command -v $(FUZZ_CC) >/dev/null 2>&1; then \
		echo 'error: make fuzz needs clang ($(FUZZ_CC) not found): apt-get install clang libclang-rt-dev' >&2; \
		exit 1; \
	fi
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
		>build-fuzz/probe.c
	@if ! $(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o build-fuzz/probe build-fuzz/probe.c \
		>build-fuzz/probe.log 2>&1; then \
		cat build-fuzz/probe.log >&2; \
		echo 'error: make fuzz needs the libFuzzer runtime of $(FUZZ_CC) (libclang_rt.fuzzer): apt-get install libclang-rt-dev' >&2; \
		exit 1; \
	fi
	@if [ '$(call sq,$(FUZZ_FLAGS))' != "$$(cat $@ 2>/dev/null)" ]; then \
		printf '%s\n' '$(call sq,$(FUZZ_FLAGS))' >$@; \
	fi

build-fuzz/%.o: %.c build-fuzz/.toolchain config-host.h
	@mkdir -p $(@D)
	$(QUIET_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) $(ISA_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	$(QUIET_AR)rm -f $@ && $(AR) rcs $@ $(FUZZ_LIB_OBJS)

build-fuzz/fuzz-%: build-fuzz/tests/fuzz/fuzz-%.o $(FUZZ_LIB) config-host.mak
	$(QUIET_LINK)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(LIBS)

-include $(FUZZ_LIB_OBJS:.o=.d) $(patsubst %.c,build-fuzz/%.d,$(FUZZ_SRCS))

# Kept, not removed as intermediates, so a rebuild links only.
.SECONDARY: $(patsubst %.c,build-fuzz/%.o,$(FUZZ_SRCS))

fuzz-build: $(FUZZ_BINS)

# The seed corpora, made from real files again whenever ./verio, a target
# or a seed changes; in between, each corpus keeps what its fuzzer added.
build-fuzz/corpus/.seeded: verio tests/fuzz/seed.sh $(FUZZ_SRCS) \
		$(wildcard tests/fuzz/corpus/*/*) $(wildcard examples/*.fio)
	$(Q)tests/fuzz/seed.sh $(CURDIR)/verio build-fuzz/corpus $(FUZZ_NAMES)
	@touch $@

fuzz-run-%: build-fuzz/fuzz-% build-fuzz/corpus/.seeded
	@mkdir -p build-fuzz/log build-fuzz/crash build-fuzz/corpus/$*
	@echo "  FUZZ    $* for $(FUZZ_TIME) s (log: build-fuzz/log/$*.log)"
	@if build-fuzz/fuzz-$* -max_total_time=$(FUZZ_TIME) -timeout=25 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix=build-fuzz/crash/$*- $(FUZZ_ARGS) \
		build-fuzz/corpus/$* </dev/null >build-fuzz/log/$*.log 2>&1; then \
		rc=0; else rc=$$?; fi; \
	awk -v n=$* -v rc=$$rc ' \
		/^stat::number_of_executed_units:/ { runs = $$2 } \
		/^stat::peak_rss_mb:/ { rss = $$2 } \
		/^Done [0-9]+ runs in [0-9]+ second/ { secs = $$5 } \
		/^INFO: seed corpus: files:/ { seeds = $$5 } \
		/^#[0-9]+.*(DONE|NEW|REDUCE).*cov:/ { cov = $$0; sub(/.*cov: /, "", cov); sub(/ .*/, "", cov) } \
		/^==[0-9]+==ERROR|^SUMMARY:|runtime error:|Test unit written to/ { print "    " $$0 } \
		END { printf "  fuzz-%s: %s runs in %s s, corpus of %s at start, coverage %s, peak rss %s MB, %s\n", \
			n, runs ? runs : "?", secs ? secs : "?", seeds ? seeds : "?", cov ? cov : "?", \
			rss ? rss : "?", rc ? "FAILED (exit " rc ")" : "0 crashes" }' build-fuzz/log/$*.log; \
	exit $$rc

fuzz: $(addprefix fuzz-run-,$(FUZZ_NAMES))

# ---- install and clean ---------------------------------------------------

install: all
	install -d '$(DESTDIR)$(BINDIR)'
	install -m 755 verio '$(DESTDIR)$(BINDIR)/verio'
	@if [ -f verio-mpi ]; then \
		echo "install -m 755 verio-mpi '$(DESTDIR)$(BINDIR)/verio-mpi'"; \
		install -m 755 verio-mpi '$(DESTDIR)$(BINDIR)/verio-mpi'; \
	fi
	@if [ -f docs/verio.1 ]; then \
		echo "install -d '$(DESTDIR)$(MANDIR)/man1'"; \
		install -d '$(DESTDIR)$(MANDIR)/man1' && \
		echo "install -m 644 docs/verio.1 '$(DESTDIR)$(MANDIR)/man1/verio.1'" && \
		install -m 644 docs/verio.1 '$(DESTDIR)$(MANDIR)/man1/verio.1'; \
	fi

uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/verio' '$(DESTDIR)$(BINDIR)/verio-mpi' '$(DESTDIR)$(MANDIR)/man1/verio.1'

# Unit test binaries are the extension-less executables in tests/unit/,
# including those whose source has since been removed.
clean:
	$(Q)rm -rf build build-fuzz .run verio verio-mpi
	$(Q)find tests/unit -maxdepth 1 -type f -name 'test-*' ! -name '*.*' -perm -u+x \
		-exec rm -f {} + 2>/dev/null || true

distclean: clean
	$(Q)rm -f config-host.h config-host.mak config.log

help:
	@echo 'targets:'
	@echo '  all (default)   build ./verio'
	@echo '  run             run ./verio $$(RUN_JOB) (examples/quick-start.fio) in .run/,'
	@echo '                  then show a verification failure on a copy (examples/show-failure.sh)'
	@echo '  test            unit + e2e tests, then "N passed, N failed, N skipped"'
	@echo '  unit-test       build and run tests/unit/test-*'
	@echo '  e2e-test        run tests/e2e/t*.sh (T=t0010 to filter by prefix)'
	@echo '  conformance     the full t0400 depth matrix, t08NN matrices of fio'"'"'s scripts and t1320'"'"'s 60 s run; with'
	@echo '                  FIO_SRC=<fio checkout>, fio'"'"'s own t/ scripts against ./verio'
	@echo '  bench           run tests/bench/run.sh'
	@echo '  fuzz            build the libFuzzer targets (clang) and run each FUZZ_TIME s'
	@echo '  fuzz-build      only build them (build-fuzz/fuzz-*); fuzz-run-NAME runs one'
	@echo '  check-headers   compile every header on its own'
	@echo '  check-layers    fail on an #include that points up the layers'
	@echo '  install         install to $$(DESTDIR)$$(PREFIX) (PREFIX from ./configure)'
	@echo '  uninstall, clean, distclean'
	@echo 'knobs: V=1  WERROR=1 (default when CI=true)  SANITIZE=address,undefined'
	@echo '       CC=  CFLAGS= (default -O2 -g)  LDFLAGS=  PREFIX=  DESTDIR='
	@echo '       UNIT_TIMEOUT=120  E2E_TIMEOUT=300  E2E_KEEP=1'
	@echo '       FUZZ_TIME=60  FUZZ_CC=clang  FUZZ_ARGS=  (make -j3 fuzz: targets side by side)'

.PHONY: all run test unit-test e2e-test conformance bench check-headers check-layers install uninstall \
	clean distclean help need-cmocka fuzz fuzz-build FORCE
FORCE:
