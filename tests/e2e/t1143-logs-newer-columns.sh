#!/usr/bin/env bash
# t1143: the columns of newer fio's logs that fio's own t/jobs files ask
# for (run-fio-tests.py's t0033, t0034 line patterns): log_window_value=both
# (mean, then max), log_issue_time (ns, in slat and clat only), with
# log_offset and log_prio, per I/O and in windows.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3
READ="python3 $SRCDIR/tests/e2e/tslog-read.py"

# first line of FILE matches the extended regex RE (whole line)
first_is() { head -n 1 "$1" | grep -qE "^$2\$"; }
N="[0-9]+"

test_expect_success 'four jobs as t0033: bw+prio, both, iops offset+prio, both+offset' '
	cat >a.fio <<-EOF
	[global]
	rw=read
	filename=a.dat
	size=8k
	time_based
	runtime=1s
	[job1]
	write_bw_log=log
	log_prio=1
	[job2]
	write_lat_log=log
	log_avg_msec=100
	log_window_value=both
	[job3]
	write_iops_log=log
	log_offset=1
	log_prio=1
	[job4]
	write_iops_log=log
	log_avg_msec=100
	log_window_value=both
	log_offset=1
	EOF
	"$VERIO" a.fio >/dev/null
	first_is log_bw.1.log "$N, $N, $N, $N, 0x[0-9a-f]+"
	first_is log_clat.2.log "$N, $N, $N, $N, 0, $N"
	first_is log_iops.3.log "$N, $N, $N, $N, $N, 0x[0-9a-f]+"
	first_is log_iops.4.log "$N, $N, $N, $N, 0, 0, $N"
	# both: the mean never exceeds the maximum; about 10 windows
	awk -F", " "\$2 > \$3 { exit 1 }" log_clat.2.log log_lat.2.log
	test "$(wc -l <log_clat.2.log)" -ge 8
'

test_expect_success 'three jobs as t0034: issue times in slat/clat, 0 elsewhere' '
	cat >b.fio <<-EOF
	[global]
	rw=read
	filename=a.dat
	size=8k
	time_based
	runtime=1s
	ioengine=io_uring
	iodepth=1
	[job1]
	write_lat_log=log
	log_offset=1
	log_issue_time=1
	[job2]
	write_lat_log=log
	log_offset=1
	log_issue_time=1
	log_avg_msec=100
	log_window_value=both
	[job3]
	write_lat_log=log
	write_bw_log=log
	write_iops_log=log
	log_offset=1
	log_issue_time=1
	EOF
	"$VERIO" --enghelp | grep -qw io_uring || sed -i "s/io_uring/psync/" b.fio
	rm -f log_*
	"$VERIO" b.fio >/dev/null
	first_is log_clat.1.log "$N, $N, $N, $N, $N, $N, $N"
	first_is log_lat.1.log "$N, $N, $N, $N, $N, $N, 0"
	first_is log_clat.2.log "$N, $N, $N, $N, 0, 0, $N, 0"
	first_is log_bw.3.log "$N, $N, $N, $N, $N, $N, 0"
	first_is log_iops.3.log "$N, $N, $N, $N, $N, $N, 0"
	if grep -qw io_uring b.fio; then
		first_is log_slat.1.log "$N, $N, $N, $N, $N, $N, $N"
	fi
	# the issue time (ns) is within the ms of its completion, minus the clat
	awk -F", " "{ t = \$1 * 1000000; if (\$7 > t + 1000000 || \$7 + \$2 < t) exit 1 }" log_clat.1.log
'

test_expect_success 'log_window_value=max is log_max_value; a bad value exits 2' '
	"$VERIO" --name=m --ioengine=null --size=64k --rw=read --time_based --runtime=1 \
		--write_lat_log=m --log_avg_msec=200 --log_window_value=max --output-format=json >m.json
	max=$(json_get m.json "j[\"jobs\"][0][\"read\"][\"clat_ns\"][\"max\"]")
	test "$($READ stats m_clat.1.log | awk "{ print \$5 }")" = "$max"
	test_expect_code 2 "$VERIO" --name=m --ioengine=null --size=64k --write_lat_log=m \
		--log_window_value=mean 2>err
	grep -q log_window_value err
'

test_done
