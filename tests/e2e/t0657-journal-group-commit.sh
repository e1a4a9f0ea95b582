#!/usr/bin/env bash
# t0657: with verify_journal=1 and an asynchronous engine, the writes queued
# between two reaps share one journal append (group commit), whatever
# iodepth_batch_submit says; a synchronous engine appends once per write.
# iodepth_batch_submit=0 means iodepth (fio's meaning). Counted with strace:
# 256 writes of 4k, iodepth=32 drained to iodepth_low=16 before each refill.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
test_require_cmd strace
engine_built io_uring || test_skip "io_uring is not built"
odirect_ok || test_skip "the scratch directory does not take O_DIRECT"

opts="--name=d --filename=data --bs=4k --size=1m --rw=randwrite --verify=crc32c --direct=1"
uring="--ioengine=io_uring --iodepth=32 --iodepth_low=16"

# appends ARGS...: journal writes of a journaled run (verify_only checks it)
appends() {
	rm -f d.0.verio-state* &&
	traced -f -y -e trace=pwrite64 -o trace "$VERIO" $opts --verify_journal=1 "$@" \
		>/dev/null &&
	"$VERIO" $opts "$@" --verify_only=1 --verify_state_load=1 >/dev/null &&
	grep -c "verio-state.journal>" trace
}

# submits ARGS...: io_uring_enter calls of a run that submit something (the
# waits for completions are left out: how many there are depends on when the
# device completes, so on the machine's load)
submits() {
	traced -f -e trace=io_uring_enter -o trace "$VERIO" $opts --do_verify=0 \
		--verify_state_save=0 "$@" >/dev/null &&
	awk -F'[(,]' '/io_uring_enter\(/ && $3 + 0 > 0 { n++ } END { print n + 0 }' trace
}

test_expect_success 'psync: one journal append per write' '
	n=$(appends --ioengine=psync) &&
	test "$n" -ge 256
'

test_expect_success 'io_uring: the 16 writes of a refill share one append' '
	n=$(appends $uring) &&
	test "$n" -le 32
'

test_expect_success 'io_uring, iodepth_batch_submit=1: still grouped with the journal' '
	n=$(appends $uring --iodepth_batch_submit=1) &&
	test "$n" -le 32
'

test_expect_success 'iodepth_batch_submit=1 without the journal: one submission per write' '
	n=$(submits $uring --iodepth_batch_submit=1) &&
	test "$n" -ge 256
'

test_expect_success 'iodepth_batch_submit=0 is iodepth (fio): submissions of a full queue' '
	n=$(submits $uring --iodepth_batch_submit=0) &&
	test "$n" -le 32
'

test_done
