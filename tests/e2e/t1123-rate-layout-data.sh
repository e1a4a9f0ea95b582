#!/usr/bin/env bash
# t1123: a file laid out for a read job holds fio's buffer contents, not
# zeros: random bytes, zeros with zero_buffers, about half compressible
# with buffer_compress_percentage=50, half repeated blocks with
# dedupe_percentage=50, the pattern of buffer_pattern. Writes follow the
# same options.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3 gzip cmp

SIZE=4194304
JOB="--name=r --size=4m --bs=4k --rw=read"

# gz_pct FILE: its gzip size, in percent of its size.
gz_pct() { echo $(( $(gzip -c "$1" | wc -c) * 100 / $(stat -c %s "$1") )); }

# unique_pct FILE: the share of its 4 KiB blocks that are unique, in percent.
unique_pct() {
	python3 -c "
import hashlib, sys
d = open(sys.argv[1], 'rb').read()
b = [hashlib.sha1(d[i:i + 4096]).digest() for i in range(0, len(d), 4096)]
print(len(set(b)) * 100 // len(b))" "$1"
}

test_expect_success 'a read job lays out random data' '
	"$VERIO" $JOB --filename=rnd.dat >/dev/null
	test "$(stat -c %s rnd.dat)" = $SIZE
	test_must_fail cmp -s rnd.dat - </dev/zero
	test "$(gz_pct rnd.dat)" -ge 95
	test "$(unique_pct rnd.dat)" = 100
'

test_expect_success 'zero_buffers: zeros' '
	"$VERIO" $JOB --filename=zero.dat --zero_buffers >/dev/null
	test "$(stat -c %s zero.dat)" = $SIZE
	head -c $SIZE /dev/zero | cmp zero.dat -
'

test_expect_success 'buffer_compress_percentage=50: gzip makes it about half' '
	"$VERIO" $JOB --filename=c50.dat --buffer_compress_percentage=50 >/dev/null
	p=$(gz_pct c50.dat)
	test "$p" -ge 40 && test "$p" -le 60
	"$VERIO" $JOB --filename=c80.dat --buffer_compress_percentage=80 \
		--buffer_compress_chunk=0 >/dev/null
	p=$(gz_pct c80.dat)
	test "$p" -ge 12 && test "$p" -le 30
'

test_expect_success 'dedupe_percentage=50: about half the blocks are unique' '
	"$VERIO" $JOB --filename=d50.dat --dedupe_percentage=50 >/dev/null
	p=$(unique_pct d50.dat)
	test "$p" -ge 40 && test "$p" -le 60
'

test_expect_success 'buffer_pattern: the pattern, repeated' '
	"$VERIO" --name=r --size=64k --rw=read --filename=pat.dat \
		--buffer_pattern="\"abcd\"" >/dev/null
	python3 -c "import sys; sys.exit(open(\"pat.dat\", \"rb\").read() != b\"abcd\" * 16384)"
'

test_expect_success 'a verifying read job lays out zeros (never-written units read as zeros)' '
	"$VERIO" --name=r --size=256k --bs=4k --rw=randrw --verify=crc32c --filename=v.dat \
		--io_size=16k >/dev/null
	python3 -c "
import sys
d = open(\"v.dat\", \"rb\").read()
z = sum(d[i:i + 4096] == bytes(4096) for i in range(0, len(d), 4096))
sys.exit(0 if len(d) == 262144 and z >= 60 else 1)"
'

test_expect_success 'the same job lays out the same data (a mirror reference agrees)' '
	"$VERIO" $JOB --filename=again.dat >/dev/null
	cmp rnd.dat again.dat
'

test_expect_success 'writes follow buffer_compress_percentage and dedupe_percentage' '
	"$VERIO" --name=w --size=4m --bs=4k --rw=write --filename=w70.dat \
		--buffer_compress_percentage=70 >/dev/null
	p=$(gz_pct w70.dat)
	test "$p" -ge 20 && test "$p" -le 40
	"$VERIO" --name=w --size=4m --bs=4k --rw=randwrite --filename=wd.dat \
		--dedupe_percentage=30 >/dev/null
	p=$(unique_pct wd.dat)
	test "$p" -ge 60 && test "$p" -le 80
'

test_expect_success 'bad percentages: exit 2, named' '
	test_expect_code 2 "$VERIO" $JOB --filename=bad.dat --buffer_compress_percentage=101 2>err
	grep -q "buffer_compress_percentage" err
	test_expect_code 2 "$VERIO" $JOB --filename=bad.dat --dedupe_percentage=x 2>err
	grep -q "dedupe_percentage" err
	test ! -e bad.dat
'

test_done
