#!/usr/bin/env bash
# t0410: verification at queue depth: the corruption classes of t0310 found
# by libaio and io_uring at iodepth=32, long random write runs that
# overwrite units (norandommap) verify clean, verify_async gives what
# inline verification gives, misaligned direct jobs are refused, the
# engine options and iodepth_batch_* keep a write+verify job clean, and the
# runtimes of the write and the verify phases add up.
# shellcheck disable=SC2016,SC2034,SC2086,SC2317  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
U=4096

engines=$(async_engines)
[ -n "$engines" ] || test_skip "neither libaio nor io_uring is built"
have_uring=
case $engines in *io_uring*) have_uring=1 ;; esac
have_libaio=
case $engines in *libaio*) have_libaio=1 ;; esac

# --- every corruption class, found at depth 32 ----------------------------
#
# The job of t0310: 256 units of 4k (128 of 8k for torn) in t.dat.
JOB="--name=w --filename=t.dat --size=1m --rw=write --verify=crc32c"

# corrupt_case CASE ENGINE: write the job with ENGINE at qd32 (a second
# generation, where the case needs one, with psync), corrupt it, and print
# the block size and the fields the only incident must have.
corrupt_case() {
	local e="--ioengine=$2 --iodepth=32"
	rm -f t.dat t.dat.* w.*.verio-state old.bin
	case $1 in
	bit_flips)
		"$VERIO" $JOB --bs=4k $e >/dev/null
		$CORRUPT flip t.dat $((5 * U + 1000)) 3
		echo "4k offset=20480 length=4096 class=bit_flips bad_bits=1 first_bad_sector=1 expected_generation=1" ;;
	zeroed)
		"$VERIO" $JOB --bs=4k $e >/dev/null
		$CORRUPT zero t.dat $((8 * U)) $U
		echo "4k offset=32768 length=4096 class=zeroed first_bad_sector=0" ;;
	misdirected)
		"$VERIO" $JOB --bs=4k $e >/dev/null
		$CORRUPT copy t.dat $((3 * U)) $((9 * U)) $U
		echo "4k offset=36864 class=misdirected found_offset=12288 found_generation=1 expected_generation=1" ;;
	stale)
		"$VERIO" $JOB --bs=4k $e >/dev/null
		$CORRUPT save t.dat $((6 * U)) $U old.bin
		"$VERIO" $JOB --bs=4k --ioengine=psync --verify_state_load=1 >/dev/null
		$CORRUPT put t.dat $((6 * U)) old.bin
		echo "4k offset=24576 class=stale found_generation=1 expected_generation=2" ;;
	torn)
		"$VERIO" $JOB --bs=8k $e >/dev/null
		$CORRUPT save t.dat $((3 * 8192 + 4096)) 4096 old.bin
		"$VERIO" $JOB --bs=8k --ioengine=psync --verify_state_load=1 >/dev/null
		$CORRUPT put t.dat $((3 * 8192 + 4096)) old.bin
		echo "8k offset=24576 length=8192 class=torn torn_sector=8 torn_offset=28672 found_generation=1 expected_generation=2" ;;
	foreign)
		"$VERIO" $JOB --bs=4k $e >/dev/null
		$CORRUPT random t.dat $((9 * U)) $U 7
		echo "4k offset=36864 class=foreign" ;;
	esac
}

# only_incident FILE KEY=VALUE...: exit 84, one failure, one incident in
# t.dat with these fields, and the class counts agree.
only_incident() {
	json_one_incident "$1" file=t.dat "${@:2}"
}

for e in $engines; do
	for c in bit_flips zeroed misdirected stale torn foreign; do
		test_expect_success "$e iodepth=32: $c found at its offset" '
			corrupt_case $c $e >case.txt
			set -- $(cat case.txt)
			bs=$1
			shift
			test_expect_code 1 "$VERIO" $JOB --bs=$bs --verify_only=1 --ioengine=$e \
				--iodepth=32 --output-format=json >out.json 2>err
			only_incident out.json "$@"
			grep -qF "verify failed at file '\''t.dat'\'' offset ${1#offset=}" err
		'
	done
