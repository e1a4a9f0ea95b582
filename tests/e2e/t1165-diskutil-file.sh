#!/usr/bin/env bash
# t1165: disk_util for a file target: the device holding the scratch
# directory's file system (a partition counts as its disk) is in the JSON
# disk_util with the job's direct writes counted, in the text's "Disk
# stats" and in terse's disk fields (as many fields as fio 3.33's line for
# the same job); disk_util=0, the null engine and a tmpfs file have none.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

# The disk under a path as sysfs names it, or nothing (no block device).
disk_of() {
	local mm sys
	mm=$(python3 -c 'import os, sys; d = os.stat(sys.argv[1]).st_dev
print("%d:%d" % (os.major(d), os.minor(d)))' "$1")
	sys=$(readlink -f "/sys/dev/block/$mm" 2>/dev/null) || return 0
	[ -d "$sys" ] || return 0
	[ -e "$sys/partition" ] && sys=$(dirname "$sys")
	basename "$sys"
}

DISK=$(disk_of .)
[ -n "$DISK" ] || test_skip "the scratch directory is on no block device"
grep -q " $DISK " /proc/diskstats || test_skip "$DISK is not in /proc/diskstats"

T=$PWD/d.dat
JOB="--name=w --filename=$T --size=2m --bs=4k --rw=write --direct=1"

test_expect_success 'JSON disk_util names the disk and counts the direct writes' '
	"$VERIO" $JOB --output-format=json >o.json
	test "$(json_get o.json "[d[\"name\"] for d in j[\"disk_util\"]].count(\"$DISK\")")" = 1
	test "$(json_get o.json "[d[\"write_ios\"] for d in j[\"disk_util\"] if d[\"name\"] == \"$DISK\"][0] > 0")" = true
	test "$(json_get o.json "sorted(j[\"disk_util\"][0].keys())[:9]")" = \
		"$(json_get o.json "sorted([\"name\", \"read_ios\", \"write_ios\", \"read_merges\", \"write_merges\", \"read_ticks\", \"write_ticks\", \"in_queue\", \"util\"])")"
	test "$(json_get o.json "all(0 <= d[\"util\"] <= 100 for d in j[\"disk_util\"])")" = true
'

test_expect_success 'the text report has fio'"'"'s Disk stats lines' '
	"$VERIO" $JOB >o.txt
	grep -qx "Disk stats (read/write):" o.txt
	grep -qE "^ +$DISK: ios=[0-9]+/[1-9][0-9]*, merge=[0-9]+/[0-9]+, ticks=[0-9]+/[0-9]+, in_queue=[0-9]+, util=[0-9]+\.[0-9]{2}%\$" o.txt
'

test_expect_success 'terse: 121 job fields, then the disk fields' '
	"$VERIO" $JOB --output-format=terse >o.terse
	n=$(awk -F";" "{ print NF }" o.terse)
	test $(( (n - 121) % 9 )) = 0
	test "$n" -ge 130
	test "$(cut -d";" -f122 o.terse)" != ""
	grep -q ";$DISK;[0-9]*;[1-9][0-9]*;" o.terse
'

test_expect_success 'terse has as many fields as fio 3.33'"'"'s for the same job' '
	command -v fio >/dev/null || { echo "# no fio: skipped"; exit 0; }
	fio $JOB --minimal >fio.terse
	"$VERIO" $JOB --minimal >verio.terse
	test "$(awk -F";" "{ print NF }" verio.terse)" = "$(awk -F";" "/^3;/ { print NF }" fio.terse)"
'

test_expect_success '--status-interval reports have the disk too, as fio'"'"'s' '
	"$VERIO" $JOB --time_based --runtime=2 --status-interval=1 >st.txt
	test "$(grep -c "^Disk stats (read/write):\$" st.txt)" -ge 2
	test "$(grep -cE "^ +$DISK: ios=" st.txt)" = "$(grep -c "^Disk stats" st.txt)"
'

test_expect_success 'disk_util=0: an empty array, no Disk stats, 121 terse fields' '
	"$VERIO" $JOB --disk_util=0 --output-format=json,normal,terse >o.all
	grep -q "\"disk_util\" : \[\]," o.all
	! grep -q "Disk stats" o.all
	test "$(grep "^3;" o.all | awk -F";" "{ print NF }")" = 121
'

test_expect_success 'disk_util takes a boolean only' '
	"$VERIO" $JOB --disk_util=1 --disk_util >/dev/null
	test_expect_code 2 "$VERIO" $JOB --disk_util=maybe >out 2>err
	grep -q "option .disk_util.: invalid boolean" err
'

test_expect_success 'the null engine touches no device: none' '
	"$VERIO" --name=n --ioengine=null --size=1m --rw=write --output-format=json >n.json
	test "$(json_get n.json "len(j[\"disk_util\"])")" = 0
'

test_expect_success 'a file on tmpfs: no block device, no entry' '
	[ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] || { echo "# no tmpfs /dev/shm"; exit 0; }
	f=/dev/shm/verio-t1165.$$
	"$VERIO" --name=s --filename=$f --size=1m --rw=write --output-format=json >s.json
	rm -f $f
	test "$(json_get s.json "len(j[\"disk_util\"])")" = 0
'

test_done
