#!/usr/bin/env bash
# t1074: a reread that itself fails is the verdict "error", with its errno,
# and the unit still fails with its first read's class (exit 1). The job
# reads through an asynchronous engine (no pread(2)); an LD_PRELOAD shim
# makes every pread(2) of the target fail with EIO, so only the reread
# (plain pread, never the job's engine) meets the fault.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
. "$SRCDIR/tests/e2e/lib-reread.sh"
test_require_cmd python3 cc
engine_built faulty || test_skip "faulty is not built"
engine=$(async_engines | cut -d" " -f1)
[ -n "$engine" ] || test_skip "neither libaio nor io_uring is built"
# A sanitized binary wants its runtime first: no preloaded shim then.
if ldd "$VERIO" | grep -q "libasan"; then
	test_skip "verio is built with ASan"
fi

# pread(2) and pread64(2) of a descriptor whose path ends in $SHIM_EIO
# fail with EIO; every other one is passed on.
cat >shim.c <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int faulted(int fd)
{
	const char *want = getenv("SHIM_EIO");
	char link[64], path[4096];
	size_t l, m;
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (!want || n < 0)
		return 0;
	path[n] = '\0';
	l = strlen(want);
	m = (size_t)n;
	return m >= l && !strcmp(path + m - l, want);
}

#define SHIM(name)							\
ssize_t name(int fd, void *buf, size_t len, off_t off)			\
{									\
	ssize_t (*real)(int, void *, size_t, off_t) =			\
		(ssize_t (*)(int, void *, size_t, off_t))dlsym(RTLD_NEXT, #name); \
	if (faulted(fd)) {						\
		errno = EIO;						\
		return -1;						\
	}								\
	return real(fd, buf, len, off);					\
}
SHIM(pread)
SHIM(pread64)
C
cc -shared -fPIC -O2 -o shim.so shim.c -ldl 2>cc.err || test_skip "cannot build the shim: $(cat cc.err)"

test_expect_success "a flip on the read, the reread fails (EIO): error, exit 1 ($engine)" '
	rm -f t.dat w.*.verio-state
	# shellcheck disable=SC2086
	test_expect_code 1 env LD_PRELOAD="$PWD/shim.so" SHIM_EIO=/t.dat "$VERIO" $FJOB \
		--faulty_engine=$engine --iodepth=4 --verify_dump=1 \
		--faulty_rule="flip on=read nth=3 bit=1000" --output-format=json >out.json 2>err
	incidents_are out.json 8192:bit_flips
	reread_is out.json 8192 error
	json_check out.json "v[\"incidents\"][0][\"reread_errno\"] == 5 and v[\"incidents\"][0][\"reread_error\"] == \"Input/output error\""
	grep -q "offset 8192, .*(error: the reread with the cache bypassed failed: Input/output error)$" err
	dump_reread_is t.dat.8192.json error
'

test_expect_success 'the shim leaves the job alone: without a fault the run is clean' '
	rm -f t.dat w.*.verio-state
	# shellcheck disable=SC2086
	env LD_PRELOAD="$PWD/shim.so" SHIM_EIO=/t.dat "$VERIO" $FJOB \
		--faulty_engine=$engine --iodepth=4 --output-format=json >out.json 2>err
	clean out.json
'

rm -f shim.so shim.c cc.err
test_done
