#!/usr/bin/env bash
# t0750: the shipped examples verify, and `make run`'s failure demo
# (examples/show-failure.sh, the script make run calls) shows what it
# says: the job files run as a newcomer runs them, with the commands
# their comments give, and the corruption they describe is found at its
# exact offset with its class and exit status 1.
# shellcheck disable=SC2016,SC2034  # eval'd bodies use EX and CORRUPT
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3 od dd cmp

EX=$SRCDIR/examples
CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
trap 'rm -rf qs later dump' EXIT

test_expect_success 'every example job file parses' '
	for f in "$EX"/*.fio; do
		VERIO_DEV=/dev/null "$VERIO" --parse-only "$f" >/dev/null
	done
'

test_expect_success 'quick-start.fio writes 64 MiB and verifies every unit (exit 0)' '
	mkdir qs
	(cd qs && "$VERIO" --output-format=json "$EX/quick-start.fio" >out.json)
	json_clean qs/out.json
	json_check qs/out.json "v[\"units\"] == 16384 and v[\"method\"] == \"crc32c\""
	test -f qs/quick-start.0.verio-state
	test -f qs/verio-quick-start.dat
'

test_expect_success 'the make run demo shows the flipped bit: unit 1048576, bit flips, dumps, exit 1' '
	"$EX/show-failure.sh" "$VERIO" qs >demo.out 2>demo.err
	grep -q "flip bit 3 of byte 1049288" demo.out
	grep -q "^    verio: .*offset 1048576, length 4096.*bit flips" demo.out
	grep -q "^    verio:   sector 1 (offset 1049088)" demo.out
	grep -q "^--- verio exited 1 " demo.out
	grep -q "^How to read it:" demo.out
	test "$(sed -n "/^How to read it:/,\$p" demo.out | grep -c "^  \* ")" -eq 5
	for s in received expected json; do test -f qs/demo/copy.dat.1048576.$s; done
	test "$(json_get qs/demo/copy.dat.1048576.json "j[\"class\"]")" = bit_flips
	test "$(json_get qs/demo/copy.dat.1048576.json "j[\"offset\"]")" = 1048576
	# exactly one byte differs, byte 713 (1-based) of the unit: 512 + 200 + 1
	cmp -l qs/demo/copy.dat.1048576.expected qs/demo/copy.dat.1048576.received >cmp.out || :
	test "$(wc -l <cmp.out)" -eq 1
	test "$(awk "{ print \$1 }" cmp.out)" = 713
	test ! -s demo.err
'

test_expect_success 'the demo fails (exit 1) when verio does not report the flip: no silent pass' '
	printf "#!/bin/sh\nexit 0\n" >passes && chmod +x passes
	test_expect_code 1 "$EX/show-failure.sh" "$PWD/passes" qs >pass.out 2>pass.err
	grep -q "expected exit status 1 (a verification failure), got 0" pass.err
'

test_expect_success 'verify-later.fio: write with state, verify_only later (exit 0), then a flip is found (exit 1)' '
	mkdir later
	(cd later && "$VERIO" --section=write "$EX/verify-later.fio" >/dev/null)
	test -f later/verify-later.0.verio-state
	(cd later && "$VERIO" --section=verify --output-format=json "$EX/verify-later.fio" >out.json)
	json_clean later/out.json
	json_check later/out.json "v[\"units\"] == 4096 and j[\"write\"][\"io_bytes\"] == 16 << 20"
	$CORRUPT flip later/verify-later.dat $((3 * 4096 + 1000)) 5
	(cd later && test_expect_code 1 "$VERIO" --section=verify --output-format=json \
		"$EX/verify-later.fio" >bad.json 2>/dev/null)
	json_one_incident later/bad.json offset=12288 class=bit_flips
'

test_expect_success 'verify-dump.fio: its own recipe gives a zeroed unit at 4096, dumped (exit 1)' '
	mkdir dump
	(cd dump && "$VERIO" "$EX/verify-dump.fio" >/dev/null)
	dd if=/dev/zero of=dump/verify-dump.dat bs=512 seek=9 count=1 conv=notrunc 2>/dev/null
	(cd dump && test_expect_code 1 "$VERIO" --verify_only=1 --verify_state_load=1 \
		--output-format=json "$EX/verify-dump.fio" >out.json 2>/dev/null)
	json_one_incident dump/out.json offset=4096 class=zeroed
	for s in received expected json; do test -f dump/verify-dump.dat.4096.$s; done
	test "$(json_get dump/verify-dump.dat.4096.json "j[\"class\"]")" = zeroed
'

test_done
