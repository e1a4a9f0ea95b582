#!/usr/bin/env bash
# t0902: verio io's command line (exit 2 for a bad one, 3 when the target
# cannot be opened), -r (qemu-io's read-only message for every writing
# command), commands from a pipe, and the device safety jobs have: a
# formatted or mounted loop device is refused for writing unless -f.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-io.sh"

truncate -s 1M f.img

test_expect_success 'bad command lines exit 2 naming what is wrong' '
	test_expect_code 2 "$VERIO" io 2>err
	grep -q "no target given" err
	test_expect_code 2 "$VERIO" io -x f.img 2>err
	grep -q "unknown option .-x." err
	test_expect_code 2 "$VERIO" io --bogus f.img 2>err
	grep -q "unknown option .--bogus." err
	test_expect_code 2 "$VERIO" io f.img f.img 2>err
	grep -q "one target only" err
	test_expect_code 2 "$VERIO" io -c 2>err
	grep -q "option .-c. needs a value" err
'

test_expect_success 'a target that cannot be opened exits 3' '
	test_expect_code 3 "$VERIO" io -c "read 0 1" nothere.img 2>err
	grep -qx "verio: can.t open device nothere.img: Could not open .nothere.img.: No such file or directory" err
	test_expect_code 3 "$VERIO" io --mirror=nothere.img -c "read 0 1" f.img 2>err
	grep -q "nothere.img" err
'

test_expect_success 'exit 0 when every command succeeded, 1 when one failed' '
	"$VERIO" io -c "write 0 512" -c "read -P 0xcd 0 512" f.img >/dev/null
	test_expect_code 1 "$VERIO" io -c "read -P 0xcc 0 512" -c "read 0 1" f.img >out
	grep -qx "Pattern verification failed at offset 0, 512 bytes" out
	grep -qx "read 1/1 bytes at offset 0" out
'

test_expect_success '-r: writing commands fail with qemu-io message, as qemu-io -r' '
	if command -v qemu-io >/dev/null; then
		IO_GOLDEN_FLAGS=-r io_golden ro 1M "write 0 512" "writev 0 512" \
			"aio_write 0 512" "discard 0 512" "truncate 1M" "write -z 0 512" \
			"flush" "read 0 512" "length"
	fi
	sum=$(md5sum <f.img)
	test_expect_code 1 "$VERIO" io -r -c "write 0 512" -c "discard 0 4k" \
		-c "truncate 4k" -c "read 0 1" f.img >out 2>err
	test "$(grep -cx "verio: Block node is read-only" err)" = 3
	grep -qx "read 1/1 bytes at offset 0" out
	test "$(md5sum <f.img)" = "$sum"
	test "$(stat -c %s f.img)" = 1048576
'

if command -v strace >/dev/null; then
test_expect_success '-r opens the target O_RDONLY' '
	traced -f -e trace=openat -o trace "$VERIO" io -r -c "read 0 1" f.img >/dev/null
	grep "\"f.img\"" trace | grep -q O_RDONLY
	! grep "\"f.img\"" trace | grep -q O_RDWR
'
fi

test_expect_success 'commands from a pipe; quit ends the input' '
	printf "write -P 3 0 4k\n\nread -P 3 0 4k\nfoo\nquit\nread 0 1\n" |
		test_expect_code 1 "$VERIO" io f.img >out 2>err
	grep -qx "read 4096/4096 bytes at offset 0" out
	! grep -q "read 1/1" out
	grep -qx "command \"foo\" not found" err
	printf "read -P 3 0 4k\n" | "$VERIO" io f.img >/dev/null
'

test_expect_success 'open and close: one file at a time, -r and -d' '
	cp f.img g.img
	"$VERIO" io -c close -c "open -r g.img" -c "read -P 3 0 4k" -c close \
		-c "open -d g.img" -c "read -P 3 0 4k" -c "write -P 4 4k 4k" f.img >out
	test "$(grep -c "^read 4096/4096" out)" = 2
	grep -qx "wrote 4096/4096 bytes at offset 4096" out
	test_expect_code 1 "$VERIO" io -c "open g.img" f.img 2>err
	grep -qx "verio: file open already, try .help close." err
'

test_expect_success 'SIGTERM or SIGINT in a batch: the shell stops, exit 4' '
	for sig in TERM INT; do
		rm -f out
		"$VERIO" io -c "read 0 1" -c "sleep 1000000" -c "read 0 2" f.img >out 2>err &
		pid=$!
		# the first command has run (stdout is flushed after each), so
		# the handler is in place
		until grep -q "^read 1/1" out 2>/dev/null; do sleep 0.1; done
		kill -$sig $pid
		rc=0
		wait $pid || rc=$?
		test "$rc" = 4
		grep -qx "verio: interrupted (signal SIG$sig)" err
		! grep -q "^read 2/2" out
	done
'

rm -f f.img g.img

if [ "$(id -u)" -ne 0 ] || ! command -v losetup >/dev/null || ! command -v mkfs.ext4 >/dev/null; then
	test_done
fi
truncate -s 16m backing.img
dev=$(loop_attach backing.img) || test_done
mnt=$(mktemp -d)
cleanup() { umount "$mnt" 2>/dev/null; losetup -d "$dev" 2>/dev/null; rmdir "$mnt"; rm -f backing.img; }
trap cleanup EXIT

test_expect_success 'a blank loop device: write, read, discard, length' '
	"$VERIO" io -c "write -P 5 0 64k" -c "read -P 5 0 64k" -c "discard 64k 64k" \
		-c length -c "write -z 128k 4k" -c "read -P 0 128k 4k" "$dev" >out
	grep -qx "16 MiB" out
'

if command -v qemu-io >/dev/null; then
test_expect_success 'on the device verio io prints what qemu-io prints' '
	set -- -c "write -P 1 0 64k" -c "discard 0 4k" -c "read -P 0 0 4k" \
		-c "write -z 4k 4k" -c "write -z -u 8k 4k" -c "read -P 0 4k 8k" \
		-c "read -P 1 12k 4k" -c map -c "alloc 0 1M" -c "truncate 4M" \
		-c "truncate 32M" -c length -c info -c "read 16M 1"
	qemu-io -f raw "$@" "$dev" >q.out 2>q.err || echo "rc $?" >>q.out
	"$VERIO" io "$@" "$dev" >v.out 2>v.err || echo "rc $?" >>v.out
	for f in q.out v.out q.err v.err; do io_mask $f >$f.m; done
	test_cmp q.out.m v.out.m
	test_cmp q.err.m v.err.m
'
fi

test_expect_success 'a loop device holding ext4 is refused for writing (exit 2)' '
	mkfs.ext4 -q -F "$dev"
	sum=$(head -c 1048576 "$dev" | md5sum)
	test_expect_code 2 "$VERIO" io -c "write 0 512" "$dev" 2>err
	grep -q "ext2/3/4" err
	grep -q "use -f to force" err
	test "$(head -c 1048576 "$dev" | md5sum)" = "$sum"
'

test_expect_success 'read-only (-r) on it is fine' '
	"$VERIO" io -r -c "read 0 4k" "$dev" >/dev/null
'

test_expect_success 'a mounted device is refused' '
	mount "$dev" "$mnt"
	test_expect_code 2 "$VERIO" io -c "read 0 4k" "$dev" 2>err
	grep -q "mounted" err
	umount "$mnt"
'

test_expect_success '-f writes to the formatted (unmounted) device' '
	"$VERIO" io -f -c "write -P 9 0 4k" -c "read -P 9 0 4k" "$dev" >/dev/null
'

test_done
