#!/usr/bin/env bash
# t1021: verio replays fio's iologs (v3 as fio 3.33 writes it, and a v2 log
# with two files, waits, sync and datasync) with the same offsets, lengths
# and directions as fio's own replay, in order (both tools traced); the
# replay_* options change the replay as they do in fio.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-iolog.sh"
test_require_cmd python3 fio strace

T=$PWD/t.dat A=$PWD/a B=$PWD/b C=$PWD/c
truncate -s 256k "$T"

test_expect_success 'fio writes a v3 log of randrw with fsyncs; verio replays exactly it' '
	fio --name=w --filename=$T --size=256k --bs=4k --rw=randrw --fsync=3 \
		--ioengine=psync --write_iolog=f.log >/dev/null
	test "$(head -n 1 f.log)" = "fio version 3 iolog"
	iolog_seq f.log >want
	grep -q " sync" want
	traced_ios verio.seq "$T" -- "$VERIO" --name=r --read_iolog=f.log --replay_no_stall=1
	test_cmp want verio.seq
'

test_expect_success 'fio replays the same log the same way (the oracle agrees)' '
	traced_ios fio.seq "$T" -- fio --name=r --read_iolog=f.log --ioengine=psync
	test_cmp want fio.seq
'

test_expect_success 'fio bssplit at iodepth 4 (libaio): verio replays it in order, timed' '
	rm -f f2.log
	fio --name=w --filename=$T --size=256k --bssplit=4k/50:16k/50 --rw=randwrite \
		--ioengine=libaio --iodepth=4 --write_iolog=f2.log >/dev/null
	iolog_seq f2.log >want2
	traced_ios verio2.seq "$T" -- "$VERIO" --name=r --read_iolog=f2.log
	test_cmp want2 verio2.seq
'

cat >v2.log <<LOG
fio version 2 iolog
$A add
$B add
$A open
$B open
$A write 0 4096
$B write 8192 8192
$A wait 200 0
$B read 8192 4096
$A datasync 0 0
$A write 20480 4096
$B sync 0 0
$A read 0 4096
$A close
$B close
LOG

test_expect_success 'a v2 log over two files: verio, fio and the log agree' '
	truncate -s 64k "$A" "$B"
	iolog_seq v2.log >want3
	traced_ios fio3.seq "$A" "$B" -- fio --name=r --read_iolog=v2.log --ioengine=psync
	traced_ios verio3.seq "$A" "$B" -- "$VERIO" --name=r --read_iolog=v2.log
	test_cmp want3 fio3.seq
	test_cmp want3 verio3.seq
'

test_expect_success 'replay_redirect: all of it onto one file, as fio' '
	truncate -s 64k "$C"
	traced_ios fio4.seq "$A" "$B" "$C" -- fio --name=r --read_iolog=v2.log --replay_redirect=$C
	traced_ios verio4.seq "$A" "$B" "$C" -- "$VERIO" --name=r --read_iolog=v2.log --replay_redirect=$C
	test_cmp fio4.seq verio4.seq
	test "$(grep -vc "^$C " verio4.seq)" = 0
	test "$(wc -l <verio4.seq)" = 7
'

test_expect_success 'replay_scale and replay_align: offsets divided, then rounded down, as fio' '
	traced_ios fio5.seq "$A" "$B" -- fio --name=r --read_iolog=v2.log --replay_scale=2 --replay_align=8k
	traced_ios verio5.seq "$A" "$B" -- "$VERIO" --name=r --read_iolog=v2.log --replay_scale=2 --replay_align=8k
	test_cmp fio5.seq verio5.seq
	grep -qx "$A write 8192 4096" verio5.seq
'

# fio 3.33 ignores replay_skip for text logs; fio 3.34 and later apply it.
test_expect_success 'replay_skip=read,sync: reads and syncs left out (fio 3.34 and later)' '
	traced_ios verio6.seq "$A" "$B" -- "$VERIO" --name=r --read_iolog=v2.log --replay_skip=read,sync
	grep -v -e " read " -e "^$B sync" want3 >want6
	test_cmp want6 verio6.seq
'

test_expect_success 'numjobs with a list: each clone replays its own log' '
	sed "s# read # write #" v2.log >w2.log
	"$VERIO" --name=r --read_iolog=v2.log:w2.log --numjobs=3 --output-format=json >out.json
	test "$(json_get out.json "[(x[\"read\"][\"total_ios\"], x[\"write\"][\"total_ios\"]) for x in j[\"jobs\"]]")" = "[[2, 3], [0, 5], [2, 3]]"
'

test_expect_success 'with write_iolog too: no log written, as fio ("read iolog overrides")' '
	"$VERIO" --name=r --read_iolog=v2.log --write_iolog=x.log >/dev/null 2>err
	grep -q "read_iolog overrides write_iolog" err
	test ! -e x.log
'

test_expect_success '--readonly: the log'"'"'s writes are left out (its syncs kept), as fio does' '
	traced_ios verio8.seq "$A" "$B" -- "$VERIO" --readonly --name=r --read_iolog=v2.log
	grep -q "writes of read_iolog .v2.log. are not replayed" traced.err
	grep -v " write " want3 >want8
	test_cmp want8 verio8.seq
'

test_expect_success 'the log from standard input' '
	"$VERIO" --name=r --read_iolog=- --output-format=json <v2.log >out.json
	test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")" = 3
'

rm -f "$T" "$A" "$B" "$C"
test_done
