#!/usr/bin/env bash
# t0505: ioengine=null with verify=: as fio, the job runs and exits 0, and
# the report says that nothing was checked.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

for method in crc32c md5 meta pattern; do
	test_expect_success "null engine, write + verify=$method: exit 0, not checked" '
		"$VERIO" --name=n --ioengine=null --size=1m --bs=4k --rw=write --verify='"$method"' \
			--verify_pattern=0xdeadbeef --output-format=json >out.json
		json_clean out.json
		json_check out.json "v[\"checked\"] is False and v[\"units\"] == 0 and v[\"failures\"] == 0"
		json_check out.json "j[\"read\"][\"io_bytes\"] == 1048576 and j[\"write\"][\"io_bytes\"] == 1048576"
	'
done

test_expect_success 'the text report says nothing was checked' '
	"$VERIO" --name=n --ioengine=null --size=1m --rw=randrw --verify=crc32c >out.txt
	grep "verify       : crc32c, not checked: the engine does no I/O" out.txt
'

test_expect_success 'verify_only with the null engine: exit 0, no state kept' '
	"$VERIO" --name=n --ioengine=null --size=1m --rw=read --verify=crc32c \
		--verify_only=1 --output-format=json >out.json
	json_check out.json "v[\"checked\"] is False and v[\"failures\"] == 0 and j[\"error\"] == 0"
	test ! -e n.0.verio-state
'

test_expect_success 'a real engine reports checked=true' '
	"$VERIO" --name=w --filename=f --size=64k --rw=write --verify=crc32c \
		--output-format=json >out.json
	json_check out.json "v[\"checked\"] is True and v[\"units\"] == 16"
'

test_done
