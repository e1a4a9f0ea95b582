#!/usr/bin/env bash
# t0550: a run stopped by SIGINT or SIGTERM never exits 0: 4 (interrupted),
# or 1 when a verification failure was found first. Write jobs still save
# their verify state, and that state verifies clean afterwards.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-interrupt.sh"
test_require_cmd python3

# A write+verify job far longer than the test waits; the first progress
# line ("Jobs: ...") says it runs.
long_write="--name=w --filename=w.dat --size=8m --bs=4k --rw=randwrite --verify=crc32c
	--time_based --runtime=30 --eta=always"
verify_again="--name=w --filename=w.dat --size=8m --bs=4k --rw=randwrite --verify=crc32c
	--verify_only=1 --verify_state_load=1 --verify_state_required=1"

for sig in INT TERM; do
	test_expect_success "SIG$sig mid write+verify: exit 4, JSON says interrupted" '
		trap bg_kill EXIT
		rm -f w.dat w.0.verio-state
		bg_verio out.json err $long_write --output-format=json
		wait_for grep -q "Jobs: " err
		kill -'$sig' $bg_pid
		bg_wait
		test "$bg_rc" = 4
		grep "verio: interrupted (signal SIG'$sig'), jobs stopped" err
		test "$(json_get out.json "j[\"interrupted\"]")" = true
		test "$(json_get out.json "j[\"interrupt_reason\"]")" = "signal SIG'$sig'"
		test "$(json_get out.json "j[\"jobs\"][0][\"interrupted\"]")" = true
		test "$(json_get out.json "j[\"jobs\"][0][\"error\"]")" = 0
		test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"io_bytes\"] > 0")" = true
	'

	test_expect_success "the state SIG$sig saved verifies clean (exit 0)" '
		test -s w.0.verio-state
		"$VERIO" $verify_again --output-format=json >again.json
		test "$(json_get again.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
		test "$(json_get again.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" -gt 0
		test "$(json_get again.json "j[\"jobs\"][0][\"verify\"][\"verify_state\"][\"loaded\"]")" = true
		test "$(json_get again.json "j[\"interrupted\"]")" = false
	'
done

test_expect_success 'SIGINT during verify_only: exit 4, the report says how much was verified' '
	trap bg_kill EXIT
	"$VERIO" --name=v --filename=v.dat --size=4m --bs=4k --rw=write --verify=crc32c \
		--do_verify=0 >/dev/null
	bg_verio out err --name=v --filename=v.dat --size=4m --bs=4k --rw=write \
		--verify=crc32c --verify_only=1 --time_based --runtime=30 --eta=always
	wait_for grep -q "Jobs: " err
	kill -INT $bg_pid
	bg_wait
		test "$bg_rc" = 4
	grep -E "^  interrupted \(signal SIGINT\): verified [1-9][0-9]* (of 1024 units|units \(a full pass checks 1024\))$" out
	grep "^  checked      : against the saved generation map loaded from .v.0.verio-state.$" out
	grep "^Run interrupted (signal SIGINT)" out
'

for sig in INT TERM; do
	test_expect_success "SIG$sig after a corruption was found: exit 1, not 4" '
		trap bg_kill EXIT
		rm -f c.dat c.0.verio-state
		"$VERIO" --name=c --filename=c.dat --size=1m --bs=4k --rw=write \
			--verify=crc32c --do_verify=0 >/dev/null
		flip_byte c.dat $((8192 + 1000))
		bg_verio out.json err --name=c --filename=c.dat --size=1m --bs=4k \
			--rw=write --verify=crc32c --verify_only=1 --time_based --runtime=30 \
			--output-format=json
		wait_for grep -q "verify failed at file .c.dat. offset 8192," err
		kill -'$sig' $bg_pid
		bg_wait
		test "$bg_rc" = 1
		test "$(json_get out.json "j[\"interrupted\"]")" = true
		test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"incidents\"][0][\"offset\"]")" = 8192
		test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"incidents\"][0][\"class\"]")" = bit_flips
	'
done

test_expect_success 'SIGINT after I/O errors: exit 3 (an error outranks the interruption)' '
	trap bg_kill EXIT
	bg_verio out.json err --name=full --filename=/dev/full --size=64k --rw=write \
		--continue_on_error=write --time_based --runtime=30 --output-format=json \
		--eta=always
	wait_for grep -q "Jobs: " err
	kill -INT $bg_pid
	bg_wait
	test "$bg_rc" = 3
	test "$(json_get out.json "j[\"interrupted\"]")" = true
'

test_expect_success 'a second SIGINT while stopping still exits non-zero' '
	trap bg_kill EXIT
	bg_verio out err --name=s --filename=s.dat --size=4m --bs=4k --rw=randwrite \
		--time_based --runtime=30 --eta=always
	wait_for grep -q "Jobs: " err
	kill -INT $bg_pid
	kill -INT $bg_pid
	bg_wait
	test "$bg_rc" = 4 || test "$bg_rc" = 130
'

test_done
