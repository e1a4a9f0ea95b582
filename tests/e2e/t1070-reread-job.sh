#!/usr/bin/env bash
# t1070: reread triage of a job's failing unit (verify_reread). A bit
# flipped on the read only (ioengine=faulty) is transient; one flipped on
# the way to the media is persistent; both, at other bits, is changed;
# verify_reread=0 is "off" and does not reread. Each is said in the
# incident's text line, the JSON incident and the dump .json, counted in
# the verify object's "rereads", and the unit still fails: exit 1, its
# class the first read's.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
. "$SRCDIR/tests/e2e/lib-reread.sh"
test_require_cmd python3
engine_built faulty || test_skip "faulty is not built"

test_expect_success 'a flip on the 3rd read: transient in text, JSON and dump, exit 1' '
	faulty_run 1 --verify_dump=1 --faulty_rule="flip on=read nth=3 bit=1000"
	incidents_are out.json 8192:bit_flips
	reread_is out.json 8192 transient
	grep -qF "bit flips (1 bits in 1 bytes, first at bit 1000 of the unit); crc32c expected " err
	grep -q "^verio: job .w.: verify failed at file .t.dat. offset 8192, .*$TEXT_TRANSIENT$" err
	dump_reread_is t.dat.8192.json transient
'

test_expect_success 'a flip on the 3rd write: persistent in text, JSON and dump, exit 1' '
	faulty_run 1 --verify_dump=1 --faulty_rule="flip on=write nth=3 bit=1000"
	incidents_are out.json 8192:bit_flips
	reread_is out.json 8192 persistent
	grep -q "^verio: job .w.: verify failed at file .t.dat. offset 8192, .*$TEXT_PERSISTENT$" err
	dump_reread_is t.dat.8192.json persistent
'

test_expect_success 'flipped on the media and again on the read: changed (the reread is bit flips too)' '
	faulty_run 1 --verify_dump=1 \
		--faulty_rule="flip on=write nth=3 bit=1000; flip on=read nth=3 bit=2000"
	incidents_are out.json 8192:bit_flips
	reread_is out.json 8192 changed
	json_check out.json "v[\"incidents\"][0][\"bad_bits\"] == 2 and v[\"incidents\"][0][\"reread_class\"] == \"bit_flips\""
	grep -q "offset 8192, .*(changed: the reread with the cache bypassed fails differently (bit flips))$" err
	dump_reread_is t.dat.8192.json changed
'

test_expect_success 'a flip in a header on the read: the header class stays, transient' '
	faulty_run 1 --faulty_rule="flip on=read offset=20k bit=7"
	incidents_are out.json 20480:header
	reread_is out.json 20480 transient
'

test_expect_success 'verify_reread=0: "off", no reread text, and the target is opened no more' '
	rm -f t.dat w.*.verio-state
	traced -f -e trace=open,openat -o trace "$VERIO" $FJOB --output-format=json \
		--verify_reread=0 --verify_dump=1 --faulty_rule="flip on=read nth=3 bit=1000" \
		>out.json 2>err || test $? = 1
	incidents_are out.json 8192:bit_flips
	reread_is out.json 8192 off
	! grep -q "reread" err
	dump_reread_is t.dat.8192.json off
	! grep "t\.dat\"" trace | grep -q O_DIRECT
	# with it on, the reread opens t.dat with O_DIRECT (refused on tmpfs, then buffered)
	rm -f t.dat w.*.verio-state
	traced -f -e trace=open,openat -o trace "$VERIO" $FJOB --output-format=json \
		--faulty_rule="flip on=read nth=3 bit=1000" >out.json 2>err || test $? = 1
	reread_is out.json 8192 transient
	grep "t\.dat\"" trace | grep -q O_DIRECT
'

test_expect_success 'a bad verify_reread value is refused before any I/O (exit 2)' '
	rm -f t.dat
	test_expect_code 2 "$VERIO" $FJOB --verify_reread=maybe 2>err
	grep -q "verify_reread" err
	test ! -e t.dat
'

for e in $(async_engines); do
	test_expect_success "over $e (iodepth 8): transient and persistent" '
		faulty_run 1 --iodepth=8 --faulty_engine='"$e"' --faulty_rule="flip on=read nth=3 bit=1000"
		reread_is out.json 8192 transient
		faulty_run 1 --iodepth=8 --faulty_engine='"$e"' --faulty_rule="flip on=write nth=3 bit=1000"
		reread_is out.json 8192 persistent
	'
done

test_done
