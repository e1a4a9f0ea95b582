#!/usr/bin/env bash
# t1104: the per-I/O RWF_* options on every engine that takes them, as in
# fio: nowait (pvsync2, libaio, io_uring) makes a read of pages not in the
# page cache fail with EAGAIN, an I/O error that says why (exit 3), and
# lets direct I/O that need not wait run and verify; uncached (pvsync2,
# io_uring) writes leave no pages in the page cache (fincore), where psync
# leaves them all, and the data still verifies.
# shellcheck disable=SC2016,SC2086  # eval'd bodies; option lists are words
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
test_require_cmd python3

# drop FILE: its pages written back and dropped from the page cache.
drop() {
	python3 -c "import os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); os.fsync(fd); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)" "$1"
}

# cached FILE: bytes of FILE in the page cache, once writeback has had up
# to 5 s to finish (RWF_DONTCACHE drops pages when their writeback ends).
cached() {
	local n i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		n=$(fincore --bytes --noheadings -o RES "$1" | tr -d " ")
		[ "$n" = 0 ] && break
		sleep 0.5
	done
	echo "$n"
}

for e in pvsync2 libaio io_uring; do
	engine_built $e || continue
	test_expect_success "$e nowait: a read of pages not in the cache is EAGAIN, exit 3" '
		rm -f nw.dat
		"$VERIO" --name=w --filename=nw.dat --size=4m --bs=64k --rw=write >/dev/null
		# A nowait read that misses the cache still starts the readahead;
		# a fast disk can finish it before the read looks again, and the
		# read succeeds. Sequential 64k reads won that race in one try of
		# three here (and three tries in a row under CI load); 1024 small
		# random reads, each its own race, do not all win. Up to three
		# tries still; any exit but 3 (and 0, every page met) fails.
		for try in 1 2 3; do
			drop nw.dat
			rc=0
			"$VERIO" --name=r --filename=nw.dat --size=4m --bs=4k \
				--rw=randread --ioengine=$e --iodepth=2 --nowait=1 >out 2>err || rc=$?
			echo "try $try: exit $rc"
			test "$rc" = 0 || break
		done
		test "$rc" = 3
		grep -F "read error on '\''nw.dat'\'' at offset" err
		grep -F "(nowait: the I/O would have had to wait (RWF_NOWAIT)): Resource temporarily unavailable" err
	'
	test_expect_success "$e nowait: the same read with the pages cached runs" '
		cat nw.dat >/dev/null
		"$VERIO" --name=r --filename=nw.dat --size=4m --bs=4k --rw=randread \
			--ioengine=$e --iodepth=2 --nowait=1 --invalidate=0 >out
	'
	if odirect_ok; then
		test_expect_success "$e nowait direct: writes and reads that need not wait verify" '
			rm -f nw.dat nw.*.verio-state
			"$VERIO" --name=w --filename=nw.dat --size=1m --bs=4k --rw=randwrite \
				--ioengine=$e --iodepth=4 --direct=1 --nowait=1 --verify=crc32c \
				--output-format=json >out.json
			json_check out.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] == 256"
		'
	fi
done

if command -v fincore >/dev/null; then
	test_expect_success 'psync (no uncached): the written pages stay in the page cache' '
		rm -f uc.dat
		"$VERIO" --name=u --filename=uc.dat --size=4m --bs=64k --rw=write >/dev/null
		test "$(cached uc.dat)" -gt 2097152
	'
	for e in pvsync2 io_uring; do
		engine_built $e || continue
		test_expect_success "$e uncached=1: no written page stays cached, the data verifies" '
			rm -f uc.dat uc.*.verio-state
			"$VERIO" --name=u --filename=uc.dat --size=4m --bs=64k --rw=write \
				--ioengine=$e --iodepth=4 --uncached=1 >/dev/null
			test "$(cached uc.dat)" = 0
			rm -f uc.dat
			"$VERIO" --name=u --filename=uc.dat --size=4m --bs=64k --rw=write \
				--ioengine=$e --iodepth=4 --uncached=1 --verify=crc32c \
				--output-format=json >out.json
			json_check out.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] == 64"
		'
	done
else
	echo "# fincore (util-linux) is missing: the uncached cases are skipped"
fi

test_done
