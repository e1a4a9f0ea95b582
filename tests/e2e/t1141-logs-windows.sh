#!/usr/bin/env bash
# t1141: log_avg_msec, log_max_value, write_hist_log with log_hist_msec and
# log_hist_coarseness: a line per direction and window (count ~ runtime /
# window), fio's averaged format (bs, offset 0), window means that agree
# with the JSON report, maxima whose maximum is the report's, histogram
# lines of fio's 1856 bins counting the I/Os of their window.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3
READ="python3 $SRCDIR/tests/e2e/tslog-read.py"

JOB="--name=w --ioengine=null --size=1g --bs=4k --rw=randrw --time_based --runtime=2"

test_expect_success 'log_avg_msec=250 over 2 s: about 8 lines per direction and log' '
	"$VERIO" $JOB --write_bw_log=a --write_iops_log=a --write_lat_log=a \
		--write_hist_log=a --log_hist_msec=500 --log_avg_msec=250 --log_offset=1 \
		--output-format=json >out.json
	for t in bw iops clat lat; do
		$READ check a_$t.1.log offset >/dev/null
		$READ stats a_$t.1.log >s.$t
		test "$(wc -l <s.$t)" = 2
		awk "\$2 < 6 || \$2 > 10 { exit 1 }" s.$t
	done
	! awk -F", " "\$4 != 0 || \$5 != 0 || \$6 != 0" a_bw.1.log a_clat.1.log | grep .
'

test_expect_success 'windows: bw/iops at least 250 ms apart, a latency line per 250 ms window' '
	for d in 0 1; do
		awk -F", " -v d=$d "\$3 == d { if (n++ && \$1 - last < 250) exit 1; last = \$1 }" a_bw.1.log
		# logged at the first completion of a later window: each in its own
		awk -F", " -v d=$d "\$3 == d { w = int(\$1 / 250); if (w <= last) exit 1; last = w }" a_clat.1.log
	done
'

test_expect_success 'the mean of the windows is the bw and iops of the report (+-20 %)' '
	for d in 0 1; do
		dn=$([ $d = 0 ] && echo read || echo write)
		bw=$(json_get out.json "j[\"jobs\"][0][\"$dn\"][\"bw\"]")
		iops=$(json_get out.json "j[\"jobs\"][0][\"$dn\"][\"iops\"]")
		awk -v d=$d -v w=$bw "\$1 == d && (\$4 < 0.8 * w || \$4 > 1.2 * w) { exit 1 }" s.bw
		awk -v d=$d -v w=$iops "\$1 == d && (\$4 < 0.8 * w || \$4 > 1.2 * w) { exit 1 }" s.iops
	done
'

test_expect_success 'histograms: 1856 bins, a line per 500 ms, counting the I/Os of the window' '
	$READ hist a_clat_hist.1.log >h
	awk "\$4 != 1856 || \$3 != 4096 { exit 1 }" h
	test "$(awk "\$2 == 0" h | wc -l)" -ge 3 && test "$(awk "\$2 == 1" h | wc -l)" -le 4
	for d in 0 1; do
		dn=$([ $d = 0 ] && echo read || echo write)
		ios=$(json_get out.json "j[\"jobs\"][0][\"$dn\"][\"total_ios\"]")
		# the windows logged cover 1.5 s or more of the 2 s
		awk -v d=$d -v ios=$ios "\$2 == d { s += \$5 } END { exit !(s <= ios && s >= 0.6 * ios) }" h
	done
'

# fio's own readers, when FIO_SRC names a fio checkout (and pandas is there)
test_expect_success 'fiologparser_hist.py and fiologparser.py read them (FIO_SRC)' '
	t=${FIO_SRC:-/nonexistent}/tools
	PY=${PYTHON:-python3}
	[ -f $t/hist/fiologparser_hist.py ] && $PY -c "import pandas" 2>/dev/null || exit 0
	# it spreads each line over 1 s intervals: rows with samples and percentiles
	$PY $t/hist/fiologparser_hist.py a_clat_hist.1.log >fh
	test "$(awk -F", " "NR > 1 && \$2 > 0 && NF == 9" fh | wc -l)" -ge 2
	# fiologparser.py takes the lines of both directions as one series: its
	# value per second is about the mean of the read and write bw of the report
	$PY $t/fiologparser.py -s a_bw.1.log >fb
	bw=$(json_get out.json "j[\"jobs\"][0][\"read\"][\"bw\"]")
	bw=$(((bw + $(json_get out.json "j[\"jobs\"][0][\"write\"][\"bw\"]")) / 2))
	awk -F", " -v w=$bw "{ if (\$2 < 0.8 * w || \$2 > 1.2 * w) exit 1 }" fb
'

test_expect_success 'log_hist_coarseness=2: 464 columns, the same counts' '
	"$VERIO" --name=c --ioengine=null --size=256k --bs=4k --rw=read --time_based \
		--runtime=1 --write_hist_log=c --log_hist_msec=200 --log_hist_coarseness=2 >/dev/null
	$READ hist c_clat_hist.1.log >hc
	test "$(wc -l <hc)" -ge 3
	awk "\$4 != 464 || \$5 < 1 { exit 1 }" hc
'

test_expect_success 'log_max_value: the largest window maximum is the max clat of the report' '
	"$VERIO" --name=m --ioengine=null --size=256k --bs=4k --rw=randrw --time_based \
		--runtime=1 --write_lat_log=m --log_avg_msec=200 --log_max_value=1 \
		--output-format=json >m.json
	for d in 0 1; do
		dn=$([ $d = 0 ] && echo read || echo write)
		max=$(json_get m.json "j[\"jobs\"][0][\"$dn\"][\"clat_ns\"][\"max\"]")
		test "$($READ stats m_clat.1.log | awk -v d=$d "\$1 == d { print \$5 }")" = "$max"
	done
'

test_done
