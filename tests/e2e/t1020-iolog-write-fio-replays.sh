#!/usr/bin/env bash
# t1020: write_iolog writes fio 3.33's iolog (v3: version line, add, open,
# one line per I/O as issued, close; appended), and fio replays it with the
# same offsets, lengths and directions, in order (both tools traced).
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-iolog.sh"
test_require_cmd python3 fio strace

T=$PWD/t.dat
JOB="--name=w --filename=$T --size=256k --bs=4k --rw=randrw --fsync=4"

test_expect_success 'the log: v3 header, add, open, every I/O, close' '
	"$VERIO" $JOB --write_iolog=v.log --output-format=json >out.json
	test "$(head -n 1 v.log)" = "fio version 3 iolog"
	sed -n 2p v.log | grep -qE "^[0-9]+ $T add\$"
	sed -n 3p v.log | grep -qE "^[0-9]+ $T open\$"
	tail -n 1 v.log | grep -qE "^[0-9]+ $T close\$"
	! grep -vE "^(fio version 3 iolog|[0-9]+ $T (add|open|close|(read|write) [0-9]+ 4096|sync [0-9]+ 0))\$" v.log
	test "$(iolog_lines v.log read)" = "$(json_get out.json "j[\"jobs\"][0][\"read\"][\"total_ios\"]")"
	test "$(iolog_lines v.log write)" = "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")"
	test "$(iolog_lines v.log sync)" = $(( $(iolog_lines v.log write) / 4 ))
	awk "NR > 1 { if (\$1 < last) exit 1; last = \$1 }" v.log
'

test_expect_success 'fio replays it: the same I/O in the same order' '
	iolog_seq v.log >want
	test "$(wc -l <want)" -ge 70
	traced_ios fio.seq "$T" -- fio --name=r --read_iolog=v.log --ioengine=psync
	test_cmp want fio.seq
'

test_expect_success 'verio replays its own log: the same again' '
	traced_ios verio.seq "$T" -- "$VERIO" --name=r --read_iolog=v.log
	test_cmp want verio.seq
'

test_expect_success 'with verify: the verify-phase reads are logged too (as fio does)' '
	rm -f v2.log
	"$VERIO" --name=w --filename=$T --size=64k --bs=8k --rw=write --verify=crc32c \
		--write_iolog=v2.log >/dev/null
	test "$(iolog_lines v2.log write)" = 8
	test "$(iolog_lines v2.log read)" = 8
	grep -E " (write|read) " v2.log | awk "{ print \$3, \$4 }" >dirs
	printf "write %s\n" 0 8192 16384 24576 32768 40960 49152 57344 >want2
	printf "read %s\n" 0 8192 16384 24576 32768 40960 49152 57344 >>want2
	test_cmp want2 dirs
'

test_expect_success 'appended: a second run and numjobs clones each add their own log' '
	"$VERIO" --name=w --filename=$T --size=64k --bs=8k --rw=write --write_iolog=v2.log >/dev/null
	test "$(grep -c "^fio version 3 iolog\$" v2.log)" = 2
	rm -f n.log
	"$VERIO" --name=w --filename=$T --size=64k --bs=8k --rw=read --numjobs=2 \
		--write_iolog=n.log >/dev/null
	test "$(grep -c "^fio version 3 iolog\$" n.log)" = 2
	test "$(iolog_lines n.log read)" = 16
	test "$(iolog_lines n.log close)" = 2
'

for e in $(async_engines); do
	test_expect_success "$e at iodepth 8: the log is the issue order, and fio replays it" '
		rm -f a.log
		"$VERIO" $JOB --ioengine='"$e"' --iodepth=8 --bsrange=4k-16k --write_iolog=a.log >/dev/null
		iolog_seq a.log >want3
		traced_ios fio3.seq "$T" -- fio --name=r --read_iolog=a.log --ioengine=psync
		test_cmp want3 fio3.seq
	'
done

test_expect_success 'a write_iolog that cannot be opened fails the job (exit 3)' '
	test_expect_code 3 "$VERIO" $JOB --write_iolog=no/such/dir/x.log >/dev/null 2>err
	grep -q "cannot open the write_iolog file" err
'

rm -f "$T"
test_done
