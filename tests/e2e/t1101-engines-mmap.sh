#!/usr/bin/env bash
# t1101: ioengine=mmap (the region mapped, memcpy in and out): written and
# verified buffered and direct, unaligned, with syncs and a mixed workload;
# a file that keeps its size (fallocate=keep) is extended, not SIGBUS; a
# bit flipped in the file between runs and one flipped under it (faulty
# over mmap) are caught at their offset (exit 1); an injected EIO is exit
# 3; a target that cannot be mapped is exit 3, the engine named.
# shellcheck disable=SC2016,SC2086  # eval'd bodies; option lists are words
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
test_require_cmd python3

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
JOB="--name=m --filename=m.dat --size=1m --bs=4k --verify=crc32c --ioengine=mmap --output-format=json"

# roundtrip UNITS [OPTION...]: a new file written and verified: UNITS
# units checked, none bad, as many bytes read back as written.
roundtrip() {
	local units=$1
	shift
	rm -f m.dat m.*.verio-state
	"$VERIO" $JOB --rw=randwrite "$@" >rt.json &&
	json_check rt.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] == $units" &&
	json_check rt.json "j[\"read\"][\"io_bytes\"] == j[\"write\"][\"io_bytes\"]"
}

test_expect_success 'mmap buffered: randwrite then verify' '
	roundtrip 256
	test "$(stat -c %s m.dat)" = 1048576
'

if odirect_ok; then
	test_expect_success 'mmap direct=1 (msync and drop per I/O): randwrite then verify' '
		roundtrip 256 --direct=1
	'
else
	echo "# O_DIRECT is refused here: the direct case is skipped"
fi

test_expect_success 'mmap: an unaligned region and block size, fsync every 7 writes' '
	roundtrip 512 --offset=3000 --bs=1000 --size=512000 --fsync=7
	test "$(stat -c %s m.dat)" = 515000
'

test_expect_success 'mmap: randrw checks every read of a written unit' '
	rm -f m.dat m.*.verio-state
	"$VERIO" $JOB --rw=randrw --verify_backlog=16 >rt.json
	json_check rt.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] > 0"
'

test_expect_success 'mmap fallocate=keep: the file is extended before it is mapped' '
	roundtrip 256 --fallocate=keep
	test "$(stat -c %s m.dat)" = 1048576
'

test_expect_success 'a bit flipped in the file between runs: verify_only over mmap finds it' '
	roundtrip 256 --rw=write
	$CORRUPT flip m.dat 22480 2
	test_expect_code 1 "$VERIO" $JOB --rw=write --verify_only=1 >out.json 2>err
	json_check out.json "v[\"failures\"] == 1 and v[\"incidents\"][0][\"offset\"] == 20480"
	json_check out.json "v[\"incidents\"][0][\"class\"] == \"bit_flips\""
'

test_expect_success 'a read-only job over mmap reads what psync wrote' '
	rm -f m.dat m.*.verio-state
	"$VERIO" --name=p --filename=m.dat --size=1m --bs=4k --rw=write --ioengine=psync \
		--verify=crc32c >/dev/null
	"$VERIO" --name=p --filename=m.dat --size=1m --bs=4k --rw=read --ioengine=mmap \
		--verify=crc32c --verify_only=1 --output-format=json >out.json
	json_check out.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] == 256"
'

test_expect_success 'mmap under faulty: a bit flipped on the 3rd write is caught at 8192' '
	faulty_run 1 --faulty_engine=mmap --faulty_rule="flip on=write nth=3 bit=1000"
	incidents_are out.json 8192:bit_flips
'

test_expect_success 'mmap under faulty: eio on the 2nd read is an I/O error, exit 3' '
	faulty_io_error 5 "read error on '\''t.dat'\'' at offset 4096, length 4096: Input/output error" \
		--faulty_engine=mmap --faulty_rule="eio on=read nth=2"
'

test_expect_success 'a target mmap cannot map (/dev/null): exit 3, the engine named' '
	test_expect_code 3 "$VERIO" --name=n --filename=/dev/null --size=64k --rw=write \
		--ioengine=mmap >out 2>err
	grep -F "engine '\''mmap'\'' cannot use '\''/dev/null'\''" err
'

test_done
