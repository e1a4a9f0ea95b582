#!/usr/bin/env bash
# t1406: a block device target's identity in the JSON report (as root, on
# a loop device): "targets" names it a block device, its region and size,
# and its "device" is the loop device itself with what sysfs says of it
# (no model: a loop device has none), the verify map covering the region.
# shellcheck disable=SC2016,SC2034,SC2317  # eval'd bodies use $name and the clean-up
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_root
test_require_cmd losetup blockdev python3

dev=
cleanup() {
	[ -n "$dev" ] && losetup -d "$dev" 2>/dev/null
}
trap cleanup EXIT
truncate -s 4m backing.img
dev=$(loop_attach backing.img) || test_skip "no loop device"
name=${dev#/dev/}

test_expect_success 'the loop device: block target, its device from sysfs' '
	"$VERIO" --name=l --filename="$dev" --offset=1m --size=2m --bs=4k --rw=write \
		--direct=1 --verify=crc32c --output-format=json >o.json
	python3 - o.json "$dev" "$name" "$(blockdev --getss "$dev")" \
		"$(cat /sys/block/"$name"/queue/scheduler)" <<-"PY"
	import json, sys
	jb = json.load(open(sys.argv[1]))["jobs"][0]
	devpath, name, lbs, sched = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
	(t,) = jb["targets"]
	assert t["file"] == devpath and t["type"] == "block", t
	assert (t["offset"], t["length"], t["size"]) == (1 << 20, 2 << 20, 4 << 20), t
	d = t["device"]
	assert d["name"] == name and "model" not in d, d
	assert d["size"] == 4 << 20 and d["logical_block_size"] == lbs, d
	assert d["physical_block_size"] >= lbs and d["rotational"] in (True, False), d
	assert "[" not in d["scheduler"] and d["scheduler"] in sched, (d["scheduler"], sched)
	(m,) = jb["verify"]["map"]
	assert (m["file"], m["offset"], m["length"]) == (devpath, 1 << 20, 2 << 20), m
	assert sum(m["written"]) == 512 and sum(m["verified"]) == 512, m
	assert jb["job_index"] == 0 and set(jb["seeds"]) >= {"offset_seed", "data_seed", "run_id"}
	PY
'

test_done
