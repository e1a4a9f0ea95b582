#!/usr/bin/env bash
# t0720: runs have identity (issue 8, item 7). A write run's data seed
# differs from the previous run's (randrepeat=1 still repeats the offsets)
# unless randseed= pins it; a 4k block saved from run A and put back after
# run B of the same job is caught by verify_only, without a state (the run
# is learnt from the headers) and with one (the state's seed is B's).
# shellcheck disable=SC2016,SC2086  # eval'd bodies; $J splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-replay.sh"
test_require_cmd python3

J0="--name=id --filename=f --bs=4k --size=1m --rw=randwrite --verify=crc32c"

# payload FILE: 256 bytes of sector 1 of the unit at 64k (no header there).
payload() {
	dd if="$1" bs=256 skip=$(((65536 + 512) / 256)) count=1 status=none | od -An -tx1
}

# block save|put FILE BLK: the 4k unit at 64k, to or from BLK.
block() {
	if [ $1 = save ]; then
		dd if="$2" of="$3" bs=4096 skip=16 count=1 status=none
	else
		dd if="$3" of="$2" bs=4096 seek=16 count=1 conv=notrunc status=none
	fi
}

test_expect_success 'two runs of one job write other data at the same offsets' '
	J="$J0 --verify_state_save=0 --norandommap=1"
	"$VERIO" $J >/dev/null
	u1=$(units f 1048576)
	payload f >a.txt
	rm f
	"$VERIO" $J >/dev/null
	test "$(units f 1048576)" = "$u1"
	payload f >b.txt
	! cmp -s a.txt b.txt
	rm -f f
'

test_expect_success 'randseed= pins the data seed' '
	J="$J0 --verify_state_save=0 --randseed=7"
	"$VERIO" $J >/dev/null
	payload f >a.txt
	"$VERIO" $J >/dev/null
	payload f >b.txt
	cmp a.txt b.txt
	rm -f f
'

test_expect_success 'an earlier run'"'"'s block put back: verify_only without state exits 1 there' '
	J="$J0 --verify_state_save=0"
	"$VERIO" $J >/dev/null
	block save f a.blk
	"$VERIO" $J >/dev/null
	! cmp -s a.blk <(dd if=f bs=4096 skip=16 count=1 status=none)
	"$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
	test "$(vsum v.json)" = "0 256 0 0 -"
	block put f a.blk
	test_expect_code 1 "$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
	test "$(vsum v.json)" = "84 256 0 1 65536"
	rm -f f a.blk
'

test_expect_success 'the same with pinned randseed (the run id tells them apart)' '
	J="$J0 --verify_state_save=0 --randseed=7"
	"$VERIO" $J >/dev/null
	block save f a.blk
	"$VERIO" $J >/dev/null
	block put f a.blk
	test_expect_code 1 "$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
	test "$(vsum v.json)" = "84 256 0 1 65536"
	rm -f f a.blk
'

test_expect_success 'an earlier run'"'"'s block put back: verify_only with the state exits 1 there' '
	"$VERIO" $J0 >/dev/null
	block save f a.blk
	"$VERIO" $J0 >/dev/null
	test -e id.0.verio-state
	block put f a.blk
	test_expect_code 1 "$VERIO" $J0 --verify_only=1 --output-format=json >v.json 2>err
	test "$(vsum v.json)" = "84 256 0 1 65536"
	! grep -q "no saved verify state" err
	rm -f f a.blk id.0.verio-state
'

test_done
