#!/usr/bin/env bash
# t0969: with a deliberately broken verifier check (the test build
# build/hooks/verio, VERIO_TEST_HOOKS, never the release binary), `verio
# selftest` fails, exit 1, naming the faults that were not reported right:
# the generation comparison skipped, a dropped write passes unseen and a
# misdirected write leaves only one of its two units reported.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"

HOOKED=$SRCDIR/build/hooks/verio
[ -x "$HOOKED" ] || { echo "missing $HOOKED: make build/hooks/verio (make test builds it)" >&2; exit 1; }

test_expect_success 'the hooked build without the break: selftest passes' '
	"$HOOKED" selftest -d . >out
	grep -qx "selftest: all 10 faults reported right (engine psync)" out
'

test_expect_success 'the generation check broken: exit 1, drop and misdirect named' '
	VERIO_TEST_BREAK=generation test_expect_code 1 "$HOOKED" selftest -d . >out 2>err
	grep -qx "selftest: drop         FAIL: exit status 0, wanted 1" out
	grep -qx "selftest: misdirect    FAIL: 1 units failed, wanted 2" out
	grep -qx "selftest: FAIL: 2 of 10 faults not reported right: drop, misdirect" out
	test "$(grep -c " pass$" out)" = 8
	# the job messages of the failing case are shown
	grep -qF "    | verio: job '\''misdirect'\'': verify failed at file" err
'

test_expect_success 'the release binary ignores the break' '
	VERIO_TEST_BREAK=generation "$VERIO" selftest -d . >out
	grep -qx "selftest: all 10 faults reported right (engine psync)" out
	! strings "$VERIO" | grep -q VERIO_TEST_BREAK
'

test_done
