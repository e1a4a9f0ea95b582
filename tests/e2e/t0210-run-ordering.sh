#!/usr/bin/env bash
# t0210: numjobs, group_reporting, stonewall, wait_for, runtime.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

test_expect_success 'numjobs clones get their own files and entries' '
	"$VERIO" --name=c --size=1m --rw=write --numjobs=3 --output-format=json >out.json
	test "$(json_get out.json "len(j[\"jobs\"])")" = 3
	for i in 0 1 2; do test "$(stat -c %s c.$i.0)" = 1048576; done
'

test_expect_success 'group_reporting folds a group into one entry' '
	"$VERIO" --name=c --size=1m --rw=write --numjobs=3 --group_reporting \
		--output-format=json >out.json
	test "$(json_get out.json "len(j[\"jobs\"])")" = 1
	test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"io_bytes\"]")" = 3145728
'

test_expect_success 'stonewall starts a new group after the previous jobs end' '
	cat >job.fio <<-INI
	[global]
	size=2m
	[first]
	filename=one.dat
	rw=write
	[second]
	stonewall
	filename=one.dat
	rw=read
	INI
	"$VERIO" --output-format=json job.fio >out.json
	test "$(json_get out.json "j[\"jobs\"][1][\"groupid\"]")" = 1
	python3 - out.json <<-PY
	import json, sys
	j = json.load(open(sys.argv[1]))
	a, b = j["jobs"]
	assert b["job_start"] >= a["job_start"] + a["write"]["runtime"], (a, b)
	PY
'

test_expect_success 'wait_for orders jobs inside one group' '
	cat >wait.fio <<-INI
	[global]
	size=2m
	[maker]
	filename=w.dat
	rw=write
	[user]
	wait_for=maker
	filename=w.dat
	rw=read
	INI
	"$VERIO" --output-format=json wait.fio >out.json
	test "$(json_get out.json "j[\"jobs\"][1][\"groupid\"]")" = 0
	test "$(json_get out.json "j[\"jobs\"][1][\"read\"][\"io_bytes\"]")" = 2097152
'

test_expect_success 'time_based runtime keeps going past size' '
	"$VERIO" --name=t --filename=t.dat --size=1m --rw=randwrite --runtime=2 \
		--time_based --output-format=json >out.json
	rt=$(json_get out.json "j[\"jobs\"][0][\"write\"][\"runtime\"]")
	by=$(json_get out.json "j[\"jobs\"][0][\"write\"][\"io_bytes\"]")
	test "$rt" -ge 1900
	test "$by" -gt 1048576
'

test_expect_success 'runtime without time_based stops at size' '
	"$VERIO" --name=t --filename=t2.dat --size=1m --rw=write --runtime=60 \
		--output-format=json >out.json
	test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"io_bytes\"]")" = 1048576
'

test_done
