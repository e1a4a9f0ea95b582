#!/usr/bin/env bash
# t0800: the pass conditions of fio's t/verify.py, on verio's own matrix.
# (1) write / read-back jobs in every data direction, with verify_interval,
# verify_offset, norandommap, backlog and several files and jobs: exit 0,
# nothing on stderr, a report fio's scripts can parse; the 100% read
# directions read the files an earlier write case left (--directory).
# (2) six phases in one command line (layout, verify_only, read, a mangling
# write, verify_only, read): the mangled block is found by both last jobs,
# JSON error 84 (EILSEQ) and read.verify_errors, a non-zero exit, the
# others error 0; verify=null finds nothing and exits 0. A fixed mangle
# offset gives the exact offset and class. (3) the header matrix: write,
# write + verify_only, readwrite, readwrite + verify_only, read, each
# sequential, random, norandommap and with a sequence modifier.
# make test runs a subset; CONFORMANCE=1 (make conformance) all of it.
# Options other branches add (fallocate, openfiles, experimental_verify,
# verify_pattern_interval, pattern_hdr...) join the command lines, as in
# fio's script, once verio accepts them.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; option lists split
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-fioscripts.sh"
test_require_cmd python3

AIO=psync
engine_built libaio && AIO=libaio
DIRECT=1
odirect_ok || DIRECT=0
# fio's script puts --fallocate=truncate on every command line.
FALLOC=
have_option fallocate && FALLOC=--fallocate=truncate
OPENFILES=
have_option openfiles && OPENFILES=--openfiles=2

DDIRS="write readwrite read randwrite randrw randread"
if full_matrix; then
	CSUMS="md5 crc64 crc32c crc32c-intel crc16 xxhash sha512 sha256 sha1
	       sha3-224 sha3-384 sha3-512 pattern null"
	have_option verify_pattern_interval && CSUMS="$CSUMS pattern_interval_nohdr"
	verify_kinds=$("$VERIO" --cmdhelp=verify 2>/dev/null)
	case $verify_kinds in *pattern_hdr*) CSUMS="$CSUMS pattern_hdr" ;; esac
	CONFIGS="1 2 6"
	have_option cpus_allowed && CONFIGS="$CONFIGS 3 4 5"
	LIST_RUNS=
	for c in $CSUMS; do
		for n in $CONFIGS; do LIST_RUNS="$LIST_RUNS $c:$n"; done
	done
else
	LIST_RUNS="md5:2 pattern:2 crc64:6"
fi

# config_opts N: the options of fio's TEST_LIST entry N (runtimes cut to 1 s).
config_opts() {
	local c="--direct=$DIRECT --ioengine=$AIO --iodepth=32"
	case $1 in
	1) echo "$c --filesize=2M --norandommap=1 --bs=512 --time_based=1 --runtime=1" \
		"--verify_backlog=128 --verify_backlog_batch=64" ;;
	2) echo "$c --filesize=2M --io_size=4M --norandommap=1 --bs=4096" \
		"--verify_interval=2048 --verify_offset=1024" ;;
	3) echo "$c --filesize=2M --norandommap=1 --bs=4096 --cpus_allowed=0-1" \
		"--verify_async=2 --verify_async_cpus=0-1" ;;
	4) echo "$c --filesize=4M --bs=4096 --cpus_allowed=0-1 --time_based=1" \
		"--random_generator=tausworthe --runtime=1 --verify_interval=2048" \
		"--verify_offset=1024 --verify_backlog=128 --verify_backlog_batch=128" \
		"--verify_async=2 --verify_async_cpus=0-1" ;;
	5) echo "$c --filesize=4M --norandommap=1 --bs=4096 --cpus_allowed=0-1" \
		"--time_based=1 --runtime=1 --verify_interval=2048 --verify_offset=1024" \
		"--verify_backlog=128 --verify_backlog_batch=128 --verify_async=2" \
		"--verify_async_cpus=0-1" ;;
	6) echo "$c --filesize=512K --nrfiles=3 --numjobs=2 --norandommap=1 --bs=4096" \
		"--verify_interval=2048 --verify_offset=1024 --verify_backlog=16" \
		"--verify_backlog_batch=16 $OPENFILES" ;;
	esac
}

# csum_opts CSUM: --verify and the pattern options fio's script adds.
csum_opts() {
	case $1 in
	pattern|pattern_hdr) echo "--verify=$1 --verify_pattern=\"abcd\"-120xdeadface" ;;
	pattern_interval_nohdr) echo "--verify=pattern --verify_pattern=%o --verify_pattern_interval=512" ;;
	*) echo "--verify=$1" ;;
	esac
}

