#!/usr/bin/env bash
# t0655: kill -9 trials with a checkpoint every 16 records
# (verify_journal_records=16), so that kills land before, inside and after
# checkpoints (state saved, staged journal not yet renamed): verify_only
# with verify_state_load=1 exits 0 every time.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-journal.sh"
journal_tmpfs
trap journal_cleanup EXIT

common="--size=1m --bs=4k --verify_journal_records=16"

test_expect_success 'psync, buffered, fsync=4: 10 trials across checkpoints' '
	"$VERIO" --name=k1 --filename=data --rw=write --verify=crc32c --aux-path="$JAUX" \
		--size=1m --bs=4k >/dev/null
	kill_trials 10 k1 data 0 $common --ioengine=psync --fsync=4
'

if engine_built io_uring; then
	test_expect_success 'io_uring qd8: 10 trials across checkpoints' '
		kill_trials 10 k2 data 1 $common --ioengine=io_uring --iodepth=8
	'
fi

test_done
