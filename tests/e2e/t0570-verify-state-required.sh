#!/usr/bin/env bash
# t0570: every verify run says what it checked against. verify_only that
# finds no saved state warns loudly, naming the path it looked for; with
# verify_state_required=1 that is an error (exit 2) before any I/O.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

job="--name=v --filename=v.dat --size=1m --bs=4k --rw=write --verify=crc32c"

test_expect_success 'setup: a verified file written without a saved state' '
	"$VERIO" $job --verify_state_save=0 >out
	test ! -e v.0.verio-state
	grep "^  checked      : against this run.s writes (no saved state loaded)$" out
'

test_expect_success 'verify_state_required=1 without a state: exit 2, no I/O, the path named' '
	cp v.dat before.dat
	test_expect_code 2 "$VERIO" $job --verify_only=1 --verify_state_required=1 \
		--output-format=json --output=out.json 2>err
	grep "verio: job .v.: verify_state_required=1: no saved verify state at .v.0.verio-state." err
	test ! -e out.json
	cmp before.dat v.dat
'

test_expect_success 'verify_only without a state, replayed: the report says so, stderr stays empty (as fio)' '
	"$VERIO" $job --verify_only=1 >out 2>err
	test ! -s err
	grep "^  checked      : against a dry replay of the job.s writes: no saved state at .v.0.verio-state.; 256 units written, 0 never written (not checked)$" out
'

test_expect_success 'verify_only without a state that cannot be replayed warns on stderr' '
	"$VERIO" $job --verify_only=1 --time_based --runtime=100ms >out 2>err
	grep "^verio: warning: job .v.: verify_only found no saved verify state at .v.0.verio-state.: " err
	grep "set verify_state_required=1 to make this an error" err
	grep "^  checked      : headers and checksums only: no saved state at .v.0.verio-state." out
'

test_expect_success 'JSON says no state was loaded, and where it was looked for' '
	mkdir -p elsewhere
	"$VERIO" $job --verify_only=1 --aux-path=elsewhere --output-format=json \
		>out.json 2>err
	test ! -s err
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"verify_state\"][\"looked_for\"]")" = true
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"verify_state\"][\"loaded\"]")" = false
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"verify_state\"][\"path\"]")" = elsewhere/v.0.verio-state
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"verify_state\"][\"checked_against\"]")" = replayed_workload
'

test_expect_success 'with the state present: loaded, named, no warning' '
	"$VERIO" $job >/dev/null
	test -s v.0.verio-state
	"$VERIO" $job --verify_only=1 --verify_state_required=1 --output-format=json,normal \
		>out 2>err
	test ! -s err
	grep "^  checked      : against the saved generation map loaded from .v.0.verio-state.$" out
	sed -n "/^{/,/^}/p" out >out.json
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"verify_state\"][\"loaded\"]")" = true
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"verify_state\"][\"checked_against\"]")" = saved_state
'

test_expect_success 'a write job with verify_state_required is unaffected' '
	rm -f v.0.verio-state
	"$VERIO" $job --verify_state_required=1 >out 2>err
	test ! -s err
'

test_done
