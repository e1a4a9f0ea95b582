#!/usr/bin/env bash
# t1044: `verio inspect` on bad input: bad arguments, and files that are
# not a verio dump, .json, state or history, each refused with exit 2 and
# a message naming the file and what it is not; a target that reads with
# an I/O error (an LD_PRELOAD shim makes pread(2) fail with EIO) exits 3;
# a consistent range exits 0.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-inspect.sh"
test_require_cmd python3

JOB="--name=w --filename=t.dat --size=64k --rw=write --verify=crc32c --bs=4k"

# bad MESSAGE ARGS...: `verio inspect ARGS` exits 2, stderr has MESSAGE.
bad() {
	local msg=$1
	shift
	test_expect_code 2 "$VERIO" inspect "$@" >out 2>err || return 1
	grep -qF -- "$msg" err || { echo "wanted: $msg" >&2; cat err >&2; return 1; }
}

test_expect_success 'set-up: a written file, its state, one dump' '
	"$VERIO" $JOB --write_history=h.vh >/dev/null
	cp t.dat good.dat
	$CORRUPT flip t.dat 5000 1
	test_expect_code 1 "$VERIO" $JOB --verify_only=1 --verify_dump=1 >/dev/null 2>&1
	test -f t.dat.4096.json
'

test_expect_success 'bad arguments' '
	bad "verio: inspect: nothing to inspect: give a dump, a bundle or --target"
	bad "verio: inspect: unknown option '\''--frobnicate'\''" --frobnicate t.dat.4096.received
	bad "verio: inspect: option '\''--output-format'\'': '\''xml'\'' is not normal or json" --output-format=xml t.dat.4096.received
	bad "verio: inspect: option '\''--rows'\'': '\''0'\'' is not a number of rows (1 or more)" --rows 0 t.dat.4096.received
	bad "verio: inspect: option '\''--rows'\'' wants a value" t.dat.4096.received --rows
	bad "verio: inspect: too many files: a dump takes FILE.received [FILE.expected]" a b c
	bad "verio: inspect: '\''--target'\'' needs '\''--offset'\'' and '\''--length'\''" --target t.dat
	bad "verio: inspect: '\''--target'\'' takes no file ('\''x'\'')" --target t.dat --offset 0 --length 4k x
	bad "verio: inspect: '\''--offset'\'', '\''--length'\'' and '\''--bs'\'' go with '\''--target'\''" --offset 0 t.dat.4096.received
	bad "verio: inspect: option '\''--length'\'': '\''4q'\'' is not a size" --target t.dat --offset 0 --length 4q
	bad "verio: inspect: option '\''--length'\'' is 0" --target t.dat --offset 0 --length 0
	bad "verio: inspect: bytes 61440-69631 are past the end of '\''t.dat'\'' (65536 bytes)" --target t.dat --offset 60k --length 8k
	bad "verio: inspect: cannot open target '\''nope'\''" --target nope --offset 0 --length 4k
	bad "verio: inspect: option '\''--bs'\'' (8192) is not the state'\''s verify unit (4096)" --target t.dat --offset 0 --length 8k --bs 8k --state w.0.verio-state
'

test_expect_success 'files that are not what they should be' '
	python3 -c "import random, sys; r = random.Random(5); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(4096)))" >noise.received
	bad "verio: inspect: '\''noise.received'\'' is not a verio dump: no verio header, no sector stamps and no .json beside it" noise.received
	head -c 100 t.dat >short.received
	bad "verio: inspect: '\''short.received'\'' is not a verio dump: 100 bytes, not a whole number of 512-byte sectors" short.received
	bad "verio: inspect: cannot read '\''missing.received'\'': No such file or directory" missing.received
	bad "verio: inspect: cannot read '\''.'\'': not a regular file" .
	head -c 8192 t.dat >big.expected
	bad "verio: inspect: '\''big.expected'\'' (8192 bytes) is not the expected side of '\''t.dat.4096.received'\'' (4096 bytes)" t.dat.4096.received big.expected
	cp t.dat.4096.received j.received
	echo "{ not json" >j.json
	bad "verio: inspect: '\''j.json'\'' is not a verio dump .json: not the shape of one" j.received
	cp noise.received fake.verio-state
	bad "verio: inspect: '\''fake.verio-state'\'' is not a verio state file: " --state fake.verio-state t.dat.4096.received
	bad "verio: inspect: '\''noise.received'\'' is not a readable verio write history: " --history noise.received t.dat.4096.received
	bad "verio: inspect: no verio header at offset 0 of '\''noise.received'\'': give --state (or --bs) to say what the units are" \
		--target noise.received --offset 0 --length 4k
