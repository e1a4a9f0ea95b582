#!/usr/bin/env bash
# t0200: basic runs against real files: sizes, coverage, JSON byte counts.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

test_expect_success 'sequential write makes a file of exactly size bytes' '
	"$VERIO" --name=w --filename=seq.dat --size=3m --bs=64k --rw=write \
		--output-format=json >out.json
	test "$(stat -c %s seq.dat)" = 3145728
	test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"io_bytes\"]")" = 3145728
	test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")" = 48
	test "$(json_get out.json "j[\"jobs\"][0][\"error\"]")" = 0
'

# scramble_buffers (on by default) stamps each 512-byte chunk of a written
# buffer with its file offset, so the file itself shows where every block
# landed: each block exactly once when the count is also right.
test_expect_success 'randwrite with the random map touches every block once' '
	"$VERIO" --name=r --filename=rand.dat --size=4m --bs=4k --rw=randwrite \
		--output-format=json >out.json
	test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")" = 1024
	python3 - rand.dat <<-PY
	import struct, sys
	data = open(sys.argv[1], "rb").read()
	assert len(data) == 4 << 20
	for blk in range(1024):
	    off = blk * 4096
	    got = struct.unpack_from("<Q", data, off)[0]
	    assert got == off, (blk, got)
	PY
'

test_expect_success 'bssplit and bsrange write only sizes they allow' '
	"$VERIO" --name=s --filename=split.dat --size=8m --rw=randwrite \
		--bssplit=4k/50:64k/50 --output-format=json >out.json
	ios=$(json_get out.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")
	test "$ios" -gt 100
	"$VERIO" --name=g --filename=range.dat --size=8m --rw=write \
		--bsrange=4k-16k --output-format=json >out2.json
	test "$(json_get out2.json "j[\"jobs\"][0][\"write\"][\"io_bytes\"]")" = 8388608
'

test_expect_success 'read job on a missing file lays it out first' '
	"$VERIO" --name=rd --filename=lay.dat --size=1m --rw=read --output-format=json >out.json
	test "$(stat -c %s lay.dat)" = 1048576
	test "$(json_get out.json "j[\"jobs\"][0][\"read\"][\"io_bytes\"]")" = 1048576
'

test_expect_success 'sync engine and randrw mix' '
	"$VERIO" --name=m --filename=mix.dat --size=2m --rw=randrw --rwmixread=70 \
		--ioengine=sync --output-format=json >out.json
	r=$(json_get out.json "j[\"jobs\"][0][\"read\"][\"io_bytes\"]")
	w=$(json_get out.json "j[\"jobs\"][0][\"write\"][\"io_bytes\"]")
	test $((r + w)) = 2097152
	test "$r" -gt "$w"
'

test_expect_success 'null engine needs no file' '
	"$VERIO" --name=n --ioengine=null --size=64m --rw=randwrite \
		--output-format=json >out.json
	test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")" = 16384
	test ! -e n.0.0
'

test_expect_success 'several files, generated names and filename lists' '
	"$VERIO" --name=multi --nrfiles=3 --size=3m --rw=write --output-format=json >out.json
	for i in 0 1 2; do test "$(stat -c %s multi.0.$i)" = 1048576; done
	"$VERIO" --name=list --filename="a\\:1:b" --size=2m --rw=write >/dev/null
	test "$(stat -c %s a:1)" = 1048576
	test "$(stat -c %s b)" = 1048576
'

test_expect_success 'loops and number_ios bound the work' '
	"$VERIO" --name=l --filename=loop.dat --size=1m --rw=write --loops=3 \
		--output-format=json >out.json
	test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"io_bytes\"]")" = 3145728
	"$VERIO" --name=n --filename=loop.dat --size=1m --rw=randread --number_ios=10 \
		--output-format=json >out2.json
	test "$(json_get out2.json "j[\"jobs\"][0][\"read\"][\"total_ios\"]")" = 10
'

test_expect_success 'same seed replays the same sequence' '
	"$VERIO" --name=a --filename=s1.dat --size=1m --rw=randwrite --bsrange=4k-32k \
		--scramble_buffers=0 --buffer_pattern=0x11 >/dev/null
	"$VERIO" --name=a --filename=s2.dat --size=1m --rw=randwrite --bsrange=4k-32k \
		--scramble_buffers=0 --buffer_pattern=0x11 --output-format=json >o1.json
	"$VERIO" --name=a --filename=s3.dat --size=1m --rw=randwrite --bsrange=4k-32k \
		--scramble_buffers=0 --buffer_pattern=0x11 --output-format=json >o2.json
	test "$(json_get o1.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")" = \
	     "$(json_get o2.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")"
'

test_done
