#!/usr/bin/env bash
# t0961: a write that ioengine=faulty acknowledges and never writes (drop)
# is a lost write: stale at its offset, exit 1, with any child engine.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
test_require_cmd python3

test_expect_success 'the 20th write dropped (second pass): stale at 12288, exit 1' '
	faulty_run 1 --loops=2 --faulty_rule="drop nth=20"
	incidents_are out.json 12288:stale
	grep -qF "verio: job '\''w'\'': verify failed at file '\''t.dat'\'' offset 12288, length 4096 (requested block: offset=12288, length=4096): stale (generation 1, expected 2: a lost write)" err
	json_check out.json "v[\"incidents\"][0][\"found_generation\"] == 1 and v[\"incidents\"][0][\"expected_generation\"] == 2"
'

test_expect_success 'writes over an 8k range dropped on a new file: zeroed, both units' '
	# every write over [32k, 40k): nothing of this run ever lands there,
	# and the file verio laid out holds zeros
	faulty_run 1 --faulty_rule="drop offset=32k length=8k; eio nth=99"
	incidents_are out.json 32768:zeroed 36864:zeroed
'

faulty_over_async "a dropped write over ENGINE (iodepth 8): stale at 12288" \
	"drop nth=20" 12288:stale

test_done
