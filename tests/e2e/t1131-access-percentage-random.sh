#!/usr/bin/env bash
# t1131: percentage_random= mixes sequential I/Os into a random job, per
# direction: 0 is sequential (the offsets of rw=read), 50 makes about half
# the I/Os continue from the previous one of their direction (as fio
# 3.33 does), R,W sets reads and writes apart; a mixed job verifies; bad
# values exit 2.
# shellcheck disable=SC2016,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

JOB="--name=d --ioengine=null --size=4m --bs=4k"

# seqfrac LOG DIR: share of DIR's I/Os that start where its previous one ended
seqfrac() {
	python3 - "$@" <<'EOF'
import sys
last, n, s = None, 0, 0
for l in open(sys.argv[1]):
    t = l.split()
    if len(t) != 5 or t[2] != sys.argv[2]:
        continue
    o, ln = int(t[3]), int(t[4])
    if last is not None:
        n, s = n + 1, s + (o == last)
    last = o + ln
print("%.3f" % (s / n if n else 0))
EOF
}

within() {
	python3 -c "import sys; v, lo, hi = map(float, sys.argv[1:]); sys.exit(not lo <= v <= hi)" "$@" ||
		{ echo "$1 is not within [$2, $3]" >&2; return 1; }
}

offsets() {
	awk '$3 == "read" || $3 == "write" { print $3, $4, $5 }' "$1"
}

test_expect_success 'percentage_random=0: a random job issues rw=read'"'"'s offsets' '
	"$VERIO" $JOB --rw=randread --percentage_random=0 --write_iolog=p0.log >/dev/null
	"$VERIO" $JOB --rw=read --write_iolog=seq.log >/dev/null
	offsets p0.log >a
	offsets seq.log >b
	test "$(wc -l <a)" = 1024
	test_cmp b a
'

test_expect_success 'percentage_random=50: about half continue sequentially' '
	"$VERIO" $JOB --rw=randread --percentage_random=50 --write_iolog=p50.log >/dev/null
	within "$(seqfrac p50.log read)" 0.42 0.60
	test "$(offsets p50.log | wc -l)" = 1024
	"$VERIO" $JOB --rw=randread --percentage_random=90 --write_iolog=p90.log >/dev/null
	within "$(seqfrac p90.log read)" 0.05 0.18
'

test_expect_success 'the default (100) stays random' '
	"$VERIO" $JOB --rw=randread --write_iolog=p100.log >/dev/null
	within "$(seqfrac p100.log read)" 0 0.10
'

test_expect_success 'R,W: writes sequential, reads random' '
	"$VERIO" $JOB --rw=randrw --percentage_random=100,0 --write_iolog=rw.log >/dev/null
	within "$(seqfrac rw.log write)" 1 1
	within "$(seqfrac rw.log read)" 0 0.10
	"$VERIO" $JOB --rw=randrw --percentage_random=,0 --write_iolog=rw2.log >/dev/null
	within "$(seqfrac rw2.log write)" 1 1
'

test_expect_success 'a mixed randwrite verifies (and with zipf)' '
	"$VERIO" --name=v --filename=v.dat --size=1m --bs=4k --rw=randwrite --verify=crc32c \
		--percentage_random=50 --output-format=json >v.json
	test "$(json_get v.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
	test "$(json_get v.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" -gt 100
	rm -f v.dat v.*.verio-state
	"$VERIO" --name=v --filename=v.dat --size=1m --bs=4k --rw=randwrite --verify=crc32c \
		--percentage_random=30 --random_distribution=zipf:1.1 --io_size=2m >/dev/null
'

test_expect_success 'bad values: exit 2 naming percentage_random' '
	test_expect_code 2 "$VERIO" $JOB --rw=randread --percentage_random=101 2>err
	grep -q "percentage_random" err
	test_expect_code 2 "$VERIO" $JOB --rw=randread --percentage_random=half 2>err
	grep -q "percentage_random" err
'

test_done
