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
	{ "$VERIO" --name=d --filename=data $opts --size=1m --verify_journal=1 \
		--time_based --runtime=60 >/dev/null 2>&1 & } &&
	kill_when_records "$J" 4 $! &&
	python3 "$SRCDIR/tests/e2e/journal.py" info "$J" >info &&
	n=$(sed "s/.*records=\([0-9]*\).*/\1/" info) &&
	test "$n" -ge 2
'

test_expect_success 'state show lists the journal: its records and the units in flight' '
	verio_state_show() { "$VERIO" state show "$@" "$S"; } &&
	verio_state_show >show &&
	python3 "$SRCDIR/tests/e2e/journal.py" info "$J" >info &&
	n=$(sed "s/.*records=\([0-9]*\).*/\1/" info) &&
	grep "^  records    : $n from .*$J.: [0-9]* acknowledged, 0 failed" show &&
	vo --size=1m >vout &&
	k=$(sed -n "s/.*replayed $n records, \([0-9]*\) units in flight.*/\1/p" vout) &&
	test -n "$k" &&
	grep "^  in flight  : $k units" show &&
	verio_state_show --output-format=json >show.json &&
	python3 - "$n" "$k" <<-\EOF
	import json, sys
	j = json.load(open("show.json"))["journal"]
	n, k = int(sys.argv[1]), int(sys.argv[2])
	assert j["status"] == "replayed" and j["records"] == n, j
	assert len(j["inflight"]) == k, (len(j["inflight"]), k)
	for e in j["inflight"]:
	    assert e["offset"] == e["unit"] * 4096 and e["file"] == 1, e
	    assert e["oldest_generation"] <= e["newest_generation"], e
	EOF
'

test_expect_success 'state show names a damaged journal' '
	cp "$J" journal.good &&
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip "$J" $((64 + 32 + 9)) 0 &&
	"$VERIO" state show "$S" >show &&
	grep "^  cannot replay: .*record 1 (byte 96): checksum mismatch" show &&
	cp journal.good "$J"
'

test_expect_success 'a unit in flight, never written in the state, holding an older state'"'"'s unit: accepted as old' '
	rm -f "$S" "$J" &&
	"$VERIO" --name=a --filename=data $opts --size=1m --rw=write --verify_state_save=0 \
		>/dev/null &&
	cp data data.a &&
	for try in 1 2 3 4 5; do
		rm -f "$S" "$J" &&
		{ "$VERIO" --name=d --filename=data $opts --size=1m --verify_journal=1 \
			--time_based --runtime=60 >/dev/null 2>&1 & } &&
		kill_when_records "$J" 4 $! &&
		python3 "$SRCDIR/tests/e2e/journal.py" pending "$J" >pending &&
		test -s pending && break
	done &&
	read -r file unit count gen <pending &&
	echo "unit $unit (generation $gen) in flight: put run a'"'"'s copy back" &&
	dd if=data.a of=data bs=4096 skip="$unit" seek="$unit" count=1 conv=notrunc \
		status=none &&
	vo --size=1m >vout &&
	grep "journal *: replayed .* accepted as old=[1-9]" vout &&
	rm -f data.a
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
