#!/usr/bin/env bash
# t1023: a read_iolog that is not a good log, or bad replay options: exit
# 2 before any I/O (the target is not even created), with a message naming
# the job, the log file and the line.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"

T=$PWD/t.dat

# bad LINE-AFTER-ADD WANTED-MESSAGE: a v3 log whose 4th line is LINE.
bad() {
	printf "fio version 3 iolog\n0 %s add\n1 %s write 0 4096\n%s\n" "$T" "$T" "$1" >bad.log
	rm -f "$T"
	test_expect_code 2 "$VERIO" --name=r --read_iolog=bad.log 2>err
	grep -qF "verio: job 'r': read_iolog 'bad.log' $2" err || { cat err; return 1; }
	test ! -e "$T"
}

test_expect_success 'an unknown action' '
	bad "2 $T frobnicate 0 4096" "line 4: unknown action '"'"'frobnicate'"'"'"
'
test_expect_success 'a file never added' '
	bad "2 /elsewhere write 0 4096" "line 4: file '"'"'/elsewhere'"'"' was not added"
'
test_expect_success 'a bad number' '
	bad "2 $T write 4k 4096" "line 4: bad offset or length '"'"'4k 4096'"'"'"
'
test_expect_success 'a bad timestamp' '
	bad "soon $T write 0 4096" "line 4: bad timestamp '"'"'soon'"'"'"
'
test_expect_success 'wait in version 3' '
	bad "2 $T wait 100 0" "line 4: '"'"'wait'"'"' is not allowed in a version 3 iolog"
'
test_expect_success 'a missing field' '
	bad "2 $T write 0" "line 4: expected '"'"'TIME'"'"' '"'"'FILE ACTION'"'"'"
'
test_expect_success 'a trim of length 0' '
	bad "2 $T trim 0 0" "line 4: trim of length 0"
'
test_expect_success 'not an iolog' '
	printf "%s\n" "/x read 0 4096" >bad.log
	test_expect_code 2 "$VERIO" --name=r --read_iolog=bad.log 2>err
	grep -qF "read_iolog '"'"'bad.log'"'"' line 1: not a fio iolog" err
'
test_expect_success 'a missing log' '
	test_expect_code 2 "$VERIO" --name=r --read_iolog=nosuch.log 2>err
	grep -qF "read_iolog '"'"'nosuch.log'"'"' cannot open: No such file or directory" err
'
test_expect_success 'a log with only syncs' '
	printf "fio version 2 iolog\n%s add\n%s sync 0 0\n" "$T" "$T" >bad.log
	test_expect_code 2 "$VERIO" --name=r --read_iolog=bad.log 2>err
	grep -qF "no read or write to replay" err
'
test_expect_success 'the second job'"'"'s bad log stops the first from running too' '
	printf "fio version 2 iolog\n%s add\n%s write 0 4096\n" "$T" "$T" >good.log
	printf "fio version 2 iolog\n%s add\n%s write 0 4096\n%s bogus\n" "$T" "$T" "$T" >bad.log
	rm -f "$T"
	test_expect_code 2 "$VERIO" --name=a --read_iolog=good.log --name=b --read_iolog=bad.log 2>err
	grep -qF "verio: job '"'"'b'"'"': read_iolog '"'"'bad.log'"'"' line 4: unknown file action" err
	test ! -e "$T"
'
test_expect_success 'bad replay options name the option' '
	test_expect_code 2 "$VERIO" --name=r --read_iolog=good.log --replay_skip=reads 2>err
	grep -q "replay_skip.*unknown action .reads." err
	test_expect_code 2 "$VERIO" --name=r --read_iolog=good.log --replay_align=3k 2>err
	grep -q "replay_align.*not a power of 2" err
	test_expect_code 2 "$VERIO" --name=r --read_iolog=good.log --replay_time_scale=0 2>err
	grep -q "replay_time_scale" err
	test_expect_code 2 "$VERIO" --name=r --read_iolog=good.log --merge_blktrace_file=m 2>err
	grep -q "merge_blktrace_file. is a fio option verio does not support yet" err
'

rm -f "$T"
test_done
