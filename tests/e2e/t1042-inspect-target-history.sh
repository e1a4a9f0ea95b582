#!/usr/bin/env bash
# t1042: who wrote this.  Two clones write their own 64 KiB of one file at
# random, twice over (loops=2, norandommap: overlapping passes), in two
# runs that continue one saved state each, each run with a write history.
# Between the runs the test snapshots the file; after them it puts one
# unit of the snapshot back (a lost write, the older copy on the media).
# `verio inspect --target --state --history h1 --history h2` must name the
# write that should be there and the older write whose data is on the
# media: the generation, run, job and clone of each, checked against the
# headers the test read itself from the snapshot and from the file before
# the fault.  The same from the unit's dump; without a state, the last
# completed write stands for the one that should be there.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-inspect.sh"
test_require_cmd python3

JOB="--name=w --filename=t.dat --size=64k --numjobs=2 --offset_increment=64k
	--rw=randwrite --bs=4k --verify=crc32c --loops=2 --norandommap=1 --randseed=11"

# hdr FILE OFFSET: "run gen job clone" of the unit header at OFFSET.
hdr() {
	python3 - "$1" "$2" <<-'EOF'
	import struct, sys, zlib
	b = open(sys.argv[1], "rb").read()[int(sys.argv[2]):][:64]
	assert b[:4] == b"VRIO", "no header"
	clone, off, gen, run = struct.unpack_from("<HQQQ", b, 14)
	job = struct.unpack_from("<I", b, 56)[0]
	assert off == int(sys.argv[2]), off
	print("0x%016x %d %d %d" % (run, gen, job, clone))
	EOF
}

test_expect_success 'two runs with histories; the record of one unit' '
	"$VERIO" $JOB --write_history=h1.vh >/dev/null
	cp t.dat snap
	"$VERIO" $JOB --verify_state_load=1 --write_history=h2.vh >/dev/null
	# the first unit of clone 1 the second run rewrote
	for u in $(seq 16 31); do
		o=$((u * 4096))
		old=$(hdr snap $o) && new=$(hdr t.dat $o) || continue
		[ "$old" != "$new" ] && break
	done
	[ "$old" != "$new" ]
	echo "$o" >offset
	echo "$old" >old
	echo "$new" >new
	$CORRUPT save snap $o 4096 old.bin
	$CORRUPT put t.dat $o old.bin
'

# check JSON WHO: the stale unit of insp.json names the writes of the
# record (WHO "gen": the should-be-there write found by generation, or
# "last": the last completed one).
check() {
	python3 - insp.json "$(cat offset)" "$(cat old)" "$(cat new)" "$1" <<-'EOF'
	import json, sys
	d = json.load(open(sys.argv[1]))
	off = int(sys.argv[2])
	orun, ogen, ojob, oclone = sys.argv[3].split()
	nrun, ngen, njob, nclone = sys.argv[4].split()
	u = d["units"][0]
	assert (u["offset"], u["class"]) == (off, "stale"), u
	assert (u["expected_generation"], u["found_generation"]) == (int(ngen), int(ogen)), u
	h = u["history"]
	s = h["should_be_there"]
	assert h["should_be_there_by"] == ("generation" if sys.argv[5] == "gen" else "last_completed"), h
	assert (s["run_id"], s["generation"], s["job_index"], s["clone"]) == \
	    (nrun, int(ngen), int(njob), int(nclone)), (s, sys.argv[4])
	assert s["completed"] and s["result"] == 0 and s["offset"] <= off < s["offset"] + s["length"], s
	assert s["history"] == "h2.vh", s
	m = h["on_media"]
	assert len(m) == 1 and m[0]["stamp_generation"] == int(ogen), m
	w = m[0]["write"]
	assert (w["run_id"], w["generation"], w["job_index"], w["clone"]) == \
	    (orun, int(ogen), int(ojob), int(oclone)), (w, sys.argv[3])
	assert w["history"] == "h1.vh" and w["completed"], w
	assert h["in_flight"] == [], h
	for b in h["in_between"]:
	    assert b["history"] == "h2.vh" and b["generation"] < int(ngen), b
	EOF
}

test_expect_success '--target --state --history: the write that should be there, the one on the media' '
	o=$(cat offset)
	test_expect_code 1 "$VERIO" inspect --json --target t.dat --offset $o --length 4k \
		--state w.1.verio-state --history h1.vh --history h2.vh >insp.json
	check gen
	test_expect_code 1 "$VERIO" inspect --target t.dat --offset $o --length 4k \
		--state w.1.verio-state --history h1.vh --history h2.vh >out
	read -r nrun ngen njob nclone <new
	read -r orun ogen ojob oclone <old
	grep -q "^    should be there: generation $ngen, bytes [0-9-]*, run $nrun, job '\''w'\'' (index $njob) clone $nclone, issued " out
	grep -q "^    on the media:    generation $ogen, bytes [0-9-]*, run $orun, job '\''w'\'' (index $ojob) clone $oclone, issued " out
	grep -q "^unit at offset $o (4096 bytes) of '\''t.dat'\'': stale (generation $ogen, expected $ngen: a lost write)$" out
'

test_expect_success 'the whole region: only the unit put back is inconsistent' '
	test_expect_code 1 "$VERIO" inspect --json --target t.dat --offset 64k --length 64k \
		--state w.1.verio-state --history h1.vh --history h2.vh >insp.json
	test "$(json_get insp.json "len(j[\"units\"]), j[\"units_inconsistent\"], j[\"units\"][0][\"offset\"]")" = "[1, 1, $(cat offset)]"
	# the other clone'\''s region is all consistent
	"$VERIO" inspect --target t.dat --offset 0 --length 64k --state w.0.verio-state >out
	grep -q "^16 units inspected: 0 not consistent" out
'

test_expect_success 'from the dump of a verify_only run, with the histories' '
	test_expect_code 1 "$VERIO" $JOB --verify_only=1 --verify_dump=1 >/dev/null 2>&1
	o=$(cat offset)
	test_expect_code 1 "$VERIO" inspect --json t.dat.$o.received --history h1.vh --history h2.vh >insp.json
	check gen
'

test_expect_success 'without a state: the last completed write stands for the one expected' '
	o=$(cat offset)
	# judged by the header alone the unit is fine: make its data wrong too
	$CORRUPT flip t.dat $((o + 1000)) 4
	test_expect_code 1 "$VERIO" inspect --json --target t.dat --offset $o --length 4k \
		--history h1.vh --history h2.vh >insp.json
	test "$(json_get insp.json "j[\"units\"][0][\"class\"], j[\"units\"][0][\"history\"][\"should_be_there_by\"], j[\"units\"][0][\"history\"][\"should_be_there\"][\"generation\"]")" = \
		"[\"bit_flips\", \"last_completed\", $(cut -d" " -f2 new)]"
	$CORRUPT put t.dat $o old.bin
'

test_done
