#!/usr/bin/env bash
# t0501: page cache handling on files and character devices: a buffered
# write+verify on a regular file passes; a target whose cache cannot be
# dropped (a character device) is named in the report, and the job runs.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

test_expect_success 'buffered write+verify on a regular file passes' '
	"$VERIO" --name=w --filename=f --rw=randwrite --bs=4k --size=2m --verify=crc32c \
		--output-format=json >out.json
	json_clean out.json
	json_check out.json "v[\"units\"] == 512 and j[\"cache_invalidate_failed\"] == 0"
'

test_expect_success 'buffered verify_backlog and verify_only on it pass' '
	"$VERIO" --name=w --filename=f --rw=randwrite --bs=4k --size=2m --verify=crc32c \
		--verify_backlog=64 --output-format=json >out.json
	json_clean out.json
	"$VERIO" --name=w --filename=f --rw=read --bs=4k --size=2m --verify=crc32c \
		--verify_only=1 --output-format=json >out.json
	json_clean out.json
	json_check out.json "v[\"units\"] == 512 and j[\"cache_invalidate_failed\"] == 0"
'

test_expect_success 'a corrupted unit is still found after the cache drop' '
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip f $((100 * 4096 + 2000)) 5
	test_expect_code 1 "$VERIO" --name=w --filename=f --rw=read --bs=4k --size=2m \
		--verify=crc32c --verify_only=1 --output-format=json >out.json 2>err
	json_one_incident out.json class=bit_flips offset=$((100 * 4096))
'

test_expect_success 'a character device cannot be invalidated: the report says so, exit 0' '
	test -c /dev/zero
	"$VERIO" --name=z --filename=/dev/zero --rw=read --bs=4k --size=64k >out.txt
	grep "page cache   : 1 drop failed" out.txt
	"$VERIO" --name=z --filename=/dev/zero --rw=read --bs=4k --size=64k \
		--output-format=json >out.json
	json_check out.json "j[\"cache_invalidate_failed\"] == 1 and j[\"error\"] == 0"
'

test_expect_success 'invalidate=0 does not drop the cache at job start' '
	"$VERIO" --name=z --filename=/dev/zero --rw=read --bs=4k --size=64k --invalidate=0 \
		--output-format=json >out.json
	json_check out.json "j[\"cache_invalidate_failed\"] == 0"
	"$VERIO" --name=z --filename=/dev/zero --rw=read --bs=4k --size=64k --invalidate=0 >out.txt
	! grep "page cache" out.txt
'

test_expect_success 'direct=1 needs no cache drop' '
	"$VERIO" --name=w --filename=f --rw=write --bs=4k --size=1m --direct=1 --verify=crc32c \
		--output-format=json >out.json 2>err || {
		grep -i "direct\|O_DIRECT\|invalid" err   # a filesystem without O_DIRECT
		exit 0
	}
	json_clean out.json
	json_check out.json "j[\"cache_invalidate_failed\"] == 0"
'

test_done
