#!/usr/bin/env bash
# t0830: fio's verify options of issue 9 hold their meaning in verio:
# experimental_verify=1 (verify without stored headers: verio's generation
# map) verifies randwrite, norandommap=1 overwrites and time_based jobs,
# clean (exit 0) and with a flipped bit (exit 1 at its offset);
# verify_policy takes fio's values (fsynced keeps the journal, completed
# with a buffered journal is refused); verify=pattern_hdr checks its
# pattern payload; verify_pattern_interval gives each interval its offset;
# a 'file' pattern is loaded whole or refused, never cut.
# shellcheck disable=SC2016,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
test_require_cmd python3

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
JOB="--name=e --filename=e.dat --size=256k --bs=4k --verify=crc32c --experimental_verify=1"

for case in "--rw=randwrite" "--rw=randwrite --norandommap=1 --io_size=1m" \
	    "--rw=randwrite --norandommap=1 --time_based --runtime=200ms" "--rw=write --loops=2"; do
	test_expect_success "experimental_verify=1 $case: write + verify exits 0, then verify_only 0" '
		rm -f e.dat e.0.verio-state*
		"$VERIO" $JOB '"$case"' --output-format=json >w.json 2>err &&
		test ! -s err &&
		json_check w.json "v[\"failures\"] == 0 and v[\"units\"] > 0" &&
		"$VERIO" $JOB '"$case"' --time_based=0 --verify_only=1 --output-format=json >r.json 2>err &&
		json_check r.json "v[\"failures\"] == 0 and v[\"units\"] > 0 and v[\"verify_state\"][\"loaded\"]"
	'
done

test_expect_success 'experimental_verify=1: a bit flipped after the write is found at its offset' '
	rm -f e.dat e.0.verio-state*
	"$VERIO" $JOB --rw=randwrite >/dev/null &&
	$CORRUPT flip e.dat 13000 1 &&
	test_expect_code 1 "$VERIO" $JOB --rw=randwrite --verify_only=1 --output-format=json \
		>r.json 2>err &&
	test "$(json_one_incident r.json file=e.dat offset class | tr "\n" " ")" = "12288 bit_flips "
'

