#!/usr/bin/env bash
# t1111: fio's output flags on the command line: --eta=always into a file
# writes whole lines (no endless '\r' line), --eta-newline keeps a line on
# a terminal, --terse-version (3 only), --append-terse; fio's flags verio
# does not take are refused as fio's, before anything runs.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"

null="--name=n --ioengine=null --size=100g --bs=4k --rw=read"

test_expect_success '--eta=always into a file: one line per update, no carriage return' '
	"$VERIO" $null --runtime=2 --time_based --eta=always --eta-interval=250ms \
		>rep.txt 2>eta.txt
	test "$(grep -c "^Jobs: .*\]$" eta.txt)" -ge 2
	test "$(grep -vc "^Jobs: " eta.txt)" = 0
	! grep -q "$(printf "\r")" eta.txt
	grep -q "^Run status group 0" rep.txt
'

# On a terminal ('\''script'\'' gives one), lines overwrite each other ('\r')
# and --eta-newline keeps one every period. The pty turns '\n' into '\r\n'.
if command -v script >/dev/null 2>&1; then
	test_expect_success '--eta-newline on a terminal keeps a line every period' '
		script -qec "\"$VERIO\" $null --runtime=3 --time_based --eta-interval=250ms \
			--eta-newline=1 --output=rep.txt" /dev/null >tty.out
		test "$(tr -d "\r" <tty.out | grep -c "^Jobs: ")" -ge 2
		grep -q "$(printf "\r")Jobs: " tty.out
	'
	test_expect_success 'without --eta-newline the line is overwritten' '
		script -qec "\"$VERIO\" $null --runtime=2 --time_based --eta-interval=250ms \
			--output=rep.txt" /dev/null >tty.out
		test "$(grep -c "Jobs: " tty.out)" = 1
		test "$(tr "\r" "\n" <tty.out | grep -c "^Jobs: ")" -ge 2
	'
fi

small="--name=s --ioengine=null --size=1m --bs=4k"

test_expect_success '--terse-version=3 is verio'"'"'s terse' '
	"$VERIO" $small --output-format=terse --terse-version=3 >t.txt
	test "$(cut -d";" -f1,3 t.txt)" = "3;s"
	cut -d";" -f2 t.txt | grep -q "^verio-"
'

for v in 2 4 5; do
	test_expect_success "--terse-version=$v is refused (verio writes 3)" '
		test_expect_code 2 "$VERIO" $small --output-format=terse --terse-version='$v' >out 2>err
		test ! -s out
		grep -qF "verio: --terse-version='$v': verio writes terse version 3 only" err
	'
done

# fio prints terse before the text report (its order: terse, JSON, normal).
test_expect_success '--append-terse adds the terse line to the normal report' '
	"$VERIO" $small --append-terse >a.txt
	grep -q "^Run status group 0" a.txt
	test "$(grep ";" a.txt | cut -d";" -f1,3)" = "3;s"
	sed -n "/^3;/,\$p" a.txt | grep -q "^s: (groupid=0, jobs=1)"
'

for f in --client=host --server --daemonize=pid --debug=io --remote-config=j.fio \
	--idle-prof=system --latency-log --alloc-size=1024; do
	name=${f%%=*}
	test_expect_success "fio's $name is refused as fio's, before any I/O" '
		test_expect_code 2 "$VERIO" '$f' --name=w --filename=w.dat --size=64k \
			--rw=write >out 2>err
		test ! -e w.dat
		test ! -s out
		test "$(cat err)" = "verio: option '"'$name'"' is a fio option verio does not support (see docs/unsupported-fio-options.md)"
		grep -qF "| \`'$name'\`" "$SRCDIR/docs/unsupported-fio-options.md"
	'
done

test_done
