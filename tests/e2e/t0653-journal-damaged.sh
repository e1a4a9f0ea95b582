#!/usr/bin/env bash
# t0653: a damaged, truncated or mismatched journal is a clear error
# (exit 2) before any I/O; a torn last record (a crash while appending) is
# ignored; a journal older than the state (a crash during a checkpoint,
# after the state was saved) is ignored, the state holding all it says.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-journal.sh"
test_require_cmd python3

opts="--size=1m --bs=4k --ioengine=psync --verify=crc32c --rw=randwrite"
J=d.0.verio-state.journal
vo() { "$VERIO" --name=d --filename=data $opts --verify_only=1 --verify_state_load=1 "$@"; }

test_expect_success 'a killed run leaves a journal with records' '
	: >mark
	sleep 0.01
	"$VERIO" --name=d --filename=data $opts --verify_journal=1 --time_based --runtime=60 \
		>/dev/null 2>&1 &
	kill_when_grown "$J" mark $!
	sleep 0.2
	python3 "$SRCDIR/tests/e2e/journal.py" info "$J" >info
	n=$(sed "s/.*records=\([0-9]*\).*/\1/" info)
	test "$n" -ge 4
	cp "$J" journal.good
	cp d.0.verio-state state.good
	vo >/dev/null
'

test_expect_success 'a torn last record is ignored' '
	size=$(stat -c %s journal.good)
	head -c $((size - 7)) journal.good >"$J"
	vo >out
	grep "journal *: replayed" out
'

test_expect_success 'a bad last whole record is taken for a torn tail' '
	cp journal.good "$J"
	size=$(stat -c %s journal.good)
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip "$J" $((size - 20)) 1
	vo >/dev/null
'

test_expect_success 'a bit flip in a record that others follow: exit 2, naming the record' '
	cp journal.good "$J"
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip "$J" $((64 + 32 + 9)) 0
	test_expect_code 2 vo >out 2>err
	grep "cannot replay journal .*d.0.verio-state.journal.: record 1 (byte 96): checksum mismatch, and valid records follow" err
	! grep "read:" out
'

test_expect_success 'a bit flip in the header: exit 2' '
	cp journal.good "$J"
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip "$J" 20 4
	test_expect_code 2 vo 2>err
	grep "header checksum mismatch" err
'

test_expect_success 'a journal cut inside its header: exit 2' '
	head -c 40 journal.good >"$J"
	test_expect_code 2 vo 2>err
	grep "not a verio journal, or truncated" err
'

test_expect_success 'the journal of another job: exit 2' '
	"$VERIO" --name=other --filename=data2 $opts --verify_journal=1 --number_ios=8 >/dev/null
	cp other.0.verio-state.journal "$J"
	cp state.good d.0.verio-state
	test_expect_code 2 vo 2>err
	grep "does not match this job: it belongs to another job or clone" err
'

test_expect_success 'a journal newer than the state (an old state put back): exit 2' '
	cp journal.good "$J"
	"$VERIO" --name=d --filename=data $opts --verify_journal=1 --verify_state_load=1 \
		--number_ios=8 >/dev/null
	cp state.good d.0.verio-state
	test_expect_code 2 vo 2>err
	grep "continues state checkpoint .* but the state is checkpoint" err
'

test_expect_success 'a journal older than the state is ignored' '
	# Clean runs leave nothing undecided: a journal of an earlier
	# checkpoint says nothing the state does not hold.
	"$VERIO" --name=o --filename=data3 $opts --verify_journal=1 --number_ios=8 >/dev/null
	cp o.0.verio-state.journal old.journal
	"$VERIO" --name=o --filename=data3 $opts --verify_journal=1 --verify_state_load=1 \
		--number_ios=8 >/dev/null
	cp old.journal o.0.verio-state.journal
	"$VERIO" --name=o --filename=data3 $opts --verify_only=1 --verify_state_load=1 >out
	! grep "journal *: replayed" out
'

test_expect_success 'verify_journal needs a header kind and verify_state_save' '
	test_expect_code 2 "$VERIO" --name=e --filename=data --size=1m --rw=write \
		--verify=pattern --verify_pattern=0xab --verify_journal=1 2>err
	grep "verify_journal needs a verify kind with a header" err
	test_expect_code 2 "$VERIO" --name=e --filename=data --size=1m --rw=write \
		--verify=crc32c --verify_state_save=0 --verify_journal=1 2>err
	grep "verify_journal needs verify_state_save=1" err
	test_expect_code 2 "$VERIO" --name=e --filename=data --size=1m --rw=write \
		--verify=crc32c --verify_atomic_write_size=1000 2>err
	grep "verify_atomic_write_size=1000 is not a multiple" err
'

test_done
