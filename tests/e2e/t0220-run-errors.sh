#!/usr/bin/env bash
# t0220: I/O errors exit 3, refused targets exit 2, signals still report.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

test_expect_success 'a write error exits 3 and names the target' '
	test_expect_code 3 "$VERIO" --name=full --filename=/dev/full --size=1m \
		--rw=write --output-format=json >out.json 2>err
	grep "write error on .*/dev/full" err
	test "$(json_get out.json "j[\"jobs\"][0][\"error\"]")" = 28
'

test_expect_success 'continue_on_error counts errors and still exits 3' '
	test_expect_code 3 "$VERIO" --name=full --filename=/dev/full --size=64k \
		--rw=write --continue_on_error=write >out 2>err
	grep "I/O errors\\? " err
'

test_expect_success '--readonly refuses a write job before any I/O' '
	test_expect_code 2 "$VERIO" --readonly --name=w --filename=ro.dat --size=1m \
		--rw=write 2>err
	test ! -e ro.dat
	grep "readonly" err
'

test_expect_success '--readonly runs a read job' '
	head -c 1048576 /dev/zero >ro2.dat
	"$VERIO" --readonly --name=r --filename=ro2.dat --rw=read --output-format=json >out.json
	test "$(json_get out.json "j[\"jobs\"][0][\"read\"][\"io_bytes\"]")" = 1048576
'

test_expect_success 'a missing file without a size is an error before any I/O' '
	test_expect_code 2 "$VERIO" --name=m --filename=nope.dat --rw=read 2>err
	grep "nope.dat" err
	test ! -e nope.dat
'

test_expect_success 'SIGINT stops the jobs and still prints the report' '
	"$VERIO" --name=long --filename=long.dat --size=1m --rw=randwrite --time_based \
		--runtime=60 --output-format=json >out.json 2>err &
	pid=$!
	sleep 1.5
	kill -INT $pid
	wait $pid || true
	python3 -c "import json; j = json.load(open(\"out.json\")); assert j[\"jobs\"][0][\"write\"][\"io_bytes\"] > 0"
	grep -i interrupted err
'

test_done
