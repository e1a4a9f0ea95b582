# lib-inspect.sh - helpers for the `verio inspect` tests (t1040-t1069).
# Source it after lib.sh.

CORRUPT="python3 $SRCDIR/tests/e2e/corrupt.py"

# inspect_unit EXIT FIELDS ARGS...: run `verio inspect --json ARGS`, which
# must exit EXIT, and print the FIELDS (space-separated keys; a.b for
# nested ones, absent keys as None) of its first unit on one line.
inspect_unit() {
	local want=$1 fields=$2
	shift 2
	test_expect_code "$want" "$VERIO" inspect --json "$@" >insp.json
	python3 - insp.json "$fields" <<-'EOF'
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["exit_status"] == (1 if d["units_inconsistent"] else 0), d
	u = d["units"][0]
	out = []
	for f in sys.argv[2].split():
	    v = u
	    for k in f.split("."):
	        v = v.get(k) if isinstance(v, dict) else None
	    out.append(str(v))
	print(" ".join(out))
	EOF
}

# inspect_mask: stdin with what changes from run to run masked: write
# times (ISO and ns), run ids and data seeds.
inspect_mask() {
	sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}Z/TIME/g' \
		-e 's/\([0-9]+ ns\)/(NS)/g' \
		-e 's/0x[0-9a-f]{16}/0xHEX/g'
}
