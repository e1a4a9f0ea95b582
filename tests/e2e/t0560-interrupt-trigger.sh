#!/usr/bin/env bash
# t0560: fio's triggers. --trigger-file (seen, removed) and
# --trigger-timeout stop the run as SIGINT does: every job saves its
# verify state, then --trigger's command runs, and the run exits 4.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-interrupt.sh"
test_require_cmd python3

long_write="--name=w --filename=w.dat --size=8m --bs=4k --rw=randwrite --verify=crc32c
	--time_based --runtime=30 --eta=always --output-format=json"
verify_again="--name=w --filename=w.dat --size=8m --bs=4k --rw=randwrite --verify=crc32c
	--verify_only=1 --verify_state_load=1 --verify_state_required=1"
# The command sees the saved state: it runs after the jobs stopped.
cmd='test -s w.0.verio-state && touch marker'

test_expect_success 'trigger-file stops the run, removes the file, runs the command: exit 4' '
	trap bg_kill EXIT
	bg_verio out.json err $long_write --trigger-file=trig --trigger="$cmd"
	wait_for grep -q "Jobs: " err
	test ! -e marker
	touch trig
	bg_wait
	test "$bg_rc" = 4
	test -e marker
	test ! -e trig
	grep "verio: trigger-file: verify state saved, running .test -s w.0.verio-state && touch marker." err
	test "$(json_get out.json "j[\"interrupted\"]")" = true
	test "$(json_get out.json "j[\"interrupt_reason\"]")" = trigger-file
	test "$(json_get out.json "j[\"jobs\"][0][\"interrupted\"]")" = true
'

test_expect_success 'the state the trigger-file run saved verifies clean' '
	"$VERIO" $verify_again --output-format=json >again.json
	test "$(json_get again.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
	test "$(json_get again.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" -gt 0
'

test_expect_success 'trigger-timeout stops the run and runs the command: exit 4' '
	trap bg_kill EXIT
	rm -f marker w.dat w.0.verio-state
	bg_verio out.json err $long_write --trigger-timeout=1s --trigger="$cmd"
	bg_wait
	test "$bg_rc" = 4
	test -e marker
	test "$(json_get out.json "j[\"interrupt_reason\"]")" = trigger-timeout
	"$VERIO" $verify_again >again.out
	grep "failures=0" again.out
'

test_expect_success 'a run that ends before its trigger exits 0 and runs no command' '
	rm -f marker
	"$VERIO" --name=q --filename=q.dat --size=256k --rw=write --verify=crc32c \
		--trigger-timeout=10m --trigger-file=never --trigger="touch marker" \
		--output-format=json >out.json
	test ! -e marker
	test "$(json_get out.json "j[\"interrupted\"]")" = false
	test "$(json_get out.json "j[\"jobs\"][0][\"interrupted\"]")" = false
'

test_expect_success 'SIGINT is no trigger: the command does not run' '
	trap bg_kill EXIT
	rm -f marker
	bg_verio out.json err $long_write --trigger-file=trig --trigger="touch marker"
	wait_for grep -q "Jobs: " err
	kill -INT $bg_pid
	bg_wait
	test "$bg_rc" = 4
	test ! -e marker
'

test_expect_success 'a failing trigger command is reported; the run still exits 4' '
	trap bg_kill EXIT
	bg_verio out.json err $long_write --trigger-timeout=500ms --trigger="exit 3"
	bg_wait
	test "$bg_rc" = 4
	grep "verio: trigger command .exit 3. failed (status 3)" err
'

test_expect_success 'a later job of a triggered run never starts' '
	trap bg_kill EXIT
	bg_verio out.json err $long_write --trigger-timeout=1s \
		--name=later --stonewall --filename=l.dat --size=64k --rw=write
	bg_wait
	test "$bg_rc" = 4
	test ! -e l.dat
	test "$(json_get out.json "j[\"jobs\"][1][\"interrupted\"]")" = true
	test "$(json_get out.json "j[\"jobs\"][1][\"write\"][\"io_bytes\"]")" = 0
'

test_done
