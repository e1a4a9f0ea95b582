#!/usr/bin/env bash
# t1022: a replayed iolog with verify= stamps its writes and checks its
# reads like any job, and verifies what it wrote after the log: clean runs
# pass (exit 0, every unit checked); a bit flipped on a write or on a read
# during the replay (ioengine=faulty) is caught: exit 1, bit flips, at the
# offset of that I/O in the log.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
. "$SRCDIR/tests/e2e/lib-iolog.sh"
test_require_cmd python3 fio

T=$PWD/t.dat
RJOB="--name=r --read_iolog=f.log --verify=crc32c --replay_no_stall=1 --output-format=json"

# nth_io LOG ACTION N: the offset of the Nth ACTION line of LOG.
nth_io() {
	awk -v a="$2" -v n="$3" '$(NF - 2) == a && ++k == n { print $(NF - 1); exit }' "$1"
}

test_expect_success 'fio randwrite log replayed with verify: every unit written is checked' '
	fio --name=w --filename=$T --size=256k --bs=4k --rw=randwrite --ioengine=psync \
		--write_iolog=f.log >/dev/null
	rm -f "$T"
	"$VERIO" $RJOB >out.json
	json_check out.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] == 64"
	json_check out.json "j[\"write\"][\"total_ios\"] == 64 and j[\"read\"][\"total_ios\"] == 64"
'

test_expect_success 'a flip on the 3rd write of the log: exit 1, bit flips at that write' '
	off=$(nth_io f.log write 3)
	test_expect_code 1 "$VERIO" $RJOB --ioengine=faulty \
		--faulty_rule="flip on=write nth=3 bit=1000" >out.json 2>err
	incidents_are out.json "$off:bit_flips"
	grep -q "verify failed at file .$T. offset $off, length 4096" err
'

test_expect_success 'a flip on the 10th read of the verify phase: exit 1 at that unit' '
	test_expect_code 1 "$VERIO" $RJOB --ioengine=faulty \
		--faulty_rule="flip on=read nth=10 bit=1000" >out.json 2>err
	incidents_are out.json "36864:bit_flips"
'

test_expect_success 'do_verify=0: no verify phase, nothing read' '
	"$VERIO" $RJOB --do_verify=0 >out.json
	json_check out.json "j[\"error\"] == 0 and j[\"read\"][\"total_ios\"] == 0"
'

cat >rw.log <<LOG
fio version 3 iolog
0 $T add
0 $T open
10 $T write 0 8192
20 $T write 8192 8192
30 $T read 0 8192
40 $T write 0 8192
50 $T sync 0 0
60 $T read 0 16384
70 $T read 8192 8192
80 $T close
LOG

test_expect_success 'the log'"'"'s own reads are checked as they come: rewrites, mixed lengths' '
	rm -f "$T" r.*.verio-state
	"$VERIO" --name=r --read_iolog=rw.log --verify=crc32c --output-format=json >out.json 2>err
	json_check out.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] == 4 + 2"
	json_check out.json "j[\"write\"][\"total_ios\"] == 3 and j[\"read\"][\"io_bytes\"] == 32768 + 16384"
	test ! -s err
'

test_expect_success 'a flip on the log'"'"'s 2nd read (offset 0, 16k, two units): exit 1 at 8192' '
	rm -f "$T" r.*.verio-state
	test_expect_code 1 "$VERIO" --name=r --read_iolog=rw.log --verify=crc32c --output-format=json \
		--ioengine=faulty --faulty_rule="flip on=read nth=2 bit=70000" >out.json 2>err
	incidents_are out.json "8192:bit_flips"
'

test_expect_success 'with verify, an I/O that is not whole blocks of the smallest: exit 2, nothing runs' '
	rm -f "$T"
	sed "s/20 \(.*\) write 8192 8192/20 \1 write 8704 4096/" rw.log >bad.log
	test_expect_code 2 "$VERIO" --name=r --read_iolog=bad.log --verify=crc32c 2>err
	grep -q "read_iolog .bad.log. with verify, every read and write must be whole 4096-byte blocks (the log.s smallest I/O): I/O 2 (write at 8704, 4096 bytes) is not" err
	test ! -e "$T"
'

rm -f "$T" r.*.verio-state
test_done
