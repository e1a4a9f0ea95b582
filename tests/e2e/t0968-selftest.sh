#!/usr/bin/env bash
# t0968: `verio selftest` injects each fault and finds each reported
# right on this machine and build: one pass line per fault, exit 0, its
# scratch directory removed; over the async engines too; bad usage exit 2.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"

FAULTS="eio enospc short-read short-write drop misdirect tear flip-read flip-write delay"

test_expect_success 'selftest -d DIR: every fault passes, exit 0, nothing left behind' '
	mkdir scratch
	"$VERIO" selftest -d scratch >out
	for f in $FAULTS; do
		grep -qx "selftest: $(printf "%-12s" "$f") pass" out
	done
	test "$(grep -c " pass$" out)" = 10
	grep -qx "selftest: all 10 faults reported right (engine psync)" out
	test -z "$(ls -A scratch)"
'

test_expect_success 'selftest uses TMPDIR without -d' '
	mkdir tmp
	TMPDIR=$PWD/tmp "$VERIO" selftest >out
	test -z "$(ls -A tmp)"
	test ! -e w.0.verio-state
'

for e in $(async_engines); do
	test_expect_success "selftest -e $e" '
		"$VERIO" selftest -d . -e '"$e"' >out
		grep -qx "selftest: all 10 faults reported right (engine '"$e"')" out
	'
done

test_expect_success 'bad usage: exit 2' '
	test_expect_code 2 "$VERIO" selftest -e nope 2>err
	grep -qF "verio: selftest: -e '\''nope'\'': no such engine (see --enghelp)" err
	test_expect_code 2 "$VERIO" selftest -e faulty 2>err
	test_expect_code 2 "$VERIO" selftest extra 2>err
	grep -q "^usage: verio selftest" err
	test_expect_code 3 "$VERIO" selftest -d /nonexistent/dir 2>err
	grep -qF "verio: selftest: cannot make a scratch directory" err
	"$VERIO" help selftest >out
	grep -qF "verio selftest [-d DIR] [-e ENGINE]" out
'

test_done
