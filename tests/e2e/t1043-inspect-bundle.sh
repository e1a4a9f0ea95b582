#!/usr/bin/env bash
# t1043: `verio inspect BUNDLE`: the bundle of a failing CI-style run
# (--bundle), copied elsewhere with the originals gone, gives the same
# verdicts as inspecting the original dumps, after the manifest summary;
# a bundle made by hand in the layout (tar czf) with a write history names
# the writes; what is no verio bundle (no manifest, another format, an
# entry outside verio-bundle/, a link) is refused with exit 2; the
# temporary directory is always removed.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-inspect.sh"
. "$SRCDIR/tests/e2e/lib-bundle.sh"
test_require_cmd python3 tar
require_libarchive

mkdir -p tmp
export TMPDIR=$PWD/tmp
JOB="--name=w --filename=t.dat --size=64k --rw=write --verify=crc32c --bs=4k"

# verdicts JSON: one line per unit: offset class generations bits.
verdicts() {
	python3 - "$1" <<-'EOF'
	import json, sys
	for u in json.load(open(sys.argv[1]))["units"]:
	    print(u["offset"], u["class"], u.get("recorded_class"), u["expected_generation"],
	          u.get("found_offset"), u.get("found_generation"), u["bad_bits"], u["first_bad_sector"])
	EOF
}

test_expect_success 'a failing run writes a bundle; the dumps inspected in place' '
	"$VERIO" $JOB --write_history=h.vh >/dev/null
	$CORRUPT flip t.dat 9000 3
	$CORRUPT zero t.dat 20480 4096
	test_expect_code 1 "$VERIO" $JOB --verify_only=1 --verify_dump=1 --bundle=run.tar.gz >/dev/null 2>&1
	test -s run.tar.gz
	for o in 20480 8192; do
		test_expect_code 1 "$VERIO" inspect --json t.dat.$o.received t.dat.$o.expected \
			--state w.0.verio-state >one.json || exit 1
		verdicts one.json
	done >direct.txt
	test "$(wc -l <direct.txt)" = 2
'

