#!/usr/bin/env bash
# t0984: a fault injected into the target mid-run (ioengine=faulty under
# mirror=) is caught at the first read of what it spoiled, with the right
# offset and class, exit 1; the reference side runs the engine below the
# filter, so it never takes the fault. An injected read error is an I/O
# error (exit 3), never a mismatch. On psync and every async engine.
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-mirror.sh"
test_require_cmd python3
engine_built faulty || test_skip "faulty is not built"

# fjob ENGINE RULE [OPTION...]: write 256 KiB in 4 KiB blocks through faulty
# over ENGINE, verified (a verify phase reads it all back), mirrored.
fjob() {
	local e=$1 rule=$2
	shift 2
	rm -f t.img r.img t.img.mirror.*
	# shellcheck disable=SC2046
	"$VERIO" --name=f --filename=t.img --mirror=r.img --rw=write --bs=4k --size=256k \
		--verify=crc32c $(mirror_opts "$e" | sed 's/--ioengine=/--faulty_engine=/') \
		--ioengine=faulty "--faulty_rule=$rule" --output-format=json "$@" >out.json 2>err
}

for e in $(mirror_engines); do
	test_expect_success "$e: the 20th write flipped on its way: caught at its first read" '
		test_expect_code 1 fjob '"$e"' "flip on=write nth=20 bit=8000"
		grep -x "blkverify: read offset=77824 bytes=4096 contents mismatch at offset 78824" err
		test "$(mirror_json "[\"mismatches\"]")" = 1
		test "$(mirror_json "[\"first_mismatch_offset\"]")" = 78824
		test "$(mirror_json "[\"ranges\"][0][\"class\"]")" = bit_flips
		# the reference took the write as it was meant
		cmp -l t.img r.img | wc -l | grep -qx 1
		cmp t.img.mirror.77824.expected <(dd if=r.img bs=4096 skip=19 count=1 2>/dev/null)
	'

	test_expect_success "$e: the 10th write dropped: zeroed at 36864" '
		test_expect_code 1 fjob '"$e"' "drop nth=10"
		grep -x "blkverify: read offset=36864 bytes=4096 contents mismatch at offset 36864" err
		test "$(mirror_json "[\"ranges\"][0][\"class\"]")" = zeroed
	'

	test_expect_success "$e: a read flipped in flight (the media is right): caught, exit 1" '
		test_expect_code 1 fjob '"$e"' "flip on=read nth=3 bit=8000"
		grep -x "blkverify: read offset=8192 bytes=4096 contents mismatch at offset 9192" err
		test "$(mirror_json "[\"ranges\"][0][\"class\"]")" = bit_flips
		cmp t.img r.img
	'

	test_expect_success "$e: a read error of the target is exit 3, not a mismatch" '
		test_expect_code 3 fjob '"$e"' "eio on=read nth=2"
		! grep blkverify err
		grep "read error on .t.img. at offset 4096" err
	'
done

test_done
