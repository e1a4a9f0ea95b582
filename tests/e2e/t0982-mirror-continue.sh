#!/usr/bin/env bash
# t0982: mirror_continue=1 reports every mismatching range, classified,
# and counts them (count, bytes) in the normal and JSON reports; without
# it the job stops at the first. Three ranges corrupted in three blocks:
# one flipped bit (bit_flips), two zeroed sectors next to each other (one
# range of 1024 bytes: zeroed), random bytes over a block's header sector
# (foreign).
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-mirror.sh"
test_require_cmd python3

for e in $(mirror_engines); do
	test_expect_success "$e: mirror_continue=1: three ranges, all reported and counted" '
		mirror_fresh
		mirror_write '"$e"'
		$CORRUPT zero t.img 402432 1024
		z=$(mirror_first_byte)
		test "$z" -lt 403456
		$CORRUPT flip t.img 100000 5
		$CORRUPT random t.img 802816 512 7
		test_expect_code 1 mirror_read '"$e"' --mirror_continue=1
		test "$(grep -c "^blkverify: read" err)" = 3
		grep -x "blkverify: read offset=98304 bytes=4096 contents mismatch at offset 100000" err
		grep -x "blkverify: read offset=401408 bytes=4096 contents mismatch at offset $z" err
		grep -x "blkverify: read offset=802816 bytes=4096 contents mismatch at offset 802816" err
		test "$(mirror_json "[\"reads\"]")" = 256
		test "$(mirror_json "[\"mismatches\"]")" = 3
		test "$(mirror_json "[\"mismatched_reads\"]")" = 3
		test "$(mirror_json "[\"mismatch_bytes\"]")" = 2048
		test "$(mirror_json "[\"first_mismatch_offset\"]")" = 100000
		test "$(json_get out.json "[(r[\"offset\"], r[\"length\"], r[\"class\"]) for r in sorted(j[\"jobs\"][0][\"mirror\"][\"ranges\"], key=lambda r: r[\"offset\"])]")" = \
			"[[99840, 512, \"bit_flips\"], [402432, 1024, \"zeroed\"], [802816, 512, \"foreign\"]]"
		grep "job .m.: 3 ranges differ from the mirror (2048 bytes)" err
		test -e t.img.mirror.98304.received && test -e t.img.mirror.401408.expected &&
			test -e t.img.mirror.802816.received
	'
done

test_expect_success 'the normal report counts them' '
	"$VERIO" --name=m --filename=t.img --mirror=r.img --rw=read --bs=4k --size=1m \
		--mirror_continue=1 >out 2>err || test $? = 1
	grep "^  mirror       : reads=256, bytes=1048576, mismatches=3 (2048 bytes in 3 reads), first at offset 100000" out
'

test_expect_success 'mirror_continue=0 (the default): only the first is reported, the job stops' '
	test_expect_code 1 mirror_read psync
	test "$(grep -c "^blkverify: read" err)" = 1
	test "$(mirror_json "[\"mismatches\"]")" = 1
	test "$(mirror_json "[\"reads\"]")" = 25
'

test_done
