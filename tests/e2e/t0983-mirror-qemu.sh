#!/usr/bin/env bash
# t0983: QEMU's blkverify as the oracle. For image pairs where the test
# side differs from the reference (one bit, one sector, a few bytes deep
# in the file), `qemu-io -c 'read 0 LEN' blkverify:REF:TEST` and verio's
# mirror job report the same first mismatching offset. qemu aborts after
# printing its line: its status is ignored.
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-mirror.sh"
test_require_cmd python3 qemu-io

# qemu_first: the offset qemu's blkverify reports for r.img : t.img.
qemu_first() {
	timeout 60 qemu-io -f raw -c 'read 0 1M' blkverify:r.img:t.img >q.out 2>&1 || true
	sed -n 's/^blkverify: read offset=0 bytes=1048576 contents mismatch at offset \([0-9]*\)$/\1/p' q.out
}

n=0
for spec in "flip 8892 3" "zero 66560 512" "random 700001 37 3" "flip 1048575 7"; do
	n=$((n + 1))
	test_expect_success "case $n ($spec): qemu-io blkverify and verio agree" '
		rm -f t.img r.img m.0.verio-state
		mirror_write psync
		set -- '"$spec"'
		$CORRUPT "$1" t.img "${@:2}"
		q=$(qemu_first)
		test -n "$q"
		test_expect_code 1 mirror_read psync
		v=$(json_get out.json "j[\"jobs\"][0][\"mirror\"][\"first_mismatch_offset\"]")
		echo "qemu: $q verio: $v"
		test "$q" = "$v"
		grep -x "blkverify: read offset=[0-9]* bytes=4096 contents mismatch at offset $q" err
	'
done

test_expect_success 'identical images: neither reports a mismatch' '
	rm -f t.img r.img m.0.verio-state
	mirror_write psync
	timeout 60 qemu-io -f raw -c "read 0 1M" blkverify:r.img:t.img >q.out 2>&1
	! grep mismatch q.out
	test_expect_code 0 mirror_read psync
'

test_done
