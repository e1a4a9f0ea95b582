#!/usr/bin/env bash
# t1100: ioengine=pvsync (preadv/pwritev) and pvsync2 (preadv2/pwritev2
# with fio's RWF_* options): written and verified buffered and direct; a
# bit flipped under them (faulty over each) is caught at its offset (exit
# 1); an I/O error is exit 3 naming the target; nowait's EAGAIN is an I/O
# error that says why; a bad hipri_percentage is refused (exit 2).
# shellcheck disable=SC2016,SC2086  # eval'd bodies; option lists are words
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
test_require_cmd python3

modes=buffered
if odirect_ok; then
	modes="buffered direct"
else
	echo "# O_DIRECT is refused here: direct cases are skipped"
fi

# roundtrip ENGINE DIRECT [OPTION...]: a new 1 MiB file written at random
# in 4 KiB blocks and verified with crc32c: every unit checked, none bad.
roundtrip() {
	local e=$1 d=$2
	shift 2
	rm -f rt.dat rt.*.verio-state
	"$VERIO" --name=rt --filename=rt.dat --size=1m --bs=4k --rw=randwrite \
		--verify=crc32c --ioengine=$e --direct=$d --output-format=json "$@" >rt.json &&
	json_check rt.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] == 256" &&
	json_check rt.json "j[\"write\"][\"io_bytes\"] == 1048576 and j[\"read\"][\"io_bytes\"] == 1048576"
}

for e in pvsync pvsync2; do
	for m in $modes; do
		d=0
		[ "$m" = direct ] && d=1
		test_expect_success "$e $m: randwrite then verify" '
			roundtrip $e $d
		'
	done
	test_expect_success "$e: a sequential read of what it wrote" '
		"$VERIO" --name=r --filename=rt.dat --size=1m --bs=64k --rw=read \
			--ioengine=$e --output-format=json >r.json
		json_check r.json "j[\"error\"] == 0 and j[\"read\"][\"io_bytes\"] == 1048576"
	'
	test_expect_success "$e under faulty: a bit flipped on the 3rd write is caught at 8192" '
		faulty_run 1 --faulty_engine=$e --faulty_rule="flip on=write nth=3 bit=1000"
		incidents_are out.json 8192:bit_flips
	'
	test_expect_success "$e under faulty: eio on the 2nd read is an I/O error, exit 3" '
		faulty_io_error 5 "read error on '\''t.dat'\'' at offset 4096, length 4096: Input/output error" \
			--faulty_engine=$e --faulty_rule="eio on=read nth=2"
	'
	test_expect_success "$e: a write error exits 3 and names the target" '
		test_expect_code 3 "$VERIO" --name=full --filename=/dev/full --size=64k \
			--rw=write --ioengine=$e >out 2>err
		grep "write error on .*/dev/full" err
	'
done

for m in $modes; do
	d=0
	[ "$m" = direct ] && d=1
	test_expect_success "pvsync2 $m: hipri on 30% of the I/Os, uncached: the data checks" '
		roundtrip pvsync2 $d --hipri --hipri_percentage=30 --uncached=1
	'
done

if odirect_ok; then
	test_expect_success 'pvsync2 direct nowait: nothing has to wait, the data checks' '
		roundtrip pvsync2 1 --nowait=1
	'
fi

test_expect_success 'pvsync2 nowait: a read of pages not in the cache fails with EAGAIN, exit 3' '
	rm -f nw.dat
	"$VERIO" --name=w --filename=nw.dat --size=256k --bs=64k --rw=write \
		--ioengine=psync >/dev/null
	# Whether a page is cached is the kernel'\''s business (readahead,
	# a busy machine): up to three tries to meet one that is not.
	# Any exit but 3 (and 0, all pages met in the cache) fails.
	for try in 1 2 3; do
		python3 -c "import os; fd = os.open(\"nw.dat\", os.O_RDONLY); os.fsync(fd); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)"
		rc=0
		"$VERIO" --name=r --filename=nw.dat --size=256k --bs=64k \
			--rw=read --ioengine=pvsync2 --nowait=1 >out 2>err || rc=$?
		test "$rc" = 0 || break
	done
	test "$rc" = 3
	grep "read error on '\''nw.dat'\'' at offset [0-9]*, length 65536 (nowait: the I/O would have had to wait (RWF_NOWAIT)): Resource temporarily unavailable" err
'

test_expect_success 'hipri_percentage out of range: exit 2, the option named, nothing written' '
	rm -f bad.dat
	test_expect_code 2 "$VERIO" --name=b --filename=bad.dat --size=64k \
		--ioengine=pvsync2 --hipri --hipri_percentage=101 2>err
	grep -F "option '\''hipri_percentage'\''" err
	test ! -e bad.dat
'

test_done
