#!/usr/bin/env bash
# run-fio-scripts.sh - run fio's own test scripts against a binary, as a fio
# user's CI would, and print how many cases of each passed.
#
#   tests/conformance/run-fio-scripts.sh BINARY FIO_SRC [SCRIPT...]
#
# BINARY is ./verio (or /usr/bin/fio, for the comparison); FIO_SRC a fio
# source checkout (its t/ is used as it is; nothing of it is copied here).
# SCRIPTs (default all): verify verify_state_save numberio_overlap readonly
# run-fio-tests (only the t/jobs/t00NN cases, ids 1-38, no C programs)
# latency_percentiles log_compression jsonplus2csv_test strided sequence.
# Artifacts go to a fresh directory under $TMPDIR (default /tmp), removed at
# the end unless KEEP=1. PYTHON picks the interpreter (run-fio-tests.py
# needs statsmodels: apt-get install python3-statsmodels). fio's scripts
# read FIO_SRC/config-host.h for CONFIG_LIBAIO: without one (an unbuilt
# checkout) their libaio cases are skipped.
# Prints one line per script: "SCRIPT: N passed, N failed, N skipped", and
# exits 1 if any case failed. LOGDIR=DIR keeps each script's log there.
set -u

if [ $# -lt 2 ]; then
	sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2
	exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd) || exit 2
shift 2
scripts=${*:-verify verify_state_save numberio_overlap readonly run-fio-tests latency_percentiles log_compression jsonplus2csv_test strided sequence}
py=${PYTHON:-python3}
[ -x "$bin" ] || { echo "run-fio-scripts: '$bin' is not executable" >&2; exit 2; }
[ -f "$src/t/verify.py" ] || { echo "run-fio-scripts: no t/verify.py in '$src'" >&2; exit 2; }
[ -f "$src/config-host.h" ] ||
	echo "run-fio-scripts: note: no $src/config-host.h: fio's scripts skip their libaio cases"

work=$(mktemp -d "${TMPDIR:-/tmp}/verio-conformance.XXXXXX") || exit 2
cleanup() {
	[ "${KEEP:-0}" = 1 ] && { echo "artifacts kept in $work"; return; }
	rm -rf "$work"
}
trap cleanup EXIT

# tally LOG: the "N test(s) passed, N failed, N skipped" of a script's last
# summary line (verify.py and verify_state_save.py print a total last);
# numberio_overlap.py prints one per engine, so those are summed.
tally() {
	awk '/^[0-9]+ tests?(\(s\))? passed, [0-9]+ failed/ {
		p[NR] = $1; f[NR] = $4 + 0; s[NR] = $6 + 0; n = NR }
		END { if (!n) { print "no summary"; exit }
		      print p[n] " passed, " f[n] " failed, " s[n] " skipped" }' "$1"
}
tally_sum() {
	awk '/^[0-9]+ tests?(\(s\))? passed, [0-9]+ failed/ {
		p += $1; f += $4; s += $6; n++ }
		END { if (!n) { print "no summary"; exit }
		      print p " passed, " f " failed, " s " skipped" }' "$1"
}

failed=0
for s in $scripts; do
	log=$work/$s.log
	art=$work/$s
	case $s in
	verify|verify_state_save|readonly|latency_percentiles|strided|sequence)
		(cd "$work" && "$py" "$src/t/$s.py" -f "$bin" -a "$art") >"$log" 2>&1 ;;
	log_compression)
		mkdir -p "$art" && (cd "$art" && "$py" "$src/t/$s.py" -f "$bin") >"$log" 2>&1 ;;
	jsonplus2csv_test)
		mkdir -p "$art" && (cd "$art" && "$py" "$src/t/$s.py" -f "$bin" \
			-s "$src/tools/fio_jsonplus_clat2csv") >"$log" 2>&1 ;;
	numberio_overlap)
		(cd "$work" && "$py" "$src/t/$s.py" -f "$bin" -a "$art" \
			--file "$work/numberio-overlap.dat") >"$log" 2>&1 ;;
	run-fio-tests)
		# shellcheck disable=SC2046
		(cd "$work" && "$py" "$src/t/run-fio-tests.py" -f "$bin" -a "$art" \
			-o $(seq 1 38)) >"$log" 2>&1 ;;
	*)
		echo "run-fio-scripts: unknown script '$s'" >&2
		exit 2 ;;
	esac
	rc=$?
	if [ $s = numberio_overlap ]; then t=$(tally_sum "$log"); else t=$(tally "$log"); fi
	echo "$s: $t (exit $rc)"
	grep "FAILED" "$log" | sed 's/^/    /' | head -n "${SHOW_FAILED:-0}"
	[ $rc -eq 0 ] || failed=1
	[ "${KEEP:-0}" = 1 ] || rm -rf "$art"   # large data files (run-fio-tests: GiBs)
	[ -z "${LOGDIR:-}" ] || cp "$log" "$LOGDIR/"
done
exit $failed
