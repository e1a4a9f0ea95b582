#!/usr/bin/env bash
# t1604: verio-mpi on a block device (as root, a 16 MiB loop device): 4
# ranks share it, a quarter each, direct random writes cross-verified: a
# clean run exits 0; a bit flipped in rank 1's quarter is found by rank 0,
# which verifies it, and every rank exits 1.
# shellcheck disable=SC2016,SC2317  # eval'd bodies use $dev; the clean-up
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-mpi.sh"
test_require_root
test_require_cmd losetup blockdev

dev=
cleanup() {
	[ -n "$dev" ] && losetup -d "$dev" 2>/dev/null
}
trap cleanup EXIT
truncate -s 16m backing.img
dev=$(loop_attach backing.img) || test_skip "no loop device"

cat >loop.fio <<EOF
[l]
filename=$dev
bs=4k
rw=randwrite
direct=1
verify=crc32c
ioengine=faulty
EOF
MPI_SETUP='rm -rf rank*'

test_expect_success 'a loop device shared by 4 ranks: exit 0, a quarter each' '
	mpi_expect 4 0 --cross-verify --output-format=json loop.fio >a.json 2>a.err
	mpi_py a.json "
assert [x[\"verified_rank\"] for x in h] == [1, 2, 3, 0]
for r, x in enumerate(h):
    jb = x[\"report\"][\"jobs\"][0]
    (t,) = jb[\"targets\"]
    assert (t[\"file\"], t[\"type\"], t[\"size\"]) == (args[0], \"block\", 16 << 20), t
    # the target is the quarter the rank wrote; its verify map the one it
    # checked, that of rank r + 1
    assert (t[\"offset\"], t[\"length\"]) == (r << 22, 4 << 20), (r, t)
    (vm,) = jb[\"verify\"][\"map\"]
    assert (vm[\"file\"], vm[\"offset\"], vm[\"length\"]) == (args[0], ((r + 1) % 4) << 22, 4 << 20), (r, vm)
    assert sum(vm[\"written\"]) == 1024, (r, sum(vm[\"written\"]))
    assert jb[\"verify\"][\"units\"] == 1024 and jb[\"verify\"][\"failures\"] == 0, (r, jb[\"verify\"])
assert j[\"exit_status\"] == 0 and j[\"jobs\"][0][\"verify\"][\"units\"] == 4096
" "$dev"
'

test_expect_success 'a flip in rank 1 quarter: found by rank 0, exit 1 everywhere' '
	mpi_expect 4 1 --cross-verify --output-format=json loop.fio \
		--faulty_rule="flip on=write offset=5m count=1 bit=40000" >b.json 2>b.err
	mpi_py b.json "
for r, x in enumerate(h):
    v = x[\"report\"][\"jobs\"][0][\"verify\"]
    assert v[\"failures\"] == (r == 0), (r, v[\"failures\"], v[\"incidents\"][:2])
    assert x[\"exit_status\"] == (1 if r == 0 else 0), (r, x[\"exit_status\"])
(i,) = h[0][\"report\"][\"jobs\"][0][\"verify\"][\"incidents\"]
assert (i[\"class\"], i[\"offset\"], i[\"file\"]) == (\"bit_flips\", 5 << 20, args[0]), i
assert (i[\"writer_rank\"], i[\"writer_host\"], i[\"host\"]) == (1, args[1], args[1]), i
assert j[\"exit_status\"] == m[\"exit_status\"] == 1
" "$dev" "$MPI_HOST"
'

test_done
