#!/usr/bin/env bash
# t1311: atomic=1 on a target that takes RWF_ATOMIC writes: a file on XFS
# with reflink (Linux 6.16 and later write atomically there by copy on
# write, up to a unit statx reports, whatever the device), in an image on
# a loop device (as root, mkfs.xfs needed). On pvsync2, libaio and
# io_uring random atomic writes verify clean; pvsync2 sets RWF_ATOMIC on
# each (strace); a write size under the unit's min or over its max is
# refused before any I/O, the limits named (exit 3); verify_overlap over
# atomic writes verifies four clones clean and catches a torn atomic write.
# Skipped (77), saying why, where any of that is missing.
# shellcheck disable=SC2016,SC2086  # eval'd bodies; option lists are words
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
test_require_root
test_require_cmd python3 losetup mkfs.xfs mount umount

# A sparse image. mkfs.xfs wants 300 MiB and a 64 MiB log (which it
# writes) unless the variables of the fstests suite are set: then 64 MiB
# with a small log will do, some 6 MiB written.
truncate -s 64m xfs.img
if ! TEST_DIR=1 TEST_DEV=1 QA_CHECK_FS=1 mkfs.xfs -q -f -m reflink=1 xfs.img 2>mkfs.err; then
	truncate -s 320m xfs.img
	mkfs.xfs -q -f -m reflink=1 xfs.img 2>mkfs.err ||
		test_skip "mkfs.xfs failed: $(head -n 1 mkfs.err)"
fi
dev=$(loop_attach xfs.img) || test_skip "no loop device"
mkdir mnt
cleanup() { umount mnt 2>/dev/null; losetup -d "$dev" 2>/dev/null; }
trap cleanup EXIT
mount -t xfs "$dev" mnt 2>/dev/null || test_skip "cannot mount XFS (no XFS in this kernel?)"

JOB="--name=a --filename=mnt/a.dat --verify=crc32c --atomic=1 --direct=1"

# Does this kernel's XFS write atomically? (statx, through verio's check)
"$VERIO" $JOB --size=64k --bs=4k --rw=write --ioengine=pvsync2 >/dev/null 2>probe.err ||
	test_skip "XFS here takes no atomic writes (needs Linux 6.16+): $(head -n 1 probe.err)"

for e in pvsync2 libaio io_uring; do
	engine_built $e || { echo "# $e is not built: its case is skipped"; continue; }
	test_expect_success "$e: random atomic writes of 4k and 64k verify clean" '
		for bs in 4k 64k; do
			rm -f mnt/a.dat &&
			"$VERIO" $JOB --size=4m --bs=$bs --rw=randwrite --iodepth=8 \
				--ioengine=$e --output-format=json >out.json &&
			json_check out.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and j[\"write\"][\"io_bytes\"] == 4 << 20 and v[\"units\"] > 0" || return 1
		done
	'
done

if command -v strace >/dev/null; then
	test_expect_success 'pvsync2: every write carries RWF_ATOMIC' '
		traced -f -qq -e trace=pwritev2 -o st "$VERIO" $JOB --size=64k --bs=4k \
			--rw=write --ioengine=pvsync2 >/dev/null &&
		test "$(grep -cE "^[0-9]+ +pwritev2\(" st)" = 16 &&
		! grep -E "^[0-9]+ +pwritev2\(" st | grep -qvE ", (RWF_ATOMIC|0x40)"
	'
fi

# verify_overlap over atomic writes: four clones rewriting one region
# verify clean; a write the fault filter tears (its first half lands) is a
# torn atomic write, found at its offset.
if engine_built io_uring; then
	test_expect_success 'verify_overlap, four clones of atomic 8k writes: clean; a torn one caught' '
		rm -f mnt/a.dat &&
		O="--name=o --filename=mnt/a.dat --size=1m --bs=8k --rw=randwrite --norandommap=1 --numjobs=4 --iodepth=8 --direct=1 --atomic=1 --verify=crc32c --verify_overlap=1" &&
		"$VERIO" $O --ioengine=io_uring --output-format=json >out.json &&
		python3 -c "import json; d = json.load(open(\"out.json\")); assert sum(j[\"verify\"][\"failures\"] for j in d[\"jobs\"]) == 0" &&
		test_expect_code 1 "$VERIO" --filename=mnt/a.dat --size=1m --bs=8k --rw=write \
			--direct=1 --atomic=1 --verify=crc32c --verify_overlap=1 \
			--name=f1 --ioengine=io_uring --do_verify=0 \
			--name=f2 --stonewall --ioengine=faulty --faulty_engine=io_uring \
			--faulty_rule="tear offset=524288 count=1" >/dev/null 2>err &&
		grep -q "offset 524288, length 8192 .*: torn (from sector 8 at offset 528384 generation 1, before it 2)" err &&
		test "$(grep -c "verify failed" err)" = 1
	'
fi

test_expect_success 'write sizes outside the atomic write unit: exit 3, limits named, no write' '
	"$VERIO" --name=p --filename=mnt/a.dat --size=4m --bs=1m --rw=write >/dev/null &&
	cp mnt/a.dat a.orig &&
	test_expect_code 3 "$VERIO" $JOB --size=64m --bs=64m --rw=write --ioengine=pvsync2 2>err &&
	grep -E "^verio: job '"'"'a'"'"': atomic=1: bs=67108864 is outside the atomic write unit of '"'"'mnt/a.dat'"'"': statx reports min [0-9]+, max [0-9]+ bytes \([0-9]+ segments?\)$" err &&
	test_expect_code 3 "$VERIO" $JOB --size=4m --bs=512 --rw=write --ioengine=pvsync2 2>err &&
	grep -E "atomic=1: bs=512 is outside the atomic write unit of '"'"'mnt/a.dat'"'"': statx reports min [0-9]+" err &&
	cmp mnt/a.dat a.orig
'

test_done
