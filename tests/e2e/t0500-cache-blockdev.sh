#!/usr/bin/env bash
# t0500: buffered verification reads the device, not the page cache (as
# root, on loop devices): writes a full tmpfs could not hold are found, and
# verify_only sees a change made below the device's cache.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_root
test_require_cmd losetup python3

mkdir mnt
mount -t tmpfs -o size=4m tmpfs mnt || test_skip "cannot mount a tmpfs"
dev=
cleanup() {
	exec 9<&-
	[ -n "$dev" ] && losetup -d "$dev" 2>/dev/null
	umount mnt 2>/dev/null
	rmdir mnt 2>/dev/null
}
trap cleanup EXIT
# Sparse, twice what the tmpfs can hold.
truncate -s 8m mnt/backing.img
dev=$(loop_attach mnt/backing.img) || test_skip "no loop device"

test_expect_success 'a loop device on a full tmpfs never verifies clean (default buffered I/O)' '
	rc=0
	"$VERIO" --name=w --filename="$dev" --rw=write --bs=4k --size=8m --verify=crc32c \
		--output-format=json >out.json 2>err || rc=$?
	test "$rc" = 1 || test "$rc" = 3
	if test "$rc" = 1; then
		json_check out.json "v[\"failures\"] > 0 and v[\"classes\"][\"zeroed\"] == v[\"failures\"]"
	fi
	json_check out.json "j[\"cache_invalidate_failed\"] == 0"
'

losetup -d "$dev"
dev=
rm -f mnt/backing.img
truncate -s 4m backing.img
dev=$(loop_attach backing.img) || test_skip "no loop device"

test_expect_success 'buffered write+verify on a loop device passes and drops its cache' '
	"$VERIO" --name=w --filename="$dev" --rw=randwrite --bs=4k --size=4m --verify=crc32c \
		--output-format=json >out.json
	json_clean out.json
	json_check out.json "v[\"units\"] == 1024 and j[\"cache_invalidate_failed\"] == 0"
'

test_expect_success 'verify_only reads what is below the cache: a flip in the backing file is found' '
	# Held open, the device keeps its page cache between the runs.
	exec 9<"$dev"
	"$VERIO" --name=w --filename="$dev" --rw=write --bs=4k --size=4m --verify=crc32c \
		--output-format=json >out.json
	json_clean out.json
	# Below the loop device: its page cache still holds the right bytes.
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip backing.img $((308 * 4096 + 1000)) 3
	test_expect_code 1 "$VERIO" --name=w --filename="$dev" --rw=read --bs=4k --size=4m \
		--verify=crc32c --verify_only=1 --output-format=json >out.json 2>err
	exec 9<&-
	json_one_incident out.json class=bit_flips offset=$((308 * 4096))
'

test_done
