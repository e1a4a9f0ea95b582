#!/usr/bin/env bash
# t0840: the pass conditions that fio's t/run-fio-tests.py sets for its
# t/jobs/t00NN job files, on verio's own job files of the same shape (made
# smaller): run as that script runs them (--output-format, --output, the job
# file), each must exit 0 with nothing on stderr, and the report must hold
# what the script checks: a write job with verify_backlog reads back exactly
# what it wrote (t0005); randrw with verify=meta and a backlog verifies
# every write (t0006); readwrite with verify_backlog=1 reads the whole
# size (t0008); slat + clat = lat on average (t0015, t0016); loops=2 of a
# verifying read reads twice (t0029); a 16 KiB pattern file written as
# buffer_pattern is the file's content and verifies as verify_pattern (t0027); a state saved by one run is loaded by
# the next (t0036, t0037). A byte flipped between t0036's two runs makes
# the second fail at its offset. --max-jobs (another branch) is passed, as
# the script passes it, once verio accepts it.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; option lists split
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-fioscripts.sh"
test_require_cmd python3

AIO=psync
engine_built libaio && AIO=libaio
DIRECT=1
odirect_ok || DIRECT=0
MAXJOBS=
have_option max-jobs && MAXJOBS=--max-jobs=16

# run_job NAME [FORMAT]: run NAME.fio (in .) as the script does; the report
# goes to NAME/NAME.output.
run_job() {
	fio_case "$PWD/$1" "$VERIO" $MAXJOBS --output-format=${2:-json} \
		--output="$1.output" "$PWD/$1.fio"
	case_ok "$1"
}

test_expect_success 't0005: a write job with verify_backlog=32 reads back what it wrote' '
	cat >t0005.fio <<-EOF
	[global]
	bs=4k
	ioengine=sync
	size=8m
	direct=$DIRECT
	filename=$PWD/t0005.dat

	[write]
	verify=md5
	verify_backlog=32
	rw=write
	EOF
	run_job t0005
	fio_json t0005/t0005.output <<-EOF
	assert j["read"]["io_kbytes"] == 8192 and j["write"]["io_kbytes"] == 8192, \
	    (j["read"]["io_kbytes"], j["write"]["io_kbytes"])
	EOF
	fio_json_run
'

test_expect_success 't0006: randrw, verify=meta, verify_backlog: every write verified' '
	cat >t0006.fio <<-EOF
	[global]
	rw=randrw
	bs=4k
	direct=$DIRECT
	ioengine=$AIO
	iodepth=32
	verify=meta
	verify_backlog=1024
	verify_fatal=1

	[ver-test]
	filename=$PWD/t0006.dat
	size=16m
	verify_pattern=0xaaa
	EOF
	run_job t0006
	fio_json t0006/t0006.output <<-EOF
	r, w = j["read"]["io_kbytes"], j["write"]["io_kbytes"]
	# fio wants r / w within 1% of 2 on 4 GiB; on 16 MiB the mix varies
	# more, so: every written byte verified once, and the ratio near 2.
	assert j["verify"]["bytes"] == j["write"]["io_bytes"], (j["verify"]["bytes"], w)
	assert 1.8 < r / w < 2.2, r / w
	EOF
	fio_json_run
'

test_expect_success 't0008: readwrite with verify_backlog=1 reads the whole size' '
	cat >t0008.fio <<-EOF
	[global]
	bs=4k
	verify=crc32c
	rw=readwrite
	direct=$DIRECT

	[foo]
	filename=$PWD/t0008.dat
	size=8m
	do_verify=1
	verify_backlog=1
	EOF
	run_job t0008
	fio_json t0008/t0008.output <<-EOF
	assert j["read"]["io_kbytes"] == 8192, j["read"]["io_kbytes"]
	assert 0.9 < j["write"]["io_kbytes"] / 4096 < 1.1, j["write"]["io_kbytes"]
	EOF
	fio_json_run
'

test_expect_success 't0015, t0016: mean slat + mean clat = mean lat' '
	for eng in $AIO null; do
		printf "[test]\nioengine=%s\nsize=1M\niodepth=16\nfilename=%s\n" \
			$eng "$PWD/t0015.dat" >lat-$eng.fio
		run_job lat-$eng
		fio_json lat-$eng/lat-$eng.output <<-EOF
		r = j["read"]
		s, c, t = r["slat_ns"]["mean"], r["clat_ns"]["mean"], r["lat_ns"]["mean"]
		assert abs(s + c - t) <= 1, (s, c, t)
		EOF
	done
	fio_json_run
