#!/usr/bin/env bash
# run.sh - run the end-to-end tests, tests/e2e/tNNNN-*.sh, in name order.
#
#   tests/e2e/run.sh [PREFIX...]     e.g. run.sh t0010 t02
#
# Each test runs under bash, with a timeout, in a fresh scratch directory
# that is its working directory, with these in its environment:
#   VERIO   absolute path of the verio binary (default <root>/verio)
#   SRCDIR  the repository root
#   SHARED  <root>/../shared
# Exit 0 is a pass, 77 a skip, anything else a failure. Each test's output
# goes to build/e2e/<name>.log; the logs of failed tests are printed.
# Knobs: E2E_TIMEOUT (seconds, default 300), E2E_KEEP=1 (keep the scratch
# directory of a failed test).
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=$(cd "$here/../.." && pwd)
export SRCDIR
export VERIO=${VERIO:-$SRCDIR/verio}
export SHARED=${SHARED:-$(dirname "$SRCDIR")/shared}
timeout_s=${E2E_TIMEOUT:-300}
logdir=$SRCDIR/build/e2e
mkdir -p "$logdir" || exit 1

# Sanitizers exit 1 by default, which a test would take for verio's "data
# verification failed". Give their reports a status of their own, which
# lib.sh refuses as an expected failure.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86"

[ -x "$VERIO" ] || echo "warning: '$VERIO' is missing: run make first" >&2

# selected NAME: true if no prefixes were given or NAME starts with one.
selected() {
	local p
	(($# == 1)) && return 0
	for p in "${@:2}"; do
		[[ $1 == "$p"* ]] && return 0
	done
	return 1
}

pass=0 fail=0 skip=0
failed=()
for t in "$here"/t[0-9][0-9][0-9][0-9]-*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	selected "$name" "$@" || continue
	log=$logdir/$name.log
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/verio-$name.XXXXXX") || exit 1

	# timeout signals the whole process group, so verio dies with the test.
	(cd "$scratch" && exec timeout -k 10 "$timeout_s" bash "$t") \
		</dev/null >"$log" 2>&1
	rc=$?

	case $rc in
	0)   echo "ok $name"; pass=$((pass + 1)) ;;
	77)  why=$(sed -n 's/^# skip: //p' "$log" | tail -n 1)
	     echo "skip $name${why:+ ($why)}"; skip=$((skip + 1)) ;;
	124) echo "FAIL $name (timed out after ${timeout_s}s)" ;;
	*)   if ((rc > 128)); then echo "FAIL $name (killed by signal $((rc - 128)))"
	     else echo "FAIL $name (exit $rc)"; fi ;;
	esac
	if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
		fail=$((fail + 1))
		failed+=("$name")
		if [ "${E2E_KEEP:-}" = 1 ]; then
			echo "     scratch directory kept: $scratch"
			continue
		fi
	fi
	chmod -R u+rwx "$scratch" 2>/dev/null  # a test may leave read-only files
	rm -rf "$scratch"
done

for name in ${failed[@]+"${failed[@]}"}; do
	log=$logdir/$name.log
	echo
	echo "----- $name: last 200 lines of $log"
	tail -n 200 "$log"
done
((fail)) && echo
if (($# && pass + fail + skip == 0)); then
	echo "e2e: no test name starts with: $*"
	fail=1
fi
echo "e2e: $pass passed, $fail failed, $skip skipped"
((fail == 0))
