#!/usr/bin/env bash
# t1112: --output-format=json+: fio's latency "bins" after each printed
# percentile map, keyed by fio's bucket values, adding up to the I/O
# count; json+ with other formats; fio's jsonplus2csv check on verio's
# output (t/jsonplus2csv_test.py runs fio_jsonplus_clat2csv, then again
# with --validate) when fio's tool is installed.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

# check_bins FILE: every "bins" object follows a "percentile" map, has
# only fio bucket values as keys (ascending), sums to N, and its lowest
# and highest keys are the min and max to within fio's bucket error;
# clat_ns has them wherever the direction did I/O.
check_bins() {
	python3 - "$1" <<-'PY'
	import json, sys
	# fio's bucket values: idx below 128, else low bound + half the width.
	def val(i):
	    if i < 128:
	        return i
	    drop = (i >> 6) - 1
	    return (1 << (drop + 6)) + ((i & 63) << drop) + (1 << (drop - 1))
	names = {str(val(i)) for i in range(1856)}
	d = json.load(open(sys.argv[1]))
	seen = 0
	for jb in d["jobs"]:
	    for dd in ("read", "write", "trim"):
	        for lat in ("slat_ns", "clat_ns", "lat_ns"):
	            o = jb[dd][lat]
	            if "bins" not in o:
	                assert lat != "clat_ns" or not o["N"], (dd, lat)
	                continue
	            keys = list(o)
	            assert keys.index("bins") == keys.index("percentile") + 1, keys
	            b = o["bins"]
	            assert set(b) <= names, set(b) - names
	            assert [int(k) for k in b] == sorted(int(k) for k in b)
	            assert all(v > 0 for v in b.values())
	            assert sum(b.values()) == o["N"] == jb[dd]["total_ios"], (dd, lat)
	            # fio's latency_percentiles.py: the extreme bins name the
	            # min and max within fio's bucket error (1/128).
	            keys = [int(k) for k in b]
	            for got, want in ((min(keys), o["min"]), (max(keys), o["max"])):
	                assert abs(got - want) <= want / 128, (dd, lat, got, want)
	            seen += 1
	assert seen, "no bins"
	print(seen)
	PY
}

job="--name=rw --filename=f.dat --size=1m --bs=4k --rw=randrw --ioengine=psync"

test_expect_success 'json+: clat bins sum to each direction'"'"'s I/O count' '
	"$VERIO" $job --output-format=json+ >p.json
	test "$(check_bins p.json)" = 2
'

test_expect_success 'json+ with lat and slat percentiles: their bins too' '
	"$VERIO" --name=a --ioengine=null --size=1m --bs=4k --rw=write --iodepth=8 \
		--slat_percentiles=1 --lat_percentiles=1 --output-format=json+ >a.json
	test "$(check_bins a.json)" = 3
'

test_expect_success 'plain json has no bins' '
	"$VERIO" $job --output-format=json >j.json
	! grep -q "\"bins\"" j.json
'

test_expect_success 'json,json+ prints one document, with the bins' '
	"$VERIO" $job --output-format=json,json+ >jj.json
	test "$(grep -c "^{" jj.json)" = 1
	check_bins jj.json
'

# As fio: the job header lines when the run starts, then the JSON, then
# the text report.
test_expect_success 'json+,normal: the JSON document, then the text report' '
	"$VERIO" $job --output-format=json+,normal >jn.out
	head -n 1 jn.out | grep -q "^rw: (g=0): rw=randrw"
	sed -n "/^{/,/^}/p" jn.out >jn.json
	check_bins jn.json
	sed -n "/^}/,\$p" jn.out | grep -q "^rw: (groupid=0, jobs=1)"
'

clat2csv=$(command -v fio_jsonplus_clat2csv || true)
if [ -n "$clat2csv" ]; then
	# The job set of fio's t/jsonplus2csv_test.py (libaio where it is built).
	test_expect_success "fio's jsonplus2csv check passes on verio's json+" '
		aio=libaio
		"$VERIO" --enghelp=libaio >/dev/null 2>&1 || aio=psync
		"$VERIO" --max-jobs=4 --output=fio-output.json --output-format=json+ \
			--filename=fio_jsonplus_clat2csv.test --ioengine=$aio --time_based \
			--runtime=1s --size=1M --slat_percentiles=1 --clat_percentiles=1 \
			--lat_percentiles=1 --thread=1 --name=test1 --rw=randrw \
			--name=test2 --rw=read --name=test3 --rw=write
		check_bins fio-output.json
		python3 "$clat2csv" fio-output.json fio-output.csv
		python3 "$clat2csv" fio-output.json fio-output.csv --validate >v.out
		test "$(grep -c "validated$" v.out)" = 3
	'
fi

test_done
