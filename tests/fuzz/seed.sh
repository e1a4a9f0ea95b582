#!/usr/bin/env bash
# seed.sh VERIO OUTDIR NAME... - make the seed corpus of each fuzz target
# NAME in OUTDIR/NAME/ from real files, afresh (OUTDIR/NAME is emptied):
#   state     verify state files saved by real runs of VERIO
#   dump-json verify_dump .json files of real failures (a flipped bit,
#             a zeroed sector, a misdirected block)
#   jobfile   examples/*.fio and fio's example job files (../shared)
#   journal   verify journals of real runs killed with SIGKILL (one or
#             two files, buffered with fsyncs) and of a finished run,
#             each after fuzz-journal.c's control byte
#   history   write histories of real runs (a multi-job one with syncs,
#             one without verify=) after fuzz-history.c's control byte 0,
#             and records of one as raw records (control byte 1)
#   report    JSON reports of real runs (one with a flipped bit and a
#             misdirected unit, one of two clones) after fuzz-report.c's
#             control byte 0, and their fio logs (value logs 1, a
#             histogram log 2, a bw log as the rendered job's logs 3)
#   ovjournal overlap journals of verify_overlap runs (a finished buffered
#             one with fsyncs, one killed with two files) after
#             fuzz-ovjournal.c's control byte
# then the text seeds of tests/fuzz/corpus/NAME/, for any target.
# A target with no seeds starts from an empty corpus.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 VERIO OUTDIR NAME..." >&2; exit 2; }
verio=$1 out=$2
shift 2
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/verio-seed.XXXXXX")
trap 'rm -rf "$work"' EXIT

# run ARGS...: a quiet verio run in $work; its exit status is not ours.
run() {
	(cd "$work" && "$verio" --output=/dev/null "$@" >/dev/null 2>&1) || true
}

flip() { python3 "$src/tests/e2e/corrupt.py" "$@"; }

