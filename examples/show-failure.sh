#!/bin/sh
# show-failure.sh VERIO DIR - what a verification failure looks like: the
# last step of `make run`.
#
# DIR holds verio-quick-start.dat, written and verified by
# examples/quick-start.fio. This copies its first 2 MiB to DIR/demo/,
# flips one bit of the copy at a known place, verifies the copy without
# rewriting it (verify_only, with verify_dump), and prints an excerpt of
# the report and how to read it. The original file is not touched.
#
# The verify run is expected to exit 1 (a verification failure); this
# script then exits 0. Any other status of that run means the demo did
# not show what it should: it is printed and this script exits 1.
set -u

[ $# -eq 2 ] || { echo "usage: $0 VERIO DIR" >&2; exit 2; }
verio=$1 dir=$2
src=$dir/verio-quick-start.dat
demo=$dir/demo

# The flipped bit: bit 3 of byte 200 of the second 512-byte sector of the
# 4 KiB unit at 1 MiB (a payload byte: not the unit's header, not the
# sector's stamp, which are its first 64+4 and last 16 bytes).
unit=1048576
sector=1
byte=200
off=$((unit + sector * 512 + byte))
bit=3

if [ ! -f "$src" ]; then
	echo "show-failure: no $src (run examples/quick-start.fio in $dir first)" >&2
	exit 1
fi
rm -rf "$demo"
mkdir -p "$demo" || exit 1
# The first 2 MiB are enough to show it, and keep DIR small.
dd if="$src" of="$demo/copy.dat" bs=1M count=2 2>/dev/null || exit 1

# Flip the bit with od and dd: read the byte, XOR, write it back.
old=$(od -An -tu1 -j "$off" -N 1 "$demo/copy.dat" | tr -d ' ')
new=$((old ^ (1 << bit)))
# shellcheck disable=SC2059 # the format is the octal escape of one byte
printf "\\$(printf '%03o' "$new")" |
	dd of="$demo/copy.dat" bs=1 seek="$off" conv=notrunc 2>/dev/null || exit 1

cat <<EOT

==> Verification failure demo: a copy of the quick-start file with one bit flipped
    dd if=verio-quick-start.dat of=demo/copy.dat bs=1M count=2    (a copy of the first 2 MiB)
    flip bit $bit of byte $off (unit at $unit, sector $sector, byte $byte of that sector)
    verio --name=quick-start --filename=copy.dat --size=2m --bs=4k --rw=randwrite \\
          --verify=crc32c --verify_only=1 --verify_dump=1
EOT

# The same workload as quick-start.fio, on the copy; no state is loaded:
# each unit is judged by its own header, checksum and sector stamps.
(cd "$demo" && "$verio" --name=quick-start --filename=copy.dat --size=2m \
	--bs=4k --rw=randwrite --ioengine=psync --verify=crc32c \
	--verify_only=1 --verify_dump=1 >report.txt 2>&1)
rc=$?

echo
echo "--- report excerpt ($demo/report.txt has all of it):"
grep -E '^verio:|^ *verify *:' "$demo/report.txt" | head -n 12 | sed 's/^/    /'
echo "--- verio exited $rc (1: a verification failure, the expected result here)"
if [ $rc -ne 1 ]; then
	echo "show-failure: expected exit status 1 (a verification failure), got $rc" >&2
	exit 1
fi
pfx=$demo/copy.dat.$unit
if [ -f "$pfx.received" ] && [ -f "$pfx.expected" ]; then
	echo "--- cmp -l copy.dat.$unit.expected copy.dat.$unit.received (byte, 1-based; octal values):"
	cmp -l "$pfx.expected" "$pfx.received" | head -n 4 | sed 's/^/    /'
fi

cat <<EOT

How to read it:
  * "verify failed at file 'copy.dat' offset $unit, length 4096": the bad unit, by byte offset.
  * The words after "):" are its class. "bit flips": the right block, with bits changed; the
    others (zeroed, stale, misdirected, torn, foreign, ...) are listed in docs/format.md.
  * "sector $sector (offset $((unit + sector * 512))) ... generation N": the bad sector inside the
    unit, and which write of that unit (generation) its stamp says it holds.
  * Dumps in $demo/: copy.dat.$unit.received (as read), .expected (as written,
    regenerated), .json (the failure as data).
  * Exit status 1 = a verification failure (0: every byte right, 2: bad job or option,
    3: I/O error). Here it was expected, so make run succeeds.
EOT
exit 0
