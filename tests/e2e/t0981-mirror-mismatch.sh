#!/usr/bin/env bash
# t0981: one sector of the target changed behind the job's back between a
# write job and a read job (both with mirror=): the read job reports the
# first differing byte exactly, in blkverify's words and in JSON, with
# the verifier's class of the range, dumps both sides of the read, and
# exits 1 — on psync and on every asynchronous engine built.
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-mirror.sh"
test_require_cmd python3

for e in $(mirror_engines); do
	test_expect_success "$e: a flipped bit at 8892: exit 1, offset, class, dumps" '
		mirror_fresh
		mirror_write '"$e"'
		$CORRUPT flip t.img 8892 3
		test_expect_code 1 mirror_read '"$e"'
		grep -x "blkverify: read offset=8192 bytes=4096 contents mismatch at offset 8892" err
		grep "mirror: .t.img. offset 8704, length 512 differs from reference .r.img. (first byte at 8892): bit_flips" err
		grep "verify failed at file .t.img. offset 8192" err
		test "$(mirror_json "[\"mismatches\"]")" = 1
		test "$(mirror_json "[\"mismatch_bytes\"]")" = 512
		test "$(mirror_json "[\"mismatched_reads\"]")" = 1
		test "$(mirror_json "[\"first_mismatch_offset\"]")" = 8892
		test "$(mirror_json "[\"ranges\"][0][\"offset\"]")" = 8704
		test "$(mirror_json "[\"ranges\"][0][\"length\"]")" = 512
		test "$(mirror_json "[\"ranges\"][0][\"request_offset\"]")" = 8192
		test "$(mirror_json "[\"ranges\"][0][\"first_diff_offset\"]")" = 8892
		test "$(mirror_json "[\"ranges\"][0][\"class\"]")" = bit_flips
		test "$(mirror_json "[\"ranges\"][0][\"dump_target\"]")" = ./t.img.mirror.8192.received
		test "$(mirror_json "[\"ranges\"][0][\"dump_reference\"]")" = ./t.img.mirror.8192.expected
		$CORRUPT cmp t.img 8192 t.img.mirror.8192.received
		$CORRUPT cmp r.img 8192 t.img.mirror.8192.expected
		! $CORRUPT cmp r.img 8192 t.img.mirror.8192.received
		# the job stopped at the first mismatch: nothing read after it
		test "$(mirror_json "[\"reads\"]")" -le 16
	'
done

test_expect_success 'without verify=: the same offset, not classified' '
	mirror_fresh
	mirror_write psync
	$CORRUPT zero t.img 20000 100
	first=$(mirror_first_byte)
	test "$first" -lt 20100
	test_expect_code 1 "$VERIO" --name=m --filename=t.img --mirror=r.img --rw=read --bs=8k \
		--size=1m --output-format=json >out.json 2>err
	grep -x "blkverify: read offset=16384 bytes=8192 contents mismatch at offset $first" err
	test "$(mirror_json "[\"ranges\"][0][\"class\"]")" = unclassified
	test "$(mirror_json "[\"ranges\"][0][\"offset\"]")" = 19968
	test "$(mirror_json "[\"ranges\"][0][\"length\"]")" = 512
'

test_expect_success 'a zeroed sector is classified zeroed; a zeroed header sector, foreign' '
	mirror_fresh
	mirror_write psync
	$CORRUPT zero t.img 66560 512
	test_expect_code 1 mirror_read psync
	test "$(mirror_json "[\"first_mismatch_offset\"]")" = "$(mirror_first_byte)"
	test "$(mirror_json "[\"ranges\"][0][\"offset\"]")" = 66560
	test "$(mirror_json "[\"ranges\"][0][\"class\"]")" = zeroed
	$CORRUPT zero t.img 65536 512
	test_expect_code 1 mirror_read psync
	test "$(mirror_json "[\"first_mismatch_offset\"]")" = 65536
	test "$(mirror_json "[\"ranges\"][0][\"class\"]")" = foreign
'

test_expect_success 'the reference changed, the target verifies: class target_ok, exit 1' '
	mirror_fresh
	mirror_write psync
	$CORRUPT flip r.img 4096 0
	test_expect_code 1 mirror_read psync
	grep -x "blkverify: read offset=4096 bytes=4096 contents mismatch at offset 4096" err
	test "$(mirror_json "[\"ranges\"][0][\"class\"]")" = target_ok
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
'

test_done
