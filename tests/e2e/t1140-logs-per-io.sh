#!/usr/bin/env bash
# t1140: write_bw_log, write_lat_log, write_iops_log without log_avg_msec:
# fio's file names (PREFIX_TYPE.N.log, per_job_logs), one line per I/O in
# fio's format (log_offset, log_prio, log_unix_epoch), values that agree
# with the JSON report as a reader of fio's documented format sees them,
# and the same line shapes as fio 3.33's for the same job.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3
READ="python3 $SRCDIR/tests/e2e/tslog-read.py"

JOB="--name=j --ioengine=null --size=256k --bs=4k --rw=randrw --numjobs=2"
LOGS="--write_bw_log=p --write_lat_log=p --write_iops_log=p --write_hist_log=p"

test_expect_success 'fio names: PREFIX_TYPE.N.log for each job' '
	"$VERIO" $JOB $LOGS --log_offset=1 --output-format=json >out.json
	for t in bw iops slat clat lat clat_hist; do
		test -f p_$t.1.log && test -f p_$t.2.log
	done
	test "$(ls p_* | wc -l)" = 12
	test ! -s p_clat_hist.1.log	# no log_hist_msec: empty, as fio
	test ! -s p_slat.1.log		# a synchronous engine has no slat
'

test_expect_success 'a line per I/O in each log, in fio format, offsets in the file' '
	for n in 1 2; do
		for t in bw iops clat lat; do
			test "$($READ check p_$t.$n.log offset)" = 64
		done
	done
	! awk -F", " "\$4 != 4096 || \$5 % 4096 || \$5 >= 262144" p_bw.1.log p_lat.2.log | grep .
	! awk -F", " "\$2 != 1" p_iops.1.log | grep .
'

test_expect_success 'the values agree with the JSON report (per job, per ddir)' '
	for n in 1 2; do
		for d in 0 1; do
			dn=$([ $d = 0 ] && echo read || echo write)
			ios=$(json_get out.json "j[\"jobs\"][$((n - 1))][\"$dn\"][\"total_ios\"]")
			mean=$(json_get out.json "j[\"jobs\"][$((n - 1))][\"$dn\"][\"clat_ns\"][\"mean\"]")
			max=$(json_get out.json "j[\"jobs\"][$((n - 1))][\"$dn\"][\"lat_ns\"][\"max\"]")
			$READ stats p_clat.$n.log | awk -v d=$d -v ios=$ios -v m=$mean \
				"\$1 == d { f = 1; if (\$2 != ios || \$4 - m > 0.01 || m - \$4 > 0.01) bad = 1 }
				 END { exit bad || !f }"
			$READ stats p_lat.$n.log | awk -v d=$d -v mx=$max "\$1 == d && \$5 != mx { exit 1 }"
			$READ stats p_iops.$n.log | awk -v d=$d -v ios=$ios "\$1 == d && \$3 != ios { exit 1 }"
		done
	done
'

test_expect_success 'bw of an I/O is bytes * 10^6 / clat ns, lat >= clat, line by line' '
	paste -d, p_bw.1.log p_clat.1.log p_lat.1.log | awk -F", *" \
		"{ c = \$8; want = c ? int(4096 * 1000000 / c) : 0
		   if (\$2 != want || \$14 < c || \$1 != \$7) exit 1 }"
'

test_expect_success 'log_prio: the last column in hex; no log_offset: 5 columns' '
	rm -f p_*
	"$VERIO" $JOB --write_lat_log=p --log_prio=1 >/dev/null
	test "$($READ check p_clat.2.log prio)" = 64
'

test_expect_success 'per_job_logs=0: one file per type, appended to by each job and run' '
	rm -f p_*
	"$VERIO" $JOB --write_iops_log=p --per_job_logs=0 >/dev/null
	test "$(ls p_*)" = p_iops.log
	test "$($READ check p_iops.log)" = 128
	"$VERIO" $JOB --write_iops_log=p --per_job_logs=0 >/dev/null
	test "$($READ check p_iops.log)" = 256
