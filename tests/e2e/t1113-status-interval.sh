#!/usr/bin/env bash
# t1113: --status-interval=T: while the jobs run, a full report every T in
# each output format chosen, cumulative since the job started (fio's
# meaning), then the final report; JSON reports are documents of their own.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

null="--name=n --ioengine=null --size=100g --bs=4k --rw=randread --runtime=3 --time_based"

# docs FILE [CHECK]: split FILE into its JSON documents, check each one's
# first job reads consistently (and CHECK, python, with j the first job,
# holds), the counts never go down; print how many there are.
docs() {
	python3 - "$@" <<-'PY'
	import json, sys
	text = open(sys.argv[1]).read()
	dec, i, docs = json.JSONDecoder(), 0, []
	while True:
	    while i < len(text) and text[i].isspace():
	        i += 1
	    if i >= len(text):
	        break
	    d, i = dec.raw_decode(text, i)
	    docs.append(d)
	last = -1
	for d in docs:
	    assert list(d)[0] == "fio version"
	    j = d["jobs"][0]
	    ios = j["read"]["total_ios"] + j["write"]["total_ios"]
	    assert ios >= last, (ios, last)
	    last = ios
	    for dd in ("read", "write"):
	        assert j[dd]["clat_ns"]["N"] == j[dd]["total_ios"]
	    if len(sys.argv) > 2:
	        assert eval(sys.argv[2], {"j": j}), sys.argv[2]
	print(len(docs))
	PY
}

# interim FILE: a report before the last one shows part of the final
# counts and runtime (cumulative so far, not the end's).
interim() {
	python3 - "$1" <<-'PY'
	import json, sys
	text, dec, i, reads = open(sys.argv[1]).read(), json.JSONDecoder(), 0, []
	while text[i:].strip():
	    d, i = dec.raw_decode(text, len(text) - len(text[i:].lstrip()))
	    reads.append(d["jobs"][0]["read"])
	last = reads[-1]
	assert any(0 < r["total_ios"] < last["total_ios"] and r["runtime"] < last["runtime"]
	           for r in reads[:-1]), [(r["total_ios"], r["runtime"]) for r in reads]
	PY
}

test_expect_success 'json: a report every second, then the final one' '
	"$VERIO" $null --status-interval=1 --output-format=json >s.json
	n=$(docs s.json "j[\"error\"] == 0")
	test "$n" -ge 3 && test "$n" -le 5
	interim s.json
'

test_expect_success 'without --status-interval: one report' '
	"$VERIO" $null --runtime=1 --output-format=json >one.json
	test "$(docs one.json)" = 1
'

test_expect_success 'normal: the whole text report each time' '
	"$VERIO" $null --status-interval=1 >s.txt
	n=$(grep -c "^Run status group 0 (all jobs):" s.txt)
	test "$n" -ge 3 && test "$n" -le 5
	test "$(grep -c "^n: (groupid=0, jobs=1)" s.txt)" = "$n"
	test "$(grep -c "^n: (g=0): rw=randread" s.txt)" = 1
'

test_expect_success 'terse and json+ too' '
	"$VERIO" $null --status-interval=1 --output-format=terse >s.terse
	n=$(wc -l <s.terse)
	test "$n" -ge 3 && test "$n" -le 5
	test "$(cut -d";" -f1,3 s.terse | sort -u)" = "3;n"
	"$VERIO" $null --status-interval=1 --output-format=json+ >p.json
	docs p.json "sum(j[\"read\"][\"clat_ns\"][\"bins\"].values()) == j[\"read\"][\"total_ios\"]"
'

test_expect_success 'group_reporting: one entry per report, over both jobs' '
	"$VERIO" $null --numjobs=2 --group_reporting --status-interval=1 \
		--output-format=json >g.json
	docs g.json "len(j) and j[\"read\"][\"total_ios\"] > 0"
	python3 -c "
import json
t = open(\"g.json\").read()
d = json.JSONDecoder().raw_decode(t.lstrip())[0]
assert len(d[\"jobs\"]) == 1, len(d[\"jobs\"])
"
'

test_expect_success 'a verifying job reports as it goes and still verifies' '
	"$VERIO" --name=v --filename=v.dat --size=8m --bs=4k --rw=randwrite --verify=crc32c \
		--ioengine=psync --loops=200 --runtime=3 --time_based --status-interval=1 \
		--output-format=json >v.json
	n=$(docs v.json "j[\"error\"] == 0")
	test "$n" -ge 2
'

test_expect_success 'less than a second is refused, as by fio' '
	test_expect_code 2 "$VERIO" $null --status-interval=500ms >out 2>err
	grep -qF "verio: invalid --status-interval value '"'"'500ms'"'"'" err
	test ! -s out
'

test_done
