#!/usr/bin/env bash
# t1133: zonemode=strided against fio 3.33: for the same job, verio's
# write_iolog has fio's offsets, lengths and directions in fio's order
# (sequential jobs: zonesize below, equal to and above zonerange, with
# zoneskip, offset, io_size beyond size, bs not dividing zonesize); random
# jobs visit the same zone at every I/O (the offsets inside a zone are
# each tool's own random draws).
# shellcheck disable=SC2016,SC2086  # eval'd bodies; $ARGS splits
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd fio python3

# both FILTER OPTION...: run the null-engine job under fio and verio,
# keep "DIR OFFSET LEN" of every I/O (FILTER zone: "DIR ZONE" with
# 16k zones past offset=), and compare.
both() {
	filter=$1
	shift
	rm -f f.log v.log
	fio --name=s --ioengine=null --zonemode=strided "$@" --write_iolog=f.log \
		--output=/dev/null || return 1
	"$VERIO" --name=s --ioengine=null --zonemode=strided "$@" --write_iolog=v.log \
		>/dev/null || return 1
	for t in f v; do
		awk -v z="$filter" '$3 == "read" || $3 == "write" {
			if (z == "zone") print $3, int($4 / 16384); else print $3, $4, $5 }' \
			$t.log >$t.ios
	done
	test "$(wc -l <f.ios)" -gt 0
	test_cmp f.ios v.ios
}

test_expect_success 'sequential: zonesize below, equal to and above zonerange' '
	both all --rw=read --size=64k --bs=4k --zonesize=8k --zonerange=16k
	both all --rw=read --size=64k --bs=4k --zonesize=8k
	both all --rw=read --size=64k --bs=4k --zonesize=32k --zonerange=16k
	both all --rw=write --size=256k --bs=4k --zonesize=48k --zonerange=16k
'

test_expect_success 'sequential: zoneskip, offset, io_size past size, odd bs' '
	both all --rw=read --size=64k --bs=4k --zonesize=8k --zonerange=16k --zoneskip=16k
	both all --rw=write --size=64k --bs=4k --zonesize=8k --zonerange=8k --offset=16k
	both all --rw=read --size=64k --bs=4k --zonesize=8k --zonerange=16k --io_size=128k
	both all --rw=read --size=64k --bs=8k --zonesize=12k --zonerange=16k
	both all --rw=write --size=64k --bs=4k --zonesize=12k --zonerange=16k --zoneskip=4k \
		--offset=8k
	both all --rw=read --size=1m --bs=16k --zonesize=64k --zonerange=128k --zoneskip=64k
'

test_expect_success 'random: the same zone at every I/O' '
	both zone --rw=randread --size=256k --bs=4k --zonesize=16k --zonerange=16k
	both zone --rw=randwrite --size=256k --bs=4k --zonesize=32k --zonerange=16k
	both zone --rw=randread --size=256k --bs=4k --zonesize=8k --zonerange=16k \
		--zoneskip=16k --norandommap
	both zone --rw=randread --size=256k --bs=4k --zonesize=16k --zonerange=16k \
		--random_generator=lfsr
'

test_expect_success 'on a file of the job'"'"'s size: the same offsets as on null' '
	rm -f f.dat
	fio --name=s --filename=f.dat --size=128k --rw=write --bs=4k --zonemode=strided \
		--zonesize=8k --zonerange=32k --write_iolog=f.log --output=/dev/null
	rm -f f.dat
	"$VERIO" --name=s --filename=f.dat --size=128k --rw=write --bs=4k --zonemode=strided \
		--zonesize=8k --zonerange=32k --write_iolog=v.log >/dev/null
	awk "\$3 == \"write\" { print \$4, \$5 }" f.log >f.ios
	awk "\$3 == \"write\" { print \$4, \$5 }" v.log >v.ios
	test "$(wc -l <v.ios)" = 32
	test_cmp f.ios v.ios
'

test_done
