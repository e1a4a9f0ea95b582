#!/usr/bin/env bash
# t0100: verio reads fio's own example job files. Each one either parses
# (--parse-only exits 0), or is refused with exit 2 only for options (and
# engines) that docs/unsupported-fio-options.md lists as not supported yet.
. "$SRCDIR/tests/e2e/lib.sh"

doc=$SRCDIR/docs/unsupported-fio-options.md
[ -f "$doc" ] || test_skip "no $doc"
set -- "$SHARED"/fio-examples/*.fio
[ -f "$1" ] || test_skip "no job files in $SHARED/fio-examples"

# The first column of the doc's tables: `verify`, `ioengine=libaio`, ...
sed -n 's/^| `\([^`]*\)` |.*/\1/p' "$doc" >listed

# check_refusals ERRFILE: every line names a listed option or engine.
check_refusals() {
	local line what
	test -s "$1"
	while IFS= read -r line; do
		case $line in
		"verio: job file '"*"' line "*": option '"*"' is a fio option verio does not support yet")
			what=${line%\' is a fio option*}
			what=${what##*option \'} ;;
		"verio: job file '"*"' line "*": option 'ioengine': engine '"*"' is not available in this build"*)
			what=${line#*engine \'}
			what=ioengine=${what%%\'*} ;;
		*)
			echo "unexpected: $line" >&2
			return 1 ;;
		esac
		grep -qxF -- "$what" listed || {
			echo "'$what' is refused but not in docs/unsupported-fio-options.md" >&2
			return 1
		}
	done <"$1"
}

for f in "$@"; do
	test_expect_success "$(basename "$f") parses or is refused only for listed options" '
		rc=0
		"$VERIO" --parse-only "$f" >out 2>err || rc=$?
		cat err
		test ! -s out
		if [ $rc -ne 0 ]; then
			test $rc -eq 2
			check_refusals err
		fi
	'
done

test_expect_success 'the doc lists something' '
	grep -qx verifysort listed &&
	grep -qx ioengine=io_uring_cmd listed
'

test_done
