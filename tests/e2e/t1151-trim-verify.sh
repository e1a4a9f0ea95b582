#!/usr/bin/env bash
# t1151: verification across trims on a regular file. The generation map
# records trimmed units; a trimmed unit reads back as zeroes and passes
# (trimmed units counted), its trim kept by the saved state; data in a
# trimmed unit fails as "not zero after trim" (trim_not_zero), saying so
# when it is the write from before the trim (a trim that did not take);
# trim_verify_zero=0 accepts it; a damaged unit that was not trimmed still
# fails as before; trimwrite verifies with every engine; the combinations
# verification cannot judge are refused with exit 2.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
test_require_cmd python3

T=$PWD/t.dat
JOB="--name=j --filename=$T --size=1m --bs=64k --verify=crc32c"

if ! fallocate -p -o 0 -l 4096 "$PWD/probe.dat" 2>/dev/null &&
   ! { : >probe.dat && truncate -s 64k probe.dat && fallocate -p -o 0 -l 4096 probe.dat; }; then
	test_skip "this file system cannot punch holes"
fi

# jv FILE KEY: the job's verify.KEY in the JSON report FILE.
jv() {
	json_get "$1" "j[\"jobs\"][0][\"verify\"]$2"
}

# poke OFF BYTES: write BYTES into the target at OFF, in place.
poke() {
	printf '%s' "$2" | dd of="$T" bs=1 seek="$1" conv=notrunc status=none
}

test_expect_success 'write, then trim a quarter: verified, then read back as zeroes' '
	rm -f "$T" j.0.verio-state
	"$VERIO" $JOB --rw=write --verify_state_save=1 >/dev/null
	cp "$T" before.dat
	"$VERIO" $JOB --rw=trim --io_size=256k --verify_state_save=1 \
		--output-format=json >trim.json
	test "$(json_get trim.json "j[\"jobs\"][0][\"trim\"][\"total_ios\"]")" = 4
	test "$(jv trim.json "[\"units\"]")" = 16
	test "$(jv trim.json "[\"trimmed\"]")" = 4
	test "$(jv trim.json "[\"failures\"]")" = 0
	"$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 \
		--output-format=json >v.json
	test "$(jv v.json "[\"units\"]")" = 16
	test "$(jv v.json "[\"trimmed\"]")" = 4
	test "$(jv v.json "[\"failures\"]")" = 0
	cp j.0.verio-state trimmed.state
'

test_expect_success 'the text report counts the trimmed units' '
	"$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 >v.txt
	grep -q "verify       : crc32c, units=16, bytes=1048576, unwritten=0, trimmed=4, failures=0$" v.txt
'

test_expect_success 'data in a trimmed unit: exit 1, class trim_not_zero, at its offset' '
	poke 200000 XYZ
	test_expect_code 1 "$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 \
		--output-format=json >v.json 2>err
	grep -q "offset 196608, length 65536 (requested block: offset=196608, length=65536): not zero after trim (trimmed: zeroes expected; 3 bytes are not zero, the first in the sector at offset 199680)" err
	test "$(jv v.json "[\"failures\"]")" = 1
	test "$(jv v.json "[\"classes\"][\"trim_not_zero\"]")" = 1
	test "$(jv v.json "[\"incidents\"][0][\"class\"]")" = trim_not_zero
	test "$(jv v.json "[\"incidents\"][0][\"offset\"]")" = 196608
	test "$(jv v.json "[\"incidents\"][0][\"bad_bytes\"]")" = 3
'

test_expect_success 'trim_verify_zero=0: a trimmed unit may hold anything' '
	"$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 --trim_verify_zero=0 \
		--output-format=json >v.json
	test "$(jv v.json "[\"failures\"]")" = 0
	test "$(jv v.json "[\"trimmed\"]")" = 4
'

test_expect_success 'a trim that did not take (the old data back): failure, and it says so' '
	cp before.dat "$T"
	test_expect_code 1 "$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 \
		>/dev/null 2>err
	test "$(grep -c "not zero after trim" err)" = 4
	grep -q "the trim did not take" err
'

test_expect_success 'a damaged unit that was not trimmed fails as before (bit flips)' '
	cp before.dat "$T"
	fallocate -p -o 0 -l 262144 "$T"
	python3 -c "import sys
