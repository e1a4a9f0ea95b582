#!/usr/bin/env bash
# t0963: a write of which ioengine=faulty lets only the first half land
# (tear), acknowledged whole: torn at its offset, from its first sector
# not written, exit 1.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
test_require_cmd python3

test_expect_success 'the 20th write torn: torn at 12288 from sector 4 (14336)' '
	faulty_run 1 --loops=2 --faulty_rule="tear nth=20"
	incidents_are out.json 12288:torn
	json_check out.json "v[\"incidents\"][0][\"torn_sector\"] == 4 and v[\"incidents\"][0][\"torn_offset\"] == 14336"
	grep -qF "offset 12288, length 4096 (requested block: offset=12288, length=4096): torn (from sector 4 at offset 14336 generation 1, before it 2)" err
'

test_expect_success 'a 16k write torn: one 16k unit, torn from its sector 16 (24576)' '
	faulty_run 1 --loops=2 --bs=16k --faulty_rule="tear nth=6"
	# the 6th write is the second pass'"'"'s block at 16k
	incidents_are out.json 16384:torn
	json_check out.json "v[\"incidents\"][0][\"torn_sector\"] == 16 and v[\"incidents\"][0][\"torn_offset\"] == 24576"
'

test_expect_success 'a 16k write of four 4k units torn: the two not written are stale' '
	faulty_run 1 --loops=2 --bs=16k --verify_interval=4k --faulty_rule="tear nth=6"
	incidents_are out.json 24576:stale 28672:stale
'

faulty_over_async "a torn write over ENGINE (iodepth 8)" "tear nth=20" 12288:torn

test_done
