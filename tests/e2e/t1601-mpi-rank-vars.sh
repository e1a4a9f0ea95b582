#!/usr/bin/env bash
# t1601: verio-mpi's ${RANK}, ${NRANKS} and ${HOST}: a file a rank, each
# rank writing its own whole file (rank_split=auto: none); a job file bad
# on one rank only stops every rank before any I/O with the same status;
# one rank failing to lay out its file stops every rank at once, status 3.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-mpi.sh"

cat >own.fio <<'EOF'
[w]
filename=f.${NRANKS}.${HOST}.${RANK}
description=rank ${RANK} of ${NRANKS} on ${HOST}
size=4m
bs=4k
rw=write
verify=crc32c
EOF

test_expect_success 'a file a rank: each rank writes and verifies its whole file' '
	mpi_expect 4 0 --output-format=json own.fio >out.json 2>err
	for r in 0 1 2 3; do
		test "$(stat -c %s "f.4.$MPI_HOST.$r")" = 4194304
	done
	test "$(ls f.* | wc -l)" = 4
	mpi_py out.json "
host = args[0]
for r, x in enumerate(h):
    assert x[\"host\"] == host, x[\"host\"]
    jb = x[\"report\"][\"jobs\"][0]
    (t,) = jb[\"targets\"]
    want = (\"f.4.%s.%d\" % (host, r), 0, 4 << 20)
    assert (t[\"file\"], t[\"offset\"], t[\"length\"]) == want, (r, t)
    d = jb[\"job options\"][\"description\"]
    assert d == \"rank %d of 4 on %s\" % (r, host), d
    assert jb[\"read\"][\"io_bytes\"] == 4 << 20 and jb[\"verify\"][\"units\"] == 1024, r
    assert jb[\"verify\"][\"failures\"] == 0, jb[\"verify\"]
assert j[\"jobs\"][0][\"verify\"][\"units\"] == 4096, j[\"jobs\"][0][\"verify\"]
" "$MPI_HOST"
'

test_expect_success 'the same three on the command line, quoted past the shell' '
	mpi_expect 2 0 --output-format=json --name=c "--filename=c.\${NRANKS}.\${HOST}.\${RANK}" \
		--size=1m --bs=4k --rw=write --verify=crc32c >cmd.json 2>cmd.err
	test "$(stat -c %s "c.2.$MPI_HOST.0")" = 1048576
	test "$(stat -c %s "c.2.$MPI_HOST.1")" = 1048576
	! ls c.\$* 2>/dev/null
'

# Rank 2 includes a file with a bad bs=; the others a good one.
cat >bad.fio <<'EOF'
[w]
filename=f.${NRANKS}.${HOST}.${RANK}
include opts.${RANK}
size=4m
rw=write
verify=crc32c
EOF
for r in 0 1 3; do echo "bs=4k" >opts.$r; done
echo "bs=banana" >opts.2

test_expect_success 'a job file bad on rank 2 only: every rank exits 2, no I/O anywhere' '
	rm -rf rank*
	md5sum f.* >before
	touch -d @1000000000 f.*
	mpi_expect 4 2 --output-format=json bad.fio >bad.json 2>bad.err
	grep -q "^verio: job file .opts.2. line 1: option .bs.: invalid size .banana." bad.err
	md5sum -c --quiet before
	test "$(stat -c %Y f.* | sort -u)" = 1000000000
	! test -e rank0
	# no report: the run never started
	test ! -s bad.json
'

# Rank 2 cannot lay out its file; the others would write theirs for 10 s.
cat >nodir.fio <<'EOF'
[w]
filename=d.${RANK}/x
size=4m
bs=4k
rw=randwrite
verify=crc32c
time_based
runtime=10s
EOF

test_expect_success 'rank 2 cannot lay out its file: every rank stops and exits 3, rank 2 named' '
	rm -rf rank* f.*
	mkdir d.0 d.1 d.3
	mpi_expect 4 3 --output-format=json nodir.fio >nodir.json 2>nodir.err
	grep -q "cannot lay out .d.2/x.: No such file or directory" nodir.err
	grep -q "^verio-mpi: rank 2 on $MPI_HOST: a job failed, stopping every rank" nodir.err
	test "$(grep -c "^verio: interrupted (rank 2 on $MPI_HOST failed), jobs stopped" nodir.err)" = 3
	mpi_py nodir.json "
assert j[\"exit_status\"] == m[\"exit_status\"] == 3, (j[\"exit_status\"], m[\"exit_status\"])
for r, x in enumerate(h):
    jb = x[\"report\"][\"jobs\"][0]
    if r == 2:
        assert (x[\"exit_status\"], jb[\"write\"][\"io_bytes\"]) == (3, 0), x[\"exit_status\"]
    else:
        got = (x[\"exit_status\"], jb[\"interrupted\"], jb[\"job_runtime\"] < 5000)
        assert got == (4, True, True), (r, got, jb[\"job_runtime\"])
"
'

test_done
