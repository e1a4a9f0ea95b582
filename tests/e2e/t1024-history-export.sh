#!/usr/bin/env bash
# t1024: `verio history export` writes a write history's completed writes
# and syncs as a fio iolog, in completion order: the same writes as the run's
# own write_iolog (joined again where their units got different
# generations), fio 3.33 replays it with exactly those writes and syncs
# (traced), and verio replays it with verify. Bad input: exit 2.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-history.sh"
. "$SRCDIR/tests/e2e/lib-iolog.sh"
test_require_cmd python3 fio strace

E=$(async_engines 2>/dev/null | awk "{ print \$1 }")

T=$PWD/t.dat U=$PWD/u.dat

# writes_of LOG: its write and sync lines, without time (an iolog of any version).
writes_of() {
	iolog_seq "$1" | grep -v " read "
}

test_expect_success 'a randwrite run with fsyncs over rewrites: the export is its writes and syncs' '
	"$VERIO" --name=w --filename=$T --size=256k --bsrange=4k-16k --rw=randwrite --norandommap \
		--loops=2 --verify=crc32c --do_verify=0 --fsync=5 --write_history=h --write_iolog=w.log \
		>/dev/null
	"$VERIO" history export h -o x.log
	test "$(head -n 1 x.log)" = "fio version 3 iolog"
	writes_of w.log >want
	writes_of x.log >got
	test_cmp want got
	grep -q " sync" got
	awk "NR > 1 { if (\$1 < last) exit 1; last = \$1 }" x.log
'

test_expect_success 'the export is what an independent reading of the history says (pieces joined)' '
	hist_py
	python3 - "$T" >indep <<-EOF
	import sys, hist
	parts = hist.read("h")
	ws, ios = hist.writes(parts), {}
	assert len(ws) > len(set((w["job"], w["clone"], w["seq"]) for w in ws)), "no write in pieces"
	for w in ws:
	    k = (w["job"], w["clone"], w["seq"])
	    o = ios.setdefault(k, dict(order=w["order"], off=w["off"], len=0))
	    o["off"] = min(o["off"], w["off"])
	    o["len"] += w["len"]
	ev = [(o["order"], "%s write %d %d" % (sys.argv[1], o["off"], o["len"])) for o in ios.values()]
	ev += [(s["order"], sys.argv[1] + " sync") for s in hist.syncs(parts)]
	print("\\n".join(e for _, e in sorted(ev)))
	EOF
	test_cmp indep got
'

test_expect_success 'fio replays the export: exactly those writes and syncs, in order' '
	traced_ios fio.seq "$T" -- fio --name=r --read_iolog=x.log --ioengine=psync
	test_cmp got fio.seq
'

test_expect_success '--format=v2 to standard output: the same I/O, no times; fio replays it' '
	"$VERIO" history export --format=v2 h >x2.log
	test "$(head -n 1 x2.log)" = "fio version 2 iolog"
	sed -n 2p x2.log | grep -qx "$T add"
	writes_of x2.log >got2
	test_cmp want got2
	traced_ios fio2.seq "$T" -- fio --name=r --read_iolog=x2.log --ioengine=psync
	test_cmp want fio2.seq
'

test_expect_success 'verio replays the export with verify: every unit checked, clean' '
	rm -f "$T" r.*.verio-state
	"$VERIO" --name=r --read_iolog=x.log --verify=crc32c --replay_no_stall=1 \
		--output-format=json >out.json
	json_check out.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] > 0"
'

test_expect_success "two jobs at iodepth 4 (${E:-psync}) on two files: each write once, fio replays it in completion order" '
	"$VERIO" --ioengine=${E:-psync} --iodepth=4 --bs=4k --rw=randwrite --size=128k --verify=crc32c \
		--do_verify=0 --write_history=h2 --name=a --filename=$T --name=b --filename=$U >/dev/null
	"$VERIO" history export h2 -o x3.log
	test "$(grep -c " add\$" x3.log)" = 2
	test "$(grep -c " write " x3.log)" = 64
	writes_of x3.log >want3
	test "$(sort want3 | uniq | wc -l)" = 64
	traced_ios fio3.seq "$T" "$U" -- fio --name=r --read_iolog=x3.log --ioengine=psync
	test_cmp want3 fio3.seq
'

test_expect_success 'not a history, a missing one, bad usage: exit 2' '
	test_expect_code 2 "$VERIO" history export w.log 2>err
	grep -q "history export: .w.log. is not a readable history" err
	test_expect_code 2 "$VERIO" history export nosuch 2>err
	test_expect_code 2 "$VERIO" history export --format=v4 h 2>err
	grep -q "unknown format .v4." err
	test_expect_code 2 "$VERIO" history 2>err
	grep -q "usage: verio history export" err
	test_expect_code 3 "$VERIO" history export h -o no/such/dir/x.log 2>err
'

rm -f "$T" "$U" r.*.verio-state w.*.verio-state a.*.verio-state b.*.verio-state
test_done
