#!/usr/bin/env bash
# t0810: fio's verify_write_sequence=0 and verify_header_seed=0 each turn
# off exactly one header check: an older generation of the unit's offset
# (put back after a rewrite) fails as stale by default and passes without
# the write-sequence check; a unit of another run (another seed) fails by
# default and passes without the seed check; the checksum still decides
# (a flipped bit fails either way, at its offset).
# shellcheck disable=SC2016,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
JOB="--name=w --filename=t.dat --size=64k --rw=write --verify=crc32c --bs=4k"

incident() {
	json_one_incident out.json file=t.dat "$@"
}

# verify_only of the job: JSON on out.json, stderr on err.
vonly() {
	"$VERIO" $JOB --verify_only=1 --output-format=json "$@" >out.json 2>err
}

test_expect_success 'setup: an older copy of the unit at 20480 put back after a rewrite' '
	"$VERIO" $JOB >/dev/null &&
	$CORRUPT save t.dat 20480 4096 old.bin &&
	"$VERIO" $JOB >/dev/null &&
	$CORRUPT put t.dat 20480 old.bin
'

test_expect_success 'default (verify_write_sequence=1): stale at 20480, exit 1' '
	test_expect_code 1 vonly &&
	test "$(incident offset class found_generation expected_generation | tr "\n" " ")" = "20480 stale 1 2 "
'

for mode in checksum compare; do
	test_expect_success "verify_write_sequence=0 (verify_mode=$mode): the older generation passes, exit 0" '
		vonly --verify_write_sequence=0 --verify_mode='$mode' &&
		test ! -s err &&
		json_check out.json "v[\"failures\"] == 0 and v[\"units\"] == 16"
	'
done

test_expect_success 'verify_header_seed=0 alone does not pass the stale unit' '
	test_expect_code 1 vonly --verify_header_seed=0 &&
	test "$(incident offset class | tr "\n" " ")" = "20480 stale "
'

test_expect_success 'verify_write_sequence=0: a flipped bit in the older unit still fails at its offset' '
	$CORRUPT flip t.dat 21000 3 &&
	test_expect_code 1 vonly --verify_write_sequence=0 &&
	test "$(incident offset | tr "\n" " ")" = "20480 " &&
	json_check out.json "v[\"failures\"] == 1"
'

test_expect_success 'setup: a unit of another run (randseed=1) put into a randseed=2 file' '
	rm -f t.dat w.0.verio-state* &&
	"$VERIO" $JOB --randseed=1 >/dev/null &&
	$CORRUPT save t.dat 20480 4096 a.bin &&
	rm -f w.0.verio-state* &&
	"$VERIO" $JOB --randseed=2 >/dev/null &&
	$CORRUPT put t.dat 20480 a.bin
'

test_expect_success 'default (verify_header_seed=1): from another run at 20480, exit 1' '
	test_expect_code 1 vonly --randseed=2 &&
	test "$(incident offset class | tr "\n" " ")" = "20480 other_run "
'

test_expect_success 'verify_write_sequence=0 alone does not pass it' '
	test_expect_code 1 vonly --randseed=2 --verify_write_sequence=0 &&
	test "$(incident offset | tr "\n" " ")" = "20480 "
'

test_expect_success 'verify_header_seed=0: the other seed passes, exit 0' '
	vonly --randseed=2 --verify_header_seed=0 &&
	test ! -s err &&
	json_check out.json "v[\"failures\"] == 0 and v[\"units\"] == 16"
'

test_expect_success 'verify_header_seed=0: a flipped bit still fails at its offset' '
	$CORRUPT flip t.dat 25000 0 &&
	test_expect_code 1 vonly --randseed=2 --verify_header_seed=0 &&
	test "$(incident offset class | tr "\n" " ")" = "24576 bit_flips "
'

test_expect_success 'a write+verify job with both checks off verifies clean (exit 0)' '
	"$VERIO" --name=o --filename=o.dat --size=256k --rw=randwrite --norandommap=1 \
		--verify=md5 --verify_write_sequence=0 --verify_header_seed=0 \
		--output-format=json >o.json &&
	json_check o.json "v[\"failures\"] == 0 and v[\"units\"] > 0"
'

test_done
