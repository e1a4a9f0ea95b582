#!/usr/bin/env bash
# t0820: the pass conditions of fio's t/numberio_overlap.py, on verio's own
# runs: io_size twice (or four times) the size, so every offset is written
# more than once, and only the last write of each block may be accepted.
# Offline: a write phase (do_verify=0) must write io_size bytes (reads and
# writes together for rw/randrw), then a verify_only phase of the same job
# must exit 0 with no verify error and, for write without norandommap,
# read exactly size bytes (each block once). Online (do_verify=1): io_size
# written, size read back, no verify error. Also with two files and with
# files made smaller than size beforehand. A byte flipped between the two
# phases is found at its offset (exit 1, error 84, verify_errors 1).
# verify_write_sequence and fallocate (other branches) join the command
# lines, as in fio's script, once verio accepts them.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; option lists split
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-fioscripts.sh"
test_require_cmd python3

FALLOC=
have_option fallocate && FALLOC=--fallocate=truncate
VWS=
have_option verify_write_sequence && VWS=--verify_write_sequence=1
K=1024 M=$((1024 * 1024))

# fio's TEST_LIST: id kind rw norandommap nrfiles size io_size filesize
TCS="1 off write 0 1 $M $((2 * M)) -
2 on write 0 1 $M $((2 * M)) -
3 off randwrite 1 1 $M $((2 * M)) -
4 on randwrite 1 1 $M $((2 * M)) -
5 off rw 0 1 $M $((4 * M)) -
6 on rw 0 1 $M $((4 * M)) -
7 off randrw 1 1 $M $((4 * M)) -
8 on randrw 1 1 $M $((4 * M)) -
9 off write 0 1 $M $((2 * M)) $((512 * K))
10 off write 0 2 $M $((2 * M)) -
11 on write 0 2 $M $((2 * M)) -
12 off randwrite 1 2 $M $((2 * M)) -
13 off write 0 2 $M $((2 * M)) $((256 * K))"
if full_matrix; then
	ENGINES=psync
	engine_built io_uring && ENGINES="io_uring psync"
else
	ENGINES=psync
	TCS=$(printf '%s\n' "$TCS" | awk '$1 ~ /^(1|2|3|6|9|10|13)$/')
fi

# names BASE NRFILES: fio's --filename value, colon-joined for two files.
names() {
	if [ "$2" = 1 ]; then echo "$1"; else echo "$1.0:$1.1"; fi
}

test_expect_success 'numberio_overlap.py: offline and online overlap cases' '
	for eng in $ENGINES; do
		printf "%s\n" "$TCS" | while read -r id kind rw nrm nrf size iosize fsize; do
			dir=$PWD/$eng/$id
			mkdir -p "$dir"
			f=$dir/overlap.dat
			if [ "$fsize" != - ]; then
				for n in $(names "$f" $nrf | tr : " "); do
					truncate -s "$fsize" "$n"
				done
			fi
			common="--ioengine=$eng $FALLOC --filename=$(names "$f" $nrf) --rw=$rw
				--bs=128k --size=$size --io_size=$iosize --verify=crc32c
				--output-format=json --norandommap=$nrm"
			if [ $kind = off ]; then
				fio_case "$dir/w" "$VERIO" --name=overlap-verify $common \
					--do_verify=0 --output=out.json
				case_ok "$dir/w"
				fio_json "$dir/w/out.json" <<-EOF
				w, r = j["write"]["io_bytes"], j["read"]["io_bytes"]
				if "$rw" in ("rw", "randrw"):
				    assert w + r == $iosize, (w, r)
				else:
				    assert w == $iosize, w
				EOF
				fio_case "$dir/v" "$VERIO" --name=overlap-verify $common \
					--do_verify=1 --verify_only=1 $VWS --output=out.json
			else
				fio_case "$dir/v" "$VERIO" --name=online-overlap-verify $common \
					--do_verify=1 $VWS --output=out.json
			fi
			case_ok "$dir/v"
			fio_json "$dir/v/out.json" <<-EOF
			assert j["error"] == 0 and j["read"]["verify_errors"] == 0, j["error"]
			mixed, nrm = "$rw" in ("rw", "randrw"), $nrm
			if "$kind" == "on" and not mixed:
			    assert j["write"]["io_bytes"] == $iosize, j["write"]["io_bytes"]
			if not mixed and not nrm:
			    assert j["read"]["io_bytes"] == $size, j["read"]["io_bytes"]
			EOF
		done
	done
	fio_json_run
	rm -rf psync io_uring
'

test_expect_success 'a byte flipped between the overlap write and the verify_only phase is found' '
	common="--ioengine=psync $FALLOC --filename=$PWD/o.dat --rw=write --bs=128k --size=1m
		--io_size=2m --verify=crc32c --output-format=json"
	"$VERIO" --name=overlap-verify $common --do_verify=0 --output=w.json
	printf "\001" | dd of=o.dat bs=1 seek=$((3 * 131072 + 5000)) conv=notrunc 2>/dev/null
	fio_case "$PWD/v" "$VERIO" --name=overlap-verify $common --do_verify=1 \
		--verify_only=1 $VWS --output=out.json
	case_nonzero v
	test "$(cat v/rc)" = 1
	fio_json v/out.json <<-EOF
	v = j["verify"]
	assert j["error"] == 84 and j["read"]["verify_errors"] == 1, (j["error"], v["failures"])
	got = [(i["offset"], i["class"]) for i in v["incidents"]]
	assert got == [(3 * 131072, "bit_flips")], got
	EOF
	fio_json_run
	rm -rf o.dat v w.json overlap-verify.0.verio-state
'

test_done
