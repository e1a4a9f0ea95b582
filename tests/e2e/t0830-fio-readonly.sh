#!/usr/bin/env bash
# t0830: the pass conditions of fio's t/readonly.py, on verio's own runs:
# --readonly, before or after the job's options, lets a read job run (exit
# 0, stderr empty) and refuses a write or trim job (non-zero, stderr says
# why); without it all three run. verio refuses with exit 2 before any I/O:
# a refused write job leaves its file as it was. rw=randtrim cases run once
# verio accepts trims (it refuses them with exit 2 for now).
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; option lists split
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-fioscripts.sh"
test_require_cmd python3

RWS="randread randwrite"
if "$VERIO" --parse-only --name=t --ioengine=null --size=1M --rw=randtrim >/dev/null 2>&1; then
	RWS="$RWS randtrim"
else
	echo "# rw=randtrim is refused by this verio: its cases are skipped"
fi
# fio's command line, with a shorter runtime.
JOB="--name=readonly --ioengine=null --time_based --runtime=200ms --size=1M"

test_expect_success 'readonly.py: --readonly before, after, or not at all' '
	for rw in $RWS; do
		fio_case "$PWD/pre-$rw" "$VERIO" --readonly $JOB --rw=$rw
		fio_case "$PWD/post-$rw" "$VERIO" $JOB --rw=$rw --readonly
		fio_case "$PWD/none-$rw" "$VERIO" $JOB --rw=$rw
		case_ok none-$rw
		if [ $rw = randread ]; then
			case_ok pre-$rw
			case_ok post-$rw
		else
			case_nonzero pre-$rw
			case_nonzero post-$rw
			test "$(cat pre-$rw/rc)" = 2
			test "$(cat post-$rw/rc)" = 2
			grep -q "refused under --readonly" pre-$rw/stderr
			grep -q "refused under --readonly" post-$rw/stderr
		fi
	done
	rm -rf pre-* post-* none-*
'

test_expect_success 'a write job refused under --readonly writes nothing; reading and verify_only still run' '
	"$VERIO" --name=w --ioengine=psync --filename=ro.dat --size=256k --rw=write \
		--verify=crc32c >/dev/null
	cp ro.dat before.dat
	fio_case "$PWD/w" "$VERIO" --readonly --name=w --ioengine=psync \
		--filename=$PWD/ro.dat --size=256k --rw=randwrite --verify=crc32c
	test "$(cat w/rc)" = 2
	grep -q "job .w.: write job refused under --readonly" w/stderr
	cmp before.dat ro.dat
	fio_case "$PWD/v" "$VERIO" --readonly --name=w --ioengine=psync \
		--filename=$PWD/ro.dat --size=256k --rw=write --verify=crc32c \
		--verify_only=1 --aux-path=$PWD
	case_ok v
	fio_case "$PWD/r" "$VERIO" --readonly --name=r --ioengine=psync \
		--filename=$PWD/ro.dat --size=256k --rw=randread
	case_ok r
	cmp before.dat ro.dat
	rm -rf ro.dat before.dat w v r w.0.verio-state
'

test_done
