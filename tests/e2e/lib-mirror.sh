# lib-mirror.sh - helpers of the mirror= tests (t098x). Source it after
# lib.sh and lib-engines.sh.

# mirror_engines: psync and every asynchronous engine built here.
mirror_engines() {
	echo "psync $(async_engines 2>/dev/null)"
}

# mirror_opts ENGINE: the options a mirror job runs ENGINE with (direct
# I/O for the asynchronous ones where the scratch directory takes it).
mirror_opts() {
	case $1 in
	psync) echo "--ioengine=psync" ;;
	*) if odirect_ok; then
		   echo "--ioengine=$1 --iodepth=8 --direct=1"
	   else
		   echo "--ioengine=$1 --iodepth=8"
	   fi ;;
	esac
}

# mirror_write ENGINE [OPTION...]: 1 MiB written in 4 KiB blocks, stamped,
# to t.img and its reference r.img (verify state in the scratch directory).
mirror_write() {
	local e=$1
	shift
	# shellcheck disable=SC2046
	"$VERIO" --name=m --filename=t.img --mirror=r.img --rw=write --bs=4k --size=1m \
		--verify=crc32c $(mirror_opts "$e") "$@" >/dev/null
}

# mirror_read ENGINE [OPTION...]: read t.img back, compared with r.img and
# verified, JSON report in out.json, stderr in err.
mirror_read() {
	local e=$1
	shift
	# shellcheck disable=SC2046
	"$VERIO" --name=m --filename=t.img --mirror=r.img --rw=read --bs=4k --size=1m \
		--verify=crc32c $(mirror_opts "$e") --output-format=json "$@" >out.json 2>err
}

# $CORRUPT flip|zero|random|cmp ...: corrupt.py, to change an image behind
# a job's back (as lib-fioformat.sh names it).
# shellcheck disable=SC2034
CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"

# mirror_fresh: no images, verify state or mismatch dumps left from a
# test before.
mirror_fresh() {
	rm -f t.img r.img m.0.verio-state t.img.mirror.*
}

# mirror_first_byte: the offset of the first byte where t.img differs from
# r.img.  A zeroed range of random data may begin with bytes that were
# already zero (one time in 256 per byte), so tests that zero data ask.
mirror_first_byte() {
	cmp -l r.img t.img 2>/dev/null | awk 'NR == 1 { print $1 - 1 }'
}

# mirror_json PATH: the value at PATH (a Python subscript, such as
# '["ranges"][0]["class"]') in the mirror object of out.json's first job.
mirror_json() {
	json_get out.json "j['jobs'][0]['mirror']$1"
}
