#!/usr/bin/env bash
# t0310: real corruption injected into a verified file is found by a later
# verify_only run of the same job, at the right offset, with the right
# class, in the JSON report, on stderr and in the verify_dump files; and
# the options and failures around it (continue_on_error, verify_fatal, a
# short read, a saved state that does not fit or is damaged).
# shellcheck disable=SC2016,SC2034,SC2086,SC2119,SC2120  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
# The job: 256 units of 4k, each one block.
JOB="--name=w --filename=t.dat --size=1m --rw=write --verify=crc32c"
U=4096

# fresh [OPTION...]: a clean write+verify run of the job; clean.dat is its
# pristine copy.
fresh() {
	rm -f t.dat t.dat.* w.*.verio-state clean.dat
	"$VERIO" $JOB --bs=4k "$@" >/dev/null
	cp t.dat clean.dat
}

# again [OPTION...]: a second write run of the job, continuing the
# generations of the saved state (every unit becomes generation 2).
again() {
	"$VERIO" $JOB --bs=4k --verify_state_load=1 "$@" >/dev/null
	cp t.dat clean.dat
}

# verify_fail [OPTION...]: the verify_only run of the job, with dumps and
# JSON (out.json, err), must exit 1.
verify_fail() {
	rm -f t.dat.*
	test_expect_code 1 "$VERIO" $JOB --bs=4k --verify_only=1 --verify_dump=1 \
		--output-format=json "$@" >out.json 2>err
}

# incident FIELD...: print FIELD of the only incident, one a line, after
# checking the job's error (EILSEQ, 84) and that the counts agree.
incident() {
	json_one_incident out.json file=t.dat algorithm=crc32c "$@"
}

# text_says OFFSET LEN WHAT: stderr names the failing unit and its class.
text_says() {
	grep -qF "verio: job 'w': verify failed at file 't.dat' offset $1, length $2 (requested block: offset=$1, length=$2): $3" err
}

# dumps_of OFFSET LEN: the dump files of the unit exist, .received holds
# what the file holds there, and .json names the unit.
dumps_of() {
	test -s t.dat.$1.json
	test "$(stat -c %s t.dat.$1.received)" = "$2"
	test "$(stat -c %s t.dat.$1.expected)" = "$2"
	$CORRUPT cmp t.dat $1 t.dat.$1.received
	test "$(json_get t.dat.$1.json "j[\"offset\"]")" = "$1"
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"incidents\"][0][\"dump_received\"]")" = ./t.dat.$1.received
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"incidents\"][0][\"dump_expected\"]")" = ./t.dat.$1.expected
}

# expected_is_clean OFFSET LEN [SKIP...]: .expected equals the clean unit,
# but for the byte ranges SKIP (FROM-TO, unit-relative, TO excluded).
expected_is_clean() {
	python3 - clean.dat t.dat.$1.expected "$@" <<-'EOF'
	import sys
	clean, dump, off, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
	want = bytearray(open(clean, "rb").read()[off:off + n])
	got = bytearray(open(dump, "rb").read())
	assert len(got) == n, len(got)
	for r in sys.argv[5:]:
	    a, b = map(int, r.split("-"))
	    want[a:b] = got[a:b] = bytes(b - a)
	bad = [i for i in range(n) if want[i] != got[i]]
	assert not bad, "expected differs from the clean unit at %s" % bad[:32]
	EOF
}

# Unit header fields (docs/format.md) that a regenerated unit cannot know
# when the header it read is gone or is another one: the write time, and
# so the header crc over it.
WTIME=48-56
HCRC=60-64
# The run id is known to the job (from its state), so .expected carries it
# too; RUNID stays for the comparisons that skip it anyway.
RUNID=32-40

