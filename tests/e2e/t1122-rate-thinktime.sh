#!/usr/bin/env bash
# t1122: thinktime stalls the job after thinktime_blocks I/Os, spins for
# thinktime_spin, repeats after thinktime_iotime, never past the runtime;
# rate_ignore_thinktime does not make up the stalled time afterwards.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
test_require_cmd python3

# within VALUE WANT: VALUE is WANT +-30 %.
within() {
	python3 -c "import sys; v, w = float(sys.argv[1]), float(sys.argv[2]); \
sys.exit(0 if 0.7 * w <= v <= 1.3 * w else 1)" "$1" "$2" ||
	{ echo "$1 is not within 30 % of $2" >&2; return 1; }
}
jget() { json_get out.json "j[\"jobs\"][0]$1"; }

JOB="--name=j --ioengine=null --size=1g --bs=4k --rw=randread --time_based"

test_expect_success 'thinktime=10ms: about 100 I/Os a second' '
	"$VERIO" $JOB --runtime=2 --thinktime=10ms --output-format=json >out.json
	within "$(jget "[\"read\"][\"iops\"]")" 100
'

test_expect_success 'thinktime_blocks=4: a stall every 4 I/Os' '
	"$VERIO" $JOB --runtime=2 --thinktime=10000 --thinktime_blocks=4 \
		--output-format=json >out.json
	within "$(jget "[\"read\"][\"iops\"]")" 400
'

engines=$(async_engines)
for e in $engines; do
	test_expect_success "thinktime_blocks_type=issue and complete, depth 4 on $e" '
		for type in issue complete; do
			"$VERIO" --name=j --filename=t.dat --size=1m --bs=4k --rw=randread \
				--ioengine='"$e"' --iodepth=4 --runtime=1 --time_based \
				--thinktime=20ms --thinktime_blocks=8 --thinktime_blocks_type=$type \
				--output-format=json >out.json
			within "$(jget "[\"read\"][\"iops\"]")" 400 || exit 1
		done
	'
done

test_expect_success 'thinktime_iotime: stalls by time; the rate catches up unless ignored' '
	"$VERIO" $JOB --runtime=2 --rate_iops=200 --thinktime=500ms --thinktime_iotime=500ms \
		--output-format=json >out.json
	catchup=$(jget "[\"read\"][\"total_ios\"]")
	within "$catchup" 300
	"$VERIO" $JOB --runtime=2 --rate_iops=200 --thinktime=500ms --thinktime_iotime=500ms \
		--rate_ignore_thinktime=1 --output-format=json >out.json
	ignored=$(jget "[\"read\"][\"total_ios\"]")
	within "$ignored" 200
	test "$ignored" -lt "$catchup"
'

test_expect_success 'thinktime_spin: the stall is spent on the CPU' '
	"$VERIO" $JOB --runtime=1 --thinktime=10ms --thinktime_spin=10ms \
		--output-format=json >out.json
	python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 20 else 1)" \
		"$(jget "[\"usr_cpu\"]")"
'

test_expect_success 'a stall ends at the runtime' '
	"$VERIO" $JOB --runtime=1 --thinktime=30s --output-format=json >out.json
	test "$(jget "[\"read\"][\"total_ios\"]")" = 1
	test "$(jget "[\"job_runtime\"]")" -lt 3000
'

test_done
