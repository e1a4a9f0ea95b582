#!/usr/bin/env bash
# t1320: verify_overlap. Overlapping reads and writes in flight together,
# across clones and jobs on one target, judged against every legal
# outcome: io_uring at depth 64, norandommap randrw, four clones on one
# 64 MiB region, no failure (make test: 6 s; CONFORMANCE=1: 60 s), and
# through the page cache on a tiny region (byte mixes); faults
# injected under it (a dropped write, a misdirected one, a torn one) fail
# with their class at their offset, the legal generations named; the
# combinations it cannot judge are refused with exit 2.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

T=$PWD/t.dat
SECS=6
[ "${CONFORMANCE:-0}" = 1 ] && SECS=60

# summary FILE: per job "units failures older newer mixed classes", summed.
summary() {
	python3 - "$1" <<-'EOF'
	import json, sys
	d = json.load(open(sys.argv[1]))
	t = {"units": 0, "failures": 0, "older": 0, "newer": 0, "mixed": 0, "mixed_illegal": 0}
	classes = {}
	for j in d["jobs"]:
	    v = j["verify"]
	    t["units"] += v["units"]
	    t["failures"] += v["failures"]
	    for k in ("older", "newer", "mixed", "mixed_illegal"):
	        t[k] += v["overlap"][k]
	    for k, n in v["classes"].items():
	        if n:
	            classes[k] = classes.get(k, 0) + n
	print(" ".join("%s=%d" % kv for kv in sorted(t.items())), sorted(classes.items()))
	EOF
}

# incidents FILE: "offset class legal" per incident of every job, sorted, unique.
incidents() {
	python3 - "$1" <<-'EOF'
	import json, sys
	seen = set()
	for j in json.load(open(sys.argv[1]))["jobs"]:
	    for i in j["verify"]["incidents"]:
	        seen.add("%d %s %s" % (i["offset"], i["class"], "legal" if i.get("legal_generations") else "-"))
	print("\n".join(sorted(seen)))
	EOF
}

test_expect_success "four clones, io_uring qd64, norandommap randrw on one 64 MiB region, $SECS s: no failure" '
	rm -f "$T"
	"$VERIO" --name=ov --filename="$T" --size=64m --bs=4k --rw=randrw --norandommap=1 \
		--ioengine=io_uring --iodepth=64 --numjobs=4 --verify=crc32c --verify_overlap=1 \
		--time_based=1 --runtime=$SECS --output-format=json >run.json 2>err
	test ! -s err
	summary run.json >s
	cat s
	grep -q "failures=0 " s
	grep -q "\[\]$" s
	python3 -c "import json; d = json.load(open(\"run.json\")); assert sum(j[\"verify\"][\"units\"] for j in d[\"jobs\"]) > 10000"
'

test_expect_success 'the same clones without verify_overlap are refused' '
	test_expect_code 2 "$VERIO" --name=ov --filename="$T" --size=64m --bs=4k --rw=randrw \
		--norandommap=1 --numjobs=4 --verify=crc32c 2>err
	grep -q "verify_allow_overlap=1" err
'

# Overlap that a serializing verifier never sees: bssplit, direct I/O, a
# small region, libaio; legal older and newer outcomes are met and counted.
test_expect_success 'bssplit, direct, libaio, 16 MiB, 3 s: no failure, older and newer outcomes met' '
	rm -f "$T"
	"$VERIO" --name=ov --filename="$T" --size=16m --bssplit=4k/30:16k/30:64k/40 --rw=randrw \
		--norandommap=1 --ioengine=libaio --iodepth=32 --numjobs=4 --direct=1 \
		--verify=crc32c --verify_overlap=1 --time_based=1 --runtime=3 \
		--output-format=json >run.json 2>err
	test ! -s err
	summary run.json >s
	cat s
	grep -q "failures=0 " s
	! grep -q "newer=0 " s
	! grep -q "older=0 " s
'

