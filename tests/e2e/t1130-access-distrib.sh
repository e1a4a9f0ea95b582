#!/usr/bin/env bash
# t1130: random_distribution= (zipf, pareto, normal, zoned, zoned_abs, with
# fio's :center): the shapes of the offsets write_iolog records, the
# implied norandommap, a skewed write+verify round trip whose hot blocks
# are overwritten many times, a corruption of the hottest block still
# caught, and bad values refused with exit 2 before any I/O.
# shellcheck disable=SC2016,SC2086  # eval'd bodies; $JOB splits
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

# 1024 blocks of 4k, 10240 random writes on the null engine
NULLJOB="--name=d --ioengine=null --size=4m --io_size=40m --bs=4k --rw=randwrite"

# shape LOG WHAT: from LOG's writes, WHAT is "top PCT" (share of the writes
# the hottest PCT % of the 1024 blocks got), "range LO HI" (share of the
# writes at block LO to HI-1), "distinct" or "hottest" (its offset).
shape() {
	python3 - "$@" <<'EOF'
import collections, sys
log, what = sys.argv[1], sys.argv[2:]
offs = [int(t[3]) for t in (l.split() for l in open(log))
        if len(t) == 5 and t[2] == "write"]
c = collections.Counter(offs)
if what[0] == "top":
    n = 1024 * int(what[1]) // 100
    print("%.3f" % (sum(v for _, v in c.most_common(n)) / len(offs)))
elif what[0] == "range":
    lo, hi = int(what[1]) * 4096, int(what[2]) * 4096
    print("%.3f" % (sum(v for o, v in c.items() if lo <= o < hi) / len(offs)))
elif what[0] == "distinct":
    print(len(c))
else:
    print(c.most_common(1)[0][0])
EOF
}

# within VALUE LO HI: LO <= VALUE <= HI (decimals)
within() {
	python3 -c "import sys; v, lo, hi = map(float, sys.argv[1:]); sys.exit(not lo <= v <= hi)" "$@" ||
		{ echo "$1 is not within [$2, $3]" >&2; return 1; }
}

test_expect_success 'uniform (the default): no block far hotter than the others' '
	"$VERIO" $NULLJOB --norandommap --write_iolog=u.log >/dev/null
	within "$(shape u.log top 10)" 0.10 0.20
'

test_expect_success 'zipf:1.2: the hottest tenth of the blocks gets ~83 % of the writes' '
	"$VERIO" $NULLJOB --random_distribution=zipf:1.2 --write_iolog=z.log >/dev/null
	within "$(shape z.log top 10)" 0.76 0.90
	test "$(grep -c " write " z.log)" = 10240
'

test_expect_success 'zipf:1.2:0.5: the hottest block sits at the center' '
	"$VERIO" $NULLJOB --random_distribution=zipf:1.2:0.5 --write_iolog=zc.log >/dev/null
	test "$(shape zc.log hottest)" = $((512 * 4096))
'

test_expect_success 'zipf:0.8 is flatter than zipf:1.2, still skewed' '
	"$VERIO" $NULLJOB --random_distribution=zipf:0.8 --write_iolog=z8.log >/dev/null
	within "$(shape z8.log top 10)" 0.35 0.62
'

test_expect_success 'pareto:0.2: the hottest tenth gets ~73 % (0.1^(log 0.8/log 0.2))' '
	"$VERIO" $NULLJOB --random_distribution=pareto:0.2 --write_iolog=p.log >/dev/null
	within "$(shape p.log top 10)" 0.66 0.80
'

test_expect_success 'normal: fio'"'"'s bell (the mean of 12 draws) puts ~45 % in a tenth' '
	"$VERIO" $NULLJOB --random_distribution=normal --write_iolog=n.log >/dev/null
	within "$(shape n.log top 10)" 0.38 0.52
	"$VERIO" $NULLJOB --random_distribution=normal:90 --write_iolog=n90.log >/dev/null
	within "$(shape n90.log top 10)" 0.12 0.32
'

test_expect_success 'zoned:60/10:30/20:8/30:2/40: each zone gets its share' '
	"$VERIO" $NULLJOB --random_distribution=zoned:60/10:30/20:8/30:2/40 \
		--write_iolog=zo.log >/dev/null
	within "$(shape zo.log range 0 102)" 0.57 0.63
	within "$(shape zo.log range 102 306)" 0.27 0.33
	within "$(shape zo.log range 306 614)" 0.065 0.095
	within "$(shape zo.log range 614 1024)" 0.01 0.03
'