seed_state() {
	local d=$1 n=0 f
	run --name=w1 --filename=s1.dat --size=256k --bs=4k --rw=randwrite \
		--verify=crc32c --verify_state_save=1
	run --name=w2 --filename=s2a.dat:s2b.dat --size=512k --bs=8k --rw=write \
		--verify=xxh64 --verify_state_save=1 --verify_interval=4k
	run --name=w3 --filename=s3.dat --size=4m --bs=4k --rw=randwrite \
		--norandommap=1 --number_ios=300 --verify=md5 --verify_state_save=1
	run --name=w4 --filename=s4.dat --size=2m --bs=4k --rw=randrw \
		--loops=3 --verify=sha256 --verify_state_save=1
	# trimmed units: flag TRIM and a trim block after the map
	run --name=w5 --filename=s5.dat --size=256k --bs=4k --rw=randwrite \
		--verify=crc32c --verify_state_save=1 --trim_percentage=30 --trim_backlog=8
	for f in "$work"/*.verio-state; do
		[ -f "$f" ] || continue
		cp "$f" "$d/real-$((n += 1)).verio-state"
	done
}

seed_dump_json() {
	local d=$1 n=0 f
	run --name=d --filename=d.dat --size=64k --bs=4k --rw=write --verify=crc32c
	flip flip "$work/d.dat" 1000 3
	python3 "$src/tests/e2e/corrupt.py" zero "$work/d.dat" $((8192 + 512)) 512
	python3 "$src/tests/e2e/corrupt.py" copy "$work/d.dat" 16384 32768 4096
	mkdir -p "$work/dumps"
	run --name=d --filename=d.dat --size=64k --bs=4k --rw=write --verify=crc32c \
		--verify_only=1 --verify_dump=1 --aux-path=dumps
	for f in "$work"/dumps/*.json; do
		[ -f "$f" ] || continue
		cp "$f" "$d/real-$((n += 1)).json"
	done
}

# killed NAME ARGS...: a time_based verify_journal=1 run of job NAME in
# $work/jr, SIGKILLed once its journal has grown (2 s at most) and 20 ms
# more; its journal is left in $work/jr/NAME.0.verio-state.journal.
killed() {
	local name=$1 pid i=0
	shift
	mkdir -p "$work/jr"
	: >"$work/jr/mark"
	sleep 0.01	# mtimes are in ticks: the journal must come after the mark
	(cd "$work" && exec "$verio" --output=/dev/null --name="$name" --aux-path=jr \
		--rw=randwrite --verify=crc32c --verify_state_save=1 --verify_journal=1 \
		--time_based --runtime=30 "$@" >/dev/null 2>&1) &
	pid=$!
	until [ "$work/jr/$name.0.verio-state.journal" -nt "$work/jr/mark" ] || [ $i -ge 200 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	sleep 0.02
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
}

# put CONTROL JOURNAL OUT: fuzz-journal's input, CONTROL (octal) then the bytes.
put() {
	[ -s "$2" ] || return 0
	{ printf "\\$1"; cat "$2"; } >"$3"
}

seed_journal() {
	local d=$1
	killed j1 --filename=j1.dat --size=1m --bs=4k --fsync=8
	put 000 "$work/jr/j1.0.verio-state.journal" "$d/real-killed-1"
	killed j2 --filename=j2a.dat:j2b.dat --size=512k --bs=8k
	put 010 "$work/jr/j2.0.verio-state.journal" "$d/real-killed-2"	# two files
	run --name=j3 --filename=j3.dat --size=256k --bs=4k --rw=randwrite --verify=crc32c \
		--verify_state_save=1 --verify_journal=1 --aux-path=jr
	put 000 "$work/jr/j3.0.verio-state.journal" "$d/real-finished"
}

seed_history() {
	local d=$1
	run --name=h1 --filename=h1.dat --size=256k --bs=4k --rw=randwrite --verify=crc32c \
		--numjobs=2 --offset_increment=256k --fsync=16 --write_history=h1.vhist
	put 000 "$work/h1.vhist" "$d/real-multijob"
	run --name=h2 --filename=h2.dat --size=64k --bs=8k --rw=write --write_history=h2.vhist
	put 000 "$work/h2.vhist" "$d/real-noverify"
	[ -s "$work/h1.vhist" ] || return 0
	python3 - "$work/h1.vhist" "$d/raw-records" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
pos = struct.unpack_from('<I', d, 12)[0]
clen = struct.unpack_from('<I', d, pos + 4)[0]
raw = zlib.decompress(d[pos + 48:pos + 48 + clen])[:32 * 256]
open(sys.argv[2], 'wb').write(b'\x01' + raw)
PY
}

seed_ovjournal() {
	local d=$1 pid
	mkdir -p "$work/ov"
	run --name=o1 --filename=o1.dat --size=256k --bs=4k --rw=randwrite --norandommap=1 \
		--numjobs=2 --verify=crc32c --verify_overlap=1 --verify_journal=1 --fsync=8 \
		--aux-path=ov
	put 000 "$work/ov/o1.0.verio-state.ovjournal" "$d/real-finished-buffered"
	put 001 "$work/ov/o1.1.verio-state.ovjournal" "$d/real-finished-fixed"
	(cd "$work" && exec "$verio" --output=/dev/null --name=o2 --aux-path=ov \
		--filename=o2a.dat:o2b.dat --size=512k --bs=8k --rw=randwrite --verify=crc32c \
		--verify_overlap=1 --verify_journal=1 --direct=1 --time_based --runtime=30 \
		>/dev/null 2>&1) &
	pid=$!
	sleep 0.3
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	put 000 "$work/ov/o2.0.verio-state.ovjournal" "$d/real-killed-two-files"
}

seed_report() {
	local d=$1 w=$work/rp
	mkdir -p "$w"
	(cd "$w" && "$verio" --name=r --filename=r.dat --size=256k --bs=4k --rw=write \
		--verify=crc32c --write_bw_log=r --write_lat_log=r --write_hist_log=r \
		--log_hist_msec=100 --runtime=1 --time_based --rate_iops=400 >/dev/null 2>&1 &&
		flip flip r.dat 8200 3 && flip copy r.dat 0 20480 4096
		"$verio" --name=r --filename=r.dat --size=256k --bs=4k --rw=write \
		--verify=crc32c --verify_only=1 --output-format=json --output=bad.json \
		>/dev/null 2>&1
		"$verio" --name=c --filename=c.dat --size=128k --offset_increment=128k \
		--numjobs=2 --bs=4k --rw=randwrite --verify=xxh64 --log_avg_msec=100 \
		--runtime=1 --time_based --rate_iops=400 \
		--write_bw_log=c --write_iops_log=c --output-format=json --output=two.json \
		>/dev/null 2>&1) || true
	put 000 "$w/bad.json" "$d/real-corrupt.json"
	put 000 "$w/two.json" "$d/real-clones.json"
	put 001 "$w/r_bw.1.log" "$d/real-bw-log"
	put 001 "$w/r_clat.1.log" "$d/real-clat-log"
	put 001 "$w/c_iops.2.log" "$d/real-avg-log"
	put 002 "$w/r_clat_hist.1.log" "$d/real-hist-log"
	put 003 "$w/r_bw.1.log" "$d/real-job-logs"
	return 0
}

seed_jobfile() {
	local d=$1 f
	for f in "$src"/examples/*.fio "$src"/../shared/fio-examples/*.fio; do
		[ -f "$f" ] && cp "$f" "$d/$(basename "$f")" && chmod u+w "$d/$(basename "$f")"
	done
	return 0
}

for name in "$@"; do
	d=$out/$name
	rm -rf "$d"
	mkdir -p "$d"
	case $name in
	state) seed_state "$d" ;;
	dump-json) seed_dump_json "$d" ;;
	jobfile) seed_jobfile "$d" ;;
	journal) seed_journal "$d" ;;
	history) seed_history "$d" ;;
	ovjournal) seed_ovjournal "$d" ;;
	report) seed_report "$d" ;;
	esac
	if [ -d "$src/tests/fuzz/corpus/$name" ]; then
		cp "$src/tests/fuzz/corpus/$name"/* "$d"/ 2>/dev/null || true
	fi
	echo "  SEED    $name: $(find "$d" -type f | wc -l) files"
done
