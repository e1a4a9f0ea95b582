#!/usr/bin/env bash
# t1410: `verio report RUN.json` makes one self-contained HTML page of a
# real run with injected corruption: the verdict, the failing units in the
# incident table and (when the run wrote a device map) in the map at the
# right offsets, the run's JSON embedded unchanged; and its exit statuses
# for a missing file, a file that is not JSON and a page it cannot write.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
test_require_jansson
test_require_cmd python3

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
# 256 units of 4k; then a bit flipped in unit 2 and unit 0 copied over unit 5.
JOB="--name=w --filename=t.dat --size=1m --rw=write --bs=4k --verify=crc32c"

# page_json PAGE: the JSON embedded in PAGE, '\u003c' back to '<', on stdout.
page_json() {
	python3 - "$1" <<-'EOF'
	import re, sys
	page = open(sys.argv[1], encoding="utf-8").read()
	m = re.search(r'<script type="application/json" id="verio-report" data-schema="\d+">(.*?)</script>', page, re.S)
	assert m, "no embedded JSON"
	assert "<" not in m.group(1)
	sys.stdout.write(m.group(1).replace("\\u003c", "<"))
	EOF
}

# same_json A B: the two files hold equal JSON documents.
same_json() {
	python3 -c 'import json, sys; a, b = (json.load(open(p)) for p in sys.argv[1:]); assert a == b' "$1" "$2"
}

test_expect_success 'a run with two corrupted units, then its page' '
	"$VERIO" $JOB >/dev/null
	$CORRUPT flip t.dat 8200 3
	$CORRUPT copy t.dat 0 20480 4096
	test_expect_code 1 "$VERIO" $JOB --verify_only=1 --output-format=json >run.json 2>err
	"$VERIO" report run.json 2>err
	test ! -s err
	test -s run.html
	grep -q "^<!DOCTYPE html>" run.html
	grep -q "<h1>FAIL</h1>" run.html
'

test_expect_success 'the page fetches nothing' '
	! grep -qi "http" run.html
	! grep -qi "src=" run.html
	! grep -qi "@import" run.html
'

test_expect_success 'the incidents: both units, their classes' '
	grep -q "<tr data-class=\"header\"><td>.*</td><td>t.dat</td><td>8192</td><td>4096</td><td>header</td>" run.html
	grep -q "<tr data-class=\"misdirected\"><td>.*</td><td>t.dat</td><td>20480</td><td>4096</td><td>misdirected</td>" run.html
	grep -q "<tr><td>misdirected</td><td>1</td></tr>" run.html
'

test_expect_success 'the embedded JSON is the run'"'"'s' '
	page_json run.html >back.json
	same_json run.json back.json
'

test_expect_success 'the device map: the failing cells at their offsets' '
	grep -q "data-offset=\"8192\" data-end=\"12288\" data-state=\"failed\" data-classes=\"header\"" run.html
	grep -q "data-offset=\"20480\" data-end=\"24576\" data-state=\"failed\" data-classes=\"misdirected\"" run.html
	grep -q "data-offset=\"0\" data-end=\"4096\" data-state=\"verified\"" run.html
'

test_expect_success 'a report without "map" (an older verio): the page says so' '
	python3 -c "import json, sys; j = json.load(open(sys.argv[1])); del j[\"jobs\"][0][\"verify\"][\"map\"]; json.dump(j, open(sys.argv[2], \"w\"))" run.json nomap.json
	"$VERIO" report nomap.json
	grep -q "No device map: the report has no" nomap.html
	! grep -q "data-state=" nomap.html
'

test_expect_success 'text before and after the JSON (normal,json), -o, --logs' '
	{ echo "w: (g=0): some normal text"; cat run.json; echo "Run status group 0"; } >mixed.out
	"$VERIO" report mixed.out -o mixed.html --logs .
	test -s mixed.html
	test ! -e mixed.out.html
	page_json mixed.html >back2.json
	same_json run.json back2.json
'

test_expect_success '-o - writes to standard output' '
	"$VERIO" report run.json -o - >stdout.html
	cmp stdout.html run.html
'

test_expect_success 'a missing report: exit 2, named' '
	test_expect_code 2 "$VERIO" report nosuch.json 2>err
	grep -q "cannot read .nosuch.json.: No such file" err
	test ! -e nosuch.html
'

test_expect_success 'not JSON: exit 2 with the line and column in the file' '
	printf "text first\n{\n  \"jobs\" 1\n}\n" >bad.json
	test_expect_code 2 "$VERIO" report bad.json 2>err
	grep -q "^verio: report: .bad.json. is not a JSON report: line 3 column " err
	test ! -e bad.html
'

test_expect_success 'a page that cannot be written: exit 3' '
	test_expect_code 3 "$VERIO" report run.json -o nodir/x.html 2>err
	grep -q "cannot write .nodir/x.html." err
'

test_expect_success 'usage errors: exit 2' '
	test_expect_code 2 "$VERIO" report 2>err
	grep -q "^usage: verio report" err
	test_expect_code 2 "$VERIO" report --nope run.json 2>err
	test_expect_code 2 "$VERIO" report run.json other.json 2>err
	"$VERIO" report --help | grep -q "^usage: verio report"
'

test_done
