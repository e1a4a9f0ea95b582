#!/usr/bin/env bash
# t1150: rw=trim / randtrim / trimwrite / randtrimwrite on a regular file:
# trims punch holes (SEEK_HOLE sees them, the bytes read back as zeroes, the
# size stays), every engine trims, the trim direction is reported as fio
# reports it (JSON "trim", the text "trim:" and "TRIM:" lines, issued
# rwts), trimwrite writes back every block it trimmed, and the combinations
# trims cannot go with are refused with exit 2 before any I/O.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-trim.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
test_require_cmd python3

T=$PWD/t.dat

# zeroes FILE OFF LEN: every byte of the range is zero.
zeroes() {
	python3 -c 'import sys
with open(sys.argv[1], "rb") as f:
    f.seek(int(sys.argv[2])); b = f.read(int(sys.argv[3]))
sys.exit(0 if len(b) == int(sys.argv[3]) and not any(b) else 1)' "$@"
}

# fresh: a 1 MiB file of non-zero data, no hole.
fresh() {
	rm -f "$T"
	"$VERIO" --name=w --filename="$T" --size=1m --bs=64k --rw=write >/dev/null
	test "$(holes "$T")" = ""
	! zeroes "$T" 0 4096
}

fresh
if ! python3 -c 'import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
os.posix_fallocate  # noqa
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
sys.exit(0 if libc.fallocate(fd, 3, ctypes.c_long(0), ctypes.c_long(4096)) == 0 else 1)' "$T"; then
	test_skip "this file system cannot punch holes"
fi

test_expect_success 'rw=trim punches holes over io_size; the rest keeps its data' '
	fresh
	"$VERIO" --name=t --filename="$T" --size=1m --bs=64k --rw=trim --io_size=256k \
		--output-format=json >o.json
	test "$(holes "$T")" = "0-262144"
	zeroes "$T" 0 262144
	! zeroes "$T" 262144 4096
	test "$(stat -c %s "$T")" = 1048576
	test "$(json_get o.json "j[\"jobs\"][0][\"trim\"][\"total_ios\"]")" = 4
	test "$(json_get o.json "j[\"jobs\"][0][\"trim\"][\"io_bytes\"]")" = 262144
	test "$(json_get o.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")" = 0
	test "$(json_get o.json "j[\"jobs\"][0][\"read\"][\"total_ios\"]")" = 0
	test "$(json_get o.json "j[\"jobs\"][0][\"trim\"][\"runtime\"] >= 0")" = true
'

test_expect_success 'the text report: rw=trim header, trim and TRIM lines, issued rwts' '
	fresh
	"$VERIO" --name=t --filename="$T" --size=1m --bs=64k --rw=randtrim >o.txt
	grep -q "^t: (g=0): rw=randtrim, bs=" o.txt
	grep -q "^  trim: IOPS=" o.txt
	grep -q "^   TRIM: bw=" o.txt
	grep -q "issued rwts: total=0,0,16,0 " o.txt
	test "$(holes "$T")" = "0-1048576"
'

for e in psync sync pvsync pvsync2 mmap null $(async_engines 2>/dev/null); do
	test_expect_success "ioengine=$e: randtrim trims every block once" '
		fresh
		"$VERIO" --name=t --filename="$T" --size=1m --bs=16k --rw=randtrim \
			--ioengine='"$e"' --iodepth=8 --output-format=json >o.json
		test "$(json_get o.json "j[\"jobs\"][0][\"trim\"][\"total_ios\"]")" = 64
		if [ '"$e"' = null ]; then
			test "$(holes "$T")" = ""
		else
			test "$(holes "$T")" = "0-1048576"
		fi
	'
	test_expect_success "ioengine=$e: randtrimwrite writes back every block it trimmed" '
		fresh
		"$VERIO" --name=t --filename="$T" --size=1m --bs=16k --rw=randtrimwrite \
			--ioengine='"$e"' --iodepth=8 --output-format=json >o.json
		test "$(json_get o.json "j[\"jobs\"][0][\"trim\"][\"total_ios\"]")" = 64
		test "$(json_get o.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")" = 64
		test "$(json_get o.json "j[\"jobs\"][0][\"write\"][\"io_bytes\"]")" = 1048576
		test "$(holes "$T")" = ""
	'
done

test_expect_success 'trimwrite counts the pair once: number_ios=3 trims 3 and writes 3' '
	fresh
	"$VERIO" --name=t --filename="$T" --size=1m --bs=64k --rw=trimwrite --number_ios=3 \
		--output-format=json >o.json
	test "$(json_get o.json "j[\"jobs\"][0][\"trim\"][\"total_ios\"]")" = 3
	test "$(json_get o.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")" = 3
	test "$(holes "$T")" = ""
'

test_expect_success 'write_iolog logs the trims as fio names them' '
	fresh
	rm -f t.log
	"$VERIO" --name=t --filename="$T" --size=256k --bs=64k --rw=trimwrite \
		--write_iolog=t.log >/dev/null
	grep -E " (trim|write) " t.log | awk "{ print \$3, \$4, \$5 }" >got
	printf "%s\n" "trim 0 65536" "write 0 65536" "trim 65536 65536" \
		"write 65536 65536" "trim 131072 65536" "write 131072 65536" \
		"trim 196608 65536" "write 196608 65536" >want
	test_cmp want got
'

test_expect_success 'read_iolog replays the trims; replay_skip=trim leaves them out' '
	fresh
	printf "%s\n" "fio version 3 iolog" "0 $T add" "1 $T open" "2 $T trim 0 65536" \
		"3 $T read 65536 65536" "4 $T trim 131072 65536" "5 $T close" >r.log
	"$VERIO" --name=r --read_iolog=r.log --output-format=json >o.json
	test "$(json_get o.json "j[\"jobs\"][0][\"trim\"][\"total_ios\"]")" = 2
	test "$(json_get o.json "j[\"jobs\"][0][\"read\"][\"total_ios\"]")" = 1
	test "$(holes "$T")" = "$(printf "0-65536\n131072-196608")"
	fresh
	"$VERIO" --name=r --read_iolog=r.log --replay_skip=trim --output-format=json >o.json
	test "$(json_get o.json "j[\"jobs\"][0][\"trim\"][\"total_ios\"]")" = 0
	test "$(holes "$T")" = ""
	"$VERIO" --readonly --name=r --read_iolog=r.log --output-format=json >o.json 2>err
	grep -q "are not replayed (nor its trims)" err
	test "$(json_get o.json "j[\"jobs\"][0][\"trim\"][\"total_ios\"]")" = 0
	test "$(holes "$T")" = ""
'

test_expect_success 'a trim job writes: refused under --readonly, the file untouched' '
	fresh
	test_expect_code 2 "$VERIO" --readonly --name=t --filename="$T" --size=1m \
		--rw=randtrim 2>err
	test "$(holes "$T")" = ""
'

test_expect_success 'trims with mirror=: exit 2 naming the reason' '
	fresh
	cp "$T" ref.dat
	test_expect_code 2 "$VERIO" --name=t --filename="$T" --size=1m --rw=trim \
		--mirror=ref.dat 2>err
	grep -q "does not take trims" err
	test "$(holes "$T")" = ""
'

test_done
