#!/usr/bin/env bash
# t1002: a history cut short (a crash while a segment was appended) is
# still read up to the tear, by the rules of docs/format.md: every whole
# segment before it, the same records; a tear inside a segment header too.
# And a run interrupted by SIGINT flushes its history on the normal end
# path: whole, every write completed, as many as the report counts.
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-history.sh"
test_require_cmd python3

hist_py
test_expect_success 'a history cut inside its last segment reads up to the tear' '
	"$VERIO" --name=w --filename=t.img --size=6m --bs=4k --rw=randwrite --verify=crc32c \
		--write_history=h >/dev/null
	python3 -c "
import hist, shutil, os, struct
full = hist.read_part(\"h\")
assert full.segments == 2 and not full.torn, full.segments
size = os.path.getsize(\"h\")
first = full.records[:2048]
for cut in (size - 1, size - 100):
    shutil.copy(\"h\", \"hc\")
    os.truncate(\"hc\", cut)
    p = hist.read_part(\"hc\")
    assert p.torn and p.segments == 1 and p.records == first, (cut, p.segments)
# the tear inside the last segment header
d = open(\"h\", \"rb\").read()
first_seg = struct.unpack_from(\"<I\", d, 12)[0]
second = first_seg + 48 + struct.unpack_from(\"<I\", d, first_seg + 4)[0]
open(\"hc\", \"wb\").write(d[:second + 20])
p = hist.read_part(\"hc\")
assert p.torn and p.records == first
# no tear: nothing after the header
open(\"hc\", \"wb\").write(d[:first_seg])
p = hist.read_part(\"hc\")
assert not p.torn and p.records == []
"
'

test_expect_success 'SIGINT: exit 4, the history complete up to the end' '
	rm -f h
	"$VERIO" --name=w --filename=t.img --size=2m --bs=4k --rw=randwrite --time_based \
		--runtime=120 --write_history=h --output-format=json >out.json 2>err &
	pid=$!
	for i in $(seq 100); do
		[ -s t.img ] && break
		sleep 0.1
	done
	sleep 0.5
	kill -INT $pid
	rc=0
	wait $pid || rc=$?
	test $rc = 4
	python3 -c "
import hist, json
parts = hist.read(\"h\")
assert not parts[0].torn
ws = hist.writes(parts)
assert all(w[\"order\"] > 0 and w[\"result\"] == 0 for w in ws)
n = json.load(open(\"out.json\"))[\"jobs\"][0][\"write\"][\"total_ios\"]
assert len(ws) == n, (len(ws), n)
print(n, \"writes\")
"
'

rm -f t.img h hc
test_done
