#!/usr/bin/env bash
# t0710: verify=pattern in mixed workloads (fio's t/verify.py case): rw=readwrite
# with '"abcd"-120xdeadface' wrote back what its reads had left in the
# buffers and 504 units were called zeroed. Now only written units are
# judged, a verify_only run (no state: replay) checks exactly the units
# written, and a corrupted written unit is still found; randrw and %o too.
# shellcheck disable=SC2016,SC2086  # eval'd bodies; $J splits
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-replay.sh"
test_require_cmd python3

# pattern_case NAME OPTION...: the write run passes; verify_only checks the
# units written (not zeros in the file) and no other; 4 bytes changed in
# the first written unit: exit 1 there; a hole scribbled: exit 0.
pattern_case() {
	name=$1
	shift
	opts="$*"
	test_expect_success "$name" '
		rm -f f
		J="--name=p --filename=f --filesize=2m --bs=4k --verify=pattern $opts"
		"$VERIO" $J --output-format=json >w.json 2>err
		set -- $(units f 2097152 any)
		w=$1 h=$2 fw=$3 fh=$4
		test $w -gt 100
		"$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
		test "$(vsum v.json)" = "0 $w $h 0 -"
		cp f clean
		poke f $((fw + 300))
		test_expect_code 1 "$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
		test "$(vsum v.json)" = "84 $w $h 1 $fw"
		cp clean f
		if [ $fh -ge 0 ]; then
			scribble f $fh
			"$VERIO" $J --verify_only=1 --output-format=json >v.json 2>err
			test "$(vsum v.json)" = "0 $w $h 0 -"
		fi
		grep -q "\"failures\" : 0" w.json
		rm -f f clean
	'
}

pattern_case 'rw=readwrite, verify_pattern="abcd"-120xdeadface' \
	--rw=readwrite --verify_pattern='"abcd"-120xdeadface'
pattern_case 'rw=randrw, a hex pattern' --rw=randrw --verify_pattern=0xdeadface
pattern_case 'rw=readwrite, %o in the pattern' --rw=readwrite --verify_pattern=0xaa%o0xbb

test_done
