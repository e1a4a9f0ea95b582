# lib-mpi.sh - helpers for the tests of verio-mpi (t16NN-mpi-*): run one
# job file on NP MPI ranks of this host, see each rank's own exit status,
# and read the "mpi" object of the JSON report. Source it after lib.sh;
# it skips the test when verio-mpi was not built or mpirun is missing.
# shellcheck disable=SC2034  # VERIO_MPI and MPI_HOST are for the tests

VERIO_MPI=$(dirname "$VERIO")/verio-mpi
[ -x "$VERIO_MPI" ] || test_skip "verio-mpi not built (configure found no MPI)"
test_require_cmd mpirun python3

# Open MPI's own allocations live to the end: not verio's leaks, and
# lsan-mpi.supp names its libraries. Two things make those names visible
# to LeakSanitizer: the components (mca_*.so) stay loaded at MPI_Finalize
# (else their frames are "<unknown module>"), and stacks are unwound the
# slow way (Open MPI is built without frame pointers, so the fast unwinder
# stops at its first frame). verio-mpi's own leaks are still reported.
export OMPI_MCA_mca_base_component_disable_dlclose=1
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$SRCDIR/tests/e2e/lsan-mpi.supp:fast_unwind_on_malloc=0"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS-}"
MPI_HOST=$(hostname)
MPI_TIMEOUT=${MPI_TIMEOUT:-90}

# mpi_run NP [ARG...]: verio-mpi ARGs on NP ranks, its exit status mpirun's.
mpi_run() {
	local np=$1
	shift
	timeout -k 5 "$MPI_TIMEOUT" mpirun --allow-run-as-root --oversubscribe -np "$np" \
		-x LSAN_OPTIONS -x ASAN_OPTIONS -x UBSAN_OPTIONS -x OMPI_MCA_mca_base_component_disable_dlclose "$VERIO_MPI" "$@"
}

# mpi_run_rc NP DIR [ARG...]: mpi_run, each rank writing its own exit
# status in DIR/rc.R as it ends and its pid in DIR/pid.R as it starts.
# By default mpirun kills the other ranks as soon as one exits non-zero
# (before they can end with the same status); MPI_KEEP_RANKS=1 lets every
# rank end by itself, but then Open MPI 4's mpirun exits 0 whatever the
# ranks did.
mpi_run_rc() {
	local np=$1 dir=$2 keep=()
	shift 2
	[ "${MPI_KEEP_RANKS:-}" = 1 ] && keep=(--mca orte_abort_on_non_zero_status 0)
	rm -f "$dir"/rc.* "$dir"/pid.*
	# shellcheck disable=SC2016  # expanded by each rank's shell
	timeout -k 5 "$MPI_TIMEOUT" mpirun --allow-run-as-root --oversubscribe -np "$np" "${keep[@]}" \
		-x LSAN_OPTIONS -x ASAN_OPTIONS -x UBSAN_OPTIONS -x OMPI_MCA_mca_base_component_disable_dlclose \
		sh -c 'd=$1; shift; r=$OMPI_COMM_WORLD_RANK
		       sh -c "echo \$\$ >$d/pid.$r; exec \"\$@\"" sh "$@"
		       rc=$?; echo $rc >"$d/rc.$r"; exit $rc' sh "$dir" "$VERIO_MPI" "$@"
}

# mpi_rcs DIR NP CODE: every one of the NP ranks exited with CODE.
mpi_rcs() {
	local r got ok=0
	for ((r = 0; r < $2; r++)); do
		got=$(cat "$1/rc.$r" 2>/dev/null) || got=missing
		if [ "$got" != "$3" ]; then
			echo "mpi_rcs: rank $r exited $got, wanted $3" >&2
			ok=1
		fi
	done
	return $ok
}

# mpi_expect NP CODE [ARG...]: verio-mpi ARGs on NP ranks in the working
# directory: mpirun exits CODE, and so does every rank by itself. For a
# CODE other than 0 that takes two runs (see mpi_run_rc): mpirun's status
# from the first (its output in mpi-first.out and .err), each rank's from
# the second, whose output the caller gets. MPI_SETUP, when set, is run
# (eval'd) before each run, e.g. to remove the files the first wrote.
mpi_expect() {
	local np=$1 code=$2
	shift 2
	eval "${MPI_SETUP:-}"
	if [ "$code" -ne 0 ]; then
		test_expect_code "$code" mpi_run_rc "$np" "$PWD" "$@" \
			>mpi-first.out 2>mpi-first.err || return 1
		eval "${MPI_SETUP:-}"
		MPI_KEEP_RANKS=1 mpi_run_rc "$np" "$PWD" "$@"
	else
		test_expect_code 0 mpi_run_rc "$np" "$PWD" "$@" || return 1
	fi
	mpi_rcs "$PWD" "$np" "$code"
}

# mpi_py FILE SCRIPT [ARG...]: the python SCRIPT with j the report of FILE,
# m its "mpi" object, h its hosts in rank order, args the ARGs.
mpi_py() {
	python3 - "$@" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
m = j["mpi"]
h = sorted(m["hosts"], key=lambda x: x["rank"])
assert [x["rank"] for x in h] == list(range(m["ranks"])), [x["rank"] for x in m["hosts"]]
exec(sys.argv[2], {"j": j, "m": m, "h": h, "args": sys.argv[3:]})
PY
}