with open(sys.argv[1], \"r+b\") as f:
    f.seek(600000); b = f.read(1); f.seek(600000); f.write(bytes([b[0] ^ 4]))" "$T"
	test_expect_code 1 "$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 \
		--output-format=json >v.json 2>err
	test "$(jv v.json "[\"classes\"][\"bit_flips\"]")" = 1
	test "$(jv v.json "[\"classes\"][\"trim_not_zero\"]")" = 0
	test "$(jv v.json "[\"trimmed\"]")" = 4
'

test_expect_success 'trims then writes over a saved state: the writes are checked, not zeroes' '
	cp trimmed.state j.0.verio-state
	cp before.dat "$T"
	fallocate -p -o 0 -l 262144 "$T"
	"$VERIO" $JOB --rw=write --io_size=128k --verify_state_save=1 \
		--output-format=json >w.json
	test "$(jv w.json "[\"failures\"]")" = 0
	"$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 \
		--output-format=json >v.json
	test "$(jv v.json "[\"trimmed\"]")" = 2
	test "$(jv v.json "[\"failures\"]")" = 0
	fallocate -p -o 0 -l 65536 "$T"
	test_expect_code 1 "$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 \
		--output-format=json >v.json 2>err
	test "$(jv v.json "[\"classes\"][\"zeroed\"]")" = 1
'

test_expect_success 'a journal cannot continue a state with trimmed units' '
	cp trimmed.state j.0.verio-state
	test_expect_code 3 "$VERIO" $JOB --rw=write --verify_state_save=1 \
		--verify_journal=1 2>err
	grep -q "has trimmed units, which a journal cannot judge" err
'

test_expect_success 'rw=randtrim with verify: the trimmed units are read back, never-written ones too' '
	rm -f "$T" j.0.verio-state
	"$VERIO" --name=j --filename="$T" --size=1m --bs=64k --rw=write >/dev/null
	"$VERIO" $JOB --rw=randtrim --io_size=512k --output-format=json >v.json
	test "$(jv v.json "[\"units\"]")" = 8
	test "$(jv v.json "[\"trimmed\"]")" = 8
	test "$(jv v.json "[\"failures\"]")" = 0
'

for e in psync sync $(async_engines 2>/dev/null); do
	test_expect_success "ioengine=$e: randtrimwrite verifies every block" '
		rm -f "$T" j.0.verio-state
		"$VERIO" $JOB --rw=randtrimwrite --ioengine='"$e"' --iodepth=8 \
			--bs=16k --output-format=json >v.json
		test "$(json_get v.json "j[\"jobs\"][0][\"trim\"][\"total_ios\"]")" = 64
		test "$(jv v.json "[\"units\"]")" = 64
		test "$(jv v.json "[\"trimmed\"]")" = 0
		test "$(jv v.json "[\"failures\"]")" = 0
	'
done

test_expect_success 'fio format units, verify threads, a trim backlog: trimmed units pass' '
	rm -f "$T" j.0.verio-state
	"$VERIO" $JOB --bs=16k --rw=randwrite --verify_format=fio --trim_percentage=50 \
		--trim_backlog=4 --output-format=json >v.json
	test "$(jv v.json "[\"units\"]")" = 64
	test "$(jv v.json "[\"trimmed\"]")" = 32
	test "$(jv v.json "[\"failures\"]")" = 0
	"$VERIO" $JOB --bs=16k --rw=randwrite --verify_async=2 --iodepth=8 --loops=2 \
		--trim_percentage=25 --trim_backlog=8 --trim_backlog_batch=2 \
		--output-format=json >v.json
	test "$(jv v.json "[\"units\"]")" = 128
	test "$(jv v.json "[\"trimmed\"]")" = 32
	test "$(jv v.json "[\"failures\"]")" = 0
'

test_expect_success 'read_iolog with trims and verify: the trimmed block checked for zeroes' '
	rm -f "$T" j.0.verio-state
	printf "%s\n" "fio version 3 iolog" "0 $T add" "1 $T open" "2 $T write 0 65536" \
		"3 $T write 65536 65536" "4 $T trim 0 65536" "5 $T close" >tw.log
	"$VERIO" --name=j --read_iolog=tw.log --verify=crc32c --output-format=json >v.json
	test "$(jv v.json "[\"units\"]")" = 2
	test "$(jv v.json "[\"trimmed\"]")" = 1
	test "$(jv v.json "[\"failures\"]")" = 0
	printf "%s\n" "fio version 3 iolog" "0 $T add" "1 $T open" "2 $T write 0 65536" \
		"3 $T trim 0 4096" "4 $T close" >part.log
	test_expect_code 2 "$VERIO" --name=j --read_iolog=part.log --verify=crc32c 2>err
	grep -q "every read, write and trim must be whole 65536-byte blocks" err
'

test_expect_success 'refused with exit 2: trims with verify_journal, verify_only without its state' '
	cp before.dat "$T"
	test_expect_code 2 "$VERIO" $JOB --rw=trim --verify_state_save=1 \
		--verify_journal=1 2>err
	grep -q "verify_journal does not take trims" err
	test_expect_code 2 "$VERIO" $JOB --rw=randtrimwrite --verify_only=1 2>err
	grep -q "needs its saved state (verify_state_load=1)" err
	cmp before.dat "$T"
'

test_done
