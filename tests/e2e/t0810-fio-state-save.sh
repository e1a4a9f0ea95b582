#!/usr/bin/env bash
# t0810: the pass conditions of fio's t/verify_state_save.py, on verio's
# own runs. A write job (randwrite, randrw, randrw with rwmixread=70) saves
# its verify state: exit 0, stderr empty, reads and writes in the report.
# The same jobs with verify_only=1 and verify_state_load=1, pointed at the
# writer's directory by a relative --directory and --aux-path, load it and
# read back clean; rw=randread with verify_state_load=1 too (reads only).
# A verify_only job reports the writes of its dry run (issued to no
# device), as fio does. A flipped byte and a block of an older generation
# put back are found by the loading job at their exact offset and class.
# verify_policy (another branch) joins the matrix once verio accepts it.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; option lists split
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-fioscripts.sh"
test_require_cmd python3

ENGINES=psync
if full_matrix && engine_built libaio; then
	ENGINES="libaio psync"
fi
# fio's TEST_LIST: id, rw, extra options.
CASES="100:randwrite: 103:randrw: 106:randrw:--rwmixread=70"
if have_option verify_policy; then
	CASES="$CASES 101:randwrite:--verify_policy=completed
	       102:randwrite:--verify_policy=fsynced,--fsync=16
	       104:randrw:--verify_policy=completed"
fi

# vss_job ID RW EXTRA: fio's command line of the case, less rw and its
# state options.
vss_job() {
	echo "--output=out.json --output-format=json --name=verify-state" \
	     "--filesize=4M --verify=crc32c $(echo "$3" | tr , " ")"
}

test_expect_success 'verify_state.py: save, verify_only + load, randread + load' '
	for eng in $ENGINES; do
		for c in $CASES; do
			IFS=: read -r id rw extra <<-EOF
			$c
			EOF
			save=$PWD/$eng/save/$id vo=$PWD/$eng/vo/$id rd=$PWD/$eng/read/$id
			fio_case "$save" "$VERIO" $(vss_job $id $rw $extra) --ioengine=$eng \
				--rw=$rw --verify_state_save=1
			case_ok "$save"
			ddirs_check read write | fio_json "$save/out.json"
			test -s "$save/verify-state.0.verio-state"

			fio_case "$vo" "$VERIO" $(vss_job $id $rw $extra) --ioengine=$eng \
				--rw=$rw --verify_state_save=0 --verify_state_load=1 \
				--verify_only=1 --directory=../../save/$id --aux-path=../../save/$id
			case_ok "$vo"
			# a verify_only job counts the writes of its dry run, as fio
			{ ddirs_check read write; cat <<-EOF
			vs = j["verify"]["verify_state"]
			assert vs["loaded"] and vs["checked_against"] == "saved_state", vs
			assert j["verify"]["failures"] == 0 and j["read"]["verify_errors"] == 0
			EOF
			} | fio_json "$vo/out.json"

			case $rw in randrw) continue ;; esac
			fio_case "$rd" "$VERIO" $(vss_job $id $rw $extra) --ioengine=$eng \
				--rw=randread --verify_state_save=0 --verify_state_load=1 \
				--directory=../../save/$id --aux-path=../../save/$id
			case_ok "$rd"
			{ ddirs_check read; cat <<-EOF
			assert j["verify"]["verify_state"]["loaded"]
			assert j["read"]["io_bytes"] == 4 << 20, j["read"]["io_bytes"]
			EOF
			} | fio_json "$rd/out.json"
		done
	done
	fio_json_run
	rm -rf psync libaio
'

# The writer of the fault cases: sequential, so every offset is known.
JOB="--name=verify-state --filename=f --filesize=1M --bs=4k --rw=write --verify=crc32c"

test_expect_success 'a byte flipped after the save: verify_only + load finds it (exit 1, error 84, offset)' '
	"$VERIO" $JOB --verify_state_save=1 >/dev/null
	printf "\377" | dd of=f bs=1 seek=$((20480 + 3000)) conv=notrunc 2>/dev/null
	fio_case "$PWD/flip" "$VERIO" $JOB --verify_only=1 --verify_state_load=1 \
		--directory=.. --aux-path=.. --output-format=json --output=out.json
	case_nonzero flip
	test "$(cat flip/rc)" = 1
	fio_json flip/out.json <<-EOF
	v = j["verify"]
	assert j["error"] == 84 and j["read"]["verify_errors"] == 1, (j["error"], v["failures"])
	assert [(i["offset"], i["class"]) for i in v["incidents"]] == [(20480, "bit_flips")], v["incidents"]
	assert v["verify_state"]["loaded"]
	EOF
	fio_json_run
	grep -q "verify failed at file .\.\./f. offset 20480, length 4096" flip/stderr
	rm -rf f flip verify-state.0.verio-state
'

test_expect_success 'a block of the previous generation put back: the loaded state calls it stale' '
	"$VERIO" $JOB --verify_state_save=1 >/dev/null
	cp f gen1
	"$VERIO" $JOB --verify_state_save=1 --verify_state_load=1 >/dev/null
	dd if=gen1 of=f bs=4096 skip=37 seek=37 count=1 conv=notrunc 2>/dev/null
	fio_case "$PWD/stale" "$VERIO" $JOB --verify_only=1 --verify_state_load=1 \
		--directory=.. --aux-path=.. --output-format=json --output=out.json
	case_nonzero stale
	test "$(cat stale/rc)" = 1
	fio_json stale/out.json <<-EOF
	v = j["verify"]
	assert j["error"] == 84 and j["read"]["verify_errors"] == 1, (j["error"], v["failures"])
	got = [(i["offset"], i["class"], i["expected_generation"], i["found_generation"])
	       for i in v["incidents"]]
	assert got == [(37 * 4096, "stale", got[0][3] + 1, got[0][3])], got
	EOF
	fio_json_run
	rm -rf f gen1 stale verify-state.0.verio-state
'

test_done
