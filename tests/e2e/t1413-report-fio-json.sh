#!/usr/bin/env bash
# t1413: `verio report` on fio 3.33's own JSON (no verio keys at all, and
# its normal text around it): a page with what there is, the rest said.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_jansson
test_require_cmd python3 fio

test_expect_success 'fio JSON: PASS derived, the job and its numbers, no map' '
	fio --name=x --filename=f.dat --size=256k --rw=randrw --output-format=json >fio.json
	"$VERIO" report fio.json
	grep -q "<h1>PASS</h1>" fio.html
	grep -q "exit status 0 (derived from the jobs" fio.html
	grep -q "<tr><th>fio version</th><td>fio-3" fio.html
	grep -q "<section id=\"job-0\" class=\"job\"><h2>Job x " fio.html
	grep -q "<tr><td>read</td><td>[1-9]" fio.html
	grep -q "<tr><td>write</td><td>[1-9]" fio.html
	grep -q "No device map" fio.html
	grep -q "This job did not verify." fio.html
	! grep -qi "http" fio.html
'

test_expect_success 'fio normal,json output: the JSON found among the text' '
	fio --name=x --filename=f.dat --size=256k --rw=read --output-format=normal,json >mixed.out
	"$VERIO" report mixed.out -o mixed.html
	grep -q "<tr><td>read</td><td>64</td>" mixed.html
'

test_done
