#!/usr/bin/env bash
# t1003: bad write_history / write_history_max values are refused before
# any I/O, exit 2, naming the option: a directory, a path that cannot be
# created, a target of the run (its own or another job's), a bound below
# 64k.  Set in [global], one history is shared by every job.
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-history.sh"
test_require_cmd python3

run() {
	"$VERIO" --name=w --filename=t.img --size=64k --bs=4k --rw=write "$@" \
		--output-format=json >out.json 2>err
}

test_expect_success 'a directory: exit 2' '
	mkdir -p d
	test_expect_code 2 run --write_history=d
	grep "write_history .d. is a directory" err
'

test_expect_success 'a path that cannot be created: exit 2' '
	test_expect_code 2 run --write_history=nodir/h
	grep "write_history .nodir/h.: cannot create it: No such file or directory" err
'

test_expect_success 'a target of the run: exit 2, the target untouched' '
	printf "keep me" >u.img
	test_expect_code 2 "$VERIO" --name=w --filename=t.img --size=64k --rw=write \
		--write_history=u.img --name=v --filename=u.img --size=64k --rw=read 2>err
	grep "write_history .u.img. is a target of job .v." err
	test "$(head -c 7 u.img)" = "keep me"
	test_expect_code 2 run --write_history=t.img
	grep "write_history .t.img. is a target of job .w." err
'

test_expect_success 'write_history_max below 64k: exit 2; not a size: exit 2' '
	test_expect_code 2 run --write_history=h --write_history_max=1k
	grep "write_history_max=1024 is too small" err
	test_expect_code 2 run --write_history=h --write_history_max=lots
	grep "write_history_max" err
	test ! -e h
'

hist_py
test_expect_success '[global]: one history for every job' '
	cat >j.fio <<EOF
[global]
write_history=h
size=64k
bs=4k
rw=write
[x]
filename=t.img
[y]
filename=t2.img
numjobs=2
offset_increment=64k
EOF
	"$VERIO" j.fio >/dev/null
	python3 -c "
import hist
p = hist.read(\"h\")
assert p[0].jobs == [(\"x\", 0), (\"y\", 0), (\"y\", 1)] and p[0].files == [\"t.img\", \"t2.img\"]
assert sorted({(w[\"job\"], w[\"file\"]) for w in hist.writes(p)}) == [(0, 0), (1, 1), (2, 1)]
"
'

rm -rf d t.img t2.img u.img h
test_done
