#!/usr/bin/env bash
# t1120: the rate and thinktime options are taken (no longer refused as
# unsupported fio options); their bad values and fio's conflicts end the
# run with exit 2 before any I/O, naming the option.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

JOB="--name=j --filename=t.dat --size=64k --bs=4k"

test_expect_success 'every rate and thinktime option is taken' '
	"$VERIO" $JOB --rw=randrw --rate=1g,2g --rate_min=1k --rate_process=poisson \
		--rate_cycle=500 --rate_ignore_thinktime=1 --thinktime=10us \
		--thinktime_spin=5us --thinktime_blocks=4 --thinktime_blocks_type=issue \
		--thinktime_iotime=1s --output-format=json >out.json
	test "$(json_get out.json "j[\"jobs\"][0][\"error\"]")" = 0
	"$VERIO" $JOB --rw=read --rate_iops=100000 --rate_iops_min=1 --ratecycle=100 >/dev/null
	"$VERIO" $JOB --rw=write --ratemin=,1 >/dev/null
'

test_expect_success 'fio'"'"'s conflicts: exit 2, named' '
	test_expect_code 2 "$VERIO" $JOB --rate=1m --rate_iops=10 2>err &&
	grep -q "rate and rate_iops are mutually exclusive" err &&
	test_expect_code 2 "$VERIO" $JOB --rate_min=1m --rate_iops_min=10 2>err &&
	grep -q "rate_min and rate_iops_min are mutually exclusive" err &&
	test_expect_code 2 "$VERIO" $JOB --rate=,1m --rate_min=,2m 2>err &&
	grep -q "write rate_min (2097152) exceeds rate (1048576)" err &&
	test_expect_code 2 "$VERIO" $JOB --rate_iops=10 --rate_iops_min=11 2>err &&
	grep -q "read rate_iops_min (11) exceeds rate_iops (10)" err
'

test_expect_success 'bad values: exit 2, the option named, nothing written' '
	for bad in rate=fast rate_iops=1,2,3,4 rate_process=burst rate_cycle=0 \
		   thinktime=soon thinktime_blocks=0 thinktime_blocks_type=both \
		   thinktime_iotime=x rate_ignore_thinktime=maybe; do
		test_expect_code 2 "$VERIO" --name=j --filename=bad.dat --size=64k \
			--rw=write "--$bad" 2>err || exit 1
		grep -q "option '"'"'${bad%%=*}'"'"'" err || { cat err; exit 1; }
	done
	test ! -e bad.dat
'

test_expect_success 'a job file: the line of the bad value' '
	printf "[j]\nfilename=t.dat\nsize=64k\nrate=1m\nrate_iops=5\n" >a.fio
	test_expect_code 2 "$VERIO" a.fio 2>err
	grep -q "a.fio" err
	grep -q "mutually exclusive" err
'

test_expect_success 'what is left unsupported is still refused' '
	test_expect_code 2 "$VERIO" $JOB --latency_target=10ms 2>err
	grep -q "does not support yet" err
'

test_expect_success '--cmdhelp: thinktime counts plain numbers in microseconds' '
	"$VERIO" --cmdhelp=thinktime >h
	grep -q "plain numbers are microseconds" h
	"$VERIO" --cmdhelp=thinktime_iotime >h
	grep -q "plain numbers are seconds" h
'

test_done