done
rm -f t.dat t.dat.* w.*.verio-state old.bin

# --- long random write runs that overwrite units --------------------------
#
# 100000 random 4k writes into 16384 units: nearly every unit is written
# several times, and only its last generation may be read back.
BIG="--filename=big.dat --size=64m --io_size=512m --number_ios=100000 --bs=4k --iodepth=32 --norandommap --verify=crc32c --output-format=json"

for e in $engines; do
	test_expect_success "$e: randwrite norandommap qd32, 100000 I/Os, verifies clean" '
		rm -f big.dat big.*.verio-state
		"$VERIO" --name=big --rw=randwrite --ioengine=$e $BIG >big.json
		json_check big.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and not v[\"incidents\"]"
		json_check big.json "j[\"write\"][\"total_ios\"] == 100000"
		# the distinct units written: 16384 * (1 - e^(-100000/16384)) is ~16347
		json_check big.json "16200 <= v[\"units\"] <= 16384 and j[\"read\"][\"total_ios\"] == v[\"units\"]"
	'
	test_expect_success "$e: randrw norandommap qd32 verify_async=2, 100000 I/Os, verifies clean" '
		rm -f big.dat big.*.verio-state
		"$VERIO" --name=big --rw=randrw --ioengine=$e --verify_async=2 $BIG >big.json
		json_check big.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and not v[\"incidents\"]"
		json_check big.json "j[\"write\"][\"total_ios\"] > 40000 and v[\"units\"] > 0"
	'
done
rm -f big.dat big.*.verio-state

# --- verify_backlog at depth: every write is read back -----------------------
#
# verifier_write_done() (src/verify/verifier.c) adds a completed write to the backlog
# ring only while the ring has room: at iodepth 32 the writes completing
# once it is full are dropped, never verified (4096 written, 128 read back
# with verify_backlog=1), and the job still exits 0.
for e in psync $engines; do
	test_expect_success "$e qd32: randwrite verify_backlog=1, 64 and 1024 verify all 4096 writes" '
		for bl in 1 64 1024; do
			rm -f bl.dat bl.*.verio-state
			"$VERIO" --name=bl --filename=bl.dat --size=16m --bs=4k --rw=randwrite \
				--verify=crc32c --verify_backlog=$bl --ioengine=$e --iodepth=32 \
				--output-format=json >bl.json
			echo "# verify_backlog=$bl"
			json_check bl.json "j[\"error\"] == 0 and v[\"failures\"] == 0"
			json_check bl.json "j[\"write\"][\"total_ios\"] == 4096 and v[\"units\"] == 4096"
		done
	'
done
rm -f bl.dat bl.*.verio-state

# --- verify_async gives what inline verification gives ---------------------
#
# AJOB over a.dat (16m, 4096 units of 4k); bad_units N [SEED] writes the
# job, then spoils N units of it at random, in turn of four classes, and
# prints "OFFSET CLASS" for each, in offset order.
AJOB="--name=a --filename=a.dat --size=16m --rw=write --verify=crc32c --bs=4k"
bad_units() {
	rm -f a.dat a.dat.* a.*.verio-state
	"$VERIO" $AJOB >/dev/null
	python3 - "$@" <<-'EOF'
	import os, random, sys
	r = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 42)
	U = 4096
	fd = os.open("a.dat", os.O_RDWR)
	for i, u in enumerate(sorted(r.sample(range(1, 4096), int(sys.argv[1])))):
	    off = u * U
	    k = i % 4
	    if k == 0:
	        b = bytearray(os.pread(fd, 1, off + 1000))
	        b[0] ^= 8
	        os.pwrite(fd, bytes(b), off + 1000)
	        c = "bit_flips"
	    elif k == 1:
	        os.pwrite(fd, bytes(U), off)
	        c = "zeroed"
	    elif k == 2:
	        os.pwrite(fd, os.pread(fd, U, 0), off)
	        c = "misdirected"
	    else:
	        os.pwrite(fd, r.randbytes(U), off)
	        c = "foreign"
	    print(off, c)
	os.close(fd)
	EOF
}

# incidents FILE: the job's error, failures and units, then the (offset,
# class) of its incidents, sorted (verify threads may report out of order).
incidents() {
	python3 - "$1" <<-'EOF'
	import json, sys
	jb = json.load(open(sys.argv[1]))["jobs"][0]
	v = jb["verify"]
	print("error", jb["error"], "failures", v["failures"], "units", v["units"])
	for off, c in sorted((i["offset"], i["class"]) for i in v["incidents"]):
	    print(off, c)
	EOF
}

# same_for_all ENGINE NBAD NLISTED: every verify_async mode exits 1 and
# reports NBAD failures, one stderr line and one dump each for the first
# NLISTED, and the first NLISTED bad units in the JSON.
ASYNC_MODES="--verify_async=0 --verify_async=1 --verify_async=2 --verify_async=2,--verify_async_cpus=0-1"
same_for_all() {
	local e=$1 n=$2 listed=$3 a
	{ echo "error 84 failures $n units 4096"; head -n "$listed" want.txt; } >want
	for a in $ASYNC_MODES; do
		rm -f a.dat.*
		test_expect_code 1 "$VERIO" $AJOB --verify_only=1 --ioengine=$e --iodepth=16 \
			${a//,/ } --verify_dump=1 --output-format=json >async.json 2>err
		echo "# $e $a"
		incidents async.json >got
		test_cmp want got
		# verify_print_max (10) units in full, whatever the threads
		test "$(grep -c "verify failed at" err)" = "$((n < 10 ? n : 10))"
		if [ "$n" -gt 10 ]; then
			grep -qF "... and $((n - 10)) more failing units" err
		fi
		set -- a.dat.*.received
		test $# = "$n"		# every failing unit is dumped
	done
}

for e in psync io_uring; do
	[ "$e" = io_uring ] && [ -z "$have_uring" ] && continue
	test_expect_success "$e qd16: 12 bad units: verify_async=0, 1, 2 (and on cpus 0-1) report the same" '
		bad_units 12 >want.txt
		same_for_all $e 12 12
	'
	# More failing units than the JSON lists (16): whatever the number of
	# verify threads, the JSON lists the 16 lowest offsets and every
	# failing unit is dumped (a regression test: each thread used to keep
	# and dump its own first 16).
	test_expect_success "$e qd16: 40 bad units: verify_async=0, 1, 2 list and dump the same 16" '
		bad_units 40 >want.txt
		same_for_all $e 40 16
	'
done

test_expect_success 'verify_async=2 with verify_async_cpus=0-1: a clean write+verify run' '
	rm -f c.dat c.*.verio-state
	"$VERIO" --name=c --filename=c.dat --size=16m --rw=randwrite --bs=4k --verify=crc32c \
		--verify_async=2 --verify_async_cpus=0-1 --output-format=json >c.json
	json_check c.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] == 4096"
	rm -f c.dat c.*.verio-state
'

for e in psync io_uring; do
	[ "$e" = io_uring ] && [ -z "$have_uring" ] && continue
	test_expect_success "$e: verify_fatal=1 with verify_async=2 stops early" '
		bad_units 40 >want.txt
		test_expect_code 1 timeout 20 "$VERIO" $AJOB --verify_only=1 --ioengine=$e \
			--iodepth=16 --verify_async=2 --verify_fatal=1 --output-format=json >fatal.json 2>err
		json_check fatal.json "j[\"error\"] == 84 and v[\"failures\"] >= 1"
		# the first bad unit is among the first 3%: the job stops long before the end
		json_check fatal.json "j[\"read\"][\"io_bytes\"] < 16 * 1048576 // 2"
		# what it reports is among the bad units
		incidents fatal.json | tail -n +2 >got
		test -s got
		test -z "$(sort got | comm -23 - <(sort want.txt))"
	'
done
rm -f a.dat a.*.verio-state

# --- misaligned direct I/O --------------------------------------------------
for e in $engines; do
	test_expect_success "$e: direct=1 with bs=1000 or offset=100 exits 2, names the logical block size" '
		test_expect_code 2 "$VERIO" --name=m --filename=mis.dat --size=1m --rw=write \
			--ioengine=$e --iodepth=4 --direct=1 --bs=1000 2>err
		grep -q "direct=1 needs bs to be a multiple of [0-9][0-9]*, the logical block size of '\''mis.dat'\''" err
		test_expect_code 2 "$VERIO" --name=m --filename=mis.dat --size=1m --rw=write \
			--ioengine=$e --iodepth=4 --direct=1 --offset=100 --bs=4k 2>err
		grep -q "direct=1 needs offset to be a multiple of [0-9][0-9]*, the logical block size of '\''mis.dat'\''" err
		# nothing was written
		test ! -s mis.dat
	'
done
rm -f mis.dat

# --- engine options ----------------------------------------------------------
OJOB="--name=o --filename=o.dat --size=8m --rw=randwrite --bs=4k --verify=crc32c --iodepth=32 --output-format=json"
eopts=
[ -n "$have_uring" ] && eopts="io_uring:--fixedbufs=1 io_uring:--registerfiles=1 io_uring:--nonvectored=0 io_uring:--sqthread_poll=1 io_uring:--sqthread_poll=1,--sqthread_poll_cpu=1 io_uring:--fixedbufs=1,--registerfiles=1,--sqthread_poll=1,--nonvectored=0"
[ -n "$have_libaio" ] && eopts="$eopts libaio:--userspace_reap=1,--iodepth_batch_complete_min=0"
for eo in $eopts; do
	e=${eo%%:*}
	o=$(echo "${eo#*:}" | tr , " ")
	test_expect_success "$e $o: write+verify is clean" '
		rm -f o.dat o.*.verio-state
		timeout 30 "$VERIO" $OJOB --ioengine=$e $o >o.json
		json_check o.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] == 2048"
		json_check o.json "j[\"write\"][\"io_bytes\"] == j[\"read\"][\"io_bytes\"] == 8388608"
	'
