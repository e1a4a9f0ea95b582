#!/usr/bin/env bash
# t0600: the saved verify state (version 2) is bound to its job and to the
# identity of its target: a damaged, cut, other-version or mismatched
# state is refused with a clear message (exit 2); the same file reached by
# another spelling (../ path, symlink) is accepted; `verio state show` and
# `verio state diff` describe it.
# shellcheck disable=SC2016,SC2034,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3

JOB="--name=w --filename=t.dat --size=256k --bs=4k --verify=crc32c"
ST=w.0.verio-state

# seal FILE FIELD_OFFSET VALUE: set the 32-bit field and reseal the crc32c.
seal() {
	python3 - "$@" <<-'EOF'
	import struct, sys
	path, off, val = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
	b = bytearray(open(path, "rb").read())
	b[off:off + 4] = struct.pack("<I", val)
	crc = 0xffffffff
	for x in b[:-4]:
	    crc ^= x
	    for _ in range(8):
	        crc = (crc >> 1) ^ (0x82f63b78 if crc & 1 else 0)
	b[-4:] = struct.pack("<I", crc ^ 0xffffffff)
	open(path, "wb").write(b)
	EOF
}

# refused WHAT: verify_only against the state exits 2 and says WHAT.
refused() {
	test_expect_code 2 "$VERIO" $JOB --rw=read --verify_only=1 >out 2>err
	grep -qF "$1" err || { cat err >&2; return 1; }
}

