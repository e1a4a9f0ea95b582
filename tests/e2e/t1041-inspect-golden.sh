#!/usr/bin/env bash
# t1041: the text of `verio inspect` on dumps is stable (golden): a bit
# flip, a misdirected sector and a zeroed sector, dumped by the io shell
# (its fixed data seed and run id: the bytes are the same in every run;
# only the write time is masked); the JSON form parses and holds the same
# verdicts; the reread triage of the dump's .json is shown when present;
# --rows and --all cap and uncap the hexdump.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-inspect.sh"
test_require_cmd python3

mask_time() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}Z \([0-9]+ ns\)/TIME/g'
}

cat >golden <<'GOLDEN'
dump 'd/t.dat.4096.received': 4096 bytes, 1 unit of 4096 bytes, 512-byte sectors, crc32c; .json beside it
unit at offset 4096 (4096 bytes) of 't.dat': bit flips (1 bits in 1 bytes, first at bit 7235 of the unit)
  recorded: bit flips (the run's verdict in the dump's .json)
  header: offset 4096, generation 3, run 0x0000000000000001, job 0, clone 0, written TIME, crc32c, unit 4096 bytes, sector 512, data seed 0x766572696f5f696f
  expected: generation 3 of offset 4096 (the dump's .json)
  expected bytes: regenerated, of the write expected above (no expected file given)
    sector 0 (offset 4096): ok, generation 3
    sector 1 (offset 4608): bit flips; should hold generation 3 of offset 4608; holds generation 3 of offset 4608; 1 bits differ in 1 bytes (first at bit 3139)
    sectors 2-7 (offsets 5120-8191): ok, generation 3
  differing rows (1 of 256): offset, expected | received, ^^ marks the bytes that differ
          4992  ec 7a 6c 4d f9 55 4b 7b 9c 8f 9e 6f ae 20 8a 01 | ec 7a 6c 4d f9 55 4b 7b 94 8f 9e 6f ae 20 8a 01
                                        ^^                                                ^^
1 unit inspected: 1 not consistent
dump 'd/t.dat.8192.received': 4096 bytes, 1 unit of 4096 bytes, 512-byte sectors, crc32c; .json beside it
unit at offset 8192 (4096 bytes) of 't.dat': misdirected (data of offset 0 generation 3)
  recorded: misdirected (the run's verdict in the dump's .json)
  header: offset 8192, generation 3, run 0x0000000000000001, job 0, clone 0, written TIME, crc32c, unit 4096 bytes, sector 512, data seed 0x766572696f5f696f
  expected: generation 3 of offset 8192 (the dump's .json)
  expected bytes: regenerated, of the write expected above (no expected file given)
    sector 0 (offset 8192): ok, generation 3
    sector 1 (offset 8704): misdirected; should hold generation 3 of offset 8704; holds generation 3 of offset 512
    sectors 2-7 (offsets 9216-12287): ok, generation 3
  differing rows (32 of 256): offset, expected | received, ^^ marks the bytes that differ
          8704  83 7e f1 ab ae f8 b2 1c 25 2b e6 ab ba 9c 04 cc | 93 b6 16 4a e9 f6 6e 7a 1a 08 51 d6 3f 29 99 8e
                ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^   ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^
          8720  c4 37 8f 21 36 98 f4 95 65 e2 4b 54 34 53 f9 bd | 93 09 9b 64 d7 46 eb e1 58 00 b9 e3 45 b2 32 27
                ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^   ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^
    ... 30 more differing rows (--rows N or --all shows them)
1 unit inspected: 1 not consistent
dump 'd/t.dat.12288.received': 4096 bytes, 1 unit of 4096 bytes, 512-byte sectors, crc32c; .json beside it
unit at offset 12288 (4096 bytes) of 't.dat': zeroed
  recorded: zeroed (the run's verdict in the dump's .json)
  header: offset 12288, generation 3, run 0x0000000000000001, job 0, clone 0, written TIME, crc32c, unit 4096 bytes, sector 512, data seed 0x766572696f5f696f
  expected: generation 3 of offset 12288 (the dump's .json)
  expected bytes: regenerated, of the write expected above (no expected file given)
    sectors 0-1 (offsets 12288-13311): ok, generation 3
    sector 2 (offset 13312): zeroed; should hold generation 3 of offset 13312; holds zeroes; 2014 bits differ in 500 bytes (first at bit 0)
    sectors 3-7 (offsets 13824-16383): ok, generation 3
  differing rows (32 of 256): offset, expected | received, ^^ marks the bytes that differ
         13312  bf 6c 1d 00 99 1e b3 8f 13 e5 95 66 55 10 30 18 | 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                ^^ ^^ ^^    ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^   ^^ ^^ ^^    ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^
         13328  76 57 a0 86 91 23 41 45 48 27 0d 3c d1 89 7d 05 | 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^   ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^
    ... 30 more differing rows (--rows N or --all shows them)
1 unit inspected: 1 not consistent
GOLDEN

test_expect_success 'dumps of three faults, made by the io shell' '
	truncate -s 64k t.dat
	"$VERIO" io -c "stamp 0 64k 3" -c "corrupt 5000 3" t.dat >/dev/null
	$CORRUPT copy t.dat 512 8704 512
	$CORRUPT zero t.dat $((12288 + 1024)) 512
	"$VERIO" io -c "dump -o d -g 3 4096 12k" t.dat >/dev/null
	test -f d/t.dat.12288.json
'

test_expect_success 'the text is the golden one' '
	for o in 4096 8192 12288; do
		test_expect_code 1 "$VERIO" inspect --rows 2 d/t.dat.$o.received || exit 1
	done | mask_time >out
	test_cmp golden out
'

test_expect_success 'JSON: the same verdicts, sectors and rows' '
	test_expect_code 1 "$VERIO" inspect --json --rows 2 d/t.dat.8192.received >out.json
	python3 - out.json <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["exit_status"] == 1 and d["units_inspected"] == 1 and not d["consistent"], d
	u = d["units"][0]
	assert (u["file"], u["dump"], u["offset"], u["length"], u["class"], u["recorded_class"]) == \
	    ("t.dat", "d/t.dat.8192.received", 8192, 4096, "misdirected", "misdirected"), u
	assert (u["expected_generation"], u["found_offset"], u["found_generation"]) == (3, 0, 3), u
	assert u["header"]["valid"] and u["header"]["run_id"] == "0x0000000000000001", u["header"]
	assert u["header"]["data_seed"] == "0x766572696f5f696f", u["header"]
	assert u["expected"]["bytes"] == "regenerated", u["expected"]
	s = u["sectors"]
	assert len(s) == 8 and [x["class"] for x in s].count("ok") == 7, s
	assert (s[1]["class"], s[1]["stamp_offset"], s[1]["stamp_generation"]) == ("misdirected", 512, 3), s[1]
	assert u["differing_rows"] == 32 and len(u["rows"]) == 2 and u["rows_omitted"] == 30, u
	r = u["rows"][0]
	assert r["offset"] == 8704 and r["mask"] == 0xffff and len(r["expected"]) == 32, r
	PY
'

test_expect_success '--all shows every differing row, --rows 1 one' '
	test_expect_code 1 "$VERIO" inspect --all d/t.dat.8192.received >out
	test "$(grep -c "^          8[0-9]\{3\}  \|^          9[0-9]\{3\}  " out)" = 32
	! grep -q "more differing rows" out
	test_expect_code 1 "$VERIO" inspect --rows 1 d/t.dat.8192.received >out
	grep -q "^    ... 31 more differing rows (--rows N or --all shows them)$" out
'

test_expect_success 'the reread triage of the .json is shown' '
	python3 - d/t.dat.4096.json <<-"PY"
	import json, sys
	j = json.load(open(sys.argv[1]))
	j["reread"] = "persistent"
	json.dump(j, open(sys.argv[1], "w"), indent=2)
	PY
	test_expect_code 1 "$VERIO" inspect d/t.dat.4096.received >out
	grep -q "^  recorded: bit flips (the run'"'"'s verdict in the dump'"'"'s .json); reread: persistent$" out
	test "$(inspect_unit 1 "class reread" d/t.dat.4096.received)" = "bit_flips persistent"
'

test_done
