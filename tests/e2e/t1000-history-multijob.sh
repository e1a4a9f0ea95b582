#!/usr/bin/env bash
# t1000: write_history of a multi-job random write run with overlapping
# passes (numjobs clones sharing one file, and a job with mixed block sizes
# on another; several loops, fsync=N), read by a Python reader written from
# docs/format.md alone, checked against two independent records: the unit
# headers on the media (the last completed write of every unit carries the
# generation, job and clone found there) and the JSON report (writes per
# job).  Also: without verify= (generation 0); verify_only and read jobs
# neither log nor touch the history file.
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-history.sh"
test_require_cmd python3

engines="psync $(async_engines)"

jobfile() {
	cat >j.fio <<EOF
[global]
ioengine=$1
iodepth=8
rw=randwrite
bs=4k
norandommap=1
verify=crc32c
write_history=h
fsync=32
loops=3

[a]
filename=t.img
size=256k
numjobs=3
offset_increment=256k

[b]
filename=t2.img
size=256k
bssplit=4k/50:8k/30:16k/20
verify_interval=4k
EOF
}

check_history() {
	python3 - <<'EOF'
import collections, json, hist
parts = hist.read('h')
h = parts[0]
assert len(parts) == 1 and not h.torn
assert h.files == ['t.img', 't2.img'], h.files
assert h.jobs == [('a', 0), ('a', 1), ('a', 2), ('b', 0)], h.jobs
assert h.unit_len == 4096 and h.sector == 512
rep = json.load(open('out.json'))
ws = hist.writes(parts)
# one seq per I/O, 1..N in each stream, N = the report's writes
ios = collections.defaultdict(set)
for w in ws:
    ios[w['job']].add(w['seq'])
for i, job in enumerate(rep['jobs']):
    n = job['write']['total_ios']
    assert ios[i] == set(range(1, n + 1)), (i, n, len(ios[i]))
# every write completed, good; completion counters unique per I/O
orders = {}
for w in ws:
    assert w['result'] == 0 and w['order'] > 0, w
    assert h.created <= w['t_issue'] <= w['t_done'], w
    assert orders.setdefault(w['order'], (w['job'], w['seq'])) == (w['job'], w['seq'])
# the runs of one I/O are contiguous and cover it
multi = 0
by_io = collections.defaultdict(list)
for w in ws:
    by_io[(w['job'], w['seq'])].append(w)
for runs in by_io.values():
    runs.sort(key=lambda w: w['off'])
    for x, y in zip(runs, runs[1:]):
        assert x['off'] + x['len'] == y['off'] and x['gen'] != y['gen']
    multi += len(runs) > 1
assert multi > 0, 'no write split into runs of generations'
# media: the last completed write of each unit is what the unit holds
U = h.unit_len
for fi, name in enumerate(h.files):
    media = hist.media(name, U)
    last = {}
    for w in ws:
        if w['file'] != fi:
            continue
        for o in range(w['off'], w['off'] + w['len'], U):
            if o not in last or last[o]['order'] < w['order']:
                last[o] = w
    assert set(last) == set(media), (name, len(last), len(media))
    for o, (gen, job, clone, run) in media.items():
        w = last[o]
        assert run == h.run_id, (o, run)
        assert (gen, job, clone) == (w['gen'], w['job'], w['clone']), (name, o, media[o], w)
# syncs: fsync=32 of each job's file, epochs 1..n per file, after the job's
# earlier writes completed
ss = hist.syncs(parts)
assert ss
for fi in range(2):
    ep = sorted(s['epoch'] for s in ss if s['file'] == fi)
    assert ep == list(range(1, len(ep) + 1)), ep
for s in ss:
    assert s['result'] == 0
    mine = [w for w in ws if w['job'] == s['job'] and w['order'] < s['order']]
    assert len({w['seq'] for w in mine}) % 32 == 0
print('checked', len(ws), 'write records,', len(ss), 'syncs')
EOF
}

hist_py
for e in $engines; do
	test_expect_success "$e: the history agrees with the media and the report" '
		rm -f t.img t2.img h *.verio-state
		jobfile '"$e"'
		"$VERIO" j.fio --output-format=json >out.json
		check_history
	'
done

test_expect_success 'without verify=: every write logged with generation 0' '
	rm -f h
	"$VERIO" --name=w --filename=t.img --size=128k --bs=4k --rw=randwrite \
		--write_history=h --output-format=json >out.json
	python3 -c "
import hist, json
ws = hist.writes(hist.read(\"h\"))
n = json.load(open(\"out.json\"))[\"jobs\"][0][\"write\"][\"total_ios\"]
assert len(ws) == n == 32 and all(w[\"gen\"] == 0 and w[\"order\"] for w in ws)
assert hist.read(\"h\")[0].unit_len == 0
"
'

test_expect_success 'verify_only and the verify phase log no reads' '
	rm -f h h2
	"$VERIO" --name=w --filename=t.img --size=128k --bs=4k --rw=write --verify=crc32c \
		--write_history=h >/dev/null
	"$VERIO" --name=w --filename=t.img --size=128k --bs=4k --rw=write --verify=crc32c \
		--verify_only=1 --write_history=h2 >/dev/null
	python3 -c "
import hist
p = hist.read(\"h\")
assert len(hist.writes(p)) == 32 and len(p[0].records) == 64
"
	test ! -e h2
'

test_expect_success 'verify_only naming the writing run'"'"'s history leaves it whole' '
	cp h h.before
	"$VERIO" --name=w --filename=t.img --size=128k --bs=4k --rw=write --verify=crc32c \
		--verify_only=1 --write_history=h >/dev/null
	cmp h h.before
	"$VERIO" --name=w --filename=t.img --size=128k --bs=4k --rw=read --verify=crc32c \
		--write_history=h >/dev/null
	cmp h h.before
'

rm -f t.img t2.img h h2 h.before
test_done