'

test_expect_success 'consistent: exit 0, with and without the state' '
	"$VERIO" inspect --target good.dat --offset 0 --length 64k --state w.0.verio-state >out
	grep -q "^16 units consistent$" out
	"$VERIO" inspect --json --target good.dat --offset 4k --length 8k >out.json
	test "$(json_get out.json "j[\"consistent\"], j[\"exit_status\"], j[\"units_inspected\"], j[\"units\"]")" = "[true, 0, 2, []]"
	test_expect_code 1 "$VERIO" inspect --target t.dat --offset 0 --length 64k --state w.0.verio-state >out
	grep -q "^16 units inspected: 1 not consistent$" out
'

test_expect_success 'an unaligned range, verify_offset=1024: whole units, judged by their headers' '
	"$VERIO" --name=vo --filename=vo.dat --size=64k --rw=write --verify=crc32c --bs=4k \
		--verify_offset=1024 >/dev/null
	$CORRUPT flip vo.dat 9000 3
	test_expect_code 1 "$VERIO" inspect --target vo.dat --offset 9000 --length 1 >out
	grep -q "^target '\''vo.dat'\'': bytes 8192-12287 (1 unit of 4096 bytes, 512-byte sectors, crc32c), read with [a-z]* I/O, judged by the headers (no state)$" out
	grep -q "^unit at offset 8192 (4096 bytes) of '\''vo.dat'\'': bit flips (1 bits in 1 bytes, first at bit $(((9000 - 8192) * 8 + 3)) of the unit)$" out
	"$VERIO" inspect --target vo.dat --offset 6000 --length 100 >out
	grep -q "^1 unit consistent$" out
'

test_expect_success 'an I/O error reading the target: exit 3' '
	command -v cc >/dev/null || exit 0
	ldd "$VERIO" | grep -q libasan && exit 0
	cat >eio.c <<-"C"
	#define _GNU_SOURCE
	#include <dlfcn.h>
	#include <errno.h>
	#include <stdio.h>
	#include <stdlib.h>
	#include <string.h>
	#include <unistd.h>

	/* pread(2) of a file whose path ends in $EIO_PATH fails with EIO. */
	static int hit(int fd)
	{
		const char *want = getenv("EIO_PATH");
		char link[64], path[4096];
		ssize_t n;

		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, path, sizeof(path) - 1);
		if (!want || n < 0)
			return 0;
		path[n] = 0;
		return (size_t)n >= strlen(want) && !strcmp(path + n - strlen(want), want);
	}

	#define WRAP(f)								\
	ssize_t f(int fd, void *b, size_t l, off_t o)				\
	{									\
		ssize_t (*real)(int, void *, size_t, off_t) =			\
			(ssize_t (*)(int, void *, size_t, off_t))dlsym(RTLD_NEXT, #f); \
		if (hit(fd)) {							\
			errno = EIO;						\
			return -1;						\
		}								\
		return real(fd, b, l, o);					\
	}
	WRAP(pread)
	WRAP(pread64)
	C
	cc -shared -fPIC -o eio.so eio.c -ldl 2>/dev/null || exit 0
	test_expect_code 3 env LD_PRELOAD=$PWD/eio.so EIO_PATH=/good.dat "$VERIO" inspect \
		--target good.dat --offset 0 --length 8k --state w.0.verio-state >out 2>err
	grep -q "^verio: inspect: cannot read [0-9]* bytes at offset 0 of '\''good.dat'\'': Input/output error$" err
'

test_done
