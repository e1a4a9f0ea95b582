# lib-engines.sh - which I/O engines and I/O modes work here, for the
# tests that need one. Source it after lib.sh:
#
#	. "$SRCDIR/tests/e2e/lib-engines.sh"
#	engines=$(async_engines)
#	[ -n "$engines" ] || test_skip "no asynchronous engine is built"

# engine_built NAME: verio was built with the engine NAME (--enghelp).
engine_built() {
	"$VERIO" --enghelp | grep -q "^  $1 "
}

# async_engines: print the asynchronous engines verio was built with, on
# one line (empty if none), saying in the log which ones are missing.
async_engines() {
	local e list=
	for e in libaio io_uring posixaio; do
		if engine_built "$e"; then
			list="${list:+$list }$e"
		else
			echo "# $e is not built: its cases are skipped" >&2
		fi
	done
	echo "$list"
}

# odirect_ok [DIR]: the filesystem of DIR (default .) takes O_DIRECT
# (tmpfs does not).
odirect_ok() {
	local probe=${1:-.}/odirect.probe rc=0
	dd if=/dev/zero of="$probe" bs=4096 count=1 oflag=direct 2>/dev/null || rc=$?
	rm -f "$probe"
	return $rc
}
