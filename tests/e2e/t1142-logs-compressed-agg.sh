#!/usr/bin/env bash
# t1142: log_compression / log_store_compressed (fio's .log.fz: zlib streams
# of its binary samples, which decompress to the plain lines and which
# fio --inflate-log reads), and --bandwidth-log (agg-{read,write,trim}_bw.log).
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3
READ="python3 $SRCDIR/tests/e2e/tslog-read.py"

JOB="--name=z --ioengine=null --size=512k --bs=4k --rw=randrw --randseed=7"
notime() { sed -E "s/^[0-9]+, //" "$@"; }

test_expect_success 'log_compression alone: the plain files, a line per I/O' '
	"$VERIO" $JOB --write_iops_log=p --log_compression=4k --log_offset=1 >/dev/null
	test "$($READ check p_iops.1.log offset)" = 128
	test ! -e p_iops.1.log.fz
'

test_expect_success 'log_store_compressed: .log.fz decompresses to the plain lines' '
	"$VERIO" $JOB --write_iops_log=p --write_lat_log=p --log_compression=1k \
		--log_store_compressed=1 --log_offset=1 --output-format=json >out.json
	test -s p_iops.1.log.fz && test -s p_clat.1.log.fz && test -e p_slat.1.log.fz
	head -c 2 p_iops.1.log.fz | od -An -tx1 | grep -q "78 9c"	# a zlib stream
	$READ inflate p_iops.1.log.fz offset >iops.txt
	$READ check iops.txt offset >/dev/null
	notime iops.txt >a && notime p_iops.1.log >b && test_cmp b a
	$READ inflate p_clat.1.log.fz offset >clat.txt
	test "$($READ check clat.txt offset)" = 128
	r=$(json_get out.json "j[\"jobs\"][0][\"read\"][\"total_ios\"]")
	test "$(awk -F", " "\$3 == 0" clat.txt | wc -l)" = "$r"
'

test_expect_success 'fio --inflate-log prints the same lines' '
	command -v fio >/dev/null || exit 0
	fio --inflate-log=p_iops.1.log.fz >fio.txt
	test_cmp iops.txt fio.txt
'

test_expect_success 'verio --inflate-log prints them too; a file of another kind exits 2' '
	"$VERIO" --inflate-log=p_iops.1.log.fz >v.txt
	test_cmp iops.txt v.txt
	"$VERIO" --inflate-log=p_clat.1.log.fz >vc.txt
	test_cmp clat.txt vc.txt
	test_expect_code 2 "$VERIO" --inflate-log=out.json 2>err
	grep -q "not a compressed log" err
	head -c 100 p_iops.1.log.fz >cut.fz
	test_expect_code 2 "$VERIO" --inflate-log=cut.fz >/dev/null 2>&1
	test_expect_code 3 "$VERIO" --inflate-log=missing.fz 2>/dev/null
'

test_expect_success 'fio t/log_compression.py conditions: 8000 lines, offsets by bs, both ways' '
	for store in 0 1; do
		rm -f test_bw.log*
		"$VERIO" --name=job --ioengine=null --filesize=1000M --bs=128K --rw=write \
			--write_bw_log=test --per_job_logs=0 --log_offset=1 --log_compression=10K \
			--log_store_compressed=$store >/dev/null
		if [ $store = 1 ]; then "$VERIO" --inflate-log=test_bw.log.fz >t.log; else cp test_bw.log t.log; fi
		test "$(wc -l <t.log)" = 8000
		awk -F", " "\$5 != (NR - 1) * 131072 { exit 1 }" t.log
	done
'

test_expect_success 'write_hist_log cannot be stored compressed (exit 2, named)' '
	test_expect_code 2 "$VERIO" $JOB --write_hist_log=h --log_compression=1k \
		--log_store_compressed=1 2>err
	grep -q log_store_compressed err
'

test_expect_success '--bandwidth-log: the run in KiB/s every 500 ms, per direction' '
	"$VERIO" --name=b --ioengine=null --size=1g --bs=4k --rw=randrw --time_based \
		--runtime=2 --bandwidth-log --output-format=json >b.json
	for d in read write trim; do
		$READ check agg-${d}_bw.log >/dev/null
		test "$(wc -l <agg-${d}_bw.log)" -ge 2
		awk -F", " "{ if (NR > 1 && \$1 - last <= 500) exit 1; last = \$1 }" agg-${d}_bw.log
	done
	! awk -F", " "\$3 != 2 || \$2 != 0" agg-trim_bw.log | grep .
	bw=$(json_get b.json "j[\"jobs\"][0][\"read\"][\"bw\"]")
	$READ stats agg-read_bw.log | awk -v w=$bw "\$4 < 0.6 * w || \$4 > 1.4 * w { exit 1 }"
'

test_done
