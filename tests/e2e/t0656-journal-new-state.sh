#!/usr/bin/env bash
# t0656: a writer that starts a new verify state (none saved, or the saved
# one unusable) removes the journal of the old one, so that it is never
# replayed over the new state: the next journaled run continues cleanly
# and a verify_only run judges by the new state alone.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-journal.sh"
test_require_cmd python3

opts="--bs=4k --ioengine=psync --verify=crc32c --rw=randwrite"
S=d.0.verio-state
J=$S.journal
w() { "$VERIO" --name=d --filename=data $opts "$@"; }
vo() { "$VERIO" --name=d --filename=data $opts --verify_only=1 --verify_state_load=1 "$@"; }

test_expect_success 'a journaled run leaves a state and its journal' '
	w --size=512k --verify_journal=1 >/dev/null &&
	test -f "$S" && test -f "$J"
'

test_expect_success 'a run of another size starts a new state and removes the journal' '
	w --size=256k --verify_journal=0 >out 2>err &&
	grep "saved verify state does not match this job.*starting a new one" err &&
	test -f "$S" && ! test -e "$J" && ! test -e "$J.next"
'

test_expect_success 'the next journaled run of that size continues it' '
	w --size=256k --verify_journal=1 >out 2>err &&
	! grep "verio:" err &&
	vo --size=256k >out &&
	grep "checked *: against the saved generation map" out
'

test_expect_success 'a killed journaled run leaves a journal with records' '
	rm -f "$S" "$J" &&
	: >mark &&
	sleep 0.01 &&
	{ "$VERIO" --name=d --filename=data $opts --size=1m --verify_journal=1 \
		--time_based --runtime=60 >/dev/null 2>&1 & } &&
	kill_when_grown "$J" mark $! &&
	python3 "$SRCDIR/tests/e2e/journal.py" info "$J" >info &&
	n=$(sed "s/.*records=\([0-9]*\).*/\1/" info) &&
	test "$n" -ge 2
'

test_expect_success 'state removed, journal left: a new writer removes the journal' '
	rm -f "$S" &&
	w --size=1m --rw=write --verify_journal=0 >out 2>err &&
	test -f "$S" && ! test -e "$J" &&
	vo --size=1m >out &&
	! grep "journal *: replayed" out
'

test_expect_success 'an unreadable state is replaced and its journal removed' '
	w --size=1m --verify_journal=1 >/dev/null &&
	test -f "$J" &&
	printf garbage >"$S" &&
	w --size=1m --verify_journal=0 >out 2>err &&
	grep "cannot load verify state.*starting a new one" err &&
	! test -e "$J" &&
	vo --size=1m >/dev/null
'

test_done
