#!/usr/bin/env bash
# t0940: verio io's own commands on stamped data. stamp writes units a job
# would write and verify checks them clean; corrupt flips one bit and verify
# names its unit, sector, bit and class (bit flips), exit 1; generation 1
# verified as generation 2 is stale; a unit copied over another is
# misdirected, a zeroed one zeroed; dump writes .received (the bytes on the
# target) and .expected (the bytes stamp wrote); bad arguments fail the
# command and the shell carries on.
. "$SRCDIR/tests/e2e/lib.sh"

# vio ARGS...: verio io with every -c of ARGS on file f.
vio() {
	"$VERIO" io "$@" f
}

test_expect_success 'stamp then verify: clean' '
	truncate -s 1m f
	vio -c "stamp 0 64k" -c "verify 0 64k" >out
	grep -qx "stamped 65536/65536 bytes at offset 0 (16 units of 4096 bytes, generation 1, crc32c)" out
	grep -qx "verified 65536/65536 bytes at offset 0: 16 units, 0 failed" out
	test "$(wc -l <out)" = 2
'

test_expect_success 'a job reads what stamp wrote' '
	"$VERIO" --name=r --filename=f --size=64k --bs=4k --rw=read --verify=crc32c \
		--verify_only=1 >/dev/null 2>&1
'

# Byte 9828 = unit 8192 + 1636: sector 3 (offset 9728), bit 8 * 1636 + 5
# = 13093 of the unit.
test_expect_success 'corrupt one bit: verify names offset, sector and class, exit 1' '
	cp f clean
	vio -c "corrupt 9828 5" >out
	grep -qx "corrupted offset 9828 bit 5: 0x.. -> 0x.." out
	test "$(cmp -l clean f | wc -l)" = 1
	test "$(cmp -l clean f | awk "{print \$1 - 1}")" = 9828
	test_expect_code 1 vio -c "verify 0 64k" >out
	grep -q "^verio: job .io.: verify failed at file .f. offset 8192, length 4096 .*: bit flips (1 bits in 1 bytes, first at bit 13093 of the unit)" out
	grep -q "^verio:   sector 3 (offset 9728): bit flips, stamp offset 9728 generation 1, 1 bits differ" out
	test "$(grep -c "verify failed" out)" = 1
	grep -qx "verified 65536/65536 bytes at offset 0: 16 units, 1 failed; bit_flips 1" out
	vio -c "verify 0 8k" -c "verify 12k 52k" >out
	test "$(grep -c " 0 failed" out)" = 2
'

test_expect_success 'dump: .received holds the target, .expected what stamp wrote' '
	vio -c "dump -o d 8k 4k" >out
	grep -qx "dumped offset 8192 (generation 1, bit_flips): d/f.8192.received, d/f.8192.expected" out
	dd if=f of=want.received bs=4k skip=2 count=1 status=none
	dd if=clean of=want.expected bs=4k skip=2 count=1 status=none
	cmp d/f.8192.received want.received
	cmp d/f.8192.expected want.expected
	grep -q "\"class\" : \"bit_flips\"" d/f.8192.json
	grep -q "\"first_bad_bit\" : 13093" d/f.8192.json
	vio -c "dump 0 4k" >out
	cmp f.0.received f.0.expected
	cp clean f
'

test_expect_success 'generation 1 verified as 2: stale, every unit' '
	test_expect_code 1 vio -c "verify 0 16k 2" >out
	grep -q "^verio: job .io.: verify failed at file .f. offset 0, length 4096 .*: stale (generation 1, expected 2: a lost write)" out
	grep -qx "verified 16384/16384 bytes at offset 0: 4 units, 4 failed; stale 4" out
	vio -c "stamp 4k 4k 2" -c "verify 4k 4k 2" -c "verify 4k 4k" >out
	test "$(grep -c " 1 units, 0 failed" out)" = 2
	test_expect_code 1 vio -c "verify 4k 4k 1" >out
	grep -q "offset 4096, length 4096 .*: newer than recorded (generation 2, recorded 1" out
'

test_expect_success 'a unit copied over another: misdirected; zeroed: zeroed' '
	cp clean f
	dd if=clean of=f bs=4k skip=1 seek=5 count=1 conv=notrunc status=none
	dd if=/dev/zero of=f bs=4k seek=7 count=1 conv=notrunc status=none
	test_expect_code 1 vio -c "verify 0 64k" >out
	grep -q "offset 20480, length 4096 .*: misdirected" out
	grep -q "offset 28672, length 4096 .*: zeroed" out
	grep -qx "verified 65536/65536 bytes at offset 0: 16 units, 2 failed; zeroed 1; misdirected 1" out
'

test_expect_success 'flags: 4k sectors, 8k units, md5, another seed' '
	F="-S 4k -b 8k -a md5 -s 0xfedcba9876543210 -R 0x8000000000000001"
	vio -c "stamp $F 0 64k 3" -c "verify $F 0 64k 3" >out
	grep -q "8 units, 0 failed" out
	test_expect_code 1 vio -c "verify -S 4k -b 8k -a md5 0 8k" >out
	grep -q "verify failed at file .f. offset 0, length 8192" out
'

test_expect_success 'bad arguments fail the command; the shell carries on' '
	test_expect_code 1 vio -c "stamp 1 4k" -c "stamp -b 3000 0 4k" -c "stamp -a nope 0 4k" \
		-c "verify 0" -c "stamp 0 4k 0" -c "corrupt 0 8" -c "corrupt 1m" \
		-c "dump -q 0 4k" -c "verify 0 4k 1 2" -c "stamp 0 4k" >out 2>&1
	grep -q "must be multiples of the unit (4096 bytes)" out
	grep -q "no verio unit of 3000 bytes" out
	grep -q "nope. is no checksum" out
	grep -q "bad argument count 1 to verify" out
	grep -q "verify: wrong number of arguments" out
	grep -q "generation 0 is outside 1..65535" out
	grep -q "bit 8 is outside 0..7" out
	grep -q "offset 1048576 is past the end" out
	grep -q "unknown flag .-q." out
	grep -qx "stamped 4096/4096 bytes at offset 0 (1 units of 4096 bytes, generation 1, crc32c)" out
'

test_expect_success 'read-only: stamp and corrupt are refused' '
	cp f before
	test_expect_code 1 "$VERIO" io -r -c "stamp 0 4k" -c "corrupt 0" -c "verify 0 4k" f >out 2>&1
	grep -qx "verified 4096/4096 bytes at offset 0: 1 units, 0 failed" out
	cmp f before
'

test_expect_success 'with --mirror: stamp writes both, corrupt only the target' '
	truncate -s 64k t ref
	"$VERIO" io --mirror=ref -c "stamp 0 16k" -c "corrupt 5000" t >out
	test "$(cmp -l t ref | awk "{print \$1 - 1}")" = 5000
	test_expect_code 1 "$VERIO" io --mirror=ref -c "verify 0 16k" t >out 2>err
	grep -q "contents mismatch at offset 5000" err
	grep -q "offset 4096, length 4096 .*: bit flips" out
	grep -q "sector 1 (offset 4608): bit flips" out
	"$VERIO" io -c "verify 0 16k" ref >out
	grep -q " 4 units, 0 failed" out
	rm -f t ref
'

rm -rf f clean before d want.* out f.0.*
test_done
