#!/usr/bin/env bash
# t1412: the page of a real run with injected corruption, opened in
# headless Chromium: no console message, the failing cells of the device
# map are elements of the document at their offsets (in the SVG, with their
# state and class), and a screenshot is taken (kept with E2E_KEEP=1).
# Skipped without chromium (scripts/bootstrap installs it).
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
test_require_jansson
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3 chromium

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
JOB="--name=w --filename=t.dat --size=1m --rw=write --bs=4k --verify=crc32c"

# browse ARGS...: headless chromium on this test's own profile, logging to err.
browse() {
	timeout 60 chromium --headless=new --no-sandbox --disable-gpu \
		--user-data-dir="$PWD/profile" --enable-logging=stderr --v=0 "$@"
}

test_expect_success 'a run with a flipped bit and a misdirected unit, its page' '
	"$VERIO" $JOB >/dev/null
	$CORRUPT flip t.dat 8200 3
	$CORRUPT copy t.dat 0 20480 4096
	test_expect_code 1 "$VERIO" $JOB --verify_only=1 --output-format=json >run.json 2>/dev/null
	json_check run.json "\"map\" in v"
	"$VERIO" report run.json
'

test_expect_success 'chromium: the document has the failing cells, no console message' '
	browse --dump-dom "file://$PWD/run.html" >dom.html 2>err
	test -s dom.html
	! grep ":CONSOLE" err
	python3 - dom.html <<-"EOF"
	import sys
	from html.parser import HTMLParser
	class P(HTMLParser):
	    def __init__(self):
	        super().__init__()
	        self.stack, self.cells = [], {}
	    def handle_starttag(self, tag, attrs):
	        a = dict(attrs)
	        if tag == "rect" and "data-offset" in a:
	            assert "svg" in self.stack, "a cell outside the SVG"
	            self.cells[int(a["data-offset"])] = a
	        if tag not in ("rect", "line", "path", "meta", "br"):
	            self.stack.append(tag)
	    def handle_endtag(self, tag):
	        if tag in self.stack:
	            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]
	p = P()
	p.feed(open(sys.argv[1], encoding="utf-8").read())
	c = p.cells
	assert len(c) == 256, len(c)
	assert c[8192]["data-state"] == "failed" and c[8192]["data-end"] == "12288", c[8192]
	assert c[8192]["data-classes"] == "header", c[8192]
	assert c[20480]["data-state"] == "failed", c[20480]
	assert c[20480]["data-classes"] == "misdirected", c[20480]
	assert c[4096]["data-state"] == "verified", c[4096]
	EOF
	grep -q "data-from=\"0\" data-to=\"20480\"" dom.html
'

test_expect_success 'chromium: a screenshot of the page' '
	browse --screenshot="$PWD/run.png" --window-size=1400,3000 "file://$PWD/run.html" 2>err
	test "$(head -c 8 run.png | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a
	! grep ":CONSOLE" err
'

test_done
