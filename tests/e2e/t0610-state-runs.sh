#!/usr/bin/env bash
# t0610: runs have identity through the saved state.  A rewrite run
# continues the generations of the state it finds (its units get
# generations above the first run's), so a block of the first run put
# back after the second is found stale (exit 1), with and without
# verify_state_load.  A write job killed with SIGKILL after a checkpoint
# (verify_state_interval) leaves a state marked not clean; verify_only
# against it judges what the checkpoint recorded and counts the units
# written after it as unjudged (exit 0), while a real loss is still found.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3 timeout

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
JOB="--name=w --filename=t.dat --size=256k --bs=4k --verify=crc32c"
ST=w.0.verio-state

gens() {
	"$VERIO" state show --output-format=json $ST >show.json
	json_get show.json "j[\"files\"][0][\"generations\"]"
}

test_expect_success 'a rewrite run continues the generations of the saved state' '
	"$VERIO" $JOB --rw=write >/dev/null
	test "$(gens)" = "{\"1\": 64}"
	$CORRUPT save t.dat 8k 4k old.blk
	"$VERIO" $JOB --rw=write --output-format=json >out.json
	json_clean out.json
	test "$(gens)" = "{\"2\": 64}"
	test "$(json_get show.json "len(j[\"runs\"])")" = 2
	test "$(json_get show.json "j[\"runs\"][1][\"first_generation\"]")" = 2
	test "$(json_get show.json "j[\"runs\"][0][\"run_id\"] != j[\"runs\"][1][\"run_id\"]")" = true
	"$VERIO" $JOB --rw=randwrite --number_ios=5 >/dev/null
	test "$(gens)" = "{\"2\": 59, \"3\": 5}"
'

test_expect_success 'an old block put back after the rewrite is stale (exit 1)' '
	$CORRUPT put t.dat 8k old.blk
	test_expect_code 1 "$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 \
		--output-format=json >out.json 2>err
	json_one_incident out.json offset=8192 class=stale
	test_expect_code 1 "$VERIO" $JOB --rw=read --verify_only=1 \
		--output-format=json >out.json 2>err
	json_one_incident out.json offset=8192 class=stale
'

test_expect_success 'the first write of a fresh state starts at generation 1' '
	rm -f t.dat $ST
	"$VERIO" $JOB --rw=write --verify_state_save=0 >/dev/null
	test ! -e $ST
	"$VERIO" $JOB --rw=write >/dev/null
	test "$(gens)" = "{\"1\": 64}"
'

test_expect_success 'a target made again (zeroed in place) is not judged by the old state' '
	rm -f t.dat $ST
	"$VERIO" $JOB --rw=write >/dev/null
	dd if=/dev/zero of=t.dat bs=4k count=64 conv=notrunc status=none
	"$VERIO" $JOB --rw=randwrite --number_ios=5 --output-format=json >out.json 2>err
	json_clean out.json
	grep -q "none of 16 written units read back carries a header of its runs" err
	grep -q "starting a new one" err
	test "$(gens)" = "{\"1\": 5}"
	test "$(json_get show.json "len(j[\"runs\"])")" = 1
'

test_expect_success 'a state some units of which are still on the target is continued' '
	rm -f t.dat $ST
	"$VERIO" $JOB --rw=write >/dev/null
	dd if=/dev/zero of=t.dat bs=4k count=32 conv=notrunc status=none
	test_expect_code 1 "$VERIO" $JOB --rw=randwrite --number_ios=5 \
		--output-format=json >out.json 2>err
	! grep -q "starting a new one" err
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"failures\"] > 0")" = true
'

test_expect_success 'verify_state_load=1 judges every unit of the old state' '
	rm -f t.dat $ST
	"$VERIO" $JOB --rw=write >/dev/null
	dd if=/dev/zero of=t.dat bs=4k count=64 conv=notrunc status=none
	test_expect_code 1 "$VERIO" $JOB --rw=read --verify_only=1 --verify_state_load=1 \
		--output-format=json >out.json 2>err
'

# killed_run: a time-based random write job, killed with SIGKILL once its
# first checkpoint exists (and a little later, so that it wrote after it).
killed_run() {
	local i
	rm -f t.dat $ST
	"$VERIO" --name=w --filename=t.dat --size=16m --bs=4k --verify=crc32c \
		--rw=randwrite --time_based --runtime=60 --verify_state_interval=1 \
		"$@" >/dev/null 2>&1 &
	pid=$!
	for i in $(seq 300); do
		[ -e $ST ] && break
		sleep 0.1
	done
	sleep 0.5
	kill -9 $pid
	wait $pid || true
	test -e $ST
}

test_expect_success 'killed after a checkpoint: not clean, verify_only passes with unjudged units' '
	killed_run
	"$VERIO" state show --output-format=json $ST >show.json
	test "$(json_get show.json "j[\"clean\"]")" = false
	"$VERIO" state show $ST | grep -q "not clean (a checkpoint: the job did not end)"
	"$VERIO" --name=w --filename=t.dat --size=16m --bs=4k --verify=crc32c --rw=read \
		--verify_only=1 --verify_state_load=1 --output-format=json >out.json 2>err
	json_clean out.json
	json_check out.json "v[\"unjudged\"] > 0 and v[\"unjudged\"] + v[\"units\"] + v[\"unwritten\"] == 4096"
	n=$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"unjudged\"]")
	"$VERIO" --name=w --filename=t.dat --size=16m --bs=4k --verify=crc32c --rw=read \
		--verify_only=1 --verify_state_load=1 >out.txt 2>err
	grep -qF "$n units written after the last checkpoint could not be judged; use verify_journal=1" out.txt
'

test_expect_success 'killed after a checkpoint: a zeroed unit the checkpoint recorded is still a failure' '
	$CORRUPT zero t.dat 0 16m
	test_expect_code 1 "$VERIO" --name=w --filename=t.dat --size=16m --bs=4k \
		--verify=crc32c --rw=read --verify_only=1 --verify_state_load=1 \
		--output-format=json >out.json 2>/dev/null
	json_check out.json "v[\"unjudged\"] == 0 and v[\"failures\"] == v[\"units\"] and v[\"failures\"] > 0"
	json_check out.json "v[\"classes\"][\"zeroed\"] == v[\"failures\"]"
'

test_expect_success 'killed buffered and direct runs continue: the next run writes above them' '
	killed_run --direct=1
	"$VERIO" state show --output-format=json $ST >show.json
	max=$(json_get show.json "max(int(g) for g in j[\"files\"][0][\"generations\"])")
	"$VERIO" --name=w --filename=t.dat --size=16m --bs=4k --verify=crc32c \
		--rw=write --verify_state_interval=0 >/dev/null
	"$VERIO" state show --output-format=json $ST >show.json
	test "$(json_get show.json "list(j[\"files\"][0][\"generations\"])")" = "[\"$((max + 1))\"]"
	test "$(json_get show.json "j[\"clean\"]")" = true
'

test_done
