# lib-replay.sh - helpers of the replay and run-identity tests (t07NN),
# kept to one python start per check: the machine running make test may be
# loaded. Source it after lib.sh.

# units FILE END [any]: "W H FW FH" for the 4k units of [0, END) of FILE:
# how many hold a verio header (with "any": are not all zeros: written)
# and how many do not (holes, or past the end of the file), and the
# offsets of the first of each (-1: none).
units() {
	python3 - "$@" <<-'EOF'
	import sys
	d = open(sys.argv[1], "rb").read()
	w = h = 0
	fw = fh = -1
	for o in range(0, int(sys.argv[2]), 4096):
	    u = d[o:o + 4096]
	    if (u.count(0) < len(u)) if sys.argv[3:] == ["any"] else u[:4] == b"VRIO":
	        w += 1
	        fw = o if fw < 0 else fw
	    else:
	        h += 1
	        fh = o if fh < 0 else fh
	print(w, h, fw, fh)
	EOF
}

# vsum FILE: "ERROR UNITS UNWRITTEN FAILURES FIRST" of each job of the JSON
# report FILE, jobs separated by " / "; FIRST is the offset of the first
# incident, or - without one.
vsum() {
	python3 - "$1" <<-'EOF'
	import json, sys
	out = []
	for jb in json.load(open(sys.argv[1]))["jobs"]:
	    v = jb["verify"]
	    inc = v["incidents"]
	    out.append("%d %d %d %d %s" % (jb["error"], v["units"], v["unwritten"],
	               v["failures"], inc[0]["offset"] if inc else "-"))
	print(" / ".join(out))
	EOF
}

# poke FILE OFFSET: change 4 bytes at OFFSET (no python).
poke() {
	printf '\x5a\xa5\x5a\xa5' | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# scribble FILE OFFSET: 4 KiB of random bytes at OFFSET (4k aligned).
scribble() {
	head -c 4096 /dev/urandom | dd of="$1" bs=4096 seek=$(($2 / 4096)) conv=notrunc status=none
}
