#!/usr/bin/env bash
# t1405: what a run writes into its JSON report for `verio report` to draw
# (docs/json.md): the job's phases and an incident's time on the time axis
# of the job's fio logs.
# shellcheck disable=SC2016,SC2086  # eval'd bodies; $FJOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

# 1 MiB in 4 KiB blocks, written in order and read back through faulty.
FJOB="--name=w --filename=t.dat --size=1m --bs=4k --rw=write --verify=crc32c --ioengine=faulty"

# times FILE: the first job's phases are in time order, do not overlap,
# are a write phase then a verify phase, and each incident's time_ms lies
# inside the verify phase; the last line of the bw log is not before the
# end of the write phase (one clock).
times() {
	python3 - "$1" <<-'PY'
	import json, sys
	jb = json.load(open(sys.argv[1]))["jobs"][0]
	ph = jb["phases"]
	assert [p["name"] for p in ph] == ["write", "verify"], ph
	for a, b in zip(ph, ph[1:]):
	    assert a["start_ms"] <= a["end_ms"] <= b["start_ms"] <= b["end_ms"], ph
	assert ph[0]["start_ms"] == 0, ph
	ver = ph[1]
	incs = jb["verify"]["incidents"]
	assert incs, "no incident"
	for i in incs:
	    assert ver["start_ms"] <= i["time_ms"] <= ver["end_ms"], (i["time_ms"], ver)
	assert "interrupted_ms" not in jb, jb["interrupted_ms"]
	PY
}

test_expect_success 'a flipped write: the incident is found inside the verify phase' '
	rm -f t.dat w.*.verio-state w_bw.*.log
	test_expect_code 1 "$VERIO" $FJOB --faulty_rule="flip on=write offset=200k bit=1000" \
		--write_bw_log=w --log_avg_msec=1 --output-format=json >out.json 2>err
	times out.json
	# the log counts from the same zero: its last sample is not before
	# the end of the write phase, nor past the end of the job
	last=$(tail -n 1 w_bw.1.log | cut -d, -f1)
	wend=$(json_get out.json "j[\"jobs\"][0][\"phases\"][0][\"end_ms\"]")
	vend=$(json_get out.json "j[\"jobs\"][0][\"phases\"][1][\"end_ms\"]")
	test "$last" -ge "$((wend - 1))" && test "$last" -le "$((vend + 1))"
'

test_expect_success 'verify_only: one verify phase; loops=2: write, verify, write, verify' '
	rm -f t.dat w.*.verio-state
	"$VERIO" $FJOB --ioengine=psync >/dev/null
	"$VERIO" $FJOB --ioengine=psync --verify_only=1 --output-format=json >vo.json
	json_check vo.json "[p[\"name\"] for p in j[\"phases\"]] == [\"verify\"]"
	"$VERIO" $FJOB --ioengine=psync --loops=2 --output-format=json >l2.json
	json_check l2.json "[p[\"name\"] for p in j[\"phases\"]] == [\"write\", \"verify\", \"write\", \"verify\"]"
'

test_expect_success 'verify_backlog: backlog phases between writes, the first and last kept' '
	rm -f t.dat w.*.verio-state
	"$VERIO" $FJOB --ioengine=psync --size=4m --verify_backlog=8 --output-format=json >bl.json
	# 1024 writes, a batch every 8: far more phases than are kept
	json_check bl.json "len(j[\"phases\"]) == 128 and j[\"phases_omitted\"] > 0 and j[\"phases\"][1][\"name\"] == \"backlog\" and j[\"phases\"][-1][\"name\"] == \"verify\""
	json_check bl.json "all(a[\"end_ms\"] <= b[\"start_ms\"] for a, b in zip(j[\"phases\"], j[\"phases\"][1:]))"
'

test_done
