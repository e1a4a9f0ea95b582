# lib.sh - helpers for end-to-end tests, in the style of git's t/README.
#
# A test is tests/e2e/tNNNN-<area>-<detail>.sh, run by tests/e2e/run.sh
# in a fresh scratch directory (its working directory), with VERIO (the
# binary), SRCDIR (the repository root) and SHARED (../shared) set:
#
#	#!/usr/bin/env bash
#	# t0100: a sequential write is verified when read back.
#	. "$SRCDIR/tests/e2e/lib.sh"
#	test_require_cmd python3
#
#	test_expect_success 'write then verify 1 MiB' '
#		"$VERIO" --name=w --filename=f --size=1m --rw=write --verify=crc32c \
#			--output-format=json >out.json
#		test "$(json_get out.json "j[\"jobs\"][0][\"error\"]")" = 0
#	'
#	test_done
#
# Each body runs in a subshell with `set -e`: any failing command fails the
# expectation. `! cmd` does not trip set -e, so assert failures with
# test_must_fail or test_expect_code. Do not `set -e` in the test itself.
# Skips (test_skip, test_require_*) belong at the top level, not in bodies.

if [ -z "${VERIO:-}" ] || [ -z "${SRCDIR:-}" ]; then
	echo "run e2e tests through tests/e2e/run.sh (run.sh tNNNN runs one)" >&2
	exit 1
fi

# Status of a sanitizer report (set by run.sh): never an expected failure.
SANITIZER_EXIT=86

test_count=0
test_failed=0

# test_expect_success DESC BODY: run BODY, report "ok N" or "not ok N".
test_expect_success() {
	local rc
	test_count=$((test_count + 1))
	# A plain statement, not `if (...)` or `(...) ||`: bash ignores set -e
	# in a condition, and in every subshell started as one.
	(set -e; eval "$2")
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1 (exit $rc)"
		printf '%s\n' "$2" | sed 's/^/#	/'
		test_failed=$((test_failed + 1))
	fi
}

# test_must_fail CMD...: CMD must exit non-zero, but not by a signal, a
# timeout (124), a missing command (126/127) or a sanitizer report.
test_must_fail() {
	local rc=0
	"$@" || rc=$?
	case $rc in
	0)   echo "test_must_fail: command succeeded: $*" >&2 ;;
	124) echo "test_must_fail: command timed out: $*" >&2 ;;
	126|127) echo "test_must_fail: command could not run: $*" >&2 ;;
	"$SANITIZER_EXIT") echo "test_must_fail: sanitizer report: $*" >&2 ;;
	*)   if [ $rc -gt 128 ]; then
		     echo "test_must_fail: killed by signal $((rc - 128)): $*" >&2
	     else
		     return 0
	     fi ;;
	esac
	return 1
}

# test_expect_code N CMD...: CMD must exit with status N exactly.
test_expect_code() {
	local want=$1 rc=0
	shift
	"$@" || rc=$?
	[ "$rc" -eq "$want" ] && return 0
	echo "test_expect_code: wanted exit $want, got $rc: $*" >&2
	return 1
}

# test_cmp EXPECTED ACTUAL: the files are identical (a diff if not).
test_cmp() {
	diff -u "$1" "$2"
}

# test_skip REASON: skip the whole test script.
test_skip() {
	echo "# skip: $*"
	exit 77
}

test_require_root() {
	[ "$(id -u)" -eq 0 ] || test_skip "needs root"
}

# test_require_cmd NAME...: skip unless every NAME is an available command.
# test_require_jansson: skip unless verio was built with jansson, which
# `verio report` and --output-format=html need.
test_require_jansson() {
	grep -q '^#define CONFIG_JANSSON 1' "$SRCDIR/config-host.h" ||
		test_skip "verio built without jansson"
}

test_require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || test_skip "needs '$c'"
	done
}

# loop_attach FILE: a free loop device over FILE, its name on stdout. Its
# buffer cache is dropped first: a loop device reused right after another
# test's may still show that test's blocks (a stale ext4 superblock made
# verio refuse the device in CI).
loop_attach() {
	local d
	d=$(losetup -f --show "$1" 2>/dev/null) || return 1
	blockdev --flushbufs "$d" 2>/dev/null
	echo "$d"
}

# json_get FILE EXPR: evaluate the python expression EXPR with the parsed
# JSON of FILE bound to j, and print the result: strings as they are,
# anything else as JSON (so true, null, 4096, [1, 2]).
#	json_get out.json "j['jobs'][0]['write']['io_bytes']"
json_get() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
with open(sys.argv[1]) as f:
    j = json.load(f)
r = eval(sys.argv[2], {"j": j})
print(r if isinstance(r, str) else json.dumps(r))
EOF
}

# test_done: print the tally; the script's status is 1 if anything failed.
test_done() {
	if [ "$test_failed" -eq 0 ]; then
		echo "# passed all $test_count test(s)"
		exit 0
	fi
	echo "# failed $test_failed among $test_count test(s)"
	exit 1
}

# traced STRACE-ARGS...: strace with LeakSanitizer off: it cannot work under
# ptrace, and a sanitized verio would fail on that alone (exit 86).
traced() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace "$@"
}
