#!/usr/bin/env bash
# t0502: job names never leave directory=; a write job never creates a
# regular file under /dev.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"

missing=/dev/verio-test-missing-$$
trap 'rm -f "$missing" "$missing".0.0 /dev/shm/verio-t0502-$$' EXIT

test_expect_success 'a job named ../escaped writes inside directory' '
	mkdir -p top/D
	"$VERIO" --directory=top/D --name=../escaped --size=64k --rw=write >/dev/null
	test ! -e top/escaped.0.0
	test -f "top/D/.._escaped.0.0"
'

test_expect_success 'a job named /abs/path writes inside directory' '
	mkdir -p E
	"$VERIO" --directory=E --name=/tmp/verio-abs-$$ --size=64k --rw=write >/dev/null
	test ! -e /tmp/verio-abs-$$.0.0
	test -f "E/_tmp_verio-abs-$$.0.0"
'

test_expect_success 'filename_format=$jobname with a job named .. is not the parent' '
	mkdir -p F/G
	"$VERIO" --directory=F/G --name=.. --filename_format="\$jobname" --size=64k \
		--rw=write >/dev/null
	test -f F/G/_..
	test ! -e F/G/..0.0
'

test_expect_success 'a job name with spaces keeps its file name (as fio)' '
	"$VERIO" --name="my job" --size=64k --rw=write >/dev/null
	test -f "my job.0.0"
'

test_expect_success 'an explicit filename is the user path, unchanged' '
	mkdir -p H
	"$VERIO" --directory=H --name=w --filename=sub.dat --size=64k --rw=write >/dev/null
	test -f H/sub.dat
'

test_expect_success 'a missing device path under /dev is refused, nothing created' '
	test ! -e "$missing"
	test_expect_code 2 "$VERIO" --name=w --filename="$missing" --rw=write --size=1m 2>err
	grep "no such device" err
	grep -F "$missing" err
	test ! -e "$missing"
'

test_expect_success 'directory=/dev with a generated name is refused too' '
	test_expect_code 2 "$VERIO" --directory=/dev --name="verio-test-missing-$$" \
		--rw=write --size=1m 2>err
	grep "no such device" err
	test ! -e "$missing.0.0"
'

if [ -d /dev/shm ] && [ -w /dev/shm ] &&
   [ "$(stat -c %d /dev/shm)" != "$(stat -c %d /dev)" ]; then
	test_expect_success 'a file in /dev/shm (its own filesystem) is created as before' '
		shm=/dev/shm/verio-t0502-$$
		"$VERIO" --name=w --filename="$shm" --rw=write --size=64k >/dev/null
		test -f "$shm"
		rm -f "$shm"
	'
fi

test_expect_success 'a read job does not lay out a file under /dev either' '
	test_expect_code 2 "$VERIO" --name=r --filename="$missing" --rw=read --size=1m 2>err
	grep "no such device" err
	test ! -e "$missing"
'

test_done