test_expect_success 'the bundle elsewhere, the originals gone: the same verdicts' '
	mkdir -p elsewhere
	mv run.tar.gz elsewhere/
	rm -f t.dat t.dat.* w.0.verio-state
	(cd elsewhere && test_expect_code 1 "$VERIO" inspect --json run.tar.gz >../b.json)
	verdicts b.json >bundled.txt
	test_cmp direct.txt bundled.txt
	test "$(json_get b.json "j[\"bundle\"][\"version\"], j[\"bundle\"][\"dumps\"], j[\"bundle\"][\"states\"], j[\"exit_status\"]")" = "[1, 2, 1, 1]"
	json_get b.json "j[\"bundle\"][\"command_line\"]" | grep -q -- "--bundle=run.tar.gz"
	test "$(json_get b.json "[u[\"dump\"] for u in j[\"units\"]]")" = \
		"[\"verio-bundle/dumps/t.dat.20480.received\", \"verio-bundle/dumps/t.dat.8192.received\"]"
	(cd elsewhere && test_expect_code 1 "$VERIO" inspect run.tar.gz >../b.txt)
	head -1 b.txt | grep -q "^bundle '\''run.tar.gz'\'': verio-bundle version 1, verio .*, run 0x[0-9a-f]\{16\}, created .*, exit status 1$"
	grep -q "^  command line: .*--verify_only=1" b.txt
	grep -q "^  holds 2 dumps, 1 state file, 0 write histories$" b.txt
	grep -q "^unit at offset 8192 (4096 bytes) of '\''t.dat'\'': bit flips" b.txt
	test -z "$(ls tmp)"
'

test_expect_success 'a bundle made by hand, with a write history' '
	"$VERIO" $JOB --write_history=h.vh >/dev/null
	$CORRUPT flip t.dat 9000 3
	test_expect_code 1 "$VERIO" $JOB --verify_only=1 --verify_dump=1 >/dev/null 2>&1
	mkdir -p hand/verio-bundle/dumps hand/verio-bundle/state hand/verio-bundle/history
	cp t.dat.8192.* hand/verio-bundle/dumps/
	cp w.0.verio-state hand/verio-bundle/state/
	cp h.vh hand/verio-bundle/history/
	printf "%s\n" "{\"format\":\"verio-bundle\",\"version\":1,\"verio_version\":\"x\",\"run_id\":\"0x1\",\"created\":\"c\",\"exit_status\":1,\"command_line\":[\"verio\",\"a b\"],\"files\":[]}" \
		>hand/verio-bundle/MANIFEST.json
	printf "%s\n" "{\"kernel\":{\"sysname\":\"Linux\"},\"hostname\":\"h\",\"targets\":[{\"path\":\"t.dat\",\"rotational\":false}]}" \
		>hand/verio-bundle/environment.json
	(cd hand && tar czf ../hand.tar.gz verio-bundle)
	test_expect_code 1 "$VERIO" inspect hand.tar.gz >out
	grep -q "^  command line: verio a b$" out
	grep -q "^  kernel: sysname=Linux$" out
	grep -q "^  targets\[0\]: path=t.dat, rotational=false$" out
	grep -q "^    should be there: generation 1, bytes 8192-12287, run 0x[0-9a-f]*, job '\''w'\'' (index 0) clone 0" out
	grep -q "^    on the media:    generation 1, bytes 8192-12287" out
	test_expect_code 1 "$VERIO" inspect --json hand.tar.gz >h.json
	test "$(json_get h.json "j[\"units\"][0][\"history\"][\"should_be_there\"][\"history\"], j[\"bundle\"][\"environment\"][\"hostname\"]")" = \
		"[\"verio-bundle/history/h.vh\", \"h\"]"
	test -z "$(ls tmp)"
'

test_expect_success 'not verio bundles: exit 2, named, nothing left behind' '
	rm -rf bad && mkdir -p bad/verio-bundle && echo x >bad/verio-bundle/x
	(cd bad && tar czf ../nomanifest.tar.gz verio-bundle)
	test_expect_code 2 "$VERIO" inspect nomanifest.tar.gz 2>err
	grep -q "^verio: inspect: '\''nomanifest.tar.gz'\'' is not a verio bundle: no verio-bundle/MANIFEST.json in it$" err
	echo "{\"format\":\"other\"}" >bad/verio-bundle/MANIFEST.json
	(cd bad && tar czf ../other.tar.gz verio-bundle)
	test_expect_code 2 "$VERIO" inspect other.tar.gz 2>err
	grep -q "does not say \"format\" : \"verio-bundle\"" err
	python3 - <<-"PY"
	import io, tarfile
	for name, kind in (("evil.tar.gz", "dotdot"), ("link.tar.gz", "link")):
	    with tarfile.open(name, "w:gz") as t:
	        i = tarfile.TarInfo("verio-bundle/MANIFEST.json")
	        data = b"{\"format\":\"verio-bundle\"}"
	        i.size = len(data)
	        t.addfile(i, io.BytesIO(data))
	        if kind == "dotdot":
	            i = tarfile.TarInfo("verio-bundle/../../escaped")
	            i.size = 1
	            t.addfile(i, io.BytesIO(b"x"))
	        else:
	            i = tarfile.TarInfo("verio-bundle/dumps")
	            i.type = tarfile.SYMTYPE
	            i.linkname = "/etc"
	            t.addfile(i)
	PY
	test_expect_code 2 "$VERIO" inspect evil.tar.gz 2>err
	grep -q "an entry outside '\''verio-bundle/'\'', or not a regular file" err
	test_expect_code 2 "$VERIO" inspect link.tar.gz 2>err
	grep -q "an entry outside '\''verio-bundle/'\'', or not a regular file" err
	! test -e escaped && ! test -e ../escaped
	printf "\037\213garbage" >trunc.tar.gz
	test_expect_code 2 "$VERIO" inspect trunc.tar.gz 2>err
	grep -q "^verio: inspect: '\''trunc.tar.gz'\'' is not a verio bundle: " err
	test -z "$(ls tmp)"
'

test_done
