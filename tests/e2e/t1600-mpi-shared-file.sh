#!/usr/bin/env bash
# t1600: verio-mpi, one job file on 4 ranks sharing one 16 MiB file
# (rank_split=auto: each rank its quarter): every rank and mpirun exit 0;
# the JSON report sums the ranks' jobs and keeps each rank's own report
# with its quarter as its target; the normal report has a section a rank
# and one for all; terse has a line a job; a stonewall holds across ranks.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-mpi.sh"

cat >shared.fio <<EOF
[w]
filename=t.dat
size=16m
bs=4k
rw=randwrite
verify=crc32c
EOF

test_expect_success 'shared file: exit 0 on every rank, sums and quarters in the JSON' '
	mpi_expect 4 0 --output-format=json shared.fio >out.json 2>err
	mpi_py out.json "
MiB = 1 << 20
assert m[\"ranks\"] == 4 and m[\"cross_verify\"] == 0, m
assert j[\"exit_status\"] == m[\"exit_status\"] == 0, (j[\"exit_status\"], m[\"exit_status\"])
jb = j[\"jobs\"][0]
mine = [x[\"report\"][\"jobs\"][0] for x in h]
per = [x[\"read\"][\"io_bytes\"] for x in mine]
assert jb[\"read\"][\"io_bytes\"] == sum(per) == 16 * MiB, (jb[\"read\"][\"io_bytes\"], per)
per = [x[\"verify\"][\"units\"] for x in mine]
assert jb[\"verify\"][\"units\"] == sum(per) == 4096, (jb[\"verify\"][\"units\"], per)
assert jb[\"verify\"][\"failures\"] == 0, jb[\"verify\"]
for r, x in enumerate(h):
    assert x[\"exit_status\"] == x[\"report\"][\"exit_status\"] == 0, x[\"exit_status\"]
    assert x[\"verified_rank\"] == r, x[\"verified_rank\"]
    (t,) = x[\"report\"][\"jobs\"][0][\"targets\"]
    assert (t[\"file\"], t[\"offset\"], t[\"length\"]) == (\"t.dat\", r * 4 * MiB, 4 * MiB), (r, t)
"
	test "$(stat -c %s t.dat)" = 16777216
	test -f rank3/w.0.verio-state
'

# The write pass writes each quarter once; the verify pass (verify_only)
# writes nothing.
test_expect_success 'the writes: each rank wrote its quarter once, 16 MiB in all' '
	mpi_py out.json "
jb = j[\"jobs\"][0]
per = [x[\"report\"][\"jobs\"][0][\"write\"][\"io_bytes\"] for x in h]
assert per == [4 << 20] * 4, per
assert jb[\"write\"][\"io_bytes\"] == 16 << 20, jb[\"write\"][\"io_bytes\"]
per = [x[\"report\"][\"jobs\"][0][\"write\"][\"total_ios\"] for x in h]
assert per == [1024] * 4, per
"
'

test_expect_success 'the normal report: a section a rank, then all 4' '
	rm -rf t.dat rank*
	mpi_expect 4 0 shared.fio >out.txt 2>err
	for r in 0 1 2 3; do
		test "$(grep -c "^verio-mpi: rank $r on $MPI_HOST" out.txt)" = 1
	done
	test "$(grep -c "^verio-mpi: rank" out.txt)" = 4
	test "$(grep -c "^verio-mpi: all 4 ranks" out.txt)" = 1
	# the sum comes last
	test "$(grep "^verio-mpi: " out.txt | tail -n 1)" = "verio-mpi: all 4 ranks"
'

test_expect_success 'terse: one line a job (the sums only)' '
	rm -rf t.dat rank*
	mpi_expect 4 0 --output-format=terse shared.fio >out.terse 2>err
	test "$(wc -l <out.terse)" = 1
	cat shared.fio - >two.fio <<-EOF
	[r]
	stonewall
	filename=t.dat
	size=16m
	bs=4k
	rw=read
	EOF
	rm -rf t.dat rank*
	mpi_expect 4 0 --output-format=terse two.fio >two.terse 2>err
	test "$(wc -l <two.terse)" = 2
	! grep -q "verio-mpi: rank" two.terse
'

# Each rank writes a file of its own at 4 MiB/s, rank r 1.r MiB: rank 3
# ends last, ~75 ms after rank 0; the stonewalled reader waits for it.
cat >wall.fio <<EOF
[global]
filename=s.\${RANK}
bs=4k
rate=4m
size=1\${RANK}00k

[a]
rw=write

[b]
stonewall
rw=read
EOF

test_expect_success 'stonewall: no rank starts the second job before all ended the first' '
	mpi_expect 4 0 --output-format=json wall.fio >wall.json 2>err
	mpi_py wall.json "
a = [x[\"report\"][\"jobs\"][0] for x in h]
b = [x[\"report\"][\"jobs\"][1] for x in h]
assert [x[\"jobname\"] for x in a + b] == [\"a\"] * 4 + [\"b\"] * 4
ends = [x[\"job_start\"] + x[\"job_runtime\"] for x in a]
assert max(ends) - min(ends) >= 40, (\"ranks ended together\", ends)
for x in b:
    assert x[\"job_start\"] + 3 >= max(ends), (x[\"job_start\"], ends)
"
'

test_done
