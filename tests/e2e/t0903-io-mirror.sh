#!/usr/bin/env bash
# t0903: verio io --mirror=REF compares every read with REF, as qemu's
# blkverify does: the same "blkverify: read offset=... bytes=... contents
# mismatch at offset ..." line, the same first differing offset. verio
# does not abort: the command fails, the next runs, and the exit is 1.
# Every write reaches both.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd qemu-io python3

ulimit -c 0	# qemu-io aborts on a mismatch: no core files here

# the images: ref random, test the same except one sector at $1
make_pair() {
	head -c 1048576 /dev/urandom >r.img
	cp r.img t.img
	# three bytes inverted: each differs, whatever the random data held
	python3 -c 'import sys
f = open("t.img", "r+b"); at = int(sys.argv[1]); f.seek(at)
b = bytes(x ^ 0xff for x in f.read(3)); f.seek(at); f.write(b)' "$1"
}

# qemu's blkverify line for one read command
blkverify_line() {
	qemu-io -c "$1" \
		"json:{\"driver\":\"blkverify\",\"test\":{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"t.img\"}},\"raw\":{\"driver\":\"file\",\"filename\":\"r.img\"}}" \
		2>&1 >/dev/null | grep "^blkverify:"
}

for at in 70000 1048000 512; do
test_expect_success "one sector differs at $at: the offset blkverify reports" '
	make_pair '"$at"'
	for c in "read 0 1M" "read 64k 64k" "readv 0 4k 1020k" "read 512 512" \
		"read 1020k 4k"; do
		want=$(blkverify_line "$c" || :)
		rc=0
		got=$("$VERIO" io --mirror=r.img -c "$c" t.img 2>&1 >/dev/null) || rc=$?
		echo "$c: qemu [$want] verio [$got] exit $rc"
		test "$want" = "$got"
		test "$rc" = "$([ -n "$want" ] && echo 1 || echo 0)"
	done
'
done

test_expect_success 'the line names the request and the first differing byte' '
	make_pair 70000
	test_expect_code 1 "$VERIO" io --mirror=r.img -c "read 64k 64k" -c "read 0 4k" \
		-c "aio_read 65536 8k" -c aio_flush t.img >out 2>err
	cat >want <<-\EOT
	blkverify: read offset=65536 bytes=65536 contents mismatch at offset 70000
	blkverify: read offset=65536 bytes=8192 contents mismatch at offset 70000
	EOT
	test_cmp want err
	grep -qx "read 4096/4096 bytes at offset 0" out
	! grep -q "bytes at offset 65536" out
'

test_expect_success 'writes reach both; equal data reads clean (exit 0)' '
	make_pair 70000
	"$VERIO" io --mirror=r.img -c "write -P 7 68k 4k" -c "write -z 4k 4k" -c "writev -P 8 0 512 512" \
		-c "aio_write -P 9 8k 4k" -c aio_flush -c "read 64k 64k" -c "read -P 7 68k 4k" \
		-c "readv -P 8 0 1k" -c "aio_read -P 9 8k 4k" -c aio_flush t.img >out
	cmp r.img t.img
'

test_expect_success 'a mirror shorter than the target is refused (exit 3)' '
	head -c 4096 /dev/zero >short.img
	test_expect_code 3 "$VERIO" io --mirror=short.img -c "read 0 1" t.img 2>err
	grep -q "shorter than" err
'

rm -f r.img t.img short.img
test_done
