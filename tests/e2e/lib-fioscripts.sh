# lib-fioscripts.sh - the pass conditions of fio's own test scripts (t/ in
# fio's repository: verify.py, verify_state_save.py, numberio_overlap.py,
# readonly.py, run-fio-tests.py), as shell helpers for verio's own tests of
# them (t08NN). Source it after lib.sh. Written from what those scripts
# check, not from their code; docs/conformance.md says which script checks
# what.
#
# CONFORMANCE=1 (make conformance) runs the full matrices; without it each
# test runs a representative subset, to keep `make test` short.

# full_matrix: true when the full matrices are wanted.
full_matrix() {
	[ "${CONFORMANCE:-0}" = 1 ]
}

# have_option NAME: verio accepts the option NAME (--cmdhelp knows it and
# does not call it unsupported). Cases that need an option another branch
# adds are guarded by it, so they run once it lands.
have_option() {
	"$VERIO" --cmdhelp="$1" >/dev/null 2>&1
}

# fio_case DIR CMD...: run CMD in DIR (made fresh if missing) as fio's
# scripts do: stdout to DIR/stdout, stderr to DIR/stderr, the exit status
# to DIR/rc. Never fails itself.
fio_case() {
	local dir=$1 rc=0
	shift
	mkdir -p "$dir"
	(cd "$dir" && "$@" >stdout 2>stderr) || rc=$?
	echo "$rc" >"$dir/rc"
}

# case_ok DIR: fio's SUCCESS_DEFAULT: exit 0 and nothing on stderr.
case_ok() {
	local rc
	rc=$(cat "$1/rc")
	if [ "$rc" != 0 ] || [ -s "$1/stderr" ]; then
		echo "case $1: exit $rc, stderr:" >&2
		head -n 5 "$1/stderr" >&2
		return 1
	fi
}

# case_nonzero DIR: fio's SUCCESS_NONZERO: a non-zero exit (not a signal,
# not a sanitizer report) and something on stderr.
case_nonzero() {
	local rc
	rc=$(cat "$1/rc")
	case $rc in
	0|124|126|127|"$SANITIZER_EXIT") echo "case $1: exit $rc" >&2; return 1 ;;
	esac
	[ "$rc" -lt 128 ] || { echo "case $1: killed by signal" >&2; return 1; }
	[ -s "$1/stderr" ] || { echo "case $1: stderr is empty" >&2; return 1; }
}

# fio_json FILE: queue a check of FILE's report (what --output wrote): the
# python statements on stdin, with `d` bound to the report, `j` to its first
# job and `jobs` to its jobs by name, must not raise. The report is cut as
# fio's scripts cut it: from the first line that is exactly "{" to the last
# that is exactly "}". The checks run, in one python process (starting one
# per case is slow on a loaded machine), at fio_json_run.
fio_json() {
	local n
	mkdir -p "$PWD/.checks"
	# counted from the queue: fio_json may run in a pipeline's subshell
	n=$(($(find "$PWD/.checks" -name "*.py" | wc -l) + 1))
	printf '%s\n' "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" \
		>"$PWD/.checks/$n.path"
	cat >"$PWD/.checks/$n.py"
}

# fio_json_run: run the queued checks; fails, naming each failing report,
# if any fails. The queue is emptied.
fio_json_run() {
	local rc=0
	python3 - "$PWD/.checks" <<-'EOF' || rc=$?
	import json, os, sys
	q = sys.argv[1]
	names = sorted((int(n[:-3]) for n in os.listdir(q) if n.endswith(".py")))
	bad = 0
	for n in names:
	    path = open(os.path.join(q, "%d.path" % n)).read().strip()
	    code = open(os.path.join(q, "%d.py" % n)).read()
	    try:
	        lines = open(path).read().splitlines()
	        last = len(lines) - lines[::-1].index("}")
	        d = json.loads("\n".join(lines[lines.index("{"):last]))
	        jobs = {}
	        for jb in d["jobs"]:
	            jobs.setdefault(jb["jobname"], jb)
	        exec(code, {"d": d, "jobs": jobs, "j": d["jobs"][0]})
	    except Exception as e:
	        bad += 1
	        print("fio_json %s: %s: %s" % (path, type(e).__name__, e), file=sys.stderr)
	print("# %d report check(s), %d failed" % (len(names), bad))
	sys.exit(1 if bad else 0)
	EOF
	rm -rf "$PWD/.checks"
	return $rc
}

# ddirs_check DIRECTION...: fio's check_all_ddirs: the directions named are
# not empty (total_ios and the clat and lat sample counts not 0), the others
# are; python source to feed fio_json, for the first job.
ddirs_check() {
	cat <<-EOF
	want = set("$*".split())
	for dd in ("read", "write", "trim"):
	    x = j[dd]
	    empty = (x["total_ios"] == 0 and x["slat_ns"]["N"] == 0 and
	             x["clat_ns"]["N"] == 0 and x["lat_ns"]["N"] == 0)
	    assert empty != (dd in want), (dd, "empty" if empty else "not empty", want)
	EOF
}
