#!/usr/bin/env bash
# t0400: the asynchronous engines (libaio, io_uring, posixaio), buffered and direct,
# at several queue depths: byte counts, depth distribution, verify.
# shellcheck disable=SC2016,SC2034,SC2317  # eval'd bodies use the variables and json_check
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

size=4194304

engines=$(async_engines)
[ -n "$engines" ] || test_skip "neither libaio nor io_uring is built"

# direct=1 needs a filesystem that takes O_DIRECT (tmpfs does not).
modes=buffered
if odirect_ok; then
	modes="buffered direct"
else
	echo "# O_DIRECT is refused here: direct cases are skipped"
fi

# Depth histogram: all at 1 for iodepth=1, some above 1 otherwise.
depth_expr() {
	if [ "$1" -eq 1 ]; then
		echo 'j["iodepth_level"]["1"] == 100.0'
	else
		echo 'j["iodepth_level"]["1"] < 100.0'
	fi
}

# make test: the two ends of the depth range; make conformance
# (CONFORMANCE=1): all four.
depths="1 32"
[ "${CONFORMANCE:-0}" = 1 ] && depths="1 4 32 128"

for e in $engines; do
	for m in $modes; do
		d=0
		[ "$m" = direct ] && d=1
		for qd in $depths; do
			f=$e-$m-$qd.dat
			opts="--ioengine=$e --direct=$d --iodepth=$qd --bs=4k --size=$size --output-format=json"
			depth_check=$(depth_expr "$qd")

			test_expect_success "$e $m iodepth=$qd: randwrite of a new file" '
				"$VERIO" --name=w --filename="$f" --rw=randwrite $opts >w.json
				test "$(stat -c %s "$f")" = "$size"
				json_check w.json "j[\"error\"] == 0 and j[\"write\"][\"io_bytes\"] == $size"
				json_check w.json "$depth_check"
			'
			test_expect_success "$e $m iodepth=$qd: sequential read of it" '
				"$VERIO" --name=r --filename="$f" --rw=read $opts >r.json
				json_check r.json "j[\"error\"] == 0 and j[\"read\"][\"io_bytes\"] == $size"
			'
			for rw in write randwrite; do
				test_expect_success "$e $m iodepth=$qd: $rw then verify" '
					rm -f "$f"
					"$VERIO" --name=v --filename="$f" --rw="$rw" --verify=crc32c \
						$opts >v.json
					json_check v.json "j[\"error\"] == 0 and j[\"verify\"][\"failures\"] == 0"
					json_check v.json "j[\"write\"][\"io_bytes\"] == $size and j[\"read\"][\"io_bytes\"] == j[\"write\"][\"io_bytes\"]"
				'
			done
			rm -f "$f"
		done
	done

	test_expect_success "$e: fsync and fdatasync every 16 writes" '
		for s in fsync fdatasync; do
			"$VERIO" --name=s --filename=sync.dat --rw=randwrite --bs=4k --size=1m \
				--ioengine=$e --iodepth=8 --$s=16 --output-format=json >s.json
			json_check s.json "j[\"error\"] == 0 and j[\"sync\"][\"total_ios\"] == 16"
		done
		rm -f sync.dat
	'
	test_expect_success "$e: a misaligned direct job is refused before any I/O" '
		test_expect_code 2 "$VERIO" --name=m --filename=mis.dat --size=1m \
			--rw=write --ioengine=$e --iodepth=4 --direct=1 --bs=1000 2>err
		grep "direct=1 needs bs" err
	'
	test_expect_success "$e: a write error exits 3 and names the target" '
		test_expect_code 3 "$VERIO" --name=full --filename=/dev/full --size=64k \
			--rw=write --ioengine=$e --iodepth=8 >out 2>err
		grep "write error on .*/dev/full" err
	'
done

test_done
