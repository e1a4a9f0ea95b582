#!/usr/bin/env bash
# t1411: --output-format=html on a run writes the page of that run, alone
# in its stream (with another format: refused, exit 2, before any I/O),
# once even under --status-interval; the page holds the run's JSON report.
# Built without jansson, both ways to a page are refused with exit 2
# before any I/O.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

if ! grep -q '^#define CONFIG_JANSSON 1' "$SRCDIR/config-host.h"; then
	test_expect_success 'without jansson: no page, exit 2, nothing written' '
		test_expect_code 2 "$VERIO" --name=w --filename=t.dat --size=64k \
			--output-format=html 2>err
		grep -q "verio was built without jansson" err
		test ! -e t.dat
		echo "{}" >r.json
		test_expect_code 2 "$VERIO" report r.json 2>err
		grep -q "built without jansson" err
		test ! -e r.html
	'
	test_done
fi

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
JOB="--name=w --filename=t.dat --size=1m --rw=write --bs=4k --verify=crc32c"

# embedded PAGE EXPR: EXPR (python, j = the JSON embedded in PAGE) printed.
embedded() {
	python3 - "$1" "$2" <<-'EOF'
	import json, re, sys
	page = open(sys.argv[1], encoding="utf-8").read()
	m = re.search(r'id="verio-report" data-schema="\d+">(.*?)</script>', page, re.S)
	j = json.loads(m.group(1).replace("\\u003c", "<"))
	r = eval(sys.argv[2], {"j": j})
	print(r if isinstance(r, str) else json.dumps(r))
	EOF
}

test_expect_success 'a clean run: its page on stdout, PASS' '
	"$VERIO" $JOB --output-format=html >clean.html
	grep -q "^<!DOCTYPE html>" clean.html
	grep -q "<h1>PASS</h1>" clean.html
	test "$(grep -c "<!DOCTYPE html>" clean.html)" = 1
	test "$(embedded clean.html "j[\"jobs\"][0][\"jobname\"]")" = w
	! grep -qi "http" clean.html
'

test_expect_success 'a failing run: the page in --output, exit 1, FAIL, the incident' '
	$CORRUPT flip t.dat 8200 3
	test_expect_code 1 "$VERIO" $JOB --verify_only=1 --output-format=html \
		--output=fail.html 2>err
	grep -q "<h1>FAIL</h1>" fail.html
	grep -q "<td>t.dat</td><td>8192</td><td>4096</td><td>header</td>" fail.html
	test "$(embedded fail.html "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 1
'

test_expect_success 'with another format: exit 2 before any I/O' '
	for f in json,html normal,html html,terse; do
		test_expect_code 2 "$VERIO" --name=n --filename=new.dat --size=64k \
			--output-format=$f >out 2>err
		grep -q "^verio: --output-format=html writes a whole page and takes no other format" err
		test ! -s out
	done
	test_expect_code 2 "$VERIO" --name=n --filename=new.dat --size=64k \
		--output-format=html --minimal >out 2>err
	test ! -e new.dat
'

test_expect_success '--status-interval: still one page, at the end' '
	"$VERIO" --name=s --filename=s.dat --size=64k --rw=randread --time_based \
		--runtime=2500ms --status-interval=1 --output-format=html >status.html
	test "$(grep -c "<!DOCTYPE html>" status.html)" = 1
	grep -q "<h1>PASS</h1>" status.html
'

test_done
