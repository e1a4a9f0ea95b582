#!/usr/bin/env bash
# t0740: a verify_interval that is not a multiple of the stamp sector (fio's
# scripts use 2222 and 3791) gives stampless units: a header and checksum
# every interval, the last one of a block shorter, no sector stamps. Clean
# runs pass; a flipped bit, a zeroed interval or block, a stale block, a
# misdirected block and a damaged header are found with the right class and
# offsets, and the report says the diagnosis is coarser.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
# 32 blocks of 8k, each 3 intervals of 2222 bytes and one of 1526.
JOB="--name=w --filename=t.dat --size=256k --rw=write --bs=8k --verify=crc32c --verify_interval=2222"
B=8192
VI=2222

fresh() {
	rm -f t.dat w.*.verio-state
	"$VERIO" $JOB "$@" >/dev/null
	cp t.dat clean.dat
}

verify_fail() {
	test_expect_code 1 "$VERIO" $JOB --verify_only=1 --output-format=json "$@" >out.json 2>err
}

incident() {
	json_one_incident out.json file=t.dat "$@"
}

test_expect_success 'clean runs: 2222 and 3791, bs 4k 8k 64k, write and randwrite' '
	for vi in 2222 3791; do
		for bs in 4k 8k 64k; do
			for rw in write randwrite; do
				rm -f m.dat m.*.verio-state
				"$VERIO" --name=m --filename=m.dat --size=512k --rw=$rw --bs=$bs \
					--verify=crc32c --verify_interval=$vi --output-format=json \
					>m.json 2>m.err || { echo "$vi $bs $rw failed" >&2; cat m.err >&2; exit 1; }
				test ! -s m.err
				json_clean m.json
				json_check m.json "v[\"units\"] == 512 * 1024 // {\"4k\": 4096, \"8k\": 8192, \"64k\": 65536}[\"$bs\"]"
			done
		done
	done
'

test_expect_success 'other checksums and verify_only after the write' '
	for a in md5 sha256 xxhash crc64 meta; do
		rm -f m.dat m.*.verio-state
		"$VERIO" --name=m --filename=m.dat --size=256k --rw=randwrite --bs=8k \
			--verify=$a --verify_interval=3791 >/dev/null
		"$VERIO" --name=m --filename=m.dat --size=256k --rw=randwrite --bs=8k \
			--verify=$a --verify_interval=3791 --verify_only=1 --output-format=json >m.json
		json_clean m.json
	done
'

test_expect_success 'the layout: a stampless header at every interval, none past it' '
	fresh
	python3 - t.dat <<-EOF
	import struct, sys
	d = open(sys.argv[1], "rb").read()
	for blk in range(0, len(d), $B):
	    for k, off in enumerate(range(0, $B, $VI)):
	        h = d[blk + off: blk + off + 64]
	        assert h[:4] == b"VRIO" and h[4] == 1 and h[13] == 1, (blk, off, h[:16])
	        ulen, = struct.unpack_from("<I", h, 8)
	        assert ulen == min($VI, $B - off), (blk, off, ulen)
	        o, = struct.unpack_from("<Q", h, 16)
	        assert o == blk + off, (o, blk + off)
	EOF
'

test_expect_success 'a flipped bit: bit_flips, 1 bit, in interval 1 of the block' '
	fresh
	$CORRUPT flip t.dat $((2 * B + VI + 700)) 3
	verify_fail
	test "$(incident offset length class bad_bits first_bad_sector first_bad_sector_offset first_bad_bit | tr "\n" " ")" = \
		"16384 8192 bit_flips 1 1 18606 $(((VI + 700) * 8 + 3)) "
	incident diagnosis | grep -q "^coarse"
	grep -qF "verify failed at file '\''t.dat'\'' offset 16384, length 8192 (requested block: offset=16384, length=8192): bit flips (1 bits in 1 bytes" err
	grep -qF "diagnosis is coarser: one header per verify_interval piece of 2222 bytes and no sector stamps" err
	grep -qF "verio:   interval 1 (offset 18606): bit flips" err
'

test_expect_success 'a flipped bit in the shorter last interval' '
	fresh
	$CORRUPT flip t.dat $((3 * B + 3 * VI + 100)) 0
	verify_fail
	test "$(incident offset class first_bad_sector first_bad_sector_offset bad_bits | tr "\n" " ")" = \
		"24576 bit_flips 3 $((3 * B + 3 * VI)) 1 "
'

test_expect_success 'a zeroed interval, a zeroed block: zeroed' '
	fresh
	$CORRUPT zero t.dat $((4 * B + VI)) $VI
	verify_fail
	test "$(incident offset class first_bad_sector_offset | tr "\n" " ")" = "32768 zeroed $((4 * B + VI)) "
	cp clean.dat t.dat
	$CORRUPT zero t.dat $((4 * B)) $B
	verify_fail
	test "$(incident offset class | tr "\n" " ")" = "32768 zeroed "
	test "$(grep -c "^verio:   interval [0-3] (offset [0-9]*): zeroed" err)" = 4
'

