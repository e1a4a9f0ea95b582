#!/usr/bin/env bash
# t1602: verio-mpi --cross-verify on 4 ranks sharing a 16 MiB file: rank r
# verifies the quarter rank r+1 wrote. A bit flipped in rank 3's quarter
# is found by rank 2, naming rank 3 the writer; a write of rank 3's
# misdirected into rank 1's quarter is found by rank 0 (misdirected, from
# 12m) and its lost block by rank 2 (zeroed); every rank exits 1. Without
# --cross-verify rank 3 finds its own flip.
# shellcheck disable=SC2016,SC2317  # eval'd bodies; helpers called from them
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-mpi.sh"

# Rank r starts r * 100 ms late: rank 1 has written the block at 4m when
# rank 3's first write is misdirected there, so it stays.
cat >x.fio <<'EOF'
[w]
filename=t.dat
size=16m
bs=4k
rw=write
verify=crc32c
ioengine=faulty
startdelay=${RANK}00ms
EOF
MPI_SETUP='rm -rf t.dat rank*'

# failures FILE RANK OFFSET:CLASS[:FOUND]: RANK's report alone has
# failures; exactly the ones given, in order, each written by rank 3 on
# this host (but a zeroed block: nobody's write) and found on this host;
# the summed job counts them; every host's status is in the report.
failures() {
	mpi_py "$1" "
host = \"$MPI_HOST\"
rank = int(args[0])
want = [a.split(\":\") for a in args[1:]]
for r, x in enumerate(h):
    v = x[\"report\"][\"jobs\"][0][\"verify\"]
    if r != rank:
        assert v[\"failures\"] == 0 and not v[\"incidents\"], (r, v[\"incidents\"])
        continue
    assert v[\"failures\"] == len(want), (r, v[\"failures\"])
    got = v[\"incidents\"]
    assert [(i[\"offset\"], i[\"class\"]) for i in got] == [(int(w[0]), w[1]) for w in want], got
    for i, w in zip(got, want):
        assert i[\"host\"] == host, i
        if w[1] == \"zeroed\":
            continue
        assert (i[\"writer_rank\"], i[\"writer_host\"]) == (3, host), i
        assert i[\"found_offset\"] == int(w[2] if len(w) > 2 else w[0]), i
assert j[\"jobs\"][0][\"verify\"][\"failures\"] == len(want), j[\"jobs\"][0][\"verify\"]
assert j[\"exit_status\"] == m[\"exit_status\"] == 1, j[\"exit_status\"]
" "${@:2}"
}

test_expect_success 'a clean run: exit 0, rank r verified rank r+1' '
	mpi_expect 4 0 --cross-verify --output-format=json x.fio >a.json 2>a.err
	mpi_py a.json "
assert m[\"cross_verify\"] == 1, m[\"cross_verify\"]
assert [x[\"verified_rank\"] for x in h] == [1, 2, 3, 0], [x[\"verified_rank\"] for x in h]
for x in h:
    assert x[\"exit_status\"] == 0 and x[\"report\"][\"jobs\"][0][\"verify\"][\"failures\"] == 0, x[\"rank\"]
    assert x[\"report\"][\"jobs\"][0][\"verify\"][\"units\"] == 1024, x[\"rank\"]
    assert x[\"run_id\"] == m[\"run_id_base\"] | x[\"rank\"], x
assert j[\"jobs\"][0][\"verify\"][\"units\"] == 4096
"
	test -f rank0/from1/w.0.verio-state
	test -f rank3/from0/w.0.verio-state
'

test_expect_success 'a bit flipped in rank 3 quarter: found by rank 2, exit 1 everywhere' '
	mpi_expect 4 1 --cross-verify --output-format=json x.fio \
		--faulty_rule="flip on=write offset=12m count=1 bit=40000" >b.json 2>b.err
	failures b.json 2 12582912:bit_flips
	mpi_py b.json "assert h[2][\"exit_status\"] == 1, h[2][\"exit_status\"]"
	grep -q "^verio-mpi: rank 2 on $MPI_HOST ended with status 1" b.err
'

test_expect_success 'rank 3 write misdirected to 4m: rank 0 finds it, rank 2 the lost block' '
	mpi_expect 4 1 --cross-verify --output-format=json x.fio \
		--faulty_rule="misdirect offset=12m to=4m count=1" >c.json 2>c.err
	# each finder alone
	mpi_py c.json "
for r, x in enumerate(h):
    v = x[\"report\"][\"jobs\"][0][\"verify\"]
    assert v[\"failures\"] == (1 if r in (0, 2) else 0), (r, v[\"failures\"], v[\"incidents\"])
    assert x[\"exit_status\"] == (1 if r in (0, 2) else 0), (r, x[\"exit_status\"])
(i,) = h[0][\"report\"][\"jobs\"][0][\"verify\"][\"incidents\"]
assert (i[\"class\"], i[\"offset\"], i[\"found_offset\"]) == (\"misdirected\", 4194304, 12582912), i
assert (i[\"writer_rank\"], i[\"writer_host\"], i[\"host\"]) == (3, \"$MPI_HOST\", \"$MPI_HOST\"), i
(i,) = h[2][\"report\"][\"jobs\"][0][\"verify\"][\"incidents\"]
assert (i[\"class\"], i[\"offset\"], i[\"host\"]) == (\"zeroed\", 12582912, \"$MPI_HOST\"), i
assert j[\"jobs\"][0][\"verify\"][\"failures\"] == 2
assert j[\"exit_status\"] == m[\"exit_status\"] == 1
"
'

test_expect_success 'without --cross-verify: rank 3 finds its own flip' '
	mpi_expect 4 1 --output-format=json x.fio \
		--faulty_rule="flip on=write offset=12m count=1 bit=40000" >d.json 2>d.err
	failures d.json 3 12582912:bit_flips
	mpi_py d.json "assert [x[\"verified_rank\"] for x in h] == [0, 1, 2, 3] and m[\"cross_verify\"] == 0"
'

test_done
