#!/usr/bin/env bash
# t1093: the evidence of issue 11: a bundle from a failing CI-style run is
# inspected on a copy elsewhere, with every original gone, and gives the
# same verdicts. One run (two passes over 64 KiB, a write history, dumps)
# where the faulty engine flips a bit of one write, drops another and
# misdirects a third; `verio inspect BUNDLE` in another directory names
# the same units, classes and generations as the run's JSON report, and,
# from the bundled history slice, the write that should be there and the
# write whose data is on the media, checked against the full history read
# by the tests' own reader before it was deleted.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-bundle.sh"
. "$SRCDIR/tests/e2e/lib-history.sh"
test_require_cmd python3
require_libarchive

mkdir -p tmp
export TMPDIR=$PWD/tmp
# 16 units of 4 KiB, two passes: write n of pass 2 is unit n - 17.
# Write 20 (unit 3, 12 KiB) gets a bit flipped, write 23 (unit 6, 24 KiB)
# is dropped, write 26 (unit 9, 36 KiB) lands on unit 0.
JOB="--name=w --filename=t.dat --size=64k --bs=4k --rw=write --verify=crc32c --loops=2
	--ioengine=faulty --write_history=h.vh --verify_dump=1"
RULE="flip on=write nth=20 bit=1000; drop on=write nth=23; misdirect on=write nth=26 to=0"

test_expect_success 'the failing run, its bundle moved away, the originals deleted' '
	test_expect_code 1 "$VERIO" $JOB --faulty_rule="$RULE" --output-format=json \
		--bundle=run.tgz >out.json 2>err
	bundle_check run.tgz 1
	hist_py
	# What the full history says of each unit: the last write issued to it
	# (seq), and every write (offset, seq), for the checks below.
	python3 - <<-EOF
	import json, hist
	ws = hist.writes(hist.read("h.vh"))
	json.dump([[w["off"], w["seq"], w["gen"]] for w in ws], open("full.json", "w"))
	EOF
	mkdir elsewhere
	mv run.tgz elsewhere/
	rm -f t.dat t.dat.* h.vh w.0.verio-state
'

test_expect_success 'inspect BUNDLE elsewhere: the report verdicts, unit by unit' '
	(cd elsewhere && test_expect_code 1 "$VERIO" inspect --json run.tgz >../i.json)
	python3 - <<-EOF
	import json
	key = lambda u: (u["offset"], u["class"], u["expected_generation"],
	                 u.get("found_offset"), u.get("found_generation"))
	rep = [key(i) for i in json.load(open("out.json"))["jobs"][0]["verify"]["incidents"]]
	got = [key(u) for u in json.load(open("i.json"))["units"]]
	assert sorted(got) == sorted(rep), (got, rep)
	assert sorted(got) == [(0, "misdirected", 2, 36864, 2), (12288, "bit_flips", 2, 12288, 2),
	                       (24576, "stale", 2, 24576, 1), (36864, "stale", 2, 36864, 1)], got
	EOF
	test "$(json_get i.json "[j[\"bundle\"][k] for k in (\"exit_status\", \"dumps\", \"states\", \"histories\")]")" = "[1, 4, 1, 1]"
	test -z "$(ls tmp)"
'

test_expect_success 'the bundled history names the writes, as the full history did' '
	python3 - <<-EOF
	import json
	full = json.load(open("full.json"))
	units = {u["offset"]: u for u in json.load(open("i.json"))["units"]}
	def last(off):
	    return max((s, g) for o, s, g in full if o == off)
	def first(off):
	    return min((s, g) for o, s, g in full if o == off)
	for off, u in units.items():
	    h = u["history"]
	    assert h["should_be_there"]["history"] == "verio-bundle/history/h.vh", h
	    assert (h["should_be_there"]["seq"], h["should_be_there"]["generation"]) == last(off), (off, h)
	    media = h["on_media"][0]["write"]
	    # stale: the first pass write is on the media; misdirected: the
	    # write meant for 36 KiB; a flip: the right write, damaged.
	    want = {0: last(36864), 12288: last(12288), 24576: first(24576), 36864: first(36864)}[off]
	    assert (media["seq"], media["generation"]) == want, (off, media, want)
	EOF
'

test_done