'

test_expect_success 'a bare write_bw_log (job file) is named after the job; N counts every job' '
	rm -f p_* ./*_bw.*.log
	printf "[global]\nioengine=null\nsize=64k\nbs=4k\nrw=read\nwrite_bw_log\n[a]\nnumjobs=2\n[b]\n" >j.fio
	"$VERIO" j.fio >/dev/null
	test "$(ls ./*_bw.*.log | tr "\n" " ")" = "./a_bw.1.log ./a_bw.2.log ./b_bw.3.log "
	test "$($READ check b_bw.3.log)" = 16
'

test_expect_success 'log_unix_epoch: times are wall-clock ms of the run' '
	t0=$(date +%s%3N)
	"$VERIO" --name=e --ioengine=null --size=64k --bs=4k --rw=write \
		--write_iops_log=e --log_unix_epoch=1 >/dev/null
	t1=$(date +%s%3N)
	awk -F", " -v a=$t0 -v b=$t1 "\$1 < a || \$1 > b { exit 1 }" e_iops.1.log
	test "$(wc -l <e_iops.1.log)" = 16
'

test_expect_success 'ramp_time: its I/O is not logged; time 0 is where accounting starts' '
	"$VERIO" --name=r --ioengine=null --size=64k --bs=4k --rw=read --time_based \
		--runtime=300ms --ramp_time=300ms --write_iops_log=r --output-format=json >r.json
	ios=$(json_get r.json "j[\"jobs\"][0][\"read\"][\"total_ios\"]")
	test "$(wc -l <r_iops.1.log)" = "$ios"
	awk -F", " "\$1 > 400 { exit 1 }" r_iops.1.log
	rm -f r_iops.1.log
'

test_expect_success 'bad values exit 2 naming the option' '
	test_expect_code 2 "$VERIO" $JOB --write_hist_log=h --log_hist_coarseness=7 2>err &&
	grep -q log_hist_coarseness err &&
	test_expect_code 2 "$VERIO" $JOB --write_bw_log=h --log_compression=100 2>err &&
	grep -q log_compression err &&
	test_expect_code 2 "$VERIO" $JOB --write_bw_log=h --log_avg_msec=x 2>err &&
	grep -q log_avg_msec err
'

test_expect_success 'a log that cannot be created: exit 3, the file named' '
	test_expect_code 3 "$VERIO" $JOB --write_lat_log=nodir/x >/dev/null 2>err
	grep -q "cannot open the log .nodir/x_lat.1.log" err
'

test_expect_success 'the same line shapes as fio 3.33 writes for the same job' '
	command -v fio >/dev/null || exit 0
	mkdir -p fio v && rm -f p_*
	(cd fio && fio $JOB $LOGS --log_offset=1 --output=/dev/null)
	(cd v && "$VERIO" $JOB $LOGS --log_offset=1 >/dev/null)
	(cd fio && ls) >fio.names && (cd v && ls) >v.names && test_cmp fio.names v.names
	shape() { sed -E "s/[0-9]+/N/g" "$@" | sort -u; }
	for f in $(cat fio.names); do
		shape fio/$f >a && shape v/$f >b && test_cmp a b || exit 1
		test "$(wc -l <fio/$f)" = "$(wc -l <v/$f)" || exit 1
	done
'

test_expect_success 'trims are logged as ddir 2, a line per trim (fio'\''s t/latency_percentiles)' '
	rm -f t_*
	"$VERIO" --name=t --ioengine=null --size=256k --bs=4k --rw=randtrim \
		--write_lat_log=t --log_offset=1 --output-format=json >t.json
	trims=$(json_get t.json "j[\"jobs\"][0][\"trim\"][\"total_ios\"]")
	test "$trims" = 64
	test "$(awk -F", " "\$3 == 2" t_clat.1.log | wc -l)" = "$trims"
	test "$(awk -F", " "\$3 != 2" t_clat.1.log t_lat.1.log | wc -l)" = 0
'

test_done