'

test_expect_success 't0029: loops=2 of a verifying read reads twice' '
	cat >t0029.fio <<-EOF
	[global]
	filename=$PWD/t0029.dat
	size=4k
	verify=md5

	[write]
	rw=write
	do_verify=0

	[read]
	stonewall=1
	rw=read
	loops=2
	do_verify=1
	EOF
	run_job t0029
	fio_json t0029/t0029.output <<-EOF
	assert d["jobs"][1]["read"]["io_kbytes"] == 8, d["jobs"][1]["read"]["io_kbytes"]
	assert d["jobs"][1]["verify"]["failures"] == 0
	EOF
	fio_json_run
'

test_expect_success 't0027: a 16 KiB buffer_pattern file written, then verified as verify_pattern' '
	head -c 16384 /dev/urandom >t0027.pattern
	cat >t0027.fio <<-EOF
	[global]
	filename=$PWD/t0027.dat
	size=16k
	bs=16k

	[write_job]
	readwrite=write
	buffer_pattern='\''$PWD/t0027.pattern'\''

	[read_job]
	stonewall=1
	readwrite=read
	verify=pattern
	verify_pattern='\''$PWD/t0027.pattern'\''
	EOF
	run_job t0027
	cmp t0027.dat t0027.pattern
	fio_json t0027/t0027.output <<-EOF
	assert d["jobs"][1]["read"]["io_kbytes"] == 16, d["jobs"][1]["read"]["io_kbytes"]
	assert d["jobs"][1]["verify"]["failures"] == 0
	EOF
	fio_json_run
'

# state_pair NAME FILES ENGINE LOOPS: the pre and post job files of t0036
# (one file) and t0037 (four files, libaio, loops=4).
state_pair() {
	local rw
	for rw in write read; do
		{
			printf "[global]\nfilename=%s\nverify=md5\nsize=512k\n" "$2"
			printf "ioengine=%s\niodepth=32\nloops=%s\n\n[job]\n" $3 $4
			if [ $rw = write ]; then
				printf "readwrite=write\nverify_state_save=1\n"
			else
				printf "readwrite=read\nverify_state_load=1\n"
			fi
		} >$1-$rw.fio
	done
}

test_expect_success 't0036, t0037: the state saved by the pre job is loaded by the post job' '
	state_pair t0036 "$PWD/t0036.dat" psync 1
	state_pair t0037 "$PWD/t0037.1:$PWD/t0037.2:$PWD/t0037.3:$PWD/t0037.4" $AIO 4
	for t in t0036 t0037; do
		mkdir -p $t-aux
		fio_case "$PWD/$t-write" "$VERIO" $MAXJOBS --output-format=normal \
			--output=pre.output --aux-path=$PWD/$t-aux "$PWD/$t-write.fio"
		case_ok $t-write
		fio_case "$PWD/$t-read" "$VERIO" $MAXJOBS --output-format=json \
			--output=post.output --aux-path=$PWD/$t-aux "$PWD/$t-read.fio"
		case_ok $t-read
		fio_json $t-read/post.output <<-EOF
		vs = j["verify"]["verify_state"]
		assert vs["loaded"] and j["read"]["io_bytes"] > 0, (vs, j["read"])
		EOF
	done
	fio_json_run
'

test_expect_success 't0036 with a byte flipped between pre and post: exit 1 at the offset' '
	printf "\377" | dd of=t0036.dat bs=1 seek=$((300 * 1024 + 7)) conv=notrunc 2>/dev/null
	fio_case "$PWD/flip" "$VERIO" --output-format=json --output=post.output \
		--aux-path=$PWD/t0036-aux "$PWD/t0036-read.fio"
	case_nonzero flip
	test "$(cat flip/rc)" = 1
	fio_json flip/post.output <<-EOF
	v = j["verify"]
	assert j["error"] == 84 and j["read"]["verify_errors"] == 1, j["error"]
	got = [(i["offset"], i["class"]) for i in v["incidents"]]
	assert got == [(300 * 1024, "header")], got
	EOF
	fio_json_run
'

test_done
