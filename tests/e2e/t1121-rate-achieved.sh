#!/usr/bin/env bash
# t1121: rate, rate_iops and rate_process hold a job to its rate over two
# seconds (a wide tolerance: behaviour, not timing); rate_min and
# rate_iops_min end a job that falls below them with exit 3, named.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

# within VALUE WANT: VALUE is WANT +-30 %.
within() {
	python3 -c "import sys; v, w = float(sys.argv[1]), float(sys.argv[2]); \
sys.exit(0 if 0.7 * w <= v <= 1.3 * w else 1)" "$1" "$2" ||
	{ echo "$1 is not within 30 % of $2" >&2; return 1; }
}
jget() { json_get out.json "j[\"jobs\"]$1"; }

NULLJOB="--name=j --ioengine=null --size=1g --bs=4k --runtime=2 --time_based"

test_expect_success 'rate=400k,200k: reads and writes each at their rate' '
	"$VERIO" $NULLJOB --rw=randrw --rate=400k,200k --output-format=json >out.json
	within "$(jget "[0][\"read\"][\"bw_bytes\"]")" 409600
	within "$(jget "[0][\"write\"][\"bw_bytes\"]")" 204800
'

test_expect_success 'rate=,100k: only writes are held; reads are not' '
	"$VERIO" $NULLJOB --rw=randrw --rate=,100k --output-format=json >out.json
	within "$(jget "[0][\"write\"][\"bw_bytes\"]")" 102400
	test "$(jget "[0][\"read\"][\"bw_bytes\"]")" -gt 1024000
'

test_expect_success 'rate_iops=50 with numjobs=2: each clone gets the rate' '
	"$VERIO" --name=j --filename=t.dat --size=1m --bs=4k --rw=randwrite \
		--rate_iops=50 --numjobs=2 --runtime=2 --time_based --output-format=json >out.json
	within "$(jget "[0][\"write\"][\"iops\"]")" 50
	within "$(jget "[1][\"write\"][\"iops\"]")" 50
'

test_expect_success 'rate_process=poisson: the same mean rate' '
	"$VERIO" $NULLJOB --rw=randread --rate_iops=200 --rate_process=poisson \
		--output-format=json >out.json
	within "$(jget "[0][\"read\"][\"iops\"]")" 200
'

test_expect_success 'rate_min not met: exit 3, the rates named' '
	test_expect_code 3 "$VERIO" --name=j --ioengine=null --size=1m --bs=4k \
		--rw=randread --thinktime=100ms --rate_min=1m --runtime=10 --time_based \
		--output-format=json >out.json 2>err
	grep -q "job '"'"'j'"'"': rate_min=1048576B/s not met for reads: got [0-9]*B/s over [0-9]* ms" err
	test "$(jget "[0][\"error\"]")" = 5
	test "$(jget "[0][\"read\"][\"runtime\"]")" -lt 6000
'

test_expect_success 'rate_iops_min not met: exit 3' '
	test_expect_code 3 "$VERIO" --name=j --ioengine=null --size=1m --bs=4k \
		--rw=randwrite --rate_iops=,20 --rate_iops_min=,15 --thinktime=200ms \
		--runtime=10 --time_based 2>err
	grep -q "rate_iops_min=15 not met for writes: got [0-9]* IOPS" err
'

test_expect_success 'a rate the job keeps above rate_min: exit 0' '
	"$VERIO" $NULLJOB --runtime=3 --rw=randread --rate=200k --rate_min=100k \
		--output-format=json >out.json
	test "$(jget "[0][\"error\"]")" = 0
'

test_expect_success 'a verifying job: writes paced, the verify phase checks them all' '
	"$VERIO" --name=j --filename=v.dat --size=32k --bs=4k --rw=write --verify=crc32c \
		--rate_iops=20 --output-format=json >out.json
	test "$(jget "[0][\"write\"][\"total_ios\"]")" = 8
	test "$(jget "[0][\"read\"][\"total_ios\"]")" = 8
	test "$(jget "[0][\"write\"][\"runtime\"]")" -ge 300
'

test_done
