#!/usr/bin/env bash
# t0503: a job whose size fits no block is refused before any I/O (exit
# 2), as in fio; a verify job with an empty or too small region too.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

test_expect_success 'size=4k bs=1m with verify is refused, naming size and bs' '
	test_expect_code 2 "$VERIO" --name=w --filename=f --size=4k --bs=1m --rw=write \
		--verify=crc32c 2>err
	grep "size 4096 is smaller than the block size bs=1048576" err
	test ! -e f
'

test_expect_success 'the same without verify is refused too (as fio)' '
	test_expect_code 2 "$VERIO" --name=w --filename=f --size=4k --bs=1m --rw=write 2>err
	grep "size 4096" err
	test_expect_code 2 "$VERIO" --name=r --filename=f --size=4k --bs=1m --rw=read 2>err
	test ! -e f
'

test_expect_success 'size equal to bs runs and verifies one unit' '
	"$VERIO" --name=w --filename=f --size=64k --bs=64k --rw=write --verify=crc32c \
		--output-format=json >out.json
	json_clean out.json
	json_check out.json "v[\"units\"] == 1"
'

test_expect_success 'a verify job with an empty region after offset is refused' '
	rm -f g && truncate -s 8k g
	test_expect_code 2 "$VERIO" --name=w --filename=g --offset=8k --bs=4k --rw=write \
		--verify=crc32c 2>err
	grep "no room past offset 8192" err
'

test_expect_success 'a verify job whose per-file region is smaller than bs is refused' '
	test_expect_code 2 "$VERIO" --name=w --size=8k --nrfiles=4 --bs=4k --rw=write \
		--verify=crc32c 2>err
	grep "smaller than the block size bs=4096: nothing could be verified" err
	test ! -e w.0.0
'

test_done