test_expect_success 'an older block put back: stale, generation 1 of 2' '
	fresh
	cp t.dat gen1.dat
	"$VERIO" $JOB --verify_state_load=1 >/dev/null
	$CORRUPT save gen1.dat $((5 * B)) $B old.bin
	$CORRUPT put t.dat $((5 * B)) old.bin
	verify_fail
	test "$(incident offset class expected_generation found_generation | tr "\n" " ")" = \
		"40960 stale 2 1 "
'

test_expect_success 'another block copied over: misdirected, naming where from' '
	fresh
	$CORRUPT copy t.dat $((7 * B)) $((5 * B)) $B
	verify_fail
	test "$(incident offset class found_offset | tr "\n" " ")" = "40960 misdirected 57344 "
'

test_expect_success 'a flipped bit in an interval header: header' '
	fresh
	$CORRUPT flip t.dat $((6 * B + 2 * VI + 20)) 1
	verify_fail
	test "$(incident offset class first_bad_sector | tr "\n" " ")" = "49152 header 2 "
'

test_expect_success 'bad geometry: exit 2 before any I/O, naming the option' '
	rm -f g.dat
	test_expect_code 2 "$VERIO" --name=g --filename=g.dat --size=64k --rw=write --bs=8k \
		--verify=sha512 --verify_interval=100 2>err
	grep -q "verify_interval 100" err
	test_expect_code 2 "$VERIO" --name=g --filename=g.dat --size=64k --rw=write \
		--bssplit=8k/50:12k/50 --verify=crc32c --verify_interval=2222 2>err
	grep -q "multiple of the verify unit" err
	test_expect_code 2 "$VERIO" --name=g --filename=g.dat --size=64k --rw=write --bs=8k \
		--verify=crc32c --verify_interval=2222 --verify_journal=1 2>err
	grep -q "verify_journal needs sector stamps" err
	test ! -e g.dat
'

test_expect_success 'pattern_hdr on stampless units: the pattern around each interval header (fio verify.py matrix)' '
	rm -f p.dat
	for vpi in 10 129 0; do
		for vi in 2222 3791; do
			"$VERIO" --name=p --filename=p.dat --size=256k --bs=4k --rw=randwrite \
				--verify=pattern_hdr --verify_pattern=%o --verify_pattern_interval=$vpi \
				--verify_interval=$vi --verify_state_save=0 >out 2>err || return 1
			test ! -s err || return 1
		done
	done
	P="--name=p --filename=p.dat --size=64k --bs=4k --rw=write --verify=pattern_hdr"
	P="$P --verify_pattern=%o --verify_pattern_interval=129 --verify_interval=2222"
	"$VERIO" $P >/dev/null
	$CORRUPT flip p.dat 3000 2
	test_expect_code 1 "$VERIO" $P --verify_only=1 --verify_state_load=1 >out 2>err
	grep -q "verify failed at file .p.dat. offset 0, length 4096 .*bit flips (1 bits in 1 bytes, first at bit 24002 of the unit)" err
	rm -f p.dat p.0.verio-state
'

test_expect_success 'verify=pattern: an interval that does not divide the block becomes their gcd (fio)' '
	rm -f q.dat
	for vi in 2222 3791; do
		"$VERIO" --name=q --filename=q.dat --size=1m --bs=4k --rw=write --verify=pattern \
			--verify_pattern="\"abcde\"" --verify_interval=$vi --verify_state_save=0 \
			>out 2>err || return 1
		test ! -s err || return 1
	done
	$CORRUPT flip q.dat 5000 3
	test_expect_code 1 "$VERIO" --name=q --filename=q.dat --size=1m --bs=4k --rw=read \
		--verify=pattern --verify_pattern="\"abcde\"" --verify_interval=2222 >out 2>err
	grep -q "verify failed at file .q.dat. offset 4096, length 4096 .*bit flips (1 bits in 1 bytes, first at bit 7235 of the unit)" err
	rm -f q.dat
'

test_expect_success 'a state of another interval or layout does not match: exit 2, saying which' '
	rm -f l.dat l.0.verio-state
	"$VERIO" --name=l --filename=l.dat --size=64k --rw=write --bs=8k --verify=crc32c \
		--verify_interval=2222 >/dev/null
	"$VERIO" state show l.0.verio-state >show
	grep -q "^layout *: stampless (a native header per interval), a header every 2222 bytes" show
	test_expect_code 2 "$VERIO" --name=l --filename=l.dat --size=64k --rw=read --bs=8k \
		--verify=crc32c --verify_interval=3791 --verify_only=1 --verify_state_load=1 \
		>out 2>err
	grep -q "does not match this job: verify_interval (a header every N bytes): saved 2222, wanted 3791" err
	test_expect_code 2 "$VERIO" --name=l --filename=l.dat --size=64k --rw=read --bs=8k \
		--verify=crc32c --verify_only=1 --verify_state_load=1 >out 2>err
	grep -q "does not match this job: unit layout: saved stampless" err
	"$VERIO" --name=l --filename=l.dat --size=64k --rw=read --bs=8k --verify=crc32c \
		--verify_interval=2222 --verify_only=1 --verify_state_load=1 >/dev/null
	rm -f l.dat l.0.verio-state
'

test_done
