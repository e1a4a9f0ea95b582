#!/usr/bin/env bash
# t0311: the .json of a verify_dump is real JSON whatever the target is
# called (a quote and a backslash in its name), holds the same incident as
# the JSON report, key for key, and names the right unit.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
NAME='a"b\c.dat'
# 64 units of 4k; filename= keeps a backslash not before ':' or '\'
JOB="--name=w --size=256k --rw=write --bs=4k --verify=crc32c"
U=4096

# dump_matches_report DUMP OFFSET CLASS: DUMP parses, equals the report's
# only incident, and names NAME, OFFSET and CLASS.
dump_matches_report() {
	python3 - "$1" out.json "$NAME" "$2" "$3" <<-'EOF'
	import json, sys
	dump = json.load(open(sys.argv[1]))
	rep = json.load(open(sys.argv[2]))["jobs"][0]["verify"]["incidents"]
	assert len(rep) == 1, rep
	assert dump == rep[0], (dump, rep[0])
	assert dump["file"] == sys.argv[3], dump["file"]
	assert dump["offset"] == int(sys.argv[4]), dump
	assert dump["request_offset"] == int(sys.argv[4]), dump
	assert dump["class"] == sys.argv[5], dump
	assert dump["length"] == 4096 and dump["algorithm"] == "crc32c", dump
	EOF
}

test_expect_success 'a flipped bit in a target named a"b\c: the dump .json parses and is right' '
	"$VERIO" $JOB --filename="$NAME" >/dev/null
	test -f "$NAME"
	$CORRUPT flip "$NAME" $((5 * U + 100)) 1
	test_expect_code 1 "$VERIO" $JOB --filename="$NAME" --verify_only=1 --verify_dump=1 \
		--output-format=json >out.json 2>err
	python3 -m json.tool a_b_c.dat.20480.json >/dev/null
	dump_matches_report a_b_c.dat.20480.json 20480 bit_flips
	test "$(json_get a_b_c.dat.20480.json "j[\"dump_received\"]")" = ./a_b_c.dat.20480.received
	test "$(stat -c %s a_b_c.dat.20480.received)" = $U
	$CORRUPT cmp "$NAME" $((5 * U)) a_b_c.dat.20480.received
'

test_expect_success 'a zeroed unit, dumped under --aux-path: the same, there' '
	rm -f a_b_c.dat.* out.json
	mkdir -p aux
	"$VERIO" --aux-path=aux $JOB --filename="$NAME" >/dev/null
	test -f aux/w.0.verio-state
	$CORRUPT zero "$NAME" $((9 * U)) $U
	test_expect_code 1 "$VERIO" --aux-path=aux $JOB --filename="$NAME" --verify_only=1 \
		--verify_dump=1 --output-format=json >out.json 2>err
	python3 -m json.tool aux/a_b_c.dat.36864.json >/dev/null
	dump_matches_report aux/a_b_c.dat.36864.json 36864 zeroed
	test "$(json_get aux/a_b_c.dat.36864.json "j[\"first_bad_sector\"]")" = 0
	test "$(json_get aux/a_b_c.dat.36864.json "j[\"expected\"]")" = ""
'

test_done
