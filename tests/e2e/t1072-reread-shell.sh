#!/usr/bin/env bash
# t1072: reread triage in the io shell's verify. A bit flipped on the
# media (corrupt) is persistent, in the unit's line and the summary, batch
# exit 1; verify -N does not reread (no verdict), still exit 1; a clean
# range rereads nothing.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-reread.sh"

test_expect_success 'a flip on the media: persistent, exit 1' '
	truncate -s 1m s.img
	test_expect_code 1 "$VERIO" io -c "stamp 0 64k" -c "corrupt 5000 3" \
		-c "verify 0 64k" s.img >out
	grep -q "^verio: job .io.: verify failed at file .s.img. offset 4096, length 4096 .*: bit flips .*$TEXT_PERSISTENT$" out
	grep -qx "verified 65536/65536 bytes at offset 0: 16 units, 1 failed; bit_flips 1" out
	grep -qx "reread with the cache bypassed: persistent 1" out
'

test_expect_success 'with -d (O_DIRECT) and two units: both persistent' '
	truncate -s 1m s.img
	test_expect_code 1 "$VERIO" io -d -c "stamp 0 64k" -c "corrupt 5000 3" \
		-c "corrupt 20000 0" -c "verify 0 64k" s.img >out
	test "$(grep -c "$TEXT_PERSISTENT$" out)" = 2
	grep -qx "reread with the cache bypassed: persistent 2" out
'

test_expect_success 'verify -N: no reread, no verdict, still exit 1' '
	truncate -s 1m s.img
	test_expect_code 1 "$VERIO" io -c "stamp 0 64k" -c "corrupt 5000 3" \
		-c "verify -N 0 64k" s.img >out
	grep -q "verify failed at file .s.img. offset 4096" out
	! grep -q "reread" out
	grep -qx "verified 65536/65536 bytes at offset 0: 16 units, 1 failed; bit_flips 1" out
'

test_expect_success 'a clean range: nothing reread; help names -N' '
	truncate -s 1m s.img
	"$VERIO" io -c "stamp 0 64k" -c "verify 0 64k" s.img >out
	grep -qx "verified 65536/65536 bytes at offset 0: 16 units, 0 failed" out
	"$VERIO" io -c "help verify" s.img >out
	grep -q "^ verify \[-N\]" out
	grep -q "N does not reread" out
'

test_done
