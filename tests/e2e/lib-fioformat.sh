# lib-fioformat.sh - what t0760 and t0761 (verify_format=fio against
# Debian's fio 3.33) share: the fio binary (FIO, skipped without it), the
# checksums fio 3.33 has, and helpers that write with fio, make a job file
# of one job per checksum, and read with verio. Source it after lib.sh and
# lib-json.sh.
test_require_cmd python3
FIO=${FIO:-/usr/bin/fio}
[ -x "$FIO" ] || test_skip "no fio at $FIO"
"$FIO" --version | grep -q '^fio-3\.' || test_skip "$FIO is not fio 3.x"

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
# Every checksum fio 3.33 has (crc32c-intel is crc32c's hardware name).
ALGOS="md5 crc64 crc32c crc32c-intel crc32 crc16 crc7 xxhash sha512 sha256 sha1 sha3-224 sha3-256 sha3-384 sha3-512"
B=4096
# A byte every flavour covers: near the block's end (fio's sha512 of 3.33
# covers only the last partial 128-byte block and the first one's rest).
AT=$((5 * B + 4090))

fio_write() {	# ALGO FILE [OPTION...]
	local a=$1 f=$2
	shift 2
	"$FIO" --name=w --filename=$f --rw=write --bs=4k --size=64k --verify=$a \
		--do_verify=0 --output=/dev/null "$@"
}

# fio_jobs RW OPTIONS ALGO...: a job file with one job per ALGO, on file
# f.ALGO (one fio start for all: fio takes about a second to start).
fio_jobs() {
	local rw=$1 opts=$2
	shift 2
	printf '[global]\nbs=4k\nsize=64k\nrw=%s\n%s\n' "$rw" "$opts"
	for a in "$@"; do
		printf '[%s]\nfilename=f.%s\nverify=%s\n' "$a" "$a" "$a"
	done
}

verio_read() {	# ALGO FILE [OPTION...]
	local a=$1 f=$2
	shift 2
	"$VERIO" --name=r --filename=$f --rw=read --bs=4k --size=64k --verify=$a \
		--verify_format=fio --output-format=json "$@"
}
