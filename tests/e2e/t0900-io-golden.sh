#!/usr/bin/env bash
# t0900: `verio io -c ...` prints what `qemu-io -f raw -c ...` prints, line
# for line (timing numbers masked), on stdout and on stderr, with the same
# exit status and the same bytes left in the image.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-io.sh"
test_require_cmd qemu-io

test_expect_success 'read and write: report lines, -P match and mismatch' '
	io_golden rw 1M "write -P 0xab 0 512" "read -P 0xab 0 512" \
		"read -P 0xac 0 512" "write 4k 1k" "read -P 0xcd 4k 1k" \
		"read 0 1.5k" "w 100 3" "r 1 2" "read 0 0" "write -f 8k 512"
	grep -qx "Pattern verification failed at offset 0, 512 bytes" rw.vout
'

test_expect_success 'read -v hexdump, -C, -q, -s/-l pattern window' '
	io_golden v 64k "write -P 0x41 16 20" "read -v 0 40" "read -v 8 17" \
		"read -C 0 512" "read -q 0 512" "read -v -q 0 16" \
		"read -P 0x41 -s 16 -l 20 0 64" "read -P 0x41 -s 15 -l 20 0 64" \
		"read -v -P 0x41 0 16" "write -C 0 512" "write -q 0 512"
'

test_expect_success 'readv and writev with several lengths' '
	io_golden vec 1M "writev -P 3 0 512 512" "readv 0 512 1k" \
		"readv -P 3 0 1k" "readv -P 3 0 2k" "readv -C 0 512 1k" \
		"readv -v 0 16 16" "writev -q 1k 1k" "writev -C 4k 512 1k 2k"
'

test_expect_success 'aio_read, aio_write, aio_flush' '
	io_golden aio 1M "aio_write -P 5 512 512" "aio_flush" \
		"aio_read -P 5 512 512" "aio_flush" "aio_read -v 512 32" \
		"aio_flush" "aio_write -C 0 1k" "aio_flush" "aio_read -q 0 512" \
		"aio_flush" "aio_write -z 1k 512" "aio_flush"
'

test_expect_success 'aio errors print what qemu-io prints (verio exits 1)' '
	IO_GOLDEN_NORC=1 io_golden aioerr 1M "aio_read 1M 512" "aio_flush" \
		"aio_write 1M 512" "aio_flush" "aio_read -P 6 512 512" "aio_flush"
	test_expect_code 1 "$VERIO" io -c "aio_read -P 6 512 512" -c aio_flush aioerr.v >/dev/null
'

test_expect_success 'in a batch an aio request completes before the next command' '
	truncate -s 1M ab.img
	"$VERIO" io -c "aio_write -P 1 0 4k" -c "read -P 1 0 4k" -c "aio_read -P 1 0 4k" \
		-c "length" -c "aio_read -P 2 0 4k" ab.img >out || test $? = 1
	sed -n "s/^\(wrote\|read\|Pattern\|1 MiB\)/&/p" out >got
	cat >want <<-\EOT
	wrote 4096/4096 bytes at offset 0
	read 4096/4096 bytes at offset 0
	read 4096/4096 bytes at offset 0
	1 MiB
	Pattern verification failed at offset 0, 4096 bytes
	read 4096/4096 bytes at offset 0
	EOT
	test_cmp want got
	rm -f ab.img
'

test_expect_success 'length, info, map and alloc on a written image' '
	io_golden info 1M "length" "info" "map" "alloc 0 1M" "alloc 0 64k" \
		"alloc 64k 1M" "alloc 0" "alloc 1M" "alloc 2M 512" "l" "i"
'

test_expect_success 'discard, truncate, flush, sleep' '
	io_golden misc 1M "write -P 9 0 128k" "discard 0 64k" "read -P 0 0 64k" \
		"read -P 9 64k 64k" "discard -C 64k 4k" "discard -q 68k 4k" \
		"flush" "truncate 2M" "length" "truncate 512k" "length" "sleep 10"
'

test_expect_success 'write -z (and -u, -n), -s source file' '
	head -c 4096 /dev/urandom >src.bin
	: >empty.bin
	io_golden zero 1M "write -P 7 0 8k" "write -z 0 4k" "read -P 0 0 4k" \
		"write -z -u 4k 4k" "read -P 0 4k 4k" "write -zn 0 512" \
		"write -s src.bin 64k 4k" "read -P 0 64k 1" "write -s src.bin 0 10k" \
		"write -s empty.bin 0 1"
'

test_expect_success 'number parsing: suffixes, hex, fractions, limits' '
	io_golden num 1M "read 0 1k" "read 0 0x200" "read 0 1.5k" "read 0 1b" \
		"read 0 010" "read 0 1." "read 0 +5" "read 0 0X10" "read 0 1x" \
		"read abc 512" "read 0 99999999999999999999" "read 0 8E" \
		"read 0 1e" "read 0 3G" "read 0 1.5" "read 0 1.5b" "read 0 .5k" \
		"read 0 1kb" "read 0 0x" "alloc 1.0005k 1" "alloc 1.9999k 1" \
		"alloc 9223372036854775807 1" "alloc 9223372036854775808 1" \
		"alloc 8191P 1" "readv 0 3G" "readv 0 1G 1G 1G"
'

test_expect_success 'every error class: command, count, option, end, pattern' '
	io_golden err 1M "foo" "read" "read 0" "read 0 1 2" "map 1" \
		"alloc 0 1 2" "length x" "sleep" "sleep x" "read -a 0 512" \
		"read -1 512" "read 0 -5" "truncate -1" "truncate x" \
		"read -l 5 0 512" "read -P 1 -s 600 0 512" "read -P 1 -l 600 0 512" \
		"read -P 0x1ff 0 1" "read -P x 0 1" "read 1M 512" \
		"read 1048064 1024" "write 1M 512" "discard 1M 512" \
		"readv 1M 512" "writev 1M 512" "write -c 0 512" "write -b 0 512" \
		"read -b 0 512" "write -P 1 -s f 0 512" "write -s nofile 0 512" \
		"write -u 0 512" "write -n 0 512" "help nope" "read 0 512"
	grep -qx "read failed: Input/output error" err.vout
	test_expect_code 1 "$VERIO" io -c foo -c "read 0 512" err.v >/dev/null 2>&1
'

test_expect_success 'close, then commands need a file; open it again; quit' '
	io_golden oc 1M "close" "read 0 1" "length" "open -r oc.x" "quit" "read 0 1"
'

test_done
