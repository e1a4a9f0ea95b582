#!/usr/bin/env bash
# t1001: write_history_max bounds the history: PATH is rotated to PATH.1
# before it passes half the bound, both parts stay within it, and the two
# read together (PATH.1 first, as docs/format.md says) hold the newest
# writes without a gap, up to the last one the report counts.
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-history.sh"
test_require_cmd python3

hist_py
test_expect_success 'a 64k bound: two parts of at most 32k, the newest writes kept' '
	echo stale >h.1
	"$VERIO" --name=w --filename=t.img --size=4m --bs=4k --rw=randwrite --loops=6 \
		--write_history=h --write_history_max=64k --output-format=json >out.json
	test "$(stat -c %s h)" -le 32768
	test "$(stat -c %s h.1)" -le 32768
	python3 -c "
import hist, json
parts = hist.read(\"h\")
n = json.load(open(\"out.json\"))[\"jobs\"][0][\"write\"][\"total_ios\"]
assert n == 6144, n
assert len(parts) == 2, \"h.1 not read\"
old, cur = parts
assert cur.part >= 2 and old.part == cur.part - 1, (old.part, cur.part)
assert old.run_id == cur.run_id and not old.torn and not cur.torn
seqs = [w[\"seq\"] for w in hist.writes(parts)]
assert seqs == list(range(seqs[0], n + 1)), (seqs[0], seqs[-1], len(seqs))
assert seqs[0] > 1
print(\"parts\", old.part, cur.part, \"writes\", seqs[0], \"..\", seqs[-1])
"
'

test_expect_success 'unbounded by default: one part, every write' '
	"$VERIO" --name=w --filename=t.img --size=4m --bs=4k --rw=randwrite --loops=6 \
		--write_history=h --output-format=json >out.json
	test ! -e h.1
	python3 -c "
import hist
parts = hist.read(\"h\")
assert len(parts) == 1 and parts[0].part == 0
assert len(hist.writes(parts)) == 6144
"
'

rm -f t.img h h.1
test_done
