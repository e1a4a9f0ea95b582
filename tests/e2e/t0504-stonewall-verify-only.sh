#!/usr/bin/env bash
# t0504: a verify_only job after a stonewall (or wait_for) may verify the
# file an earlier job of the same run creates: its file is looked at when
# its turn comes, not at start-up.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

# check_two FILE: two jobs, no error, the second verified units, no failure.
check_two() {
	python3 - "$1" <<-'EOF'
	import json, sys
	a, b = json.load(open(sys.argv[1]))["jobs"]
	assert a["error"] == 0 and b["error"] == 0, (a["error"], b["error"])
	assert b["verify"]["units"] == 256 and b["verify"]["failures"] == 0, b["verify"]
	assert a["verify"]["failures"] == 0, a["verify"]
	EOF
}

test_expect_success 'write, then stonewall + verify_only on the same file: exit 0' '
	cat >job.fio <<-INI
	[global]
	filename=data
	size=1m
	bs=4k
	verify=crc32c
	[write]
	rw=randwrite
	[check]
	stonewall
	rw=read
	verify_only=1
	INI
	"$VERIO" --output-format=json job.fio >out.json
	check_two out.json
'

test_expect_success 'the same with wait_for' '
	rm -f data
	sed "s/^stonewall$/wait_for=write/" job.fio >wait.fio
	"$VERIO" --output-format=json wait.fio >out.json
	check_two out.json
'

test_expect_success 'a later verify_only job of the same name loads the state saved before its turn' '
	rm -f data ./*.verio-state
	sed "s/^\[check\]$/[check]\nname=write/" job.fio >same.fio
	grep -q "^name=write" same.fio
	"$VERIO" --output-format=json same.fio >out.json
	check_two out.json
	test -f write.0.verio-state
'

test_expect_success 'a later verify_only job whose file never appears fails at its turn (exit 3)' '
	cat >none.fio <<-INI
	[first]
	filename=other
	size=64k
	rw=write
	[check]
	stonewall
	filename=never
	size=1m
	rw=read
	verify=crc32c
	verify_only=1
	INI
	test_expect_code 3 "$VERIO" none.fio >out.txt 2>err
	grep "never.*does not exist" err
	test ! -e never
'

test_expect_success 'a bad option of the later job still exits 2 before any I/O' '
	rm -f data
	sed "s/^verify_only=1$/verify_only=1\nbs=1m\nsize=4k/" job.fio >bad.fio
	test_expect_code 2 "$VERIO" bad.fio 2>err
	grep "size 4096" err
	test ! -e data
'

test_expect_success 'a first-segment verify_only job on a missing file is refused at start-up' '
	test_expect_code 2 "$VERIO" --name=c --filename=missing --size=1m --rw=read \
		--verify=crc32c --verify_only=1 2>err
	grep "does not exist (verify_only never creates files)" err
'

test_done
