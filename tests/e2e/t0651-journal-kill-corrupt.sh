#!/usr/bin/env bash
# t0651: after a kill -9 of a journaled rewrite run, damage one
# acknowledged unit (a bit flip) and one unit whose write was in flight
# (garbage: neither its old nor its new generation): verify_only with
# verify_state_load=1 finds both, at their offsets, with their classes,
# and exits 1; the in-flight units it was not given a reason to doubt are
# still accepted.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-journal.sh"
test_require_cmd python3
odirect_ok || test_skip "the scratch directory does not take O_DIRECT"
engine_built io_uring || test_skip "io_uring is not built"
journal_tmpfs
trap journal_cleanup EXIT

opts="--size=1m --bs=4k --direct=1 --ioengine=io_uring --iodepth=32 --aux-path=$JAUX"
J=$JAUX/c.0.verio-state.journal

test_expect_success 'a killed rewrite run leaves writes in flight' '
	"$VERIO" --name=c --filename=data --rw=write --verify=crc32c $opts >/dev/null
	for try in 1 2 3 4 5 6 7 8; do
		: >"$JAUX/mark"
		sleep 0.01
		"$VERIO" --name=c --filename=data --rw=randwrite --verify=crc32c \
			--verify_journal=1 --verify_state_load=1 --time_based --runtime=60 \
			$opts >/dev/null 2>&1 &
		kill_when_grown "$J" "$JAUX/mark" $!
		python3 "$SRCDIR/tests/e2e/journal.py" pending "$J" >pending
		test -s pending && ! test -e "$JAUX/c.0.verio-state.journal.next" && break
	done
	test -s pending
'

test_expect_success 'a flipped acknowledged unit and a garbage in-flight unit: both found, exit 1' '
	read -r _ inflight _ _ <pending
	# The lowest unit no open write covers was acknowledged (by the first run
	# or by this one): it must be on the media.
	acked=$(python3 -c "
import sys
busy = set()
for line in open(\"pending\"):
    f, u, n, g = map(int, line.split())
    busy.update(range(u, u + n))
print(min(set(range(256)) - busy))")
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip data $((acked * 4096 + 2000)) 3
	python3 "$SRCDIR/tests/e2e/corrupt.py" random data $((inflight * 4096)) 4096 7
	test_expect_code 1 "$VERIO" --name=c --filename=data --rw=randwrite --verify=crc32c \
		--verify_only=1 --verify_state_load=1 $opts --output-format=json >out.json 2>err
	python3 - out.json $((acked * 4096)) $((inflight * 4096)) <<-PY
	import json, sys
	v = json.load(open(sys.argv[1]))["jobs"][0]["verify"]
	got = sorted((i["offset"], i["class"]) for i in v["incidents"])
	want = sorted([(int(sys.argv[2]), "bit_flips"), (int(sys.argv[3]), "foreign")])
	assert got == want, (got, want)
	assert v["failures"] == 2 and v["journal"]["replayed"] == 1, v
	PY
'


test_done
