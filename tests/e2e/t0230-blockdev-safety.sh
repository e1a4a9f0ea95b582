#!/usr/bin/env bash
# t0230: a write job refuses a formatted or mounted block device (as root,
# on a loop device); allow_mounted_write=1 overrides a signature.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
test_require_root
test_require_cmd losetup mkfs.ext4 python3

truncate -s 64m backing.img
dev=$(loop_attach backing.img) || test_skip "no loop device"
mnt=$(mktemp -d)
cleanup() { umount "$mnt" 2>/dev/null; losetup -d "$dev" 2>/dev/null; rmdir "$mnt"; }
trap cleanup EXIT

test_expect_success 'a blank loop device is accepted' '
	"$VERIO" --name=w --filename="$dev" --size=4m --rw=write --output-format=json >out.json
	test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"io_bytes\"]")" = 4194304
'

test_expect_success 'a loop device holding ext4 is refused with exit 2' '
	mkfs.ext4 -q -F "$dev"
	sum=$(head -c 4194304 "$dev" | md5sum)
	test_expect_code 2 "$VERIO" --name=w --filename="$dev" --size=4m --rw=write 2>err
	grep "ext2/3/4" err
	test "$(head -c 4194304 "$dev" | md5sum)" = "$sum"
'

test_expect_success 'a read job on it is fine' '
	"$VERIO" --name=r --filename="$dev" --size=4m --rw=read >/dev/null
'

test_expect_success 'a mounted device is refused even with a read-write job' '
	mount "$dev" "$mnt"
	test_expect_code 2 "$VERIO" --name=w --filename="$dev" --size=4m --rw=randrw 2>err
	grep "mounted" err
	umount "$mnt"
'

test_expect_success 'allow_mounted_write=1 overrides the signature check' '
	"$VERIO" --name=w --filename="$dev" --size=4m --rw=write --allow_mounted_write=1 >/dev/null
'

test_done