test_expect_success 'one flipped bit: bit_flips, 1 bit, where it is' '
	fresh
	$CORRUPT flip t.dat $((5 * U + 1000)) 3
	verify_fail
	test "$(incident offset length request_offset request_length class bad_bits bad_bytes first_bad_sector expected_generation | tr "\n" " ")" = \
		"20480 4096 20480 4096 bit_flips 1 1 1 1 "
	text_says 20480 4096 "bit flips (1 bits in 1 bytes, first at bit 8003 of the unit); crc32c expected"
	# sector 1 of the unit, byte 488 of it: bit 488 * 8 + 3
	grep -qF "verio:   sector 1 (offset 20992): bit flips, stamp offset 20992 generation 1, 1 bits differ (first at bit 3907)" err
	test "$(grep -c "^verio:   sector" err)" = 1
	grep -qF "verio: job '\''w'\'': 1 unit failed verification" err
	dumps_of 20480 4096
	# the header survived: .expected is the clean unit, byte for byte
	expected_is_clean 20480 4096
	test "$(json_get t.dat.20480.json "j[\"bad_bits\"]")" = 1
'

test_expect_success 'a flipped bit in the header: class header' '
	fresh
	$CORRUPT flip t.dat $((7 * U + 20)) 0
	verify_fail
	test "$(incident offset class | tr "\n" " ")" = "28672 header "
	text_says 28672 4096 header
	dumps_of 28672 4096
'

test_expect_success 'a zeroed 512-byte sector inside a unit: class zeroed, that sector' '
	fresh
	$CORRUPT zero t.dat $((8 * U + 1024)) 512
	verify_fail
	test "$(incident offset class first_bad_sector expected_generation | tr "\n" " ")" = \
		"32768 zeroed 2 1 "
	text_says 32768 4096 zeroed
	grep -qF "verio:   sector 2 (offset 33792): zeroed" err
	test "$(grep -c "^verio:   sector" err)" = 1
	dumps_of 32768 4096
	# the header (sector 0) survived
	expected_is_clean 32768 4096
'

test_expect_success 'a whole zeroed unit: class zeroed, every sector' '
	fresh
	$CORRUPT zero t.dat $((8 * U)) $U
	verify_fail
	test "$(incident offset class first_bad_sector | tr "\n" " ")" = "32768 zeroed 0 "
	text_says 32768 4096 "zeroed; crc32c expected (no header)"
	test "$(grep -c "^verio:   sector [0-7] (offset [0-9]*): zeroed" err)" = 8
	dumps_of 32768 4096
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"incidents\"][0][\"expected\"]")" = ""
	expected_is_clean 32768 4096 $WTIME $HCRC $RUNID
'

test_expect_success 'unit A copied over unit B: misdirected, from A' '
	fresh
	$CORRUPT copy t.dat $((3 * U)) $((9 * U)) $U
	verify_fail
	test "$(incident offset class found_offset found_generation expected_generation | tr "\n" " ")" = \
		"36864 misdirected 12288 1 1 "
	text_says 36864 4096 "misdirected (data of offset 12288 generation 1)"
	grep -qF "verio:   sector 7 (offset 40448): misdirected, stamp offset 15872 generation 1" err
	dumps_of 36864 4096
	# .received is unit A
	$CORRUPT cmp clean.dat $((3 * U)) t.dat.36864.received
	test "$(json_get t.dat.36864.json "j[\"found_offset\"]")" = 12288
	expected_is_clean 36864 4096 $WTIME $HCRC $RUNID
'

test_expect_success 'an older generation put back: stale, generation 1 of 2' '
	fresh
	$CORRUPT save t.dat $((6 * U)) $U gen1.bin
	again
	$CORRUPT cmp t.dat $((6 * U)) gen1.bin && exit 1
	$CORRUPT put t.dat $((6 * U)) gen1.bin
	verify_fail
	test "$(incident offset class found_generation expected_generation | tr "\n" " ")" = \
		"24576 stale 1 2 "
	text_says 24576 4096 "stale (generation 1, expected 2: a lost write; written by run "
	grep -qF "verio:   sector 0 (offset 24576): stale, stamp offset 24576 generation 1" err
	dumps_of 24576 4096
	$CORRUPT cmp t.dat $((6 * U)) gen1.bin
	# .expected: generation 2 of the unit; its header was regenerated from
	# the generation 1 header it read, so the write time is that one
	expected_is_clean 24576 4096 $WTIME $HCRC $RUNID
