#!/usr/bin/env bash
# t1153: fio's trim backlog in a verified write job: trim_percentage of the
# writes are picked, trimmed every trim_backlog writes (trim_backlog_batch
# at a time), and verified as trimmed units (zeroes: holes in the file);
# the picks are the same for the same job; without verify or trim_backlog
# nothing is trimmed; the saved state keeps the trims; bad values and the
# combinations that cannot be judged exit 2.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-trim.sh"
test_require_cmd python3

T=$PWD/t.dat
JOB="--name=j --filename=$T --size=1m --bs=4k --rw=randwrite --verify=crc32c"

if ! { : >probe.dat && truncate -s 64k probe.dat && fallocate -p -o 0 -l 4096 probe.dat; }; then
	test_skip "this file system cannot punch holes"
fi

# get FILE EXPR: a value of the first job of the JSON report FILE.
get() {
	json_get "$1" "j[\"jobs\"][0]$2"
}

test_expect_success 'trim_percentage=50, trim_backlog=8: half the writes trimmed, verified as zeroes' '
	rm -f "$T"
	"$VERIO" $JOB --trim_percentage=50 --trim_backlog=8 --output-format=json >a.json
	n=$(get a.json "[\"trim\"][\"total_ios\"]")
	test "$n" = 128
	test "$(get a.json "[\"write\"][\"total_ios\"]")" = 256
	test "$(get a.json "[\"verify\"][\"units\"]")" = 256
	test "$(get a.json "[\"verify\"][\"trimmed\"]")" = "$n"
	test "$(get a.json "[\"verify\"][\"failures\"]")" = 0
	test "$(hole_bytes "$T")" = $((n * 4096))
'

test_expect_success 'the same job picks the same blocks' '
	rm -f "$T"
	"$VERIO" $JOB --trim_percentage=50 --trim_backlog=8 --output-format=json >b.json
	test "$(get b.json "[\"trim\"][\"total_ios\"]")" = "$(get a.json "[\"trim\"][\"total_ios\"]")"
'

test_expect_success 'trim_backlog_batch=1: one trim every trim_backlog writes, the rest at the end' '
	rm -f "$T" c.log
	"$VERIO" $JOB --trim_percentage=25 --trim_backlog=16 --trim_backlog_batch=1 \
		--write_iolog=c.log --output-format=json >c.json
	test "$(get c.json "[\"trim\"][\"total_ios\"]")" = 64
	test "$(get c.json "[\"verify\"][\"trimmed\"]")" = 64
	test "$(get c.json "[\"verify\"][\"failures\"]")" = 0
	awk "\$3 == \"write\" || \$3 == \"trim\" { print \$3 }" c.log | uniq -c |
		awk "{ print \$1, \$2 }" >got
	{ for i in $(seq 15); do printf "16 write\n1 trim\n"; done
	  printf "16 write\n49 trim\n"; } >want
	test_cmp want got
'

test_expect_success 'without verify, or without trim_backlog, nothing is trimmed (as fio)' '
	rm -f "$T"
	"$VERIO" --name=j --filename="$T" --size=1m --bs=4k --rw=randwrite \
		--trim_percentage=50 --trim_backlog=8 --output-format=json >d.json
	test "$(get d.json "[\"trim\"][\"total_ios\"]")" = 0
	"$VERIO" $JOB --trim_percentage=50 --output-format=json >e.json
	test "$(get e.json "[\"trim\"][\"total_ios\"]")" = 0
	test "$(hole_bytes "$T")" = 0
'

test_expect_success 'the saved state keeps the trims: verify_only checks them for zeroes' '
	rm -f "$T" j.0.verio-state
	"$VERIO" $JOB --trim_percentage=25 --trim_backlog=4 --verify_state_save=1 \
		--output-format=json >f.json
	n=$(get f.json "[\"trim\"][\"total_ios\"]")
	test "$n" -gt 0
	"$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 --output-format=json >g.json
	test "$(get g.json "[\"verify\"][\"trimmed\"]")" = "$n"
	test "$(get g.json "[\"verify\"][\"failures\"]")" = 0
	verio_state=$("$VERIO" state show --output-format=json j.0.verio-state)
	test "$(echo "$verio_state" | python3 -c "import json, sys
print(json.load(sys.stdin)[\"files\"][0][\"trimmed\"])")" = "$n"
'

test_expect_success 'bad values and combinations: exit 2, naming the option' '
	test_expect_code 2 "$VERIO" $JOB --trim_percentage=101 --trim_backlog=8 2>err
	grep -q "trim_percentage" err
	test_expect_code 2 "$VERIO" $JOB --trim_percentage=50 --trim_backlog=8 \
		--verify_state_save=1 --verify_journal=1 2>err
	grep -q "verify_journal does not take trims" err
	test_expect_code 2 "$VERIO" $JOB --trim_percentage=50 --trim_backlog=8 \
		--verify_only=1 2>err
	grep -q "verify_state_load=1" err
	test_expect_code 2 "$VERIO" --readonly --name=r --filename="$T" --size=1m --rw=read \
		--verify=md5 --trim_percentage=100 --trim_backlog=1 2>err
	grep -q "trim_percentage with trim_backlog refused under --readonly" err
'

test_done
