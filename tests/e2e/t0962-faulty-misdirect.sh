#!/usr/bin/env bash
# t0962: a write that ioengine=faulty sends to another offset (misdirect):
# misdirected where it landed (naming the offset it was for), stale where
# it was meant to go; exit 1.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
test_require_cmd python3

test_expect_success 'the 20th write lands at 4096: misdirected there, stale at 12288' '
	faulty_run 1 --loops=2 --faulty_rule="misdirect nth=20 to=4k"
	incidents_are out.json 4096:misdirected:12288 12288:stale
	grep -qF "offset 4096, length 4096 (requested block: offset=4096, length=4096): misdirected (data of offset 12288 generation 2)" err
	grep -qF "offset 12288, length 4096 (requested block: offset=12288, length=4096): stale (generation 1, expected 2: a lost write)" err
'

test_expect_success 'without to=: the block before it (8192)' '
	faulty_run 1 --loops=2 --faulty_rule="misdirect nth=20"
	incidents_are out.json 8192:misdirected:12288 12288:stale
'

faulty_over_async "a misdirected write over ENGINE (iodepth 8)" "misdirect nth=20 to=4k" \
	4096:misdirected:12288 12288:stale

test_done
