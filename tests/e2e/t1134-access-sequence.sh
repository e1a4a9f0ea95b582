#!/usr/bin/env bash
# t1134: random_distribution=sequence and random_sequence_stride (fio's
# after 3.33, which fio's t/sequence.py tests): its two cases checked on
# verio's write_iolog as the script checks fio's iops log, a strided
# sequence ending the pass at the region's end, a sequence write that
# verifies, and the errors (exit 2 before any I/O).
# shellcheck disable=SC2016,SC2086  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

# blocks LOG: the blocks (4k) of LOG's reads and writes, space-separated
blocks() {
	awk '$3 == "read" || $3 == "write" { printf "%s%d", sep, $4 / 4096; sep = " " }
		END { print "" }' "$1"
}

SEQ="--name=sequence --rw=randread --random_distribution=sequence:2,0,1 --bs=4096 \
	--size=48k --ioengine=null"

test_expect_success 't/sequence.py 1: the indexes again and again' '
	"$VERIO" $SEQ --io_size=24k --random_sequence_stride=0 --write_iolog=s1.log >/dev/null
	test "$(blocks s1.log)" = "2 0 1 2 0 1"
'

test_expect_success 't/sequence.py 2: strided, each round moves on by 3' '
	"$VERIO" $SEQ --io_size=24k --random_sequence_stride=1 --write_iolog=s2.log >/dev/null
	test "$(blocks s2.log)" = "2 0 1 5 3 4"
'

test_expect_success 'strided past the region: the pass ends there' '
	"$VERIO" $SEQ --io_size=1m --random_sequence_stride=1 --write_iolog=s3.log >/dev/null
	test "$(blocks s3.log)" = "2 0 1 5 3 4 8 6 7 11 9 10"
'

test_expect_success 'a sequence write verifies (overwrites, and a strided walk)' '
	"$VERIO" --name=w --filename=w.dat --size=64k --bs=4k --rw=randwrite \
		--random_distribution=sequence:3,1 --io_size=64k --verify=crc32c \
		--output-format=json >w.json
	test "$(json_get w.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" = 2
	test "$(json_get w.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")" = 16
	rm -f w.dat w.*.verio-state
	"$VERIO" --name=w --filename=w.dat --size=64k --bs=4k --rw=randwrite \
		--random_distribution=sequence:1,0 --random_sequence_stride=1 --verify=crc32c \
		--output-format=json >w2.json
	test "$(json_get w2.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" = 16
	test "$(json_get w2.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
'

test_expect_success 'errors: exit 2 naming random_distribution' '
	test_expect_code 2 "$VERIO" $SEQ --random_distribution=sequence:2,0,12 2>err
	grep -q "random_distribution.*block 12 is past" err
	test_expect_code 2 "$VERIO" $SEQ --random_distribution=sequence:2,-1 2>err
	grep -q "random_distribution.*bad block index" err
	test_expect_code 2 "$VERIO" $SEQ --random_distribution=sequence 2>err
	grep -q "random_distribution" err
'

test_done
