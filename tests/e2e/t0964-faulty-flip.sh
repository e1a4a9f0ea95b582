#!/usr/bin/env bash
# t0964: a bit ioengine=faulty flips on a read is bit flips, and reading
# again finds the data right (transient); one it flips on a write is bit
# flips, and reading again finds it again (persistent). Exit 1, and then
# 0 or 1.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
test_require_cmd python3

flipped_at() {	# FILE OFFSET BIT: one bit, that one
	json_check "$1" "v[\"incidents\"][0][\"bad_bits\"] == 1 and v[\"incidents\"][0][\"first_bad_bit\"] == $3"
}

test_expect_success 'a flip on the 3rd read: bit flips at 8192, then gone (transient)' '
	faulty_run 1 --faulty_rule="flip on=read nth=3 bit=1000"
	incidents_are out.json 8192:bit_flips
	flipped_at out.json 8192 1000
	grep -qF "offset 8192, length 4096 (requested block: offset=8192, length=4096): bit flips (1 bits in 1 bytes, first at bit 1000 of the unit)" err
	reread 0
	clean out2.json
'

test_expect_success 'a flip on the 3rd write: bit flips at 8192, and again (persistent)' '
	faulty_run 1 --faulty_rule="flip on=write nth=3 bit=1000"
	incidents_are out.json 8192:bit_flips
	flipped_at out.json 8192 1000
	reread 1
	incidents_are out2.json 8192:bit_flips
	flipped_at out2.json 8192 1000
'

test_expect_success 'a flip by offset, on write: that unit only (the job buffer is put back)' '
	faulty_run 1 --faulty_rule="flip on=write offset=20k bit=9000; flip on=write nth=99 bit=1"
	incidents_are out.json 20480:bit_flips
	flipped_at out.json 20480 9000
'

test_expect_success 'a flip in the unit header: the header class (docs/faulty-rules.md)' '
	faulty_run 1 --faulty_rule="flip on=read offset=20k bit=7"
	incidents_are out.json 20480:header
	reread 0
'

for e in $(async_engines); do
	test_expect_success "flips over $e (iodepth 8): transient and persistent" '
		faulty_run 1 --iodepth=8 --faulty_engine='"$e"' --faulty_rule="flip on=read nth=3 bit=1000"
		incidents_are out.json 8192:bit_flips
		reread 0
		faulty_run 1 --iodepth=8 --faulty_engine='"$e"' --faulty_rule="flip on=write nth=3 bit=1000"
		incidents_are out.json 8192:bit_flips
		reread 1
	'
done

test_done
