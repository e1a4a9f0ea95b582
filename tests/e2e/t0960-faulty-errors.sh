#!/usr/bin/env bash
# t0960: ioengine=faulty's I/O errors: eio and enospc on a read or a write,
# a short read or write, are I/O errors at their offset (exit 3), never a
# verification failure; bad rules and a bad child engine are refused
# before any I/O (exit 2), the option named.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
test_require_cmd python3

test_expect_success 'eio on the 3rd write: write error at 8192, exit 3' '
	faulty_io_error 5 "verio: job '\''w'\'': write error on '\''t.dat'\'' at offset 8192, length 4096: Input/output error" \
		--faulty_rule="eio on=write nth=3"
'

test_expect_success 'eio on the 2nd read (verify phase): read error at 4096, exit 3' '
	faulty_io_error 5 "read error on '\''t.dat'\'' at offset 4096, length 4096: Input/output error" \
		--faulty_rule="eio on=read nth=2"
'

test_expect_success 'eio at an offset range, from a rule file: the first I/O over it' '
	printf "# a bad sector at 40k\neio offset=40k length=512 count=1\n" >rules
	faulty_io_error 5 "write error on '\''t.dat'\'' at offset 40960, length 4096: Input/output error" \
		--faulty_rules=rules
'

test_expect_success 'enospc on the 5th write and on a read: exit 3' '
	faulty_io_error 28 "write error on '\''t.dat'\'' at offset 16384, length 4096: No space left on device" \
		--faulty_rule="enospc on=write nth=5"
	faulty_io_error 28 "read error on '\''t.dat'\'' at offset 0, length 4096: No space left on device" \
		--faulty_rule="enospc on=read nth=1"
'

test_expect_success 'a short read: an I/O error (short read), not a mismatch' '
	faulty_io_error 61 "read error on '\''t.dat'\'' at offset 8192, length 4096 (short read: end of file): No data available" \
		--faulty_rule="short on=read nth=3"
'

test_expect_success 'a short write: an I/O error (ENOSPC) at its offset' '
	faulty_io_error 28 "write error on '\''t.dat'\'' at offset 8192, length 4096: No space left on device" \
		--faulty_rule="short on=write nth=3"
'

test_expect_success 'continue_on_error=write: the job goes on, the failed unit is not judged' '
	faulty_io_error 5 "verio: job '\''w'\'': 1 I/O error (first: Input/output error), continued" \
		--faulty_rule="eio on=write nth=3" --continue_on_error=write
	json_check out.json "v[\"units\"] == 15"
'

test_expect_success 'bad rules and a bad child engine: exit 2 before any I/O' '
	rm -f t.dat
	test_expect_code 2 "$VERIO" $FJOB --faulty_rule="eio nth=x" 2>err
	grep -qF "verio: command line: job '\''w'\'': faulty: faulty_rule line 1: bad value in '\''nth=x'\''" err
	test_expect_code 2 "$VERIO" $FJOB --faulty_rule="drop on=read" 2>err
	grep -qF "on= does not fit '\''drop'\''" err
	test_expect_code 2 "$VERIO" $FJOB --faulty_rules=nonexistent 2>err
	grep -qF "faulty: cannot read rule file '\''nonexistent'\'': No such file or directory" err
	printf "eio nth=1\n\nflip nth=2\n" >rules
	test_expect_code 2 "$VERIO" $FJOB --faulty_rules=rules 2>err
	grep -qF "faulty: rule file '\''rules'\'' line 3: on= does not fit '\''flip'\''" err
	test_expect_code 2 "$VERIO" $FJOB --faulty_engine=faulty 2>err
	grep -qF "faulty_engine: '\''faulty'\'' is not an engine faulty can run over" err
	test_expect_code 2 "$VERIO" $FJOB --faulty_engine=nope 2>err
	test_expect_code 2 "$VERIO" $FJOB --faulty_engine=null 2>err
	grep -qF "faulty_engine: '\''null'\'' is not an engine faulty can run over" err
	test ! -e t.dat
'

test_expect_success 'no rule: faulty is its child, the data checks' '
	faulty_run 0
	clean out.json
'

test_done
