#!/usr/bin/env bash
# t0945: verio io at a terminal (tmux gives it one): the prompt appears, a
# command runs, Up recalls the last command, Tab completes a command name,
# a bad command prints its error and the shell carries on, quit ends it
# (exit 1 after a failed command, as qemu-io; 0 otherwise) as Ctrl-D
# does, and the history is kept in $HOME/.verio_history (mode 0600) for
# the next session.
# Every wait polls the screen; none is an assertion on time.
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd tmux
grep -q '^#define CONFIG_LIBEDIT 1' "$SRCDIR/config-host.h" ||
	test_skip "verio built without libedit"

sock=$PWD/tmux.sock
T() {
	tmux -S "$sock" "$@"
}
trap 'T kill-server 2>/dev/null; rm -f "$sock"' EXIT

# screen: the pane's text.
screen() {
	T capture-pane -p -t io 2>/dev/null
}

# wait_screen REGEX [N]: until at least N (default 1) lines of the pane
# match REGEX (30 s at most, polled); the screen on failure.
wait_screen() {
	local i
	for i in $(seq 300); do
		[ "$(screen | grep -cE -- "$1")" -ge "${2:-1}" ] && return 0
		sleep 0.1
	done
	echo "screen never showed '$1' (${2:-1} times):" >&2
	screen >&2
	return 1
}

# type_line TEXT: type TEXT literally, then Enter.
type_line() {
	T send-keys -t io -l "$1" && T send-keys -t io Enter
}

# session: start verio io on f in a 160x50 terminal, HOME in ./home; its
# exit status goes to ./rc.
session() {
	rm -f rc
	T -f /dev/null new-session -d -s io -x 160 -y 50 -c "$PWD" \
		"env HOME='$PWD/home' TERM=xterm '$VERIO' io f; echo \$? >rc"
}

wait_rc() {
	local i
	for i in $(seq 300); do
		[ -s rc ] && return 0
		sleep 0.1
	done
	echo "verio io did not end" >&2
	return 1
}

# The prompt the shell passes to io_lines_open().
P="verio io> "

truncate -s 64k f
mkdir -p home

test_expect_success 'prompt, a command, Up recalls it' '
	session
	wait_screen "^${P% }\$"
	type_line "write 0 4k"
	wait_screen "^wrote 4096/4096 bytes at offset 0"
	T send-keys -t io Up
	wait_screen "^${P}write 0 4k\$" 2
	T send-keys -t io Enter
	wait_screen "^wrote 4096/4096 bytes at offset 0" 2
'

test_expect_success 'Tab completes a command name' '
	T send-keys -t io -l "sta"
	T send-keys -t io Tab
	wait_screen "^${P}stamp *\$"
	type_line "0 4k"
	wait_screen "^stamped 4096/4096 bytes at offset 0 "
'

test_expect_success 'a bad command: its error, then the shell carries on' '
	type_line "frobnicate 1"
	wait_screen "^command \"frobnicate\" not found"
	type_line "verify 0 4k"
	wait_screen "^verified 4096/4096 bytes at offset 0: 1 units, 0 failed"
'

test_expect_success 'Tab on a prefix of several names lists them' '
	T send-keys -t io -l "aio_"
	T send-keys -t io Tab
	wait_screen "^aio_flush +aio_read +aio_write"
	T send-keys -t io C-u
'

test_expect_success 'quit ends the session (exit 1: a command failed); history kept' '
	type_line quit
	wait_rc
	test "$(cat rc)" = 1
	test "$(stat -c %a home/.verio_history)" = 600
	grep -qx "quit" home/.verio_history
	grep -q "^stamp" home/.verio_history
'

test_expect_success 'a new session: Up finds the last session'"'"'s quit; it exits 0' '
	session
	wait_screen "^${P% }\$"
	T send-keys -t io Up
	wait_screen "^${P}quit\$"
	T send-keys -t io Enter
	wait_rc
	test "$(cat rc)" = 0
'

test_expect_success 'Ctrl-D at the prompt ends the session, exit 0' '
	session
	wait_screen "^${P% }\$"
	T send-keys -t io C-d
	wait_rc
	test "$(cat rc)" = 0
'

rm -f f rc
rm -rf home
test_done
