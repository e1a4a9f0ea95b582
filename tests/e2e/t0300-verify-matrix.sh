#!/usr/bin/env bash
# t0300: every verify method, on both synchronous engines, with fixed,
# ranged and split block sizes and three unit layouts, writes 1 MiB at
# random and reads all of it back clean; then the options that change how
# or when a write job verifies (compare mode, 4k stamps, loops, randrw,
# backlog, numjobs, time_based).
# shellcheck disable=SC2016,SC2034  # variables are used in eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

ALGOS="md5 crc64 crc32c crc32c-intel crc32 crc16 crc7 sha1 sha256 sha512
sha3-224 sha3-256 sha3-384 sha3-512 xxhash xxh64 xxh3 meta pattern
pattern_hdr null"
SIZE=1048576

# matrix_jobfile ENGINE TAG: one section per method, each on its own file
# (m-TAG-METHOD.dat), all running at once.
matrix_jobfile() {
	local a
	printf '[global]\nrw=randwrite\nsize=1m\nioengine=%s\n' "$1"
	for a in $ALGOS; do
		printf '\n[%s]\nfilename=m-%s-%s.dat\nverify=%s\n' "$a" "$2" "$a" "$a"
		if [ "$a" = pattern ]; then
			printf 'verify_pattern=0xdeadbeef\n'
		fi
	done
}

# check_matrix JSON UNIT HOFF: one job per method, none failed; each read
# back exactly what it wrote, unit by unit; verify=null checks nothing.
# On disk: every unit of a header method starts with the magic at HOFF,
# and verify=pattern leaves nothing but the pattern.
check_matrix() {
	python3 - "$1" "$2" "$3" "$SIZE" "$ALGOS" <<-'EOF'
	import json, sys
	path, unit, hoff, size, algos = sys.argv[1:]
	unit, hoff, size, algos = int(unit), int(hoff), int(size), algos.split()
	j = json.load(open(path))
	jobs = {jb["jobname"]: jb for jb in j["jobs"]}
	assert sorted(jobs) == sorted(algos), sorted(jobs)
	bad = []
	for a, jb in jobs.items():
	    v = jb["verify"]
	    r, w = jb["read"]["io_bytes"], jb["write"]["io_bytes"]
	    fname = jb["job options"]["filename"]
	    why = []
	    if jb["error"] != 0: why.append("error %d" % jb["error"])
	    if v["method"] != a: why.append("method %s" % v["method"])
	    if w != size: why.append("wrote %d" % w)
	    if v["failures"] or v["incidents"] or any(v["classes"].values()):
	        why.append("failures %r" % v)
	    if a != "null":
	        if r != w: why.append("read %d != written %d" % (r, w))
	        if v["units"] != size // unit: why.append("units %d" % v["units"])
	        if v["bytes"] != size: why.append("verified bytes %d" % v["bytes"])
	    else:
	        if v["units"] != 0: why.append("null checked %d units" % v["units"])
	    data = open(fname, "rb").read()
	    if a == "pattern":
	        if data != bytes.fromhex("deadbeef") * (size // 4):
	            why.append("pattern file holds more than the pattern")
	    elif a != "null":
	        if any(data[o + hoff:o + hoff + 4] != b"VRIO" for o in range(0, size, unit)):
	            why.append("a unit without its header at %d" % hoff)
	    if why:
	        bad.append("%s: %s" % (a, "; ".join(why)))
	assert not bad, "\n".join(bad)
	EOF
}

# Every block size a job can issue is a whole number of units: 2k units
# split 4k and 16k blocks alike, and a 64-byte verify_offset leaves room
# for the largest header (64 + 64 bytes of sha512) before the stamp. So no
# combination here is invalid by design; verify=pattern has no header and
# simply ignores verify_offset.
for engine in sync psync; do
	for bsname in fixed range split; do
		case $bsname in
		fixed) bsopt=--bs=4k ;;
		range) bsopt=--bsrange=4k-16k ;;
		split) bsopt=--bssplit=4k/50:16k/50 ;;
		esac
		for unitname in block interval offset; do
			case $unitname in
			block)    unitopt='' unit=4096 hoff=0 ;;
			interval) unitopt=--verify_interval=2k unit=2048 hoff=0 ;;
			offset)   unitopt=--verify_offset=64 unit=4096 hoff=64 ;;
			esac
			tag=$engine-$bsname-$unitname
			test_expect_success "every method verifies clean: $engine, bs $bsname, unit $unitname" '
				matrix_jobfile $engine $tag >$tag.fio
				"$VERIO" --output-format=json $bsopt $unitopt $tag.fio >$tag.json
				check_matrix $tag.json $unit $hoff
			'
		done
	done
done

test_expect_success 'a header that does not fit before the stamp is refused (exit 2)' '
	# sha512: 64 + 64 bytes; at 400 it would end at 528 > 512 - 16.
	test_expect_code 2 "$VERIO" --name=h --filename=h.dat --size=64k --bs=4k \
		--rw=write --verify=sha512 --verify_offset=400 2>err &&
	grep -q verify_offset err &&
	test ! -s h.dat
'

