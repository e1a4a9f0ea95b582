#!/usr/bin/env bash
# t1092: a bundle carries the slice of the run's write history over the
# failing units. One CI-style run (two passes over 64 KiB; the faulty
# engine flips a bit of one write of the second pass, so the verify phase
# finds that unit bad) with write_history and --bundle: history/h.vh is a
# valid history (read by tests' own reader, lib-history.sh) of the same
# run, holding exactly the writes of the full history that touch the
# failing unit, with their completions.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-bundle.sh"
. "$SRCDIR/tests/e2e/lib-history.sh"
test_require_cmd python3
require_libarchive

# 16 units of 4 KiB, two passes: the 20th write is pass 2's unit at 12 KiB.
JOB="--name=w --filename=t.dat --size=64k --bs=4k --rw=write --verify=crc32c --loops=2
	--ioengine=faulty --write_history=h.vh --verify_dump=1"

test_expect_success 'a failing run with a write history bundles its slice' '
	test_expect_code 1 "$VERIO" $JOB --faulty_rule="flip on=write nth=20 bit=1000" \
		--output-format=json --bundle=b.tgz >out.json 2>err
	test "$(json_get out.json "[i[\"offset\"] for i in j[\"jobs\"][0][\"verify\"][\"incidents\"]]")" = "[12288]"
	bundle_check b.tgz 1
	bundle_roles b.tgz >got
	grep -qx "history history/h.vh" got
	grep -qx "dump_received dumps/t.dat.12288.received" got
'

test_expect_success 'the slice is the full history cut to the failing unit' '
	bundle_cat b.tgz history/h.vh >slice.vh
	bundle_cat b.tgz MANIFEST.json >m.json
	hist_py
	python3 - "$(json_get m.json "j[\"run_id\"]")" <<-'\''EOF'\''
	import sys, hist
	full, cut = hist.read("h.vh"), hist.read("slice.vh")
	assert cut[0].run_id == full[-1].run_id == int(sys.argv[1])
	assert not cut[0].torn and cut[0].files == full[-1].files
	key = lambda w: (w["job"], w["clone"], w["seq"], w["off"])
	want = sorted((w for w in hist.writes(full)
	               if w["off"] < 16384 and w["off"] + w["len"] > 12288), key=key)
	got = sorted(hist.writes(cut), key=key)
	assert len(want) == 2, want
	assert got == want, (got, want)
	assert all(w["result"] == 0 and w["order"] > 0 for w in got), got
	EOF
'

test_expect_success 'a passing run with a history writes no bundle' '
	"$VERIO" $JOB --bundle=p.tgz >/dev/null
	test ! -e p.tgz
	test -s h.vh
	test "$(ls b.tgz.* 2>/dev/null)" = ""
'

test_done