'

test_expect_success 'new first half, old second half of an 8k unit: torn at the half' '
	rm -f t.dat t.dat.* w.*.verio-state
	"$VERIO" $JOB --bs=8k >/dev/null
	$CORRUPT save t.dat $((3 * 8192 + 4096)) 4096 oldhalf.bin
	"$VERIO" $JOB --bs=8k --verify_state_load=1 >/dev/null
	cp t.dat clean.dat
	$CORRUPT put t.dat $((3 * 8192 + 4096)) oldhalf.bin
	rm -f t.dat.*
	test_expect_code 1 "$VERIO" $JOB --bs=8k --verify_only=1 --verify_dump=1 \
		--output-format=json >out.json 2>err
	test "$(incident offset length class torn_sector torn_offset found_generation expected_generation first_bad_sector | tr "\n" " ")" = \
		"24576 8192 torn 8 28672 1 2 8 "
	text_says 24576 8192 "torn (from sector 8 at offset 28672 generation 1, before it 2)"
	test "$(grep -c "^verio:   sector" err)" = 8
	grep -qF "verio:   sector 8 (offset 28672): stale, stamp offset 28672 generation 1" err
	dumps_of 24576 8192
	# the header (generation 2) survived
	expected_is_clean 24576 8192
'

test_expect_success 'random bytes over a unit: foreign' '
	fresh
	$CORRUPT random t.dat $((9 * U)) $U 7
	verify_fail
	test "$(incident offset class | tr "\n" " ")" = "36864 foreign "
	text_says 36864 4096 "foreign; crc32c expected (no header)"
	test "$(grep -c "^verio:   sector [0-7] (offset [0-9]*): foreign" err)" = 8
	dumps_of 36864 4096
	expected_is_clean 36864 4096 $WTIME $HCRC $RUNID
'

test_expect_success 'the file restored: verify_only passes again' '
	cp clean.dat t.dat
	rm -f t.dat.*
	"$VERIO" $JOB --bs=4k --verify_only=1 --verify_dump=1 --output-format=json >out.json 2>err
	test "$(json_get out.json "[j[\"jobs\"][0][k] for k in (\"error\",)] + [j[\"jobs\"][0][\"verify\"][k] for k in (\"units\", \"failures\")]")" = "[0, 256, 0]"
	test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"io_bytes\"]")" = 1048576	# dry, as fio
	test ! -s err
	test -z "$(ls t.dat.* 2>/dev/null)"
'

# Two bad units, far apart: 1 and 100.
two_bad() {
	fresh
	$CORRUPT flip t.dat $((1 * U + 904)) 1
	$CORRUPT zero t.dat $((100 * U)) $U
}

