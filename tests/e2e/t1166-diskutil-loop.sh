#!/usr/bin/env bash
# t1166: disk_util for a block device target (as root, on a loop device):
# the loop device itself is the entry, its direct writes counted, in the
# JSON, the text's "Disk stats" and terse's disk fields, as fio names it.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_root
test_require_cmd losetup python3

dev=
cleanup() {
	[ -n "$dev" ] && losetup -d "$dev" 2>/dev/null
}
trap cleanup EXIT
truncate -s 4m backing.img
dev=$(loop_attach backing.img) || test_skip "no loop device"
name=${dev#/dev/}

JOB="--name=l --filename=$dev --size=2m --bs=4k --rw=write --direct=1"

test_expect_success 'JSON: the loop device, its direct writes counted' '
	"$VERIO" $JOB --output-format=json >o.json
	test "$(json_get o.json "[d[\"name\"] for d in j[\"disk_util\"]]")" = "[\"$name\"]"
	test "$(json_get o.json "j[\"disk_util\"][0][\"write_ios\"] >= 256")" = true
	test "$(json_get o.json "j[\"disk_util\"][0][\"read_ios\"]")" = 0
'

test_expect_success 'text and terse name it too' '
	"$VERIO" $JOB --output-format=normal,terse >o.all
	grep -qE "^  $name: ios=0/[1-9][0-9]*, merge=" o.all
	test "$(grep "^3;" o.all | awk -F";" "{ print NF }")" = 130
	test "$(grep "^3;" o.all | cut -d";" -f122)" = "$name"
'

test_expect_success 'fio 3.33 names the same device' '
	command -v fio >/dev/null || { echo "# no fio: skipped"; exit 0; }
	fio $JOB --output-format=json >fio.json
	test "$(json_get fio.json "[d[\"name\"] for d in j[\"disk_util\"]]")" = "[\"$name\"]"
'

test_done
