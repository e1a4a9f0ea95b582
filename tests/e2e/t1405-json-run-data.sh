#!/usr/bin/env bash
# t1405: what a run writes into its JSON report for `verio report` to draw
# (docs/json.md): the job's phases and an incident's time on the time axis
# of the job's fio logs, the verify map, and the run's identity: schema
# version, command line, host and the exit status it ends with (0, 1, 3, 4).
# shellcheck disable=SC2016,SC2034,SC2086,SC2317  # eval'd bodies use $FJOB (split) and the helpers
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-interrupt.sh"
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
		--write_bw_log=w --output-format=json >out.json 2>err
	times out.json
	# the per-I/O log counts from the same zero: every write completed
	# by the end of the write phase, every read (the verify) after it
	python3 - out.json w_bw.1.log <<-"PY"
	import json, sys
	ph = json.load(open(sys.argv[1]))["jobs"][0]["phases"]
	rows = [[int(x) for x in l.split(",")[:3]] for l in open(sys.argv[2])]
	writes = [t for t, _, d in rows if d == 1]
	reads = [t for t, _, d in rows if d == 0]
	assert len(writes) == len(reads) == 256, (len(writes), len(reads))
	assert max(writes) <= ph[0]["end_ms"], (max(writes), ph[0])
	assert ph[1]["start_ms"] <= min(reads) and max(reads) <= ph[1]["end_ms"], (reads, ph[1])
	PY
'

# mapped FILE OFFSET:CLASS...: the job's one verify map covers its
# region; the failed cells are those holding the OFFSETs, and each has one
# failure of its CLASS in failure_classes; the counts add up to the job's
# own (every unit written, every unit read back once).
mapped() {
	python3 - "$@" <<-'PY'
	import json, sys
	jb = json.load(open(sys.argv[1]))["jobs"][0]
	want = [(int(o), c) for o, c in (a.split(":") for a in sys.argv[2:])]
	v = jb["verify"]
	(m,) = v["map"]
	assert m["file"] == "t.dat" and m["offset"] == 0, m["file"]
	units = m["length"] // m["unit"]
	per = m["cell_bytes"] // m["unit"]
	assert per & (per - 1) == 0 and m["cells"] <= 1024, m["cell_bytes"]
	assert m["cells"] == -(-units // per), m["cells"]
	for k in ("written", "verified", "failed"):
	    assert len(m[k]) == m["cells"], (k, len(m[k]))
	cb = m["cell_bytes"]
	bad = [c for c, n in enumerate(m["failed"]) if n]
	assert bad == sorted(o // cb for o, _ in want), (bad, want)
	fc = [{"cell": o // cb, "class": c, "count": 1} for o, c in sorted(want)]
	assert m["failure_classes"] == fc, m["failure_classes"]
	assert sum(m["written"]) == units, (sum(m["written"]), units)
	assert sum(m["verified"]) + sum(m["failed"]) == v["units"], v["units"]
	assert sum(m["failed"]) == v["failures"] == len(want), v["failures"]
	PY
}

test_expect_success 'the verify map: the cell of a flipped unit failed, its class named' '
	rm -f t.dat w.*.verio-state
	# 1536 units of 4k: two a cell, 768 cells
	test_expect_code 1 "$VERIO" $FJOB --size=6m --faulty_rule="flip on=write offset=5000k bit=40000" \
		--output-format=json >map.json 2>err
	mapped map.json $((5000 * 1024)):bit_flips
	json_check map.json "v[\"map\"][0][\"cell_bytes\"] == 8192 and v[\"map\"][0][\"cells\"] == 768"
'

test_expect_success 'the verify map: a misdirected write fails where it landed and where it was due' '
	rm -f t.dat w.*.verio-state
	# the 20th write (76k) lands at 8k
	test_expect_code 1 "$VERIO" $FJOB --faulty_rule="misdirect nth=20 to=8k" \
		--output-format=json >mis.json 2>err
	mapped mis.json 8192:misdirected $((76 * 1024)):zeroed
'

# run_is FILE CODE: the report's exit_status is CODE, with the schema
# version, the command line that ran and the host.
run_is() {
	python3 - "$@" <<-'PY'
	import json, os, sys
	d = json.load(open(sys.argv[1]))
	assert d["exit_status"] == int(sys.argv[2]), (d["exit_status"], sys.argv[2])
	assert d["verio schema"] == 1, d["verio schema"]
	assert "--name=w" in d["command_line"] and "verio" in d["command_line"], d["command_line"]
	u = os.uname()
	assert d["host"] == {"hostname": u.nodename, "kernel": u.release, "machine": u.machine}, d["host"]
	assert list(d)[:3] == ["fio version", "verio version", "timestamp"], list(d)[:3]
	PY
}

test_expect_success 'exit_status is the exit code: 0, 1 and 3 (an I/O error)' '
	rm -f t.dat w.*.verio-state
	"$VERIO" $FJOB --ioengine=psync --output-format=json >ok.json
	run_is ok.json 0
	run_is out.json 1
	test_expect_code 3 "$VERIO" $FJOB --faulty_rule="eio on=write nth=5" \
		--output-format=json >eio.json 2>err
	run_is eio.json 3
'

test_expect_success 'exit_status 4 and interrupted_ms: a trigger and a signal' '
	rm -f t.dat w.*.verio-state
	test_expect_code 4 "$VERIO" $FJOB --ioengine=psync --rw=randwrite --time_based \
		--runtime=60 --trigger-timeout=1 --output-format=json >trig.json 2>err
	run_is trig.json 4
	json_check trig.json "j[\"interrupted\"] and 0 < j[\"interrupted_ms\"] <= j[\"phases\"][-1][\"end_ms\"] + 1"
	trap bg_kill EXIT
	bg_verio sig.json sig.err $FJOB --ioengine=psync --rw=randwrite --time_based \
		--runtime=60 --eta=always --output-format=json
	wait_for grep -q "Jobs: " sig.err
	kill -INT "$bg_pid"
	bg_wait
	test "$bg_rc" = 4
	run_is sig.json 4
	json_check sig.json "j[\"interrupted\"] and 0 < j[\"interrupted_ms\"] <= j[\"phases\"][-1][\"end_ms\"] + 1"
'

test_expect_success 'job_index counts clones; seeds; targets name the file and its region' '
	rm -f t.dat w.*.verio-state
	"$VERIO" $FJOB --ioengine=psync --numjobs=2 --offset_increment=512k --size=512k \
		--randseed=42 --output-format=json >cl.json
	python3 - cl.json <<-"PY"
	import json, sys
	jobs = json.load(open(sys.argv[1]))["jobs"]
	assert [jb["job_index"] for jb in jobs] == [0, 1], [jb["job_index"] for jb in jobs]
	for k, jb in enumerate(jobs):
	    s = jb["seeds"]
	    assert s["randseed"] == 42 and s["run_id"] == jobs[0]["seeds"]["run_id"], s
	    assert all(isinstance(v, int) for v in s.values()), s
	    (t,) = jb["targets"]
	    assert (t["file"], t["type"], t["offset"], t["length"]) == ("t.dat", "file", k << 19, 1 << 19), t
	    assert t["size"] == 1 << 20, t
	assert jobs[0]["seeds"]["offset_seed"] != jobs[1]["seeds"]["offset_seed"]
	PY
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
