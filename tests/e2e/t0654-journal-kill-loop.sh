#!/usr/bin/env bash
# t0654: verify_journal=1 on a loop device over a sparse file (as root):
# 20 kill -9 trials per configuration (psync iodepth=1 and io_uring
# iodepth=32, direct=1; a first run and rewrite runs on top of a saved
# state): verify_only with verify_state_load=1 exits 0 every time.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-journal.sh"
test_require_root
test_require_cmd losetup

truncate -s 1m backing.img
dev=$(loop_attach backing.img) || test_skip "no loop device"
journal_tmpfs
cleanup() { losetup -d "$dev" 2>/dev/null; journal_cleanup; }
trap cleanup EXIT

common="--size=1m --bs=4k --direct=1"
psync="--ioengine=psync --iodepth=1"
uring="--ioengine=io_uring --iodepth=32"

test_expect_success 'psync qd1, first run: 20 kill -9 trials verify clean' '
	kill_trials 20 lp1 "$dev" 1 $common $psync
'

test_expect_success 'psync qd1, rewrite runs: 20 kill -9 trials verify clean' '
	"$VERIO" --name=lp2 --filename="$dev" --rw=write --verify=crc32c --aux-path="$JAUX" \
		$common $psync >/dev/null
	kill_trials 20 lp2 "$dev" 0 $common $psync
'

if engine_built io_uring; then
	test_expect_success 'io_uring qd32, first run: 20 kill -9 trials verify clean' '
		kill_trials 20 lu1 "$dev" 1 $common $uring
	'

	test_expect_success 'io_uring qd32, rewrite runs: 20 kill -9 trials verify clean' '
		"$VERIO" --name=lu2 --filename="$dev" --rw=write --verify=crc32c --aux-path="$JAUX" \
			$common $uring >/dev/null
		kill_trials 20 lu2 "$dev" 0 $common $uring
	'
else
	echo "# io_uring is not built: its trials are skipped"
fi

test_done
