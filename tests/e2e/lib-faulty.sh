# lib-faulty.sh - helpers for the tests of ioengine=faulty (t096*): one
# small job written and verified through a fault, and checks of exactly
# what verio reported. Source it after lib.sh (and lib-engines.sh for
# faulty_over_async).
#
# The job: 64 KiB in 4 KiB blocks, written in order, then read back and
# checked. The nth write (or read) is the block at (n - 1) * 4 KiB; with
# --loops=2 the 20th write is the second pass's block at 12 KiB, where a
# unit of generation 1 lies and generation 2 is expected.

FJOB="--name=w --filename=t.dat --size=64k --bs=4k --rw=write --verify=crc32c --ioengine=faulty"

# faulty_run CODE [OPTION...]: a fresh file and state, the job with the
# options through faulty, JSON on out.json, stderr on err; exit CODE.
faulty_run() {
	local code=$1
	shift
	rm -f t.dat w.*.verio-state
	# shellcheck disable=SC2086  # FJOB is words
	test_expect_code "$code" "$VERIO" $FJOB --output-format=json "$@" >out.json 2>err
}

# reread CODE [OPTION...]: the same file read again and checked by a
# verify_only job over psync (no fault), with the saved state; exit CODE.
reread() {
	local code=$1
	shift
	# shellcheck disable=SC2086
	test_expect_code "$code" "$VERIO" $FJOB --ioengine=psync --verify_only=1 \
		--output-format=json "$@" >out2.json 2>err2
}

# incidents_are FILE "OFFSET:CLASS[:FOUND_OFFSET]"...: the job's verify
# incidents, by offset, are exactly these (found_offset checked if given),
# the failure count and class counts agree, and the job error is EILSEQ.
incidents_are() {
	python3 - "$@" <<-'PY'
	import json, sys
	jb = json.load(open(sys.argv[1]))["jobs"][0]
	v = jb["verify"]
	want = [a.split(":") for a in sys.argv[2:]]
	got = sorted(v["incidents"], key=lambda i: i["offset"])
	assert jb["error"] == 84, ("job error", jb["error"])
	assert v["failures"] == len(want) == len(got), (v["failures"], got)
	counts = {}
	for w, g in zip(want, got):
	    assert g["offset"] == int(w[0]) and g["class"] == w[1], (w, g)
	    if len(w) > 2:
	        assert g["found_offset"] == int(w[2]), (w, g)
	    counts[w[1]] = counts.get(w[1], 0) + 1
	assert {k: n for k, n in v["classes"].items() if n} == counts, v["classes"]
	PY
}

# io_error_is ERRNO: the job ended with that I/O error and no verify
# failure (an I/O error is never reported as corruption).
io_error_is() {
	json_check out.json "j[\"error\"] == $1 and v[\"failures\"] == 0"
}

# clean FILE: exit 0 and no failure in that report.
clean() {
	json_check "$1" "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] > 0"
}

# faulty_io_error ERRNO MESSAGE [OPTION...]: the job with the options
# through faulty ends in that I/O error (exit 3) with MESSAGE (a fixed
# string) on stderr, and nothing of it is reported as a verify failure.
faulty_io_error() {
	local errno=$1 msg=$2
	shift 2
	faulty_run 3 "$@" &&
	io_error_is "$errno" &&
	grep -qF "$msg" err &&
	! grep -q "verify failed" err
}

# faulty_over_async TITLE RULE INCIDENT...: for every asynchronous engine
# built (lib-engines.sh), the test TITLE (ENGINE in it replaced by the
# engine's name): two passes at iodepth 8, RULE injected by faulty over
# that engine, the verify incidents exactly INCIDENT... (incidents_are).
faulty_over_async() {
	local title=$1 rule=$2 e
	shift 2
	for e in $(async_engines); do
		test_expect_success "${title//ENGINE/$e}" "
			faulty_run 1 --loops=2 --iodepth=8 --faulty_engine=$e --faulty_rule='$rule'
			incidents_are out.json $*
		"
	done
}
