#!/usr/bin/env bash
# t0101: bad job files and bad command lines exit 2 before anything runs,
# naming the file, the line and the option; help, --showcmd and --version.
. "$SRCDIR/tests/e2e/lib.sh"

test_expect_success 'a mistyped option names file:line and suggests the name' '
	printf "[global]\nbs=4k\n[job]\niodeph=4\n" >typo.fio
	test_expect_code 2 "$VERIO" --parse-only typo.fio 2>err
	echo "verio: job file '\''typo.fio'\'' line 4: unknown option '\''iodeph'\'' (did you mean '\''iodepth'\''?)" >expect
	test_cmp expect err
'

test_expect_success 'an unknown option is refused when running, too' '
	printf "[job]\nbsize=8k\nsize=1m\n" >bsize.fio
	test_expect_code 2 "$VERIO" bsize.fio 2>err
	grep -F "verio: job file '\''bsize.fio'\'' line 2: unknown option '\''bsize'\'' (did you mean '\''bs'\''?)" err
	test ! -e job.0.0
'

test_expect_success 'a bad size names the line and what was expected' '
	printf "[job]\n; comment\nsize=10q\n" >size.fio
	test_expect_code 2 "$VERIO" --parse-only size.fio 2>err
	echo "verio: job file '\''size.fio'\'' line 3: option '\''size'\'': invalid size '\''10q'\'' (expected a size such as 4k, 1m, or a percentage such as 50%)" >expect
	test_cmp expect err
'

test_expect_success 'a missing include names the including line and the file' '
	printf "[job]\ninclude nope.inc\n" >inc.fio
	test_expect_code 2 "$VERIO" --parse-only inc.fio 2>err
	grep -F "verio: job file '\''inc.fio'\'' line 2: cannot open include file '\''nope.inc'\''" err
'

test_expect_success 'an option before any section names its line' '
	printf "rw=read\n[job]\n" >outside.fio
	test_expect_code 2 "$VERIO" --parse-only outside.fio 2>err
	grep -F "verio: job file '\''outside.fio'\'' line 1: option '\''rw'\'' is outside a section" err
'

test_expect_success 'an unsupported fio option says so' '
	printf "[job]\nverifysort=1\n" >verify.fio
	test_expect_code 2 "$VERIO" --parse-only verify.fio 2>err
	grep -F "line 2: option '\''verifysort'\'' is a fio option verio does not support yet" err
'

test_expect_success 'a missing job file exits 2 naming it' '
	test_expect_code 2 "$VERIO" --parse-only no-such.fio 2>err
	grep -F "verio: cannot open job file '\''no-such.fio'\''" err
'

test_expect_success 'an unknown command-line flag exits 2 with a suggestion' '
	test_expect_code 2 "$VERIO" --outptu=x --name=j 2>err
	echo "verio: unknown option '\''--outptu=x'\'' (did you mean '\''--output'\''?)" >expect
	test_cmp expect err
'

test_expect_success 'a bad command-line value exits 2' '
	test_expect_code 2 "$VERIO" --name=j --bs=4q 2>err
	grep -F "verio: command line: option '\''bs'\'': invalid size '\''4q'\''" err
'

test_expect_success 'no jobs at all is a usage error' '
	test_expect_code 2 "$VERIO" 2>err
	grep -F "verio: no jobs to run" err
'

test_expect_success '--readonly refuses a write job' '
	test_expect_code 2 "$VERIO" --readonly --name=w --rw=write --size=1m 2>err
	grep -F "verio: job '\''w'\'': write job refused under --readonly" err
	test ! -e w.0.0
'

test_expect_success 'an unknown --output-format is refused, naming it' '
	test_expect_code 2 "$VERIO" --output-format=json++ --name=j 2>err
	grep -F "json++" err
'

test_expect_success '--parse-only prints nothing for a good job file' '
	printf "[global]\nbs=4k\n[a]\nrw=randread:8\n[b]\nrw=write:4k\n" >good.fio
	"$VERIO" --parse-only good.fio >out 2>err
	test ! -s out
	test ! -s err
'

test_expect_success '--cmdhelp=bs describes bs' '
	"$VERIO" --cmdhelp=bs >out
	grep "^bs: " out
	grep "alias: *blocksize" out
	grep "default: *4k" out
'

test_expect_success '--cmdhelp lists every option' '
	"$VERIO" --cmdhelp >out
	grep "^  iodepth " out
	grep "^  rwmixread " out
'

test_expect_success '--cmdhelp of an unknown option exits 2' '
	test_expect_code 2 "$VERIO" --cmdhelp=bsize 2>err
	grep -F "did you mean '\''bs'\''?" err
'

test_expect_success '--enghelp lists the engines' '
	"$VERIO" --enghelp >out
	grep "psync" out
	grep "null" out
'

test_expect_success '--showcmd prints a job file as a command line' '
	cat >show.fio <<-\EOT
	; a comment
	[global]
	bs=4k   # trailing comment
	filename=/tmp/data file

	[writer]
	rw=write
	direct

	[reader]
	stonewall
	rw=randread
	EOT
	"$VERIO" --showcmd show.fio >out
	echo "verio --bs=4k --filename='\''/tmp/data file'\'' --name=writer --rw=write --direct --name=reader --stonewall --rw=randread" >expect
	test_cmp expect out
'

test_expect_success '--version prints verio-VERSION' '
	"$VERIO" --version >out
	grep -x "verio-[0-9][0-9a-z.+-]*" out
'

test_expect_success '--help prints the usage' '
	"$VERIO" --help >out
	grep "^usage: verio" out
'

test_done
