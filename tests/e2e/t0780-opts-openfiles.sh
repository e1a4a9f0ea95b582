#!/usr/bin/env bash
# t0820: openfiles= keeps at most that many of a job's files open for I/O
# (counted with strace: descriptors the job does I/O through), and verify
# stays right across the closes and reopens: clean runs exit 0, a bit
# flipped in a file that was closed is found at its file and offset.
# shellcheck disable=SC2016,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
test_require_cmd python3

JOB="--name=o --nrfiles=4 --size=1m --bs=4k --verify=crc32c"

# most_open TRACE: the most I/O descriptors of o.0.N open at once (opens
# without O_CREAT or O_CLOEXEC: not the layout's, not a cache drop's).
most_open() {
	python3 - "$1" <<-'PY'
	import re, sys
	opn = re.compile(r'openat\(AT_FDCWD, "o\.0\.[0-9]+", ([A-Z_|]+)\) = (\d+)')
	cls = re.compile(r'close\((\d+)\)\s+= 0')
	cur, most = set(), 0
	for line in open(sys.argv[1]):
	    m = opn.search(line)
	    if m:
	        if "O_CREAT" not in m.group(1) and "O_CLOEXEC" not in m.group(1):
	            cur.add(m.group(2))
	            most = max(most, len(cur))
	        continue
	    m = cls.search(line)
	    if m:
	        cur.discard(m.group(1))
	print(most)
	PY
}

for rw in write randwrite rw randrw; do
	for of in 1 2; do
		test_expect_success "nrfiles=4 openfiles=$of rw=$rw: write + verify exits 0, every unit checked" '
			rm -f o.0.*
			"$VERIO" $JOB --rw='$rw' --openfiles='$of' --output-format=json >out.json &&
			json_clean out.json &&
			json_check out.json "v[\"failures\"] == 0 and v[\"units\"] > 0"
		'
	done
done

if command -v strace >/dev/null 2>&1; then
	for of in 1 2 3; do
		test_expect_success "openfiles=$of: at most $of files open for I/O at once (strace)" '
			rm -f o.0.*
			traced -f -qq -e trace=openat,close -o trace "$VERIO" $JOB --rw=randwrite \
				--openfiles='$of' >/dev/null &&
			test "$(most_open trace)" = '$of'
		'
	done
	test_expect_success 'without openfiles every file stays open (4)' '
		rm -f o.0.*
		traced -f -qq -e trace=openat,close -o trace "$VERIO" $JOB --rw=randwrite >/dev/null &&
		test "$(most_open trace)" = 4
	'
fi

test_expect_success 'a bit flipped in a closed file is found after its reopen (exit 1, its offset)' '
	rm -f o.0.* o.0.verio-state*
	"$VERIO" $JOB --rw=write --openfiles=1 >/dev/null &&
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip o.0.1 70000 4 &&
	test_expect_code 1 "$VERIO" $JOB --rw=write --openfiles=1 --verify_only=1 \
		--output-format=json >out.json 2>err &&
	test "$(json_one_incident out.json file=o.0.1 offset class | tr "\n" " ")" = "69632 bit_flips "
'

if engine_built libaio && odirect_ok; then
	test_expect_success 'libaio qd32, openfiles=2 of 3, numjobs=2, verify_backlog (fio t/verify.py case 6)' '
		"$VERIO" --name=v --direct=1 --ioengine=libaio --iodepth=32 --filesize=512k \
			--nrfiles=3 --openfiles=2 --numjobs=2 --norandommap=1 --bs=4096 \
			--verify_interval=2048 --verify_offset=1024 --verify_backlog=16 \
			--verify_backlog_batch=16 --verify=crc32c --rw=randwrite >/dev/null 2>err &&
		test ! -s err
	'
fi

test_done
