# lib-io.sh - helpers for the `verio io` tests (t09NN-io-*): the same -c
# script through qemu-io (the oracle) and verio io, compared line by line
# with the timing numbers masked.

# io_mask FILE: the lines with what differs from run to run (times,
# rates) masked, and qemu-io's "qemu-io: " message prefix made verio's.
io_mask() {
	sed -E -e 's/; [0-9:.]+( sec)? \(.*\)$/; TIME/' \
		-e 's/^([0-9]+,[0-9]+),[0-9:.]+,[0-9.]+,[0-9.]+$/\1,TIME/' \
		-e 's/^qemu-io: /verio: /' "$1"
}

# io_golden NAME SIZE CMD...: run the commands (one -c each) through
# `qemu-io -f raw` on NAME.q and `verio io` on NAME.v, two images of SIZE
# made alike; their stdout, stderr and exit status must match once masked.
# Set IO_GOLDEN_NORC=1 to leave the exit status out (see t0900's aio case),
# IO_GOLDEN_FLAGS to give both programs flags (-r).
io_golden() {
	local name=$1 size=$2 c rq=0 rv=0
	shift 2
	local args=()
	for c in "$@"; do
		args+=(-c "$c")
	done
	rm -f "$name.q" "$name.v"
	truncate -s "$size" "$name.q"
	head -c "$size" /dev/zero >"$name.q"
	cp "$name.q" "$name.v"
	# shellcheck disable=SC2086
	qemu-io -f raw ${IO_GOLDEN_FLAGS:-} "${args[@]}" "$name.q" >"$name.qout" 2>"$name.qerr" || rq=$?
	# shellcheck disable=SC2086
	"$VERIO" io ${IO_GOLDEN_FLAGS:-} "${args[@]}" "$name.v" >"$name.vout" 2>"$name.verr" || rv=$?
	io_mask "$name.qout" >"$name.qout.m"
	io_mask "$name.vout" >"$name.vout.m"
	io_mask "$name.qerr" >"$name.qerr.m"
	io_mask "$name.verr" >"$name.verr.m"
	test_cmp "$name.qout.m" "$name.vout.m" &&
	test_cmp "$name.qerr.m" "$name.verr.m" &&
	cmp "$name.q" "$name.v" &&
	if [ -z "${IO_GOLDEN_NORC:-}" ] && [ "$rq" != "$rv" ]; then
		echo "io_golden: qemu-io exited $rq, verio io $rv" >&2
		return 1
	fi
}
