# lib-iolog.sh - helpers for the iolog tests (t1020-t1039): what an
# iolog says, and what a tool really did, as comparable sequences.
# Source it after lib.sh.
#
# A sequence is one line per I/O: "PATH read OFFSET LENGTH",
# "PATH write OFFSET LENGTH", or "PATH sync" (fsync and fdatasync alike),
# syncs before the first and after the last read or write left out (a
# tool's own syncs at set-up and tear-down are not the workload's).

IOLOG_PY='
import re, sys

def trim(seq):
    data = [i for i, s in enumerate(seq) if not s.endswith(" sync")]
    return seq[data[0]:data[-1] + 1] if data else []

def from_log(path):
    seq, v = [], 2
    for line in open(path):
        t = line.split()
        if line.startswith("fio version "):
            v = int(t[2]); continue
        if v == 3:
            t = t[1:]
        if len(t) != 4 or t[1] == "wait":
            continue
        if t[1] in ("sync", "datasync"):
            seq.append(t[0] + " sync")
        else:
            seq.append(" ".join(t))
    return trim(seq)

IO = re.compile(r"(pread64|pwrite64)\(\d+<([^>]*)>, .*, (\d+), (\d+)\) = -?\d+")
SYNC = re.compile(r"(fsync|fdatasync)\(\d+<([^>]*)>\)")

def from_strace(path, only):
    seq = []
    for line in open(path):
        m = IO.search(line)
        if m and m.group(2) in only:
            seq.append("%s %s %s %s" % (m.group(2), "read" if m.group(1) == "pread64"
                                        else "write", m.group(4), m.group(3)))
            continue
        m = SYNC.search(line)
        if m and m.group(2) in only:
            seq.append(m.group(2) + " sync")
    return trim(seq)

kind, src = sys.argv[1], sys.argv[2]
seq = from_log(src) if kind == "log" else from_strace(src, set(sys.argv[3:]))
print("\n".join(seq))
'

# iolog_seq LOG: the I/O sequence a fio iolog (v2 or v3) asks for.
iolog_seq() {
	python3 -c "$IOLOG_PY" log "$1"
}

# traced_ios OUT PATH... -- CMD...: run CMD under strace; the sequence of
# its I/O on the files PATH (absolute) goes to OUT; CMD's status is ours.
traced_ios() {
	local out=$1 paths=() rc=0
	shift
	while [ "$1" != "--" ]; do
		paths+=("$1")
		shift
	done
	shift
	traced -f -qq -y -s 0 -e trace=pread64,pwrite64,fsync,fdatasync \
		-o strace.out "$@" >/dev/null 2>traced.err || rc=$?
	python3 -c "$IOLOG_PY" strace strace.out "${paths[@]}" >"$out"
	return $rc
}

# iolog_lines LOG ACTION: how many lines of LOG have that action.
iolog_lines() {
	awk -v a="$2" '$0 !~ /^fio version/ && ($(NF - 2) == a || $NF == a) { n++ } END { print n + 0 }' "$1"
}
