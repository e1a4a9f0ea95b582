#!/usr/bin/env bash
# t1040: `verio inspect` on the dumps of every corruption class (bit
# flips, zeroed, stale, newer, misdirected, torn, foreign, header) names
# the class, the unit's offset and the generations (expected, found) right,
# with and without the .expected file, agrees with the run's verdict, and
# says where the expected bytes came from.  Faults as in t0312 (corrupt.py,
# then a verify_only run with verify_dump=1).
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-inspect.sh"
test_require_cmd python3

JOB="--name=w --filename=t.dat --size=64k --rw=write --verify=crc32c --bs=4k"
FIELDS="class recorded_class offset expected_generation found_offset found_generation"

fresh() {
	rm -f t.dat t.dat.* w.*.verio-state
}

# dumped [JOB OPTION...]: the verify_only run with dumps; must fail.
dumped() {
	test_expect_code 1 "$VERIO" $JOB "$@" --verify_only=1 --verify_dump=1 >/dev/null 2>&1
}

# both PREFIX WANT [OPTION...]: inspect PREFIX.received alone (with the
# OPTIONs) and with PREFIX.expected; the fields of both are WANT, exit 1;
# without the file the expected bytes are regenerated.
both() {
	local p=$1 want=$2
	shift 2
	test "$(inspect_unit 1 "$FIELDS expected.bytes" $p.received "$@")" = "$want regenerated"
	test "$(inspect_unit 1 "$FIELDS expected.bytes" $p.received $p.expected)" = "$want file"
	test_expect_code 1 "$VERIO" inspect $p.received "$@" >out.txt
	grep -q "expected bytes: regenerated, of the write expected above (no expected file given)" out.txt
	test_expect_code 1 "$VERIO" inspect $p.received $p.expected >out2.txt
	grep -qF "expected bytes: from '$p.expected'" out2.txt
}

test_expect_success 'bit flips: the flipped bit and its sector' '
	fresh
	"$VERIO" $JOB >/dev/null
	$CORRUPT flip t.dat $((4096 + 3 * 512 + 100)) 2
	dumped
	both t.dat.4096 "bit_flips bit_flips 4096 1 4096 1"
	test "$(inspect_unit 1 "bad_bits first_bad_bit first_bad_sector_offset sectors" t.dat.4096.received | cut -d" " -f1-3)" = \
		"1 $(((3 * 512 + 100) * 8 + 2)) 5632"
	grep -q "^unit at offset 4096 (4096 bytes) of '\''t.dat'\'': bit flips (1 bits in 1 bytes, first at bit $(((3 * 512 + 100) * 8 + 2)) of the unit)$" out.txt
	grep -q "^    sector 3 (offset 5632): bit flips; should hold generation 1 of offset 5632; holds generation 1 of offset 5632; 1 bits differ in 1 bytes (first at bit $((100 * 8 + 2)))$" out.txt
	grep -q "^  differing rows (1 of 256)" out.txt
'

test_expect_success 'zeroed: a whole unit, and one sector' '
	fresh
	"$VERIO" $JOB >/dev/null
	$CORRUPT zero t.dat 8192 4096
	$CORRUPT zero t.dat $((32768 + 512)) 512
	dumped
	# no header, no stamp: the data seed comes from the state
	both t.dat.8192 "zeroed zeroed 8192 1 None None" --state w.0.verio-state
	grep -q "^    sectors 0-7 (offsets 8192-12287): zeroed; should hold generation 1 of their offsets; hold zeroes ([0-9]* bits differ)$" out.txt
	grep -q "(the saved state'"'"'s runs)$" out.txt
	test_expect_code 1 "$VERIO" inspect t.dat.8192.received >out.txt
	grep -q "^  expected bytes: cannot be regenerated (no data seed or generation known)$" out.txt
	grep -q "^  header: none" out.txt
	both t.dat.32768 "zeroed zeroed 32768 1 32768 1"
	grep -q "^    sector 1 (offset 33280): zeroed; should hold generation 1 of offset 33280; holds zeroes" out.txt
'