test_expect_success 'experimental_verify=1, norandommap overwrites: a flipped bit in a written unit is found' '
	rm -f e.dat e.0.verio-state*
	"$VERIO" $JOB --rw=randwrite --norandommap=1 --io_size=1m >/dev/null &&
	# a unit the map says was written: the first non-zero header offset
	off=$(python3 -c "
import struct
d = open(\"e.dat\", \"rb\").read()
print(next(o for o in range(0, len(d), 4096) if d[o:o+4] == b\"VRIO\"))") &&
	$CORRUPT flip e.dat $((off + 1000)) 0 &&
	test_expect_code 1 "$VERIO" $JOB --rw=randwrite --norandommap=1 --io_size=1m \
		--verify_only=1 --output-format=json >r.json 2>err &&
	test "$(json_one_incident r.json file=e.dat offset | tr "\n" " ")" = "$off "
'

test_expect_success 'experimental_verify=1, time_based: a flipped bit in a written unit is found' '
	rm -f e.dat e.0.verio-state*
	"$VERIO" $JOB --rw=randwrite --time_based --runtime=200ms >/dev/null &&
	$CORRUPT flip e.dat 200000 7 &&
	test_expect_code 1 "$VERIO" $JOB --rw=randwrite --time_based=0 \
		--verify_only=1 --output-format=json >r.json 2>err &&
	test "$(json_one_incident r.json file=e.dat offset | tr "\n" " ")" = "196608 "
'

# fio t/verify_state_save.py's option sets: verify_policy with psync.
for rw in randwrite randrw; do
	for pol in completed "fsynced --fsync=16"; do
		test_expect_success "verify_policy=$pol rw=$rw: exit 0, empty stderr, then verify_only 0" '
			rm -f p.dat p.0.verio-state*
			"$VERIO" --name=p --filename=p.dat --size=1m --rw='$rw' --ioengine=psync \
				--verify=crc32c --verify_state_save=1 --verify_policy='"$pol"' \
				--output-format=json >w.json 2>err &&
			test ! -s err &&
			json_check w.json "j[\"error\"] == 0 and j[\"read\"][\"io_bytes\"] > 0 and j[\"write\"][\"io_bytes\"] > 0" &&
			"$VERIO" --name=p --filename=p.dat --size=1m --rw='$rw' --verify=crc32c \
				--verify_only=1 >/dev/null
		'
	done
done

# killed PID JOURNAL: SIGKILL PID once JOURNAL holds 64 records (32
# bytes each): a fixed amount of work, whatever the machine's speed.
killed() {
	local i=0
	until { [ -f "$2" ] && [ "$(stat -c %s "$2")" -ge 2048 ]; } || [ $i -ge 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null || :
	[ $i -lt 600 ]
}

# inflight POLICY...: kill a direct=1 randwrite job with the journal
# after 64 records; verify_only must pass; prints the units in flight.
inflight() {
	rm -f k.dat k.0.verio-state*
	"$VERIO" --name=k --filename=k.dat --size=1m --rw=randwrite --verify=crc32c \
		--direct=1 --time_based --runtime=60 "$@" >/dev/null 2>&1 &
	killed $! k.0.verio-state.journal || return 1
	"$VERIO" --name=k --filename=k.dat --size=1m --rw=randwrite --verify=crc32c \
		--direct=1 --verify_only=1 --verify_state_load=1 --output-format=json >k.json 2>k.err ||
		return 1
	json_get k.json "j[\"jobs\"][0][\"verify\"][\"journal\"][\"inflight_units\"]"
}

if odirect_ok; then
	test_expect_success 'verify_policy=fsynced with direct I/O: writes after the last fsync count as in flight' '
		# no fsync at all: every acknowledged write may still be old or new
		n=$(inflight --verify_policy=fsynced) && echo "# fsynced: $n in flight" &&
		test "$n" -ge 10 &&
		n=$(inflight --verify_journal=1 --verify_policy=fsynced) && test "$n" -ge 10
	'
	test_expect_success 'verify_policy=completed (and unset) with direct I/O: only the write in flight' '
		n=$(inflight --verify_journal=1 --verify_policy=completed) && test "$n" -le 1 &&
		n=$(inflight --verify_journal=1) && test "$n" -le 1
	'
fi

test_expect_success 'verify_policy=completed with a buffered journal is refused (exit 2), with direct=1 it runs' '
	test_expect_code 2 "$VERIO" --name=p --filename=q.dat --size=64k --rw=write \
		--verify=crc32c --verify_journal=1 --verify_policy=completed 2>err &&
	grep -F "verify_policy=completed cannot be honoured with verify_journal=1 and buffered I/O" err &&
	test ! -e q.dat
'

test_expect_success 'verify_policy=fsynced with verify=pattern is refused (exit 2); a bad value too' '
	test_expect_code 2 "$VERIO" --name=p --filename=q.dat --size=64k --rw=write \
		--verify=pattern --verify_pattern=0xab --verify_policy=fsynced 2>err &&
	grep -F "verify_policy=fsynced needs a verify kind with a header" err &&
	test_expect_code 2 "$VERIO" --name=p --filename=q.dat --size=64k --rw=write \
		--verify=crc32c --verify_policy=durable 2>err &&
	grep -F "verify_policy" err && test ! -e q.dat
'

PJ="--name=h --filename=h.dat --size=64k --bs=4k --rw=write --verify=pattern_hdr"

for mode in checksum compare; do
	test_expect_success "pattern_hdr (verify_mode=$mode): the payload is the pattern, a flipped payload bit fails at its bit" '
		rm -f h.dat h.0.verio-state*
		"$VERIO" $PJ --verify_pattern=0xdeadbeef >/dev/null &&
		python3 -c "
d = open(\"h.dat\", \"rb\").read()
assert d[4096:4100] == b\"VRIO\", d[4096:4100]
assert d[4096+512:4096+1008] == bytes.fromhex(\"deadbeef\") * 124, d[4096+512:4096+520]" &&
		$CORRUPT flip h.dat 9000 2 &&
		test_expect_code 1 "$VERIO" $PJ --verify_pattern=0xdeadbeef --verify_only=1 \
			--verify_mode='$mode' --output-format=json >r.json 2>err &&
		test "$(json_one_incident r.json file=h.dat offset class first_bad_bit | tr "\n" " ")" = "8192 bit_flips 6466 "
	'
done

test_expect_success 'pattern_hdr: the pattern is checked, not only the header (another pattern fails)' '
	rm -f h.dat h.0.verio-state*
	"$VERIO" $PJ --verify_pattern=0xdeadbeef >/dev/null &&
	test_expect_code 1 "$VERIO" $PJ --verify_pattern=0xfeedface --verify_only=1 \
		--output-format=json >r.json 2>err &&
	json_check r.json "v[\"failures\"] == 16"
'

test_expect_success 'verify_pattern_interval: each interval holds its own offset (%o)' '
	rm -f i.dat
	"$VERIO" --name=i --filename=i.dat --size=64k --bs=4k --rw=write --verify=pattern \
		--verify_pattern=%o --verify_pattern_interval=512 >/dev/null &&
	python3 -c "
import struct
d = open(\"i.dat\", \"rb\").read()
for o in range(0, len(d), 512):
    assert struct.unpack_from(\"<Q\", d, o)[0] == o, (o, d[o:o+8])" &&
	"$VERIO" --name=i --filename=i.dat --size=64k --bs=4k --rw=write --verify=pattern \
		--verify_pattern=%o --verify_pattern_interval=512 --verify_only=1 >/dev/null
'

test_expect_success 'verify_pattern %o without an interval: each unit its own offset' '
	rm -f i.dat
	"$VERIO" --name=i --filename=i.dat --size=64k --bs=4k --rw=write --verify=pattern \
		--verify_pattern="0xff%o" >/dev/null &&
	python3 -c "
import struct
d = open(\"i.dat\", \"rb\").read()
for u in range(0, len(d), 4096):
    assert d[u] == 0xff and struct.unpack_from(\"<Q\", d, u + 1)[0] == u
    assert struct.unpack_from(\"<Q\", d, u + 10)[0] == u"
'

test_expect_success "buffer_pattern='file': the file's bytes fill the buffers" '
	printf "0123456789abcdef" >pat.bin &&
	"$VERIO" --name=b --filename=b.dat --size=64k --rw=write --buffer_pattern="'\''pat.bin'\''" >/dev/null &&
	python3 -c "
d = open(\"b.dat\", \"rb\").read()
assert d == b\"0123456789abcdef\" * 4096"
'

test_expect_success "buffer_pattern='file' longer than fio's 128 MiB is refused naming the limit (exit 2)" '
	truncate -s $((128 * 1024 * 1024 + 1)) big.bin &&
	test_expect_code 2 "$VERIO" --name=b --filename=c.dat --size=64k --rw=write \
		--buffer_pattern="'\''big.bin'\''" 2>err &&
	grep -F "option '\''buffer_pattern'\'': pattern '\''" err &&
	grep -F "is longer than 134217728 bytes" err && test ! -e c.dat &&
	rm -f big.bin &&
	head -c 4097 /dev/urandom >ok.bin &&
	"$VERIO" --name=b --filename=c.dat --size=64k --rw=write --buffer_pattern="'\''ok.bin'\''" >/dev/null &&
	python3 -c "
import sys
d = open(\"c.dat\", \"rb\").read(4096)
assert d == open(\"ok.bin\", \"rb\").read(4096)"
'

test_expect_success 'verify_pattern without verify= verifies it with a header (fio); verify=0 keeps it off' '
	rm -f vp.dat vp.0.verio-state &&
	"$VERIO" --name=vp --filename=vp.dat --size=64k --rw=write --verify_pattern=0xdeadbeef \
		--output-format=json >vp.json &&
	test "$(json_get vp.json "j[\"jobs\"][0][\"verify\"][\"method\"]")" = pattern_hdr &&
	test "$(json_get vp.json "j[\"jobs\"][0][\"read\"][\"io_bytes\"]")" = 65536 &&
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip vp.dat 20000 1 &&
	test_expect_code 1 "$VERIO" --name=vp --filename=vp.dat --size=64k --rw=write \
		--verify_pattern=0xdeadbeef --verify_only=1 --verify_state_load=1 >out 2>err &&
	grep -q "verify failed at file .vp.dat. offset 16384" err &&
	"$VERIO" --name=vq --filename=vp.dat --size=64k --rw=write --verify=0 \
		--verify_pattern=0xdeadbeef --output-format=json >vq.json &&
	test "$(json_get vq.json "j[\"jobs\"][0][\"read\"][\"io_bytes\"]")" = 0 &&
	rm -f vp.dat vp.0.verio-state vq.0.verio-state
'

test_done
