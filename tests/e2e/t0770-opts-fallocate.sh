#!/usr/bin/env bash
# t0800: fallocate= with fio's modes does the real syscalls when a file is
# laid out (a 1 MiB file, 4 KiB written: what each mode leaves is seen in
# st_size and st_blocks), native falls back quietly, a device is skipped;
# --max-jobs refuses a job set of more jobs.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"

# lay MODE: a fresh f.MODE after a 1m job writing 4k; prints "size blocks".
lay() {
	rm -f "f.$1"
	"$VERIO" --name=a --filename="f.$1" --size=1m --io_size=4k --rw=write \
		--verify=crc32c --fallocate="$1" >/dev/null || return 1
	stat -c '%s %b' "f.$1"
}

# The scratch file system must pre-allocate for the block counts to mean anything.
probe() {
	rm -f p && python3 -c 'import os; fd = os.open("p", os.O_CREAT | os.O_RDWR); os.posix_fallocate(fd, 0, 1 << 20)' 2>/dev/null &&
		test "$(stat -c %b p)" -ge 2048
}
if ! probe; then
	test_skip "the scratch file system does not pre-allocate"
fi

test_expect_success 'fallocate=none and =0: the size, not the blocks' '
	set -- $(lay none) && test "$1" = 1048576 && test "$2" -lt 2048 &&
	set -- $(lay 0) && test "$1" = 1048576 && test "$2" -lt 2048
'

test_expect_success 'fallocate=native (the default), =posix and =1: every block allocated' '
	set -- $(lay native) && test "$1" = 1048576 && test "$2" -ge 2048 &&
	set -- $(lay posix) && test "$1" = 1048576 && test "$2" -ge 2048 &&
	set -- $(lay 1) && test "$1" = 1048576 && test "$2" -ge 2048 &&
	rm -f f.def && "$VERIO" --name=a --filename=f.def --size=1m --io_size=4k --rw=write >/dev/null &&
	test "$(stat -c %b f.def)" -ge 2048
'

test_expect_success 'fallocate=keep: the blocks, but the size is what was written' '
	set -- $(lay keep) && test "$1" = 4096 && test "$2" -ge 2048
'

test_expect_success 'fallocate=truncate: the size by ftruncate, no blocks' '
	set -- $(lay truncate) && test "$1" = 1048576 && test "$2" -lt 2048
'

test_expect_success 'a read job lays out with zeroes after keep: full size, reads back clean' '
	rm -f r.dat
	"$VERIO" --name=r --filename=r.dat --size=64k --rw=randrw --verify=crc32c \
		--fallocate=keep >/dev/null &&
	test "$(stat -c %s r.dat)" = 65536
'

test_expect_success 'keep and truncate files verify (write, then verify_only)' '
	for m in keep truncate none; do
		rm -f v.dat a.0.verio-state
		"$VERIO" --name=a --filename=v.dat --size=256k --rw=randwrite --verify=crc32c \
			--fallocate=$m >/dev/null || return 1
		"$VERIO" --name=a --filename=v.dat --size=256k --rw=randwrite --verify=crc32c \
			--verify_only=1 >/dev/null || return 1
	done
'

test_expect_success 'a bad fallocate value is refused naming the option (exit 2)' '
	test_expect_code 2 "$VERIO" --name=a --filename=x --size=64k --fallocate=all 2>err &&
	grep -F "fallocate" err && test ! -e x
'

test_expect_success 'posix_fallocate failing (no space) is a setup failure (exit 3)' '
	# RLIMIT_FSIZE makes the allocation fail with EFBIG: nothing written
	( ulimit -f 64 && trap "" XFSZ &&
	  test_expect_code 3 "$VERIO" --name=a --filename=big --size=1m --rw=write \
		--fallocate=posix 2>err ) &&
	grep -F "cannot lay out" err
'

test_expect_success '--max-jobs: a job set needing more jobs is refused (exit 2), one that fits runs' '
	test_expect_code 2 "$VERIO" --max-jobs=3 --name=a --filename=m.dat --size=64k \
		--rw=write --numjobs=2 --name=b --filename=m2.dat --size=64k --numjobs=2 2>err &&
	grep -F "verio: the jobs need 4 threads (numjobs summed), more than --max-jobs=3" err &&
	test ! -e m.dat &&
	"$VERIO" --max-jobs=4 --name=a --filename=m.dat --size=64k --rw=write --numjobs=2 \
		--name=b --filename=m2.dat --size=64k --numjobs=2 >/dev/null &&
	test_expect_code 2 "$VERIO" --max-jobs=0 --name=a --filename=m.dat 2>err &&
	grep -F "invalid --max-jobs value" err
'

test_done
