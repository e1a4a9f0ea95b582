#!/usr/bin/env bash
# t1090: --bundle. A CI-style failing run (a file written and verified,
# two units corrupted, then verify_only) writes one .tar.gz with exactly
# the documented layout: its MANIFEST lists what is in it, report.json is
# the run's JSON report byte for byte, the dumps are the verify_dump
# files, the command line reads back as the exact argv, the environment
# names the target. Without verify_dump there are no dumps; a passing run
# writes nothing.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-bundle.sh"
test_require_cmd python3
require_libarchive

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
JOB="--name=w --filename=t.dat --size=1m --bs=4k --rw=write --verify=crc32c"
DESC="it's a \"job\" with spaces"

# The file written and verified (passing), then units 2 and 16 damaged.
test_expect_success 'set-up: a clean run, then two units corrupted' '
	"$VERIO" $JOB >/dev/null
	$CORRUPT flip t.dat 8200 3
	$CORRUPT zero t.dat 65536 4096
'

test_expect_success 'a failing run writes the bundle and keeps exit status 1' '
	test_expect_code 1 "$VERIO" $JOB --verify_only=1 --verify_dump=1 \
		--description="$DESC" --output-format=json --bundle=b.tgz >out.json 2>err
	grep -qF "verio: bundle written to '\''b.tgz'\'' (11 files and MANIFEST.json)" err
	bundle_check b.tgz 1
'

test_expect_success 'the bundle lists exactly the layout entries' '
	cat >want <<-EOF &&
	MANIFEST.json
	command_line.txt
	dumps/t.dat.65536.expected
	dumps/t.dat.65536.json
	dumps/t.dat.65536.received
	dumps/t.dat.8192.expected
	dumps/t.dat.8192.json
	dumps/t.dat.8192.received
	environment.json
	jobs/command-line.ini
	report.json
	state/w.0.verio-state
	EOF
	bundle_ls b.tgz >got
	test_cmp want got
	cat >want <<-EOF &&
	command_line command_line.txt
	dump_expected dumps/t.dat.65536.expected
	dump_expected dumps/t.dat.8192.expected
	dump_json dumps/t.dat.65536.json
	dump_json dumps/t.dat.8192.json
	dump_received dumps/t.dat.65536.received
	dump_received dumps/t.dat.8192.received
	environment environment.json
	job_file jobs/command-line.ini
	report report.json
	state state/w.0.verio-state
	EOF
	bundle_roles b.tgz >got
	test_cmp want got
'

test_expect_success 'report.json is the run JSON report, the dumps are the dump files' '
	bundle_cat b.tgz report.json >r.json
	cmp r.json out.json
	for f in t.dat.8192.received t.dat.8192.expected t.dat.8192.json \
		 t.dat.65536.received t.dat.65536.expected t.dat.65536.json; do
		bundle_cat b.tgz dumps/$f >m
		cmp m $f
	done
	bundle_cat b.tgz state/w.0.verio-state >m
	cmp m w.0.verio-state
	test "$(bundle_get b.tgz report.json "[i[\"offset\"] for i in j[\"jobs\"][0][\"verify\"][\"incidents\"]]")" = "[8192, 65536]"
'

test_expect_success 'the command line is the exact argv, the job is in jobs/' '
	test "$(bundle_get b.tgz MANIFEST.json "j[\"command_line\"][1:]")" = \
		"$(python3 -c "import json,sys; print(json.dumps(sys.argv[1:]))" $JOB \
			--verify_only=1 --verify_dump=1 --description="$DESC" \
			--output-format=json --bundle=b.tgz)"
	bundle_cat b.tgz jobs/command-line.ini >ini
	grep -qx "\\[w\\]" ini
	grep -qx "verify_only=1" ini
	grep -qx "filename=t.dat" ini
'

test_expect_success 'environment.json names the kernel and the target' '
	test "$(bundle_get b.tgz environment.json "j[\"kernel\"][\"release\"]")" = "$(uname -r)"
	test "$(bundle_get b.tgz environment.json "j[\"hostname\"]")" = "$(uname -n)"
	test "$(bundle_get b.tgz environment.json "[(t[\"path\"], t[\"type\"], t[\"size\"]) for t in j[\"targets\"]]")" = \
		"[[\"t.dat\", \"file\", 1048576]]"
	bundle_get b.tgz environment.json "j[\"targets\"][0]" >t.json
	for k in device_model logical_block_size physical_block_size write_cache scheduler rotational; do
		json_get t.json "\"$k\" in j" | grep -qx true
	done
'

test_expect_success 'without verify_dump the bundle has no dumps, the rest is there' '
	test_expect_code 1 "$VERIO" $JOB --verify_only=1 --output-format=json \
		--bundle=nd.tgz >out2.json 2>err
	bundle_check nd.tgz 1
	bundle_ls nd.tgz >got
	test_must_fail grep -q "^dumps/" got
	grep -qx report.json got
	grep -qx environment.json got
	bundle_cat nd.tgz report.json | cmp - out2.json
'

test_expect_success 'a passing run writes no bundle and leaves the file alone' '
	rm -f t.dat w.0.verio-state
	echo keep >p.tgz
	"$VERIO" $JOB --bundle=p.tgz >/dev/null 2>err
	test_must_fail grep -q bundle err
	test "$(cat p.tgz)" = keep
	"$VERIO" $JOB --bundle=q.tgz >/dev/null
	test ! -e q.tgz
'

test_done
