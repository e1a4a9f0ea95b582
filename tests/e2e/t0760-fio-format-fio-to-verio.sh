#!/usr/bin/env bash
# t0760: verify_format=fio against the real fio (Debian's fio 3.33 at
# /usr/bin/fio; skipped without it), fio to verio: files fio writes with
# each of its checksums are verified by verio, and one flipped bit is found
# at the right offset (t0761: verio to fio).
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-fioformat.sh"

# check_reports ALGO...: ok.ALGO.json is clean with 16 units checked;
# bad.ALGO.json has one incident, bit flips in the block at 20480. (One
# python start for all: they are slow on a loaded machine.)
check_reports() {
	python3 - "$@" <<-'EOF'
	import json, sys
	for a in sys.argv[1:]:
	    jb = json.load(open("ok.%s.json" % a))["jobs"][0]
	    v = jb["verify"]
	    assert jb["error"] == 0 and v["units"] == 16 and v["failures"] == 0, (a, v)
	    jb = json.load(open("bad.%s.json" % a))["jobs"][0]
	    v = jb["verify"]
	    assert jb["error"] == 84 and v["failures"] == 1, (a, jb["error"], v)
	    inc = v["incidents"][0]
	    want = {"file": "f." + a, "offset": 20480, "class": "bit_flips",
	            "first_bad_sector_offset": 20480}
	    assert all(inc[k] == w for k, w in want.items()), (a, inc)
	EOF
}

test_expect_success 'fio 3.33 writes, verio verifies: every checksum, then one flipped bit' '
	rm -f f.*
	fio_jobs write "do_verify=0" $ALGOS >w.fio
	"$FIO" --output=fio.out w.fio
	for a in $ALGOS; do
		verio_read $a f.$a >ok.$a.json 2>ok.err || { echo "clean $a failed" >&2; cat ok.err >&2; exit 1; }
		test ! -s ok.err
	done
	python3 - $AT $ALGOS <<-'EOF'
	import os, sys
	for a in sys.argv[2:]:
	    fd = os.open("f." + a, os.O_RDWR)
	    b = bytearray(os.pread(fd, 1, int(sys.argv[1])))
	    b[0] ^= 4
	    os.pwrite(fd, bytes(b), int(sys.argv[1]))
	    os.close(fd)
	EOF
	for a in $ALGOS; do
		test_expect_code 1 verio_read $a f.$a >bad.$a.json 2>bad.err
		grep -qF "verify failed at file '\''f.$a'\'' offset 20480, length 4096" bad.err
	done
	check_reports $ALGOS
'

test_expect_success 'fio 3.33 meta: header only; a flipped header bit is found' '
	rm -f f.dat
	fio_write meta f.dat
	verio_read meta f.dat >ok.json
	json_clean ok.json
	$CORRUPT flip f.dat $((3 * B + 16)) 0
	test_expect_code 1 verio_read meta f.dat >bad.json 2>/dev/null
	json_one_incident bad.json offset=12288 class=header >/dev/null
'

test_expect_success 'fio 3.33 with verify_interval 1024 and 2222 (fio makes it 4096), randwrite' '
	for vi in 1024 2222; do
		rm -f f.dat
		fio_write crc32c f.dat --rw=randwrite --verify_interval=$vi
		verio_read crc32c f.dat --verify_interval=$vi >ok.json
		json_clean ok.json
	done
'

test_done