# job_ok JSON: the single job of a write+verify run has no error and no
# failure; prints "read write units verified-bytes unwritten".
job_ok() {
	python3 - "$1" <<-'EOF'
	import json, sys
	j = json.load(open(sys.argv[1]))
	for jb in j["jobs"]:
	    v = jb["verify"]
	    assert jb["error"] == 0, jb["error"]
	    assert v["failures"] == 0 and not v["incidents"], v
	    assert not any(v["classes"].values()), v["classes"]
	jb = j["jobs"][0]
	v = jb["verify"]
	print(jb["read"]["io_bytes"], jb["write"]["io_bytes"], v["units"], v["bytes"],
	      v["unwritten"])
	EOF
}

test_expect_success 'verify_mode=compare checks every byte and passes' '
	"$VERIO" --name=c --filename=cmp.dat --size=1m --rw=randwrite --bs=4k \
		--verify=crc32c --verify_mode=compare --output-format=json >out.json
	test "$(job_ok out.json)" = "1048576 1048576 256 1048576 0"
	test "$(json_get out.json "j[\"jobs\"][0][\"job options\"][\"verify_mode\"]")" = compare
'

test_expect_success 'verify_sector_size=4k stamps 4k sectors and passes' '
	"$VERIO" --name=s --filename=sec.dat --size=1m --rw=randwrite --bs=8k \
		--verify=sha512 --verify_sector_size=4k --output-format=json >out.json
	test "$(job_ok out.json)" = "1048576 1048576 128 1048576 0"
	# the header says sector shift 12, and a 4k sector ends in its stamp:
	# the offset of the sector, generation 1
	python3 - sec.dat <<-PY
	import struct, sys
	d = open(sys.argv[1], "rb").read()
	assert d[0:4] == b"VRIO" and d[12] == 12, d[:16].hex()
	for sec in (0, 1, 77, 255):
	    off, gen = struct.unpack_from("<QI", d, sec * 4096 + 4096 - 16)
	    assert (off, gen) == (sec * 4096, 1), (sec, off, gen)
	PY
'

test_expect_success 'loops=3 verifies after each pass' '
	"$VERIO" --name=l --filename=loop.dat --size=1m --rw=randwrite --bs=4k \
		--verify=md5 --loops=3 --output-format=json >out.json
	test "$(job_ok out.json)" = "3145728 3145728 768 3145728 0"
	# the last pass wrote generation 3 everywhere
	python3 - loop.dat <<-PY
	import struct, sys
	d = open(sys.argv[1], "rb").read()
	gens = {struct.unpack_from("<Q", d, o + 24)[0] for o in range(0, len(d), 4096)}
	assert gens == {3}, gens
	PY
'

test_expect_success 'randrw with verify: no failure, reads of unwritten units are not failures' '
	rm -f rw.dat
	"$VERIO" --name=m --filename=rw.dat --size=1m --rw=randrw --bs=4k \
		--verify=md5 --output-format=json >out.json
	set -- $(job_ok out.json)
	# the verify phase reads back every written unit
	test "$3" = $(($2 / 4096))
	test "$4" = "$2"
	test "$2" -gt 0
	test "$5" -gt 0
	# the mix read the rest of the region, unwritten
	test $(($1 - $2)) = $((1048576 - $2))
'

test_expect_success 'verify_backlog=16 on a write job reads back every write' '
	"$VERIO" --name=b --filename=bl.dat --size=1m --rw=randwrite --bs=4k \
		--verify=crc32c --verify_backlog=16 --output-format=json >out.json
	test "$(job_ok out.json)" = "1048576 1048576 256 1048576 0"
'

test_expect_success 'numjobs=2 with offset_increment on one file verify clean' '
	rm -f nj.dat
	"$VERIO" --name=n --filename=nj.dat --size=512k --numjobs=2 \
		--offset_increment=512k --rw=randwrite --bs=4k --verify=md5 \
		--output-format=json >out.json
	job_ok out.json >/dev/null
	test "$(json_get out.json "len(j[\"jobs\"])")" = 2
	test "$(json_get out.json "[(x[\"read\"][\"io_bytes\"], x[\"write\"][\"io_bytes\"], x[\"verify\"][\"units\"]) for x in j[\"jobs\"]]")" = \
		"[[524288, 524288, 128], [524288, 524288, 128]]"
	test "$(stat -c %s nj.dat)" = 1048576
	test -f n.0.verio-state
	test -f n.1.verio-state
	# and each clone can verify its half again from its own state
	"$VERIO" --name=n --filename=nj.dat --size=512k --numjobs=2 \
		--offset_increment=512k --rw=randwrite --bs=4k --verify=md5 \
		--verify_only=1 --output-format=json >out2.json
	test "$(json_get out2.json "[x[\"verify\"][\"units\"] for x in j[\"jobs\"]]")" = "[128, 128]"
	# the writes of the dry run are counted, as fio does
	test "$(json_get out2.json "[x[\"write\"][\"io_bytes\"] for x in j[\"jobs\"]]")" = "[524288, 524288]"
'

test_expect_success 'time_based runtime=2 verifies more than size, over several passes' '
	"$VERIO" --name=t --filename=tb.dat --size=1m --rw=randwrite --bs=4k \
		--verify=xxh3 --time_based --runtime=2 --output-format=json >out.json
	set -- $(job_ok out.json)
	test "$1" -gt 1048576
	test "$2" -gt 1048576
	test "$4" = "$1"
	# a pass is verified whole; only the last one may be cut by the runtime
	# (up to its whole verify phase, when the deadline falls just before it)
	test $(($2 - $1)) -le 1048576
'

test_done