# (1) each direction, method and configuration; the read directions read
# what the write directions of the same method and configuration wrote.
test_expect_success 'verify.py TEST_LIST: every direction and method, exit 0, stderr empty, JSON' '
	for run in $LIST_RUNS; do
		csum=${run%%:*} cfg=${run#*:}
		for ddir in $DDIRS; do
			# A time_based writer covers the whole file only if fast
			# enough: reading it all back would test the speed of the machine.
			case $cfg:$ddir in [145]:read|[145]:randread) continue ;; esac
			dir=$PWD/list/$csum/$ddir/$cfg
			extra=
			case $ddir in
			read) extra="--directory=$PWD/list/$csum/write/$cfg" ;;
			randread) extra="--directory=$PWD/list/$csum/randwrite/$cfg" ;;
			esac
			fio_case "$dir" "$VERIO" --name=verify $FALLOC --rw=$ddir \
				--output=verify.output --output-format=json \
				$(csum_opts $csum) $(config_opts $cfg) $extra
			case_ok "$dir"
			fio_json "$dir/verify.output" <<-EOF
			for jb in d["jobs"]:
			    assert jb["error"] == 0, jb["error"]
			    assert jb["read"]["verify_errors"] == 0
			    if "$ddir" != "read" and "$ddir" != "randread":
			        assert jb["write"]["io_bytes"] > 0
			    if "$csum" != "null" or "$ddir" in ("read", "randread"):
			        assert jb["read"]["io_bytes"] > 0, jb["read"]
			EOF
		done
	done
	fio_json_run
	rm -rf list
'

# six_phases DIR CSUM ENGINE RW MANGLE [MANGLE_OPTS]: fio's VerifyCSUMTest
# command line: layout, success_only, success_read, mangle, failure_only,
# failure_read, one --output for all. MANGLE_OPTS replace the mangle job's
# random offset (randrepeat=0) by a fixed one.
six_phases() {
	local dir=$1 csum=$2 eng=$3 rw=$4 mbs=$5 mopts=${6:-"--rw=randwrite --randrepeat=0"}
	local base="$FALLOC --filename=verify --stonewall --ioengine=$eng"
	local extra="--filesize=1M --bs=4096 --verify_fatal=1 --output-format=json"
	local vo vr rd=read

	[ "$eng" = psync ] || extra="$extra --direct=$DIRECT --iodepth=16"
	case $rw in rand*) rd=randread ;; esac
	vo="--verify_only --rw=$rw $(csum_opts $csum) $base $extra"
	vr="--rw=$rd $(csum_opts $csum) $base $extra"
	fio_case "$dir" "$VERIO" \
		--name=layout --rw=$rw $(csum_opts $csum) $base $extra \
		--name=success_only $vo --name=success_read $vr \
		--name=mangle $mopts --bs=$mbs --number_ios=1 $base --filesize=1M \
		--name=failure_only $vo --name=failure_read $vr \
		--output=$dir/verify.output
}

# check_six DIR CSUM: the pass condition of fio's VerifyCSUMTest.
check_six() {
	if [ "$2" = null ]; then
		case_ok "$1"
	else
		case_nonzero "$1"
		test "$(cat "$1/rc")" = 1
	fi
	fio_json "$1/verify.output" <<-EOF
	names = [jb["jobname"] for jb in d["jobs"]]
	assert names == ["layout", "success_only", "success_read", "mangle",
	                 "failure_only", "failure_read"], names
	for name, jb in jobs.items():
	    if name.startswith("failure") and "$2" != "null":
	        assert jb["error"] == 84, (name, jb["error"])
	        assert jb["read"]["verify_errors"] >= 1, (name, jb["read"]["verify_errors"])
	    else:
	        assert jb["error"] == 0, (name, jb["error"])
	        assert jb["read"]["verify_errors"] == 0, name
	EOF
}

if full_matrix; then
	SIX=
	for c in md5 crc64 crc32c crc32c-intel crc16 xxhash sha512 sha256 sha1 sha3-224 \
		 sha3-384 sha3-512 pattern null; do
		for r in psync:write psync:randwrite $AIO:write $AIO:randwrite; do
			SIX="$SIX $c:$r:4096 $c:$r:4"
		done
	done
else
	SIX="crc32c:psync:write:4096 crc32c:$AIO:randwrite:4 pattern:psync:randwrite:4096
	     md5:$AIO:write:4 null:psync:write:4096"
fi

# (2) a whole mangled block (a header error in fio) and 4 mangled bytes (a
# checksum error in fio), for each method, engine and direction.
test_expect_success 'verify.py TEST_LIST_CSUM: the mangled block is found, error 84, verify_errors' '
	for run in $SIX; do
		set -- $(echo "$run" | tr : " ")
		dir=$PWD/csum/$1-$2-$3-$4
		six_phases "$dir" "$@"
		check_six "$dir" $1
	done
	fio_json_run
	rm -rf csum
