#!/usr/bin/env bash
# t0420: fio's libaio and io_uring job files ($SHARED/fio-examples, pass
# conditions from its README: those of fio's t/run-fio-tests.py), run with
# --output-format=json in the scratch directory. The t/jobs ones run as
# they are (t0006 with a smaller size); the examples/ ones are copied with
# their file names moved here and their sizes and runtimes made small
# (options on the command line do not override a job file's).
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

EX=$SHARED/fio-examples
[ -f "$EX/README.md" ] || test_skip "no fio examples in $EX"
for e in libaio io_uring; do
	engine_built "$e" || test_skip "$e is not built"
done

# Most of these jobs use direct=1: the scratch directory must take O_DIRECT.
direct=1
if ! odirect_ok; then
	direct=
	echo "# O_DIRECT is refused here: the direct=1 jobs are skipped"
fi

# run JOBFILE OUT: run it, JSON into OUT, stderr into OUT.err; exit 0.
run() {
	"$VERIO" --output-format=json "$1" >"$2" 2>"$2.err"
}

if [ -n "$direct" ]; then
	test_expect_success 'basic-verify (libaio qd16 direct randwrite crc32c), on a 64m file: clean' '
		sed -e "s|^filename=.*|filename=bv.dat\nsize=64m|" "$EX/basic-verify.fio" >bv.fio
		test "$(grep -c "^filename=bv.dat$" bv.fio)" = 1
		run bv.fio bv.json
		json_clean bv.json
		test "$(json_get bv.json "[j[\"jobs\"][0][d][\"io_kbytes\"] for d in (\"write\", \"read\")]")" = "[65536, 65536]"
		test "$(json_get bv.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" = 16384
		rm -f bv.dat
	'

	# The file reaches 5G: thread-mix0 reads, so it is laid out up to 4G + 1G.
	test_expect_success 't0002: pre writes at 0G and 4G, post reads it back: exit 0' '
		run "$EX/t0002-13af05ae-pre.fio" pre.json
		json_clean pre.json
		run "$EX/t0002-13af05ae-post.fio" post.json
		json_clean post.json
		test "$(json_get post.json "j[\"jobs\"][0][\"verify\"][\"units\"] > 0")" = true
		test "$(json_get post.json "j[\"jobs\"][0][\"read\"][\"io_kbytes\"] >= 1048576")" = true
	'
	rm -f t0002file thread0.*.verio-state thread-mix0.*.verio-state

	test_expect_success 't0003: post reads with other block sizes: exit 1, no crash' '
		run "$EX/t0003-0ae2c6e1-pre.fio" pre.json
		json_clean pre.json
		test_expect_code 1 run "$EX/t0003-0ae2c6e1-post.fio" post.json
		test "$(json_get post.json "j[\"jobs\"][0][\"error\"]")" = 84
		test "$(json_get post.json "j[\"jobs\"][0][\"verify\"][\"failures\"] >= 1")" = true
		grep -q "verify failed at file '\''foo'\'' offset 0, length 1048576" post.json.err
		# verify_dump=1: the 1M unit at offset 0 is dumped
		test "$(stat -c %s foo.0.received)" = 1048576
	'
	rm -f foo foo.* small_writes.*.verio-state large_writes.*.verio-state

	test_expect_success 't0004: verify_interval larger and smaller than bs: exit 0' '
		run "$EX/t0004-8a99fdf6.fio" t0004.json
		json_clean t0004.json
		test "$(json_get t0004.json "sum(jb[\"write\"][\"io_kbytes\"] for jb in j[\"jobs\"])")" = 20480
	'
	rm -f foo foo.* small_writes.*.verio-state large_writes.*.verio-state

	# t0006 with size=4g cut to 256m. randrw with a random map never
	# overwrites a block, and verify_backlog verifies every write, as the
	# verify phase would: so read = written + the random reads, which are
	# about as many (hence the 2:1 of run-fio-tests.py).
	test_expect_success 't0006 (size 256m): libaio randrw verify_backlog=1024: read/write in [1.99, 2.01]' '
		sed -e "s|^size=4g$|size=256m|" "$EX/t0006-82af2a7c.fio" >t0006.fio
		test "$(grep -c "^size=256m$" t0006.fio)" = 1
		run t0006.fio t0006.json
		json_clean t0006.json
		python3 - t0006.json <<-'\''EOF'\''
		import json, sys
		jb = json.load(open(sys.argv[1]))["jobs"][0]
		r, w = jb["read"]["io_kbytes"], jb["write"]["io_kbytes"]
		assert 1.99 <= r / w <= 2.01, (r, w, r / w)
		EOF
	'
	# verifier_write_done() (src/verify/verifier.c) adds a completed write to the
	# backlog ring only while the ring has room; at iodepth 32 the writes
	# that complete once it is full (before the backlog is read) are never
	# verified, and the verify phase only reads what is left in the ring.
	test_expect_success 't0006 (size 256m): every block written was verified' '
		python3 - t0006.json <<-'\''EOF'\''
		import json, sys
		jb = json.load(open(sys.argv[1]))["jobs"][0]
		w, units = jb["write"]["total_ios"], jb["verify"]["units"]
		assert units == w, "%d blocks written, %d verified" % (w, units)
		EOF
	'
	rm -f foo ver-test.*.verio-state
else
	echo "# basic-verify, t0002, t0003, t0004 and t0006 need O_DIRECT: not run"
fi

test_expect_success 't0018: io_uring randrw time_based 3s: exit 0' '
	run "$EX/t0018.fio" t0018.json
	json_clean t0018.json
	rt=$(json_get t0018.json "j[\"jobs\"][0][\"job_runtime\"]")
	test "$rt" -ge 3000
	test "$rt" -le 3500
	test "$(json_get t0018.json "all(j[\"jobs\"][0][d][\"io_kbytes\"] > 0 for d in (\"read\", \"write\"))")" = true
'
rm -f test.0.0

test_expect_success 't0037: libaio qd32, 4 files, loops=4: pre saves the state, post loads it; both exit 0' '
	run "$EX/t0037-pre.fio" pre.json
	json_clean pre.json
	test -f job.0.verio-state
	test "$(json_get pre.json "j[\"jobs\"][0][\"write\"][\"io_kbytes\"]")" = 2048
	run "$EX/t0037-post.fio" post.json
	json_clean post.json
	test "$(json_get post.json "j[\"jobs\"][0][\"read\"][\"io_kbytes\"]")" = 2048
	test "$(json_get post.json "[j[\"jobs\"][0][\"verify\"][k] for k in (\"units\", \"unwritten\")]")" = "[512, 0]"
'
rm -f t0037file.* job.*.verio-state

# small JOBFILE OUT [SED...]: a copy of an examples/ job file, its file
# in the scratch directory, 64m, runtime 2s.
small() {
	local in=$EX/$1 out=$2
	shift 2
	sed -e "s|^size=.*|size=64m|" -e "s|^runtime=.*|runtime=2|" \
		-e "s|^filename=.*|filename=$out.dat|" "$@" "$in" >"$out.fio"
}

test_expect_success 'fio-rand-RW (libaio qd16, 4 jobs, randrw 60/40, time_based), small: exit 0' '
	small fio-rand-RW.fio rrw
	run rrw.fio rrw.json
	json_clean rrw.json
	test "$(json_get rrw.json "len(j[\"jobs\"])")" = 4
	test "$(json_get rrw.json "all(2000 <= jb[\"job_runtime\"] <= 2500 and jb[\"read\"][\"io_kbytes\"] > jb[\"write\"][\"io_kbytes\"] > 0 for jb in j[\"jobs\"])")" = true
'
rm -f rrw.dat

test_expect_success 'fio-rand-read (libaio qd16 randread, time_based), small: exit 0' '
	small fio-rand-read.fio rr
	run rr.fio rr.json
	json_clean rr.json
	test "$(json_get rr.json "j[\"jobs\"][0][\"read\"][\"io_kbytes\"] > 0 and j[\"jobs\"][0][\"write\"][\"io_kbytes\"] == 0")" = true
'
rm -f rr.dat

test_expect_success 'fio-seq-write (libaio qd16 256k write, time_based), small: exit 0' '
	small fio-seq-write.fio sw
	run sw.fio sw.json
	json_clean sw.json
	test "$(json_get sw.json "j[\"jobs\"][0][\"write\"][\"io_kbytes\"] >= 65536")" = true
	test "$(stat -c %s sw.dat)" = 67108864
'
rm -f sw.dat

if [ -n "$direct" ]; then
	# Not time_based: runtime only caps each section, and the byte counts
	# below need every section to finish (2s is too short on a busy host).
	test_expect_success 'ssd-test (libaio direct, 4 stonewalled sections), small, in the scratch dir: exit 0' '
		small ssd-test.fio ssd -e "s|^directory=.*|directory=$PWD|" -e "s|^runtime=2$|runtime=60|"
		grep -q "^runtime=60$" ssd.fio
		grep -q "^filename=ssd.dat$" ssd.fio
		run ssd.fio ssd.json
		json_clean ssd.json
		test "$(json_get ssd.json "[jb[\"jobname\"] for jb in j[\"jobs\"]]")" = \
			"[\"seq-read\", \"rand-read\", \"seq-write\", \"rand-write\"]"
		test "$(json_get ssd.json "[jb[d][\"io_kbytes\"] for jb in j[\"jobs\"] for d in (\"read\", \"write\")]")" = \
			"[65536, 0, 65536, 0, 0, 65536, 0, 65536]"
	'
	rm -f ssd.dat

	test_expect_success 'iometer-file-access-server (bssplit, randrw 80/20, libaio qd64 direct), 64m: exit 0' '
		small iometer-file-access-server.fio io
		run io.fio io.json
		json_clean io.json
		python3 - io.json <<-'\''EOF'\''
		import json, sys
		jb = json.load(open(sys.argv[1]))["jobs"][0]
		r, w = jb["read"]["io_bytes"], jb["write"]["io_bytes"]
		assert r + w == 64 << 20, (r, w)
		assert 0.75 <= r / (r + w) <= 0.85, (r, w)
		EOF
	'
	rm -f iometer.0.0
fi

test_done
