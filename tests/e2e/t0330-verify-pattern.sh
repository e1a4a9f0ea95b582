#!/usr/bin/env bash
# t0330: verify=pattern with fio's pattern syntax: hex, "text", 'file', %o.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"

test_expect_success '%o puts each unit offset into its copies of the pattern' '
	printf "ABCDEFGH" >pat.bin
	"$VERIO" --name=p --filename=p.dat --size=256k --rw=randwrite --verify=pattern \
		--verify_pattern="0xaa%o'\''pat.bin'\''" --output-format=json >w.json
	test "$(json_get w.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
	python3 - p.dat <<-PY
	import struct, sys
	d = open(sys.argv[1], "rb").read()
	for unit in range(0, len(d), 4096):
	    for c in range(unit, unit + 4096 - 17, 17):
	        assert d[c] == 0xaa, (unit, c)
	        assert struct.unpack_from("<Q", d, c + 1)[0] == unit, (unit, c)
	        assert d[c + 9:c + 17] == b"ABCDEFGH", (unit, c)
	PY
'

test_expect_success 'a read job with the same pattern verifies; a flipped bit is found' '
	"$VERIO" --name=p --filename=p.dat --size=256k --rw=read --verify=pattern \
		--verify_pattern="0xaa%o'\''pat.bin'\''" --output-format=json >r.json
	test "$(json_get r.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" = 64
	$CORRUPT flip p.dat 8200 1
	test_expect_code 1 "$VERIO" --name=p --filename=p.dat --size=256k --rw=read \
		--verify=pattern --verify_pattern="0xaa%o'\''pat.bin'\''" \
		--output-format=json >f.json
	test "$(json_get f.json "j[\"jobs\"][0][\"verify\"][\"incidents\"][0][\"offset\"]")" = 8192
	test "$(json_get f.json "j[\"jobs\"][0][\"verify\"][\"incidents\"][0][\"class\"]")" = bit_flips
'

test_expect_success 'a 16 KiB pattern file (over the 512 bytes of old fio) is used whole' '
	head -c 16384 /dev/urandom >big.bin
	"$VERIO" --name=b --filename=b.dat --size=256k --bs=16k --rw=randwrite \
		--verify=pattern --verify_pattern="'\''big.bin'\''" >/dev/null
	python3 - b.dat big.bin <<-PY
	import sys
	d = open(sys.argv[1], "rb").read()
	p = open(sys.argv[2], "rb").read()
	assert len(d) == 262144
	for unit in range(0, len(d), 16384):
	    assert d[unit:unit + 16384] == p, unit
	PY
	$CORRUPT flip b.dat $((3 * 16384 + 12000)) 1
	test_expect_code 1 "$VERIO" --name=b --filename=b.dat --size=256k --bs=16k \
		--rw=read --verify=pattern --verify_pattern="'\''big.bin'\''" \
		--output-format=json >b.json
	test "$(json_get b.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 1
	test "$(json_get b.json "j[\"jobs\"][0][\"verify\"][\"incidents\"][0][\"offset\"]")" = 49152
'

test_expect_success 'verify=pattern without verify_pattern, or a missing pattern file, exits 2' '
	test_expect_code 2 "$VERIO" --name=p --filename=q.dat --size=64k --rw=write \
		--verify=pattern 2>err
	grep "needs verify_pattern" err
	test_expect_code 2 "$VERIO" --name=p --filename=q.dat --size=64k --rw=write \
		--verify=pattern --verify_pattern="'\''nope.bin'\''" 2>err
	grep "cannot read the file" err
	test ! -e q.dat
'

test_done
