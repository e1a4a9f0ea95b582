#!/usr/bin/env bash
# t1310: atomic=1 sizes and targets, before any I/O. A write size that no
# RWF_ATOMIC write can have (not a power of two, several sizes, steps or
# a region start that are not multiples of it) is refused naming the
# option (exit 2); a target whose statx reports no atomic write limits
# (a file here when its filesystem has none, a loop device) is refused
# naming it and what statx said (exit 3), an existing target left as it
# was. t1311 runs atomic writes on a target that takes them.
# shellcheck disable=SC2016,SC2086  # eval'd bodies; option lists are words
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
test_require_cmd python3

JOB="--name=a --size=1m --verify=crc32c --atomic=1 --direct=1 --ioengine=pvsync2"

test_expect_success 'a write size not a power of two: exit 2, bs named' '
	test_expect_code 2 "$VERIO" $JOB --filename=a.dat --rw=randwrite --bs=12k 2>err &&
	grep -F "atomic=1: bs write size 12288 is not a power of two (RWF_ATOMIC needs one)" err &&
	test_expect_code 2 "$VERIO" $JOB --filename=a.dat --rw=randwrite \
		--bssplit=4k/50:24k/50 2>err &&
	grep -F "atomic=1: bssplit write size 24576 is not a power of two" err &&
	test ! -e a.dat
'

test_expect_success 'several write sizes (bssplit, bsrange): exit 2, the steps named' '
	test_expect_code 2 "$VERIO" $JOB --filename=a.dat --rw=randwrite \
		--bssplit=4k/50:16k/50 2>err &&
	grep -F "atomic=1: bssplit gives writes of 4096 to 16384 bytes, placed on 4096-byte steps" err &&
	test_expect_code 2 "$VERIO" $JOB --filename=a.dat --rw=write --bsrange=4k-8k 2>err &&
	grep -F "atomic=1: bsrange gives writes of 4096 to 8192 bytes" err &&
	test_expect_code 2 "$VERIO" $JOB --filename=a.dat --rw=write --bsrange=4k-8k \
		--bs_unaligned=1 2>err &&
	grep -F "atomic=1 cannot take bs_unaligned with a bsrange" err &&
	test ! -e a.dat
'

test_expect_success 'writes on steps or a start not multiples of their size: exit 2' '
	test_expect_code 2 "$VERIO" $JOB --filename=a.dat --rw=randrw --bs=4k,8k 2>err &&
	grep -F "atomic=1: I/Os are placed on 4096-byte steps (the job'"'"'s smallest block size or blockalign), so 8192-byte writes" err &&
	test_expect_code 2 "$VERIO" $JOB --filename=a.dat --rw=randwrite --bs=8k \
		--blockalign=4k 2>err &&
	grep -F "placed on 4096-byte steps" err &&
	test_expect_code 2 "$VERIO" $JOB --filename=a.dat --rw=write --bs=8k --offset=4k 2>err &&
	grep -F "atomic=1: the region of '"'"'a.dat'"'"' starts at byte 4096 (offset), not a multiple of the write size 8192" err &&
	test ! -e a.dat
'

test_expect_success 'a read job carries no RWF_ATOMIC: its sizes are not checked' '
	"$VERIO" --name=p --filename=r.dat --size=64k --bs=4k --rw=write >/dev/null &&
	"$VERIO" --name=r --filename=r.dat --size=64k --rw=randread --bs=12k --atomic=1 \
		--direct=1 --ioengine=pvsync2 --output-format=json >out.json &&
	json_check out.json "j[\"error\"] == 0 and j[\"read\"][\"io_bytes\"] > 0"
'

odirect_ok || test_skip "O_DIRECT is refused here: the targets cannot be tried"

# Does the scratch directory's filesystem take atomic writes? Then its
# refusals cannot be tried here (t1311 covers the target that does).
"$VERIO" --name=p --filename=probe.dat --size=64k --bs=4k --rw=write --atomic=1 \
	--direct=1 --ioengine=pvsync2 >/dev/null 2>probe.err
if grep -qF "takes no atomic writes: statx reports" probe.err; then
	test_expect_success 'existing file, no atomic writes: exit 3 before any I/O, file untouched' '
		head -c 1048576 /dev/urandom >a.dat &&
		cp a.dat a.orig &&
		for e in pvsync2 $(engine_built libaio && echo libaio) \
			 $(engine_built io_uring && echo io_uring); do
			test_expect_code 3 "$VERIO" $JOB --ioengine=$e --filename=a.dat \
				--rw=randwrite --bs=4k 2>err &&
			grep -E "^verio: job '"'"'a'"'"': atomic=1: '"'"'a.dat'"'"' takes no atomic writes: statx reports (an atomic write unit max of 0|no atomic write limits) \(the kernel, the filesystem or the device has no torn-write protection for it\)$" err || return 1
		done &&
		cmp a.dat a.orig
	'

	test_expect_success 'a refused target stops the whole run before any job starts' '
		rm -f b.dat &&
		test_expect_code 3 "$VERIO" --name=first --filename=b.dat --size=64k --rw=write \
			$JOB --filename=a.dat --rw=write --bs=4k 2>err &&
		grep -F "job '"'"'a'"'"': atomic=1: '"'"'a.dat'"'"' takes no atomic writes" err &&
		test ! -e b.dat && cmp a.dat a.orig
	'

	test_expect_success 'a file the job creates: refused once it exists, exit 3, no write' '
		rm -f n.dat &&
		test_expect_code 3 "$VERIO" $JOB --filename=n.dat --rw=write --bs=4k \
			--output-format=json >out.json 2>err &&
		grep -F "atomic=1: '"'"'n.dat'"'"' takes no atomic writes" err &&
		json_check out.json "j[\"error\"] == 95 and j[\"write\"][\"io_bytes\"] == 0"
	'
else
	echo "# the scratch filesystem takes atomic writes: its refusal cases are skipped"
fi

if [ "$(id -u)" -eq 0 ] && command -v losetup >/dev/null; then
	truncate -s 4m backing.img
	if dev=$(loop_attach backing.img); then
		trap 'losetup -d "$dev" 2>/dev/null' EXIT
		# A loop device has no atomic write unit (its queue limits are 0).
		test_expect_success 'loop device: no atomic write limits, exit 3, not written' '
			test_expect_code 3 "$VERIO" $JOB --filename="$dev" --rw=write --bs=4k 2>err &&
			grep -E "atomic=1: '"'"'$dev'"'"' takes no atomic writes: statx reports" err &&
			test "$(od -An -v -tx1 backing.img | tr -d " \n" | tr -d 0)" = ""
		'
	else
		echo "# no loop device: its case is skipped"
	fi
else
	echo "# not root or no losetup: the loop device case is skipped"
fi

test_done
