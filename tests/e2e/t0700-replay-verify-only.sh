#!/usr/bin/env bash
# t0700: verify_only without a saved state replays the job's writes (as fio
# does): only the units the workload wrote are checked, at the generation
# the replay counts; never-written units (rw=rw's read blocks, write:N
# holes, norandommap misses) are counted unwritten and never reported as
# loss. A corrupted written unit is found at its offset (exit 1); a
# corrupted hole is not checked (exit 0). (t0701: clones, a saved state,
# workloads that cannot be replayed.)
# shellcheck disable=SC2016,SC2086  # eval'd bodies; $J splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-replay.sh"
test_require_cmd python3

# replay_case NAME WALKS OPTION...: write the job without a state and
# without a verify phase; verify_only checks WALKS x the units written (one
# walk per loop) and counts the rest unwritten; 4 bytes changed in a
# written unit are found there (once per walk); a hole overwritten with
# random bytes is not checked.
replay_case() {
	name=$1 walks=$2
	shift 2
	opts="$*"
	test_expect_success "$name: verify_only without state checks what was written" '
		rm -f f
		J="--name=r --filename=f --bs=4k --size=1m --verify=crc32c --verify_state_save=0 $opts"
		"$VERIO" $J --do_verify=0 >/dev/null
		test ! -e r.0.verio-state
		set -- $(units f 1048576)
		w=$1 h=$2 fw=$3 fh=$4
		"$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
		test "$(vsum v.json)" = "0 $((walks * w)) $h 0 -"
		test ! -s err
		test "$(json_get v.json "j[\"jobs\"][0][\"verify\"][\"verify_state\"][\"replay_units_written\"]")" = $w
		cp f clean
		poke f $((fw + 2000))
		test_expect_code 1 "$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
		test "$(vsum v.json)" = "84 $((walks * w)) $h $walks $fw"
		cp clean f
		if [ $fh -ge 0 ]; then
			scribble f $fh
			"$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
			test "$(vsum v.json)" = "0 $((walks * w)) $h 0 -"
		fi
		rm -f f clean
	'
}

replay_case "rw=rw" 1 --rw=rw
replay_case "rw=write:4096 (holes)" 1 --rw=write:4096
replay_case "randwrite, norandommap" 1 --rw=randwrite --norandommap=1
replay_case "randrw, number_ios=100" 1 --rw=randrw --number_ios=100
replay_case "loops=2 (units written twice)" 2 --rw=randwrite --loops=2

test_done