test_expect_success 'a write job saves a clean version 2 state' '
	"$VERIO" $JOB --rw=write >/dev/null
	"$VERIO" state show --output-format=json $ST >show.json
	test "$(json_get show.json "j[\"version\"]")" = 2
	test "$(json_get show.json "j[\"clean\"]")" = true
	test "$(json_get show.json "j[\"seq\"]")" = 1
	test "$(json_get show.json "j[\"job\"]")" = w
	test "$(json_get show.json "len(j[\"runs\"])")" = 1
	test "$(json_get show.json "j[\"runs\"][0][\"first_generation\"]")" = 1
	test "$(json_get show.json "j[\"files\"][0][\"kind\"]")" = "regular file"
	test "$(json_get show.json "j[\"files\"][0][\"ino\"]")" = "$(stat -c %i t.dat)"
	test "$(json_get show.json "j[\"files\"][0][\"realpath\"]")" = "$(realpath t.dat)"
	test "$(json_get show.json "j[\"files\"][0][\"generations\"]")" = "{\"1\": 64}"
	test "$(json_get show.json "j[\"journal\"]")" = null
	cp $ST good.state
'

test_expect_success 'state show: text, and the journal length when there is one' '
	"$VERIO" state show $ST >show.txt
	grep -q "^saved        : seq 1, clean (the job ended), " show.txt
	grep -q "^job          : '\''w'\'', index 0, clone 0$" show.txt
	grep -q "^  region     : offset 0, size 262144, 64 units, 64 written$" show.txt
	grep -q "^  generations: 1=64$" show.txt
	grep -q "^journal      : none$" show.txt
	head -c 1234 /dev/zero >$ST.journal
	"$VERIO" state show $ST >show.txt
	grep -q "^journal      : '\''$ST.journal'\'', 1234 bytes$" show.txt
	rm $ST.journal
'

test_expect_success 'a truncated state is refused (exit 2)' '
	head -c 100 good.state >$ST
	refused "cannot load verify state '\''w.0.verio-state'\'': not a verio state file, or truncated"
	test_expect_code 2 "$VERIO" state show $ST 2>err
	grep -qF "verio: state: cannot load '\''w.0.verio-state'\'': not a verio state file, or truncated" err
'

test_expect_success 'a bit-flipped state is refused (exit 2)' '
	cp good.state $ST
	python3 $SRCDIR/tests/e2e/corrupt.py flip $ST 150 3
	refused "cannot load verify state '\''w.0.verio-state'\'': checksum mismatch, the file is damaged"
	test_expect_code 2 "$VERIO" state diff good.state $ST 2>err
	grep -qF "checksum mismatch" err
'

test_expect_success 'a state of another version is refused (exit 2)' '
	cp good.state $ST
	seal $ST 8 3
	refused "made by a newer verio"
	seal $ST 8 1
	refused "version 1 state file made by an older verio (no target identity); rerun the write job"
'

test_expect_success 'not a state at all is refused (exit 2)' '
	printf "[global]\nrw=write\n" >$ST
	refused "not a verio state file, or truncated"
	test_expect_code 2 "$VERIO" state show $ST
'

test_expect_success 'the state of another job is refused (exit 2)' '
	cp good.state v.0.verio-state
	test_expect_code 2 "$VERIO" --name=v --filename=t.dat --size=256k --bs=4k \
		--verify=crc32c --rw=read --verify_only=1 2>err
	grep -qF "saved verify state does not match this job: job name: saved '\''w'\'', wanted '\''v'\''" err
'

test_expect_success 'another file under the same name is refused (exit 2)' '
	cp good.state $ST
	cp t.dat t2.dat
	mv t2.dat t.dat
	refused "saved verify state does not match this job: file '\''t.dat'\'' is another file (device"
'

test_expect_success 'another layout is refused (exit 2)' '
	rm -f t.dat $ST
	"$VERIO" $JOB --rw=write >/dev/null
	test_expect_code 2 "$VERIO" --name=w --filename=t.dat --size=256k --bs=8k \
		--verify=crc32c --rw=read --verify_only=1 2>err
	grep -qF "does not match this job: unit length: saved 4096, wanted 8192" err
	test_expect_code 2 "$VERIO" --name=w --filename=t.dat --size=128k --bs=4k \
		--verify=crc32c --rw=read --verify_only=1 2>err
	grep -qF "does not match this job: file '\''t.dat'\'' region size: saved 262144, wanted 131072" err
'

test_expect_success 'the same file by another spelling is accepted: ../../x, symlink' '
	rm -rf x a
	mkdir -p x a/b
	(cd x && "$VERIO" $JOB --rw=write >/dev/null)
	(cd a/b && "$VERIO" --directory=../../x --aux-path=../../x $JOB --rw=read \
		--verify_only=1 --verify_state_load=1 --output-format=json >out.json)
	json_clean a/b/out.json
	json_check a/b/out.json "v[\"units\"] == 64"
	ln -s x/t.dat link.dat
	"$VERIO" --aux-path=x --name=w --filename=link.dat --size=256k --bs=4k \
		--verify=crc32c --rw=read --verify_only=1 --verify_state_load=1 \
		--output-format=json >out.json
	json_clean out.json
	json_check out.json "v[\"units\"] == 64"
'

test_expect_success 'state diff: the same (0), differing (1), unreadable (2)' '
	rm -f t.dat $ST
	"$VERIO" $JOB --rw=write >/dev/null
	cp $ST a.state
	test_expect_code 0 "$VERIO" state diff a.state a.state >diff.txt
	grep -qx "the states are the same" diff.txt
	"$VERIO" $JOB --rw=randwrite --number_ios=3 >/dev/null
	test_expect_code 1 "$VERIO" state diff a.state $ST >diff.txt
	grep -qx "seq: 1 vs 2" diff.txt
	grep -qx "runs: 1 vs 2" diff.txt
	grep -qx "file 1: 3 of 64 units differ in generation" diff.txt
	test "$(grep -c "^file 1 unit .*: generation 1 vs 2$" diff.txt)" = 3
	test_expect_code 2 "$VERIO" state diff a.state nosuch.state 2>err
	grep -qF "cannot load '\''nosuch.state'\'': No such file or directory" err
	test_expect_code 2 "$VERIO" state diff a.state
	test_expect_code 2 "$VERIO" state
	test_expect_code 2 "$VERIO" state frob
	"$VERIO" help state | grep -q "^usage: verio state show|diff"
'

test_expect_success 'a write job whose state does not match starts a new one, warning once' '
	"$VERIO" --name=w --filename=t.dat --size=128k --bs=4k --verify=crc32c \
		--rw=write >/dev/null 2>err
	test "$(wc -l <err)" = 1
	grep -qF "verio: job '\''w'\'': warning: saved verify state does not match this job: file '\''t.dat'\'' region size: saved 262144, wanted 131072 ('\''w.0.verio-state'\''); starting a new one" err
	"$VERIO" state show --output-format=json $ST >show.json
	test "$(json_get show.json "len(j[\"runs\"])")" = 1
	test "$(json_get show.json "j[\"files\"][0][\"generations\"]")" = "{\"1\": 32}"
	printf garbage >$ST
	"$VERIO" --name=w --filename=t.dat --size=128k --bs=4k --verify=crc32c \
		--rw=write >/dev/null 2>err
	test "$(wc -l <err)" = 1
	grep -qF "cannot load verify state '\''w.0.verio-state'\'' (not a verio state file, or truncated): starting a new one" err
	"$VERIO" state show $ST >/dev/null
'

test_expect_success '--aux-path that is not a directory: exit 2, nothing written' '
	rm -f nd.dat
	test_expect_code 2 "$VERIO" --name=w --filename=nd.dat --size=64k --rw=write \
		--verify=crc32c --aux-path=no-such-dir >out 2>err
	grep -qF "verio: --aux-path '\''no-such-dir'\'': No such file or directory" err
	test_expect_code 2 "$VERIO" --name=w --filename=nd.dat --size=64k --rw=write \
		--verify=crc32c --aux-path=t.dat >out 2>err
	grep -qF "not a directory" err
	! test -e nd.dat
'

test_expect_success 'a state that cannot be saved is a job error: exit 3, JSON error set' '
	mkdir -p sv.0.verio-state/blocker
	test_expect_code 3 "$VERIO" --name=sv --filename=sv.dat --size=64k --rw=write \
		--verify=crc32c --output-format=json >out.json 2>err
	grep -qF "verio: job '\''sv'\'': cannot save verify state '\''sv.0.verio-state'\'': Is a directory" err
	test "$(json_get out.json "j[\"jobs\"][0][\"error\"]")" = 21
	rm -rf sv.0.verio-state sv.dat
'

rm -rf x a
test_done