'

# incident_at DIR JOB OFFSET CLASS: the job found exactly one bad unit, at
# OFFSET, of CLASS.
incident_at() {
	fio_json "$1/verify.output" <<-EOF
	jb = jobs["$2"]
	v = jb["verify"]
	got = [(i["offset"], i["class"]) for i in v["incidents"]]
	assert jb["error"] == 84 and v["failures"] == 1, (jb["error"], v["failures"])
	assert jb["read"]["verify_errors"] == 1, jb["read"]["verify_errors"]
	assert got == [($3, "$4")], got
	EOF
}

test_expect_success 'six phases, a 4096-byte mangle at 12288: found there by both failure jobs' '
	six_phases "$PWD/fixed-block" crc32c psync write 4096 "--rw=write --offset=12288"
	check_six "$PWD/fixed-block" crc32c
	incident_at "$PWD/fixed-block" failure_only 12288 foreign
	incident_at "$PWD/fixed-block" failure_read 12288 foreign
	fio_json_run
	grep -c "verify failed at file .verify. offset 12288, length 4096" fixed-block/stderr >n
	test "$(cat n)" = 2
'

test_expect_success 'six phases, 4 bytes mangled at 12288 + 1000 (past the header): a checksum failure there' '
	six_phases "$PWD/fixed-bytes" md5 psync randwrite 4 "--rw=write --offset=13288"
	check_six "$PWD/fixed-bytes" md5
	incident_at "$PWD/fixed-bytes" failure_only 12288 bit_flips
	incident_at "$PWD/fixed-bytes" failure_read 12288 bit_flips
	fio_json_run
'

test_expect_success 'six phases, verify=pattern, 4 bytes mangled at 8192 + 100: found at 8192' '
	six_phases "$PWD/fixed-pattern" pattern psync write 4 "--rw=write --offset=8292"
	check_six "$PWD/fixed-pattern" pattern
	incident_at "$PWD/fixed-pattern" failure_only 8192 bit_flips
	incident_at "$PWD/fixed-pattern" failure_read 8192 bit_flips
	fio_json_run
'

# (3) fio's header matrix (TEST_LIST_HEADER) with md5.
if full_matrix; then
	HDR_CONFIGS="2000 2001 2002 2003"
	have_option experimental_verify && HDR_CONFIGS="$HDR_CONFIGS 2004"
else
	HDR_CONFIGS="2003"
fi

hdr_config_opts() {
	local c="--ioengine=$AIO --filesize=1M --bs=4096 --output-format=json"
	case $1 in
	2000) echo "$c" ;;
	2001) echo "$c --iodepth=16" ;;
	2002) echo "$c --nrfiles=3" ;;
	2003) echo "$c --iodepth=16 --nrfiles=3" ;;
	2004) echo "$c --experimental_verify=1" ;;
	esac
}

test_expect_success 'verify.py TEST_LIST_HEADER: write, verify_only, readwrite, read x 4 sequences' '
	for mode in write write_vo readwrite readwrite_vo read; do
		for seq in sequential randommap norandommap sequence_modifier; do
			for cfg in $HDR_CONFIGS; do
				pre= suf= nrm=0 vo=0 extra=
				case $seq in
				randommap) pre=rand ;;
				norandommap) pre=rand nrm=1 ;;
				sequence_modifier) suf=:4096 ;;
				esac
				case $mode in
				readwrite*) rw=${pre}rw$suf ;;
				write*) rw=${pre}write$suf ;;
				read) rw=${pre}read$suf
				      extra="--directory=$PWD/hdr/write-$seq/$cfg" ;;
				esac
				case $mode in
				*_vo) vo=1 extra="--directory=$PWD/hdr/${mode%_vo}-$seq/$cfg" ;;
				esac
				dir=$PWD/hdr/$mode-$seq/$cfg
				fio_case "$dir" "$VERIO" --name=verify $FALLOC --rw=$rw --verify=md5 \
					--output=verify.output --norandommap=$nrm --verify_only=$vo \
					$(hdr_config_opts $cfg) $extra
				case_ok "$dir"
				fio_json "$dir/verify.output" <<-EOF
				assert j["error"] == 0 and j["read"]["verify_errors"] == 0
				assert j["read"]["io_bytes"] > 0 or "$rw".startswith(("rw", "randrw")), j["read"]
				EOF
			done
		done
	done
	fio_json_run
	rm -rf hdr
'

test_done
