#!/usr/bin/env bash
# t0320: fio's own verify job files ($SHARED/fio-examples, pass conditions
# from its README: those of fio's t/run-fio-tests.py) run as they are, on
# the engines verio has (sync, psync). The libaio and io_uring ones
# (basic-verify, atomic-verify, t0002, t0003, t0004, t0006, t0018, t0037)
# wait for those engines.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

EX=$SHARED/fio-examples
[ -f "$EX/README.md" ] || test_skip "no fio examples in $EX"

# t0005 and t0008 use direct=1: run them where O_DIRECT works, here or
# else in a directory under build/ (tmpfs takes no O_DIRECT).
DDIR=$(pwd)
if ! odirect_ok "$DDIR"; then
	DDIR=$(mktemp -d "$SRCDIR/build/e2e/t0320-direct.XXXXXX") || exit 1
	trap 'rm -rf "$DDIR"' EXIT
	odirect_ok "$DDIR" || DDIR=
fi

# kb JSON JOB DIR: io_kbytes of JOB (an index) in direction DIR.
kb() {
	json_get "$1" "j[\"jobs\"][$2][\"$3\"][\"io_kbytes\"]"
}

if [ -n "$DDIR" ]; then
	test_expect_success 't0005: direct sync verify_backlog=32 reads and writes 100m' '
		(cd "$DDIR" && "$VERIO" --output-format=json "$EX/t0005-f7078f7b.fio") >t0005.json
		rm -f "$DDIR/xxx" "$DDIR/write.0.verio-state"
		json_clean t0005.json
		test "$(kb t0005.json 0 read)" = 102400
		test "$(kb t0005.json 0 write)" = 102400
		test "$(json_get t0005.json "j[\"jobs\"][0][\"verify\"][\"method\"]")" = md5
		test "$(json_get t0005.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" = 25600
	'

	test_expect_success 't0008: readwrite with verify_backlog=1 reads 32m, writes about 16m' '
		(cd "$DDIR" && "$VERIO" --output-format=json "$EX/t0008-ae2fafc8.fio") >t0008.json
		rm -f "$DDIR/foo.0.0" "$DDIR/foo.0.verio-state"
		json_clean t0008.json
		test "$(kb t0008.json 0 read)" = 32768
		w=$(kb t0008.json 0 write)
		# within 3% of 16384
		test "$w" -ge 15892
		test "$w" -le 16876
		# every unit written was verified by the backlog
		test "$(json_get t0008.json "j[\"jobs\"][0][\"verify\"][\"bytes\"]")" -ge $((w * 1024))
	'
else
	echo "# O_DIRECT works nowhere here: t0005 and t0008 not run"
fi

test_expect_success 't0029: a stonewalled read-verify job with loops=2 reads 8k' '
	"$VERIO" --output-format=json "$EX/t0029.fio" >t0029.json
	json_clean t0029.json
	test "$(json_get t0029.json "len(j[\"jobs\"])")" = 2
	test "$(kb t0029.json 0 write)" = 4
	test "$(kb t0029.json 1 read)" = 8
	# each loop checked the 4k unit by its own header
	test "$(json_get t0029.json "j[\"jobs\"][1][\"verify\"][\"units\"]")" = 2
'

test_expect_success 't0036: pre saves the verify state, post loads it; both exit 0' '
	"$VERIO" --output-format=json "$EX/t0036-pre.fio" >pre.json
	json_clean pre.json
	test -f job.0.verio-state
	test "$(kb pre.json 0 write)" = 512
	"$VERIO" --output-format=json "$EX/t0036-post.fio" >post.json
	json_clean post.json
	test "$(kb post.json 0 read)" = 512
	test "$(json_get post.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" = 128
	test "$(json_get post.json "j[\"jobs\"][0][\"verify\"][\"unwritten\"]")" = 0
'

test_expect_success 't0036: post finds a unit changed after pre' '
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip t0036file 300000 5
	test_expect_code 1 "$VERIO" --output-format=json "$EX/t0036-post.fio" >post.json 2>err
	test "$(json_get post.json "[i[\"offset\"] for i in j[\"jobs\"][0][\"verify\"][\"incidents\"]]")" = "[299008]"
'

test_expect_success 't0025: experimental_verify=1 verifies (read.io_kbytes == 128)' '
	# its own scratch directory, as fio runs each job file: the earlier
	# [job] sections here left a state of that name for another file
	mkdir -p t0025 &&
	(cd t0025 && "$VERIO" --output-format=json "$EX/t0025.fio" >out 2>err) &&
	test ! -s t0025/err &&
	test "$(json_get t0025/out "j[\"jobs\"][0][\"read\"][\"io_kbytes\"]")" = 128 &&
	rm -rf t0025
'

# cross-stripe-verify.fio is written for a 30 x 124G NVMe drive: the same
# job scaled down to a file (30 jobs, 1m apart, 16k written every 128k).
test_expect_success 'cross-stripe-verify, scaled to a file: 30 jobs verify clean' '
	sed -e "s|^filename=.*|filename=cs.dat\nsize=1m|" \
		-e "s|^offset_increment=.*|offset_increment=1m|" \
		-e "s|^io_size=.*|io_size=128k|" "$EX/cross-stripe-verify.fio" >cs.fio
	grep -q "^numjobs=30" cs.fio
	"$VERIO" --output-format=json cs.fio >cs.json
	json_clean cs.json
	# group_reporting: one entry; 30 jobs x 128k x loops=2, all read back
	test "$(kb cs.json 0 write)" = 7680
	test "$(kb cs.json 0 read)" = 7680
'

test_done
