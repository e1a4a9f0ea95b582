# lib-interrupt.sh - helpers for the interruption tests (t055x-t056x):
# start a long verio job in the background, wait until it has done some
# I/O, and stop it. Never timing assertions: the jobs are time_based and
# far longer than any wait here, and every wait polls for a fact.

# bg_verio OUT ERR ARGS...: run "$VERIO" ARGS in the background with stdout
# in OUT and stderr in ERR; its pid goes to $bg_pid. The caller sets
# `trap bg_kill EXIT` in its body so a failing body never leaves it behind.
bg_verio() {
	local out=$1 err=$2
	shift 2
	# Emptied here, not by the background redirection: that one runs
	# later, and a wait_for could meet the last test's lines first.
	: >"$out"
	: >"$err"
	"$VERIO" "$@" >"$out" 2>"$err" &
	bg_pid=$!
}

# bg_kill: kill the background verio if it still runs (SIGKILL: a clean-up).
bg_kill() {
	[ -n "${bg_pid:-}" ] && kill -KILL "$bg_pid" 2>/dev/null
	return 0
}

# wait_for CMD...: poll CMD every 0.1 s until it succeeds (at most 30 s).
wait_for() {
	local i
	for i in $(seq 300); do
		"$@" && return 0
		kill -0 "$bg_pid" 2>/dev/null || { "$@"; return; }
		sleep 0.1
	done
	echo "wait_for: gave up on: $*" >&2
	return 1
}

# file_has_data FILE: FILE exists and is not empty.
file_has_data() {
	[ -s "$1" ]
}

# bg_wait: wait for the background verio; its exit status goes to $bg_rc
# (not a command substitution: a subshell cannot wait for it).
bg_wait() {
	bg_rc=0
	wait "$bg_pid" || bg_rc=$?
	bg_pid=
}

# flip_byte FILE OFFSET: invert the lowest bit of one byte.
flip_byte() {
	python3 - "$1" "$2" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(int(sys.argv[2]))
    b = f.read(1)
    f.seek(int(sys.argv[2]))
    f.write(bytes([b[0] ^ 1]))
PY
}
