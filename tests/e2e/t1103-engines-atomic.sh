#!/usr/bin/env bash
# t1103: atomic=1 (RWF_ATOMIC writes): refused before any I/O without
# direct=1 or over an engine that cannot pass the flag on (exit 2, the
# option named); pvsync2 really sets RWF_ATOMIC on its writes (strace),
# or, where the target takes none, is refused before any write; on
# pvsync2, libaio and io_uring a job the target cannot take is refused
# naming its statx limits or the write it refused (exit 3), and one it
# takes verifies (exit 0): never a verification failure. (t1310 runs them
# on a target that takes atomic writes.)
# shellcheck disable=SC2016,SC2086  # eval'd bodies; option lists are words
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
test_require_cmd python3

JOB="--name=a --filename=a.dat --size=2m --rw=write --verify=crc32c --atomic=1"

test_expect_success 'atomic=1 without direct=1: exit 2, nothing written' '
	rm -f a.dat
	test_expect_code 2 "$VERIO" $JOB --bs=4k --ioengine=pvsync2 2>err
	grep -F "atomic=1 needs direct=1 (RWF_ATOMIC writes are direct I/O only)" err
	test ! -e a.dat
'

test_expect_success 'atomic=1 over psync, mmap, pvsync, posixaio: exit 2, the engine named' '
	for e in psync mmap pvsync $(engine_built posixaio && echo posixaio); do
		test_expect_code 2 "$VERIO" $JOB --bs=4k --direct=1 --ioengine=$e 2>err
		grep -F "atomic=1: ioengine=$e cannot write with RWF_ATOMIC (pvsync2, libaio and io_uring can)" err
	done
	test ! -e a.dat
'

test_expect_success 'atomic=1 under faulty: the engine faulty runs over decides' '
	test_expect_code 2 "$VERIO" $JOB --bs=4k --direct=1 --ioengine=faulty 2>err
	grep -F "ioengine=psync cannot write with RWF_ATOMIC" err
	test_expect_code 2 "$VERIO" $JOB --bs=4k --direct=1 --ioengine=faulty \
		--faulty_engine=pvsync2 --buffered=1 2>err
	grep -F "atomic=1 needs direct=1" err
'

odirect_ok || test_skip "O_DIRECT is refused here: the atomic writes cannot be tried"

if command -v strace >/dev/null; then
	# Where the scratch directory takes no atomic writes (statx says so),
	# none is tried: the job is refused before its first write.
	test_expect_success 'pvsync2: every write carries RWF_ATOMIC, or none is tried' '
		rm -f a.dat a.*.verio-state
		rc=0
		traced -f -qq -e trace=pwritev2,preadv2 -o st "$VERIO" $JOB --bs=4k --direct=1 \
			--ioengine=pvsync2 >/dev/null 2>err || rc=$?
		if grep -qF "takes no atomic writes: statx reports" err; then
			test $rc = 3 && ! grep -qE "^[0-9]+ +pwritev2\(" st
		else
			grep -qE "^[0-9]+ +pwritev2\(.*, (RWF_ATOMIC|0x40)" st &&
			! grep -E "^[0-9]+ +pwritev2\(" st | grep -qvE ", (RWF_ATOMIC|0x40)"
		fi
		"$VERIO" --name=p --filename=r.dat --size=64k --bs=4k --rw=write >/dev/null
		traced -f -qq -e trace=pwritev2,preadv2 -o st "$VERIO" --name=r --filename=r.dat \
			--size=64k --bs=4k --rw=read --atomic=1 --direct=1 --ioengine=pvsync2 >/dev/null
		test "$(grep -cE "^[0-9]+ +preadv2\(" st)" = 16
		! grep -E "^[0-9]+ +preadv2\(" st | grep -qE "RWF_ATOMIC|0x40"
	'
fi

# atomic_run ENGINE BS: the job at that block size ends either clean (the
# target took the writes) or refused (exit 3): before any I/O, naming
# the target's statx limits, or by an I/O error naming RWF_ATOMIC; prints
# which, never a verification failure.
atomic_run() {
	local rc=0
	rm -f a.dat a.*.verio-state
	"$VERIO" $JOB --bs=$2 --direct=1 --ioengine=$1 --iodepth=4 --output-format=json \
		>out.json 2>err || rc=$?
	case $rc in
	0)	json_check out.json "j[\"error\"] == 0 and v[\"failures\"] == 0 and v[\"units\"] > 0" &&
		echo taken ;;
	3)	if grep -qE "atomic=1: (.* takes no atomic writes: statx reports|bs=[0-9]+ is outside the atomic write unit of .*: statx reports min [0-9]+, max [0-9]+ bytes)" err; then
			echo refused
		else
			grep -qE "\(atomic=1: the target (does not take RWF_ATOMIC writes|refused an RWF_ATOMIC write of this size or alignment)\)" err &&
			json_check out.json "v[\"failures\"] == 0" && echo refused
		fi ;;
	*)	echo "exit $rc" >&2; cat err >&2; return 1 ;;
	esac
}

for e in pvsync2 libaio io_uring; do
	engine_built $e || continue
	test_expect_success "$e atomic=1 bs=4k: taken and verified, or refused with exit 3" '
		r=$(atomic_run $e 4k) && echo "# $e 4k: $r"
	'
	test_expect_success "$e atomic=1 bs=1m (beyond any atomic unit here): refused, exit 3" '
		test "$(atomic_run $e 1m)" = refused
	'
done

test_done
