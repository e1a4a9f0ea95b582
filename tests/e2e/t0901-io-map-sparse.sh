#!/usr/bin/env bash
# t0901: map and alloc on a sparse file say where its data is
# (SEEK_DATA/SEEK_HOLE): the same extents as `qemu-img map` reports as
# data. (qemu-io -f raw calls every byte of a raw image allocated, so on a
# sparse file qemu-img is the oracle; t0900 compares with qemu-io on a
# written one.)
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd qemu-img python3

# extents of `verio io -c map` as "start length data" lines
map_extents() {
	"$VERIO" io -c map "$1" | sed -E \
		's/^.*\(0x([0-9a-f]+)\) bytes (not|   ) allocated at offset .*\(0x([0-9a-f]+)\)$/\3 \1 \2/' |
	while read -r off len what; do
		echo "$((16#$off)) $((16#$len)) $([ "$what" = not ] && echo false || echo true)"
	done
}

qemu_extents() {
	qemu-img map --output=json -f raw "$1" | python3 -c '
import json, sys
for e in json.load(sys.stdin):
    print(e["start"], e["length"], "true" if e["data"] else "false")'
}

test_expect_success 'map of a sparse file: the data extents qemu-img sees' '
	truncate -s 1M s.img
	"$VERIO" io -c "write -q 64k 64k" -c "write -q 512k 4k" -c "write -q 1020k 4k" s.img
	map_extents s.img >v.map
	qemu_extents s.img >q.map
	test_cmp q.map v.map
	grep -qx "65536 65536 true" v.map
'

test_expect_success 'alloc counts the allocated bytes of a range' '
	"$VERIO" io -c "alloc 0 1M" -c "alloc 60k 8k" -c "alloc 0" -c "alloc 64k" \
		-c "alloc 1020k 1M" -c "alloc 2M" s.img >out
	cat >want <<-\EOT
	73728/1048576 bytes allocated at offset 0 bytes
	4096/8192 bytes allocated at offset 60 KiB
	0/512 bytes allocated at offset 0 bytes
	512/512 bytes allocated at offset 64 KiB
	4096/4096 bytes allocated at offset 1020 KiB
	0/0 bytes allocated at offset 2 MiB
	EOT
	test_cmp want out
'

test_expect_success 'discard punches a hole that map then shows' '
	"$VERIO" io -c "discard -q 64k 32k" s.img
	map_extents s.img >v2.map
	qemu_extents s.img >q2.map
	test_cmp q2.map v2.map
	grep -qx "0 98304 false" v2.map
	grep -qx "98304 32768 true" v2.map
	test "$(stat -c %s s.img)" = 1048576
'

rm -f s.img
test_done
