#!/usr/bin/env bash
# t1091: --bundle at its edges. A bad bundle path is refused before any
# I/O (exit 2, the option named); verify_bundle in a job file's [global]
# bundles that job file; every failing unit's dumps go in, not only the
# 16 the report keeps (and no stale dump of an earlier run); an I/O error
# (exit 3) bundles too; a bundle that cannot be written is reported and
# leaves the run's exit status and no partial file. The journal goes in
# beside its state.
# shellcheck disable=SC2016,SC2034,SC2086,SC2317  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-bundle.sh"
test_require_cmd python3
require_libarchive

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"
JOB="--name=w --filename=t.dat --size=1m --bs=4k --rw=write --verify=crc32c"

# refused CODE WHAT ARGS...: verio ARGS exits 2 with WHAT on stderr, and
# the target n.dat was never created (nothing ran).
refused() {
	local what=$1
	shift
	test_expect_code 2 "$VERIO" --name=n --filename=n.dat --size=64k --rw=write \
		--verify=crc32c "$@" >/dev/null 2>err &&
	grep -qF "$what" err &&
	test ! -e n.dat
}

test_expect_success 'bad bundle paths exit 2 before any I/O' '
	refused "verio: --bundle '\''nodir/b.tgz'\'': cannot write in directory '\''nodir/'\''" --bundle=nodir/b.tgz
	refused "verio: --bundle '\''.'\'': is a directory" --bundle=.
	refused "not a regular file" --bundle=/dev/null
	refused "verio: bundle '\''n.dat'\'' is a target of job '\''n'\''" --bundle=n.dat
	refused "verio: bundle '\''./n.dat'\'' is a target" --bundle=./n.dat
	refused "verio: option '\''--bundle'\'' needs a file name" --bundle=
	printf "[global]\nverify_bundle=nodir/x.tgz\n[n]\n" >bad.fio
	refused "verio: verify_bundle '\''nodir/x.tgz'\''" bad.fio
	printf "[a]\nverify_bundle=a.tgz\n[b]\nverify_bundle=b.tgz\n" >two.fio
	refused "the jobs name two bundles" two.fio
'

test_expect_success 'verify_bundle in [global] bundles the job file' '
	cat >j.fio <<-EOF &&
	; a job file
	[global]
	verify_bundle=jb.tgz
	verify_dump=1
	[w]
	filename=t.dat
	size=1m
	bs=4k
	rw=write
	verify=crc32c
	EOF
	"$VERIO" j.fio >/dev/null
	$CORRUPT random t.dat 12288 4096
	test_expect_code 1 "$VERIO" --verify_only=1 j.fio >out.txt 2>err
	bundle_check jb.tgz 1
	bundle_cat jb.tgz jobs/j.fio | cmp - j.fio
	bundle_ls jb.tgz >got
	bundle_cat jb.tgz jobs/command-line.ini | grep -v "^;" >ini
	printf "[global]\nverify_only=1\n" | cmp - ini
	grep -qx dumps/t.dat.12288.received got
'

test_expect_success 'every failing unit is bundled, not an earlier run dump' '
	rm -f t.dat* w.0.verio-state
	"$VERIO" $JOB >/dev/null
	for k in $(seq 0 19); do $CORRUPT flip t.dat $((k * 8192 + 100)) 0; done
	echo stale >t.dat.1044480.json
	touch -d "1 hour ago" t.dat.1044480.json
	test_expect_code 1 "$VERIO" $JOB --verify_only=1 --verify_dump=1 \
		--output-format=json --bundle=many.tgz >out.json 2>err
	test "$(json_get out.json "len(j[\"jobs\"][0][\"verify\"][\"incidents\"])")" = 16
	bundle_check many.tgz 1
	bundle_ls many.tgz >got
	test "$(grep -c "^dumps/" got)" = 60
	for k in $(seq 0 19); do
		grep -qx "dumps/t.dat.$((k * 8192)).received" got
		bundle_cat many.tgz dumps/t.dat.$((k * 8192)).received | cmp - t.dat.$((k * 8192)).received
	done
	test_must_fail grep -q 1044480 got
'

test_expect_success 'the verify journal goes in beside its state' '
	rm -f t.dat* w.0.verio-state*
	"$VERIO" $JOB --verify_journal=1 >/dev/null
	$CORRUPT flip t.dat 5000 1
	test_expect_code 1 "$VERIO" $JOB --verify_journal=1 --verify_only=1 \
		--bundle=jn.tgz >/dev/null 2>err
	bundle_check jn.tgz 1
	bundle_roles jn.tgz >got
	grep -qx "state state/w.0.verio-state" got
	grep -qx "journal state/w.0.verio-state.journal" got
	bundle_cat jn.tgz state/w.0.verio-state.journal | cmp - w.0.verio-state.journal
'

test_expect_success 'a bundle never replaces a file it would hold (the state)' '
	cp w.0.verio-state s.bak
	test_expect_code 1 "$VERIO" $JOB --verify_only=1 --bundle=w.0.verio-state >/dev/null 2>err
	grep -qx "verio: bundle '\''w.0.verio-state'\'' is '\''w.0.verio-state'\'', a file of the run it would hold" err
	cmp s.bak w.0.verio-state
'

test_expect_success 'an I/O error (exit 3) writes a bundle too' '
	rm -f t.dat w.0.verio-state
	test_expect_code 3 "$VERIO" $JOB --ioengine=faulty --faulty_rule="eio on=write nth=3" \
		--output-format=json --bundle=io.tgz >out.json 2>err
	bundle_check io.tgz 3
	bundle_cat io.tgz report.json | cmp - out.json
'

if [ "$(id -u)" -eq 0 ] && mkdir small && mount -t tmpfs -o size=64k tmpfs small 2>/dev/null; then
	trap 'umount small 2>/dev/null' EXIT
	test_expect_success 'a bundle that cannot be written leaves exit 1 and no file' '
		rm -f t.dat* w.0.verio-state
		"$VERIO" $JOB >/dev/null
		for k in $(seq 0 31); do $CORRUPT random t.dat $((k * 8192)) 4096 $k; done
		test_expect_code 1 "$VERIO" $JOB --verify_only=1 --verify_dump=1 \
			--bundle=small/b.tgz >/dev/null 2>err
		grep -qx "verio: cannot write bundle '\''small/b.tgz'\'': No space left on device" err
		test "$(ls -A small)" = ""
	'
	umount small
	trap - EXIT
else
	echo "# skipped the full-filesystem case: needs root and tmpfs"
fi

test_done
