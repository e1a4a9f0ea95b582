#!/usr/bin/env bash
# t1071: reread triage in verify_only runs. A bit flipped in the file
# between the runs (corrupt.py: on the media) is persistent; a bit flipped
# on the verify_only run's read (ioengine=faulty) is transient. Text, JSON,
# dump .json; exit 1 either way.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
. "$SRCDIR/tests/e2e/lib-reread.sh"
test_require_cmd python3
engine_built faulty || test_skip "faulty is not built"

# write: the 64 KiB of FJOB written and verified clean, state saved.
write() {
	rm -f t.dat w.*.verio-state t.dat.*.json t.dat.*.received t.dat.*.expected
	# shellcheck disable=SC2086
	"$VERIO" $FJOB --ioengine=psync --output-format=json >out.json 2>err
	clean out.json
}

test_expect_success 'a flip on the media (corrupt.py): persistent, exit 1' '
	write
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip t.dat $((12288 + 700)) 5
	reread 1 --verify_dump=1
	incidents_are out2.json 12288:bit_flips
	reread_is out2.json 12288 persistent
	grep -q "^verio: job .w.: verify failed at file .t.dat. offset 12288, .*$TEXT_PERSISTENT$" err2
	dump_reread_is t.dat.12288.json persistent
'

test_expect_success 'a flip on the verify_only read only: transient, exit 1, the media is right' '
	write
	reread 1 --verify_dump=1 --ioengine=faulty --faulty_rule="flip on=read nth=5 bit=3000"
	incidents_are out2.json 16384:bit_flips
	reread_is out2.json 16384 transient
	grep -q "^verio: job .w.: verify failed at file .t.dat. offset 16384, .*$TEXT_TRANSIENT$" err2
	dump_reread_is t.dat.16384.json transient
	reread 0
'

test_expect_success 'several units on the media: each persistent, all counted' '
	write
	python3 "$SRCDIR/tests/e2e/corrupt.py" zero t.dat 4096 4096
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip t.dat $((40960 + 1000)) 0
	reread 1
	incidents_are out2.json 4096:zeroed 40960:bit_flips
	reread_is out2.json 4096 persistent
	reread_is out2.json 40960 persistent
	json_check out2.json "v[\"rereads\"][\"persistent\"] == 2"
'

test_expect_success 'verify_reread=0 in verify_only: off' '
	write
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip t.dat $((12288 + 700)) 5
	reread 1 --verify_reread=0
	reread_is out2.json 12288 off
	! grep -q reread err2
'

test_done
