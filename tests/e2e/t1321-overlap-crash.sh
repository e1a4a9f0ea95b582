#!/usr/bin/env bash
# t1321: verify_overlap with verify_journal=1: overlap journals, and
# crash verdicts. Four clones write overlapping units at depth 32 and are
# killed with SIGKILL at a random moment; verify_only of the same jobs
# replays every clone's journal and must find every unit legal (direct
# I/O, and buffered I/O whose writes count only once an fsync covered
# them). After a run, a zeroed unit and a block copied to another offset
# are found with their class at their offset; a missing or foreign
# journal is refused.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
test_require_cmd python3

T=$PWD/t.dat
# The writing and the verifying runs: the same jobs, verify_only added.
JOBS="--filename=$T --size=8m --verify=crc32c --verify_overlap=1"
MIX="--name=mix --rw=randwrite --bs=4k --norandommap=1 --numjobs=4"

# vsum FILE: "units=N failures=N basis=B classes" over the jobs.
vsum() {
	python3 - "$1" <<-'EOF'
	import json, sys
	d = json.load(open(sys.argv[1]))
	u = f = 0
	basis = set()
	classes = {}
	for j in d["jobs"]:
	    v = j["verify"]
	    u += v["units"]
	    f += v["failures"]
	    basis.add(v["verify_state"]["checked_against"])
	    for k, n in v["classes"].items():
	        if n:
	            classes[k] = classes.get(k, 0) + n
	print("units=%d failures=%d basis=%s %s" % (u, f, ",".join(sorted(basis)), sorted(classes.items())))
	EOF
}

# kill_trial ARGS...: the mix jobs with ARGS, killed once clone 0's
# journal holds 64 records (10 s at most) and 0-190 ms more, then
# verified: exit 0, every unit judged against the journals.
kill_trial() {
	local i=0 size
	rm -f mix.*.ovjournal
	"$VERIO" $JOBS $MIX --verify_journal=1 --time_based=1 --runtime=30 "$@" >/dev/null 2>&1 &
	pid=$!
	while [ $i -lt 1000 ]; do
		size=$(stat -c %s mix.0.verio-state.ovjournal 2>/dev/null) || size=0
		[ "$size" -ge $((64 + 64 * 16)) ] && break
		sleep 0.01
		i=$((i + 1))
	done
	sleep "0.$((RANDOM % 20))"
	kill -9 $pid
	wait $pid 2>/dev/null
	[ $i -lt 1000 ] || return 1
	"$VERIO" $JOBS $MIX --verify_only=1 "$@" --output-format=json >v.json 2>err || {
		cat err >&2
		return 1
	}
	vsum v.json >s
	grep -q "failures=0 basis=overlap_journals \[\]" s || { cat s >&2; return 1; }
}

if engine_built io_uring; then
	test_expect_success 'io_uring qd32, direct, four clones killed with SIGKILL: 6 trials verify clean' '
		rm -f "$T"
		for t in 1 2 3 4 5 6; do
			kill_trial --ioengine=io_uring --iodepth=32 --direct=1 || return 1
		done
	'
fi

test_expect_success 'psync, buffered, fsync=8, four clones killed with SIGKILL: 6 trials verify clean' '
	rm -f "$T"
	for t in 1 2 3 4 5 6; do
		kill_trial --ioengine=psync --direct=0 --fsync=8 || return 1
	done
'

test_expect_success 'the journals of a whole run: a zeroed unit and a copied block found at their offsets' '
	rm -f "$T" mix.*.ovjournal fill.*.ovjournal
	W="--name=fill --rw=write --bs=4k --do_verify=0 --ioengine=libaio --iodepth=16 --direct=1"
	"$VERIO" $JOBS --verify_journal=1 $W $MIX --stonewall --ioengine=libaio --iodepth=16 \
		--direct=1 --do_verify=0 >/dev/null
	"$VERIO" $JOBS --verify_only=1 $W $MIX --stonewall --ioengine=libaio --iodepth=16 \
		--direct=1 --output-format=json >v.json
	vsum v.json >s
	grep -q "failures=0 basis=overlap_journals \[\]" s
	dd if=/dev/zero of="$T" bs=4k seek=256 count=1 conv=notrunc status=none
	dd if="$T" of="$T" bs=4k skip=1000 seek=1500 count=1 conv=notrunc status=none
	test_expect_code 1 "$VERIO" $JOBS --verify_only=1 $W $MIX --stonewall --ioengine=libaio \
		--iodepth=16 --direct=1 --output-format=json >v.json 2>err
	python3 - v.json <<-EOF
	import json, sys
	seen = set()
	for j in json.load(open(sys.argv[1]))["jobs"]:
	    for i in j["verify"]["incidents"]:
	        seen.add((i["offset"], i["class"]))
	assert seen == {(1048576, "zeroed"), (6144000, "misdirected")}, seen
	EOF
	grep -q "offset 6144000, length 4096 .*: misdirected (data of offset 4096000 generation" err
	grep -q "legal generations for this read (verify_overlap): " err
'

test_expect_success 'verify_only without the overlap journals: refused, naming the path' '
	rm -f mix.*.ovjournal
	test_expect_code 2 "$VERIO" $JOBS $MIX --verify_only=1 2>err
	grep -q "verify_overlap: no overlap journal at .*mix.0.verio-state.ovjournal. (write with verify_overlap=1 verify_journal=1 first)" err
'

test_expect_success 'a journal of other verify units: refused' '
	"$VERIO" $JOBS $MIX --verify_journal=1 --number_ios=64 --do_verify=0 >/dev/null
	test_expect_code 2 "$VERIO" $JOBS --name=mix --rw=randwrite --bs=8k --numjobs=4 \
		--verify_only=1 2>err
	grep -q "was written with 4096-byte verify units and 1 files, this job has 8192 and 1" err
'

test_expect_success 'a damaged journal header: refused' '
	printf "XXXX" | dd of=mix.0.verio-state.ovjournal bs=1 seek=0 conv=notrunc status=none
	test_expect_code 2 "$VERIO" $JOBS $MIX --verify_only=1 2>err
	grep -q "is not a verio overlap journal, or its header is damaged" err
'

rm -f "$T" mix.*.ovjournal fill.*.ovjournal
test_done
