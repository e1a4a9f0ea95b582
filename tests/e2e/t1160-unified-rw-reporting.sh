#!/usr/bin/env bash
# t1160: unified_rw_reporting as fio 3.33's: mixed (1) sums the directions
# into one "mixed" one, both (2) adds it after them; the JSON keys, text
# lines and terse field counts are those fio writes for the same job, and
# the sums add up (total_ios, io_bytes, json+ bins), also under
# group_reporting.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3 fio

JOB="--name=x --ioengine=null --rw=randrw --size=4m --bs=4k"

# keys.py FILE: the job's keys, and the "mixed" object's, one per line.
cat >keys.py <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
print(" ".join(k for k in j if k in sys.argv[2:]))
if "mixed" in j:
    print(" ".join(j["mixed"]))
    print(" ".join(j["mixed"]["clat_ns"]))
EOF
# The keys verio writes that fio does not (documented as verio's own).
OWN="interrupted job_start cache_invalidate_failed verify_errors"

# sums.py FILE: mixed total_ios and io_bytes against read + write + trim,
# and the mixed json+ bins against its total_ios.
cat >sums.py <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
m = j["mixed"]
if len(sys.argv) > 2:
    assert m["total_ios"] == int(sys.argv[2]), m["total_ios"]
    assert m["io_bytes"] == int(sys.argv[3]), m["io_bytes"]
else:
    assert m["total_ios"] == sum(j[d]["total_ios"] for d in ("read", "write", "trim"))
    assert m["io_bytes"] == sum(j[d]["io_bytes"] for d in ("read", "write", "trim"))
    assert j["read"]["total_ios"] > 0 and j["write"]["total_ios"] > 0
assert m["clat_ns"]["N"] == m["total_ios"]
assert sum(m["clat_ns"]["bins"].values()) == m["total_ios"], "bins"
EOF

# fio's keys, minus the ones verio adds of its own.
same_keys() {
	python3 keys.py "$1" read write trim sync mixed >a
	python3 keys.py "$2" read write trim sync mixed >b
	for k in $OWN; do sed -i "s/ $k\\b//; s/^$k //" b; done
	test_cmp a b
}

for u in 1 2; do
	test_expect_success "unified_rw_reporting=$u: JSON keys as fio 3.33's" '
		fio $JOB --unified_rw_reporting='$u' --output-format=json >f'$u'.json &&
		"$VERIO" $JOB --unified_rw_reporting='$u' --output-format=json >v'$u'.json &&
		same_keys f'$u'.json v'$u'.json
	'
done

test_expect_success 'mixed: one direction, with the sums of a run without it' '
	"$VERIO" $JOB --output-format=json >plain.json &&
	"$VERIO" $JOB --unified_rw_reporting=mixed --output-format=json+ >m.json &&
	python3 sums.py m.json 1024 4194304 &&
	test "$(json_get plain.json "j[\"jobs\"][0][\"read\"][\"total_ios\"] + j[\"jobs\"][0][\"write\"][\"total_ios\"]")" = 1024
'

test_expect_success 'both: mixed = read + write, json+ bins sum to its I/O count' '
	"$VERIO" $JOB --unified_rw_reporting=both --output-format=json+ >b.json &&
	python3 sums.py b.json
'

test_expect_success 'group_reporting: mixed sums every job of the group' '
	"$VERIO" $JOB --numjobs=3 --group_reporting --unified_rw_reporting=2 \
		--output-format=json+ >g.json &&
	test "$(json_get g.json "len(j[\"jobs\"])")" = 1 &&
	python3 sums.py g.json &&
	test "$(json_get g.json "j[\"jobs\"][0][\"mixed\"][\"total_ios\"]")" = 3072 &&
	"$VERIO" $JOB --numjobs=3 --group_reporting --unified_rw_reporting=1 \
		--output-format=json+ >g1.json &&
	python3 sums.py g1.json 3072 12582912
'

test_expect_success 'text: the mixed and MIXED lines fio prints' '
	"$VERIO" $JOB --unified_rw_reporting=1 >m.txt &&
	grep -q "^  mixed: IOPS=.*(4096KiB/[0-9]*msec)\$" m.txt &&
	grep -q "^  MIXED: bw=.*, io=4096KiB (4194kB), run=" m.txt &&
	! grep -qE "^  (read|write):|^ *(READ|WRITE):" m.txt &&
	grep -q "issued rwts: total=1024,0,0,0 " m.txt &&
	"$VERIO" $JOB --unified_rw_reporting=2 >b.txt &&
	grep -A100 "^  write: IOPS=" b.txt | grep -q "^  mixed: IOPS=.*(4096KiB/" &&
	grep -q "^   READ: bw=" b.txt && grep -q "^  WRITE: bw=" b.txt &&
	grep -A1 "^  WRITE: bw=" b.txt | grep -q "^  MIXED: bw=.*, io=4096KiB (4194kB), run="
'

test_expect_success 'terse: the field counts of fio 3.33 (one block, or three)' '
	fio $JOB --unified_rw_reporting=1 --output-format=terse | tail -n 1 >f1.t &&
	fio $JOB --unified_rw_reporting=2 --output-format=terse | tail -n 1 >f2.t &&
	"$VERIO" $JOB --unified_rw_reporting=1 --output-format=terse >v1.t &&
	"$VERIO" $JOB --unified_rw_reporting=2 --output-format=terse >v2.t &&
	test "$(tr ";" "\n" <v1.t | wc -l)" = "$(tr ";" "\n" <f1.t | wc -l)" &&
	test "$(tr ";" "\n" <v2.t | wc -l)" = "$(tr ";" "\n" <f2.t | wc -l)" &&
	test "$(cut -d";" -f6 v1.t)" = 4096 &&
	test "$(cut -d";" -f88 v2.t)" = 4096
'

test_expect_success 'none and 0 keep the directions apart; a bad value is exit 2' '
	"$VERIO" $JOB --unified_rw_reporting=none --output-format=json >n.json &&
	test "$(json_get n.json "\"mixed\" in j[\"jobs\"][0]")" = false &&
	"$VERIO" $JOB --unified_rw_reporting=0 --output-format=json >z.json &&
	test "$(json_get z.json "\"read\" in j[\"jobs\"][0]")" = true &&
	test_expect_code 2 "$VERIO" $JOB --unified_rw_reporting=3 2>err &&
	grep -q "unified_rw_reporting" err
'

test_done