done

if [ -n "$have_uring" ]; then
	test_expect_success 'io_uring hipri=1 without direct=1 exits 2' '
		rm -f o.dat
		test_expect_code 2 "$VERIO" $OJOB --ioengine=io_uring --hipri=1 >o.json 2>err
		grep -q "hipri.*needs direct=1" err
		test ! -e o.dat
	'
fi

for e in $engines; do
	test_expect_success "$e: iodepth_batch_submit=8 _complete_min=4 _complete_max=16 iodepth_low=8 at qd32: clean" '
		rm -f o.dat o.*.verio-state
		timeout 30 "$VERIO" $OJOB --ioengine=$e --iodepth_batch_submit=8 \
			--iodepth_batch_complete_min=4 --iodepth_batch_complete_max=16 \
			--iodepth_low=8 >o.json
		json_check o.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] == 2048"
	'
done
rm -f o.dat o.*.verio-state

# --- runtime per direction ---------------------------------------------------
for e in psync $engines; do
	test_expect_success "$e: write.runtime + read.runtime fit in job_runtime" '
		rm -f rt.dat rt.*.verio-state
		"$VERIO" --name=rt --filename=rt.dat --size=32m --bs=4k --rw=write --verify=crc32c \
			--ioengine=$e --iodepth=8 --output-format=json >rt.json
		json_check rt.json "j[\"error\"] == 0 and v[\"failures\"] == 0"
		json_check rt.json "j[\"write\"][\"runtime\"] > 0 and j[\"read\"][\"runtime\"] > 0"
		json_check rt.json "j[\"write\"][\"runtime\"] + j[\"read\"][\"runtime\"] <= j[\"job_runtime\"] + 2"
	'
done
rm -f rt.dat rt.*.verio-state want.txt

test_done
