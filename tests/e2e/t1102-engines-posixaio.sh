#!/usr/bin/env bash
# t1102: ioengine=posixaio (aio_read/aio_write/aio_fsync, aio_suspend): at
# depth the I/Os really overlap and every unit verifies, buffered and
# direct, syncs included; a bit flipped under it (faulty over posixaio) is
# caught at its offset (exit 1); an injected EIO and a device that refuses
# writes are I/O errors, exit 3, never a verify failure. (t0400 and the
# faulty and mirror tests run it too, through lib-engines.sh.)
# shellcheck disable=SC2016,SC2086  # eval'd bodies; option lists are words
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
test_require_cmd python3
engine_built posixaio || test_skip "posixaio is not built (no POSIX aio found by configure)"

modes=buffered
if odirect_ok; then
	modes="buffered direct"
else
	echo "# O_DIRECT is refused here: direct cases are skipped"
fi

for m in $modes; do
	d=0
	[ "$m" = direct ] && d=1
	test_expect_success "posixaio $m iodepth=16: randwrite then verify, I/Os overlap" '
		rm -f p.dat p.*.verio-state
		"$VERIO" --name=p --filename=p.dat --size=2m --bs=4k --rw=randwrite \
			--ioengine=posixaio --iodepth=16 --direct=$d --verify=crc32c \
			--output-format=json >p.json
		json_check p.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] == 512"
		json_check p.json "j[\"write\"][\"io_bytes\"] == 2097152 and j[\"read\"][\"io_bytes\"] == 2097152"
		json_check p.json "j[\"iodepth_level\"][\"1\"] < 50.0"
	'
done

test_expect_success 'posixaio: fsync every 8 writes at iodepth 8, then verify' '
	rm -f p.dat p.*.verio-state
	"$VERIO" --name=p --filename=p.dat --size=1m --bs=4k --rw=write --fsync=8 \
		--ioengine=posixaio --iodepth=8 --verify=crc32c --output-format=json >p.json
	json_check p.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and j[\"sync\"][\"total_ios\"] == 32"
'

test_expect_success 'posixaio under faulty: a bit flipped on the 2nd read is caught at 4096' '
	faulty_run 1 --faulty_engine=posixaio --iodepth=4 --faulty_rule="flip on=read nth=2 bit=900"
	incidents_are out.json 4096:bit_flips
'

test_expect_success 'posixaio under faulty: eio on the 3rd write is an I/O error, exit 3' '
	faulty_io_error 5 "write error on '\''t.dat'\'' at offset 8192, length 4096: Input/output error" \
		--faulty_engine=posixaio --iodepth=4 --faulty_rule="eio on=write nth=3"
'

test_expect_success 'posixaio: a device that refuses writes is exit 3, the target named' '
	test_expect_code 3 "$VERIO" --name=full --filename=/dev/full --size=64k \
		--rw=write --ioengine=posixaio --iodepth=8 >out 2>err
	grep "write error on .*/dev/full.*No space left on device" err
'

test_done
