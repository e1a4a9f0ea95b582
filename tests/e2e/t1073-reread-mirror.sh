#!/usr/bin/env bash
# t1073: reread triage of a mirror= mismatch: both sides are read again
# with the cache bypassed. A read of the target flipped in flight
# (ioengine=faulty) is transient, and the target's side is the one that
# changed; a write flipped on its way to the target is persistent on both
# sides; verify_reread=0 is off. In the range's text line and JSON, counted
# in the mirror object's "rereads"; exit 1.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-mirror.sh"
. "$SRCDIR/tests/e2e/lib-reread.sh"
test_require_cmd python3
engine_built faulty || test_skip "faulty is not built"

# fjob RULE [OPTION...]: 256 KiB in 4 KiB blocks through faulty over psync,
# verified, mirrored to r.img; JSON on out.json, stderr on err; exit 1.
fjob() {
	local rule=$1
	shift
	rm -f t.img r.img t.img.mirror.* f.*.verio-state
	test_expect_code 1 "$VERIO" --name=f --filename=t.img --mirror=r.img --rw=write \
		--bs=4k --size=256k --verify=crc32c --ioengine=faulty "--faulty_rule=$rule" \
		--output-format=json "$@" >out.json 2>err
}

# range_reread VERDICT [SIDE]: the one mismatching range was reread with
# VERDICT (and SIDE changed), and the mirror's "rereads" counts it alone.
range_reread() {
	test "$(mirror_json "[\"mismatches\"]")" = 1
	test "$(mirror_json "[\"ranges\"][0][\"reread\"]")" = "$1"
	test "$(mirror_json "[\"ranges\"][0].get(\"reread_changed\", \"-\")")" = "${2:--}"
	test "$(mirror_json "[\"rereads\"][\"$1\"]")" = 1
	test "$(json_get out.json "sum(j[\"jobs\"][0][\"mirror\"][\"rereads\"].values())")" = 1
}

test_expect_success 'a read of the target flipped in flight: transient, the target changed' '
	fjob "flip on=read nth=3 bit=8000"
	range_reread transient target
	grep -qx "verio: job .f.: mirror: .t.img. offset 8704, length 512 differs from reference .r.img. (first byte at 9192): bit_flips (transient: the reread with the cache bypassed agrees; the target.s first read changed)" err
	# the verifier rereads its unit too
	reread_is out.json 8192 transient
	cmp t.img r.img
'

test_expect_success 'a write flipped on its way to the target: persistent on both sides' '
	fjob "flip on=write nth=20 bit=8000"
	range_reread persistent
	grep -qx "verio: job .f.: mirror: .t.img. offset 78336, length 512 differs from reference .r.img. (first byte at 78824): bit_flips (persistent: the reread with the cache bypassed shows the same data on both sides)" err
	reread_is out.json 77824 persistent
'

test_expect_success 'verify_reread=0: off, no reread words' '
	fjob "flip on=read nth=3 bit=8000" --verify_reread=0
	range_reread off
	! grep -q "reread" err
'

test_done
