# lib-journal.sh - kill -9 trials of verify_journal=1 (t065x). Source it
# after lib.sh. A trial starts a time_based random write job with the
# journal, waits until the journal has grown (by a random number of
# records, then a random few milliseconds), kills it with SIGKILL, and
# runs verify_only=1 verify_state_load=1 on what it left: that must exit 0
# with the journal replayed. Totals of in-flight units accepted as old,
# new and torn are kept in kill_old, kill_new, kill_torn, kill_inflight.

kill_old=0 kill_new=0 kill_torn=0 kill_inflight=0 kill_records=0

# State and journal go to JAUX (--aux-path; default .). A kill -9 loses
# nothing the page cache holds, so a tmpfs there tests the same thing, and
# faster than a disk's fdatasync on a loaded machine.
JAUX=${JAUX:-.}

# journal_tmpfs: make JAUX a fresh directory in /dev/shm when there is one
# (removed by journal_cleanup).
journal_tmpfs() {
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then
		JAUX=$(mktemp -d /dev/shm/verio-jt.XXXXXX)
	fi
}

journal_cleanup() {
	case $JAUX in /dev/shm/verio-jt.*) rm -rf "$JAUX" ;; esac
}

# kill_soon PID: sleep a random 0-39 ms, SIGKILL PID and reap it.
kill_soon() {
	sleep "0.0$((RANDOM % 4))$((RANDOM % 10))"
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null || :
}

# kill_when_grown JOURNAL MARK PID: wait (10 s at most) until the job
# has written to its journal (JOURNAL newer than the file MARK, made just
# before the job started), sleep a random 0-39 ms more, SIGKILL PID.
# Builtins only in the loop: a fork costs ~50 ms on a loaded machine.
kill_when_grown() {
	local j=$1 mark=$2 pid=$3 i=0
	until [ "$j" -nt "$mark" ] || [ $i -ge 1000 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	kill_soon "$pid"
	[ $i -lt 1000 ]
}

# kill_when_records JOURNAL N PID: wait (10 s at most) until JOURNAL holds
# at least N records (its header may be all there is for a while on a
# loaded machine), sleep a random 0-39 ms more, SIGKILL PID.
kill_when_records() {
	local j=$1 want=$(( 64 + $2 * 32 )) pid=$3 i=0 size
	while [ $i -lt 1000 ]; do
		size=$(stat -c %s "$j" 2>/dev/null) || size=0
		[ "$size" -ge $want ] && break
		sleep 0.01
		i=$((i + 1))
	done
	kill_soon "$pid"
	[ $i -lt 1000 ]
}

# kill_trial NAME TARGET ARGS...: one trial of job NAME on TARGET (the
# job's other options in ARGS); verify_only afterwards must be clean.
kill_trial() {
	local name=$1 target=$2 pid rc=0
	shift 2
	: >"$JAUX/mark"
	sleep 0.01	# mtimes are in ticks: the journal must come after the mark
	"$VERIO" --name="$name" --filename="$target" --rw=randwrite --verify=crc32c \
		--aux-path="$JAUX" --verify_journal=1 --time_based --runtime=60 "$@" >/dev/null 2>&1 &
	pid=$!
	kill_when_grown "$JAUX/$name.0.verio-state.journal" "$JAUX/mark" $pid || {
		echo "kill_trial: the journal of '$name' did not grow" >&2
		return 1
	}
	"$VERIO" --name="$name" --filename="$target" --rw=randwrite --verify=crc32c \
		--aux-path="$JAUX" --verify_only=1 --verify_state_load=1 "$@" \
		>vo.out 2>vo.err || rc=$?
	if [ $rc -ne 0 ]; then
		echo "kill_trial: verify_only exit $rc" >&2
		head -5 vo.err >&2
		return 1
	fi
	# No python here: its start-up takes seconds on a loaded machine.
	grep -q "failures=0$" vo.out || { echo "kill_trial: failures" >&2; return 1; }
	set -- $(sed -n 's/^  journal *: replayed \([0-9]*\) records, \([0-9]*\) units in flight at the crash; accepted as old=\([0-9]*\), as new=\([0-9]*\), torn=\([0-9]*\)$/\3 \4 \5 \2 \1/p' vo.out)
	[ $# -eq 5 ] || { echo "kill_trial: no journal replayed" >&2; cat vo.out >&2; return 1; }
	kill_old=$((kill_old + $1)) kill_new=$((kill_new + $2))
	kill_torn=$((kill_torn + $3)) kill_inflight=$((kill_inflight + $4))
	kill_records=$((kill_records + $5))
}

# kill_trials N NAME TARGET FIRST ARGS...: N trials; FIRST=1 removes the
# state before each (a first run), FIRST=0 keeps it (each run rewrites on
# top of the last one's state, with verify_state_load=1).
kill_trials() {
	local n=$1 name=$2 target=$3 first=$4 t
	shift 4
	kill_old=0 kill_new=0 kill_torn=0 kill_inflight=0 kill_records=0
	for t in $(seq "$n"); do
		if [ "$first" = 1 ]; then
			rm -f "$JAUX/$name".0.verio-state*
			kill_trial "$name" "$target" "$@" || return 1
		else
			kill_trial "$name" "$target" --verify_state_load=1 "$@" || return 1
		fi
	done
	echo "# $name: $n trials, $kill_records records replayed, $kill_inflight units in flight: accepted old=$kill_old new=$kill_new torn=$kill_torn"
}