# Through the page cache, four clones on 64 units: reads meet writes
# copying into the same page (byte mixes), all legal.
test_expect_success 'buffered psync, four clones on 256 KiB, 4 s: no failure' '
	rm -f "$T"
	"$VERIO" --name=ov --filename="$T" --size=256k --bs=4k --rw=randrw --norandommap=1 \
		--numjobs=4 --verify=crc32c --verify_overlap=1 --time_based=1 --runtime=4 \
		--output-format=json >run.json 2>err
	test ! -s err
	summary run.json >s
	cat s
	grep -q "failures=0 " s
'

# One file, three segments: a full write, four overlapping clones, then a
# sequential rewrite whose fault is found by its verify pass, at its offset.
fault_run() {
	rm -f "$T"
	test_expect_code 1 "$VERIO" --filename="$T" --size=4m --verify=crc32c --verify_overlap=1 \
		--direct=1 --output-format=json \
		--name=fill --rw=write --bs=4k --iodepth=16 --ioengine=io_uring --do_verify=0 \
		--name=mix --stonewall --rw=randwrite --bs=4k --norandommap=1 --numjobs=4 \
			--ioengine=io_uring --iodepth=16 \
		--name=last --stonewall --rw=write --bs=4k --ioengine=faulty \
			--faulty_engine=io_uring --iodepth=8 --faulty_rule="$1" >f.json 2>err
}

test_expect_success 'a dropped write under overlap: stale at its offset, legal writes named' '
	fault_run "drop offset=1052672 count=1"
	incidents f.json >inc
	cat inc
	test "$(cat inc)" = "1052672 stale legal"
	grep -q "offset 1052672, length 4096 (requested block: offset=1052672, length=4096): stale (generation [0-9]*, expected [0-9]*: a lost write)" err
	grep -q "legal generations for this read (verify_overlap): [0-9]* (last completed)$" err
'

test_expect_success 'a misdirected write under overlap: misdirected where it landed, stale where it belonged' '
	fault_run "misdirect offset=2097152 count=1 to=1048576"
	incidents f.json >inc
	cat inc
	printf "1048576 misdirected legal\n2097152 stale legal\n" >expect
	test_cmp expect inc
	grep -q "offset 1048576, length 4096 .*: misdirected (data of offset 2097152 generation" err
'

test_expect_success 'a torn write under overlap: torn at its offset' '
	fault_run "tear offset=3145728 count=1"
	incidents f.json >inc
	cat inc
	test "$(cat inc)" = "3145728 torn legal"
	python3 -c "
import json
d = json.load(open(\"f.json\"))
assert sum(j[\"verify\"][\"overlap\"][\"mixed_illegal\"] for j in d[\"jobs\"]) == 1
"
'

test_expect_success 'what it cannot judge is refused, naming the option' '
	for extra in --verify_state_load=1 --verify_pattern=0xab --verify_format=fio \
		--rw=trimwrite; do
		test_expect_code 2 "$VERIO" --name=j --filename="$T" --size=1m --bs=4k \
			--rw=write --verify=crc32c --verify_overlap=1 $extra 2>err || return 1
		grep -q "verify_overlap=1 does not take" err || return 1
	done
'

test_expect_success 'jobs whose regions do not line up on the verify unit are refused' '
	test_expect_code 2 "$VERIO" --filename="$T" --size=1m --bs=4k --rw=write \
		--verify=crc32c --verify_overlap=1 --name=a --name=b --offset=2k 2>err
	grep -q "verify_overlap: its region of .* (offset 2048, verify unit 4096) does not line up with that of job .a. (offset 0, verify unit 4096)" err
	test_expect_code 2 "$VERIO" --filename="$T" --size=1m --rw=write --verify=crc32c \
		--verify_overlap=1 --name=a --bs=4k --name=b --bs=8k 2>err
	grep -q "need one verify unit (bs or verify_interval)" err
'

test_expect_success 'one job with verify_overlap and one without on one region: still refused' '
	test_expect_code 2 "$VERIO" --filename="$T" --size=1m --bs=4k --rw=write \
		--verify=crc32c --name=a --verify_overlap=1 --name=b --verify_overlap=0 2>err
	grep -q "both write bytes 0..1048575" err
'

rm -f "$T"
test_done