test_expect_success 'default: every failing unit is reported, exit 1' '
	two_bad
	verify_fail
	test "$(json_get out.json "[(i[\"offset\"], i[\"class\"]) for i in j[\"jobs\"][0][\"verify\"][\"incidents\"]]")" = \
		"[[4096, \"bit_flips\"], [409600, \"zeroed\"]]"
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" = 256
'

test_expect_success 'continue_on_error=verify still exits 1, with both failures' '
	two_bad
	verify_fail --continue_on_error=verify
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 2
	test "$(json_get out.json "j[\"jobs\"][0][\"error\"]")" = 84
	grep -qF "2 units failed verification" err
'

test_expect_success 'verify_fatal=1 stops at the first failure' '
	two_bad
	verify_fail --verify_fatal=1
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 1
	test "$(json_get out.json "[i[\"offset\"] for i in j[\"jobs\"][0][\"verify\"][\"incidents\"]]")" = "[4096]"
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" -lt 256
	test "$(grep -c "verify failed at" err)" = 1
	test ! -e t.dat.409600.received
'

test_expect_success 'a clean write+verify run with verify_dump=1 dumps nothing' '
	fresh --verify_dump=1
	test -z "$(ls t.dat.* 2>/dev/null)"
'

# A short read in the verify phase: an LD_PRELOAD shim truncates the file
# at the first read the process makes of it, that is right after the
# write phase (or at once in a verify_only run).
have_shim=
if command -v cc >/dev/null 2>&1; then
	cat >shim.c <<-'EOF'
	#define _GNU_SOURCE
	#include <dlfcn.h>
	#include <limits.h>
	#include <stdio.h>
	#include <stdlib.h>
	#include <string.h>
	#include <unistd.h>

	static int done;

	static void maybe_truncate(int fd)
	{
		const char *name = getenv("SHIM_TRUNC_FILE");
		const char *len = getenv("SHIM_TRUNC_LEN");
		char link[64], path[PATH_MAX];
		ssize_t n;
		size_t l;

		if (done || !name || !len)
			return;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, path, sizeof(path) - 1);
		if (n < 0)
			return;
		path[n] = 0;
		l = strlen(name);
		if ((size_t)n < l || strcmp(path + n - l, name))
			return;
		done = 1;
		if (truncate(path, strtoll(len, NULL, 0)) < 0)
			perror("shim: truncate");
	}

	#define WRAP(fn, ...) \
		static ssize_t (*real)(); \
		if (!real) \
			real = (ssize_t (*)())dlsym(RTLD_NEXT, #fn); \
		maybe_truncate(fd); \
		return real(__VA_ARGS__)

	ssize_t read(int fd, void *buf, size_t n) { WRAP(read, fd, buf, n); }
	ssize_t pread(int fd, void *buf, size_t n, off_t off) { WRAP(pread, fd, buf, n, off); }
	ssize_t pread64(int fd, void *buf, size_t n, off_t off) { WRAP(pread64, fd, buf, n, off); }
	EOF
	cc -shared -fPIC -o shim.so shim.c -ldl 2>/dev/null && have_shim=1
fi

# with_shim LEN CMD...: run CMD with t.dat truncated to LEN at its first read.
with_shim() {
	local len=$1
	shift
	SHIM_TRUNC_FILE=/t.dat SHIM_TRUNC_LEN=$len LD_PRELOAD=$PWD/shim.so \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$@"
}

if [ -n "$have_shim" ]; then
	for engine in sync psync; do
		test_expect_success "a short read in the verify phase ($engine): exit 3, not corruption" '
			rm -f t.dat w.*.verio-state
			test_expect_code 3 with_shim $((512 * 1024 + 100)) "$VERIO" $JOB --bs=4k \
				--ioengine=$engine --output-format=json >out.json 2>err
			test "$(stat -c %s t.dat)" = $((512 * 1024 + 100))
			grep -qF "read error on '\''t.dat'\'' at offset 524288, length 4096" err
			! grep -q "verify failed" err
			test "$(json_get out.json "j[\"jobs\"][0][\"error\"]")" = 61
			test "$(json_get out.json "[j[\"jobs\"][0][\"verify\"][k] for k in (\"units\", \"failures\")]")" = "[128, 0]"
			test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"incidents\"]")" = "[]"
		'
	done
	test_expect_success 'a short read in a verify_only run: exit 3, not corruption' '
		fresh
		test_expect_code 3 with_shim 300000 "$VERIO" $JOB --bs=4k --verify_only=1 \
			--output-format=json >out.json 2>err
		grep -qF "read error on '\''t.dat'\'' at offset 299008, length 4096" err
		! grep -q "verify failed" err
		test "$(json_get out.json "[j[\"jobs\"][0][\"verify\"][k] for k in (\"units\", \"failures\")]")" = "[73, 0]"
	'
else
	echo "# no C compiler: the short-read tests did not run"
fi

# Regression (fixed): a verify_only run laid out a target shorter than the job's
# region: it writes zeros up to the region's end (src/run/target.c
# open_file -> layout_file, fill because the job reads), then reports the
# zeros it wrote itself as 81 units of class zeroed. verify_only is
# documented as "Do not write"; the short file should give a short read.
test_expect_success 'verify_only does not write to a truncated target (short read, exit 3)' '
	fresh
	truncate -s 700k t.dat
	rc=0
	"$VERIO" $JOB --bs=4k --verify_only=1 --output-format=json >out.json 2>err || rc=$?
	test "$(stat -c %s t.dat)" = $((700 * 1024))
	test "$rc" = 3
	! grep -q "verify failed" err
'

test_expect_success 'a saved state for another block size: exit 2, says what differs' '
	fresh
	test_expect_code 2 "$VERIO" $JOB --bs=8k --verify_only=1 --output-format=json >out.json 2>err
	grep -qF "verio: job '\''w'\'': saved verify state does not match this job: unit length: saved 4096, wanted 8192" err
	test_expect_code 2 "$VERIO" $JOB --bs=4k --verify=md5 --verify_only=1 2>err
	grep -qF "algorithm: saved crc32c" err
	# a write run that loads it is refused just the same, and writes nothing
	test_expect_code 2 "$VERIO" $JOB --bs=8k --verify_state_load=1 2>err
	grep -qF "unit length: saved 4096, wanted 8192" err
	cmp t.dat clean.dat
'

test_expect_success 'a damaged state file (one byte flipped): exit 2' '
	fresh
	cp w.0.verio-state good.state
	$CORRUPT flip w.0.verio-state 80 2
	test_expect_code 2 "$VERIO" $JOB --bs=4k --verify_only=1 --output-format=json >out.json 2>err
	grep -qF "cannot load verify state '\''w.0.verio-state'\''" err
	grep -q "damaged" err
	# cut short
	head -c 100 good.state >w.0.verio-state
	test_expect_code 2 "$VERIO" $JOB --bs=4k --verify_only=1 2>err
	grep -qF "cannot load verify state" err
	# the good one still works
	cp good.state w.0.verio-state
	"$VERIO" $JOB --bs=4k --verify_only=1 >/dev/null
'

# state_run_id FILE: the run id saved in a verify state (bytes 32..39).
state_run_id() {
	python3 -c "import struct, sys; print(struct.unpack_from('<Q', open(sys.argv[1], 'rb').read(), 32)[0])" "$1"
}

# unit_run_id FILE OFFSET: the run id in the header of the unit at OFFSET.
unit_run_id() {
	python3 -c "import struct, sys; print(struct.unpack_from('<Q', open(sys.argv[1], 'rb').read(), int(sys.argv[2]) + 32)[0])" "$1" "$2"
}

test_expect_success 'a write run stamps its run id into every header and the state' '
	fresh
	id=$(state_run_id w.0.verio-state)
	test "$id" != 0
	test "$(unit_run_id t.dat 0)" = "$id"
	test "$(unit_run_id t.dat $((255 * U)))" = "$id"
'

# Regression (fixed): adopt_state() (today src/verify/vstate-glue.c) took the seed and the maps of
# the loaded state but not its run id: the run id stayed 0.  Runs have
# identity now: a rewrite run stamps and saves its own (non-zero) run id,
# and the state's runs table keeps the first run's for its units.
test_expect_success 'a write run with verify_state_load stamps and saves its own run id' '
	fresh
	id=$(state_run_id w.0.verio-state)
	again
	id2=$(state_run_id w.0.verio-state)
	test "$id2" != 0
	test "$id2" != "$id"
	test "$(unit_run_id t.dat 0)" = "$id2"
'

# Regression (fixed): dump_unit() (today incident_dump(), src/verify/incident.c) built .expected from the header
# it read only when that header names this unit; otherwise the run id (and
# the job index and clone) stay 0 instead of the job's own.
test_expect_success 'the .expected of a unit without its header has the run id of the state' '
	fresh
	id=$(state_run_id w.0.verio-state)
	$CORRUPT zero t.dat $((8 * U)) $U
	verify_fail
	test "$(unit_run_id t.dat.32768.expected 0)" = "$id"
'

test_done
