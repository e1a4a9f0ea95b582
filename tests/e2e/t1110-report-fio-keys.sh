#!/usr/bin/env bash
# t1110: the report keys fio's scripts read: "fio version" first in the
# JSON (verio's own "verio version" after it), and fio's iodepth_submit /
# iodepth_complete (I/Os per engine submission / per reap) in the JSON and
# as the text report's "submit" and "complete" lines.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

null="--ioengine=null --size=4m --bs=4k --rw=randread"

test_expect_success '"fio version" is the first key, "verio version" the second' '
	"$VERIO" --name=n $null --output-format=json >n.json
	python3 - n.json <<-"PY"
	import json, sys
	d = json.load(open(sys.argv[1]))
	keys = list(d)
	assert keys[:3] == ["fio version", "verio version", "timestamp"], keys
	assert d["fio version"].startswith("verio-"), d["fio version"]
	assert d["fio version"] == d["verio version"]
	PY
'

# buckets J KEY WANT: the iodepth_submit / iodepth_complete map KEY of
# the first job has fio's seven keys, sums to 100 and WANT (python) holds.
buckets() {
	json_check "$1" "list(j[\"$2\"]) == [\"0\", \"4\", \"8\", \"16\", \"32\", \"64\", \">=64\"] and abs(sum(j[\"$2\"].values()) - 100) < 0.5 and $3"
}

test_expect_success 'a synchronous engine: one I/O per submit and per reap' '
	"$VERIO" --name=p --ioengine=psync --filename=p.dat --size=1m --bs=4k \
		--rw=randwrite --output-format=json >p.json
	buckets p.json iodepth_submit "j[\"iodepth_submit\"][\"4\"] == 100.0"
	buckets p.json iodepth_complete "j[\"iodepth_complete\"][\"4\"] == 100.0"
'

test_expect_success 'iodepth_batch_submit=8 submits 8 at a time' '
	"$VERIO" --name=b $null --iodepth=16 --iodepth_batch_submit=8 \
		--output-format=json >b.json
	buckets b.json iodepth_submit "j[\"iodepth_submit\"][\"8\"] == 100.0"
	buckets b.json iodepth_complete "True"
'

test_expect_success 'iodepth_batch_complete_max=2 reaps at most 2' '
	"$VERIO" --name=c $null --iodepth=16 --iodepth_batch_complete_max=2 \
		--output-format=json >c.json
	buckets c.json iodepth_complete "j[\"iodepth_complete\"][\"4\"] == 100.0"
'

test_expect_success 'group_reporting merges them' '
	"$VERIO" --name=g $null --iodepth=16 --iodepth_batch_submit=16 --numjobs=3 \
		--group_reporting --output-format=json >g.json
	json_check g.json "len(j) and j[\"iodepth_submit\"][\"16\"] == 100.0"
'

test_expect_success 'the text report has fio'"'"'s submit and complete lines' '
	"$VERIO" --name=t $null --iodepth=16 --iodepth_batch_submit=8 >t.out
	grep -A2 "^  IO depths    : " t.out >lines
	sed -n 2p lines | grep -qx "     submit    : 0=0.0%, 4=0.0%, 8=100.0%, 16=0.0%, 32=0.0%, 64=0.0%, >=64=0.0%"
	sed -n 3p lines | grep -q "^     complete  : 0=[0-9.]*%, 4=[0-9.]*%, 8=[0-9.]*%, 16=[0-9.]*%, 32=[0-9.]*%, 64=[0-9.]*%, >=64=[0-9.]*%$"
'

test_done
