#!/usr/bin/env bash
# t1152: trims of a block device (as root, on a loop device): BLKDISCARD
# through every engine, the discarded range reading back as zeroes (a loop
# device punches holes in its backing file) and verifying as trimmed, a
# trimwrite verified, and data found in a trimmed range reported as
# trim_not_zero; --readonly refuses a trim of the device.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
test_require_root
test_require_cmd losetup python3

dev=
cleanup() {
	[ -n "$dev" ] && losetup -d "$dev" 2>/dev/null
}
trap cleanup EXIT
truncate -s 4m backing.img
dev=$(loop_attach backing.img) || test_skip "no loop device"
[ "$(cat "/sys/block/${dev#/dev/}/queue/discard_max_bytes" 2>/dev/null || echo 0)" != 0 ] ||
	test_skip "$dev does not discard"

JOB="--name=j --filename=$dev --size=4m --bs=64k --verify=crc32c --direct=1"

# allocated: bytes of the backing file that hold blocks.
allocated() {
	echo $(( $(stat -c %b backing.img) * $(stat -c %B backing.img) ))
}

# devzero OFF LEN: the device's bytes in the range are all zero.
devzero() {
	python3 -c 'import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
b = os.pread(fd, int(sys.argv[3]), int(sys.argv[2]))
sys.exit(0 if len(b) == int(sys.argv[3]) and not any(b) else 1)' "$dev" "$@"
}

test_expect_success 'write the device, then trim half of it: discarded, read back as zeroes' '
	rm -f j.0.verio-state
	"$VERIO" $JOB --rw=write --verify_state_save=1 >/dev/null
	test "$(allocated)" -ge 4194304
	! devzero 0 65536
	"$VERIO" $JOB --rw=trim --io_size=2m --verify_state_save=1 --output-format=json >t.json
	test "$(json_get t.json "j[\"jobs\"][0][\"trim\"][\"total_ios\"]")" = 32
	test "$(json_get t.json "j[\"jobs\"][0][\"verify\"][\"trimmed\"]")" = 32
	test "$(json_get t.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
	devzero 0 2097152
	! devzero 2097152 65536
	test "$(allocated)" -lt 4194304
	"$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 --output-format=json >v.json
	test "$(json_get v.json "j[\"jobs\"][0][\"verify\"][\"trimmed\"]")" = 32
	test "$(json_get v.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
'

test_expect_success 'data written below a trimmed range: trim_not_zero, exit 1' '
	printf "xx" | dd of="$dev" bs=1 seek=70000 conv=notrunc status=none
	sync
	test_expect_code 1 "$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 \
		--output-format=json >v.json 2>err
	test "$(json_get v.json "j[\"jobs\"][0][\"verify\"][\"classes\"][\"trim_not_zero\"]")" = 1
	grep -q "offset 65536, length 65536 .*: not zero after trim" err
'

for e in psync sync $(async_engines 2>/dev/null); do
	test_expect_success "ioengine=$e: randtrimwrite of the device verifies" '
		rm -f j.0.verio-state
		"$VERIO" $JOB --rw=randtrimwrite --ioengine='"$e"' --iodepth=4 --size=1m \
			--output-format=json >v.json
		test "$(json_get v.json "j[\"jobs\"][0][\"trim\"][\"total_ios\"]")" = 16
		test "$(json_get v.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" = 16
		test "$(json_get v.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
	'
	test_expect_success "ioengine=$e: randtrim of the device reads back zeroes" '
		"$VERIO" $JOB --rw=randtrim --ioengine='"$e"' --iodepth=4 --size=1m \
			--output-format=json >v.json
		test "$(json_get v.json "j[\"jobs\"][0][\"verify\"][\"trimmed\"]")" = 16
		test "$(json_get v.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
		devzero 0 1048576
	'
done

test_expect_success '--readonly refuses a trim of the device' '
	"$VERIO" --name=w --filename="$dev" --size=64k --bs=64k --rw=write >/dev/null
	test_expect_code 2 "$VERIO" --readonly --name=t --filename="$dev" --size=64k --rw=trim 2>err
	! devzero 0 65536
'

test_done
