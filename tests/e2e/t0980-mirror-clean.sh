#!/usr/bin/env bash
# t0980: mirror= on clean runs: every engine writes the target and the
# reference alike (byte for byte), reads compare equal, exit 0, and the
# JSON "mirror" object counts what was compared. Bad mirror= values are
# refused before any I/O with exit 2.
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-mirror.sh"
test_require_cmd python3

for e in $(mirror_engines); do
	test_expect_success "$e: a write job and a read job with mirror= pass; reference = target" '
		rm -f t.img r.img m.0.verio-state
		mirror_write '"$e"'
		cmp t.img r.img
		test_expect_code 0 mirror_read '"$e"'
		test "$(json_get out.json "j[\"jobs\"][0][\"mirror\"][\"reads\"]")" = 256
		test "$(json_get out.json "j[\"jobs\"][0][\"mirror\"][\"bytes\"]")" = 1048576
		test "$(json_get out.json "j[\"jobs\"][0][\"mirror\"][\"mismatches\"]")" = 0
		test "$(json_get out.json "j[\"jobs\"][0][\"mirror\"][\"ranges\"]")" = "[]"
		! grep blkverify err
	'
done

test_expect_success 'a random mixed workload at depth keeps the two sides equal' '
	rm -f t.img r.img
	"$VERIO" --name=x --filename=t.img --mirror=r.img --rw=randrw --bs=4k --size=512k \
		--number_ios=300 --verify=crc32c --iodepth=4 $(mirror_opts "$(echo $(mirror_engines) | awk "{print \$NF}")") >out 2>err
	cmp t.img r.img
	grep "mirror       : reads=" out
'

test_expect_success 'the normal report has a mirror line' '
	rm -f t.img r.img
	"$VERIO" --name=w --filename=t.img --mirror=r.img --rw=write --bs=4k --size=64k >out
	grep "^  mirror       : reads=0, bytes=0, mismatches=0" out
	cmp t.img r.img
'

test_expect_success 'two targets, two references, in order' '
	rm -f a b ra rb
	"$VERIO" --name=w --filename=a:b --mirror=ra:rb --rw=write --bs=4k --size=128k \
		--verify=crc32c >/dev/null
	cmp a ra && cmp b rb
'

test_expect_success 'bad mirror= values: exit 2, nothing written' '
	rm -f t.img r.img ra rb
	test_expect_code 2 "$VERIO" --name=w --filename=t.img --mirror=ra:rb --rw=write --size=64k 2>err
	grep "mirror names 2 reference files for 1 target file" err
	test_expect_code 2 "$VERIO" --name=w --filename=t.img --mirror=t.img --rw=write --size=64k 2>err
	grep "mirror .t.img. is a target of the job" err
	test_expect_code 2 "$VERIO" --name=w --filename=t.img --mirror=r.img --ioengine=null \
		--rw=write --size=64k 2>err
	grep "ioengine .null. does no I/O" err
	! test -e t.img && ! test -e r.img
	truncate -s 64k t.img
	test_expect_code 2 "$VERIO" --name=w --filename=t.img --mirror=r.img --allow_file_create=0 \
		--rw=write --size=64k 2>err
	grep "does not exist (allow_file_create=0)" err
	test_expect_code 2 "$VERIO" --name=w --filename=t.img --mirror=/dev/null --rw=write \
		--size=64k 2>err
	grep "is a character device" err
	! test -e r.img && cmp t.img - </dev/zero 2>&1 | grep -q EOF
'

test_expect_success 'an I/O error of the reference side is an I/O error (exit 3), naming it' '
	rm -f t.img r.img
	"$VERIO" --name=w --filename=t.img --rw=write --bs=4k --size=64k >/dev/null
	head -c 32768 t.img >r.img
	test_expect_code 3 "$VERIO" --name=r --filename=t.img --mirror=r.img --rw=read --bs=4k \
		--size=64k --readonly 2>err
	grep "read error on .r.img. at offset 32768" err
	! grep blkverify err
'

test_done