test_expect_success 'zoned:50/5:30/15:20/ (fio'"'"'s rand-zones.fio): an empty size is the rest' '
	"$VERIO" $NULLJOB --random_distribution=zoned:50/5:30/15:20/ --write_iolog=ze.log >/dev/null
	within "$(shape ze.log range 0 51)" 0.47 0.53
	within "$(shape ze.log range 51 204)" 0.27 0.33
	within "$(shape ze.log range 204 1024)" 0.17 0.23
'

test_expect_success 'zoned: reads and writes with their own zones' '
	"$VERIO" --name=d --ioengine=null --size=4m --io_size=40m --bs=4k --rw=randrw \
		--random_distribution=zoned:100/50,100/10 --write_iolog=rw.log >/dev/null
	awk "\$3 == \"read\" && \$4 >= 2097152 { exit 1 }" rw.log
	awk "\$3 == \"write\" && \$4 >= 419430 { exit 1 }" rw.log
	test "$(grep -c " read " rw.log)" -gt 4000
'

test_expect_success 'zoned_abs:80/64k:20/1m: absolute zones' '
	"$VERIO" $NULLJOB --random_distribution=zoned_abs:80/64k:20/1m \
		--write_iolog=za.log >/dev/null
	within "$(shape za.log range 0 16)" 0.77 0.83
	within "$(shape za.log range 16 272)" 0.17 0.23
	within "$(shape za.log range 272 1024)" 0 0
'

JOB="--name=z --filename=z.dat --size=2m --bs=4k --rw=randwrite --verify=crc32c"

test_expect_success 'zipf write+verify: overwritten hot blocks verify, each unit once' '
	rm -f z.dat z.*.verio-state
	"$VERIO" $JOB --random_distribution=zipf:1.2 --io_size=8m --iodepth=8 \
		--write_iolog=v.log --output-format=json >out.json
	distinct=$(shape v.log distinct)
	test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"total_ios\"]")" = 2048
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" = "$distinct"
	test "$(json_get out.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
	test "$distinct" -lt 400
'

test_expect_success 'a flipped bit in the hottest block is caught at its offset' '
	hot=$(shape v.log hottest)
	python3 "$SRCDIR/tests/e2e/corrupt.py" flip z.dat $((hot + 100)) 3
	test_expect_code 1 "$VERIO" $JOB --random_distribution=zipf:1.2 --verify_only=1 \
		--output-format=json >bad.json 2>err
	test "$(json_get bad.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 1
	test "$(json_get bad.json "j[\"jobs\"][0][\"verify\"][\"incidents\"][0][\"offset\"]")" = "$hot"
	test "$(json_get bad.json "j[\"jobs\"][0][\"verify\"][\"incidents\"][0][\"expected_generation\"]")" -gt 10
'

test_expect_success 'pareto and zoned write+verify pass with reads mixed in' '
	rm -f z.dat z.*.verio-state
	"$VERIO" $JOB --rw=randrw --random_distribution=pareto:0.3 --io_size=4m >/dev/null
	rm -f z.dat z.*.verio-state
	"$VERIO" $JOB --random_distribution=zoned:90/10:10/90 --io_size=4m >/dev/null
'

test_expect_success 'verify_only without a saved state replays the skewed writes' '
	for d in zipf:1.2 zoned:80/10:20/90 normal:20; do
		rm -f z.dat z.*.verio-state
		"$VERIO" $JOB --random_distribution=$d --io_size=4m --verify_state_save=0 >/dev/null
		"$VERIO" $JOB --random_distribution=$d --io_size=4m --verify_only=1 \
			--output-format=json >r.json
		test "$(json_get r.json "j[\"jobs\"][0][\"verify\"][\"units\"]")" -gt 50
		test "$(json_get r.json "j[\"jobs\"][0][\"verify\"][\"failures\"]")" = 0
	done
'

# refused NEEDLE OPTION...: exit 2, a message naming random_distribution, nothing written
refused() {
	needle=$1; shift
	rm -f r.dat
	test_expect_code 2 "$VERIO" --name=r --filename=r.dat --size=1m --rw=randwrite "$@" 2>err
	grep -q "random_distribution" err
	grep -q -- "$needle" err
	test ! -e r.dat
}

test_expect_success 'bad values: exit 2 naming the option, before any I/O' '
	refused "unknown distribution" --random_distribution=gauss
	refused "theta" --random_distribution=zipf:1
	refused "pareto" --random_distribution=pareto:1.5
	refused "deviation" --random_distribution=normal:100
	refused "center" --random_distribution=zipf:1.2:2
	refused "add up to 100" --random_distribution=zoned:50/10:40/90
	refused "more than 100" --random_distribution=zoned:50/60:50/60
	refused "past the end" --random_distribution=zoned_abs:50/1m:50/1m
'

test_done
