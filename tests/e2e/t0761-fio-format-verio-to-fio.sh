#!/usr/bin/env bash
# t0761: verify_format=fio against the real fio (Debian's fio 3.33 at
# /usr/bin/fio; skipped without it), verio to fio: files verio writes in
# fio's format are verified by fio, and a flipped bit makes fio fail; fio's
# header fields give stale; the fio >= 3.41 layout goes round through
# verio, and a block of the other layout is named as such; what fio's
# format cannot express is refused (t0760: fio to verio).
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-fioformat.sh"

test_expect_success 'verio writes fio format, fio 3.33 verifies (read jobs and verify_only)' '
	rm -f f.* v.*
	for a in $ALGOS meta; do
		"$VERIO" --name=v --filename=f.$a --rw=randwrite --bs=4k --size=64k \
			--verify=$a --verify_format=fio --verify_state_save=0 >/dev/null
	done
	fio_jobs read "" $ALGOS meta >r.fio
	"$FIO" --output=fio.out r.fio || { cat fio.out >&2; exit 1; }
	test "$(grep -c "err= 0" fio.out)" = 16
	fio_jobs randwrite "verify_only=1" crc32c sha256 >vo.fio
	"$FIO" --output=fio.out vo.fio
	"$VERIO" --name=v --filename=v.dat --rw=write --bs=8k --size=64k --verify=crc32c \
		--verify_interval=1024 --verify_format=fio --verify_state_save=0 >/dev/null
	"$FIO" --name=v --filename=v.dat --rw=write --bs=8k --size=64k --verify=crc32c \
		--verify_interval=1024 --verify_only=1 --output=fio.out
'

test_expect_success 'verio writes fio format, a flipped bit makes fio fail at that block' '
	rm -f f.*
	for a in crc32c sha256 md5 xxhash; do
		"$VERIO" --name=v --filename=f.$a --rw=write --bs=4k --size=64k \
			--verify=$a --verify_format=fio --verify_state_save=0 >/dev/null
		$CORRUPT flip f.$a $AT 5
	done
	fio_jobs read "" crc32c sha256 md5 xxhash >r.fio
	test_must_fail "$FIO" --output=fio.out r.fio 2>fio.err
	for a in crc32c sha256 md5 xxhash; do
		grep -q "verify failed at file f.$a offset 20480" fio.out fio.err ||
			{ echo "fio did not fail $a" >&2; cat fio.out fio.err >&2; exit 1; }
	done
'

test_expect_success 'verio in fio format: stale and other writer from fio header fields' '
	rm -f v.dat v.*.verio-state
	J="--name=v --filename=v.dat --rw=write --bs=4k --size=64k --verify=crc32c --verify_format=fio"
	"$VERIO" $J >/dev/null
	cp v.dat gen1.dat
	"$VERIO" $J --verify_state_load=1 >/dev/null
	$CORRUPT save gen1.dat $((6 * B)) $B old.bin
	$CORRUPT put v.dat $((6 * B)) old.bin
	test_expect_code 1 "$VERIO" $J --verify_only=1 --output-format=json >bad.json 2>/dev/null
	json_one_incident bad.json offset=24576 class=stale expected_generation=2 found_generation=1 >/dev/null
'

test_expect_success 'the fio >= 3.41 layout: round trip, and the other version named' '
	for a in crc32c sha256 sha512 sha3-256 meta; do
		rm -f n.dat n.*.verio-state
		"$VERIO" --name=n --filename=n.dat --rw=randwrite --bs=8k --size=128k --verify=$a \
			--verify_format=fio --verify_fio_version=3.41 >/dev/null
		"$VERIO" --name=n --filename=n.dat --rw=randwrite --bs=8k --size=128k --verify=$a \
			--verify_format=fio --verify_fio_version=3.41 --verify_only=1 \
			--output-format=json >ok.json
		test "$(od -An -tx1 -N3 n.dat | tr -d " ")" = caac81
		grep -q "\"failures\" : 0" ok.json
	done
	test_expect_code 1 "$VERIO" --name=r --filename=n.dat --rw=read --bs=8k --size=128k \
		--verify=meta --verify_format=fio --output-format=json >bad.json 2>bad.err
	grep -q "written by fio >= 3.41 (version byte 0x81)" bad.err
	json_check bad.json "v[\"incidents\"][0][\"class\"] == \"foreign\" and \"3.41\" in v[\"incidents\"][0][\"note\"]"
	rm -f f.dat
	fio_write crc32c f.dat
	test_expect_code 1 verio_read crc32c f.dat --verify_fio_version=3.42 >bad.json 2>bad.err
	grep -q "written by fio <= 3.40 (no version byte)" bad.err
'

test_expect_success 'what fio format cannot express: exit 2, named' '
	test_expect_code 2 "$VERIO" --name=x --filename=x.dat --size=64k --rw=write --verify=xxh3 \
		--verify_format=fio 2>err
	grep -q "verify=xxh3 cannot be written in fio 3.33" err
	test_expect_code 2 "$VERIO" --name=x --filename=x.dat --size=64k --rw=write --verify=pattern \
		--verify_pattern=0x12 --verify_format=fio 2>err
	grep -q "verify=pattern cannot be written in fio 3.33" err
	test_expect_code 2 "$VERIO" --name=x --filename=x.dat --size=64k --rw=write --verify=md5 \
		--verify_format=fio --verify_fio_version=2.1 2>err
	grep -q "verify_fio_version" err
	test_expect_code 2 "$VERIO" --name=x --filename=x.dat --size=64k --rw=write --verify=md5 \
		--verify_format=fio --verify_offset=512 2>err
	grep -q "verify_offset" err
	test ! -e x.dat
'

test_done
