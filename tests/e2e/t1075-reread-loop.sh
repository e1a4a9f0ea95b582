#!/usr/bin/env bash
# t1075: reread triage on a block device (a loop device, as root): the
# reread opens the device with O_DIRECT. A bit flipped in the backing file
# (below the device) is persistent; a bit flipped on a read of the device
# (ioengine=faulty, buffered and direct) is transient. Exit 1.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-reread.sh"
test_require_root
test_require_cmd losetup python3
engine_built faulty || test_skip "faulty is not built"

dev=
cleanup() {
	[ -n "$dev" ] && losetup -d "$dev" 2>/dev/null
	rm -f backing.img
}
trap cleanup EXIT
truncate -s 1m backing.img
dev=$(loop_attach backing.img) || test_skip "no loop device"

JOB="--name=w --rw=write --bs=4k --size=256k --verify=crc32c --output-format=json"

test_expect_success 'a flip below the device (the backing file): persistent' '
	# shellcheck disable=SC2086
	"$VERIO" --filename="$dev" $JOB >out.json
	json_clean out.json
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip backing.img $((20 * 4096 + 1000)) 3
	# shellcheck disable=SC2086
	test_expect_code 1 "$VERIO" --filename="$dev" $JOB --rw=read --verify_only=1 >out.json 2>err
	json_one_incident out.json class=bit_flips offset=$((20 * 4096)) reread=persistent
	reread_is out.json $((20 * 4096)) persistent
	grep -q "offset 81920, .*$TEXT_PERSISTENT$" err
'

for direct in 0 1; do
	test_expect_success "a flip on a read of the device (direct=$direct): transient" '
		# shellcheck disable=SC2086
		test_expect_code 1 "$VERIO" --filename="$dev" $JOB --direct='"$direct"' \
			--ioengine=faulty --faulty_rule="flip on=read nth=7 bit=5000" >out.json 2>err
		json_one_incident out.json class=bit_flips offset=$((6 * 4096)) reread=transient
		reread_is out.json $((6 * 4096)) transient
		grep -q "offset 24576, .*$TEXT_TRANSIENT$" err
	'
done

test_done
