#!/usr/bin/env bash
# t0941: verio io reads its commands from stdin when it is a pipe or a
# file: one command a line, blank lines and '#' lines skipped, no prompt;
# a failing command does not stop the ones after it, and the exit status
# says one failed.
. "$SRCDIR/tests/e2e/lib.sh"

test_expect_success 'write then read -P from a pipe' '
	truncate -s 64k f
	printf "write 0 4k\nread -P 0xcd 0 4k\n" | "$VERIO" io f >out
	grep -qx "wrote 4096/4096 bytes at offset 0" out
	grep -qx "read 4096/4096 bytes at offset 0" out
	! grep -q "verio>" out
	! grep -q "Pattern verification failed" out
'

test_expect_success 'blank and # lines skipped, CRLF ends, a last line without newline' '
	printf "# a command file\n\n   \nstamp 0 16k\r\n  # indented comment\nverify 0 16k" |
		"$VERIO" io f >out
	test "$(wc -l <out)" = 2
	grep -qx "stamped 16384/16384 bytes at offset 0 (4 units of 4096 bytes, generation 1, crc32c)" out
	grep -qx "verified 16384/16384 bytes at offset 0: 4 units, 0 failed" out
'

test_expect_success 'a failing command: the rest still run, exit 1' '
	printf "corrupt 100\nverify 0 16k\nread -P 0 60k 4k\n" >cmds
	test_expect_code 1 "$VERIO" io f <cmds >out
	grep -q "verify failed at file .f. offset 0, length 4096 .*: bit flips" out
	grep -qx "read 4096/4096 bytes at offset 61440" out
'

rm -f f out cmds
test_done