test_expect_success 'stale: an older copy put back (generation 1 under 2)' '
	fresh
	"$VERIO" $JOB >/dev/null
	$CORRUPT save t.dat 20480 4096 old.bin
	"$VERIO" $JOB --verify_state_load=1 >/dev/null
	$CORRUPT put t.dat 20480 old.bin
	dumped
	both t.dat.20480 "stale stale 20480 2 20480 1"
	grep -q "^unit at offset 20480 (4096 bytes) of '\''t.dat'\'': stale (generation 1, expected 2: a lost write)$" out.txt
	grep -q "^    sectors 0-7 (offsets 20480-24575): stale; should hold generation 2 of their offsets; hold generation 1 of their offsets$" out.txt
'

test_expect_success 'newer: data newer than the saved map' '
	fresh
	"$VERIO" $JOB >/dev/null
	cp w.0.verio-state run1.state
	"$VERIO" $JOB --verify_state_load=1 >/dev/null
	cp run1.state w.0.verio-state
	dumped
	both t.dat.0 "newer newer 0 1 0 2"
	grep -q "^unit at offset 0 (4096 bytes) of '\''t.dat'\'': newer than recorded (generation 2, recorded 1: " out.txt
'

test_expect_success 'misdirected: the data of offset 0 at 12288' '
	fresh
	"$VERIO" $JOB >/dev/null
	$CORRUPT copy t.dat 0 12288 4096
	dumped
	both t.dat.12288 "misdirected misdirected 12288 1 0 1"
	grep -q "^unit at offset 12288 (4096 bytes) of '\''t.dat'\'': misdirected (data of offset 0 generation 1)$" out.txt
	grep -q "^    sectors 0-7 (offsets 12288-16383): misdirected; should hold generation 1 of their offsets; hold generation 1 of offsets 0-4095$" out.txt
'

test_expect_success 'torn: a write torn inside one 512-byte sector' '
	fresh
	"$VERIO" $JOB --randseed=42 --bs=512 >/dev/null
	$CORRUPT save t.dat $((7 * 512 + 200)) 312 oldtail.bin
	"$VERIO" $JOB --randseed=42 --bs=512 --verify_state_load=1 >/dev/null
	$CORRUPT put t.dat $((7 * 512 + 200)) oldtail.bin
	dumped --randseed=42 --bs=512
	both t.dat.3584 "torn torn 3584 2 3584 1"
	test "$(inspect_unit 1 "torn_offset torn_generation_before" t.dat.3584.received)" = "3784 2"
	grep -q "^    sector 0 (offset 3584): torn; should hold generation 2 of offset 3584; holds generation 1 of offset 3584; torn at byte 200 (offset 3784): generation 2 before, 1 from there$" out.txt
'

test_expect_success 'foreign: 512 random bytes over a 4k sector stamp' '
	fresh
	"$VERIO" $JOB --bs=8k --verify_sector_size=4k >/dev/null
	$CORRUPT random t.dat $((8192 + 8192 - 512)) 512 5
	dumped --bs=8k --verify_sector_size=4k
	both t.dat.8192 "foreign foreign 8192 1 8192 1"
	grep -q "^    sector 1 (offset 12288): foreign; should hold generation 1 of offset 12288; holds no valid stamp" out.txt
	grep -q "^dump '\''t.dat.8192.received'\'': 8192 bytes, 1 unit of 8192 bytes, 4096-byte sectors, crc32c; .json beside it$" out.txt
'

test_expect_success 'header: one bit of the header, every sector as written' '
	fresh
	"$VERIO" $JOB >/dev/null
	$CORRUPT flip t.dat $((16384 + 20)) 1
	dumped
	both t.dat.16384 "header header 16384 1 16384 1"
	grep -q "^unit at offset 16384 (4096 bytes) of '\''t.dat'\'': header (every sector as written; the header or digest is not: header crc mismatch: the header is damaged)$" out.txt
	grep -q "^  header (damaged, crc mismatch: fields as found): offset 8589950976, generation 1," out.txt
	# the damaged header'\''s seed, confirmed by the stamps, judges the sectors
	grep -q "the seed of the damaged header (confirmed by the stamps)" out.txt
	grep -q "^    sectors 0-7 (offsets 16384-20479): ok, generation 1$" out.txt
'

test_expect_success 'without the .json: geometry, offset and generation from the header' '
	fresh
	"$VERIO" $JOB >/dev/null
	$CORRUPT flip t.dat $((4096 + 100)) 0
	dumped
	mkdir -p alone
	cp t.dat.4096.received alone/x.received
	test "$(inspect_unit 1 "$FIELDS expected.source" alone/x.received)" = \
		"bit_flips None 4096 1 4096 1 the unit'\''s header"
'

test_done
