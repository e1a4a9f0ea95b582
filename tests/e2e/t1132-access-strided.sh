#!/usr/bin/env bash
# t1132: zonemode=strided with zonesize, zonerange, zoneskip: the pass
# conditions of fio's t/strided.py on verio's write_iolog (every offset in
# the zone of its turn; with the random map or the lfsr, each zonerange
# bytes of a zone touch every block of it once), a strided write that
# verifies, and the errors (exit 2): zonesize without zonemode=strided,
# zonemode=strided without zonesize, zonemode=zbd.
# shellcheck disable=SC2016,SC2086  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

K=1024
M=$((1024 * 1024))

# strided ZONERANGE ZONESIZE SIZE IO_SIZE OFFSET UNIQUE [OPTION...]: a
# null-engine randread of bs=4k, its iolog checked as t/strided.py checks
# fio's iops log (UNIQUE 1: no block twice per zonerange, all covered).
strided() {
	zr=$1 zs=$2 size=$3 ios=$4 off=$5 uniq=$6
	shift 6
	rm -f s.log
	"$VERIO" --name=strided --ioengine=null --rw=randread --bs=4k --zonemode=strided \
		--zonerange=$zr --zonesize=$zs --size=$size --io_size=$ios --offset=$off \
		"$@" --write_iolog=s.log >/dev/null
	python3 - s.log $zr $zs $((size + off)) $off $uniq $ios <<'EOF'
import sys
log = sys.argv[1]
zr, zs, fsize, off, uniq, ios = map(int, sys.argv[2:])
offs = [int(t[3]) for t in (l.split() for l in open(log))
        if len(t) == 5 and t[2] == "read"]
if len(offs) != ios // 4096:
    sys.exit("%d I/Os, not %d" % (len(offs), ios // 4096))
start, n, seen = off, 0, set()
for o in offs:
    if n == zs // 4096:
        n, seen, start = 0, set(), start + zr
        if start >= fsize:
            start = off
    n += 1
    if not start <= o < start + zr:
        sys.exit("offset %d outside the zone at %d" % (o, start))
    if not uniq:
        continue
    b = (o - start) // 4096
    if b in seen:
        sys.exit("offset %d twice in the zone at %d" % (o, start))
    seen.add(b)
    if n % (zr // 4096) == 0:
        if len(seen) != zr // 4096:
            sys.exit("zone at %d: %d blocks of %d" % (start, len(seen), zr // 4096))
        seen = set()
EOF
}

test_expect_success 'random map: zonesize = zonerange (t/strided.py 1-3)' '
	strided 4096 4096 $((16 * 4096)) $((16 * 4096)) $((8 * 4096)) 1
	strided 4096 4096 $((16 * 4096)) $((16 * 4096)) 0 1
	strided $((16 * M)) $((16 * M)) $((256 * M)) $((256 * K * 204)) 0 1
'

test_expect_success 'random map: zonesize > zonerange, and smaller (4-7)' '
	strided 4096 $((4 * 4096)) $((16 * 4096)) $((16 * 4096)) 0 1
	strided $((16 * M)) $((32 * M)) $((256 * M)) $((256 * K * 204)) 0 1
	strided 8192 4096 $((16 * 4096)) $((16 * 4096)) 0 1
	strided $((16 * M)) $((8 * M)) $((256 * M)) $((256 * K * 204)) 0 1
'

test_expect_success 'lfsr (8-14)' '
	strided $((4 * M)) $((4 * M)) $((16 * 4 * M)) $((16 * 4 * M)) $((8 * 4 * M)) 1 --random_generator=lfsr
	strided $((4 * M)) $((4 * M)) $((16 * 4 * M)) $((16 * 4 * M)) 0 1 --random_generator=lfsr
	strided $((16 * M)) $((16 * M)) $((256 * M)) $((256 * K * 204)) 0 1 --random_generator=lfsr
	strided $((4 * M)) $((16 * M)) $((16 * 4 * M)) $((16 * 4 * M)) 0 1 --random_generator=lfsr
	strided $((16 * M)) $((32 * M)) $((256 * M)) $((256 * K * 204)) 0 1 --random_generator=lfsr
	strided $((8 * M)) $((4 * M)) $((16 * 4 * M)) $((16 * 4 * M)) 0 1 --random_generator=lfsr
	strided $((16 * M)) $((8 * M)) $((256 * M)) $((256 * K * 204)) 0 1 --random_generator=lfsr
'

test_expect_success 'norandommap: inside the zones (15-21)' '
	strided 4096 4096 $((16 * 4096)) $((16 * 4096)) $((8 * 4096)) 0 --norandommap
	strided 4096 8192 $((16 * 4096)) $((16 * 4096)) 0 0 --norandommap
	strided 8192 4096 $((16 * 4096)) $((16 * 4096)) 0 0 --norandommap
	strided $((16 * M)) $((8 * M)) $((256 * M)) $((256 * M)) 0 0 --norandommap
'

test_expect_success 'a skewed distribution stays inside the zones' '
	strided 8192 16384 $((16 * 4096)) $((16 * 4096)) 0 0 --random_distribution=zipf:1.2
'

test_expect_success 'a strided write with zoneskip verifies, and writes only its zones' '
	"$VERIO" --name=w --filename=w.dat --size=256k --bs=4k --rw=write --zonemode=strided \
		--zonesize=16k --zonerange=32k --zoneskip=32k --verify=crc32c \
		--write_iolog=w.log --output-format=json >w.json
	test "$(json_get w.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
	awk "\$3 == \"write\" { print \$4 / 1024 }" w.log | sort -nu | tr "\n" " " >zones
	test "$(cat zones)" = "0 4 8 12 64 68 72 76 128 132 136 140 192 196 200 204 "
	test "$(json_get w.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" = 16
'

test_expect_success 'verify_only without a saved state replays a strided random write' '
	W="--name=r --filename=r.dat --size=256k --bs=4k --rw=randwrite --zonemode=strided \
		--zonesize=32k --zonerange=16k --zoneskip=16k --verify=crc32c"
	"$VERIO" $W --verify_state_save=0 >/dev/null
	"$VERIO" $W --verify_only=1 --output-format=json >r.json
	test "$(json_get r.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" = 32
	test "$(json_get r.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
'

test_expect_success 'errors: exit 2 naming the option' '
	test_expect_code 2 "$VERIO" --name=e --ioengine=null --size=1m --zonesize=4k 2>err
	grep -q "zonesize needs zonemode=strided" err
	test_expect_code 2 "$VERIO" --name=e --ioengine=null --size=1m --zonemode=strided 2>err
	grep -q "zonemode=strided needs zonesize" err
	test_expect_code 2 "$VERIO" --name=e --ioengine=null --size=1m --zonemode=zbd \
		--zonesize=64k 2>err
	grep -q "zonemode" err
	test_expect_code 2 "$VERIO" --name=e --ioengine=null --size=1m --zonemode=strided \
		--zonesize=4x 2>err
	grep -q "zonesize" err
'

test_done
