#!/usr/bin/env bash
# t0102: `verio <command>` dispatch (run, crctest, io, inspect, help), the
# --crctest alias, and that a first word naming no command is still a job
# file or an option, as with fio.
. "$SRCDIR/tests/e2e/lib.sh"

# crctest figures vary from run to run: compare the lines without them.
no_figures() {
	sed 's/[0-9][0-9]*\.[0-9][0-9]*/N/g' "$1" | tr -s " "
}

test_expect_success 'run is the explicit form of the default' '
	printf "[j]\nioengine=null\nsize=64k\nrw=write\n" >j.fio
	"$VERIO" --output-format=terse j.fio >implicit
	"$VERIO" run --output-format=terse j.fio >explicit
	cut -d";" -f1-5 implicit >a
	cut -d";" -f1-5 explicit >b
	test_cmp a b
	test -s a
'

test_expect_success 'run --help is --help' '
	"$VERIO" --help >a
	"$VERIO" run --help >b
	test_cmp a b
'

test_expect_success 'run: usage errors still exit 2' '
	test_expect_code 2 "$VERIO" run 2>err
	grep -qF "verio: no jobs to run" err
	test_expect_code 2 "$VERIO" run --outptu=x --name=j 2>err
	grep -qF "did you mean '\''--output'\''?" err
'

test_expect_success 'crctest ALGO prints what --crctest=ALGO prints' '
	"$VERIO" crctest crc32c >cmd.out
	"$VERIO" --crctest=crc32c >alias.out
	no_figures cmd.out >a
	no_figures alias.out >b
	test_cmp a b
	grep -q "^crc32c " a
'

test_expect_success 'crctest: an unknown checksum exits 2, as the alias does' '
	test_expect_code 2 "$VERIO" crctest nope 2>a
	test_expect_code 2 "$VERIO" --crctest=nope 2>b
	test_cmp a b
	echo "verio: unknown checksum '\''nope'\'' (see '\''verio --cmdhelp=verify'\'')" >expect
	test_cmp expect a
	test_expect_code 2 "$VERIO" crctest crc32c xxh64 2>err
	grep -qF "verio: crctest takes one checksum name at most" err
'

test_expect_success 'io cannot open a missing target (3); inspect a missing dump (2)' '
	test_expect_code 3 "$VERIO" io target >out 2>err
	echo "verio: can'\''t open device target: Could not open '\''target'\'': No such file or directory" >expect
	test_cmp expect err
	test ! -s out
	test_expect_code 2 "$VERIO" inspect x >out 2>err
	echo "verio: inspect: cannot read '\''x'\'': No such file or directory" >expect
	test_cmp expect err
	test ! -s out
'

test_expect_success 'inspect is a command, never a job file named inspect' '
	printf "[j]\nioengine=null\nsize=64k\n" >inspect
	test_expect_code 2 "$VERIO" inspect >out 2>err
	echo "verio: inspect: nothing to inspect: give a dump, a bundle or --target" >expect
	head -1 err >first
	test_cmp expect first
	test ! -s out
'

test_expect_success 'a first word that names no command is a job file' '
	printf "[j]\nioengine=null\nsize=64k\nrw=write\n" >runner
	"$VERIO" --output-format=terse runner >out
	grep -q "^3;verio-[^;]*;j;0;0;" out
	test_expect_code 2 "$VERIO" no-such-command 2>err
	grep -qF "verio: cannot open job file '\''no-such-command'\''" err
'

test_expect_success 'a job file named like a command runs as ./NAME or after --' '
	printf "[j]\nioengine=null\nsize=64k\nrw=write\n" >help
	"$VERIO" --output-format=terse ./help >out
	grep -q "^3;verio-[^;]*;j;0;0;" out
	"$VERIO" --output-format=terse -- help >out
	grep -q "^3;verio-[^;]*;j;0;0;" out
'

test_expect_success 'help lists every command with its usage line' '
	"$VERIO" help >out
	grep -q "^usage: verio <command>" out
	for c in "[run]" crctest io inspect help; do
		grep -qF "  verio $c " out
	done
	"$VERIO" help crctest >out
	grep -qx "usage: verio crctest \[ALGO\]" out
	test_expect_code 2 "$VERIO" help nope 2>err
	echo "verio: unknown command '\''nope'\'' (see '\''verio help'\'')" >expect
	test_cmp expect err
'

test_expect_success '--help prints the run options, then the commands' '
	"$VERIO" --help >out
	head -n 1 out >first
	echo "usage: verio [options] [jobfile]..." >expect
	test_cmp expect first
	grep -q "^Commands:" out
	grep -qF "  verio crctest [ALGO]" out
	"$VERIO" help >h
	sed -n "/^Commands:/,/^$/p" h | sed "/^$/d" >a
	sed -n "/^Commands:/,\$p" out >b
	test_cmp a b
'

test_done
