#!/usr/bin/env bash
# t0650: verify_journal=1 on a regular file: 20 kill -9 trials per
# configuration (psync iodepth=1 and io_uring iodepth=32, direct=1; a first
# run and rewrite runs on top of a saved state): verify_only with
# verify_state_load=1 exits 0 every time, replaying the journal and
# accepting the units in flight as old or new.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-journal.sh"
test_require_cmd python3
odirect_ok || test_skip "the scratch directory does not take O_DIRECT"

journal_tmpfs
trap journal_cleanup EXIT

common="--size=1m --bs=4k --direct=1"
psync="--ioengine=psync --iodepth=1"
uring="--ioengine=io_uring --iodepth=32"

test_expect_success 'psync qd1, first run: 20 kill -9 trials verify clean' '
	kill_trials 20 p1 data 1 $common $psync
'

test_expect_success 'psync qd1, rewrite runs: 20 kill -9 trials verify clean' '
	"$VERIO" --name=p2 --filename=data --rw=write --aux-path="$JAUX" --verify=crc32c $common $psync >/dev/null
	kill_trials 20 p2 data 0 $common $psync
'

if engine_built io_uring; then
	test_expect_success 'io_uring qd32, first run: 20 kill -9 trials verify clean' '
		kill_trials 20 u1 data 1 $common $uring
	'

	test_expect_success 'io_uring qd32, rewrite runs: 20 kill -9 trials verify clean' '
		"$VERIO" --name=u2 --filename=data --rw=write --aux-path="$JAUX" --verify=crc32c $common $uring >/dev/null
		kill_trials 20 u2 data 0 $common $uring
	'
else
	echo "# io_uring is not built: its trials are skipped"
fi

test_done
