#!/usr/bin/env bash
# t0652: verify_journal=1 with buffered I/O (direct=0) and fsync=N: a
# write is durable only once a completed fsync covers it (fio's
# verify_policy=fsynced meaning). Runs killed with SIGKILL mid-way verify
# clean; acknowledged writes no fsync covered yet count as in flight.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-journal.sh"
journal_tmpfs
trap journal_cleanup EXIT

common="--size=1m --bs=4k --direct=0"

test_expect_success 'psync fsync=8, first run: 10 kill -9 trials verify clean' '
	kill_trials 10 b1 data 1 $common --ioengine=psync --fsync=8
'

test_expect_success 'psync fdatasync=5, rewrite runs: 10 kill -9 trials verify clean' '
	"$VERIO" --name=b2 --filename=data --rw=write --verify=crc32c --aux-path="$JAUX" $common >/dev/null
	kill_trials 10 b2 data 0 $common --ioengine=psync --fdatasync=5
	# Up to 5 acknowledged writes per trial wait for their fdatasync.
	test $kill_inflight -gt 10
'

if engine_built io_uring; then
	test_expect_success 'io_uring qd16 fsync=32, rewrite runs: 10 kill -9 trials verify clean' '
		"$VERIO" --name=b3 --filename=data --rw=write --verify=crc32c --aux-path="$JAUX" $common >/dev/null
		kill_trials 10 b3 data 0 $common --ioengine=io_uring --iodepth=16 --fsync=32
	'
fi

test_expect_success 'the journal header says buffered' '
	python3 "$SRCDIR/tests/e2e/journal.py" info "$JAUX/b2.0.verio-state.journal" >info
	grep "flags=1 " info
'

test_done
