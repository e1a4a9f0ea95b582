#!/usr/bin/env bash
# run.sh - `make bench`: verio against fio on the same jobs and targets.
#
#   VERIO=/abs/verio SRCDIR=/abs/repo tests/bench/run.sh
#
# The rows, the knobs (BENCH_RUNS, BENCH_QUICK=1, BENCH_ROWS, BENCH_OUT,
# BENCH_RUNTIME, BENCH_SHM, BENCH_FIO, BENCH_TIMEOUT, BENCH_KEEP) and the
# output are described in tests/bench/bench.py and docs/bench.md. The
# markdown table goes to standard output, progress to standard error, the
# JSON results to $BENCH_OUT (default tests/bench/results.json).
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=${SRCDIR:-$(cd "$here/../.." && pwd)}
VERIO=${VERIO:-$SRCDIR/verio}
export SRCDIR VERIO

if ! command -v python3 >/dev/null 2>&1; then
	echo 'bench: python3 is needed' >&2
	exit 1
fi
exec python3 "$here/bench.py" "$@"
