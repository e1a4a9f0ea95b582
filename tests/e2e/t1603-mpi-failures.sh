#!/usr/bin/env bash
# t1603: one rank's failure stops verio-mpi's every rank with one status:
# an I/O error on rank 1 (3, the others interrupted, every rank's verify
# state saved), a verification failure under verify_fatal=1 on rank 0 (1,
# the others stopped before verifying), and a rank killed with SIGKILL
# (mpirun fails within seconds; the others save their verify state).
# shellcheck disable=SC2016,SC2317  # eval'd bodies; helpers called from them
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-mpi.sh"

# 30 s of random writes over a shared 16 MiB file, a quarter a rank.
cat >long.fio <<'EOF'
[w]
filename=t.dat
size=16m
bs=4k
rw=randwrite
verify=crc32c
ioengine=faulty
time_based
runtime=30s
EOF
MPI_SETUP='rm -rf t.dat rank*'

test_expect_success 'an I/O error on rank 1: every rank exits 3, the others interrupted' '
	mpi_expect 4 3 --output-format=json long.fio \
		--faulty_rule="eio on=write offset=4m count=1" >e.json 2>e.err
	grep -q "^verio-mpi: rank 1 on $MPI_HOST: a job failed, stopping every rank" e.err
	grep -q "^verio: job .w.: write error on .t.dat. at offset 4194304, length 4096: Input/output error" e.err
	test "$(grep -c "^verio: interrupted (rank 1 on $MPI_HOST failed), jobs stopped" e.err)" = 3
	for r in 0 1 2 3; do
		test -s rank$r/w.0.verio-state
	done
	mpi_py e.json "
assert j[\"exit_status\"] == m[\"exit_status\"] == 3, (j[\"exit_status\"], m[\"exit_status\"])
assert j[\"interrupted\"] is True
for r, x in enumerate(h):
    jb = x[\"report\"][\"jobs\"][0]
    want = (3, 5, False) if r == 1 else (4, 0, True)
    assert (x[\"exit_status\"], jb[\"error\"], jb[\"interrupted\"]) == want, (r, x[\"exit_status\"], jb[\"error\"])
    why = \"a job of this rank failed\" if r == 1 else \"rank 1 on %s failed\" % args[0]
    assert x[\"report\"][\"interrupt_reason\"] == why, (r, x[\"report\"].get(\"interrupt_reason\"))
    assert jb[\"job_runtime\"] < 20000, (r, jb[\"job_runtime\"])
    assert jb[\"verify\"][\"units\"] == 0, (r, jb[\"verify\"])
" "$MPI_HOST"
'

# Rank r waits r s before each pass: rank 0 finds the flip in its
# quarter first, while the others have not started verifying.
cat >fatal.fio <<'EOF'
[w]
filename=t.dat
size=16m
bs=4k
rw=write
verify=crc32c
verify_fatal=1
ioengine=faulty
startdelay=${RANK}s
EOF

test_expect_success 'verify_fatal=1, a flip in rank 0 quarter: every rank stops, exit 1' '
	mpi_expect 4 1 --output-format=json fatal.fio \
		--faulty_rule="flip on=write offset=0 count=1 bit=40000" >f.json 2>f.err
	grep -q "^verio-mpi: rank 0 on $MPI_HOST: a job failed, stopping every rank" f.err
	test "$(grep -c "^verio: interrupted (rank 0 on $MPI_HOST failed), jobs stopped" f.err)" = 3
	mpi_py f.json "
assert j[\"exit_status\"] == m[\"exit_status\"] == 1, (j[\"exit_status\"], m[\"exit_status\"])
for r, x in enumerate(h):
    jb = x[\"report\"][\"jobs\"][0]
    v = jb[\"verify\"]
    if r == 0:
        assert (x[\"exit_status\"], jb[\"error\"], v[\"failures\"]) == (1, 84, 1), (x[\"exit_status\"], v)
        (i,) = v[\"incidents\"]
        assert (i[\"class\"], i[\"offset\"]) == (\"bit_flips\", 0), i
    else:
        assert (x[\"exit_status\"], jb[\"interrupted\"]) == (4, True), (r, x[\"exit_status\"])
        assert (v[\"units\"], v[\"failures\"], v[\"units_expected\"]) == (0, 0, 1024), (r, v)
        # the reason outlives the verify pass
        why = x[\"report\"].get(\"interrupt_reason\")
        assert why == \"rank 0 on %s failed\" % args[0], (r, why)
" "$MPI_HOST"
'

sed "/ioengine/d" long.fio >kill.fio

# A rank's verio-mpi pids, rank order (the job file's path is this test's).
rank_pids() {
	local p
	for p in $(pgrep -f "^$VERIO_MPI .*$PWD/kill.fio"); do
		echo "$(tr "\0" "\n" <"/proc/$p/environ" | sed -n "s/^OMPI_COMM_WORLD_RANK=//p") $p"
	done | sort -n | cut -d" " -f2
}

test_expect_success 'rank 2 killed with SIGKILL: mpirun fails within seconds, the others save their state' '
	rm -rf t.dat rank*
	mpi_run 4 --output-format=json "$PWD/kill.fio" >k.json 2>k.err &
	mp=$!
	sleep 2
	pids=($(rank_pids))
	test ${#pids[@]} = 4
	kill -9 "${pids[2]}"
	t0=$(date +%s)
	rc=0
	wait $mp || rc=$?
	t1=$(date +%s)
	echo "mpirun exited $rc after $((t1 - t0)) s"
	test $rc -ne 0 && test $rc -ne 124
	test $((t1 - t0)) -le 10
	for r in 0 1 3; do
		test -s rank$r/w.0.verio-state
	done
'

test_done
