#!/usr/bin/env bash
# t1415: the HTML page's time series drawn from a real run's fio logs
# (write_bw_log, write_iops_log, write_lat_log, write_hist_log) with a line
# per I/O, averaged (log_avg_msec=100) and stored compressed, rendered by
# `verio report`; each job's series section must be well-formed markup with
# the charts the logs give.
# shellcheck disable=SC2016,SC2034,SC2317  # eval'd bodies use $JOB and the helpers
. "$SRCDIR/tests/e2e/lib.sh"
test_require_jansson
test_require_cmd python3

T=$PWD/t.dat
JOB="--name=j --filename=$T --size=2m --bs=4k --rw=randrw --runtime=1 --time_based --rate_iops=1000"

# render JSON [LOGDIR]: the page of JSON by `verio report`; JSON.html is
# its jobs' series sections alone, in one <div>, parsed as XML (the markup
# must be well-formed).
render() {
	"$VERIO" report "$1" --logs "${2:-.}" -o "$1.page.html"
	python3 -c '
import re, sys, xml.etree.ElementTree as E
s = open(sys.argv[1]).read()
secs = re.findall(r"<section class=\"series\".*?</section>", s, re.S)
assert secs, "no series section"
open(sys.argv[2], "w").write("<div>" + "".join(secs) + "</div>")
E.parse(sys.argv[2])' "$1.page.html" "$1.html"
}

# count FILE TEXT: the times TEXT occurs in FILE.
count() {
	python3 -c 'import sys; print(open(sys.argv[1]).read().count(sys.argv[2]))' "$1" "$2"
}

# points FILE: the most points of any line in FILE.
points() {
	python3 -c '
import re, sys
s = open(sys.argv[1]).read()
print(max([len(p.split()) for p in re.findall(r"points=\"([^\"]*)\"", s)] or [0]))' "$1"
}

test_expect_success 'a line per I/O: bw, IOPS, latency percentiles, histogram, table' '
	mkdir logs
	"$VERIO" $JOB --write_bw_log=logs/p --write_iops_log=logs/p --write_lat_log=logs/p \
		--write_hist_log=logs/p --log_hist_msec=100 --output-format=json+ >a.json
	test -s logs/p_bw.1.log && test -s logs/p_clat_hist.1.log
	render a.json
	test "$(count a.json.html "class=\"chart bw\"")" = 1
	test "$(count a.json.html "class=\"chart iops\"")" = 1
	test "$(count a.json.html "class=\"chart lat\"")" = 1
	test "$(count a.json.html "class=\"chart hist\"")" = 1
	test "$(count a.json.html "class=\"nolog")" = 0
	grep -q "from the clat log&#39;s line per I/O" a.json.html
	test "$(count a.json.html "class=\"series read-p99-9\"")" = 1
	test "$(count a.json.html "class=\"series write-max\"")" = 1
	grep -q "<caption>read clat percentiles" a.json.html
	grep -q "<caption>write clat percentiles" a.json.html
	test "$(points a.json.html)" -le 1024
'

test_expect_success 'the same logs found by their last name in --logs' '
	render a.json logs
	test "$(count a.json.html "class=\"nolog")" = 0
'

test_expect_success 'the histogram log alone gives the latency chart' '
	"$VERIO" $JOB --write_hist_log=h --log_hist_msec=100 --output-format=json >h.json
	render h.json
	grep -q "from the histogram log" h.json.html
	test "$(count h.json.html "class=\"chart lat\"")" = 1
	test "$(count h.json.html "<p class=\"nolog bw\">")" = 1
	grep -q "write_bw_log" h.json.html
'

test_expect_success 'log_avg_msec=100: drawn as logged, a point per line' '
	"$VERIO" $JOB --write_bw_log=v --write_iops_log=v --write_lat_log=v \
		--log_avg_msec=100 --output-format=json >v.json
	render v.json
	grep -q "Bandwidth per direction as logged (log_avg_msec=100)" v.json.html
	grep -q "mean per window as logged" v.json.html
	n=$(awk -F", " "\$3 == 1" v_bw.1.log | wc -l)
	test "$n" -ge 5
	python3 -c "
import re, sys
s = open(\"v.json.html\").read()
m = re.search(r\"class=\\\"series write\\\"[^>]*points=\\\"([^\\\"]*)\\\"\", s)
sys.exit(0 if len(m.group(1).split()) == $n else 1)"
'

test_expect_success 'log_store_compressed: the .fz logs inflated and drawn' '
	"$VERIO" $JOB --write_bw_log=z --write_iops_log=z --log_avg_msec=100 \
		--log_compression=4k --log_store_compressed=1 --output-format=json >z.json
	test -s z_bw.1.log.fz
	render z.json
	test "$(count z.json.html "class=\"chart bw\"")" = 1
	test "$(count z.json.html "class=\"chart iops\"")" = 1
	test "$(count z.json.html "<p class=\"nolog bw\">")" = 0
'

test_done
