#!/usr/bin/env bash
# t0701: verify_only without a saved state, continued from t0700: numjobs
# clones with offset_increment each replay their own writes; a saved state
# is used instead of the replay; a workload that cannot be replayed
# (time_based, no writes) is checked by headers only and says so; and a
# verify_only job with verify_backlog walks the map (it checked nothing).
# shellcheck disable=SC2016,SC2086  # eval'd bodies; $J splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-replay.sh"
test_require_cmd python3

test_expect_success 'numjobs=2, offset_increment: each clone replays its own writes' '
	J="--name=r --filename=f --bs=4k --size=256k --rw=write:4096 --numjobs=2 \
	   --offset_increment=512k --verify=crc32c --verify_state_save=0"
	"$VERIO" $J --do_verify=0 >/dev/null
	"$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
	test "$(vsum v.json)" = "0 32 32 0 - / 0 32 32 0 -"
	test ! -s err
	test "$(json_get v.json "[jb[\"verify\"][\"verify_state\"][\"replay_units_written\"] for jb in j[\"jobs\"]]")" = "[32, 32]"
	poke f $((512 * 1024 + 8192 + 100))
	test_expect_code 1 "$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
	test "$(vsum v.json)" = "0 32 32 0 - / 84 32 32 1 $((512 * 1024 + 8192))"
	rm -f f
'

test_expect_success 'a saved state is used, not the replay' '
	J="--name=r --filename=f --bs=4k --size=256k --rw=write:4096 --verify=crc32c"
	"$VERIO" $J >/dev/null
	test -e r.0.verio-state
	"$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
	test "$(vsum v.json)" = "0 32 0 0 -"
	! grep -q "no saved verify state" err
	rm -f f r.0.verio-state
'

test_expect_success 'time_based writes cannot be replayed: headers only, and said so' '
	J="--name=r --filename=f --bs=4k --size=256k --rw=write --verify=crc32c \
	   --verify_state_save=0 --time_based --runtime=200ms"
	"$VERIO" $J --do_verify=0 >/dev/null
	"$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
	grep -q "no saved verify state, workload not replayable (time_based): checked headers only" err
	"$VERIO" --name=r --filename=f --bs=4k --size=256k --rw=read --verify=crc32c \
		--verify_only=1 --output-format=json >v.json 2>err
	test "$(vsum v.json)" = "0 64 0 0 -"
	grep -q "workload not replayable (the job has no writes): checked headers only" err
	rm -f f
'

test_expect_success 'verify_only with verify_backlog walks the whole map' '
	J="--name=r --filename=f --bs=4k --size=256k --rw=write --verify=crc32c --verify_backlog=8"
	"$VERIO" $J >/dev/null
	"$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
	test "$(vsum v.json)" = "0 64 0 0 -"
	rm -f f r.0.verio-state
'

test_done
